//! Numbers as spreadsheets write them: decimal comma or point, thousands separators
//! (`1.234,5`, `1,234.5`, `1 234`, `1'234`), currency signs, `(12)` for −12, a trailing
//! `%`, and scientific notation. Text is brought to a canonical `-1234.5` first, so
//! money parses to [`Decimal`] exactly (never through `f64`).

use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;

/// Which separator a file uses for decimals when a number alone cannot tell
/// (`1,234` or `1.234`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NumStyle {
    pub decimal_comma: bool,
}

/// Evidence one cell gives about the decimal separator: `Some(true)` for a decimal
/// comma (`12,5`, `1.234,56`), `Some(false)` for a decimal point, `None` if it cannot
/// tell or is not a number.
pub(crate) fn decimal_comma_evidence(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let mut commas = 0;
    let mut dots = 0;
    let mut last = None;
    let mut digits_after_last = 0;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => digits_after_last += 1,
            b',' => {
                commas += 1;
                last = Some(true);
                digits_after_last = 0;
            }
            b'.' => {
                dots += 1;
                last = Some(false);
                digits_after_last = 0;
            }
            b'-' | b'+' | b' ' | b'%' | b'\'' => {}
            _ if b >= 0x80 => {}
            _ => return None,
        }
    }
    match (commas, dots) {
        (0, 0) => None,
        (c, d) if c > 0 && d > 0 => last,
        (1, 0) if digits_after_last != 3 => Some(true),
        (0, 1) if digits_after_last != 3 => Some(false),
        _ => None,
    }
}

/// The canonical form (`-1234.5`, or `1.5e3`) of a number written with separators,
/// or `None` if it is not a number. Allocates only when the text needs rewriting.
pub(crate) fn canonical(raw: &str, style: NumStyle) -> Option<Cow<'_, str>> {
    let s = raw.trim_matches(|c: char| c.is_whitespace());
    if s.is_empty() {
        return None;
    }
    // Fast path: plain `-123.45` or `123`.
    let b = s.as_bytes();
    let body = b.strip_prefix(b"-").unwrap_or(b);
    if !body.is_empty()
        && body[0] != b'.'
        && body[body.len() - 1] != b'.'
        && body.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && body.iter().filter(|c| **c == b'.').count() <= 1
        && !(style.decimal_comma && looks_grouped_by_dot(body))
    {
        return Some(Cow::Borrowed(s));
    }
    slow(s, style).map(Cow::Owned)
}

/// `1.234` (one dot, three digits after, integer part not 0): a thousands dot in a
/// decimal-comma file.
fn looks_grouped_by_dot(body: &[u8]) -> bool {
    match body.iter().position(|c| *c == b'.') {
        Some(i) => body.len() - i - 1 == 3 && i > 0 && i <= 3 && body[0] != b'0',
        None => false,
    }
}

