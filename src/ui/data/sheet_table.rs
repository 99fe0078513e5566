//! The long tables of the cycle (routings, bill of materials, calendar, history,
//! pipeline, history decisions, budget) viewable and editable in the Data view. A table
//! is shown as its CSV export writes it; an edit, a new row or a deleted row is imported
//! as that table's file (in the I/O worker), so what a planner types here is read,
//! validated and summarised exactly like a file they import — one validation for every
//! way data enters.

use super::{apply_imported, cycle_json};
use crate::store::import::schema::{Kind, Table, TableSchema};
use crate::ui::format::{parse_amount, parse_number, plain};
use crate::ui::io::{ImportFailure, TableRows, import_rows, table_rows};
use crate::ui::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Rows shown per page.
const PAGE: usize = 50;

/// How a stored cell reads in the workspace's number format (`0.5` → `0,5`).
fn shown(kind: Option<Kind>, text: &str) -> String {
    match kind {
        Some(k) if numeric(k) && !text.is_empty() => plain(text),
        _ => text.to_string(),
    }
}

fn numeric(k: Kind) -> bool {
    !matches!(k, Kind::Code | Kind::Text | Kind::Month | Kind::Strategy)
}

/// What a cell of column `column` typed as `text` becomes in the table's file: numbers
/// read in the workspace's format and written plainly (`1.234,5` → `1234.5`); other text
/// as typed. A number that cannot be read is refused here, with the column's name.
fn typed(schema: &TableSchema, column: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    match schema.column(column).map(|c| c.kind) {
        _ if t.is_empty() => Ok(String::new()),
        Some(Kind::Amount | Kind::SignedAmount) => parse_amount(t)
            .map(|d| d.normalize().to_string())
            .map_err(|e| format!("{column}: {e}")),
        Some(k) if numeric(k) => parse_number(t)
            .map(|x| x.to_string())
            .map_err(|e| format!("{column}: {e}")),
        _ => Ok(t.to_string()),
    }
}

/// A row still being filled in: some required column empty (kept on this page, not
/// imported until complete).
fn is_draft(table: Table, columns: &[String], row: &[String]) -> bool {
    let schema = table.schema();
    columns
        .iter()
        .zip(row)
        .any(|(c, v)| v.trim().is_empty() && schema.column(c).is_some_and(|col| col.required))
}

