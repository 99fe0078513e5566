//! The aggregate planning model: family × month data ([`Problem`]) and its linear
//! program ([`Problem::to_lp`]).
//!
//! Variables (all ≥ 0), per family f and month t: `P` production in lots (integer when
//! whole units are asked; units = lot · P), `S` subcontracted units, `I` inventory, `B`
//! backlog, `L` lost sales, `U` shortfall below the safety-stock floor; per resource r
//! and month: `R` regular hours, `O` overtime hours; per month: `W` FTE (integer when
//! whole), `H` hires, `F` layoffs.
//!
//! ```text
//! balance    I_{t−1} − B_{t−1} + lot·P_t + S_t − L_t − I_t + B_t = D_t   (I_{−1} = opening)
//! load       Σ_f h_fr · lot·P_ft − R_rt − O_rt = 0
//! capacity   R_rt ≤ regular_rt,   O_rt ≤ overtime_rt
//! labour     Σ_r crew_r · R_rt ≤ hours_per_fte · W_t,  Σ_r crew_r · O_rt ≤ max_ot · W_t
//! workforce  W_t − W_{t−1} − H_t + F_t = 0  (W_{−1} = current FTE), min ≤ W_t ≤ max
//! floor      I_ft + U_ft ≥ SS_ft  (soft: U costs the penalty)
//! ending     I_fT ≥ ending_f;  B_fT = 0 and L = 0 at full service (objective cost)
//! subcontr.  S_ft ≤ limit_f;  lost L_ft ≤ D_ft
//! cash       cash_t ≥ min cash (optional, see [`super::cash`])
//!
//! cost = Σ material·lot·P + fte_cost·W + Σ_r (crew_r·fte_cost/hours_per_fte + premium_r)·O
//!      + hire·H + layoff·F + holding·I + backlog·B + subcontract·S + lost·L + penalty·U
//! ```
//! Objectives: cost — minimise cost (L = 0, B_T = 0); profit — maximise revenue − cost
//! where revenue = Σ price·(D − L) − price·B_T (a lost unit costs its price, not the
//! lost-sale cost); service — minimise cost + 1000 · max price · Σ (B + L) with cost ≤ budget (service
//! first, then cost).

use super::cash::{self, CashTerms};
use super::lp::{Lp, Sense};
use crate::engine::month::Month;
use serde::{Deserialize, Serialize};

/// What to optimise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Minimum total cost at full service.
    #[default]
    Cost,
    /// Maximum gross profit; lost sales allowed.
    Profit,
    /// Maximum service (fewest backlog and lost unit-months) within a cost budget.
    Service,
}

impl Objective {
    pub fn label(self) -> &'static str {
        match self {
            Objective::Cost => "min cost",
            Objective::Profit => "max profit",
            Objective::Service => "max service",
        }
    }

    /// `cost`, `profit` or `service`.
    pub fn parse(s: &str) -> Option<Objective> {
        match s {
            "cost" => Some(Objective::Cost),
            "profit" => Some(Objective::Profit),
            "service" => Some(Objective::Service),
            _ => None,
        }
    }
}

/// Weight of a unit-month short in the service objective, × the highest price.
pub const SERVICE_WEIGHT: f64 = 1000.0;

/// One family's aggregate data; money per unit in f64 (the LP's numbers).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AggFamily {
    pub id: String,
    pub demand: Vec<f64>,
    /// The safety-stock floor per month.
    pub safety_stock: Vec<f64>,
    pub opening: f64,
    pub price: f64,
    pub unit_cost: f64,
    /// Material per unit made in house (BOM at component cost).
    pub material: f64,
    /// Hours per unit on each resource (the problem's resource order).
    pub hours: Vec<f64>,
    pub holding: f64,
    pub backlog: f64,
    pub lost: f64,
    pub subcontract: f64,
    pub subcontract_limit: f64,
    pub ending: f64,
    pub ss_penalty: f64,
    /// Production comes in multiples of this (1 = whole units).
    pub lot: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AggResource {
    pub id: String,
    pub regular: Vec<f64>,
    pub overtime: Vec<f64>,
    pub crew: f64,
    pub premium: f64,
}

