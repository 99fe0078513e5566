//! Checks of plan inputs, scenario levers and baselines against the master data.

use super::master::strategy;
use super::{Issue, Out, QTY_LIMIT, dupes};
use crate::engine::forecast::ModelKind;
use crate::engine::model::*;
use rust_decimal::Decimal;
use rustc_hash::FxHashSet;
use std::collections::HashSet;

/// One set of plan inputs against the cycle's master data. `prefix` names it.
pub fn validate_inputs(c: &Cycle, inputs: &PlanInputs, prefix: &str) -> Vec<Issue> {
    InputsCheck::new(c, &[inputs]).run(inputs, prefix)
}

/// [`validate_inputs`] for several sets of inputs (an edit: before and after), with the
/// SKUs and families they name looked up in the master data once. Only the names the
/// inputs use are looked up: a set of every SKU, built per edit, cost more than the
/// rest of the check at 10,000 SKUs.
pub struct InputsCheck<'a> {
    c: &'a Cycle,
    /// The SKUs and families named by the inputs that the master data has.
    skus: FxHashSet<&'a str>,
    fams: FxHashSet<&'a str>,
}

impl<'a> InputsCheck<'a> {
    /// The check of `inputs` (and only of these: [`InputsCheck::run`] takes each of them).
    pub fn new(c: &'a Cycle, inputs: &[&PlanInputs]) -> Self {
        let mut skus = FxHashSet::default();
        let mut fams = FxHashSet::default();
        for i in inputs {
            for a in &i.adjustments {
                match &a.target {
                    Target::Sku(s) => skus.insert(s.as_str()),
                    Target::Family(f) => fams.insert(f.as_str()),
                };
            }
            skus.extend(i.pipeline.iter().map(|p| p.sku.as_str()));
            skus.extend(i.supply.overrides.iter().map(|p| p.sku.as_str()));
            skus.extend(
                i.forecast
                    .history_corrections
                    .iter()
                    .map(|x| x.sku.as_str()),
            );
            fams.extend(i.supply.costs.families.iter().map(|f| f.family.as_str()));
        }
        let m = &c.master;
        // The master data's names that are among `named`, the scan stopping once all
        // are found (one adjusted SKU of 10,000: a few comparisons, not 10,000 hashes).
        let known = |named: &FxHashSet<&str>, all: &mut dyn Iterator<Item = &'a str>| {
            let mut found = FxHashSet::default();
            for s in all {
                if found.len() == named.len() {
                    break;
                }
                if named.contains(s) {
                    found.insert(s);
                }
            }
            found
        };
        InputsCheck {
            c,
            skus: known(&skus, &mut m.products.iter().map(|p| p.sku.as_str())),
            fams: known(&fams, &mut m.families.iter().map(|f| f.id.as_str())),
        }
    }

    /// The issues of `inputs`, named from `prefix`.
    pub fn run(&self, inputs: &PlanInputs, prefix: &str) -> Vec<Issue> {
        check_inputs(self.c, &self.skus, &self.fams, inputs, prefix)
    }
}

/// The issues of one adjustment of the inputs named `prefix` (as [`validate_inputs`]
/// finds them in a list, without the check of duplicate ids): an edit of a few
/// adjustments checks just those.
pub fn validate_adjustment(c: &Cycle, a: &Adjustment, prefix: &str) -> Vec<Issue> {
    let m = &c.master;
    let known = match &a.target {
        Target::Sku(s) => m.products.iter().any(|p| same_sku(&p.sku, s)),
        Target::Family(f) => m.families.iter().any(|x| x.id == *f),
    };
    let mut o = Out(Vec::new());
    adjustment(&mut o, c, known, a, prefix);
    o.0
}

/// The issues of the production override at position `at` of the inputs named `prefix`
/// (as [`validate_inputs`] finds them there): an edit of a few overrides checks just those.
pub fn validate_override(c: &Cycle, p: &ProductionOverride, at: usize, prefix: &str) -> Vec<Issue> {
    let known = c.master.products.iter().any(|x| same_sku(&x.sku, &p.sku));
    let mut o = Out(Vec::new());
    production_override(&mut o, c, known, p, at, prefix);
    o.0
}

