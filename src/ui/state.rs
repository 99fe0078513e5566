//! The app's state: the stored workspace as a signal, the derived forecast, commands
//! with undo/redo, and auto-save with a truthful "saved" indicator.

use crate::engine::command::{Command, CommandError};
use crate::engine::model::{Baseline, Cycle, Workspace};
use crate::engine::{demo, forecast};
use crate::store::idb::{DB_NAME, Loaded, Repo, SaveError};
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
    /// Another tab saved this workspace: nothing more is saved here until a reload.
    Conflict,
}

/// Messages between tabs of the app (BroadcastChannel `sop-planner`).
const CHANNEL: &str = "sop-planner";

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
    /// Another tab saved a newer revision of this workspace.
    pub stale: RwSignal<bool>,
    undo: RwSignal<Vec<Command>>,
    redo: RwSignal<Vec<Command>>,
    save_gen: StoredValue<u64>,
    /// Stored revision this tab's workspace is based on.
    rev: StoredValue<u32>,
    /// Save every cycle next time (first save, roll forward, import), not just the current.
    save_all: StoredValue<bool>,
    /// This tab's id (written with each save, sent to other tabs).
    tab: StoredValue<String>,
    repo: StoredValue<Option<Rc<Repo>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
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
            stale: RwSignal::new(false),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
            save_gen: StoredValue::new(0),
            rev: StoredValue::new(0),
            save_all: StoredValue::new(true),
            tab: StoredValue::new(format!("tab-{:x}", (js_sys::Math::random() * 1e12) as u64)),
            repo: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
        };
        state.listen_to_other_tabs();
        spawn_local(state.load());
        state
    }

    /// Another tab announces each save; a newer revision of our workspace makes us stale.
    fn listen_to_other_tabs(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let state = *self;
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
                let ws = field("workspace").and_then(|v| v.as_string());
                let rev = field("rev").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
                let ours = state
                    .workspace
                    .with_untracked(|w| w.as_ref().map(|w| w.id.clone()));
                if ws.is_some() && ws == ours && rev > state.rev.get_value() {
                    state.stale.set(true);
                }
            },
        );
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(
            on_message.as_ref(),
        )));
        on_message.forget(); // lives as long as the page
        self.channel.set_value(Some(channel));
    }

    fn announce_save(&self, workspace: &str, rev: u32) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"workspace".into(), &workspace.into());
                let _ = js_sys::Reflect::set(&msg, &"rev".into(), &rev.into());
                let _ = c.post_message(&msg);
            }
        });
    }

    async fn load(self) {
        match Repo::open(DB_NAME).await {
            Ok(repo) => {
                let repo = Rc::new(repo);
                self.repo.set_value(Some(repo.clone()));
                match repo.load_current().await {
                    Ok(Some(Loaded { workspace, rev })) => {
                        self.rev.set_value(rev);
                        self.save_all.set_value(false);
                        self.workspace.set(Some(workspace));
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
        if self.repo.with_value(Option::is_none) || self.save.get_untracked() == SaveState::Conflict
        {
            return; // storage unavailable or taken over by another tab: the message stays
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
        let save_all = self.save_all.get_value() || self.rev.get_value() == 0;
        let current = w.cycles.last().map(|c| c.id.as_str());
        let only = current.filter(|_| !save_all).map(|c| [c]);
        let result = repo
            .save(
                &w,
                self.rev.get_value(),
                only.as_ref().map(|c| &c[..]),
                &self.tab.get_value(),
            )
            .await;
        match result {
            Ok(rev) => {
                self.rev.set_value(rev);
                if save_all {
                    self.save_all.set_value(false);
                }
                self.announce_save(&w.id, rev);
                if self.save_gen.get_value() == generation {
                    self.save.set(SaveState::Saved);
                } // else a newer edit is on its way
            }
            Err(SaveError::Conflict { .. }) => {
                self.stale.set(true);
                self.save.set(SaveState::Conflict);
            }
            Err(e) => self.save.set(SaveState::Failed(format!(
                "{e}. Your changes are kept in this tab: export a backup before closing it."
            ))),
        }
    }
}
