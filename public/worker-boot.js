// Starts the forecasting Web Worker (src/worker.rs): Trunk builds it as
// forecast-worker.js + forecast-worker_bg.wasm (wasm-bindgen "no-modules").
importScripts('./forecast-worker.js');
wasm_bindgen({ module_or_path: './forecast-worker_bg.wasm' });
