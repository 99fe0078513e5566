//! Demand review: the family → SKU tree, the forecast waterfall (history, statistical,
//! sales, marketing, pipeline, consensus) as a chart and an editable grid, the model
//! and its accuracy, and the adjustments with their role and reason.

mod adjustments;

use crate::engine::command::{Command, PlanRef, cell_adjustment, set_cell_adjustment};
use crate::engine::model::{Change, Layer, Levers, PlanInputs, Role};
use crate::engine::month::Month;
use crate::engine::plan::Plan;
use crate::ui::chart::Chart;
use crate::ui::format::{pct, units};
use crate::ui::grid::{Cell, CellEdit, Grid, Row};
use crate::ui::state::{AppState, Selection};
use crate::ui::tree::Tree;
use charming::element::{AreaStyle, LineStyle, LineStyleType, Symbol};
use charming::series::Line;
use leptos::prelude::*;

/// Months of history in the chart (two seasons, to see the pattern).
const HISTORY_SHOWN: usize = 24;
/// Months of history in the grid (the plan's months must fit a projector's width).
const GRID_HISTORY: usize = 6;

/// Rows of the waterfall grid, in order.
const LAYERS: [(&str, Option<Layer>); 5] = [
    ("Statistical", None),
    ("Sales", Some(Layer::Sales)),
    ("Marketing", Some(Layer::Marketing)),
    ("Pipeline", None),
    ("Consensus", Some(Layer::Consensus)),
];

/// Everything the view shows for the selection (a SKU or the sum of a family).
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Waterfall {
    pub title: String,
    pub is_sku: bool,
    /// History months shown, then the plan's months.
    pub history_months: Vec<Month>,
    pub plan_months: Vec<Month>,
    pub actual: Vec<f64>,
    /// statistical, sales, marketing, pipeline, consensus (plan months).
    pub layers: [Vec<f64>; 5],
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub model: String,
    pub wape: Option<f64>,
    pub sigma: f64,
}

/// Sums `rows` of each demand layer of `plan` (one row for a SKU, several for a family).
fn layer_sums(plan: &Plan, rows: &[usize]) -> [Vec<f64>; 5] {
    let d = &plan.demand;
    let grids = [
        &d.statistical,
        &d.sales,
        &d.marketing,
        &d.pipeline,
        &d.consensus,
    ];
    grids.map(|g| {
        let mut v = vec![0.0; g.cols()];
        for &i in rows {
            for (a, x) in v.iter_mut().zip(g.row(i)) {
                *a += x;
            }
        }
        v
    })
}

fn waterfall(state: &AppState, sel: &Selection) -> Waterfall {
    state.plan.with(|plan| {
        state.baselines.with(|bl| {
            state
                .with_cycle(|c| {
                    let skus: Vec<&str> = match sel {
                        Selection::Sku(s) => vec![s.as_str()],
                        Selection::Family(f) => c
                            .master
                            .products
                            .iter()
                            .filter(|p| &p.family == f)
                            .map(|p| p.sku.as_str())
                            .collect(),
                    };
                    let rows: Vec<usize> = skus.iter().filter_map(|s| plan.sku_index(s)).collect();
                    let history_months: Vec<Month> = (0..HISTORY_SHOWN)
                        .map(|i| c.label.plus(i as i32 - HISTORY_SHOWN as i32))
                        .collect();
                    let actual = history_months
                        .iter()
                        .map(|m| {
                            c.history
                                .iter()
                                .filter(|h| skus.contains(&h.sku.as_str()))
                                .filter_map(|h| h.get(*m))
                                .sum()
                        })
                        .collect();
                    let h = plan.months.len();
                    let mut lower = vec![0.0; h];
                    let mut upper = vec![0.0; h];
                    let mut sigma2 = 0.0;
                    let mut model = String::new();
                    let mut wape = None;
                    for b in bl.iter().filter(|b| skus.contains(&b.sku.as_str())) {
                        for t in 0..h {
                            lower[t] += b.lower.get(t).copied().unwrap_or(0.0);
                            upper[t] += b.upper.get(t).copied().unwrap_or(0.0);
                        }
                        sigma2 += b.sigma * b.sigma;
                        if skus.len() == 1 {
                            model = b.model.clone();
                            wape = Some(b.wape);
                        }
                    }
                    let title = match sel {
                        Selection::Sku(s) => c
                            .master
                            .products
                            .iter()
                            .find(|p| &p.sku == s)
                            .map_or(s.clone(), |p| format!("{} · {}", p.sku, p.name)),
                        Selection::Family(f) => c
                            .master
                            .families
                            .iter()
                            .find(|x| &x.id == f)
                            .map_or(f.clone(), |x| {
                                format!("{} (family, {} SKUs)", x.name, skus.len())
                            }),
                    };
                    Waterfall {
                        title,
                        is_sku: matches!(sel, Selection::Sku(_)),
                        history_months,
                        plan_months: plan.months.clone(),
                        actual,
                        layers: layer_sums(plan, &rows),
                        lower,
                        upper,
                        model,
                        wape,
                        // Family σ assumes independent SKU errors.
                        sigma: sigma2.sqrt(),
                    }
                })
                .unwrap_or_default()
        })
    })
}

