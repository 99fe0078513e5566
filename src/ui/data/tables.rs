//! Master data tables, editable in place. Each table is a list of fields; a field reads
//! its text from the master data and writes a parsed value back. Every accepted edit is
//! one `Command::SetMaster` (undoable); a value that cannot be used is explained next to
//! the table and changes nothing.

use crate::engine::command::Command;
use crate::engine::model::{MasterData, Strategy};
use crate::ui::format::{parse_amount, parse_number, plain};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Rows shown per page (large catalogues stay responsive).
const PAGE: usize = 50;

/// Which master-data list a table edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Products,
    Families,
    Resources,
    Components,
}

impl Table {
    fn len(self, m: &MasterData) -> usize {
        match self {
            Table::Products => m.products.len(),
            Table::Families => m.families.len(),
            Table::Resources => m.resources.len(),
            Table::Components => m.components.len(),
        }
    }

    fn id(self, m: &MasterData, i: usize) -> String {
        match self {
            Table::Products => m.products[i].sku.clone(),
            Table::Families => m.families[i].id.clone(),
            Table::Resources => m.resources[i].id.clone(),
            Table::Components => m.components[i].id.clone(),
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Table::Products => "products",
            Table::Families => "families",
            Table::Resources => "resources",
            Table::Components => "components",
        }
    }
}

/// One editable column.
pub struct Field {
    pub label: &'static str,
    /// Right-aligned number column.
    pub numeric: bool,
    /// Choices for a select (value, label); empty = free text.
    pub choices: fn(&MasterData) -> Vec<(String, String)>,
    pub get: fn(&MasterData, usize) -> String,
    pub set: fn(&mut MasterData, usize, &str) -> Result<(), String>,
}

fn none(_: &MasterData) -> Vec<(String, String)> {
    Vec::new()
}

fn number(text: &str, what: &str, min: f64, max: f64) -> Result<f64, String> {
    let v = parse_number(text)?;
    if v < min || v > max {
        return Err(format!("{what} must be between {min} and {max}, not {v}"));
    }
    Ok(v)
}

fn money(text: &str, what: &str) -> Result<rust_decimal::Decimal, String> {
    let v = parse_amount(text)?;
    if v.is_sign_negative() {
        return Err(format!("{what} cannot be negative ({text})"));
    }
    Ok(v)
}

fn text(t: &str, what: &str) -> Result<String, String> {
    let t = t.trim();
    if t.is_empty() {
        return Err(format!("{what} cannot be empty"));
    }
    Ok(t.to_string())
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        plain(v)
    }
}

fn strategy_text(s: Option<Strategy>) -> String {
    match s {
        None => String::new(),
        Some(Strategy::Chase) => "chase".into(),
        Some(Strategy::Level) => "level".into(),
        Some(Strategy::Manual) => "manual".into(),
        Some(Strategy::TargetCover { months }) => format!("cover {}", fmt_num(months)),
    }
}

/// `chase`, `level`, `manual`, `cover 1.5` (months of forward demand).
fn parse_strategy(t: &str) -> Result<Strategy, String> {
    let t = t.trim().to_lowercase();
    match t.as_str() {
        "chase" => Ok(Strategy::Chase),
        "level" => Ok(Strategy::Level),
        "manual" => Ok(Strategy::Manual),
        _ => match t.strip_prefix("cover") {
            Some(m) => {
                let months = number(m, "months of cover", 0.0, 24.0)?;
                Ok(Strategy::TargetCover { months })
            }
            None => Err(format!(
                "'{t}' is not a strategy: use chase, level, manual or cover N (months)"
            )),
        },
    }
}

fn strategy_choices(_: &MasterData) -> Vec<(String, String)> {
    [
        "chase",
        "level",
        "cover 1",
        "cover 1.5",
        "cover 2",
        "manual",
    ]
    .into_iter()
    .map(|s| (s.to_string(), s.to_string()))
    .collect()
}

fn family_choices(m: &MasterData) -> Vec<(String, String)> {
    m.families
        .iter()
        .map(|f| (f.id.clone(), f.name.clone()))
        .collect()
}

