//! A workspace handed to a client as one file (`store::handover`): "Save as a file for
//! a client" downloads `<name>.sop.html`; the app opened by that page (`#/open`, with a
//! `window.opener`) says "ready" to it, takes exactly one message from that opener
//! (size-capped), reads it like a restore and offers to add the workspace as a new one
//! ([`super::restore::RestoreDialog`] in its handover form). Nothing is sent anywhere
//! but back to the window that opened the app, and that message carries no data. A
//! `.sop.html` dropped on the page is restored like Restore backup… ([`accept_drops`]).

use super::restore::{RestoreOffer, offer_handover};
use crate::store::handover::{self, AppAddress, MAX_PAYLOAD};
use crate::ui::state::AppState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Downloads the open workspace as `<name>.sop.html` (see the module doc).
pub fn save_for_client(state: AppState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loc = window.location();
    let address = match (loc.href(), loc.origin()) {
        (Ok(href), Ok(origin)) => AppAddress::new(&href, &origin),
        _ => Err("the app's address is not known".to_string()),
    };
    let address = match address {
        Ok(a) => a,
        Err(e) => {
            state
                .error
                .set(Some(format!("The file for a client cannot be made: {e}.")));
            return;
        }
    };
    let made = state.workspace.with_untracked(|w| {
        w.as_ref().map(|w| {
            let mut dated = w.clone();
            dated.exported_at = Some(js_sys::Date::now());
            (
                handover::file_name(w),
                handover::page(&dated, &address, &crate::ui::meeting::now_text()),
            )
        })
    });
    let Some((name, html)) = made else {
        return;
    };
    if let Err(e) = super::download(&name, "text/html", &html) {
        state.error.set(Some(format!(
            "The file for a client could not be saved: {e}"
        )));
    }
}

/// Whether the page was opened by a handover page: `#/open` and a `window.opener`.
fn opened_by_handover() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if !hash.starts_with("#/open") {
        return None;
    }
    let opener = window.opener().ok()?;
    if opener.is_null() || opener.is_undefined() {
        return None;
    }
    Some(opener.unchecked_into())
}

/// On a page opened by a handover page: once a workspace is shown (so that nothing
/// loaded later covers the offer), listens for one message from the opener and says
/// "ready" to it; the message's payload is read and offered in `offer`, or refused
/// with what is wrong.
pub fn listen(state: AppState, offer: RwSignal<Option<RestoreOffer>>) {
    let Some(opener) = opened_by_handover() else {
        return;
    };
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if state.workspace.with(Option::is_none) || started.get_value() {
            return;
        }
        started.set_value(true);
        let Some(window) = web_sys::window() else {
            return;
        };
        let from = opener.clone();
        let taken = StoredValue::new(false);
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let from_opener = ev
                    .source()
                    .is_some_and(|s| js_sys::Object::is(&s, from.as_ref()));
                if !from_opener || taken.get_value() {
                    return;
                }
                taken.set_value(true);
                let data = ev.data();
                let payload = js_sys::Reflect::get(&data, &"payload".into()).ok();
                let kind = js_sys::Reflect::get(&data, &"sop".into())
                    .ok()
                    .and_then(|k| k.as_string());
                let text = match payload
                    .as_ref()
                    .and_then(|p| p.dyn_ref::<js_sys::JsString>())
                {
                    Some(s) if s.length() as usize > MAX_PAYLOAD => {
                        Err(handover::HandoverError::TooLarge.to_string())
                    }
                    Some(s) if kind.as_deref() == Some("workspace") => Ok(String::from(s)),
                    _ => Err("the message from the file holds no workspace".to_string()),
                };
                let read = text.and_then(|t| handover::read_payload(&t).map_err(|e| e.to_string()));
                if let Some(w) = web_sys::window() {
                    let _ = w.location().replace("#/overview");
                }
                match read {
                    Ok(w) => offer_handover(state, "the file for a client".into(), w, offer),
                    Err(e) => state.error.set(Some(format!(
                        "The workspace handed over cannot be added: {e}. Nothing was changed."
                    ))),
                }
            });
        let _ =
            window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // One listener for the page's life; it takes one message.
        on_message.forget();
        let ready = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&ready, &"sop".into(), &"ready".into());
        // The opener is a file on disk (origin "null"): "*" is the only target that
        // reaches it, and "ready" carries nothing.
        let _ = opener.post_message(&ready, "*");
    });
}

/// The `.sop.html` among the files of a drag, if any.
fn dropped_page(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    let list = ev.data_transfer()?.files()?;
    (0..list.length())
        .filter_map(|i| list.get(i))
        .find(|f| f.name().to_lowercase().ends_with(".sop.html"))
}

/// Whether a drag carries files.
fn drags_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// A `.sop.html` dropped anywhere on the page (the import panel passes it on) is read
/// like Restore backup… and offered in `offer`; other files dropped outside the import
/// panel are ignored (the browser does not navigate away to them).
pub fn accept_drops(state: AppState, offer: RwSignal<Option<RestoreOffer>>) {
    let over = window_event_listener(leptos::ev::dragover, |ev: web_sys::DragEvent| {
        if drags_files(&ev) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev: web_sys::DragEvent| {
        if ev.default_prevented() || !drags_files(&ev) {
            return;
        }
        ev.prevent_default();
        if let Some(file) = dropped_page(&ev) {
            super::restore::check_backup(state, file, offer);
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}
