//! The track record per approved cycle (shown in the accuracy view): how the frozen
//! statistical baseline and each layer did against the actuals known to the newest
//! cycle, with forecast value added, and whether the learned choice
//! ([`crate::engine::forecast::learn`]) beat the plain ensemble.
//!
//! Points are (SKU, month) pairs with an actual, so WAPE = Σ|f − a| / Σ|a| over SKUs and
//! months (errors of SKUs do not cancel); layers are scored by
//! [`crate::engine::lifecycle::score_layers`], the accuracy table's one definition.
//!
//! Learned vs plain, without hindsight: for cycle k the learned weights come from the
//! approved cycles before k only ([`Learned::record_of`]) and combine what cycle k
//! froze (its plain ensemble, and the policies of its own history); both are scored on
//! the first [`SCORED_MONTHS`] months with actuals. A SKU without a record counts with
//! the same value in both.
//!
//! The guard ([`Guard`]): per cycle whether learning was paused when it was planned
//! (cycle k judged on what it knew), and for the newest cycle whether it is in use now.

use crate::engine::accuracy::wape;
use crate::engine::forecast::learn::{Book, Guard, Learned, SCORED_MONTHS, Verdict, frozen_plain};
use crate::engine::format::pct;
use crate::engine::lifecycle::{LayerScore, score_layers};
use crate::engine::model::{SkuHistory, Workspace};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use std::collections::HashMap;

/// One approved cycle's record.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleTrack {
    pub id: String,
    pub label: Month,
    /// Months of its plan with an actual now.
    pub months: usize,
    /// (SKU, month) points scored.
    pub points: usize,
    /// statistical, sales, marketing, pipeline, consensus.
    pub layers: Vec<LayerScore>,
    /// WAPE of the plain ensemble and of the learned choice over the first
    /// [`SCORED_MONTHS`] months, and the (SKU, month) points behind them.
    pub plain: Option<f64>,
    pub learned: Option<f64>,
    pub compared: usize,
    /// SKUs whose learned baseline differs from the plain one (a record that passed
    /// the test) when the cycle was planned.
    pub learned_skus: usize,
    /// Whether the guard let the cycle use its learned weights when it was planned.
    pub guard_on: bool,
    /// Whether the plan used a learned baseline (its `learn` setting on, the guard on,
    /// and `learned_skus` > 0).
    pub used_learned: bool,
}

impl CycleTrack {
    /// Which baseline the cycle planned with, as its row says: `learned (12 SKUs)`,
    /// `plain (paused)` (learned weights there, the guard held them back) or `plain`.
    pub fn choice(&self) -> String {
        if self.used_learned {
            format!("learned ({} SKUs)", self.learned_skus)
        } else if self.learned_skus > 0 && !self.guard_on {
            "plain (paused)".into()
        } else {
            "plain".into()
        }
    }
}

/// The whole track record: per cycle, and learned vs plain over every cycle.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Track {
    pub cycles: Vec<CycleTrack>,
    pub plain: Option<f64>,
    pub learned: Option<f64>,
    /// The newest cycle's guard (what it plans with now) and its `learn` setting.
    pub guard: Guard,
    pub learn_on: bool,
}

