//! The `workforce` table: direct labour, one parameter per row (`cycle.master.workforce`,
//! a [`Workforce`]).
//!
//! Key/value layout: `parameter` and `value`; each parameter once, every one required.

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::parse::{Data, Params};
use crate::store::import::schema::{Column, Kind, Layout, Table, TableSchema, col};

const COLUMNS: &[Column] = &[
    col(
        "hours_per_fte",
        "hours per FTE",
        Kind::Positive,
        "hours per month",
        true,
        "",
        "Productive hours of one full-time employee per month.",
        ["140", ""],
        &["hoursperftepermonth", "ftehours", "hoursperemployee"],
    ),
    col(
        "current_fte",
        "current FTE",
        Kind::Quantity,
        "FTE",
        true,
        "",
        "Direct-labour full-time equivalents today.",
        ["85", ""],
        &["fte", "headcount", "currentheadcount", "employees"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Workforce,
    name: "workforce",
    title: "Workforce",
    meaning: "Direct labour, one parameter per row.",
    layout: Layout::KeyValue,
    columns: COLUMNS,
    aliases: &["labour", "labor", "staff", "headcount", "fte"],
};

/// The workforce parameters as read into their record.
pub(crate) fn read(v: &Params<'_>) -> Data {
    Data::Workforce(Workforce {
        hours_per_fte: v.x("hours_per_fte"),
        current_fte: v.x("current_fte"),
    })
}

/// Writes the workforce rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    let w = &m.workforce;
    rows.push(vec![text("hours_per_fte"), Cell::Number(w.hours_per_fte)]);
    rows.push(vec![text("current_fte"), Cell::Number(w.current_fte)]);
}
