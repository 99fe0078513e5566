//! Putting parsed tables into a copy of the cycle: references between tables checked
//! (products → families, routings → products and resources, BOM → components, history
//! and pipeline → products, history decisions → products and their history), rows of
//! the current cycle that lose what they refer to dropped with a note, and the change
//! per table counted for the summary.

use super::diff::change;
use super::parse::{Data, Header};
use super::schema::Table;
use super::sheet::Source;
use super::{Errs, ImportError, TableChange};
use crate::engine::model::*;
use crate::engine::plan::validate::corrections::in_history;
use std::collections::{HashMap, HashSet};

/// A parsed sheet.
pub(crate) struct Parsed {
    pub source: Source,
    pub header: Header,
    pub data: Data,
    /// Codes of rows left out for a problem already reported.
    pub failed: Vec<String>,
}

/// Rows of one imported table with where they came from.
struct Given<T> {
    source: Source,
    header: Header,
    rows: T,
    failed: Vec<String>,
}

impl<T> Given<T> {
    /// Records a problem in column `col` (schema name) of `row`.
    fn err(&self, errs: &mut Errs, row: Option<u32>, col: &str, message: String) {
        let schema = self.header.table.schema();
        let column = schema
            .columns
            .iter()
            .position(|c| c.name == col)
            .map(|j| self.header.name(schema, j));
        errs.push(ImportError::at(&self.source, row, column, message));
    }
}

/// "unknown family 'KIDZ' (known: EBIKE, CITY, …)", with a hint for a case slip or
/// when there are none at all.
fn unknown(what: &str, value: &str, known: &[&str], table: Table) -> String {
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(value)) {
        return format!("unknown {what} '{value}'; did you mean '{k}'?");
    }
    if known.is_empty() {
        return format!(
            "unknown {what} '{value}': there are no {} yet; import the {} table too",
            table.title().to_lowercase(),
            table.name()
        );
    }
    let mut list: Vec<&str> = known.iter().take(6).copied().collect();
    if known.len() > 6 {
        list.push("…");
    }
    format!("unknown {what} '{value}' (known: {})", list.join(", "))
}

fn list_some(items: &[&str]) -> String {
    let mut v: Vec<String> = items.iter().take(5).map(|s| format!("'{s}'")).collect();
    if items.len() > 5 {
        v.push(format!("and {} more", items.len() - 5));
    }
    v.join(", ")
}

/// Codes a reference may name without a problem being reported: those present, those
/// of rows left out for a problem, or any code if the table could not be read at all.
fn known_set<'a, T>(
    present: &[&'a str],
    given: &'a Option<Given<T>>,
    unreadable: &[Table],
    table: Table,
) -> Known<'a> {
    if unreadable.contains(&table) {
        return Known::Any;
    }
    let mut set: HashSet<&str> = present.iter().copied().collect();
    if let Some(g) = given {
        set.extend(g.failed.iter().map(String::as_str));
    }
    Known::Set(set)
}

/// See [`known_set`].
enum Known<'a> {
    Any,
    Set(HashSet<&'a str>),
}

impl Known<'_> {
    fn contains(&self, code: &str) -> bool {
        match self {
            Known::Any => true,
            Known::Set(s) => s.contains(code),
        }
    }
}

