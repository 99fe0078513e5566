//! Switches of the forecast settings: the learned model choice on or off
//! (`ForecastSettings::learn`, see `engine::forecast::learn`). One
//! [`Command::SetInputs`] of the base plan: its change set, exact undo.

use super::{Command, PlanRef};
use crate::engine::model::Cycle;

/// The command that plans `c` with the learned model choice (`on`) or the plain
/// ensemble; `None` when it is already so.
pub fn set_learn(c: &Cycle, on: bool) -> Option<Command> {
    if c.inputs.forecast.learn == on {
        return None;
    }
    let mut inputs = c.inputs.clone();
    inputs.forecast.learn = on;
    Some(Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs),
    })
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
