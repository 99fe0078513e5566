//! Adjustments edited one by one ([`Command::EditAdjustments`]): what a typed or pasted
//! waterfall cell becomes. Unlike a replacement of the whole inputs, the command names
//! the adjustments it inserts, replaces or removes, so its change set is read off it
//! (their targets, old and new: nothing compared), its check looks at just those, and
//! its inverse puts each one back where it was (same id, same position).

use super::{Command, CommandError, PlanRef, inputs_mut, inputs_of, inputs_prefix, next_id};
use crate::engine::change::ChangeSet;
use crate::engine::model::{Adjustment, Change, Cycle, Layer, PlanInputs, Role, Target};
use crate::engine::month::Month;
use crate::engine::plan::validate;

/// One change of a plan's list of adjustments.
#[derive(Clone, Debug, PartialEq)]
pub enum AdjustmentEdit {
    /// Insert a new adjustment (its id not yet used) at position `at` of the list (at
    /// the end when `at` is past it).
    Insert { at: usize, adjustment: Adjustment },
    /// Replace the adjustment with the same id, where it stands.
    Replace(Adjustment),
    /// Remove the adjustment with this id.
    Remove(u64),
}

impl AdjustmentEdit {
    /// Performs the edit on `list` and returns the edit that undoes it.
    fn apply(&self, list: &mut Vec<Adjustment>) -> Result<AdjustmentEdit, CommandError> {
        let find = |id: u64, list: &[Adjustment]| {
            list.iter()
                .position(|a| a.id == id)
                .ok_or_else(|| CommandError(format!("adjustment #{id} no longer exists")))
        };
        match self {
            AdjustmentEdit::Insert { at, adjustment } => {
                if list.iter().any(|a| a.id == adjustment.id) {
                    return Err(CommandError(format!(
                        "adjustment #{} exists already",
                        adjustment.id
                    )));
                }
                list.insert((*at).min(list.len()), adjustment.clone());
                Ok(AdjustmentEdit::Remove(adjustment.id))
            }
            AdjustmentEdit::Replace(new) => {
                let i = find(new.id, list)?;
                let old = std::mem::replace(&mut list[i], new.clone());
                Ok(AdjustmentEdit::Replace(old))
            }
            AdjustmentEdit::Remove(id) => {
                let at = find(*id, list)?;
                Ok(AdjustmentEdit::Insert {
                    at,
                    adjustment: list.remove(at),
                })
            }
        }
    }

    /// The adjustment this edit writes (`None` for a removal).
    fn written(&self) -> Option<&Adjustment> {
        match self {
            AdjustmentEdit::Insert { adjustment, .. } | AdjustmentEdit::Replace(adjustment) => {
                Some(adjustment)
            }
            AdjustmentEdit::Remove(_) => None,
        }
    }

    /// The id of the adjustment this edit changes.
    fn id(&self) -> u64 {
        match self {
            AdjustmentEdit::Insert { adjustment, .. } | AdjustmentEdit::Replace(adjustment) => {
                adjustment.id
            }
            AdjustmentEdit::Remove(id) => *id,
        }
    }
}

/// Applies `edits` to the inputs of `plan` in order, all or nothing; with `check`,
/// refusing one that writes an adjustment with a validation error its old version did
/// not have ([`validate::validate_adjustment`], the check every set of inputs gets).
/// Returns the command that undoes them.
pub(super) fn apply(
    cycle: &mut Cycle,
    plan: PlanRef,
    edits: &[AdjustmentEdit],
    check: bool,
) -> Result<Command, CommandError> {
    let prefix = inputs_prefix(plan);
    let mut undo: Vec<AdjustmentEdit> = Vec::with_capacity(edits.len());
    let mut result = Ok(());
    inputs_mut(cycle, plan)?;
    for e in edits {
        if let Some(a) = e.written().filter(|_| check) {
            let list = inputs_of(cycle, plan).map_or(&[][..], |i| &i.adjustments[..]);
            let before = list
                .iter()
                .find(|a| a.id == e.id())
                .map(|a| validate::validate_adjustment(cycle, a, &prefix))
                .unwrap_or_default();
            let after = validate::validate_adjustment(cycle, a, &prefix);
            if let Some(first) = validate::new_errors(&before, after).first() {
                result = Err(CommandError(first.in_words()));
                break;
            }
        }
        match e.apply(&mut inputs_mut(cycle, plan)?.adjustments) {
            Ok(inverse) => undo.push(inverse),
            Err(err) => {
                result = Err(err);
                break;
            }
        }
    }
    if let Err(err) = result {
        let list = &mut inputs_mut(cycle, plan)?.adjustments;
        for inverse in undo.iter().rev() {
            // The inverse of an applied edit cannot fail.
            let _ = inverse.apply(list);
        }
        return Err(err);
    }
    undo.reverse();
    Ok(Command::EditAdjustments { plan, edits: undo })
}

