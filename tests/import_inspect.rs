//! The "company from files" wizard's report (`store::import::inspect`): every dropped
//! file with the table recognised, its header → column mapping, its rows, and the one
//! importer's problems by row and column — before anything is applied.

use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::store::import::{ImportFile, Mapped, import, inspect};

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile::new(name, text.as_bytes().to_vec())
}

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

const DEALS: &str = "Deal ID,Article,Close month,Qty,Chance,Account,Phase,Owner\n\
                     1,EB-CITY-500,2027-03,120,40%,Hotel chain,Negotiation,Kim\n\
                     2,KB-20,2027-02,90,50%,School programme,proposal,Lee\n";

#[test]
fn each_file_shows_its_table_mapping_and_rows() {
    let c = demo();
    let files = [
        file("crm export.csv", DEALS),
        file(
            "budget.csv",
            "month,revenue,gross_margin\n2026-11,100000,30000\n",
        ),
    ];
    let got = inspect(&files, &c);
    assert_eq!(got.files.len(), 2);
    let deals = &got.files[0];
    assert_eq!(deals.table.as_deref(), Some("pipeline"));
    assert_eq!(deals.rows, 2);
    let pairs: Vec<(&str, &str)> = deals
        .mapping
        .iter()
        .map(|Mapped { header, column }| (header.as_str(), column.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Deal ID", "id"),
            ("Article", "sku"),
            ("Close month", "month"),
            ("Qty", "units"),
            ("Chance", "probability"),
            ("Phase", "stage"),
            ("Account", "customer"),
        ]
    );
    assert_eq!(deals.ignored, ["Owner"]);
    assert_eq!(got.files[1].table.as_deref(), Some("budget"));
    assert_eq!(got.files[1].rows, 1);
    // The same outcome as the import itself.
    let imported = got.outcome.clone().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(Ok(imported.clone()), import(&files, &c));
    let stages: Vec<DealStage> = imported
        .cycle
        .inputs
        .pipeline
        .iter()
        .map(|o| o.stage)
        .collect();
    assert_eq!(stages, [DealStage::Negotiation, DealStage::Proposal]);
    // 10 deals before, 2 after: 8 removed, shown before applying.
    let removals = imported.summary.removals();
    assert!(
        removals[0].starts_with("Pipeline: 8 of 10 rows removed"),
        "{removals:?}"
    );
}

#[test]
fn problems_are_listed_under_their_file_by_row_and_column() {
    let c = demo();
    let bad = "Deal ID,Article,Close month,Qty,Chance,Phase\n\
               1,EB-CITY-500,2027-03,120,40%,maybe\n\
               2,KB-20,2027-02,-5,50%,lead\n";
    let files = [
        file("deals.csv", bad),
        file("notes.csv", "what,ever\n1,2\n"),
        file(
            "budget.csv",
            "month,revenue,gross_margin\n2026-11,100000,30000\n",
        ),
    ];
    let got = inspect(&files, &c);
    let Err(errors) = &got.outcome else {
        panic!("refused")
    };
    assert_eq!(got.files.len(), 3);
    let of = |k: usize| -> Vec<(Option<u32>, Option<&str>)> {
        errors
            .iter()
            .filter(|e| got.files[k].owns(e))
            .map(|e| (e.row, e.column.as_deref()))
            .collect()
    };
    assert_eq!(got.files[0].table.as_deref(), Some("pipeline"));
    assert_eq!(of(0), [(Some(2), Some("Phase")), (Some(3), Some("Qty"))]);
    assert_eq!(got.files[1].table, None);
    assert_eq!(of(1), [(None, None)]);
    assert!(of(2).is_empty(), "budget.csv is fine");
    let checks = got.checks();
    assert_eq!(
        checks[0].problems[1],
        "row 3, column 'Qty': units must be a number ≥ 0, found '-5'"
    );
    assert!(checks[2].problems.is_empty());
    assert_eq!(errors.len(), 3, "{errors:#?}");
}