/// One production override's checks; `known`: its SKU is in the master data.
fn production_override(
    o: &mut Out,
    c: &Cycle,
    known: bool,
    p: &ProductionOverride,
    k: usize,
    prefix: &str,
) {
    let last = c.label.plus(c.horizon as i32 - 1);
    let at = |f: &str| format!("{prefix}.supply.overrides[{k}].{f}");
    if !known {
        o.warn(
            at("sku"),
            format!("unknown SKU '{}': the override has no effect", p.sku),
        );
    }
    o.nonneg(at("units"), p.units);
    if p.month < c.label || p.month > last {
        o.warn(
            at("month"),
            format!("{} is outside the planned months", p.month),
        );
    }
}

/// One adjustment's checks; `known`: its SKU or family is in the master data.
fn adjustment(o: &mut Out, c: &Cycle, known: bool, a: &Adjustment, prefix: &str) {
    let last = c.label.plus(c.horizon as i32 - 1);
    let at = |f: &str| format!("{prefix}.adjustments[#{}].{f}", a.id);
    // Kept without effect, as an import that drops the SKU or family keeps it.
    match &a.target {
        Target::Sku(s) if !known => o.warn(
            at("target"),
            format!("unknown SKU '{s}': the adjustment has no effect"),
        ),
        Target::Family(f) if !known => o.warn(
            at("target"),
            format!("unknown family '{f}': the adjustment has no effect"),
        ),
        _ => {}
    }
    if a.from > a.to {
        o.err(
            at("to"),
            format!("ends ({}) before it starts ({})", a.to, a.from),
        );
    } else if a.to < c.label || a.from > last {
        o.warn(
            at("from"),
            format!("{}–{} is outside the planned months", a.from, a.to),
        );
    }
    match a.change {
        Change::Units(u) | Change::Percent(u) if !u.is_finite() || u.abs() > QTY_LIMIT => o.err(
            at("change"),
            format!("must be a number of at most {QTY_LIMIT:e}, got {u}"),
        ),
        Change::Percent(p) if p < -100.0 => o.warn(
            at("change"),
            format!("{p} % removes more than all demand (floored at 0)"),
        ),
        _ => {}
    }
}

fn check_inputs(
    c: &Cycle,
    skus: &FxHashSet<&str>,
    fams: &FxHashSet<&str>,
    inputs: &PlanInputs,
    prefix: &str,
) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let last = c.label.plus(c.horizon as i32 - 1);
    let adjustments: Vec<String> = inputs
        .adjustments
        .iter()
        .map(|a| format!("#{}", a.id))
        .collect();
    let at = format!("{prefix}.adjustments");
    dupes(&mut o, &at, adjustments.iter().map(String::as_str));
    let deals: Vec<String> = inputs
        .pipeline
        .iter()
        .map(|p| format!("#{}", p.id))
        .collect();
    let at = format!("{prefix}.pipeline");
    dupes(&mut o, &at, deals.iter().map(String::as_str));
    for a in &inputs.adjustments {
        let known = match &a.target {
            Target::Sku(s) => skus.contains(s.as_str()),
            Target::Family(f) => fams.contains(f.as_str()),
        };
        adjustment(&mut o, c, known, a, prefix);
    }
    for p in &inputs.pipeline {
        let at = |f: &str| format!("{prefix}.pipeline[#{}].{f}", p.id);
        if !skus.contains(p.sku.as_str()) {
            o.err(at("sku"), format!("unknown SKU '{}'", p.sku));
        }
        o.nonneg(at("units"), p.units);
        if p.month < c.label || p.month > last {
            o.warn(
                at("month"),
                format!(
                    "{} is outside the planned months ({}–{last}): the deal has no effect",
                    p.month, c.label
                ),
            );
        }
        if !(0.0..=1.0).contains(&p.probability) {
            o.err(
                at("probability"),
                format!("must be between 0 and 1, got {}", p.probability),
            );
        }
    }
    for (k, p) in inputs.supply.overrides.iter().enumerate() {
        production_override(&mut o, c, skus.contains(p.sku.as_str()), p, k, prefix);
    }
    costs(&mut o, &inputs.supply.costs, fams, prefix);
    let f = &inputs.finance;
    o.days(format!("{prefix}.finance.dso_days"), f.dso_days);
    o.days(format!("{prefix}.finance.dpo_days"), f.dpo_days);
    for (name, v) in [
        ("opening_cash", f.opening_cash),
        ("opening_ar", f.opening_ar),
        ("opening_ap", f.opening_ap),
        ("fixed_cost", f.fixed_cost),
        ("min_cash", f.min_cash),
    ] {
        o.amount(format!("{prefix}.finance.{name}"), v);
    }
    let mut seen = HashSet::new();
    for b in &inputs.budget {
        o.amount(format!("{prefix}.budget[{}].revenue", b.month), b.revenue);
        o.amount(
            format!("{prefix}.budget[{}].gross_margin", b.month),
            b.gross_margin,
        );
        if !seen.insert(b.month) {
            o.warn(
                format!("{prefix}.budget[{}]", b.month),
                "month budgeted twice (the last one counts)",
            );
        }
    }
    forecast_settings(&mut o, &inputs.forecast, prefix);
    let list = &inputs.forecast.history_corrections;
    super::corrections::check(c, skus, list, prefix, &mut o);
    o.0
}

