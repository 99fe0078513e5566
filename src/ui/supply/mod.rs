//! Supply review: for the selected family or SKU its strategy, production, projected
//! inventory, safety stock and backlog (chart and grid, production overrides typed in
//! the grid); rough-cut capacity per resource with the constrained / overtime settings
//! and what the constrained plan moved or could not make; workforce; component
//! purchases (MRP-light); Optimize: the cost- or profit-optimal plan as a scenario,
//! solved in a worker of its own, with its cost lines and shadow prices.
//!
//! Every edit is a command on the current cycle (undo/redo, auto-save): strategies edit
//! the master data (`Family.strategy`, `Product.strategy`), everything else the active
//! plan's `inputs.supply`. An approved cycle shows everything read-only.

mod capacity;
mod components;
mod family_skus;
mod loaders;
mod optimize;
pub use optimize::provide_session as provide_optimizer;
mod optimize_result;
mod plan;
mod workforce;

use crate::engine::model::{MasterData, Unmet};
use crate::engine::month::Month;
use crate::engine::plan::CapacityState;
use crate::ui::format::{pct, units};
use crate::ui::glossary::Term;
use crate::ui::state::AppState;
use crate::ui::tree::Tree;
use leptos::prelude::*;

/// A month as a table column header on two lines (`Nov` / `26`), so that 18 months fit
/// the width of a projector; read as "Nov 26".
fn month_head(m: Month) -> String {
    m.short_label().replacen(' ', "\n", 1)
}

/// A copy of the current cycle's master data, read without tracking (for edits).
fn master_untracked(state: &AppState) -> Option<MasterData> {
    state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.cycles.last())
            .map(|c| c.master.clone())
    })
}

#[component]
pub fn SupplyView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let selection = Memo::new(move |_| state.selected());
    let data = Memo::new(move |_| {
        selection
            .get()
            .map(|s| plan::supply_data(&state, &s))
            .unwrap_or_default()
    });
    let capacity = Memo::new(move |_| capacity::capacity_data(&state));
    let workforce = Memo::new(move |_| workforce::workforce_data(&state));
    let components = Memo::new(move |_| components::component_data(&state));
    // SKUs that cannot ship all their demand on time somewhere in the horizon.
    let short = Memo::new(move |_| {
        state.plan.with(|p| {
            (0..p.skus.len())
                .filter(|&i| {
                    p.supply.backlog.row(i).iter().any(|b| *b > 0.5)
                        || p.supply.lost.row(i).iter().any(|l| *l > 0.5)
                })
                .map(|i| p.skus[i].clone())
                .collect::<Vec<_>>()
        })
    });

    view! {
        <section class="step supply" aria-labelledby="supply-title">
            <div class="split">
                <Tree
                    selection=selection
                    flagged=Signal::derive(move || short.get())
                    flag_title="demand not met on time (backlog or lost sales)"
                />
                <div class="main-col">
                    <h1 id="supply-title">
                        "Supply review · "
                        <span class="sel-title">{move || data.with(|d| d.title.clone())}</span>
                    </h1>
                    <Kpis capacity=capacity short=short />
                    <Settings />
                    <section class="panel" aria-labelledby="plan-title">
                        <div class="panel-head">
                            <h2 id="plan-title">"Production and inventory"</h2>
                            <plan::StrategyPicker selection=selection />
                        </div>
                        <plan::SupplyPlanView data=data selection=selection />
                        <family_skus::FamilySkus selection=selection />
                    </section>
                    <section class="panel" id="optimize-section" aria-labelledby="optimize-title">
                        <h2 id="optimize-title">"Optimize"</h2>
                        <optimize::OptimizePanel />
                    </section>
                    <section class="panel" id="capacity" aria-labelledby="capacity-title">
                        <div class="panel-head">
                            <h2 id="capacity-title">
                                <Term text="Capacity (RCCP: rough-cut)" />
                            </h2>
                        </div>
                        <capacity::CapacityView data=capacity />
                    </section>
                    <section class="panel" id="workforce-section" aria-labelledby="workforce-title">
                        <h2 id="workforce-title">"Workforce"</h2>
                        <workforce::WorkforceView data=workforce />
                    </section>
                    <section class="panel" id="components-section" aria-labelledby="components-title">
                        <h2 id="components-title">"Component purchases (MRP-light)"</h2>
                        <components::ComponentsView data=components />
                    </section>
                </div>
            </div>
        </section>
    }
}

/// A fill rate below this is shown as an alert (above it, SKUs short are a warning).
const FILL_RATE_ALERT: f64 = 0.995;

