//! The JSON of a cycle (exactly `serde_json::to_string(&cycle)`), built in steps that
//! each take little time, reusing what earlier saves serialized.
//!
//! A 10,000-SKU cycle is ~7 MB of JSON: serializing it in one go blocks a browser's main
//! thread for ~75 ms on every save. The big parts are lists with an entry per SKU (the
//! history, the products and an approved cycle's frozen series). [`CycleJson`] keeps
//! each entry's JSON next to the value it was made from; [`CycleJson::prepare`]
//! serializes only the entries that are new or changed, and stops whenever the caller's
//! budget says so (the app yields to the browser in between); [`CycleJson::assemble`]
//! then writes the rest of the cycle (small) with those lists left empty and puts the
//! cached entries in their places. The result is byte-for-byte serde's (tested).

use crate::engine::model::{Cycle, FrozenPlan, FrozenSeries, MasterData, Product, SkuHistory};
use serde::Serialize;

/// One list's entries: the value each JSON was made from, and the JSON.
#[derive(Debug)]
struct Entries<T> {
    items: Vec<Option<(T, String)>>,
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries { items: Vec::new() }
    }
}

impl<T: Clone + PartialEq + Serialize> Entries<T> {
    /// Brings entry `i` up to date with `value`; true if it had to be serialized.
    fn refresh(&mut self, i: usize, value: &T) -> bool {
        if self.items.len() <= i {
            self.items.resize_with(i + 1, || None);
        }
        match &self.items[i] {
            Some((v, _)) if v == value => false,
            _ => {
                let json = serde_json::to_string(value).expect("model values serialize");
                self.items[i] = Some((value.clone(), json));
                true
            }
        }
    }

    /// The JSON of entry `i` if it was made from `value`.
    fn json(&self, i: usize, value: &T) -> Option<&str> {
        match self.items.get(i) {
            Some(Some((v, j))) if v == value => Some(j),
            _ => None,
        }
    }

    fn truncate(&mut self, n: usize) {
        self.items.truncate(n);
    }
}

/// Cached JSON of one cycle's per-SKU lists. See the module doc.
#[derive(Debug, Default)]
pub struct CycleJson {
    cycle_id: String,
    history: Entries<SkuHistory>,
    products: Entries<Product>,
    frozen: Entries<FrozenSeries>,
}

/// How far [`CycleJson::prepare`] got: entries looked at, of the three lists in turn.
pub type Cursor = usize;

impl CycleJson {
    pub fn new() -> Self {
        CycleJson::default()
    }

    /// Serializes the entries of `cycle` not cached yet, from `cursor` on, asking
    /// `more()` after each entry serialized whether to go on. Returns true when every
    /// entry is cached (then [`CycleJson::assemble`] is quick); false when `more()`
    /// said stop: call again with the same cursor to continue.
    pub fn prepare(
        &mut self,
        cycle: &Cycle,
        cursor: &mut Cursor,
        more: &mut dyn FnMut() -> bool,
    ) -> bool {
        if self.cycle_id != cycle.id {
            *self = CycleJson {
                cycle_id: cycle.id.clone(),
                ..CycleJson::default()
            };
        }
        let h = &cycle.history;
        let p = &cycle.master.products;
        let f: &[FrozenSeries] = cycle.frozen.as_ref().map_or(&[], |f| &f.series);
        self.history.truncate(h.len());
        self.products.truncate(p.len());
        self.frozen.truncate(f.len());
        let total = h.len() + p.len() + f.len();
        while *cursor < total {
            let k = *cursor;
            *cursor += 1;
            let serialized = if k < h.len() {
                self.history.refresh(k, &h[k])
            } else if k < h.len() + p.len() {
                let i = k - h.len();
                self.products.refresh(i, &p[i])
            } else {
                let i = k - h.len() - p.len();
                self.frozen.refresh(i, &f[i])
            };
            if serialized && *cursor < total && !more() {
                return false;
            }
        }
        true
    }

    /// The JSON of `cycle`, equal to `serde_json::to_string(cycle)`. Entries not
    /// prepared (or changed since) are serialized here.
    pub fn assemble(&self, cycle: &Cycle) -> String {
        let json = serde_json::to_string(&cycle_shell(cycle)).expect("a cycle serializes");
        let hist = list(&cycle.history, |i, v| self.history.json(i, v));
        let prods = list(&cycle.master.products, |i, v| self.products.json(i, v));
        let frozen = cycle
            .frozen
            .as_ref()
            .map(|f| list(&f.series, |i, v| self.frozen.json(i, v)));
        let mut parts: Vec<(&str, String)> =
            vec![("\"history\":[]", hist), ("\"products\":[]", prods)];
        if let Some(f) = frozen {
            parts.push(("\"series\":[]", f));
        }
        splice(&json, &parts)
            .unwrap_or_else(|| serde_json::to_string(cycle).expect("a cycle serializes"))
    }
}

