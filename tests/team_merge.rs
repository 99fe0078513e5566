//! Team documents (`sop_planner::team`): a shared cycle reads back exactly; change
//! files merge edits of different numbers, list same-number conflicts with both names,
//! are idempotent, refuse foreign or damaged files without touching the replica, and an
//! approval rejects what was made against it.

mod common;

use rust_decimal::Decimal;
use sop_planner::engine::command::{Command, PlanRef, set_production_override};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Cycle, FrozenPlan, Layer, Target};
use sop_planner::team::{Person, Team, TeamRole};

fn cycle() -> Cycle {
    demo_workspace().cycles.pop().unwrap()
}

fn person(name: &str, role: TeamRole) -> Person {
    Person::new(name, role).unwrap()
}

/// Sales shares, Operations joins from the first file.
fn pair() -> (Team, Team) {
    let mut sales = Team::share(&cycle(), person("Ana", TeamRole::Sales), 1.0e12).unwrap();
    let first = sales.send(Some(&[]), 1.0e12);
    let ops = Team::join(&[&first], person("Ben", TeamRole::Operations), 1.0e12).unwrap();
    (sales, ops)
}

fn cell(c: &Cycle, sku: &str, month_offset: i32, delta: f64) -> Command {
    common::sales_cell(c, sku, month_offset, delta)
}

fn sku(c: &Cycle, i: usize) -> String {
    c.master.products[i].sku.clone()
}

#[test]
fn a_shared_cycle_reads_back_exactly_and_survives_save_and_load() {
    let c = cycle();
    let mut t = Team::share(&c, person("Ana", TeamRole::Sales), 1.0e12).unwrap();
    assert_eq!(*t.cycle(), c);
    let bytes = t.save();
    let mut back = Team::load(&bytes).unwrap();
    assert_eq!(*back.cycle(), c);
    assert_eq!(back.actor(), t.actor());
    assert_eq!(back.person().name, "Ana");
    // The joined replica holds the same cycle.
    let (_, ops) = pair();
    assert_eq!(*ops.cycle(), c);
    assert!(back.log()[0].by.contains("Ana (Sales)"));
}

#[test]
fn edits_of_different_numbers_all_survive_and_a_second_merge_changes_nothing() {
    let (mut sales, mut ops) = pair();
    let c = sales.cycle().clone();
    let (a, b) = (sku(&c, 0), sku(&c, 1));
    sales.apply(&cell(&c, &a, 2, 25.0), 2.0e12).unwrap();
    let oc = ops.cycle().clone();
    let over = set_production_override(&oc.inputs, &b, oc.label.plus(3), Some(77.0));
    ops.apply(
        &Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(over),
        },
        2.0e12,
    )
    .unwrap();
    let mut m = oc.master.clone();
    m.products[1].price += Decimal::ONE;
    ops.apply(&Command::SetMaster(Box::new(m)), 2.0e12).unwrap();

    let from_sales = sales.send(None, 3.0e12);
    let from_ops = ops.send(None, 3.0e12);
    let report = ops.merge(&[&from_sales], 4.0e12).unwrap();
    assert_eq!(report.new_changes, 1);
    assert_eq!(report.from, vec!["Ana (Sales)".to_string()]);
    assert!(report.conflicts.is_empty());
    sales.merge(&[&from_ops], 4.0e12).unwrap();
    assert_eq!(sales.cycle(), ops.cycle());
    let merged = sales.cycle();
    assert_eq!(
        sop_planner::engine::command::cell_adjustment(
            &merged.inputs,
            Layer::Sales,
            &Target::Sku(a),
            merged.label.plus(2)
        ),
        25.0
    );
    assert!(
        merged
            .inputs
            .supply
            .overrides
            .iter()
            .any(|o| o.sku == b && o.units == 77.0)
    );
    assert_eq!(
        merged.master.products[1].price,
        c.master.products[1].price + Decimal::ONE
    );
    // Twice: nothing new, nothing changed.
    let before = ops.cycle().clone();
    let again = ops.merge(&[&from_sales], 5.0e12).unwrap();
    assert_eq!(again.new_changes, 0);
    assert_eq!(*ops.cycle(), before);
}

#[test]
fn the_same_cell_set_by_two_people_is_one_value_everywhere_and_a_listed_conflict() {
    let (mut sales, mut ops) = pair();
    let c = sales.cycle().clone();
    let a = sku(&c, 0);
    sales.apply(&cell(&c, &a, 1, 10.0), 2.0e12).unwrap();
    ops.apply(&cell(&c, &a, 1, 40.0), 2.0e12).unwrap();
    let (fs, fo) = (sales.send(None, 3.0e12), ops.send(None, 3.0e12));
    let r1 = ops.merge(&[&fs], 4.0e12).unwrap();
    let r2 = sales.merge(&[&fo], 4.0e12).unwrap();
    assert_eq!(sales.cycle(), ops.cycle());
    for r in [&r1, &r2] {
        assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
        let k = &r.conflicts[0];
        let mut people: Vec<&str> = k.sides.iter().map(|s| s.person.as_str()).collect();
        people.sort();
        assert_eq!(people, ["Ana (Sales)", "Ben (Operations)"]);
        let mut values: Vec<&str> = k.sides.iter().map(|s| s.value.as_str()).collect();
        values.sort();
        assert_eq!(values, ["10.0", "40.0"], "{k:?}");
        assert!(k.place.contains(&a), "{}", k.place);
    }
    // Sales keeps Ben's value ("keep theirs"); Ben gets the choice and the conflict ends.
    let k = sales.conflicts().remove(0);
    let theirs = k.sides.iter().find(|s| !s.mine).unwrap();
    sales.keep(&k.path, &theirs.actor.clone(), 5.0e12).unwrap();
    let get = |t: &Team| {
        let c = t.cycle();
        sop_planner::engine::command::cell_adjustment(
            &c.inputs,
            Layer::Sales,
            &Target::Sku(a.clone()),
            c.label.plus(1),
        )
    };
    assert_eq!(get(&sales), 40.0);
    assert!(sales.conflicts().is_empty());
    let f = sales.send(None, 6.0e12);
    ops.merge(&[&f], 7.0e12).unwrap();
    assert_eq!(get(&ops), 40.0);
    assert!(ops.conflicts().is_empty());
}

