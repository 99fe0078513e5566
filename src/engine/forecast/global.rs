//! A global autoregression learnt across all series (cross-learning, Montero-Manso &
//! Hyndman 2021, "Principles and algorithms for forecasting groups of time series:
//! locality and globality", IJF 37(4)), and its combination with a series' own forecast.
//!
//! Every window of L = [`lags`] consecutive values x_{t−L} … x_{t−1} of every series is
//! normalised by its level s_t = mean(x_{t−L} … x_{t−1}) and logged,
//! z_{t,i} = ln(x_{t−L+i} / s_t); one linear model per step ahead j = 1 … h (direct,
//! not recursive) is fitted by ridge least squares on all windows of all series,
//!
//!   ln(x_{t+j−1} / s_t) ≈ c_j + Σ_i b_{j,i} z_{t,i},
//!   (Zᵀ Z + λ I′) β_j = Zᵀ y_j,  λ = 10⁻⁴ · trace(Zᵀ Z) / (L + 1) (intercept unpenalised),
//!
//! solved by a Cholesky factorisation (nalgebra). A series' forecast j steps ahead is
//! s · exp(c_j + Σ_i b_{j,i} ln(x_{n−L+i} / s)) with s the mean of its last L values.
//! Only positive windows enter (the log); intermittent (ADI ≥ 1.32), constant and
//! shorter series (n < L) are left to their own forecast. Experiment, see README
//! "Tried … global autoregression".

use super::{ADI_INTERMITTENT, Forecast, clean, intermittent, interval};
use nalgebra::{DMatrix, DVector, linalg::Cholesky};

/// Ridge penalty relative to the mean diagonal of Zᵀ Z.
pub const RIDGE: f64 = 1e-4;

/// Lag order L of the global model: two seasons (24 for monthly data), 12 without a season.
pub fn lags(season_length: usize) -> usize {
    if season_length >= 2 {
        2 * season_length
    } else {
        12
    }
}

/// The fitted global model: per step ahead j the coefficients b_{j,1…L} then c_j.
#[derive(Clone, Debug, PartialEq)]
pub struct GlobalAr {
    pub lags: usize,
    pub coef: Vec<Vec<f64>>,
    /// Windows the one-step model was fitted on.
    pub windows: usize,
}

/// A history as the global model reads it: cleaned, leading zeros dropped; `None` when it
/// is left to its own forecast (intermittent, constant, not positive at the end).
fn prepared(y: &[f64]) -> Option<Vec<f64>> {
    if !y.iter().any(|v| v.is_finite()) {
        return None;
    }
    let full = clean(y);
    let lead = full.iter().position(|v| *v != 0.0)?;
    let y = &full[lead..];
    let nonneg = y.iter().all(|v| *v >= 0.0);
    if nonneg && intermittent::adi(y) >= ADI_INTERMITTENT {
        return None;
    }
    if y.windows(2).all(|w| w[0] == w[1]) {
        return None;
    }
    Some(y.to_vec())
}

/// The normalised, logged inputs of the window ending before `t` and its level, if the
/// window is positive.
fn inputs(y: &[f64], t: usize, l: usize) -> Option<(Vec<f64>, f64)> {
    let x = &y[t - l..t];
    if !x.iter().all(|v| v.is_finite() && *v > 0.0) {
        return None;
    }
    let s = x.iter().sum::<f64>() / l as f64;
    let mut z: Vec<f64> = x.iter().map(|v| (v / s).ln()).collect();
    z.push(1.0);
    z.iter().all(|v| v.is_finite()).then_some((z, s))
}

