// Diagnostic loop (not part of CI): the 10,000-SKU "close 50 ms after Enter" case of
// durability.test.mjs, repeated, each in a fresh profile; after each close the stored
// workspace and the pending record are read from another page of the origin, then the
// app is reopened and the price read. Counts the edits lost.
//   node tests/e2e/repro-close.mjs [runs] [--dist DIR] [--cpu N (CDP CPU throttling)]
//     [--ms 50 (close after Enter)] [--sku 10000]
//     [--noinit: no instrumentation | --console: the page's events and IndexedDB writes
//      logged to the console (the default also keeps them in localStorage, which
//      changes the timing)]
import { serveDirs, launch, openPage, ROOT } from './harness.mjs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const dist = path.resolve(opt('--dist', path.join(ROOT, 'dist')));
const cpu = Number(opt('--cpu', 1));
const ms = Number(opt('--ms', 50));
const size = Number(opt('--sku', 10000));
const server = await serveDirs({ sop: dist });
const priceOf = (sku) => `#table-products tr[data-id="${sku}"] input[aria-label="Price of ${sku}"]`;

// Records the page's lifecycle events and its IndexedDB writes (to localStorage, which
// outlives the page, and to the console).
const INIT = (LS) => {
  const t0 = performance.timeOrigin;
  const log = (m) => {
    const line = `${(performance.now()).toFixed(1)} ${m}`;
    if (LS) try { localStorage.setItem('dbg', (localStorage.getItem('dbg') ?? '') + line + '\n'); } catch { }
    console.log('DBG ' + line);
  };
  window.__dbg = log;
  for (const ev of LS ? ['pagehide', 'beforeunload', 'unload', 'freeze'] : ['pagehide', 'freeze']) window.addEventListener(ev, () => log(ev), true);
  document.addEventListener('visibilitychange', () => log('visibilitychange ' + document.visibilityState), true);
  document.addEventListener('change', (e) => log('change ' + (e.target?.getAttribute?.('aria-label') ?? '')), true);
  document.addEventListener('keydown', (e) => log('keydown ' + e.key), true);
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (v, k) {
    const tx = this.transaction;
    const key = String(k ?? '');
    if (!tx.__dbg) {
      tx.__dbg = true;
      const stores = [...tx.objectStoreNames].join(',');
      tx.addEventListener('complete', () => log(`tx complete [${stores}] first put ${key}`));
      tx.addEventListener('abort', () => log(`tx abort [${stores}] ${tx.error?.name} first put ${key}`));
    }
    let size = '';
    if (key.startsWith('pending/')) size = ' size ' + JSON.stringify(v).length;
    log(`put ${this.name} ${key.slice(0, 60)}${size}`);
    return put.call(this, v, k);
  };
  const commit = IDBTransaction.prototype.commit;
  IDBTransaction.prototype.commit = function () { log('commit()'); return commit.call(this); };
};

async function inspect(context) {
  const page = await context.newPage();
  await page.goto(server.origin + '/sop/icon.svg');
  const r = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('sop-planner');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['settings', 'workspaces']);
      const out = { dbg: localStorage.getItem('dbg') };
      tx.objectStore('settings').getAll().onsuccess = (e) => {
        const p = e.target.result.find((v) => v && typeof v === 'object' && 'base_rev' in v);
        out.pending = p ? { stamp: p.stamp, base_rev: p.base_rev, cycles: p.cycles.length, products: p.delta?.products?.map((x) => `${x.sku}=${x.price}`) } : null;
      };
      tx.objectStore('workspaces').getAll().onsuccess = (e) => {
        out.meta = e.target.result.map((m) => ({ id: m.id, rev: m.rev, stamp: m.stamp, writer: m.writer }));
      };
      tx.oncomplete = () => { db.close(); localStorage.removeItem('dbg'); resolve(out); };
    };
  }));
  await page.close();
  return r;
}

let lost = 0;
for (let i = 0; i < runs; i++) {
  const { context } = await launch();
  if (!args.includes('--noinit')) await context.addInitScript(INIT, !args.includes('--console'));
  try {
    const url = server.url + `?sample=${size}#/data`;
    const { page } = await openPage(context, url, { forecast: false });
    const clog = [];
    page.on('console', (m) => { if (m.text().startsWith('DBG')) clog.push(m.text().slice(4)); });
    const cdp = await context.newCDPSession(page);
    if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await page.evaluate(() => { localStorage.removeItem('dbg'); });
    const sku = await page.locator('#table-products tbody tr').first().getAttribute('data-id');
    const before = await page.inputValue(priceOf(sku));
    const value = (100 + i + 0.45).toFixed(2);
    await page.fill(priceOf(sku), value);
    const t0 = Date.now();
    await page.press(priceOf(sku), 'Enter');
    await page.waitForTimeout(ms);
    const state = await page.getAttribute('.save', 'data-state');
    const tClose = Date.now() - t0;
    await page.close();
    const seen = await inspect(context);
    const again = await openPage(context, url, { forecast: false });
    const kept = await again.page.inputValue(priceOf(sku));
    const ok = kept === value;
    if (!ok) lost++;
    console.log(`run ${i + 1}: ${ok ? 'KEPT' : 'LOST'} (${before} → ${value}, reopened ${kept}); state at close ${state}, closed after ${tClose} ms`);
    console.log(`  stored: ${JSON.stringify(seen.meta)}; pending: ${JSON.stringify(seen.pending)}`);
    console.log('  ' + (seen.dbg ?? clog.join('\n')).trim().split('\n').join('\n  '));
  } finally { await context.close(); }
}
console.log(`${lost} lost of ${runs} (cpu ×${cpu}, close ${ms} ms after Enter, ${dist})`);
server.stop();
