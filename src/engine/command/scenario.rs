//! Scenarios (save as, levers, promote, delete) and the decisions log, as commands.

use super::{Command, CommandError, MAX_TERM_DAYS, PlanRef, next_id};
use crate::engine::model::{Cycle, Decision, Levers, PlanInputs, Role, Scenario};
use rust_decimal::Decimal;

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
    if let Some(crate::engine::model::Strategy::TargetCover { months }) = levers.strategy {
        crate::engine::plan::supply::check_cover_months(months)
            .map_err(|e| CommandError(format!("Cover: {e}")))?;
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
/// removed, as the base plan now equals it. The decisions log records the promotion
/// (dated `date`, an ISO date), in the same undo step.
pub fn promote_scenario(cycle: &Cycle, id: u64, date: &str) -> Result<Promotion, CommandError> {
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
    let text = format!("Scenario “{}” promoted to the base plan", s.name);
    let mut cmds = vec![
        Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(base_inputs.clone()),
        },
        add_decision(cycle, Role::Executive, &text, date)?,
    ];
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
mod tests {
    use super::*;
    use crate::engine::command::{FinanceTerm, set_finance_term};
    use crate::engine::demo::demo_workspace;
    use crate::engine::model::PctFor;
    use crate::engine::number::NumberFormat;
    use crate::engine::plan::{plan_cycle, plan_scenario};
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn save_as_scenario_moves_what_if_edits_out_of_the_base_in_one_undo_step() {
        let mut c = demo_workspace().cycles.remove(0);
        let checkpoint = c.inputs.clone();
        // A what-if edit of the base plan.
        let what_if =
            set_finance_term(&c.inputs, FinanceTerm::DsoDays, "75", NumberFormat::POINT).unwrap();
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
        let mut s_inputs = set_finance_term(
            &c.inputs,
            FinanceTerm::FixedCost,
            "1000",
            NumberFormat::POINT,
        )
        .unwrap();
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
        let p = promote_scenario(&c, 1, "2026-11-30").unwrap();
        assert!(p.kept_levers.is_empty());
        let undo = p.command.apply(&mut c).unwrap();
        let logged = c.decisions.last().unwrap();
        assert_eq!(
            (logged.date.as_str(), logged.role),
            ("2026-11-30", Role::Executive)
        );
        assert!(
            logged.text.contains("promoted to the base plan"),
            "{}",
            logged.text
        );
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
        let p = promote_scenario(&c, 1, "2026-11-30").unwrap();
        assert_eq!(p.kept_levers, vec!["price %", "strategy"]);
        p.command.apply(&mut c).unwrap();
        assert_eq!(c.scenarios.len(), 1);
        assert_eq!(c.inputs, p.base_inputs);
        assert!(promote_scenario(&c, 7, "2026-11-30").is_err());
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
