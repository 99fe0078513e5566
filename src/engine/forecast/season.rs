//! Seasonality: the autocorrelation test and classical decomposition.

/// Autocorrelation of `y` at `lag`: r_k = Σ_{t≥k} (y_t − ȳ)(y_{t−k} − ȳ) / Σ_t (y_t − ȳ)².
/// Zero for a constant series or a lag outside the series.
pub fn acf(y: &[f64], lag: usize) -> f64 {
    let n = y.len();
    if lag >= n || n < 2 {
        return 0.0;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let den: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    if den <= 0.0 || !den.is_finite() {
        return 0.0;
    }
    let num: f64 = (lag..n).map(|t| (y[t] - mean) * (y[t - lag] - mean)).sum();
    num / den
}

/// The 90 % seasonality test of the M4 benchmarks: seasonal when
/// |r_m| > 1.645 · √((1 + 2 Σ_{k=1}^{m−1} r_k²) / n), with the standard error of r_m
/// from Bartlett's formula. Needs at least three full seasons (`n ≥ 3m`) and `m ≥ 2`.
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m < 2 || n < 3 * m {
        return false;
    }
    let s: f64 = (1..m).map(|k| acf(y, k).powi(2)).sum();
    let limit = 1.645 * ((1.0 + 2.0 * s) / n as f64).sqrt();
    acf(y, m).abs() > limit
}

/// How a seasonal pattern combines with the level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeasonKind {
    /// y = trend + season; indices sum to 0.
    Additive,
    /// y = trend × season; indices average 1.
    Multiplicative,
}

/// Seasonal indices by classical decomposition: a centred moving average of order `m`
/// (2×m when `m` is even) estimates the trend; the detrended values (y/T or y − T) are
/// averaged by position in the season and normalised (mean 1, or sum 0).
///
/// `indices[i]` belongs to periods `t` with `t mod m = i` (t counted from the first
/// value of `y`). Multiplicative is used when asked and every trend value is positive;
/// otherwise additive. Returns `None` when `y` has fewer than `2m` values.
pub fn decompose(y: &[f64], m: usize, want: SeasonKind) -> Option<(SeasonKind, Vec<f64>)> {
    let n = y.len();
    if m < 2 || n < 2 * m {
        return None;
    }
    // Centred moving average: trend[t] for t in half..n-half.
    let half = m / 2;
    let even = m.is_multiple_of(2);
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    let mut kind = want;
    let mut trend = Vec::with_capacity(n);
    for t in half..n - half {
        let tr = if even {
            // (½y_{t−h} + y_{t−h+1} + … + y_{t+h−1} + ½y_{t+h}) / m
            let inner: f64 = y[t + 1 - half..t + half].iter().sum();
            (0.5 * y[t - half] + inner + 0.5 * y[t + half]) / m as f64
        } else {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        if tr <= 0.0 {
            kind = SeasonKind::Additive;
        }
        trend.push((t, tr));
    }
    if trend.is_empty() {
        return None;
    }
    for &(t, tr) in &trend {
        let d = match kind {
            SeasonKind::Multiplicative => y[t] / tr,
            SeasonKind::Additive => y[t] - tr,
        };
        sums[t % m] += d;
        counts[t % m] += 1;
    }
    let mut idx: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { f64::NAN })
        .collect();
    // Positions without a detrended value (cannot happen for n ≥ 2m) get the neutral index.
    let neutral = match kind {
        SeasonKind::Multiplicative => 1.0,
        SeasonKind::Additive => 0.0,
    };
    for v in idx.iter_mut() {
        if !v.is_finite() {
            *v = neutral;
        }
    }
    let mean = idx.iter().sum::<f64>() / m as f64;
    match kind {
        SeasonKind::Multiplicative => {
            if mean <= 0.0 || !mean.is_finite() {
                return None;
            }
            for v in idx.iter_mut() {
                *v /= mean;
            }
            // An index at or below zero cannot divide the series: fall back to additive.
            if idx.iter().any(|v| *v <= 1e-3) {
                return decompose(y, m, SeasonKind::Additive);
            }
        }
        SeasonKind::Additive => {
            for v in idx.iter_mut() {
                *v -= mean;
            }
        }
    }
    Some((kind, idx))
}

