//! The [`Planner`]: computes a plan and keeps what it needs to recompute only what an
//! edit touches.
//!
//! **How incremental recompute stays exact.** Every aggregate over SKUs (resource load,
//! component gross requirement, demand and on-time totals, revenue, COGS, production
//! value, material) is a sum of per-SKU contributions held as exact integers:
//! quantities in fixed point (1e-6, `i64`), money flows in 1e-15 (`i128`, see
//! [`super::money`]). An edit subtracts the SKU's old contribution (recomputed from its
//! old rows, not stored), recomputes the SKU, and adds the new one. Integer sums do not
//! depend on order, so the result is bit-for-bit what a full recompute gives — the
//! tests check `==` on the whole [`Plan`] after random edits.
//!
//! What an edit recomputes ([`Edit`]):
//! - `Sku`: that SKU's demand layers, strategy and projection. If its statistical
//!   baseline changed and its family has family-level unit adjustments (split by
//!   baseline share), the whole family. Then the per-resource, per-component (only
//!   components in its old or new BOM are re-netted), workforce, finance, KPI and
//!   exception stages, which are O(resources × months + components × months + months).
//! - `Family`: every SKU of the family (family adjustments, family strategy).
//! - `Resource`: no SKU in unconstrained mode; the capacity stages.
//! - `Finance`: only the finance, KPI and exception stages.
//!
//! Whatever the edit, every update also refreshes the finance terms and budget and the
//! resources (a few numbers each), and recomputes the SKUs of any family whose
//! strategy changed; so `Resource` and `Finance` edits cannot be missed.
//! - `All`: everything (levers, master-data structure, horizon, settings).
//!
//! **Constrained mode** couples SKUs through shared resources: an edit still recomputes
//! only the edited SKUs' demand and unconstrained production (cached per SKU), but the
//! capacity allocation is rerun over all SKUs (O(SKUs × routing steps × months), no
//! demand or strategy work), and every SKU whose constrained production changed is
//! re-projected. [`UpdateStats`] says how much was redone.
//!
//! Another supply mode (constrained, overtime used, unmet backlogged or lost) reruns the
//! supply stages of every SKU and keeps their demand and the index ([`Planner::switch_mode`],
//! `mode.rs`). Structural changes (SKUs added/removed/reordered, a SKU changing family,
//! another horizon, other levers) fall back to a full recompute.

use super::ExceptionKind;
use super::capacity;
use super::demand;
use super::index::{Events, FinSpec, Index, Select, SkuSpec};
use super::kpi;
use super::mrp::PastDueOrder;
use super::{Grid, Plan};
use crate::engine::model::*;

mod agg;
mod finish;
mod mode;
mod sku;

use agg::Agg;
use sku::{empty_plan, has_family_units, project_sku, sku_production};

/// What changed since the last computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit<'a> {
    /// A SKU's product record, its SKU-level adjustments, opportunities, production
    /// overrides or baseline.
    Sku(&'a str),
    /// Several SKUs at once, as [`Edit::Sku`] each, recomputed in one pass (new
    /// baselines arriving in a batch: one pass costs far less than one per SKU).
    Skus(&'a [&'a str]),
    /// A family's strategy or its family-level adjustments.
    Family(&'a str),
    /// A resource's hours, overtime, premium or crew.
    Resource(&'a str),
    /// Finance parameters or the budget.
    Finance,
    /// Anything else.
    All,
}

/// How much an update recomputed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// A full recompute was done.
    pub full: bool,
    /// SKUs whose demand and strategy were recomputed.
    pub skus_recomputed: usize,
    /// SKUs whose projection (shipments, inventory, money) was recomputed.
    pub skus_reprojected: usize,
    /// The constrained capacity allocation was rerun over all SKUs.
    pub reallocated: bool,
    /// Components re-netted by MRP.
    pub components_rerun: usize,
}

