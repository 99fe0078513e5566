// Optimizer figures in the browser, run by hand (not a test: nothing is judged):
// the demo company and the samples ?sample=1000 and ?sample=10000, supply review →
// Optimize (min cost): time from the click to the result (worker start, WASM solve,
// scenario saved), the model size and the integer gap as the panel shows them.
// With --months N the company's horizon is set to N months first (its backup exported
// from the page with the horizon changed, restored through the workspace menu, the page
// reloaded), so the model has families × N months.
//   trunk build --release && node tests/e2e/optimize-bench.mjs [--sizes 1000,10000] [--months 36]
import { serveDist, launch, openPage, exportBackup, OUT } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const i = argv.indexOf('--sizes');
const sizes = (i >= 0 ? argv[i + 1] : '1000,10000').split(',').map(Number);
const j = argv.indexOf('--months');
const months = j >= 0 ? Number(argv[j + 1]) : null;

/** The open company with a horizon of `n` months (backup → restore → reload), checked
 * on the reloaded page's own backup (a reload that beat the restore's save is retried). */
async function withHorizon(page, n, name) {
  const { backup } = await exportBackup(page);
  backup.cycles.at(-1).horizon = n;
  const file = path.join(OUT, `optimize-bench-${name.replace(/\W+/g, '-')}-${n}.json`);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(backup));
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.click('.workspace-menu .menu-button');
    await page.setInputFiles('#restore-backup', file);
    await page.waitForSelector('#restore-dialog #restore-replaces', { timeout: 120000 });
    await page.click('#restore-replace');
    await page.waitForSelector('#restore-dialog', { state: 'detached' });
    await page.waitForTimeout(2000);
    await page.waitForFunction(() => document.querySelector('.save')?.dataset.state === 'saved', null, { timeout: 300000 });
    await page.reload();
    await page.waitForSelector('.save[data-state="saved"]', { timeout: 120000 });
    await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 600000 });
    const { backup: shown } = await exportBackup(page);
    if (shown.cycles.at(-1).horizon === n) return;
  }
  throw new Error(`${name}: the horizon did not become ${n} months`);
}

const server = await serveDist();
const rows = [];
for (const [name, query] of [['demo', ''], ...sizes.map((n) => [`${n} SKUs`, `?sample=${n}`])]) {
  const { context } = await launch();
  try {
    const { page } = await openPage(context, server.url + query + '#/supply', { forecast: true });
    if (months) await withHorizon(page, months, name);
    await page.waitForSelector('#optimize-run', { timeout: 120000 });
    const t0 = Date.now();
    await page.click('#optimize-run');
    await page.waitForSelector('#opt-result', { timeout: 300000 });
    const ms = Date.now() - t0;
    const gap = (await page.textContent('#opt-gap')).replace(/\s+/g, ' ').trim();
    rows.push([name, ms, gap]);
    console.log(`| ${name}${months ? ` (${months} months)` : ''} | ${ms} ms | ${gap} |`);
  } finally { await context.close(); }
}
server.stop();
