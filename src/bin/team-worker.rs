//! The team Web Worker (built by Trunk with `data-type="worker"`): automerge lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    sop_planner::team_worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("team-worker runs in the browser as a Web Worker (see src/team_worker.rs).");
}