/// Months per season a forecast can use: 1 (no season) to 24.
pub const SEASON_MONTHS: std::ops::RangeInclusive<u32> = 1..=24;
/// The outlier threshold k, in robust σ: below 1.5 nearly every month would be flagged,
/// above 10 none.
pub const OUTLIER_K: std::ops::RangeInclusive<f64> = 1.5..=10.0;

/// The forecast settings' season length and outlier threshold within their ranges.
fn forecast_settings(o: &mut Out, f: &ForecastSettings, prefix: &str) {
    if !SEASON_MONTHS.contains(&f.season_length) {
        o.err(
            format!("{prefix}.forecast.season_length"),
            format!(
                "must be {} to {} months (1 = no season), not {}",
                SEASON_MONTHS.start(),
                SEASON_MONTHS.end(),
                f.season_length
            ),
        );
    }
    if !OUTLIER_K.contains(&f.outlier_k) {
        o.err(
            format!("{prefix}.forecast.outlier_k"),
            format!(
                "the outlier threshold must be {} to {} robust σ, not {}",
                OUTLIER_K.start(),
                OUTLIER_K.end(),
                f.outlier_k
            ),
        );
    }
}

/// The optimizer's cost inputs: rates ≥ 0 and ≤ the rate limit, quantities like other
/// quantities, min FTE ≤ max FTE, families known.
fn costs(o: &mut Out, c: &CostSettings, fams: &FxHashSet<&str>, prefix: &str) {
    let at = |f: &str| format!("{prefix}.supply.costs.{f}");
    for (name, v) in [
        ("hire_cost", c.hire_cost),
        ("layoff_cost", c.layoff_cost),
        ("fte_cost", c.fte_cost),
    ] {
        o.rate(at(name), v);
    }
    if c.holding_pct.is_sign_negative() && !c.holding_pct.is_zero()
        || c.holding_pct > Decimal::from(1000)
    {
        o.err(
            at("holding_pct"),
            format!("must be between 0 and 1000 %, got {}", c.holding_pct),
        );
    }
    o.nonneg(at("min_fte"), c.min_fte);
    o.nonneg(at("max_overtime_per_fte"), c.max_overtime_per_fte);
    if let Some(m) = c.max_fte {
        o.nonneg(at("max_fte"), m);
        if m < c.min_fte {
            o.err(
                at("max_fte"),
                format!("must not be below min FTE {}", c.min_fte),
            );
        }
    }
    if let Some(b) = c.cost_budget {
        o.amount(at("cost_budget"), b);
    }
    for f in &c.families {
        let at = |x: &str| format!("{prefix}.supply.costs.families[{}].{x}", f.family);
        if !fams.contains(f.family.as_str()) {
            o.warn(
                at("family"),
                format!("unknown family '{}': its costs have no effect", f.family),
            );
        }
        for (name, v) in [
            ("backlog_cost", f.backlog_cost),
            ("lost_sale_cost", f.lost_sale_cost),
            ("subcontract_cost", f.subcontract_cost),
        ] {
            if let Some(v) = v {
                o.rate(at(name), v);
            }
        }
        o.nonneg(at("subcontract_limit"), f.subcontract_limit);
        if let Some(e) = f.ending_inventory {
            o.nonneg(at("ending_inventory"), e);
        }
    }
}

