//! The demo's seasonal cash squeeze (issue #13): Northwind Cycles' base plan keeps its
//! cash above the minimum but dips before the spring season; +20 % demand in every
//! family (the executive review's demand levers) takes it below the minimum, and the cash
//! bridge at that month says why, its steps adding up to the cent. Planned with the
//! forecasts the app and `sop plan` use.

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{ExceptionKind, Plan, plan, plan_cycle};
use sop_planner::engine::review::bridge::cash_bridge;

/// Demand +`pct` % in every family, as the executive review's levers set it.
fn demand_up(c: &Cycle, pct: f64) -> Levers {
    Levers {
        demand_pct: c
            .master
            .families
            .iter()
            .map(|f| PctFor {
                id: f.id.clone(),
                pct,
            })
            .collect(),
        ..Levers::default()
    }
}

fn cash(p: &Plan) -> Vec<Decimal> {
    p.finance.months.iter().map(|m| m.cash).collect()
}

/// The first month of the lowest cash.
fn low(p: &Plan) -> (usize, Decimal) {
    let c = cash(p);
    let min = c.iter().copied().min().unwrap();
    (c.iter().position(|&x| x == min).unwrap(), min)
}

#[test]
fn the_base_plan_dips_before_the_season_and_plus_20_percent_goes_below_the_minimum() {
    let c = demo_workspace().cycles.remove(0);
    let b = baselines(&c);
    let min = c.inputs.finance.min_cash;
    assert!(min > Decimal::ZERO, "the demo has a minimum cash");
    let base = plan_cycle(&c, &b);
    let (t0, low0) = low(&base);
    let months = &base.months;
    println!(
        "base: opening {} min {min} low {low0} in {}",
        c.inputs.finance.opening_cash, months[t0]
    );

    // The base plan stays above the minimum, its low in the pre-season build (January
    // to April), not in month one; cash recovers once the season sells.
    assert!(low0 >= min, "base low {low0} ≥ minimum {min}");
    assert!(t0 > 0, "the low is not the opening month");
    assert!(
        (1..=4).contains(&months[t0].month()),
        "the low is before the season: {}",
        months[t0]
    );
    let base_cash = cash(&base);
    let peak_before = base_cash[..t0].iter().copied().max().unwrap();
    assert!(
        peak_before - low0 > Decimal::from(300_000),
        "a real dip: from {peak_before} down to {low0}"
    );
    assert!(
        base_cash[t0 + 3] > low0 + Decimal::from(500_000),
        "cash recovers in the season: {} three months later",
        base_cash[t0 + 3]
    );
    // Finished bikes are built ahead of the season: their stock at the low is above the
    // first month's and falls once the season sells.
    let fg = |t: usize| base.finance.months[t].inventory_fg;
    assert!(fg(t0) > fg(0), "stock built ahead: {} → {}", fg(0), fg(t0));
    assert!(fg(t0 + 4) < fg(t0), "the season sells the stock");
    assert!(
        !base
            .exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::CashBelowMinimum),
        "no cash exception in the base plan"
    );

    // +20 % demand in every family: the cash falls below the minimum.
    let up = demand_up(&c, 20.0);
    let scen = plan(&c, &c.inputs, &up, &b);
    let (t1, low1) = low(&scen);
    println!("+20 %: low {low1} in {}", months[t1]);
    assert!(low1 < min, "+20 % low {low1} < minimum {min}");
    assert!(
        (1..=4).contains(&months[t1].month()),
        "the squeeze is before the season: {}",
        months[t1]
    );
    let below: Vec<usize> = (0..months.len())
        .filter(|&t| scen.finance.months[t].cash < min)
        .collect();
    assert!(below.contains(&t1));
    let ex = scen
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::CashBelowMinimum)
        .expect("the scenario has a cash-below-minimum exception");
    assert_eq!(ex.month, Some(months[below[0]]));
    assert_eq!(ex.amount, Some(low1));
    // More revenue over the horizon, more cash at its end: the upside pays, later.
    assert!(scen.finance.totals.revenue > base.finance.totals.revenue);
    assert!(scen.finance.months.last().unwrap().cash > *base_cash.last().unwrap());

    // The cash bridge at the scenario's low month: base cash → scenario cash, to the
    // cent; more margin, but receivables and the stock built ahead take more.
    let br = cash_bridge(&base, &scen, t1, "+20 % demand");
    assert_eq!(br.from, base_cash[t1]);
    assert_eq!(br.to, low1);
    let sum: Decimal = br.steps.iter().map(|s| s.amount).sum();
    assert_eq!(br.from + sum, br.to, "{br:?}");
    for s in &br.steps {
        assert_eq!(s.amount, s.amount.round_dp(2), "{} to the cent", s.key);
    }
    let step = |k: &str| br.steps.iter().find(|s| s.key == k).unwrap().amount;
    assert_eq!(step("opening-cash"), Decimal::ZERO);
    assert!(step("gross-margin") > Decimal::ZERO, "{br:?}");
    assert!(step("receivables") < Decimal::ZERO, "{br:?}");
    assert!(step("inventory") < Decimal::ZERO, "{br:?}");
    assert!(step("payables") > Decimal::ZERO, "{br:?}");
    assert!(
        step("receivables") + step("inventory") + step("payables") < -step("gross-margin"),
        "working capital takes more than the margin brings: {br:?}"
    );
    // Each working-capital step is the change of that balance, scenario − base.
    let (fb, fs) = (&base.finance, &scen.finance);
    assert_eq!(
        step("receivables"),
        -(fs.months[t1].ar - fb.months[t1].ar),
        "same opening receivables"
    );
    assert_eq!(
        step("payables"),
        fs.months[t1].ap - fs.opening_ap - (fb.months[t1].ap - fb.opening_ap)
    );
}
