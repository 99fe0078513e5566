//! Statistical forecasting in a Web Worker, so that the page never freezes.
//!
//! The worker is a second wasm binary (`forecast-worker`, built by Trunk with
//! `data-type="worker"`). The page sends a [`Request`] packed into typed arrays (cheap
//! to post: no JSON of the whole history on the main thread); the worker answers with
//! progress messages and then the baselines, also packed.
//!
//! Message shapes (plain JS objects):
//! - request: `{ id, label, horizon, season, cleanse, k, skus: [..], models: [..],
//!   starts: Int32Array, lens: Uint32Array, values: Float64Array }`
//! - ready (once, when the worker listens): `{ ready: true }`; the page holds its first
//!   request until then
//! - progress: `{ id, done, total }`
//! - result: `{ id, done: total, total, result: { skus, models, values, lower, upper,
//!   sigma, wape, hlens, alens, hforecast, hactual, hends } }` (values/lower/upper:
//!   Float64Array of skus × horizon; h…: each series' backtest window, for the reconciliation)

use crate::engine::forecast::reconcile::{Base, Holdout};
use crate::engine::model::*;
use crate::engine::month::Month;
use crate::worker_message::{get, set};
use js_sys::{Array, Float64Array, Int32Array, Object, Uint32Array};
use wasm_bindgen::prelude::*;

/// What to forecast: settings and the history of each SKU.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub id: u32,
    pub label: Month,
    pub horizon: u32,
    pub settings: ForecastSettings,
    pub history: Vec<SkuHistory>,
}

fn strings(v: &JsValue) -> Vec<String> {
    Array::from(v)
        .iter()
        .map(|s| s.as_string().unwrap_or_default())
        .collect()
}

fn string_array(v: impl Iterator<Item = String>) -> Array {
    v.map(|s| JsValue::from_str(&s)).collect()
}

impl Request {
    /// Packs the request into a JS object of typed arrays.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "id", &self.id.into());
        set(&o, "label", &self.label.0.into());
        set(&o, "horizon", &self.horizon.into());
        set(&o, "season", &self.settings.season_length.into());
        set(&o, "cleanse", &self.settings.outlier_cleansing.into());
        set(&o, "k", &self.settings.outlier_k.into());
        set(&o, "reconcile", &self.settings.reconcile.into());
        let models: Array = self
            .settings
            .model_overrides
            .iter()
            .flat_map(|m| [JsValue::from_str(&m.sku), JsValue::from_str(&m.model)])
            .collect();
        set(&o, "models", &models);
        set(
            &o,
            "skus",
            &string_array(self.history.iter().map(|h| h.sku.clone())),
        );
        let starts: Vec<i32> = self.history.iter().map(|h| h.start.0).collect();
        let lens: Vec<u32> = self.history.iter().map(|h| h.units.len() as u32).collect();
        let values: Vec<f64> = self
            .history
            .iter()
            .flat_map(|h| h.units.iter().copied())
            .collect();
        set(&o, "starts", &Int32Array::from(&starts[..]));
        set(&o, "lens", &Uint32Array::from(&lens[..]));
        set(&o, "values", &Float64Array::from(&values[..]));
        o.into()
    }

    /// Unpacks a request sent by [`Request::to_js`].
    pub fn from_js(v: &JsValue) -> Request {
        let skus = strings(&get(v, "skus"));
        let starts = Int32Array::new(&get(v, "starts")).to_vec();
        let lens = Uint32Array::new(&get(v, "lens")).to_vec();
        let values = Float64Array::new(&get(v, "values")).to_vec();
        let mut at = 0usize;
        let history = skus
            .into_iter()
            .zip(starts.iter().zip(&lens))
            .map(|(sku, (start, len))| {
                let len = *len as usize;
                let units = values.get(at..at + len).unwrap_or(&[]).to_vec();
                at += len;
                SkuHistory {
                    sku,
                    start: Month(*start),
                    units,
                }
            })
            .collect();
        let models = strings(&get(v, "models"));
        Request {
            id: get(v, "id").as_f64().unwrap_or(0.0) as u32,
            label: Month(get(v, "label").as_f64().unwrap_or(0.0) as i32),
            horizon: get(v, "horizon").as_f64().unwrap_or(0.0) as u32,
            settings: ForecastSettings {
                season_length: get(v, "season").as_f64().unwrap_or(12.0) as u32,
                outlier_cleansing: get(v, "cleanse").as_bool().unwrap_or(false),
                outlier_k: get(v, "k").as_f64().unwrap_or(3.0),
                model_overrides: models
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| ModelOverride {
                        sku: c[0].clone(),
                        model: c[1].clone(),
                    })
                    .collect(),
                // The page sends the history the baseline uses (already cleansed).
                history_corrections: Vec::new(),
                reconcile: get(v, "reconcile").as_bool().unwrap_or(false),
                // Learning is applied by the page to what the workers send back.
                learn: true,
            },
            history,
        }
    }

    /// A cycle holding just what the forecast reads (the SKUs of the request as
    /// products, their history, the settings).
    fn as_cycle(&self) -> Cycle {
        let products = self
            .history
            .iter()
            .map(|h| Product {
                sku: h.sku.clone(),
                name: String::new(),
                family: String::new(),
                price: Default::default(),
                unit_cost: Default::default(),
                on_hand: 0.0,
                lead_time: 0,
                service_level: 0.95,
                lot_min: 0.0,
                lot_multiple: 0.0,
                routing: Vec::new(),
                bom: Vec::new(),
                strategy: None,
                lifecycle: Default::default(),
            })
            .collect();
        Cycle {
            id: String::new(),
            label: self.label,
            horizon: self.horizon,
            status: CycleStatus::Draft,
            master: MasterData {
                products,
                ..Default::default()
            },
            history: Vec::new(),
            inputs: PlanInputs {
                forecast: self.settings.clone(),
                ..Default::default()
            },
            scenarios: Vec::new(),
            decisions: Vec::new(),
            frozen: None,
            rolled_from: None,
            signoffs: Vec::new(),
            notes: Default::default(),
        }
    }
}