#[test]
fn foreign_truncated_and_damaged_files_are_refused_and_change_nothing() {
    let (mut sales, mut ops) = pair();
    let c = sales.cycle().clone();
    sales
        .apply(&cell(&c, &sku(&c, 0), 1, 10.0), 2.0e12)
        .unwrap();
    let good = sales.send(None, 3.0e12);
    let before = ops.save();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"sku,month,units\nA,2026-01,3\n".to_vec(),
            "not a change file",
        ),
        (good[..good.len() - 7].to_vec(), "cut short"),
        (good[..20].to_vec(), "cut short"),
        (
            {
                let mut d = good.clone();
                let n = d.len();
                d[n - 3] ^= 0x55;
                d
            },
            "damaged",
        ),
        (b"SOP-TEAM-CHANGES 9\n{}\n".to_vec(), "newer"),
    ];
    for (bytes, what) in cases {
        let err = ops.merge(&[&bytes], 4.0e12).unwrap_err();
        assert!(err.contains(what), "{what}: {err}");
        assert_eq!(ops.save(), before);
    }
    // All or nothing over several files: a good one with a bad one merges neither.
    let err = ops.merge(&[&good, b"junk"], 4.0e12).unwrap_err();
    assert!(err.contains("not a change file"), "{err}");
    assert_eq!(ops.save(), before);
    // A file of another cycle.
    let mut other = cycle();
    other.id = "another".into();
    let mut t = Team::share(&other, person("Cy", TeamRole::Finance), 1.0e12).unwrap();
    let f = t.send(Some(&[]), 1.0e12);
    assert!(ops.merge(&[&f], 4.0e12).unwrap_err().contains("for cycle"));
    assert_eq!(ops.save(), before);
}

#[test]
fn edits_made_against_an_approved_cycle_are_rejected_kept_and_not_applied() {
    let (mut exec, mut sales) = pair(); // Ana approves, Ben edits offline
    let c = exec.cycle().clone();
    let frozen = FrozenPlan {
        approved_on: "2026-11-28".into(),
        approved_by: "Ana".into(),
        start: c.label,
        series: Vec::new(),
    };
    exec.apply(&Command::Approve(Box::new(frozen)), 2.0e12)
        .unwrap();
    assert!(exec.is_approved());
    // Sales, offline, edits the draft.
    sales
        .apply(&cell(&c, &sku(&c, 0), 1, 99.0), 2.5e12)
        .unwrap();
    let (fe, fs) = (exec.send(None, 3.0e12), sales.send(None, 3.0e12));
    let r = exec.merge(&[&fs], 4.0e12).unwrap();
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert_eq!(
        r.rejected[0].by, "Ben (Operations)",
        "the one who edited offline"
    );
    let r2 = sales.merge(&[&fe], 4.0e12).unwrap();
    assert_eq!(r2.rejected.len(), 1);
    for t in [&exec, &sales] {
        assert!(t.cycle().is_frozen());
        assert_eq!(
            t.cycle().inputs,
            c.inputs,
            "the rejected edit is not applied"
        );
    }
    // Further edits are refused.
    let err = sales
        .apply(&cell(&c, &sku(&c, 0), 1, 5.0), 5.0e12)
        .unwrap_err();
    assert!(err.0.contains("approved"), "{err}");
}

#[test]
fn comments_written_by_two_people_with_one_id_both_survive() {
    use sop_planner::engine::command::add_comment;
    use sop_planner::engine::notes::{Author, CellRef, CellRow, NoteTarget, Stamp};
    let (mut sales, mut ops) = pair();
    let c = sales.cycle().clone();
    let on = |c: &Cycle| {
        NoteTarget::Cell(CellRef {
            target: Target::Sku(sku(c, 0)),
            row: CellRow::Consensus,
            month: c.label.plus(1),
        })
    };
    let stamp = |t: &Team| Stamp {
        by: Author::from(t.person()),
        at: "2026-12-04 09:30".into(),
    };
    let a = add_comment(&c, on(&c), &stamp(&sales), "Promo moved to April").unwrap();
    sales.apply(&a, 2.0e12).unwrap();
    let b = add_comment(ops.cycle(), on(&c), &stamp(&ops), "Line 2 has room").unwrap();
    ops.apply(&b, 2.0e12).unwrap();
    let (fs, fo) = (sales.send(None, 3.0e12), ops.send(None, 3.0e12));
    let report = ops.merge(&[&fs], 4.0e12).unwrap();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    sales.merge(&[&fo], 4.0e12).unwrap();
    assert_eq!(sales.cycle(), ops.cycle());
    let mut texts: Vec<String> = ops
        .cycle()
        .notes
        .comments
        .iter()
        .map(|k| format!("{}: {}", k.by.name, k.text))
        .collect();
    texts.sort();
    assert_eq!(texts, ["Ana: Promo moved to April", "Ben: Line 2 has room"]);
}
