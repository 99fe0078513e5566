//! The one boundary between `f64` quantities and exact money.
//!
//! Quantities (units, hours) are `f64` in the plan. Money is [`Decimal`]. Every
//! conversion between the two goes through this module:
//!
//! - [`qty_ticks`]: a quantity rounded to 1e-9 unit (`QTY_SCALE` = 9 decimals, far
//!   below any unit a plan means and at the level of the `f64` noise), as an integer.
//! - [`rate_ticks`]: a money rate (price, cost per unit or hour) rounded to 6 decimals,
//!   as an integer.
//! - [`mul`]: `qty_ticks × rate_ticks`, a *flow* amount in 1e-15 (`FLOW_SCALE`), exact.
//!   Flows of SKUs, components and resources are summed exactly per month.
//! - [`flow_cents`]: a month's flow sum rounded half away from zero to the cent: the
//!   money the plan reports. `revenue_t = round_¢(Σ_i q_{i,t} · price_i)`, so 490/12
//!   units a month at 18.00 make 735.00 (not 734.9994 from quantities cut to 1e-4).
//! - [`cents`]: a cent amount (ticks of 1e-10, see [`ticks`]) as a [`Decimal`] with
//!   exactly two decimals, as the plan prints money.
//!
//! Why integers in the hot loop: a [`Decimal`] multiply-add costs ≈ 60 ns at the WASM
//! size profile, an `i64 × i64 → i128` one ≈ 5 ns, and both are exact — a `Decimal` *is*
//! a 96-bit integer with a scale. Summing exact integers also makes "subtract the old
//! contribution, add the new one" (incremental recompute) give bit-for-bit the total a
//! full recompute gives. Aggregated quantities (loads, requirements, totals) use the same
//! trick with [`fixed`] (1e-6 units in an `i64`).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimals kept of a quantity when it becomes money: 9 (1e-9 unit).
pub const QTY_SCALE: u32 = 9;
/// Decimals kept of a money rate (price, cost): 6.
pub const RATE_SCALE: u32 = 6;
/// Scale of a flow amount (a [`mul`] product and sums of them): `QTY_SCALE + RATE_SCALE`.
pub const FLOW_SCALE: u32 = QTY_SCALE + RATE_SCALE;
/// Scale of a money amount in ticks ([`ticks`], [`money`]): 10 decimals.
pub const MONEY_SCALE: u32 = 10;
/// Decimals of the fixed-point quantity aggregates: 6.
pub const FIXED_SCALE: f64 = 1e6;

/// `x` rounded half away from zero to an integer (saturating; NaN → 0). A cast, not
/// a libm call: `f64::round` is not inlined at the WASM size profile and dominated the
/// hot loops. (Only `x` within one ulp below a half can round differently from
/// `f64::round`; the function is the same everywhere, so results stay deterministic.)
#[inline(always)]
pub fn round_i64(x: f64) -> i64 {
    if x >= 0.0 {
        (x + 0.5) as i64
    } else {
        (x - 0.5) as i64
    }
}

/// Quantity → integer ticks of 1e-9 unit, rounded half away from zero (saturating at
/// ±9.2e9 units); the f64 → money boundary. Non-finite quantities count as 0.
#[inline(always)]
pub fn qty_ticks(q: f64) -> i64 {
    if q.is_finite() { round_i64(q * 1e9) } else { 0 }
}

/// The boundary in [`Decimal`] terms: `q` rounded to 1e-9 unit. Every money flow of
/// the plan is exactly `round_¢(Σ qty_decimal(q) · rate)` (rates rounded to 6
/// decimals); the engine computes the same sums with the integer ticks above, for speed.
pub fn qty_decimal(q: f64) -> Decimal {
    Decimal::new(qty_ticks(q), QTY_SCALE)
}

