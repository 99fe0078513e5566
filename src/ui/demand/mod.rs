//! Demand review: per SKU, history and statistical forecast as a chart and a table.
//! Actuals are editable; the forecast follows at once.

use crate::engine::command::Command;
use crate::engine::model::Baseline;
use crate::engine::month::Month;
use crate::ui::chart::Chart;
use crate::ui::format::{parse_number, units};
use crate::ui::state::AppState;
use charming::component::{Axis, Grid, Legend};
use charming::element::{AreaStyle, AxisType, LineStyle, Symbol, Tooltip, Trigger};
use charming::series::Line;
use leptos::prelude::*;

/// Months of history shown before the forecast.
const HISTORY_SHOWN: i32 = 24;

/// What the chart and the table show for one SKU.
#[derive(Clone, Debug, PartialEq, Default)]
struct SkuSeries {
    sku: String,
    months: Vec<Month>,
    /// Actuals (None in planned months).
    actual: Vec<Option<f64>>,
    forecast: Vec<Option<f64>>,
    lower: Vec<Option<f64>>,
    upper: Vec<Option<f64>>,
    /// Index of the first planned month in `months`.
    first_plan: usize,
    model: String,
    sigma: f64,
}

#[component]
pub fn DemandView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let families = Memo::new(move |_| {
        state
            .with_cycle(|c| {
                c.master
                    .families
                    .iter()
                    .map(|f| {
                        let skus: Vec<(String, String)> = c
                            .master
                            .products
                            .iter()
                            .filter(|p| p.family == f.id)
                            .map(|p| (p.sku.clone(), p.name.clone()))
                            .collect();
                        (f.name.clone(), skus)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let sku = Memo::new(move |_| {
        state.sku.get().or_else(|| {
            families.with(|f| {
                f.iter()
                    .flat_map(|(_, s)| s.first())
                    .next()
                    .map(|s| s.0.clone())
            })
        })
    });
    let series = Memo::new(move |_| {
        let Some(sku) = sku.get() else {
            return SkuSeries::default();
        };
        state.baselines.with(|bl| {
            state
                .with_cycle(|c| {
                    let base: Option<&Baseline> = bl.iter().find(|b| b.sku == sku);
                    let hist = c.history.iter().find(|h| h.sku == sku);
                    let first = c.label.plus(-HISTORY_SHOWN);
                    let n = HISTORY_SHOWN as usize + c.horizon as usize;
                    let months: Vec<Month> = (0..n as i32).map(|i| first.plus(i)).collect();
                    let plan_value = |v: Option<&Vec<f64>>, m: Month| {
                        let i = usize::try_from(m.since(c.label)).ok()?;
                        v.and_then(|v| v.get(i).copied())
                    };
                    SkuSeries {
                        actual: months
                            .iter()
                            .map(|m| hist.and_then(|h| h.get(*m)))
                            .collect(),
                        forecast: months
                            .iter()
                            .map(|m| plan_value(base.map(|b| &b.values), *m))
                            .collect(),
                        lower: months
                            .iter()
                            .map(|m| plan_value(base.map(|b| &b.lower), *m))
                            .collect(),
                        upper: months
                            .iter()
                            .map(|m| plan_value(base.map(|b| &b.upper), *m))
                            .collect(),
                        first_plan: HISTORY_SHOWN as usize,
                        model: base.map(|b| b.model.clone()).unwrap_or_default(),
                        sigma: base.map_or(0.0, |b| b.sigma),
                        months,
                        sku: sku.clone(),
                    }
                })
                .unwrap_or_default()
        })
    });
    let chart = Signal::derive(move || series.with(demand_chart));

    view! {
        <section class="step demand" aria-labelledby="demand-title">
            <h1 id="demand-title">"Demand review"</h1>
            <div class="toolbar">
                <label>
                    "SKU "
                    <select
                        id="sku-select"
                        on:change=move |ev| state.sku.set(Some(event_target_value(&ev)))
                        prop:value=move || sku.get().unwrap_or_default()
                    >
                        {move || {
                            families
                                .get()
                                .into_iter()
                                .map(|(fam, skus)| {
                                    view! {
                                        <optgroup label=fam>
                                            {skus
                                                .into_iter()
                                                .map(|(s, name)| {
                                                    let selected = sku.get().as_deref() == Some(&s);
                                                    view! {
                                                        <option value=s.clone() selected=selected>
                                                            {format!("{s} · {name}")}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </optgroup>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <span class="model">
                    {move || {
                        series
                            .with(|s| {
                                format!(
                                    "Model: {} · σ of forecast error {} units",
                                    s.model,
                                    units(s.sigma),
                                )
                            })
                    }}
                </span>
            </div>
            <Chart chart=chart label="History and statistical forecast" id="demand-chart" />
            <DemandTable series=series />
        </section>
    }
}

/// History, forecast and the 80 % prediction band (stacked: lower, then band width).
fn demand_chart(s: &SkuSeries) -> charming::Chart {
    let labels: Vec<String> = s.months.iter().map(|m| m.short_label()).collect();
    let band: Vec<Option<f64>> = s
        .lower
        .iter()
        .zip(&s.upper)
        .map(|(l, u)| Some((*u)? - (*l)?))
        .collect();
    charming::Chart::new()
        .animation(false)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("60").right("20").top("40").bottom("30"))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("units"))
        .series(
            Line::new()
                .name("Actual")
                .data(s.actual.clone())
                .symbol(Symbol::Circle)
                .symbol_size(4),
        )
        .series(
            Line::new()
                .name("Statistical forecast")
                .data(s.forecast.clone())
                .line_style(LineStyle::new().type_(charming::element::LineStyleType::Dashed)),
        )
        .series(
            Line::new()
                .name("80 % band")
                .stack("band")
                .data(s.lower.clone())
                .symbol(Symbol::None)
                .line_style(LineStyle::new().opacity(0)),
        )
        .series(
            Line::new()
                .name("80 % band")
                .stack("band")
                .data(band)
                .symbol(Symbol::None)
                .line_style(LineStyle::new().opacity(0))
                .area_style(AreaStyle::new().opacity(0.2)),
        )
}

/// The month-by-month table: actuals (editable) and the statistical forecast.
#[component]
fn DemandTable(series: Memo<SkuSeries>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let frozen = move || state.with_cycle(|c| c.is_frozen()).unwrap_or(true);
    view! {
        <div class="table-scroll">
            <table class="grid demand-grid">
                <thead>
                    <tr>
                        <th scope="col">"Month"</th>
                        {move || {
                            series
                                .with(|s| {
                                    s.months
                                        .iter()
                                        .enumerate()
                                        .map(|(i, m)| {
                                            let plan = i >= s.first_plan;
                                            view! {
                                                <th scope="col" class:plan=plan>
                                                    {m.short_label()}
                                                </th>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tr>
                </thead>
                <tbody>
                    <tr class="actual">
                        <th scope="row">"Actual"</th>
                        {move || {
                            series
                                .with(|s| {
                                    s.months
                                        .iter()
                                        .zip(&s.actual)
                                        .map(|(m, a)| {
                                            let (m, sku) = (*m, s.sku.clone());
                                            match a {
                                                Some(v) => {
                                                    let v = *v;
                                                    view! {
                                                        <td>
                                                            <input
                                                                class="cell"
                                                                inputmode="decimal"
                                                                aria-label=format!("Actual {sku} {m}")
                                                                data-month=m.to_string()
                                                                prop:value=units(v)
                                                                disabled=frozen
                                                                on:change=move |ev| {
                                                                    let text = event_target_value(&ev);
                                                                    match parse_number(&text) {
                                                                        Ok(units) => {
                                                                            let _ = state
                                                                                .apply(Command::SetActual {
                                                                                    sku: sku.clone(),
                                                                                    month: m,
                                                                                    units,
                                                                                });
                                                                        }
                                                                        Err(e) => {
                                                                            state
                                                                                .error
                                                                                .set(Some(format!("Actual {sku} {m}: {e}")));
                                                                        }
                                                                    }
                                                                }
                                                            />
                                                        </td>
                                                    }
                                                        .into_any()
                                                }
                                                None => view! { <td class="empty"></td> }.into_any(),
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tr>
                    <tr class="forecast">
                        <th scope="row">"Statistical forecast"</th>
                        {move || {
                            series
                                .with(|s| {
                                    s.forecast
                                        .iter()
                                        .map(|f| {
                                            view! {
                                                <td class="num">{f.map(units).unwrap_or_default()}</td>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}