/// The columns of each table.
pub fn fields(t: Table) -> Vec<Field> {
    match t {
        Table::Products => vec![
            Field {
                label: "Name",
                numeric: false,
                choices: none,
                get: |m, i| m.products[i].name.clone(),
                set: |m, i, v| {
                    m.products[i].name = text(v, "the name")?;
                    Ok(())
                },
            },
            Field {
                label: "Family",
                numeric: false,
                choices: family_choices,
                get: |m, i| m.products[i].family.clone(),
                set: |m, i, v| {
                    if !m.families.iter().any(|f| f.id == v) {
                        return Err(format!("unknown family '{v}'"));
                    }
                    m.products[i].family = v.to_string();
                    Ok(())
                },
            },
            Field {
                label: "Price",
                numeric: true,
                choices: none,
                get: |m, i| plain(m.products[i].price),
                set: |m, i, v| {
                    m.products[i].price = money(v, "a price")?;
                    Ok(())
                },
            },
            Field {
                label: "Unit cost",
                numeric: true,
                choices: none,
                get: |m, i| plain(m.products[i].unit_cost),
                set: |m, i, v| {
                    m.products[i].unit_cost = money(v, "a unit cost")?;
                    Ok(())
                },
            },
            Field {
                label: "On hand",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.products[i].on_hand),
                set: |m, i, v| {
                    m.products[i].on_hand = number(v, "on hand", 0.0, 1e9)?;
                    Ok(())
                },
            },
            Field {
                label: "Lead time (months)",
                numeric: true,
                choices: none,
                get: |m, i| m.products[i].lead_time.to_string(),
                set: |m, i, v| {
                    m.products[i].lead_time = number(v, "a lead time", 0.0, 36.0)?.round() as u32;
                    Ok(())
                },
            },
            Field {
                label: "Service level %",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num((m.products[i].service_level * 1000.0).round() / 10.0),
                set: |m, i, v| {
                    m.products[i].service_level =
                        number(v.trim_end_matches('%'), "a service level (%)", 50.0, 99.99)?
                            / 100.0;
                    Ok(())
                },
            },
            Field {
                label: "Lot min",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.products[i].lot_min),
                set: |m, i, v| {
                    m.products[i].lot_min = number(v, "a minimum lot", 0.0, 1e9)?;
                    Ok(())
                },
            },
            Field {
                label: "Lot multiple",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.products[i].lot_multiple),
                set: |m, i, v| {
                    m.products[i].lot_multiple = number(v, "a lot multiple", 0.0, 1e9)?;
                    Ok(())
                },
            },
            Field {
                label: "Strategy (blank = family's)",
                numeric: false,
                choices: none,
                get: |m, i| strategy_text(m.products[i].strategy),
                set: |m, i, v| {
                    m.products[i].strategy = if v.trim().is_empty() {
                        None
                    } else {
                        Some(parse_strategy(v)?)
                    };
                    Ok(())
                },
            },
        ],
        Table::Families => vec![
            Field {
                label: "Name",
                numeric: false,
                choices: none,
                get: |m, i| m.families[i].name.clone(),
                set: |m, i, v| {
                    m.families[i].name = text(v, "the name")?;
                    Ok(())
                },
            },
            Field {
                label: "Strategy",
                numeric: false,
                choices: strategy_choices,
                get: |m, i| strategy_text(Some(m.families[i].strategy)),
                set: |m, i, v| {
                    m.families[i].strategy = parse_strategy(v)?;
                    Ok(())
                },
            },
        ],
        Table::Resources => vec![
            Field {
                label: "Name",
                numeric: false,
                choices: none,
                get: |m, i| m.resources[i].name.clone(),
                set: |m, i, v| {
                    m.resources[i].name = text(v, "the name")?;
                    Ok(())
                },
            },
            Field {
                label: "Regular hours / month",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.resources[i].regular_hours),
                set: |m, i, v| {
                    m.resources[i].regular_hours = number(v, "regular hours", 0.0, 1e7)?;
                    Ok(())
                },
            },
            Field {
                label: "Overtime hours / month",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.resources[i].overtime_hours),
                set: |m, i, v| {
                    m.resources[i].overtime_hours = number(v, "overtime hours", 0.0, 1e7)?;
                    Ok(())
                },
            },
            Field {
                label: "Cost / hour",
                numeric: true,
                choices: none,
                get: |m, i| plain(m.resources[i].cost_per_hour),
                set: |m, i, v| {
                    m.resources[i].cost_per_hour = money(v, "a cost per hour")?;
                    Ok(())
                },
            },
            Field {
                label: "Overtime premium / hour",
                numeric: true,
                choices: none,
                get: |m, i| plain(m.resources[i].overtime_premium),
                set: |m, i, v| {
                    m.resources[i].overtime_premium = money(v, "an overtime premium")?;
                    Ok(())
                },
            },
            Field {
                label: "Crew (operators per hour)",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.resources[i].crew),
                set: |m, i, v| {
                    m.resources[i].crew = number(v, "a crew", 0.0, 1000.0)?;
                    Ok(())
                },
            },
        ],
        Table::Components => vec![
            Field {
                label: "Name",
                numeric: false,
                choices: none,
                get: |m, i| m.components[i].name.clone(),
                set: |m, i, v| {
                    m.components[i].name = text(v, "the name")?;
                    Ok(())
                },
            },
            Field {
                label: "Unit cost",
                numeric: true,
                choices: none,
                get: |m, i| plain(m.components[i].unit_cost),
                set: |m, i, v| {
                    m.components[i].unit_cost = money(v, "a unit cost")?;
                    Ok(())
                },
            },
            Field {
                label: "On hand",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.components[i].on_hand),
                set: |m, i, v| {
                    m.components[i].on_hand = number(v, "on hand", 0.0, 1e9)?;
                    Ok(())
                },
            },
            Field {
                label: "Lead time (months)",
                numeric: true,
                choices: none,
                get: |m, i| m.components[i].lead_time.to_string(),
                set: |m, i, v| {
                    m.components[i].lead_time = number(v, "a lead time", 0.0, 36.0)?.round() as u32;
                    Ok(())
                },
            },
            Field {
                label: "Lot min",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.components[i].lot_min),
                set: |m, i, v| {
                    m.components[i].lot_min = number(v, "a minimum lot", 0.0, 1e9)?;
                    Ok(())
                },
            },
            Field {
                label: "Lot multiple",
                numeric: true,
                choices: none,
                get: |m, i| fmt_num(m.components[i].lot_multiple),
                set: |m, i, v| {
                    m.components[i].lot_multiple = number(v, "a lot multiple", 0.0, 1e9)?;
                    Ok(())
                },
            },
        ],
    }
}

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
    let headers = cols.with_value(|c| c.iter().map(|f| (f.label, f.numeric)).collect::<Vec<_>>());
    // Rows matching the filter (id or any text), as indices.
    let rows = Memo::new(move |_| {
        let f = filter.get().to_lowercase();
        state
            .with_cycle(|c| {
                (0..table.len(&c.master))
                    .filter(|&i| {
                        f.is_empty()
                            || table.id(&c.master, i).to_lowercase().contains(&f)
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
        let id = table.id(&master, i);
        let label = cols.with_value(|c| c[k].label);
        match cols.with_value(|c| (c[k].set)(&mut master, i, &value)) {
            Ok(()) => {
                problem.set(None);
                let _ = state.apply(Command::SetMaster(Box::new(master)));
            }
            Err(e) => problem.set(Some(format!("{id}, {label}: {e}. Nothing was changed."))),
        }
    };
    let slug = table.slug();
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
                            {headers.into_iter().map(|(h, numeric)| view! { <th scope="col" class:num=numeric>{h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let p = page.get();
                            let shown: Vec<usize> = rows.with(|r| r.iter().skip(p * PAGE).take(PAGE).copied().collect());
                            let frozen = state.frozen();
                            state.with_cycle(|c| {
                                shown.into_iter().map(|i| {
                                    let id = table.id(&c.master, i);
                                    let cells = cols.with_value(|cs| cs.iter().enumerate().map(|(k, f)| {
                                        let value = (f.get)(&c.master, i);
                                        let choices = (f.choices)(&c.master);
                                        let aria = format!("{} of {}", f.label, id);
                                        let numeric = f.numeric;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_read_and_write() {
        assert_eq!(parse_strategy(" Chase "), Ok(Strategy::Chase));
        assert_eq!(
            parse_strategy("cover 1.5"),
            Ok(Strategy::TargetCover { months: 1.5 })
        );
        assert!(parse_strategy("cover -1").is_err());
        assert!(
            parse_strategy("fast")
                .unwrap_err()
                .contains("not a strategy")
        );
        assert_eq!(
            strategy_text(Some(Strategy::TargetCover { months: 2.0 })),
            "cover 2"
        );
    }
}
