//! Hand-checked expectations of the forecast models through the public API.

use sop_planner::engine::forecast::detect::{FindingKind, detect};
use sop_planner::engine::forecast::ets::{self, Error, Season, Spec, Trend};
use sop_planner::engine::forecast::optim::NmConfig;
use sop_planner::engine::forecast::{ModelKind, intermittent};
use sop_planner::engine::forecast::{Options, baseline_history, forecast};
use sop_planner::engine::model::{ForecastSettings, SkuHistory};
use sop_planner::engine::month::Month;

fn forced(k: ModelKind) -> Options {
    Options {
        model: Some(k),
        ..Options::default()
    }
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

#[test]
fn naive_repeats_the_last_value() {
    let f = forecast(
        &[3.0, 5.0, 4.0, 7.0, 6.0, 9.0],
        0,
        3,
        &forced(ModelKind::Naive),
    );
    assert_eq!(f.model, ModelKind::Naive);
    assert_eq!(f.point, vec![9.0, 9.0, 9.0]);
    // Fitted: the previous value (the first one is its own).
    assert_eq!(f.fitted, vec![3.0, 3.0, 5.0, 4.0, 7.0, 6.0]);
}

#[test]
fn seasonal_naive_repeats_the_last_season() {
    let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let f = forecast(&y, 4, 6, &forced(ModelKind::SeasonalNaive));
    assert_eq!(f.model, ModelKind::SeasonalNaive);
    assert!(
        close(&f.point, &[5.0, 6.0, 7.0, 8.0, 5.0, 6.0], 1e-9),
        "{:?}",
        f.point
    );
    assert!(close(&f.fitted[4..], &[1.0, 2.0, 3.0, 4.0], 1e-9));
}

#[test]
fn ses_fit_minimises_the_sse_over_alpha() {
    // For ETS(A,N,N) with ℓ0 fixed (mean of the first 10 values), the fitted α must be
    // at least as good as every α of a fine grid.
    let y = [
        10.0, 12.0, 9.0, 11.0, 14.0, 13.0, 12.0, 15.0, 14.0, 16.0, 15.0, 13.0, 17.0, 16.0,
    ];
    let spec = Spec::new(Error::Additive, Trend::None, Season::None);
    let mut ws = ets::Workspace::default();
    let cfg = NmConfig {
        max_evals: 500,
        tol_abs: 1e-12,
        tol_rel: 1e-12,
        step: 0.1,
    };
    let fit = ets::fit(&y, 0, spec, &mut ws, cfg).unwrap();
    let l0 = y[..10].iter().sum::<f64>() / 10.0;
    let sse = |a: f64| {
        let (mut l, mut s) = (l0, 0.0);
        for v in y {
            s += (v - l) * (v - l);
            l += a * (v - l);
        }
        (s, l)
    };
    let (best_sse, _) = (1..10000)
        .map(|i| sse(i as f64 / 10000.0))
        .fold((f64::INFINITY, 0.0), |a, b| if b.0 < a.0 { b } else { a });
    let (fit_sse, fit_level) = sse(fit.alpha);
    assert!(
        fit_sse <= best_sse + 1e-9,
        "α {} sse {fit_sse} > {best_sse}",
        fit.alpha
    );
    assert!((fit.mse - fit_sse / y.len() as f64).abs() < 1e-12);
    // The forecast is the last level, flat.
    let mut out = [0.0; 3];
    fit.forecast_into(&mut out);
    assert!(out.iter().all(|v| (v - fit_level).abs() < 1e-9));
}

#[test]
fn holt_extrapolates_an_exact_line() {
    let y: Vec<f64> = (0..24).map(|t| 100.0 + 5.0 * t as f64).collect();
    let f = forecast(&y, 0, 4, &forced(ModelKind::Holt));
    assert_eq!(f.model, ModelKind::Holt);
    assert!(
        close(&f.point, &[220.0, 225.0, 230.0, 235.0], 1e-6),
        "{:?}",
        f.point
    );
    // Perfect fit: no error, no interval width.
    assert!(f.sigma < 1e-6, "{}", f.sigma);
}

#[test]
fn damped_holt_flattens_the_trend() {
    let y: Vec<f64> = (0..30).map(|t| 50.0 + 2.0 * t as f64).collect();
    let f = forecast(&y, 0, 36, &forced(ModelKind::HoltDamped));
    let steps: Vec<f64> = f.point.windows(2).map(|w| w[1] - w[0]).collect();
    // Each step is φ times the one before (φ ≤ 0.98): strictly shrinking increments.
    assert!(steps.windows(2).all(|w| w[1] < w[0] + 1e-12), "{steps:?}");
    assert!(f.point[0] > 108.0 && f.point[0] < 112.0, "{:?}", f.point);
    assert!(
        f.point[35] < 50.0 + 2.0 * 65.0,
        "damped must stay below the straight line"
    );
}

#[test]
fn holt_winters_reproduces_a_trend_and_a_season() {
    let s = [-10.0, 0.0, 15.0, -5.0];
    let y: Vec<f64> = (0..40).map(|t| 200.0 + t as f64 + s[t % 4]).collect();
    let f = forecast(&y, 4, 8, &forced(ModelKind::HoltWintersAdditive));
    assert_eq!(f.model, ModelKind::HoltWintersAdditive);
    for (j, v) in f.point.iter().enumerate() {
        let want = 200.0 + (40 + j) as f64 + s[(40 + j) % 4];
        assert!((v - want).abs() < 3.0, "step {j}: {v} vs {want}");
    }
    let idx = [0.8, 1.2, 1.1, 0.9];
    let y: Vec<f64> = (0..48).map(|t| 100.0 * idx[t % 4]).collect();
    let f = forecast(&y, 4, 4, &forced(ModelKind::HoltWintersMultiplicative));
    assert_eq!(f.model, ModelKind::HoltWintersMultiplicative);
    assert!(
        close(&f.point, &[80.0, 120.0, 110.0, 90.0], 0.5),
        "{:?}",
        f.point
    );
}

#[test]
fn multiplicative_holt_winters_on_zeros_falls_back_to_additive() {
    let s = [0.0, 10.0, 20.0, 10.0];
    let y: Vec<f64> = (0..24).map(|t| s[t % 4] + (t % 3) as f64).collect();
    let f = forecast(&y, 4, 4, &forced(ModelKind::HoltWintersMultiplicative));
    assert_eq!(f.model, ModelKind::HoltWintersAdditive);
    assert!(f.point.iter().all(|v| v.is_finite() && *v >= 0.0));
}

#[test]
fn theta_adds_half_the_slope_to_ses() {
    // A noise-free line: SES (α → 1) ends at the last value; Theta adds half the slope
    // per step on top: forecasts 2 + …; here slope 2, so ≈ y_n + (h − 1 + 1/α) · 1.
    let y: Vec<f64> = (0..20).map(|t| 10.0 + 2.0 * t as f64).collect();
    let f = forecast(&y, 0, 3, &forced(ModelKind::Theta));
    assert_eq!(f.model, ModelKind::Theta);
    let d: Vec<f64> = f.point.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        close(&d, &[1.0, 1.0], 1e-9),
        "increments are half the slope: {d:?}"
    );
}

