//! A spreadsheet-like grid of numbers: arrow keys move between cells, Enter commits and
//! moves down, Tab / Shift+Tab move across, typing replaces, Escape reverts, and a block
//! copied from Excel (tab-separated) pastes into the cells from the focused one on.
//! Invalid entries are explained inline; edits go out through one callback so that a
//! paste is a single undo step. In a `clearable` grid, emptying a cell is an edit too
//! (sent as `f64::NAN`, e.g. "remove this override"). Alt+H on a cell asks for its
//! history and comments (`on_notes`); a cell with some carries the class `noted`.

use crate::ui::format::{parse_quantity, units};
use crate::ui::glossary::Term;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One cell: its value and whether it can be edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub value: Option<f64>,
    pub editable: bool,
    /// Extra CSS class (e.g. `neg`, `over`, `plan`).
    pub class: &'static str,
    /// Tooltip (e.g. why a value is flagged).
    pub title: Option<String>,
    /// Text shown instead of the whole-units format (e.g. `1.5` months of cover).
    pub text: Option<String>,
}

impl Cell {
    pub fn value(v: f64) -> Self {
        Cell {
            value: Some(v),
            editable: false,
            class: "",
            title: None,
            text: None,
        }
    }

    pub fn input(v: f64) -> Self {
        Cell {
            editable: true,
            ..Cell::value(v)
        }
    }

    pub fn empty() -> Self {
        Cell {
            value: None,
            editable: false,
            class: "empty",
            title: None,
            text: None,
        }
    }

    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }

    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Shows `text` instead of the value in whole units.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
}

/// What a cell shows: its own text, else its value in whole units.
fn cell_text(cell: &Cell) -> String {
    cell.text
        .clone()
        .or_else(|| cell.value.map(units))
        .unwrap_or_default()
}

/// Focuses a cell (its `focus` handler selects the text), scrolling only when the cell
/// is not already in view. The browser's own scroll-into-view on `focus()` costs about
/// as much as the focus itself even when nothing moves (measured: 1.7 vs 0.9 ms per
/// focus in headless Chromium), and an edit moves focus once per Enter.
fn focus_cell(el: &web_sys::HtmlInputElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
    let cell = el.get_bounding_client_rect();
    // The grid's scroll box, less its sticky header row and first column.
    let scroll = el.closest(".table-scroll").ok().flatten();
    let table = el.closest("table").ok().flatten();
    let (mut top, mut left, mut bottom, mut right) = (0.0, 0.0, f64::MAX, f64::MAX);
    if let Some(b) = scroll.map(|s| s.get_bounding_client_rect()) {
        (top, left, bottom, right) = (b.top(), b.left(), b.bottom(), b.right());
    }
    if let Some(t) = table {
        if let Ok(Some(head)) = t.query_selector("thead") {
            top = top.max(head.get_bounding_client_rect().bottom());
        }
        if let Ok(Some(first)) = t.query_selector("tbody th") {
            left = left.max(first.get_bounding_client_rect().right());
        }
    }
    if let Some(w) = web_sys::window() {
        let height = w
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(f64::MAX);
        let width = w
            .inner_width()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(f64::MAX);
        (bottom, right) = (bottom.min(height), right.min(width));
        top = top.max(0.0);
    }
    let in_view = cell.top() >= top - 0.5
        && cell.bottom() <= bottom + 0.5
        && cell.left() >= left - 0.5
        && cell.right() <= right + 0.5;
    if !in_view {
        let how = web_sys::ScrollIntoViewOptions::new();
        how.set_block(web_sys::ScrollLogicalPosition::Nearest);
        how.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&how);
    }
}

/// One row: a header and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    /// CSS class of the row (e.g. `consensus`).
    pub class: &'static str,
    pub cells: Vec<Cell>,
}

/// An edit: row, column, new value.
pub type CellEdit = (usize, usize, f64);

