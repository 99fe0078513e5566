//! The one boundary between `f64` quantities and exact money.
//!
//! Quantities (units, hours) are `f64` in the plan. Money is [`Decimal`]. Every
//! conversion between the two goes through this module:
//!
//! - [`qty_ticks`]: a quantity rounded to 1/10 000 of a unit (`QTY_SCALE` = 4 decimals),
//!   as an integer. This is *the* f64 → money boundary: every money amount the plan
//!   reports is an exact function of these integers and of [`Decimal`] rates.
//! - [`rate_ticks`]: a money rate (price, cost per unit or hour) rounded to 6 decimals,
//!   as an integer.
//! - [`money`]: a sum of `qty_ticks × rate_ticks` products (scale 4 + 6 = 10) back to a
//!   [`Decimal`], exactly.
//!
//! Why integers in the hot loop: a [`Decimal`] multiply-add costs ≈ 60 ns at the WASM
//! size profile, an `i64 × i64 → i128` one ≈ 5 ns, and both are exact — a `Decimal` *is*
//! a 96-bit integer with a scale. Summing exact integers also makes "subtract the old
//! contribution, add the new one" (incremental recompute) give bit-for-bit the total a
//! full recompute gives. Aggregated quantities (loads, requirements, totals) use the same
//! trick with [`fixed`] (1e-6 units in an `i64`).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimals kept of a quantity when it becomes money: 4 (1/10 000 of a unit).
pub const QTY_SCALE: u32 = 4;
/// Decimals kept of a money rate (price, cost): 6.
pub const RATE_SCALE: u32 = 6;
/// Scale of a money amount built from ticks: `QTY_SCALE + RATE_SCALE`.
pub const MONEY_SCALE: u32 = QTY_SCALE + RATE_SCALE;
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

/// Quantity → integer ticks of 1e-4 unit, rounded half away from zero; the f64 → money
/// boundary. Non-finite quantities count as 0.
#[inline(always)]
pub fn qty_ticks(q: f64) -> i64 {
    if q.is_finite() { round_i64(q * 1e4) } else { 0 }
}

/// The boundary in [`Decimal`] terms: `q` rounded to 1e-4 unit. Every money amount of
/// the plan is exactly `Σ qty_decimal(q) · rate` (rates rounded to 6 decimals); the
/// engine computes the same sums with the integer ticks above, for speed.
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

/// `qty_ticks × rate_ticks`: an exact money amount in 1e-10.
#[inline(always)]
pub fn mul(q: i64, rate: i64) -> i128 {
    q as i128 * rate as i128
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

/// A sum of [`mul`] products (scale 1e-10) as an exact [`Decimal`], trailing zeros
/// removed (clamped to ±1e20, see [`MONEY_LIMIT`]).
pub fn money(v: i128) -> Decimal {
    let v = v.clamp(-MONEY_LIMIT, MONEY_LIMIT);
    Decimal::try_from_i128_with_scale(v, MONEY_SCALE)
        .unwrap_or_default()
        .normalize()
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
        assert_eq!(qty_ticks(1.23456), 12346);
        assert_eq!(qty_ticks(-0.00005), -1);
        assert_eq!(qty_ticks(f64::NAN), 0);
        let price = rate_ticks(Decimal::new(64900, 2)); // 649.00
        assert_eq!(price, 649_000_000);
        // 3.5 units × 649.00 = 2271.50
        assert_eq!(money(mul(qty_ticks(3.5), price)), Decimal::new(227150, 2));
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
        let mut ticks: i128 = 0;
        let mut dec = Decimal::ZERO;
        for (k, q) in qs.iter().enumerate() {
            let r = rates[k % rates.len()];
            ticks += mul(qty_ticks(*q), rate_ticks(r));
            dec += qty_decimal(*q) * r;
        }
        assert_eq!(money(ticks), dec);
        assert_eq!(qty_decimal(1_234.567_89), Decimal::new(12_345_679, 4));
    }
}
