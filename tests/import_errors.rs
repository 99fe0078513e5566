//! Every problem names its file, row (header = row 1) and column, in a planner's words;
//! nothing is half-imported.

use sop_planner::engine::demo::{DEMO_LABEL, demo_workspace};
use sop_planner::engine::model::*;
use sop_planner::store::import::{ImportError, ImportFile, empty_cycle, import};

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile::new(name, text.as_bytes().to_vec())
}

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

fn errors(files: &[ImportFile], into: &Cycle) -> Vec<ImportError> {
    match import(files, into) {
        Ok(_) => panic!("expected errors"),
        Err(e) => {
            assert!(!e.is_empty());
            e
        }
    }
}

/// The one error of an import, checked for file, row, column and words.
fn the_error(files: &[ImportFile], into: &Cycle) -> ImportError {
    let e = errors(files, into);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.into_iter().next().unwrap()
}

fn assert_at(e: &ImportError, file: &str, row: Option<u32>, column: Option<&str>, words: &str) {
    assert_eq!(e.file, file, "{e}");
    assert_eq!(e.row, row, "{e}");
    assert_eq!(e.column.as_deref(), column, "{e}");
    assert!(e.message.contains(words), "{e}");
}

const PRODUCTS: &str = "sku,family,price,unit_cost,on_hand,lead_time,service_level\n\
                        A,CITY,10,5,0,1,95%\n";

#[test]
fn a_bad_number_names_file_row_and_column() {
    let text = format!("{PRODUCTS}B,CITY,abc,5,0,1,95%\n");
    let e = the_error(&[file("products.csv", &text)], &demo());
    assert_at(
        &e,
        "products.csv",
        Some(3),
        Some("price"),
        "price must be a number ≥ 0, found 'abc'",
    );
    assert_eq!(
        e.to_string(),
        "products.csv, row 3, column 'price': price must be a number ≥ 0, found 'abc'"
    );
}

#[test]
fn the_column_is_named_as_the_file_names_it() {
    let text = "Item;Product group;Selling price;Std cost\nA;CITY;10;-5\n";
    let e = the_error(&[file("Products - export.csv", text)], &demo());
    assert_at(
        &e,
        "Products - export.csv",
        Some(2),
        Some("Std cost"),
        "unit cost must be a number ≥ 0, found '-5'",
    );
}

#[test]
fn negative_prices_lead_times_and_on_hand_are_refused() {
    let text = "sku,family,price,unit_cost,on_hand,lead_time\n\
                A,CITY,-1,5,0,1\nB,CITY,1,5,-3,1\nC,CITY,1,5,0,-1\nD,CITY,1,5,0,1.5\n";
    let e = errors(&[file("products.csv", text)], &demo());
    assert_eq!(e.len(), 4, "{e:#?}");
    assert_at(&e[0], "products.csv", Some(2), Some("price"), "found '-1'");
    assert_at(
        &e[1],
        "products.csv",
        Some(3),
        Some("on_hand"),
        "on-hand must be a number ≥ 0",
    );
    assert_at(
        &e[2],
        "products.csv",
        Some(4),
        Some("lead_time"),
        "lead time must be a whole number ≥ 0, found '-1'",
    );
    assert_at(
        &e[3],
        "products.csv",
        Some(5),
        Some("lead_time"),
        "found '1.5'",
    );
}

#[test]
fn every_bad_value_of_a_row_is_reported() {
    let text = "sku,family,price,unit_cost,service_level\nA,CITY,x,y,200%\n";
    let e = errors(&[file("products.csv", text)], &demo());
    let cols: Vec<_> = e.iter().map(|e| e.column.clone().unwrap()).collect();
    assert_eq!(cols, vec!["price", "unit_cost", "service_level"]);
}

#[test]
fn unknown_family_lists_the_known_ones() {
    let text = format!("{PRODUCTS}B,KIDZ,1,1,0,1,95%\n");
    let e = the_error(&[file("products.csv", &text)], &demo());
    assert_at(
        &e,
        "products.csv",
        Some(3),
        Some("family"),
        "unknown family 'KIDZ' (known: EBIKE, CITY, KIDS, PARTS)",
    );
    let text = format!("{PRODUCTS}B,kids,1,1,0,1,95%\n");
    let e = the_error(&[file("products.csv", &text)], &demo());
    assert!(e.message.contains("did you mean 'KIDS'?"), "{e}");
}

