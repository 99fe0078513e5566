//! Bridges: why one plan's number differs from another's, step by step, each step an
//! amount that adds up exactly (to the cent) from the first number to the second.
//!
//! - [`margin_bridge`] — gross margin over the horizon, base plan → scenario:
//!   - volume = (Q_s − Q_b) · GM_b / Q_b (more or fewer units at the base's average
//!     unit margin; Q = units shipped, all SKUs);
//!   - mix = Σ_i q_s,i · m_b,i − Q_s · GM_b / Q_b (which SKUs those units are, at each
//!     SKU's base unit margin m_b,i = price − unit cost; it also carries the cents of
//!     the plans' monthly rounding);
//!   - price = Σ_i q_s,i · (p_s,i − p_b,i), cost = −Σ_i q_s,i · (c_s,i − c_b,i)
//!     (the price and cost levers).
//! - [`cash_bridge`] — cash at the end of month t, base → scenario: opening cash,
//!   gross margin, fixed cost and overtime, then the working capital (receivables,
//!   inventory, payables) up to t: cash_t = opening + Σ_{≤t} (EBITDA − ΔAR − ΔInv + ΔAP).
//! - [`budget_bridge`] — gross margin of the budgeted months, budget → plan: revenue
//!   (the revenue gap at the budget's margin rate) and margin rate (the rest).

use crate::engine::model::{Cycle, Levers};
use crate::engine::plan::Plan;
use crate::engine::plan::money::{
    pct_factor, qty_decimal, rate_from_ticks, rate_ticks, saturating_mul,
};
use crate::engine::plan::{FinanceMonth, FinancePlan};
use rust_decimal::Decimal;

/// One step of a bridge.
#[derive(Clone, Debug, PartialEq)]
pub struct BridgeStep {
    pub key: &'static str,
    pub label: &'static str,
    /// What the step is, in words (tooltip).
    pub note: &'static str,
    pub amount: Decimal,
}

/// From one number to another in steps: `from + Σ steps = to`, exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Bridge {
    pub from_label: String,
    pub from: Decimal,
    pub steps: Vec<BridgeStep>,
    pub to_label: String,
    pub to: Decimal,
}

impl Bridge {
    /// The difference the steps explain.
    pub fn difference(&self) -> Decimal {
        self.to - self.from
    }
}

fn step(key: &'static str, label: &'static str, note: &'static str, amount: Decimal) -> BridgeStep {
    BridgeStep {
        key,
        label,
        note,
        amount,
    }
}

/// Unit price and unit cost of each SKU of `c` as a plan with `levers` prices them.
fn rates(c: &Cycle, levers: &Levers) -> Vec<(Decimal, Decimal)> {
    let (pf, cf) = (pct_factor(levers.price_pct), pct_factor(levers.cost_pct));
    let exact = |d: Decimal| rate_from_ticks(rate_ticks(d));
    c.master
        .products
        .iter()
        .map(|p| {
            (
                exact(saturating_mul(p.price, pf)),
                exact(saturating_mul(p.unit_cost, cf)),
            )
        })
        .collect()
}

/// Units shipped over the horizon, per SKU of `p` (plan row order).
fn shipped(p: &Plan) -> Vec<Decimal> {
    (0..p.skus.len())
        .map(|i| {
            p.supply
                .shipments
                .row(i)
                .iter()
                .map(|&q| qty_decimal(q))
                .sum()
        })
        .collect()
}

/// Gross margin over the horizon, from the base plan (`base`, planned with
/// `base_levers`) to a scenario's (see the module doc). Both plans are of cycle `c`.
pub fn margin_bridge(
    c: &Cycle,
    base: &Plan,
    base_levers: &Levers,
    scen: &Plan,
    scen_levers: &Levers,
    scen_name: &str,
) -> Bridge {
    let (rb, rs) = (rates(c, base_levers), rates(c, scen_levers));
    let (qb, qs) = (shipped(base), shipped(scen));
    let from = base.finance.totals.gross_margin;
    let to = scen.finance.totals.gross_margin;
    let total_b: Decimal = qb.iter().sum();
    let total_s: Decimal = qs.iter().sum();
    let cents = |d: Decimal| d.round_dp(2);
    // The base's average unit margin.
    let unit = if total_b.is_zero() {
        Decimal::ZERO
    } else {
        from / total_b
    };
    let volume = cents((total_s - total_b) * unit);
    let mut price = Decimal::ZERO;
    let mut cost = Decimal::ZERO;
    for ((q, b), s) in qs.iter().zip(&rb).zip(&rs) {
        price += q * (s.0 - b.0);
        cost -= q * (s.1 - b.1);
    }
    let (price, cost) = (cents(price), cents(cost));
    // What the other steps leave: Σ q_s·m_b − Q_s·GM_b/Q_b and the rounding's cents.
    let mix = to - from - volume - price - cost;
    Bridge {
        from_label: "Base plan".into(),
        from,
        steps: vec![
            step(
                "volume",
                "Volume",
                "More or fewer units shipped, at the base plan's average unit margin",
                volume,
            ),
            step(
                "mix",
                "Mix",
                "Which products those units are: each at its own base unit margin",
                mix,
            ),
            step(
                "price",
                "Price",
                "The scenario's price change on the units it ships",
                price,
            ),
            step(
                "cost",
                "Cost",
                "The scenario's unit cost change on the units it ships (higher cost: negative)",
                cost,
            ),
        ],
        to_label: scen_name.to_string(),
        to,
    }
}

