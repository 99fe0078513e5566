//! Forecast reconciliation of a family → SKU tree: the family's own forecast (of the sum
//! of its SKUs' baseline histories, by the same automatic model) and its SKUs' forecasts
//! made to add up, so that the family's baseline — the sum of its SKUs' — also uses the
//! steadier signal of the aggregate.
//!
//! **Method: WLS (MinT with a diagonal W of the backtest variances).** With ŷ the base
//! forecasts of one month (family first, then its k SKUs), S = [1ᵀ; I_k] the summing
//! matrix and W = diag(σ_F², σ_1², …, σ_k²) (σ: each series' one-step backtest σ,
//! [`Baseline::sigma`]), the reconciled forecasts are
//!   ỹ = S (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹ ŷ.
//! For this two-level tree Sherman–Morrison gives the closed form (V = Σ σ_i², B̂ = Σ b̂_i):
//!   b̃_i = b̂_i + (σ_i² / V) · w_F · (ŷ_F − B̂),   w_F = σ_F⁻² / (σ_F⁻² + V⁻¹) = V / (σ_F² + V),
//! so the family's reconciled number is Σ b̃_i = w_F ŷ_F + (1 − w_F) B̂: it leans w_F on the
//! family forecast and 1 − w_F on the bottom-up sum, and each SKU takes the gap in
//! proportion to its variance. (Full MinT with a shrunk covariance would need the
//! in-sample residual covariance of every family, a k × k solve each; the diagonal W
//! needs only the σ the forecast already has.) Families are independent trees; the
//! company total is the sum of the families.
//!
//! **Non-negative:** when the base forecasts are non-negative, a SKU pushed below 0 is set
//! to 0 and the other SKUs of that month are scaled down in proportion so that the sum
//! is still w_F ŷ_F + (1 − w_F) B̂ (≥ 0).
//! **Intervals:** each SKU's 80 % band moves by its own adjustment b̃_i − b̂_i (the lower
//! bound kept at or above 0 and at or below the value); σ is kept (safety stock).
//!
//! **Chosen by backtest** (one rule for every family and data set): the same
//! reconciliation is applied to the forecasts of the last backtest window (the last H
//! months the family and its SKUs were held out, H ≥ [`MIN_BACKTEST`]; a young SKU's
//! shorter window is padded with its actuals, see `backtest`); the family is
//! reconciled only if that is no worse than bottom-up both for the family's total (MAE)
//! and for its SKUs (sum of their MAEs). Otherwise, or without such a window, it stays
//! bottom-up.

use crate::engine::model::{Baseline, SkuHistory};
use crate::engine::month::Month;

/// Fewest months of a common backtest window to choose by.
pub const MIN_BACKTEST: usize = 3;

/// The default of `ForecastSettings::reconcile` (old backups load with it).
pub fn default_on() -> bool {
    true
}

/// The last backtest window of one series: forecasts of its last `forecast.len()` months
/// (from the origin just before them), and the values of its last `actual.len()` months
/// (at least as many); `end` is the month after the last one.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Holdout {
    pub forecast: Vec<f64>,
    pub actual: Vec<f64>,
    pub end: Month,
}

/// A baseline with its backtest window: what reconciliation reads of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct Base {
    pub baseline: Baseline,
    pub holdout: Holdout,
}

/// Why a family has the numbers it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Reconciled: no worse than bottom-up in backtest.
    Reconciled,
    /// Bottom-up: reconciling did worse in backtest.
    WorseInBacktest,
    /// Bottom-up: no common backtest window of [`MIN_BACKTEST`] months.
    NoBacktest,
    /// Bottom-up: a family of one SKU (its forecast is the family's).
    OneSku,
}

/// Which level a family's reconciled number leans on, and why it is used or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Lean {
    pub family: String,
    /// w_F: the weight of the family's own forecast (0–1); its SKUs' sum has 1 − w_F.
    pub family_weight: f64,
    pub choice: Choice,
    /// Backtest MAE of the family's total: bottom-up, reconciled (units per month).
    pub family_mae: (f64, f64),
    /// Backtest Σ of its SKUs' MAEs: bottom-up, reconciled.
    pub sku_mae: (f64, f64),
}

impl Lean {
    /// Whether the family's SKUs carry the reconciled numbers.
    pub fn reconciled(&self) -> bool {
        self.choice == Choice::Reconciled
    }
}