/// Packs baselines with their backtest windows for the reply.
pub fn baselines_to_js(bases: &[Base], horizon: usize) -> JsValue {
    let b: Vec<&Baseline> = bases.iter().map(|x| &x.baseline).collect();
    let o = Object::new();
    set(&o, "skus", &string_array(b.iter().map(|x| x.sku.clone())));
    set(
        &o,
        "models",
        &string_array(b.iter().map(|x| x.model.clone())),
    );
    let flat = |f: fn(&Baseline) -> &Vec<f64>| -> Float64Array {
        let mut v = Vec::with_capacity(b.len() * horizon);
        for x in &b {
            let s = f(x);
            v.extend((0..horizon).map(|t| s.get(t).copied().unwrap_or(0.0)));
        }
        Float64Array::from(&v[..])
    };
    set(&o, "values", &flat(|x| &x.values));
    set(&o, "lower", &flat(|x| &x.lower));
    set(&o, "upper", &flat(|x| &x.upper));
    let sigma: Vec<f64> = b.iter().map(|x| x.sigma).collect();
    let wape: Vec<f64> = b.iter().map(|x| x.wape).collect();
    set(&o, "sigma", &Float64Array::from(&sigma[..]));
    set(&o, "wape", &Float64Array::from(&wape[..]));
    // Backtest windows (reconciliation chooses by them): lengths, forecasts, actuals, ends.
    let hl: Vec<u32> = bases
        .iter()
        .map(|x| x.holdout.forecast.len() as u32)
        .collect();
    let al: Vec<u32> = bases
        .iter()
        .map(|x| x.holdout.actual.len() as u32)
        .collect();
    let hf: Vec<f64> = bases
        .iter()
        .flat_map(|x| x.holdout.forecast.iter().copied())
        .collect();
    let ha: Vec<f64> = bases
        .iter()
        .flat_map(|x| x.holdout.actual.iter().copied())
        .collect();
    let he: Vec<i32> = bases.iter().map(|x| x.holdout.end.0).collect();
    set(&o, "hlens", &Uint32Array::from(&hl[..]));
    set(&o, "alens", &Uint32Array::from(&al[..]));
    set(&o, "hforecast", &Float64Array::from(&hf[..]));
    set(&o, "hactual", &Float64Array::from(&ha[..]));
    set(&o, "hends", &Int32Array::from(&he[..]));
    o.into()
}

