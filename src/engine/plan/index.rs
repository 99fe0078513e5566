//! Master data resolved once into indices and flat per-SKU specs: ids → positions,
//! levers applied, money rates as integer ticks, safety stock computed.

use super::money::{self, mul, qty_ticks, rate_ticks};
use super::supply::safety_stock;
use crate::engine::model::*;
use crate::engine::month::Month;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small multiplicative hasher (FxHash) for id lookups: ids are the planner's own
/// data, so no flooding defence is needed, and SipHash was 10 % of a full plan.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Id → position.
pub(crate) type IdMap = HashMap<String, usize, BuildHasherDefault<FxHasher>>;

/// One SKU with everything the per-SKU stages need, levers applied.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SkuSpec {
    pub sku: String,
    pub family: Option<usize>,
    /// Price, standard cost and BOM material cost per unit, in 1e-6 ticks.
    pub price: i64,
    pub cost: i64,
    pub material: i64,
    pub on_hand: f64,
    pub safety_stock: f64,
    pub strategy: Strategy,
    pub lot_min: f64,
    pub lot_multiple: f64,
    /// (resource index, hours per unit), unknown resources dropped.
    pub routing: Vec<(usize, f64)>,
    /// (component index, qty per unit), unknown components dropped.
    pub bom: Vec<(usize, f64)>,
    /// Scenario demand factor of its family (1 + pct/100).
    pub demand_factor: f64,
    /// Position of its baseline in the baselines slice.
    pub baseline: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ResSpec {
    /// Regular hours per planned month, calendar and lever applied.
    pub regular: Vec<f64>,
    pub overtime: f64,
    pub premium: i64,
    pub crew: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CompSpec {
    /// The master data's unit cost (before the cost lever), to tell a change.
    pub unit_cost: Decimal,
    pub cost: i64,
    pub on_hand: f64,
    pub lead_time: u32,
    pub lot_min: f64,
    pub lot_multiple: f64,
}

/// Finance terms of the plan, levers applied. Amounts are clamped (see
/// [`money::clamp_amount`]) and rounded to the cent ([`money::to_cents`]), DSO/DPO to 0–36 500 days with 4
/// decimals, so that the financial plan runs on exact integers (ticks of 1e-10, days
/// in 1e-4: [`money::ticks`], [`FinSpec::day_ticks`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FinSpec {
    pub opening_cash: Decimal,
    pub opening_ar: Decimal,
    pub opening_ap: Decimal,
    pub dso: Decimal,
    pub dpo: Decimal,
    pub fixed_cost: Decimal,
    pub min_cash: Decimal,
    /// Budget (revenue, gross margin) per planned month, if budgeted.
    pub budget: Vec<Option<(Decimal, Decimal)>>,
}

/// Ticks of 1e-4 per day of DSO / DPO.
pub(crate) const DAY: i64 = 10_000;

/// Everything resolved from a cycle, inputs, levers and baselines.
#[derive(Clone, Debug)]
pub(crate) struct Index {
    pub cycle_id: String,
    pub start: Month,
    pub months: Vec<Month>,
    pub h: usize,
    pub skus: Vec<SkuSpec>,
    pub sku_pos: IdMap,
    pub family_ids: Vec<String>,
    pub fam_pos: IdMap,
    /// Strategy of each family (as in master data).
    pub fam_strategy: Vec<Strategy>,
    /// SKUs of each family, ascending.
    pub fam_members: Vec<Vec<usize>>,
    pub res_ids: Vec<String>,
    pub res_pos: IdMap,
    pub res: Vec<ResSpec>,
    /// SKUs routed through each resource, ascending.
    pub res_users: Vec<Vec<usize>>,
    pub comp_ids: Vec<String>,
    pub comp_pos: IdMap,
    pub comps: Vec<CompSpec>,
    pub fin: FinSpec,
    pub unmet: Unmet,
    pub constrained: bool,
    pub use_overtime: bool,
    pub hours_per_fte: f64,
    pub current_fte: f64,
    /// Levers kept for re-resolving a SKU.
    pub price_factor: Decimal,
    pub cost_factor: Decimal,
    pub strategy_lever: Option<Strategy>,
    pub demand_pct: Vec<f64>,
}

fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> IdMap {
    let mut m = IdMap::default();
    for (i, id) in ids.enumerate() {
        m.entry(id.to_string()).or_insert(i);
    }
    m
}

/// A 1e-15 flow amount rounded (half away from zero) to a 1e-6 rate.
fn to_rate(v: i128) -> i64 {
    let q = 1_000_000_000i128;
    let r = if v >= 0 {
        (v + q / 2) / q
    } else {
        (v - q / 2) / q
    };
    r.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

impl FinSpec {
    /// Finance terms and budget by planned month, DSO/DPO levers applied.
    pub fn new(inputs: &PlanInputs, levers: &Levers, start: Month, h: usize) -> Self {
        let f = &inputs.finance;
        let amount = money::to_cents;
        let days = |d: Decimal| money::round(d.clamp(Decimal::ZERO, Decimal::from(36_500)), 4);
        let mut budget = vec![None; h];
        for b in &inputs.budget {
            let t = b.month.since(start);
            if t >= 0 && (t as usize) < h {
                budget[t as usize] = Some((amount(b.revenue), amount(b.gross_margin)));
            }
        }
        FinSpec {
            opening_cash: amount(f.opening_cash),
            opening_ar: amount(f.opening_ar),
            opening_ap: amount(f.opening_ap),
            dso: days(levers.dso_days.unwrap_or(f.dso_days)),
            dpo: days(levers.dpo_days.unwrap_or(f.dpo_days)),
            fixed_cost: amount(f.fixed_cost),
            min_cash: amount(f.min_cash),
            budget,
        }
    }

    /// A term (DSO or DPO, kept to 4 decimals) in 1e-4 days.
    pub fn day_ticks(days: Decimal) -> i64 {
        (days * Decimal::from(DAY)).to_i64().unwrap_or(0)
    }
}

impl Index {
    /// Resources with calendar and capacity lever applied.
    pub fn new_resources(cycle: &Cycle, levers: &Levers, months: &[Month]) -> Vec<ResSpec> {
        cycle
            .master
            .resources
            .iter()
            .map(|r| {
                let pct: f64 = levers
                    .capacity_pct
                    .iter()
                    .filter(|c| c.id == r.id)
                    .map(|c| c.pct)
                    .sum();
                let f = (1.0 + pct / 100.0).max(0.0);
                ResSpec {
                    regular: months
                        .iter()
                        .map(|&mo| r.regular_hours_in(mo) * f)
                        .collect(),
                    overtime: r.overtime_hours * f,
                    premium: rate_ticks(r.overtime_premium),
                    crew: r.crew,
                }
            })
            .collect()
    }

    pub fn new(
        cycle: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        baselines: &[Baseline],
    ) -> Self {
        let m = &cycle.master;
        let h = cycle.horizon as usize;
        let start = cycle.label;
        let months: Vec<Month> = (0..h as i32).map(|i| start.plus(i)).collect();
        let family_ids: Vec<String> = m.families.iter().map(|f| f.id.clone()).collect();
        let fam_pos = positions(family_ids.iter().map(String::as_str));
        let res_ids: Vec<String> = m.resources.iter().map(|r| r.id.clone()).collect();
        let res_pos = positions(res_ids.iter().map(String::as_str));
        let comp_ids: Vec<String> = m.components.iter().map(|c| c.id.clone()).collect();
        let comp_pos = positions(comp_ids.iter().map(String::as_str));
        let sku_pos = positions(m.products.iter().map(|p| p.sku.as_str()));

        let cost_factor = money::pct_factor(levers.cost_pct);
        let price_factor = money::pct_factor(levers.price_pct);
        let mut demand_pct = vec![0.0; family_ids.len()];
        for d in &levers.demand_pct {
            if let Some(&f) = fam_pos.get(&d.id) {
                demand_pct[f] += d.pct;
            }
        }
        let res = Index::new_resources(cycle, levers, &months);
        let comps: Vec<CompSpec> = m
            .components
            .iter()
            .map(|c| CompSpec {
                unit_cost: c.unit_cost,
                cost: rate_ticks(money::saturating_mul(c.unit_cost, cost_factor)),
                on_hand: c.on_hand,
                lead_time: c.lead_time,
                lot_min: c.lot_min,
                lot_multiple: c.lot_multiple,
            })
            .collect();

        let fin = FinSpec::new(inputs, levers, start, h);

        let mut ix = Index {
            cycle_id: cycle.id.clone(),
            start,
            months,
            h,
            skus: Vec::with_capacity(m.products.len()),
            sku_pos,
            family_ids,
            fam_pos,
            fam_strategy: m.families.iter().map(|f| f.strategy).collect(),
            fam_members: Vec::new(),
            res_ids,
            res_pos,
            res,
            res_users: Vec::new(),
            comp_ids,
            comp_pos,
            comps,
            fin,
            unmet: inputs.supply.unmet,
            constrained: inputs.supply.constrained,
            use_overtime: inputs.supply.use_overtime,
            hours_per_fte: m.workforce.hours_per_fte,
            current_fte: m.workforce.current_fte,
            price_factor,
            cost_factor,
            strategy_lever: levers.strategy,
            demand_pct,
        };
        // Baselines usually come in product order; the map is built only if not.
        let mut base_pos: Option<IdMap> = None;
        for (i, p) in m.products.iter().enumerate() {
            let b = if baselines.get(i).is_some_and(|b| b.sku == p.sku) {
                Some(i)
            } else {
                base_pos
                    .get_or_insert_with(|| positions(baselines.iter().map(|b| b.sku.as_str())))
                    .get(&p.sku)
                    .copied()
            };
            let spec = ix.resolve_sku(cycle, p, b.map(|k| &baselines[k]), b);
            ix.skus.push(spec);
        }
        ix.rebuild_memberships();
        ix
    }

    /// The spec of one product, levers applied. `baseline` is its baseline, `pos` where
    /// it sits in the baselines slice.
    pub fn resolve_sku(
        &self,
        cycle: &Cycle,
        p: &Product,
        baseline: Option<&Baseline>,
        pos: Option<usize>,
    ) -> SkuSpec {
        let family = self.fam_pos.get(&p.family).copied();
        let fam_strategy = family.map(|f| cycle.master.families[f].strategy);
        let strategy = self
            .strategy_lever
            .or(p.strategy)
            .or(fam_strategy)
            .unwrap_or(Strategy::Chase);
        let routing: Vec<(usize, f64)> = p
            .routing
            .iter()
            .filter_map(|r| {
                let k = *self.res_pos.get(&r.resource)?;
                (r.hours_per_unit.is_finite() && r.hours_per_unit > 0.0)
                    .then_some((k, r.hours_per_unit))
            })
            .collect();
        let bom: Vec<(usize, f64)> = p
            .bom
            .iter()
            .filter_map(|b| {
                let k = *self.comp_pos.get(&b.component)?;
                (b.qty_per_unit.is_finite() && b.qty_per_unit > 0.0).then_some((k, b.qty_per_unit))
            })
            .collect();
        let material = bom.iter().fold(0i128, |a, &(c, q)| {
            a.wrapping_add(mul(qty_ticks(q), self.comps[c].cost))
        });
        let sigma = baseline.map_or(0.0, |b| b.sigma);
        SkuSpec {
            sku: p.sku.clone(),
            family,
            price: rate_ticks(money::saturating_mul(p.price, self.price_factor)),
            cost: rate_ticks(money::saturating_mul(p.unit_cost, self.cost_factor)),
            material: to_rate(material),
            on_hand: if p.on_hand.is_finite() {
                p.on_hand.max(0.0)
            } else {
                0.0
            },
            safety_stock: safety_stock(p.service_level, sigma, p.lead_time),
            strategy,
            lot_min: p.lot_min.max(0.0),
            lot_multiple: p.lot_multiple.max(0.0),
            routing,
            bom,
            demand_factor: family.map_or(1.0, |f| (1.0 + self.demand_pct[f] / 100.0).max(0.0)),
            baseline: pos,
        }
    }

    /// Recomputes family members and resource users from the SKU specs.
    pub fn rebuild_memberships(&mut self) {
        let mut fam = vec![Vec::new(); self.family_ids.len()];
        let mut users = vec![Vec::new(); self.res_ids.len()];
        for (i, s) in self.skus.iter().enumerate() {
            if let Some(f) = s.family {
                fam[f].push(i);
            }
            for &(r, _) in &s.routing {
                if users[r].last() != Some(&i) {
                    users[r].push(i);
                }
            }
        }
        self.fam_members = fam;
        self.res_users = users;
    }

    /// Month index of `m` in the horizon, clamped range helper: the planned months
    /// `from..=to` intersect, as indices.
    pub fn range(&self, from: Month, to: Month) -> std::ops::Range<usize> {
        let a = from.since(self.start).max(0) as usize;
        let b = (to.since(self.start) + 1).clamp(0, self.h as i32) as usize;
        a.min(b)..b
    }

    pub fn month_index(&self, m: Month) -> Option<usize> {
        let t = m.since(self.start);
        (t >= 0 && (t as usize) < self.h).then_some(t as usize)
    }
}

/// Which SKUs to gather events for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Select {
    /// None: only the family adjustment lists.
    None,
    All,
    One(usize),
    Family(usize),
}

