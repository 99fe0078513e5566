//! Who changed which cell when, and comments (`engine::notes`, `engine::command::notes`,
//! `engine::review::by_person`): written by the edit's own command, undone with it,
//! named by change sets, checked, merged by the team document from two authors.

mod common;

use sop_planner::engine::change::ChangeSet;
use sop_planner::engine::command::{
    CellChange, Command, NotesChange, PlanRef, add_comment, delete_comment, with_history,
};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::meeting::{SignOff, Stage};
use sop_planner::engine::model::{Cycle, Decision, Role, Target};
use sop_planner::engine::notes::{Author, CellRef, CellRow, NoteTarget, Stamp};
use sop_planner::engine::plan::{self, validate};
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::by_person::{by_person, last_meeting, since_last_meeting};
use sop_planner::engine::review::demand::{
    WaterfallCell, waterfall, waterfall_changes, waterfall_edit,
};
use sop_planner::team::{Person, Team, TeamRole};

fn cycle() -> Cycle {
    demo_workspace().cycles.pop().unwrap()
}

fn stamp(name: &str, role: &str, at: &str) -> Stamp {
    Stamp {
        by: Author {
            name: name.into(),
            role: role.into(),
        },
        at: at.into(),
    }
}

fn cell(c: &Cycle, sku: &str, row: CellRow, t: i32) -> CellRef {
    CellRef {
        target: Target::Sku(sku.into()),
        row,
        month: c.label.plus(t),
    }
}

fn apply(c: &mut Cycle, cmd: &Command) -> (Command, ChangeSet) {
    cmd.apply_touching(c).expect("the edit applies")
}

#[test]
fn a_typed_cell_records_author_old_and_new_and_undo_removes_both() {
    let mut c = cycle();
    let b = baselines(&c);
    let sku = c.master.products[2].sku.clone();
    let sel = Selection::Sku(sku.clone());
    let shown = waterfall(&c, &plan::plan_cycle(&c, &b), &b, &sel, 6);
    let old = shown.layers[1][3];
    let typed = (old + 40.0).round();
    let edits = [WaterfallCell::Layer {
        row: 1,
        t: 3,
        value: typed,
    }];
    let edit = waterfall_edit(&c, PlanRef::Base, &b, &sel, Role::Sales, &shown, &edits).unwrap();
    let cells = waterfall_changes(PlanRef::Base, &sel, &shown, &edits);
    let s = stamp("Ana", "Sales", "2026-12-04 10:15");
    let cmd = with_history(&c, edit, cells, &s, "trade fair");
    let before = c.clone();
    let (undo, touched) = apply(&mut c, &cmd);
    assert_eq!(c.notes.edits.len(), 1);
    let e = &c.notes.edits[0];
    assert_eq!(e.by.label(), "Ana (Sales)");
    assert_eq!(e.at, "2026-12-04 10:15");
    assert_eq!((e.old, e.new), (old, typed));
    assert_eq!(e.cell, cell(&c, &sku, CellRow::Sales, 3));
    assert_eq!(e.reason, "trade fair");
    assert_eq!(e.plan, None);
    // The change set names the entry and the SKU whose inputs changed.
    assert_eq!(touched.cell_edits, [e.id].into());
    assert!(touched.input_skus.contains(&sku));
    assert!(touched.comments.is_empty());
    // One undo step removes the edit and its entry; undo writes no entry of its own.
    let (redo, undone) = apply(&mut c, &undo);
    assert_eq!(c, before);
    assert_eq!(undone.cell_edits, touched.cell_edits);
    apply(&mut c, &redo);
    assert_eq!(c.notes.edits.len(), 1);
    // The cell's history, newest first, and its marker.
    let at = cell(&c, &sku, CellRow::Sales, 3);
    assert_eq!(c.notes.history_of(&at, None).len(), 1);
    assert!(c.notes.has_notes(&at, None));
    assert!(!c.notes.has_notes(&at, Some(1)));
}

