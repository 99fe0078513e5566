//! The executive comparison: KPI by KPI, the base plan and each scenario with its
//! signed difference, marked better or worse for the business.

use super::kpi_text;
use super::scenarios::PlanSummary;
use crate::engine::format;
use crate::engine::plan::KpiValue;
use crate::engine::plan::scenario::Unit;
use crate::ui::format::number_format;
use leptos::prelude::*;

/// The difference of two KPI values as text, signed ([`format::kpi_delta`]).
fn delta_text(unit: Unit, d: KpiValue, cur: &str) -> String {
    format::kpi_delta(unit, d, cur, number_format())
}

/// KPI by KPI: the base plan, then each scenario with its difference to the base.
#[component]
pub(super) fn CompareTable(
    summaries: Memo<Vec<PlanSummary>>,
    currency: Memo<String>,
) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Scenario comparison (scrolls)">
            <table id="compare-table" class="grid compare" aria-label="KPIs of the base plan and of each scenario, with the difference to the base plan">
                <thead>
                    <tr>
                        <th scope="col">"KPI"</th>
                        {move || {
                            summaries
                                .get()
                                .into_iter()
                                .map(|s| {
                                    let name = s.name.clone();
                                    match s.id {
                                        None => view! { <th scope="col" class="num" data-plan="base">{name}</th> }.into_any(),
                                        Some(_) => view! {
                                            <th scope="col" class="num" data-plan=name.clone()>{name.clone()}</th>
                                            <th scope="col" class="num delta" data-plan=name.clone()>{format!("Δ {name}")}</th>
                                        }
                                            .into_any(),
                                    }
                                })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let cur = currency.get();
                        summaries.with(|all| {
                            let Some(base) = all.first() else { return Vec::new() };
                            base.deltas
                                .iter()
                                .enumerate()
                                .map(|(r, row)| {
                                    let cells = all
                                        .iter()
                                        .map(|s| {
                                            let d = &s.deltas[r];
                                            let raw = |v: KpiValue| match v {
                                                KpiValue::Exact(x) => x.to_string(),
                                                KpiValue::Approx(x) => x.to_string(),
                                                KpiValue::Missing => String::new(),
                                            };
                                            match s.id {
                                                None => view! {
                                                    <td class="num" data-plan="base" data-value=raw(d.a)>{kpi_text(d.unit, d.a, &cur)}</td>
                                                }
                                                    .into_any(),
                                                Some(_) => {
                                                    let v = d.verdict();
                                                    let mark = match v {
                                                        Some(true) => " ▲",
                                                        Some(false) => " ▼",
                                                        None => "",
                                                    };
                                                    view! {
                                                        <td class="num" data-plan=s.name.clone() data-value=raw(d.b)>{kpi_text(d.unit, d.b, &cur)}</td>
                                                        <td
                                                            class="num delta"
                                                            class:better=v == Some(true)
                                                            class:worse=v == Some(false)
                                                            data-plan=s.name.clone()
                                                            data-value=raw(d.delta)
                                                            title=match v {
                                                                Some(true) => "better than the base plan",
                                                                Some(false) => "worse than the base plan",
                                                                None => "",
                                                            }
                                                        >
                                                            {delta_text(d.unit, d.delta, &cur)}
                                                            <span class="verdict" aria-hidden="true">{mark}</span>
                                                        </td>
                                                    }
                                                        .into_any()
                                                }
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr data-kpi=row.key>
                                            <th scope="row">{row.label}</th>
                                            {cells}
                                        </tr>
                                    }
                                })
                                .collect::<Vec<_>>()
                        })
                    }}
                </tbody>
            </table>
        </div>
        <p class="muted small">"▲ better than the base plan, ▼ worse (for KPIs where more is better or worse)."</p>
    }
}
