//! Findings of the history cleansing review: outliers (spikes and dips) and level
//! shifts of one history, each with the value the robust decomposition suggests.
//!
//! 0. The scale: y_t as is, or ln y_t when the history is positive and the spread of
//!    its seasons grows with their level ([`spread_follows_level`]). On logs a month is
//!    judged relative to its level, so the peak season of a growing series is no spike
//!    (on M1 and Tourism, accepting every spike and dip found as is made the forecasts
//!    of Tourism 13.8 % worse; see the README). Values and steps are reported in units.
//! 1. Level shifts, on the seasonally adjusted series x_t = y_t − S_t (S of the
//!    [`robust`](super::cleanse::robust) decomposition): for every month t with
//!    [`MIN_SEGMENT`] months on each side, the step
//!    Δ_t = median(x_t … x_{t+L−1}) − median(x_{t−L} … x_{t−1}) − L·b, with b the robust
//!    slope median_u (x_{u+L} − x_u) / L (so a trend is no step), and its score
//!    z_t = |Δ_t| / (1.2533 · σ_x · √(2/L)) (the standard error of a difference of two
//!    medians of L), σ_x = 1.4826 · MAD(x_t − x_{t−1}) / √2 (the noise, robust to
//!    spikes and steps). The largest z_t, placed at the split of its 2L months into two
//!    medians with the least absolute error, is judged once more against a level that
//!    wanders ([`wandering`]: a local-level model's standard error of the step, from
//!    simple exponential smoothing of the history with the step taken out); above
//!    [`SHIFT_Z`] it is a level shift. Real levels wander: judged against white noise
//!    alone, M1 had 600 level shifts in 314 of its 617 series and Tourism 468, and
//!    accepting Tourism's made its test part's forecasts 18–22 % worse; now 193 and
//!    153, and accepting them is within ±2.5 % of the raw history (README). A shift is
//!    taken out (the months before moved by Δ) and the season estimated again before
//!    the next is looked for (at most [`MAX_SHIFTS`], L months apart). Suggested: the
//!    history before the shift moved to the new level, y'_u = max(0, y_u + Δ) for u < t
//!    (`step` = Δ).
//! 2. Spikes and dips, on the history with the level shifts taken out (so a step is no
//!    outlier): the residual r_t of the robust decomposition beyond k robust σ,
//!    score |r_t − median r| / σ; suggested: the decomposition's expected value T_t + S_t
//!    (≥ 0 for non-negative data). Not judged: the first and last [`EDGE`] months (a
//!    spike cannot be told from a new level there) and at most a tenth of the months,
//!    the largest first.
//!
//! Leading zeros (not selling yet) are left out; missing values are interpolated;
//! intermittent histories (ADI ≥ 1.32) are not judged.

use super::cleanse::{median_and_spread, median_of, robust};
use super::ets::{self, Error, Season, Spec, Trend};
use super::models::NM;
use super::season::is_seasonal;

/// The minimum length L of the segments on either side of a level shift (months).
pub const MIN_SEGMENT: usize = 6;
/// The score above which a step is a level shift.
pub const SHIFT_Z: f64 = 4.5;
/// Months at either end of a history that are not judged for spikes and dips.
pub const EDGE: usize = 2;
/// At most this many level shifts per history.
pub const MAX_SHIFTS: usize = 3;

/// What a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// One month far above what the decomposition expects.
    Spike,
    /// One month far below it.
    Dip,
    /// A lasting step in the level from this month on.
    LevelShift,
}

impl FindingKind {
    /// The planner's word for it.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Spike => "spike",
            FindingKind::Dip => "dip",
            FindingKind::LevelShift => "level shift",
        }
    }
}

/// One month flagged by [`detect`].
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Index into the history.
    pub index: usize,
    pub kind: FindingKind,
    /// The month's actual (a level shift: the level before, median of L months).
    pub raw: f64,
    /// The suggested value (a level shift: the level after, median of L months).
    pub suggested: f64,
    /// A level shift's step Δ (added to every month before it); 0 otherwise.
    pub step: f64,
    /// How far out it is, in robust standard errors (higher = surer).
    pub score: f64,
}

