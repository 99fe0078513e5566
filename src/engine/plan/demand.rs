//! Consensus demand: the forecast waterfall per SKU and month.
//!
//! Each layer starts from the value of the layer before it and adds its adjustments:
//!
//! ```text
//! statistical_t = max(0, baseline_t)
//! sales_t       = max(0, statistical_t + Σ units + Σ pct/100 · statistical_t)   (Sales adjustments)
//! marketing_t   = max(0, sales_t       + Σ units + Σ pct/100 · sales_t)         (Marketing events)
//! pipeline_t    = max(0, marketing_t   + Σ_opportunities units · probability)
//! consensus_t   = max(0, pipeline_t    + Σ units + Σ pct/100 · pipeline_t) · (1 + lever%/100)
//! ```
//!
//! - A percentage applies to the previous layer's value, so several percentages in one
//!   layer add (+10 % and +5 % make +15 %), and their order does not matter.
//! - A family-level adjustment in units is split to the family's SKUs by their share of
//!   the family's statistical baseline in that month:
//!   `units · statistical_{i,t} / Σ_{j∈family} statistical_{j,t}`; if the family's
//!   baseline is 0 that month, equally (`units / n_skus`). A family-level percentage
//!   applies to each SKU's own previous layer (the same as scaling the family).
//! - The scenario demand lever of the SKU's family scales the consensus layer.
//! - Demand is never negative: each layer is floored at 0.

use super::Grid;
use super::index::{Events, Index};
use crate::engine::model::*;
use serde::Serialize;

/// The waterfall: cumulative value after each layer, SKU × month. `consensus` is the
/// demand the supply plan serves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandPlan {
    pub statistical: Grid,
    pub sales: Grid,
    pub marketing: Grid,
    pub pipeline: Grid,
    pub consensus: Grid,
}

impl DemandPlan {
    pub fn zeros(n: usize, h: usize) -> Self {
        DemandPlan {
            statistical: Grid::zeros(n, h),
            sales: Grid::zeros(n, h),
            marketing: Grid::zeros(n, h),
            pipeline: Grid::zeros(n, h),
            consensus: Grid::zeros(n, h),
        }
    }
}

/// The statistical layer of one SKU: `max(0, baseline)`, 0 past the baseline's end.
pub(crate) fn statistical(baseline: Option<&Baseline>, out: &mut [f64]) {
    for (t, o) in out.iter_mut().enumerate() {
        let v = baseline
            .and_then(|b| b.values.get(t))
            .copied()
            .unwrap_or(0.0);
        *o = if v.is_finite() && v > 0.0 { v } else { 0.0 };
    }
}

/// Σ over SKUs of the family (in SKU order) of the statistical layer, per month.
pub(crate) fn family_totals(ix: &Index, stat: &Grid, f: usize, out: &mut [f64]) {
    out.fill(0.0);
    for &i in &ix.fam_members[f] {
        for (o, v) in out.iter_mut().zip(stat.row(i)) {
            *o += v;
        }
    }
}

/// Adds the `layer` adjustments of SKU `i` (its own, then its family's, each in input
/// order) to `out`, percentages taken of `prev`; then floors at 0.
#[allow(clippy::too_many_arguments)]
fn apply_layer(
    ix: &Index,
    inputs: &PlanInputs,
    ev: &Events,
    i: usize,
    layer: Layer,
    stat: &[f64],
    fam_total: &[f64],
    prev: &[f64],
    out: &mut [f64],
) {
    out.copy_from_slice(prev);
    let own = ev.sku_adj.of(i).iter().map(|&k| (false, k));
    let fam = ix.skus[i]
        .family
        .map(|f| ev.fam_adj[f].as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|&k| (true, k));
    for (family, k) in own.chain(fam) {
        let a = &inputs.adjustments[k as usize];
        if a.layer != layer {
            continue;
        }
        let r = ix.range(a.from, a.to);
        match a.change {
            Change::Units(u) if u.is_finite() => {
                if family {
                    let n = ix.skus[i]
                        .family
                        .map_or(1, |f| ix.fam_members[f].len().max(1));
                    for t in r {
                        let share = if fam_total[t] > 0.0 {
                            stat[t] / fam_total[t]
                        } else {
                            1.0 / n as f64
                        };
                        out[t] += u * share;
                    }
                } else {
                    for t in r {
                        out[t] += u;
                    }
                }
            }
            Change::Percent(p) if p.is_finite() => {
                for t in r {
                    out[t] += p / 100.0 * prev[t];
                }
            }
            _ => {}
        }
    }
    for o in out.iter_mut() {
        if *o < 0.0 {
            *o = 0.0;
        }
    }
}

/// Computes the sales, marketing, pipeline and consensus rows of SKU `i` (its
/// statistical row must be in place, and `fam_total` its family's statistical totals).
pub(crate) fn layers(
    ix: &Index,
    inputs: &PlanInputs,
    ev: &Events,
    i: usize,
    fam_total: &[f64],
    d: &mut DemandPlan,
) {
    let stat = d.statistical.row(i);
    apply_layer(
        ix,
        inputs,
        ev,
        i,
        Layer::Sales,
        stat,
        fam_total,
        stat,
        d.sales.row_mut(i),
    );
    apply_layer(
        ix,
        inputs,
        ev,
        i,
        Layer::Marketing,
        stat,
        fam_total,
        d.sales.row(i),
        d.marketing.row_mut(i),
    );
    let pipe = d.pipeline.row_mut(i);
    pipe.copy_from_slice(d.marketing.row(i));
    for &k in ev.opps.of(i) {
        let o = &inputs.pipeline[k as usize];
        if let Some(t) = ix.month_index(o.month)
            && o.units.is_finite()
            && o.probability.is_finite()
        {
            pipe[t] += o.units * o.probability.clamp(0.0, 1.0);
        }
    }
    for v in pipe.iter_mut() {
        if *v < 0.0 {
            *v = 0.0;
        }
    }
    apply_layer(
        ix,
        inputs,
        ev,
        i,
        Layer::Consensus,
        stat,
        fam_total,
        d.pipeline.row(i),
        d.consensus.row_mut(i),
    );
    let factor = ix.skus[i].demand_factor;
    if factor != 1.0 {
        for v in d.consensus.row_mut(i) {
            *v = (*v * factor).max(0.0);
        }
    }
}

/// Threshold of a "large" adjustment: 20 % of the statistical baseline.
pub const LARGE_ADJUSTMENT: f64 = 0.20;

/// Whether an adjustment is large: `|pct| ≥ 20`, or `|units| ≥ 20 %` of the target's
/// average statistical baseline over the adjustment's planned months (any non-zero
/// units on a zero baseline). `base` is the target's statistical row (SKU or family
/// total). Adjustments entirely outside the horizon are never large.
pub(crate) fn is_large(ix: &Index, a: &Adjustment, base: &[f64]) -> bool {
    let r = ix.range(a.from, a.to);
    if r.is_empty() {
        return false;
    }
    match a.change {
        Change::Percent(p) => p.abs() >= LARGE_ADJUSTMENT * 100.0,
        Change::Units(u) => {
            let avg = base[r.clone()].iter().sum::<f64>() / r.len() as f64;
            u.abs() >= LARGE_ADJUSTMENT * avg && u != 0.0
        }
    }
}
