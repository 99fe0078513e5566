//! Properties of `forecast` over many generated and degenerate series: never a panic,
//! every output finite, the right lengths, non-negative for non-negative data, the
//! interval around the point, deterministic.

use sop_planner::engine::forecast::{Forecast, ModelKind, Options, baseline_history, forecast};
use sop_planner::engine::model::{ForecastSettings, SkuHistory};
use sop_planner::engine::month::Month;

/// Small deterministic generator (64-bit LCG), uniform in [0, 1).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn check(y: &[f64], m: usize, h: usize, opts: &Options) -> Forecast {
    let f = forecast(y, m, h, opts);
    let ctx = format!("y={y:?} m={m} h={h} model={}", f.model);
    assert_eq!(f.point.len(), h, "{ctx}");
    assert_eq!(f.lower.len(), h, "{ctx}");
    assert_eq!(f.upper.len(), h, "{ctx}");
    assert_eq!(f.fitted.len(), y.len(), "{ctx}");
    let all = f
        .point
        .iter()
        .chain(&f.lower)
        .chain(&f.upper)
        .chain(&f.fitted)
        .chain([&f.sigma, &f.scores.wape, &f.scores.mase, &f.scores.bias]);
    for v in all {
        assert!(v.is_finite(), "non-finite output: {ctx}");
    }
    assert!(f.sigma >= 0.0, "{ctx}");
    for j in 0..h {
        assert!(
            f.lower[j] <= f.point[j] && f.point[j] <= f.upper[j],
            "{ctx}"
        );
    }
    let nonneg = y.iter().filter(|v| v.is_finite()).all(|v| *v >= 0.0);
    if nonneg {
        for v in f.point.iter().chain(&f.lower).chain(&f.fitted) {
            assert!(*v >= 0.0, "negative forecast of non-negative data: {ctx}");
        }
    }
    for c in &f.candidates {
        assert!(c.weight.is_finite() && c.scores.mae.is_finite(), "{ctx}");
    }
    f
}

/// Series of many shapes: level, trend, seasonality, noise, zeros, negatives, gaps.
fn generated(seed: u64) -> Vec<f64> {
    let mut r = Lcg(seed);
    let n = (r.next() * 80.0) as usize;
    let level = 10f64.powf(r.next() * 8.0 - 2.0);
    let trend = (r.next() - 0.5) * level * 0.05;
    let amp = r.next() * level * 0.5;
    let noise = r.next() * level * 0.3;
    let zeros = r.next() < 0.2;
    let negative = r.next() < 0.15;
    let gaps = r.next() < 0.2;
    (0..n)
        .map(|t| {
            let mut v = level
                + trend * t as f64
                + amp * (t as f64 * std::f64::consts::PI / 6.0).sin()
                + noise * (r.next() - 0.5);
            if zeros && r.next() < 0.5 {
                v = 0.0;
            }
            if !negative {
                v = v.max(0.0);
            }
            if gaps && r.next() < 0.1 {
                v = f64::NAN;
            }
            v
        })
        .collect()
}

#[test]
fn generated_series_give_finite_sane_forecasts() {
    let opts = Options::default();
    for seed in 0..300u64 {
        let y = generated(seed);
        let h = 1 + (seed as usize % 24);
        check(&y, 12, h, &opts);
        if seed % 5 == 0 {
            // From the history with every spike and dip suggestion accepted.
            let hist = SkuHistory {
                sku: "A".into(),
                start: Month(24_000),
                units: y.clone(),
            };
            let settings = ForecastSettings {
                season_length: 4,
                outlier_cleansing: true,
                ..ForecastSettings::default()
            };
            let clean = baseline_history(&settings, hist.start.plus(y.len() as i32), &hist);
            check(&clean, 4, h, &opts);
        }
    }
}

#[test]
fn every_forced_model_is_safe_on_every_shape() {
    for k in ModelKind::ALL {
        let opts = Options {
            model: Some(k),
            ..Options::default()
        };
        for seed in 1000..1040u64 {
            let f = check(&generated(seed), 12, 6, &opts);
            if k == ModelKind::NoHistory {
                assert!(f.point.iter().all(|v| *v == 0.0));
            }
        }
    }
}

