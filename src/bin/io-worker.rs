//! The import/export Web Worker (built by Trunk with `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    sop_planner::io_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("io-worker runs in the browser as a Web Worker (see src/io_worker.rs).");
}
