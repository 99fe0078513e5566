//! The usual spreadsheet habits are understood: file names, header order, case and
//! aliases, separators, decimal commas and thousands separators, encodings, blank rows
//! and columns, percentages, month forms, wide history, XLSX sheets and date cells.

use rust_decimal::Decimal;
use sop_planner::engine::demo::{DEMO_LABEL, demo_workspace};
use sop_planner::engine::model::*;
use sop_planner::engine::month::Month;
use sop_planner::store::import::{ImportFile, Imported, Table, empty_cycle, import};
use std::str::FromStr;

fn fixture(name: &str) -> ImportFile {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    ImportFile::new(name, std::fs::read(&path).unwrap())
}

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile::new(name, text.as_bytes().to_vec())
}

fn ok(files: &[ImportFile], into: &Cycle) -> Imported {
    import(files, into).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn empty() -> Cycle {
    empty_cycle("t", DEMO_LABEL)
}

/// A cycle with the demo's families (EBIKE, CITY, KIDS, PARTS) and nothing else.
fn with_families() -> Cycle {
    let mut c = empty();
    c.master.families = demo_workspace().cycles[0].master.families.clone();
    c
}

#[test]
fn a_german_erp_export_with_title_rows_and_decimal_commas() {
    let r = ok(
        &[fixture("families.csv"), fixture("Products - export.csv")],
        &empty(),
    );
    let p = &r.cycle.master.products;
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].sku, "EB-CITY-500");
    assert_eq!(p[0].name, "E-City 500 „Stadt“", "Windows-1252 decoded");
    assert_eq!(p[1].name, "Urban 3-Gang – Straße");
    assert_eq!(p[2].name, "Kinderrad 12\"");
    assert_eq!(p[0].price, dec("2690.00"));
    assert_eq!(p[0].unit_cost, dec("1883.00"));
    assert_eq!(p[1].unit_cost, dec("415.36"));
    assert_eq!(
        p[1].on_hand, 1250.0,
        "1.250 is a thousand in a decimal-comma file"
    );
    assert_eq!(p[0].service_level, 0.95);
    assert_eq!(p[1].service_level, 0.975);
    assert_eq!(p[2].service_level, 0.9);
    assert_eq!(
        p[0].lot_min, 0.0,
        "missing optional columns take their default"
    );
    assert_eq!(p[0].strategy, None);
    let f = &r.cycle.master.families;
    assert_eq!(f[0].strategy, Strategy::Chase);
    assert_eq!(f[1].strategy, Strategy::Level);
    assert_eq!(f[2].strategy, Strategy::TargetCover { months: 1.5 });
    let notes = r.summary.notes.join("\n");
    assert!(
        notes.contains("semicolon-separated, Windows-1252, decimal comma"),
        "{notes}"
    );
}

#[test]
fn wide_utf16_history_and_a_pipeline_recognised_by_its_header() {
    let r = ok(
        &[
            fixture("families.csv"),
            fixture("Products - export.csv"),
            fixture("Sales history.txt"),
            fixture("export_0931.csv"),
        ],
        &empty(),
    );
    let h = &r.cycle.history;
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].sku, "EB-CITY-500");
    assert_eq!(h[0].start, Month::new(2026, 1));
    assert_eq!(h[0].units[2], 1210.0);
    assert_eq!(h[0].units.len(), 10);
    assert_eq!(
        h[2].start,
        Month::new(2026, 7),
        "blanks before launch are no history"
    );
    assert_eq!(h[2].units, vec![5.0, 0.0, 7.0, 9.0]);
    let p = &r.cycle.inputs.pipeline;
    assert_eq!(p.len(), 3);
    assert_eq!(
        (p[0].id, p[0].month, p[0].probability),
        (17, Month::new(2027, 3), 0.4)
    );
    assert_eq!(p[1].customer, "University, bike-share");
    assert_eq!((p[1].month, p[1].units), (Month::new(2026, 11), 1500.0));
    assert_eq!((p[2].month, p[2].probability), (Month::new(2027, 1), 0.55));
    let notes = r.summary.notes.join("\n");
    assert!(
        notes.contains("export_0931.csv read as pipeline"),
        "{notes}"
    );
    assert!(notes.contains("UTF-16"), "{notes}");
}

