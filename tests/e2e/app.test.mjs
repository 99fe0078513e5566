// End-to-end: the built app in headless Chromium, served from a sub-path.
import { serveDist, launch, openPage, watch, newLog, assert, chartsDrawn, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';
import fs from 'node:fs';

const server = await serveDist();

const openApp = (context, hash = '#/demand') => openPage(context, server.url + hash);

/** The data of the demand chart's "Actual" series, read from ECharts itself. */
async function chartActuals(page) {
  await chartsDrawn(page);
  return page.evaluate(() => {
    const el = document.querySelector('#demand-chart');
    const chart = window.echarts.getInstanceByDom(el);
    return chart.getOption().series[0].data;
  });
}

await run([
  ['first visit shows the demo company with a chart, no console error, no foreign request', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.waitForSelector('#demand-chart canvas', { timeout: 15000 });
      const ws = await page.textContent('.topbar .workspace');
      assert(ws.includes('Northwind Cycles'), 'demo workspace name shown: ' + ws);
      const cycle = await page.textContent('.topbar .cycle');
      assert(cycle.includes('2026-11') && cycle.includes('Draft'), 'cycle shown: ' + cycle);
      const skus = await page.$$eval('.tree button.sku', (o) => o.length);
      assert(skus === 30, 'thirty SKUs to choose from, got ' + skus);
      const families = await page.$$eval('.tree .family > button', (o) => o.length);
      assert(families === 4, 'four families, got ' + families);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['an edit updates the chart at once, is saved to IndexedDB and survives a reload', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.click('.tree button[data-sku="KB-16"]');
      await page.waitForSelector('#demand-chart canvas');
      const cell = page.locator('#waterfall tr.actual input.cell').last();
      const cellId = await cell.getAttribute('id');
      const forecastBefore = await page.textContent('#waterfall tr.statistical');
      await cell.fill('777');
      await cell.press('Enter');
      await page.waitForFunction(() => {
        const c = window.echarts.getInstanceByDom(document.querySelector('#demand-chart'));
        return c.getOption().series[0].data.includes(777);
      }, null, { timeout: 5000 });
      // The forecast of the edited SKU is redone in the worker: it follows shortly.
      const followed = await page.waitForFunction((before) => document.querySelector('#waterfall tr.statistical')?.textContent !== before,
        forecastBefore, { timeout: 10000 }).then(() => true, () => false);
      assert(followed, 'the forecast row follows the edited actual');
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 5000 });
      await page.screenshot({ path: path.join(OUT, 'demand-review.png'), fullPage: true });

      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.click('.tree button[data-sku="KB-16"]');
      const kept = await page.inputValue('#' + cellId);
      assert(kept === '777', `edit kept after reload: got ${kept} for ${cellId}`);
      const data = await chartActuals(page);
      assert(data.includes(777), 'chart shows the kept value after reload');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['every cycle step has a route that survives a reload under the sub-path', async () => {
    const { context } = await launch();
    try {
      // When the statistical forecast was first in (the page's clock).
      await context.addInitScript(() => {
        new MutationObserver(() => {
          if (window.__forecastIn === undefined && document.querySelector('.forecast[data-state="ready"]')) window.__forecastIn = performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
      });
      const { page, log } = await openApp(context, '');
      // The demand review's chart and grid and the shell are the app's main WASM; every
      // other step's view is a split module of its own, fetched when the step is first
      // opened; the team panel and the restore dialog, and the demand review's panels
      // below its grid, are split modules fetched once the page has painted and its
      // forecast been drawn (issue 13).
      const splits = () => page.evaluate(() => performance.getEntriesByType('resource')
        .map((e) => e.name.split('/').pop()).filter((n) => /^split_.*\.wasm$/.test(n)));
      const loadedParts = (parts) => page.waitForFunction((parts) => parts.every((p) => performance
        .getEntriesByType('resource').some((e) => e.name.split('/').pop().startsWith(`split_${p}_`))), parts, { timeout: 10000 });
      await loadedParts(['team_panel', 'workspace_restore']);
      // The parts wait for the forecast's redraw (or 1.5 s after the first paint): they
      // never hold up the chart with the forecast (ui::lazy::provide_painted).
      const { forecastIn, partAt } = await page.evaluate(() => ({
        forecastIn: window.__forecastIn ?? null,
        partAt: Math.min(...performance.getEntriesByType('resource').filter((e) => /^split_/.test(e.name.split('/').pop())).map((e) => e.startTime)),
      }));
      assert((forecastIn !== null && partAt >= forecastIn) || partAt >= 1500,
        `first part requested at ${partAt.toFixed(0)} ms, the forecast in at ${forecastIn?.toFixed(0)} ms`);
      const first = await splits();
      assert(!first.some((n) => /^split_(\w+_view|demand_panels)_/.test(n)), 'no step\'s module before its step is opened: ' + first);
      for (const [slug, title] of [['data', 'Data'], ['supply', 'Supply review'], ['finance', 'Financial review'], ['executive', 'Executive review'], ['demand', 'Demand review']]) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug} h1:text("${title}")`);
        if (slug !== 'demand') {
          const loaded = await splits();
          assert(loaded.some((n) => n.startsWith(`split_${slug}_view_`)), `${slug}'s module loaded: ${loaded}`);
        } else {
          await loadedParts(['demand_panels', 'accuracy_panel']);
          await page.waitForSelector('form.change-demand');
        }
        await page.reload();
        await page.waitForSelector(`section.step.${slug} h1:text("${title}")`, { timeout: 30000 });
        assert(page.url().endsWith('/sop/#/' + slug), 'url kept: ' + page.url());
        const current = await page.getAttribute('nav.steps a[aria-current="page"]', 'href');
        assert(current === '#/' + slug, 'nav marks the current step: ' + current);
      }
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['two tabs: the second writer is told, offered a reload, and nothing is lost', async () => {
    const { context } = await launch();
    try {
      const a = await openApp(context);
      const b = await openApp(context);
      for (const t of [a, b]) await t.page.click('.tree button[data-sku="KB-20"]');
      const cellA = a.page.locator('#waterfall tr.actual input.cell').last();
      const cellId = await cellA.getAttribute('id');
      await cellA.fill('501');
      await cellA.press('Enter');
      await a.page.waitForSelector('.save[data-state="saved"]');
      // B is told at once (BroadcastChannel) that its copy is stale.
      await b.page.waitForSelector('.banner.stale', { timeout: 5000 });
      // B edits anyway: its save is refused, not silently written over A's.
      const cellB = b.page.locator('#' + cellId);
      await cellB.fill('502');
      await cellB.press('Enter');
      await b.page.waitForSelector('.save[data-state="conflict"]', { timeout: 5000 });
      const banner = await b.page.textContent('.banner.stale');
      assert(banner.includes('not saved') && banner.includes('Export backup'), 'B is offered a backup: ' + banner);
      await b.page.screenshot({ path: path.join(OUT, 'two-tabs-conflict.png') });
      // A's value is what is stored; B's reload shows it.
      await b.page.click('.banner.stale button.reload');
      await b.page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await b.page.click('.tree button[data-sku="KB-20"]');
      const stored = await b.page.inputValue('#' + cellId);
      assert(stored === '501', 'A\'s change kept, got ' + stored);
      assertNoErrors(a.log);
      assertNoErrors(b.log);
    } finally { await context.close(); }
  }],

  ['a JSON backup restores the workspace exactly in a browser with empty storage', async () => {
    const first = await launch();
    let backup, text1, waterfall1;
    try {
      const { page, log } = await openApp(first.context);
      await page.click('.tree button[data-sku="EB-CITY-500"]');
      const cell = page.locator('#waterfall tr.sales input.cell').first();
      await cell.fill('321');
      await cell.press('Enter');
      await page.waitForSelector('.save[data-state="saved"]');
      waterfall1 = await page.textContent('#waterfall tbody');
      await page.click('.workspace-menu .menu-button');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
      backup = path.join(OUT, 'backup.json');
      await download.saveAs(backup);
      text1 = fs.readFileSync(backup, 'utf8');
      assert(text1.includes('"Northwind Cycles (demo)"'), 'backup holds the workspace');
      assertNoErrors(log);
    } finally { await first.context.close(); }

    const second = await launch(); // a fresh profile: empty IndexedDB
    try {
      const { page, log } = await openApp(second.context);
      await page.click('.workspace-menu .menu-button');
      await page.setInputFiles('#restore-backup', backup);
      // The demo company is stored under the backup's id: the restore asks first.
      await page.waitForSelector('#restore-dialog #restore-replaces');
      await page.click('#restore-replace');
      await page.waitForFunction(() => document.querySelector('.save')?.dataset.state === 'saved');
      await page.waitForSelector('.forecast[data-state="ready"]');
      await page.click('.tree button[data-sku="EB-CITY-500"]');
      const waterfall2 = await page.textContent('#waterfall tbody');
      assert(waterfall2 === waterfall1, 'the restored plan shows the same numbers');
      await page.click('.workspace-menu .menu-button');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
      const again = path.join(OUT, 'backup-again.json');
      await download.saveAs(again);
      // Byte-identical but for the time of export each backup carries.
      const undated = (t) => t.replace(/,"exported_at":[0-9.e+]+/, '');
      assert(text1.includes('"exported_at":'), 'a backup says when it was exported');
      assert(undated(fs.readFileSync(again, 'utf8')) === undated(text1), 'export after restore is byte-identical');
      assertNoErrors(log);
    } finally { await second.context.close(); }
  }],

  ['a corrupt backup is refused with a message and nothing changes', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      const before = await page.textContent('.topbar .workspace');
      const bad = path.join(OUT, 'corrupt-backup.json');
      fs.writeFileSync(bad, '{"format": 1, "id": "x", "cycles": [ {"label": "2026-13"');
      await page.click('.workspace-menu .menu-button');
      await page.setInputFiles('#restore-backup', bad);
      await page.waitForSelector('.banner.error');
      const msg = await page.textContent('.banner.error');
      assert(msg.includes('corrupt-backup.json') && msg.includes('Nothing was changed'), 'message names the file: ' + msg);
      assert(await page.textContent('.topbar .workspace') === before, 'workspace unchanged');
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['the 1,000-SKU sample company opens, forecasts in the worker and plans', async () => {
    const { context } = await launch();
    try {
      const page = await context.newPage();
      const log = newLog();
      watch(page, log);
      await page.goto(server.url + '?sample=1000#/demand');
      await page.waitForSelector('.forecast[data-state="running"]', { timeout: 30000 });
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 120000 });
      // A large catalogue starts folded (only the selected SKU's family open) with a filter.
      const families = await page.$$eval('.tree .family > button.node', (o) => o.length);
      assert(families === 4, 'four families, got ' + families);
      const shown = await page.$$eval('.tree button.sku', (o) => o.length);
      assert(shown > 0 && shown <= 200, 'only the open family is listed, at most 200: ' + shown);
      await page.fill('.tree-filter', 'KB-16-0');
      await page.waitForFunction(() => [...document.querySelectorAll('.tree button.sku')].every((b) => b.dataset.sku.includes('KB-16-0')));
      const found = await page.$$eval('.tree button.sku', (o) => o.map((b) => b.dataset.sku));
      assert(found.length > 0 && found.length < 100, 'the filter finds the KB-16 SKUs: ' + found.length);
      await page.click(`.tree button[data-sku="${found[0]}"]`);
      await page.waitForSelector(`.sel-title:text("${found[0]}")`);
      await page.fill('.tree-filter', '');
      const twisty = page.locator('.tree .family .twisty').first();
      const before = await page.$$eval('.tree button.sku', (o) => o.length);
      await twisty.click();
      await page.waitForFunction((n) => document.querySelectorAll('.tree button.sku').length !== n, before);
      const ws = await page.textContent('.topbar .workspace');
      assert(ws.includes('1000 SKUs'), ws);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['after the first load the app works offline (service worker)', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      await page.waitForSelector('#demand-chart canvas');
      const ws = await page.textContent('.topbar .workspace');
      assert(ws.includes('Northwind'), 'offline reload shows the workspace: ' + ws);
      // The later steps, never opened online: their split WASM comes from the precache.
      for (const [slug, title] of [['data', 'Data'], ['supply', 'Supply review'], ['finance', 'Financial review'], ['executive', 'Executive review']]) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug} h1:text("${title}")`, { timeout: 10000 });
      }
      await context.setOffline(false);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a full storage quota gets a clear message, the work stays in the tab, nothing stored is lost', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.click('.tree button[data-sku="KB-12"]');
      const cell = page.locator('#waterfall tr.actual input.cell').last();
      const cellId = await cell.getAttribute('id');
      const stored = await cell.inputValue();
      // The browser's storage is full: every IndexedDB write fails as Chromium reports it.
      await page.evaluate(() => {
        window.__put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      });
      await cell.fill('4321');
      await cell.press('Enter');
      await page.waitForSelector('.save[data-state="failed"]', { timeout: 10000 });
      const banner = await page.textContent('.banner.warn');
      assert(/full/i.test(banner) && banner.includes('Export a backup'), 'quota message: ' + banner);
      assert(await page.inputValue('#' + cellId) === '4,321', 'the edit stays on screen');
      await page.screenshot({ path: path.join(OUT, 'quota-full.png') });
      // The backup can still be taken.
      await page.click('.workspace-menu .menu-button');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
      const p = path.join(OUT, 'backup-quota.json');
      await download.saveAs(p);
      assert(fs.readFileSync(p, 'utf8').includes('4321'), 'backup holds the unsaved edit');
      // Nothing stored was lost: with space again, a reload shows the last saved state.
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.click('.tree button[data-sku="KB-12"]');
      assert(await page.inputValue('#' + cellId) === stored, 'stored data intact');
      log.errors = log.errors.filter((e) => !/quota/i.test(e));
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
