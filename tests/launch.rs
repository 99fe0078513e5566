//! New products and phase-in / phase-out (`engine::forecast::lifecycle`): a like-item
//! launch is exactly the like item's curve × factor moved to the launch month, a family
//! share is exactly its share, a phase-out moves exactly the stated units; bad rows are
//! refused naming the product; the new columns import and export; old data loads.

mod common;

use common::{approx, baseline, cycle, family, m, product};
use sop_planner::engine::command::Command;
use sop_planner::engine::forecast::{Phases, baselines};
use sop_planner::engine::model::*;
use sop_planner::engine::month::Month;
use sop_planner::engine::plan::validate::{Severity, validate_master};

fn history(sku: &str, start: Month, units: &[f64]) -> SkuHistory {
    SkuHistory {
        sku: sku.into(),
        start,
        units: units.to_vec(),
    }
}

fn values(b: &[Baseline], sku: &str) -> Vec<f64> {
    b.iter().find(|b| b.sku == sku).unwrap().values.clone()
}

/// Label 2027-01, 6 months; K sold 0, 0, 10, 20, 30 in Aug–Dec 2026.
fn like_cycle() -> Cycle {
    let mut c = cycle(
        6,
        vec![family("F", Strategy::Chase)],
        vec![
            product("K", "F", "10", "6", 0.0),
            product("N", "F", "10", "6", 0.0),
        ],
    );
    c.history = vec![history("K", m(-5), &[0.0, 0.0, 10.0, 20.0, 30.0])];
    c.master.products[1].lifecycle = Lifecycle {
        launch: Some(m(2)),
        like_item: "K".into(),
        like_factor: Some(0.5),
        ..Lifecycle::default()
    };
    c
}

#[test]
fn like_item_launch_is_its_curve_times_the_factor_from_the_launch_month() {
    let c = like_cycle();
    let k = [40.0, 50.0, 60.0, 70.0, 80.0, 90.0];
    let mut b = vec![baseline("K", &k, 4.0), baseline("N", &[0.0; 6], 0.0)];
    Phases::of(&c).apply(&mut b);
    // K's first sale is Oct 2026 (10), then 20, 30, then its baseline 40, 50, …;
    // N launches Mar 2027 (m(2)) at half of it; Jan and Feb are 0.
    approx(&b[1].values, &[0.0, 0.0, 5.0, 10.0, 15.0, 20.0]);
    approx(&b[0].values, &k);
    assert_eq!(b[1].model, "like_item");
    assert!((b[1].sigma - 2.0).abs() < 1e-12, "σ = 0.5 × σ_K");
    // The 80 % band: v ∓ 1.2816 σ, none before launch.
    assert!((b[1].upper[2] - (5.0 + 1.281_551_565_545 * 2.0)).abs() < 1e-9);
    assert!((b[1].lower[2] - (5.0 - 1.281_551_565_545 * 2.0)).abs() < 1e-9);
    assert_eq!((b[1].lower[1], b[1].upper[1]), (0.0, 0.0));
}

#[test]
fn a_like_items_corrected_spike_is_not_copied_into_the_launch() {
    let mut c = like_cycle();
    // K sold 200 in Nov 2026 in a one-off promotion; the planner corrected it to 12.
    c.history[0].units[3] = 200.0;
    c.inputs.forecast.history_corrections = vec![HistoryCorrection {
        sku: "K".into(),
        month: m(-2),
        kind: CorrectionKind::Outlier,
        status: CorrectionStatus::Edited,
        value: 12.0,
        event: None,
        note: "promotion".into(),
    }];
    let k = [40.0, 50.0, 60.0, 70.0, 80.0, 90.0];
    let mut b = vec![baseline("K", &k, 4.0), baseline("N", &[0.0; 6], 0.0)];
    Phases::of(&c).apply(&mut b);
    // N's curve from Mar 2027 is half of K's 10, 12 (not 200), 30, 40: 5, 6, 15, 20.
    approx(&b[1].values, &[0.0, 0.0, 5.0, 6.0, 15.0, 20.0]);
    // Rejected, the actual stands: 5, 100, 15, 20.
    c.inputs.forecast.history_corrections[0].status = CorrectionStatus::Rejected;
    let mut b = vec![baseline("K", &k, 4.0), baseline("N", &[0.0; 6], 0.0)];
    Phases::of(&c).apply(&mut b);
    approx(&b[1].values, &[0.0, 0.0, 5.0, 100.0, 15.0, 20.0]);
}

