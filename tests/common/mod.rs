//! Hand-made cycles and a small deterministic cycle generator for the plan tests.
#![allow(dead_code, clippy::needless_range_loop)]

use rust_decimal::Decimal;
use sop_planner::engine::model::*;
use sop_planner::engine::month::Month;
use sop_planner::engine::plan::Plan;

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn product(sku: &str, family: &str, price: &str, cost: &str, on_hand: f64) -> Product {
    Product {
        sku: sku.into(),
        name: sku.into(),
        family: family.into(),
        price: dec(price),
        unit_cost: dec(cost),
        on_hand,
        lead_time: 1,
        service_level: 0.5,
        lot_min: 0.0,
        lot_multiple: 0.0,
        routing: vec![],
        bom: vec![],
        strategy: None,
        lifecycle: Default::default(),
    }
}

pub fn family(id: &str, strategy: Strategy) -> Family {
    Family {
        id: id.into(),
        name: id.into(),
        strategy,
    }
}

pub fn resource(id: &str, regular: f64, overtime: f64) -> Resource {
    Resource {
        id: id.into(),
        name: id.into(),
        regular_hours: regular,
        calendar: vec![],
        overtime_hours: overtime,
        cost_per_hour: dec("40"),
        overtime_premium: dec("20"),
        crew: 1.0,
    }
}

pub fn component(id: &str, cost: &str, on_hand: f64, lead_time: u32) -> Component {
    Component {
        id: id.into(),
        name: id.into(),
        unit_cost: dec(cost),
        on_hand,
        lead_time,
        lot_min: 0.0,
        lot_multiple: 0.0,
    }
}

/// A cycle starting 2027-01 with `horizon` months and no history.
pub fn cycle(horizon: u32, families: Vec<Family>, products: Vec<Product>) -> Cycle {
    Cycle {
        id: "test".into(),
        label: Month::new(2027, 1),
        horizon,
        status: CycleStatus::Draft,
        master: MasterData {
            families,
            products,
            resources: vec![],
            components: vec![],
            workforce: Workforce {
                hours_per_fte: 160.0,
                current_fte: 1.0,
            },
        },
        history: vec![],
        inputs: PlanInputs::default(),
        scenarios: vec![],
        decisions: vec![],
        frozen: None,
        rolled_from: None,
        signoffs: Vec::new(),
        notes: Default::default(),
    }
}

pub fn baseline(sku: &str, values: &[f64], sigma: f64) -> Baseline {
    Baseline {
        sku: sku.into(),
        model: "test".into(),
        values: values.to_vec(),
        lower: values.to_vec(),
        upper: values.to_vec(),
        sigma,
        wape: 0.2,
    }
}

pub fn m(i: i32) -> Month {
    Month::new(2027, 1).plus(i)
}

