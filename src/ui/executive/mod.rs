//! Executive review: the headline KPIs of the active plan, the exceptions that need a
//! decision (each linking to where to act), scenarios side by side (save, levers,
//! compare, promote, delete), the decisions log, and the cycle's status up to approval,
//! which freezes the base plan and makes the cycle read-only; then the roll forward to
//! next month's cycle. "Print summary" prints the review as a one- or two-page summary
//! (print styles in `style/executive.css`).

mod bridges;
mod by_person;
mod compare;
mod cycle;
mod decisions;
mod exceptions;
mod levers;
mod scenarios;
mod share;
mod since_last;

pub use cycle::{CyclePicker, ViewingNotice};
pub use scenarios::ScenarioPicker;

use crate::engine::command::{self, PlanRef};
use crate::engine::model::CycleStatus;
use crate::engine::plan::freeze;
use crate::engine::review::tiles;
use crate::ui::finance::PlanBadge;
use crate::ui::finance::fmt::money;
use crate::ui::format::number_format;
use crate::ui::state::AppState;
use crate::ui::tile::tile_item;
use leptos::prelude::*;

/// Today's date in the browser's time zone, `YYYY-MM-DD`.
pub(crate) fn today_iso() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

#[component]
pub fn ExecutiveView() -> impl IntoView {
    let state = expect_context::<AppState>();
    // One "History and comments" panel for the exceptions and the decisions.
    let notes_open = RwSignal::new(None);
    provide_context(crate::ui::notes::NotesOpen(notes_open));
    let currency = Memo::new(move |_| state.currency());
    let data = Memo::new(move |_| {
        state.plan.with(|p| {
            tiles::executive(
                &p.kpis,
                p.finance.min_cash,
                &currency.get(),
                number_format(),
            )
        })
    });
    let n = data.with_untracked(Vec::len);
    let company = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.name.clone()))
            .unwrap_or_default()
    });
    let cycle_label = Memo::new(move |_| {
        state
            .with_cycle(|c| c.label.to_string())
            .unwrap_or_default()
    });
    // The page title names the summary: browsers offer it as the PDF's file name.
    let document = web_sys::window().and_then(|w| w.document());
    let old_title = document.as_ref().map(|d| d.title()).unwrap_or_default();
    Effect::new({
        let document = document.clone();
        move |_| {
            if let Some(d) = &document {
                d.set_title(&format!(
                    "Executive summary · {} · cycle {}",
                    company.get(),
                    cycle_label.get()
                ));
            }
        }
    });
    on_cleanup(move || {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&old_title);
        }
    });
    view! {
        <section class="step executive" aria-labelledby="exec-title">
            <PrintHead />
            <div class="step-head">
                <h1 id="exec-title">"Executive review"</h1>
                <PlanBadge />
                <button
                    id="print-summary"
                    type="button"
                    title="Print the review as a one- or two-page summary (or save it as PDF)"
                    on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }
                >
                    "Print summary"
                </button>
            </div>
            <share::LinkedScenario />
            <div class="kpi-row exec-kpis" role="list" aria-label="Headline KPIs of the plan">
                {(0..n)
                    .map(|i| tile_item(data, i))
                    .collect_view()}
            </div>
            <since_last::SinceLastCycle />
            <by_person::ChangesByPerson />
            {crate::ui::lazy::part(crate::ui::lazy::notes_panel, move |f| f(notes_open))}
            <div class="exec-grid">
                <exceptions::Exceptions />
                <decisions::Decisions />
            </div>
            <scenarios::Scenarios />
            <Approval />
        </section>
    }
}

/// The title block of the printed summary (hidden on screen): company, cycle, status,
/// plan, date.
#[component]
fn PrintHead() -> impl IntoView {
    let state = expect_context::<AppState>();
    let company = move || {
        state
            .workspace
            .with(|w| w.as_ref().map(|w| w.name.clone()))
            .unwrap_or_default()
    };
    let line = move || {
        let plan = match state.active.get() {
            PlanRef::Base => "Base plan".to_string(),
            PlanRef::Scenario(id) => state
                .with_cycle(|c| {
                    c.scenarios
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| format!("Scenario: {}", s.name))
                })
                .flatten()
                .unwrap_or_default(),
        };
        state
            .with_cycle(|c| {
                let status = match &c.frozen {
                    Some(f) => format!("Approved on {}", f.approved_on),
                    None => c.status.label().to_string(),
                };
                format!(
                    "Cycle {} · {status} · {plan} · {} months from {} · printed {}",
                    c.label,
                    c.horizon,
                    c.label.short_label(),
                    today_iso()
                )
            })
            .unwrap_or_default()
    };
    view! {
        <header class="print-head" id="print-head">
            <div class="print-title">
                <strong class="print-company">{company}</strong>
                " · S&OP executive summary"
            </div>
            <div class="print-line">{line}</div>
        </header>
    }
}

