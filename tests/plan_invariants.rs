//! Invariants over generated cycles (many seeds): units conserve, the two operating
//! cash flows agree exactly, Decimal totals equal their parts, no negative stock,
//! constrained plans fit capacity, and incremental updates equal full recomputes.

mod common;

use common::*;
use rust_decimal::{Decimal, RoundingStrategy};
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{Edit, Plan, Planner, plan, validate};

const SEEDS: u64 = 300;

fn close(a: f64, b: f64, what: &str) {
    let tol = 1e-6 * (1.0 + a.abs().max(b.abs()));
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
}

fn check_invariants(c: &Cycle, p: &Plan, seed: u64) {
    let h = c.horizon as usize;
    let s = &p.supply;
    for (i, prod) in c.master.products.iter().enumerate() {
        let d = p.demand.consensus.row(i);
        let (pr, sh, inv, bl, lo) = (
            s.production.row(i),
            s.shipments.row(i),
            s.inventory.row(i),
            s.backlog.row(i),
            s.lost.row(i),
        );
        // Opening + production = shipments + closing.
        let opening = prod.on_hand.max(0.0);
        close(
            opening + pr.iter().sum::<f64>(),
            sh.iter().sum::<f64>() + inv[h - 1],
            &format!("seed {seed} sku {} units", prod.sku),
        );
        // Demand = shipments + lost + backlog still open.
        close(
            d.iter().sum::<f64>(),
            sh.iter().sum::<f64>() + lo.iter().sum::<f64>() + bl[h - 1],
            &format!("seed {seed} sku {} demand", prod.sku),
        );
        for t in 0..h {
            assert!(inv[t] >= 0.0 && bl[t] >= 0.0 && lo[t] >= 0.0 && pr[t] >= 0.0);
            assert!(d[t] >= 0.0, "seed {seed}: negative demand");
            for layer in [
                &p.demand.statistical,
                &p.demand.sales,
                &p.demand.marketing,
                &p.demand.pipeline,
            ] {
                assert!(layer.get(i, t) >= 0.0);
            }
        }
        assert!((0.0..=1.0).contains(&s.fill_rate[i]));
        // Whole production quanta (the lot multiple, else whole units) in every month
        // the planner did not override (constrained: in every month of a SKU without
        // overrides, as cuts of an override may move anywhere).
        let q = if prod.lot_multiple > 0.0 {
            prod.lot_multiple
        } else {
            1.0
        };
        for (t, x) in pr.iter().enumerate() {
            let overridden = c.inputs.supply.overrides.iter().any(|o| {
                o.sku == prod.sku
                    && (c.inputs.supply.constrained || p.months.get(t) == Some(&o.month))
            });
            let k = x / q;
            assert!(
                overridden || (k - k.round()).abs() < 1e-6,
                "seed {seed} sku {} month {t}: {x} is not a multiple of {q}",
                prod.sku
            );
        }
    }
    // Components: on hand + receipts = gross + closing.
    let k = &p.components;
    for (j, comp) in c.master.components.iter().enumerate() {
        close(
            comp.on_hand + k.receipts.row(j).iter().sum::<f64>(),
            k.gross.row(j).iter().sum::<f64>() + k.on_hand.get(j, h - 1),
            &format!("seed {seed} component {}", comp.id),
        );
        assert!(k.on_hand.row(j).iter().all(|x| *x >= 0.0));
        // Gross = Σ production × BOM.
        for t in 0..h {
            let g: f64 = c
                .master
                .products
                .iter()
                .enumerate()
                .map(|(i, pr)| {
                    pr.bom
                        .iter()
                        .filter(|b| b.component == comp.id)
                        .map(|b| b.qty_per_unit)
                        .sum::<f64>()
                        * s.production.get(i, t)
                })
                .sum();
            close(g, k.gross.get(j, t), &format!("seed {seed} gross"));
        }
    }
    // Capacity: load = Σ production × hours; constrained plans fit.
    for (r, res) in c.master.resources.iter().enumerate() {
        for t in 0..h {
            let l: f64 = c
                .master
                .products
                .iter()
                .enumerate()
                .map(|(i, pr)| {
                    pr.routing
                        .iter()
                        .filter(|x| x.resource == res.id)
                        .map(|x| x.hours_per_unit)
                        .sum::<f64>()
                        * s.production.get(i, t)
                })
                .sum();
            close(l, p.capacity.load.get(r, t), &format!("seed {seed} load"));
            if c.inputs.supply.constrained {
                let cap = p.capacity.regular.get(r, t)
                    + if c.inputs.supply.use_overtime {
                        res.overtime_hours
                    } else {
                        0.0
                    };
                assert!(l <= cap + 1e-6 * (1.0 + cap), "seed {seed}: {l} > {cap}");
                assert_eq!(p.capacity.overload.get(r, t), 0.0);
            }
        }
    }
    // Money: per-month figures exact to the cent from quantities to 1e-9 unit
    // (round_¢(Σ q · price), half away from zero), and the two OCFs.
    let f = &p.finance;
    let q = |x: f64| Decimal::new((x * 1e9).round() as i64, 9);
    let cent = |d: Decimal| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let mut cash = f.opening_cash;
    let (mut rev_total, mut ocf_total) = (Decimal::ZERO, Decimal::ZERO);
    for (t, fm) in f.months.iter().enumerate() {
        let rev: Decimal = c
            .master
            .products
            .iter()
            .enumerate()
            .map(|(i, pr)| q(s.shipments.get(i, t)) * pr.price)
            .sum();
        let rev = cent(rev);
        let cogs: Decimal = c
            .master
            .products
            .iter()
            .enumerate()
            .map(|(i, pr)| q(s.shipments.get(i, t)) * pr.unit_cost)
            .sum();
        let cogs = cent(cogs);
        assert_eq!(fm.revenue, rev, "seed {seed} month {t} revenue");
        assert_eq!(fm.cogs, cogs, "seed {seed} month {t} cogs");
        assert_eq!(fm.gross_margin, rev - cogs);
        assert_eq!(
            fm.ocf_direct, fm.ocf_indirect,
            "seed {seed} month {t}: direct vs indirect OCF"
        );
        assert_eq!(
            fm.ocf_direct,
            fm.collections - fm.payments - fm.fixed_cost - fm.overtime_premium
        );
        assert_eq!(fm.inventory, fm.inventory_fg + fm.inventory_components);
        assert_eq!(fm.ar, fm.ar.round_dp(2));
        assert_eq!(fm.ap, fm.ap.round_dp(2));
        // Money is printed as cents: two decimals, always.
        for d in [
            fm.revenue,
            fm.cogs,
            fm.ar,
            fm.ap,
            fm.cash,
            fm.inventory,
            fm.ebitda,
        ] {
            assert_eq!(d.scale(), 2, "seed {seed} month {t}: {d}");
        }
        cash += fm.ocf_direct;
        assert_eq!(fm.cash, cash);
        rev_total += fm.revenue;
        ocf_total += fm.ocf_direct;
        // Finished goods at standard cost ≈ Σ units × cost (to the 1e-4-unit boundary).
        let fg: Decimal = c
            .master
            .products
            .iter()
            .enumerate()
            .map(|(i, pr)| q(s.inventory.get(i, t)) * pr.unit_cost)
            .sum();
        // Each of the 2t + 3 month flows (opening, production, COGS) is rounded to the
        // cent (≤ 0.005 each) from quantities rounded to 1e-9 unit (≤ 0.5e-9 unit each).
        let max_cost = c
            .master
            .products
            .iter()
            .map(|p| p.unit_cost)
            .max()
            .unwrap_or_default();
        let flows = Decimal::from(2 * t as u64 + 3);
        let tol = Decimal::new(5, 3) * flows
            + Decimal::new(5, 10)
                * Decimal::from(c.master.products.len() as u64)
                * flows
                * max_cost;
        assert!(
            (fm.inventory_fg - fg).abs() <= tol,
            "seed {seed}: FG {} vs {fg}",
            fm.inventory_fg
        );
    }
    assert_eq!(f.totals.revenue, rev_total);
    assert_eq!(f.totals.ocf, ocf_total);
    assert_eq!(p.kpis.revenue, rev_total);
    let low = f.months.iter().map(|m| m.cash).min().unwrap();
    assert_eq!(p.kpis.cash_low, low);
    // Purchases are receipts at cost.
    for t in 0..h {
        let v: Decimal = c
            .master
            .components
            .iter()
            .enumerate()
            .map(|(j, x)| q(k.receipts.get(j, t)) * x.unit_cost)
            .sum();
        assert_eq!(k.purchases[t], cent(v));
        assert_eq!(k.purchases[t].scale(), 2);
    }
}

