//! "Open deals" under the demand grid: the pipeline deals of the selection (customer,
//! SKU, month, units, probability, stage, weighted units) from
//! `engine::review::deals`, edited in place, added and removed — each one command of
//! `engine::command` (`add_deal`, `edit_deal`, `remove_deal`), undoable.

use crate::engine::command::{
    Command, CommandError, DealEdit, NewDeal, add_deal, edit_deal, remove_deal,
};
use crate::engine::deal::DealStage;
use crate::engine::model::Cycle;
use crate::engine::month::Month;
use crate::engine::number::parse_percent;
use crate::engine::plan::output::qty;
use crate::engine::review::deals::{DealRow, open_deals};
use crate::ui::format::{number_format, parse_number, plain, units};
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

/// `40 %`.
fn percent_text(p: f64) -> String {
    format!("{} %", crate::ui::format::plain((p * 1e4).round() / 100.0))
}

/// A typed probability: `40`, `40 %` or `0.4` → 0.4.
fn read_probability(text: &str) -> Result<f64, String> {
    parse_percent(text.trim(), number_format()).map_err(|e| format!("Probability: {e}"))
}

/// A stage from a select's value (its code).
fn stage_of(code: &str) -> DealStage {
    DealStage::parse(code).unwrap_or_default()
}

/// The stage picker, `current` selected.
fn stage_options(current: DealStage) -> impl IntoView {
    DealStage::ALL
        .into_iter()
        .map(|s| view! { <option value=s.code() selected=s == current>{s.label()}</option> })
        .collect_view()
}

/// The month picker over the plan's months, `current` selected (listed too when it is
/// outside them).
fn month_options(months: Vec<Month>, current: Option<Month>) -> impl IntoView {
    let mut ms = months;
    if let Some(c) = current
        && !ms.contains(&c)
    {
        ms.insert(0, c);
    }
    ms.into_iter()
        .map(|m| {
            view! { <option value=m.to_string() selected=Some(m) == current>{m.short_label()}</option> }
        })
        .collect_view()
}

