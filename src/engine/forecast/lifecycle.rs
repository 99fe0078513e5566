//! Phase-in and phase-out: the statistical baselines turned into the baselines the plan
//! uses, by the products' [`Lifecycle`] (launch month, like item or family share, end of
//! life, successor, ramp). Applied by [`super::baselines`] and by the app where the
//! worker's baselines are published, so both paths plan the same numbers.
//!
//! In order, for months t = label … label + h − 1 (L the launch month):
//! 1. **Like item** K with factor f, while the product has fewer than
//!    [`OWN_HISTORY_MONTHS`] months of its own sales: v(t) = f · c_K(F_K + (t − L)) for
//!    t ≥ L, 0 before; c_K is K's actuals before the label as the baseline reads them
//!    (its cleansed history, [`super::baseline_history`]), then K's statistical
//!    baseline (its last month held beyond the horizon), F_K K's first month with sales
//!    (the label if it has none): K's curve from its own launch, moved to the new
//!    product's launch. σ = f · σ_K.
//! 2. **Family share** p: v(t) = p · Σ_j b_j(t) for t ≥ L over the family's other SKUs
//!    not launched by a share (after step 1); σ = p · √Σ σ_j².
//!    A launched product's 80 % band is v ∓ 1.2816 σ (at least 0).
//! 3. **Launch month** alone: every month before L is 0.
//! 4. **Phase-out** from end of life E with a ramp of N months, moved share s(t)
//!    ([`Lifecycle::moved_share`]: k/N in the k-th month, then 1): moved m(t) = s(t) · v(t);
//!    the product keeps v − m, its successor gets + m (no successor: the demand ends).
//!    Bands move in the same proportion. A chain A → B → C is applied from its start,
//!    so what B received moves on to C from B's end of life. A product fully phased out
//!    at the label keeps no σ (no safety stock); the successor's σ becomes
//!    √(σ_S² + (s_end σ_P)²).

use super::baseline_history;
use crate::engine::launch::{Lifecycle, OWN_HISTORY_MONTHS};
use crate::engine::model::{Baseline, Cycle};
use crate::engine::month::Month;
use std::collections::HashMap;

/// z of the 80 % band (two-sided): the 90 % quantile of the standard normal.
const Z80: f64 = 1.281_551_565_545;

/// Name of the "model" of a baseline built from a like item.
pub const LIKE_ITEM: &str = "like_item";
/// Name of the "model" of a baseline built as a family share.
pub const FAMILY_SHARE: &str = "family_share";

/// One product's lifecycle with what applying it reads of the cycle.
#[derive(Clone, Debug, PartialEq)]
struct Rule {
    sku: String,
    life: Lifecycle,
    /// The launch month used: given, else its first month with sales, else the label.
    launch: Month,
    /// Fewer than [`OWN_HISTORY_MONTHS`] months of its own sales: the launch basis holds.
    young: bool,
    /// The like item's actuals as the baseline reads them (cleansed), from its first
    /// month with sales up to the label.
    like_actuals: Vec<f64>,
    /// Family share: the SKUs whose baselines it is a share of.
    members: Vec<String>,
}

/// What the phase-in and phase-out of a cycle's baselines depend on (the app compares
/// it to know when to apply them again). Empty when no product has a lifecycle.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Phases {
    label: Month,
    rules: Vec<Rule>,
}

/// First index with sales (> 0) of `units`, if any.
fn first_sale(units: &[f64]) -> Option<usize> {
    units.iter().position(|u| u.is_finite() && *u > 0.0)
}

