// Benchmarks of the app in headless Chromium, next to the native engine. Not a test:
// timings are printed as tables (and written to test-output/bench.json), never judged
// pass/fail. Run by `.ci/bench`, which builds what this needs first:
//   dist/ (trunk build --release), target/release/sop, and target/bench-web/{z,o3}/
//   (examples/wasm_bench.rs through wasm-bindgen and wasm-opt, see .ci/bench).
//
//   node tests/e2e/bench.mjs [--quick] [--only plan,store,app] [--sizes 30,1000,10000]
//                            [--dist DIR]   (another build of the app, e.g. to compare)
//                            [--workers 1,2] (the app once per forecast pool size: ?workers=N)
//                            [--before DIR] (also an older build, e.g. main's, side by side)
//                            [--forecast-only] (the app: load and forecast only, no edits)
//                            [--cleansing] (forecast-only, then automatic cleansing switched on)
//   TASKS=1 prints each waterfall edit's main-thread tasks (start ms from Enter + CPU ms).
//
// 1. Plan engine (issue 4): `engine::plan::bench::run` for each size × 36 months,
//    natively (`sop bench`) and as WASM in Chromium (opt-level "z" + wasm-opt -Oz as
//    the app ships, and opt-level 3 + wasm-opt -O3), side by side with the ratios.
// 2. Storage (issue 5): save and load of a 1,000-SKU × 36-month workspace through the
//    app's IndexedDB repository, and its JSON backup size (and 10,000 SKUs for scale).
// 3. The app (issue 6), for the demo company (30 SKUs) and ?sample=1000 / 10000:
//    - edit → number on screen: performance.now() at the Enter key (typing a Sales
//      value in the demand waterfall) or at the click (constrained toggle in the supply
//      review) until a MutationObserver sees the new number; "work" adds the main-thread
//      time of the frame that paints it (not the wait for that frame); medians;
//    - the longest main-thread task (PerformanceObserver 'longtask') while the worker
//      forecasts after load, over the whole load, and while an edit is saved;
//    - with --workers / --before: the forecast run, load to ready and its longest task
//      per build and pool size, side by side, with the speed-ups (issue 12), and
//      `sop bench`'s 1,000-SKU full recompute (to compare machines).
import { serveDirs, launch, watch, newLog, ROOT, OUT } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const QUICK = argv.includes('--quick');
const ONLY = new Set(opt('--only', 'plan,store,app').split(','));
const SIZES = opt('--sizes', '30,1000,10000').split(',').map(Number);
const MONTHS = 36;
const BUDGET = QUICK ? 0.2 : 1.0;
const EDITS = QUICK ? 3 : 21;
const WARMUP = 2;

const SOP = path.join(ROOT, 'target/release/sop');
const DIST = path.resolve(opt('--dist', path.join(ROOT, 'dist')));
const BEFORE = argv.includes('--before') ? path.resolve(opt('--before')) : null;
const WORKERS = argv.includes('--workers') ? opt('--workers').split(',').map(Number) : [null];
const FORECAST_ONLY = argv.includes('--forecast-only') || argv.includes('--cleansing');
// With --cleansing: after the load's forecast, automatic cleansing is switched on and
// the page's longest task until every baseline is back is printed.
const CLEANSING = argv.includes('--cleansing');
const WEB = path.join(ROOT, 'target/bench-web');
const PROFILES = [
  ['z', 'opt-level "z", wasm-opt -Oz (as shipped)'],
  ['o3', 'opt-level 3, wasm-opt -O3'],
];

// The WASM plan modules are needed by the plan and store tables only (`--only app` runs
// on the app's build alone).
const needsModules = ONLY.has('plan') || ONLY.has('store');
for (const [f, what] of [[SOP, 'cargo build --release --bin sop'], [path.join(DIST, 'index.html'), 'trunk build --release'],
  ...(needsModules ? PROFILES.map(([p]) => [path.join(WEB, p, 'wasm_bench_bg.wasm'), '.ci/bench (builds examples/wasm_bench.rs)']) : [])]) {
  if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run ${what} first`);
}

const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const quantile = (v, q) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const pad = (s, n) => String(s).padStart(n);
function table(head, rows) {
  const w = head.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : pad(c, w[i]))).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load_before: os.loadavg() },
  chromium: execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim().split('\n').pop(),
};

// The bench page of the WASM module: ?p=z or ?p=o3 picks the build.
fs.mkdirSync(WEB, { recursive: true });
fs.writeFileSync(path.join(WEB, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sop wasm bench</title><link rel="icon" href="data:,"></head>
<body><script type="module">
const p = new URLSearchParams(location.search).get('p') ?? 'z';
const mod = await import('./' + p + '/wasm_bench.js');
await mod.default({ module_or_path: './' + p + '/wasm_bench_bg.wasm' });
window.sopBench = mod;
document.title = 'ready';
</script></body></html>
`);

