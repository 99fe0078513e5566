//! The finance terms of the active plan, typed as text and read exactly (Decimal):
//! opening cash, DSO, DPO, fixed cost per month, minimum cash. A refused value stays in
//! its field with the reason next to it; Escape puts the current value back.

use super::fmt::plain_exact;
use crate::engine::command::{FinanceTerm, PlanRef, set_finance_term};
use crate::engine::model::FinanceParams;
use crate::ui::format::plain;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

fn term_id(t: FinanceTerm) -> &'static str {
    match t {
        FinanceTerm::OpeningCash => "opening-cash",
        FinanceTerm::DsoDays => "dso-days",
        FinanceTerm::DpoDays => "dpo-days",
        FinanceTerm::FixedCost => "fixed-cost",
        FinanceTerm::MinCash => "min-cash",
    }
}

fn short_label(t: FinanceTerm) -> &'static str {
    match t {
        FinanceTerm::OpeningCash => "Opening cash",
        FinanceTerm::DsoDays => "DSO",
        FinanceTerm::DpoDays => "DPO",
        FinanceTerm::FixedCost => "Fixed cost / month",
        FinanceTerm::MinCash => "Minimum cash",
    }
}

fn hint(t: FinanceTerm) -> &'static str {
    match t {
        FinanceTerm::OpeningCash => "Cash at the start of the first month",
        FinanceTerm::DsoDays => "Days customers take to pay",
        FinanceTerm::DpoDays => "Days we take to pay suppliers",
        FinanceTerm::FixedCost => "Operating cost paid every month",
        FinanceTerm::MinCash => "Cash below this is an exception",
    }
}

/// The text a field shows for a value.
fn shown(t: FinanceTerm, v: Decimal) -> String {
    if t.is_money() {
        plain_exact(v)
    } else {
        plain(v.normalize())
    }
}

#[component]
pub fn FinanceTerms() -> impl IntoView {
    let state = expect_context::<AppState>();
    let finance = Memo::new(move |_| state.with_inputs(|i| i.finance.clone()).unwrap_or_default());
    view! {
        <form
            class="panel terms-form"
            aria-labelledby="terms-title"
            on:submit=|ev| ev.prevent_default()
        >
            <h2 id="terms-title">"Finance terms"</h2>
            <p class="muted small">
                "Type a new value and press Enter: the plan, the table and the charts follow."
            </p>
            {FinanceTerm::ALL
                .into_iter()
                .map(|t| view! { <TermField term=t finance=finance /> })
                .collect_view()}
        </form>
    }
}

#[component]
fn TermField(term: FinanceTerm, finance: Memo<FinanceParams>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let id = term_id(term);
    let err_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let value = Memo::new(move |_| finance.with(|f| term.get(f)));
    let currency = move || super::fmt::symbol(&state.currency()).to_string();
    // A scenario's DSO / DPO lever replaces the term in its plan: say so.
    let lever = Memo::new(move |_| {
        let PlanRef::Scenario(sid) = state.active.get() else {
            return None;
        };
        state
            .with_cycle(|c| {
                c.scenarios
                    .iter()
                    .find(|s| s.id == sid)
                    .and_then(|s| match term {
                        FinanceTerm::DsoDays => s.levers.dso_days,
                        FinanceTerm::DpoDays => s.levers.dpo_days,
                        _ => None,
                    })
            })
            .flatten()
    });
    let commit = move |text: String| {
        let Some(result) = state
            .with_inputs(|i| set_finance_term(i, term, &text, crate::ui::format::number_format()))
        else {
            return;
        };
        match result {
            Ok(next) => {
                problem.set(None);
                if next.finance != finance.get_untracked() {
                    state.edit_inputs(move |_| next);
                }
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <div class="term" class:invalid=move || problem.with(Option::is_some)>
            <label for=id>{short_label(term)}</label>
            <div class="input-unit">
                {term.is_money().then(|| view! { <span class="unit" aria-hidden="true">{currency}</span> })}
                <input
                    id=id
                    inputmode="decimal"
                    autocomplete="off"
                    aria-describedby=format!("{hint_id} {err_id}")
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || shown(term, value.get())
                    disabled=move || state.frozen()
                    on:change=move |ev| commit(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            input.set_value(&shown(term, value.get_untracked()));
                            problem.set(None);
                        }
                    }
                    on:focus=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.select();
                    }
                />
                {(!term.is_money()).then(|| view! { <span class="unit" aria-hidden="true">"days"</span> })}
            </div>
            <p class="hint" id=hint_id.clone()>
                {hint(term)}
                {move || {
                    lever
                        .get()
                        .map(|d| {
                            format!(
                                " · this scenario's lever uses {} days",
                                plain(d.normalize()),
                            )
                        })
                }}
            </p>
            <p class="field-problem" id=err_id.clone() role="alert">
                {move || problem.get()}
            </p>
        </div>
    }
}
