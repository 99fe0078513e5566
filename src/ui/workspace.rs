//! The workspace menu of the top bar: open another stored workspace, start a new empty,
//! demo or sample company, rename, how numbers are written, export / restore a JSON
//! backup, save it as a file for a client (`.sop.html`, restored here too), delete.

use super::restore::{RestoreDialog, RestoreOffer, check_backup};
use crate::engine::demo;
use crate::engine::model::Workspace;
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The top bar's workspace picker and menu button; the menu and the restore dialog are
/// loaded after the page has painted ([`crate::ui::lazy`]).
#[component]
pub fn WorkspaceMenu() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.id.clone()))
            .unwrap_or_default()
    };
    let open = RwSignal::new(false);
    let offer = RwSignal::new(None);
    view! {
        <div class="workspace-menu">
            <label class="sr-only" for="workspace-select">"Workspace"</label>
            // Each option says whether it is the open workspace (a `value` on the select
            // could be set before the option it names is rendered, and show another).
            <select
                id="workspace-select"
                on:change=move |ev| state.switch_to(event_target_value(&ev))
            >
                {move || {
                    let cur = current();
                    let mut list = state.workspaces.get();
                    if !list.iter().any(|(id, _)| *id == cur) {
                        let name = state
                            .workspace
                            .with(|w| w.as_ref().map(|w| w.name.clone()))
                            .unwrap_or_default();
                        list.push((cur.clone(), name));
                    }
                    list.into_iter()
                        .map(|(id, name)| {
                            let selected = id == cur;
                            view! { <option value=id prop:selected=selected>{name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <button
                class="menu-button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Workspace ▾"
            </button>
            {super::lazy::part(super::lazy::workspace_menu, move |f| f(open, offer))}
            {super::lazy::part(super::lazy::workspace_restore, move |f| f(offer))}
        </div>
    }
}

/// What a backup or a file for a client offers to restore: the dialog, and the two ways
/// such a file arrives besides the menu (a page for a client that opened the app hands
/// its workspace over, `ui::handover`; or the file is dropped on the page).
#[component]
pub(crate) fn Restore(offer: RwSignal<Option<RestoreOffer>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    super::handover::listen(state, offer);
    super::handover::accept_drops(state, offer);
    view! { <RestoreDialog offer /> }
}

/// The workspace menu, while `open`: new, demo and sample companies, rename, number format,
/// backup, file for a client, restore, delete.
#[component]
pub(crate) fn Menu(open: RwSignal<bool>, offer: RwSignal<Option<RestoreOffer>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let close_then = move |f: &dyn Fn()| {
        open.set(false);
        f();
    };
    let restore = move |ev: leptos::ev::Event| {
        open.set(false);
        if let Some(file) = super::io::chosen_files(&ev).into_iter().next() {
            check_backup(state, file, offer);
        }
    };
    view! {
        <Show when=move || open.get()>
            // The name forms sit beside the menu, not in it (a menu holds menu items only).
            <div class="menu">
                <NameForm
                    id="new-company"
                    label="New empty company"
                    button="Create"
                    initial=String::new()
                    done=move |name: String| {
                        let name = Workspace::check_name(&name)?;
                        open.set(false);
                        state.open_new(new_company(&name), false);
                        Ok(())
                    }
                />
                <NameForm
                    id="rename-workspace"
                    label="Rename this workspace"
                    button="Rename"
                    initial=state
                        .workspace
                        .with_untracked(|w| w.as_ref().map(|w| w.name.clone()))
                        .unwrap_or_default()
                    done=move |name: String| {
                        state.rename_workspace(&name)?;
                        open.set(false);
                        Ok(())
                    }
                />
                <hr />
                <div class="menu-list" role="menu" aria-label="Workspace">
                <button role="menuitem" id="new-demo" on:click=move |_| close_then(&|| {
                    let mut w = demo::demo_workspace();
                    w.id = format!("demo-{}", js_sys::Date::now() as u64);
                    state.open_new(w, false);
                })>
                    "New demo company"
                </button>
                <button role="menuitem" id="sample-1000" on:click=move |_| close_then(&|| state.open_new(demo::sample_workspace(1000), true))>
                    "Sample company · 1,000 SKUs"
                </button>
                <button role="menuitem" id="sample-10000" on:click=move |_| close_then(&|| state.open_new(demo::sample_workspace(10_000), true))>
                    "Sample company · 10,000 SKUs"
                </button>
                <hr />
                // The number format: two radio menu items (a menu holds menu items only).
                <div class="menu-setting" role="group" aria-label="How numbers are written">
                    <span aria-hidden="true">"Numbers"</span>
                    {[(false, "number-point", NumberFormat::POINT), (true, "number-comma", NumberFormat::COMMA)]
                        .into_iter()
                        .map(|(comma, id, f)| {
                            view! {
                                <button
                                    role="menuitemradio"
                                    id=id
                                    aria-checked=move || (state.number_format().decimal_comma == comma).to_string()
                                    class:chosen=move || state.number_format().decimal_comma == comma
                                    on:click=move |_| state.set_number_format(f)
                                >
                                    {f.example()}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <hr />
                <button role="menuitem" id="export-backup" on:click=move |_| close_then(&|| super::restore::export_backup(state))>
                    "Export backup (JSON)"
                </button>
                <button role="menuitem" id="save-handover" on:click=move |_| close_then(&|| super::handover::save_for_client(state))>
                    "Save as a file for a client (.sop.html)"
                </button>
                <label role="menuitem" class="file">
                    "Restore backup…"
                    <input type="file" id="restore-backup" accept=".json,.html,application/json,text/html" on:change=restore />
                </label>
                <hr />
                <button role="menuitem" id="delete-workspace" class="danger" on:click=move |_| close_then(&|| {
                    let ok = web_sys::window()
                        .and_then(|w| w.confirm_with_message("Delete this workspace from this browser? Export a backup first if you may need it.").ok())
                        .unwrap_or(false);
                    if ok {
                        state.delete_current();
                    }
                })>
                    "Delete this workspace"
                </button>
                </div>
            </div>
        </Show>
    }
}

/// A new empty company named `name`, its first cycle this month, in euros.
pub(crate) fn new_company(name: &str) -> Workspace {
    let now = js_sys::Date::new_0();
    let label = Month::new(now.get_full_year() as i32, now.get_month() + 1);
    let id = format!("company-{}", js_sys::Date::now() as u64);
    Workspace::new_company(&id, name, "EUR", label)
}

/// A name typed in the menu and a button; `done` says what is wrong with it, if anything.
#[component]
fn NameForm(
    id: &'static str,
    label: &'static str,
    button: &'static str,
    initial: String,
    done: impl Fn(String) -> Result<(), String> + 'static,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let problem = RwSignal::new(None::<String>);
    let done = StoredValue::new_local(done);
    let submit = move || match done.with_value(|f| f(text.get_untracked())) {
        Ok(()) => problem.set(None),
        Err(e) => problem.set(Some(e)),
    };
    let input_id = format!("{id}-name");
    view! {
        <div class="menu-form" role="group" aria-label=label>
            <label for=input_id.clone()>{label}</label>
            <span class="row">
                <input
                    id=input_id
                    type="text"
                    maxlength="120"
                    placeholder="Name"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            submit();
                        }
                    }
                />
                <button type="button" id=id on:click=move |_| submit()>{button}</button>
            </span>
            <Show when=move || problem.with(Option::is_some)>
                <span class="error" role="alert">{move || problem.get().unwrap_or_default()}</span>
            </Show>
        </div>
    }
}
