//! Scenarios: levers applied to a cycle's inputs give a plan; plans compare KPI by KPI
//! for the executive review; an approved plan freezes into [`FrozenSeries`].
//!
//! Levers (applied while resolving master data, see `index`):
//! - demand % by family scales the consensus layer of the family's SKUs;
//! - price % scales every price, cost % every standard unit cost and component cost
//!   (so materials and conversion scale alike);
//! - capacity % by resource scales regular and overtime hours;
//! - DSO / DPO days replace the finance terms;
//! - strategy replaces every SKU's strategy.

use super::kpi::Kpis;
use super::{Plan, plan};
use crate::engine::model::*;
use rust_decimal::Decimal;
use serde::Serialize;

/// The plan of a named scenario: its own inputs and levers on the cycle's master data.
pub fn plan_scenario(cycle: &Cycle, scenario: &Scenario, baselines: &[Baseline]) -> Plan {
    plan(cycle, &scenario.inputs, &scenario.levers, baselines)
}

/// The scenario named `name` (exact name, else case-insensitive, else its id).
pub fn find_scenario<'a>(cycle: &'a Cycle, name: &str) -> Option<&'a Scenario> {
    cycle
        .scenarios
        .iter()
        .find(|s| s.name == name)
        .or_else(|| {
            cycle
                .scenarios
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name))
        })
        .or_else(|| cycle.scenarios.iter().find(|s| s.id.to_string() == name))
}

/// The waterfall of every SKU, for approval (cumulative value after each layer).
pub fn frozen_series(plan: &Plan) -> Vec<FrozenSeries> {
    let d = &plan.demand;
    plan.skus
        .iter()
        .enumerate()
        .map(|(i, sku)| FrozenSeries {
            sku: sku.clone(),
            statistical: d.statistical.row(i).to_vec(),
            sales: d.sales.row(i).to_vec(),
            marketing: d.marketing.row(i).to_vec(),
            pipeline: d.pipeline.row(i).to_vec(),
            consensus: d.consensus.row(i).to_vec(),
            plain: Vec::new(),
        })
        .collect()
}

/// The frozen plan stored on a cycle at approval (`approved_on` is an ISO date).
pub fn freeze(plan: &Plan, approved_on: &str) -> FrozenPlan {
    FrozenPlan {
        approved_on: approved_on.to_string(),
        approved_by: String::new(),
        start: plan.months.first().copied().unwrap_or_default(),
        series: frozen_series(plan),
    }
}

/// What a KPI measures, for formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Money,
    /// A fraction (0.35 = 35 %).
    Ratio,
    Days,
    Months,
    Turns,
    Hours,
    Fte,
    Count,
}

/// A KPI value: exact (money, days, ratios of money) or approximate (quantities).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KpiValue {
    Exact(Decimal),
    Approx(f64),
    Missing,
}

impl KpiValue {
    fn minus(self, other: KpiValue) -> KpiValue {
        match (self, other) {
            (KpiValue::Exact(a), KpiValue::Exact(b)) => KpiValue::Exact(a - b),
            (KpiValue::Approx(a), KpiValue::Approx(b)) => {
                KpiValue::Approx(super::output::qty(a - b))
            }
            _ => KpiValue::Missing,
        }
    }
}

/// One row of the side-by-side KPI table: `delta = b − a`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiDelta {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    pub a: KpiValue,
    pub b: KpiValue,
    pub delta: KpiValue,
    /// Whether a higher value is better (None: neither).
    pub higher_is_better: Option<bool>,
}

impl KpiDelta {
    /// Whether the difference is better (`Some(true)`) or worse for the business;
    /// `None` for a KPI that is neither, or a difference too small to show (one that
    /// reads as zero in [`crate::engine::format::kpi_delta`] is not called either).
    pub fn verdict(&self) -> Option<bool> {
        let x = match self.delta {
            KpiValue::Exact(v) => crate::engine::format::to_f64(v),
            KpiValue::Approx(x) => x,
            KpiValue::Missing => return None,
        };
        let shown_as_zero = match self.unit {
            Unit::Money | Unit::Hours | Unit::Count => x.abs() < 0.5,
            Unit::Ratio => x.abs() < 0.0005,
            Unit::Days | Unit::Fte => x.abs() < 0.05,
            Unit::Months | Unit::Turns => x.abs() < 0.005,
        };
        if shown_as_zero {
            return None;
        }
        self.higher_is_better.map(|h| h == (x > 0.0))
    }
}

