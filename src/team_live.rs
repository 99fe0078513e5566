//! Live sync in the team worker: one WebSocket to a sync server speaking automerge-repo's
//! protocol (e.g. `@automerge/automerge-repo-sync-server` under `/sync` of the page's own
//! origin). Frames by [`crate::team::wire`]; the sync itself is automerge's
//! ([`crate::team::Team::sync_message`], [`crate::team::Team::receive_sync`], one
//! `sync::State` per connection).
//!
//! - Turned on by the page (`live` request with `url`; an empty url turns it off).
//! - A closed or failed connection is opened again after a back-off (0.5 s doubling to
//!   10 s; at once when the browser says it is online again); edits recorded meanwhile
//!   go with the first sync after reconnecting.
//! - The worker tells the page, unasked: `{ live: { on, state: "connected" |
//!   "connecting" | "offline", waiting: n, error } }` whenever that changes, and
//!   `{ changed: true }` when changes from the server were merged (the page then asks
//!   for the cycle, sending its own edits first).

use crate::team::wire::{self, Incoming};
use crate::team_worker::with_team;
use crate::worker_message::set;
use automerge::ChangeHash;
use automerge::sync;
use js_sys::{ArrayBuffer, Object, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, DedicatedWorkerGlobalScope, MessageEvent, WebSocket};

const FIRST_DELAY_MS: i32 = 500;
const MAX_DELAY_MS: i32 = 10_000;

#[derive(Default)]
struct Live {
    /// The endpoint; `None`: live sync is off.
    url: Option<String>,
    ws: Option<WebSocket>,
    /// This connection's peer id (new for each connection) and the server's.
    peer: String,
    server: Option<String>,
    /// The shared cycle's id and its document's id (computed once per connection).
    cycle: Option<String>,
    document: Option<String>,
    state: sync::State,
    /// Heads the server is known to hold (kept across connections).
    acked: Vec<ChangeHash>,
    delay_ms: i32,
    retry: Option<i32>,
    error: Option<String>,
    /// Changes from the server merged since the page last took the cycle.
    unseen: bool,
    /// The endpoint asked for by the page's last `live` request, applied after it.
    want: Option<String>,
    /// The page said it went offline or online (applied after its request).
    want_net: Option<bool>,
    /// The browser is offline: no connection is tried until it is online again.
    offline: bool,
    last_status: String,
}

thread_local! {
    static LIVE: RefCell<Live> = RefCell::new(Live::default());
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(o: &Object) {
    let _ = scope().post_message(o);
}

/// Whether changes from the server were merged since the last call (the team worker
/// then reads its cycle again after recording the page's edits).
pub fn take_unseen() -> bool {
    LIVE.with(|l| std::mem::take(&mut l.borrow_mut().unseen))
}

/// Turns live sync on (`url`) or off (empty) once the current request is answered.
pub fn configure_later(url: String) {
    LIVE.with(|l| l.borrow_mut().want = Some(url));
}

/// The page's `online` / `offline` events, applied once its request is answered.
pub fn network_later(online: bool) {
    LIVE.with(|l| l.borrow_mut().want_net = Some(online));
}

/// Follows the browser going offline (the connection is closed, none is tried) and
/// online again (reconnects at once rather than after the back-off).
pub fn watch_online() {
    let on = Closure::<dyn FnMut()>::new(online);
    scope().set_ononline(Some(on.as_ref().unchecked_ref()));
    on.forget();
    let off = Closure::<dyn FnMut()>::new(offline);
    scope().set_onoffline(Some(off.as_ref().unchecked_ref()));
    off.forget();
}

fn offline() {
    LIVE.with(|l| l.borrow_mut().offline = true);
    close();
    status();
}

fn configure(url: &str) {
    let url = url.trim();
    let changed = LIVE.with(|l| {
        let mut l = l.borrow_mut();
        let want = (!url.is_empty()).then(|| url.to_string());
        if l.url == want {
            return false;
        }
        l.url = want;
        l.error = None;
        true
    });
    if changed {
        close();
        connect();
    }
    status();
}

/// After each request of the page: a new local change goes to the server; another
/// shared cycle means another document, so the connection starts again.
pub fn after_request() {
    if let Some(url) = LIVE.with(|l| l.borrow_mut().want.take()) {
        configure(&url);
        return;
    }
    match LIVE.with(|l| l.borrow_mut().want_net.take()) {
        Some(true) => online(),
        Some(false) => offline(),
        None => {}
    }
    let cycle = with_team(|t| t.map(|t| t.cycle().id.clone()));
    let (on, same) = LIVE.with(|l| {
        let l = l.borrow();
        (l.url.is_some(), l.cycle == cycle)
    });
    if !on {
        return;
    }
    if !same {
        close();
        connect();
    } else {
        send_sync();
    }
    status();
}

fn close() {
    let ws = LIVE.with(|l| {
        let mut l = l.borrow_mut();
        if let Some(t) = l.retry.take() {
            scope().clear_timeout_with_handle(t);
        }
        l.server = None;
        l.ws.take()
    });
    if let Some(ws) = ws {
        ws.set_onopen(None);
        ws.set_onmessage(None);
        ws.set_onclose(None);
        ws.set_onerror(None);
        let _ = ws.close();
    }
}

fn connect() {
    let Some(url) = LIVE.with(|l| {
        let l = l.borrow();
        if l.offline { None } else { l.url.clone() }
    }) else {
        return;
    };
    let Some((cycle, document)) = with_team(|t| t.map(|t| (t.cycle().id.clone(), t.document_id())))
    else {
        return;
    };
    let ws = match WebSocket::new(&url) {
        Ok(ws) => ws,
        Err(e) => {
            LIVE.with(|l| l.borrow_mut().error = Some(format!("{url} cannot be used: {e:?}")));
            return;
        }
    };
    ws.set_binary_type(BinaryType::Arraybuffer);
    let peer = format!("sop-{:016x}", (js_sys::Math::random() * 1e16) as u64);
    let opened = ws.clone();
    let me = peer.clone();
    let on_open = Closure::<dyn FnMut()>::new(move || {
        let _ = opened.send_with_u8_array(&wire::join(&me));
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(buf) = ev.data().dyn_ref::<ArrayBuffer>() {
            receive(&Uint8Array::new(buf).to_vec());
        }
    });
    let on_close = Closure::<dyn FnMut()>::new(dropped);
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    // The socket keeps its handlers for as long as it lives; a closed socket drops them.
    on_open.forget();
    on_message.forget();
    on_close.forget();
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        l.ws = Some(ws);
        l.peer = peer;
        l.server = None;
        l.cycle = Some(cycle);
        l.document = Some(document);
        // A new connection starts a new sync (automerge: a fresh state per connection).
        l.state = sync::State::new();
    });
}

