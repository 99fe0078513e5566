//! "Optimize" in the supply review: the objective, the button, a Cancel while it
//! solves; the result saved as the scenario "Optimized: <objective>" (one command, one
//! undo step) and shown next to the current plan (see [`super::optimize_result`]).
//!
//! The solve runs in a Web Worker of its own ([`crate::optimize_worker`]), started per
//! solve and terminated after it: the solvers stay out of the app's wasm and the page
//! never waits. Cancel, a crash or no answer in time terminate the worker and change
//! nothing; only the cheap step from the answer to the command runs on the page. The
//! solve, its objective and its result belong to the app ([`Session`], provided once by
//! the shell), not to the panel: leaving the supply review and coming back finds the
//! solve still running, or its result.

use super::optimize_result::ResultView;
use crate::engine::command::PlanRef;
use crate::engine::optimize::outcome::Outcome;
use crate::engine::optimize::{Objective, split};
use crate::ui::format::{parse_quantity, plain};
use crate::ui::state::AppState;
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::prelude::*;

const WORKER_URL: &str = "./optimize-worker-boot.js";

/// How long a solve may take before the worker is taken for hung (the branch and bound
/// stops itself after 20 s; a slow laptop gets ample room).
const TIMEOUT_MS: i32 = 120_000;

/// Where the panel is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Status {
    Idle,
    Solving,
    /// Saved as scenario `id`; `from` is the plan it was optimized from.
    Done {
        outcome: Arc<Outcome>,
        id: u64,
        name: String,
        from: PlanRef,
    },
    /// The engine's explanation of an infeasible set-up; nothing changed.
    NoPlan(String),
    /// The worker failed, was cancelled or a command was refused; nothing changed.
    Failed(String),
}

/// The worker of the solve under way, its handlers and timers.
struct Running {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    timer: i32,
    ticker: Option<IntervalHandle>,
}

type Slot = StoredValue<Option<Running>, LocalStorage>;

/// The optimizer's state that outlives the supply review's page: the solve under way,
/// the seconds it has run, the chosen objective and the last answer.
#[derive(Clone, Copy)]
pub struct Session {
    status: RwSignal<Status>,
    secs: RwSignal<u32>,
    slot: Slot,
    objective: RwSignal<Objective>,
}

impl Session {
    fn new() -> Self {
        Session {
            status: RwSignal::new(Status::Idle),
            secs: RwSignal::new(0),
            slot: StoredValue::new_local(None),
            objective: RwSignal::new(Objective::Cost),
        }
    }
}

/// Provides the app's optimizer [`Session`] (called once by the shell).
pub fn provide_session() {
    let s = Session::new();
    on_cleanup(move || stop(s.slot));
    provide_context(s);
}

/// Terminates the solve under way, if any.
fn stop(slot: Slot) {
    if let Some(r) = slot.try_update_value(Option::take).flatten() {
        r.worker.set_onmessage(None);
        r.worker.set_onerror(None);
        r.worker.terminate();
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(r.timer);
        }
        if let Some(t) = r.ticker {
            t.clear();
        }
    }
}

fn key(o: Objective) -> &'static str {
    match o {
        Objective::Cost => "cost",
        Objective::Profit => "profit",
        Objective::Service => "service",
    }
}

fn text(v: &JsValue, k: &str) -> Option<String> {
    Reflect::get(v, &k.into()).ok().and_then(|v| v.as_string())
}

/// Turns the worker's reply into the scenario command and the panel's status.
fn finish(state: AppState, from: PlanRef, objective: Objective, reply: &JsValue) -> Status {
    if let Some(why) = text(reply, "noPlan") {
        return Status::NoPlan(why);
    }
    if let Some(e) = text(reply, "error") {
        return Status::Failed(format!(
            "The optimizer could not run: {e}. Nothing was changed."
        ));
    }
    let outcome: Outcome = match serde_json::from_str(&text(reply, "outcome").unwrap_or_default()) {
        Ok(o) => o,
        Err(e) => return Status::Failed(format!("The optimizer's answer could not be read: {e}")),
    };
    let made = state.workspace.with_untracked(|w| {
        let c = w.as_ref()?.cycles.last()?;
        Some(split::save_scenario(
            c,
            from,
            objective,
            outcome.inputs.clone(),
        ))
    });
    let applied = match made {
        None => Err("no cycle is open".to_string()),
        Some(Err(e)) => Err(e.to_string()),
        Some(Ok((cmd, id))) => state.apply(cmd).map(|()| id).map_err(|e| e.to_string()),
    };
    match applied {
        Ok(id) => Status::Done {
            outcome: Arc::new(outcome),
            id,
            name: split::scenario_name(objective),
            from,
        },
        Err(e) => Status::Failed(format!("The optimized plan could not be saved: {e}")),
    }
}

