//! The shell: top bar (workspace, cycle, saved indicator, undo/redo), the cycle steps
//! as navigation, and the current step's view.

use super::restore::export_backup;
use super::route::{Step, use_step};
use super::state::{AppState, ForecastStatus, SaveState};
use super::{demand, executive, glossary, lazy, meeting, overview, supply};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    lazy::provide_painted(
        move || state.loaded(),
        move || state.forecast_status.get() == ForecastStatus::Ready,
    );
    overview::provide_guide();
    // The optimizer's solve and result outlive the supply review's page.
    supply::provide_optimizer();
    // The statistical forecast follows what it depends on, in a worker.
    super::forecasting::follow(state, state.forecast_key);
    let step = use_step();

    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        // Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo edits, outside text fields.
        let in_field = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !(ev.ctrl_key() || ev.meta_key()) || in_field {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "z" if ev.shift_key() => state.redo(),
            "z" => state.undo(),
            "y" => state.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());

    view! {
        <header class="topbar">
            <a class="brand" href="#/overview" title="Overview: the agenda of the cycle">
                "S&OP"
                <span class="wide-only">" Planner"</span>
            </a>
            <div class="context">
                <span class="workspace">
                    {move || state.workspace.with(|w| w.as_ref().map(|w| w.name.clone()))}
                </span>
                <super::workspace::WorkspaceMenu />
                <span class="cycle" class:approved=move || state.frozen()>
                    {move || {
                        state
                            .with_cycle(|c| format!("Cycle {} · {}", c.label, c.status.label()))
                    }}
                </span>
                <executive::CyclePicker />
                <executive::ScenarioPicker />
                {lazy::part(lazy::team_panel, |f| f())}
            </div>
            <div class="actions">
                <button
                    class="undo"
                    title="Undo (Ctrl+Z)"
                    disabled=move || !state.can_undo() || state.frozen()
                    on:click=move |_| state.undo()
                >
                    "Undo"
                </button>
                <button
                    class="redo"
                    title="Redo (Ctrl+Y)"
                    disabled=move || !state.can_redo() || state.frozen()
                    on:click=move |_| state.redo()
                >
                    "Redo"
                </button>
                <ForecastIndicator />
                <SaveIndicator />
            </div>
        </header>
        <nav class="steps" aria-label="Cycle steps">
            {Step::ALL
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let signed = Memo::new(move |_| meeting::signoff(state, s));
                    view! {
                        <a
                            href=s.href()
                            class:active=move || step.get() == s
                            class:signed=move || signed.with(Option::is_some)
                            aria-current=move || (step.get() == s).then_some("page")
                            title=move || signed.with(|o| o.as_ref().map(meeting::signed_text))
                        >
                            <span class="num">{i + 1}</span>
                            {s.label()}
                            <Show when=move || signed.with(Option::is_some)>
                                <span class="tick" aria-label="signed off">"✓"</span>
                            </Show>
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <Show when=move || state.loaded() && step.get() != Step::Overview>
            <meeting::MeetingBar step=step />
            <overview::GuideNote step=step />
        </Show>
        <glossary::Definitions />
        <executive::ViewingNotice />
        <Show when=move || state.error.with(Option::is_some)>
            <div class="banner error" role="alert">
                {move || state.error.get()}
                <button class="close" on:click=move |_| state.error.set(None)>
                    "Dismiss"
                </button>
            </div>
        </Show>
        <Show when=move || state.notice.with(Option::is_some)>
            <div class="banner info notice" role="status">
                {move || state.notice.get()}
                <button class="close" on:click=move |_| state.notice.set(None)>
                    "Dismiss"
                </button>
            </div>
        </Show>
        {move || match state.save.get() {
            SaveState::Failed(m) => {
                Some(view! { <div class="banner warn" role="alert">{m}</div> })
            }
            _ => None,
        }}
        <Show when=move || state.stale.get()>
            <div class="banner warn stale" role="alert">
                <span>
                    "This workspace was changed in another tab or window. "
                    {move || {
                        (state.save.get() == SaveState::Conflict)
                            .then_some(
                                "Your latest change here was not saved: export a backup to keep it, then reload.",
                            )
                    }}
                </span>
                <button class="export" on:click=move |_| export_backup(state)>
                    "Export backup"
                </button>
                <button class="reload" on:click=move |_| reload()>
                    "Reload"
                </button>
            </div>
        </Show>
        <main id="main">
            <Show
                when=move || state.loaded()
                fallback=|| view! { <p class="loading">"Opening your workspace…"</p> }
            >
                {move || match step.get() {
                    Step::Overview => view! { <overview::OverviewView /> }.into_any(),
                    Step::Data => lazy::step(lazy::data_view),
                    Step::Demand => view! { <demand::DemandView /> }.into_any(),
                    Step::Supply => lazy::step(lazy::supply_view),
                    Step::Finance => lazy::step(lazy::finance_view),
                    Step::Executive => lazy::step(lazy::executive_view),
                }}
            </Show>
        </main>
    }
}

/// "Saved" only once IndexedDB has committed; "Saving…" before; the reason on failure.
#[component]
fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <span
            class="save"
            role="status"
            aria-live="polite"
            data-state=move || match state.save.get() {
                SaveState::Loading => "loading",
                SaveState::Saved => "saved",
                SaveState::Pending => "pending",
                SaveState::Failed(_) => "failed",
                SaveState::Conflict => "conflict",
            }
            title=move || match state.save.get() {
                SaveState::Failed(m) => m,
                _ => String::new(),
            }
        >
            {move || match state.save.get() {
                SaveState::Loading => "Loading…",
                SaveState::Saved => "Saved",
                SaveState::Pending => "Saving…",
                SaveState::Failed(_) => "Not saved",
                SaveState::Conflict => "Not saved: changed elsewhere",
            }}
        </span>
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Progress of the statistical forecast (it runs in a worker; the page stays usable).
#[component]
fn ForecastIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <span
            class="forecast"
            role="status"
            aria-live="polite"
            data-state=move || match state.forecast_status.get() {
                ForecastStatus::Waiting => "waiting",
                ForecastStatus::Running { .. } => "running",
                ForecastStatus::Ready => "ready",
            }
        >
            {move || match state.forecast_status.get() {
                ForecastStatus::Running { done, total } => {
                    view! {
                        <label>
                            {format!("Forecasting {done} / {total}")}
                            <progress max=total.to_string() value=done.to_string()></progress>
                        </label>
                    }
                        .into_any()
                }
                ForecastStatus::Waiting => view! { <span>"Forecast…"</span> }.into_any(),
                ForecastStatus::Ready => view! { <span>"Forecast ready"</span> }.into_any(),
            }}
        </span>
    }
}
