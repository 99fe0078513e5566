//! Forecast accuracy measures: WAPE, sMAPE, MASE, bias, tracking signal and forecast
//! value added (FVA) of one layer over another.
//!
//! Every function pairs `actual[i]` with `forecast[i]` over the shorter of the two
//! slices and skips pairs where either value is not finite (a missing actual).
//! Errors are e_i = f_i − a_i (positive = over-forecast) unless stated otherwise.
//! A measure is `None` when it is undefined: no valid pair, or a zero denominator.

/// Valid (actual, forecast) pairs.
fn pairs<'a>(actual: &'a [f64], forecast: &'a [f64]) -> impl Iterator<Item = (f64, f64)> + 'a {
    actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (*a, *f))
        .filter(|(a, f)| a.is_finite() && f.is_finite())
}

/// Weighted absolute percentage error: WAPE = Σ|f_i − a_i| / Σ|a_i| (a ratio; 0.12 = 12 %).
/// `None` when Σ|a_i| = 0 or no pair is valid.
pub fn wape(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let (mut num, mut den, mut k) = (0.0, 0.0, 0usize);
    for (a, f) in pairs(actual, forecast) {
        num += (f - a).abs();
        den += a.abs();
        k += 1;
    }
    (k > 0 && den > 0.0).then(|| num / den)
}

/// Symmetric MAPE, M3 definition, in percent:
/// sMAPE = (1/k) Σ 200 |a_i − f_i| / (|a_i| + |f_i|), a term with a_i = f_i = 0 counting 0.
/// `None` when no pair is valid.
pub fn smape(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let (mut sum, mut k) = (0.0, 0usize);
    for (a, f) in pairs(actual, forecast) {
        let den = a.abs() + f.abs();
        if den > 0.0 {
            sum += 200.0 * (a - f).abs() / den;
        }
        k += 1;
    }
    (k > 0).then(|| sum / k as f64)
}

/// In-sample MAE of the seasonal naive method, the MASE scale:
/// Q = mean_{t ≥ m} |y_t − y_{t−m}|. With `m` = 0 or `m ≥ len`, the naive lag 1 is used.
/// Non-finite differences are skipped. `None` when no difference exists.
pub fn seasonal_naive_scale(insample: &[f64], m: usize) -> Option<f64> {
    let m = if m == 0 || m >= insample.len() { 1 } else { m };
    let (mut sum, mut k) = (0.0, 0usize);
    for t in m..insample.len() {
        let d = insample[t] - insample[t - m];
        if d.is_finite() {
            sum += d.abs();
            k += 1;
        }
    }
    (k > 0).then(|| sum / k as f64)
}

/// Mean absolute scaled error: MASE = mean|f_i − a_i| / Q, with Q the in-sample MAE of
/// the seasonal naive method (see [`seasonal_naive_scale`]). `None` when Q = 0 or undefined.
pub fn mase(actual: &[f64], forecast: &[f64], insample: &[f64], m: usize) -> Option<f64> {
    let q = seasonal_naive_scale(insample, m)?;
    let mae = mae(actual, forecast)?;
    (q > 0.0).then(|| mae / q)
}

/// Mean absolute error: MAE = (1/k) Σ |f_i − a_i|.
pub fn mae(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let (mut sum, mut k) = (0.0, 0usize);
    for (a, f) in pairs(actual, forecast) {
        sum += (f - a).abs();
        k += 1;
    }
    (k > 0).then(|| sum / k as f64)
}

/// Relative bias: Σ (f_i − a_i) / Σ |a_i| (positive = over-forecast; 0.05 = 5 % too high).
/// `None` when Σ|a_i| = 0 or no pair is valid.
pub fn bias(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let (mut num, mut den, mut k) = (0.0, 0.0, 0usize);
    for (a, f) in pairs(actual, forecast) {
        num += f - a;
        den += a.abs();
        k += 1;
    }
    (k > 0 && den > 0.0).then(|| num / den)
}

/// Tracking signal: TS = Σ (a_i − f_i) / MAD with MAD = (1/k) Σ |a_i − f_i|.
/// Positive = demand above forecast (under-forecast); |TS| > 4 usually flags bias.
/// `None` when MAD = 0 or no pair is valid.
pub fn tracking_signal(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let (mut sum, mut abs, mut k) = (0.0, 0.0, 0usize);
    for (a, f) in pairs(actual, forecast) {
        sum += a - f;
        abs += (a - f).abs();
        k += 1;
    }
    let mad = abs / k.max(1) as f64;
    (k > 0 && mad > 0.0).then(|| sum / mad)
}

/// Forecast value added of a layer over the one before it, in WAPE points:
/// FVA = WAPE(before) − WAPE(after). Positive = the layer made the forecast better.
/// Both WAPEs use the same actuals; `None` when either is undefined.
pub fn fva(actual: &[f64], before: &[f64], after: &[f64]) -> Option<f64> {
    Some(wape(actual, before)? - wape(actual, after)?)
}

/// Share of actuals inside their interval, lower[i] ≤ a_i ≤ upper[i] (0–1).
/// `None` when no actual is finite.
pub fn coverage(actual: &[f64], lower: &[f64], upper: &[f64]) -> Option<f64> {
    let (mut inside, mut k) = (0usize, 0usize);
    for ((a, l), u) in actual.iter().zip(lower).zip(upper) {
        if a.is_finite() {
            k += 1;
            if *l <= *a && *a <= *u {
                inside += 1;
            }
        }
    }
    (k > 0).then(|| inside as f64 / k as f64)
}