/// The forecast settings' model overrides (the cycle's own; forecasting reads no
/// other): an unknown model name or `none` is ignored (the automatic choice is used),
/// and so is an override of an unknown SKU — each with a warning.
pub fn validate_forecast(c: &Cycle) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let skus: HashSet<&str> = c.master.products.iter().map(|p| p.sku.as_str()).collect();
    for m in &c.inputs.forecast.model_overrides {
        let at = |f: &str| format!("inputs.forecast.model_overrides[{}].{f}", m.sku);
        match m.model.parse::<ModelKind>() {
            Err(e) => o.warn(at("model"), format!("{e}: the automatic choice is used")),
            Ok(ModelKind::NoHistory) => o.warn(
                at("model"),
                "`none` cannot be chosen: the automatic choice is used",
            ),
            Ok(_) => {}
        }
        if !skus.contains(m.sku.as_str()) {
            o.warn(
                at("sku"),
                format!("unknown SKU '{}': the override has no effect", m.sku),
            );
        }
    }
    o.0
}

/// Scenario levers against the cycle's master data.
pub fn validate_levers(c: &Cycle, l: &Levers, prefix: &str) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let m = &c.master;
    for d in &l.demand_pct {
        let f = format!("{prefix}.demand_pct[{}]", d.id);
        if !m.families.iter().any(|x| x.id == d.id) {
            o.err(f.clone(), format!("unknown family '{}'", d.id));
        }
        pct(&mut o, f, d.pct);
    }
    for d in &l.capacity_pct {
        let f = format!("{prefix}.capacity_pct[{}]", d.id);
        if !m.resources.iter().any(|x| x.id == d.id) {
            o.err(f.clone(), format!("unknown resource '{}'", d.id));
        }
        pct(&mut o, f, d.pct);
    }
    pct(&mut o, format!("{prefix}.price_pct"), l.price_pct);
    pct(&mut o, format!("{prefix}.cost_pct"), l.cost_pct);
    for (name, v) in [("dso_days", l.dso_days), ("dpo_days", l.dpo_days)] {
        if let Some(d) = v
            && d.is_sign_negative()
            && !d.is_zero()
        {
            o.err(
                format!("{prefix}.{name}"),
                format!("must not be negative, got {d}"),
            );
        }
    }
    if let Some(s) = l.strategy {
        strategy(&mut o, format!("{prefix}.strategy"), s);
    }
    o.0
}

fn pct(o: &mut Out, field: String, p: f64) {
    if !p.is_finite() || p > 10_000.0 {
        o.err(field, format!("must be a number up to 10 000 %, got {p}"));
    } else if p < -100.0 {
        o.err(
            field,
            format!("{p} % would make it negative (−100 % is the least)"),
        );
    }
}

/// Baselines against the products: a SKU without one is planned at zero statistical
/// demand (warning).
pub fn validate_baselines(c: &Cycle, baselines: &[Baseline]) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    for p in &c.master.products {
        match baselines.iter().find(|b| b.sku == p.sku) {
            None => o.warn(
                format!("baselines[{}]", p.sku),
                "no statistical baseline: planned at 0",
            ),
            Some(b) if b.values.len() < c.horizon as usize => o.warn(
                format!("baselines[{}].values", p.sku),
                format!(
                    "{} values for {} months: the rest is 0",
                    b.values.len(),
                    c.horizon
                ),
            ),
            _ => {}
        }
    }
    o.0
}
