//! Restoring a workspace backup: the JSON is read and passes the same validation as
//! every other way data enters before anything stored is replaced, and
//! [`summary`] says what the backup holds so that the planner can confirm.

use super::workspace_from_json;
use crate::engine::model::Workspace;
use crate::engine::plan::validate::{Severity, validate_workspace};
use std::fmt;

/// Problems listed when a backup is refused; the rest are counted.
pub const MAX_LISTED: usize = 10;

/// Why a backup cannot be restored. Nothing stored is touched.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupError {
    /// The file is empty.
    Empty,
    /// Not JSON of a workspace; the reason names line and column.
    Unreadable(String),
    /// A workspace without any cycle (restoring it would empty the workspace).
    NoCycle,
    /// Read, but it would not plan: the first [`MAX_LISTED`] errors in planner words
    /// ("cycle 2026-11, product EB-CITY-500: price must not be negative, got -5") and
    /// how many there are.
    Invalid { problems: Vec<String>, total: usize },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::Empty => {
                f.write_str("the backup file is empty; choose the .json file the planner exported")
            }
            BackupError::Unreadable(why) => {
                write!(f, "this is not a planner backup (JSON): {why}")
            }
            BackupError::NoCycle => f.write_str(
                "the backup holds no cycle; restoring it would leave an empty workspace",
            ),
            BackupError::Invalid { problems, total } => {
                write!(
                    f,
                    "the backup cannot be restored: {total} problem{} found",
                    if *total == 1 { "" } else { "s" }
                )?;
                for p in problems {
                    write!(f, "\n- {p}")?;
                }
                if *total > problems.len() {
                    write!(f, "\n… and {} more", total - problems.len())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BackupError {}

/// Reads a backup and checks it with `engine::plan::validate::validate_workspace`:
/// the workspace, or why it must not be restored.
pub fn read_backup(json: &str) -> Result<Workspace, BackupError> {
    if json.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    let w = workspace_from_json(json).map_err(|e| BackupError::Unreadable(e.reason))?;
    if w.cycles.is_empty() {
        return Err(BackupError::NoCycle);
    }
    let errors: Vec<_> = validate_workspace(&w)
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(w);
    }
    let problems = errors
        .iter()
        .take(MAX_LISTED)
        .map(|i| {
            let mut i = i.clone();
            // Cycles by their month, as the planner knows them.
            let placed = w.cycles.iter().find_map(|c| {
                let rest = i.field.strip_prefix(&format!("cycles[{}].", c.id))?;
                Some(format!("cycles[{}].{rest}", c.label))
            });
            if let Some(field) = placed {
                i.field = field;
            }
            i.in_words()
        })
        .collect();
    Err(BackupError::Invalid {
        problems,
        total: errors.len(),
    })
}

/// What a backup holds, to show before it replaces anything.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupSummary {
    pub id: String,
    pub name: String,
    pub cycles: usize,
    /// Month of the newest cycle, e.g. "2026-11".
    pub newest_label: String,
    /// Its status in lower case, e.g. "draft".
    pub newest_status: String,
    /// Products of the newest cycle.
    pub products: usize,
    /// When the backup was exported (ms since 1970), if it says.
    pub exported_at: Option<f64>,
}

/// The summary of a workspace read by [`read_backup`].
pub fn summary(w: &Workspace) -> BackupSummary {
    let newest = w.cycles.iter().max_by_key(|c| c.label);
    BackupSummary {
        id: w.id.clone(),
        name: w.name.clone(),
        cycles: w.cycles.len(),
        newest_label: newest.map(|c| c.label.to_string()).unwrap_or_default(),
        newest_status: newest
            .map(|c| c.status.label().to_lowercase())
            .unwrap_or_default(),
        products: newest.map_or(0, |c| c.master.products.len()),
        exported_at: w.exported_at,
    }
}

impl fmt::Display for BackupSummary {
    /// "Northwind Cycles (demo): 2 cycles, newest 2026-11 (draft), 30 products".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{}: {} cycle{}, newest {} ({}), {} product{}",
            self.name,
            self.cycles,
            s(self.cycles),
            self.newest_label,
            self.newest_status,
            self.products,
            s(self.products)
        )
    }
}
