//! The supply review's rough-cut capacity (RCCP) model: load per resource and month
//! against regular hours and regular + overtime, each month's state (fits, needs
//! overtime, overloaded), the peak utilisation, and in constrained mode what the plan
//! moved and what it could not make. The view only draws this.

use crate::engine::format::{pct_whole, units};
use crate::engine::model::{Cycle, PlanInputs, Unmet};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::plan::capacity::{EPS_HOURS, no_regular_hours};
use crate::engine::plan::{CapacityShift, CapacityShortfall, Plan};

/// A resource-month as the plan left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthState {
    /// Within regular hours.
    Fits,
    /// Above regular hours, within regular + overtime (amber).
    Overtime,
    /// Above what can be worked (red).
    Over,
}

/// One resource over the months, as the plan computed it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ResourceLoad {
    pub id: String,
    pub name: String,
    pub load: Vec<f64>,
    pub regular: Vec<f64>,
    pub overtime: Vec<f64>,
    pub overtime_used: Vec<f64>,
    pub overload: Vec<f64>,
    /// Load / regular hours (0 for a month without regular hours).
    pub utilization: Vec<f64>,
}

impl ResourceLoad {
    /// The highest utilisation of any month.
    pub fn peak(&self) -> f64 {
        self.utilization.iter().cloned().fold(0.0, f64::max)
    }

    /// Month `t`: overloaded, needing overtime, or within regular hours.
    pub fn state(&self, t: usize) -> MonthState {
        if self.overload[t] > 0.0 {
            MonthState::Over
        } else if self.overtime_used[t] > EPS_HOURS {
            MonthState::Overtime
        } else {
            MonthState::Fits
        }
    }

    /// Whether any month is beyond what can be worked.
    pub fn overloaded(&self) -> bool {
        self.overloaded_months().next().is_some()
    }

    /// The months beyond what can be worked.
    pub fn overloaded_months(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.overload.len()).filter(|t| self.overload[*t] > 0.0)
    }

    /// Month `t`'s utilisation as text, `87 %`; `no hours` for a month loaded without
    /// regular hours (the engine reports its utilisation as 0 and a `no_regular_hours`
    /// exception, never ∞).
    pub fn util_text(&self, t: usize, nf: NumberFormat) -> String {
        if no_regular_hours(self.regular[t], self.load[t]) {
            "no hours".into()
        } else {
            pct_whole(self.utilization[t], nf)
        }
    }

    /// The peak utilisation as text; `no hours` when some month is loaded without
    /// regular hours.
    pub fn peak_text(&self, nf: NumberFormat) -> String {
        match (0..self.load.len()).find(|t| no_regular_hours(self.regular[*t], self.load[*t])) {
            Some(t) => self.util_text(t, nf),
            None => pct_whole(self.peak(), nf),
        }
    }

    /// What a cell of month `t` says on hover: load, regular and overtime hours, and
    /// the overload or the overtime it needs.
    pub fn title(&self, t: usize, month: Month, nf: NumberFormat) -> String {
        let mut title = format!(
            "{}, {}: load {} h, regular {} h, overtime {} h",
            self.name,
            month.short_label(),
            units(self.load[t], nf),
            units(self.regular[t], nf),
            units(self.overtime[t], nf),
        );
        match self.state(t) {
            MonthState::Over => title.push_str(&format!(
                " · overloaded by {} h",
                units(self.overload[t], nf)
            )),
            MonthState::Overtime => title.push_str(&format!(
                " · {} h of overtime",
                units(self.overtime_used[t], nf)
            )),
            MonthState::Fits => {}
        }
        title
    }
}

/// Everything the capacity section shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct CapacityData {
    pub months: Vec<Month>,
    pub resources: Vec<ResourceLoad>,
    pub constrained: bool,
    /// Overtime counts as capacity (always when unconstrained).
    pub overtime_counts: bool,
    pub unmet: Unmet,
    pub shifts: Vec<CapacityShift>,
    pub shortfalls: Vec<CapacityShortfall>,
}

/// The capacity section of `plan` (the plan of `inputs` for cycle `c`): one line per
/// resource, named from the master data.
pub fn capacity_data(c: &Cycle, plan: &Plan, inputs: &PlanInputs) -> CapacityData {
    let cap = &plan.capacity;
    CapacityData {
        months: plan.months.clone(),
        resources: cap
            .resources
            .iter()
            .enumerate()
            .map(|(r, id)| ResourceLoad {
                id: id.clone(),
                name: c
                    .master
                    .resources
                    .iter()
                    .find(|x| &x.id == id)
                    .map_or_else(|| id.clone(), |x| x.name.clone()),
                load: cap.load.row(r).to_vec(),
                regular: cap.regular.row(r).to_vec(),
                overtime: cap.overtime_available.row(r).to_vec(),
                overtime_used: cap.overtime_used.row(r).to_vec(),
                overload: cap.overload.row(r).to_vec(),
                utilization: cap.utilization.row(r).to_vec(),
            })
            .collect(),
        constrained: cap.constrained,
        overtime_counts: !cap.constrained || inputs.supply.use_overtime,
        unmet: inputs.supply.unmet,
        shifts: cap.shifts.clone(),
        shortfalls: cap.shortfalls.clone(),
    }
}

