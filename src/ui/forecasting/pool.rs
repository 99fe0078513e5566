//! The forecast workers: one per core (see [`size`]), each its own Web Worker running
//! [`crate::worker`]. Chunks of the run out are handed to whichever worker is free, and
//! while more chunks wait than there are workers, each worker also holds the next one
//! (its own message queue): it starts on it the moment it posts a result, instead of
//! idling until the page has taken that result in and answered. A worker that crashes,
//! sends an unreadable message or stops reporting progress is terminated and a new one
//! started in its place; the chunks it had go back to the front of the queue once, a
//! second failure of the same chunk is shown as a message.

use super::{Client, on_result};
use crate::ui::state::ForecastStatus;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The worker script Trunk writes next to index.html.
const WORKER_URL: &str = "./worker-boot.js";

/// A request out for this long without a word from its worker: it is taken for hung.
/// (A worker reports progress every 25 SKUs, many times a second.)
const SILENCE_MS: f64 = 60_000.0;

/// Most workers started without a `?workers=N` (more rarely pays: the page must also
/// take in the results).
const MAX_WORKERS: usize = 4;

/// Fewest milliseconds between two progress figures shown while the workers forecast
/// (they report every 25 series; a chunk's answer is always shown).
const PROGRESS_MS: f64 = 100.0;

/// Chunks a worker holds at most: the one it forecasts and the next.
const DEPTH: usize = 2;

/// One worker of the pool.
#[derive(Default)]
pub(super) struct Slot {
    pub worker: Option<web_sys::Worker>,
    /// The worker said it listens.
    pub ready: bool,
    /// The chunks (message ids) given to this worker and not yet answered, in the order
    /// it forecasts them.
    pub jobs: Vec<u32>,
    /// When the worker was last heard from (`Date.now()`), while it has a job.
    pub heard: f64,
}

/// The workers (as many slots as [`size`]).
pub(super) type Pool = StoredValue<Vec<Slot>, LocalStorage>;

/// How many workers: `?workers=N` in the page address (1–16, for benchmarks and
/// tests), else one per core as the browser reports them, at most [`MAX_WORKERS`].
pub(super) fn size() -> usize {
    let window = web_sys::window();
    let asked = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| {
            s.trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("workers="))
                .and_then(|n| n.parse::<usize>().ok())
        })
        .filter(|n| (1..=16).contains(n));
    asked.unwrap_or_else(|| {
        let cores = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
            .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(1.0);
        (cores as usize).clamp(1, MAX_WORKERS)
    })
}

/// Starts every worker not running yet (each loads and compiles its script meanwhile;
/// a chunk given to one not listening yet is sent when it says it is ready).
pub(super) fn start_all(client: Client) {
    for i in 0..client.pool.with_value(Vec::len) {
        if client.pool.with_value(|p| p[i].worker.is_none()) {
            start(client, i);
        }
    }
}

/// Gives queued chunks to workers (starting workers as needed): first one to each free
/// worker, then, while more chunks wait than there are workers, a second one each (the
/// last chunks go to whichever worker is free first, so no worker is left with a long
/// tail). `false` if no worker could be started at all (the browser refuses): the caller
/// forecasts here.
pub(super) fn dispatch(client: Client) -> bool {
    let n = client.pool.with_value(Vec::len);
    for depth in 1..=DEPTH {
        for i in 0..n {
            let room = client.pool.with_value(|p| p[i].jobs.len() < depth);
            let waiting = client.cache.with_value(|c| c.run.queue.len());
            if !room || (depth > 1 && waiting <= n) {
                continue;
            }
            if !give(client, i) {
                return client
                    .pool
                    .with_value(|p| p.iter().any(|s| s.worker.is_some()));
            }
        }
    }
    true
}

