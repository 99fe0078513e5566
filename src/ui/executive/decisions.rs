//! The decisions log of the cycle: who decided what, when; each with its comments.

use super::today_iso;
use crate::engine::command::add_decision;
use crate::engine::model::Role;
use crate::engine::notes::NoteTarget;
use crate::ui::notes::{CommentButton, NotesOpen};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn Decisions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let role = RwSignal::new(Role::Executive);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let open = expect_context::<NotesOpen>().0;
    let list = Memo::new(move |_| {
        state
            .with_cycle(|c| c.decisions.clone())
            .unwrap_or_default()
    });
    let add = move || {
        let Some(result) = state.with_cycle(|c| {
            add_decision(c, role.get_untracked(), &text.get_untracked(), &today_iso())
        }) else {
            return;
        };
        match result {
            Ok(cmd) => {
                if state.apply(cmd).is_ok() {
                    text.set(String::new());
                    problem.set(None);
                }
            }
            Err(e) => problem.set(Some(e.0)),
        }
    };
    view! {
        <div class="panel decisions" aria-labelledby="decisions-title">
            <h2 id="decisions-title">"Decisions"</h2>
            <form
                class="decision-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add();
                }
            >
                <select
                    id="decision-role"
                    aria-label="Role of who decides"
                    disabled=move || state.frozen()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(r) = Role::ALL.into_iter().find(|r| r.label() == v) {
                            role.set(r);
                        }
                    }
                >
                    {Role::ALL
                        .into_iter()
                        .map(|r| {
                            view! {
                                <option value=r.label() prop:selected=move || role.get() == r>
                                    {r.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <input
                    id="decision-text"
                    aria-label="Decision"
                    placeholder="What was decided, e.g. add a Saturday shift on assembly in March"
                    aria-describedby="decision-problem"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    disabled=move || state.frozen()
                />
                <button id="add-decision" type="submit" class="primary" disabled=move || state.frozen()>
                    "Add"
                </button>
            </form>
            <p class="problem" id="decision-problem" role="alert">
                {move || problem.get()}
            </p>
            <Show
                when=move || list.with(|l| !l.is_empty())
                fallback=|| view! { <p class="muted">"No decision logged in this cycle yet."</p> }
            >
                <ol class="decision-list" id="decisions" reversed=true>
                    {move || {
                        list.get()
                            .into_iter()
                            .rev()
                            .map(|d| {
                                view! {
                                    <li data-decision=d.id.to_string()>
                                        <span class="d-date">{d.date}</span>
                                        <span class="d-role">{d.role.label()}</span>
                                        <span class="d-text">{d.text}</span>
                                        <CommentButton target=NoteTarget::Decision { id: d.id } open=open />
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </Show>
        </div>
    }
}
