//! Where the statistical forecast is, and what it depends on (see
//! [`crate::ui::forecasting`], which runs it in a worker).

use crate::engine::forecast::Phases;
use crate::engine::forecast::learn::Learned;
use crate::engine::model::{Cycle, ForecastSettings, SkuHistory, Workspace};
use crate::engine::month::Month;

/// Where the statistical forecast is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ForecastStatus {
    /// Nothing computed yet.
    Waiting,
    /// `done` of `total` SKUs forecast.
    Running { done: usize, total: usize },
    /// Baselines match the history.
    Ready,
}

/// What the statistical forecast of a cycle depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastKey {
    pub label: Month,
    pub horizon: u32,
    pub settings: ForecastSettings,
    pub skus: Vec<String>,
    /// Each SKU's family (`skus` order): the families reconciled with their SKUs.
    pub families: Vec<String>,
    pub history: Vec<SkuHistory>,
    /// Launches and phase-outs applied to the published baselines.
    pub phases: Phases,
    /// The learned combination of the cycle's track record, applied to the published
    /// baselines before launches and phase-outs (`forecast::learn`).
    pub learned: Learned,
}

impl ForecastKey {
    /// Whether this is the key of `w.cycles[k]` (compared in place).
    pub(super) fn matches(&self, w: &Workspace, k: usize) -> bool {
        let Some(c) = w.cycles.get(k) else {
            return false;
        };
        self.label == c.label
            && self.horizon == c.horizon
            && self.settings == c.inputs.forecast
            && self.skus.len() == c.master.products.len()
            && self
                .skus
                .iter()
                .zip(&c.master.products)
                .all(|(s, p)| *s == p.sku)
            && self
                .families
                .iter()
                .zip(&c.master.products)
                .all(|(f, p)| *f == p.family)
            && self.history == c.history
            && self.phases == Phases::of(c)
            && self.learned == Learned::of(w, k)
    }

    /// The key of `w.cycles[k]`, which must exist.
    pub(super) fn of(w: &Workspace, k: usize) -> Self {
        let c: &Cycle = &w.cycles[k];
        ForecastKey {
            label: c.label,
            horizon: c.horizon,
            settings: c.inputs.forecast.clone(),
            skus: c.master.products.iter().map(|p| p.sku.clone()).collect(),
            families: c.master.products.iter().map(|p| p.family.clone()).collect(),
            history: c.history.clone(),
            phases: Phases::of(c),
            learned: Learned::of(w, k),
        }
    }
}
