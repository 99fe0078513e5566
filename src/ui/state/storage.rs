//! Opening, switching, creating and deleting workspaces (the stored side of the state).

use super::*;

impl AppState {
    pub(super) async fn load(self) {
        let sample = sample_size_from_url();
        // Opening waits while another tab holds an older version of the database open
        // (an upgrade is blocked): say so instead of showing "Loading" forever.
        let state = self;
        spawn_local(async move {
            TimeoutFuture::new(4000).await;
            if state.save.get_untracked() == SaveState::Loading {
                state.error.set(Some(
                    "Waiting for the browser's storage: another tab of the planner (an older \
                     version) keeps it open. Close or reload the other tabs of the planner."
                        .into(),
                ));
            }
        });
        match Repo::open(DB_NAME).await {
            Ok(repo) => {
                let repo = Rc::new(repo);
                self.repo.set_value(Some(repo.clone()));
                let loaded = match sample {
                    Some(n) => repo.load(&format!("sample-{n}")).await,
                    None => repo.load_current().await,
                };
                match loaded {
                    Ok(Some(loaded)) => self.open_loaded(loaded),
                    Ok(None) => {
                        let w = match sample {
                            Some(n) => demo::sample_workspace(n),
                            None => demo::demo_workspace(),
                        };
                        // Generating a large company and showing it (first render and
                        // plan) are tasks of their own, so the page never blocks for both.
                        TimeoutFuture::new(0).await;
                        self.show(w, 0);
                        self.save.set(SaveState::Pending);
                        self.save_now().await;
                    }
                    Err(e) => {
                        // Keep what is stored untouched: work on the demo in memory only.
                        self.repo.set_value(None);
                        self.show(demo::demo_workspace(), 0);
                        self.save.set(SaveState::Failed(format!(
                            "{e}. Showing the demo company; changes are not saved."
                        )));
                    }
                }
            }
            Err(e) => {
                self.show(demo::demo_workspace(), 0);
                self.save.set(SaveState::Failed(format!(
                    "{e}. This browser does not let the page store data (private mode?); \
                     changes are kept only until the tab is closed."
                )));
            }
        }
        self.refresh_list().await;
    }

    /// Shows workspace `w` (stored at revision `rev`, 0 = not stored yet) as the open
    /// one: a fresh start for undo, the active plan and the selection. Edits of the
    /// workspace open until now that are not saved yet (switched away within the save
    /// delay) are written as its pending record first, adopted when it is opened again.
    pub(super) fn show(&self, w: Workspace, rev: u32) {
        self.flush();
        self.forecast_unchanged.set_value(false);
        self.master_changed();
        self.reset_changes();
        self.rev.set_value(rev);
        self.edit_stamp.set_value(0.0);
        self.saved_stamp.set_value(0.0);
        self.flushed_stamp.set_value(0.0);
        self.unsaved_changes.set_value(Vec::new());
        self.whole_from.set_value(0.0);
        self.notice.set(None);
        self.viewing.set(None);
        self.save_all.set_value(rev == 0);
        self.undo.set(Vec::new());
        self.redo.set(Vec::new());
        self.active.set(PlanRef::Base);
        self.selection.set(None);
        self.stale.set(false);
        self.base_checkpoint.set(None);
        self.workspace.set(Some(w));
        self.save.set(SaveState::Saved);
    }

    /// Shows a workspace as loaded, and acts on unsaved edits found with it.
    fn open_loaded(&self, l: Loaded) {
        self.show(l.workspace, l.rev);
        self.recover(l.recovered);
    }

    /// Re-reads the list of stored workspaces (for the workspace menu).
    pub async fn refresh_list(self) {
        if let Some(repo) = self.repo.get_value()
            && let Ok(list) = repo.list().await
        {
            self.workspaces
                .set(list.into_iter().map(|r| (r.id, r.name)).collect());
        }
    }

    /// Opens the stored workspace `id`.
    pub fn switch_to(&self, id: String) {
        let state = *self;
        let Some(repo) = self.repo.get_value() else {
            return;
        };
        spawn_local(async move {
            match repo.load(&id).await {
                Ok(Some(loaded)) => state.open_loaded(loaded),
                Ok(None) => state
                    .error
                    .set(Some(format!("Workspace {id} is no longer stored."))),
                Err(e) => state.error.set(Some(e.to_string())),
            }
        });
    }

    /// Opens `w` as a new workspace and saves it. If a workspace with its id is stored
    /// already, it is replaced only when `replace` is true (restoring a backup).
    pub fn open_new(&self, w: Workspace, replace: bool) {
        self.open_new_saying(w, replace, None);
    }

    /// [`AppState::open_new`], then shows `notice` (once the workspace is shown).
    pub fn open_new_saying(&self, w: Workspace, replace: bool, notice: Option<String>) {
        let state = *self;
        let repo = self.repo.get_value();
        spawn_local(async move {
            let stored_rev = match &repo {
                Some(r) => r.revision(&w.id).await.unwrap_or(0),
                None => 0,
            };
            if stored_rev > 0 && !replace {
                state.error.set(Some(format!(
                    "A workspace with id {} is already stored; open it from the workspace menu.",
                    w.id
                )));
                return;
            }
            state.show(w, stored_rev);
            if notice.is_some() {
                state.notice.set(notice);
            }
            state.save_all.set_value(true);
            state.save_whole().await;
            state.refresh_list().await;
        });
    }

    /// Deletes the open workspace from storage and opens the demo company.
    pub fn delete_current(&self) {
        let state = *self;
        let Some(repo) = self.repo.get_value() else {
            return;
        };
        let Some(id) = self
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.id.clone()))
        else {
            return;
        };
        // Its unsaved edits go with it (no pending record for a deleted workspace).
        self.discard_unsaved();
        spawn_local(async move {
            if let Err(e) = repo.delete(&id).await {
                state.error.set(Some(e.to_string()));
                return;
            }
            match repo.load(&demo::demo_workspace().id).await {
                Ok(Some(loaded)) => state.open_loaded(loaded),
                _ => {
                    state.show(demo::demo_workspace(), 0);
                    state.save_now().await;
                }
            }
            state.refresh_list().await;
        });
    }

    /// The workspace stored under `id` and the time of its last save, for comparing a
    /// backup with it; the open workspace as it is now (unsaved edits included) if it
    /// is that one.
    pub async fn stored_workspace(
        self,
        id: &str,
    ) -> Result<Option<(Workspace, f64)>, crate::store::StoreError> {
        let Some(repo) = self.repo.get_value() else {
            return Ok(None);
        };
        let Some(record) = repo.record(id).await? else {
            return Ok(None);
        };
        let open = self
            .workspace
            .with_untracked(|w| w.as_ref().filter(|w| w.id == id).cloned());
        let w = match open {
            Some(w) => w,
            None => match repo.load(id).await? {
                Some(l) => l.workspace,
                None => return Ok(None),
            },
        };
        Ok(Some((w, record.saved_at)))
    }
}
