//! Workforce: labour hours and FTE needed per month.
//!
//! ```text
//! labour_t = Σ_r load_{r,t} · crew_r
//! fte_t    = ⌈labour_t / hours_per_fte⌉        whole people (0 when hours_per_fte ≤ 0)
//! gap_t    = fte_t − current_fte               (+ hire, − reduce, vs today)
//! hires_t  = max(0, fte_t − fte_{t−1}),  reductions_t = max(0, fte_{t−1} − fte_t),
//!            fte_{−1} = current_fte
//! ```

use super::Grid;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkforcePlan {
    #[serde(serialize_with = "super::output::ser_qty")]
    pub current_fte: f64,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub hours_per_fte: f64,
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub labour_hours: Vec<f64>,
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub fte: Vec<f64>,
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub gap_vs_current: Vec<f64>,
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub hires: Vec<f64>,
    #[serde(serialize_with = "super::output::ser_qtys")]
    pub reductions: Vec<f64>,
}

impl WorkforcePlan {
    /// Computes the workforce from the capacity load grid and each resource's crew.
    pub fn compute(load: &Grid, crew: &[f64], hours_per_fte: f64, current_fte: f64) -> Self {
        let h = load.cols();
        let mut labour = vec![0.0; h];
        for (r, c) in crew.iter().enumerate() {
            for (l, x) in labour.iter_mut().zip(load.row(r)) {
                *l += x * c;
            }
        }
        let fte: Vec<f64> = labour
            .iter()
            .map(|l| {
                if hours_per_fte > 0.0 {
                    // Whole FTE, a hair of float noise (1e-9) not rounded up.
                    (l / hours_per_fte - 1e-9).ceil().max(0.0)
                } else {
                    0.0
                }
            })
            .collect();
        let mut prev = current_fte;
        let (mut hires, mut reductions) = (vec![0.0; h], vec![0.0; h]);
        for t in 0..h {
            hires[t] = (fte[t] - prev).max(0.0);
            reductions[t] = (prev - fte[t]).max(0.0);
            prev = fte[t];
        }
        WorkforcePlan {
            current_fte,
            hours_per_fte,
            gap_vs_current: fte.iter().map(|f| f - current_fte).collect(),
            labour_hours: labour,
            fte,
            hires,
            reductions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fte_from_load_and_crew() {
        let mut load = Grid::zeros(2, 3);
        load.row_mut(0).copy_from_slice(&[100.0, 200.0, 150.0]);
        load.row_mut(1).copy_from_slice(&[40.0, 40.0, 0.0]);
        // crew 1 and 0.5: labour 120, 220, 150; 10 h/FTE → 12, 22, 15 FTE.
        let w = WorkforcePlan::compute(&load, &[1.0, 0.5], 10.0, 15.0);
        assert_eq!(w.labour_hours, vec![120.0, 220.0, 150.0]);
        assert_eq!(w.fte, vec![12.0, 22.0, 15.0]);
        assert_eq!(w.gap_vs_current, vec![-3.0, 7.0, 0.0]);
        assert_eq!(w.hires, vec![0.0, 10.0, 0.0]);
        assert_eq!(w.reductions, vec![3.0, 0.0, 7.0]);
        // 7 h/FTE: 120/7 = 17.14 → 18, 220/7 = 31.43 → 32, 150/7 = 21.43 → 22 people.
        let w = WorkforcePlan::compute(&load, &[1.0, 0.5], 7.0, 15.0);
        assert_eq!(w.fte, vec![18.0, 32.0, 22.0]);
        assert_eq!(w.hires, vec![3.0, 14.0, 0.0]);
        assert_eq!(w.reductions, vec![0.0, 0.0, 10.0]);
    }
}
