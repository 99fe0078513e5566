// Service worker: the planner keeps working offline after its first load, and a
// redeploy never pairs an old boot file with new WASM.
// - Registered by boot.js as `sw.js?v=<version>` (the hash of the app's WASM file name):
//   a new build is a new service worker with a cache of its own, `sop-planner-<version>`.
// - Install: fetches index.html and every file it references (hashed by Trunk), plus the
//   unhashed files, all past the HTTP cache (`cache: 'no-cache'`), into that cache.
// - Activate: deletes the older planner caches of this scope, takes over open pages
//   (they learn of the new version from `controllerchange`, see boot.js).
// - Files with a content hash in their name (Trunk's `name-0123abcd….js`) never change:
//   the cache first, else the network (and cache the answer).
// - Everything else (the page, boot.js, the workers' files): the network first, past the
//   HTTP cache, so a new version is picked up; the cached copy offline.
// - `?version-check` requests (boot.js asking whether a new version is deployed) go to
//   the network untouched and are never cached.
// Nothing here contacts any origin but the page's own.
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const PREFIX = 'sop-planner-';
// The scope is part of the name: another deployment of the planner under another path of
// the same origin keeps its own cache.
const SUFFIX = ' ' + self.registration.scope;
const CACHE = PREFIX + VERSION + SUFFIX;
const FIXED = ['./boot.js', './worker-boot.js', './forecast-worker.js',
  './forecast-worker_bg.wasm', './io-worker-boot.js', './io-worker.js', './io-worker_bg.wasm',
  './optimize-worker-boot.js', './optimize-worker.js', './optimize-worker_bg.wasm',
  './manifest.webmanifest', './icon.svg'];
// The app's split modules and their loader (`__wasm_split-<hash>.js`): fetched by no tag
// of index.html, listed here by tools/split.sh at build time.
const SPLIT = [];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch('./', { cache: 'no-cache' });
    if (!index.ok) throw new Error('index.html: HTTP ' + index.status);
    const html = await index.clone().text();
    await cache.put('./', index);
    const refs = [...html.matchAll(/(?:src|href|data-sop-js|data-sop-wasm)="(\.\/[^"]+)"/g)].map((m) => m[1]);
    const urls = [...new Set([...FIXED, ...SPLIT, ...refs])];
    await cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((n) => n !== CACHE &&
      (n === PREFIX + 'v1' || (n.startsWith(PREFIX) && n.endsWith(SUFFIX))));
    await Promise.all(old.map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.searchParams.has('version-check')) return;
  const hashed = /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/.test(url.pathname);
  const key = req.mode === 'navigate' ? './' : req;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (hashed) {
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
    }
    try {
      const res = await fetch(hashed ? req : new Request(req, { cache: 'no-cache' }));
      if (res.ok) await cache.put(key, res.clone());
      return res;
    } catch (e) {
      const hit = await cache.match(key, { ignoreSearch: true });
      if (hit) return hit;
      throw e;
    }
  })());
});