const server = await serveDirs({ sop: DIST, bench: WEB, ...(BEFORE ? { before: BEFORE } : {}) });

// ---------------------------------------------------------------- 1. plan engine
function nativePlan() {
  const text = execFileSync(SOP, ['bench', '--sizes', SIZES.join(','), '--months', String(MONTHS), '--budget', String(BUDGET)], { encoding: 'utf8' });
  return text.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length === 9 && /^\d+$/.test(f[0])).map((f) => ({
    skus: Number(f[0]), months: Number(f[1]), constrained: f[2] === 'constrained', full_ms: Number(f[3]), edit_ms: Number(f[4]), copy_ms: Number(f[5]), bytes: Number(f[8]),
  }));
}

async function wasmPage(context, profile) {
  const page = await context.newPage();
  const log = newLog();
  watch(page, log);
  await page.goto(server.origin + `/bench/?p=${profile}`);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60000 });
  return { page, log };
}

async function planBench() {
  const out = { native: nativePlan() };
  const { context } = await launch();
  try {
    for (const [p] of PROFILES) {
      const { page, log } = await wasmPage(context, p);
      const json = await page.evaluate(([s, m, b]) => window.sopBench.plan_bench(new Uint32Array(s), m, b), [SIZES, MONTHS, BUDGET]);
      out[p] = JSON.parse(json);
      if (log.errors.length) throw new Error('wasm bench page: ' + log.errors.join('\n'));
      await page.close();
    }
  } finally { await context.close(); }
  out.native_second = nativePlan(); // native again after the browser: drift of the shared machine
  const rows = out.native.map((n, i) => {
    const n2 = out.native_second[i];
    const nat = { full: Math.min(n.full_ms, n2.full_ms), edit: Math.min(n.edit_ms, n2.edit_ms) };
    const z = out.z[i];
    const o3 = out.o3[i];
    return [`${n.skus} × ${n.months} ${n.constrained ? 'constr.' : 'unconstr.'}`,
      fmt(nat.full, 3), fmt(z.full_ms, 3), fmt(z.full_ms / nat.full), fmt(o3.full_ms, 3), fmt(o3.full_ms / nat.full),
      fmt(nat.edit, 4), fmt(z.edit_ms, 4), fmt(z.edit_ms / nat.edit), fmt(o3.edit_ms, 4), fmt(o3.edit_ms / nat.edit)];
  });
  console.log('\n## Plan engine: native vs WASM in Chromium (median ms; ratio = WASM / native; native = the better of two runs around the browser)\n');
  console.log(table(['SKUs × months, mode', 'native full', 'wasm z', '×', 'wasm o3', '×', 'native edit', 'wasm z', '×', 'wasm o3', '×'], rows));
  const sizes = {};
  for (const [p] of PROFILES) {
    const f = path.join(WEB, p, 'wasm_bench_bg.wasm');
    sizes[p] = fs.statSync(f).size;
  }
  out.bench_module_bytes = sizes;
  console.log(`\n(bench module size: z ${sizes.z.toLocaleString('en-US')} B, o3 ${sizes.o3.toLocaleString('en-US')} B)`);
  const app = path.join(WEB, 'app-size.json');
  if (fs.existsSync(app)) {
    out.app_wasm = JSON.parse(fs.readFileSync(app, 'utf8'));
    const a = out.app_wasm;
    console.log(`app WASM (sop-app): z ${a.z.raw.toLocaleString('en-US')} B raw / ${a.z.gzip.toLocaleString('en-US')} B gzip; o3 ${a.o3.raw.toLocaleString('en-US')} B raw / ${a.o3.gzip.toLocaleString('en-US')} B gzip`);
  }
  report.plan = out;
}

