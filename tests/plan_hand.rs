//! Hand-computed plan cases: every expected number below is worked out by hand in the
//! comments.

mod common;

use common::*;
use rust_decimal::Decimal;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{ExceptionKind, compare, plan, plan_cycle};

fn one_sku(strategy: Strategy, demand: &[f64], on_hand: f64) -> (Cycle, Vec<Baseline>) {
    let mut c = cycle(
        demand.len() as u32,
        vec![family("F", strategy)],
        vec![product("A", "F", "10", "6", on_hand)],
    );
    c.inputs.finance.dso_days = Decimal::ZERO;
    (c, vec![baseline("A", demand, 0.0)])
}

#[test]
fn textbook_chase_vs_level() {
    let d = [100.0, 200.0, 300.0, 200.0];
    // Chase, no stock, no safety stock: produce the demand.
    let (c, b) = one_sku(Strategy::Chase, &d, 0.0);
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &d);
    approx(p.supply.inventory.row(0), &[0.0; 4]);
    assert_eq!(p.supply.fill_rate[0], 1.0);
    // Level: 800 / 4 = 200 a month; inventory 100, 100, 0, 0.
    let (c, b) = one_sku(Strategy::Level, &d, 0.0);
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[200.0; 4]);
    approx(p.supply.inventory.row(0), &[100.0, 100.0, 0.0, 0.0]);
    approx(p.supply.shipments.row(0), &d);
    // Cover at the end of month 1: 100 units cover half of month 2's 200.
    approx(p.supply.cover.row(0), &[0.5, 1.0 / 3.0, 0.0, 0.0]);
    // Level with 50 on hand and a lot multiple of 30: 800 − 50 = 750 = 25 lots over 4
    // months, 6 each and the 1 left over in the first: 210, 180, 180, 180 (total 750
    // exactly); inventory 50 + 210 − 100 = 160, 140, 20, 0 (ends at SS 0).
    let (mut c, b) = one_sku(Strategy::Level, &d, 50.0);
    c.master.products[0].lot_multiple = 30.0;
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[210.0, 180.0, 180.0, 180.0]);
    approx(p.supply.inventory.row(0), &[160.0, 140.0, 20.0, 0.0]);
    // Level, no lot multiple, 1 on hand: 799 units, 199 a month and the 3 left over in
    // the first three months: 200, 200, 200, 199; inventory 101, 101, 1, 0.
    let (c, b) = one_sku(Strategy::Level, &d, 1.0);
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[200.0, 200.0, 200.0, 199.0]);
    approx(p.supply.inventory.row(0), &[101.0, 101.0, 1.0, 0.0]);
}

#[test]
fn level_front_loaded_demand_backlogs_or_loses() {
    let d = [300.0, 100.0, 100.0, 300.0];
    let (c, b) = one_sku(Strategy::Level, &d, 0.0);
    let p = plan_cycle(&c, &b);
    // 200 a month: ship 200 of 300, backlog 100; next month ship 200 (100 late).
    approx(p.supply.shipments.row(0), &[200.0, 200.0, 100.0, 300.0]);
    approx(p.supply.backlog.row(0), &[100.0, 0.0, 0.0, 0.0]);
    approx(p.supply.inventory.row(0), &[0.0, 0.0, 100.0, 0.0]);
    // On time: 200 + (200 − 100) + 100 + 300 = 700 of 800.
    assert!((p.supply.fill_rate[0] - 0.875).abs() < 1e-12);
    let so = p
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::Stockout)
        .unwrap();
    assert_eq!(so.sku.as_deref(), Some("A"));
    assert_eq!(so.month, Some(m(0)));
    assert_eq!(so.quantity, 100.0);

    let (mut c, b) = one_sku(Strategy::Level, &d, 0.0);
    c.inputs.supply.unmet = Unmet::LostSales;
    let p = plan_cycle(&c, &b);
    approx(p.supply.lost.row(0), &[100.0, 0.0, 0.0, 0.0]);
    approx(p.supply.inventory.row(0), &[0.0, 100.0, 200.0, 100.0]);
    assert_eq!(p.kpis.stockout_skus, 1);
    assert!((p.kpis.fill_rate - 0.875).abs() < 1e-12);
}

