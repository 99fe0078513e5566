//! The plan's output boundary for quantities: units, hours and ratios are `f64` inside
//! the plan and carry float noise (`52.50000000000002`, `7.4999999999`); what the plan
//! shows is rounded here, never inside the engine (so incremental and full recompute
//! stay bit-for-bit equal).
//!
//! - JSON: quantities to [`QTY_DECIMALS`] = 6 decimals (1e-6, the precision of the
//!   plan's exact quantity aggregates), half away from zero: `qty(x) = round(x·1e6)/1e6`.
//! - Messages: [`qty_text`], one decimal after removing the noise: `7.4999999 → "7.5"`,
//!   `12.0 → "12"`.
//!
//! Money needs no rounding here: the plan computes it in whole cents (see
//! [`super::money::cents`]).

use super::money::round_i64;
use serde::Serializer;

/// Decimals of a quantity, hour or ratio in the plan's JSON.
pub const QTY_DECIMALS: i32 = 6;

/// `x` rounded half away from zero to 6 decimals (no `-0`); values beyond 1e9, whose
/// `f64` has no noise-free 6th decimal anyway, are kept. NaN and ±∞ pass through.
#[inline]
pub fn qty(x: f64) -> f64 {
    if x.is_finite() && x.abs() < 1e9 {
        round_i64(x * 1e6) as f64 / 1e6 + 0.0
    } else {
        x
    }
}

/// A quantity for a message: noise removed ([`qty`]), then one decimal, half away from
/// zero, without a trailing `.0` (`7.4999999 → "7.5"`, `-0.04 → "0"`, `12 → "12"`).
pub fn qty_text(x: f64) -> String {
    let t = if x.is_finite() {
        round_i64(qty(x) * 10.0)
    } else {
        0
    };
    let (a, sign) = (t.unsigned_abs(), if t < 0 { "-" } else { "" });
    if a % 10 == 0 {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// Serializes an `f64` quantity rounded by [`qty`] (`#[serde(serialize_with)]`).
pub fn ser_qty<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(qty(*x))
}

/// Serializes a list of quantities, each rounded by [`qty`].
pub fn ser_qtys<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|&x| qty(x)))
}

/// Serializes an optional quantity rounded by [`qty`].
pub fn ser_opt_qty<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => s.serialize_some(&qty(*x)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_removed_at_the_boundary() {
        assert_eq!(qty(52.500_000_000_000_02), 52.5);
        assert_eq!(qty(0.1 + 0.2).to_string(), "0.3");
        assert_eq!(qty(7.499_999_9), 7.5);
        assert_eq!(qty(1.234_567_49), 1.234_567);
        assert_eq!(qty(-1e-9).to_string(), "0");
        assert_eq!(qty(2e9), 2e9);
        assert!(qty(f64::NAN).is_nan());
        assert_eq!(qty_text(7.499_999_9), "7.5");
        assert_eq!(qty_text(7.449_999), "7.4");
        assert_eq!(qty_text(12.0), "12");
        assert_eq!(qty_text(12.96), "13");
        assert_eq!(qty_text(-3.25), "-3.3");
        assert_eq!(qty_text(-0.04), "0");
        let v = vec![52.500_000_000_000_02, 1.0 / 3.0];
        let mut out = Vec::new();
        ser_qtys(&v, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[52.5,0.333333]");
    }
}
