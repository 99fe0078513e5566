//! The parts of the app loaded on first use (issue 13: a first visit downloads the
//! shell, the demand chart and its grid first; the rest follows or waits until opened).
//!
//! With the `split` feature in a release build (sop-app's, split by `tools/split.sh`,
//! Trunk's post-build hook) each function is Leptos's `#[lazy]`: its code and the code
//! only it reaches go to a WASM chunk of their own, fetched the first time it is called.
//! Otherwise (`trunk serve`, a debug build; clippy and the tests) the same functions are
//! plain `async fn`s, so the app works unsplit.

use super::demand::DemandPanels;
use super::restore::RestoreOffer;
use super::state::Selection;
use super::{accuracy, data, executive, finance, notes, supply, team, workspace};
use crate::engine::notes::NoteTarget;
use crate::engine::review::demand::Waterfall;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

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

/// Declares `async fn $name() -> fn($args) -> AnyView`, lazily loaded when split: the
/// function that draws `$view` from its arguments, for [`part`] (which calls it only
/// while the page that asked for it is still there: a view built after its page was
/// left would read the page's disposed signals).
macro_rules! lazy_part {
    ($name:ident($($arg:ident: $ty:ty),*), $view:expr) => {
        #[cfg(all(feature = "split", not(debug_assertions)))]
        #[leptos::lazy]
        pub fn $name() -> fn($($ty),*) -> AnyView {
            |$($arg),*| $view.into_any()
        }
        #[cfg(not(all(feature = "split", not(debug_assertions))))]
        pub async fn $name() -> fn($($ty),*) -> AnyView {
            |$($arg),*| $view.into_any()
        }
    };
}

lazy_view!(data_view, view! { <data::DataView /> });
lazy_view!(supply_view, view! { <supply::SupplyView /> });
lazy_view!(finance_view, view! { <finance::FinanceView /> });
lazy_view!(executive_view, view! { <executive::ExecutiveView /> });
lazy_part!(
    demand_panels(data: Memo<Waterfall>, selection: Memo<Option<Selection>>),
    view! { <DemandPanels data=data selection=selection /> }
);
lazy_part!(
    accuracy_panel(),
    view! { <accuracy::AccuracyAcrossCycles /> }
);
lazy_part!(
    workspace_menu(open: RwSignal<bool>, offer: RwSignal<Option<RestoreOffer>>),
    view! { <workspace::Menu open offer /> }
);
lazy_part!(
    workspace_restore(offer: RwSignal<Option<RestoreOffer>>),
    view! { <workspace::Restore offer /> }
);
lazy_part!(team_panel(), view! { <team::TeamPanel /> });
lazy_part!(
    notes_panel(open: RwSignal<Option<NoteTarget>>),
    view! { <notes::NotesPanel open /> }
);

/// The statistical forecast of a run's chunks (`msgs`, the forecast worker's requests)
/// on the page, when no worker could be started: each chunk's id and its packed
/// baselines, as the worker answers. Its forecasting code is not in the main module.
#[cfg(all(feature = "split", not(debug_assertions)))]
#[leptos::lazy]
pub fn forecast_in_page(msgs: Vec<JsValue>, horizon: usize) -> Vec<(u32, JsValue)> {
    in_page(msgs, horizon)
}
#[cfg(not(all(feature = "split", not(debug_assertions))))]
pub async fn forecast_in_page(msgs: Vec<JsValue>, horizon: usize) -> Vec<(u32, JsValue)> {
    in_page(msgs, horizon)
}

fn in_page(msgs: Vec<JsValue>, horizon: usize) -> Vec<(u32, JsValue)> {
    use crate::worker::{Request, baselines_to_js, run};
    msgs.iter()
        .map(|msg| {
            let req = Request::from_js(msg);
            (req.id, baselines_to_js(&run(&req, |_, _| {}), horizon))
        })
        .collect()
}

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

/// Whether the app has painted its first page with the workspace loaded: until then the
/// lazily loaded parts ([`part`]) wait, so that they never go ahead of that page (its
/// chart) on the network or the main thread.
#[derive(Clone, Copy)]
struct Painted(RwSignal<bool>);

/// Provides [`Painted`]: set in a task after the frame that follows `loaded()` turning
/// true (that frame shows the first page; its chart is drawn before it).
pub fn provide_painted(loaded: impl Fn() -> bool + Send + Sync + 'static) {
    let painted = RwSignal::new(false);
    provide_context(Painted(painted));
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !loaded() {
            return started == Some(true);
        }
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = painted.try_set(true);
                },
                std::time::Duration::ZERO,
            )
        });
        true
    });
}

/// A part of a page besides what it opens with (panels below the chart, menus, the
/// team panel): `load` (a [`lazy_part!`] function) is requested once the first page has
/// painted ([`provide_painted`]; at once after that), and `draw` calls what it gives,
/// unless the part was disposed meanwhile; nothing is shown until then.
pub fn part<D, F>(
    load: impl Fn() -> F + Send + Sync + 'static,
    draw: impl Fn(D) -> AnyView + Clone + Send + Sync + 'static,
) -> AnyView
where
    D: Send + 'static,
    F: Future<Output = D> + Send + 'static,
{
    let painted = use_context::<Painted>();
    let ready = move || painted.is_none_or(|p| p.0.get());
    // Disposed with the part (its page left, or the step or panel holding it closed).
    let alive = Trigger::new();
    let view = move || {
        ready().then(|| {
            let loading = load();
            let draw = draw.clone();
            Suspend::new(async move {
                let f = loading.await;
                if alive.is_disposed() {
                    ().into_any()
                } else {
                    draw(f)
                }
            })
        })
    };
    view! { <Suspense fallback=|| ()>{view}</Suspense> }.into_any()
}