// ---------------------------------------------------------------- 2. storage
async function storeBench() {
  const { context } = await launch();
  const out = [];
  try {
    const { page, log } = await wasmPage(context, 'z');
    for (const [n, reps] of [[1000, QUICK ? 3 : 7], [10000, 3]]) {
      if (!SIZES.includes(n) && n !== 1000) continue;
      out.push(JSON.parse(await page.evaluate(([n, m, r]) => window.sopBench.store_bench(n, m, r), [n, MONTHS, reps])));
    }
    if (log.errors.length) throw new Error('store bench page: ' + log.errors.join('\n'));
  } finally { await context.close(); }
  console.log('\n## Storage: the app\'s IndexedDB repository in Chromium (WASM z; median ms)\n');
  console.log(table(['SKUs × horizon (history)', 'save', 'first save', 'load', 'serialize cycle', 'parse backup', 'backup size', 'equal'],
    out.map((s) => [`${s.skus} × ${s.months} (${s.history_months})`, fmt(s.save_ms, 1), fmt(s.first_save_ms, 1), fmt(s.load_ms, 1), fmt(s.serialize_ms, 1), fmt(s.parse_ms, 1),
      `${s.backup_bytes.toLocaleString('en-US')} B`, s.round_trip_equal ? 'yes' : 'NO'])));
  report.store = out;
}

// ---------------------------------------------------------------- 3. the app
// Installed before the app starts: long tasks, forecast/save state changes, and the
// edit-latency probe. `console.timeStamp` marks go into the Chromium trace, where the
// main thread's CPU time is read (on a machine shared with other work, wall-clock
// times include waiting for a core; CPU times do not).
const INIT = `
window.__long = [];
window.__marks = [];
try {
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: e.startTime, dur: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
} catch (e) { window.__noLongtask = String(e); }
new MutationObserver(() => {
  const f = document.querySelector('.forecast');
  const s = document.querySelector('.save');
  const m = { forecast: f ? f.dataset.state : null, save: s ? s.dataset.state : null };
  const last = window.__marks[window.__marks.length - 1];
  if (!last || last.forecast !== m.forecast) console.timeStamp('sop:forecast:' + m.forecast);
  if (!last || last.forecast !== m.forecast || last.save !== m.save) window.__marks.push({ ...m, t: performance.now() });
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
// Resolves when spec's element (spec.sel) changes its spec.prop ('exists': whether it
// is there), timed from the next Enter keydown or click (event.timeStamp: includes any
// wait in the input queue). No eval: the page's CSP forbids it.
//   dom:     the new number is in the page (MutationObserver);
//   frame:   the frame that will show it starts (requestAnimationFrame);
//   painted: that frame has been painted (a task after the requestAnimationFrame).
window.__arm = (spec) => {
  const get = () => {
    const el = document.querySelector(spec.sel);
    return spec.prop === 'exists' ? !!el : el ? el[spec.prop] : null;
  };
  const before = get();
  let t0 = null;
  const start = (ev) => {
    if (t0 === null && (ev.type === 'click' || ev.key === 'Enter')) {
      t0 = ev.timeStamp;
      console.timeStamp('sop:edit:start');
    }
  };
  window.addEventListener('keydown', start, { capture: true });
  window.addEventListener('click', start, { capture: true });
  const inst = spec.chart ? window.echarts.getInstanceByDom(document.querySelector(spec.chart)) : null;
  const chart = inst ? new Promise((res) => {
    const done = () => { if (t0 !== null) { inst.off('finished', done); res(performance.now()); } };
    inst.on('finished', done);
    setTimeout(() => res(NaN), 3000);
  }) : null;
  window.__result = new Promise((resolve) => {
    let found = false;
    // A property (an input's value) set by an effect that runs after this observer's
    // callback, in the same microtask checkpoint, makes no mutation of its own: the
    // callback looks again at the end of the microtask queue, a bounded number of times.
    const look = (n) => {
      if (found || t0 === null) return;
      const now = get();
      if (now === before) {
        if (n > 0) queueMicrotask(() => look(n - 1));
        return;
      }
      found = true;
      seen(now);
    };
    const mo = new MutationObserver(() => look(200));
    const seen = (now) => {
      const tDom = performance.now();
      mo.disconnect();
      window.removeEventListener('keydown', start, { capture: true });
      window.removeEventListener('click', start, { capture: true });
      requestAnimationFrame(() => {
        const tFrame = performance.now();
        setTimeout(() => {
          const tPaint = performance.now();
          console.timeStamp('sop:edit:end');
          const r = { before, now, dom: tDom - t0, frame: tFrame - t0, painted: tPaint - t0 };
          // The chart follows a frame later (ui/chart.rs): when ECharts has drawn it.
          if (chart) chart.then((t) => resolve({ ...r, chart: t - t0 }));
          else resolve(r);
        }, 0);
      });
    };
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return before;
};
`;

