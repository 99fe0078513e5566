//! The planner's decisions on history (the history cleansing review): flagged months
//! accepted, edited or rejected, and known events marked on history. Kept on the cycle
//! in [`ForecastSettings::history_corrections`](crate::engine::model::ForecastSettings);
//! the raw history is never changed — [`crate::engine::forecast::baseline_history`]
//! builds the cleansed history the baseline uses from the two.

use crate::engine::month::Month;
use serde::{Deserialize, Serialize};

/// What a correction corrects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionKind {
    /// A spike or dip: `value` replaces the month's actual.
    Outlier,
    /// A level shift starting in `month`: `value` (the step Δ) is added to every month
    /// before it, y'_u = max(0, y_u + Δ).
    LevelShift,
    /// A known event: the month is excluded, `value` (the decomposition's expected
    /// value when it was marked) replaces the actual.
    Event,
}

impl CorrectionKind {
    pub const ALL: [CorrectionKind; 3] = [
        CorrectionKind::Outlier,
        CorrectionKind::LevelShift,
        CorrectionKind::Event,
    ];

    /// Its word in files and backups (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            CorrectionKind::Outlier => "outlier",
            CorrectionKind::LevelShift => "level_shift",
            CorrectionKind::Event => "event",
        }
    }
}

/// The planner's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionStatus {
    /// The suggested value is used.
    Accepted,
    /// The planner's own value is used.
    Edited,
    /// The actual is kept and the month is not flagged again.
    Rejected,
}

impl CorrectionStatus {
    pub const ALL: [CorrectionStatus; 3] = [
        CorrectionStatus::Accepted,
        CorrectionStatus::Edited,
        CorrectionStatus::Rejected,
    ];

    /// Its word in files and backups (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            CorrectionStatus::Accepted => "accepted",
            CorrectionStatus::Edited => "edited",
            CorrectionStatus::Rejected => "rejected",
        }
    }
}

/// A known event on history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Promotion,
    StockOut,
    Strike,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 4] = [
        EventKind::Promotion,
        EventKind::StockOut,
        EventKind::Strike,
        EventKind::Other,
    ];

    /// Its word in files and backups (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Promotion => "promotion",
            EventKind::StockOut => "stock_out",
            EventKind::Strike => "strike",
            EventKind::Other => "other",
        }
    }

    /// The planner's word for it.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Promotion => "Promotion",
            EventKind::StockOut => "Stock-out",
            EventKind::Strike => "Strike",
            EventKind::Other => "Other event",
        }
    }
}

/// One decision on one month of one SKU's history (at most one per SKU, month and kind).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryCorrection {
    pub sku: String,
    pub month: Month,
    pub kind: CorrectionKind,
    pub status: CorrectionStatus,
    /// The value used (see [`CorrectionKind`]); ignored when rejected.
    #[serde(default)]
    pub value: f64,
    /// What happened, for an [`CorrectionKind::Event`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventKind>,
    /// The planner's reason or the event's note.
    #[serde(default)]
    pub note: String,
}

impl HistoryCorrection {
    /// Whether it changes the history the baseline uses.
    pub fn applies(&self) -> bool {
        self.status != CorrectionStatus::Rejected
    }
}