#[test]
fn file_names_choose_the_table() {
    let c = with_families();
    for name in [
        "products.csv",
        "Products - export.csv",
        "PRODUCTS.CSV",
        "item master 2026.csv",
        "skus.tsv",
    ] {
        let r = ok(
            &[file(name, "sku,family,price,unit_cost\nA,EBIKE,1,1\n")],
            &c,
        );
        assert_eq!(r.cycle.master.products.len(), 1, "{name}");
        assert_eq!(r.summary.tables[0].table, Table::Products, "{name}");
    }
}

#[test]
fn headers_in_any_order_case_spacing_and_aliases() {
    let c = with_families();
    for header in [
        "sku,family,price,unit_cost",
        "Unit Cost , PRICE,Family,SKU",
        "unit_cost;price;family;sku",
        "Standard cost (EUR)\tUnit price\tProduct family\tProduct code",
        "Cost|Selling price|Group|Item".replace('|', ",").as_str(),
    ] {
        // Values follow the header's order: cost 40, price 100, family, sku.
        let sep = if header.contains('\t') {
            "\t"
        } else if header.contains(';') {
            ";"
        } else {
            ","
        };
        let cols: Vec<String> = header.split(sep).map(|h| h.trim().to_lowercase()).collect();
        let value = |h: &str| -> &str {
            if h.contains("sku") || h.contains("code") || h == "item" {
                "A"
            } else if h.contains("famil") || h == "group" {
                "CITY"
            } else if h.contains("cost") {
                "40"
            } else {
                "100"
            }
        };
        let row: Vec<&str> = cols.iter().map(|h| value(h)).collect();
        let text = format!("{header}\n{}\n", row.join(sep));
        let r = ok(&[file("products.csv", &text)], &c);
        let p = &r.cycle.master.products[0];
        assert_eq!(
            (p.sku.as_str(), p.family.as_str(), p.price, p.unit_cost),
            ("A", "CITY", dec("100"), dec("40")),
            "{header}"
        );
    }
}

#[test]
fn separators_are_sniffed() {
    let c = with_families();
    for text in [
        "sku,family,price,unit_cost\nA,CITY,\"1,234.50\",10\n",
        "sku;family;price;unit_cost\nA;CITY;1.234,50;10\n",
        "sku\tfamily\tprice\tunit_cost\nA\tCITY\t1234.50\t10\n",
        "sku;family;price;unit_cost\nA;CITY;\"1 234,5\";10\n",
    ] {
        let r = ok(&[file("products.csv", text)], &c);
        assert_eq!(r.cycle.master.products[0].price, dec("1234.5"), "{text}");
    }
}

#[test]
fn decimal_comma_and_thousands_separators() {
    let c = with_families();
    let text = "sku;family;price;unit_cost;on_hand;lot_multiple\n\
                A;CITY;12,5;1.234,5;1 234;0,5\n\
                B;CITY;1.234.567,89;7;2.000;10\n";
    let r = ok(&[file("products.csv", text)], &c);
    let p = &r.cycle.master.products;
    assert_eq!(p[0].price, dec("12.5"));
    assert_eq!(p[0].unit_cost, dec("1234.5"));
    assert_eq!(p[0].on_hand, 1234.0);
    assert_eq!(p[0].lot_multiple, 0.5);
    assert_eq!(p[1].price, dec("1234567.89"));
    assert_eq!(p[1].on_hand, 2000.0);
    let text = "sku,family,price,unit_cost,on_hand\nA,CITY,\"1,234.5\",0.5,\"2,000\"\n";
    let r = ok(&[file("products.csv", text)], &c);
    let p = &r.cycle.master.products[0];
    assert_eq!((p.price, p.on_hand), (dec("1234.5"), 2000.0));
}

#[test]
fn money_is_parsed_exactly() {
    let c = with_families();
    let text = "sku,family,price,unit_cost\nA,CITY,1234567.8912,0.1\nB,CITY,€ 19.99,$0.30\n";
    let r = ok(&[file("products.csv", text)], &c);
    let p = &r.cycle.master.products;
    assert_eq!(p[0].price.to_string(), "1234567.8912");
    assert_eq!(p[0].unit_cost.to_string(), "0.1");
    assert_eq!(p[1].price.to_string(), "19.99");
    assert_eq!(p[1].unit_cost.to_string(), "0.30");
}