/// The findings of history `y` (season length `m`, outlier threshold `k` robust σ),
/// sorted by month. See the module documentation for the method.
pub fn detect(y: &[f64], m: usize, k: f64) -> Vec<Finding> {
    if y.len() < 5 || !y.iter().any(|v| v.is_finite()) || !(k.is_finite() && k > 0.0) {
        return Vec::new();
    }
    let full = super::clean(y);
    let nonneg = full.iter().all(|v| *v >= 0.0);
    let lead = if nonneg {
        full.iter().position(|v| *v != 0.0).unwrap_or(full.len())
    } else {
        0
    };
    let ys = &full[lead..];
    let n = ys.len();
    // Intermittent demand (ADI ≥ 1.32, as the forecast tells it): its months of demand
    // are no outliers and its zeros no dips.
    if nonneg && super::intermittent::adi(ys) >= super::ADI_INTERMITTENT {
        return Vec::new();
    }
    // The scale the history is judged on, so a peak season of a growing series is no spike.
    let (logs, work) = judged_scale(ys, m);
    let from = |v: f64| if logs { v.exp() } else { v };
    // Level shifts one at a time, the strongest first, each taken out of the history
    // (the months before it moved by Δ) before the season is estimated again: a step
    // left in would leak into the seasonal indices a year either side.
    let mut adjusted = work.clone();
    let mut moved = vec![0.0; n];
    let mut shifts: Vec<(usize, f64, f64)> = Vec::new();
    // The steps are looked for with a season whenever there are two years (a season
    // the test missed would otherwise look like steps every half year).
    while shifts.len() < MAX_SHIFTS {
        let Some(d) = robust(&adjusted, m, true) else {
            break;
        };
        let x: Vec<f64> = (0..n).map(|t| adjusted[t] - d.season[t]).collect();
        let taken: Vec<usize> = shifts.iter().map(|s| s.0).collect();
        let Some((t, step, z)) = strongest_shift(&x, &taken) else {
            break;
        };
        shifts.push((t, step, z));
        for u in 0..t {
            adjusted[u] += step;
            moved[u] += step;
        }
    }
    shifts.sort_by_key(|s| s.0);
    let seasonal = is_seasonal(&adjusted, m);
    let last = robust(&adjusted, m, seasonal);
    let x: Vec<f64> = match &last {
        Some(d) => (0..n)
            .map(|t| adjusted[t] - d.season[t] - moved[t])
            .collect(),
        None => work,
    };
    let mut out = Vec::new();
    for &(t, step, z) in &shifts {
        let before = from(median_of(&mut x[t - MIN_SEGMENT..t].to_vec()));
        let after = from(median_of(&mut x[t..t + MIN_SEGMENT].to_vec()));
        out.push(Finding {
            index: lead + t,
            kind: FindingKind::LevelShift,
            raw: before,
            suggested: after,
            // On logs the months before move by the factor e^step: in units, as much as
            // the level just before the shift moves.
            step: if logs { before * step.exp_m1() } else { step },
            score: z,
        });
    }
    if let Some(a) = last {
        let mut spikes: Vec<(usize, f64)> = (EDGE..n.saturating_sub(EDGE))
            .map(|t| (t, (a.resid[t] - a.center) / a.sigma))
            .filter(|(_, z)| z.abs() > k)
            .collect();
        spikes.sort_by(|p, q| q.1.abs().total_cmp(&p.1.abs()).then(p.0.cmp(&q.0)));
        spikes.truncate(n.div_ceil(10));
        for (t, z) in spikes {
            let expected = from(a.base[t] - moved[t]);
            out.push(Finding {
                index: lead + t,
                kind: if z > 0.0 {
                    FindingKind::Spike
                } else {
                    FindingKind::Dip
                },
                raw: ys[t],
                suggested: if nonneg { expected.max(0.0) } else { expected },
                step: 0.0,
                score: z.abs(),
            });
        }
    }
    out.sort_by_key(|f| (f.index, f.kind == FindingKind::LevelShift));
    out
}

