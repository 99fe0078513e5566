//! Exact per-month aggregates over SKUs, as sums of per-SKU contributions in integers
//! (see the parent module's doc): what an edit subtracts and adds back.

use super::super::index::{Index, opening_value};
use super::super::money::{fixed, mul, qty_ticks};
use super::super::{Plan, SHORT_MIN_UNITS};
use crate::engine::model::Baseline;

/// Exact per-month aggregates over SKUs.
#[derive(Clone, Debug)]
pub(super) struct Agg {
    pub(super) load: Vec<i64>,
    pub(super) gross: Vec<i64>,
    pub(super) demand: Vec<i64>,
    pub(super) on_time: Vec<i64>,
    pub(super) revenue: Vec<i128>,
    pub(super) cogs: Vec<i128>,
    pub(super) production_value: Vec<i128>,
    pub(super) material: Vec<i128>,
    pub(super) fg_open: i128,
    pub(super) comp_recv: Vec<i128>,
    pub(super) comp_order: Vec<i128>,
    pub(super) stockouts: i64,
    pub(super) wape_weighted: i64,
    pub(super) wape_volume: i64,
    /// Each SKU's (WAPE × volume, volume) as added: taken back as it was, since the
    /// baseline (its WAPE) may have changed since.
    pub(super) wape_of: Vec<(i64, i64)>,
    pub(super) comp_dirty: Vec<bool>,
}

impl Agg {
    pub(super) fn new(n: usize, r: usize, c: usize, h: usize) -> Self {
        Agg {
            load: vec![0; r * h],
            gross: vec![0; c * h],
            demand: vec![0; h],
            on_time: vec![0; h],
            revenue: vec![0; h],
            cogs: vec![0; h],
            production_value: vec![0; h],
            material: vec![0; h],
            fg_open: 0,
            comp_recv: vec![0; c * h],
            comp_order: vec![0; c * h],
            stockouts: 0,
            wape_weighted: 0,
            wape_volume: 0,
            wape_of: vec![(0, 0); n],
            comp_dirty: vec![true; c],
        }
    }

    /// Adds (`sign` = 1) or removes (−1) SKU `i`'s contribution, from its current spec
    /// and rows. Wrapping arithmetic: exact modulo 2⁶⁴/2¹²⁸, so add-then-subtract is
    /// still exact, and absurd inputs cannot panic (validation rejects them anyway).
    pub(super) fn contrib(
        &mut self,
        ix: &Index,
        plan: &Plan,
        baselines: &[Baseline],
        i: usize,
        sign: i64,
    ) {
        let h = ix.h;
        let s = &ix.skus[i];
        let p = plan.supply.production.row(i);
        let sh = plan.supply.shipments.row(i);
        let d = plan.demand.consensus.row(i);
        let b = plan.supply.backlog.row(i);
        let l = plan.supply.lost.row(i);
        for &(r, hpu) in &s.routing {
            let a = &mut self.load[r * h..(r + 1) * h];
            for t in 0..h {
                a[t] = a[t].wrapping_add(sign.wrapping_mul(fixed(p[t] * hpu)));
            }
        }
        for &(c, q) in &s.bom {
            let a = &mut self.gross[c * h..(c + 1) * h];
            for t in 0..h {
                a[t] = a[t].wrapping_add(sign.wrapping_mul(fixed(p[t] * q)));
            }
            self.comp_dirty[c] = true;
        }
        // Adds or subtracts a money amount (no i128 multiply by ±1: a libcall on WASM).
        let add = |acc: &mut i128, x: i128| {
            *acc = if sign > 0 {
                acc.wrapping_add(x)
            } else {
                acc.wrapping_sub(x)
            }
        };
        let mut prev_b = 0.0;
        let mut stockout = false;
        for t in 0..h {
            self.demand[t] = self.demand[t].wrapping_add(sign.wrapping_mul(fixed(d[t])));
            let on_time = sh[t] - prev_b;
            self.on_time[t] = self.on_time[t]
                .wrapping_add(sign.wrapping_mul(fixed(if on_time > 0.0 { on_time } else { 0.0 })));
            prev_b = b[t];
            stockout |= b[t] > SHORT_MIN_UNITS || l[t] > SHORT_MIN_UNITS;
            let qs = qty_ticks(sh[t]);
            let qp = qty_ticks(p[t]);
            add(&mut self.revenue[t], mul(qs, s.price));
            add(&mut self.cogs[t], mul(qs, s.cost));
            add(&mut self.production_value[t], mul(qp, s.cost));
            add(&mut self.material[t], mul(qp, s.material));
        }
        add(&mut self.fg_open, opening_value(s));
        if stockout {
            self.stockouts += sign;
        }
        let (weighted, volume) = if sign > 0 {
            let w = s.baseline.and_then(|k| baselines.get(k)).map(|b| b.wape);
            let c = match w {
                Some(w) if w.is_finite() => {
                    let vol: f64 = plan.demand.statistical.row(i).iter().sum();
                    (fixed(w * vol), fixed(vol))
                }
                _ => (0, 0),
            };
            self.wape_of[i] = c;
            c
        } else {
            std::mem::take(&mut self.wape_of[i])
        };
        self.wape_weighted = self.wape_weighted.wrapping_add(sign.wrapping_mul(weighted));
        self.wape_volume = self.wape_volume.wrapping_add(sign.wrapping_mul(volume));
    }
}