/// The headline numbers of the supply plan, which move with every edit.
#[component]
fn Kpis(capacity: Memo<capacity::CapacityData>, short: Memo<Vec<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kpis = Memo::new(move |_| state.plan.with(|p| p.kpis.clone()));
    let state_of = move || kpis.with(|k| k.capacity_state());
    let moved = move || {
        capacity.with(|d| {
            (
                d.shifts.iter().map(|s| s.units).sum::<f64>(),
                d.shortfalls.iter().map(|s| s.units).sum::<f64>(),
            )
        })
    };
    view! {
        <dl class="kpis" id="supply-kpis" aria-label="Supply plan headline figures">
            <div
                class="kpi"
                class:bad=move || kpis.with(|k| k.fill_rate < FILL_RATE_ALERT)
                class:warn=move || {
                    !short.with(Vec::is_empty) && kpis.with(|k| k.fill_rate >= FILL_RATE_ALERT)
                }
            >
                <dt>
                    <Term text="Fill rate" />
                </dt>
                <dd id="kpi-fill-rate">{move || kpis.with(|k| pct(k.fill_rate_shown()))}</dd>
                <dd class="sub">
                    {move || match short.with(Vec::len) {
                        0 => "every SKU on time".to_string(),
                        1 => "1 SKU short".to_string(),
                        n => format!("{n} SKUs short"),
                    }}
                </dd>
            </div>
            <div
                class="kpi"
                class:bad=move || state_of() == CapacityState::OverCapacity
                class:warn=move || state_of() == CapacityState::NeedsOvertime
            >
                <dt>
                    <Term text="Peak utilisation" />
                </dt>
                <dd id="kpi-peak">{move || kpis.with(|k| pct(k.peak_utilization))}</dd>
                <dd class="sub" id="kpi-capacity-state">
                    {move || {
                        kpis.with(|k| {
                            let at = match (&k.peak_resource, k.peak_month) {
                                (Some(r), Some(m)) => format!(" · {r}, {}", m.short_label()),
                                _ => String::new(),
                            };
                            format!("{}{at}", k.capacity_state().label())
                        })
                    }}
                </dd>
            </div>
            <div class="kpi" class:bad=move || state_of() == CapacityState::OverCapacity>
                <dt>"Over capacity"</dt>
                <dd id="kpi-overloads">{move || kpis.with(|k| k.over_capacity_months)}</dd>
                <dd class="sub">
                    {move || {
                        kpis.with(|k| {
                            format!(
                                "resource-months beyond overtime; {} more need overtime",
                                k.overtime_months,
                            )
                        })
                    }}
                </dd>
            </div>
            <div class="kpi">
                <dt>
                    <Term text="Overtime" />
                </dt>
                <dd>{move || kpis.with(|k| units(k.overtime_hours))} " h"</dd>
                <dd class="sub">"over the horizon"</dd>
            </div>
            <Show when=move || capacity.with(|d| d.constrained)>
                <div class="kpi" class:bad=move || { moved().1 > 0.5 }>
                    <dt>"Moved / not made"</dt>
                    <dd>{move || units(moved().0)} " / " {move || units(moved().1)}</dd>
                    <dd class="sub">"units (constrained)"</dd>
                </div>
            </Show>
            <div class="kpi">
                <dt>
                    <Term text="Peak FTE" />
                </dt>
                <dd>{move || kpis.with(|k| format!("{:.1}", k.peak_fte))}</dd>
                <dd class="sub">
                    {move || state.plan.with(|p| format!("now {:.0}", p.workforce.current_fte))}
                </dd>
            </div>
        </dl>
    }
}

/// Plan-wide supply settings: constrained mode, overtime, unmet demand.
#[component]
fn Settings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let settings = Memo::new(move |_| {
        state
            .with_inputs(|i| (i.supply.constrained, i.supply.use_overtime, i.supply.unmet))
            .unwrap_or_default()
    });
    let set_constrained = move |on: bool| {
        state.edit_inputs(|i| {
            let mut next = i.clone();
            next.supply.constrained = on;
            next
        })
    };
    let set_overtime = move |on: bool| {
        state.edit_inputs(|i| {
            let mut next = i.clone();
            next.supply.use_overtime = on;
            next
        })
    };
    let set_unmet = move |u: Unmet| {
        state.edit_inputs(|i| {
            let mut next = i.clone();
            next.supply.unmet = u;
            next
        })
    };
    view! {
        <div class="settings" role="group" aria-label="Supply plan settings">
            <label class="switch" title="Respect capacity: pre-build what does not fit in earlier months with spare capacity, else make it late or lose it">
                <input
                    type="checkbox"
                    id="constrained-toggle"
                    prop:checked=move || settings.get().0
                    disabled=move || state.frozen()
                    on:change=move |ev| set_constrained(event_target_checked(&ev))
                />
                " Constrained by capacity"
            </label>
            <label
                class="switch"
                class:off=move || !settings.get().0
                title="In constrained mode, whether overtime hours count as capacity (unconstrained plans always show overtime as available)"
            >
                <input
                    type="checkbox"
                    id="overtime-toggle"
                    prop:checked=move || settings.get().1
                    disabled=move || state.frozen()
                    on:change=move |ev| set_overtime(event_target_checked(&ev))
                />
                " Use overtime"
            </label>
            <label>
                "Demand not shipped "
                <select
                    id="unmet-select"
                    disabled=move || state.frozen()
                    on:change=move |ev| {
                        set_unmet(if event_target_value(&ev) == "lost" { Unmet::LostSales } else { Unmet::Backlog })
                    }
                >
                    <option value="backlog" prop:selected=move || settings.get().2 == Unmet::Backlog>
                        "is backlogged"
                    </option>
                    <option value="lost" prop:selected=move || settings.get().2 == Unmet::LostSales>
                        "is lost"
                    </option>
                </select>
            </label>
            <Show when=move || state.frozen()>
                <span class="frozen-note">"Approved cycle: read-only"</span>
            </Show>
        </div>
    }
}
