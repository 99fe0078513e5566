//! History and comments in the page: who is writing ([`stamp`]: the team panel's
//! person, name and role — the one definition of "who works in this browser"; before
//! one is set, the meeting bar's name with the "Editing as" role), grid edits recorded
//! with their history ([`apply_noted`]), and the side panel "History and comments —
//! <cell>" ([`NotesPanel`]) that lists a cell's history newest first and the comments
//! of a cell, an exception or a decision, with a box to add one, and — on a cell the
//! person has edited — "Reason for my last change" (`command::set_reason`: one undoable
//! command naming the entry in its change set). Text is shown escaped (Leptos text
//! nodes).

use crate::engine::command::{
    CellChange, Command, CommandError, add_comment, delete_comment, latest_edit_by, set_reason,
    with_history,
};
use crate::engine::notes::{Author, NoteTarget, Stamp};
use crate::ui::format::units;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The target whose panel is open, shared by the lists of a step (one panel a step).
#[derive(Clone, Copy)]
pub struct NotesOpen(pub RwSignal<Option<NoteTarget>>);

/// Who writes in this browser (see the module doc).
pub fn author(state: &AppState) -> Author {
    if let Some(p) = crate::ui::team::load_person() {
        return Author::from(&p);
    }
    let name = crate::ui::meeting::person();
    Author {
        name: if name.trim().is_empty() {
            "Unnamed".into()
        } else {
            name
        },
        role: state.role.get_untracked().label().to_string(),
    }
}

/// Who and now.
pub fn stamp(state: &AppState) -> Stamp {
    Stamp {
        by: author(state),
        at: crate::ui::meeting::now_text(),
    }
}

/// Applies a grid edit with a history entry per changed cell (one undo step); the
/// entries it wrote (its change set's `cell_edits`) become [`AppState::last_noted`].
pub fn apply_noted(state: &AppState, cmd: Command, cells: Vec<CellChange>) {
    let s = stamp(state);
    let Some(cmd) = state.with_cycle_untracked(|c| with_history(c, cmd, cells, &s, "")) else {
        return;
    };
    if let Ok(touched) = state.apply_touching(cmd)
        && !touched.cell_edits.is_empty()
    {
        state
            .last_noted
            .set(touched.cell_edits.into_iter().collect());
    }
}

/// Sends a command a notes form built from its `field` (`None`: no cycle open): on
/// success the field is emptied and the problem cleared; a refusal — the command's or
/// the edit's — is shown in `problem` and the typed text kept.
pub fn submit(
    state: &AppState,
    built: Option<Result<Command, CommandError>>,
    field: RwSignal<String>,
    problem: RwSignal<Option<String>>,
) {
    match built.map(|r| r.and_then(|cmd| state.apply(cmd))) {
        Some(Ok(())) => {
            field.set(String::new());
            problem.set(None);
        }
        Some(Err(e)) => problem.set(Some(e.0)),
        None => {}
    }
}

/// The number of comments on `target` (for the "Comment (2)" buttons).
pub fn comment_count(state: &AppState, target: &NoteTarget) -> usize {
    state
        .with_cycle(|c| {
            c.notes
                .comments
                .iter()
                .filter(|k| k.target == *target)
                .count()
        })
        .unwrap_or(0)
}

/// A "Comment" button opening the panel on `target`, with the number of comments.
#[component]
pub fn CommentButton(target: NoteTarget, open: RwSignal<Option<NoteTarget>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = StoredValue::new(target);
    let n = move || t.with_value(|t| comment_count(&state, t));
    let label = move || t.with_value(|t| format!("Comments on {}", t.label()));
    view! {
        <button
            type="button"
            class="comment-button"
            aria-label=label
            on:click=move |_| open.set(Some(t.get_value()))
        >
            {move || match n() {
                0 => "Comment".to_string(),
                n => format!("Comment ({n})"),
            }}
        </button>
    }
}

