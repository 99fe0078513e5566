//! Which products load the resource shown in the capacity chart
//! (`engine::review::aggregate::loaders`): hours over the horizon, share, busiest month.

use crate::engine::review::aggregate::loaders;
use crate::ui::format::units;
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
                                            <td class="num">{format!("{:.0} %", share * 100.0)}</td>
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
                                            <td class="num">{format!("{:.0} %", rest_share * 100.0)}</td>
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