async function waitSaved(page) {
  await page.waitForSelector('.save[data-state="saved"]', { timeout: 600000 });
}

/** A main-thread task in a trace of the 'toplevel' category. */
const TASK = 'ThreadControllerImpl::RunTask';

/** Collects a Chromium trace of the page (main-thread tasks with their CPU time). */
async function startTrace(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => { for (const e of d.value) if ((e.ph === 'X' && e.name === TASK) || e.name === 'TimeStamp') events.push(e); });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'toplevel'], enableThreadTiming: true } });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/** The page's main-thread tasks and marks from a trace (µs → ms). */
function mainThread(events) {
  const mark = events.find((e) => e.name === 'TimeStamp' && String(e.args?.data?.message).startsWith('sop:'));
  if (!mark) throw new Error('no sop: marks in the trace');
  const same = (e) => e.pid === mark.pid && e.tid === mark.tid;
  const all = events.filter((e) => same(e) && e.name === TASK).sort((a, b) => a.ts - b.ts);
  // Top-level tasks only (a nested run loop's tasks are inside another's).
  const top = [];
  for (const e of all) if (!top.length || e.ts >= top[top.length - 1].ts + top[top.length - 1].dur) top.push(e);
  const tasks = top.map((e) => ({ start: e.ts / 1000, dur: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 }));
  const marks = events.filter((e) => same(e) && e.name === 'TimeStamp').map((e) => ({ msg: e.args.data.message, t: e.ts / 1000 }));
  return { tasks, marks };
}

const overlapping = (tasks, a, b) => tasks.filter((t) => t.start < b && t.start + t.dur > a);
const maxOf = (list, k) => list.reduce((m, t) => Math.max(m, t[k]), 0);
const cpuOf = (tasks) => tasks.reduce((a, t) => a + t.cpu, 0);
/** The `k` tasks with the most CPU, as [start from `t0`, wall, CPU] (ms). */
const topByCpu = (tasks, k, t0) => [...tasks].sort((a, b) => b.cpu - a.cpu).slice(0, k).map((t) => [Math.round(t.start - t0), Math.round(t.dur), Math.round(t.cpu)]);

