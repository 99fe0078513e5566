// First-visit weight and time to interactive (issue 13). Not a test: a benchmark that
// prints figures (and writes test-output/firstvisit.json), never judged pass/fail.
//
//   node tests/e2e/firstvisit.mjs [--runs 7] [--dist DIR]
//
// Each run is a first visit: a fresh browser profile opens the demo's demand review
// (`…/sop/#/demand`) on dist/ served by a static server on 127.0.0.1 that sends each file
// gzip -9 compressed (Content-Encoding: gzip, as a static host would) and logs every
// request with its time — the page's, its workers' and the service worker's alike.
//   - bytes: the gzip -9 size of each file requested, split into what was requested
//     before the page was interactive and what after (the service worker's precache,
//     workers started later);
//   - time to interactive: navigation start → the demand chart (#demand-chart) drawn,
//     i.e. the start of the frame after its ECharts instance's first 'finished' event
//     (the first frame that can show it: the task that drew it has ended; the page's
//     own clock, performance.now() since navigation start); also → the chart drawn with
//     the statistical forecast in it (the same after the first 'finished' after
//     `.forecast[data-state="ready"]`). Medians over the runs.
import { launch, freePort, ROOT, OUT } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', '7'));
const DIST = path.resolve(opt('--dist', path.join(ROOT, 'dist')));
if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: trunk build --release first`);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.json': 'application/json' };
const gz = new Map();
/** The gzip -9 bytes of a dist file (computed once), by the same command as the sizes
 * `.ci/test` prints (`gzip -9 -c`). */
function gzipOf(file) {
  if (!gz.has(file)) gz.set(file, execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 28 }));
  return gz.get(file);
}

// The static host: /sop/<file> of DIST, gzip -9, every request logged with its time.
let log = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let rel = decodeURIComponent(url.pathname);
  if (!rel.startsWith('/sop/')) { res.writeHead(404).end(); return; }
  rel = rel.slice('/sop/'.length) || 'index.html';
  const file = path.join(DIST, rel);
  if (!file.startsWith(DIST) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404).end(); return; }
  const body = gzipOf(file);
  log.push({ t: Date.now(), file: rel, bytes: body.length });
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Encoding': 'gzip', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
  res.end(body);
});
const port = await freePort();
await new Promise((r) => server.listen(port, '127.0.0.1', r));
const URL_ = `http://127.0.0.1:${port}/sop/#/demand`;

// Before any page script: times the demand chart's drawings ('finished' of its ECharts
// instance) and the forecast's readiness. The instance is hooked inside `echarts.init`,
// before the app's first `setOption`: that first drawing is not lazy, its 'finished'
// fires inside `setOption`, before any MutationObserver could see the chart (hooked
// from one, the first drawing was missed and the one after the forecast counted).
// The vendored build declares `var echarts` (an esbuild IIFE): the assignment goes
// through this setter, and its exports (getters, not configurable) are reached through
// a Proxy whose `init` is wrapped.
const INIT = `
window.__fv = { drawn: [], ready: null, started: null };
addEventListener('TrunkApplicationStarted', () => { window.__fv.started = performance.now(); });
let echartsProxy;
Object.defineProperty(window, 'echarts', { configurable: true, enumerable: true,
  get() { return echartsProxy; },
  set(lib) {
    const init = function (el, ...rest) {
      const inst = lib.init.call(lib, el, ...rest);
      if (el && el.id === 'demand-chart') inst.on('finished', () => requestAnimationFrame(() => window.__fv.drawn.push(performance.now())));
      return inst;
    };
    echartsProxy = new Proxy(lib, { get: (t, k) => (k === 'init' ? init : t[k]) });
  } });
new MutationObserver(() => {
  const f = document.querySelector('.forecast[data-state="ready"]');
  if (f && window.__fv.ready === null) window.__fv.ready = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });
`;