#[test]
fn the_native_forecast_path_applies_the_launch() {
    let mut c = like_cycle();
    // A like item with a seasonal history of 3 years, so the forecast is not flat.
    let units: Vec<f64> = (0..36)
        .map(|t| 100.0 + 30.0 * ((t % 12) as f64 - 5.5).abs() + t as f64)
        .collect();
    c.history = vec![history("K", m(-36), &units)];
    c.master.products[1].lifecycle.launch = Some(m(-39));
    // Launched 39 months before the label, 3 before K's first sale (m(−36)): in the
    // plan's month t the new product is at month 39 + t of K's curve, which is K's
    // baseline 3 months later (K has 36 months of actuals).
    let b = baselines(&c);
    let (k, n) = (values(&b, "K"), values(&b, "N"));
    for t in 0..3 {
        assert!((n[t] - 0.5 * k[t + 3]).abs() < 1e-9, "{n:?} {k:?}");
    }
    // Its last month holds K's last (the curve beyond the horizon).
    assert!((n[5] - 0.5 * k[5]).abs() < 1e-9);
}

#[test]
fn a_launched_product_with_a_year_of_its_own_sales_keeps_its_own_forecast() {
    let mut c = like_cycle();
    c.history.push(history("N", m(-12), &[7.0; 12]));
    c.master.products[1].lifecycle.launch = None;
    let mut b = vec![
        baseline("K", &[40.0; 6], 4.0),
        baseline("N", &[7.0; 6], 1.0),
    ];
    Phases::of(&c).apply(&mut b);
    approx(&b[1].values, &[7.0; 6]);
    // With 11 months of its own it is still young: the like item's curve, from its
    // first own sale (m(−11)) as launch: 11, 12, … months after K's first sale.
    c.history[1] = history("N", m(-11), &[7.0; 11]);
    let mut b = vec![
        baseline("K", &[40.0; 6], 4.0),
        baseline("N", &[7.0; 6], 1.0),
    ];
    Phases::of(&c).apply(&mut b);
    approx(&b[1].values, &[20.0; 6]);
}

#[test]
fn family_share_launch_is_its_share_of_the_other_skus() {
    let mut c = cycle(
        4,
        vec![family("F", Strategy::Chase), family("G", Strategy::Chase)],
        vec![
            product("A", "F", "10", "6", 0.0),
            product("B", "F", "10", "6", 0.0),
            product("S", "F", "10", "6", 0.0),
            product("X", "G", "10", "6", 0.0),
        ],
    );
    c.master.products[2].lifecycle = Lifecycle {
        launch: Some(m(1)),
        family_share: Some(0.2),
        ..Lifecycle::default()
    };
    let mut b = vec![
        baseline("A", &[100.0, 100.0, 100.0, 100.0], 3.0),
        baseline("B", &[50.0, 60.0, 70.0, 80.0], 4.0),
        baseline("S", &[0.0; 4], 0.0),
        baseline("X", &[1000.0; 4], 9.0),
    ];
    Phases::of(&c).apply(&mut b);
    // 20 % of A + B from Feb: 0.2 × 160, 0.2 × 170, 0.2 × 180; X (another family) not.
    approx(&b[2].values, &[0.0, 32.0, 34.0, 36.0]);
    assert!((b[2].sigma - 0.2 * 5.0).abs() < 1e-12, "0.2 × √(3² + 4²)");
    assert_eq!(b[2].model, "family_share");
    approx(&b[0].values, &[100.0; 4]);
}

