//! Financial review: finance terms and the budget.

use crate::ui::format::money;
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn FinanceView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = move || {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.currency.clone()))
            .unwrap_or_default()
    };
    view! {
        <section class="step finance" aria-labelledby="finance-title">
            <h1 id="finance-title">"Financial review"</h1>
            {move || {
                let cur = currency();
                state
                    .with_cycle(|c| {
                        let f = &c.inputs.finance;
                        view! {
                            <dl class="terms">
                                <dt>"Opening cash"</dt>
                                <dd>{money(f.opening_cash, &cur)}</dd>
                                <dt>"DSO (days)"</dt>
                                <dd>{f.dso_days.to_string()}</dd>
                                <dt>"DPO (days)"</dt>
                                <dd>{f.dpo_days.to_string()}</dd>
                                <dt>"Fixed cost / month"</dt>
                                <dd>{money(f.fixed_cost, &cur)}</dd>
                                <dt>"Minimum cash"</dt>
                                <dd>{money(f.min_cash, &cur)}</dd>
                            </dl>
                            <h2>"Budget"</h2>
                            <table class="grid">
                                <thead>
                                    <tr>
                                        <th scope="col">"Month"</th>
                                        <th scope="col" class="num">"Revenue"</th>
                                        <th scope="col" class="num">"Gross margin"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {c
                                        .inputs
                                        .budget
                                        .iter()
                                        .map(|b| {
                                            view! {
                                                <tr>
                                                    <td>{b.month.to_string()}</td>
                                                    <td class="num">{money(b.revenue, &cur)}</td>
                                                    <td class="num">{money(b.gross_margin, &cur)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                    })
            }}
        </section>
    }
}
