//! The exceptions of a plan as the executive review lists them: each with the money at
//! stake, grouped by area (stock, capacity & materials, cash, budget, adjustments),
//! groups and the items in them ranked by that money, largest first. Below-budget
//! months in a row are one item (their gaps summed).
//!
//! Money at stake, by kind (list prices and costs of the master data):
//! - stockout: the units short (peak backlog, or lost units) × the SKU's price;
//! - capacity shortfall: the units that fit in no month × the SKU's price;
//! - overload / load without regular hours: the hours beyond × (hourly cost + overtime
//!   premium), what the missing hours would cost at the overtime rate;
//! - order late: the units × the component's cost;
//! - cash below the minimum: the minimum − the low;
//! - revenue / margin below budget: the gap;
//! - a large adjustment without a reason: none (it ranks last).

use crate::engine::model::Cycle;
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::plan::money::{qty_decimal, round, saturating_mul};
use crate::engine::plan::{Exception, ExceptionKind, Plan};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Where an exception is acted on: the groups of the list, in the order of a tie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    Stock,
    Capacity,
    Cash,
    Budget,
    Adjustments,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::Stock,
        Area::Capacity,
        Area::Cash,
        Area::Budget,
        Area::Adjustments,
    ];

    pub fn of(k: ExceptionKind) -> Area {
        match k {
            ExceptionKind::Stockout => Area::Stock,
            ExceptionKind::Overload
            | ExceptionKind::CapacityShortfall
            | ExceptionKind::PastDueOrder
            | ExceptionKind::NoRegularHours => Area::Capacity,
            ExceptionKind::CashBelowMinimum => Area::Cash,
            ExceptionKind::RevenueBelowBudget | ExceptionKind::MarginBelowBudget => Area::Budget,
            ExceptionKind::LargeAdjustmentWithoutReason => Area::Adjustments,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Area::Stock => "Stockouts",
            Area::Capacity => "Capacity & materials",
            Area::Cash => "Cash",
            Area::Budget => "Budget",
            Area::Adjustments => "Adjustments",
        }
    }

    /// What the money at stake of this area means, for a tooltip.
    pub fn basis(self) -> &'static str {
        match self {
            Area::Stock => "revenue at risk: units short × price",
            Area::Capacity => {
                "hours beyond capacity at the overtime rate, units not made × price, late orders × cost"
            }
            Area::Cash => "how far cash falls below the minimum",
            Area::Budget => "the gap to budget",
            Area::Adjustments => "no money: a reason is missing",
        }
    }
}

/// One line of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: ExceptionKind,
    pub message: String,
    /// Money at stake, ≥ 0, to the cent.
    pub impact: Decimal,
    pub sku: Option<String>,
    pub family: Option<String>,
    pub month: Option<Month>,
}

impl Item {
    /// A key that names this exception across recomputes (kind, SKU or family,
    /// month): what a comment on it is attached to.
    pub fn key(&self) -> String {
        format!(
            "{:?}|{}|{}",
            self.kind,
            self.sku.as_deref().or(self.family.as_deref()).unwrap_or(""),
            self.month.map(|m| m.to_string()).unwrap_or_default()
        )
    }
}

/// The items of one area, largest money at stake first.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub area: Area,
    /// Σ of the items' money at stake.
    pub impact: Decimal,
    pub items: Vec<Item>,
}