fn slow(s: &str, style: NumStyle) -> Option<String> {
    let mut t = s;
    let mut negative = false;
    // Accounting negatives: (1,234.00)
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    t = strip_currency(t);
    if let Some(rest) = t.strip_prefix(['-', '−']) {
        negative = !negative;
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_suffix('-') {
        // SAP style: 1234-
        negative = !negative;
        t = rest.trim_end();
    }
    t = strip_currency(t);
    if t.is_empty() {
        return None;
    }
    // Scientific notation: 1.5E+03, 2,5E-2
    if let Some(epos) = t.find(['e', 'E']) {
        let (mant, exp) = (&t[..epos], &t[epos + 1..]);
        let exp_ok = {
            let e = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            !e.is_empty() && e.len() <= 4 && e.bytes().all(|c| c.is_ascii_digit())
        };
        if !exp_ok || mant.is_empty() {
            return None;
        }
        let m = mant.replace(',', ".");
        if m.bytes().filter(|c| *c == b'.').count() > 1
            || !m.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            || !m.bytes().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        let sign = if negative { "-" } else { "" };
        return Some(format!("{sign}{m}e{exp}"));
    }
    // Digits and separators only.
    let mut commas = 0usize;
    let mut dots = 0usize;
    let mut last_sep = None;
    for ch in t.chars() {
        match ch {
            '0'..='9' => {}
            ',' => {
                commas += 1;
                last_sep = Some(',');
            }
            '.' => {
                dots += 1;
                last_sep = Some('.');
            }
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’' => {}
            _ => return None,
        }
    }
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (_, 0) if commas > 1 => None,
        (0, _) if dots > 1 => None,
        (1, 0) => {
            if is_decimal_single(t, ',', style.decimal_comma) {
                Some(',')
            } else {
                None
            }
        }
        (0, 1) => {
            if is_decimal_single(t, '.', !style.decimal_comma) {
                Some('.')
            } else {
                None
            }
        }
        _ => last_sep,
    };
    let (int_part, frac_part) = match decimal {
        Some(d) => {
            let i = t.rfind(d)?;
            (&t[..i], &t[i + 1..])
        }
        None => (t, ""),
    };
    if frac_part.chars().any(|c| !c.is_ascii_digit()) {
        return None;
    }
    // Integer part: groups separated by one kind of separator, 1–3 then 3 digits.
    let mut out = String::with_capacity(t.len() + 1);
    if negative {
        out.push('-');
    }
    let mut groups = int_part
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty());
    let seps: Vec<char> = int_part.chars().filter(|c| !c.is_ascii_digit()).collect();
    if !seps.is_empty() {
        let first = seps[0];
        let same_kind = |c: char| {
            c == first || (is_space(c) && is_space(first)) || (is_quote(c) && is_quote(first))
        };
        if !seps.iter().all(|c| same_kind(*c)) {
            return None;
        }
        let g: Vec<&str> = int_part.split(|c: char| !c.is_ascii_digit()).collect();
        if g.len() != seps.len() + 1
            || g[0].is_empty()
            || g[0].len() > 3
            || g[1..].iter().any(|x| x.len() != 3)
        {
            return None;
        }
    }
    let mut any_digit = false;
    for g in groups.by_ref() {
        any_digit = true;
        out.push_str(g);
    }
    if !any_digit {
        if frac_part.is_empty() {
            return None;
        }
        out.push('0');
    }
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    } else if decimal.is_some() && !any_digit {
        return None;
    }
    Some(out)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Is the only separator `sep` the decimal one? Yes unless exactly three digits follow
/// and the integer part could be a thousands group (then the file's style decides).
fn is_decimal_single(t: &str, sep: char, style_says_decimal: bool) -> bool {
    let i = t.rfind(sep).unwrap_or(0);
    let (int_part, frac) = (&t[..i], &t[i + 1..]);
    let int_digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if frac.len() != 3 || int_digits.is_empty() || int_digits == "0" || int_digits.len() > 3 {
        return true;
    }
    // Other separators (spaces) before it mean it is a decimal: `1 234,567`.
    if int_part.chars().any(|c| !c.is_ascii_digit()) {
        return true;
    }
    style_says_decimal
}

fn strip_currency(t: &str) -> &str {
    const SIGNS: [&str; 8] = ["€", "$", "£", "¥", "EUR", "USD", "GBP", "CHF"];
    let mut t = t.trim();
    for s in SIGNS {
        if let Some(r) = t.strip_prefix(s) {
            t = r.trim_start();
        }
        if let Some(r) = t.strip_suffix(s) {
            t = r.trim_end();
        }
    }
    t
}

/// A number as `f64`, or `None` if the text is not one (or not finite).
pub(crate) fn parse_f64(raw: &str, style: NumStyle) -> Option<f64> {
    let c = canonical(raw, style)?;
    let x: f64 = c.parse().ok()?;
    x.is_finite().then_some(x)
}

/// A number as an exact [`Decimal`], or `None` if not a number or out of range.
pub(crate) fn parse_decimal(raw: &str, style: NumStyle) -> Option<Decimal> {
    let c = canonical(raw, style)?;
    if c.contains(['e', 'E']) {
        Decimal::from_scientific(&c).ok()
    } else {
        Decimal::from_str(&c).ok()
    }
}

/// The decimal a spreadsheet's number cell means: rounded to 15 significant digits,
/// Excel's own precision, so that formula noise (`2959.0000000000005`) goes away and
/// typed amounts (`1234567.8912`) are exact.
pub(crate) fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{x:.14e}"))
        .ok()
        .map(|d| d.normalize())
}

/// A percentage written as `95 %`, `95` or `0.95`, as a fraction (0.95). A value
/// without `%` above 1 is read as percent.
pub(crate) fn parse_percent(raw: &str, style: NumStyle) -> Option<f64> {
    let t = raw.trim();
    let (body, pct) = match t.strip_suffix('%') {
        Some(b) => (b, true),
        None => (t, false),
    };
    percent_of(parse_decimal(body, style)?, pct)
}

