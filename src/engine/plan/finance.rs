//! Financial reconciliation, all in exact [`Decimal`].
//!
//! Per month t (money of SKU flows built at the [`super::money`] boundary):
//!
//! ```text
//! revenue    = Σ_i S_{i,t} · price_i          COGS = Σ_i S_{i,t} · unit_cost_i
//! GM         = revenue − COGS,  GM% = GM / revenue
//! material_i = Σ_c bom_{i,c} · cost_c          conversion_i = unit_cost_i − material_i
//! purchases  = Σ_c receipts_{c,t} · cost_c     (component receipts, valued at receipt)
//! conversion = Σ_i P_{i,t} · conversion_i      (labour and overhead incurred)
//! FG_t       = FG_{t−1} + Σ_i P_{i,t} · unit_cost_i − COGS
//! CompInv_t  = CompInv_{t−1} + purchases − Σ_i P_{i,t} · material_i
//! EBITDA     = GM − fixed cost − overtime premium
//! AR_t       = open_balance(revenue, DSO),  AP_t = open_balance(purchases + conversion, DPO)
//! collections = AR_{t−1} + revenue − AR_t
//! payments    = AP_{t−1} + purchases + conversion − AP_t
//! OCF direct   = collections − payments − fixed cost − overtime premium
//! OCF indirect = EBITDA − ΔAR − ΔInventory + ΔAP
//! cash_t       = cash_{t−1} + OCF
//! ```
//!
//! **Why the two OCFs agree to the cent (exactly, by construction).** The inventory
//! value moves only by what flows through it: ΔInv = purchases + conversion − COGS
//! (finished goods gain P·(material + conversion) and lose S·unit_cost; components gain
//! purchases and lose P·material). So
//! `EBITDA − ΔAR − ΔInv + ΔAP = revenue − ΔAR − (purchases + conversion − ΔAP) − fixed −
//! overtime = collections − payments − fixed − overtime`. Every term is an exact
//! `Decimal` sum (AR and AP are rounded to the cent *before* collections and payments are
//! derived from them), so no rounding can come between the two methods. The inventory
//! value is carried by these flows; it equals Σ units · standard cost of the projected
//! stock up to the 1e-4-unit rounding of the boundary.
//!
//! **AR/AP from days** ([`open_balance`]): each month's revenue is earned evenly over
//! its calendar days and collected DSO days later, so AR at the end of month t is the
//! revenue of the last DSO days: walking back from t, whole months while the days last,
//! then the fraction (days left / days of that month) of the next. Revenue before the
//! horizon is taken at the daily rate `opening AR / DSO` (the opening AR *is* DSO days
//! of it). AR is rounded to the cent. AP is the same with DPO on purchases + conversion.
//!
//! Hand example (DSO 45, opening AR 9 000 = 200/day, revenue Jan 31 000, Feb 28 000,
//! Mar 31 000, 1 000/day):
//! - AR_Jan = 31 000 + 9 000 · 14/45 = 33 800; collections = 9 000 + 31 000 − 33 800 = 6 200
//! - AR_Feb = 28 000 + 31 000 · 17/31 = 45 000; collections = 33 800 + 28 000 − 45 000 = 16 800
//! - AR_Mar = 31 000 + 28 000 · 14/28 = 45 000; collections = 31 000
//!
//! **Days metrics** over the horizon (D = its calendar days):
//! DSO = avg AR · D / Σ revenue, DIO = avg inventory · D / Σ COGS,
//! DPO = avg AP · D / Σ (purchases + conversion), CCC = DSO + DIO − DPO.

use super::index::Index;
use super::money::{self, ratio, round};
use crate::engine::month::Month;
use rust_decimal::Decimal;
use serde::Serialize;

/// One month of the financial plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FinanceMonth {
    pub month: Month,
    pub revenue: Decimal,
    pub cogs: Decimal,
    pub gross_margin: Decimal,
    /// GM / revenue, 4 decimals (0.3512 = 35.12 %).
    pub gm_pct: Decimal,
    pub conversion_cost: Decimal,
    /// Component receipts at cost (the AP basis with conversion).
    pub purchases: Decimal,
    /// Component orders placed at cost (commitments).
    pub purchase_orders: Decimal,
    pub overtime_premium: Decimal,
    pub fixed_cost: Decimal,
    pub ebitda: Decimal,
    pub inventory_fg: Decimal,
    pub inventory_components: Decimal,
    pub inventory: Decimal,
    pub ar: Decimal,
    pub ap: Decimal,
    pub collections: Decimal,
    pub payments: Decimal,
    pub ocf_direct: Decimal,
    pub ocf_indirect: Decimal,
    pub cash: Decimal,
    pub budget_revenue: Option<Decimal>,
    pub budget_margin: Option<Decimal>,
    /// revenue − budget (negative: below budget).
    pub revenue_gap: Option<Decimal>,
    pub margin_gap: Option<Decimal>,
}