/// Gives the next queued chunk (if any) to worker `i`, starting it if needed. `false`
/// if no worker runs in slot `i` (the chunk went back to the queue).
fn give(client: Client, i: usize) -> bool {
    let Some((id, msg)) = client
        .cache
        .try_update_value(|c| {
            let k = c.run.queue.pop_front()?;
            Some((c.run.first + k as u32, c.run.chunks[k].msg.clone()))
        })
        .flatten()
    else {
        return true;
    };
    if client.pool.with_value(|p| p[i].worker.is_none()) {
        start(client, i);
    }
    let now = js_sys::Date::now();
    let Some(ready) = client
        .pool
        .try_update_value(|p| {
            let s = &mut p[i];
            s.worker.as_ref()?;
            if s.jobs.is_empty() {
                s.heard = now;
            }
            s.jobs.push(id);
            Some(s.ready)
        })
        .flatten()
    else {
        // No worker: the chunk goes back; nothing can run it here.
        client.cache.update_value(|c| {
            if let Some(k) = c.run.index(id) {
                c.run.queue.push_front(k);
            }
        });
        return false;
    };
    // A worker not listening yet gets its chunk when it says it is ready.
    if ready {
        send(client, i, &msg);
    }
    true
}

/// Sends a chunk's message to worker `i`, which has it in its list; one that cannot be
/// sent restarts the worker (its chunks go back to the queue). `false` then.
fn send(client: Client, i: usize, msg: &JsValue) -> bool {
    let sent = client.pool.with_value(|p| {
        p[i].worker
            .as_ref()
            .is_some_and(|w| w.post_message(msg).is_ok())
    });
    if !sent {
        restart(client, i, "the message could not be sent");
    }
    sent
}

/// Starts a worker into slot `i` (left empty if the browser refuses).
fn start(client: Client, i: usize) {
    let Ok(worker) = web_sys::Worker::new(WORKER_URL) else {
        return;
    };
    let me = worker.clone();
    let mine = move |p: &Vec<Slot>| p.get(i).and_then(|s| s.worker.as_ref()) == Some(&me);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if !client.pool.try_with_value(|p| mine(p)).unwrap_or(false) {
                return; // a worker replaced meanwhile
            }
            let data = ev.data();
            let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
            if field("ready").and_then(|v| v.as_bool()) == Some(true) {
                let jobs = client.pool.try_update_value(|p| {
                    p[i].ready = true;
                    p[i].heard = js_sys::Date::now();
                    p[i].jobs.clone()
                });
                // The chunks given while it started: sent now, in order. One no longer
                // wanted (an older run's) leaves the worker's list; one that cannot be
                // sent restarts the worker (its chunks go back to the queue).
                for id in jobs.unwrap_or_default() {
                    let msg = client
                        .cache
                        .with_value(|c| c.run.index(id).map(|k| c.run.chunks[k].msg.clone()));
                    let Some(msg) = msg else {
                        client.pool.update_value(|p| p[i].jobs.retain(|j| *j != id));
                        continue;
                    };
                    if !send(client, i, &msg) {
                        return;
                    }
                }
                dispatch(client);
                return;
            }
            client
                .pool
                .update_value(|p| p[i].heard = js_sys::Date::now());
            let num = |k: &str| field(k).and_then(|v| v.as_f64()).unwrap_or(0.0);
            let id = num("id") as u32;
            let result = field("result").unwrap_or(JsValue::UNDEFINED);
            let k = client.cache.with_value(|c| c.run.index(id));
            if result.is_undefined() {
                let done = num("done") as usize;
                // Shown at most every PROGRESS_MS: each change of the status re-runs what
                // reads it (the indicator, the views' "calculating…").
                let now = js_sys::Date::now();
                let progress = k.and_then(|k| {
                    client.cache.try_update_value(|c| {
                        c.run.chunks[k].done = done;
                        let due = now - c.run.progress_shown >= PROGRESS_MS;
                        if due {
                            c.run.progress_shown = now;
                        }
                        (c.run.done(), c.run.total, c.run.failed || !due)
                    })
                });
                if let Some((done, total, false)) = progress {
                    client
                        .state
                        .forecast_status
                        .set(ForecastStatus::Running { done, total });
                }
                return;
            }
            // The chunk is off the worker's hands, whether its answer is still wanted or
            // not; its next chunk (if it has none yet) is given before this answer is
            // taken in.
            client.pool.update_value(|p| p[i].jobs.retain(|j| *j != id));
            dispatch(client);
            if let Some(k) = k {
                on_result(client, k, &result);
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_failure = |why: &'static str| {
        let me = worker.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // Handled here: not reported again as an uncaught error of the page.
            ev.prevent_default();
            let detail = ev
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| why.to_string());
            let current = client
                .pool
                .try_with_value(|p| p.get(i).and_then(|s| s.worker.as_ref()) == Some(&me))
                .unwrap_or(false);
            if current {
                restart(client, i, &detail);
            }
        })
    };
    let on_error = on_failure("it crashed");
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let on_messageerror = on_failure("its reply could not be read");
    worker.set_onmessageerror(Some(on_messageerror.as_ref().unchecked_ref()));
    on_messageerror.forget();
    client.pool.update_value(|p| {
        p[i] = Slot {
            worker: Some(worker),
            ready: false,
            jobs: Vec::new(),
            heard: js_sys::Date::now(),
        }
    });
}

