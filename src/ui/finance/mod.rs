//! Financial review: the plan in money. KPI row (DSO, DIO, DPO, cash conversion cycle,
//! OCF / sales, cash low point), the cash balance against the minimum, plan vs budget,
//! the editable finance terms and the monthly table (P&L, working capital, operating
//! cash flow by both methods, cash). Everything shows the active plan (base or scenario).

pub(crate) mod bridge;
mod by_family;
pub(crate) mod charts;
pub(crate) mod fmt;
mod table;
mod terms;

use crate::engine::command::PlanRef;
use crate::engine::review::tiles;
use crate::ui::chart::Chart;
use crate::ui::format::number_format;
use crate::ui::state::AppState;
use leptos::prelude::*;

use crate::ui::tile::tile_item;

/// Which plan the view shows: the base plan or a scenario (what-if).
#[component]
pub(crate) fn PlanBadge() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = Memo::new(move |_| match state.active.get() {
        PlanRef::Base => None,
        PlanRef::Scenario(id) => state
            .with_cycle(|c| {
                c.scenarios
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.name.clone())
            })
            .flatten(),
    });
    view! {
        <span class="plan-badge" class:scenario=move || name.with(Option::is_some)>
            {move || match name.get() {
                None => "Base plan".to_string(),
                Some(n) => format!("Scenario: {n}"),
            }}
        </span>
    }
}

#[component]
pub fn FinanceView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let fin = Memo::new(move |_| state.plan.with(|p| p.finance.clone()));
    let currency = Memo::new(move |_| state.currency());
    let tiles = Memo::new(move |_| {
        state
            .plan
            .with(|p| tiles::finance(&p.finance, &p.kpis, &currency.get(), number_format()))
    });
    let cash = Signal::derive(move || fin.with(|f| charts::cash_chart(f, &currency.get())));
    let budget = Signal::derive(move || fin.with(charts::budget_chart));
    let budget_bridge =
        Memo::new(move |_| fin.with(|f| crate::engine::review::bridge::budget_bridge(f, "Plan")));
    let budget_summary = Memo::new(move |_| {
        fin.with(|f| {
            crate::engine::review::finance::budget_summary(f, &currency.get(), number_format())
        })
    });
    view! {
        <section class="step finance" aria-labelledby="finance-title">
            <div class="step-head">
                <h1 id="finance-title">"Financial review"</h1>
                <PlanBadge />
            </div>
            <div class="kpi-row" role="list" aria-label="Working capital and cash KPIs">
                {(0..6)
                    .map(|i| tile_item(tiles, i))
                    .collect_view()}
            </div>
            <div class="fin-top">
                <div class="panel chart-panel">
                    <h2>"Cash balance (month end)"</h2>
                    <Chart
                        chart=cash
                        id="cash-chart"
                        label="Cash balance by month with the minimum-cash line and the low point marked; the KPI tiles above give the low point in words"
                    />
                </div>
                <terms::FinanceTerms />
            </div>
            <div class="panel chart-panel">
                <h2>"Plan vs budget"</h2>
                <p class="budget-summary" id="budget-summary">
                    {move || budget_summary.get()}
                </p>
                <Chart
                    chart=budget
                    id="budget-chart"
                    label="Revenue and gross margin by month as bars, their budget as dashed lines; months below budget in red or orange"
                />
                <p class="chart-note">{charts::BELOW_BUDGET_NOTE}</p>
                <bridge::BridgeView
                    bridge=budget_bridge
                    currency=currency
                    key="budget"
                    title="Gross margin of the budgeted months: budget → plan"
                />
            </div>
            <table::FinanceTable fin=fin currency=currency />
            <by_family::ByFamily />
        </section>
    }
}
