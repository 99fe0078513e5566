//! Live sync in the page: on or off per workspace (kept in this browser), the endpoint
//! (the page's own origin, `/sync`), the status the team worker reports, and the
//! round trips: each edit is recorded (and so sent) at once, each change from the
//! server brings the merged cycle. See [`crate::team_live`] for the worker's side.

use super::{TeamState, client, request, storage};
use crate::ui::state::AppState;
use js_sys::Object;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

/// What the team worker last said about live sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveStatus {
    pub on: bool,
    /// "connected", "connecting" or "offline".
    pub state: String,
    /// This browser's changes the server does not have yet.
    pub waiting: u32,
    pub error: String,
}

impl LiveStatus {
    pub fn words(&self) -> String {
        let mut s = match self.state.as_str() {
            "connected" => "Live: connected".to_string(),
            "connecting" => "Live: connecting…".to_string(),
            _ => "Live: offline".to_string(),
        };
        if self.waiting > 0 {
            s += &format!(
                " — {} change{} waiting",
                self.waiting,
                if self.waiting == 1 { "" } else { "s" }
            );
        }
        s
    }
}

fn key(ws: &str) -> String {
    format!("sop-team-live:{ws}")
}

/// Whether live sync is on for workspace `ws` in this browser.
pub fn enabled(ws: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(&key(ws)).ok().flatten())
        .is_some()
}

fn set_enabled(ws: &str, on: bool) {
    if let Some(s) = storage() {
        let _ = if on {
            s.set_item(&key(ws), "1")
        } else {
            s.remove_item(&key(ws))
        };
    }
}

/// The sync server's address: `/sync` of the page's own origin, or the one set at
/// deploy time in `index.html` (`<meta name="sop-sync-endpoint">`, read by
/// [`crate::team::sync_endpoint`]); an unusable setting is an error naming it.
pub fn endpoint() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let loc = window.location();
    let host = loc.host().unwrap_or_default();
    let secure = loc.protocol().is_ok_and(|p| p == "https:");
    let configured = window
        .document()
        .and_then(|d| {
            d.query_selector("meta[name=\"sop-sync-endpoint\"]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_default();
    crate::team::sync_endpoint(&configured, secure, &host)
}

thread_local! {
    static PULLING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Records the page's edits in the team worker (which sends them) and takes the merged
/// cycle; one round trip at a time, another after it if asked for meanwhile.
fn pull(state: AppState, team: TeamState) {
    if PULLING.with(|p| p.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    spawn_local(async move {
        loop {
            AGAIN.with(|a| a.set(false));
            if let Err(e) = request(state, team, "status", Object::new()).await {
                team.status.set(Some(format!("Live sync: {e}")));
            }
            if !AGAIN.with(Cell::get) && !state.has_team_changes() {
                break;
            }
        }
        PULLING.with(|p| p.set(false));
    });
}

/// Turns live sync on or off for the open workspace.
pub fn switch(state: AppState, team: TeamState, on: bool) {
    let Some(ws) = state
        .workspace
        .with_untracked(|w| w.as_ref().map(|w| w.id.clone()))
    else {
        return;
    };
    let url = if on {
        match endpoint() {
            Ok(url) => url,
            Err(e) => {
                team.status.set(Some(format!("Live sync stays off: {e}")));
                return;
            }
        }
    } else {
        String::new()
    };
    team.busy.set(true);
    spawn_local(async move {
        let msg = Object::new();
        super::put(&msg, "url", url.clone());
        let r = request(state, team, "live", msg).await;
        team.busy.set(false);
        match r {
            Ok(_) => {
                set_enabled(&ws, on);
                if !on {
                    team.live.set(LiveStatus::default());
                }
                team.status.set(Some(if on {
                    format!("Live sync is on for this workspace ({url}).")
                } else {
                    "Live sync is off: exchange change files.".into()
                }));
            }
            Err(e) => team.status.set(Some(format!("Live sync stays off: {e}"))),
        }
    });
}

/// Starts live sync where it was on, listens to the worker, and sends each edit.
pub fn run(state: AppState, team: TeamState) {
    client::on_push(move |data: JsValue| {
        let live = super::field(&data, "live");
        if live.is_object() {
            let f = |k: &str| super::field(&live, k);
            team.live.set(LiveStatus {
                on: f("on").as_bool() == Some(true),
                state: f("state").as_string().unwrap_or_default(),
                waiting: f("waiting").as_f64().unwrap_or(0.0) as u32,
                error: f("error").as_string().unwrap_or_default(),
            });
        }
        if super::field(&data, "changed").as_bool() == Some(true) {
            pull(state, team);
        }
    });
    let ws = Memo::new(move |_| state.workspace.with(|w| w.as_ref().map(|w| w.id.clone())));
    // On for this workspace in this browser: connect once the workspace is open.
    Effect::new(move |started: Option<Option<String>>| {
        let id = ws.get();
        let person = team.person.with(Option::is_some);
        match (&id, started.flatten()) {
            (Some(id), prev) if prev.as_deref() != Some(id.as_str()) => {
                if person && enabled(id) {
                    switch(state, team, true);
                    return Some(id.clone());
                }
                None
            }
            (_, prev) => prev,
        }
    });
    // The page going offline or online: the worker's connection follows (a worker does
    // not always hear it itself).
    for (event, online) in [("online", true), ("offline", false)] {
        let f = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if team.live.with_untracked(|l| l.on) {
                let msg = Object::new();
                super::put(&msg, "online", online);
                spawn_local(async move {
                    let _ = request(state, team, "net", msg).await;
                });
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
        }
        f.forget();
    }
    // Each edit, undo or redo goes to the worker (and so to the server) at once.
    Effect::new(move |_| {
        state.track_edits();
        if team.live.with_untracked(|l| l.on) && state.has_team_changes() {
            pull(state, team);
        }
    });
}
