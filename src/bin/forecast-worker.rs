//! The forecasting Web Worker (built by Trunk with `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    sop_planner::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("forecast-worker runs in the browser as a Web Worker (see src/worker.rs).");
}
