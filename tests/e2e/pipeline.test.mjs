// End-to-end: the open deals under the demand grid — add a deal for the selected SKU
// (the pipeline row and the consensus rise by units × probability exactly, the total
// is the pipeline layer's increment), undo, edit a probability in place, and a changed
// stage that survives a reload.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();

async function openSku(page, sku) {
  await page.click(`.tree button[data-sku="${sku}"]`);
  await page.waitForFunction((s) => document.querySelector('.sel-title')?.textContent.startsWith(s), sku);
  await page.waitForSelector('#open-deals tbody tr');
}

/** Exact increments of the layer rows (sales, marketing, pipeline, consensus) in month t. */
const increments = (page, t) => page.$$eval(`#layer-increments button.increment[data-month="${t}"]`, (bs) =>
  Object.fromEntries(bs.map((b) => [b.closest('tr').dataset.layer, Number(b.dataset.value)])));
const total = async (page) => Number(await page.getAttribute('#deals-total', 'data-value'));
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/,/g, ''));
// Grid rows: 0 actual, 1 statistical, 2 sales, 3 marketing, 4 pipeline, 5 consensus;
// the first six columns are history.
const consensusCell = (t) => `#waterfall-5-${6 + t}`;
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const saved = async (page) => {
  await page.waitForTimeout(400);
  await page.waitForSelector('.save[data-state="saved"]');
};

await run([
  ['add a deal for the selected SKU: pipeline and consensus rise by units × probability; undo restores', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.setViewportSize({ width: 1024, height: 768 });
      await openSku(page, 'EB-CITY-500');
      // The hotel chain's deal is listed: 120 units × 40 % = 48, the SKU's whole pipeline.
      const hotel = page.locator('#open-deals tr[data-deal="2"]');
      assert((await hotel.textContent()).includes('EB-CITY-500'), 'the hotel chain deal is listed');
      assert(close(Number(await hotel.locator('td.weighted').getAttribute('data-value')), 48), 'weighted 48');
      assert(close(await total(page), 48), 'total = the pipeline layer: ' + await total(page));
      const t = 2;
      const before = await increments(page, t);
      const consensusBefore = num(await page.inputValue(consensusCell(t)));
      const month = await page.$eval('#deal-new-month', (s, t) => s.options[t].value, t);
      await page.fill('#deal-new-customer', 'Fleet renewal');
      await page.selectOption('#deal-new-month', month);
      await page.fill('#deal-new-units', '50');
      await page.fill('#deal-new-probability', '30');
      await page.selectOption('#deal-new-stage', 'proposal');
      await page.click('#deal-add');
      // The demo has deals 1–10: the new one is #11.
      await page.waitForSelector('#open-deals tr[data-deal="11"]');
      const after = await increments(page, t);
      // 50 × 30 % = 15 more in the pipeline layer, nothing else changes.
      assert(close(after.pipeline - before.pipeline, 15), `pipeline +${after.pipeline - before.pipeline}`);
      for (const l of ['sales', 'marketing', 'consensus']) assert(close(after[l], before[l]), `${l} unchanged`);
      const consensusAfter = num(await page.inputValue(consensusCell(t)));
      assert(Math.abs(consensusAfter - consensusBefore - 15) <= 1, `consensus ${consensusBefore} → ${consensusAfter}`);
      assert(close(await total(page), 63), 'total 48 + 15: ' + await total(page));
      const row = page.locator('#open-deals tr[data-deal="11"]');
      assert(await row.locator('select.deal-stage').inputValue() === 'proposal', 'stage kept');
      assert(await row.locator('input.deal-customer').inputValue() === 'Fleet renewal', 'customer kept');
      assert(close(Number(await row.locator('td.weighted').getAttribute('data-value')), 15), 'weighted 50 × 30 % = 15');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `no sideways scroll at 1024 px: ${overflow}px`);
      await page.locator('.open-deals').screenshot({ path: path.join(OUT, 'open-deals.png') });
      // Undo: the deal is gone, the layers as before.
      await page.click('button.undo');
      await page.waitForFunction(() => !document.querySelector('#open-deals tr[data-deal="11"]'));
      const undone = await increments(page, t);
      assert(close(undone.pipeline, before.pipeline), 'undo restores the pipeline layer');
      assert(close(await total(page), 48), 'undo restores the total');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['edit a probability in place; a bad one is refused and said; a changed stage persists after reload', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await openSku(page, 'EB-CITY-500');
      const deal = '#open-deals tr[data-deal="2"]';
      // 120 × 50 % = 60 in month 4 (was 48).
      await page.fill(`${deal} input.deal-probability`, '50');
      await page.press(`${deal} input.deal-probability`, 'Enter');
      await page.waitForFunction(() => Number(document.querySelector('#deals-total').dataset.value) === 60);
      assert(close((await increments(page, 4)).pipeline, 60), 'pipeline layer 60 in month 4');
      await page.fill(`${deal} input.deal-probability`, '150');
      await page.press(`${deal} input.deal-probability`, 'Enter');
      await page.waitForSelector('#deals-problem:has-text("probability")');
      const problem = await page.textContent('#deals-problem');
      assert(/deal #2.*probability/.test(problem), 'explained: ' + problem);
      assert(close(await total(page), 60), 'refused: nothing changed');
      await page.selectOption(`${deal} select.deal-stage`, 'won');
      await saved(page);
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await openSku(page, 'EB-CITY-500');
      assert(await page.inputValue(`${deal} select.deal-stage`) === 'won', 'stage kept after reload');
      assert(close(await total(page), 60), 'probability kept after reload');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
