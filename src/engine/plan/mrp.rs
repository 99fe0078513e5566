//! MRP-light for key components.
//!
//! Per component c and month t (no scheduled receipts, no component safety stock):
//!
//! ```text
//! gross_t    = Σ_i P_{i,t} · bom_{i,c}
//! net_t      = gross_t − OH_{t−1}                       (OH_{−1} = on hand)
//! receipt_t  = lot_size(net_t) if net_t > 0, else 0     (min, multiple)
//! OH_t       = OH_{t−1} + receipt_t − gross_t           (≥ 0)
//! order      placed in month t − LT for the receipt of t
//! ```
//!
//! An order whose month would fall before the first planned month is *past due*: it is
//! listed in [`ComponentPlan::past_due`], counted as placed in the first month (it must
//! be expedited now) and still received when needed, so production is not starved on
//! paper. Purchases (the accounts-payable basis) are valued at receipt: `receipt · cost`;
//! `orders_value` is the commitment by order month.

use super::Grid;
use super::index::Index;
use super::money::{self, mul, qty_ticks};
use super::supply::lot_size;
use crate::engine::month::Month;
use rust_decimal::Decimal;
use serde::Serialize;

/// A planned order that should already have been placed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PastDueOrder {
    pub component: String,
    /// Month the receipt is needed.
    pub need: Month,
    /// Month it should have been ordered (before the first planned month).
    pub order: Month,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub units: f64,
}

/// Component series, component × month (units), and purchase money per month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComponentPlan {
    pub components: Vec<String>,
    pub gross: Grid,
    pub receipts: Grid,
    /// Projected on hand at month end.
    pub on_hand: Grid,
    /// Planned orders by order month.
    pub orders: Grid,
    pub past_due: Vec<PastDueOrder>,
    /// round_¢(Σ receipts · cost) per month.
    pub purchases: Vec<Decimal>,
    /// round_¢(Σ orders · cost) per order month.
    pub orders_value: Vec<Decimal>,
}

impl ComponentPlan {
    pub fn zeros(components: Vec<String>, h: usize) -> Self {
        let c = components.len();
        ComponentPlan {
            components,
            gross: Grid::zeros(c, h),
            receipts: Grid::zeros(c, h),
            on_hand: Grid::zeros(c, h),
            orders: Grid::zeros(c, h),
            past_due: Vec::new(),
            purchases: vec![Decimal::ZERO; h],
            orders_value: vec![Decimal::ZERO; h],
        }
    }
}

/// Runs MRP for component `c` from its gross requirement row (already in `cp.gross`).
/// Writes receipts, on hand and orders, pushes past-due orders and writes the money of
/// receipts and orders (flows in 1e-15) into `recv_money` and `order_money` (month rows).
pub(crate) fn run(
    ix: &Index,
    c: usize,
    cp: &mut ComponentPlan,
    past_due: &mut Vec<PastDueOrder>,
    recv_money: &mut [i128],
    order_money: &mut [i128],
) {
    let spec = &ix.comps[c];
    let h = ix.h;
    let mut oh = spec.on_hand.max(0.0);
    cp.orders.row_mut(c).fill(0.0);
    order_money.fill(0);
    for t in 0..h {
        let g = cp.gross.get(c, t);
        let net = g - oh;
        let r = if net > 1e-9 {
            lot_size(net, spec.lot_min, spec.lot_multiple)
        } else {
            0.0
        };
        oh = (oh + r - g).max(0.0);
        cp.receipts.row_mut(c)[t] = r;
        cp.on_hand.row_mut(c)[t] = oh;
        let rm = mul(qty_ticks(r), spec.cost);
        recv_money[t] = rm;
        if r > 0.0 {
            let o = t as i64 - spec.lead_time as i64;
            let ot = if o < 0 {
                past_due.push(PastDueOrder {
                    component: ix.comp_ids[c].clone(),
                    need: ix.months[t],
                    order: ix.start.plus(o as i32),
                    units: r,
                });
                0
            } else {
                o as usize
            };
            cp.orders.row_mut(c)[ot] += r;
            order_money[ot] = order_money[ot].wrapping_add(rm);
        }
    }
}

/// Sums per-component money rows (component × month, flows in 1e-15) per month: into
/// `out` rounded to the cent, and returned as exact flow sums.
pub(crate) fn money_by_month(rows: &[i128], h: usize, out: &mut [Decimal]) -> Vec<i128> {
    (0..h)
        .map(|t| {
            let s = rows
                .iter()
                .skip(t)
                .step_by(h.max(1))
                .fold(0i128, |a, x| a.wrapping_add(*x));
            out[t] = money::cents(money::flow_cents(s));
            s
        })
        .collect()
}
