//! The `finance` table: opening balances and working-capital terms, one parameter per row
//! (`cycle.inputs.finance`, a [`FinanceParams`]).
//!
//! Key/value layout: `parameter` and `value`; each parameter once, every one required;
//! all are amounts (money or days) ≥ 0.

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::parse::{Data, Params};
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};

const COLUMNS: &[Column] = &[
    col(
        "opening_cash",
        "opening cash",
        Kind::SignedAmount,
        "currency",
        true,
        "",
        "Cash at the start of the cycle.",
        ["450000.00", ""],
        &[
            "cash",
            "cashbalance",
            "openingcashbalance",
            "startingcash",
            "cashopening",
        ],
    ),
    col(
        "opening_ar",
        "opening receivables",
        Kind::Amount,
        "currency",
        true,
        "",
        "Accounts receivable at the start of the cycle.",
        ["600000.00", ""],
        &[
            "ar",
            "accountsreceivable",
            "receivables",
            "openingreceivables",
            "tradereceivables",
        ],
    ),
    col(
        "opening_ap",
        "opening payables",
        Kind::Amount,
        "currency",
        true,
        "",
        "Accounts payable at the start of the cycle.",
        ["300000.00", ""],
        &[
            "ap",
            "accountspayable",
            "payables",
            "openingpayables",
            "tradepayables",
        ],
    ),
    col(
        "dso_days",
        "DSO",
        Kind::Amount,
        "days",
        true,
        "",
        "Days sales outstanding: how long customers take to pay.",
        ["45", ""],
        &[
            "dso",
            "dayssalesoutstanding",
            "customerterms",
            "paymentterms",
        ],
    ),
    col(
        "dpo_days",
        "DPO",
        Kind::Amount,
        "days",
        true,
        "",
        "Days payables outstanding: how long we take to pay suppliers.",
        ["40", ""],
        &[
            "dpo",
            "dayspayablesoutstanding",
            "dayspayableoutstanding",
            "supplierterms",
        ],
    ),
    col(
        "fixed_cost",
        "fixed cost",
        Kind::Amount,
        "currency per month",
        true,
        "",
        "Fixed operating cost per month (paid in the month).",
        ["250000.00", ""],
        &[
            "fixedcosts",
            "fixedcostpermonth",
            "fixedoperatingcost",
            "opex",
            "overhead",
        ],
    ),
    col(
        "min_cash",
        "minimum cash",
        Kind::SignedAmount,
        "currency",
        true,
        "",
        "Cash below this is an exception.",
        ["150000.00", ""],
        &[
            "minimumcash",
            "cashthreshold",
            "minimumcashthreshold",
            "mincashbalance",
            "cashfloor",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Finance,
    name: "finance",
    title: "Finance parameters",
    meaning: "Opening balances and working-capital terms, one parameter per row.",
    layout: Layout::KeyValue,
    columns: COLUMNS,
    aliases: &[
        "financeparameters",
        "financials",
        "financial",
        "cash",
        "workingcapital",
    ],
};

/// The finance parameters as read into their record.
pub(crate) fn read(v: &Params<'_>) -> Data {
    Data::Finance(FinanceParams {
        opening_cash: v.d("opening_cash"),
        opening_ar: v.d("opening_ar"),
        opening_ap: v.d("opening_ap"),
        dso_days: v.d("dso_days"),
        dpo_days: v.d("dpo_days"),
        fixed_cost: v.d("fixed_cost"),
        min_cash: v.d("min_cash"),
    })
}

/// Writes the finance rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let f = &cycle.inputs.finance;
    for (k, v) in [
        ("opening_cash", f.opening_cash),
        ("opening_ar", f.opening_ar),
        ("opening_ap", f.opening_ap),
        ("dso_days", f.dso_days),
        ("dpo_days", f.dpo_days),
        ("fixed_cost", f.fixed_cost),
        ("min_cash", f.min_cash),
    ] {
        rows.push(vec![text(k), Cell::Money(v)]);
    }
}
