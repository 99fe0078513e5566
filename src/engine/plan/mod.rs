//! The plan: consensus demand → supply → capacity → workforce → components → cash.
//!
//! [`plan`] turns a cycle's master data, one set of [`PlanInputs`] (the base plan's or a
//! scenario's), scenario [`Levers`] and the statistical [`Baseline`]s into a [`Plan`]:
//! every series per SKU, resource, component and month, the finance, KPIs and
//! exceptions. The engine does not forecast: baselines come from `engine::forecast`.
//! [`Planner`] keeps the per-SKU results so that an edit recomputes only what depends
//! on it (see [`incremental`]); [`LivePlan`] finds what an edit changed and drives it.
//!
//! Stages, each in its module:
//! 1. [`demand`]: the consensus waterfall statistical → sales → marketing → pipeline →
//!    consensus, per SKU and month.
//! 2. [`supply`]: safety stock, strategy (chase, level, target cover, manual), lot
//!    sizing, shipments, projected inventory, backlog or lost sales, cover, fill rate.
//! 3. [`capacity`]: rough-cut load per resource and month, overtime, overloads; in
//!    constrained mode the excess is pre-built earlier or becomes backlog.
//! 4. [`workforce`]: labour hours and FTE.
//! 5. [`mrp`]: component requirements, netting, lot-sized planned orders, lead time.
//! 6. [`finance`]: revenue, COGS, margin, inventory value, AR/AP, cash (exact money).
//! 7. [`kpi`]: KPIs and exceptions; [`scenario`]: levers and comparison.
//!
//! Series are flat [`Grid`]s (row = SKU / resource / component, column = month), so the
//! hot loops write into preallocated memory and never allocate per cell.

// Index loops over parallel flat arrays read better than zipped iterators here.
#![allow(clippy::needless_range_loop)]

pub mod bench;
pub mod capacity;
pub mod demand;
pub mod exception;
pub mod fallback;
pub mod finance;
pub mod incremental;
mod index;
pub mod kpi;
pub mod live;
pub mod money;
pub mod mrp;
pub mod output;
pub mod scenario;
pub mod supply;
pub mod validate;
pub mod workforce;

use super::model::*;
use super::month::Month;
use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

pub use capacity::{CapacityPlan, CapacityShift, CapacityShortfall};
pub use demand::DemandPlan;
pub use exception::{Detail, Exception, ExceptionKind};
pub use finance::{FinanceMonth, FinancePlan};
pub use incremental::{Edit, Planner, UpdateStats};
pub use kpi::{CapacityState, Kpis, SHORT_MIN_UNITS, is_short};
pub use live::{LivePlan, Unchanged};
pub use mrp::{ComponentPlan, PastDueOrder};
pub use scenario::{KpiDelta, KpiValue, compare, freeze, frozen_series, plan_scenario};
pub use supply::SupplyPlan;
pub use validate::{Issue, Severity};
pub use workforce::WorkforcePlan;

/// A dense rows × months table of `f64`, stored row-major in one `Vec`.
/// Serialized as a list of rows (one list of numbers per row), each number rounded to
/// 6 decimals ([`output::qty`]).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Grid {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Grid {
    /// A `rows × cols` grid of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Grid {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `i` (one SKU, resource or component over the months).
    #[inline(always)]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    #[inline(always)]
    pub fn row_mut(&mut self, i: usize) -> &mut [f64] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    #[inline(always)]
    pub fn get(&self, i: usize, t: usize) -> f64 {
        self.data[i * self.cols + t]
    }

    /// All cells, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// Sum of each column (month totals).
    pub fn column_sums(&self) -> Vec<f64> {
        let mut s = vec![0.0; self.cols];
        for i in 0..self.rows {
            for (a, v) in s.iter_mut().zip(self.row(i)) {
                *a += v;
            }
        }
        s
    }
}

impl Serialize for Grid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.rows))?;
        /// One row, its numbers rounded at the output boundary.
        struct Row<'a>(&'a [f64]);
        impl Serialize for Row<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                output::ser_qtys(self.0, s)
            }
        }
        for i in 0..self.rows {
            seq.serialize_element(&Row(self.row(i)))?;
        }
        seq.end()
    }
}

