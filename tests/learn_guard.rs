//! The guard on learning (`engine::forecast::learn::guard`) on hand-built workspaces:
//! two SKUs, A and B = 2 × A. A's actuals alternate 150, 50, 150, … (seasonal naive
//! exact, the mean of a season 100) and every approved cycle froze a plain ensemble of
//! 100 (off by 50 each month). From month `change` after the first cycle's label on, the
//! actuals are flat at 100: the plain ensemble is exact and seasonal naive off by 50.
//!
//! Cycle j's record holds n_j = Σ_{i<j} min(6, j − i) points per SKU; while they are all
//! before the change, seasonal naive passes the paired test from n = 2 on and, exact,
//! takes all of the record's share: w = (1 − s_j, s_j), s_j = n_j / (n_j + 12), so
//! learned errs by 50 (1 − s_j) where plain errs by 50 (B: twice that; the weights do
//! not depend on the scale). The guard's per-SKU gains are then D_B = 2 D_A: mean
//! 1.5 D_A, sd |D_A| / √2, so with n = 2 it is on exactly when D_A < 0.

use sop_planner::engine::demo::{sample_workspace, synthetic_cycle};
use sop_planner::engine::forecast::learn::{Guard, Learned, Verdict};
use sop_planner::engine::forecast::{baselines, baselines_in};
use sop_planner::engine::model::*;
use sop_planner::engine::review::track::track;

/// Cycles 0 … `last` one month apart, all approved but the last; the actuals change to
/// flat at month `change` (counted from cycle 0's label).
fn hand(change: i32, last: usize) -> Workspace {
    let mut base = synthetic_cycle(2, 3);
    base.inputs.forecast = ForecastSettings::default();
    base.inputs.forecast.reconcile = false;
    assert!(base.master.products.iter().all(|p| p.lifecycle.is_none()));
    let skus: Vec<String> = base.master.products.iter().map(|p| p.sku.clone()).collect();
    let l0 = base.label;
    let actual = |r: i32| match (r >= change, r.rem_euclid(2) == 0) {
        (true, _) => 100.0,
        (false, true) => 150.0,
        (false, false) => 50.0,
    };
    let mut ws = sample_workspace(1);
    ws.cycles.clear();
    for k in 0..=last {
        let mut c = base.clone();
        c.id = format!("c{k}");
        c.label = l0.plus(k as i32);
        c.history = skus
            .iter()
            .zip([1.0, 2.0])
            .map(|(sku, x)| SkuHistory {
                sku: sku.clone(),
                start: l0.plus(-24),
                units: (-24..k as i32).map(|r| x * actual(r)).collect(),
            })
            .collect();
        if k < last {
            c.frozen = Some(FrozenPlan {
                approved_on: "2026-12-05".into(),
                approved_by: "test".into(),
                start: c.label,
                series: skus
                    .iter()
                    .zip([100.0, 200.0])
                    .map(|(sku, v)| FrozenSeries {
                        sku: sku.clone(),
                        statistical: vec![v; 12],
                        sales: vec![v; 12],
                        marketing: vec![v; 12],
                        pipeline: vec![v; 12],
                        consensus: vec![v; 12],
                        plain: Vec::new(),
                    })
                    .collect(),
            });
            c.status = CycleStatus::Approved;
        }
        ws.cycles.push(c);
    }
    ws
}

