//! Edits to a cycle as commands: every change the UI makes goes through
//! [`Command::apply`], which checks it, performs it and returns the inverse command.
//! Undo is applying the inverse; redo is applying the inverse's inverse.

use super::model::{
    Adjustment, Change, Cycle, CycleStatus, Decision, FrozenPlan, Layer, MasterData, PlanInputs,
    Role, Scenario, SkuHistory, Target,
};
use super::month::Month;
use super::plan::validate;
use std::fmt;

/// Which plan an edit of plan inputs goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PlanRef {
    /// The cycle's own inputs.
    #[default]
    Base,
    /// The scenario with this id.
    Scenario(u64),
}

/// One edit of a cycle.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Correct an actual: units sold of `sku` in `month` (inside its history).
    SetActual {
        sku: String,
        month: Month,
        units: f64,
    },
    /// Replace the inputs of the base plan or of a scenario (adjustments, pipeline,
    /// supply settings, finance, budget). Built by the pure functions of this module.
    SetInputs {
        plan: PlanRef,
        inputs: Box<PlanInputs>,
    },
    /// Replace the master data (families, products, resources, components, workforce).
    SetMaster(Box<MasterData>),
    /// Replace the actuals (an import of history).
    SetHistory(Vec<SkuHistory>),
    /// Replace the list of scenarios.
    SetScenarios(Vec<Scenario>),
    /// Replace the decisions log.
    SetDecisions(Vec<Decision>),
    /// Move the cycle to another status short of approval (approval is [`Command::Approve`]).
    SetStatus(CycleStatus),
    /// Approve: freeze the plan snapshot; the cycle becomes read-only. Not undoable.
    Approve(Box<FrozenPlan>),
    /// Several edits as one (one undo step). Applied in order; all or nothing.
    Batch(Vec<Command>),
}

/// Why a command was refused; the cycle is left unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandError(pub String);

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

impl Command {
    /// Applies the edit to `cycle` and returns the command that undoes it.
    /// On error nothing is changed. An edit of master data, history, plan inputs or
    /// scenarios that introduces a validation error (`engine::plan::validate`) is
    /// refused with the first one in a planner's words; problems the cycle already had
    /// do not block other edits.
    pub fn apply(&self, cycle: &mut Cycle) -> Result<Command, CommandError> {
        if let Command::SetInputs { plan, inputs } = self
            && let Some(current) = inputs_of(cycle, *plan)
        {
            // The most frequent edit: old and new inputs checked before applying, with
            // the SKUs looked up once.
            let check = validate::InputsCheck::new(cycle);
            let prefix = inputs_prefix(*plan);
            let before = check.run(current, &prefix);
            if let Some(first) = validate::new_errors(&before, check.run(inputs, &prefix)).first() {
                return Err(CommandError(first.in_words()));
            }
            return self.apply_unchecked(cycle);
        }
        let before = self.touched_issues(cycle);
        let inverse = self.apply_unchecked(cycle)?;
        if let Some(before) = before {
            let after = self.touched_issues(cycle).unwrap_or_default();
            if let Some(first) = validate::new_errors(&before, after).first() {
                // Undo exactly; the inverse of a replacement cannot fail.
                let _ = inverse.apply_unchecked(cycle);
                return Err(CommandError(first.in_words()));
            }
        }
        Ok(inverse)
    }

    /// The validation issues of the part of `cycle` this edit replaces, `None` for
    /// edits that are not checked here.
    fn touched_issues(&self, cycle: &Cycle) -> Option<Vec<validate::Issue>> {
        match self {
            Command::SetMaster(_) | Command::SetHistory(_) => {
                Some(validate::validate_master(cycle))
            }
            Command::SetScenarios(_) => {
                let mut v = validate::validate_scenarios(&cycle.scenarios);
                for s in &cycle.scenarios {
                    let p = format!("scenarios[{}]", s.name);
                    v.extend(validate::validate_inputs(
                        cycle,
                        &s.inputs,
                        &format!("{p}.inputs"),
                    ));
                    v.extend(validate::validate_levers(
                        cycle,
                        &s.levers,
                        &format!("{p}.levers"),
                    ));
                }
                Some(v)
            }
            _ => None,
        }
    }

