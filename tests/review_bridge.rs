//! Bridges (`engine::review::bridge`): each adds up exactly from one plan's number to
//! the other's, and each step holds what it says (hand-checked on levers that move one
//! thing only).

mod common;

use common::*;
use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::engine::number::NumberFormat;
use sop_planner::engine::plan::money::qty_decimal;
use sop_planner::engine::plan::{Plan, fallback, plan, plan_cycle};
use sop_planner::engine::review::bridge::{Bridge, budget_bridge, cash_bridge, margin_bridge};
use sop_planner::engine::review::levers::levers_text;

fn demo() -> (Cycle, Vec<Baseline>) {
    let c = demo_workspace().cycles.remove(0);
    let b = fallback::stand_in_baselines(&c);
    (c, b)
}

fn with(c: &Cycle, b: &[Baseline], levers: &Levers) -> Plan {
    plan(c, &c.inputs, levers, b)
}

fn adds_up(br: &Bridge) {
    let sum: Decimal = br.steps.iter().map(|s| s.amount).sum();
    assert_eq!(br.from + sum, br.to, "{br:?}");
    for s in &br.steps {
        assert_eq!(s.amount, s.amount.round_dp(2), "{} to the cent", s.key);
    }
}

fn amount(br: &Bridge, key: &str) -> Decimal {
    br.steps.iter().find(|s| s.key == key).unwrap().amount
}