impl GlobalAr {
    /// Fits the model for steps 1 … `h` on every history (each a series' past only).
    /// `None` when no step has enough windows (at least 2 (L + 1)).
    pub fn fit(histories: &[&[f64]], season_length: usize, h: usize) -> Option<GlobalAr> {
        let l = lags(season_length);
        let p = l + 1;
        let series: Vec<Vec<f64>> = histories.iter().filter_map(|y| prepared(y)).collect();
        let mut ata: Vec<DMatrix<f64>> = vec![DMatrix::zeros(p, p); h];
        let mut aty: Vec<DVector<f64>> = vec![DVector::zeros(p); h];
        let mut count = vec![0usize; h];
        for y in &series {
            let n = y.len();
            // A positive series: step j takes every window up to t = n − 1 − j, so one
            // running sum of ZᵀZ serves all steps (added when t reaches n − 1 − j).
            let positive = y.iter().all(|v| *v > 0.0);
            let mut acc = DMatrix::<f64>::zeros(p, p);
            for t in l..n {
                if let Some((z, s)) = inputs(y, t, l) {
                    let zv = DVector::from_vec(z);
                    if positive {
                        acc.ger(1.0, &zv, &zv, 1.0);
                    }
                    for j in 0..h.min(n - t) {
                        let target = y[t + j] / s;
                        if !target.is_finite() || target <= 0.0 {
                            continue;
                        }
                        if !positive {
                            ata[j].ger(1.0, &zv, &zv, 1.0);
                        }
                        aty[j] += &zv * target.ln();
                        count[j] += 1;
                    }
                }
                if positive && n - 1 - t < h {
                    ata[n - 1 - t] += &acc;
                }
            }
        }
        let mut coef = Vec::with_capacity(h);
        for j in 0..h {
            if count[j] < 2 * p {
                break;
            }
            let mut a = ata[j].clone();
            let lambda = RIDGE * a.trace() / p as f64;
            for i in 0..l {
                a[(i, i)] += lambda;
            }
            let b = Cholesky::new(a)?.solve(&aty[j]);
            if b.iter().any(|v| !v.is_finite()) {
                break;
            }
            coef.push(b.iter().copied().collect());
        }
        (!coef.is_empty()).then(|| GlobalAr {
            lags: l,
            coef,
            windows: count[0],
        })
    }

    /// The forecast of `y` for steps 1 … `h` (`None`: this series is left to its own
    /// forecast, or a step beyond the fitted ones is asked).
    pub fn forecast(&self, y: &[f64], h: usize) -> Option<Vec<f64>> {
        let y = prepared(y)?;
        if y.len() < self.lags || h > self.coef.len() {
            return None;
        }
        let (z, s) = inputs(&y, y.len(), self.lags)?;
        let out: Vec<f64> = self.coef[..h]
            .iter()
            .map(|b| s * b.iter().zip(&z).map(|(b, z)| b * z).sum::<f64>().exp())
            .collect();
        out.iter()
            .all(|v| v.is_finite() && *v < f64::MAX / 4.0)
            .then_some(out)
    }
}

/// `local` with its point forecast replaced by (1 − w) ŷ_local + w ŷ_global and its
/// intervals widened by the spread of the two as in model averaging,
/// half-width q √(d²/q² + w (1 − w) (ŷ_local − ŷ_global)²) with d the local half-width
/// and q its quantile (never narrower further ahead; lower bounds ≥ 0 when `nonneg`).
pub fn combine(local: &Forecast, global: &[f64], w: f64, nonneg: bool) -> Forecast {
    let mut out = local.clone();
    let q80 = interval::quantile(0.8, local.df);
    let q95 = interval::quantile(0.95, local.df);
    let (mut v80, mut v95) = (0.0f64, 0.0f64);
    for (j, g) in global.iter().enumerate().take(local.point.len()) {
        let l = local.point[j];
        let p = (1.0 - w) * l + w * g;
        let between = w * (1.0 - w) * (l - g) * (l - g);
        v80 = v80.max(((local.upper[j] - l) / q80).powi(2) + between);
        v95 = v95.max(((local.upper95[j] - l) / q95).powi(2) + between);
        let (h80, h95) = (q80 * v80.sqrt(), q95 * v95.sqrt());
        let floor = |v: f64| if nonneg { v.max(0.0) } else { v };
        out.point[j] = floor(p);
        out.lower[j] = floor(p - h80);
        out.upper[j] = p + h80;
        out.lower95[j] = floor(p - h95);
        out.upper95[j] = p + h95;
    }
    out
}