/// What `edits` to the inputs of `plan` touch in `cycle` (before they are applied):
/// the targets of the adjustments they write and of those they replace or remove.
pub(crate) fn touches(cycle: &Cycle, plan: PlanRef, edits: &[AdjustmentEdit], out: &mut ChangeSet) {
    let list = inputs_of(cycle, plan).map_or(&[][..], |i| &i.adjustments[..]);
    for e in edits {
        let old = list.iter().find(|a| a.id == e.id());
        for a in old.into_iter().chain(e.written()) {
            match &a.target {
                Target::Sku(s) => out.input_skus.insert(s.clone()),
                Target::Family(f) => out.input_families.insert(f.clone()),
            };
        }
    }
    if !edits.is_empty() {
        out.plans.insert(plan.scenario());
    }
}

/// The single-month units adjustment that the forecast grid keeps for one cell (layer ×
/// target × month).
fn is_cell(a: &Adjustment, layer: Layer, target: &Target, month: Month) -> bool {
    a.layer == layer
        && a.from == month
        && a.to == month
        && a.target == *target
        && matches!(a.change, Change::Units(_))
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

/// The edit that sets the single-month units adjustment of one cell of the forecast
/// grid (layer × SKU or family × month) to `delta` in `list`: created (the next free
/// id, at the end), updated (its role; its reason when one is given) or, for zero,
/// removed; `None` when the cell already says so. Typing value `x` in a layer row whose
/// value is `v` sets `delta = cell_adjustment + (x − v)`, since a layer adds its units
/// linearly. Adjustments over several months or in percent are left as they are.
pub fn cell_edit(
    list: &[Adjustment],
    layer: Layer,
    role: Role,
    target: &Target,
    month: Month,
    delta: f64,
    reason: &str,
) -> Option<AdjustmentEdit> {
    let existing = list.iter().find(|a| is_cell(a, layer, target, month));
    let delta = if delta.abs() < 1e-9 { 0.0 } else { delta };
    match (existing, delta == 0.0) {
        (Some(a), true) => Some(AdjustmentEdit::Remove(a.id)),
        (Some(a), false) => {
            let mut new = a.clone();
            new.change = Change::Units(delta);
            new.role = role;
            if !reason.is_empty() {
                new.reason = reason.to_string();
            }
            (new != *a).then_some(AdjustmentEdit::Replace(new))
        }
        (None, true) => None,
        (None, false) => Some(AdjustmentEdit::Insert {
            at: list.len(),
            adjustment: Adjustment {
                id: next_id(list.iter().map(|a| a.id)),
                layer,
                role,
                target: target.clone(),
                from: month,
                to: month,
                change: Change::Units(delta),
                reason: reason.to_string(),
            },
        }),
    }
}

/// The edit that adds `adjustment` at the end of `list` under the next free id (the
/// demand review's "Change demand" form).
pub fn add_adjustment(list: &[Adjustment], adjustment: Adjustment) -> AdjustmentEdit {
    AdjustmentEdit::Insert {
        at: list.len(),
        adjustment: Adjustment {
            id: next_id(list.iter().map(|a| a.id)),
            ..adjustment
        },
    }
}

/// The edit that sets the reason of adjustment `id` in `list` to `text` (trimmed);
/// `None` when it is gone or already says so.
pub fn set_adjustment_reason(list: &[Adjustment], id: u64, text: &str) -> Option<AdjustmentEdit> {
    let a = list.iter().find(|a| a.id == id)?;
    let text = text.trim();
    (a.reason != text).then(|| {
        AdjustmentEdit::Replace(Adjustment {
            reason: text.to_string(),
            ..a.clone()
        })
    })
}

/// `inputs` with one cell of the forecast grid set as [`cell_edit`] says.
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
    if let Some(e) = cell_edit(&out.adjustments, layer, role, target, month, delta, reason) {
        // A cell's own edit of the list it was made from cannot fail.
        let _ = e.apply(&mut out.adjustments);
    }
    out
}