    fn apply_unchecked(&self, cycle: &mut Cycle) -> Result<Command, CommandError> {
        if cycle.is_frozen() {
            return Err(CommandError(format!(
                "cycle {} is approved and read-only; roll it forward to plan again",
                cycle.label
            )));
        }
        match self {
            Command::SetInputs { plan, inputs } => {
                let slot = inputs_mut(cycle, *plan)?;
                let old = std::mem::replace(slot, (**inputs).clone());
                Ok(Command::SetInputs {
                    plan: *plan,
                    inputs: Box::new(old),
                })
            }
            Command::SetMaster(m) => Ok(Command::SetMaster(Box::new(std::mem::replace(
                &mut cycle.master,
                (**m).clone(),
            )))),
            Command::SetHistory(h) => Ok(Command::SetHistory(std::mem::replace(
                &mut cycle.history,
                h.clone(),
            ))),
            Command::SetScenarios(s) => Ok(Command::SetScenarios(std::mem::replace(
                &mut cycle.scenarios,
                s.clone(),
            ))),
            Command::SetDecisions(d) => Ok(Command::SetDecisions(std::mem::replace(
                &mut cycle.decisions,
                d.clone(),
            ))),
            Command::SetStatus(s) => {
                if *s == CycleStatus::Approved {
                    return Err(CommandError(
                        "approve the cycle with the Approve action, which freezes the plan".into(),
                    ));
                }
                Ok(Command::SetStatus(std::mem::replace(&mut cycle.status, *s)))
            }
            Command::Approve(frozen) => {
                cycle.frozen = Some((**frozen).clone());
                cycle.status = CycleStatus::Approved;
                // Nothing undoes an approval; the inverse is refused as read-only.
                Ok(Command::SetStatus(CycleStatus::FinancialReview))
            }
            Command::Batch(cmds) => {
                let mut work = cycle.clone();
                let mut inverses = Vec::with_capacity(cmds.len());
                for c in cmds {
                    inverses.push(c.apply(&mut work)?);
                }
                *cycle = work;
                inverses.reverse();
                Ok(Command::Batch(inverses))
            }
            Command::SetActual { sku, month, units } => {
                if !units.is_finite() || *units < 0.0 {
                    return Err(CommandError(format!(
                        "{sku} {month}: units sold must be a number ≥ 0, not {units}"
                    )));
                }
                let h = cycle
                    .history
                    .iter_mut()
                    .find(|h| h.sku == *sku)
                    .ok_or_else(|| CommandError(format!("{sku} has no history")))?;
                let i = usize::try_from(month.since(h.start))
                    .ok()
                    .filter(|i| *i < h.units.len())
                    .ok_or_else(|| {
                        CommandError(format!(
                            "{sku}: {month} is outside its history ({} to {})",
                            h.start,
                            h.end().plus(-1)
                        ))
                    })?;
                let old = std::mem::replace(&mut h.units[i], *units);
                Ok(Command::SetActual {
                    sku: sku.clone(),
                    month: *month,
                    units: old,
                })
            }
        }
    }
}

/// How validation names the inputs of `plan`.
fn inputs_prefix(plan: PlanRef) -> String {
    match plan {
        PlanRef::Base => "inputs".to_string(),
        PlanRef::Scenario(id) => format!("scenarios[#{id}].inputs"),
    }
}

/// The inputs of `plan` in `cycle`.
pub fn inputs_of(cycle: &Cycle, plan: PlanRef) -> Option<&PlanInputs> {
    match plan {
        PlanRef::Base => Some(&cycle.inputs),
        PlanRef::Scenario(id) => cycle
            .scenarios
            .iter()
            .find(|s| s.id == id)
            .map(|s| &s.inputs),
    }
}

fn inputs_mut(cycle: &mut Cycle, plan: PlanRef) -> Result<&mut PlanInputs, CommandError> {
    match plan {
        PlanRef::Base => Ok(&mut cycle.inputs),
        PlanRef::Scenario(id) => cycle
            .scenarios
            .iter_mut()
            .find(|s| s.id == id)
            .map(|s| &mut s.inputs)
            .ok_or_else(|| CommandError(format!("scenario {id} no longer exists"))),
    }
}

/// The next free id among `ids` (max + 1, at least 1).
pub fn next_id(ids: impl Iterator<Item = u64>) -> u64 {
    ids.max().unwrap_or(0) + 1
}

/// The units of the single-month adjustment that the forecast grid keeps for one cell
/// (layer × target × month), 0 if there is none.
pub fn cell_adjustment(inputs: &PlanInputs, layer: Layer, target: &Target, month: Month) -> f64 {
    inputs
        .adjustments
        .iter()
        .find(|a| is_cell(a, layer, target, month))
        .map_or(0.0, |a| match a.change {
            Change::Units(u) => u,
            Change::Percent(_) => 0.0,
        })
}

fn is_cell(a: &Adjustment, layer: Layer, target: &Target, month: Month) -> bool {
    a.layer == layer
        && a.from == month
        && a.to == month
        && a.target == *target
        && matches!(a.change, Change::Units(_))
}

