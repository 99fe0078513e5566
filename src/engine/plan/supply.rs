//! Supply per SKU: safety stock, production strategy, lot sizing, projected inventory.
//!
//! Per month t, with demand D_t (consensus), production P_t, opening on-hand I_{-1}
//! and no opening backlog (B_{-1} = 0):
//!
//! ```text
//! S_t = min(D_t + B_{t−1}, I_{t−1} + P_t)     shipments (backlog served first)
//! I_t = I_{t−1} + P_t − S_t                   projected inventory (never negative)
//! B_t = D_t + B_{t−1} − S_t                   backlog   (Unmet::Backlog)
//! L_t = D_t − S_t, B_t = 0                    lost sales (Unmet::LostSales)
//! ```
//!
//! Strategies (net requirement includes the backlog, N_t = D_t + B_{t−1} − I_{t−1}):
//! - chase: `P_t = max(0, N_t + SS)`, then lot-sized;
//! - level: the need `N = max(0, Σ D + SS − I_{-1} − Σ overrides)` rounded up to whole
//!   production quanta `u = ⌈N / q⌉`, spread over the `m` months without an override as
//!   `⌊u / m⌋` quanta each and one more in the first `u mod m` of them, so the horizon's
//!   total is exact and the inventory ends at SS plus less than one quantum (when the
//!   even rate is under `lot_min`, every month makes the lot-sized even rate instead);
//! - target cover: `P_t = max(0, N_t + max(SS, forward demand))` where forward
//!   demand is the demand of the `c` months after t (fractional last month; past the
//!   horizon the last month's demand repeats);
//! - manual: only the planner's overrides, 0 elsewhere.
//!
//! A production override replaces the strategy's quantity in its month (not lot-sized:
//! the planner's number stands); later months react to the resulting inventory.
//! Lot sizing: `x > 0 → max(x, lot_min)` rounded up to a multiple of the production
//! quantum `q` ([`quantum`]): the lot multiple when it is > 0, else 1 — products are made
//! in whole units unless their lot multiple says otherwise (a continuous product, litres
//! or kilograms, takes a fractional multiple such as 0.001).

use super::Grid;
use crate::engine::model::{Strategy, Unmet};
use serde::Serialize;

/// Supply series, SKU × month, plus per-SKU figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SupplyPlan {
    /// Strategy used per SKU (after levers).
    pub strategy: Vec<Strategy>,
    /// SS = z(service level) · σ_e · √max(LT, 1), units.
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub safety_stock: Vec<f64>,
    pub production: Grid,
    pub shipments: Grid,
    /// Projected on-hand at the end of each month.
    pub inventory: Grid,
    /// Unshipped demand carried forward (backlog mode).
    pub backlog: Grid,
    /// Unshipped demand lost (lost-sales mode).
    pub lost: Grid,
    /// Months of forward demand the end-of-month inventory covers (capped at
    /// [`COVER_CAP`]).
    pub cover: Grid,
    /// Σ on-time shipments / Σ demand over the horizon (1 when there is no demand);
    /// on-time_t = S_t − B_{t−1} (what ships in the month it is demanded).
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub fill_rate: Vec<f64>,
}

impl SupplyPlan {
    pub fn zeros(n: usize, h: usize) -> Self {
        SupplyPlan {
            strategy: vec![Strategy::Chase; n],
            safety_stock: vec![0.0; n],
            production: Grid::zeros(n, h),
            shipments: Grid::zeros(n, h),
            inventory: Grid::zeros(n, h),
            backlog: Grid::zeros(n, h),
            lost: Grid::zeros(n, h),
            cover: Grid::zeros(n, h),
            fill_rate: vec![1.0; n],
        }
    }
}

/// The most months of forward demand a target-cover strategy may keep (two years).
pub const MAX_COVER_MONTHS: f64 = 24.0;

/// The one rule for a target cover's months, wherever they are typed, imported or
/// merged: a number from 0 (the safety stock only) to [`MAX_COVER_MONTHS`].
pub fn check_cover_months(months: f64) -> Result<(), String> {
    if months.is_finite() && (0.0..=MAX_COVER_MONTHS).contains(&months) {
        Ok(())
    } else {
        Err(format!(
            "months of cover must be from 0 to 24, got {months}"
        ))
    }
}

/// Months of cover reported when demand never consumes the inventory.
pub const COVER_CAP: f64 = 99.0;

/// Months of cover as the supply grid shows them: one decimal, `99+` at [`COVER_CAP`].
pub fn cover_text(months: f64, nf: crate::engine::number::NumberFormat) -> String {
    if months >= COVER_CAP {
        "99+".into()
    } else {
        crate::engine::format::fixed(months, 1, false, nf)
    }
}

