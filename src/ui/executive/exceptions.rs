//! What needs a decision: stockouts, overloads, cash below the minimum, budget gaps,
//! large adjustments without a reason, grouped by area and ranked by the money at stake
//! (`engine::review::exceptions`), the first few of each group until "Show all". Each
//! links to the step where to act and selects the SKU or family concerned.

use crate::engine::notes::NoteTarget;
use crate::engine::plan::ExceptionKind;
use crate::engine::review::exceptions::{Area, Item, PRINTED, most_urgent, ranked};
use crate::ui::finance::fmt::money;
use crate::ui::notes::{CommentButton, NotesOpen};
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

fn kind_slug(k: ExceptionKind) -> &'static str {
    match k {
        ExceptionKind::Stockout => "stockout",
        ExceptionKind::Overload => "overload",
        ExceptionKind::CapacityShortfall => "capacity-shortfall",
        ExceptionKind::PastDueOrder => "past-due-order",
        ExceptionKind::NoRegularHours => "no-regular-hours",
        ExceptionKind::CashBelowMinimum => "cash-below-minimum",
        ExceptionKind::RevenueBelowBudget => "revenue-below-budget",
        ExceptionKind::MarginBelowBudget => "margin-below-budget",
        ExceptionKind::LargeAdjustmentWithoutReason => "adjustment-without-reason",
    }
}

/// Where to act on an exception: its badge, the step and its link text.
fn place(k: ExceptionKind) -> (&'static str, &'static str, &'static str) {
    match k {
        ExceptionKind::Stockout => ("Stockout", "#/supply", "Supply review"),
        ExceptionKind::Overload => ("Over capacity", "#/supply", "Supply review"),
        ExceptionKind::CapacityShortfall => ("Capacity", "#/supply", "Supply review"),
        ExceptionKind::PastDueOrder => ("Order late", "#/supply", "Supply review"),
        ExceptionKind::NoRegularHours => ("No hours", "#/supply", "Supply review"),
        ExceptionKind::CashBelowMinimum => ("Cash", "#/finance", "Financial review"),
        ExceptionKind::RevenueBelowBudget => ("Revenue gap", "#/finance", "Financial review"),
        ExceptionKind::MarginBelowBudget => ("Margin gap", "#/finance", "Financial review"),
        ExceptionKind::LargeAdjustmentWithoutReason => ("No reason", "#/demand", "Demand review"),
    }
}

/// Items shown per group until "Show all" is pressed.
const FIRST: usize = 5;

#[component]
pub fn Exceptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(None::<Area>);
    let open = expect_context::<NotesOpen>().0;
    // Groups opened in full ("Show all").
    let opened = RwSignal::new(Vec::<Area>::new());
    let groups = Memo::new(move |_| {
        state
            .with_cycle(|c| state.plan.with(|p| ranked(c, p, state.number_format())))
            .unwrap_or_default()
    });
    let total = move || groups.with(|g| g.iter().map(|g| g.items.len()).sum::<usize>());
    // The most urgent items overall (by money at stake): what the printed summary lists.
    let printed = Memo::new(move |_| groups.with(|g| most_urgent(g, PRINTED)));
    view! {
        <div class="panel exceptions" aria-labelledby="exceptions-title">
            <h2 id="exceptions-title">
                "Exceptions "
                <span class="count">{total}</span>
                <span class="ranked muted">" ranked by money at stake"</span>
            </h2>
            <div class="chips" role="group" aria-label="Show exceptions of one kind">
                <button
                    type="button"
                    class="chip"
                    aria-pressed=move || filter.get().is_none().to_string()
                    on:click=move |_| filter.set(None)
                >
                    "All "
                    <span class="n">{total}</span>
                </button>
                {Area::ALL
                    .into_iter()
                    .map(|a| {
                        let n = move || {
                            groups
                                .with(|g| {
                                    g.iter().find(|g| g.area == a).map_or(0, |g| g.items.len())
                                })
                        };
                        view! {
                            <button
                                type="button"
                                class="chip"
                                aria-pressed=move || (filter.get() == Some(a)).to_string()
                                disabled=move || n() == 0
                                on:click=move |_| filter.set(Some(a))
                            >
                                {a.label()}
                                " "
                                <span class="n">{n}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show
                when=move || { total() > 0 }
                fallback=|| view! { <p class="muted">"Nothing needs a decision."</p> }
            >
                <div id="exceptions">
                    {move || {
                        let cur = state.currency();
                        let f = filter.get();
                        groups
                            .get()
                            .into_iter()
                            .filter(|g| f.is_none_or(|a| a == g.area))
                            .map(|g| {
                                let area = g.area;
                                let n = g.items.len();
                                let all = opened.with(|o| o.contains(&area)) || f.is_some();
                                let shown = if all { n } else { n.min(FIRST) };
                                let sum = (!g.impact.is_zero()).then(|| money(g.impact, &cur));
                                view! {
                                    <section class="ex-group" data-area=area.label()>
                                        <h3>
                                            {format!("{} · {n}", area.label())}
                                            <span class="impact" title=area.basis()>
                                                {sum}
                                            </span>
                                        </h3>
                                        <ul>
                                            {g
                                                .items
                                                .into_iter()
                                                .take(shown)
                                                .enumerate()
                                                .map(|(k, i)| {
                                                    let top = printed.with(|p| p.contains(&(area, k)));
                                                    line(state, i, top, area.basis(), &cur, open)
                                                })
                                                .collect_view()}
                                        </ul>
                                        {(shown < n)
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="more"
                                                        on:click=move |_| opened.update(|o| o.push(area))
                                                    >
                                                        {format!("Show all {n}")}
                                                    </button>
                                                }
                                            })}
                                    </section>
                                }
                            })
                            .collect_view()
                    }}
                </div>
                // The printed summary lists the eight with the most money at stake.
                <p class="print-only muted">
                    {move || {
                        let n = total();
                        (n > PRINTED).then(|| format!("… and {} more in the app.", n - PRINTED))
                    }}
                </p>
            </Show>
        </div>
    }
}

/// One exception: badge, message, money at stake, where to act.
fn line(
    state: AppState,
    i: Item,
    top: bool,
    basis: &'static str,
    cur: &str,
    open: RwSignal<Option<NoteTarget>>,
) -> impl IntoView + use<> {
    let target = NoteTarget::Exception {
        key: i.key(),
        title: i.message.clone(),
    };
    let (badge, href, act) = place(i.kind);
    let select = match (&i.sku, &i.family) {
        (Some(s), _) => Some(Selection::Sku(s.clone())),
        (None, Some(f)) => Some(Selection::Family(f.clone())),
        _ => None,
    };
    view! {
        <li data-kind=kind_slug(i.kind) class:not-printed=!top>
            <span class=format!("badge {}", kind_slug(i.kind))>{badge}</span>
            <span class="msg">{i.message}</span>
            <span class="impact" title=basis>
                {(!i.impact.is_zero()).then(|| money(i.impact, cur))}
            </span>
            <a
                class="act"
                href=href
                on:click=move |_| {
                    if let Some(s) = select.clone() {
                        state.selection.set(Some(s));
                    }
                }
            >
                {format!("{act} →")}
            </a>
            <CommentButton target=target open=open />
        </li>
    }
}
