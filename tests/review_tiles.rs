//! The KPI tiles (`engine::review::tiles`) and the one formatter (`engine::format`),
//! natively: values, the lines under them and their tones, on the demo's plan and on
//! hand-set KPIs.

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::format::{
    chart_number, fixed, kpi, money, money_compact, pct, pct_whole, units, units_present,
};
use sop_planner::engine::number::NumberFormat;
use sop_planner::engine::plan::scenario::Unit;
use sop_planner::engine::plan::{self, KpiValue, Kpis, Plan};
use sop_planner::engine::review::tiles::{Moved, Tile, Tone, executive, finance, supply};

const P: NumberFormat = NumberFormat::POINT;

fn demo_plan() -> Plan {
    let c = demo_workspace().cycles.pop().unwrap();
    let b = baselines(&c);
    plan::plan_cycle(&c, &b)
}

fn tile<'a>(tiles: &'a [Tile], key: &str) -> &'a Tile {
    tiles.iter().find(|t| t.key == key).unwrap()
}

fn exec(k: &Kpis, min_cash: i64) -> Vec<Tile> {
    executive(k, Decimal::from(min_cash), "EUR", P)
}

#[test]
fn the_demos_tiles_show_its_kpis() {
    let p = demo_plan();
    let k = &p.kpis;
    let t = executive(k, p.finance.min_cash, "EUR", P);
    assert_eq!(
        t.iter().map(|t| t.key).collect::<Vec<_>>(),
        [
            "revenue-vs-budget",
            "gm-pct",
            "fill-rate",
            "inventory-cover",
            "peak-utilization",
            "cash-low",
            "ccc",
            "ocf-sales",
            "forecast-accuracy"
        ]
    );
    let low = tile(&t, "cash-low");
    assert_eq!(low.raw, k.cash_low.to_string());
    assert_eq!(low.value, money_compact(k.cash_low, "EUR", P));
    assert_eq!(
        low.tone,
        if k.cash_low < p.finance.min_cash {
            Tone::Bad
        } else {
            Tone::Good
        }
    );
    assert_eq!(tile(&t, "gm-pct").raw, k.gm_pct.to_string());
    let f = finance(&p.finance, k, "EUR", P);
    assert_eq!(
        f.iter().map(|t| t.key).collect::<Vec<_>>(),
        ["dso", "dio", "dpo", "ccc", "ocf-sales", "cash-low"]
    );
    assert_eq!(tile(&f, "dso").raw, p.finance.totals.dso.to_string());
    assert!(
        tile(&f, "dso").sub.starts_with("terms "),
        "{}",
        tile(&f, "dso").sub
    );
}

#[test]
fn revenue_under_budget_is_red_and_a_month_below_it_amber() {
    let mut k = demo_plan().kpis;
    k.revenue_vs_budget = Decimal::from(-60_731);
    k.revenue_months_below = 8;
    let t = exec(&k, 0);
    let r = tile(&t, "revenue-vs-budget");
    assert_eq!(r.tone, Tone::Bad);
    assert_eq!(r.value, "−€ 60,731");
    k.revenue_vs_budget = Decimal::from(60_731);
    let t = exec(&k, 0);
    let r = tile(&t, "revenue-vs-budget");
    assert_eq!(r.tone, Tone::Warn, "above budget in total, 8 months below");
    assert_eq!(r.value, "+€ 60,731");
    assert!(r.sub.starts_with("8 month(s) below budget"), "{}", r.sub);
    k.revenue_months_below = 0;
    k.revenue_worst_month = None;
    let t = exec(&k, 0);
    let r = tile(&t, "revenue-vs-budget");
    assert_eq!(r.tone, Tone::Good);
    assert_eq!(r.sub, "every month on or above budget");
}

#[test]
fn a_fill_rate_short_of_full_never_reads_100_percent() {
    let mut k = demo_plan().kpis;
    k.fill_rate = 0.99996;
    k.stockout_skus = 1;
    let t = exec(&k, 0);
    let f = tile(&t, "fill-rate");
    assert_eq!(f.value, "99.9 %");
    assert_eq!(f.sub, "1 SKU short of stock");
    // Short, but at least 99.5 %: amber, as in the supply review.
    assert_eq!(f.tone, Tone::Warn);
    k.fill_rate = 0.99;
    assert_eq!(tile(&exec(&k, 0), "fill-rate").tone, Tone::Bad);
    k.fill_rate = 0.99996;
    k.fill_rate = 1.0;
    k.stockout_skus = 0;
    let t = exec(&k, 0);
    let f = tile(&t, "fill-rate");
    assert_eq!(f.value, "100.0 %");
    assert_eq!(f.tone, Tone::Good);
    assert_eq!(f.sub, "no SKU short");
}

