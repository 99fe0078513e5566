//! Intermittent demand: Croston, SBA (Syntetos–Boylan approximation) and TSB
//! (Teunter–Syntetos–Babai).
//!
//! Croston smooths the non-zero demand sizes z and the intervals p between them, both
//! updated only in periods with demand (q = periods since the previous demand):
//! z ← z + α (y_t − z), p ← p + α (q − p); forecast z / p. SBA multiplies by (1 − α/2)
//! to remove Croston's bias. TSB updates every period: the demand probability
//! d ← d + β (𝟙(y_t > 0) − d) and, when y_t > 0, the size z ← z + α (y_t − z);
//! forecast d · z. The smoothing constants are fitted by in-sample MSE of the one-step
//! forecasts (Nelder–Mead, α, β ∈ [0.02, 0.5]).

use super::optim::{NmConfig, nelder_mead};

/// Which intermittent method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Croston,
    Sba,
    Tsb,
}

/// Fitted smoothing constants and the flat forecast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Intermittent {
    pub method: Method,
    pub alpha: f64,
    pub beta: f64,
    /// Forecast per period (flat over the horizon).
    pub level: f64,
    pub mse: f64,
}

const A_MIN: f64 = 0.02;
const A_MAX: f64 = 0.5;

/// One pass with fixed constants: returns (SSE of one-step forecasts, final forecast).
/// `fitted` (if given) receives the one-step forecasts; before the first demand it is 0.
pub fn pass(
    y: &[f64],
    method: Method,
    alpha: f64,
    beta: f64,
    mut fitted: Option<&mut [f64]>,
) -> (f64, f64) {
    let mut sse = 0.0;
    match method {
        Method::Croston | Method::Sba => {
            let k = if method == Method::Sba {
                1.0 - alpha / 2.0
            } else {
                1.0
            };
            // Initialise with the first demand and its position (1-based interval).
            let Some(first) = y.iter().position(|v| *v > 0.0) else {
                if let Some(f) = fitted.as_deref_mut() {
                    f.fill(0.0);
                }
                return (y.iter().map(|v| v * v).sum(), 0.0);
            };
            let mut z = y[first];
            let mut p = (first + 1) as f64;
            let mut q = 0.0;
            for (t, &yt) in y.iter().enumerate() {
                let f = if t <= first { 0.0 } else { k * z / p };
                if let Some(out) = fitted.as_deref_mut() {
                    out[t] = f;
                }
                if t > first {
                    sse += (yt - f) * (yt - f);
                }
                q += 1.0;
                if t > first && yt > 0.0 {
                    z += alpha * (yt - z);
                    p += alpha * (q - p);
                    q = 0.0;
                } else if t == first {
                    q = 0.0;
                }
            }
            (sse, k * z / p)
        }
        Method::Tsb => {
            let nz: Vec<f64> = y.iter().copied().filter(|v| *v > 0.0).collect();
            if nz.is_empty() {
                if let Some(f) = fitted.as_deref_mut() {
                    f.fill(0.0);
                }
                return (0.0, 0.0);
            }
            let mut d = nz.len() as f64 / y.len() as f64;
            let mut z = nz.iter().sum::<f64>() / nz.len() as f64;
            for (t, &yt) in y.iter().enumerate() {
                let f = d * z;
                if let Some(out) = fitted.as_deref_mut() {
                    out[t] = f;
                }
                sse += (yt - f) * (yt - f);
                if yt > 0.0 {
                    d += beta * (1.0 - d);
                    z += alpha * (yt - z);
                } else {
                    d -= beta * d;
                }
            }
            (sse, d * z)
        }
    }
}

