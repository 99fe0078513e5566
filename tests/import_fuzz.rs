//! Property tests: arbitrary bytes and mutated valid files (cells dropped, duplicated or
//! garbled, columns swapped, files truncated) never make the importer panic; it returns
//! either a valid cycle or a list of located errors, never a partial import.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::strategy::Strategy;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::Cycle;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, Imported, Table, empty_cycle, import};
use std::collections::HashSet;
use std::sync::OnceLock;

fn demo() -> &'static Cycle {
    static DEMO: OnceLock<Cycle> = OnceLock::new();
    DEMO.get_or_init(|| demo_workspace().cycles.remove(0))
}

/// The demo's tables as CSV text, trimmed to a few rows each to keep cases fast.
fn demo_csv() -> &'static Vec<(String, String)> {
    static CSV: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CSV.get_or_init(|| {
        export::csv_files(demo())
            .into_iter()
            .map(|(n, t)| (n, t.lines().take(25).collect::<Vec<_>>().join("\n")))
            .collect()
    })
}

fn demo_xlsx() -> &'static Vec<u8> {
    static X: OnceLock<Vec<u8>> = OnceLock::new();
    X.get_or_init(|| {
        let mut c = demo().clone();
        for h in &mut c.history {
            h.units.truncate(6);
        }
        export::workbook(&c).unwrap()
    })
}

/// Everything an import promises about the cycle it returns.
fn assert_valid(into: &Cycle, r: &Imported, files: &[ImportFile]) {
    let c = &r.cycle;
    let m = &c.master;
    fn unique(ids: Vec<&str>) -> HashSet<&str> {
        let n = ids.len();
        let set: HashSet<&str> = ids.into_iter().collect();
        assert_eq!(set.len(), n, "codes are unique");
        set
    }
    let fams = unique(m.families.iter().map(|f| f.id.as_str()).collect());
    let skus = unique(m.products.iter().map(|p| p.sku.as_str()).collect());
    let res = unique(m.resources.iter().map(|r| r.id.as_str()).collect());
    let comps = unique(m.components.iter().map(|c| c.id.as_str()).collect());
    for p in &m.products {
        assert!(fams.contains(p.family.as_str()));
        assert!(!p.price.is_sign_negative() || p.price.is_zero());
        assert!(!p.unit_cost.is_sign_negative() || p.unit_cost.is_zero());
        assert!(p.on_hand.is_finite() && p.on_hand >= 0.0);
        assert!((0.5..=0.9999).contains(&p.service_level));
        assert!(p.lot_min >= 0.0 && p.lot_multiple >= 0.0);
        for s in &p.routing {
            assert!(res.contains(s.resource.as_str()));
            assert!(s.hours_per_unit.is_finite() && s.hours_per_unit >= 0.0);
        }
        for b in &p.bom {
            assert!(comps.contains(b.component.as_str()));
            assert!(b.qty_per_unit.is_finite() && b.qty_per_unit >= 0.0);
        }
    }
    for r in &m.resources {
        assert!(r.regular_hours >= 0.0 && r.overtime_hours >= 0.0 && r.crew >= 0.0);
        assert!(
            r.calendar
                .iter()
                .all(|c| c.hours.is_finite() && c.hours >= 0.0)
        );
    }
    for h in &c.history {
        assert!(skus.contains(h.sku.as_str()));
        assert!(h.end() <= c.label, "history ends before the cycle");
        assert!(h.units.iter().all(|u| u.is_finite() && *u >= 0.0));
    }
    for o in &c.inputs.pipeline {
        assert!(skus.contains(o.sku.as_str()));
        assert!((0.0..=1.0).contains(&o.probability));
    }
    assert!(m.workforce.hours_per_fte >= 0.0);
    // All or nothing: every table that was read is in the summary, and the rest of the
    // cycle is the one imported into.
    assert!(r.summary.tables.len() <= files.len().max(Table::ALL.len()));
    assert_eq!(c.id, into.id);
    assert_eq!(c.label, into.label);
    assert_eq!(c.inputs.adjustments, into.inputs.adjustments);
}

