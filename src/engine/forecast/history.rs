//! The history the baseline uses: the raw history with the planner's corrections
//! (`engine::correction`) and, when `outlier_cleansing` is on, every spike and dip
//! not decided on replaced by its suggested value. Both forecasting paths — the native
//! [`baselines`](super::baselines) and the app's forecast worker — forecast from it.

use super::detect::{Finding, FindingKind, detect};
use crate::engine::model::{CorrectionKind, ForecastSettings, HistoryCorrection, SkuHistory};
use crate::engine::month::Month;
use std::borrow::Cow;
use std::collections::HashMap;

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
    cleansed(settings, label, h, None)
}

/// [`baseline_history`] of `h` given its findings ([`sku_findings`] with the same
/// settings and label), for a caller that has them already (the review).
pub fn baseline_history_from<'a>(
    settings: &ForecastSettings,
    label: Month,
    h: &'a SkuHistory,
    findings: &[Finding],
) -> Cow<'a, [f64]> {
    cleansed(settings, label, h, Some(findings))
}

fn cleansed<'a>(
    settings: &ForecastSettings,
    label: Month,
    h: &'a SkuHistory,
    findings: Option<&[Finding]>,
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
        let found;
        let findings = match findings {
            Some(f) => f,
            None => {
                found = sku_findings(settings, label, h);
                &found[..]
            }
        };
        for f in findings {
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

/// The cleansed histories of a cycle's SKUs, kept between forecasts: with automatic
/// cleansing on, [`baseline_history`] judges a history (`detect`, ~40 µs natively,
/// ~0.5 s for 10,000 SKUs in the browser), so the app judges again only a history whose
/// actuals or corrections changed, and does the rest in slices ([`Self::prepare`]).
#[derive(Debug, Default)]
pub struct CleansedHistories {
    /// What every entry was made under ([`under`]).
    under: Option<(Month, bool, u64, u32)>,
    entries: HashMap<String, Cleansed>,
    judged: usize,
}

/// One SKU's cleansed history and what it was made from.
#[derive(Debug)]
struct Cleansed {
    start: Month,
    raw: Vec<f64>,
    corrections: Vec<HistoryCorrection>,
    units: Vec<f64>,
}

impl CleansedHistories {
    /// How many histories were cleansed (run through [`baseline_history`]) so far: what
    /// the memo saves is visible in tests.
    pub fn judged(&self) -> usize {
        self.judged
    }

    /// Cleanses the histories of `all` not known yet, from `*cursor` on, while `more()`
    /// says so (asked after each history cleansed); `true` once every history is known. Forgets
    /// everything first when the cleansing's settings or `label` changed.
    pub fn prepare(
        &mut self,
        settings: &ForecastSettings,
        label: Month,
        all: &[SkuHistory],
        cursor: &mut usize,
        more: &mut dyn FnMut() -> bool,
    ) -> bool {
        let under = under(settings, label);
        if self.under != Some(under) {
            self.under = Some(under);
            self.entries.clear();
        }
        if !settings.outlier_cleansing && settings.history_corrections.is_empty() {
            // Every history is used as it is (the common case: nothing to look at).
            self.entries.clear();
            *cursor = all.len();
            return true;
        }
        let by_sku = corrections_by_sku(settings);
        while let Some(h) = all.get(*cursor) {
            let mine = by_sku.get(h.sku.as_str()).map_or(&[][..], Vec::as_slice);
            let mut judged = false;
            if !needs_cleansing(settings, mine) {
                self.entries.remove(h.sku.as_str());
            } else if !self
                .entries
                .get(&h.sku)
                .is_some_and(|e| e.made_from(h, mine))
            {
                let units = baseline_history(settings, label, h).into_owned();
                self.judged += 1;
                judged = true;
                let entry = Cleansed {
                    start: h.start,
                    raw: h.units.clone(),
                    corrections: mine.iter().map(|c| (*c).clone()).collect(),
                    units,
                };
                self.entries.insert(h.sku.clone(), entry);
            }
            *cursor += 1;
            if judged && !more() {
                return *cursor >= all.len();
            }
        }
        true
    }

    /// The history of `h` the baseline uses: [`baseline_history`], from the memo when
    /// [`Self::prepare`] made it for the same actuals and corrections.
    pub fn get<'a>(
        &'a self,
        settings: &ForecastSettings,
        label: Month,
        h: &'a SkuHistory,
    ) -> Cow<'a, [f64]> {
        let same_settings = self.under == Some(under(settings, label));
        let mine: Vec<&HistoryCorrection> = settings
            .history_corrections
            .iter()
            .filter(|c| c.sku == h.sku)
            .collect();
        match self.entries.get(&h.sku) {
            Some(e)
                if same_settings && needs_cleansing(settings, &mine) && e.made_from(h, &mine) =>
            {
                Cow::Borrowed(&e.units)
            }
            _ => baseline_history(settings, label, h),
        }
    }
}

impl Cleansed {
    /// Whether it was made from `h`'s actuals and these corrections.
    fn made_from(&self, h: &SkuHistory, mine: &[&HistoryCorrection]) -> bool {
        self.start == h.start
            && self.raw == h.units
            && self.corrections.len() == mine.len()
            && self.corrections.iter().zip(mine).all(|(a, b)| a == *b)
    }
}

/// What a cleansed history depends on besides its own actuals and decisions: the
/// cycle's first month, automatic cleansing, the threshold k (bits), the season length.
fn under(settings: &ForecastSettings, label: Month) -> (Month, bool, u64, u32) {
    (
        label,
        settings.outlier_cleansing,
        settings.outlier_threshold().to_bits(),
        settings.season_length,
    )
}

/// Whether [`baseline_history`] changes anything: automatic cleansing, or a decision.
fn needs_cleansing(settings: &ForecastSettings, mine: &[&HistoryCorrection]) -> bool {
    settings.outlier_cleansing || !mine.is_empty()
}

/// The planner's decisions, by SKU (in their order).
fn corrections_by_sku(settings: &ForecastSettings) -> HashMap<&str, Vec<&HistoryCorrection>> {
    let mut by: HashMap<&str, Vec<&HistoryCorrection>> = HashMap::new();
    for c in &settings.history_corrections {
        by.entry(c.sku.as_str()).or_default().push(c);
    }
    by
}
