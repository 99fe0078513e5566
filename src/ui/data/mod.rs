//! Data: the master data of the cycle (families, products, resources, components).

use crate::ui::format::{money, pct, units};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn DataView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = move || {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.currency.clone()))
            .unwrap_or_default()
    };
    view! {
        <section class="step data" aria-labelledby="data-title">
            <h1 id="data-title">"Data"</h1>
            <h2>"Products"</h2>
            <div class="table-scroll">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">"SKU"</th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Family"</th>
                            <th scope="col" class="num">"Price"</th>
                            <th scope="col" class="num">"Unit cost"</th>
                            <th scope="col" class="num">"On hand"</th>
                            <th scope="col" class="num">"Lead time (months)"</th>
                            <th scope="col" class="num">"Service level"</th>
                            <th scope="col" class="num">"History (months)"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let cur = currency();
                            state
                                .with_cycle(|c| {
                                    c.master
                                        .products
                                        .iter()
                                        .map(|p| {
                                            let months = c
                                                .history
                                                .iter()
                                                .find(|h| h.sku == p.sku)
                                                .map_or(0, |h| h.units.len());
                                            view! {
                                                <tr>
                                                    <td>{p.sku.clone()}</td>
                                                    <td>{p.name.clone()}</td>
                                                    <td>{p.family.clone()}</td>
                                                    <td class="num">{money(p.price, &cur)}</td>
                                                    <td class="num">{money(p.unit_cost, &cur)}</td>
                                                    <td class="num">{units(p.on_hand)}</td>
                                                    <td class="num">{p.lead_time}</td>
                                                    <td class="num">{pct(p.service_level)}</td>
                                                    <td class="num">{months}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