/// The whole model's data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub months: Vec<Month>,
    pub families: Vec<AggFamily>,
    pub resources: Vec<AggResource>,
    pub hours_per_fte: f64,
    pub current_fte: f64,
    pub min_fte: f64,
    pub max_fte: f64,
    pub max_overtime_per_fte: f64,
    pub fte_cost: f64,
    pub hire_cost: f64,
    pub layoff_cost: f64,
    pub cash: Option<CashTerms>,
    pub objective: Objective,
    /// Cost budget of the service objective.
    pub budget: Option<f64>,
    /// Whole lots and whole FTE (a MILP); else the LP relaxation.
    pub whole: bool,
    /// Relative gap at which branch and bound may stop (0: prove the optimum).
    pub mip_gap: f64,
}

/// Where each variable and row of the problem sits in the [`Lp`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    /// Per family, per month: P, S, I, B, L, U.
    pub p: Vec<Vec<usize>>,
    pub s: Vec<Vec<usize>>,
    pub i: Vec<Vec<usize>>,
    pub b: Vec<Vec<usize>>,
    pub l: Vec<Vec<usize>>,
    pub u: Vec<Vec<usize>>,
    /// Per resource, per month: R, O, and the two capacity rows.
    pub r: Vec<Vec<usize>>,
    pub o: Vec<Vec<usize>>,
    pub cap_regular: Vec<Vec<usize>>,
    pub cap_overtime: Vec<Vec<usize>>,
    /// Per month: W, H, F.
    pub w: Vec<usize>,
    pub h: Vec<usize>,
    pub f: Vec<usize>,
    /// Per family, per month: the floor row.
    pub floor: Vec<Vec<usize>>,
    /// Per month: the cash row (when the cash floor is on).
    pub cash: Vec<usize>,
    /// The budget row of the service objective.
    pub budget: Option<usize>,
}

impl Problem {
    /// Objective units per unit of what the objective counts: 1 (a currency unit) for
    /// cost and profit; for service `SERVICE_WEIGHT × max(1, highest price)` per
    /// unit-month short (backlog or lost sale). Shadow prices and the integer gap are
    /// divided by it, so that a service answer reads in unit-months, not in weights.
    pub fn objective_scale(&self) -> f64 {
        match self.objective {
            Objective::Service => {
                SERVICE_WEIGHT * self.families.iter().map(|f| f.price).fold(1.0, f64::max)
            }
            Objective::Cost | Objective::Profit => 1.0,
        }
    }

    /// Overtime cost per resource hour: crew · fte_cost / hours_per_fte + premium.
    pub fn overtime_rate(&self, r: &AggResource) -> f64 {
        let wage = if self.hours_per_fte > 0.0 {
            self.fte_cost / self.hours_per_fte
        } else {
            0.0
        };
        r.crew * wage + r.premium
    }

    /// The cost coefficient of every variable (the objective of [`Objective::Cost`]).
    fn cost_terms(&self, lp: &Lp, ix: &Index) -> Vec<f64> {
        let mut c = vec![0.0; lp.n_vars()];
        for (k, f) in self.families.iter().enumerate() {
            for t in 0..self.months.len() {
                c[ix.p[k][t]] = f.material * f.lot;
                c[ix.s[k][t]] = f.subcontract;
                c[ix.i[k][t]] = f.holding;
                c[ix.b[k][t]] = f.backlog;
                c[ix.l[k][t]] = f.lost;
                c[ix.u[k][t]] = f.ss_penalty;
            }
        }
        for (k, r) in self.resources.iter().enumerate() {
            let rate = self.overtime_rate(r);
            for t in 0..self.months.len() {
                c[ix.o[k][t]] = rate;
            }
        }
        for t in 0..self.months.len() {
            c[ix.w[t]] = self.fte_cost;
            c[ix.h[t]] = self.hire_cost;
            c[ix.f[t]] = self.layoff_cost;
        }
        c
    }

