// Benchmark (not a timed test): tab-to-tab latency of live sync on loopback. Two browser
// profiles join one shared cycle with Live sync on through the real sync server (see
// syncserver.mjs); Sales types a number in a grid cell, and the time until Operations'
// grid shows it is taken, N times (default 40; N=… to change). Prints p50 / p90 / max.
import { launch, openPage } from './harness.mjs';
import { serveDistWithSync } from './syncserver.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const N = Number(process.env.N ?? 40);
const server = await serveDistWithSync();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-latency-'));
const a = await launch();
const b = await launch();
try {
  const sales = (await openPage(a.context, server.url + '#/demand')).page;
  const ops = (await openPage(b.context, server.url + '#/demand')).page;
  for (const [p, name, role] of [[sales, 'Ana', 'Sales'], [ops, 'Ben', 'Operations']]) {
    await p.click('#team-button');
    await p.fill('#team-name', name);
    await p.selectOption('#team-role', role);
    await p.click('#team-save-person');
    await p.waitForSelector('#team-send-all');
  }
  const [dl] = await Promise.all([sales.waitForEvent('download'), sales.click('#team-send-all')]);
  const file = path.join(tmp, 'shared.sopchanges');
  await dl.saveAs(file);
  await ops.setInputFiles('#team-merge', file);
  await ops.waitForSelector('#team-status:has-text("Joined")', { timeout: 30000 });
  for (const p of [sales, ops]) {
    await p.check('#team-live');
    await p.waitForSelector('#live-status[data-state="connected"]', { timeout: 15000 });
    await p.click('.tree button[data-sku="KB-16"]');
    await p.waitForSelector('#waterfall-2-6');
  }
  const times = [];
  for (let i = 0; i < N; i++) {
    const id = `#waterfall-2-${6 + (i % 8)}`;
    const value = 1000 + i;
    const cell = sales.locator(id);
    await cell.fill(String(value));
    const t0 = Date.now();
    await cell.press('Enter');
    await ops.waitForFunction(([id, v]) => Number(document.querySelector(id)?.value.replace(/,/g, '')) === v, [id, value], { polling: 'raf', timeout: 10000 });
    times.push(Date.now() - t0);
  }
  times.sort((x, y) => x - y);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`live sync tab-to-tab latency on loopback, ${N} edits: p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${times[times.length - 1]} ms`);
} finally {
  await a.context.close();
  await b.context.close();
  server.stop();
}
