//! Lists of plan inputs edited entry by entry: [`ListEdit`] inserts, replaces or removes
//! one entry by its key, and the commands built on it ([`Command::EditAdjustments`],
//! [`Command::EditOverrides`]) name what they touch — their change set is read off them
//! (nothing compared), their check looks at the entries they write, and their inverse
//! puts each entry back where it was (same key, same position).

use super::{Command, CommandError, PlanRef, inputs_mut, inputs_of, inputs_prefix};
use crate::engine::change::ChangeSet;
use crate::engine::model::{Adjustment, Cycle, PlanInputs, ProductionOverride, Target};
use crate::engine::plan::validate::{self, Issue};

/// An entry of a list of plan inputs, found by its key.
pub trait InputEntry: Clone + PartialEq {
    type Key: PartialEq + Clone + std::fmt::Debug;
    /// Whether two entries of a list may not share a key (an adjustment's id), so that an
    /// insert of a key already there is refused; else the list may hold both (two
    /// overrides of one month, as an import may leave them: the last one counts).
    const UNIQUE: bool;
    /// What finds the entry in its list (an adjustment's id; an override's SKU and month).
    fn key(&self) -> Self::Key;
    /// The entry named in a planner's words ("adjustment #12").
    fn name(key: &Self::Key) -> String;
    /// Its list in a plan's inputs.
    fn list(inputs: &PlanInputs) -> &Vec<Self>;
    fn list_mut(inputs: &mut PlanInputs) -> &mut Vec<Self>;
    /// The validation issues of the entry at position `at` of the inputs named `prefix`
    /// (as `validate::validate_inputs` finds them there).
    fn issues(&self, c: &Cycle, at: usize, prefix: &str) -> Vec<Issue>;
    /// Its part of a change set: the SKU or family whose plan it changes.
    fn touch(&self, out: &mut ChangeSet);
}

/// One change of a list of plan inputs.
#[derive(Clone, Debug, PartialEq)]
pub enum ListEdit<T: InputEntry> {
    /// Insert a new entry at position `at` (at the end when `at` is past it); its key not
    /// yet in the list where keys are [`InputEntry::UNIQUE`].
    Insert { at: usize, item: T },
    /// Replace the entry with the same key, where it stands.
    Replace(T),
    /// Remove the entry with this key.
    Remove(T::Key),
}

impl<T: InputEntry> ListEdit<T> {
    /// Performs the edit on `list` and returns the edit that undoes it (unchecked: a
    /// builder's working copy; a cycle's lists are edited by the commands).
    pub fn apply(&self, list: &mut Vec<T>) -> Result<ListEdit<T>, CommandError> {
        let find = |key: &T::Key, list: &[T]| {
            list.iter()
                .position(|x| x.key() == *key)
                .ok_or_else(|| CommandError(format!("{} no longer exists", T::name(key))))
        };
        match self {
            ListEdit::Insert { at, item } => {
                let key = item.key();
                if T::UNIQUE && list.iter().any(|x| x.key() == key) {
                    return Err(CommandError(format!("{} exists already", T::name(&key))));
                }
                list.insert((*at).min(list.len()), item.clone());
                Ok(ListEdit::Remove(key))
            }
            ListEdit::Replace(new) => {
                let i = find(&new.key(), list)?;
                Ok(ListEdit::Replace(std::mem::replace(
                    &mut list[i],
                    new.clone(),
                )))
            }
            ListEdit::Remove(key) => {
                let at = find(key, list)?;
                Ok(ListEdit::Insert {
                    at,
                    item: list.remove(at),
                })
            }
        }
    }

    /// The entry this edit writes (`None` for a removal).
    pub(super) fn written(&self) -> Option<&T> {
        match self {
            ListEdit::Insert { item, .. } | ListEdit::Replace(item) => Some(item),
            ListEdit::Remove(_) => None,
        }
    }

    /// The key of the entry this edit changes.
    fn key(&self) -> T::Key {
        match self {
            ListEdit::Insert { item, .. } | ListEdit::Replace(item) => item.key(),
            ListEdit::Remove(key) => key.clone(),
        }
    }
}

