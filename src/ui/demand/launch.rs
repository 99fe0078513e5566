//! What the demand review says of new and phasing-out products: for a SKU its launch
//! ("New: like EB-CITY-500 × 0.8 from 2027-03") and phase-out ("Phase-out 2027-06 →
//! EB-CITY-600"), for a family each of its SKUs that has one (see
//! [`crate::engine::launch::Lifecycle::describe`]). The baseline row shows the result.

use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

/// Notes shown for a family before "and n more".
const FAMILY_NOTES: usize = 3;

/// The lifecycle note of the selection, if any.
#[component]
pub fn LifecycleNote(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let note = Memo::new(move |_| {
        let sel = selection.get()?;
        state
            .with_cycle_data(|c| {
                let notes: Vec<String> = c
                    .master
                    .products
                    .iter()
                    .filter(|p| match &sel {
                        Selection::Sku(s) => p.sku == *s,
                        Selection::Family(f) => p.family == *f,
                    })
                    .filter_map(|p| {
                        let d = p.lifecycle.describe()?;
                        Some(match sel {
                            Selection::Sku(_) => d,
                            Selection::Family(_) => format!("{}: {d}", p.sku),
                        })
                    })
                    .collect();
                if notes.len() > FAMILY_NOTES {
                    let more = notes.len() - FAMILY_NOTES;
                    let mut shown = notes[..FAMILY_NOTES].join("; ");
                    shown.push_str(&format!("; and {more} more"));
                    Some(shown)
                } else {
                    (!notes.is_empty()).then(|| notes.join("; "))
                }
            })
            .flatten()
    });
    view! {
        <Show when=move || note.with(Option::is_some)>
            <p class="lifecycle-note" id="lifecycle-note" title="Launch and phase-out, set in the Data view's products table">
                {move || note.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

/// Which level a selected family's reconciled baseline leans on
/// ([`crate::engine::review::reconcile::lean_line`]).
#[component]
pub fn ReconcileNote(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = Memo::new(move |_| {
        let sel = selection.get()?;
        state
            .leans
            .with(|l| crate::engine::review::reconcile::lean_line(l, &sel))
    });
    view! {
        <Show when=move || line.with(Option::is_some)>
            <p class="reconcile-note" id="reconcile-note" title="The family's forecast and its SKUs' reconciled so that they add up (weighted by their backtest errors)">
                {move || line.get().unwrap_or_default()}
            </p>
        </Show>
    }
}
