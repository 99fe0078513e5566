//! The supply review's model: production, shipments, inventory, backlog (or lost
//! sales), cover and the strategies of a SKU or a family, as the view draws them.

use super::{Selection, SkuSet};
use crate::engine::command::{
    CellChange, Command, PlanRef, inputs_of, override_edits, production_override,
};
use crate::engine::model::{Cycle, PlanInputs, Strategy, Target, Unmet};
use crate::engine::month::Month;
use crate::engine::notes::{CellRef, CellRow};
use crate::engine::plan::supply::cover;
use crate::engine::plan::{Plan, is_short};

/// What the view shows for the selection: one SKU, or the sum of a family's SKUs.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SupplyData {
    pub title: String,
    /// The SKU, when a SKU is selected.
    pub sku: Option<String>,
    pub months: Vec<Month>,
    pub demand: Vec<f64>,
    pub production: Vec<f64>,
    pub shipments: Vec<f64>,
    pub inventory: Vec<f64>,
    /// Backlog, or lost sales in lost-sales mode.
    pub unmet: Vec<f64>,
    pub unmet_mode: Unmet,
    pub cover: Vec<f64>,
    pub safety_stock: f64,
    pub on_hand: f64,
    pub fill_rate: f64,
    /// The planner's production override of each month (SKU only).
    pub overrides: Vec<Option<f64>>,
    /// Strategies the plan used, with how many SKUs each (a family can mix them).
    pub strategies: Vec<(Strategy, usize)>,
}

impl SupplyData {
    /// Whether month `t`'s inventory shows below the safety stock: more than half a unit
    /// under it (the grid shows whole units, so a cell never reads equal and red).
    pub fn below_safety_stock(&self, t: usize) -> bool {
        self.inventory
            .get(t)
            .is_some_and(|i| i + 0.5 < self.safety_stock)
    }
}

fn add(acc: &mut [f64], row: &[f64]) {
    for (a, x) in acc.iter_mut().zip(row) {
        *a += x;
    }
}

/// What the supply review shows for `sel` in `plan` (the plan of `inputs`): a SKU's
/// rows, or the sum of a family's. A family's fill rate is its SKUs' weighted by their
/// demand, `Σ fillᵢ·demandᵢ / Σ demandᵢ` (1 without demand); its cover is computed from
/// the summed demand and inventory.
pub fn supply_data(c: &Cycle, plan: &Plan, inputs: &PlanInputs, sel: &Selection) -> SupplyData {
    let skus = sel.skus(c);
    let rows = plan.rows_of(&skus);
    let skus = SkuSet::new(&skus);
    let h = plan.months.len();
    let s = &plan.supply;
    let unmet_mode = inputs.supply.unmet;
    let mut d = SupplyData {
        months: plan.months.clone(),
        demand: vec![0.0; h],
        production: vec![0.0; h],
        shipments: vec![0.0; h],
        inventory: vec![0.0; h],
        unmet: vec![0.0; h],
        unmet_mode,
        cover: vec![0.0; h],
        title: sel.title(c),
        ..Default::default()
    };
    let mut on_time = 0.0;
    let mut total_demand = 0.0;
    for &i in &rows {
        let dem = plan.demand.consensus.row(i);
        add(&mut d.demand, dem);
        add(&mut d.production, s.production.row(i));
        add(&mut d.shipments, s.shipments.row(i));
        add(&mut d.inventory, s.inventory.row(i));
        add(
            &mut d.unmet,
            match unmet_mode {
                Unmet::Backlog => s.backlog.row(i),
                Unmet::LostSales => s.lost.row(i),
            },
        );
        d.safety_stock += s.safety_stock[i];
        let sum: f64 = dem.iter().sum();
        total_demand += sum;
        on_time += s.fill_rate[i] * sum;
        let st = s.strategy[i];
        match d.strategies.iter_mut().find(|(x, _)| *x == st) {
            Some((_, n)) => *n += 1,
            None => d.strategies.push((st, 1)),
        }
    }
    d.fill_rate = if total_demand > 0.0 {
        on_time / total_demand
    } else {
        1.0
    };
    d.on_hand = c
        .master
        .products
        .iter()
        .filter(|p| skus.contains(p.sku.as_str()))
        .map(|p| p.on_hand)
        .sum();
    match (sel, rows.as_slice()) {
        (Selection::Sku(_), [i]) => d.cover.copy_from_slice(s.cover.row(*i)),
        _ => cover(&d.demand, &d.inventory, &mut d.cover),
    }
    if let Selection::Sku(sku) = sel {
        d.sku = Some(sku.clone());
        d.overrides = plan
            .months
            .iter()
            .map(|m| production_override(inputs, sku, *m))
            .collect();
    }
    d
}

/// One SKU of a family in the supply review: its strategy and service figures.
#[derive(Clone, Debug, PartialEq)]
pub struct SkuLine {
    pub sku: String,
    pub name: String,
    /// The SKU's own strategy (`None`: as its family).
    pub own: Option<Strategy>,
    /// The strategy the plan used.
    pub used: Strategy,
    pub safety_stock: f64,
    pub fill_rate: f64,
    /// Largest backlog (or lost sales in lost-sales mode) of any month.
    pub peak_unmet: f64,
    /// Short of stock in some month ([`is_short`]).
    pub short: bool,
    /// How many months have a production override.
    pub overrides: usize,
    /// The family's strategy ("as family").
    pub family: Strategy,
}

