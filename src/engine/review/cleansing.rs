//! The history cleansing review of a SKU or a family: the months the detector flags
//! (`engine::forecast::detect`) and the planner's decisions and events on them, one row
//! each, and the raw history beside the cleansed one the baseline uses. The view only
//! draws this and sends the commands of `engine::command::cleansing`.

use super::Selection;
use crate::engine::forecast::baseline_history_from;
use crate::engine::forecast::detect::FindingKind;
use crate::engine::forecast::sku_findings;
use crate::engine::model::{CorrectionKind, CorrectionStatus, Cycle, EventKind};
use crate::engine::month::Month;
use rustc_hash::FxHashMap;

/// What a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKind {
    Spike,
    Dip,
    LevelShift,
    Event(EventKind),
}

impl RowKind {
    /// The planner's word for it.
    pub fn label(self) -> &'static str {
        match self {
            RowKind::Spike => "Spike",
            RowKind::Dip => "Dip",
            RowKind::LevelShift => "Level shift",
            RowKind::Event(e) => e.label(),
        }
    }

    /// The kind of correction a decision on it stores.
    pub fn correction(self) -> CorrectionKind {
        match self {
            RowKind::Spike | RowKind::Dip => CorrectionKind::Outlier,
            RowKind::LevelShift => CorrectionKind::LevelShift,
            RowKind::Event(_) => CorrectionKind::Event,
        }
    }
}

/// One flagged month or event.
#[derive(Clone, Debug, PartialEq)]
pub struct CleansingRow {
    pub sku: String,
    pub month: Month,
    pub kind: RowKind,
    /// The actual (a level shift: the level before it).
    pub raw: f64,
    /// What the detector suggests (a level shift: the level after; an event: the
    /// expected value); the value an Accept stores (a level shift: its step).
    pub suggested: f64,
    /// What Accept stores: the suggested value, or a level shift's step Δ.
    pub accept_value: f64,
    /// The detector's score (robust σ), `None` for an event it did not flag.
    pub score: Option<f64>,
    /// The planner's decision, `None` while open.
    pub status: Option<CorrectionStatus>,
    /// The value the baseline uses for it (the actual when rejected or open).
    pub used: f64,
    pub note: String,
}

/// The review of a selection.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CleansingReview {
    /// Flagged months and events, by month then SKU.
    pub rows: Vec<CleansingRow>,
    /// Rows still waiting for a decision.
    pub open: usize,
    /// History months (before the cycle), oldest first.
    pub months: Vec<Month>,
    /// Raw actuals and the cleansed history the baseline uses, summed over the SKUs.
    pub raw: Vec<f64>,
    pub cleansed: Vec<f64>,
}

/// The cleansing review of `sel` in `c` (findings on the raw history before the cycle).
pub fn cleansing_review(c: &Cycle, sel: &Selection) -> CleansingReview {
    let mut b = ReviewBuilder::new(c, sel);
    b.step(c, &mut || true);
    b.finish()
}

/// [`cleansing_review`] made a few SKUs at a time (a family of thousands of SKUs is
/// judged in slices by the app, with the page's events in between): [`Self::step`]
/// until it says done, then [`Self::finish`]. Every step must see the same cycle.
#[derive(Debug)]
pub struct ReviewBuilder {
    /// The selection's histories (indices into `c.history`), the next one to judge.
    hists: Vec<usize>,
    next: usize,
    first: Month,
    out: CleansingReview,
}

impl ReviewBuilder {
    /// The review of `sel` in `c`, nothing judged yet.
    pub fn new(c: &Cycle, sel: &Selection) -> Self {
        let skus = sel.skus(c);
        // A family's SKUs looked up by code (a linear search each is quadratic at 10,000;
        // FxHash: SipHash made this map ~2 ms of a family click at 10,000 SKUs in WASM).
        let by_sku: FxHashMap<&str, usize> = if skus.len() > 1 {
            c.history
                .iter()
                .enumerate()
                .map(|(i, h)| (h.sku.as_str(), i))
                .collect()
        } else {
            FxHashMap::default()
        };
        let hists: Vec<usize> = skus
            .iter()
            .filter_map(|s| match by_sku.get(s) {
                Some(i) => Some(*i),
                None if by_sku.is_empty() => c.history.iter().position(|h| h.sku == *s),
                None => None,
            })
            .collect();
        let mut out = CleansingReview::default();
        let first = hists.iter().map(|&i| c.history[i].start).min();
        if let Some(first) = first {
            let end = hists
                .iter()
                .map(|&i| c.history[i].end().min(c.label))
                .max()
                .unwrap_or(first);
            out.months = (0..end.since(first).max(0))
                .map(|i| first.plus(i))
                .collect();
            out.raw = vec![0.0; out.months.len()];
            out.cleansed = vec![0.0; out.months.len()];
        }
        ReviewBuilder {
            hists,
            next: 0,
            first: first.unwrap_or(c.label),
            out,
        }
    }