/// Seasonal indices from all of `y` by a trend line and seasonal terms fitted
/// together. Additive: the least-squares fit of y_t = a + b t + s_{t mod m} (b from the
/// within-position regression, exact). Multiplicative: y_t = (a + b t) s_{t mod m},
/// alternating the mean per position of y / line and the least-squares line through
/// y / s, from the additive line, until the indices settle. Indices are normalised
/// (sum 0, or mean 1). Unlike [`decompose`] no value is lost at the ends, which
/// matters with two or three seasons. `None` if `y` has fewer than `2m` values or the
/// line is not positive where a multiplicative pattern needs it.
pub fn regression_indices(y: &[f64], m: usize, kind: SeasonKind) -> Option<Vec<f64>> {
    let n = y.len();
    if m < 2 || n < 2 * m {
        return None;
    }
    // Within-position means of t and y, then the common slope.
    let mut tbar = vec![0.0; m];
    let mut ybar = vec![0.0; m];
    let mut cnt = vec![0.0; m];
    for (t, v) in y.iter().enumerate() {
        tbar[t % m] += t as f64;
        ybar[t % m] += v;
        cnt[t % m] += 1.0;
    }
    for i in 0..m {
        tbar[i] /= cnt[i];
        ybar[i] /= cnt[i];
    }
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in y.iter().enumerate() {
        let dt = t as f64 - tbar[t % m];
        sxy += dt * (v - ybar[t % m]);
        sxx += dt * dt;
    }
    let mut slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let mut idx: Vec<f64> = (0..m).map(|i| ybar[i] - slope * tbar[i]).collect();
    let mean = idx.iter().sum::<f64>() / m as f64;
    idx.iter_mut().for_each(|v| *v -= mean);
    if kind == SeasonKind::Additive {
        return idx.iter().all(|v| v.is_finite()).then_some(idx);
    }
    let mut level = mean;
    let tm = (n as f64 - 1.0) / 2.0;
    let sxx_t: f64 = (0..n).map(|t| (t as f64 - tm).powi(2)).sum();
    let mut sums = vec![0.0; m];
    for _ in 0..50 {
        // Indices: mean of y / line per position, normalised to mean 1.
        sums.iter_mut().for_each(|s| *s = 0.0);
        for (t, v) in y.iter().enumerate() {
            let line = level + slope * t as f64;
            if line <= 0.0 {
                return None;
            }
            sums[t % m] += v / line;
        }
        let c = (0..m).map(|i| sums[i] / cnt[i]).sum::<f64>() / m as f64;
        if c <= 0.0 || !c.is_finite() {
            return None;
        }
        let mut change: f64 = 0.0;
        for i in 0..m {
            let new = sums[i] / cnt[i] / c;
            change = change.max((new - idx[i]).abs());
            idx[i] = new;
        }
        if idx.iter().any(|v| *v <= 1e-3) {
            return None;
        }
        // Line through the adjusted values.
        let ym = (0..n).map(|t| y[t] / idx[t % m]).sum::<f64>() / n as f64;
        slope = (0..n)
            .map(|t| (t as f64 - tm) * (y[t] / idx[t % m] - ym))
            .sum::<f64>()
            / sxx_t;
        level = ym - slope * tm;
        if change < 1e-10 {
            break;
        }
    }
    idx.iter().all(|v| v.is_finite()).then_some(idx)
}

/// A fixed seasonal pattern: `index[t mod m]` applies at period `t` (from the series start).
#[derive(Clone, Debug, PartialEq)]
pub struct Seasonal {
    pub kind: SeasonKind,
    pub index: Vec<f64>,
}

impl Seasonal {
    pub fn m(&self) -> usize {
        self.index.len()
    }

    /// Removes the pattern: y_t / s_t or y_t − s_t, written into `out`.
    pub fn adjust(&self, y: &[f64], out: &mut Vec<f64>) {
        let m = self.m();
        out.clear();
        out.extend(y.iter().enumerate().map(|(t, v)| match self.kind {
            SeasonKind::Multiplicative => v / self.index[t % m],
            SeasonKind::Additive => v - self.index[t % m],
        }));
    }