/// The side panel of the target in `open` (closed while `None`).
#[component]
pub fn NotesPanel(open: RwSignal<Option<NoteTarget>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let plan = move || state.active.get().scenario();
    let history = move || {
        let Some(NoteTarget::Cell(cell)) = open.get() else {
            return Vec::new();
        };
        let p = plan();
        state
            .with_cycle(|c| {
                c.notes
                    .history_of(&cell, p)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let comments = move || {
        let Some(t) = open.get() else {
            return Vec::new();
        };
        state
            .with_cycle(|c| {
                c.notes
                    .comments_on(&t)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let add = move || {
        let Some(t) = open.get_untracked() else {
            return;
        };
        let s = stamp(&state);
        let r = state.with_cycle_untracked(|c| add_comment(c, t, &s, &text.get_untracked()));
        submit(&state, r, text, problem);
    };
    // This person's latest edit of the open cell, if any: what a reason is attached to.
    let mine = move || {
        let Some(NoteTarget::Cell(cell)) = open.get() else {
            return None;
        };
        let me = author(&state);
        let p = plan();
        state
            .with_cycle(|c| latest_edit_by(c, &cell, p, &me).cloned())
            .flatten()
    };
    let give_reason = move || {
        let Some(NoteTarget::Cell(cell)) = open.get_untracked() else {
            return;
        };
        let me = author(&state);
        let p = state.active.get_untracked().scenario();
        let r =
            state.with_cycle_untracked(|c| set_reason(c, &cell, p, &me, &reason.get_untracked()));
        submit(&state, r, reason, problem);
    };
    let delete = move |id: u64| {
        let me = author(&state);
        match state.with_cycle_untracked(|c| delete_comment(c, id, &me)) {
            Some(Ok(cmd)) => {
                if let Err(e) = state.apply(cmd) {
                    problem.set(Some(e.0));
                }
            }
            Some(Err(e)) => problem.set(Some(e.0)),
            None => {}
        }
    };
    view! {
        <Show when=move || open.with(Option::is_some)>
            <aside class="notes-panel" id="notes-panel" aria-labelledby="notes-title" role="dialog">
                <div class="notes-head">
                    <h2 id="notes-title">
                        "History and comments — "
                        {move || open.get().map(|t| t.label()).unwrap_or_default()}
                    </h2>
                    <button
                        type="button"
                        id="notes-close"
                        aria-label="Close history and comments"
                        on:click=move |_| open.set(None)
                    >
                        "×"
                    </button>
                </div>
                <Show when=move || matches!(open.get(), Some(NoteTarget::Cell(_)))>
                    <h3>"History"</h3>
                    <Show
                        when=move || !history().is_empty()
                        fallback=|| view! { <p class="muted">"No change recorded for this cell."</p> }
                    >
                        <ol class="notes-history" id="notes-history">
                            {move || {
                                history()
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <li>
                                                <span class="n-when">{e.at.clone()}</span>
                                                " · "
                                                <span class="n-who">{e.by.label()}</span>
                                                " · "
                                                <span class="n-change">
                                                    {format!("{} → {}", units(e.old), units(e.new))}
                                                </span>
                                                {(!e.reason.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            " · "
                                                            <span class="n-reason">{e.reason.clone()}</span>
                                                        }
                                                    })}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ol>
                    </Show>
                    <Show when=move || mine().is_some()>
                        <form
                            class="notes-form reason-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                give_reason();
                            }
                        >
                            <label for="notes-reason">
                                {move || {
                                    mine()
                                        .map(|e| {
                                            format!(
                                                "Reason for my last change ({} → {})",
                                                units(e.old),
                                                units(e.new),
                                            )
                                        })
                                        .unwrap_or_default()
                                }}
                            </label>
                            <input
                                id="notes-reason"
                                type="text"
                                maxlength=crate::engine::notes::MAX_REASON.to_string()
                                placeholder=move || mine().map(|e| e.reason).unwrap_or_default()
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                                disabled=move || state.frozen()
                            />
                            <button
                                id="notes-reason-save"
                                type="submit"
                                disabled=move || state.frozen()
                            >
                                "Save reason"
                            </button>
                        </form>
                    </Show>
                </Show>
                <h3>"Comments"</h3>
                <ol class="notes-comments" id="notes-comments">
                    {move || {
                        let me = author(&state).name;
                        comments()
                            .into_iter()
                            .map(|k| {
                                let mine = k.by.name.trim() == me.trim();
                                let id = k.id;
                                view! {
                                    <li>
                                        <span class="n-when">{k.at.clone()}</span>
                                        " · "
                                        <span class="n-who">{k.by.label()}</span>
                                        <p class="n-text">{k.text.clone()}</p>
                                        {mine
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="n-delete"
                                                        disabled=move || state.frozen()
                                                        on:click=move |_| delete(id)
                                                    >
                                                        "Delete"
                                                    </button>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
                <form
                    class="notes-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        add();
                    }
                >
                    <textarea
                        id="notes-text"
                        aria-label="Comment"
                        rows="3"
                        maxlength=crate::engine::notes::MAX_COMMENT.to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        disabled=move || state.frozen()
                    ></textarea>
                    <button id="notes-add" type="submit" class="primary" disabled=move || state.frozen()>
                        "Comment"
                    </button>
                </form>
                <p class="problem" role="alert">
                    {move || problem.get()}
                </p>
            </aside>
        </Show>
    }
}
