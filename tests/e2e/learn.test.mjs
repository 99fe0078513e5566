// End-to-end: a model choice that learns (src/engine/forecast/learn.rs). The demo is
// approved and rolled forward three times (Nov 26 → Dec 26 → Jan 27 → Feb 27), each
// month's actuals pasted as the seasonal naive forecast (the same month a year before,
// read from a backup exported from the page), so that policy is right every time. The
// accuracy view then shows the track record per approved cycle; its baseline WAPE, the
// layers' FVA and the plain ensemble's WAPE equal what this test computes from the
// exported backup (frozen plans against the newest cycle's history), and a cycle planned
// with a track record says whether its plan used the learned baseline, as its frozen
// plan does (the plain ensemble kept beside learned SKUs). The guard: Jan 27 had a learned
// candidate but no record of it against the plain ensemble yet, so it was planned plain
// ("plain (paused)"); the line above the table says whether Feb 27 plans with it, and its
// frozen plan agrees. The fourth cycle, planned in
// the browser's worker pool with the learned choice, is approved: its frozen statistical
// layer equals the native `sop plan` of the exported backup (`forecast::baselines_in`).
import { serveDist, launch, openPage, approveCycle, exportBackup, assert, assertOnlyOrigin, assertNoErrors, run, OUT, ROOT } from './harness.mjs';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const SOP = path.join(ROOT, 'target/release/sop');
if (!fs.existsSync(SOP)) throw new Error('target/release/sop is missing: cargo build --release --bin sop');

const server = await serveDist();

/** "2026-11" → months since year 0. */
const idx = (m) => { const [y, mo] = m.split('-').map(Number); return y * 12 + mo - 1; };
const label = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Actual of history `h` in month index `i` (undefined when not recorded). */
const at = (h, i) => h.units[i - idx(h.start)];

/** Σ|f − a| / Σ|a| over pairs (null when Σ|a| = 0). */
function wape(pairs) {
  let num = 0, den = 0;
  for (const [f, a] of pairs) { num += Math.abs(f - a); den += Math.abs(a); }
  return den > 0 ? num / den : null;
}

/** What the track record of approved cycle `c` must show, from the backup. */
function expected(backup, c) {
  const latest = backup.cycles[backup.cycles.length - 1];
  const hist = new Map(latest.history.map((h) => [h.sku, h]));
  const layers = ['statistical', 'sales', 'marketing', 'pipeline', 'consensus'];
  const pairs = layers.map(() => []);
  const plain = [];
  const months = new Set();
  for (const s of c.frozen.series) {
    const h = hist.get(s.sku);
    if (!h) continue;
    const p = s.plain && s.plain.length ? s.plain : s.statistical;
    for (let t = 0; t < s.consensus.length; t++) {
      const m = idx(c.frozen.start) + t;
      const a = at(h, m);
      if (a === undefined || a === null) continue;
      months.add(m);
      layers.forEach((l, k) => pairs[k].push([s[l][t], a]));
      if (t < Math.min(6, p.length)) plain.push([p[t], a]);
    }
  }
  const w = pairs.map(wape);
  return { months: months.size, wape: w[0], fva: w.slice(1).map((x, k) => w[k] - x), plain: wape(plain) };
}

