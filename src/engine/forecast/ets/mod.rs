//! Exponential smoothing in error-correction form (the ETS family without the error
//! distribution): SES, Holt, damped Holt, Holt–Winters additive and multiplicative.
//!
//! With level ℓ, slope b, seasonal s (period m), damping φ and ŷ_t the one-step
//! forecast, e_t = y_t − ŷ_t:
//!
//! ```text
//! trend part   τ = 0 (none), b (additive), φ·b (damped);   base = ℓ + τ
//! ŷ_t          = base            (no season)
//!              = base + s_{t−m}  (additive)       | base · s_{t−m} (multiplicative)
//! ℓ_t          = base + α e_t    (none, additive) | base + α e_t / s_{t−m}
//! b_t          = τ + β e_t                        | τ + β e_t / s_{t−m}
//! s_t          = s_{t−m} + γ e_t                  | s_{t−m} + γ e_t / base
//! ŷ_{n+h|n}    = ℓ_n + φ_h b_n (∘ s),  φ_h = Σ_{i=1..h} φ^i (damped), h (additive), 0
//! ```
//!
//! The smoothing parameters are fitted by maximum likelihood with Nelder–Mead in the
//! usual region 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98. Initial states
//! ([`Init`]) follow Hyndman et al. (2008, §2.6.1): seasonal indices from a classical
//! decomposition of the first three seasons, level and slope from a regression line
//! through the first max(10, 2m) seasonally adjusted values; optionally they are then
//! fitted by likelihood too (m − 1 free seasonal states, the last one normalising).
//! Additive errors: −2 log L ≅ n ln(SSE/n); multiplicative errors:
//! n ln(Σ (e_t/ŷ_t)² / n) + 2 Σ ln |ŷ_t|.

mod pass;

use super::optim::{MAX_DIM, NmConfig, nelder_mead};
use super::season::{SeasonKind, decompose, regression_indices};
use pass::{Params, lik_of, pass};

/// Trend component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    None,
    Additive,
    Damped,
    /// A fixed slope (not smoothed, β = 0): SES with drift, the Theta method's model.
    Drift,
}

/// Seasonal component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Season {
    None,
    Additive,
    Multiplicative,
}

/// Error type: only changes the fitting criterion (the likelihood).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    Additive,
    Multiplicative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub error: Error,
    pub trend: Trend,
    pub season: Season,
}

impl Spec {
    pub const fn new(error: Error, trend: Trend, season: Season) -> Self {
        Spec {
            error,
            trend,
            season,
        }
    }
}

/// Lower and upper bound of the damping parameter φ.
pub const PHI_MIN: f64 = 0.8;
pub const PHI_MAX: f64 = 0.98;
const P_MIN: f64 = 1e-4;
const P_MAX: f64 = 0.9999;

/// A fitted exponential smoothing model: parameters and the final state.
#[derive(Clone, Debug, PartialEq)]
pub struct Ets {
    pub spec: Spec,
    pub m: usize,
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
    /// Final level and slope (after the last observation).
    pub level: f64,
    pub slope: f64,
    /// Final seasonal states: `season[j]` applies to period n + j (j < m).
    pub season: Vec<f64>,
    /// Initial level, slope and seasonal states (`s0[i]` for period i).
    pub l0: f64,
    pub b0: f64,
    pub s0: Vec<f64>,
    /// −2 log likelihood (up to a constant) at the optimum.
    pub lik: f64,
    /// Number of estimated parameters, initial states included.
    pub n_params: usize,
    /// Mean squared one-step error in the sample.
    pub mse: f64,
    pub n: usize,
}

/// The optimiser's variables: start, bounds, count.
#[derive(Default)]
struct Vars {
    x0: [f64; MAX_DIM],
    lo: [f64; MAX_DIM],
    hi: [f64; MAX_DIM],
    d: usize,
}

impl Vars {
    fn push(&mut self, x: f64, lo: f64, hi: f64) -> usize {
        self.x0[self.d] = x;
        self.lo[self.d] = lo;
        self.hi[self.d] = hi;
        self.d += 1;
        self.d - 1
    }
}

/// Reusable buffers of the fitting routines.
#[derive(Default)]
pub struct Workspace {
    s0: Vec<f64>,
    s: Vec<f64>,
    tmp: Vec<f64>,
}

/// Sum of φ^i for i = 1..h (h for an undamped trend, 0 without trend).
pub fn trend_multiplier(trend: Trend, phi: f64, h: usize) -> f64 {
    match trend {
        Trend::None => 0.0,
        Trend::Additive | Trend::Drift => h as f64,
        Trend::Damped => {
            let mut acc = 0.0;
            let mut p = 1.0;
            for _ in 0..h {
                p *= phi;
                acc += p;
            }
            acc
        }
    }
}

