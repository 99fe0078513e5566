// Optimizer figures in the browser, run by hand (not a test: nothing is judged):
// the demo company and the samples ?sample=1000 and ?sample=10000, supply review →
// Optimize (min cost): time from the click to the result (worker start, WASM solve,
// scenario saved), the model size and the integer gap as the panel shows them.
//   trunk build --release && node tests/e2e/optimize-bench.mjs [--sizes 1000,10000]
import { serveDist, launch, openPage } from './harness.mjs';

const argv = process.argv.slice(2);
const i = argv.indexOf('--sizes');
const sizes = (i >= 0 ? argv[i + 1] : '1000,10000').split(',').map(Number);
const server = await serveDist();
const rows = [];
for (const [name, query] of [['demo', ''], ...sizes.map((n) => [`${n} SKUs`, `?sample=${n}`])]) {
  const { context } = await launch();
  try {
    const { page } = await openPage(context, server.url + query + '#/supply', { forecast: true });
    await page.waitForSelector('#optimize-run', { timeout: 120000 });
    const t0 = Date.now();
    await page.click('#optimize-run');
    await page.waitForSelector('#opt-result', { timeout: 300000 });
    const ms = Date.now() - t0;
    const gap = (await page.textContent('#opt-gap')).replace(/\s+/g, ' ').trim();
    rows.push([name, ms, gap]);
    console.log(`| ${name} | ${ms} ms | ${gap} |`);
  } finally { await context.close(); }
}
server.stop();