#[test]
fn a_pasted_block_records_one_entry_per_cell_in_one_command() {
    let mut c = cycle();
    let b = baselines(&c);
    let sku = c.master.products[0].sku.clone();
    let sel = Selection::Sku(sku.clone());
    let shown = waterfall(&c, &plan::plan_cycle(&c, &b), &b, &sel, 6);
    // A 2 × 3 block: Sales and Marketing rows, plan months 0–2.
    let mut edits = Vec::new();
    for row in [1, 2] {
        for t in 0..3 {
            edits.push(WaterfallCell::Layer {
                row,
                t,
                value: (shown.layers[row][t] + 10.0 * (t as f64 + 1.0)).round(),
            });
        }
    }
    let edit = waterfall_edit(&c, PlanRef::Base, &b, &sel, Role::Sales, &shown, &edits).unwrap();
    let cells = waterfall_changes(PlanRef::Base, &sel, &shown, &edits);
    assert_eq!(cells.len(), 6);
    let cmd = with_history(
        &c,
        edit,
        cells,
        &stamp("Ana", "Sales", "2026-12-04 10:20"),
        "",
    );
    let Command::Batch(parts) = &cmd else {
        panic!("one batch: {cmd:?}")
    };
    assert_eq!(parts.len(), 2, "the edit and its history");
    let (undo, touched) = apply(&mut c, &cmd);
    assert_eq!(c.notes.edits.len(), 6);
    assert_eq!(touched.cell_edits.len(), 6);
    let ids: Vec<u64> = c.notes.edits.iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5, 6]);
    let marketing = c
        .notes
        .history_of(&cell(&c, &sku, CellRow::Marketing, 2), None);
    assert_eq!(marketing.len(), 1);
    assert!((marketing[0].new - marketing[0].old - 30.0).abs() < 1.0);
    apply(&mut c, &undo);
    assert!(c.notes.edits.is_empty());
}

#[test]
fn comments_are_checked_added_and_deleted_by_their_author_only() {
    let mut c = cycle();
    c.decisions.push(Decision {
        id: 7,
        date: "2026-12-01".into(),
        role: Role::Executive,
        text: "Build e-bikes ahead".into(),
    });
    let sku = c.master.products[1].sku.clone();
    let ana = stamp("Ana", "Sales", "2026-12-04 11:00");
    let on_cell = NoteTarget::Cell(cell(&c, &sku, CellRow::Consensus, 1));
    // Refused: empty, too long, unknown targets, no name, a bad time.
    let err =
        |r: Result<Command, sop_planner::engine::command::CommandError>| r.unwrap_err().to_string();
    assert!(err(add_comment(&c, on_cell.clone(), &ana, "  ")).contains("needs some text"));
    let long = "x".repeat(1001);
    assert!(err(add_comment(&c, on_cell.clone(), &ana, &long)).contains("at most 1000"));
    let nowhere = NoteTarget::Cell(cell(&c, "NO-SUCH-SKU", CellRow::Sales, 1));
    assert!(err(add_comment(&c, nowhere, &ana, "hm")).contains("nothing to comment on"));
    let late = NoteTarget::Cell(cell(&c, &sku, CellRow::Sales, 40));
    assert!(err(add_comment(&c, late, &ana, "hm")).contains("nothing to comment on"));
    let gone = NoteTarget::Decision { id: 99 };
    assert!(err(add_comment(&c, gone, &ana, "hm")).contains("decision #99"));
    let nobody = stamp(" ", "Sales", "2026-12-04 11:00");
    assert!(err(add_comment(&c, on_cell.clone(), &nobody, "hm")).contains("name"));
    let bad_time = stamp("Ana", "Sales", "yesterday");
    assert!(err(add_comment(&c, on_cell.clone(), &bad_time, "hm")).contains("YYYY-MM-DD"));
    // A forged command is refused by apply too.
    let forged = Command::Notes(Box::new(NotesChange::Add {
        edits: Vec::new(),
        comments: vec![sop_planner::engine::notes::Comment {
            id: 1,
            target: on_cell.clone(),
            by: ana.by.clone(),
            at: ana.at.clone(),
            text: String::new(),
        }],
    }));
    assert!(forged.apply(&mut c.clone()).is_err());

    let before = c.clone();
    let add = add_comment(&c, on_cell.clone(), &ana, "Trade fair in March").unwrap();
    let (undo_add, touched) = apply(&mut c, &add);
    assert_eq!(touched.comments, [1].into());
    assert!(touched.cell_edits.is_empty() && touched.input_skus.is_empty());
    let on_decision = NoteTarget::Decision { id: 7 };
    let ben = stamp("Ben", "Operations", "2026-12-04 11:05");
    {
        let cmd = add_comment(&c, on_decision.clone(), &ben, "Line 2 can").unwrap();
        apply(&mut c, &cmd)
    };
    let exception = NoteTarget::Exception {
        key: "Stockout|KB-16|2027-03".into(),
        title: "Stockout KB-16".into(),
    };
    {
        let cmd = add_comment(&c, exception.clone(), &ben, "Expedite").unwrap();
        apply(&mut c, &cmd)
    };
    assert_eq!(c.notes.comments.len(), 3);
    assert_eq!(c.notes.comments_on(&on_decision)[0].text, "Line 2 can");
    assert_eq!(c.notes.comments_on(&exception).len(), 1);
    assert!(validate::validate_notes(&c).is_empty());

    // Only the author deletes; the delete undoes back to its place.
    assert!(
        delete_comment(&c, 1, &ben.by)
            .unwrap_err()
            .0
            .contains("only Ana")
    );
    assert!(delete_comment(&c, 42, &ana.by).is_err());
    let with_three = c.clone();
    let (undo_delete, deleted) = {
        let cmd = delete_comment(&c, 1, &ana.by).unwrap();
        apply(&mut c, &cmd)
    };
    assert_eq!(deleted.comments, [1].into());
    assert_eq!(c.notes.comments.len(), 2);
    apply(&mut c, &undo_delete);
    assert_eq!(c, with_three, "back in its place");
    // Undo of the add (the later comments removed first).
    let (_, _) = apply(
        &mut c,
        &Command::Notes(Box::new(NotesChange::Remove {
            edits: vec![],
            comments: vec![2, 3],
        })),
    );
    apply(&mut c, &undo_add);
    assert_eq!(c, before);
}

