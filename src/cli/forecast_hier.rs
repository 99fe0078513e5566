//! `sop forecast-eval --hierarchy`: the reconciled hierarchy on a benchmark set.
//!
//! Families are the series' categories of the meta file (a category of one series is
//! left out). The series carry no calendar dates, so each family's history is the sum of
//! its members aligned at their forecast origin (a member counts 0 before its first
//! value, as a product not yet sold). Each series is first divided by the mean absolute
//! value of its training part, so every member weighs alike in its family total, as the
//! units of one family do (sMAPE and MASE of a series do not change with its scale).
//! Every SKU and every family is forecast by the automatic model; the SKUs are then
//! reconciled ([`reconcile`]) always ("reconciled") and by the backtest rule ("chosen",
//! the app's default). Printed: mean sMAPE and MASE over the SKUs and over the families
//! for bottom-up, the family's own forecast, reconciled and chosen, side by side.

use super::forecast_eval::EvalSeries;
use crate::engine::accuracy;
use crate::engine::forecast::reconcile::{Base, Holdout, family_history, reconcile_family};
use crate::engine::forecast::{self, Forecast, Options};
use crate::engine::model::Baseline;
use crate::engine::month::Month;
use std::time::Instant;

/// sMAPE and MASE means of one way of forecasting, at one level.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    pub smape: f64,
    pub mase: f64,
}

/// The hierarchy evaluation: SKU and family level, each way.
#[derive(Clone, Debug, PartialEq)]
pub struct HierResult {
    pub families: usize,
    pub skus: usize,
    /// Families the backtest rule reconciles.
    pub chosen: usize,
    /// By level (SKU, family): bottom-up, reconciled, chosen.
    pub sku: [Score; 3],
    pub family: [Score; 3],
    /// The families' own forecasts (family level only).
    pub family_own: Score,
    pub seconds: f64,
    /// Largest family asked for (`None`: whole categories).
    pub size: Option<usize>,
}

fn base_of(name: &str, f: Forecast) -> Base {
    Base {
        baseline: Baseline {
            sku: name.to_string(),
            model: f.model.name().to_string(),
            values: f.point,
            lower: f.lower,
            upper: f.upper,
            sigma: f.sigma,
            wape: f.scores.wape,
        },
        holdout: Holdout {
            forecast: f.holdout.0,
            actual: f.holdout.1,
            end: Month(0),
        },
    }
}

/// Running means of sMAPE and MASE.
#[derive(Default)]
struct Mean {
    s: (f64, usize),
    m: (f64, usize),
}

impl Mean {
    fn add(&mut self, actual: &[f64], fc: &[f64], insample: &[f64], m: usize) {
        if let Some(v) = accuracy::smape(actual, fc) {
            self.s = (self.s.0 + v, self.s.1 + 1);
        }
        if let Some(v) = accuracy::mase(actual, fc, insample, m).filter(|v| v.is_finite()) {
            self.m = (self.m.0 + v, self.m.1 + 1);
        }
    }
    fn score(&self) -> Score {
        Score {
            smape: self.s.0 / self.s.1.max(1) as f64,
            mase: self.m.0 / self.m.1.max(1) as f64,
        }
    }
}

/// The families: each category's series in file order, in groups of at most `size`
/// (`None`: the whole category).
fn families(series: &[EvalSeries], size: Option<usize>) -> Vec<(String, Vec<&EvalSeries>)> {
    let mut cats: Vec<&str> = series.iter().map(|s| s.category.as_str()).collect();
    cats.sort();
    cats.dedup();
    let mut out = Vec::new();
    for c in cats {
        let all: Vec<&EvalSeries> = series.iter().filter(|s| s.category == c).collect();
        let size = size.unwrap_or(all.len()).max(1);
        let parts = all.len().div_ceil(size);
        for (k, part) in all
            .chunks(all.len().div_ceil(parts.max(1)).max(1))
            .enumerate()
        {
            out.push((format!("{c}/{k}"), part.to_vec()));
        }
    }
    out
}

