//! `LivePlan`: after any edit of a cycle (found by comparing, not declared), the plan
//! equals a full recompute exactly, and typical edits are incremental.

mod common;

use common::*;
use rust_decimal::Decimal;
use sop_planner::engine::demo;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{LivePlan, Unchanged, fallback, plan};

/// A random edit as the app makes them (whole values replaced); returns its name.
fn random_edit(r: &mut Rng, c: &mut Cycle, b: &mut [Baseline], next_id: &mut u64) -> &'static str {
    let n = c.master.products.len();
    let i = r.n(n);
    let sku = c.master.products[i].sku.clone();
    let h = c.horizon as i32;
    let month = |r: &mut Rng| c.label.plus(r.n(h as usize) as i32);
    let mut id = || {
        *next_id += 1;
        *next_id
    };
    match r.n(17) {
        0 => {
            let (from, to) = (month(r), c.label.plus(h));
            c.inputs.adjustments.push(Adjustment {
                id: id(),
                layer: [Layer::Sales, Layer::Marketing, Layer::Consensus][r.n(3)],
                role: Role::Sales,
                target: Target::Sku(sku),
                from,
                to,
                change: if r.chance(0.5) {
                    Change::Units(r.range(-50.0, 80.0))
                } else {
                    Change::Percent(r.range(-30.0, 50.0))
                },
                reason: String::new(),
            });
            "add SKU adjustment"
        }
        1 => {
            if let Some(a) = c.inputs.adjustments.get_mut(r.n(8)) {
                a.change = Change::Percent(r.range(-20.0, 40.0));
                a.reason = "changed".into();
            }
            "change an adjustment"
        }
        2 => {
            if !c.inputs.adjustments.is_empty() {
                let k = r.n(c.inputs.adjustments.len());
                c.inputs.adjustments.remove(k);
            }
            "remove an adjustment"
        }
        3 => {
            if let Some(a) = c.inputs.adjustments.first_mut() {
                a.target = Target::Sku(sku);
            }
            "retarget an adjustment"
        }
        4 => {
            let m = month(r);
            c.inputs.supply.overrides.push(ProductionOverride {
                sku,
                month: m,
                units: r.range(0.0, 500.0).round(),
            });
            "add override"
        }
        5 => {
            if let Some(o) = c.inputs.supply.overrides.get_mut(r.n(4)) {
                o.units = r.range(0.0, 300.0).round();
            }
            "change override"
        }
        6 => {
            c.master.products[i].price = r.money(1.0, 900.0);
            c.master.products[i].unit_cost = r.money(1.0, 500.0);
            "price and cost"
        }
        7 => {
            let p = &mut c.master.products[i];
            p.on_hand = r.range(0.0, 400.0).round();
            p.lot_multiple = [0.0, 5.0, 20.0][r.n(3)];
            p.strategy = if r.chance(0.3) {
                None
            } else {
                Some(random_strategy(r))
            };
            "product supply fields"
        }
        8 => {
            let nres = c.master.resources.len();
            let p = &mut c.master.products[i];
            if let Some(step) = p.routing.first_mut() {
                step.hours_per_unit = r.range(0.1, 3.0);
            } else if nres > 0 {
                p.routing.push(RoutingStep {
                    resource: c.master.resources[r.n(nres)].id.clone(),
                    hours_per_unit: 1.0,
                });
            }
            "routing"
        }
        9 => {
            if let Some(x) = b.get_mut(i) {
                for v in x.values.iter_mut() {
                    *v *= r.range(0.5, 1.5);
                }
                x.sigma = r.range(0.0, 30.0);
            }
            "new baseline"
        }
        10 => {
            let m = month(r);
            c.inputs.pipeline.push(Opportunity {
                id: id(),
                sku,
                month: m,
                units: 200.0,
                probability: r.f(),
                customer: String::new(),
                stage: Default::default(),
            });
            "add opportunity"
        }
        11 => {
            let f = c.master.families[r.n(c.master.families.len())].id.clone();
            c.inputs.adjustments.push(Adjustment {
                id: id(),
                layer: Layer::Sales,
                role: Role::Sales,
                target: Target::Family(f),
                from: c.label,
                to: c.label.plus(h),
                change: if r.chance(0.5) {
                    Change::Units(r.range(-100.0, 100.0))
                } else {
                    Change::Percent(20.0)
                },
                reason: String::new(),
            });
            "family adjustment"
        }
        12 => {
            let k = r.n(c.master.families.len());
            c.master.families[k].strategy = random_strategy(r);
            "family strategy"
        }
        13 => {
            if !c.master.resources.is_empty() {
                let k = r.n(c.master.resources.len());
                let res = &mut c.master.resources[k];
                res.regular_hours *= r.range(0.5, 1.5);
                res.overtime_hours = r.range(0.0, 100.0);
                res.crew = r.range(0.5, 2.0);
            }
            "resource hours"
        }
        14 => {
            c.inputs.finance.dso_days = Decimal::from(r.n(120) as i64);
            c.inputs.finance.fixed_cost = r.money(0.0, 30_000.0);
            if let Some(x) = c.inputs.budget.first_mut() {
                x.revenue = r.money(0.0, 300_000.0);
            }
            "finance and budget"
        }
        15 => {
            // Another supply mode, sometimes with a SKU edit in the same update.
            let s = &mut c.inputs.supply;
            match r.n(3) {
                0 => s.constrained ^= true,
                1 => s.use_overtime ^= true,
                _ => {
                    s.unmet = match s.unmet {
                        Unmet::Backlog => Unmet::LostSales,
                        Unmet::LostSales => Unmet::Backlog,
                    }
                }
            }
            if r.chance(0.5) {
                s.overrides.push(ProductionOverride {
                    sku,
                    month: month(r),
                    units: r.range(0.0, 500.0),
                });
            }
            "supply mode"
        }
        _ => {
            // Not a plan input: history and the forecast settings (the forecast re-runs
            // later and its baselines are the plan's input), decisions, status.
            if let Some(x) = c.history.first_mut().and_then(|x| x.units.first_mut()) {
                *x += 1.0;
            }
            c.inputs.forecast.outlier_cleansing ^= true;
            c.inputs.forecast.outlier_k += 0.5;
            c.decisions.push(Decision {
                id: id(),
                date: "2026-11-25".into(),
                role: Role::Executive,
                text: "noted".into(),
            });
            "not a plan input"
        }
    }
}

