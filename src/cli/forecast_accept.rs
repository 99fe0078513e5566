//! `sop forecast-eval --accept spikes|shifts|all [--k K]`: every finding of the history
//! cleansing review of the chosen kinds accepted as suggested before forecasting, to
//! see whether what the review flags on real data makes the forecasts better.
//!
//! Each series' training part is judged by [`detect`] (season length of the set,
//! threshold k robust σ, 3 by default) and its findings accepted as a planner would:
//! one [`HistoryCorrection`] each, applied by [`baseline_history`], the same builder the
//! app and `sop plan` forecast from. The held-out part and the MASE scale stay the raw
//! series'.

use super::CliError;
use super::forecast_eval::EvalSeries;
use crate::engine::correction::{CorrectionKind, CorrectionStatus, HistoryCorrection};
use crate::engine::forecast::baseline_history;
use crate::engine::forecast::detect::{FindingKind, detect};
use crate::engine::model::{ForecastSettings, SkuHistory};
use crate::engine::month::Month;

/// Which findings are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// Spikes and dips.
    Spikes,
    /// Level shifts.
    Shifts,
    /// Both.
    All,
}

impl Accept {
    /// Reads `spikes`, `shifts` or `all`.
    pub fn parse(s: &str) -> Result<Accept, CliError> {
        match s {
            "spikes" => Ok(Accept::Spikes),
            "shifts" => Ok(Accept::Shifts),
            "all" => Ok(Accept::All),
            _ => Err(CliError(format!(
                "--accept: `{s}` is not one of spikes, shifts, all"
            ))),
        }
    }

    fn takes(self, kind: FindingKind) -> bool {
        match self {
            Accept::All => true,
            Accept::Spikes => kind != FindingKind::LevelShift,
            Accept::Shifts => kind == FindingKind::LevelShift,
        }
    }
}

/// What was accepted over a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accepted {
    /// Series with at least one finding accepted.
    pub series: usize,
    pub spikes: usize,
    pub dips: usize,
    pub shifts: usize,
    /// Training months judged (all series).
    pub months: usize,
}

impl Accepted {
    /// Months flagged as a spike or dip, % of the months judged.
    pub fn outlier_share(&self) -> f64 {
        100.0 * (self.spikes + self.dips) as f64 / self.months.max(1) as f64
    }
}

/// The training parts of `series` cleansed: the findings of kind `which` at threshold
/// `k` accepted. Scored against the raw series (`forecast_eval::evaluate_from`), so that
/// the MASE scale stays the raw history's.
pub fn accept(series: &[EvalSeries], which: Accept, k: f64) -> (Vec<Vec<f64>>, Accepted) {
    let start = Month::new(2000, 1);
    let mut count = Accepted::default();
    let out = series
        .iter()
        .map(|s| {
            let train = &s.values[..s.n_train];
            count.months += train.len();
            let findings: Vec<_> = detect(train, s.season_length, k)
                .into_iter()
                .filter(|f| which.takes(f.kind))
                .collect();
            if findings.is_empty() {
                return train.to_vec();
            }
            count.series += 1;
            let mut settings = ForecastSettings {
                season_length: s.season_length as u32,
                ..ForecastSettings::default()
            };
            for f in &findings {
                match f.kind {
                    FindingKind::Spike => count.spikes += 1,
                    FindingKind::Dip => count.dips += 1,
                    FindingKind::LevelShift => count.shifts += 1,
                }
                let shift = f.kind == FindingKind::LevelShift;
                settings.history_corrections.push(HistoryCorrection {
                    sku: s.id.clone(),
                    month: start.plus(f.index as i32),
                    kind: if shift {
                        CorrectionKind::LevelShift
                    } else {
                        CorrectionKind::Outlier
                    },
                    status: CorrectionStatus::Accepted,
                    value: if shift { f.step } else { f.suggested },
                    event: None,
                    note: String::new(),
                });
            }
            let h = SkuHistory {
                sku: s.id.clone(),
                start,
                units: train.to_vec(),
            };
            let label = start.plus(s.n_train as i32);
            baseline_history(&settings, label, &h).into_owned()
        })
        .collect();
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: Vec<f64>, n_train: usize) -> EvalSeries {
        EvalSeries {
            id: "S".into(),
            values,
            n_train,
            h: 3,
            season_length: 12,
            category: String::new(),
        }
    }

    #[test]
    fn a_spike_is_replaced_in_the_training_part_only() {
        // A flat, slightly noisy history with one month at 5× its level.
        let mut v: Vec<f64> = (0..36).map(|t| 100.0 + [0.0, 2.0, -2.0][t % 3]).collect();
        v[20] = 500.0;
        v.extend([999.0, 999.0, 999.0]);
        let s = series(v.clone(), 36);
        let (out, n) = accept(std::slice::from_ref(&s), Accept::Spikes, 3.0);
        assert_eq!(n.spikes, 1);
        assert_eq!(n.series, 1);
        assert!((out[0][20] - 100.0).abs() < 3.0, "{}", out[0][20]);
        assert_eq!(out[0].len(), 36, "the training part only");
        assert_eq!(out[0][19], v[19]);
        // Only shifts: the spike stays.
        let (out, n) = accept(&[s], Accept::Shifts, 3.0);
        assert_eq!(n.spikes, 0);
        assert_eq!(out[0], &v[..36]);
    }

    #[test]
    fn a_level_shift_moves_the_months_before_it() {
        // 100 for two years, then 200: accepted, the first two years move to ~200.
        let mut v: Vec<f64> = (0..48)
            .map(|t| if t < 24 { 100.0 } else { 200.0 } + [0.0, 3.0, -3.0][t % 3])
            .collect();
        v.extend([210.0; 3]);
        let (out, n) = accept(&[series(v, 48)], Accept::All, 3.0);
        assert_eq!(n.shifts, 1);
        assert!((out[0][0] - 200.0).abs() < 8.0, "{}", out[0][0]);
        assert!((out[0][30] - 200.0).abs() < 8.0);
    }
}
