//! The one formatter: how units, money, days and ratios read, in a workspace's
//! [`NumberFormat`] (`1,234.5` or `1.234,5`), negatives always with a true minus sign
//! (−). The reader of the same texts is [`crate::engine::number`]; the screen calls these
//! through `ui::format` with the open workspace's format, the review models (KPI tiles)
//! directly.

use crate::engine::model::Change;
use crate::engine::number::NumberFormat;
use crate::engine::plan::KpiValue;
use crate::engine::plan::scenario::Unit;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The true minus sign used for every negative number shown.
pub const MINUS: char = '−';

/// Decimal to f64 for display and charts (never for money arithmetic).
pub fn to_f64(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// `1234567.8` → `1,234,568` (units are shown whole), `-1234.6` → `−1,235`.
pub fn units(x: f64, nf: NumberFormat) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    group(&format!("{:.0}", x), nf)
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

/// Whole currency units: `€ 1,234,568`, negatives `−€ 1,234,568`.
pub fn money(x: Decimal, currency: &str, nf: NumberFormat) -> String {
    let r = x.round();
    let digits = units(to_f64(r.abs()), nf);
    if r.is_sign_negative() && !r.is_zero() {
        format!("{MINUS}{} {digits}", symbol(currency))
    } else {
        format!("{} {digits}", symbol(currency))
    }
}

/// Money where space is short (KPI tiles): exactly [`money`] below 10 million, above
/// that three significant figures and a scale: `€ 617 M`, `−€ 1.23 B`.
pub fn money_compact(x: Decimal, currency: &str, nf: NumberFormat) -> String {
    let v = to_f64(x.round().abs());
    if v < 1e7 {
        return money(x, currency, nf);
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
    let digits = group(&format!("{scaled:.decimals$}"), nf);
    let sign = if x.is_sign_negative() { "−" } else { "" };
    format!("{sign}{} {digits} {scale}", symbol(currency))
}

/// A difference, always signed: `+€ 1,234`, `−€ 1,234`, `€ 0`.
pub fn delta_money(x: Decimal, currency: &str, nf: NumberFormat) -> String {
    signed(x, currency, nf, money)
}

/// A difference where space is short: `+€ 60,731`, `−€ 617 M`.
pub fn delta_compact(x: Decimal, currency: &str, nf: NumberFormat) -> String {
    signed(x, currency, nf, money_compact)
}

fn signed(
    x: Decimal,
    currency: &str,
    nf: NumberFormat,
    format: fn(Decimal, &str, NumberFormat) -> String,
) -> String {
    let r = x.round();
    if r.is_zero() {
        format!("{} 0", symbol(currency))
    } else if r.is_sign_negative() {
        format(r, currency, nf)
    } else {
        format!("+{}", format(r, currency, nf))
    }
}

/// Money to the cent (tooltips, inputs): `€ 1,234,567.89`.
pub fn money_exact(x: Decimal, currency: &str, nf: NumberFormat) -> String {
    let s = format!("{} {}", symbol(currency), plain_exact(x.abs(), nf));
    if x.is_sign_negative() && !x.is_zero() {
        format!("{MINUS}{s}")
    } else {
        s
    }
}

/// A non-negative amount with separators and its cents if any: `1,234,567.5` →
/// `1,234,567.50`, `1000` → `1,000`.
pub fn plain_exact(x: Decimal, nf: NumberFormat) -> String {
    let x = x.round_dp(2);
    let int = x.trunc();
    let frac = ((x - int) * Decimal::from(100)).round();
    let head = units(to_f64(int), nf);
    if frac.is_zero() {
        head
    } else {
        format!("{head}{}{:02}", point(nf), to_f64(frac) as u32)
    }
}

/// A number without thousands separators, with the format's decimal separator (`1234.5`
/// or `1234,5`): what an input shows, so that it reads back the same.
pub fn plain(x: impl std::fmt::Display, nf: NumberFormat) -> String {
    let s = x.to_string();
    if nf.decimal_comma {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The format's decimal separator.
pub fn point(nf: NumberFormat) -> char {
    if nf.decimal_comma { ',' } else { '.' }
}

/// One decimal: `45.04` → `45.0`, `-3.25` → `−3.2` (`Decimal::round_dp`: half to even).
pub fn one_decimal(x: Decimal, nf: NumberFormat) -> String {
    let r = x.round_dp(1);
    let s = plain(format!("{:.1}", r.abs()), nf);
    if r.is_sign_negative() && !r.is_zero() {
        format!("{MINUS}{s}")
    } else {
        s
    }
}

/// Days with one decimal: `45.0 days`.
pub fn days(x: Decimal, nf: NumberFormat) -> String {
    format!("{} days", one_decimal(x, nf))
}

/// A fraction as a percent with one decimal: `0.3512` → `35.1 %`, `−2.0 %`.
pub fn pct(x: f64, nf: NumberFormat) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = format!("{} %", plain(format!("{:.1}", (x * 100.0).abs()), nf));
    if x * 100.0 <= -0.05 {
        format!("{MINUS}{s}")
    } else {
        s
    }
}

/// `x` rounded to `decimals` decimals in the workspace's number format: thousands
/// grouped, a true minus sign, and with `signed` a `+` before a value that does not
/// round to zero (one that does reads `0.0`, unsigned): `fixed(−3.04, 1, …) = "−3.0"`,
/// `fixed(1234.56, 1, true, COMMA) = "+1.234,6"`. FTE, months of cover, percentage
/// points and every other fixed-decimal figure read this way.
pub fn fixed(x: f64, decimals: usize, signed: bool, nf: NumberFormat) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = group(&format!("{x:.decimals$}"), nf);
    let zero = s.chars().all(|c| !c.is_ascii_digit() || c == '0');
    if signed && x > 0.0 && !zero {
        format!("+{s}")
    } else {
        s
    }
}

/// [`fixed`] with trailing zeros dropped (and the point with them): at most `decimals`
/// decimals, `short(12.50, 2, …) = "12.5"`, `short(3.0, 1, …) = "3"`.
pub fn short(x: f64, decimals: usize, signed: bool, nf: NumberFormat) -> String {
    let s = fixed(x, decimals, signed, nf);
    if decimals == 0 || !x.is_finite() {
        return s;
    }
    let s = s.trim_end_matches('0');
    s.trim_end_matches(point(nf)).to_string()
}

/// `x` to at most two decimals, trailing zeros dropped, `+` before a positive value:
/// `12.5 → +12.5`, `−35 → −35`, `0.004 → 0` (an adjustment's size, a lever's percent).
pub fn signed_short(x: f64, nf: NumberFormat) -> String {
    short(x, 2, true, nf)
}

/// An adjustment's size in words: `+12.5 %`, `−35 units a month`.
pub fn change(c: Change, nf: NumberFormat) -> String {
    match c {
        Change::Percent(p) => format!("{} %", signed_short(p, nf)),
        Change::Units(u) => format!("{} units a month", signed_short(u, nf)),
    }
}

/// A number on a chart's value axis or in its tooltip: whole from 10 up (a tooltip reads
/// like the grid), up to two decimals below without trailing zeros (an axis of small
/// quantities keeps its ticks apart): `1234567.4 → 1,234,567`, `−2.5 → −2.5`, `0.25`.
pub fn chart_number(x: f64, nf: NumberFormat) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    if x.abs() >= 10.0 {
        return units(x, nf);
    }
    short(x, 2, false, nf)
}

/// Units of something that must not read `0` while it is there (a backlog of a third of
/// a unit): whole units from 0.5 up, one decimal below (`0.3`), `<0.1` under 0.05.
pub fn units_present(x: f64, nf: NumberFormat) -> String {
    let a = x.abs();
    if a == 0.0 || a >= 0.5 || !a.is_finite() {
        units(x, nf)
    } else if a < 0.05 {
        "<0.1".into()
    } else {
        fixed(x, 1, false, nf)
    }
}

/// A fraction as a whole percent, rounded half away from zero: `1.135` → `114 %`,
/// `−2 %` (a capacity table's cells, where one decimal is clutter).
pub fn pct_whole(x: f64, nf: NumberFormat) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    // Rounded here, half away from zero (`{:.0}` would round half to even).
    format!("{} %", fixed((x * 100.0).round(), 0, false, nf))
}