pub fn approx(a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-9, "{a:?} vs {b:?}");
    }
}

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    pub fn n(&mut self, k: usize) -> usize {
        (self.next() % k.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    /// Money with 2 decimals in [lo, hi).
    pub fn money(&mut self, lo: f64, hi: f64) -> Decimal {
        Decimal::new((self.range(lo, hi) * 100.0).round() as i64, 2)
    }
}

pub fn random_strategy(r: &mut Rng) -> Strategy {
    match r.n(4) {
        0 => Strategy::Chase,
        1 => Strategy::Level,
        2 => Strategy::TargetCover {
            months: r.range(0.5, 2.5),
        },
        _ => {
            if r.chance(0.5) {
                Strategy::Manual
            } else {
                Strategy::Chase
            }
        }
    }
}

/// A random but coherent cycle with baselines: families, SKUs with routings and BOMs,
/// resources with calendars, components with lots and lead times, adjustments of every
/// layer (SKU and family, units and %), pipeline, overrides, budget, finance.
pub fn generated(seed: u64) -> (Cycle, Vec<Baseline>) {
    let mut r = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xABCD);
    let h = 6 + r.n(19) as u32;
    let nf = 1 + r.n(3);
    let families: Vec<Family> = (0..nf)
        .map(|k| family(&format!("F{k}"), random_strategy(&mut r)))
        .collect();
    let nr = 1 + r.n(3);
    let mut resources: Vec<Resource> = (0..nr)
        .map(|k| resource(&format!("R{k}"), 0.0, 0.0))
        .collect();
    let nc = r.n(4);
    let components: Vec<Component> = (0..nc)
        .map(|k| {
            let mut c = component(
                &format!("C{k}"),
                &format!("{:.2}", r.range(0.5, 20.0)),
                r.range(0.0, 300.0).round(),
                r.n(4) as u32,
            );
            c.lot_min = if r.chance(0.3) { 50.0 } else { 0.0 };
            c.lot_multiple = [0.0, 1.0, 10.0, 25.0][r.n(4)];
            c
        })
        .collect();
    let n = 3 + r.n(25);
    let mut products = Vec::new();
    let mut baselines = Vec::new();
    let mut load = vec![0.0; nr];
    for i in 0..n {
        let sku = format!("S{i:03}");
        let fam = format!("F{}", r.n(nf));
        let level = r.range(0.0, 200.0);
        let price = r.range(5.0, 500.0);
        let mut p = product(
            &sku,
            &fam,
            &format!("{price:.2}"),
            &format!("{:.2}", price * r.range(0.4, 0.9)),
            (level * r.range(0.0, 2.0)).round(),
        );
        p.lead_time = r.n(3) as u32;
        p.service_level = [0.5, 0.8, 0.9, 0.95, 0.98][r.n(5)];
        p.lot_min = if r.chance(0.3) { 20.0 } else { 0.0 };
        p.lot_multiple = [0.0, 1.0, 5.0, 10.0][r.n(4)];
        if r.chance(0.3) {
            p.strategy = Some(random_strategy(&mut r));
        }
        for k in 0..nr {
            if r.chance(0.6) {
                let hpu = r.range(0.1, 2.0);
                load[k] += hpu * level;
                p.routing.push(RoutingStep {
                    resource: format!("R{k}"),
                    hours_per_unit: hpu,
                });
            }
        }
        for k in 0..nc {
            if r.chance(0.5) {
                p.bom.push(BomLine {
                    component: format!("C{k}"),
                    qty_per_unit: [0.5, 1.0, 2.0, 3.0][r.n(4)],
                });
            }
        }
        let intermittent = r.chance(0.2);
        let values: Vec<f64> = (0..h)
            .map(|t| {
                if intermittent && r.chance(0.6) {
                    0.0
                } else {
                    level * (1.0 + 0.3 * ((t as f64) * 0.5 + i as f64).sin())
                }
            })
            .collect();
        let short = r.chance(0.1);
        let b = baseline(
            &sku,
            if short {
                &values[..h as usize / 2]
            } else {
                &values
            },
            level * r.range(0.0, 0.4),
        );
        if !r.chance(0.05) {
            baselines.push(b);
        }
        products.push(p);
    }
    for (k, res) in resources.iter_mut().enumerate() {
        res.regular_hours = (load[k] * r.range(0.6, 1.4)).round();
        res.overtime_hours = (res.regular_hours * r.range(0.0, 0.3)).round();
        res.crew = r.range(0.5, 2.0);
        if r.chance(0.5) {
            res.calendar.push(MonthHours {
                month: m(r.n(h as usize) as i32),
                hours: (res.regular_hours * 0.5).round(),
            });
        }
    }
    let mut c = cycle(h, families, products);
    c.master.resources = resources;
    c.master.components = components;
    c.master.workforce.hours_per_fte = if r.chance(0.1) { 0.0 } else { 150.0 };
    c.master.workforce.current_fte = r.range(0.0, 30.0).round();
    let mut inputs = PlanInputs::default();
    for k in 0..r.n(12) {
        let layer = [Layer::Sales, Layer::Marketing, Layer::Consensus][r.n(3)];
        let target = if r.chance(0.3) {
            Target::Family(format!("F{}", r.n(nf)))
        } else {
            Target::Sku(format!("S{:03}", r.n(n)))
        };
        let from = r.n(h as usize + 2) as i32 - 1;
        let change = if r.chance(0.5) {
            Change::Units(r.range(-80.0, 120.0).round())
        } else {
            Change::Percent(r.range(-40.0, 60.0).round())
        };
        inputs.adjustments.push(Adjustment {
            id: k as u64,
            layer,
            role: Role::Sales,
            target,
            from: m(from),
            to: m(from + r.n(6) as i32),
            change,
            reason: if r.chance(0.5) {
                "promo".into()
            } else {
                String::new()
            },
        });
    }
    for k in 0..r.n(8) {
        inputs.pipeline.push(Opportunity {
            id: k as u64,
            sku: format!("S{:03}", r.n(n)),
            month: m(r.n(h as usize) as i32),
            units: r.range(0.0, 300.0).round(),
            probability: r.f(),
            customer: String::new(),
            stage: Default::default(),
        });
    }
    for _ in 0..r.n(6) {
        inputs.supply.overrides.push(ProductionOverride {
            sku: format!("S{:03}", r.n(n)),
            month: m(r.n(h as usize) as i32),
            units: r.range(0.0, 400.0).round(),
        });
    }
    inputs.supply.constrained = r.chance(0.5);
    inputs.supply.use_overtime = r.chance(0.5);
    inputs.supply.unmet = if r.chance(0.5) {
        Unmet::Backlog
    } else {
        Unmet::LostSales
    };
    inputs.finance = FinanceParams {
        opening_cash: r.money(0.0, 200_000.0),
        opening_ar: r.money(0.0, 100_000.0),
        opening_ap: r.money(0.0, 50_000.0),
        dso_days: Decimal::from(r.n(90) as i64),
        dpo_days: Decimal::new(r.n(900) as i64, 1),
        fixed_cost: r.money(0.0, 20_000.0),
        min_cash: r.money(0.0, 50_000.0),
    };
    for t in 0..h as i32 {
        if r.chance(0.8) {
            inputs.budget.push(BudgetMonth {
                month: m(t),
                revenue: r.money(0.0, 200_000.0),
                gross_margin: r.money(0.0, 60_000.0),
            });
        }
    }
    c.inputs = inputs;
    (c, baselines)
}

