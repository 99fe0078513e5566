//! KPIs of the executive review and the exceptions that need a decision.
//!
//! KPIs (horizon):
//! - revenue, gross margin and GM% vs budget (budgeted months only for the gaps);
//! - fill rate = Σ on-time shipments / Σ demand, SKUs with a stockout;
//! - inventory months of cover = average finished-goods value / average monthly COGS,
//!   turns = annualised COGS / average finished-goods value;
//! - peak capacity utilisation = max load/regular over resources and months; the
//!   resource-months that need overtime (load above regular hours, within overtime) and
//!   those over capacity (beyond regular + overtime): [`CapacityState`];
//! - revenue vs budget: the total gap, the months below budget and the worst of them;
//! - cash low point and month, DSO, DIO, DPO, CCC, OCF / sales;
//! - forecast accuracy: the baselines' backtest WAPE weighted by statistical volume.
//!
//! Exceptions each carry where to act (SKU, family, resource, component, month,
//! adjustment id) and how much, plus a sentence for people.

use super::capacity::{CapacityPlan, no_regular_hours};
use super::demand::is_large;
use super::exception::{Detail, Exception, ExceptionKind};
use super::finance::FinancePlan;
use super::index::{Events, Index};
use super::money::ratio;
use super::mrp::PastDueOrder;
use super::workforce::WorkforcePlan;
use crate::engine::model::*;
use crate::engine::month::Month;
use rust_decimal::Decimal;
use serde::Serialize;

/// Headline figures of a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpis {
    pub revenue: Decimal,
    pub budget_revenue: Decimal,
    /// Revenue − budget over budgeted months.
    pub revenue_vs_budget: Decimal,
    pub gross_margin: Decimal,
    /// GM / revenue, 4 decimals.
    pub gm_pct: Decimal,
    pub budget_margin: Decimal,
    pub margin_vs_budget: Decimal,
    /// Budgeted months whose revenue is below budget.
    pub revenue_months_below: usize,
    /// The month furthest below budget and its (negative) gap.
    pub revenue_worst_month: Option<Month>,
    pub revenue_worst_gap: Decimal,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub fill_rate: f64,
    pub stockout_skus: usize,
    pub inventory_cover_months: Decimal,
    pub inventory_turns: Decimal,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub peak_utilization: f64,
    pub peak_resource: Option<String>,
    pub peak_month: Option<Month>,
    /// Resource-months loaded above regular hours but within regular + overtime.
    pub overtime_months: usize,
    /// Resource-months loaded beyond regular + overtime (overloads).
    pub over_capacity_months: usize,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub overtime_hours: f64,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub peak_fte: f64,
    pub cash_low: Decimal,
    pub cash_low_month: Option<Month>,
    pub dso: Decimal,
    pub dio: Decimal,
    pub dpo: Decimal,
    pub ccc: Decimal,
    pub ocf: Decimal,
    /// Σ OCF / Σ revenue, 4 decimals.
    pub ocf_to_sales: Decimal,
    /// Volume-weighted backtest WAPE of the baselines (None without baselines).
    #[serde(serialize_with = "super::output::ser_opt_qty")]
    pub forecast_wape: Option<f64>,
}

/// Demand-side totals the KPIs need (from the exact aggregates).
pub(crate) struct ServiceTotals {
    pub demand: f64,
    pub on_time: f64,
    pub stockout_skus: usize,
    /// Σ wape · statistical volume and Σ volume over SKUs with a baseline.
    pub wape_weighted: f64,
    pub wape_volume: f64,
}