fn check(seed: u64, c0: Cycle, b0: Vec<Baseline>, steps: usize, share: f64) -> (u32, u32) {
    let (mut c, mut b) = (c0, b0);
    let levers = Levers::default();
    let mut live = LivePlan::new(&c, &c.inputs, &levers, &b).with_full_share(share);
    let mut r = Rng(seed ^ 0x11fe);
    let mut next_id = 1_000_000;
    let (mut partial, mut full) = (0, 0);
    for step in 0..steps {
        let before = b.clone();
        let master_before = c.master.clone();
        let what = random_edit(&mut r, &mut c, &mut b, &mut next_id);
        // Every other step says so when the baselines or the master data are the same
        // (not compared then).
        let unchanged = Unchanged {
            baselines: b == before && step % 2 == 0,
            master: c.master == master_before && step % 3 != 1,
        };
        let stats = live.update_with(&c, &c.inputs, &levers, &b, unchanged);
        let expected = plan(&c, &c.inputs, &levers, &b);
        let d = differs(live.plan(), &expected);
        assert!(
            d.is_empty(),
            "seed {seed} step {step} ({what}, {stats:?}): differs in {d:?}"
        );
        if what == "supply mode" {
            let s = stats.expect("another supply mode changes the plan");
            assert!(
                !s.full,
                "seed {seed} step {step}: the demand is kept ({s:?})"
            );
        }
        if what == "not a plan input" {
            assert_eq!(stats, None, "seed {seed} step {step}: nothing to recompute");
        }
        match stats {
            Some(s) if s.full => full += 1,
            Some(_) => partial += 1,
            None => {}
        }
    }
    (partial, full)
}

