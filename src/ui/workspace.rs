//! The workspace menu of the top bar: open another stored workspace, start a new demo
//! or sample company, how numbers are written, export / restore a JSON backup, delete.

use super::restore::{RestoreDialog, check_backup};
use crate::engine::demo;
use crate::engine::number::NumberFormat;
use crate::ui::state::AppState;
use leptos::prelude::*;

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
    let close_then = move |f: &dyn Fn()| {
        open.set(false);
        f();
    };
    let offer = RwSignal::new(None);
    let restore = move |ev: leptos::ev::Event| {
        open.set(false);
        if let Some(file) = super::io::chosen_files(&ev).into_iter().next() {
            check_backup(state, file, offer);
        }
    };
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
            <Show when=move || open.get()>
                <div class="menu" role="menu">
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
                    <label role="menuitem" class="file">
                        "Restore backup…"
                        <input type="file" id="restore-backup" accept=".json,application/json" on:change=restore />
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
            </Show>
            <RestoreDialog offer />
        </div>
    }
}