#[test]
fn theta_drift_recursion_by_hand() {
    // SES with drift d = 1 (ETS(A,Drift,N)): ŷ_t = ℓ_{t−1} + d, ℓ_t = ŷ_t + α e_t.
    // With the fitted α (whatever it is) the forecast must be ℓ_n + h·d.
    let y = [
        10.0, 11.5, 11.8, 13.6, 14.1, 15.2, 15.9, 17.3, 18.2, 18.8, 20.1, 21.0,
    ];
    let spec = Spec::new(Error::Additive, Trend::Drift, Season::None);
    let mut ws = ets::Workspace::default();
    let e = ets::fit_drift(&y, 0, spec, 1.0, &mut ws, NmConfig::default()).unwrap();
    assert_eq!(e.slope, 1.0);
    assert_eq!(e.beta, 0.0);
    let mut fitted = [0.0; 12];
    e.fitted_into(&y, &mut fitted);
    let mut l = e.l0;
    for (t, v) in y.iter().enumerate() {
        assert!((fitted[t] - (l + 1.0)).abs() < 1e-9);
        l = l + 1.0 + e.alpha * (v - (l + 1.0));
    }
    let mut out = [0.0; 3];
    e.forecast_into(&mut out);
    assert!(close(&out, &[l + 1.0, l + 2.0, l + 3.0], 1e-9));
}

