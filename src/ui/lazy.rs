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

/// Whether the app has painted its first page with the workspace loaded, and the
/// statistical forecast that page waits for has been drawn too (or is long in coming):
/// until then the lazily loaded parts ([`part`]) wait, so that they never go ahead of
/// that page (its chart) on the network or on the two cores a modest laptop has
/// (compiling and drawing ~60 small modules while the forecast worker runs put the
/// chart with the forecast 150–700 ms later, issue 13).
#[derive(Clone, Copy)]
struct Painted(RwSignal<bool>);

/// Longest wait (ms) of the parts for the forecast after the first paint (10,000 SKUs
/// forecast for several seconds; the demo's forecast is in within ~0.5 s).
const PARTS_WAIT_MS: u64 = 1500;

/// Frames the parts wait after the forecast is in: its numbers show in the next frame,
/// the chart redraws in the one after (`ui::chart`).
const FRAMES_AFTER_FORECAST: u32 = 3;

/// Runs `f` in a task after the `n`th animation frame from now.
fn after_frames(n: u32, f: impl FnOnce() + 'static) {
    if n == 0 {
        set_timeout(f, std::time::Duration::ZERO);
    } else {
        request_animation_frame(move || after_frames(n - 1, f));
    }
}

/// Provides [`Painted`]: set a few frames after `forecast_in()` once the first page
/// has painted (`loaded()` turned true, then a frame), or [`PARTS_WAIT_MS`] after that
/// paint, whichever comes first.
pub fn provide_painted(
    loaded: impl Fn() -> bool + Send + Sync + 'static,
    forecast_in: impl Fn() -> bool + Send + Sync + 'static,
) {
    let painted = RwSignal::new(false);
    let shown = RwSignal::new(false);
    provide_context(Painted(painted));
    // Once only: setting it again would notify the parts, which would build again (and
    // a part's tasks still running would read its disposed signals).
    let set = move || {
        if painted.try_get_untracked() == Some(false) {
            painted.set(true);
        }
    };
    once_true(loaded, move || {
        after_frames(1, move || {
            let _ = shown.try_set(true);
            set_timeout(set, std::time::Duration::from_millis(PARTS_WAIT_MS));
        });
    });
    once_true(
        move || shown.get() && forecast_in(),
        move || after_frames(FRAMES_AFTER_FORECAST, set),
    );
}

/// Runs `then` once, the first time `when()` (which reads signals) is true: an effect
/// that reads nothing more after that, so it never runs again.
fn once_true(when: impl Fn() -> bool + 'static, then: impl FnOnce() + 'static) {
    let mut then = Some(then);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !when() {
            return done == Some(true);
        }
        if let Some(then) = then.take() {
            then();
        }
        true
    });
}

/// A part of a page besides what it opens with (panels below the chart, menus, the
/// team panel): `load` (a [`lazy_part!`] function) is requested once the first page has
/// painted ([`provide_painted`]; at once after that), each part in a task of its own,
/// and `draw` calls what it gives, unless the part was disposed meanwhile; nothing is
/// shown until then.
pub fn part<D, F>(
    load: impl Fn() -> F + Send + Sync + 'static,
    draw: impl Fn(D) -> AnyView + Clone + Send + Sync + 'static,
) -> AnyView
where
    D: Send + 'static,
    F: Future<Output = D> + Send + 'static,
{
    // Each part asks for its code in a task of its own once the page has painted: the
    // loader issues a part's fetches (its module and the chunks it shares) when asked,
    // and all parts asked in one task made a task of ~60 ms of CPU, at 10,000 SKUs in
    // the middle of the forecast (issue 9: no task over 50 ms while forecasting).
    let go = RwSignal::new(false);
    match use_context::<Painted>() {
        None => go.set(true),
        Some(Painted(painted)) => once_true(
            move || painted.get(),
            move || {
                set_timeout(
                    move || {
                        let _ = go.try_set(true);
                    },
                    std::time::Duration::ZERO,
                )
            },
        ),
    }
    let ready = move || go.get();
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
