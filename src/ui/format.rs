//! Number formats for the screen: thousands separators, currency, percent.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// `1234567.8` → `1,234,568` (units are shown whole).
pub fn units(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    group(&format!("{:.0}", x))
}

/// Money without decimals, with thousands separators: `€ 1,234,568`.
pub fn money(x: Decimal, currency: &str) -> String {
    let s = format!("{}", x.round());
    let symbol = match currency {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    };
    format!("{symbol} {}", group(&s))
}

/// Percent with one decimal: `0.1234` → `12.3 %`.
pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    format!("{:.1} %", x * 100.0)
}

/// Decimal to f64 for charts (display only, never for money arithmetic).
pub fn to_f64(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// Inserts `,` every three digits of the integer part of a plain number text.
fn group(s: &str) -> String {
    let (sign, digits) = s.strip_prefix('-').map_or(("", s), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, ""), |(i, f)| (i, f));
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if out == "0" {
        return out;
    }
    format!("{sign}{out}")
}

/// Reads a number typed by a planner: thousands separators (`1,234` or `1 234`) and a
/// decimal comma (`12,5` when there is no other comma) are accepted.
pub fn parse_number(text: &str) -> Result<f64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    let normalised = match (t.matches(',').count(), t.contains('.')) {
        // "12,5" → decimal comma; "1,234" (three digits after) → thousands.
        (1, false) if t.split(',').nth(1).is_some_and(|f| f.len() != 3) => t.replace(',', "."),
        (_, true) => t.replace(',', ""),
        _ => t.replace(',', ""),
    };
    normalised
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("'{}' is not a number", text.trim()))
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
        assert_eq!(pct(0.1234), "12.3 %");
    }

    #[test]
    fn parses_what_planners_type() {
        assert_eq!(parse_number("1,234"), Ok(1234.0));
        assert_eq!(parse_number("1 234,5"), Ok(1234.5));
        assert_eq!(parse_number("12,5"), Ok(12.5));
        assert_eq!(parse_number("1,234.5"), Ok(1234.5));
        assert_eq!(parse_number(" 42 "), Ok(42.0));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert!(parse_number("abc").unwrap_err().contains("abc"));
        assert!(parse_number("").is_err());
        assert!(parse_number("1e999").is_err());
    }
}
