//! What an import changes in one table: rows added, removed and changed, by key (SKU,
//! id, SKU and month, …), with the keys of removed rows so that the planner is asked
//! before rows disappear.

use super::TableChange;
use super::schema::Table;
use crate::engine::model::Cycle;
use crate::store::export::{self, Cell};
use std::collections::HashMap;

/// Keys of removed rows kept in [`TableChange::removed_keys`].
pub const MAX_REMOVED_KEYS: usize = 20;

/// Columns that identify a row of each table.
fn key_len(t: Table) -> usize {
    match t {
        Table::Calendar | Table::Routings | Table::Bom | Table::History => 2,
        Table::HistoryDecisions => 3,
        _ => 1,
    }
}

/// Rows added, removed and changed in `table`, by key.
pub(crate) fn change(old: &Cycle, new: &Cycle, table: Table, source: String) -> TableChange {
    let (a, b) = (export::sheet(old, table), export::sheet(new, table));
    let k = key_len(table);
    let mut before: HashMap<Key<'_>, (usize, &[Cell])> = a
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (Key(&r[..k.min(r.len())]), (i, r.as_slice())))
        .collect();
    let (mut added, mut changed) = (0, 0);
    for r in &b.rows {
        match before.remove(&Key(&r[..k.min(r.len())])) {
            Some((_, o)) if o != r.as_slice() => changed += 1,
            Some(_) => {}
            None => added += 1,
        }
    }
    let mut gone: Vec<(usize, &[Cell])> = before.into_values().collect();
    gone.sort_unstable_by_key(|(i, _)| *i);
    let removed_keys = gone
        .iter()
        .take(MAX_REMOVED_KEYS)
        .map(|(_, r)| {
            let key: Vec<String> = r[..k.min(r.len())].iter().map(Cell::plain_text).collect();
            key.join(" ")
        })
        .collect();
    TableChange {
        table,
        source,
        rows: b.rows.len(),
        added,
        removed: gone.len(),
        changed,
        removed_keys,
    }
}

/// The key cells of a row, hashable (numbers by their bits).
struct Key<'a>(&'a [Cell]);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self.0.iter().zip(other.0).all(|(a, b)| match (a, b) {
                (Cell::Number(x), Cell::Number(y)) | (Cell::Percent(x), Cell::Percent(y)) => {
                    x.to_bits() == y.to_bits()
                }
                _ => a == b,
            })
    }
}

impl Eq for Key<'_> {}

impl std::hash::Hash for Key<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for c in self.0 {
            std::mem::discriminant(c).hash(h);
            match c {
                Cell::Empty => {}
                Cell::Text(s) => s.hash(h),
                Cell::Number(x) | Cell::Percent(x) => x.to_bits().hash(h),
                Cell::Int(i) => i.hash(h),
                Cell::Money(d) => d.normalize().hash(h),
                Cell::Month(m) => m.hash(h),
            }
        }
    }
}
