//! Statistical baseline forecasting: models, automatic selection, prediction intervals.
//!
//! [`forecast`] takes one history and returns point forecasts, fitted values, an 80 % prediction
//! interval and the backtest scores of every candidate model; [`baselines`] does it for every
//! product of a [`Cycle`] as the plan needs it.
//!
//! The automatic procedure, identical for every series:
//! 1. Clean: non-finite values are interpolated, leading zeros (not yet sold) dropped,
//!    the series is scaled by its largest absolute value (so huge values are safe).
//!    Outliers are not judged here: the history comes cleansed by the planner's
//!    decisions and, when asked, the suggestions of [`detect`] ([`baseline_history`]).
//! 2. Empty → zero forecast; constant → naive. Non-negative with average demand
//!    interval ADI ≥ 1.32 → intermittent: Croston, SBA, TSB, SES and naive compete in a
//!    rolling-origin backtest (≥ 3 origins, refitted at each) and the lowest MAE wins.
//! 3. Otherwise the [`ModelKind::Ensemble`]: a pool of exponential smoothing state-space
//!    models (SES, damped Holt, Holt–Winters additive and multiplicative with no or
//!    damped trend, with additive or multiplicative errors) and Theta models (SES with
//!    drift, Hyndman & Billah 2003, also with a seasonal state) is fitted by maximum
//!    likelihood, and the forecasts are combined with Akaike weights
//!    w_i ∝ exp(−½ ΔAICc_i) (Burnham & Anderson 2002; Kolassa 2011). The 90 % ACF test
//!    at lag m (M4 benchmarks) decides the pool: seasonal models only when it finds a
//!    season, all models otherwise (the AICc may still find one). For positive data, a
//!    member whose forecast drops to zero or below is not admitted.
//! 4. The same method, refitted at a backtest origin n − min(h, n/4), gives the
//!    backtest scores (WAPE, MASE, bias) of the forecast and of every pool member, and
//!    σ, the root mean square of its one-step errors over the holdout (parameters
//!    fixed at the origin). The 80 % and 95 % intervals are ŷ_h ± q √(σ² V_h + B_h):
//!    V_h = Σ_i w_i (1 + Σ_{j<h} c_{i,j}²) with c the members' ψ-weights, B_h the
//!    weighted spread of the members' forecasts (model averaging), σ the larger of the
//!    backtest's and the in-sample one-step RMS error, q the quantile of a Student t
//!    error with ν = k (the backtest's one-step errors) scaled to variance σ² (`interval`).
//!
//! On the M1 and Tourism monthly benchmarks (and a second split of each, the last h points of their
//! training parts) this is 0.4–0.7 sMAPE points and 1–5 % MASE better than AutoETS (one model by
//! AICc), at ~1 % of its time (`examples/forecast_bench.rs`). [`learn`]: a per-SKU choice that
//! learns from approved cycles' track record (`baselines_in`).

mod backtest;
mod cleanse;
pub mod cross;
mod cycle;
pub mod detect;
pub mod ets;
pub mod global;
mod history;
pub mod intermittent;
mod interval;
pub mod learn;
pub mod lifecycle;
pub mod models;
pub mod optim;
pub mod reconcile;
pub mod season;
pub mod settings;

use crate::engine::accuracy;
use backtest::{Backtest, backtest, origins, score};
pub use cycle::{base, baseline, baselines, baselines_and_leans, baselines_in, family_groups};
pub use history::{CleansedHistories, baseline_history, baseline_history_from, sku_findings};
pub use lifecycle::{Phases, lifecycle};
use models::{Fitted, Method, Work};
use std::{fmt, str::FromStr};

/// A forecasting model, by its snake_case name (see [`ModelKind::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ModelKind {
    /// No usable history: a zero forecast.
    NoHistory,
    /// Last value repeated.
    Naive,
    /// Value of the same period one season earlier.
    SeasonalNaive,
    /// Simple exponential smoothing (on seasonally adjusted data when seasonal).
    Ses,
    /// Holt's linear trend (on seasonally adjusted data when seasonal).
    Holt,
    /// Holt with damped trend (on seasonally adjusted data when seasonal).
    HoltDamped,
    /// Holt–Winters, additive seasonality, damped trend.
    HoltWintersAdditive,
    /// Holt–Winters, multiplicative seasonality, damped trend.
    HoltWintersMultiplicative,
    /// Theta method (SES with drift = half the regression slope), seasonally adjusted.
    Theta,
    /// Croston's method for intermittent demand.
    Croston,
    /// Syntetos–Boylan approximation (bias-corrected Croston).
    Sba,
    /// Teunter–Syntetos–Babai (demand probability × size).
    Tsb,
    /// Akaike-weighted combination of the ETS and Theta state-space pool.
    Ensemble,
}

