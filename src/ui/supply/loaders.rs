//! Which products load the resource shown in the capacity chart
//! (`engine::review::aggregate::loaders`): hours over the horizon, share, busiest month;
//! and the capacity by family of every resource.

use crate::engine::format::pct_whole;
use crate::engine::review::aggregate::{capacity_by_family, loaders};
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
            return Vec::new();
        };
        state.plan.with(|p| {
            state
                .with_cycle(|c| {
                    // Names looked up once: a scan per product is quadratic at 10,000.
                    let names: std::collections::HashMap<&str, &str> = c
                        .master
                        .products
                        .iter()
                        .map(|x| (x.sku.as_str(), x.name.as_str()))
                        .collect();
                    loaders(c, p, &id)
                        .into_iter()
                        .map(|l| {
                            let name = names.get(l.sku.as_str()).copied().unwrap_or("").to_string();
                            let peak = l.hours.iter().copied().fold(0.0, f64::max);
                            let family = c
                                .master
                                .families
                                .iter()
                                .find(|f| f.id == l.family)
                                .map_or(l.family.clone(), |f| f.name.clone());
                            (l.sku, name, family, l.total, l.share, peak)
                        })
                        .collect::<Vec<_>>()
                })
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
                            let rest: f64 = l.iter().skip(10).map(|x| x.3).sum();
                            let rest_share: f64 = l.iter().skip(10).map(|x| x.4).sum();
                            let more = l.len().saturating_sub(10);
                            l.iter()
                                .take(10)
                                .map(|(sku, name, fam, total, share, peak)| {
                                    view! {
                                        <tr data-sku=sku.clone()>
                                            <td>{format!("{sku} · {name}")}</td>
                                            <td>{fam.clone()}</td>
                                            <td class="num">{units(*total)}</td>
                                            <td class="num">{pct_whole(*share, number_format())}</td>
                                            <td class="num">{units(*peak)}</td>
                                        </tr>
                                    }
                                    .into_any()
                                })
                                .chain((more > 0).then(|| {
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
