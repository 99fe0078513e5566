//! The optimizer's answer: cost lines of the optimized plan next to the plan it was
//! optimized from, the integer gap, and the shadow prices in words, biggest first
//! (the words are [`crate::engine::review::optimize`]'s).

use crate::engine::command::PlanRef;
use crate::engine::optimize::outcome::Outcome;
use crate::engine::review::optimize as words;
use crate::ui::format::{money, number_format};
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

#[component]
pub(super) fn ResultView(
    outcome: Arc<Outcome>,
    id: u64,
    name: String,
    from: PlanRef,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = state.currency();
    let m = |x: Decimal| money(x, &currency);
    let from_name = match from {
        PlanRef::Base => "Base plan".to_string(),
        PlanRef::Scenario(sid) => state
            .with_cycle_untracked(|c| {
                c.scenarios
                    .iter()
                    .find(|s| s.id == sid)
                    .map(|s| s.name.clone())
            })
            .flatten()
            .unwrap_or_else(|| format!("Scenario {sid}")),
    };
    let current = outcome.current.as_ref().map(|c| c.rows());
    let rows = outcome
        .costs
        .rows()
        .into_iter()
        .enumerate()
        .map(|(k, (label, opt))| {
            let now = current.as_ref().map(|c| c[k].1);
            let total = label == "Total";
            view! {
                <tr class:total=total>
                    <th scope="row">{label}</th>
                    <td class="num">{now.map(m).unwrap_or_else(|| "—".into())}</td>
                    <td class="num" id=total.then_some("opt-total")>{m(opt)}</td>
                    <td class="num">{now.map(|n| m(opt - n)).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    // Gross profit = revenue − (total cost − lost margin), as the engine reports it.
    let profit = |c: &crate::engine::optimize::CostLines, revenue: Decimal| {
        revenue - (c.total - c.lost_margin)
    };
    let now_profit = outcome
        .current
        .as_ref()
        .zip(outcome.current_revenue)
        .map(|(c, r)| (r, profit(c, r)));
    let money_rows = [
        (
            "Revenue",
            now_profit.map(|p| p.0),
            outcome.revenue,
            "opt-revenue",
        ),
        (
            "Gross profit",
            now_profit.map(|p| p.1),
            outcome.gross_profit,
            "opt-profit",
        ),
    ]
    .into_iter()
    .map(|(label, now, opt, id)| {
        view! {
            <tr class="profit">
                <th scope="row">{label}</th>
                <td class="num">{now.map(m).unwrap_or_else(|| "—".into())}</td>
                <td class="num" id=id>{m(opt)}</td>
                <td class="num">{now.map(|n| m(opt - n)).unwrap_or_default()}</td>
            </tr>
        }
    })
    .collect_view();
    let nf = number_format();
    let gap = words::gap_sentence(&outcome, &currency, nf);
    let saved = words::saved_sentence(&outcome, &currency, nf);
    let sentences = state
        .with_cycle_untracked(|c| words::shadow_sentences(&outcome, c, &currency, nf))
        .unwrap_or_default();
    // Undo takes the scenario back: then there is nothing to show.
    let exists = Memo::new(move |_| {
        state
            .with_cycle(|c| c.scenarios.iter().any(|s| s.id == id))
            .unwrap_or(false)
    });
    let no_prices = sentences.is_empty();
    view! {
        <div class="opt-result" id="opt-result">
            <p class="opt-saved">
                {format!("Saved as the scenario \u{201c}{name}\u{201d} (undo takes it back). ")}
                <Show
                    when=move || exists.get()
                    fallback=|| view! { <em>"It was deleted or undone."</em> }
                >
                    <button id="opt-open" on:click=move |_| state.active.set(PlanRef::Scenario(id))>
                        "Show it"
                    </button>
                </Show>
            </p>
            <table class="opt-costs" id="opt-costs">
                <caption>"Cost over the horizon, same cost model"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Cost line"</th>
                        <th scope="col" class="num">{from_name}</th>
                        <th scope="col" class="num">{name.clone()}</th>
                        <th scope="col" class="num">"Difference"</th>
                    </tr>
                </thead>
                <tbody>{rows} {money_rows}</tbody>
            </table>
            <Show when=move || current.is_none()>
                <p class="note">"The current plan's production breaks a hard limit of the model (capacity, workforce or ending): it has no cost to compare."</p>
            </Show>
            <p class="opt-gap" id="opt-saved-cost">{saved}</p>
            <p class="opt-gap" id="opt-gap">{gap}</p>
            <h3>"What the limits cost (shadow prices)"</h3>
            <ul class="opt-shadow" id="opt-shadow">
                {sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
            <Show when=move || no_prices>
                <p class="note">"No limit binds: one more hour or unit of any limit changes nothing."</p>
            </Show>
        </div>
    }
}
