//! The supply review's workforce table: labour hours of the plan, FTE needed against the
//! current FTE, and the hires or reductions month by month, with its summary line.

use crate::engine::format::{fixed, units};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::plan::Plan;

/// What the workforce table shows (the plan's workforce, by month).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WorkforceData {
    pub months: Vec<Month>,
    pub hours_per_fte: f64,
    pub current_fte: f64,
    pub labour_hours: Vec<f64>,
    pub fte: Vec<f64>,
    /// FTE needed − current FTE.
    pub gap: Vec<f64>,
    pub hires: Vec<f64>,
    pub reductions: Vec<f64>,
}

/// The workforce table of `plan`.
pub fn workforce_data(plan: &Plan) -> WorkforceData {
    let w = &plan.workforce;
    WorkforceData {
        months: plan.months.clone(),
        hours_per_fte: w.hours_per_fte,
        current_fte: w.current_fte,
        labour_hours: w.labour_hours.clone(),
        fte: w.fte.clone(),
        gap: w.gap_vs_current.clone(),
        hires: w.hires.clone(),
        reductions: w.reductions.clone(),
    }
}

/// FTE with one decimal (FTE are fractional), signed when asked: `12.5`, `+0.5`.
pub fn fte_text(x: f64, signed: bool, nf: NumberFormat) -> String {
    fixed(x, 1, signed, nf)
}

impl WorkforceData {
    /// Peak FTE needed over the horizon (0 without months).
    pub fn peak_fte(&self) -> f64 {
        self.fte.iter().copied().fold(0.0, f64::max)
    }

    /// The line above the table: "160 hours per FTE a month · current 42.0 FTE · peak
    /// need 45.5 FTE · over the horizon 3.5 hired, 0.0 reduced".
    pub fn summary(&self, nf: NumberFormat) -> String {
        let hires: f64 = self.hires.iter().sum();
        let reductions: f64 = self.reductions.iter().sum();
        format!(
            "{} hours per FTE a month · current {} FTE · peak need {} FTE · over the horizon {} hired, {} reduced",
            units(self.hours_per_fte, nf),
            fte_text(self.current_fte, false, nf),
            fte_text(self.peak_fte(), false, nf),
            fte_text(hires, false, nf),
            fte_text(reductions, false, nf),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_adds_hires_and_reductions_in_the_number_format() {
        let d = WorkforceData {
            months: vec![Month::new(2027, 1), Month::new(2027, 2)],
            hours_per_fte: 1600.0,
            current_fte: 42.0,
            labour_hours: vec![0.0; 2],
            fte: vec![44.26, 40.0],
            gap: vec![2.26, -2.0],
            hires: vec![2.26, 0.0],
            reductions: vec![0.0, 4.24],
        };
        assert_eq!(
            d.summary(NumberFormat::COMMA),
            "1.600 hours per FTE a month · current 42,0 FTE · peak need 44,3 FTE · over the horizon 2,3 hired, 4,2 reduced"
        );
        assert_eq!(WorkforceData::default().peak_fte(), 0.0);
    }
}