fn all_families(c: &Cycle, pct: f64) -> Levers {
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

#[test]
fn more_demand_is_volume_and_mix_and_cash_tied_in_receivables() {
    let (c, b) = demo();
    let none = Levers::default();
    let up = all_families(&c, 20.0);
    let (base, scen) = (plan_cycle(&c, &b), with(&c, &b, &up));
    let m = margin_bridge(&c, &base, &none, &scen, &up, "+20 %");
    adds_up(&m);
    assert!(amount(&m, "volume") > Decimal::ZERO);
    assert_eq!(amount(&m, "price"), Decimal::ZERO);
    assert_eq!(amount(&m, "cost"), Decimal::ZERO);
    // Mix as defined: Σ q_s·m_b − Q_s·GM_b/Q_b, up to a cent per month of rounding.
    let q = |p: &Plan, i: usize| -> Decimal {
        p.supply
            .shipments
            .row(i)
            .iter()
            .map(|&x| qty_decimal(x))
            .sum()
    };
    let (mut qs_total, mut qb_total, mut at_margins) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for (i, p) in c.master.products.iter().enumerate() {
        qs_total += q(&scen, i);
        qb_total += q(&base, i);
        at_margins += q(&scen, i) * (p.price - p.unit_cost);
    }
    let mix = at_margins - qs_total * m.from / qb_total;
    let months = Decimal::from(base.months.len());
    assert!(
        (amount(&m, "mix") - mix).abs() <= Decimal::new(2, 2) * months,
        "mix {} vs {mix}",
        amount(&m, "mix")
    );
    // Cash at every month end: exact; more revenue is more receivables (negative).
    for t in 0..base.months.len() {
        let cb = cash_bridge(&base, &scen, t, "+20 %");
        adds_up(&cb);
        assert_eq!(cb.from, base.finance.months[t].cash);
        assert_eq!(cb.to, scen.finance.months[t].cash);
        assert_eq!(amount(&cb, "opening-cash"), Decimal::ZERO);
    }
    let first = cash_bridge(&base, &scen, 0, "+20 %");
    assert!(amount(&first, "receivables") < Decimal::ZERO, "{first:?}");
}

#[test]
fn a_price_lever_is_all_price_and_a_dso_lever_all_receivables() {
    let (c, b) = demo();
    let none = Levers::default();
    let base = plan_cycle(&c, &b);
    // +10 % price: the same units, each 10 % dearer.
    let price = Levers {
        price_pct: 10.0,
        ..Levers::default()
    };
    let scen = with(&c, &b, &price);
    let m = margin_bridge(&c, &base, &none, &scen, &price, "price +10 %");
    adds_up(&m);
    assert_eq!(amount(&m, "volume"), Decimal::ZERO);
    assert_eq!(amount(&m, "cost"), Decimal::ZERO);
    let revenue_up = scen.finance.totals.revenue - base.finance.totals.revenue;
    assert!((amount(&m, "price") - revenue_up).abs() <= Decimal::new(1, 2) * Decimal::from(18));
    // DSO 60 → 90 days: the margin is the same; receivables take the cash.
    assert_eq!(c.inputs.finance.dso_days, Decimal::from(60));
    let dso = Levers {
        dso_days: Some(Decimal::from(90)),
        ..Levers::default()
    };
    let scen = with(&c, &b, &dso);
    let t = 5;
    let cb = cash_bridge(&base, &scen, t, "DSO 90");
    adds_up(&cb);
    assert_eq!(amount(&cb, "gross-margin"), Decimal::ZERO);
    assert_eq!(amount(&cb, "inventory"), Decimal::ZERO);
    assert_eq!(
        amount(&cb, "receivables"),
        -(scen.finance.months[t].ar - base.finance.months[t].ar)
    );
    assert!(amount(&cb, "receivables") < Decimal::ZERO);
}

#[test]
fn budget_to_plan_by_hand() {
    // One SKU, 100 units a month at 18.00, unit cost 10.00: revenue 1,800, GM 800 a
    // month. Budget 2,000 revenue at 900 GM (45 %) for two months.
    let mut c = cycle(
        3,
        vec![family("F", Strategy::Chase)],
        vec![product("A", "F", "18", "10", 0.0)],
    );
    c.inputs.budget = (0..2)
        .map(|t| BudgetMonth {
            month: m(t),
            revenue: dec("2000"),
            gross_margin: dec("900"),
        })
        .collect();
    let p = plan_cycle(&c, &[baseline("A", &[100.0, 100.0, 100.0], 0.0)]);
    let br = budget_bridge(&p.finance, "Base plan").unwrap();
    adds_up(&br);
    // Budget GM 1,800 → plan GM 1,600 over the two budgeted months. Revenue 400 short
    // at 45 % = −180; the margin rate (44.4 % vs 45 %) the other −20.
    assert_eq!((br.from, br.to), (dec("1800"), dec("1600")));
    assert_eq!(amount(&br, "revenue"), dec("-180"));
    assert_eq!(amount(&br, "margin-rate"), dec("-20"));
    c.inputs.budget.clear();
    let p = plan_cycle(&c, &[baseline("A", &[100.0, 100.0, 100.0], 0.0)]);
    assert!(budget_bridge(&p.finance, "Base plan").is_none());
}

#[test]
fn levers_in_words_as_typed_in_both_formats() {
    let l = Levers {
        demand_pct: vec![PctFor {
            id: "BIKES".into(),
            pct: 12.5,
        }],
        price_pct: -3.0,
        cost_pct: 0.0,
        capacity_pct: vec![PctFor {
            id: "WELD".into(),
            pct: -0.125,
        }],
        dso_days: Some(Decimal::new(4500, 2)),
        dpo_days: None,
        strategy: Some(Strategy::TargetCover { months: 1.5 }),
    };
    assert_eq!(
        levers_text(&l, NumberFormat::POINT),
        [
            "demand BIKES +12.5 %",
            "price −3 %",
            "capacity WELD −0.125 %",
            "DSO 45 days",
            "strategy target cover 1.5 months",
        ]
    );
    assert_eq!(
        levers_text(&l, NumberFormat::COMMA),
        [
            "demand BIKES +12,5 %",
            "price −3 %",
            "capacity WELD −0,125 %",
            "DSO 45 days",
            "strategy target cover 1,5 months",
        ]
    );
    let chase = Levers {
        strategy: Some(Strategy::Chase),
        ..Levers::default()
    };
    assert_eq!(
        levers_text(&chase, NumberFormat::POINT),
        [format!(
            "strategy {}",
            Strategy::Chase.label().to_lowercase()
        )]
    );
    assert!(levers_text(&Levers::default(), NumberFormat::POINT).is_empty());
}
