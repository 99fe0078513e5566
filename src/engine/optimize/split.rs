//! Down to SKUs: family supply (production + subcontracting) split by consensus mix, in
//! whole production quanta (whole units, or the product's lot multiple), as production
//! overrides; the scenario that holds them.
//!
//! Share of SKU i in month t: `w_i = D_it / D_ft` (the horizon's mix when the family has
//! no demand that month, equal shares when none at all). With family supply `S` and SKU
//! i's quantum `q_i` ([`crate::engine::plan::supply::quantum`]: its lot multiple, else 1):
//!
//! ```text
//! target  T_i = w_i · S
//! down    x_i = ⌊T_i / q_i⌋ · q_i,            R = S − Σ x_i   (what is left)
//! up      in order of (T_i − x_i) / q_i, largest first (then SKU order):
//!         x_i += q_i  while q_i ≤ 2R  (the family total gets closer to S, or as close
//!         and not under), R −= q_i
//! ```
//! Each SKU is within one quantum of its share, and `|Σ x_i − S| ≤ max_i q_i / 2` (a
//! positive rest means a SKU was left down with `q_i > 2R`; a negative one came from
//! the last step up, `q_i ≤ 2R`). With every quantum 1 this is the largest remainder
//! method and the SKUs add up to the whole-unit supply exactly; with lots the family
//! total lands as close to `S` as one step up per SKU allows (e.g. 50 split evenly in
//! lots of 12: 24 + 24 = 48, not 60). A product's `lot_min` is not applied
//! (overrides are not lot-sized).

use super::Optimized;
use super::model::Objective;
use crate::engine::command::{Command, CommandError, PlanRef, plan_of};
use crate::engine::model::{Cycle, PlanInputs, Product, ProductionOverride, Scenario, Unmet};
use crate::engine::plan::Plan;
use crate::engine::plan::supply::quantum;
use std::collections::HashMap;

/// `total` (whole) split in proportion to `weights`, largest remainder first: the SKUs
/// add up to `total` exactly ([`split_in_quanta`] with every quantum 1).
pub fn largest_remainder(total: f64, weights: &[f64]) -> Vec<f64> {
    split_in_quanta(total.round(), weights, &vec![1.0; weights.len()])
}

/// `total` split in proportion to `weights` into multiples of `quanta` (see the module
/// doc: each share rounded down to its quantum, then up by one quantum, largest
/// fractional share first, while that brings the sum closer to `total`).
pub fn split_in_quanta(total: f64, weights: &[f64], quanta: &[f64]) -> Vec<f64> {
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
    let total = total.max(0.0);
    let q: Vec<f64> = (0..n).map(|i| quantum(quanta[i])).collect();
    // In quanta: the target, its whole part (a hair of float noise is not lost).
    let target: Vec<f64> = (0..n).map(|i| w[i] * total / q[i]).collect();
    let mut k: Vec<f64> = target.iter().map(|t| (t + 1e-9).floor()).collect();
    let mut left = total - (0..n).map(|i| k[i] * q[i]).sum::<f64>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (target[b] - k[b])
            .partial_cmp(&(target[a] - k[a]))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    for i in order {
        if q[i] <= 2.0 * left + 1e-9 {
            k[i] += 1.0;
            left -= q[i];
        }
    }
    // k · q to 1e-9 (a fractional quantum such as 0.001 leaves no float tails).
    (0..n).map(|i| (k[i] * q[i] * 1e9).round() / 1e9).collect()
}