/// Sets the single-month units adjustment of one cell of the forecast grid (layer ×
/// SKU or family × month) to `delta`, creating or updating it; zero removes it.
/// Typing value `x` in a layer row whose value is `v` sets
/// `delta = cell_adjustment + (x − v)`, since a layer adds its units linearly.
/// Adjustments over several months or in percent are left as they are.
pub fn set_cell_adjustment(
    inputs: &PlanInputs,
    layer: Layer,
    role: Role,
    target: &Target,
    month: Month,
    delta: f64,
    reason: &str,
) -> PlanInputs {
    let mut out = inputs.clone();
    let is_cell = |a: &Adjustment| is_cell(a, layer, target, month);
    let existing = out.adjustments.iter().position(is_cell);
    let delta = if delta.abs() < 1e-9 { 0.0 } else { delta };
    match (existing, delta == 0.0) {
        (Some(i), true) => {
            out.adjustments.remove(i);
        }
        (Some(i), false) => {
            let a = &mut out.adjustments[i];
            a.change = Change::Units(delta);
            a.role = role;
            if !reason.is_empty() {
                a.reason = reason.to_string();
            }
        }
        (None, true) => {}
        (None, false) => {
            let id = next_id(out.adjustments.iter().map(|a| a.id));
            out.adjustments.push(Adjustment {
                id,
                layer,
                role,
                target: target.clone(),
                from: month,
                to: month,
                change: Change::Units(delta),
                reason: reason.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::model::CycleStatus;

    #[test]
    fn set_actual_and_undo_restore_the_cycle() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let m = c.label.plus(-1);
        let cmd = Command::SetActual {
            sku: "KB-16".into(),
            month: m,
            units: 999.0,
        };
        let undo = cmd.apply(&mut c).unwrap();
        let h = c.history.iter().find(|h| h.sku == "KB-16").unwrap();
        assert_eq!(h.get(m), Some(999.0));
        let redo = undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
        assert_eq!(redo, cmd);
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let bad = [
            ("KB-16", c.label, 5.0),           // a planned month, not history
            ("KB-16", c.label.plus(-1), -1.0), // negative
            ("KB-16", c.label.plus(-1), f64::NAN),
            ("NOPE", c.label.plus(-1), 1.0),
        ];
        for (sku, month, units) in bad {
            let e = Command::SetActual {
                sku: sku.into(),
                month,
                units,
            }
            .apply(&mut c)
            .unwrap_err();
            assert!(e.0.contains(sku), "{e}");
        }
        c.status = CycleStatus::Approved;
        let e = Command::SetActual {
            sku: "KB-16".into(),
            month: c.label.plus(-1),
            units: 1.0,
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("read-only"));
        c.status = before.status;
        assert_eq!(c, before);
    }

    #[test]
    fn set_inputs_targets_base_or_scenario_and_undoes() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let mut inputs = c.inputs.clone();
        inputs.supply.constrained = true;
        let undo = Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        }
        .apply(&mut c)
        .unwrap();
        assert!(c.inputs.supply.constrained);
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
        let e = Command::SetInputs {
            plan: PlanRef::Scenario(9),
            inputs: Box::new(c.inputs.clone()),
        }
        .apply(&mut c)
        .unwrap_err();
        assert!(e.0.contains("scenario 9"));
    }

    #[test]
    fn batch_is_all_or_nothing_and_undoes_in_reverse() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let m = c.label.plus(-1);
        let ok = Command::SetActual {
            sku: "KB-16".into(),
            month: m,
            units: 1.0,
        };
        let bad = Command::SetActual {
            sku: "KB-16".into(),
            month: c.label,
            units: 1.0,
        };
        assert!(Command::Batch(vec![ok.clone(), bad]).apply(&mut c).is_err());
        assert_eq!(c, before, "nothing applied when one part fails");
        let again = Command::SetActual {
            sku: "KB-16".into(),
            month: m,
            units: 2.0,
        };
        let undo = Command::Batch(vec![ok, again]).apply(&mut c).unwrap();
        assert_eq!(
            c.history.iter().find(|h| h.sku == "KB-16").unwrap().get(m),
            Some(2.0)
        );
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
    }

    #[test]
    fn approval_freezes_and_nothing_edits_it_afterwards() {
        let mut c = demo_workspace().cycles.remove(0);
        let frozen = FrozenPlan {
            approved_on: "2026-11-30".into(),
            start: c.label,
            series: Vec::new(),
        };
        assert!(
            Command::SetStatus(CycleStatus::Approved)
                .apply(&mut c)
                .is_err()
        );
        let undo = Command::Approve(Box::new(frozen.clone()))
            .apply(&mut c)
            .unwrap();
        assert!(c.is_frozen());
        assert_eq!(c.frozen, Some(frozen));
        assert!(undo.apply(&mut c).unwrap_err().0.contains("read-only"));
        assert!(Command::SetDecisions(vec![]).apply(&mut c).is_err());
    }

    #[test]
    fn typing_in_a_layer_cell_creates_updates_and_removes_its_adjustment() {
        let c = demo_workspace().cycles.remove(0);
        let m = c.label.plus(2);
        let n = c.inputs.adjustments.len();
        let kb = Target::Sku("KB-16".into());
        let a = set_cell_adjustment(&c.inputs, Layer::Sales, Role::Sales, &kb, m, 40.0, "promo");
        assert_eq!(cell_adjustment(&a, Layer::Sales, &kb, m), 40.0);
        assert_eq!(cell_adjustment(&a, Layer::Marketing, &kb, m), 0.0);
        assert_eq!(a.adjustments.len(), n + 1);
        let added = a.adjustments.last().unwrap();
        assert_eq!(added.change, Change::Units(40.0));
        assert_eq!(added.target, Target::Sku("KB-16".into()));
        assert_eq!((added.from, added.to), (m, m));
        assert_eq!(added.id, 6, "next id after the demo's five");
        let b = set_cell_adjustment(&a, Layer::Sales, Role::Sales, &kb, m, -5.0, "");
        assert_eq!(b.adjustments.len(), n + 1);
        assert_eq!(b.adjustments.last().unwrap().change, Change::Units(-5.0));
        assert_eq!(b.adjustments.last().unwrap().reason, "promo", "reason kept");
        let other_layer = set_cell_adjustment(&b, Layer::Consensus, Role::Finance, &kb, m, 3.0, "");
        assert_eq!(other_layer.adjustments.len(), n + 2);
        let removed = set_cell_adjustment(&b, Layer::Sales, Role::Sales, &kb, m, 0.0, "");
        assert_eq!(removed.adjustments, c.inputs.adjustments);
    }
}

