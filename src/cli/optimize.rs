//! `sop optimize`: the optimized supply plan of a workspace's newest cycle.
//!
//! ```text
//! sop optimize --input workspace.json [--objective cost|profit|service] --out plan.json
//! ```
//! Writes the optimizer's answer (family plan, cost lines, shadow prices, model size,
//! integer gap), the scenario inputs that carry it down to SKUs, and the KPIs of that
//! scenario's SKU plan; prints a summary.

use super::plan::{newest_cycle, read_workspace};
use super::{CliError, flag, required};
use crate::engine::forecast;
use crate::engine::model::Levers;
use crate::engine::optimize::{self, Objective, build, outcome, split};
use crate::engine::plan::{self, Kpis};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    cycle: &'a str,
    optimized: &'a optimize::Optimized,
    scenario: &'a str,
    inputs: &'a crate::engine::model::PlanInputs,
    /// The scenario's cost lines as saved: its SKU production (whole lots per SKU)
    /// fixed in the optimum's cost model; `null` when that breaks a hard limit.
    saved: Option<&'a optimize::CostLines>,
    kpis: &'a Kpis,
}

/// `sop optimize --input FILE [--objective cost|profit|service] --out FILE`.
pub fn run(args: &[String]) -> Result<(), CliError> {
    let input = required(args, "--input")?;
    let out = required(args, "--out")?;
    let objective = match flag(args, "--objective") {
        None => Objective::Cost,
        Some(o) => Objective::parse(&o).ok_or_else(|| {
            CliError(format!(
                "--objective: '{o}' is not one of cost, profit, service"
            ))
        })?,
    };
    let ws = read_workspace(&input, "optimizing", false)?;
    let cycle = newest_cycle(&ws, &input)?;
    let base = forecast::baselines(cycle);
    let levers = Levers::default();
    let opt = optimize::optimize(cycle, &cycle.inputs, &levers, &base, objective)
        .map_err(|e| CliError(format!("no optimized plan: {e}")))?;
    let base_plan = plan::plan(cycle, &cycle.inputs, &levers, &base);
    let inputs = split::scenario_inputs(&cycle.inputs, &opt, &base_plan, &cycle.master.products);
    let sku_plan = plan::plan(cycle, &inputs, &levers, &base);
    let problem = build::problem(cycle, &cycle.inputs, &levers, &base_plan, objective);
    let saved = outcome::fixed_costs(&problem, &sku_plan, Some(&opt)).map(|c| c.0);
    let name = split::scenario_name(objective);
    let json = serde_json::to_string_pretty(&Output {
        cycle: &cycle.id,
        optimized: &opt,
        scenario: &name,
        inputs: &inputs,
        saved: saved.as_ref(),
        kpis: &sku_plan.kpis,
    })
    .map_err(|e| CliError(e.to_string()))?;
    std::fs::write(&out, json).map_err(|e| CliError(format!("{out}: {e}")))?;
    print!("{}", summary(&opt));
    match &saved {
        Some(c) => println!(
            "  as saved in SKU lots: total {} ({:+} against the family optimum)",
            c.total,
            c.total - opt.costs.total
        ),
        None => println!("  as saved in SKU lots: breaks a hard limit of the model"),
    }
    println!(
        "wrote {out}: '{name}' of cycle {} — SKU plan fill rate {:.1} %, revenue {}, cash low {}",
        cycle.id,
        sku_plan.kpis.fill_rate * 100.0,
        sku_plan.kpis.revenue.round_dp(0),
        sku_plan.kpis.cash_low.round_dp(0)
    );
    Ok(())
}

/// The printed summary: size, time, gap, cost lines, shadow prices.
pub fn summary(o: &optimize::Optimized) -> String {
    let mut s = format!(
        "optimized ({}): {} variables ({} integer), {} constraints, {:.0} ms; objective {:.2}, LP bound {:.2}, integer gap {:.4} %\n",
        o.objective.label(),
        o.size.variables,
        o.size.integers,
        o.size.constraints,
        o.solve_ms,
        o.objective_value,
        o.lp_bound,
        o.integer_gap * 100.0
    );
    for (label, v) in o.costs.rows() {
        s += &format!("  {label:<20} {v:>16}\n");
    }
    s += &format!(
        "  {:<20} {:>16}\n  {:<20} {:>16}\n",
        "Revenue", o.revenue, "Gross profit", o.gross_profit
    );
    // Shadow prices are in money, or in unit-months short for the service objective.
    let unit = if o.objective == optimize::Objective::Service {
        " unit-months of shortage"
    } else {
        ""
    };
    for h in o.shadow.hours.iter().take(5) {
        s += &format!(
            "  one more hour on {} in {} is worth {}{unit}\n",
            h.resource, h.month, h.per_hour
        );
    }
    if let Some(c) = o.shadow.min_cash_per_euro {
        s += &format!(
            "  each 10,000 of extra minimum cash costs {:.2}{unit}\n",
            c * 10_000.0
        );
    }
    for f in &o.shadow.safety_stock {
        if !f.total.is_zero() {
            s += &format!(
                "  the safety-stock floor of {} costs {}{unit} ({} per unit)\n",
                f.family, f.total, f.per_unit
            );
        }
    }
    s
}
