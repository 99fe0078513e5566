//! Cross-reference and range checks with messages a planner understands.
//!
//! Each [`Issue`] names the field by a path (`master.products[EB-CITY-500].price`,
//! `inputs.adjustments[#12].target`, `scenarios[Hot spring].levers.capacity_pct[ASSY]`)
//! and says what is wrong. Errors make the plan meaningless (unknown ids, negative
//! prices, service level ≥ 1); warnings are worth a look but the plan is computed.
//! The planner ([`super::plan`]) never panics either way: it skips what it cannot use.

use crate::engine::model::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where (`field`) and what.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{s}: {}: {}", self.field, self.message)
    }
}

/// Whether any issue is an error.
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}

struct Out(Vec<Issue>);

impl Out {
    fn err(&mut self, field: String, message: impl Into<String>) {
        self.0.push(Issue {
            severity: Severity::Error,
            field,
            message: message.into(),
        });
    }
    fn warn(&mut self, field: String, message: impl Into<String>) {
        self.0.push(Issue {
            severity: Severity::Warning,
            field,
            message: message.into(),
        });
    }
    fn nonneg(&mut self, field: String, v: f64) {
        if !v.is_finite() {
            self.err(field, format!("must be a number, got {v}"));
        } else if v < 0.0 {
            self.err(field, format!("must not be negative, got {v}"));
        } else if v > QTY_LIMIT {
            self.err(field, format!("{v} is too large (at most {QTY_LIMIT:e})"));
        }
    }
    /// A price or cost per unit or hour: ≥ 0 and ≤ [`RATE_LIMIT`].
    fn rate(&mut self, field: String, d: Decimal) {
        if d.is_sign_negative() && !d.is_zero() {
            self.err(field, format!("must not be negative, got {d}"));
        } else if d > Decimal::from(RATE_LIMIT) {
            self.err(field, format!("{d} is too large (at most {RATE_LIMIT})"));
        }
    }
    /// A money amount (cash, AR, AP, fixed cost, budget): |d| ≤ [`AMOUNT_LIMIT`].
    fn amount(&mut self, field: String, d: Decimal) {
        if d.abs() > Decimal::from(AMOUNT_LIMIT) {
            self.err(
                field,
                format!("{d} is too large (at most {AMOUNT_LIMIT} in size)"),
            );
        }
    }
    fn days(&mut self, field: String, d: Decimal) {
        if d.is_sign_negative() && !d.is_zero() {
            self.err(field, format!("must not be negative, got {d}"));
        } else if d > Decimal::from(3650) {
            self.err(field, format!("{d} days is more than ten years"));
        }
    }
}

/// Largest quantity accepted (units, hours, quantities per unit): 1e9. Keeps every
/// money sum far inside exact range.
pub const QTY_LIMIT: f64 = 1e9;
/// Largest price or cost per unit or hour accepted.
pub const RATE_LIMIT: i64 = 1_000_000_000;
/// Largest money amount accepted (opening balances, fixed cost, budget).
pub const AMOUNT_LIMIT: i64 = 1_000_000_000_000_000;

fn dupes<'a>(out: &mut Out, what: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for id in ids {
        if id.trim().is_empty() {
            out.err(format!("master.{what}"), "an id is empty");
        } else if !seen.insert(id) {
            out.err(
                format!("master.{what}[{id}]"),
                format!("id '{id}' is used twice"),
            );
        }
    }
}

/// Checks a whole workspace: every cycle, its base inputs and its scenarios.
pub fn validate_workspace(ws: &Workspace) -> Vec<Issue> {
    let mut v = Vec::new();
    if ws.format > FORMAT_VERSION {
        v.push(Issue {
            severity: Severity::Error,
            field: "format".into(),
            message: format!(
                "workspace format {} is newer than this program understands ({FORMAT_VERSION})",
                ws.format
            ),
        });
    }
    if ws.cycles.is_empty() {
        v.push(Issue {
            severity: Severity::Error,
            field: "cycles".into(),
            message: "the workspace has no cycle to plan".into(),
        });
    }
    for c in &ws.cycles {
        for mut i in validate_cycle(c) {
            i.field = format!("cycles[{}].{}", c.id, i.field);
            v.push(i);
        }
    }
    v
}

