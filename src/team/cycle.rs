//! The cycle in the document and back. Layout (root map):
//! `format`, `version`; `cycle` (a row: id, label, horizon, status, frozen, rolled_from);
//! `master` (tables `families`, `products`, `resources`, `components` keyed by their
//! codes, row `workforce`); `history` (table keyed by SKU: each SKU's actuals one whole
//! value); `plans` (`base`, `s<id>` for scenario `id`: rows `forecast`, `supply`,
//! `finance`, tables `adjustments`, `pipeline`, `overrides` (`sku|month`), `budget`
//! (month)); `scenarios` (table, without their inputs); `decisions` (table);
//! `cell_edits` and `comments` (tables: the cells' history and the comments); `people`
//! (actor → name and role). Rows with a numeric id are keyed `<id>@<creator>` so two
//! people who create rows with the same id concurrently both keep theirs (ids made
//! unique again when read); a single-month grid cell's adjustment is keyed by the cell
//! (`cell|layer|target|month`), so two people typing in one cell meet as a conflict.

use super::codec::{
    Res, child, child_of, maps_of, parse, read_map, read_table, row_of, table, write_order,
    write_row,
};
use crate::engine::change::ChangeSet;
use crate::engine::model::{Cycle, MasterData, PlanInputs, Scenario, SupplySettings, Workforce};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT, ReadDoc};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeSet, HashMap, HashSet};

type Row = Map<String, Json>;

/// Format name and version written at the document's root.
pub const DOC_FORMAT: &str = "sop-team-cycle";
pub const DOC_VERSION: i64 = 1;

