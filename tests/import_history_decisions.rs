//! The `history_decisions` table (the history cleansing review's decisions as a file):
//! exported and imported back gives the same cycle (CSV and XLSX); the decisions
//! imported are what the baseline's history uses; bad rows are refused with file, row
//! and column, and nothing is applied.

use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baseline_history;
use sop_planner::engine::model::*;
use sop_planner::store::export;
use sop_planner::store::import::{ImportError, ImportFile, Table, import};

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

/// The demo with one decision of each kind and status, on months of its history.
fn with_decisions() -> Cycle {
    let mut c = demo();
    let skus: Vec<String> = c.history.iter().take(3).map(|h| h.sku.clone()).collect();
    for h in c.history.iter().take(3) {
        assert!(
            h.start <= c.label.plus(-20) && h.end() == c.label,
            "{}",
            h.sku
        );
    }
    let x = |sku: &str, back: i32, kind, status, value, event, note: &str| HistoryCorrection {
        sku: sku.to_string(),
        month: c.label.plus(-back),
        kind,
        status,
        value,
        event,
        note: note.to_string(),
    };
    use CorrectionKind::*;
    use CorrectionStatus::*;
    let list = vec![
        x(
            &skus[0],
            6,
            Outlier,
            Edited,
            150.0,
            None,
            "Trade fair order, one-off",
        ),
        x(&skus[0], 20, LevelShift, Accepted, -12.5, None, ""),
        x(
            &skus[1],
            9,
            Event,
            Accepted,
            80.25,
            Some(EventKind::StockOut),
            "Warehouse fire",
        ),
        x(&skus[1], 9, Outlier, Rejected, 0.0, None, "Real demand"),
        x(
            &skus[2],
            3,
            Event,
            Edited,
            40.0,
            Some(EventKind::Promotion),
            "",
        ),
    ];
    c.inputs.forecast.history_corrections = list;
    c
}

fn csv(c: &Cycle) -> ImportFile {
    let text = export::to_csv(&export::sheet(c, Table::HistoryDecisions));
    ImportFile::new("history_decisions.csv", text)
}

