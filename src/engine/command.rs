//! Edits to a cycle as commands: every change the UI makes goes through
//! [`Command::apply`], which checks it, performs it and returns the inverse command.
//! Undo is applying the inverse; redo is applying the inverse's inverse.

use super::model::{
    Adjustment, Change, Cycle, CycleStatus, Decision, FrozenPlan, Layer, MasterData, PlanInputs,
    Role, Scenario, Target,
};
use super::month::Month;
use std::fmt;

/// Which plan an edit of plan inputs goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PlanRef {
    /// The cycle's own inputs.
    #[default]
    Base,
    /// The scenario with this id.
    Scenario(u64),
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
    /// Replace the master data (families, products, resources, components, workforce).
    SetMaster(Box<MasterData>),
    /// Replace the list of scenarios.
    SetScenarios(Vec<Scenario>),
    /// Replace the decisions log.
    SetDecisions(Vec<Decision>),
    /// Move the cycle to another status short of approval (approval is [`Command::Approve`]).
    SetStatus(CycleStatus),
    /// Approve: freeze the plan snapshot; the cycle becomes read-only. Not undoable.
    Approve(Box<FrozenPlan>),
    /// Several edits as one (one undo step). Applied in order; all or nothing.
    Batch(Vec<Command>),
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
            Command::Approve(frozen) => {
                cycle.frozen = Some((**frozen).clone());
                cycle.status = CycleStatus::Approved;
                // Nothing undoes an approval; the inverse is refused as read-only.
                Ok(Command::SetStatus(CycleStatus::FinancialReview))
            }
            Command::Batch(cmds) => {
                let mut work = cycle.clone();
                let mut inverses = Vec::with_capacity(cmds.len());
                for c in cmds {
                    inverses.push(c.apply(&mut work)?);
                }
                *cycle = work;
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

/// The inputs of `plan` in `cycle`.
pub fn inputs_of(cycle: &Cycle, plan: PlanRef) -> Option<&PlanInputs> {
    match plan {
        PlanRef::Base => Some(&cycle.inputs),
        PlanRef::Scenario(id) => cycle
            .scenarios
            .iter()
            .find(|s| s.id == id)
            .map(|s| &s.inputs),
    }
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

/// The units of the single-month adjustment that the forecast grid keeps for one cell
/// (layer × target × month), 0 if there is none.
pub fn cell_adjustment(inputs: &PlanInputs, layer: Layer, target: &Target, month: Month) -> f64 {
    inputs
        .adjustments
        .iter()
        .find(|a| is_cell(a, layer, target, month))
        .map_or(0.0, |a| match a.change {
            Change::Units(u) => u,
            Change::Percent(_) => 0.0,
        })
}

fn is_cell(a: &Adjustment, layer: Layer, target: &Target, month: Month) -> bool {
    a.layer == layer
        && a.from == month
        && a.to == month
        && a.target == *target
        && matches!(a.change, Change::Units(_))
}

/// Sets the single-month units adjustment of one cell of the forecast grid (layer ×
/// SKU or family × month) to `delta`, creating or updating it; zero removes it.
/// Typing value `x` in a layer row whose value is `v` sets
/// `delta = cell_adjustment + (x − v)`, since a layer adds its units linearly.
/// Adjustments over several months or in percent are left as they are.
pub fn set_cell_adjustment(
    inputs: &PlanInputs,
    layer: Layer,
    role: Role,
    target: &Target,
    month: Month,
    delta: f64,
    reason: &str,
) -> PlanInputs {
    let mut out = inputs.clone();
    let is_cell = |a: &Adjustment| is_cell(a, layer, target, month);
    let existing = out.adjustments.iter().position(is_cell);
    let delta = if delta.abs() < 1e-9 { 0.0 } else { delta };
    match (existing, delta == 0.0) {
        (Some(i), true) => {
            out.adjustments.remove(i);
        }
        (Some(i), false) => {
            let a = &mut out.adjustments[i];
            a.change = Change::Units(delta);
            a.role = role;
            if !reason.is_empty() {
                a.reason = reason.to_string();
            }
        }
        (None, true) => {}
        (None, false) => {
            let id = next_id(out.adjustments.iter().map(|a| a.id));
            out.adjustments.push(Adjustment {
                id,
                layer,
                role,
                target: target.clone(),
                from: month,
                to: month,
                change: Change::Units(delta),
                reason: reason.to_string(),
            });
        }
    }
    out
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
        assert!(Command::Batch(vec![ok.clone(), bad]).apply(&mut c).is_err());
        assert_eq!(c, before, "nothing applied when one part fails");
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

    #[test]
    fn typing_in_a_layer_cell_creates_updates_and_removes_its_adjustment() {
        let c = demo_workspace().cycles.remove(0);
        let m = c.label.plus(2);
        let n = c.inputs.adjustments.len();
        let kb = Target::Sku("KB-16".into());
        let a = set_cell_adjustment(&c.inputs, Layer::Sales, Role::Sales, &kb, m, 40.0, "promo");
        assert_eq!(cell_adjustment(&a, Layer::Sales, &kb, m), 40.0);
        assert_eq!(cell_adjustment(&a, Layer::Marketing, &kb, m), 0.0);
        assert_eq!(a.adjustments.len(), n + 1);
        let added = a.adjustments.last().unwrap();
        assert_eq!(added.change, Change::Units(40.0));
        assert_eq!(added.target, Target::Sku("KB-16".into()));
        assert_eq!((added.from, added.to), (m, m));
        assert_eq!(added.id, 6, "next id after the demo's five");
        let b = set_cell_adjustment(&a, Layer::Sales, Role::Sales, &kb, m, -5.0, "");
        assert_eq!(b.adjustments.len(), n + 1);
        assert_eq!(b.adjustments.last().unwrap().change, Change::Units(-5.0));
        assert_eq!(b.adjustments.last().unwrap().reason, "promo", "reason kept");
        let other_layer = set_cell_adjustment(&b, Layer::Consensus, Role::Finance, &kb, m, 3.0, "");
        assert_eq!(other_layer.adjustments.len(), n + 2);
        let removed = set_cell_adjustment(&b, Layer::Sales, Role::Sales, &kb, m, 0.0, "");
        assert_eq!(removed.adjustments, c.inputs.adjustments);
    }
}

// ---------------------------------------------------------------------------------
// Supply review helpers: production overrides and strategies (pure, for the UI).
// ---------------------------------------------------------------------------------

use super::model::{ProductionOverride, Strategy};

/// The production override of `sku` in `month`, if the planner set one (the last one
/// wins, as in the engine).
pub fn production_override(inputs: &PlanInputs, sku: &str, month: Month) -> Option<f64> {
    inputs
        .supply
        .overrides
        .iter()
        .rev()
        .find(|o| o.sku == sku && o.month == month)
        .map(|o| o.units)
}

/// Sets (`Some(units)`) or removes (`None`) the production override of `sku` in
/// `month`. `Some(0.0)` is a real override: produce nothing that month. Removing gives
/// the month back to the SKU's strategy. Any duplicate for the same SKU and month is
/// dropped, so one cell is one override.
pub fn set_production_override(
    inputs: &PlanInputs,
    sku: &str,
    month: Month,
    units: Option<f64>,
) -> PlanInputs {
    let mut out = inputs.clone();
    let slot = out
        .supply
        .overrides
        .iter()
        .position(|o| o.sku == sku && o.month == month);
    out.supply
        .overrides
        .retain(|o| !(o.sku == sku && o.month == month));
    if let Some(u) = units.filter(|u| u.is_finite()) {
        let o = ProductionOverride {
            sku: sku.to_string(),
            month,
            units: u.max(0.0),
        };
        // Keep the override where it was (stable order, small diffs in backups).
        let at = slot.unwrap_or(out.supply.overrides.len());
        out.supply.overrides.insert(at, o);
    }
    out
}

/// Removes every production override of `sku`.
pub fn clear_production_overrides(inputs: &PlanInputs, sku: &str) -> PlanInputs {
    let mut out = inputs.clone();
    out.supply.overrides.retain(|o| o.sku != sku);
    out
}

/// Master data with `family`'s supply strategy set to `strategy`.
pub fn set_family_strategy(master: &MasterData, family: &str, strategy: Strategy) -> MasterData {
    let mut out = master.clone();
    if let Some(f) = out.families.iter_mut().find(|f| f.id == family) {
        f.strategy = strategy;
    }
    out
}

/// Master data with `sku`'s own strategy set (`None`: follow its family's).
pub fn set_sku_strategy(master: &MasterData, sku: &str, strategy: Option<Strategy>) -> MasterData {
    let mut out = master.clone();
    if let Some(p) = out.products.iter_mut().find(|p| p.sku == sku) {
        p.strategy = strategy;
    }
    out
}

/// The strategy `sku` is planned with (its own, else its family's, else chase), before
/// scenario levers.
pub fn effective_strategy(master: &MasterData, sku: &str) -> Option<Strategy> {
    let p = master.products.iter().find(|p| p.sku == sku)?;
    Some(p.strategy.unwrap_or_else(|| {
        master
            .families
            .iter()
            .find(|f| f.id == p.family)
            .map_or(Strategy::Chase, |f| f.strategy)
    }))
}

#[cfg(test)]
mod supply_helper_tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::plan::plan_cycle;

    #[test]
    fn production_override_is_set_replaced_and_removed() {
        let c = demo_workspace().cycles.remove(0);
        let m = c.label.plus(3);
        assert_eq!(production_override(&c.inputs, "KB-16", m), None);
        let a = set_production_override(&c.inputs, "KB-16", m, Some(120.0));
        assert_eq!(production_override(&a, "KB-16", m), Some(120.0));
        let b = set_production_override(&a, "KB-16", m, Some(0.0));
        assert_eq!(production_override(&b, "KB-16", m), Some(0.0), "0 is kept");
        assert_eq!(b.supply.overrides.len(), a.supply.overrides.len());
        let n = set_production_override(&b, "KB-16", m, Some(-5.0));
        assert_eq!(
            production_override(&n, "KB-16", m),
            Some(0.0),
            "floored at 0"
        );
        let nan = set_production_override(&b, "KB-16", m, Some(f64::NAN));
        assert_eq!(production_override(&nan, "KB-16", m), None, "NaN removes");
        let removed = set_production_override(&b, "KB-16", m, None);
        assert_eq!(removed.supply.overrides, c.inputs.supply.overrides);
        let two = set_production_override(&a, "KB-20", m, Some(5.0));
        let cleared = clear_production_overrides(&two, "KB-16");
        assert_eq!(production_override(&cleared, "KB-16", m), None);
        assert_eq!(production_override(&cleared, "KB-20", m), Some(5.0));
    }

    #[test]
    fn an_override_sets_production_and_moves_inventory() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = plan_cycle(&c, &[]);
        let i = before.sku_index("KB-16").unwrap();
        let m = c.label.plus(2);
        let p0 = before.supply.production.get(i, 2);
        c.inputs = set_production_override(&c.inputs, "KB-16", m, Some(p0 + 500.0));
        let after = plan_cycle(&c, &[]);
        assert_eq!(after.supply.production.get(i, 2), p0 + 500.0);
        assert!(after.supply.inventory.get(i, 2) > before.supply.inventory.get(i, 2) + 400.0);
    }

    #[test]
    fn strategies_of_family_and_sku() {
        let c = demo_workspace().cycles.remove(0);
        let fam = c
            .master
            .products
            .iter()
            .find(|p| p.sku == "KB-16")
            .unwrap()
            .family
            .clone();
        let m = set_family_strategy(&c.master, &fam, Strategy::Level);
        assert_eq!(effective_strategy(&m, "KB-16"), Some(Strategy::Level));
        let m2 = set_sku_strategy(&m, "KB-16", Some(Strategy::Manual));
        assert_eq!(effective_strategy(&m2, "KB-16"), Some(Strategy::Manual));
        let m3 = set_sku_strategy(&m2, "KB-16", None);
        assert_eq!(m3, m, "as family again");
        assert_eq!(effective_strategy(&m3, "NOPE"), None);
        let undo = Command::SetMaster(Box::new(m2.clone()))
            .apply(&mut c.clone())
            .unwrap();
        assert_eq!(undo, Command::SetMaster(Box::new(c.master.clone())));
    }
}
