//! Edits to a cycle as commands: every change the UI makes goes through
//! [`Command::apply`], which checks it, performs it and returns the inverse command.
//! Undo is applying the inverse; redo is applying the inverse's inverse.

use super::model::Cycle;
use super::month::Month;
use std::fmt;

/// One edit of a cycle.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Correct an actual: units sold of `sku` in `month` (inside its history).
    SetActual {
        sku: String,
        month: Month,
        units: f64,
    },
}

/// Why a command was refused; the cycle is left unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandError(pub String);

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

impl Command {
    /// Applies the edit to `cycle` and returns the command that undoes it.
    /// On error nothing is changed.
    pub fn apply(&self, cycle: &mut Cycle) -> Result<Command, CommandError> {
        if cycle.is_frozen() {
            return Err(CommandError(format!(
                "cycle {} is approved and read-only; roll it forward to plan again",
                cycle.label
            )));
        }
        match self {
            Command::SetActual { sku, month, units } => {
                if !units.is_finite() || *units < 0.0 {
                    return Err(CommandError(format!(
                        "{sku} {month}: units sold must be a number ≥ 0, not {units}"
                    )));
                }
                let h = cycle
                    .history
                    .iter_mut()
                    .find(|h| h.sku == *sku)
                    .ok_or_else(|| CommandError(format!("{sku} has no history")))?;
                let i = usize::try_from(month.since(h.start))
                    .ok()
                    .filter(|i| *i < h.units.len())
                    .ok_or_else(|| {
                        CommandError(format!(
                            "{sku}: {month} is outside its history ({} to {})",
                            h.start,
                            h.end().plus(-1)
                        ))
                    })?;
                let old = std::mem::replace(&mut h.units[i], *units);
                Ok(Command::SetActual {
                    sku: sku.clone(),
                    month: *month,
                    units: old,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::model::CycleStatus;

    #[test]
    fn set_actual_and_undo_restore_the_cycle() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let m = c.label.plus(-1);
        let cmd = Command::SetActual {
            sku: "KB-16".into(),
            month: m,
            units: 999.0,
        };
        let undo = cmd.apply(&mut c).unwrap();
        let h = c.history.iter().find(|h| h.sku == "KB-16").unwrap();
        assert_eq!(h.get(m), Some(999.0));
        let redo = undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
        assert_eq!(redo, cmd);
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let bad = [
            ("KB-16", c.label, 5.0),           // a planned month, not history
            ("KB-16", c.label.plus(-1), -1.0), // negative
            ("KB-16", c.label.plus(-1), f64::NAN),
            ("NOPE", c.label.plus(-1), 1.0),
        ];
        for (sku, month, units) in bad {
            let e = Command::SetActual {
                sku: sku.into(),
                month,
                units,
            }
            .apply(&mut c)
            .unwrap_err();
            assert!(e.0.contains(sku), "{e}");
        }
        c.status = CycleStatus::Approved;
        let e = Command::SetActual {
            sku: "KB-16".into(),
            month: c.label.plus(-1),
            units: 1.0,
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("read-only"));
        c.status = before.status;
        assert_eq!(c, before);
    }
}
