//! One KPI vocabulary: capacity "needs overtime" vs "over capacity", a fill rate that
//! never reads 100.0 % while anything is short, revenue vs budget with its worst month,
//! and exceptions ranked by the money at stake, grouped by area.

mod common;

use common::*;
use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::model::*;
use sop_planner::engine::number::NumberFormat;
use sop_planner::engine::plan::kpi::shown_ratio;
use sop_planner::engine::plan::{CapacityState, ExceptionKind, plan_cycle};
use sop_planner::engine::review::exceptions::{Area, ranked};

/// One SKU, chase, 1 h per unit on LINE (100 h regular, 30 h overtime), price 10.
fn line_cycle(demand: &[f64]) -> (Cycle, Vec<Baseline>) {
    let mut c = cycle(
        demand.len() as u32,
        vec![family("F", Strategy::Chase)],
        vec![product("A", "F", "10", "6", 0.0)],
    );
    c.master.resources = vec![resource("LINE", 100.0, 30.0)];
    c.master.products[0].routing = vec![RoutingStep {
        resource: "LINE".into(),
        hours_per_unit: 1.0,
    }];
    (c, vec![baseline("A", demand, 0.0)])
}

#[test]
fn a_peak_within_overtime_needs_overtime_and_is_no_overload() {
    // 119 h in month 2: 19 h above regular, within the 30 h of overtime.
    let (c, b) = line_cycle(&[50.0, 119.0, 50.0]);
    let p = plan_cycle(&c, &b);
    let k = &p.kpis;
    assert!((k.peak_utilization - 1.19).abs() < 1e-12);
    assert_eq!((k.overtime_months, k.over_capacity_months), (1, 0));
    assert_eq!(k.capacity_state(), CapacityState::NeedsOvertime);
    assert_eq!(k.capacity_state().label(), "needs overtime");
    assert!(
        !p.exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::Overload)
    );

    // 140 h: 10 h beyond regular + overtime; 119 h still only needs overtime.
    let (c, b) = line_cycle(&[50.0, 119.0, 140.0]);
    let p = plan_cycle(&c, &b);
    assert_eq!(
        (p.kpis.overtime_months, p.kpis.over_capacity_months),
        (1, 1)
    );
    assert_eq!(p.kpis.capacity_state(), CapacityState::OverCapacity);
    assert_eq!(p.kpis.capacity_state().label(), "over capacity");

    // Everything within regular hours.
    let (c, b) = line_cycle(&[50.0, 100.0, 60.0]);
    let p = plan_cycle(&c, &b);
    assert_eq!(p.kpis.capacity_state(), CapacityState::Fits);
}

#[test]
fn the_capacity_counts_are_the_resource_months_of_the_plan() {
    let c = demo_workspace().cycles.pop().unwrap();
    let b = baselines(&c);
    let mut up = c.clone();
    up.inputs.adjustments.push(Adjustment {
        id: 9_999,
        target: Target::Family(c.master.families[0].id.clone()),
        layer: Layer::Sales,
        role: Role::Sales,
        from: c.label,
        to: c.label.plus(c.horizon as i32 - 1),
        change: Change::Percent(30.0),
        reason: "upside".into(),
    });
    for cy in [&c, &up] {
        let p = plan_cycle(cy, &b);
        let cap = &p.capacity;
        let (mut over, mut ot) = (0, 0);
        for r in 0..cap.resources.len() {
            for t in 0..p.months.len() {
                if cap.overload.get(r, t) > 0.0 {
                    over += 1;
                } else if cap.load.get(r, t) > cap.regular.get(r, t) + 1e-6 {
                    ot += 1;
                }
            }
        }
        assert_eq!(
            (p.kpis.over_capacity_months, p.kpis.overtime_months),
            (over, ot)
        );
        // A peak above 100 % never sits beside "fits".
        if p.kpis.peak_utilization > 1.0 + 1e-9 {
            assert_ne!(p.kpis.capacity_state(), CapacityState::Fits);
        }
    }
    // The upside loads the demo beyond capacity somewhere.
    assert!(plan_cycle(&up, &b).kpis.over_capacity_months > 0);
}

#[test]
fn fill_rate_never_reads_100_percent_while_anything_is_short() {
    assert_eq!(shown_ratio(0.99996), 0.999);
    assert_eq!(shown_ratio(0.987), 0.987);
    assert_eq!(shown_ratio(1.0), 1.0);
    // One unit short of 10,000 over the horizon: 99.99 % → shown 99.9 %.
    let (c, b) = line_cycle(&[50.0, 119.0, 50.0]);
    let mut k = plan_cycle(&c, &b).kpis;
    assert!(!k.anything_short());
    assert_eq!(k.fill_rate_shown(), 1.0);
    k.fill_rate = 0.9999;
    k.stockout_skus = 1;
    assert_eq!(k.fill_rate_shown(), 0.999);
    // A SKU short by a hair, the ratio rounding to 1: still not 100 %.
    k.fill_rate = 1.0;
    assert_eq!(k.fill_rate_shown(), 0.999);
}

