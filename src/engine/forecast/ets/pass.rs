//! One pass of the ETS recursions over the data (see the parent module's formulas),
//! monomorphised per trend, season and error form, and its likelihood.

use super::{Error, Season, Spec, Trend};

/// Accumulated statistics of one pass of the recursions.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pass {
    pub(super) sse: f64,
    pub(super) rel2: f64,
    pub(super) log_yhat: f64,
    pub(super) level: f64,
    pub(super) slope: f64,
    pub(super) ok: bool,
}

/// Smoothing parameters and initial states of one pass.
#[derive(Clone, Copy, Debug)]
pub(super) struct Params {
    pub(super) alpha: f64,
    pub(super) beta: f64,
    pub(super) gamma: f64,
    pub(super) phi: f64,
    pub(super) l0: f64,
    pub(super) b0: f64,
}

pub(super) const TR_NONE: u8 = 0;
pub(super) const TR_ADD: u8 = 1;
pub(super) const TR_DAMPED: u8 = 2;
pub(super) const SE_NONE: u8 = 0;
pub(super) const SE_ADD: u8 = 1;
pub(super) const SE_MUL: u8 = 2;

/// Runs the recursions over `y`. `s` holds the initial seasonal states on entry
/// (`s[i]` for period i) and the states for periods n..n+m (rotated by n mod m) on exit.
/// Writes one-step forecasts into `fitted` when given.
pub(super) fn pass(
    y: &[f64],
    spec: Spec,
    p: Params,
    s: &mut [f64],
    fitted: Option<&mut [f64]>,
) -> Pass {
    let me = spec.error == Error::Multiplicative;
    macro_rules! go {
        ($tr:expr, $se:expr) => {
            if me {
                pass_g::<$tr, $se, true>(y, p, s, fitted)
            } else {
                pass_g::<$tr, $se, false>(y, p, s, fitted)
            }
        };
    }
    let tr = match spec.trend {
        Trend::None => TR_NONE,
        Trend::Additive | Trend::Drift => TR_ADD,
        Trend::Damped => TR_DAMPED,
    };
    match (tr, spec.season) {
        (TR_NONE, Season::None) => go!(TR_NONE, SE_NONE),
        (TR_NONE, Season::Additive) => go!(TR_NONE, SE_ADD),
        (TR_NONE, Season::Multiplicative) => go!(TR_NONE, SE_MUL),
        (TR_ADD, Season::None) => go!(TR_ADD, SE_NONE),
        (TR_ADD, Season::Additive) => go!(TR_ADD, SE_ADD),
        (TR_ADD, Season::Multiplicative) => go!(TR_ADD, SE_MUL),
        (_, Season::None) => go!(TR_DAMPED, SE_NONE),
        (_, Season::Additive) => go!(TR_DAMPED, SE_ADD),
        (_, Season::Multiplicative) => go!(TR_DAMPED, SE_MUL),
    }
}

pub(super) const INVALID: Pass = Pass {
    sse: f64::INFINITY,
    rel2: f64::INFINITY,
    log_yhat: 0.0,
    level: f64::NAN,
    slope: f64::NAN,
    ok: false,
};

/// The recursions, monomorphised per structure so the loop has no model branches.
/// Σ ln ŷ_t (multiplicative errors) is accumulated as a product renormalised every
/// four steps by moving its binary exponent into an integer, instead of a log per step.
#[inline(always)]
pub(super) fn pass_g<const TR: u8, const SE: u8, const ME: bool>(
    y: &[f64],
    p: Params,
    s: &mut [f64],
    mut fitted: Option<&mut [f64]>,
) -> Pass {
    let m = s.len();
    let (alpha, beta, gamma, phi) = (p.alpha, p.beta, p.gamma, p.phi);
    let mut l = p.l0;
    let mut b = p.b0;
    let mut sse = 0.0;
    let mut rel2 = 0.0;
    let mut log_extra = 0.0;
    let mut prod = 1.0f64;
    let mut exp2: i64 = 0;
    let mut i = 0usize;
    for (t, &yt) in y.iter().enumerate() {
        let tau = match TR {
            TR_NONE => 0.0,
            TR_ADD => b,
            _ => phi * b,
        };
        let base = l + tau;
        let yhat;
        let e;
        match SE {
            SE_NONE => {
                yhat = base;
                e = yt - yhat;
                l = base + alpha * e;
                if TR != TR_NONE {
                    b = tau + beta * e;
                }
            }
            SE_ADD => {
                let si = s[i];
                yhat = base + si;
                // y − s first: it does not wait for this step's level.
                e = (yt - si) - base;
                l = base + alpha * e;
                if TR != TR_NONE {
                    b = tau + beta * e;
                }
                s[i] = si + gamma * e;
            }
            _ => {
                let si = s[i];
                if !(base > 0.0 && si > 0.0) {
                    return INVALID;
                }
                yhat = base * si;
                e = yt - yhat;
                // e / s = y / s − base: y / s does not wait for this step's level (s is
                // the state of one season ago), so the level's chain from one step to
                // the next is a multiply and an add, not a division.
                let es = yt / si - base;
                l = base + alpha * es;
                if TR != TR_NONE {
                    b = tau + beta * es;
                }
                // γ e s / ŷ = γ (y / base − s); only the next season reads it.
                s[i] = si + gamma * (yt / base - si);
            }
        }
        if let Some(f) = fitted.as_deref_mut() {
            f[t] = yhat;
        }
        sse += e * e;
        if ME {
            if yhat.is_nan() || yhat <= 0.0 {
                return INVALID;
            }
            let r = e / yhat;
            rel2 += r * r;
            if (1e-60..1e60).contains(&yhat) {
                prod *= yhat;
            } else {
                log_extra += yhat.ln();
            }
            if t & 3 == 3 {
                let bits = prod.to_bits();
                exp2 += ((bits >> 52) & 0x7ff) as i64 - 1023;
                prod = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1023u64 << 52));
            }
        }
        if SE != SE_NONE {
            i += 1;
            if i == m {
                i = 0;
            }
        }
    }
    let log_yhat = if ME {
        prod.ln() + exp2 as f64 * std::f64::consts::LN_2 + log_extra
    } else {
        0.0
    };
    let ok = sse.is_finite() && l.is_finite() && b.is_finite();
    Pass {
        sse,
        rel2,
        log_yhat,
        level: l,
        slope: b,
        ok,
    }
}

/// −2 log likelihood (up to constants) of a pass over `n` points.
#[inline]
pub(super) fn lik_of(spec: Spec, r: &Pass, n: usize) -> f64 {
    if !r.ok {
        return f64::INFINITY;
    }
    let nf = n as f64;
    let tiny = 1e-300;
    match spec.error {
        Error::Additive => nf * (r.sse / nf).max(tiny).ln(),
        Error::Multiplicative => nf * (r.rel2 / nf).max(tiny).ln() + 2.0 * r.log_yhat,
    }
}
