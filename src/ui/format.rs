//! Number formats for the screen: thousands separators, currency, percent.

use crate::engine::number::{self, NumberFormat};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::cell::Cell;

/// `1234567.8` → `1,234,568` (units are shown whole).
pub fn units(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    group(&format!("{:.0}", x))
}

/// The sign of a currency code: `EUR` → `€`.
pub fn symbol(currency: &str) -> &str {
    match currency {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    }
}

/// Whole currency units, the one way money reads on screen: `€ 1,234,568`, negatives
/// with a true minus sign `−€ 1,234,568`.
pub fn money(x: Decimal, currency: &str) -> String {
    let r = x.round();
    let digits = units(to_f64(r.abs()));
    if r.is_sign_negative() && !r.is_zero() {
        format!("−{} {digits}", symbol(currency))
    } else {
        format!("{} {digits}", symbol(currency))
    }
}

/// Money where space is short (KPI tiles): exactly [`money`] below 10 million, above
/// that three significant figures and a scale: `€ 617 M`, `−€ 1.23 B`. The exact amount
/// belongs in the element's title or `data-value`.
pub fn money_compact(x: Decimal, currency: &str) -> String {
    let v = to_f64(x.round().abs());
    if v < 1e7 {
        return money(x, currency);
    }
    let (scaled, scale) = if v >= 999.5e6 {
        (v / 1e9, "B")
    } else {
        (v / 1e6, "M")
    };
    let decimals = if scaled >= 99.95 {
        0
    } else if scaled >= 9.995 {
        1
    } else {
        2
    };
    let digits = group(&format!("{scaled:.decimals$}"));
    let sign = if x.is_sign_negative() { "−" } else { "" };
    format!("{sign}{} {digits} {scale}", symbol(currency))
}

/// Percent with one decimal: `0.1234` → `12.3 %`.
pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    format!("{} %", plain(format!("{:.1}", x * 100.0)))
}

/// Decimal to f64 for charts (display only, never for money arithmetic).
pub fn to_f64(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// A number without thousands separators, with the workspace's decimal separator
/// (`1234.5` or `1234,5`): what an input shows, so that it reads back the same.
pub fn plain(x: impl std::fmt::Display) -> String {
    let s = x.to_string();
    if number_format().decimal_comma {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The workspace's decimal separator.
pub fn decimal_point() -> char {
    if number_format().decimal_comma {
        ','
    } else {
        '.'
    }
}

/// Groups the integer part of a plain number text in threes, with the workspace's
/// separators: `1,234,567.8` or `1.234.567,8`.
fn group(s: &str) -> String {
    let (thousands, point) = if number_format().decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let (sign, digits) = s.strip_prefix('-').map_or(("", s), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, ""), |(i, f)| (i, f));
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    if out == "0" {
        return out;
    }
    format!("{sign}{out}")
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
        assert_eq!(units(-1234.6), "-1,235");
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
