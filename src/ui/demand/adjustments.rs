//! Adjustments of the forecast: a form to change a family's or SKU's demand over a month
//! range (the workshop's "raise demand 20 %"), and the list of every adjustment with its
//! layer, role and reason (editable, removable).

use super::change_text;
use crate::engine::command::{AdjustmentEdit, add_adjustment, set_adjustment_reason};
use crate::engine::model::{Adjustment, Change, Layer, Target};
use crate::engine::month::Month;
use crate::ui::format::parse_number;
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

fn layer_label(l: Layer) -> &'static str {
    match l {
        Layer::Sales => "Sales",
        Layer::Marketing => "Marketing",
        Layer::Consensus => "Consensus",
    }
}

/// "Change demand of <selection> by [ ] [%|units/month] from [month] to [month] in
/// layer [..], reason [..] → Apply".
#[component]
pub fn ChangeDemand(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let months = Memo::new(move |_| {
        state
            .with_cycle(|c| c.months().collect::<Vec<Month>>())
            .unwrap_or_default()
    });
    let amount = RwSignal::new(String::new());
    let percent = RwSignal::new(true);
    let from = RwSignal::new(0usize);
    let to = RwSignal::new(usize::MAX);
    let layer = RwSignal::new(Layer::Sales);
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);

    let apply = move |_| {
        let Some(sel) = selection.get_untracked() else {
            return;
        };
        let ms = months.get_untracked();
        if ms.is_empty() {
            return;
        }
        let (a, b) = (
            from.get_untracked().min(ms.len() - 1),
            to.get_untracked().min(ms.len() - 1),
        );
        if a > b {
            problem.set(Some(
                "The first month must not be after the last month.".into(),
            ));
            return;
        }
        let value = match parse_number(&amount.get_untracked()) {
            Ok(0.0) => {
                problem.set(Some("A change of 0 changes nothing: type how much.".into()));
                return;
            }
            Ok(v) => v,
            Err(e) => {
                problem.set(Some(format!("Change: {e}")));
                return;
            }
        };
        if percent.get_untracked() && value < -100.0 {
            problem.set(Some(
                "A change below −100 % would make demand negative; −100 % removes all of it."
                    .into(),
            ));
            return;
        }
        problem.set(None);
        let change = if percent.get_untracked() {
            Change::Percent(value)
        } else {
            Change::Units(value)
        };
        let role = state.role.get_untracked();
        let text = reason.get_untracked().trim().to_string();
        let adjustment = Adjustment {
            id: 0,
            layer: layer.get_untracked(),
            role,
            target: sel.target(),
            from: ms[a],
            to: ms[b],
            change,
            reason: text,
        };
        state.edit_adjustments(|list| vec![add_adjustment(list, adjustment)]);
        reason.set(String::new());
    };

    view! {
        <form class="change-demand" on:submit=move |ev| { ev.prevent_default(); apply(()); }>
            <h2>"Change demand"</h2>
            <div class="fields">
                <label>
                    "By "
                    <input
                        id="change-amount"
                        class="short"
                        placeholder="e.g. 10"
                        inputmode="decimal"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))
                    />
                </label>
                <select
                    id="change-unit"
                    aria-label="Unit of the change"
                    on:change=move |ev| percent.set(event_target_value(&ev) == "pct")
                >
                    <option value="pct" selected=true>"%"</option>
                    <option value="units">"units / month"</option>
                </select>
                <label>
                    "from "
                    <select id="change-from" on:change=move |ev| from.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || {
                            months
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, m)| view! { <option value=i.to_string() selected=i == 0>{m.short_label()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    "to "
                    <select id="change-to" on:change=move |ev| to.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {move || {
                            let ms = months.get();
                            let last = ms.len().saturating_sub(1);
                            ms.into_iter()
                                .enumerate()
                                .map(|(i, m)| view! { <option value=i.to_string() selected=i == last>{m.short_label()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    "layer "
                    <select
                        id="change-layer"
                        on:change=move |ev| {
                            layer.set(match event_target_value(&ev).as_str() {
                                "Marketing" => Layer::Marketing,
                                "Consensus" => Layer::Consensus,
                                _ => Layer::Sales,
                            })
                        }
                    >
                        {[Layer::Sales, Layer::Marketing, Layer::Consensus]
                            .into_iter()
                            .map(|l| view! { <option value=layer_label(l)>{layer_label(l)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="grow">
                    "reason "
                    <input
                        id="change-reason"
                        placeholder="Why? (shown to everyone in the review)"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                </label>
                <button
                    id="change-apply"
                    type="submit"
                    disabled=move || state.frozen() || amount.with(|a| a.trim().is_empty())
                >
                    "Apply"
                </button>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </form>
    }
}

/// `Mar 27` or `Mar 27 – May 27`.
fn months_text(a: &Adjustment) -> String {
    if a.from == a.to {
        a.from.short_label()
    } else {
        format!("{} – {}", a.from.short_label(), a.to.short_label())
    }
}

/// Every adjustment of the active plan: layer, role, what, months, size, reason.
#[component]
pub fn AdjustmentList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = Memo::new(move |_| {
        state
            .with_inputs(|i| i.adjustments.clone())
            .unwrap_or_default()
    });
    let ids = Memo::new(move |_| list.with(|l| l.iter().map(|a| a.id).collect::<Vec<u64>>()));
    // Family names are master data: read tracking only `data_rev`, so that an edit of
    // the plan does not re-run every row's "Applies to".
    let name_of = move |t: &Target| -> String {
        state
            .with_cycle_data(|c| match t {
                Target::Sku(s) => s.clone(),
                Target::Family(f) => c
                    .master
                    .families
                    .iter()
                    .find(|x| &x.id == f)
                    .map_or(f.clone(), |x| format!("{} (family)", x.name)),
            })
            .unwrap_or_default()
    };
    let set_reason = move |id: u64, text: String| {
        state.edit_adjustments(|list| set_adjustment_reason(list, id, &text).into_iter().collect());
    };
    let remove = move |id: u64| {
        state.edit_adjustments(|_| vec![AdjustmentEdit::Remove(id)]);
    };
    view! {
        <h2>"Adjustments"</h2>
        <div class="table-scroll">
            <table class="grid adjustments">
                <thead>
                    <tr>
                        <th scope="col">"Layer"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Applies to"</th>
                        <th scope="col">"Months"</th>
                        <th scope="col" class="num">"Change"</th>
                        <th scope="col">"Reason"</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        // Rows are built when the list of adjustments changes (one added
                        // or removed); an edit of one updates that row's cells only.
                        ids.get()
                            .into_iter()
                            .enumerate()
                            .map(|(k, id)| {
                                let a = Memo::new(move |_| list.with(|l| l.get(k).cloned()));
                                let text = move |f: fn(&Adjustment) -> String| {
                                    move || a.with(|a| a.as_ref().map(f).unwrap_or_default())
                                };
                                view! {
                                    <tr
                                        data-adjustment=id.to_string()
                                        class:no-reason=move || {
                                            a.with(|a| a.as_ref().is_some_and(|a| a.reason.is_empty()))
                                        }
                                    >
                                        <td>{text(|a| layer_label(a.layer).to_string())}</td>
                                        <td>{text(|a| a.role.label().to_string())}</td>
                                        <td>
                                            {move || {
                                                a.with(|a| a.as_ref().map(|a| name_of(&a.target)))
                                                    .unwrap_or_default()
                                            }}
                                        </td>
                                        <td>{text(months_text)}</td>
                                        <td class="num">{text(|a| change_text(a.change))}</td>
                                        <td>
                                            <input
                                                class="reason"
                                                aria-label=format!("Reason of adjustment {id}")
                                                placeholder="No reason given"
                                                prop:value=text(|a| a.reason.clone())
                                                disabled=move || state.frozen()
                                                on:change=move |ev| set_reason(id, event_target_value(&ev))
                                            />
                                        </td>
                                        <td>
                                            <button
                                                class="remove"
                                                aria-label=format!("Remove adjustment {id}")
                                                disabled=move || state.frozen()
                                                on:click=move |_| remove(id)
                                            >
                                                "Remove"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
