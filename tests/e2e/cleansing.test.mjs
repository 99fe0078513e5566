// End-to-end: the history cleansing review of the demand review. The demo's EB-CITY-500
// sold 212 in May 2026 against about 154 expected: flagged as a spike; accepting it
// changes the statistical baseline (the forecast worker forecasts the cleansed history),
// the raw history stays beside the cleansed one; rejecting it brings the baseline back.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run } from './harness.mjs';

const server = await serveDist();
const SPIKE = '#cleansing-findings tr[data-sku="EB-CITY-500"][data-month="2026-05"]';
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
      await page.click('.tree button[data-sku="EB-CITY-500"]');
      await page.waitForSelector(SPIKE);
      assert((await page.getAttribute(SPIKE, 'data-kind')) === 'Spike', 'flagged as a spike');
      assert(num(await page.getAttribute(`${SPIKE} td:nth-child(3)`, "data-value")) === 212, 'the actual 212');
      const suggested = num(await page.getAttribute(`${SPIKE} td:nth-child(4)`, "data-value"));
      assert(suggested > 120 && suggested < 190, `suggested ${suggested}`);
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Open'), 'open');
      // The statistical forecast is there before we decide.
      await page.waitForFunction(() => [...document.querySelectorAll('#waterfall tr.statistical td')].some((td) => /\d/.test(td.textContent)));
      const before = await statistical(page);

      await page.click(`${SPIKE} button:has-text("Accept")`);
      await page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.statistical td')].map((td) => td.textContent)) !== b,
        JSON.stringify(before), { timeout: 30000 });
      const accepted = await statistical(page);
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Accepted'), 'accepted');
      // Raw and cleansed side by side: May 2026 is 212 raw, the suggested value cleansed.
      const col = await page.$$eval('#cleansing-history thead th', (ths) => ths.findIndex((th) => th.textContent.includes('May')
        && th.textContent.includes('26')));
      assert(col > 0, 'May 26 in the raw / cleansed table');
      const at = (row) => page.$eval(`#cleansing-history tr[data-row="${row}"] > :nth-child(${col + 1})`, (td) => Number(td.dataset.value));
      assert((await at('raw')) === 212, 'the raw history stays');
      assert(Math.abs((await at('cleansed')) - suggested) < 1e-9, 'the cleansed history has the suggested value');
      // The statistical baseline follows the cleansed history.
      const firstDiff = accepted.findIndex((t, i) => t !== before[i]);
      assert(firstDiff >= 0, 'the baseline changed');
      console.log(`    baseline before ${before.join(' ')}\n    after accept   ${accepted.join(' ')}`);

      await page.click(`${SPIKE} button:has-text("Reject")`);
      await page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.statistical td')].map((td) => td.textContent)) === b,
        JSON.stringify(before), { timeout: 30000 });
      assert((await page.textContent(`${SPIKE} td.status`)).includes('Rejected'), 'rejected: the actual is kept');
      assert((await at('cleansed')) === 212, 'rejected: the cleansed history is the actual');
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);
server.stop();
