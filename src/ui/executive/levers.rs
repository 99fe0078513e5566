//! The levers of the active scenario (demand, price and cost changes, strategies,
//! terms): each field applies on change, one undo step each.

use crate::engine::command::{PlanRef, set_scenario_levers};
use crate::engine::model::{Levers, PctFor, Strategy};
use crate::engine::review::supply::DEFAULT_COVER;
use crate::ui::format::{parse_amount, parse_number, plain};
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// A lever field: its id, label and text.
fn pct_text(p: f64) -> String {
    if p == 0.0 { String::new() } else { plain(p) }
}

/// A change of levers, or why the typed value is refused.
type LeverEdit = Box<dyn FnOnce(&mut Levers) -> Result<(), String>>;

/// Levers of the active scenario. Each field applies on change (one undo step each).
#[component]
pub(super) fn LeversEditor() -> impl IntoView {
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
                            scenario.with(|s| s.as_ref().and_then(|s| get(&s.2)).map(|d| plain(d.normalize())).unwrap_or_default())
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
                                                    "cover" => Some(Strategy::TargetCover { months: DEFAULT_COVER }),
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
                                                prop:value=move || cover_months().map(plain).unwrap_or_default()
                                                disabled=move || state.frozen()
                                                on:change=move |ev| {
                                                    let text = event_target_value(&ev);
                                                    set(Box::new(move |l| {
                                                        // Its range is checked with the levers (`check_levers`).
                                                        let m = parse_number(&text).map_err(|e| format!("Cover: {e}"))?;
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