/// Starts a solve of the active plan for `objective` in a new worker.
fn solve(
    state: AppState,
    objective: Objective,
    status: RwSignal<Status>,
    secs: RwSignal<u32>,
    slot: Slot,
) {
    stop(slot);
    let Some(cycle) = state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.cycles.last())
            .and_then(|c| serde_json::to_string(c).ok())
    }) else {
        return;
    };
    let baselines = state
        .baselines
        .with_untracked(|b| serde_json::to_string(b.as_slice()).unwrap_or_default());
    let from = state.active.get_untracked();
    let msg = Object::new();
    let put = |k: &str, v: JsValue| {
        let _ = Reflect::set(&msg, &k.into(), &v);
    };
    put("id", 1.into());
    put("cycle", cycle.into());
    put("baselines", baselines.into());
    put("objective", key(objective).into());
    if let PlanRef::Scenario(id) = from {
        put("scenario", (id as f64).into());
    }
    let worker = match web_sys::Worker::new(WORKER_URL) {
        Ok(w) => w,
        Err(e) => {
            status.set(Status::Failed(format!(
                "The optimizer could not start: {e:?}"
            )));
            return;
        }
    };
    let me = worker.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            if Reflect::get(&data, &"ready".into())
                .ok()
                .and_then(|v| v.as_bool())
                == Some(true)
            {
                if let Err(e) = me.post_message(&msg) {
                    stop(slot);
                    status.set(Status::Failed(format!(
                        "The optimizer could not start: {e:?}"
                    )));
                }
                return;
            }
            stop(slot);
            status.set(finish(state, from, objective, &data));
        });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        // Handled here: not reported again as an uncaught error of the page.
        ev.prevent_default();
        if let Some(err) = ev.dyn_ref::<web_sys::ErrorEvent>() {
            web_sys::console::warn_1(&format!("optimize worker: {}", err.message()).into());
        }
        stop(slot);
        status.set(Status::Failed(
            "The optimizer stopped: it ran out of memory or crashed. Nothing was changed.".into(),
        ));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let on_timeout = Closure::once_into_js(move || {
        if slot.try_with_value(Option::is_some) == Some(true) {
            stop(slot);
            status.set(Status::Failed(format!(
                "The optimizer gave no answer after {} s and was stopped. Nothing was changed.",
                TIMEOUT_MS / 1000
            )));
        }
    });
    let timer = web_sys::window()
        .and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()
        })
        .unwrap_or(0);
    secs.set(0);
    let ticker = set_interval_with_handle(
        move || {
            secs.try_update(|s| *s += 1);
        },
        Duration::from_secs(1),
    )
    .ok();
    slot.set_value(Some(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
        timer,
        ticker,
    }));
    status.set(Status::Solving);
}

/// The Optimize panel: cost limits, objective, button, Cancel, the result.
#[component]
pub fn OptimizePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let Session {
        status,
        secs,
        slot,
        objective,
    } = expect_context::<Session>();
    let solving = move || status.with(|s| *s == Status::Solving);
    let limits = Memo::new(move |_| {
        state
            .with_inputs(|i| (i.supply.costs.max_fte, i.supply.costs.cash_floor))
            .unwrap_or_default()
    });
    let problem = RwSignal::new(None::<String>);
    let set_max_fte = move |text: String| {
        let v = if text.trim().is_empty() {
            None
        } else {
            match parse_quantity(&text) {
                Ok(v) => Some(v),
                Err(e) => {
                    problem.set(Some(format!("Max FTE: {e}")));
                    return;
                }
            }
        };
        problem.set(None);
        state.edit_inputs(|i| {
            let mut next = i.clone();
            next.supply.costs.max_fte = v;
            next
        });
    };
    let set_cash_floor = move |on: bool| {
        state.edit_inputs(|i| {
            let mut next = i.clone();
            next.supply.costs.cash_floor = on;
            next
        })
    };
    view! {
        <div class="optimize">
            <div class="settings" role="group" aria-label="Optimizer limits and objective">
                <label title="Most FTE in any month; empty: no limit">
                    "Max FTE "
                    <input
                        id="opt-max-fte"
                        class="num"
                        inputmode="decimal"
                        placeholder="no limit"
                        size="6"
                        prop:value=move || limits.get().0.map(plain).unwrap_or_default()
                        disabled=move || state.frozen() || solving()
                        on:change=move |ev| set_max_fte(event_target_value(&ev))
                    />
                </label>
                <label class="switch" title="Keep the plan's cash balance at or above the finance minimum cash">
                    <input
                        type="checkbox"
                        id="opt-cash-floor"
                        prop:checked=move || limits.get().1
                        disabled=move || state.frozen() || solving()
                        on:change=move |ev| set_cash_floor(event_target_checked(&ev))
                    />
                    " Cash floor"
                </label>
                <label>
                    "Objective "
                    <select
                        id="opt-objective"
                        disabled=solving
                        on:change=move |ev| {
                            objective.set(Objective::parse(&event_target_value(&ev)).unwrap_or_default())
                        }
                    >
                        <option value="cost" selected=move || objective.get() == Objective::Cost>
                            "min cost"
                        </option>
                        <option value="profit" selected=move || objective.get() == Objective::Profit>
                            "max profit"
                        </option>
                        <option value="service" selected=move || objective.get() == Objective::Service>
                            "max service"
                        </option>
                    </select>
                </label>
                <button
                    id="optimize-run"
                    class="primary"
                    disabled=move || state.frozen() || solving()
                    on:click=move |_| solve(state, objective.get_untracked(), status, secs, slot)
                >
                    "Optimize"
                </button>
                <Show when=solving>
                    <span class="busy" role="status" id="opt-solving">
                        {move || format!("Solving… {} s", secs.get())}
                    </span>
                    <button
                        id="optimize-cancel"
                        on:click=move |_| {
                            stop(slot);
                            status.set(Status::Failed("Cancelled: nothing was changed.".into()));
                        }
                    >
                        "Cancel"
                    </button>
                </Show>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
            {move || match status.get() {
                Status::Idle | Status::Solving => ().into_any(),
                Status::NoPlan(why) => view! {
                    <p class="problem" id="opt-noplan" role="alert">
                        {format!("No optimized plan: {why}. Nothing was changed.")}
                    </p>
                }
                .into_any(),
                Status::Failed(e) => view! { <p class="problem" id="opt-failed" role="alert">{e}</p> }.into_any(),
                Status::Done { outcome, id, name, from } => {
                    view! { <ResultView outcome=outcome id=id name=name from=from /> }.into_any()
                }
            }}
        </div>
    }
}