#[test]
fn safety_stock_and_chase_with_lots() {
    // σ_e = 20, LT 4, service 95 %: SS = 1.6448536 · 20 · √4 = 65.794145.
    let (mut c, mut b) = one_sku(Strategy::Chase, &[100.0; 3], 10.0);
    c.master.products[0].lead_time = 4;
    c.master.products[0].service_level = 0.95;
    b[0].sigma = 20.0;
    let p = plan_cycle(&c, &b);
    let ss = p.supply.safety_stock[0];
    assert!((ss - 65.794_145).abs() < 1e-5, "{ss}");
    // Chase in whole units: P1 = ⌈100 + 65.79 − 10⌉ = 156, I = 66; then
    // ⌈100 + 65.79 − 66⌉ = 100 a month; inventory stays at 66 (SS rounded up).
    approx(p.supply.production.row(0), &[156.0, 100.0, 100.0]);
    approx(p.supply.inventory.row(0), &[66.0, 66.0, 66.0]);
    // Lot min 200, multiple 50: P1 = max(155.79, 200) = 200; I = 110 → P2 = 55.79 → 200;
    // I = 210 → P3 = max(0, 100 + 65.79 − 210) = 0.
    c.master.products[0].lot_min = 200.0;
    c.master.products[0].lot_multiple = 50.0;
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[200.0, 200.0, 0.0]);
    approx(p.supply.inventory.row(0), &[110.0, 210.0, 110.0]);
    // A production override replaces month 2 and chase reacts in month 3.
    c.inputs.supply.overrides.push(ProductionOverride {
        sku: "A".into(),
        month: m(1),
        units: 30.0,
    });
    let p = plan_cycle(&c, &b);
    // I1 = 110, P2 = 30 → I2 = 40, P3 = 100 + 65.79 − 40 = 125.79 → 200.
    approx(p.supply.production.row(0), &[200.0, 30.0, 200.0]);
}

#[test]
fn target_cover_keeps_months_of_forward_demand() {
    // Cover 1.5 months, demand 100, 200, 100, 100, no SS, nothing on hand.
    let d = [100.0, 200.0, 100.0, 100.0];
    let (c, b) = one_sku(Strategy::TargetCover { months: 1.5 }, &d, 0.0);
    let p = plan_cycle(&c, &b);
    // Targets: 200 + 0.5·100 = 250; 100 + 0.5·100 = 150; 100 + 0.5·100 = 150 (last
    // month repeats); 150. P1 = 100 + 250 = 350; P2 = 200 + 150 − 250 = 100;
    // P3 = 100 + 150 − 150 = 100; P4 = 100.
    approx(p.supply.production.row(0), &[350.0, 100.0, 100.0, 100.0]);
    approx(p.supply.inventory.row(0), &[250.0, 150.0, 150.0, 150.0]);
    approx(p.supply.cover.row(0), &[1.5, 1.5, 1.5, 1.5]);
}

#[test]
fn consensus_waterfall_and_pipeline_weighting() {
    let (mut c, b) = one_sku(Strategy::Chase, &[100.0, 100.0, 100.0], 0.0);
    let adj = |id, layer, from, to, change, reason: &str| Adjustment {
        id,
        layer,
        role: Role::Sales,
        target: Target::Sku("A".into()),
        from: m(from),
        to: m(to),
        change,
        reason: reason.into(),
    };
    c.inputs.adjustments = vec![
        adj(
            1,
            Layer::Sales,
            0,
            2,
            Change::Percent(10.0),
            "price increase",
        ),
        adj(2, Layer::Marketing, 1, 1, Change::Percent(20.0), "campaign"),
        adj(3, Layer::Consensus, 1, 1, Change::Units(-12.0), "agreed"),
        adj(4, Layer::Consensus, 2, 2, Change::Units(-500.0), ""),
    ];
    c.inputs.pipeline = vec![Opportunity {
        id: 1,
        sku: "A".into(),
        month: m(1),
        units: 100.0,
        probability: 0.3,
        customer: "X".into(),
        stage: Default::default(),
    }];
    let p = plan_cycle(&c, &b);
    let d = &p.demand;
    approx(d.statistical.row(0), &[100.0, 100.0, 100.0]);
    // +10 % of 100.
    approx(d.sales.row(0), &[110.0, 110.0, 110.0]);
    // +20 % of the sales layer in month 2: 132.
    approx(d.marketing.row(0), &[110.0, 132.0, 110.0]);
    // + 100 × 0.3 = 30 in month 2.
    approx(d.pipeline.row(0), &[110.0, 162.0, 110.0]);
    // −12 in month 2; −500 in month 3 floors at 0.
    approx(d.consensus.row(0), &[110.0, 150.0, 0.0]);
    // The −500 without a reason is a large adjustment without reason; the others have one.
    let large: Vec<_> = p
        .exceptions
        .iter()
        .filter(|e| e.kind == ExceptionKind::LargeAdjustmentWithoutReason)
        .collect();
    assert_eq!(large.len(), 1);
    assert_eq!(large[0].adjustment, Some(4));
    assert_eq!(large[0].month, Some(m(2)));
}

