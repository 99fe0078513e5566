//! The long tables as the Data view edits them: a table's rows as text (its CSV export)
//! imported back as that table's file (`export::csv_of_texts` → `import`) change nothing;
//! an edited cell, an added and a deleted row are what the import applies, and a bad
//! value is refused naming its row and column.

use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::Cycle;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, Imported, Table, import};

const LONG: [Table; 6] = [
    Table::Routings,
    Table::Bom,
    Table::Calendar,
    Table::Pipeline,
    Table::Budget,
    Table::History,
];

/// The table as the Data view shows it: column names and rows of text.
fn texts(c: &Cycle, t: Table) -> (Vec<String>, Vec<Vec<String>>) {
    let s = export::sheet(c, t);
    let rows = s
        .rows
        .iter()
        .map(|r| r.iter().map(|x| x.plain_text()).collect())
        .collect();
    (s.columns, rows)
}

fn send(c: &Cycle, t: Table, columns: &[String], rows: &[Vec<String>]) -> Result<Imported, String> {
    let csv = export::csv_of_texts(columns, rows);
    import(
        &[ImportFile::new(
            format!("{}.csv", t.name()),
            csv.into_bytes(),
        )],
        c,
    )
    .map_err(|e| {
        e.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn every_long_table_read_back_unchanged() {
    let c = demo_workspace().cycles.pop().unwrap();
    for t in LONG {
        let (columns, rows) = texts(&c, t);
        assert!(!rows.is_empty(), "{t:?}");
        let done = send(&c, t, &columns, &rows).unwrap_or_else(|e| panic!("{t:?}: {e}"));
        assert_eq!(done.cycle.master, c.master, "{t:?}");
        assert_eq!(done.cycle.history, c.history, "{t:?}");
        assert_eq!(done.cycle.inputs, c.inputs, "{t:?}");
        let change = &done.summary.tables[0];
        assert_eq!(
            (change.added, change.removed, change.changed),
            (0, 0, 0),
            "{t:?}"
        );
    }
}

#[test]
fn an_edited_cell_an_added_and_a_deleted_row_are_applied() {
    let c = demo_workspace().cycles.pop().unwrap();
    // A routing's hours per unit.
    let (columns, mut rows) = texts(&c, Table::Routings);
    let hours = columns.iter().position(|x| x == "hours_per_unit").unwrap();
    let (sku, resource) = (rows[0][0].clone(), rows[0][1].clone());
    rows[0][hours] = "0.75".into();
    let done = send(&c, Table::Routings, &columns, &rows).unwrap();
    let p = done
        .cycle
        .master
        .products
        .iter()
        .find(|p| p.sku == sku)
        .unwrap();
    let r = p.routing.iter().find(|r| r.resource == resource).unwrap();
    assert_eq!(r.hours_per_unit, 0.75);
    assert_eq!(done.summary.tables[0].changed, 1);
    // A deal deleted and one added.
    let (columns, mut rows) = texts(&c, Table::Pipeline);
    let n = rows.len();
    let gone = rows.remove(0);
    let mut new = rows[0].clone();
    new[0] = "999".into();
    new[3] = "120".into();
    rows.push(new);
    let done = send(&c, Table::Pipeline, &columns, &rows).unwrap();
    let deals = &done.cycle.inputs.pipeline;
    assert_eq!(deals.len(), n);
    assert!(deals.iter().all(|d| d.id.to_string() != gone[0]));
    let d = deals.iter().find(|d| d.id == 999).unwrap();
    assert_eq!(d.units, 120.0);
    let change = &done.summary.tables[0];
    assert_eq!((change.added, change.removed), (1, 1));
}

#[test]
fn a_bad_value_is_refused_naming_its_row_and_column() {
    let c = demo_workspace().cycles.pop().unwrap();
    let (columns, mut rows) = texts(&c, Table::Bom);
    let qty = columns.iter().position(|x| x == "qty_per_unit").unwrap();
    rows[2][qty] = "-1".into();
    let e = send(&c, Table::Bom, &columns, &rows).unwrap_err();
    assert!(e.contains("row 4"), "{e}");
    assert!(e.contains("qty_per_unit") || e.contains("quantity"), "{e}");
    // A budget month that is not a month.
    let (columns, mut rows) = texts(&c, Table::Budget);
    rows[0][0] = "Smarch".into();
    let e = send(&c, Table::Budget, &columns, &rows).unwrap_err();
    assert!(e.contains("row 2"), "{e}");
}