/// Computes plans and updates them incrementally. See the module doc.
#[derive(Clone, Debug)]
pub struct Planner {
    ix: Index,
    levers: Levers,
    plan: Plan,
    /// Unconstrained production (constrained mode only).
    p_unc: Option<Grid>,
    /// Statistical baseline per family × month.
    fam_total: Grid,
    agg: Agg,
    /// Exceptions of each SKU, at the start of `plan.exceptions` in SKU order.
    sku_exc: Vec<u32>,
    sku_exc_total: usize,
    past_due: Vec<Vec<PastDueOrder>>,
    ovr_scratch: Vec<f64>,
}

impl Planner {
    /// Full computation. See [`super::plan`].
    pub fn new(
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
    ) -> Self {
        let ix = Index::new(cycle, inputs, levers, baselines);
        let ev = Events::gather(&ix, inputs, Select::All);
        let (n, h) = (ix.skus.len(), ix.h);
        let mut plan = empty_plan(&ix);
        for i in 0..n {
            let b = ix.skus[i].baseline.and_then(|k| baselines.get(k));
            demand::statistical(b, plan.demand.statistical.row_mut(i));
        }
        let mut fam_total = Grid::zeros(ix.family_ids.len(), h);
        for f in 0..ix.family_ids.len() {
            demand::family_totals(&ix, &plan.demand.statistical, f, fam_total.row_mut(f));
        }
        for i in 0..n {
            let fam = ix.skus[i].family.map_or(&[][..], |f| fam_total.row(f));
            demand::layers(&ix, inputs, &ev, i, fam, &mut plan.demand);
        }
        let mut p = Planner {
            agg: Agg::new(n, ix.res.len(), ix.comps.len(), h),
            ix,
            levers: levers.clone(),
            plan,
            p_unc: None,
            fam_total,
            sku_exc: Vec::new(),
            sku_exc_total: 0,
            past_due: Vec::new(),
            ovr_scratch: vec![f64::NAN; h],
        };
        p.supply_stages(inputs, baselines, &ev);
        p
    }