/// Terminates worker `i` after a failure (`detail`). Its chunks go once more to a
/// worker (a new one starts in its place); a second failure of the same chunk stops
/// the run with a message to the planner (the chunk it was forecasting counts the
/// failure, not the next one it held).
fn restart(client: Client, i: usize, detail: &str) {
    let Some(slot) = client.pool.try_update_value(|p| std::mem::take(&mut p[i])) else {
        return;
    };
    if let Some(w) = slot.worker {
        w.set_onmessage(None);
        w.set_onerror(None);
        w.set_onmessageerror(None);
        w.terminate();
    }
    if slot.jobs.is_empty() {
        return; // nothing was out: a new worker starts with the next chunk
    }
    let again = client.cache.try_update_value(|c| {
        if c.run.failed {
            return None;
        }
        // Back to the front of the queue in the worker's order. The first is the chunk it
        // was forecasting (answers come in order): only that one counts the failure.
        let mut outcome = None;
        for (at, &id) in slot.jobs.iter().enumerate().rev() {
            let Some(k) = c.run.index(id) else { continue };
            let chunk = &mut c.run.chunks[k];
            if chunk.answered {
                continue;
            }
            if at == 0 {
                if chunk.retried {
                    c.run.failed = true;
                    c.run.queue.clear();
                    return Some(false);
                }
                chunk.retried = true;
            }
            c.run.queue.push_front(k);
            outcome = Some(true);
        }
        outcome
    });
    match again.flatten() {
        None => {
            dispatch(client);
        }
        Some(false) => {
            client.state.error.set(Some(format!(
                "The statistical forecast stopped: the forecasting worker failed twice ({detail}). \
                 The plan keeps the forecast it had; change the history or reload the page to try again."
            )));
            client.state.forecast_status.set(ForecastStatus::Waiting);
        }
        Some(true) => {
            web_sys::console::warn_1(
                &format!("forecasting worker failed ({detail}); retrying").into(),
            );
            start(client, i);
            dispatch(client);
        }
    }
}

/// Checks every 10 s that each worker with a chunk still reports progress. A check
/// long after the last one (a hidden tab's timers are throttled, a frozen tab's stopped)
/// starts the count afresh instead: the workers may have been held back too.
pub(super) fn watch_silence(client: Client) {
    let last = std::cell::Cell::new(js_sys::Date::now());
    let handle = set_interval_with_handle(
        move || {
            let now = js_sys::Date::now();
            let fresh_start = now - last.replace(now) > 20_000.0;
            let silent: Vec<usize> = client
                .pool
                .try_update_value(|p| {
                    p.iter_mut()
                        .enumerate()
                        .filter_map(|(i, s)| {
                            if fresh_start {
                                s.heard = now;
                            }
                            (!s.jobs.is_empty() && now - s.heard > SILENCE_MS).then_some(i)
                        })
                        .collect()
                })
                .unwrap_or_default();
            for i in silent {
                restart(client, i, "no progress for 60 s");
            }
        },
        std::time::Duration::from_secs(10),
    );
    if let Ok(h) = handle {
        on_cleanup(move || h.clear());
    }
}