#[test]
fn revenue_vs_budget_names_the_months_below_and_the_worst() {
    let c = demo_workspace().cycles.pop().unwrap();
    let p = plan_cycle(&c, &baselines(&c));
    let gaps: Vec<(sop_planner::engine::month::Month, Decimal)> = p
        .finance
        .months
        .iter()
        .filter_map(|m| Some((m.month, m.revenue_gap?)))
        .filter(|(_, g)| *g < Decimal::ZERO)
        .collect();
    assert!(!gaps.is_empty(), "the demo has months below budget");
    let worst = gaps.iter().min_by_key(|g| g.1).unwrap();
    assert_eq!(p.kpis.revenue_months_below, gaps.len());
    assert_eq!(p.kpis.revenue_worst_month, Some(worst.0));
    assert_eq!(p.kpis.revenue_worst_gap, worst.1);
}

#[test]
fn exceptions_are_grouped_and_ranked_by_money_at_stake() {
    // Over capacity by 10 h (40 + 20 per hour: 600) and months below a budget.
    let (mut c, b) = line_cycle(&[50.0, 119.0, 140.0]);
    c.inputs.budget = (0..3)
        .map(|t| BudgetMonth {
            month: m(t),
            revenue: dec("2000"),
            gross_margin: Decimal::ZERO,
        })
        .collect();
    let p = plan_cycle(&c, &b);
    let groups = ranked(&c, &p, NumberFormat::POINT);
    let areas: Vec<Area> = groups.iter().map(|g| g.area).collect();
    // Budget: 1,500 + 810 + 600 short = 2,910 (three months in a row: one item).
    let budget = groups.iter().find(|g| g.area == Area::Budget).unwrap();
    assert_eq!(budget.items.len(), 1);
    assert_eq!(budget.impact, dec("2910"));
    assert!(
        budget.items[0].message.contains("3 months"),
        "{}",
        budget.items[0].message
    );
    let cap = groups.iter().find(|g| g.area == Area::Capacity).unwrap();
    assert_eq!(cap.items[0].kind, ExceptionKind::Overload);
    assert_eq!(cap.impact, dec("600"));
    // Groups by their money, largest first.
    assert_eq!(areas[..2], [Area::Budget, Area::Capacity]);
    for g in &groups {
        assert!(g.items.windows(2).all(|w| w[0].impact >= w[1].impact));
        assert_eq!(g.impact, g.items.iter().map(|i| i.impact).sum::<Decimal>());
    }
    assert!(groups.windows(2).all(|w| w[0].impact >= w[1].impact));
}

#[test]
fn every_exception_of_the_demo_is_listed_once_and_stockouts_cost_units_times_price() {
    let c = demo_workspace().cycles.pop().unwrap();
    let p = plan_cycle(&c, &baselines(&c));
    let groups = ranked(&c, &p, NumberFormat::POINT);
    let budget = |k: ExceptionKind| {
        matches!(
            k,
            ExceptionKind::RevenueBelowBudget | ExceptionKind::MarginBelowBudget
        )
    };
    let listed: usize = groups
        .iter()
        .flat_map(|g| &g.items)
        .filter(|i| !budget(i.kind))
        .count();
    assert_eq!(
        listed,
        p.exceptions.iter().filter(|e| !budget(e.kind)).count()
    );
    for e in p
        .exceptions
        .iter()
        .filter(|e| e.kind == ExceptionKind::Stockout)
    {
        let sku = e.sku.as_deref().unwrap();
        let price = c
            .master
            .products
            .iter()
            .find(|x| x.sku == sku)
            .unwrap()
            .price;
        let item = groups
            .iter()
            .flat_map(|g| &g.items)
            .find(|i| i.kind == ExceptionKind::Stockout && i.sku.as_deref() == Some(sku))
            .unwrap();
        let expected = price * Decimal::from_f64_retain(e.quantity).unwrap();
        assert!(
            (item.impact - expected).abs() < dec("0.01"),
            "{sku}: {} vs {expected}",
            item.impact
        );
        // The message never says "0 units" of a stockout that is there.
        assert!(!e.message.contains(", 0 units"), "{}", e.message);
    }
}

