//! Broken quoting in CSV files is refused where the quote opened, never read as rows
//! swallowed into one cell; rows whose cell count differs from the header's are
//! refused; legitimately quoted separators and multi-line text still import.

use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::store::import::{ImportError, ImportFile, Imported, Table, import};

/// The demo cycle with exactly 10 pipeline deals.
fn ten_deals() -> Cycle {
    let mut c = demo_workspace().cycles.remove(0);
    assert!(c.inputs.pipeline.len() >= 10);
    c.inputs.pipeline.truncate(10);
    for (k, o) in c.inputs.pipeline.iter_mut().enumerate() {
        o.customer = format!("Customer {k}");
        // The files here have no stage column: their deals are leads.
        o.stage = DealStage::Lead;
    }
    c
}

/// The pipeline as CSV with `customer` in column `customer_at` (0-based); row `bad`
/// (as the spreadsheet numbers it, header = 1) gets `customer_cell` instead.
fn pipeline_csv(c: &Cycle, customer_at: usize, bad: Option<(u32, &str)>) -> String {
    let mut head = vec!["id", "sku", "month", "units", "probability"];
    head.insert(customer_at, "customer");
    let mut out = head.join(",") + "\n";
    for (k, o) in c.inputs.pipeline.iter().enumerate() {
        let customer = match bad {
            Some((row, cell)) if row as usize == k + 2 => cell.to_string(),
            _ => o.customer.clone(),
        };
        let mut cells = vec![
            o.id.to_string(),
            o.sku.clone(),
            o.month.to_string(),
            o.units.to_string(),
            o.probability.to_string(),
        ];
        cells.insert(customer_at, customer);
        out += &(cells.join(",") + "\n");
    }
    out
}

fn refused(files: &[ImportFile], into: &Cycle) -> Vec<ImportError> {
    match import(files, into) {
        Ok(r) => panic!("imported, but should be refused:\n{}", r.summary),
        Err(e) => e,
    }
}

fn ok(files: &[ImportFile], into: &Cycle) -> Imported {
    import(files, into).unwrap_or_else(|e| {
        let lines: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        panic!("{}", lines.join("\n"))
    })
}

#[test]
fn the_clean_pipeline_file_imports_all_ten_deals() {
    let c = ten_deals();
    for at in [1, 5] {
        let r = ok(
            &[ImportFile::new("pipeline.csv", pipeline_csv(&c, at, None))],
            &c,
        );
        assert_eq!(r.cycle.inputs.pipeline, c.inputs.pipeline);
    }
}

#[test]
fn an_unclosed_quote_in_the_customer_column_is_refused_where_it_opened() {
    let c = ten_deals();
    // customer second: the rest of the file goes into row 3's customer cell.
    let text = pipeline_csv(&c, 1, Some((3, "\"Acme Bikes")));
    let e = refused(&[ImportFile::new("pipeline.csv", text)], &c);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].to_string(),
        "pipeline.csv, row 3, column 'customer': a quote opens here and is never closed; \
         the rest of the file was read into this cell"
    );
}

#[test]
fn an_unclosed_quote_in_the_last_optional_column_is_refused() {
    let c = ten_deals();
    // Before: "checked, no problems, 0 added, 7 removed".
    let text = pipeline_csv(&c, 5, Some((3, "\"Acme Bikes")));
    let e = refused(&[ImportFile::new("pipeline.csv", text)], &c);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        (e[0].row, e[0].column.as_deref()),
        (Some(3), Some("customer"))
    );
    assert!(e[0].message.contains("never closed"), "{}", e[0]);
    // On the last row nothing is swallowed, but the quote is still never closed.
    let text = pipeline_csv(&c, 5, Some((11, "\"Acme Bikes")));
    let e = refused(&[ImportFile::new("pipeline.csv", text)], &c);
    assert_eq!(
        e[0].to_string(),
        "pipeline.csv, row 11, column 'customer': a quote opens here and is never closed"
    );
}

#[test]
fn a_stray_quote_closed_rows_later_is_refused() {
    let mut c = ten_deals();
    c.inputs.pipeline[7].customer = "\"Beta, Inc\"".into();
    let text = pipeline_csv(&c, 5, Some((3, "\"Acme Bikes")));
    let e = refused(&[ImportFile::new("pipeline.csv", text)], &c);
    assert_eq!(
        (e[0].row, e[0].column.as_deref()),
        (Some(3), Some("customer"))
    );
    assert!(
        e[0].message
            .contains("closed only 6 lines further down; 6 row(s) in between"),
        "{}",
        e[0]
    );
}

#[test]
fn a_history_file_with_a_stray_quote_names_the_row_not_an_empty_month() {
    let c = demo_workspace().cycles.remove(0);
    let mut text = String::from("sku,month,units\n");
    let mut rows = 1;
    for h in &c.history {
        for (i, u) in h.units.iter().enumerate() {
            rows += 1;
            let q = if rows == 400 { "\"" } else { "" };
            text += &format!("{q}{},{},{u}\n", h.sku, h.start.plus(i as i32));
        }
    }
    assert!(rows > 1000, "a large file: {rows} rows");
    let e = refused(&[ImportFile::new("history.csv", text)], &c);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(400), Some("sku")));
    assert!(e[0].message.contains("never closed"), "{}", e[0]);
}

#[test]
fn quoted_separators_and_multi_line_text_still_import() {
    let mut c = ten_deals();
    c.inputs.pipeline[2].customer = "Acme, Inc; \"Bikes\" dept".into();
    c.inputs.pipeline[4].customer = "Line one,\nline two, with commas\nline three".into();
    let mut text = String::from("id,sku,month,units,probability,customer\n");
    for o in &c.inputs.pipeline {
        text += &format!(
            "{},{},{},{},{},\"{}\"\n",
            o.id,
            o.sku,
            o.month,
            o.units,
            o.probability,
            o.customer.replace('"', "\"\"")
        );
    }
    let r = ok(&[ImportFile::new("pipeline.csv", text)], &c);
    assert_eq!(r.cycle.inputs.pipeline, c.inputs.pipeline);
    let t = &r.summary.tables[0];
    assert_eq!((t.table, t.rows, t.removed), (Table::Pipeline, 10, 0));
}

#[test]
fn rows_with_too_few_or_too_many_cells_are_refused() {
    let c = ten_deals();
    let text = pipeline_csv(&c, 5, None);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Row 4 lost its last two cells; row 6 has an unquoted comma in a number.
    let cut: Vec<&str> = lines[3].split(',').take(4).collect();
    lines[3] = cut.join(",");
    lines[5] = lines[5].replacen(",0.", ",0,", 1) + ",x";
    // Extra empty cells (as spreadsheets write them) are fine.
    lines[7] += ",,";
    let e = refused(&[ImportFile::new("pipeline.csv", lines.join("\n"))], &c);
    let shown: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(
        shown[0],
        "pipeline.csv, row 4, column 'probability': the row has 4 cell(s) but the header \
         has 6 columns ('probability', 'customer' missing); a stray quote or a missing \
         separator?"
    );
    assert!(
        shown[1].starts_with("pipeline.csv, row 6, column 'G': the row has text in column G"),
        "{}",
        shown[1]
    );
}