/// Inverse of the standard normal CDF, Φ⁻¹(p), by Acklam's rational approximation
/// (relative error < 1.15e-9). `p ≤ 0` → −∞, `p ≥ 1` → +∞.
pub fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

/// Safety stock `SS = z(service_level) · σ_e · √max(LT, 1)`, floored at 0.
///
/// Lead time 0 uses 1 month: the plan is made in monthly buckets, so even a SKU made
/// within the month is exposed to one month of forecast error before the next plan can
/// react (a periodic review of one bucket). Service levels ≤ 0.5 give 0 (z ≤ 0); levels
/// outside (0, 1) or a non-finite σ give 0 (validation reports them).
pub fn safety_stock(service_level: f64, sigma: f64, lead_time: u32) -> f64 {
    let usable = service_level > 0.0 && service_level < 1.0 && sigma.is_finite() && sigma > 0.0;
    if !usable {
        return 0.0;
    }
    let z = inverse_normal(service_level);
    (z * sigma * (lead_time.max(1) as f64).sqrt()).max(0.0)
}

/// The production quantum of a product: its lot multiple when > 0, else 1 (whole units).
#[inline(always)]
pub fn quantum(lot_multiple: f64) -> f64 {
    if lot_multiple > 0.0 && lot_multiple.is_finite() {
        lot_multiple
    } else {
        1.0
    }
}

/// Lot sizing: 0 stays 0; otherwise at least `min`, rounded up to a multiple of
/// `multiple` (ignored when ≤ 0). A hair of float noise (1e-9) is not rounded up.
#[inline(always)]
pub fn lot_size(q: f64, min: f64, multiple: f64) -> f64 {
    if q <= 0.0 {
        return 0.0;
    }
    let q = if q < min { min } else { q };
    if multiple > 0.0 {
        // ceil by cast (no libm call in the hot loop); k ≥ 0 here.
        let k = q / multiple - 1e-9;
        let c = k as i64 as f64;
        (if c < k { c + 1.0 } else { c }) * multiple
    } else {
        q
    }
}

/// What the strategy needs of a SKU.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SkuSupply {
    pub on_hand: f64,
    pub safety_stock: f64,
    pub strategy: Strategy,
    pub lot_min: f64,
    pub lot_multiple: f64,
    pub unmet: Unmet,
}

/// One month of the projection: returns (S, I, B, L) from I_{t−1}, B_{t−1}, D_t, P_t.
#[inline(always)]
fn step(inv: f64, back: f64, d: f64, p: f64, unmet: Unmet) -> (f64, f64, f64, f64) {
    let need = d + back;
    let avail = inv + p;
    let s = if need < avail { need } else { avail };
    let i = avail - s;
    match unmet {
        Unmet::Backlog => (s, i, need - s, 0.0),
        Unmet::LostSales => (s, i, 0.0, need - s),
    }
}

/// Forward demand over the `months` after month t: D_{t+1} … fractional last month,
/// the last planned month's demand repeated past the horizon.
fn forward_demand(d: &[f64], t: usize, months: f64) -> f64 {
    let last = d.last().copied().unwrap_or(0.0);
    let mut left = months.max(0.0);
    let mut sum = 0.0;
    let mut k = t + 1;
    while left > 0.0 {
        if k >= d.len() {
            sum += left * last;
            break;
        }
        let w = left.min(1.0);
        sum += w * d[k];
        left -= w;
        k += 1;
    }
    sum
}

/// Production of one SKU by its strategy. `ovr[t]` is the override of month t, NaN
/// where none.
pub(crate) fn plan_production(d: &[f64], ovr: &[f64], s: &SkuSupply, out: &mut [f64]) {
    let ss = s.safety_stock;
    match s.strategy {
        Strategy::Manual => {
            for (o, v) in out.iter_mut().zip(ovr) {
                *o = if v.is_nan() { 0.0 } else { *v };
            }
        }
        Strategy::Level => {
            let mut free = 0usize;
            let mut fixed = 0.0;
            for v in ovr {
                if v.is_nan() {
                    free += 1;
                } else {
                    fixed += v;
                }
            }
            let total: f64 = d.iter().sum();
            let q = quantum(s.lot_multiple);
            let need = (total + ss - s.on_hand - fixed).max(0.0);
            // Whole quanta: ⌈N / q⌉ (a hair of float noise is not rounded up).
            let units = if free > 0 && need > 0.0 {
                let k = need / q - 1e-9;
                let c = k.floor();
                if c < k { c + 1.0 } else { c }
            } else {
                0.0
            };
            let base = (units / free.max(1) as f64).floor();
            let extra = units - base * free as f64;
            let even = base * q < s.lot_min && units > 0.0;
            let mut k = 0.0;
            for (o, v) in out.iter_mut().zip(ovr) {
                *o = if !v.is_nan() {
                    *v
                } else if even {
                    lot_size(need / free as f64, s.lot_min, q)
                } else {
                    k += 1.0;
                    (base + if k <= extra { 1.0 } else { 0.0 }) * q
                };
            }
        }
        Strategy::Chase | Strategy::TargetCover { .. } => {
            let cover = match s.strategy {
                Strategy::TargetCover { months } if months.is_finite() => months,
                _ => 0.0,
            };
            let (mut inv, mut back) = (s.on_hand, 0.0);
            for t in 0..d.len() {
                let p = if ovr[t].is_nan() {
                    let target = if cover > 0.0 {
                        ss.max(forward_demand(d, t, cover))
                    } else {
                        ss
                    };
                    lot_size(
                        d[t] + back + target - inv,
                        s.lot_min,
                        quantum(s.lot_multiple),
                    )
                } else {
                    ovr[t]
                };
                out[t] = p;
                let (_, i, b, _) = step(inv, back, d[t], p, s.unmet);
                inv = i;
                back = b;
            }
        }
    }
}

