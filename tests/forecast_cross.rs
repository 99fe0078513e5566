//! `forecast::cross`: the rule that decides from the backtest window alone whether the
//! global autoregression is combined with the local ensemble, and the calibration of the
//! combination's ranges in that window.

use sop_planner::engine::forecast::cross::{self, Window, backtest, calibrate, mix, scaled};
use sop_planner::engine::forecast::global::GlobalAr;
use sop_planner::engine::forecast::{Forecast, Options, forecast, quantile};

mod common;

fn locals(ys: &[Vec<f64>], h: usize) -> Vec<Forecast> {
    ys.iter()
        .map(|y| forecast(y, 1, h, &Options::default()))
        .collect()
}

#[test]
fn the_window_uses_only_the_history_before_each_origin() {
    let ys = common::ar_panel(987, 30, 80);
    let refs: Vec<&[f64]> = ys.iter().map(|v| v.as_slice()).collect();
    let loc = locals(&ys, 6);
    let w = backtest(&refs, &loc, 1, 0.5);
    let k = loc[0].holdout.1.len();
    assert_eq!(k, 6);
    // The global model refitted on every history cut k values before its end.
    let cut: Vec<&[f64]> = refs.iter().map(|y| &y[..y.len() - k]).collect();
    let g = GlobalAr::fit(&cut, 1, k).unwrap();
    for i in [0, 7, 29] {
        let want = mix(
            &loc[i].holdout.0,
            &g.forecast(cut[i], k).unwrap(),
            0.5,
            true,
        );
        assert_eq!(w.combined[i].as_deref(), Some(want.as_slice()));
        assert_eq!(loc[i].holdout.1, ys[i][80 - k..]);
    }
    assert_eq!(w.n, 30);
}

#[test]
fn the_combination_is_chosen_where_it_won_beyond_noise() {
    let ys = common::ar_panel(987, 40, 80);
    let refs: Vec<&[f64]> = ys.iter().map(|v| v.as_slice()).collect();
    // Local forecasts 30 % too high in the window: the mean with the (nearly exact)
    // global model halves the error of every series.
    let mut loc = locals(&ys, 6);
    for f in &mut loc {
        f.holdout.0 = f.holdout.1.iter().map(|a| a * 1.3).collect();
    }
    let w = backtest(&refs, &loc, 1, 0.5);
    assert!(w.d.iter().all(|d| d.is_some_and(|d| d < -0.2)), "{:?}", w.d);
    assert!(w.mean < -0.3 && w.wins(), "{} {}", w.mean, w.se);
}

#[test]
fn the_local_forecast_stays_where_the_combination_lost() {
    let ys = common::ar_panel(987, 40, 80);
    let refs: Vec<&[f64]> = ys.iter().map(|v| v.as_slice()).collect();
    // Local forecasts within ±0.5 % in the window, the global model's noise ±5 %: its
    // part adds error.
    let mut loc = locals(&ys, 6);
    for f in &mut loc {
        f.holdout.0 = (f.holdout.1.iter().enumerate())
            .map(|(j, a)| a * if j % 2 == 0 { 1.005 } else { 0.995 })
            .collect();
    }
    let w = backtest(&refs, &loc, 1, 0.5);
    assert!(w.d.iter().all(|d| d.is_some_and(|d| d > 0.0)), "{:?}", w.d);
    assert!(!w.wins());
    // A win by less than Z standard errors is not enough either.
    let noisy = Window {
        mean: -0.01,
        se: 0.01,
        ..w.clone()
    };
    assert!(!noisy.wins() && cross::Z > 1.0);
}

#[test]
fn ranges_are_scaled_to_the_windows_empirical_coverage() {
    // 100 series, one window error each, 1 … 100; every final half-width 10 (80 %)
    // and 20 (95 %).
    let y: Vec<f64> = (0..48).map(|t| 100.0 + (t % 12) as f64).collect();
    let base = forecast(&y, 12, 1, &Options::default());
    let mut finals = Vec::new();
    let mut loc = Vec::new();
    let mut combined = Vec::new();
    for i in 1..=100 {
        let mut f = base.clone();
        f.point = vec![500.0];
        f.upper = vec![510.0];
        f.lower = vec![490.0];
        f.upper95 = vec![520.0];
        f.lower95 = vec![480.0];
        finals.push(f);
        let mut l = base.clone();
        l.holdout = (vec![0.0], vec![200.0 + i as f64]);
        loc.push(l);
        combined.push(Some(vec![200.0]));
    }
    let w = Window {
        combined,
        d: vec![None; 100],
        mean: 0.0,
        se: 0.0,
        n: 0,
    };
    // Split-conformal: the ⌈0.8 · 101⌉ = 81st and ⌈0.95 · 101⌉ = 96th smallest ratio.
    let (k80, k95) = calibrate(&finals, &loc, &w).unwrap();
    assert!((k80 - 8.1).abs() < 1e-12 && (k95 - 96.0 / 20.0).abs() < 1e-12);
    let s = scaled(&finals[0], k80, k95, true);
    assert!((s.upper[0] - 581.0).abs() < 1e-9 && (s.lower[0] - 419.0).abs() < 1e-9);
    assert!((s.upper95[0] - 596.0).abs() < 1e-9 && (s.lower95[0] - 404.0).abs() < 1e-9);
    // The safety stock's σ is the range's: one-step half-width over the 80 % quantile.
    assert!((s.sigma - 81.0 / quantile(0.8, s.df)).abs() < 1e-9);
    // In the window, 81 of the 100 errors now lie inside the 80 % range.
    let inside = (1..=100)
        .filter(|e| *e as f64 <= s.upper[0] - 500.0)
        .count();
    assert_eq!(inside, 81);
    // Lower bounds of non-negative data stay ≥ 0.
    let wide = scaled(&finals[0], 100.0, 100.0, true);
    assert_eq!((wide.lower[0], wide.lower95[0]), (0.0, 0.0));
    // Too few window errors: no calibration.
    assert!(calibrate(&finals[..19], &loc[..19], &w).is_none());
}

#[test]
fn forecast_eval_scores_the_rule_as_local_or_combined() {
    use sop_planner::cli::forecast_eval::{EvalSeries, evaluate_global};
    let ys = common::ar_panel(987, 30, 86);
    let series: Vec<EvalSeries> = (ys.iter().enumerate())
        .map(|(i, y)| EvalSeries {
            id: format!("S{i}"),
            values: y.clone(),
            n_train: 80,
            h: 6,
            season_length: 1,
            category: String::new(),
        })
        .collect();
    let refs: Vec<&[f64]> = ys.iter().map(|v| &v[..80]).collect();
    let loc: Vec<Forecast> = refs
        .iter()
        .map(|y| forecast(y, 1, 6, &Options::default()))
        .collect();
    let wins = backtest(&refs, &loc, 1, cross::WEIGHT).wins();
    let r = evaluate_global(&series, &Options::default(), cross::WEIGHT);
    let names: Vec<&str> = r.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "local",
            "global",
            "combined",
            "rule",
            "per-series",
            "comb+cal",
            "rule+cal"
        ]
    );
    let rows = |k: usize| {
        r[k].1
            .rows
            .iter()
            .map(|x| x.forecast.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(3), rows(if wins { 2 } else { 0 }));
    assert_ne!(rows(0), rows(2));
}