/// Horizon totals and days metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct FinanceTotals {
    pub revenue: Decimal,
    pub cogs: Decimal,
    pub gross_margin: Decimal,
    pub ebitda: Decimal,
    pub ocf: Decimal,
    pub purchases: Decimal,
    pub conversion_cost: Decimal,
    pub overtime_premium: Decimal,
    pub fixed_cost: Decimal,
    /// Over budgeted months only.
    pub budget_revenue: Decimal,
    pub budget_margin: Decimal,
    pub revenue_gap: Decimal,
    pub margin_gap: Decimal,
    /// Days, 1 decimal.
    pub dso: Decimal,
    pub dio: Decimal,
    pub dpo: Decimal,
    pub ccc: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FinancePlan {
    pub months: Vec<FinanceMonth>,
    pub opening_cash: Decimal,
    pub opening_ar: Decimal,
    pub opening_ap: Decimal,
    pub opening_inventory: Decimal,
    /// DSO and DPO terms used (levers applied).
    pub dso_days: Decimal,
    pub dpo_days: Decimal,
    pub min_cash: Decimal,
    pub totals: FinanceTotals,
    /// Lowest month-end cash of the horizon and its (first) month.
    pub cash_low: Decimal,
    pub cash_low_month: Option<Month>,
}

/// The open balance at the end of month `t` of a flow paid `term` days after it
/// occurs (see the module doc): flows of the last `term` days, months before the
/// horizon at the daily rate `opening / term`. Rounded to the cent.
pub fn open_balance(
    flows: &[Decimal],
    days: &[u32],
    t: usize,
    opening: Decimal,
    term: Decimal,
) -> Decimal {
    let mut rem = term;
    let mut sum = Decimal::ZERO;
    let mut k = t as isize;
    while rem > Decimal::ZERO && k >= 0 {
        let d = Decimal::from(days[k as usize]);
        if rem >= d {
            sum += flows[k as usize];
            rem -= d;
        } else {
            sum += flows[k as usize] * rem / d;
            rem = Decimal::ZERO;
        }
        k -= 1;
    }
    if rem > Decimal::ZERO {
        sum += opening * rem / term;
    }
    round(sum, 2)
}

/// The money flows of the plan, per month (1e-10 integers from the boundary, or
/// Decimals already).
pub(crate) struct Flows<'a> {
    pub revenue: &'a [i128],
    pub cogs: &'a [i128],
    /// Σ P · unit_cost.
    pub production_value: &'a [i128],
    /// Σ P · material.
    pub material: &'a [i128],
    pub purchases: &'a [Decimal],
    pub orders: &'a [Decimal],
    pub overtime: &'a [Decimal],
    pub fg_open: i128,
    pub comp_open: i128,
}