/// A money rate → integer ticks of 1e-6, rounded half away from zero (saturating).
pub fn rate_ticks(d: Decimal) -> i64 {
    let r = d.round_dp_with_strategy(RATE_SCALE, RoundingStrategy::MidpointAwayFromZero);
    r.checked_mul(Decimal::from(1_000_000))
        .and_then(|x| x.to_i64())
        .unwrap_or(if d.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
}

/// Ticks of 1e-6 back to a [`Decimal`] rate.
pub fn rate_from_ticks(t: i64) -> Decimal {
    Decimal::new(t, RATE_SCALE)
}

/// `qty_ticks × rate_ticks`: an exact flow amount in 1e-15 (see [`flow_cents`]).
///
/// On WASM, which has no 64 × 64 → 128-bit multiply, an `i128` product is a library
/// call; when the two factors have 65 or more leading zero bits between them the
/// product fits an `i64` (|q · rate| < 2⁶³), which is one instruction.
#[inline(always)]
pub fn mul(q: i64, rate: i64) -> i128 {
    #[cfg(target_arch = "wasm32")]
    if product_fits_i64(q, rate) {
        return (q * rate) as i128;
    }
    q as i128 * rate as i128
}

/// Whether `q · rate` surely fits an `i64`: |q| < 2^(64−a), |rate| < 2^(64−b) with
/// a + b ≥ 65 leading zeros, so |q · rate| < 2⁶³.
#[inline(always)]
pub fn product_fits_i64(q: i64, rate: i64) -> bool {
    q.unsigned_abs().leading_zeros() + rate.unsigned_abs().leading_zeros() >= 65
}

/// Money amounts are clamped to ±1e20: far beyond any company, and far enough below
/// [`Decimal::MAX`] (7.9e28) that sums of them cannot overflow.
pub const MONEY_LIMIT: i128 = 100_000_000_000_000_000_000 * 10_000_000_000;

/// A money amount of the inputs (balance, budget) clamped to ±1e20 (see
/// [`MONEY_LIMIT`]), so that plan arithmetic cannot overflow on absurd inputs.
pub fn clamp_amount(d: Decimal) -> Decimal {
    let lim = Decimal::from(100_000_000_000_000_000_000i128);
    d.clamp(-lim, lim)
}

/// `a × b`, saturating at ±[`Decimal::MAX`] instead of panicking.
pub fn saturating_mul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b)
        .unwrap_or(if a.is_sign_negative() != b.is_sign_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
}

/// Money ticks (scale 1e-10) as an exact [`Decimal`], trailing zeros
/// removed (clamped to ±1e20, see [`MONEY_LIMIT`]). Amounts under 9.2e8 take an
/// `i64` path (no 96-bit arithmetic: this runs ~25 times per month of every plan);
/// beyond 7.9e18 (a 96-bit mantissa at 10 decimals) the last decimals are rounded off.
pub fn money(v: i128) -> Decimal {
    let v = v.clamp(-MONEY_LIMIT, MONEY_LIMIT);
    let a = v.unsigned_abs();
    if let Ok(x) = u64::try_from(a) {
        if x == 0 {
            return Decimal::ZERO;
        }
        let (m, k) = strip_zeros(x, MONEY_SCALE);
        return Decimal::from_parts(m as u32, (m >> 32) as u32, 0, v < 0, MONEY_SCALE - k);
    }
    if a >> 96 == 0 {
        let (m, k) = strip_zeros_wide(a, MONEY_SCALE);
        let parts = (m as u32, (m >> 32) as u32, (m >> 64) as u32);
        return Decimal::from_parts(parts.0, parts.1, parts.2, v < 0, MONEY_SCALE - k);
    }
    let (mut m, mut scale) = (v, MONEY_SCALE);
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(m, scale) {
            return d.normalize();
        }
        // Too many digits for 96 bits: drop a decimal, rounding half away from zero.
        m = div_round(m, 10);
        scale -= 1;
    }
}

/// `$name(x, max)`: `x` without its trailing decimal zeros, at most `max` of them, as
/// `(x / 10^k, k)`, for the unsigned type `$t`. No division (a hardware divide on WASM,
/// several times a multiply): `10^k | x` iff `2^k | x` (trailing zero bits) and
/// `5^k | x`, which for odd `5^k` holds iff `x · inverse(5^k) mod 2^bits ≤ MAX / 5^k`;
/// the exact quotient by `5^k` is then that same product. The inverses come from
/// Newton's iteration (each step doubles the correct low bits, from 3: `$steps` steps).
macro_rules! strip_zeros_fn {
    ($name:ident, $t:ty, $steps:expr) => {
        fn $name(x: $t, max: u32) -> ($t, u32) {
            /// 5^k's inverse modulo 2^bits and `MAX / 5^k`, for k = 0..=10.
            const POW5: [($t, $t); 11] = {
                let mut t = [(0, 0); 11];
                let (mut k, mut p): (usize, $t) = (0, 1);
                while k <= 10 {
                    let mut inv = p;
                    let mut i = 0;
                    while i < $steps {
                        inv = inv.wrapping_mul((2 as $t).wrapping_sub(p.wrapping_mul(inv)));
                        i += 1;
                    }
                    t[k] = (inv, <$t>::MAX / p);
                    p *= 5;
                    k += 1;
                }
                t
            };
            let mut k = x.trailing_zeros().min(max) as usize;
            while k > 0 && x.wrapping_mul(POW5[k].0) > POW5[k].1 {
                k -= 1;
            }
            ((x >> k).wrapping_mul(POW5[k].0), k as u32)
        }
    };
}
strip_zeros_fn!(strip_zeros, u64, 5);
strip_zeros_fn!(strip_zeros_wide, u128, 6);