#[test]
fn family_adjustment_split_by_baseline_share() {
    let mut c = cycle(
        3,
        vec![family("F", Strategy::Chase)],
        vec![
            product("A", "F", "10", "6", 0.0),
            product("B", "F", "10", "6", 0.0),
        ],
    );
    let b = vec![
        baseline("A", &[30.0, 0.0, 30.0], 0.0),
        baseline("B", &[10.0, 0.0, 10.0], 0.0),
    ];
    c.inputs.adjustments = vec![
        Adjustment {
            id: 1,
            layer: Layer::Sales,
            role: Role::Sales,
            target: Target::Family("F".into()),
            from: m(0),
            to: m(1),
            change: Change::Units(40.0),
            reason: "distributor".into(),
        },
        Adjustment {
            id: 2,
            layer: Layer::Marketing,
            role: Role::Marketing,
            target: Target::Family("F".into()),
            from: m(2),
            to: m(2),
            change: Change::Percent(-50.0),
            reason: "".into(),
        },
    ];
    let p = plan_cycle(&c, &b);
    // Month 1: shares 30/40 and 10/40 of +40 → +30 and +10. Month 2: the family's
    // baseline is 0 → equal split, +20 each. Month 3: −50 % of each SKU's sales layer.
    approx(p.demand.sales.row(0), &[60.0, 20.0, 30.0]);
    approx(p.demand.sales.row(1), &[20.0, 20.0, 10.0]);
    approx(p.demand.consensus.row(0), &[60.0, 20.0, 15.0]);
    approx(p.demand.consensus.row(1), &[20.0, 20.0, 5.0]);
    // −50 % without a reason on family F is flagged at family level.
    let e = p
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::LargeAdjustmentWithoutReason)
        .unwrap();
    assert_eq!(e.family.as_deref(), Some("F"));
    assert_eq!(e.sku, None);
}

fn rccp_cycle(demand: &[f64], regular: f64, overtime: f64) -> (Cycle, Vec<Baseline>) {
    let (mut c, b) = one_sku(Strategy::Chase, demand, 0.0);
    c.master.resources = vec![resource("LINE", regular, overtime)];
    c.master.products[0].routing = vec![RoutingStep {
        resource: "LINE".into(),
        hours_per_unit: 1.0,
    }];
    (c, b)
}