impl CapacityData {
    /// The resource the chart shows until one is picked: the most loaded.
    pub fn most_loaded(&self) -> Option<usize> {
        self.resources
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.peak().total_cmp(&b.1.peak()))
            .map(|(i, _)| i)
    }

    /// Resource-months beyond what can be worked.
    pub fn overloaded_count(&self) -> usize {
        self.resources
            .iter()
            .map(|r| r.overloaded_months().count())
            .sum()
    }

    /// The chart's caption for resource `i`: its overloaded months, in words.
    pub fn caption(&self, i: usize) -> String {
        let Some(r) = self.resources.get(i) else {
            return String::new();
        };
        let over: Vec<String> = r
            .overloaded_months()
            .map(|t| self.months[t].short_label())
            .collect();
        match over.len() {
            0 => format!("{}: no overload", r.name),
            n => format!(
                "{}: {n} overloaded month{} ({})",
                r.name,
                if n == 1 { "" } else { "s" },
                over.join(", ")
            ),
        }
    }

    /// Units the constrained plan pre-built earlier and made late.
    pub fn moved_units(&self) -> (f64, f64) {
        self.shifts.iter().fold((0.0, 0.0), |(pre, late), s| {
            if s.is_early() {
                (pre + s.units, late)
            } else {
                (pre, late + s.units)
            }
        })
    }

    /// What the constrained plan moved and could not make, for the KPI tile (`None`
    /// when unconstrained).
    pub fn moved(&self) -> Option<super::tiles::Moved> {
        self.constrained.then(|| {
            let (pre, late) = self.moved_units();
            super::tiles::Moved {
                moved: pre + late,
                not_made: self.shortfalls.iter().map(|s| s.units).sum(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(load: &[f64], regular: &[f64], overtime: &[f64]) -> ResourceLoad {
        let used: Vec<f64> = load
            .iter()
            .zip(regular)
            .zip(overtime)
            .map(|((l, g), o)| (l - g).clamp(0.0, *o))
            .collect();
        let over: Vec<f64> = load
            .iter()
            .zip(regular)
            .zip(overtime)
            .map(|((l, g), o)| (l - g - o).max(0.0))
            .collect();
        ResourceLoad {
            id: "R".into(),
            name: "Frame welding".into(),
            load: load.to_vec(),
            regular: regular.to_vec(),
            overtime: overtime.to_vec(),
            overtime_used: used,
            overload: over,
            utilization: load
                .iter()
                .zip(regular)
                .map(|(l, g)| if *g > 0.0 { l / g } else { 0.0 })
                .collect(),
        }
    }

    #[test]
    fn months_read_fits_overtime_over_and_no_hours() {
        // 100 h regular, 20 h overtime: 90 fits, 110 needs 10 h overtime, 130 is 10 h over.
        let r = line(
            &[90.0, 110.0, 130.0, 5.0],
            &[100.0, 100.0, 100.0, 0.0],
            &[20.0; 4],
        );
        let nf = NumberFormat::default();
        assert_eq!(r.state(0), MonthState::Fits);
        assert_eq!(r.state(1), MonthState::Overtime);
        assert_eq!(r.state(2), MonthState::Over);
        assert_eq!(r.util_text(0, nf), "90 %");
        assert_eq!(r.util_text(2, nf), "130 %");
        assert_eq!(r.util_text(3, nf), "no hours");
        assert_eq!(r.peak_text(nf), "no hours");
        assert!(
            r.title(1, Month::new(2027, 3), nf)
                .ends_with("· 10 h of overtime")
        );
        assert!(
            r.title(2, Month::new(2027, 3), nf)
                .ends_with("· overloaded by 10 h")
        );
        assert_eq!(r.overloaded_months().collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn percentages_follow_the_number_format_and_round_half_up() {
        let r = line(&[114.0, 99.5], &[100.0, 100.0], &[0.0, 0.0]);
        assert_eq!(r.peak_text(NumberFormat::default()), "114 %");
        assert_eq!(r.util_text(1, NumberFormat::default()), "100 %");
        assert_eq!(pct_whole(0.125, NumberFormat::default()), "13 %");
        assert_eq!(pct_whole(0.0, NumberFormat::default()), "0 %");
        assert_eq!(pct_whole(12.345, NumberFormat::default()), "1,235 %");
    }

    #[test]
    fn the_most_loaded_resource_and_the_overload_count() {
        let a = line(&[90.0, 130.0], &[100.0, 100.0], &[20.0, 20.0]);
        let mut b = line(&[150.0, 150.0], &[100.0, 100.0], &[20.0, 20.0]);
        b.name = "Paint".into();
        let d = CapacityData {
            months: vec![Month::new(2027, 1), Month::new(2027, 2)],
            resources: vec![a, b],
            ..Default::default()
        };
        assert_eq!(d.most_loaded(), Some(1));
        assert_eq!(d.overloaded_count(), 3);
        assert_eq!(d.caption(0), "Frame welding: 1 overloaded month (Feb 27)");
        assert_eq!(d.caption(1), "Paint: 2 overloaded months (Jan 27, Feb 27)");
        assert_eq!(d.moved(), None);
    }
}
