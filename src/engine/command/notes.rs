//! The commands of the cells' history and the comments (`engine::notes`): entries are
//! added by the edit they record ([`with_history`]), comments added and deleted by
//! their author ([`add_comment`], [`delete_comment`]), and a reason attached later to
//! a person's latest edit of a cell ([`set_reason`]). One [`NotesChange`] does all
//! four; its inverse restores exactly (removed entries go back at their places, a
//! replaced reason comes back).

use super::{Command, CommandError, next_id};
use crate::engine::model::Cycle;
use crate::engine::notes::{
    Author, CellEdit, CellRef, Comment, NoteTarget, Stamp, cell_exists, check_comment, check_edit,
    target_exists,
};

/// A change of the cycle's notes.
#[derive(Clone, Debug, PartialEq)]
pub enum NotesChange {
    /// Appends history entries and comments (their ids must be new).
    Add {
        edits: Vec<CellEdit>,
        comments: Vec<Comment>,
    },
    /// Removes the entries and comments with these ids.
    Remove { edits: Vec<u64>, comments: Vec<u64> },
    /// Puts removed entries back at their positions (ascending): `Remove`'s inverse.
    Insert {
        edits: Vec<(usize, CellEdit)>,
        comments: Vec<(usize, Comment)>,
    },
    /// Sets the reason of history entry `id` (checked by `engine::notes::check_edit`:
    /// at most 200 characters, no line breaks); its inverse sets the old reason back.
    Reason { id: u64, reason: String },
}

fn err(s: impl Into<String>) -> CommandError {
    CommandError(s.into())
}

/// Removes the items whose id is in `ids` (all must be there); their positions and values.
fn remove_ids<T: Clone>(
    v: &mut Vec<T>,
    ids: &[u64],
    id: impl Fn(&T) -> u64,
    what: &str,
) -> Result<Vec<(usize, T)>, CommandError> {
    let mut at: Vec<usize> = Vec::with_capacity(ids.len());
    for i in ids {
        let p = v
            .iter()
            .position(|x| id(x) == *i)
            .ok_or_else(|| err(format!("{what} #{i} no longer exists")))?;
        at.push(p);
    }
    at.sort_unstable();
    at.dedup();
    let out: Vec<(usize, T)> = at.iter().map(|p| (*p, v[*p].clone())).collect();
    for p in at.iter().rev() {
        v.remove(*p);
    }
    Ok(out)
}