/// The parts in which plan `p` differs from `full` (empty: equal).
pub fn differs(p: &Plan, full: &Plan) -> Vec<&'static str> {
    [
        ("demand", p.demand == full.demand),
        ("supply", p.supply == full.supply),
        ("capacity", p.capacity == full.capacity),
        ("workforce", p.workforce == full.workforce),
        ("components", p.components == full.components),
        ("finance", p.finance == full.finance),
        ("kpis", p.kpis == full.kpis),
        ("exceptions", p.exceptions == full.exceptions),
        ("skus", p.skus == full.skus),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(k, _)| k)
    .collect()
}

/// A Sales adjustment making the waterfall cell of `sku`, `month_offset` months into the
/// cycle, `units` above the layers below it: an edit of the base plan.
pub fn sales_cell(
    c: &Cycle,
    sku: &str,
    month_offset: i32,
    units: f64,
) -> sop_planner::engine::command::Command {
    use sop_planner::engine::command::{Command, PlanRef, set_cell_adjustment};
    Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(set_cell_adjustment(
            &c.inputs,
            Layer::Sales,
            Role::Sales,
            &Target::Sku(sku.into()),
            c.label.plus(month_offset),
            units,
            "",
        )),
    }
}

/// A panel simulated from the global autoregression with L = 12 (`forecast::global`):
/// ln(x_t / s_t) = 0.6 z_{t,12} + 0.2 z_{t,11} + e_t, s_t the mean of the last 12 values,
/// z the window's logged, level-normalised values, e uniform on ±0.05 from `seed`.
pub fn ar_panel(seed: u64, n_series: usize, n: usize) -> Vec<Vec<f64>> {
    let mut state = seed;
    let mut noise = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.1
    };
    (0..n_series)
        .map(|k| {
            let mut x: Vec<f64> = (0..12)
                .map(|i| 100.0 + ((k * 7 + i * 13) % 5) as f64)
                .collect();
            while x.len() < n {
                let w = &x[x.len() - 12..];
                let s = w.iter().sum::<f64>() / 12.0;
                let z = |i: usize| (w[i] / s).ln();
                x.push(s * (0.6 * z(11) + 0.2 * z(10) + noise()).exp());
            }
            x
        })
        .collect()
}
