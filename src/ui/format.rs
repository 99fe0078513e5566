//! Number formats for the screen: the engine's formatter ([`crate::engine::format`]) in
//! the open workspace's number format, and the reader of typed numbers in the same.

use crate::engine::format;
use crate::engine::number::{self, NumberFormat};
use rust_decimal::Decimal;
use std::cell::Cell;

/// `1234567.8` → `1,234,568` (units are shown whole; [`engine::format::units`]).
pub fn units(x: f64) -> String {
    format::units(x, number_format())
}

pub use format::{symbol, to_f64};

/// Whole currency units, the one way money reads on screen: `€ 1,234,568`, negatives
/// with a true minus sign `−€ 1,234,568`.
pub fn money(x: Decimal, currency: &str) -> String {
    format::money(x, currency, number_format())
}

/// Money where space is short (KPI tiles): `€ 617 M` ([`engine::format::money_compact`]).
/// The exact amount belongs in the element's title or `data-value`.
pub fn money_compact(x: Decimal, currency: &str) -> String {
    format::money_compact(x, currency, number_format())
}

/// Signed whole units: `+1,234`, `−56`, `0` (an increment, a net change).
pub fn signed(x: f64) -> String {
    format::fixed(x, 0, true, number_format())
}

/// Percent with one decimal: `0.1234` → `12.3 %`.
pub fn pct(x: f64) -> String {
    format::pct(x, number_format())
}

/// A number without thousands separators, with the workspace's decimal separator
/// (`1234.5` or `1234,5`): what an input shows, so that it reads back the same.
pub fn plain(x: impl std::fmt::Display) -> String {
    format::plain(x, number_format())
}

/// The workspace's decimal separator.
pub fn decimal_point() -> char {
    format::point(number_format())
}

thread_local! {
    static NUMBER_FORMAT: Cell<NumberFormat> = const { Cell::new(NumberFormat::POINT) };
}

/// The open workspace's number format (kept by the app state as it loads or changes).
pub fn number_format() -> NumberFormat {
    NUMBER_FORMAT.with(Cell::get)
}

/// Sets the format [`parse_number`] and [`parse_amount`] read with.
pub fn set_number_format(f: NumberFormat) {
    NUMBER_FORMAT.with(|c| c.set(f));
}

/// Reads a number typed by a planner in the open workspace's format
/// ([`crate::engine::number`] has the rules).
pub fn parse_number(text: &str) -> Result<f64, String> {
    number::parse_f64(text, number_format())
}

/// Reads a quantity typed by a planner (0 or more: [`number::parse_quantity`]).
pub fn parse_quantity(text: &str) -> Result<f64, String> {
    number::parse_quantity(text, number_format())
}

/// Reads a whole count typed by a planner ([`number::parse_whole`]).
pub fn parse_whole(text: &str) -> Result<u32, String> {
    number::parse_whole(text, number_format())
}

/// Reads an amount typed by a planner, exactly, in the open workspace's format.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    number::parse_decimal(text, number_format())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_group_thousands() {
        assert_eq!(units(1234567.4), "1,234,567");
        assert_eq!(units(-1234.6), "−1,235");
        assert_eq!(units(0.2), "0");
        assert_eq!(units(999.0), "999");
        assert_eq!(units(f64::NAN), "–");
        assert_eq!(money(Decimal::new(123456789, 2), "EUR"), "€ 1,234,568");
        assert_eq!(money(Decimal::new(-123456789, 2), "USD"), "−$ 1,234,568");
        assert_eq!(money(Decimal::new(-4, 1), "EUR"), "€ 0");
        assert_eq!(pct(0.1234), "12.3 %");
    }

    #[test]
    fn compact_money_keeps_three_figures_above_ten_million() {
        set_number_format(NumberFormat::POINT);
        let eur = |x: i64| money_compact(Decimal::from(x), "EUR");
        assert_eq!(eur(9_999_999), "€ 9,999,999");
        assert_eq!(eur(-2_353_567), "−€ 2,353,567");
        assert_eq!(eur(10_000_000), "€ 10.0 M");
        assert_eq!(eur(-616_793_245), "−€ 617 M");
        assert_eq!(eur(99_960_000), "€ 100 M");
        assert_eq!(eur(999_600_000), "€ 1.00 B");
        assert_eq!(eur(1_234_000_000), "€ 1.23 B");
        assert_eq!(eur(12_345_000_000_000), "€ 12,345 B");
        set_number_format(NumberFormat::COMMA);
        assert_eq!(eur(12_340_000), "€ 12,3 M");
        set_number_format(NumberFormat::POINT);
    }

    #[test]
    fn parses_in_the_workspace_format() {
        set_number_format(NumberFormat::POINT);
        assert_eq!(parse_number("1,234"), Ok(1234.0));
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        set_number_format(NumberFormat::COMMA);
        assert_eq!(parse_number("1,234"), Ok(1.234));
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_amount("1.234"), Ok(Decimal::from(1234)));
        assert_eq!(units(1234567.4), "1.234.567");
        assert_eq!(money(Decimal::new(-123456789, 2), "EUR"), "−€ 1.234.568");
        assert_eq!(plain(Decimal::new(1125, 3)), "1,125");
        assert_eq!(
            parse_amount(&plain(Decimal::new(1125, 3))),
            Ok(Decimal::new(1125, 3))
        );
        assert_eq!(pct(0.1234), "12,3 %");
        set_number_format(NumberFormat::POINT);
        assert!(parse_number("abc").unwrap_err().contains("abc"));
        assert!(parse_number("").is_err());
        assert!(parse_number("1e999").is_err());
    }
}