/// Least-squares line through (t, y_t), t = 1..k: returns (intercept at t = 0, slope).
fn line(y: &[f64]) -> (f64, f64) {
    let k = y.len() as f64;
    if y.len() < 2 {
        return (y.first().copied().unwrap_or(0.0), 0.0);
    }
    let tm = (k + 1.0) / 2.0;
    let ym = y.iter().sum::<f64>() / k;
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (i, v) in y.iter().enumerate() {
        let dt = (i + 1) as f64 - tm;
        sxy += dt * (v - ym);
        sxx += dt * dt;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (ym - slope * tm, slope)
}

/// Fits `spec` to `y` (season length `m` for seasonal specs). `None` when the series
/// is too short for the model (fewer points than parameters + 2, or under two seasons
/// for a seasonal one) or no valid parameters exist (e.g. multiplicative on data ≤ 0).
pub fn fit(y: &[f64], m: usize, spec: Spec, ws: &mut Workspace, nm: NmConfig) -> Option<Ets> {
    fit_drift(y, m, spec, 0.0, ws, nm)
}

/// How the initial states are set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Init {
    /// The heuristic of Hyndman et al. (2008, §2.6.1) as they are.
    Heuristic,
    /// Initial level and slope fitted by likelihood with the smoothing parameters.
    LevelSlope,
    /// Level, slope and the seasonal states all fitted (as `forecast::ets` does).
    Full,
    /// Seasonal indices from a trend line and seasonal terms fitted to all the data
    /// ([`regression_indices`]), level and slope as the heuristic.
    Regression,
}

/// Like [`fit`]; with [`Trend::Drift`] the slope is fixed at `drift` (counted as one
/// parameter), otherwise `drift` is ignored.
pub fn fit_drift(
    y: &[f64],
    m: usize,
    spec: Spec,
    drift: f64,
    ws: &mut Workspace,
    nm: NmConfig,
) -> Option<Ets> {
    fit_with(y, m, spec, drift, Init::Heuristic, ws, nm)
}