/// Projects shipments, inventory, backlog and lost sales from demand and production.
#[allow(clippy::too_many_arguments)]
pub(crate) fn project(
    d: &[f64],
    p: &[f64],
    on_hand: f64,
    unmet: Unmet,
    s_out: &mut [f64],
    i_out: &mut [f64],
    b_out: &mut [f64],
    l_out: &mut [f64],
) {
    let (mut inv, mut back) = (on_hand, 0.0);
    for t in 0..d.len() {
        let (s, i, b, l) = step(inv, back, d[t], p[t], unmet);
        s_out[t] = s;
        i_out[t] = i;
        b_out[t] = b;
        l_out[t] = l;
        inv = i;
        back = b;
    }
}

/// Months of cover of each end-of-month inventory: how many months of forward demand
/// (D_{t+1}, D_{t+2}, …, fractional at the end, the last month's demand repeated past
/// the horizon) `I_t` lasts; [`COVER_CAP`] if demand never uses it up.
pub(crate) fn cover(d: &[f64], inv: &[f64], out: &mut [f64]) {
    let h = d.len();
    let last = d.last().copied().unwrap_or(0.0);
    for t in 0..h {
        let mut left = inv[t];
        let mut c = 0.0;
        let mut k = t + 1;
        loop {
            if left <= 0.0 {
                break;
            }
            if k >= h {
                c += if last > 0.0 { left / last } else { COVER_CAP };
                break;
            }
            if d[k] >= left {
                c += left / d[k];
                break;
            }
            left -= d[k];
            c += 1.0;
            k += 1;
        }
        out[t] = if c < COVER_CAP { c } else { COVER_CAP };
    }
}

