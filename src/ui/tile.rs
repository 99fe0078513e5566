//! A KPI tile as the reviews draw it (financial, executive, supply): label with its
//! glossary term, value and the line that explains it, coloured by the engine's tone
//! (`engine::review::tiles`), "calculating…" while the baselines are computed.

use crate::engine::review::tiles::{Tile as TileData, Tone};
use crate::ui::glossary::Term;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The CSS class of a tile in `tone`.
fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Neutral => "kpi",
        Tone::Good => "kpi good",
        Tone::Warn => "kpi warn",
        Tone::Bad => "kpi bad",
    }
}

/// Tile `i` of `tiles` as an item of a `kpi-row` list, following the memo (its key and
/// label are the first value's). The financial, executive and supply reviews' rows.
pub(crate) fn tile_item(tiles: Memo<Vec<TileData>>, i: usize) -> impl IntoView {
    let (key, label) = tiles.with_untracked(|t| (t[i].key, t[i].label));
    let data = Signal::derive(move || tiles.with(|t| t.get(i).cloned().unwrap_or_default()));
    view! {
        <div role="listitem">
            <Tile key=key label=label data=data />
        </div>
    }
}

/// A KPI tile: label, value, a line that explains it. Id `kpi-<key>`.
#[component]
pub(crate) fn Tile(
    key: &'static str,
    label: &'static str,
    #[prop(into)] data: Signal<TileData>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = format!("kpi-{key}");
    let label_id = format!("{id}-label");
    // Baselines still being computed: the plan's figure is not one yet.
    let calculating = Memo::new(move |_| crate::ui::forecasting::incomplete(&state));
    view! {
        <div
            id=id
            class=move || {
                if calculating.get() { "kpi calculating" } else { data.with(|d| tone_class(d.tone)) }
            }
            role="group"
            aria-labelledby=label_id.clone()
        >
            <div class="kpi-label" id=label_id.clone()>
                <Term text=label />
            </div>
            <div
                class="kpi-value"
                data-value=move || (!calculating.get()).then(|| data.with(|d| d.raw.clone()))
            >
                {move || {
                    if calculating.get() {
                        "calculating…".to_string()
                    } else {
                        data.with(|d| d.value.clone())
                    }
                }}
            </div>
            <div class="kpi-sub">
                {move || {
                    if calculating.get() {
                        "The statistical forecast is being computed.".to_string()
                    } else {
                        data.with(|d| d.sub.clone())
                    }
                }}
            </div>
        </div>
    }
}
