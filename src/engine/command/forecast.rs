//! The demand review's "Forecast settings": how the statistical baseline is made for the
//! whole cycle — season length, automatic cleansing of flagged spikes and dips with its
//! threshold, and family reconciliation; and the learned model choice on or off
//! (`ForecastSettings::learn`, see `engine::forecast::learn`, switched under the track
//! record of the accuracy view). Each is one [`Command::SetInputs`] of the base plan
//! (the settings live on its inputs), so it reports its change set, undoes exactly and
//! is checked by the same validation as an import or a restore
//! (`plan::validate`: season 1–24 months, threshold 1.5–10 robust σ).

use super::{Command, CommandError, set_base};
use crate::engine::model::Cycle;
use crate::engine::plan::validate::{OUTLIER_K, SEASON_MONTHS};

/// The settings a planner switches; the per-SKU model choices and history decisions
/// are made elsewhere (the model override, the cleansing review) and kept as they are.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastChoice {
    /// Months per season (1 = no season).
    pub season_length: u32,
    /// Accept every flagged spike and dip that has no decision (level shifts still need one).
    pub auto_cleansing: bool,
    /// The flagging threshold k, in robust σ.
    pub outlier_k: f64,
    /// Reconcile each family's forecast with its SKUs' (`forecast::reconcile`).
    pub reconcile: bool,
    /// Plan with the learned model choice (`forecast::learn`), else the plain ensemble.
    pub learn: bool,
}

/// The cycle's current choice.
pub fn forecast_choice(c: &Cycle) -> ForecastChoice {
    let f = &c.inputs.forecast;
    ForecastChoice {
        season_length: f.season_length,
        auto_cleansing: f.outlier_cleansing,
        outlier_k: f.outlier_k,
        reconcile: f.reconcile,
        learn: f.learn,
    }
}

/// The command that sets `choice` on the base plan: every SKU is forecast again.
/// A season or threshold out of range is refused with a message naming the range.
pub fn set_forecast_choice(c: &Cycle, choice: &ForecastChoice) -> Result<Command, CommandError> {
    if !SEASON_MONTHS.contains(&choice.season_length) {
        return Err(CommandError(format!(
            "a season of {} to {} months (1 = no season), not {}",
            SEASON_MONTHS.start(),
            SEASON_MONTHS.end(),
            choice.season_length
        )));
    }
    if !OUTLIER_K.contains(&choice.outlier_k) {
        return Err(CommandError(format!(
            "an outlier threshold of {} to {} robust σ, not {}",
            OUTLIER_K.start(),
            OUTLIER_K.end(),
            choice.outlier_k
        )));
    }
    let mut inputs = c.inputs.clone();
    let f = &mut inputs.forecast;
    f.season_length = choice.season_length;
    f.outlier_cleansing = choice.auto_cleansing;
    f.outlier_k = choice.outlier_k;
    f.reconcile = choice.reconcile;
    f.learn = choice.learn;
    Ok(set_base(inputs))
}

/// The command that plans `c` with the learned model choice (`on`) or the plain
/// ensemble; `None` when it is already so.
pub fn set_learn(c: &Cycle, on: bool) -> Option<Command> {
    if c.inputs.forecast.learn == on {
        return None;
    }
    let mut inputs = c.inputs.clone();
    inputs.forecast.learn = on;
    Some(set_base(inputs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;

    #[test]
    fn the_switch_is_one_undoable_edit_that_touches_the_forecast() {
        let mut c = demo_workspace().cycles.remove(0);
        assert!(c.inputs.forecast.learn, "on by default");
        assert!(set_learn(&c, true).is_none(), "already on");
        let cmd = set_learn(&c, false).unwrap();
        assert!(cmd.touches(&c).touches_forecast());
        let before = c.clone();
        let undo = cmd.apply(&mut c).unwrap();
        assert!(!c.inputs.forecast.learn);
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
    }
}
