//! Demand review: the family → SKU tree, the forecast waterfall (history, statistical,
//! sales, marketing, pipeline, consensus) as a chart and an editable grid, the model
//! and its accuracy, and the adjustments with their role and reason.

mod adjustments;
mod cleansing;
mod deals;
mod launch;
mod layers;
mod settings;

use crate::engine::model::{Change, Role};
use crate::engine::notes::{CellRef, CellRow, NoteTarget};
use crate::engine::review::demand::{self, LAYER_ROWS, Waterfall, WaterfallCell};
use crate::ui::chart::Chart;
use crate::ui::format::{number_format, pct, units};
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
/// The history depths the grid offers (months of actuals before the plan).
const GRID_HISTORY_CHOICES: [usize; 4] = [0, 3, 6, 12];

/// The waterfall of the selection from the active plan (see [`demand::waterfall`]).
fn waterfall(state: &AppState, sel: &Selection) -> Waterfall {
    state.plan.with(|plan| {
        state.baselines.with(|bl| {
            state
                .with_cycle(|c| demand::waterfall(c, plan, bl, sel, HISTORY_SHOWN))
                .unwrap_or_default()
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
    let history = RwSignal::new(GRID_HISTORY);

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
                                    if d.model == crate::engine::model::Baseline::PENDING {
                                        "Statistical forecast: calculating…".to_string()
                                    } else if d.is_sku {
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
                        <label>
                            "History "
                            <select
                                id="history-months"
                                title="Months of actuals the grid shows before the plan"
                                on:change=move |ev| {
                                    history.set(event_target_value(&ev).parse().unwrap_or(GRID_HISTORY))
                                }
                            >
                                {GRID_HISTORY_CHOICES
                                    .into_iter()
                                    .map(|n| {
                                        view! {
                                            <option value=n.to_string() selected=n == GRID_HISTORY>
                                                {format!("{n} months")}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <RolePicker />
                    </div>
                    <launch::LifecycleNote selection=selection />
                    <launch::ReconcileNote selection=selection />
                    <Chart chart=chart label="History, statistical forecast and consensus" id="demand-chart" />
                    <WaterfallGrid data=data selection=selection history=history />
                    {crate::ui::lazy::part(crate::ui::lazy::demand_panels, move |f| f(data, selection))}
                </div>
            </div>
            {crate::ui::lazy::part(crate::ui::lazy::accuracy_panel, |f| f())}
        </section>
    }
}

/// The panels below the waterfall (layer increments, open deals, history cleansing,
/// forecast settings, the change-demand form, the adjustments): not needed to draw the
/// chart and the grid, so loaded after them when the app's WASM is split.
#[component]
pub(crate) fn DemandPanels(
    data: Memo<Waterfall>,
    selection: Memo<Option<Selection>>,
) -> impl IntoView {
    view! {
        <layers::LayerIncrements data=data selection=selection />
        <deals::OpenDeals selection=selection />
        <cleansing::HistoryCleansing selection=selection />
        <settings::ForecastSettingsPanel />
        <adjustments::ChangeDemand selection=selection />
        <adjustments::AdjustmentList />
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
fn WaterfallGrid(
    data: Memo<Waterfall>,
    selection: Memo<Option<Selection>>,
    history: RwSignal<usize>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The grid shows the last `history` months of actuals: `skip` months fewer.
    let skip = move |d: &Waterfall| d.history_months.len().saturating_sub(history.get());
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
    // Baselines not computed yet: the layers say so instead of showing zeros.
    let calculating = Memo::new(move |_| {
        selection.with(|s| {
            s.as_ref().is_some_and(|s| {
                state
                    .with_cycle_data(|c| crate::ui::forecasting::calculating(&state, &s.skus(c)))
                    .unwrap_or(false)
            })
        })
    });
    // Cells with history or comments: (row, month) of the selection in the active plan.
    let noted = Memo::new(move |_| {
        let plan = state.active.get().scenario();
        let target = selection.with(|s| s.as_ref().map(|s| s.target()));
        state
            .with_cycle(|c| {
                let mut out = std::collections::HashSet::new();
                let Some(target) = target else { return out };
                for e in &c.notes.edits {
                    if e.cell.target == target && (e.plan == plan || e.cell.row == CellRow::Actual)
                    {
                        out.insert((e.cell.row, e.cell.month));
                    }
                }
                for k in &c.notes.comments {
                    if let NoteTarget::Cell(x) = &k.target
                        && x.target == target
                    {
                        out.insert((x.row, x.month));
                    }
                }
                out
            })
            .unwrap_or_default()
    });
    let rows = Signal::derive(move || {
        let pending = calculating.get();
        let noted = noted.get();
        let mark = |cell: Cell, row: CellRow, m: &crate::engine::month::Month| {
            if noted.contains(&(row, *m)) {
                cell.class("noted").title("Has history or comments (Alt+H)")
            } else {
                cell
            }
        };
        data.with(|d| {
            let nh = d.history_months.len() - skip(d);
            let mut out = Vec::with_capacity(6);
            out.push(Row {
                label: "Actual".into(),
                class: "actual",
                cells: d.actual[skip(d)..]
                    .iter()
                    .zip(&d.history_months[skip(d)..])
                    .map(|(v, m)| {
                        if d.is_sku {
                            mark(Cell::input(*v), CellRow::Actual, m)
                        } else {
                            Cell::value(*v)
                        }
                    })
                    .chain(d.plan_months.iter().map(|_| Cell::empty()))
                    .collect(),
            });
            for (k, (name, layer)) in LAYER_ROWS.iter().enumerate() {
                out.push(Row {
                    label: (*name).into(),
                    class: ["statistical", "sales", "marketing", "pipeline", "consensus"][k],
                    cells: (0..nh)
                        .map(|_| Cell::empty())
                        .chain(d.layers[k].iter().zip(&d.plan_months).map(|(v, m)| {
                            if pending {
                                Cell {
                                    class: "calculating",
                                    ..Cell::empty()
                                }
                                .text("calculating…")
                            } else if let Some(layer) = layer {
                                mark(Cell::input(*v), CellRow::of_layer(*layer), m)
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
        // Grid cells → waterfall cells: row 0 is the actuals, then LAYER_ROWS; the first
        // `nh` columns are history months.
        let cmd = data.with_untracked(|d| {
            let skip = d
                .history_months
                .len()
                .saturating_sub(history.get_untracked());
            let nh = d.history_months.len() - skip;
            let history = &d.history_months[skip..];
            let cells: Vec<WaterfallCell> = edits
                .iter()
                .filter_map(|&(r, c, v)| match (r, c.checked_sub(nh)) {
                    (0, None) => history
                        .get(c)
                        .map(|&month| WaterfallCell::Actual { month, units: v }),
                    (r, Some(t)) if r > 0 => Some(WaterfallCell::Layer {
                        row: r - 1,
                        t,
                        value: v,
                    }),
                    _ => None,
                })
                .collect();
            let which = state.active.get_untracked();
            let role = state.role.get_untracked();
            let changed = demand::waterfall_changes(which, &sel, d, &cells);
            state.baselines.with_untracked(|bl| {
                state
                    .with_cycle_untracked(|c| {
                        demand::waterfall_edit(c, which, bl, &sel, role, d, &cells)
                    })
                    .flatten()
                    .map(|cmd| (cmd, changed))
            })
        });
        if let Some((cmd, changed)) = cmd {
            crate::ui::notes::apply_noted(&state, cmd, changed);
        }
    });
    // The cell of grid row `r`, column `c` (actuals and the editable layers).
    let cell_at = move |r: usize, c: usize| -> Option<CellRef> {
        let sel = selection.get_untracked()?;
        data.with_untracked(|d| {
            let nh = d.history_months.len() - skip(d);
            let row = match r {
                0 => CellRow::Actual,
                r => CellRow::of_layer(LAYER_ROWS.get(r - 1)?.1?),
            };
            let month = match c.checked_sub(nh) {
                None if row == CellRow::Actual && d.is_sku => d.history_months[skip(d)..].get(c)?,
                Some(t) if row != CellRow::Actual => d.plan_months.get(t)?,
                _ => return None,
            };
            Some(CellRef {
                target: sel.target(),
                row,
                month: *month,
            })
        })
    };
    let focused = RwSignal::new(None::<(usize, usize)>);
    let open = RwSignal::new(None::<NoteTarget>);
    let hint = RwSignal::new(None::<&'static str>);
    let open_at = move |(r, c): (usize, usize)| match cell_at(r, c) {
        Some(cell) => {
            hint.set(None);
            open.set(Some(NoteTarget::Cell(cell)));
        }
        None => hint.set(Some(
            "Pick an Actual, Sales, Marketing or Consensus cell first.",
        )),
    };
    let on_notes = Callback::new(open_at);
    view! {
        <div class="grid-notes-bar">
            <button
                type="button"
                id="cell-notes"
                title="History and comments of the focused cell (Alt+H in the grid)"
                on:click=move |_| match focused.get_untracked() {
                    Some(at) => open_at(at),
                    None => hint.set(Some("Click a cell of the grid first.")),
                }
            >
                "History and comments"
            </button>
            <span class="muted" role="status">{move || hint.get()}</span>
        </div>
        <Grid
            id="waterfall"
            label="Forecast waterfall"
            columns=columns
            first_plan=first_plan
            rows=rows
            edits=edits
            disabled=Signal::derive(move || state.frozen())
            focused=focused
            on_notes=on_notes
        />
        <crate::ui::reason::ReasonPrompt />
        {crate::ui::lazy::part(crate::ui::lazy::notes_panel, move |f| f(open))}
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

/// Text of an adjustment's size, e.g. `+20 %` or `−35 units a month`
/// ([`crate::engine::format::change`]).
pub(crate) fn change_text(c: Change) -> String {
    crate::engine::format::change(c, number_format())
}