    /// Puts the pattern back on values starting at period `start`.
    pub fn restore(&self, start: usize, v: &mut [f64]) {
        let m = self.m();
        for (j, x) in v.iter_mut().enumerate() {
            let s = self.index[(start + j) % m];
            match self.kind {
                SeasonKind::Multiplicative => *x *= s,
                SeasonKind::Additive => *x += s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acf_by_hand() {
        // y = 1,2,3,4; mean 2.5; deviations -1.5,-0.5,0.5,1.5; Σd² = 5.
        // lag 1: (-0.5·-1.5) + (0.5·-0.5) + (1.5·0.5) = 0.75 - 0.25 + 0.75 = 1.25 → 0.25.
        let y = [1.0, 2.0, 3.0, 4.0];
        assert!((acf(&y, 1) - 0.25).abs() < 1e-12);
        // lag 2: (0.5·-1.5) + (1.5·-0.5) = -1.5 → -0.3.
        assert!((acf(&y, 2) + 0.3).abs() < 1e-12);
        assert_eq!(acf(&[2.0, 2.0, 2.0], 1), 0.0);
        assert_eq!(acf(&y, 4), 0.0);
    }

    #[test]
    fn detects_a_clear_seasonal_pattern_and_rejects_noise_free_trend() {
        let pattern = [1.0, 3.0, 5.0, 2.0];
        let y: Vec<f64> = (0..24).map(|t| 10.0 + pattern[t % 4]).collect();
        assert!(is_seasonal(&y, 4));
        let trend: Vec<f64> = (0..24).map(|t| t as f64).collect();
        assert!(!is_seasonal(&trend, 4));
        // Too short: fewer than three seasons.
        assert!(!is_seasonal(&y[..11], 4));
    }

    #[test]
    fn decomposition_recovers_multiplicative_indices() {
        let idx = [0.5, 1.5, 1.0, 1.0];
        let y: Vec<f64> = (0..16).map(|t| 100.0 * idx[t % 4]).collect();
        let (kind, s) = decompose(&y, 4, SeasonKind::Multiplicative).unwrap();
        assert_eq!(kind, SeasonKind::Multiplicative);
        for i in 0..4 {
            assert!((s[i] - idx[i]).abs() < 1e-12, "{s:?}");
        }
    }

    #[test]
    fn decomposition_additive_with_trend() {
        // y_t = 2t + s_t with s = (-1, 1, -1, 1): exactly removed by the 2×4 MA.
        let sidx = [-1.0, 1.0, -1.0, 1.0];
        let y: Vec<f64> = (0..20).map(|t| 2.0 * t as f64 + sidx[t % 4]).collect();
        let (kind, s) = decompose(&y, 4, SeasonKind::Additive).unwrap();
        assert_eq!(kind, SeasonKind::Additive);
        for i in 0..4 {
            assert!((s[i] - sidx[i]).abs() < 1e-12, "{s:?}");
        }
        let seas = Seasonal { kind, index: s };
        let mut adj = Vec::new();
        seas.adjust(&y, &mut adj);
        assert!((adj[5] - 10.0).abs() < 1e-12);
        let mut f = [40.0, 42.0];
        seas.restore(20, &mut f);
        assert_eq!(f, [39.0, 43.0]);
    }

    #[test]
    fn non_positive_series_falls_back_to_additive() {
        let y: Vec<f64> = (0..24)
            .map(|t| if t % 3 == 0 { -5.0 } else { 1.0 })
            .collect();
        let (kind, _) = decompose(&y, 3, SeasonKind::Multiplicative).unwrap();
        assert_eq!(kind, SeasonKind::Additive);
        assert!(decompose(&y[..5], 3, SeasonKind::Additive).is_none());
    }

    #[test]
    fn regression_indices_use_every_value() {
        // Two seasons only: y_t = 100 + 2t + s_t (additive) and (100 + 2t)·s_t.
        let sa = [-6.0, -2.0, 0.0, 8.0];
        let y: Vec<f64> = (0..8).map(|t| 100.0 + 2.0 * t as f64 + sa[t % 4]).collect();
        let idx = regression_indices(&y, 4, SeasonKind::Additive).unwrap();
        for i in 0..4 {
            assert!((idx[i] - sa[i]).abs() < 1e-9, "{idx:?}");
        }
        let sm = [0.7, 0.9, 1.1, 1.3];
        let y: Vec<f64> = (0..8)
            .map(|t| (100.0 + 2.0 * t as f64) * sm[t % 4])
            .collect();
        let idx = regression_indices(&y, 4, SeasonKind::Multiplicative).unwrap();
        for i in 0..4 {
            assert!((idx[i] - sm[i]).abs() < 1e-6, "{idx:?}");
        }
        assert!((idx.iter().sum::<f64>() - 4.0).abs() < 1e-12);
        assert!(regression_indices(&y[..7], 4, SeasonKind::Additive).is_none());
    }
}
