//! A model choice that learns: each SKU's baseline leans on the forecasting policies
//! that did best for that SKU in the approved cycles before, as their actuals came in.
//!
//! **Policies** (per SKU, from the history the baseline uses, [`super::baseline_history`]):
//! 0. `plain` — the automatic ensemble (reconciled), the baseline without learning;
//! 1. `seasonal_naive` — the value one season (`season_length`, ≥ 2) before;
//! 2. `naive` — the last month;
//! 3. `mean` — the mean of the last season's months (12 when there is no season).
//!
//! Policies 1–3 are functions of a cycle's history, so an approved cycle (read-only)
//! gives them back at any time without storing or refitting anything; the plain
//! ensemble is the frozen statistical layer, or [`FrozenSeries::plain`] when learning
//! changed it.
//!
//! **Track record** of cycle k: every approved cycle j before k (in workspace order) is
//! scored on the first [`SCORED_MONTHS`] months of its frozen plan that have an actual
//! in cycle k's history before its label. Per SKU, each policy p collects the absolute
//! errors |e_p| = |f_p − a| over those n points (mean E_p) and its paired gains over the
//! plain ensemble d_p = |e_p| − |e_0| ([`Tally`]).
//!
//! **Weights** (one set of defaults for every data set):
//! 1. A policy p ≥ 1 takes part only if it beat the plain ensemble beyond noise:
//!    d̄_p + z · sd(d_p)/√n < 0 with z = [`GATE_Z`] (one-sided paired test, as
//!    Diebold–Mariano); selecting on noise alone costs accuracy (measured in
//!    `tests/learn.rs`).
//! 2. Among the plain ensemble and those policies, inverse squared error
//!    r_p = (E_p + ε)⁻² / Σ_q (E_q + ε)⁻² (Bates & Granger 1969), ε = 10⁻⁶ · mean |a| + 10⁻¹².
//! 3. Shrunk toward the plain ensemble by the number of points:
//!    s = n / (n + [`SHRINK_POINTS`]), w_p = s · r_p + (1 − s) · [p = 0].
//!
//! No record, or no policy beating the plain one → exactly the plain baseline. The learned baseline is
//! Σ_p w_p f_p over the whole horizon; its 80 % band is shifted by the same amount (kept
//! ≥ 0 where it was). SKUs with a launch, a phase-out or a successor role
//! (`Product::lifecycle`) are neither scored nor learned: their baseline is reshaped
//! after this step.
//!
//! **Guard** ([`guard`]): the weights apply only while the learned choice has beaten the
//! plain ensemble beyond noise across SKUs over the last approved cycles, as known when
//! the cycle is planned ([`Guard`]); paused (or without such a record), the cycle is
//! planned plain.
//!
//! Cheap and deterministic: one pass over the frozen months, no refit.

pub mod book;
pub mod guard;
pub use book::Book;
pub use guard::{Guard, Verdict};

use super::cycle::used_history;
use crate::engine::model::{Baseline, Cycle, FrozenPlan, FrozenSeries, SkuHistory, Workspace};
use crate::engine::month::Month;
use std::collections::{HashMap, HashSet};

/// Number of policies (see the module doc).
pub const POLICIES: usize = 4;
/// Their names, in order.
pub const POLICY_NAMES: [&str; POLICIES] = ["plain", "seasonal_naive", "naive", "mean"];
/// Months of each frozen plan that count in the track record (1–6 months ahead).
pub const SCORED_MONTHS: usize = 6;
/// Points at which the record and the plain ensemble weigh the same (s = ½).
pub const SHRINK_POINTS: f64 = 12.0;
/// The z of the test a policy passes before it gets weight ([`Tally::beats_plain`]).
pub const GATE_Z: f64 = 2.0;

/// One SKU's learned combination.
#[derive(Clone, Debug, PartialEq)]
pub struct SkuWeights {
    pub sku: String,
    /// Scored (cycle, month) points behind the weights.
    pub points: usize,
    /// Mean absolute error of each policy over those points (units).
    pub errors: [f64; POLICIES],
    /// w_p, summing to 1.
    pub weights: [f64; POLICIES],
    /// Σ_{p ≥ 1} w_p f_p per month of the horizon: the learned baseline is
    /// `weights[0] · plain + alt`.
    pub alt: Vec<f64>,
}

