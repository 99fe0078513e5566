//! Executive review: the headline KPIs of the active plan, the exceptions that need a
//! decision (each linking to where to act), scenarios side by side (save, levers,
//! compare, promote, delete), the decisions log, and the cycle's status up to approval,
//! which freezes the base plan and makes the cycle read-only; then the roll forward to
//! next month's cycle. "Print summary" prints the review as a one- or two-page summary
//! (print styles in `style/executive.css`).

mod bridges;
mod compare;
mod cycle;
mod decisions;
mod exceptions;
mod levers;
mod scenarios;
mod since_last;

pub use cycle::{CyclePicker, ViewingNotice};
pub use scenarios::ScenarioPicker;

use crate::engine::command::{self, PlanRef};
use crate::engine::model::CycleStatus;
use crate::engine::plan::output::qty;
use crate::engine::plan::{CapacityState, Kpis, freeze};
use crate::ui::finance::fmt::{
    days, delta_compact, money, money_compact, one_decimal, pct_f64, ratio,
};
use crate::ui::finance::{PlanBadge, Tile, TileData, Tone};
use crate::ui::format::to_f64;
use crate::ui::state::AppState;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The KPI tiles: (id key, label, data).
fn tiles(k: &Kpis, min_cash: Decimal, cur: &str) -> Vec<(&'static str, &'static str, TileData)> {
    let budget_gm = if k.budget_revenue.is_zero() {
        None
    } else {
        Some(k.budget_margin / k.budget_revenue)
    };
    let below = k.revenue_vs_budget.is_sign_negative() && !k.revenue_vs_budget.is_zero();
    vec![
        (
            "revenue-vs-budget",
            "Revenue vs budget",
            TileData {
                value: delta_compact(k.revenue_vs_budget, cur),
                sub: match k.revenue_worst_month {
                    Some(m) => format!(
                        "{} month(s) below budget, worst {} {}",
                        k.revenue_months_below,
                        m.short_label(),
                        delta_compact(k.revenue_worst_gap, cur)
                    ),
                    None => "every month on or above budget".into(),
                },
                tone: if below {
                    Tone::Bad
                } else if k.revenue_months_below > 0 {
                    Tone::Warn
                } else {
                    Tone::Good
                },
                raw: k.revenue_vs_budget.to_string(),
            },
        ),
        (
            "gm-pct",
            "Gross margin %",
            TileData {
                value: ratio(k.gm_pct),
                sub: match budget_gm {
                    Some(b) => format!("budget {}", ratio(b)),
                    None => format!("margin {}", money_compact(k.gross_margin, cur)),
                },
                tone: match budget_gm {
                    Some(b) if k.gm_pct < b.round_dp(4) => Tone::Bad,
                    Some(_) => Tone::Good,
                    None => Tone::Neutral,
                },
                raw: k.gm_pct.to_string(),
            },
        ),
        (
            "fill-rate",
            "Fill rate",
            TileData {
                value: kpi_text(
                    crate::engine::plan::scenario::Unit::Ratio,
                    crate::engine::plan::KpiValue::Approx(k.fill_rate_shown()),
                    cur,
                ),
                sub: match k.stockout_skus {
                    0 => "no SKU short".into(),
                    1 => "1 SKU short of stock".into(),
                    n => format!("{n} SKUs short of stock"),
                },
                tone: if k.stockout_skus > 0 {
                    Tone::Bad
                } else {
                    Tone::Good
                },
                raw: qty(k.fill_rate).to_string(),
            },
        ),
        (
            "inventory-cover",
            "Inventory cover",
            TileData {
                value: format!("{} months", one_decimal(k.inventory_cover_months)),
                sub: format!("{} turns / year", one_decimal(k.inventory_turns)),
                raw: k.inventory_cover_months.to_string(),
                ..Default::default()
            },
        ),
        (
            "peak-utilization",
            "Peak capacity use",
            TileData {
                value: pct_f64(k.peak_utilization),
                sub: format!(
                    "{} · {}{}",
                    k.capacity_state().label(),
                    k.peak_resource.clone().unwrap_or_else(|| "–".into()),
                    k.peak_month
                        .map(|m| format!(" in {}", m.short_label()))
                        .unwrap_or_default()
                ),
                tone: match k.capacity_state() {
                    CapacityState::OverCapacity => Tone::Bad,
                    CapacityState::NeedsOvertime => Tone::Warn,
                    CapacityState::Fits => Tone::Good,
                },
                raw: qty(k.peak_utilization).to_string(),
            },
        ),
        (
            "cash-low",
            "Cash low point",
            TileData {
                value: money_compact(k.cash_low, cur),
                sub: format!(
                    "{} · {} min. {}",
                    k.cash_low_month
                        .map(|m| m.short_label())
                        .unwrap_or_default(),
                    if k.cash_low < min_cash {
                        "BELOW"
                    } else {
                        "above"
                    },
                    money_compact(min_cash, cur)
                ),
                tone: if k.cash_low < min_cash {
                    Tone::Bad
                } else {
                    Tone::Good
                },
                raw: k.cash_low.to_string(),
            },
        ),
        (
            "ccc",
            "Cash cycle (CCC)",
            TileData {
                value: days(k.ccc),
                sub: format!(
                    "DSO {} + DIO {} − DPO {}",
                    one_decimal(k.dso),
                    one_decimal(k.dio),
                    one_decimal(k.dpo)
                ),
                raw: k.ccc.to_string(),
                ..Default::default()
            },
        ),
        (
            "ocf-sales",
            "OCF / sales",
            TileData {
                value: ratio(k.ocf_to_sales),
                sub: format!("OCF {}", money_compact(k.ocf, cur)),
                tone: if k.ocf.is_sign_negative() {
                    Tone::Bad
                } else {
                    Tone::Neutral
                },
                raw: k.ocf_to_sales.to_string(),
            },
        ),
        (
            "forecast-accuracy",
            "Forecast accuracy",
            match k.forecast_wape {
                Some(w) => TileData {
                    value: pct_f64((1.0 - w).max(0.0)),
                    sub: format!("1 − WAPE {} (backtest)", pct_f64(w)),
                    raw: qty(1.0 - w).to_string(),
                    ..Default::default()
                },
                None => TileData {
                    value: "–".into(),
                    sub: "no statistical baseline yet".into(),
                    ..Default::default()
                },
            },
        ),
    ]
}

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
    let currency = Memo::new(move |_| state.currency());
    let data = Memo::new(move |_| {
        state
            .plan
            .with(|p| tiles(&p.kpis, p.finance.min_cash, &currency.get()))
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
            <div class="kpi-row exec-kpis" role="list" aria-label="Headline KPIs of the plan">
                {(0..n)
                    .map(|i| {
                        let (key, label, _) = data.with_untracked(|t| t[i].clone());
                        let d = Signal::derive(move || {
                            data.with(|t| t.get(i).map(|x| x.2.clone()).unwrap_or_default())
                        });
                        view! {
                            <div role="listitem">
                                <Tile key=key label=label data=d />
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <since_last::SinceLastCycle />
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
        let frozen = state.base_plan.with_untracked(|p| freeze(p, &at[..10]));
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

/// A KPI value of the compare table, as text.
pub(crate) fn kpi_text(
    unit: crate::engine::plan::scenario::Unit,
    v: crate::engine::plan::KpiValue,
    cur: &str,
) -> String {
    use crate::engine::plan::KpiValue;
    use crate::engine::plan::scenario::Unit;
    let f = match v {
        KpiValue::Exact(d) => Some((Some(d), to_f64(d))),
        KpiValue::Approx(x) => Some((None, x)),
        KpiValue::Missing => None,
    };
    let Some((exact, x)) = f else {
        return "–".into();
    };
    match unit {
        Unit::Money => money(
            exact.unwrap_or_else(|| Decimal::from_f64_retain(x).unwrap_or_default()),
            cur,
        ),
        // 99.97 % is not 100 %: two decimals just below one.
        Unit::Ratio if (0.9995..1.0).contains(&x) => format!("{:.2} %", (x * 1e4).floor() / 100.0),
        Unit::Ratio => pct_f64(x),
        Unit::Days => days(exact.unwrap_or_default()),
        Unit::Months => format!("{x:.2} months"),
        Unit::Turns => format!("{x:.2}"),
        Unit::Hours => format!("{} h", crate::ui::format::units(x)),
        Unit::Fte => format!("{x:.1} FTE"),
        Unit::Count => crate::ui::format::units(x),
    }
}