impl NotesChange {
    /// Applies the change (see [`Command::apply`]); returns its inverse.
    pub(crate) fn apply(&self, c: &mut Cycle) -> Result<NotesChange, CommandError> {
        match self {
            NotesChange::Add { edits, comments } => {
                for e in edits {
                    check_edit(e).map_err(err)?;
                    if !cell_exists(c, &e.cell) {
                        return Err(err(format!("{}: no such cell", e.cell.label())));
                    }
                }
                for k in comments {
                    check_comment(k).map_err(err)?;
                    if !target_exists(c, &k.target) {
                        return Err(err(format!(
                            "{}: nothing to comment on there",
                            k.target.label()
                        )));
                    }
                }
                let taken = |ids: &mut dyn Iterator<Item = u64>, new: &[u64]| {
                    let mut seen: std::collections::HashSet<u64> = ids.collect();
                    new.iter().all(|i| seen.insert(*i))
                };
                let (ne, nc): (Vec<u64>, Vec<u64>) = (
                    edits.iter().map(|e| e.id).collect(),
                    comments.iter().map(|k| k.id).collect(),
                );
                if !taken(&mut c.notes.edits.iter().map(|e| e.id), &ne)
                    || !taken(&mut c.notes.comments.iter().map(|k| k.id), &nc)
                {
                    return Err(err("an entry with this id exists already"));
                }
                c.notes.edits.extend(edits.iter().cloned());
                c.notes.comments.extend(comments.iter().cloned());
                Ok(NotesChange::Remove {
                    edits: ne,
                    comments: nc,
                })
            }
            NotesChange::Remove { edits, comments } => {
                let mut work = c.notes.clone();
                let e = remove_ids(&mut work.edits, edits, |x| x.id, "history entry")?;
                let k = remove_ids(&mut work.comments, comments, |x| x.id, "comment")?;
                c.notes = work;
                Ok(NotesChange::Insert {
                    edits: e,
                    comments: k,
                })
            }
            NotesChange::Insert { edits, comments } => {
                for (p, e) in edits {
                    let p = (*p).min(c.notes.edits.len());
                    c.notes.edits.insert(p, e.clone());
                }
                for (p, k) in comments {
                    let p = (*p).min(c.notes.comments.len());
                    c.notes.comments.insert(p, k.clone());
                }
                Ok(NotesChange::Remove {
                    edits: edits.iter().map(|(_, e)| e.id).collect(),
                    comments: comments.iter().map(|(_, k)| k.id).collect(),
                })
            }
            NotesChange::Reason { id, reason } => {
                let e = c
                    .notes
                    .edits
                    .iter_mut()
                    .find(|e| e.id == *id)
                    .ok_or_else(|| err(format!("history entry #{id} no longer exists")))?;
                let mut with = e.clone();
                with.reason = reason.clone();
                check_edit(&with).map_err(err)?;
                let old = std::mem::replace(&mut e.reason, reason.clone());
                Ok(NotesChange::Reason {
                    id: *id,
                    reason: old,
                })
            }
        }
    }

    /// The ids of the history entries and of the comments this change adds or removes.
    pub fn ids(&self) -> (Vec<u64>, Vec<u64>) {
        match self {
            NotesChange::Add { edits, comments } => (
                edits.iter().map(|e| e.id).collect(),
                comments.iter().map(|k| k.id).collect(),
            ),
            NotesChange::Remove { edits, comments } => (edits.clone(), comments.clone()),
            NotesChange::Insert { edits, comments } => (
                edits.iter().map(|(_, e)| e.id).collect(),
                comments.iter().map(|(_, k)| k.id).collect(),
            ),
            NotesChange::Reason { id, .. } => (vec![*id], Vec::new()),
        }
    }
}

/// One changed cell for [`with_history`]: the cell, the plan (`None` the base), the
/// value it showed and the value typed.
#[derive(Clone, Debug, PartialEq)]
pub struct CellChange {
    pub cell: CellRef,
    pub plan: Option<u64>,
    pub old: f64,
    pub new: f64,
}

/// `edit` with a history entry per changed cell (cells whose value did not change get
/// none), as one command: one undo step removes both. `edit` alone if nothing changed.
pub fn with_history(
    c: &Cycle,
    edit: Command,
    cells: Vec<CellChange>,
    stamp: &Stamp,
    reason: &str,
) -> Command {
    let mut id = next_id(c.notes.edits.iter().map(|e| e.id));
    let edits: Vec<CellEdit> = cells
        .into_iter()
        .filter(|x| (x.new - x.old).abs() > 1e-9)
        .map(|x| {
            let e = CellEdit {
                id,
                plan: x.plan,
                cell: x.cell,
                by: stamp.by.clone(),
                at: stamp.at.clone(),
                old: x.old,
                new: x.new,
                reason: reason.trim().to_string(),
            };
            id += 1;
            e
        })
        .collect();
    if edits.is_empty() {
        return edit;
    }
    let notes = Command::Notes(Box::new(NotesChange::Add {
        edits,
        comments: Vec::new(),
    }));
    match edit {
        Command::Batch(mut v) => {
            v.push(notes);
            Command::Batch(v)
        }
        one => Command::Batch(vec![one, notes]),
    }
}

