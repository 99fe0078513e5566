//! Master data tables, editable in place. Each column is a field of
//! [`crate::store::import::fields`]: a column of the import schema, so a typed value is
//! read, limited and explained exactly as the same value in an imported file. Every
//! accepted edit is one `Command::SetMaster` (undoable); a value that cannot be used is
//! explained next to the table and changes nothing.

use crate::engine::command::Command;
use crate::store::import::fields::{fields, row_count, row_id};
use crate::store::import::schema::Table;
use crate::ui::format::{number_format, plain};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Rows shown per page (large catalogues stay responsive).
const PAGE: usize = 50;

/// An editable master-data table with a filter and pages.
#[component]
pub fn MasterTable(
    table: Table,
    #[prop(into)] title: String,
    #[prop(into)] id_label: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let problem = RwSignal::new(None::<String>);
    let cols = StoredValue::new(fields(table));
    let headers = cols.with_value(|c| c.iter().map(|f| (f.title, f.numeric())).collect::<Vec<_>>());
    // Rows matching the filter (id or any text), as indices.
    let rows = Memo::new(move |_| {
        let f = filter.get().to_lowercase();
        state
            .with_cycle(|c| {
                (0..row_count(table, &c.master))
                    .filter(|&i| {
                        f.is_empty()
                            || row_id(table, &c.master, i).to_lowercase().contains(&f)
                            || cols.with_value(|cs| {
                                cs.iter()
                                    .any(|fd| (fd.get)(&c.master, i).to_lowercase().contains(&f))
                            })
                    })
                    .collect::<Vec<usize>>()
            })
            .unwrap_or_default()
    });
    let pages = move || rows.with(|r| r.len().div_ceil(PAGE).max(1));
    let edit = move |i: usize, k: usize, value: String| {
        let Some(mut master) = state.workspace.with_untracked(|w| {
            w.as_ref()
                .and_then(|w| w.cycles.last())
                .map(|c| c.master.clone())
        }) else {
            return;
        };
        let id = row_id(table, &master, i);
        let label = cols.with_value(|c| c[k].title);
        match cols.with_value(|c| c[k].edit(&mut master, i, &value, number_format())) {
            Ok(()) => {
                problem.set(None);
                let _ = state.apply(Command::SetMaster(Box::new(master)));
            }
            Err(e) => problem.set(Some(format!("{id}, {label}: {e}. Nothing was changed."))),
        }
    };
    let slug = table.name();
    view! {
        <section class="master-table" id=format!("table-{slug}")>
            <div class="table-head">
                <h2>{title}</h2>
                <input
                    class="filter"
                    type="search"
                    placeholder="Filter"
                    aria-label=format!("Filter {slug}")
                    on:input=move |ev| {
                        filter.set(event_target_value(&ev));
                        page.set(0);
                    }
                />
                <span class="count">{move || format!("{} rows", rows.with(Vec::len))}</span>
                <Show when=move || { pages() > 1 }>
                    <span class="pager">
                        <button on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>"‹"</button>
                        {move || format!("page {} of {}", page.get() + 1, pages())}
                        <button on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1)) disabled=move || page.get() + 1 >= pages()>"›"</button>
                    </span>
                </Show>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
            <div class="table-scroll">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">{id_label}</th>
                            {headers.into_iter().map(|(h, numeric)| view! { <th scope="col" class:num=numeric><crate::ui::glossary::Term text=h /></th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let p = page.get();
                            let shown: Vec<usize> = rows.with(|r| r.iter().skip(p * PAGE).take(PAGE).copied().collect());
                            let frozen = state.frozen();
                            state.with_cycle(|c| {
                                shown.into_iter().map(|i| {
                                    let id = row_id(table, &c.master, i);
                                    let cells = cols.with_value(|cs| cs.iter().enumerate().map(|(k, f)| {
                                        let numeric = f.numeric();
                                        let value = (f.get)(&c.master, i);
                                        let value = if numeric { plain(value) } else { value };
                                        let choices = f.choices(&c.master);
                                        let aria = format!("{} of {}", f.title, id);
                                        if choices.is_empty() {
                                            view! {
                                                <td>
                                                    <input class="field" class:num=numeric aria-label=aria prop:value=value disabled=frozen
                                                        data-field=k.to_string()
                                                        on:change=move |ev| edit(i, k, event_target_value(&ev)) />
                                                </td>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <td>
                                                    <select class="field" aria-label=aria disabled=frozen data-field=k.to_string()
                                                        on:change=move |ev| edit(i, k, event_target_value(&ev))>
                                                        {choices.into_iter().map(|(v, l)| {
                                                            let sel = v == value;
                                                            view! { <option value=v selected=sel>{l}</option> }
                                                        }).collect_view()}
                                                    </select>
                                                </td>
                                            }.into_any()
                                        }
                                    }).collect_view());
                                    let label = id.clone();
                                    view! { <tr data-id=id><th scope="row">{label}</th>{cells}</tr> }
                                }).collect_view()
                            })
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