/// Like [`fit_drift`], with the initial states set as `init` says.
pub fn fit_with(
    y: &[f64],
    m: usize,
    spec: Spec,
    drift: f64,
    init: Init,
    ws: &mut Workspace,
    nm: NmConfig,
) -> Option<Ets> {
    let n = y.len();
    let smoothed_trend = matches!(spec.trend, Trend::Additive | Trend::Damped);
    let seasonal = spec.season != Season::None;
    let m_used = if seasonal { m } else { 0 };
    let n_smooth = 1
        + usize::from(smoothed_trend)
        + usize::from(seasonal)
        + usize::from(spec.trend == Trend::Damped);
    let n_init = 1 + usize::from(spec.trend != Trend::None) + m_used.saturating_sub(1);
    let n_params = n_smooth + n_init + 1;
    if n < n_params + 2 || n < 2 {
        return None;
    }
    let positive = y.iter().all(|v| *v > 0.0);
    if (spec.season == Season::Multiplicative || spec.error == Error::Multiplicative) && !positive {
        return None;
    }
    // Initial seasonal states from the first three seasons (or all data if fewer).
    ws.s0.clear();
    ws.tmp.clear();
    if seasonal {
        if m < 2 || n < 2 * m {
            return None;
        }
        let want = match spec.season {
            Season::Multiplicative => SeasonKind::Multiplicative,
            _ => SeasonKind::Additive,
        };
        let (kind, idx) = if init == Init::Regression {
            (want, regression_indices(y, m, want)?)
        } else {
            let head = &y[..n.min(3 * m).max(2 * m)];
            decompose(head, m, want)?
        };
        if kind != want {
            return None;
        }
        ws.s0.extend_from_slice(&idx);
        ws.tmp.extend(y.iter().enumerate().map(|(t, v)| match kind {
            SeasonKind::Multiplicative => v / idx[t % m],
            SeasonKind::Additive => v - idx[t % m],
        }));
    } else {
        ws.tmp.extend_from_slice(y);
    }
    let k = ws.tmp.len().min((2 * m_used).max(10));
    let (a0, slope0) = line(&ws.tmp[..k]);
    let (l_guess, b_guess) = if !smoothed_trend {
        let mean = ws.tmp[..k].iter().sum::<f64>() / k as f64;
        let d = if spec.trend == Trend::Drift {
            drift
        } else {
            0.0
        };
        (mean - d * (k as f64 + 1.0) / 2.0, 0.0)
    } else {
        (a0, slope0)
    };

    // Parameter vector: α, [β*], [γ*], [φ]; β = α β*, γ = (1 − α) γ*.
    let mut v = Vars::default();
    v.push(0.3, P_MIN, P_MAX);
    let i_beta = smoothed_trend.then(|| v.push(0.1, P_MIN, P_MAX));
    let i_gamma = seasonal.then(|| v.push(0.1, P_MIN, P_MAX));
    let i_phi = (spec.trend == Trend::Damped).then(|| v.push(0.95, PHI_MIN, PHI_MAX));
    let (ymin, ymax) = y
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        });
    let span = if ymax > ymin {
        ymax - ymin
    } else {
        ymax.abs().max(1e-12)
    };
    let fit_init = init != Init::Heuristic;
    let positive_level =
        spec.season == Season::Multiplicative || spec.error == Error::Multiplicative;
    let i_l = fit_init.then(|| {
        let lo = if positive_level {
            (l_guess - 0.5 * span).max(1e-6 * span)
        } else {
            l_guess - 0.5 * span
        };
        let hi = (l_guess + 0.5 * span).max(lo + 1e-9 * span);
        v.push(l_guess.clamp(lo, hi), lo, hi)
    });
    let i_b = (fit_init && smoothed_trend)
        .then(|| v.push(b_guess, b_guess - 0.05 * span, b_guess + 0.05 * span));
    // Seasonal states: m − 1 free, the last one normalises them (sum 0 or mean 1).
    let i_s = (init == Init::Full && seasonal && v.d + m_used <= MAX_DIM + 1).then(|| {
        let first = v.d;
        for &g in &ws.s0[..m_used - 1] {
            match spec.season {
                Season::Multiplicative => v.push(g, (g - 0.5).max(0.01), g + 0.5),
                _ => v.push(g, g - 0.5 * span, g + 0.5 * span),
            };
        }
        first
    });
    let Vars { x0, lo, hi, d } = v;
    let decode = |x: &[f64]| {
        let alpha = x[0];
        Params {
            alpha,
            beta: i_beta.map_or(0.0, |i| alpha * x[i]),
            gamma: i_gamma.map_or(0.0, |i| (1.0 - alpha) * x[i]),
            phi: i_phi.map_or(1.0, |i| x[i]),
            l0: i_l.map_or(l_guess, |i| x[i]),
            b0: match spec.trend {
                Trend::None => 0.0,
                Trend::Drift => drift,
                _ => i_b.map_or(b_guess, |i| x[i]),
            },
        }
    };
    let mult = spec.season == Season::Multiplicative;
    let set_season = |x: &[f64], s: &mut [f64], s0: &[f64]| match i_s {
        None => s.copy_from_slice(s0),
        Some(i) => {
            let k = s.len();
            let mut sum = 0.0;
            for j in 0..k - 1 {
                s[j] = x[i + j];
                sum += s[j];
            }
            s[k - 1] = if mult { k as f64 - sum } else { -sum };
        }
    };
    ws.s.clear();
    ws.s.extend_from_slice(&ws.s0);
    let s0 = &mut ws.s0;
    let s = &mut ws.s;
    let res = nelder_mead(
        |x| {
            set_season(x, s, s0);
            let r = pass(y, spec, decode(x), s, None);
            lik_of(spec, &r, n)
        },
        &x0[..d],
        &lo[..d],
        &hi[..d],
        nm,
    );
    if !res.f.is_finite() {
        return None;
    }
    let p = decode(&res.x[..d]);
    set_season(&res.x[..d], s, s0);
    s0.copy_from_slice(s);
    let r = pass(y, spec, p, s, None);
    if !r.ok {
        return None;
    }
    let mut season = Vec::with_capacity(m_used);
    for j in 0..m_used {
        season.push(s[(n + j) % m_used]);
    }
    Some(Ets {
        spec,
        m: m_used,
        alpha: p.alpha,
        beta: p.beta,
        gamma: p.gamma,
        phi: p.phi,
        level: r.level,
        slope: r.slope,
        season,
        l0: p.l0,
        b0: p.b0,
        s0: s0.clone(),
        lik: lik_of(spec, &r, n),
        n_params,
        mse: r.sse / n as f64,
        n,
    })
}

impl Ets {
    /// AICc = −2 log L + 2k + 2k(k+1)/(n − k − 1), k = number of parameters.
    pub fn aicc(&self) -> f64 {
        let k = self.n_params as f64;
        let n = self.n as f64;
        let aic = self.lik + 2.0 * k;
        if n - k - 1.0 > 0.0 {
            aic + 2.0 * k * (k + 1.0) / (n - k - 1.0)
        } else {
            f64::INFINITY
        }
    }