pub(crate) fn compute(
    fin: &FinancePlan,
    cap: &CapacityPlan,
    wf: &WorkforcePlan,
    s: &ServiceTotals,
) -> Kpis {
    let t = &fin.totals;
    let h = fin.months.len();
    let (mut peak, mut peak_r, mut peak_t) = (0.0f64, None, None);
    for r in 0..cap.utilization.rows() {
        for (k, &u) in cap.utilization.row(r).iter().enumerate() {
            if u.is_finite() && u > peak {
                peak = u;
                peak_r = Some(r);
                peak_t = Some(k);
            }
        }
    }
    let (mut overtime_months, mut over_capacity_months) = (0, 0);
    for r in 0..cap.resources.len() {
        for k in 0..h {
            if cap.overload.get(r, k) > 0.0 {
                over_capacity_months += 1;
            } else if cap.load.get(r, k) > cap.regular.get(r, k) + EPS {
                overtime_months += 1;
            }
        }
    }
    let (mut revenue_months_below, mut worst) = (0, None::<(Month, Decimal)>);
    for m in &fin.months {
        if let Some(g) = m.revenue_gap.filter(|_| m.revenue_below_budget()) {
            revenue_months_below += 1;
            if worst.is_none_or(|(_, w)| g < w) {
                worst = Some((m.month, g));
            }
        }
    }
    let (cover, turns) = if h > 0 {
        let n = Decimal::from(h as u64);
        let avg_fg = fin.months.iter().map(|m| m.inventory_fg).sum::<Decimal>() / n;
        let avg_cogs = t.cogs / n;
        (
            ratio(avg_fg, avg_cogs, 2),
            ratio(avg_cogs * Decimal::from(12), avg_fg, 2),
        )
    } else {
        (Decimal::ZERO, Decimal::ZERO)
    };
    Kpis {
        revenue: t.revenue,
        budget_revenue: t.budget_revenue,
        revenue_vs_budget: t.revenue_gap,
        gross_margin: t.gross_margin,
        gm_pct: ratio(t.gross_margin, t.revenue, 4),
        budget_margin: t.budget_margin,
        margin_vs_budget: t.margin_gap,
        revenue_months_below,
        revenue_worst_month: worst.map(|w| w.0),
        revenue_worst_gap: worst.map_or(Decimal::ZERO, |w| w.1),
        fill_rate: if s.demand > 0.0 {
            (s.on_time / s.demand).min(1.0)
        } else {
            1.0
        },
        stockout_skus: s.stockout_skus,
        inventory_cover_months: cover,
        inventory_turns: turns,
        peak_utilization: peak,
        peak_resource: peak_r.map(|r| cap.resources[r].clone()),
        peak_month: peak_t.map(|k| fin.months[k].month),
        overtime_months,
        over_capacity_months,
        overtime_hours: cap.overtime_used.as_slice().iter().sum(),
        peak_fte: wf.fte.iter().copied().fold(0.0, f64::max),
        cash_low: fin.cash_low,
        cash_low_month: fin.cash_low_month,
        dso: t.dso,
        dio: t.dio,
        dpo: t.dpo,
        ccc: t.ccc,
        ocf: t.ocf,
        ocf_to_sales: ratio(t.ocf, t.revenue, 4),
        forecast_wape: (s.wape_volume > 0.0).then(|| s.wape_weighted / s.wape_volume),
    }
}

/// How the plan's load stands against capacity, in one vocabulary for every view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityState {
    /// Every resource-month within regular hours.
    Fits,
    /// Some load above regular hours, all of it within overtime (amber).
    NeedsOvertime,
    /// Some load beyond regular + overtime hours (red).
    OverCapacity,
}

impl CapacityState {
    pub fn label(self) -> &'static str {
        match self {
            CapacityState::Fits => "fits regular hours",
            CapacityState::NeedsOvertime => "needs overtime",
            CapacityState::OverCapacity => "over capacity",
        }
    }
}

/// Backlog or lost sales above this many units make a SKU short (below it: float noise).
pub const SHORT_MIN_UNITS: f64 = 1e-6;

/// Whether a SKU with these monthly backlog and lost sales is short of stock in some
/// month: the one rule behind [`Kpis::stockout_skus`], the supply review's flags and
/// its list of short SKUs.
pub fn is_short(backlog: &[f64], lost: &[f64]) -> bool {
    backlog.iter().chain(lost).any(|x| *x > SHORT_MIN_UNITS)
}

