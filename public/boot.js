// Starts the WebAssembly app. Loaded as a file (not inline) so that the page's
// Content-Security-Policy needs no 'unsafe-inline' for scripts. Trunk writes the
// hashed file names into the data attributes of this script's tag.
const tag = document.querySelector('script[data-sop-js]');
function fail(message) {
  const boot = document.getElementById('boot');
  if (boot) {
    boot.className = 'boot boot-error';
    boot.setAttribute('role', 'alert');
    boot.textContent = 'The planner could not start: ' + message +
      '. Try reloading the page; your saved data stays in this browser.';
  }
}

/** The build's version: the content hash in the app's WASM file name. */
function versionOf(wasmPath) {
  const name = String(wasmPath || '').split('/').pop();
  const m = name.match(/-([0-9a-f]{8,})_bg\.wasm$/);
  return m ? m[1] : name || 'dev';
}
const VERSION = versionOf(tag && tag.dataset.sopWasm);

/** Offers a reload once a newer version is deployed; never reloads by itself (the
 * planner may be in the middle of an edit). */
function offerUpdate() {
  if (document.getElementById('update-banner')) return;
  const bar = document.createElement('div');
  bar.id = 'update-banner';
  bar.className = 'update-banner';
  bar.setAttribute('role', 'status');
  // The live region exists before its text, so screen readers announce the text.
  document.body.append(bar);
  const text = document.createElement('span');
  text.textContent = 'A new version of the planner is available';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'primary';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = 'Later';
  later.addEventListener('click', () => bar.remove());
  setTimeout(() => bar.append(text, ' — ', reload, later), 50);
}

/** Asks the server (past every cache) which version index.html names now. */
let lastCheck = 0;
async function checkForUpdate() {
  if (Date.now() - lastCheck < 30000) return;
  lastCheck = Date.now();
  try {
    const res = await fetch('./?version-check', { cache: 'no-cache' });
    if (!res.ok) return;
    const m = (await res.text()).match(/data-sop-wasm="([^"]+)"/);
    if (m && versionOf(m[1]) !== VERSION) offerUpdate();
  } catch {
    // Offline: nothing to learn.
  }
}

/** Calls `then` once the page is interactive: 2 s after the app says its statistical
 * forecast is ready (`.forecast[data-state="ready"]`, the top bar's indicator; the
 * charts draw right after it), or after 10 s. */
function whenInteractive(then) {
  const ready = () => document.querySelector('.forecast[data-state="ready"]') !== null;
  let timer = 0;
  const later = () => { clearTimeout(timer); setTimeout(then, 2000); };
  if (ready()) { later(); return; }
  const mo = new MutationObserver(() => {
    if (!ready()) return;
    mo.disconnect();
    later();
  });
  mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  timer = setTimeout(() => { mo.disconnect(); then(); }, 10000);
}

// Offline after the first load (public/sw.js), one cache per version. Not on file://
// or where unsupported. Registered only once the page is interactive: installing it
// fetches every file of the build (the I/O and optimize workers too, ~1.1 MB gzip),
// which would otherwise compete with the app's own download on a first visit.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  const sw = navigator.serviceWorker;
  whenInteractive(() => sw.register('./sw.js?v=' + encodeURIComponent(VERSION))
    .catch((e) => console.warn('offline mode unavailable:', e)));
  // A newer build's service worker took over this page (another tab loaded it).
  sw.addEventListener('controllerchange', () => {
    const url = sw.controller && sw.controller.scriptURL;
    const v = url ? new URL(url).searchParams.get('v') : null;
    if (v && v !== VERSION) offerUpdate();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  });
  // A tab left open and visible all day asks now and then too.
  setInterval(() => {
    if (document.visibilityState === 'visible') checkForUpdate();
  }, 3600e3);
}
try {
  const mod = await import(tag.dataset.sopJs);
  await mod.default({ module_or_path: tag.dataset.sopWasm });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
} catch (e) {
  console.error(e);
  fail(String(e && e.message ? e.message : e));
}
