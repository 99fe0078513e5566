//! The global autoregression (`forecast::global`): it recovers the coefficients of a
//! panel generated from it, never panics on short, constant, zero or negative series, and
//! its combination with the local forecast is the mean with the spread added.

use sop_planner::engine::forecast::global::{GlobalAr, combine};
use sop_planner::engine::forecast::{Options, forecast, quantile};

mod common;

/// The window's logged, level-normalised inputs (then 1 for the intercept) and its level.
fn inputs(x: &[f64], l: usize) -> (Vec<f64>, f64) {
    let w = &x[x.len() - l..];
    let s = w.iter().sum::<f64>() / l as f64;
    let mut z: Vec<f64> = w.iter().map(|v| (v / s).ln()).collect();
    z.push(1.0);
    (z, s)
}

#[test]
fn recovers_the_coefficients_of_a_generated_panel() {
    let ys = common::ar_panel(12345, 40, 200);
    let refs: Vec<&[f64]> = ys.iter().map(|v| v.as_slice()).collect();
    let g = GlobalAr::fit(&refs, 1, 3).expect("fits");
    assert_eq!((g.lags, g.coef.len(), g.windows), (12, 3, 40 * 188));
    // The logged inputs nearly sum to zero, so only differences between lags are
    // identified (the ridge takes the smallest b): b_12 − b_1 = 0.6, b_11 − b_1 = 0.2,
    // the others ≈ b_1.
    let b = &g.coef[0];
    assert!((b[11] - b[0] - 0.6).abs() < 0.05, "{b:?}");
    assert!((b[10] - b[0] - 0.2).abs() < 0.05, "{b:?}");
    assert!(b[1..10].iter().all(|c| (c - b[0]).abs() < 0.05), "{b:?}");
    // The forecast is the formula: s · exp(c + Σ b_i z_i) on the last 12 values.
    let y = &ys[3];
    let (z, s) = inputs(y, 12);
    let want = s * b.iter().zip(&z).map(|(b, z)| b * z).sum::<f64>().exp();
    let f = g.forecast(y, 3).unwrap();
    assert!((f[0] - want).abs() < 1e-9 * want, "{} {want}", f[0]);
}

#[test]
fn short_constant_zero_series_never_panic() {
    let ys = common::ar_panel(12345, 5, 60);
    let refs: Vec<&[f64]> = ys.iter().map(|v| v.as_slice()).collect();
    let g = GlobalAr::fit(&refs, 6, 6).expect("fits");
    let cases: Vec<Vec<f64>> = vec![
        vec![],
        vec![5.0; 40],
        vec![0.0; 40],
        vec![1.0, 2.0],
        vec![f64::NAN; 30],
        (0..40)
            .map(|t| if t % 3 == 0 { 4.0 } else { 0.0 })
            .collect(),
        (0..40).map(|t| 20.0 - t as f64).collect(),
    ];
    for y in &cases {
        assert!(g.forecast(y, 6).is_none(), "{y:?}");
        let local = forecast(y, 6, 6, &Options::default());
        let c = combine(&local, &[1.0; 6], 0.5, true);
        assert!(
            c.point
                .iter()
                .chain(&c.lower)
                .chain(&c.upper95)
                .all(|v| v.is_finite())
        );
    }
    assert!(g.forecast(&ys[0], 7).is_none(), "beyond the fitted steps");
    assert!(GlobalAr::fit(&[], 12, 6).is_none());
    assert!(GlobalAr::fit(&[&[1.0, 2.0, 3.0][..]], 12, 6).is_none());
}

#[test]
fn combination_is_the_mean_with_the_spread_added() {
    let y: Vec<f64> = (0..48)
        .map(|t| 100.0 + (t % 12) as f64 + (t * t % 7) as f64)
        .collect();
    let local = forecast(&y, 12, 2, &Options::default());
    let g = [local.point[0] + 10.0, local.point[1] - 10.0];
    let c = combine(&local, &g, 0.5, true);
    assert!((c.point[0] - (local.point[0] + 5.0)).abs() < 1e-9);
    let q = quantile(0.8, local.df);
    let d = local.upper[0] - local.point[0];
    let want = q * ((d / q).powi(2) + 25.0).sqrt();
    assert!((c.upper[0] - c.point[0] - want).abs() < 1e-9);
    assert!(c.upper[0] - c.point[0] > d);
}

#[test]
fn held_back_split_moves_the_test_part_into_training() {
    use sop_planner::cli::forecast_eval::{EvalSeries, holdback};
    let s = EvalSeries {
        id: "A".into(),
        values: (0..72).map(|t| t as f64).collect(),
        n_train: 60,
        h: 12,
        season_length: 12,
        category: String::new(),
    };
    let one = holdback(vec![s.clone()], 1);
    assert_eq!((one[0].n_train, one[0].values.len()), (48, 60));
    assert_eq!(holdback(vec![s.clone()], 3)[0].n_train, 24);
    assert!(holdback(vec![s.clone()], 4).is_empty(), "12 < two seasons");
    assert_eq!(holdback(vec![s.clone()], 0), vec![s]);
}