#[test]
fn families_in_the_same_import_count() {
    let fam = "id,name\nKIDZ,Kids\n";
    let text = "sku,family,price,unit_cost\nB,KIDZ,1,1\n";
    let r = import(
        &[file("families.csv", fam), file("products.csv", text)],
        &demo(),
    )
    .unwrap();
    assert_eq!(r.cycle.master.products[0].family, "KIDZ");
}

#[test]
fn duplicate_sku_names_the_first_row() {
    let text = format!("{PRODUCTS}B,CITY,1,1,0,1,95%\nA,CITY,1,1,0,1,95%\n");
    let e = the_error(&[file("products.csv", &text)], &demo());
    assert_at(
        &e,
        "products.csv",
        Some(4),
        Some("sku"),
        "duplicate SKU 'A' (also on row 2)",
    );
}

#[test]
fn service_level_range() {
    for bad in ["40 %", "100%", "1", "0.3", "abc"] {
        let text = format!("sku,family,price,unit_cost,service_level\nA,CITY,1,1,{bad}\n");
        let e = the_error(&[file("products.csv", &text)], &demo());
        assert_at(
            &e,
            "products.csv",
            Some(2),
            Some("service_level"),
            &format!("service level must be between 50 % and 99.99 %, found '{bad}'"),
        );
    }
}

#[test]
fn probability_range() {
    let text = "sku,month,units,probability\nEB-CITY-500,2027-01,10,150 %\n";
    let e = the_error(&[file("pipeline.csv", text)], &demo());
    assert_at(
        &e,
        "pipeline.csv",
        Some(2),
        Some("probability"),
        "probability must be between 0 % and 100 %, found '150 %'",
    );
}

#[test]
fn missing_column() {
    let e = the_error(
        &[file(
            "products.csv",
            "name,family,price,unit_cost\nA,CITY,1,1\n",
        )],
        &demo(),
    );
    assert_at(&e, "products.csv", Some(1), None, "missing column 'sku'");
    // Every missing column is named.
    let e = errors(&[file("products.csv", "sku,name\nA,B\n")], &demo());
    let text: Vec<String> = e.iter().map(|e| e.message.clone()).collect();
    assert_eq!(e.len(), 3, "{text:?}");
    assert!(
        text[0].contains("'family'") && text[1].contains("'price'"),
        "{text:?}"
    );
}

#[test]
fn two_columns_for_one_field() {
    let text = "sku,family,price,Selling price,unit_cost\nA,CITY,1,2,1\n";
    let e = the_error(&[file("products.csv", text)], &demo());
    assert_at(
        &e,
        "products.csv",
        Some(1),
        Some("Selling price"),
        "columns 'price' and 'Selling price' both mean price",
    );
}

#[test]
fn required_values_and_spreadsheet_errors() {
    let text = "sku,family,price,unit_cost\n,CITY,1,1\nB,CITY,#N/A,1\n";
    let e = errors(&[file("products.csv", text)], &demo());
    assert_at(
        &e[0],
        "products.csv",
        Some(2),
        Some("sku"),
        "SKU is required but empty",
    );
    assert_at(
        &e[1],
        "products.csv",
        Some(3),
        Some("price"),
        "shows the spreadsheet error '#N/A'",
    );
}

