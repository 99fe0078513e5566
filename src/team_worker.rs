//! The team Web Worker: automerge and the team document ([`crate::team`]) live in this
//! wasm binary (`team-worker`), started only when a planner uses a team feature, so the
//! app's own wasm does not grow.
//!
//! Requests `{ id, op, cycle: JSON, changes: JSON (ChangeSet since the last request),
//! state?: Uint8Array (the saved replica), person: JSON, now }`; the edits the page made
//! since the last request are recorded first. Replies `{ id, state: Uint8Array, cycle?:
//! JSON, conflicts: JSON, ... }`:
//! - `send` → `{ file: Uint8Array, changes: n }` (changes since this browser's last file;
//!   `everything: true` for all of them)
//! - `merge` `files: [Uint8Array]` → `{ cycle, report: JSON }` (joins the shared cycle
//!   when this browser has no replica of it yet)
//! - `keep` `path: JSON, actor` → `{ cycle }`
//! - `live` `url` → turns live sync with a sync server on (`url`) or off (empty); see
//!   [`crate::team_live`], which also posts `{ live }` and `{ changed }` unasked
//! - `net` `online: bool` → the page went online / offline (live sync follows)
//! - every reply with a replica: `heads` (JSON) of the cycle it holds; the page sends
//!   back `seen`, the heads of the cycle it shows, so an edit made on an older cycle is
//!   recorded where it was made and merged (`Team::record_since`)
//! - any failure: `{ error: text }` (the replica unchanged)

use crate::engine::change::ChangeSet;
use crate::engine::model::Cycle;
use crate::team::{Person, Team};
use crate::worker_message::{get, serve, set, text};
use js_sys::{Array, Object, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static TEAM: RefCell<Option<Team>> = const { RefCell::new(None) };
}

/// Runs `f` with the replica in memory (`None` if there is none, or while a request
/// holds it).
pub fn with_team<R>(f: impl FnOnce(Option<&mut Team>) -> R) -> R {
    TEAM.with(|t| match t.try_borrow_mut() {
        Ok(mut t) => f(t.as_mut()),
        Err(_) => f(None),
    })
}

fn json<T: serde::de::DeserializeOwned>(o: &JsValue, k: &str) -> Result<T, String> {
    serde_json::from_str(&text(o, k)).map_err(|e| format!("{k} could not be read: {e}"))
}

fn bytes(v: &JsValue) -> Vec<u8> {
    Uint8Array::new(v).to_vec()
}

fn handle(req: &JsValue, team: &mut Option<Team>) -> Result<Object, String> {
    let out = Object::new();
    let now = get(req, "now").as_f64().unwrap_or(0.0);
    let person: Person = json(req, "person")?;
    let op = text(req, "op");
    let cycle: Cycle = json(req, "cycle")?;
    if team.as_ref().is_some_and(|t| t.cycle().id != cycle.id) {
        *team = None;
    }
    if team.is_none() {
        let state = get(req, "state");
        if state.is_object() {
            *team = Some(Team::load(&bytes(&state))?);
        }
    }
    let changes: ChangeSet = json(req, "changes").unwrap_or_default();
    // Changes from the sync server merged since the page last took the cycle: the page's
    // cycle lacks them, so the cycle is read again after recording its edits.
    let unseen = crate::team_live::take_unseen();
    if let Some(t) = team.as_mut() {
        t.set_person(person.clone());
        if !changes.is_empty() && !t.is_approved() {
            // The heads of the cycle the page edited (see `record_since`).
            let seen: Vec<automerge::ChangeHash> = json::<Vec<String>>(req, "seen")
                .unwrap_or_default()
                .iter()
                .filter_map(|h| h.parse().ok())
                .collect();
            t.record_since(&seen, &cycle, &changes, "edits", now)?;
            if seen.is_empty() && (unseen || get(req, "reread").as_bool() == Some(true)) {
                t.reread()?;
            }
        }
    }
    match op.as_str() {
        "send" => {
            let t = match team {
                Some(t) => t,
                None => team.insert(Team::share(&cycle, person, now)?),
            };
            let everything = get(req, "everything").as_bool() == Some(true);
            let file = t.send(everything.then_some(&[][..]), now);
            set(&out, "file", &Uint8Array::from(&file[..]));
        }
        "merge" => {
            let files: Vec<Vec<u8>> = Array::from(&get(req, "files"))
                .iter()
                .map(|f| bytes(&f))
                .collect();
            let refs: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
            let report = match team {
                Some(t) => t.merge(&refs, now)?,
                None => {
                    let t = team.insert(Team::join(&refs, person, now)?);
                    crate::team::MergeReport {
                        new_changes: t.log().len(),
                        from: Vec::new(),
                        conflicts: t.conflicts(),
                        rejected: Vec::new(),
                    }
                }
            };
            set(
                &out,
                "report",
                &serde_json::to_string(&report)
                    .map_err(|e| e.to_string())?
                    .into(),
            );
        }
        "keep" => {
            let t = team.as_mut().ok_or("this cycle is not shared yet")?;
            let path: Vec<String> = json(req, "path")?;
            t.keep(&path, &text(req, "actor"), now)?;
        }
        "live" => {
            let url = text(req, "url");
            if team.is_none() && !url.is_empty() {
                return Err(
                    "share the cycle first (Send everything), or merge the file a \
                            colleague shared it with"
                        .into(),
                );
            }
            crate::team_live::configure_later(url);
        }
        "net" => crate::team_live::network_later(get(req, "online").as_bool() != Some(false)),
        "status" => {}
        other => return Err(format!("unknown request '{other}'")),
    }
    if let Some(t) = team.as_mut() {
        set(&out, "state", &Uint8Array::from(&t.save()[..]));
        let c = serde_json::to_string(t.cycle()).map_err(|e| e.to_string())?;
        set(&out, "cycle", &c.into());
        let k = serde_json::to_string(&t.conflicts()).map_err(|e| e.to_string())?;
        set(&out, "conflicts", &k.into());
        let r = serde_json::to_string(&t.rejected()).map_err(|e| e.to_string())?;
        set(&out, "rejected", &r.into());
        let heads: Vec<String> = t.heads().iter().map(|h| h.to_string()).collect();
        let h = serde_json::to_string(&heads).map_err(|e| e.to_string())?;
        set(&out, "heads", &h.into());
    }
    Ok(out)
}

/// The worker's entry point.
pub fn start() {
    serve(|req| {
        let reply = TEAM.with(|t| {
            // On failure the replica in memory is dropped: the next request loads the
            // saved one (a failed merge never changed it anyway).
            handle(req, &mut t.borrow_mut())
        });
        crate::team_live::after_request();
        reply
    });
    crate::team_live::watch_online();
}
