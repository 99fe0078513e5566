//! The SKUs of the selected family in the supply review: each one's strategy (editable
//! here: "as family" or its own), safety stock, fill rate and peak backlog
//! (`engine::review::supply::family_skus`).

use super::master_untracked;
use super::plan::{strategy_key, strategy_text};
use crate::engine::command::{Command, set_sku_strategy};
use crate::engine::model::Strategy;
use crate::engine::plan::kpi::shown_ratio;
use crate::engine::review::supply;
use crate::engine::review::tiles::FILL_RATE_ALERT;
use crate::ui::format::{pct, units};
use crate::ui::paged::{self, PAGE_ROWS};
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

/// For a family: its SKUs with their strategy, safety stock, fill rate and peak backlog,
/// so a mix is visible at a glance; a large family's those needing attention first.
#[component]
pub(super) fn FamilySkus(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let limit = paged::page_limit(selection);
    // The family's SKUs with their figures, following the plan.
    let all = Memo::new(move |_| {
        let Some(Selection::Family(fid)) = selection.get() else {
            return Vec::new();
        };
        state.plan.with(|p| {
            state
                .with_inputs(|inputs| state.with_cycle(|c| supply::family_skus(c, p, inputs, &fid)))
                .flatten()
                .unwrap_or_default()
        })
    });
    // Their listing order, taken when the family is picked (rows do not jump as the
    // plan changes under the planner's edits) or its SKUs change in number.
    let order = Memo::new(move |prev: Option<&(Option<Selection>, Vec<String>)>| {
        let sel = selection.get();
        all.with(|lines| match prev {
            Some((s, o)) if *s == sel && o.len() == lines.len() => (sel, o.clone()),
            _ => (sel, supply::listing_order(lines, PAGE_ROWS)),
        })
    });
    let lines = Memo::new(move |_| {
        let n = limit.get();
        order.with(|(_, o)| supply::in_order(all.get(), &o[..n.min(o.len())]))
    });
    let more = move || {
        let (shown, total) = (lines.with(Vec::len), order.with(|(_, o)| o.len()));
        paged::more_rows(
            shown,
            total,
            "SKUs listed: short of stock first, then the lowest fill rate.",
            limit,
        )
    };
    let set = move |sku: String, key: String, current: Strategy| {
        let Some(master) = master_untracked(&state) else {
            return;
        };
        let strategy = supply::strategy_by_key(&key, current);
        let next = set_sku_strategy(&master, &sku, strategy);
        if next != master {
            let _ = state.apply(Command::SetMaster(Box::new(next)));
        }
    };
    view! {
        <Show when=move || !lines.with(Vec::is_empty)>
            <h3 id="family-skus-title">"SKUs of this family"</h3>
            <div class="table-scroll">
                <table class="grid family-skus" id="family-skus" aria-labelledby="family-skus-title">
                    <thead>
                        <tr>
                            <th scope="col">"SKU"</th>
                            <th scope="col" class="text">"Name"</th>
                            <th scope="col" class="text">"Strategy"</th>
                            <th scope="col">"Overrides"</th>
                            <th scope="col">"Safety stock"</th>
                            <th scope="col">"Fill rate"</th>
                            <th scope="col">"Peak backlog / lost"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            lines
                                .get()
                                .into_iter()
                                .map(|l| {
                                    let key = strategy_key(l.own);
                                    let sku = l.sku.clone();
                                    let sku_sel = l.sku.clone();
                                    let used = l.used;
                                    let short = l.short;
                                    view! {
                                        <tr data-sku=l.sku.clone() class:bad=short>
                                            <th scope="row">
                                                <button
                                                    class="link"
                                                    on:click=move |_| state.selection.set(Some(Selection::Sku(sku_sel.clone())))
                                                >
                                                    {l.sku.clone()}
                                                </button>
                                            </th>
                                            <td class="text">{l.name.clone()}</td>
                                            <td class="text">
                                                <select
                                                    class="sku-strategy"
                                                    aria-label=format!("Strategy of {}", l.sku)
                                                    disabled=move || state.frozen()
                                                    on:change=move |ev| set(sku.clone(), event_target_value(&ev), used)
                                                >
                                                    {[
                                                        ("family", format!("As family ({})", strategy_text(l.family))),
                                                        ("chase", "Chase".into()),
                                                        ("level", "Level".into()),
                                                        ("cover", match l.own {
                                                            Some(s @ Strategy::TargetCover { .. }) => strategy_text(s),
                                                            _ => "Target cover".into(),
                                                        }),
                                                        ("manual", "Manual".into()),
                                                    ]
                                                        .into_iter()
                                                        .map(|(k, label): (&str, String)| {
                                                            view! { <option value=k prop:selected=k == key>{label}</option> }
                                                        })
                                                        .collect_view()}
                                                </select>
                                            </td>
                                            <td class="num">{(l.overrides > 0).then(|| l.overrides.to_string())}</td>
                                            <td class="num">{units(l.safety_stock)}</td>
                                            <td class="num" class:bad=l.fill_rate < FILL_RATE_ALERT>{pct(shown_ratio(l.fill_rate))}</td>
                                            <td class="num" class:bad=short>{units(l.peak_unmet)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            {more}
        </Show>
    }
}
