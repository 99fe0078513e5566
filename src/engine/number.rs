//! The one reader of numbers a planner types or a spreadsheet holds, used by grid cells,
//! the Data tables, scenario levers, finance terms and the importer alike.
//!
//! Understood: a decimal comma or point with thousands separators (`1.234,5`,
//! `1,234.5`, `1 234,5` with a space, no-break or narrow no-break space, `1'234.5`);
//! `-`, `−`, a trailing `-` or parentheses `(1,234)` for negatives; currency signs and
//! codes (`€`, `$`, `£`, `¥`, `EUR`, `USD`, `GBP`, `CHF`) before or after; a trailing
//! `%` (divides by 100), `k` (× 1,000) or `m` (× 1,000,000); scientific notation as
//! spreadsheets write it (`1e3`, `1.5E+03`); `.5` and `,5`. A number with one separator
//! followed by exactly three digits (`1,234`, `1.234`) is ambiguous: the workspace's
//! [`NumberFormat`] decides. Text is brought to a canonical `-1234.5` first, so amounts
//! parse to [`Decimal`] exactly (never through `f64`).

use crate::engine::plan::validate::QTY_LIMIT;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::str::FromStr;

/// How the workspace writes numbers: which separator is the decimal one when a number
/// alone cannot tell (`1,234`). Default: decimal point (`1,234.5`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NumberFormat {
    /// `1.234,5` (true) or `1,234.5` (false).
    pub decimal_comma: bool,
}

impl NumberFormat {
    pub const POINT: NumberFormat = NumberFormat {
        decimal_comma: false,
    };
    pub const COMMA: NumberFormat = NumberFormat {
        decimal_comma: true,
    };

    /// How a planner recognises it: `1,234.5` or `1.234,5`.
    pub fn example(self) -> &'static str {
        if self.decimal_comma {
            "1.234,5"
        } else {
            "1,234.5"
        }
    }
}

/// What a trailing sign multiplies the number by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Suffix {
    None,
    Percent,
    Thousand,
    Million,
}

/// Splits a trailing `%`, `k` or `m` (after a digit, a separator or a space) off `t`.
fn suffix(t: &str) -> (&str, Suffix) {
    let t = t.trim();
    let (body, s) = match t.as_bytes().last() {
        Some(b'%') => (&t[..t.len() - 1], Suffix::Percent),
        Some(b'k' | b'K') => (&t[..t.len() - 1], Suffix::Thousand),
        Some(b'm' | b'M') => (&t[..t.len() - 1], Suffix::Million),
        _ => return (t, Suffix::None),
    };
    let body = body.trim_end();
    if body
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        (body, s)
    } else {
        (t, Suffix::None)
    }
}

/// Reads `text` as an exact amount. Refuses empty text, garbage (`12abc`,
/// `1.2.3,4,5`) and numbers beyond `Decimal`'s range with a sentence naming the text.
pub fn parse_decimal(text: &str, format: NumberFormat) -> Result<Decimal, String> {
    let (body, s) = suffix(text);
    let c = canonical(body, format).ok_or_else(|| refusal(text))?;
    let d = if c.contains(['e', 'E']) {
        Decimal::from_scientific(&c).ok()
    } else {
        Decimal::from_str(&c).ok()
    };
    let d = d.ok_or_else(|| format!("'{}' is too large", text.trim()))?;
    scaled(d, s).ok_or_else(|| format!("'{}' is too large", text.trim()))
}

/// Reads `text` as a number (quantities, hours, months): the same rules as
/// [`parse_decimal`]; refuses what is not finite.
pub fn parse_f64(text: &str, format: NumberFormat) -> Result<f64, String> {
    let (body, s) = suffix(text);
    let x = if s == Suffix::None {
        let c = canonical(body, format).ok_or_else(|| refusal(text))?;
        c.parse::<f64>().ok()
    } else {
        to_f64(parse_decimal(text, format)?)
    };
    x.filter(|x| x.is_finite())
        .ok_or_else(|| format!("'{}' is too large", text.trim()))
}

/// Reads a quantity a planner types (units, hours, FTE): [`parse_f64`], then 0 or more
/// and at most [`QTY_LIMIT`], the bound `validate` puts on every stored quantity. The one
/// rule behind a grid cell, a pasted block, a roll-forward's units and the max FTE.
pub fn parse_quantity(text: &str, format: NumberFormat) -> Result<f64, String> {
    let v = parse_f64(text, format)?;
    let t = text.trim();
    if v < 0.0 {
        Err(format!("{t} is negative; enter 0 or more"))
    } else if v > QTY_LIMIT {
        Err(format!("{t} is too large (at most {QTY_LIMIT:e})"))
    } else {
        Ok(v)
    }
}

/// Reads a whole count a planner types (a season length in months): [`parse_f64`], then
/// a whole number from 0 to `u32::MAX`.
pub fn parse_whole(text: &str, format: NumberFormat) -> Result<u32, String> {
    let v = parse_f64(text, format)?;
    let t = text.trim();
    if v.fract() != 0.0 || v < 0.0 {
        Err(format!("{t} is not a whole number of 0 or more"))
    } else if v > f64::from(u32::MAX) {
        Err(format!("'{t}' is too large"))
    } else {
        Ok(v as u32)
    }
}

