//! [`LivePlan`]: a plan kept up to date with a cycle that is being edited, through the
//! incremental [`Planner`].
//!
//! The app edits a cycle by replacing whole values (the inputs, the master data, the
//! baselines), so nothing says which SKU an edit touched. `LivePlan` keeps a copy of
//! what its plan was computed from and, on [`LivePlan::update`], finds what changed:
//! - products that differ → [`Edit::Sku`]; adjustments (by id), opportunities (by id)
//!   and production overrides that differ → `Edit::Sku` / [`Edit::Family`] of their
//!   old and new targets; baselines that differ → `Edit::Sku`;
//! - resource hours, overtime, premium or crew, family strategies, finance terms and
//!   the budget are refreshed by every `Planner::update` (one update is made for them);
//! - the forecast settings are not read by the plan (they act through the baselines);
//! - anything else (other cycle, horizon, levers, supply settings, components,
//!   workforce, SKUs or families added, removed, renamed or moved, reordered
//!   adjustments), or more than a quarter of the SKUs touched, is a full recompute.
//!
//! Each `Planner::update` is exact (bit-for-bit a full recompute), so the plan after
//! the updates equals `plan(cycle, inputs, levers, baselines)`; `tests/plan_live.rs`
//! checks it after random edits. What the fields are compared by is spelled out with
//! exhaustive destructuring: a field added to the model does not compile here until it
//! is given a rule.

use super::{Edit, Plan, Planner, UpdateStats};
use crate::engine::change::ChangeSet;
use crate::engine::command::PlanRef;
use crate::engine::model::*;
use crate::engine::month::Month;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A change touching more than this share of the SKUs is recomputed in full (as quick).
pub const FULL_SHARE: f64 = 0.25;

/// A plan and what it was computed from. See the module doc.
#[derive(Clone, Debug)]
pub struct LivePlan {
    planner: Planner,
    cycle_id: String,
    label: Month,
    horizon: u32,
    master: MasterData,
    inputs: PlanInputs,
    levers: Levers,
    baselines: Vec<Baseline>,
    full_share: f64,
}

/// What the caller knows is the same as at the last update, so that it is not
/// compared (at 10,000 SKUs comparing the baselines costs 200 times the edit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unchanged {
    /// The baselines are the very ones of the last update.
    pub baselines: bool,
    /// The master data is the same as at the last update: no edit since touched a
    /// product, family, resource, component or the workforce (an edit says so in its
    /// change set, `engine::change`), so the 10,000 products are not compared.
    pub master: bool,
}

/// What changed since the last computation.
#[derive(Debug, Default, PartialEq)]
struct Changes {
    skus: BTreeSet<String>,
    families: BTreeSet<String>,
    /// Something every update refreshes (finance, budget, resources, strategies).
    refresh: bool,
    /// The products that changed, by position (to copy only those).
    products: Vec<usize>,
    /// The baselines that changed, by position.
    baselines: Vec<usize>,
    /// Another supply mode (constrained, overtime, unmet): the supply stages of every
    /// SKU are rerun, the demand kept (`Planner::switch_mode`).
    mode: bool,
}

impl Changes {
    fn is_empty(&self) -> bool {
        self.skus.is_empty() && self.families.is_empty() && !self.refresh && !self.mode
    }
}

impl LivePlan {
    /// Computes the plan in full.
    pub fn new(
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
    ) -> Self {
        LivePlan {
            planner: Planner::new(cycle, inputs, levers, baselines),
            cycle_id: cycle.id.clone(),
            label: cycle.label,
            horizon: cycle.horizon,
            master: cycle.master.clone(),
            inputs: inputs.clone(),
            levers: levers.clone(),
            baselines: baselines.to_vec(),
            full_share: FULL_SHARE,
        }
    }

    /// Recomputes in full when a change touches more than `share` of the SKUs
    /// (default [`FULL_SHARE`]; 1.0: always incremental where possible).
    pub fn with_full_share(mut self, share: f64) -> Self {
        self.full_share = share;
        self
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        self.planner.plan()
    }

    /// Brings the plan up to date with `cycle`, `inputs`, `levers` and `baselines`.
    /// `None` if nothing the plan depends on changed (the plan is as it was), else how
    /// much was recomputed (summed over the updates made).
    pub fn update(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
    ) -> Option<UpdateStats> {
        self.update_with(cycle, inputs, levers, baselines, Unchanged::default())
    }