    /// How many SKUs an edit of these SKUs and families touches (a family: all its
    /// SKUs), or `None` if the plan does not know one of them.
    pub fn touched<'a>(
        &self,
        skus: impl IntoIterator<Item = &'a str>,
        families: impl IntoIterator<Item = &'a str>,
    ) -> Option<usize> {
        let mut set: Vec<usize> = Vec::new();
        for s in skus {
            set.push(*self.ix.sku_pos.get(s)?);
        }
        for f in families {
            set.extend_from_slice(&self.ix.fam_members[*self.ix.fam_pos.get(f)?]);
        }
        set.sort_unstable();
        set.dedup();
        Some(set.len())
    }

    /// The position of `sku` in the plan's SKUs.
    pub fn sku_position(&self, sku: &str) -> Option<usize> {
        self.ix.sku_pos.get(sku).copied()
    }

    /// The current plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn into_plan(self) -> Plan {
        self.plan
    }

    /// Brings the plan up to date after `edit`; `cycle`, `inputs`, `levers` and
    /// `baselines` are the edited ones. The result equals `plan(cycle, inputs, levers,
    /// baselines)` exactly.
    ///
    /// Contract: the products keep their SKU codes and order unless `edit` is
    /// [`Edit::All`] ([`super::LivePlan`] makes sure of it). Comparing every code on
    /// each call would cost more than the edit itself at 10,000 SKUs, so only counts,
    /// the edited SKU's code, the other master-data ids and the settings are checked
    /// (any difference: a full recompute); all codes are checked in debug builds.
    pub fn update(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
        edit: Edit<'_>,
    ) -> UpdateStats {
        if !self.same_structure(cycle, inputs, levers) || edit == Edit::All {
            return self.full(cycle, inputs, levers, baselines);
        }
        debug_assert!(
            cycle
                .master
                .products
                .iter()
                .zip(&self.ix.skus)
                .all(|(p, s)| p.sku == s.sku),
            "Planner::update: SKU codes changed without Edit::All"
        );
        // Cheap parts are refreshed on every update, whatever the edit says: finance
        // terms and budget, resources (few), and families whose strategy changed.
        let res_changed = self.refresh_terms(cycle, inputs, levers);
        let mut fams: Vec<usize> = cycle
            .master
            .families
            .iter()
            .zip(&self.ix.fam_strategy)
            .enumerate()
            .filter(|(_, (f, s))| f.strategy != **s)
            .map(|(k, _)| k)
            .collect();
        let mut skus: Vec<usize> = Vec::new();
        let one;
        let edited: &[&str] = match edit {
            Edit::Sku(sku) => {
                one = [sku];
                &one
            }
            Edit::Skus(list) => list,
            _ => &[],
        };
        for &sku in edited {
            let i = match self.ix.sku_pos.get(sku) {
                Some(&i) if cycle.master.products[i].sku == sku => i,
                _ => return self.full(cycle, inputs, levers, baselines),
            };
            skus.push(i);
            // A new baseline changes the family's shares of family-level units.
            if let Some(f) = self.ix.skus[i].family {
                let (b, _) = self.find_baseline(baselines, i);
                let mut stat = vec![0.0; self.ix.h];
                demand::statistical(b, &mut stat);
                if stat != self.plan.demand.statistical.row(i)
                    && has_family_units(inputs, &self.ix.family_ids[f])
                {
                    fams.push(f);
                }
            }
        }
        match edit {
            Edit::Sku(_) | Edit::Skus(_) => {}
            Edit::Family(fid) => match self.ix.fam_pos.get(fid) {
                Some(&f) => fams.push(f),
                None => return self.full(cycle, inputs, levers, baselines),
            },
            Edit::Resource(_) | Edit::Finance | Edit::All => {}
        }
        fams.sort_unstable();
        fams.dedup();
        let mut affected = skus.clone();
        for &f in &fams {
            affected.extend_from_slice(&self.ix.fam_members[f]);
        }
        affected.sort_unstable();
        affected.dedup();
        let mut specs = Vec::with_capacity(affected.len());
        for &j in &affected {
            let (b, pos) = self.find_baseline(baselines, j);
            let spec = self
                .ix
                .resolve_sku(cycle, &cycle.master.products[j], b, pos);
            if spec.family != self.ix.skus[j].family {
                return self.full(cycle, inputs, levers, baselines);
            }
            specs.push((j, spec));
        }
        for &f in &fams {
            self.ix.fam_strategy[f] = cycle.master.families[f].strategy;
        }
        if affected.is_empty() && !res_changed {
            let ev = Events::gather(&self.ix, inputs, Select::None);
            self.finish(inputs, &ev);
            return UpdateStats::default();
        }
        let sel = match (affected.as_slice(), fams.as_slice()) {
            ([], _) => Select::None,
            ([i], _) => Select::One(*i),
            (_, [f]) if skus.iter().all(|&i| self.ix.skus[i].family == Some(*f)) => {
                Select::Family(*f)
            }
            _ => Select::All,
        };
        let ev = Events::gather(&self.ix, inputs, sel);
        self.recompute(inputs, baselines, &ev, &affected, specs)
    }

    /// Refreshes the finance terms and budget and the resources from `inputs` and
    /// `cycle` (a few numbers each); `true` when the resources changed.
    fn refresh_terms(&mut self, cycle: &Cycle, inputs: &PlanInputs, levers: &Levers) -> bool {
        self.ix.fin = FinSpec::new(inputs, levers, self.ix.start, self.ix.h);
        let res = Index::new_resources(cycle, levers, &self.ix.months);
        let changed = res != self.ix.res;
        self.ix.res = res;
        changed
    }

    fn full(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
    ) -> UpdateStats {
        *self = Planner::new(cycle, inputs, levers, baselines);
        UpdateStats {
            full: true,
            skus_recomputed: self.ix.skus.len(),
            skus_reprojected: self.ix.skus.len(),
            reallocated: self.ix.constrained,
            components_rerun: self.ix.comps.len(),
        }
    }

    /// Whether an incremental update is possible (same shape, settings and levers).
    /// SKU codes are not compared here (see [`Planner::update`]).
    fn same_structure(&self, cycle: &Cycle, inputs: &PlanInputs, levers: &Levers) -> bool {
        let ix = &self.ix;
        let m = &cycle.master;
        cycle.label == ix.start
            && cycle.horizon as usize == ix.h
            && *levers == self.levers
            && m.products.len() == ix.skus.len()
            && m.families.len() == ix.family_ids.len()
            && m.resources.len() == ix.res_ids.len()
            && m.components.len() == ix.comp_ids.len()
            && m.families
                .iter()
                .zip(&ix.family_ids)
                .all(|(f, id)| f.id == *id)
            && m.resources
                .iter()
                .zip(&ix.res_ids)
                .all(|(r, id)| r.id == *id)
            && m.components
                .iter()
                .zip(&ix.comp_ids)
                .all(|(c, id)| c.id == *id)
            && m.workforce.hours_per_fte == ix.hours_per_fte
            && m.workforce.current_fte == ix.current_fte
            && self.same_mode(inputs)
            && m.components.iter().zip(&ix.comps).all(|(c, s)| {
                c.unit_cost == s.unit_cost
                    && c.on_hand == s.on_hand
                    && c.lead_time == s.lead_time
                    && c.lot_min == s.lot_min
                    && c.lot_multiple == s.lot_multiple
            })
    }

    fn find_baseline<'b>(
        &self,
        baselines: &'b [Baseline],
        i: usize,
    ) -> (Option<&'b Baseline>, Option<usize>) {
        let sku = &self.ix.skus[i].sku;
        if let Some(k) = self.ix.skus[i].baseline
            && baselines.get(k).is_some_and(|b| b.sku == *sku)
        {
            return (Some(&baselines[k]), Some(k));
        }
        match baselines.iter().position(|b| b.sku == *sku) {
            Some(k) => (Some(&baselines[k]), Some(k)),
            None => (None, None),
        }
    }

    /// Recomputes `affected` SKUs (ascending) with their new `specs`, then everything
    /// downstream. `ev` must hold the events of every affected SKU.
    fn recompute(
        &mut self,
        inputs: &PlanInputs,
        baselines: &[Baseline],
        ev: &Events,
        affected: &[usize],
        specs: Vec<(usize, SkuSpec)>,
    ) -> UpdateStats {
        let h = self.ix.h;
        let mut stats = UpdateStats {
            skus_recomputed: affected.len(),
            ..UpdateStats::default()
        };
        self.agg.comp_dirty.fill(false);
        for &j in affected {
            self.agg.contrib(&self.ix, &self.plan, baselines, j, -1);
        }
        let mut routing_changed = false;
        for (j, s) in specs {
            routing_changed |= s.routing != self.ix.skus[j].routing;
            self.ix.skus[j] = s;
        }
        if routing_changed {
            self.ix.rebuild_memberships();
        }
        let mut fam_dirty = vec![false; self.ix.family_ids.len()];
        for &j in affected {
            let b = self.ix.skus[j].baseline.and_then(|k| baselines.get(k));
            let mut stat = vec![0.0; h];
            demand::statistical(b, &mut stat);
            if stat != self.plan.demand.statistical.row(j) {
                self.plan
                    .demand
                    .statistical
                    .row_mut(j)
                    .copy_from_slice(&stat);
                if let Some(f) = self.ix.skus[j].family {
                    fam_dirty[f] = true;
                }
            }
        }
        for (f, dirty) in fam_dirty.iter().enumerate() {
            if *dirty {
                demand::family_totals(
                    &self.ix,
                    &self.plan.demand.statistical,
                    f,
                    self.fam_total.row_mut(f),
                );
            }
        }
        for &j in affected {
            let fam = self.ix.skus[j]
                .family
                .map_or(&[][..], |f| self.fam_total.row(f));
            demand::layers(&self.ix, inputs, ev, j, fam, &mut self.plan.demand);
            let out = match &mut self.p_unc {
                Some(g) => g.row_mut(j),
                None => self.plan.supply.production.row_mut(j),
            };
            sku_production(
                &self.ix,
                inputs,
                ev,
                j,
                self.plan.demand.consensus.row(j),
                &mut self.ovr_scratch,
                out,
            );
        }
        // Constrained: the allocation may move other SKUs' production too.
        let reproject = match &self.p_unc {
            Some(unc) => {
                stats.reallocated = true;
                let p = capacity::allocated(&self.ix, unc, &mut self.plan.capacity);
                self.install_production(p, baselines, affected)
            }
            None => affected.to_vec(),
        };
        stats.skus_reprojected = reproject.len();
        self.reproject(inputs, baselines, ev, &reproject, affected);
        stats.components_rerun = self.agg.comp_dirty.iter().filter(|d| **d).count();
        self.finish(inputs, ev);
        stats
    }

    /// Makes `production` the plan's production and returns the SKUs to project again,
    /// ascending: the `affected` ones (ascending; their contributions already taken out of
    /// the aggregates) and every other SKU whose production row changes, whose
    /// contribution is taken out here. Shared by an edit in constrained mode (the
    /// allocation may move other SKUs' production) and a capacity switch.
    pub(super) fn install_production(
        &mut self,
        production: Grid,
        baselines: &[Baseline],
        affected: &[usize],
    ) -> Vec<usize> {
        debug_assert!(affected.windows(2).all(|w| w[0] < w[1]));
        let mut out = Vec::with_capacity(affected.len());
        let mut next = affected.iter().peekable();
        for k in 0..self.ix.skus.len() {
            if next.next_if(|&&a| a == k).is_some() {
                out.push(k);
            } else if production.row(k) != self.plan.supply.production.row(k) {
                self.agg.contrib(&self.ix, &self.plan, baselines, k, -1);
                out.push(k);
            }
        }
        self.plan.supply.production = production;
        out
    }

    /// Projects the SKUs `reproject` (ascending; their old contributions already taken
    /// out of the aggregates) from their current production, adds their contributions
    /// and splices their exceptions into the SKU section in order: all of them for the
    /// `affected` SKUs (their demand inputs changed), only the stockout for the others.
    pub(super) fn reproject(
        &mut self,
        inputs: &PlanInputs,
        baselines: &[Baseline],
        ev: &Events,
        reproject: &[usize],
        affected: &[usize],
    ) {
        let mut pos = 0usize;
        let mut next = 0usize;
        let mut fresh = Vec::new();
        for &k in reproject {
            while next < k {
                pos += self.sku_exc[next] as usize;
                next += 1;
            }
            project_sku(&self.ix, &mut self.plan, k);
            self.agg.contrib(&self.ix, &self.plan, baselines, k, 1);
            fresh.clear();
            let old = pos..pos + self.sku_exc[k] as usize;
            if affected.binary_search(&k).is_ok() {
                kpi::sku_exceptions(
                    &self.ix,
                    inputs,
                    Some(ev),
                    k,
                    self.plan.demand.statistical.row(k),
                    self.plan.supply.backlog.row(k),
                    self.plan.supply.lost.row(k),
                    &mut fresh,
                );
            } else {
                // Demand inputs unchanged: keep its adjustment exceptions, redo the stockout.
                kpi::sku_exceptions(
                    &self.ix,
                    inputs,
                    None,
                    k,
                    self.plan.demand.statistical.row(k),
                    self.plan.supply.backlog.row(k),
                    self.plan.supply.lost.row(k),
                    &mut fresh,
                );
                fresh.extend(
                    self.plan.exceptions[old.clone()]
                        .iter()
                        .filter(|e| e.kind != ExceptionKind::Stockout)
                        .cloned(),
                );
            }
            let n_new = fresh.len();
            self.plan.exceptions.splice(old, fresh.drain(..));
            self.sku_exc_total = self.sku_exc_total + n_new - self.sku_exc[k] as usize;
            self.sku_exc[k] = n_new as u32;
        }
    }
}