/// Whether history `y` is better judged on logs: all positive, and the spread of its
/// seasons grows with their level. Guerrero's (1993) choice between the Box–Cox λ = 0
/// (logs) and λ = 1 (as is), made robust: in blocks of one season (12 months when `m` <
/// 2), the level μ_i (median) and spread s_i (median absolute deviation); the λ whose
/// ratios s_i / μ_i^(1−λ) vary least (coefficient of variation). As is below two blocks.
pub fn spread_follows_level(y: &[f64], m: usize) -> bool {
    let b = if m >= 2 { m } else { 12 };
    if y.len() < 2 * b || !y.iter().all(|v| *v > 0.0 && v.is_finite()) {
        return false;
    }
    let blocks: Vec<(f64, f64)> = y
        .rchunks_exact(b)
        .map(|c| {
            let level = median_of(&mut c.to_vec());
            let spread = median_of(&mut c.iter().map(|v| (v - level).abs()).collect::<Vec<_>>());
            (level, spread)
        })
        .collect();
    let variation = |lambda: f64| {
        let r: Vec<f64> = blocks
            .iter()
            .map(|(level, spread)| spread / level.powf(1.0 - lambda))
            .collect();
        let k = r.len() as f64;
        let mean = r.iter().sum::<f64>() / k;
        let var = r.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0);
        var.sqrt() / mean
    };
    variation(0.0) < variation(1.0)
}

/// The scale history `y` is judged on: its logs where [`spread_follows_level`], else
/// its values as is; and whether it is logs.
fn judged_scale(y: &[f64], m: usize) -> (bool, Vec<f64>) {
    let logs = spread_follows_level(y, m);
    let work = if logs {
        y.iter().map(|v| v.ln()).collect()
    } else {
        y.to_vec()
    };
    (logs, work)
}

/// The decomposition's expected value T_t + S_t of every month of `y` (the value an
/// excluded month gets), judged on the scale and months [`detect`] judges (leading
/// zeros left out and expected 0); `None` when fewer than 5 months are left or the
/// history is too flat to tell.
pub fn expected(y: &[f64], m: usize) -> Option<Vec<f64>> {
    if y.len() < 5 || !y.iter().any(|v| v.is_finite()) {
        return None;
    }
    let full = super::clean(y);
    let nonneg = full.iter().all(|v| *v >= 0.0);
    // Judged as `detect` judges it: leading zeros (not selling yet) left out, and
    // expected to stay 0.
    let lead = if nonneg {
        full.iter().position(|v| *v != 0.0).unwrap_or(full.len())
    } else {
        0
    };
    if full.len() - lead < 5 {
        return None;
    }
    let (logs, work) = judged_scale(&full[lead..], m);
    let seasonal = is_seasonal(&work, m);
    let d = robust(&work, m, seasonal)?;
    Some(
        std::iter::repeat_n(0.0, lead)
            .chain(
                d.base
                    .into_iter()
                    .map(|b| if logs { b.exp() } else { b })
                    .map(|b| if nonneg { b.max(0.0) } else { b }),
            )
            .collect(),
    )
}

/// The robust slope of `x` per month: median_u (x_{u+L} − x_u) / L, L = [`MIN_SEGMENT`]
/// (`x` longer than L).
fn robust_slope(x: &[f64]) -> f64 {
    let l = MIN_SEGMENT;
    let mut slopes: Vec<f64> = (0..x.len() - l)
        .map(|u| (x[u + l] - x[u]) / l as f64)
        .collect();
    median_of(&mut slopes)
}

