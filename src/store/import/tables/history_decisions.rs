//! The `history_decisions` table: the history cleansing review's decisions
//! (`cycle.inputs.forecast.history_corrections`, one [`HistoryCorrection`] per row) —
//! flagged months accepted, edited or rejected, level shifts, and known events
//! (promotion, stock-out, strike) marked on history.
//!
//! Key: SKU, month and kind; a key given twice is refused. The value's rule is the
//! cycle validation's ([`value_problem`]: ≥ 0 but for a level shift's step); a SKU must
//! be a product and the month one of its history before the cycle (checked in `apply`
//! with [`in_history`], against the history imported with it if any). A rejected row's
//! value is kept as given (blank = 0); an accepted or edited row needs one; an event
//! needs its kind of event.

use crate::engine::model::*;
use crate::engine::number::NumberFormat;
#[cfg(doc)]
use crate::engine::plan::validate::corrections::in_history;
use crate::engine::plan::validate::corrections::value_problem;
use crate::store::export::{Cell, text};
use crate::store::import::Errs;
use crate::store::import::cell::code_of;
use crate::store::import::parse::Data;
use crate::store::import::schema::{
    Column, Kind, Layout, SKU_ALIASES, Table, TableSchema, col, normalize,
};
use crate::store::import::sheet::CellRef;
use crate::store::import::tables::row::{Rows, Seen, rows};

const COLUMNS: &[Column] = &[
    col(
        "sku",
        "SKU",
        Kind::Code,
        "",
        true,
        "",
        "Product code (see products).",
        ["EB-CITY-500", "EB-CITY-500"],
        SKU_ALIASES,
    ),
    col(
        "month",
        "month",
        Kind::Month,
        "",
        true,
        "",
        "Month of the SKU's history the decision is on (a level shift: its first month \
         at the new level).",
        ["2026-09", "2026-10"],
        &["period", "date", "historymonth"],
    ),
    col(
        "kind",
        "kind",
        Kind::Text,
        "",
        true,
        "",
        "What is corrected: outlier (a spike or dip), level_shift (a step) or event (a \
         known event).",
        ["outlier", "event"],
        &["type", "correction", "flag", "correctionkind"],
    ),
    col(
        "decision",
        "decision",
        Kind::Text,
        "",
        true,
        "",
        "The planner's decision: accepted (the suggested value), edited (the planner's \
         value) or rejected (the actual is kept).",
        ["edited", "accepted"],
        &["status", "action", "resolution"],
    ),
    col(
        "value",
        "value",
        Kind::Signed,
        "units",
        false,
        "0",
        "Units used for the month (outlier, event; ≥ 0), or the step added to every \
         month before a level shift (either sign); required unless rejected.",
        ["150", "140"],
        &[
            "cleansedvalue",
            "correctedvalue",
            "cleansed",
            "replacement",
            "step",
        ],
    ),
    col(
        "event",
        "event",
        Kind::Text,
        "",
        false,
        "",
        "For an event: promotion, stock_out, strike or other.",
        ["", "promotion"],
        &["eventkind", "eventtype", "knownevent"],
    ),
    col(
        "note",
        "note",
        Kind::Text,
        "",
        false,
        "",
        "The planner's reason or the event's note.",
        ["Trade fair order, one-off", "Spring campaign"],
        &["reason", "comment", "remark", "notes"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::HistoryDecisions,
    name: "history_decisions",
    title: "History decisions",
    meaning: "The history cleansing decisions: flagged months accepted, edited or \
              rejected, level shifts, and known events marked on history.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "historydecisions",
        "cleansing",
        "historycleansing",
        "cleansingdecisions",
        "historycorrections",
        "corrections",
    ],
};

/// The code among `codes` that `text` names (compared after [`normalize`], so
/// `Stock-out` and `stock out` are `stock_out`).
fn pick<T: Copy>(text: &str, all: &[T], code: fn(T) -> &'static str) -> Option<T> {
    let n = normalize(text);
    all.iter().copied().find(|&x| normalize(code(x)) == n)
}

/// "outlier, level_shift or event".
fn choices<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    let words: Vec<&str> = all.iter().map(|&x| code(x)).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

/// A cell reader for a column whose words are `all`'s codes.
fn word<T: Copy>(
    all: &'static [T],
    code: fn(T) -> &'static str,
) -> impl FnOnce(&Column, CellRef<'_>, NumberFormat) -> Result<T, String> {
    move |c, cell, _| {
        let t = code_of(cell);
        pick(&t, all, code).ok_or_else(|| {
            format!(
                "{} must be {}, found '{}'",
                c.label,
                choices(all, code),
                t.trim()
            )
        })
    }
}

/// Reads the decision rows into records, each with its row number.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    let mut out: Vec<(u32, HistoryCorrection)> = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let sku = p.code("sku");
        let month = p.month("month");
        let kind = p.value("kind", word(&CorrectionKind::ALL, CorrectionKind::code));
        let status = p.value(
            "decision",
            word(&CorrectionStatus::ALL, CorrectionStatus::code),
        );
        let value = p.number("value");
        let event = p.value("event", word(&EventKind::ALL, EventKind::code));
        let note = p.text("note");
        let (
            Ok(sku),
            Ok(Some(month)),
            Ok(Some(kind)),
            Ok(Some(status)),
            Ok(value),
            Ok(event),
            Ok(note),
        ) = (sku, month, kind, status, value, event, note)
        else {
            continue;
        };
        let (jv, _) = p.column("value");
        let value = match value {
            None if status != CorrectionStatus::Rejected => {
                p.fail(
                    jv,
                    format!(
                        "value is required when the decision is {} (the units used)",
                        status.code()
                    ),
                );
                continue;
            }
            v => v.unwrap_or(0.0),
        };
        if let Some(problem) = value_problem(kind, value) {
            p.fail(jv, format!("value {problem}"));
            continue;
        }
        let (je, _) = p.column("event");
        let event = match (kind, event) {
            (CorrectionKind::Event, None) => {
                p.fail(
                    je,
                    format!(
                        "event is required for an event: {}",
                        choices(&EventKind::ALL, EventKind::code)
                    ),
                );
                continue;
            }
            (CorrectionKind::Event, e) => e,
            (_, Some(_)) => {
                p.fail(
                    je,
                    format!(
                        "an event is given only when kind is event, not {}",
                        kind.code()
                    ),
                );
                continue;
            }
            (_, None) => None,
        };
        if let Some(e) = seen.check((sku.clone(), month, kind), row) {
            p.dup(0, format!("decision on {sku}, {month}, {}", kind.code()), e);
            continue;
        }
        out.push((
            row,
            HistoryCorrection {
                sku,
                month,
                kind,
                status,
                value,
                event,
                note,
            },
        ));
    });
    Data::HistoryDecisions(out)
}

/// Writes the decisions of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    for x in &cycle.inputs.forecast.history_corrections {
        rows.push(vec![
            text(&x.sku),
            Cell::Month(x.month),
            text(x.kind.code()),
            text(x.status.code()),
            Cell::Number(x.value),
            x.event.map_or(Cell::Empty, |e| text(e.code())),
            text(&x.note),
        ]);
    }
}