/// `a / b` rounded half away from zero (`b` > 0).
fn div_round(a: i128, b: i128) -> i128 {
    let (q, r) = (a / b, a % b);
    if 2 * r.abs() >= b { q + a.signum() } else { q }
}

/// Ticks of 1e-15 (a flow) per tick of 1e-10 (money).
const FLOW_PER_TICK: i128 = 100_000;

/// A flow sum in 1e-15 as money ticks of 1e-10, rounded half away from zero to the
/// cent: `round_¢(v · 1e-15)`, clamped to ±1e20 (see [`MONEY_LIMIT`]).
#[inline]
pub fn flow_cents(v: i128) -> i128 {
    let lim = MONEY_LIMIT * FLOW_PER_TICK;
    let v = v.clamp(-lim, lim);
    let per_cent = CENT * FLOW_PER_TICK;
    let c = match i64::try_from(v) {
        Ok(x) => div_round_i64(x, per_cent as i64) as i128,
        Err(_) => div_round(v, per_cent),
    };
    c * CENT
}

/// `a / b` rounded half away from zero (`b` > 0), in `i64` (a multiply, not a
/// division, for a constant `b`).
#[inline(always)]
fn div_round_i64(a: i64, b: i64) -> i64 {
    let q = (a.unsigned_abs() + (b as u64) / 2) / b as u64;
    if a < 0 { -(q as i64) } else { q as i64 }
}

/// Money ticks (1e-10) as a [`Decimal`] with exactly two decimals (rounded half away
/// from zero to the cent; clamped to ±1e20): how the plan reports money.
#[inline]
pub fn cents(v: i128) -> Decimal {
    let v = v.clamp(-MONEY_LIMIT, MONEY_LIMIT);
    let c = match i64::try_from(v) {
        Ok(x) => div_round_i64(x, CENT as i64) as i128,
        Err(_) => div_round(v, CENT),
    };
    // |c| ≤ 1e22 < 2⁹⁶: always representable.
    Decimal::from_i128_with_scale(c, 2)
}

/// A money input (balance, fixed cost, budget) clamped to ±1e20 and rounded half away
/// from zero to the cent, with exactly two decimals.
pub fn to_cents(d: Decimal) -> Decimal {
    let mut r = round(clamp_amount(d), 2);
    r.rescale(2);
    r
}

/// A money [`Decimal`] as ticks of 1e-10 (rounded half away from zero to 10
/// decimals; the inverse of [`money`]). For amounts clamped by [`clamp_amount`].
pub fn ticks(d: Decimal) -> i128 {
    let r = round(d, MONEY_SCALE);
    r.mantissa() * 10i128.pow(MONEY_SCALE - r.scale())
}

/// Ticks of 1e-10 per cent.
pub const CENT: i128 = 100_000_000;

/// `x · num / den` as `(q, r)` with `x · num = q · den + r`, `0 ≤ r < den`, for
/// `0 ≤ num ≤ den ≤ 3.65e8`: exact and without overflow for any `x` (`x = a·den + b`,
/// so `x · num / den = a · num + b · num / den` and `b · num < den²` fits an `i64`).
/// Money amounts take an `i64` path.
#[inline]
pub fn mul_div(x: i128, num: i64, den: i64) -> (i128, i64) {
    debug_assert!(0 <= num && num <= den && den > 0);
    let (a, b) = match i64::try_from(x) {
        Ok(x) => (x.div_euclid(den) as i128, x.rem_euclid(den)),
        Err(_) => (x.div_euclid(den as i128), x.rem_euclid(den as i128) as i64),
    };
    let bn = b * num;
    (a * num as i128 + (bn / den) as i128, bn % den)
}

/// `a + f` rounded half away from zero to the cent, where `a` is in ticks and `f` a
/// fraction of a tick, `0 ≤ f < 1`, with `frac` telling whether `f > 0`. Ticks out.
#[inline]
pub fn round_cents(a: i128, frac: bool) -> i128 {
    let (c, m) = match i64::try_from(a) {
        Ok(a) => (
            a.div_euclid(CENT as i64) as i128,
            a.rem_euclid(CENT as i64) as i128,
        ),
        Err(_) => (a.div_euclid(CENT), a.rem_euclid(CENT)),
    };
    let half = CENT / 2;
    // a ≥ 0 ⇔ a + f ≥ 0; the fractional part in cents is (m + f) / CENT.
    let up = if a >= 0 {
        m >= half
    } else {
        m > half || (m == half && frac)
    };
    (c + up as i128) * CENT
}

