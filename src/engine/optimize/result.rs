//! What the optimizer returns: the family plan, its cost lines (exact to the cent),
//! model size, integer gap and shadow prices.

use super::lp::{Lp, LpSolution};
use super::model::{Index, Objective, Problem};
use crate::engine::month::Month;
use crate::engine::plan::{money, output};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One family's optimal plan per month (units).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyResult {
    pub family: String,
    pub demand: Vec<f64>,
    pub production: Vec<f64>,
    pub subcontract: Vec<f64>,
    pub inventory: Vec<f64>,
    pub backlog: Vec<f64>,
    pub lost: Vec<f64>,
    /// Units below the safety-stock floor.
    pub below_floor: Vec<f64>,
}

/// Regular and overtime hours used per month on one resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceResult {
    pub resource: String,
    pub regular: Vec<f64>,
    pub overtime: Vec<f64>,
}

/// The plan's cost by line, each `round_¢(Σ quantity · rate)`; `total` is their sum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct CostLines {
    pub materials: Decimal,
    pub regular_labour: Decimal,
    pub overtime: Decimal,
    pub hiring: Decimal,
    pub layoffs: Decimal,
    pub holding: Decimal,
    pub backlog: Decimal,
    pub subcontracting: Decimal,
    pub lost_margin: Decimal,
    pub safety_stock_shortfall: Decimal,
    pub total: Decimal,
}

impl CostLines {
    /// `(label, amount)` in display order.
    pub fn rows(&self) -> [(&'static str, Decimal); 11] {
        [
            ("Materials", self.materials),
            ("Regular labour", self.regular_labour),
            ("Overtime", self.overtime),
            ("Hiring", self.hiring),
            ("Layoffs", self.layoffs),
            ("Holding", self.holding),
            ("Backlog", self.backlog),
            ("Subcontracting", self.subcontracting),
            ("Lost margin", self.lost_margin),
            ("Below safety stock", self.safety_stock_shortfall),
            ("Total", self.total),
        ]
    }
}

/// The value of one more regular hour on a resource in a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourPrice {
    pub resource: String,
    pub month: Month,
    /// Objective gained per extra hour, to 2 decimals: money for cost and profit;
    /// unit-months short avoided for service.
    pub per_hour: Decimal,
}

/// What the safety-stock floor of a family costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FloorPrice {
    pub family: String,
    /// Objective cost of one more unit of floor in every month.
    pub per_unit: Decimal,
    /// Σ_t dual_t · SS_t: the floor's cost at these prices.
    pub total: Decimal,
}

/// Shadow prices of the LP relaxation (duals by clarabel), `∂ objective / ∂ limit`
/// divided by [`Problem::objective_scale`]: money for cost and profit, unit-months short
/// for service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct ShadowPrices {
    /// Binding regular-hour limits only (per hour ≥ 0.005 after scaling), highest first.
    pub hours: Vec<HourPrice>,
    /// Objective cost of one more € of minimum cash (every month); `None` without the
    /// cash floor.
    pub min_cash_per_euro: Option<f64>,
    pub safety_stock: Vec<FloorPrice>,
}

/// Variables, integer variables and constraints of the model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelSize {
    pub variables: usize,
    pub integers: usize,
    pub constraints: usize,
}

/// The optimizer's answer (see [`super::optimize`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Optimized {
    pub objective: Objective,
    pub months: Vec<Month>,
    pub families: Vec<FamilyResult>,
    pub resources: Vec<ResourceResult>,
    pub fte: Vec<f64>,
    pub hires: Vec<f64>,
    pub layoffs: Vec<f64>,
    pub costs: CostLines,
    /// Σ price · shipments (shipments = D + B_{t−1} − B_t − L).
    pub revenue: Decimal,
    /// revenue − (total cost − lost margin).
    pub gross_profit: Decimal,
    /// The solver's objective (−gross profit for `profit`).
    pub objective_value: f64,
    /// The LP relaxation's objective: a bound no whole-unit plan can beat.
    pub lp_bound: f64,
    /// [`Problem::objective_scale`]: `(objective − LP bound) / scale` is the gap in money
    /// (cost, profit) or unit-months short (service).
    pub scale: f64,
    /// (objective − LP bound) / max(1, |LP bound|).
    pub integer_gap: f64,
    pub size: ModelSize,
    pub shadow: ShadowPrices,
    /// The cost budget the service objective kept to.
    pub budget: Option<f64>,
    pub solve_ms: f64,
}

/// `round_¢(Σ q · rate)` with `q` to 1e-9 and the rate to 1e-6 (exact `Decimal` sum).
pub fn line(items: impl Iterator<Item = (f64, f64)>) -> Decimal {
    let mut sum = Decimal::ZERO;
    for (q, rate) in items {
        if q == 0.0 || rate == 0.0 {
            continue;
        }
        let r = Decimal::from_f64_retain(rate)
            .unwrap_or_default()
            .round_dp(6);
        sum += money::qty_decimal(q) * r;
    }
    money::round(sum, 2)
}

/// `round_¢(Σ_k Σ_t x[v_k[t]] · rate_k)` over families (or resources) k.
fn grid_line(x: &[f64], vars: &[Vec<usize>], rates: impl Iterator<Item = f64>) -> Decimal {
    line(
        vars.iter()
            .zip(rates)
            .flat_map(|(row, rate)| row.iter().map(move |&j| (x[j], rate))),
    )
}

