//! Edits to a cycle as commands: every change the UI makes goes through
//! [`Command::apply`], which checks it, performs it and returns the inverse command.
//! Undo is applying the inverse; redo is applying the inverse's inverse.

use crate::engine::meeting::SignOff;
use crate::engine::model::{
    Cycle, CycleStatus, Decision, FrozenPlan, MasterData, PlanInputs, Scenario, SkuHistory,
};
use crate::engine::month::Month;
use crate::engine::plan::validate;
use std::fmt;

mod adjust;
mod cleansing;
mod finance;
mod forecast;
mod launch;
mod list;
mod meeting;
mod notes;
mod pipeline;
mod scenario;
mod share;
mod supply;

pub use adjust::{
    AdjustmentEdit, add_adjustment, cell_adjustment, cell_edit, set_adjustment_reason,
    set_cell_adjustment,
};
pub use cleansing::{
    clear_history_correction, correct_history, mark_history_event, promotion_uplift, reapply_month,
    reapply_promotion,
};
pub use finance::{FinanceTerm, MAX_TERM_DAYS, set_finance_term};
pub use forecast::{ForecastChoice, forecast_choice, set_forecast_choice, set_learn};
pub use launch::{NewProduct, add_product};
pub(crate) use list::command_touches as list_touches;
pub use list::{InputEntry, ListEdit};
pub use meeting::{approve, sign_off};
pub use notes::{
    CellChange, NotesChange, add_comment, delete_comment, latest_edit_by, set_reason, set_reasons,
    with_history,
};
pub use pipeline::{DealEdit, NewDeal, add_deal, edit_deal, remove_deal};
pub use scenario::*;
pub use share::{SharedScenario, add_shared_scenario, read_scenario_link, scenario_link_code};
pub use supply::*;

/// Which plan an edit of plan inputs goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PlanRef {
    /// The cycle's own inputs.
    #[default]
    Base,
    /// The scenario with this id.
    Scenario(u64),
}

impl PlanRef {
    /// The scenario's id, `None` for the base plan (as change sets and notes name plans).
    pub fn scenario(self) -> Option<u64> {
        match self {
            PlanRef::Base => None,
            PlanRef::Scenario(id) => Some(id),
        }
    }
}

/// The command that replaces the base plan's inputs with `inputs`.
pub(super) fn set_base(inputs: PlanInputs) -> Command {
    Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs),
    }
}

