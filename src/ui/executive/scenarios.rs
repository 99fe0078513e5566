//! Scenarios: the plan picker of the top bar (every step shows and edits the active
//! plan), "Save as scenario", the levers of the active scenario, the KPI table of the
//! base plan against each scenario, overlaid charts, promote and delete.

use super::{kpi_text, today_iso};
use crate::engine::command::{
    PlanRef, delete_scenario, promote_scenario, save_as_scenario, set_scenario_levers,
    unfoldable_levers,
};
use crate::engine::model::{Levers, PctFor, Strategy};
use crate::engine::month::Month;
use crate::engine::plan::scenario::Unit;
use crate::engine::plan::{KpiDelta, KpiValue, compare};
use crate::ui::chart::Chart;
use crate::ui::finance::charts::overlay_chart;
use crate::ui::finance::fmt::{delta_money, money};
use crate::ui::format::{parse_amount, parse_number, to_f64};
use crate::ui::state::{AppState, PlanView};
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Name of the active plan's scenario, if a scenario is active.
fn scenario_name(state: &AppState, id: u64) -> Option<String> {
    state
        .with_cycle(|c| {
            c.scenarios
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
        })
        .flatten()
}

/// The plan picker in the top bar: the base plan or a scenario. Edits in every step go
/// to the plan picked here.
#[component]
pub fn ScenarioPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = Memo::new(move |_| {
        state
            .with_cycle(|c| {
                c.scenarios
                    .iter()
                    .map(|s| (s.id, s.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // A scenario that is gone (deleted, undone, promoted) leaves the base plan active.
    Effect::new(move |_| {
        if let PlanRef::Scenario(id) = state.active.get()
            && state.loaded()
            && !list.with(|l| l.iter().any(|(i, _)| *i == id))
        {
            state.active.set(PlanRef::Base);
        }
    });
    let changed_base = Memo::new(move |_| {
        state.active.get() == PlanRef::Base
            && state
                .checkpoint()
                .is_some_and(|cp| state.with_cycle(|c| c.inputs != cp).unwrap_or(false))
    });
    view! {
        <div class="plan-picker" class:scenario=move || state.active.get() != PlanRef::Base>
            <label for="scenario-select">"Plan"</label>
            <select
                id="scenario-select"
                title="The plan every step shows and edits"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state
                        .active
                        .set(v.parse::<u64>().map(PlanRef::Scenario).unwrap_or(PlanRef::Base));
                }
            >
                <option value="base" prop:selected=move || state.active.get() == PlanRef::Base>
                    "Base plan"
                </option>
                {move || {
                    list.get()
                        .into_iter()
                        .map(|(id, name)| {
                            view! {
                                <option
                                    value=id.to_string()
                                    prop:selected=move || state.active.get() == PlanRef::Scenario(id)
                                >
                                    {format!("Scenario: {name}")}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <Show when=move || changed_base.get() && !state.frozen()>
                <a class="what-if" href="#/executive" title="Keep these what-if edits as a scenario and put the base plan back">
                    "Base edited" <span class="wide-only">" · save as scenario…"</span>
                </a>
            </Show>
        </div>
    }
}

/// Everything the compare table and the overlays need of one plan.
#[derive(Clone, Debug, PartialEq)]
struct PlanSummary {
    id: Option<u64>,
    name: String,
    deltas: Vec<KpiDelta>,
    cash: Vec<Decimal>,
    revenue: Vec<Decimal>,
    levers: Vec<String>,
    /// Levers that would stay in the scenario on promotion.
    kept: Vec<&'static str>,
}

/// What the levers of a scenario are, in words.
fn levers_text(l: &Levers) -> Vec<String> {
    let mut out = Vec::new();
    for d in &l.demand_pct {
        out.push(format!("demand {} {:+} %", d.id, d.pct));
    }
    if l.price_pct != 0.0 {
        out.push(format!("price {:+} %", l.price_pct));
    }
    if l.cost_pct != 0.0 {
        out.push(format!("cost {:+} %", l.cost_pct));
    }
    for c in &l.capacity_pct {
        out.push(format!("capacity {} {:+} %", c.id, c.pct));
    }
    if let Some(d) = l.dso_days {
        out.push(format!("DSO {} days", d.normalize()));
    }
    if let Some(d) = l.dpo_days {
        out.push(format!("DPO {} days", d.normalize()));
    }
    if let Some(s) = l.strategy {
        out.push(match s {
            Strategy::TargetCover { months } => format!("strategy target cover {months} months"),
            s => format!("strategy {}", s.label().to_lowercase()),
        });
    }
    out
}

#[component]
pub fn Scenarios() -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = Memo::new(move |_| state.currency());
    // Each scenario's plan, kept up to date incrementally like the active plan (a
    // full re-plan of every scenario on each edit costs ~25 ms a scenario at 10,000
    // SKUs), with the baselines it was computed with.
    let live: StoredValue<HashMap<u64, PlanView>, LocalStorage> =
        StoredValue::new_local(HashMap::new());
    // The base plan and every scenario, planned.
    let summaries = Memo::new(move |_| {
        state.base_plan.with(|base| {
            state.baselines.with(|bl| {
                let mut out = vec![PlanSummary {
                    id: None,
                    name: "Base plan".into(),
                    deltas: compare(base, base),
                    cash: base.finance.months.iter().map(|m| m.cash).collect(),
                    revenue: base.finance.months.iter().map(|m| m.revenue).collect(),
                    levers: Vec::new(),
                    kept: Vec::new(),
                }];
                state.with_cycle(|c| {
                    live.update_value(|plans| {
                        plans.retain(|id, _| c.scenarios.iter().any(|s| s.id == *id));
                        for s in &c.scenarios {
                            let p = plans
                                .entry(s.id)
                                .and_modify(|p| {
                                    p.refresh(c, &s.inputs, &s.levers, bl, state.master_rev());
                                })
                                .or_insert_with(|| PlanView::new(c, &s.inputs, &s.levers, bl));
                            out.push(PlanSummary {
                                id: Some(s.id),
                                name: s.name.clone(),
                                deltas: compare(base, p),
                                cash: p.finance.months.iter().map(|m| m.cash).collect(),
                                revenue: p.finance.months.iter().map(|m| m.revenue).collect(),
                                levers: levers_text(&s.levers),
                                kept: unfoldable_levers(&s.levers),
                            });
                        }
                    });
                });
                out
            })
        })
    });
    let months = Memo::new(move |_| state.base_plan.with(|p| p.months.clone()));
    let min_cash = Memo::new(move |_| state.base_plan.with(|p| p.finance.min_cash));
    let cash_chart = Signal::derive(move || {
        summaries.with(|s| {
            let plans: Vec<(String, Vec<Decimal>)> =
                s.iter().map(|p| (p.name.clone(), p.cash.clone())).collect();
            let min = min_cash.get();
            months.with(|m| {
                overlay_chart(
                    m,
                    &plans,
                    Some((min, format!("Minimum cash {}", money(min, &currency.get())))),
                )
            })
        })
    });
    let revenue_chart = Signal::derive(move || {
        summaries.with(|s| {
            let plans: Vec<(String, Vec<Decimal>)> = s
                .iter()
                .map(|p| (p.name.clone(), p.revenue.clone()))
                .collect();
            months.with(|m: &Vec<Month>| overlay_chart(m, &plans, None))
        })
    });
    let has_scenarios = move || summaries.with(|s| s.len() > 1);
    view! {
        <div class="panel scenarios" aria-labelledby="scenarios-title">
            <h2 id="scenarios-title">"Scenarios"</h2>
            <div class="scenario-top">
                <SaveScenario />
                <ScenarioList summaries=summaries />
            </div>
            <LeversEditor />
            <Show
                when=has_scenarios
                fallback=|| {
                    view! {
                        <p class="muted">
                            "No scenario yet. Make a what-if change in any step (for example raise a family's demand in Demand review), then save it as a scenario here to compare it with the base plan."
                        </p>
                    }
                }
            >
                <h3>"Base plan vs scenarios"</h3>
                <CompareTable summaries=summaries currency=currency />
            </Show>
            // Always shown (the base plan alone without scenarios): the printed summary
            // has its cash and revenue charts.
            <div class="overlays">
                <div>
                    <h3>"Cash balance"</h3>
                    <Chart
                        chart=cash_chart
                        id="compare-cash-chart"
                        label="Month-end cash of the base plan (solid) and of each scenario (dashed), with the minimum cash"
                    />
                </div>
                <div>
                    <h3>"Revenue"</h3>
                    <Chart
                        chart=revenue_chart
                        id="compare-revenue-chart"
                        label="Monthly revenue of the base plan (solid) and of each scenario (dashed)"
                    />
                </div>
            </div>
        </div>
    }
}

/// "Save as scenario": name, and whether the base plan goes back to its checkpoint.
#[component]
fn SaveScenario() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let reset = RwSignal::new(true);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // Whether the base plan was edited since the checkpoint (session start, last save).
    let base_edited = Memo::new(move |_| {
        state
            .checkpoint()
            .is_some_and(|cp| state.with_cycle(|c| c.inputs != cp).unwrap_or(false))
    });
    let from_base = move || state.active.get() == PlanRef::Base;
    let source = move || match state.active.get() {
        PlanRef::Base => "the base plan".to_string(),
        PlanRef::Scenario(id) => {
            format!("scenario {}", scenario_name(&state, id).unwrap_or_default())
        }
    };
    let save = move || {
        let from = state.active.get_untracked();
        let text = name.get_untracked();
        let reset_to =
            (from == PlanRef::Base && reset.get_untracked() && base_edited.get_untracked())
                .then(|| state.checkpoint())
                .flatten();
        let Some(result) =
            state.with_cycle(|c| save_as_scenario(c, from, &text, reset_to.as_ref()))
        else {
            return;
        };
        match result {
            Ok((cmd, id)) => {
                if state.apply(cmd).is_ok() {
                    state.take_checkpoint();
                    state.active.set(PlanRef::Scenario(id));
                    problem.set(None);
                    done.set(Some(format!(
                        "Saved scenario “{}”; it is now the active plan{}.",
                        text.trim(),
                        if reset_to.is_some() {
                            " and the base plan is back as it was"
                        } else {
                            ""
                        }
                    )));
                    name.set(String::new());
                }
            }
            Err(e) => {
                done.set(None);
                problem.set(Some(e.0));
            }
        }
    };
    view! {
        <form
            class="save-scenario"
            aria-labelledby="save-scenario-title"
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <h3 id="save-scenario-title">"Save as scenario"</h3>
            <p class="muted small">"A copy of " {source} ", with its levers, under a name."</p>
            <div class="fields">
                <label class="grow">
                    "Name "
                    <input
                        id="scenario-name"
                        placeholder="e.g. Upside"
                        maxlength="60"
                        aria-describedby="save-scenario-problem"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        disabled=move || state.frozen()
                    />
                </label>
                <button id="save-scenario" type="submit" disabled=move || state.frozen()>
                    "Save as scenario"
                </button>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    id="scenario-reset"
                    prop:checked=move || reset.get()
                    on:change=move |ev| reset.set(event_target_checked(&ev))
                    disabled=move || state.frozen() || !from_base()
                />
                " Put the base plan back as it was at the start of the session (or the last scenario save), so the edits made since live in the scenario only"
            </label>
            <p class="muted small">
                {move || {
                    if !from_base() {
                        "The base plan is not changed when saving a copy of a scenario.".to_string()
                    } else if base_edited.get() {
                        "The base plan has edits since then.".to_string()
                    } else {
                        "The base plan has no edits since then.".to_string()
                    }
                }}
            </p>
            <p class="problem" id="save-scenario-problem" role="alert">
                {move || problem.get()}
            </p>
            <p class="done" role="status">
                {move || done.get()}
            </p>
        </form>
    }
}

/// The scenarios: show (make active), promote to plan, delete.
#[component]
fn ScenarioList(summaries: Memo<Vec<PlanSummary>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<String>);
    let promote = move |id: u64| {
        let Some(result) = state.with_cycle(|c| promote_scenario(c, id, &today_iso())) else {
            return;
        };
        match result {
            Ok(p) => {
                let name = scenario_name(&state, id).unwrap_or_default();
                if state.apply(p.command).is_ok() {
                    state.take_checkpoint();
                    state.active.set(PlanRef::Base);
                    message.set(Some(if p.kept_levers.is_empty() {
                        format!("“{name}” is now the base plan.")
                    } else {
                        format!(
                            "The inputs of “{name}” are now the base plan's (DSO and DPO levers included). Its {} lever(s) cannot be part of the base plan, which is planned without levers: the scenario is kept with them.",
                            p.kept_levers.join(", ")
                        )
                    }));
                }
            }
            Err(e) => message.set(Some(e.0)),
        }
    };
    let delete = move |id: u64| {
        if let Some(Ok(cmd)) = state.with_cycle(|c| delete_scenario(c, id)) {
            if state.active.get_untracked() == PlanRef::Scenario(id) {
                state.active.set(PlanRef::Base);
            }
            let name = scenario_name(&state, id).unwrap_or_default();
            if state.apply(cmd).is_ok() {
                message.set(Some(format!("Deleted “{name}” (Undo brings it back).")));
            }
        }
    };
    view! {
        <div class="scenario-list">
            <h3>"Plans"</h3>
            <ul>
                {move || {
                    summaries
                        .get()
                        .into_iter()
                        .map(|s| {
                            let plan = s.id.map_or(PlanRef::Base, PlanRef::Scenario);
                            let active = move || state.active.get() == plan;
                            let levers = if s.id.is_none() {
                                "no levers".to_string()
                            } else if s.levers.is_empty() {
                                "its own inputs, no levers".to_string()
                            } else {
                                s.levers.join(" · ")
                            };
                            let name = s.name.clone();
                            view! {
                                <li class:active=active data-scenario=s.name.clone()>
                                    <div class="scn-name">
                                        <strong>{s.name.clone()}</strong>
                                        <span class="muted small">{levers}</span>
                                    </div>
                                    <div class="scn-actions">
                                        <button
                                            type="button"
                                            class="show"
                                            aria-pressed=move || active().to_string()
                                            aria-label=format!("Make {name} the active plan")
                                            on:click=move |_| state.active.set(plan)
                                        >
                                            {move || if active() { "Active" } else { "Show" }}
                                        </button>
                                        {s.id
                                            .map(|id| {
                                                let n1 = s.name.clone();
                                                let n2 = s.name.clone();
                                                let title = if s.kept.is_empty() {
                                                    "Its inputs become the base plan's (one undo step)".to_string()
                                                } else {
                                                    format!(
                                                        "Its inputs become the base plan's (one undo step); its {} lever(s) stay in the scenario: the base plan has no levers",
                                                        s.kept.join(", ")
                                                    )
                                                };
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="promote"
                                                        aria-label=format!("Promote {n1} to be the base plan")
                                                        title=title
                                                        disabled=move || state.frozen()
                                                        on:click=move |_| promote(id)
                                                    >
                                                        "Promote to plan"
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="delete"
                                                        aria-label=format!("Delete scenario {n2}")
                                                        disabled=move || state.frozen()
                                                        on:click=move |_| delete(id)
                                                    >
                                                        "Delete"
                                                    </button>
                                                }
                                            })}
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="done" role="status">
                {move || message.get()}
            </p>
        </div>
    }
}

/// A lever field: its id, label and text.
fn pct_text(p: f64) -> String {
    if p == 0.0 {
        String::new()
    } else {
        format!("{p}")
    }
}

/// A change of levers, or why the typed value is refused.
type LeverEdit = Box<dyn FnOnce(&mut Levers) -> Result<(), String>>;

/// Levers of the active scenario. Each field applies on change (one undo step each).
#[component]
fn LeversEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let scenario = Memo::new(move |_| match state.active.get() {
        PlanRef::Base => None,
        PlanRef::Scenario(id) => state
            .with_cycle(|c| {
                c.scenarios
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| (s.id, s.name.clone(), s.levers.clone()))
            })
            .flatten(),
    });
    let master = Memo::new(move |_| {
        state
            .with_cycle(|c| {
                (
                    c.master
                        .families
                        .iter()
                        .map(|f| (f.id.clone(), f.name.clone()))
                        .collect::<Vec<_>>(),
                    c.master
                        .resources
                        .iter()
                        .map(|r| (r.id.clone(), r.name.clone()))
                        .collect::<Vec<_>>(),
                )
            })
            .unwrap_or_default()
    });
    // Applies `edit` to the active scenario's levers; `Err` explains the field.
    let set = move |edit: LeverEdit| {
        let Some((id, _, mut levers)) = scenario.get_untracked() else {
            return;
        };
        if let Err(e) = edit(&mut levers) {
            problem.set(Some(e));
            return;
        }
        match state.with_cycle(|c| set_scenario_levers(c, id, levers)) {
            Some(Ok(cmd)) => {
                problem.set(None);
                let _ = state.apply(cmd);
            }
            Some(Err(e)) => problem.set(Some(e.0)),
            None => {}
        }
    };
    let read_pct = |what: &str, text: &str| -> Result<f64, String> {
        if text.trim().is_empty() {
            return Ok(0.0);
        }
        let v =
            parse_number(text.trim().trim_end_matches('%')).map_err(|e| format!("{what}: {e}"))?;
        if v <= -100.0 {
            return Err(format!(
                "{what}: {v} % is not possible; enter more than −100 %"
            ));
        }
        Ok(v)
    };
    let read_days = |what: &str, text: &str| -> Result<Option<Decimal>, String> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let v = parse_amount(text).map_err(|e| format!("{what}: {e}"))?;
        if v.is_sign_negative() || v > Decimal::from(365) {
            return Err(format!(
                "{what}: enter 0 to 365 days, or leave it empty to use the finance terms"
            ));
        }
        Ok(Some(v.normalize()))
    };
    let pct_field =
        move |id: String, label: String, value: Signal<f64>, on_set: Callback<String>| {
            view! {
                <label class="lever">
                    <span>{label}</span>
                    <span class="input-unit">
                        <input
                            id=id
                            inputmode="decimal"
                            placeholder="0"
                            prop:value=move || pct_text(value.get())
                            disabled=move || state.frozen()
                            on:change=move |ev| on_set.run(event_target_value(&ev))
                        />
                        <span class="unit" aria-hidden="true">"%"</span>
                    </span>
                </label>
            }
        };
    view! {
        {move || {
            scenario
                .get()
                .map(|(_, name, _)| {
                    let (families, resources) = master.get();
                    let lever = move |f: fn(&Levers) -> f64| {
                        Signal::derive(move || scenario.with(|s| s.as_ref().map(|s| f(&s.2)).unwrap_or(0.0)))
                    };
                    // One field per family (demand %) or resource (capacity %).
                    let per_id = move |list: Vec<(String, String)>,
                                       kind: &'static str,
                                       what: &'static str,
                                       get: fn(&Levers) -> &Vec<PctFor>,
                                       get_mut: fn(&mut Levers) -> &mut Vec<PctFor>| {
                        list.into_iter()
                            .map(move |(id, name)| {
                                let id2 = id.clone();
                                let value = Signal::derive(move || {
                                    scenario.with(|s| {
                                        s.as_ref()
                                            .and_then(|s| get(&s.2).iter().find(|d| d.id == id2).map(|d| d.pct))
                                            .unwrap_or(0.0)
                                    })
                                });
                                let id3 = id.clone();
                                let label = name.clone();
                                let on_set = Callback::new(move |text: String| {
                                    let id = id3.clone();
                                    let label = label.clone();
                                    set(Box::new(move |l| {
                                        let p = read_pct(&format!("{what} of {label}"), &text)?;
                                        let v = get_mut(l);
                                        v.retain(|d| d.id != id);
                                        v.push(PctFor { id, pct: p });
                                        Ok(())
                                    }))
                                });
                                pct_field(format!("lever-{kind}-{id}"), name, value, on_set)
                            })
                            .collect_view()
                    };
                    let family_fields =
                        per_id(families, "demand", "Demand", |l| &l.demand_pct, |l| &mut l.demand_pct);
                    let resource_fields = per_id(
                        resources,
                        "capacity",
                        "Capacity",
                        |l| &l.capacity_pct,
                        |l| &mut l.capacity_pct,
                    );
                    let price = pct_field(
                        "lever-price".into(),
                        "Price".into(),
                        lever(|l| l.price_pct),
                        Callback::new(move |text: String| {
                            set(Box::new(move |l| {
                                l.price_pct = read_pct("Price", &text)?;
                                Ok(())
                            }))
                        }),
                    );
                    let cost = pct_field(
                        "lever-cost".into(),
                        "Cost".into(),
                        lever(|l| l.cost_pct),
                        Callback::new(move |text: String| {
                            set(Box::new(move |l| {
                                l.cost_pct = read_pct("Cost", &text)?;
                                Ok(())
                            }))
                        }),
                    );
                    let days_field = move |id: &'static str, label: &'static str, get: fn(&Levers) -> Option<Decimal>, put: fn(&mut Levers, Option<Decimal>)| {
                        let value = Signal::derive(move || {
                            scenario.with(|s| s.as_ref().and_then(|s| get(&s.2)).map(|d| d.to_string()).unwrap_or_default())
                        });
                        view! {
                            <label class="lever">
                                <span>{label}</span>
                                <span class="input-unit">
                                    <input
                                        id=id
                                        inputmode="decimal"
                                        placeholder="terms"
                                        title="Empty: the finance terms of the scenario's inputs"
                                        prop:value=move || value.get()
                                        disabled=move || state.frozen()
                                        on:change=move |ev| {
                                            let text = event_target_value(&ev);
                                            set(Box::new(move |l| {
                                                put(l, read_days(label, &text)?);
                                                Ok(())
                                            }))
                                        }
                                    />
                                    <span class="unit" aria-hidden="true">"days"</span>
                                </span>
                            </label>
                        }
                    };
                    let strategy_value = move || {
                        scenario.with(|s| match s.as_ref().and_then(|s| s.2.strategy) {
                            None => "own",
                            Some(Strategy::Chase) => "chase",
                            Some(Strategy::Level) => "level",
                            Some(Strategy::TargetCover { .. }) => "cover",
                            Some(Strategy::Manual) => "manual",
                        })
                    };
                    let cover_months = move || {
                        scenario.with(|s| match s.as_ref().and_then(|s| s.2.strategy) {
                            Some(Strategy::TargetCover { months }) => Some(months),
                            _ => None,
                        })
                    };
                    view! {
                        <form
                            class="levers"
                            aria-labelledby="levers-title"
                            on:submit=|ev| ev.prevent_default()
                        >
                            <h3 id="levers-title">"Levers of scenario “" {name} "”"</h3>
                            <p class="muted small">
                                "Applied on top of the scenario's own inputs. Percentages: 10 = +10 %; empty = no change."
                            </p>
                            <fieldset>
                                <legend>"Demand by family"</legend>
                                {family_fields}
                            </fieldset>
                            <fieldset>
                                <legend>"Price and cost"</legend>
                                {price}
                                {cost}
                            </fieldset>
                            <fieldset>
                                <legend>"Capacity by resource"</legend>
                                {resource_fields}
                            </fieldset>
                            <fieldset>
                                <legend>"Payment terms and strategy"</legend>
                                {days_field("lever-dso", "DSO", |l| l.dso_days, |l, v| l.dso_days = v)}
                                {days_field("lever-dpo", "DPO", |l| l.dpo_days, |l, v| l.dpo_days = v)}
                                <label class="lever">
                                    <span>"Strategy"</span>
                                    <select
                                        id="lever-strategy"
                                        disabled=move || state.frozen()
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            set(Box::new(move |l| {
                                                l.strategy = match v.as_str() {
                                                    "chase" => Some(Strategy::Chase),
                                                    "level" => Some(Strategy::Level),
                                                    "cover" => Some(Strategy::TargetCover { months: 1.0 }),
                                                    "manual" => Some(Strategy::Manual),
                                                    _ => None,
                                                };
                                                Ok(())
                                            }))
                                        }
                                    >
                                        {[("own", "Each SKU's own"), ("chase", "Chase"), ("level", "Level"), ("cover", "Target cover"), ("manual", "Manual")]
                                            .into_iter()
                                            .map(|(v, t)| view! { <option value=v prop:selected=move || strategy_value() == v>{t}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                                <Show when=move || cover_months().is_some()>
                                    <label class="lever">
                                        <span>"Cover"</span>
                                        <span class="input-unit">
                                            <input
                                                id="lever-cover-months"
                                                inputmode="decimal"
                                                prop:value=move || cover_months().map(|m| m.to_string()).unwrap_or_default()
                                                disabled=move || state.frozen()
                                                on:change=move |ev| {
                                                    let text = event_target_value(&ev);
                                                    set(Box::new(move |l| {
                                                        let m = parse_number(&text).map_err(|e| format!("Cover: {e}"))?;
                                                        if !(0.0..=24.0).contains(&m) {
                                                            return Err("Cover: enter 0 to 24 months".into());
                                                        }
                                                        l.strategy = Some(Strategy::TargetCover { months: m });
                                                        Ok(())
                                                    }))
                                                }
                                            />
                                            <span class="unit" aria-hidden="true">"months"</span>
                                        </span>
                                    </label>
                                </Show>
                            </fieldset>
                            <p class="problem" role="alert">{move || problem.get()}</p>
                        </form>
                    }
                })
        }}
    }
}

/// The difference of two KPI values as text, signed.
fn delta_text(unit: Unit, d: KpiValue, cur: &str) -> String {
    let x = match d {
        KpiValue::Exact(v) => {
            if unit == Unit::Money {
                return delta_money(v, cur);
            }
            to_f64(v)
        }
        KpiValue::Approx(x) => x,
        KpiValue::Missing => return "–".into(),
    };
    let signed = |s: String, v: f64| {
        if v > 0.0 {
            format!("+{s}")
        } else if v < 0.0 {
            format!("−{}", s.trim_start_matches('-'))
        } else {
            s
        }
    };
    match unit {
        Unit::Ratio => {
            let pts = x * 100.0;
            if pts.abs() < 0.05 {
                "0.0 pts".into()
            } else {
                signed(format!("{:.1} pts", pts.abs()), pts)
            }
        }
        Unit::Days if x.abs() < 0.05 => "0.0 days".into(),
        Unit::Days => signed(format!("{:.1} days", x.abs()), x),
        Unit::Months if x.abs() < 0.005 => "0.00 months".into(),
        Unit::Months => signed(format!("{:.2} months", x.abs()), x),
        Unit::Turns if x.abs() < 0.005 => "0.00".into(),
        Unit::Turns => signed(format!("{:.2}", x.abs()), x),
        Unit::Hours if x.abs() < 0.5 => "0 h".into(),
        Unit::Hours => signed(format!("{} h", crate::ui::format::units(x.abs())), x),
        Unit::Fte if x.abs() < 0.05 => "0.0 FTE".into(),
        Unit::Fte => signed(format!("{:.1} FTE", x.abs()), x),
        Unit::Count if x.abs() < 0.5 => "0".into(),
        Unit::Count => signed(crate::ui::format::units(x.abs()), x),
        Unit::Money => unreachable!("handled above"),
    }
}

/// Whether a delta is better or worse for the business (None: neither, or too small to
/// show: a difference that reads as zero is not called better or worse).
fn verdict(d: &KpiDelta) -> Option<bool> {
    let x = match d.delta {
        KpiValue::Exact(v) => to_f64(v),
        KpiValue::Approx(x) => x,
        KpiValue::Missing => return None,
    };
    let shown_as_zero = match d.unit {
        Unit::Money | Unit::Hours | Unit::Count => x.abs() < 0.5,
        Unit::Ratio => x.abs() < 0.0005,
        Unit::Days | Unit::Fte => x.abs() < 0.05,
        Unit::Months | Unit::Turns => x.abs() < 0.005,
    };
    if shown_as_zero {
        return None;
    }
    d.higher_is_better.map(|h| h == (x > 0.0))
}

/// KPI by KPI: the base plan, then each scenario with its difference to the base.
#[component]
fn CompareTable(summaries: Memo<Vec<PlanSummary>>, currency: Memo<String>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Scenario comparison (scrolls)">
            <table id="compare-table" class="grid compare" aria-label="KPIs of the base plan and of each scenario, with the difference to the base plan">
                <thead>
                    <tr>
                        <th scope="col">"KPI"</th>
                        {move || {
                            summaries
                                .get()
                                .into_iter()
                                .map(|s| {
                                    let name = s.name.clone();
                                    match s.id {
                                        None => view! { <th scope="col" class="num" data-plan="base">{name}</th> }.into_any(),
                                        Some(_) => view! {
                                            <th scope="col" class="num" data-plan=name.clone()>{name.clone()}</th>
                                            <th scope="col" class="num delta" data-plan=name.clone()>{format!("Δ {name}")}</th>
                                        }
                                            .into_any(),
                                    }
                                })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let cur = currency.get();
                        summaries.with(|all| {
                            let Some(base) = all.first() else { return Vec::new() };
                            base.deltas
                                .iter()
                                .enumerate()
                                .map(|(r, row)| {
                                    let cells = all
                                        .iter()
                                        .map(|s| {
                                            let d = &s.deltas[r];
                                            let raw = |v: KpiValue| match v {
                                                KpiValue::Exact(x) => x.to_string(),
                                                KpiValue::Approx(x) => x.to_string(),
                                                KpiValue::Missing => String::new(),
                                            };
                                            match s.id {
                                                None => view! {
                                                    <td class="num" data-plan="base" data-value=raw(d.a)>{kpi_text(d.unit, d.a, &cur)}</td>
                                                }
                                                    .into_any(),
                                                Some(_) => {
                                                    let v = verdict(d);
                                                    let mark = match v {
                                                        Some(true) => " ▲",
                                                        Some(false) => " ▼",
                                                        None => "",
                                                    };
                                                    view! {
                                                        <td class="num" data-plan=s.name.clone() data-value=raw(d.b)>{kpi_text(d.unit, d.b, &cur)}</td>
                                                        <td
                                                            class="num delta"
                                                            class:better=v == Some(true)
                                                            class:worse=v == Some(false)
                                                            data-plan=s.name.clone()
                                                            data-value=raw(d.delta)
                                                            title=match v {
                                                                Some(true) => "better than the base plan",
                                                                Some(false) => "worse than the base plan",
                                                                None => "",
                                                            }
                                                        >
                                                            {delta_text(d.unit, d.delta, &cur)}
                                                            <span class="verdict" aria-hidden="true">{mark}</span>
                                                        </td>
                                                    }
                                                        .into_any()
                                                }
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr data-kpi=row.key>
                                            <th scope="row">{row.label}</th>
                                            {cells}
                                        </tr>
                                    }
                                })
                                .collect::<Vec<_>>()
                        })
                    }}
                </tbody>
            </table>
        </div>
        <p class="muted small">"▲ better than the base plan, ▼ worse (for KPIs where more is better or worse)."</p>
    }
}