impl Kpis {
    pub fn capacity_state(&self) -> CapacityState {
        if self.over_capacity_months > 0 {
            CapacityState::OverCapacity
        } else if self.overtime_months > 0 {
            CapacityState::NeedsOvertime
        } else {
            CapacityState::Fits
        }
    }

    /// Whether any demand is not shipped on time.
    pub fn anything_short(&self) -> bool {
        self.stockout_skus > 0 || self.fill_rate < 1.0
    }

    /// The fill rate to show: never 100.0 % while anything is short (at most 99.9 %,
    /// which one decimal of percent would otherwise round up).
    pub fn fill_rate_shown(&self) -> f64 {
        if self.anything_short() {
            self.fill_rate.min(0.999)
        } else {
            self.fill_rate
        }
    }
}

/// A service ratio to show with one decimal of percent: below 1 it stays at most 0.999
/// (99.9 %), so that a shortfall never reads as 100.0 %.
pub fn shown_ratio(x: f64) -> f64 {
    if x < 1.0 { x.min(0.999) } else { x }
}

const EPS: f64 = 1e-6;

/// Exceptions of SKU `i`: its stockout and (with `ev`) its own large adjustments
/// without reason.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sku_exceptions(
    ix: &Index,
    inputs: &PlanInputs,
    ev: Option<&Events>,
    i: usize,
    stat: &[f64],
    backlog: &[f64],
    lost: &[f64],
    out: &mut Vec<Exception>,
) {
    let sku = &ix.skus[i].sku;
    let mut first = None;
    let mut months = 0u32;
    let (mut peak_b, mut lost_sum) = (0.0f64, 0.0);
    for t in 0..ix.h {
        if backlog[t] > EPS || lost[t] > EPS {
            first.get_or_insert(t);
            months += 1;
            peak_b = peak_b.max(backlog[t]);
            lost_sum += lost[t];
        }
    }
    if let Some(t) = first {
        let lost = ix.unmet == Unmet::LostSales;
        out.push(
            Exception {
                sku: Some(sku.clone()),
                month: Some(ix.months[t]),
                months,
                quantity: if lost { lost_sum } else { peak_b },
                detail: Detail::Stockout { lost },
                ..Exception::new(ExceptionKind::Stockout)
            }
            .finish(),
        );
    }
    let Some(ev) = ev else { return };
    for &k in ev.sku_adj.of(i) {
        let a = &inputs.adjustments[k as usize];
        if a.reason.trim().is_empty() && is_large(ix, a, stat) {
            out.push(adjustment_exception(ix, a, Some(sku), None));
        }
    }
}

fn adjustment_exception(
    ix: &Index,
    a: &Adjustment,
    sku: Option<&String>,
    family: Option<&String>,
) -> Exception {
    let r = ix.range(a.from, a.to);
    Exception {
        sku: sku.cloned(),
        family: family.cloned(),
        adjustment: Some(a.id),
        month: Some(ix.months[r.start]),
        months: r.len() as u32,
        quantity: match a.change {
            Change::Units(u) => u,
            Change::Percent(p) => p,
        },
        detail: Detail::Adjustment {
            role: a.role,
            change: a.change,
            target: sku.or(family).cloned().unwrap_or_default(),
            from: a.from,
            to: a.to,
        },
        ..Exception::new(ExceptionKind::LargeAdjustmentWithoutReason)
    }
    .finish()
}

/// Family-level large adjustments without reason; `fam_total` is family × month.
pub(crate) fn family_exceptions(
    ix: &Index,
    inputs: &PlanInputs,
    ev: &Events,
    fam_total: &super::Grid,
    out: &mut Vec<Exception>,
) {
    for (f, list) in ev.fam_adj.iter().enumerate() {
        for &k in list {
            let a = &inputs.adjustments[k as usize];
            if a.reason.trim().is_empty() && is_large(ix, a, fam_total.row(f)) {
                out.push(adjustment_exception(ix, a, None, Some(&ix.family_ids[f])));
            }
        }
    }
}

