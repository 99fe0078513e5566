//! The one number reader (`engine::number`) on what planners and spreadsheets write, in
//! both workspace formats: grid cells, Data fields, levers, finance terms and the
//! importer all read through it.

use rust_decimal::Decimal;
use sop_planner::engine::number::{
    NumberFormat, parse_decimal, parse_f64, parse_percent, parse_quantity, parse_whole,
};
use std::str::FromStr;

const POINT: NumberFormat = NumberFormat::POINT;
const COMMA: NumberFormat = NumberFormat::COMMA;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// (text, value with the decimal-point setting, value with the decimal-comma setting).
const SPELLINGS: &[(&str, &str, &str)] = &[
    // Unambiguous: both settings agree.
    ("1.234,5", "1234.5", "1234.5"),
    ("1,234.5", "1234.5", "1234.5"),
    ("1 234,5", "1234.5", "1234.5"),
    ("1\u{a0}234,5", "1234.5", "1234.5"),
    ("1\u{202f}234,5", "1234.5", "1234.5"),
    ("1 234.5", "1234.5", "1234.5"),
    ("1'234.5", "1234.5", "1234.5"),
    ("1’234,5", "1234.5", "1234.5"),
    ("1.234.567,89", "1234567.89", "1234567.89"),
    ("1,234,567.89", "1234567.89", "1234567.89"),
    ("1,234,567", "1234567", "1234567"),
    ("1.234.567", "1234567", "1234567"),
    ("12,5", "12.5", "12.5"),
    ("12.5", "12.5", "12.5"),
    ("0,950", "0.95", "0.95"),
    ("0.125", "0.125", "0.125"),
    ("1,2345", "1.2345", "1.2345"),
    (".5", "0.5", "0.5"),
    (",5", "0.5", "0.5"),
    ("42", "42", "42"),
    ("  42 ", "42", "42"),
    ("+7", "7", "7"),
    ("-3", "-3", "-3"),
    ("−3", "-3", "-3"),
    ("1234-", "-1234", "-1234"),
    ("(1.234,00)", "-1234", "-1234"),
    ("-1.234,50 €", "-1234.5", "-1234.5"),
    ("€ 1,234.50", "1234.5", "1234.5"),
    ("$1,200.00", "1200", "1200"),
    ("12.5 EUR", "12.5", "12.5"),
    ("CHF 1'000", "1000", "1000"),
    ("12%", "0.12", "0.12"),
    ("12,5 %", "0.125", "0.125"),
    ("250k", "250000", "250000"),
    ("€ 2.5m", "2500000", "2500000"),
    ("1,5M", "1500000", "1500000"),
    ("1e3", "1000", "1000"),
    ("1.5E+03", "1500", "1500"),
    ("2,5E-2", "0.025", "0.025"),
    // Ambiguous: one separator, three digits after: the setting decides.
    ("1,234", "1234", "1.234"),
    ("1.234", "1.234", "1234"),
    ("-1,500", "-1500", "-1.5"),
    ("€ 12.500", "12.5", "12500"),
    ("(1,234)", "-1234", "-1.234"),
];

#[test]
fn every_spelling_reads_the_same_everywhere() {
    for &(text, point, comma) in SPELLINGS {
        for (format, want) in [(POINT, point), (COMMA, comma)] {
            let want = dec(want);
            assert_eq!(
                parse_decimal(text, format),
                Ok(want),
                "{text} in {format:?}"
            );
            let x = parse_f64(text, format).unwrap();
            assert_eq!(x, want.to_string().parse::<f64>().unwrap(), "{text} as f64");
        }
    }
    assert!(SPELLINGS.len() >= 30);
}

