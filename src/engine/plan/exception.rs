//! An exception of a plan: what needs a decision, where, how much, and its sentence.
//!
//! The sentence is written from the exception's figures by [`Exception::text`] in a
//! number format: the plan's JSON carries it in the plain format (`message`), the
//! executive review writes it again in the workspace's (`1.234,5`), so that both read
//! the same facts the same way.

use crate::engine::format::{pct_whole, short, units};
use crate::engine::model::{Change, Role};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// What an exception is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// Demand not shipped in its month (backlog or lost sales).
    Stockout,
    /// Load beyond regular + overtime hours (unconstrained plan).
    Overload,
    /// Constrained plan: production that fits in no month.
    CapacityShortfall,
    /// A component order that should have been placed before the first month.
    PastDueOrder,
    CashBelowMinimum,
    RevenueBelowBudget,
    MarginBelowBudget,
    /// |change| ≥ 20 % of the baseline (see `demand::is_large`) with an empty reason.
    LargeAdjustmentWithoutReason,
    /// A loaded resource with no regular hours in the month (utilization undefined).
    NoRegularHours,
}

/// The figures of an exception's sentence beyond the common fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Detail {
    #[default]
    None,
    /// A stockout: units lost (lost sales), else the peak backlog.
    Stockout { lost: bool },
    /// An overload: the month's utilization of regular hours.
    Overload { utilization: f64 },
    /// Load without regular hours: the hours beyond overtime too.
    NoRegularHours { beyond: f64 },
    /// A past-due component order: the month it should have been ordered in.
    PastDue { order: Month },
    /// Cash below the minimum: the minimum (the low is the amount).
    Cash { minimum: Decimal },
    /// A large adjustment without a reason.
    Adjustment {
        role: Role,
        change: Change,
        target: String,
        from: Month,
        to: Month,
    },
}

/// One exception: what, where to act, how much.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exception {
    pub kind: ExceptionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<u64>,
    /// First month concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// Number of months concerned (1 for a single month).
    pub months: u32,
    /// Units or hours concerned (stockout: peak backlog or total lost units; overload:
    /// hours; past due: units).
    #[serde(serialize_with = "super::output::ser_qty")]
    pub quantity: f64,
    /// Money concerned (cash: the low; budget: the gap).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    #[serde(skip)]
    pub detail: Detail,
    /// [`Exception::text`] in the plain number format.
    pub message: String,
}

/// Units or hours in a sentence: one decimal when it has one (`12`, `12.5`), and never
/// `0` for a quantity that is there (`under 0.1`).
fn qty(q: f64, nf: NumberFormat) -> String {
    if q > 0.0 && q < 0.05 {
        return "under 0.1".into();
    }
    // Half away from zero, as the plan's other outputs round (`{:.1}` rounds to even).
    short((q * 10.0).round() / 10.0, 1, false, nf)
}

/// Whole money in a sentence: `50,000`, `−12,345`.
fn whole(d: Decimal, nf: NumberFormat) -> String {
    units(d.round().to_f64().unwrap_or(0.0), nf)
}

impl Exception {
    /// An exception of `kind` with nothing else set yet (see [`Exception::finish`]).
    pub(crate) fn new(kind: ExceptionKind) -> Self {
        Exception {
            kind,
            sku: None,
            family: None,
            resource: None,
            component: None,
            adjustment: None,
            month: None,
            months: 1,
            quantity: 0.0,
            amount: None,
            detail: Detail::None,
            message: String::new(),
        }
    }

    /// Writes [`Exception::message`] (the sentence in the plain number format).
    pub(crate) fn finish(mut self) -> Self {
        self.message = self.text(NumberFormat::POINT);
        self
    }

    /// The sentence in number format `nf`: "EB-CITY-500 cannot ship all demand from
    /// 2027-03 (2 month(s), 12.5 units peak backlog)".
    pub fn text(&self, nf: NumberFormat) -> String {
        let id = |x: &Option<String>| x.clone().unwrap_or_default();
        let month = self.month.map(|m| m.to_string()).unwrap_or_default();
        let q = qty(self.quantity, nf);
        let months = self.months;
        match (&self.kind, &self.detail) {
            (ExceptionKind::Stockout, d) => {
                let what = if matches!(d, Detail::Stockout { lost: true }) {
                    "units lost"
                } else {
                    "units peak backlog"
                };
                format!(
                    "{} cannot ship all demand from {month} ({months} month(s), {q} {what})",
                    id(&self.sku)
                )
            }
            (ExceptionKind::NoRegularHours, d) => {
                let beyond = match d {
                    Detail::NoRegularHours { beyond } if *beyond > 1e-6 => {
                        format!(", {} h beyond overtime", qty(*beyond, nf))
                    }
                    _ => String::new(),
                };
                format!(
                    "{} has no regular hours in {month} but a load of {q} h{beyond}",
                    id(&self.resource)
                )
            }
            (ExceptionKind::Overload, d) => {
                let util = match d {
                    Detail::Overload { utilization } => pct_whole(*utilization, nf),
                    _ => "–".into(),
                };
                format!(
                    "{} is overloaded in {month} by {q} h beyond regular and overtime ({util} of regular)",
                    id(&self.resource)
                )
            }
            (ExceptionKind::CapacityShortfall, _) => format!(
                "{q} units of {} in {month} fit on {} in no month: backlog",
                id(&self.sku),
                id(&self.resource)
            ),
            (ExceptionKind::PastDueOrder, d) => {
                let order = match d {
                    Detail::PastDue { order } => order.to_string(),
                    _ => String::new(),
                };
                format!(
                    "Order {q} {} now: needed in {month}, lead time says order by {order}",
                    id(&self.component)
                )
            }
            (ExceptionKind::CashBelowMinimum, d) => {
                let minimum = match d {
                    Detail::Cash { minimum } => whole(*minimum, nf),
                    _ => String::new(),
                };
                format!(
                    "Cash falls below the minimum {minimum} from {month} for {months} month(s), low {}",
                    whole(self.amount.unwrap_or_default(), nf)
                )
            }
            (ExceptionKind::RevenueBelowBudget | ExceptionKind::MarginBelowBudget, _) => {
                let what = if self.kind == ExceptionKind::RevenueBelowBudget {
                    "Revenue"
                } else {
                    "Gross margin"
                };
                format!(
                    "{what} in {month} is {} below budget",
                    whole(-self.amount.unwrap_or_default(), nf)
                )
            }
            (ExceptionKind::LargeAdjustmentWithoutReason, d) => match d {
                Detail::Adjustment {
                    role,
                    change,
                    target,
                    from,
                    to,
                } => format!(
                    "{} adjustment #{} of {target} ({}, {from}–{to}) has no reason",
                    role.label(),
                    self.adjustment.unwrap_or_default(),
                    crate::engine::format::change(*change, nf)
                ),
                _ => format!(
                    "Adjustment #{} has no reason",
                    self.adjustment.unwrap_or_default()
                ),
            },
        }
    }
}
