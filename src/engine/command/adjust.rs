//! Adjustments edited one by one ([`super::Command::EditAdjustments`]): what a typed or
//! pasted waterfall cell, the "Change demand" form and the adjustment list send. Unlike a
//! replacement of the whole inputs, the command names the adjustments it inserts,
//! replaces or removes (`super::list`), so its change set is their targets, old and new.

use super::list::ListEdit;
use super::next_id;
use crate::engine::model::{Adjustment, Change, Layer, PlanInputs, Role, Target};
use crate::engine::month::Month;

/// One change of a plan's adjustments (`Command::EditAdjustments`).
pub type AdjustmentEdit = ListEdit<Adjustment>;

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
        (Some(a), true) => Some(ListEdit::Remove(a.id)),
        (Some(a), false) => {
            let mut new = a.clone();
            new.change = Change::Units(delta);
            new.role = role;
            if !reason.is_empty() {
                new.reason = reason.to_string();
            }
            (new != *a).then_some(ListEdit::Replace(new))
        }
        (None, true) => None,
        (None, false) => Some(ListEdit::Insert {
            at: list.len(),
            item: Adjustment {
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
    ListEdit::Insert {
        at: list.len(),
        item: Adjustment {
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
        ListEdit::Replace(Adjustment {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::change::ChangeSet;
    use crate::engine::command::{Command, PlanRef};
    use crate::engine::demo::demo_workspace;
    use crate::engine::model::Cycle;
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
                ListEdit::Remove(second.id),
                ListEdit::Replace(last.clone()),
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
            (vec![good.clone(), ListEdit::Replace(bad)], "number"),
            (vec![good.clone(), good.clone()], "exists already"),
            (vec![good.clone(), ListEdit::Remove(999)], "#999"),
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
        add.apply(&mut c.inputs.adjustments).unwrap();
        assert_eq!(c.inputs.adjustments.len(), n + 1);
        assert_eq!(c.inputs.adjustments[n].id, max + 1);
        let id = c.inputs.adjustments[n].id;
        assert_eq!(
            set_adjustment_reason(&c.inputs.adjustments, id, " trade fair "),
            None
        );
        let e = set_adjustment_reason(&c.inputs.adjustments, id, " fair cancelled").unwrap();
        e.apply(&mut c.inputs.adjustments).unwrap();
        assert_eq!(c.inputs.adjustments[n].reason, "fair cancelled");
        assert_eq!(set_adjustment_reason(&c.inputs.adjustments, 999, "x"), None);
    }
}
