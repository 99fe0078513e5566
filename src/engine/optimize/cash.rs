//! The cash floor, linearised from the finance plan's model ([`crate::engine::plan::finance`]).
//!
//! AR at the end of month t is the revenue of its last DSO days (whole months while the
//! days last, then a fraction of the next; before the horizon, the opening AR at its
//! daily rate): `AR_t = Σ_k a_tk · rev_k + a0_t · AR_0`, linear in revenue — the same
//! walk as `finance::open_balance`, without its rounding to the cent. AP the same with
//! DPO on the AP basis. Then, as in the finance plan,
//!
//! ```text
//! cash_t = cash_0 + AR_0 − AR_t + Σ_{k≤t} rev_k − (AP_0 − AP_t + Σ_{k≤t} ap_k)
//!          − (t+1) · fixed − Σ_{k≤t} (overtime premium_k + hiring_k + layoffs_k) ≥ min cash
//! rev_k  = Σ_f price_f · (D_fk + B_{f,k−1} − B_fk − L_fk)      (shipments)
//! ap_k   = Σ_f unit_cost_f · lot·P_fk + subcontract_f · S_fk   (purchases at production)
//! ```
//! The one simplification: components are bought in the month of production (the plan's
//! MRP buys them a lead time earlier, in lots).

use super::lp::{Lp, Sense};
use super::model::{Index, Problem};
use serde::Serialize;

/// The finance terms of the cash floor, in f64.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CashTerms {
    pub opening_cash: f64,
    pub opening_ar: f64,
    pub opening_ap: f64,
    pub dso: f64,
    pub dpo: f64,
    pub fixed: f64,
    pub min_cash: f64,
    /// Calendar days of each month.
    pub days: Vec<f64>,
}

/// Weights of the open balance at the end of month `t` of a flow paid `term` days
/// later: `(w_k for k ≤ t, w_opening)`; see the module doc.
pub fn balance_weights(days: &[f64], t: usize, term: f64) -> (Vec<f64>, f64) {
    let mut w = vec![0.0; t + 1];
    let mut rem = term;
    let mut k = t + 1;
    while rem > 0.0 && k > 0 {
        k -= 1;
        if rem >= days[k] {
            w[k] = 1.0;
            rem -= days[k];
        } else {
            w[k] = rem / days[k];
            rem = 0.0;
        }
    }
    let open = if rem > 0.0 && term > 0.0 {
        rem / term
    } else {
        0.0
    };
    (w, open)
}

/// The row `cash_t ≥ min cash` per month; returns their indices.
pub fn add_rows(p: &Problem, c: &CashTerms, lp: &mut Lp, ix: &Index) -> Vec<usize> {
    let n = p.months.len();
    let mut rows = Vec::with_capacity(n);
    for t in 0..n {
        let (ar, ar0) = balance_weights(&c.days, t, c.dso);
        let (ap, ap0) = balance_weights(&c.days, t, c.dpo);
        let mut coefs: Vec<(usize, f64)> = Vec::new();
        let mut constant = c.opening_cash + c.opening_ar * (1.0 - ar0)
            - c.opening_ap * (1.0 - ap0)
            - (t as f64 + 1.0) * c.fixed;
        for k in 0..=t {
            let in_cash = 1.0 - ar[k];
            let out_cash = 1.0 - ap[k];
            for (q, f) in p.families.iter().enumerate() {
                let rev = in_cash * f.price;
                constant += rev * f.demand[k];
                if k > 0 {
                    coefs.push((ix.b[q][k - 1], rev));
                }
                coefs.push((ix.b[q][k], -rev));
                coefs.push((ix.l[q][k], -rev));
                coefs.push((ix.p[q][k], -out_cash * f.unit_cost * f.lot));
                coefs.push((ix.s[q][k], -out_cash * f.subcontract));
            }
            for (q, r) in p.resources.iter().enumerate() {
                coefs.push((ix.o[q][k], -r.premium));
            }
            coefs.push((ix.h[k], -p.hire_cost));
            coefs.push((ix.f[k], -p.layoff_cost));
        }
        // Merge repeated variables (B_{k} appears for k and k+1).
        coefs.sort_by_key(|(j, _)| *j);
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(coefs.len());
        for (j, a) in coefs {
            match merged.last_mut() {
                Some((lj, la)) if *lj == j => *la += a,
                _ => merged.push((j, a)),
            }
        }
        rows.push(lp.row(
            format!("min_cash[{}]", p.months[t]),
            merged,
            Sense::Ge,
            c.min_cash - constant,
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_follow_the_finance_hand_example() {
        // DSO 45 over Jan 31, Feb 28, Mar 31 (the finance module's example).
        let days = [31.0, 28.0, 31.0];
        let (w, o) = balance_weights(&days, 0, 45.0);
        assert_eq!(w, vec![1.0]);
        assert!((o - 14.0 / 45.0).abs() < 1e-12);
        let (w, o) = balance_weights(&days, 1, 45.0);
        assert!((w[0] - 17.0 / 31.0).abs() < 1e-12 && w[1] == 1.0 && o == 0.0);
        // AR_Feb = 28 000 + 31 000 · 17/31 = 45 000.
        assert!((w[0] * 31_000.0 + w[1] * 28_000.0 - 45_000.0).abs() < 1e-9);
    }
}
