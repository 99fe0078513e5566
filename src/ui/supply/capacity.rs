//! Rough-cut capacity: load per resource against regular hours and regular + overtime,
//! overloads flagged; the utilisation table; in constrained mode, what the plan moved
//! (pre-built or made late) and what did not fit (backlog or lost sales).

use super::month_head;
use super::plan::{AMBER, BLUE, GREY, INK, RED};
use crate::engine::model::Unmet;
use crate::engine::review::capacity::{self, CapacityData, MonthState, ResourceLoad};
use crate::ui::chart::Chart;
use crate::ui::format::{number_format, units};
use crate::ui::state::{AppState, Selection};
use charming::datatype::DataPointItem;
use charming::element::{
    ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkArea, MarkAreaData, Step, Symbol,
};
use charming::series::{Bar, Line};
use leptos::prelude::*;

/// The capacity section of the active plan (`engine::review::capacity`).
pub(super) fn capacity_data(state: &AppState) -> CapacityData {
    state.plan.with(|plan| {
        state
            .with_inputs(|inputs| {
                state
                    .with_cycle(|c| capacity::capacity_data(c, plan, inputs))
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    })
}

#[component]
pub(super) fn CapacityView(data: Memo<CapacityData>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The resource shown in the chart; until one is picked, the most loaded one.
    let picked = RwSignal::new(None::<String>);
    let shown = Memo::new(move |_| {
        data.with(|d| {
            let by_pick = picked
                .get()
                .and_then(|id| d.resources.iter().position(|r| r.id == id));
            by_pick.or_else(|| d.most_loaded())
        })
    });
    let chart = Signal::derive(move || {
        data.with(|d| {
            shown
                .get()
                .and_then(|i| d.resources.get(i))
                .map(|r| capacity_chart(d, r))
                .unwrap_or_default()
        })
    });
    let chart_label = move || data.with(|d| shown.get().map(|i| d.caption(i)).unwrap_or_default());
    let shown_resource = Signal::derive(move || {
        data.with(|d| {
            shown
                .get()
                .and_then(|i| d.resources.get(i))
                .map(|r| (r.id.clone(), r.name.clone()))
        })
    });
    view! {
        <div class="resource-picker" role="group" aria-label="Resource shown in the chart">
            {move || {
                data.with(|d| {
                    d.resources
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let id = r.id.clone();
                            let over = r.overloaded();
                            let peak = r.peak_text(number_format());
                            view! {
                                <button
                                    data-resource=r.id.clone()
                                    class:over=over
                                    class:selected=move || shown.get() == Some(i)
                                    aria-pressed=move || if shown.get() == Some(i) { "true" } else { "false" }
                                    on:click=move |_| picked.set(Some(id.clone()))
                                >
                                    <span class="name">{r.name.clone()}</span>
                                    <span class="peak" title="Peak utilisation (load / regular hours)">
                                        {peak}
                                    </span>
                                </button>
                            }
                        })
                        .collect_view()
                })
            }}
        </div>
        <p class="chart-caption" aria-live="polite">{chart_label}</p>
        <Chart
            chart=chart
            id="capacity-chart"
            label="Load of the chosen resource by month against regular hours and regular plus overtime"
        />
        <super::loaders::Loaders resource=shown_resource />
        <super::loaders::CapacityByFamily />
        <UtilizationTable data=data picked=picked />
        <ConstraintLog data=data state=state />
    }
}

