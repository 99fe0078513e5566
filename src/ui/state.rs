//! The app's state: the stored workspace as a signal, the derived forecast, commands
//! with undo/redo, and auto-save with a truthful "saved" indicator.

use crate::engine::command::{Command, CommandError};
use crate::engine::model::{Baseline, Cycle, Workspace};
use crate::engine::{demo, forecast};
use crate::store::StoreError;
use crate::store::idb::{DB_NAME, Repo};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Milliseconds of quiet after an edit before it is saved (several quick edits are
/// saved together, always well within half a second).
const SAVE_DELAY_MS: u32 = 250;

/// What the "saved" indicator shows.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Reading the stored workspace; inputs stay disabled.
    Loading,
    /// Everything shown is in IndexedDB.
    Saved,
    /// An edit is waiting to be saved (or being saved).
    Pending,
    /// Saving failed; the work is kept in memory (export it).
    Failed(String),
}

/// Shared app state, provided as context. Copy: all fields are arena handles.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The open workspace; `None` while loading.
    pub workspace: RwSignal<Option<Workspace>>,
    pub save: RwSignal<SaveState>,
    /// The SKU chosen in the demand review.
    pub sku: RwSignal<Option<String>>,
    /// Statistical baseline of every SKU of the current cycle (derived).
    pub baselines: Memo<Vec<Baseline>>,
    /// The last refused edit, shown to the planner.
    pub error: RwSignal<Option<String>>,
    undo: RwSignal<Vec<Command>>,
    redo: RwSignal<Vec<Command>>,
    save_gen: StoredValue<u64>,
    repo: StoredValue<Option<Rc<Repo>>, LocalStorage>,
}

impl AppState {
    /// Creates the state and starts loading the stored workspace (or the demo company
    /// on a first visit).
    pub fn new() -> Self {
        let workspace: RwSignal<Option<Workspace>> = RwSignal::new(None);
        let baselines = Memo::new(move |_| {
            workspace.with(|w| {
                w.as_ref()
                    .and_then(|w| w.cycles.last())
                    .map(forecast::baselines)
                    .unwrap_or_default()
            })
        });
        let state = AppState {
            workspace,
            save: RwSignal::new(SaveState::Loading),
            sku: RwSignal::new(None),
            baselines,
            error: RwSignal::new(None),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
            save_gen: StoredValue::new(0),
            repo: StoredValue::new_local(None),
        };
        spawn_local(state.load());
        state
    }

    async fn load(self) {
        match Repo::open(DB_NAME).await {
            Ok(repo) => {
                let repo = Rc::new(repo);
                self.repo.set_value(Some(repo.clone()));
                match repo.load_current().await {
                    Ok(Some(w)) => {
                        self.workspace.set(Some(w));
                        self.save.set(SaveState::Saved);
                    }
                    Ok(None) => {
                        self.workspace.set(Some(demo::demo_workspace()));
                        self.save_now().await;
                    }
                    Err(e) => {
                        // Keep what is stored untouched: work on the demo in memory only.
                        self.repo.set_value(None);
                        self.workspace.set(Some(demo::demo_workspace()));
                        self.save.set(SaveState::Failed(format!(
                            "{e}. Showing the demo company; changes are not saved."
                        )));
                    }
                }
            }
            Err(e) => {
                self.workspace.set(Some(demo::demo_workspace()));
                self.save.set(SaveState::Failed(format!(
                    "{e}. This browser does not let the page store data (private mode?); \
                     changes are kept only until the tab is closed."
                )));
            }
        }
    }

    /// Reads the current cycle (the newest of the workspace).
    pub fn with_cycle<R>(&self, f: impl FnOnce(&Cycle) -> R) -> Option<R> {
        self.workspace
            .with(|w| w.as_ref().and_then(|w| w.cycles.last()).map(f))
    }

    pub fn loaded(&self) -> bool {
        self.save.with(|s| *s != SaveState::Loading)
    }

    /// Applies an edit to the current cycle; on success it can be undone and is saved.
    pub fn apply(&self, cmd: Command) -> Result<(), CommandError> {
        let inverse = self.apply_raw(&cmd)?;
        self.undo.update(|u| u.push(inverse));
        self.redo.update(Vec::clear);
        Ok(())
    }

    fn apply_raw(&self, cmd: &Command) -> Result<Command, CommandError> {
        let mut result = Err(CommandError("no workspace is open".into()));
        self.workspace.maybe_update(|w| {
            if let Some(c) = w.as_mut().and_then(|w| w.cycles.last_mut()) {
                result = cmd.apply(c);
            }
            result.is_ok()
        });
        match &result {
            Ok(_) => {
                self.error.set(None);
                self.schedule_save();
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
        result
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
        if let Ok(inverse) = self.apply_raw(&cmd) {
            to.update(|t| t.push(inverse));
        }
    }

    /// Saves after a short quiet period; the indicator says "saving" until it is done.
    fn schedule_save(&self) {
        let state = *self;
        let generation = self.save_gen.get_value() + 1;
        self.save_gen.set_value(generation);
        if self.repo.with_value(Option::is_none) {
            return; // storage unavailable: the Failed message stays
        }
        self.save.set(SaveState::Pending);
        spawn_local(async move {
            TimeoutFuture::new(SAVE_DELAY_MS).await;
            if state.save_gen.get_value() == generation {
                state.save_now().await;
            }
        });
    }

    async fn save_now(self) {
        let Some(repo) = self.repo.get_value() else {
            return;
        };
        let generation = self.save_gen.get_value();
        let Some(w) = self.workspace.get_untracked() else {
            return;
        };
        let result: Result<(), StoreError> = repo.save_workspace(&w).await;
        match result {
            Ok(()) if self.save_gen.get_value() == generation => self.save.set(SaveState::Saved),
            Ok(()) => {} // a newer edit is on its way
            Err(e) => self.save.set(SaveState::Failed(format!(
                "{e}. Your changes are kept in this tab: export a backup before closing it."
            ))),
        }
    }
}
