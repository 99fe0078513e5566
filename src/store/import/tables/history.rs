//! The `history` table: actual units sold per SKU and month (`cycle.history`, one
//! [`SkuHistory`] series per SKU).
//!
//! Long (one row per SKU and month; key: SKU and month) or wide (one row per SKU, one
//! column per month; key: the SKU); a key given twice is refused. Months missing in
//! between are 0; the history must end before the cycle's first planned month and span
//! at most 1200 months.

use crate::engine::model::*;
use crate::engine::month::Month;
use crate::store::export::{Cell, text};
use crate::store::import::cell::number_value;
use crate::store::import::parse::{Data, Header};
use crate::store::import::schema::{Column, Kind, Layout, SKU_ALIASES, Table, TableSchema, col};
use crate::store::import::sheet::Sheet;
use crate::store::import::tables::row::{P, Rows};
use crate::store::import::{Errs, ImportError};
use std::collections::HashMap;

const COLUMNS: &[Column] = &[
    col(
        "sku",
        "SKU",
        Kind::Code,
        "",
        true,
        "",
        "Product code (see products). Wide files may have one column per month instead \
         of month and units.",
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
        "Month of the sales; before the cycle's first planned month. Missing months \
         between a SKU's first and last month count as 0.",
        ["2026-09", "2026-10"],
        &["period", "date", "yearmonth", "salesmonth"],
    ),
    col(
        "units",
        "units",
        Kind::Quantity,
        "units",
        true,
        "",
        "Actual units sold (shipped) in the month.",
        ["143", "151"],
        &[
            "qty",
            "quantity",
            "sales",
            "unitssold",
            "sold",
            "demand",
            "actual",
            "actuals",
            "salesunits",
            "volume",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::History,
    name: "history",
    title: "Sales history",
    meaning: "Actual units sold per SKU and month (one row per SKU and month, or one \
              column per month).",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "saleshistory",
        "sales",
        "actuals",
        "demandhistory",
        "demand",
        "shipments",
        "salesactuals",
    ],
};

/// Reads the history rows into records, each with its row number.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    Data::History(parse_history(r.sheet, r.h, r.label, errs, r.start))
}

/// Values of one SKU: (month, units, row).
type Points = Vec<(Month, f64, u32)>;

/// Long (sku, month, units) or wide (sku, one column per month) sales history, to one
/// series per SKU in order of first appearance; months missing in between are 0.
fn parse_history(
    sheet: &Sheet,
    h: &Header,
    label: Month,
    errs: &mut Errs,
    start: usize,
) -> Vec<(u32, SkuHistory)> {
    let schema = Table::History.schema();
    let units_col = &schema.columns[2];
    let month_col = &schema.columns[1];
    // Per SKU: first row, (month, units, row) points.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut series: Vec<(u32, String, Points)> = Vec::new();
    let sku_j = 0;
    let push_err = |errs: &mut Errs, row: u32, col: String, m: String| {
        errs.push(ImportError::at(&sheet.source, Some(row), Some(col), m));
    };
    let wide = h.is_wide();
    let mut sku_rows: HashMap<String, u32> = HashMap::new();
    for i in start..sheet.len() {
        let row = sheet.row_number(i);
        let mut p = P {
            sheet,
            header: h,
            schema,
            errs: &mut *errs,
            i,
            row,
        };
        let Ok(sku) = p.code("sku") else { continue };
        let k = match index.get(sku.as_str()) {
            Some(k) => *k,
            None => {
                index.insert(sku.clone(), series.len());
                series.push((row, sku.clone(), Vec::new()));
                series.len() - 1
            }
        };
        if wide {
            if let Some(e) = sku_rows.get(&sku) {
                let msg = format!("duplicate SKU '{sku}' (also on row {e})");
                push_err(p.errs, row, h.name(schema, sku_j), msg);
                continue;
            }
            sku_rows.insert(sku.clone(), row);
            for &(col, month) in &h.months {
                let cell = sheet.cell(i, col);
                if cell.is_empty() {
                    continue;
                }
                match number_value(units_col, cell, sheet.style) {
                    Ok(u) => series[k].2.push((month, u, row)),
                    Err(m) => push_err(p.errs, row, month.to_string(), m),
                }
            }
        } else {
            let month = p.month("month");
            let units = p.number("units");
            if let (Ok(Some(m)), Ok(Some(u))) = (month, units) {
                series[k].2.push((m, u, row));
            }
        }
    }
    let mut out = Vec::with_capacity(series.len());
    for (first_row, sku, mut points) in series {
        if points.is_empty() {
            continue;
        }
        if !points.is_sorted_by_key(|p| p.0) {
            points.sort_by_key(|p| p.0);
        }
        let mut bad = false;
        for w in points.windows(2) {
            if w[0].0 == w[1].0 {
                let (earlier, later) = (w[0].2.min(w[1].2), w[0].2.max(w[1].2));
                let col = if wide {
                    w[0].0.to_string()
                } else {
                    h.name(schema, 1)
                };
                push_err(
                    errs,
                    later,
                    col,
                    format!(
                        "duplicate month {} for SKU '{sku}' (also on row {earlier})",
                        w[0].0
                    ),
                );
                bad = true;
            }
        }
        if let Some(&(m, _, row)) = points.iter().find(|p| p.0 >= label) {
            let col = if wide {
                m.to_string()
            } else {
                h.name(schema, 1)
            };
            push_err(
                errs,
                row,
                col,
                format!(
                    "{} {m} is not history: the cycle plans from {label}, so history must \
                     end by {}",
                    month_col.label,
                    label.plus(-1)
                ),
            );
            bad = true;
        }
        let first = points[0].0;
        let span = points[points.len() - 1].0.since(first) + 1;
        if span > 1200 {
            push_err(
                errs,
                first_row,
                h.name(schema, 1),
                format!("the history of SKU '{sku}' spans {span} months; at most 1200 are read"),
            );
            bad = true;
        }
        if bad {
            continue;
        }
        let mut units = vec![0.0; span as usize];
        for (m, u, _) in points {
            units[m.since(first) as usize] = u;
        }
        out.push((
            first_row,
            SkuHistory {
                sku,
                start: first,
                units,
            },
        ));
    }
    out
}

/// Writes the history rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    rows.reserve(cycle.history.iter().map(|h| h.units.len()).sum());
    for h in &cycle.history {
        for (i, u) in h.units.iter().enumerate() {
            rows.push(vec![
                text(&h.sku),
                Cell::Month(h.start.plus(i as i32)),
                Cell::Number(*u),
            ]);
        }
    }
}