/// Cost lines of solution `x`.
pub fn cost_lines(p: &Problem, ix: &Index, x: &[f64]) -> CostLines {
    let fam = |g: fn(&super::model::AggFamily) -> f64| p.families.iter().map(g);
    let month = |v: &[usize], rate: f64| line(v.iter().map(|&j| (x[j], rate)));
    let materials = grid_line(x, &ix.p, fam(|f| f.material * f.lot));
    let regular_labour = month(&ix.w, p.fte_cost);
    let overtime = grid_line(x, &ix.o, p.resources.iter().map(|r| p.overtime_rate(r)));
    let hiring = month(&ix.h, p.hire_cost);
    let layoffs = month(&ix.f, p.layoff_cost);
    let holding = grid_line(x, &ix.i, fam(|f| f.holding));
    let backlog = grid_line(x, &ix.b, fam(|f| f.backlog));
    let subcontracting = grid_line(x, &ix.s, fam(|f| f.subcontract));
    let lost_margin = grid_line(x, &ix.l, fam(|f| f.lost));
    let safety_stock_shortfall = grid_line(x, &ix.u, fam(|f| f.ss_penalty));
    let total = materials
        + regular_labour
        + overtime
        + hiring
        + layoffs
        + holding
        + backlog
        + subcontracting
        + lost_margin
        + safety_stock_shortfall;
    CostLines {
        materials,
        regular_labour,
        overtime,
        hiring,
        layoffs,
        holding,
        backlog,
        subcontracting,
        lost_margin,
        safety_stock_shortfall,
        total,
    }
}

/// Σ price · shipments of solution `x`.
pub fn revenue(p: &Problem, ix: &Index, x: &[f64]) -> Decimal {
    let n = p.months.len();
    let mut items = Vec::new();
    for (k, f) in p.families.iter().enumerate() {
        for t in 0..n {
            let prev = if t > 0 { x[ix.b[k][t - 1]] } else { 0.0 };
            let ship = f.demand[t] + prev - x[ix.b[k][t]] - x[ix.l[k][t]];
            items.push((ship, f.price));
        }
    }
    line(items.into_iter())
}

/// Shadow prices from the duals of the LP relaxation (`duals[i]` = ∂ objective / ∂
/// rhs of row i), in the objective's own unit (see [`ShadowPrices`]).
pub fn shadow_prices(p: &Problem, ix: &Index, duals: &[f64]) -> ShadowPrices {
    let scale = p.objective_scale();
    let duals: Vec<f64> = duals.iter().map(|d| d / scale).collect();
    let cents = |v: f64| money::round(Decimal::from_f64_retain(v).unwrap_or_default(), 2);
    let mut hours = Vec::new();
    for (q, r) in p.resources.iter().enumerate() {
        for (t, &row) in ix.cap_regular[q].iter().enumerate() {
            let worth = -duals[row];
            if worth >= 0.005 {
                hours.push(HourPrice {
                    resource: r.id.clone(),
                    month: p.months[t],
                    per_hour: cents(worth),
                });
            }
        }
    }
    hours.sort_by_key(|h| std::cmp::Reverse(h.per_hour));
    let min_cash_per_euro = (!ix.cash.is_empty()).then(|| ix.cash.iter().map(|&i| duals[i]).sum());
    let safety_stock = p
        .families
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let per: f64 = ix.floor[k].iter().map(|&i| duals[i]).sum();
            let total: f64 = ix.floor[k]
                .iter()
                .zip(&f.safety_stock)
                .map(|(&i, ss)| duals[i] * ss)
                .sum();
            FloorPrice {
                family: f.id.clone(),
                per_unit: cents(per),
                total: cents(total),
            }
        })
        .collect();
    ShadowPrices {
        hours,
        min_cash_per_euro,
        safety_stock,
    }
}

/// Assembles the answer from the solved model.
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    p: &Problem,
    lp: &Lp,
    ix: &Index,
    sol: &LpSolution,
    lp_bound: f64,
    duals: Option<&[f64]>,
    solve_ms: f64,
) -> Optimized {
    // Quantities at the output boundary: 6 decimals (solver noise like 65.624999999).
    let x: &Vec<f64> = &sol.x.iter().map(|v| output::qty(*v)).collect();
    let take = |v: &Vec<usize>| v.iter().map(|&j| x[j]).collect::<Vec<f64>>();
    let families = p
        .families
        .iter()
        .enumerate()
        .map(|(k, f)| FamilyResult {
            family: f.id.clone(),
            demand: f.demand.clone(),
            production: ix.p[k].iter().map(|&j| x[j] * f.lot).collect(),
            subcontract: take(&ix.s[k]),
            inventory: take(&ix.i[k]),
            backlog: take(&ix.b[k]),
            lost: take(&ix.l[k]),
            below_floor: take(&ix.u[k]),
        })
        .collect();
    let resources = p
        .resources
        .iter()
        .enumerate()
        .map(|(q, r)| ResourceResult {
            resource: r.id.clone(),
            regular: take(&ix.r[q]),
            overtime: take(&ix.o[q]),
        })
        .collect();
    let costs = cost_lines(p, ix, x);
    let revenue = revenue(p, ix, x);
    let gross_profit = revenue - (costs.total - costs.lost_margin);
    Optimized {
        objective: p.objective,
        months: p.months.clone(),
        families,
        resources,
        fte: take(&ix.w),
        hires: take(&ix.h),
        layoffs: take(&ix.f),
        costs,
        revenue,
        gross_profit,
        objective_value: sol.objective,
        lp_bound,
        scale: p.objective_scale(),
        integer_gap: (sol.objective - lp_bound) / lp_bound.abs().max(1.0),
        size: ModelSize {
            variables: lp.n_vars(),
            integers: lp.n_int(),
            constraints: lp.rows.len(),
        },
        shadow: duals.map_or_else(ShadowPrices::default, |d| shadow_prices(p, ix, d)),
        budget: p.budget,
        solve_ms,
    }
}