/// Fits the smoothing constants of `method` to `y` (non-negative demand).
pub fn fit(y: &[f64], method: Method) -> Intermittent {
    let n = y.len().max(1) as f64;
    let cfg = NmConfig {
        max_evals: 120,
        tol_abs: 0.0,
        tol_rel: 1e-6,
        step: 0.2,
    };
    let (alpha, beta) = match method {
        Method::Croston | Method::Sba => {
            let r = nelder_mead(
                |x| pass(y, method, x[0], 0.0, None).0,
                &[0.1],
                &[A_MIN],
                &[A_MAX],
                cfg,
            );
            (r.x[0], 0.0)
        }
        Method::Tsb => {
            let r = nelder_mead(
                |x| pass(y, method, x[0], x[1], None).0,
                &[0.1, 0.1],
                &[A_MIN, A_MIN],
                &[A_MAX, A_MAX],
                cfg,
            );
            (r.x[0], r.x[1])
        }
    };
    let (sse, level) = pass(y, method, alpha, beta, None);
    Intermittent {
        method,
        alpha,
        beta,
        level: if level.is_finite() {
            level.max(0.0)
        } else {
            0.0
        },
        mse: sse / n,
    }
}

/// Average demand interval: ADI = n / (number of periods with demand); ∞ without demand.
pub fn adi(y: &[f64]) -> f64 {
    let k = y.iter().filter(|v| **v > 0.0).count();
    if k == 0 {
        f64::INFINITY
    } else {
        y.len() as f64 / k as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn croston_step_by_step() {
        // y = 0, 4, 0, 0, 2, 0, α = 0.5.
        // First demand at t = 1: z = 4, p = 2 → forecast 2 from t = 2.
        // t = 4: demand 2 after q = 3 periods: z = 4 + 0.5(2 − 4) = 3, p = 2 + 0.5(3 − 2) = 2.5
        //        → forecast 1.2 from t = 5.
        let y = [0.0, 4.0, 0.0, 0.0, 2.0, 0.0];
        let mut f = [0.0; 6];
        let (sse, last) = pass(&y, Method::Croston, 0.5, 0.0, Some(&mut f));
        assert_eq!(f, [0.0, 0.0, 2.0, 2.0, 2.0, 1.2]);
        assert!((last - 1.2).abs() < 1e-12);
        // Errors from t = 2: −2, −2, 0, −1.2 → 4 + 4 + 0 + 1.44.
        assert!((sse - 9.44).abs() < 1e-12);
        // SBA: (1 − 0.25) · 1.2 = 0.9.
        let (_, sba) = pass(&y, Method::Sba, 0.5, 0.0, None);
        assert!((sba - 0.9).abs() < 1e-12);
    }

    #[test]
    fn tsb_step_by_step() {
        // y = 0, 4, 0, 2; d0 = 2/4 = 0.5, z0 = 3; α = β = 0.5.
        // t0: f = 1.5; y = 0 → d = 0.25.
        // t1: f = 0.75; y = 4 → d = 0.625, z = 3.5.
        // t2: f = 2.1875; y = 0 → d = 0.3125.
        // t3: f = 1.09375; y = 2 → d = 0.65625, z = 2.75 → final 1.8046875.
        let y = [0.0, 4.0, 0.0, 2.0];
        let mut f = [0.0; 4];
        let (_, last) = pass(&y, Method::Tsb, 0.5, 0.5, Some(&mut f));
        assert_eq!(f, [1.5, 0.75, 2.1875, 1.09375]);
        assert!((last - 1.8046875).abs() < 1e-12);
    }

    #[test]
    fn fitted_constants_stay_in_range_and_forecast_is_mean_like() {
        let y: Vec<f64> = (0..48)
            .map(|t| if t % 3 == 0 { 6.0 } else { 0.0 })
            .collect();
        for m in [Method::Croston, Method::Sba, Method::Tsb] {
            let r = fit(&y, m);
            assert!((A_MIN..=A_MAX).contains(&r.alpha));
            // Demand 6 every third period: rate 2 per period.
            assert!((r.level - 2.0).abs() < 0.6, "{m:?} {r:?}");
        }
        assert!((adi(&y) - 3.0).abs() < 1e-12);
        assert_eq!(fit(&[0.0; 5], Method::Croston).level, 0.0);
    }
}