#[test]
fn degenerate_histories() {
    let o = Options::default();
    // Empty and all missing: a zero forecast, model `none`.
    for y in [vec![], vec![f64::NAN; 5], vec![f64::INFINITY, f64::NAN]] {
        let f = check(&y, 12, 3, &o);
        assert_eq!(f.model, ModelKind::NoHistory);
        assert_eq!(f.point, vec![0.0; 3]);
    }
    // One value, constant, all zeros: repeated exactly, no uncertainty.
    for (y, v) in [
        (vec![7.5], 7.5),
        (vec![4.0; 30], 4.0),
        (vec![0.0; 30], 0.0),
        (vec![-3.0; 10], -3.0),
    ] {
        let f = check(&y, 12, 4, &o);
        assert_eq!(f.point, vec![v; 4], "{y:?}");
        assert_eq!(f.sigma, 0.0);
    }
    // Two or three values: too short for a backtest.
    let f = check(&[1.0, 2.0], 12, 5, &o);
    assert!(f.candidates.iter().all(|c| !c.backtested));
    check(&[5.0, 0.0, 5.0], 12, 5, &o);
    // h = 0.
    let f = check(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 12, 0, &o);
    assert!(f.point.is_empty());
}

#[test]
fn negative_series_may_be_forecast_negative() {
    let y: Vec<f64> = (0..40).map(|t| -100.0 - 2.0 * t as f64).collect();
    let f = check(&y, 12, 6, &Options::default());
    assert!(f.point[5] < -170.0, "{:?}", f.point);
}

#[test]
fn huge_and_tiny_values_are_safe_and_scale_equivariant() {
    let base: Vec<f64> = (0..48)
        .map(|t| 100.0 + 10.0 * ((t % 12) as f64) + ((t * 7) % 5) as f64)
        .collect();
    let f1 = check(&base, 12, 12, &Options::default());
    for scale in [1e300, 1e-300, 1e6] {
        let y: Vec<f64> = base.iter().map(|v| v * scale).collect();
        let f = check(&y, 12, 12, &Options::default());
        for (a, b) in f.point.iter().zip(&f1.point) {
            assert!(
                (a / scale - b).abs() <= 1e-6 * b.abs(),
                "{scale}: {a} vs {b}"
            );
        }
    }
    // Values near the largest double: finite outputs (saturated if need be).
    let y: Vec<f64> = (0..30)
        .map(|t| f64::MAX / 2.0 * (1.0 + t as f64 / 30.0))
        .collect();
    check(&y, 12, 6, &Options::default());
}

#[test]
fn missing_values_are_interpolated() {
    let mut y: Vec<f64> = (0..36).map(|t| 10.0 + t as f64).collect();
    let f_full = check(&y, 12, 3, &Options::default());
    y[10] = f64::NAN;
    y[11] = f64::NAN;
    let f = check(&y, 12, 3, &Options::default());
    // The gap of a straight line is filled exactly: same forecast.
    for (a, b) in f.point.iter().zip(&f_full.point) {
        assert!((a - b).abs() < 1e-9);
    }
    // Leading and trailing gaps too.
    y[0] = f64::NAN;
    y[35] = f64::NAN;
    check(&y, 12, 3, &Options::default());
}

#[test]
fn leading_zeros_are_ignored() {
    let tail: Vec<f64> = (0..30).map(|t| 50.0 + ((t * 7) % 9) as f64).collect();
    let mut y = vec![0.0; 20];
    y.extend(&tail);
    let a = check(&y, 12, 6, &Options::default());
    let b = check(&tail, 12, 6, &Options::default());
    assert_eq!(a.point, b.point);
    assert_eq!(&a.fitted[..20], &[0.0; 20]);
}

#[test]
fn deterministic() {
    for seed in 2000..2030u64 {
        let y = generated(seed);
        let a = forecast(&y, 12, 12, &Options::default());
        let b = forecast(&y, 12, 12, &Options::default());
        assert_eq!(a, b);
    }
}
