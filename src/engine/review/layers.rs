//! What each layer of the forecast waterfall adds, and why: the increment of a layer
//! over the one before it (`+48`, not only the running total), and for one cell the
//! adjustments and pipeline deals behind it, each with the units it contributes.
//!
//! Per SKU i, month t, layer L with the layer before it `prev` (see
//! `engine::plan::demand`):
//! - an adjustment in units on the SKU adds its units; on the family, its share
//!   `units · statistical_i / Σ_family statistical` (equal shares when the family's
//!   baseline is 0);
//! - an adjustment in percent adds `pct/100 · prev_i`;
//! - a deal adds `units · probability` (pipeline layer);
//! - the scenario's demand lever scales the consensus: `lever%/100 · (consensus before
//!   the lever)`;
//! - what the floor at 0 takes back is its own line, so the lines always add up to the
//!   increment.
//!
//! A selection's figures are the sums over its SKUs.

use super::Selection;
use crate::engine::format;
use crate::engine::model::{Change, Layer, Levers, PlanInputs, Role, Target};
use crate::engine::number::NumberFormat;
use crate::engine::plan::Plan;

/// Where a part of a layer's increment comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A planner's adjustment (its id in the plan's inputs).
    Adjustment {
        id: u64,
        role: Role,
        change: Change,
        /// The SKU or family it targets.
        target: String,
        reason: String,
    },
    /// An open pipeline deal: `units × probability`.
    Deal {
        id: u64,
        customer: String,
        sku: String,
        units: f64,
        probability: f64,
    },
    /// The scenario's demand lever of a family (percent).
    Lever { family: String, pct: f64 },
    /// Demand is never negative: what the floor at 0 took back.
    Floor,
}

/// One line of a cell's drill: a source and the units it adds to the selection.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub source: Source,
    pub units: f64,
}

/// One part of a cell in words: "Adjustment #7 · Sales · EBIKE +10 %: dealer promotion
/// → +48", "Deal · Velo AG · EB-CITY-500: 40 units × 50 % → +20".
pub fn part_text(p: &Part, nf: NumberFormat) -> String {
    let what = match &p.source {
        Source::Adjustment {
            id,
            role,
            change,
            target,
            reason,
        } => {
            let reason = if reason.is_empty() {
                "no reason given"
            } else {
                reason
            };
            format!(
                "Adjustment #{id} · {} · {target} {}: {reason}",
                role.label(),
                format::change(*change, nf)
            )
        }
        Source::Deal {
            customer,
            sku,
            units,
            probability,
            ..
        } => format!(
            "Deal · {customer} · {sku}: {} units × {}",
            format::units_present(*units, nf),
            format::pct_whole(*probability, nf)
        ),
        Source::Lever { family, pct } => format!(
            "Scenario lever · demand of {family} {} %",
            format::signed_short(*pct, nf)
        ),
        Source::Floor => "Demand is never below 0: the floor takes this back".into(),
    };
    format!("{what} → {}", format::fixed(p.units, 0, true, nf))
}

/// The increment of every layer row (in `demand::LAYER_ROWS` order) over the row
/// before it, per month: the statistical row is its own value.
pub fn increments(layers: &[Vec<f64>; 5]) -> [Vec<f64>; 5] {
    std::array::from_fn(|k| {
        if k == 0 {
            layers[0].clone()
        } else {
            layers[k]
                .iter()
                .zip(&layers[k - 1])
                .map(|(a, b)| a - b)
                .collect()
        }
    })
}

/// The layer of a layer row (index into `demand::LAYER_ROWS`); `None` for the
/// statistical row.
fn row_layer(row: usize) -> Option<Option<Layer>> {
    match row {
        1 => Some(Some(Layer::Sales)),
        2 => Some(Some(Layer::Marketing)),
        3 => Some(None),
        4 => Some(Some(Layer::Consensus)),
        _ => None,
    }
}