#[test]
fn a_cycle_with_malformed_notes_fails_validation_and_old_backups_load() {
    let mut c = cycle();
    let s = stamp("Ana", "Sales", "2026-12-04 11:00");
    let sku = c.master.products[1].sku.clone();
    let t = NoteTarget::Cell(cell(&c, &sku, CellRow::Sales, 1));
    {
        let cmd = add_comment(&c, t, &s, "ok").unwrap();
        apply(&mut c, &cmd)
    };
    // JSON without notes (an old backup) reads with none; with notes, round-trips.
    let json = serde_json::to_string(&c).unwrap();
    let back: Cycle = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    let old = serde_json::to_string(&cycle()).unwrap();
    assert!(!old.contains("\"notes\""));
    assert!(
        serde_json::from_str::<Cycle>(&old)
            .unwrap()
            .notes
            .is_empty()
    );
    // A merged text that is too long is an error of the cycle; a cell gone, a warning.
    let mut bad = c.clone();
    bad.notes.comments[0].text = "y".repeat(2000);
    let issues = validate::validate_cycle(&bad);
    assert!(validate::has_errors(&issues), "{issues:?}");
    let mut gone = c.clone();
    gone.master.products.retain(|p| p.sku != sku);
    gone.history.retain(|h| h.sku != sku);
    let notes = validate::validate_notes(&gone);
    assert_eq!(notes.len(), 1);
    assert!(!validate::has_errors(&notes));
}

fn person(name: &str, role: TeamRole) -> Person {
    Person::new(name, role).unwrap()
}

