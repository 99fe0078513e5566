//! Data: master data tables and the long tables (routings, BOM, calendar, pipeline,
//! budget, history) editable in place, import of CSV / XLSX files (checked as a
//! whole, applied all or nothing), templates, and exports (CSV per table, the plan as a
//! workbook).

mod costs;
mod new_product;
mod sheet_table;
mod tables;
mod wizard;

use crate::engine::command::{Command, PlanRef};
use crate::engine::model::Cycle;
use crate::store::import::schema::Table;
use crate::ui::io::{ImportFailure, call, chosen_files, field, inspect_files, put};
use crate::ui::state::AppState;
use costs::CostTables;
use js_sys::{Object, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sheet_table::SheetTable;
use tables::MasterTable;
use wasm_bindgen::JsValue;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An import checked by the worker, waiting for the planner's "Apply".
#[derive(Clone)]
struct Checked {
    files: Vec<String>,
    cycle: Cycle,
    summary: String,
    /// A line per table that loses rows: applying needs an explicit confirmation.
    removals: Vec<String>,
}

#[component]
pub fn DataView() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="step data" aria-labelledby="data-title">
            <h1 id="data-title">"Data"</h1>
            <div class="data-panels">
                <ImportPanel />
                <ExportPanel />
            </div>
            <Show when=move || state.frozen()>
                <p class="note">"This cycle is approved: its data is read-only."</p>
            </Show>
            <MasterTable table=Table::Families title="Families" id_label="Family" />
            <MasterTable table=Table::Products title="Products" id_label="SKU" />
            <new_product::NewProductForm />
            <MasterTable table=Table::Resources title="Resources" id_label="Resource" />
            <MasterTable table=Table::Components title="Components" id_label="Component" />
            <CostTables />
            <SheetTable table=Table::Routings title="Routings (hours per unit)" />
            <SheetTable table=Table::Bom title="Bill of materials" />
            <SheetTable table=Table::Calendar title="Resource calendar" />
            <SheetTable table=Table::Pipeline title="Pipeline (open deals)" />
            <SheetTable table=Table::HistoryDecisions title="History decisions (cleansing)" />
            <SheetTable table=Table::Budget title="Budget" />
            <SheetTable table=Table::History title="Sales history" />
        </section>
    }
}

/// Puts an imported cycle's tables in place of the current ones, as one undo step (an
/// import of files, or a table edited in place).
fn apply_imported(state: &AppState, cycle: Cycle) -> Result<(), String> {
    state
        .apply(Command::Batch(vec![
            Command::SetMaster(Box::new(cycle.master)),
            Command::SetHistory(cycle.history),
            Command::SetInputs {
                plan: PlanRef::Base,
                inputs: Box::new(cycle.inputs),
            },
        ]))
        .map_err(|e| e.to_string())
}

/// The cycle shown (the current one, or an older one picked in the top bar) as JSON.
fn cycle_json(state: &AppState) -> Option<String> {
    state
        .with_cycle_untracked(|c| serde_json::to_string(c).ok())
        .flatten()
}

