//! A reason typed after a grid edit (`engine::command::set_reason`): attached to the
//! person's latest edit of the cell, one undoable command whose change set names the
//! entry, checked by `engine::notes::check_edit`, shown in the by-person review and
//! kept by the backup JSON.

mod common;

use sop_planner::engine::command::{
    CellChange, Command, NotesChange, set_reason, set_reasons, with_history,
};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Cycle, CycleStatus, Target};
use sop_planner::engine::notes::{Author, CellEdit, CellRef, CellRow, Stamp};
use sop_planner::engine::review::by_person::by_person;
use sop_planner::store::{workspace_from_json, workspace_to_json};
use sop_planner::team::{Person, Team, TeamRole};

fn who(name: &str) -> Author {
    Author {
        name: name.into(),
        role: "Sales".into(),
    }
}

fn entry(id: u64, cell: &CellRef, by: &str, at: &str, old: f64, new: f64) -> CellEdit {
    CellEdit {
        id,
        plan: None,
        cell: cell.clone(),
        by: who(by),
        at: at.into(),
        old,
        new,
        reason: String::new(),
    }
}

/// The demo's newest cycle with three edits of one Sales cell: Ana 100 → 120
/// (#1), Ana 120 → 150 (#2), Ben 150 → 140 (#3).
fn edited() -> (Cycle, CellRef) {
    let mut c = demo_workspace().cycles.pop().unwrap();
    let cell = CellRef {
        target: Target::Sku(c.master.products[0].sku.clone()),
        row: CellRow::Sales,
        month: c.label.plus(2),
    };
    let add = Command::Notes(Box::new(NotesChange::Add {
        edits: vec![
            entry(1, &cell, "Ana", "2026-12-04 10:00", 100.0, 120.0),
            entry(2, &cell, "Ana", "2026-12-04 10:05", 120.0, 150.0),
            entry(3, &cell, "Ben", "2026-12-04 10:07", 150.0, 140.0),
        ],
        comments: Vec::new(),
    }));
    add.apply(&mut c).unwrap();
    (c, cell)
}

#[test]
fn a_reason_goes_to_the_persons_latest_edit_and_undo_restores_exactly() {
    let (mut c, cell) = edited();
    let before = c.clone();
    let cmd = set_reason(&c, &cell, None, &who("Ana"), "  trade fair in March ").unwrap();
    assert_eq!(
        cmd,
        Command::Notes(Box::new(NotesChange::Reason {
            id: 2,
            reason: "trade fair in March".into()
        })),
        "Ana's latest edit (#2), not Ben's later one, trimmed"
    );
    let (undo, touched) = cmd.apply_touching(&mut c).unwrap();
    assert_eq!(c.notes.edits[1].reason, "trade fair in March");
    assert_eq!(c.notes.edits[0].reason, "");
    assert_eq!(c.notes.edits[2].reason, "");
    // The change set names exactly that entry (so the save and the team document write
    // it), and it is what a full comparison says changed.
    assert_eq!(touched.cell_edits, [2].into());
    let mut only = touched.clone();
    only.cell_edits.clear();
    assert!(only.is_empty(), "nothing but the entry: {only:?}");
    assert_eq!(cmd.touches(&before), touched);
    // Undo restores exactly; redo gives the reason back.
    let (redo, undone) = undo.apply_touching(&mut c).unwrap();
    assert_eq!(c, before);
    assert_eq!(undone.cell_edits, [2].into());
    redo.apply(&mut c).unwrap();
    assert_eq!(c.notes.edits[1].reason, "trade fair in March");
    // A second reason replaces the first; its undo brings the first back.
    let again = set_reason(&c, &cell, None, &who("Ana"), "fair moved to April").unwrap();
    let undo2 = again.apply(&mut c).unwrap();
    assert_eq!(c.notes.edits[1].reason, "fair moved to April");
    undo2.apply(&mut c).unwrap();
    assert_eq!(c.notes.edits[1].reason, "trade fair in March");
    // Ben's reason goes to #3.
    let ben = set_reason(&c, &cell, None, &who("Ben"), "customer cut").unwrap();
    ben.apply(&mut c).unwrap();
    assert_eq!(c.notes.edits[2].reason, "customer cut");
}

