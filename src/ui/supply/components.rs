//! Component purchases (MRP-light): per key component the gross requirement from the
//! production plan, planned receipts, projected on hand and planned orders (by order
//! month); purchase spend per month; orders that should already have been placed.

use super::month_head;
use crate::engine::month::Month;
use crate::engine::plan::PastDueOrder;
use crate::ui::format::{money, units};
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct ComponentRows {
    pub id: String,
    pub name: String,
    pub lead_time: u32,
    pub on_hand: f64,
    pub cost: Decimal,
    pub gross: Vec<f64>,
    pub receipts: Vec<f64>,
    pub on_hand_end: Vec<f64>,
    pub orders: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct ComponentData {
    pub months: Vec<Month>,
    pub components: Vec<ComponentRows>,
    pub past_due: Vec<PastDueOrder>,
    pub purchases: Vec<Decimal>,
    pub orders_value: Vec<Decimal>,
}

pub(super) fn component_data(state: &AppState) -> ComponentData {
    state.plan.with(|p| {
        let cp = &p.components;
        let specs = state
            .with_cycle(|c| c.master.components.clone())
            .unwrap_or_default();
        ComponentData {
            months: p.months.clone(),
            components: cp
                .components
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    let spec = specs.iter().find(|s| &s.id == id);
                    ComponentRows {
                        id: id.clone(),
                        name: spec.map_or_else(|| id.clone(), |s| s.name.clone()),
                        lead_time: spec.map_or(0, |s| s.lead_time),
                        on_hand: spec.map_or(0.0, |s| s.on_hand),
                        cost: spec.map_or(Decimal::ZERO, |s| s.unit_cost),
                        gross: cp.gross.row(i).to_vec(),
                        receipts: cp.receipts.row(i).to_vec(),
                        on_hand_end: cp.on_hand.row(i).to_vec(),
                        orders: cp.orders.row(i).to_vec(),
                    }
                })
                .collect(),
            past_due: cp.past_due.clone(),
            purchases: cp.purchases.clone(),
            orders_value: cp.orders_value.clone(),
        }
    })
}

fn plural(n: u32, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[component]
pub(super) fn ComponentsView(data: Memo<ComponentData>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = Memo::new(move |_| state.currency());
    let total = move || {
        data.with(|d| {
            money(
                d.purchases.iter().copied().sum::<Decimal>(),
                &currency.get(),
            )
        })
    };
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
                                            {format!(
                                                "{} × {}: needed {}, should have been ordered {}",
                                                units(o.units),
                                                o.component,
                                                o.need.short_label(),
                                                o.order.short_label(),
                                            )}
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
                        let first = d.months.first().copied();
                        let groups = d
                            .components
                            .iter()
                            .map(|c| {
                                let row = |label: &'static str, class: &'static str, v: &[f64], total: bool| {
                                    let sum: f64 = v.iter().sum();
                                    let cells = v
                                        .iter()
                                        .enumerate()
                                        .map(|(t, x)| {
                                            let due: Vec<&PastDueOrder> = if class == "orders" && t == 0 {
                                                d.past_due.iter().filter(|o| o.component == c.id).collect()
                                            } else {
                                                Vec::new()
                                            };
                                            let title = (!due.is_empty()).then(|| {
                                                format!(
                                                    "Includes {} units past due (should have been ordered by {})",
                                                    units(due.iter().map(|o| o.units).sum()),
                                                    due.iter().map(|o| o.order).min().or(first).map(|m| m.short_label()).unwrap_or_default(),
                                                )
                                            });
                                            view! {
                                                <td class="num" class:past-due=!due.is_empty() class:zero=x.abs() < 0.5 title=title>
                                                    {units(*x)}
                                                </td>
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr class=class>
                                            <th scope="row">{label}</th>
                                            {cells}
                                            <td class="num total">{total.then(|| units(sum))}</td>
                                        </tr>
                                    }
                                };
                                let spend: Decimal = c.receipts.iter().map(|r| {
                                    Decimal::from_f64_retain(*r).unwrap_or_default() * c.cost
                                }).sum();
                                view! {
                                    <tbody class="component" data-component=c.id.clone()>
                                        <tr class="comp-head">
                                            <th scope="rowgroup" colspan=n + 2>
                                                <span class="id">{c.id.clone()}</span>
                                                " · "
                                                {c.name.clone()}
                                                <span class="facts">
                                                    {format!(
                                                        "lead time {} · on hand today {} · {} each · spend {}",
                                                        plural(c.lead_time, "month"),
                                                        units(c.on_hand),
                                                        money(c.cost, &cur),
                                                        money(spend, &cur),
                                                    )}
                                                </span>
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
                        let money_row = |label: &'static str, class: &'static str, v: &[Decimal]| {
                            let sum: Decimal = v.iter().copied().sum();
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
                                {money_row("Purchase spend (receipts)", "purchases", &d.purchases)}
                                {money_row("Orders placed (value)", "orders-value", &d.orders_value)}
                            </tbody>
                        }
                    })
                }}
            </table>
        </div>
    }
}
