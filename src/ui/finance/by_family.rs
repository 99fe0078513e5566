//! The aggregate view in the financial review: the company, each family and (opened)
//! its SKUs, month by month, in units or money (`engine::review::aggregate`).

use crate::engine::command::levers_of;
use crate::engine::review::aggregate::{AggregateRow, Level, by_family_opened};
use crate::ui::format::{money, units};
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// What the table shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Measure {
    Demand,
    Shipments,
    Production,
    Inventory,
    Revenue,
    Margin,
    Hours,
}

impl Measure {
    const ALL: [(Measure, &'static str, &'static str); 7] = [
        (Measure::Revenue, "revenue", "Revenue"),
        (Measure::Margin, "margin", "Gross margin"),
        (Measure::Demand, "demand", "Consensus demand (units)"),
        (Measure::Shipments, "shipments", "Shipments (units)"),
        (Measure::Production, "production", "Production (units)"),
        (Measure::Inventory, "inventory", "Ending inventory (units)"),
        (Measure::Hours, "hours", "Capacity hours (all resources)"),
    ];

    /// The row's series as text cells, then its horizon total (the last month's
    /// balance for inventory).
    fn cells(self, r: &AggregateRow, currency: &str) -> (Vec<String>, String) {
        let u = |s: &[f64], total: f64| (s.iter().map(|x| units(*x)).collect(), units(total));
        let m = |s: &[Decimal]| {
            (
                s.iter().map(|x| money(*x, currency)).collect(),
                money(AggregateRow::total_money(s), currency),
            )
        };
        match self {
            Measure::Demand => u(&r.consensus, AggregateRow::total(&r.consensus)),
            Measure::Shipments => u(&r.shipments, AggregateRow::total(&r.shipments)),
            Measure::Production => u(&r.production, AggregateRow::total(&r.production)),
            Measure::Inventory => u(
                &r.ending_inventory,
                r.ending_inventory.last().copied().unwrap_or(0.0),
            ),
            Measure::Hours => u(&r.hours, AggregateRow::total(&r.hours)),
            Measure::Revenue => m(&r.revenue),
            Measure::Margin => m(&r.gross_margin),
        }
    }
}

/// Company → family → SKU for the plan on screen.
#[component]
pub fn ByFamily() -> impl IntoView {
    let state = expect_context::<AppState>();
    let measure = RwSignal::new(Measure::Revenue);
    let open: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());
    let rows = Memo::new(move |_| {
        let company = state
            .workspace
            .with(|w| w.as_ref().map(|w| w.name.clone()))
            .unwrap_or_default();
        let active = state.active.get();
        // The SKU rows of the opened families only (at 10,000 SKUs the rest would be
        // most of the work, on every visit and every plan change).
        open.with(|o| {
            state.plan.with(|p| {
                state
                    .with_cycle(|c| {
                        by_family_opened(c, p, &levers_of(c, active), &company, |f| o.contains(f))
                    })
                    .unwrap_or_default()
            })
        })
    });
    let months = Memo::new(move |_| state.plan.with(|p| p.months.clone()));
    let body = move || {
        let cur = state.currency();
        let which = measure.get();
        let opened = open.get();
        rows.with(|rows| {
            // Only the opened families' SKU rows are there (`by_family_opened`).
            rows.iter()
                .map(|r| {
                    let (cells, total) = which.cells(r, &cur);
                    let id = r.id.clone();
                    let is_open = opened.contains(&r.id);
                    let head = match r.level {
                        Level::Family => view! {
                            <button
                                class="link"
                                aria-expanded=is_open.to_string()
                                on:click=move |_| {
                                    open.update(|o| {
                                        if !o.remove(&id) {
                                            o.insert(id.clone());
                                        }
                                    })
                                }
                            >
                                {format!("{} {}", if is_open { "▾" } else { "▸" }, r.name)}
                            </button>
                        }
                        .into_any(),
                        _ => view! { <span>{r.name.clone()}</span> }.into_any(),
                    };
                    let class = match r.level {
                        Level::Company => "agg-company total",
                        Level::Family => "agg-family",
                        Level::Sku => "agg-sku",
                    };
                    view! {
                        <tr class=class data-id=r.id.clone()>
                            <td>{head}</td>
                            {cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                            <td class="num total">{total}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="panel by-family" id="by-family">
            <div class="panel-head">
                <h2 id="by-family-title">"Company, families and products"</h2>
                <label class="scale">
                    "Show "
                    <select
                        id="by-family-measure"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some((m, _, _)) = Measure::ALL.iter().find(|(_, k, _)| *k == v) {
                                measure.set(*m);
                            }
                        }
                    >
                        {Measure::ALL
                            .iter()
                            .map(|(m, key, label)| {
                                view! {
                                    <option value=*key selected=*m == Measure::Revenue>
                                        {*label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <p class="table-note">
                "The company row is the financial plan's; open a family for its products. Money is revenue or gross margin at the plan's prices and costs; the Total column sums the months (ending inventory: the horizon's last month)."
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Company, families and products by month (scrolls)">
                <table id="by-family-table" class="grid by-family-table" aria-labelledby="by-family-title">
                    <thead>
                        <tr>
                            <th scope="col">"Company / family / product"</th>
                            {move || {
                                months
                                    .get()
                                    .into_iter()
                                    .map(|m| view! { <th scope="col">{m.short_label()}</th> })
                                    .collect_view()
                            }}
                            <th scope="col">"Total"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
}