// ─────────────────────────────────────────────────────────────────────────────────────
// Financial and executive review: finance terms typed as text, scenarios (save as,
// levers, promote, delete) and the decisions log. Pure functions that build commands.
// ─────────────────────────────────────────────────────────────────────────────────────

use super::model::{FinanceParams, Levers};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Longest payment term accepted for DSO and DPO, in days.
pub const MAX_TERM_DAYS: u32 = 365;

/// A finance term edited in the financial review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FinanceTerm {
    OpeningCash,
    DsoDays,
    DpoDays,
    FixedCost,
    MinCash,
}

impl FinanceTerm {
    pub const ALL: [FinanceTerm; 5] = [
        FinanceTerm::OpeningCash,
        FinanceTerm::DsoDays,
        FinanceTerm::DpoDays,
        FinanceTerm::FixedCost,
        FinanceTerm::MinCash,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FinanceTerm::OpeningCash => "Opening cash",
            FinanceTerm::DsoDays => "DSO (days customers take to pay)",
            FinanceTerm::DpoDays => "DPO (days we take to pay suppliers)",
            FinanceTerm::FixedCost => "Fixed cost per month",
            FinanceTerm::MinCash => "Minimum cash",
        }
    }

    /// Money (currency, cents) or days.
    pub fn is_money(self) -> bool {
        !matches!(self, FinanceTerm::DsoDays | FinanceTerm::DpoDays)
    }

    /// The term's current value in `f`.
    pub fn get(self, f: &FinanceParams) -> Decimal {
        match self {
            FinanceTerm::OpeningCash => f.opening_cash,
            FinanceTerm::DsoDays => f.dso_days,
            FinanceTerm::DpoDays => f.dpo_days,
            FinanceTerm::FixedCost => f.fixed_cost,
            FinanceTerm::MinCash => f.min_cash,
        }
    }

    fn slot(self, f: &mut FinanceParams) -> &mut Decimal {
        match self {
            FinanceTerm::OpeningCash => &mut f.opening_cash,
            FinanceTerm::DsoDays => &mut f.dso_days,
            FinanceTerm::DpoDays => &mut f.dpo_days,
            FinanceTerm::FixedCost => &mut f.fixed_cost,
            FinanceTerm::MinCash => &mut f.min_cash,
        }
    }
}

/// Reads an amount a planner typed, exactly (no binary floating point on the way):
/// currency signs and codes (`€`, `$`, `£`, `EUR`), spaces and apostrophes are ignored;
/// `1,234,567.89`, `1.234.567,89`, `1 234 567,89` and `12,5` are understood (with both
/// separators the last one is the decimal point; a single comma followed by exactly
/// three digits groups thousands); `k` and `m` suffixes multiply by a thousand and a
/// million; `-`, `−` or parentheses make it negative.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let original = text.trim();
    let mut t: String = original
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\'' | '€' | '$' | '£')
        })
        .collect();
    if t.is_empty() {
        return Err("enter an amount".into());
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') && t.len() > 2 {
        negative = true;
        t = t[1..t.len() - 1].to_string();
    }
    for code in ["EUR", "USD", "GBP", "CHF"] {
        if let Some(rest) = t.strip_prefix(code).or_else(|| t.strip_suffix(code)) {
            t = rest.to_string();
        }
    }
    if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        negative = !negative;
        t = rest.to_string();
    }
    let mut factor = Decimal::ONE;
    if let Some(rest) = t.strip_suffix(['k', 'K']) {
        factor = Decimal::from(1_000);
        t = rest.to_string();
    } else if let Some(rest) = t.strip_suffix(['m', 'M']) {
        factor = Decimal::from(1_000_000);
        t = rest.to_string();
    }
    let not_a_number = || format!("'{original}' is not an amount");
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_a_number());
    }
    let (commas, dots) = (t.matches(',').count(), t.matches('.').count());
    // Digits grouped by `sep` in threes (`1,234,567`), without the separators.
    let ungroup = |s: &str, sep: char| -> Option<String> {
        let parts: Vec<&str> = s.split(sep).collect();
        let first_ok = (1..=3).contains(&parts[0].len());
        (first_ok && parts[1..].iter().all(|p| p.len() == 3)).then(|| parts.concat())
    };
    let plain = match (commas, dots) {
        (0, 0) | (0, 1) => Some(t.clone()),
        (0, _) => ungroup(&t, '.'),
        (1, 0) if t.split(',').nth(1).is_some_and(|f| f.len() != 3) => Some(t.replace(',', ".")),
        (_, 0) => ungroup(&t, ','),
        _ => {
            // Both: the last separator is the decimal point, the other groups thousands.
            let i = t.rfind(['.', ',']).unwrap_or(0);
            let (int, frac) = (&t[..i], &t[i + 1..]);
            let group = if &t[i..i + 1] == "." { ',' } else { '.' };
            if frac.contains(['.', ',']) {
                None
            } else {
                ungroup(int, group).map(|int| format!("{int}.{frac}"))
            }
        }
    }
    .ok_or_else(not_a_number)?;
    let value = Decimal::from_str(&plain).map_err(|_| not_a_number())?;
    let value = value
        .checked_mul(factor)
        .ok_or_else(|| format!("'{original}' is too large"))?;
    Ok(if negative { -value } else { value })
}