/// The cycle without its per-SKU lists (everything else cloned: small).
pub(crate) fn cycle_shell(c: &Cycle) -> Cycle {
    let m = &c.master;
    let master = MasterData {
        families: m.families.clone(),
        products: Vec::new(),
        resources: m.resources.clone(),
        components: m.components.clone(),
        workforce: m.workforce.clone(),
    };
    Cycle {
        id: c.id.clone(),
        label: c.label,
        horizon: c.horizon,
        status: c.status,
        master,
        history: Vec::new(),
        inputs: c.inputs.clone(),
        scenarios: c.scenarios.clone(),
        decisions: c.decisions.clone(),
        frozen: c.frozen.as_ref().map(|f| FrozenPlan {
            approved_on: f.approved_on.clone(),
            approved_by: f.approved_by.clone(),
            start: f.start,
            series: Vec::new(),
        }),
        rolled_from: c.rolled_from.clone(),
        signoffs: c.signoffs.clone(),
        notes: c.notes.clone(),
    }
}

/// `[a,b,…]` without the brackets: each entry's cached JSON, or serialized now.
fn list<'c, T: Serialize>(items: &[T], cached: impl Fn(usize, &T) -> Option<&'c str>) -> String {
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cached(i, v) {
            Some(j) => out.push_str(j),
            None => out.push_str(&serde_json::to_string(v).expect("model values serialize")),
        }
    }
    out
}

/// Puts each part's text between the brackets of its placeholder (`"key":[]`), each
/// of which must occur exactly once in `json`; `None` if one does not.
fn splice(json: &str, parts: &[(&str, String)]) -> Option<String> {
    let mut at: Vec<(usize, &str, &str)> = Vec::new();
    for (key, text) in parts {
        let i = json.find(key)?;
        if json.rfind(key) != Some(i) {
            return None;
        }
        at.push((i + key.len() - 1, key, text));
    }
    at.sort_by_key(|(i, _, _)| *i);
    let mut out =
        String::with_capacity(json.len() + parts.iter().map(|(_, t)| t.len()).sum::<usize>());
    let mut from = 0;
    for (i, _, text) in at {
        out.push_str(&json[from..i]);
        out.push_str(text);
        from = i;
    }
    out.push_str(&json[from..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo;
    use crate::engine::plan::{fallback, freeze, plan_cycle};

    fn prepared(cache: &mut CycleJson, c: &Cycle, step: usize) -> String {
        let mut cursor = 0;
        let mut calls = 0;
        let mut n = 0;
        while !cache.prepare(c, &mut cursor, &mut || {
            n += 1;
            n % step != 0
        }) {
            calls += 1;
            assert!(calls < 100_000);
        }
        cache.assemble(c)
    }

    #[test]
    fn assembled_json_is_serdes_after_edits() {
        let mut c = demo::synthetic_cycle(200, 3);
        c.scenarios = demo::demo_workspace().cycles[0].scenarios.clone();
        let mut cache = CycleJson::new();
        assert_eq!(
            prepared(&mut cache, &c, 7),
            serde_json::to_string(&c).unwrap()
        );
        // Edits: one actual, one product, a list grown and shrunk, other fields.
        c.history[5].units[2] = 1234.5;
        c.master.products[9].name = "Renamed \"quoted\" [\"history\":[]]".into();
        c.master.products.pop();
        c.history.push(c.history[0].clone());
        c.inputs.finance.fixed_cost += rust_decimal::Decimal::ONE;
        assert_eq!(
            prepared(&mut cache, &c, 3),
            serde_json::to_string(&c).unwrap()
        );
        // An approved cycle's frozen series, and unprepared entries.
        let b = fallback::stand_in_baselines(&c);
        c.frozen = Some(freeze(&plan_cycle(&c, &b), "2026-11-25"));
        assert_eq!(cache.assemble(&c), serde_json::to_string(&c).unwrap());
        assert_eq!(
            prepared(&mut cache, &c, 50),
            serde_json::to_string(&c).unwrap()
        );
        // Another cycle: the cache starts over.
        let d = demo::demo_workspace().cycles.remove(0);
        assert_eq!(
            prepared(&mut cache, &d, 5),
            serde_json::to_string(&d).unwrap()
        );
    }

    #[test]
    fn prepare_stops_when_told_and_only_serializes_what_changed() {
        let c = demo::synthetic_cycle(100, 1);
        let mut cache = CycleJson::new();
        let mut cursor = 0;
        let mut asked = 0;
        assert!(!cache.prepare(&c, &mut cursor, &mut || {
            asked += 1;
            asked < 10
        }));
        assert_eq!(cursor, 10);
        assert!(cache.prepare(&c, &mut 0, &mut || true));
        // Nothing changed: nothing is serialized, `more` is never asked.
        assert!(cache.prepare(&c, &mut 0, &mut || panic!("nothing to serialize")));
    }
}