/// Compressed rows: the items (indices into an input list) of each SKU, over the
/// span of SKUs that have any (an edit of one SKU builds one row, not `n`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Csr {
    /// First SKU of the span.
    lo: usize,
    /// Offsets into `items` of SKUs `lo..lo + start.len() - 1`.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    fn build(pairs: &[(u32, u32)]) -> Csr {
        let Some(lo) = pairs.iter().map(|p| p.0 as usize).min() else {
            return Csr::default();
        };
        let hi = pairs.iter().map(|p| p.0 as usize).max().unwrap_or(lo);
        let n = hi - lo + 1;
        let mut start = vec![0u32; n + 1];
        for &(i, _) in pairs {
            start[i as usize - lo + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(i, k) in pairs {
            let r = i as usize - lo;
            items[fill[r] as usize] = k;
            fill[r] += 1;
        }
        Csr { lo, start, items }
    }

    pub fn of(&self, i: usize) -> &[u32] {
        match i.checked_sub(self.lo) {
            Some(r) if r + 1 < self.start.len() => {
                &self.items[self.start[r] as usize..self.start[r + 1] as usize]
            }
            _ => &[],
        }
    }
}

/// The inputs that touch each SKU, as positions in the input lists (input order).
#[derive(Clone, Debug, Default)]
pub(crate) struct Events {
    pub sku_adj: Csr,
    pub fam_adj: Vec<Vec<u32>>,
    pub opps: Csr,
    pub overrides: Csr,
}

