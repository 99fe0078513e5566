//! The finance review's monthly statement: profit and loss, working capital, operating
//! cash flow by the direct and the indirect method (and their difference, zero every
//! month), cash — rows the finance table draws as they are.
//!
//! Every block adds up from top to bottom, signs as cash or profit sees them (what lowers
//! profit or cash is negative):
//! - revenue − COGS = gross margin; gross margin − fixed cost − overtime premium = EBITDA;
//! - collections − payments − fixed cost and overtime = OCF (direct);
//! - EBITDA − ΔAR − Δinventory + ΔAP = OCF (indirect); direct − indirect = 0;
//! - cash = opening cash + Σ OCF.
//!
//! `tests/review_finance.rs` checks each of these on the demo's plan, to the cent.

use crate::engine::format::delta_money;
use crate::engine::number::NumberFormat;
use crate::engine::plan::{FinanceMonth, FinancePlan};
use rust_decimal::Decimal;

/// How a row's numbers read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A flow of the month; the total is the sum.
    Flow,
    /// A month-end balance; the total column is the last month's, the opening column
    /// the balance before the first month.
    Balance,
    /// A ratio (GM %); the total is of the totals.
    Ratio,
    /// Direct − indirect OCF: must be zero.
    Check,
}

/// One row of the statement.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementRow {
    pub key: &'static str,
    pub label: &'static str,
    /// Why the numbers are what they are (row header tooltip).
    pub note: &'static str,
    pub kind: Kind,
    /// Subtotal rows are bold with a rule above.
    pub subtotal: bool,
    pub opening: Option<Decimal>,
    pub values: Vec<Decimal>,
    pub total: Decimal,
}

/// A titled block of rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub rows: Vec<StatementRow>,
}

