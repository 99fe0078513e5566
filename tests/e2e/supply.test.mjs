// End-to-end: the supply review of the demo company in headless Chromium.
// Capacity chart and utilisation table agree with each other, a production override
// moves inventory and overloads capacity, constrained mode levels the load and says
// what it moved, strategies edit production, undo restores; screenshot for review.
import { serveDist, launch, openPage, assert, chartsDrawn, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();

async function openSupply(context) {
  // The forecast is awaited: numbers read before and after an edit share one baseline.
  const { page, log } = await openPage(context, server.url + '#/supply');
  await page.waitForSelector('#capacity-chart canvas', { timeout: 15000 });
  await page.waitForSelector('#supply-chart canvas', { timeout: 15000 });
  return { page, log };
}

/** "1,234" → 1234; "87 %" → 87. */
const num = (t) => Number(String(t).replace(/−/g, '-').replace(/[^0-9.\-]/g, ''));

/** The numbers of a row of the supply grid (by row class). */
async function gridRow(page, cls) {
  return page.$$eval(`#supply-grid tr.${cls} td`, (tds) =>
    tds.map((td) => (td.querySelector('input') ? td.querySelector('input').value : td.textContent)));
}

/** Every utilisation cell: shown percent, load, regular, overtime, flags. */
async function utilisation(page) {
  return page.$$eval('table#utilization tbody td[data-load]', (tds) => tds.map((td) => ({
    text: td.textContent.trim(),
    load: Number(td.dataset.load),
    regular: Number(td.dataset.regular),
    overtime: Number(td.dataset.overtime),
    over: td.classList.contains('over'),
    resource: td.closest('tr').dataset.resource,
  })));
}

/** Series data of an ECharts chart, by series name. */
async function series(page, sel, name) {
  await chartsDrawn(page);
  return page.evaluate(([sel, name]) => {
    const c = window.echarts.getInstanceByDom(document.querySelector(sel));
    const s = c.getOption().series.find((x) => x.name === name);
    return s ? s.data.map((d) => (d !== null && typeof d === 'object' ? d.value : d)) : null;
  }, [sel, name]);
}

async function setCell(page, id, text) {
  const cell = page.locator('#' + id);
  await cell.fill(text);
  await cell.press('Enter');
}

await run([
  ['supply review: capacity chart and utilisation table agree with the plan', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openSupply(context);
      const cells = await utilisation(page);
      assert(cells.length === 4 * 18, 'four resources × 18 months, got ' + cells.length);
      for (const c of cells) {
        const expected = Math.round((c.load / c.regular) * 100);
        assert(num(c.text) === expected, `${c.resource}: ${c.text} shown, load/regular = ${expected} %`);
        // Unconstrained: overtime counts, so a cell is overloaded iff load > regular + overtime.
        const over = c.load > c.regular + c.overtime + 1e-3;
        assert(c.over === over, `${c.resource}: overload flag ${c.over}, load ${c.load} vs ${c.regular}+${c.overtime}`);
      }
      // The chart shows the resource picked: its load bars are the table's loads.
      await page.click('.resource-picker button[data-resource="WELD"]');
      const bars = await series(page, '#capacity-chart', 'Load');
      const weld = cells.filter((c) => c.resource === 'WELD').map((c) => Math.round(c.load));
      assert(JSON.stringify(bars) === JSON.stringify(weld), `chart loads ${bars} = table loads ${weld}`);
      const regular = await series(page, '#capacity-chart', 'Regular hours');
      assert(regular.length === 18 && regular.every((r) => r > 0), 'regular hours line');
      const label = await page.getAttribute('#capacity-chart', 'aria-label');
      assert(label && label.length > 10, 'capacity chart is labelled');
      assert(await page.getAttribute('table#utilization', 'aria-label'), 'utilisation table labelled');
      const scoped = await page.$$eval('table#utilization th', (ths) => ths.every((th) => th.getAttribute('scope')));
      assert(scoped, 'every header of the utilisation table has a scope');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['override → overload → constrained plan levels it, lists moves, undo restores', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openSupply(context);
      await page.click('.tree button[data-sku="EB-CITY-500"]');
      await page.waitForSelector('h1 .sel-title:text("EB-CITY-500")');
      const invBefore = await gridRow(page, 'inventory');
      // Production of Mar 27 (column 4) set to 800 units: an override.
      await setCell(page, 'supply-grid-1-4', '800');
      await page.waitForSelector('#supply-grid td.override #supply-grid-1-4', { timeout: 5000 });
      const invAfter = await gridRow(page, 'inventory');
      assert(num(invAfter[4]) > num(invBefore[4]) + 400, `inventory of Mar 27 rises: ${invBefore[4]} → ${invAfter[4]}`);
      const prodSeries = await series(page, '#supply-chart', 'Production');
      assert(prodSeries[4] === 800, 'the chart shows the override: ' + prodSeries[4]);
      // 800 e-bikes × 2.6 h overload the assembly line.
      let cells = await utilisation(page);
      const overloaded = cells.filter((c) => c.over);
      assert(overloaded.length > 0, 'the override overloads a resource');
      assert(num(await page.textContent('#kpi-overloads .kpi-value')) === overloaded.length, 'KPI counts the overloads');
      await page.waitForSelector('#overload-note.bad');
      assert(!(await page.$('#shifts')), 'no moves listed while unconstrained');

      // Constrained mode: nothing overloaded any more, and the plan says what moved.
      await page.check('#constrained-toggle');
      await page.waitForSelector('#shifts tbody tr.early', { timeout: 5000 });
      await page.waitForSelector('#shortfalls');
      cells = await utilisation(page);
      assert(cells.every((c) => !c.over), 'no overload in the constrained plan');
      assert(num(await page.textContent('#kpi-overloads .kpi-value')) === 0, 'KPI: no overload');
      const moves = await page.$$eval('#shifts tbody tr.early', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
      assert(moves.some((m) => m[0] === 'EB-CITY-500' && m[2] === 'Mar 27'), 'EB-CITY-500 of Mar 27 is pre-built: ' + JSON.stringify(moves.slice(0, 3)));
      for (const m of moves) assert(num(m[4]) >= 0, 'units shown');
      // Without overtime, still nothing overloaded (load levelled to regular hours).
      await page.uncheck('#overtime-toggle');
      await page.waitForFunction(() => !document.querySelector('#overtime-toggle').checked);
      cells = await utilisation(page);
      assert(cells.every((c) => !c.over), 'no overload without overtime either');
      assert(cells.every((c) => c.load <= c.regular + 1e-3 * (1 + c.regular)), 'load within regular hours');

      await page.waitForSelector('.save[data-state="saved"]');
      await page.screenshot({ path: path.join(OUT, 'supply-review.png'), fullPage: true });

      // Undo three times: overtime, constrained mode, the override.
      for (let i = 0; i < 3; i++) await page.click('button.undo');
      await page.waitForFunction(() => !document.querySelector('#constrained-toggle').checked);
      assert(!(await page.$('#supply-grid td.override')), 'override undone');
      const invUndone = await gridRow(page, 'inventory');
      assert(JSON.stringify(invUndone) === JSON.stringify(invBefore), 'inventory back to the plan before');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['strategies: family level, SKU manual and back to the family; clearing an override', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openSupply(context);
      // E-bikes family: target cover → level; a SKU of it then produces at one steady rate.
      await page.click('.tree button[data-family="EBIKE"]');
      await page.waitForSelector('h1 .sel-title:text("E-bikes")');
      const famBefore = await gridRow(page, 'production');
      await page.selectOption('#strategy-select', 'level');
      await page.waitForFunction((before) => {
        const now = [...document.querySelectorAll('#supply-grid tr.production td')].map((td) => td.textContent);
        return JSON.stringify(now) !== JSON.stringify(before);
      }, famBefore, { timeout: 5000 });
      // The family's SKUs follow it, and each can be given its own strategy there.
      const rows = await page.$$eval('#family-skus tbody tr', (trs) => trs.map((tr) => tr.querySelector('select').selectedOptions[0].textContent));
      assert(rows.length === 8 && rows.every((t) => t === 'As family (Level)'), 'family SKUs: ' + rows);
      await page.selectOption('#family-skus tr[data-sku="EB-CLASSIC"] select', 'chase');
      await page.waitForFunction(() => document.querySelector('#family-skus tr[data-sku="EB-CLASSIC"] select').value === 'chase');
      await page.click('.tree button[data-sku="EB-CITY-700"]');
      await page.waitForSelector('h1 .sel-title:text("EB-CITY-700")');
      const strategyText = await page.$eval('#strategy-select', (s) => s.selectedOptions[0].textContent);
      assert(strategyText.includes('As family') && strategyText.includes('Level'), 'SKU follows the family: ' + strategyText);
      const level = (await gridRow(page, 'production')).map(num);
      // One rate in whole lots (E-bikes: multiples of 5), the lots left over in the
      // earliest months: never rising, at most one lot apart.
      assert(level[0] > 0 && level.every((x) => x % 5 === 0), 'level production in lots of 5: ' + level);
      assert(level.every((x, t) => t === 0 || x <= level[t - 1]) && level[0] - level.at(-1) <= 5,
        'level production is one rate, the remainder first: ' + level);

      // Manual for this SKU: nothing is made except what is typed.
      await page.selectOption('#strategy-select', 'manual');
      await page.waitForFunction(() => [...document.querySelectorAll('#supply-grid tr.production input')].every((i) => i.value === '0'));
      await setCell(page, 'supply-grid-1-2', '1,250');
      await page.waitForSelector('#supply-grid td.override #supply-grid-1-2');
      const manual = (await gridRow(page, 'production')).map(num);
      assert(manual[2] === 1250 && manual.filter((x) => x !== 0).length === 1, 'only the typed month: ' + manual);
      const inv = (await gridRow(page, 'inventory')).map(num);
      assert(inv[2] > inv[1], 'inventory rises in the month of the typed production');

      // Emptying the cell gives the month back to the strategy (0 under manual).
      await setCell(page, 'supply-grid-1-2', '');
      await page.waitForFunction(() => !document.querySelector('#supply-grid td.override'));
      assert(num(await page.inputValue('#supply-grid-1-2')) === 0, 'cleared override');
      // Back to the family's strategy.
      await page.selectOption('#strategy-select', 'family');
      await page.waitForFunction((l) => {
        const v = [...document.querySelectorAll('#supply-grid tr.production input')].map((i) => i.value);
        return v.join('|') === l;
      }, level.map((x) => x.toLocaleString('en-US')).join('|'), { timeout: 5000 });
      // Backlog column shown, months of cover with one decimal, fill rate shown.
      assert((await page.textContent('#fill-rate')).includes('%'), 'fill rate shown');
      const cover = await gridRow(page, 'cover');
      assert(cover.every((c) => /^\d+\.\d$|^99\+$/.test(c.trim())), 'months of cover with one decimal: ' + cover.slice(0, 4));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['an approved cycle is read-only: every supply control is disabled', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openSupply(context);
      // Approve the stored cycle directly in IndexedDB, then reload.
      await page.evaluate(() => new Promise((resolve, reject) => {
        const open = indexedDB.open('sop-planner');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('cycles', 'readwrite');
          const req = tx.objectStore('cycles').openCursor();
          req.onsuccess = () => {
            const cur = req.result;
            if (!cur) return;
            const rec = cur.value;
            const cycle = JSON.parse(rec.json);
            cycle.status = 'approved';
            rec.json = JSON.stringify(cycle);
            cur.update(rec);
            cur.continue();
          };
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }));
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.waitForSelector('.topbar .cycle:text("Approved")');
      await page.waitForSelector('.supply .frozen-note');
      // The grid's cells are drawn once the forecast is in ("calculating…" before).
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 60000 });
      for (const sel of ['#constrained-toggle', '#overtime-toggle', '#unmet-select', '#strategy-select']) {
        assert(await page.isDisabled(sel), sel + ' disabled');
      }
      const inputs = await page.$$eval('#supply-grid input.cell', (i) => i.map((x) => x.disabled));
      assert(inputs.length === 18 && inputs.every(Boolean), 'production cells disabled');
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['workforce and component purchases are shown per month', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openSupply(context);
      const fte = await page.$$eval('#workforce tr.fte td', (tds) => tds.map((td) => td.textContent));
      assert(fte.length === 18 && fte.every((t) => /^\d+\.\d$/.test(t)), 'FTE per month: ' + fte.slice(0, 3));
      const labour = await page.$$eval('#workforce tr.labour td', (tds) => tds.map((td) => td.textContent));
      assert(labour.some((t) => t.includes(',')), 'labour hours with thousands separators');
      const groups = await page.$$eval('table#components tbody.component', (b) => b.length);
      assert(groups === 6, 'six components, got ' + groups);
      const spend = await page.$$eval('table#components tr.purchases td', (tds) => tds.map((td) => td.textContent));
      assert(spend.length === 19 && spend[18].includes('€'), 'purchase spend per month and total');
      await page.waitForSelector('#past-due p.ok');
      // 2,000 e-bikes next month need batteries sooner than their 2-month lead time:
      // the orders are past due, listed and flagged in the orders row.
      await setCell(page, 'supply-grid-1-1', '2000');
      await page.waitForSelector('#past-due li', { timeout: 5000 });
      const due = await page.$$eval('#past-due li', (lis) => lis.map((li) => li.textContent));
      assert(due.some((t) => t.includes('BATT')), 'battery order past due: ' + due);
      await page.waitForSelector('table#components tbody[data-component="BATT"] tr.orders td.past-due');
      await page.click('button.undo');
      await page.waitForSelector('#past-due p.ok');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['a large family\'s SKUs are listed 50 at a time, short of stock first, then the lowest fill rate; "Show 50 more" adds the next', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '?sample=3000#/supply');
      await page.click('.tree button[data-family="EBIKE"]');
      await page.waitForSelector('#family-skus tbody tr');
      const caption = await page.textContent('.more-rows');
      const total = Number(caption.match(/of (\d+) SKUs listed/)[1]);
      assert(total > 100, `E-bikes has more than 100 SKUs at 3,000: ${caption}`);
      const listed = () => page.$$eval('#family-skus tbody tr', (trs) => trs.map((tr) => ({
        short: tr.classList.contains('bad'),
        fill: Number(tr.children[5].textContent.replace(/[^0-9.]/g, '')),
      })));
      let rows = await listed();
      assert(rows.length === 50, `50 listed first: ${rows.length}`);
      // Short ones first, then fill rates from the lowest (as shown, rounded).
      const firstLong = rows.findIndex((r) => !r.short);
      assert(firstLong === -1 || rows.slice(firstLong).every((r) => !r.short), 'the short SKUs come first');
      const rest = rows.slice(firstLong === -1 ? rows.length : firstLong).map((r) => r.fill);
      assert(rest.every((f, i) => i === 0 || f >= rest[i - 1]), `then the lowest fill rate first: ${rest.join(' ')}`);
      await page.click('.more-rows .show-more');
      await page.waitForFunction(() => document.querySelectorAll('#family-skus tbody tr').length === 100);
      rows = await listed();
      assert(rows.length === 100, 'Show 50 more lists 100');
      // A SKU's own strategy set from the list still applies (one command, as before).
      const sku = await page.getAttribute('#family-skus tbody tr:nth-child(60)', 'data-sku');
      await page.selectOption(`#family-skus tr[data-sku="${sku}"] select`, 'chase');
      await page.waitForFunction((s) => document.querySelector(`#family-skus tr[data-sku="${s}"] select`)?.value === 'chase', sku);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
