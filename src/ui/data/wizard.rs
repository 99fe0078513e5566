//! The "company from files" wizard's report, drawn in the import panel before anything
//! is applied: for every dropped or chosen file (or workbook sheet) the table
//! recognised, how its header cells map to the table's columns, its data rows and its
//! problems by row and column (`store::import::inspect`, run by the I/O worker with
//! the import itself — one importer).

use crate::store::import::FileCheck;
use crate::store::import::schema::table_from_name;
use leptos::prelude::*;

/// The files dropped on `ev` (a drag and drop of files from the desktop).
pub(super) fn dropped_files(ev: &web_sys::DragEvent) -> Vec<web_sys::File> {
    ev.data_transfer()
        .and_then(|d| d.files())
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// "products.csv", "company.xlsx · sheet Deals".
fn source(c: &FileCheck) -> String {
    match &c.report.sheet {
        Some(s) => format!("{} · sheet {s}", c.report.file),
        None => c.report.file.clone(),
    }
}

/// One card per file: table, rows, mapping, ignored columns, problems.
#[component]
pub(super) fn FileReports(reports: RwSignal<Vec<FileCheck>>) -> impl IntoView {
    let card = |c: FileCheck| {
        let r = &c.report;
        let table = r
            .table
            .as_deref()
            .and_then(table_from_name)
            .map(|t| t.title().to_string());
        let recognised = table.is_some();
        let ok = c.problems.is_empty();
        let heading = match &table {
            Some(t) => format!("{} → {t}", source(&c)),
            None => format!("{} → not recognised", source(&c)),
        };
        let quality = if ok {
            format!("{} rows, no problems", r.rows)
        } else {
            format!("{} rows, {} problem(s)", r.rows, c.problems.len())
        };
        let mapping = r
            .mapping
            .iter()
            .map(|m| {
                view! {
                    <tr>
                        <td>{m.header.clone()}</td>
                        <td>{m.column.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let months = (r.month_columns > 0).then(|| {
            view! {
                <tr>
                    <td>{format!("{} month columns", r.month_columns)}</td>
                    <td>"one value per month"</td>
                </tr>
            }
        });
        let ignored = (!r.ignored.is_empty()).then(|| {
            let list = r
                .ignored
                .iter()
                .map(|h| format!("'{h}'"))
                .collect::<Vec<_>>()
                .join(", ");
            view! { <p class="warn">{format!("Ignored columns (no field): {list}")}</p> }
        });
        let problems = (!ok).then(|| {
            view! {
                <ul class="problems">
                    {c.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                </ul>
            }
        });
        view! {
            <li class="file-report" class:bad=!ok class:unknown=!recognised data-file=source(&c)
                data-table=r.table.clone().unwrap_or_default()>
                <h3>{heading}</h3>
                <p class="quality">{quality}</p>
                {recognised.then(|| view! {
                    <table class="grid mapping">
                        <thead>
                            <tr>
                                <th scope="col">"Column in the file"</th>
                                <th scope="col">"Read as"</th>
                            </tr>
                        </thead>
                        <tbody>{mapping}{months}</tbody>
                    </table>
                })}
                {ignored}
                {problems}
            </li>
        }
    };
    view! {
        <Show when=move || !reports.with(Vec::is_empty)>
            <div class="file-reports">
                <h3>"What each file holds"</h3>
                <ul id="file-reports">{move || reports.get().into_iter().map(card).collect_view()}</ul>
            </div>
        </Show>
    }
}
