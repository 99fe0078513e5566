//! Why a scenario differs from the base plan: its gross margin and its cash at its
//! lowest month end as bridges (`engine::review::bridge`), for a scenario picked here.

use super::scenarios::PlanSummary;
use crate::engine::model::Levers;
use crate::engine::review::bridge::{cash_bridge, margin_bridge};
use crate::ui::finance::bridge::BridgeView;
use crate::ui::state::{AppState, PlanView};
use leptos::prelude::*;
use std::collections::HashMap;

/// The bridges of one scenario (the first by default), from the plans kept by the
/// scenarios panel (`live`, by scenario id).
#[component]
pub(super) fn ScenarioBridges(
    summaries: Memo<Vec<PlanSummary>>,
    live: StoredValue<HashMap<u64, PlanView>, LocalStorage>,
    currency: Memo<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The bridges of one scenario (picked; the first by default) from the base plan:
    // gross margin over the horizon, and cash at the scenario's lowest month end.
    let picked: RwSignal<Option<u64>> = RwSignal::new(None);
    let bridges = Memo::new(move |_| {
        crate::ui::state::follow(summaries);
        let want = picked.get();
        state.base_plan.with(|base| {
            state
                .with_cycle(|c| {
                    let s = c
                        .scenarios
                        .iter()
                        .find(|s| want == Some(s.id))
                        .or(c.scenarios.first())?;
                    live.with_value(|plans| {
                        let p = plans.get(&s.id)?;
                        let low = p.finance.cash_low_month;
                        let t = p.months.iter().position(|m| Some(*m) == low).unwrap_or(0);
                        let month = p.months.get(t).map(|m| m.short_label()).unwrap_or_default();
                        let below = p.finance.cash_low < p.finance.min_cash;
                        let none = Levers::default();
                        Some((
                            margin_bridge(c, base, &none, p, &s.levers, &s.name),
                            cash_bridge(base, p, t, &s.name),
                            month,
                            s.id,
                            below,
                        ))
                    })
                })
                .flatten()
        })
    });
    let margin = Signal::derive(move || bridges.with(|b| b.as_ref().map(|b| b.0.clone())));
    let cash = Signal::derive(move || bridges.with(|b| b.as_ref().map(|b| b.1.clone())));
    view! {
                <div class="bridges" id="scenario-bridges">
                    <h3>
                        "Why the scenario differs "
                        <select
                            id="bridge-scenario"
                            aria-label="Scenario the bridges explain"
                            on:change=move |ev| picked.set(event_target_value(&ev).parse().ok())
                        >
                            {move || {
                                let shown = bridges.with(|b| b.as_ref().map(|b| b.3));
                                summaries
                                    .get()
                                    .into_iter()
                                    .filter_map(|p| p.id.map(|id| (id, p.name)))
                                    .map(|(id, name)| {
                                        view! {
                                            <option value=id.to_string() prop:selected=shown == Some(id)>
                                                {name}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </h3>
                    <div class="bridge-pair">
                        <BridgeView
                            bridge=margin
                            currency=currency
                            key="margin"
                            title="Gross margin over the horizon"
                        />
                        <BridgeView
                            bridge=cash
                            currency=currency
                            key="cash"
                            title=Signal::derive(move || {
                                bridges.with(|b| match b {
                                    Some(b) if b.4 => format!(
                                        "Cash at the end of {}, the scenario's low point: below the minimum cash",
                                        b.2
                                    ),
                                    Some(b) => format!("Cash at the end of {}, the scenario's low point", b.2),
                                    None => String::new(),
                                })
                            })
                        />
                    </div>
                </div>
    }
}