async function appBench(n, { build = 'sop', workers = null } = {}) {
  const { context } = await launch();
  const log = newLog();
  const r = { skus: n, build, workers };
  try {
    const page = await context.newPage();
    watch(page, log);
    await page.addInitScript(INIT);
    const stopTrace = await startTrace(context, page);
    const t0 = Date.now();
    const query = [n === 30 ? null : `sample=${n}`, workers ? `workers=${workers}` : null].filter(Boolean).join('&');
    await page.goto(`${server.origin}/${build}/` + (query ? '?' + query : '') + '#/demand');
    await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 600000 });
    await waitSaved(page);
    await page.waitForSelector('#waterfall input.cell');
    // Let the page settle (the plan after the forecast, charts) before reading the tasks.
    await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 200))));
    r.ready_s = (Date.now() - t0) / 1000;
    const { marks, long, noLong } = await page.evaluate(() => ({ marks: window.__marks, long: window.__long, noLong: window.__noLongtask }));
    if (noLong) throw new Error('no longtask observer: ' + noLong);
    const running = marks.find((m) => m.forecast === 'running');
    const ready = marks.find((m) => m.forecast === 'ready');
    r.forecast_ms = running && ready ? ready.t - running.t : NaN;
    // Navigation start (the page's time origin) to every baseline on the page.
    r.ready_mark_s = ready ? ready.t / 1000 : NaN;
    r.running_mark_s = running ? running.t / 1000 : NaN;
    // The forecast run: tasks that start once the request is with the worker, until
    // the page has taken in its result (the task that sets "ready" included). The task
    // that opened the workspace and sent the request is the load's, not the run's.
    r.long_forecast = running && ready
      ? long.filter((t) => t.start >= running.t && t.start <= ready.t).reduce((m, t) => Math.max(m, t.dur), 0)
      : NaN;
    r.long_load = maxOf(long, 'dur');
    r.long_tasks_load = long.map((t) => [Math.round(t.start), Math.round(t.dur)]);
    if (FORECAST_ONLY) {
      if (CLEANSING) {
        // Automatic cleansing switched on: every history is judged (detect) before the
        // SKUs it changes are forecast again.
        // The settings are in a part of the page loaded after the first paint (`lazy::part`).
        await page.waitForSelector('#forecast-settings', { state: 'attached', timeout: 60000 });
        await page.evaluate(() => { document.querySelector('#forecast-settings').open = true; });
        await page.waitForSelector('#setting-auto-cleansing');
        const nMarks = await page.evaluate(() => window.__marks.length);
        const tOn = await page.evaluate(() => { console.timeStamp('sop:cleansing:on'); return performance.now(); });
        await page.click('#setting-auto-cleansing');
        await page.waitForFunction((k) => window.__marks.slice(k).some((m) => m.forecast === 'ready'), nMarks, { timeout: 600000 });
        const { marks: m2, long: l2 } = await page.evaluate(() => ({ marks: window.__marks, long: window.__long }));
        const back = m2.slice(nMarks).find((m) => m.forecast === 'ready');
        r.cleansing_ms = back.t - tOn;
        r.cleansing_long_wall = l2.filter((t) => t.start >= tOn).reduce((m, t) => Math.max(m, t.dur), 0);
      }
      const { tasks, marks: tm } = mainThread(await stopTrace());
      if (CLEANSING) {
        const on = tm.find((m) => m.msg === 'sop:cleansing:on');
        const back = tm.filter((m) => m.msg === 'sop:forecast:ready').pop();
        const after = on && back ? tasks.filter((t) => t.start >= on.t && t.start <= back.t) : [];
        r.cleansing_task_wall = maxOf(after, 'dur');
        r.cleansing_task_cpu = maxOf(after, 'cpu');
        r.cleansing_main_cpu = cpuOf(after);
        if (process.env.TASKS) console.log(`${n} SKUs, ${build}: tasks after switching cleansing on [ms from it, wall, CPU]: ${JSON.stringify(topByCpu(after, 10, on?.t))}`);
      }
      const fr = tm.find((m) => m.msg === 'sop:forecast:running');
      const fd = tm.find((m) => m.msg === 'sop:forecast:ready');
      const inRun = fr && fd ? tasks.filter((t) => t.start >= fr.t && t.start <= fd.t) : [];
      r.forecast_task_wall = maxOf(inRun, 'dur');
      r.forecast_task_cpu = maxOf(inRun, 'cpu');
      r.forecast_tasks_over_50 = inRun.filter((t) => t.dur > 50).length;
      // The page's own share of the run: what it takes from the cores the workers need.
      r.forecast_main_cpu = cpuOf(inRun);
      r.forecast_top_tasks = topByCpu(inRun, 12, fr?.t);
      r.load_task_cpu = maxOf(tasks.filter((t) => !fd || t.start <= fd.t), 'cpu');
      // Before the run: what the page does on one core until the request is out (the
      // sample, the first plan and render, the first save), the biggest tasks first.
      const pre = fr ? tasks.filter((t) => t.start < fr.t) : [];
      r.pre_main_cpu = cpuOf(pre);
      r.pre_top_tasks = topByCpu(pre, 8, fr?.t);
      if (process.env.TASKS) {
        console.log(`${n} SKUs, ${build}: tasks before "running" [ms from it, wall, CPU]: ${JSON.stringify(r.pre_top_tasks)}`);
        console.log(`  in the run: ${JSON.stringify(r.forecast_top_tasks)}`);
        // How the page's CPU in the run is spread: tasks by CPU time.
        const buckets = [[0, 0.5], [0.5, 2], [2, 5], [5, 10], [10, 20], [20, 1e9]];
        console.log('  in the run, tasks by CPU (ms): ' + buckets.map(([a, b]) => {
          const ts = inRun.filter((t) => t.cpu >= a && t.cpu < b);
          return `${a}–${b < 1e9 ? b : '∞'}: ${ts.length} tasks, ${cpuOf(ts).toFixed(0)} ms`;
        }).join('; '));
      }
      r.errors = log.errors;
      return r;
    }

    // Demand review: type a Sales value for the third planned month of the first SKU + Enter.
    const sku = await page.$eval('.tree button.sku', (b) => b.dataset.sku);
    await page.click(`.tree button[data-sku="${sku}"]`);
    await page.waitForSelector(`h1 .sel-title:has-text("${sku}")`);
    const salesId = await page.locator('#waterfall tr.sales input.cell').nth(2).getAttribute('id');
    const consensusId = salesId.replace(/^waterfall-2-/, 'waterfall-5-');
    const edits = [];
    const saves = [];
    for (let k = 0; k < WARMUP + EDITS; k++) {
      const cell = page.locator('#' + salesId);
      await cell.fill(String(100 + 7 * k));
      await page.evaluate((id) => window.__arm({ sel: '#' + id, prop: 'value', chart: '#demand-chart' }), consensusId);
      const nLong = await page.evaluate(() => window.__long.length);
      await cell.press('Enter');
      const res = await page.evaluate(() => window.__result);
      await waitSaved(page);
      const after = await page.evaluate((k) => window.__long.slice(k), nLong);
      saves.push(maxOf(after, 'dur'));
      edits.push(res);
    }
    r.long_edit_and_save = Math.max(...saves);

    // Supply review: the constrained-capacity switch, on and off.
    await page.click('nav.steps a[href="#/supply"]');
    await page.waitForSelector('#constrained-toggle');
    await page.waitForSelector('#capacity-chart canvas');
    const toggles = [];
    for (let k = 0; k < WARMUP + EDITS; k++) {
      await page.evaluate(() => window.__arm({ sel: '#shifts', prop: 'exists' }));
      await page.click('#constrained-toggle');
      toggles.push(await page.evaluate(() => window.__result));
      await waitSaved(page);
    }
    // CPU time from the trace: per edit, of the main-thread tasks from the input event
    // to the painted frame; the longest task of the forecast run by wall and CPU time.
    const { tasks, marks: tm } = mainThread(await stopTrace());
    const starts = tm.filter((m) => m.msg === 'sop:edit:start');
    const ends = tm.filter((m) => m.msg === 'sop:edit:end');
    if (starts.length !== edits.length + toggles.length || ends.length !== starts.length) {
      throw new Error(`edit marks: ${starts.length} starts, ${ends.length} ends for ${edits.length + toggles.length} edits`);
    }
    const cpu = starts.map((s, k) => cpuOf(overlapping(tasks, s.t, ends[k].t)));
    edits.forEach((e, k) => { e.cpu = cpu[k]; });
    if (process.env.TASKS) starts.slice(WARMUP, edits.length).forEach((s, k) => console.log(`edit ${k}: ` + overlapping(tasks, s.t, ends[k + WARMUP].t).map((t) => `${(t.start - s.t).toFixed(1)}+${t.cpu.toFixed(2)}`).join(' ')));
    toggles.forEach((e, k) => { e.cpu = cpu[edits.length + k]; });
    r.waterfall = summarize(edits.slice(WARMUP));
    r.toggle = summarize(toggles.slice(WARMUP));
    const fr = tm.find((m) => m.msg === 'sop:forecast:running');
    const fd = tm.find((m) => m.msg === 'sop:forecast:ready');
    const inRun = fr && fd ? tasks.filter((t) => t.start >= fr.t && t.start <= fd.t) : [];
    r.forecast_task_wall = maxOf(inRun, 'dur');
    r.forecast_task_cpu = maxOf(inRun, 'cpu');
    r.load_task_cpu = maxOf(tasks.filter((t) => !fd || t.start <= fd.t), 'cpu');
    r.errors = log.errors;
  } finally { await context.close(); }
  return r;
}

