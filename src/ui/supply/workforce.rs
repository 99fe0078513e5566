//! Workforce: labour hours of the plan, FTE needed against the current FTE, and the
//! hires or reductions month by month.

use super::month_head;
use crate::engine::review::workforce::{self as review, WorkforceData};
use crate::ui::format::number_format;
use crate::ui::grid::{Cell, Grid, Row};
use crate::ui::state::AppState;
use leptos::prelude::*;

pub(super) fn workforce_data(state: &AppState) -> WorkforceData {
    state.plan.with(|p| review::workforce_data(p))
}

/// One decimal, with a sign when asked: FTE are fractional.
fn fte_text(x: f64, signed: bool) -> String {
    review::fte_text(x, signed, number_format())
}

fn rows(d: &WorkforceData) -> Vec<Row> {
    let fte_row = |label: &str, class: &'static str, v: &[f64], signed: bool| Row {
        label: label.into(),
        class,
        cells: v
            .iter()
            .map(|x| {
                let cell = Cell::value(*x).text(fte_text(*x, signed));
                match (signed, *x) {
                    (true, x) if x >= 0.05 => cell.class("pos"),
                    (true, x) if x <= -0.05 => cell.class("neg"),
                    _ => cell,
                }
            })
            .collect(),
    };
    let h = d.months.len();
    vec![
        Row {
            label: "Labour hours".into(),
            class: "labour",
            cells: d.labour_hours.iter().map(|x| Cell::value(*x)).collect(),
        },
        fte_row("FTE needed", "fte", &d.fte, false),
        fte_row("Current FTE", "current", &vec![d.current_fte; h], false),
        fte_row("Gap vs current", "gap", &d.gap, true),
        fte_row("Hires", "hires", &d.hires, false),
        fte_row("Reductions", "reductions", &d.reductions, false),
    ]
}

#[component]
pub(super) fn WorkforceView(data: Memo<WorkforceData>) -> impl IntoView {
    let columns = Signal::derive(move || {
        data.with(|d| d.months.iter().map(|m| month_head(*m)).collect::<Vec<_>>())
    });
    let rows = Signal::derive(move || data.with(rows));
    let summary = move || data.with(|d| d.summary(number_format()));
    view! {
        <p class="section-note">{summary}</p>
        <Grid
            id="workforce"
            label="Workforce by month: labour hours, FTE needed, current FTE, gap, hires and reductions"
            columns=columns
            rows=rows
            edits=Callback::new(|_| {})
        />
    }
}
