//! Forecast reconciliation (`engine::forecast::reconcile`): reconciled forecasts add up
//! at every level, the WLS closed form, the lean on a steady aggregate, non-negativity,
//! and reconciliation off = the SKUs' own forecasts.

mod common;

use common::{Rng, baseline, product};
use sop_planner::engine::forecast::reconcile::{
    Base, Choice, Holdout, family_history, family_key, family_weight, reconcile_family,
};
use sop_planner::engine::forecast::{self, base, baselines, baselines_and_leans};
use sop_planner::engine::model::*;
use sop_planner::engine::month::Month;

fn top(values: &[f64], sigma: f64) -> Base {
    Base {
        baseline: baseline("F", values, sigma),
        holdout: Holdout::default(),
    }
}

/// Reconciles always (no backtest), returning the SKUs' new values and the lean.
fn reconciled(top: &Base, skus: &[Baseline]) -> (Vec<Baseline>, f64) {
    let mut out = skus.to_vec();
    let mut refs: Vec<&mut Baseline> = out.iter_mut().collect();
    let holdouts: Vec<Holdout> = vec![Holdout::default(); skus.len()];
    let h: Vec<&Holdout> = holdouts.iter().collect();
    let lean = reconcile_family("F", top, &mut refs, &h, false);
    assert_eq!(lean.choice, Choice::Reconciled);
    (out, lean.family_weight)
}

#[test]
fn two_skus_by_hand() {
    // σ = 3 and 4: V = 9 + 16 = 25; σ_F = 5: w_F = 25 / (25 + 25) = 0.5.
    // Bottom-up 40 + 50 = 90, family 110: gap 20, w·gap = 10, shared 9/25 and 16/25:
    // A = 40 + 3.6 = 43.6, B = 50 + 6.4 = 56.4, family 100 = 0.5·110 + 0.5·90.
    let (out, w) = reconciled(
        &top(&[110.0, 90.0], 5.0),
        &[
            baseline("A", &[40.0, 40.0], 3.0),
            baseline("B", &[50.0, 50.0], 4.0),
        ],
    );
    assert!((w - 0.5).abs() < 1e-12);
    common::approx(&out[0].values, &[43.6, 40.0]);
    common::approx(&out[1].values, &[56.4, 50.0]);
    // Second month: family 90 = bottom-up: nothing moves. The bands move with the value.
    common::approx(&out[0].lower, &[43.6, 40.0]);
    assert_eq!(out[0].sigma, 3.0);
}

#[test]
fn closed_form_is_the_wls_projection() {
    // ỹ_bottom = (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹ ŷ for S = [1 1; 1 0; 0 1], solved as a 2 × 2 system.
    let mut r = Rng(7);
    for _ in 0..200 {
        let (sf, s1, s2) = (r.range(0.1, 9.0), r.range(0.1, 9.0), r.range(0.1, 9.0));
        let (yf, y1, y2) = (
            r.range(0.0, 200.0),
            r.range(0.0, 100.0),
            r.range(0.0, 100.0),
        );
        let (a, b, c) = (1.0 / (sf * sf), 1.0 / (s1 * s1), 1.0 / (s2 * s2));
        // M = [[a + b, a], [a, a + c]], rhs = [a yf + b y1, a yf + c y2].
        let (m11, m12, m22) = (a + b, a, a + c);
        let (r1, r2) = (a * yf + b * y1, a * yf + c * y2);
        let det = m11 * m22 - m12 * m12;
        let x1 = (m22 * r1 - m12 * r2) / det;
        let x2 = (m11 * r2 - m12 * r1) / det;
        if x1 < 0.0 || x2 < 0.0 {
            continue; // the non-negativity rule applies: not the plain projection
        }
        let (out, _) = reconciled(
            &top(&[yf], sf),
            &[baseline("A", &[y1], s1), baseline("B", &[y2], s2)],
        );
        assert!(
            (out[0].values[0] - x1).abs() < 1e-9 * (1.0 + x1),
            "{x1} vs {:?}",
            out[0].values
        );
        assert!((out[1].values[0] - x2).abs() < 1e-9 * (1.0 + x2));
    }
}

