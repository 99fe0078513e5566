//! Statistical baseline forecasting: models, automatic selection, prediction intervals.
//!
//! [`forecast`] takes one history and returns point forecasts, fitted values, an 80 %
//! prediction interval and the backtest scores of every candidate model; [`baselines`]
//! does it for every product of a [`Cycle`] as the plan needs it.
//!
//! The automatic procedure, identical for every series:
//! 1. Clean: non-finite values are interpolated, leading zeros (not yet sold) dropped,
//!    the series is scaled by its largest absolute value (so huge values are safe).
//! 2. Classify: constant → naive; non-negative with average demand interval
//!    ADI ≥ 1.32 → intermittent (Croston, SBA, TSB); otherwise the 90 % ACF test at
//!    lag m decides whether the series is seasonal.
//! 3. Candidates are scored by a rolling-origin backtest (refitted at every origin);
//!    the lowest mean absolute error wins (see [`Selection`]).
//! 4. The winner is refitted on all data; σ is the standard deviation of its one-step
//!    backtest errors and the interval is ŷ ± z₀.₉ σ √(1 + Σ_{j<h} c_j²).

pub mod ets;
pub mod intermittent;
pub mod optim;
pub mod season;

use crate::engine::accuracy;
use crate::engine::model::{Baseline, Cycle, SkuHistory};
use ets::{Error as EtsError, Ets, Season as EtsSeason, Spec, Trend};
use intermittent::{Intermittent, Method};
use optim::NmConfig;
use season::{SeasonKind, Seasonal};
use std::fmt;
use std::str::FromStr;

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
    /// Mean of the best candidates.
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

/// How the automatic choice is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Lowest mean absolute error of the rolling-origin backtest.
    Backtest,
}

/// Settings of [`forecast`].
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Use this model instead of the automatic choice (`None` = automatic).
    pub model: Option<ModelKind>,
    /// Replace points beyond `outlier_k` σ of the one-step residuals, then refit.
    pub outlier_cleansing: bool,
    pub outlier_k: f64,
    /// Number of backtest origins.
    pub origins: usize,
    pub selection: Selection,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            model: None,
            outlier_cleansing: false,
            outlier_k: 3.0,
            origins: 3,
            selection: Selection::Backtest,
        }
    }
}

/// Backtest accuracy of one model (see [`crate::engine::accuracy`]); NaN-free:
/// undefined measures are 0.
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

/// A candidate of the automatic choice and its backtest scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub model: ModelKind,
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
    /// Standard deviation of the one-step backtest errors (units).
    pub sigma: f64,
    /// Backtest scores of the chosen model (the "why" of the choice).
    pub scores: Scores,
    /// Every candidate tried, best first.
    pub candidates: Vec<Candidate>,
    /// Whether the seasonality test found a season of the given length.
    pub seasonal: bool,
    /// Indices of history points replaced by outlier cleansing.
    pub outliers: Vec<usize>,
}

/// z of the two-sided 80 % interval (the 90 % normal quantile).
pub const Z80: f64 = 1.281_551_565_545;

/// ADI threshold above which demand is intermittent (Syntetos–Boylan).
pub const ADI_INTERMITTENT: f64 = 1.32;

// ---------------------------------------------------------------------------------
// Fitted models

/// The fitted core of a model on (possibly seasonally adjusted) data.
#[derive(Clone, Debug)]
enum Core {
    Naive {
        last: f64,
    },
    SeasonalNaive {
        m: usize,
        last: Vec<f64>,
    },
    Ets(Ets),
    /// SES with drift: ŷ_{n+h} = ℓ_n + d (h − 1 + (1 − (1 − α)^n)/α), d = slope / 2.
    Theta {
        ses: Ets,
        drift: f64,
    },
    Intermittent(Intermittent),
}

/// A fitted model, able to forecast and to give one-step predictions along a series.
#[derive(Clone, Debug)]
struct Fitted {
    kind: ModelKind,
    core: Core,
    /// Seasonal pattern removed before fitting the core (fixed-season models).
    seas: Option<Seasonal>,
    /// Training length.
    n: usize,
}

/// Buffers reused across fits of one series.
#[derive(Default)]
struct Work {
    ets: ets::Workspace,
    adj: Vec<f64>,
    tmp: Vec<f64>,
}

const NM: NmConfig = NmConfig {
    max_evals: 300,
    tol_abs: 1e-4,
    tol_rel: 1e-7,
    step: 0.1,
};