#[test]
fn references_between_tables_are_checked() {
    let c = demo();
    let cases = [
        (
            "routings.csv",
            "sku,resource,hours_per_unit\nEB-CITY-500,LASER,1\n",
            "resource",
            "unknown resource 'LASER' (known: WELD, PAINT, ASSY, WHEEL)",
        ),
        (
            "routings.csv",
            "sku,resource,hours_per_unit\nNOPE,ASSY,1\n",
            "sku",
            "unknown SKU 'NOPE' (known: EB-CITY-500,",
        ),
        (
            "bom.csv",
            "sku,component,qty_per_unit\nEB-CITY-500,CARBON,1\n",
            "component",
            "unknown component 'CARBON' (known: BATT, MOTOR",
        ),
        (
            "history.csv",
            "sku,month,units\nNOPE,2026-01,1\n",
            "sku",
            "unknown SKU 'NOPE'",
        ),
        (
            "pipeline.csv",
            "sku,month,units,probability\nNOPE,2027-01,1,50%\n",
            "sku",
            "unknown SKU 'NOPE'",
        ),
        (
            "calendar.csv",
            "resource,month,hours\nLASER,2027-01,100\n",
            "resource",
            "unknown resource 'LASER'",
        ),
    ];
    for (name, text, column, words) in cases {
        let e = the_error(&[file(name, text)], &c);
        assert_at(&e, name, Some(2), Some(column), words);
    }
    // Into an empty cycle, the hint says which table to import too.
    let e = the_error(
        &[file(
            "products.csv",
            "sku,family,price,unit_cost\nA,X,1,1\n",
        )],
        &empty_cycle("e", DEMO_LABEL),
    );
    assert!(e.message.contains("import the families table too"), "{e}");
}

#[test]
fn removing_a_family_that_kept_products_use_is_refused() {
    let e = the_error(
        &[file("families.csv", "id,name\nEBIKE,E\nCITY,C\nKIDS,K\n")],
        &demo(),
    );
    assert_at(
        &e,
        "families.csv",
        None,
        Some("id"),
        "family 'PARTS' is missing",
    );
    assert!(e.message.contains("8 product(s)"), "{e}");
}

#[test]
fn history_must_end_before_the_cycle_and_not_repeat_months() {
    let text = "sku,month,units\nEB-CITY-500,2026-10,1\nEB-CITY-500,2026-11,1\n";
    let e = the_error(&[file("history.csv", text)], &demo());
    assert_at(
        &e,
        "history.csv",
        Some(3),
        Some("month"),
        "month 2026-11 is not history: the cycle plans from 2026-11, so history must end by 2026-10",
    );
    let text = "sku,month,units\nEB-CITY-500,2026-09,1\nEB-CITY-500,Sep 2026,2\n";
    let e = the_error(&[file("history.csv", text)], &demo());
    assert_at(
        &e,
        "history.csv",
        Some(3),
        Some("month"),
        "duplicate month 2026-09 for SKU 'EB-CITY-500' (also on row 2)",
    );
    let text = "sku,month,units\nEB-CITY-500,05/06/2026,1\n";
    let e = the_error(&[file("history.csv", text)], &demo());
    assert!(e.message.contains("could mean two different months"), "{e}");
    let text = "SKU;2026-09;2026-10\nEB-CITY-500;1;x\n";
    let e = the_error(&[file("history.csv", text)], &demo());
    assert_at(
        &e,
        "history.csv",
        Some(2),
        Some("2026-10"),
        "units must be a number ≥ 0, found 'x'",
    );
}

#[test]
fn parameters_unknown_missing_and_repeated() {
    let text = "parameter,value\nopening_cash,1\nopening_cash,2\nfoo,3\nopening_ar,-1\n";
    let e = errors(&[file("finance.csv", text)], &demo());
    let msgs: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert!(msgs[0].contains("row 3") && msgs[0].contains("duplicate parameter 'opening_cash'"));
    assert!(
        msgs[1].contains("row 4")
            && msgs[1].contains("unknown parameter 'foo' (known: opening_cash,")
    );
    assert!(
        msgs[2].contains("row 5") && msgs[2].contains("opening receivables must be a number ≥ 0")
    );
    assert!(
        msgs[3].contains("missing parameter 'opening_ap'"),
        "{msgs:#?}"
    );
    assert_eq!(e.len(), 3 + 5, "{msgs:#?}");
}

#[test]
fn target_cover_needs_months() {
    let e = the_error(
        &[file(
            "families.csv",
            "id,strategy\nEBIKE,target cover\nCITY,chase\nKIDS,level\nPARTS,level\n",
        )],
        &demo(),
    );
    assert_at(
        &e,
        "families.csv",
        Some(2),
        Some("cover_months"),
        "cover months is required",
    );
    let e = errors(
        &[file(
            "families.csv",
            "id,strategy\nEBIKE,chase\nCITY,chase\nKIDS,x\nPARTS,level\n",
        )],
        &demo(),
    );
    assert_at(
        &e[0],
        "families.csv",
        Some(4),
        Some("strategy"),
        "strategy must be chase, level, target_cover or manual, found 'x'",
    );
}

