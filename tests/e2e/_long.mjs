import { launch, serveDirs } from './harness.mjs';
const server = await serveDirs({ sop: process.env.DIST });
const { context } = await launch();
const page = await context.newPage();
await page.addInitScript(() => { window.__st = []; new MutationObserver(() => { const f = document.querySelector('.forecast'); const s = f && f.dataset.state; if (s && window.__st[window.__st.length - 1]?.[0] !== s) { window.__st.push([s, Math.round(performance.now())]); console.timeStamp('sop:forecast:' + s); } }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] }); });
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (d) => { for (const e of d.value) if ((e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask') || e.name === 'TimeStamp') events.push(e); });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'toplevel'], enableThreadTiming: true } });
await cdp.send('Profiler.start');
await page.goto(server.url + '?sample=10000#/demand');
await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 600000 });
await page.waitForTimeout(500);
const { profile } = await cdp.send('Profiler.stop');
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end'); await done;
const splits = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /split_|chunk_/.test(e.name)).map((e) => [e.name.split('/').pop().slice(0, 40), Math.round(e.startTime), Math.round(e.responseEnd)]));
const nav = await page.evaluate(() => performance.timeOrigin);
// main thread = thread with most RunTask CPU among those with TimeStamp? take the tid of the first TimeStamp 'sop:' mark if any, else the busiest
const tcount = {};
for (const e of events) if (e.name === 'ThreadControllerImpl::RunTask') tcount[e.pid + ':' + e.tid] = (tcount[e.pid + ':' + e.tid] || 0) + (e.tdur || 0);
const markEv = events.find((e) => e.name === 'TimeStamp' && String(e.args?.data?.message).startsWith('sop:forecast'));
const key = markEv ? markEv.pid + ':' + markEv.tid : Object.entries(tcount).sort((a, b) => b[1] - a[1])[0][0];
const marks = events.filter((e) => e.name === 'TimeStamp' && e.pid + ':' + e.tid === key).map((e) => [e.args.data.message, e.ts]);
const all = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.pid + ':' + e.tid === key).sort((a, b) => a.ts - b.ts);
const top = []; for (const e of all) if (!top.length || e.ts >= top[top.length - 1].ts + top[top.length - 1].dur) top.push(e);
const rmark = marks.find((m) => m[0] === 'sop:forecast:running'), dmark = marks.find((m) => m[0] === 'sop:forecast:ready');
const tasks = top.filter((e) => rmark && dmark && e.ts >= rmark[1] && e.ts <= dmark[1]).sort((a, b) => (b.tdur || 0) - (a.tdur || 0));
const running = marks.find((m) => m[0] === 'sop:forecast:running');
console.log('marks', marks.map((m) => m[0] + '@' + Math.round((m[1] - (running?.[1] ?? 0)) / 1000)).join(' '));
const byId = new Map(profile.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of profile.nodes) for (const c of x.children || []) parent.set(c, x);
const name = (n) => (n.callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '') + (n.callFrame.url ? '' : '');
const times = []; let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) { t += profile.timeDeltas[i]; times.push(t); }
for (const task of tasks.slice(0, 3)) {
  const a = task.ts, b = task.ts + task.dur;
  console.log(`\ntask at ${Math.round((a - (running?.[1] ?? 0)) / 1000)} ms after running: wall ${(task.dur / 1000).toFixed(1)} cpu ${((task.tdur || 0) / 1000).toFixed(1)}`);
  const agg = {};
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i] < a || times[i] > b) continue;
    const chain = [];
    for (let y = byId.get(profile.samples[i]); y; y = parent.get(y.id)) chain.push(name(y));
    if (/^\((idle|root)/.test(chain[0])) continue;
    const apps = chain.filter((f) => f.startsWith('sop_planner::') || /^split_|lazy/.test(f)).slice(0, 3).map((f) => f.replace(/^sop_planner::/, '').slice(0, 70));
    const k = apps.length ? apps.reverse().join(' > ') : '(no app) ' + chain.slice(0, 3).join(' < ').slice(0, 120);
    agg[k] = (agg[k] || 0) + 0.1;
  }
  for (const [k, v] of Object.entries(agg).sort((x, y) => y[1] - x[1]).slice(0, 14)) console.log(v.toFixed(1).padStart(6), k);
}
console.log('\nsplit fetches (start, end ms from navigation):', JSON.stringify(splits.slice(0, 6)), 'count', splits.length);
console.log('states (ms from nav):', JSON.stringify(await page.evaluate(() => window.__st)));
await context.close(); server.stop();