/// Least-squares slope of y on t = 0..n−1.
fn ols_slope(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    if y.len() < 2 {
        return 0.0;
    }
    let tm = (n - 1.0) / 2.0;
    let ym = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in y.iter().enumerate() {
        let d = t as f64 - tm;
        sxy += d * (v - ym);
        sxx += d * d;
    }
    if sxx > 0.0 { sxy / sxx } else { 0.0 }
}

impl Fitted {
    /// Fits `kind` to `y`; `seasonal` is the outcome of the seasonality test (the fixed
    /// seasonal pattern is re-estimated on `y`). `None` if the model cannot be fitted.
    fn fit(kind: ModelKind, y: &[f64], m: usize, seasonal: bool, w: &mut Work) -> Option<Fitted> {
        let n = y.len();
        if n == 0 {
            return None;
        }
        let nonseasonal_core = matches!(
            kind,
            ModelKind::Ses | ModelKind::Holt | ModelKind::HoltDamped | ModelKind::Theta
        );
        let seas = if nonseasonal_core && seasonal && m >= 2 && n >= 2 * m {
            let want = if y.iter().all(|v| *v > 0.0) {
                SeasonKind::Multiplicative
            } else {
                SeasonKind::Additive
            };
            season::decompose(y, m, want).map(|(kind, index)| Seasonal { kind, index })
        } else {
            None
        };
        let data: &[f64] = match &seas {
            Some(s) => {
                s.adjust(y, &mut w.adj);
                &w.adj
            }
            None => y,
        };
        let ses = Spec::new(EtsError::Additive, Trend::None, EtsSeason::None);
        let core = match kind {
            ModelKind::NoHistory | ModelKind::Ensemble => return None,
            ModelKind::Naive => Core::Naive { last: y[n - 1] },
            ModelKind::SeasonalNaive => {
                if m < 2 || n < m {
                    return None;
                }
                Core::SeasonalNaive {
                    m,
                    last: y[n - m..].to_vec(),
                }
            }
            ModelKind::Ses => Core::Ets(ets::fit(data, 0, ses, &mut w.ets, NM)?),
            ModelKind::Holt => Core::Ets(ets::fit(
                data,
                0,
                Spec::new(EtsError::Additive, Trend::Additive, EtsSeason::None),
                &mut w.ets,
                NM,
            )?),
            ModelKind::HoltDamped => Core::Ets(ets::fit(
                data,
                0,
                Spec::new(EtsError::Additive, Trend::Damped, EtsSeason::None),
                &mut w.ets,
                NM,
            )?),
            ModelKind::Theta => {
                let fit = ets::fit(data, 0, ses, &mut w.ets, NM)?;
                Core::Theta {
                    ses: fit,
                    drift: ols_slope(data) / 2.0,
                }
            }
            ModelKind::HoltWintersAdditive => {
                if m < 2 {
                    return None;
                }
                Core::Ets(ets::fit(
                    y,
                    m,
                    Spec::new(EtsError::Additive, Trend::Damped, EtsSeason::Additive),
                    &mut w.ets,
                    NM,
                )?)
            }
            ModelKind::HoltWintersMultiplicative => {
                if m < 2 {
                    return None;
                }
                Core::Ets(ets::fit(
                    y,
                    m,
                    Spec::new(
                        EtsError::Multiplicative,
                        Trend::Damped,
                        EtsSeason::Multiplicative,
                    ),
                    &mut w.ets,
                    NM,
                )?)
            }
            ModelKind::Croston => Core::Intermittent(intermittent::fit(y, Method::Croston)),
            ModelKind::Sba => Core::Intermittent(intermittent::fit(y, Method::Sba)),
            ModelKind::Tsb => Core::Intermittent(intermittent::fit(y, Method::Tsb)),
        };
        Some(Fitted {
            kind,
            core,
            seas,
            n,
        })
    }

    /// Point forecasts for periods n+1 … n+out.len().
    fn forecast_into(&self, out: &mut [f64]) {
        match &self.core {
            Core::Naive { last } => out.fill(*last),
            Core::SeasonalNaive { m, last } => {
                for (j, o) in out.iter_mut().enumerate() {
                    *o = last[j % m];
                }
            }
            Core::Ets(e) => e.forecast_into(out),
            Core::Theta { ses, drift } => {
                let a = ses.alpha.max(1e-10);
                let tail = (1.0 - (1.0 - a).powi(self.n as i32)) / a;
                for (j, o) in out.iter_mut().enumerate() {
                    *o = ses.level + drift * (j as f64 + tail);
                }
            }
            Core::Intermittent(i) => out.fill(i.level),
        }
        if let Some(s) = &self.seas {
            s.restore(self.n, out);
        }
    }

