//! The current cycle's unsaved edits as a small change to the stored cycle.
//!
//! A 10,000-SKU cycle is ~7 MB of JSON. Written whole as the page goes away, the record
//! is too big to be sure to reach IndexedDB before the tab is torn down (the browser
//! hands large values over in a second step). What an edit touched is known (its
//! [`ChangeSet`]), so the pending record holds only this [`CycleDelta`]: the cycle
//! without its per-SKU lists (small: inputs, scenarios, families, resources…) and the
//! product rows and histories of the SKUs edited since the last save. Opening the
//! workspace puts them over the stored cycle ([`CycleDelta::apply`]).
//!
//! Where the change sets cannot say (the order of a list changed, a row was removed,
//! the cycle was approved since), [`CycleDelta::of`] gives `None` and the whole cycle
//! is written, as before.

use crate::engine::change::ChangeSet;
use crate::engine::model::{Cycle, Product, SkuHistory};
use crate::store::cycle_json::cycle_shell;
use serde::{Deserialize, Serialize};

/// The current cycle as a change to its stored version. See the module doc.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleDelta {
    pub cycle_id: String,
    /// JSON of the cycle with its products, histories and frozen series left empty.
    pub rest: String,
    /// The product rows of the SKUs edited since the last save (in catalogue order).
    pub products: Vec<Product>,
    /// The histories of the SKUs whose actuals were edited since the last save.
    pub history: Vec<SkuHistory>,
    /// How many products and histories the cycle has (a check on [`CycleDelta::apply`]).
    pub n_products: usize,
    pub n_history: usize,
}

impl CycleDelta {
    /// The delta of cycle `c` over the stored version, given everything the edits made
    /// since that version was saved touched; `None` where it cannot be told by rows.
    pub fn of(c: &Cycle, changed: &ChangeSet) -> Option<CycleDelta> {
        if changed.order || changed.status {
            return None;
        }
        let products: Vec<Product> = c
            .master
            .products
            .iter()
            .filter(|p| changed.products.contains(&p.sku))
            .cloned()
            .collect();
        let history: Vec<SkuHistory> = c
            .history
            .iter()
            .filter(|h| changed.history.contains(&h.sku))
            .cloned()
            .collect();
        // A row edited since the last save and now gone (removed): told by no row.
        // (Adding or removing a row changes the order: see above.)
        if products.len() != changed.products.len() || history.len() != changed.history.len() {
            return None;
        }
        Some(CycleDelta {
            cycle_id: c.id.clone(),
            rest: serde_json::to_string(&cycle_shell(c)).ok()?,
            products,
            history,
            n_products: c.master.products.len(),
            n_history: c.history.len(),
        })
    }

    /// The cycle of the delta: its rest, with the `stored` cycle's products and
    /// histories (those edited replaced) and the stored frozen series. An error if the stored cycle is not the one the delta was made on.
    pub fn apply(&self, stored: Cycle) -> Result<Cycle, String> {
        if stored.id != self.cycle_id {
            return Err(format!(
                "they belong to cycle {}, the stored one is {}",
                self.cycle_id, stored.id
            ));
        }
        let mut c: Cycle = serde_json::from_str(&self.rest).map_err(|e| e.to_string())?;
        c.master.products = put_over(stored.master.products, &self.products, |p| &p.sku)?;
        c.history = put_over(stored.history, &self.history, |h| &h.sku)?;
        if c.master.products.len() != self.n_products || c.history.len() != self.n_history {
            return Err(format!(
                "{} products and {} histories expected, {} and {} found",
                self.n_products,
                self.n_history,
                c.master.products.len(),
                c.history.len()
            ));
        }
        if let Some(f) = c.frozen.as_mut() {
            f.series = stored
                .frozen
                .ok_or("the stored cycle has no approved plan")?
                .series;
        }
        Ok(c)
    }
}

