//! Down to SKUs: family supply (production + subcontracting) split by consensus mix, in
//! whole units, as production overrides; the scenario that holds them.
//!
//! Share of SKU i in month t: `D_it / D_ft` (the horizon's mix when the family has no
//! demand that month, equal shares when none at all). Units are rounded by largest
//! remainder, so the SKUs of a family add up to its whole-unit supply exactly.

use super::Optimized;
use super::model::Objective;
use crate::engine::command::{Command, CommandError, PlanRef};
use crate::engine::model::{Cycle, PlanInputs, ProductionOverride, Scenario, Unmet};
use crate::engine::plan::Plan;

/// `total` (whole) split in proportion to `weights`, largest remainder first.
pub fn largest_remainder(total: f64, weights: &[f64]) -> Vec<f64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: f64 = weights.iter().sum();
    let w: Vec<f64> = if sum > 0.0 {
        weights.iter().map(|x| x / sum).collect()
    } else {
        vec![1.0 / n as f64; n]
    };
    let total = total.round().max(0.0);
    let raw: Vec<f64> = w.iter().map(|s| s * total).collect();
    let mut out: Vec<f64> = raw.iter().map(|r| r.floor()).collect();
    let mut left = (total - out.iter().sum::<f64>()).round() as i64;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (raw[b] - out[b])
            .partial_cmp(&(raw[a] - out[a]))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle() {
        if left <= 0 {
            break;
        }
        out[i] += 1.0;
        left -= 1;
    }
    out
}

/// The production overrides of every SKU of the optimized families, every month.
pub fn overrides(opt: &Optimized, plan: &Plan) -> Vec<ProductionOverride> {
    let mut out = Vec::new();
    for f in &opt.families {
        let rows: Vec<usize> = (0..plan.skus.len())
            .filter(|&i| plan.sku_family[i] == f.family)
            .collect();
        let horizon: Vec<f64> = rows
            .iter()
            .map(|&i| plan.demand.consensus.row(i).iter().sum())
            .collect();
        for (t, month) in opt.months.iter().enumerate() {
            let supply = f.production[t] + f.subcontract[t];
            let month_mix: Vec<f64> = rows
                .iter()
                .map(|&i| plan.demand.consensus.get(i, t).max(0.0))
                .collect();
            let mix = if month_mix.iter().sum::<f64>() > 0.0 {
                month_mix
            } else {
                horizon.clone()
            };
            for (&i, units) in rows.iter().zip(largest_remainder(supply, &mix)) {
                out.push(ProductionOverride {
                    sku: plan.skus[i].clone(),
                    month: *month,
                    units,
                });
            }
        }
    }
    out
}

/// `inputs` with the optimized overrides in place of those of the optimized SKUs;
/// unconstrained (the plan already respects capacity), overtime allowed, and lost
/// sales for the profit and service objectives.
pub fn scenario_inputs(inputs: &PlanInputs, opt: &Optimized, plan: &Plan) -> PlanInputs {
    let new = overrides(opt, plan);
    let skus: std::collections::HashSet<&str> = new.iter().map(|o| o.sku.as_str()).collect();
    let mut out = inputs.clone();
    out.supply
        .overrides
        .retain(|o| !skus.contains(o.sku.as_str()));
    out.supply.overrides.extend(new);
    out.supply.constrained = false;
    out.supply.use_overtime = true;
    out.supply.unmet = match opt.objective {
        Objective::Cost => Unmet::Backlog,
        Objective::Profit | Objective::Service => Unmet::LostSales,
    };
    out
}

/// The scenario's name: "Optimized: min cost", "Optimized: max profit", ….
pub fn scenario_name(objective: Objective) -> String {
    format!("Optimized: {}", objective.label())
}

/// One command that saves `inputs` as the scenario [`scenario_name`] (replacing one of
/// that name) with the levers of plan `from`; returns it and the scenario's id.
pub fn save_scenario(
    cycle: &Cycle,
    from: PlanRef,
    objective: Objective,
    inputs: PlanInputs,
) -> Result<(Command, u64), CommandError> {
    let levers = match from {
        PlanRef::Base => Default::default(),
        PlanRef::Scenario(id) => cycle
            .scenarios
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.levers.clone())
            .ok_or_else(|| CommandError(format!("scenario {id} no longer exists")))?,
    };
    let name = scenario_name(objective);
    let mut scenarios = cycle.scenarios.clone();
    let id = match scenarios.iter_mut().find(|s| s.name == name) {
        Some(s) => {
            s.inputs = inputs;
            s.levers = levers;
            s.id
        }
        None => {
            let id = scenarios.iter().map(|s| s.id).max().unwrap_or(0) + 1;
            scenarios.push(Scenario {
                id,
                name,
                inputs,
                levers,
                note: "made by Optimize".into(),
            });
            id
        }
    };
    Ok((Command::SetScenarios(scenarios), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_keeps_the_total() {
        assert_eq!(
            largest_remainder(10.0, &[1.0, 1.0, 1.0]),
            vec![4.0, 3.0, 3.0]
        );
        assert_eq!(largest_remainder(7.0, &[0.0, 0.0]), vec![4.0, 3.0]);
        assert_eq!(largest_remainder(5.0, &[2.0, 8.0]), vec![1.0, 4.0]);
        assert_eq!(largest_remainder(0.0, &[2.0, 8.0]), vec![0.0, 0.0]);
    }
}
