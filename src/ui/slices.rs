//! Long work on the main thread, in slices: the first slice runs at once, the rest in
//! later tasks (a zero timeout each) with the page's events in between, so that no task
//! runs much over [`SLICE_MS`] however large the workspace.
//!
//! The work is a resumable `step(&mut state, more) -> done`: it goes on while `more()`
//! says the slice has time left and returns `true` once everything is done (the engine's
//! `CleansedHistories::prepare`, `ReviewBuilder::step` and the save's
//! `CycleJson::prepare` have that shape).

use gloo_timers::future::TimeoutFuture;

/// Longest stretch (ms) of sliced work before the page gets the main thread back: half
/// of the 16.7 ms frame, so that input and painting are never held back by more than a
/// frame (at 10,000 SKUs the save's JSON, judging every history, a large family's review
/// each take 0.1–0.5 s in one go).
pub const SLICE_MS: f64 = 8.0;

/// The deadline of one slice starting now: `true` while it has time left.
fn deadline() -> impl FnMut() -> bool {
    let t0 = js_sys::Date::now();
    move || js_sys::Date::now() - t0 < SLICE_MS
}

/// Runs one slice of `step` on `state`; `true` when the work is done.
fn slice<T>(
    state: &mut T,
    step: &mut impl FnMut(&mut T, &mut dyn FnMut() -> bool) -> bool,
) -> bool {
    step(state, &mut deadline())
}

/// Runs `step` on `state` to the end, a slice per task, and gives `state` back.
pub async fn to_end<T>(
    mut state: T,
    mut step: impl FnMut(&mut T, &mut dyn FnMut() -> bool) -> bool,
) -> T {
    while !slice(&mut state, &mut step) {
        TimeoutFuture::new(0).await;
    }
    state
}

/// Runs the first slice of `step` now and, if the work is not done, the rest in later
/// tasks for as long as `current()` holds (a newer request, newer data or a view gone
/// stops it: `finish` is then never called); `finish` gets `state` once the work is
/// done. Returns `true` when it was done in the first slice (`finish` has run).
pub fn in_slices<T: 'static>(
    mut state: T,
    mut step: impl FnMut(&mut T, &mut dyn FnMut() -> bool) -> bool + 'static,
    current: impl Fn() -> bool + 'static,
    finish: impl FnOnce(T) + 'static,
) -> bool {
    if slice(&mut state, &mut step) {
        finish(state);
        return true;
    }
    leptos::task::spawn_local(async move {
        loop {
            TimeoutFuture::new(0).await;
            if !current() {
                return;
            }
            if slice(&mut state, &mut step) {
                break;
            }
        }
        finish(state);
    });
    false
}
