//! The app's state: the stored workspace as a signal, the derived forecast, commands
//! with undo/redo, and auto-save with a truthful "saved" indicator.

use crate::engine::change::ChangeLog;
use crate::engine::command::{AdjustmentEdit, Command, CommandError, PlanRef, inputs_of};
use crate::engine::demo;
use crate::engine::model::{Adjustment, Baseline, Cycle, Levers, PlanInputs, Role, Workspace};
use crate::engine::month::Month;
use crate::store::cycle_json::CycleJson;
use crate::store::idb::{DB_NAME, Loaded, Repo, SaveError};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::sync::Arc;

mod edit;
mod forecast;
mod plans;
mod save;
mod settings;
mod storage;
mod team;

pub use forecast::{ForecastKey, ForecastStatus};
pub use plans::{BasePlan, Edits, PlanView};

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

pub use crate::engine::review::Selection;

/// Messages between tabs of the app (BroadcastChannel `sop-planner`).
const CHANNEL: &str = "sop-planner";

/// Shared app state, provided as context. Copy: all fields are arena handles.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The open workspace; `None` while loading. Changed by [`AppState::apply`] (which
    /// logs each edit's change set for the plans); anything else that changes a cycle
    /// calls `reset_changes` first, or the plans would not see it.
    pub workspace: RwSignal<Option<Workspace>>,
    /// Index of an older cycle shown read-only (picked in the top bar); `None` = the
    /// newest cycle, the only one that can be edited. Every view reads the cycle it
    /// names ([`AppState::with_cycle`]); edits are refused while it is set.
    pub viewing: RwSignal<Option<usize>>,
    pub save: RwSignal<SaveState>,
    /// Stored workspaces: (id, name).
    pub workspaces: RwSignal<Vec<(String, String)>>,
    /// The family or SKU in focus (demand and supply review); `None` = the first SKU.
    pub selection: RwSignal<Option<Selection>>,
    /// Who is making edits (the role recorded on adjustments).
    pub role: RwSignal<Role>,
    /// Statistical baseline of every SKU of the current cycle (derived).
    /// Filled by the forecast worker ([`crate::ui::forecasting`]); product order.
    /// Shared; the plans keep only a `Weak` of it, so `Arc::make_mut` moves a changed
    /// list to a new `Arc` (no copy), and an unchanged `Arc` tells the plans the
    /// baselines are the same without comparing.
    pub baselines: RwSignal<Arc<Vec<Baseline>>>,
    /// Which level each reconciled family's baseline leans on (published with them).
    pub leans: RwSignal<Arc<Vec<crate::engine::forecast::reconcile::Lean>>>,
    /// What the statistical forecast depends on (derived; the forecast worker's client,
    /// [`crate::ui::forecasting::follow`], runs when it changes).
    pub forecast_key: Memo<Option<ForecastKey>>,
    /// Progress of the statistical forecast.
    pub forecast_status: RwSignal<ForecastStatus>,
    /// The plan being edited: the base plan or a scenario.
    pub active: RwSignal<PlanRef>,
    /// The plan of `active` (derived: brought up to date after every edit, recomputing
    /// only what the edit touched; reads as a [`Plan`]).
    pub plan: Memo<PlanView>,
    /// The base plan (derived), for comparisons while a scenario is active.
    pub base_plan: BasePlan,
    /// The base plan's inputs when the session started, or at the last scenario save or
    /// promotion, with the id of their cycle: "Save as scenario" can return the base
    /// plan to them, so what-if edits live on in the scenario only.
    pub base_checkpoint: RwSignal<Option<(String, PlanInputs)>>,
    /// The last refused edit, shown to the planner.
    pub error: RwSignal<Option<String>>,
    /// Another tab saved a newer revision of this workspace.
    pub stale: RwSignal<bool>,
    /// Something the planner should know that is not an error (e.g. recovered edits).
    pub notice: RwSignal<Option<String>>,
    /// The history entries the latest grid edit wrote (its change set's `cell_edits`):
    /// what "Why?" under the grid asks about (`ui::reason`).
    pub last_noted: RwSignal<Vec<u64>>,
    undo: RwSignal<Vec<Command>>,
    redo: RwSignal<Vec<Command>>,
    /// See `forecast_key` in [`AppState::new`]: cleared by every change of the
    /// workspace or of the cycle shown that may touch the forecast.
    forecast_unchanged: StoredValue<bool>,
    /// Counts the changes that may have touched the master data of the cycle shown (an
    /// edit whose change set says so, another workspace, cycle or cycle shown): plans
    /// refreshed at the same count skip comparing it (see [`PlanView::refresh`]).
    master_rev: StoredValue<u64>,
    /// The change sets of the edits, for the plans to read (see [`PlanView`]).
    change_log: StoredValue<ChangeLog>,
    /// Counts the changes that may have touched the master data, the actuals, the
    /// forecast settings or the status of the cycle shown: `master_rev`'s changes and
    /// every edit whose change set names one of those. Views reading only those (the
    /// tree, history cleansing, accuracy across cycles, every `disabled` attribute
    /// through [`AppState::frozen`]) track it ([`AppState::with_cycle_data`]) instead of
    /// the workspace, so that an edit of the plan — one cell of the waterfall — neither
    /// re-runs them (each is O(SKUs): at 10,000 SKUs they were most of an edit's own
    /// work) nor marks them: a signal set by [`AppState::data_changed`], not a memo of
    /// the workspace, whose every change would walk all of them.
    pub data_rev: RwSignal<u64>,
    save_gen: StoredValue<u64>,
    /// Edit stamp of the newest edit, of the newest one saved, and of the newest one
    /// written as a pending record (see [`save`]).
    edit_stamp: StoredValue<f64>,
    saved_stamp: StoredValue<f64>,
    flushed_stamp: StoredValue<f64>,
    /// What the edits not yet saved touched, with their edit stamps: the pending record
    /// written as the page goes away holds just those rows (see `save.rs`).
    unsaved_changes: StoredValue<Vec<(f64, crate::engine::change::ChangeSet)>>,
    /// Edit stamp from which on the cycle changed in a way no change set tells (a roll
    /// forward, a merge): until a save holds it, a pending record holds whole cycles.
    whole_from: StoredValue<f64>,
    /// Stored revision this tab's workspace is based on.
    rev: StoredValue<u32>,
    /// Save every cycle next time (first save, roll forward, import), not just the current.
    save_all: StoredValue<bool>,
    /// This tab's id (written with each save, sent to other tabs).
    tab: StoredValue<String>,
    /// A save is under way (saves never overlap); another is wanted after it.
    saving: StoredValue<bool>,
    save_again: StoredValue<bool>,
    /// Edits on their way but not applied yet (checked first by the I/O worker; see
    /// [`AppState::hold_save`]): closing the page asks first while any is.
    checking: StoredValue<u32>,
    /// The current cycle's JSON from the last save, per SKU (see [`CycleJson`]).
    json: StoredValue<CycleJson>,
    repo: StoredValue<Option<Rc<Repo>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// What the edits since the team worker last recorded them touched (see `team.rs`).
    team_changes: StoredValue<crate::engine::change::ChangeSet>,
}