/// The demand layers of `sel` if the active plan had `inputs` (used when one paste
/// edits several layers: each counts from the layers below as edited).
fn layers_with(state: &AppState, sel: &Selection, inputs: &PlanInputs) -> Option<[Vec<f64>; 5]> {
    let which = state.active.get_untracked();
    state.baselines.with_untracked(|bl| {
        state.workspace.with_untracked(|w| {
            let c = w.as_ref()?.cycles.last()?;
            let levers = match which {
                PlanRef::Base => Levers::default(),
                PlanRef::Scenario(id) => c.scenarios.iter().find(|s| s.id == id)?.levers.clone(),
            };
            let plan = crate::engine::plan::plan(c, inputs, &levers, bl);
            let rows: Vec<usize> = match sel {
                Selection::Sku(s) => plan.sku_index(s).into_iter().collect(),
                Selection::Family(f) => (0..plan.skus.len())
                    .filter(|&i| plan.sku_family[i] == *f)
                    .collect(),
            };
            Some(layer_sums(&plan, &rows))
        })
    })
}

#[component]
pub fn DemandView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let selection = Memo::new(move |_| state.selected());
    let data = Memo::new(move |_| {
        selection
            .get()
            .map(|s| waterfall(&state, &s))
            .unwrap_or_default()
    });
    let chart = Signal::derive(move || data.with(demand_chart));

    view! {
        <section class="step demand" aria-labelledby="demand-title">
            <div class="split">
                <Tree selection=selection />
                <div class="main-col">
                    <h1 id="demand-title">
                        "Demand review · " <span class="sel-title">{move || data.with(|d| d.title.clone())}</span>
                    </h1>
                    <div class="toolbar">
                        <span class="model">
                            {move || {
                                data.with(|d| {
                                    if d.is_sku {
                                        format!(
                                            "Model: {} · backtest WAPE {} · σ of 1-month error {} units",
                                            d.model.replace('_', " "),
                                            d.wape.map(pct).unwrap_or_else(|| "–".into()),
                                            units(d.sigma),
                                        )
                                    } else {
                                        format!("Family total · σ {} units", units(d.sigma))
                                    }
                                })
                            }}
                        </span>
                        <RolePicker />
                    </div>
                    <Chart chart=chart label="History, statistical forecast and consensus" id="demand-chart" />
                    <WaterfallGrid data=data selection=selection />
                    <adjustments::ChangeDemand selection=selection />
                    <adjustments::AdjustmentList />
                </div>
            </div>
            <crate::ui::accuracy::AccuracyAcrossCycles />
        </section>
    }
}