/// Choose files → the worker checks everything → errors (nothing changes) or a summary
/// and "Apply" (one undo step).
#[component]
fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<String>::new());
    let checked = RwSignal::new(None::<Checked>);
    // The planner ticked "remove these rows" (only asked when the import removes rows).
    let confirmed = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    // Each file's table, column mapping and problems (the wizard's report).
    let reports = RwSignal::new(Vec::new());
    let check = move |files: Vec<web_sys::File>| {
        if files.is_empty() || state.frozen() || busy.get_untracked() {
            return;
        }
        let Some(json) = cycle_json(&state) else {
            return;
        };
        busy.set(true);
        errors.set(Vec::new());
        checked.set(None);
        reports.set(Vec::new());
        spawn_local(async move {
            let (files_found, result) = inspect_files(&files, json).await;
            reports.set(files_found);
            busy.set(false);
            match result {
                Ok(done) => {
                    confirmed.set(false);
                    checked.set(Some(Checked {
                        files: files.iter().map(|f| f.name()).collect(),
                        cycle: done.cycle,
                        summary: done.summary,
                        removals: done.removals,
                    }))
                }
                Err(ImportFailure::Failed(e)) => errors.set(vec![e]),
                Err(ImportFailure::Refused(list)) => errors.set(list),
            }
        });
    };
    let apply = move |_| {
        let Some(c) = checked.get_untracked() else {
            return;
        };
        if !c.removals.is_empty() && !confirmed.get_untracked() {
            return;
        }
        if apply_imported(&state, c.cycle).is_ok() {
            checked.set(None);
            reports.set(Vec::new());
        }
    };
    view! {
        <div
            class="panel import"
            id="import-panel"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                dragging.set(false);
                let files = wizard::dropped_files(&ev);
                // A workspace file for a client is restored, not imported: left to the
                // page's drop handler (`ui::handover::accept_drops`).
                if files.iter().any(|f| f.name().to_lowercase().ends_with(".sop.html")) {
                    return;
                }
                ev.prevent_default();
                check(files);
            }
        >
            <h2>"Import · company from files"</h2>
            <p class="hint">
                "Drop the CSV or Excel files of your tables here (products, history, pipeline, …) or choose them: any column order, "
                <code>";"</code> " or " <code>","</code>
                " separators and decimal commas. Each file's table, column mapping and problems are shown first; nothing changes unless all of it is valid."
            </p>
            <label class="file-button">
                "Choose files…"
                <input
                    type="file"
                    id="import-files"
                    multiple=true
                    accept=".csv,.txt,.tsv,.xlsx,.xlsm"
                    disabled=move || state.frozen() || busy.get()
                    on:change=move |ev| check(chosen_files(&ev))
                />
            </label>
            <Show when=move || busy.get()>
                <span class="busy" role="status">"Checking…"</span>
            </Show>
            <wizard::FileReports reports=reports />
            <Show when=move || !errors.with(Vec::is_empty)>
                <div class="import-errors" role="alert">
                    <p>
                        <strong>{move || format!("{} problem(s) found; nothing was imported.", errors.with(Vec::len))}</strong>
                        " Fix them in the file and choose it again."
                    </p>
                    <ul id="import-errors">
                        {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            {move || {
                checked
                    .get()
                    .map(|c| {
                        view! {
                            <div class="import-ready" id="import-ready">
                                <p>
                                    <strong>{format!("{} checked, no problems.", c.files.join(", "))}</strong>
                                    " This import will:"
                                </p>
                                <pre class="summary">{c.summary.clone()}</pre>
                                {(!c.removals.is_empty())
                                    .then(|| {
                                        view! {
                                            <div class="import-removals" role="alert">
                                                <p>
                                                    <strong>"This import removes rows that are stored now:"</strong>
                                                </p>
                                                <ul id="import-removals">
                                                    {c
                                                        .removals
                                                        .iter()
                                                        .map(|r| view! { <li>{r.clone()}</li> })
                                                        .collect_view()}
                                                </ul>
                                                <label>
                                                    <input
                                                        type="checkbox"
                                                        id="import-confirm-removal"
                                                        prop:checked=move || confirmed.get()
                                                        on:change=move |ev| confirmed.set(event_target_checked(&ev))
                                                    />
                                                    " Yes, remove these rows (a file that lists fewer rows than are stored replaces them all)"
                                                </label>
                                            </div>
                                        }
                                    })}
                                <button
                                    class="primary"
                                    id="import-apply"
                                    on:click=apply
                                    disabled={
                                        let needs = !c.removals.is_empty();
                                        move || needs && !confirmed.get()
                                    }
                                >
                                    "Apply the import"
                                </button>
                                <button on:click=move |_| {
                                    checked.set(None);
                                    reports.set(Vec::new());
                                }>"Cancel"</button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Downloads: templates, the data as CSV files, the plan as a workbook.
#[component]
fn ExportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let template = RwSignal::new(String::from("products"));
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run =
        move |op: &'static str, msg: Object, done: fn(JsValue, &AppState) -> Result<(), String>| {
            busy.set(true);
            problem.set(None);
            spawn_local(async move {
                let r = call(op, msg).await.and_then(|r| done(r, &state));
                busy.set(false);
                if let Err(e) = r {
                    problem.set(Some(e));
                }
            });
        };
    let name = move || {
        state
            .with_cycle(|c| format!("{}-{}", c.id, c.label))
            .unwrap_or_else(|| "plan".into())
    };
    view! {
        <div class="panel export" id="export-panel">
            <h2>"Templates and export"</h2>
            <div class="row">
                <button
                    id="template-xlsx"
                    on:click=move |_| {
                        run("template_xlsx", Object::new(), |r, _| {
                            super::download_bytes("sop-import-template.xlsx", XLSX, &Uint8Array::new(&field(&r, "bytes")))
                        })
                    }
                >
                    "Template workbook (XLSX)"
                </button>
                <label>
                    <select aria-label="Table of the CSV template" on:change=move |ev| template.set(event_target_value(&ev))>
                        {Table::ALL
                            .into_iter()
                            .map(Table::name)
                            .map(|t| view! { <option value=t selected=t == "products">{t}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button
                    id="template-csv"
                    on:click=move |_| {
                        let msg = Object::new();
                        put(&msg, "table", template.get_untracked());
                        let t = template.get_untracked();
                        busy.set(true);
                        spawn_local(async move {
                            let r = call("template_csv", msg).await.and_then(|r| {
                                super::download(&format!("{t}.csv"), "text/csv", &field(&r, "text").as_string().unwrap_or_default())
                            });
                            busy.set(false);
                            if let Err(e) = r {
                                problem.set(Some(e));
                            }
                        });
                    }
                >
                    "CSV template"
                </button>
            </div>
            <div class="row">
                <button
                    id="export-csv"
                    on:click=move |_| {
                        let Some(json) = cycle_json(&state) else { return };
                        let msg = Object::new();
                        put(&msg, "cycle", json);
                        let file = format!("{}-csv.zip", name());
                        busy.set(true);
                        spawn_local(async move {
                            let r = call("csv", msg).await.and_then(|r| {
                                super::download_bytes(&file, "application/zip", &Uint8Array::new(&field(&r, "bytes")))
                            });
                            busy.set(false);
                            if let Err(e) = r {
                                problem.set(Some(e));
                            }
                        });
                    }
                >
                    "Data as CSV files (zip)"
                </button>
                <button
                    id="export-xlsx"
                    on:click=move |_| {
                        let Some(json) = cycle_json(&state) else { return };
                        let baselines = state.baselines.with_untracked(|b| serde_json::to_string(b.as_slice()).unwrap_or_default());
                        let msg = Object::new();
                        put(&msg, "cycle", json);
                        put(&msg, "baselines", baselines);
                        if let crate::engine::command::PlanRef::Scenario(id) = state.active.get_untracked() {
                            put(&msg, "scenario", id as f64);
                        }
                        let file = format!("{}.xlsx", name());
                        busy.set(true);
                        spawn_local(async move {
                            let r = call("workbook", msg).await.and_then(|r| {
                                super::download_bytes(&file, XLSX, &Uint8Array::new(&field(&r, "bytes")))
                            });
                            busy.set(false);
                            if let Err(e) = r {
                                problem.set(Some(e));
                            }
                        });
                    }
                >
                    "Plan workbook (XLSX)"
                </button>
                <Show when=move || busy.get()>
                    <span class="busy" role="status">"Preparing…"</span>
                </Show>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </div>
    }
}