/// Mean scaled interval score of a (1 − α) interval (M4 competition):
/// MSIS = mean_i [(U_i − L_i) + (2/α)(L_i − a_i)·1{a_i < L_i} + (2/α)(a_i − U_i)·1{a_i > U_i}] / Q,
/// Q the in-sample seasonal naive MAE ([`seasonal_naive_scale`]). `None` when Q = 0,
/// undefined, or no actual is finite.
pub fn msis(
    actual: &[f64],
    lower: &[f64],
    upper: &[f64],
    insample: &[f64],
    m: usize,
    alpha: f64,
) -> Option<f64> {
    let q = seasonal_naive_scale(insample, m)?;
    let (mut sum, mut k) = (0.0, 0usize);
    for ((a, l), u) in actual.iter().zip(lower).zip(upper) {
        if a.is_finite() && l.is_finite() && u.is_finite() {
            sum += (u - l) + 2.0 / alpha * ((l - a).max(0.0) + (a - u).max(0.0));
            k += 1;
        }
    }
    (k > 0 && q > 0.0).then(|| sum / k as f64 / q)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: [f64; 4] = [10.0, 20.0, 0.0, 30.0];
    const F: [f64; 4] = [12.0, 15.0, 0.0, 30.0];

    #[test]
    fn wape_by_hand() {
        // |2| + |−5| + 0 + 0 = 7 over 60.
        assert!((wape(&A, &F).unwrap() - 7.0 / 60.0).abs() < 1e-12);
        assert_eq!(wape(&[0.0, 0.0], &[1.0, 1.0]), None);
        assert_eq!(wape(&[], &[]), None);
    }

    #[test]
    fn coverage_and_msis_by_hand() {
        // Inside, inside (on the bound), below by 2, above by 1, missing.
        let a = [5.0, 8.0, 1.0, 11.0, f64::NAN];
        let lo = [4.0, 4.0, 3.0, 4.0, 4.0];
        let hi = [8.0, 8.0, 7.0, 10.0, 8.0];
        assert_eq!(coverage(&a, &lo, &hi), Some(0.5));
        assert_eq!(coverage(&[f64::NAN], &lo, &hi), None);
        // Widths 4 + 4 + 4 + 6 = 18; penalties (2/0.05)·2 = 80 and 40·1 = 40 → 138 / 4;
        // in-sample 1, 3, 2, 6 with m = 2 → Q = 2 → 34.5 / 2 = 17.25.
        let ins = [1.0, 3.0, 2.0, 6.0];
        let v = msis(&a, &lo, &hi, &ins, 2, 0.05).unwrap();
        assert!((v - 17.25).abs() < 1e-12, "{v}");
        assert_eq!(msis(&a, &lo, &hi, &[1.0, 1.0, 1.0], 2, 0.05), None);
    }

    #[test]
    fn smape_by_hand() {
        // 200·2/22 = 18.1818…, 200·5/35 = 28.5714…, 0 (0/0), 0 → mean over 4.
        let want = (400.0 / 22.0 + 1000.0 / 35.0) / 4.0;
        assert!((smape(&A, &F).unwrap() - want).abs() < 1e-12);
        // A forecast of 0 for a positive actual costs the maximum 200.
        assert_eq!(smape(&[5.0], &[0.0]), Some(200.0));
    }

    #[test]
    fn mase_by_hand() {
        // In-sample 1,3,2,6 with m = 2: |2−1| = 1, |6−3| = 3 → Q = 2.
        let ins = [1.0, 3.0, 2.0, 6.0];
        assert_eq!(seasonal_naive_scale(&ins, 2), Some(2.0));
        // MAE of A vs F = 7/4 → MASE 0.875.
        assert!((mase(&A, &F, &ins, 2).unwrap() - 0.875).abs() < 1e-12);
        // m ≥ length falls back to lag 1: |2|,|1|,|4| → 7/3.
        assert!((seasonal_naive_scale(&ins, 12).unwrap() - 7.0 / 3.0).abs() < 1e-12);
        assert_eq!(mase(&A, &F, &[5.0, 5.0, 5.0], 1), None);
    }

    #[test]
    fn bias_and_tracking_signal_by_hand() {
        // Σ(f − a) = 2 − 5 = −3 over 60 → −0.05.
        assert!((bias(&A, &F).unwrap() + 0.05).abs() < 1e-12);
        // Σ(a − f) = 3, MAD = 7/4 → TS = 12/7.
        assert!((tracking_signal(&A, &F).unwrap() - 12.0 / 7.0).abs() < 1e-12);
        assert_eq!(tracking_signal(&A, &A), None);
    }

    #[test]
    fn fva_by_hand_and_missing_actuals_skipped() {
        let before = [20.0, 20.0, 0.0, 20.0]; // errors 10, 0, 0, 10 → 20/60
        let v = fva(&A, &before, &F).unwrap();
        assert!((v - (20.0 - 7.0) / 60.0).abs() < 1e-12);
        let a = [10.0, f64::NAN, 30.0];
        let f = [11.0, 99.0, 27.0];
        assert!((wape(&a, &f).unwrap() - 4.0 / 40.0).abs() < 1e-12);
        assert_eq!(mae(&a, &f), Some(2.0));
    }
}
