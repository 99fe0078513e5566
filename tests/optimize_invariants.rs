//! Invariants of the optimizer on the demo company: shadow prices match a finite
//! difference, the optimized plan costs no more than chase or level under the same
//! cost model and keeps every hard limit, an impossible set-up is explained, and the
//! result reaches the SKU plan as a scenario.

use sop_planner::engine::command::PlanRef;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Cycle, Levers, Strategy};
use sop_planner::engine::optimize::{self, Objective, Problem, build, repair, split};
use sop_planner::engine::plan::supply::quantum;
use sop_planner::engine::plan::{self, fallback};

fn demo() -> (Cycle, Vec<sop_planner::engine::model::Baseline>) {
    let c = demo_workspace().cycles.remove(0);
    let b = fallback::stand_in_baselines(&c);
    (c, b)
}

fn problem(c: &Cycle, b: &[sop_planner::engine::model::Baseline], levers: &Levers) -> Problem {
    let p = plan::plan(c, &c.inputs, levers, b);
    build::problem(c, &c.inputs, levers, &p, Objective::Cost)
}

#[test]
fn shadow_prices_match_a_finite_difference() {
    let (c, b) = demo();
    let mut p = problem(&c, &b, &Levers::default());
    p.whole = false;
    let o = optimize::solve(&p).unwrap();
    assert!(!o.shadow.hours.is_empty(), "the demo has a bottleneck");
    for h in o.shadow.hours.iter().take(3) {
        let q = p.resources.iter().position(|r| r.id == h.resource).unwrap();
        let t = p.months.iter().position(|m| *m == h.month).unwrap();
        let mut more = p.clone();
        more.resources[q].regular[t] += 1.0;
        let gain = o.objective_value - optimize::solve(&more).unwrap().objective_value;
        let price: f64 = h.per_hour.try_into().unwrap();
        assert!(
            (gain - price).abs() <= 0.01 * price.max(0.01),
            "{} {}: dual {price} vs finite difference {gain}",
            h.resource,
            h.month
        );
    }
}

#[test]
fn never_worse_than_chase_or_level_and_within_every_limit() {
    let (c, b) = demo();
    let levers = Levers::default();
    let p = problem(&c, &b, &levers);
    let o = optimize::solve(&p).unwrap();
    let (lp, _) = p.to_lp();
    // The plan's hard limits: capacity, labour, workforce, balance, ending.
    for (r, res) in o.resources.iter().zip(&p.resources) {
        for t in 0..p.months.len() {
            assert!(r.regular[t] <= res.regular[t] + 1e-6);
            assert!(r.overtime[t] <= res.overtime[t] + 1e-6);
        }
    }
    for f in &o.families {
        assert!(f.production.iter().all(|v| *v == v.round() && *v >= 0.0));
        assert!(f.backlog.last().unwrap().abs() < 1e-6, "full service");
    }
    assert!(o.fte.iter().all(|v| *v == v.round()));
    assert!(
        o.integer_gap >= 0.0 && o.integer_gap < 0.01,
        "{}",
        o.integer_gap
    );
    // Chase and level, each as family production fixed in the same model (FTE, hours,
    // inventory and backlog free): the optimum is never dearer.
    let mut compared = 0;
    for s in [Strategy::Chase, Strategy::Level] {
        let l = Levers {
            strategy: Some(s),
            ..Levers::default()
        };
        let sp = plan::plan(&c, &c.inputs, &l, &b);
        let mut fixed = p.clone();
        fixed.whole = false;
        let (flp, ix) = fixed.to_lp();
        let made: Vec<Vec<f64>> = p
            .families
            .iter()
            .map(|f| {
                (0..p.months.len())
                    .map(|t| {
                        (0..sp.skus.len())
                            .filter(|&i| sp.sku_family[i] == f.id)
                            .map(|i| sp.supply.production.get(i, t))
                            .sum()
                    })
                    .collect()
            })
            .collect();
        let bought = vec![vec![0.0; p.months.len()]; p.families.len()];
        let flp = repair::with_supply_fixed(&flp, &ix, &made, &bought);
        if let Ok(s) = flp.solve(None, 0.0) {
            compared += 1;
            assert!(o.objective_value <= s.objective + 1e-6, "{s:?} cheaper");
        }
    }
    let _ = lp;
    eprintln!("compared with {compared} of chase / level (the others break a limit)");
}

#[test]
fn max_fte_zero_with_demand_is_explained() {
    let (mut c, b) = demo();
    c.inputs.supply.costs.max_fte = Some(0.0);
    let e = optimize::optimize(&c, &c.inputs, &Levers::default(), &b, Objective::Cost).unwrap_err();
    assert!(e.0.contains("max FTE is 0"), "{e}");
    // A cash floor no plan can keep names the minimum cash.
    let (mut c, b) = demo();
    c.inputs.supply.costs.cash_floor = true;
    c.inputs.finance.min_cash = rust_decimal::Decimal::from(1_000_000_000i64);
    let e = optimize::optimize(&c, &c.inputs, &Levers::default(), &b, Objective::Cost).unwrap_err();
    assert!(e.0.contains("minimum cash"), "{e}");
}

