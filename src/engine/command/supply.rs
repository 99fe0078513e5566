//! Supply review helpers: production overrides and strategies (pure, for the UI).

use super::ListEdit;
use crate::engine::model::{MasterData, PlanInputs, ProductionOverride, Strategy};
use crate::engine::month::Month;

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
    for e in override_edits(&out.supply.overrides, sku, month, units) {
        // Edits made from this very list cannot fail.
        let _ = e.apply(&mut out.supply.overrides);
    }
    out
}

/// The edits that set (`Some(units)`, at least 0) or remove (`None`, or a units that is
/// not a number) the production override of `sku` in `month` in `list`, in order: one
/// cell is one override, kept where it was (stable order, small diffs in backups), a new
/// one at the end, any duplicate of it dropped; none when the list already says so.
pub fn override_edits(
    list: &[ProductionOverride],
    sku: &str,
    month: Month,
    units: Option<f64>,
) -> Vec<ListEdit<ProductionOverride>> {
    let at: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].sku == sku && list[i].month == month)
        .collect();
    let new = units.filter(|u| u.is_finite()).map(|u| ProductionOverride {
        sku: sku.to_string(),
        month,
        units: u.max(0.0),
    });
    let key = || (sku.to_string(), month);
    match (&at[..], new) {
        ([], None) => Vec::new(),
        ([], Some(item)) => vec![ListEdit::Insert {
            at: list.len(),
            item,
        }],
        ([i], Some(item)) if list[*i] == item => Vec::new(),
        ([_], Some(item)) => vec![ListEdit::Replace(item)],
        (many, new) => {
            // Each removal takes the first left; the new one goes where the first was.
            let mut edits: Vec<_> = many.iter().map(|_| ListEdit::Remove(key())).collect();
            edits.extend(new.map(|item| ListEdit::Insert { at: many[0], item }));
            edits
        }
    }
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
mod tests {
    use super::*;
    use crate::engine::command::Command;
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
