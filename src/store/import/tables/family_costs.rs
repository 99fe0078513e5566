//! The `family_costs` table: the optimizer's backlog, lost-sale and subcontracting costs
//! and the ending inventory per family (`cycle.inputs.supply.costs.families`, one
//! [`FamilyCosts`] per row).
//!
//! Key: the family; a family given twice is refused. Blank costs take the defaults, a
//! blank subcontracting limit is 0 (none), a blank ending inventory the safety stock.

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows};

/// The optimizer's costs per family; a family not listed takes the defaults.
const COLUMNS: &[Column] = &[
    col(
        "family",
        "family",
        Kind::Code,
        "",
        true,
        "",
        "Family id (of the families table).",
        ["EBIKE", "CITY"],
        &["familyid", "productfamily"],
    ),
    col(
        "backlog_cost",
        "backlog cost",
        Kind::Amount,
        "currency per unit-month",
        false,
        "",
        "Cost of one unit on backlog for one month (empty: 3 % of the family's price).",
        ["12.00", ""],
        &["backordercost", "backlogcostperunit"],
    ),
    col(
        "lost_sale_cost",
        "lost-sale cost",
        Kind::Amount,
        "currency per unit",
        false,
        "",
        "Cost of one lost sale (empty: the unit margin, price − unit cost).",
        ["", "90.00"],
        &["lostsalecost", "costoflostsale", "stockoutcost"],
    ),
    col(
        "subcontract_cost",
        "subcontracting cost",
        Kind::Amount,
        "currency per unit",
        false,
        "",
        "Cost of one subcontracted unit, all in (empty: 1.3 × the unit cost).",
        ["", "160.00"],
        &[
            "subcontractingcost",
            "outsourcingcost",
            "subcontractcostperunit",
        ],
    ),
    col(
        "subcontract_limit",
        "subcontracting limit",
        Kind::Quantity,
        "units per month",
        false,
        "0",
        "Most units subcontracted per month (0: none).",
        ["40", "25"],
        &[
            "subcontractinglimit",
            "subcontractcapacity",
            "outsourcinglimit",
        ],
    ),
    col(
        "ending_inventory",
        "ending inventory",
        Kind::Quantity,
        "units",
        false,
        "",
        "Inventory at the end of the horizon, at least (empty: the safety stock).",
        ["", "50"],
        &["endinginventory", "endinginventorytarget", "finalinventory"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::FamilyCosts,
    name: "family_costs",
    title: "Family costs",
    meaning: "The optimizer's backlog, lost-sale and subcontracting costs and the \
              ending inventory per family.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "familycosts",
        "familycost",
        "costsperfamily",
        "subcontracting",
    ],
};

/// Reads the family costs rows into records, each with its row number.
/// The key of a row left out for a problem goes to `failed`.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs, failed: &mut Vec<String>) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let family = p.code("family");
        let key = family.as_ref().ok().cloned();
        let backlog = p.amount("backlog_cost");
        let lost = p.amount("lost_sale_cost");
        let sub = p.amount("subcontract_cost");
        let limit = p.number("subcontract_limit");
        let ending = p.number("ending_inventory");
        let (Ok(family), Ok(backlog_cost), Ok(lost_sale_cost), Ok(subcontract_cost)) =
            (family, backlog, lost, sub)
        else {
            failed.extend(key);
            continue;
        };
        let (Ok(limit), Ok(ending_inventory)) = (limit, ending) else {
            failed.extend(key);
            continue;
        };
        if let Some(e) = seen.check(family.clone(), row) {
            p.dup(0, format!("family '{family}'"), e);
            continue;
        }
        out.push((
            row,
            FamilyCosts {
                family,
                backlog_cost,
                lost_sale_cost,
                subcontract_cost,
                subcontract_limit: limit.unwrap_or(0.0),
                ending_inventory,
            },
        ));
    });
    Data::FamilyCosts(out)
}

/// Writes the family costs rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let money = |v: Option<rust_decimal::Decimal>| v.map_or(Cell::Empty, Cell::Money);
    for f in &cycle.inputs.supply.costs.families {
        rows.push(vec![
            text(&f.family),
            money(f.backlog_cost),
            money(f.lost_sale_cost),
            money(f.subcontract_cost),
            Cell::Number(f.subcontract_limit),
            f.ending_inventory.map_or(Cell::Empty, Cell::Number),
        ]);
    }
}