#[test]
fn the_optimized_scenario_reaches_the_sku_plan() {
    let (c, b) = demo();
    let levers = Levers::default();
    let o = optimize::optimize(&c, &c.inputs, &levers, &b, Objective::Cost).unwrap();
    let base = plan::plan(&c, &c.inputs, &levers, &b);
    let inputs = split::scenario_inputs(&c.inputs, &o, &base, &c.master.products);
    let sp = plan::plan(&c, &inputs, &levers, &b);
    // Each SKU makes whole multiples of its production quantum (the demo has lots of
    // 5 and 10), and each family's SKUs make its supply on running totals within half
    // its largest quantum every month, ending with it or up to one quantum more
    // (`split::overrides`).
    let mut lots = 0;
    for f in &o.families {
        let rows: Vec<usize> = (0..sp.skus.len())
            .filter(|&i| sp.sku_family[i] == f.family)
            .collect();
        let q = |i: usize| {
            let p = c
                .master
                .products
                .iter()
                .find(|p| p.sku == sp.skus[i])
                .unwrap();
            quantum(p.lot_multiple)
        };
        let largest = rows.iter().map(|&i| q(i)).fold(0.0, f64::max);
        lots += rows.iter().filter(|&&i| q(i) > 1.0).count();
        let (mut made, mut want) = (0.0, 0.0);
        for t in 0..o.months.len() {
            for &i in &rows {
                let x = sp.supply.production.get(i, t) / q(i);
                assert!((x - x.round()).abs() < 1e-9, "{} {t}: {x} lots", sp.skus[i]);
            }
            made += rows
                .iter()
                .map(|&i| sp.supply.production.get(i, t))
                .sum::<f64>();
            want += f.production[t] + f.subcontract[t];
            let ahead = made - want;
            if t + 1 < o.months.len() {
                assert!(
                    ahead.abs() <= largest / 2.0 + 1e-9,
                    "{} {t}: {made} vs {want}",
                    f.family
                );
            } else {
                assert!(
                    (-1e-9..largest).contains(&ahead),
                    "{} ends {made} vs {want}",
                    f.family
                );
            }
        }
    }
    assert!(lots > 0, "the demo has lot multiples");
    let (cmd, id) = split::save_scenario(&c, PlanRef::Base, Objective::Cost, inputs).unwrap();
    let mut c2 = c.clone();
    cmd.apply(&mut c2).unwrap();
    let s = c2.scenarios.iter().find(|s| s.id == id).unwrap();
    assert_eq!(s.name, "Optimized: min cost");
    // Saving again replaces it.
    let (cmd, id2) =
        split::save_scenario(&c2, PlanRef::Base, Objective::Cost, s.inputs.clone()).unwrap();
    cmd.apply(&mut c2).unwrap();
    assert_eq!((id, c2.scenarios.len()), (id2, c.scenarios.len() + 1));
}

/// The saved scenario is costed as saved: its SKU production (whole lots per SKU) fixed
/// in the optimum's cost model. With every lot 1 the SKUs make exactly the optimum's
/// family production, so the saved plan costs exactly the optimum; with the demo's lots
/// of 5 and 10 its materials are the SKU units made at each family's material rate, its
/// revenue the optimum's (full service: every unit demanded ships by the end), and it
/// never costs less than the LP bound.
#[test]
fn the_saved_scenario_is_costed_as_split_to_sku_lots() {
    use sop_planner::engine::optimize::outcome;
    use sop_planner::engine::optimize::result::line;
    let (mut c, b) = demo();
    for p in &mut c.master.products {
        p.lot_multiple = 1.0;
    }
    let o = outcome::outcome(&c, None, &b, Objective::Cost).unwrap();
    assert_eq!(
        o.saved.as_ref(),
        Some(&o.costs),
        "lots of 1: as the optimum"
    );
    assert_eq!(o.saved_revenue, Some(o.revenue));

    let (c, b) = demo();
    let o = outcome::outcome(&c, None, &b, Objective::Cost).unwrap();
    let saved = o
        .saved
        .clone()
        .expect("the split plan keeps every hard limit");
    assert_eq!(o.saved_revenue, Some(o.revenue), "full service either way");
    let levers = Levers::default();
    let p = problem(&c, &b, &levers);
    let sp = plan::plan(&c, &o.inputs, &levers, &b);
    let opt = optimize::solve(&p).unwrap();
    let made = p.families.iter().flat_map(|f| {
        let r = opt.families.iter().find(|r| r.family == f.id).unwrap();
        let rows: Vec<usize> = (0..sp.skus.len())
            .filter(|&i| sp.sku_family[i] == f.id)
            .collect();
        let sp = &sp;
        (0..p.months.len()).map(move |t| {
            let units: f64 = rows.iter().map(|&i| sp.supply.production.get(i, t)).sum();
            (units - r.subcontract[t].clamp(0.0, units), f.material)
        })
    });
    assert_eq!(saved.materials, line(made));
    assert_ne!(saved, o.costs, "the demo's lots move some family totals");
    let total: f64 = saved.total.try_into().unwrap();
    assert!(
        total >= o.lp_bound - 0.01,
        "{total} below the LP bound {}",
        o.lp_bound
    );
    eprintln!(
        "demo: optimum {} · as saved in SKU lots {} · LP bound {:.2}",
        o.costs.total, saved.total, o.lp_bound
    );
}
