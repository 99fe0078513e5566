//! Import and export in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test import_wasm`. Checks what only
//! the browser can: writing a workbook there (its clock) and reading it back.
#![cfg(target_arch = "wasm32")]

use sop_planner::engine::demo::demo_workspace;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, empty_cycle, import, template_xlsx};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn workbook_round_trip_in_the_browser() {
    let demo = demo_workspace().cycles.remove(0);
    let bytes = export::workbook(&demo).expect("workbook");
    let empty = empty_cycle("new", demo.label);
    let r = import(&[ImportFile::new("demo.xlsx", bytes)], &empty).expect("import");
    assert_eq!(r.cycle.master, demo.master);
    assert_eq!(r.cycle.history, demo.history);
    assert_eq!(r.cycle.inputs.finance, demo.inputs.finance);
    assert!(template_xlsx().expect("template").starts_with(b"PK"));
}

#[wasm_bindgen_test]
fn csv_round_trip_in_the_browser() {
    let demo = demo_workspace().cycles.remove(0);
    let files: Vec<ImportFile> = export::csv_files(&demo)
        .into_iter()
        .map(|(n, t)| ImportFile::new(n, t))
        .collect();
    let r = import(&files, &empty_cycle("new", demo.label)).expect("import");
    assert_eq!(r.cycle.master, demo.master);
}

#[wasm_bindgen_test]
fn a_thousand_skus_import_in_the_browser() {
    use sop_planner::engine::demo::synthetic_cycle;
    use sop_planner::store::import::Table;
    let c = synthetic_cycle(1000, 5);
    let history = export::to_csv(&export::sheet(&c, Table::History));
    let files = [ImportFile::new("history.csv", history)];
    let t0 = js_sys::Date::now();
    let r = import(&files, &c).expect("import");
    let ms = js_sys::Date::now() - t0;
    assert_eq!(r.cycle.history, c.history);
    console_log!("history of 1,000 SKUs imported in {ms} ms");
    assert!(ms < 10_000.0, "{ms} ms");
}
