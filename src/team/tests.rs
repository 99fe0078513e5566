//! A document shared before the notes tables existed (session 8): each replica that
//! writes its first note creates the table itself, concurrently with the others, and
//! automerge keeps both maps under one key. Every row written into either must survive
//! the merge, on every replica, and a deletion must reach the row wherever it lives.

use super::conflict::conflicts;
use super::cycle::{everything, read_cycle, write_cycle};
use crate::engine::change::ChangeSet;
use crate::engine::demo::demo_workspace;
use crate::engine::model::{Cycle, Target};
use crate::engine::notes::{Author, CellEdit, CellRef, CellRow, Comment, NoteTarget};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

fn author(name: &str) -> Author {
    Author {
        name: name.into(),
        role: "Sales".into(),
    }
}

/// A document as written before the notes tables: the cycle without them.
fn old_document(c: &Cycle) -> AutoCommit {
    let mut doc = AutoCommit::new();
    write_cycle(&mut doc, c, &everything(c), "founder").unwrap();
    doc.delete(ROOT, "cell_edits").unwrap();
    doc.delete(ROOT, "comments").unwrap();
    doc.commit();
    doc
}

/// `c` with one comment by `name` and one history entry by `name`, both id 1, written
/// into `doc` as the edit's change set names them.
fn note(doc: &mut AutoCommit, c: &Cycle, name: &str, new: f64) {
    let mut c = c.clone();
    let sku = c.master.products[0].sku.clone();
    let cell = CellRef {
        target: Target::Sku(sku),
        row: CellRow::Sales,
        month: c.label.plus(2),
    };
    c.notes.edits.push(CellEdit {
        id: 1,
        plan: None,
        cell: cell.clone(),
        by: author(name),
        at: "2026-12-05 09:00".into(),
        old: 100.0,
        new,
        reason: format!("{name}'s reason"),
    });
    c.notes.comments.push(Comment {
        id: 1,
        target: NoteTarget::Cell(cell),
        by: author(name),
        at: "2026-12-05 09:01".into(),
        text: format!("{name} was here"),
    });
    let ch = ChangeSet {
        cell_edits: [1].into(),
        comments: [1].into(),
        ..ChangeSet::default()
    };
    write_cycle(doc, &c, &ch, &name.to_lowercase()).unwrap();
    doc.commit();
}

fn names<T>(v: &[T], by: impl Fn(&T) -> &Author) -> Vec<String> {
    let mut n: Vec<String> = v.iter().map(|x| by(x).name.clone()).collect();
    n.sort();
    n
}

#[test]
fn notes_written_concurrently_into_an_old_document_all_survive() {
    let c = demo_workspace().cycles.pop().unwrap();
    let mut old = old_document(&c);
    let mut ana = old.fork();
    let mut ben = old.fork();
    note(&mut ana, &c, "Ana", 140.0);
    note(&mut ben, &c, "Ben", 160.0);
    ana.merge(&mut ben.clone()).unwrap();
    ben.merge(&mut ana.clone()).unwrap();
    let (a, b) = (read_cycle(&ana).unwrap(), read_cycle(&ben).unwrap());
    assert_eq!(a.notes, b.notes, "both replicas read the same notes");
    assert_eq!(names(&a.notes.edits, |e| &e.by), ["Ana", "Ben"]);
    assert_eq!(names(&a.notes.comments, |k| &k.by), ["Ana", "Ben"]);
    let mut news: Vec<f64> = a.notes.edits.iter().map(|e| e.new).collect();
    news.sort_by(f64::total_cmp);
    assert_eq!(news, [140.0, 160.0]);
    // Two copies of one table are not a conflict to show anyone.
    assert!(conflicts(&ana, "").is_empty(), "{:?}", conflicts(&ana, ""));

    // Ana deletes Ben's comment and gives her entry another reason: the deletion
    // reaches the row in whichever copy it lives, and both replicas agree again.
    let mut next = a.clone();
    let bens = next
        .notes
        .comments
        .iter()
        .find(|k| k.by.name == "Ben")
        .unwrap()
        .id;
    next.notes.comments.retain(|k| k.id != bens);
    let anas = next
        .notes
        .edits
        .iter_mut()
        .find(|e| e.by.name == "Ana")
        .unwrap();
    anas.reason = "trade fair".into();
    let ch = ChangeSet {
        cell_edits: [anas.id].into(),
        comments: [bens].into(),
        ..ChangeSet::default()
    };
    write_cycle(&mut ana, &next, &ch, "ana").unwrap();
    ana.commit();
    ben.merge(&mut ana.clone()).unwrap();
    let (a, b) = (read_cycle(&ana).unwrap(), read_cycle(&ben).unwrap());
    assert_eq!(a.notes, b.notes);
    assert_eq!(names(&a.notes.comments, |k| &k.by), ["Ana"]);
    let reasons: Vec<&str> = a.notes.edits.iter().map(|e| e.reason.as_str()).collect();
    assert!(
        reasons.contains(&"trade fair") && reasons.contains(&"Ben's reason"),
        "{reasons:?}"
    );
    assert_eq!(a.notes.edits.len(), 2);
}