    /// SKUs in the review.
    pub fn len(&self) -> usize {
        self.hists.len()
    }

    /// Whether the selection has no history.
    pub fn is_empty(&self) -> bool {
        self.hists.is_empty()
    }

    /// Judges the next SKUs while `more()` says so (asked after each); `true` once all are.
    pub fn step(&mut self, c: &Cycle, more: &mut dyn FnMut() -> bool) -> bool {
        let fs = &c.inputs.forecast;
        let first = self.first;
        while let Some(&k) = self.hists.get(self.next) {
            self.next += 1;
            let Some(h) = c.history.get(k) else { continue };
            // Judged once: the findings give both the rows and the cleansed history.
            let findings = sku_findings(fs, c.label, h);
            let cleansed = baseline_history_from(fs, c.label, h, &findings);
            for (i, (r, v)) in h.units.iter().zip(cleansed.iter()).enumerate() {
                let at = h.start.plus(i as i32).since(first);
                if let Ok(at) = usize::try_from(at)
                    && at < self.out.months.len()
                {
                    self.out.raw[at] += r;
                    self.out.cleansed[at] += v;
                }
            }
            let decision = |month: Month, kind: CorrectionKind| {
                fs.history_corrections
                    .iter()
                    .find(|x| x.sku == h.sku && x.month == month && x.kind == kind)
            };
            for f in findings {
                let month = h.start.plus(f.index as i32);
                let kind = match f.kind {
                    FindingKind::Spike => RowKind::Spike,
                    FindingKind::Dip => RowKind::Dip,
                    FindingKind::LevelShift => RowKind::LevelShift,
                };
                let x = decision(month, kind.correction());
                let accept_value = if kind == RowKind::LevelShift {
                    f.step
                } else {
                    f.suggested
                };
                let used = match x {
                    Some(x) if x.applies() && kind == RowKind::LevelShift => f.raw + x.value,
                    Some(x) if x.applies() => x.value,
                    None if fs.outlier_cleansing && kind != RowKind::LevelShift => f.suggested,
                    _ => f.raw,
                };
                self.out.rows.push(CleansingRow {
                    sku: h.sku.clone(),
                    month,
                    kind,
                    raw: f.raw,
                    suggested: f.suggested,
                    accept_value,
                    score: Some(f.score),
                    status: x.map(|x| x.status),
                    used,
                    note: x.map(|x| x.note.clone()).unwrap_or_default(),
                });
            }
            for x in fs
                .history_corrections
                .iter()
                .filter(|x| x.sku == h.sku && x.kind == CorrectionKind::Event)
            {
                let Some(raw) = usize::try_from(x.month.since(h.start))
                    .ok()
                    .and_then(|i| h.units.get(i))
                else {
                    continue;
                };
                self.out.rows.push(CleansingRow {
                    sku: h.sku.clone(),
                    month: x.month,
                    kind: RowKind::Event(x.event.unwrap_or(EventKind::Other)),
                    raw: *raw,
                    suggested: x.value,
                    accept_value: x.value,
                    score: None,
                    status: Some(x.status),
                    used: if x.applies() { x.value } else { *raw },
                    note: x.note.clone(),
                });
            }
            if !more() {
                break;
            }
        }
        self.next >= self.hists.len()
    }

    /// The review (its rows by month, then SKU).
    pub fn finish(mut self) -> CleansingReview {
        let out = &mut self.out;
        out.rows
            .sort_by(|a, b| a.month.cmp(&b.month).then_with(|| a.sku.cmp(&b.sku)));
        out.open = out.rows.iter().filter(|r| r.status.is_none()).count();
        self.out
    }
}