#[test]
fn two_peoples_history_and_comments_both_survive_a_team_merge() {
    let c = cycle();
    let mut sales = Team::share(&c, person("Ana", TeamRole::Sales), 1.0e12).unwrap();
    let first = sales.send(Some(&[]), 1.0e12);
    let mut ops = Team::join(&[&first], person("Ben", TeamRole::Operations), 1.0e12).unwrap();
    let (a, b) = (
        c.master.products[0].sku.clone(),
        c.master.products[1].sku.clone(),
    );

    // Both write entry #1 and comment #1 concurrently.
    let sc = sales.cycle().clone();
    let ana = Stamp {
        by: Author::from(sales.person()),
        at: "2026-12-04 10:00".into(),
    };
    let edit = common::sales_cell(&sc, &a, 2, 25.0);
    let cells = vec![CellChange {
        cell: cell(&sc, &a, CellRow::Sales, 2),
        plan: None,
        old: 100.0,
        new: 125.0,
    }];
    sales
        .apply(&with_history(&sc, edit, cells, &ana, ""), 2.0e12)
        .unwrap();
    let on_a = NoteTarget::Cell(cell(&sc, &a, CellRow::Sales, 2));
    sales
        .apply(
            &add_comment(sales.cycle(), on_a, &ana, "Fair").unwrap(),
            2.0e12,
        )
        .unwrap();

    let oc = ops.cycle().clone();
    let ben = Stamp {
        by: Author::from(ops.person()),
        at: "2026-12-04 10:01".into(),
    };
    let edit = common::sales_cell(&oc, &b, 3, -5.0);
    let cells = vec![CellChange {
        cell: cell(&oc, &b, CellRow::Sales, 3),
        plan: None,
        old: 80.0,
        new: 75.0,
    }];
    ops.apply(&with_history(&oc, edit, cells, &ben, ""), 2.0e12)
        .unwrap();
    let on_b = NoteTarget::Cell(cell(&oc, &b, CellRow::Sales, 3));
    ops.apply(
        &add_comment(ops.cycle(), on_b, &ben, "Late parts").unwrap(),
        2.0e12,
    )
    .unwrap();
    assert_eq!(sales.cycle().notes.comments[0].id, 1);
    assert_eq!(ops.cycle().notes.comments[0].id, 1);

    assert_eq!(sales.cycle().notes.edits.len(), 1);
    assert_eq!(ops.cycle().notes.edits.len(), 1);
    let from_sales = sales.send(None, 3.0e12);
    let from_ops = ops.send(None, 3.0e12);
    ops.merge(&[&from_sales], 4.0e12).unwrap();
    sales.merge(&[&from_ops], 4.0e12).unwrap();
    assert_eq!(
        sales.cycle(),
        ops.cycle(),
        "both replicas hold the same notes"
    );
    let notes = &sales.cycle().notes;
    assert_eq!(notes.edits.len(), 2);
    assert_eq!(notes.comments.len(), 2);
    let mut names: Vec<String> = notes.comments.iter().map(|k| k.by.label()).collect();
    names.sort();
    assert_eq!(names, ["Ana (Sales)", "Ben (Operations)"]);
    let mut texts: Vec<&str> = notes.comments.iter().map(|k| k.text.as_str()).collect();
    texts.sort();
    assert_eq!(texts, ["Fair", "Late parts"]);
    // Ids made unique on both replicas alike; one is deleted by its author afterwards.
    let ids: std::collections::HashSet<u64> = notes.comments.iter().map(|k| k.id).collect();
    assert_eq!(ids.len(), 2);
    let bens = notes
        .comments
        .iter()
        .find(|k| k.by.name == "Ben")
        .unwrap()
        .id;
    let del = delete_comment(ops.cycle(), bens, &ben.by).unwrap();
    ops.apply(&del, 5.0e12).unwrap();
    let from_ops = ops.send(None, 6.0e12);
    sales.merge(&[&from_ops], 7.0e12).unwrap();
    assert_eq!(sales.cycle().notes.comments.len(), 1);
    assert_eq!(sales.cycle().notes.comments[0].text, "Fair");
    // The by-person model of the merged cycle.
    let people = by_person(sales.cycle(), None);
    assert_eq!(people.len(), 2);
    assert_eq!(
        (
            people[0].author.name.as_str(),
            people[0].edits,
            people[0].comments
        ),
        ("Ana", 1, 1)
    );
    assert_eq!(
        (
            people[1].author.name.as_str(),
            people[1].edits,
            people[1].comments
        ),
        ("Ben", 1, 0)
    );
}

