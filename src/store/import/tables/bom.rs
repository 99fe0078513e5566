//! The `bom` table (bill of materials): components per unit of each product, stored in
//! each [`Product`]'s `bom`.
//!
//! Key: SKU and component; a pair given twice is refused. Every column is required; the
//! SKU and component must exist (checked when applied).

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
        ["EB-CITY-500", "CB-URBAN-3"],
        SKU_ALIASES,
    ),
    col(
        "component",
        "component",
        Kind::Code,
        "",
        true,
        "",
        "Component id (see components).",
        ["BATT", "FRAME"],
        &[
            "componentid",
            "componentcode",
            "child",
            "childitem",
            "material",
            "part",
            "partnumber",
        ],
    ),
    col(
        "qty_per_unit",
        "quantity per unit",
        Kind::Quantity,
        "units per unit",
        true,
        "",
        "Units of the component one unit of product consumes.",
        ["1", "1"],
        &[
            "qty",
            "quantity",
            "quantityperunit",
            "qtyper",
            "quantityper",
            "usage",
            "perunit",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Bom,
    name: "bom",
    title: "Bill of materials",
    meaning: "Components per unit of each product.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "boms",
        "billofmaterials",
        "billsofmaterials",
        "billofmaterial",
        "bomlines",
    ],
};

/// Reads the bom rows into records, each with its row number.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let sku = p.code("sku");
        let component = p.code("component");
        let qty = p.number("qty_per_unit");
        let (Ok(sku), Ok(component), Ok(Some(qty))) = (sku, component, qty) else {
            continue;
        };
        if let Some(e) = seen.check((sku.clone(), component.clone()), row) {
            p.dup(
                1,
                format!("BOM line of SKU '{sku}' for component '{component}'"),
                e,
            );
            continue;
        }
        out.push((
            row,
            sku,
            BomLine {
                component,
                qty_per_unit: qty,
            },
        ));
    });
    Data::Bom(out)
}

/// Writes the bom rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for p in &m.products {
        for b in &p.bom {
            rows.push(vec![
                text(&p.sku),
                text(&b.component),
                Cell::Number(b.qty_per_unit),
            ]);
        }
    }
}
