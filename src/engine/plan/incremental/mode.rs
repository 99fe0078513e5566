//! The supply stages of a full computation, and a switch of the supply mode
//! (constrained by capacity, overtime used, unmet demand backlogged or lost) that reruns
//! only them: the demand (statistical, layers, consensus) and the index of SKUs,
//! families and resources do not depend on the mode, so they are kept. At 10,000 SKUs a
//! full recompute spends about half of its time on them. A switch of capacity or
//! overtime alone keeps more: the unconstrained production too, so only the SKUs whose
//! production the allocation changes are projected again ([`Planner::reallocate`]).

use super::super::capacity;
use super::super::index::{Events, Select};
use super::super::kpi;
use super::agg::Agg;
use super::sku::{empty_plan, project_sku, sku_production};
use super::{Planner, UpdateStats};
use crate::engine::model::*;

impl Planner {
    /// Every SKU's production (allocated by capacity in constrained mode), projection,
    /// exceptions and contributions to the aggregates, then the plan-wide stages, on a
    /// plan whose demand is computed and whose supply part is empty.
    pub(super) fn supply_stages(
        &mut self,
        inputs: &PlanInputs,
        baselines: &[Baseline],
        ev: &Events,
    ) {
        let Planner {
            ix,
            plan,
            p_unc,
            agg,
            sku_exc,
            sku_exc_total,
            past_due,
            ovr_scratch,
            ..
        } = self;
        let (n, h) = (ix.skus.len(), ix.h);
        for i in 0..n {
            sku_production(
                ix,
                inputs,
                ev,
                i,
                plan.demand.consensus.row(i),
                ovr_scratch,
                plan.supply.production.row_mut(i),
            );
        }
        *p_unc = if ix.constrained {
            let p = capacity::allocated(ix, &plan.supply.production, &mut plan.capacity);
            Some(std::mem::replace(&mut plan.supply.production, p))
        } else {
            None
        };
        *agg = Agg::new(n, ix.res.len(), ix.comps.len(), h);
        sku_exc.clear();
        sku_exc.resize(n, 0);
        for i in 0..n {
            project_sku(ix, plan, i);
            agg.contrib(ix, plan, baselines, i, 1);
            let before = plan.exceptions.len();
            kpi::sku_exceptions(
                ix,
                inputs,
                Some(ev),
                i,
                plan.demand.statistical.row(i),
                plan.supply.backlog.row(i),
                plan.supply.lost.row(i),
                &mut plan.exceptions,
            );
            sku_exc[i] = (plan.exceptions.len() - before) as u32;
        }
        *sku_exc_total = plan.exceptions.len();
        *past_due = vec![Vec::new(); ix.comps.len()];
        self.finish(inputs, ev);
    }

    /// Whether `inputs` has the supply mode the plan was computed in.
    pub(super) fn same_mode(&self, inputs: &PlanInputs) -> bool {
        let s = &inputs.supply;
        s.constrained == self.ix.constrained
            && s.use_overtime == self.ix.use_overtime
            && s.unmet == self.ix.unmet
    }

    /// Switches to the supply mode of `inputs` (and its finance terms and the cycle's
    /// resources), keeping the demand; the result equals a full computation when nothing
    /// else changed. Other changes are then brought in by [`Planner::update`] as usual
    /// (`LivePlan` does both). A different shape (see `same_structure`): a full computation.
    pub fn switch_mode(
        &mut self,
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
    ) -> UpdateStats {
        let s = &inputs.supply;
        let (constrained, use_overtime, unmet) = (s.constrained, s.use_overtime, s.unmet);
        let ix = &mut self.ix;
        let was = (ix.constrained, ix.use_overtime, ix.unmet);
        (ix.constrained, ix.use_overtime, ix.unmet) = (constrained, use_overtime, unmet);
        if !self.same_structure(cycle, inputs, levers) {
            return self.full(cycle, inputs, levers, baselines);
        }
        if was == (constrained, use_overtime, unmet) {
            return UpdateStats::default();
        }
        self.refresh_terms(cycle, inputs, levers);
        if was.2 == unmet {
            // Capacity and overtime only: every SKU's unconstrained production stays.
            let ev = Events::gather(&self.ix, inputs, Select::All);
            return self.reallocate(inputs, baselines, &ev);
        }
        let mut plan = empty_plan(&self.ix);
        std::mem::swap(&mut plan.demand, &mut self.plan.demand);
        self.plan = plan;
        let ev = Events::gather(&self.ix, inputs, Select::All);
        self.supply_stages(inputs, baselines, &ev);
        UpdateStats {
            full: false,
            skus_recomputed: 0,
            skus_reprojected: self.ix.skus.len(),
            reallocated: constrained,
            components_rerun: self.ix.comps.len(),
        }
    }

    /// A switch of capacity or overtime only (unmet demand handled as before): the
    /// unconstrained production does not depend on them (see `sku_production`), so it is
    /// allocated again (constrained) or taken as it is, and only the SKUs whose
    /// production changed are projected again — when capacity binds on a few resources,
    /// a few hundred of 10,000 SKUs.
    pub(super) fn reallocate(
        &mut self,
        inputs: &PlanInputs,
        baselines: &[Baseline],
        ev: &Events,
    ) -> UpdateStats {
        let constrained = self.ix.constrained;
        self.agg.comp_dirty.fill(false);
        let unc = match self.p_unc.take() {
            Some(g) => g,
            None => self.plan.supply.production.clone(),
        };
        let c = &mut self.plan.capacity;
        c.constrained = constrained;
        let p = if constrained {
            let p = capacity::allocated(&self.ix, &unc, c);
            self.p_unc = Some(unc);
            p
        } else {
            c.shifts.clear();
            c.shortfalls.clear();
            unc
        };
        let changed = self.install_production(p, baselines, &[]);
        self.reproject(inputs, baselines, ev, &changed, &[]);
        let stats = UpdateStats {
            full: false,
            skus_recomputed: 0,
            skus_reprojected: changed.len(),
            reallocated: constrained,
            components_rerun: self.agg.comp_dirty.iter().filter(|d| **d).count(),
        };
        self.finish(inputs, ev);
        stats
    }
}
