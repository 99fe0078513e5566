//! Reading one cell by its column's [`Kind`]: the one reader of every value that enters
//! master data and plan inputs, whether from an imported file or typed into the Data
//! view (see [`read_text`]); the ranges are those of `engine::plan::validate`, so what
//! is read also validates.

use super::months::{MonthProblem, parse_month};
use super::number::decimal_from_f64;
use super::schema::{Column, Kind, normalize};
use super::sheet::{CellRef, cell_month};
use crate::engine::month::Month;
use crate::engine::number::{NumberFormat, parse_decimal, parse_f64, parse_percent, percent_of};
use crate::engine::plan::validate::{AMOUNT_LIMIT, LEAD_TIME_LIMIT, QTY_LIMIT, RATE_LIMIT};
use rust_decimal::Decimal;

/// A value read from a cell, by the kind of its column.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// [`Kind::Code`] and [`Kind::Text`], trimmed.
    Text(String),
    /// [`Kind::Quantity`], [`Kind::Positive`] and [`Kind::Signed`].
    Number(f64),
    /// [`Kind::Whole`].
    Whole(u64),
    /// [`Kind::Amount`] and [`Kind::SignedAmount`], exact.
    Amount(Decimal),
    /// [`Kind::ServiceLevel`] and [`Kind::Probability`], as a fraction (0.95).
    Percent(f64),
    Month(Month),
    /// `None`: blank or "family" (the family's strategy).
    Strategy(Option<StrategyName>),
}

/// Reads `text` typed for column `c` in number format `style`, exactly as the importer
/// reads a text cell of that column. `Ok(None)`: blank and not required.
pub fn read_text(c: &Column, text: &str, style: NumberFormat) -> Result<Option<Value>, String> {
    let t = text.trim();
    if t.is_empty() {
        return if c.required && c.kind != Kind::Strategy {
            Err(format!("{} is required but empty", c.label))
        } else if c.kind == Kind::Strategy {
            Ok(Some(Value::Strategy(None)))
        } else {
            Ok(None)
        };
    }
    read(c, CellRef::Text(t), style).map(Some)
}

/// Reads a non-blank cell of column `c` by its kind.
pub(crate) fn read(c: &Column, cell: CellRef<'_>, style: NumberFormat) -> Result<Value, String> {
    Ok(match c.kind {
        Kind::Code | Kind::Text => Value::Text(code_of(cell).trim().to_string()),
        Kind::Quantity | Kind::Positive | Kind::Signed => {
            Value::Number(number_value(c, cell, style)?)
        }
        Kind::Whole => Value::Whole(whole_value(c, cell, style)?),
        Kind::Amount | Kind::SignedAmount => Value::Amount(amount_value(c, cell, style)?),
        Kind::ServiceLevel | Kind::Probability => Value::Percent(percent_value(c, cell, style)?),
        Kind::Month => Value::Month(month_value(c, cell)?),
        Kind::Strategy => Value::Strategy(strategy_value(c, cell)?),
    })
}

/// The text of a code or text cell (numbers as the spreadsheet shows them).
pub(crate) fn code_of(cell: CellRef<'_>) -> String {
    match cell {
        CellRef::Text(t) => t.to_string(),
        CellRef::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        other => other.shown(),
    }
}

pub(crate) fn found(cell: CellRef<'_>) -> String {
    cell.shown()
}

pub(crate) fn number_value(
    c: &Column,
    cell: CellRef<'_>,
    style: NumberFormat,
) -> Result<f64, String> {
    let x = match cell {
        CellRef::Number(x) => Some(x),
        CellRef::Text(t) => parse_f64(t, style).ok(),
        _ => None,
    };
    let ok = match (x, c.kind) {
        (Some(x), _) if x > QTY_LIMIT => {
            return Err(format!(
                "{} must be at most {QTY_LIMIT:e}, found '{}'",
                c.label,
                found(cell)
            ));
        }
        (Some(x), Kind::Positive) => x > 0.0,
        (Some(x), Kind::Signed) => x >= -QTY_LIMIT,
        (Some(x), _) => x >= 0.0,
        (None, _) => false,
    };
    match x {
        Some(x) if ok => Ok(x),
        _ => {
            let bound = match c.kind {
                Kind::Positive => " > 0",
                Kind::Signed => "",
                _ => " ≥ 0",
            };
            Err(format!(
                "{} must be a number{bound}, found '{}'",
                c.label,
                found(cell)
            ))
        }
    }
}

