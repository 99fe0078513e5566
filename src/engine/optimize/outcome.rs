//! What the browser's optimize worker answers: the optimized plan's cost lines next to
//! the current plan's (same cost model), the integer gap, the shadow prices, and the
//! inputs of the scenario to save. The page turns [`Outcome::inputs`] into one command
//! ([`super::split::save_scenario`]); everything that needs the solver runs in
//! [`outcome`], off the page's thread.

use super::result::{CostLines, ModelSize, ShadowPrices};
use super::{NoPlan, Objective, Optimized, Problem, build, repair, result, split};
use crate::engine::command::{self, PlanRef};
use crate::engine::model::{Baseline, Cycle, Levers, PlanInputs};
use crate::engine::plan::{self, Plan};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The optimizer's answer for one plan of a cycle, ready to show and to save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub objective: Objective,
    pub costs: CostLines,
    /// The current plan's cost lines: its family production fixed in the same model,
    /// everything else (workforce, overtime, inventory, backlog) at its cheapest;
    /// `None` when that production breaks a hard limit of the model.
    pub current: Option<CostLines>,
    /// The current plan's revenue in the same model (`None` with `current`).
    pub current_revenue: Option<Decimal>,
    /// The saved scenario's cost lines: its SKU production (whole lots per SKU) fixed
    /// in the same model ([`fixed_costs`]); `None` when it breaks a hard limit.
    pub saved: Option<CostLines>,
    /// The saved scenario's revenue in the same model (`None` with `saved`).
    pub saved_revenue: Option<Decimal>,
    pub revenue: Decimal,
    pub gross_profit: Decimal,
    pub objective_value: f64,
    pub lp_bound: f64,
    /// See [`Optimized::scale`].
    pub scale: f64,
    pub integer_gap: f64,
    pub size: ModelSize,
    pub shadow: ShadowPrices,
    /// The scenario's inputs (optimized production as overrides).
    pub inputs: PlanInputs,
}

/// The inputs and levers of plan `scenario` (`None`: the cycle's own).
fn plan_of(cycle: &Cycle, scenario: Option<u64>) -> Result<(PlanInputs, Levers), NoPlan> {
    let plan = scenario.map_or(PlanRef::Base, PlanRef::Scenario);
    command::plan_of(cycle, plan)
        .map(|(inputs, levers)| (inputs.clone(), levers.into_owned()))
        .ok_or_else(|| NoPlan(split::no_longer_exists(plan)))
}

/// The cost lines and revenue of the current plan in problem `p`: [`fixed_costs`]
/// with nothing subcontracted.
pub fn current_costs(p: &Problem, plan: &Plan) -> Option<(CostLines, Decimal)> {
    fixed_costs(p, plan, None)
}

/// The cost lines and revenue of SKU plan `plan` in problem `p`, the same cost model
/// as the optimum: each family's production `Σ_i production_it` (whole lots per SKU)
/// fixed — of it `S_kt = min(subcontracted_kt, Σ_i production_it)` bought in when
/// `bought` is the optimum it was split from (its subcontracting), the rest made — and
/// everything else at its cheapest: whole FTE when `p.whole` (started from the
/// optimum's FTE), overtime, inventory, backlog, lost sales. For the optimum's own
/// scenario this is what the saved plan costs: with every lot 1 its production is the
/// optimum's, with lots it differs by up to half a lot per family and month (see
/// [`super::split`]). `None` when that production breaks a hard limit of the model.
pub fn fixed_costs(
    p: &Problem,
    plan: &Plan,
    bought: Option<&Optimized>,
) -> Option<(CostLines, Decimal)> {
    let (lp, ix) = p.to_lp();
    let (mut made, mut sub) = (Vec::new(), Vec::new());
    for f in &p.families {
        let lot = if f.lot > 0.0 { f.lot } else { 1.0 };
        let opt = bought.and_then(|o| o.families.iter().find(|r| r.family == f.id));
        let (mut m, mut s) = (Vec::new(), Vec::new());
        for t in 0..p.months.len() {
            let units: f64 = (0..plan.skus.len())
                .filter(|&i| plan.sku_family[i] == f.id)
                .map(|i| plan.supply.production.get(i, t))
                .sum();
            let b = opt.map_or(0.0, |r| r.subcontract[t].clamp(0.0, units));
            m.push((units - b) / lot);
            s.push(b);
        }
        made.push(m);
        sub.push(s);
    }
    let fixed = repair::with_supply_fixed(&lp, &ix, &made, &sub);
    // Started from the optimum's FTE (the integer variables left).
    let mut hint = vec![0.0; fixed.n_vars()];
    if let Some(o) = bought {
        for (&w, &fte) in ix.w.iter().zip(&o.fte) {
            hint[w] = fte;
        }
    }
    let s = fixed
        .solve_from(
            Some(super::TIME_LIMIT),
            Some(super::NODE_LIMIT),
            p.mip_gap,
            bought.map(|_| hint.as_slice()),
        )
        .ok()?;
    Some((
        result::cost_lines(p, &ix, &s.x),
        result::revenue(p, &ix, &s.x),
    ))
}

/// Optimizes plan `scenario` of `cycle` (`None`: the base plan) for `objective`.
pub fn outcome(
    cycle: &Cycle,
    scenario: Option<u64>,
    baselines: &[Baseline],
    objective: Objective,
) -> Result<Outcome, NoPlan> {
    let (inputs, levers) = plan_of(cycle, scenario)?;
    let now = plan::plan(cycle, &inputs, &levers, baselines);
    let p = build::problem(cycle, &inputs, &levers, &now, objective);
    if p.families.is_empty() {
        return Err(NoPlan("there is no family with products to plan".into()));
    }
    let o = super::solve(&p)?;
    let current = current_costs(&p, &now);
    let inputs = split::scenario_inputs(&inputs, &o, &now, &cycle.master.products);
    let saved = fixed_costs(
        &p,
        &plan::plan(cycle, &inputs, &levers, baselines),
        Some(&o),
    );
    Ok(Outcome {
        objective,
        costs: o.costs.clone(),
        current: current.as_ref().map(|c| c.0.clone()),
        current_revenue: current.map(|c| c.1),
        saved: saved.as_ref().map(|c| c.0.clone()),
        saved_revenue: saved.map(|c| c.1),
        revenue: o.revenue,
        gross_profit: o.gross_profit,
        objective_value: o.objective_value,
        lp_bound: o.lp_bound,
        scale: o.scale,
        integer_gap: o.integer_gap,
        size: o.size,
        shadow: o.shadow.clone(),
        inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::forecast::baselines;

    #[test]
    fn the_demo_outcome_matches_the_cli_and_never_costs_more_than_now() {
        let c = demo_workspace().cycles.remove(0);
        // The forecasts the app and the CLI plan with (the demo builds e-bikes ahead of
        // the season: on flat stand-in baselines its first month would not fit assembly).
        let b = baselines(&c);
        let o = outcome(&c, None, &b, Objective::Cost).unwrap();
        let direct =
            super::super::optimize(&c, &c.inputs, &Levers::default(), &b, Objective::Cost).unwrap();
        assert_eq!(o.costs, direct.costs);
        assert!(o.costs.total > Decimal::ZERO);
        let now = o.current.expect("the demo's plan fits the model");
        assert!(
            o.costs.total <= now.total,
            "{} > {}",
            o.costs.total,
            now.total
        );
        assert!(!o.shadow.hours.is_empty());
        assert!(!o.inputs.supply.overrides.is_empty());
        let e = outcome(&c, Some(999), &b, Objective::Cost).unwrap_err();
        assert!(e.0.contains("999"));
    }
}