    /// [`LivePlan::update`], told what is `unchanged` (which is then not compared; a
    /// wrong promise gives a wrong plan).
    pub fn update_with(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
        unchanged: Unchanged,
    ) -> Option<UpdateStats> {
        let changes = self.changes(cycle, inputs, levers, baselines, unchanged);
        self.apply(cycle, inputs, levers, baselines, changes)
    }

    /// [`LivePlan::update`] from what the edits since the last update say they touched
    /// (`touched`: the union of their change sets, see [`crate::engine::change`]) to
    /// plan `which`, instead of comparing: products by the SKUs named, inputs only if
    /// `which` is among the plans touched (by the SKUs and families named), the master
    /// rows named; `baselines_unchanged` as in [`Unchanged`]. Only the few family,
    /// resource and plan-wide values are compared when touched. Equal to a full
    /// recompute when the change sets cover the edits (`tests/change_sets.rs`).
    #[allow(clippy::too_many_arguments)]
    pub fn update_touched(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
        touched: &ChangeSet,
        which: PlanRef,
        baselines_unchanged: bool,
    ) -> Option<UpdateStats> {
        let changes = self.touched_changes(
            cycle,
            inputs,
            levers,
            baselines,
            touched,
            which,
            baselines_unchanged,
        );
        self.apply(cycle, inputs, levers, baselines, changes)
    }

    /// Recomputes what `changes` name (`None`: everything).
    fn apply(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
        changes: Option<Changes>,
    ) -> Option<UpdateStats> {
        let Some(changes) = changes else {
            *self =
                LivePlan::new(cycle, inputs, levers, baselines).with_full_share(self.full_share);
            let n = cycle.master.products.len();
            return Some(UpdateStats {
                full: true,
                skus_recomputed: n,
                skus_reprojected: n,
                reallocated: inputs.supply.constrained,
                components_rerun: cycle.master.components.len(),
            });
        };
        if changes.is_empty() {
            return None;
        }
        let mut total = UpdateStats::default();
        let mut add = |s: UpdateStats| {
            total.full |= s.full;
            total.skus_recomputed += s.skus_recomputed;
            total.skus_reprojected += s.skus_reprojected;
            total.reallocated |= s.reallocated;
            total.components_rerun += s.components_rerun;
        };
        let p = &mut self.planner;
        if changes.mode {
            add(p.switch_mode(cycle, inputs, levers, baselines));
        }
        for f in &changes.families {
            add(p.update(cycle, inputs, levers, baselines, Edit::Family(f)));
        }
        // Several SKUs (a batch of new baselines, a paste) in one pass.
        if changes.skus.len() > 1 {
            let skus: Vec<&str> = changes.skus.iter().map(String::as_str).collect();
            add(p.update(cycle, inputs, levers, baselines, Edit::Skus(&skus)));
        } else {
            for s in &changes.skus {
                add(p.update(cycle, inputs, levers, baselines, Edit::Sku(s)));
            }
        }
        if changes.skus.is_empty()
            && changes.families.is_empty()
            && (changes.refresh || !changes.mode)
        {
            add(p.update(cycle, inputs, levers, baselines, Edit::Finance));
        }
        // Remember what the plan is now computed from (only what changed is copied).
        for &i in &changes.products {
            self.master.products[i] = cycle.master.products[i].clone();
        }
        self.master.families.clone_from(&cycle.master.families);
        self.master.resources.clone_from(&cycle.master.resources);
        self.inputs.clone_from(inputs);
        for &i in &changes.baselines {
            self.baselines[i] = baselines[i].clone();
        }
        Some(total)
    }

    /// What changed, or `None` when only a full recompute will do.
    fn changes(
        &self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
        unchanged: Unchanged,
    ) -> Option<Changes> {
        if cycle.id != self.cycle_id
            || cycle.label != self.label
            || cycle.horizon != self.horizon
            || *levers != self.levers
        {
            return None;
        }
        let mut ch = Changes::default();
        if !unchanged.master {
            self.master_changes(cycle, &mut ch)?;
        }
        self.input_changes(cycle, inputs, baselines, unchanged, ch)
    }