    /// One-step in-sample forecasts ŷ_t of `y` (the data it was fitted to) into `out`.
    pub fn fitted_into(&self, y: &[f64], out: &mut [f64]) {
        let mut s = self.s0.clone();
        let p = Params {
            alpha: self.alpha,
            beta: self.beta,
            gamma: self.gamma,
            phi: self.phi,
            l0: self.l0,
            b0: self.b0,
        };
        pass(y, self.spec, p, &mut s, Some(out));
    }

    /// Point forecasts for periods n+1 … n+h into `out` (length h).
    pub fn forecast_into(&self, out: &mut [f64]) {
        let mut phi_h = 0.0;
        let mut p = 1.0;
        for (j, o) in out.iter_mut().enumerate() {
            phi_h = match self.spec.trend {
                Trend::None => 0.0,
                Trend::Additive | Trend::Drift => (j + 1) as f64,
                Trend::Damped => {
                    p *= self.phi;
                    phi_h + p
                }
            };
            let base = self.level + phi_h * self.slope;
            *o = match self.spec.season {
                Season::None => base,
                Season::Additive => base + self.season[j % self.m],
                Season::Multiplicative => base * self.season[j % self.m],
            };
        }
    }

    /// Coefficients c_j (j = 1..h−1) of the h-step error variance
    /// σ²_h = σ² (1 + Σ c_j²) of the linear (additive) form: c_j = α + β φ_j + γ [j mod m = 0].
    pub fn psi(&self, j: usize) -> f64 {
        let mut c = self.alpha + self.beta * trend_multiplier(self.spec.trend, self.phi, j);
        if self.m > 0 && j.is_multiple_of(self.m) {
            c += self.gamma;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(alpha: f64, beta: f64, gamma: f64, phi: f64, l0: f64, b0: f64) -> Params {
        Params {
            alpha,
            beta,
            gamma,
            phi,
            l0,
            b0,
        }
    }

    #[test]
    fn ses_recursion_by_hand() {
        // α = 0.5, ℓ0 = 10: ŷ1 = 10, e1 = 2, ℓ1 = 11; ŷ2 = 11, e2 = -3, ℓ2 = 9.5;
        // ŷ3 = 9.5, e3 = 0.5, ℓ3 = 9.75. SSE = 4 + 9 + 0.25 = 13.25.
        let y = [12.0, 8.0, 10.0];
        let spec = Spec::new(Error::Additive, Trend::None, Season::None);
        let mut f = [0.0; 3];
        let r = pass(
            &y,
            spec,
            p(0.5, 0.0, 0.0, 1.0, 10.0, 0.0),
            &mut [],
            Some(&mut f),
        );
        assert_eq!(f, [10.0, 11.0, 9.5]);
        assert!((r.level - 9.75).abs() < 1e-12);
        assert!((r.sse - 13.25).abs() < 1e-12);
    }

    #[test]
    fn holt_recursion_by_hand() {
        // α = 0.5, β = 0.25 (β* = 0.5), ℓ0 = 10, b0 = 1.
        // t1: ŷ = 11, e = 1 → ℓ = 11.5, b = 1.25.
        // t2: ŷ = 12.75, e = -0.75 → ℓ = 12.375, b = 1.0625.
        let y = [12.0, 12.0];
        let spec = Spec::new(Error::Additive, Trend::Additive, Season::None);
        let mut f = [0.0; 2];
        let r = pass(
            &y,
            spec,
            p(0.5, 0.25, 0.0, 1.0, 10.0, 1.0),
            &mut [],
            Some(&mut f),
        );
        assert_eq!(f, [11.0, 12.75]);
        assert!((r.level - 12.375).abs() < 1e-12);
        assert!((r.slope - 1.0625).abs() < 1e-12);
    }

    #[test]
    fn damped_forecast_by_hand() {
        let e = Ets {
            spec: Spec::new(Error::Additive, Trend::Damped, Season::None),
            m: 0,
            alpha: 0.5,
            beta: 0.1,
            gamma: 0.0,
            phi: 0.9,
            level: 100.0,
            slope: 10.0,
            season: vec![],
            l0: 0.0,
            b0: 0.0,
            s0: vec![],
            lik: 0.0,
            n_params: 5,
            mse: 1.0,
            n: 20,
        };
        let mut out = [0.0; 3];
        e.forecast_into(&mut out);
        // 100 + 10·0.9, + 10·(0.9+0.81), + 10·(0.9+0.81+0.729)
        assert!((out[0] - 109.0).abs() < 1e-9);
        assert!((out[1] - 117.1).abs() < 1e-9);
        assert!((out[2] - 124.39).abs() < 1e-9);
    }

    #[test]
    fn holt_winters_multiplicative_recursion_by_hand() {
        // m = 2, s0 = (0.5, 1.5), ℓ0 = 10, b0 = 0, α = 0.5, β = 0, γ = 0.5, no trend.
        // t1: ŷ = 5, y = 6, e = 1 → ℓ = 10 + 0.5·1/0.5 = 11; s = 0.5 + 0.5·1/10 = 0.55.
        // t2: ŷ = 11·1.5 = 16.5, y = 15, e = -1.5 → ℓ = 11 - 0.5 = 10.5; s = 1.5 - 0.75/11.
        let y = [6.0, 15.0];
        let spec = Spec::new(Error::Additive, Trend::None, Season::Multiplicative);
        let mut s = [0.5, 1.5];
        let mut f = [0.0; 2];
        let r = pass(
            &y,
            spec,
            p(0.5, 0.0, 0.5, 1.0, 10.0, 0.0),
            &mut s,
            Some(&mut f),
        );
        assert_eq!(f, [5.0, 16.5]);
        assert!((r.level - 10.5).abs() < 1e-12);
        assert!((s[0] - 0.55).abs() < 1e-12);
        assert!((s[1] - (1.5 - 0.75 / 11.0)).abs() < 1e-12);
    }

    #[test]
    fn fit_recovers_a_linear_trend() {
        let y: Vec<f64> = (0..30).map(|t| 5.0 + 2.0 * t as f64).collect();
        let mut ws = Workspace::default();
        let spec = Spec::new(Error::Additive, Trend::Additive, Season::None);
        let e = fit(&y, 0, spec, &mut ws, NmConfig::default()).unwrap();
        let mut out = [0.0; 3];
        e.forecast_into(&mut out);
        for (j, v) in out.iter().enumerate() {
            let want = 5.0 + 2.0 * (30 + j) as f64;
            assert!((v - want).abs() < 0.05, "{out:?}");
        }
    }

    #[test]
    fn fit_seasonal_multiplicative_pattern() {
        let idx = [0.8, 1.0, 1.2, 1.0];
        let y: Vec<f64> = (0..40).map(|t| (100.0 + t as f64) * idx[t % 4]).collect();
        let mut ws = Workspace::default();
        let spec = Spec::new(Error::Multiplicative, Trend::Damped, Season::Multiplicative);
        let e = fit(&y, 4, spec, &mut ws, NmConfig::default()).unwrap();
        let mut out = [0.0; 4];
        e.forecast_into(&mut out);
        for (j, v) in out.iter().enumerate() {
            let want = (140.0 + j as f64) * idx[(40 + j) % 4];
            assert!((v - want).abs() / want < 0.03, "{out:?}");
        }
        // Multiplicative models refuse non-positive data.
        let mut z = y.clone();
        z[3] = 0.0;
        assert!(fit(&z, 4, spec, &mut ws, NmConfig::default()).is_none());
    }

    #[test]
    fn full_init_fits_seasonal_states_on_a_short_series() {
        // Two and a half seasons of a clean multiplicative pattern with noise-free level.
        let idx = [0.6, 0.8, 1.0, 1.2, 1.4, 1.0];
        let y: Vec<f64> = (0..15).map(|t| 50.0 * idx[t % 6]).collect();
        let spec = Spec::new(Error::Multiplicative, Trend::None, Season::Multiplicative);
        let mut ws = Workspace::default();
        let cfg = NmConfig {
            max_evals: 3000,
            ..NmConfig::default()
        };
        let heur = fit_with(&y, 6, spec, 0.0, Init::Heuristic, &mut ws, cfg).unwrap();
        let full = fit_with(&y, 6, spec, 0.0, Init::Full, &mut ws, cfg).unwrap();
        // The fitted initial indices keep their normalisation (mean 1) …
        let mean = full.s0.iter().sum::<f64>() / 6.0;
        assert!((mean - 1.0).abs() < 1e-12, "{:?}", full.s0);
        // … and fit at least as well as the heuristic ones.
        assert!(
            full.mse <= heur.mse * 1.000_001,
            "{} vs {}",
            full.mse,
            heur.mse
        );
        let mut out = [0.0; 6];
        full.forecast_into(&mut out);
        for (j, v) in out.iter().enumerate() {
            let want = 50.0 * idx[(15 + j) % 6];
            assert!((v - want).abs() < 1.0, "{out:?}");
        }
    }
}