#[test]
fn random_hierarchies_add_up_and_stay_non_negative() {
    let mut r = Rng(42);
    for case in 0..500 {
        let k = 2 + r.n(12);
        let h = 1 + r.n(24);
        let skus: Vec<Baseline> = (0..k)
            .map(|i| {
                let v: Vec<f64> = (0..h)
                    .map(|_| {
                        if r.chance(0.2) {
                            0.0
                        } else {
                            r.range(0.0, 500.0)
                        }
                    })
                    .collect();
                let mut b = baseline(
                    &format!("S{i}"),
                    &v,
                    if r.chance(0.1) {
                        0.0
                    } else {
                        r.range(0.0, 80.0)
                    },
                );
                b.lower = v.iter().map(|x| (x - 30.0).max(0.0)).collect();
                b.upper = v.iter().map(|x| x + 30.0).collect();
                b
            })
            .collect();
        let fam: Vec<f64> = (0..h).map(|_| r.range(0.0, 500.0 * k as f64)).collect();
        let sf = if r.chance(0.1) {
            0.0
        } else {
            r.range(0.0, 300.0)
        };
        let (out, w) = reconciled(&top(&fam, sf), &skus);
        let sig: Vec<f64> = skus.iter().map(|b| b.sigma).collect();
        assert_eq!(w, family_weight(sf, &sig));
        for (t, top_t) in fam.iter().enumerate() {
            let bu: f64 = skus.iter().map(|b| b.values[t]).sum();
            let want = w * top_t + (1.0 - w) * bu;
            let got: f64 = out.iter().map(|b| b.values[t]).sum();
            assert!(
                (got - want).abs() <= 1e-9 * (1.0 + want),
                "case {case} t {t}: {got} vs {want}"
            );
            for b in &out {
                assert!(b.values[t] >= 0.0, "case {case}: {}", b.values[t]);
                assert!(
                    b.lower[t] >= 0.0 && b.lower[t] <= b.values[t] && b.values[t] <= b.upper[t]
                );
            }
        }
    }
}

#[test]
fn negative_skus_are_cut_and_the_rest_scaled() {
    // σ_F → 0: w_F = 1, the family's 0 wins. A (σ 1) and B (σ 10) take the gap −11 as
    // 1/101 and 100/101: B would go to 1 − 10.89 < 0 → 0, A to 10 − 0.109 = 9.891,
    // then scaled to the target 0: both 0.
    let (out, w) = reconciled(
        &top(&[0.0, 22.0], 0.0),
        &[
            baseline("A", &[10.0, 10.0], 1.0),
            baseline("B", &[1.0, 1.0], 10.0),
        ],
    );
    assert_eq!(w, 1.0);
    common::approx(&[out[0].values[0], out[1].values[0]], &[0.0, 0.0]);
    // Month 2: gap +11: A + 11/101, B + 1100/101.
    common::approx(
        &[out[0].values[1], out[1].values[1]],
        &[10.0 + 11.0 / 101.0, 1.0 + 1100.0 / 101.0],
    );
    // Family weight between: σ_F = 10 with V = 101 → w = 101/201; top 0, bottom-up 11:
    // target 11·100/201 = 5.4726; B would be 1 − (100/101)(101/201)·11 = −4.47 → 0, A
    // 10 − (1/101)(101/201)·11 = 9.945 then scaled to the target.
    let (out, w) = reconciled(
        &top(&[0.0], 10.0),
        &[baseline("A", &[10.0], 1.0), baseline("B", &[1.0], 10.0)],
    );
    assert!((w - 101.0 / 201.0).abs() < 1e-12);
    common::approx(
        &[out[0].values[0], out[1].values[0]],
        &[11.0 * 100.0 / 201.0, 0.0],
    );
}

fn cycle_of(histories: Vec<(&str, &str, Vec<f64>)>, reconcile: bool) -> Cycle {
    let mut c = common::cycle(12, vec![], vec![]);
    c.inputs.forecast.reconcile = reconcile;
    for (sku, fam, units) in histories {
        c.master.products.push(product(sku, fam, "10", "6", 0.0));
        c.history.push(SkuHistory {
            sku: sku.into(),
            start: c.label.plus(-(units.len() as i32)),
            units,
        });
    }
    c
}

/// Two SKUs trading demand with each other (their mix wanders as a random walk, so
/// each alone is hard to forecast, while A + B stays near 600), and a single SKU.
fn trading(seed: u64) -> Vec<(&'static str, &'static str, Vec<f64>)> {
    let mut r = Rng(seed);
    let mut e = 0.0;
    let mix: Vec<f64> = (0..48)
        .map(|_| {
            e = (e + r.range(-40.0, 40.0)).clamp(-250.0, 250.0);
            e
        })
        .collect();
    let a: Vec<f64> = mix.iter().map(|x| 300.0 + x + r.range(-3.0, 3.0)).collect();
    let b: Vec<f64> = mix.iter().map(|x| 300.0 - x + r.range(-3.0, 3.0)).collect();
    let c: Vec<f64> = (0..48)
        .map(|t| 50.0 + t as f64 + r.range(-5.0, 5.0))
        .collect();
    vec![("A", "F", a), ("B", "F", b), ("C", "G", c)]
}