/// One long table, collapsed until opened: filter, pages, editable cells, add and delete.
#[component]
pub fn SheetTable(table: Table, title: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let data = RwSignal::new(None::<TableRows>);
    let drafts = RwSignal::new(Vec::<Vec<String>>::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let slug = table.name();
    let schema = table.schema();
    // Loaded when opened, again after every change of the cycle while open.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        // Tracks the cycle shown.
        state.with_cycle(|_| ());
        let Some(json) = cycle_json(&state) else {
            return;
        };
        spawn_local(async move {
            match table_rows(json, slug).await {
                Ok(rows) => data.set(Some(rows)),
                Err(e) => problems.set(vec![e]),
            }
        });
    });
    // Imports `rows` (complete ones only) as the table; applied at once when valid.
    let send = move |rows: Vec<Vec<String>>| {
        let Some(columns) = data.with_untracked(|d| d.as_ref().map(|d| d.columns.clone())) else {
            return;
        };
        let Some(json) = cycle_json(&state) else {
            return;
        };
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| !is_draft(table, &columns, r))
            .collect();
        busy.set(true);
        // Until the edit applies or is refused (dropped at the end of the task).
        let hold = state.hold_save();
        spawn_local(async move {
            let result = import_rows(json, slug, &TableRows { columns, rows }).await;
            busy.set(false);
            match result {
                Ok(done) => match apply_imported(&state, done.cycle) {
                    Ok(()) => problems.set(Vec::new()),
                    Err(e) => problems.set(vec![e]),
                },
                Err(ImportFailure::Failed(e)) => problems.set(vec![e]),
                Err(ImportFailure::Refused(list)) => problems.set(list),
            }
            drop(hold);
            // Show what is stored (a refused edit goes back to the stored value).
            data.update(|_| ());
        });
    };
    // Rows on screen: the stored ones matching the filter, then rows being added.
    let visible = Memo::new(move |_| {
        let f = filter.get().to_lowercase();
        data.with(|d| {
            d.as_ref().map_or_else(Vec::new, |d| {
                d.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        f.is_empty() || r.iter().any(|c| c.to_lowercase().contains(&f))
                    })
                    .map(|(i, _)| i)
                    .collect::<Vec<usize>>()
            })
        })
    });
    let pages = move || visible.with(Vec::len).div_ceil(PAGE).max(1);
    let edit = move |i: usize, j: usize, text: String| {
        let Some((columns, mut rows)) =
            data.with_untracked(|d| d.as_ref().map(|d| (d.columns.clone(), d.rows.clone())))
        else {
            return;
        };
        match typed(schema, &columns[j], &text) {
            Ok(v) => {
                rows[i][j] = v;
                send(rows);
            }
            Err(e) => problems.set(vec![format!("Row {}: {e}", i + 1)]),
        }
    };
    let delete = move |i: usize| {
        let Some(mut rows) = data.with_untracked(|d| d.as_ref().map(|d| d.rows.clone())) else {
            return;
        };
        rows.remove(i);
        send(rows);
    };
    let edit_draft = move |k: usize, j: usize, text: String| {
        let Some(columns) = data.with_untracked(|d| d.as_ref().map(|d| d.columns.clone())) else {
            return;
        };
        match typed(schema, &columns[j], &text) {
            Ok(v) => {
                drafts.update(|d| d[k][j] = v);
                let row = drafts.with_untracked(|d| d[k].clone());
                if !is_draft(table, &columns, &row) {
                    drafts.update(|d| {
                        d.remove(k);
                    });
                    let mut rows = data
                        .with_untracked(|d| d.as_ref().map(|d| d.rows.clone()))
                        .unwrap_or_default();
                    rows.push(row);
                    send(rows);
                }
            }
            Err(e) => problems.set(vec![format!("New row: {e}")]),
        }
    };
    let add = move |_| {
        let n = data.with_untracked(|d| d.as_ref().map_or(0, |d| d.columns.len()));
        if n > 0 {
            drafts.update(|d| d.push(vec![String::new(); n]));
        }
    };
    let cell = move |label: String, kind: Option<Kind>, value: String, on: Box<dyn Fn(String)>| {
        view! {
            <td class:num=kind.is_some_and(numeric)>
                <input
                    class="field"
                    aria-label=label
                    prop:value=shown(kind, &value)
                    disabled=move || state.frozen() || busy.get()
                    on:change=move |ev| on(event_target_value(&ev))
                />
            </td>
        }
    };
    view! {
        <details class="master-table sheet-table" id=format!("table-{slug}") on:toggle=move |ev| {
            let d: web_sys::HtmlDetailsElement = event_target(&ev);
            open.set(d.open());
        }>
            <summary><h2>{title}</h2></summary>
            <div class="table-head">
                <input
                    type="search"
                    class="filter"
                    placeholder="Filter"
                    aria-label=format!("Filter {title}")
                    on:input=move |ev| {
                        filter.set(event_target_value(&ev));
                        page.set(0);
                    }
                />
                <span class="count">{move || format!("{} rows", visible.with(Vec::len))}</span>
                <button class="add-row" on:click=add disabled=move || state.frozen() || busy.get()>
                    "Add a row"
                </button>
            </div>
            <Show when=move || !problems.with(Vec::is_empty)>
                <ul class="import-errors" role="alert">
                    {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </Show>
            <div class="table-scroll">
                <table class="grid">
                    <thead>
                        <tr>
                            {move || data.with(|d| d.as_ref().map(|d| d.columns.clone()).unwrap_or_default())
                                .into_iter()
                                .map(|c| {
                                    let title = schema.column(&c).map_or(c.clone(), |col| col.label.to_string());
                                    view! { <th scope="col">{title}</th> }
                                })
                                .collect_view()}
                            <th scope="col"><span class="sr-only">"Delete"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let Some(d) = data.get() else {
                                return view! { <tr><td>"Loading…"</td></tr> }.into_any();
                            };
                            let start = page.get() * PAGE;
                            let rows = visible.with(|v| v.iter().skip(start).take(PAGE).copied().collect::<Vec<_>>());
                            let stored = rows
                                .into_iter()
                                .map(|i| {
                                    let key = d.rows[i].first().cloned().unwrap_or_default();
                                    let cells = d.columns
                                        .iter()
                                        .enumerate()
                                        .map(|(j, c)| {
                                            let kind = schema.column(c).map(|col| col.kind);
                                            let label = format!("{c} of row {} ({key})", i + 1);
                                            cell(label, kind, d.rows[i][j].clone(), Box::new(move |t| edit(i, j, t)))
                                        })
                                        .collect_view();
                                    view! {
                                        <tr data-row=i>
                                            {cells}
                                            <td>
                                                <button
                                                    class="delete-row"
                                                    aria-label=format!("Delete row {} ({key})", i + 1)
                                                    disabled=move || state.frozen() || busy.get()
                                                    on:click=move |_| delete(i)
                                                >
                                                    "Delete"
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            let new_rows = drafts
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(k, r)| {
                                    let cells = d.columns
                                        .iter()
                                        .enumerate()
                                        .map(|(j, c)| {
                                            let kind = schema.column(c).map(|col| col.kind);
                                            let label = format!("{c} of the new row {}", k + 1);
                                            cell(label, kind, r[j].clone(), Box::new(move |t| edit_draft(k, j, t)))
                                        })
                                        .collect_view();
                                    view! {
                                        <tr class="draft" title="Fill every required column to add the row">
                                            {cells}
                                            <td>"new"</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! { {stored} {new_rows} }.into_any()
                        }}
                    </tbody>
                </table>
            </div>
            <Show when=move || { pages() > 1 }>
                <div class="pager">
                    <button on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>
                        "‹ Previous"
                    </button>
                    <span>{move || format!("Page {} of {}", page.get() + 1, pages())}</span>
                    <button on:click=move |_| page.update(|p| *p += 1) disabled=move || page.get() + 1 >= pages()>
                        "Next ›"
                    </button>
                </div>
            </Show>
        </details>
    }
}