/// The track record of every approved cycle of `w` with an actual (oldest first).
pub fn track(w: &Workspace) -> Track {
    let Some(latest) = w.cycles.last() else {
        return Track::default();
    };
    let actuals: HashMap<&str, &SkuHistory> =
        latest.history.iter().map(|h| (h.sku.as_str(), h)).collect();
    let (mut all_a, mut all_p, mut all_l) = (Vec::new(), Vec::new(), Vec::new());
    let mut cycles = Vec::new();
    let book = Book::new(w, w.cycles.len());
    let candidates: Vec<Learned> = (0..w.cycles.len())
        .map(|k| match w.cycles[k].frozen {
            Some(_) => Learned::record_in(&book, k),
            None => Learned::default(),
        })
        .collect();
    for (k, c) in w.cycles.iter().enumerate() {
        let Some(fp) = &c.frozen else { continue };
        let learned = &candidates[k];
        let guard_on = Guard::in_book(&book, k).on;
        let weights = learned.by_sku();
        let (mut actual, mut layers) = (Vec::new(), <[Vec<f64>; 5]>::default());
        let (mut ca, mut cp, mut cl) = (Vec::new(), Vec::new(), Vec::new());
        let mut months = Vec::new();
        for s in &fp.series {
            let Some(h) = actuals.get(s.sku.as_str()) else {
                continue;
            };
            let plain = frozen_plain(s);
            let mixed = weights.get(s.sku.as_str()).map(|w| w.combine(plain));
            for t in 0..s.consensus.len() {
                let m = fp.start.plus(t as i32);
                let Some(a) = h.get(m).filter(|a| a.is_finite()) else {
                    continue;
                };
                if !months.contains(&m) {
                    months.push(m);
                }
                actual.push(a);
                for (l, v) in layers.iter_mut().zip([
                    &s.statistical,
                    &s.sales,
                    &s.marketing,
                    &s.pipeline,
                    &s.consensus,
                ]) {
                    l.push(v[t]);
                }
                if t < SCORED_MONTHS.min(plain.len()) {
                    ca.push(a);
                    cp.push(plain[t]);
                    cl.push(mixed.as_ref().map_or(plain[t], |v| v[t]));
                }
            }
        }
        if actual.is_empty() {
            continue;
        }
        cycles.push(CycleTrack {
            id: c.id.clone(),
            label: c.label,
            months: months.len(),
            points: actual.len(),
            layers: score_layers(&actual, &layers),
            plain: wape(&ca, &cp),
            learned: wape(&ca, &cl),
            compared: ca.len(),
            learned_skus: learned.moved(),
            guard_on,
            used_learned: c.inputs.forecast.learn && guard_on && learned.moved() > 0,
        });
        all_a.extend(ca);
        all_p.extend(cp);
        all_l.extend(cl);
    }
    Track {
        cycles,
        plain: wape(&all_a, &all_p),
        learned: wape(&all_a, &all_l),
        guard: Guard::in_book(&book, w.cycles.len() - 1),
        learn_on: latest.inputs.forecast.learn,
    }
}

/// Differences of WAPE or FVA under this (half of the 0.1 point the view shows) read
/// as none: a verdict never contradicts the figures beside it.
pub const SHOWN_NOISE: f64 = 0.0005;

/// Which way a comparison of accuracy went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Better,
    Worse,
    Same,
}

impl Direction {
    /// A layer's forecast value added: better when it took error off beyond noise.
    pub fn of_fva(fva: Option<f64>) -> Direction {
        match fva {
            Some(v) if v > SHOWN_NOISE => Direction::Better,
            Some(v) if v < -SHOWN_NOISE => Direction::Worse,
            _ => Direction::Same,
        }
    }

    /// The learned choice's WAPE against the plain ensemble's (lower is better).
    pub fn of_learned(plain: Option<f64>, learned: Option<f64>) -> Direction {
        match (plain, learned) {
            (Some(p), Some(l)) if l < p - SHOWN_NOISE => Direction::Better,
            (Some(p), Some(l)) if l > p + SHOWN_NOISE => Direction::Worse,
            _ => Direction::Same,
        }
    }

    /// The learned column's class: `learned better`, `learned worse` or `learned`.
    pub fn learned_class(self) -> &'static str {
        match self {
            Direction::Better => "learned better",
            Direction::Worse => "learned worse",
            Direction::Same => "learned",
        }
    }

    /// Its CSS class: `better`, `worse` or none.
    pub fn class(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Same => "",
        }
    }
}

/// Learned against plain over every cycle: "All cycles: plain ensemble 23.4 %, learned
/// 22.1 % — the learned choice beat the plain ensemble." (empty without both).
pub fn summary(t: &Track, nf: NumberFormat) -> String {
    let (Some(p), Some(l)) = (t.plain, t.learned) else {
        return String::new();
    };
    let verdict = match Direction::of_learned(t.plain, t.learned) {
        Direction::Better => "the learned choice beat the plain ensemble",
        Direction::Worse => "the plain ensemble did better",
        Direction::Same => "no difference yet",
    };
    format!(
        "All cycles: plain ensemble {}, learned {} — {verdict}.",
        pct(p, nf),
        pct(l, nf)
    )
}

