//! "Since the last cycle": this cycle's consensus against the one approved last month,
//! by family, with the adjustments that moved it (`engine::review::since_last`). Shown
//! once the cycle was rolled forward from an approved one.

use crate::engine::review::since_last::{SinceLast, change_text, fell, since_last};
use crate::ui::format::{number_format, units};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SinceLastCycle() -> impl IntoView {
    let state = expect_context::<AppState>();
    let story = Memo::new(move |_| -> Option<SinceLast> {
        let v = state.viewing.get();
        state.base_plan.with(|plan| {
            state.workspace.with(|w| {
                let w = w.as_ref()?;
                let i = v.unwrap_or(w.cycles.len().checked_sub(1)?);
                let cur = w.cycles.get(i)?;
                let last = w
                    .cycles
                    .iter()
                    .find(|c| Some(&c.id) == cur.rolled_from.as_ref())?;
                since_last(last, cur, plan, w.number_format)
            })
        })
    });
    view! {
        <Show when=move || story.with(Option::is_some)>
            <div class="panel since-last" aria-labelledby="since-last-title">
                <h2 id="since-last-title">
                    {move || {
                        story
                            .with(|s| {
                                s.as_ref()
                                    .map(|s| {
                                        format!(
                                            "Consensus since the last cycle ({}): {} months from {}",
                                            s.last_cycle,
                                            s.months,
                                            s.first.short_label(),
                                        )
                                    })
                            })
                            .unwrap_or_default()
                    }}
                </h2>
                <table class="grid" id="since-last">
                    <thead>
                        <tr>
                            <th scope="col">"Family"</th>
                            <th scope="col" class="num">"Last cycle"</th>
                            <th scope="col" class="num">"This cycle"</th>
                            <th scope="col" class="num">"Change"</th>
                            <th scope="col">"What moved it"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            story
                                .get()
                                .map(|s| {
                                    let (last, now) = (s.total_last(), s.total_now());
                                    let mut rows: Vec<_> = s
                                        .families
                                        .into_iter()
                                        .map(|f| {
                                            let why = if f.reasons.is_empty() {
                                                "the statistical forecast and the actuals".to_string()
                                            } else {
                                                f.reasons.join("; ")
                                            };
                                            view! {
                                                <tr data-family=f.family.clone() data-last=f.last.to_string() data-now=f.now.to_string()>
                                                    <th scope="row" title=f.family.clone()>{f.name.clone()}</th>
                                                    <td class="num">{units(f.last.round())}</td>
                                                    <td class="num">{units(f.now.round())}</td>
                                                    <td class="num" class:neg=fell(f.last, f.now)>
                                                        {change_text(f.last, f.now, number_format())}
                                                    </td>
                                                    <td class="why">{why}</td>
                                                </tr>
                                            }
                                            .into_any()
                                        })
                                        .collect();
                                    rows.push(
                                        view! {
                                            <tr class="total" data-family="" data-last=last.to_string() data-now=now.to_string()>
                                                <th scope="row">"All families"</th>
                                                <td class="num">{units(last.round())}</td>
                                                <td class="num">{units(now.round())}</td>
                                                <td class="num" class:neg=fell(last, now)>
                                                    {change_text(last, now, number_format())}
                                                </td>
                                                <td></td>
                                            </tr>
                                        }
                                        .into_any(),
                                    );
                                    rows
                                })
                                .unwrap_or_default()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
