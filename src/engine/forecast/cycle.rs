//! The baselines of a cycle: every product's history forecast over the cycle's horizon,
//! families reconciled with their SKUs when `ForecastSettings::reconcile` is on.

use super::learn::Learned;
use super::reconcile::{Base, Holdout, Lean, family_history, family_key, reconcile_family};
use super::{ModelKind, Options, baseline_history, forecast};
use crate::engine::model::{Baseline, Cycle, SkuHistory, Workspace};
use crate::engine::month::Month;
use std::collections::HashMap;

/// Forecast options of a cycle for one SKU (its model override, if valid).
fn cycle_options(cycle: &Cycle, sku: &str) -> Options {
    let fs = &cycle.inputs.forecast;
    Options {
        model: fs
            .model_overrides
            .iter()
            .find(|o| o.sku == sku)
            .and_then(|o| o.model.parse::<ModelKind>().ok())
            .filter(|k| *k != ModelKind::NoHistory),
        // Outliers are cleansed before, in the history the baseline uses.
        ..Options::default()
    }
}

fn zero_baseline(sku: &str, horizon: usize) -> Base {
    Base {
        baseline: Baseline {
            sku: sku.to_string(),
            model: ModelKind::NoHistory.name().to_string(),
            values: vec![0.0; horizon],
            lower: vec![0.0; horizon],
            upper: vec![0.0; horizon],
            sigma: 0.0,
            wape: 0.0,
        },
        holdout: Holdout::default(),
    }
}

/// The months of `hist` the baseline is forecast from: before the cycle's label,
/// cleansed ([`baseline_history`]); `None` when there are none.
pub(super) fn used_history(cycle: &Cycle, hist: &SkuHistory) -> Option<Vec<f64>> {
    let before = cycle.label.since(hist.start);
    if before <= 0 {
        return None;
    }
    let used = (before as usize).min(hist.units.len());
    let cleansed = baseline_history(&cycle.inputs.forecast, cycle.label, hist);
    Some(cleansed[..used].to_vec())
}

/// The baseline of series `sku` from its used months `units` starting at `start`.
fn fit(cycle: &Cycle, sku: &str, start: Month, units: &[f64]) -> Base {
    let horizon = cycle.horizon as usize;
    if units.is_empty() || !units.iter().any(|v| v.is_finite()) {
        return zero_baseline(sku, horizon);
    }
    let end = start.plus(units.len() as i32);
    let gap = cycle.label.since(end).max(0) as usize;
    let opts = cycle_options(cycle, sku);
    let m = cycle.inputs.forecast.season_length as usize;
    let f = forecast(units, m, gap + horizon, &opts);
    let (mut fc, held) = f.holdout;
    if fc.is_empty() {
        // A constant (or all-zero) history: its naive forecast at any origin is the
        // constant, the backtest window as long as a fitted series' would be.
        let k = (units.len() / 4).clamp(1, gap + horizon);
        fc = vec![f.point[0]; k];
    }
    // The last months of actuals (up to the forecast's length), the backtest window's
    // as the forecast cleaned them: a young SKU's window is padded with them.
    let k = units.len().min(gap + horizon).max(held.len());
    let mut actual: Vec<f64> = units[units.len() - k..]
        .iter()
        .map(|u| if u.is_finite() { *u } else { 0.0 })
        .collect();
    let at = k - held.len();
    actual[at..].copy_from_slice(&held);
    Base {
        baseline: Baseline {
            sku: sku.to_string(),
            model: f.model.name().to_string(),
            values: f.point[gap..].to_vec(),
            lower: f.lower[gap..].to_vec(),
            upper: f.upper[gap..].to_vec(),
            sigma: f.sigma,
            wape: f.scores.wape,
        },
        holdout: Holdout {
            forecast: fc,
            actual,
            end,
        },
    }
}

/// The unreconciled baseline of `sku` with its backtest window (what the app's
/// forecast workers compute per series).
fn base_of(cycle: &Cycle, sku: &str, hist: Option<&SkuHistory>) -> Base {
    match hist.and_then(|h| Some((h.start, used_history(cycle, h)?))) {
        Some((start, units)) => fit(cycle, sku, start, &units),
        None => zero_baseline(sku, cycle.horizon as usize),
    }
}

/// The statistical baseline of every product of `cycle.master.products`, in that order:
/// `cycle.horizon` months from `cycle.label`. A SKU without history before the label
/// gets a zero baseline named `none`; a history ending before label − 1 is forecast
/// across the gap, which is then dropped. Honours `cycle.inputs.forecast` (with
/// `reconcile` on, each family of two SKUs or more is reconciled, see
/// [`super::reconcile`]). Launches and phase-outs of the products are applied
/// ([`super::lifecycle`]).
pub fn baselines(cycle: &Cycle) -> Vec<Baseline> {
    baselines_and_leans(cycle).0
}

