//! The plan benchmark as a library function, so the same code runs natively (`sop
//! bench`) and in a browser via WASM: the caller passes the clock (seconds as `f64`;
//! `std::time::Instant` panics on wasm32, use `performance.now() / 1000` there).
//!
//! For each case it times, as medians of many repetitions:
//! - a full recompute ([`super::plan`] on the cycle);
//! - a single-SKU edit through [`Planner::update`] (a production override of the
//!   middle SKU changes value each repetition);
//! - a copy of as many bytes as the plan's numeric buffers ([`Plan::numeric_bytes`]):
//!   the memory-bound floor of producing the plan at all.

use super::{Edit, Plan, Planner, plan};
use crate::engine::model::*;
use serde::Serialize;
use std::hint::black_box;

/// One benchmark line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchRow {
    pub skus: usize,
    pub months: usize,
    pub constrained: bool,
    /// Median milliseconds of a full recompute (calls faster than 10 ms are timed in
    /// batches, so that a coarse clock such as a browser's still measures them).
    pub full_ms: f64,
    /// Median milliseconds of a single-SKU edit (incremental update).
    pub edit_ms: f64,
    /// Median milliseconds to copy `bytes` bytes once.
    pub copy_ms: f64,
    pub bytes: usize,
    /// full_ms / copy_ms and edit_ms / copy_ms.
    pub full_vs_copy: f64,
    pub edit_vs_copy: f64,
    pub reps_full: usize,
    pub reps_edit: usize,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Shortest time one sample may take, so that a coarse clock still measures it: a
/// browser's `performance.now()` ticks in 100 µs (5 µs when cross-origin isolated):
/// 10 ms keeps that step within 1 % of a sample.
const MIN_SAMPLE: f64 = 10e-3;

/// Times `f`: calls faster than [`MIN_SAMPLE`] are timed in batches (the batch size
/// doubles until a batch takes that long; those calls warm up and are not counted).
/// Takes at least `min_reps` samples and goes on until `budget` seconds are spent or
/// `max_reps` calls are made. Returns the time per call of each sample (seconds) and
/// the number of calls timed.
fn repeat(
    clock: &mut dyn FnMut() -> f64,
    budget: f64,
    min_reps: usize,
    max_reps: usize,
    f: &mut dyn FnMut(usize),
) -> (Vec<f64>, usize) {
    fn run(
        clock: &mut dyn FnMut() -> f64,
        f: &mut dyn FnMut(usize),
        batch: usize,
        k: &mut usize,
    ) -> f64 {
        let t0 = clock();
        for _ in 0..batch {
            f(*k);
            *k += 1;
        }
        clock() - t0
    }
    let start = clock();
    let mut k = 0;
    let mut batch = 1usize;
    loop {
        let dt = run(clock, f, batch, &mut k);
        if k >= max_reps {
            return (vec![dt / batch as f64], batch);
        }
        if dt >= MIN_SAMPLE {
            break;
        }
        batch *= 2;
    }
    let mut times = Vec::new();
    let mut calls = 0;
    while k < max_reps && (times.len() < min_reps || clock() - start < budget) {
        times.push(run(clock, f, batch, &mut k) / batch as f64);
        calls += batch;
    }
    (times, calls)
}

/// Benchmarks one cycle (its own horizon and supply settings). `budget` is seconds per
/// measurement (full, edit, copy).
pub fn bench_cycle(
    cycle: &Cycle,
    baselines: &[Baseline],
    clock: &mut dyn FnMut() -> f64,
    budget: f64,
) -> BenchRow {
    let levers = Levers::default();
    let mut c = cycle.clone();
    let n = c.master.products.len();
    let sku = c
        .master
        .products
        .get(n / 2)
        .map(|p| p.sku.clone())
        .unwrap_or_default();
    c.inputs.supply.overrides.push(ProductionOverride {
        sku: sku.clone(),
        month: c.label.plus(3),
        units: 100.0,
    });
    let mut last: Option<Plan> = None;
    let (full, reps_full) = repeat(clock, budget, 5, 2000, &mut |_| {
        last = Some(black_box(plan(&c, &c.inputs, &levers, baselines)));
    });
    let p = last.expect("at least one repetition");
    let bytes = p.numeric_bytes();
    let mut planner = Planner::new(&c, &c.inputs, &levers, baselines);
    let (edit, reps_edit) = repeat(clock, budget, 20, 200_000, &mut |k| {
        if let Some(o) = c.inputs.supply.overrides.last_mut() {
            o.units = 100.0 + (k % 7) as f64 * 10.0;
        }
        black_box(planner.update(&c, &c.inputs, &levers, baselines, Edit::Sku(&sku)));
    });
    let src = vec![1u8; bytes];
    let mut dst = vec![0u8; bytes];
    let (copy, _) = repeat(clock, budget, 20, 200_000, &mut |k| {
        dst[k % bytes.max(1)] = 0;
        dst.copy_from_slice(black_box(&src));
        black_box(&dst);
    });
    let (full_ms, edit_ms, copy_ms) = (median(full) * 1e3, median(edit) * 1e3, median(copy) * 1e3);
    BenchRow {
        skus: n,
        months: c.horizon as usize,
        constrained: c.inputs.supply.constrained,
        full_ms,
        edit_ms,
        copy_ms,
        bytes,
        full_vs_copy: if copy_ms > 0.0 {
            full_ms / copy_ms
        } else {
            0.0
        },
        edit_vs_copy: if copy_ms > 0.0 {
            edit_ms / copy_ms
        } else {
            0.0
        },
        reps_full,
        reps_edit,
    }
}

/// Runs the benchmark for each size, unconstrained and constrained: `make(n)` builds an
/// `n`-SKU cycle with its baselines (e.g. `demo::synthetic_cycle` with the stand-in
/// baselines); the horizon is set to `months`.
pub fn run(
    sizes: &[usize],
    months: u32,
    make: &mut dyn FnMut(usize, u32) -> (Cycle, Vec<Baseline>),
    clock: &mut dyn FnMut() -> f64,
    budget: f64,
) -> Vec<BenchRow> {
    let mut rows = Vec::new();
    for &n in sizes {
        let (mut c, b) = make(n, months);
        for constrained in [false, true] {
            c.inputs.supply.constrained = constrained;
            rows.push(bench_cycle(&c, &b, clock, budget));
        }
    }
    rows
}

/// The rows as a text table.
pub fn table(rows: &[BenchRow]) -> String {
    let mut s = String::from(
        "  SKUs  months  mode           full ms   edit ms   copy ms   full/copy  edit/copy   plan bytes\n",
    );
    for r in rows {
        s.push_str(&format!(
            "{:>6}  {:>6}  {:<13} {:>8.3}  {:>8.4}  {:>8.4}  {:>9.1}  {:>9.2}  {:>11}\n",
            r.skus,
            r.months,
            if r.constrained {
                "constrained"
            } else {
                "unconstrained"
            },
            r.full_ms,
            r.edit_ms,
            r.copy_ms,
            r.full_vs_copy,
            r.edit_vs_copy,
            r.bytes
        ));
    }
    s
}