/// Applies `edits` to the list of `T` in the inputs of `plan`, in order, all or nothing;
/// with `check`, refusing one that writes an entry with a validation error its old
/// version did not have ([`InputEntry::issues`], the check every set of inputs gets).
/// Returns the edits that undo them, in the order to apply.
pub(super) fn apply<T: InputEntry>(
    cycle: &mut Cycle,
    plan: PlanRef,
    edits: &[ListEdit<T>],
    check: bool,
) -> Result<Vec<ListEdit<T>>, CommandError> {
    let prefix = inputs_prefix(plan);
    let mut undo: Vec<ListEdit<T>> = Vec::with_capacity(edits.len());
    let mut result = Ok(());
    inputs_mut(cycle, plan)?;
    for e in edits {
        if let Some(new) = e.written().filter(|_| check) {
            let list = inputs_of(cycle, plan).map_or(&[][..], |i| &T::list(i)[..]);
            let key = e.key();
            let old = list.iter().position(|x| x.key() == key);
            let before = old
                .map(|i| list[i].issues(cycle, i, &prefix))
                .unwrap_or_default();
            let at = match e {
                ListEdit::Insert { at, .. } => (*at).min(list.len()),
                _ => old.unwrap_or(list.len()),
            };
            if let Some(first) =
                validate::new_errors(&before, new.issues(cycle, at, &prefix)).first()
            {
                result = Err(CommandError(first.in_words()));
                break;
            }
        }
        match e.apply(T::list_mut(inputs_mut(cycle, plan)?)) {
            Ok(inverse) => undo.push(inverse),
            Err(err) => {
                result = Err(err);
                break;
            }
        }
    }
    if let Err(err) = result {
        let list = T::list_mut(inputs_mut(cycle, plan)?);
        for inverse in undo.iter().rev() {
            // The inverse of an applied edit cannot fail.
            let _ = inverse.apply(list);
        }
        return Err(err);
    }
    undo.reverse();
    Ok(undo)
}

/// What `edits` to the list of `T` of `plan` touch in `cycle` (before they are applied):
/// the entries they write and those they replace or remove.
pub(super) fn touches<T: InputEntry>(
    cycle: &Cycle,
    plan: PlanRef,
    edits: &[ListEdit<T>],
    out: &mut ChangeSet,
) {
    let list = inputs_of(cycle, plan).map_or(&[][..], |i| &T::list(i)[..]);
    for e in edits {
        let key = e.key();
        let old = list.iter().find(|x| x.key() == key);
        for x in old.into_iter().chain(e.written()) {
            x.touch(out);
        }
    }
    if !edits.is_empty() {
        out.plans.insert(plan.scenario());
    }
}

impl InputEntry for Adjustment {
    type Key = u64;
    const UNIQUE: bool = true;
    fn key(&self) -> u64 {
        self.id
    }
    fn name(id: &u64) -> String {
        format!("adjustment #{id}")
    }
    fn list(inputs: &PlanInputs) -> &Vec<Self> {
        &inputs.adjustments
    }
    fn list_mut(inputs: &mut PlanInputs) -> &mut Vec<Self> {
        &mut inputs.adjustments
    }
    fn issues(&self, c: &Cycle, _: usize, prefix: &str) -> Vec<Issue> {
        validate::validate_adjustment(c, self, prefix)
    }
    fn touch(&self, out: &mut ChangeSet) {
        match &self.target {
            Target::Sku(s) => out.input_skus.insert(s.clone()),
            Target::Family(f) => out.input_families.insert(f.clone()),
        };
    }
}