/// Σ on-time shipments / Σ demand; 1 when there is no demand.
pub(crate) fn fill_rate(d: &[f64], s: &[f64], b: &[f64]) -> f64 {
    let demand: f64 = d.iter().sum();
    if demand <= 0.0 {
        return 1.0;
    }
    let mut on_time = 0.0;
    let mut prev_b = 0.0;
    for t in 0..d.len() {
        let x = s[t] - prev_b;
        if x > 0.0 {
            on_time += x;
        }
        prev_b = b[t];
    }
    (on_time / demand).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_normal_matches_tables() {
        let cases = [
            (0.5, 0.0),
            (0.8, 0.841_621_233_572_914_3),
            (0.9, 1.281_551_565_544_600_4),
            (0.95, 1.644_853_626_951_472_2),
            (0.975, 1.959_963_984_540_054),
            (0.99, 2.326_347_874_040_841),
            (0.999, 3.090_232_306_167_813_5),
            (0.01, -2.326_347_874_040_841),
            (0.001, -3.090_232_306_167_813_5),
        ];
        for (p, z) in cases {
            let got = inverse_normal(p);
            assert!((got - z).abs() < 1e-8, "z({p}) = {got}, want {z}");
        }
        assert_eq!(inverse_normal(1.0), f64::INFINITY);
        assert_eq!(inverse_normal(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn safety_stock_by_hand() {
        // z(0.95) = 1.644854, σ = 20, LT = 4 → 1.644854 · 20 · 2 = 65.794
        let ss = safety_stock(0.95, 20.0, 4);
        assert!((ss - 65.794_145).abs() < 1e-5, "{ss}");
        // LT = 0 is treated as one monthly bucket: 1.644854 · 20 = 32.897
        assert!((safety_stock(0.95, 20.0, 0) - 32.897_073).abs() < 1e-5);
        assert_eq!(safety_stock(0.95, 20.0, 1), safety_stock(0.95, 20.0, 0));
        assert_eq!(safety_stock(0.4, 20.0, 1), 0.0);
        assert_eq!(safety_stock(1.0, 20.0, 1), 0.0);
    }

    #[test]
    fn lot_sizing() {
        assert_eq!(lot_size(0.0, 20.0, 10.0), 0.0);
        assert_eq!(lot_size(3.0, 20.0, 10.0), 20.0);
        assert_eq!(lot_size(21.0, 20.0, 10.0), 30.0);
        assert_eq!(lot_size(30.000_000_000_1, 0.0, 10.0), 30.0);
        // A multiple of 1 means whole units; none (0) leaves the quantity as it is.
        assert_eq!(lot_size(2.5, 0.0, 1.0), 3.0);
        assert_eq!(lot_size(2.5, 0.0, 0.0), 2.5);
        assert_eq!(lot_size(2.5, 0.0, quantum(0.0)), 3.0);
        assert_eq!(lot_size(2.25, 0.0, quantum(0.5)), 2.5);
        assert_eq!(quantum(0.0), 1.0);
        assert_eq!(quantum(-2.0), 1.0);
        assert_eq!(quantum(0.001), 0.001);
    }

    fn sku(
        strategy: Strategy,
        on_hand: f64,
        ss: f64,
        lot_min: f64,
        lot_multiple: f64,
    ) -> SkuSupply {
        SkuSupply {
            on_hand,
            safety_stock: ss,
            strategy,
            lot_min,
            lot_multiple,
            unmet: Unmet::Backlog,
        }
    }

    fn produce(d: &[f64], s: &SkuSupply) -> Vec<f64> {
        let mut out = vec![0.0; d.len()];
        plan_production(d, &vec![f64::NAN; d.len()], s, &mut out);
        out
    }

    #[test]
    fn level_spreads_whole_units_remainder_first() {
        let d = [10.0, 12.0, 11.0, 13.0];
        // Need 46 + 3.5 − 5 = 44.5 → 45 units over 4 months: 11 each, the 1 left over
        // in the first month; the horizon ends at 5 + 45 − 46 = 4 = SS + 0.5.
        let p = produce(&d, &sku(Strategy::Level, 5.0, 3.5, 0.0, 0.0));
        assert_eq!(p, vec![12.0, 11.0, 11.0, 11.0]);
        // Multiple 5: 44.5 / 5 → 9 lots, 2 each and the 1 left over first.
        let p = produce(&d, &sku(Strategy::Level, 5.0, 3.5, 0.0, 5.0));
        assert_eq!(p, vec![15.0, 10.0, 10.0, 10.0]);
        // Minimum lot 20 above the even 10: every month the lot-sized 11.125 → 20.
        let p = produce(&d, &sku(Strategy::Level, 5.0, 3.5, 20.0, 5.0));
        assert_eq!(p, vec![20.0; 4]);
        // A continuous product (multiple 0.5): 89 half units, 22.5 lots… 11.5 then 11.
        let p = produce(&d, &sku(Strategy::Level, 5.0, 3.5, 0.0, 0.5));
        assert_eq!(p, vec![11.5, 11.0, 11.0, 11.0]);
    }

    #[test]
    fn chase_and_cover_make_whole_units() {
        // Chase: 10.4 → 11 (0.6 left), 12.2 − 0.6 = 11.6 → 12 (0.4), 11 − 0.4 → 11.
        let p = produce(
            &[10.4, 12.2, 11.0],
            &sku(Strategy::Chase, 0.0, 0.0, 0.0, 0.0),
        );
        assert_eq!(p, vec![11.0, 12.0, 11.0]);
        // Cover 1.5 months: 10 + (21 + 20) = 51 (I 41); 21 + 40 + 5.5 − 41 = 25.5 → 26
        // (I 46); 40 + 11 + 5.5 − 46 = 10.5 → 11 (I 17); 11 + 16.5 − 17 = 10.5 → 11.
        let cover = Strategy::TargetCover { months: 1.5 };
        let p = produce(&[10.0, 21.0, 40.0, 11.0], &sku(cover, 0.0, 0.0, 0.0, 0.0));
        assert_eq!(p, vec![51.0, 26.0, 11.0, 11.0]);
    }

    #[test]
    fn cover_walks_forward_demand() {
        let d = [10.0, 20.0, 40.0, 10.0];
        let inv = [30.0, 20.0, 5.0, 25.0];
        let mut c = [0.0; 4];
        cover(&d, &inv, &mut c);
        // 30 covers month 2 (20) and 10/40 of month 3.
        assert_eq!(c, [1.25, 0.5, 0.5, 2.5]);
    }
}
