//! Workspace settings: its name, how numbers are written.

use super::AppState;
use crate::engine::number::NumberFormat;
use leptos::prelude::*;

impl AppState {
    /// How the workspace writes numbers (`1,234.5` or `1.234,5`).
    pub fn number_format(&self) -> NumberFormat {
        self.workspace
            .with(|w| w.as_ref().map(|w| w.number_format))
            .unwrap_or_default()
    }

    /// Sets how the workspace writes numbers; saved like an edit.
    pub fn set_number_format(&self, f: NumberFormat) {
        let now = self
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.number_format));
        if now.is_none_or(|n| n == f) {
            return;
        }
        self.workspace.update(|w| {
            if let Some(w) = w {
                w.number_format = f;
            }
        });
        crate::ui::format::set_number_format(f);
        self.schedule_save();
    }

    /// Renames the open workspace (checked: see `Workspace::check_name`); saved like
    /// an edit. The error says what is wrong with the name.
    pub fn rename_workspace(&self, name: &str) -> Result<(), String> {
        let name = crate::engine::model::Workspace::check_name(name)?;
        let Some(id) = self
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.id.clone()))
        else {
            return Err("no workspace is open".into());
        };
        self.workspace.update(|w| {
            if let Some(w) = w {
                w.name = name.clone();
            }
        });
        self.workspaces.update(|list| {
            for (i, n) in list.iter_mut() {
                if *i == id {
                    *n = name.clone();
                }
            }
        });
        self.schedule_save();
        Ok(())
    }
}