#[test]
fn garbage_is_refused_with_a_clear_message() {
    for bad in [
        "12abc",
        "1.2.3,4,5",
        "",
        "   ",
        "abc",
        "1,23,456",
        "--1",
        "1 2",
        "1e",
        "e5",
        "#N/A",
        ".",
        "12..5",
        "€",
        "1,2,3.4.5",
        "1,2.3,4",
        "%",
        "k",
        "12 % %",
    ] {
        for format in [POINT, COMMA] {
            let e = parse_decimal(bad, format).unwrap_err();
            assert_eq!(parse_f64(bad, format).unwrap_err(), e, "{bad}");
            if bad.trim().is_empty() {
                assert_eq!(e, "enter a number");
            } else {
                assert_eq!(e, format!("'{}' is not a number", bad.trim()));
            }
        }
    }
    assert_eq!(
        parse_f64("1e999", POINT).unwrap_err(),
        "'1e999' is too large"
    );
    assert!(parse_decimal("1e400", POINT).is_err());
}

#[test]
fn amounts_are_exact() {
    let a = parse_decimal("0.1", POINT).unwrap() + parse_decimal("0,2", COMMA).unwrap();
    assert_eq!(a, dec("0.3"));
    assert_eq!(
        parse_decimal("1.234.567,8912", POINT).unwrap().to_string(),
        "1234567.8912"
    );
}

#[test]
fn percentages_read_as_fractions() {
    for (text, want) in [
        ("95 %", 0.95),
        ("95%", 0.95),
        ("0.95", 0.95),
        ("0,95", 0.95),
        ("99,5 %", 0.995),
        ("95", 0.95),
        ("1", 1.0),
        ("99.99 %", 0.9999),
    ] {
        assert_eq!(parse_percent(text, POINT), Ok(want), "{text}");
    }
    assert!(parse_percent("x %", POINT).is_err());
}

#[test]
fn the_setting_is_stored_with_the_workspace_and_old_backups_load() {
    let mut w = sop_planner::engine::demo::demo_workspace();
    assert_eq!(w.number_format, NumberFormat::default());
    assert!(!NumberFormat::default().decimal_comma);
    w.number_format = COMMA;
    let json = serde_json::to_string(&w).unwrap();
    let back: sop_planner::engine::model::Workspace = serde_json::from_str(&json).unwrap();
    assert_eq!(back.number_format, COMMA);
    // A backup written before the setting existed.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v.as_object_mut().unwrap().remove("number_format");
    let old: sop_planner::engine::model::Workspace = serde_json::from_value(v).unwrap();
    assert_eq!(old.number_format, POINT);
}

#[test]
fn quantities_are_zero_or_more_and_bounded() {
    // The grid, a pasted block, the roll-forward's units and the max FTE all read so.
    assert_eq!(parse_quantity("1.234,5", COMMA), Ok(1234.5));
    assert_eq!(parse_quantity("1,234.5", POINT), Ok(1234.5));
    assert_eq!(parse_quantity(" 0 ", POINT), Ok(0.0));
    assert_eq!(parse_quantity("1e9", POINT), Ok(1e9));
    assert_eq!(
        parse_quantity(" -3 ", POINT),
        Err("-3 is negative; enter 0 or more".to_string())
    );
    assert_eq!(
        parse_quantity("(1.234,5)", COMMA),
        Err("(1.234,5) is negative; enter 0 or more".to_string())
    );
    assert_eq!(
        parse_quantity("2e9", POINT),
        Err("2e9 is too large (at most 1e9)".to_string())
    );
    // Garbage keeps the reader's own sentence.
    assert_eq!(parse_quantity("12abc", POINT), parse_f64("12abc", POINT));
}

#[test]
fn whole_counts_refuse_fractions_and_negatives() {
    assert_eq!(parse_whole("12", POINT), Ok(12));
    assert_eq!(parse_whole("0", COMMA), Ok(0));
    assert_eq!(parse_whole("1.000", COMMA), Ok(1000));
    assert_eq!(
        parse_whole("2,5", COMMA),
        Err("2,5 is not a whole number of 0 or more".to_string())
    );
    assert_eq!(
        parse_whole("-12", POINT),
        Err("-12 is not a whole number of 0 or more".to_string())
    );
    assert_eq!(
        parse_whole("5e9", POINT),
        Err("'5e9' is too large".to_string())
    );
    assert!(parse_whole("x", POINT).is_err());
}
