//! Keeps `AppState::baselines` in step with the history, forecasting in a Web Worker
//! (see [`crate::worker`]) so the page never freezes. Only SKUs whose history changed
//! since their last forecast are sent; results of superseded requests are ignored.
//! Without a worker (it failed to start) the forecast runs on the page. A worker that
//! crashes, sends an unreadable message or stops reporting progress is terminated and the
//! request is sent once more to a new worker; a second failure is shown as a message.

use super::state::{AppState, ForecastKey, ForecastStatus};
use crate::engine::forecast::baseline_history;
use crate::engine::model::{Baseline, ForecastSettings, SkuHistory};
use crate::engine::month::Month;
use crate::worker::{Request, baselines_from_js, run};
use leptos::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use wasm_bindgen::prelude::*;

/// The worker script Trunk writes next to index.html.
const WORKER_URL: &str = "./worker-boot.js";

/// Baselines computed so far and what each was computed from.
#[derive(Default)]
struct Cache {
    label: Month,
    horizon: u32,
    settings: Option<ForecastSettings>,
    inputs: HashMap<String, (Month, Vec<f64>)>,
    results: HashMap<String, Baseline>,
    /// Id of the newest request; older answers are dropped.
    latest: u32,
    /// The SKUs (product order) the baselines are wanted for.
    skus: Vec<String>,
    /// The worker said it listens.
    ready: bool,
    /// The newest request made before the worker was ready.
    pending: Option<JsValue>,
    /// SKUs whose result came in since the baselines were last published; `None`:
    /// publish all of them (first time, other SKUs or settings).
    fresh: Option<Vec<String>>,
    /// `skus` as last published (the order of `AppState::baselines`).
    published: Option<Vec<String>>,
    /// The newest request given to the worker and not yet answered (id, message).
    sent: Option<(u32, JsValue)>,
    /// The request already sent a second time after a worker failure.
    retried: Option<u32>,
    /// When the worker was last heard from (`Date.now()`), while a request is out.
    heard: f64,
    /// Launches and phase-outs, applied to the baselines as they are published.
    phases: crate::engine::forecast::Phases,
}

/// The worker, while there is one.
type Slot = StoredValue<Option<web_sys::Worker>, LocalStorage>;

/// A request out for this long without a word from the worker: it is taken for hung.
/// (The worker reports progress every 25 SKUs, many times a second.)
const SILENCE_MS: f64 = 60_000.0;

/// Starts the worker and forecasts whenever `key` (history, settings) changes.
pub fn follow(state: AppState, key: Memo<Option<ForecastKey>>) {
    let cache = StoredValue::new_local(Cache::default());
    let worker: Slot = StoredValue::new_local(None);
    start_worker(state, cache, worker);
    watch_silence(state, cache, worker);
    Effect::new(move |_| {
        let Some(k) = key.get() else { return };
        // The history cleansing review's corrections reach the worker as cleansed
        // histories (below), so a correction re-forecasts only its SKU.
        let fitting = k.settings.for_fitting();
        let settings_changed = cache.with_value(|c| {
            c.label != k.label || c.horizon != k.horizon || c.settings.as_ref() != Some(&fitting)
        });
        let mut request = Vec::new();
        cache.update_value(|c| {
            if settings_changed {
                *c = Cache {
                    latest: c.latest,
                    ready: c.ready,
                    pending: c.pending.take(),
                    sent: c.sent.take(),
                    retried: c.retried,
                    heard: c.heard,
                    ..Cache::default()
                };
                c.published = None;
                c.label = k.label;
                c.horizon = k.horizon;
                c.settings = Some(fitting.clone());
            }
            if c.skus != k.skus || c.phases != k.phases {
                c.skus = k.skus.clone();
                c.phases = k.phases.clone();
                c.published = None;
            }
            let by_sku: HashMap<&str, &SkuHistory> =
                k.history.iter().map(|h| (h.sku.as_str(), h)).collect();
            // Compared in place: only the histories sent are copied.
            for sku in &k.skus {
                let (start, units) = by_sku
                    .get(sku.as_str())
                    .map_or((k.label, Cow::Borrowed(&[][..])), |h| {
                        (h.start, baseline_history(&k.settings, k.label, h))
                    });
                let same = c
                    .inputs
                    .get(sku)
                    .is_some_and(|(s, u)| *s == start && u[..] == *units);
                if !same || !c.results.contains_key(sku) {
                    request.push(SkuHistory {
                        sku: sku.clone(),
                        start,
                        units: units.to_vec(),
                    });
                }
            }
        });
        if request.is_empty() {
            publish(state, cache);
            return;
        }
        let id = cache.with_value(|c| c.latest) + 1;
        cache.update_value(|c| c.latest = id);
        let req = Request {
            id,
            label: k.label,
            horizon: k.horizon,
            settings: fitting,
            history: request,
        };
        let total = req.history.len();
        state
            .forecast_status
            .set(ForecastStatus::Running { done: 0, total });
        if worker.with_value(Option::is_none) {
            start_worker(state, cache, worker);
        }
        let ready = cache.with_value(|c| c.ready);
        let sent = worker.with_value(|w| {
            w.as_ref().map(|w| {
                let msg = req.to_js();
                cache.update_value(|c| {
                    c.sent = Some((id, msg.clone()));
                    c.heard = js_sys::Date::now();
                });
                if ready {
                    w.post_message(&msg).is_ok()
                } else {
                    cache.update_value(|c| c.pending = Some(msg));
                    true
                }
            })
        });
        if sent != Some(true) {
            // No worker: forecast here (small data sets stay quick).
            let baselines = run(&req, |_, _| {});
            receive(state, cache, &req, baselines);
        } else {
            cache.update_value(|c| {
                for h in &req.history {
                    c.inputs.insert(h.sku.clone(), (h.start, h.units.clone()));
                }
            });
        }
    });
}