/// The name under which family `id`'s summed history is forecast like a SKU's (the app
/// sends it to the workers among the SKUs); it cannot be a SKU code typed by a planner.
pub fn family_key(id: &str) -> String {
    format!("\u{1}family:{id}")
}

/// The history of a family: month by month the sum of its members' histories (each
/// `(start, units)`, the months the baseline uses), from the earliest start to the
/// latest end. A member counts 0 before its start and is unknown (NaN: the forecast
/// interpolates) after its end or where its own value is not a number. `None` when no
/// member has a month.
pub fn family_history(key: String, members: &[(Month, &[f64])]) -> Option<SkuHistory> {
    let live = members.iter().filter(|(_, u)| !u.is_empty());
    let start = live.clone().map(|(s, _)| *s).min()?;
    let end = live.map(|(s, u)| s.plus(u.len() as i32)).max()?;
    let mut units = vec![0.0; end.since(start) as usize];
    for (s, u) in members.iter().filter(|(_, u)| !u.is_empty()) {
        let from = s.since(start) as usize;
        for (i, v) in units.iter_mut().enumerate().skip(from) {
            *v += u.get(i - from).copied().unwrap_or(f64::NAN);
        }
    }
    Some(SkuHistory {
        sku: key,
        start,
        units,
    })
}

/// w_F = V / (σ_F² + V) with V = Σ σ_i² (0 when V = 0: the SKUs are certain; 1 when only
/// the family is certain).
pub fn family_weight(sigma_family: f64, sigmas: &[f64]) -> f64 {
    let v: f64 = sigmas.iter().map(|s| s * s).sum();
    let f = sigma_family * sigma_family;
    if v.is_nan() || v <= 0.0 || !v.is_finite() || !f.is_finite() {
        0.0
    } else {
        v / (f + v)
    }
}

/// The reconciled SKU values of one month: b̂ + (σ_i²/V) w (ŷ_F − B̂), then the
/// non-negativity rule when `nonneg` (see the module's notes).
fn month(top: f64, base: &[f64], shares: &[f64], w: f64, nonneg: bool) -> Vec<f64> {
    let bu: f64 = base.iter().sum();
    let gap = top - bu;
    let mut out: Vec<f64> = base
        .iter()
        .zip(shares)
        .map(|(b, s)| b + s * w * gap)
        .collect();
    if nonneg && out.iter().any(|v| *v < 0.0) {
        let target = (bu + w * gap).max(0.0);
        out.iter_mut().for_each(|v| *v = v.max(0.0));
        let pos: f64 = out.iter().sum();
        let k = if pos > 0.0 { target / pos } else { 0.0 };
        out.iter_mut().for_each(|v| *v *= k);
    }
    out
}

/// Reconciles rows `skus[i][t]` (t: months) with the family's `top[t]`.
fn rows(top: &[f64], skus: &[&[f64]], shares: &[f64], w: f64) -> Vec<Vec<f64>> {
    let nonneg = top
        .iter()
        .chain(skus.iter().flat_map(|r| r.iter()))
        .all(|v| *v >= 0.0);
    let mut out: Vec<Vec<f64>> = skus.iter().map(|r| r.to_vec()).collect();
    for (t, &y) in top.iter().enumerate() {
        let base: Vec<f64> = skus
            .iter()
            .map(|r| r.get(t).copied().unwrap_or(0.0))
            .collect();
        for (o, v) in out.iter_mut().zip(month(y, &base, shares, w, nonneg)) {
            if let Some(slot) = o.get_mut(t) {
                *slot = v;
            }
        }
    }
    out
}

/// Mean absolute error (0 for no months).
fn mae(actual: &[f64], fc: &[f64]) -> f64 {
    let n = actual.len().min(fc.len());
    if n == 0 {
        return 0.0;
    }
    actual
        .iter()
        .zip(fc)
        .map(|(a, f)| (a - f).abs())
        .sum::<f64>()
        / n as f64
}

