//! The `families` table: product families, the aggregate planning level
//! (`cycle.master.families`, one [`Family`] per row).
//!
//! Key: the family id; an id given twice is refused. A blank name takes the id; a blank
//! strategy is chase; `target_cover` needs cover months.

use crate::engine::model::*;
use crate::store::export::{Cell, strategy_cells, text};
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows, strategy_of};

const COLUMNS: &[Column] = &[
    col(
        "id",
        "family id",
        Kind::Code,
        "",
        true,
        "",
        "Family code, referred to by products.",
        ["EBIKE", "CITY"],
        &[
            "family",
            "familyid",
            "familycode",
            "code",
            "group",
            "productgroup",
        ],
    ),
    col(
        "name",
        "name",
        Kind::Text,
        "",
        false,
        "the id",
        "Family name.",
        ["E-bikes", "City bikes"],
        &[
            "familyname",
            "description",
            "desc",
            "title",
            "label",
            "groupname",
        ],
    ),
    col(
        "strategy",
        "strategy",
        Kind::Strategy,
        "",
        false,
        "chase",
        "Supply strategy of its SKUs unless a SKU sets its own.",
        ["chase", "target_cover"],
        &["supplystrategy", "planningstrategy", "productionstrategy"],
    ),
    col(
        "cover_months",
        "cover months",
        Kind::Positive,
        "months",
        false,
        "",
        "Months of forward demand to keep on hand; needed when the strategy is target_cover.",
        ["", "1.5"],
        &["cover", "monthsofcover", "targetcover", "covermonth"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Families,
    name: "families",
    title: "Families",
    meaning: "Product families: the aggregate planning level.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "family",
        "productfamilies",
        "productfamily",
        "productgroups",
        "groups",
    ],
};

/// Reads the families rows into records, each with its row number.
/// The key of a row left out for a problem goes to `failed`.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs, failed: &mut Vec<String>) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let id = p.code("id");
        let key = id.as_ref().ok().cloned();
        let name = p.text("name");
        let strategy = p.strategy("strategy");
        let cover = p.number("cover_months");
        let (Ok(id), Ok(name), Ok(strategy), Ok(cover)) = (id, name, strategy, cover) else {
            failed.extend(key);
            continue;
        };
        let Ok(strategy) = strategy_of(&mut p, strategy, cover) else {
            failed.extend(key);
            continue;
        };
        if let Some(e) = seen.check(id.clone(), row) {
            p.dup(0, format!("family '{id}'"), e);
            continue;
        }
        let name = if name.is_empty() { id.clone() } else { name };
        out.push((
            row,
            Family {
                id,
                name,
                strategy: strategy.unwrap_or(Strategy::Chase),
            },
        ));
    });
    Data::Families(out)
}

/// Writes the families rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for f in &m.families {
        let (strategy, cover) = strategy_cells(Some(f.strategy));
        rows.push(vec![text(&f.id), text(&f.name), strategy, cover]);
    }
}
