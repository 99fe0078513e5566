//! Rolling-origin backtest: the origins, the scores of a forecast against what
//! happened, and the forecasts of a plan (pool or one model) at every origin.

use super::models::Work;
use super::{ModelKind, Plan, Scores, fit_plan};
use crate::engine::accuracy;

/// Length of the backtest window and its origins: `k` origins `step` apart, each
/// followed by `hb = min(h, n/4)` test points, the last window ending at n.
pub(super) fn origins(n: usize, h: usize, k: usize) -> (Vec<usize>, usize) {
    const MIN_TRAIN: usize = 6;
    let hb = h.min(n / 4).max(1);
    let step = (hb / k.max(1)).max(1);
    let mut o = Vec::new();
    for i in (0..k).rev() {
        let end = n.saturating_sub(i * step);
        if end >= hb + MIN_TRAIN {
            o.push(end - hb);
        }
    }
    (o, hb)
}

pub(super) fn score(actual: &[f64], fc: &[f64], q: f64) -> Scores {
    let mae = accuracy::mae(actual, fc).unwrap_or(0.0);
    Scores {
        wape: accuracy::wape(actual, fc).unwrap_or(0.0),
        mase: if q > 0.0 { mae / q } else { 0.0 },
        bias: accuracy::bias(actual, fc).unwrap_or(0.0),
        smape: accuracy::smape(actual, fc).unwrap_or(0.0),
        mae,
    }
}

/// Backtest of one plan: the forecasts of the combination and of each member at every
/// origin (members identified by label), and the one-step errors after the first origin.
pub(super) struct Backtest {
    pub(super) actual: Vec<f64>,
    pub(super) combined: Vec<f64>,
    pub(super) members: Vec<(&'static str, ModelKind, Vec<f64>)>,
    pub(super) one_step_sse: f64,
    pub(super) one_step_count: usize,
}

pub(super) fn backtest(
    plan: Plan,
    y: &[f64],
    m: usize,
    org: &[usize],
    hb: usize,
    nonneg: bool,
    w: &mut Work,
) -> Backtest {
    let mut bt = Backtest {
        actual: Vec::with_capacity(org.len() * hb),
        combined: Vec::with_capacity(org.len() * hb),
        members: Vec::new(),
        one_step_sse: 0.0,
        one_step_count: 0,
    };
    let clamp = |v: &mut [f64]| {
        if nonneg {
            v.iter_mut().for_each(|x| *x = x.max(0.0));
        }
    };
    let mut out = vec![0.0; hb];
    let mut buf = Vec::new();
    for (i, &o) in org.iter().enumerate() {
        let method = fit_plan(plan, &y[..o], m, hb, w);
        bt.actual.extend_from_slice(&y[o..o + hb]);
        method.forecast_into(&mut out, &mut buf);
        clamp(&mut out);
        bt.combined.extend_from_slice(&out);
        if plan == Plan::Pool {
            for (_, f) in &method.members {
                f.forecast_into(&mut out);
                clamp(&mut out);
                match bt.members.iter_mut().find(|e| e.0 == f.label) {
                    Some(e) if e.2.len() == i * hb => e.2.extend_from_slice(&out),
                    Some(_) => {}
                    None if i == 0 => bt.members.push((f.label, f.kind, out.clone())),
                    None => {}
                }
            }
            // Members missing at a later origin are not comparable: drop them.
            bt.members.retain(|e| e.2.len() == (i + 1) * hb);
        }
        if i == 0 {
            // One-step forecasts through the rest of the series, parameters fixed here.
            let mut pred = vec![0.0; y.len()];
            let mut b2 = Vec::new();
            method.one_step(y, &mut pred, &mut b2, w);
            for t in o..y.len() {
                let p = if nonneg { pred[t].max(0.0) } else { pred[t] };
                let e = y[t] - p;
                if e.is_finite() {
                    bt.one_step_sse += e * e;
                    bt.one_step_count += 1;
                }
            }
        }
    }
    bt
}