const runs = [];
for (let i = 0; i < RUNS; i++) {
  const { context, dir } = await launch();
  try {
    log = [];
    await context.addInitScript(INIT);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(URL_);
    await page.waitForFunction(() => window.__fv.drawn.length > 0 && window.__fv.ready !== null &&
      window.__fv.drawn.some((t) => t >= window.__fv.ready), null, { timeout: 60000 });
    const fv = await page.evaluate(() => ({ ...window.__fv, origin: performance.timeOrigin,
      wasm: performance.getEntriesByType('resource').find((e) => /sop-app-[0-9a-f]+_bg\.wasm$/.test(e.name))?.responseEnd ?? NaN }));
    // Let what follows the first drawing (the service worker's precache) finish.
    await page.waitForTimeout(4000);
    if (errors.length) throw new Error('page errors: ' + errors.join('\n'));
    const tti = fv.drawn[0];
    const withForecast = fv.drawn.find((t) => t >= fv.ready);
    const at = fv.origin + tti;
    runs.push({ tti, withForecast, ready: fv.ready, started: fv.started, wasm: fv.wasm,
      requests: log.map((r) => ({ ...r, before: r.t <= at, at: r.t - fv.origin })) });
    console.log(`run ${i + 1}: app wasm loaded ${fv.wasm.toFixed(0)} ms, app started ${fv.started.toFixed(0)} ms, ` +
      `forecast ready ${fv.ready.toFixed(0)} ms, chart drawn ${tti.toFixed(0)} ms, with the forecast ` +
      `${withForecast.toFixed(0)} ms; ${log.length} requests`);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
server.close();

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
// Bytes by file from the last run (each file once; the same file fetched again, e.g. by
// the service worker's precache, counts once, as a browser's HTTP cache would).
const last = runs[runs.length - 1].requests;
const files = new Map();
for (const r of last) {
  const f = files.get(r.file);
  if (!f) files.set(r.file, { file: r.file, bytes: r.bytes, raw: fs.statSync(path.join(DIST, r.file)).size, before: r.before, at: r.at, n: 1 });
  else { f.n += 1; f.before ||= r.before; }
}
const rows = [...files.values()].sort((a, b) => (b.before - a.before) || (b.bytes - a.bytes));
const sum = (xs) => xs.reduce((s, x) => s + x.bytes, 0);
const before = rows.filter((r) => r.before);
const after = rows.filter((r) => !r.before);
const num = (x) => x.toLocaleString('en-US');
const pad = (s, n) => String(s).padStart(n);
console.log(`\n## First visit of ${path.relative(ROOT, DIST) || DIST} (gzip -9 as served; ${os.cpus().length} cores, ${RUNS} runs)\n`);
console.log('| file | raw B | gzip -9 B | when | first requested (last run) |\n|---|---:|---:|---|---:|');
for (const r of rows) console.log(`| ${r.file.replace(/-[0-9a-f]{12,}/, '-*')} | ${num(r.raw)} | ${num(r.bytes)} | ${r.before ? 'before interactive' : 'after (requested once the chart was drawn)'} | ${r.at.toFixed(0)} ms |`);
console.log(`| **before interactive** | | **${num(sum(before))}** | |`);
console.log(`| after | | ${num(sum(after))} | |`);
console.log(`| all of the first visit | | ${num(sum(rows))} | |`);
const tti = runs.map((r) => r.tti);
console.log(`\nmedians: app wasm downloaded ${median(runs.map((r) => r.wasm)).toFixed(0)} ms, app started (wasm ` +
  `compiled, main run) ${median(runs.map((r) => r.started)).toFixed(0)} ms, forecast ready ` +
  `${median(runs.map((r) => r.ready)).toFixed(0)} ms`);
const wf = runs.map((r) => r.withForecast);
console.log(`\ntime to interactive (demand chart drawn): median ${median(tti).toFixed(0)} ms ` +
  `(min ${Math.min(...tti).toFixed(0)}, max ${Math.max(...tti).toFixed(0)}; ${RUNS} runs)`);
console.log(`chart drawn with the statistical forecast: median ${median(wf).toFixed(0)} ms ` +
  `(min ${Math.min(...wf).toFixed(0)}, max ${Math.max(...wf).toFixed(0)})`);
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'firstvisit.json'), JSON.stringify({ date: new Date().toISOString(), dist: DIST,
  files: rows, before: sum(before), after: sum(after), tti_ms: tti, with_forecast_ms: wf,
  started_ms: runs.map((r) => r.started), wasm_loaded_ms: runs.map((r) => r.wasm) }, null, 2));