#[test]
fn invariants_hold_on_generated_cycles() {
    let mut constrained = 0;
    let mut shifted = 0;
    for seed in 0..SEEDS {
        let (c, b) = generated(seed);
        let issues = validate::validate_plan_inputs(&c, &c.inputs, &Levers::default());
        assert!(!validate::has_errors(&issues), "seed {seed}: {issues:?}");
        let p = plan(&c, &c.inputs, &Levers::default(), &b);
        check_invariants(&c, &p, seed);
        // Deterministic.
        assert_eq!(p, plan(&c, &c.inputs, &Levers::default(), &b));
        constrained += c.inputs.supply.constrained as u32;
        shifted += !p.capacity.shifts.is_empty() as u32;
        serde_json::to_string(&p).unwrap();
    }
    // The generator exercises what it should.
    assert!(constrained > 50 && shifted > 20, "{constrained} {shifted}");
}

/// A random edit of the kind named by the returned [`Edit`].
fn random_edit(r: &mut Rng, c: &mut Cycle, b: &mut [Baseline]) -> Edit<'static> {
    let n = c.master.products.len();
    let i = r.n(n);
    let sku = c.master.products[i].sku.clone();
    let h = c.horizon as i32;
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    match r.n(12) {
        0 => {
            c.inputs.adjustments.push(Adjustment {
                id: 1000 + r.n(1000) as u64,
                layer: [Layer::Sales, Layer::Marketing, Layer::Consensus][r.n(3)],
                role: Role::Sales,
                target: Target::Sku(sku.clone()),
                from: m(r.n(h as usize) as i32),
                to: m(h),
                change: if r.chance(0.5) {
                    Change::Units(r.range(-50.0, 80.0))
                } else {
                    Change::Percent(r.range(-30.0, 50.0))
                },
                reason: String::new(),
            });
            Edit::Sku(leak(sku))
        }
        1 => {
            // Remove this SKU's adjustments (shifts other SKUs' positions).
            c.inputs
                .adjustments
                .retain(|a| a.target != Target::Sku(sku.clone()));
            Edit::Sku(leak(sku))
        }
        2 => {
            c.inputs.supply.overrides.push(ProductionOverride {
                sku: sku.clone(),
                month: m(r.n(h as usize) as i32),
                units: r.range(0.0, 500.0).round(),
            });
            Edit::Sku(leak(sku))
        }
        3 => {
            c.master.products[i].price = r.money(1.0, 900.0);
            c.master.products[i].unit_cost = r.money(1.0, 500.0);
            Edit::Sku(leak(sku))
        }
        4 => {
            let p = &mut c.master.products[i];
            p.on_hand = r.range(0.0, 400.0).round();
            p.lot_multiple = [0.0, 5.0, 20.0][r.n(3)];
            p.service_level = 0.9;
            p.strategy = Some(random_strategy(r));
            Edit::Sku(leak(sku))
        }
        5 => {
            let p = &mut c.master.products[i];
            if p.routing.is_empty() || r.chance(0.3) {
                p.routing.push(RoutingStep {
                    resource: format!("R{}", r.n(c.master.resources.len())),
                    hours_per_unit: r.range(0.1, 3.0),
                });
            } else {
                p.routing.clear();
            }
            if !c.master.components.is_empty() {
                p.bom = vec![BomLine {
                    component: format!("C{}", r.n(c.master.components.len())),
                    qty_per_unit: 2.0,
                }];
            }
            Edit::Sku(leak(sku))
        }
        6 => {
            // A new baseline (the forecaster re-ran this SKU).
            if let Some(x) = b.iter_mut().find(|x| x.sku == sku) {
                for v in x.values.iter_mut() {
                    *v *= r.range(0.5, 1.5);
                }
                x.sigma = r.range(0.0, 30.0);
            }
            Edit::Sku(leak(sku))
        }
        7 => {
            c.inputs.pipeline.push(Opportunity {
                id: 99,
                sku: sku.clone(),
                month: m(r.n(h as usize) as i32),
                units: 200.0,
                probability: r.f(),
                customer: String::new(),
                stage: Default::default(),
            });
            Edit::Sku(leak(sku))
        }
        8 => {
            let f = c.master.families[r.n(c.master.families.len())].id.clone();
            c.inputs.adjustments.push(Adjustment {
                id: 5000,
                layer: Layer::Sales,
                role: Role::Sales,
                target: Target::Family(f.clone()),
                from: m(0),
                to: m(h),
                change: Change::Units(r.range(-100.0, 100.0)),
                reason: String::new(),
            });
            Edit::Family(leak(f))
        }
        9 => {
            let k = r.n(c.master.families.len());
            c.master.families[k].strategy = random_strategy(r);
            if r.chance(0.5) {
                Edit::Family(leak(c.master.families[k].id.clone()))
            } else {
                // Declared as something else: the planner detects the strategy change.
                Edit::Finance
            }
        }
        10 => {
            let k = r.n(c.master.resources.len());
            let res = &mut c.master.resources[k];
            res.regular_hours *= r.range(0.5, 1.5);
            res.overtime_hours = r.range(0.0, 100.0);
            res.crew = r.range(0.5, 2.0);
            if r.chance(0.5) {
                Edit::Resource(leak(res.id.clone()))
            } else {
                Edit::Finance
            }
        }
        _ => {
            c.inputs.finance.dso_days = Decimal::from(r.n(120) as i64);
            c.inputs.finance.fixed_cost = r.money(0.0, 30_000.0);
            if let Some(x) = c.inputs.budget.first_mut() {
                x.revenue = r.money(0.0, 300_000.0);
            }
            Edit::Finance
        }
    }
}

