//! The robust decomposition the history cleansing review judges a history against
//! ([`super::detect`]).

/// Median of a slice (sorted in place); 0 when empty.
pub(crate) fn median_of(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let k = v.len();
    match k {
        0 => 0.0,
        _ if k % 2 == 1 => v[k / 2],
        _ => 0.5 * (v[k / 2 - 1] + v[k / 2]),
    }
}

/// A robust decomposition of a series: the expected value `base[t]` = T_t + S_t of
/// each point, its residual, and the robust centre and σ of the residuals.
pub(crate) struct Robust {
    pub base: Vec<f64>,
    /// The seasonal part S_t of `base` (0 when not seasonal).
    pub season: Vec<f64>,
    pub resid: Vec<f64>,
    pub center: f64,
    pub sigma: f64,
}

/// The robust decomposition (so an outlier cannot hide itself or its neighbours, as it
/// would in the residuals of a model fitted with it):
/// trend T_t = median of the other values in a window of m + 1 periods around t when
/// seasonal, else 7; seasonal S_t = median of y_u − T_u over u = t ± m, t ± 2m, when
/// seasonal (leaving y_t itself out of both, so its residual is an honest prediction
/// error and the robust σ is not shrunk by exact zeros); when seasonal, a second pass
/// ([`second_pass`]: the trend a centred 2×m moving average of the series clipped to
/// the first pass ± 2.5 σ);
/// residuals r_t = y_t − T_t − S_t; σ = 1.4826 · median |r_t − median r| (the robust
/// standard deviation; the plain one if that is 0). `None` below 5 points or when σ is
/// 0 or not a number.
pub(crate) fn robust(y: &[f64], m: usize, seasonal: bool) -> Option<Robust> {
    let n = y.len();
    if n < 5 {
        return None;
    }
    let seasonal = seasonal && m >= 2 && n >= 2 * m;
    // Window of the running median: one full season (m + 1 values) when seasonal, so
    // the season averages out; at the ends the window is shifted inside, never cut
    // (a cut window of seasonal data is biased).
    let width = if seasonal { m + 1 } else { 7 }.min(n);
    let mut win = Vec::with_capacity(width);
    let trend: Vec<f64> = (0..n)
        .map(|t| {
            let start = t.saturating_sub(width / 2).min(n - width);
            win.clear();
            win.extend((start..start + width).filter(|&u| u != t).map(|u| y[u]));
            median_of(&mut win)
        })
        .collect();
    let season = if seasonal {
        local_season(y, &trend, m)
    } else {
        vec![0.0; n]
    };
    let base: Vec<f64> = trend.iter().zip(&season).map(|(t, s)| t + s).collect();
    let (base, season) = match seasonal.then(|| second_pass(y, m, &base)).flatten() {
        Some(second) => second,
        None => (base, season),
    };
    let resid: Vec<f64> = (0..n).map(|t| y[t] - base[t]).collect();
    let (center, mut sigma) = median_and_spread(&resid);
    if sigma <= 0.0 {
        let mean = resid.iter().sum::<f64>() / n as f64;
        sigma = (resid.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / n as f64).sqrt();
    }
    if sigma.is_nan() || sigma <= 0.0 {
        return None;
    }
    Some(Robust {
        base,
        season,
        resid,
        center,
        sigma,
    })
}

/// The median of `r` and its robust standard deviation 1.4826 · median |r − median r|.
pub(crate) fn median_and_spread(r: &[f64]) -> (f64, f64) {
    let c = median_of(&mut r.to_vec());
    let mut dev: Vec<f64> = r.iter().map(|v| (v - c).abs()).collect();
    (c, 1.4826 * median_of(&mut dev))
}

/// A second pass for a seasonal series: the running median of one season is a coarse
/// trend under a strong season (few values lie near a season's middle, so its median
/// jumps). The trend is the centred 2×m moving average instead (which cancels a stable
/// season exactly) of the series with every value clipped to the first pass's expected
/// value ± 2.5 robust σ (an outlier moves its neighbours' trend by at most 2.5 σ / m),
/// and with y_t's own place in its window taken by its first-pass expected value (left
/// out, as before). Linear beyond the first and last half season. The season is then as
/// in the first pass, on the clipped values. `None` (the first pass stands) for an exact
/// pattern, σ ≈ 0, which the first pass reproduces exactly.
fn second_pass(y: &[f64], m: usize, base1: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = y.len();
    if m < 2 || n < 2 * m {
        return None;
    }
    let r1: Vec<f64> = (0..n).map(|t| y[t] - base1[t]).collect();
    let (_, s1) = median_and_spread(&r1);
    // An exact pattern (σ = 0, or rounding noise) is left to the first pass, which
    // reproduces it exactly.
    let scale = y.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
    if s1.is_nan() || s1 <= 1e-9 * scale {
        return None;
    }
    // Every value clipped to the first pass's expected value ± 2.5 σ.
    let lim = 2.5 * s1;
    let c: Vec<f64> = (0..n)
        .map(|t| y[t].clamp(base1[t] - lim, base1[t] + lim))
        .collect();
    let h = m / 2;
    // Weights of the centred moving average: 2×m for even m (ends ½), m for odd m.
    let w = |k: usize| -> f64 {
        if m.is_multiple_of(2) && (k == 0 || k == 2 * h) {
            0.5 / m as f64
        } else {
            1.0 / m as f64
        }
    };
    let span = if m.is_multiple_of(2) { 2 * h + 1 } else { m };
    let half = span / 2;
    let mut trend = vec![f64::NAN; n];
    for t in half..n.saturating_sub(half) {
        let mut v = 0.0;
        for k in 0..span {
            let u = t + k - half;
            v += w(k) * if u == t { base1[t] } else { c[u] };
        }
        trend[t] = v;
    }
    // Linear beyond the ends, with the slope of the last half season computed
    // (n ≥ 2m leaves at least m + 1 of them).
    let (a, b) = (half, n - 1 - half);
    let k = half.max(1);
    let s0 = (trend[a + k] - trend[a]) / k as f64;
    let s1 = (trend[b] - trend[b - k]) / k as f64;
    for t in 0..a {
        trend[t] = trend[a] - (a - t) as f64 * s0;
    }
    for t in b + 1..n {
        trend[t] = trend[b] + (t - b) as f64 * s1;
    }
    let season = local_season(&c, &trend, m);
    let base = trend.iter().zip(&season).map(|(t, s)| t + s).collect();
    Some((base, season))
}

/// Local seasonal index S_t: the median of the detrended values y_u − T_u of the same
/// month in the two years before and after (u = t ± m, t ± 2m; not t itself), so an
/// evolving pattern is followed.
fn local_season(y: &[f64], trend: &[f64], m: usize) -> Vec<f64> {
    let n = y.len();
    let mut win = Vec::with_capacity(4);
    (0..n)
        .map(|t| {
            win.clear();
            for k in [-2i64, -1, 1, 2] {
                let u = t as i64 + k * m as i64;
                if (0..n as i64).contains(&u) {
                    win.push(y[u as usize] - trend[u as usize]);
                }
            }
            median_of(&mut win)
        })
        .collect()
}
