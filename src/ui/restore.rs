//! Backups. Exporting one (dated); restoring one: checked like any other way data enters (parse + the same
//! validation as an import or an edit), then shown and confirmed. A backup of a stored
//! workspace says what it replaces (and whether it is older than what is stored) and
//! can be restored as a new workspace instead; nothing is replaced without asking.
//! A `.sop.html` file for a client (`store::handover`) is read here too, and a
//! workspace handed over by such a page's message (`ui::handover`) is offered as
//! "Add workspace 'X' (…)?": always a new workspace, renamed when its name is taken.

use crate::engine::model::Workspace;

use crate::store::backup::{self, BackupSummary};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A checked backup waiting for the planner's choice.
#[derive(Clone)]
pub struct RestoreOffer {
    file: String,
    workspace: Workspace,
    summary: BackupSummary,
    /// The stored workspace with the backup's id, if any: what a restore replaces.
    stored: Option<Stored>,
    /// Handed over by a page for a client: only "Add" (as a new workspace) or cancel.
    handover: bool,
}

#[derive(Clone)]
struct Stored {
    summary: BackupSummary,
    /// `Date.now()` of its last save.
    saved_at: f64,
    /// Whether the backup is older than the stored workspace (see [`is_older`]).
    older: bool,
}

/// Whether a backup is older than what is stored: exported before the stored
/// workspace's last save, or (a backup without a date) with fewer cycles or an older
/// newest cycle.
fn is_older(backup: &Workspace, stored: &Workspace, stored_saved_at: f64) -> bool {
    match backup.exported_at {
        Some(t) => t < stored_saved_at,
        None => {
            let newest = |w: &Workspace| w.cycles.last().map(|c| c.label);
            backup.cycles.len() < stored.cycles.len() || newest(backup) < newest(stored)
        }
    }
}

/// A date and time of the browser's clock, as the planner reads it.
fn when(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    String::from(d.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED))
}

/// Reads and checks backup file `file`; offers it (see [`RestoreDialog`]) or says why not.
pub fn check_backup(state: AppState, file: web_sys::File, offer: RwSignal<Option<RestoreOffer>>) {
    let name = file.name();
    spawn_local(async move {
        let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(t) => t.as_string().unwrap_or_default(),
            Err(e) => {
                state
                    .error
                    .set(Some(format!("{name} could not be read: {e:?}")));
                return;
            }
        };
        // A page for a client carries the same backup, packed (`store::handover`).
        let read = if crate::store::handover::is_page(&text) {
            crate::store::handover::read_page(&text).map_err(|e| e.to_string())
        } else {
            backup::read_backup(&text).map_err(|e| e.to_string())
        };
        let w = match read {
            Ok(w) => w,
            Err(e) => {
                state.error.set(Some(format!(
                    "{name} cannot be restored: {e}. Nothing was changed."
                )));
                return;
            }
        };
        offer_checked(state, name, w, offer, false).await;
    });
}

/// Offers workspace `w` handed over by a page for a client (see the module doc).
pub fn offer_handover(
    state: AppState,
    name: String,
    w: Workspace,
    offer: RwSignal<Option<RestoreOffer>>,
) {
    spawn_local(offer_checked(state, name, w, offer, true));
}

/// Offers checked workspace `w` from `name`, compared with what is stored.
async fn offer_checked(
    state: AppState,
    name: String,
    w: Workspace,
    offer: RwSignal<Option<RestoreOffer>>,
    handover: bool,
) {
    {
        let stored = match state.stored_workspace(&w.id).await {
            Ok(s) => s,
            Err(e) => {
                state.error.set(Some(format!(
                    "{name}: the stored workspace could not be read to compare ({e}). \
                     Nothing was changed."
                )));
                return;
            }
        };
        let stored = stored.map(|(s, saved_at)| Stored {
            summary: backup::summary(&s),
            saved_at,
            older: is_older(&w, &s, saved_at),
        });
        offer.set(Some(RestoreOffer {
            file: name,
            summary: backup::summary(&w),
            workspace: w,
            stored,
            handover,
        }));
    }
}

