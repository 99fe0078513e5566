//! The family → SKU tree of the demand and supply reviews. Selecting a family shows its
//! total (and edits it as a family); selecting a SKU shows that SKU.

use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;
use std::collections::HashSet;

/// The tree. `flagged` SKUs (e.g. those with a stockout) get a warning mark and
/// `flag_title` as their tooltip; their family is marked too.
#[component]
pub fn Tree(
    selection: Memo<Option<Selection>>,
    #[prop(optional, into)] flagged: Option<Signal<Vec<String>>>,
    #[prop(optional, into)] flag_title: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let families = Memo::new(move |_| {
        state
            .with_cycle(|c| {
                c.master
                    .families
                    .iter()
                    .map(|f| {
                        let skus: Vec<(String, String)> = c
                            .master
                            .products
                            .iter()
                            .filter(|p| p.family == f.id)
                            .map(|p| (p.sku.clone(), p.name.clone()))
                            .collect();
                        (f.id.clone(), f.name.clone(), skus)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let flag_title = StoredValue::new(flag_title);
    // A set, so that thousands of SKUs each look themselves up in O(1).
    let flagged_set = Memo::new(move |_| {
        flagged
            .map(|f| f.with(|v| v.iter().cloned().collect::<HashSet<String>>()))
            .unwrap_or_default()
    });
    let is_flagged = move |sku: &str| flagged_set.with(|set| set.contains(sku));
    view! {
        <nav class="tree" aria-label="Families and SKUs">
            <ul>
                {move || {
                    families
                        .get()
                        .into_iter()
                        .map(|(fid, fname, skus)| {
                            let fsel = Selection::Family(fid.clone());
                            let fid2 = fid.clone();
                            let fsel2 = fsel.clone();
                            let fsel3 = fsel.clone();
                            let members: Vec<String> = skus.iter().map(|(s, _)| s.clone()).collect();
                            let family_flagged = move || members.iter().any(|s| is_flagged(s));
                            view! {
                                <li class="family">
                                    <button
                                        class="node"
                                        data-family=fid2
                                        class:selected=move || selection.get().as_ref() == Some(&fsel)
                                        class:flagged=family_flagged
                                        aria-current=move || (selection.get().as_ref() == Some(&fsel3)).then_some("true")
                                        on:click=move |_| state.selection.set(Some(fsel2.clone()))
                                    >
                                        {fname}
                                    </button>
                                    <ul>
                                        {skus
                                            .into_iter()
                                            .map(|(sku, name)| {
                                                let s1 = Selection::Sku(sku.clone());
                                                let s2 = s1.clone();
                                                let s3 = s1.clone();
                                                let text = sku.clone();
                                                let sku2 = sku.clone();
                                                let sku3 = sku.clone();
                                                view! {
                                                    <li>
                                                        <button
                                                            class="node sku"
                                                            data-sku=sku.clone()
                                                            title=move || {
                                                                if is_flagged(&sku3) {
                                                                    format!("{name} · {}", flag_title.get_value())
                                                                } else {
                                                                    name.clone()
                                                                }
                                                            }
                                                            class:selected=move || selection.get().as_ref() == Some(&s1)
                                                            class:flagged=move || is_flagged(&sku2)
                                                            aria-current=move || (selection.get().as_ref() == Some(&s3)).then_some("true")
                                                            on:click=move |_| state.selection.set(Some(s2.clone()))
                                                        >
                                                            {text}
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}
