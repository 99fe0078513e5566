//! Rough-cut capacity: load per resource against regular hours and regular + overtime,
//! overloads flagged; the utilisation table; in constrained mode, what the plan moved
//! (pre-built or made late) and what did not fit (backlog or lost sales).

use super::month_head;
use super::plan::{AMBER, BLUE, GREY, INK, RED};
use crate::engine::model::Unmet;
use crate::engine::month::Month;
use crate::engine::plan::{CapacityShift, CapacityShortfall};
use crate::ui::chart::Chart;
use crate::ui::format::units;
use crate::ui::state::{AppState, Selection};
use charming::datatype::DataPointItem;
use charming::element::{
    ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkArea, MarkAreaData, Step, Symbol,
};
use charming::series::{Bar, Line};
use leptos::prelude::*;

/// Load below this (hours) is float noise, not overtime.
const EPS_HOURS: f64 = 1e-3;

/// One resource over the months, as the plan computed it.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct ResourceLoad {
    pub id: String,
    pub name: String,
    pub load: Vec<f64>,
    pub regular: Vec<f64>,
    pub overtime: Vec<f64>,
    pub overtime_used: Vec<f64>,
    pub overload: Vec<f64>,
    pub utilization: Vec<f64>,
}

impl ResourceLoad {
    fn peak(&self) -> f64 {
        self.utilization.iter().cloned().fold(0.0, f64::max)
    }

    /// The peak utilization as text; `no hours` when a month is loaded without
    /// regular hours.
    fn peak_text(&self) -> String {
        let no_hours = self
            .regular
            .iter()
            .zip(&self.load)
            .position(|(g, l)| *g <= 0.0 && *l > 1e-6);
        match no_hours {
            Some(t) => util_text(0.0, self.regular[t], self.load[t]),
            None => util_text(self.peak(), 1.0, 0.0),
        }
    }

    fn overloaded(&self) -> bool {
        self.overload.iter().any(|o| *o > 0.0)
    }
}

/// Everything the capacity section shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct CapacityData {
    pub months: Vec<Month>,
    pub resources: Vec<ResourceLoad>,
    pub constrained: bool,
    /// Overtime counts as capacity (always when unconstrained).
    pub overtime_counts: bool,
    pub unmet: Unmet,
    pub shifts: Vec<CapacityShift>,
    pub shortfalls: Vec<CapacityShortfall>,
}

pub(super) fn capacity_data(state: &AppState) -> CapacityData {
    let (use_overtime, unmet) = state
        .with_inputs(|i| (i.supply.use_overtime, i.supply.unmet))
        .unwrap_or_default();
    state.plan.with(|p| {
        let c = &p.capacity;
        let names = state
            .with_cycle(|cy| {
                cy.master
                    .resources
                    .iter()
                    .map(|r| (r.id.clone(), r.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        CapacityData {
            months: p.months.clone(),
            resources: c
                .resources
                .iter()
                .enumerate()
                .map(|(r, id)| ResourceLoad {
                    id: id.clone(),
                    name: names
                        .iter()
                        .find(|(i, _)| i == id)
                        .map_or_else(|| id.clone(), |(_, n)| n.clone()),
                    load: c.load.row(r).to_vec(),
                    regular: c.regular.row(r).to_vec(),
                    overtime: c.overtime_available.row(r).to_vec(),
                    overtime_used: c.overtime_used.row(r).to_vec(),
                    overload: c.overload.row(r).to_vec(),
                    utilization: c.utilization.row(r).to_vec(),
                })
                .collect(),
            constrained: c.constrained,
            overtime_counts: !c.constrained || use_overtime,
            unmet,
            shifts: c.shifts.clone(),
            shortfalls: c.shortfalls.clone(),
        }
    })
}

/// `0.873` → `87 %`; a loaded resource without regular hours → `no hours` (the
/// engine reports its utilization as 0 and a `no_regular_hours` exception).
fn util_text(u: f64, regular: f64, load: f64) -> String {
    if regular <= 0.0 && load > 1e-6 {
        "no hours".into()
    } else {
        format!("{:.0} %", u * 100.0)
    }
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
            by_pick.or_else(|| {
                d.resources
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.peak().total_cmp(&b.1.peak()))
                    .map(|(i, _)| i)
            })
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
    let chart_label = move || {
        data.with(|d| {
            shown
                .get()
                .and_then(|i| d.resources.get(i))
                .map(|r| {
                    let over: Vec<String> = (0..d.months.len())
                        .filter(|t| r.overload[*t] > 0.0)
                        .map(|t| d.months[t].short_label())
                        .collect();
                    match over.len() {
                        0 => format!("{}: no overload", r.name),
                        n => format!(
                            "{}: {n} overloaded month{} ({})",
                            r.name,
                            if n == 1 { "" } else { "s" },
                            over.join(", ")
                        ),
                    }
                })
                .unwrap_or_default()
        })
    };
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
                            let peak = r.peak_text();
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
            if r.overload[t] > 0.0 {
                item.item_style(ItemStyle::new().color(RED))
            } else if r.overtime_used[t] > EPS_HOURS {
                item.item_style(ItemStyle::new().color(AMBER))
            } else {
                item
            }
        })
        .collect();
    let with_ot: Vec<f64> = r
        .regular
        .iter()
        .zip(&r.overtime)
        .map(|(g, o)| (g + o).round())
        .collect();
    let areas: Vec<(MarkAreaData, MarkAreaData)> = (0..d.months.len())
        .filter(|t| r.overload[*t] > 0.0)
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
                                            let over = r.overload[t] > 0.0;
                                            let ot = !over && r.overtime_used[t] > EPS_HOURS;
                                            let mut title = format!(
                                                "{}, {}: load {} h, regular {} h, overtime {} h",
                                                r.name,
                                                d.months[t].short_label(),
                                                units(r.load[t]),
                                                units(r.regular[t]),
                                                units(r.overtime[t]),
                                            );
                                            if over {
                                                title.push_str(&format!(
                                                    " · overloaded by {} h",
                                                    units(r.overload[t])
                                                ));
                                            } else if ot {
                                                title.push_str(&format!(
                                                    " · {} h of overtime",
                                                    units(r.overtime_used[t])
                                                ));
                                            }
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
                                                    {util_text(r.utilization[t], r.regular[t], r.load[t])}
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
                                                {r.peak_text()}
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
    let overloaded = move || {
        data.with(|d| {
            d.resources
                .iter()
                .map(|r| r.overload.iter().filter(|o| **o > 0.0).count())
                .sum::<usize>()
        })
    };
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
                                    let (pre, late): (Vec<&CapacityShift>, Vec<&CapacityShift>) =
                                        d.shifts.iter().partition(|s| s.to < s.from);
                                    format!(
                                        "{} units pre-built earlier, {} units made late",
                                        units(pre.iter().map(|s| s.units).sum()),
                                        units(late.iter().map(|s| s.units).sum()),
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
                                                let early = s.to < s.from;
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
                                                        <td>
                                                            {if early {
                                                                format!("pre-built: {} full", s.resource)
                                                            } else {
                                                                "late: no earlier capacity, backlog served then".to_string()
                                                            }}
                                                        </td>
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
