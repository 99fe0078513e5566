//! A scenario handed to a client or a colleague as a link (`#/executive?scenario=…`,
//! [`crate::engine::command::share`]): "Link" on a scenario shows the link to copy; a
//! page opened on such a link offers to add the scenario — the levers on the receiver's
//! own base plan — or says what is wrong with the link. The fragment never reaches any
//! server.

use crate::engine::command::PlanRef;
use crate::engine::command::{
    SharedScenario, add_shared_scenario, read_scenario_link, scenario_link_code,
};
use crate::engine::model::Scenario;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The link that opens the app on scenario `s`, from this page's address.
pub fn scenario_link(s: &Scenario) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default().to_string();
    format!("{base}#/executive?scenario={}", scenario_link_code(s))
}

/// The link code in the page's address, if it has one.
fn code_in_address() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let query = hash.split_once('?')?.1;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("scenario="))
        .map(str::to_string)
}

/// Drops the link code from the address (no history entry).
fn forget_code() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace("#/executive");
    }
}

/// The link of a scenario, to copy (shown after "Link").
#[component]
pub fn LinkBox(link: RwSignal<Option<(String, String)>>) -> impl IntoView {
    view! {
        {move || {
            link.get()
                .map(|(name, url)| {
                    view! {
                        <div class="scenario-link">
                            <label for="scenario-link">{format!("Link to “{name}”")}</label>
                            <input
                                id="scenario-link"
                                readonly=true
                                prop:value=url
                                on:focus=move |ev| {
                                    let i: web_sys::HtmlInputElement = event_target(&ev);
                                    i.select();
                                }
                            />
                            <p class="muted small">
                                "Whoever opens it in this app gets this scenario's levers on their own data. Only the levers travel, inside the link; nothing is sent to a server."
                            </p>
                        </div>
                    }
                })
        }}
    }
}

/// On a page opened with a scenario link: what it holds, and "Add it" or the reason it
/// cannot be used.
#[component]
pub fn LinkedScenario() -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = RwSignal::new(code_in_address().map(|c| read_scenario_link(&c)));
    let message = RwSignal::new(None::<String>);
    let dismiss = move || {
        found.set(None);
        forget_code();
    };
    let add = move |shared: SharedScenario| {
        let Some(result) = state.with_cycle_untracked(|c| add_shared_scenario(c, &shared)) else {
            return;
        };
        match result {
            Ok((cmd, id)) => match state.apply(cmd) {
                Ok(()) => {
                    state.active.set(PlanRef::Scenario(id));
                    dismiss();
                    message.set(Some(format!(
                        "Added “{}” from the link: your base plan with its levers.",
                        shared.name
                    )));
                }
                Err(e) => message.set(Some(e.0)),
            },
            Err(e) => message.set(Some(e.0)),
        }
    };
    view! {
        {move || {
            found.get().map(|r| match r {
                Ok(shared) => {
                    let levers = super::scenarios::levers_text(&shared.levers).join(" · ");
                    let s2 = shared.clone();
                    view! {
                        <div class="panel linked-scenario" id="linked-scenario" role="region" aria-label="Scenario from a link">
                            <p>
                                <strong>{format!("A scenario from a link: “{}”", shared.name)}</strong>
                                " — " {if levers.is_empty() { "no levers".to_string() } else { levers }}
                            </p>
                            <button
                                class="primary"
                                id="add-linked-scenario"
                                disabled=move || state.frozen()
                                on:click=move |_| add(s2.clone())
                            >
                                "Add it as a scenario"
                            </button>
                            <button on:click=move |_| dismiss()>"Dismiss"</button>
                        </div>
                    }
                        .into_any()
                }
                Err(e) => view! {
                    <div class="panel linked-scenario" id="linked-scenario" role="alert">
                        <p>{e.0}</p>
                        <button on:click=move |_| dismiss()>"Dismiss"</button>
                    </div>
                }
                    .into_any(),
            })
        }}
        {move || message.get().map(|m| view! { <p class="done" role="status">{m}</p> })}
    }
}
