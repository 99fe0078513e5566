//! The `resources` table: lines and work centres with their monthly capacity and cost
//! (`cycle.master.resources`, one [`Resource`] per row).
//!
//! Key: the resource id; an id given twice is refused. Regular hours and cost per hour
//! are required; a blank name takes the id, a blank crew is 1.

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows};

const COLUMNS: &[Column] = &[
    col(
        "id",
        "resource id",
        Kind::Code,
        "",
        true,
        "",
        "Resource (line, work centre) code, referred to by routings.",
        ["ASSY", "WELD"],
        &[
            "resource",
            "resourceid",
            "code",
            "workcentre",
            "workcenter",
            "line",
            "machine",
        ],
    ),
    col(
        "name",
        "name",
        Kind::Text,
        "",
        false,
        "the id",
        "Resource name.",
        ["Assembly line", "Frame welding"],
        &["resourcename", "description", "desc", "title", "label"],
    ),
    col(
        "regular_hours",
        "regular hours",
        Kind::Quantity,
        "hours per month",
        true,
        "",
        "Regular hours available per month, unless the calendar says otherwise.",
        ["1200", "800"],
        &[
            "hours",
            "capacity",
            "capacityhours",
            "hourspermonth",
            "regularhourspermonth",
            "availablehours",
            "regularcapacity",
        ],
    ),
    col(
        "overtime_hours",
        "overtime hours",
        Kind::Quantity,
        "hours per month",
        false,
        "0",
        "Overtime hours available per month on top of regular hours.",
        ["180", "120"],
        &["overtime", "ot", "othours", "overtimehourspermonth"],
    ),
    col(
        "cost_per_hour",
        "cost per hour",
        Kind::Amount,
        "currency per hour",
        true,
        "",
        "Regular cost per hour.",
        ["38.00", "48.00"],
        &["hourlycost", "rate", "hourlyrate", "costhour", "costrate"],
    ),
    col(
        "overtime_premium",
        "overtime premium",
        Kind::Amount,
        "currency per hour",
        false,
        "0",
        "Extra cost per overtime hour over the regular rate.",
        ["19.00", "24.00"],
        &["otpremium", "overtimecost", "overtimerate", "premium"],
    ),
    col(
        "crew",
        "crew",
        Kind::Quantity,
        "operators",
        false,
        "1",
        "Operators needed per running hour (labour hours = load × crew).",
        ["1", "1"],
        &["crewsize", "operators", "people", "headcountperhour"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Resources,
    name: "resources",
    title: "Resources",
    meaning: "Lines and work centres with their monthly capacity and cost.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "resource",
        "workcentres",
        "workcenters",
        "lines",
        "capacity",
        "machines",
    ],
};

/// Reads the resources rows into records, each with its row number.
/// The key of a row left out for a problem goes to `failed`.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs, failed: &mut Vec<String>) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let id = p.code("id");
        let key = id.as_ref().ok().cloned();
        let name = p.text("name");
        let regular = p.number("regular_hours");
        let overtime = p.number("overtime_hours");
        let cost = p.amount("cost_per_hour");
        let premium = p.amount("overtime_premium");
        let crew = p.number("crew");
        let (
            Ok(id),
            Ok(name),
            Ok(Some(regular)),
            Ok(overtime),
            Ok(Some(cost)),
            Ok(premium),
            Ok(crew),
        ) = (id, name, regular, overtime, cost, premium, crew)
        else {
            failed.extend(key);
            continue;
        };
        if let Some(e) = seen.check(id.clone(), row) {
            p.dup(0, format!("resource '{id}'"), e);
            continue;
        }
        let name = if name.is_empty() { id.clone() } else { name };
        out.push((
            row,
            Resource {
                id,
                name,
                regular_hours: regular,
                calendar: Vec::new(),
                overtime_hours: overtime.unwrap_or(0.0),
                cost_per_hour: cost,
                overtime_premium: premium.unwrap_or_default(),
                crew: crew.unwrap_or(1.0),
            },
        ));
    });
    Data::Resources(out)
}

/// Writes the resources rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for r in &m.resources {
        rows.push(vec![
            text(&r.id),
            text(&r.name),
            Cell::Number(r.regular_hours),
            Cell::Number(r.overtime_hours),
            Cell::Money(r.cost_per_hour),
            Cell::Money(r.overtime_premium),
            Cell::Number(r.crew),
        ]);
    }
}