/// The parts of layer row `row`'s increment in plan month `t` for `sel`, from `plan`
/// (planned from `inputs` with `levers`): one line per adjustment, deal or lever that
/// applies, largest first, then the floor's take-back if any. Empty for the statistical
/// row or a month outside the plan. The lines add up to the row's increment.
pub fn cell_parts(
    plan: &Plan,
    inputs: &PlanInputs,
    levers: &Levers,
    sel: &Selection,
    row: usize,
    t: usize,
) -> Vec<Part> {
    let Some(layer) = row_layer(row) else {
        return Vec::new();
    };
    let Some(&month) = plan.months.get(t) else {
        return Vec::new();
    };
    let d = &plan.demand;
    let grids = [
        &d.statistical,
        &d.sales,
        &d.marketing,
        &d.pipeline,
        &d.consensus,
    ];
    let rows = sel.rows(plan);
    let family_of = |i: usize| plan.sku_family[i].as_str();
    // What this layer's adjustments or deals add to each SKU of the selection.
    let mut added = vec![0.0; rows.len()];
    let mut parts: Vec<Part> = Vec::new();
    match layer {
        Some(layer) => {
            for a in inputs
                .adjustments
                .iter()
                .filter(|a| a.layer == layer && a.from <= month && month <= a.to)
            {
                let mut units = 0.0;
                let mut touches = false;
                for (k, &i) in rows.iter().enumerate() {
                    let share = match &a.target {
                        Target::Sku(s) if plan.skus[i] == *s => 1.0,
                        Target::Family(f) if family_of(i) == f.as_str() => {
                            let members = (0..plan.skus.len()).filter(|&j| family_of(j) == f);
                            let (n, total) = members.fold((0usize, 0.0), |(n, s), j| {
                                (n + 1, s + d.statistical.get(j, t))
                            });
                            if total > 0.0 {
                                d.statistical.get(i, t) / total
                            } else {
                                1.0 / n.max(1) as f64
                            }
                        }
                        _ => continue,
                    };
                    touches = true;
                    let u = match a.change {
                        Change::Units(u) => u * share,
                        Change::Percent(p) => p / 100.0 * grids[row - 1].get(i, t),
                    };
                    added[k] += u;
                    units += u;
                }
                if touches {
                    let target = match &a.target {
                        Target::Sku(s) | Target::Family(s) => s.clone(),
                    };
                    parts.push(Part {
                        source: Source::Adjustment {
                            id: a.id,
                            role: a.role,
                            change: a.change,
                            target,
                            reason: a.reason.clone(),
                        },
                        units,
                    });
                }
            }
        }
        None => {
            for o in inputs.pipeline.iter().filter(|o| o.month == month) {
                if let Some(k) = rows.iter().position(|&i| plan.skus[i] == o.sku) {
                    let units = o.units * o.probability;
                    added[k] += units;
                    parts.push(Part {
                        source: Source::Deal {
                            id: o.id,
                            customer: o.customer.clone(),
                            sku: o.sku.clone(),
                            units: o.units,
                            probability: o.probability,
                        },
                        units,
                    });
                }
            }
        }
    }
    // Per SKU: the layer before the lever is max(0, previous + added); the floor takes
    // back the difference; the consensus lever scales what is left.
    let mut floor = 0.0;
    let mut lever: Vec<(String, f64)> = Vec::new();
    for (k, &i) in rows.iter().enumerate() {
        let sum = grids[row - 1].get(i, t) + added[k];
        let floored = sum.max(0.0);
        floor += floored - sum;
        let scaled = grids[row].get(i, t) - floored;
        let pct = levers
            .demand_pct
            .iter()
            .find(|l| l.id == family_of(i))
            .map_or(0.0, |l| l.pct);
        if layer == Some(Layer::Consensus) && pct != 0.0 {
            match lever.iter_mut().find(|(f, _)| f == family_of(i)) {
                Some(l) => l.1 += scaled,
                None => lever.push((family_of(i).to_string(), scaled)),
            }
        } else {
            floor += scaled;
        }
    }
    for (family, units) in lever {
        let pct = levers
            .demand_pct
            .iter()
            .find(|l| l.id == family)
            .map_or(0.0, |l| l.pct);
        parts.push(Part {
            source: Source::Lever { family, pct },
            units,
        });
    }
    parts.sort_by(|a, b| b.units.abs().total_cmp(&a.units.abs()));
    // (Float noise of the plan's own summation order is no floor.)
    if floor.abs() > 1e-9 * floor_scale(&parts) {
        parts.push(Part {
            source: Source::Floor,
            units: floor,
        });
    }
    parts
}

/// The size against which float noise is judged: the largest part, at least 1 unit.
fn floor_scale(parts: &[Part]) -> f64 {
    parts.iter().map(|p| p.units.abs()).fold(1.0, f64::max)
}
