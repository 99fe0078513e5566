//! The workspace-level guard on learning: a cycle's learned weights apply only while the
//! learned choice has beaten the plain ensemble beyond noise on the track record known
//! when the cycle is planned.
//!
//! **Record** of cycle k: the last [`GUARD_CYCLES`] approved cycles j < k; every (SKU,
//! month) point of the first [`SCORED_MONTHS`] months of j's plan with an actual in cycle
//! k's history before k's label (nothing cycle k could not know), scored for the plain
//! ensemble j froze (`frozen_plain`) and for j's learned candidate
//! ([`Learned::record_of`]: the weights j's own record gave, whether or not j used them —
//! a paused choice keeps being scored, so it can come back). Only SKUs the candidate
//! moved off plain count (elsewhere both are the same number).
//!
//! **Rule**: per such SKU i, its gain D_i = Σ(|learned − a| − |plain − a|) over its
//! points; learning is **in use** when the SKUs' mean gain is below zero beyond noise,
//! D̄ + z · sd(D)/√n < 0 over n ≥ 2 SKUs, z = [`GATE_Z`] (the per-SKU gate's one-sided
//! paired test, Diebold & Mariano 1995, taken across SKUs: a SKU's months are
//! correlated, different SKUs far less), and **paused** otherwise.
//!
//! Why a test and not "L < P": the per-SKU gate picks policies on the very points it
//! tests (selection on noise survives it), so the candidate's small pooled wins are
//! not evidence yet. Measured (`tests/learn.rs`): on M1 monthly, "L ≤ P" switches on
//! after small early wins just before the candidate's losses (13.91 % vs plain
//! 13.67 %), the test keeps it paused (13.67 %); on the generated history it keeps 70 %
//! of the learned gain (0.133 of 0.189 WAPE points).
//!
//! No record (no approved cycle, or no SKU moved yet) → **paused**, the cycle is planned
//! plain: the learned choice has to show out of sample that its per-SKU evidence carries
//! over. The wait is short where it does (its first weights are strongly shrunk toward
//! plain anyway, s = n / (n + 12)) and the candidate is scored meanwhile.
//!
//! Why a window of the last [`GUARD_CYCLES`] cycles: series change behaviour and the
//! candidate of the newest cycles (more points, less shrinkage) is not the one of the
//! first; six cycles hold up to 6 + 5 + … + 1 = 21 months of each SKU, and the cost
//! stays at most six records however long the workspace's history.
//!
//! Deterministic: a function of the workspace's approved cycles and cycle k's history.

use super::{Book, GATE_Z};
use crate::engine::model::Workspace;

/// Approved cycles (the newest before k) whose record the guard weighs.
pub const GUARD_CYCLES: usize = 6;

/// The guard of one cycle: the learned candidate against the plain ensemble over the
/// last approved cycles before it, on the SKUs the candidate moved.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Guard {
    /// Approved cycles with at least one scored point of a moved SKU.
    pub cycles: usize,
    /// SKUs moved and (SKU, month) points scored.
    pub skus: usize,
    pub points: usize,
    /// P = Σ|plain − a|, L = Σ|learned − a|, Σ|a| over those points.
    pub plain: f64,
    pub learned: f64,
    pub actual: f64,
    /// Whether the learned weights apply (the test of the module doc).
    pub on: bool,
}

/// What the guard says, for the track record's line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The learned choice beat the plain ensemble beyond noise: in use.
    InUse,
    /// Paused: the plain ensemble did better (L > P).
    PlainBetter,
    /// Paused: the learned choice did as well or better, not beyond noise yet.
    NotYet,
    /// Paused: no record of a learned SKU yet.
    NoRecord,
}

impl Guard {
    /// The guard of `ws.cycles[k]`, computing the candidates of the window's cycles.
    pub fn of(ws: &Workspace, k: usize) -> Guard {
        Guard::in_book(&Book::new(ws, k), k)
    }

    /// [`Guard::of`] with the approved cycles' forecasts already in `book` (reaching at
    /// least to cycle k): each window cycle's candidate is weighed and scored from the
    /// book's numbers, not recomputed.
    pub fn in_book(book: &Book, k: usize) -> Guard {
        let mut g = Guard::default();
        let mut gains: Vec<(&str, f64)> = Vec::new();
        for j in window(book.ws, k) {
            let before = g.points;
            book.guard_points(j, k, |sku, p, l, a| {
                g.plain += (p - a).abs();
                g.learned += (l - a).abs();
                g.actual += a.abs();
                g.points += 1;
                gains.push((sku, (l - a).abs() - (p - a).abs()));
            });
            if g.points > before {
                g.cycles += 1;
            }
        }
        // Per SKU, its points' gains in the order they came (cycles newest first).
        gains.sort_by(|x, y| x.0.cmp(y.0));
        let mut per_sku: Vec<f64> = Vec::new();
        let mut last: Option<&str> = None;
        for (sku, d) in gains {
            match last == Some(sku) {
                true => *per_sku.last_mut().expect("a SKU before") += d,
                false => per_sku.push(0.0 + d),
            }
            last = Some(sku);
        }
        g.decide(&per_sku);
        g
    }

    /// The verdict behind [`Guard::on`].
    pub fn verdict(&self) -> Verdict {
        if self.on {
            Verdict::InUse
        } else if self.points == 0 {
            Verdict::NoRecord
        } else if self.learned > self.plain {
            Verdict::PlainBetter
        } else {
            Verdict::NotYet
        }
    }

    /// WAPE of the plain ensemble over the guard's points (`None` without actuals).
    pub fn plain_wape(&self) -> Option<f64> {
        (self.actual > 0.0).then(|| self.plain / self.actual)
    }

    /// WAPE of the learned candidate over the guard's points.
    pub fn learned_wape(&self) -> Option<f64> {
        (self.actual > 0.0).then(|| self.learned / self.actual)
    }

    /// The rule: per moved SKU its gain D_i; in use when D̄ + z · sd(D)/√n < 0, n ≥ 2.
    fn decide(&mut self, gains: &[f64]) {
        self.skus = gains.len();
        let n = gains.len() as f64;
        if gains.len() >= 2 {
            let mean = gains.iter().sum::<f64>() / n;
            let var = gains.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
            self.on = mean + GATE_Z * (var / n).sqrt() < 0.0;
        }
    }
}

/// The last [`GUARD_CYCLES`] approved cycles before k, newest first.
fn window(ws: &Workspace, k: usize) -> Vec<usize> {
    (0..k.min(ws.cycles.len()))
        .rev()
        .filter(|&j| ws.cycles[j].frozen.is_some())
        .take(GUARD_CYCLES)
        .collect()
}
