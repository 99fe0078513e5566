//! Nelder–Mead simplex minimisation inside a box, without allocation per evaluation.
//!
//! Vertices are clamped to `[lo, hi]` after every move (the usual "projected" variant);
//! coefficients are the standard ones (reflection 1, expansion 2, contraction ½,
//! shrink ½). Deterministic: same inputs, same path.

/// Largest dimension the optimiser supports (smoothing parameters plus initial states).
pub const MAX_DIM: usize = 20;

/// Stopping rules of [`nelder_mead`].
#[derive(Clone, Copy, Debug)]
pub struct NmConfig {
    /// Stop after this many objective evaluations.
    pub max_evals: usize,
    /// Stop once `f_worst − f_best ≤ tol_abs + tol_rel · |f_best|`.
    pub tol_abs: f64,
    pub tol_rel: f64,
    /// Initial simplex edge as a fraction of each parameter's range.
    pub step: f64,
}

impl Default for NmConfig {
    fn default() -> Self {
        NmConfig {
            max_evals: 400,
            tol_abs: 1e-8,
            tol_rel: 1e-8,
            step: 0.1,
        }
    }
}

/// Result of a minimisation: the best point (first `dim` entries used) and its value.
#[derive(Clone, Copy, Debug)]
pub struct NmResult {
    pub x: [f64; MAX_DIM],
    pub f: f64,
    pub evals: usize,
}

#[inline]
fn clamp_into(x: &mut [f64], lo: &[f64], hi: &[f64]) {
    for i in 0..x.len() {
        x[i] = x[i].clamp(lo[i], hi[i]);
    }
}