/// Load bars (amber where overtime is used, red where even overtime is not enough),
/// regular hours and regular + overtime as steps, overloaded months shaded.
fn capacity_chart(d: &CapacityData, r: &ResourceLoad) -> charming::Chart {
    let labels: Vec<String> = d.months.iter().map(|m| m.short_label()).collect();
    let load: Vec<DataPointItem> = r
        .load
        .iter()
        .enumerate()
        .map(|(t, l)| {
            let item = DataPointItem::new(l.round());
            match r.state(t) {
                MonthState::Over => item.item_style(ItemStyle::new().color(RED)),
                MonthState::Overtime => item.item_style(ItemStyle::new().color(AMBER)),
                MonthState::Fits => item,
            }
        })
        .collect();
    let with_ot: Vec<f64> = r
        .regular
        .iter()
        .zip(&r.overtime)
        .map(|(g, o)| (g + o).round())
        .collect();
    let areas: Vec<(MarkAreaData, MarkAreaData)> = r
        .overloaded_months()
        .map(|t| {
            (
                MarkAreaData::new()
                    .name("Overload")
                    .x_axis(labels[t].clone()),
                MarkAreaData::new().x_axis(labels[t].clone()),
            )
        })
        .collect();
    let ot_name = if d.overtime_counts {
        "Regular + overtime"
    } else {
        "Regular + overtime (not used)"
    };
    crate::ui::chart::month_chart(labels, "hours")
        .series(
            Bar::new()
                .name("Load")
                .item_style(ItemStyle::new().color(BLUE))
                .data(load),
        )
        .series(
            Line::new()
                .name("Regular hours")
                .step(Step::Middle)
                .symbol(Symbol::None)
                .data(r.regular.iter().map(|x| x.round()).collect::<Vec<_>>())
                .item_style(ItemStyle::new().color(INK))
                .line_style(LineStyle::new().width(2).color(INK))
                .mark_area(
                    MarkArea::new()
                        .silent(true)
                        .item_style(ItemStyle::new().color("rgba(179, 38, 30, 0.10)"))
                        .label(Label::new().color(RED).position(LabelPosition::InsideTop))
                        .data(areas),
                ),
        )
        .series(
            Line::new()
                .name(ot_name)
                .step(Step::Middle)
                .symbol(Symbol::None)
                .data(with_ot)
                .item_style(ItemStyle::new().color(if d.overtime_counts { AMBER } else { GREY }))
                .line_style(
                    LineStyle::new()
                        .width(2)
                        .type_(LineStyleType::Dashed)
                        .color(if d.overtime_counts { AMBER } else { GREY }),
                ),
        )
}

