//! The optimizer's answer: cost lines of the optimized plan next to the plan it was
//! optimized from, the integer gap, and the shadow prices in words, biggest first.

use crate::engine::command::PlanRef;
use crate::engine::optimize::Objective;
use crate::engine::optimize::outcome::Outcome;
use crate::ui::format::{money, pct, units};
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use std::sync::Arc;

/// Shadow prices in words, the non-zero ones (as shown, whole €), biggest first.
pub(super) fn shadow_sentences(o: &Outcome, state: &AppState, currency: &str) -> Vec<String> {
    let name = |id: &str, resource: bool| {
        state
            .with_cycle_untracked(|c| {
                if resource {
                    c.master
                        .resources
                        .iter()
                        .find(|r| r.id == id)
                        .map(|r| r.name.clone())
                } else {
                    c.master
                        .families
                        .iter()
                        .find(|f| f.id == id)
                        .map(|f| f.name.clone())
                }
            })
            .flatten()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.to_string())
    };
    let service = o.objective == Objective::Service;
    let worth = |x: Decimal| {
        if service {
            format!(
                "{} unit-months of service",
                units(x.to_f64().unwrap_or(0.0))
            )
        } else {
            money(x, currency)
        }
    };
    let mut out: Vec<(Decimal, String)> = Vec::new();
    for h in &o.shadow.hours {
        out.push((
            h.per_hour,
            format!(
                "One more hour on {} in {} is worth {}.",
                name(&h.resource, true),
                h.month.short_label(),
                worth(h.per_hour)
            ),
        ));
    }
    if let Some(c) = o.shadow.min_cash_per_euro {
        let per = Decimal::from_f64(c * 10_000.0).unwrap_or_default();
        out.push((
            per,
            format!(
                "Each {} of extra minimum cash costs {}.",
                money(Decimal::from(10_000), currency),
                worth(per)
            ),
        ));
    }
    for f in &o.shadow.safety_stock {
        out.push((
            f.total,
            format!(
                "The safety-stock floor of {} costs {} ({} per unit).",
                name(&f.family, false),
                worth(f.total),
                worth(f.per_unit)
            ),
        ));
    }
    out.retain(|(v, _)| !v.round().is_zero());
    out.sort_by_key(|b| std::cmp::Reverse(b.0.abs()));
    out.into_iter().map(|(_, s)| s).collect()
}

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
    let o = outcome.clone();
    let gap = format!(
        "Whole units and whole FTE: integer gap {} to the LP bound ({} above it); {} variables ({} integer), {} constraints.",
        pct(o.integer_gap),
        m(Decimal::from_f64(o.objective_value - o.lp_bound).unwrap_or_default()),
        o.size.variables,
        o.size.integers,
        o.size.constraints
    );
    let saved = saved_sentence(&outcome, &m);
    let sentences = shadow_sentences(&outcome, &state, &currency);
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

/// What the saved scenario costs once split to SKUs in whole lots, against the family
/// optimum of the table (and the plan it was optimized from).
fn saved_sentence(o: &Outcome, money: &dyn Fn(Decimal) -> String) -> String {
    // An amount never breaks between its currency and its digits.
    let m = |x: Decimal| money(x).replace(' ', "\u{a0}");
    let Some(saved) = &o.saved else {
        return "Split to SKUs in whole lots, the saved scenario breaks a hard limit of the model (capacity, workforce or ending): check its supply review.".into();
    };
    let extra = saved.total - o.costs.total;
    let versus = match extra.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Equal => "exactly the family optimum".to_string(),
        std::cmp::Ordering::Greater => format!("{} more than the family optimum above", m(extra)),
        std::cmp::Ordering::Less => format!("{} less than the family optimum above", m(-extra)),
    };
    let now = o
        .current
        .as_ref()
        .map(|c| {
            format!(
                "; {} less than the plan it was optimized from",
                m(c.total - saved.total)
            )
        })
        .filter(|_| o.current.as_ref().is_some_and(|c| c.total >= saved.total))
        .unwrap_or_default();
    format!(
        "As saved — each SKU in whole lots of its lot multiple — the scenario costs {}: {versus}{now}.",
        m(saved.total)
    )
}
