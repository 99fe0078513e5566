//! Which products load the resource shown in the capacity chart
//! (`engine::review::aggregate::loaders`): hours over the horizon, share, busiest month;
//! and the capacity by family of every resource.

use crate::engine::format::pct_whole;
use crate::engine::review::aggregate::{LoadersTable, capacity_by_family, loaders_table};
use crate::ui::format::{number_format, units};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Products on resource `resource` (its id and name), most hours first; the first ten
/// and the rest summed.
#[component]
pub(super) fn Loaders(resource: Signal<Option<(String, String)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = Memo::new(move |_| {
        let Some((id, _)) = resource.get() else {
            return LoadersTable::default();
        };
        state.plan.with(|p| {
            state
                .with_cycle(|c| loaders_table(c, p, &id))
                .unwrap_or_default()
        })
    });
    let title = move || {
        resource
            .get()
            .map(|(_, name)| format!("What loads {name}"))
            .unwrap_or_default()
    };
    view! {
        <div class="loaders" id="loaders">
            <h3 id="loaders-title">{title}</h3>
            <table class="grid loaders-table" aria-labelledby="loaders-title">
                <thead>
                    <tr>
                        <th scope="col">"Product"</th>
                        <th scope="col">"Family"</th>
                        <th scope="col" class="num">"Hours over the horizon"</th>
                        <th scope="col" class="num">"Share"</th>
                        <th scope="col" class="num">"Busiest month (h)"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        list.with(|l| {
                            l.lines
                                .iter()
                                .map(|x| {
                                    view! {
                                        <tr data-sku=x.sku.clone()>
                                            <td>{format!("{} · {}", x.sku, x.name)}</td>
                                            <td>{x.family.clone()}</td>
                                            <td class="num">{units(x.total)}</td>
                                            <td class="num">{pct_whole(x.share, number_format())}</td>
                                            <td class="num">{units(x.peak)}</td>
                                        </tr>
                                    }
                                    .into_any()
                                })
                                .chain(l.rest.map(|(more, rest, rest_share)| {
                                    view! {
                                        <tr class="rest">
                                            <td>{format!("{more} more products")}</td>
                                            <td></td>
                                            <td class="num">{units(rest)}</td>
                                            <td class="num">{pct_whole(rest_share, number_format())}</td>
                                            <td></td>
                                        </tr>
                                    }
                                    .into_any()
                                }))
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// Capacity by family: for each resource, the hours each family loads in the resource's
/// busiest month and its share of that month's load
/// (`engine::review::aggregate::capacity_by_family`); the total row is the resource's
/// load.
#[component]
pub(super) fn CapacityByFamily() -> impl IntoView {
    let state = expect_context::<AppState>();
    let model = Memo::new(move |_| {
        state.plan.with(|p| {
            state
                .with_cycle(|c| {
                    let m = capacity_by_family(c, p);
                    let months: Vec<String> = m
                        .peak_month
                        .iter()
                        .map(|t| {
                            t.and_then(|t| p.months.get(t))
                                .map_or("–".into(), |m| m.short_label())
                        })
                        .collect();
                    (m, months)
                })
                .unwrap_or_default()
        })
    });
    let head = move || {
        model.with(|(m, months)| {
            m.resources
                .iter()
                .zip(months)
                .map(|((id, name), month)| {
                    view! {
                        <th scope="col" class="num" data-resource=id.clone()>
                            {name.clone()}
                            <br />
                            <span class="muted">{format!("peak {month}")}</span>
                        </th>
                    }
                })
                .collect_view()
        })
    };
    let body = move || {
        model.with(|(m, _)| {
            m.families
                .iter()
                .map(|f| {
                    let cells = m
                        .resources
                        .iter()
                        .enumerate()
                        .map(|(r, (id, _))| {
                            view! {
                                <td class="num" data-resource=id.clone() data-value=f.peak[r].to_string()>
                                    {format!("{} h · {}", units(f.peak[r]), pct_whole(f.peak_share[r], number_format()))}
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr data-family=f.family.clone()>
                            <th scope="row">{f.name.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let total = move || {
        model.with(|(m, _)| {
            m.resources
                .iter()
                .zip(&m.peak_load)
                .map(|((id, _), load)| {
                    view! {
                        <td class="num" data-resource=id.clone() data-value=load.to_string()>
                            {format!("{} h", units(*load))}
                        </td>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="capacity-by-family" id="capacity-by-family">
            <h3 id="capacity-by-family-title">"Capacity by family (each resource's busiest month)"</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="capacity-by-family-title">
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">"Family"</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                    <tfoot>
                        <tr class="total">
                            <th scope="row">"Load"</th>
                            {total}
                        </tr>
                    </tfoot>
                </table>
            </div>
        </div>
    }
}
