// End-to-end: the workshop of issue 6 on the demo company, each step's figures on
// screen checked against the engine's own plan. At each step the workspace is exported
// from the page (workspace menu → Export backup) and planned by the native command line
// (`target/release/sop plan --input backup.json [--scenario Upside] --out plan.json`):
//   1. Demand review of the demo company;
//   2. the e-bike family's demand raised 20 % (change-demand form);
//   3. Supply review: the capacity chart and utilisation table show the overload;
//   4. constrained mode on: the overload is levelled and the moves are listed;
//   5. Financial review: revenue and cash of the upside, and its cash impact;
//   6. saved as scenario "Upside": Executive review compares it with the base plan;
//   7. approved (read-only).
// Screenshots: test-output/workshop-<n>-<step>.png.
import { serveDist, launch, approveCycle, watch, newLog, assert, chartsDrawn, assertOnlyOrigin, assertNoErrors, run, OUT, ROOT } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOP = path.join(ROOT, 'target/release/sop');
if (!fs.existsSync(SOP)) throw new Error('target/release/sop is missing: cargo build --release --bin sop');
const DIR = path.join(OUT, 'workshop');
fs.mkdirSync(DIR, { recursive: true });
const FAMILY = 'EBIKE';

const server = await serveDist();

/** Downloads the workspace backup from the page into DIR/<name>.json. */
async function exportBackup(page, name) {
  await page.click('.workspace-menu .menu-button');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
  const file = path.join(DIR, `${name}.json`);
  await download.saveAs(file);
  return file;
}