#[test]
fn nothing_is_half_imported() {
    let demo = demo();
    let before = demo.clone();
    let good = file("budget.csv", "month,revenue,gross_margin\n2026-11,1,1\n");
    let bad = file("products.csv", "sku,family,price,unit_cost\nA,CITY,-1,1\n");
    let e = errors(&[good.clone(), bad], &demo);
    assert_eq!(e.len(), 1);
    assert_eq!(demo, before, "the caller's cycle is untouched");
    // The good file alone imports.
    assert!(import(&[good], &demo).is_ok());
}

#[test]
fn files_that_are_not_tables() {
    let c = demo();
    let e = the_error(&[file("notes.csv", "hello,world\n1,2\n")], &c);
    assert_at(
        &e,
        "notes.csv",
        None,
        None,
        "cannot tell which table this file holds",
    );
    let e = the_error(&[file("products.csv", "")], &c);
    assert_at(&e, "products.csv", None, None, "the file is empty");
    let e = the_error(&[file("backup.json", "{}")], &c);
    assert!(e.message.contains("workspace backup"), "{e}");
    let e = the_error(
        &[ImportFile::new(
            "old.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0, 0],
        )],
        &c,
    );
    assert!(e.message.contains("old Excel file (.xls)"), "{e}");
    let e = the_error(&[file("data.xlsx", "sku,price\n")], &c);
    assert!(
        e.message
            .contains("cannot read this file as an Excel workbook"),
        "{e}"
    );
    let e = the_error(&[], &c);
    assert!(e.message.contains("no files"), "{e}");
}

#[test]
fn one_table_from_one_file_only() {
    let a = file("products.csv", PRODUCTS);
    let b = file("Products (2).csv", PRODUCTS);
    let e = the_error(&[a, b], &demo());
    assert_at(
        &e,
        "Products (2).csv",
        None,
        None,
        "products are also in products.csv",
    );
}

#[test]
fn an_approved_cycle_is_read_only() {
    let mut c = demo();
    c.status = CycleStatus::Approved;
    let e = the_error(&[file("products.csv", PRODUCTS)], &c);
    assert!(e.message.contains("approved and read-only"), "{e}");
}

#[test]
fn errors_in_a_workbook_name_the_sheet() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Products").unwrap();
    for (c, h) in ["sku", "family", "price", "unit_cost"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "A").unwrap();
    ws.write_string(1, 1, "CITY").unwrap();
    ws.write_number(1, 2, -5).unwrap();
    ws.write_number(1, 3, 1).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let e = the_error(&[ImportFile::new("data.xlsx", bytes)], &demo());
    assert_eq!(e.sheet.as_deref(), Some("Products"));
    assert_eq!(
        e.to_string(),
        "data.xlsx, sheet 'Products', row 2, column 'price': price must be a number ≥ 0, found '-5'"
    );
}

#[test]
fn a_flood_of_errors_is_capped_per_file() {
    let mut text = String::from("sku,family,price,unit_cost\n");
    for i in 0..500 {
        text.push_str(&format!("S{i},CITY,x,1\n"));
    }
    let e = errors(&[file("products.csv", &text)], &demo());
    assert_eq!(e.len(), 101);
    assert!(e[100].message.contains("400 more problems"), "{}", e[100]);
}

#[test]
fn a_parameter_file_without_parameters() {
    let e = the_error(&[file("finance.csv", "Kennzahl;Zahl\nfoo;1\n")], &demo());
    assert_at(
        &e,
        "finance.csv",
        Some(1),
        None,
        "expected two columns, 'parameter' and 'value'",
    );
    // A German header is understood.
    let text = "Parameter;Wert\nopening_cash;1\nopening_ar;1\nopening_ap;1\ndso;1\ndpo;1\nfixed_cost;1\nmin_cash;1\n";
    assert!(import(&[file("finance.csv", text)], &demo()).is_ok());
}