#[test]
fn phase_out_with_a_three_month_ramp_moves_exactly_the_stated_units() {
    let mut c = cycle(
        6,
        vec![family("F", Strategy::Chase)],
        vec![
            product("P", "F", "10", "6", 0.0),
            product("S", "F", "10", "6", 0.0),
        ],
    );
    c.master.products[0].lifecycle = Lifecycle {
        end_of_life: Some(m(1)),
        successor: "S".into(),
        ramp_months: 3,
        ..Lifecycle::default()
    };
    let p = [90.0; 6];
    let s = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0];
    let mut b = vec![baseline("P", &p, 6.0), baseline("S", &s, 8.0)];
    Phases::of(&c).apply(&mut b);
    // Moved share 0, 1/3, 2/3, 1, 1, 1: moved units 0, 30, 60, 90, 90, 90.
    approx(&b[0].values, &[90.0, 60.0, 30.0, 0.0, 0.0, 0.0]);
    approx(&b[1].values, &[10.0, 50.0, 90.0, 130.0, 140.0, 150.0]);
    let moved: f64 = (0..6).map(|t| p[t] - b[0].values[t]).sum();
    assert!((moved - 360.0).abs() < 1e-9);
    for t in 0..6 {
        let before = p[t] + s[t];
        let after = b[0].values[t] + b[1].values[t];
        assert!(
            (before - after).abs() < 1e-9,
            "month {t}: {before} vs {after}"
        );
    }
    // The successor's σ takes the moved one: √(8² + 6²) = 10.
    assert!((b[1].sigma - 10.0).abs() < 1e-12);
}

#[test]
fn a_chain_of_successors_passes_demand_on() {
    let mut c = cycle(
        6,
        vec![family("F", Strategy::Chase)],
        ["A", "B", "C"]
            .into_iter()
            .map(|s| product(s, "F", "10", "6", 0.0))
            .collect(),
    );
    // B hands over in April (m(3)), A already in January, listed after B.
    c.master.products[1].lifecycle = Lifecycle {
        end_of_life: Some(m(3)),
        successor: "C".into(),
        ..Lifecycle::default()
    };
    c.master.products[0].lifecycle = Lifecycle {
        end_of_life: Some(m(0)),
        successor: "B".into(),
        ..Lifecycle::default()
    };
    let mut b = vec![
        baseline("A", &[10.0; 6], 0.0),
        baseline("B", &[20.0; 6], 0.0),
        baseline("C", &[0.0; 6], 0.0),
    ];
    Phases::of(&c).apply(&mut b);
    approx(&b[0].values, &[0.0; 6]);
    approx(&b[1].values, &[30.0, 30.0, 30.0, 0.0, 0.0, 0.0]);
    approx(&b[2].values, &[0.0, 0.0, 0.0, 30.0, 30.0, 30.0]);
    // Fully phased out at the label: no σ, so no safety stock is planned for it.
    assert_eq!(b[0].sigma, 0.0);
}

fn errors(c: &Cycle) -> Vec<String> {
    validate_master(c)
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.in_words())
        .collect()
}

