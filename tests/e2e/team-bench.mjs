// Benchmark (not part of .ci/test): team merges in the browser's WASM, through the Team
// panel as a person does them — wall time from choosing the file to the panel's answer.
//   node tests/e2e/team-bench.mjs [--sizes 30,1000]
// Per size: "Send everything" (share), joining from that file, and merging one edited
// cell's change file into the joined replica, then one family's Sales row typed over the
// 18 plan months (a typical contribution). Needs dist/ (trunk build --release).
import { serveDist, launch, openPage, run } from './harness.mjs';
import { iAm, merge, send, typeCell } from './team-kit.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const arg = process.argv.indexOf('--sizes');
const sizes = (arg > 0 ? process.argv[arg + 1] : '30,1000').split(',').map(Number);
const server = await serveDist();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-team-bench-'));
const rows = [];

const timed = async (f) => {
  const t = Date.now();
  const r = await f();
  return [Date.now() - t, r];
};

await run(sizes.map((n) => [`team merges at ${n} SKUs`, async () => {
  const a = await launch();
  const b = await launch();
  try {
    const q = n === 30 ? '' : `?sample=${n}`;
    const sales = await openPage(a.context, server.url + q + '#/demand');
    const ops = await openPage(b.context, server.url + q + '#/demand');
    await iAm(sales.page, 'Ana', 'Sales');
    await iAm(ops.page, 'Ben', 'Operations');
    const [share, file] = await timed(() => send(sales.page, tmp, `all-${n}`, true));
    const [join] = await timed(() => merge(ops.page, file, /Joined/));
    await typeCell(sales.page, '#waterfall-2-6', '123');
    const one = await send(sales.page, tmp, `one-${n}`);
    const [cell] = await timed(() => merge(ops.page, one, /Merged/));
    // A typical contribution: one family's Sales row typed over the 18 plan months.
    const famButton = sales.page.locator('.tree button.node[data-family]').first();
    const fname = (await famButton.textContent()).trim();
    await famButton.click();
    await sales.page.waitForSelector(`h1 .sel-title:has-text("${fname}")`);
    for (let t = 0; t < 18; t++) await typeCell(sales.page, `#waterfall-2-${6 + t}`, String(200 + t));
    await sales.page.waitForSelector('.save[data-state="saved"]');
    const fam = await send(sales.page, tmp, `family-${n}`);
    const [family] = await timed(() => merge(ops.page, fam, /Merged/));
    rows.push({ skus: n, fileBytes: fs.statSync(file).size, share, join, cellBytes: fs.statSync(one).size, cell, familyBytes: fs.statSync(fam).size, family });
  } finally {
    await a.context.close();
    await b.context.close();
  }
}]));
console.log('| SKUs | "Send everything" | whole-cycle file | join from it | one cell\'s file | merge it | one family\'s 18 months: file | merge it |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.skus} | ${r.share} ms | ${r.fileBytes} B | ${r.join} ms | ${r.cellBytes} B | ${r.cell} ms | ${r.familyBytes} B | ${r.family} ms |`);
}
server.stop();