/// Approve: freezes the base plan's consensus (scored later against actuals) and makes
/// the cycle read-only. Asks once more before doing it (it cannot be undone). Once
/// approved, the current cycle rolls forward to the next month's.
#[component]
fn Approval() -> impl IntoView {
    let state = expect_context::<AppState>();
    let confirming = RwSignal::new(false);
    let status = Memo::new(move |_| state.with_cycle(|c| c.status).unwrap_or_default());
    let approved_on = Memo::new(move |_| {
        state
            .with_cycle(|c| {
                c.frozen.as_ref().map(|f| match f.approved_by.as_str() {
                    "" => f.approved_on.clone(),
                    by => format!("{} by {by}", f.approved_on),
                })
            })
            .flatten()
    });
    let approver = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let approve = move |_| {
        let at = crate::ui::meeting::now_text();
        let mut frozen = state.base_plan.with_untracked(|p| freeze(p, &at[..10]));
        // The plain ensemble of learned SKUs, for the next cycles' track record.
        state.forecast_key.with_untracked(|k| {
            if let Some(k) = k {
                k.learned.keep_plain(&mut frozen);
            }
        });
        let by = approver.get_untracked();
        let cmd = state.with_cycle_untracked(|c| command::approve(c, frozen, &by, &at));
        match cmd.map(|c| c.and_then(|c| state.apply(c))) {
            Some(Ok(())) => {
                crate::ui::meeting::set_person(&by);
                state.active.set(PlanRef::Base);
                confirming.set(false);
                problem.set(None);
            }
            Some(Err(e)) => problem.set(Some(e.0)),
            None => {}
        }
    };
    let summary = move || {
        let scenario_note = match state.active.get() {
            PlanRef::Scenario(_) => {
                " You are looking at a scenario: approval takes the base plan, so promote the scenario first if it is the one agreed."
            }
            PlanRef::Base => "",
        };
        state.base_plan.with(|p| {
            format!(
                "Approving freezes the base plan of {} SKUs over {} months (revenue {}) as the plan of record. The cycle becomes read-only: every edit is refused until you roll forward to the next cycle. This cannot be undone.{scenario_note}",
                p.skus.len(),
                p.months.len(),
                money(p.kpis.revenue, &state.currency()),
            )
        })
    };
    view! {
        <div class="panel approval" aria-labelledby="approval-title">
            <h2 id="approval-title">"Approval"</h2>
            <cycle::RolledFrom />
            {move || match approved_on.get() {
                Some(d) => view! {
                    <p class="approved-note" role="status">
                        <strong>"Approved on " {d}</strong>
                        ". The cycle is read-only; the frozen plan is kept to score it against actuals later."
                    </p>
                    {move || {
                        if state.viewing_older() {
                            view! { <cycle::RolledInto /> }.into_any()
                        } else {
                            view! { <cycle::RollForward /> }.into_any()
                        }
                    }}
                }
                    .into_any(),
                None => view! {
                    <div>
                        <p class="muted">
                            {move || {
                                if status.get() == CycleStatus::FinancialReview {
                                    "The financial review is done when everyone agrees: approve the base plan."
                                        .to_string()
                                } else {
                                    format!(
                                        "The cycle is in {}: sign off the steps up to the supply review (the bar under the steps) to approve it.",
                                        status.get().label()
                                    )
                                }
                            }}
                        </p>
                        <button
                            id="approve"
                            type="button"
                            class="primary"
                            aria-expanded=move || confirming.get().to_string()
                            disabled=move || {
                                state.frozen() || status.get() != CycleStatus::FinancialReview
                            }
                            on:click=move |_| {
                                approver.set(crate::ui::meeting::person());
                                confirming.set(true)
                            }
                        >
                            "Approve the plan…"
                        </button>
                        <Show when=move || confirming.get()>
                            <div class="confirm" role="alertdialog" aria-labelledby="approve-text">
                                <p id="approve-text">{summary}</p>
                                <label class="approver">
                                    "Approved by "
                                    <input
                                        id="approver-name"
                                        autocomplete="name"
                                        prop:value=move || approver.get()
                                        on:input=move |ev| approver.set(event_target_value(&ev))
                                    />
                                </label>
                                <p class="problem" role="alert">{move || problem.get()}</p>
                                <button id="approve-confirm" type="button" class="primary danger" on:click=approve>
                                    "Approve and freeze"
                                </button>
                                <button type="button" on:click=move |_| confirming.set(false)>
                                    "Cancel"
                                </button>
                            </div>
                        </Show>
                    </div>
                }
                    .into_any(),
            }}
        </div>
    }
}

/// A KPI value in its unit, in the open workspace's number format
/// ([`crate::engine::format::kpi`]).
pub(crate) fn kpi_text(
    unit: crate::engine::plan::scenario::Unit,
    v: crate::engine::plan::KpiValue,
    cur: &str,
) -> String {
    crate::engine::format::kpi(unit, v, cur, number_format())
}