#[test]
fn rccp_overload_flagged_then_pre_built() {
    // 100 h regular, no overtime, 1 h/unit; month 3 needs 180 h.
    let (mut c, b) = rccp_cycle(&[50.0, 50.0, 180.0, 50.0], 100.0, 0.0);
    let p = plan_cycle(&c, &b);
    approx(p.capacity.load.row(0), &[50.0, 50.0, 180.0, 50.0]);
    approx(p.capacity.utilization.row(0), &[0.5, 0.5, 1.8, 0.5]);
    approx(p.capacity.overload.row(0), &[0.0, 0.0, 80.0, 0.0]);
    let e = p
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::Overload)
        .unwrap();
    assert_eq!(
        (e.resource.as_deref(), e.month, e.quantity),
        (Some("LINE"), Some(m(2)), 80.0)
    );
    assert!((p.kpis.peak_utilization - 1.8).abs() < 1e-12);

    // Constrained: the 80 h excess goes to month 2 (50 h spare), then month 1 (30 h).
    c.inputs.supply.constrained = true;
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[80.0, 100.0, 100.0, 50.0]);
    approx(p.supply.inventory.row(0), &[30.0, 80.0, 0.0, 0.0]);
    approx(p.supply.shipments.row(0), &[50.0, 50.0, 180.0, 50.0]);
    approx(p.capacity.load.row(0), &[80.0, 100.0, 100.0, 50.0]);
    approx(p.capacity.overload.row(0), &[0.0; 4]);
    let shifts: Vec<_> = p
        .capacity
        .shifts
        .iter()
        .map(|s| (s.sku.as_str(), s.resource.as_str(), s.from, s.to, s.units))
        .collect();
    assert_eq!(
        shifts,
        vec![
            ("A", "LINE", m(2), m(1), 50.0),
            ("A", "LINE", m(2), m(0), 30.0)
        ]
    );
    // Both pre-built, and the table says why.
    assert!(p.capacity.shifts.iter().all(|s| s.is_early()));
    assert_eq!(p.capacity.shifts[0].why(), "pre-built: LINE full");
    let mut late = p.capacity.shifts[0].clone();
    late.to = m(3);
    assert!(!late.is_early());
    assert_eq!(late.why(), "late: no earlier capacity, backlog served then");
    assert!(p.capacity.shortfalls.is_empty());
    assert!(
        !p.exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::Overload)
    );

    // With 20 h overtime used: capacity 120, only 60 units move, all into month 2;
    // overtime is used in month 3 (20 h) and month 2 (10 h), premium 20/h.
    c.inputs.supply.use_overtime = true;
    c.master.resources[0].overtime_hours = 20.0;
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[50.0, 110.0, 120.0, 50.0]);
    approx(p.capacity.overtime_used.row(0), &[0.0, 10.0, 20.0, 0.0]);
    approx(
        p.capacity.utilization_total.row(0),
        &[50.0 / 120.0, 110.0 / 120.0, 1.0, 50.0 / 120.0],
    );
    assert_eq!(p.finance.months[1].overtime_premium, dec("200"));
    assert_eq!(p.finance.months[2].overtime_premium, dec("400"));
}

#[test]
fn rccp_excess_in_first_month_becomes_backlog_or_lost() {
    // Month 1 needs 150 h of 100: nothing earlier, so 50 units are late.
    let (mut c, b) = rccp_cycle(&[150.0, 50.0, 50.0], 100.0, 0.0);
    c.inputs.supply.constrained = true;
    let p = plan_cycle(&c, &b);
    // Backlog: the 50 are made in month 2 (50 h spare) and shipped late.
    approx(p.supply.production.row(0), &[100.0, 100.0, 50.0]);
    approx(p.supply.backlog.row(0), &[50.0, 0.0, 0.0]);
    approx(p.supply.shipments.row(0), &[100.0, 100.0, 50.0]);
    assert_eq!(p.capacity.shifts.len(), 1);
    assert_eq!(
        (p.capacity.shifts[0].from, p.capacity.shifts[0].to),
        (m(0), m(1))
    );
    assert!(p.capacity.shortfalls.is_empty());
    // Lost sales: the 50 are lost and listed as a shortfall.
    c.inputs.supply.unmet = Unmet::LostSales;
    let p = plan_cycle(&c, &b);
    approx(p.supply.production.row(0), &[100.0, 50.0, 50.0]);
    approx(p.supply.lost.row(0), &[50.0, 0.0, 0.0]);
    assert_eq!(p.capacity.shortfalls.len(), 1);
    assert_eq!(p.capacity.shortfalls[0].units, 50.0);
    assert!(
        p.exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::CapacityShortfall
                && e.sku.as_deref() == Some("A")
                && e.month == Some(m(0)))
    );
}

#[test]
fn mrp_netting_with_lead_time_and_lots() {
    // Manual production 10, 20, 30, 40; 2 units of C per unit; C: 50 on hand, lead
    // time 2, multiple 25, cost 4.
    let (mut c, b) = one_sku(Strategy::Manual, &[0.0; 4], 0.0);
    c.master.components = vec![component("C", "4", 50.0, 2)];
    c.master.components[0].lot_multiple = 25.0;
    c.master.products[0].bom = vec![BomLine {
        component: "C".into(),
        qty_per_unit: 2.0,
    }];
    for (t, u) in [10.0, 20.0, 30.0, 40.0].into_iter().enumerate() {
        c.inputs.supply.overrides.push(ProductionOverride {
            sku: "A".into(),
            month: m(t as i32),
            units: u,
        });
    }
    let p = plan_cycle(&c, &b);
    let k = &p.components;
    approx(k.gross.row(0), &[20.0, 40.0, 60.0, 80.0]);
    // t1: 50 − 20 = 30 left. t2: net 10 → 25, left 15. t3: net 45 → 50, left 5.
    // t4: net 75 → 75, left 0.
    approx(k.receipts.row(0), &[0.0, 25.0, 50.0, 75.0]);
    approx(k.on_hand.row(0), &[30.0, 15.0, 5.0, 0.0]);
    // Orders two months earlier: the month-2 receipt should have been ordered in
    // December (past due, placed now), so month 1 orders 25 + 50.
    approx(k.orders.row(0), &[75.0, 75.0, 0.0, 0.0]);
    assert_eq!(k.past_due.len(), 1);
    assert_eq!((k.past_due[0].need, k.past_due[0].order), (m(1), m(-1)));
    assert_eq!(k.past_due[0].units, 25.0);
    let purchases: Vec<Decimal> = k.purchases.clone();
    assert_eq!(
        purchases,
        vec![dec("0"), dec("100"), dec("200"), dec("300")]
    );
    assert_eq!(
        k.orders_value,
        vec![dec("300"), dec("300"), dec("0"), dec("0")]
    );
    assert!(
        p.exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::PastDueOrder && e.component.as_deref() == Some("C"))
    );
}