/// How the rows of one table are identified.
#[derive(Clone, Copy)]
enum Ident {
    /// By a field (a code): the key is the code.
    Field(&'static str),
    /// By `sku|month` (production overrides).
    SkuMonth,
    /// By the numeric `id`; new rows are keyed `<id>@<creator>`.
    Id,
    /// Adjustments: by `id`; a single-month units cell keyed by the cell.
    Adjustment,
}

fn text(r: &Row, f: &str) -> String {
    match r.get(f) {
        Some(Json::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

impl Ident {
    fn of(self, r: &Row) -> String {
        match self {
            Ident::Field(f) => text(r, f),
            Ident::SkuMonth => format!("{}|{}", text(r, "sku"), text(r, "month")),
            Ident::Id | Ident::Adjustment => text(r, "id"),
        }
    }

    fn fresh_key(self, r: &Row, actor: &str, taken: &HashSet<String>) -> String {
        let key = match self {
            Ident::Adjustment => cell_key(r),
            Ident::Id => None,
            other => Some(other.of(r)),
        };
        key.filter(|k| !taken.contains(k))
            .unwrap_or_else(|| format!("{}@{actor}", text(r, "id")))
    }
}

/// The cell key of a single-month units adjustment (what the forecast grid edits).
fn cell_key(r: &Row) -> Option<String> {
    let change = r.get("change")?;
    let units = change.get("kind").and_then(Json::as_str) == Some("units");
    (units && r.get("from") == r.get("to")).then(|| {
        format!(
            "cell|{}|{}|{}",
            text(r, "layer"),
            r.get("target").map(Json::to_string).unwrap_or_default(),
            text(r, "from")
        )
    })
}

/// Writes the rows of one table that `touched` selects (all when writing a whole
/// cycle), deletes the selected rows of the document that are gone, and the order.
fn write_table(
    doc: &mut AutoCommit,
    parent: &ObjId,
    name: &str,
    rows: &[Row],
    ident: Ident,
    touched: &dyn Fn(&Row) -> bool,
    actor: &str,
) -> Res<()> {
    let mut existing = read_table(doc, parent, name, name)?;
    if matches!(ident, Ident::Id | Ident::Adjustment) {
        // The ids the cycle was read with (see `make_ids_unique`).
        make_ids_unique(&mut existing);
    }
    let (t, rows_obj) = table(doc, parent, name)?;
    let mut key_of: HashMap<String, String> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (k, r) in &existing {
        key_of.entry(ident.of(r)).or_insert_with(|| k.clone());
        taken.insert(k.clone());
    }
    let new_idents: HashSet<String> = rows.iter().map(|r| ident.of(r)).collect();
    // A row is deleted from every copy of the table (see `maps_of`).
    let copies: Vec<ObjId> = maps_of(doc, parent, name)
        .iter()
        .filter_map(|t| child_of(doc, t, "rows"))
        .collect();
    for (k, r) in &existing {
        if touched(r) && !new_idents.contains(&ident.of(r)) {
            for rows in &copies {
                write_row(doc, rows, k, None)?;
            }
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    for r in rows {
        let id = ident.of(r);
        let key = match key_of.get(&id) {
            Some(k) => k.clone(),
            None => {
                let k = ident.fresh_key(r, actor, &taken);
                taken.insert(k.clone());
                key_of.insert(id, k.clone());
                write_row(doc, &rows_obj, &k, Some(r))?;
                order.push(k);
                continue;
            }
        };
        if touched(r) {
            write_row(doc, &rows_obj, &key, Some(r))?;
        }
        order.push(key);
    }
    write_order(doc, &t, &order)
}

fn rows<T: serde::Serialize>(v: &[T], strip: &[&str]) -> Vec<Row> {
    v.iter().map(|x| row_of(x, strip)).collect()
}

fn in_set<'a>(set: &'a BTreeSet<String>, field: &'static str) -> impl Fn(&Row) -> bool + 'a {
    move |r: &Row| set.contains(&text(r, field))
}

fn all(_: &Row) -> bool {
    true
}

/// Everything: the change set of a whole new cycle.
pub(crate) fn everything(c: &Cycle) -> ChangeSet {
    let mut ch = ChangeSet {
        history: c.history.iter().map(|h| h.sku.clone()).collect(),
        products: c.master.products.iter().map(|p| p.sku.clone()).collect(),
        families: c.master.families.iter().map(|f| f.id.clone()).collect(),
        resources: c.master.resources.iter().map(|r| r.id.clone()).collect(),
        materials_or_workforce: true,
        order: true,
        plan_wide: true,
        forecast_settings: true,
        scenarios: true,
        decisions: true,
        status: true,
        cell_edits: c.notes.edits.iter().map(|e| e.id).collect(),
        comments: c.notes.comments.iter().map(|k| k.id).collect(),
        ..ChangeSet::default()
    };
    ch.plans.insert(None);
    ch.plans.extend(c.scenarios.iter().map(|s| Some(s.id)));
    ch
}

/// Writes what `ch` says changed, taking the values from `c` (the cycle after the
/// edit): only the rows and fields touched. With [`everything`] it writes a whole cycle.
pub(crate) fn write_cycle(doc: &mut AutoCommit, c: &Cycle, ch: &ChangeSet, actor: &str) -> Res<()> {
    let whole = ch.status && ch.scenarios && ch.order && ch.plan_wide;
    if whole {
        doc.put(ROOT, "format", DOC_FORMAT)
            .map_err(|e| e.to_string())?;
        doc.put(ROOT, "version", DOC_VERSION)
            .map_err(|e| e.to_string())?;
    }
    if whole || ch.status {
        let r = row_of(
            c,
            &[
                "master",
                "history",
                "inputs",
                "scenarios",
                "decisions",
                "notes",
            ],
        );
        write_row(doc, &ROOT, "cycle", Some(&r))?;
    }
    if ch.touches_master() {
        let m = child(doc, &ROOT, "master")?;
        let MasterData {
            families,
            products,
            resources,
            components,
            workforce,
        } = &c.master;
        let everything = ch.order;
        fn pick<'a>(
            everything: bool,
            set: &'a BTreeSet<String>,
            f: &'static str,
        ) -> Box<dyn Fn(&Row) -> bool + 'a> {
            if everything {
                Box::new(all)
            } else {
                Box::new(in_set(set, f))
            }
        }
        write_table(
            doc,
            &m,
            "families",
            &rows(families, &[]),
            Ident::Field("id"),
            &*pick(everything, &ch.families, "id"),
            actor,
        )?;
        write_table(
            doc,
            &m,
            "products",
            &rows(products, &[]),
            Ident::Field("sku"),
            &*pick(everything, &ch.products, "sku"),
            actor,
        )?;
        write_table(
            doc,
            &m,
            "resources",
            &rows(resources, &[]),
            Ident::Field("id"),
            &*pick(everything, &ch.resources, "id"),
            actor,
        )?;
        if ch.materials_or_workforce {
            write_table(
                doc,
                &m,
                "components",
                &rows(components, &[]),
                Ident::Field("id"),
                &all,
                actor,
            )?;
            write_row(
                doc,
                &m,
                "workforce",
                Some(&row_of::<Workforce>(workforce, &[])),
            )?;
        }
    }
    if !ch.history.is_empty() || ch.order {
        let touched: Box<dyn Fn(&Row) -> bool> = if ch.order {
            Box::new(all)
        } else {
            Box::new(in_set(&ch.history, "sku"))
        };
        write_table(
            doc,
            &ROOT,
            "history",
            &rows(&c.history, &[]),
            Ident::Field("sku"),
            &*touched,
            actor,
        )?;
    }
    if ch.scenarios {
        write_table(
            doc,
            &ROOT,
            "scenarios",
            &rows(&c.scenarios, &["inputs"]),
            Ident::Field("id"),
            &all,
            actor,
        )?;
        let plans = child(doc, &ROOT, "plans")?;
        let keep: HashSet<String> = c.scenarios.iter().map(|s| format!("s{}", s.id)).collect();
        let gone: Vec<String> = doc
            .keys(&plans)
            .filter(|k| k != "base" && !keep.contains(k))
            .collect();
        for k in gone {
            write_row(doc, &plans, &k, None)?;
        }
        for s in &c.scenarios {
            if child_of(doc, &plans, &format!("s{}", s.id)).is_none() {
                write_plan(doc, &s.inputs, &format!("s{}", s.id), &everything(c), actor)?;
            }
        }
    }
    for plan in &ch.plans {
        let (key, inputs) = match plan {
            None => ("base".to_string(), &c.inputs),
            Some(id) => match c.scenarios.iter().find(|s| s.id == *id) {
                Some(s) => (format!("s{id}"), &s.inputs),
                None => continue,
            },
        };
        write_plan(doc, inputs, &key, ch, actor)?;
    }
    if ch.decisions {
        write_table(
            doc,
            &ROOT,
            "decisions",
            &rows(&c.decisions, &[]),
            Ident::Id,
            &all,
            actor,
        )?;
    }
    // Notes: each entry a row keyed `<id>@<creator>`, so two people's entries both
    // stay; only the rows the change set names are written. The tables are made with
    // the document (even empty): two replicas creating one concurrently would each
    // make their own map under one key, and automerge keeps only one of them.
    for (name, ids, rows) in [
        ("cell_edits", &ch.cell_edits, rows(&c.notes.edits, &[])),
        ("comments", &ch.comments, rows(&c.notes.comments, &[])),
    ] {
        if whole || !ids.is_empty() {
            let ids: BTreeSet<String> = ids.iter().map(u64::to_string).collect();
            write_table(
                doc,
                &ROOT,
                name,
                &rows,
                Ident::Id,
                &in_set(&ids, "id"),
                actor,
            )?;
        }
    }
    Ok(())
}

fn write_plan(
    doc: &mut AutoCommit,
    p: &PlanInputs,
    key: &str,
    ch: &ChangeSet,
    actor: &str,
) -> Res<()> {
    let plans = child(doc, &ROOT, "plans")?;
    let obj = child(doc, &plans, key)?;
    let (skus, fams) = (&ch.input_skus, &ch.input_families);
    let whole = ch.plan_wide && ch.order;
    let target_touched = |r: &Row| -> bool {
        whole
            || match r.get("target") {
                Some(t) => {
                    let id = t.get("id").and_then(Json::as_str).unwrap_or_default();
                    match t.get("level").and_then(Json::as_str) {
                        Some("sku") => skus.contains(id),
                        _ => fams.contains(id),
                    }
                }
                None => false,
            }
    };
    let sku_touched = |r: &Row| whole || skus.contains(&text(r, "sku"));
    if ch.forecast_settings {
        write_row(doc, &obj, "forecast", Some(&row_of(&p.forecast, &[])))?;
    }
    if ch.plan_wide || !skus.is_empty() || !fams.is_empty() {
        let adj = rows(&p.adjustments, &[]);
        let touched: &dyn Fn(&Row) -> bool = if ch.plan_wide { &all } else { &target_touched };
        write_table(
            doc,
            &obj,
            "adjustments",
            &adj,
            Ident::Adjustment,
            touched,
            actor,
        )?;
        write_table(
            doc,
            &obj,
            "pipeline",
            &rows(&p.pipeline, &[]),
            Ident::Id,
            &sku_touched,
            actor,
        )?;
        write_table(
            doc,
            &obj,
            "overrides",
            &rows(&p.supply.overrides, &[]),
            Ident::SkuMonth,
            &sku_touched,
            actor,
        )?;
    }
    if ch.plan_wide {
        write_row(
            doc,
            &obj,
            "supply",
            Some(&row_of::<SupplySettings>(&p.supply, &["overrides"])),
        )?;
        write_row(doc, &obj, "finance", Some(&row_of(&p.finance, &[])))?;
        write_table(
            doc,
            &obj,
            "budget",
            &rows(&p.budget, &[]),
            Ident::Field("month"),
            &all,
            actor,
        )?;
    }
    Ok(())
}

/// Ids made unique (rows created concurrently with one id): the first row of a group,
/// in key order, keeps the id; each other one gets an id from its key alone (FNV-1a of
/// the key in [2⁵⁰, 2⁵⁰ + 2⁴⁹), the next free one if taken). The same on every replica,
/// and unchanged when rows are added locally, so an edit of the cycle as read is written
/// back to the row it was read from.
fn make_ids_unique(rows: &mut [(String, Row)]) {
    const BASE: u64 = 1 << 50;
    const SPAN: u64 = 1 << 49;
    let mut taken: HashSet<u64> = rows
        .iter()
        .filter_map(|(_, r)| r.get("id")?.as_u64())
        .collect();
    let mut seen = HashSet::new();
    let mut by_key: Vec<usize> = (0..rows.len()).collect();
    by_key.sort_by(|a, b| rows[*a].0.cmp(&rows[*b].0));
    for i in by_key {
        let Some(id) = rows[i].1.get("id").and_then(Json::as_u64) else {
            continue;
        };
        if !seen.insert(id) {
            let hash = rows[i].0.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            });
            let mut new = BASE + hash % SPAN;
            while !taken.insert(new) {
                new += 1;
            }
            rows[i].1.insert("id".into(), Json::from(new));
        }
    }
}

fn list<T: serde::de::DeserializeOwned>(
    doc: &AutoCommit,
    parent: &ObjId,
    name: &str,
    path: &str,
    renumber: bool,
) -> Res<Vec<T>> {
    let mut rows = read_table(doc, parent, name, path)?;
    if renumber {
        make_ids_unique(&mut rows);
    }
    rows.into_iter()
        .map(|(k, r)| parse(r, &format!("{path}.{name}[{k}]")))
        .collect()
}

fn row<T: serde::de::DeserializeOwned>(
    doc: &AutoCommit,
    parent: &ObjId,
    key: &str,
    path: &str,
) -> Res<T> {
    let obj = child_of(doc, parent, key).ok_or_else(|| format!("{path}.{key} is missing"))?;
    parse(
        read_map(doc, &obj, &format!("{path}.{key}"))?,
        &format!("{path}.{key}"),
    )
}

fn read_plan(doc: &AutoCommit, key: &str) -> Res<PlanInputs> {
    let path = format!("plans.{key}");
    let plans = child_of(doc, &ROOT, "plans").ok_or("plans are missing")?;
    let p = child_of(doc, &plans, key).ok_or_else(|| format!("{path} is missing"))?;
    let mut supply: SupplySettings = row(doc, &p, "supply", &path)?;
    supply.overrides = list(doc, &p, "overrides", &path, false)?;
    Ok(PlanInputs {
        forecast: row(doc, &p, "forecast", &path)?,
        adjustments: list(doc, &p, "adjustments", &path, true)?,
        pipeline: list(doc, &p, "pipeline", &path, true)?,
        supply,
        finance: row(doc, &p, "finance", &path)?,
        budget: list(doc, &p, "budget", &path, false)?,
    })
}

/// The cycle the document holds (not yet validated); ids made unique.
pub(crate) fn read_cycle(doc: &AutoCommit) -> Res<Cycle> {
    match doc.get(ROOT, "format") {
        Ok(Some((automerge::Value::Scalar(s), _))) if s.as_str() == Some(DOC_FORMAT) => {}
        _ => return Err("this is not a shared S&OP cycle".into()),
    }
    let mut top = read_map(
        doc,
        &child_of(doc, &ROOT, "cycle").ok_or("cycle is missing")?,
        "cycle",
    )?;
    let m = child_of(doc, &ROOT, "master").ok_or("master data is missing")?;
    let master = MasterData {
        families: list(doc, &m, "families", "master", false)?,
        products: list(doc, &m, "products", "master", false)?,
        resources: list(doc, &m, "resources", "master", false)?,
        components: list(doc, &m, "components", "master", false)?,
        workforce: row(doc, &m, "workforce", "master")?,
    };
    let mut scenarios: Vec<Scenario> = Vec::new();
    for (k, mut r) in read_table(doc, &ROOT, "scenarios", "")? {
        r.insert(
            "inputs".into(),
            serde_json::to_value(PlanInputs::default()).map_err(|e| e.to_string())?,
        );
        let mut s: Scenario = parse(r, &format!("scenarios[{k}]"))?;
        s.inputs = read_plan(doc, &format!("s{}", s.id))?;
        scenarios.push(s);
    }
    for (k, v) in [
        ("master", serde_json::to_value(&master)),
        ("history", Ok(Json::Array(Vec::new()))),
        ("inputs", serde_json::to_value(PlanInputs::default())),
    ] {
        top.insert(k.into(), v.map_err(|e| e.to_string())?);
    }
    let mut c: Cycle = parse(top, "cycle")?;
    c.master = master;
    c.history = list(doc, &ROOT, "history", "", false)?;
    c.inputs = read_plan(doc, "base")?;
    c.scenarios = scenarios;
    c.decisions = list(doc, &ROOT, "decisions", "", true)?;
    c.notes.edits = list(doc, &ROOT, "cell_edits", "", true)?;
    c.notes.comments = list(doc, &ROOT, "comments", "", true)?;
    Ok(c)
}