function summarize(list) {
  return {
    n: list.length,
    dom: median(list.map((x) => x.dom)),
    frame: median(list.map((x) => x.frame)),
    painted: median(list.map((x) => x.painted)),
    painted_p90: quantile(list.map((x) => x.painted), 0.9),
    // Less the idle wait for the display's next frame (between the number reaching
    // the page and that frame starting): the work on the way.
    work: median(list.map((x) => x.dom + x.painted - x.frame)),
    chart: list.every((x) => x.chart !== undefined) ? median(list.map((x) => x.chart)) : NaN,
    cpu: median(list.map((x) => x.cpu)),
    max_dom: Math.max(...list.map((x) => x.dom)),
    all_dom: list.map((x) => Math.round(x.dom * 10) / 10),
  };
}

/** The forecast side by side: per size, the older build (--before) and this one with
 * each pool size (--workers), interleaved so that the machine's load hits all alike. */
async function forecastSideBySide() {
  const runs = [];
  const variants = [...(BEFORE ? [{ build: 'before', workers: null }] : []), ...WORKERS.map((w) => ({ build: 'sop', workers: w }))];
  for (const n of SIZES) for (const v of variants) runs.push(await appBench(n, v));
  const one = (n) => runs.find((r) => r.skus === n && r.build === 'sop' && r.workers === 1);
  const before = (n) => runs.find((r) => r.skus === n && r.build === 'before');
  const what = (r) => (r.build === 'before' ? `before (${path.relative(ROOT, BEFORE) || BEFORE})` : `${r.workers ?? 'default'} worker${r.workers === 1 ? '' : 's'}`);
  console.log('\n## Forecasting after load: one worker vs a pool, and the build before (issue 12)\n');
  console.log('forecast run: from "running" to "ready" (the page has every baseline); load to ready: goto until ready, saved and the grid shown (+ 200 ms settling);');
  console.log('navigation to ready: the page\'s time origin to "ready"; page CPU in the run: the main thread\'s CPU over the run (what it takes from the workers\' cores);');
  console.log('longest task: of the main thread\'s tasks starting in the forecast run (Chromium trace; wall and CPU); > 50: how many over 50 ms.\n');
  console.log('running at: navigation to "running" (the request out); page CPU before: the main thread\'s CPU until then.\n');
  console.log(table(['SKUs', 'build', 'forecast run', '× vs 1 worker', '× vs before', 'load to ready', 'navigation to ready', '× vs before', 'running at', 'page CPU before', 'longest task: wall', 'CPU', '> 50 ms', 'page CPU in the run'],
    runs.map((r) => [r.skus, what(r), `${fmt(r.forecast_ms, 0)} ms`,
      one(r.skus) && r.build === 'sop' ? fmt(one(r.skus).forecast_ms / r.forecast_ms) : '–',
      before(r.skus) ? fmt(before(r.skus).forecast_ms / r.forecast_ms) : '–',
      `${fmt(r.ready_s, 1)} s`, `${fmt(r.ready_mark_s, 2)} s`,
      before(r.skus) && r.build === 'sop' ? fmt(before(r.skus).ready_mark_s / r.ready_mark_s) : '–',
      `${fmt(r.running_mark_s, 2)} s`, `${fmt(r.pre_main_cpu, 0)} ms`, fmt(r.forecast_task_wall, 0), fmt(r.forecast_task_cpu, 0), r.forecast_tasks_over_50 ?? '–',
      `${fmt(r.forecast_main_cpu, 0)} ms`])));
  if (CLEANSING) {
    console.log('\n## Automatic cleansing switched on after the load (issue 9: no task over 50 ms)\n');
    console.log('to ready: the click until every baseline is back; longest task: of the main thread from the click (longtask entries; trace wall and CPU); page CPU: all its tasks.\n');
    console.log(table(['SKUs', 'build', 'to ready', 'longest task: longtask', 'trace wall', 'CPU', 'page CPU'],
      runs.map((r) => [r.skus, what(r), `${fmt(r.cleansing_ms, 0)} ms`, fmt(r.cleansing_long_wall, 0), fmt(r.cleansing_task_wall, 0), fmt(r.cleansing_task_cpu, 0), `${fmt(r.cleansing_main_cpu, 0)} ms`])));
  }
  for (const r of runs) if (r.errors.length) console.log(`console errors at ${r.skus} SKUs (${what(r)}):\n  ${r.errors.join('\n  ')}`);
  printNativeReference();
  report.forecast = runs;
}