/// Starts a worker into `slot` (left empty if the browser refuses).
fn start_worker(state: AppState, cache: StoredValue<Cache, LocalStorage>, slot: Slot) {
    let Ok(worker) = web_sys::Worker::new(WORKER_URL) else {
        return;
    };
    cache.update_value(|c| c.ready = false);
    let me = worker.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            cache.update_value(|c| c.heard = js_sys::Date::now());
            let data = ev.data();
            let is_ready = js_sys::Reflect::get(&data, &"ready".into())
                .ok()
                .and_then(|v| v.as_bool());
            if is_ready == Some(true) {
                cache.update_value(|c| {
                    c.ready = true;
                    if let Some(msg) = c.pending.take() {
                        let _ = me.post_message(&msg);
                    }
                });
                return;
            }
            let num = |k: &str| {
                js_sys::Reflect::get(&data, &k.into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0)
            };
            let id = num("id") as u32;
            if cache.with_value(|c| c.latest) != id {
                return; // superseded
            }
            let (done, total) = (num("done") as usize, num("total") as usize);
            let result =
                js_sys::Reflect::get(&data, &"result".into()).unwrap_or(JsValue::UNDEFINED);
            if result.is_undefined() {
                state
                    .forecast_status
                    .set(ForecastStatus::Running { done, total });
                return;
            }
            cache.update_value(|c| c.sent = None);
            let horizon = cache.with_value(|c| c.horizon) as usize;
            let baselines = baselines_from_js(&result, horizon);
            cache.update_value(|c| {
                let fresh = c.fresh.get_or_insert_with(Vec::new);
                for b in &baselines {
                    fresh.push(b.sku.clone());
                }
                for b in baselines {
                    c.results.insert(b.sku.clone(), b);
                }
            });
            // Planning with the new baselines is a task of its own, after this one
            // (unpacking thousands of baselines), so neither blocks the page for long.
            set_timeout(move || publish(state, cache), std::time::Duration::ZERO);
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
            if slot.with_value(|w| w.as_ref() == Some(&me)) {
                restart(state, cache, slot, &detail);
            }
        })
    };
    let on_error = on_failure("it crashed");
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let on_messageerror = on_failure("its reply could not be read");
    worker.set_onmessageerror(Some(on_messageerror.as_ref().unchecked_ref()));
    on_messageerror.forget();
    slot.set_value(Some(worker));
}