#[test]
fn learned_winning_stays_in_use() {
    let ws = hand(1000, 10);
    let g = Guard::of(&ws, 10);
    // Window: cycles 4 … 9 with 6, 5, 4, 3, 2, 1 points per SKU known at cycle 10;
    // n_j = 10, 15, 21, 27, 33, 39. A: P = 21 · 50 = 1050, L = 50 · Σ points_j · 12 /
    // (n_j + 12) = 432.06; B twice that.
    assert_eq!((g.cycles, g.skus, g.points), (6, 2, 42));
    assert_eq!(g.plain, 3.0 * 1050.0);
    assert!((g.learned - 3.0 * 432.06).abs() < 0.03, "{g:?}");
    assert!(g.on && g.verdict() == Verdict::InUse);
    assert!(g.learned_wape().unwrap() < g.plain_wape().unwrap());
    let tr = track(&ws);
    assert_eq!(tr.guard, g, "the track record shows cycle 10's guard");
    assert!(tr.learn_on);
    // Cycle 2 is the first with a candidate (n = 3) but has no record of one: planned
    // plain. Cycle 3 knows one month of cycle 2 (A: L − P = 40 − 50): in use from then on.
    let used: Vec<bool> = tr.cycles.iter().map(|c| c.used_learned).collect();
    assert_eq!(
        used,
        [
            false, false, false, true, true, true, true, true, true, true
        ]
    );
    assert_eq!(Guard::of(&ws, 2).verdict(), Verdict::NoRecord);
    let g3 = Guard::of(&ws, 3);
    assert_eq!(g3.plain, 150.0);
    assert!((g3.learned - 120.0).abs() < 1e-6, "{g3:?}");
    assert!(g3.on);
    let learned = Learned::of(&ws, 10);
    assert_eq!(learned.moved(), 2);
    let w = &learned.skus[0].weights;
    // n = 45: s = 45 / 57 on seasonal naive.
    assert!((w[1] - 45.0 / 57.0).abs() < 1e-6, "{w:?}");
    let plain = baselines(&ws.cycles[10]);
    assert_ne!(baselines_in(&ws, 10)[0].values, plain[0].values);
}

#[test]
fn learned_losing_is_paused_and_the_cycle_planned_plain() {
    // Flat from month 8: cycles 8 and 9 forecast with seasonal naive still weighed
    // (its record of wins outweighs the first losses in the paired test) and lose.
    let ws = hand(8, 10);
    let g = Guard::of(&ws, 10);
    // Window cycles 4 … 9 (21 points per SKU): plain errs by 50 (A) on the 10 points
    // before month 8 (cycle 4: months 4–7, cycle 5: 5–7, cycle 6: 6–7, cycle 7: 7),
    // exact after; learned: 571.73 for A (each cycle's 1 − s_j or s_j, by hand).
    assert_eq!((g.cycles, g.skus, g.points), (6, 2, 42));
    assert_eq!(g.plain, 3.0 * 500.0);
    assert!((g.learned - 3.0 * 571.73).abs() < 0.03, "{g:?}");
    assert!(!g.on && g.verdict() == Verdict::PlainBetter);
    // The candidate still leans on seasonal naive; the cycle plans plain all the same.
    let candidate = Learned::record_of(&ws, 10);
    assert_eq!(candidate.moved(), 2);
    assert!(
        candidate.skus[0].weights[1] > 0.6,
        "{:?}",
        candidate.skus[0]
    );
    assert!(Learned::of(&ws, 10).is_empty());
    assert_eq!(baselines_in(&ws, 10), baselines(&ws.cycles[10]));
    // One cycle earlier it was still in use (A: P = 750, L = 564.44 known at cycle 9).
    let g9 = Guard::of(&ws, 9);
    assert!(g9.on && g9.plain == 3.0 * 750.0 && (g9.learned - 3.0 * 564.44).abs() < 0.03);
    assert_eq!(Learned::of(&ws, 9).moved(), 2);
    let tr = track(&ws);
    assert_eq!(tr.guard, g);
    assert!(tr.cycles[9].guard_on && tr.cycles[9].used_learned);
}

#[test]
fn a_pooled_gain_from_one_sku_is_not_beyond_noise() {
    let mut ws = hand(1000, 4);
    // B's plain ensemble frozen exact in cycles 2 and 3: seasonal naive (exact too) gains
    // nothing there, so only A's gain is left.
    for k in 2..4 {
        let fp = ws.cycles[k].frozen.as_mut().unwrap();
        for t in 0..12 {
            fp.series[1].statistical[t] = if (k + t) % 2 == 0 { 300.0 } else { 100.0 };
        }
    }
    let g = Guard::of(&ws, 4);
    // A: cycle 2's months 2–3 (learned 40 vs 50 each, s = 0.2), cycle 3's month 3 (33.33
    // vs 50, s = 1/3): D_A = −36.67; D_B = 0. Mean −18.33, sd 25.93: −18.33 + 2 · 25.93
    // / √2 = +18.3 > 0, paused though L < P pooled.
    assert_eq!((g.cycles, g.skus, g.points), (2, 2, 6));
    assert_eq!(g.plain, 150.0);
    assert!((g.learned - 113.333).abs() < 1e-3, "{g:?}");
    assert!(!g.on && g.verdict() == Verdict::NotYet);
    assert!(Learned::of(&ws, 4).is_empty());
    assert_eq!(Learned::record_of(&ws, 4).moved(), 2);
}
