//! The `components` table: key materials, bought with a lead time
//! (`cycle.master.components`, one [`Component`] per row).
//!
//! Key: the component id; an id given twice is refused. The unit cost is required; a
//! blank name takes the id, other blanks their column's default.

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows};

const COLUMNS: &[Column] = &[
    col(
        "id",
        "component id",
        Kind::Code,
        "",
        true,
        "",
        "Component (key material) code, referred to by the BOM.",
        ["BATT", "FRAME"],
        &[
            "component",
            "componentid",
            "componentcode",
            "code",
            "material",
            "materialcode",
            "part",
            "partnumber",
            "partno",
        ],
    ),
    col(
        "name",
        "name",
        Kind::Text,
        "",
        false,
        "the id",
        "Component name.",
        ["Battery pack 500 Wh", "Aluminium frame tube set"],
        &["componentname", "description", "desc", "title", "label"],
    ),
    col(
        "unit_cost",
        "unit cost",
        Kind::Amount,
        "currency per unit",
        true,
        "",
        "Purchase cost per unit.",
        ["310.00", "58.00"],
        &[
            "cost",
            "standardcost",
            "stdcost",
            "costperunit",
            "price",
            "purchaseprice",
        ],
    ),
    col(
        "on_hand",
        "on-hand",
        Kind::Quantity,
        "units",
        false,
        "0",
        "Units on hand at the start of the cycle.",
        ["400", "900"],
        &[
            "onhand",
            "stock",
            "inventory",
            "qtyonhand",
            "onhandqty",
            "stockonhand",
        ],
    ),
    col(
        "lead_time",
        "lead time",
        Kind::Whole,
        "months",
        false,
        "0",
        "Purchase lead time in months: ordered in month t, arrives in t + lead time.",
        ["2", "1"],
        &["leadtimemonths", "lt", "purchaseleadtime"],
    ),
    col(
        "lot_min",
        "minimum lot",
        Kind::Quantity,
        "units",
        false,
        "0",
        "Smallest purchase order (0 = none).",
        ["0", "0"],
        &["minlot", "minimumlot", "moq", "minorderqty"],
    ),
    col(
        "lot_multiple",
        "lot multiple",
        Kind::Quantity,
        "units",
        false,
        "0",
        "Orders are rounded up to a multiple of this (0 = none).",
        ["10", "50"],
        &["multiple", "lotsize", "roundingvalue", "packsize"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Components,
    name: "components",
    title: "Components",
    meaning: "Key materials, bought with a lead time.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &["component", "materials", "parts", "rawmaterials"],
};

/// Reads the components rows into records, each with its row number.
/// The key of a row left out for a problem goes to `failed`.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs, failed: &mut Vec<String>) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let id = p.code("id");
        let key = id.as_ref().ok().cloned();
        let name = p.text("name");
        let cost = p.amount("unit_cost");
        let on_hand = p.number("on_hand");
        let lead_time = p.whole("lead_time");
        let lot_min = p.number("lot_min");
        let lot_multiple = p.number("lot_multiple");
        let (
            Ok(id),
            Ok(name),
            Ok(Some(cost)),
            Ok(on_hand),
            Ok(lead_time),
            Ok(lot_min),
            Ok(lot_multiple),
        ) = (id, name, cost, on_hand, lead_time, lot_min, lot_multiple)
        else {
            failed.extend(key);
            continue;
        };
        if let Some(e) = seen.check(id.clone(), row) {
            p.dup(0, format!("component '{id}'"), e);
            continue;
        }
        let name = if name.is_empty() { id.clone() } else { name };
        out.push((
            row,
            Component {
                id,
                name,
                unit_cost: cost,
                on_hand: on_hand.unwrap_or(0.0),
                lead_time: lead_time.unwrap_or(0) as u32,
                lot_min: lot_min.unwrap_or(0.0),
                lot_multiple: lot_multiple.unwrap_or(0.0),
            },
        ));
    });
    Data::Components(out)
}

/// Writes the components rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for c in &m.components {
        rows.push(vec![
            text(&c.id),
            text(&c.name),
            Cell::Money(c.unit_cost),
            Cell::Number(c.on_hand),
            Cell::Int(c.lead_time.into()),
            Cell::Number(c.lot_min),
            Cell::Number(c.lot_multiple),
        ]);
    }
}
