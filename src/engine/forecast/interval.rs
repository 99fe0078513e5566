//! Prediction intervals (80 % and 95 %) around a forecast: the variance of the
//! combination per step ahead and the quantile that turns it into bounds.

use super::models::Method;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// z of the two-sided 80 % interval (the 90 % normal quantile).
pub const Z80: f64 = 1.281_551_565_545;
/// z of the two-sided 95 % interval (the 97.5 % normal quantile).
pub const Z95: f64 = 1.959_963_984_540;

/// σ of the one-step forecast error and the degrees of freedom of its shape: the RMS
/// of the `count` one-step errors after the backtest origin (`sse`; parameters fixed
/// there, out of sample), never below the in-sample one-step RMS error of the final fit
/// (`fitted` along `y`: a calm backtest window must not narrow the range below what the
/// history shows); with no backtest, the in-sample one and normal quantiles.
pub(super) fn sigma(sse: f64, count: usize, y: &[f64], fitted: &[f64]) -> (f64, Option<f64>) {
    let (mut ss, mut c) = (0.0, 0usize);
    for (a, f) in y.iter().zip(fitted).skip(1) {
        let e = a - f;
        if e.is_finite() {
            ss += e * e;
            c += 1;
        }
    }
    let insample = if c > 0 { (ss / c as f64).sqrt() } else { 0.0 };
    match count {
        0 => (insample, None),
        k => ((sse / k as f64).sqrt().max(insample), degrees_of_freedom(k)),
    }
}

/// Shape of the forecast error when σ rests on `k` backtest errors: a Student t with
/// ν = k degrees of freedom (few errors, heavy tails; `None` = normal below 3 errors).
pub fn degrees_of_freedom(k: usize) -> Option<f64> {
    (k >= 3).then_some(k as f64)
}

/// Two-sided quantile, in units of σ, of a range of `level` (e.g. 0.8) for an error of
/// standard deviation σ: a Student t with `df` = ν degrees of freedom scaled to variance
/// σ² (its (1 + level)/2 quantile × √((ν − 2)/ν)), so heavier tails widen the 95 % range
/// and narrow the 80 % one at the same σ; the standard normal's when `df` is `None`
/// (or ν ≤ 2, no finite variance).
pub fn quantile(level: f64, df: Option<f64>) -> f64 {
    let p = (1.0 + level.clamp(0.0, 0.999_999)) / 2.0;
    let normal = || Normal::standard().inverse_cdf(p);
    match df.filter(|d| d.is_finite() && *d > 2.0) {
        Some(d) => StudentsT::new(0.0, 1.0, d)
            .map_or_else(|_| normal(), |t| t.inverse_cdf(p) * ((d - 2.0) / d).sqrt()),
        None => normal(),
    }
}

/// Variance of the combined forecast j + 1 steps ahead as in Bayesian model averaging
/// (Raftery, Madigan & Hoeting 1997): within the members, σ² Σ_i w_i (1 + Σ_{l≤j} c_{i,l}²)
/// (`within[j]`, in units of σ², c the members' ψ-weights), plus between them,
/// Σ_i w_i (ŷ_{i,j} − ŷ_j)² (`between[j]`, in the data's units squared): the range
/// widens where the members disagree.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Spread {
    pub within: Vec<f64>,
    pub between: Vec<f64>,
}

/// The [`Spread`] of `method` around its forecast `point`.
pub(super) fn spread(method: &Method, point: &[f64]) -> Spread {
    let h = point.len();
    let mut within = vec![0.0; h];
    let mut between = vec![0.0; h];
    let mut buf = vec![0.0; h];
    for (w, f) in &method.members {
        f.forecast_into(&mut buf);
        let mut acc = 1.0;
        for j in 0..h {
            if j > 0 {
                let c = f.psi(j);
                acc += c * c;
            }
            let d = buf[j] - point[j];
            within[j] += w * acc;
            between[j] += w * d * d;
        }
    }
    Spread { within, between }
}

/// Bounds ŷ_j ± q √(max_{i≤j} σ² within_i + between_i) around `point` (never narrower
/// further ahead), finite, the lower one ≥ 0 when `nonneg`.
pub(super) fn bounds(
    point: &[f64],
    sigma: f64,
    spread: &Spread,
    q: f64,
    nonneg: bool,
) -> (Vec<f64>, Vec<f64>) {
    let mut lower = Vec::with_capacity(point.len());
    let mut upper = Vec::with_capacity(point.len());
    let mut var = 0.0f64;
    for (j, p) in point.iter().enumerate() {
        let within = spread.within.get(j).copied().unwrap_or(1.0).max(1.0);
        let between = spread.between.get(j).copied().unwrap_or(0.0).max(0.0);
        // Never narrower further ahead (the members' spread may shrink where they meet).
        var = var.max(sigma * sigma * within + between);
        let half = (q * var.sqrt()).min(f64::MAX);
        let half = if half.is_finite() { half } else { 0.0 };
        let lo = (p - half).max(-f64::MAX);
        lower.push(if nonneg { lo.max(0.0) } else { lo });
        upper.push((p + half).min(f64::MAX));
    }
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_the_tables() {
        assert!((quantile(0.8, None) - Z80).abs() < 1e-9);
        assert!((quantile(0.95, None) - Z95).abs() < 1e-9);
        // t tables: t(0.975, 10) = 2.228139, t(0.9, 10) = 1.372184, × √(8/10).
        let s = 0.8f64.sqrt();
        assert!((quantile(0.95, Some(10.0)) - 2.228_139 * s).abs() < 1e-5);
        assert!((quantile(0.8, Some(10.0)) - 1.372_184 * s).abs() < 1e-5);
        assert!(quantile(0.8, Some(10.0)) < Z80 && quantile(0.95, Some(10.0)) > Z95);
        assert_eq!(quantile(0.95, Some(2.0)), quantile(0.95, None));
        assert_eq!(degrees_of_freedom(2), None);
        assert_eq!(degrees_of_freedom(18), Some(18.0));
    }

    #[test]
    fn bounds_add_within_and_between_variance() {
        let s = Spread {
            within: vec![1.0, 2.0],
            between: vec![0.0, 5.0],
        };
        // σ = 2: half widths q·2 and q·√(4·2 + 5) = q·√13.
        let (lo, hi) = bounds(&[10.0, 10.0], 2.0, &s, 1.5, true);
        assert!((hi[0] - 13.0).abs() < 1e-12 && (lo[0] - 7.0).abs() < 1e-12);
        assert!((hi[1] - (10.0 + 1.5 * 13f64.sqrt())).abs() < 1e-12);
        let (lo, _) = bounds(&[1.0], 2.0, &s, 1.5, true);
        assert_eq!(lo[0], 0.0);
    }
}