impl ModelKind {
    /// Every model, in display order.
    pub const ALL: [ModelKind; 13] = [
        ModelKind::NoHistory,
        ModelKind::Naive,
        ModelKind::SeasonalNaive,
        ModelKind::Ses,
        ModelKind::Holt,
        ModelKind::HoltDamped,
        ModelKind::HoltWintersAdditive,
        ModelKind::HoltWintersMultiplicative,
        ModelKind::Theta,
        ModelKind::Croston,
        ModelKind::Sba,
        ModelKind::Tsb,
        ModelKind::Ensemble,
    ];

    /// The snake_case name used in settings, files and the UI.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::NoHistory => "none",
            ModelKind::Naive => "naive",
            ModelKind::SeasonalNaive => "seasonal_naive",
            ModelKind::Ses => "ses",
            ModelKind::Holt => "holt",
            ModelKind::HoltDamped => "holt_damped",
            ModelKind::HoltWintersAdditive => "holt_winters_additive",
            ModelKind::HoltWintersMultiplicative => "holt_winters_multiplicative",
            ModelKind::Theta => "theta",
            ModelKind::Croston => "croston",
            ModelKind::Sba => "sba",
            ModelKind::Tsb => "tsb",
            ModelKind::Ensemble => "ensemble",
        }
    }

    /// Whether the model is meant for intermittent demand.
    pub fn is_intermittent(self) -> bool {
        matches!(self, ModelKind::Croston | ModelKind::Sba | ModelKind::Tsb)
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown model name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownModel(pub String);

impl fmt::Display for UnknownModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = ModelKind::ALL.iter().map(|m| m.name()).collect();
        write!(
            f,
            "unknown model `{}` (known: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownModel {}

impl FromStr for ModelKind {
    type Err = UnknownModel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        ModelKind::ALL
            .iter()
            .copied()
            .find(|m| m.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownModel(s.to_string()))
    }
}

/// Settings of [`forecast`].
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Use this model instead of the automatic choice (`None` = automatic).
    pub model: Option<ModelKind>,
    /// Number of backtest origins (≥ 1), `min(h, n/4)/origins` periods apart; more origins give
    /// steadier scores at the cost of one refit each.
    pub origins: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            model: None,
            origins: 1,
        }
    }
}

/// Backtest accuracy of one model (see [`crate::engine::accuracy`]), NaN-free (undefined: 0).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Scores {
    /// Σ|e| / Σ|y| over all backtest forecasts.
    pub wape: f64,
    /// Backtest MAE / in-sample seasonal-naive MAE.
    pub mase: f64,
    /// Σ(f − y) / Σ|y| (positive = over-forecast).
    pub bias: f64,
    /// sMAPE in % (M3 definition).
    pub smape: f64,
    /// Mean absolute error, in units: the selection criterion.
    pub mae: f64,
}

/// A model considered for a series: its weight in the forecast and backtest scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Model family.
    pub model: ModelKind,
    /// Exact variant, e.g. `ETS(M,Ad,M)` (error, trend, season).
    pub label: String,
    /// Share in the final forecast (0–1).
    pub weight: f64,
    /// AICc of the fit on all data (pool members only).
    pub aicc: Option<f64>,
    /// Whether `scores` come from a backtest (false, scores 0: too short a history, or not in the pool at the origin).
    pub backtested: bool,
    pub scores: Scores,
}