    /// What the change set `t` says changed for plan `which` (see
    /// [`LivePlan::update_touched`]), or `None` when only a full recompute will do.
    #[allow(clippy::too_many_arguments)]
    fn touched_changes(
        &self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
        t: &ChangeSet,
        which: PlanRef,
        baselines_unchanged: bool,
    ) -> Option<Changes> {
        if cycle.id != self.cycle_id
            || cycle.label != self.label
            || cycle.horizon != self.horizon
            || *levers != self.levers
            || t.order
            || t.materials_or_workforce
        {
            return None;
        }
        let mut ch = Changes::default();
        let (products, old) = (&cycle.master.products, &self.master.products);
        if !t.products.is_empty() && products.len() != old.len() {
            return None;
        }
        for sku in &t.products {
            let i = self.planner.sku_position(sku)?;
            let (p, q) = (products.get(i)?, &old[i]);
            if p.sku != *sku || p.family != q.family {
                return None;
            }
            if p != q {
                ch.skus.insert(p.sku.clone());
                ch.products.push(i);
            }
        }
        if !t.families.is_empty() || !t.resources.is_empty() {
            self.family_resource_changes(cycle, &mut ch)?;
        }
        let id = match which {
            PlanRef::Base => None,
            PlanRef::Scenario(id) => Some(id),
        };
        if t.plans.contains(&id) {
            if t.plan_wide {
                let was = &self.inputs;
                ch.mode |= other_mode(&inputs.supply, &was.supply);
                by_id(&inputs.adjustments, &was.adjustments, |a| a.id)?;
                ch.refresh |= inputs.finance != was.finance || inputs.budget != was.budget;
            }
            ch.skus.extend(t.input_skus.iter().cloned());
            ch.families.extend(t.input_families.iter().cloned());
        }
        self.baseline_changes(cycle, baselines, baselines_unchanged, ch)
    }

    /// Adds what changed in the master data to `ch`; `None` when only a full
    /// recompute will do.
    fn master_changes(&self, cycle: &Cycle, ch: &mut Changes) -> Option<()> {
        let MasterData {
            families: _,
            products,
            resources: _,
            components,
            workforce,
        } = &cycle.master;
        let old = &self.master;
        if components != &old.components || workforce != &old.workforce {
            return None;
        }
        // Products: an edited product is an edit of its SKU; other codes or families
        // change the structure.
        if products.len() != old.products.len() {
            return None;
        }
        for (i, (p, q)) in products.iter().zip(&old.products).enumerate() {
            if p != q {
                if p.sku != q.sku || p.family != q.family {
                    return None;
                }
                ch.skus.insert(p.sku.clone());
                ch.products.push(i);
            }
        }
        self.family_resource_changes(cycle, ch)
    }

    /// Adds what changed in the families and resources (a few rows) to `ch`; `None`
    /// when only a full recompute will do.
    fn family_resource_changes(&self, cycle: &Cycle, ch: &mut Changes) -> Option<()> {
        let (families, resources, old) = (
            &cycle.master.families,
            &cycle.master.resources,
            &self.master,
        );
        // Families: only a strategy may change (every update picks that up).
        if families.len() != old.families.len() {
            return None;
        }
        for (f, g) in families.iter().zip(&old.families) {
            let Family { id, name, strategy } = f;
            if *id != g.id || *name != g.name {
                return None;
            }
            ch.refresh |= *strategy != g.strategy;
        }
        // Resources: hours, calendar, overtime, premium and crew are refreshed by every
        // update; anything else is structure.
        if resources.len() != old.resources.len() {
            return None;
        }
        for (r, s) in resources.iter().zip(&old.resources) {
            let Resource {
                id,
                name,
                regular_hours: _,
                calendar: _,
                overtime_hours: _,
                cost_per_hour,
                overtime_premium: _,
                crew: _,
            } = r;
            if *id != s.id || *name != s.name || *cost_per_hour != s.cost_per_hour {
                return None;
            }
            ch.refresh |= r != s;
        }
        Some(())
    }