/// Checks a cycle's master data, base inputs and scenarios.
pub fn validate_cycle(c: &Cycle) -> Vec<Issue> {
    let mut v = validate_master(c);
    v.extend(validate_inputs(c, &c.inputs, "inputs"));
    for s in &c.scenarios {
        let p = format!("scenarios[{}]", s.name);
        v.extend(validate_inputs(c, &s.inputs, &format!("{p}.inputs")));
        v.extend(validate_levers(c, &s.levers, &format!("{p}.levers")));
    }
    v
}

/// Everything one plan needs: master data, these inputs and levers.
pub fn validate_plan_inputs(c: &Cycle, inputs: &PlanInputs, levers: &Levers) -> Vec<Issue> {
    let mut v = validate_master(c);
    v.extend(validate_inputs(c, inputs, "inputs"));
    v.extend(validate_levers(c, levers, "levers"));
    v
}

/// Master data: ids unique, references known, numbers in range.
pub fn validate_master(c: &Cycle) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let m = &c.master;
    if c.horizon == 0 || c.horizon > 120 {
        o.err(
            "horizon".into(),
            format!("must be 1–120 months, got {}", c.horizon),
        );
    } else if !(Cycle::MIN_HORIZON..=Cycle::MAX_HORIZON).contains(&c.horizon) {
        o.warn(
            "horizon".into(),
            format!("{} months is outside the usual 12–36", c.horizon),
        );
    }
    dupes(&mut o, "families", m.families.iter().map(|f| f.id.as_str()));
    dupes(
        &mut o,
        "products",
        m.products.iter().map(|p| p.sku.as_str()),
    );
    dupes(
        &mut o,
        "resources",
        m.resources.iter().map(|r| r.id.as_str()),
    );
    dupes(
        &mut o,
        "components",
        m.components.iter().map(|x| x.id.as_str()),
    );
    let fams: HashSet<&str> = m.families.iter().map(|f| f.id.as_str()).collect();
    let res: HashSet<&str> = m.resources.iter().map(|r| r.id.as_str()).collect();
    for f in &m.families {
        strategy(
            &mut o,
            format!("master.families[{}].strategy", f.id),
            f.strategy,
        );
    }
    for p in &m.products {
        let at = |f: &str| format!("master.products[{}].{f}", p.sku);
        if !fams.contains(p.family.as_str()) {
            o.err(at("family"), format!("unknown family '{}'", p.family));
        }
        if p.price.is_sign_negative() && !p.price.is_zero() {
            o.err(
                at("price"),
                format!("must not be negative, got {}", p.price),
            );
        }
        if p.unit_cost.is_sign_negative() && !p.unit_cost.is_zero() {
            o.err(
                at("unit_cost"),
                format!("must not be negative, got {}", p.unit_cost),
            );
        }
        o.nonneg(at("on_hand"), p.on_hand);
        o.nonneg(at("lot_min"), p.lot_min);
        o.nonneg(at("lot_multiple"), p.lot_multiple);
        let sl = p.service_level;
        if !sl.is_finite() || sl <= 0.0 || sl >= 1.0 {
            o.err(
                at("service_level"),
                format!("must be above 0 and below 1 (e.g. 0.95), got {sl}"),
            );
        } else if sl < 0.5 {
            o.warn(
                at("service_level"),
                format!("{sl} is below 0.5: no safety stock is planned"),
            );
        }
        if let Some(s) = p.strategy {
            strategy(&mut o, at("strategy"), s);
        }
        for r in &p.routing {
            let f = at(&format!("routing[{}]", r.resource));
            if !res.contains(r.resource.as_str()) {
                o.err(f.clone(), format!("unknown resource '{}'", r.resource));
            }
            o.nonneg(format!("{f}.hours_per_unit"), r.hours_per_unit);
        }
        let mut material = Decimal::ZERO;
        for b in &p.bom {
            let f = at(&format!("bom[{}]", b.component));
            match m.components.iter().find(|x| x.id == b.component) {
                None => o.err(f.clone(), format!("unknown component '{}'", b.component)),
                Some(x) => {
                    material += x.unit_cost
                        * rust_decimal::Decimal::from_f64_retain(b.qty_per_unit)
                            .unwrap_or_default();
                }
            }
            o.nonneg(format!("{f}.qty_per_unit"), b.qty_per_unit);
        }
        if material > p.unit_cost {
            o.warn(
                at("unit_cost"),
                format!(
                    "{} is below its BOM material cost {}: conversion cost is negative",
                    p.unit_cost,
                    material.round_dp(2)
                ),
            );
        }
    }
    for r in &m.resources {
        let at = |f: &str| format!("master.resources[{}].{f}", r.id);
        o.nonneg(at("regular_hours"), r.regular_hours);
        o.nonneg(at("overtime_hours"), r.overtime_hours);
        o.nonneg(at("crew"), r.crew);
        o.rate(at("cost_per_hour"), r.cost_per_hour);
        o.rate(at("overtime_premium"), r.overtime_premium);
        for mh in &r.calendar {
            o.nonneg(at(&format!("calendar[{}].hours", mh.month)), mh.hours);
        }
    }
    for x in &m.components {
        let at = |f: &str| format!("master.components[{}].{f}", x.id);
        if x.unit_cost.is_sign_negative() && !x.unit_cost.is_zero() {
            o.err(
                at("unit_cost"),
                format!("must not be negative, got {}", x.unit_cost),
            );
        }
        o.nonneg(at("on_hand"), x.on_hand);
        o.nonneg(at("lot_min"), x.lot_min);
        o.nonneg(at("lot_multiple"), x.lot_multiple);
    }
    o.nonneg(
        "master.workforce.hours_per_fte".into(),
        m.workforce.hours_per_fte,
    );
    o.nonneg(
        "master.workforce.current_fte".into(),
        m.workforce.current_fte,
    );
    if m.workforce.hours_per_fte == 0.0 && m.resources.iter().any(|r| r.crew > 0.0) {
        o.warn(
            "master.workforce.hours_per_fte".into(),
            "is 0: FTE needed cannot be computed and shows as 0",
        );
    }
    for h in &c.history {
        if !m.products.iter().any(|p| p.sku == h.sku) {
            o.warn(
                format!("history[{}]", h.sku),
                format!("history of unknown SKU '{}'", h.sku),
            );
        }
        if h.units.iter().any(|u| !u.is_finite() || *u < 0.0) {
            o.err(
                format!("history[{}].units", h.sku),
                "units must be numbers ≥ 0",
            );
        }
    }
    o.0
}