/// A ratio kept exact as a percent with one decimal (see [`pct`]).
pub fn ratio(x: Decimal, nf: NumberFormat) -> String {
    pct(to_f64(x), nf)
}

/// A KPI value in its unit. A ratio in [99.95 %, 100 %) shows two decimals rounded
/// down (`99.97 %`): anything short is never shown as 100 %.
pub fn kpi(unit: Unit, v: KpiValue, currency: &str, nf: NumberFormat) -> String {
    let (exact, x) = match v {
        KpiValue::Exact(d) => (Some(d), to_f64(d)),
        KpiValue::Approx(x) => (None, x),
        KpiValue::Missing => return "–".into(),
    };
    match unit {
        Unit::Money => money(
            exact.unwrap_or_else(|| Decimal::from_f64_retain(x).unwrap_or_default()),
            currency,
            nf,
        ),
        Unit::Ratio if (0.9995..1.0).contains(&x) => {
            format!(
                "{} %",
                plain(format!("{:.2}", (x * 1e4).floor() / 100.0), nf)
            )
        }
        Unit::Ratio => pct(x, nf),
        Unit::Days => days(exact.unwrap_or_default(), nf),
        Unit::Months => format!("{} months", plain(format!("{x:.2}"), nf)),
        Unit::Turns => plain(format!("{x:.2}"), nf),
        Unit::Hours => format!("{} h", units(x, nf)),
        Unit::Fte => format!("{} FTE", plain(format!("{x:.1}"), nf)),
        Unit::Count => units(x, nf),
    }
}

