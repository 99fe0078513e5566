//! Reconciliation where the pool's results are published: each family of two SKUs or
//! more is forecast as one more series (its SKUs' summed history, under
//! [`family_key`]), and once the family's series and all its SKUs are in — none still
//! out with a worker — its SKUs are reconciled exactly as `engine::forecast::baselines`
//! does ([`reconcile_family`], chosen by backtest), and published.

use super::cache::Cache;
use crate::engine::forecast::family_groups;
use crate::engine::forecast::reconcile::{
    Base, Holdout, Lean, family_history, family_key, reconcile_family,
};
use crate::engine::model::{Baseline, SkuHistory};
use crate::engine::month::Month;
use std::collections::{BTreeSet, HashMap};

/// The reconciled families of the SKUs wanted: what the cache keeps for them.
#[derive(Default)]
pub(super) struct Tree {
    /// Families of two SKUs or more: id, its pseudo-series' key, indices into `skus`.
    pub groups: Vec<(String, String, Vec<usize>)>,
    /// SKU or family key → index into `groups`.
    pub index: HashMap<String, usize>,
    /// Backtest windows of every series in the results.
    pub holdouts: HashMap<String, Holdout>,
    /// The reconciled baselines of the families' SKUs (what is published for them).
    pub reconciled: HashMap<String, Baseline>,
    /// Per group, its lean once reconciled.
    pub leans: Vec<Option<Lean>>,
    /// Built since the last [`Cache::reconcile_new_tree`].
    pub new: bool,
}

impl Tree {
    /// The tree of `skus` with their `families` (empty with reconciliation off).
    pub fn new(skus: &[String], families: &[String], on: bool) -> Tree {
        let mut t = Tree {
            new: true,
            ..Tree::default()
        };
        if !on {
            return t;
        }
        for (f, members) in family_groups(families.iter().map(String::as_str)) {
            let k = t.groups.len();
            let key = family_key(f);
            t.index.insert(key.clone(), k);
            for &i in &members {
                t.index.insert(skus[i].clone(), k);
            }
            t.groups.push((f.to_string(), key, members));
        }
        t.leans = vec![None; t.groups.len()];
        t
    }
}

/// The summed histories of the tree's families (the months before `label` of each
/// SKU's baseline history `used`), as the native path builds them.
pub(super) fn family_histories(
    tree: &Tree,
    skus: &[String],
    label: Month,
    used: &HashMap<&str, (Month, &[f64])>,
) -> Vec<SkuHistory> {
    tree.groups
        .iter()
        .map(|(_, key, members)| {
            let hist: Vec<(Month, &[f64])> = members
                .iter()
                .filter_map(|&i| used.get(skus[i].as_str()).copied())
                .collect();
            family_history(key.clone(), &hist).unwrap_or(SkuHistory {
                sku: key.clone(),
                start: label,
                units: Vec::new(),
            })
        })
        .collect()
}

impl Cache {
    /// The baseline published for `sku`: reconciled for a family's SKU (none until its
    /// family is complete), else the worker's.
    pub fn shown(&self, sku: &str) -> Option<&Baseline> {
        if self.tree.index.contains_key(sku) {
            self.tree.reconciled.get(sku)
        } else {
            self.results.get(sku)
        }
    }

    /// The leans of the families reconciled so far.
    pub fn leans(&self) -> Vec<Lean> {
        self.tree.leans.iter().flatten().cloned().collect()
    }

    /// Records a chunk's results; SKUs outside the tree are to be published, the
    /// families touched are reconciled when complete (their SKUs then published).
    pub fn merge(&mut self, bases: Vec<Base>) {
        let mut touched = BTreeSet::new();
        for b in bases {
            let key = b.baseline.sku.clone();
            self.run.waiting.remove(&key);
            match self.tree.index.get(&key) {
                Some(&k) => {
                    touched.insert(k);
                }
                None => self.fresh.push_back(key.clone()),
            }
            self.tree.holdouts.insert(key.clone(), b.holdout);
            self.results.insert(key, b.baseline);
        }
        for k in touched {
            self.reconcile(k);
        }
    }

    /// Once the run is out, after the tree was rebuilt (other SKUs or families):
    /// reconciles every family already complete (the rest when their series arrive).
    pub fn reconcile_new_tree(&mut self) {
        if std::mem::take(&mut self.tree.new) {
            for k in 0..self.tree.groups.len() {
                self.reconcile(k);
            }
        }
    }

    /// Reconciles group `k` if its series and all its SKUs are in and none is waiting.
    fn reconcile(&mut self, k: usize) {
        let (family, key, members) = &self.tree.groups[k];
        let ready = |s: &str| self.results.contains_key(s) && !self.run.waiting.contains(s);
        if !ready(key) || !members.iter().all(|&i| ready(&self.skus[i])) {
            return;
        }
        let top = Base {
            baseline: self.results[key].clone(),
            holdout: self.tree.holdouts.get(key).cloned().unwrap_or_default(),
        };
        let mut bl: Vec<Baseline> = members
            .iter()
            .map(|&i| self.results[&self.skus[i]].clone())
            .collect();
        let none = Holdout::default();
        let hs: Vec<&Holdout> = members
            .iter()
            .map(|&i| self.tree.holdouts.get(&self.skus[i]).unwrap_or(&none))
            .collect();
        let mut refs: Vec<&mut Baseline> = bl.iter_mut().collect();
        let lean = reconcile_family(family, &top, &mut refs, &hs, true);
        for b in bl {
            self.fresh.push_back(b.sku.clone());
            self.tree.reconciled.insert(b.sku.clone(), b);
        }
        self.tree.leans[k] = Some(lean);
    }
}
