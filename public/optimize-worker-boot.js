// Starts the optimize Web Worker (src/optimize_worker.rs), built by Trunk as
// optimize-worker.js + optimize-worker_bg.wasm (wasm-bindgen "no-modules").
importScripts('./optimize-worker.js');
wasm_bindgen({ module_or_path: './optimize-worker_bg.wasm' });
