//! From a cycle and its plan to the family × month [`Problem`].
//!
//! Per family f (SKUs i of f, consensus demand D_it of the plan, levers applied):
//! `D_ft = Σ_i D_it`, safety-stock floor `SS_f = Σ_i SS_i`, opening = Σ on hand; price,
//! unit cost, material (BOM at component cost) and hours per unit are the averages
//! weighted by each SKU's demand over the horizon (plain averages without demand).
//! Capacity per resource and month is the plan's (calendar and levers applied).

use super::cash::CashTerms;
use super::model::{AggFamily, AggResource, Objective, Problem};
use super::settings::{BACKLOG_PCT_PER_MONTH, CostSettings, SUBCONTRACT_MARKUP};
use crate::engine::model::{Cycle, Levers, PlanInputs};
use crate::engine::plan::{Plan, money};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Branch and bound stops within 0.01 % of the best bound (the gap is reported).
pub const MIP_GAP: f64 = 1e-4;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The problem of `plan` (the plan of `inputs` and `levers` on `cycle`).
pub fn problem(
    cycle: &Cycle,
    inputs: &PlanInputs,
    levers: &Levers,
    plan: &Plan,
    objective: Objective,
) -> Problem {
    let costs: &CostSettings = &inputs.supply.costs;
    let m = &cycle.master;
    let n = plan.months.len();
    let price_factor = f(money::pct_factor(levers.price_pct));
    let cost_factor = f(money::pct_factor(levers.cost_pct));
    let comp_cost = |id: &str| {
        m.components
            .iter()
            .find(|c| c.id == id)
            .map_or(0.0, |c| f(c.unit_cost) * cost_factor)
    };
    let res_ix = |id: &str| plan.capacity.resources.iter().position(|r| r == id);
    let holding_pct = f(costs.holding_pct);
    let families = m
        .families
        .iter()
        .filter_map(|fam| {
            let rows: Vec<usize> = (0..plan.skus.len())
                .filter(|&i| plan.sku_family[i] == fam.id)
                .collect();
            if rows.is_empty() {
                return None;
            }
            let mut demand = vec![0.0; n];
            let (mut ss, mut opening, mut wsum) = (0.0, 0.0, 0.0);
            let (mut price, mut unit_cost, mut material) = (0.0, 0.0, 0.0);
            let mut hours = vec![0.0; plan.capacity.resources.len()];
            let total: f64 = rows
                .iter()
                .map(|&i| plan.demand.consensus.row(i).iter().sum::<f64>())
                .sum();
            for &i in &rows {
                let Some(p) = m.products.iter().find(|p| p.sku == plan.skus[i]) else {
                    continue;
                };
                let d = plan.demand.consensus.row(i);
                for t in 0..n {
                    demand[t] += d[t];
                }
                ss += plan.supply.safety_stock[i];
                opening += p.on_hand.max(0.0);
                let w = if total > 0.0 {
                    d.iter().sum::<f64>()
                } else {
                    1.0
                };
                wsum += w;
                price += w * f(p.price) * price_factor;
                unit_cost += w * f(p.unit_cost) * cost_factor;
                material += w * p
                    .bom
                    .iter()
                    .map(|b| b.qty_per_unit * comp_cost(&b.component))
                    .sum::<f64>();
                for r in &p.routing {
                    if let Some(q) = res_ix(&r.resource) {
                        hours[q] += w * r.hours_per_unit;
                    }
                }
            }
            if wsum > 0.0 {
                price /= wsum;
                unit_cost /= wsum;
                material /= wsum;
                hours.iter_mut().for_each(|h| *h /= wsum);
            }
            let fc = costs.family(&fam.id);
            let backlog = fc
                .backlog_cost
                .map_or(price * BACKLOG_PCT_PER_MONTH / 100.0, f);
            Some(AggFamily {
                id: fam.id.clone(),
                demand,
                safety_stock: vec![ss; n],
                opening,
                price,
                unit_cost,
                material,
                hours,
                holding: unit_cost * holding_pct / 1200.0,
                backlog,
                lost: fc.lost_sale_cost.map_or((price - unit_cost).max(0.0), f),
                subcontract: fc
                    .subcontract_cost
                    .map_or(unit_cost * SUBCONTRACT_MARKUP, f),
                subcontract_limit: fc.subcontract_limit.max(0.0),
                ending: fc.ending_inventory.unwrap_or(ss).max(0.0),
                ss_penalty: backlog,
                lot: 1.0,
            })
        })
        .collect();
    let resources = plan
        .capacity
        .resources
        .iter()
        .enumerate()
        .map(|(q, id)| {
            let r = m.resources.iter().find(|r| &r.id == id);
            AggResource {
                id: id.clone(),
                regular: plan.capacity.regular.row(q).to_vec(),
                overtime: plan.capacity.overtime_available.row(q).to_vec(),
                crew: r.map_or(1.0, |r| r.crew),
                premium: r.map_or(0.0, |r| f(r.overtime_premium)),
            }
        })
        .collect();
    let fin = &inputs.finance;
    let cash = costs.cash_floor.then(|| CashTerms {
        opening_cash: f(fin.opening_cash),
        opening_ar: f(fin.opening_ar),
        opening_ap: f(fin.opening_ap),
        dso: f(levers.dso_days.unwrap_or(fin.dso_days)),
        dpo: f(levers.dpo_days.unwrap_or(fin.dpo_days)),
        fixed: f(fin.fixed_cost),
        min_cash: f(fin.min_cash),
        days: plan.months.iter().map(|m| m.days() as f64).collect(),
    });
    Problem {
        months: plan.months.clone(),
        families,
        resources,
        hours_per_fte: m.workforce.hours_per_fte,
        current_fte: m.workforce.current_fte,
        min_fte: costs.min_fte,
        max_fte: costs.max_fte.unwrap_or(f64::INFINITY),
        max_overtime_per_fte: costs.max_overtime_per_fte,
        fte_cost: f(costs.fte_cost),
        hire_cost: f(costs.hire_cost),
        layoff_cost: f(costs.layoff_cost),
        cash,
        objective,
        budget: costs.cost_budget.map(f),
        whole: true,
        mip_gap: MIP_GAP,
    }
}
