//! "Why?" right after a grid edit: under the demand waterfall and the supply grid, a
//! line naming the change just made ("KB-16 Sales Jan 27: 191 → 777", "and 2 more
//! cells" for a paste) with a box for its reason. It asks about the entries the latest
//! grid edit wrote ([`AppState::last_noted`], from the edit's change set) while they
//! are there (an undo takes them away) and have no reason; saving sends one undoable
//! `command::set_reasons` for all of them; "Not now" hides it until the next edit. It
//! never takes the focus from the grid (the grid's Enter moves on to the next cell); it
//! is reached with Tab or the access key Y. An edit made before the step was opened is
//! not asked about again: its reason stays one click away in the cell's History and
//! comments panel.

use crate::engine::command::set_reasons;
use crate::engine::notes::{CellEdit, MAX_REASON};
use crate::ui::format::units;
use crate::ui::notes::{author, submit};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The edit asked about: its entries' ids, and how it reads.
#[derive(Clone, PartialEq)]
struct Asked {
    ids: Vec<u64>,
    what: String,
}

fn asked(group: &[&CellEdit]) -> Option<Asked> {
    let last = group.last()?;
    let more = match group.len() {
        1 => String::new(),
        2 => " and 1 more cell".to_string(),
        n => format!(" and {} more cells", n - 1),
    };
    Some(Asked {
        ids: group.iter().map(|e| e.id).collect(),
        what: format!(
            "You changed {}: {} → {}{more}.",
            last.cell.label(),
            units(last.old),
            units(last.new)
        ),
    })
}

/// The prompt (see the module doc); drawn only while there is an edit to ask about.
#[component]
pub fn ReasonPrompt() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The edit asked about when the step opened was asked about before.
    let hidden = RwSignal::new(state.last_noted.get_untracked().last().copied());
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let pending = Memo::new(move |_| {
        let ids = state.last_noted.get();
        if ids.is_empty() || hidden.get() == ids.last().copied() || state.viewing.get().is_some() {
            return None;
        }
        let me = author(&state);
        let plan = state.active.get().scenario();
        state
            .with_cycle(|c| {
                // Newest entries last: look from the end.
                let group: Vec<&CellEdit> = ids
                    .iter()
                    .map(|id| c.notes.edits.iter().rev().find(|e| e.id == *id))
                    .collect::<Option<_>>()?;
                let open = group.iter().all(|e| {
                    e.reason.is_empty() && e.plan == plan && e.by.name.trim() == me.name.trim()
                });
                open.then(|| asked(&group)).flatten()
            })
            .flatten()
    });
    let save = move || {
        let Some(a) = pending.get_untracked() else {
            return;
        };
        let me = author(&state);
        let r = state.with_cycle_untracked(|c| set_reasons(c, &a.ids, &me, &text.get_untracked()));
        submit(&state, r, text, problem);
    };
    let not_now = move |_| {
        if let Some(a) = pending.get_untracked() {
            hidden.set(a.ids.last().copied());
        }
        text.set(String::new());
        problem.set(None);
    };
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <form
                class="reason-prompt"
                id="reason-prompt"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <label for="reason-now">
                    <span class="reason-what">
                        {move || pending.with(|p| p.as_ref().map(|a| a.what.clone()))}
                    </span>
                    " Why?"
                </label>
                <input
                    id="reason-now"
                    type="text"
                    accesskey="y"
                    maxlength=MAX_REASON.to_string()
                    placeholder="e.g. trade fair order"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    disabled=move || state.frozen()
                />
                <button id="reason-now-save" type="submit" disabled=move || state.frozen()>
                    "Save reason"
                </button>
                <button id="reason-now-skip" type="button" on:click=not_now>
                    "Not now"
                </button>
                <span class="problem" role="alert">
                    {move || problem.get()}
                </span>
            </form>
        </Show>
    }
}
