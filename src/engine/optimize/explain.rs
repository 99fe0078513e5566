//! Why a set-up has no plan, in a planner's words: which limits conflict.
//!
//! Checked in order: min FTE above max FTE; nothing can be made (max FTE 0, or no
//! capacity) while there is demand; then the model is re-solved (as an LP) with one
//! group of limits relaxed at a time — the cash floor; full service (lost sales and an
//! open ending backlog allowed, fewest units short); the ending-inventory targets — and
//! the first relaxation that is feasible names the conflict.

use super::NoPlan;
use super::lp::LpError;
use super::model::{Objective, Problem};
use crate::engine::plan::output::qty_text;

/// The explanation of `e` for problem `p`.
pub fn why(p: &Problem, e: LpError) -> NoPlan {
    match e {
        LpError::Infeasible => NoPlan(infeasible(p)),
        other => NoPlan::from(other),
    }
}

fn relaxed_ok(p: &Problem) -> Option<super::Optimized> {
    let q = Problem {
        whole: false,
        ..p.clone()
    };
    let (lp, ix) = q.to_lp();
    let sol = lp.solve(None, 0.0).ok()?;
    Some(super::result::assemble(
        &q,
        &lp,
        &ix,
        &sol,
        sol.objective,
        None,
        0.0,
    ))
}

fn infeasible(p: &Problem) -> String {
    let total: f64 = p
        .families
        .iter()
        .map(|f| f.demand.iter().sum::<f64>())
        .sum();
    if p.min_fte > p.max_fte {
        return format!(
            "min FTE {} is above max FTE {}: no workforce meets both",
            qty_text(p.min_fte),
            qty_text(p.max_fte)
        );
    }
    let sub: f64 = p
        .families
        .iter()
        .map(|f| f.subcontract_limit * p.months.len() as f64)
        .sum();
    if p.hours_per_fte > 0.0 && p.max_fte <= 0.0 && total > sub {
        return format!(
            "max FTE is 0, so nothing can be made in house, but demand over the horizon is {} units and subcontracting allows at most {}",
            qty_text(total),
            qty_text(sub)
        );
    }
    if let Some(c) = &p.cash {
        let free = Problem {
            cash: None,
            ..p.clone()
        };
        if relaxed_ok(&free).is_some() {
            return format!(
                "the minimum cash of {} cannot be kept in every month: even the plan that spends least on supply falls below it (lower the minimum cash or switch the cash floor off)",
                qty_text(c.min_cash)
            );
        }
    }
    let short = Problem {
        objective: Objective::Service,
        budget: None,
        cash: None,
        families: p
            .families
            .iter()
            .map(|f| super::model::AggFamily {
                ending: 0.0,
                ..f.clone()
            })
            .collect(),
        ..p.clone()
    };
    if let Some(r) = relaxed_ok(&short) {
        let mut worst: Vec<String> = r
            .families
            .iter()
            .filter_map(|f| {
                let lost: f64 =
                    f.lost.iter().sum::<f64>() + f.backlog.last().copied().unwrap_or(0.0);
                (lost > 0.5).then(|| {
                    format!(
                        "family {} is short {} units",
                        f.family,
                        qty_text(lost.round())
                    )
                })
            })
            .collect();
        if !worst.is_empty() {
            worst.truncate(4);
            return format!(
                "full service is impossible: {} even with all regular and overtime hours, at most {} FTE and the subcontracting limits (raise capacity, max FTE or subcontracting, or optimise for profit to allow lost sales)",
                worst.join(", "),
                if p.max_fte.is_finite() {
                    qty_text(p.max_fte)
                } else {
                    "any number of".into()
                }
            );
        }
        let ends: Vec<String> = p
            .families
            .iter()
            .filter(|f| f.ending > 0.0)
            .map(|f| format!("{} ({} units)", f.id, qty_text(f.ending)))
            .collect();
        if !ends.is_empty() {
            return format!(
                "the ending-inventory targets cannot be reached with the capacity, workforce and subcontracting limits: {}",
                ends.join(", ")
            );
        }
    }
    "the limits conflict (capacity, workforce, min FTE, subcontracting, ending inventory and cash): relax one of them".into()
}
