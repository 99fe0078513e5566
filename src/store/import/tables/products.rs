//! The `products` table: the SKUs with price, cost, stock, lead time, service level, lot
//! sizes and strategy (`cycle.master.products`, one [`Product`] per row).
//!
//! Key: the SKU; a SKU given twice is refused. Each product names its family. A blank
//! name takes the SKU; blank optional values take their column's default (service level
//! 95 %); a blank strategy is the family's; `target_cover` needs cover months.

use crate::engine::launch::RAMP_LIMIT;
use crate::engine::model::*;
use crate::engine::month::Month;
use crate::store::export::{Cell, strategy_cells, text};
use crate::store::import::Errs;
use crate::store::import::parse::Data;
use crate::store::import::schema::{Column, Kind, Layout, SKU_ALIASES, Table, TableSchema, col};
use crate::store::import::tables::row::{Bad, P, Rows, Seen, rows, strategy_of};

const COLUMNS: &[Column] = &[
    col(
        "sku",
        "SKU",
        Kind::Code,
        "",
        true,
        "",
        "Product code (SKU), unique.",
        ["EB-CITY-500", "CB-URBAN-3"],
        SKU_ALIASES,
    ),
    col(
        "name",
        "name",
        Kind::Text,
        "",
        false,
        "the SKU",
        "Product name.",
        ["E-City 500", "Urban 3-speed"],
        &[
            "productname",
            "itemname",
            "description",
            "desc",
            "title",
            "label",
            "designation",
        ],
    ),
    col(
        "family",
        "family",
        Kind::Code,
        "",
        true,
        "",
        "Id of its family (see families).",
        ["EBIKE", "CITY"],
        &[
            "familyid",
            "productfamily",
            "familycode",
            "group",
            "productgroup",
            "category",
        ],
    ),
    col(
        "price",
        "price",
        Kind::Amount,
        "currency per unit",
        true,
        "",
        "Selling price per unit.",
        ["2690.00", "649.00"],
        &[
            "sellingprice",
            "salesprice",
            "unitprice",
            "listprice",
            "priceperunit",
            "netprice",
        ],
    ),
    col(
        "unit_cost",
        "unit cost",
        Kind::Amount,
        "currency per unit",
        true,
        "",
        "Standard cost per unit (materials and conversion).",
        ["1883.00", "415.36"],
        &[
            "cost",
            "standardcost",
            "stdcost",
            "costperunit",
            "unitcosts",
            "standardunitcost",
            "cogs",
        ],
    ),
    col(
        "on_hand",
        "on-hand",
        Kind::Quantity,
        "units",
        false,
        "0",
        "Finished-goods units on hand at the start of the cycle.",
        ["120", "300"],
        &[
            "onhand",
            "stock",
            "inventory",
            "qtyonhand",
            "onhandqty",
            "stockonhand",
            "openingstock",
            "onhandunits",
        ],
    ),
    col(
        "lead_time",
        "lead time",
        Kind::Whole,
        "months",
        false,
        "0",
        "Production lead time in months (used for safety stock).",
        ["1", "1"],
        &["leadtimemonths", "lt", "productionleadtime"],
    ),
    col(
        "service_level",
        "service level",
        Kind::ServiceLevel,
        "percent",
        false,
        "95 %",
        "Target cycle service level.",
        ["95 %", "0.98"],
        &[
            "targetservicelevel",
            "sl",
            "csl",
            "servicelevelpct",
            "servicelevelpercent",
        ],
    ),
    col(
        "lot_min",
        "minimum lot",
        Kind::Quantity,
        "units",
        false,
        "0",
        "Smallest production lot in a month when producing at all (0 = none).",
        ["10", "20"],
        &[
            "minlot",
            "minimumlot",
            "moq",
            "minorderqty",
            "lotsizemin",
            "minbatch",
        ],
    ),
    col(
        "lot_multiple",
        "lot multiple",
        Kind::Quantity,
        "units",
        false,
        "0",
        "Production is made in multiples of this (0 = whole units; a fraction such as 0.001 for a product made in litres or kilograms).",
        ["5", "10"],
        &[
            "multiple",
            "lotsize",
            "roundingvalue",
            "packsize",
            "batchsize",
            "lotsizemultiple",
        ],
    ),
    col(
        "strategy",
        "strategy",
        Kind::Strategy,
        "",
        false,
        "the family's",
        "Own supply strategy; blank follows the family's.",
        ["", "target_cover"],
        &["supplystrategy", "planningstrategy", "productionstrategy"],
    ),
    col(
        "cover_months",
        "cover months",
        Kind::Positive,
        "months",
        false,
        "",
        "Months of cover when the strategy is target_cover.",
        ["", "2"],
        &["cover", "monthsofcover", "targetcover", "covermonth"],
    ),
    col(
        "launch",
        "launch month",
        Kind::Month,
        "",
        false,
        "",
        "First month of sales of a new product: its baseline is 0 before it.",
        ["", "2027-03"],
        &[
            "launchmonth",
            "launchdate",
            "phasein",
            "phaseinmonth",
            "startofsale",
        ],
    ),
    col(
        "like_item",
        "like item",
        Kind::Code,
        "",
        false,
        "",
        "SKU whose sales curve a new product's baseline copies (from the like item's first month with sales, moved to the launch month) until it has 12 months of its own.",
        ["", "EB-CITY-500"],
        &[
            "likeitem",
            "likesku",
            "referenceproduct",
            "referencesku",
            "likeproduct",
        ],
    ),
    col(
        "like_factor",
        "like factor",
        Kind::Quantity,
        "",
        false,
        "1",
        "Scale of the like item's curve (0.8 = 80 % of its volume); at most 100.",
        ["", "0.8"],
        &["likefactor", "likeitemfactor", "referencefactor", "scale"],
    ),
    col(
        "family_share",
        "family share",
        Kind::Probability,
        "percent",
        false,
        "",
        "Instead of a like item: the new product's baseline as a share of its family's other SKUs' baseline.",
        ["10 %", ""],
        &["familyshare", "shareoffamily", "familysharepct", "sharepct"],
    ),
    col(
        "end_of_life",
        "end of life",
        Kind::Month,
        "",
        false,
        "",
        "First month of the phase-out: from it the demand moves to the successor.",
        ["2028-06", ""],
        &[
            "endoflife",
            "eol",
            "eolmonth",
            "phaseout",
            "phaseoutmonth",
            "discontinued",
        ],
    ),
    col(
        "successor",
        "successor",
        Kind::Code,
        "",
        false,
        "",
        "SKU that takes over the demand from the end of life (blank: the demand ends).",
        ["CB-URBAN-3", ""],
        &[
            "successorsku",
            "replacement",
            "replacedby",
            "followup",
            "followupsku",
        ],
    ),
    col(
        "ramp_months",
        "ramp months",
        Kind::Whole,
        "months",
        false,
        "0",
        "Months over which the demand moves to the successor, linearly (0: all at the end of life).",
        ["3", ""],
        &["ramp", "rampmonths", "phaseoutmonths", "transitionmonths"],
    ),
];

