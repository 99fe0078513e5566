//! Optimize in a Web Worker: the solvers (microlp, clarabel) live in this wasm binary
//! (`optimize-worker`), started for one solve and terminated after it (or on Cancel),
//! so the app's wasm stays without them and the page never blocks while it solves.
//!
//! Messages (plain objects):
//! - ready (once, when the worker listens): `{ ready: true }`
//! - request: `{ id, cycle: JSON, baselines: JSON, scenario?: id, objective: "cost" |
//!   "profit" | "service" }`
//! - reply: `{ id, outcome: JSON }` (an [`Outcome`]), or `{ id, noPlan: text }` (the
//!   engine's explanation of an infeasible set-up), or `{ id, error: text }`

use crate::engine::model::{Baseline, Cycle};
use crate::engine::optimize::Objective;
use crate::engine::optimize::outcome::{Outcome, outcome};
use crate::worker_message::{get, serve, set, text};
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// Answers one request: `Ok(Ok(outcome))`, `Ok(Err(explanation))` or `Err(failure)`.
fn handle(req: &JsValue) -> Result<Result<Outcome, String>, String> {
    let cycle: Cycle = serde_json::from_str(&text(req, "cycle"))
        .map_err(|e| format!("the cycle could not be read: {e}"))?;
    let baselines: Vec<Baseline> = serde_json::from_str(&text(req, "baselines"))
        .map_err(|e| format!("the baselines could not be read: {e}"))?;
    let objective = Objective::parse(&text(req, "objective"))
        .ok_or_else(|| format!("unknown objective '{}'", text(req, "objective")))?;
    let scenario = get(req, "scenario").as_f64().map(|x| x as u64);
    Ok(outcome(&cycle, scenario, &baselines, objective).map_err(|e| e.0))
}

/// The worker's entry point.
pub fn start() {
    serve(|req| {
        let out = Object::new();
        match handle(req) {
            Ok(Ok(o)) => match serde_json::to_string(&o) {
                Ok(json) => set(&out, "outcome", &json.into()),
                Err(e) => set(&out, "error", &e.to_string().into()),
            },
            Ok(Err(why)) => set(&out, "noPlan", &why.into()),
            Err(e) => set(&out, "error", &e.into()),
        }
        Ok(out)
    });
}