/// A percentage to a fraction, divided in decimal so that `99.99` gives the `f64`
/// nearest to 0.9999 (as typing 0.9999 would).
pub(crate) fn percent_of(d: Decimal, pct: bool) -> Option<f64> {
    let d = if pct || d > Decimal::ONE {
        d.checked_div(Decimal::ONE_HUNDRED)?
    } else {
        d
    };
    let x: f64 = d.to_string().parse().ok()?;
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOT: NumStyle = NumStyle {
        decimal_comma: false,
    };
    const COMMA: NumStyle = NumStyle {
        decimal_comma: true,
    };

    #[test]
    fn spreadsheet_numbers() {
        let cases = [
            ("12", 12.0),
            ("12.5", 12.5),
            ("12,5", 12.5),
            ("-3", -3.0),
            ("1.234,5", 1234.5),
            ("1,234.5", 1234.5),
            ("1 234", 1234.0),
            ("1\u{a0}234,50", 1234.5),
            ("1'234.5", 1234.5),
            ("1,234,567", 1_234_567.0),
            ("1.234.567", 1_234_567.0),
            ("0,950", 0.95),
            ("€ 12,50", 12.5),
            ("$1,200.00", 1200.0),
            ("12.5 EUR", 12.5),
            ("(1,234.00)", -1234.0),
            ("1234-", -1234.0),
            ("1.5E+03", 1500.0),
            ("2,5E-2", 0.025),
            (" +7 ", 7.0),
            (",5", 0.5),
        ];
        for (s, x) in cases {
            assert_eq!(parse_f64(s, DOT), Some(x), "{s}");
        }
        for s in [
            "abc",
            "1.2.3,4,5",
            "12a",
            "1,23,456",
            "--1",
            "",
            "1 2",
            "1e",
            "e5",
            "#N/A",
            ".",
            "1,2.3,4",
        ] {
            assert_eq!(parse_f64(s, DOT), None, "{s}");
        }
    }

    #[test]
    fn ambiguous_thousands_follow_the_file_style() {
        assert_eq!(parse_f64("1,234", DOT), Some(1234.0));
        assert_eq!(parse_f64("1,234", COMMA), Some(1.234));
        assert_eq!(parse_f64("1.234", DOT), Some(1.234));
        assert_eq!(parse_f64("1.234", COMMA), Some(1234.0));
        assert_eq!(parse_f64("0.125", COMMA), Some(0.125));
        assert_eq!(parse_f64("12.5", COMMA), Some(12.5));
    }

    #[test]
    fn decimals_are_exact() {
        let d = parse_decimal("1.234.567,8912", DOT).unwrap();
        assert_eq!(d.to_string(), "1234567.8912");
        assert_eq!(
            parse_decimal("1234567.8912", DOT).unwrap().to_string(),
            "1234567.8912"
        );
        assert_eq!(
            decimal_from_f64(1234567.8912).unwrap().to_string(),
            "1234567.8912"
        );
        assert_eq!(decimal_from_f64(0.1).unwrap().to_string(), "0.1");
        assert_eq!(
            decimal_from_f64(2959.0000000000005).unwrap().to_string(),
            "2959"
        );
        assert_eq!(decimal_from_f64(-0.07).unwrap().to_string(), "-0.07");
        assert_eq!(
            decimal_from_f64(1e20).unwrap().to_string(),
            "100000000000000000000"
        );
        assert_eq!(
            decimal_from_f64(123456789012345.6).unwrap().to_string(),
            "123456789012346"
        );
        assert_eq!(parse_decimal("1e400", DOT), None);
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent("95 %", DOT), Some(0.95));
        assert_eq!(parse_percent("95%", DOT), Some(0.95));
        assert_eq!(parse_percent("0.95", DOT), Some(0.95));
        assert_eq!(parse_percent("0,95", DOT), Some(0.95));
        assert_eq!(parse_percent("99,5 %", DOT), Some(0.995));
        assert_eq!(parse_percent("95", DOT), Some(0.95));
        assert_eq!(parse_percent("1", DOT), Some(1.0));
        assert_eq!(parse_percent("99.99 %", DOT), Some(0.9999));
        assert_eq!(parse_percent("x %", DOT), None);
    }

    #[test]
    fn evidence() {
        assert_eq!(decimal_comma_evidence("12,5"), Some(true));
        assert_eq!(decimal_comma_evidence("1.234,56"), Some(true));
        assert_eq!(decimal_comma_evidence("12.5"), Some(false));
        assert_eq!(decimal_comma_evidence("1,234.5"), Some(false));
        assert_eq!(decimal_comma_evidence("1,234"), None);
        assert_eq!(decimal_comma_evidence("EB-1"), None);
        assert_eq!(decimal_comma_evidence("150"), None);
    }
}