/** `sop bench`'s 1,000-SKU full recompute on this machine now, beside the browser
 * figures: what makes runs on different machines comparable (README: 1.51 ms). */
function printNativeReference() {
  const native = execFileSync(SOP, ['bench', '--sizes', '1000', '--months', String(MONTHS), '--budget', String(BUDGET)], { encoding: 'utf8' })
    .split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f.length === 9 && f[0] === '1000' && f[2] !== 'constrained');
  report.sop_bench_1000_full_ms = native ? Number(native[3]) : null;
  console.log(`\nsop bench (native, this machine now): 1,000 SKUs × ${MONTHS} months full recompute ${native ? native[3] : '–'} ms (README: 1.51 ms)`);
}

async function appBenchAll() {
  if (FORECAST_ONLY || BEFORE || WORKERS[0] !== null) return forecastSideBySide();
  const out = [];
  for (const n of SIZES) out.push(await appBench(n));
  const goal = { 30: 16, 1000: 50 };
  const name = (r) => (r.skus === 30 ? '30 (demo)' : r.skus);
  console.log(`\n## The app in Chromium: edit → new number on screen (median ms of ${EDITS} edits; goal: demo < 16, 1,000 SKUs < 50)\n`);
  console.log('in DOM: input event → a MutationObserver sees the new number; frame: → requestAnimationFrame of the frame that shows it;');
  console.log('painted: → that frame painted (both include waiting for the display\'s next frame);');
  console.log('CPU: main-thread CPU time of those tasks (Chromium trace), which waiting for a busy core does not inflate;');
  console.log('p90: of painted; work: painted less the idle wait for the display\'s frame; chart: the demand chart redrawn (ECharts \'finished\').\n');
  console.log(table(['SKUs', 'waterfall: in DOM', 'frame', 'painted', 'p90', 'work', 'CPU', 'chart', 'constrained: in DOM', 'frame', 'painted', 'CPU', 'goal'],
    out.map((r) => [name(r), fmt(r.waterfall.dom, 1), fmt(r.waterfall.frame, 1), fmt(r.waterfall.painted, 1), fmt(r.waterfall.painted_p90, 1),
      fmt(r.waterfall.work, 1), fmt(r.waterfall.cpu, 1), fmt(r.waterfall.chart, 1),
      fmt(r.toggle.dom, 1), fmt(r.toggle.frame, 1), fmt(r.toggle.painted, 1), fmt(r.toggle.cpu, 1), goal[r.skus] ? `< ${goal[r.skus]}` : '–'])));
  console.log('\n## The app: longest main-thread task (ms; goal: none > 50 while forecasting)\n');
  console.log('forecast run: tasks starting from the request to the worker until the page has the result (Chromium trace);');
  console.log('load: the PerformanceObserver \'longtask\' entries (wall) and the trace\'s most CPU; edit + save: longest \'longtask\' entry.\n');
  console.log(table(['SKUs', 'forecast run', 'longest task in it: wall', 'CPU', 'longest task of the load: wall', 'CPU', 'edit + save: wall', 'load to ready'],
    out.map((r) => [name(r), `${fmt(r.forecast_ms, 0)} ms`, fmt(r.forecast_task_wall, 0), fmt(r.forecast_task_cpu, 0), fmt(r.long_load, 0), fmt(r.load_task_cpu, 0),
      fmt(r.long_edit_and_save, 0), `${fmt(r.ready_s, 1)} s`])));
  for (const r of out) if (r.errors.length) console.log(`console errors at ${r.skus} SKUs:\n  ${r.errors.join('\n  ')}`);
  printNativeReference();
  report.app = out;
}

try {
  if (ONLY.has('plan')) await planBench();
  if (ONLY.has('store')) await storeBench();
  if (ONLY.has('app')) await appBenchAll();
} finally {
  server.stop();
}
report.machine.load_after = os.loadavg();
console.log(`\nmachine: ${report.machine.cpus} × ${report.machine.model}; load average before ${report.machine.load_before.map((x) => x.toFixed(1)).join(' ')}, after ${report.machine.load_after.map((x) => x.toFixed(1)).join(' ')}`);
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'bench.json'), JSON.stringify(report, null, 2));
console.log(`figures: ${path.relative(ROOT, path.join(OUT, 'bench.json'))}`);
