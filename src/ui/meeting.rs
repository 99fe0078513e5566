//! Meeting mode: the agenda of the cycle as one tracker. Under the steps (whose links
//! show ✓ once signed off) a bar says where the meeting is, who signed the step off
//! and when, offers the sign-off, and leads on: "Next: Supply review →". The person's
//! name is asked once and kept in this browser's localStorage. Every record goes
//! through `engine::command::sign_off` (one undo step; the status follows).

use super::route::Step;
use super::state::AppState;
use crate::engine::command::sign_off;
use crate::engine::meeting::{SignOff, Stage, signed};
use leptos::prelude::*;

const PERSON_KEY: &str = "sop-planner.person";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The name this browser signs with (empty until typed once).
pub fn person() -> String {
    storage()
        .and_then(|s| s.get_item(PERSON_KEY).ok().flatten())
        .unwrap_or_default()
}

pub fn set_person(name: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(PERSON_KEY, name.trim());
    }
}

/// Now in the browser's time zone, `YYYY-MM-DD HH:MM`.
pub fn now_text() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The meeting's stage of a step (none for the overview).
pub fn stage(step: Step) -> Option<Stage> {
    match step {
        Step::Overview => None,
        Step::Data => Some(Stage::Data),
        Step::Demand => Some(Stage::Demand),
        Step::Supply => Some(Stage::Supply),
        Step::Finance => Some(Stage::Finance),
        Step::Executive => Some(Stage::Executive),
    }
}

fn step_of(stage: Stage) -> Step {
    Step::ALL[stage as usize]
}

/// The sign-off of a step of the cycle shown, if any.
pub fn signoff(state: AppState, step: Step) -> Option<SignOff> {
    let s = stage(step)?;
    state.with_cycle(|c| signed(c, s).cloned()).flatten()
}

/// "Signed off by Ada, 2026-11-30 14:05".
pub fn signed_text(s: &SignOff) -> String {
    format!("Signed off by {}, {}", s.by, s.at)
}

/// The bar under the steps: step n of 5, its sign-off, "Next: … →".
#[component]
pub fn MeetingBar(step: ReadSignal<Step>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(person());
    let problem = RwSignal::new(None::<String>);
    let done = Memo::new(move |_| signoff(state, step.get()));
    let go = move |_| {
        let Some(s) = stage(step.get_untracked()) else {
            return;
        };
        let by = name.get_untracked();
        let Some(cmd) = state.with_cycle_untracked(|c| sign_off(c, s, &by, &now_text())) else {
            return;
        };
        match cmd.and_then(|cmd| state.apply(cmd)) {
            Ok(()) => {
                set_person(&by);
                problem.set(None);
            }
            Err(e) => problem.set(Some(e.0)),
        }
    };
    view! {
        <div class="meeting-bar" role="region" aria-label="Meeting: this step">
            <span class="where">
                {move || {
                    let s = step.get();
                    let n = stage(s).map_or(0, |x| x as usize + 1);
                    format!("Step {n} of 5 · {}", s.label())
                }}
            </span>
            {move || match (done.get(), step.get()) {
                (Some(s), _) => {
                    view! {
                        <span class="signed-off" id="signed-off">
                            "✓ "
                            {signed_text(&s)}
                        </span>
                    }
                        .into_any()
                }
                (None, Step::Executive) => {
                    view! {
                        <span class="muted">"Signed off by approving the plan (below)."</span>
                    }
                        .into_any()
                }
                (None, s) => {
                    view! {
                        <span class="sign">
                            <label for="signer-name" class="sr-only">"Your name"</label>
                            <input
                                id="signer-name"
                                placeholder="Your name"
                                autocomplete="name"
                                prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev))
                                disabled=move || state.frozen()
                            />
                            <button
                                id="sign-off"
                                type="button"
                                class="primary"
                                disabled=move || state.frozen()
                                on:click=go
                            >
                                {format!("Sign off {}", s.label())}
                            </button>
                        </span>
                    }
                        .into_any()
                }
            }}
            <span class="problem" role="alert">{move || problem.get()}</span>
            {move || {
                stage(step.get())
                    .and_then(Stage::next)
                    .map(|n| {
                        let next = step_of(n);
                        view! {
                            <a class="next-step" id="next-step" href=next.href()>
                                {format!("Next: {} →", next.label())}
                            </a>
                        }
                    })
            }}
        </div>
    }
}
