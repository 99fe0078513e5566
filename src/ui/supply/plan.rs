//! Production and inventory of the selected family or SKU: its strategy (editable),
//! a chart of demand, production, inventory, safety stock and backlog, and the grid
//! where typing a SKU's production sets an override for that month.

use super::{master_untracked, month_head};
use crate::engine::command::{
    Command, clear_production_overrides, set_family_strategy, set_sku_strategy,
};
use crate::engine::format::units_present;
use crate::engine::model::Target;
use crate::engine::model::{Strategy, Unmet};
use crate::engine::month::Month;
use crate::engine::notes::{CellRef, CellRow, NoteTarget};
use crate::engine::plan::supply::{check_cover_months, cover_text};
use crate::engine::plan::{SHORT_MIN_UNITS, is_short, kpi::shown_ratio};
use crate::engine::review::supply;
use crate::ui::chart::Chart;
use crate::ui::format::{number_format, parse_number, pct, plain, units};
use crate::ui::grid::{Cell, CellEdit, Grid, Row};
use crate::ui::state::{AppState, Selection};
use charming::datatype::DataPointItem;
use charming::element::{AreaStyle, ItemStyle, LineStyle, LineStyleType, Symbol};
use charming::series::{Bar, Line};
use leptos::prelude::*;

/// Colours shared by the supply charts (the palette of `style/main.css`).
pub(super) const BLUE: &str = "#1d4e89";
pub(super) const INK: &str = "#1b2430";
pub(super) const GREEN: &str = "#1f7a4d";
pub(super) const AMBER: &str = "#d08700";
pub(super) const RED: &str = "#b3261e";
pub(super) const GREY: &str = "#8a96a6";

pub(super) use crate::engine::review::supply::SupplyData;

/// The supply model of the selection from the active plan (see [`supply::supply_data`]).
pub(super) fn supply_data(state: &AppState, sel: &Selection) -> SupplyData {
    state.plan.with(|plan| {
        state
            .with_inputs(|inputs| {
                state
                    .with_cycle(|c| supply::supply_data(c, plan, inputs, sel))
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    })
}

/// Value of the strategy `<select>` for a strategy (`None`: as family).
pub(super) fn strategy_key(s: Option<Strategy>) -> &'static str {
    match s {
        None => "family",
        Some(Strategy::Chase) => "chase",
        Some(Strategy::Level) => "level",
        Some(Strategy::TargetCover { .. }) => "cover",
        Some(Strategy::Manual) => "manual",
    }
}

/// A strategy's name, with its months for target cover.
pub(super) fn strategy_text(s: Strategy) -> String {
    match s {
        Strategy::TargetCover { months } => format!("Target cover {months} months"),
        other => other.label().to_string(),
    }
}

/// What each strategy means, shown under the picker.
fn strategy_help(s: Strategy) -> &'static str {
    match s {
        Strategy::Chase => "Chase: make each month what demand needs, keeping the safety stock.",
        Strategy::Level => "Level: one steady rate that ends the horizon at the safety stock.",
        Strategy::TargetCover { .. } => {
            "Target cover: keep the chosen months of forward demand on hand (at least the safety stock)."
        }
        Strategy::Manual => {
            "Manual: only the quantities typed in a SKU's Production row; 0 elsewhere."
        }
    }
}