/// The connection closed or failed: try again after the back-off.
fn dropped() {
    let on = LIVE.with(|l| {
        let mut l = l.borrow_mut();
        l.ws = None;
        l.server = None;
        if l.url.is_none() || l.retry.is_some() || l.offline {
            return false;
        }
        l.delay_ms = (l.delay_ms * 2).clamp(FIRST_DELAY_MS, MAX_DELAY_MS);
        let again = Closure::once_into_js(|| {
            LIVE.with(|l| l.borrow_mut().retry = None);
            connect();
            status();
        });
        l.retry = scope()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                again.unchecked_ref(),
                l.delay_ms,
            )
            .ok();
        true
    });
    if on {
        status();
    }
}

/// The browser says it is online again: reconnect now rather than after the back-off.
fn online() {
    let idle = LIVE.with(|l| {
        let mut l = l.borrow_mut();
        l.offline = false;
        l.url.is_some() && l.ws.is_none()
    });
    if idle {
        close();
        LIVE.with(|l| l.borrow_mut().delay_ms = 0);
        connect();
        status();
    }
}

fn receive(frame: &[u8]) {
    match wire::read(frame) {
        Ok(Incoming::Peer { server }) => {
            LIVE.with(|l| {
                let mut l = l.borrow_mut();
                l.server = Some(server);
                l.delay_ms = 0;
                l.error = None;
            });
            send_sync();
        }
        Ok(Incoming::Sync { document, data }) => {
            let ours = LIVE.with(|l| l.borrow().document.as_deref() == Some(document.as_str()));
            if !ours {
                return;
            }
            let got = LIVE.with(|l| {
                let mut state = l.borrow().state.clone();
                let r = with_team(|t| t.map(|t| t.receive_sync(&mut state, &data)));
                let mut l = l.borrow_mut();
                match r {
                    Some(Ok(report)) => {
                        l.state = state;
                        if !l.state.shared_heads.is_empty() {
                            l.acked = l.state.shared_heads.clone();
                        }
                        l.error = None;
                        report.is_some()
                    }
                    Some(Err(e)) => {
                        l.error = Some(format!("a change from the sync server was refused: {e}"));
                        false
                    }
                    None => false,
                }
            });
            if got {
                LIVE.with(|l| l.borrow_mut().unseen = true);
                let o = Object::new();
                set(&o, "changed", &true.into());
                post(&o);
            }
            send_sync();
        }
        Ok(Incoming::Unavailable { .. }) | Ok(Incoming::Other { .. }) => {}
        Ok(Incoming::Error { message }) => {
            LIVE.with(|l| l.borrow_mut().error = Some(format!("the sync server said: {message}")));
        }
        Err(e) => LIVE.with(|l| l.borrow_mut().error = Some(e)),
    }
    status();
}

/// Sends what the server lacks, if connected.
fn send_sync() {
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        let (Some(ws), Some(server), Some(document)) =
            (l.ws.clone(), l.server.clone(), l.document.clone())
        else {
            return;
        };
        let mut state = std::mem::take(&mut l.state);
        if let Some(Some(data)) = with_team(|t| t.map(|t| t.sync_message(&mut state))) {
            let _ = ws.send_with_u8_array(&wire::sync(&l.peer, &server, &document, &data));
        }
        l.state = state;
    });
}

/// Tells the page the state of live sync when it changed.
fn status() {
    let acked = LIVE.with(|l| l.borrow().acked.clone());
    let waiting = with_team(|t| t.map(|t| t.waiting(&acked))).unwrap_or(0);
    LIVE.with(|l| {
        let mut l = l.borrow_mut();
        let state = match (&l.ws, &l.server) {
            (_, Some(_)) => "connected",
            (Some(_), None) => "connecting",
            (None, _) => "offline",
        };
        let key = format!("{}|{state}|{waiting}|{:?}", l.url.is_some(), l.error);
        if key == l.last_status {
            return;
        }
        l.last_status = key;
        let s = Object::new();
        set(&s, "on", &l.url.is_some().into());
        set(&s, "state", &state.into());
        set(&s, "waiting", &(waiting as u32).into());
        set(&s, "error", &l.error.clone().unwrap_or_default().into());
        let o = Object::new();
        set(&o, "live", &s);
        post(&o);
    });
}
