//! S&OP planner: a browser-only sales and operations planning app.
//!
//! - [`engine`]: the pure planning engine (forecast, consensus, supply, capacity, cash).
//! - [`store`]: persistence (IndexedDB in the browser) and import/export.
//! - `ui`: the Leptos app, one folder per cycle step (wasm32 only).
//! - [`cli`]: the native `sop` command line.
//!
//! See `ARCHITECTURE.md` for the map and the data flow.

pub mod cli;
pub mod engine;
#[cfg(target_arch = "wasm32")]
pub mod io_worker;
#[cfg(target_arch = "wasm32")]
pub mod optimize_worker;
pub mod store;
pub mod team;
#[cfg(target_arch = "wasm32")]
pub mod team_live;
#[cfg(target_arch = "wasm32")]
pub mod team_worker;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
#[cfg(target_arch = "wasm32")]
pub mod worker_message;