/// The financial plan from the month flows.
pub(crate) fn compute(ix: &Index, f: &Flows<'_>) -> FinancePlan {
    let h = ix.h;
    let fin = &ix.fin;
    let days: Vec<u32> = ix.months.iter().map(|m| m.days()).collect();
    let revenue: Vec<Decimal> = f.revenue.iter().map(|&v| money::money(v)).collect();
    let ap_base: Vec<Decimal> = (0..h)
        .map(|t| f.purchases[t] + money::money(f.production_value[t].wrapping_sub(f.material[t])))
        .collect();
    let mut months = Vec::with_capacity(h);
    let mut fg = f.fg_open;
    let mut comp = money::money(f.comp_open);
    let opening_inventory = money::money(f.fg_open) + comp;
    let (mut ar_prev, mut ap_prev, mut inv_prev) =
        (fin.opening_ar, fin.opening_ap, opening_inventory);
    let mut cash = fin.opening_cash;
    let mut tot = FinanceTotals::default();
    let (mut sum_ar, mut sum_ap, mut sum_inv) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut cash_low = fin.opening_cash;
    let mut cash_low_month = None;
    for t in 0..h {
        let rev = revenue[t];
        let cogs = money::money(f.cogs[t]);
        let gm = rev - cogs;
        let conversion = money::money(f.production_value[t].wrapping_sub(f.material[t]));
        fg = fg.wrapping_add(f.production_value[t].wrapping_sub(f.cogs[t]));
        comp += f.purchases[t] - money::money(f.material[t]);
        let inventory_fg = money::money(fg);
        let inventory = inventory_fg + comp;
        let ot = f.overtime[t];
        let ebitda = gm - fin.fixed_cost - ot;
        let ar = open_balance(&revenue, &days, t, fin.opening_ar, fin.dso);
        let ap = open_balance(&ap_base, &days, t, fin.opening_ap, fin.dpo);
        let collections = ar_prev + rev - ar;
        let payments = ap_prev + ap_base[t] - ap;
        let ocf_direct = collections - payments - fin.fixed_cost - ot;
        let ocf_indirect = ebitda - (ar - ar_prev) - (inventory - inv_prev) + (ap - ap_prev);
        cash += ocf_direct;
        if cash_low_month.is_none() || cash < cash_low {
            cash_low = cash;
            cash_low_month = Some(ix.months[t]);
        }
        let budget = fin.budget[t];
        tot.revenue += rev;
        tot.cogs += cogs;
        tot.gross_margin += gm;
        tot.ebitda += ebitda;
        tot.ocf += ocf_direct;
        tot.purchases += f.purchases[t];
        tot.conversion_cost += conversion;
        tot.overtime_premium += ot;
        tot.fixed_cost += fin.fixed_cost;
        if let Some((br, bm)) = budget {
            tot.budget_revenue += br;
            tot.budget_margin += bm;
            tot.revenue_gap += rev - br;
            tot.margin_gap += gm - bm;
        }
        sum_ar += ar;
        sum_ap += ap;
        sum_inv += inventory;
        months.push(FinanceMonth {
            month: ix.months[t],
            revenue: rev,
            cogs,
            gross_margin: gm,
            gm_pct: ratio(gm, rev, 4),
            conversion_cost: conversion,
            purchases: f.purchases[t],
            purchase_orders: f.orders[t],
            overtime_premium: ot,
            fixed_cost: fin.fixed_cost,
            ebitda,
            inventory_fg,
            inventory_components: comp,
            inventory,
            ar,
            ap,
            collections,
            payments,
            ocf_direct,
            ocf_indirect,
            cash,
            budget_revenue: budget.map(|b| b.0),
            budget_margin: budget.map(|b| b.1),
            revenue_gap: budget.map(|b| rev - b.0),
            margin_gap: budget.map(|b| gm - b.1),
        });
        ar_prev = ar;
        ap_prev = ap;
        inv_prev = inventory;
    }
    if h > 0 {
        let n = Decimal::from(h as u64);
        let d = Decimal::from(days.iter().map(|&x| x as u64).sum::<u64>());
        tot.dso = ratio(sum_ar / n * d, tot.revenue, 1);
        tot.dio = ratio(sum_inv / n * d, tot.cogs, 1);
        tot.dpo = ratio(sum_ap / n * d, tot.purchases + tot.conversion_cost, 1);
        tot.ccc = tot.dso + tot.dio - tot.dpo;
    }
    FinancePlan {
        months,
        opening_cash: fin.opening_cash,
        opening_ar: fin.opening_ar,
        opening_ap: fin.opening_ap,
        opening_inventory,
        dso_days: fin.dso,
        dpo_days: fin.dpo,
        min_cash: fin.min_cash,
        totals: tot,
        cash_low,
        cash_low_month,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: i64) -> Decimal {
        Decimal::from(x)
    }

    #[test]
    fn open_balance_hand_example() {
        // Jan 31, Feb 28, Mar 31 days; revenue 1 000 a day; DSO 45; opening AR 9 000.
        let rev = [d(31_000), d(28_000), d(31_000)];
        let days = [31, 28, 31];
        let ar: Vec<Decimal> = (0..3)
            .map(|t| open_balance(&rev, &days, t, d(9_000), d(45)))
            .collect();
        assert_eq!(ar, vec![d(33_800), d(45_000), d(45_000)]);
        // Collections = AR_{t−1} + revenue − AR_t.
        assert_eq!(d(9_000) + rev[0] - ar[0], d(6_200));
        assert_eq!(ar[0] + rev[1] - ar[1], d(16_800));
        assert_eq!(ar[1] + rev[2] - ar[2], d(31_000));
        // DSO 0: everything is collected in the month.
        assert_eq!(open_balance(&rev, &days, 1, d(9_000), d(0)), d(0));
        // A fractional share is rounded to the cent: 31 000 · 10/31 = 10 000, 1 000 · 1/3.
        let r = [d(1_000)];
        assert_eq!(
            open_balance(&r, &[30], 0, d(0), d(10)),
            Decimal::new(33333, 2)
        );
    }
}