#[test]
fn a_steady_aggregate_is_leaned_on() {
    let c = cycle_of(trading(3), true);
    let (bl, leans) = baselines_and_leans(&c);
    assert_eq!(leans.len(), 1, "G has one SKU: not a tree");
    let lean = &leans[0];
    assert_eq!(lean.family, "F");
    assert!(lean.family_weight > 0.9, "w_F {}", lean.family_weight);
    // The family forecast from A + B's history, by the same automatic model.
    let hist: Vec<(Month, &[f64])> = c.history[..2]
        .iter()
        .map(|h| (h.start, h.units.as_slice()))
        .collect();
    let mut fc = c.clone();
    fc.history = vec![family_history(family_key("F"), &hist).unwrap()];
    let top = base(&fc, &family_key("F")).unwrap();
    let bottom = baselines(&cycle_of(trading(3), false));
    // Reconciled or kept by the backtest: either way the SKUs add up to the chosen number.
    for t in 0..12 {
        let bu = bottom[0].values[t] + bottom[1].values[t];
        let want = if lean.reconciled() {
            lean.family_weight * top.baseline.values[t] + (1.0 - lean.family_weight) * bu
        } else {
            bu
        };
        let got = bl[0].values[t] + bl[1].values[t];
        assert!((got - want).abs() < 1e-9 * want, "{got} vs {want}");
    }
    assert_eq!(bl[2], bottom[2], "a family of one SKU keeps its forecast");
}

#[test]
fn the_backtest_chooses() {
    // Family exact in its window (600 a month), the SKUs over by 10 each: reconciling
    // (w_F = 200 / (1 + 200)) moves both down by w_F·20/2 → better at both levels.
    let hold = |f: f64, a: f64| Holdout {
        forecast: vec![f; 6],
        actual: vec![a; 6],
        end: Month(0),
    };
    let mut fam = top(&[620.0], 1.0);
    fam.holdout = hold(600.0, 600.0);
    let skus = [baseline("A", &[310.0], 10.0), baseline("B", &[310.0], 10.0)];
    let run = |fam: &Base, ha: &Holdout, hb: &Holdout| {
        let mut out = skus.to_vec();
        let mut refs: Vec<&mut Baseline> = out.iter_mut().collect();
        let lean = reconcile_family("F", fam, &mut refs, &[ha, hb], true);
        (out, lean)
    };
    let (out, lean) = run(&fam, &hold(310.0, 300.0), &hold(310.0, 300.0));
    assert_eq!(lean.choice, Choice::Reconciled);
    let w = 200.0 / 201.0;
    assert!((lean.family_weight - w).abs() < 1e-12);
    // Family MAE: bottom-up |600 − 620| = 20, reconciled 20 (1 − w) = 20/201.
    assert!((lean.family_mae.0 - 20.0).abs() < 1e-9);
    assert!((lean.family_mae.1 - 20.0 / 201.0).abs() < 1e-9);
    // Month 1: family 620 = bottom-up 620: nothing to move.
    common::approx(&out[0].values, &[310.0]);
    // The family wrong instead (its window 640 against 600): kept bottom-up, unchanged.
    fam.holdout = hold(640.0, 600.0);
    let mut fam2 = fam.clone();
    fam2.baseline.values = vec![700.0];
    let (out, lean) = run(&fam2, &hold(300.0, 300.0), &hold(300.0, 300.0));
    assert_eq!(lean.choice, Choice::WorseInBacktest);
    assert_eq!(out, skus.to_vec());
    // Windows ending in different months: bottom-up.
    let mut late = hold(300.0, 300.0);
    late.end = Month(1);
    let lean = run(&fam, &late, &hold(300.0, 300.0)).1;
    assert_eq!(lean.choice, Choice::NoBacktest);
    // A young SKU (a window of 2 months) is padded with its actuals: the family is still
    // judged (here: its forecast is wrong); no SKU with 3 months: bottom-up.
    let short = Holdout {
        forecast: vec![300.0; 2],
        actual: vec![300.0; 4],
        end: Month(0),
    };
    let lean = run(&fam, &short, &hold(300.0, 300.0)).1;
    assert_eq!(lean.choice, Choice::WorseInBacktest);
    assert_eq!(lean.sku_mae.0, 0.0);
    assert_eq!(run(&fam, &short, &short).1.choice, Choice::NoBacktest);
}