impl AppState {
    /// Creates the state and starts loading the stored workspace (or the demo company
    /// on a first visit).
    pub fn new() -> Self {
        let workspace: RwSignal<Option<Workspace>> = RwSignal::new(None);
        let viewing: RwSignal<Option<usize>> = RwSignal::new(None);
        // Only what the forecast depends on: edits of the plan inputs do not refit it.
        // Compared in place (no copy of the history) and kept when unchanged.
        // True while only edits that do not touch the forecast (see
        // `ChangeSet::touches_forecast`) were made since the key was last computed: then
        // the key is kept without comparing the history (~1.5 ms at 10,000 SKUs).
        let forecast_unchanged = StoredValue::new(false);
        let master_rev = StoredValue::new(0u64);
        let change_log = StoredValue::new(ChangeLog::default());
        let data_rev = RwSignal::new(0u64);
        let forecast_key = Memo::new_owning(move |prev: Option<Option<ForecastKey>>| {
            let v = viewing.get();
            let unchanged = forecast_unchanged.get_value();
            forecast_unchanged.set_value(true);
            workspace.with(|w| {
                let c = w.as_ref().and_then(|w| shown_index(w, v).map(|k| (w, k)));
                match (prev, c) {
                    (Some(Some(k)), Some(_)) if unchanged => (Some(k), false),
                    (Some(Some(key)), Some((w, k))) if key.matches(w, k) => (Some(key), false),
                    (prev, c) => {
                        let next = c.map(|(w, k)| ForecastKey::of(w, k));
                        let changed = prev.is_none_or(|p| p != next);
                        (next, changed)
                    }
                }
            })
        });
        let baselines = RwSignal::new(Arc::new(Vec::new()));
        let active = RwSignal::new(PlanRef::Base);
        // Keeps `prev` (the plan of `which`) up to date with the workspace and baselines.
        let live = move |which: PlanRef, prev: Option<PlanView>| -> (PlanView, bool) {
            let v = viewing.get();
            baselines.with(|bl| {
                workspace.with(|w| {
                    let Some(c) = w.as_ref().and_then(|w| shown(w, v)) else {
                        return (PlanView::empty(), true);
                    };
                    let none = Levers::default();
                    let (inputs, levers) = match which {
                        PlanRef::Base => (&c.inputs, &none),
                        PlanRef::Scenario(id) => c
                            .scenarios
                            .iter()
                            .find(|s| s.id == id)
                            .map_or((&c.inputs, &none), |s| (&s.inputs, &s.levers)),
                    };
                    change_log.with_value(|log| {
                        let edits = Edits {
                            log,
                            master_rev: master_rev.get_value(),
                        };
                        match prev {
                            Some(mut p) => {
                                let changed = p.refresh(c, which, inputs, levers, bl, edits);
                                (p, changed)
                            }
                            None => (PlanView::new(c, which, inputs, levers, bl, edits), true),
                        }
                    })
                })
            })
        };
        let plan = Memo::new_owning(move |prev| live(active.get(), prev));
        let base = Memo::new_owning(move |prev| live(PlanRef::Base, prev));
        let base_plan = BasePlan { active, plan, base };
        // Numbers typed anywhere are read in the open workspace's format.
        let number_format = Memo::new(move |_| {
            workspace.with(|w| w.as_ref().map(|w| w.number_format).unwrap_or_default())
        });
        Effect::new(move || crate::ui::format::set_number_format(number_format.get()));
        let state = AppState {
            workspace,
            viewing,
            save: RwSignal::new(SaveState::Loading),
            workspaces: RwSignal::new(Vec::new()),
            selection: RwSignal::new(None),
            role: RwSignal::new(Role::Sales),
            baselines,
            leans: RwSignal::new(Arc::new(Vec::new())),
            forecast_key,
            forecast_status: RwSignal::new(ForecastStatus::Waiting),
            active,
            plan,
            base_plan,
            base_checkpoint: RwSignal::new(None),
            error: RwSignal::new(None),
            stale: RwSignal::new(false),
            notice: RwSignal::new(None),
            last_noted: RwSignal::new(Vec::new()),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
            forecast_unchanged,
            master_rev,
            change_log,
            data_rev,
            save_gen: StoredValue::new(0),
            edit_stamp: StoredValue::new(0.0),
            saved_stamp: StoredValue::new(0.0),
            flushed_stamp: StoredValue::new(0.0),
            unsaved_changes: StoredValue::new(Vec::new()),
            whole_from: StoredValue::new(0.0),
            rev: StoredValue::new(0),
            save_all: StoredValue::new(true),
            tab: StoredValue::new(format!("tab-{:x}", (js_sys::Math::random() * 1e12) as u64)),
            saving: StoredValue::new(false),
            save_again: StoredValue::new(false),
            checking: StoredValue::new(0),
            json: StoredValue::new(CycleJson::new()),
            repo: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            team_changes: StoredValue::new(Default::default()),
        };
        state.listen_to_other_tabs();
        state.save_on_exit();
        state.keep_base_checkpoint();
        spawn_local(state.load());
        state
    }

