//! When to combine the global autoregression ([`super::global`]) with the local
//! ensemble, decided from the training data alone, and how wide the combination's
//! ranges are.
//!
//! Each local forecast already carries its backtest window ([`Forecast::holdout`]: the
//! ensemble refitted at origin n − k forecasting the last k values). The global model is
//! fitted once more on every history cut at its own origin (n − k), forecasts the same
//! windows, and the mean of the two is scored against the local forecast there, per
//! series: d_i = ½ (ΔMASE_i / mean MASE_local + ΔsMAPE_i / mean sMAPE_local) (negative:
//! the combination was better). The whole set is combined only when the mean of d is
//! below zero by more than [`Z`] standard errors (a paired test across series, like the
//! learned model choice's guard); otherwise every series keeps its local forecast.
//!
//! Ranges ([`calibrate`]): the combination's 80 % and 95 % half-widths are scaled by
//! one factor each, the empirical 80 % / 95 % quantile over the backtest windows of all
//! series of |actual − combined| / half-width (split-conformal, pooled over series and
//! steps), so the window's coverage is nominal.

use super::Forecast;
use super::global::GlobalAr;
use crate::engine::accuracy;

/// Standard errors by which the combination must win in the backtest window.
pub const Z: f64 = 2.0;

/// The weight of the global forecast in a combination.
pub const WEIGHT: f64 = 0.5;

/// The combination scored in the backtest window.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// Per series: the combination's backtest forecast (`None`: the global model
    /// declines it, or it has no backtest window).
    pub combined: Vec<Option<Vec<f64>>>,
    /// Per series with a combination: d_i (see the module).
    pub d: Vec<Option<f64>>,
    /// Mean of d, its standard error and the series behind it.
    pub mean: f64,
    pub se: f64,
    pub n: usize,
}

impl Window {
    /// Whether the combination won beyond noise.
    pub fn wins(&self) -> bool {
        self.n >= 2 && self.mean + Z * self.se < 0.0
    }
}

/// Point forecasts of `local` and `global` mixed with weight `w` on the global one
/// (non-negative when `nonneg`).
pub fn mix(local: &[f64], global: &[f64], w: f64, nonneg: bool) -> Vec<f64> {
    local
        .iter()
        .zip(global)
        .map(|(l, g)| {
            let p = (1.0 - w) * l + w * g;
            if nonneg { p.max(0.0) } else { p }
        })
        .collect()
}

fn nonneg(y: &[f64]) -> bool {
    y.iter().all(|v| v.is_nan() || *v >= 0.0)
}

/// Scores the combination (global weight `w`) in every series' backtest window: the
/// global model fitted on the histories cut at their origins.
pub fn backtest(histories: &[&[f64]], locals: &[Forecast], season_length: usize, w: f64) -> Window {
    let cut: Vec<&[f64]> = histories
        .iter()
        .zip(locals)
        .map(|(y, f)| &y[..y.len() - f.holdout.1.len().min(y.len())])
        .collect();
    let h = locals.iter().map(|f| f.holdout.1.len()).max().unwrap_or(0);
    let model = (h > 0)
        .then(|| GlobalAr::fit(&cut, season_length, h))
        .flatten();
    let mut combined = Vec::with_capacity(locals.len());
    let mut scores = Vec::with_capacity(locals.len());
    for ((y, f), c) in histories.iter().zip(locals).zip(&cut) {
        let (fc, actual) = (&f.holdout.0, &f.holdout.1);
        let g = model
            .as_ref()
            .filter(|_| !actual.is_empty())
            .and_then(|m| m.forecast(c, actual.len()));
        let Some(g) = g else {
            combined.push(None);
            scores.push(None);
            continue;
        };
        let mixed = mix(fc, &g, w, nonneg(y));
        let q = accuracy::seasonal_naive_scale(c, season_length).filter(|q| *q > 0.0);
        let s = match (
            q,
            accuracy::smape(actual, fc),
            accuracy::smape(actual, &mixed),
        ) {
            (Some(q), Some(sl), Some(sc)) => {
                let ml = accuracy::mae(actual, fc).unwrap_or(0.0) / q;
                let mc = accuracy::mae(actual, &mixed).unwrap_or(0.0) / q;
                Some((ml, mc, sl, sc))
            }
            _ => None,
        };
        combined.push(Some(mixed));
        scores.push(s);
    }
    let k = scores.iter().flatten().count();
    let mean_of = |f: fn(&(f64, f64, f64, f64)) -> f64| {
        scores.iter().flatten().map(f).sum::<f64>() / k.max(1) as f64
    };
    let (ml, sl) = (mean_of(|s| s.0), mean_of(|s| s.2));
    let d: Vec<Option<f64>> = scores
        .iter()
        .map(|s| {
            s.filter(|_| ml > 0.0 && sl > 0.0)
                .map(|(a, b, c, e)| 0.5 * ((b - a) / ml + (e - c) / sl))
        })
        .collect();
    let vals: Vec<f64> = d.iter().flatten().copied().collect();
    let n = vals.len();
    let mean = vals.iter().sum::<f64>() / n.max(1) as f64;
    let var = vals.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n.max(2) - 1) as f64;
    Window {
        combined,
        d,
        mean,
        se: (var / n.max(1) as f64).sqrt(),
        n,
    }
}

