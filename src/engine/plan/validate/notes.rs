//! Checks of a cycle's history entries and comments (`engine::notes`), for every way
//! they enter whole (a team merge, a restored backup): a malformed entry (no author,
//! a bad time, an empty or too long text, a value that is not a number, two entries
//! with one id) is an error; an entry whose cell or target is gone (a product removed
//! since) is kept, with a warning.

use super::{Issue, Out};
use crate::engine::model::Cycle;
use crate::engine::notes::{cell_exists, check_comment, check_edit, target_exists};
use std::collections::HashSet;

/// The issues of `c.notes`.
pub fn validate_notes(c: &Cycle) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let mut seen = HashSet::new();
    for e in &c.notes.edits {
        let at = format!("notes.edits[#{}]", e.id);
        if !seen.insert(e.id) {
            o.err(at.clone(), "two history entries have this id");
        }
        if let Err(m) = check_edit(e) {
            o.err(at.clone(), m);
        }
        if !cell_exists(c, &e.cell) {
            o.warn(at, format!("{} is not in the cycle", e.cell.label()));
        }
    }
    let mut seen = HashSet::new();
    for k in &c.notes.comments {
        let at = format!("notes.comments[#{}]", k.id);
        if !seen.insert(k.id) {
            o.err(at.clone(), "two comments have this id");
        }
        if let Err(m) = check_comment(k) {
            o.err(at.clone(), m);
        }
        if !target_exists(c, &k.target) {
            o.warn(at, format!("{} is not in the cycle", k.target.label()));
        }
    }
    o.0
}
