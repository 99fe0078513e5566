//! A stand-in statistical baseline, used where no forecaster is wired in (tests, and
//! the CLI until `engine::forecast` provides `baselines`).
//!
//! Per SKU: the mean of its last 12 months of history (fewer if it has fewer; 0 with
//! none), flat over the horizon; σ_e = the population standard deviation of those
//! months; WAPE = Σ|x − mean| / Σx over them (1 when Σx = 0).
//!
//! Also [`Baseline::pending`], the stand-in of a SKU whose baseline is still being
//! computed (the app's forecast pool publishes it until the real one arrives).

use crate::engine::model::{Baseline, Cycle};

/// Months of history the stand-in averages.
pub const WINDOW: usize = 12;

/// One flat [`Baseline`] per product of `cycle`, in master-data order.
pub fn stand_in_baselines(cycle: &Cycle) -> Vec<Baseline> {
    let h = cycle.horizon as usize;
    cycle
        .master
        .products
        .iter()
        .map(|p| {
            let hist = cycle
                .history
                .iter()
                .find(|x| x.sku == p.sku)
                .map(|x| &x.units[x.units.len().saturating_sub(WINDOW)..])
                .unwrap_or(&[]);
            let vals: Vec<f64> = hist.iter().copied().filter(|v| v.is_finite()).collect();
            let n = vals.len().max(1) as f64;
            let mean = vals.iter().sum::<f64>() / n;
            let var = vals.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
            let abs: f64 = vals.iter().map(|v| (v - mean).abs()).sum();
            let total: f64 = vals.iter().sum();
            let sigma = var.sqrt();
            Baseline {
                sku: p.sku.clone(),
                model: "mean_12".to_string(),
                values: vec![mean; h],
                lower: vec![(mean - 1.2816 * sigma).max(0.0); h],
                upper: vec![mean + 1.2816 * sigma; h],
                sigma,
                wape: if total > 0.0 { abs / total } else { 1.0 },
            }
        })
        .collect()
}

impl Baseline {
    /// The model name of a baseline not computed yet (see [`Baseline::pending`]).
    pub const PENDING: &'static str = "(calculating)";

    /// A stand-in for a SKU whose baseline is still being computed: no values (the plan
    /// reads 0), marked so that views say "calculating…" instead of showing that 0.
    pub fn pending(sku: &str) -> Self {
        Baseline {
            sku: sku.to_string(),
            model: Self::PENDING.to_string(),
            values: Vec::new(),
            lower: Vec::new(),
            upper: Vec::new(),
            sigma: 0.0,
            wape: 0.0,
        }
    }

    /// Whether this is a stand-in made by [`Baseline::pending`].
    pub fn is_pending(&self) -> bool {
        self.model == Self::PENDING && self.values.is_empty()
    }
}
