// Starts the team Web Worker (src/team_worker.rs), built by Trunk as team-worker.js +
// team-worker_bg.wasm (wasm-bindgen "no-modules"): automerge loads only with it.
importScripts('./team-worker.js');
wasm_bindgen({ module_or_path: './team-worker_bg.wasm' });