#[test]
fn utf8_bom_and_windows_1252() {
    let c = with_families();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice("sku,name,family,price,unit_cost\nA,Café,CITY,1,1\n".as_bytes());
    let r = ok(&[ImportFile::new("products.csv", bom)], &c);
    assert_eq!(
        r.cycle.master.products[0].sku, "A",
        "BOM is not part of the header"
    );
    assert_eq!(r.cycle.master.products[0].name, "Café");
    let latin = b"sku;name;family;price;unit_cost\nA;Caf\xe9 \x80;CITY;1;1\n".to_vec();
    let r = ok(&[ImportFile::new("products.csv", latin)], &c);
    assert_eq!(r.cycle.master.products[0].name, "Café €");
}

#[test]
fn blank_rows_and_columns_are_ignored() {
    let c = with_families();
    let text =
        "sku,family,price,unit_cost,,\n\nA,CITY,1,1,,\n,,,,,\n  ,  ,,,,\nB,CITY,2,2,,\n,,,,,\n\n\n";
    let r = ok(&[file("products.csv", text)], &c);
    assert_eq!(r.cycle.master.products.len(), 2);
}

#[test]
fn percentages_in_every_form() {
    let c = with_families();
    let text = "sku,family,price,unit_cost,service_level\n\
                A,CITY,1,1,95 %\nB,CITY,1,1,0.95\nC,CITY,1,1,95\nD,CITY,1,1,\"99,5%\"\n\
                E,CITY,1,1,50%\nF,CITY,1,1,99.99 %\nG,CITY,1,1,\n";
    let r = ok(&[file("products.csv", text)], &c);
    let sl: Vec<f64> = r
        .cycle
        .master
        .products
        .iter()
        .map(|p| p.service_level)
        .collect();
    assert_eq!(sl, vec![0.95, 0.95, 0.95, 0.995, 0.5, 0.9999, 0.95]);
}

#[test]
fn months_in_every_form() {
    let mut c = with_families();
    c.master.products = demo_workspace().cycles[0].master.products.clone();
    let text = "sku,month,units\n\
                EB-CITY-500,2026-01,1\nEB-CITY-500,2026/02,2\nEB-CITY-500,03/2026,3\n\
                EB-CITY-500,Apr 2026,4\nEB-CITY-500,2026-05-01,5\nEB-CITY-500,June 2026,6\n\
                EB-CITY-500,01.07.2026,7\nEB-CITY-500,202608,8\nEB-CITY-500,Sep-26,9\n\
                EB-CITY-500,2026-10-01 00:00:00,10\n";
    let r = ok(&[file("history.csv", text)], &c);
    let h = &r.cycle.history[0];
    assert_eq!(h.start, Month::new(2026, 1));
    assert_eq!(h.units, (1..=10).map(f64::from).collect::<Vec<_>>());
}

#[test]
fn long_history_fills_gaps_and_sorts_months() {
    let mut c = with_families();
    c.master.products = demo_workspace().cycles[0].master.products.clone();
    let text = "sku,month,units\nKB-12,2026-05,5\nKB-12,2026-02,2\nEB-CITY-500,2026-10,1\n";
    let r = ok(&[file("history.csv", text)], &c);
    let h = &r.cycle.history;
    assert_eq!(h[0].sku, "KB-12", "series in order of first appearance");
    assert_eq!(h[0].start, Month::new(2026, 2));
    assert_eq!(h[0].units, vec![2.0, 0.0, 0.0, 5.0], "missing months are 0");
    assert_eq!(h[1].units, vec![1.0]);
}

#[test]
fn finance_and_workforce_as_parameter_rows() {
    let text = "Parameter;Value;Unit\n\
                Opening cash;-12.345,67;EUR\n\
                Accounts receivable;600.000;EUR\n\
                Accounts payable;300.000,00;EUR\n\
                DSO;45;days\nDPO;40,5;days\nFixed costs;250.000;EUR\nMinimum cash;0;EUR\n";
    let wf = "hours_per_fte,140\ncurrent_fte,85.5\n";
    let r = ok(
        &[file("finance.csv", text), file("Workforce.csv", wf)],
        &empty(),
    );
    let f = &r.cycle.inputs.finance;
    assert_eq!(f.opening_cash, dec("-12345.67"));
    assert_eq!(f.opening_ar, dec("600000"));
    assert_eq!(f.dpo_days, dec("40.5"));
    assert_eq!(f.fixed_cost, dec("250000"));
    let w = &r.cycle.master.workforce;
    assert_eq!((w.hours_per_fte, w.current_fte), (140.0, 85.5));
}

