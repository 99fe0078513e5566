// End-to-end: forecasting in a pool of workers (?workers=N). Two workers give exactly
// the baselines one worker gives (the grid's statistical rows and the KPI tiles, to the
// digit), and until a SKU's baseline has arrived the grid and the tiles say
// "calculating…" instead of showing a 0 the plan does not know yet. Families are
// reconciled with their SKUs on the page once all their series are in: every family
// says which level its baseline leans on, the same with one worker or two.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run } from './harness.mjs';

const server = await serveDist();

/** How many forecasting workers the page started (each loads worker-boot.js). */
const forecastStarts = (log) => log.requests.filter((u) => u.endsWith('/worker-boot.js') && !u.endsWith('io-worker-boot.js')).length;

/** The statistical row of the demand grid (plan months), as shown. */
const statistical = (page) => page.$$eval('#waterfall tr.statistical td', (td) => td.map((t) => t.textContent.trim()).filter((t) => t !== ''));

/** What the page shows of the forecast: the statistical row of every family and of a
 * few SKUs, and the headline KPI tiles (their exact values) of the executive review. */
async function figures(page) {
  const out = {};
  const families = await page.$$eval('.tree button[data-family]', (b) => b.map((x) => x.dataset.family));
  // A big company's tree shows a family's SKUs once unfolded.
  const twisty = await page.$('.tree button.twisty');
  if (twisty) await twisty.click();
  const visibleSkus = async () => {
    const out = [];
    for (const b of await page.locator('.tree button[data-sku]').all()) if (await b.isVisible()) out.push(await b.getAttribute('data-sku'));
    return out;
  };
  for (const [attr, list] of [['data-family', families], ['data-sku', null]]) {
    for (const id of list ?? (await visibleSkus()).slice(0, 5)) {
      await page.click(`.tree button[${attr}="${id}"]`);
      await page.waitForSelector(`.tree button[${attr}="${id}"].selected`);
      out[id] = await statistical(page);
      if (attr === 'data-family') {
        const note = await page.$('#reconcile-note');
        out[id + ' reconciled'] = note ? (await note.textContent()).trim() : '(none)';
      }
    }
  }
  await page.click('nav.steps a[href="#/executive"]');
  await page.waitForSelector('.exec-kpis .kpi-value[data-value]');
  out.kpis = await page.$$eval('.exec-kpis .kpi-value', (v) => v.map((x) => x.dataset.value ?? x.textContent));
  return out;
}

async function forecastWith(url, workers) {
  const { context } = await launch();
  try {
    const { page, log } = await openPage(context, url);
    await page.waitForSelector('#waterfall tr.statistical td');
    const f = await figures(page);
    assert(forecastStarts(log) === workers, `${workers} worker(s) started: ${forecastStarts(log)}`);
    assertNoErrors(log);
    assertOnlyOrigin(log, server.origin);
    return f;
  } finally { await context.close(); }
}