/// The table's declaration: name, meaning, layout and columns.
pub(crate) const SCHEMA: TableSchema = TableSchema {
    table: Table::Products,
    name: "products",
    title: "Products",
    meaning: "Products (SKUs) with price, cost, stock, lead time and service level.",
    layout: Layout::Rows,
    columns: COLUMNS,
    aliases: &[
        "product",
        "items",
        "item",
        "skus",
        "sku",
        "articles",
        "itemmaster",
        "productmaster",
        "materialmaster",
    ],
};

/// Reads the products rows into records, each with its row number.
/// The key of a row left out for a problem goes to `failed`.
pub(crate) fn read(r: Rows<'_>, errs: &mut Errs, failed: &mut Vec<String>) -> Data {
    let mut out = Vec::new();
    let mut seen = Seen::new();
    rows!(r, errs, p, i, row, {
        let sku = p.code("sku");
        let key = sku.as_ref().ok().cloned();
        let name = p.text("name");
        let family = p.code("family");
        let price = p.amount("price");
        let unit_cost = p.amount("unit_cost");
        let on_hand = p.number("on_hand");
        let lead_time = p.whole("lead_time");
        let service_level = p.percent("service_level");
        let lot_min = p.number("lot_min");
        let lot_multiple = p.number("lot_multiple");
        let strategy = p.strategy("strategy");
        let cover = p.number("cover_months");
        let Ok(lifecycle) = lifecycle(&mut p, sku.as_deref().unwrap_or_default()) else {
            failed.extend(key);
            continue;
        };
        let (
            Ok(sku),
            Ok(name),
            Ok(family),
            Ok(Some(price)),
            Ok(Some(unit_cost)),
            Ok(on_hand),
            Ok(lead_time),
            Ok(service_level),
            Ok(lot_min),
            Ok(lot_multiple),
            Ok(strategy),
            Ok(cover),
        ) = (
            sku,
            name,
            family,
            price,
            unit_cost,
            on_hand,
            lead_time,
            service_level,
            lot_min,
            lot_multiple,
            strategy,
            cover,
        )
        else {
            failed.extend(key);
            continue;
        };
        let Ok(strategy) = strategy_of(&mut p, strategy, cover) else {
            failed.extend(key);
            continue;
        };
        if let Some(e) = seen.check(sku.clone(), row) {
            p.dup(0, format!("SKU '{sku}'"), e);
            continue;
        }
        let name = if name.is_empty() { sku.clone() } else { name };
        out.push((
            row,
            Product {
                sku,
                name,
                family,
                price,
                unit_cost,
                on_hand: on_hand.unwrap_or(0.0),
                lead_time: lead_time.unwrap_or(0) as u32,
                service_level: service_level.unwrap_or(0.95),
                lot_min: lot_min.unwrap_or(0.0),
                lot_multiple: lot_multiple.unwrap_or(0.0),
                routing: Vec::new(),
                bom: Vec::new(),
                strategy,
                lifecycle,
            },
        ));
    });
    Data::Products(out)
}

