//! Money exact to the cent, output without float noise, resources without regular
//! hours, and the warnings for what the plan ignores. Expected numbers by hand.

mod common;

use common::*;
use rust_decimal::Decimal;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{ExceptionKind, Severity, plan_cycle, validate};

/// One SKU "A" (price `price`, cost `cost`), chase, no stock, demand `d` a month for
/// `months` months from 2027-01.
fn one_sku(price: &str, cost: &str, d: f64, months: usize) -> (Cycle, Vec<Baseline>) {
    let c = cycle(
        months as u32,
        vec![family("F", Strategy::Chase)],
        vec![product("A", "F", price, cost, 0.0)],
    );
    (c, vec![baseline("A", &vec![d; months], 0.0)])
}

#[test]
fn fractional_monthly_quantities_price_to_the_cent() {
    // 490 units a year over 12 months: 40.8333… a month at 18.00 = 735.00 (a cut of the
    // quantity to 1e-4 unit made 40.8333 · 18 = 734.9994), cost 10.80 → COGS 441.00.
    let (mut c, b) = one_sku("18.00", "10.80", 490.0 / 12.0, 12);
    c.inputs.finance.dso_days = Decimal::from(45);
    c.inputs.finance.opening_ar = Decimal::ZERO;
    let p = plan_cycle(&c, &b);
    // Made in whole units: 41 a month while the 1/6-unit leftovers add up, 40 in the
    // sixth month (40.8333 − 5/6 = 40), so the finished goods hold 1/6 … 5/6, 0 units
    // at 10.80: 1.80, 3.60, 5.40, 7.20, 9.00, 0.00, then again.
    let fg = ["1.80", "3.60", "5.40", "7.20", "9.00", "0.00"];
    for (k, m) in p.finance.months.iter().enumerate() {
        assert_eq!(m.revenue.to_string(), "735.00", "{}", m.month);
        assert_eq!(m.cogs.to_string(), "441.00");
        assert_eq!(m.gross_margin.to_string(), "294.00");
        assert_eq!(m.gm_pct, dec("0.4"));
        assert_eq!(m.inventory_fg.to_string(), fg[k % 6], "{}", m.month);
        assert_eq!(m.ocf_direct, m.ocf_indirect);
    }
    let made: Vec<f64> = p.supply.production.row(0)[..6].to_vec();
    assert_eq!(made, [41.0, 41.0, 41.0, 41.0, 41.0, 40.0]);
    assert_eq!(p.finance.totals.revenue.to_string(), "8820.00");
    assert_eq!(p.finance.totals.cogs.to_string(), "5292.00");
    assert_eq!(p.kpis.revenue.to_string(), "8820.00");
    // AR with DSO 45 (Jan 31, Feb 28, Mar 31 days), no opening AR:
    // Jan: 735 (31 days) + 14 days before the horizon at 0 = 735.00; collections 0.
    // Feb: 735 + 735 · 17/31 = 1138.0645… → 1138.06; collections 735 + 735 − 1138.06 = 331.94.
    // Mar: 735 + 735 · 14/28 = 1102.50; collections 1138.06 + 735 − 1102.50 = 770.56.
    let ar: Vec<String> = p.finance.months[..3]
        .iter()
        .map(|m| m.ar.to_string())
        .collect();
    assert_eq!(ar, ["735.00", "1138.06", "1102.50"]);
    let coll: Vec<String> = p.finance.months[..3]
        .iter()
        .map(|m| m.collections.to_string())
        .collect();
    assert_eq!(coll, ["0.00", "331.94", "770.56"]);
    // DSO 365: December's AR is the whole year, 12 · 735 = 8820.00 exactly (the 1e-4
    // cut made 12 · 734.9994 = 8819.9928 → 8819.99, a cent off).
    c.inputs.finance.dso_days = Decimal::from(365);
    let p = plan_cycle(&c, &b);
    assert_eq!(p.finance.months[11].ar.to_string(), "8820.00");
    // The JSON prints money as cents and quantities to 6 decimals.
    let j = serde_json::to_value(&p).unwrap();
    assert_eq!(j["finance"]["months"][0]["revenue"], "735.00");
    assert_eq!(j["finance"]["months"][11]["ar"], "8820.00");
    assert_eq!(
        j["finance"]["opening_cash"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .map(str::len),
        Some(2)
    );
    assert_eq!(j["supply"]["shipments"][0][0], 40.833333);
}

#[test]
fn output_has_no_float_noise() {
    // 0.1 + 0.2 = 0.30000000000000004 units a month: shown as 0.3.
    let (c, b) = one_sku("10", "6", 0.1 + 0.2, 3);
    let p = plan_cycle(&c, &b);
    assert_eq!(p.supply.shipments.get(0, 0), 0.1 + 0.2);
    let json = serde_json::to_string(&p.supply).unwrap();
    assert!(json.contains("[0.3,0.3,0.3]"), "{json}");
    assert!(!json.contains("00000000"), "{json}");
    // 0.3 · 10 = 3.00 revenue (the noise does not reach the money).
    assert_eq!(p.finance.months[0].revenue.to_string(), "3.00");

    // Level: 59.9999999 needs 60 whole units, 15 a month, against 22.4999999 of demand
    // in month 1: a peak backlog of 7.4999999, reported as 7.5 units (was "7 units").
    let d = [22.499_999_9, 7.5, 7.5, 22.5];
    let mut c = cycle(
        4,
        vec![family("F", Strategy::Level)],
        vec![product("A", "F", "10", "6", 0.0)],
    );
    c.inputs.finance.dso_days = Decimal::ZERO;
    let p = plan_cycle(&c, &[baseline("A", &d, 0.0)]);
    assert!((p.supply.backlog.get(0, 0) - 7.499_999_9).abs() < 1e-12);
    let so = p
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::Stockout)
        .unwrap();
    assert!(
        so.message.ends_with("(1 month(s), 7.5 units peak backlog)"),
        "{}",
        so.message
    );
    let j = serde_json::to_value(so).unwrap();
    assert_eq!(j["quantity"], 7.5);
}