/// The new cycle and the change per imported table. Problems go to `errs` (the cycle
/// returned is then meaningless); rows of the current cycle dropped or left without
/// effect are described in `warnings`.
/// Tables in `unreadable` could not be read at all (reported already): references to
/// them are not checked.
pub(crate) fn apply(
    into: &Cycle,
    parsed: Vec<Parsed>,
    unreadable: &[Table],
    errs: &mut Errs,
    warnings: &mut Vec<String>,
) -> (Cycle, Vec<TableChange>) {
    let mut families = None;
    let mut products = None;
    let mut resources = None;
    let mut calendar = None;
    let mut routings = None;
    let mut components = None;
    let mut bom = None;
    let mut history = None;
    let mut pipeline = None;
    let mut budget = None;
    let mut finance = None;
    let mut workforce = None;
    let mut costs = None;
    let mut family_costs = None;
    let mut decisions = None;
    let mut imported: Vec<(Table, String)> = Vec::new();
    for p in parsed {
        imported.push((p.header.table, p.source.to_string()));
        macro_rules! given {
            ($slot:ident, $rows:expr) => {
                $slot = Some(Given {
                    source: p.source,
                    header: p.header,
                    rows: $rows,
                    failed: p.failed,
                })
            };
        }
        match p.data {
            Data::Families(r) => given!(families, r),
            Data::Products(r) => given!(products, r),
            Data::Resources(r) => given!(resources, r),
            Data::Calendar(r) => given!(calendar, r),
            Data::Routings(r) => given!(routings, r),
            Data::Components(r) => given!(components, r),
            Data::Bom(r) => given!(bom, r),
            Data::History(r) => given!(history, r),
            Data::Pipeline(r) => given!(pipeline, r),
            Data::Budget(r) => budget = Some(r),
            Data::Finance(f) => finance = Some(f),
            Data::Workforce(w) => workforce = Some(w),
            Data::Costs(c) => costs = Some(c),
            Data::FamilyCosts(r) => given!(family_costs, r),
            Data::HistoryDecisions(r) => given!(decisions, r),
        }
    }
    let old = &into.master;

    // Families.
    let fams: Vec<Family> = match &families {
        Some(g) => g.rows.iter().map(|(_, f)| f.clone()).collect(),
        None => old.families.clone(),
    };
    let fam_ids: Vec<&str> = fams.iter().map(|f| f.id.as_str()).collect();
    let fam_set = known_set(&fam_ids, &families, unreadable, Table::Families);

    // Products (keeping routing and BOM of SKUs already known until those are imported).
    let old_products: HashMap<&str, &Product> =
        old.products.iter().map(|p| (p.sku.as_str(), p)).collect();
    let mut prods: Vec<Product> = match &products {
        Some(g) => g
            .rows
            .iter()
            .map(|(row, p)| {
                if !fam_set.contains(p.family.as_str()) {
                    let m = unknown("family", &p.family, &fam_ids, Table::Families);
                    g.err(errs, Some(*row), "family", m);
                }
                let mut p = p.clone();
                if let Some(o) = old_products.get(p.sku.as_str()) {
                    p.routing = o.routing.clone();
                    p.bom = o.bom.clone();
                }
                p
            })
            .collect(),
        None => {
            if let Some(g) = &families {
                let mut orphans: Vec<(&str, Vec<&str>)> = Vec::new();
                for p in &old.products {
                    if !fam_set.contains(p.family.as_str()) {
                        match orphans.iter_mut().find(|(f, _)| *f == p.family) {
                            Some((_, skus)) => skus.push(&p.sku),
                            None => orphans.push((&p.family, vec![&p.sku])),
                        }
                    }
                }
                for (f, skus) in orphans {
                    g.err(
                        errs,
                        None,
                        "id",
                        format!(
                            "family '{f}' is missing, but {} product(s) of the current data \
                             belong to it ({}); add the family or import the products too",
                            skus.len(),
                            list_some(&skus)
                        ),
                    );
                }
            }
            old.products.clone()
        }
    };

    // Resources and their calendar.
    let old_resources: HashMap<&str, &Resource> =
        old.resources.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut res: Vec<Resource> = match &resources {
        Some(g) => g
            .rows
            .iter()
            .map(|(_, r)| {
                let mut r = r.clone();
                if let Some(o) = old_resources.get(r.id.as_str()) {
                    r.calendar = o.calendar.clone();
                }
                r
            })
            .collect(),
        None => old.resources.clone(),
    };
    let failed_resources = known_set(&[], &resources, unreadable, Table::Resources);
    if let Some(g) = &calendar {
        let index: HashMap<String, usize> = res
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let ids: Vec<String> = res.iter().map(|r| r.id.clone()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        for r in &mut res {
            r.calendar.clear();
        }
        for (row, rid, mh) in &g.rows {
            match index.get(rid) {
                Some(i) => res[*i].calendar.push(mh.clone()),
                None if failed_resources.contains(rid.as_str()) => {}
                None => {
                    let m = unknown("resource", rid, &ids, Table::Resources);
                    g.err(errs, Some(*row), "resource", m);
                }
            }
        }
    }
    let res_ids: Vec<&str> = res.iter().map(|r| r.id.as_str()).collect();
    let res_set = known_set(&res_ids, &resources, unreadable, Table::Resources);

    let comps: Vec<Component> = match &components {
        Some(g) => g.rows.iter().map(|(_, c)| c.clone()).collect(),
        None => old.components.clone(),
    };
    let comp_ids: Vec<&str> = comps.iter().map(|c| c.id.as_str()).collect();
    let comp_set = known_set(&comp_ids, &components, unreadable, Table::Components);

    let sku_index: HashMap<String, usize> = prods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.sku.clone(), i))
        .collect();
    let skus_owned: Vec<String> = prods.iter().map(|p| p.sku.clone()).collect();
    let skus: Vec<&str> = skus_owned.iter().map(String::as_str).collect();
    let sku_set = known_set(&skus, &products, unreadable, Table::Products);

    // Routings and bill of materials.
    let res_refs = Refs {
        what: "resource",
        known: &res_set,
        ids: &res_ids,
        table: Table::Resources,
    };
    let sku_refs = Refs {
        what: "SKU",
        known: &sku_set,
        ids: &skus,
        table: Table::Products,
    };
    attach_lines(
        routings.as_ref(),
        &mut prods,
        (&sku_refs, &sku_index),
        &res_refs,
        |p| &mut p.routing,
        |s| &s.resource,
        errs,
        warnings,
        |n, ids| {
            format!(
                "{n} routing step(s) of the current data were dropped: their resources are \
                 no longer there ({ids})"
            )
        },
    );
    let comp_refs = Refs {
        what: "component",
        known: &comp_set,
        ids: &comp_ids,
        table: Table::Components,
    };
    attach_lines(
        bom.as_ref(),
        &mut prods,
        (&sku_refs, &sku_index),
        &comp_refs,
        |p| &mut p.bom,
        |b| &b.component,
        errs,
        warnings,
        |n, ids| {
            format!(
                "{n} BOM line(s) of the current data were dropped: their components are no \
                 longer there ({ids})"
            )
        },
    );

    // History.
    let hist: Vec<SkuHistory> = match &history {
        Some(g) => {
            for (row, h) in &g.rows {
                if !sku_set.contains(h.sku.as_str()) {
                    let m = unknown("SKU", &h.sku, &skus, Table::Products);
                    g.err(errs, Some(*row), "sku", m);
                }
            }
            g.rows.iter().map(|(_, h)| h.clone()).collect()
        }
        None => {
            let (keep, drop): (Vec<&SkuHistory>, Vec<&SkuHistory>) = into
                .history
                .iter()
                .partition(|h| sku_index.contains_key(&h.sku));
            if !drop.is_empty() {
                let d: Vec<&str> = drop.iter().map(|h| h.sku.as_str()).collect();
                warnings.push(format!(
                    "the sales history of {} SKU(s) no longer in the products was dropped ({})",
                    d.len(),
                    list_some(&d)
                ));
            }
            keep.into_iter().cloned().collect()
        }
    };

    // Pipeline.
    let pipe: Vec<Opportunity> = match &pipeline {
        Some(g) => {
            for (row, o) in &g.rows {
                if !sku_set.contains(o.sku.as_str()) {
                    let m = unknown("SKU", &o.sku, &skus, Table::Products);
                    g.err(errs, Some(*row), "sku", m);
                }
            }
            g.rows.iter().map(|(_, o)| o.clone()).collect()
        }
        None => {
            let (keep, drop): (Vec<&Opportunity>, Vec<&Opportunity>) = into
                .inputs
                .pipeline
                .iter()
                .partition(|o| sku_index.contains_key(&o.sku));
            if !drop.is_empty() {
                let d: Vec<&str> = drop.iter().map(|o| o.sku.as_str()).collect();
                warnings.push(format!(
                    "{} pipeline opportunity(ies) of SKUs no longer in the products were \
                     dropped ({})",
                    d.len(),
                    list_some(&d)
                ));
            }
            keep.into_iter().cloned().collect()
        }
    };

    // Plan inputs that refer to SKUs or families stay; say if they no longer apply.
    let mut stale: Vec<&str> = Vec::new();
    for a in &into.inputs.adjustments {
        match &a.target {
            Target::Sku(s) if !sku_index.contains_key(s) => stale.push(s),
            Target::Family(f) if !fam_set.contains(f.as_str()) => stale.push(f),
            _ => {}
        }
    }
    for o in &into.inputs.supply.overrides {
        if !sku_index.contains_key(&o.sku) {
            stale.push(&o.sku);
        }
    }
    for o in &into.inputs.forecast.model_overrides {
        if !sku_index.contains_key(&o.sku) {
            stale.push(&o.sku);
        }
    }
    if decisions.is_none() {
        for x in &into.inputs.forecast.history_corrections {
            if !sku_index.contains_key(&x.sku) {
                stale.push(&x.sku);
            }
        }
    }
    if !stale.is_empty() {
        stale.sort();
        stale.dedup();
        warnings.push(format!(
            "adjustments or overrides of the current cycle refer to SKUs or families no \
             longer in the data ({}); they are kept but have no effect",
            list_some(&stale)
        ));
    }

    // Family costs refer to families.
    let fam_costs: Option<Vec<FamilyCosts>> = family_costs.as_ref().map(|g| {
        g.rows
            .iter()
            .filter_map(|(row, f)| {
                if fam_set.contains(f.family.as_str()) {
                    return Some(f.clone());
                }
                let m = unknown("family", &f.family, &fam_ids, Table::Families);
                g.err(errs, Some(*row), "family", m);
                None
            })
            .collect()
    });

    let mut cycle = into.clone();
    cycle.master.families = fams;
    cycle.master.products = prods;
    cycle.master.resources = res;
    cycle.master.components = comps;
    if let Some(w) = workforce {
        cycle.master.workforce = w;
    }
    cycle.history = hist;
    cycle.inputs.pipeline = pipe;
    // History decisions refer to products and to a month of their history (as imported
    // with them, or kept): the cycle validation's own rule, an error here.
    if let Some(g) = &decisions {
        for (row, x) in &g.rows {
            if !sku_set.contains(x.sku.as_str()) {
                let m = unknown("SKU", &x.sku, &skus, Table::Products);
                g.err(errs, Some(*row), "sku", m);
            } else if sku_index.contains_key(&x.sku) && !in_history(&cycle, &x.sku, x.month) {
                let span = cycle
                    .history
                    .iter()
                    .find(|h| h.sku == x.sku && !h.units.is_empty())
                    .map_or("it has no history".to_string(), |h| {
                        format!("its history runs {} … {}", h.start, h.end().plus(-1))
                    });
                g.err(
                    errs,
                    Some(*row),
                    "month",
                    format!(
                        "{} is not a month of the history of {} before the cycle ({span})",
                        x.month, x.sku
                    ),
                );
            }
        }
        cycle.inputs.forecast.history_corrections = g.rows.iter().map(|(_, x)| x.clone()).collect();
    }
    if let Some(b) = budget {
        cycle.inputs.budget = b.into_iter().map(|(_, b)| b).collect();
    }
    if let Some(f) = finance {
        cycle.inputs.finance = f;
    }
    // The optimizer's costs: the company-wide parameters (the cash floor and cost
    // budget are set in the supply review, not imported) and the per-family rows.
    let c = &mut cycle.inputs.supply.costs;
    if let Some(n) = costs {
        c.hire_cost = n.hire_cost;
        c.layoff_cost = n.layoff_cost;
        c.fte_cost = n.fte_cost;
        c.min_fte = n.min_fte;
        c.max_fte = n.max_fte;
        c.max_overtime_per_fte = n.max_overtime_per_fte;
        c.holding_pct = n.holding_pct;
    }
    if let Some(f) = fam_costs {
        c.families = f;
    }

    let mut changes: Vec<TableChange> = imported
        .into_iter()
        .map(|(table, source)| change(into, &cycle, table, source))
        .collect();
    changes.sort_by_key(|c| c.table);
    (cycle, changes)
}

