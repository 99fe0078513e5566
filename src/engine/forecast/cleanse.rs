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
/// error and the robust σ is not shrunk by exact zeros);
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
    let mut season = vec![0.0; n];
    if seasonal {
        // Local seasonal index: median of the detrended values of the same month in the
        // two years before and after (so an evolving pattern is followed).
        for (t, s) in season.iter_mut().enumerate() {
            win.clear();
            for k in [-2i64, -1, 1, 2] {
                let u = t as i64 + k * m as i64;
                if (0..n as i64).contains(&u) {
                    win.push(y[u as usize] - trend[u as usize]);
                }
            }
            *s = median_of(&mut win);
        }
    }
    let base: Vec<f64> = trend.iter().zip(&season).map(|(t, s)| t + s).collect();
    let resid: Vec<f64> = (0..n).map(|t| y[t] - base[t]).collect();
    let center = median_of(&mut resid.clone());
    let mut dev: Vec<f64> = resid.iter().map(|r| (r - center).abs()).collect();
    let mut sigma = 1.4826 * median_of(&mut dev);
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