/// Writes the products rows of a cycle, in the order of the schema's columns.
pub(crate) fn write(cycle: &Cycle, rows: &mut Vec<Vec<Cell>>) {
    let m = &cycle.master;
    for p in &m.products {
        let (strategy, cover) = strategy_cells(p.strategy);
        rows.push(vec![
            text(&p.sku),
            text(&p.name),
            text(&p.family),
            Cell::Money(p.price),
            Cell::Money(p.unit_cost),
            Cell::Number(p.on_hand),
            Cell::Int(p.lead_time.into()),
            Cell::Percent(p.service_level),
            Cell::Number(p.lot_min),
            Cell::Number(p.lot_multiple),
            strategy,
            cover,
        ]);
        let l = &p.lifecycle;
        let month = |m: Option<Month>| m.map_or(Cell::Empty, Cell::Month);
        let row = rows.last_mut().expect("just pushed");
        row.extend([
            month(l.launch),
            text(&l.like_item),
            l.like_factor.map_or(Cell::Empty, Cell::Number),
            l.family_share.map_or(Cell::Empty, Cell::Percent),
            month(l.end_of_life),
            text(&l.successor),
            if l.ramp_months == 0 {
                Cell::Empty
            } else {
                Cell::Int(l.ramp_months.into())
            },
        ]);
    }
}

/// The launch and end-of-life columns of a row; a like item or successor that is the
/// product itself, or a like item given with a family share, is this row's error.
fn lifecycle(p: &mut P<'_, '_>, sku: &str) -> Result<Lifecycle, Bad> {
    let launch = p.month("launch");
    let like_item = p.code("like_item");
    let like_factor = p.number("like_factor");
    let family_share = p.percent("family_share");
    let end_of_life = p.month("end_of_life");
    let successor = p.code("successor");
    let ramp = p.whole("ramp_months");
    let (
        Ok(launch),
        Ok(like_item),
        Ok(like_factor),
        Ok(family_share),
        Ok(end_of_life),
        Ok(successor),
        Ok(ramp),
    ) = (
        launch,
        like_item,
        like_factor,
        family_share,
        end_of_life,
        successor,
        ramp,
    )
    else {
        return Err(Bad);
    };
    if !sku.is_empty() && like_item == sku {
        let (j, _) = p.column("like_item");
        return Err(p.fail(j, format!("'{sku}' cannot be its own like item")));
    }
    if !sku.is_empty() && successor == sku {
        let (j, _) = p.column("successor");
        return Err(p.fail(j, format!("'{sku}' cannot be its own successor")));
    }
    if !like_item.is_empty() && family_share.is_some() {
        let (j, _) = p.column("family_share");
        return Err(p.fail(
            j,
            "give a like item or a family share, not both".to_string(),
        ));
    }
    let ramp_months = match ramp.map(u32::try_from) {
        None => 0,
        Some(Ok(n)) if n <= RAMP_LIMIT => n,
        Some(_) => {
            let (j, _) = p.column("ramp_months");
            return Err(p.fail(j, format!("a ramp is at most {RAMP_LIMIT} months")));
        }
    };
    Ok(Lifecycle {
        launch,
        like_item,
        like_factor,
        family_share,
        end_of_life,
        successor,
        ramp_months,
    })
}