#[test]
fn dso_dpo_cash_example() {
    // 2027: Jan 31 days, Feb 28, Mar 31. 100 units a day at price 10, cost 6 (no BOM:
    // all conversion), chase from zero stock so production = shipments.
    let (mut c, b) = one_sku(Strategy::Chase, &[3100.0, 2800.0, 3100.0], 0.0);
    c.inputs.finance = FinanceParams {
        opening_cash: dec("10000"),
        opening_ar: dec("9000"),
        opening_ap: dec("6000"),
        dso_days: dec("45"),
        dpo_days: dec("30"),
        fixed_cost: dec("1000"),
        min_cash: dec("8000"),
    };
    c.inputs.budget = vec![BudgetMonth {
        month: m(0),
        revenue: dec("32000"),
        gross_margin: dec("12000"),
    }];
    let p = plan_cycle(&c, &b);
    let f = &p.finance.months;
    let col = |g: fn(&sop_planner::engine::plan::FinanceMonth) -> Decimal| -> Vec<Decimal> {
        f.iter().map(g).collect()
    };
    let v = |xs: &[&str]| -> Vec<Decimal> { xs.iter().map(|x| dec(x)).collect() };
    assert_eq!(col(|x| x.revenue), v(&["31000", "28000", "31000"]));
    assert_eq!(col(|x| x.cogs), v(&["18600", "16800", "18600"]));
    assert_eq!(col(|x| x.gm_pct), v(&["0.4", "0.4", "0.4"]));
    // AR: Jan 31 000 + 9 000·14/45 = 33 800; Feb 28 000 + 31 000·17/31 = 45 000;
    // Mar 31 000 + 28 000·14/28 = 45 000.
    assert_eq!(col(|x| x.ar), v(&["33800", "45000", "45000"]));
    assert_eq!(col(|x| x.collections), v(&["6200", "16800", "31000"]));
    // AP on conversion (= COGS here), DPO 30: Jan 18 600·30/31 = 18 000;
    // Feb 16 800 + 18 600·2/31 = 18 000; Mar 18 000.
    assert_eq!(col(|x| x.ap), v(&["18000", "18000", "18000"]));
    assert_eq!(col(|x| x.payments), v(&["6600", "16800", "18600"]));
    // OCF = collections − payments − fixed: −1 400, −1 000, 11 400.
    assert_eq!(col(|x| x.ocf_direct), v(&["-1400", "-1000", "11400"]));
    assert_eq!(col(|x| x.ocf_indirect), v(&["-1400", "-1000", "11400"]));
    assert_eq!(col(|x| x.cash), v(&["8600", "7600", "19000"]));
    assert_eq!(p.kpis.cash_low, dec("7600"));
    assert_eq!(p.kpis.cash_low_month, Some(m(1)));
    // Averages: AR 41 266.67, AP 18 000 over 90 days; revenue 90 000, conversion 54 000.
    // DSO = 41 266.67·90/90 000 = 41.3; DPO = 18 000·90/54 000 = 30.0; no inventory.
    assert_eq!(p.kpis.dso, dec("41.3"));
    assert_eq!(p.kpis.dpo, dec("30.0"));
    assert_eq!(p.kpis.dio, dec("0"));
    assert_eq!(p.kpis.ccc, dec("11.3"));
    // OCF / sales = 9 000 / 90 000.
    assert_eq!(p.kpis.ocf_to_sales, dec("0.1"));
    // Cash below 8 000 in February only; January revenue 1 000 below budget, margin
    // 12 400 above it.
    let cash: Vec<_> = p
        .exceptions
        .iter()
        .filter(|e| e.kind == ExceptionKind::CashBelowMinimum)
        .collect();
    assert_eq!(cash.len(), 1);
    assert_eq!(
        (cash[0].month, cash[0].months, cash[0].amount),
        (Some(m(1)), 1, Some(dec("7600")))
    );
    let rev: Vec<_> = p
        .exceptions
        .iter()
        .filter(|e| e.kind == ExceptionKind::RevenueBelowBudget)
        .collect();
    assert_eq!(rev.len(), 1);
    assert_eq!(rev[0].amount, Some(dec("-1000")));
    assert!(
        !p.exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::MarginBelowBudget)
    );
    assert_eq!(p.kpis.revenue_vs_budget, dec("-1000"));
}