#[test]
fn live_plan_equals_full_recompute_after_random_edits() {
    let (mut partial, mut full) = (0, 0);
    for seed in 0..150 {
        let (mut c, b) = generated(seed);
        // Unique adjustment and opportunity ids, as the app keeps them.
        for (k, a) in c.inputs.adjustments.iter_mut().enumerate() {
            a.id = k as u64 + 1;
        }
        for (k, o) in c.inputs.pipeline.iter_mut().enumerate() {
            o.id = k as u64 + 1;
        }
        let (p, f) = check(seed, c, b, 20, 1.0);
        partial += p;
        full += f;
    }
    assert!(
        partial > 10 * full.max(1),
        "mostly incremental: {partial} incremental, {full} full"
    );
}

#[test]
fn live_plan_on_the_demo_and_a_sample_company() {
    let demo = demo::demo_workspace().cycles.remove(0);
    let b = fallback::stand_in_baselines(&demo);
    let (partial, _) = check(1, demo.clone(), b.clone(), 60, 1.0);
    assert!(partial > 30, "{partial}");
    let mut constrained = demo;
    constrained.inputs.supply.constrained = true;
    let b = fallback::stand_in_baselines(&constrained);
    check(2, constrained, b, 40, 1.0);
    let sample = demo::synthetic_cycle(300, 9);
    let b = fallback::stand_in_baselines(&sample);
    let (partial, _) = check(3, sample, b, 40, 0.25);
    assert!(partial > 20, "{partial}");
}

#[test]
fn nothing_to_do_when_no_plan_input_changed() {
    let mut c = demo::demo_workspace().cycles.remove(0);
    let b = fallback::stand_in_baselines(&c);
    let mut live = LivePlan::new(&c, &c.inputs, &Levers::default(), &b);
    assert_eq!(live.update(&c, &c.inputs, &Levers::default(), &b), None);
    c.history[0].units[3] += 50.0;
    c.status = CycleStatus::SupplyReview;
    assert_eq!(live.update(&c, &c.inputs, &Levers::default(), &b), None);
    // A SKU edit recomputes that SKU only (unconstrained demo).
    let sku = c.master.products[4].sku.clone();
    c.inputs.supply.overrides.push(ProductionOverride {
        sku,
        month: c.label.plus(2),
        units: 999.0,
    });
    let s = live
        .update(&c, &c.inputs, &Levers::default(), &b)
        .expect("an update");
    assert!(!s.full && s.skus_recomputed == 1, "{s:?}");
    assert_eq!(*live.plan(), plan(&c, &c.inputs, &Levers::default(), &b));
    // Constrained by capacity: production allocated again, not the demand; only the SKUs
    // whose production the capacity cut are projected again.
    let before = plan(&c, &c.inputs, &Levers::default(), &b);
    c.inputs.supply.constrained = !c.inputs.supply.constrained;
    let s = live.update(&c, &c.inputs, &Levers::default(), &b).unwrap();
    let after = plan(&c, &c.inputs, &Levers::default(), &b);
    let n = c.master.products.len();
    let cut = (0..n)
        .filter(|&i| before.supply.production.row(i) != after.supply.production.row(i))
        .count();
    assert!(cut > 0, "the demo's capacity binds: {cut} of {n}");
    assert!(
        !s.full && s.skus_recomputed == 0 && s.skus_reprojected == cut && s.reallocated,
        "{s:?}"
    );
    assert_eq!(*live.plan(), after);
    c.inputs.supply.unmet = Unmet::LostSales;
    c.inputs.supply.constrained = false;
    let s = live.update(&c, &c.inputs, &Levers::default(), &b).unwrap();
    assert!(!s.full && !s.reallocated, "{s:?}");
    assert_eq!(*live.plan(), plan(&c, &c.inputs, &Levers::default(), &b));
    // Other levers: full, and equal to the scenario's plan.
    let levers = Levers {
        price_pct: 5.0,
        ..Levers::default()
    };
    assert!(live.update(&c, &c.inputs, &levers, &b).unwrap().full);
    assert_eq!(*live.plan(), plan(&c, &c.inputs, &levers, &b));
}

