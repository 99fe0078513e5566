//! The overview a first visit opens on (`#/overview`, or no hash): what the monthly
//! S&OP cycle is, its agenda with each step's sign-off, and two ways in — "Start the
//! demo workshop" (the demo company, each step with a guide: what to look at, what to
//! try) and "Start with my data" (the Data step's templates and import).

use super::meeting::{signed_text, signoff};
use super::route::Step;
use super::state::AppState;
use crate::engine::demo;
use leptos::prelude::*;

const GUIDE_KEY: &str = "sop-planner.guide";

/// Whether the workshop guide shows on each step (kept in this browser).
#[derive(Clone, Copy)]
pub struct Guide(pub RwSignal<bool>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Provides the guide's switch to the views (called once by the shell).
pub fn provide_guide() {
    let on = storage()
        .and_then(|s| s.get_item(GUIDE_KEY).ok().flatten())
        .is_some_and(|v| v == "1");
    provide_context(Guide(RwSignal::new(on)));
}

fn set_guide(on: bool) {
    expect_context::<Guide>().0.set(on);
    if let Some(s) = storage() {
        let _ = s.set_item(GUIDE_KEY, if on { "1" } else { "0" });
    }
}

fn go(step: Step) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&step.href());
    }
}

/// What each step decides (the agenda), and the workshop's guide: what to look at and
/// what to try.
fn about(step: Step) -> (&'static str, &'static str, &'static str) {
    match step {
        Step::Overview => ("", "", ""),
        Step::Data => (
            "Are the products, resources, costs and terms right?",
            "the 30 products in 4 families, their prices, routings and the finance terms the plan starts from.",
            "change a price in the Products table and watch the plan follow in every step.",
        ),
        Step::Demand => (
            "What will customers buy? One consensus demand.",
            "the waterfall from the statistical forecast to the consensus, and each adjustment with its reason.",
            "select E-bikes and raise demand by 20 % with a reason (Change demand); undo it with Ctrl+Z.",
        ),
        Step::Supply => (
            "Can we make it? Capacity, materials, people.",
            "peak utilisation: amber needs overtime, red is over capacity, and which resource and month.",
            "tick Constrained by capacity to level the plan; watch backlog and fill rate move.",
        ),
        Step::Finance => (
            "What does it do to margin and cash?",
            "the cash line against the minimum, its low point, and DSO, DIO, DPO and the cash cycle.",
            "set DSO to 60 days and see how much cash it ties up.",
        ),
        Step::Executive => (
            "Decide: which plan, which trade-offs, approve.",
            "the KPI tiles and the exceptions ranked by the money at stake.",
            "save your what-if as a scenario, compare it with the base plan, then approve naming the approver.",
        ),
    }
}

/// The workshop guide of a step (while the guide is on).
#[component]
pub fn GuideNote(step: ReadSignal<Step>) -> impl IntoView {
    let guide = expect_context::<Guide>().0;
    view! {
        <Show when=move || guide.get() && step.get() != Step::Overview>
            <aside class="guide" aria-label="Workshop guide">
                {move || {
                    let (_, look, try_) = about(step.get());
                    view! {
                        <span>
                            <strong>"Look at "</strong>
                            {look}
                            " "
                            <strong>"Try: "</strong>
                            {try_}
                        </span>
                    }
                }}
                <button type="button" class="link" on:click=move |_| set_guide(false)>
                    "Hide the guide"
                </button>
            </aside>
        </Show>
    }
}

#[component]
pub fn OverviewView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let demo_open = move || {
        state
            .workspace
            .with(|w| w.as_ref().is_some_and(|w| w.name.contains("(demo)")))
    };
    let start_demo = move |_| {
        if !demo_open() {
            let mut w = demo::demo_workspace();
            w.id = format!("demo-{}", js_sys::Date::now() as u64);
            state.open_new(w, false);
        }
        set_guide(true);
        go(Step::Data);
    };
    let start_own = move |_| {
        set_guide(false);
        let how = "Your own data: download the templates below, fill them in (or start from the demo's CSV export), then import them. Nothing changes until an import is complete and valid.";
        if demo_open() {
            // The client's data gets a company of its own, not the demo's name.
            state.open_new_saying(
                super::workspace::new_company("My company"),
                false,
                Some(format!(
                    "{how} This is a new, empty company \u{201c}My company\u{201d}: rename it in the Workspace menu; the demo stays as it was."
                )),
            );
        } else {
            state.notice.set(Some(how.into()));
        }
        go(Step::Data);
    };
    let label = move || {
        state
            .with_cycle(|c| c.label.short_label())
            .unwrap_or_default()
    };
    view! {
        <section class="step overview" aria-labelledby="overview-title">
            <h1 id="overview-title">"The monthly S&OP meeting"</h1>
            <p class="lead">
                "One plan that demand, supply and finance agree on: five steps, each signed off, from the data to the executive decision. Cycle "
                {label}
                "."
            </p>
            <div class="start">
                <button id="start-demo" type="button" class="primary big" on:click=start_demo>
                    "Start the demo workshop"
                </button>
                <button id="start-own" type="button" class="big" on:click=start_own>
                    "Start with my data"
                </button>
            </div>
            <h2>"The agenda"</h2>
            <ol class="agenda">
                {Step::ALL
                    .into_iter()
                    .map(|s| {
                        let done = Memo::new(move |_| signoff(state, s));
                        view! {
                            <li class:signed=move || done.with(Option::is_some)>
                                <a href=s.href()>{s.label()}</a>
                                <span class="decides">{about(s).0}</span>
                                <span class="state">
                                    {move || {
                                        done.get()
                                            .map_or_else(|| "not signed off yet".to_string(), |d| signed_text(&d))
                                    }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