/// The grid. `edits` receives every accepted change (a paste gives several at once);
/// `format` turns a value into text (default: whole units with separators).
#[component]
pub fn Grid(
    /// Grid id: cells are addressed as `{id}-{row}-{col}`.
    #[prop(into)]
    id: String,
    #[prop(into)] columns: Signal<Vec<String>>,
    /// Index of the first column to mark as planned (shaded header), if any.
    #[prop(optional, into)]
    first_plan: Signal<Option<usize>>,
    #[prop(into)] rows: Signal<Vec<Row>>,
    edits: Callback<Vec<CellEdit>>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Label read by screen readers for the grid.
    #[prop(into)]
    label: String,
    /// Whether an emptied cell is an edit: it is sent as `f64::NAN` ("no value").
    #[prop(optional)]
    clearable: bool,
    /// Set to (row, column) of the cell that last had focus.
    #[prop(optional)]
    focused: Option<RwSignal<Option<(usize, usize)>>>,
    /// Alt+H on a cell: its history and comments.
    #[prop(optional)]
    on_notes: Option<Callback<(usize, usize)>>,
) -> impl IntoView {
    // Computed once per change, whatever the caller passes (often a derived signal,
    // which would otherwise be rebuilt by every cell that reads it).
    let rows = Memo::new(move |_| rows.get());
    let columns = Memo::new(move |_| columns.get());
    // Read by every input: one memo, so that a change of what it derives from (often
    // the whole workspace) re-runs no cell unless the answer changed.
    let disabled = Memo::new(move |_| disabled.get());
    let (problem, set_problem) = signal(None::<String>);
    let grid_id = StoredValue::new(id.clone());
    let focus = move |r: usize, c: usize| {
        let el_id = format!("{}-{}-{}", grid_id.get_value(), r, c);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&el_id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            focus_cell(&el);
            true
        } else {
            false
        }
    };
    let step_now = move |r: usize, c: usize, dr: i32, dc: i32| {
        let (nr, nc) =
            rows.with_untracked(|rs| (rs.len(), rs.first().map_or(0, |x| x.cells.len())));
        let (mut r, mut c) = (r as i32, c as i32);
        loop {
            r += dr;
            c += dc;
            if r < 0 || c < 0 || r >= nr as i32 || c >= nc as i32 {
                return;
            }
            if focus(r as usize, c as usize) {
                return;
            }
        }
    };
    // Moves from (r, c) by (dr, dc) to the next editable cell in that direction, and only
    // if the edit was accepted. Deferred to the next frame's animation callbacks: after
    // the re-render an edit causes (cell ids are stable across renders), before that
    // frame's style, layout and paint, so the new numbers and the moved focus are laid
    // out and painted once, in one frame (a task after the frame, as before, restyled
    // and painted the page a second time).
    let step = move |r: usize, c: usize, dr: i32, dc: i32| {
        request_animation_frame(move || {
            if problem.get_untracked().is_none() {
                step_now(r, c, dr, dc);
            }
        });
    };
    let commit = move |r: usize, c: usize, text: &str| {
        let label =
            rows.with_untracked(|rs| rs.get(r).map(|x| x.label.clone()).unwrap_or_default());
        let col = columns.with_untracked(|cs| cs.get(c).cloned().unwrap_or_default());
        if clearable && text.trim().is_empty() {
            set_problem.set(None);
            edits.run(vec![(r, c, f64::NAN)]);
            return;
        }
        match parse_quantity(text) {
            Ok(v) => {
                set_problem.set(None);
                edits.run(vec![(r, c, v)]);
            }
            Err(e) => set_problem.set(Some(format!("{label}, {col}: {e}"))),
        }
    };
    let paste = move |r0: usize, c0: usize, text: String| {
        let mut out = Vec::new();
        let mut bad = Vec::new();
        rows.with_untracked(|rs| {
            for (dr, line) in text.trim_end_matches(['\r', '\n']).lines().enumerate() {
                for (dc, field) in line.split('\t').enumerate() {
                    let (r, c) = (r0 + dr, c0 + dc);
                    let editable = rs
                        .get(r)
                        .and_then(|row| row.cells.get(c))
                        .is_some_and(|cell| cell.editable);
                    if !editable || field.trim().is_empty() {
                        continue;
                    }
                    match parse_quantity(field) {
                        Ok(v) => out.push((r, c, v)),
                        Err(e) => bad.push(format!("row {} column {}: {e}", dr + 1, dc + 1)),
                    }
                }
            }
        });
        if bad.is_empty() {
            set_problem.set(None);
            if !out.is_empty() {
                edits.run(out);
            }
        } else {
            set_problem.set(Some(format!(
                "Nothing pasted: {} value(s) are not usable ({}).",
                bad.len(),
                bad.join("; ")
            )));
        }
    };

    // What the body is built from; cell contents are read per cell (see the body).
    let shape = Memo::new(move |_| {
        rows.with(|rs| {
            rs.iter()
                .map(|row| {
                    (
                        row.label.clone(),
                        row.class,
                        row.cells.iter().map(|c| c.editable).collect::<Vec<bool>>(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    // One signal per cell, fed by one effect that sets only the cells whose content
    // changed. (A memo per cell reading `rows` re-ran every cell on every edit, and
    // each re-run moved its entry in `rows`' subscriber list — reactive_graph keeps
    // subscribers in order and removes them with `shift_remove` —, O((rows × columns)²)
    // per edit.)
    let cell_signals = StoredValue::new(Vec::<Vec<ArcRwSignal<Option<Cell>>>>::new());
    Effect::new(move |_| {
        rows.with(|rs| {
            cell_signals.with_value(|signals| {
                for (r, row) in signals.iter().enumerate() {
                    for (c, signal) in row.iter().enumerate() {
                        let new = rs.get(r).and_then(|x| x.cells.get(c));
                        if signal.with_untracked(|old| old.as_ref() != new) {
                            signal.set(new.cloned());
                        }
                    }
                }
            })
        })
    });

    view! {
        <div class="grid-wrap">
            <div class="table-scroll">
                <table class="grid" id=id.clone() aria-label=label>
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            {move || {
                                let fp = first_plan.get();
                                columns
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, c)| {
                                        let plan = fp.is_some_and(|f| i >= f);
                                        view! {
                                            <th scope="col" class:plan=plan>
                                                {c}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            // Rebuilt only when the shape changes (rows, columns, which
                            // cells are inputs); values, classes and tooltips update in
                            // place, so an edit touches only the cells that changed.
                            let gid = grid_id.get_value();
                            let shape = shape.get();
                            let signals = rows.with_untracked(|rs| {
                                shape
                                    .iter()
                                    .enumerate()
                                    .map(|(r, (_, _, editable))| {
                                        (0..editable.len())
                                            .map(|c| {
                                                ArcRwSignal::new(
                                                    rs.get(r).and_then(|row| row.cells.get(c)).cloned(),
                                                )
                                            })
                                            .collect::<Vec<_>>()
                                    })
                                    .collect::<Vec<_>>()
                            });
                            cell_signals.set_value(signals.clone());
                            shape
                                .into_iter()
                                .enumerate()
                                .map(|(r, (label, class, editable))| {
                                    let cells = editable
                                        .into_iter()
                                        .enumerate()
                                        .map(|(c, is_input)| {
                                            let cell = RwSignal::from(signals[r][c].clone());
                                            let text = move || cell.with(|x| x.as_ref().map(cell_text).unwrap_or_default());
                                            let title = move || cell.with(|x| x.as_ref().and_then(|x| x.title.clone()));
                                            if is_input {
                                                let label = label.clone();
                                                let aria = move || {
                                                    format!("{} {}", label, columns.with(|cs| cs.get(c).cloned().unwrap_or_default()))
                                                };
                                                view! {
                                                    <td class=move || cell.with(|x| x.as_ref().map_or("", |x| x.class)) title=title>
                                                        // Each cell sits in a form of its own (nothing is submitted):
                                                        // Chromium's work on `focus()` grows with the inputs of the
                                                        // focused one's form (or of the page, for an input in no
                                                        // form): 1.9–3.9 ms in the grid's one form of 60 cells, 1.0 ms
                                                        // in a form of one (measured in the page, medians of 40), and
                                                        // Enter moves the focus once per edit.
                                                        <form class="cell-form" autocomplete="off" on:submit=|ev| ev.prevent_default()>
                                                        <input
                                                            class="cell"
                                                            id=format!("{gid}-{r}-{c}")
                                                            inputmode="decimal"
                                                            aria-label=aria
                                                            prop:value=text
                                                            disabled=move || disabled.get()
                                                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                                                let input: web_sys::HtmlInputElement = event_target(&ev);
                                                                let key = ev.key();
                                                                let at_start = input.selection_start().ok().flatten() == Some(0);
                                                                let len = input.value().chars().count() as u32;
                                                                let at_end = input.selection_end().ok().flatten() == Some(len);
                                                                match key.as_str() {
                                                                    "h" | "H" | "˙" if ev.alt_key() => {
                                                                        if let Some(f) = on_notes {
                                                                            ev.prevent_default();
                                                                            f.run((r, c));
                                                                        }
                                                                    }
                                                                    "Enter" => {
                                                                        // The change event (fired by Enter) commits.
                                                                        step(r, c, if ev.shift_key() { -1 } else { 1 }, 0);
                                                                    }
                                                                    "Escape" => {
                                                                        input.set_value(&cell.with_untracked(|x| x.as_ref().map(cell_text).unwrap_or_default()));
                                                                        set_problem.set(None);
                                                                        let _ = input.blur();
                                                                    }
                                                                    "ArrowUp" => {
                                                                        ev.prevent_default();
                                                                        step(r, c, -1, 0);
                                                                    }
                                                                    "ArrowDown" => {
                                                                        ev.prevent_default();
                                                                        step(r, c, 1, 0);
                                                                    }
                                                                    "ArrowLeft" if at_start => {
                                                                        ev.prevent_default();
                                                                        step(r, c, 0, -1);
                                                                    }
                                                                    "ArrowRight" if at_end => {
                                                                        ev.prevent_default();
                                                                        step(r, c, 0, 1);
                                                                    }
                                                                    _ => {}
                                                                }
                                                            }
                                                            on:change=move |ev| {
                                                                let v = event_target_value(&ev);
                                                                commit(r, c, &v);
                                                            }
                                                            on:focus=move |ev| {
                                                                let input: web_sys::HtmlInputElement = event_target(&ev);
                                                                input.select();
                                                                if let Some(f) = focused {
                                                                    f.set(Some((r, c)));
                                                                }
                                                            }
                                                            on:paste=move |ev: web_sys::ClipboardEvent| {
                                                                let text = ev
                                                                    .clipboard_data()
                                                                    .and_then(|d| d.get_data("text/plain").ok())
                                                                    .unwrap_or_default();
                                                                if text.contains('\t') || text.trim_end().contains('\n') {
                                                                    ev.prevent_default();
                                                                    paste(r, c, text);
                                                                }
                                                            }
                                                        />
                                                        // HTML's implicit submission: Enter in a form of one text
                                                        // field submits it, one whose default button is disabled
                                                        // does nothing (a submit, even prevented, cost an edit
                                                        // ~15 ms more in the bench).
                                                        <button type="submit" class="cell-submit" disabled hidden tabindex="-1" aria-hidden="true"></button>
                                                        </form>
                                                    </td>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <td
                                                        class=move || cell.with(|x| format!("num {}", x.as_ref().map_or("", |x| x.class)))
                                                        title=title
                                                    >
                                                        {text}
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <tr class=class>
                                            <th scope="row"><Term text=label /></th>
                                            {cells}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="grid-problem" role="alert" aria-live="assertive">
                {move || problem.get()}
            </p>
        </div>
    }
}
