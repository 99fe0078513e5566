//! What the demand review says of new and phasing-out products: for a SKU its launch
//! ("New: like EB-CITY-500 × 0.8 from 2027-03") and phase-out ("Phase-out 2027-06 →
//! EB-CITY-600"), for a family each of its SKUs that has one (see
//! [`crate::engine::launch::Lifecycle::describe`]). The baseline row shows the result.

use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

/// The lifecycle note of the selection, if any
/// ([`crate::engine::review::demand::lifecycle_note`]).
#[component]
pub fn LifecycleNote(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let note = Memo::new(move |_| {
        let sel = selection.get()?;
        state
            .with_cycle_data(|c| crate::engine::review::demand::lifecycle_note(c, &sel))
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