/// The guard's line for the newest cycle: its state (`in-use`, `paused`, `off`) and text.
pub fn guard_line(t: &Track, nf: NumberFormat) -> (&'static str, String) {
    let g = &t.guard;
    if !t.learn_on {
        return (
            "off",
            "Learned choice: off for this cycle (the switch below).".into(),
        );
    }
    let n = g.cycles;
    let cycles = if n == 1 { "cycle" } else { "cycles" };
    let figures = match (g.learned_wape(), g.plain_wape()) {
        (Some(l), Some(p)) => format!(
            " (learned {}, plain {} on the {} SKUs it moved)",
            pct(l, nf),
            pct(p, nf),
            g.skus
        ),
        _ => String::new(),
    };
    match g.verdict() {
        Verdict::InUse => (
            "in-use",
            format!("Learned choice: in use — it beat the plain ensemble beyond noise over the last {n} {cycles}{figures}."),
        ),
        Verdict::PlainBetter => (
            "paused",
            format!("Learned choice: paused — plain has done better over the last {n} {cycles}{figures}; this cycle plans with the plain ensemble."),
        ),
        Verdict::NotYet => (
            "paused",
            format!("Learned choice: paused — not better than plain beyond noise over the last {n} {cycles}{figures}; this cycle plans with the plain ensemble."),
        ),
        Verdict::NoRecord => (
            "paused",
            "Learned choice: paused — no record of it against the plain ensemble yet; this cycle plans with the plain ensemble.".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_never_contradicts_the_figures_shown() {
        // 23.44 % and 23.40 % both show as 23.4 %: no difference.
        assert_eq!(
            Direction::of_learned(Some(0.2344), Some(0.2340)),
            Direction::Same
        );
        assert_eq!(
            Direction::of_learned(Some(0.2344), Some(0.2330)),
            Direction::Better
        );
        assert_eq!(
            Direction::of_learned(Some(0.2300), Some(0.2344)),
            Direction::Worse
        );
        assert_eq!(Direction::of_learned(None, Some(0.2)), Direction::Same);
        assert_eq!(Direction::of_fva(Some(0.0004)), Direction::Same);
        assert_eq!(Direction::of_fva(Some(0.021)), Direction::Better);
        assert_eq!(Direction::of_fva(Some(-0.021)), Direction::Worse);
        assert_eq!(Direction::of_fva(None), Direction::Same);
        let t = Track {
            plain: Some(0.2344),
            learned: Some(0.2211),
            ..Track::default()
        };
        assert_eq!(
            summary(&t, NumberFormat::COMMA),
            "All cycles: plain ensemble 23,4 %, learned 22,1 % — the learned choice beat the plain ensemble."
        );
        assert_eq!(summary(&Track::default(), NumberFormat::POINT), "");
        assert_eq!(guard_line(&t, NumberFormat::POINT).0, "off");
    }

    #[test]
    fn a_cycles_row_says_which_baseline_it_planned_with() {
        let row = |used_learned, learned_skus, guard_on| CycleTrack {
            id: "c".into(),
            label: Month::new(2026, 11),
            months: 3,
            points: 0,
            layers: Vec::new(),
            plain: None,
            learned: None,
            compared: 0,
            learned_skus,
            guard_on,
            used_learned,
        };
        assert_eq!(row(true, 12, true).choice(), "learned (12 SKUs)");
        assert_eq!(row(false, 12, false).choice(), "plain (paused)");
        // The switch off with the guard on, or nothing learned: plainly plain.
        assert_eq!(row(false, 12, true).choice(), "plain");
        assert_eq!(row(false, 0, false).choice(), "plain");
        assert_eq!(Direction::Better.learned_class(), "learned better");
        assert_eq!(Direction::Worse.learned_class(), "learned worse");
        assert_eq!(Direction::Same.learned_class(), "learned");
    }
}