    /// Takes the checkpoint of the base inputs whenever another cycle becomes current
    /// (the workspace loaded, a cycle imported or rolled forward).
    fn keep_base_checkpoint(&self) {
        let workspace = self.workspace;
        let checkpoint = self.base_checkpoint;
        let cycle_id = Memo::new(move |_| {
            workspace.with(|w| {
                w.as_ref()
                    .and_then(|w| w.cycles.last())
                    .map(|c| c.id.clone())
            })
        });
        Effect::new(move |_| {
            let Some(id) = cycle_id.get() else { return };
            if checkpoint.with_untracked(|c| c.as_ref().map(|(cid, _)| cid != &id).unwrap_or(true))
            {
                let inputs = workspace.with_untracked(|w| {
                    w.as_ref()
                        .and_then(|w| w.cycles.last())
                        .map(|c| c.inputs.clone())
                });
                checkpoint.set(inputs.map(|i| (id, i)));
            }
        });
    }

    /// The checkpoint of the current cycle's base inputs (see `base_checkpoint`).
    pub fn checkpoint(&self) -> Option<PlanInputs> {
        let id = self.with_cycle(|c| c.id.clone())?;
        self.base_checkpoint.with(|c| {
            c.as_ref()
                .filter(|(cid, _)| *cid == id)
                .map(|(_, i)| i.clone())
        })
    }