/// Minimises `f` over the box `lo ≤ x ≤ hi` from `x0` (clamped into the box).
///
/// A non-finite objective value is treated as `+∞`, so models may signal an
/// invalid region by returning `f64::INFINITY` or NaN.
pub fn nelder_mead<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    lo: &[f64],
    hi: &[f64],
    cfg: NmConfig,
) -> NmResult {
    let n = x0.len();
    assert!((1..=MAX_DIM).contains(&n) && lo.len() == n && hi.len() == n);
    let mut eval = |x: &[f64], count: &mut usize| {
        *count += 1;
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut evals = 0usize;
    // Simplex of n+1 vertices, stored flat.
    let mut pts = [[0.0f64; MAX_DIM]; MAX_DIM + 1];
    let mut vals = [0.0f64; MAX_DIM + 1];
    pts[0][..n].copy_from_slice(x0);
    clamp_into(&mut pts[0][..n], lo, hi);
    vals[0] = eval(&pts[0][..n], &mut evals);
    for i in 0..n {
        let mut p = pts[0];
        let range = hi[i] - lo[i];
        let step = cfg.step * if range.is_finite() { range } else { 1.0 };
        // Step away from the nearer bound so the vertex differs after clamping.
        if p[i] + step <= hi[i] {
            p[i] += step;
        } else {
            p[i] -= step;
        }
        clamp_into(&mut p[..n], lo, hi);
        pts[i + 1] = p;
        vals[i + 1] = eval(&p[..n], &mut evals);
    }
    // Running sum of the vertices: the centroid costs O(n) per iteration, not O(n²).
    let mut sum = [0.0f64; MAX_DIM];
    let resum = |pts: &[[f64; MAX_DIM]; MAX_DIM + 1], sum: &mut [f64; MAX_DIM]| {
        *sum = [0.0; MAX_DIM];
        for p in pts.iter().take(n + 1) {
            for i in 0..n {
                sum[i] += p[i];
            }
        }
    };
    resum(&pts, &mut sum);
    let mut moves = 0usize;
    loop {
        // Best (first lowest), worst (last highest) and second worst, in one scan each.
        let mut best = 0;
        let mut worst = 0;
        for k in 1..=n {
            if vals[k] < vals[best] {
                best = k;
            }
            if vals[k] >= vals[worst] {
                worst = k;
            }
        }
        if worst == best {
            worst = n;
        }
        let mut second = if worst == 0 { 1 } else { 0 };
        for k in 0..=n {
            if k != worst && vals[k] >= vals[second] {
                second = k;
            }
        }
        let fb = vals[best];
        let fw = vals[worst];
        if evals >= cfg.max_evals
            || (fw.is_finite() && fw - fb <= cfg.tol_abs + cfg.tol_rel * fb.abs())
        {
            return NmResult {
                x: pts[best],
                f: fb,
                evals,
            };
        }
        // Centroid of all but the worst; the sum is refreshed now and then against drift.
        moves += 1;
        if moves.is_multiple_of(64) {
            resum(&pts, &mut sum);
        }
        let mut c = [0.0f64; MAX_DIM];
        for i in 0..n {
            c[i] = (sum[i] - pts[worst][i]) / n as f64;
        }
        let mut replace = |pts: &mut [[f64; MAX_DIM]; MAX_DIM + 1],
                           vals: &mut [f64; MAX_DIM + 1],
                           x: [f64; MAX_DIM],
                           v: f64| {
            for i in 0..n {
                sum[i] += x[i] - pts[worst][i];
            }
            pts[worst] = x;
            vals[worst] = v;
        };
        let towards = |a: f64, pts_w: &[f64; MAX_DIM], c: &[f64; MAX_DIM]| {
            let mut p = [0.0f64; MAX_DIM];
            for i in 0..n {
                p[i] = c[i] + a * (pts_w[i] - c[i]);
            }
            clamp_into(&mut p[..n], lo, hi);
            p
        };
        let xr = towards(-1.0, &pts[worst], &c);
        let fr = eval(&xr[..n], &mut evals);
        if fr < fb {
            let xe = towards(-2.0, &pts[worst], &c);
            let fe = eval(&xe[..n], &mut evals);
            if fe < fr {
                replace(&mut pts, &mut vals, xe, fe);
            } else {
                replace(&mut pts, &mut vals, xr, fr);
            }
            continue;
        }
        if fr < vals[second] {
            replace(&mut pts, &mut vals, xr, fr);
            continue;
        }
        // Contraction: outside if the reflection improved on the worst, else inside.
        let (xc, fc) = if fr < fw {
            let xc = towards(-0.5, &pts[worst], &c);
            (xc, eval(&xc[..n], &mut evals))
        } else {
            let xc = towards(0.5, &pts[worst], &c);
            (xc, eval(&xc[..n], &mut evals))
        };
        if fc < fw.min(fr) {
            replace(&mut pts, &mut vals, xc, fc);
            continue;
        }
        // Shrink towards the best vertex.
        let pb = pts[best];
        for k in (0..=n).filter(|&k| k != best) {
            for i in 0..n {
                pts[k][i] = pb[i] + 0.5 * (pts[k][i] - pb[i]);
            }
            clamp_into(&mut pts[k][..n], lo, hi);
            vals[k] = eval(&pts[k][..n], &mut evals);
        }
        resum(&pts, &mut sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_minimum_of_quadratic_inside_box() {
        let r = nelder_mead(
            |x| (x[0] - 0.3).powi(2) + 2.0 * (x[1] + 0.2).powi(2),
            &[0.9, 0.9],
            &[-1.0, -1.0],
            &[1.0, 1.0],
            NmConfig {
                max_evals: 1000,
                tol_abs: 1e-14,
                tol_rel: 1e-12,
                step: 0.2,
            },
        );
        assert!((r.x[0] - 0.3).abs() < 1e-4, "{:?}", r.x);
        assert!((r.x[1] + 0.2).abs() < 1e-4, "{:?}", r.x);
        assert!(r.f < 1e-8);
    }

    #[test]
    fn respects_bounds_when_minimum_is_outside() {
        let r = nelder_mead(
            |x| (x[0] - 5.0).powi(2),
            &[0.5],
            &[0.0],
            &[1.0],
            NmConfig::default(),
        );
        assert!((r.x[0] - 1.0).abs() < 1e-6, "{:?}", r.x);
        assert!((r.f - 16.0).abs() < 1e-5);
    }

    #[test]
    fn rosenbrock_converges() {
        let r = nelder_mead(
            |x| 100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2),
            &[-1.2, 1.0],
            &[-5.0, -5.0],
            &[5.0, 5.0],
            NmConfig {
                max_evals: 5000,
                tol_abs: 1e-16,
                tol_rel: 1e-14,
                step: 0.05,
            },
        );
        assert!(
            (r.x[0] - 1.0).abs() < 1e-3 && (r.x[1] - 1.0).abs() < 2e-3,
            "{:?}",
            r.x
        );
    }

    #[test]
    fn nan_objective_is_avoided() {
        let r = nelder_mead(
            |x| {
                if x[0] < 0.2 {
                    f64::NAN
                } else {
                    (x[0] - 0.1).powi(2)
                }
            },
            &[0.8],
            &[0.0],
            &[1.0],
            NmConfig::default(),
        );
        assert!(r.f.is_finite());
        assert!(r.x[0] >= 0.2 && r.x[0] < 0.21, "{:?}", r.x);
    }
}
