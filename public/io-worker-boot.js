// Starts the import/export Web Worker (src/io_worker.rs), built by Trunk as
// io-worker.js + io-worker_bg.wasm (wasm-bindgen "no-modules").
importScripts('./io-worker.js');
wasm_bindgen({ module_or_path: './io-worker_bg.wasm' });