#[test]
fn changes_since_the_last_meeting_by_person_on_a_hand_made_log() {
    let mut c = cycle();
    let sku = c.master.products[0].sku.clone();
    let other = c.master.products[1].sku.clone();
    let edit = |c: &Cycle, who: (&str, &str), at: &str, sku: &str, t: i32, old: f64, new: f64| {
        with_history(
            c,
            Command::Batch(vec![]),
            vec![CellChange {
                cell: cell(c, sku, CellRow::Sales, t),
                plan: None,
                old,
                new,
            }],
            &stamp(who.0, who.1, at),
            "",
        )
    };
    let ana = ("Ana", "Sales");
    // Before the meeting: counted only while no sign-off exists.
    let cmd = edit(&c, ana, "2026-12-01 09:00", &sku, 1, 100.0, 90.0);
    apply(&mut c, &cmd);
    c.signoffs.push(SignOff {
        stage: Stage::Data,
        by: "Eve".into(),
        at: "2026-12-02 14:00".into(),
    });
    // After it: Ana edits one cell twice (+20, then −5) and another once (+7), and
    // comments; Ben comments once.
    for (at, s, t, old, new) in [
        ("2026-12-02 14:00", &sku, 1, 90.0, 110.0),
        ("2026-12-03 08:30", &sku, 1, 110.0, 105.0),
        ("2026-12-03 09:00", &other, 4, 50.0, 57.0),
    ] {
        let cmd = edit(&c, ana, at, s, t, old, new);
        apply(&mut c, &cmd);
    }
    let t = NoteTarget::Cell(cell(&c, &sku, CellRow::Sales, 1));
    let cmd = add_comment(
        &c,
        t.clone(),
        &stamp("Ana", "Sales", "2026-12-03 09:05"),
        "fair",
    )
    .unwrap();
    apply(&mut c, &cmd);
    let cmd = add_comment(&c, t, &stamp("Ben", "Operations", "2026-12-03 10:00"), "ok").unwrap();
    apply(&mut c, &cmd);

    let (since, what) = last_meeting(&c, None);
    assert_eq!(since.as_deref(), Some("2026-12-02 14:00"));
    assert!(what.contains("Data"), "{what}");
    let s = since_last_meeting(&c, None);
    assert_eq!(s.people.len(), 2);
    let a = &s.people[0];
    assert_eq!(a.author.label(), "Ana (Sales)");
    assert_eq!((a.edits, a.comments), (3, 1));
    assert_eq!(a.cells.len(), 2);
    assert_eq!(a.cells[0].cell.month, c.label.plus(1));
    assert_eq!((a.cells[0].edits, a.cells[0].net), (2, 15.0));
    assert_eq!((a.cells[1].edits, a.cells[1].net), (1, 7.0));
    let b = &s.people[1];
    assert_eq!(
        (b.author.label().as_str(), b.edits, b.comments),
        ("Ben (Operations)", 0, 1)
    );
    // Without a sign-off: the whole cycle (Ana's first edit counts: 4 edits, net −10).
    c.signoffs.clear();
    let all = since_last_meeting(&c, None);
    assert_eq!(all.since, None);
    assert_eq!(all.people[0].edits, 4);
    assert_eq!(all.people[0].cells[0].net, 5.0);
    // A rolled-forward cycle without sign-offs: since the previous approval.
    let mut prev = cycle();
    prev.id = "prev".into();
    prev.frozen = Some(sop_planner::engine::model::FrozenPlan {
        approved_on: "2026-12-02".into(),
        approved_by: "Eve".into(),
        start: prev.label,
        series: Vec::new(),
    });
    c.rolled_from = Some("prev".into());
    let (since, _) = last_meeting(&c, Some(&prev));
    assert_eq!(since.as_deref(), Some("2026-12-02 00:00"));
    assert_eq!(by_person(&c, since.as_deref())[0].edits, 3);
}

#[test]
fn the_save_path_carries_history_and_comments() {
    use sop_planner::store::cycle_json::CycleJson;
    use sop_planner::store::pending::CycleDelta;
    let stored = cycle();
    let mut now = stored.clone();
    let sku = now.master.products[4].sku.clone();
    let edit = common::sales_cell(&now, &sku, 1, 12.0);
    let cells = vec![CellChange {
        cell: cell(&now, &sku, CellRow::Sales, 1),
        plan: None,
        old: 200.0,
        new: 212.0,
    }];
    let s = stamp("Ana", "Sales", "2026-12-04 12:00");
    let cmd = with_history(&now, edit, cells, &s, "");
    let (_, mut changed) = apply(&mut now, &cmd);
    let t = NoteTarget::Cell(cell(&now, &sku, CellRow::Sales, 1));
    let cmd = add_comment(&now, t, &s, "Order confirmed").unwrap();
    changed.union(apply(&mut now, &cmd).1);
    // The pending record's delta (the unsaved edits as rows) brings both back.
    let d = CycleDelta::of(&now, &changed).expect("a delta");
    assert_eq!(d.apply(stored.clone()).unwrap(), now);
    // The cycle's JSON as the save builds it equals serde's, notes included.
    let mut j = CycleJson::new();
    let mut cursor = 0;
    assert!(j.prepare(&now, &mut cursor, &mut || true));
    let json = j.assemble(&now);
    assert_eq!(json, serde_json::to_string(&now).unwrap());
    assert!(json.contains("Order confirmed"));
}
