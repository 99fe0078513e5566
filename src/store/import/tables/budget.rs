//! The `budget` table: revenue and gross-margin budget per month
//! (`cycle.inputs.budget`, one [`BudgetMonth`] per row).
//!
//! Key: the month; a month given twice is refused. Every column is required; revenue is
//! an amount ≥ 0, the gross margin may be negative.

use crate::engine::model::*;
use crate::store::export::Cell;
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows};

const COLUMNS: &[Column] = &[
    col(
        "month",
        "month",
        Kind::Month,
        "",
        true,
        "",
        "Budget month.",
        ["2026-11", "2026-12"],
        &["period", "date", "yearmonth"],
    ),
    col(
        "revenue",
        "revenue",
        Kind::Amount,
        "currency",
        true,
        "",
        "Budgeted revenue of the month.",
        ["1250000.00", "1180000.00"],
        &[
            "sales",
            "turnover",
            "netsales",
            "budgetrevenue",
            "revenuebudget",
        ],
    ),
    col(
        "gross_margin",
        "gross margin",
        Kind::SignedAmount,
        "currency",
        true,
        "",
        "Budgeted gross margin of the month (revenue − cost of goods sold).",
        ["380000.00", "355000.00"],
        &[
            "margin",
            "gm",
            "grossprofit",
            "budgetmargin",
            "budgetgrossmargin",
            "grossmarginbudget",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Budget,
    name: "budget",
    title: "Budget",
    meaning: "Revenue and gross-margin budget per month.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &["budgets", "salesbudget", "financialbudget"],
};

/// Reads the budget rows: one [`BudgetMonth`] per month.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let month = p.month("month");
        let revenue = p.amount("revenue");
        let gm = p.amount("gross_margin");
        let (Ok(Some(month)), Ok(Some(revenue)), Ok(Some(gross_margin))) = (month, revenue, gm)
        else {
            continue;
        };
        if let Some(e) = seen.check(month, row) {
            p.dup(0, format!("budget month {month}"), e);
            continue;
        }
        out.push((
            row,
            BudgetMonth {
                month,
                revenue,
                gross_margin,
            },
        ));
    });
    Data::Budget(out)
}

/// Writes the budget rows, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    for b in &cycle.inputs.budget {
        rows.push(vec![
            Cell::Month(b.month),
            Cell::Money(b.revenue),
            Cell::Money(b.gross_margin),
        ]);
    }
}
