//! Cross-reference and range checks with messages a planner understands.
//!
//! Each [`Issue`] names the field by a path (`master.products[EB-CITY-500].price`,
//! `inputs.adjustments[#12].target`, `scenarios[Hot spring].levers.capacity_pct[ASSY]`)
//! and says what is wrong. Errors make the plan meaningless (unknown ids, negative
//! prices, service level ≥ 1); warnings are worth a look but the plan is computed.
//! The planner ([`super::plan`]) never panics either way: it skips what it cannot use.

pub mod corrections;
mod inputs;
mod lifecycle;
mod master;
mod notes;

pub use inputs::{
    InputsCheck, OUTLIER_K, SEASON_MONTHS, validate_adjustment, validate_baselines,
    validate_forecast, validate_inputs, validate_levers, validate_override,
};
pub use master::validate_master;
pub use notes::validate_notes;

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

impl Issue {
    /// The issue in a planner's words: the place as things are called on screen, then
    /// what is wrong. `cycles[2026-11].master.products[EB-CITY-500].price` with "must
    /// not be negative, got -5" reads "cycle 2026-11, product EB-CITY-500: price must
    /// not be negative, got -5".
    pub fn in_words(&self) -> String {
        let mut place = Vec::new();
        let mut last = None;
        for seg in self.field.split('.') {
            match seg.split_once('[') {
                Some((name, key)) => {
                    let key = key.strip_suffix(']').unwrap_or(key);
                    place.push(format!("{} {key}", segment_word(name)));
                }
                None if matches!(seg, "master" | "inputs" | "supply") => {}
                None if segment_word(seg) != seg => place.push(seg.replace('_', " ")),
                None => last = Some(seg.replace('_', " ")),
            }
        }
        // "price must not be …", "price 1e13 is too large"; else the field is a place:
        // "pipeline deal #7, sku: unknown SKU 'KB-20'".
        let m = &self.message;
        let continues = ["must ", "is ", "ends ", "units must"]
            .iter()
            .any(|w| m.starts_with(w))
            || m.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        let what = match last {
            Some(f) if continues => format!("{f} {m}"),
            Some(f) => {
                place.push(f);
                m.clone()
            }
            None => m.clone(),
        };
        if place.is_empty() {
            what
        } else {
            format!("{}: {what}", place.join(", "))
        }
    }
}

/// What a list in a field path is called on screen.
fn segment_word(name: &str) -> &str {
    match name {
        "cycles" => "cycle",
        "families" => "family",
        "products" => "product",
        "resources" => "resource",
        "components" => "component",
        "routing" => "routing on",
        "bom" => "BOM line",
        "calendar" => "calendar",
        "history" => "history of",
        "adjustments" => "adjustment",
        "pipeline" => "pipeline deal",
        "overrides" => "production override",
        "budget" => "budget",
        "scenarios" => "scenario",
        "demand_pct" => "demand lever for",
        "capacity_pct" => "capacity lever for",
        "baselines" => "baseline of",
        "model_overrides" => "model override for",
        other => other,
    }
}

/// The errors in `after` that are not in `before` (same field and message): what an
/// edit or import introduced, leaving problems the data already had alone.
pub fn new_errors(before: &[Issue], after: Vec<Issue>) -> Vec<Issue> {
    let old: HashSet<(&str, &str)> = before
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.field.as_str(), i.message.as_str()))
        .collect();
    after
        .into_iter()
        .filter(|i| {
            i.severity == Severity::Error && !old.contains(&(i.field.as_str(), i.message.as_str()))
        })
        .collect()
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
    fn lead_time(&mut self, field: String, months: u32) {
        if months > LEAD_TIME_LIMIT {
            self.err(
                field,
                format!("{months} months is too long (at most {LEAD_TIME_LIMIT})"),
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

/// Largest lead time accepted, in months (ten years).
pub const LEAD_TIME_LIMIT: u32 = 120;

/// Ids at `prefix` (`master.products`) that are empty or used twice.
fn dupes<'a>(out: &mut Out, prefix: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for id in ids {
        if id.trim().is_empty() {
            out.err(prefix.to_string(), "an id is empty");
        } else if !seen.insert(id) {
            out.err(
                format!("{prefix}[{id}]"),
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
                "{} is newer than this program understands ({FORMAT_VERSION})",
                ws.format
            ),
        });
    }
    let mut o = Out(Vec::new());
    if ws.id.trim().is_empty() {
        o.err("id".into(), "is empty (a workspace needs one)");
    }
    if ws.name.trim().is_empty() {
        o.err("name".into(), "is empty (a workspace needs one)");
    }
    if ws.cycles.is_empty() {
        o.err("cycles".into(), "the workspace has no cycle to plan");
    }
    dupes(&mut o, "cycles", ws.cycles.iter().map(|c| c.id.as_str()));
    v.extend(o.0);
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
    if c.status == CycleStatus::Approved && c.master.products.is_empty() {
        v.push(Issue {
            severity: Severity::Error,
            field: "master.products".into(),
            message: "the cycle is approved but has no products: nothing was planned".into(),
        });
    }
    v.extend(validate_scenarios(&c.scenarios));
    v.extend(validate_inputs(c, &c.inputs, "inputs"));
    v.extend(validate_forecast(c));
    v.extend(validate_notes(c));
    for s in &c.scenarios {
        let p = format!("scenarios[{}]", s.name);
        v.extend(validate_inputs(c, &s.inputs, &format!("{p}.inputs")));
        v.extend(validate_levers(c, &s.levers, &format!("{p}.levers")));
    }
    v
}

/// Scenario ids and names: unique, names not empty.
pub fn validate_scenarios(scenarios: &[Scenario]) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let ids: Vec<String> = scenarios.iter().map(|s| format!("#{}", s.id)).collect();
    dupes(&mut o, "scenarios", ids.iter().map(String::as_str));
    let mut names = HashSet::new();
    for s in scenarios {
        let name = s.name.trim().to_lowercase();
        if name.is_empty() {
            o.err(
                format!("scenarios[#{}].name", s.id),
                "a scenario has no name",
            );
        } else if !names.insert(name) {
            o.err(
                format!("scenarios[{}].name", s.name),
                "is used by two scenarios",
            );
        }
    }
    o.0
}

/// Everything one plan needs: master data, these inputs and levers.
pub fn validate_plan_inputs(c: &Cycle, inputs: &PlanInputs, levers: &Levers) -> Vec<Issue> {
    let mut v = validate_master(c);
    v.extend(validate_inputs(c, inputs, "inputs"));
    v.extend(validate_levers(c, levers, "levers"));
    v
}
