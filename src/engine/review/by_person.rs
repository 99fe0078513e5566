//! "Changes since the last meeting, by person": for each author, how many cells they
//! edited and how many comments they wrote since the last meeting, with the cells they
//! changed, their net change and the reasons given with the edits.
//!
//! The last meeting is the latest sign-off of this cycle's meeting (any step, the
//! approval included) — the meeting steps are signed off as the meeting moves on —
//! and, before the first sign-off of this cycle, the approval of the cycle it was
//! rolled forward from (its `approved_on` date, midnight). A cycle with neither counts
//! everything written in it. Entries at or after that time count (times are to the
//! minute: an edit in the minute of a sign-off counts as after it).

use crate::engine::model::{Cycle, Target};
use crate::engine::notes::{Author, CellRef};
use std::collections::BTreeMap;

/// One cell a person changed, and by how much in all.
#[derive(Clone, Debug, PartialEq)]
pub struct CellNet {
    pub cell: CellRef,
    /// The plan edited (`None` the base plan).
    pub plan: Option<u64>,
    /// Edits of this cell by this person.
    pub edits: usize,
    /// Σ (new − old) of their edits of this cell.
    pub net: f64,
    /// The reasons they gave for these edits (the non-empty ones, in the order written,
    /// each once).
    pub reasons: Vec<String>,
}

/// What one person did since the last meeting.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonChanges {
    pub author: Author,
    /// Cell edits (each history entry counts one; a pasted block one per cell).
    pub edits: usize,
    pub comments: usize,
    /// The cells they changed, in the order first changed.
    pub cells: Vec<CellNet>,
}

/// The by-person summary.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ByPerson {
    /// Since when (`YYYY-MM-DD HH:MM`), `None`: the whole cycle.
    pub since: Option<String>,
    /// What `since` is, in words ("the Demand review sign-off", …).
    pub since_what: String,
    /// People by name (then role).
    pub people: Vec<PersonChanges>,
}

/// The time of the last meeting of `c` and what it was (see the module doc);
/// `previous` is the cycle `c` was rolled forward from, if at hand.
pub fn last_meeting(c: &Cycle, previous: Option<&Cycle>) -> (Option<String>, String) {
    if let Some(s) = c.signoffs.iter().max_by(|a, b| a.at.cmp(&b.at)) {
        return (
            Some(s.at.clone()),
            format!("the {} sign-off ({})", s.stage.label(), s.at),
        );
    }
    let approved = previous
        .filter(|p| c.rolled_from.as_deref() == Some(p.id.as_str()))
        .and_then(|p| p.frozen.as_ref())
        .filter(|f| !f.approved_on.is_empty());
    match approved {
        Some(f) => (
            Some(format!("{} 00:00", &f.approved_on)),
            format!("the approval of the last cycle ({})", f.approved_on),
        ),
        None => (None, "the start of this cycle".into()),
    }
}

/// The changes of `c` since `since` (all if `None`), by person.
pub fn by_person(c: &Cycle, since: Option<&str>) -> Vec<PersonChanges> {
    let after = |at: &str| since.is_none_or(|s| at >= s);
    let mut people: BTreeMap<Author, PersonChanges> = BTreeMap::new();
    let new = |a: &Author| PersonChanges {
        author: a.clone(),
        edits: 0,
        comments: 0,
        cells: Vec::new(),
    };
    for e in c.notes.edits.iter().filter(|e| after(&e.at)) {
        let p = people.entry(e.by.clone()).or_insert_with(|| new(&e.by));
        p.edits += 1;
        match p
            .cells
            .iter_mut()
            .find(|x| x.cell == e.cell && x.plan == e.plan)
        {
            Some(x) => {
                x.edits += 1;
                x.net += e.new - e.old;
                if !e.reason.is_empty() && !x.reasons.contains(&e.reason) {
                    x.reasons.push(e.reason.clone());
                }
            }
            None => p.cells.push(CellNet {
                cell: e.cell.clone(),
                plan: e.plan,
                edits: 1,
                net: e.new - e.old,
                reasons: (!e.reason.is_empty())
                    .then(|| e.reason.clone())
                    .into_iter()
                    .collect(),
            }),
        }
    }
    for k in c.notes.comments.iter().filter(|k| after(&k.at)) {
        people
            .entry(k.by.clone())
            .or_insert_with(|| new(&k.by))
            .comments += 1;
    }
    people.into_values().collect()
}

/// The executive review's summary of `c` (see the module doc).
pub fn since_last_meeting(c: &Cycle, previous: Option<&Cycle>) -> ByPerson {
    let (since, since_what) = last_meeting(c, previous);
    let people = by_person(c, since.as_deref());
    ByPerson {
        since,
        since_what,
        people,
    }
}

/// The SKU or family of a cell, as the list shows it.
pub fn subject(cell: &CellRef) -> &str {
    match &cell.target {
        Target::Sku(s) | Target::Family(s) => s,
    }
}