impl Phases {
    /// The lifecycles of `cycle`'s products with the actuals they read.
    pub fn of(cycle: &Cycle) -> Self {
        let label = cycle.label;
        // `cleansed`: the history the baseline uses (the planner's corrections and, when
        // on, automatic cleansing), so a like item's one-off spike is not copied into
        // the new product's launch curve.
        let actuals = |sku: &str, cleansed: bool| -> Vec<f64> {
            let Some(h) = cycle.history.iter().find(|h| h.sku == sku) else {
                return Vec::new();
            };
            let units = if cleansed {
                baseline_history(&cycle.inputs.forecast, label, h)
            } else {
                std::borrow::Cow::Borrowed(h.units.as_slice())
            };
            let before = label.since(h.start).clamp(0, units.len() as i32) as usize;
            let mut v: Vec<f64> = units[..before]
                .iter()
                .map(|u| if u.is_finite() { *u } else { 0.0 })
                .collect();
            // Months between its last actual and the label count as 0.
            v.resize(v.len() + label.since(h.end()).max(0) as usize, 0.0);
            let from = first_sale(&v).unwrap_or(v.len());
            v.split_off(from)
        };
        let share_launched = |sku: &str| {
            cycle
                .master
                .products
                .iter()
                .any(|p| p.sku == sku && p.lifecycle.family_share.is_some())
        };
        let rules = cycle
            .master
            .products
            .iter()
            .filter(|p| !p.lifecycle.is_none())
            .map(|p| {
                let own = actuals(&p.sku, false);
                let launch = p
                    .lifecycle
                    .launch
                    .unwrap_or_else(|| label.plus(-(own.len() as i32)));
                let like_actuals = if p.lifecycle.like_item.is_empty() {
                    Vec::new()
                } else {
                    actuals(&p.lifecycle.like_item, true)
                };
                let members = if p.lifecycle.family_share.is_some() {
                    cycle
                        .master
                        .products
                        .iter()
                        .filter(|q| q.family == p.family && q.sku != p.sku)
                        .filter(|q| !share_launched(&q.sku))
                        .map(|q| q.sku.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                Rule {
                    sku: p.sku.clone(),
                    life: p.lifecycle.clone(),
                    launch,
                    young: (own.len() as i32) < OWN_HISTORY_MONTHS,
                    like_actuals,
                    members,
                }
            })
            .collect();
        Phases { label, rules }
    }

    /// Whether no product has a lifecycle (applying changes nothing).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Turns the statistical baselines (one per product, any order) into the baselines
    /// the plan uses (see the module's steps).
    pub fn apply(&self, baselines: &mut [Baseline]) {
        if self.rules.is_empty() {
            return;
        }
        let idx: HashMap<String, usize> = baselines
            .iter()
            .enumerate()
            .map(|(i, b)| (b.sku.clone(), i))
            .collect();
        let at = |sku: &str| idx.get(sku).copied();
        // 1. Like items, all read from the statistical baselines.
        let like: Vec<(usize, Baseline)> = self
            .rules
            .iter()
            .filter(|r| r.young && !r.life.like_item.is_empty())
            .filter_map(|r| {
                let (i, k) = (at(&r.sku)?, at(&r.life.like_item)?);
                Some((i, self.like_launch(r, &baselines[i], &baselines[k])))
            })
            .collect();
        for (i, b) in like {
            baselines[i] = b;
        }
        // 2. Family shares, of the baselines after step 1.
        let shares: Vec<(usize, Baseline)> = self
            .rules
            .iter()
            .filter(|r| r.young && r.life.like_item.is_empty())
            .filter_map(|r| {
                let p = r.life.family_share?;
                let i = at(&r.sku)?;
                let members: Vec<&Baseline> = r
                    .members
                    .iter()
                    .filter_map(|s| at(s))
                    .map(|j| &baselines[j])
                    .collect();
                Some((i, self.share_launch(r, p, &baselines[i], &members)))
            })
            .collect();
        for (i, b) in shares {
            baselines[i] = b;
        }
        // 3. Nothing before the launch month.
        for r in &self.rules {
            if let (Some(m), Some(i)) = (r.life.launch, at(&r.sku)) {
                let b = &mut baselines[i];
                let n = m.since(self.label).clamp(0, b.values.len() as i32) as usize;
                for v in [&mut b.values, &mut b.lower, &mut b.upper] {
                    v.iter_mut().take(n).for_each(|x| *x = 0.0);
                }
            }
        }
        // 4. Phase-outs, each chain from its start.
        for r in self.phase_out_order() {
            if let Some(i) = at(&r.sku) {
                self.phase_out(r, i, at(&r.life.successor), baselines);
            }
        }
    }

    /// The launch baseline from the like item `k` (step 1).
    fn like_launch(&self, r: &Rule, own: &Baseline, k: &Baseline) -> Baseline {
        let f = r.life.factor();
        let h = own.values.len();
        let n_act = r.like_actuals.len() as i32;
        // K's curve by months since its first sale: actuals, then its baseline.
        let curve = |s: i32| -> f64 {
            if s < n_act {
                r.like_actuals[s as usize]
            } else {
                let j = (s - n_act) as usize;
                k.values.get(j).or(k.values.last()).copied().unwrap_or(0.0)
            }
        };
        let values: Vec<f64> = (0..h as i32)
            .map(|i| {
                let since_launch = self.label.plus(i).since(r.launch);
                if since_launch < 0 {
                    0.0
                } else {
                    f * curve(since_launch)
                }
            })
            .collect();
        launched(own, LIKE_ITEM, values, f * k.sigma, k.wape)
    }

    /// The launch baseline as share `p` of the members' baselines (step 2).
    fn share_launch(&self, r: &Rule, p: f64, own: &Baseline, members: &[&Baseline]) -> Baseline {
        let values: Vec<f64> = (0..own.values.len())
            .map(|i| {
                if self.label.plus(i as i32) < r.launch {
                    return 0.0;
                }
                p * members.iter().filter_map(|b| b.values.get(i)).sum::<f64>()
            })
            .collect();
        let var: f64 = members.iter().map(|b| b.sigma * b.sigma).sum();
        let wape = if members.is_empty() {
            0.0
        } else {
            members.iter().map(|b| b.wape).sum::<f64>() / members.len() as f64
        };
        launched(own, FAMILY_SHARE, values, p * var.sqrt(), wape)
    }

    /// Rules with an end of life, each before its successor's.
    fn phase_out_order(&self) -> Vec<&Rule> {
        let by_sku: HashMap<&str, &Rule> = self.rules.iter().map(|r| (r.sku.as_str(), r)).collect();
        // Depth: steps along successors with an end of life (capped: a cycle, which
        // validation refuses, cannot loop here).
        let depth = |r: &Rule| {
            let mut d = 0;
            let mut cur = r;
            while let Some(next) = by_sku.get(cur.life.successor.as_str()) {
                if next.life.end_of_life.is_none() || d > self.rules.len() {
                    break;
                }
                d += 1;
                cur = next;
            }
            d
        };
        let mut out: Vec<(usize, &Rule)> = self
            .rules
            .iter()
            .filter(|r| r.life.end_of_life.is_some())
            .map(|r| (depth(r), r))
            .collect();
        out.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
        out.into_iter().map(|(_, r)| r).collect()
    }

    /// Moves product `i`'s demand to successor `s` from its end of life (step 4).
    fn phase_out(&self, r: &Rule, i: usize, s: Option<usize>, baselines: &mut [Baseline]) {
        let s = s.filter(|s| *s != i);
        let h = baselines[i].values.len();
        let mut moved = vec![(0.0, 0.0, 0.0); h];
        let share = |t: usize| r.life.moved_share(self.label.plus(t as i32));
        let p = &mut baselines[i];
        for (t, m) in moved.iter_mut().enumerate() {
            let k = share(t);
            if k == 0.0 {
                continue;
            }
            *m = (k * p.values[t], k * p.lower[t], k * p.upper[t]);
            p.values[t] -= m.0;
            p.lower[t] -= m.1;
            p.upper[t] -= m.2;
        }
        let sigma_moved = p.sigma * share(h.saturating_sub(1));
        if share(0) >= 1.0 {
            p.sigma = 0.0;
        }
        let Some(s) = s else { return };
        let q = &mut baselines[s];
        for (t, m) in moved.iter().enumerate().take(q.values.len()) {
            q.values[t] += m.0;
            q.lower[t] += m.1;
            q.upper[t] += m.2;
        }
        q.sigma = (q.sigma * q.sigma + sigma_moved * sigma_moved).sqrt();
    }
}

/// A launched product's baseline: `values` with the band v ∓ z₈₀ σ.
fn launched(own: &Baseline, model: &str, values: Vec<f64>, sigma: f64, wape: f64) -> Baseline {
    let band = Z80 * sigma;
    Baseline {
        sku: own.sku.clone(),
        model: model.to_string(),
        lower: values
            .iter()
            .map(|v| if *v > 0.0 { (v - band).max(0.0) } else { 0.0 })
            .collect(),
        upper: values
            .iter()
            .map(|v| if *v > 0.0 { v + band } else { 0.0 })
            .collect(),
        values,
        sigma,
        wape,
    }
}

/// The baselines of `cycle` after phase-in and phase-out (see the module).
pub fn lifecycle(cycle: &Cycle, baselines: &mut [Baseline]) {
    Phases::of(cycle).apply(baselines);
}
