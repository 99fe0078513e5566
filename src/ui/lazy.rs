//! The later steps' views, loaded on first use (issue 13: a first visit downloads the
//! shell and the demand review only).
//!
//! With the `split` feature in a release build (sop-app's, split by `tools/split.sh`, Trunk's post-build hook)
//! each function is
//! Leptos's `#[lazy]`: its code and the code only it reaches go to a WASM chunk of
//! their own, fetched the first time the step is opened. Otherwise (`trunk serve`, a
//! debug build; clippy and the tests) the same functions are plain `async fn`s, so the
//! app works unsplit.

use super::{data, executive, finance, supply};
use leptos::prelude::*;

/// Declares `async fn $name() -> AnyView` that draws `$view`, lazily loaded when split.
macro_rules! lazy_view {
    ($name:ident, $view:expr) => {
        #[cfg(all(feature = "split", not(debug_assertions)))]
        #[leptos::lazy]
        pub fn $name() -> AnyView {
            $view.into_any()
        }
        #[cfg(not(all(feature = "split", not(debug_assertions))))]
        pub async fn $name() -> AnyView {
            $view.into_any()
        }
    };
}

lazy_view!(data_view, view! { <data::DataView /> });
lazy_view!(supply_view, view! { <supply::SupplyView /> });
lazy_view!(finance_view, view! { <finance::FinanceView /> });
lazy_view!(executive_view, view! { <executive::ExecutiveView /> });

/// A step's view from its lazy function: a short "Loading" line until its chunk is in
/// (at once when it is already loaded, or unsplit).
pub fn step<F>(load: impl FnOnce() -> F) -> AnyView
where
    F: Future<Output = AnyView> + Send + 'static,
{
    let view = Suspend::new(load());
    view! {
        <Suspense fallback=|| view! { <p class="loading-step">"Loading…"</p> }>{view}</Suspense>
    }
    .into_any()
}
