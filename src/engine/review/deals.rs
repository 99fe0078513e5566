//! The open deals of a selection (a SKU or a family) as the demand review's "Open deals"
//! panel lists them: customer, SKU, month, units, probability, stage and the weighted
//! units `units × probability` each adds to the pipeline layer.
//!
//! The weighted units of the deals in the plan's months add up, month by month, to what
//! the pipeline layer adds over the marketing layer for the selection (see
//! `engine::plan::demand`: `pipeline = max(0, marketing + Σ units · probability)`; the
//! floor at 0 only bites when the marketing layer is negative, which a deal cannot
//! cause). Deals outside the plan's months are listed with no effect.

use super::Selection;
use crate::engine::deal::DealStage;
use crate::engine::model::PlanInputs;
use crate::engine::month::Month;
use crate::engine::plan::Plan;

/// One deal of the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct DealRow {
    pub id: u64,
    pub customer: String,
    pub sku: String,
    pub month: Month,
    pub units: f64,
    /// A fraction 0–1.
    pub probability: f64,
    pub stage: DealStage,
    /// `units × probability`.
    pub weighted: f64,
    /// Its month's index among the plan's months; `None`: outside them, no effect.
    pub t: Option<usize>,
}

/// The deals of a selection and their totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenDeals {
    /// By month, then SKU, then id.
    pub rows: Vec<DealRow>,
    /// Weighted units per plan month: the pipeline layer's increment for the selection.
    pub by_month: Vec<f64>,
    /// Weighted units of the deals inside the plan's months.
    pub total: f64,
}

/// The deals of `inputs` on the SKUs of `sel` in `plan`.
pub fn open_deals(plan: &Plan, inputs: &PlanInputs, sel: &Selection) -> OpenDeals {
    let rows_of_sel = sel.rows(plan);
    let skus: std::collections::HashSet<&str> =
        rows_of_sel.iter().map(|&i| plan.skus[i].as_str()).collect();
    let mut by_month = vec![0.0; plan.months.len()];
    let mut rows: Vec<DealRow> = inputs
        .pipeline
        .iter()
        .filter(|o| skus.contains(o.sku.as_str()))
        .map(|o| {
            let t = plan.months.iter().position(|&m| m == o.month);
            let weighted = o.units * o.probability;
            if let Some(t) = t {
                by_month[t] += weighted;
            }
            DealRow {
                id: o.id,
                customer: o.customer.clone(),
                sku: o.sku.clone(),
                month: o.month,
                units: o.units,
                probability: o.probability,
                stage: o.stage,
                weighted,
                t,
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.month, &a.sku, a.id).cmp(&(b.month, &b.sku, b.id)));
    let total = by_month.iter().sum();
    OpenDeals {
        rows,
        by_month,
        total,
    }
}
