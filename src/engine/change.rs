//! What an edit touches: a [`ChangeSet`], told by the command itself
//! ([`Command::touches`]) from the cycle it is about to be applied to, so that undo,
//! the plan, the forecast, the save and (later) team sync can ask "did this edit touch
//! X?" instead of each keeping a copy of the cycle and comparing.
//!
//! Whole-value commands (`SetInputs`, `SetMaster`, `SetHistory`) compare what they
//! replace with what they bring, entry by entry (adjustments and deals by id, products
//! by SKU, histories by SKU), once, where both are at hand; commands that name their
//! entries (`EditAdjustments`, `EditOverrides`: what typed grid cells send) read it
//! off themselves, comparing nothing. A change set is small,
//! deterministic (sorted sets) and serializable. `tests/change_sets.rs` checks on random
//! command sequences that it covers everything a full comparison of the cycles finds.

use crate::engine::command::{Command, CommandError, PlanRef, inputs_of, undo_all};
use crate::engine::model::{
    Adjustment, Cycle, Family, MasterData, PlanInputs, Product, ProductionOverride, SupplySettings,
    Target,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What an edit touched. Empty sets and `false` mean untouched.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// SKUs whose actuals changed (added or removed histories included).
    pub history: BTreeSet<String>,
    /// SKUs whose product row changed, was added or removed.
    pub products: BTreeSet<String>,
    /// Families whose row changed, was added or removed.
    pub families: BTreeSet<String>,
    /// Resources whose row changed, was added or removed.
    pub resources: BTreeSet<String>,
    /// Components or the workforce changed.
    pub materials_or_workforce: bool,
    /// The order of products, families or histories changed (a structural change).
    pub order: bool,
    /// Plans whose inputs changed: `None` = the base plan, `Some(id)` = scenario `id`.
    pub plans: BTreeSet<Option<u64>>,
    /// SKUs and families that changed inputs target (adjustments, deals, overrides;
    /// the old and the new target of a moved entry).
    pub input_skus: BTreeSet<String>,
    pub input_families: BTreeSet<String>,
    /// Plan-wide inputs: finance terms, budget, supply settings (other than
    /// overrides), the order of adjustments.
    pub plan_wide: bool,
    /// The forecast settings changed (the statistical forecast depends on them).
    pub forecast_settings: bool,
    /// Scenarios (the list, their levers or names), decisions, the status (with the
    /// meeting's sign-offs), approval.
    pub scenarios: bool,
    pub decisions: bool,
    pub status: bool,
    /// Ids of the cell history entries and of the comments added or removed
    /// (`engine::notes`).
    #[serde(default)]
    pub cell_edits: BTreeSet<u64>,
    #[serde(default)]
    pub comments: BTreeSet<u64>,
}

impl ChangeSet {
    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        *self == ChangeSet::default()
    }

    /// Adds what `other` touched.
    pub fn union(&mut self, other: ChangeSet) {
        let ChangeSet {
            history,
            products,
            families,
            resources,
            materials_or_workforce,
            order,
            plans,
            input_skus,
            input_families,
            plan_wide,
            forecast_settings,
            scenarios,
            decisions,
            status,
            cell_edits,
            comments,
        } = other;
        self.history.extend(history);
        self.products.extend(products);
        self.families.extend(families);
        self.resources.extend(resources);
        self.materials_or_workforce |= materials_or_workforce;
        self.order |= order;
        self.plans.extend(plans);
        self.input_skus.extend(input_skus);
        self.input_families.extend(input_families);
        self.plan_wide |= plan_wide;
        self.forecast_settings |= forecast_settings;
        self.scenarios |= scenarios;
        self.decisions |= decisions;
        self.status |= status;
        self.cell_edits.extend(cell_edits);
        self.comments.extend(comments);
    }

    /// Whether the master data (products, families, resources, components, workforce,
    /// their order) may have changed.
    pub fn touches_master(&self) -> bool {
        !self.products.is_empty()
            || !self.families.is_empty()
            || !self.resources.is_empty()
            || self.materials_or_workforce
            || self.order
    }

    /// Whether the statistical forecast may change: actuals, the catalogue (which SKUs,
    /// in which order) or the forecast settings.
    pub fn touches_forecast(&self) -> bool {
        !self.history.is_empty()
            || self.order
            || self.forecast_settings
            || !self.products.is_empty()
    }
}

