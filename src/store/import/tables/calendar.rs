//! The `calendar` table: a resource's regular hours in particular months (holidays,
//! shutdowns, extra shifts), stored in each [`Resource`]'s `calendar`.
//!
//! Key: resource and month; a month given twice for a resource is refused. Long (one row
//! per resource and month) or wide (one column per month; blank cells are skipped).

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::cell::number_value;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows};
use crate::store::import::{Errs, ImportError};

const COLUMNS: &[Column] = &[
    col(
        "resource",
        "resource",
        Kind::Code,
        "",
        true,
        "",
        "Resource id (see resources).",
        ["ASSY", "WELD"],
        &[
            "resourceid",
            "workcentre",
            "workcenter",
            "line",
            "machine",
            "id",
        ],
    ),
    col(
        "month",
        "month",
        Kind::Month,
        "",
        true,
        "",
        "Month with other regular hours than the resource's default.",
        ["2027-08", "2027-08"],
        &["period", "date", "yearmonth"],
    ),
    col(
        "hours",
        "hours",
        Kind::Quantity,
        "hours",
        true,
        "",
        "Regular hours available in that month.",
        ["900", "600"],
        &[
            "regularhours",
            "capacity",
            "capacityhours",
            "availablehours",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Calendar,
    name: "calendar",
    title: "Calendar",
    meaning: "Regular hours of a resource in particular months (holidays, shutdowns, \
              extra shifts). Wide files may have one column per month.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "calendars",
        "resourcecalendar",
        "capacitycalendar",
        "shopcalendar",
        "workingcalendar",
    ],
};

/// Reads the calendar rows into records, each with its row number.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    let Rows {
        sheet, h, schema, ..
    } = r;
    let mut out = Vec::new();
    let mut seen = Seen::new();
    if h.is_wide() {
        let hours_col = &schema.columns[2];
        rows!(r, errs, p, i, row, {
            let Ok(resource) = p.code("resource") else {
                continue;
            };
            for &(col, month) in &h.months {
                let cell = sheet.cell(i, col);
                if cell.is_empty() {
                    continue;
                }
                match number_value(hours_col, cell, sheet.style) {
                    Ok(hours) => {
                        if let Some(e) = seen.check((resource.clone(), month), row) {
                            p.dup(0, format!("month {month} for resource '{resource}'"), e);
                            continue;
                        }
                        out.push((row, resource.clone(), MonthHours { month, hours }));
                    }
                    Err(m) => p.errs.push(ImportError::at(
                        &sheet.source,
                        Some(row),
                        Some(month.to_string()),
                        m,
                    )),
                }
            }
        });
    } else {
        rows!(r, errs, p, i, row, {
            let resource = p.code("resource");
            let month = p.month("month");
            let hours = p.number("hours");
            let (Ok(resource), Ok(Some(month)), Ok(Some(hours))) = (resource, month, hours) else {
                continue;
            };
            if let Some(e) = seen.check((resource.clone(), month), row) {
                p.dup(1, format!("month {month} for resource '{resource}'"), e);
                continue;
            }
            out.push((row, resource, MonthHours { month, hours }));
        });
    }
    Data::Calendar(out)
}

/// Writes the calendar rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for r in &m.resources {
        for c in &r.calendar {
            rows.push(vec![
                text(&r.id),
                Cell::Month(c.month),
                Cell::Number(c.hours),
            ]);
        }
    }
}