fn check(files: &[ImportFile], into: &Cycle) {
    match import(files, into) {
        Ok(r) => assert_valid(into, &r, files),
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(!e.message.is_empty());
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    DropCell {
        row: usize,
        col: usize,
    },
    DuplicateRow {
        row: usize,
    },
    GarbleCell {
        row: usize,
        col: usize,
        text: String,
    },
    SwapColumns {
        a: usize,
        b: usize,
    },
    Truncate {
        at: usize,
    },
    DeleteRow {
        row: usize,
    },
    Separator {
        sep: char,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let garble = prop_oneof![
        Just(String::new()),
        Just("-1".to_string()),
        Just("abc".to_string()),
        Just("1e309".to_string()),
        Just("NaN".to_string()),
        Just("#N/A".to_string()),
        Just("\"".to_string()),
        Just("2026-13".to_string()),
        Just("150 %".to_string()),
        Just("1.234,5".to_string()),
        Just("KIDZ".to_string()),
        Just("EB-CITY-500".to_string()),
        Just("2099-01".to_string()),
        ".{0,12}",
    ];
    prop_oneof![
        (0..30usize, 0..14usize).prop_map(|(row, col)| Mutation::DropCell { row, col }),
        (0..30usize).prop_map(|row| Mutation::DuplicateRow { row }),
        (0..30usize, 0..14usize, garble).prop_map(|(row, col, text)| Mutation::GarbleCell {
            row,
            col,
            text
        }),
        (0..14usize, 0..14usize).prop_map(|(a, b)| Mutation::SwapColumns { a, b }),
        (0..4000usize).prop_map(|at| Mutation::Truncate { at }),
        (0..30usize).prop_map(|row| Mutation::DeleteRow { row }),
        prop_oneof![Just(';'), Just('\t'), Just('|')].prop_map(|sep| Mutation::Separator { sep }),
    ]
}

/// Applies a mutation to CSV text (cells split naively on commas: quoted commas make
/// garbage too, which is the point).
fn mutate(text: &str, m: &Mutation) -> String {
    let mut rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    let n = rows.len();
    if n == 0 {
        return text.to_string();
    }
    match m {
        Mutation::DropCell { row, col } => {
            let r = &mut rows[row % n];
            if !r.is_empty() {
                let c = col % r.len();
                r.remove(c);
            }
        }
        Mutation::DuplicateRow { row } => {
            let r = rows[row % n].clone();
            rows.insert(row % n, r);
        }
        Mutation::GarbleCell { row, col, text } => {
            let r = &mut rows[row % n];
            if !r.is_empty() {
                let c = col % r.len();
                r[c] = text.clone();
            }
        }
        Mutation::SwapColumns { a, b } => {
            for r in &mut rows {
                if !r.is_empty() {
                    let (a, b) = (a % r.len(), b % r.len());
                    r.swap(a, b);
                }
            }
        }
        Mutation::Truncate { at } => {
            let s: String = text.chars().take(*at).collect();
            return s;
        }
        Mutation::DeleteRow { row } => {
            rows.remove(row % n);
        }
        Mutation::Separator { sep } => return text.replace(',', &sep.to_string()),
    }
    rows.iter()
        .map(|r| r.join(","))
        .collect::<Vec<_>>()
        .join("\n")
}

const NAMES: [&str; 14] = [
    "products.csv",
    "families.csv",
    "history.csv",
    "pipeline.csv",
    "finance.csv",
    "bom.csv",
    "routings.csv",
    "calendar.csv",
    "resources.csv",
    "components.csv",
    "budget.csv",
    "workforce.csv",
    "data.csv",
    "x.xlsx",
];

proptest! {
    // 256 cases each by default; PROPTEST_CASES=10000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
        name in 0..NAMES.len(),
    ) {
        check(&[ImportFile::new(NAMES[name], bytes.clone())], demo());
        check(&[ImportFile::new(NAMES[name], bytes)], &empty_cycle("e", demo().label));
    }

    #[test]
    fn arbitrary_text_never_panics(
        text in "[a-zA-Z0-9 ,;\t\"\n%.€-]{0,400}",
        name in 0..NAMES.len() - 1,
    ) {
        check(&[ImportFile::new(NAMES[name], text.into_bytes())], demo());
    }

    #[test]
    fn mutated_csv_files_never_panic(
        muts in proptest::collection::vec((0..12usize, mutation()), 1..4),
        into_empty in any::<bool>(),
    ) {
        let mut files: Vec<(String, String)> = demo_csv().clone();
        for (f, m) in &muts {
            let t = mutate(&files[*f].1, m);
            files[*f].1 = t;
        }
        let files: Vec<ImportFile> = files
            .into_iter()
            .map(|(n, t)| ImportFile::new(n, t.into_bytes()))
            .collect();
        let into = if into_empty { empty_cycle("e", demo().label) } else { demo().clone() };
        check(&files, &into);
        // One mutated table alone into the demo cycle.
        let (f, _) = muts[0];
        check(&files[f..=f], demo());
    }

    #[test]
    fn mutated_workbooks_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = demo_xlsx().clone();
        for (i, b) in &flips {
            let i = i.index(bytes.len());
            bytes[i] = *b;
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len()));
        }
        check(&[ImportFile::new("demo.xlsx", bytes)], demo());
    }
}

