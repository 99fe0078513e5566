//! What team work needs of the state: the edits' change sets since the team worker last
//! recorded them, and putting a merged cycle in place of the current one.

use super::AppState;
use crate::engine::change::ChangeSet;
use crate::engine::command::PlanRef;
use crate::engine::model::Cycle;
use leptos::prelude::*;

impl AppState {
    /// The union of what the edits since the last call touched (then empty again).
    pub fn take_team_changes(&self) -> ChangeSet {
        let mut out = ChangeSet::default();
        self.team_changes.update_value(|t| out = std::mem::take(t));
        out
    }

    /// Puts `cycle` (a merged shared cycle, validated by the team worker) in place of
    /// the current cycle; saved; undo and redo start afresh (their edits were made to
    /// the cycle before the merge).
    pub fn replace_current_cycle(&self, cycle: Cycle) {
        self.forecast_unchanged.set_value(false);
        self.master_changed();
        // Not an edit with a change set: the plans compare (see `reset_changes`).
        self.reset_changes();
        self.changed_whole();
        self.workspace
            .maybe_update(|w| match w.as_mut().and_then(|w| w.cycles.last_mut()) {
                Some(c) if *c != cycle => {
                    *c = cycle;
                    true
                }
                _ => false,
            });
        if self.active.get_untracked() != PlanRef::Base
            && self
                .with_cycle_untracked(|c| c.scenarios.is_empty())
                .unwrap_or(true)
        {
            self.active.set(PlanRef::Base);
        }
        self.undo.set(Vec::new());
        self.redo.set(Vec::new());
        self.team_changes.set_value(ChangeSet::default());
        self.schedule_save();
    }
}

impl AppState {
    /// Puts back change sets taken for a team request that failed.
    pub fn give_back_team_changes(&self, changes: ChangeSet) {
        self.team_changes.update_value(|t| t.union(changes));
    }
}

impl AppState {
    /// The browser database, if the page has one (not in private mode): where the team
    /// replicas are kept.
    pub fn repo(&self) -> Option<std::rc::Rc<crate::store::idb::Repo>> {
        self.repo.get_value()
    }

    /// Whether edits were made since the team worker last recorded them.
    pub fn has_team_changes(&self) -> bool {
        self.team_changes.with_value(|t| !t.is_empty())
    }

    /// Makes the running effect run again after each edit, undo or redo.
    pub fn track_edits(&self) {
        self.undo.track();
        self.redo.track();
    }
}
