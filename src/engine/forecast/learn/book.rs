//! The approved cycles' forecasts as a track record scores them, computed once.
//!
//! Every record ([`super::Learned::record_of`]) of a cycle k scores the first
//! [`SCORED_MONTHS`] months of each approved cycle before k: its frozen plain ensemble and
//! policies 1–3 recomputed from that cycle's own (cleansed) history. Those forecasts depend
//! on the approved cycle alone (read-only), not on k, so the guard — which weighs the
//! candidates of up to [`super::guard::GUARD_CYCLES`] earlier cycles, each a record of its
//! own — and the track record (one per approved cycle) would otherwise rebuild them once
//! per record: cleansing and policies of every SKU of every approved cycle, again and
//! again. A [`Book`] holds them once; a record is then only the scoring against cycle k's
//! actuals. The numbers are the same, summed in the same order.

use super::{POLICIES, SCORED_MONTHS, Tally, frozen_plain, policies_of, reshaped};
use crate::engine::model::{Cycle, SkuHistory, Workspace};
use crate::engine::month::Month;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

/// Per SKU: the track record of one cycle (see [`Tally`]), indexed by the book's numbers.
pub(super) struct Record<'b> {
    ids: &'b HashMap<&'b str, usize>,
    tallies: &'b [Tally],
    scored: usize,
}

impl Record<'_> {
    /// The SKU's tally, if it has a scored point.
    pub(super) fn get(&self, sku: &str) -> Option<&Tally> {
        let i = *self.ids.get(sku)?;
        self.tallies.get(i).filter(|t| t.n > 0)
    }

    /// Whether no SKU has a scored point.
    pub(super) fn is_empty(&self) -> bool {
        self.scored == 0
    }
}

/// The scored forecasts of the approved cycles before a given cycle.
pub struct Book<'a> {
    pub(super) ws: &'a Workspace,
    /// Every SKU of the book's series, numbered (records are vectors, not maps).
    ids: HashMap<&'a str, usize>,
    /// Indexed like `ws.cycles`: `Some` for an approved (frozen) cycle.
    past: Vec<Option<Past>>,
    /// Indexed like `ws.cycles`: cycle k's record (its tallies and how many SKUs have a
    /// scored point), computed when first asked for — the guard of every later cycle
    /// asks again for the records of the cycles in its window.
    records: Vec<OnceCell<(Vec<Tally>, usize)>>,
}

/// One approved cycle's scored series: per SKU (by number), month by month from `start`,
/// the plain ensemble and policies 1–3.
struct Past {
    start: Month,
    series: Vec<(usize, Vec<[f64; POLICIES]>)>,
}

