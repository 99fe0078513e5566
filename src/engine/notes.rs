//! Who changed which number and when, and the comments people attach to a cell, an
//! exception or a decision: the cycle's [`Notes`].
//!
//! A [`CellEdit`] is written by the same command as the edit it records (a grid edit is
//! `Batch[edit, Notes(Add)]`, one undo step): undoing the edit removes its entry, redo
//! puts it back; undo never invents an entry of its own. Times are given by the caller
//! (the page's clock, `YYYY-MM-DD HH:MM` like the meeting's sign-offs): the engine stays
//! pure and deterministic. The commands are in `engine::command::notes`; the checks of
//! a whole cycle's notes (a merge, a restore) in `engine::plan::validate`.

use crate::engine::meeting::is_date_time;
use crate::engine::model::{Cycle, Layer, Target};
use crate::engine::month::Month;
use serde::{Deserialize, Serialize};

/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 1000;
/// Longest name of an author, in characters (as the team's `Person`).
pub const MAX_NAME: usize = 60;
/// Longest role and reason, in characters.
pub const MAX_REASON: usize = 200;

/// Who wrote an entry: the person's name and role as this browser's person says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    /// The role's label (`Sales`, `Operations`, …); may be empty.
    #[serde(default)]
    pub role: String,
}

impl Author {
    /// "Ada (Sales)", or just the name without a role.
    pub fn label(&self) -> String {
        if self.role.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.role)
        }
    }

    /// A name of 1–60 characters and a role of at most 200, without control characters.
    pub fn check(&self) -> Result<(), String> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME || has_control(name) {
            return Err("the author's name is 1 to 60 characters, without line breaks".into());
        }
        if self.role.chars().count() > MAX_REASON || has_control(&self.role) {
            return Err("the author's role is too long or has line breaks".into());
        }
        Ok(())
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Who and when: what every entry carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub by: Author,
    /// `YYYY-MM-DD HH:MM`, the author's local time.
    pub at: String,
}

/// The row of a grid cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellRow {
    /// Units sold (history).
    Actual,
    Sales,
    Marketing,
    Consensus,
    /// Production of a SKU (the supply review's override).
    Production,
}

impl CellRow {
    /// The row of a waterfall layer.
    pub fn of_layer(layer: Layer) -> CellRow {
        match layer {
            Layer::Sales => CellRow::Sales,
            Layer::Marketing => CellRow::Marketing,
            Layer::Consensus => CellRow::Consensus,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CellRow::Actual => "Actual",
            CellRow::Sales => "Sales",
            CellRow::Marketing => "Marketing",
            CellRow::Consensus => "Consensus",
            CellRow::Production => "Production",
        }
    }
}

/// One cell of a grid: a SKU or family, a row, a month.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CellRef {
    pub target: Target,
    pub row: CellRow,
    pub month: Month,
}

impl CellRef {
    /// "KB-16 Sales Mar 2027".
    pub fn label(&self) -> String {
        let (Target::Sku(t) | Target::Family(t)) = &self.target;
        format!("{t} {} {}", self.row.label(), self.month.short_label())
    }
}

/// What a comment is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum NoteTarget {
    Cell(CellRef),
    /// An exception of the plan, by its key (`engine::review::exceptions::Item::key`)
    /// and what it said when the comment was written.
    Exception {
        key: String,
        title: String,
    },
    /// A line of the decisions log.
    Decision {
        id: u64,
    },
}

impl NoteTarget {
    /// What the target is called on screen.
    pub fn label(&self) -> String {
        match self {
            NoteTarget::Cell(c) => c.label(),
            NoteTarget::Exception { title, .. } => title.clone(),
            NoteTarget::Decision { id } => format!("decision #{id}"),
        }
    }
}

/// One change of a number in a grid: who, when, old → new, why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellEdit {
    pub id: u64,
    /// The plan edited: `None` the base plan, `Some(id)` scenario `id`.
    #[serde(default)]
    pub plan: Option<u64>,
    pub cell: CellRef,
    pub by: Author,
    pub at: String,
    /// The value the cell showed before and the value typed.
    pub old: f64,
    pub new: f64,
    #[serde(default)]
    pub reason: String,
}