#[test]
fn croston_sba_tsb_on_regular_intermittent_demand() {
    // 6 units every third month: 2 per month on average.
    let y: Vec<f64> = (0..36)
        .map(|t| if t % 3 == 2 { 6.0 } else { 0.0 })
        .collect();
    for k in [ModelKind::Croston, ModelKind::Sba, ModelKind::Tsb] {
        let f = forecast(&y, 12, 6, &forced(k));
        assert_eq!(f.model, k);
        assert!(
            f.point.windows(2).all(|w| w[0] == w[1]),
            "flat: {:?}",
            f.point
        );
        assert!(f.point[0] > 1.0 && f.point[0] < 2.5, "{k}: {:?}", f.point);
    }
    // Croston with the same constant: exact z/p = 6/3 = 2 (sizes and intervals constant).
    let (_, c) = intermittent::pass(&y, intermittent::Method::Croston, 0.2, 0.0, None);
    assert!((c - 2.0).abs() < 1e-12);
    // Automatic choice picks an intermittent model (ADI = 3 ≥ 1.32).
    let f = forecast(&y, 12, 6, &Options::default());
    assert!(
        f.model.is_intermittent() || f.model == ModelKind::Ses,
        "{}",
        f.model
    );
    // Five candidates scored by the backtest; the chosen one has the lowest MAE.
    assert_eq!(f.candidates.len(), 5);
    let chosen: Vec<_> = f.candidates.iter().filter(|c| c.weight == 1.0).collect();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].model, f.model);
    let best = f
        .candidates
        .iter()
        .map(|c| c.scores.mae)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(chosen[0].scores.mae, best);
    assert!(
        f.point.iter().all(|v| *v > 0.5 && *v < 3.5),
        "{:?}",
        f.point
    );
}

#[test]
fn automatic_choice_is_a_weighted_pool_with_scores() {
    let idx = [0.7, 0.9, 1.3, 1.1];
    let y: Vec<f64> = (0..48)
        .map(|t| (100.0 + 0.5 * t as f64) * idx[t % 4] + ((t * 7919) % 13) as f64 - 6.0)
        .collect();
    let f = forecast(&y, 4, 8, &Options::default());
    assert_eq!(f.model, ModelKind::Ensemble);
    assert!(f.seasonal);
    let pool: Vec<_> = f
        .candidates
        .iter()
        .filter(|c| c.model != ModelKind::Ensemble)
        .collect();
    assert!(pool.len() >= 5, "{:?}", f.candidates);
    let total: f64 = pool.iter().map(|c| c.weight).sum();
    assert!((total - 1.0).abs() < 1e-9, "weights sum to 1: {total}");
    assert!(pool.iter().all(|c| c.aicc.is_some()));
    // The combination comes first; members follow by weight.
    assert_eq!(f.candidates[0].model, ModelKind::Ensemble);
    assert!(f.candidates[0].backtested);
    assert!(pool.windows(2).all(|w| w[0].weight >= w[1].weight));
    // Backtest scores of the chosen combination are real numbers.
    assert!(f.scores.wape > 0.0 && f.scores.wape < 0.2, "{:?}", f.scores);
    assert!(f.scores.mase > 0.0);
    assert!(f.sigma > 0.0);
    // Seasonal pattern carried forward.
    assert!(
        f.point[2] > f.point[0] && f.point[2] > f.point[1],
        "{:?}",
        f.point
    );
}

