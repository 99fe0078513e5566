//! Accuracy across cycles (a section of the Demand review): the frozen plans of approved
//! cycles scored against the actuals entered later ([`plan_vs_actual`]), for the whole
//! company, each family and each SKU: WAPE and bias of the statistical baseline and of
//! each layer, and the forecast value added (FVA) of each layer over the one before;
//! under it the track record per cycle with the learned choice against the plain
//! ensemble ([`track`]).

mod track;

use crate::engine::format::fixed;
use crate::engine::review::accuracy::{lines, scored_months};
use crate::ui::format::{number_format, units};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Column groups of the table: (layer key of the engine, heading).
const LAYERS: [(&str, &str); 5] = [
    ("statistical", "Statistical"),
    ("sales", "+ Sales"),
    ("marketing", "+ Marketing"),
    ("pipeline", "+ Pipeline"),
    ("consensus", "Consensus"),
];

/// `0.123` → `12.3 %`; signed with a real minus for bias.
pub(super) fn percent(x: f64, signed: bool) -> String {
    format!("{} %", fixed(x * 100.0, 1, signed, number_format()))
}

/// FVA in percentage points: `+2.1 pp` (the layer made the forecast better), `±0.0 pp`.
pub(super) fn points(x: f64) -> String {
    let s = fixed(x * 100.0, 1, true, number_format());
    if s.starts_with(['+', '−']) {
        format!("{s} pp")
    } else {
        format!("±{s} pp")
    }
}

#[component]
pub fn AccuracyAcrossCycles() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Frozen plans against actuals: recomputed when the actuals, the master data or a
    // status may have changed (`data_rev`), not on an edit of the plan.
    let all = Memo::new(move |_| {
        state.track_data();
        state
            .workspace
            .with_untracked(|w| w.as_ref().map(lines).unwrap_or_default())
    });
    let scored = Memo::new(move |_| {
        state.track_data();
        state
            .workspace
            .with_untracked(|w| w.as_ref().map(scored_months).unwrap_or_default())
    });
    let with_skus = RwSignal::new(true);
    let shown = Memo::new(move |_| {
        let skus = with_skus.get();
        all.with(|a| {
            a.iter()
                .filter(|l| skus || l.kind != "sku")
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel accuracy-across" aria-labelledby="accuracy-title" id="accuracy-across">
            <h2 id="accuracy-title">"Accuracy across cycles"</h2>
            <Show
                when=move || all.with(|a| !a.is_empty())
                fallback=|| {
                    view! {
                        <p class="muted" id="accuracy-empty">
                            "No approved cycle has actuals yet. Approve a cycle (Executive review), and when its first month is over roll it forward with that month's actual sales: its frozen plan is then scored here, layer by layer."
                        </p>
                    }
                }
            >
                <p class="accuracy-scope" id="accuracy-scope">
                    "Frozen plans of approved cycles against the actuals entered later: "
                    {move || {
                        scored
                            .get()
                            .into_iter()
                            .map(|(c, ms)| {
                                format!(
                                    "cycle {c} ({})",
                                    ms.iter().map(|m| m.short_label()).collect::<Vec<_>>().join(", "),
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; ")
                    }}
                    "."
                </p>
                <p class="accuracy-legend muted">
                    <b>"WAPE"</b>
                    " = Σ|forecast − actual| / Σ actual (lower is better). "
                    <b>"Bias"</b>
                    " = Σ(forecast − actual) / Σ actual (+ over-forecast, − under-forecast). "
                    <b>
                        <crate::ui::glossary::Term text="FVA" />
                    </b>
                    " = WAPE of the layer before − WAPE with this layer, in percentage points: positive means the layer improved accuracy, negative that it made it worse. Each layer adds to the one before; the consensus is the plan."
                </p>
                <label class="check">
                    <input
                        type="checkbox"
                        id="accuracy-skus"
                        prop:checked=move || with_skus.get()
                        on:change=move |ev| with_skus.set(event_target_checked(&ev))
                    />
                    " Show SKUs (otherwise families only)"
                </label>
                <div class="table-scroll">
                    <table class="grid accuracy" id="accuracy-table" aria-label="Accuracy of each forecast layer against actuals, per family and SKU">
                        <thead>
                            <tr>
                                <th scope="col" rowspan="2">"Family / SKU"</th>
                                <th scope="col" rowspan="2" title="Months scored">"Months"</th>
                                <th scope="col" rowspan="2">"Actual units"</th>
                                {LAYERS
                                    .iter()
                                    .enumerate()
                                    .map(|(k, (key, head))| {
                                        view! {
                                            <th scope="colgroup" colspan=if k == 0 { "2" } else { "3" } class=format!("layer {key}")>
                                                {*head}
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                            <tr>
                                {LAYERS
                                    .iter()
                                    .enumerate()
                                    .map(|(k, (key, _))| {
                                        view! {
                                            <th scope="col" class=format!("metric {key}")>"WAPE"</th>
                                            <th scope="col" class=format!("metric {key}")>"Bias"</th>
                                            {(k > 0)
                                                .then(|| {
                                                    view! {
                                                        <th scope="col" class=format!("metric fva {key}") title="Forecast value added over the layer before">
                                                            "FVA"
                                                        </th>
                                                    }
                                                })}
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                shown
                                    .get()
                                    .into_iter()
                                    .map(|l| {
                                        let cells = l
                                            .score
                                            .layers
                                            .iter()
                                            .enumerate()
                                            .map(|(k, s)| {
                                                let layer = s.layer;
                                                let value = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
                                                let fva_class = format!(
                                                    "num fva {}",
                                                    crate::engine::review::track::Direction::of_fva(s.fva).class()
                                                );
                                                view! {
                                                    <td class="num wape" data-layer=layer data-metric="wape" data-value=value(s.wape)>
                                                        {s.wape.map(|v| percent(v, false)).unwrap_or_else(|| "–".into())}
                                                    </td>
                                                    <td class="num bias" data-layer=layer data-metric="bias" data-value=value(s.bias)>
                                                        {s.bias.map(|v| percent(v, true)).unwrap_or_else(|| "–".into())}
                                                    </td>
                                                    {(k > 0)
                                                        .then(|| {
                                                            view! {
                                                                <td class=fva_class data-layer=layer data-metric="fva" data-value=value(s.fva)>
                                                                    {s.fva.map(points).unwrap_or_else(|| "–".into())}
                                                                </td>
                                                            }
                                                        })}
                                                }
                                            })
                                            .collect_view();
                                        view! {
                                            <tr class=l.kind data-key=l.key.clone()>
                                                <th scope="row" title=l.title.clone()>{l.label.clone()}</th>
                                                <td class="num points">{l.score.points}</td>
                                                <td class="num actual" data-value=l.score.actual_units.to_string()>
                                                    {units(l.score.actual_units)}
                                                </td>
                                                {cells}
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <track::TrackRecord />
            </Show>
        </section>
    }
}