await run([
  ['three cycles approved and rolled forward with actuals: the track record per cycle equals the backup\'s figures', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.waitForSelector('#accuracy-empty');
      assert(await page.$('#track-table') === null, 'no track record before any actual');
      for (let k = 0; k < 3; k++) {
        await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 60000 });
        await approveCycle(page);
        await page.waitForSelector('.save[data-state="saved"]');
        const { backup } = await exportBackup(page);
        const cycle = backup.cycles[backup.cycles.length - 1];
        const m = idx(cycle.label);
        const hist = new Map(cycle.history.map((h) => [h.sku, h]));
        // The seasonal naive value of the ended month: a year before.
        const lines = cycle.master.products.map((p) => `${p.sku}\t${Math.round(at(hist.get(p.sku), m - 12) ?? 0)}`);
        await page.click('#roll-forward');
        await page.waitForSelector('#roll-form');
        await page.evaluate((text) => {
          const el = document.querySelector('#actuals-paste');
          el.focus();
          const dt = new DataTransfer();
          dt.setData('text/plain', text);
          el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        }, ['SKU\tUnits', ...lines].join('\n'));
        await page.waitForSelector(`#roll-count:has-text("${lines.length} of ${lines.length}")`);
        await page.click('#roll-confirm');
        await page.waitForSelector(`.topbar .cycle:has-text("Cycle ${label(m + 1)} · Draft")`);
        await page.waitForSelector('.save[data-state="saved"]');
      }
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 60000 });
      await page.click('nav.steps a[href="#/demand"]');
      await page.waitForSelector('#track-table');
      const { backup } = await exportBackup(page);
      const approved = backup.cycles.filter((c) => c.frozen);
      assert(approved.length === 3, 'three approved cycles: ' + approved.length);
      const rows = await page.$$eval('#track-table tbody tr', (trs) => trs.map((tr) => ({
        cycle: tr.dataset.cycle,
        label: tr.querySelector('th').textContent.trim(),
        months: Number(tr.querySelector('td.months').textContent),
        wape: tr.querySelector('td.wape').dataset.value,
        fva: [...tr.querySelectorAll('td.fva')].map((td) => td.dataset.value),
        plain: tr.querySelector('td.plain').dataset.value,
        learned: tr.querySelector('td.learned').dataset.value,
        learnedText: tr.querySelector('td.learned').textContent.trim(),
        used: tr.querySelector('td.used').textContent.trim(),
      })));
      console.log(rows.map((r) => `  ${r.label}: ${r.months} months, baseline ${r.wape}, plain ${r.plain}, learned ${r.learned} (${r.used})`).join('\n'));
      assert(rows.length === 3, 'a row per approved cycle: ' + rows.length);
      const close = (a, b) => Math.abs(Number(a) - b) < 1e-9;
      approved.forEach((c, k) => {
        const r = rows[k];
        const e = expected(backup, c);
        assert(r.cycle === c.id && r.label === c.label, `row ${k} is cycle ${c.label}: ${r.label}`);
        assert(r.months === e.months && e.months === 3 - k, `${c.label}: ${r.months} months scored = ${e.months}`);
        assert(close(r.wape, e.wape), `${c.label} baseline WAPE ${r.wape} = ${e.wape}`);
        e.fva.forEach((f, j) => assert(close(r.fva[j], f), `${c.label} FVA ${j + 1}: ${r.fva[j]} = ${f}`));
        assert(close(r.plain, e.plain), `${c.label} plain ${r.plain} = ${e.plain}`);
        assert(/^\d+\.\d %$/.test(r.learnedText), 'a percentage: ' + r.learnedText);
        // The plan used the learned baseline exactly when its frozen plan kept a plain one.
        const learnedSkus = c.frozen.series.filter((s) => s.plain && s.plain.length).length;
        assert(r.used.startsWith('plain') === (learnedSkus === 0), `${c.label}: ${r.used} vs ${learnedSkus} SKUs with a kept plain`);
        if (learnedSkus) assert(r.used === `learned (${learnedSkus} SKUs)`, `${c.label}: ${r.used} names the ${learnedSkus} SKUs`);
      });
      // The first cycle had no record: learned = plain, and its plan was the plain one.
      assert(rows[0].learned === rows[0].plain && rows[0].used === 'plain', 'no record, no learning: ' + JSON.stringify(rows[0]));
      // The third had one (Nov: 2 months, Dec: 1) where seasonal naive was exact: a learned
      // candidate, but no record of a learned plan against the plain one yet (the guard).
      assert(rows[2].used === 'plain (paused)', 'Jan 27 planned plain by the guard: ' + rows[2].used);
      assert(Number(rows[2].learned) <= Number(rows[2].plain) + 1e-12, 'learned no worse than plain where seasonal naive is exact');
      const guard = await page.$eval('#track-guard', (p) => [p.dataset.state, p.textContent.trim()]);
      console.log(`  guard for Feb 27: ${guard[0]} — ${guard[1]}`);
      assert(/^Learned choice: (in use — it beat the plain ensemble beyond noise over the last 1 cycle \(learned \d+\.\d %, plain \d+\.\d % on the \d+ SKUs it moved\)\.|paused — .+)$/.test(guard[1]), guard[1]);
      assert((guard[0] === 'in-use') === guard[1].includes('in use'), 'state and text agree: ' + guard);
      const summary = await page.textContent('#track-summary');
      assert(/All cycles: plain ensemble \d+\.\d %, learned \d+\.\d %/.test(summary), summary);
      const fit = await page.$eval('#track-table', (t) => [t.getBoundingClientRect().width, t.parentElement.clientWidth]);
      assert(fit[0] <= fit[1] + 1, 'the track table fits without scrolling: ' + fit);
      await page.locator('#track-table').screenshot({ path: path.join(OUT, 'track-record.png') });
      await page.setViewportSize({ width: 1024, height: 768 });
      // The page follows a resize a frame or two later (3–21 ms measured; read at once, the
      // old 1,280 px width was seen in one run of two): wait up to 3 s, then judge.
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 1024, null, { timeout: 3000 }).catch(() => {});
      const narrow = await page.$eval('#track-table', (t) => [t.getBoundingClientRect().width, t.parentElement.clientWidth, document.documentElement.scrollWidth]);
      assert(narrow[0] <= narrow[1] + 1 && narrow[2] <= 1024, 'fits 1024 × 768: ' + narrow);

      // The switch: off plans Feb 27 with the plain ensemble (one undoable edit), on again.
      assert(await page.isChecked('#learn-switch') && !(await page.isDisabled('#learn-switch')), 'on by default, editable');
      await page.uncheck('#learn-switch');
      await page.waitForSelector('.save[data-state="saved"]');
      let saved = (await exportBackup(page)).backup.cycles.at(-1);
      assert(saved.label === '2027-02' && saved.inputs.forecast.learn === false, 'switched off: ' + saved.inputs.forecast.learn);
      await page.click('.topbar button.undo');
      await page.waitForFunction(() => document.querySelector('#learn-switch').checked);
      await page.waitForSelector('.save[data-state="saved"]');
      saved = (await exportBackup(page)).backup.cycles.at(-1);
      assert(saved.inputs.forecast.learn === true, 'undo switched it on again');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 60000 });

      // The pool's learned baselines = the native ones: approve Feb 27 and plan its backup.
      await approveCycle(page);
      await page.waitForSelector('.save[data-state="saved"]');
      const { file } = await exportBackup(page);
      const copy = path.join(OUT, 'learn-backup.json');
      fs.copyFileSync(file, copy);
      const out = path.join(OUT, 'learn-plan.json');
      execFileSync(SOP, ['plan', '--input', copy, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
      const native = JSON.parse(fs.readFileSync(out, 'utf8'));
      const feb = JSON.parse(fs.readFileSync(copy, 'utf8')).cycles.at(-1);
      assert(feb.label === '2027-02' && feb.frozen, 'Feb 27 approved: ' + feb.label);
      let worst = 0, learned = 0;
      for (const s of feb.frozen.series) {
        const i = native.skus.indexOf(s.sku);
        assert(i >= 0, s.sku + ' planned natively');
        s.statistical.forEach((v, t) => { worst = Math.max(worst, Math.abs(v - native.demand.statistical[i][t])); });
        if (s.plain && s.plain.length) learned++;
      }
      console.log(`  Feb 27: ${learned} SKUs learned; largest pool − native difference ${worst}`);
      assert((learned > 0) === (guard[0] === 'in-use'), `Feb 27 planned as its guard said: ${learned} learned SKUs, ${guard[0]}`);
      assert(worst < 1e-5, 'the pool\'s learned statistical layer = sop plan\'s: ' + worst);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);
server.stop();