impl Events {
    /// One pass over the adjustments, opportunities and overrides; keeps those of the
    /// selected SKUs. Cost O(adjustments + opportunities + overrides).
    pub fn gather(ix: &Index, inputs: &PlanInputs, sel: Select) -> Events {
        let find = |sku: &str| -> Option<usize> {
            match sel {
                Select::None => None,
                Select::One(i) => (ix.skus[i].sku == sku).then_some(i),
                Select::All => ix.sku_pos.get(sku).copied(),
                Select::Family(f) => ix
                    .sku_pos
                    .get(sku)
                    .copied()
                    .filter(|&i| ix.skus[i].family == Some(f)),
            }
        };
        let mut adj = Vec::new();
        let mut fam_adj = vec![Vec::new(); ix.family_ids.len()];
        for (k, a) in inputs.adjustments.iter().enumerate() {
            match &a.target {
                Target::Sku(s) => {
                    if let Some(i) = find(s) {
                        adj.push((i as u32, k as u32));
                    }
                }
                Target::Family(f) => {
                    if let Some(&f) = ix.fam_pos.get(f) {
                        fam_adj[f].push(k as u32);
                    }
                }
            }
        }
        let opps: Vec<(u32, u32)> = inputs
            .pipeline
            .iter()
            .enumerate()
            .filter_map(|(k, o)| find(&o.sku).map(|i| (i as u32, k as u32)))
            .collect();
        let ovr: Vec<(u32, u32)> = inputs
            .supply
            .overrides
            .iter()
            .enumerate()
            .filter_map(|(k, o)| find(&o.sku).map(|i| (i as u32, k as u32)))
            .collect();
        Events {
            sku_adj: Csr::build(&adj),
            fam_adj,
            opps: Csr::build(&opps),
            overrides: Csr::build(&ovr),
        }
    }
}

/// Opening finished-goods value of a SKU, a flow in 1e-15 (see [`money::flow_cents`]).
pub(crate) fn opening_value(s: &SkuSpec) -> i128 {
    mul(qty_ticks(s.on_hand), s.cost)
}