#[test]
fn incremental_equals_full_recompute() {
    let mut partial = 0;
    for seed in 0..120 {
        let (mut c, mut b) = generated(seed);
        let levers = Levers::default();
        let mut planner = Planner::new(&c, &c.inputs, &levers, &b);
        let mut r = Rng(seed ^ 0x5eed);
        for step in 0..15 {
            let edit = random_edit(&mut r, &mut c, &mut b);
            let stats = planner.update(&c, &c.inputs.clone(), &levers, &b, edit);
            partial += !stats.full as u32;
            let full = plan(&c, &c.inputs, &levers, &b);
            if *planner.plan() != full {
                let d = differs(planner.plan(), &full);
                panic!("seed {seed} step {step} {edit:?} {stats:?}: differs in {d:?}");
            }
        }
    }
    assert!(partial > 1000, "updates were incremental: {partial}");
}

#[test]
fn single_sku_edit_recomputes_one_sku_unconstrained() {
    let (mut c, b) = generated(7);
    c.inputs.supply.constrained = false;
    let mut planner = Planner::new(&c, &c.inputs, &Levers::default(), &b);
    let sku = c.master.products[1].sku.clone();
    c.inputs.supply.overrides.push(ProductionOverride {
        sku: sku.clone(),
        month: m(0),
        units: 123.0,
    });
    let stats = planner.update(&c, &c.inputs, &Levers::default(), &b, Edit::Sku(&sku));
    assert!(!stats.full);
    assert_eq!((stats.skus_recomputed, stats.skus_reprojected), (1, 1));
    assert!(!stats.reallocated);
    assert_eq!(planner.plan().supply.production.get(1, 0), 123.0);
    // Constrained: the allocation is rerun over all SKUs.
    c.inputs.supply.constrained = true;
    let mut planner = Planner::new(&c, &c.inputs, &Levers::default(), &b);
    c.inputs.supply.overrides.pop();
    let stats = planner.update(&c, &c.inputs, &Levers::default(), &b, Edit::Sku(&sku));
    assert!(!stats.full && stats.reallocated && stats.skus_recomputed == 1);
    assert_eq!(*planner.plan(), plan(&c, &c.inputs, &Levers::default(), &b));
}