#[test]
fn overtime_is_amber_and_over_capacity_red() {
    let mut k = demo_plan().kpis;
    k.peak_utilization = 1.19;
    k.overtime_months = 2;
    k.over_capacity_months = 0;
    let t = exec(&k, 0);
    let u = tile(&t, "peak-utilization");
    assert_eq!(u.value, "119.0 %");
    assert_eq!(u.tone, Tone::Warn);
    assert!(u.sub.starts_with("needs overtime"), "{}", u.sub);
    k.over_capacity_months = 1;
    let t = exec(&k, 0);
    let u = tile(&t, "peak-utilization");
    assert_eq!(u.tone, Tone::Bad);
    assert!(u.sub.starts_with("over capacity"), "{}", u.sub);
}

#[test]
fn the_cash_low_point_is_red_below_the_minimum_and_compact_when_large() {
    let mut k = demo_plan().kpis;
    k.cash_low = Decimal::from(-616_793_245);
    let t = exec(&k, 100_000);
    let c = tile(&t, "cash-low");
    assert_eq!(c.value, "−€ 617 M");
    assert_eq!(c.raw, "-616793245");
    assert_eq!(c.tone, Tone::Bad);
    assert!(c.sub.contains("BELOW min. € 100,000"), "{}", c.sub);
    k.cash_low = Decimal::from(100_000);
    let t = exec(&k, 100_000);
    assert_eq!(tile(&t, "cash-low").tone, Tone::Good, "at the minimum");
}

#[test]
fn the_cash_cycle_adds_up_in_the_workspaces_number_format() {
    let p = demo_plan();
    let mut f = p.finance.clone();
    f.totals.dso = Decimal::new(4504, 2);
    f.totals.dio = Decimal::new(3026, 2);
    f.totals.dpo = Decimal::new(2000, 2);
    f.totals.ccc = f.totals.dso + f.totals.dio - f.totals.dpo;
    let t = finance(&f, &p.kpis, "EUR", NumberFormat::COMMA);
    let ccc = tile(&t, "ccc");
    assert_eq!(ccc.value, "55,3 days");
    assert_eq!(ccc.sub, "DSO 45,0 + DIO 30,3 − DPO 20,0");
    assert_eq!(tile(&t, "dso").value, "45,0 days");
}

#[test]
fn one_formatter_one_minus_sign() {
    assert_eq!(units(-1234.6, P), "−1,235");
    assert_eq!(units(-0.4, P), "0");
    assert_eq!(units(1234567.4, NumberFormat::COMMA), "1.234.567");
    assert_eq!(money(Decimal::new(-123456789, 2), "USD", P), "−$ 1,234,568");
    assert_eq!(pct(-0.02, P), "−2.0 %");
    assert_eq!(pct(-0.0004, P), "0.0 %");
    assert_eq!(
        kpi(Unit::Ratio, KpiValue::Approx(0.99974), "EUR", P),
        "99.97 %"
    );
    assert_eq!(
        kpi(
            Unit::Fte,
            KpiValue::Approx(12.25),
            "EUR",
            NumberFormat::COMMA
        ),
        "12,2 FTE"
    );
    assert_eq!(kpi(Unit::Count, KpiValue::Missing, "EUR", P), "–");
}

#[test]
fn the_supply_review_shows_fill_rate_and_peak_as_the_executive_review() {
    let p = demo_plan();
    let mut k = p.kpis.clone();
    let s = supply(&k, 44.0, None, P);
    let e = executive(&k, p.finance.min_cash, "EUR", P);
    assert_eq!(
        s.iter().map(|t| t.key).collect::<Vec<_>>(),
        [
            "fill-rate",
            "peak-utilization",
            "overloads",
            "overtime",
            "peak-fte"
        ]
    );
    for key in ["fill-rate", "peak-utilization"] {
        assert_eq!(tile(&s, key), tile(&e, key), "{key}");
    }
    // Both follow the same rules when the KPIs change.
    k.fill_rate = 0.98;
    k.stockout_skus = 3;
    k.over_capacity_months = 2;
    let s = supply(&k, 44.0, None, P);
    let e = exec(&k, 0);
    assert_eq!(tile(&s, "fill-rate").tone, Tone::Bad);
    assert_eq!(tile(&s, "fill-rate"), tile(&e, "fill-rate"));
    assert_eq!(tile(&s, "peak-utilization"), tile(&e, "peak-utilization"));
    assert_eq!(tile(&s, "peak-utilization").tone, Tone::Bad);
    assert_eq!(tile(&s, "overloads").value, "2");
    assert_eq!(tile(&s, "overloads").tone, Tone::Bad);
}

#[test]
fn supply_tiles_read_in_the_workspaces_number_format() {
    let mut k = demo_plan().kpis;
    k.peak_fte = 56.04;
    k.overtime_hours = 1656.6;
    let s = supply(&k, 43.96, None, NumberFormat::COMMA);
    assert_eq!(tile(&s, "peak-fte").value, "56,0");
    assert_eq!(tile(&s, "peak-fte").sub, "now 44,0");
    assert_eq!(tile(&s, "overtime").value, "1.657 h");
}

