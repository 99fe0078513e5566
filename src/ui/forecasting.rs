//! Keeps `AppState::baselines` in step with the history, forecasting in a Web Worker
//! (see [`crate::worker`]) so the page never freezes. Only SKUs whose history changed
//! since their last forecast are sent; results of superseded requests are ignored.
//! Without a worker (it failed to start) the forecast runs on the page.

use super::state::{AppState, ForecastKey, ForecastStatus};
use crate::engine::model::{Baseline, ForecastSettings, SkuHistory};
use crate::engine::month::Month;
use crate::worker::{Request, baselines_from_js, run};
use leptos::prelude::*;
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
}

/// Starts the worker and forecasts whenever `key` (history, settings) changes.
pub fn follow(state: AppState, key: Memo<Option<ForecastKey>>) {
    let cache = StoredValue::new_local(Cache::default());
    let worker = StoredValue::new_local(start_worker(state, cache));
    Effect::new(move |_| {
        let Some(k) = key.get() else { return };
        let settings_changed = cache.with_value(|c| {
            c.label != k.label || c.horizon != k.horizon || c.settings.as_ref() != Some(&k.settings)
        });
        let mut request = Vec::new();
        cache.update_value(|c| {
            if settings_changed {
                *c = Cache {
                    latest: c.latest,
                    ready: c.ready,
                    pending: c.pending.take(),
                    ..Cache::default()
                };
                c.published = None;
                c.label = k.label;
                c.horizon = k.horizon;
                c.settings = Some(k.settings.clone());
            }
            if c.skus != k.skus {
                c.skus = k.skus.clone();
                c.published = None;
            }
            let by_sku: HashMap<&str, &SkuHistory> =
                k.history.iter().map(|h| (h.sku.as_str(), h)).collect();
            // Compared in place: only the histories sent are copied.
            for sku in &k.skus {
                let (start, units) = by_sku
                    .get(sku.as_str())
                    .map_or((k.label, &[][..]), |h| (h.start, &h.units[..]));
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
            settings: k.settings.clone(),
            history: request,
        };
        let total = req.history.len();
        state
            .forecast_status
            .set(ForecastStatus::Running { done: 0, total });
        let ready = cache.with_value(|c| c.ready);
        let sent = worker.with_value(|w| {
            w.as_ref().map(|w| {
                let msg = req.to_js();
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

fn start_worker(
    state: AppState,
    cache: StoredValue<Cache, LocalStorage>,
) -> Option<web_sys::Worker> {
    let worker = web_sys::Worker::new(WORKER_URL).ok()?;
    let me = worker.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
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
    let on_error =
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
            state.error.set(Some(format!(
                "The forecasting worker failed ({}); reload the page.",
                ev.message()
            )));
        });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Some(worker)
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
    let in_place = cache.with_value(|c| c.published.as_ref() == Some(&c.skus));
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
            c.skus
                .iter()
                .filter_map(|s| c.results.get(s).cloned())
                .collect()
        });
        state.baselines.set(std::sync::Arc::new(list));
        cache.update_value(|c| c.published = Some(c.skus.clone()));
    }
    state.forecast_status.set(ForecastStatus::Ready);
}