/// The backtest of reconciling: MAEs of the family total and Σ of the SKUs' MAEs,
/// bottom-up and reconciled, over the common last window; `None` without one.
///
/// The window is the family's, shortened to the shortest SKU window of at least
/// [`MIN_BACKTEST`] months. A young SKU with a shorter window (or none: no history)
/// counts its actuals as its forecast in the months before its own window (0 before its
/// history): no error either way there, so it never blocks the family's choice.
fn backtest(top: &Holdout, skus: &[&Holdout], shares: &[f64], w: f64) -> Option<[f64; 4]> {
    let len = |s: &Holdout| s.forecast.len().min(s.actual.len());
    let old = skus.iter().map(|s| len(s)).filter(|&k| k >= MIN_BACKTEST);
    let h = old.min()?.min(len(top));
    let ended = |s: &&&Holdout| !s.actual.is_empty();
    if h < MIN_BACKTEST || skus.iter().filter(ended).any(|s| s.end != top.end) {
        return None;
    }
    let last = |v: &[f64]| v[v.len() - h..].to_vec();
    // The last h values of `v`, zeros in front when shorter.
    let padded = |v: &[f64]| {
        let k = v.len().min(h);
        let mut out = vec![0.0; h - k];
        out.extend_from_slice(&v[v.len() - k..]);
        out
    };
    let actuals: Vec<Vec<f64>> = skus.iter().map(|s| padded(&s.actual)).collect();
    let fc: Vec<Vec<f64>> = skus
        .iter()
        .zip(&actuals)
        .map(|(s, a)| {
            let own = s.forecast.len().min(h);
            let mut f = a[..h - own].to_vec();
            f.extend_from_slice(&s.forecast[s.forecast.len() - own..]);
            f
        })
        .collect();
    let fc_refs: Vec<&[f64]> = fc.iter().map(Vec::as_slice).collect();
    let rec = rows(&last(&top.forecast), &fc_refs, shares, w);
    let total = |r: &[Vec<f64>]| {
        (0..h)
            .map(|t| r.iter().map(|x| x[t]).sum())
            .collect::<Vec<f64>>()
    };
    let actual = last(&top.actual);
    let sku_err = |r: &[Vec<f64>]| -> f64 { actuals.iter().zip(r).map(|(a, f)| mae(a, f)).sum() };
    Some([
        mae(&actual, &total(&fc)),
        mae(&actual, &total(&rec)),
        sku_err(&fc),
        sku_err(&rec),
    ])
}

/// Reconciles one family: `top` is the forecast of its summed history, `skus` its SKUs'
/// baselines with their backtest windows (changed in place when the family is
/// reconciled; with `by_backtest` false it always is, when it has two SKUs or more —
/// the comparison of `sop forecast-eval`).
pub fn reconcile_family(
    family: &str,
    top: &Base,
    skus: &mut [&mut Baseline],
    holdouts: &[&Holdout],
    by_backtest: bool,
) -> Lean {
    let sigmas: Vec<f64> = skus.iter().map(|b| b.sigma).collect();
    let w = family_weight(top.baseline.sigma, &sigmas);
    let v: f64 = sigmas.iter().map(|s| s * s).sum();
    let shares: Vec<f64> = sigmas
        .iter()
        .map(|s| if v > 0.0 { s * s / v } else { 0.0 })
        .collect();
    let mut lean = Lean {
        family: family.to_string(),
        family_weight: w,
        choice: Choice::OneSku,
        family_mae: (0.0, 0.0),
        sku_mae: (0.0, 0.0),
    };
    if skus.len() < 2 {
        return lean;
    }
    lean.choice = match backtest(&top.holdout, holdouts, &shares, w) {
        Some([fb, fr, sb, sr]) => {
            lean.family_mae = (fb, fr);
            lean.sku_mae = (sb, sr);
            if fr <= fb && sr <= sb {
                Choice::Reconciled
            } else {
                Choice::WorseInBacktest
            }
        }
        None => Choice::NoBacktest,
    };
    if by_backtest && !lean.reconciled() {
        return lean;
    }
    lean.choice = Choice::Reconciled;
    let values: Vec<&[f64]> = skus.iter().map(|b| b.values.as_slice()).collect();
    let rec = rows(&top.baseline.values, &values, &shares, w);
    for (b, r) in skus.iter_mut().zip(rec) {
        for (t, v) in r.into_iter().enumerate() {
            let d = v - b.values[t];
            b.values[t] = v;
            if let (Some(lo), Some(up)) = (b.lower.get_mut(t), b.upper.get_mut(t)) {
                let floor = if *lo >= 0.0 { 0.0 } else { f64::NEG_INFINITY };
                *lo = (*lo + d).min(v).max(floor);
                *up = (*up + d).max(v);
            }
        }
    }
    lean
}