    /// The linear program of the module doc, and where everything sits in it.
    pub fn to_lp(&self) -> (Lp, Index) {
        let n = self.months.len();
        let inf = f64::INFINITY;
        let mut lp = Lp::default();
        let mut ix = Index::default();
        let full = self.objective == Objective::Cost;
        for f in &self.families {
            let v = |lp: &mut Lp, what: &str, t: usize, hi: f64| {
                lp.var(format!("{what}[{},{}]", f.id, self.months[t]), 0.0, 0.0, hi)
            };
            let row = |lp: &mut Lp, what: &str, hi: &dyn Fn(usize) -> f64| -> Vec<usize> {
                (0..n).map(|t| v(lp, what, t, hi(t))).collect()
            };
            let p: Vec<usize> = (0..n)
                .map(|t| {
                    let name = format!("production[{},{}]", f.id, self.months[t]);
                    if self.whole {
                        lp.int_var(name, 0.0, 0.0, inf)
                    } else {
                        lp.var(name, 0.0, 0.0, inf)
                    }
                })
                .collect();
            ix.p.push(p);
            ix.s.push(row(&mut lp, "subcontract", &|_| f.subcontract_limit));
            ix.i.push(row(&mut lp, "inventory", &|_| inf));
            ix.b.push(row(&mut lp, "backlog", &|t| {
                if full && t + 1 == n { 0.0 } else { inf }
            }));
            ix.l.push(row(&mut lp, "lost", &|t| {
                if full { 0.0 } else { f.demand[t].max(0.0) }
            }));
            ix.u.push(row(&mut lp, "below_floor", &|t| f.safety_stock[t].max(0.0)));
        }
        for r in &self.resources {
            let reg: Vec<usize> = (0..n)
                .map(|t| {
                    lp.var(
                        format!("regular_hours[{},{}]", r.id, self.months[t]),
                        0.0,
                        0.0,
                        inf,
                    )
                })
                .collect();
            let ot: Vec<usize> = (0..n)
                .map(|t| {
                    lp.var(
                        format!("overtime_hours[{},{}]", r.id, self.months[t]),
                        0.0,
                        0.0,
                        inf,
                    )
                })
                .collect();
            ix.r.push(reg);
            ix.o.push(ot);
        }
        let planned = self.hours_per_fte > 0.0;
        for t in 0..n {
            let m = self.months[t];
            let (lo, hi) = if planned {
                (self.min_fte, self.max_fte)
            } else {
                (self.current_fte, self.current_fte)
            };
            ix.w.push(if self.whole {
                lp.int_var(format!("fte[{m}]"), 0.0, lo.ceil(), hi.floor())
            } else {
                lp.var(format!("fte[{m}]"), 0.0, lo, hi)
            });
            ix.h.push(lp.var(format!("hires[{m}]"), 0.0, 0.0, inf));
            ix.f.push(lp.var(format!("layoffs[{m}]"), 0.0, 0.0, inf));
        }
        lp.cost = self.cost_terms(&lp, &ix);

        // Balance, floor, ending.
        for (k, f) in self.families.iter().enumerate() {
            let mut floors = Vec::new();
            for t in 0..n {
                let m = self.months[t];
                let mut c = vec![
                    (ix.p[k][t], f.lot),
                    (ix.s[k][t], 1.0),
                    (ix.l[k][t], -1.0),
                    (ix.i[k][t], -1.0),
                    (ix.b[k][t], 1.0),
                ];
                let mut rhs = f.demand[t];
                if t == 0 {
                    rhs -= f.opening;
                } else {
                    c.push((ix.i[k][t - 1], 1.0));
                    c.push((ix.b[k][t - 1], -1.0));
                }
                lp.row(format!("balance[{},{m}]", f.id), c, Sense::Eq, rhs);
                floors.push(lp.row(
                    format!("safety_stock[{},{m}]", f.id),
                    vec![(ix.i[k][t], 1.0), (ix.u[k][t], 1.0)],
                    Sense::Ge,
                    f.safety_stock[t],
                ));
            }
            ix.floor.push(floors);
            if n > 0 && f.ending > 0.0 {
                lp.row(
                    format!("ending_inventory[{}]", f.id),
                    vec![(ix.i[k][n - 1], 1.0)],
                    Sense::Ge,
                    f.ending,
                );
            }
        }
        // Load and capacity per resource.
        for (q, r) in self.resources.iter().enumerate() {
            let (mut reg, mut ot) = (Vec::new(), Vec::new());
            for t in 0..n {
                let m = self.months[t];
                let mut c: Vec<(usize, f64)> = self
                    .families
                    .iter()
                    .enumerate()
                    .map(|(k, f)| (ix.p[k][t], f.hours[q] * f.lot))
                    .collect();
                c.push((ix.r[q][t], -1.0));
                c.push((ix.o[q][t], -1.0));
                lp.row(format!("load[{},{m}]", r.id), c, Sense::Eq, 0.0);
                reg.push(lp.row(
                    format!("regular_capacity[{},{m}]", r.id),
                    vec![(ix.r[q][t], 1.0)],
                    Sense::Le,
                    r.regular[t],
                ));
                ot.push(lp.row(
                    format!("overtime_capacity[{},{m}]", r.id),
                    vec![(ix.o[q][t], 1.0)],
                    Sense::Le,
                    r.overtime[t],
                ));
            }
            ix.cap_regular.push(reg);
            ix.cap_overtime.push(ot);
        }
        // Labour and workforce.
        for t in 0..n {
            let m = self.months[t];
            if planned {
                let mut c: Vec<(usize, f64)> = (0..self.resources.len())
                    .map(|q| (ix.r[q][t], self.resources[q].crew))
                    .collect();
                c.push((ix.w[t], -self.hours_per_fte));
                lp.row(format!("regular_labour[{m}]"), c, Sense::Le, 0.0);
                let mut c: Vec<(usize, f64)> = (0..self.resources.len())
                    .map(|q| (ix.o[q][t], self.resources[q].crew))
                    .collect();
                c.push((ix.w[t], -self.max_overtime_per_fte));
                lp.row(format!("overtime_labour[{m}]"), c, Sense::Le, 0.0);
            }
            let mut c = vec![(ix.w[t], 1.0), (ix.h[t], -1.0), (ix.f[t], 1.0)];
            let rhs = if t == 0 {
                self.current_fte
            } else {
                c.push((ix.w[t - 1], -1.0));
                0.0
            };
            lp.row(format!("workforce[{m}]"), c, Sense::Eq, rhs);
        }
        if let Some(terms) = &self.cash {
            ix.cash = cash::add_rows(self, terms, &mut lp, &ix);
        }
        self.set_objective(&mut lp, &mut ix);
        (lp, ix)
    }

