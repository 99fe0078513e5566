//! The optimizer's cost inputs as two tables of the Data view: the company-wide `costs`
//! parameters and a `family_costs` row per family. Each cell is a field of
//! [`crate::store::import::fields`] ([`cost_fields`], [`family_cost_fields`]): a column of
//! the import schema, read and limited as in an imported file; the edited plan inputs go
//! through `Command::SetInputs` on the base plan (where an import puts them), so the
//! plan's validation (holding cost at most 1000 %, max FTE not below min FTE, …) refuses
//! what it would refuse on import. A blank cell takes the column's default.

use crate::engine::command::{Command, PlanRef};
use crate::engine::optimize::{CostSettings, FamilyCosts};
use crate::store::import::fields::{Field, cost_fields, family_cost_fields, with_family_costs};
use crate::ui::format::{number_format, plain};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Applies `f` to the base plan's cost settings as one command; the problem when the
/// value cannot be read or the plan's validation refuses it.
fn edited(
    state: &AppState,
    f: impl FnOnce(&CostSettings) -> Result<CostSettings, String>,
) -> Result<(), String> {
    let Some(mut inputs) = state.workspace.with_untracked(|w| {
        w.as_ref()
            .and_then(|w| w.cycles.last())
            .map(|c| c.inputs.clone())
    }) else {
        return Ok(());
    };
    inputs.supply.costs = f(&inputs.supply.costs)?;
    state
        .apply(Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        })
        .map_err(|e| format!("{e}. Nothing was changed."))
}

/// What a blank cell means: max FTE none, another cost its default (a column with a
/// default value shows it instead).
fn placeholder(column: &str, default: &str) -> &'static str {
    match (column, default.is_empty()) {
        ("max_fte", _) => "no limit",
        (_, true) => "default",
        _ => "",
    }
}

/// One input cell of a cost field (`id`: what the row is, for the label).
fn cell<T>(f: &Field<T>, value: String, id: &str, edit: impl Fn(String) + 'static) -> AnyView {
    let numeric = f.numeric();
    let value = if numeric && !value.is_empty() {
        plain(value)
    } else {
        value
    };
    let aria = if id.is_empty() {
        f.title.to_string()
    } else {
        format!("{} of {}", f.title, id)
    };
    let state = expect_context::<AppState>();
    view! {
        <td>
            <input class="field" class:num=numeric aria-label=aria prop:value=value
                placeholder=placeholder(f.column.name, f.column.default)
                title=f.column.meaning disabled=state.frozen()
                on:change=move |ev| edit(event_target_value(&ev)) />
        </td>
    }
    .into_any()
}

/// The `costs` parameters and the `family_costs` rows, editable in place.
#[component]
pub fn CostTables() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let shown = move |r: Result<(), String>| problem.set(r.err());
    let company = StoredValue::new(cost_fields());
    let family = StoredValue::new(family_cost_fields());
    let headers: Vec<_> =
        family.with_value(|fs| fs.iter().map(|f| (f.title, f.numeric())).collect());
    let edit_company = move |k: usize, text: String| {
        shown(edited(&state, |c| {
            let mut c = c.clone();
            company.with_value(|fs| {
                let f = &fs[k];
                f.edit(&mut c, 0, &text, number_format())
                    .map_err(|e| format!("Costs, {}: {e}. Nothing was changed.", f.title))
            })?;
            Ok(c)
        }))
    };
    let edit_family = move |fam: String, k: usize, text: String| {
        shown(edited(&state, |c| {
            let mut row: FamilyCosts = c.family(&fam);
            family.with_value(|fs| {
                let f = &fs[k];
                f.edit(&mut row, 0, &text, number_format()).map_err(|e| {
                    format!(
                        "Family costs of {fam}, {}: {e}. Nothing was changed.",
                        f.title
                    )
                })
            })?;
            Ok(with_family_costs(c, row))
        }))
    };
    view! {
        <section class="master-table" id="table-costs">
            <div class="table-head">
                <h2>"Costs (Optimize)"</h2>
            </div>
            <p class="problem" role="alert" id="costs-problem">{move || problem.get()}</p>
            <div class="table-scroll">
                <table class="grid">
                    <thead>
                        <tr><th scope="col">"Parameter"</th><th scope="col" class="num">"Value"</th></tr>
                    </thead>
                    <tbody>
                        {move || state.with_cycle(|c| {
                            let costs = &c.inputs.supply.costs;
                            company.with_value(|fs| fs.iter().enumerate().map(|(k, f)| {
                                let name = f.column.name;
                                view! {
                                    <tr data-id=name>
                                        <th scope="row">{f.title}</th>
                                        {cell(f, (f.get)(costs, 0), "", move |t| edit_company(k, t))}
                                    </tr>
                                }
                            }).collect_view())
                        })}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="master-table" id="table-family_costs">
            <div class="table-head">
                <h2>"Family costs (Optimize)"</h2>
            </div>
            <div class="table-scroll">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">"Family"</th>
                            {headers.into_iter().map(|(h, numeric)| view! { <th scope="col" class:num=numeric>{h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || state.with_cycle(|c| {
                            let costs = &c.inputs.supply.costs;
                            c.master.families.iter().map(|fm| {
                                let row = costs.family(&fm.id);
                                let id = fm.id.clone();
                                let cells = family.with_value(|fs| fs.iter().enumerate().map(|(k, f)| {
                                    let fam = id.clone();
                                    cell(f, (f.get)(&row, 0), &id, move |t| edit_family(fam.clone(), k, t))
                                }).collect_view());
                                let label = id.clone();
                                view! { <tr data-id=id><th scope="row">{label}</th>{cells}</tr> }
                            }).collect_view()
                        })}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
