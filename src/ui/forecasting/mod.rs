//! Keeps `AppState::baselines` in step with the history, forecasting in a pool of Web
//! Workers (see [`crate::worker`], [`pool`]) so the page never freezes. Only SKUs whose
//! history changed since their last forecast are sent, split into balanced chunks
//! handed to whichever worker is free; results of superseded requests are ignored.
//! Without a worker (none could start) the forecast runs on the page.
//!
//! Results are merged into the cache as chunks arrive and published in bounded batches,
//! one task each ([`publish`]): the plans update only the SKUs of a batch. A SKU whose
//! baseline has not arrived yet is published as [`Baseline::pending`]: the views say
//! "calculating…" ([`calculating`]) instead of showing the 0 the plan reads for it.
//! With `ForecastSettings::reconcile` on, each family of two SKUs or more is forecast
//! as one more series and its SKUs are published reconciled once all are in ([`tree`]).
//! The learned combination of the cycle's track record (`ForecastKey::learned`,
//! [`crate::engine::forecast::learn`]) is applied to what is published, in engine code,
//! before launches and phase-outs, as the native `forecast::baselines_in` does.

mod cache;
mod pool;
mod tree;

use super::slices;
use super::state::{AppState, ForecastKey, ForecastStatus};
use crate::engine::model::{Baseline, SkuHistory};
use crate::engine::month::Month;
use crate::worker::baselines_from_js;
use cache::Cache;
use leptos::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// At most this many baselines published per task: the plans update them in one
/// incremental pass (a batch above a quarter of the SKUs is a full recompute; 1,000 of
/// 10,000 take a few milliseconds).
const PUBLISH_SKUS: usize = 1_000;

/// While workers still forecast, results are published at most this often (those that
/// came in meanwhile together): each publication re-runs the plans' batch update and
/// every view that reads the baselines (KPI tiles, charts), on the page's main thread,
/// which shares the cores with the workers. The last results are published at once.
const PUBLISH_GAP_MS: f64 = 200.0;

/// The client: the state it publishes to, its cache and its workers.
#[derive(Clone, Copy)]
pub(super) struct Client {
    state: AppState,
    cache: StoredValue<Cache, LocalStorage>,
    pool: pool::Pool,
}

/// Starts the workers and forecasts whenever `key` (history, settings) changes.
pub fn follow(state: AppState, key: Memo<Option<ForecastKey>>) {
    let client = Client {
        state,
        cache: StoredValue::new_local(Cache::default()),
        pool: StoredValue::new_local((0..pool::size()).map(|_| Default::default()).collect()),
    };
    pool::watch_silence(client);
    // Started with the page: they load and compile while it opens the workspace (at
    // 10,000 SKUs ready 0.3–0.9 s sooner than starting them with the first request).
    pool::start_all(client);
    Effect::new(move |_| {
        let Some(k) = key.get() else { return };
        let seen = client
            .cache
            .try_update_value(|c| {
                c.key_seen = c.key_seen.wrapping_add(1);
                c.key_seen
            })
            .unwrap_or_default();
        // The histories the baselines use first: with automatic cleansing on, judging
        // them all takes ~0.5 s at 10,000 SKUs, so it is done in slices with the page's
        // events in between (a newer key stops an older run).
        let total = k.skus.len();
        let current = move || client.cache.try_with_value(|c| c.key_seen) == Some(seen);
        let cleanse = move |(k, cursor): &mut (ForecastKey, usize),
                            more: &mut dyn FnMut() -> bool| {
            client
                .cache
                .try_update_value(|c| {
                    c.cleansed
                        .prepare(&k.settings, k.label, &k.history, cursor, more)
                })
                .unwrap_or(true)
        };
        let send = move |(k, _): (ForecastKey, usize)| request(client, &k);
        if !slices::in_slices((k, 0), cleanse, current, send) {
            state
                .forecast_status
                .set(ForecastStatus::Running { done: 0, total });
        }
    });
}

/// Sends the workers what key `k` needs (its histories cleansed): only the SKUs whose
/// history changed since their last forecast.
fn request(client: Client, k: &ForecastKey) {
    let state = client.state;
    let request = client.cache.try_update_value(|c| wanted(c, k));
    let request = request.unwrap_or_default();
    if request.is_empty() {
        // Nothing new to forecast (e.g. the same SKUs reordered): an older run's
        // answers are not waited for.
        client.cache.update_value(|c| {
            c.run = Default::default();
            c.reconcile_new_tree();
        });
        schedule_publish(client);
        return;
    }
    let total = request.len();
    let workers = client.pool.with_value(Vec::len);
    client.cache.update_value(|c| {
        for h in &request {
            c.inputs.insert(h.sku.clone(), (h.start, h.units.clone()));
        }
        c.start_run(
            k.label,
            k.horizon,
            &k.settings.for_fitting(),
            request,
            workers,
        );
        c.reconcile_new_tree();
    });
    state
        .forecast_status
        .set(ForecastStatus::Running { done: 0, total });
    // The chunks go out first: the workers start on them while the page publishes.
    let dispatched = pool::dispatch(client);
    // SKUs without a baseline yet say so at once (and the plans are recomputed
    // now, while the workers forecast, not when the first results arrive).
    if client
        .cache
        .with_value(|c| c.published.as_ref() != Some(&c.skus))
    {
        publish(client);
    }
    if !dispatched {
        forecast_here(client);
    }
}

