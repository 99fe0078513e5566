//! The forecast settings of a cycle's plan inputs: how the statistical baseline is made
//! (season, cleansing, the planner's model choices and history decisions,
//! reconciliation). Kept on [`PlanInputs`](crate::engine::model::PlanInputs); re-exported
//! by `engine::model`.

use crate::engine::model::HistoryCorrection;
use serde::{Deserialize, Serialize};

/// How the statistical baseline is made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastSettings {
    /// Months per season (12 for monthly data with a yearly cycle).
    pub season_length: u32,
    /// Accept every spike and dip the history cleansing review flags (beyond `outlier_k`
    /// robust σ) that the planner has not decided on; level shifts need a decision.
    pub outlier_cleansing: bool,
    pub outlier_k: f64,
    /// Per-SKU model chosen by a planner instead of the automatic choice.
    #[serde(default)]
    pub model_overrides: Vec<ModelOverride>,
    /// The history cleansing review's decisions (`engine::correction`).
    #[serde(default)]
    pub history_corrections: Vec<HistoryCorrection>,
    /// Reconcile each family's forecast with its SKUs' (`forecast::reconcile`).
    #[serde(default = "crate::engine::forecast::reconcile::default_on")]
    pub reconcile: bool,
    /// Lean each SKU's baseline on the policies that did best in the approved cycles
    /// before (`forecast::learn`); without a track record the baseline is the plain one.
    #[serde(default = "crate::engine::forecast::reconcile::default_on")]
    pub learn: bool,
}

impl Default for ForecastSettings {
    fn default() -> Self {
        ForecastSettings {
            season_length: 12,
            outlier_cleansing: false,
            outlier_k: 3.0,
            model_overrides: Vec::new(),
            history_corrections: Vec::new(),
            reconcile: super::reconcile::default_on(),
            learn: true,
        }
    }
}

/// A planner's model for one SKU instead of the automatic choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelOverride {
    pub sku: String,
    /// Model name as the forecast module spells it (e.g. `holt_winters_additive`).
    pub model: String,
}
