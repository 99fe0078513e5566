//! Fitted models behind one interface, and the AICc-weighted ETS combination.
//!
//! A [`Method`] is a weighted set of fitted models (one member for a single model).
//! It forecasts, gives one-step predictions along a series (in-sample fitted values,
//! or out-of-sample beyond the training data: the one-step backtest) and the ψ
//! coefficients of its forecast-error variance.

use super::ModelKind;
use super::ets::{self, Error as E, Ets, Season as S, Spec, Trend as T};
use super::intermittent::{self, Intermittent, Method as IMethod};
use super::optim::NmConfig;
use super::season::{self, SeasonKind, Seasonal};

/// Buffers reused across the fits of one series.
#[derive(Default)]
pub struct Work {
    ets: ets::Workspace,
    adj: Vec<f64>,
    tmp: Vec<f64>,
}

/// Optimiser settings of every exponential smoothing fit. The objective is −2 log L (up
/// to a constant), and a fit stops once its simplex spans ≤ 0.3 of it: a likelihood
/// ratio of e^0.15 ≈ 1.16, far inside what the data can tell apart (a 95 % likelihood
/// interval of one parameter spans 3.84). Tighter stopping only polishes noise: from 0.01
/// to 1.0 the held-out accuracy on M1 and Tourism (test parts and two held-back splits)
/// moved within ±0.4 %, while the evaluations fell by half (README, "Statistical
/// forecast").
pub const NM: NmConfig = NmConfig {
    max_evals: 300,
    tol_abs: 0.3,
    tol_rel: 1e-7,
    step: 0.1,
};

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
    /// The classical Theta method (Hyndman & Billah): SES plus half the regression
    /// slope d: ŷ_{n+h} = ℓ_n + d (h − 1 + (1 − (1 − α)^n)/α).
    Theta {
        ses: Ets,
        drift: f64,
    },
    Intermittent(Intermittent),
}

/// One fitted model.
#[derive(Clone, Debug)]
pub struct Fitted {
    pub kind: ModelKind,
    /// Exact variant, e.g. `ETS(M,Ad,M)`.
    pub label: &'static str,
    core: Core,
    /// Fixed seasonal pattern removed before fitting the core.
    seas: Option<Seasonal>,
    /// Training length.
    n: usize,
    /// AICc of the model on the original scale (ETS pool members), else NaN.
    pub aicc: f64,
}