/// Terminates the worker after a failure (`detail`); the request that was out goes once
/// more to a new worker, a second failure of the same request is shown to the planner.
fn restart(state: AppState, cache: StoredValue<Cache, LocalStorage>, slot: Slot, detail: &str) {
    if let Some(w) = slot.try_update_value(Option::take).flatten() {
        w.set_onmessage(None);
        w.set_onerror(None);
        w.set_onmessageerror(None);
        w.terminate();
    }
    cache.update_value(|c| {
        c.ready = false;
        c.pending = None;
    });
    let Some((id, msg)) = cache.try_update_value(|c| c.sent.take()).flatten() else {
        return; // nothing was out: a new worker starts with the next request
    };
    if cache.with_value(|c| c.retried) == Some(id) {
        state.error.set(Some(format!(
            "The statistical forecast stopped: the forecasting worker failed twice ({detail}). \
             The plan keeps the forecast it had; change the history or reload the page to try again."
        )));
        state.forecast_status.set(ForecastStatus::Waiting);
        return;
    }
    web_sys::console::warn_1(&format!("forecasting worker failed ({detail}); retrying").into());
    cache.update_value(|c| {
        c.retried = Some(id);
        c.pending = Some(msg.clone());
        c.sent = Some((id, msg));
        c.heard = js_sys::Date::now();
    });
    start_worker(state, cache, slot);
}

/// Checks every 10 s that a worker with a request out still reports progress. A check
/// long after the last one (a hidden tab's timers are throttled, a frozen tab's stopped)
/// starts the count afresh instead: the worker may have been held back too.
fn watch_silence(state: AppState, cache: StoredValue<Cache, LocalStorage>, slot: Slot) {
    let last = std::cell::Cell::new(js_sys::Date::now());
    let handle = set_interval_with_handle(
        move || {
            let now = js_sys::Date::now();
            if now - last.replace(now) > 20_000.0 {
                cache.update_value(|c| c.heard = now);
                return;
            }
            let silent = cache
                .try_with_value(|c| c.sent.is_some() && now - c.heard > SILENCE_MS)
                .unwrap_or(false);
            if silent {
                restart(state, cache, slot, "no progress for 60 s");
            }
        },
        std::time::Duration::from_secs(10),
    );
    if let Ok(h) = handle {
        on_cleanup(move || h.clear());
    }
}

/// Records results computed on the page (no worker).
fn receive(
    state: AppState,
    cache: StoredValue<Cache, LocalStorage>,
    req: &Request,
    baselines: Vec<Baseline>,
) {
    cache.update_value(|c| {
        for h in &req.history {
            c.inputs.insert(h.sku.clone(), (h.start, h.units.clone()));
        }
        let fresh = c.fresh.get_or_insert_with(Vec::new);
        for b in &baselines {
            fresh.push(b.sku.clone());
        }
        for b in baselines {
            c.results.insert(b.sku.clone(), b);
        }
    });
    publish(state, cache);
}

/// Sets the baselines (product order) once every SKU has one. When the SKUs are those
/// published last, only the baselines that came in since are replaced (in place).
fn publish(state: AppState, cache: StoredValue<Cache, LocalStorage>) {
    let complete = cache.with_value(|c| c.skus.iter().all(|s| c.results.contains_key(s)));
    if !complete {
        return;
    }
    let in_place =
        cache.with_value(|c| c.published.as_ref() == Some(&c.skus) && c.phases.is_empty());
    let fresh = cache
        .try_update_value(|c| c.fresh.take())
        .flatten()
        .unwrap_or_default();
    if in_place {
        if !fresh.is_empty() {
            cache.with_value(|c| {
                let wanted: HashSet<&str> = fresh.iter().map(String::as_str).collect();
                state.baselines.update(|list| {
                    let list = std::sync::Arc::make_mut(list);
                    for (i, sku) in c.skus.iter().enumerate() {
                        if wanted.contains(sku.as_str())
                            && let (Some(slot), Some(b)) = (list.get_mut(i), c.results.get(sku))
                        {
                            slot.clone_from(b);
                        }
                    }
                });
            });
        }
    } else {
        let list: Vec<Baseline> = cache.with_value(|c| {
            let mut list: Vec<Baseline> = c
                .skus
                .iter()
                .filter_map(|s| c.results.get(s).cloned())
                .collect();
            c.phases.apply(&mut list);
            list
        });
        state.baselines.set(std::sync::Arc::new(list));
        cache.update_value(|c| c.published = Some(c.skus.clone()));
    }
    state.forecast_status.set(ForecastStatus::Ready);
}