/// The computed plan of one cycle (base plan or scenario).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub cycle_id: String,
    /// The planned months; column `t` of every grid is `months[t]`.
    pub months: Vec<Month>,
    /// SKU codes; row `i` of every SKU grid is `skus[i]` (master-data order).
    pub skus: Vec<String>,
    /// Family id of each SKU.
    pub sku_family: Vec<String>,
    pub demand: DemandPlan,
    pub supply: SupplyPlan,
    pub capacity: CapacityPlan,
    pub workforce: WorkforcePlan,
    pub components: ComponentPlan,
    pub finance: FinancePlan,
    pub kpis: Kpis,
    /// What needs attention, each with where to act (SKU, resource, component, month).
    pub exceptions: Vec<Exception>,
}

impl Plan {
    /// Row of `sku`, if planned.
    pub fn sku_index(&self, sku: &str) -> Option<usize> {
        self.skus
            .iter()
            .position(|s| crate::engine::model::same_sku(s, sku))
    }

    /// Every SKU's row by code (the first row of a code, as [`Plan::sku_index`]): for
    /// looking up many SKUs, where a search each would be quadratic (10,000 SKUs).
    pub fn rows_by_sku(&self) -> FxHashMap<&str, usize> {
        let mut map = FxHashMap::default();
        for (i, s) in self.skus.iter().enumerate() {
            map.entry(s.as_str()).or_insert(i);
        }
        map
    }

    /// The rows of `skus` that the plan has, in their order.
    pub fn rows_of(&self, skus: &[&str]) -> Vec<usize> {
        match skus {
            [one] => self.sku_index(one).into_iter().collect(),
            _ => {
                let row_of = self.rows_by_sku();
                skus.iter().filter_map(|s| row_of.get(s).copied()).collect()
            }
        }
    }

    /// Bytes of the plan's numeric buffers (grids, per-row vectors, finance months):
    /// the memory-bound reference of the benchmark.
    pub fn numeric_bytes(&self) -> usize {
        let f = std::mem::size_of::<f64>();
        let grids = [
            &self.demand.statistical,
            &self.demand.sales,
            &self.demand.marketing,
            &self.demand.pipeline,
            &self.demand.consensus,
            &self.supply.production,
            &self.supply.shipments,
            &self.supply.inventory,
            &self.supply.backlog,
            &self.supply.lost,
            &self.supply.cover,
            &self.capacity.load,
            &self.capacity.regular,
            &self.capacity.overtime_available,
            &self.capacity.overtime_used,
            &self.capacity.utilization,
            &self.capacity.utilization_total,
            &self.capacity.overload,
            &self.components.gross,
            &self.components.receipts,
            &self.components.on_hand,
            &self.components.orders,
        ];
        let cells: usize = grids.iter().map(|g| g.as_slice().len()).sum();
        (cells + 2 * self.skus.len()) * f
            + self.finance.months.len() * std::mem::size_of::<FinanceMonth>()
    }
}

/// Plans one cycle: `inputs` are the base plan's or a scenario's, `levers` the
/// scenario's (use `Levers::default()` for the base plan), `baselines` the statistical
/// forecast per SKU (a SKU without one is planned at zero statistical demand).
///
/// Never panics on inconsistent data (unknown ids are skipped); run
/// [`validate::validate_plan_inputs`] first to tell the planner what is wrong.
pub fn plan(cycle: &Cycle, inputs: &PlanInputs, levers: &Levers, baselines: &[Baseline]) -> Plan {
    Planner::new(cycle, inputs, levers, baselines).into_plan()
}

/// The base plan of a cycle: its own inputs, no levers.
pub fn plan_cycle(cycle: &Cycle, baselines: &[Baseline]) -> Plan {
    plan(cycle, &cycle.inputs, &Levers::default(), baselines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_rows_and_serialization() {
        let mut g = Grid::zeros(2, 3);
        g.row_mut(1).copy_from_slice(&[1.0, 2.0, 3.5]);
        assert_eq!(g.get(1, 2), 3.5);
        assert_eq!(g.column_sums(), vec![1.0, 2.0, 3.5]);
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            "[[0.0,0.0,0.0],[1.0,2.0,3.5]]"
        );
        // Float noise is rounded off at the output (6 decimals), not in the grid.
        g.row_mut(0)[0] = 52.500_000_000_000_02;
        g.row_mut(0)[1] = -1e-12;
        g.row_mut(0)[2] = 2.0 / 3.0;
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            "[[52.5,0.0,0.666667],[1.0,2.0,3.5]]"
        );
        assert_eq!(g.get(0, 0), 52.500_000_000_000_02);
    }
}
