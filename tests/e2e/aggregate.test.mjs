// End-to-end: the aggregate view — company, families and products by month in the
// financial review (the company row is the financial plan's, families add up to it),
// and which products load a resource in the supply review.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();
/** "€ 1,234" / "−€ 5" / "1,234" → Number. */
const num = (t) => Number(String(t).replace(/−/g, '-').replace(/[^0-9.\-]/g, ''));

/** The cells of a row of #by-family-table: [label, ...months, total]. */
const aggRows = (page) => page.$$eval('#by-family-table tbody tr', (trs) => trs.map((tr) => ({
  cls: tr.className, id: tr.dataset.id, cells: [...tr.children].map((c) => c.textContent.trim()),
})));

await run([
  ['finance: company → family → product in money and units; the company row is the financial plan, families add up', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/finance');
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.waitForSelector('#by-family-table tbody tr.agg-company');
      // Revenue by month, the company row against the finance table's exact values.
      const revenue = await page.$$eval('#finance-table tr[data-row="revenue"] td[data-month]', (tds) => tds.map((td) => Number(td.dataset.value)));
      let rows = await aggRows(page);
      const company = rows.find((r) => r.cls.includes('agg-company'));
      const months = company.cells.slice(1, -1).map(num);
      assert(months.length === revenue.length && revenue.length > 0, `${months.length} months vs ${revenue.length}`);
      months.forEach((v, t) => assert(Math.abs(v - revenue[t]) <= 0.5, `month ${t}: ${v} vs finance ${revenue[t]}`));
      const families = rows.filter((r) => r.cls.includes('agg-family'));
      assert(families.length === 4, 'the demo has four families: ' + families.map((f) => f.cells[0]));
      assert(!rows.some((r) => r.cls.includes('agg-sku')), 'families start closed');
      const sum = families.reduce((a, f) => a + num(f.cells.at(-1)), 0);
      assert(Math.abs(sum - num(company.cells.at(-1))) <= families.length, `families ${sum} vs company ${company.cells.at(-1)}`);
      // Open a family: its products, adding up to it, in units of consensus demand.
      await page.selectOption('#by-family-measure', 'demand');
      await page.click(`#by-family-table tr.agg-family[data-id="${families[0].id}"] button`);
      await page.waitForSelector('#by-family-table tr.agg-sku');
      rows = await aggRows(page);
      const fam = rows.find((r) => r.id === families[0].id);
      const skus = rows.filter((r) => r.cls.includes('agg-sku'));
      assert(skus.length >= 2, 'the family\'s products: ' + skus.length);
      const units = skus.reduce((a, s) => a + num(s.cells.at(-1)), 0);
      assert(Math.abs(units - num(fam.cells.at(-1))) <= skus.length, `products ${units} vs family ${fam.cells.at(-1)}`);
      assert(await page.getAttribute(`#by-family-table tr.agg-family[data-id="${families[0].id}"] button`, 'aria-expanded') === 'true');
      // Capacity hours: the families' hours add up to the company's (all resources' load).
      await page.selectOption('#by-family-measure', 'hours');
      await page.waitForFunction(() => document.querySelector('#by-family-table tr.agg-company td.total').textContent !== '');
      rows = await aggRows(page);
      const hours = rows.filter((r) => r.cls.includes('agg-family')).reduce((a, f) => a + num(f.cells.at(-1)), 0);
      const companyHours = num(rows.find((r) => r.cls.includes('agg-company')).cells.at(-1));
      assert(companyHours > 0 && Math.abs(hours - companyHours) <= families.length, `family hours ${hours} vs company ${companyHours}`);
      // Nothing sticks out of a 1024 px projector.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `no sideways scroll: ${overflow}px`);
      await page.locator('#by-family').screenshot({ path: path.join(OUT, 'by-family.png') });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['supply: which products load the resource in the chart, most hours first, adding up to 100 %', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/supply');
      // The supply review's code loads when its step is first opened: the forecast can
      // be ready before it has drawn.
      await page.waitForSelector('.resource-picker button', { timeout: 30000 });
      const buttons = await page.$$eval('.resource-picker button', (b) => b.map((x) => [x.dataset.resource, x.querySelector('.name').textContent.trim()]));
      assert(buttons.length >= 2, 'resources to pick: ' + buttons);
      const [id, name] = buttons[1];
      await page.click(`.resource-picker button[data-resource="${id}"]`);
      await page.waitForFunction((n) => document.querySelector('#loaders-title')?.textContent === `What loads ${n}`, name);
      const lines = await page.$$eval('#loaders tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      assert(lines.length >= 1, 'some product loads ' + name);
      // The ten busiest products, then the rest summed in one line.
      const hours = lines.filter((l) => !/more products$/.test(l[0])).map((l) => num(l[2]));
      assert(hours.length <= 10, 'at most ten products listed: ' + hours.length);
      assert(hours.every((h, k) => k === 0 || h <= hours[k - 1]), 'most hours first: ' + hours);
      const share = lines.reduce((a, l) => a + num(l[3]), 0);
      assert(Math.abs(share - 100) <= lines.length, `shares add up to 100 %: ${share}`);
      await page.locator('#loaders').screenshot({ path: path.join(OUT, 'loaders.png') });
      // Capacity by family: in each resource's busiest month the families add up to its load.
      const cols = await page.$$eval('#capacity-by-family thead th[data-resource]', (ths) => ths.map((th) => th.dataset.resource));
      assert(cols.length === buttons.length, `a column per resource: ${cols}`);
      for (const r of cols) {
        const parts = await page.$$eval(`#capacity-by-family tbody td[data-resource="${r}"]`, (tds) => tds.map((td) => Number(td.dataset.value)));
        const load = Number(await page.getAttribute(`#capacity-by-family tfoot td[data-resource="${r}"]`, 'data-value'));
        const sum = parts.reduce((a, x) => a + x, 0);
        assert(parts.length >= 1 && Math.abs(sum - load) <= 1e-6 * Math.max(1, load), `${r}: families ${sum} vs load ${load}`);
      }
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