/// Reads a percentage as a fraction: `95 %` and `95` give 0.95, and so does `0.95` (a
/// value without `%` above 1 is read as percent).
pub fn parse_percent(text: &str, format: NumberFormat) -> Result<f64, String> {
    let (body, s) = suffix(text);
    if s == Suffix::Percent {
        let d = parse_decimal(body, format)?;
        return percent_of(d, true).ok_or_else(|| refusal(text));
    }
    let d = parse_decimal(text, format)?;
    percent_of(d, false).ok_or_else(|| refusal(text))
}

/// A percentage to a fraction, divided in decimal so that `99.99` gives the `f64`
/// nearest to 0.9999 (as typing 0.9999 would). `pct` or a value above 1 is in percent.
pub fn percent_of(d: Decimal, pct: bool) -> Option<f64> {
    let d = if pct || d > Decimal::ONE {
        d.checked_div(Decimal::ONE_HUNDRED)?
    } else {
        d
    };
    to_f64(d).filter(|x| x.is_finite())
}

/// The `f64` nearest to `d` (through its text: `Decimal::to_f64` may be one ulp off).
fn to_f64(d: Decimal) -> Option<f64> {
    d.to_string().parse().ok()
}

fn scaled(d: Decimal, s: Suffix) -> Option<Decimal> {
    match s {
        Suffix::None => Some(d),
        Suffix::Percent => d.checked_div(Decimal::ONE_HUNDRED),
        Suffix::Thousand => d.checked_mul(Decimal::from(1_000)),
        Suffix::Million => d.checked_mul(Decimal::from(1_000_000)),
    }
}

fn refusal(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        "enter a number".into()
    } else {
        format!("'{t}' is not a number")
    }
}

/// The canonical form (`-1234.5`, or `1.5e3`) of a number written with separators,
/// or `None` if it is not a number. Allocates only when the text needs rewriting
/// (the importer reads millions of cells through here).
fn canonical(raw: &str, format: NumberFormat) -> Option<Cow<'_, str>> {
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
        && !(format.decimal_comma && looks_grouped_by_dot(body))
    {
        return Some(Cow::Borrowed(s));
    }
    slow(s, format).map(Cow::Owned)
}

/// `1.234` (one dot, three digits after, integer part not 0): a thousands dot when
/// the decimal separator is a comma.
fn looks_grouped_by_dot(body: &[u8]) -> bool {
    match body.iter().position(|c| *c == b'.') {
        Some(i) => body.len() - i - 1 == 3 && i > 0 && i <= 3 && body[0] != b'0',
        None => false,
    }
}

fn slow(s: &str, format: NumberFormat) -> Option<String> {
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
    let sign = if negative { "-" } else { "" };
    // Scientific notation: 1.5E+03, 2,5E-2
    if let Some(epos) = t.find(['e', 'E']) {
        let (mant, exp) = (&t[..epos], &t[epos + 1..]);
        let e = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        let exp_ok = !e.is_empty() && e.len() <= 4 && e.bytes().all(|c| c.is_ascii_digit());
        let m = mant.replace(',', ".");
        if !exp_ok
            || m.bytes().filter(|c| *c == b'.').count() > 1
            || !m.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            || !m.bytes().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        return Some(format!("{sign}{m}e{exp}"));
    }
    // Digits and separators only.
    let (mut commas, mut dots, mut last_sep) = (0usize, 0usize, None);
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
            c if is_space(c) || is_quote(c) => {}
            _ => return None,
        }
    }
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (c, 0) if c > 1 => None,
        (0, d) if d > 1 => None,
        (1, 0) => is_decimal_single(t, ',', format.decimal_comma).then_some(','),
        (0, 1) => is_decimal_single(t, '.', !format.decimal_comma).then_some('.'),
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
    let seps: Vec<char> = int_part.chars().filter(|c| !c.is_ascii_digit()).collect();
    if let Some(&first) = seps.first() {
        let same_kind = |c: char| {
            c == first || (is_space(c) && is_space(first)) || (is_quote(c) && is_quote(first))
        };
        let g: Vec<&str> = int_part.split(|c: char| !c.is_ascii_digit()).collect();
        if !seps.iter().all(|c| same_kind(*c))
            || g.len() != seps.len() + 1
            || g[0].is_empty()
            || g[0].len() > 3
            || g[1..].iter().any(|x| x.len() != 3)
        {
            return None;
        }
    }
    let mut out = String::with_capacity(t.len() + 2);
    out.push_str(sign);
    out.extend(int_part.chars().filter(char::is_ascii_digit));
    if out.len() == sign.len() {
        if frac_part.is_empty() {
            return None;
        }
        out.push('0');
    }
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
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
/// and the integer part could be a thousands group (then the format decides).
fn is_decimal_single(t: &str, sep: char, format_says_decimal: bool) -> bool {
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
    format_says_decimal
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