/// The difference of two KPI values in the KPI's unit, signed: `+€ 60,731`,
/// `−1.5 pts`, `+0.25 months`, `−12 h`, `0` (see [`crate::engine::plan::KpiDelta`]).
pub fn kpi_delta(unit: Unit, d: KpiValue, currency: &str, nf: NumberFormat) -> String {
    let x = match d {
        KpiValue::Exact(v) if unit == Unit::Money => return delta_money(v, currency, nf),
        KpiValue::Exact(v) => to_f64(v),
        KpiValue::Approx(x) => x,
        KpiValue::Missing => return "–".into(),
    };
    match unit {
        Unit::Ratio => format!("{} pts", fixed(x * 100.0, 1, true, nf)),
        Unit::Days => format!("{} days", fixed(x, 1, true, nf)),
        Unit::Months => format!("{} months", fixed(x, 2, true, nf)),
        Unit::Turns => fixed(x, 2, true, nf),
        Unit::Hours => format!("{} h", fixed(x, 0, true, nf)),
        Unit::Fte => format!("{} FTE", fixed(x, 1, true, nf)),
        Unit::Count => fixed(x, 0, true, nf),
        Unit::Money => delta_money(
            Decimal::from_f64_retain(x).unwrap_or_default(),
            currency,
            nf,
        ),
    }
}

/// Groups the integer part of a plain number text in threes with the format's
/// separators (`1,234,567.8` or `1.234.567,8`); a leading `-` becomes [`MINUS`].
fn group(s: &str, nf: NumberFormat) -> String {
    let (thousands, point) = if nf.decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let (neg, digits) = s.strip_prefix('-').map_or((false, s), |d| (true, d));
    let (int, frac) = digits.split_once('.').map_or((digits, ""), |(i, f)| (i, f));
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 2);
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
    if !neg
        || out
            .chars()
            .all(|c| c == '0' || c == thousands || c == point)
    {
        return out;
    }
    format!("{MINUS}{out}")
}