/// Who is editing: recorded on each adjustment made in the grid.
#[component]
pub(crate) fn RolePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <label class="role">
            "Editing as "
            <select
                id="role-select"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = Role::ALL.into_iter().find(|r| r.label() == v) {
                        state.role.set(r);
                    }
                }
                prop:value=move || state.role.get().label()
            >
                {Role::ALL
                    .into_iter()
                    .map(|r| view! { <option value=r.label()>{r.label()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The waterfall grid: actuals (editable for a SKU), then each layer; typing in the
/// Sales, Marketing or Consensus row sets that layer's value for the month.
#[component]
fn WaterfallGrid(data: Memo<Waterfall>, selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The grid shows the last GRID_HISTORY months of history: `skip` months fewer.
    let skip = move |d: &Waterfall| d.history_months.len().saturating_sub(GRID_HISTORY);
    let columns = Signal::derive(move || {
        data.with(|d| {
            d.history_months[skip(d)..]
                .iter()
                .chain(&d.plan_months)
                .map(|m| m.short_label().replacen(' ', "\n", 1))
                .collect::<Vec<_>>()
        })
    });
    let first_plan = Signal::derive(move || Some(data.with(|d| d.history_months.len() - skip(d))));
    let rows = Signal::derive(move || {
        data.with(|d| {
            let nh = d.history_months.len() - skip(d);
            let mut out = Vec::with_capacity(6);
            out.push(Row {
                label: "Actual".into(),
                class: "actual",
                cells: d.actual[skip(d)..]
                    .iter()
                    .map(|v| {
                        if d.is_sku {
                            Cell::input(*v)
                        } else {
                            Cell::value(*v)
                        }
                    })
                    .chain(d.plan_months.iter().map(|_| Cell::empty()))
                    .collect(),
            });
            for (k, (name, layer)) in LAYERS.iter().enumerate() {
                out.push(Row {
                    label: (*name).into(),
                    class: ["statistical", "sales", "marketing", "pipeline", "consensus"][k],
                    cells: (0..nh)
                        .map(|_| Cell::empty())
                        .chain(d.layers[k].iter().map(|v| {
                            if layer.is_some() {
                                Cell::input(*v)
                            } else {
                                Cell::value(*v)
                            }
                        }))
                        .collect(),
                });
            }
            out
        })
    });
    let edits = Callback::new(move |edits: Vec<CellEdit>| {
        let Some(sel) = selection.get_untracked() else {
            return;
        };
        let (nh, history_months, plan_months, layers) = data.with_untracked(|d| {
            (
                d.history_months.len() - skip(d),
                d.history_months[skip(d)..].to_vec(),
                d.plan_months.clone(),
                d.layers.clone(),
            )
        });
        let mut cmds = Vec::new();
        // Typed layer values: (row in LAYERS, layer, plan month index, value).
        let mut typed = Vec::new();
        for (r, c, v) in edits {
            if r == 0 {
                if let (Selection::Sku(sku), Some(m)) = (&sel, history_months.get(c)) {
                    cmds.push(Command::SetActual {
                        sku: sku.clone(),
                        month: *m,
                        units: v,
                    });
                }
            } else if let (Some((_, Some(layer))), Some(t)) = (LAYERS.get(r - 1), c.checked_sub(nh))
            {
                typed.push((r - 1, *layer, t, v));
            }
        }
        if !typed.is_empty() {
            let role = state.role.get_untracked();
            let target = sel.target();
            // Layer by layer from the bottom: a value typed in an upper layer counts from
            // the lower layers as just edited (the plan of the edited inputs says what they are).
            typed.sort_by_key(|(k, ..)| *k);
            state.edit_inputs(|inputs| {
                let mut next = inputs.clone();
                let mut values = layers.clone();
                let mut done_layer = None;
                for (k, layer, t, v) in typed {
                    if done_layer.is_some_and(|d| d != k) {
                        values = layers_with(&state, &sel, &next).unwrap_or(values);
                    }
                    done_layer = Some(k);
                    let m = plan_months[t];
                    let current = cell_adjustment(&next, layer, &target, m);
                    let change = v - values[k][t];
                    next =
                        set_cell_adjustment(&next, layer, role, &target, m, current + change, "");
                }
                next
            });
        }
        if !cmds.is_empty() {
            let _ = state.apply(if cmds.len() == 1 {
                cmds.remove(0)
            } else {
                Command::Batch(cmds)
            });
        }
    });
    view! {
        <Grid
            id="waterfall"
            label="Forecast waterfall"
            columns=columns
            first_plan=first_plan
            rows=rows
            edits=edits
            disabled=Signal::derive(move || state.frozen())
        />
    }
}

/// History, statistical forecast with its 80 % band, and the consensus.
fn demand_chart(d: &Waterfall) -> charming::Chart {
    let nh = d.history_months.len();
    let labels: Vec<String> = d
        .history_months
        .iter()
        .chain(&d.plan_months)
        .map(|m| m.short_label())
        .collect();
    let hist: Vec<Option<f64>> = d
        .actual
        .iter()
        .map(|v| Some(*v))
        .chain(d.plan_months.iter().map(|_| None))
        .collect();
    let plan_series = |v: &[f64]| -> Vec<Option<f64>> {
        (0..nh)
            .map(|_| None)
            .chain(v.iter().map(|x| Some(*x)))
            .collect()
    };
    let band: Vec<f64> = d
        .upper
        .iter()
        .zip(&d.lower)
        .map(|(u, l)| (u - l).max(0.0))
        .collect();
    crate::ui::chart::month_chart(labels, "units")
        .series(
            Line::new()
                .name("Actual")
                .data(hist)
                .symbol(Symbol::Circle)
                .symbol_size(5),
        )
        .series(
            Line::new()
                .name("Statistical")
                .data(plan_series(&d.layers[0]))
                .line_style(LineStyle::new().type_(LineStyleType::Dashed)),
        )
        .series(
            Line::new()
                .name("Consensus")
                .data(plan_series(&d.layers[4]))
                .line_style(LineStyle::new().width(3)),
        )
        .series(
            Line::new()
                .name("80 % band")
                .stack("band")
                .data(plan_series(&d.lower))
                .symbol(Symbol::None)
                .item_style(charming::element::ItemStyle::new().color("#8fb3dd"))
                .line_style(LineStyle::new().opacity(0)),
        )
        .series(
            Line::new()
                .name("80 % band")
                .stack("band")
                .data(plan_series(&band))
                .symbol(Symbol::None)
                .item_style(charming::element::ItemStyle::new().color("#8fb3dd"))
                .line_style(LineStyle::new().opacity(0))
                .area_style(AreaStyle::new().color("#8fb3dd").opacity(0.3)),
        )
}

/// Text of an adjustment's size, e.g. `+20 %` or `−35 units/month`.
pub(crate) fn change_text(c: Change) -> String {
    match c {
        Change::Percent(p) => format!("{p:+} %"),
        Change::Units(u) => format!(
            "{} units/month",
            if u >= 0.0 {
                format!("+{}", units(u))
            } else {
                units(u)
            }
        ),
    }
}