/// `stored` with each of `edited` in the place of the row with its key; an error if
/// one has no such row.
fn put_over<T: Clone>(
    mut stored: Vec<T>,
    edited: &[T],
    key: impl Fn(&T) -> &String,
) -> Result<Vec<T>, String> {
    let at: std::collections::HashMap<String, usize> = stored
        .iter()
        .enumerate()
        .map(|(i, r)| (key(r).clone(), i))
        .collect();
    for e in edited {
        let i = at
            .get(key(e))
            .ok_or_else(|| format!("{} is not in the stored cycle", key(e)))?;
        stored[*i] = e.clone();
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::command::{Command, PlanRef};
    use crate::engine::demo;
    use crate::engine::plan::{fallback, freeze, plan_cycle};

    /// Applies `cmds` to `c` and returns what they touched together.
    fn edit(c: &mut Cycle, cmds: Vec<Command>) -> ChangeSet {
        let mut all = ChangeSet::default();
        for cmd in cmds {
            let (_, touched) = cmd.apply_touching(c).expect("a valid edit");
            all.union(touched);
        }
        all
    }

    fn roundtrip(stored: &Cycle, now: &Cycle, changed: &ChangeSet) -> Cycle {
        let d = CycleDelta::of(now, changed).expect("a delta");
        // Small: no per-SKU list travels whole.
        let size = serde_json::to_string(&d).unwrap().len();
        assert!(size < 64 * 1024, "delta of {size} bytes");
        d.apply(stored.clone()).expect("applies")
    }

    #[test]
    fn a_price_an_actual_and_an_input_edit_come_back_exactly() {
        let stored = demo::synthetic_cycle(10_000, 7);
        let mut now = stored.clone();
        let mut master = now.master.clone();
        master.products[9_876].price = rust_decimal::Decimal::new(31110, 2);
        master.products[5].name = "Renamed".into();
        let sku = now.history[42].sku.clone();
        let month = now.history[42].start;
        let mut inputs = now.inputs.clone();
        inputs.finance.fixed_cost += rust_decimal::Decimal::ONE;
        let changed = edit(
            &mut now,
            vec![
                Command::SetMaster(Box::new(master)),
                Command::SetActual {
                    sku,
                    month,
                    units: 1234.5,
                },
                Command::SetInputs {
                    plan: PlanRef::Base,
                    inputs: Box::new(inputs),
                },
            ],
        );
        assert_eq!(roundtrip(&stored, &now, &changed), now);
    }

    #[test]
    fn an_added_or_removed_product_needs_the_whole_cycle() {
        let stored = demo::demo_workspace().cycles.remove(0);
        let mut now = stored.clone();
        let mut master = now.master.clone();
        let mut p = master.products[0].clone();
        p.sku = "NEW-1".into();
        master.products.push(p);
        let added = edit(&mut now, vec![Command::SetMaster(Box::new(master))]);
        assert_eq!(CycleDelta::of(&now, &added), None);

        let mut now = stored.clone();
        let mut master = now.master.clone();
        master.products.remove(3);
        let removed = edit(&mut now, vec![Command::SetMaster(Box::new(master))]);
        assert_eq!(CycleDelta::of(&now, &removed), None);
    }

    #[test]
    fn an_approved_cycle_keeps_its_stored_frozen_series_and_a_wrong_base_is_refused() {
        let mut stored = demo::demo_workspace().cycles.remove(0);
        let b = fallback::stand_in_baselines(&stored);
        stored.frozen = Some(freeze(&plan_cycle(&stored, &b), "2026-11-25"));
        let mut now = stored.clone();
        now.decisions.push(crate::engine::model::Decision {
            id: 99,
            date: "2026-11-26".into(),
            role: crate::engine::model::Role::Finance,
            text: "noted".into(),
        });
        let changed = ChangeSet {
            decisions: true,
            ..ChangeSet::default()
        };
        let d = CycleDelta::of(&now, &changed).unwrap();
        assert_eq!(d.apply(stored.clone()).unwrap(), now);
        // A stored cycle other than the one the delta was made on: refused.
        let mut other = stored.clone();
        other.master.products.pop();
        assert!(d.apply(other).is_err());
        let mut price = now.master.clone();
        price.products[2].price += rust_decimal::Decimal::ONE;
        let mut now2 = now.clone();
        let touched = edit(&mut now2, vec![Command::SetMaster(Box::new(price))]);
        let d2 = CycleDelta::of(&now2, &touched).unwrap();
        let mut missing = stored.clone();
        let sku = now2.master.products[2].sku.clone();
        missing.master.products[2].sku = "GONE".into();
        let e = d2.apply(missing).unwrap_err();
        assert!(e.contains(&sku), "{e}");
        let mut renamed = stored;
        renamed.id = "another".into();
        assert!(d.apply(renamed).is_err());
    }
}
