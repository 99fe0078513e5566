//! The finance review's statement (`engine::review::finance`): every block adds up from
//! top to bottom, to the cent, on the demo's plan, on generated plans with every
//! strategy and on a hand-computed case.

mod common;

use common::*;
use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{FinancePlan, fallback, plan_cycle};
use sop_planner::engine::review::finance::{Kind, Section, StatementRow, statement};

fn row<'a>(s: &'a [Section], key: &str) -> &'a StatementRow {
    s.iter()
        .flat_map(|sec| &sec.rows)
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("row {key}"))
}

/// Row `a` + row `b` + … of month `t`.
fn sum(s: &[Section], keys: &[&str], t: usize) -> Decimal {
    keys.iter().map(|k| row(s, k).values[t]).sum()
}

fn check_adds_up(f: &FinancePlan) {
    let s = statement(f);
    let n = f.months.len();
    assert!(n > 0);
    let mut cash = f.opening_cash;
    for t in 0..n {
        let v = |k: &str| row(&s, k).values[t];
        assert_eq!(
            sum(&s, &["revenue", "cogs"], t),
            v("gross-margin"),
            "GM {t}"
        );
        assert_eq!(
            sum(&s, &["gross-margin", "fixed-cost", "overtime"], t),
            v("ebitda"),
            "EBITDA {t}"
        );
        assert_eq!(
            sum(&s, &["collections", "payments", "fixed-paid"], t),
            v("ocf-direct"),
            "OCF direct {t}"
        );
        assert_eq!(
            sum(
                &s,
                &["ebitda-indirect", "delta-ar", "delta-inventory", "delta-ap"],
                t
            ),
            v("ocf-indirect"),
            "OCF indirect {t}"
        );
        assert_eq!(v("ocf-check"), Decimal::ZERO, "direct = indirect {t}");
        assert_eq!(
            sum(&s, &["inventory-fg", "inventory-components"], t),
            v("inventory")
        );
        cash += v("ocf-direct");
        assert_eq!(v("cash"), cash, "cash {t} = opening + Σ OCF");
        // Money is shown to the cent.
        for r in s.iter().flat_map(|sec| &sec.rows) {
            if r.kind != Kind::Ratio {
                assert_eq!(r.values[t], r.values[t].round_dp(2), "{} {t}", r.key);
            }
        }
    }
    for r in s.iter().flat_map(|sec| &sec.rows) {
        match r.kind {
            Kind::Flow => assert_eq!(r.total, r.values.iter().sum::<Decimal>(), "{}", r.key),
            Kind::Balance => assert_eq!(Some(&r.total), r.values.last(), "{}", r.key),
            Kind::Check => assert_eq!(r.total, Decimal::ZERO),
            Kind::Ratio => {}
        }
    }
    // The first month's changes are against the opening balances.
    assert_eq!(
        row(&s, "delta-ar").values[0],
        f.opening_ar - row(&s, "ar").values[0]
    );
    assert_eq!(row(&s, "ar").opening, Some(f.opening_ar));
    assert_eq!(row(&s, "cash").opening, Some(f.opening_cash));
}

#[test]
fn the_demo_statement_adds_up_to_the_cent() {
    let c = &demo_workspace().cycles[0];
    let p = plan_cycle(c, &fallback::stand_in_baselines(c));
    check_adds_up(&p.finance);
}

#[test]
fn generated_plans_add_up_with_every_strategy() {
    for seed in 0..12 {
        let (c, b) = generated(seed);
        check_adds_up(&plan_cycle(&c, &b).finance);
    }
}

#[test]
fn a_hand_computed_month() {
    // One SKU, 100 units a month at 18.00, unit cost 10.00, chase, no stock: revenue
    // 1,800.00, COGS −1,000.00, gross margin 800.00 and 44.44 %; fixed cost 500.00 →
    // EBITDA 300.00.
    let mut c = cycle(
        3,
        vec![family("F", Strategy::Chase)],
        vec![product("A", "F", "18", "10", 0.0)],
    );
    c.inputs.finance.fixed_cost = dec("500");
    let p = plan_cycle(&c, &[baseline("A", &[100.0, 100.0, 100.0], 0.0)]);
    let s = statement(&p.finance);
    assert_eq!(row(&s, "revenue").values[0], dec("1800"));
    assert_eq!(row(&s, "cogs").values[0], dec("-1000"));
    assert_eq!(row(&s, "gross-margin").values[0], dec("800"));
    assert_eq!(row(&s, "gm-pct").total, dec("0.4444"));
    assert_eq!(row(&s, "fixed-cost").values[0], dec("-500"));
    assert_eq!(row(&s, "ebitda").values[0], dec("300"));
    assert_eq!(row(&s, "revenue").total, dec("5400"));
    check_adds_up(&p.finance);
}

#[test]
fn below_budget_has_one_rule_for_the_kpi_the_summary_and_the_chart() {
    use sop_planner::engine::format::delta_money;
    use sop_planner::engine::number::NumberFormat;
    use sop_planner::engine::review::finance::budget_summary;
    let c = sop_planner::engine::demo::demo_workspace().cycles.remove(0);
    let b = sop_planner::engine::plan::fallback::stand_in_baselines(&c);
    let mut p = sop_planner::engine::plan::plan_cycle(&c, &b);
    let f = &p.finance;
    let rev = f.months.iter().filter(|m| m.revenue_below_budget()).count();
    let gm = f.months.iter().filter(|m| m.margin_below_budget()).count();
    assert_eq!(rev, p.kpis.revenue_months_below);
    assert!(
        rev > 0 && gm > 0,
        "the demo misses its budget in some months"
    );
    // By hand: a gap below zero, and only in a budgeted month.
    for m in &f.months {
        let by_hand = m
            .revenue_gap
            .is_some_and(|g| g < rust_decimal::Decimal::ZERO);
        assert_eq!(m.revenue_below_budget(), by_hand);
    }
    assert_eq!(
        budget_summary(f, "EUR", NumberFormat::COMMA),
        format!(
            "Revenue {} vs budget ({rev} month(s) below) · gross margin {} vs budget ({gm} month(s) below)",
            delta_money(f.totals.revenue_gap, "EUR", NumberFormat::COMMA),
            delta_money(f.totals.margin_gap, "EUR", NumberFormat::COMMA),
        )
    );
    // A gap of exactly zero is on budget, not below.
    p.finance.months[0].revenue_gap = Some(rust_decimal::Decimal::ZERO);
    p.finance.months[0].margin_gap = None;
    assert!(!p.finance.months[0].revenue_below_budget());
    assert!(!p.finance.months[0].margin_below_budget());
}
