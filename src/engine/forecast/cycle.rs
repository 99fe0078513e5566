//! The baselines of a cycle: every product's history forecast over the cycle's horizon.

use super::{ModelKind, Options, baseline_history, forecast};
use crate::engine::model::{Baseline, Cycle, SkuHistory};

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

fn zero_baseline(sku: &str, horizon: usize) -> Baseline {
    Baseline {
        sku: sku.to_string(),
        model: ModelKind::NoHistory.name().to_string(),
        values: vec![0.0; horizon],
        lower: vec![0.0; horizon],
        upper: vec![0.0; horizon],
        sigma: 0.0,
        wape: 0.0,
    }
}

fn baseline_of(cycle: &Cycle, sku: &str, hist: Option<&SkuHistory>) -> Baseline {
    let horizon = cycle.horizon as usize;
    let Some(hist) = hist else {
        return zero_baseline(sku, horizon);
    };
    // Only actuals before the cycle's first month count.
    let before = cycle.label.since(hist.start);
    if before <= 0 {
        return zero_baseline(sku, horizon);
    }
    let used = (before as usize).min(hist.units.len());
    let cleansed = baseline_history(&cycle.inputs.forecast, cycle.label, hist);
    let units = &cleansed[..used];
    if units.is_empty() || !units.iter().any(|v| v.is_finite()) {
        return zero_baseline(sku, horizon);
    }
    let gap = cycle.label.since(hist.start.plus(used as i32)).max(0) as usize;
    let opts = cycle_options(cycle, sku);
    let m = cycle.inputs.forecast.season_length as usize;
    let f = forecast(units, m, gap + horizon, &opts);
    Baseline {
        sku: sku.to_string(),
        model: f.model.name().to_string(),
        values: f.point[gap..].to_vec(),
        lower: f.lower[gap..].to_vec(),
        upper: f.upper[gap..].to_vec(),
        sigma: f.sigma,
        wape: f.scores.wape,
    }
}

/// The statistical baseline of every product of `cycle.master.products`, in that order:
/// `cycle.horizon` months from `cycle.label`. A SKU without history before the label
/// gets a zero baseline named `none`; a history ending before label − 1 is forecast
/// across the gap, which is then dropped. Honours `cycle.inputs.forecast`. Launches and
/// phase-outs of the products are applied ([`super::lifecycle`]).
pub fn baselines(cycle: &Cycle) -> Vec<Baseline> {
    let mut out: Vec<Baseline> = cycle
        .master
        .products
        .iter()
        .map(|p| {
            let hist = cycle.history.iter().find(|h| h.sku == p.sku);
            baseline_of(cycle, &p.sku, hist)
        })
        .collect();
    super::lifecycle(cycle, &mut out);
    out
}

/// The statistical baseline of one SKU (e.g. after an edit of its history), before
/// launches and phase-outs (which need every SKU's); `None` if `sku` is not a product.
pub fn baseline(cycle: &Cycle, sku: &str) -> Option<Baseline> {
    cycle.master.products.iter().find(|p| p.sku == sku)?;
    let hist = cycle.history.iter().find(|h| h.sku == sku);
    Some(baseline_of(cycle, sku, hist))
}