#[test]
fn inventory_build_and_components_reconcile_cash() {
    // Level production builds stock: the inventory increase is financed, and the two
    // OCF methods still agree. Component material 2 × 1.50 = 3 of the 6 cost.
    let (mut c, b) = one_sku(Strategy::Level, &[100.0, 300.0], 0.0);
    c.master.components = vec![component("C", "1.50", 0.0, 0)];
    c.master.products[0].bom = vec![BomLine {
        component: "C".into(),
        qty_per_unit: 2.0,
    }];
    c.inputs.finance.dpo_days = dec("0");
    let p = plan_cycle(&c, &b);
    // P = 200, 200; shipments 100, 300; FG 100 then 0 units.
    let f = &p.finance.months;
    assert_eq!(f[0].inventory_fg, dec("600"));
    assert_eq!(f[0].inventory_components, dec("0"));
    assert_eq!(f[0].purchases, dec("600")); // 400 C × 1.50
    assert_eq!(f[0].conversion_cost, dec("600")); // 200 × (6 − 3)
    assert_eq!(f[0].payments, dec("1200"));
    // Revenue 1 000 collected in the month (DSO 0), no fixed cost: OCF = 1 000 − 1 200.
    assert_eq!(f[0].ocf_direct, dec("-200"));
    // Indirect: EBITDA 400 − ΔInv 600 = −200.
    assert_eq!(f[0].ocf_indirect, dec("-200"));
    assert_eq!(f[1].ocf_direct, f[1].ocf_indirect);
    assert_eq!(f[1].inventory, dec("0"));
}

#[test]
fn scenario_levers_and_comparison() {
    let (mut c, b) = rccp_cycle(&[100.0, 100.0], 1000.0, 0.0);
    c.inputs.finance.dso_days = dec("30");
    let base = plan_cycle(&c, &b);
    let levers = Levers {
        demand_pct: vec![PctFor {
            id: "F".into(),
            pct: 20.0,
        }],
        price_pct: 5.0,
        cost_pct: -10.0,
        capacity_pct: vec![PctFor {
            id: "LINE".into(),
            pct: -50.0,
        }],
        dso_days: Some(dec("60")),
        dpo_days: None,
        strategy: Some(Strategy::Level),
    };
    let s = plan(&c, &c.inputs, &levers, &b);
    approx(s.demand.consensus.row(0), &[120.0, 120.0]);
    approx(s.capacity.regular.row(0), &[500.0, 500.0]);
    assert_eq!(s.supply.strategy[0], Strategy::Level);
    // Revenue 240 × 10.50 = 2 520 vs 200 × 10 = 2 000; COGS 240 × 5.40 = 1 296.
    assert_eq!(s.kpis.revenue, dec("2520"));
    assert_eq!(s.kpis.gross_margin, dec("1224"));
    assert_eq!(s.finance.dso_days, dec("60"));
    let rows = compare(&base, &s);
    let rev = rows.iter().find(|r| r.key == "revenue").unwrap();
    assert_eq!(
        rev.delta,
        sop_planner::engine::plan::KpiValue::Exact(dec("520"))
    );
    let frozen = sop_planner::engine::plan::freeze(&s, "2027-01-05");
    assert_eq!(frozen.start, m(0));
    assert_eq!(frozen.series[0].consensus, vec![120.0, 120.0]);
    assert_eq!(frozen.series[0].statistical, vec![100.0, 100.0]);
}
