// End-to-end: Optimize in the supply review of the demo company, in headless Chromium.
// Optimize (min cost) solves in the optimize worker and saves the scenario "Optimized:
// min cost"; its cost table and shadow prices are shown and match the native engine
// (`target/release/sop optimize` on the backup exported from the page); Cancel changes
// nothing; promoting the scenario makes its production the base plan's; max FTE 0 is
// explained and changes nothing; max service prices the limits in unit-months of
// shortage; costs edited in the Data view (the `costs` and
// `family_costs` tables) are validated as on import, kept across a reload, and the next
// solve equals `sop optimize` with them.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, exportBackup, run, ROOT, OUT } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOP = path.join(ROOT, 'target/release/sop');
if (!fs.existsSync(SOP)) throw new Error('target/release/sop is missing: cargo build --release --bin sop');

const server = await serveDist();
const NAME = 'Optimized: min cost';

/** "€ 1,234" / "−€ 5" → Number. */
const num = (t) => Number(String(t).replace(/−/g, '-').replace(/[^0-9.\-]/g, ''));

/** `sop optimize` of a backup file: the parsed output. */
function engineOptimize(file, name) {
  const out = path.join(OUT, `optimize-${name}.json`);
  execFileSync(SOP, ['optimize', '--input', file, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

async function go(page, slug) {
  await page.click(`nav.steps a[href="#/${slug}"]`);
  await page.waitForSelector(`section.step.${slug}`);
}

/** The scenarios' names in the plan picker. */
const pickerScenarios = (page) => page.$$eval('#scenario-select option', (o) => o.map((x) => x.textContent.trim()));

/** The overrides of a plan's inputs as "sku month units" lines, sorted. */
const overrideLines = (inputs) => (inputs.supply?.overrides ?? []).map((o) => `${o.sku} ${o.month} ${o.units}`).sort();

await run([
  ['optimize (min cost): scenario saved, cost table and shadow prices match `sop optimize`; promote', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/supply');
      await page.waitForSelector('#optimize-run');
      assert(!(await pickerScenarios(page)).includes(`Scenario: ${NAME}`), 'no optimized scenario yet');

      // Cancel: the worker is stopped and nothing changes.
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-solving');
      await page.click('#optimize-cancel');
      await page.waitForSelector('#opt-failed:has-text("Cancelled")');
      assert(!(await pickerScenarios(page)).includes(`Scenario: ${NAME}`), 'a cancelled solve saves nothing');

      // The page stays responsive while the worker solves: no long task over 50 ms until
      // its answer comes (taking the answer in — a scenario, its plan, the views — is the
      // page's work after the solve, and on a loaded machine can pass 50 ms of wall time).
      await page.evaluate(() => {
        window.__long = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
        // The solving worker is made at the click: note when its first answer (any
        // message but "ready") reaches the page.
        const Native = window.Worker;
        window.Worker = class extends Native {
          constructor(url, options) {
            super(url, options);
            if (/optimize-worker/.test(String(url))) {
              this.addEventListener('message', (ev) => {
                if (!(ev.data && ev.data.ready) && window.__answerAt === undefined) window.__answerAt = performance.now();
              });
            }
          }
        };
      });
      const t0 = Date.now();
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-solving');
      await page.waitForSelector('#opt-result', { timeout: 120000 });
      console.log(`     demo, min cost, in the browser: ${Date.now() - t0} ms from click to result (worker start, solve, scenario)`);
      // The tasks before the one that brings the answer (which takes it in); null if no
      // answer came from a worker.
      const solvingLong = await page.evaluate(() => window.__answerAt === undefined ? null
        : window.__long.filter(([start, d]) => start + d <= window.__answerAt).map(([, d]) => d));
      assert(await page.$('#optimize-cancel') === null, 'no Cancel once solved');
      await page.waitForFunction((n) => [...document.querySelectorAll('#scenario-select option')].some((o) => o.textContent.includes(n)), NAME);

      const costs = await page.$$eval('#opt-costs tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      const labels = costs.map((r) => r[0]);
      for (const l of ['Regular labour', 'Overtime', 'Hiring', 'Layoffs', 'Holding', 'Backlog', 'Subcontracting', 'Lost margin', 'Total']) {
        assert(labels.includes(l), `cost line ${l}: ${labels}`);
      }
      const total = num(await page.textContent('#opt-total'));
      const revenue = num(await page.textContent('#opt-revenue'));
      const shadow = await page.$$eval('#opt-shadow li', (li) => li.map((x) => x.textContent.trim()));
      assert(shadow.length >= 1, 'at least one shadow price: ' + shadow);
      const gap = await page.textContent('#opt-gap');
      await page.locator('#optimize-section').screenshot({ path: path.join(OUT, 'optimize.png') });

      // The same numbers from the native engine on the exported backup.
      const { backup, file } = await exportBackup(page);
      const eng = engineOptimize(file, 'demo');
      const o = eng.optimized;
      assert(Math.round(Number(o.costs.total)) === total, `total ${total} vs sop optimize ${o.costs.total}`);
      assert(Math.round(Number(o.revenue)) === revenue, `revenue ${revenue} vs sop optimize ${o.revenue}`);
      assert(num(await page.textContent('#opt-profit')) === Math.round(Number(o.gross_profit)), 'gross profit as sop optimize: ' + o.gross_profit);
      const row = (label) => costs.find((r) => r[0] === label);
      assert(num(row('Regular labour')[2]) === Math.round(Number(o.costs.regular_labour)), 'regular labour: ' + row('Regular labour'));
      assert(num(row('Overtime')[2]) === Math.round(Number(o.costs.overtime)), 'overtime: ' + row('Overtime'));
      // The saved scenario, split to SKUs in whole lots, costed in the same model.
      const savedLine = (await page.textContent('#opt-saved-cost')).replace(/\u00a0/g, ' ');
      assert(eng.saved, 'sop optimize costs the saved scenario');
      const savedTotal = `€ ${Math.round(Number(eng.saved.total)).toLocaleString('en-US')}`;
      assert(savedLine.includes(savedTotal), `saved scenario's cost ${savedTotal} shown: ${savedLine}`);
      // The current plan costs at least the optimum (same cost model).
      const now = num(row('Total')[1]);
      assert(Number.isFinite(now) && now >= total, `current plan ${now} ≥ optimized ${total}`);
      assert(Math.abs(num(row('Total')[3]) - (total - now)) <= 1, 'difference = optimized − current: ' + row('Total'));
      // The biggest hour price of the engine is shown, in words.
      const top = o.shadow.hours[0];
      assert(top, 'the engine finds a binding hour limit');
      const priced = shadow.find((s) => s.startsWith('One more hour on') && s.includes(`is worth € ${Math.round(Number(top.per_hour)).toLocaleString('en-US')}`));
      assert(priced, `hour price ${top.per_hour} (${top.resource} ${top.month}) shown: ${shadow.join(' | ')}`);
      assert(gap.includes(`${o.size.variables} variables`) && gap.includes(`${o.size.constraints} constraints`), 'model size: ' + gap);
      // The saved scenario holds exactly the engine's production overrides.
      const cycle = backup.cycles.at(-1);
      const sc = cycle.scenarios.find((s) => s.name === NAME);
      assert(sc, 'the backup holds the scenario');
      assert(eng.scenario === NAME, 'same scenario name: ' + eng.scenario);
      const mine = overrideLines(sc.inputs);
      assert(mine.length > 0 && JSON.stringify(mine) === JSON.stringify(overrideLines(eng.inputs)), `overrides match the engine (${mine.length})`);
      assert(solvingLong !== null, "the optimizer's worker answered (the solve ran in it)");
      assert(solvingLong.every((d) => d <= 50), 'no long task while solving: ' + solvingLong);

      // Show it: the scenario becomes the active plan.
      await page.click('#opt-open');
      await page.waitForFunction((id) => document.querySelector('#scenario-select').value === String(id), sc.id);

      // Promote it like any scenario: the base plan takes its production.
      await go(page, 'executive');
      await page.click(`.scenario-list li[data-scenario="${NAME}"] button.promote`);
      await page.waitForFunction(() => document.querySelector('#scenario-select').value === 'base');
      const { backup: after } = await exportBackup(page);
      const base = after.cycles.at(-1).inputs;
      assert(JSON.stringify(overrideLines(base)) === JSON.stringify(mine), 'the base plan has the optimized production');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['max FTE 0 with demand: the engine explains, nothing is changed', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/supply');
      await page.waitForSelector('#optimize-run');
      await page.fill('#opt-max-fte', '0');
      await page.press('#opt-max-fte', 'Enter');
      await page.waitForFunction(() => document.querySelector('#opt-max-fte').value === '0');
      const before = await pickerScenarios(page);
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-noplan', { timeout: 120000 });
      const why = await page.textContent('#opt-noplan');
      assert(why.includes('max FTE is 0') && why.includes('Nothing was changed'), why);
      await page.locator('#optimize-section').screenshot({ path: path.join(OUT, 'optimize-infeasible.png') });
      assert(await page.$('#opt-result') === null, 'no result shown');
      assert(JSON.stringify(await pickerScenarios(page)) === JSON.stringify(before), 'no scenario saved');
      // Back to no limit (undo) and the optimizer finds a plan again, for max profit too.
      await page.click('.topbar button.undo');
      await page.waitForFunction(() => document.querySelector('#opt-max-fte').value === '');
      await page.selectOption('#opt-objective', 'profit');
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-result', { timeout: 120000 });
      assert((await pickerScenarios(page)).includes('Scenario: Optimized: max profit'), 'the max-profit scenario is in the picker');
      const head = await page.$$eval('#opt-costs thead th', (th) => th.map((x) => x.textContent.trim()));
      assert(head.includes('Optimized: max profit') && head.includes('Base plan'), 'columns: ' + head);
      // Max profit earns at least the base plan's gross profit in the same model.
      const gp = await page.$$eval('#opt-costs tr.profit', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
      const [nowGp, optGp] = [num(gp[1][1]), num(gp[1][2])];
      assert(gp[1][0] === 'Gross profit' && optGp >= nowGp, `gross profit ${optGp} ≥ base ${nowGp}`);
      // Max service: the limits' prices and the gap read in unit-months of shortage (not
      // in the objective's weights, a thousandfold the highest price per unit-month).
      await page.selectOption('#opt-objective', 'service');
      await page.click('#optimize-run');
      await page.waitForFunction(() => [...document.querySelectorAll('#scenario-select option')].some((o) => o.textContent.includes('Optimized: max service')), null, { timeout: 120000 });
      await page.waitForSelector('#opt-result');
      const prices = await page.$$eval('#opt-shadow li', (li) => li.map((x) => x.textContent.trim()));
      assert(prices.length >= 1 && prices.every((p) => p.includes('unit-months of shortage') && (p.startsWith('Each') || !p.includes('€'))), 'service prices in unit-months: ' + prices);
      const hour = prices.find((p) => p.startsWith('One more hour'));
      const perHour = hour && Number(hour.match(/saves ([0-9.,]+) unit-months/)[1].replace(/,/g, ''));
      assert(perHour > 0 && perHour < 10, 'an hour saves a fraction of a unit-month: ' + hour);
      assert((await page.textContent('#opt-gap')).includes('unit-months of shortage above it'), 'the gap in unit-months');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a solve survives a step change: leave the supply review while it runs, come back to its result', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/supply');
      await page.waitForSelector('#optimize-run');
      await page.selectOption('#opt-objective', 'profit');
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-solving');
      await go(page, 'executive');
      await go(page, 'supply');
      // Still solving (or done meanwhile), with the objective chosen before.
      await page.waitForSelector('#opt-solving, #opt-result');
      assert(await page.inputValue('#opt-objective') === 'profit', 'the objective is kept');
      await page.waitForSelector('#opt-result', { timeout: 120000 });
      assert((await pickerScenarios(page)).includes('Scenario: Optimized: max profit'), 'the solve saved its scenario');
      // The result stays too across another step change.
      await go(page, 'demand');
      await go(page, 'supply');
      await page.waitForSelector('#opt-result');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['a cost edited in the Data view is validated as on import, kept across a reload, and changes the optimum as `sop optimize`', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/supply');
      await page.waitForSelector('#optimize-run');
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-result', { timeout: 120000 });
      const holdingLine = async () => {
        const costs = await page.$$eval('#opt-costs tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
        return num(costs.find((r) => r[0] === 'Holding')[2]);
      };
      const [total0, holding0] = [num(await page.textContent('#opt-total')), await holdingLine()];

      await go(page, 'data');
      const holding = page.locator('#table-costs tr[data-id="holding_pct"] input[aria-label="Holding cost % a year"]');
      assert(await holding.inputValue() === '22', 'the demo holds stock at 22 % a year: ' + await holding.inputValue());
      // The plan's validation refuses what an import of the costs table refuses.
      await holding.fill('2000');
      await holding.press('Enter');
      await page.waitForSelector('#costs-problem:has-text("1000")');
      const msg = await page.textContent('#costs-problem');
      assert(msg.includes('holding') && msg.includes('Nothing was changed'), msg);
      await holding.fill('200');
      await holding.press('Enter');
      await page.waitForFunction(() => document.querySelector('#costs-problem').textContent === '');
      // A family's subcontracting limit (a family_costs cell).
      const city = page.locator('#table-family_costs tr[data-id="CITY"] input[aria-label="Subcontracting limit / month of CITY"]');
      assert(await city.inputValue() === '40', 'CITY subcontracts up to 40 a month: ' + await city.inputValue());
      await city.fill('0');
      await city.press('Enter');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      assert(await holding.inputValue() === '200', 'holding % kept: ' + await holding.inputValue());
      assert(await city.inputValue() === '0', 'subcontracting limit kept: ' + await city.inputValue());

      await go(page, 'supply');
      await page.click('#optimize-run');
      await page.waitForSelector('#opt-solving');
      await page.waitForSelector('#opt-result', { timeout: 120000 });
      const [total1, holding1] = [num(await page.textContent('#opt-total')), await holdingLine()];
      assert(total1 > total0 && holding1 !== holding0, `dearer stock, no subcontracting: total ${total0} → ${total1}, holding ${holding0} → ${holding1}`);
      const { backup, file } = await exportBackup(page);
      const costs = backup.cycles.at(-1).inputs.supply.costs;
      assert(costs.holding_pct === '200' || Number(costs.holding_pct) === 200, 'the backup holds 200 %: ' + costs.holding_pct);
      const o = engineOptimize(file, 'costs-edited').optimized;
      assert(Math.round(Number(o.costs.total)) === total1, `total ${total1} vs sop optimize ${o.costs.total}`);
      assert(Math.round(Number(o.costs.holding)) === holding1, `holding ${holding1} vs sop optimize ${o.costs.holding}`);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