#[test]
fn random_cycles_add_up_at_every_level() {
    for seed in 0..6u64 {
        let mut r = Rng(seed);
        let mut hist = Vec::new();
        let names: Vec<String> = (0..9).map(|i| format!("S{i}")).collect();
        let fams = ["F1", "F2", "F3"];
        for name in &names {
            let n = 12 + r.n(36);
            let lvl = r.range(5.0, 300.0);
            let units: Vec<f64> = (0..n)
                .map(|t| {
                    (lvl * (1.0 + 0.3 * ((t % 12) as f64 / 2.0).sin()) + r.range(-lvl, lvl) * 0.3)
                        .max(0.0)
                })
                .collect();
            hist.push((name.as_str(), fams[r.n(3)], units));
        }
        let on = cycle_of(hist.clone(), true);
        let off = cycle_of(hist, false);
        let (rec, leans) = baselines_and_leans(&on);
        let bottom = baselines(&off);
        for lean in &leans {
            let members: Vec<usize> = (0..on.master.products.len())
                .filter(|&i| on.master.products[i].family == lean.family)
                .collect();
            let hs: Vec<(Month, &[f64])> = members
                .iter()
                .map(|&i| (on.history[i].start, on.history[i].units.as_slice()))
                .collect();
            let mut fc = on.clone();
            fc.history = vec![family_history(family_key(&lean.family), &hs).unwrap()];
            let top = base(&fc, &family_key(&lean.family)).unwrap();
            for t in 0..12 {
                let bu: f64 = members.iter().map(|&i| bottom[i].values[t]).sum();
                let got: f64 = members.iter().map(|&i| rec[i].values[t]).sum();
                let want = if lean.reconciled() {
                    lean.family_weight * top.baseline.values[t] + (1.0 - lean.family_weight) * bu
                } else {
                    bu
                };
                assert!(
                    (got - want).abs() <= 1e-9 * (1.0 + want),
                    "seed {seed} {}: {got} vs {want}",
                    lean.family
                );
                assert!(members.iter().all(|&i| rec[i].values[t] >= 0.0));
            }
        }
        // The company is the sum of its families, the families the sums of their SKUs:
        // nothing is lost or added outside the families' gaps.
        let fams_total: f64 = rec.iter().flat_map(|b| b.values.iter()).sum();
        assert!(fams_total.is_finite());
    }
}

#[test]
fn reconciliation_off_is_each_skus_own_forecast() {
    let c = cycle_of(trading(5), false);
    let (bl, leans) = baselines_and_leans(&c);
    assert!(leans.is_empty());
    for b in &bl {
        assert_eq!(Some(b), forecast::baseline(&c, &b.sku).as_ref());
    }
}

#[test]
fn old_settings_load_with_reconciliation_on() {
    let json = r#"{"season_length":12,"outlier_cleansing":false,"outlier_k":3.0}"#;
    let s: ForecastSettings = serde_json::from_str(json).unwrap();
    assert!(s.reconcile);
    assert!(ForecastSettings::default().reconcile);
}

#[test]
fn the_demand_review_says_what_a_family_leans_on() {
    use sop_planner::engine::forecast::reconcile::Lean;
    use sop_planner::engine::review::{Selection, reconcile::lean_line};
    let lean = |family: &str, w: f64, choice: Choice| Lean {
        family: family.into(),
        family_weight: w,
        choice,
        family_mae: (0.0, 0.0),
        sku_mae: (0.0, 0.0),
    };
    let leans = [
        lean("F", 0.6249, Choice::Reconciled),
        lean("G", 0.9, Choice::WorseInBacktest),
        lean("H", 0.5, Choice::NoBacktest),
    ];
    let line = |s: Selection| lean_line(&leans, &s);
    assert_eq!(
        line(Selection::Family("F".into())).unwrap(),
        "Reconciled: leans 62 % on the family forecast, 38 % on its SKUs"
    );
    assert_eq!(
        line(Selection::Family("G".into())).unwrap(),
        "Bottom-up: reconciling with the family forecast did worse in backtest"
    );
    assert!(
        line(Selection::Family("H".into()))
            .unwrap()
            .starts_with("Bottom-up: too little")
    );
    assert_eq!(
        line(Selection::Family("X".into())),
        None,
        "one SKU, or reconciliation off"
    );
    assert_eq!(line(Selection::Sku("A".into())), None);
}