fn words(e: &[ImportError]) -> String {
    e.iter()
        .map(ImportError::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn export_then_import_gives_the_same_cycle() {
    let with = with_decisions();
    let file = csv(&with);
    let text = String::from_utf8(file.bytes.clone()).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(first, "sku,month,kind,decision,value,event,note");
    assert_eq!(text.lines().count(), 6, "{text}");
    // Into the demo without decisions: the same cycle as the one exported.
    let imported =
        import(std::slice::from_ref(&file), &demo()).unwrap_or_else(|e| panic!("{}", words(&e)));
    assert_eq!(imported.cycle, with);
    let t = &imported.summary.tables[0];
    assert_eq!(
        (t.table, t.rows, t.added, t.removed),
        (Table::HistoryDecisions, 5, 5, 0)
    );
    // Into itself: nothing changes.
    let again = import(&[file], &with).unwrap();
    assert_eq!(again.cycle, with);
    let t = &again.summary.tables[0];
    assert_eq!((t.added, t.removed, t.changed), (0, 0, 0));
    // An XLSX workbook of every table too.
    let wb = export::workbook(&with).unwrap();
    let back = import(&[ImportFile::new("plan.xlsx", wb)], &demo())
        .unwrap_or_else(|e| panic!("{}", words(&e)));
    assert_eq!(back.cycle.inputs.forecast, with.inputs.forecast);
    // An empty file removes them all (as the planner is told).
    let header = ImportFile::new(
        "history_decisions.csv",
        "sku,month,kind,decision,value,event,note\n",
    );
    let cleared = import(&[header], &with).unwrap();
    assert!(cleared.cycle.inputs.forecast.history_corrections.is_empty());
    assert_eq!(cleared.summary.tables[0].removed, 5);
}

#[test]
fn imported_decisions_are_the_history_the_baseline_uses() {
    let c = demo();
    let h = &c.history[0];
    let month = c.label.plus(-6);
    let raw = h.get(month).unwrap();
    let text = format!(
        "SKU;Month;Kind;Decision;Value;Event;Note\n{};{month};Outlier;Edited;1.234,5;;by file\n",
        h.sku
    );
    let imported = import(&[ImportFile::new("cleansing.csv", text)], &c)
        .unwrap_or_else(|e| panic!("{}", words(&e)));
    let f = &imported.cycle.inputs.forecast;
    assert_eq!(f.history_corrections.len(), 1);
    let used = baseline_history(f, c.label, h);
    let i = month.since(h.start) as usize;
    assert_eq!(
        used[i], 1234.5,
        "the edited value (decimal comma), not the raw {raw}"
    );
    assert_eq!(h.units[i], raw, "the raw history is kept");
    // Rejected: the raw actual.
    let text = format!(
        "sku,month,kind,decision\n{},{month},outlier,rejected\n",
        h.sku
    );
    let r = import(&[ImportFile::new("history_decisions.csv", text)], &c).unwrap();
    let f = &r.cycle.inputs.forecast;
    assert_eq!(f.history_corrections[0].status, CorrectionStatus::Rejected);
    assert_eq!(baseline_history(f, c.label, h)[i], raw);
}

#[test]
fn bad_rows_are_refused_with_row_and_column_and_nothing_is_applied() {
    let c = demo();
    let sku = &c.history[0].sku;
    let start = c.history[0].start;
    let (m1, m2) = (c.label.plus(-6), c.label.plus(-7));
    let rows = [
        format!("{sku},{m1},outlier,edited,-5,,"),
        format!("XX-NOPE,{m1},outlier,accepted,10,,"),
        format!("{sku},2019-01,outlier,accepted,10,,"),
        format!("{sku},{m1},spike,accepted,10,,"),
        format!("{sku},{m2},outlier,maybe,10,,"),
        format!("{sku},{m2},event,accepted,10,,"),
        format!("{sku},{},outlier,accepted,10,,", c.label),
        format!("{sku},{m2},outlier,edited,,,"),
        format!("{sku},{m2},level_shift,accepted,-30,,"),
        format!("{sku},{m2},Level shift,accepted,-20,,"),
        format!("{sku},{m2},outlier,accepted,10,strike,"),
    ];
    let text = format!(
        "sku,month,kind,decision,value,event,note\n{}\n",
        rows.join("\n")
    );
    let errs = import(&[ImportFile::new("history_decisions.csv", text)], &c).unwrap_err();
    let got: Vec<(Option<u32>, Option<&str>)> =
        errs.iter().map(|e| (e.row, e.column.as_deref())).collect();
    let end = c.history[0].end().plus(-1);
    println!("{}", words(&errs));
    assert_eq!(
        got,
        [
            (Some(2), Some("value")),
            (Some(5), Some("kind")),
            (Some(6), Some("decision")),
            (Some(7), Some("event")),
            (Some(9), Some("value")),
            (Some(11), Some("sku")),
            (Some(12), Some("event")),
            (Some(3), Some("sku")),
            (Some(4), Some("month")),
            (Some(8), Some("month")),
        ],
        "{}",
        words(&errs)
    );
    let by_row = |r: u32| errs.iter().find(|e| e.row == Some(r)).unwrap().to_string();
    assert_eq!(
        by_row(2),
        "history_decisions.csv, row 2, column 'value': value must be a number ≥ 0 (in units), not -5"
    );
    assert!(
        by_row(3).starts_with(
            "history_decisions.csv, row 3, column 'sku': unknown SKU 'XX-NOPE' (known: "
        ),
        "{}",
        by_row(3)
    );
    assert_eq!(
        by_row(4),
        format!(
            "history_decisions.csv, row 4, column 'month': 2019-01 is not a month of the history \
             of {sku} before the cycle (its history runs {start} … {end})"
        )
    );
    assert!(by_row(5).ends_with("kind must be outlier, level_shift or event, found 'spike'"));
    assert!(by_row(6).ends_with("decision must be accepted, edited or rejected, found 'maybe'"));
    assert!(
        by_row(7)
            .ends_with("event is required for an event: promotion, stock_out, strike or other")
    );
    assert!(by_row(9).ends_with("value is required when the decision is edited (the units used)"));
    assert!(
        by_row(11).contains("duplicate decision on") && by_row(11).contains("(also on row 10)")
    );
    assert!(by_row(12).ends_with("an event is given only when kind is event, not outlier"));
    // A level shift's step may be negative: row 10 is fine, and `Level shift` reads as
    // level_shift (hence row 11's duplicate).
}

#[test]
fn the_data_view_listing_edits_through_the_same_table() {
    // The Data view shows the table as text (its export) and sends an edit as the file.
    let with = with_decisions();
    let s = export::sheet(&with, Table::HistoryDecisions);
    let columns = s.columns.clone();
    let mut rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| r.iter().map(|x| x.plain_text()).collect())
        .collect();
    let send = |rows: &[Vec<String>]| {
        let csv = export::csv_of_texts(&columns, rows);
        import(&[ImportFile::new("history_decisions.csv", csv)], &with)
    };
    let same = send(&rows).unwrap_or_else(|e| panic!("{}", words(&e)));
    assert_eq!(same.cycle, with);
    rows[0][4] = "175".into();
    let edited = send(&rows).unwrap();
    assert_eq!(
        edited.cycle.inputs.forecast.history_corrections[0].value,
        175.0
    );
    assert_eq!(edited.summary.tables[0].changed, 1);
    rows[0][4] = "-1".into();
    let e = send(&rows).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(2), Some("value")));
}