#[component]
pub(super) fn OpenDeals(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let deals = Memo::new(move |_| {
        let sel = selection.get()?;
        state
            .plan
            .with(|p| state.with_inputs(|i| open_deals(p, i, &sel)))
    });
    let months = Memo::new(move |_| {
        state
            .with_cycle(|c| c.months().collect::<Vec<Month>>())
            .unwrap_or_default()
    });
    let skus = Memo::new(move |_| {
        selection
            .get()
            .and_then(|s| {
                state.with_cycle_data(|c| {
                    s.skus(c).into_iter().map(String::from).collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });
    // Builds the command from the cycle and the active plan, applies it, says why not.
    let run = move |build: &dyn Fn(&Cycle) -> Result<Command, CommandError>| {
        let cmd = state.with_cycle_untracked(|c| build(c));
        let result = match cmd {
            Some(Ok(cmd)) => state.apply(cmd).map_err(|e| e.to_string()),
            Some(Err(e)) => Err(e.to_string()),
            None => Err("no workspace is open".into()),
        };
        problem.set(result.err());
    };
    let edit = move |id: u64, e: DealEdit| {
        let which = state.active.get_untracked();
        run(&|c| edit_deal(c, which, id, e.clone()));
    };
    let row_view = move |r: DealRow| {
        let id = r.id;
        let outside = r.t.is_none();
        view! {
            <tr data-deal=id.to_string() class:outside=outside>
                <td>
                    <input
                        class="deal-customer"
                        aria-label=format!("Customer of deal {id}")
                        prop:value=r.customer.clone()
                        disabled=move || state.frozen()
                        on:change=move |ev| edit(id, DealEdit::Customer(event_target_value(&ev)))
                    />
                </td>
                <td>{r.sku.clone()}</td>
                <td>
                    <select
                        class="deal-month"
                        aria-label=format!("Month of deal {id}")
                        disabled=move || state.frozen()
                        on:change=move |ev| {
                            match event_target_value(&ev).parse::<Month>() {
                                Ok(m) => edit(id, DealEdit::Month(m)),
                                Err(e) => problem.set(Some(format!("Month: {e}"))),
                            }
                        }
                    >
                        {month_options(months.get_untracked(), Some(r.month))}
                    </select>
                </td>
                <td class="num">
                    <input
                        class="deal-units cell"
                        inputmode="decimal"
                        aria-label=format!("Units of deal {id}")
                        prop:value=plain(qty(r.units))
                        disabled=move || state.frozen()
                        on:change=move |ev| match parse_number(&event_target_value(&ev)) {
                            Ok(u) => edit(id, DealEdit::Units(u)),
                            Err(e) => problem.set(Some(format!("Units: {e}"))),
                        }
                    />
                </td>
                <td class="num">
                    <input
                        class="deal-probability cell"
                        inputmode="decimal"
                        aria-label=format!("Probability of deal {id}")
                        prop:value=percent_text(r.probability)
                        disabled=move || state.frozen()
                        on:change=move |ev| match read_probability(&event_target_value(&ev)) {
                            Ok(p) => edit(id, DealEdit::Probability(p)),
                            Err(e) => problem.set(Some(e)),
                        }
                    />
                </td>
                <td class="num weighted" data-value=r.weighted.to_string()>
                    {if outside { "outside the plan".to_string() } else { units(r.weighted) }}
                </td>
                <td>
                    <select
                        class="deal-stage"
                        aria-label=format!("Stage of deal {id}")
                        disabled=move || state.frozen()
                        on:change=move |ev| edit(id, DealEdit::Stage(stage_of(&event_target_value(&ev))))
                    >
                        {stage_options(r.stage)}
                    </select>
                </td>
                <td>
                    <button
                        class="remove"
                        aria-label=format!("Remove deal {id}")
                        disabled=move || state.frozen()
                        on:click=move |_| {
                            let which = state.active.get_untracked();
                            run(&|c| remove_deal(c, which, id));
                        }
                    >
                        "Remove"
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="open-deals" aria-labelledby="open-deals-title">
            <h2 id="open-deals-title">"Open deals"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Open deals (scrolls)">
                <table class="grid" id="open-deals">
                    <thead>
                        <tr>
                            <th scope="col">"Customer"</th>
                            <th scope="col">"SKU"</th>
                            <th scope="col">"Month"</th>
                            <th scope="col" class="num">"Units"</th>
                            <th scope="col" class="num">"Probability"</th>
                            <th scope="col" class="num">"Weighted"</th>
                            <th scope="col">"Stage"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = deals.with(|d| d.as_ref().map(|d| d.rows.clone())).unwrap_or_default();
                            if rows.is_empty() {
                                view! { <tr class="none"><td colspan="8">"No open deals for this selection."</td></tr> }
                                    .into_any()
                            } else {
                                rows.into_iter().map(row_view).collect_view().into_any()
                            }
                        }}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="5">"Pipeline layer: weighted units in the plan's months"</th>
                            <td
                                class="num"
                                id="deals-total"
                                data-value=move || deals.with(|d| d.as_ref().map_or(0.0, |d| d.total)).to_string()
                            >
                                {move || units(deals.with(|d| d.as_ref().map_or(0.0, |d| d.total)))}
                            </td>
                            <td colspan="2"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <NewDealForm skus=skus months=months run=Callback::new(move |d: NewDeal| {
                let which = state.active.get_untracked();
                run(&|c| add_deal(c, which, d.clone()));
            }) problem=problem />
            <p class="problem" role="alert" id="deals-problem">{move || problem.get()}</p>
        </section>
    }
}

/// Up to this many SKUs the new deal's SKU is picked from a list; a larger family's is
/// typed (a list of 2,500 options costs a click on the family ~10 ms to rebuild, and
/// nobody scrolls it).
const SKU_LIST_MAX: usize = 200;

/// "Add a deal": customer, SKU (of the selection), month, units, probability, stage.
#[component]
fn NewDealForm(
    skus: Memo<Vec<String>>,
    months: Memo<Vec<Month>>,
    run: Callback<NewDeal>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let customer = RwSignal::new(String::new());
    let sku = RwSignal::new(None::<String>);
    let month = RwSignal::new(None::<Month>);
    let amount = RwSignal::new(String::new());
    let probability = RwSignal::new(String::new());
    let stage = RwSignal::new(DealStage::Qualified);
    // Another selection: its first SKU until one is picked.
    Effect::new(move |_| {
        crate::ui::state::follow(skus);
        sku.set(None);
    });
    let listed = move || skus.with(|s| s.len() <= SKU_LIST_MAX);
    let add = move || {
        let Some(sku) = sku.get_untracked().filter(|s| !s.is_empty()).or_else(|| {
            skus.with_untracked(|s| s.first().cloned())
                .filter(|_| listed())
        }) else {
            return problem.set(Some(
                "SKU: type the code of one of the selection's SKUs".into(),
            ));
        };
        if !skus.with_untracked(|s| s.contains(&sku)) {
            return problem.set(Some(format!(
                "SKU: {sku} is not one of the selection's SKUs"
            )));
        }
        let Some(month) = month
            .get_untracked()
            .or_else(|| months.with_untracked(|m| m.first().copied()))
        else {
            return;
        };
        let units = match parse_number(&amount.get_untracked()) {
            Ok(u) => u,
            Err(e) => return problem.set(Some(format!("Units: {e}"))),
        };
        let p = match read_probability(&probability.get_untracked()) {
            Ok(p) => p,
            Err(e) => return problem.set(Some(e)),
        };
        run.run(NewDeal {
            customer: customer.get_untracked(),
            sku,
            month,
            units,
            probability: p,
            stage: stage.get_untracked(),
        });
        if problem.with_untracked(Option::is_none) {
            customer.set(String::new());
            amount.set(String::new());
            probability.set(String::new());
        }
    };
    view! {
        <form class="change-demand new-deal" on:submit=move |ev| { ev.prevent_default(); add(); }>
            <h3>"Add a deal"</h3>
            <div class="fields">
                <label class="grow">
                    "customer "
                    <input
                        id="deal-new-customer"
                        placeholder="Customer or opportunity"
                        prop:value=move || customer.get()
                        on:input=move |ev| customer.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "SKU "
                    {move || if listed() {
                        view! {
                            <select id="deal-new-sku" on:change=move |ev| sku.set(Some(event_target_value(&ev)))>
                                {skus
                                    .get()
                                    .into_iter()
                                    .map(|s| view! { <option value=s.clone()>{s.clone()}</option> })
                                    .collect_view()}
                            </select>
                        }
                        .into_any()
                    } else {
                        view! {
                            <input
                                id="deal-new-sku"
                                class="short"
                                placeholder="SKU code"
                                prop:value=move || sku.get().unwrap_or_default()
                                on:input=move |ev| sku.set(Some(event_target_value(&ev).trim().to_string()))
                            />
                        }
                        .into_any()
                    }}
                </label>
                <label>
                    "month "
                    <select
                        id="deal-new-month"
                        on:change=move |ev| month.set(event_target_value(&ev).parse().ok())
                    >
                        {move || month_options(months.get(), None)}
                    </select>
                </label>
                <label>
                    "units "
                    <input
                        id="deal-new-units"
                        class="short"
                        inputmode="decimal"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "probability "
                    <input
                        id="deal-new-probability"
                        class="short"
                        inputmode="decimal"
                        placeholder="%"
                        prop:value=move || probability.get()
                        on:input=move |ev| probability.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "stage "
                    <select
                        id="deal-new-stage"
                        on:change=move |ev| stage.set(stage_of(&event_target_value(&ev)))
                    >
                        {stage_options(DealStage::Qualified)}
                    </select>
                </label>
                <button
                    id="deal-add"
                    type="submit"
                    disabled=move || {
                        state.frozen() || amount.with(|a| a.trim().is_empty())
                            || probability.with(|p| p.trim().is_empty())
                    }
                >
                    "Add deal"
                </button>
            </div>
        </form>
    }
}
