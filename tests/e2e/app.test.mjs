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
]);

server.stop();