#[test]
fn a_loaded_resource_without_regular_hours_is_an_exception_not_infinity() {
    // 10 units a month, 1.5 h each, on a resource with 0 regular and 4 overtime hours:
    // load 15 h, overtime used 4 h, 11 h beyond overtime; utilization 0, never ∞.
    let (mut c, b) = one_sku("10", "6", 10.0, 2);
    c.master.resources = vec![resource("R", 0.0, 4.0)];
    c.master.products[0].routing = vec![RoutingStep {
        resource: "R".into(),
        hours_per_unit: 1.5,
    }];
    let p = plan_cycle(&c, &b);
    approx(p.capacity.load.row(0), &[15.0, 15.0]);
    approx(p.capacity.overload.row(0), &[11.0, 11.0]);
    approx(p.capacity.utilization.row(0), &[0.0, 0.0]);
    approx(p.capacity.utilization_total.row(0), &[3.75, 3.75]);
    let no_hours: Vec<_> = p
        .exceptions
        .iter()
        .filter(|e| e.kind == ExceptionKind::NoRegularHours)
        .collect();
    assert_eq!(no_hours.len(), 2);
    assert_eq!(no_hours[0].resource.as_deref(), Some("R"));
    assert_eq!(no_hours[0].month, Some(m(0)));
    assert_eq!(no_hours[0].quantity, 15.0);
    assert_eq!(
        no_hours[0].message,
        "R has no regular hours in 2027-01 but a load of 15 h, 11 h beyond overtime"
    );
    assert!(
        !p.exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::Overload)
    );
    let json = serde_json::to_string(&p.capacity).unwrap();
    assert!(!json.contains("null"), "{json}");
    assert!(!p.exceptions.iter().any(|e| e.message.contains("inf")));
    let j = serde_json::to_value(no_hours[0]).unwrap();
    assert_eq!(j["kind"], "no_regular_hours");

    // Within overtime: still no regular hours, nothing beyond.
    c.master.resources = vec![resource("R", 0.0, 20.0)];
    let p = plan_cycle(&c, &b);
    let e = p
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::NoRegularHours)
        .unwrap();
    assert_eq!(
        e.message,
        "R has no regular hours in 2027-01 but a load of 15 h"
    );
    // An unloaded resource without hours is no exception.
    c.master.products[0].routing.clear();
    let p = plan_cycle(&c, &b);
    assert!(p.exceptions.is_empty(), "{:?}", p.exceptions);
}

#[test]
fn ignored_model_names_and_deals_outside_the_horizon_are_warned() {
    let (mut c, b) = one_sku("10", "6", 10.0, 12);
    c.inputs.forecast.model_overrides = vec![
        ModelOverride {
            sku: "A".into(),
            model: "prophet".into(),
        },
        ModelOverride {
            sku: "A".into(),
            model: "Holt".into(),
        },
    ];
    // The horizon is 2027-01–2027-12: a deal in 2028-01 is ignored.
    c.inputs.pipeline = vec![Opportunity {
        id: 7,
        sku: "A".into(),
        month: m(12),
        units: 50.0,
        probability: 0.5,
        customer: String::new(),
        stage: Default::default(),
    }];
    let issues = validate::validate_cycle(&c);
    assert!(!validate::has_errors(&issues), "{issues:?}");
    let warnings: Vec<(&str, &str)> = issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| (i.field.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].0, "inputs.pipeline[#7].month");
    assert_eq!(
        warnings[0].1,
        "2028-01 is outside the planned months (2027-01–2027-12): the deal has no effect"
    );
    assert_eq!(warnings[1].0, "inputs.forecast.model_overrides[A].model");
    assert!(
        warnings[1]
            .1
            .starts_with("unknown model `prophet` (known: none, naive,"),
        "{}",
        warnings[1].1
    );
    assert!(warnings[1].1.ends_with(": the automatic choice is used"));
    // And the plan indeed ignores the deal.
    let p = plan_cycle(&c, &b);
    approx(p.demand.pipeline.row(0), &[10.0; 12]);
    // A deal inside the horizon is no warning (and counts: 10 + 50 · 0.5).
    c.inputs.pipeline[0].month = m(2);
    c.inputs.forecast.model_overrides.remove(0);
    assert!(validate::validate_cycle(&c).is_empty());
    let p = plan_cycle(&c, &b);
    let mut want = [10.0; 12];
    want[2] = 35.0;
    approx(p.demand.pipeline.row(0), &want);
}