/// The production overrides of every SKU of the optimized families, every month, in
/// each product's production quanta (`products`: the cycle's, for the lot multiples).
///
/// Rounded on running totals, so no rounding accumulates: SKU i's cumulative target is
/// `C_it = Σ_{u≤t} w_iu S_u` (its share of each month's family supply), and month t
/// splits what the family still owes, `S'_t = max(0, Σ_u≤t S_u − Σ_i X_i,t−1)`
/// (`X`: what the SKUs made so far), in proportion to each SKU's own arrears
/// `max(0, C_it − X_i,t−1)` ([`split_in_quanta`]). The family's cumulative production
/// then stays within half its largest quantum of the optimum's, and every SKU's within
/// about one quantum of its share. In the last month the SKUs furthest behind make one
/// quantum more until the family has made at least what it owes, so the horizon ends
/// with the optimum's supply or up to one quantum more (no backlog it did not have, its
/// ending inventory kept).
pub fn overrides(opt: &Optimized, plan: &Plan, products: &[Product]) -> Vec<ProductionOverride> {
    let lots: HashMap<&str, f64> = products
        .iter()
        .map(|p| (p.sku.as_str(), p.lot_multiple))
        .collect();
    let mut out = Vec::new();
    for f in &opt.families {
        let rows: Vec<usize> = (0..plan.skus.len())
            .filter(|&i| plan.sku_family[i] == f.family)
            .collect();
        let quanta: Vec<f64> = rows
            .iter()
            .map(|&i| lots.get(plan.skus[i].as_str()).copied().unwrap_or(0.0))
            .collect();
        let horizon: Vec<f64> = rows
            .iter()
            .map(|&i| plan.demand.consensus.row(i).iter().sum())
            .collect();
        let n = rows.len();
        let (mut target, mut made) = (vec![0.0; n], vec![0.0; n]);
        let mut owed = 0.0;
        let last = opt.months.len().saturating_sub(1);
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
            let mix_sum: f64 = mix.iter().sum();
            for k in 0..n {
                target[k] += match mix_sum > 0.0 {
                    true => supply * mix[k] / mix_sum,
                    false => supply / n as f64,
                };
            }
            owed += supply;
            let arrears: Vec<f64> = (0..n).map(|k| (target[k] - made[k]).max(0.0)).collect();
            let due = (owed - made.iter().sum::<f64>()).max(0.0);
            let weights = if arrears.iter().sum::<f64>() > 0.0 {
                &arrears
            } else {
                &mix
            };
            let mut units = split_in_quanta(due, weights, &quanta);
            if t == last {
                // Up to what is owed: one more quantum for the SKU furthest behind.
                while units.iter().sum::<f64>() < due - 1e-9 {
                    let k = (0..n)
                        .max_by(|&a, &b| {
                            let behind = |k: usize| target[k] - made[k] - units[k];
                            behind(a).total_cmp(&behind(b)).then(b.cmp(&a))
                        })
                        .unwrap_or(0);
                    units[k] = ((units[k] + quantum(quanta[k])) * 1e9).round() / 1e9;
                }
            }
            for (k, (&i, x)) in rows.iter().zip(units).enumerate() {
                made[k] += x;
                out.push(ProductionOverride {
                    sku: plan.skus[i].clone(),
                    month: *month,
                    units: x,
                });
            }
        }
    }
    out
}

/// `inputs` with the optimized overrides in place of those of the optimized SKUs;
/// unconstrained (the plan already respects capacity), overtime allowed, and lost
/// sales for the profit and service objectives.
pub fn scenario_inputs(
    inputs: &PlanInputs,
    opt: &Optimized,
    plan: &Plan,
    products: &[Product],
) -> PlanInputs {
    let new = overrides(opt, plan, products);
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

/// The message for a plan that is gone (only a scenario can be).
pub(super) fn no_longer_exists(plan: PlanRef) -> String {
    match plan {
        PlanRef::Base => "the base plan is missing".into(),
        PlanRef::Scenario(id) => format!("scenario {id} no longer exists"),
    }
}

/// One command that saves `inputs` as the scenario [`scenario_name`] (replacing one of
/// that name) with the levers of plan `from`; returns it and the scenario's id.
pub fn save_scenario(
    cycle: &Cycle,
    from: PlanRef,
    objective: Objective,
    inputs: PlanInputs,
) -> Result<(Command, u64), CommandError> {
    let levers = plan_of(cycle, from)
        .map(|(_, levers)| levers.into_owned())
        .ok_or_else(|| CommandError(no_longer_exists(from)))?;
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

    #[test]
    fn lots_are_kept_and_the_total_comes_as_close_as_it_can() {
        // 100 in thirds (33.33 each) in lots of 12, 5 and 1: down 24 + 30 + 33 = 87,
        // 13 left; up by fractional share 0.78 (12 ≤ 26: 36, 1 left), 0.67 (5 > 2: no),
        // 0.33 (1 ≤ 2: 34, 0 left) → exactly 100.
        assert_eq!(
            split_in_quanta(100.0, &[1.0, 1.0, 1.0], &[12.0, 5.0, 0.0]),
            vec![36.0, 30.0, 34.0]
        );
        // 50 evenly in lots of 12: 24 + 24 = 48, 2 left; a lot more would be 10 over.
        assert_eq!(
            split_in_quanta(50.0, &[1.0, 1.0], &[12.0, 12.0]),
            vec![24.0, 24.0]
        );
        // 30 evenly in lots of 12: 12 + 12, 6 left; 24 + 12 = 36 is as close: up.
        assert_eq!(
            split_in_quanta(30.0, &[1.0, 1.0], &[12.0, 12.0]),
            vec![24.0, 12.0]
        );
        // 7 by 1 : 3 in lots of 0.5 and 1: targets 1.75 and 5.25 → 1.5 + 5 = 6.5, then
        // 1.75 − 1.5 = 0.5 quanta of 0.5 first: 2 + 5 = 7.
        assert_eq!(
            split_in_quanta(7.0, &[1.0, 3.0], &[0.5, 0.0]),
            vec![2.0, 5.0]
        );
        // A fractional quantum leaves no float tail: 1 in thirds of 0.001 → 0.334,
        // 0.333, 0.333.
        assert_eq!(
            split_in_quanta(1.0, &[1.0, 1.0, 1.0], &[0.001; 3]),
            vec![0.334, 0.333, 0.333]
        );
    }
}