/** The engine's plan of a backup: `sop plan` (base plan, or the named scenario). */
function enginePlan(backup, scenario) {
  const out = backup.replace(/\.json$/, scenario ? `-plan-${scenario}.json` : '-plan.json');
  const args = ['plan', '--input', backup, '--out', out];
  if (scenario) args.push('--scenario', scenario);
  execFileSync(SOP, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

async function shot(page, n, step) {
  await chartsDrawn(page);
  await page.screenshot({ path: path.join(OUT, `workshop-${n}-${step}.png`), fullPage: true });
}

async function go(page, slug) {
  await page.click(`nav.steps a[href="#/${slug}"]`);
  await page.waitForSelector(`section.step.${slug}`);
}

/** A number as shown (`1,234`, `87 %`, `−€ 5`) → Number. */
function num(text) {
  const t = String(text).replace(/−/g, '-').replace(/[^0-9.\-]/g, '');
  const v = Number(t);
  if (!Number.isFinite(v) || t === '') throw new Error(`not a number on screen: "${text}"`);
  return v;
}

/** An exact decimal string (the page's data-value, the plan's JSON) → BigInt of 1e-12. */
function exact(s) {
  const str = String(s);
  const neg = str.startsWith('-');
  const [i, f = ''] = str.replace('-', '').split('.');
  assert(f.length <= 12, 'at most 12 decimals: ' + s);
  const v = BigInt(i + f.padEnd(12, '0'));
  return neg ? -v : v;
}

/** The family's rows of a plan grid, summed per month. */
function familySum(plan, grid) {
  const rows = plan.skus.map((_, i) => i).filter((i) => plan.sku_family[i] === FAMILY);
  return plan.months.map((_, t) => rows.reduce((a, i) => a + grid[i][t], 0));
}

/** Waterfall row of the selection: the plan months' numbers (inputs or text). */
async function waterfallRow(page, cls) {
  return page.$$eval(`#waterfall tr.${cls} td`, (tds) => tds.filter((td) => !td.classList.contains('empty'))
    .map((td) => (td.querySelector('input') ? td.querySelector('input').value : td.textContent)));
}

/** Every utilisation cell: resource, shown percent, data-load, flags. */
async function utilisation(page) {
  return page.$$eval('table#utilization tbody td[data-load]', (tds) => tds.map((td) => ({
    resource: td.closest('tr').dataset.resource,
    text: td.textContent.trim(),
    load: Number(td.dataset.load),
    over: td.classList.contains('over'),
  })));
}

/** The table shows the plan's capacity: load, utilisation (whole percent) and overloads. */
function assertCapacity(cells, plan, what) {
  const cap = plan.capacity;
  const h = plan.months.length;
  assert(cells.length === cap.resources.length * h, `${what}: a cell per resource and month (${cells.length})`);
  cells.forEach((c, k) => {
    const r = Math.floor(k / h);
    const t = k % h;
    assert(c.resource === cap.resources[r], `${what}: row ${r} is ${cap.resources[r]}`);
    const load = cap.load[r][t];
    assert(Math.abs(c.load - load) <= 5e-4 * Math.max(1, Math.abs(load)), `${what}: ${c.resource} month ${t} load ${c.load} = engine ${load}`);
    const u = cap.utilization[r][t];
    const shown = cap.regular[r][t] <= 0 && load > 1e-6 ? 'no hours' : `${Math.round(u * 100)} %`;
    assert(c.text === shown, `${what}: ${c.resource} month ${t} shows ${c.text}, engine ${shown}`);
    assert(c.over === cap.overload[r][t] > 0, `${what}: ${c.resource} month ${t} overload flag ${c.over}, engine overload ${cap.overload[r][t]}`);
  });
}

function overloads(plan) {
  return plan.capacity.overload.flat().filter((o) => o > 0).length;
}

/** Finance table row (by data-row) as exact values per month. */
async function financeRow(page, row) {
  return page.$$eval(`#finance-table tr[data-row="${row}"] td[data-month]`, (tds) => tds.map((td) => td.getAttribute('data-value')));
}

/** Same decimal: equal to the 1e-12, or (`tolerance` > 0) within that many units. */
function sameDecimal(shown, engine, what) {
  assert(shown !== null && shown !== undefined, `${what}: shown`);
  const d = exact(shown) - exact(engine);
  assert(d === 0n, `${what}: shown ${shown} = engine ${engine}`);
}

/** Same f64 KPI (the page prints Rust's shortest form, the plan JSON serde's). */
function sameNumber(shown, engine, what) {
  const a = Number(shown);
  assert(Math.abs(a - engine) <= 1e-9 * Math.max(1, Math.abs(engine)), `${what}: shown ${shown} = engine ${engine}`);
}

await run([
  ['workshop: +20 % e-bikes → overload → constrained → cash → scenario "Upside" → compared → approved, figures = the engine\'s plan', async () => {
    const { context } = await launch();
    try {
      const page = await context.newPage();
      const log = newLog();
      watch(page, log);

      // 1. The demo company, Demand review of the e-bike family.
      await page.goto(server.url + '#/demand');
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 60000 });
      await page.click(`.tree button[data-family="${FAMILY}"]`);
      await page.waitForSelector('h1 .sel-title:has-text("family")');
      await page.waitForSelector('#demand-chart canvas');
      const base = enginePlan(await exportBackup(page, '1-demo'));
      const consensus0 = familySum(base, base.demand.consensus);
      let shown = (await waterfallRow(page, 'consensus')).map(num);
      assert(shown.length === base.months.length, `a consensus cell per planned month: ${shown.length}`);
      shown.forEach((v, t) => assert(Math.abs(v - consensus0[t]) <= 0.5 + 1e-6, `month ${t}: family consensus ${v} = engine ${consensus0[t]}`));
      const overloads0 = overloads(base);
      await shot(page, 1, 'demand-review');

      // 2. Raise the family's demand 20 % (Sales layer, whole horizon).
      await page.fill('#change-amount', '20');
      await page.fill('#change-reason', 'Workshop: e-bike upside');
      const before = await waterfallRow(page, 'consensus');
      await page.click('#change-apply');
      await page.waitForSelector('.plan-picker .what-if');
      await page.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#waterfall tr.consensus input')].map((i) => i.value).filter((v) => v !== '')) !== JSON.stringify(b), before);
      const up = enginePlan(await exportBackup(page, '2-upside'));
      const consensus1 = familySum(up, up.demand.consensus);
      const stat1 = familySum(up, up.demand.statistical);
      const sales1 = familySum(up, up.demand.sales);
      shown = (await waterfallRow(page, 'consensus')).map(num);
      shown.forEach((v, t) => assert(Math.abs(v - consensus1[t]) <= 0.5 + 1e-6, `month ${t}: raised consensus ${v} = engine ${consensus1[t]}`));
      const salesShown = (await waterfallRow(page, 'sales')).map(num);
      salesShown.forEach((v, t) => assert(Math.abs(v - sales1[t]) <= 0.5 + 1e-6, `month ${t}: sales layer ${v} = engine ${sales1[t]}`));
      // The sales layer adds 20 % of the statistical baseline of each SKU of the family.
      stat1.forEach((s, t) => assert(Math.abs(sales1[t] - familySum(base, base.demand.sales)[t] - 0.2 * s) <= 1e-6 * Math.max(1, s), `month ${t}: +20 % of the baseline ${s} in the sales layer`));
      await shot(page, 2, 'demand-upside');

      // 3. Supply review: the upside overloads capacity, chart and table say where.
      await go(page, 'supply');
      await page.waitForSelector('#capacity-chart canvas');
      const overloads1 = overloads(up);
      assert(overloads1 > overloads0, `the upside overloads capacity: ${overloads0} → ${overloads1} resource-months`);
      assertCapacity(await utilisation(page), up, 'unconstrained upside');
      assert(num(await page.textContent('#kpi-overloads .kpi-value')) === overloads1, 'the overloads KPI = the engine\'s count');
      const r = up.capacity.resources.findIndex((_, k) => up.capacity.overload[k].some((o) => o > 0));
      const res = up.capacity.resources[r];
      await page.click(`.resource-picker button[data-resource="${res}"]`);
      await page.waitForSelector(`.resource-picker button[data-resource="${res}"][aria-pressed="true"]`);
      await chartsDrawn(page);
      const chart = await page.evaluate(() => {
        const c = window.echarts.getInstanceByDom(document.querySelector('#capacity-chart'));
        const o = c.getOption();
        const load = o.series.find((s) => s.name === 'Load');
        const regular = o.series.find((s) => s.name === 'Regular hours');
        return { load: load.data.map((d) => (d !== null && typeof d === 'object' ? d.value : d)), areas: regular.markArea.data.length };
      });
      assert(JSON.stringify(chart.load) === JSON.stringify(up.capacity.load[r].map((x) => Math.round(x))), `${res}: chart loads = engine loads`);
      const overMonths = up.capacity.overload[r].filter((o) => o > 0).length;
      assert(chart.areas === overMonths, `${res}: ${overMonths} overloaded month(s) shaded in the chart, got ${chart.areas}`);
      assert((await page.textContent('.chart-caption')).includes('overloaded'), 'the chart caption names the overload');
      await shot(page, 3, 'supply-overload');

      // 4. Constrained mode: the excess is pre-built or made late; nothing overloaded.
      await page.check('#constrained-toggle');
      await page.waitForSelector('#shifts tbody tr');
      const con = enginePlan(await exportBackup(page, '4-constrained'));
      assert(con.capacity.constrained, 'the engine plans constrained');
      assert(overloads(con) === 0, 'the engine levels every overload');
      assertCapacity(await utilisation(page), con, 'constrained upside');
      assert(num(await page.textContent('#kpi-overloads .kpi-value')) === 0, 'KPI: no overload');
      const moves = await page.$$eval('#shifts tbody tr:not(.none)', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
      assert(moves.length === con.capacity.shifts.length && moves.length > 0, `the moves listed (${moves.length}) are the engine's (${con.capacity.shifts.length})`);
      moves.forEach((m, k) => {
        const s = con.capacity.shifts[k];
        assert(m[0] === s.sku && m[1] === s.resource && Math.abs(num(m[4]) - s.units) <= 0.5 + 1e-6, `move ${k}: ${m.join(' | ')} = engine ${JSON.stringify(s)}`);
      });
      await page.waitForSelector('.save[data-state="saved"]');
      await shot(page, 4, 'supply-constrained');

      // 5. Financial review: the upside's revenue and cash, month by month, and its impact.
      await go(page, 'finance');
      await page.waitForSelector('#cash-chart canvas');
      const revenue = await financeRow(page, 'revenue');
      const cash = await financeRow(page, 'cash');
      assert(revenue.length === con.finance.months.length, 'a revenue cell per month');
      con.finance.months.forEach((m, t) => {
        sameDecimal(revenue[t], m.revenue, `revenue month ${t}`);
        sameDecimal(cash[t], m.cash, `cash month ${t}`);
      });
      sameDecimal(await page.getAttribute('#kpi-cash-low .kpi-value', 'data-value'), con.finance.cash_low, 'cash low tile');
      sameDecimal(await page.getAttribute('#finance-table tr[data-row="revenue"] td.total', 'data-value'), con.kpis.revenue, 'revenue total');
      const impact = exact(cash[cash.length - 1]) - exact(base.finance.months[base.months.length - 1].cash);
      assert(impact !== 0n, 'the upside changes the end cash');
      const revImpact = exact(con.kpis.revenue) - exact(base.kpis.revenue);
      assert(revImpact > 0n, 'the upside raises revenue');
      console.log(`     cash impact of the upside: end cash ${Number(impact) / 1e12 >= 0 ? '+' : ''}${(Number(impact) / 1e12).toFixed(2)}, revenue +${(Number(revImpact) / 1e12).toFixed(2)}`);
      await shot(page, 5, 'finance-cash');

      // 6. Save as scenario "Upside" (the base plan goes back), compare in the executive review.
      await go(page, 'executive');
      await page.fill('#scenario-name', 'Upside');
      assert(await page.isChecked('#scenario-reset'), 'the base plan is put back by default');
      await page.click('#save-scenario');
      await page.waitForSelector('.scenario-list li[data-scenario="Upside"]');
      await page.waitForSelector('#compare-table td.delta[data-plan="Upside"]');
      await page.waitForSelector('.save[data-state="saved"]');
      const saved = await exportBackup(page, '6-scenario');
      const basePlan = enginePlan(saved);
      const upside = enginePlan(saved, 'Upside');
      sameDecimal(basePlan.kpis.revenue, base.kpis.revenue, 'the base plan is back to the demo\'s');
      sameDecimal(upside.kpis.revenue, con.kpis.revenue, 'the scenario is the constrained upside');
      const rows = await page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => ({
        key: tr.dataset.kpi,
        base: tr.querySelector('td[data-plan="base"]').getAttribute('data-value'),
        up: tr.querySelector('td[data-plan="Upside"]:not(.delta)').getAttribute('data-value'),
        delta: tr.querySelector('td.delta[data-plan="Upside"]').getAttribute('data-value'),
        deltaText: tr.querySelector('td.delta[data-plan="Upside"]').textContent.trim(),
      })));
      assert(rows.length >= 15, 'the KPI rows: ' + rows.length);
      for (const row of rows) {
        const a = basePlan.kpis[row.key];
        const b = upside.kpis[row.key];
        assert(a !== undefined, `engine KPI ${row.key}`);
        if (a === null) {
          assert(row.base === '' && row.up === '', `${row.key}: none`);
        } else if (typeof a === 'string') {
          sameDecimal(row.base, a, `${row.key} base`);
          sameDecimal(row.up, b, `${row.key} Upside`);
          assert(exact(row.delta) === exact(b) - exact(a), `${row.key}: Δ ${row.delta} = ${b} − ${a}`);
        } else {
          sameNumber(row.base, a, `${row.key} base`);
          sameNumber(row.up, b, `${row.key} Upside`);
          sameNumber(row.delta, b - a, `${row.key} Δ`);
        }
      }
      const revenueRow = rows.find((x) => x.key === 'revenue');
      assert(revenueRow.deltaText.startsWith('+'), 'revenue Δ shown positive: ' + revenueRow.deltaText);
      const cashLow = rows.find((x) => x.key === 'cash_low');
      console.log(`     executive review: revenue Δ ${revenueRow.deltaText}, cash low Δ ${cashLow.deltaText}`);
      await shot(page, 6, 'executive-compare');

      // 7. Approve: the cycle is frozen with this plan.
      await approveCycle(page);
      await page.waitForSelector('.approved-note');
      await page.waitForSelector('.save[data-state="saved"]');
      const approved = await exportBackup(page, '7-approved');
      const ws = JSON.parse(fs.readFileSync(approved, 'utf8'));
      const cycle = ws.cycles[ws.cycles.length - 1];
      assert(cycle.status === 'approved' && cycle.frozen, 'the backup holds the approved, frozen cycle: ' + cycle.status);
      assert(cycle.scenarios.some((s) => s.name === 'Upside'), 'the scenario is kept');
      sameDecimal(enginePlan(approved).kpis.revenue, basePlan.kpis.revenue, 'approving does not change the plan');
      assert(await page.isDisabled('#save-scenario'), 'read-only once approved');
      await shot(page, 7, 'approved');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
