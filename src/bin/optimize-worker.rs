//! The optimize Web Worker (built by Trunk with `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    sop_planner::optimize_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("optimize-worker runs in the browser as a Web Worker (see src/optimize_worker.rs).");
}