/// Least-squares slope of y on t = 0..n−1.
pub fn ols_slope(y: &[f64]) -> f64 {
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

/// Classical decomposition of `y` (multiplicative when positive), if long enough.
fn fixed_season(y: &[f64], m: usize) -> Option<Seasonal> {
    if m < 2 || y.len() < 2 * m {
        return None;
    }
    let want = if y.iter().all(|v| *v > 0.0) {
        SeasonKind::Multiplicative
    } else {
        SeasonKind::Additive
    };
    season::decompose(y, m, want).map(|(kind, index)| Seasonal { kind, index })
}

impl Fitted {
    /// Fits the single model `kind` to `y`; `seasonal` is the outcome of the
    /// seasonality test. SES, Holt, damped Holt and Theta then work on data adjusted by
    /// a classical decomposition. `None` if the model cannot be fitted to `y`.
    pub fn fit(
        kind: ModelKind,
        y: &[f64],
        m: usize,
        seasonal: bool,
        w: &mut Work,
    ) -> Option<Fitted> {
        let n = y.len();
        if n == 0 {
            return None;
        }
        let adjusted = matches!(
            kind,
            ModelKind::Ses | ModelKind::Holt | ModelKind::HoltDamped | ModelKind::Theta
        );
        let seas = if adjusted && seasonal {
            fixed_season(y, m)
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
        let nonseasonal = |trend| Spec::new(E::Additive, trend, S::None);
        let (core, label) = match kind {
            ModelKind::NoHistory | ModelKind::Ensemble => return None,
            ModelKind::Naive => (Core::Naive { last: y[n - 1] }, "naive"),
            ModelKind::SeasonalNaive => {
                if m < 2 || n < m {
                    return None;
                }
                let last = y[n - m..].to_vec();
                (Core::SeasonalNaive { m, last }, "seasonal naive")
            }
            ModelKind::Ses => (
                Core::Ets(ets::fit(data, 0, nonseasonal(T::None), &mut w.ets, NM)?),
                "SES",
            ),
            ModelKind::Holt => (
                Core::Ets(ets::fit(data, 0, nonseasonal(T::Additive), &mut w.ets, NM)?),
                "Holt",
            ),
            ModelKind::HoltDamped => (
                Core::Ets(ets::fit(data, 0, nonseasonal(T::Damped), &mut w.ets, NM)?),
                "damped Holt",
            ),
            ModelKind::Theta => {
                let ses = ets::fit(data, 0, nonseasonal(T::None), &mut w.ets, NM)?;
                let drift = ols_slope(data) / 2.0;
                (Core::Theta { ses, drift }, "Theta")
            }
            ModelKind::HoltWintersAdditive => {
                let spec = Spec::new(E::Additive, T::Damped, S::Additive);
                (
                    Core::Ets(ets::fit_with(
                        y,
                        m,
                        spec,
                        0.0,
                        init_for(n, m),
                        &mut w.ets,
                        NM,
                    )?),
                    "ETS(A,Ad,A)",
                )
            }
            ModelKind::HoltWintersMultiplicative => {
                let spec = Spec::new(E::Multiplicative, T::Damped, S::Multiplicative);
                (
                    Core::Ets(ets::fit_with(
                        y,
                        m,
                        spec,
                        0.0,
                        init_for(n, m),
                        &mut w.ets,
                        NM,
                    )?),
                    "ETS(M,Ad,M)",
                )
            }
            ModelKind::Croston => (
                Core::Intermittent(intermittent::fit(y, IMethod::Croston)),
                "Croston",
            ),
            ModelKind::Sba => (
                Core::Intermittent(intermittent::fit(y, IMethod::Sba)),
                "SBA",
            ),
            ModelKind::Tsb => (
                Core::Intermittent(intermittent::fit(y, IMethod::Tsb)),
                "TSB",
            ),
        };
        Some(Fitted {
            kind,
            label,
            core,
            seas,
            n,
            aicc: f64::NAN,
        })
    }

    /// Naive forecast of `y` (always possible for a non-empty series).
    pub fn naive(y: &[f64]) -> Fitted {
        Fitted {
            kind: ModelKind::Naive,
            label: "naive",
            core: Core::Naive {
                last: y.last().copied().unwrap_or(0.0),
            },
            seas: None,
            n: y.len(),
            aicc: f64::NAN,
        }
    }

    /// Point forecasts for periods n+1 … n+out.len().
    pub fn forecast_into(&self, out: &mut [f64]) {
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

    /// One-step predictions ŷ_t for every t of `y`, which starts like the training data
    /// and may run beyond it (there they are out-of-sample one-step forecasts).
    pub fn one_step(&self, y: &[f64], out: &mut [f64], w: &mut Work) {
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
                for o in out.iter_mut().take(data.len()) {
                    *o += drift * (1.0 - pw) / a;
                    pw *= 1.0 - a;
                }
            }
            Core::Intermittent(i) => {
                intermittent::pass(data, i.method, i.alpha, i.beta, Some(out));
            }
        }
        if let Some(s) = &self.seas {
            s.restore(0, &mut out[..data.len()]);
        }
    }

    /// Coefficient c_j of the h-step variance σ²(1 + Σ_{j<h} c_j²).
    pub fn psi(&self, j: usize) -> f64 {
        match &self.core {
            Core::Naive { .. } => 1.0,
            Core::SeasonalNaive { m, .. } => {
                if j.is_multiple_of(*m) {
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

/// Initial states of a model of season length `m` (0: non-seasonal) on `n` values.
/// The heuristic takes the seasonal indices from a classical decomposition of the first
/// three seasons; with fewer than four seasons that leaves one or two values per month
/// (the centred moving average loses half a season at each end), so the indices come
/// from a trend-plus-season regression on all values instead. On the short M1 series
/// this is as accurate as fitting the initial states by likelihood (`Init::Full`, the
/// `forecast::ets` way) at a fifth of the cost.
pub fn init_for(n: usize, m: usize) -> ets::Init {
    if m >= 2 && n < 4 * m {
        ets::Init::Regression
    } else {
        ets::Init::Heuristic
    }
}

/// A member of the ETS pool: its label, structure and whether its slope is the
/// Theta drift (half the regression slope of the seasonally adjusted data).
struct PoolSpec {
    label: &'static str,
    kind: ModelKind,
    spec: Spec,
}

const fn p(label: &'static str, kind: ModelKind, e: E, t: T, s: S) -> PoolSpec {
    PoolSpec {
        label,
        kind,
        spec: Spec::new(e, t, s),
    }
}

/// Non-seasonal pool: SES, damped Holt and SES with drift (Theta), each with additive
/// or multiplicative errors. Holt's undamped trend is left out: extrapolated over a
/// long horizon it is the least reliable of the family (Gardner & McKenzie 1985; the
/// M3/M4 results), and leaving it out made no benchmark worse and one better.
const NONSEASONAL: [PoolSpec; 6] = [
    p("ETS(A,N,N)", ModelKind::Ses, E::Additive, T::None, S::None),
    p(
        "ETS(M,N,N)",
        ModelKind::Ses,
        E::Multiplicative,
        T::None,
        S::None,
    ),
    p(
        "ETS(A,Ad,N)",
        ModelKind::HoltDamped,
        E::Additive,
        T::Damped,
        S::None,
    ),
    p(
        "ETS(M,Ad,N)",
        ModelKind::HoltDamped,
        E::Multiplicative,
        T::Damped,
        S::None,
    ),
    p(
        "Theta(A,N)",
        ModelKind::Theta,
        E::Additive,
        T::Drift,
        S::None,
    ),
    p(
        "Theta(M,N)",
        ModelKind::Theta,
        E::Multiplicative,
        T::Drift,
        S::None,
    ),
];

/// Seasonal pool (additive errors never with multiplicative seasonality: unstable).
const SEASONAL: [PoolSpec; 9] = [
    p(
        "ETS(A,N,A)",
        ModelKind::HoltWintersAdditive,
        E::Additive,
        T::None,
        S::Additive,
    ),
    p(
        "ETS(A,Ad,A)",
        ModelKind::HoltWintersAdditive,
        E::Additive,
        T::Damped,
        S::Additive,
    ),
    p(
        "ETS(M,N,A)",
        ModelKind::HoltWintersAdditive,
        E::Multiplicative,
        T::None,
        S::Additive,
    ),
    p(
        "ETS(M,Ad,A)",
        ModelKind::HoltWintersAdditive,
        E::Multiplicative,
        T::Damped,
        S::Additive,
    ),
    p(
        "ETS(M,N,M)",
        ModelKind::HoltWintersMultiplicative,
        E::Multiplicative,
        T::None,
        S::Multiplicative,
    ),
    p(
        "ETS(M,Ad,M)",
        ModelKind::HoltWintersMultiplicative,
        E::Multiplicative,
        T::Damped,
        S::Multiplicative,
    ),
    p(
        "Theta(A,A)",
        ModelKind::Theta,
        E::Additive,
        T::Drift,
        S::Additive,
    ),
    p(
        "Theta(M,A)",
        ModelKind::Theta,
        E::Multiplicative,
        T::Drift,
        S::Additive,
    ),
    p(
        "Theta(M,M)",
        ModelKind::Theta,
        E::Multiplicative,
        T::Drift,
        S::Multiplicative,
    ),
];

/// A weighted combination of fitted models (weights sum to 1).
#[derive(Clone, Debug)]
pub struct Method {
    pub members: Vec<(f64, Fitted)>,
}

impl Method {
    /// One model with weight 1.
    pub fn single(f: Fitted) -> Method {
        Method {
            members: vec![(1.0, f)],
        }
    }

    /// Σ w_i ŷ_i for periods n+1 … n+out.len() (`buf` is scratch space).
    pub fn forecast_into(&self, out: &mut [f64], buf: &mut Vec<f64>) {
        out.fill(0.0);
        buf.resize(out.len(), 0.0);
        for (w, f) in &self.members {
            f.forecast_into(buf);
            for (o, v) in out.iter_mut().zip(buf.iter()) {
                *o += w * v;
            }
        }
    }

    /// Weighted one-step predictions along `y` (see [`Fitted::one_step`]).
    pub fn one_step(&self, y: &[f64], out: &mut [f64], buf: &mut Vec<f64>, work: &mut Work) {
        out.fill(0.0);
        buf.resize(y.len(), 0.0);
        for (w, f) in &self.members {
            f.one_step(y, buf, work);
            for (o, v) in out.iter_mut().zip(buf.iter()) {
                *o += w * v;
            }
        }
    }

    /// Weighted ψ coefficient c_j = Σ w_i c_{i,j}.
    pub fn psi(&self, j: usize) -> f64 {
        self.members.iter().map(|(w, f)| w * f.psi(j)).sum()
    }
}

/// Fits the ETS pool to `y` and weights the members by Akaike weights,
/// w_i ∝ exp(−½ (AICc_i − min AICc)). The pool is the seasonal one when the
/// seasonality test is positive, otherwise non-seasonal and seasonal together (so the
/// AICc may still find a season the test missed). Models that cannot be fitted (too
/// short, multiplicative on data ≤ 0) are left out; `None` if none fits.
pub fn fit_pool(y: &[f64], m: usize, seasonal: bool, h: usize, w: &mut Work) -> Option<Method> {
    let n = y.len();
    let mut members: Vec<(f64, Fitted)> = Vec::with_capacity(NONSEASONAL.len() + SEASONAL.len());
    // Drift of the Theta members: half the regression slope of the adjusted data.
    let slope_raw = ols_slope(y) / 2.0;
    let slope_adj = match fixed_season(y, m) {
        Some(s) => {
            s.adjust(y, &mut w.adj);
            ols_slope(&w.adj) / 2.0
        }
        None => slope_raw,
    };
    let try_seasonal = m >= 2 && n >= 2 * m;
    let pools: [&[PoolSpec]; 2] = if seasonal {
        [&SEASONAL, &[]]
    } else if try_seasonal {
        [&NONSEASONAL, &SEASONAL]
    } else {
        [&NONSEASONAL, &[]]
    };
    for ps in pools.iter().flat_map(|p| p.iter()) {
        let sm = if ps.spec.season == S::None { 0 } else { m };
        let drift = if sm > 0 { slope_adj } else { slope_raw };
        let init = init_for(n, sm);
        if let Some(e) = ets::fit_with(y, sm, ps.spec, drift, init, &mut w.ets, NM) {
            let aicc = e.aicc();
            if aicc.is_finite() {
                members.push((
                    aicc,
                    Fitted {
                        kind: ps.kind,
                        label: ps.label,
                        core: Core::Ets(e),
                        seas: None,
                        n,
                        aicc,
                    },
                ));
            }
        }
    }
    // Positive data: a member whose forecast leaves the positive half-line within the
    // horizon contradicts the data's support (e.g. a damped trend extrapolating a
    // collapse below zero) and is left out, unless every member does so.
    if y.iter().all(|v| *v > 0.0) {
        let mut buf = vec![0.0; h];
        let admissible: Vec<bool> = members
            .iter()
            .map(|(_, f)| {
                f.forecast_into(&mut buf);
                buf.iter().all(|v| *v > 0.0)
            })
            .collect();
        if admissible.iter().any(|a| *a) {
            let mut keep = admissible.iter();
            members.retain(|_| keep.next() == Some(&true));
        }
    }
    let best = members.iter().map(|m| m.0).fold(f64::INFINITY, f64::min);
    if !best.is_finite() {
        return None;
    }
    let mut total = 0.0;
    for m in members.iter_mut() {
        m.0 = (-0.5 * (m.0 - best)).exp();
        total += m.0;
    }
    for m in members.iter_mut() {
        m.0 /= total;
    }
    Some(Method { members })
}
