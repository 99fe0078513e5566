//! Open deals edited in the demand review: add a deal, change its units, probability,
//! stage, month or customer, remove it — each one [`Command::SetInputs`] of the active
//! plan, so it is checked by `engine::plan::validate` and undone exactly.

use super::{Command, CommandError, PlanRef, inputs_of, next_id};
use crate::engine::deal::DealStage;
use crate::engine::model::{Cycle, Opportunity, PlanInputs};
use crate::engine::month::Month;

/// One field of a deal as the panel edits it.
#[derive(Clone, Debug, PartialEq)]
pub enum DealEdit {
    /// Units if won (≥ 0).
    Units(f64),
    /// Chance to win, a fraction 0–1.
    Probability(f64),
    Stage(DealStage),
    /// Expected delivery month.
    Month(Month),
    Customer(String),
}

/// A new deal: everything but its id, which [`add_deal`] gives.
#[derive(Clone, Debug, PartialEq)]
pub struct NewDeal {
    pub customer: String,
    pub sku: String,
    pub month: Month,
    pub units: f64,
    pub probability: f64,
    pub stage: DealStage,
}

fn set_inputs(plan: PlanRef, inputs: PlanInputs) -> Command {
    Command::SetInputs {
        plan,
        inputs: Box::new(inputs),
    }
}

fn current(cycle: &Cycle, plan: PlanRef) -> Result<&PlanInputs, CommandError> {
    inputs_of(cycle, plan).ok_or_else(|| CommandError("that scenario no longer exists".into()))
}

/// Adds `deal` to `plan`'s pipeline with the next free id.
pub fn add_deal(cycle: &Cycle, plan: PlanRef, deal: NewDeal) -> Result<Command, CommandError> {
    let mut inputs = current(cycle, plan)?.clone();
    let id = next_id(inputs.pipeline.iter().map(|o| o.id));
    inputs.pipeline.push(Opportunity {
        id,
        sku: deal.sku,
        month: deal.month,
        units: deal.units,
        probability: deal.probability,
        customer: deal.customer.trim().to_string(),
        stage: deal.stage,
    });
    Ok(set_inputs(plan, inputs))
}

/// Changes one field of deal `id` of `plan`.
pub fn edit_deal(
    cycle: &Cycle,
    plan: PlanRef,
    id: u64,
    edit: DealEdit,
) -> Result<Command, CommandError> {
    let mut inputs = current(cycle, plan)?.clone();
    let o = inputs
        .pipeline
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(|| CommandError(format!("deal #{id} no longer exists")))?;
    match edit {
        DealEdit::Units(u) => o.units = u,
        DealEdit::Probability(p) => o.probability = p,
        DealEdit::Stage(s) => o.stage = s,
        DealEdit::Month(m) => o.month = m,
        DealEdit::Customer(c) => o.customer = c.trim().to_string(),
    }
    Ok(set_inputs(plan, inputs))
}

/// Removes deal `id` from `plan`'s pipeline.
pub fn remove_deal(cycle: &Cycle, plan: PlanRef, id: u64) -> Result<Command, CommandError> {
    let mut inputs = current(cycle, plan)?.clone();
    let before = inputs.pipeline.len();
    inputs.pipeline.retain(|o| o.id != id);
    if inputs.pipeline.len() == before {
        return Err(CommandError(format!("deal #{id} no longer exists")));
    }
    Ok(set_inputs(plan, inputs))
}
