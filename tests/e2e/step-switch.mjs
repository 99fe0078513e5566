// Dev tool, not a test: the long tasks (`longtask` entries, > 50 ms) of opening each
// cycle step from the demand review, in a sample company.
//   DIST=/abs/dist node tests/e2e/step-switch.mjs [SKUs=10000] [rounds=2]
// Prints, per step and round, the long tasks in the 2.5 s after the click (ms) and their sum.
import { launch, serveDist, serveDirs, watch, newLog } from './harness.mjs';
const server = process.env.DIST ? await serveDirs({ sop: process.env.DIST }) : await serveDist();
const { context } = await launch();
const page = await context.newPage();
watch(page, newLog());
const n = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 2);
await page.goto(server.url + (n === 30 ? '' : `?sample=${n}`) + '#/demand');
await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 600000 });
await page.waitForSelector('.save[data-state="saved"]');
await page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
});
const steps = (process.env.STEPS ?? 'supply,finance,executive,data').split(',');
const out = {};
for (let r = 0; r < rounds; r++) {
  for (const s of steps) {
    for (const to of [s, 'demand']) {
      await page.evaluate(() => { window.__long = []; });
      await page.click(`nav.steps a[href="#/${to}"]`);
      await page.waitForTimeout(2500);
      const l = await page.evaluate(() => window.__long.map(Math.round));
      (out[to] ??= []).push(l);
    }
  }
}
for (const [s, runs] of Object.entries(out)) {
  console.log(`${s.padEnd(10)} ${runs.map((l) => `[${l.join(' ')}] Σ${l.reduce((a, b) => a + b, 0)}`).join('  ')}`);
}
await context.close();
process.exit(0);
