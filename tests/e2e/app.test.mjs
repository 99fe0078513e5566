// End-to-end: the built app in headless Chromium, served from a sub-path.
import { serveDist, launch, watch, newLog, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();

async function openApp(context, hash = '#/demand') {
  const page = await context.newPage();
  const log = newLog();
  watch(page, log);
  await page.goto(server.url + hash);
  await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
  return { page, log };
}

/** The data of the demand chart's "Actual" series, read from ECharts itself. */
async function chartActuals(page) {
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
      const options = await page.$$eval('#sku-select option', (o) => o.length);
      assert(options === 30, 'thirty SKUs to choose from, got ' + options);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['an edit updates the chart at once, is saved to IndexedDB and survives a reload', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.selectOption('#sku-select', 'KB-16');
      await page.waitForSelector('#demand-chart canvas');
      const cell = page.locator('tr.actual input.cell').last();
      const month = await cell.getAttribute('data-month');
      const forecastBefore = await page.textContent('tr.forecast');
      await cell.fill('777');
      await cell.press('Enter');
      await page.waitForFunction(() => {
        const c = window.echarts.getInstanceByDom(document.querySelector('#demand-chart'));
        return c.getOption().series[0].data.includes(777);
      }, null, { timeout: 5000 });
      const forecastAfter = await page.textContent('tr.forecast');
      assert(forecastAfter !== forecastBefore, 'the forecast row follows the edited actual');
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 5000 });
      await page.screenshot({ path: path.join(OUT, 'demand-review.png'), fullPage: true });

      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.selectOption('#sku-select', 'KB-16');
      const kept = await page.inputValue(`tr.actual input[data-month="${month}"]`);
      assert(kept === '777', `edit kept after reload: got ${kept} for ${month}`);
      const data = await chartActuals(page);
      assert(data.includes(777), 'chart shows the kept value after reload');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['every cycle step has a route that survives a reload under the sub-path', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context, '');
      for (const [slug, title] of [['data', 'Data'], ['supply', 'Supply review'], ['finance', 'Financial review'], ['executive', 'Executive review'], ['demand', 'Demand review']]) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step h1:text-is("${title}")`);
        await page.reload();
        await page.waitForSelector(`section.step h1:text-is("${title}")`, { timeout: 30000 });
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
      for (const t of [a, b]) await t.page.selectOption('#sku-select', 'KB-20');
      const cellA = a.page.locator('tr.actual input.cell').last();
      const month = await cellA.getAttribute('data-month');
      await cellA.fill('501');
      await cellA.press('Enter');
      await a.page.waitForSelector('.save[data-state="saved"]');
      // B is told at once (BroadcastChannel) that its copy is stale.
      await b.page.waitForSelector('.banner.stale', { timeout: 5000 });
      // B edits anyway: its save is refused, not silently written over A's.
      const cellB = b.page.locator(`tr.actual input[data-month="${month}"]`);
      await cellB.fill('502');
      await cellB.press('Enter');
      await b.page.waitForSelector('.save[data-state="conflict"]', { timeout: 5000 });
      const banner = await b.page.textContent('.banner.stale');
      assert(banner.includes('not saved') && banner.includes('Export backup'), 'B is offered a backup: ' + banner);
      await b.page.screenshot({ path: path.join(OUT, 'two-tabs-conflict.png') });
      // A's value is what is stored; B's reload shows it.
      await b.page.click('.banner.stale button.reload');
      await b.page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await b.page.selectOption('#sku-select', 'KB-20');
      const stored = await b.page.inputValue(`tr.actual input[data-month="${month}"]`);
      assert(stored === '501', 'A\'s change kept, got ' + stored);
      assertNoErrors(a.log);
      assertNoErrors(b.log);
    } finally { await context.close(); }
  }],
]);

server.stop();