/// The strategy of the selected family (`Family.strategy`) or SKU (`Product.strategy`,
/// "as family" = none of its own). Edits the master data as one undo step.
#[component]
pub(super) fn StrategyPicker(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // (own strategy, family strategy, family name, SKUs of the family with their own)
    let info = Memo::new(move |_| {
        let sel = selection.get()?;
        state
            .with_cycle(|c| {
                let fam_of = |fid: &str| c.master.families.iter().find(|f| f.id == fid);
                match &sel {
                    Selection::Sku(sku) => {
                        let p = c.master.products.iter().find(|p| &p.sku == sku)?;
                        let f = fam_of(&p.family)?;
                        Some((p.strategy, f.strategy, f.name.clone(), 0usize))
                    }
                    Selection::Family(fid) => {
                        let f = fam_of(fid)?;
                        let own = c
                            .master
                            .products
                            .iter()
                            .filter(|p| &p.family == fid && p.strategy.is_some())
                            .count();
                        Some((Some(f.strategy), f.strategy, f.name.clone(), own))
                    }
                }
            })
            .flatten()
    });
    let is_sku = move || matches!(selection.get(), Some(Selection::Sku(_)));
    let current = move || info.get().and_then(|(own, ..)| own);
    let effective = move || info.get().map(|(own, fam, ..)| own.unwrap_or(fam));
    let set = move |strategy: Option<Strategy>| {
        let Some(sel) = selection.get_untracked() else {
            return;
        };
        let Some(master) = master_untracked(&state) else {
            return;
        };
        let next = match (&sel, strategy) {
            (Selection::Sku(sku), s) => set_sku_strategy(&master, sku, s),
            (Selection::Family(f), Some(s)) => set_family_strategy(&master, f, s),
            (Selection::Family(_), None) => return,
        };
        if next != master {
            let _ = state.apply(Command::SetMaster(Box::new(next)));
        }
    };
    let on_pick = move |key: String| {
        set(supply::strategy_by_key(
            &key,
            effective().unwrap_or(Strategy::Chase),
        ));
    };
    let problem = RwSignal::new(None::<String>);
    let on_months = move |text: String| match parse_number(&text)
        .and_then(|m| check_cover_months(m).map(|()| m))
    {
        Ok(m) => {
            problem.set(None);
            set(Some(Strategy::TargetCover { months: m }));
        }
        Err(e) => problem.set(Some(format!("Months of cover: {e}"))),
    };
    let options = move || {
        let key = strategy_key(current());
        let family = info.get().map(|(_, f, name, _)| (f, name));
        let mut out = Vec::new();
        if is_sku()
            && let Some((f, name)) = family
        {
            out.push((
                "family",
                format!("As family ({name}: {})", strategy_text(f)),
            ));
        }
        for (k, label) in [
            ("chase", "Chase"),
            ("level", "Level"),
            ("cover", "Target cover"),
            ("manual", "Manual"),
        ] {
            out.push((k, label.to_string()));
        }
        out.into_iter()
            .map(|(k, label)| {
                view! {
                    <option value=k prop:selected=k == key>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="strategy">
            <label for="strategy-select">
                {move || if is_sku() { "SKU strategy" } else { "Family strategy" }}
            </label>
            <select
                id="strategy-select"
                disabled=move || state.frozen()
                on:change=move |ev| on_pick(event_target_value(&ev))
            >
                {options}
            </select>
            <Show when=move || matches!(effective(), Some(Strategy::TargetCover { .. }))>
                <label class="cover-months">
                    <input
                        id="cover-months"
                        class="short"
                        inputmode="decimal"
                        aria-label="Months of forward demand to keep on hand"
                        disabled=move || state.frozen() || (is_sku() && current().is_none())
                        prop:value=move || match effective() {
                            Some(Strategy::TargetCover { months }) => plain(months),
                            _ => String::new(),
                        }
                        on:change=move |ev| on_months(event_target_value(&ev))
                    />
                    " months of cover"
                </label>
            </Show>
            <span class="help">
                {move || effective().map(strategy_help)}
                {move || {
                    info.get()
                        .filter(|(.., own)| *own > 0)
                        .map(|(.., own)| {
                            format!(
                                " {own} SKU{} of this family {} a strategy of {}own.",
                                if own == 1 { "" } else { "s" },
                                if own == 1 { "has" } else { "have" },
                                if own == 1 { "its " } else { "their " },
                            )
                        })
                }}
            </span>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </div>
    }
}

/// The chart and the grid of the selection.
#[component]
pub(super) fn SupplyPlanView(
    data: Memo<SupplyData>,
    selection: Memo<Option<Selection>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = Signal::derive(move || data.with(supply_chart));
    let columns = Signal::derive(move || {
        data.with(|d| d.months.iter().map(|m| month_head(*m)).collect::<Vec<_>>())
    });
    // Baselines not computed yet: every figure of the grid waits on them.
    let calculating = Memo::new(move |_| {
        selection.with(|s| {
            s.as_ref().is_some_and(|s| {
                state
                    .with_cycle(|c| crate::ui::forecasting::calculating(&state, &s.skus(c)))
                    .unwrap_or(false)
            })
        })
    });
    // Production cells with history or comments are marked; Alt+H opens their panel.
    let open = RwSignal::new(None::<NoteTarget>);
    let cell_of = move |c: usize| {
        let (sku, m) = data.with_untracked(|d| (d.sku.clone(), d.months.get(c).copied()));
        Some(CellRef {
            target: Target::Sku(sku?),
            row: CellRow::Production,
            month: m?,
        })
    };
    let on_notes = Callback::new(move |(r, c): (usize, usize)| {
        if let Some(cell) = cell_of(c).filter(|_| r == PRODUCTION_ROW) {
            open.set(Some(NoteTarget::Cell(cell)));
        }
    });
    let rows = Signal::derive(move || {
        let mut rows = data.with(supply_rows);
        let plan = state.active.get().scenario();
        if let Some(row) = rows.get_mut(PRODUCTION_ROW) {
            for (c, cell) in row.cells.iter_mut().enumerate() {
                let noted = cell_of(c)
                    .and_then(|x| state.with_cycle(|cy| cy.notes.has_notes(&x, plan)))
                    .unwrap_or(false);
                if noted && cell.editable {
                    cell.class = if cell.class == "override" {
                        "override noted"
                    } else {
                        "noted"
                    };
                    cell.title = Some(
                        cell.title.take().unwrap_or_default() + " Has history or comments (Alt+H).",
                    );
                }
            }
        }
        if calculating.get() {
            for cell in rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
                *cell = Cell {
                    class: "calculating",
                    ..Cell::empty()
                }
                .text("calculating…");
            }
        }
        rows
    });
    let edits = Callback::new(move |edits: Vec<CellEdit>| {
        let months = data.with_untracked(|d| d.months.clone());
        let changes: Vec<(Month, Option<f64>)> = edits
            .into_iter()
            .filter(|(r, ..)| *r == PRODUCTION_ROW)
            .filter_map(|(_, c, v)| months.get(c).map(|m| (*m, (!v.is_nan()).then_some(v))))
            .collect();
        if changes.is_empty() {
            return;
        }
        let which = state.active.get_untracked();
        let edit = data.with_untracked(|d| {
            state
                .with_cycle_untracked(|c| supply::production_edit(c, which, d, &changes))
                .flatten()
        });
        if let Some((cmd, cells)) = edit {
            crate::ui::notes::apply_noted(&state, cmd, cells);
        }
    });
    let overrides = move || data.with(|d| d.overrides.iter().flatten().count());
    let clear = move |_| {
        let Some(sku) = data.with_untracked(|d| d.sku.clone()) else {
            return;
        };
        state.edit_inputs(|inputs| clear_production_overrides(inputs, &sku));
    };
    let unmet_label = move || match data.with(|d| d.unmet_mode) {
        Unmet::Backlog => "backlog",
        Unmet::LostSales => "lost sales",
    };
    view! {
        <div class="supply-facts" aria-live="polite">
            <span>
                "Fill rate " <b id="fill-rate">{move || data.with(|d| pct(shown_ratio(d.fill_rate)))}</b>
            </span>
            <span>
                "Safety stock " <b id="safety-stock">{move || data.with(|d| units(d.safety_stock))}</b>
                " units"
            </span>
            <span>"On hand today " <b>{move || data.with(|d| units(d.on_hand))}</b></span>
            <span>
                "Strategy "
                <b>
                    {move || {
                        data.with(|d| {
                            d.strategies
                                .iter()
                                .map(|(s, n)| {
                                    if d.sku.is_some() || d.strategies.len() == 1 {
                                        strategy_text(*s)
                                    } else {
                                        format!("{} ×{n}", strategy_text(*s))
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                    }}
                </b>
            </span>
            <span class:bad=move || data.with(|d| is_short(&d.unmet, &[]))>
                "Peak " {unmet_label} " "
                <b>
                    {move || {
                        data.with(|d| {
                            units_present(d.unmet.iter().cloned().fold(0.0, f64::max), number_format())
                        })
                    }}
                </b>
            </span>
        </div>
        <Chart
            chart=chart
            id="supply-chart"
            label="Consensus demand, production, projected inventory, safety stock and backlog by month"
        />
        <Grid
            id="supply-grid"
            label="Supply plan by month"
            columns=columns
            rows=rows
            edits=edits
            clearable=true
            disabled=Signal::derive(move || state.frozen())
            on_notes=on_notes
        />
        <crate::ui::reason::ReasonPrompt />
        {crate::ui::lazy::part(crate::ui::lazy::notes_panel, move |f| f(open))}
        <p class="hint">
            {move || {
                if matches!(selection.get(), Some(Selection::Sku(_))) {
                    "Type a quantity in Production to fix that month (an override; 0 means make nothing). \
                     Empty the cell to give the month back to the strategy. Paste from Excel works too."
                } else {
                    "Family totals. Select a SKU to type production overrides."
                }
            }}
            <Show when=move || { overrides() > 0 }>
                " "
                <button id="clear-overrides" class="link" disabled=move || state.frozen() on:click=clear>
                    {move || {
                        let n = overrides();
                        format!("Clear {n} override{}", if n == 1 { "" } else { "s" })
                    }}
                </button>
            </Show>
        </p>
    }
}

/// Row of the Production line in the supply grid.
const PRODUCTION_ROW: usize = 1;

fn supply_rows(d: &SupplyData) -> Vec<Row> {
    let plain = |label: &str, class: &'static str, v: &[f64]| Row {
        label: label.into(),
        class,
        cells: v.iter().map(|x| Cell::value(*x)).collect(),
    };
    let production = Row {
        label: "Production".into(),
        class: "production",
        cells: d
            .production
            .iter()
            .enumerate()
            .map(
                |(t, p)| match (&d.sku, d.overrides.get(t).copied().flatten()) {
                    (Some(_), Some(o)) => {
                        let moved = if (p - o).abs() > 0.5 {
                            format!(
                                "; capacity allows {} this month (see what moved under Capacity)",
                                units(*p)
                            )
                        } else {
                            String::new()
                        };
                        Cell::input(*p).class("override").title(format!(
                            "Override: {} units typed by a planner{moved}. Empty the cell to use the strategy.",
                            units(o)
                        ))
                    }
                    (Some(_), None) => Cell::input(*p),
                    (None, _) => Cell::value(*p),
                },
            )
            .collect(),
    };
    let inventory = Row {
        label: "Inventory".into(),
        class: "inventory",
        cells: d
            .inventory
            .iter()
            .enumerate()
            .map(|(t, i)| {
                if d.below_safety_stock(t) {
                    Cell::value(*i).class("below").title("Below safety stock")
                } else {
                    Cell::value(*i)
                }
            })
            .collect(),
    };
    let unmet = Row {
        label: match d.unmet_mode {
            Unmet::Backlog => "Backlog".into(),
            Unmet::LostSales => "Lost sales".into(),
        },
        class: "unmet",
        cells: d
            .unmet
            .iter()
            .map(|b| {
                if *b > SHORT_MIN_UNITS {
                    Cell::value(*b)
                        .text(units_present(*b, number_format()))
                        .class("bad")
                } else {
                    Cell::value(*b)
                }
            })
            .collect(),
    };
    let cover = Row {
        label: "Months of cover".into(),
        class: "cover",
        cells: d
            .cover
            .iter()
            .map(|c| Cell::value(*c).text(cover_text(*c, number_format())))
            .collect(),
    };
    vec![
        plain("Consensus demand", "demand", &d.demand),
        production,
        plain("Shipments", "shipments", &d.shipments),
        inventory,
        plain(
            "Safety stock",
            "safety",
            &vec![d.safety_stock; d.months.len()],
        ),
        unmet,
        cover,
    ]
}

/// Demand, production (overridden months in amber), inventory, safety stock, backlog.
fn supply_chart(d: &SupplyData) -> charming::Chart {
    let labels: Vec<String> = d.months.iter().map(|m| m.short_label()).collect();
    let round = |v: &[f64]| -> Vec<f64> { v.iter().map(|x| x.round()).collect() };
    let production: Vec<DataPointItem> = d
        .production
        .iter()
        .enumerate()
        .map(|(t, p)| {
            let item = DataPointItem::new(p.round());
            if d.overrides.get(t).copied().flatten().is_some() {
                item.item_style(ItemStyle::new().color(AMBER))
            } else {
                item
            }
        })
        .collect();
    let unmet_name = match d.unmet_mode {
        Unmet::Backlog => "Backlog",
        Unmet::LostSales => "Lost sales",
    };
    crate::ui::chart::month_chart(labels, "units")
        .series(
            Bar::new()
                .name("Production")
                .item_style(ItemStyle::new().color("#8fb3dd"))
                .data(production),
        )
        .series(
            Line::new()
                .name("Consensus demand")
                .data(round(&d.demand))
                .symbol(Symbol::Circle)
                .symbol_size(5)
                .item_style(ItemStyle::new().color(INK))
                .line_style(LineStyle::new().width(3).color(INK)),
        )
        .series(
            Line::new()
                .name("Projected inventory")
                .data(round(&d.inventory))
                .symbol(Symbol::None)
                .item_style(ItemStyle::new().color(GREEN))
                .line_style(LineStyle::new().width(2).color(GREEN))
                .area_style(AreaStyle::new().opacity(0.12)),
        )
        .series(
            Line::new()
                .name("Safety stock")
                .data(vec![d.safety_stock.round(); d.months.len()])
                .symbol(Symbol::None)
                .item_style(ItemStyle::new().color(GREY))
                .line_style(LineStyle::new().type_(LineStyleType::Dashed).color(GREY)),
        )
        .series(
            Line::new()
                .name(unmet_name)
                .data(round(&d.unmet))
                .symbol(Symbol::Triangle)
                .symbol_size(7)
                .item_style(ItemStyle::new().color(RED))
                .line_style(LineStyle::new().width(2).color(RED)),
        )
}
