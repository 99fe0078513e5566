//! The `pipeline` table: open sales opportunities, weighted by probability in the
//! forecast (`cycle.inputs.pipeline`, one [`Opportunity`] per row).
//!
//! Key: the opportunity id; an id given twice is refused. A blank id is numbered after
//! the highest given one. SKU, month, units and probability are required; a blank stage
//! is a lead, an unknown one is refused.

use crate::engine::model::*;
use crate::store::export::{Cell, text};
use crate::store::import::Errs;
use crate::store::import::cell::code_of;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, SKU_ALIASES, Table, TableSchema, col};
use crate::store::import::tables::row::{Rows, Seen, rows};

const COLUMNS: &[Column] = &[
    col(
        "id",
        "opportunity id",
        Kind::Whole,
        "",
        false,
        "numbered in order",
        "Opportunity number, unique.",
        ["1", "2"],
        &["opportunityid", "dealid", "no", "number"],
    ),
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
        "month",
        "month",
        Kind::Month,
        "",
        true,
        "",
        "Expected delivery month.",
        ["2027-03", "2027-01"],
        &[
            "period",
            "date",
            "deliverymonth",
            "closemonth",
            "expectedmonth",
        ],
    ),
    col(
        "units",
        "units",
        Kind::Quantity,
        "units",
        true,
        "",
        "Units if won.",
        ["120", "150"],
        &["qty", "quantity", "volume"],
    ),
    col(
        "probability",
        "probability",
        Kind::Probability,
        "percent",
        true,
        "",
        "Chance to win.",
        ["40 %", "0.7"],
        &[
            "prob",
            "chance",
            "likelihood",
            "winprobability",
            "probabilitypct",
            "winchance",
        ],
    ),
    col(
        "stage",
        "stage",
        Kind::Text,
        "",
        false,
        "lead",
        "Sales stage: lead, qualified, proposal, negotiation or won.",
        ["proposal", "negotiation"],
        &[
            "salesstage",
            "dealstage",
            "opportunitystage",
            "phase",
            "status",
        ],
    ),
    col(
        "customer",
        "customer",
        Kind::Text,
        "",
        false,
        "",
        "Customer or opportunity name.",
        ["Hotel chain guest bikes", "University bike-share"],
        &[
            "account",
            "client",
            "opportunity",
            "deal",
            "customername",
            "description",
        ],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Pipeline,
    name: "pipeline",
    title: "Pipeline",
    meaning: "Open sales opportunities, weighted by probability in the forecast.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "opportunities",
        "opportunity",
        "deals",
        "salespipeline",
        "crm",
    ],
};

/// Reads the pipeline rows into records, each with its row number.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs) -> Data {
    let mut out: Vec<(u32, Opportunity)> = Vec::new();
    let mut seen = Seen::new();
    let mut ids = Vec::new();
    rows!(r, errs, p, i, row, {
        let id = p.whole("id");
        let sku = p.code("sku");
        let month = p.month("month");
        let units = p.number("units");
        let probability = p.percent("probability");
        let customer = p.text("customer");
        let stage = p.value("stage", |c, cell, _| {
            let t = code_of(cell);
            DealStage::parse(&t).ok_or_else(|| {
                format!(
                    "{} must be {}, found '{}'",
                    c.label,
                    DealStage::choices(),
                    t.trim()
                )
            })
        });
        let (Ok(id), Ok(sku), Ok(Some(month)), Ok(Some(units)), Ok(Some(pr)), Ok(cust), Ok(stage)) =
            (id, sku, month, units, probability, customer, stage)
        else {
            continue;
        };
        if let Some(id) = id
            && let Some(e) = seen.check(id, row)
        {
            p.dup(0, format!("opportunity id {id}"), e);
            continue;
        }
        ids.push(id);
        out.push((
            row,
            Opportunity {
                id: id.unwrap_or(0),
                sku,
                month,
                units,
                probability: pr,
                customer: cust,
                stage: stage.unwrap_or_default(),
            },
        ));
    });
    // Number opportunities without an id after the highest given one.
    let mut next = ids.iter().flatten().max().map_or(1, |m| m + 1);
    for ((_, o), id) in out.iter_mut().zip(&ids) {
        if id.is_none() {
            o.id = next;
            next += 1;
        }
    }
    Data::Pipeline(out)
}

/// Writes the pipeline rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    for o in &cycle.inputs.pipeline {
        rows.push(vec![
            Cell::Int(o.id.try_into().unwrap_or(i64::MAX)),
            text(&o.sku),
            Cell::Month(o.month),
            Cell::Number(o.units),
            Cell::Percent(o.probability),
            text(o.stage.code()),
            text(&o.customer),
        ]);
    }
}