    /// One-step predictions ŷ_t for every t of `y` (which starts like the training data
    /// and may run beyond it: those are out-of-sample one-step forecasts).
    fn one_step(&self, y: &[f64], out: &mut [f64], w: &mut Work) {
        let data: &[f64] = match &self.seas {
            Some(s) => {
                s.adjust(y, &mut w.tmp);
                &w.tmp
            }
            None => y,
        };
        match &self.core {
            Core::Naive { .. } => {
                for t in 0..data.len() {
                    out[t] = data[t.saturating_sub(1)];
                }
            }
            Core::SeasonalNaive { m, .. } => {
                for t in 0..data.len() {
                    out[t] = if t >= *m {
                        data[t - m]
                    } else {
                        data[t.saturating_sub(1)]
                    };
                }
            }
            Core::Ets(e) => e.fitted_into(data, out),
            Core::Theta { ses, drift } => {
                ses.fitted_into(data, out);
                let a = ses.alpha.max(1e-10);
                let mut pw = 1.0;
                for o in out.iter_mut() {
                    *o += drift * (1.0 - pw) / a;
                    pw *= 1.0 - a;
                }
            }
            Core::Intermittent(i) => {
                intermittent::pass(data, i.method, i.alpha, i.beta, Some(out));
            }
        }
        if let Some(s) = &self.seas {
            s.restore(0, out);
        }
    }

    /// Coefficient c_j of the h-step variance σ²(1 + Σ_{j<h} c_j²).
    fn psi(&self, j: usize) -> f64 {
        match &self.core {
            Core::Naive { .. } => 1.0,
            Core::SeasonalNaive { m, .. } => {
                if j % m == 0 {
                    1.0
                } else {
                    0.0
                }
            }
            Core::Ets(e) => e.psi(j),
            Core::Theta { ses, .. } => ses.alpha,
            Core::Intermittent(i) => i.alpha,
        }
    }
}

// ---------------------------------------------------------------------------------
// Preparation

/// Replaces non-finite values by linear interpolation between the nearest finite
/// neighbours (or the nearest one at the ends); all non-finite → all zero.
fn clean(y: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = y.to_vec();
    let finite: Vec<usize> = (0..y.len()).filter(|&i| y[i].is_finite()).collect();
    if finite.is_empty() {
        out.fill(0.0);
        return out;
    }
    let mut prev: Option<usize> = None;
    for (k, &i) in finite.iter().enumerate() {
        let from = prev.map_or(0, |p| p + 1);
        for j in from..i {
            out[j] = match prev {
                None => y[i],
                Some(p) => y[p] + (y[i] - y[p]) * (j - p) as f64 / (i - p) as f64,
            };
        }
        prev = Some(i);
        if k == finite.len() - 1 {
            for o in out.iter_mut().skip(i + 1) {
                *o = y[i];
            }
        }
    }
    out
}

fn is_constant(y: &[f64]) -> bool {
    y.windows(2).all(|w| w[0] == w[1])
}

/// Result of one automatic run on a prepared (clean, scaled, trimmed) series.
struct Run {
    model: ModelKind,
    point: Vec<f64>,
    fitted: Vec<f64>,
    sigma: f64,
    psi: Vec<f64>,
    scores: Scores,
    candidates: Vec<Candidate>,
    seasonal: bool,
}

/// The candidate set for a series.
fn candidates(y: &[f64], m: usize, seasonal: bool, nonneg: bool) -> Vec<ModelKind> {
    use ModelKind::*;
    if nonneg && intermittent::adi(y) >= ADI_INTERMITTENT {
        return vec![Croston, Sba, Tsb, Ses, Naive];
    }
    let mut c = vec![Naive, Ses, Holt, HoltDamped, Theta];
    if seasonal {
        c.push(SeasonalNaive);
        c.push(HoltWintersAdditive);
        if y.iter().all(|v| *v > 0.0) {
            c.push(HoltWintersMultiplicative);
        }
    }
    let _ = m;
    c
}

/// Backtest origins: K origins each followed by `hb` test points, the last ending at n.
fn origins(n: usize, h: usize, k: usize, min_train: usize) -> (Vec<usize>, usize) {
    let hb = h.min(n / 4).max(1);
    let step = (hb / k.max(1)).max(1);
    let mut o = Vec::new();
    for i in (0..k).rev() {
        let end = n.saturating_sub(i * step);
        if end < hb + min_train {
            continue;
        }
        o.push(end - hb);
    }
    (o, hb)
}

