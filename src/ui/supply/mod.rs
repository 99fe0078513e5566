//! Supply review: resources and their monthly capacity.

use crate::ui::format::{money, units};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SupplyView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = move || {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.currency.clone()))
            .unwrap_or_default()
    };
    view! {
        <section class="step supply" aria-labelledby="supply-title">
            <h1 id="supply-title">"Supply review"</h1>
            <h2>"Resources"</h2>
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">"Resource"</th>
                        <th scope="col" class="num">"Regular hours / month"</th>
                        <th scope="col" class="num">"Overtime hours / month"</th>
                        <th scope="col" class="num">"Cost per hour"</th>
                        <th scope="col" class="num">"Crew"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let cur = currency();
                        state
                            .with_cycle(|c| {
                                c.master
                                    .resources
                                    .iter()
                                    .map(|r| {
                                        view! {
                                            <tr>
                                                <td>{format!("{} · {}", r.id, r.name)}</td>
                                                <td class="num">{units(r.regular_hours)}</td>
                                                <td class="num">{units(r.overtime_hours)}</td>
                                                <td class="num">{money(r.cost_per_hour, &cur)}</td>
                                                <td class="num">{r.crew}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            })
                    }}
                </tbody>
            </table>
        </section>
    }
}