/// Baselines arriving in batches, as the forecast pool publishes them (every SKU first
/// a `Baseline::pending` stand-in, then its baseline): each batch is one incremental
/// pass (`Edit::Skus`) and the plan equals a full recompute after every batch — on the
/// demo, the demo constrained by capacity (with family-level units) and a sample.
#[test]
fn baselines_published_in_batches_update_incrementally_and_exactly() {
    let demo = demo::demo_workspace().cycles.remove(0);
    let mut constrained = demo.clone();
    constrained.inputs.supply.constrained = true;
    for (c, batch) in [
        (demo, 3),
        (constrained, 5),
        (demo::synthetic_cycle(300, 4), 40),
    ] {
        let real = fallback::stand_in_baselines(&c);
        let mut b: Vec<Baseline> = real.iter().map(|x| Baseline::pending(&x.sku)).collect();
        assert!(b.iter().all(Baseline::is_pending) && !real.iter().any(Baseline::is_pending));
        let levers = Levers::default();
        let mut live = LivePlan::new(&c, &c.inputs, &levers, &b).with_full_share(1.0);
        let mut incremental = 0;
        for (k, part) in real.chunks(batch).enumerate() {
            let start = k * batch;
            b[start..start + part.len()].clone_from_slice(part);
            let touched = sop_planner::engine::change::ChangeSet::default();
            let base = sop_planner::engine::command::PlanRef::Base;
            let s = live.update_touched(&c, &c.inputs, &levers, &b, &touched, base, false);
            let s = s.expect("new baselines change the plan");
            incremental += usize::from(!s.full);
            assert_eq!(
                *live.plan(),
                plan(&c, &c.inputs, &levers, &b),
                "batch {k} of {}",
                c.id
            );
        }
        assert_eq!(
            incremental,
            real.len().div_ceil(batch),
            "every batch incremental"
        );
        assert_eq!(*live.plan(), plan(&c, &c.inputs, &levers, &real));
    }
}

/// A capacity or overtime switch where capacity binds on one resource only: just the
/// SKUs whose production the cut changes are projected again (their exceptions spliced
/// in among the others'), and the plan equals a full recompute each time.
#[test]
fn a_capacity_switch_reprojects_only_the_skus_it_cuts() {
    let mut c = demo::synthetic_cycle(300, 4);
    let b = fallback::stand_in_baselines(&c);
    let l = Levers::default();
    // The first resource at a tenth of its hours: it binds for the SKUs routed through it.
    let r = c.master.resources[0].id.clone();
    c.master.resources[0].regular_hours *= 0.1;
    c.master.resources[0].overtime_hours = c.master.resources[0].regular_hours * 0.2;
    let routed = c
        .master
        .products
        .iter()
        .filter(|p| p.routing.iter().any(|s| s.resource == r))
        .count();
    let n = c.master.products.len();
    assert!(routed > 0 && routed < n, "{routed} of {n} on {r}");
    let mut live = LivePlan::new(&c, &c.inputs, &l, &b);
    let mut partial = 0;
    for step in 0..6 {
        let before = plan(&c, &c.inputs, &l, &b);
        let s = &mut c.inputs.supply;
        match step % 3 {
            0 | 2 => s.constrained ^= true,
            _ => s.use_overtime ^= true,
        }
        let stats = live.update(&c, &c.inputs, &l, &b).expect("a switch");
        let after = plan(&c, &c.inputs, &l, &b);
        let cut = (0..n)
            .filter(|&i| before.supply.production.row(i) != after.supply.production.row(i))
            .count();
        assert!(!stats.full && stats.skus_recomputed == 0, "{stats:?}");
        assert_eq!(stats.skus_reprojected, cut, "step {step}");
        assert!(cut <= routed, "only SKUs on {r} are cut: {cut} > {routed}");
        partial += usize::from(cut > 0 && cut < n);
        assert_eq!(*live.plan(), after, "step {step}");
    }
    assert!(
        partial >= 2,
        "switches that cut some SKUs, not all: {partial}"
    );
}