/// The factors on the 80 % and 95 % half-widths of `finals` (each series' final
/// combined forecast) that make the backtest window's coverage nominal: the empirical
/// quantiles of |actual − backtest forecast| / half-width over every series and step
/// with a backtest forecast in `window`. `None` with fewer than 20 such errors.
pub fn calibrate(finals: &[Forecast], locals: &[Forecast], window: &Window) -> Option<(f64, f64)> {
    let (mut r80, mut r95) = (Vec::new(), Vec::new());
    for ((f, l), c) in finals.iter().zip(locals).zip(&window.combined) {
        let Some(c) = c else { continue };
        for (j, (a, p)) in l.holdout.1.iter().zip(c).enumerate() {
            let e = (a - p).abs();
            let (Some(&pt), Some(&u80), Some(&u95)) =
                (f.point.get(j), f.upper.get(j), f.upper95.get(j))
            else {
                continue;
            };
            let (h80, h95) = (u80 - pt, u95 - pt);
            if e.is_finite() && h80 > 0.0 && h95 > 0.0 {
                r80.push(e / h80);
                r95.push(e / h95);
            }
        }
    }
    if r80.len() < 20 {
        return None;
    }
    Some((empirical(&mut r80, 0.8), empirical(&mut r95, 0.95)))
}

/// The ⌈level · (k + 1)⌉-th smallest of `v` (split-conformal), the largest if beyond.
fn empirical(v: &mut [f64], level: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((level * (v.len() + 1) as f64).ceil() as usize).clamp(1, v.len());
    v[i - 1]
}

/// `f` with its 80 % and 95 % half-widths scaled by `k80` and `k95` (lower bounds ≥ 0
/// when `nonneg`) and σ the one-step half-width over the 80 % quantile (the safety
/// stock reads σ, so it is the same spread as the range's).
pub fn scaled(f: &Forecast, k80: f64, k95: f64, nonneg: bool) -> Forecast {
    let mut out = f.clone();
    let floor = |v: f64| if nonneg { v.max(0.0) } else { v };
    for j in 0..f.point.len() {
        let p = f.point[j];
        let (h80, h95) = ((f.upper[j] - p) * k80, (f.upper95[j] - p) * k95);
        out.lower[j] = floor(p - h80);
        out.upper[j] = p + h80;
        out.lower95[j] = floor(p - h95);
        out.upper95[j] = p + h95;
    }
    if let Some(&u) = out.upper.first() {
        out.sigma = ((u - out.point[0]) / super::quantile(0.8, f.df)).max(0.0);
    }
    out
}
