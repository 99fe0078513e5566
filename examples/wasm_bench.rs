//! The plan engine and storage benchmarks in a browser, as WebAssembly.
//!
//! Built by `.ci/bench` for wasm32 (once per profile: `wasm-release` as the app ships,
//! and `wasm-speed` at opt-level 3), run through `wasm-bindgen --target web` and
//! `wasm-opt`, and driven by `tests/e2e/bench.mjs` in headless Chromium, which prints it
//! next to the native `sop bench`. Natively this example only says so.
//!
//! Exports (each returns JSON text):
//! - `plan_bench(sizes, months, budget)`: [`bench::run`] with a `performance.now()`
//!   clock, the same code and synthetic company as `sop bench`;
//! - `store_bench(skus, months, reps)`: save and load of a `skus` × `months` workspace
//!   through the app's IndexedDB [`Repo`](sop_planner::store::idb::Repo), its JSON
//!   backup size, and the time to serialize and parse the cycle.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wasm_bench runs in a browser: see .ci/bench (node tests/e2e/bench.mjs)");
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod web {
    use serde::Serialize;
    use sop_planner::engine::demo;
    use sop_planner::engine::model::Cycle;
    use sop_planner::engine::plan::{bench, fallback};
    use sop_planner::store::idb::Repo;
    use sop_planner::store::{workspace_from_json, workspace_to_json};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `performance.now()`: milliseconds.
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }

    fn median(mut v: Vec<f64>) -> f64 {
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }

    /// The plan benchmark of `sop bench` (same sizes, company and stand-in baselines).
    #[wasm_bindgen]
    pub fn plan_bench(sizes: &[u32], months: u32, budget: f64) -> String {
        let sizes: Vec<usize> = sizes.iter().map(|&n| n as usize).collect();
        let mut clock = || performance_now() / 1000.0;
        let mut make = |n: usize, months: u32| {
            let mut c = demo::synthetic_cycle(n, 42);
            c.horizon = months;
            let b = fallback::stand_in_baselines(&c);
            (c, b)
        };
        let rows = bench::run(&sizes, months, &mut make, &mut clock, budget);
        serde_json::to_string(&rows).expect("rows serialize")
    }

    #[derive(Serialize)]
    struct StoreFigures {
        skus: usize,
        months: u32,
        history_months: usize,
        /// Bytes of the JSON backup of the workspace (what "Export backup" downloads).
        backup_bytes: usize,
        /// Median ms of `serde_json::to_string` of the cycle (done on every save).
        serialize_ms: f64,
        /// Median ms of parsing the backup back into a workspace.
        parse_ms: f64,
        /// ms of the first save (nothing stored yet).
        first_save_ms: f64,
        /// Median ms of a save after an edit (one transaction, committed).
        save_ms: f64,
        /// Median ms of loading the workspace from IndexedDB.
        load_ms: f64,
        reps: usize,
        /// What was loaded equals what was saved.
        round_trip_equal: bool,
    }

    fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
        let t0 = performance_now();
        let r = f();
        (r, performance_now() - t0)
    }

    /// Saves and loads a `skus`-SKU workspace with a `months`-month horizon `reps` times
    /// through the app's repository (a database of its own, deleted first).
    #[wasm_bindgen]
    pub async fn store_bench(skus: u32, months: u32, reps: u32) -> Result<String, JsValue> {
        let err = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
        let reps = reps.max(1) as usize;
        let mut w = demo::sample_workspace(skus as usize);
        w.cycles[0].horizon = months;
        let cycle_id = w.cycles[0].id.clone();
        let history_months = w.cycles[0].history.iter().map(|h| h.units.len()).max();
        let json = workspace_to_json(&w);
        let mut ser = Vec::new();
        let mut parse = Vec::new();
        for _ in 0..reps {
            let (_, t) = time(|| serde_json::to_string::<Cycle>(&w.cycles[0]));
            ser.push(t);
            let (back, t) = time(|| workspace_from_json(&json));
            parse.push(t);
            if back.as_ref().ok() != Some(&w) {
                return Err(JsValue::from_str("the backup does not read back equal"));
            }
        }
        const DB: &str = "sop-bench-store";
        let _ = rexie::Rexie::delete(DB).await;
        let repo = Repo::open(DB).await.map_err(|e| err(&e))?;
        let t0 = performance_now();
        let mut rev = repo.save(&w, 0, None, "bench").await.map_err(|e| err(&e))?;
        let first_save_ms = performance_now() - t0;
        let (mut save, mut load) = (Vec::new(), Vec::new());
        let mut equal = true;
        for k in 0..reps {
            // An edit, as the app saves it: only the current cycle is rewritten.
            w.cycles[0].history[0].units[0] = 100.0 + k as f64;
            let t0 = performance_now();
            rev = repo
                .save(&w, rev, Some(&[cycle_id.as_str()]), "bench")
                .await
                .map_err(|e| err(&e))?;
            save.push(performance_now() - t0);
            let t0 = performance_now();
            let loaded = repo.load(&w.id).await.map_err(|e| err(&e))?;
            load.push(performance_now() - t0);
            equal &= loaded.is_some_and(|l| l.workspace == w && l.rev == rev);
        }
        repo.close();
        let _ = rexie::Rexie::delete(DB).await;
        let figures = StoreFigures {
            skus: skus as usize,
            months,
            history_months: history_months.unwrap_or(0),
            backup_bytes: json.len(),
            serialize_ms: median(ser),
            parse_ms: median(parse),
            first_save_ms,
            save_ms: median(save),
            load_ms: median(load),
            reps,
            round_trip_equal: equal,
        };
        Ok(serde_json::to_string(&figures).expect("figures serialize"))
    }
}