/// `a / b` rounded half away from zero to `dp` decimals as a [`Decimal`]; 0 when `b`
/// is 0 (the integer twin of [`ratio`] for tick amounts).
pub fn ratio_ticks(a: i128, b: i128, dp: u32) -> Decimal {
    if b == 0 {
        return Decimal::ZERO;
    }
    let n = a.saturating_mul(10i128.pow(dp));
    let (q, r) = match (i64::try_from(n), i64::try_from(b)) {
        (Ok(n), Ok(b)) => ((n / b) as i128, (n % b) as i128),
        _ => (n / b, n % b),
    };
    // Half away from zero: |r| ≥ |b| / 2 moves q one step away from zero.
    let q = if 2 * r.abs() >= b.abs() && r != 0 {
        q + n.signum() * b.signum()
    } else {
        q
    };
    Decimal::try_from_i128_with_scale(q, dp).unwrap_or_default()
}

/// A percentage lever (`10.0` = +10 %) → the factor `1 + pct/100` as a [`Decimal`],
/// the percentage rounded to 4 decimals first.
pub fn pct_factor(pct: f64) -> Decimal {
    let p = if pct.is_finite() {
        Decimal::from_f64_retain(pct)
            .unwrap_or_default()
            .round_dp(4)
    } else {
        Decimal::ZERO
    };
    Decimal::ONE + p / Decimal::ONE_HUNDRED
}

/// A quantity as fixed-point 1e-6 for exact aggregation.
#[inline(always)]
pub fn fixed(x: f64) -> i64 {
    if x.is_finite() {
        round_i64(x * FIXED_SCALE)
    } else {
        0
    }
}

/// A fixed-point 1e-6 aggregate back to `f64`.
#[inline(always)]
pub fn unfixed(x: i64) -> f64 {
    x as f64 / FIXED_SCALE
}

