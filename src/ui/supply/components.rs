//! Component purchases (MRP-light): per key component the gross requirement from the
//! production plan, planned receipts, projected on hand and planned orders (by order
//! month); purchase spend per month; orders that should already have been placed.

use super::month_head;
use crate::engine::review::components::{ComponentsReview, components_review, past_due_line};
use crate::ui::format::{money, number_format, units};
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The purchases table of the active plan (`engine::review::components`).
pub(super) fn component_data(state: &AppState) -> ComponentsReview {
    state.plan.with(|p| {
        state
            .with_cycle(|c| components_review(c, p))
            .unwrap_or_default()
    })
}

#[component]
pub(super) fn ComponentsView(data: Memo<ComponentsReview>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = Memo::new(move |_| state.currency());
    let total = move || data.with(|d| money(d.purchases_total(), &currency.get()));
    view! {
        <p class="section-note">
            "Purchase spend over the horizon " <b id="purchase-total">{total}</b>
            " (valued at receipt; planned orders are placed a lead time earlier)."
        </p>
        <div id="past-due" class="past-due" role="status">
            {move || {
                data.with(|d| {
                    if d.past_due.is_empty() {
                        return view! {
                            <p class="ok">"No past-due orders: every planned order can still be placed in time."</p>
                        }
                            .into_any();
                    }
                    view! {
                        <p class="bad">
                            <b>{format!("{} order(s) past due: place them now and expedite.", d.past_due.len())}</b>
                        </p>
                        <ul>
                            {d
                                .past_due
                                .iter()
                                .map(|o| {
                                    view! {
                                        <li>
                                            {past_due_line(o, number_format())}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                })
            }}
        </div>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Component purchases (scrolls)">
            <table
                class="grid components"
                id="components"
                aria-label="Component requirements, receipts, on hand, orders and purchase spend by month"
            >
                <thead>
                    <tr>
                        <th scope="col">"Component"</th>
                        {move || {
                            data.with(|d| {
                                d.months
                                    .iter()
                                    .map(|m| view! { <th scope="col">{month_head(*m)}</th> })
                                    .collect_view()
                            })
                        }}
                        <th scope="col">"Total"</th>
                    </tr>
                </thead>
                {move || {
                    let cur = currency.get();
                    data.with(|d| {
                        let n = d.months.len();
                        let nf = number_format();
                        let groups = d
                            .rows
                            .iter()
                            .map(|c| {
                                let due_title = c.past_due_title(nf);
                                let row = |label: &'static str, class: &'static str, v: &[f64], total: bool| {
                                    let cells = v
                                        .iter()
                                        .enumerate()
                                        .map(|(t, x)| {
                                            let title = (class == "orders" && t == 0).then(|| due_title.clone()).flatten();
                                            view! {
                                                <td class="num" class:past-due=title.is_some() class:zero=x.abs() < 0.5 title=title>
                                                    {units(*x)}
                                                </td>
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr class=class>
                                            <th scope="row">{label}</th>
                                            {cells}
                                            <td class="num total">{total.then(|| units(v.iter().sum()))}</td>
                                        </tr>
                                    }
                                };
                                view! {
                                    <tbody class="component" data-component=c.id.clone()>
                                        <tr class="comp-head">
                                            <th scope="rowgroup" colspan=n + 2>
                                                <span class="id">{c.id.clone()}</span>
                                                " · "
                                                {c.name.clone()}
                                                <span class="facts">{c.facts(&cur, nf)}</span>
                                            </th>
                                        </tr>
                                        {row("Gross requirement", "gross", &c.gross, true)}
                                        {row("Planned receipts", "receipts", &c.receipts, true)}
                                        {row("Projected on hand", "on-hand", &c.on_hand_end, false)}
                                        {row("Planned orders", "orders", &c.orders, true)}
                                    </tbody>
                                }
                            })
                            .collect_view();
                        let money_row = |label: &'static str, class: &'static str, v: &[Decimal], sum: Decimal| {
                            view! {
                                <tr class=class>
                                    <th scope="row">{label}</th>
                                    {v
                                        .iter()
                                        .map(|x| view! { <td class="num">{money(*x, &cur)}</td> })
                                        .collect_view()}
                                    <td class="num total">{money(sum, &cur)}</td>
                                </tr>
                            }
                        };
                        view! {
                            {groups}
                            <tbody class="spend">
                                {money_row("Purchase spend (receipts)", "purchases", &d.purchases, d.purchases_total())}
                                {money_row("Orders placed (value)", "orders-value", &d.orders_value, d.orders_value_total())}
                            </tbody>
                        }
                    })
                }}
            </table>
        </div>
    }
}
