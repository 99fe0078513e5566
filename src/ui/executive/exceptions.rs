//! What needs a decision: stockouts, overloads, cash below the minimum, budget gaps,
//! large adjustments without a reason. Each links to the step where to act and selects
//! the SKU or family concerned. Budget gaps of consecutive months are shown as one line.

use crate::engine::month::Month;
use crate::engine::plan::{Exception, ExceptionKind};
use crate::ui::finance::fmt::money;
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// Filter groups, in order of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Group {
    All,
    Stock,
    Capacity,
    Cash,
    Budget,
    Adjustments,
}

impl Group {
    const ALL: [Group; 6] = [
        Group::All,
        Group::Stock,
        Group::Capacity,
        Group::Cash,
        Group::Budget,
        Group::Adjustments,
    ];

    fn label(self) -> &'static str {
        match self {
            Group::All => "All",
            Group::Stock => "Stockouts",
            Group::Capacity => "Capacity & materials",
            Group::Cash => "Cash",
            Group::Budget => "Budget",
            Group::Adjustments => "Adjustments",
        }
    }

    fn of(k: ExceptionKind) -> Group {
        match k {
            ExceptionKind::Stockout => Group::Stock,
            ExceptionKind::Overload
            | ExceptionKind::CapacityShortfall
            | ExceptionKind::PastDueOrder
            | ExceptionKind::NoRegularHours => Group::Capacity,
            ExceptionKind::CashBelowMinimum => Group::Cash,
            ExceptionKind::RevenueBelowBudget | ExceptionKind::MarginBelowBudget => Group::Budget,
            ExceptionKind::LargeAdjustmentWithoutReason => Group::Adjustments,
        }
    }
}

/// One line of the list.
#[derive(Clone, Debug, PartialEq)]
struct Item {
    kind: ExceptionKind,
    /// Short name of the kind (a badge).
    badge: &'static str,
    message: String,
    /// Where to act: step hash and its link text, and what to select there.
    href: &'static str,
    act: &'static str,
    select: Option<Selection>,
}

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

fn item(e: &Exception) -> Item {
    let (badge, href, act) = match e.kind {
        ExceptionKind::Stockout => ("Stockout", "#/supply", "Supply review"),
        ExceptionKind::Overload => ("Overload", "#/supply", "Supply review"),
        ExceptionKind::CapacityShortfall => ("Capacity", "#/supply", "Supply review"),
        ExceptionKind::PastDueOrder => ("Order late", "#/supply", "Supply review"),
        ExceptionKind::NoRegularHours => ("No hours", "#/supply", "Supply review"),
        ExceptionKind::CashBelowMinimum => ("Cash", "#/finance", "Financial review"),
        ExceptionKind::RevenueBelowBudget => ("Revenue gap", "#/finance", "Financial review"),
        ExceptionKind::MarginBelowBudget => ("Margin gap", "#/finance", "Financial review"),
        ExceptionKind::LargeAdjustmentWithoutReason => ("No reason", "#/demand", "Demand review"),
    };
    let select = match (&e.sku, &e.family) {
        (Some(s), _) => Some(Selection::Sku(s.clone())),
        (None, Some(f)) => Some(Selection::Family(f.clone())),
        _ => None,
    };
    Item {
        kind: e.kind,
        badge,
        message: e.message.clone(),
        href,
        act,
        select,
    }
}

/// The list: budget gaps of consecutive months merged, the rest as the engine says.
fn items(exceptions: &[Exception], cur: &str) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for kind in [
        ExceptionKind::CashBelowMinimum,
        ExceptionKind::Stockout,
        ExceptionKind::Overload,
        ExceptionKind::CapacityShortfall,
        ExceptionKind::PastDueOrder,
        ExceptionKind::LargeAdjustmentWithoutReason,
    ] {
        out.extend(exceptions.iter().filter(|e| e.kind == kind).map(item));
    }
    for (kind, what) in [
        (ExceptionKind::RevenueBelowBudget, "Revenue"),
        (ExceptionKind::MarginBelowBudget, "Gross margin"),
    ] {
        let mut runs: Vec<(Month, Month, Decimal)> = Vec::new();
        let mut gaps: Vec<(Month, Decimal)> = exceptions
            .iter()
            .filter(|e| e.kind == kind)
            .filter_map(|e| Some((e.month?, e.amount.unwrap_or_default())))
            .collect();
        gaps.sort_by_key(|g| g.0);
        for (m, gap) in gaps {
            match runs.last_mut() {
                Some((_, to, sum)) if to.plus(1) == m => {
                    *to = m;
                    *sum += gap;
                }
                _ => runs.push((m, m, gap)),
            }
        }
        for (from, to, sum) in runs {
            let months = to.since(from) + 1;
            let when = if from == to {
                format!("in {}", from.short_label())
            } else {
                format!(
                    "from {} to {} ({months} months)",
                    from.short_label(),
                    to.short_label()
                )
            };
            let mut it = item(
                exceptions
                    .iter()
                    .find(|e| e.kind == kind)
                    .expect("a run comes from an exception"),
            );
            it.message = format!("{what} below budget {when}: {} short", money(-sum, cur));
            out.push(it);
        }
    }
    out
}

/// Exceptions listed in the printed summary (the first, most urgent ones).
const PRINTED: usize = 8;

#[component]
pub fn Exceptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(Group::All);
    let all = Memo::new(move |_| {
        let cur = state.currency();
        state.plan.with(|p| items(&p.exceptions, &cur))
    });
    let shown = Memo::new(move |_| {
        let f = filter.get();
        all.with(|a| {
            a.iter()
                .filter(|i| f == Group::All || Group::of(i.kind) == f)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="panel exceptions" aria-labelledby="exceptions-title">
            <h2 id="exceptions-title">
                "Exceptions "
                <span class="count">{move || all.with(Vec::len)}</span>
            </h2>
            <div class="chips" role="group" aria-label="Show exceptions of one kind">
                {Group::ALL
                    .into_iter()
                    .map(|g| {
                        let n = move || {
                            all.with(|a| {
                                a.iter().filter(|i| g == Group::All || Group::of(i.kind) == g).count()
                            })
                        };
                        view! {
                            <button
                                type="button"
                                class="chip"
                                aria-pressed=move || (filter.get() == g).to_string()
                                disabled=move || n() == 0 && g != Group::All
                                on:click=move |_| filter.set(g)
                            >
                                {g.label()}
                                " "
                                <span class="n">{n}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show
                when=move || shown.with(|s| !s.is_empty())
                fallback=|| view! { <p class="muted">"Nothing needs a decision."</p> }
            >
                <ul id="exceptions">
                    {move || {
                        shown
                            .get()
                            .into_iter()
                            .map(|i| {
                                let select = i.select.clone();
                                view! {
                                    <li data-kind=kind_slug(i.kind)>
                                        <span class=format!("badge {}", kind_slug(i.kind))>{i.badge}</span>
                                        <span class="msg">{i.message}</span>
                                        <a
                                            class="act"
                                            href=i.href
                                            on:click=move |_| {
                                                if let Some(s) = select.clone() {
                                                    state.selection.set(Some(s));
                                                }
                                            }
                                        >
                                            {format!("{} →", i.act)}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                // The printed summary lists the first eight.
                <p class="print-only muted">
                    {move || {
                        let n = shown.with(Vec::len);
                        (n > PRINTED).then(|| format!("… and {} more in the app.", n - PRINTED))
                    }}
                </p>
            </Show>
        </div>
    }
}
