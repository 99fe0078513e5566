//! The `costs` table: the optimizer's company-wide labour and holding costs and limits, one
//! parameter per row (`cycle.inputs.supply.costs`, a [`CostSettings`] without its
//! families, which come from `family_costs`).
//!
//! Key/value layout: `parameter` and `value`; each parameter once. A parameter left out
//! takes its default (max FTE: no limit).

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::parse::{Data, Params};
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};

/// The optimizer's company-wide costs and limits (`SupplySettings::costs` of the cycle's
/// plan); a parameter left out takes its default.
const COLUMNS: &[Column] = &[
    col(
        "hire_cost",
        "hiring cost",
        Kind::Amount,
        "currency per FTE",
        false,
        "3000",
        "Cost of hiring one FTE (recruiting, training).",
        ["4500.00", ""],
        &["hiringcost", "hiringcostperfte", "costtohire"],
    ),
    col(
        "layoff_cost",
        "layoff cost",
        Kind::Amount,
        "currency per FTE",
        false,
        "5000",
        "Cost of laying off one FTE (notice, severance).",
        ["7000.00", ""],
        &[
            "layoffcostperfte",
            "firingcost",
            "severance",
            "costtolayoff",
        ],
    ),
    col(
        "fte_cost",
        "cost per FTE",
        Kind::Amount,
        "currency per FTE-month",
        false,
        "4000",
        "Regular labour cost of one FTE for one month, paid whatever the load.",
        ["4200.00", ""],
        &[
            "costperfte",
            "ftecostpermonth",
            "wagepermonth",
            "monthlywage",
        ],
    ),
    col(
        "min_fte",
        "min FTE",
        Kind::Quantity,
        "FTE",
        false,
        "0",
        "Fewest FTE in any month.",
        ["0", ""],
        &["minimumfte", "minfte", "minheadcount"],
    ),
    col(
        "max_fte",
        "max FTE",
        Kind::Quantity,
        "FTE",
        false,
        "",
        "Most FTE in any month (left out: no limit).",
        ["120", ""],
        &["maximumfte", "maxheadcount"],
    ),
    col(
        "max_overtime_per_fte",
        "max overtime per FTE",
        Kind::Quantity,
        "hours per FTE-month",
        false,
        "20",
        "Most overtime hours one FTE works in a month.",
        ["24", ""],
        &["maxovertimeperfte", "maxovertime", "overtimelimit"],
    ),
    col(
        "holding_pct",
        "holding cost",
        Kind::Amount,
        "% of unit cost per year",
        false,
        "20",
        "Cost of holding stock, percent of the unit cost per year (at most 1000).",
        ["22", ""],
        &[
            "holdingcost",
            "holdingcostpct",
            "carryingcost",
            "inventorycarryingcost",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Costs,
    name: "costs",
    title: "Costs",
    meaning: "The optimizer's labour and holding costs and limits, one parameter per row.",
    layout: Layout::KeyValue,
    columns: COLUMNS,
    aliases: &["cost", "costparameters", "optimizercosts", "planningcosts"],
};

/// The costs parameters as read into their record.
pub(crate) fn read(v: &Params<'_>) -> Data {
    // A parameter left out takes its default (max FTE: no limit).
    let mut c = CostSettings::default();
    for (name, x) in [
        ("hire_cost", &mut c.hire_cost),
        ("layoff_cost", &mut c.layoff_cost),
        ("fte_cost", &mut c.fte_cost),
        ("holding_pct", &mut c.holding_pct),
    ] {
        if v.given(name) {
            *x = v.d(name);
        }
    }
    for (name, x) in [
        ("min_fte", &mut c.min_fte),
        ("max_overtime_per_fte", &mut c.max_overtime_per_fte),
    ] {
        if v.given(name) {
            *x = v.x(name);
        }
    }
    c.max_fte = v.given("max_fte").then(|| v.x("max_fte"));
    Data::Costs(c)
}

/// Writes the costs rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let c = &cycle.inputs.supply.costs;
    for (k, v) in [
        ("hire_cost", c.hire_cost),
        ("layoff_cost", c.layoff_cost),
        ("fte_cost", c.fte_cost),
    ] {
        rows.push(vec![text(k), Cell::Money(v)]);
    }
    rows.push(vec![text("min_fte"), Cell::Number(c.min_fte)]);
    // No row: no limit.
    if let Some(m) = c.max_fte {
        rows.push(vec![text("max_fte"), Cell::Number(m)]);
    }
    rows.push(vec![
        text("max_overtime_per_fte"),
        Cell::Number(c.max_overtime_per_fte),
    ]);
    rows.push(vec![text("holding_pct"), Cell::Money(c.holding_pct)]);
}