/// The KPIs as table rows: (key, label, unit, value, higher is better).
pub fn kpi_rows(k: &Kpis) -> Vec<(&'static str, &'static str, Unit, KpiValue, Option<bool>)> {
    use KpiValue::Exact;
    // f64 KPIs as the plan's JSON shows them (6 decimals, see `output::qty`).
    let ap = |x: f64| KpiValue::Approx(super::output::qty(x));
    let opt = |x: Option<f64>| x.map_or(KpiValue::Missing, ap);
    vec![
        (
            "revenue",
            "Revenue",
            Unit::Money,
            Exact(k.revenue),
            Some(true),
        ),
        (
            "revenue_vs_budget",
            "Revenue vs budget",
            Unit::Money,
            Exact(k.revenue_vs_budget),
            Some(true),
        ),
        (
            "gross_margin",
            "Gross margin",
            Unit::Money,
            Exact(k.gross_margin),
            Some(true),
        ),
        (
            "gm_pct",
            "Gross margin %",
            Unit::Ratio,
            Exact(k.gm_pct),
            Some(true),
        ),
        (
            "margin_vs_budget",
            "Margin vs budget",
            Unit::Money,
            Exact(k.margin_vs_budget),
            Some(true),
        ),
        (
            "fill_rate",
            "Fill rate",
            Unit::Ratio,
            ap(k.fill_rate),
            Some(true),
        ),
        (
            "stockout_skus",
            "SKUs with stockouts",
            Unit::Count,
            ap(k.stockout_skus as f64),
            Some(false),
        ),
        (
            "inventory_cover_months",
            "Inventory cover",
            Unit::Months,
            Exact(k.inventory_cover_months),
            None,
        ),
        (
            "inventory_turns",
            "Inventory turns",
            Unit::Turns,
            Exact(k.inventory_turns),
            Some(true),
        ),
        (
            "peak_utilization",
            "Peak capacity utilisation",
            Unit::Ratio,
            ap(k.peak_utilization),
            None,
        ),
        (
            "overtime_hours",
            "Overtime hours",
            Unit::Hours,
            ap(k.overtime_hours),
            Some(false),
        ),
        ("peak_fte", "Peak FTE", Unit::Fte, ap(k.peak_fte), None),
        (
            "cash_low",
            "Cash low point",
            Unit::Money,
            Exact(k.cash_low),
            Some(true),
        ),
        ("dso", "DSO", Unit::Days, Exact(k.dso), Some(false)),
        ("dio", "DIO", Unit::Days, Exact(k.dio), Some(false)),
        ("dpo", "DPO", Unit::Days, Exact(k.dpo), Some(true)),
        (
            "ccc",
            "Cash conversion cycle",
            Unit::Days,
            Exact(k.ccc),
            Some(false),
        ),
        (
            "ocf",
            "Operating cash flow",
            Unit::Money,
            Exact(k.ocf),
            Some(true),
        ),
        (
            "ocf_to_sales",
            "OCF / sales",
            Unit::Ratio,
            Exact(k.ocf_to_sales),
            Some(true),
        ),
        (
            "forecast_wape",
            "Forecast WAPE",
            Unit::Ratio,
            opt(k.forecast_wape),
            Some(false),
        ),
    ]
}

/// KPI deltas of plan `b` against plan `a` (e.g. a scenario against the base plan).
pub fn compare(a: &Plan, b: &Plan) -> Vec<KpiDelta> {
    kpi_rows(&a.kpis)
        .into_iter()
        .zip(kpi_rows(&b.kpis))
        .map(
            |((key, label, unit, va, better), (_, _, _, vb, _))| KpiDelta {
                key,
                label,
                unit,
                a: va,
                b: vb,
                delta: vb.minus(va),
                higher_is_better: better,
            },
        )
        .collect()
}