#[test]
fn only_imported_tables_are_replaced() {
    let demo = demo_workspace().cycles.remove(0);
    let text = "month,revenue,gross_margin\n2026-11,100,40\n2026-12,200,-5\n";
    let r = ok(&[file("budget.csv", text)], &demo);
    assert_eq!(r.cycle.inputs.budget.len(), 2);
    assert_eq!(r.cycle.inputs.budget[1].gross_margin, dec("-5"));
    assert_eq!(r.cycle.master, demo.master);
    assert_eq!(r.cycle.history, demo.history);
    assert_eq!(r.cycle.inputs.pipeline, demo.inputs.pipeline);
    let b = &r.summary.tables[0];
    assert_eq!(b.table, Table::Budget);
    assert_eq!((b.rows, b.added, b.removed, b.changed), (2, 0, 16, 2));
}

#[test]
fn replacing_products_keeps_routing_and_bom_of_known_skus() {
    let demo = demo_workspace().cycles.remove(0);
    let text = "sku,family,price,unit_cost\nEB-CITY-500,EBIKE,2790,1900\nNEW-1,CITY,500,300\n";
    let r = ok(&[file("products.csv", text)], &demo);
    let p = &r.cycle.master.products;
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].routing, demo.master.products[0].routing);
    assert_eq!(p[0].bom, demo.master.products[0].bom);
    assert!(p[1].routing.is_empty());
    // History and pipeline of SKUs that are gone are dropped, and the summary says so.
    assert_eq!(r.cycle.history.len(), 1);
    let notes = r.summary.warnings.join("\n");
    assert!(notes.contains("sales history of 29 SKU(s)"), "{notes}");
    assert!(notes.contains("pipeline opportunity"), "{notes}");
    assert!(notes.contains("adjustments or overrides"), "{notes}");
    let t = &r.summary.tables[0];
    assert_eq!((t.added, t.removed, t.changed), (1, 29, 1));
}

#[test]
fn resource_calendar_long_and_wide() {
    let demo = demo_workspace().cycles.remove(0);
    let long = "resource,month,hours\nASSY,2027-08,900\nASSY,2027-12,1000\nWELD,Aug 2027,600\n";
    let r = ok(&[file("calendar.csv", long)], &demo);
    let assy = r
        .cycle
        .master
        .resources
        .iter()
        .find(|r| r.id == "ASSY")
        .unwrap();
    assert_eq!(assy.regular_hours_in(Month::new(2027, 12)), 1000.0);
    assert_eq!(assy.calendar.len(), 2);
    let paint = r
        .cycle
        .master
        .resources
        .iter()
        .find(|r| r.id == "PAINT")
        .unwrap();
    assert!(
        paint.calendar.is_empty(),
        "the imported calendar replaces all"
    );
    let wide = "Resource;2027-08;2027-12\nASSY;900;1.000\nWELD;600;\n";
    let w = ok(&[file("capacity calendar.csv", wide)], &demo);
    assert_eq!(w.cycle.master.resources, r.cycle.master.resources);
}

#[test]
fn routings_and_bom() {
    let demo = demo_workspace().cycles.remove(0);
    let routings = "SKU,Work centre,Hours/unit\nKB-12,ASSY,0,75\n".replace("0,75", "\"0,75\"");
    let bom = "Parent item;Component;Qty\nKB-12;FRAME;0,5\nKB-12;WSET;1\n";
    let r = ok(
        &[file("routings.csv", &routings), file("BOM.csv", bom)],
        &demo,
    );
    let kb = r
        .cycle
        .master
        .products
        .iter()
        .find(|p| p.sku == "KB-12")
        .unwrap();
    assert_eq!(kb.routing.len(), 1);
    assert_eq!(kb.routing[0].hours_per_unit, 0.75);
    assert_eq!(kb.bom.len(), 2);
    assert_eq!(kb.bom[0].qty_per_unit, 0.5);
    let eb = &r.cycle.master.products[0];
    assert!(
        eb.routing.is_empty() && eb.bom.is_empty(),
        "imported tables replace all"
    );
}