#[test]
fn bad_lifecycles_are_refused_naming_the_product() {
    let base = like_cycle();
    assert_eq!(errors(&base), Vec::<String>::new());
    let with = |sku: usize, l: Lifecycle| {
        let mut c = base.clone();
        c.master.products[sku].lifecycle = l;
        errors(&c)
    };
    let like = |s: &str| Lifecycle {
        like_item: s.into(),
        ..Lifecycle::default()
    };
    assert_eq!(
        with(1, like("NOPE")),
        ["product N, like item: unknown like item 'NOPE'"]
    );
    assert_eq!(
        with(1, like("N")),
        ["product N, like item: a product cannot be its own like item"]
    );
    let succ = |s: &str| Lifecycle {
        end_of_life: Some(m(3)),
        successor: s.into(),
        ..Lifecycle::default()
    };
    assert_eq!(
        with(0, succ("K")),
        ["product K, successor: a product cannot be its own successor"]
    );
    assert_eq!(
        with(0, succ("Z")),
        ["product K, successor: unknown successor 'Z'"]
    );
    let mut c = base.clone();
    c.master.products[0].lifecycle = succ("N");
    c.master.products[1].lifecycle = succ("K");
    assert_eq!(
        errors(&c),
        [
            "product K, successor: successors go round in a cycle: K → N → K",
            "product N, successor: successors go round in a cycle: N → K → N"
        ]
    );
    let factor = Lifecycle {
        like_factor: Some(250.0),
        ..like("K")
    };
    assert_eq!(
        with(1, factor),
        ["product N: like factor must be 0–100, got 250"]
    );
    let both = Lifecycle {
        family_share: Some(0.1),
        ..like("K")
    };
    assert_eq!(
        with(1, both),
        ["product N, family share: give a like item or a family share, not both"]
    );
    let backwards = Lifecycle {
        launch: Some(m(5)),
        end_of_life: Some(m(2)),
        ..Lifecycle::default()
    };
    assert_eq!(
        with(1, backwards),
        ["product N: end of life 2027-03 is before the launch 2027-06"]
    );
    let far = Lifecycle {
        launch: Some(m(200)),
        ..Lifecycle::default()
    };
    assert_eq!(
        with(1, far),
        ["product N: launch 2043-09 is more than 10 years from the cycle's first month 2027-01"]
    );
    // An edit bringing one is refused, naming it, and changes nothing.
    let mut c = base.clone();
    let mut master = c.master.clone();
    master.products[1].lifecycle = like("NOPE");
    let e = Command::SetMaster(Box::new(master))
        .apply(&mut c)
        .unwrap_err();
    assert!(e.0.contains("unknown like item 'NOPE'"), "{e}");
    assert_eq!(c, base);
}

#[test]
fn a_like_item_without_sales_is_a_warning() {
    let mut c = like_cycle();
    c.history.clear();
    let w: Vec<String> = validate_master(&c)
        .iter()
        .map(|i| i.in_words())
        .filter(|w| w.contains("like"))
        .collect();
    assert_eq!(
        w,
        [
            "product N, like item: like item 'K' has no sales before 2027-01: the launch baseline is 0"
        ]
    );
}

/// The demo with a launch on one product and a phase-out on another.
fn demo_with_lifecycles() -> Cycle {
    let mut c = sop_planner::engine::demo::demo_workspace().cycles.remove(0);
    let (a, b) = (
        c.master.products[0].sku.clone(),
        c.master.products[1].sku.clone(),
    );
    c.master.products[2].lifecycle = Lifecycle {
        launch: Some(c.label.plus(4)),
        like_item: a.clone(),
        like_factor: Some(0.8),
        ..Lifecycle::default()
    };
    c.master.products[3].lifecycle = Lifecycle {
        launch: Some(c.label.plus(2)),
        family_share: Some(0.15),
        ..Lifecycle::default()
    };
    c.master.products[4].lifecycle = Lifecycle {
        end_of_life: Some(c.label.plus(6)),
        successor: b,
        ramp_months: 3,
        ..Lifecycle::default()
    };
    c
}

fn csv_files(c: &Cycle) -> Vec<sop_planner::store::import::ImportFile> {
    sop_planner::store::export::csv_files(c)
        .into_iter()
        .map(|(name, text)| sop_planner::store::import::ImportFile::new(name, text))
        .collect()
}