/// Applies `edit` to `inputs`' adjustments (a builder's working copy: a paste of
/// several rows back-calculates each from the plan of the ones before).
pub fn apply_to(inputs: &mut PlanInputs, edit: &AdjustmentEdit) -> Result<(), CommandError> {
    edit.apply(&mut inputs.adjustments).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::model::CycleStatus;

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

    /// The demo's base plan with a sales adjustment of `units` on KB-16 in the cycle's
    /// third month: its edit (an insert at the end).
    fn insert(c: &Cycle, units: f64) -> AdjustmentEdit {
        let kb = Target::Sku("KB-16".into());
        cell_edit(
            &c.inputs.adjustments,
            Layer::Sales,
            Role::Sales,
            &kb,
            c.label.plus(2),
            units,
            "",
        )
        .unwrap()
    }

    #[test]
    fn edits_undo_exactly_in_place_and_name_their_targets() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let n = c.inputs.adjustments.len();
        assert!(n >= 3, "the demo has adjustments");
        // Remove the second, change the last, add one: the inverse puts the removed one
        // back at position 1 with its id.
        let second = c.inputs.adjustments[1].clone();
        let mut last = c.inputs.adjustments[n - 1].clone();
        last.change = Change::Units(12.5);
        last.target = Target::Sku("KB-16".into());
        let cmd = Command::EditAdjustments {
            plan: PlanRef::Base,
            edits: vec![
                AdjustmentEdit::Remove(second.id),
                AdjustmentEdit::Replace(last.clone()),
                insert(&c, 40.0),
            ],
        };
        let touched = cmd.touches(&c);
        let undo = cmd.apply(&mut c).unwrap();
        assert_eq!(c.inputs.adjustments.len(), n);
        assert!(!c.inputs.adjustments.iter().any(|a| a.id == second.id));
        assert_eq!(c.inputs.adjustments[n - 2], last);
        assert_eq!(c.inputs.adjustments[n - 1].change, Change::Units(40.0));
        let mut expected = ChangeSet::default();
        for a in [&second, &before.inputs.adjustments[n - 1], &last] {
            match &a.target {
                Target::Sku(s) => expected.input_skus.insert(s.clone()),
                Target::Family(f) => expected.input_families.insert(f.clone()),
            };
        }
        expected.input_skus.insert("KB-16".into());
        expected.plans.insert(None);
        assert_eq!(touched, expected);
        let redo = undo.apply(&mut c).unwrap();
        assert_eq!(c, before, "undo restores order, ids and values");
        redo.apply(&mut c).unwrap();
        assert_eq!(c.inputs.adjustments[n - 2], last);
    }

    #[test]
    fn a_bad_edit_is_refused_and_nothing_of_the_command_stays() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let good = insert(&c, 40.0);
        let mut bad = c.inputs.adjustments[0].clone();
        bad.change = Change::Units(f64::NAN);
        for (edits, words) in [
            (vec![good.clone(), AdjustmentEdit::Replace(bad)], "number"),
            (vec![good.clone(), good.clone()], "exists already"),
            (vec![good.clone(), AdjustmentEdit::Remove(999)], "#999"),
        ] {
            let e = Command::EditAdjustments {
                plan: PlanRef::Base,
                edits,
            }
            .apply(&mut c)
            .unwrap_err();
            assert!(e.0.contains(words), "{e}");
            assert_eq!(c, before);
        }
        let e = Command::EditAdjustments {
            plan: PlanRef::Scenario(77),
            edits: vec![good.clone()],
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("scenario 77"), "{e}");
        c.status = CycleStatus::Approved;
        let e = Command::EditAdjustments {
            plan: PlanRef::Base,
            edits: vec![good],
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("read-only"), "{e}");
    }

    #[test]
    fn the_forms_add_and_reason_edits() {
        let mut c = demo_workspace().cycles.remove(0);
        let n = c.inputs.adjustments.len();
        let mut a = c.inputs.adjustments[0].clone();
        a.id = 0;
        a.reason = "trade fair".into();
        let add = add_adjustment(&c.inputs.adjustments, a);
        let max = c.inputs.adjustments.iter().map(|a| a.id).max().unwrap();
        apply_to(&mut c.inputs, &add).unwrap();
        assert_eq!(c.inputs.adjustments.len(), n + 1);
        assert_eq!(c.inputs.adjustments[n].id, max + 1);
        let id = c.inputs.adjustments[n].id;
        assert_eq!(
            set_adjustment_reason(&c.inputs.adjustments, id, " trade fair "),
            None
        );
        let e = set_adjustment_reason(&c.inputs.adjustments, id, " fair cancelled").unwrap();
        apply_to(&mut c.inputs, &e).unwrap();
        assert_eq!(c.inputs.adjustments[n].reason, "fair cancelled");
        assert_eq!(set_adjustment_reason(&c.inputs.adjustments, 999, "x"), None);
    }
}
