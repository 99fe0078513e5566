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
use crate::engine::review::capacity::CapacityData;
use crate::engine::review::supply::short_skus;
use crate::engine::review::tiles;
use crate::ui::format::number_format;
use crate::ui::glossary::Term;
use crate::ui::state::AppState;
use crate::ui::tile::tile_item;
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
    let short = Memo::new(move |_| state.plan.with(|p| short_skus(p)));

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
                    <Kpis capacity=capacity />
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

/// The headline numbers of the supply plan, which move with every edit
/// (`engine::review::tiles::supply`); the last tile only in constrained mode.
#[component]
fn Kpis(capacity: Memo<CapacityData>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tiles = Memo::new(move |_| {
        let moved = capacity.with(CapacityData::moved);
        state
            .plan
            .with(|p| tiles::supply(&p.kpis, p.workforce.current_fte, moved, number_format()))
    });
    view! {
        <div class="kpi-row" id="supply-kpis" role="list" aria-label="Supply plan headline figures">
            {(0..5).map(|i| tile_item(tiles, i)).collect_view()}
            <Show when=move || tiles.with(|t| t.len() > 5)>{move || tile_item(tiles, 5)}</Show>
        </div>
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