/// The forecast of one series.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// The model used.
    pub model: ModelKind,
    /// Point forecasts for periods n+1 … n+h.
    pub point: Vec<f64>,
    /// One-step in-sample forecasts, one per history value.
    pub fitted: Vec<f64>,
    /// Lower and upper bound of the 80 % prediction interval.
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    /// Lower and upper bound of the 95 % prediction interval.
    pub lower95: Vec<f64>,
    pub upper95: Vec<f64>,
    /// Standard deviation of the one-step backtest errors (units).
    pub sigma: f64,
    /// Degrees of freedom of the error's shape (the number of backtest errors behind
    /// `sigma`; `None`: normal), see [`quantile`].
    pub df: Option<f64>,
    /// Backtest scores of the chosen model (the "why" of the choice).
    pub scores: Scores,
    /// Every candidate: by weight in the forecast, then by backtest MAE.
    pub candidates: Vec<Candidate>,
    /// Whether the seasonality test found a season of the given length.
    pub seasonal: bool,
    /// Last backtest window: forecasts of the last k values from origin n − k, and them.
    pub holdout: (Vec<f64>, Vec<f64>),
}

pub use interval::{Z80, Z95, quantile};

/// ADI threshold above which demand is intermittent (Syntetos–Boylan).
pub const ADI_INTERMITTENT: f64 = 1.32;

// ---------------------------------------------------------------------------------
// Automatic procedure

/// Replaces non-finite values by linear interpolation between the nearest finite
/// neighbours (or the nearest one at the ends); all non-finite → all zero.
fn clean(y: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = y.to_vec();
    let finite: Vec<usize> = (0..y.len()).filter(|&i| y[i].is_finite()).collect();
    let (Some(&first), Some(&last)) = (finite.first(), finite.last()) else {
        out.fill(0.0);
        return out;
    };
    for o in out.iter_mut().take(first) {
        *o = y[first];
    }
    for w in finite.windows(2) {
        let (p, i) = (w[0], w[1]);
        for (j, o) in out.iter_mut().enumerate().take(i).skip(p + 1) {
            *o = y[p] + (y[i] - y[p]) * (j - p) as f64 / (i - p) as f64;
        }
    }
    for o in out.iter_mut().skip(last + 1) {
        *o = y[last];
    }
    out
}

fn is_constant(y: &[f64]) -> bool {
    y.windows(2).all(|w| w[0] == w[1])
}

/// Result of one run on a prepared (clean, scaled, trimmed) series.
struct Run {
    model: ModelKind,
    point: Vec<f64>,
    fitted: Vec<f64>,
    sigma: f64,
    spread: interval::Spread,
    df: Option<f64>,
    scores: Scores,
    candidates: Vec<Candidate>,
    seasonal: bool,
    holdout: (Vec<f64>, Vec<f64>),
}

/// What is fitted at each origin: the ETS pool, or one model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    Pool,
    Single(ModelKind),
}

/// Fits a plan to `y` (seasonality tested on `y` itself); naive if nothing fits.
fn fit_plan(plan: Plan, y: &[f64], m: usize, h: usize, w: &mut Work) -> Method {
    let seasonal = m >= 2 && season::is_seasonal(y, m);
    let fitted = match plan {
        Plan::Pool => models::fit_pool(y, m, seasonal, h, w),
        Plan::Single(k) => Fitted::fit(k, y, m, seasonal, w)
            .or_else(|| fallback(k).and_then(|k| Fitted::fit(k, y, m, seasonal, w)))
            .map(Method::single),
    };
    fitted.unwrap_or_else(|| Method::single(Fitted::naive(y)))
}

/// The model used when `k` cannot be fitted (e.g. multiplicative on data with zeros).
fn fallback(k: ModelKind) -> Option<ModelKind> {
    match k {
        ModelKind::HoltWintersMultiplicative => Some(ModelKind::HoltWintersAdditive),
        ModelKind::HoltWintersAdditive | ModelKind::Holt => Some(ModelKind::HoltDamped),
        ModelKind::HoltDamped | ModelKind::Theta => Some(ModelKind::Ses),
        ModelKind::SeasonalNaive => Some(ModelKind::Naive),
        _ => None,
    }
}