/// The inputs with one finance term set from the planner's text, or why it is refused
/// (a sentence naming the term). Money must be ≥ 0 with at most cents; days 0–365 with
/// at most two decimals.
pub fn set_finance_term(
    inputs: &PlanInputs,
    term: FinanceTerm,
    text: &str,
) -> Result<PlanInputs, String> {
    let name = term.label();
    let v = parse_decimal(text).map_err(|e| format!("{name}: {e}"))?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(format!(
            "{name}: {} is negative; enter 0 or more",
            text.trim()
        ));
    }
    if term.is_money() && v.normalize().scale() > 2 {
        return Err(format!("{name}: use at most two decimals (cents)"));
    }
    if !term.is_money() {
        if v > Decimal::from(MAX_TERM_DAYS) {
            return Err(format!(
                "{name}: {} days is more than a year; enter 0 to {MAX_TERM_DAYS}",
                v.normalize()
            ));
        }
        if v.normalize().scale() > 2 {
            return Err(format!("{name}: use at most two decimals"));
        }
    }
    let mut out = inputs.clone();
    *term.slot(&mut out.finance) = v.normalize();
    Ok(out)
}

/// The name, trimmed, if it can name a new scenario of `cycle` (not empty, not taken).
pub fn check_scenario_name(cycle: &Cycle, name: &str) -> Result<String, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError("give the scenario a name".into()));
    }
    if name.chars().count() > 60 {
        return Err(CommandError(
            "keep the scenario name under 60 characters".into(),
        ));
    }
    if name.eq_ignore_ascii_case("base") || name.eq_ignore_ascii_case("base plan") {
        return Err(CommandError(format!(
            "'{name}' is the base plan's name; choose another"
        )));
    }
    if cycle
        .scenarios
        .iter()
        .any(|s| s.name.trim().eq_ignore_ascii_case(name))
    {
        return Err(CommandError(format!(
            "a scenario named '{name}' already exists"
        )));
    }
    Ok(name.to_string())
}

/// "Save as scenario": a new scenario `name` with the inputs and levers of plan `from`
/// (the base plan has no levers). With `reset_base`, the base plan's inputs go back to
/// it in the same command, so the what-if edits live on in the scenario only and one
/// undo takes both back. Returns the command and the new scenario's id.
pub fn save_as_scenario(
    cycle: &Cycle,
    from: PlanRef,
    name: &str,
    reset_base: Option<&PlanInputs>,
) -> Result<(Command, u64), CommandError> {
    let name = check_scenario_name(cycle, name)?;
    let (inputs, levers) = match from {
        PlanRef::Base => (cycle.inputs.clone(), Levers::default()),
        PlanRef::Scenario(id) => {
            let s = cycle
                .scenarios
                .iter()
                .find(|s| s.id == id)
                .ok_or_else(|| CommandError(format!("scenario {id} no longer exists")))?;
            (s.inputs.clone(), s.levers.clone())
        }
    };
    let id = next_id(cycle.scenarios.iter().map(|s| s.id));
    let mut scenarios = cycle.scenarios.clone();
    scenarios.push(Scenario {
        id,
        name,
        inputs,
        levers,
        note: String::new(),
    });
    let mut cmds = vec![Command::SetScenarios(scenarios)];
    if let Some(base) = reset_base.filter(|b| **b != cycle.inputs) {
        cmds.push(Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(base.clone()),
        });
    }
    Ok((Command::Batch(cmds), id))
}

/// Checks scenario levers: percentages finite and above −100 %, days 0–365.
pub fn check_levers(levers: &Levers) -> Result<(), CommandError> {
    let pct = |what: &str, p: f64| {
        if !p.is_finite() || p <= -100.0 {
            Err(CommandError(format!(
                "{what}: {p} % is not possible; enter more than −100 %"
            )))
        } else {
            Ok(())
        }
    };
    for d in &levers.demand_pct {
        pct(&format!("Demand of {}", d.id), d.pct)?;
    }
    pct("Price", levers.price_pct)?;
    pct("Cost", levers.cost_pct)?;
    for c in &levers.capacity_pct {
        pct(&format!("Capacity of {}", c.id), c.pct)?;
    }
    for (what, days) in [("DSO", levers.dso_days), ("DPO", levers.dpo_days)] {
        if let Some(d) = days
            && (d.is_sign_negative() && !d.is_zero() || d > Decimal::from(MAX_TERM_DAYS))
        {
            return Err(CommandError(format!(
                "{what}: {d} days is outside 0 to {MAX_TERM_DAYS}"
            )));
        }
    }
    Ok(())
}

