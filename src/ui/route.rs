//! Hash routing: `#/demand`, `#/supply`, … One route per cycle step.
//!
//! The hash never reaches the server, so a reload works wherever `dist/` is hosted,
//! including a sub-path of a static host (leptos_router 0.8 routes on the path only,
//! which a static host answers with 404 after a reload).

use leptos::prelude::*;

/// A step of the monthly S&OP cycle, in order, and the overview before them (not a
/// step: the page a first visit opens on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Overview,
    Data,
    Demand,
    Supply,
    Finance,
    Executive,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Data,
        Step::Demand,
        Step::Supply,
        Step::Finance,
        Step::Executive,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Overview => "overview",
            Step::Data => "data",
            Step::Demand => "demand",
            Step::Supply => "supply",
            Step::Finance => "finance",
            Step::Executive => "executive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Overview => "Overview",
            Step::Data => "Data",
            Step::Demand => "Demand review",
            Step::Supply => "Supply review",
            Step::Finance => "Financial review",
            Step::Executive => "Executive review",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The step a location hash names: the overview for an empty hash (a first visit),
    /// the demand review for an unknown one.
    pub fn from_hash(hash: &str) -> Step {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        let slug = slug.split(['/', '?']).next().unwrap_or("");
        // `#/open`: opened by a page for a client (`ui::handover`), on the overview.
        if slug.is_empty() || slug == "overview" || slug == "open" {
            return Step::Overview;
        }
        Step::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(Step::Demand)
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The current step, following the location hash (links, back/forward, reload). Opened
/// without a hash by a person of the team, the app starts on their role's step
/// ([`crate::team::TeamRole::opening_step`]; the hash replaced, no history entry).
pub fn use_step() -> ReadSignal<Step> {
    let mut hash = current_hash();
    if hash.trim_start_matches(['#', '/']).is_empty()
        && let Some(p) = crate::ui::team::load_person()
    {
        hash = format!("#/{}", p.role.opening_step());
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(&hash);
        }
    }
    let (step, set_step) = signal(Step::from_hash(&hash));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_step.set(Step::from_hash(&current_hash()));
    });
    on_cleanup(move || handle.remove());
    step
}