/// Overloads (unconstrained), loaded resources without regular hours (quantity: the
/// load) and capacity shortfalls (constrained).
pub(crate) fn resource_exceptions(ix: &Index, cap: &CapacityPlan, out: &mut Vec<Exception>) {
    for r in 0..cap.resources.len() {
        for t in 0..ix.h {
            let (over, load) = (cap.overload.get(r, t), cap.load.get(r, t));
            let id = &cap.resources[r];
            let at = |quantity, kind, detail| {
                Exception {
                    resource: Some(id.clone()),
                    month: Some(ix.months[t]),
                    quantity,
                    detail,
                    ..Exception::new(kind)
                }
                .finish()
            };
            if no_regular_hours(cap.regular.get(r, t), load) {
                let beyond = over;
                out.push(at(
                    load,
                    ExceptionKind::NoRegularHours,
                    Detail::NoRegularHours { beyond },
                ));
            } else if over > EPS {
                let utilization = cap.utilization.get(r, t);
                out.push(at(
                    over,
                    ExceptionKind::Overload,
                    Detail::Overload { utilization },
                ));
            }
        }
    }
    for s in &cap.shortfalls {
        out.push(
            Exception {
                sku: Some(s.sku.clone()),
                resource: Some(s.resource.clone()),
                month: Some(s.month),
                quantity: s.units,
                ..Exception::new(ExceptionKind::CapacityShortfall)
            }
            .finish(),
        );
    }
}

pub(crate) fn component_exceptions(past_due: &[PastDueOrder], out: &mut Vec<Exception>) {
    for p in past_due {
        out.push(
            Exception {
                component: Some(p.component.clone()),
                month: Some(p.need),
                quantity: p.units,
                detail: Detail::PastDue { order: p.order },
                ..Exception::new(ExceptionKind::PastDueOrder)
            }
            .finish(),
        );
    }
}

/// Cash below the minimum (one per run of months) and revenue / margin below budget
/// (one per month). `prev`: the previous plan's exceptions, whose messages may be reused.
pub(crate) fn finance_exceptions(fin: &FinancePlan, out: &mut Vec<Exception>, prev: &[Exception]) {
    let mut t = 0;
    let m = &fin.months;
    while t < m.len() {
        if m[t].cash < fin.min_cash {
            let start = t;
            let mut low = m[t].cash;
            while t < m.len() && m[t].cash < fin.min_cash {
                low = low.min(m[t].cash);
                t += 1;
            }
            out.push(
                Exception {
                    month: Some(m[start].month),
                    months: (t - start) as u32,
                    amount: Some(low),
                    detail: Detail::Cash {
                        minimum: fin.min_cash,
                    },
                    ..Exception::new(ExceptionKind::CashBelowMinimum)
                }
                .finish(),
            );
        } else {
            t += 1;
        }
    }
    // Below-budget months: their messages are taken over from `prev` (the previous
    // plan's exceptions) when kind, month and gap are the same; formatting them anew
    // on every edit cost more than the whole financial plan.
    let mut cursor = 0;
    let mut budget = |kind: ExceptionKind, month: Month, gap: Decimal| {
        let same =
            |e: &Exception| e.kind == kind && e.month == Some(month) && e.amount == Some(gap);
        if let Some(k) = prev[cursor..].iter().position(same) {
            cursor += k + 1;
            return prev[cursor - 1].clone();
        }
        Exception {
            month: Some(month),
            amount: Some(gap),
            ..Exception::new(kind)
        }
        .finish()
    };
    for x in m {
        if let Some(g) = x
            .revenue_gap
            .filter(|g| g.is_sign_negative() && !g.is_zero())
        {
            out.push(budget(ExceptionKind::RevenueBelowBudget, x.month, g));
        }
        if let Some(g) = x
            .margin_gap
            .filter(|g| g.is_sign_negative() && !g.is_zero())
        {
            out.push(budget(ExceptionKind::MarginBelowBudget, x.month, g));
        }
    }
}