#[test]
fn reasons_are_checked_and_need_ones_own_edit() {
    let (c, cell) = edited();
    let e = set_reason(&c, &cell, None, &who("Cid"), "why").unwrap_err();
    assert!(e.0.contains("Cid has not changed"), "{e}");
    // Another plan (scenario 1) has no edit of that cell by Ana.
    assert!(set_reason(&c, &cell, Some(1), &who("Ana"), "why").is_err());
    let e = set_reason(&c, &cell, None, &who("Ana"), &"x".repeat(201)).unwrap_err();
    assert!(e.0.contains("at most 200"), "{e}");
    assert!(set_reason(&c, &cell, None, &who("Ana"), &"é".repeat(200)).is_ok());
    let e = set_reason(&c, &cell, None, &who("Ana"), "line\nbreak").unwrap_err();
    assert!(e.0.contains("line breaks"), "{e}");
    // The command itself checks too (a command from elsewhere: a merge, a replay).
    let mut work = c.clone();
    let bad = Command::Notes(Box::new(NotesChange::Reason {
        id: 2,
        reason: "a\tb".into(),
    }));
    assert!(bad.apply(&mut work).is_err());
    let gone = Command::Notes(Box::new(NotesChange::Reason {
        id: 9,
        reason: "ok".into(),
    }));
    assert!(gone.apply(&mut work).unwrap_err().0.contains("#9"));
    assert_eq!(work, c, "a refused reason changes nothing");
    // An approved cycle refuses it.
    let mut approved = c.clone();
    approved.status = CycleStatus::Approved;
    let cmd = set_reason(&approved, &cell, None, &who("Ana"), "late").unwrap();
    assert!(
        cmd.apply(&mut approved)
            .unwrap_err()
            .0
            .contains("read-only")
    );
}

#[test]
fn reasons_show_by_person_and_survive_the_backup() {
    let (mut c, cell) = edited();
    set_reason(&c, &cell, None, &who("Ana"), "trade fair")
        .unwrap()
        .apply(&mut c)
        .unwrap();
    let people = by_person(&c, None);
    let ana = people.iter().find(|p| p.author.name == "Ana").unwrap();
    assert_eq!(ana.edits, 2);
    assert_eq!(ana.cells.len(), 1);
    // Net 100 → 150 = +50 over her two edits, with the one reason given.
    assert_eq!(ana.cells[0].net, 50.0);
    assert_eq!(ana.cells[0].reasons, vec!["trade fair".to_string()]);
    let ben = people.iter().find(|p| p.author.name == "Ben").unwrap();
    assert_eq!(ben.cells[0].net, -10.0);
    assert!(ben.cells[0].reasons.is_empty());
    let mut w = demo_workspace();
    *w.cycles.last_mut().unwrap() = c.clone();
    let back = workspace_from_json(&workspace_to_json(&w)).unwrap();
    assert_eq!(back.cycles.last().unwrap().notes, c.notes);
}

