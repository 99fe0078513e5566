//! What the forecasting client remembers: the baselines computed so far and what each
//! was computed from, the run out with the workers (its chunks), and the results not
//! yet published.

use crate::engine::model::{Baseline, ForecastSettings, SkuHistory};
use crate::engine::month::Month;
use crate::worker::Request;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use wasm_bindgen::JsValue;

/// At most this many SKUs per chunk: a chunk's answer is unpacked in one task of the
/// page (~1 ms per 100 SKUs), so chunks stay small even with one worker.
pub(super) const CHUNK_SKUS: usize = 500;

/// Baselines computed so far and what each was computed from.
#[derive(Default)]
pub(super) struct Cache {
    pub label: Month,
    pub horizon: u32,
    pub settings: Option<ForecastSettings>,
    pub inputs: HashMap<String, (Month, Vec<f64>)>,
    pub results: HashMap<String, Baseline>,
    /// The SKUs (product order) the baselines are wanted for, and their families.
    pub skus: Vec<String>,
    pub families: Vec<String>,
    /// The families reconciled with their SKUs ([`super::tree`]).
    pub tree: super::tree::Tree,
    /// SKUs whose result came in and is not published yet (arrival order).
    pub fresh: VecDeque<String>,
    /// `skus` as last published (the order of `AppState::baselines`); `None`: publish
    /// the whole list next (first time, other SKUs).
    pub published: Option<Vec<String>>,
    /// When the scheduled task publishing `fresh` runs (`Date.now()` time), if any.
    pub publish_due: Option<f64>,
    /// When baselines were last published.
    pub published_at: f64,
    /// The run out with the workers.
    pub run: Run,
    /// Chunk ids are numbered across runs: an answer to an older run is recognised.
    pub next_id: u32,
    /// Launches and phase-outs, applied to the baselines as they are published.
    pub phases: crate::engine::forecast::Phases,
    /// The learned combination, applied (before `phases`) as they are published.
    pub learned: crate::engine::forecast::learn::Learned,
    /// The histories the baselines use (cleansed), kept between requests.
    pub cleansed: crate::engine::forecast::CleansedHistories,
    /// Counts the forecast keys seen: a key's cleansing, done in slices, stops when a
    /// newer key comes.
    pub key_seen: u32,
}

/// One request to the workers, split into chunks.
#[derive(Default)]
pub(super) struct Run {
    /// Id of chunk 0; chunk `k` has id `first + k`.
    pub first: u32,
    pub chunks: Vec<Chunk>,
    /// Chunks not yet given to a worker (index into `chunks`), next first.
    pub queue: VecDeque<usize>,
    /// SKUs in the run.
    pub total: usize,
    /// The run was given up (a chunk failed twice): it never becomes "ready".
    pub failed: bool,
    /// Series (SKUs, families' keys) of the run not answered yet.
    pub waiting: HashSet<String>,
    /// When (`Date.now()`) the run's progress was last shown.
    pub progress_shown: f64,
}

/// A part of a run: the message a worker gets, and how far it is.
pub(super) struct Chunk {
    pub msg: JsValue,
    pub skus: usize,
    pub done: usize,
    pub answered: bool,
    /// Already sent a second time after a worker failure.
    pub retried: bool,
}

impl Run {
    /// The chunk of message id `id`, if it belongs to this run.
    pub fn index(&self, id: u32) -> Option<usize> {
        let k = id.checked_sub(self.first)? as usize;
        (k < self.chunks.len()).then_some(k)
    }

    /// SKUs forecast so far, over all chunks.
    pub fn done(&self) -> usize {
        self.chunks.iter().map(|c| c.done).sum()
    }

    /// Every chunk answered.
    pub fn finished(&self) -> bool {
        self.chunks.iter().all(|c| c.answered)
    }
}

impl Cache {
    /// Splits `history` into chunks for `workers` workers and makes them the run out
    /// (an older run's answers are dropped from now on).
    pub fn start_run(
        &mut self,
        label: Month,
        horizon: u32,
        settings: &ForecastSettings,
        history: Vec<SkuHistory>,
        workers: usize,
    ) {
        let total = history.len();
        let waiting = history.iter().map(|h| h.sku.clone()).collect();
        let parts = split(history, workers);
        let first = self.next_id;
        self.next_id += parts.len() as u32;
        let chunks = parts
            .into_iter()
            .enumerate()
            .map(|(k, history)| {
                let req = Request {
                    id: first + k as u32,
                    label,
                    horizon,
                    settings: settings.clone(),
                    history,
                };
                Chunk {
                    msg: req.to_js(),
                    skus: req.history.len(),
                    done: 0,
                    answered: false,
                    retried: false,
                }
            })
            .collect::<Vec<_>>();
        self.run = Run {
            first,
            queue: (0..chunks.len()).collect(),
            chunks,
            total,
            failed: false,
            waiting,
            progress_shown: 0.0,
        };
    }
}

/// Splits the SKUs to forecast into balanced chunks: at least one per worker and none
/// over [`CHUNK_SKUS`], each SKU weighed by its months of history (what a forecast
/// costs grows with it); the longest histories are placed first, each in the lightest
/// chunk. The heaviest chunks come first: handed out as workers become free, the last
/// ones are the lightest, so no worker is left with a long tail.
pub(super) fn split(mut history: Vec<SkuHistory>, workers: usize) -> Vec<Vec<SkuHistory>> {
    let n = history.len();
    if n == 0 {
        return Vec::new();
    }
    let parts = workers.max(n.div_ceil(CHUNK_SKUS)).clamp(1, n);
    if parts == 1 {
        return vec![history];
    }
    let cost = |h: &SkuHistory| h.units.len().max(1) + 12;
    history.sort_by_key(|h| std::cmp::Reverse(cost(h)));
    let cap = n.div_ceil(parts);
    let mut chunks: Vec<Vec<SkuHistory>> = (0..parts).map(|_| Vec::with_capacity(cap)).collect();
    let mut loads = vec![0usize; parts];
    // Lightest chunk first (ties: lowest index), skipping full ones.
    let mut heap: BinaryHeap<std::cmp::Reverse<(usize, usize)>> =
        (0..parts).map(|k| std::cmp::Reverse((0, k))).collect();
    for h in history {
        let std::cmp::Reverse((load, k)) = heap.pop().expect("a chunk with room");
        let c = cost(&h);
        chunks[k].push(h);
        loads[k] = load + c;
        if chunks[k].len() < cap {
            heap.push(std::cmp::Reverse((loads[k], k)));
        }
    }
    let mut order: Vec<usize> = (0..parts).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(loads[k]));
    let mut out: Vec<Option<Vec<SkuHistory>>> = chunks.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|k| out[k].take())
        .filter(|c| !c.is_empty())
        .collect()
}
