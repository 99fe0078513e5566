//! Scenarios: the plan picker of the top bar (every step shows and edits the active
//! plan), "Save as scenario", the levers of the active scenario, the KPI table of the
//! base plan against each scenario, overlaid charts, promote and delete.

use super::bridges::ScenarioBridges;
use super::compare::CompareTable;
use super::levers::LeversEditor;
use super::today_iso;
use crate::engine::command::{
    PlanRef, delete_scenario, promote_scenario, save_as_scenario, unfoldable_levers,
};
use crate::engine::model::Levers;
use crate::engine::month::Month;
use crate::engine::plan::{KpiDelta, compare};
use crate::ui::chart::Chart;
use crate::ui::finance::charts::{difference_chart, overlay_chart};
use crate::ui::finance::fmt::money;
use crate::ui::format::number_format;
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
pub(super) struct PlanSummary {
    pub(super) id: Option<u64>,
    pub(super) name: String,
    pub(super) deltas: Vec<KpiDelta>,
    pub(super) cash: Vec<Decimal>,
    pub(super) revenue: Vec<Decimal>,
    pub(super) levers: Vec<String>,
    /// Levers that would stay in the scenario on promotion.
    pub(super) kept: Vec<&'static str>,
}

/// The levers of a scenario in words, in the workspace's number format
/// ([`crate::engine::review::levers`]).
pub(super) fn levers_text(l: &Levers) -> Vec<String> {
    crate::engine::review::levers::levers_text(l, number_format())
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
                    state.with_edits(|edits| {
                        live.update_value(|plans| {
                            plans.retain(|id, _| c.scenarios.iter().any(|s| s.id == *id));
                            for s in &c.scenarios {
                                let which = PlanRef::Scenario(s.id);
                                let p = plans
                                    .entry(s.id)
                                    .and_modify(|p| {
                                        p.refresh(c, which, &s.inputs, &s.levers, bl, edits);
                                    })
                                    .or_insert_with(|| {
                                        PlanView::new(c, which, &s.inputs, &s.levers, bl, edits)
                                    });
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
                    })
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
    let difference = Signal::derive(move || {
        summaries.with(|s| {
            let plans: Vec<(String, Vec<Decimal>)> =
                s.iter().map(|p| (p.name.clone(), p.cash.clone())).collect();
            months.with(|m| difference_chart(m, &plans))
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
                <div class="difference">
                    <h3>"Cash: scenario − base plan"</h3>
                    <Chart
                        chart=difference
                        id="compare-cash-difference-chart"
                        label="Each scenario's month-end cash minus the base plan's, by month: above zero the scenario has more cash"
                    />
                </div>
                <ScenarioBridges summaries=summaries live=live currency=currency />
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
    let link = RwSignal::new(None::<(String, String)>);
    let show_link = move |id: u64| {
        let found = state.with_cycle_untracked(|c| {
            c.scenarios
                .iter()
                .find(|s| s.id == id)
                .map(|s| (s.name.clone(), super::share::scenario_link(s)))
        });
        link.set(found.flatten());
    };
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
                                                let n3 = s.name.clone();
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
                                                    <button
                                                        type="button"
                                                        class="link-scenario"
                                                        aria-label=format!("Link to scenario {n3}")
                                                        title="A link that opens this scenario's levers in the app"
                                                        on:click=move |_| show_link(id)
                                                    >
                                                        "Link"
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
            <super::share::LinkBox link=link />
            <p class="done" role="status">
                {move || message.get()}
            </p>
        </div>
    }
}