/// Forecasts `series` as a family → SKU hierarchy by category (split into families of
/// at most `size` series, in file order, when given) and scores it.
pub fn evaluate(series: &[EvalSeries], opts: &Options, size: Option<usize>) -> HierResult {
    let t0 = Instant::now();
    let mut sku = [Mean::default(), Mean::default(), Mean::default()];
    let mut fam = [Mean::default(), Mean::default(), Mean::default()];
    let mut own = Mean::default();
    let (mut n_families, mut skus, mut chosen) = (0, 0, 0);
    for (c, members) in families(series, size) {
        let c = c.as_str();
        if members.len() < 2 {
            continue;
        }
        let h = members.iter().map(|s| s.h).min().unwrap_or(1);
        let m = members[0].season_length;
        // Scaled training and test parts.
        let parts: Vec<(Vec<f64>, Vec<f64>)> = members
            .iter()
            .map(|s| {
                let train = &s.values[..s.n_train];
                let fin: Vec<f64> = train
                    .iter()
                    .filter(|v| v.is_finite())
                    .map(|v| v.abs())
                    .collect();
                let mean = fin.iter().sum::<f64>() / fin.len().max(1) as f64;
                let k = if mean > 0.0 { 1.0 / mean } else { 1.0 };
                let end = (s.n_train + h).min(s.values.len());
                let sc = |v: &[f64]| v.iter().map(|x| x * k).collect::<Vec<f64>>();
                (sc(train), sc(&s.values[s.n_train..end]))
            })
            .collect();
        let bases: Vec<Base> = members
            .iter()
            .zip(&parts)
            .map(|(s, (train, _))| base_of(&s.id, forecast::forecast(train, m, h, opts)))
            .collect();
        let starts: Vec<(Month, &[f64])> = parts
            .iter()
            .map(|(t, _)| (Month(-(t.len() as i32)), t.as_slice()))
            .collect();
        let Some(fh) = family_history(c.to_string(), &starts) else {
            continue;
        };
        let top = base_of(c, forecast::forecast(&fh.units, m, h, opts));
        let holdouts: Vec<&Holdout> = bases.iter().map(|b| &b.holdout).collect();
        let ways: Vec<(Vec<Baseline>, bool)> = [false, true]
            .into_iter()
            .map(|by_backtest| {
                let mut bl: Vec<Baseline> = bases.iter().map(|b| b.baseline.clone()).collect();
                let mut refs: Vec<&mut Baseline> = bl.iter_mut().collect();
                let lean = reconcile_family(c, &top, &mut refs, &holdouts, by_backtest);
                (bl, lean.reconciled())
            })
            .collect();
        n_families += 1;
        skus += members.len();
        chosen += usize::from(ways[1].1);
        let bottom: Vec<Baseline> = bases.iter().map(|b| b.baseline.clone()).collect();
        let fam_actual: Vec<f64> = (0..h)
            .map(|t| {
                parts
                    .iter()
                    .map(|(_, a)| a.get(t).copied().unwrap_or(f64::NAN))
                    .sum()
            })
            .collect();
        let total = |bl: &[Baseline]| -> Vec<f64> {
            (0..h)
                .map(|t| bl.iter().map(|b| b.values[t]).sum())
                .collect()
        };
        for (k, bl) in [&bottom, &ways[0].0, &ways[1].0].into_iter().enumerate() {
            for (b, (train, test)) in bl.iter().zip(&parts) {
                sku[k].add(test, &b.values, train, m);
            }
            fam[k].add(&fam_actual, &total(bl), &fh.units, m);
        }
        own.add(&fam_actual, &top.baseline.values, &fh.units, m);
    }
    HierResult {
        families: n_families,
        skus,
        chosen,
        sku: [sku[0].score(), sku[1].score(), sku[2].score()],
        family: [fam[0].score(), fam[1].score(), fam[2].score()],
        family_own: own.score(),
        size,
        seconds: t0.elapsed().as_secs_f64(),
    }
}

/// Prints [`evaluate`]'s table.
pub fn print(r: &HierResult) {
    println!(
        "hierarchy: {} families of {} series (by category{}); {} reconciled by the backtest rule; {:.3} s",
        r.families,
        r.skus,
        r.size
            .map_or(String::new(), |k| format!(", at most {k} each")),
        r.chosen,
        r.seconds
    );
    println!("  level    measure   bottom-up  family-own  reconciled  chosen");
    for (name, s, own) in [
        ("SKU", &r.sku, None),
        ("family", &r.family, Some(r.family_own)),
    ] {
        let o = |f: fn(&Score) -> f64| own.map_or("-".to_string(), |x| format!("{:.3}", f(&x)));
        println!(
            "  {name:<8} sMAPE   {:>10.3}  {:>10}  {:>10.3}  {:>6.3}",
            s[0].smape,
            o(|x| x.smape),
            s[1].smape,
            s[2].smape
        );
        println!(
            "  {name:<8} MASE    {:>10.4}  {:>10}  {:>10.4}  {:>6.4}",
            s[0].mase,
            o(|x| x.mase),
            s[1].mase,
            s[2].mase
        );
    }
}
