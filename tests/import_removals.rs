//! An import that removes rows says how many and which, so the planner is asked before
//! rows disappear.

use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::Cycle;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, MAX_REMOVED_KEYS, Table, import};

fn demo() -> Cycle {
    let mut c = demo_workspace().cycles.remove(0);
    c.inputs.pipeline.truncate(10);
    c
}

/// The CSV of `table` of `c` with only the first `keep` data lines.
fn first_rows(c: &Cycle, table: Table, keep: usize) -> ImportFile {
    let text = export::to_csv(&export::sheet(c, table));
    let lines: Vec<&str> = text.lines().take(keep + 1).collect();
    ImportFile::new(format!("{}.csv", table.name()), lines.join("\n"))
}

#[test]
fn a_pipeline_file_with_three_of_ten_deals_lists_the_seven_it_removes() {
    let c = demo();
    let ids: Vec<String> = c.inputs.pipeline.iter().map(|o| o.id.to_string()).collect();
    let r = import(&[first_rows(&c, Table::Pipeline, 3)], &c).unwrap();
    let t = &r.summary.tables[0];
    assert_eq!((t.rows, t.added, t.removed, t.changed), (3, 0, 7, 0));
    assert_eq!(t.removed_keys, ids[3..].to_vec());
    assert_eq!(
        r.summary.removals(),
        vec![format!(
            "Pipeline: 7 of 10 rows removed ({})",
            ids[3..].join(", ")
        )]
    );
}

#[test]
fn history_removals_name_sku_and_month_and_stop_at_the_cap() {
    let c = demo();
    let total: usize = c.history.iter().map(|h| h.units.len()).sum();
    let keep = total - 50;
    let r = import(&[first_rows(&c, Table::History, keep)], &c).unwrap();
    let t = &r.summary.tables[0];
    assert_eq!((t.rows, t.removed), (keep, 50));
    assert_eq!(t.removed_keys.len(), MAX_REMOVED_KEYS);
    // The removed rows are the last 50 of the table, in its order.
    let keys: Vec<String> = c
        .history
        .iter()
        .flat_map(|h| (0..h.units.len()).map(|i| format!("{} {}", h.sku, h.start.plus(i as i32))))
        .collect();
    assert_eq!(t.removed_keys, keys[keep..keep + MAX_REMOVED_KEYS].to_vec());
    let first_gone = &keys[keep];
    assert_eq!(&t.removed_keys[0], first_gone);
    let lines = r.summary.removals();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with(&format!(
            "Sales history: 50 of {total} rows removed ({first_gone}, "
        )),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(", …)"), "{}", lines[0]);
}

#[test]
fn nothing_removed_means_no_lines() {
    let c = demo();
    let r = import(&[first_rows(&c, Table::Pipeline, 10)], &c).unwrap();
    assert!(r.summary.removals().is_empty());
    assert!(r.summary.tables[0].removed_keys.is_empty());
}