/// Resource × month utilisation (load / regular hours); `td.over` where the load
/// exceeds what can be worked, `td.ot` where overtime is needed.
#[component]
fn UtilizationTable(data: Memo<CapacityData>, picked: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Capacity utilisation (scrolls)">
            <table
                class="grid utilization"
                id="utilization"
                aria-label="Capacity utilisation by resource and month: load divided by regular hours"
            >
                <thead>
                    <tr>
                        <th scope="col">"Resource"</th>
                        {move || {
                            data.with(|d| {
                                d.months
                                    .iter()
                                    .map(|m| view! { <th scope="col">{month_head(*m)}</th> })
                                    .collect_view()
                            })
                        }}
                        <th scope="col">"Peak"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        data.with(|d| {
                            d.resources
                                .iter()
                                .map(|r| {
                                    let id = r.id.clone();
                                    let cells = (0..d.months.len())
                                        .map(|t| {
                                            let nf = number_format();
                                            let state = r.state(t);
                                            let over = state == MonthState::Over;
                                            let ot = state == MonthState::Overtime;
                                            let title = r.title(t, d.months[t], nf);
                                            view! {
                                                <td
                                                    class="num"
                                                    class:over=over
                                                    class:ot=ot
                                                    title=title
                                                    data-load=format!("{:.3}", r.load[t])
                                                    data-regular=format!("{:.3}", r.regular[t])
                                                    data-overtime=format!("{:.3}", r.overtime[t])
                                                >
                                                    {r.util_text(t, nf)}
                                                </td>
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr data-resource=r.id.clone()>
                                            <th scope="row">
                                                <button class="link" on:click=move |_| picked.set(Some(id.clone()))>
                                                    {r.name.clone()}
                                                </button>
                                            </th>
                                            {cells}
                                            <td class="num peak" class:over=r.overloaded()>
                                                {r.peak_text(number_format())}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
        <p class="legend-note">
            <span class="swatch ok"></span>
            " within regular hours "
            <span class="swatch ot"></span>
            " needs overtime "
            <span class="swatch over"></span>
            {move || {
                if data.with(|d| d.overtime_counts) {
                    " overloaded: more than regular + overtime"
                } else {
                    " overloaded: more than regular hours (overtime not used)"
                }
            }}
        </p>
    }
}

/// In constrained mode, the plan's moves and what did not fit, so that "the plan says
/// so"; unconstrained, how many overloads there are.
#[component]
fn ConstraintLog(data: Memo<CapacityData>, state: AppState) -> impl IntoView {
    let overloaded = move || data.with(CapacityData::overloaded_count);
    let select = move |sku: String| state.selection.set(Some(Selection::Sku(sku)));
    view! {
        <Show
            when=move || data.with(|d| d.constrained)
            fallback=move || {
                view! {
                    <p id="overload-note" class="note" class:bad=move || { overloaded() > 0 }>
                        {move || match overloaded() {
                            0 => "Unconstrained plan: every resource-month fits in regular hours plus overtime.".to_string(),
                            n => format!(
                                "Unconstrained plan: {n} resource-month{} overloaded. Switch on “Constrained by capacity” to pre-build or push back what does not fit.",
                                if n == 1 { " is" } else { "s are" }
                            ),
                        }}
                    </p>
                }
            }
        >
            <div class="constraint-log">
                <section class="moves" aria-labelledby="shifts-title">
                    <h3 id="shifts-title">
                        "Moved by capacity "
                        <span class="count">
                            {move || {
                                data.with(|d| {
                                    let (pre, late) = d.moved_units();
                                    format!(
                                        "{} units pre-built earlier, {} units made late",
                                        units(pre),
                                        units(late),
                                    )
                                })
                            }}
                        </span>
                    </h3>
                    <div class="table-scroll log">
                        <table class="grid" id="shifts" aria-labelledby="shifts-title">
                            <thead>
                                <tr>
                                    <th scope="col">"SKU"</th>
                                    <th scope="col">"Resource"</th>
                                    <th scope="col">"Needed"</th>
                                    <th scope="col">"Made"</th>
                                    <th scope="col">"Units"</th>
                                    <th scope="col">"Why"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || {
                                    data.with(|d| {
                                        if d.shifts.is_empty() {
                                            return view! {
                                                <tr class="none">
                                                    <td colspan="6">"Nothing had to move: everything fits where it is planned."</td>
                                                </tr>
                                            }
                                                .into_any();
                                        }
                                        d.shifts
                                            .iter()
                                            .map(|s| {
                                                let sku = s.sku.clone();
                                                let early = s.is_early();
                                                view! {
                                                    <tr class=if early { "early" } else { "late" }>
                                                        <td>
                                                            <button class="link" on:click=move |_| select(sku.clone())>
                                                                {s.sku.clone()}
                                                            </button>
                                                        </td>
                                                        <td>{s.resource.clone()}</td>
                                                        <td>{s.from.short_label()}</td>
                                                        <td>{s.to.short_label()}</td>
                                                        <td class="num">{units(s.units)}</td>
                                                        <td>{s.why()}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                            .into_any()
                                    })
                                }}
                            </tbody>
                        </table>
                    </div>
                </section>
                <section class="short" aria-labelledby="shortfalls-title">
                    <h3 id="shortfalls-title">
                        {move || match data.with(|d| d.unmet) {
                            Unmet::Backlog => "Did not fit: becomes backlog",
                            Unmet::LostSales => "Did not fit: becomes lost sales",
                        }}
                    </h3>
                    <div class="table-scroll log">
                        <table class="grid" id="shortfalls" aria-labelledby="shortfalls-title">
                            <thead>
                                <tr>
                                    <th scope="col">"SKU"</th>
                                    <th scope="col">"Resource"</th>
                                    <th scope="col">"Month"</th>
                                    <th scope="col">"Units"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || {
                                    data.with(|d| {
                                        if d.shortfalls.is_empty() {
                                            return view! {
                                                <tr class="none">
                                                    <td colspan="4">"Nothing: all demand is made, early or late."</td>
                                                </tr>
                                            }
                                                .into_any();
                                        }
                                        d.shortfalls
                                            .iter()
                                            .map(|s| {
                                                let sku = s.sku.clone();
                                                view! {
                                                    <tr class="bad">
                                                        <td>
                                                            <button class="link" on:click=move |_| select(sku.clone())>
                                                                {s.sku.clone()}
                                                            </button>
                                                        </td>
                                                        <td>{s.resource.clone()}</td>
                                                        <td>{s.month.short_label()}</td>
                                                        <td class="num">{units(s.units)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                            .into_any()
                                    })
                                }}
                            </tbody>
                        </table>
                    </div>
                </section>
            </div>
        </Show>
    }
}