/// Backtest forecasts of one model: per origin, `hb` forecasts (concatenated), plus the
/// one-step predictions from the first origin on (params fixed at that origin).
struct Bt {
    model: ModelKind,
    fc: Vec<f64>,
    ok: bool,
}

fn score(y: &[f64], org: &[usize], hb: usize, fc: &[f64], q: f64) -> Scores {
    let mut actual = Vec::with_capacity(fc.len());
    for &o in org {
        actual.extend_from_slice(&y[o..o + hb]);
    }
    let mae = accuracy::mae(&actual, fc).unwrap_or(0.0);
    Scores {
        wape: accuracy::wape(&actual, fc).unwrap_or(0.0),
        mase: if q > 0.0 { mae / q } else { 0.0 },
        bias: accuracy::bias(&actual, fc).unwrap_or(0.0),
        smape: accuracy::smape(&actual, fc).unwrap_or(0.0),
        mae,
    }
}

/// Forecasts a prepared series automatically or with a forced model.
fn run(y: &[f64], m: usize, h: usize, opts: &Options, nonneg: bool) -> Run {
    let n = y.len();
    let mut w = Work::default();
    let m = if m >= 2 { m } else { 0 };
    let seasonal = m >= 2 && season::is_seasonal(y, m);
    let q = accuracy::seasonal_naive_scale(y, m).unwrap_or(0.0);

    let cands: Vec<ModelKind> = match opts.model {
        Some(ModelKind::Ensemble) | None => candidates(y, m, seasonal, nonneg),
        Some(k) => vec![k],
    };
    let min_train = if seasonal { 2 * m.max(1) } else { 6 }.max(6);
    let (org, hb) = origins(n, h, opts.origins, min_train);

    // Backtest every candidate at every origin.
    let mut bts: Vec<Bt> = Vec::with_capacity(cands.len() + 1);
    let mut buf = vec![0.0; hb];
    for &k in &cands {
        let mut fc = Vec::with_capacity(org.len() * hb);
        let mut ok = !org.is_empty();
        for &o in &org {
            match Fitted::fit(k, &y[..o], m, seasonal, &mut w) {
                Some(f) => {
                    f.forecast_into(&mut buf);
                    if nonneg {
                        buf.iter_mut().for_each(|v| *v = v.max(0.0));
                    }
                    fc.extend_from_slice(&buf);
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        bts.push(Bt { model: k, fc, ok });
    }
    let mut scored: Vec<(ModelKind, Scores)> = bts
        .iter()
        .filter(|b| b.ok)
        .map(|b| (b.model, score(y, &org, hb, &b.fc, q)))
        .collect();

    // Ensemble: mean of the best three single models of the backtest.
    let want_ensemble = opts.model.is_none() || opts.model == Some(ModelKind::Ensemble);
    let mut members: Vec<ModelKind> = Vec::new();
    if want_ensemble && scored.len() >= 2 {
        let mut ranked = scored.clone();
        ranked.sort_by(|a, b| a.1.mae.total_cmp(&b.1.mae));
        members = ranked.iter().take(3).map(|r| r.0).collect();
        let mut fc = vec![0.0; org.len() * hb];
        for b in bts.iter().filter(|b| members.contains(&b.model)) {
            for (a, v) in fc.iter_mut().zip(&b.fc) {
                *a += v / members.len() as f64;
            }
        }
        scored.push((ModelKind::Ensemble, score(y, &org, hb, &fc, q)));
    }
    scored.sort_by(|a, b| a.1.mae.total_cmp(&b.1.mae).then(a.0.cmp(&b.0)));

    // The choice: a forced model, else the best backtest, else a fallback.
    let chosen: ModelKind = match opts.model {
        Some(k) => k,
        None => scored.first().map(|s| s.0).unwrap_or({
            if seasonal {
                ModelKind::HoltWintersAdditive
            } else {
                ModelKind::Ses
            }
        }),
    };
    let members: Vec<ModelKind> = if chosen == ModelKind::Ensemble {
        if members.is_empty() {
            cands.clone()
        } else {
            members
        }
    } else {
        vec![chosen]
    };

    // Final fits on all data (fall back to naive if nothing fits).
    let mut fits: Vec<Fitted> = members
        .iter()
        .filter_map(|&k| Fitted::fit(k, y, m, seasonal, &mut w))
        .collect();
    let mut model = chosen;
    if fits.is_empty() {
        let k = if n > 0 {
            ModelKind::Naive
        } else {
            ModelKind::NoHistory
        };
        model = k;
        fits.push(Fitted {
            kind: k,
            core: Core::Naive {
                last: y.last().copied().unwrap_or(0.0),
            },
            seas: None,
            n,
        });
    }
    let kf = fits.len() as f64;
    let mut point = vec![0.0; h];
    let mut fitted = vec![0.0; n];
    let mut one = vec![0.0; n];
    for f in &fits {
        f.forecast_into(&mut buf_resize(&mut buf, h)[..]);
        for (p, v) in point.iter_mut().zip(buf.iter()) {
            *p += v / kf;
        }
        f.one_step(y, &mut one, &mut w);
        for (p, v) in fitted.iter_mut().zip(&one) {
            *p += v / kf;
        }
    }
    let psi: Vec<f64> = (1..h.max(1))
        .map(|j| fits.iter().map(|f| f.psi(j)).sum::<f64>() / kf)
        .collect();

    // σ: one-step errors after the first backtest origin, parameters of that origin.
    let sigma = one_step_sigma(y, m, seasonal, &org, &members, &fits, &mut w);
    let scores = scored
        .iter()
        .find(|s| s.0 == model)
        .map(|s| s.1)
        .unwrap_or_default();
    let candidates = scored
        .into_iter()
        .map(|(model, scores)| Candidate { model, scores })
        .collect();
    let _ = fits.iter().map(|f| f.kind).count();
    Run {
        model,
        point,
        fitted,
        sigma,
        psi,
        scores,
        candidates,
        seasonal,
    }
}

fn buf_resize(buf: &mut Vec<f64>, len: usize) -> &mut Vec<f64> {
    buf.resize(len, 0.0);
    buf
}

/// Standard deviation (root mean square) of one-step errors y_t − ŷ_t for t after the
/// first backtest origin, the models fitted on data before it; the in-sample residuals
/// of the final fit when there is no origin.
fn one_step_sigma(
    y: &[f64],
    m: usize,
    seasonal: bool,
    org: &[usize],
    members: &[ModelKind],
    finals: &[Fitted],
    w: &mut Work,
) -> f64 {
    let n = y.len();
    let mut pred = vec![0.0; n];
    let mut one = vec![0.0; n];
    let start;
    let mut used = 0usize;
    if let Some(&o) = org.first() {
        start = o;
        for &k in members {
            if let Some(f) = Fitted::fit(k, &y[..o], m, seasonal, w) {
                f.one_step(y, &mut one, w);
                for (p, v) in pred.iter_mut().zip(&one) {
                    *p += v;
                }
                used += 1;
            }
        }
    } else {
        start = 1.min(n);
    }
    if used == 0 {
        for f in finals {
            f.one_step(y, &mut one, w);
            for (p, v) in pred.iter_mut().zip(&one) {
                *p += v;
            }
            used += 1;
        }
    }
    let k = used.max(1) as f64;
    let (mut ss, mut c) = (0.0, 0usize);
    for t in start..n {
        let e = y[t] - pred[t] / k;
        if e.is_finite() {
            ss += e * e;
            c += 1;
        }
    }
    if c == 0 { 0.0 } else { (ss / c as f64).sqrt() }
}

/// Forecasts `h` periods after `y` with season length `season_length` (≤ 1: none).
///
/// Never panics and never returns NaN or ±∞: missing values (NaN) are interpolated,
/// an empty or all-missing history gives a zero forecast ([`ModelKind::NoHistory`]),
/// a constant one is repeated, and forecasts of non-negative data are non-negative.
pub fn forecast(y: &[f64], season_length: usize, h: usize, opts: &Options) -> Forecast {
    let n_raw = y.len();
    let any_finite = y.iter().any(|v| v.is_finite());
    if n_raw == 0 || !any_finite {
        return Forecast {
            model: ModelKind::NoHistory,
            point: vec![0.0; h],
            fitted: vec![0.0; n_raw],
            lower: vec![0.0; h],
            upper: vec![0.0; h],
            sigma: 0.0,
            scores: Scores::default(),
            candidates: Vec::new(),
            seasonal: false,
            outliers: Vec::new(),
        };
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
    if lead == full.len() || scale == 0.0 || is_constant(&full[lead..]) {
        let v = full[full.len() - 1];
        return Forecast {
            model: ModelKind::Naive,
            point: vec![v; h],
            fitted: full.clone(),
            lower: vec![v; h],
            upper: vec![v; h],
            sigma: 0.0,
            scores: Scores::default(),
            candidates: Vec::new(),
            seasonal: false,
            outliers: Vec::new(),
        };
    }
    let mut ys: Vec<f64> = full[lead..].iter().map(|v| v / scale).collect();
    let mut r = run(&ys, season_length, h, opts, nonneg);
    let mut outliers = Vec::new();
    if opts.outlier_cleansing && opts.outlier_k > 0.0 && ys.len() > 2 {
        let skip = if r.seasonal { season_length } else { 1 };
        let resid: Vec<f64> = (skip..ys.len()).map(|t| ys[t] - r.fitted[t]).collect();
        if !resid.is_empty() {
            let mean = resid.iter().sum::<f64>() / resid.len() as f64;
            let sd = (resid.iter().map(|e| (e - mean) * (e - mean)).sum::<f64>()
                / resid.len() as f64)
                .sqrt();
            for t in skip..ys.len() {
                if sd > 0.0 && (ys[t] - r.fitted[t] - mean).abs() > opts.outlier_k * sd {
                    outliers.push(t + lead);
                    ys[t] = r.fitted[t];
                    if nonneg {
                        ys[t] = ys[t].max(0.0);
                    }
                }
            }
            if !outliers.is_empty() {
                r = run(&ys, season_length, h, opts, nonneg);
            }
        }
    }
    finish(r, scale, lead, nonneg, h, outliers)
}

/// Scales a run back to units, builds the interval and guards every value.
fn finish(
    r: Run,
    scale: f64,
    lead: usize,
    nonneg: bool,
    h: usize,
    outliers: Vec<usize>,
) -> Forecast {
    let fix = |v: f64| {
        let v = if v.is_finite() { v * scale } else { 0.0 };
        let v = if v.is_finite() { v } else { 0.0 };
        if nonneg { v.max(0.0) } else { v }
    };
    let sigma = {
        let s = r.sigma * scale;
        if s.is_finite() { s } else { 0.0 }
    };
    let mut point: Vec<f64> = r.point.iter().map(|v| fix(*v)).collect();
    point.resize(h, 0.0);
    let mut fitted = vec![0.0; lead];
    fitted.extend(r.fitted.iter().map(|v| fix(*v)));
    let mut lower = Vec::with_capacity(h);
    let mut upper = Vec::with_capacity(h);
    let mut acc = 1.0;
    for (j, p) in point.iter().enumerate() {
        if j > 0 {
            let c = r.psi.get(j - 1).copied().unwrap_or(0.0);
            acc += c * c;
        }
        let half = Z80 * sigma * acc.sqrt();
        let half = if half.is_finite() { half } else { 0.0 };
        let lo = p - half;
        lower.push(if nonneg { lo.max(0.0) } else { lo });
        upper.push(p + half);
    }
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
        sigma,
        scores: clean_scores(r.scores),
        candidates: r
            .candidates
            .into_iter()
            .map(|c| Candidate {
                model: c.model,
                scores: clean_scores(c.scores),
            })
            .collect(),
        seasonal: r.seasonal,
        outliers,
    }
}

fn finite_or_zero(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

// ---------------------------------------------------------------------------------
// Cycle baselines

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
        outlier_cleansing: fs.outlier_cleansing,
        outlier_k: if fs.outlier_k.is_finite() && fs.outlier_k > 0.0 {
            fs.outlier_k
        } else {
            3.0
        },
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
    let units = &hist.units[..used];
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
/// across the gap, which is then dropped. Honours `cycle.inputs.forecast`.
pub fn baselines(cycle: &Cycle) -> Vec<Baseline> {
    cycle
        .master
        .products
        .iter()
        .map(|p| {
            let hist = cycle.history.iter().find(|h| h.sku == p.sku);
            baseline_of(cycle, &p.sku, hist)
        })
        .collect()
}

/// The baseline of one SKU (e.g. after an edit of its history); `None` if `sku` is not
/// a product of the cycle.
pub fn baseline(cycle: &Cycle, sku: &str) -> Option<Baseline> {
    cycle.master.products.iter().find(|p| p.sku == sku)?;
    let hist = cycle.history.iter().find(|h| h.sku == sku);
    Some(baseline_of(cycle, sku, hist))
}
