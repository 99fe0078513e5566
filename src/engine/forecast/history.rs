//! The history the baseline uses: the raw history with the planner's corrections
//! (`engine::correction`) and, when `outlier_cleansing` is on, every spike and dip
//! not decided on replaced by its suggested value. Both forecasting paths — the native
//! [`baselines`](super::baselines) and the app's forecast worker — forecast from it.

use super::detect::{Finding, FindingKind, detect};
use crate::engine::model::{CorrectionKind, ForecastSettings, HistoryCorrection, SkuHistory};
use crate::engine::month::Month;
use std::borrow::Cow;

impl ForecastSettings {
    /// The outlier threshold k in robust σ (3 when the setting is not a positive number).
    pub fn outlier_threshold(&self) -> f64 {
        if self.outlier_k.is_finite() && self.outlier_k > 0.0 {
            self.outlier_k
        } else {
            3.0
        }
    }

    /// The settings of the fit once the history is cleansed by [`baseline_history`]:
    /// no corrections and no automatic cleansing left to do.
    pub fn for_fitting(&self) -> ForecastSettings {
        ForecastSettings {
            outlier_cleansing: false,
            history_corrections: Vec::new(),
            // Learning is applied to the fitted baselines, never refits them.
            learn: true,
            ..self.clone()
        }
    }
}

/// Months of `h` before the cycle's first month `label` (the ones forecast from).
fn used_len(label: Month, h: &SkuHistory) -> usize {
    usize::try_from(label.since(h.start))
        .unwrap_or(0)
        .min(h.units.len())
}

/// The findings of the history cleansing review for `h`: its months before `label`,
/// judged as [`detect`] does (season length and k of `settings`); indices into
/// `h.units`.
pub fn sku_findings(settings: &ForecastSettings, label: Month, h: &SkuHistory) -> Vec<Finding> {
    let used = used_len(label, h);
    detect(
        &h.units[..used],
        settings.season_length as usize,
        settings.outlier_threshold(),
    )
}

/// The history of `h` the baseline uses (same start and length; only months before
/// `label` are cleansed): the raw actuals, then
/// 1. an outlier or event correction (accepted or edited) replaces its month's value;
/// 2. with `outlier_cleansing` on, every spike and dip without a decision on its month
///    takes its suggested value ("accept all suggestions automatically");
/// 3. a level-shift correction adds its step Δ to every month before it (≥ 0 when the
///    actuals are).
///
/// Rejected corrections keep the actual. Borrowed when nothing changes.
pub fn baseline_history<'a>(
    settings: &ForecastSettings,
    label: Month,
    h: &'a SkuHistory,
) -> Cow<'a, [f64]> {
    let mine: Vec<&HistoryCorrection> = settings
        .history_corrections
        .iter()
        .filter(|c| c.sku == h.sku)
        .collect();
    if mine.is_empty() && !settings.outlier_cleansing {
        return Cow::Borrowed(&h.units);
    }
    let used = used_len(label, h);
    let index = |c: &HistoryCorrection| {
        usize::try_from(c.month.since(h.start))
            .ok()
            .filter(|i| *i < used)
    };
    let mut units = h.units.clone();
    let nonneg = units[..used].iter().all(|v| *v >= 0.0);
    for c in mine.iter().filter(|c| c.applies() && c.value.is_finite()) {
        if c.kind != CorrectionKind::LevelShift
            && let Some(i) = index(c)
        {
            units[i] = c.value;
        }
    }
    if settings.outlier_cleansing {
        for f in sku_findings(settings, label, h) {
            let decided = mine.iter().any(|c| h.start.plus(f.index as i32) == c.month);
            if f.kind != FindingKind::LevelShift && !decided {
                units[f.index] = f.suggested;
            }
        }
    }
    for c in mine.iter().filter(|c| c.applies() && c.value.is_finite()) {
        if c.kind == CorrectionKind::LevelShift
            && let Some(i) = index(c)
        {
            for u in &mut units[..i] {
                *u += c.value;
                if nonneg {
                    *u = u.max(0.0);
                }
            }
        }
    }
    Cow::Owned(units)
}