/// The command adding a comment by `stamp` on `target`; refused (with the reason) when
/// the text is empty or too long, the author unnamed or the target unknown.
pub fn add_comment(
    c: &Cycle,
    target: NoteTarget,
    stamp: &Stamp,
    text: &str,
) -> Result<Command, CommandError> {
    let comment = Comment {
        id: next_id(c.notes.comments.iter().map(|k| k.id)),
        target,
        by: stamp.by.clone(),
        at: stamp.at.clone(),
        text: text.trim().to_string(),
    };
    check_comment(&comment).map_err(err)?;
    if !target_exists(c, &comment.target) {
        return Err(err(format!(
            "{}: nothing to comment on there",
            comment.target.label()
        )));
    }
    Ok(Command::Notes(Box::new(NotesChange::Add {
        edits: Vec::new(),
        comments: vec![comment],
    })))
}

/// The command deleting comment `id`; only its author (same name) may.
pub fn delete_comment(c: &Cycle, id: u64, by: &Author) -> Result<Command, CommandError> {
    let k = c
        .notes
        .comments
        .iter()
        .find(|k| k.id == id)
        .ok_or_else(|| err(format!("comment #{id} no longer exists")))?;
    if k.by.name.trim() != by.name.trim() {
        return Err(err(format!(
            "only {} can delete this comment",
            k.by.name.trim()
        )));
    }
    Ok(Command::Notes(Box::new(NotesChange::Remove {
        edits: Vec::new(),
        comments: vec![id],
    })))
}

/// The latest history entry of `cell` in plan `plan` written by `by` (same name), if any:
/// the edit a reason typed afterwards belongs to.
pub fn latest_edit_by<'a>(
    c: &'a Cycle,
    cell: &CellRef,
    plan: Option<u64>,
    by: &Author,
) -> Option<&'a CellEdit> {
    c.notes
        .history_of(cell, plan)
        .into_iter()
        .find(|e| e.by.name.trim() == by.name.trim())
}

/// The command attaching `reason` (trimmed) to `by`'s latest edit of `cell` in `plan`
/// ("Reason for my last change"); refused when they have not edited that cell or the
/// reason breaks `engine::notes::check_edit` (over 200 characters, a line break).
/// An empty reason clears it.
pub fn set_reason(
    c: &Cycle,
    cell: &CellRef,
    plan: Option<u64>,
    by: &Author,
    reason: &str,
) -> Result<Command, CommandError> {
    let e = latest_edit_by(c, cell, plan, by).ok_or_else(|| {
        err(format!(
            "{} has not changed {} in this plan: a reason goes with one's own edit",
            by.name.trim(),
            cell.label()
        ))
    })?;
    set_reasons(c, &[e.id], by, reason)
}

/// The command attaching `reason` (trimmed) to the history entries `ids` — e.g. every
/// cell of one grid edit or paste, as its change set's `cell_edits` names them — one
/// undo step; refused when one is gone, is not `by`'s own, or the reason breaks
/// `engine::notes::check_edit`. An empty reason clears them.
pub fn set_reasons(
    c: &Cycle,
    ids: &[u64],
    by: &Author,
    reason: &str,
) -> Result<Command, CommandError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let e = c
            .notes
            .edits
            .iter()
            .find(|e| e.id == *id)
            .ok_or_else(|| err(format!("change #{id} is no longer in the history")))?;
        if e.by.name.trim() != by.name.trim() {
            return Err(err(format!(
                "{} made the change to {}: a reason goes with one's own edit",
                e.by.name.trim(),
                e.cell.label()
            )));
        }
        let mut with = e.clone();
        with.reason = reason.trim().to_string();
        check_edit(&with).map_err(err)?;
        out.push(Command::Notes(Box::new(NotesChange::Reason {
            id: *id,
            reason: with.reason,
        })));
    }
    match out.len() {
        0 => Err(err("no change to give a reason for")),
        1 => Ok(out.remove(0)),
        _ => Ok(Command::Batch(out)),
    }
}
