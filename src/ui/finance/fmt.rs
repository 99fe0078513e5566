//! How money, days and ratios read on screen in the financial and executive review:
//! thousands separators, the currency sign, a true minus sign (−) for negatives.

use crate::ui::format::{decimal_point, plain, to_f64, units};
use rust_decimal::Decimal;

pub use crate::ui::format::{money, money_compact, symbol};

/// A difference, always signed: `+€ 1,234`, `−€ 1,234`, `€ 0`.
pub fn delta_money(x: Decimal, currency: &str) -> String {
    signed(x, currency, money)
}

/// A difference where space is short (KPI tiles): `+€ 60,731`, `−€ 617 M`.
pub fn delta_compact(x: Decimal, currency: &str) -> String {
    signed(x, currency, money_compact)
}

fn signed(x: Decimal, currency: &str, format: fn(Decimal, &str) -> String) -> String {
    let r = x.round();
    if r.is_zero() {
        format!("{} 0", symbol(currency))
    } else if r.is_sign_negative() {
        format(r, currency)
    } else {
        format!("+{}", format(r, currency))
    }
}

/// Money to the cent (tooltips, inputs): `€ 1,234,567.89`.
pub fn money_exact(x: Decimal, currency: &str) -> String {
    let s = format!("{} {}", symbol(currency), plain_exact(x.abs()));
    if x.is_sign_negative() && !x.is_zero() {
        format!("−{s}")
    } else {
        s
    }
}

/// A non-negative amount with separators and its cents if any: `1,234,567.5` →
/// `1,234,567.50`, `1000` → `1,000`.
pub fn plain_exact(x: Decimal) -> String {
    let x = x.round_dp(2);
    let int = x.trunc();
    let frac = ((x - int) * Decimal::from(100)).round();
    let head = units(to_f64(int));
    if frac.is_zero() {
        head
    } else {
        format!("{head}{}{:02}", decimal_point(), to_f64(frac) as u32)
    }
}

/// How the finance table shows amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Units,
    Thousands,
}

impl Scale {
    pub fn divisor(self) -> Decimal {
        match self {
            Scale::Units => Decimal::ONE,
            Scale::Thousands => Decimal::from(1000),
        }
    }
}

/// An amount without the currency sign, in `scale`: `1,235`, `−1,235`.
pub fn amount(x: Decimal, scale: Scale) -> String {
    let r = (x / scale.divisor()).round();
    let digits = units(to_f64(r.abs()));
    if r.is_sign_negative() && !r.is_zero() {
        format!("−{digits}")
    } else {
        digits
    }
}

/// Days with one decimal: `45.0 days`.
pub fn days(x: Decimal) -> String {
    format!("{} days", one_decimal(x))
}

/// `45.04` → `45.0`, `-3.25` → `−3.2`.
pub fn one_decimal(x: Decimal) -> String {
    let r = x.round_dp(1);
    let s = plain(format!("{:.1}", r.abs()));
    if r.is_sign_negative() && !r.is_zero() {
        format!("−{s}")
    } else {
        s
    }
}

/// A ratio as a percent with one decimal: `0.3512` → `35.1 %`, negatives with `−`.
pub fn ratio(x: Decimal) -> String {
    pct_f64(to_f64(x))
}

/// A fraction as a percent with one decimal, negatives with `−`.
pub fn pct_f64(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = format!("{} %", plain(format!("{:.1}", (x * 100.0).abs())));
    if x * 100.0 <= -0.05 {
        format!("−{s}")
    } else {
        s
    }
}
