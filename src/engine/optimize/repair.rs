//! Rounding repair: a whole-unit plan from the LP relaxation, the start (and the
//! fallback) of branch and bound.
//!
//! 1. FTE rounded up (more people never break a labour limit), capped at the max FTE;
//!    the LP re-solved with the FTE fixed.
//! 2. Production rounded on its running total, per family: `P_t = round(C_t) −
//!    round(C_{t−1})` with `C_t = Σ_{k≤t} P_k`, so cumulative supply stays within half a
//!    unit of the LP's (inventory and backlog barely move); the LP re-solved with the
//!    production fixed gives the rest. If that breaks a limit, running totals rounded up
//!    are tried.
//!
//! After the search, [`polish`] (fix and optimize): the plan's production and
//! subcontracting fixed, the workforce solved again on its own.

use super::lp::{Lp, LpSolution};
use super::model::Index;
use crate::engine::plan::output;

/// `lp` with variable `j` fixed at `v`.
fn fix(lp: &mut Lp, j: usize, v: f64) {
    lp.lower[j] = v;
    lp.upper[j] = v;
}

/// A whole-unit solution of `lp` near the LP solution `relaxed`, if the repair finds one.
pub fn repair(lp: &Lp, ix: &Index, relaxed: &LpSolution) -> Option<LpSolution> {
    let mut stage = lp.relaxed();
    for &j in &ix.w {
        let v = (relaxed.x[j] - 1e-6)
            .ceil()
            .min(lp.upper[j].floor())
            .max(lp.lower[j].ceil());
        fix(&mut stage, j, v);
    }
    let with_fte = stage.solve(None, 0.0).ok()?;
    for round in [f64::round, f64::ceil] {
        let mut last = stage.clone();
        for family in &ix.p {
            let mut before = 0.0;
            let mut cum = 0.0;
            for &j in family {
                cum += with_fte.x[j];
                let r = round(cum - 1e-7).max(before);
                fix(&mut last, j, r - before);
                before = r;
            }
        }
        if let Ok(mut s) = last.solve(None, 0.0) {
            for j in 0..lp.n_vars() {
                if lp.integer[j] {
                    s.x[j] = s.x[j].round();
                }
            }
            s.objective = lp.objective_of(&s.x);
            if lp.violation(&s.x) < 1e-6 {
                return Some(s);
            }
        }
    }
    None
}

/// `lp` with family k's production fixed at `made[k][t]` lots (a continuous variable,
/// so a fractional number of lots fits) and its subcontracting at `bought[k][t]`
/// units, every month t; the workforce, hours, inventory, backlog and lost sales free.
pub fn with_supply_fixed(lp: &Lp, ix: &Index, made: &[Vec<f64>], bought: &[Vec<f64>]) -> Lp {
    let mut out = lp.clone();
    for (k, row) in ix.p.iter().enumerate() {
        for (t, &j) in row.iter().enumerate() {
            out.integer[j] = false;
            fix(&mut out, j, made[k][t]);
            fix(&mut out, ix.s[k][t], bought[k][t]);
        }
    }
    out
}

/// Fix and optimize: `sol`'s production and subcontracting (to 6 decimals, as the
/// answer reports them) fixed, the rest — whole FTE, hires, layoffs, hours, inventory,
/// backlog — solved again, starting from `sol`'s FTE. A branch and bound stopped by
/// its node limit can leave a cheaper workforce for the same production; the cheaper
/// of the two plans is returned.
pub fn polish(
    lp: &Lp,
    ix: &Index,
    sol: LpSolution,
    limits: (Option<std::time::Duration>, Option<u64>, f64),
) -> LpSolution {
    let at = |rows: &[Vec<usize>]| -> Vec<Vec<f64>> {
        rows.iter()
            .map(|r| r.iter().map(|&j| output::qty(sol.x[j])).collect())
            .collect()
    };
    let fixed = with_supply_fixed(lp, ix, &at(&ix.p), &at(&ix.s));
    match fixed.solve_from(limits.0, limits.1, limits.2, Some(&sol.x)) {
        Ok(s) if s.objective < sol.objective - 1e-6 && lp.violation(&s.x) < 1e-6 => s,
        _ => sol,
    }
}