#[test]
fn a_constrained_plan_shows_what_it_moved_and_red_when_something_is_not_made() {
    let k = demo_plan().kpis;
    let moved = |moved, not_made| supply(&k, 44.0, Some(Moved { moved, not_made }), P);
    let t = moved(120.4, 0.0);
    assert_eq!(tile(&t, "moved").value, "120 / 0");
    assert_eq!(tile(&t, "moved").tone, Tone::Neutral);
    let t = moved(120.4, 7.5);
    assert_eq!(tile(&t, "moved").value, "120 / 8");
    assert_eq!(tile(&t, "moved").tone, Tone::Bad);
}

#[test]
fn fixed_decimals_and_whole_percents_read_in_the_number_format_with_a_true_minus() {
    let c = NumberFormat::COMMA;
    assert_eq!(fixed(-3.04, 1, false, P), "−3.0");
    assert_eq!(fixed(1234.56, 1, true, P), "+1,234.6");
    assert_eq!(fixed(1234.56, 1, true, c), "+1.234,6");
    assert_eq!(fixed(-0.5, 2, true, c), "−0,50");
    // What rounds to zero has no sign.
    assert_eq!(fixed(0.04, 1, true, P), "0.0");
    assert_eq!(fixed(-0.04, 1, true, P), "0.0");
    assert_eq!(fixed(f64::NAN, 1, true, P), "–");
    assert_eq!(pct_whole(1.136, P), "114 %");
    assert_eq!(pct_whole(-0.02, P), "−2 %");
    assert_eq!(pct_whole(12.345, c), "1.235 %");
    // A backlog of a third of a unit never reads 0.
    assert_eq!(units_present(1.0 / 3.0, c), "0,3");
    assert_eq!(units_present(0.01, P), "<0.1");
    assert_eq!(units_present(0.0, P), "0");
    assert_eq!(units_present(1234.4, P), "1,234");
    // A chart's axis and tooltip.
    assert_eq!(chart_number(1234567.4, c), "1.234.567");
    assert_eq!(chart_number(-2.5, c), "−2,5");
    assert_eq!(chart_number(0.25, P), "0.25");
    assert_eq!(chart_number(2.0, P), "2");
    assert_eq!(chart_number(-0.001, P), "0");
    assert_eq!(chart_number(12.6, P), "13");
}

/// The scenario comparison's differences: signed in the KPI's unit, and marked better or
/// worse only when the difference shows (a difference that reads as zero is neither).
#[test]
fn kpi_differences_read_signed_and_a_verdict_only_when_they_show() {
    use sop_planner::engine::format::kpi_delta;
    use sop_planner::engine::plan::KpiDelta;
    let c = NumberFormat::COMMA;
    let exact = |s: &str| KpiValue::Exact(s.parse().unwrap());
    assert_eq!(
        kpi_delta(Unit::Money, exact("-60731.4"), "EUR", c),
        "−€ 60.731"
    );
    assert_eq!(
        kpi_delta(Unit::Ratio, KpiValue::Approx(-0.015), "EUR", c),
        "−1,5 pts"
    );
    assert_eq!(
        kpi_delta(Unit::Months, KpiValue::Approx(0.25), "EUR", c),
        "+0,25 months"
    );
    assert_eq!(
        kpi_delta(Unit::Hours, KpiValue::Approx(-1234.4), "EUR", c),
        "−1.234 h"
    );
    assert_eq!(
        kpi_delta(Unit::Hours, KpiValue::Approx(0.4), "EUR", P),
        "0 h"
    );
    assert_eq!(
        kpi_delta(Unit::Count, KpiValue::Approx(-0.3), "EUR", P),
        "0"
    );
    assert_eq!(kpi_delta(Unit::Fte, KpiValue::Missing, "EUR", P), "–");
    let row = |unit, delta, higher| KpiDelta {
        key: "k",
        label: "K",
        unit,
        a: KpiValue::Missing,
        b: KpiValue::Missing,
        delta,
        higher_is_better: higher,
    };
    assert_eq!(
        row(Unit::Money, exact("1"), Some(true)).verdict(),
        Some(true)
    );
    assert_eq!(row(Unit::Money, exact("0.49"), Some(true)).verdict(), None);
    assert_eq!(
        row(Unit::Days, KpiValue::Approx(2.0), Some(false)).verdict(),
        Some(false)
    );
    assert_eq!(
        row(Unit::Ratio, KpiValue::Approx(0.0004), Some(true)).verdict(),
        None
    );
    assert_eq!(
        row(Unit::Count, KpiValue::Approx(3.0), None).verdict(),
        None
    );
    assert_eq!(
        row(Unit::Months, KpiValue::Missing, Some(true)).verdict(),
        None
    );
}
