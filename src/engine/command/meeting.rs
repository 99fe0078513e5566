//! The meeting's records as commands: a step signed off by a named person (which moves
//! the cycle's status on), and the approval naming its approver (the executive step's
//! sign-off, a line in the decisions log, the frozen plan). See `engine::meeting`.

use super::{Command, CommandError, next_id};
use crate::engine::meeting::{SignOff, Stage, is_date_time, signed};
use crate::engine::model::Cycle;
use crate::engine::model::{CycleStatus, Decision, FrozenPlan, Role};

/// A name as typed: trimmed, not empty, at most 80 characters.
fn person(by: &str) -> Result<String, CommandError> {
    let by = by.trim();
    if by.is_empty() {
        return Err(CommandError("type your name to sign off".into()));
    }
    if by.chars().count() > 80 {
        return Err(CommandError("a name of at most 80 characters".into()));
    }
    Ok(by.to_string())
}

fn when(at: &str) -> Result<(), CommandError> {
    if is_date_time(at) {
        Ok(())
    } else {
        Err(CommandError(format!(
            "'{at}' is not a time like 2026-11-30 14:05"
        )))
    }
}

/// The sign-offs of `cycle` with `stage` signed by `by` at `at`, every earlier step
/// signed first.
fn with_signoff(
    cycle: &Cycle,
    stage: Stage,
    by: &str,
    at: &str,
) -> Result<Vec<SignOff>, CommandError> {
    let by = person(by)?;
    when(at)?;
    if let Some(s) = signed(cycle, stage) {
        return Err(CommandError(format!(
            "{} is already signed off by {}",
            stage.label(),
            s.by
        )));
    }
    if let Some(before) = Stage::ALL[..stage as usize]
        .iter()
        .find(|s| signed(cycle, **s).is_none())
    {
        return Err(CommandError(format!("sign off {} first", before.label())));
    }
    let mut list = cycle.signoffs.clone();
    list.push(SignOff {
        stage,
        by,
        at: at.to_string(),
    });
    Ok(list)
}

/// Signs off `stage` (data, demand, supply or finance) as `by` at `at` (`YYYY-MM-DD
/// HH:MM`) and moves the status on to the next step's if it is behind: one undo step.
pub fn sign_off(cycle: &Cycle, stage: Stage, by: &str, at: &str) -> Result<Command, CommandError> {
    if stage == Stage::Executive {
        return Err(CommandError(
            "the executive review is signed off by approving the plan".into(),
        ));
    }
    let list = with_signoff(cycle, stage, by, at)?;
    let mut cmds = vec![Command::SetSignOffs(list)];
    let rank = |s: CycleStatus| CycleStatus::ALL.iter().position(|x| *x == s);
    let next = stage.status_after();
    if rank(next) > rank(cycle.status) {
        cmds.push(Command::SetStatus(next));
    }
    Ok(Command::Batch(cmds))
}

/// Approves the cycle as `by` at `at`: the frozen plan names the approver, the executive
/// step is signed off and the decisions log says who approved. The cycle must be in
/// its financial review.
pub fn approve(
    cycle: &Cycle,
    mut frozen: FrozenPlan,
    by: &str,
    at: &str,
) -> Result<Command, CommandError> {
    if cycle.status != CycleStatus::FinancialReview {
        return Err(CommandError(format!(
            "the cycle is in {}: sign off the supply review to reach the financial review",
            cycle.status.label()
        )));
    }
    if by.trim().is_empty() {
        return Err(CommandError("name who approves the plan".into()));
    }
    let by = person(by)?;
    when(at)?;
    let mut list = cycle.signoffs.clone();
    list.retain(|s| s.stage != Stage::Executive);
    list.push(SignOff {
        stage: Stage::Executive,
        by: by.clone(),
        at: at.to_string(),
    });
    let mut decisions = cycle.decisions.clone();
    decisions.push(Decision {
        id: next_id(decisions.iter().map(|d| d.id)),
        date: at[..10].to_string(),
        role: Role::Executive,
        text: format!("Plan approved by {by}"),
    });
    frozen.approved_by = by;
    Ok(Command::Batch(vec![
        Command::SetSignOffs(list),
        Command::SetDecisions(decisions),
        Command::Approve(Box::new(frozen)),
    ]))
}
