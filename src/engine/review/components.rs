//! Component purchases (MRP-light) as the supply review shows them: per key component
//! its facts, the four rows of [`crate::engine::plan::mrp`] (gross requirement, planned
//! receipts, projected on hand, planned orders) with their totals over the horizon, what
//! its receipts cost, and the orders past due that the first month's order cell holds;
//! then the purchase spend and order value per month with their totals.

use crate::engine::format::{money, units};
use crate::engine::model::Cycle;
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::plan::money::{cents, flow_cents, mul, qty_ticks, rate_ticks};
use crate::engine::plan::{PastDueOrder, Plan};
use rust_decimal::Decimal;

/// One key component's block of the purchases table.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ComponentRow {
    pub id: String,
    /// The master data's name (the id when the component is not in it).
    pub name: String,
    pub lead_time: u32,
    /// On hand at the start of the cycle.
    pub on_hand: f64,
    pub unit_cost: Decimal,
    pub gross: Vec<f64>,
    pub receipts: Vec<f64>,
    /// Projected on hand at each month's end.
    pub on_hand_end: Vec<f64>,
    /// Planned orders by order month (past-due ones counted in the first).
    pub orders: Vec<f64>,
    /// What its receipts cost over the horizon, as the plan values purchases:
    /// round_¢(Σ_t qty(receipt_t) · unit cost), quantities and rates at the plan's
    /// precision ([`crate::engine::plan::money`]).
    pub spend: Decimal,
    /// Orders past due, counted in the first month's order cell: their units and the
    /// earliest month one should have been ordered.
    pub past_due: Option<(f64, Month)>,
}

impl ComponentRow {
    /// The head line's facts: `lead time 2 months · on hand today 120 · € 85 each ·
    /// spend € 12,345`.
    pub fn facts(&self, currency: &str, nf: NumberFormat) -> String {
        let months = if self.lead_time == 1 { "" } else { "s" };
        format!(
            "lead time {} month{months} · on hand today {} · {} each · spend {}",
            self.lead_time,
            units(self.on_hand, nf),
            money(self.unit_cost, currency, nf),
            money(self.spend, currency, nf),
        )
    }

    /// The first order cell's tooltip when it holds past-due orders.
    pub fn past_due_title(&self, nf: NumberFormat) -> Option<String> {
        self.past_due.map(|(u, m)| {
            format!(
                "Includes {} units past due (should have been ordered by {})",
                units(u, nf),
                m.short_label()
            )
        })
    }
}

/// The purchases table: months, one block per key component (the plan's order), the
/// orders past due, and purchase money per month.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ComponentsReview {
    pub months: Vec<Month>,
    pub rows: Vec<ComponentRow>,
    pub past_due: Vec<PastDueOrder>,
    /// round_¢(Σ receipts · cost) per month (the plan's, the accounts-payable basis).
    pub purchases: Vec<Decimal>,
    /// round_¢(Σ orders · cost) per order month.
    pub orders_value: Vec<Decimal>,
}

impl ComponentsReview {
    /// Purchase spend over the horizon: the sum of the plan's monthly purchases.
    pub fn purchases_total(&self) -> Decimal {
        self.purchases.iter().copied().sum()
    }

    /// Orders placed over the horizon, valued.
    pub fn orders_value_total(&self) -> Decimal {
        self.orders_value.iter().copied().sum()
    }
}

/// A past-due order in words: `40 × FRAME-AL: needed Jan 27, should have been ordered
/// Oct 26`.
pub fn past_due_line(o: &PastDueOrder, nf: NumberFormat) -> String {
    format!(
        "{} × {}: needed {}, should have been ordered {}",
        units(o.units, nf),
        o.component,
        o.need.short_label(),
        o.order.short_label(),
    )
}

/// The purchases table of `plan` (made from `cycle`).
pub fn components_review(cycle: &Cycle, plan: &Plan) -> ComponentsReview {
    let cp = &plan.components;
    let rows = cp
        .components
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let spec = cycle.master.components.iter().find(|s| &s.id == id);
            let unit_cost = spec.map_or(Decimal::ZERO, |s| s.unit_cost);
            let receipts = cp.receipts.row(i).to_vec();
            let rate = rate_ticks(unit_cost);
            let flow = receipts
                .iter()
                .fold(0i128, |a, r| a.wrapping_add(mul(qty_ticks(*r), rate)));
            let due: Vec<&PastDueOrder> =
                cp.past_due.iter().filter(|o| &o.component == id).collect();
            let past_due = due
                .iter()
                .map(|o| o.order)
                .min()
                .map(|m| (due.iter().map(|o| o.units).sum(), m));
            ComponentRow {
                id: id.clone(),
                name: spec.map_or_else(|| id.clone(), |s| s.name.clone()),
                lead_time: spec.map_or(0, |s| s.lead_time),
                on_hand: spec.map_or(0.0, |s| s.on_hand),
                unit_cost,
                gross: cp.gross.row(i).to_vec(),
                receipts,
                on_hand_end: cp.on_hand.row(i).to_vec(),
                orders: cp.orders.row(i).to_vec(),
                spend: cents(flow_cents(flow)),
                past_due,
            }
        })
        .collect();
    ComponentsReview {
        months: plan.months.clone(),
        rows,
        past_due: cp.past_due.clone(),
        purchases: cp.purchases.clone(),
        orders_value: cp.orders_value.clone(),
    }
}
