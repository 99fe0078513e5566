//! How money, days and ratios read on screen in the financial and executive review:
//! [`crate::engine::format`] in the open workspace's number format.

use crate::engine::format;
use crate::ui::format::{number_format, to_f64, units};
use rust_decimal::Decimal;

pub use crate::ui::format::{money, symbol};

/// A difference, always signed: `+€ 1,234`, `−€ 1,234`, `€ 0`.
pub fn delta_money(x: Decimal, currency: &str) -> String {
    format::delta_money(x, currency, number_format())
}

/// Money to the cent (tooltips, inputs): `€ 1,234,567.89`.
pub fn money_exact(x: Decimal, currency: &str) -> String {
    format::money_exact(x, currency, number_format())
}

/// A non-negative amount with separators and its cents if any.
pub fn plain_exact(x: Decimal) -> String {
    format::plain_exact(x, number_format())
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
    units(to_f64((x / scale.divisor()).round()))
}

/// A ratio as a percent with one decimal: `0.3512` → `35.1 %`, negatives with `−`.
pub fn ratio(x: Decimal) -> String {
    format::ratio(x, number_format())
}