impl<'a> Book<'a> {
    /// The forecasts of the approved cycles among `ws.cycles[..upto]`.
    pub fn new(ws: &'a Workspace, upto: usize) -> Self {
        let mut ids: HashMap<&'a str, usize> = HashMap::new();
        let past: Vec<Option<Past>> = ws.cycles[..upto.min(ws.cycles.len())]
            .iter()
            .map(|past| {
                let fp = past.frozen.as_ref()?;
                let hist: HashMap<&str, &SkuHistory> =
                    past.history.iter().map(|h| (h.sku.as_str(), h)).collect();
                let skip = reshaped(past);
                let mut series = Vec::new();
                for s in fp.series.iter().filter(|s| !skip.contains(s.sku.as_str())) {
                    let Some(h) = hist.get(s.sku.as_str()) else {
                        continue;
                    };
                    let plain = frozen_plain(s);
                    let months = SCORED_MONTHS.min(plain.len());
                    let Some(alts) = policies_of(past, h, months) else {
                        continue;
                    };
                    let f = (0..months)
                        .map(|t| [plain[t], alts[0][t], alts[1][t], alts[2][t]])
                        .collect();
                    let n = ids.len();
                    series.push((*ids.entry(s.sku.as_str()).or_insert(n), f));
                }
                Some(Past {
                    start: fp.start,
                    series,
                })
            })
            .collect();
        Book {
            ws,
            ids,
            past,
            records: ws.cycles.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The track record of `ws.cycles[k]`: every approved cycle before k (as far as the
    /// book reaches) scored on the months with an actual in cycle k's history before its
    /// label.
    pub(super) fn record(&self, k: usize) -> Record<'_> {
        let (tallies, scored) = match self.records.get(k) {
            Some(cell) => {
                let (tallies, scored) = cell.get_or_init(|| self.score(k));
                (tallies.as_slice(), *scored)
            }
            None => (&[][..], 0),
        };
        Record {
            ids: &self.ids,
            tallies,
            scored,
        }
    }

    /// Cycle k's record, computed: per SKU number its tally against k's actuals, and how
    /// many SKUs have a scored point.
    fn score(&self, k: usize) -> (Vec<Tally>, usize) {
        let now = &self.ws.cycles[k];
        let actual = self.actuals(now);
        let mut tallies = vec![Tally::default(); self.ids.len()];
        let mut scored = 0;
        for past in self.past.iter().take(k).flatten() {
            for (i, f) in &past.series {
                let Some(a_hist) = actual[*i] else {
                    continue;
                };
                let tally = &mut tallies[*i];
                for (ft, a) in scored_months(past, f, a_hist, now.label) {
                    if tally.n == 0 {
                        scored += 1;
                    }
                    tally.add(a, *ft);
                }
            }
        }
        (tallies, scored)
    }

    /// The points on which the guard of cycle k weighs approved cycle j's candidate:
    /// for every SKU of j's frozen plan (a product of j) that j's record moves off the
    /// plain ensemble, each scored month with an actual in cycle k's history before k's
    /// label, as `(sku, plain, learned, actual)`; learned = w₀ · plain + Σ_{p ≥ 1} w_p f_p
    /// with j's own weights (the numbers [`super::SkuWeights::combine`] gives).
    pub(super) fn guard_points(
        &self,
        j: usize,
        k: usize,
        mut point: impl FnMut(&'a str, f64, f64, f64),
    ) {
        let (Some(Some(past)), Some(now), Some(cj)) = (
            self.past.get(j),
            self.ws.cycles.get(k),
            self.ws.cycles.get(j),
        ) else {
            return;
        };
        let rec = self.record(j);
        let actual = self.actuals(now);
        let products: HashSet<&str> = cj.master.products.iter().map(|p| p.sku.as_str()).collect();
        let names = self.names();
        for (i, f) in &past.series {
            let (Some(tally), Some(a_hist)) = (rec.tallies.get(*i).filter(|t| t.n > 0), actual[*i])
            else {
                continue;
            };
            if !products.contains(names[*i]) {
                continue;
            }
            let w = tally.weights();
            if w[0] >= 1.0 {
                continue;
            }
            for (ft, a) in scored_months(past, f, a_hist, now.label) {
                let alt: f64 = (0..3).map(|p| w[p + 1] * ft[p + 1]).sum();
                point(names[*i], ft[0], w[0] * ft[0] + alt, a);
            }
        }
    }

    /// Per SKU number: its history in cycle `now` (the actuals a record scores against).
    fn actuals<'c>(&self, now: &'c Cycle) -> Vec<Option<&'c SkuHistory>> {
        let mut actual = vec![None; self.ids.len()];
        for h in &now.history {
            if let Some(&i) = self.ids.get(h.sku.as_str()) {
                actual[i] = Some(h);
            }
        }
        actual
    }

    /// The SKU of each number.
    fn names(&self) -> Vec<&'a str> {
        let mut names = vec![""; self.ids.len()];
        for (sku, &i) in &self.ids {
            names[i] = sku;
        }
        names
    }
}

/// The scored months of one series of `past`: each month with a finite actual in `a_hist`
/// before `label` (what the scoring cycle knew), as (the forecasts, the actual).
fn scored_months<'f>(
    past: &Past,
    f: &'f [[f64; POLICIES]],
    a_hist: &'f SkuHistory,
    label: Month,
) -> impl Iterator<Item = (&'f [f64; POLICIES], f64)> {
    let start = past.start;
    f.iter().enumerate().filter_map(move |(t, ft)| {
        let m = start.plus(t as i32);
        let a = a_hist.get(m).filter(|a| a.is_finite() && m < label)?;
        Some((ft, a))
    })
}