/// Money for display and ratios: a [`Decimal`] rounded to `dp` decimals, half away from
/// zero.
pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `a / b` rounded to `dp` decimals, 0 when `b` is 0.
pub fn ratio(a: Decimal, b: Decimal, dp: u32) -> Decimal {
    if b.is_zero() {
        Decimal::ZERO
    } else {
        round(a / b, dp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_is_exact_and_rounds_half_away() {
        assert_eq!(qty_ticks(1.234_567_890_6), 1_234_567_891);
        assert_eq!(qty_ticks(-0.000_000_000_5), -1);
        assert_eq!(qty_ticks(f64::NAN), 0);
        let price = rate_ticks(Decimal::new(64900, 2)); // 649.00
        assert_eq!(price, 649_000_000);
        // 3.5 units × 649.00 = 2271.50
        let v = flow_cents(mul(qty_ticks(3.5), price));
        assert_eq!(cents(v).to_string(), "2271.50");
        // 490/12 units at 18.00: 40.833333333 · 18 = 734.999999994 → 735.00 (a cut to
        // 1e-4 unit made 734.9994); twelve months make 8 820.00.
        let r = rate_ticks(Decimal::from(18));
        let month = flow_cents(mul(qty_ticks(490.0 / 12.0), r));
        assert_eq!(cents(month).to_string(), "735.00");
        assert_eq!(cents(12 * month).to_string(), "8820.00");
        // Half a cent rounds away from zero, both signs: 0.125 · 0.10 = 0.0125 → 0.01,
        // 0.25 · 0.10 = 0.025 → 0.03, −0.025 → −0.03.
        let dime = rate_ticks(Decimal::new(10, 2));
        assert_eq!(
            cents(flow_cents(mul(qty_ticks(0.125), dime))),
            Decimal::new(1, 2)
        );
        assert_eq!(
            cents(flow_cents(mul(qty_ticks(0.25), dime))),
            Decimal::new(3, 2)
        );
        assert_eq!(
            cents(flow_cents(mul(qty_ticks(-0.25), dime))),
            Decimal::new(-3, 2)
        );
        // Wide flows (beyond i64) round the same way.
        let big = 123_456_789_012_345_678_901_234_565i128 * 10;
        assert_eq!(flow_cents(big), (big / 10_000_000_000_000 + 1) * CENT);
        assert_eq!(cents(-CENT / 2).to_string(), "-0.01");
        assert_eq!(cents(0).to_string(), "0.00");
        assert_eq!(to_cents(Decimal::new(12_345, 3)).to_string(), "12.35");
        assert_eq!(to_cents(Decimal::from(7)).to_string(), "7.00");
        assert_eq!(rate_ticks(Decimal::new(12345675, 7)), 1_234_568);
        assert_eq!(pct_factor(7.5), Decimal::new(1075, 3));
        assert_eq!(
            ratio(Decimal::ONE, Decimal::from(3), 4),
            Decimal::new(3333, 4)
        );
        assert_eq!(ratio(Decimal::ONE, Decimal::ZERO, 4), Decimal::ZERO);
        assert_eq!(unfixed(fixed(2.5)), 2.5);
        assert_eq!(round_i64(2.5), 3);
        assert_eq!(round_i64(-2.5), -3);
        assert_eq!(round_i64(f64::NAN), 0);
    }

    #[test]
    fn money_strips_zeros_like_normalize() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for k in 0..200_000u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Values of every size, many with trailing zeros, both signs.
            let zeros = 10i128.pow((k % 24) as u32);
            let v = (seed >> (k % 50)) as i128 % 1_000_000_000_000 * zeros;
            let v = if k % 3 == 0 { -v } else { v };
            let want =
                Decimal::try_from_i128_with_scale(v.clamp(-MONEY_LIMIT, MONEY_LIMIT), MONEY_SCALE)
                    .map(|d| d.normalize());
            if let Ok(w) = want {
                let got = money(v);
                assert_eq!((got, got.scale()), (w, w.scale()), "{v}");
            }
        }
        assert_eq!(money(0).scale(), 0);
        assert_eq!(money(-50_000_000_000).to_string(), "-5");
        assert_eq!(money(123_400_000_000).to_string(), "12.34");
        // Beyond 96 bits at 10 decimals: 1e20 is kept (to fewer decimals), not lost.
        assert_eq!(
            money(MONEY_LIMIT),
            Decimal::from(100_000_000_000_000_000_000i128)
        );
        for x in [
            1u64,
            10,
            100,
            7_000,
            123_456_789_000,
            u64::MAX,
            18_446_744_073_709_551_610,
        ] {
            let (m, k) = strip_zeros(x, 10);
            let mut y = x;
            let mut n = 0;
            while n < 10 && y % 10 == 0 {
                y /= 10;
                n += 1;
            }
            assert_eq!((m, k), (y, n), "{x}");
        }
    }

    #[test]
    fn wide_products_are_exact() {
        for (q, r) in [
            (i64::MAX, i64::MAX),
            (i64::MIN, 3),
            (-7, 1 << 40),
            (1 << 31, 1 << 31),
        ] {
            assert_eq!(mul(q, r), q as i128 * r as i128);
        }
        // The WASM shortcut: whenever it says an i64 holds the product, it does.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut said = 0;
        for k in 0..100_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let q = (seed as i64) >> (k % 63);
            let r = ((seed.rotate_left(17)) as i64) >> ((k / 63) % 63);
            if product_fits_i64(q, r) {
                said += 1;
                assert_eq!(
                    q.checked_mul(r).map(i128::from),
                    Some(q as i128 * r as i128)
                );
            }
        }
        assert!(said > 10_000);
        assert!(product_fits_i64(-(1 << 31) + 1, 1 << 31) && !product_fits_i64(1 << 32, 1 << 31));
    }

    #[test]
    fn integer_kernel_equals_decimal_arithmetic() {
        // Σ q·rate through ticks equals the same sum in Decimal, to the last digit.
        let qs = [
            0.0,
            1.0,
            3.333_333_3,
            1_234.567_89,
            1e-5,
            99_999.999_95,
            0.000_05,
        ];
        let rates = [
            Decimal::new(64_900, 2),
            Decimal::new(123_456, 6),
            Decimal::new(5, 0),
        ];
        let mut flow: i128 = 0;
        let mut dec = Decimal::ZERO;
        for (k, q) in qs.iter().enumerate() {
            let r = rates[k % rates.len()];
            flow += mul(qty_ticks(*q), rate_ticks(r));
            dec += qty_decimal(*q) * r;
        }
        assert_eq!(
            Decimal::from_i128_with_scale(flow, FLOW_SCALE).normalize(),
            dec
        );
        assert_eq!(cents(flow_cents(flow)), round(dec, 2));
        assert_eq!(
            qty_decimal(1_234.567_89),
            Decimal::new(1_234_567_890_000, 9)
        );
    }
}