/// Cash at the end of month `t` (a column of both plans), base → scenario (see the
/// module doc).
pub fn cash_bridge(base: &Plan, scen: &Plan, t: usize, scen_name: &str) -> Bridge {
    let (fb, fs) = (&base.finance, &scen.finance);
    let t = t.min(fb.months.len().saturating_sub(1));
    let upto = |f: &FinancePlan, g: fn(&FinanceMonth) -> Decimal| {
        f.months.iter().take(t + 1).map(g).sum::<Decimal>()
    };
    let at = |f: &FinancePlan, g: fn(&FinanceMonth) -> Decimal| {
        f.months.get(t).map(g).unwrap_or_default()
    };
    let gm = upto(fs, |m| m.gross_margin) - upto(fb, |m| m.gross_margin);
    let other = -(upto(fs, |m| m.fixed_cost + m.overtime_premium)
        - upto(fb, |m| m.fixed_cost + m.overtime_premium));
    let ar = -((at(fs, |m| m.ar) - fs.opening_ar) - (at(fb, |m| m.ar) - fb.opening_ar));
    let inv = -((at(fs, |m| m.inventory) - fs.opening_inventory)
        - (at(fb, |m| m.inventory) - fb.opening_inventory));
    let ap = (at(fs, |m| m.ap) - fs.opening_ap) - (at(fb, |m| m.ap) - fb.opening_ap);
    Bridge {
        from_label: "Base plan".into(),
        from: at(fb, |m| m.cash),
        steps: vec![
            step(
                "opening-cash",
                "Opening cash",
                "A different cash balance at the start",
                fs.opening_cash - fb.opening_cash,
            ),
            step(
                "gross-margin",
                "Gross margin",
                "More or less gross margin earned up to this month",
                gm,
            ),
            step(
                "fixed-overtime",
                "Fixed + overtime",
                "More fixed cost or overtime premium paid (negative)",
                other,
            ),
            step(
                "receivables",
                "Receivables",
                "More revenue not yet collected ties up cash (negative)",
                ar,
            ),
            step(
                "inventory",
                "Inventory",
                "More stock bought or built ahead ties up cash (negative)",
                inv,
            ),
            step(
                "payables",
                "Payables",
                "More purchases not yet paid keep cash in (positive)",
                ap,
            ),
        ],
        to_label: scen_name.to_string(),
        to: at(fs, |m| m.cash),
    }
}

/// Gross margin of the budgeted months, budget → plan (see the module doc); `None`
/// when the plan has no budgeted month.
pub fn budget_bridge(f: &FinancePlan, plan_name: &str) -> Option<Bridge> {
    let mut budget_rev = Decimal::ZERO;
    let mut budget_gm = Decimal::ZERO;
    let mut rev = Decimal::ZERO;
    let mut gm = Decimal::ZERO;
    let mut any = false;
    for m in &f.months {
        if let (Some(br), Some(bm)) = (m.budget_revenue, m.budget_margin) {
            any = true;
            budget_rev += br;
            budget_gm += bm;
            rev += m.revenue;
            gm += m.gross_margin;
        }
    }
    if !any {
        return None;
    }
    let rate = if budget_rev.is_zero() {
        Decimal::ZERO
    } else {
        budget_gm / budget_rev
    };
    let revenue = ((rev - budget_rev) * rate).round_dp(2);
    Some(Bridge {
        from_label: "Budget".into(),
        from: budget_gm,
        steps: vec![
            step(
                "revenue",
                "Revenue",
                "Revenue above or below budget, at the budget's gross margin rate",
                revenue,
            ),
            step(
                "margin-rate",
                "Margin rate",
                "A better or worse gross margin rate than budgeted (prices, costs, mix)",
                gm - budget_gm - revenue,
            ),
        ],
        to_label: plan_name.to_string(),
        to: gm,
    })
}