/// Forecasts a prepared series: automatically (ETS pool, or the best intermittent
/// model by backtest) or with a forced model.
fn run(y: &[f64], m: usize, h: usize, opts: &Options, nonneg: bool) -> Run {
    let n = y.len();
    let mut w = Work::default();
    let m = if m >= 2 { m } else { 0 };
    let seasonal = m >= 2 && season::is_seasonal(y, m);
    let q = accuracy::seasonal_naive_scale(y, m).unwrap_or(0.0);
    let intermittent = nonneg && intermittent::adi(y) >= ADI_INTERMITTENT;
    let (org, hb) = origins(n, h, opts.origins.max(1));

    let mut candidates: Vec<Candidate> = Vec::new();
    let (model, plan, bt) = match opts.model {
        Some(ModelKind::Ensemble) | None if opts.model.is_some() || !intermittent => {
            let bt = backtest(Plan::Pool, y, m, &org, hb, nonneg, &mut w);
            (ModelKind::Ensemble, Plan::Pool, bt)
        }
        Some(k) => {
            let bt = backtest(Plan::Single(k), y, m, &org, hb, nonneg, &mut w);
            (k, Plan::Single(k), bt)
        }
        None => {
            // Intermittent: the lowest backtest MAE among the intermittent models, over
            // at least three origins (the models are cheap; one holdout of sparse
            // demand is too noisy to choose by).
            let (org, hb) = origins(n, h, opts.origins.max(3));
            let mut best: Option<(f64, ModelKind, Backtest)> = None;
            for k in [
                ModelKind::Croston,
                ModelKind::Sba,
                ModelKind::Tsb,
                ModelKind::Ses,
                ModelKind::Naive,
            ] {
                let bt = backtest(Plan::Single(k), y, m, &org, hb, nonneg, &mut w);
                let s = score(&bt.actual, &bt.combined, q);
                candidates.push(Candidate {
                    model: k,
                    label: k.name().to_string(),
                    weight: 0.0,
                    aicc: None,
                    backtested: !bt.actual.is_empty(),
                    scores: s,
                });
                if best.as_ref().is_none_or(|b| s.mae < b.0) {
                    best = Some((s.mae, k, bt));
                }
            }
            let (_, k, bt) = best.expect("at least one intermittent candidate");
            (k, Plan::Single(k), bt)
        }
    };

    // Final fit on all data.
    let method = fit_plan(plan, y, m, h, &mut w);
    let model = if method.members.len() == 1 && method.members[0].1.kind != model {
        method.members[0].1.kind
    } else {
        model
    };
    let mut buf = Vec::new();
    let mut point = vec![0.0; h];
    method.forecast_into(&mut point, &mut buf);
    let mut fitted = vec![0.0; n];
    method.one_step(y, &mut fitted, &mut buf, &mut w);
    let spread = interval::spread(&method, &point);

    let (sigma, df) = interval::sigma(bt.one_step_sse, bt.one_step_count, y, &fitted);
    let scores = if bt.actual.is_empty() {
        Scores::default()
    } else {
        score(&bt.actual, &bt.combined, q)
    };
    if plan == Plan::Pool {
        // Candidates: the members of the final fit with their weight and backtest.
        for (wt, f) in &method.members {
            let s = bt
                .members
                .iter()
                .find(|e| e.0 == f.label)
                .filter(|_| !bt.actual.is_empty())
                .map(|e| score(&bt.actual, &e.2, q));
            candidates.push(Candidate {
                model: f.kind,
                label: f.label.to_string(),
                weight: *wt,
                aicc: f.aicc.is_finite().then_some(f.aicc),
                backtested: s.is_some(),
                scores: s.unwrap_or_default(),
            });
        }
        candidates.push(Candidate {
            model: ModelKind::Ensemble,
            label: "AICc-weighted combination".to_string(),
            weight: 1.0,
            aicc: None,
            backtested: !bt.actual.is_empty(),
            scores,
        });
    } else if candidates.is_empty() {
        candidates.push(Candidate {
            model,
            label: method.members[0].1.label.to_string(),
            weight: 1.0,
            aicc: None,
            backtested: !bt.actual.is_empty(),
            scores,
        });
    } else {
        for c in candidates.iter_mut() {
            c.weight = if c.model == model { 1.0 } else { 0.0 };
        }
    }
    candidates.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(b.backtested.cmp(&a.backtested))
            .then(a.scores.mae.total_cmp(&b.scores.mae))
    });
    let last = |v: &[f64]| v[v.len() - hb.min(v.len())..].to_vec();
    let holdout = (last(&bt.combined), last(&bt.actual));
    Run {
        model,
        point,
        fitted,
        sigma,
        spread,
        df,
        scores,
        candidates,
        seasonal,
        holdout,
    }
}

