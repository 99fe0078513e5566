//! The track record per approved cycle (under the accuracy table): the statistical
//! baseline's WAPE, each layer's FVA, and the learned choice against the plain ensemble
//! on the first months ([`crate::engine::review::track`]), and whether the guard has the
//! learned choice in use or paused for the cycle being planned. Draws only.

use super::{percent, points};
use crate::engine::forecast::learn::SCORED_MONTHS;
use crate::engine::review::track::{Direction, guard_line, summary, track};
use crate::ui::format::number_format;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// A ratio as `12.3 %`, or `–` when undefined; its raw value for tests.
fn cell(x: Option<f64>, class: &'static str) -> impl IntoView {
    let value = x.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <td class=format!("num {class}") data-value=value>
            {x.map(|v| percent(v, false)).unwrap_or_else(|| "–".into())}
        </td>
    }
}

#[component]
pub fn TrackRecord() -> impl IntoView {
    let state = expect_context::<AppState>();
    let learn_on = Memo::new(move |_| {
        state
            .with_cycle(|c| c.inputs.forecast.learn)
            .unwrap_or(false)
    });
    let problem = RwSignal::new(None::<String>);
    let switch = move |ev| {
        let on = event_target_checked(&ev);
        let cmd = state.with_cycle_untracked(|c| crate::engine::command::set_learn(c, on));
        if let Some(Some(cmd)) = cmd {
            problem.set(state.apply(cmd).err().map(|e| e.0));
        }
    };
    // What the record depends on — the cycles, their status (approved cycles are
    // read-only) and the newest cycle's actuals — changes only with `data_rev`: the
    // record (~0.2 s natively at 10,000 SKUs × 6 cycles) is not recomputed on an edit
    // of the plan.
    let record = Memo::new(move |_| {
        state.track_data();
        state
            .workspace
            .with_untracked(|w| w.as_ref().map(track).unwrap_or_default())
    });
    view! {
        <Show when=move || record.with(|r| !r.cycles.is_empty())>
            <h3 id="track-title">"Track record per cycle"</h3>
            <p class="muted track-legend">
                "Each approved cycle's statistical baseline against the actuals so far, the forecast value added of each layer, and the "
                <b>"learned choice"</b>
                {format!(
                    " (each SKU leaning on the policies — ensemble, seasonal naive, naive, mean — that beat the ensemble in the cycles before) against the plain ensemble, on the first {SCORED_MONTHS} months."
                )}
            </p>
            <label class="check">
                <input
                    type="checkbox"
                    id="learn-switch"
                    prop:checked=move || learn_on.get()
                    disabled=move || state.frozen()
                    on:change=switch
                />
                " Plan this cycle with the learned choice (off: the plain ensemble)"
            </label>
            <Show when=move || problem.with(Option::is_some)>
                <p class="problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
            </Show>
            <p class="track-summary" id="track-summary">
                {move || record.with(|r| summary(r, number_format()))}
            </p>
            <p class="track-guard" id="track-guard" data-state=move || record.with(|r| guard_line(r, number_format()).0)>
                {move || record.with(|r| guard_line(r, number_format()).1)}
            </p>
            <div class="table-scroll">
                <table class="grid track" id="track-table" aria-labelledby="track-title">
                    <thead>
                        <tr>
                            <th scope="col">"Cycle"</th>
                            <th scope="col" title="Months with actuals">"Months"</th>
                            <th scope="col" title="WAPE of the statistical baseline (SKU × month)">"Baseline WAPE"</th>
                            <th scope="col" title="Forecast value added by sales">"FVA sales"</th>
                            <th scope="col" title="Forecast value added by marketing">"FVA mkt"</th>
                            <th scope="col" title="Forecast value added by the pipeline">"FVA pipe"</th>
                            <th scope="col" title="Forecast value added by the consensus">"FVA cons."</th>
                            <th scope="col" title="Plain ensemble, first months">"Plain"</th>
                            <th scope="col" title="Learned choice, first months">"Learned"</th>
                            <th scope="col" title="What the plan used">"Plan"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            record
                                .get()
                                .cycles
                                .into_iter()
                                .map(|c| {
                                    let fvas = c
                                        .layers
                                        .iter()
                                        .skip(1)
                                        .map(|s| {
                                            let class = format!("num fva {}", Direction::of_fva(s.fva).class());
                                            view! {
                                                <td class=class data-layer=s.layer data-value=s.fva.map(|v| v.to_string()).unwrap_or_default()>
                                                    {s.fva.map(points).unwrap_or_else(|| "–".into())}
                                                </td>
                                            }
                                        })
                                        .collect_view();
                                    let better = Direction::of_learned(c.plain, c.learned).learned_class();
                                    let used = c.choice();
                                    view! {
                                        <tr data-cycle=c.id.clone()>
                                            <th scope="row">{c.label.to_string()}</th>
                                            <td class="num months">{c.months}</td>
                                            {cell(c.layers[0].wape, "wape")}
                                            {fvas}
                                            {cell(c.plain, "plain")}
                                            {cell(c.learned, better)}
                                            <td class="used">{used}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