impl SkuWeights {
    /// Whether the record moved the baseline off the plain ensemble.
    pub fn moved(&self) -> bool {
        self.weights[0] < 1.0
    }

    /// The learned values for plain values `plain` (month by month).
    pub fn combine(&self, plain: &[f64]) -> Vec<f64> {
        combine(self, plain)
    }
}

/// The learned combination of a cycle's SKUs (only those with a track record).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Learned {
    pub skus: Vec<SkuWeights>,
}

/// The forecasts of policies 1–3 for `h` months from `label` of the history `units`
/// that ends at `end` (exclusive); months between `end` and `label` are skipped over.
pub fn policy_forecasts(
    units: &[f64],
    end: Month,
    label: Month,
    season: usize,
    h: usize,
) -> [Vec<f64>; POLICIES - 1] {
    let y: Vec<f64> = units
        .iter()
        .map(|v| if v.is_finite() { *v } else { 0.0 })
        .collect();
    let n = y.len();
    if n == 0 {
        return [vec![0.0; h], vec![0.0; h], vec![0.0; h]];
    }
    let gap = label.since(end).max(0) as usize;
    let last = y[n - 1];
    let m = if season >= 2 { season } else { 12 };
    let window = &y[n - m.min(n)..];
    let mean = window.iter().sum::<f64>() / window.len() as f64;
    let snaive = (0..h)
        .map(|t| match season >= 2 && n >= season {
            true => y[n - season + (gap + t) % season],
            false => last,
        })
        .collect();
    [snaive, vec![last; h], vec![mean; h]]
}

/// A SKU's track record: per policy Σ|e_p| and the paired gains over the plain
/// ensemble d_p = |e_p| − |e_0| (Σd, Σd²), over `n` points with Σ|a| = `actual`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tally {
    pub n: usize,
    pub abs: [f64; POLICIES],
    pub diff: [f64; POLICIES],
    pub diff2: [f64; POLICIES],
    pub actual: f64,
}

impl Tally {
    /// Adds one point: the actual `a` and each policy's forecast of it.
    pub fn add(&mut self, a: f64, f: [f64; POLICIES]) {
        let e0 = (f[0] - a).abs();
        for (p, fp) in f.iter().enumerate() {
            let e = (fp - a).abs();
            self.abs[p] += e;
            self.diff[p] += e - e0;
            self.diff2[p] += (e - e0) * (e - e0);
        }
        self.n += 1;
        self.actual += a.abs();
    }

    /// Mean absolute error of each policy.
    pub fn errors(&self) -> [f64; POLICIES] {
        self.abs.map(|e| e / self.n.max(1) as f64)
    }

    /// Whether policy p ≥ 1 beat the plain ensemble beyond noise: its mean gain
    /// d̄ + [`GATE_Z`] · sd(d)/√n < 0 (a one-sided paired test, Diebold & Mariano 1995).
    pub fn beats_plain(&self, p: usize) -> bool {
        if p == 0 || self.n < 2 {
            return false;
        }
        let n = self.n as f64;
        let mean = self.diff[p] / n;
        let var = ((self.diff2[p] - n * mean * mean) / (n - 1.0)).max(0.0);
        mean + GATE_Z * (var / n).sqrt() < 0.0
    }

    /// The weights w_p (see the module doc), summing to 1.
    pub fn weights(&self) -> [f64; POLICIES] {
        let mut w = [0.0; POLICIES];
        w[0] = 1.0;
        if !(1..POLICIES).any(|p| self.beats_plain(p)) {
            return w;
        }
        let e = self.errors();
        let eps = 1e-6 * self.actual / self.n as f64 + 1e-12;
        let raw: Vec<f64> = (0..POLICIES)
            .map(|p| match p == 0 || self.beats_plain(p) {
                true => (e[p] + eps).powi(-2),
                false => 0.0,
            })
            .collect();
        let total: f64 = raw.iter().sum();
        let s = self.n as f64 / (self.n as f64 + SHRINK_POINTS);
        for (p, r) in raw.iter().enumerate() {
            w[p] = s * r / total + if p == 0 { 1.0 - s } else { 0.0 };
        }
        w
    }
}

/// SKUs whose baseline a lifecycle reshapes: launched, phased out, or a successor.
fn reshaped(cycle: &Cycle) -> HashSet<&str> {
    let mut out = HashSet::new();
    for p in cycle
        .master
        .products
        .iter()
        .filter(|p| !p.lifecycle.is_none())
    {
        out.insert(p.sku.as_str());
        if !p.lifecycle.successor.is_empty() {
            out.insert(p.lifecycle.successor.as_str());
        }
    }
    out
}