/// A name not among `taken`: `name`, else `name (2)`, `name (3)`, ….
fn free_name(name: &str, taken: &[String]) -> String {
    (1..)
        .map(|i| {
            if i == 1 {
                name.to_string()
            } else {
                format!("{name} ({i})")
            }
        })
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

/// The confirmation of a restore: what the backup holds, what it replaces; replace,
/// restore as a new workspace, or cancel.
#[component]
pub fn RestoreDialog(offer: RwSignal<Option<RestoreOffer>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let replace = move |_| {
        if let Some(o) = offer.get_untracked() {
            offer.set(None);
            let mut w = o.workspace;
            w.exported_at = None;
            state.open_new(w, true);
        }
    };
    let as_new = move |_| {
        if let Some(o) = offer.get_untracked() {
            offer.set(None);
            let mut w = o.workspace;
            let now = js_sys::Date::now();
            if o.handover {
                // A new workspace: a fresh id when this one is stored, a free name.
                let list = state.workspaces.get_untracked();
                if o.stored.is_some() || list.iter().any(|(id, _)| *id == w.id) {
                    w.id = format!("{}-received-{}", w.id, now as u64);
                }
                let names: Vec<String> = list.into_iter().map(|(_, n)| n).collect();
                w.name = free_name(&w.name, &names);
            } else if o.stored.is_some() {
                w.id = format!("{}-restored-{}", w.id, now as u64);
                w.name = format!("{} (restored {})", w.name, when(now));
            }
            w.exported_at = None;
            state.open_new(w, false);
        }
    };
    view! {
        {move || {
            offer
                .get()
                .map(|o| {
                    let exported = o
                        .workspace
                        .exported_at
                        .map(|t| format!(" Exported {}.", when(t)))
                        .unwrap_or_default();
                    let stored = o.stored.clone();
                    if o.handover {
                        let s = &o.summary;
                        let title = format!(
                            "Add workspace “{}” ({} product{}, cycle {})?",
                            s.name,
                            s.products,
                            if s.products == 1 { "" } else { "s" },
                            s.newest_label,
                        );
                        return view! {
                            <div class="modal-backdrop">
                                <div
                                    class="modal restore"
                                    id="restore-dialog"
                                    role="dialog"
                                    aria-modal="true"
                                    aria-labelledby="restore-title"
                                >
                                    <h2 id="restore-title">{title}</h2>
                                    <p>
                                        "Handed over as a file: " <strong>{o.summary.to_string()}</strong> "."
                                        {exported}
                                    </p>
                                    <p id="restore-new">
                                        "It is added as a new workspace; nothing stored in this browser is replaced."
                                    </p>
                                    <div class="actions">
                                        <button class="primary" id="restore-as-new" on:click=as_new>
                                            "Add workspace"
                                        </button>
                                        <button id="restore-cancel" on:click=move |_| offer.set(None)>
                                            "Cancel"
                                        </button>
                                    </div>
                                </div>
                            </div>
                        }
                            .into_any();
                    }
                    view! {
                        <div class="modal-backdrop">
                            <div
                                class="modal restore"
                                id="restore-dialog"
                                role="dialog"
                                aria-modal="true"
                                aria-labelledby="restore-title"
                            >
                                <h2 id="restore-title">{format!("Restore {}?", o.file)}</h2>
                                <p>
                                    "The backup holds " <strong>{o.summary.to_string()}</strong> "."
                                    {exported}
                                </p>
                                {match stored {
                                    Some(s) => {
                                        view! {
                                            <p id="restore-replaces">
                                                "It replaces the workspace stored in this browser: "
                                                <strong>{s.summary.to_string()}</strong>
                                                {format!(", last saved {}.", when(s.saved_at))}
                                            </p>
                                            {s
                                                .older
                                                .then(|| {
                                                    view! {
                                                        <p class="warn-text" id="restore-older" role="alert">
                                                            "This backup is older than what is stored: restoring it over the stored workspace loses the changes made since. Restore it as a new workspace to keep both."
                                                        </p>
                                                    }
                                                })}
                                            <div class="actions">
                                                <button class="danger" id="restore-replace" on:click=replace>
                                                    "Replace the stored workspace"
                                                </button>
                                                <button class="primary" id="restore-as-new" on:click=as_new>
                                                    "Restore as a new workspace"
                                                </button>
                                                <button id="restore-cancel" on:click=move |_| offer.set(None)>
                                                    "Cancel"
                                                </button>
                                            </div>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <p id="restore-new">"It is added as a new workspace; nothing stored is replaced."</p>
                                            <div class="actions">
                                                <button class="primary" id="restore-as-new" on:click=as_new>
                                                    "Restore"
                                                </button>
                                                <button id="restore-cancel" on:click=move |_| offer.set(None)>
                                                    "Cancel"
                                                </button>
                                            </div>
                                        }
                                            .into_any()
                                    }
                                }}
                            </div>
                        </div>
                    }
                        .into_any()
                })
        }}
    }
}

/// Downloads the open workspace as a JSON backup file.
pub fn export_backup(state: AppState) {
    // Dated, so that restoring it later can tell whether it is older than what is stored.
    let Some((name, json)) = state.workspace.with_untracked(|w| {
        w.as_ref().map(|w| {
            let mut dated = w.clone();
            dated.exported_at = Some(js_sys::Date::now());
            (w.id.clone(), crate::store::workspace_to_json(&dated))
        })
    }) else {
        return;
    };
    if let Err(e) = super::download(&format!("{name}.json"), "application/json", &json) {
        state
            .error
            .set(Some(format!("The backup could not be downloaded: {e}")));
    }
}