    /// Makes the current base inputs the checkpoint (after a scenario save or promotion).
    pub fn take_checkpoint(&self) {
        let next = self.workspace.with_untracked(|w| {
            w.as_ref()
                .and_then(|w| w.cycles.last())
                .map(|c| (c.id.clone(), c.inputs.clone()))
        });
        self.base_checkpoint.set(next);
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

    /// Reads the cycle shown: the newest of the workspace, or the older one picked in
    /// the top bar ([`AppState::viewing`]).
    pub fn with_cycle<R>(&self, f: impl FnOnce(&Cycle) -> R) -> Option<R> {
        let v = self.viewing.get();
        self.workspace
            .with(|w| w.as_ref().and_then(|w| shown(w, v)).map(f))
    }

    /// Reads the cycle shown, tracking only its master data, actuals, forecast settings
    /// and status ([`AppState::data_rev`]): for views that read nothing else of it.
    pub fn with_cycle_data<R>(&self, f: impl FnOnce(&Cycle) -> R) -> Option<R> {
        self.track_data();
        self.with_cycle_untracked(f)
    }

    /// Makes the running effect or memo re-run when [`AppState::data_rev`] changes.
    pub fn track_data(&self) {
        self.data_rev.track();
    }

    /// Reads the cycle shown without tracking it (for event handlers).
    pub fn with_cycle_untracked<R>(&self, f: impl FnOnce(&Cycle) -> R) -> Option<R> {
        let v = self.viewing.get_untracked();
        self.workspace
            .with_untracked(|w| w.as_ref().and_then(|w| shown(w, v)).map(f))
    }

    /// Whether an older cycle is shown (read-only) instead of the newest.
    pub fn viewing_older(&self) -> bool {
        self.viewing.with(Option::is_some)
    }

    /// Shows cycle `index` of the workspace (the newest, `None` or an index out of
    /// range, is the one that can be edited). The base plan becomes the active plan:
    /// scenarios belong to their cycle.
    pub fn view_cycle(&self, index: Option<usize>) {
        let n = self
            .workspace
            .with_untracked(|w| w.as_ref().map_or(0, |w| w.cycles.len()));
        let next = index.filter(|i| i + 1 < n);
        if self.viewing.get_untracked() != next {
            self.forecast_unchanged.set_value(false);
            self.master_changed();
            self.active.set(PlanRef::Base);
            self.selection.set(None);
            self.error.set(None);
            self.viewing.set(next);
        }
    }

    /// Appends a cycle to the workspace (a roll forward) and makes it the current one;
    /// every cycle is saved. Not undoable: undo and redo start afresh, as the edits
    /// they hold belong to the cycle before. Checked like every other way data enters
    /// ([`crate::engine::plan::validate`]): a cycle with errors is refused, with them.
    pub fn add_cycle(&self, cycle: Cycle) {
        let problems: Vec<String> = crate::engine::plan::validate::validate_cycle(&cycle)
            .into_iter()
            .filter(|i| i.severity == crate::engine::plan::Severity::Error)
            .take(5)
            .map(|i| i.in_words())
            .collect();
        if !problems.is_empty() {
            self.error.set(Some(format!(
                "The new cycle was not started: {}",
                problems.join("; ")
            )));
            return;
        }
        let mut added = false;
        self.forecast_unchanged.set_value(false);
        self.master_changed();
        self.reset_changes();
        self.changed_whole();
        self.workspace.maybe_update(|w| {
            if let Some(w) = w.as_mut() {
                w.cycles.push(cycle);
                added = true;
            }
            added
        });
        if !added {
            return;
        }
        self.viewing.set(None);
        self.active.set(PlanRef::Base);
        self.undo.set(Vec::new());
        self.redo.set(Vec::new());
        self.error.set(None);
        self.save_all.set_value(true);
        self.schedule_save();
    }

    /// Reads the inputs of the active plan.
    pub fn with_inputs<R>(&self, f: impl FnOnce(&PlanInputs) -> R) -> Option<R> {
        let which = self.active.get();
        let v = self.viewing.get();
        self.workspace.with(|w| {
            let c = w.as_ref().and_then(|w| shown(w, v))?;
            inputs_of(c, which).map(f)
        })
    }

    /// Edits the active plan's adjustments one by one: `f` says how from the current
    /// list (`engine::command::{add_adjustment, set_adjustment_reason, cell_edit}`); one
    /// undo step, nothing done when it says nothing.
    pub fn edit_adjustments(&self, f: impl FnOnce(&[Adjustment]) -> Vec<AdjustmentEdit>) {
        let which = self.active.get_untracked();
        let v = self.viewing.get_untracked();
        let edits = self
            .workspace
            .with_untracked(|w| {
                let c = w.as_ref().and_then(|w| shown(w, v))?;
                inputs_of(c, which).map(|i| f(&i.adjustments))
            })
            .unwrap_or_default();
        if !edits.is_empty() {
            let _ = self.apply(Command::EditAdjustments { plan: which, edits });
        }
    }

    /// Replaces the active plan's inputs with `f(current inputs)`, as one undo step.
    pub fn edit_inputs(&self, f: impl FnOnce(&PlanInputs) -> PlanInputs) {
        let which = self.active.get_untracked();
        let v = self.viewing.get_untracked();
        let Some(next) = self.workspace.with_untracked(|w| {
            let c = w.as_ref().and_then(|w| shown(w, v))?;
            inputs_of(c, which).map(f)
        }) else {
            return;
        };
        let _ = self.apply(Command::SetInputs {
            plan: which,
            inputs: Box::new(next),
        });
    }

    /// The selection, or the first SKU of the cycle when nothing is selected.
    pub fn selected(&self) -> Option<Selection> {
        self.selection.get().or_else(|| {
            self.with_cycle(|c| {
                c.master
                    .products
                    .first()
                    .map(|p| Selection::Sku(p.sku.clone()))
            })
            .flatten()
        })
    }

    /// The workspace's currency code.
    pub fn currency(&self) -> String {
        self.workspace
            .with(|w| w.as_ref().map(|w| w.currency.clone()))
            .unwrap_or_default()
    }

    /// Whether the cycle shown is read-only: approved, or an older cycle. Tracks only
    /// [`AppState::data_rev`] (the status is among what it counts): the many `disabled`
    /// attributes that read it do not re-run on every edit of the plan.
    pub fn frozen(&self) -> bool {
        self.viewing_older() || self.with_cycle_data(Cycle::is_frozen).unwrap_or(true)
    }

    pub fn loaded(&self) -> bool {
        self.save.with(|s| *s != SaveState::Loading)
    }
}

/// The index of the cycle shown of `w`: number `viewing` (an older one), else the newest.
fn shown_index(w: &Workspace, viewing: Option<usize>) -> Option<usize> {
    viewing
        .filter(|i| *i < w.cycles.len())
        .or_else(|| w.cycles.len().checked_sub(1))
}

/// The cycle shown of `w` ([`shown_index`]).
fn shown(w: &Workspace, viewing: Option<usize>) -> Option<&Cycle> {
    shown_index(w, viewing).map(|k| &w.cycles[k])
}

/// An empty cycle (the plan shown before loading).
fn empty_cycle() -> Cycle {
    Cycle {
        id: String::new(),
        label: Month::default(),
        horizon: 0,
        status: Default::default(),
        master: Default::default(),
        history: Vec::new(),
        inputs: Default::default(),
        scenarios: Vec::new(),
        decisions: Vec::new(),
        frozen: None,
        rolled_from: None,
        signoffs: Vec::new(),
        notes: Default::default(),
    }
}

/// Makes the running effect or memo re-run when `memo` changes. Not `memo.track()`:
/// reactive_graph 0.2's `track` only subscribes, and a memo that nothing has read yet
/// has no sources of its own, so it never notices a change nor passes one on (the
/// cleansing review of a sample company, where nothing else read `data_rev`, missed
/// every decision). Reading it brings it up to date and subscribes. `tests/tidy.rs`
/// keeps `.track()` in `src/ui` to plain signals.
pub fn follow<T: Send + Sync + 'static>(memo: Memo<T>) {
    memo.with(|_| ());
}

/// `N` of a `?sample=N` in the page address (30 ≤ N ≤ 20,000): open the sample company
/// of that size instead of the last workspace (for trying the app at scale, benchmarks).
fn sample_size_from_url() -> Option<usize> {
    let search = web_sys::window()?.location().search().ok()?;
    let n: usize = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("sample="))?
        .parse()
        .ok()?;
    (30..=20_000).contains(&n).then_some(n)
}
