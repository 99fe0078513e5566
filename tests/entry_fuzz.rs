//! Property tests of every way data enters: arbitrary byte mutations (flip, insert,
//! delete, truncate) of valid CSV files, a valid workbook and a valid JSON backup
//! never panic; what is accepted passes the same validation as an edit, and no table
//! gets shorter without the summary saying so.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::Cycle;
use sop_planner::engine::plan::validate::{has_errors, validate_cycle, validate_workspace};
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, Table, import};
use sop_planner::store::{read_backup, workspace_to_json};
use std::sync::OnceLock;

fn demo() -> &'static Cycle {
    static D: OnceLock<Cycle> = OnceLock::new();
    D.get_or_init(|| {
        let mut c = demo_workspace().cycles.remove(0);
        for h in &mut c.history {
            h.units.truncate(4); // small files keep cases fast
        }
        c
    })
}

fn csv(table: Table) -> Vec<u8> {
    export::to_csv(&export::sheet(demo(), table)).into_bytes()
}

fn xlsx() -> &'static Vec<u8> {
    static X: OnceLock<Vec<u8>> = OnceLock::new();
    X.get_or_init(|| export::workbook(demo()).unwrap())
}

fn backup() -> &'static Vec<u8> {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| workspace_to_json(&demo_workspace()).into_bytes())
}

#[derive(Clone, Debug)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Truncate(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to the formats weigh more than arbitrary ones.
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(b"\",;\n\r'-=.0123456789{}[]:".to_vec()),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), byte.clone()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<prop::sample::Index>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

fn mutate(mut b: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        if b.is_empty() {
            break;
        }
        match e {
            Edit::Flip(i, x) => {
                let i = i.index(b.len());
                b[i] = *x;
            }
            Edit::Insert(i, x) => b.insert(i.index(b.len() + 1), *x),
            Edit::Delete(i) => {
                b.remove(i.index(b.len()));
            }
            Edit::Truncate(i) => b.truncate(i.index(b.len())),
        }
    }
    b
}

/// An import either fails with located problems, or returns a cycle that validates
/// without errors and whose every shortened table is reported.
fn check_import(files: &[ImportFile]) {
    let into = demo();
    match import(files, into) {
        Err(errors) => assert!(errors.iter().all(|e| !e.message.is_empty())),
        Ok(r) => {
            let issues = validate_cycle(&r.cycle);
            assert!(!has_errors(&issues), "{issues:?}");
            for t in Table::ALL {
                let before = export::sheet(into, t).rows.len();
                let after = export::sheet(&r.cycle, t).rows.len();
                if after >= before {
                    continue;
                }
                let reported = r.summary.tables.iter().any(|c| {
                    c.table == t && c.removed >= before - after && !c.removed_keys.is_empty()
                });
                // Rows of a table not imported go only when what they refer to goes,
                // and that is a warning.
                assert!(
                    reported || !r.summary.warnings.is_empty(),
                    "{t:?} went from {before} to {after} rows unreported:\n{}",
                    r.summary
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_csv_files_never_panic_nor_shorten_silently(
        table in prop::sample::select(Table::ALL.to_vec()),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let bytes = mutate(csv(table), &edits);
        check_import(&[ImportFile::new(format!("{}.csv", table.name()), bytes)]);
    }

    #[test]
    fn mutated_workbooks_never_panic_nor_shorten_silently(
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        check_import(&[ImportFile::new("data.xlsx", mutate(xlsx().clone(), &edits))]);
    }

    #[test]
    fn mutated_backups_are_refused_or_valid(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = mutate(backup().clone(), &edits);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(w) = read_backup(&text) {
            let issues = validate_workspace(&w);
            prop_assert!(!has_errors(&issues), "{:?}", issues);
        }
    }
}

#[test]
fn unmutated_files_are_accepted() {
    check_import(&[ImportFile::new("data.xlsx", xlsx().clone())]);
    for t in Table::ALL {
        let r = import(
            &[ImportFile::new(format!("{}.csv", t.name()), csv(t))],
            demo(),
        );
        assert!(r.is_ok(), "{t:?}: {r:?}");
    }
    assert!(read_backup(&String::from_utf8_lossy(backup())).is_ok());
}