/// The statement of plan `f`: its sections in order (see the module doc).
pub fn statement(f: &FinancePlan) -> Vec<Section> {
    let m = &f.months;
    let col = |g: fn(&FinanceMonth) -> Decimal| -> Vec<Decimal> { m.iter().map(g).collect() };
    let flow = |key, label, note, subtotal, values: Vec<Decimal>| StatementRow {
        key,
        label,
        note,
        kind: Kind::Flow,
        subtotal,
        opening: None,
        total: values.iter().sum(),
        values,
    };
    let balance =
        |key, label, note, subtotal, opening: Option<Decimal>, values: Vec<Decimal>| StatementRow {
            key,
            label,
            note,
            kind: Kind::Balance,
            subtotal,
            opening,
            total: values.last().copied().unwrap_or_default(),
            values,
        };
    // Changes of a balance, as cash effects: −increase (sign −1) or +increase (+1).
    let change = |values: &[Decimal], opening: Decimal, sign: i64| -> Vec<Decimal> {
        let mut prev = opening;
        values
            .iter()
            .map(|v| {
                let d = (*v - prev) * Decimal::from(sign);
                prev = *v;
                d
            })
            .collect()
    };
    let neg = |v: Vec<Decimal>| v.into_iter().map(|x| -x).collect::<Vec<_>>();
    let t = &f.totals;
    let ar = col(|x| x.ar);
    let ap = col(|x| x.ap);
    let inv = col(|x| x.inventory);
    let ocf_direct = col(|x| x.ocf_direct);
    let ocf_indirect = col(|x| x.ocf_indirect);
    let other_cost = col(|x| x.fixed_cost + x.overtime_premium);
    vec![
        Section {
            title: "Profit and loss",
            rows: vec![
                flow(
                    "revenue",
                    "Revenue",
                    "Units shipped × price",
                    false,
                    col(|x| x.revenue),
                ),
                flow(
                    "cogs",
                    "Cost of goods sold",
                    "Units shipped × standard unit cost (negative: a cost)",
                    false,
                    neg(col(|x| x.cogs)),
                ),
                flow(
                    "gross-margin",
                    "Gross margin",
                    "Revenue − cost of goods sold",
                    true,
                    col(|x| x.gross_margin),
                ),
                StatementRow {
                    key: "gm-pct",
                    label: "Gross margin %",
                    note: "Gross margin / revenue",
                    kind: Kind::Ratio,
                    subtotal: false,
                    opening: None,
                    values: col(|x| x.gm_pct),
                    total: if t.revenue.is_zero() {
                        Decimal::ZERO
                    } else {
                        (t.gross_margin / t.revenue).round_dp(4)
                    },
                },
                flow(
                    "fixed-cost",
                    "Fixed cost",
                    "Fixed operating cost per month (negative: a cost)",
                    false,
                    neg(col(|x| x.fixed_cost)),
                ),
                flow(
                    "overtime",
                    "Overtime premium",
                    "Extra cost of the overtime hours used (negative: a cost)",
                    false,
                    neg(col(|x| x.overtime_premium)),
                ),
                flow(
                    "ebitda",
                    "EBITDA",
                    "Gross margin − fixed cost − overtime premium",
                    true,
                    col(|x| x.ebitda),
                ),
            ],
        },
        Section {
            title: "Working capital (month end)",
            rows: vec![
                balance(
                    "inventory-fg",
                    "Finished goods",
                    "Projected finished-goods stock at standard cost",
                    false,
                    None,
                    col(|x| x.inventory_fg),
                ),
                balance(
                    "inventory-components",
                    "Components",
                    "Component stock at cost",
                    false,
                    None,
                    col(|x| x.inventory_components),
                ),
                balance(
                    "inventory",
                    "Inventory",
                    "Finished goods + components",
                    true,
                    Some(f.opening_inventory),
                    inv.clone(),
                ),
                balance(
                    "ar",
                    "Receivables (AR)",
                    "Revenue of the last DSO days, not yet collected",
                    false,
                    Some(f.opening_ar),
                    ar.clone(),
                ),
                balance(
                    "ap",
                    "Payables (AP)",
                    "Purchases and conversion cost of the last DPO days, not yet paid",
                    false,
                    Some(f.opening_ap),
                    ap.clone(),
                ),
            ],
        },
        Section {
            title: "Operating cash flow, direct method",
            rows: vec![
                flow(
                    "collections",
                    "Collections",
                    "Cash received from customers: AR at the start + revenue − AR at the end",
                    false,
                    col(|x| x.collections),
                ),
                flow(
                    "payments",
                    "Payments",
                    "Cash paid for components and conversion: AP at the start + purchases + conversion − AP at the end (negative: cash out)",
                    false,
                    neg(col(|x| x.payments)),
                ),
                flow(
                    "fixed-paid",
                    "Fixed cost and overtime",
                    "Paid in the month (negative: cash out)",
                    false,
                    neg(other_cost),
                ),
                flow(
                    "ocf-direct",
                    "Operating cash flow (direct)",
                    "Collections − payments − fixed cost − overtime premium",
                    true,
                    ocf_direct.clone(),
                ),
            ],
        },
        Section {
            title: "Operating cash flow, indirect method",
            rows: vec![
                flow(
                    "ebitda-indirect",
                    "EBITDA",
                    "From the profit and loss above",
                    false,
                    col(|x| x.ebitda),
                ),
                flow(
                    "delta-ar",
                    "Change in receivables",
                    "More receivables tie up cash (negative), fewer release it",
                    false,
                    change(&ar, f.opening_ar, -1),
                ),
                flow(
                    "delta-inventory",
                    "Change in inventory",
                    "More inventory ties up cash (negative), less releases it",
                    false,
                    change(&inv, f.opening_inventory, -1),
                ),
                flow(
                    "delta-ap",
                    "Change in payables",
                    "More payables keep cash in (positive), fewer pay it out",
                    false,
                    change(&ap, f.opening_ap, 1),
                ),
                flow(
                    "ocf-indirect",
                    "Operating cash flow (indirect)",
                    "EBITDA − Δ receivables − Δ inventory + Δ payables",
                    true,
                    ocf_indirect.clone(),
                ),
                StatementRow {
                    key: "ocf-check",
                    label: "Direct − indirect",
                    note: "Both methods agree exactly (to the cent) when this is 0",
                    kind: Kind::Check,
                    subtotal: false,
                    opening: None,
                    values: ocf_direct
                        .iter()
                        .zip(&ocf_indirect)
                        .map(|(a, b)| a - b)
                        .collect(),
                    total: t.ocf - ocf_indirect.iter().sum::<Decimal>(),
                },
            ],
        },
        Section {
            title: "Cash",
            rows: vec![balance(
                "cash",
                "Cash balance",
                "Cash at the start + operating cash flow of each month",
                true,
                Some(f.opening_cash),
                col(|x| x.cash),
            )],
        },
    ]
}

/// The financial review's line above the budget chart: "Revenue +€ 1,234 vs budget (2
/// month(s) below) · gross margin −€ 567 vs budget (3 month(s) below)".
pub fn budget_summary(f: &FinancePlan, currency: &str, nf: NumberFormat) -> String {
    let rev = f.months.iter().filter(|m| m.revenue_below_budget()).count();
    let gm = f.months.iter().filter(|m| m.margin_below_budget()).count();
    format!(
        "Revenue {} vs budget ({rev} month(s) below) · gross margin {} vs budget ({gm} month(s) below)",
        delta_money(f.totals.revenue_gap, currency, nf),
        delta_money(f.totals.margin_gap, currency, nf),
    )
}