/// A workbook cell of any kind a spreadsheet holds.
#[derive(Clone, Debug)]
enum XCell {
    Text(String),
    Number(f64),
    Date(f64),
    Bool(bool),
    Formula(String, f64),
    Blank,
}

fn xcell() -> impl Strategy<Value = XCell> {
    prop_oneof![
        prop_oneof![
            Just("sku".to_string()),
            Just("Item".to_string()),
            Just("family".to_string()),
            Just("EBIKE".to_string()),
            Just("EB-CITY-500".to_string()),
            Just("month".to_string()),
            Just("units".to_string()),
            Just("price".to_string()),
            Just("unit_cost".to_string()),
            Just("2026-05".to_string()),
            Just("95 %".to_string()),
            ".{0,10}",
        ]
        .prop_map(XCell::Text),
        any::<f64>().prop_map(XCell::Number),
        (-10.0..3_000_000.0f64).prop_map(XCell::Date),
        any::<bool>().prop_map(XCell::Bool),
        (any::<f64>()).prop_map(|v| XCell::Formula("=1/0".into(), v)),
        Just(XCell::Blank),
    ]
}

fn workbook_of(sheet: &str, cells: &[(u32, u16, XCell)]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, c, x) in cells {
        let _ = match x {
            XCell::Text(t) => ws.write_string(*r, *c, t),
            XCell::Number(n) => ws.write_number(*r, *c, *n),
            XCell::Date(d) => ws.write_number_with_format(*r, *c, *d, &date),
            XCell::Bool(b) => ws.write_boolean(*r, *c, *b),
            XCell::Formula(f, v) => {
                ws.write_formula(*r, *c, Formula::new(f).set_result(v.to_string()))
            }
            XCell::Blank => ws.write_blank(*r, *c, &date),
        };
    }
    wb.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_workbook_cells_never_panic(
        name in 0..NAMES.len(),
        cells in proptest::collection::vec((0..12u32, 0..6u16, xcell()), 0..40),
    ) {
        let sheet = NAMES[name].trim_end_matches(".csv").trim_end_matches(".xlsx");
        let bytes = workbook_of(sheet, &cells);
        check(&[ImportFile::new("w.xlsx", bytes)], demo());
    }
}

#[test]
fn unmutated_files_import_cleanly() {
    let files: Vec<ImportFile> = demo_csv()
        .iter()
        .map(|(n, t)| ImportFile::new(n.clone(), t.clone().into_bytes()))
        .collect();
    let into = empty_cycle("e", demo().label);
    let r = import(&files, &into).unwrap_or_else(|e| panic!("{e:?}"));
    assert_valid(&into, &r, &files);
    assert_eq!(r.summary.tables.len(), 15);
    let r = import(&[ImportFile::new("d.xlsx", demo_xlsx().clone())], &into).unwrap();
    assert!(r.summary.tables.iter().any(|t| t.table == Table::History));
}
