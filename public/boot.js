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
// Offline after the first load (public/sw.js). Not on file:// or where unsupported.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline mode unavailable:', e));
}
try {
  const mod = await import(tag.dataset.sopJs);
  await mod.default({ module_or_path: tag.dataset.sopWasm });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
} catch (e) {
  console.error(e);
  fail(String(e && e.message ? e.message : e));
}