    /// Adds what changed in the inputs and baselines to `ch` (see [`LivePlan::changes`]).
    fn input_changes(
        &self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        baselines: &[Baseline],
        unchanged: Unchanged,
        mut ch: Changes,
    ) -> Option<Changes> {
        // Inputs.
        // The forecast settings are not read by the plan: they act through the
        // baselines they make (compared below).
        let PlanInputs {
            forecast: _,
            adjustments,
            pipeline,
            supply,
            finance,
            budget,
        } = inputs;
        let was = &self.inputs;
        // The mode's three fields are compared by `other_mode`.
        let SupplySettings {
            constrained: _,
            use_overtime: _,
            unmet: _,
            overrides,
            costs: _,
        } = supply;
        ch.mode = other_mode(supply, &was.supply);
        ch.refresh |= *finance != was.finance || *budget != was.budget;
        // Adjustments by id, in an unchanged order.
        let targets = by_id(adjustments, &was.adjustments, |a| a.id)?;
        for (a, b) in targets {
            for adj in [a, b].into_iter().flatten() {
                match &adj.target {
                    Target::Sku(s) => ch.skus.insert(s.clone()),
                    Target::Family(f) => ch.families.insert(f.clone()),
                };
            }
        }
        for (a, b) in by_id(pipeline, &was.pipeline, |o| o.id)? {
            for o in [a, b].into_iter().flatten() {
                ch.skus.insert(o.sku.clone());
            }
        }
        // Production overrides: the SKUs whose list of overrides differs.
        let (now, then) = (by_sku(overrides), by_sku(&was.supply.overrides));
        for sku in now.keys().chain(then.keys()) {
            if now.get(sku) != then.get(sku) {
                ch.skus.insert((*sku).to_string());
            }
        }
        self.baseline_changes(cycle, baselines, unchanged.baselines, ch)
    }

    /// Adds the baselines that changed (unless `unchanged`) to `ch` and checks that the
    /// plan knows every SKU and family named and that not too many are touched.
    fn baseline_changes(
        &self,
        cycle: &Cycle,
        baselines: &[Baseline],
        unchanged: bool,
        mut ch: Changes,
    ) -> Option<Changes> {
        // Baselines, position by position.
        if baselines.len() != self.baselines.len() {
            return None;
        }
        let compared = if unchanged {
            &[][..]
        } else {
            &self.baselines[..]
        };
        for (i, (b, c)) in baselines.iter().zip(compared).enumerate() {
            if b != c {
                if b.sku != c.sku {
                    return None;
                }
                ch.skus.insert(b.sku.clone());
                ch.baselines.push(i);
            }
        }
        // A SKU or family the plan does not know is left to a full recompute; so is
        // a change to many SKUs (a full recompute is as quick).
        let touched = self.planner.touched(
            ch.skus.iter().map(String::as_str),
            ch.families.iter().map(String::as_str),
        )?;
        if touched as f64 > self.full_share * cycle.master.products.len().max(1) as f64 {
            return None;
        }
        Some(ch)
    }
}

/// Whether `now` plans in another supply mode than `was`: constrained by capacity,
/// overtime used, unmet demand backlogged or lost (`Planner::switch_mode`).
fn other_mode(now: &SupplySettings, was: &SupplySettings) -> bool {
    now.constrained != was.constrained
        || now.use_overtime != was.use_overtime
        || now.unmet != was.unmet
}

/// Production overrides grouped by SKU, in their order.
fn by_sku(list: &[ProductionOverride]) -> BTreeMap<&str, Vec<&ProductionOverride>> {
    let mut m: BTreeMap<&str, Vec<&ProductionOverride>> = BTreeMap::new();
    for o in list {
        m.entry(o.sku.as_str()).or_default().push(o);
    }
    m
}

/// Pairs (new, old) of the entries whose id is in only one list or that differ, if both
/// lists have unique ids and the ids in both come in the same order (else `None`).
fn by_id<'a, T: PartialEq>(
    new: &'a [T],
    old: &'a [T],
    id: impl Fn(&T) -> u64,
) -> Option<Vec<(Option<&'a T>, Option<&'a T>)>> {
    if new == old {
        return Some(Vec::new());
    }
    let n: HashMap<u64, &T> = new.iter().map(|x| (id(x), x)).collect();
    let o: HashMap<u64, &T> = old.iter().map(|x| (id(x), x)).collect();
    if n.len() != new.len() || o.len() != old.len() {
        return None;
    }
    let common_new: Vec<u64> = new.iter().map(&id).filter(|k| o.contains_key(k)).collect();
    let common_old: Vec<u64> = old.iter().map(&id).filter(|k| n.contains_key(k)).collect();
    if common_new != common_old {
        return None;
    }
    let mut out = Vec::new();
    for x in new {
        match o.get(&id(x)) {
            Some(y) if *y == x => {}
            y => out.push((Some(x), y.copied())),
        }
    }
    for y in old {
        if !n.contains_key(&id(y)) {
            out.push((None, Some(y)));
        }
    }
    Some(out)
}
