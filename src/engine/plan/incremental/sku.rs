//! One SKU's part of the plan: an empty plan of the right shape, a SKU's unconstrained
//! production by its strategy and overrides, and its projection (shipments, inventory,
//! backlog, cover, fill rate).

use super::super::Plan;
use super::super::capacity::CapacityPlan;
use super::super::demand::DemandPlan;
use super::super::finance::{self, Flows};
use super::super::index::{Events, Index};
use super::super::kpi::{self, ServiceTotals};
use super::super::mrp::ComponentPlan;
use super::super::supply::{self, SkuSupply, SupplyPlan};
use super::super::workforce::WorkforcePlan;
use crate::engine::model::*;

pub(super) fn empty_plan(ix: &Index) -> Plan {
    let (n, h) = (ix.skus.len(), ix.h);
    let fin = finance::compute(
        ix,
        &Flows {
            revenue: &vec![0; h],
            cogs: &vec![0; h],
            production_value: &vec![0; h],
            material: &vec![0; h],
            purchases: &vec![0; h],
            orders: &vec![0; h],
            overtime: &vec![0; h],
            fg_open: 0,
            comp_open: 0,
        },
    );
    let cap = CapacityPlan::zeros(ix.res_ids.clone(), h, ix.constrained);
    let wf = WorkforcePlan::compute(&cap.load, &[], ix.hours_per_fte, ix.current_fte);
    let kpis = kpi::compute(
        &fin,
        &cap,
        &wf,
        &ServiceTotals {
            demand: 0.0,
            on_time: 0.0,
            stockout_skus: 0,
            wape_weighted: 0.0,
            wape_volume: 0.0,
        },
    );
    Plan {
        cycle_id: ix.cycle_id.clone(),
        months: ix.months.clone(),
        skus: ix.skus.iter().map(|s| s.sku.clone()).collect(),
        sku_family: ix
            .skus
            .iter()
            .map(|s| {
                s.family
                    .map(|f| ix.family_ids[f].clone())
                    .unwrap_or_default()
            })
            .collect(),
        demand: DemandPlan::zeros(n, h),
        supply: SupplyPlan::zeros(n, h),
        capacity: cap,
        workforce: wf,
        components: ComponentPlan::zeros(ix.comp_ids.clone(), h),
        finance: fin,
        kpis,
        exceptions: Vec::new(),
    }
}

/// Unconstrained production of SKU `i` by its strategy and overrides into `out`.
pub(super) fn sku_production(
    ix: &Index,
    inputs: &PlanInputs,
    ev: &Events,
    i: usize,
    demand: &[f64],
    ovr: &mut [f64],
    out: &mut [f64],
) {
    ovr.fill(f64::NAN);
    for &k in ev.overrides.of(i) {
        let o = &inputs.supply.overrides[k as usize];
        if let Some(t) = ix.month_index(o.month)
            && o.units.is_finite()
        {
            ovr[t] = o.units.max(0.0);
        }
    }
    let s = &ix.skus[i];
    supply::plan_production(
        demand,
        ovr,
        &SkuSupply {
            on_hand: s.on_hand,
            safety_stock: s.safety_stock,
            strategy: s.strategy,
            lot_min: s.lot_min,
            lot_multiple: s.lot_multiple,
            unmet: ix.unmet,
        },
        out,
    );
}

/// Shipments, inventory, backlog, lost, cover and fill rate of SKU `i` from its demand
/// and (final) production.
pub(super) fn project_sku(ix: &Index, plan: &mut Plan, i: usize) {
    let s = &ix.skus[i];
    let sp = &mut plan.supply;
    let d = plan.demand.consensus.row(i);
    supply::project(
        d,
        sp.production.row(i),
        s.on_hand,
        ix.unmet,
        sp.shipments.row_mut(i),
        sp.inventory.row_mut(i),
        sp.backlog.row_mut(i),
        sp.lost.row_mut(i),
    );
    supply::cover(d, sp.inventory.row(i), sp.cover.row_mut(i));
    sp.fill_rate[i] = supply::fill_rate(d, sp.shipments.row(i), sp.backlog.row(i));
    sp.safety_stock[i] = s.safety_stock;
    sp.strategy[i] = s.strategy;
}

/// Whether family `fid` has family-level adjustments in units (split by baseline share).
pub(super) fn has_family_units(inputs: &PlanInputs, fid: &str) -> bool {
    inputs.adjustments.iter().any(|a| {
        matches!(a.change, Change::Units(_)) && matches!(&a.target, Target::Family(f) if f == fid)
    })
}