impl Command {
    /// What applying this command to `cycle` touches (as applied now: call it before
    /// [`Command::apply`]). A command that would be refused touches nothing it reports
    /// here beyond what it names; the caller applies it only if it succeeds.
    pub fn touches(&self, cycle: &Cycle) -> ChangeSet {
        let mut out = ChangeSet::default();
        match self {
            Command::SetActual { sku, .. } => {
                out.history.insert(sku.clone());
            }
            Command::SetInputs { plan, inputs } => {
                if let Some(old) = inputs_of(cycle, *plan) {
                    inputs_changes(old, inputs, &mut out);
                }
                if !out.input_skus.is_empty()
                    || !out.input_families.is_empty()
                    || out.plan_wide
                    || out.forecast_settings
                {
                    out.plans.insert(match plan {
                        PlanRef::Base => None,
                        PlanRef::Scenario(id) => Some(*id),
                    });
                }
            }
            Command::EditAdjustments { .. } | Command::EditOverrides { .. } => {
                crate::engine::command::list_touches(self, cycle, &mut out);
            }
            Command::SetMaster(m) => master_changes(&cycle.master, m, &mut out),
            Command::SetHistory(h) => {
                keyed_changes(
                    &index(&cycle.history, |x| x.sku.as_str()),
                    &index(h, |x| x.sku.as_str()),
                    &mut out.history,
                );
                let order = |v: &[crate::engine::model::SkuHistory]| -> Vec<String> {
                    v.iter().map(|x| x.sku.clone()).collect()
                };
                out.order |= order(&cycle.history) != order(h);
            }
            Command::SetScenarios(s) => out.scenarios = *s != cycle.scenarios,
            Command::SetDecisions(d) => out.decisions = *d != cycle.decisions,
            Command::SetStatus(s) => out.status = *s != cycle.status,
            Command::SetSignOffs(s) => out.status = *s != cycle.signoffs,
            Command::Approve(_) => out.status = true,
            Command::Notes(n) => {
                let (e, k) = n.ids();
                out.cell_edits.extend(e);
                out.comments.extend(k);
            }
            Command::Batch(cmds) => {
                // Each part as applied after the ones before it.
                let mut work = cycle.clone();
                for c in cmds {
                    out.union(c.touches(&work));
                    if c.apply(&mut work).is_err() {
                        break;
                    }
                }
            }
        }
        out
    }
}

