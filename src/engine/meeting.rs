//! The S&OP meeting's agenda: the five steps of the cycle (data → demand → supply →
//! finance → executive) as one tracker. A step is signed off by a named person at a
//! time ([`SignOff`], kept on the cycle); signing off a step moves the cycle's status
//! on (data → Demand review, demand → Supply review, supply → Financial review). The
//! executive step is signed off by approving the plan, which names the approver.
//! The commands that record these are built in `engine::command::meeting`.

use crate::engine::model::{Cycle, CycleStatus};
use serde::{Deserialize, Serialize};

/// A step of the meeting, in agenda order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Data,
    Demand,
    Supply,
    Finance,
    Executive,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Data,
        Stage::Demand,
        Stage::Supply,
        Stage::Finance,
        Stage::Executive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Data => "Data",
            Stage::Demand => "Demand review",
            Stage::Supply => "Supply review",
            Stage::Finance => "Financial review",
            Stage::Executive => "Executive review",
        }
    }

    /// The next step of the agenda.
    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self as usize + 1).copied()
    }

    /// The cycle status once this step is signed off.
    pub fn status_after(self) -> CycleStatus {
        match self {
            Stage::Data => CycleStatus::DemandReview,
            Stage::Demand => CycleStatus::SupplyReview,
            Stage::Supply | Stage::Finance => CycleStatus::FinancialReview,
            Stage::Executive => CycleStatus::Approved,
        }
    }
}

/// Who signed off a step, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub stage: Stage,
    /// The person's name as typed.
    pub by: String,
    /// Local date and time, `YYYY-MM-DD HH:MM`.
    pub at: String,
}

/// The sign-off of `stage` in `cycle`, if any.
pub fn signed(cycle: &Cycle, stage: Stage) -> Option<&SignOff> {
    cycle.signoffs.iter().find(|s| s.stage == stage)
}

/// The first step not signed off yet: where the meeting is (`None` once all five are).
pub fn current(cycle: &Cycle) -> Option<Stage> {
    Stage::ALL.into_iter().find(|s| signed(cycle, *s).is_none())
}

/// Whether `at` reads `YYYY-MM-DD` followed by an optional ` HH:MM`.
pub fn is_date_time(at: &str) -> bool {
    let b = at.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    date && (b.len() == 10
        || (b.len() == 16 && b[10] == b' ' && digits(11..13) && b[13] == b':' && digits(14..16)))
}
