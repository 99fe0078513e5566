//! Executive review: the cycle's status and its decisions log.

use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn ExecutiveView() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="step executive" aria-labelledby="exec-title">
            <h1 id="exec-title">"Executive review"</h1>
            <p class="status">
                {move || {
                    state
                        .with_cycle(|c| {
                            format!(
                                "Cycle {} · status {} · {} scenarios · {} decisions",
                                c.label,
                                c.status.label(),
                                c.scenarios.len(),
                                c.decisions.len(),
                            )
                        })
                }}
            </p>
        </section>
    }
}
