// End-to-end: new products and phase-out. A product added in the Data view from a like
// item shows a baseline from its launch month in the demand review (0 before); a
// phase-out set in the products table moves the demand to the successor, month by
// month, with the two together unchanged.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/,/g, '')) || 0;

/** The statistical row of the demand review for `sku`, plan months only. */
async function statistical(page, sku) {
  await page.click(`.tree button[data-sku="${sku}"]`);
  await page.waitForFunction((s) => document.querySelector('.sel-title')?.textContent.includes(s), sku);
  await page.selectOption('#history-months', '0');
  await page.waitForSelector('.forecast[data-state="ready"]');
  return page.$$eval('#waterfall tr.statistical td', (tds) => tds.map((td) => td.textContent));
}

async function saved(page) {
  await page.waitForSelector('.save[data-state="saved"]');
}

await run([
  ['a new product from a like item shows a baseline from its launch month', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/data');
      await page.click('#new-product summary');
      await page.fill('#new-sku', 'EB-CITY-900');
      await page.fill('#new-name', 'E-City 900');
      await page.selectOption('#new-family', 'EBIKE');
      await page.fill('#new-price', '2990');
      await page.fill('#new-cost', '2100');
      // The demo's cycle starts 2026-11: launch in its fourth month.
      await page.fill('#new-launch', '2027-02');
      await page.fill('#new-like', 'EB-CITY-500');
      await page.fill('#new-factor', '0.8');
      await page.click('#new-product button[type="submit"]');
      await page.waitForFunction(() => document.querySelector('#new-product .problem')?.textContent.includes('added'));
      await saved(page);
      await page.screenshot({ path: path.join(OUT, 'launch-new-product.png'), fullPage: false });
      const row = page.locator('#table-products tr[data-id="EB-CITY-900"] input[aria-label="Like item of EB-CITY-900"]');
      assert((await row.inputValue()) === 'EB-CITY-500', 'the like item is in the products table');

      await page.goto(server.url + '#/demand');
      const stat = await statistical(page, 'EB-CITY-900');
      const values = stat.map(num);
      assert(values.slice(0, 3).every((v) => v === 0), 'nothing before the launch: ' + stat.join(' | '));
      assert(values.slice(3).every((v) => v > 0), 'a baseline from the launch month on: ' + stat.join(' | '));
      const note = await page.textContent('#lifecycle-note');
      assert(note.includes('New: like EB-CITY-500 × 0.8 from 2027-02'), note);
      await page.screenshot({ path: path.join(OUT, 'launch-demand.png'), fullPage: false });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a phase-out moves the demand to the successor over its ramp', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      const kb16 = (await statistical(page, 'KB-16')).map(num);
      const kb20 = (await statistical(page, 'KB-20')).map(num);
      assert(kb16[2] > 0 && kb20[2] > 0, 'both sell: ' + kb16 + ' / ' + kb20);
      await page.goto(server.url + '#/data');
      const field = (name) => page.locator(`#table-products tr[data-id="KB-16"] input[aria-label="${name} of KB-16"]`);
      for (const [name, value] of [['End of life', '2026-12'], ['Successor', 'KB-20'], ['Ramp (months)', '2']]) {
        await field(name).fill(value);
        await field(name).press('Enter');
        await saved(page);
      }
      // A successor that does not exist is explained and changes nothing.
      await field('Successor').fill('NOPE');
      await field('Successor').press('Enter');
      await page.waitForFunction(() => document.querySelector('.banner.error')?.textContent.includes("unknown successor 'NOPE'"));
      await page.goto(server.url + '#/demand');
      const a = (await statistical(page, 'KB-16')).map(num);
      const note = await page.textContent('#lifecycle-note');
      assert(note.includes('Phase-out 2026-12 over 2 months → KB-20'), note);
      const b = (await statistical(page, 'KB-20')).map(num);
      // Nov unchanged; Dec half moved; from Jan all moved. Shown rounded to units.
      assert(Math.abs(a[0] - kb16[0]) <= 1, `KB-16 Nov ${a[0]} vs ${kb16[0]}`);
      assert(Math.abs(a[1] - kb16[1] / 2) <= 1, `KB-16 Dec ${a[1]} vs half of ${kb16[1]}`);
      assert(a.slice(2).every((v) => v === 0), 'KB-16 ends: ' + a);
      for (let t = 0; t < a.length; t++) {
        const before = kb16[t] + kb20[t];
        const after = a[t] + b[t];
        assert(Math.abs(after - before) <= 2, `month ${t}: ${before} → ${after}`);
      }
      await page.screenshot({ path: path.join(OUT, 'launch-phase-out.png'), fullPage: false });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);
server.stop();
