// Service worker: the planner keeps working offline after its first load.
// - Install: caches index.html and every file it references (hashed by Trunk), plus the
//   forecasting worker's files.
// - Files with a content hash in their name (Trunk's `name-0123abcd….js`) never change:
//   the cache first, else the network (and cache the answer).
// - Everything else (the page, boot.js, the worker's unhashed files): the network first,
//   so a new version is picked up, and the cached copy offline.
// Nothing here contacts any origin but the page's own.
const CACHE = 'sop-planner-v1';
const FIXED = ['./', './boot.js', './worker-boot.js', './forecast-worker.js',
  './forecast-worker_bg.wasm', './io-worker-boot.js', './io-worker.js', './io-worker_bg.wasm',
  './manifest.webmanifest', './icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch('./', { cache: 'no-cache' });
    const html = await index.clone().text();
    await cache.put('./', index);
    const refs = [...html.matchAll(/(?:src|href|data-sop-js|data-sop-wasm)="(\.\/[^"]+)"/g)].map((m) => m[1]);
    await cache.addAll([...new Set([...FIXED.slice(1), ...refs])]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  const hashed = /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/.test(url.pathname);
  const key = req.mode === 'navigate' ? './' : req;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (hashed) {
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
    }
    try {
      const res = await fetch(req);
      if (res.ok) await cache.put(key, res.clone());
      return res;
    } catch (e) {
      const hit = await cache.match(key, { ignoreSearch: true });
      if (hit) return hit;
      throw e;
    }
  })());
});