fn strategy(o: &mut Out, field: String, s: Strategy) {
    if let Strategy::TargetCover { months } = s
        && (!months.is_finite() || months < 0.0)
    {
        o.err(
            field,
            format!("target cover months must be ≥ 0, got {months}"),
        );
    }
}

/// One set of plan inputs against the cycle's master data. `prefix` names it.
pub fn validate_inputs(c: &Cycle, inputs: &PlanInputs, prefix: &str) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let m = &c.master;
    let skus: HashSet<&str> = m.products.iter().map(|p| p.sku.as_str()).collect();
    let fams: HashSet<&str> = m.families.iter().map(|f| f.id.as_str()).collect();
    let last = c.label.plus(c.horizon as i32 - 1);
    for a in &inputs.adjustments {
        let at = |f: &str| format!("{prefix}.adjustments[#{}].{f}", a.id);
        match &a.target {
            Target::Sku(s) if !skus.contains(s.as_str()) => {
                o.err(at("target"), format!("unknown SKU '{s}'"))
            }
            Target::Family(f) if !fams.contains(f.as_str()) => {
                o.err(at("target"), format!("unknown family '{f}'"))
            }
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
            Change::Units(u) | Change::Percent(u) if !u.is_finite() || u.abs() > QTY_LIMIT => o
                .err(
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
    for p in &inputs.pipeline {
        let at = |f: &str| format!("{prefix}.pipeline[#{}].{f}", p.id);
        if !skus.contains(p.sku.as_str()) {
            o.err(at("sku"), format!("unknown SKU '{}'", p.sku));
        }
        o.nonneg(at("units"), p.units);
        if !(0.0..=1.0).contains(&p.probability) {
            o.err(
                at("probability"),
                format!("must be between 0 and 1, got {}", p.probability),
            );
        }
    }
    for (k, p) in inputs.supply.overrides.iter().enumerate() {
        let at = |f: &str| format!("{prefix}.supply.overrides[{k}].{f}");
        if !skus.contains(p.sku.as_str()) {
            o.err(at("sku"), format!("unknown SKU '{}'", p.sku));
        }
        o.nonneg(at("units"), p.units);
        if p.month < c.label || p.month > last {
            o.warn(
                at("month"),
                format!("{} is outside the planned months", p.month),
            );
        }
    }
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