#[test]
fn the_new_columns_round_trip_through_csv_and_xlsx() {
    use sop_planner::store::import::{ImportFile, empty_cycle, import};
    let c = demo_with_lifecycles();
    let products = sop_planner::store::export::csv_files(&c)
        .into_iter()
        .find(|(n, _)| n == "products.csv")
        .unwrap()
        .1;
    let header = products.lines().next().unwrap();
    assert!(
        header.ends_with(
            "launch,like_item,like_factor,family_share,end_of_life,successor,ramp_months"
        ),
        "{header}"
    );
    let back = import(&csv_files(&c), &empty_cycle("x", c.label)).unwrap();
    assert_eq!(back.cycle.master, c.master);
    let bytes = sop_planner::store::export::workbook(&c).unwrap();
    let back = import(
        &[ImportFile::new("w.xlsx", bytes)],
        &empty_cycle("x", c.label),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(back.cycle.master, c.master);
}

#[test]
fn an_imported_row_with_a_bad_lifecycle_is_refused_with_its_row() {
    use sop_planner::store::import::{ImportFile, import};
    let c = sop_planner::engine::demo::demo_workspace().cycles.remove(0);
    let files = csv_files(&c);
    // Sets `cells` (column → value) on the first product row (row 2).
    let edit = |cells: &[(&str, &str)]| -> Vec<String> {
        let mut files = files.clone();
        for f in files.iter_mut().filter(|f| f.name == "products.csv") {
            let text = String::from_utf8(f.bytes.clone()).unwrap();
            let mut lines: Vec<String> = text.lines().map(String::from).collect();
            let header: Vec<&str> = lines[0].split(',').collect();
            let mut row: Vec<String> = lines[1].split(',').map(String::from).collect();
            for (col, v) in cells {
                let j = header.iter().position(|h| h == col).unwrap();
                row[j] = v.to_string();
            }
            lines[1] = row.join(",");
            *f = ImportFile::new("products.csv", lines.join("\n"));
        }
        match import(&files, &c) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(|e| e.to_string()).collect(),
        }
    };
    let sku = c.master.products[0].sku.as_str();
    let own_like = edit(&[("like_item", sku)]);
    assert_eq!(own_like.len(), 1, "{own_like:?}");
    assert!(
        own_like[0].contains("row 2") && own_like[0].contains("cannot be its own like item"),
        "{own_like:?}"
    );
    let unknown = edit(&[("like_item", "NOPE-1")]);
    assert!(
        unknown
            .iter()
            .any(|e| e.contains("unknown like item 'NOPE-1'")),
        "{unknown:?}"
    );
    let own_successor = edit(&[("end_of_life", "2027-06"), ("successor", sku)]);
    assert!(
        own_successor
            .iter()
            .any(|e| e.contains("row 2") && e.contains("cannot be its own successor")),
        "{own_successor:?}"
    );
    let both = edit(&[("like_item", "NOPE-1"), ("family_share", "10 %")]);
    assert!(both.iter().any(|e| e.contains("not both")), "{both:?}");
    assert_eq!(
        edit(&[
            ("like_item", c.master.products[1].sku.as_str()),
            ("launch", "2027-03")
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn backups_without_the_fields_load_unchanged() {
    use sop_planner::store::backup::read_backup;
    use sop_planner::store::workspace_to_json;
    let ws = sop_planner::engine::demo::demo_workspace();
    let json = workspace_to_json(&ws);
    assert!(!json.contains("lifecycle"), "nothing written when unset");
    assert_eq!(read_backup(&json).unwrap(), ws);
    // With lifecycles: written and read back exactly.
    let mut ws2 = ws.clone();
    ws2.cycles[0] = demo_with_lifecycles();
    let json = workspace_to_json(&ws2);
    assert!(json.contains("\"like_item\""));
    assert_eq!(read_backup(&json).unwrap(), ws2);
    // A bad one in a backup is refused like an edit.
    ws2.cycles[0].master.products[2].lifecycle.like_item = "NOPE".into();
    let e = read_backup(&workspace_to_json(&ws2))
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown like item 'NOPE'"), "{e}");
}

#[test]
fn a_team_merge_carries_the_lifecycle_fields() {
    use sop_planner::team::{Person, Team, TeamRole};
    let c = sop_planner::engine::demo::demo_workspace()
        .cycles
        .pop()
        .unwrap();
    let mut sales = Team::share(&c, Person::new("Ana", TeamRole::Sales).unwrap(), 1.0e12).unwrap();
    let first = sales.send(Some(&[]), 1.0e12);
    let mut ops = Team::join(
        &[&first],
        Person::new("Ben", TeamRole::Operations).unwrap(),
        1.0e12,
    )
    .unwrap();
    let launched = demo_with_lifecycles();
    sales
        .apply(
            &Command::SetMaster(Box::new(launched.master.clone())),
            2.0e12,
        )
        .unwrap();
    let file = sales.send(None, 3.0e12);
    ops.merge(&[&file], 4.0e12).unwrap();
    assert_eq!(ops.cycle().master, launched.master);
    // And back to none.
    ops.apply(&Command::SetMaster(Box::new(c.master.clone())), 5.0e12)
        .unwrap();
    let file = ops.send(None, 6.0e12);
    sales.merge(&[&file], 7.0e12).unwrap();
    assert_eq!(sales.cycle().master, c.master);
}

#[test]
fn the_data_view_fields_read_as_the_import_columns() {
    use sop_planner::engine::number::NumberFormat;
    use sop_planner::store::import::fields::fields;
    use sop_planner::store::import::schema::Table;
    let mut m = sop_planner::engine::demo::demo_workspace()
        .cycles
        .remove(0)
        .master;
    let fs = fields(Table::Products);
    let mut edit = |title: &str, text: &str| {
        let f = fs.iter().find(|f| f.title == title).unwrap();
        f.edit(&mut m, 0, text, NumberFormat::COMMA)?;
        Ok::<String, String>((f.get)(&m, 0))
    };
    assert_eq!(edit("Launch month", "2027-03").unwrap(), "2027-03");
    assert_eq!(edit("Like item", " EB-CITY-500 ").unwrap(), "EB-CITY-500");
    assert_eq!(edit("Like factor", "0,8").unwrap(), "0.8");
    assert_eq!(edit("Family share %", "15 %").unwrap(), "15");
    assert_eq!(edit("End of life", "2028-06").unwrap(), "2028-06");
    assert_eq!(edit("Successor", "KB-20").unwrap(), "KB-20");
    assert_eq!(edit("Ramp (months)", "3").unwrap(), "3");
    assert!(
        edit("Launch month", "soon")
            .unwrap_err()
            .contains("must be a month")
    );
    assert!(edit("Like factor", "-1").is_err());
    assert_eq!(edit("Like item", "").unwrap(), "");
    assert_eq!(edit("Like factor", "").unwrap(), "");
    let l = &m.products[0].lifecycle;
    assert_eq!(
        (
            l.like_item.as_str(),
            l.like_factor,
            l.family_share,
            l.ramp_months
        ),
        ("", None, Some(0.15), 3)
    );
}

#[test]
fn phase_outs_keep_the_company_total_at_10000_skus() {
    use sop_planner::engine::plan::fallback::stand_in_baselines;
    let mut c = sop_planner::engine::demo::synthetic_cycle(10_000, 7);
    let n = c.master.products.len();
    // Every tenth product hands over to the next one, ramps of 0–5 months.
    for i in (0..n - 1).step_by(10) {
        let next = c.master.products[i + 1].sku.clone();
        c.master.products[i].lifecycle = Lifecycle {
            end_of_life: Some(c.label.plus((i % 12) as i32)),
            successor: next,
            ramp_months: (i % 6) as u32,
            ..Lifecycle::default()
        };
    }
    assert!(
        sop_planner::engine::plan::validate::validate_master(&c)
            .iter()
            .all(|i| i.severity != Severity::Error)
    );
    let before = stand_in_baselines(&c);
    let mut after = before.clone();
    let t0 = std::time::Instant::now();
    let phases = Phases::of(&c);
    phases.apply(&mut after);
    let took = t0.elapsed();
    println!(
        "{n} SKUs, {} phase-outs: Phases::of + apply {took:?}",
        n / 10
    );
    for t in 0..c.horizon as usize {
        let total = |b: &[Baseline]| b.iter().map(|b| b.values[t]).sum::<f64>();
        let (x, y) = (total(&before), total(&after));
        assert!((x - y).abs() <= 1e-9 * x.max(1.0), "month {t}: {x} vs {y}");
    }
    assert_ne!(before, after, "demand moved");
}