/// Policies 1–3 of `sku` in `cycle` over `h` months from its label; `None` without
/// history before the label.
fn policies_of(cycle: &Cycle, hist: &SkuHistory, h: usize) -> Option<[Vec<f64>; 3]> {
    let units = used_history(cycle, hist)?;
    let end = hist.start.plus(units.len() as i32);
    let m = cycle.inputs.forecast.season_length as usize;
    Some(policy_forecasts(&units, end, cycle.label, m, h))
}

/// The plain ensemble frozen for a series: `plain` when learning changed it.
pub fn frozen_plain(s: &FrozenSeries) -> &[f64] {
    if s.plain.is_empty() {
        &s.statistical
    } else {
        &s.plain
    }
}

impl Learned {
    /// The learned combination of `ws.cycles[k]` from the approved cycles before it,
    /// whether or not its `learn` setting is on (the accuracy view compares both).
    pub fn record_of(ws: &Workspace, k: usize) -> Learned {
        Learned::record_in(&Book::new(ws, k), k)
    }

    /// [`Learned::record_of`] with the approved cycles' forecasts already in `book`
    /// (which must reach at least to cycle k).
    pub fn record_in(book: &Book, k: usize) -> Learned {
        let Some(cycle) = book.ws.cycles.get(k) else {
            return Learned::default();
        };
        let rec = book.record(k);
        if rec.is_empty() {
            return Learned::default();
        }
        let h = cycle.horizon as usize;
        let skip = reshaped(cycle);
        let products: HashSet<&str> = cycle
            .master
            .products
            .iter()
            .map(|p| p.sku.as_str())
            .collect();
        let mut skus = Vec::new();
        for hist in &cycle.history {
            let Some(tally) = rec.get(hist.sku.as_str()) else {
                continue;
            };
            if skip.contains(hist.sku.as_str()) || !products.contains(hist.sku.as_str()) {
                continue;
            }
            let Some(alts) = policies_of(cycle, hist, h) else {
                continue;
            };
            let weights = tally.weights();
            let alt = (0..h)
                .map(|t| (0..3).map(|p| weights[p + 1] * alts[p][t]).sum())
                .collect();
            skus.push(SkuWeights {
                sku: hist.sku.clone(),
                points: tally.n,
                errors: tally.errors(),
                weights,
                alt,
            });
        }
        Learned { skus }
    }

    /// What cycle k plans with: [`Learned::record_of`] when its `learn` setting is on and
    /// the [`Guard`] has not paused learning, else nothing (the plain ensemble).
    pub fn of(ws: &Workspace, k: usize) -> Learned {
        match ws.cycles.get(k) {
            Some(c) if c.inputs.forecast.learn => {
                let book = Book::new(ws, k);
                let learned = Learned::record_in(&book, k);
                match learned.moved() == 0 || Guard::in_book(&book, k).on {
                    true => learned,
                    false => Learned::default(),
                }
            }
            _ => Learned::default(),
        }
    }

    /// Whether no SKU has a record (applying changes nothing).
    pub fn is_empty(&self) -> bool {
        self.skus.is_empty()
    }

    /// SKUs whose baseline the record moves off the plain ensemble.
    pub fn moved(&self) -> usize {
        self.skus.iter().filter(|w| w.moved()).count()
    }

    /// Each SKU's weights by its code.
    pub fn by_sku(&self) -> HashMap<&str, &SkuWeights> {
        self.skus.iter().map(|w| (w.sku.as_str(), w)).collect()
    }

    /// Turns the plain (reconciled) baselines into the learned ones, in place; pending
    /// baselines are left for when they arrive.
    pub fn apply(&self, baselines: &mut [Baseline]) {
        if self.skus.is_empty() {
            return;
        }
        let at = self.by_sku();
        for b in baselines.iter_mut().filter(|b| !b.is_pending()) {
            let Some(w) = at.get(b.sku.as_str()) else {
                continue;
            };
            let learned = combine(w, &b.values);
            for (t, v) in learned.into_iter().enumerate() {
                let d = v - b.values[t];
                b.values[t] = v;
                for band in [&mut b.lower, &mut b.upper] {
                    if let Some(x) = band.get_mut(t) {
                        *x = if *x >= 0.0 { (*x + d).max(0.0) } else { *x + d };
                    }
                }
            }
        }
    }