/// The codes a column may refer to, for its error messages.
struct Refs<'a> {
    /// The column's schema name and what a code is called ("resource").
    what: &'static str,
    known: &'a Known<'a>,
    ids: &'a [&'a str],
    table: Table,
}

impl Refs<'_> {
    /// Reports `code` in column `what` of `row` if it is not known; whether it is.
    fn check<T>(&self, g: &Given<T>, errs: &mut Errs, row: u32, code: &str) -> bool {
        if self.known.contains(code) {
            return true;
        }
        let col = if self.what == "SKU" { "sku" } else { self.what };
        g.err(
            errs,
            Some(row),
            col,
            unknown(self.what, code, self.ids, self.table),
        );
        false
    }
}

/// An imported per-SKU table: (row, SKU, line).
type SkuLines<L> = Given<Vec<(u32, String, L)>>;

/// The lines of a per-SKU table (routing steps, BOM lines): when it is imported, its
/// rows replace every product's lines (a row naming an unknown SKU or target is an
/// error); when it is not, current lines whose target (`to`) is gone are dropped, with
/// a warning made by `dropped_text`.
#[allow(clippy::too_many_arguments)]
fn attach_lines<L: Clone>(
    given: Option<&SkuLines<L>>,
    prods: &mut [Product],
    (skus, sku_index): (&Refs<'_>, &HashMap<String, usize>),
    targets: &Refs<'_>,
    lines: fn(&mut Product) -> &mut Vec<L>,
    to: fn(&L) -> &String,
    errs: &mut Errs,
    warnings: &mut Vec<String>,
    dropped_text: impl FnOnce(usize, String) -> String,
) {
    if let Some(g) = given {
        for p in prods.iter_mut() {
            lines(p).clear();
        }
        for (row, sku, line) in &g.rows {
            skus.check(g, errs, *row, sku);
            if targets.check(g, errs, *row, to(line))
                && let Some(&i) = sku_index.get(sku)
            {
                lines(&mut prods[i]).push(line.clone());
            }
        }
    } else {
        let mut dropped = Vec::new();
        for p in prods.iter_mut() {
            lines(p).retain(|l| {
                let keep = targets.known.contains(to(l));
                if !keep {
                    dropped.push(to(l).clone());
                }
                keep
            });
        }
        note_dropped(warnings, dropped, dropped_text);
    }
}

/// Warns about current lines dropped because what they referred to is gone: `text` gets
/// their number and the distinct ids they referred to.
fn note_dropped(
    warnings: &mut Vec<String>,
    mut dropped: Vec<String>,
    text: impl FnOnce(usize, String) -> String,
) {
    if dropped.is_empty() {
        return;
    }
    let n = dropped.len();
    dropped.sort();
    dropped.dedup();
    let d: Vec<&str> = dropped.iter().map(String::as_str).collect();
    warnings.push(text(n, list_some(&d)));
}
