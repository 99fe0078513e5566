//! Optimize: the cost- or profit-optimal aggregate supply plan, in whole units and whole
//! FTE, with the price of every bottleneck.
//!
//! 1. [`build`]: the cycle's plan (consensus demand, safety stock, capacity) summed to
//!    families → a [`Problem`];
//! 2. [`model`]: the aggregate planning MILP (balance, capacity per resource from the
//!    routings, workforce and overtime limits, soft safety-stock floor, ending
//!    conditions, optional [`cash`] floor) and the objective;
//! 3. [`lp`]: solved by `microlp` (the MILP; and its LP relaxation, the bound the
//!    integer gap is measured against); shadow prices are the duals of the LP
//!    relaxation, by `clarabel`;
//! 4. [`result`]: the family plan, cost lines to the cent, shadow prices;
//! 5. [`split`]: family production (+ subcontracting) split to SKUs by consensus mix, in
//!    whole production quanta (each product's lot multiple, else whole units), as
//!    production overrides of a scenario ("Optimized: min cost"), so the
//!    SKU plan, MRP and finance show it like any other plan.
//!
//! An infeasible set-up is explained ([`explain`]): which limits conflict.

// Index loops over parallel per-family and per-month vectors read best here.
#![allow(clippy::needless_range_loop)]

pub mod build;
pub mod cash;
pub mod explain;
pub mod lp;
pub mod model;
pub mod outcome;
pub mod repair;
pub mod result;
pub mod settings;
pub mod split;

pub use model::{Objective, Problem};
pub use result::{CostLines, Optimized, ShadowPrices};
pub use settings::{CostSettings, FamilyCosts, demo_costs};

use crate::engine::model::{Baseline, Cycle, Levers, PlanInputs};
use lp::LpError;
use std::time::Duration;

/// Time limit of the branch and bound; the best plan found by then is returned with
/// its gap.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Branch-and-bound nodes per solve: a deterministic limit (the same plan on every
/// machine), well inside the time limit on the demo.
pub const NODE_LIMIT: u64 = 400;

/// Why no plan came out: a planner's explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct NoPlan(pub String);

impl std::fmt::Display for NoPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Solves `p`: the LP relaxation (bound and shadow prices), then, when `p.whole`, the
/// MILP. The service objective without a budget first solves the cost objective and
/// takes 95 % of its minimum cost.
pub fn solve(p: &Problem) -> Result<Optimized, NoPlan> {
    let clock = web_clock();
    let mut p = p.clone();
    if p.objective == Objective::Service && p.budget.is_none() {
        let full = solve(&Problem {
            objective: Objective::Cost,
            ..p.clone()
        })?;
        p.budget = Some(full.objective_value * 0.95);
    }
    let (lp, ix) = p.to_lp();
    let relaxed = lp.relaxed();
    let bound = relaxed.solve(None, 0.0).map_err(|e| explain::why(&p, e))?;
    let sol = if p.whole {
        // The rounding repair starts branch and bound (and stands if the search
        // finds nothing better within its node and time limits).
        let start = repair::repair(&lp, &ix, &bound);
        let searched = lp.solve_from(
            Some(TIME_LIMIT),
            Some(NODE_LIMIT),
            p.mip_gap,
            start.as_ref().map(|s| s.x.as_slice()),
        );
        let found = match (searched, start) {
            (Ok(a), Some(b)) if b.objective < a.objective => b,
            (Ok(a), _) => a,
            (Err(_), Some(b)) => b,
            (Err(e), None) => return Err(explain::why(&p, e)),
        };
        repair::polish(
            &lp,
            &ix,
            found,
            (Some(TIME_LIMIT), Some(NODE_LIMIT), p.mip_gap),
        )
    } else {
        bound.clone()
    };
    let duals = relaxed.duals().ok();
    Ok(result::assemble(
        &p,
        &lp,
        &ix,
        &sol,
        bound.objective,
        duals.as_deref(),
        clock(),
    ))
}

/// The optimized plan of `inputs` (the base plan's or a scenario's, with `levers`).
pub fn optimize(
    cycle: &Cycle,
    inputs: &PlanInputs,
    levers: &Levers,
    baselines: &[Baseline],
    objective: Objective,
) -> Result<Optimized, NoPlan> {
    let plan = crate::engine::plan::plan(cycle, inputs, levers, baselines);
    let p = build::problem(cycle, inputs, levers, &plan, objective);
    if p.families.is_empty() {
        return Err(NoPlan("there is no family with products to plan".into()));
    }
    solve(&p)
}

/// Milliseconds since the call, where a clock exists (not in the browser's WASM
/// without one: 0 there).
fn web_clock() -> impl Fn() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let t0 = std::time::Instant::now();
        move || t0.elapsed().as_secs_f64() * 1000.0
    }
    #[cfg(target_arch = "wasm32")]
    {
        || 0.0
    }
}

impl From<LpError> for NoPlan {
    fn from(e: LpError) -> Self {
        NoPlan(match e {
            LpError::Infeasible => "the limits conflict: no plan meets them all".into(),
            LpError::Unbounded => "the objective has no limit (a negative cost?)".into(),
            LpError::Failed(m) => format!("the solver failed: {m}"),
        })
    }
}
