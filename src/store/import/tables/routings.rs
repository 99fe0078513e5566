//! The `routings` table: hours per unit of each product on each resource, stored in each
//! [`Product`]'s `routing`.
//!
//! Key: SKU and resource; a pair given twice is refused. Every column is required; the
//! SKU and resource must exist (checked when applied).

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, SKU_ALIASES, Table, TableSchema, col};
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
        "resource",
        "resource",
        Kind::Code,
        "",
        true,
        "",
        "Resource id (see resources).",
        ["ASSY", "WELD"],
        &["resourceid", "workcentre", "workcenter", "line", "machine"],
    ),
    col(
        "hours_per_unit",
        "hours per unit",
        Kind::Quantity,
        "hours per unit",
        true,
        "",
        "Hours of the resource that one unit takes.",
        ["2.6", "1.1"],
        &[
            "hours",
            "hoursunit",
            "hrsperunit",
            "hrsunit",
            "runtime",
            "time",
            "timeperunit",
            "unithours",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Routings,
    name: "routings",
    title: "Routings",
    meaning: "Hours per unit of each product on each resource.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &["routing", "operations", "routes"],
};

/// Reads the routings rows into records, each with its row number.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let sku = p.code("sku");
        let resource = p.code("resource");
        let hours = p.number("hours_per_unit");
        let (Ok(sku), Ok(resource), Ok(Some(hours))) = (sku, resource, hours) else {
            continue;
        };
        if let Some(e) = seen.check((sku.clone(), resource.clone()), row) {
            p.dup(
                1,
                format!("routing of SKU '{sku}' on resource '{resource}'"),
                e,
            );
            continue;
        }
        out.push((
            row,
            sku,
            RoutingStep {
                resource,
                hours_per_unit: hours,
            },
        ));
    });
    Data::Routings(out)
}

/// Writes the routings rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for p in &m.products {
        for r in &p.routing {
            rows.push(vec![
                text(&p.sku),
                text(&r.resource),
                Cell::Number(r.hours_per_unit),
            ]);
        }
    }
}