/// The order of a family's SKU table, as SKU codes: catalogue order for a family of up
/// to `limit` SKUs; a larger one (2,600 SKUs at 10,000: a table of 40,000 elements took
/// a 1.4 s task to draw, so it is listed a page at a time) those needing attention first:
/// short of stock, then the lowest fill rate, then catalogue order. Taken once when the
/// family is picked, so rows do not jump while the planner works down the list.
pub fn listing_order(lines: &[SkuLine], limit: usize) -> Vec<String> {
    let mut order: Vec<&SkuLine> = lines.iter().collect();
    if lines.len() > limit {
        order.sort_by(|a, b| {
            b.short
                .cmp(&a.short)
                .then(a.fill_rate.total_cmp(&b.fill_rate))
        });
    }
    order.into_iter().map(|l| l.sku.clone()).collect()
}

/// The lines of `codes`, in that order (codes no longer in `lines` left out).
pub fn in_order(lines: Vec<SkuLine>, codes: &[String]) -> Vec<SkuLine> {
    let mut by_code: rustc_hash::FxHashMap<String, SkuLine> =
        lines.into_iter().map(|l| (l.sku.clone(), l)).collect();
    codes.iter().filter_map(|c| by_code.remove(c)).collect()
}

/// The SKUs of family `fid` in catalogue order, with their strategy, safety stock, fill
/// rate, peak backlog (`max_t backlog_t`, or lost sales) and count of production
/// overrides, so a mix of strategies and a short SKU are visible at a glance.
pub fn family_skus(c: &Cycle, plan: &Plan, inputs: &PlanInputs, fid: &str) -> Vec<SkuLine> {
    let lost = inputs.supply.unmet == Unmet::LostSales;
    let family = c
        .master
        .families
        .iter()
        .find(|f| f.id == fid)
        .map_or(Strategy::Chase, |f| f.strategy);
    let s = &plan.supply;
    // The family's plan rows by code (a search of the plan's SKUs each is quadratic).
    let row_of = plan.rows_by_sku();
    c.master
        .products
        .iter()
        .filter(|x| x.family == fid)
        .filter_map(|x| {
            let i = *row_of.get(x.sku.as_str())?;
            let unmet = if lost {
                s.lost.row(i)
            } else {
                s.backlog.row(i)
            };
            Some(SkuLine {
                sku: x.sku.clone(),
                name: x.name.clone(),
                own: x.strategy,
                used: s.strategy[i],
                safety_stock: s.safety_stock[i],
                fill_rate: s.fill_rate[i],
                peak_unmet: unmet.iter().copied().fold(0.0, f64::max),
                short: is_short(s.backlog.row(i), s.lost.row(i)),
                overrides: inputs
                    .supply
                    .overrides
                    .iter()
                    .filter(|o| o.sku == x.sku)
                    .count(),
                family,
            })
        })
        .collect()
}

/// The SKUs of `plan` short of stock in some month (backlog or lost sales, [`is_short`]):
/// as many as `plan.kpis.stockout_skus`, flagged in the supply review's tree.
pub fn short_skus(plan: &Plan) -> Vec<String> {
    let s = &plan.supply;
    (0..plan.skus.len())
        .filter(|&i| is_short(s.backlog.row(i), s.lost.row(i)))
        .map(|i| plan.skus[i].clone())
        .collect()
}

/// Months of cover a strategy switched to "target cover" starts with, when it had none.
pub const DEFAULT_COVER: f64 = 1.5;

/// The strategy a planner picks by its key (`chase`, `level`, `cover`, `manual`;
/// anything else: `None`, as the family), keeping the months of a current target cover.
pub fn strategy_by_key(key: &str, current: Strategy) -> Option<Strategy> {
    let months = match current {
        Strategy::TargetCover { months } => months,
        _ => DEFAULT_COVER,
    };
    match key {
        "chase" => Some(Strategy::Chase),
        "level" => Some(Strategy::Level),
        "cover" => Some(Strategy::TargetCover { months }),
        "manual" => Some(Strategy::Manual),
        _ => None,
    }
}

/// A planner's typing in a SKU's production row, `(month, Some(units))` to set that
/// month's override or `(month, None)` to give it back to the strategy, as one command
/// on plan `which` (one undo step, whatever a paste covers), with the history entries of
/// the typed cells (a cleared override's new value is only known once the plan is
/// recomputed, so it gets none). `None` for a family, or when no month is in `shown`.
pub fn production_edit(
    c: &Cycle,
    which: PlanRef,
    shown: &SupplyData,
    changes: &[(Month, Option<f64>)],
) -> Option<(Command, Vec<CellChange>)> {
    let sku = shown.sku.as_ref()?;
    // The months shown, with their column in `shown`.
    let changes: Vec<(usize, Month, Option<f64>)> = changes
        .iter()
        .filter_map(|&(m, v)| Some((shown.months.iter().position(|x| *x == m)?, m, v)))
        .collect();
    if changes.is_empty() {
        return None;
    }
    // Each cell's edits made from the list as the cells before left it.
    let mut list = std::borrow::Cow::Borrowed(&inputs_of(c, which)?.supply.overrides);
    let mut edits = Vec::new();
    for &(_, m, v) in &changes {
        for e in override_edits(&list, sku, m, v) {
            if changes.len() > 1 {
                // Edits made from this very list cannot fail.
                let _ = e.apply(list.to_mut());
            }
            edits.push(e);
        }
    }
    let cells = changes
        .iter()
        .filter_map(|&(t, month, v)| {
            Some(CellChange {
                cell: CellRef {
                    target: Target::Sku(sku.clone()),
                    row: CellRow::Production,
                    month,
                },
                plan: which.scenario(),
                old: *shown.production.get(t)?,
                new: v?,
            })
        })
        .collect();
    let cmd = Command::EditOverrides { plan: which, edits };
    Some((cmd, cells))
}
