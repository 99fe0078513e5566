//! Statistical baseline forecasting.
//!
//! Interim version for the app skeleton: the mean of the last 12 months, scaled by the
//! SKU's seasonal profile when it has two full years. Replaced by the fitted models with
//! automatic selection (issue 3).

use super::model::{Baseline, Cycle};

/// The statistical baseline of every product of `cycle`, over its horizon.
pub fn baselines(cycle: &Cycle) -> Vec<Baseline> {
    cycle
        .master
        .products
        .iter()
        .filter_map(|p| baseline(cycle, &p.sku))
        .collect()
}

/// The statistical baseline of one SKU (`None` if it is not a product of the cycle).
pub fn baseline(cycle: &Cycle, sku: &str) -> Option<Baseline> {
    cycle.master.products.iter().find(|p| p.sku == sku)?;
    let h = cycle.horizon as usize;
    let y: &[f64] = cycle
        .history
        .iter()
        .find(|s| s.sku == sku)
        .map_or(&[], |s| &s.units[..]);
    let n = y.len();
    let recent = &y[n.saturating_sub(12)..];
    let level = if recent.is_empty() {
        0.0
    } else {
        recent.iter().sum::<f64>() / recent.len() as f64
    };
    let values: Vec<f64> = (0..h)
        .map(|i| {
            if n >= 24 && level > 0.0 {
                // Seasonal index of the same calendar month over the last two years.
                let a = y[n - 12 + i % 12];
                let b = y[n - 24 + i % 12];
                let prev = y[n - 24..n].iter().sum::<f64>() / 24.0;
                if prev > 0.0 {
                    return level * (a + b) / 2.0 / prev;
                }
            }
            level
        })
        .collect();
    let sigma = if recent.len() > 1 {
        (recent.iter().map(|v| (v - level).powi(2)).sum::<f64>() / (recent.len() - 1) as f64).sqrt()
    } else {
        0.0
    };
    Some(Baseline {
        sku: sku.to_string(),
        model: "seasonal_mean".to_string(),
        lower: values.iter().map(|v| (v - 1.28 * sigma).max(0.0)).collect(),
        upper: values.iter().map(|v| v + 1.28 * sigma).collect(),
        values,
        sigma,
        wape: 0.0,
    })
}
