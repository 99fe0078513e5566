//! What each layer of the waterfall adds (`+48`, not only the running total) and, for
//! a picked cell, the adjustments and deals behind it (`engine::review::layers`).

use crate::engine::command::levers_of;
use crate::engine::review::demand::{LAYER_ROWS, Waterfall};
use crate::engine::review::layers::{cell_parts, increments, part_text};
use crate::ui::format::{number_format, signed};
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

/// The increments table under the waterfall grid, and the parts of the picked cell.
#[component]
pub(super) fn LayerIncrements(
    data: Memo<Waterfall>,
    selection: Memo<Option<Selection>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let picked: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    Effect::new(move |_| {
        crate::ui::state::follow(selection);
        picked.set(None);
    });
    let parts = Memo::new(move |_| {
        let (row, t) = picked.get()?;
        let sel = selection.get()?;
        let which = state.active.get();
        let levers = state
            .with_cycle(|c| levers_of(c, which))
            .unwrap_or_default();
        state
            .plan
            .with(|p| state.with_inputs(|i| cell_parts(p, i, &levers, &sel, row, t)))
    });
    // The increments, and how many months they span: the table's cells are built only
    // when the number of months changes; an edit updates the text of the cells whose
    // increment changed (no button, listener or effect rebuilt per edit).
    let inc = Memo::new(move |_| data.with(|d| increments(&d.layers)));
    let months = Memo::new(move |_| data.with(|d| d.plan_months.len()));
    let body = move || {
        let n = months.get();
        (1..LAYER_ROWS.len())
            .map(|row| {
                let cells = (0..n)
                    .map(|t| {
                        let x = Memo::new(move |_| {
                            inc.with(|i| i[row].get(t).copied().unwrap_or_default())
                        });
                        view! {
                            <td>
                                <button
                                    class="increment"
                                    data-row=row
                                    data-month=t
                                    data-value=move || x.get().to_string()
                                    aria-pressed=move || (picked.get() == Some((row, t))).to_string()
                                    on:click=move |_| picked.set(Some((row, t)))
                                >
                                    {move || signed(x.get())}
                                </button>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-layer=LAYER_ROWS[row].0.to_lowercase()>
                        <th scope="row">{LAYER_ROWS[row].0}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view()
    };
    let labels = Memo::new(move |_| {
        data.with(|d| {
            d.plan_months
                .iter()
                .map(|m| m.short_label())
                .collect::<Vec<_>>()
        })
    });
    let head = move || {
        labels
            .get()
            .into_iter()
            .map(|m| view! { <th scope="col">{m}</th> })
            .collect_view()
    };
    let detail = move || {
        let (row, t) = picked.get()?;
        let month = data.with(|d| d.plan_months.get(t).map(|m| m.short_label()))?;
        let list = parts.get().unwrap_or_default();
        let items = if list.is_empty() {
            view! { <li class="none">"Nothing in this layer that month."</li> }.into_any()
        } else {
            list.iter()
                .map(|p| view! { <li data-value=p.units.to_string()>{part_text(p, number_format())}</li> })
                .collect_view()
                .into_any()
        };
        Some(view! {
            <div id="layer-parts">
                <h3>{format!("{} · {month}: what it adds", LAYER_ROWS[row].0)}</h3>
                <ul>{items}</ul>
            </div>
        })
    };
    view! {
        <details class="panel layer-drill" id="layer-drill">
            <summary>"What each layer adds (pick a cell to see why)"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Layer increments (scrolls)">
                <table class="grid" id="layer-increments">
                    <thead>
                        <tr>
                            <th scope="col">"Layer"</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {detail}
        </details>
    }
}
