//! The family → SKU tree of the demand and supply reviews. Selecting a family shows its
//! total (and edits it as a family); selecting a SKU shows that SKU.
//!
//! A large catalogue (more than [`OPEN_ALL`] SKUs) starts with its families folded and
//! offers a filter; a family never lists more than [`MAX_SHOWN`] SKUs at once, so that
//! thousands of SKUs never freeze the page while it draws buttons.

use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;
use std::collections::HashSet;

/// Up to this many SKUs every family is unfolded.
const OPEN_ALL: usize = 200;
/// At most this many SKUs of one family are listed (refine the filter for the others).
const MAX_SHOWN: usize = 200;

/// The tree. `flagged` SKUs (e.g. those with a stockout) get a warning mark and
/// `flag_title` as their tooltip; their family is marked too.
#[component]
pub fn Tree(
    selection: Memo<Option<Selection>>,
    #[prop(optional, into)] flagged: Option<Signal<Vec<String>>>,
    #[prop(optional, into)] flag_title: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Master data only: an edit of the plan does not rebuild the list (10,000 SKUs).
    let families = Memo::new(move |_| {
        state
            .with_cycle_data(|c| {
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
    let big = Memo::new(move |_| {
        families.with(|f| f.iter().map(|x| x.2.len()).sum::<usize>() > OPEN_ALL)
    });
    let open = RwSignal::new(HashSet::<String>::new());
    let filter = RwSignal::new(String::new());
    // The family of the selected SKU (unfolded so the SKU shows). A memo, so that the
    // list is rebuilt only when that family changes, not on every click: a click on
    // another family or on a SKU of the same family only moves the `selected` marks.
    let selected_family = Memo::new(move |_| {
        selection.with(|s| match s {
            Some(Selection::Sku(sku)) => families.with(|fs| {
                fs.iter()
                    .find(|x| x.2.iter().any(|(s, _)| s == sku))
                    .map(|x| x.0.clone())
            }),
            _ => None,
        })
    });
    view! {
        <nav class="tree" aria-label="Families and SKUs">
            <Show when=move || big.get()>
                <input
                    class="tree-filter"
                    type="search"
                    placeholder="Find a SKU"
                    aria-label="Find a SKU by code or name"
                    on:input=move |ev| filter.set(event_target_value(&ev).trim().to_lowercase())
                />
            </Show>
            <ul>
                {move || {
                    let f = filter.get();
                    // A small catalogue is unfolded whatever is selected.
                    let selected_family = if big.get() { selected_family.get() } else { None };
                    families
                        .get()
                        .into_iter()
                        .map(|(fid, fname, skus)| {
                            let unfolded = !big.get()
                                || !f.is_empty()
                                || open.with(|o| o.contains(&fid))
                                || selected_family.as_deref() == Some(fid.as_str());
                            let total = skus.len();
                            // Flagged when any of its SKUs is, shown or not (a folded family
                            // of a big company, SKUs past the first MAX_SHOWN or filtered out).
                            let members: Vec<String> = skus.iter().map(|(s, _)| s.clone()).collect();
                            let matching: Vec<(String, String)> = skus
                                .into_iter()
                                .filter(|(s, n)| {
                                    f.is_empty() || s.to_lowercase().contains(&f) || n.to_lowercase().contains(&f)
                                })
                                .collect();
                            let hidden = matching.len().saturating_sub(MAX_SHOWN);
                            let skus: Vec<(String, String)> = if unfolded {
                                matching.into_iter().take(MAX_SHOWN).collect()
                            } else {
                                Vec::new()
                            };
                            let fid_toggle = fid.clone();
                            let fsel = Selection::Family(fid.clone());
                            let fid2 = fid.clone();
                            let fsel2 = fsel.clone();
                            let fsel3 = fsel.clone();
                            let family_flagged = move || {
                                flagged_set.with(|set| members.iter().any(|s| set.contains(s)))
                            };
                            view! {
                                <li class="family">
                                    <Show when=move || big.get()>
                                        {
                                            let fid_toggle = fid_toggle.clone();
                                            view! {
                                                <button
                                                    class="twisty"
                                                    aria-expanded=unfolded.to_string()
                                                    aria-label=format!("Show or hide the {total} SKUs")
                                                    on:click=move |_| {
                                                        let id = fid_toggle.clone();
                                                        open.update(|o| {
                                                            if !o.remove(&id) {
                                                                o.insert(id);
                                                            }
                                                        });
                                                    }
                                                >
                                                    {if unfolded { "▾" } else { "▸" }}
                                                </button>
                                            }
                                        }
                                    </Show>
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
                                        {(hidden > 0)
                                            .then(|| {
                                                view! {
                                                    <li class="more">
                                                        {format!("… {hidden} more: type in Find a SKU")}
                                                    </li>
                                                }
                                            })}
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