await run([
  ['two workers give exactly the baselines of one (demo company and 1,000 SKUs)', async () => {
    for (const sample of ['', 'sample=1000&']) {
      const one = await forecastWith(`${server.url}?${sample}workers=1#/demand`, 1);
      const two = await forecastWith(`${server.url}?${sample}workers=2#/demand`, 2);
      const keys = Object.keys(one);
      assert(keys.length >= 6 && one.kpis.length >= 6, 'families, SKUs and tiles read: ' + keys.join(', '));
      for (const k of keys) {
        assert(JSON.stringify(one[k]) === JSON.stringify(two[k]), `${sample || 'demo'} ${k}: 1 worker ${JSON.stringify(one[k])} vs 2 workers ${JSON.stringify(two[k])}`);
        assert(!JSON.stringify(one[k]).includes('calculating'), `${k}: computed`);
      }
      assert(one[keys[0]].some((v) => v !== '0'), 'a family has a non-zero statistical forecast');
      // A family of one SKU has no line (its SKU's forecast is the family's).
      const notes = keys.filter((k) => k.endsWith(' reconciled')).map((k) => one[k]).filter((n) => n !== '(none)');
      assert(notes.length >= 2, 'families with a line: ' + notes.length);
      const line = /^(Reconciled: leans \d+ % on the family forecast, \d+ % on its SKUs|Bottom-up: .+)$/;
      assert(notes.every((n) => line.test(n)), `${sample || 'demo'}: every family says what it leans on: ${notes.join(' | ')}`);
      console.log(`${sample || 'demo'} families: ${notes.join(' | ')}`);
    }
  }],

  ['no worker can start: the page forecasts itself (code loaded then), the same baselines as a worker', async () => {
    const worker = await forecastWith(`${server.url}?workers=1#/demand`, 1);
    const { context } = await launch();
    try {
      // Every worker fails to start, as where workers are blocked.
      await context.addInitScript(() => { window.Worker = function () { throw new Error('workers blocked'); }; });
      const { page, log } = await openPage(context, `${server.url}#/demand`);
      const here = await figures(page);
      assert(forecastStarts(log) === 0, 'no worker started: ' + forecastStarts(log));
      // The forecast code is not in the app's main module: a split module of its own.
      assert(log.requests.some((u) => /split_forecast_in_page_\w+\.wasm$/.test(u)) || !log.requests.some((u) => /split_\w+\.wasm$/.test(u)),
        'the in-page forecast module fetched (split build)');
      for (const k of Object.keys(worker)) {
        assert(JSON.stringify(worker[k]) === JSON.stringify(here[k]), `${k}: worker ${JSON.stringify(worker[k])} vs page ${JSON.stringify(here[k])}`);
      }
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['until the baselines arrive, the grid and the tiles say "calculating…", never 0', async () => {
    const { context } = await launch();
    try {
      // The workers' script is held back until the page has been looked at.
      let release;
      const held = new Promise((r) => { release = r; });
      await context.route(/\/worker-boot\.js$/, async (route) => { await held; await route.continue(); });
      const { page, log } = await openPage(context, server.url + '?workers=2#/demand', { forecast: false });
      await page.waitForSelector('#waterfall tr.statistical td.calculating');
      const stat = await statistical(page);
      assert(stat.length > 0 && stat.every((t) => t === 'calculating…'), 'statistical row: ' + stat.join(' | '));
      const consensus = await page.$$eval('#waterfall tr.consensus td.calculating', (td) => td.length);
      assert(consensus === stat.length, `the consensus row too: ${consensus}`);
      assert(await page.getAttribute('.forecast', 'data-state') !== 'ready', 'the forecast is not ready');
      await page.click('nav.steps a[href="#/executive"]');
      await page.waitForSelector('.exec-kpis .kpi-value');
      const tiles = await page.$$eval('.exec-kpis .kpi-value', (v) => v.map((x) => x.textContent.trim()));
      assert(tiles.length >= 6 && tiles.every((t) => t === 'calculating…'), 'tiles: ' + tiles.join(' | '));
      release();
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      await page.waitForSelector('.exec-kpis .kpi-value[data-value]');
      const after = await page.$$eval('.exec-kpis .kpi-value', (v) => v.map((x) => x.textContent.trim()));
      assert(after.every((t) => t !== 'calculating…'), 'tiles after: ' + after.join(' | '));
      await page.click('nav.steps a[href="#/demand"]');
      await page.waitForSelector('#waterfall tr.statistical td');
      assert(await page.$('#waterfall td.calculating') === null, 'no "calculating…" once ready');
      const now = await statistical(page);
      assert(now.some((t) => /^[0-9,]+$/.test(t) && t !== '0'), 'numbers: ' + now.join(' | '));
      assert(forecastStarts(log) === 2, 'two workers: ' + forecastStarts(log));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['forecast settings: reconciliation off gives the family its bottom-up forecast, undo restores, a season of 30 is refused', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      // The demo's reconciled family.
      let family = null;
      for (const id of await page.$$eval('.tree button[data-family]', (b) => b.map((x) => x.dataset.family))) {
        await page.click(`.tree button[data-family="${id}"]`);
        await page.waitForSelector(`.tree button[data-family="${id}"].selected`);
        const note = await page.$('#reconcile-note');
        if (note && (await note.textContent()).trim().startsWith('Reconciled')) { family = id; break; }
      }
      assert(family, 'the demo has a reconciled family');
      const reconciled = await statistical(page);
      await page.click('#forecast-settings summary');
      assert(await page.isChecked('#setting-reconcile'), 'reconciliation is on by default');
      assert(await page.isChecked('#setting-learn'), 'the learned choice is on by default');
      await page.uncheck('#setting-reconcile');
      await page.waitForFunction((before) => {
        const row = [...document.querySelectorAll('#waterfall tr.statistical td')].map((t) => t.textContent.trim()).filter((t) => t !== '');
        return document.querySelector('.forecast')?.dataset.state === 'ready' && row.length > 0 && !row.includes('calculating…') && JSON.stringify(row) !== before;
      }, JSON.stringify(reconciled), { timeout: 30000 });
      const bottomUp = await statistical(page);
      const note = await page.$('#reconcile-note');
      assert(!note || !(await note.textContent()).includes('Reconciled'), 'no longer reconciled');
      console.log(`${family}: reconciled ${reconciled.slice(0, 4).join(' ')} … → bottom-up ${bottomUp.slice(0, 4).join(' ')} …`);
      await page.click('button.undo');
      await page.waitForFunction((before) => {
        const row = [...document.querySelectorAll('#waterfall tr.statistical td')].map((t) => t.textContent.trim()).filter((t) => t !== '');
        return document.querySelector('.forecast')?.dataset.state === 'ready' && JSON.stringify(row) === before;
      }, JSON.stringify(reconciled), { timeout: 30000 });
      assert(await page.isChecked('#setting-reconcile'), 'undo switches reconciliation back on');
      // A season out of range: refused with the range named, nothing changed.
      await page.fill('#setting-season', '30');
      await page.click('#setting-apply');
      await page.waitForSelector('.banner.error');
      const msg = await page.textContent('.banner.error');
      assert(msg.includes('1 to 24 months'), 'the message names the range: ' + msg);
      assert(JSON.stringify(await statistical(page)) === JSON.stringify(reconciled), 'nothing changed');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