pub(crate) fn whole_value(
    c: &Column,
    cell: CellRef<'_>,
    style: NumberFormat,
) -> Result<u64, String> {
    let x = match cell {
        CellRef::Number(x) => Some(x),
        CellRef::Text(t) => parse_f64(t, style).ok(),
        _ => None,
    };
    match x {
        Some(x) if c.name == "lead_time" && x > LEAD_TIME_LIMIT as f64 => Err(format!(
            "{} must be at most {LEAD_TIME_LIMIT} months, found '{}'",
            c.label,
            found(cell)
        )),
        Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 => Ok(x as u64),
        _ => Err(format!(
            "{} must be a whole number ≥ 0, found '{}'",
            c.label,
            found(cell)
        )),
    }
}

pub(crate) fn amount_value(
    c: &Column,
    cell: CellRef<'_>,
    style: NumberFormat,
) -> Result<Decimal, String> {
    let d = match cell {
        CellRef::Number(x) => decimal_from_f64(x),
        CellRef::Text(t) => parse_decimal(t, style).ok(),
        _ => None,
    };
    // The limits of `engine::plan::validate`, so that what imports also validates.
    let limit = match c.name {
        "price" | "unit_cost" | "cost_per_hour" | "overtime_premium" | "hire_cost"
        | "layoff_cost" | "fte_cost" | "backlog_cost" | "lost_sale_cost" | "subcontract_cost" => {
            Decimal::from(RATE_LIMIT)
        }
        "holding_pct" => Decimal::from(1000),
        "dso_days" | "dpo_days" => Decimal::from(3650),
        _ => Decimal::from(AMOUNT_LIMIT),
    };
    match d {
        Some(d) if d.abs() > limit => Err(format!(
            "{} must be at most {limit}, found '{}'",
            c.label,
            found(cell)
        )),
        Some(d) if c.kind == Kind::SignedAmount || !d.is_sign_negative() || d.is_zero() => Ok(d),
        _ => Err(if c.kind == Kind::SignedAmount {
            format!("{} must be a number, found '{}'", c.label, found(cell))
        } else {
            format!("{} must be a number ≥ 0, found '{}'", c.label, found(cell))
        }),
    }
}

pub(crate) fn percent_value(
    c: &Column,
    cell: CellRef<'_>,
    style: NumberFormat,
) -> Result<f64, String> {
    let p = match cell {
        CellRef::Number(x) if x > 1.0 => decimal_from_f64(x).and_then(|d| percent_of(d, true)),
        CellRef::Number(x) => Some(x),
        CellRef::Text(t) => parse_percent(t, style).ok(),
        _ => None,
    };
    let (lo, hi, range) = if c.kind == Kind::ServiceLevel {
        (0.5, 0.9999, "between 50 % and 99.99 %")
    } else {
        (0.0, 1.0, "between 0 % and 100 %")
    };
    match p {
        // Tolerate float noise at the bounds (99.99 % → 0.9999000000000001).
        Some(p) if p >= lo - 1e-12 && p <= hi + 1e-12 => Ok(p.clamp(lo, hi)),
        _ => Err(format!(
            "{} must be {range}, found '{}'",
            c.label,
            found(cell)
        )),
    }
}

pub(crate) fn month_value(c: &Column, cell: CellRef<'_>) -> Result<Month, String> {
    let r = match cell {
        CellRef::Text(t) => parse_month(t),
        other => cell_month(other).ok_or(MonthProblem::NotAMonth),
    };
    r.map_err(|p| match p {
        MonthProblem::Ambiguous => format!(
            "{} '{}' could mean two different months; write it as YYYY-MM, for example \
             2026-11",
            c.label,
            found(cell)
        ),
        MonthProblem::NotAMonth => format!(
            "{} must be a month such as 2026-11 or Nov 2026, found '{}'",
            c.label,
            found(cell)
        ),
    })
}

/// A strategy as written, before its cover months are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyName {
    Chase,
    Level,
    TargetCover,
    Manual,
}

pub(crate) fn strategy_value(
    c: &Column,
    cell: CellRef<'_>,
) -> Result<Option<StrategyName>, String> {
    match normalize(&cell.shown()).as_str() {
        "chase" => Ok(Some(StrategyName::Chase)),
        "level" | "levelled" | "leveled" => Ok(Some(StrategyName::Level)),
        "targetcover" | "cover" | "monthsofcover" => Ok(Some(StrategyName::TargetCover)),
        "manual" => Ok(Some(StrategyName::Manual)),
        "" | "family" | "inherit" | "default" => Ok(None),
        _ => Err(format!(
            "{} must be chase, level, target_cover or manual, found '{}'",
            c.label,
            found(cell)
        )),
    }
}
