//! The plan-wide stages after the per-SKU results: capacity, workforce, MRP of the
//! components touched, finance, KPIs and the exceptions that are not a SKU's.

use super::super::Exception;
use super::super::capacity;
use super::super::finance::{self, Flows};
use super::super::index::Events;
use super::super::kpi::{self, ServiceTotals};
use super::super::money::{mul, qty_ticks, unfixed};
use super::super::mrp;
use super::super::workforce::WorkforcePlan;
use super::Planner;
use crate::engine::model::*;

impl Planner {
    /// Everything downstream of the per-SKU results: capacity, workforce, MRP of dirty
    /// components, finance, KPIs and the non-SKU exceptions.
    pub(super) fn finish(&mut self, inputs: &PlanInputs, ev: &Events) {
        let Planner {
            ix,
            plan,
            agg,
            past_due,
            fam_total,
            sku_exc_total,
            ..
        } = self;
        let h = ix.h;
        capacity::fill(ix, &agg.load, &mut plan.capacity);
        let crew: Vec<f64> = ix.res.iter().map(|r| r.crew).collect();
        plan.workforce =
            WorkforcePlan::compute(&plan.capacity.load, &crew, ix.hours_per_fte, ix.current_fte);
        for c in 0..ix.comps.len() {
            if !agg.comp_dirty[c] {
                continue;
            }
            for t in 0..h {
                plan.components.gross.row_mut(c)[t] = unfixed(agg.gross[c * h + t]);
            }
            past_due[c].clear();
            mrp::run(
                ix,
                c,
                &mut plan.components,
                &mut past_due[c],
                &mut agg.comp_recv[c * h..(c + 1) * h],
                &mut agg.comp_order[c * h..(c + 1) * h],
            );
        }
        agg.comp_dirty.fill(false);
        plan.components.past_due = past_due.iter().flatten().cloned().collect();
        let purchases = mrp::money_by_month(&agg.comp_recv, h, &mut plan.components.purchases);
        let orders = mrp::money_by_month(&agg.comp_order, h, &mut plan.components.orders_value);
        let overtime: Vec<i128> = (0..h)
            .map(|t| {
                ix.res.iter().enumerate().fold(0i128, |m, (r, res)| {
                    m + mul(
                        qty_ticks(plan.capacity.overtime_used.get(r, t)),
                        res.premium,
                    )
                })
            })
            .collect();
        let comp_open: i128 = ix.comps.iter().fold(0i128, |a, c| {
            a.wrapping_add(mul(qty_ticks(c.on_hand.max(0.0)), c.cost))
        });
        plan.finance = finance::compute(
            ix,
            &Flows {
                revenue: &agg.revenue,
                cogs: &agg.cogs,
                production_value: &agg.production_value,
                material: &agg.material,
                purchases: &purchases,
                orders: &orders,
                overtime: &overtime,
                fg_open: agg.fg_open,
                comp_open,
            },
        );
        let demand = agg.demand.iter().fold(0i64, |a, x| a.wrapping_add(*x));
        let on_time = agg.on_time.iter().fold(0i64, |a, x| a.wrapping_add(*x));
        plan.kpis = kpi::compute(
            &plan.finance,
            &plan.capacity,
            &plan.workforce,
            &ServiceTotals {
                demand: unfixed(demand),
                on_time: unfixed(on_time),
                stockout_skus: agg.stockouts.max(0) as usize,
                wape_weighted: unfixed(agg.wape_weighted),
                wape_volume: unfixed(agg.wape_volume),
            },
        );
        let ex: &mut Vec<Exception> = &mut plan.exceptions;
        let old = ex.split_off((*sku_exc_total).min(ex.len()));
        kpi::family_exceptions(ix, inputs, ev, fam_total, ex);
        kpi::resource_exceptions(ix, &plan.capacity, ex);
        kpi::component_exceptions(&plan.components.past_due, ex);
        kpi::finance_exceptions(&plan.finance, ex, &old);
    }
}