/// An exception's sentence is written from its figures in a number format: the plan's
/// JSON in the plain one, the executive review in the workspace's.
#[test]
fn exception_sentences_follow_the_number_format() {
    use sop_planner::engine::month::Month;
    use sop_planner::engine::plan::{Detail, Exception};
    let at = |kind, quantity: f64, amount: Option<&str>, detail| Exception {
        kind,
        sku: Some("EB-CITY".into()),
        family: None,
        resource: Some("ASSY".into()),
        component: Some("FRAME".into()),
        adjustment: Some(7),
        month: Some(Month::new(2027, 3)),
        months: 2,
        quantity,
        amount: amount.map(dec),
        detail,
        message: String::new(),
    };
    let comma = NumberFormat::COMMA;
    let stockout = at(
        ExceptionKind::Stockout,
        1234.56,
        None,
        Detail::Stockout { lost: false },
    );
    assert_eq!(
        stockout.text(comma),
        "EB-CITY cannot ship all demand from 2027-03 (2 month(s), 1.234,6 units peak backlog)"
    );
    assert_eq!(
        stockout.text(NumberFormat::POINT),
        "EB-CITY cannot ship all demand from 2027-03 (2 month(s), 1,234.6 units peak backlog)"
    );
    let lost = at(
        ExceptionKind::Stockout,
        0.03,
        None,
        Detail::Stockout { lost: true },
    );
    assert!(
        lost.text(comma)
            .ends_with("(2 month(s), under 0.1 units lost)")
    );
    let over = at(
        ExceptionKind::Overload,
        12.0,
        None,
        Detail::Overload { utilization: 1.135 },
    );
    assert_eq!(
        over.text(comma),
        "ASSY is overloaded in 2027-03 by 12 h beyond regular and overtime (114 % of regular)"
    );
    let none = at(
        ExceptionKind::NoRegularHours,
        15.5,
        None,
        Detail::NoRegularHours { beyond: 3.25 },
    );
    assert_eq!(
        none.text(comma),
        "ASSY has no regular hours in 2027-03 but a load of 15,5 h, 3,3 h beyond overtime"
    );
    let cash = at(
        ExceptionKind::CashBelowMinimum,
        0.0,
        Some("-12345.50"),
        Detail::Cash {
            minimum: dec("50000"),
        },
    );
    assert_eq!(
        cash.text(comma),
        "Cash falls below the minimum 50.000 from 2027-03 for 2 month(s), low −12.346"
    );
    let budget = at(
        ExceptionKind::MarginBelowBudget,
        0.0,
        Some("-1500.4"),
        Detail::None,
    );
    assert_eq!(
        budget.text(comma),
        "Gross margin in 2027-03 is 1.500 below budget"
    );
    let adj = at(
        ExceptionKind::LargeAdjustmentWithoutReason,
        -12.5,
        None,
        Detail::Adjustment {
            role: Role::Sales,
            change: Change::Percent(-12.5),
            target: "EBIKE".into(),
            from: Month::new(2027, 1),
            to: Month::new(2027, 4),
        },
    );
    assert_eq!(
        adj.text(comma),
        "Sales adjustment #7 of EBIKE (−12,5 %, 2027-01–2027-04) has no reason"
    );
    let order = at(
        ExceptionKind::PastDueOrder,
        2500.0,
        None,
        Detail::PastDue {
            order: Month::new(2027, 1),
        },
    );
    assert_eq!(
        order.text(comma),
        "Order 2.500 FRAME now: needed in 2027-03, lead time says order by 2027-01"
    );
    // The plan's own: the overload of this line (10 h) in the review's words.
    let (c, b) = line_cycle(&[50.0, 119.0, 140.0]);
    let p = plan_cycle(&c, &b);
    let e = p
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::Overload)
        .unwrap();
    assert_eq!(e.message, e.text(NumberFormat::POINT));
    let groups = ranked(&c, &p, comma);
    let cap = groups.iter().find(|g| g.area == Area::Capacity).unwrap();
    assert_eq!(cap.items[0].message, e.text(comma));
}

/// The printed summary's exceptions: those with the most money at stake over all
/// groups, none left out that has more than one listed.
#[test]
fn the_printed_summary_lists_the_most_money_at_stake() {
    use sop_planner::engine::review::exceptions::{PRINTED, most_urgent};
    let c = demo_workspace().cycles.pop().unwrap();
    let p = plan_cycle(&c, &baselines(&c));
    let groups = ranked(&c, &p, NumberFormat::POINT);
    let n: usize = groups.iter().map(|g| g.items.len()).sum();
    assert_eq!(most_urgent(&groups, PRINTED).len(), n.min(PRINTED));
    // The demo's three most urgent.
    assert!(n > 3, "{n}");
    let top = most_urgent(&groups, 3);
    assert_eq!(top.len(), 3);
    let impact =
        |(a, k): (Area, usize)| groups.iter().find(|g| g.area == a).unwrap().items[k].impact;
    let listed: Vec<Decimal> = top.iter().map(|&x| impact(x)).collect();
    assert!(listed.windows(2).all(|w| w[0] >= w[1]), "{listed:?}");
    let least = *listed.last().unwrap();
    for g in &groups {
        for (k, i) in g.items.iter().enumerate() {
            if !top.contains(&(g.area, k)) {
                assert!(i.impact <= least, "{} left out", i.message);
            }
        }
    }
    assert_eq!(most_urgent(&groups, 0), vec![]);
}
