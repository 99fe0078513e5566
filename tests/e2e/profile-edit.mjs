// Dev tool, not a test: where the main thread's time goes in a waterfall edit
// (TOGGLE=1: a click on the supply review's constrained-capacity switch instead;
// FAMILY=1: clicks on the demand review's first two families in the tree, in turn;
// STEP=finance: clicks on that step and back on the demand review, in turn).
//   node tests/e2e/profile-edit.mjs [SKUs=30] [edits=10]
// Prints the main-thread timeline of the last edit (Chromium trace; DEPTH=n levels)
// and trace events by name; MINDUR=µs the shortest event shown (100); CSS=rules adds a style sheet. PROF=1 adds a CPU profile (inclusive ms per function;
// TOP=n lines; SUBTREE=regex prints the call tree below matching functions; ATTR=1
// charges self time to the innermost of the app's own functions on the stack, ATTR=path
// to the chain of them; WITHIN=regex only samples under a matching frame); CALLERS=regex the stacks above matching functions. DIST=dir profiles another build, e.g. dist/ with its wasm
// replaced by one post-processed with `wasm-opt -g` (function names kept).
import { launch, serveDist, serveDirs, watch, newLog } from './harness.mjs';
const server = process.env.DIST ? await serveDirs({ sop: process.env.DIST }) : await serveDist();
const { context } = await launch();
const page = await context.newPage();
watch(page, newLog());
const n = Number(process.argv[2] ?? 30);
// INIT="script": run in the page before its own scripts (to try a change without a build).
if (process.env.INIT) await page.addInitScript(process.env.INIT);
await page.goto(server.url + (n === 30 ? '' : `?sample=${n}`) + '#/demand');
await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 600000 });
await page.waitForSelector('.save[data-state="saved"]');
// CSS="rules": added to the page before the edits (to try a style change without a build).
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
// TOGGLE=1: the supply review's "Constrained by capacity" switch instead of an edit.
const family = Boolean(process.env.FAMILY);
const step = process.env.STEP;
const toggle = Boolean(process.env.TOGGLE) || family || Boolean(step);
let salesId = null;
const families = family ? await page.$$eval('.tree button.node[data-family]', (bs) => bs.slice(0, 2).map((b) => b.dataset.family)) : [];
if (step) {
  // Each step's code loaded once before the profile.
  await page.click(`nav.steps a[href="#/${step}"]`);
  await page.waitForTimeout(3000);
  await page.click('nav.steps a[href="#/demand"]');
  await page.waitForTimeout(2000);
} else if (family) {
  await page.click(`.tree button[data-family="${families[1]}"]`);
  await page.waitForSelector('.save[data-state="saved"]');
} else if (toggle) {
  await page.click('nav.steps a[href="#/supply"]');
  await page.waitForSelector('#constrained-toggle');
  await page.waitForSelector('#capacity-chart canvas');
} else {
  const sku = await page.$eval('.tree button.sku', (b) => b.dataset.sku);
  await page.click(`.tree button[data-sku="${sku}"]`);
  await page.waitForSelector(`h1 .sel-title:has-text("${sku}")`);
  salesId = await page.locator('#waterfall tr.sales input.cell').nth(2).getAttribute('id');
}
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
const events = [];
cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
const agg = {}; const prof = {}; const attr = {}; const callers = {};
const EDITS = Number(process.argv[3] ?? 10);
for (let k = 0; k < EDITS + 2; k++) {
  const cell = toggle ? null : page.locator('#' + salesId);
  if (!toggle) await cell.fill(String(100 + 7 * k));
  if (k >= 2) {
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'toplevel', 'v8', 'blink', 'cc', 'gpu', 'viz'] } });
    if (process.env.PROF) await cdp.send('Profiler.start');
  }
  if (step) {
    await page.click(`nav.steps a[href="#/${k % 2 ? 'demand' : step}"]`);
  } else if (family) {
    const f = families[k % 2];
    await page.click(`.tree button[data-family="${f}"]`);
    await page.waitForSelector(`.tree button[data-family="${f}"].selected`);
  } else if (toggle) await page.click('#constrained-toggle');
  else await cell.press('Enter');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
  // A family's panels follow in later tasks (its cleansing review in slices, the charts).
  if (family) await page.waitForTimeout(450);
  if (step) await page.waitForTimeout(1500);
  if (k >= 2) {
    const { profile } = process.env.PROF ? await cdp.send('Profiler.stop') : { profile: { nodes: [], samples: [], timeDeltas: [] } };
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end'); await done;
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    const parent = new Map();
    for (const x of profile.nodes) for (const c of x.children || []) parent.set(c, x);
    const dt = profile.timeDeltas; let i = 0;
    const selfT = new Map();
    for (const s of profile.samples) { selfT.set(s, (selfT.get(s) || 0) + (dt[i++] || 0) / 1000); }
    const key = (node) => { const cf = node.callFrame; return `${(cf.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '')} ${cf.url.split('/').pop()}`; };
    const walk = (node, seen) => {
      let t = selfT.get(node.id) || 0;
      const k = key(node); const first = !seen.has(k);
      const next = first ? new Set([...seen, k]) : seen;
      for (const c of node.children || []) t += walk(byId.get(c), next);
      if (first) prof[k] = (prof[k] || 0) + t;
      return t;
    };
    if (profile.nodes.length) walk(profile.nodes[0], new Set());
    if (process.env.ATTR) {
      // Self time of each sample charged to the innermost frame of this app's own code
      // (`sop_planner::`) on its stack (ATTR=path: all of them), else to the innermost named
      // frame: which of the app's functions (effects, memos, handlers) the time is spent
      // under.
      // WITHIN=regex: only samples with a frame matching it on their stack.
      const within = process.env.WITHIN ? new RegExp(process.env.WITHIN) : null;
      for (const [id, t] of selfT) {
        let x = byId.get(id); let own = null; const leaf = key(x);
        if (within) {
          let y = x;
          while (y && !within.test(key(y))) y = parent.get(y.id);
          if (!y) continue;
        }
        const path = [];
        for (let y = x; y; y = parent.get(y.id)) if (key(y).startsWith('sop_planner::')) path.push(key(y).replace(/ \S+$/, '').replace(/^sop_planner::/, ''));
        if (path.length) own = process.env.ATTR === 'path' ? path.reverse().join(' > ') : path[0];
        if (!own && /^\((idle|program|root|garbage)/.test(leaf)) continue;
        attr[own ?? '(no app frame) ' + leaf] = (attr[own ?? '(no app frame) ' + leaf] || 0) + t;
      }
    }
    if (process.env.CALLERS) {
      // CALLERS=regex: the callers (DEPTH frames up) of the matching functions, by self time.
      const re = new RegExp(process.env.CALLERS);
      for (const [id, t] of selfT) {
        const n = byId.get(id); if (!re.test(key(n))) continue;
        const chain = []; for (let y = parent.get(id); y && chain.length < Number(process.env.DEPTH ?? 8); y = parent.get(y.id)) chain.push(key(y).replace(/ \S+$/, '').slice(0, 90));
        callers[chain.join(' < ')] = (callers[chain.join(' < ')] || 0) + t;
      }
    }
    if (process.env.SUBTREE) {
      const re = new RegExp(process.env.SUBTREE);
      const incl = (n) => (selfT.get(n.id) || 0) + (n.children || []).reduce((a, c) => a + incl(byId.get(c)), 0);
      const show = (n, d) => { const t = incl(n); if (t < 0.3 || d > 14) return; console.log(`${'  '.repeat(d)}${t.toFixed(1)} ${key(n)}`); for (const c of n.children || []) show(byId.get(c), d + 1); };
      for (const n of profile.nodes) if (re.test(key(n)) && !(parent.get(n.id) && re.test(key(parent.get(n.id))))) show(n, 0);
    }
  }
  await page.waitForSelector('.save[data-state="saved"]');
}
const main = events.filter((e) => e.ph === 'X' && e.dur);
// The renderer main thread: where EventDispatch runs.
const ed = main.find((e) => e.name === 'EventDispatch');
const mt = main.filter((e) => e.pid === ed.pid && e.tid === ed.tid);
// Timeline of the last edit: events on the main thread from the keydown on, 3 levels.
const keys = mt.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === (toggle ? 'click' : 'keydown'));
const k0 = keys[keys.length - 1].ts;
const shown = mt.filter((e) => e.ts >= k0 - 100 && e.ts < k0 + Number(process.env.WINDOW ?? 40) * 1000 && e.dur >= Number(process.env.MINDUR ?? 100)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const stack = [];
for (const e of shown) {
  while (stack.length && stack[stack.length - 1] <= e.ts) stack.pop();
  if (stack.length <= Number(process.env.DEPTH ?? 4)) console.log(`${((e.ts - k0) / 1000).toFixed(2).padStart(7)} +${(e.dur / 1000).toFixed(2).padStart(6)} ${'  '.repeat(stack.length)}${e.name} ${e.args?.data?.type ?? ""} ${e.args?.data?.functionName ?? ""} ${(e.args?.data?.url ?? "").split("/").pop()}:${e.args?.data?.lineNumber ?? ""}`);
  stack.push(e.ts + e.dur);
}
if (process.env.EDITSUM) {
  // EDITSUM=1: per edit, the medians (ms) of its main-thread tasks — the key's task, to the
  // end of the frame after it and of a focus timer right after that frame — and of the
  // frame's phases in that window; after: the CPU of all tasks in the 60 ms from the key
  // (the chart's redraw included).
  const phases = ['UpdateLayoutTree', 'LocalFrameView::layout', 'Blink.Paint.UpdateTime', 'Layerize', 'LayoutView::HitTest', 'TimerFire'];
  const tasks = mt.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const outer = tasks.filter((e, i) => !tasks.some((o, j) => j < i && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur));
  // longest / cpu400: the longest task and the CPU of all tasks in the 400 ms from the key
  // or click (a family click's sliced review, its charts and their frames included).
  const per = { key: [], frame: [], all: [], after: [], longest: [], cpu400: [], ...Object.fromEntries(phases.map((n) => [n, []])) };
  for (const k of keys) {
    const kt = outer.find((e) => e.ts <= k.ts && e.ts + e.dur >= k.ts);
    const frame = mt.find((e) => e.ts > k.ts && e.name === 'ProxyMain::BeginMainFrame');
    if (!kt || !frame) continue;
    const timer = mt.find((e) => e.ts > k.ts && e.name === 'TimerFire');
    let end = frame.ts + frame.dur;
    if (timer && timer.ts < end + 5000) end = Math.max(end, timer.ts + timer.dur);
    const ms = (events) => events.reduce((a, e) => a + e.dur / 1000, 0);
    per.key.push(kt.dur / 1000);
    per.frame.push(frame.dur / 1000);
    per.all.push(ms(outer.filter((e) => e.ts >= kt.ts && e.ts < end)));
    // after: CPU of every task in the 60 ms from the key (the chart's redraw comes ~30 ms on).
    per.after.push(outer.filter((e) => e.ts >= kt.ts && e.ts < kt.ts + 60000).reduce((a, e) => a + (e.tdur ?? e.dur) / 1000, 0));
    const window = outer.filter((e) => e.ts >= kt.ts && e.ts < kt.ts + 400000);
    per.longest.push(Math.max(...window.map((e) => e.dur / 1000)));
    per.cpu400.push(window.reduce((a, e) => a + (e.tdur ?? e.dur) / 1000, 0));
    const inside = mt.filter((e) => e.ts >= kt.ts && e.ts + e.dur <= end + 1);
    for (const n of phases) per[n].push(ms(inside.filter((e) => e.name === n)));
  }
  const med = (a) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)] ?? 0; };
  console.log('EDITSUM ' + Object.keys(per).map((n) => `${n.replace(/.*::/, '')}=${med(per[n]).toFixed(2)}`).join(' '));
}
// ARGS=regex: the arguments of the last edit's events whose names match (e.g. Layout's
// dirty and total objects, UpdateLayoutTree's element count).
if (process.env.ARGS) {
  const re = new RegExp(process.env.ARGS);
  for (const e of mt.filter((e) => e.ts >= k0 && e.ts < k0 + 40000 && re.test(e.name))) console.log(`ARGS ${((e.ts - k0) / 1000).toFixed(2)} ${e.name} ${(e.dur / 1000).toFixed(2)} ms ${JSON.stringify(e.args)}`);
}
for (const e of main) { agg[e.name] = (agg[e.name] || 0) + e.dur / 1000; }
const top = (o, k) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, v]) => `${(v / EDITS).toFixed(2).padStart(8)} ms  ${n}`).join('\n');
console.log('trace events (ms per edit, inclusive, all threads):\n' + top(agg, 40));
console.log('\ncpu profile inclusive time (ms per edit):\n' + top(prof, Number(process.env.TOP ?? 60)));
if (process.env.CALLERS) console.log('\ncallers (self ms per edit):\n' + top(callers, 15));
if (process.env.ATTR) console.log('\nself time by the innermost app function on the stack (ms per edit; ATTR=1):\n' + top(attr, Number(process.env.TOP ?? 60)));
await context.close(); server.stop();