/// Unpacks baselines sent by [`baselines_to_js`].
pub fn baselines_from_js(v: &JsValue, horizon: usize) -> Vec<Base> {
    let skus = strings(&get(v, "skus"));
    let models = strings(&get(v, "models"));
    let rows = |k: &str| Float64Array::new(&get(v, k)).to_vec();
    let (values, lower, upper) = (rows("values"), rows("lower"), rows("upper"));
    let (sigma, wape) = (rows("sigma"), rows("wape"));
    let (hf, ha) = (rows("hforecast"), rows("hactual"));
    let hl = Uint32Array::new(&get(v, "hlens")).to_vec();
    let al = Uint32Array::new(&get(v, "alens")).to_vec();
    let he = Int32Array::new(&get(v, "hends")).to_vec();
    let row = |v: &[f64], i: usize| {
        v.get(i * horizon..(i + 1) * horizon)
            .unwrap_or(&[])
            .to_vec()
    };
    let (mut at, mut at_a) = (0usize, 0usize);
    skus.into_iter()
        .enumerate()
        .map(|(i, sku)| {
            let part = |v: &[f64], from: usize, lens: &[u32]| {
                let len = lens.get(i).copied().unwrap_or(0) as usize;
                (v.get(from..from + len).unwrap_or(&[]).to_vec(), from + len)
            };
            let (forecast, next) = part(&hf, at, &hl);
            let (actual, next_a) = part(&ha, at_a, &al);
            (at, at_a) = (next, next_a);
            let holdout = Holdout {
                forecast,
                actual,
                end: Month(he.get(i).copied().unwrap_or(0)),
            };
            Base {
                baseline: Baseline {
                    sku,
                    model: models.get(i).cloned().unwrap_or_default(),
                    values: row(&values, i),
                    lower: row(&lower, i),
                    upper: row(&upper, i),
                    sigma: sigma.get(i).copied().unwrap_or(0.0),
                    wape: wape.get(i).copied().unwrap_or(0.0),
                },
                holdout,
            }
        })
        .collect()
}

/// Forecasts a request (SKUs and families' summed histories alike, each unreconciled
/// with its backtest window), calling `progress(done, total)` now and then.
pub fn run(req: &Request, mut progress: impl FnMut(usize, usize)) -> Vec<Base> {
    let mut cycle = req.as_cycle();
    let total = req.history.len();
    let mut out = Vec::with_capacity(total);
    // One SKU's history at a time: `base` reads the cycle's history of that SKU.
    for (i, h) in req.history.iter().enumerate() {
        cycle.history.clear();
        cycle.history.push(h.clone());
        if let Some(b) = crate::engine::forecast::base(&cycle, &h.sku) {
            out.push(b);
        }
        if (i + 1) % 25 == 0 {
            progress(i + 1, total);
        }
    }
    out
}

/// The worker's entry point: answers every request message.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let req = Request::from_js(&ev.data());
            let id = req.id;
            let post = |done: usize, total: usize, result: Option<JsValue>| {
                let o = Object::new();
                set(&o, "id", &id.into());
                set(&o, "done", &(done as u32).into());
                set(&o, "total", &(total as u32).into());
                if let Some(r) = result {
                    set(&o, "result", &r);
                }
                let _ = reply_scope.post_message(&o);
            };
            let baselines = run(&req, |d, t| post(d, t, None));
            let total = req.history.len();
            post(
                total,
                total,
                Some(baselines_to_js(&baselines, req.horizon as usize)),
            );
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrive before this handler exists are lost: say we are listening.
    let ready = Object::new();
    set(&ready, "ready", &true.into());
    let _ = scope.post_message(&ready);
}
