//! Team work in the page: who works in this browser (name and role, kept in this
//! browser, shown in the top bar), "Send my changes" (a change file), "Merge changes"
//! (one or several files), the conflict notices with "keep mine / keep theirs" and the
//! edits an approval rejected. The team document itself lives in the team worker
//! ([`client`]); this side sends it the current cycle and what the edits since the last
//! request touched, and puts the merged cycle in place.

mod client;
mod live;
mod panel;

pub use panel::TeamPanel;

use crate::team::{ChangeInfo, Conflict, Person};
use crate::ui::state::AppState;
use js_sys::{Object, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

const PERSON_KEY: &str = "sop-team-person";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The person of this browser, if set.
pub fn load_person() -> Option<Person> {
    serde_json::from_str(&storage()?.get_item(PERSON_KEY).ok()??).ok()
}

pub fn save_person(p: &Person) {
    if let (Some(s), Ok(j)) = (storage(), serde_json::to_string(p)) {
        let _ = s.set_item(PERSON_KEY, &j);
    }
}

/// Where versions before the database kept the replica of the shared cycle `cycle` of
/// workspace `ws` (`localStorage`, base64).
fn legacy_key(ws: &str, cycle: &str) -> String {
    format!("sop-team:{ws}:{cycle}")
}

/// The replica of the shared cycle `cycle` of workspace `ws`: from the browser
/// database ([`crate::store::idb`]'s `team/…` records), else one an earlier version kept
/// in `localStorage` (moved to the database at the next save), else none.
async fn load_state(state: AppState, ws: &str, cycle: &str) -> Result<Option<Vec<u8>>, String> {
    if let Some(repo) = state.repo()
        && let Some(bytes) = repo
            .team_replica(ws, cycle)
            .await
            .map_err(|e| e.to_string())?
    {
        return Ok(Some(bytes));
    }
    let b64 = storage().and_then(|s| s.get_item(&legacy_key(ws, cycle)).ok().flatten());
    let Some(b64) = b64 else {
        return Ok(None);
    };
    let bin = web_sys::window()
        .and_then(|w| w.atob(&b64).ok())
        .ok_or("the team document kept by an earlier version is damaged")?;
    Ok(Some(bin.chars().map(|c| c as u8).collect()))
}

/// Keeps the replica of shared cycle `cycle` of workspace `ws` in the browser database
/// (in `localStorage` only where the page has no database, e.g. private mode).
async fn save_state(state: AppState, ws: &str, cycle: &str, bytes: &[u8]) -> Result<(), String> {
    let full = "the team document could not be kept in this browser (storage full?)";
    match state.repo() {
        Some(repo) => {
            repo.put_team_replica(ws, cycle, bytes)
                .await
                .map_err(|e| format!("{full}: {e}"))?;
            if let Some(s) = storage() {
                let _ = s.remove_item(&legacy_key(ws, cycle));
            }
            Ok(())
        }
        None => {
            let bin: String = bytes.iter().map(|b| *b as char).collect();
            let w = web_sys::window().ok_or("no window")?;
            let b64 = w.btoa(&bin).map_err(|e| format!("{e:?}"))?;
            storage()
                .ok_or("no storage")?
                .set_item(&legacy_key(ws, cycle), &b64)
                .map_err(|_| full.to_string())
        }
    }
}

/// What the team panel shows.
#[derive(Clone, Copy)]
pub struct TeamState {
    pub person: RwSignal<Option<Person>>,
    pub conflicts: RwSignal<Vec<Conflict>>,
    pub rejected: RwSignal<Vec<ChangeInfo>>,
    pub status: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    pub live: RwSignal<live::LiveStatus>,
}

thread_local! {
    /// A reply's cycle was not taken (edits were made while it was on its way): the
    /// worker reads its cycle again after recording them.
    static SKIPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The document heads of the cycle the page shows (from the reply it was taken from).
    static SEEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn put(msg: &Object, k: &str, v: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(msg, &k.into(), &v.into());
}

fn field(reply: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(reply, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Sends `op` to the team worker with the current cycle and the edits since the last
/// request; takes over the merged cycle, the conflicts and the rejected edits.
pub async fn request(
    state: AppState,
    team: TeamState,
    op: &str,
    msg: Object,
) -> Result<JsValue, String> {
    let person = team.person.get_untracked().ok_or("say who you are first")?;
    if state.viewing_older() {
        return Err("pick the current cycle in the top bar first".into());
    }
    let ws = state
        .workspace
        .with_untracked(|w| w.as_ref().map(|w| w.id.clone()))
        .ok_or("no workspace is open")?;
    let cycle_id = state
        .with_cycle_untracked(|c| c.id.clone())
        .ok_or("no cycle is open")?;
    // The replica is read first: the cycle and the edits to record are then taken
    // together, with no wait in between that an edit could fall into.
    let replica = load_state(state, &ws, &cycle_id).await?;
    let cycle = state
        .with_cycle_untracked(|c| (c.id == cycle_id).then(|| serde_json::to_string(c)))
        .flatten()
        .ok_or("the open cycle changed; try again")?;
    let changes = state.take_team_changes();
    put(&msg, "cycle", cycle.map_err(|e| e.to_string())?);
    put(
        &msg,
        "changes",
        serde_json::to_string(&changes).unwrap_or_default(),
    );
    put(
        &msg,
        "person",
        serde_json::to_string(&person).unwrap_or_default(),
    );
    put(&msg, "now", js_sys::Date::now());
    put(&msg, "reread", SKIPPED.with(|s| s.replace(false)));
    if let Some(seen) = SEEN.with(|s| s.borrow().clone()) {
        put(&msg, "seen", seen);
    }
    if let Some(bytes) = replica {
        put(&msg, "state", Uint8Array::from(&bytes[..]));
    }
    let reply = match client::call(op, msg).await {
        Ok(r) => r,
        Err(e) => {
            state.give_back_team_changes(changes);
            return Err(e);
        }
    };
    if let Some(bytes) = field(&reply, "state").dyn_ref::<Uint8Array>()
        && let Err(e) = save_state(state, &ws, &cycle_id, &bytes.to_vec()).await
    {
        // The replica that recorded them is not kept: record them again next time.
        state.give_back_team_changes(changes);
        return Err(e);
    }
    if let Some(text) = field(&reply, "cycle").as_string() {
        let merged: crate::engine::model::Cycle = serde_json::from_str(&text)
            .map_err(|e| format!("the merged cycle could not be read: {e}"))?;
        // The cycle id may change on joining a colleague's shared cycle: keep its replica under it.
        if merged.id != cycle_id
            && let Some(bytes) = field(&reply, "state").dyn_ref::<Uint8Array>()
        {
            save_state(state, &ws, &merged.id, &bytes.to_vec()).await?;
        }
        if state.has_team_changes() {
            // Edits made while the request was on its way: putting this cycle in place
            // would drop them; the next request records them and brings the cycle.
            SKIPPED.with(|s| s.set(true));
        } else {
            if state
                .with_cycle_untracked(|c| *c != merged)
                .unwrap_or(false)
            {
                state.replace_current_cycle(merged);
            }
            let heads = field(&reply, "heads").as_string();
            SEEN.with(|s| *s.borrow_mut() = heads);
        }
    }
    let list = |k: &str| field(&reply, k).as_string().unwrap_or_default();
    team.conflicts
        .set(serde_json::from_str(&list("conflicts")).unwrap_or_default());
    team.rejected
        .set(serde_json::from_str(&list("rejected")).unwrap_or_default());
    Ok(reply)
}

use wasm_bindgen::JsCast;