#[test]
fn interval_widens_with_the_horizon_and_contains_the_point() {
    let y: Vec<f64> = (0..60)
        .map(|t| 50.0 + ((t * 37) % 11) as f64 + 0.3 * t as f64)
        .collect();
    let f = forecast(&y, 12, 12, &Options::default());
    for j in 0..12 {
        assert!(f.lower[j] <= f.point[j] && f.point[j] <= f.upper[j]);
    }
    let width: Vec<f64> = (0..12).map(|j| f.upper[j] - f.lower[j]).collect();
    assert!(width.windows(2).all(|w| w[1] >= w[0] - 1e-9), "{width:?}");
    // First step: ±q σ at least (q the 80 % quantile of the error's shape; the spread
    // of the pool's members adds to it).
    let q = sop_planner::engine::forecast::quantile(0.8, f.df);
    assert!(width[0] >= 2.0 * q * f.sigma * (1.0 - 1e-9), "{width:?}");
}

/// The history a baseline is forecast from, with every spike and dip suggestion
/// accepted (`outlier_cleansing` on): the one rule of the app and of `baselines`.
fn cleansed(y: &[f64], m: u32) -> Vec<f64> {
    let h = SkuHistory {
        sku: "A".into(),
        start: Month(24_000),
        units: y.to_vec(),
    };
    let settings = ForecastSettings {
        season_length: m,
        outlier_cleansing: true,
        ..ForecastSettings::default()
    };
    baseline_history(&settings, h.start.plus(y.len() as i32), &h).into_owned()
}

#[test]
fn a_spike_is_flagged_and_the_cleansed_history_forecasts_without_it() {
    let mut y: Vec<f64> = (0..36).map(|t| 100.0 + ((t * 13) % 7) as f64).collect();
    y[20] = 400.0;
    let found: Vec<(usize, FindingKind)> = detect(&y, 12, 3.0)
        .iter()
        .map(|f| (f.index, f.kind))
        .collect();
    assert_eq!(found, vec![(20, FindingKind::Spike)]);
    let clean = cleansed(&y, 12);
    assert!((clean[20] - 103.0).abs() < 6.0, "{}", clean[20]);
    assert_eq!(clean[..20], y[..20]);
    let f = forecast(&clean, 12, 6, &Options::default());
    // Without the spike the level is near 103.
    assert!(
        f.point.iter().all(|v| (v - 103.0).abs() < 6.0),
        "{:?}",
        f.point
    );
}

#[test]
fn model_names_round_trip() {
    for k in ModelKind::ALL {
        assert_eq!(k.name().parse::<ModelKind>().unwrap(), k);
        assert_eq!(k.to_string(), k.name());
    }
    assert_eq!(
        "holt_winters_additive".parse::<ModelKind>(),
        Ok(ModelKind::HoltWintersAdditive)
    );
    let err = "arima".parse::<ModelKind>().unwrap_err();
    assert!(err.to_string().contains("unknown model `arima`"));
}

#[test]
fn cleansing_leaves_clean_data_and_the_edges_alone() {
    // Spikes and dips: what the cleansing accepts without a decision (a level shift
    // always waits for the planner's).
    let flagged = |y: &[f64]| -> Vec<usize> {
        detect(y, 12, 3.0)
            .iter()
            .filter(|f| f.kind != FindingKind::LevelShift)
            .map(|f| f.index)
            .collect()
    };
    // A clean line with mild noise: no spike or dip.
    let y: Vec<f64> = (0..40)
        .map(|t| 20.0 + 0.5 * t as f64 + ((t * 5) % 3) as f64)
        .collect();
    assert!(flagged(&y).is_empty());
    assert_eq!(cleansed(&y, 12), y);
    // Non-seasonal: a dip in the middle is replaced; the same dip in the last two
    // points is not judged (it may be a new level).
    let mut mid = y.clone();
    mid[15] = 0.0;
    assert_eq!(flagged(&mid), vec![15]);
    assert!(cleansed(&mid, 12)[15] > 20.0);
    let mut end = y.clone();
    end[38] = 0.0;
    assert!(flagged(&end).is_empty());
}