/// Forecasts `h` periods after `y` with season length `season_length` (≤ 1: none).
///
/// Never panics and never returns NaN or ±∞: missing values (NaN) are interpolated,
/// an empty or all-missing history gives a zero forecast ([`ModelKind::NoHistory`]),
/// a constant one is repeated, and forecasts of non-negative data are non-negative.
pub fn forecast(y: &[f64], season_length: usize, h: usize, opts: &Options) -> Forecast {
    let n_raw = y.len();
    if n_raw == 0 || !y.iter().any(|v| v.is_finite()) || opts.model == Some(ModelKind::NoHistory) {
        return flat(ModelKind::NoHistory, vec![0.0; n_raw], 0.0, h);
    }
    let full = clean(y);
    let nonneg = full.iter().all(|v| *v >= 0.0);
    // Leading zeros: the product was not selling yet.
    let lead = if nonneg {
        full.iter().position(|v| *v != 0.0).unwrap_or(full.len())
    } else {
        0
    };
    let scale = full.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if lead == full.len() || is_constant(&full[lead..]) {
        let v = full[full.len() - 1];
        return flat(ModelKind::Naive, full, v, h);
    }
    let ys: Vec<f64> = full[lead..].iter().map(|v| v / scale).collect();
    let r = run(&ys, season_length, h, opts, nonneg);
    finish(r, scale, lead, nonneg, h)
}

/// A forecast repeating `v` (no uncertainty), for empty, all-zero or constant histories.
fn flat(model: ModelKind, fitted: Vec<f64>, v: f64, h: usize) -> Forecast {
    Forecast {
        model,
        point: vec![v; h],
        fitted,
        lower: vec![v; h],
        upper: vec![v; h],
        lower95: vec![v; h],
        upper95: vec![v; h],
        sigma: 0.0,
        df: None,
        scores: Scores::default(),
        candidates: Vec::new(),
        seasonal: false,
        holdout: (Vec::new(), Vec::new()),
    }
}

/// Scales a run back to units, builds the interval and guards every value.
fn finish(r: Run, scale: f64, lead: usize, nonneg: bool, h: usize) -> Forecast {
    // Scaled back, kept finite (saturating at ±f64::MAX) and non-negative if the data are.
    let fix = |v: f64| {
        let v = if v.is_finite() {
            (v * scale).clamp(-f64::MAX, f64::MAX)
        } else {
            0.0
        };
        if nonneg { v.max(0.0) } else { v }
    };
    let sigma = fix(r.sigma).abs();
    let mut point: Vec<f64> = r.point.iter().map(|v| fix(*v)).collect();
    point.resize(h, 0.0);
    let mut fitted = vec![0.0; lead];
    fitted.extend(r.fitted.iter().map(|v| fix(*v)));
    let mut spread = r.spread;
    spread.between.iter_mut().for_each(|v| *v *= scale * scale);
    let q80 = interval::quantile(0.8, r.df);
    let q95 = interval::quantile(0.95, r.df);
    let (lower, upper) = interval::bounds(&point, sigma, &spread, q80, nonneg);
    let (lower95, upper95) = interval::bounds(&point, sigma, &spread, q95, nonneg);
    let clean_scores = |s: Scores| Scores {
        wape: finite_or_zero(s.wape),
        mase: finite_or_zero(s.mase),
        bias: finite_or_zero(s.bias),
        smape: finite_or_zero(s.smape),
        mae: finite_or_zero(s.mae * scale),
    };
    Forecast {
        model: r.model,
        point,
        fitted,
        lower,
        upper,
        lower95,
        upper95,
        sigma,
        df: r.df,
        scores: clean_scores(r.scores),
        candidates: r
            .candidates
            .into_iter()
            .map(|c| Candidate {
                scores: clean_scores(c.scores),
                weight: finite_or_zero(c.weight),
                aicc: c.aicc.filter(|a| a.is_finite()),
                ..c
            })
            .collect(),
        seasonal: r.seasonal,
        holdout: (
            r.holdout.0.into_iter().map(fix).collect(),
            r.holdout.1.into_iter().map(fix).collect(),
        ),
    }
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}