/// Brings the cache to key `k` and returns the histories to forecast: those that
/// changed since their last forecast or have none yet (all of them when the label,
/// horizon or settings changed).
fn wanted(c: &mut Cache, k: &ForecastKey) -> Vec<SkuHistory> {
    // The history cleansing review's corrections reach the workers as cleansed
    // histories (below), so a correction re-forecasts only its SKU.
    let fitting = k.settings.for_fitting();
    let settings_changed =
        c.label != k.label || c.horizon != k.horizon || c.settings.as_ref() != Some(&fitting);
    if settings_changed {
        *c = Cache {
            next_id: c.next_id,
            key_seen: c.key_seen,
            cleansed: std::mem::take(&mut c.cleansed),
            label: k.label,
            horizon: k.horizon,
            settings: Some(fitting),
            ..Cache::default()
        };
    }
    if c.skus != k.skus
        || c.phases != k.phases
        || c.families != k.families
        || c.learned != k.learned
    {
        c.skus = k.skus.clone();
        c.families = k.families.clone();
        c.phases = k.phases.clone();
        c.learned = k.learned.clone();
        c.published = None;
        // The backtest windows stay with the results they belong to.
        let holdouts = std::mem::take(&mut c.tree.holdouts);
        c.tree = tree::Tree::new(&c.skus, &c.families, k.settings.reconcile);
        c.tree.holdouts = holdouts;
    }
    let by_sku: HashMap<&str, &SkuHistory> =
        k.history.iter().map(|h| (h.sku.as_str(), h)).collect();
    // Cleansed by `follow` beforehand (`CleansedHistories::prepare`): looked up here.
    let cleansed = &c.cleansed;
    let histories: Vec<(Month, Cow<[f64]>)> = k
        .skus
        .iter()
        .map(|sku| {
            by_sku
                .get(sku.as_str())
                .map_or((k.label, Cow::Borrowed(&[][..])), |h| {
                    (h.start, cleansed.get(&k.settings, k.label, h))
                })
        })
        .collect();
    // The months before the label: what a family's summed history is built from.
    let used: HashMap<&str, (Month, &[f64])> = k
        .skus
        .iter()
        .zip(&histories)
        .map(|(sku, (start, units))| {
            let n = usize::try_from(k.label.since(*start)).unwrap_or(0);
            (sku.as_str(), (*start, &units[..n.min(units.len())]))
        })
        .collect();
    let families = tree::family_histories(&c.tree, &k.skus, k.label, &used);
    // Compared in place: only the histories sent are copied.
    let mut request = Vec::new();
    let series = k
        .skus
        .iter()
        .zip(&histories)
        .map(|(sku, (start, units))| (sku, *start, &units[..]))
        .chain(families.iter().map(|h| (&h.sku, h.start, &h.units[..])));
    for (sku, start, units) in series {
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
    request
}

/// No worker could be started: the run's chunks are forecast on the page (small data
/// sets stay quick), by code loaded for that only ([`crate::ui::lazy::forecast_in_page`]).
fn forecast_here(client: Client) {
    let (msgs, horizon) = client.cache.with_value(|c| {
        let msgs: Vec<JsValue> = c
            .run
            .queue
            .iter()
            .map(|&k| c.run.chunks[k].msg.clone())
            .collect();
        (msgs, c.horizon as usize)
    });
    client.cache.update_value(|c| c.run.queue.clear());
    leptos::task::spawn_local(async move {
        for (id, packed) in crate::ui::lazy::forecast_in_page(msgs, horizon).await {
            if let Some(k) = client.cache.with_value(|c| c.run.index(id)) {
                on_result(client, k, &packed);
            }
        }
    });
}

/// Takes in chunk `k`'s answer (packed baselines): merged into the cache, published
/// in the tasks that follow.
fn on_result(client: Client, k: usize, result: &JsValue) {
    let horizon = client.cache.with_value(|c| c.horizon) as usize;
    let baselines = baselines_from_js(result, horizon);
    let progress = client.cache.try_update_value(|c| {
        let chunk = &mut c.run.chunks[k];
        chunk.answered = true;
        chunk.done = chunk.skus;
        c.merge(baselines);
        (c.run.done(), c.run.total, c.run.failed)
    });
    if let Some((done, total, false)) = progress {
        client
            .state
            .forecast_status
            .set(ForecastStatus::Running { done, total });
    }
    schedule_publish(client);
}

/// Publishes in a task of its own, after the one that unpacked the results: at once
/// when the run is answered, else [`PUBLISH_GAP_MS`] after the last publication. A task
/// already scheduled for later is superseded by one due sooner.
fn schedule_publish(client: Client) {
    let now = js_sys::Date::now();
    let due = client
        .cache
        .try_update_value(|c| {
            let due = if c.run.finished() {
                now
            } else {
                now.max(c.published_at + PUBLISH_GAP_MS)
            };
            if c.publish_due.is_some_and(|d| d <= due) {
                return None;
            }
            c.publish_due = Some(due);
            Some(due)
        })
        .flatten();
    if let Some(due) = due {
        set_timeout(
            move || {
                // Superseded (or already published by a sooner task): nothing to do.
                if client.cache.with_value(|c| c.publish_due == Some(due)) {
                    publish(client);
                }
            },
            std::time::Duration::from_millis((due - now) as u64),
        );
    }
}

/// The one place the baselines are published (`AppState::baselines`, product order).
/// When the SKUs are those published last, at most [`PUBLISH_SKUS`] of the results
/// that came in are replaced in place, and the next batch is left to a later task;
/// otherwise the whole list is set, with [`Baseline::pending`] for SKUs still waiting.
/// The forecast is "ready" once the run is answered and everything is published.
fn publish(client: Client) {
    let state = client.state;
    client.cache.update_value(|c| {
        c.publish_due = None;
        c.published_at = js_sys::Date::now();
    });
    // Launches and phase-outs read other SKUs' baselines: with any, the whole list.
    let whole = client
        .cache
        .with_value(|c| c.published.as_ref() != Some(&c.skus) || !c.phases.is_empty());
    if whole {
        let list: Vec<Baseline> = client.cache.with_value(|c| {
            let mut list: Vec<Baseline> = c
                .skus
                .iter()
                .map(|s| c.shown(s).cloned().unwrap_or_else(|| Baseline::pending(s)))
                .collect();
            c.learned.apply(&mut list);
            c.phases.apply(&mut list);
            list
        });
        state.baselines.set(Arc::new(list));
        client.cache.update_value(|c| {
            c.fresh.clear();
            c.published = Some(c.skus.clone());
        });
    } else {
        let batch: Vec<String> = client
            .cache
            .try_update_value(|c| {
                let n = c.fresh.len().min(PUBLISH_SKUS);
                c.fresh.drain(..n).collect()
            })
            .unwrap_or_default();
        if !batch.is_empty() {
            client.cache.with_value(|c| {
                let wanted: HashSet<&str> = batch.iter().map(String::as_str).collect();
                state.baselines.update(|list| {
                    let list = Arc::make_mut(list);
                    for (slot, sku) in list.iter_mut().zip(&c.skus) {
                        if wanted.contains(sku.as_str())
                            && let Some(b) = c.shown(sku)
                        {
                            slot.clone_from(b);
                            c.learned.apply(std::slice::from_mut(slot));
                        }
                    }
                });
            });
        }
    }
    let leans = client.cache.with_value(|c| c.leans());
    if state.leans.with_untracked(|l| **l != leans) {
        state.leans.set(Arc::new(leans));
    }
    let (more, done) = client.cache.with_value(|c| {
        (
            !c.fresh.is_empty(),
            c.run.finished() && !c.run.failed && c.run.queue.is_empty(),
        )
    });
    if more {
        schedule_publish(client);
    } else if done {
        state.forecast_status.set(ForecastStatus::Ready);
    }
}

/// Whether the baseline of any of `skus` is still being computed (the views show
/// "calculating…" instead of the 0 the plan reads for it). Tracks the baselines and
/// the forecast's status.
pub fn calculating(state: &AppState, skus: &[&str]) -> bool {
    if skus.is_empty() {
        return false;
    }
    let ready = state.forecast_status.with(|s| *s == ForecastStatus::Ready);
    state.baselines.with(|bl| {
        if bl.is_empty() {
            return !ready;
        }
        if !bl.iter().any(Baseline::is_pending) {
            return false;
        }
        let wanted: HashSet<&str> = skus.iter().copied().collect();
        bl.iter()
            .any(|b| b.is_pending() && wanted.contains(b.sku.as_str()))
    })
}

/// Whether any SKU of the cycle shown is still waiting for its baseline (plan-wide
/// figures — the KPI tiles — say "calculating…").
pub fn incomplete(state: &AppState) -> bool {
    let ready = state.forecast_status.with(|s| *s == ForecastStatus::Ready);
    let has_products = state
        .with_cycle(|c| !c.master.products.is_empty())
        .unwrap_or(false);
    has_products
        && state.baselines.with(|bl| {
            if bl.is_empty() {
                !ready
            } else {
                bl.iter().any(Baseline::is_pending)
            }
        })
}
