//! Round trips: every table of the demo cycle exported (CSV, XLSX) and imported into an
//! empty cycle gives back the same master data, history and plan inputs; the JSON
//! backup keeps Decimal amounts to the last digit.

use rust_decimal::Decimal;
use sop_planner::engine::demo::{demo_workspace, synthetic_cycle};
use sop_planner::engine::model::*;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, Table, empty_cycle, import};
use sop_planner::store::{workspace_from_json, workspace_to_json};
use std::str::FromStr;

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

fn csv_files(c: &Cycle) -> Vec<ImportFile> {
    export::csv_files(c)
        .into_iter()
        .map(|(name, text)| ImportFile::new(name, text))
        .collect()
}

/// The parts of a cycle import and export cover.
fn assert_same_data(a: &Cycle, b: &Cycle) {
    assert_eq!(a.master, b.master);
    assert_eq!(a.history, b.history);
    assert_eq!(a.inputs.pipeline, b.inputs.pipeline);
    assert_eq!(a.inputs.budget, b.inputs.budget);
    assert_eq!(a.inputs.finance, b.inputs.finance);
    assert_eq!(a.inputs.supply.costs, b.inputs.supply.costs);
}

#[test]
fn csv_round_trip_of_the_demo_is_identical() {
    let demo = demo();
    let empty = empty_cycle("new", demo.label);
    let imported = import(&csv_files(&demo), &empty).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_same_data(&imported.cycle, &demo);
    // Everything else comes from the cycle imported into.
    assert_eq!(imported.cycle.id, "new");
    assert!(imported.cycle.inputs.adjustments.is_empty());
    // The summary counts every row as added.
    let products = imported
        .summary
        .tables
        .iter()
        .find(|t| t.table == Table::Products)
        .unwrap();
    assert_eq!(
        (products.rows, products.added, products.removed),
        (30, 30, 0)
    );
    assert_eq!(imported.summary.tables.len(), 15);
}

#[test]
fn reimporting_the_same_data_changes_nothing() {
    let demo = demo();
    let imported = import(&csv_files(&demo), &demo).unwrap();
    assert_eq!(imported.cycle, demo, "the whole cycle is unchanged");
    for t in &imported.summary.tables {
        assert_eq!((t.added, t.removed, t.changed), (0, 0, 0), "{:?}", t.table);
    }
}

#[test]
fn xlsx_round_trip_of_the_demo_is_identical() {
    let demo = demo();
    let bytes = export::workbook(&demo).unwrap();
    let empty = empty_cycle("new", demo.label);
    let imported = import(&[ImportFile::new("Northwind.xlsx", bytes)], &empty)
        .unwrap_or_else(|e| panic!("{:?}", e));
    assert_same_data(&imported.cycle, &demo);
}

#[test]
fn round_trip_of_a_large_synthetic_cycle() {
    let c = synthetic_cycle(300, 11);
    let empty = empty_cycle("new", c.label);
    let imported = import(&csv_files(&c), &empty).unwrap();
    assert_same_data(&imported.cycle, &c);
}

#[test]
fn money_survives_to_the_last_digit() {
    let mut w = demo_workspace();
    let c = &mut w.cycles[0];
    let exact = Decimal::from_str("1234567.8912").unwrap();
    let tiny = Decimal::from_str("0.0000000001").unwrap();
    let big = Decimal::from_str("79228162514264.337593543950").unwrap();
    c.master.products[0].price = exact;
    c.master.products[1].unit_cost = tiny;
    c.inputs.finance.opening_cash = -exact;
    c.inputs.budget[0].revenue = big;
    // JSON backup.
    let back = workspace_from_json(&workspace_to_json(&w)).unwrap();
    assert_eq!(back, w);
    let bc = &back.cycles[0];
    assert_eq!(bc.master.products[0].price.to_string(), "1234567.8912");
    assert_eq!(bc.inputs.budget[0].revenue.to_string(), big.to_string());
    // CSV round trip is exact too.
    let c = &w.cycles[0];
    let imported = import(&csv_files(c), &empty_cycle("x", c.label)).unwrap();
    assert_eq!(imported.cycle.master.products[0].price, exact);
    assert_eq!(imported.cycle.master.products[1].unit_cost, tiny);
    assert_eq!(imported.cycle.inputs.finance.opening_cash, -exact);
    assert_eq!(imported.cycle.inputs.budget[0].revenue, big);
    // XLSX keeps what a spreadsheet number can hold (15 significant digits).
    let bytes = export::workbook(c).unwrap();
    let imported = import(
        &[ImportFile::new("w.xlsx", bytes)],
        &empty_cycle("x", c.label),
    )
    .unwrap();
    assert_eq!(imported.cycle.master.products[0].price, exact);
    assert_eq!(imported.cycle.inputs.finance.opening_cash, -exact);
}

#[test]
fn templates_import_as_they_are() {
    use sop_planner::engine::demo::DEMO_LABEL;
    use sop_planner::store::import::{template_csv, template_xlsx};
    let files: Vec<ImportFile> = Table::ALL
        .iter()
        .map(|t| ImportFile::new(format!("{}.csv", t.name()), template_csv(*t)))
        .collect();
    let empty = empty_cycle("t", DEMO_LABEL);
    let a = import(&files, &empty).unwrap_or_else(|e| panic!("{:?}", e));
    assert_eq!(a.cycle.master.products.len(), 2);
    assert_eq!(a.cycle.master.products[0].service_level, 0.95);
    assert_eq!(a.cycle.inputs.pipeline[0].probability, 0.4);
    let b = import(
        &[ImportFile::new("template.xlsx", template_xlsx().unwrap())],
        &empty,
    )
    .unwrap_or_else(|e| panic!("{:?}", e));
    assert_same_data(&a.cycle, &b.cycle);
}

#[test]
fn formula_like_text_is_neutralised_in_csv_and_round_trips_exactly() {
    let mut c = demo();
    c.master.products[0].name = "=1+1".into();
    c.master.products[1].name = "-minus, +plus".into();
    c.inputs.pipeline[0].customer = "@SUM(A1)".into();
    c.inputs.finance.opening_cash = Decimal::from_str("-12.50").unwrap();
    let files = export::csv_files(&c);
    let text = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
    let product = text("products.csv").lines().nth(1).unwrap();
    assert!(product.contains(",'=1+1,"), "{product}");
    assert!(text("products.csv").contains(",\"'-minus, +plus\","));
    let deal = text("pipeline.csv").lines().nth(1).unwrap();
    assert!(deal.ends_with(",'@SUM(A1)"), "{deal}");
    // Negative money stays a number.
    assert!(text("finance.csv").contains("\nopening_cash,-12.50\n"));
    let back = import(&csv_files(&c), &empty_cycle("x", c.label)).unwrap();
    assert_same_data(&back.cycle, &c);
    assert_eq!(back.cycle.master.products[0].name, "=1+1");
    assert_eq!(back.cycle.inputs.pipeline[0].customer, "@SUM(A1)");
    // XLSX writes them as string cells (never formulas) and reads them back as typed.
    let bytes = export::workbook(&c).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    for i in 0..zip.len() {
        let mut part = String::new();
        std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut part).unwrap();
        assert!(
            !part.contains("<f>") && !part.contains("<f "),
            "a formula in part {i}"
        );
    }
    let back = import(
        &[ImportFile::new("w.xlsx", bytes)],
        &empty_cycle("x", c.label),
    )
    .unwrap();
    assert_eq!(back.cycle.master.products[0].name, "=1+1");
    assert_eq!(back.cycle.inputs.pipeline[0].customer, "@SUM(A1)");
}
