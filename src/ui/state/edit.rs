//! Edits: every change a planner makes is a [`Command`] applied to the current cycle;
//! its inverse goes on the undo stack, its change set to the plans' log, the team's
//! record and the unsaved changes (see `save.rs`), and a save is scheduled.

use super::*;

impl AppState {
    /// Applies an edit to the current cycle; on success it can be undone and is saved.
    pub fn apply(&self, cmd: Command) -> Result<(), CommandError> {
        self.apply_touching(cmd).map(|_| ())
    }

    /// [`AppState::apply`], returning what the edit touched (its change set).
    pub fn apply_touching(
        &self,
        cmd: Command,
    ) -> Result<crate::engine::change::ChangeSet, CommandError> {
        let (inverse, touched) = self.apply_raw(&cmd)?;
        self.undo.update(|u| u.push(inverse));
        self.redo.update(Vec::clear);
        Ok(touched)
    }

    fn apply_raw(
        &self,
        cmd: &Command,
    ) -> Result<(Command, crate::engine::change::ChangeSet), CommandError> {
        let mut result = Err(CommandError("no workspace is open".into()));
        if self.viewing.get_untracked().is_some() {
            let (old, current) = self.workspace.with_untracked(|w| {
                let w = w.as_ref();
                let label = |c: Option<&Cycle>| c.map(|c| c.label.to_string()).unwrap_or_default();
                (
                    label(w.and_then(|w| shown(w, self.viewing.get_untracked()))),
                    label(w.and_then(|w| w.cycles.last())),
                )
            });
            let e = CommandError(format!(
                "cycle {old} is an older cycle, shown read-only: pick the current cycle {current} in the top bar to edit"
            ));
            self.error.set(Some(e.to_string()));
            return Err(e);
        }
        self.workspace.maybe_update(|w| {
            if let Some(c) = w.as_mut().and_then(|w| w.cycles.last_mut()) {
                // What the edit touches, told by the command (see `engine::change`).
                match cmd.apply_touching(c) {
                    Ok((inverse, touched)) => {
                        if touched.touches_forecast() {
                            self.forecast_unchanged.set_value(false);
                        }
                        self.team_changes.update_value(|t| t.union(touched.clone()));
                        result = Ok((inverse, touched.clone()));
                        self.change_log.update_value(|l| {
                            l.push(touched);
                        });
                    }
                    Err(e) => result = Err(e),
                }
            }
            result.is_ok()
        });
        match &result {
            Ok((_, touched)) => {
                // Counted once the workspace's write has ended.
                if touched.touches_master() {
                    self.master_changed();
                } else if touched.touches_forecast() || touched.status {
                    self.data_changed();
                }
                self.error.set(None);
                self.schedule_save();
                self.note_unsaved(touched.clone());
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
        result
    }

    /// Counts a change that may touch the master data (see `master_rev`).
    pub(super) fn master_changed(&self) {
        self.master_rev.update_value(|r| *r += 1);
        self.data_changed();
    }

    /// Counts a change that may touch the master data, actuals, forecast settings or
    /// status (see `data_rev`).
    pub(super) fn data_changed(&self) {
        self.data_rev.update(|r| *r += 1);
    }

    pub fn can_undo(&self) -> bool {
        self.undo.with(|u| !u.is_empty())
    }

    pub fn can_redo(&self) -> bool {
        self.redo.with(|r| !r.is_empty())
    }

    pub fn undo(&self) {
        self.step_history(self.undo, self.redo);
    }

    pub fn redo(&self) {
        self.step_history(self.redo, self.undo);
    }

    fn step_history(&self, from: RwSignal<Vec<Command>>, to: RwSignal<Vec<Command>>) {
        let Some(cmd) = from.try_update(Vec::pop).flatten() else {
            return;
        };
        match self.apply_raw(&cmd) {
            Ok((inverse, _)) => to.update(|t| t.push(inverse)),
            // Refused (e.g. an older cycle is shown): the step stays to be taken later.
            Err(_) => from.update(|f| f.push(cmd)),
        }
    }
}