/// Sets the levers of scenario `id` (checked with [`check_levers`]); zero percentages
/// are dropped from the per-family and per-resource lists.
pub fn set_scenario_levers(
    cycle: &Cycle,
    id: u64,
    levers: Levers,
) -> Result<Command, CommandError> {
    check_levers(&levers)?;
    let mut levers = levers;
    levers.demand_pct.retain(|d| d.pct != 0.0);
    levers.capacity_pct.retain(|c| c.pct != 0.0);
    let mut scenarios = cycle.scenarios.clone();
    let s = scenarios
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| CommandError(format!("scenario {id} no longer exists")))?;
    s.levers = levers;
    Ok(Command::SetScenarios(scenarios))
}

/// Removes scenario `id`.
pub fn delete_scenario(cycle: &Cycle, id: u64) -> Result<Command, CommandError> {
    if !cycle.scenarios.iter().any(|s| s.id == id) {
        return Err(CommandError(format!("scenario {id} no longer exists")));
    }
    let scenarios = cycle
        .scenarios
        .iter()
        .filter(|s| s.id != id)
        .cloned()
        .collect();
    Ok(Command::SetScenarios(scenarios))
}

/// Levers the base plan cannot carry (it is planned without levers): demand %, price %,
/// cost %, capacity % and strategy. DSO and DPO fold into the finance terms.
pub fn unfoldable_levers(levers: &Levers) -> Vec<&'static str> {
    let mut out = Vec::new();
    if levers.demand_pct.iter().any(|d| d.pct != 0.0) {
        out.push("demand %");
    }
    if levers.price_pct != 0.0 {
        out.push("price %");
    }
    if levers.cost_pct != 0.0 {
        out.push("cost %");
    }
    if levers.capacity_pct.iter().any(|c| c.pct != 0.0) {
        out.push("capacity %");
    }
    if levers.strategy.is_some() {
        out.push("strategy");
    }
    out
}

/// What promoting a scenario does.
#[derive(Clone, Debug, PartialEq)]
pub struct Promotion {
    /// One command (one undo step).
    pub command: Command,
    /// The base plan's new inputs (the scenario's, DSO/DPO levers folded in).
    pub base_inputs: PlanInputs,
    /// Levers that stay in the scenario (see [`unfoldable_levers`]); the scenario is
    /// kept when there are any, and removed otherwise (the base plan now equals it).
    pub kept_levers: Vec<&'static str>,
}

/// "Promote to plan": the scenario's inputs become the base plan's, its DSO and DPO
/// levers become the finance terms. The engine applies the other levers (demand, price,
/// cost, capacity, strategy) to scenarios only, so they cannot become part of the base
/// plan: a scenario with such levers is kept, so that nothing is lost; one without is
/// removed, as the base plan now equals it.
pub fn promote_scenario(cycle: &Cycle, id: u64) -> Result<Promotion, CommandError> {
    let s = cycle
        .scenarios
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| CommandError(format!("scenario {id} no longer exists")))?;
    let mut base_inputs = s.inputs.clone();
    if let Some(d) = s.levers.dso_days {
        base_inputs.finance.dso_days = d;
    }
    if let Some(d) = s.levers.dpo_days {
        base_inputs.finance.dpo_days = d;
    }
    let kept_levers = unfoldable_levers(&s.levers);
    let mut cmds = vec![Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(base_inputs.clone()),
    }];
    if kept_levers.is_empty() {
        cmds.push(delete_scenario(cycle, id)?);
    }
    Ok(Promotion {
        command: Command::Batch(cmds),
        base_inputs,
        kept_levers,
    })
}

/// Adds a line to the decisions log; `date` is an ISO date `YYYY-MM-DD`.
pub fn add_decision(
    cycle: &Cycle,
    role: Role,
    text: &str,
    date: &str,
) -> Result<Command, CommandError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CommandError("write the decision first".into()));
    }
    let b = date.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !iso {
        return Err(CommandError(format!(
            "'{date}' is not a date like 2026-11-30"
        )));
    }
    let mut decisions = cycle.decisions.clone();
    decisions.push(Decision {
        id: next_id(decisions.iter().map(|d| d.id)),
        date: date.to_string(),
        role,
        text: text.to_string(),
    });
    Ok(Command::SetDecisions(decisions))
}