#[test]
fn a_reason_given_later_reaches_a_teammate_through_a_change_file() {
    let c = demo_workspace().cycles.pop().unwrap();
    let ana = Person::new("Ana", TeamRole::Sales).unwrap();
    let mut sales = Team::share(&c, ana, 1.0e12).unwrap();
    let first = sales.send(Some(&[]), 1.0e12);
    let ben = Person::new("Ben", TeamRole::Operations).unwrap();
    let mut ops = Team::join(&[&first], ben, 1.0e12).unwrap();
    let sku = c.master.products[0].sku.clone();
    let cell = CellRef {
        target: Target::Sku(sku.clone()),
        row: CellRow::Sales,
        month: c.label.plus(2),
    };
    let stamp = Stamp {
        by: Author::from(sales.person()),
        at: "2026-12-04 10:00".into(),
    };
    let sc = sales.cycle().clone();
    let edit = common::sales_cell(&sc, &sku, 2, 25.0);
    let cells = vec![CellChange {
        cell: cell.clone(),
        plan: None,
        old: 100.0,
        new: 125.0,
    }];
    sales
        .apply(&with_history(&sc, edit, cells, &stamp, ""), 2.0e12)
        .unwrap();
    ops.merge(&[&sales.send(None, 3.0e12)], 3.0e12).unwrap();
    assert_eq!(ops.cycle().notes.edits[0].reason, "");
    // The reason, given afterwards as its own command, travels in the next file.
    let why = set_reason(sales.cycle(), &cell, None, &stamp.by, "trade fair").unwrap();
    sales.apply(&why, 4.0e12).unwrap();
    ops.merge(&[&sales.send(None, 5.0e12)], 5.0e12).unwrap();
    assert_eq!(ops.cycle().notes.edits.len(), 1);
    assert_eq!(ops.cycle().notes.edits[0].reason, "trade fair");
    assert_eq!(ops.cycle(), sales.cycle());
}

/// A paste of three Sales cells by Ana (one command, three entries), then Ben's edit of
/// one of them: the paste's change set names its three entries — what "Why?" right
/// after the edit asks about — and one reason goes to all three as one undo step.
#[test]
fn the_reason_asked_right_after_an_edit_covers_every_cell_of_that_edit() {
    let (mut c, cell) = edited();
    let stamp = |name: &str| Stamp {
        by: who(name),
        at: "2026-12-05 09:00".into(),
    };
    let label = c.label;
    let at = |t: i32| CellRef {
        month: label.plus(t),
        ..cell.clone()
    };
    let paste: Vec<CellChange> = (3..6)
        .map(|t| CellChange {
            cell: at(t),
            plan: None,
            old: 100.0,
            new: 100.0 + 10.0 * t as f64,
        })
        .collect();
    let cmd = with_history(&c, Command::Batch(Vec::new()), paste, &stamp("Ana"), "");
    let (_, touched) = cmd.apply_touching(&mut c).unwrap();
    let ids: Vec<u64> = touched.cell_edits.iter().copied().collect();
    assert_eq!(
        ids,
        [4, 5, 6],
        "the paste's three entries, not Ana's earlier #1 and #2"
    );
    // Ben, in the same minute: a separate edit with its own entry.
    let ben = vec![CellChange {
        cell: at(4),
        plan: None,
        old: 140.0,
        new: 90.0,
    }];
    let cmd = with_history(&c, Command::Batch(Vec::new()), ben, &stamp("Ben"), "");
    let (_, touched) = cmd.apply_touching(&mut c).unwrap();
    assert_eq!(touched.cell_edits.iter().copied().collect::<Vec<_>>(), [7]);

    let before = c.clone();
    let cmd = set_reasons(&c, &ids, &who("Ana"), "  key account's trade fair ").unwrap();
    let (undo, touched) = cmd.apply_touching(&mut c).unwrap();
    assert_eq!(
        touched.cell_edits,
        ids.iter().copied().collect(),
        "the change set names the three entries"
    );
    let reasons: Vec<&str> = c.notes.edits.iter().map(|e| e.reason.as_str()).collect();
    let r = "key account's trade fair";
    assert_eq!(reasons, ["", "", "", r, r, r, ""]);
    undo.apply(&mut c).unwrap();
    assert_eq!(c, before, "one undo step takes the three reasons back");

    let e = set_reasons(&c, &[4, 7], &who("Ana"), "mine").unwrap_err();
    assert!(e.0.contains("Ben made the change"), "{}", e.0);
    let e = set_reasons(&c, &[42], &who("Ana"), "x").unwrap_err();
    assert!(e.0.contains("#42"), "{}", e.0);
    assert!(
        set_reasons(&c, &ids, &who("Ana"), &"x".repeat(201)).is_err(),
        "over 200 characters"
    );
    assert!(set_reasons(&c, &[], &who("Ana"), "x").is_err());
    assert_eq!(c, before, "refused reasons change nothing");
}