impl InputEntry for ProductionOverride {
    type Key = (String, crate::engine::month::Month);
    const UNIQUE: bool = false;
    fn key(&self) -> Self::Key {
        (self.sku.clone(), self.month)
    }
    fn name((sku, month): &Self::Key) -> String {
        format!("the production override of {sku} in {month}")
    }
    fn list(inputs: &PlanInputs) -> &Vec<Self> {
        &inputs.supply.overrides
    }
    fn list_mut(inputs: &mut PlanInputs) -> &mut Vec<Self> {
        &mut inputs.supply.overrides
    }
    fn issues(&self, c: &Cycle, at: usize, prefix: &str) -> Vec<Issue> {
        validate::validate_override(c, self, at, prefix)
    }
    fn touch(&self, out: &mut ChangeSet) {
        out.input_skus.insert(self.sku.clone());
    }
}

/// [`Command::EditAdjustments`] or [`Command::EditOverrides`] applied (see [`apply`];
/// refused in an approved cycle); `None` for other commands.
pub(super) fn apply_command(
    cmd: &Command,
    cycle: &mut Cycle,
    check: bool,
) -> Option<Result<Command, CommandError>> {
    if matches!(
        cmd,
        Command::EditAdjustments { .. } | Command::EditOverrides { .. }
    ) && let Err(e) = super::frozen(cycle)
    {
        return Some(Err(e));
    }
    Some(match cmd {
        Command::EditAdjustments { plan, edits } => apply(cycle, *plan, edits, check)
            .map(|edits| Command::EditAdjustments { plan: *plan, edits }),
        Command::EditOverrides { plan, edits } => apply(cycle, *plan, edits, check)
            .map(|edits| Command::EditOverrides { plan: *plan, edits }),
        _ => return None,
    })
}

/// The change set of [`Command::EditAdjustments`] or [`Command::EditOverrides`];
/// `false` for other commands.
pub(crate) fn command_touches(cmd: &Command, cycle: &Cycle, out: &mut ChangeSet) -> bool {
    match cmd {
        Command::EditAdjustments { plan, edits } => touches(cycle, *plan, edits, out),
        Command::EditOverrides { plan, edits } => touches(cycle, *plan, edits, out),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::override_edits;
    use crate::engine::demo::demo_workspace;

    #[test]
    fn override_edits_set_clear_and_drop_duplicates_and_undo_in_place() {
        let mut c = demo_workspace().cycles.remove(0);
        let m = c.label.plus(1);
        let o = |sku: &str, units: f64| ProductionOverride {
            sku: sku.into(),
            month: m,
            units,
        };
        // A list as an import may leave it: KB-16 twice (the last one wins in the plan).
        c.inputs.supply.overrides = vec![o("KB-16", 5.0), o("KB-17", 1.0), o("KB-16", 7.0)];
        let before = c.clone();
        let list = &c.inputs.supply.overrides;
        assert!(override_edits(list, "KB-17", m, Some(1.0)).is_empty());
        let set = Command::EditOverrides {
            plan: PlanRef::Base,
            edits: override_edits(list, "KB-16", m, Some(9.0)),
        };
        let mut touched = ChangeSet::default();
        assert!(command_touches(&set, &c, &mut touched));
        assert_eq!(touched.input_skus.len(), 1);
        let undo = set.apply(&mut c).unwrap();
        assert_eq!(
            c.inputs.supply.overrides,
            vec![o("KB-16", 9.0), o("KB-17", 1.0)],
            "one override where the first was"
        );
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before, "both duplicates back in place");
        let clear = Command::EditOverrides {
            plan: PlanRef::Base,
            edits: override_edits(&c.inputs.supply.overrides, "KB-17", m, None),
        };
        clear.apply(&mut c).unwrap();
        assert_eq!(
            c.inputs.supply.overrides,
            vec![o("KB-16", 5.0), o("KB-16", 7.0)]
        );
        // A negative number is floored at 0 by the builder; a hand-made one is refused.
        let e = Command::EditOverrides {
            plan: PlanRef::Base,
            edits: vec![ListEdit::Insert {
                at: 0,
                item: o("KB-17", -3.0),
            }],
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("negative"), "{e}");
        let floor = override_edits(&c.inputs.supply.overrides, "KB-17", m, Some(-3.0));
        assert!(matches!(&floor[..], [ListEdit::Insert { item, .. }] if item.units == 0.0));
    }
}