#[cfg(test)]
mod review_tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::model::PctFor;
    use crate::engine::plan::{plan_cycle, plan_scenario};

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_are_read_exactly_as_planners_type_them() {
        let ok = [
            ("1234567.89", "1234567.89"),
            ("1,234,567.89", "1234567.89"),
            ("1.234.567,89", "1234567.89"),
            ("1 234 567,89", "1234567.89"),
            ("€ 1,234", "1234"),
            ("1,234 EUR", "1234"),
            ("12,5", "12.5"),
            ("0.1", "0.1"),
            ("250k", "250000"),
            ("1.5m", "1500000"),
            ("-3", "-3"),
            ("−3", "-3"),
            ("(1,000)", "-1000"),
            ("  45 ", "45"),
            ("1'000'000", "1000000"),
        ];
        for (text, want) in ok {
            assert_eq!(parse_decimal(text), Ok(dec(want)), "{text}");
        }
        // 0.1 + 0.2 is exactly 0.3 (no binary float on the way).
        assert_eq!(
            parse_decimal("0.1").unwrap() + parse_decimal("0.2").unwrap(),
            dec("0.3")
        );
        for bad in ["", "abc", "1e5", "1.2.3,4,5", "12..5", "€", "1,2,3.4.5"] {
            assert!(parse_decimal(bad).is_err(), "{bad} refused");
        }
        assert!(parse_decimal("abc").unwrap_err().contains("abc"));
    }

    #[test]
    fn finance_terms_are_set_exactly_and_bad_ones_explained() {
        let c = demo_workspace().cycles.remove(0);
        let i = set_finance_term(&c.inputs, FinanceTerm::OpeningCash, "€ 1,234,567.89").unwrap();
        assert_eq!(i.finance.opening_cash, dec("1234567.89"));
        assert_eq!(FinanceTerm::OpeningCash.get(&i.finance), dec("1234567.89"));
        let i = set_finance_term(&c.inputs, FinanceTerm::DsoDays, "60").unwrap();
        assert_eq!(i.finance.dso_days, dec("60"));
        assert_eq!(i.finance.dpo_days, c.inputs.finance.dpo_days);
        let e = set_finance_term(&c.inputs, FinanceTerm::MinCash, "-5,000").unwrap_err();
        assert!(e.contains("Minimum cash") && e.contains("negative"), "{e}");
        let e = set_finance_term(&c.inputs, FinanceTerm::DpoDays, "400").unwrap_err();
        assert!(e.contains("DPO") && e.contains("365"), "{e}");
        let e = set_finance_term(&c.inputs, FinanceTerm::FixedCost, "10.005").unwrap_err();
        assert!(e.contains("cents"), "{e}");
        let e = set_finance_term(&c.inputs, FinanceTerm::FixedCost, "lots").unwrap_err();
        assert!(e.contains("Fixed cost") && e.contains("lots"), "{e}");
        assert!(set_finance_term(&c.inputs, FinanceTerm::FixedCost, "0").is_ok());
    }

    #[test]
    fn save_as_scenario_moves_what_if_edits_out_of_the_base_in_one_undo_step() {
        let mut c = demo_workspace().cycles.remove(0);
        let checkpoint = c.inputs.clone();
        // A what-if edit of the base plan.
        let what_if = set_finance_term(&c.inputs, FinanceTerm::DsoDays, "75").unwrap();
        Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(what_if.clone()),
        }
        .apply(&mut c)
        .unwrap();
        let before = c.clone();
        let (cmd, id) = save_as_scenario(&c, PlanRef::Base, " Upside ", Some(&checkpoint)).unwrap();
        let undo = cmd.apply(&mut c).unwrap();
        assert_eq!(c.inputs, checkpoint, "base back to the checkpoint");
        let s = c.scenarios.iter().find(|s| s.id == id).unwrap();
        assert_eq!(s.name, "Upside");
        assert_eq!(s.inputs, what_if, "the edit lives in the scenario");
        assert_eq!(s.levers, Levers::default());
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before, "one undo step takes both back");

        // Without reset the base keeps the edit; a copy of a scenario keeps its levers.
        let (cmd, id) = save_as_scenario(&c, PlanRef::Base, "Copy", None).unwrap();
        cmd.apply(&mut c).unwrap();
        assert_eq!(c.inputs, what_if);
        let mut levers = Levers {
            price_pct: 5.0,
            ..Levers::default()
        };
        set_scenario_levers(&c, id, levers.clone())
            .unwrap()
            .apply(&mut c)
            .unwrap();
        let (cmd, id2) = save_as_scenario(&c, PlanRef::Scenario(id), "Copy 2", None).unwrap();
        cmd.apply(&mut c).unwrap();
        assert_eq!(
            c.scenarios.iter().find(|s| s.id == id2).unwrap().levers,
            levers
        );
        // Names: empty, taken (any case) or the base plan's are refused.
        for bad in ["", "  ", "copy", "COPY 2", "Base"] {
            assert!(
                save_as_scenario(&c, PlanRef::Base, bad, None).is_err(),
                "{bad}"
            );
        }
        levers.price_pct = -100.0;
        assert!(set_scenario_levers(&c, id, levers).is_err());
    }

    #[test]
    fn levers_are_checked_and_zeros_dropped() {
        let mut c = demo_workspace().cycles.remove(0);
        let (cmd, id) = save_as_scenario(&c, PlanRef::Base, "S", None).unwrap();
        cmd.apply(&mut c).unwrap();
        let levers = Levers {
            demand_pct: vec![
                PctFor {
                    id: "EBIKE".into(),
                    pct: 10.0,
                },
                PctFor {
                    id: "KIDS".into(),
                    pct: 0.0,
                },
            ],
            dso_days: Some(dec("30")),
            ..Levers::default()
        };
        set_scenario_levers(&c, id, levers)
            .unwrap()
            .apply(&mut c)
            .unwrap();
        assert_eq!(c.scenarios[0].levers.demand_pct.len(), 1);
        for bad in [
            Levers {
                cost_pct: f64::NAN,
                ..Levers::default()
            },
            Levers {
                dpo_days: Some(dec("-1")),
                ..Levers::default()
            },
            Levers {
                dso_days: Some(dec("366")),
                ..Levers::default()
            },
            Levers {
                capacity_pct: vec![PctFor {
                    id: "X".into(),
                    pct: -150.0,
                }],
                ..Levers::default()
            },
        ] {
            assert!(set_scenario_levers(&c, id, bad).is_err());
        }
        assert!(set_scenario_levers(&c, 99, Levers::default()).is_err());
    }

    #[test]
    fn promotion_folds_payment_terms_and_keeps_what_the_base_cannot_carry() {
        let mut c = demo_workspace().cycles.remove(0);
        let mut s_inputs = set_finance_term(&c.inputs, FinanceTerm::FixedCost, "1000").unwrap();
        s_inputs.supply.constrained = !c.inputs.supply.constrained;
        Command::SetScenarios(vec![Scenario {
            id: 1,
            name: "Terms".into(),
            inputs: s_inputs.clone(),
            levers: Levers {
                dso_days: Some(dec("30")),
                dpo_days: Some(dec("60")),
                ..Levers::default()
            },
            note: String::new(),
        }])
        .apply(&mut c)
        .unwrap();
        let scenario_plan = plan_scenario(&c, &c.scenarios[0], &[]);
        let before = c.clone();
        let p = promote_scenario(&c, 1).unwrap();
        assert!(p.kept_levers.is_empty());
        let undo = p.command.apply(&mut c).unwrap();
        assert_eq!(c.inputs.finance.dso_days, dec("30"));
        assert_eq!(c.inputs.finance.dpo_days, dec("60"));
        assert_eq!(c.inputs.finance.fixed_cost, dec("1000"));
        assert!(c.scenarios.is_empty(), "the base now equals it");
        // The promoted base plans exactly as the scenario did.
        let base_plan = plan_cycle(&c, &[]);
        assert_eq!(base_plan.finance, scenario_plan.finance);
        assert_eq!(base_plan.kpis, scenario_plan.kpis);
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);

        // A price lever stays in the scenario, which is kept.
        let mut levers = c.scenarios[0].levers.clone();
        levers.price_pct = 3.0;
        levers.strategy = Some(crate::engine::model::Strategy::Level);
        set_scenario_levers(&c, 1, levers)
            .unwrap()
            .apply(&mut c)
            .unwrap();
        let p = promote_scenario(&c, 1).unwrap();
        assert_eq!(p.kept_levers, vec!["price %", "strategy"]);
        p.command.apply(&mut c).unwrap();
        assert_eq!(c.scenarios.len(), 1);
        assert_eq!(c.inputs, p.base_inputs);
        assert!(promote_scenario(&c, 7).is_err());
        delete_scenario(&c, 1).unwrap().apply(&mut c).unwrap();
        assert!(c.scenarios.is_empty());
        assert!(delete_scenario(&c, 1).is_err());
    }

    #[test]
    fn decisions_are_logged_with_role_and_date() {
        let mut c = demo_workspace().cycles.remove(0);
        let n = c.decisions.len();
        add_decision(
            &c,
            Role::Executive,
            "  Add a second shift in March ",
            "2026-11-30",
        )
        .unwrap()
        .apply(&mut c)
        .unwrap();
        let d = c.decisions.last().unwrap();
        assert_eq!(c.decisions.len(), n + 1);
        assert_eq!(d.text, "Add a second shift in March");
        assert_eq!((d.role, d.date.as_str()), (Role::Executive, "2026-11-30"));
        assert!(add_decision(&c, Role::Sales, "  ", "2026-11-30").is_err());
        assert!(add_decision(&c, Role::Sales, "x", "30/11/2026").is_err());
    }
}

// ---------------------------------------------------------------------------------
// Supply review helpers: production overrides and strategies (pure, for the UI).
// ---------------------------------------------------------------------------------

use super::model::{ProductionOverride, Strategy};

/// The production override of `sku` in `month`, if the planner set one (the last one
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
    let slot = out
        .supply
        .overrides
        .iter()
        .position(|o| o.sku == sku && o.month == month);
    out.supply
        .overrides
        .retain(|o| !(o.sku == sku && o.month == month));
    if let Some(u) = units.filter(|u| u.is_finite()) {
        let o = ProductionOverride {
            sku: sku.to_string(),
            month,
            units: u.max(0.0),
        };
        // Keep the override where it was (stable order, small diffs in backups).
        let at = slot.unwrap_or(out.supply.overrides.len());
        out.supply.overrides.insert(at, o);
    }
    out
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
mod supply_helper_tests {
    use super::*;
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