    /// Keeps on a plan frozen with learned baselines the plain ensemble of the first
    /// [`SCORED_MONTHS`] months of each learned SKU (statistical = w₀ · plain + alt, so
    /// plain = (statistical − alt) / w₀, w₀ ≥ 1 − s > 0), for the next track records.
    pub fn keep_plain(&self, frozen: &mut FrozenPlan) {
        let at = self.by_sku();
        for s in frozen.series.iter_mut() {
            let Some(w) = at.get(s.sku.as_str()).filter(|w| w.moved()) else {
                continue;
            };
            s.plain = (0..SCORED_MONTHS.min(s.statistical.len()))
                .map(|t| {
                    let alt = w.alt.get(t).copied().unwrap_or(0.0);
                    ((s.statistical[t] - alt) / w.weights[0] * 1e6).round() / 1e6
                })
                .collect();
        }
    }
}

fn combine(w: &SkuWeights, plain: &[f64]) -> Vec<f64> {
    plain
        .iter()
        .enumerate()
        .map(|(t, v)| w.weights[0] * v + w.alt.get(t).copied().unwrap_or(0.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_by_hand() {
        // 12 points: plain errs by 2 every time, seasonal naive by 1 (gain −1 each: sd 0,
        // it passes the test), naive by 4 and mean by 3 (worse: out).
        let mut t = Tally::default();
        for _ in 0..12 {
            t.add(10.0, [12.0, 9.0, 14.0, 13.0]);
        }
        assert_eq!(t.errors(), [2.0, 1.0, 4.0, 3.0]);
        assert!(t.beats_plain(1) && !t.beats_plain(2) && !t.beats_plain(3));
        // r ∝ (1/4, 1) = (0.2, 0.8); s = 12 / 24 = ½: w = (½·0.2 + ½, ½·0.8, 0, 0).
        let w = t.weights();
        let want = [0.6, 0.4, 0.0, 0.0];
        for p in 0..POLICIES {
            assert!((w[p] - want[p]).abs() < 1e-6, "{w:?} vs {want:?}");
        }
        assert_eq!(
            Tally::default().weights(),
            [1.0, 0.0, 0.0, 0.0],
            "no record"
        );
        // Gains of −1 and +0.5 alternating (mean −0.25, sd ≈ 0.78): over 12 points
        // −0.25 + 2 · 0.78/√12 > 0, noise: the plain baseline exactly.
        let mut t = Tally::default();
        for i in 0..12 {
            let f1 = if i % 2 == 0 { 9.0 } else { 12.5 };
            t.add(10.0, [12.0, f1, 14.0, 14.0]);
        }
        assert!(!t.beats_plain(1));
        assert_eq!(t.weights(), [1.0, 0.0, 0.0, 0.0]);
        // An exact policy: all of the record's share, s = 36/48.
        let mut t = Tally::default();
        for i in 0..36 {
            t.add(
                10.0 + i as f64,
                [13.0 + i as f64, 10.0 + i as f64, 0.0, 0.0],
            );
        }
        let w = t.weights();
        assert!(
            (w[1] - 0.75).abs() < 1e-6 && (w[0] - 0.25).abs() < 1e-6,
            "{w:?}"
        );
    }

    #[test]
    fn policy_forecasts_by_hand() {
        let y: Vec<f64> = (1..=14).map(f64::from).collect(); // 1 … 14
        let end = Month::new(2025, 3);
        let [sn, nv, mean] = policy_forecasts(&y, end, end, 12, 3);
        assert_eq!(sn, vec![3.0, 4.0, 5.0], "a season before");
        assert_eq!(nv, vec![14.0; 3]);
        assert_eq!(mean, vec![8.5; 3], "mean of 3 … 14");
        // One month of gap: the seasonal naive moves on one month.
        let [sn, _, _] = policy_forecasts(&y, end, end.plus(1), 12, 2);
        assert_eq!(sn, vec![4.0, 5.0]);
        // Shorter than a season: naive.
        let [sn, _, mean] = policy_forecasts(&[2.0, 4.0], end, end, 12, 2);
        assert_eq!((sn, mean), (vec![4.0, 4.0], vec![3.0, 3.0]));
    }
}