/// One edit of a cycle.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Correct an actual: units sold of `sku` in `month` (inside its history).
    SetActual {
        sku: String,
        month: Month,
        units: f64,
    },
    /// Replace the inputs of the base plan or of a scenario (adjustments, pipeline,
    /// supply settings, finance, budget). Built by the pure functions of this module.
    SetInputs {
        plan: PlanRef,
        inputs: Box<PlanInputs>,
    },
    /// Insert, replace or remove adjustments of the base plan or of a scenario, one by
    /// one (a typed or pasted waterfall cell: [`cell_edit`]); all or nothing.
    EditAdjustments {
        plan: PlanRef,
        edits: Vec<AdjustmentEdit>,
    },
    /// Set, change or remove production overrides of the base plan or of a scenario, one
    /// by one (typed or pasted cells of the supply grid:
    /// `review::supply::production_edit`); all or nothing.
    EditOverrides {
        plan: PlanRef,
        edits: Vec<ListEdit<crate::engine::model::ProductionOverride>>,
    },
    /// Replace the master data (families, products, resources, components, workforce).
    SetMaster(Box<MasterData>),
    /// Replace the actuals (an import of history).
    SetHistory(Vec<SkuHistory>),
    /// Replace the list of scenarios.
    SetScenarios(Vec<Scenario>),
    /// Replace the decisions log.
    SetDecisions(Vec<Decision>),
    /// Replace the meeting's sign-offs (built by [`sign_off`] and [`approve`]).
    SetSignOffs(Vec<SignOff>),
    /// Move the cycle to another status short of approval (approval is [`Command::Approve`]).
    SetStatus(CycleStatus),
    /// Approve: freeze the plan snapshot; the cycle becomes read-only. Not undoable.
    /// The frozen plan names the approver (refused without one); [`approve`] builds it
    /// with the executive sign-off and a decision.
    Approve(Box<FrozenPlan>),
    /// Several edits as one (one undo step). Applied in order; all or nothing.
    Batch(Vec<Command>),
    /// Add or remove history entries and comments (`engine::notes`; built by
    /// [`with_history`], [`add_comment`], [`delete_comment`]).
    Notes(Box<NotesChange>),
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
    /// On error nothing is changed. An edit of master data, history, plan inputs or
    /// scenarios that introduces a validation error (`engine::plan::validate`) is
    /// refused with the first one in a planner's words; problems the cycle already had
    /// do not block other edits.
    pub fn apply(&self, cycle: &mut Cycle) -> Result<Command, CommandError> {
        if let Command::SetInputs { plan, inputs } = self
            && let Some(current) = inputs_of(cycle, *plan)
        {
            // The most frequent edit: old and new inputs checked before applying, with
            // the SKUs looked up once.
            let check = validate::InputsCheck::new(cycle, &[current, &**inputs]);
            let prefix = inputs_prefix(*plan);
            let before = check.run(current, &prefix);
            if let Some(first) = validate::new_errors(&before, check.run(inputs, &prefix)).first() {
                return Err(CommandError(first.in_words()));
            }
            return self.apply_unchecked(cycle);
        }
        // Edits of lists: each entry written checked against its old version.
        if let Some(result) = list::apply_command(self, cycle, true) {
            return result;
        }
        let before = self.touched_issues(cycle);
        let inverse = self.apply_unchecked(cycle)?;
        if let Some(before) = before {
            let after = self.touched_issues(cycle).unwrap_or_default();
            if let Some(first) = validate::new_errors(&before, after).first() {
                // Undo exactly; the inverse of a replacement cannot fail.
                let _ = inverse.apply_unchecked(cycle);
                return Err(CommandError(first.in_words()));
            }
        }
        Ok(inverse)
    }

    /// The validation issues of the part of `cycle` this edit replaces, `None` for
    /// edits that are not checked here.
    fn touched_issues(&self, cycle: &Cycle) -> Option<Vec<validate::Issue>> {
        match self {
            Command::SetMaster(_) | Command::SetHistory(_) => {
                Some(validate::validate_master(cycle))
            }
            Command::SetScenarios(_) => {
                let mut v = validate::validate_scenarios(&cycle.scenarios);
                for s in &cycle.scenarios {
                    let p = format!("scenarios[{}]", s.name);
                    v.extend(validate::validate_inputs(
                        cycle,
                        &s.inputs,
                        &format!("{p}.inputs"),
                    ));
                    v.extend(validate::validate_levers(
                        cycle,
                        &s.levers,
                        &format!("{p}.levers"),
                    ));
                }
                Some(v)
            }
            _ => None,
        }
    }

    pub(crate) fn apply_unchecked(&self, cycle: &mut Cycle) -> Result<Command, CommandError> {
        frozen(cycle)?;
        match self {
            Command::EditAdjustments { .. } | Command::EditOverrides { .. } => {
                list::apply_command(self, cycle, false).expect("an edit of a list")
            }
            Command::SetInputs { plan, inputs } => {
                let slot = inputs_mut(cycle, *plan)?;
                let old = std::mem::replace(slot, (**inputs).clone());
                Ok(Command::SetInputs {
                    plan: *plan,
                    inputs: Box::new(old),
                })
            }
            Command::SetMaster(m) => Ok(Command::SetMaster(Box::new(std::mem::replace(
                &mut cycle.master,
                (**m).clone(),
            )))),
            Command::SetHistory(h) => Ok(Command::SetHistory(std::mem::replace(
                &mut cycle.history,
                h.clone(),
            ))),
            Command::SetScenarios(s) => Ok(Command::SetScenarios(std::mem::replace(
                &mut cycle.scenarios,
                s.clone(),
            ))),
            Command::SetDecisions(d) => Ok(Command::SetDecisions(std::mem::replace(
                &mut cycle.decisions,
                d.clone(),
            ))),
            Command::SetStatus(s) => {
                if *s == CycleStatus::Approved {
                    return Err(CommandError(
                        "approve the cycle with the Approve action, which freezes the plan".into(),
                    ));
                }
                Ok(Command::SetStatus(std::mem::replace(&mut cycle.status, *s)))
            }
            Command::SetSignOffs(s) => Ok(Command::SetSignOffs(std::mem::replace(
                &mut cycle.signoffs,
                s.clone(),
            ))),
            Command::Approve(frozen) => {
                if frozen.approved_by.trim().is_empty() {
                    return Err(CommandError("name who approves the plan".into()));
                }
                cycle.frozen = Some((**frozen).clone());
                cycle.status = CycleStatus::Approved;
                // Nothing undoes an approval; the inverse is refused as read-only.
                Ok(Command::SetStatus(CycleStatus::FinancialReview))
            }
            Command::Notes(n) => Ok(Command::Notes(Box::new(n.apply(cycle)?))),
            Command::Batch(cmds) => {
                // In place, part after part; a refused part undoes the ones before it
                // (no copy of the cycle, which at 10,000 SKUs costs more than the edit).
                let mut inverses = Vec::with_capacity(cmds.len());
                for c in cmds {
                    match c.apply(cycle) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            undo_all(&inverses, cycle);
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Command::Batch(inverses))
            }
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

/// Refuses every edit of an approved cycle.
fn frozen(cycle: &Cycle) -> Result<(), CommandError> {
    if cycle.is_frozen() {
        return Err(CommandError(format!(
            "cycle {} is approved and read-only; roll it forward to plan again",
            cycle.label
        )));
    }
    Ok(())
}

/// How validation names the inputs of `plan`.
fn inputs_prefix(plan: PlanRef) -> String {
    match plan {
        PlanRef::Base => "inputs".to_string(),
        PlanRef::Scenario(id) => format!("scenarios[#{id}].inputs"),
    }
}

/// The inputs of `plan` in `cycle`.
pub fn inputs_of(cycle: &Cycle, plan: PlanRef) -> Option<&PlanInputs> {
    plan_of(cycle, plan).map(|(inputs, _)| inputs)
}

/// The inputs and levers of `plan` in `cycle` (the base plan has no levers); `None`
/// for a scenario that no longer exists.
pub fn plan_of(
    cycle: &Cycle,
    plan: PlanRef,
) -> Option<(
    &PlanInputs,
    std::borrow::Cow<'_, crate::engine::model::Levers>,
)> {
    match plan {
        PlanRef::Base => Some((&cycle.inputs, std::borrow::Cow::Owned(Default::default()))),
        PlanRef::Scenario(id) => cycle
            .scenarios
            .iter()
            .find(|s| s.id == id)
            .map(|s| (&s.inputs, std::borrow::Cow::Borrowed(&s.levers))),
    }
}

/// The levers of `plan` in `cycle`: none for the base plan (and for a scenario that no
/// longer exists).
pub fn levers_of(cycle: &Cycle, plan: PlanRef) -> crate::engine::model::Levers {
    plan_of(cycle, plan)
        .map(|(_, l)| l.into_owned())
        .unwrap_or_default()
}

fn inputs_mut(cycle: &mut Cycle, plan: PlanRef) -> Result<&mut PlanInputs, CommandError> {
    match plan {
        PlanRef::Base => Ok(&mut cycle.inputs),
        PlanRef::Scenario(id) => cycle
            .scenarios
            .iter_mut()
            .find(|s| s.id == id)
            .map(|s| &mut s.inputs)
            .ok_or_else(|| CommandError(format!("scenario {id} no longer exists"))),
    }
}

/// The next free id among `ids` (max + 1, at least 1).
pub fn next_id(ids: impl Iterator<Item = u64>) -> u64 {
    ids.max().unwrap_or(0) + 1
}

/// Applies `inverses` (of parts applied in order) in reverse: the cycle as before them.
/// The inverse of an applied part restores exactly and cannot fail.
pub(crate) fn undo_all(inverses: &[Command], cycle: &mut Cycle) {
    for inverse in inverses.iter().rev() {
        let _ = inverse.apply_unchecked(cycle);
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

    #[test]
    fn set_inputs_targets_base_or_scenario_and_undoes() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let mut inputs = c.inputs.clone();
        inputs.supply.constrained = true;
        let undo = Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        }
        .apply(&mut c)
        .unwrap();
        assert!(c.inputs.supply.constrained);
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
        let e = Command::SetInputs {
            plan: PlanRef::Scenario(9),
            inputs: Box::new(c.inputs.clone()),
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("scenario 9"));
    }

    #[test]
    fn batch_is_all_or_nothing_and_undoes_in_reverse() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let m = c.label.plus(-1);
        let ok = Command::SetActual {
            sku: "KB-16".into(),
            month: m,
            units: 1.0,
        };
        let bad = Command::SetActual {
            sku: "KB-16".into(),
            month: c.label,
            units: 1.0,
        };
        assert!(
            Command::Batch(vec![ok.clone(), bad.clone()])
                .apply(&mut c)
                .is_err()
        );
        assert_eq!(c, before, "nothing applied when one part fails");
        assert!(
            Command::Batch(vec![ok.clone(), bad])
                .apply_touching(&mut c)
                .is_err()
        );
        assert_eq!(c, before, "nor when applied with its change set");
        let again = Command::SetActual {
            sku: "KB-16".into(),
            month: m,
            units: 2.0,
        };
        let undo = Command::Batch(vec![ok, again]).apply(&mut c).unwrap();
        assert_eq!(
            c.history.iter().find(|h| h.sku == "KB-16").unwrap().get(m),
            Some(2.0)
        );
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
    }

    #[test]
    fn approval_freezes_and_nothing_edits_it_afterwards() {
        let mut c = demo_workspace().cycles.remove(0);
        let frozen = FrozenPlan {
            approved_on: "2026-11-30".into(),
            approved_by: "Ada".into(),
            start: c.label,
            series: Vec::new(),
        };
        assert!(
            Command::SetStatus(CycleStatus::Approved)
                .apply(&mut c)
                .is_err()
        );
        let undo = Command::Approve(Box::new(frozen.clone()))
            .apply(&mut c)
            .unwrap();
        assert!(c.is_frozen());
        assert_eq!(c.frozen, Some(frozen));
        assert!(undo.apply(&mut c).unwrap_err().0.contains("read-only"));
        assert!(Command::SetDecisions(vec![]).apply(&mut c).is_err());
    }
}
