//! Persistence and import/export.
//!
//! - [`idb`] (browser only): the IndexedDB repository of workspaces.
//! - Backups are the JSON form of [`crate::engine::model::Workspace`]; [`backup`]
//!   reads and checks one before it is restored.
//! - [`handover`]: a workspace as one `<name>.sop.html` page that opens the app on it,
//!   and reading such a page (or its payload) back through the same checks.
//! - [`cycle_json`]: that JSON of a cycle built in short steps, reusing earlier work
//!   (saving a 10,000-SKU cycle must not block the page).

pub mod backup;
pub mod cycle_json;
pub mod export;
pub mod handover;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod import;
pub mod pending;

pub use backup::{BackupError, BackupSummary, read_backup, summary};

use std::fmt;

/// A storage failure, in words a planner understands, with the browser's own reason.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreError {
    /// What we were doing, e.g. "saving the workspace".
    pub action: String,
    /// The browser's reason (DOMException name and message), if any.
    pub reason: String,
}

impl StoreError {
    pub fn new(action: impl Into<String>, reason: impl Into<String>) -> Self {
        StoreError {
            action: action.into(),
            reason: reason.into(),
        }
    }

    /// True when the browser's storage quota is full.
    pub fn is_quota(&self) -> bool {
        self.reason.contains("QuotaExceeded") || self.reason.contains("quota")
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut action = self.action.chars();
        let action: String = match action.next() {
            Some(c) => c.to_uppercase().chain(action).collect(),
            None => String::new(),
        };
        if self.is_quota() {
            write!(
                f,
                "{action} failed: this browser's storage is full. Export a backup, then free \
                 space (delete old workspaces or site data). ({})",
                self.reason
            )
        } else if self.reason.contains("VersionError") {
            write!(
                f,
                "{action} failed: the data in this browser was saved by a newer version of \
                 the planner. Reload the page to get that version. ({})",
                self.reason
            )
        } else {
            write!(f, "{action} failed: {}", self.reason)
        }
    }
}

impl std::error::Error for StoreError {}

/// Reads a workspace backup (JSON), naming what is wrong when it cannot.
pub fn workspace_from_json(json: &str) -> Result<crate::engine::model::Workspace, StoreError> {
    serde_json::from_str(json).map_err(|e| {
        StoreError::new(
            "reading the workspace",
            format!("line {}, column {}: {}", e.line(), e.column(), e),
        )
    })
}

/// Writes a workspace as JSON (the lossless backup format).
pub fn workspace_to_json(w: &crate::engine::model::Workspace) -> String {
    serde_json::to_string(w).expect("a workspace always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;

    #[test]
    fn json_round_trip_is_lossless() {
        let w = demo_workspace();
        let back = workspace_from_json(&workspace_to_json(&w)).unwrap();
        assert_eq!(back, w);
    }

    #[test]
    fn corrupt_json_is_reported_with_its_place() {
        let e = workspace_from_json("{\"format\": 1,\n \"id\": 5}").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = workspace_from_json("").unwrap_err();
        assert!(
            e.to_string().contains("Reading the workspace failed"),
            "{e}"
        );
    }

    #[test]
    fn quota_errors_say_what_to_do() {
        let e = StoreError::new("saving the workspace", "QuotaExceededError: quota exceeded");
        assert!(e.is_quota());
        assert!(e.to_string().contains("Export a backup"));
    }
}