/// A comment on a cell, an exception or a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    pub target: NoteTarget,
    pub by: Author,
    pub at: String,
    pub text: String,
}

/// The cycle's history of cell edits and its comments, in the order written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Notes {
    #[serde(default)]
    pub edits: Vec<CellEdit>,
    #[serde(default)]
    pub comments: Vec<Comment>,
}

impl Notes {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.comments.is_empty()
    }

    /// The history of `cell` in plan `plan`, newest first.
    pub fn history_of(&self, cell: &CellRef, plan: Option<u64>) -> Vec<&CellEdit> {
        let mut v: Vec<&CellEdit> = self
            .edits
            .iter()
            .filter(|e| e.cell == *cell && e.plan == plan)
            .collect();
        v.reverse();
        v
    }

    /// The comments on `target`, newest first.
    pub fn comments_on(&self, target: &NoteTarget) -> Vec<&Comment> {
        let mut v: Vec<&Comment> = self
            .comments
            .iter()
            .filter(|c| c.target == *target)
            .collect();
        v.reverse();
        v
    }

    /// Whether `cell` has history (in `plan`) or comments.
    pub fn has_notes(&self, cell: &CellRef, plan: Option<u64>) -> bool {
        self.edits.iter().any(|e| e.cell == *cell && e.plan == plan)
            || self
                .comments
                .iter()
                .any(|c| matches!(&c.target, NoteTarget::Cell(x) if x == cell))
    }
}

/// The checks of one cell edit's own fields (not its cell).
pub fn check_edit(e: &CellEdit) -> Result<(), String> {
    e.by.check()?;
    check_at(&e.at)?;
    if !e.old.is_finite() || !e.new.is_finite() {
        return Err(format!("{}: old and new must be numbers", e.cell.label()));
    }
    if e.reason.chars().count() > MAX_REASON || has_control(&e.reason) {
        return Err("a reason is at most 200 characters, without line breaks".into());
    }
    Ok(())
}

/// The checks of one comment's own fields (not its target).
pub fn check_comment(c: &Comment) -> Result<(), String> {
    c.by.check()?;
    check_at(&c.at)?;
    let text = c.text.trim();
    if text.is_empty() {
        return Err("a comment needs some text".into());
    }
    let n = text.chars().count();
    if n > MAX_COMMENT {
        return Err(format!(
            "a comment is at most {MAX_COMMENT} characters, this one has {n}"
        ));
    }
    if text.chars().any(|ch| ch.is_control() && ch != '\n') {
        return Err("a comment may not hold control characters".into());
    }
    if let NoteTarget::Exception { key, title } = &c.target
        && (key.trim().is_empty() || key.len() > 400 || title.len() > 400)
    {
        return Err("the exception commented on has no usable key".into());
    }
    Ok(())
}

fn check_at(at: &str) -> Result<(), String> {
    if is_date_time(at) {
        Ok(())
    } else {
        Err(format!("time '{at}' is not YYYY-MM-DD HH:MM"))
    }
}

/// Whether `cell` names a SKU or family of `c` and a month of its history or plan.
pub fn cell_exists(c: &Cycle, cell: &CellRef) -> bool {
    let known = match &cell.target {
        Target::Sku(s) => c.master.products.iter().any(|p| p.sku == *s),
        Target::Family(f) => c.master.families.iter().any(|x| x.id == *f),
    };
    let last = c.label.plus(c.horizon as i32 - 1);
    let first = c
        .history
        .iter()
        .map(|h| h.start)
        .min()
        .unwrap_or(c.label)
        .min(c.label);
    known && cell.month >= first && cell.month <= last
}

/// Whether the target of a comment exists in `c` (an exception's key is not checked:
/// exceptions come and go with the plan).
pub fn target_exists(c: &Cycle, t: &NoteTarget) -> bool {
    match t {
        NoteTarget::Cell(cell) => cell_exists(c, cell),
        NoteTarget::Exception { .. } => true,
        NoteTarget::Decision { id } => c.decisions.iter().any(|d| d.id == *id),
    }
}
