// End-to-end: the history cleansing review of the demand review. The demo's EB-TREK-600
// sold 170 in May 2026 against about 113 expected: flagged as a spike; accepting it
// changes the statistical baseline (the forecast worker forecasts the cleansed history),
// the raw history stays beside the cleansed one; rejecting it brings the baseline back.
// The same decision brought in as a file (`history_decisions.csv`, the Data view's import):
// a file with bad rows is refused with file, row and column and changes nothing; a good
// one is listed in the Data view and its edited value is the cleansed history the
// baseline uses.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run } from './harness.mjs';

const server = await serveDist();
const SPIKE = '#cleansing-findings tr[data-sku="EB-TREK-600"][data-month="2026-05"]';
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/[^0-9.\-]/g, ''));

/** The statistical row of the waterfall grid, as numbers (plan months only: `td.num`). */
async function statistical(page) {
  return page.$$eval('#waterfall tr.statistical td', (tds) => tds.map((td) => td.textContent));
}

await run([
  ['a spike in the demo history is flagged; Accept changes the baseline, the raw history stays; Reject brings it back', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.click('.tree button[data-sku="EB-TREK-600"]');
      await page.waitForSelector(SPIKE);
      assert((await page.getAttribute(SPIKE, 'data-kind')) === 'Spike', 'flagged as a spike');
      assert(num(await page.getAttribute(`${SPIKE} td:nth-child(3)`, "data-value")) === 170, 'the actual 170');
      const suggested = num(await page.getAttribute(`${SPIKE} td:nth-child(4)`, "data-value"));
      assert(suggested > 90 && suggested < 140, `suggested ${suggested}`);
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Open'), 'open');
      // The statistical forecast is there before we decide.
      await page.waitForFunction(() => [...document.querySelectorAll('#waterfall tr.statistical td')].some((td) => /\d/.test(td.textContent)));
      const before = await statistical(page);

      await page.click(`${SPIKE} button:has-text("Accept")`);
      await page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.statistical td')].map((td) => td.textContent)) !== b,
        JSON.stringify(before), { timeout: 30000 });
      const accepted = await statistical(page);
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Accepted'), 'accepted');
      // Raw and cleansed side by side: May 2026 is 170 raw, the suggested value cleansed.
      const col = await page.$$eval('#cleansing-history thead th', (ths) => ths.findIndex((th) => th.textContent.includes('May')
        && th.textContent.includes('26')));
      assert(col > 0, 'May 26 in the raw / cleansed table');
      const at = (row) => page.$eval(`#cleansing-history tr[data-row="${row}"] > :nth-child(${col + 1})`, (td) => Number(td.dataset.value));
      assert((await at('raw')) === 170, 'the raw history stays');
      assert(Math.abs((await at('cleansed')) - suggested) < 1e-9, 'the cleansed history has the suggested value');
      // The statistical baseline follows the cleansed history.
      const firstDiff = accepted.findIndex((t, i) => t !== before[i]);
      assert(firstDiff >= 0, 'the baseline changed');
      console.log(`    baseline before ${before.join(' ')}\n    after accept   ${accepted.join(' ')}`);

      await page.click(`${SPIKE} button:has-text("Reject")`);
      await page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.statistical td')].map((td) => td.textContent)) === b,
        JSON.stringify(before), { timeout: 30000 });
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Rejected'), 'rejected: the actual is kept');
      assert((await at('cleansed')) === 170, 'rejected: the cleansed history is the actual');
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['a history decisions file imported in the Data view: bad rows refused with row and column; applied, its edited value is the cleansed history', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.click('.tree button[data-sku="EB-TREK-600"]');
      await page.waitForSelector(SPIKE);
      await page.waitForFunction(() => [...document.querySelectorAll('#waterfall tr.statistical td')].some((td) => /\d/.test(td.textContent)));
      const before = await statistical(page);
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Open'), 'open before the import');

      await page.click('nav.steps a[href="#/data"]');
      await page.waitForSelector('#import-files');
      const file = (rows) => ({
        name: 'history_decisions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(['sku,month,kind,decision,value,event,note', ...rows].join('\n') + '\n'),
      });
      await page.setInputFiles('#import-files', file([
        'EB-TREK-600,2026-05,outlier,edited,-150,,',
        'EB-TREK-600,2026-04,outlier,perhaps,150,,',
        'XX-NOPE,2026-05,outlier,edited,150,,',
        'EB-TREK-600,2031-05,outlier,edited,150,,',
      ]));
      await page.waitForSelector('#import-errors li', { timeout: 30000 });
      const errs = await page.$$eval('#import-errors li', (li) => li.map((x) => x.textContent));
      console.log('    ' + errs.join('\n    '));
      assert(errs.length === 4, 'four problems: ' + errs.join(' | '));
      const has = (row, col) => errs.some((e) => e.includes('history_decisions.csv') && e.includes(`row ${row}`) && e.includes(`column '${col}'`));
      assert(has(2, 'value') && has(3, 'decision') && has(4, 'sku') && has(5, 'month'), 'file, row and column named: ' + errs.join(' | '));
      assert(errs.some((e) => e.includes('must be a number ≥ 0')) && errs.some((e) => e.includes("unknown SKU 'XX-NOPE'")), errs.join(' | '));

      await page.setInputFiles('#import-files', file([
        'EB-TREK-600,2026-05,outlier,edited,150,,Trade fair order one-off',
        'EB-TREK-600,2026-02,event,accepted,140,promotion,Spring campaign',
      ]));
      await page.waitForSelector('#import-ready', { timeout: 30000 });
      await page.click('#import-apply');
      await page.waitForSelector('.save[data-state="saved"]');
      // The Data view lists the decisions (the same table declaration as the file).
      await page.click('#table-history_decisions summary');
      await page.waitForSelector('#table-history_decisions .count:has-text("2 rows")', { timeout: 30000 });
      const value = await page.inputValue('#table-history_decisions input[aria-label="value of row 1 (EB-TREK-600)"]');
      assert(value === '150', 'the edited value listed: ' + value);

      await page.click('nav.steps a[href="#/demand"]');
      await page.click('.tree button[data-sku="EB-TREK-600"]');
      await page.waitForSelector(SPIKE);
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Edited'), 'the spike is edited by the file: ' + await page.textContent(`${SPIKE} td.status`));
      const col = await page.$$eval('#cleansing-history thead th', (ths) => ths.findIndex((th) => th.textContent.includes('May')
        && th.textContent.includes('26')));
      const at = (row) => page.$eval(`#cleansing-history tr[data-row="${row}"] > :nth-child(${col + 1})`, (td) => Number(td.dataset.value));
      assert((await at('raw')) === 170, 'the raw history stays');
      assert((await at('cleansed')) === 150, 'the cleansed history has the imported value');
      await page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.statistical td')].map((td) => td.textContent)) !== b,
        JSON.stringify(before), { timeout: 30000 });
      console.log(`    baseline before ${before.join(' ')}\n    after import   ${(await statistical(page)).join(' ')}`);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
  ['automatic cleansing at 1,000 SKUs (histories judged in slices, not one long task): the family baseline changes, equals a fresh load\'s with the setting on, and comes back when it is off', async () => {
    const { context } = await launch();
    const family = (page) => page.$$eval('#waterfall tr.statistical td', (tds) => tds.map((td) => td.textContent));
    const changed = (page, from) => page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.statistical td')].map((td) => td.textContent)) !== b
      && document.querySelector('.forecast')?.dataset.state === 'ready', JSON.stringify(from), { timeout: 120000 });
    const showFamily = async (page) => {
      await page.click('.tree button[data-family="EBIKE"]');
      await page.waitForSelector('h1 .sel-title:has-text("E-bikes")');
      await page.waitForFunction(() => [...document.querySelectorAll('#waterfall tr.statistical td')].some((td) => /\d/.test(td.textContent)));
    };
    const toggle = async (page) => {
      // The settings are in a part of the page loaded after the first paint (`lazy::part`).
      await page.waitForSelector('#forecast-settings', { state: 'attached', timeout: 60000 });
      await page.evaluate(() => { document.querySelector('#forecast-settings').open = true; });
      await page.click('#setting-auto-cleansing');
    };
    try {
      const { page, log } = await openPage(context, server.url + '?sample=1000#/demand');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 120000 });
      await showFamily(page);
      const raw = await family(page);
      await toggle(page);
      await changed(page, raw);
      const auto = await family(page);
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      // The same workspace opened afresh (no ?sample: the last one, saved with the setting).
      const { page: fresh, log: log2 } = await openPage(context, server.url + '#/demand', { forecast: false });
      await fresh.waitForSelector('.forecast[data-state="ready"]', { timeout: 120000 });
      await showFamily(fresh);
      assert(await fresh.isChecked('#setting-auto-cleansing'), 'the setting was saved');
      const again = await family(fresh);
      assert(JSON.stringify(again) === JSON.stringify(auto), `a fresh load forecasts the same: ${again.join(' ')} vs ${auto.join(' ')}`);
      await fresh.close();
      await toggle(page);
      await changed(page, auto);
      const back = await family(page);
      assert(JSON.stringify(back) === JSON.stringify(raw), `off again: the raw histories' baseline: ${back.join(' ')} vs ${raw.join(' ')}`);
      const shown = (row) => row.filter((t) => /\d/.test(t)).slice(0, 6).join(' ');
      console.log(`    E-bikes baseline, raw ${shown(raw)} …\n    auto-cleansed    ${shown(auto)} …`);
      for (const l of [log, log2]) { assertOnlyOrigin(l, server.origin); assertNoErrors(l); }
    } finally { await context.close(); }
  }],

  ['a large family lists its flagged months 50 at a time ("Show 50 more" adds the next, another family starts at 50 again) and its new deal\'s SKU is typed, checked against the family', async () => {
    const { context } = await launch();
    const rows = (page) => page.$$eval('#cleansing-findings tbody tr', (trs) => trs.length);
    const family = async (page, id) => {
      await page.click(`.tree button[data-family="${id}"]`);
      await page.waitForSelector(`.tree button[data-family="${id}"].selected`);
      await page.waitForSelector('#history-cleansing .more-rows', { timeout: 60000 });
      return Number((await page.textContent('#history-cleansing .more-rows')).match(/of (\d+) flagged/)[1]);
    };
    try {
      const { page, log } = await openPage(context, server.url + '?sample=3000#/demand', { forecast: false });
      const total = await family(page, 'EBIKE');
      assert(total > 50 && total <= 100, `E-bikes has 51–100 flagged months at 3,000 SKUs: ${total}`);
      assert(await rows(page) === 50, `50 rows listed first: ${await rows(page)}`);
      assert((await page.textContent('#history-cleansing .show-more')).includes(`Show ${total - 50} more`), 'the button says how many it adds');
      const open = Number((await page.textContent('#history-cleansing .open-count')).match(/\d+/)[0]);
      assert(open === total, `the summary counts every flagged month, listed or not: ${open} open of ${total}`);
      await page.click('#history-cleansing .show-more');
      await page.waitForFunction((n) => document.querySelectorAll('#cleansing-findings tbody tr').length === n, total);
      assert(await page.$('#history-cleansing .more-rows') === null, 'all listed: no button');
      // A decision on a row of the second page: it stays listed, decided.
      const last = page.locator('#cleansing-findings tbody tr').nth(total - 1);
      const key = { sku: await last.getAttribute('data-sku'), month: await last.getAttribute('data-month') };
      await last.locator('button:has-text("Reject")').click();
      const row = `#cleansing-findings tr[data-sku="${key.sku}"][data-month="${key.month}"]`;
      await page.waitForFunction((sel) => document.querySelector(`${sel} td.status`)?.textContent.includes('Rejected'), row);
      assert(await rows(page) === total, 'still all listed after a decision');
      const other = await family(page, 'CITY');
      assert(other > 50, `City bikes has more than 50: ${other}`);
      assert(await rows(page) === 50, `another family starts again at 50: ${await rows(page)}`);
      // "Add a deal" of a family of hundreds of SKUs: a typed code, not a list of them all.
      assert(await page.$eval('#deal-new-sku', (e) => e.tagName) === 'INPUT', 'the SKU is typed for a large family');
      const citySku = await page.getAttribute('#cleansing-findings tbody tr', 'data-sku');
      await page.fill('#deal-new-customer', 'Fleet renewal');
      await page.fill('#deal-new-units', '40');
      await page.fill('#deal-new-probability', '50');
      await page.fill('#deal-new-sku', 'NO-SUCH-SKU');
      await page.click('#deal-add');
      await page.waitForFunction(() => /NO-SUCH-SKU is not one of the selection/.test(document.querySelector('#deals-problem')?.textContent ?? ''));
      const deals = () => page.$$eval('#open-deals tbody tr[data-deal]', (trs) => trs.length);
      const before = await deals();
      await page.fill('#deal-new-sku', citySku);
      await page.click('#deal-add');
      await page.waitForFunction((n) => document.querySelectorAll('#open-deals tbody tr[data-deal]').length === n + 1, before);
      assert((await page.textContent('#open-deals tbody')).includes(citySku), `the deal for ${citySku} is listed`);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);
server.stop();
