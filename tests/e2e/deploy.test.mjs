// End-to-end: a redeploy. Build A is served and installed (service worker controlling),
// then build B replaces it on the same origin and path. Open tabs of A offer a reload
// (never reload by themselves); a reload runs B's boot file and WASM; A's cache is gone;
// B works offline.
// B is made from dist/: the app's hashed files renamed to another hash (index.html
// rewritten), a marker in each build's boot.js. A's files are dated a day back, B's an
// hour back, so the HTTP cache would serve A's unhashed files to anything that does not
// revalidate them.
import { serveDirs, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, ROOT, OUT, SUBPATH } from './harness.mjs';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dist = path.join(ROOT, 'dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  throw new Error('dist/index.html is missing: build the app first (trunk build --release)');
}
const hashA = fs.readFileSync(path.join(dist, 'index.html'), 'utf8')
  .match(/data-sop-wasm="\.\/sop-app-([0-9a-f]+)_bg\.wasm"/)[1];
const hashB = [...hashA].map((c) => ((parseInt(c, 16) + 1) % 16).toString(16)).join('');

/** A copy of dist/ as build `mark` whose app files carry `hash`, dated `age` ms back. */
function build(mark, hash, age) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sop-build-${mark}-`));
  fs.cpSync(dist, dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (f.includes(hashA)) fs.renameSync(path.join(dir, f), path.join(dir, f.replaceAll(hashA, hash)));
  }
  for (const f of fs.readdirSync(dir).filter((f) => f === 'index.html' || f.endsWith('.js'))) {
    const p = path.join(dir, f);
    const text = fs.readFileSync(p, 'utf8');
    if (text.includes(hashA)) fs.writeFileSync(p, text.replaceAll(hashA, hash));
  }
  // As a real build: index.html's SRI hashes are of the files as served (the app's JS
  // names its split loader, whose name carries the hash).
  const index = path.join(dir, 'index.html');
  const sri = (f) => 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(path.join(dir, f))).digest('base64');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(
    /(href="\.\/([^"]+)"[^>]*integrity=")[^"]+"/g, (_, head, f) => `${head}${sri(f)}"`));
  const boot = path.join(dir, 'boot.js');
  fs.writeFileSync(boot, `globalThis.__sopBuild = '${mark}';\n` + fs.readFileSync(boot, 'utf8'));
  const when = new Date(Date.now() - age);
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), when, when);
  return dir;
}

const buildA = build('A', hashA, 24 * 3600e3);
const buildB = build('B', hashB, 3600e3);
const mountName = SUBPATH.replaceAll('/', '');
const server = await serveDirs({ [mountName]: buildA });

const buildOf = (page) => page.evaluate(() => globalThis.__sopBuild);
const cacheNames = (page) => page.evaluate(() => caches.keys());
const wasmLoaded = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => e.name).filter((n) => /sop-app-[0-9a-f]+_bg\.wasm$/.test(n)).map((n) => n.split('/').pop()));

await run([
  ['a redeploy: open tabs offer a reload, a reload runs the new build, the old cache is gone, offline still works', async () => {
    const { context } = await launch();
    try {
      // Build A, installed and controlling.
      const one = await openPage(context, server.url);
      await one.page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await one.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      assert(await buildOf(one.page) === 'A', 'build A runs');
      const keysA = await cacheNames(one.page);
      assert(keysA.length === 1 && keysA[0].includes(hashA), 'one cache, of build A: ' + keysA.join(', '));
      const two = await openPage(context, server.url);
      assert(await buildOf(two.page) === 'A', 'second tab runs A');

      // Build B deployed at the same address.
      server.mount(mountName, buildB);
      assert(await one.page.$('#update-banner') === null, 'no banner before anything was checked');
      // Tab one becomes visible again: it asks the server, past every cache.
      await one.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await one.page.waitForSelector('#update-banner button:text("Reload")', { timeout: 10000 });
      const text = await one.page.textContent('#update-banner');
      assert(text.includes('A new version of the planner is available'), 'banner text: ' + text);
      assert(await one.page.getAttribute('#update-banner', 'role') === 'status', 'banner is a status region');
      assert(await buildOf(one.page) === 'A', 'tab one did not reload by itself');
      await one.page.screenshot({ path: path.join(OUT, 'update-banner.png') });

      // A new tab loads B: B's boot file and WASM run, B's service worker takes over.
      const three = await openPage(context, server.url);
      assert(await buildOf(three.page) === 'B', "the new tab runs B's boot file");
      const wasm3 = await wasmLoaded(three.page);
      assert(wasm3.length > 0 && wasm3.every((n) => n.includes(hashB)), "the new tab loaded B's WASM only: " + wasm3.join(', '));
      // Tab two, never touched, learns of B from the service worker's takeover.
      await two.page.waitForSelector('#update-banner button:text("Reload")', { timeout: 30000 });
      assert(await buildOf(two.page) === 'A', 'tab two did not reload by itself');
      // A's cache is deleted when B's service worker activates.
      await three.page.waitForFunction(([a, b]) => caches.keys().then((k) => k.length === 1 && k[0].includes(b) && !k[0].includes(a)),
        [hashA, hashB], { timeout: 30000 });

      // The banner's Reload in tab one: B runs there, no banner.
      await Promise.all([one.page.waitForEvent('load'), one.page.click('#update-banner button:text("Reload")')]);
      await one.page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      assert(await buildOf(one.page) === 'B', 'after Reload tab one runs B');
      const wasm1 = await wasmLoaded(one.page);
      assert(wasm1.length > 0 && wasm1.every((n) => n.includes(hashB)), "tab one loaded B's WASM: " + wasm1.join(', '));
      assert(await one.page.$('#update-banner') === null, 'no banner on the current version');
      const keysB = await cacheNames(one.page);
      assert(keysB.length === 1 && keysB[0].includes(hashB), 'only B is cached: ' + keysB.join(', '));

      // Offline, B comes from its own cache.
      await context.setOffline(true);
      await one.page.reload();
      await one.page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await one.page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      assert(await buildOf(one.page) === 'B', 'offline reload runs B');
      await context.setOffline(false);

      for (const t of [one, two, three]) {
        assertNoErrors(t.log);
        assertOnlyOrigin(t.log, server.origin);
      }
    } finally { await context.close(); }
  }],
]);

server.stop();
for (const dir of [buildA, buildB]) fs.rmSync(dir, { recursive: true, force: true });
