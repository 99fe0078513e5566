//! Import and export in a Web Worker: the spreadsheet libraries (calamine,
//! rust_xlsxwriter, encodings) live in this second wasm binary (`io-worker`), loaded
//! only when a planner imports or exports, so the app itself stays small and a big
//! file never blocks the page.
//!
//! Requests `{ id, op, ... }` and replies `{ id, ... }` (plain objects):
//! - `import`: `files: [{name, bytes: Uint8Array}], cycle: JSON` → `{ ok: true, cycle:
//!   JSON, summary: text, removals: [text] }` or `{ ok: false, errors: [text] }` (all or nothing),
//!   either with `files`: JSON of each file's `store::import::FileCheck` (table recognised,
//!   column mapping, rows, its problems) for the "company from files" wizard
//! - `csv`: `cycle` → `{ bytes }` (a zip of one CSV per table); `template_csv`: `table` → `{ text }`
//! - `template_xlsx` → `{ bytes }`; `workbook`: `cycle, baselines: JSON, scenario?: id`
//!   → `{ bytes }` (the cycle's data and the plan, a sheet per step)
//! - `table`: `cycle, table` → `{ columns: [text], rows: [[text]] }` (the table as the
//!   CSV export writes it, for the Data view)
//! - `edit_table`: `cycle, table, columns, rows: [[text]]` → like `import`: the rows are
//!   imported as that table's CSV file, through the same reading, validation and
//!   summary as a file a planner chooses
//! - any failure: `{ error: text }`

use crate::engine::model::{Baseline, Cycle};
use crate::engine::plan;
use crate::store::export;
use crate::store::import::schema::Table;
use crate::store::import::{self, ImportFile};
use crate::worker_message::{get, serve, set, text};
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;

fn cycle(o: &JsValue) -> Result<Cycle, String> {
    serde_json::from_str(&text(o, "cycle")).map_err(|e| format!("the cycle could not be read: {e}"))
}

/// The table named by the request's `table`.
fn table(req: &JsValue) -> Result<Table, String> {
    let name = text(req, "table");
    import::schema::table_from_name(&name).ok_or_else(|| format!("no table '{name}'"))
}

/// Imports `files` into `into` (all or nothing) and writes the reply: `ok`, and the new
/// cycle, summary and removals, or the errors.
fn import_reply(out: &Object, files: &[ImportFile], into: &Cycle) -> Result<(), String> {
    let inspection = import::inspect(files, into);
    let checks = serde_json::to_string(&inspection.checks()).map_err(|e| e.to_string())?;
    set(out, "files", &checks.into());
    match inspection.outcome {
        Ok(done) => {
            set(out, "ok", &true.into());
            let json = serde_json::to_string(&done.cycle).map_err(|e| e.to_string())?;
            set(out, "cycle", &json.into());
            set(out, "summary", &done.summary.to_string().into());
            let removals: Array = done
                .summary
                .removals()
                .iter()
                .map(|r| JsValue::from_str(r))
                .collect();
            set(out, "removals", &removals);
        }
        Err(errors) => {
            set(out, "ok", &false.into());
            let list: Array = errors
                .iter()
                .map(|e| JsValue::from_str(&e.to_string()))
                .collect();
            set(out, "errors", &list);
        }
    }
    Ok(())
}

/// Answers one request.
fn handle(req: &JsValue) -> Result<Object, String> {
    let out = Object::new();
    match text(req, "op").as_str() {
        "import" => {
            let files: Vec<ImportFile> = Array::from(&get(req, "files"))
                .iter()
                .map(|f| {
                    ImportFile::new(
                        text(&f, "name"),
                        Uint8Array::new(&get(&f, "bytes")).to_vec(),
                    )
                })
                .collect();
            import_reply(&out, &files, &cycle(req)?)?;
        }
        "table" => {
            let sheet = export::sheet(&cycle(req)?, table(req)?);
            let columns: Array = sheet.columns.iter().map(|c| JsValue::from_str(c)).collect();
            let rows: Array = sheet
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| JsValue::from_str(&c.plain_text()))
                        .collect::<Array>()
                })
                .collect();
            set(&out, "columns", &columns);
            set(&out, "rows", &rows);
        }
        "edit_table" => {
            let t = table(req)?;
            let strings = |v: JsValue| -> Vec<String> {
                Array::from(&v)
                    .iter()
                    .map(|x| x.as_string().unwrap_or_default())
                    .collect()
            };
            let columns = strings(get(req, "columns"));
            let rows: Vec<Vec<String>> =
                Array::from(&get(req, "rows")).iter().map(strings).collect();
            let csv = export::csv_of_texts(&columns, &rows);
            let file = ImportFile::new(format!("{}.csv", t.name()), csv.into_bytes());
            import_reply(&out, &[file], &cycle(req)?)?;
        }
        "csv" => {
            let bytes = export::csv_zip(&cycle(req)?).map_err(|e| e.to_string())?;
            set(&out, "bytes", &Uint8Array::from(&bytes[..]));
        }
        "template_csv" => {
            set(&out, "text", &import::template_csv(table(req)?).into());
        }
        "template_xlsx" => {
            let bytes = import::template_xlsx().map_err(|e| e.to_string())?;
            set(&out, "bytes", &Uint8Array::from(&bytes[..]));
        }
        "workbook" => {
            let c = cycle(req)?;
            let baselines: Vec<Baseline> = serde_json::from_str(&text(req, "baselines"))
                .map_err(|e| format!("baselines: {e}"))?;
            let scenario = get(req, "scenario").as_f64().map(|x| x as u64);
            let p = match scenario.and_then(|id| c.scenarios.iter().find(|s| s.id == id)) {
                Some(s) => plan::plan_scenario(&c, s, &baselines),
                None => plan::plan_cycle(&c, &baselines),
            };
            let mut sheets = export::plan_sheets(&p);
            sheets.extend(export::sheets(&c));
            let bytes = export::to_xlsx(&sheets).map_err(|e| e.to_string())?;
            set(&out, "bytes", &Uint8Array::from(&bytes[..]));
        }
        other => return Err(format!("unknown request '{other}'")),
    }
    Ok(out)
}

/// The worker's entry point.
pub fn start() {
    serve(handle);
}