#[test]
fn plan_never_panics_on_odd_data() {
    // No products, no resources, one month.
    let c = cycle(1, vec![], vec![]);
    let p = plan(&c, &c.inputs, &Levers::default(), &[]);
    assert!(p.skus.is_empty() && p.finance.months.len() == 1);
    // Horizon 0.
    let c = cycle(0, vec![], vec![]);
    let p = plan(&c, &c.inputs, &Levers::default(), &[]);
    assert!(p.finance.months.is_empty());
    // Garbage the validation would reject: the planner still answers.
    let (mut c, mut b) = generated(3);
    c.master.products[0].on_hand = 1e300;
    c.master.products[0].family = "NOPE".into();
    c.master.products[1].service_level = 7.0;
    c.master.products[1].lot_multiple = f64::NAN;
    c.master.resources[0].regular_hours = f64::INFINITY;
    c.master.products[2].price = Decimal::MAX;
    c.inputs.finance.dso_days = Decimal::from(-30);
    b[0].values = vec![f64::NAN; 3];
    b[1].sigma = f64::INFINITY;
    let issues = validate::validate_plan_inputs(&c, &c.inputs, &Levers::default());
    assert!(validate::has_errors(&issues));
    for constrained in [false, true] {
        c.inputs.supply.constrained = constrained;
        let p = plan(&c, &c.inputs, &Levers::default(), &b);
        assert_eq!(p.skus.len(), c.master.products.len());
    }
}