/// A workbook as a client might send it: sheets named loosely, a notes sheet, date
/// cells, numbers stored as text, an empty sheet.
fn client_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("mmm yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Read me").unwrap();
    ws.write_string(0, 0, "Exported from ERP").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Product Families").unwrap();
    for (r, row) in [["Code", "Name"], ["EBIKE", "E-bikes"], ["CITY", "City"]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Item master").unwrap();
    // Header in row 2, after a title.
    ws.write_string(0, 0, "Items as of 31 Oct").unwrap();
    for (c, h) in [
        "SKU",
        "Family",
        "Price",
        "Std cost",
        "On hand",
        "Service level",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_number(2, 0, 10045).unwrap(); // numeric SKU
    ws.write_string(2, 1, "EBIKE").unwrap();
    ws.write_number(2, 2, 2690.5).unwrap();
    ws.write_string(2, 3, "1883,25").unwrap(); // number stored as text
    ws.write_number(2, 4, 12).unwrap();
    ws.write_number(2, 5, 0.97).unwrap();
    ws.write_string(3, 0, "CB-1").unwrap();
    ws.write_string(3, 1, "CITY").unwrap();
    ws.write_number(3, 2, 649).unwrap();
    ws.write_number(3, 3, 415.36).unwrap();
    ws.write_number(3, 5, 95).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Sales").unwrap();
    ws.write_string(0, 0, "Item").unwrap();
    ws.write_string(0, 1, "Period").unwrap();
    ws.write_string(0, 2, "Units sold").unwrap();
    for (r, (sku, serial, u)) in [("10045", 46235.0, 3.0), ("CB-1", 46266.0, 4.0)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *sku).unwrap();
        ws.write_number_with_format(r, 1, *serial, &date).unwrap();
        ws.write_number(r, 2, *u).unwrap();
    }
    wb.add_worksheet().set_name("Sheet3").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Pivot").unwrap();
    ws.write_string(0, 0, "Region").unwrap();
    ws.write_string(0, 1, "Total").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_client_workbook() {
    let r = ok(
        &[ImportFile::new("Client data.xlsx", client_workbook())],
        &empty(),
    );
    let c = &r.cycle;
    assert_eq!(c.master.families.len(), 2);
    let p = &c.master.products;
    assert_eq!(p[0].sku, "10045");
    assert_eq!(p[0].price, dec("2690.5"));
    assert_eq!(p[0].unit_cost, dec("1883.25"));
    assert_eq!(p[0].service_level, 0.97);
    assert_eq!(p[1].unit_cost, dec("415.36"));
    assert_eq!(p[1].service_level, 0.95);
    assert_eq!(c.history[0].sku, "10045");
    // 46235 = 2026-08-01, 46266 = 2026-09-01
    assert_eq!(c.history[0].start, Month::new(2026, 8));
    assert_eq!(c.history[1].start, Month::new(2026, 9));
    let notes = r.summary.notes.join("\n");
    assert!(
        notes.contains("sheet 'Item master' read as products"),
        "{notes}"
    );
    assert_eq!(
        r.summary.warnings,
        vec!["Client data.xlsx, sheet 'Pivot' was ignored: its name and header match no table"]
    );
}

#[test]
fn export_then_edit_in_a_spreadsheet_then_import() {
    // The usual loop: export, change a price in Excel (decimal comma, re-saved with
    // semicolons), import.
    let demo = demo_workspace().cycles.remove(0);
    let csv = sop_planner::store::export::to_csv(&sop_planner::store::export::sheet(
        &demo,
        Table::Products,
    ));
    let mut lines: Vec<String> = csv.lines().map(|l| l.replace(',', ";")).collect();
    let mut first: Vec<String> = lines[1].split(';').map(String::from).collect();
    assert_eq!(first[0], "EB-CITY-500");
    first[3] = "2.790,00".into();
    lines[1] = first.join(";");
    let edited = lines
        .join("\r\n")
        .replace('.', ",")
        .replace("2,790,00", "2.790,00");
    let r = ok(&[file("products.csv", &edited)], &demo);
    assert_eq!(r.cycle.master.products[0].price, dec("2790"));
    assert_eq!(r.cycle.master.products[1..], demo.master.products[1..]);
    assert_eq!(r.summary.tables[0].changed, 1);
}