/// [`baselines`] and, with reconciliation on, which level each family of two SKUs or
/// more leans on (family order of first appearance among the products).
pub fn baselines_and_leans(cycle: &Cycle) -> (Vec<Baseline>, Vec<Lean>) {
    baselines_learned(cycle, &Learned::default())
}

/// The baselines of `ws.cycles[k]` as the plan uses them: [`baselines`] with the
/// learned combination of its track record ([`super::learn`]) applied after
/// reconciliation and before launches and phase-outs.
pub fn baselines_in(ws: &Workspace, k: usize) -> Vec<Baseline> {
    match ws.cycles.get(k) {
        Some(c) => baselines_learned(c, &Learned::of(ws, k)).0,
        None => Vec::new(),
    }
}

fn baselines_learned(cycle: &Cycle, learned: &Learned) -> (Vec<Baseline>, Vec<Lean>) {
    let by_sku: HashMap<&str, &SkuHistory> =
        cycle.history.iter().map(|h| (h.sku.as_str(), h)).collect();
    let used: Vec<Option<(Month, Vec<f64>)>> = cycle
        .master
        .products
        .iter()
        .map(|p| {
            let h = by_sku.get(p.sku.as_str())?;
            Some((h.start, used_history(cycle, h)?))
        })
        .collect();
    let mut bases: Vec<Base> = cycle
        .master
        .products
        .iter()
        .zip(&used)
        .map(|(p, u)| match u {
            Some((start, units)) => fit(cycle, &p.sku, *start, units),
            None => zero_baseline(&p.sku, cycle.horizon as usize),
        })
        .collect();
    let mut leans = Vec::new();
    if cycle.inputs.forecast.reconcile {
        for (family, members) in families(cycle) {
            let hist: Vec<(Month, &[f64])> = members
                .iter()
                .filter_map(|&i| used[i].as_ref().map(|(s, u)| (*s, u.as_slice())))
                .collect();
            let top = family_history(family_key(family), &hist)
                .map(|h| fit(cycle, &h.sku, h.start, &h.units))
                .unwrap_or_else(|| zero_baseline(&family_key(family), cycle.horizon as usize));
            leans.push(reconcile_members(family, &top, &mut bases, &members, true));
        }
    }
    let mut out: Vec<Baseline> = bases.into_iter().map(|b| b.baseline).collect();
    learned.apply(&mut out);
    super::lifecycle(cycle, &mut out);
    (out, leans)
}

/// The families of `cycle` with two products or more, each with its products' indices
/// (order of first appearance): the trees that are reconciled.
fn families(cycle: &Cycle) -> Vec<(&str, Vec<usize>)> {
    family_groups(cycle.master.products.iter().map(|p| p.family.as_str()))
}

/// [`families`] from each product's family id, in product order.
pub fn family_groups<'a>(
    families: impl IntoIterator<Item = &'a str>,
) -> Vec<(&'a str, Vec<usize>)> {
    let mut out: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, f) in families.into_iter().enumerate() {
        let k = *at.entry(f).or_insert_with(|| {
            out.push((f, Vec::new()));
            out.len() - 1
        });
        out[k].1.push(i);
    }
    out.retain(|(_, m)| m.len() >= 2);
    out
}

/// Reconciles the family `family` whose SKUs are `bases[members]`, in place.
fn reconcile_members(
    family: &str,
    top: &Base,
    bases: &mut [Base],
    members: &[usize],
    by_backtest: bool,
) -> Lean {
    let holdouts: Vec<&Holdout> = members.iter().map(|&i| &bases[i].holdout).collect();
    let mut skus: Vec<Baseline> = members.iter().map(|&i| bases[i].baseline.clone()).collect();
    let mut refs: Vec<&mut Baseline> = skus.iter_mut().collect();
    let lean = reconcile_family(family, top, &mut refs, &holdouts, by_backtest);
    for (&i, b) in members.iter().zip(skus) {
        bases[i].baseline = b;
    }
    lean
}

/// The statistical baseline of one SKU (e.g. after an edit of its history), before
/// reconciliation, launches and phase-outs (which need other SKUs'); `None` if `sku` is
/// not a product.
pub fn baseline(cycle: &Cycle, sku: &str) -> Option<Baseline> {
    cycle.master.products.iter().find(|p| p.sku == sku)?;
    base(cycle, sku).map(|b| b.baseline)
}

/// [`baseline`] with its backtest window; any series of `cycle.history` named `sku`
/// (a family's summed history too, see [`super::reconcile::family_key`]).
pub fn base(cycle: &Cycle, sku: &str) -> Option<Base> {
    let hist = cycle.history.iter().find(|h| h.sku == sku);
    if hist.is_none() {
        cycle.master.products.iter().find(|p| p.sku == sku)?;
    }
    Some(base_of(cycle, sku, hist))
}