impl Command {
    /// Applies this command to `cycle` (as [`Command::apply`]) and says what it touched
    /// (as [`Command::touches`] would have said before): a batch in one pass, each part's
    /// change set taken just before it is applied, without the copy of the cycle that
    /// `touches` needs for a batch.
    pub fn apply_touching(&self, cycle: &mut Cycle) -> Result<(Command, ChangeSet), CommandError> {
        match self {
            Command::Batch(cmds) => {
                let mut out = ChangeSet::default();
                let mut inverses = Vec::with_capacity(cmds.len());
                for c in cmds {
                    match c.apply_touching(cycle) {
                        Ok((inverse, touched)) => {
                            out.union(touched);
                            inverses.push(inverse);
                        }
                        Err(e) => {
                            undo_all(&inverses, cycle);
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok((Command::Batch(inverses), out))
            }
            other => {
                let touched = other.touches(cycle);
                Ok((other.apply(cycle)?, touched))
            }
        }
    }
}

/// `v` by key.
fn index<'a, K: Ord, T>(v: &'a [T], key: impl Fn(&'a T) -> K) -> BTreeMap<K, &'a T> {
    v.iter().map(|x| (key(x), x)).collect()
}

/// Entries of `old` and `new` (by key) that differ, are added or removed → `into`.
fn keyed_changes<T: PartialEq>(
    old: &BTreeMap<&str, T>,
    new: &BTreeMap<&str, T>,
    into: &mut BTreeSet<String>,
) {
    for (k, v) in old {
        if new.get(k) != Some(v) {
            into.insert(k.to_string());
        }
    }
    for k in new.keys() {
        if !old.contains_key(k) {
            into.insert(k.to_string());
        }
    }
}

fn master_changes(old: &MasterData, new: &MasterData, out: &mut ChangeSet) {
    let MasterData {
        families,
        products,
        resources,
        components,
        workforce,
    } = new;
    keyed_changes(
        &index(&old.products, |p| p.sku.as_str()),
        &index(products, |p| p.sku.as_str()),
        &mut out.products,
    );
    keyed_changes(
        &index(&old.families, |f| f.id.as_str()),
        &index(families, |f| f.id.as_str()),
        &mut out.families,
    );
    keyed_changes(
        &index(&old.resources, |r| r.id.as_str()),
        &index(resources, |r| r.id.as_str()),
        &mut out.resources,
    );
    out.materials_or_workforce |= old.components != *components || old.workforce != *workforce;
    let skus = |v: &[Product]| v.iter().map(|p| p.sku.clone()).collect::<Vec<_>>();
    let ids = |v: &[Family]| v.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    out.order |= skus(&old.products) != skus(products) || ids(&old.families) != ids(families);
}

fn target_into(t: &Target, out: &mut ChangeSet) {
    match t {
        Target::Sku(s) => out.input_skus.insert(s.clone()),
        Target::Family(f) => out.input_families.insert(f.clone()),
    };
}

fn inputs_changes(old: &PlanInputs, new: &PlanInputs, out: &mut ChangeSet) {
    let PlanInputs {
        forecast,
        adjustments,
        pipeline,
        supply,
        finance,
        budget,
    } = new;
    out.forecast_settings |= old.forecast != *forecast;
    // Adjustments by id: both the old and the new target of one that changed.
    let (a0, a1) = (
        index(&old.adjustments, |a| a.id),
        index(adjustments, |a| a.id),
    );
    for id in a0.keys().chain(a1.keys()) {
        let (before, after) = (a0.get(id), a1.get(id));
        if before != after {
            for a in before.iter().chain(&after) {
                target_into(&a.target, out);
            }
        }
    }
    // Reordered (not added or removed) adjustments apply in another order.
    let order = |v: &[Adjustment], other: &BTreeMap<u64, &Adjustment>| -> Vec<u64> {
        v.iter()
            .map(|a| a.id)
            .filter(|id| other.contains_key(id))
            .collect()
    };
    out.plan_wide |= order(&old.adjustments, &a1) != order(adjustments, &a0);
    // Deals by id: their SKUs, old and new.
    let (d0, d1) = (index(&old.pipeline, |o| o.id), index(pipeline, |o| o.id));
    for id in d0.keys().chain(d1.keys()) {
        let (before, after) = (d0.get(id), d1.get(id));
        if before != after {
            out.input_skus
                .extend(before.iter().chain(&after).map(|o| o.sku.clone()));
        }
    }
    // Production overrides (by SKU and month): the SKUs of those that differ.
    let key = |o: &ProductionOverride| (o.sku.clone(), o.month);
    let (o0, o1) = (
        index(&old.supply.overrides, key),
        index(&supply.overrides, key),
    );
    for k in o0.keys().chain(o1.keys()) {
        if o0.get(k) != o1.get(k) {
            out.input_skus.insert(k.0.clone());
        }
    }
    let settings = |s: &SupplySettings| (s.constrained, s.use_overtime, s.unmet, s.costs.clone());
    out.plan_wide |= settings(&old.supply) != settings(supply)
        || old.finance != *finance
        || old.budget != *budget;
}

/// The change sets of the edits made to the open workspace, numbered, so that each
/// reader (a plan memo) asks for what changed since it last looked instead of
/// comparing copies. Keeps the last [`ChangeLog::KEEP`]; a reader further behind, or
/// from before a [`ChangeLog::reset`] (another workspace or cycle shown), is told
/// `None`: compare (or recompute) then.
#[derive(Clone, Debug, Default)]
pub struct ChangeLog {
    /// Number of the newest entry (0: none yet).
    head: u64,
    /// Numbers ≤ this are not covered (dropped or before a reset).
    floor: u64,
    entries: std::collections::VecDeque<(u64, ChangeSet)>,
}

impl ChangeLog {
    /// Entries kept (readers refresh after every edit; a few suffice).
    pub const KEEP: usize = 64;

    /// Records an edit's change set; returns its number.
    pub fn push(&mut self, c: ChangeSet) -> u64 {
        self.head += 1;
        self.entries.push_back((self.head, c));
        if self.entries.len() > Self::KEEP
            && let Some((n, _)) = self.entries.pop_front()
        {
            self.floor = n;
        }
        self.head
    }

    /// Everything may have changed: readers from before now are told `None`.
    pub fn reset(&mut self) {
        self.head += 1;
        self.floor = self.head;
        self.entries.clear();
    }

    /// The number a reader that is up to date now has seen.
    pub fn head(&self) -> u64 {
        self.head
    }

    /// What changed after entry `seen`: the union of the later change sets (empty if
    /// none), or `None` if some of them are no longer known.
    pub fn since(&self, seen: u64) -> Option<ChangeSet> {
        if seen < self.floor || seen > self.head {
            return None;
        }
        let mut out = ChangeSet::default();
        for (n, c) in &self.entries {
            if *n > seen {
                out.union(c.clone());
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sku(s: &str) -> ChangeSet {
        ChangeSet {
            products: [s.to_string()].into(),
            ..ChangeSet::default()
        }
    }

    #[test]
    fn a_reader_gets_the_union_since_it_looked_or_none_when_it_is_too_far_behind() {
        let mut log = ChangeLog::default();
        let start = log.head();
        log.push(sku("A"));
        let mid = log.head();
        log.push(sku("B"));
        assert_eq!(log.since(start).unwrap().products.len(), 2);
        assert_eq!(log.since(mid), Some(sku("B")));
        assert_eq!(log.since(log.head()), Some(ChangeSet::default()));
        log.reset();
        assert_eq!(log.since(mid), None, "from before a reset");
        let now = log.head();
        assert_eq!(log.since(now), Some(ChangeSet::default()));
        for _ in 0..ChangeLog::KEEP {
            log.push(sku("C"));
        }
        assert_eq!(log.since(now), Some(sku("C")), "all kept");
        log.push(sku("D"));
        assert_eq!(log.since(now), None, "the oldest was dropped");
        assert_eq!(log.since(now + 1).unwrap().products.len(), 2);
        assert_eq!(log.since(log.head() + 1), None, "a number never given");
    }
}
