// Dev tool, not a test: where the forecast worker's time goes while it forecasts.
//   DIST=dir node tests/e2e/profile-worker.mjs [SKUs=3000] [workers=1]
// Opens `?sample=N&workers=W` of the build in DIST (default dist/), attaches to the page's
// workers through the DevTools protocol (Playwright has no CDP session for a worker, so
// a raw one over the browser's debugging port), samples their CPU until the page says
// the forecast is ready, and prints self time per function (TOP=n lines). For function
// names, put the worker's wasm-bindgen output (not post-processed by wasm-opt) with its
// own `forecast-worker.js` into a copy of the build.
import path from 'path';
import WebSocket from 'ws';
import { launch, serveDirs } from './harness.mjs';

const server = await serveDirs({ sop: path.resolve(process.env.DIST ?? 'dist') });
const [n, w] = [process.argv[2] ?? '3000', process.argv[3] ?? '1'];
const port = 9300 + Math.floor(Math.random() * 600);
const { context } = await launch(undefined, { args: [`--remote-debugging-port=${port}`] });
const page = await context.newPage();
await page.goto('about:blank#profile-worker');
let version;
for (let i = 0; i < 50 && !version; i++) {
  try { version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json(); } catch { await new Promise((r) => setTimeout(r, 200)); }
}
const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(version.webSocketDebuggerUrl);
await new Promise((r) => ws.on('open', r));
let nextId = 0;
const waiting = new Map();
const workers = [];
const send = (method, params = {}, sessionId) => new Promise((resolve) => {
  const id = ++nextId;
  waiting.set(id, resolve);
  ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
});
ws.on('message', async (raw) => {
  const msg = JSON.parse(raw);
  if (msg.id && waiting.has(msg.id)) { if (msg.error) console.error(msg.error); waiting.get(msg.id)(msg.result); waiting.delete(msg.id); return; }
  if (msg.method === 'Target.attachedToTarget' && msg.params.targetInfo.type === 'worker') {
    const s = msg.params.sessionId;
    workers.push(s);
    await send('Profiler.enable', {}, s);
    await send('Profiler.setSamplingInterval', { interval: 200 }, s);
    await send('Profiler.start', {}, s);
  }
});
const targetId = targets.find((t) => t.url.endsWith('#profile-worker')).id;
const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
const t0 = Date.now();
await page.goto(`${server.origin}/sop/?sample=${n}&workers=${w}#/demand`);
await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 600000 });
console.log(`ready ${Date.now() - t0} ms after navigation; ${workers.length} worker(s) profiled (the forecast pool and any other worker the page started)`);
const self = {};
let total = 0;
for (const s of workers) {
  const { profile } = await send('Profiler.stop', {}, s);
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  profile.samples.forEach((id, i) => {
    const name = (byId.get(id).callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
    const ms = (profile.timeDeltas[i] || 0) / 1000;
    self[name] = (self[name] || 0) + ms;
    total += ms;
  });
}
for (const [name, ms] of Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${name.slice(0, 140)}`);
}
console.log(`all samples: ${total.toFixed(0)} ms`);
ws.close();
await context.close();
server.stop();
process.exit(0);