    /// Turns the cost terms into the chosen objective.
    fn set_objective(&self, lp: &mut Lp, ix: &mut Index) {
        let n = self.months.len();
        match self.objective {
            Objective::Cost => {}
            Objective::Profit => {
                // −profit = cost − Σ price·D + Σ price·L + price·B_T (lost-sale cost
                // replaced by the price).
                for (k, f) in self.families.iter().enumerate() {
                    lp.offset -= f.price * f.demand.iter().sum::<f64>();
                    for t in 0..n {
                        lp.cost[ix.l[k][t]] = f.price;
                    }
                    if n > 0 {
                        lp.cost[ix.b[k][n - 1]] += f.price;
                    }
                }
            }
            Objective::Service => {
                let cost: Vec<(usize, f64)> = lp
                    .cost
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c != 0.0)
                    .map(|(j, c)| (j, *c))
                    .collect();
                let budget = self.budget.unwrap_or(f64::INFINITY);
                ix.budget = Some(lp.row("cost_budget", cost, Sense::Le, budget));
                // Service first: each unit-month short weighs SERVICE_WEIGHT × the
                // highest price, far above what serving it can cost; then cost.
                let weight = self.objective_scale();
                for k in 0..self.families.len() {
                    for t in 0..n {
                        lp.cost[ix.b[k][t]] += weight;
                        lp.cost[ix.l[k][t]] += weight;
                    }
                }
            }
        }
    }
}