/// The plan's exceptions grouped and ranked (groups by their total, then area order;
/// items by money at stake, then as the engine listed them), each in words in number
/// format `nf` ([`Exception::text`]). `cycle` gives the prices and costs.
pub fn ranked(cycle: &Cycle, plan: &Plan, nf: NumberFormat) -> Vec<Group> {
    let m = &cycle.master;
    let price: HashMap<&str, Decimal> = m
        .products
        .iter()
        .map(|p| (p.sku.as_str(), p.price))
        .collect();
    let hour: HashMap<&str, Decimal> = m
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.cost_per_hour + r.overtime_premium))
        .collect();
    let cost: HashMap<&str, Decimal> = m
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.unit_cost))
        .collect();
    let times = |q: f64, rate: Option<&Decimal>| {
        round(
            saturating_mul(qty_decimal(q.max(0.0)), rate.copied().unwrap_or_default()),
            2,
        )
    };
    let mut items: Vec<Item> = Vec::new();
    for e in &plan.exceptions {
        let impact = match e.kind {
            ExceptionKind::Stockout | ExceptionKind::CapacityShortfall => {
                times(e.quantity, e.sku.as_deref().and_then(|s| price.get(s)))
            }
            ExceptionKind::Overload | ExceptionKind::NoRegularHours => {
                times(e.quantity, e.resource.as_deref().and_then(|r| hour.get(r)))
            }
            ExceptionKind::PastDueOrder => {
                times(e.quantity, e.component.as_deref().and_then(|c| cost.get(c)))
            }
            ExceptionKind::CashBelowMinimum => {
                (plan.finance.min_cash - e.amount.unwrap_or_default()).max(Decimal::ZERO)
            }
            ExceptionKind::RevenueBelowBudget | ExceptionKind::MarginBelowBudget => continue,
            ExceptionKind::LargeAdjustmentWithoutReason => Decimal::ZERO,
        };
        items.push(item(e, impact, nf));
    }
    items.extend(budget_runs(&plan.exceptions));
    let mut groups: Vec<Group> = Area::ALL
        .into_iter()
        .filter_map(|area| {
            let mut of: Vec<Item> = items
                .iter()
                .filter(|i| Area::of(i.kind) == area)
                .cloned()
                .collect();
            // A stable sort: equal amounts keep the engine's order.
            of.sort_by_key(|i| std::cmp::Reverse(i.impact));
            (!of.is_empty()).then(|| Group {
                area,
                impact: of.iter().map(|i| i.impact).sum(),
                items: of,
            })
        })
        .collect();
    groups.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.area.cmp(&b.area)));
    groups
}

/// Exceptions the printed summary lists: the most urgent, by money at stake.
pub const PRINTED: usize = 8;

/// The `n` items with the most money at stake over all groups, as (area, index in its
/// group); ties keep the list's order (groups, then items).
pub fn most_urgent(groups: &[Group], n: usize) -> Vec<(Area, usize)> {
    let mut all: Vec<(Decimal, Area, usize)> = groups
        .iter()
        .flat_map(|g| {
            g.items
                .iter()
                .enumerate()
                .map(|(k, i)| (i.impact, g.area, k))
        })
        .collect();
    all.sort_by_key(|x| std::cmp::Reverse(x.0));
    all.truncate(n);
    all.into_iter().map(|(_, a, k)| (a, k)).collect()
}

fn item(e: &Exception, impact: Decimal, nf: NumberFormat) -> Item {
    Item {
        kind: e.kind,
        message: e.text(nf),
        impact,
        sku: e.sku.clone(),
        family: e.family.clone(),
        month: e.month,
    }
}

/// Below-budget months in a row as one item each: "Revenue below budget from Mar 27 to
/// May 27 (3 months): 12,345 short".
fn budget_runs(exceptions: &[Exception]) -> Vec<Item> {
    let mut out = Vec::new();
    for (kind, what) in [
        (ExceptionKind::RevenueBelowBudget, "Revenue"),
        (ExceptionKind::MarginBelowBudget, "Gross margin"),
    ] {
        let mut gaps: Vec<(Month, Decimal)> = exceptions
            .iter()
            .filter(|e| e.kind == kind)
            .filter_map(|e| Some((e.month?, e.amount.unwrap_or_default())))
            .collect();
        gaps.sort_by_key(|g| g.0);
        let mut runs: Vec<(Month, Month, Decimal)> = Vec::new();
        for (m, gap) in gaps {
            match runs.last_mut() {
                Some((_, to, sum)) if to.plus(1) == m => {
                    *to = m;
                    *sum += gap;
                }
                _ => runs.push((m, m, gap)),
            }
        }
        for (from, to, sum) in runs {
            let when = if from == to {
                format!("in {}", from.short_label())
            } else {
                format!(
                    "from {} to {} ({} months)",
                    from.short_label(),
                    to.short_label(),
                    to.since(from) + 1
                )
            };
            out.push(Item {
                kind,
                message: format!("{what} below budget {when}"),
                impact: -sum,
                sku: None,
                family: None,
                month: Some(from),
            });
        }
    }
    out
}