/// The strongest level shift of the seasonally adjusted series `x` at least L months
/// from those `taken`, if its score is above [`SHIFT_Z`]: (index, step Δ, score z). The
/// month is then placed where a two-level fit of the 2L months around it has the least
/// absolute error.
fn strongest_shift(x: &[f64], taken: &[usize]) -> Option<(usize, f64, f64)> {
    let n = x.len();
    let l = MIN_SEGMENT;
    if n < 2 * l + 1 {
        return None;
    }
    let b = robust_slope(x);
    let diffs: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    let mut sigma = median_and_spread(&diffs).1 / std::f64::consts::SQRT_2;
    if sigma <= 0.0 {
        let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
        let var = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / diffs.len() as f64;
        sigma = (var / 2.0).sqrt();
    }
    if !(sigma.is_finite() && sigma > 0.0) {
        return None;
    }
    let se = 1.2533 * sigma * (2.0 / l as f64).sqrt();
    let mut win = Vec::with_capacity(l);
    let mut med = |r: std::ops::Range<usize>| {
        win.clear();
        win.extend_from_slice(&x[r]);
        median_of(&mut win)
    };
    let (t, _, z) = (l..=n - l)
        .filter(|t| taken.iter().all(|u| u.abs_diff(*t) >= l))
        .map(|t| {
            let step = med(t..t + l) - med(t - l..t) - b * l as f64;
            (t, step, step.abs() / se)
        })
        .max_by(|p, q| p.2.total_cmp(&q.2).then(q.0.cmp(&p.0)))?;
    if z <= SHIFT_Z {
        return None;
    }
    // Where exactly: the split of x_{t−L} … x_{t+L−1} into two levels (medians) with the
    // least absolute error, at least 2 months on each side.
    let cost = |tau: usize, med: &mut dyn FnMut(std::ops::Range<usize>) -> f64| {
        let (lo, hi) = (med(t - l..tau), med(tau..t + l));
        x[t - l..tau].iter().map(|v| (v - lo).abs()).sum::<f64>()
            + x[tau..t + l].iter().map(|v| (v - hi).abs()).sum::<f64>()
    };
    let best = (t - l + 2..=t + l - 2)
        .filter(|tau| taken.iter().all(|u| u.abs_diff(*tau) >= l) && *tau >= l && *tau <= n - l)
        .map(|tau| (tau, cost(tau, &mut med)))
        .min_by(|p, q| {
            p.1.total_cmp(&q.1)
                .then(p.0.abs_diff(t).cmp(&q.0.abs_diff(t)))
        })
        .map_or(t, |p| p.0);
    let step = med(best..best + l) - med(best - l..best) - b * l as f64;
    // Judged again where the level wanders: a step no larger than the level's own drift
    // over 2L months is no level shift.
    let z = z / wandering(x, best, step).unwrap_or(1.0);
    (z > SHIFT_Z).then_some((best, step, z))
}

/// How much wider a step's standard error is when the level itself wanders, as in the
/// local-level model x_u = μ_u + b u + ε_u, μ_u = μ_{u−1} + η_u, than for white noise
/// around a line. The step between two medians of L months has
/// Var(Δ) = (π/2)(2/L) σ_ε² + (2L² + 1)/(3L) σ_η² (the noise of the two medians, and how
/// far the mean level of the L months after drifts from that of the L before), while the
/// white-noise score reads σ² = Var(x_u − x_{u−1})/2 = σ_ε² + σ_η²/2. Simple exponential
/// smoothing fitted to x with the step at `t` taken out and its trend removed gives the
/// split: σ_ε² = (1 − α) F, σ_η² = α² F (F its one-step error variance: the steady
/// state of the model's Kalman filter, gain α). The factor is the ratio of the two
/// standard errors, 1 for white noise (α = 0).
fn wandering(x: &[f64], t: usize, step: f64) -> Option<f64> {
    let l = MIN_SEGMENT;
    let moved: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(u, v)| v + if u < t { step } else { 0.0 })
        .collect();
    let b = robust_slope(&moved);
    let r: Vec<f64> = moved
        .iter()
        .enumerate()
        .map(|(u, v)| v - b * u as f64)
        .collect();
    let spec = Spec::new(Error::Additive, Trend::None, Season::None);
    let e = ets::fit(&r, 0, spec, &mut ets::Workspace::default(), NM)?;
    if !e.mse.is_finite() || e.mse <= 0.0 {
        return None;
    }
    // White noise unless the smoothing is significant: the likelihood ratio against a
    // constant level (α = 0) beyond the 1 % point of χ²(1). A noise-fitted α > 0 would
    // widen the error of a white-noise history's real step.
    let mean = r.iter().sum::<f64>() / r.len() as f64;
    let flat = r.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / r.len() as f64;
    if r.len() as f64 * (flat / e.mse).ln() <= 6.63 {
        return Some(1.0);
    }
    let (a, l) = (e.alpha.clamp(0.0, 1.0), l as f64);
    let medians = std::f64::consts::FRAC_PI_2 * 2.0 / l;
    let wandering = medians * (1.0 - a) + (2.0 * l * l + 1.0) / (3.0 * l) * a * a;
    let white = medians * (1.0 - a + a * a / 2.0);
    Some((wandering / white).sqrt())
}
