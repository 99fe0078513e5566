//! "Forecast settings" of the demand review: season length, automatic cleansing of
//! flagged spikes and dips with its threshold, family reconciliation and the learned
//! model choice, for the whole cycle. It draws `command::forecast_choice` and sends
//! `command::set_forecast_choice` (one undoable command; every SKU is forecast again).

use crate::engine::command::{ForecastChoice, forecast_choice, set_forecast_choice};
use crate::ui::format::{parse_number, parse_whole, plain};
use crate::ui::glossary::Term;
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub(super) fn ForecastSettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = Memo::new(move |_| state.with_cycle(forecast_choice));
    let season = RwSignal::new(String::new());
    let k = RwSignal::new(String::new());
    // The typed fields follow the cycle (an undo, another tab, a merge).
    Effect::new(move |_| {
        if let Some(c) = current.get() {
            season.set(c.season_length.to_string());
            k.set(plain(c.outlier_k));
        }
    });
    let send = move |change: &dyn Fn(&mut ForecastChoice) -> Result<(), String>| {
        let Some(mut choice) = current.get_untracked() else {
            return;
        };
        let r = change(&mut choice).and_then(|()| {
            state
                .with_cycle_untracked(|c| set_forecast_choice(c, &choice))
                .unwrap_or_else(|| Err(crate::engine::command::CommandError("no cycle".into())))
                .map_err(|e| e.to_string())
                .and_then(|cmd| state.apply(cmd).map_err(|e| e.to_string()))
        });
        if let Err(e) = r {
            state.error.set(Some(format!("Forecast settings: {e}")));
        }
    };
    let apply_typed = move |_| {
        send(&|c: &mut ForecastChoice| {
            let s = season.get_untracked();
            c.season_length = parse_whole(&s).map_err(|e| format!("season length “{s}”: {e}"))?;
            let t = k.get_untracked();
            c.outlier_k = parse_number(&t).map_err(|e| format!("threshold “{t}”: {e}"))?;
            Ok(())
        })
    };
    // One switch of the choice: checked from the cycle, a change sent as one command.
    let switch = move |id: &'static str,
                       label: AnyView,
                       get: fn(&ForecastChoice) -> bool,
                       set: fn(&mut ForecastChoice, bool)| {
        view! {
            <label>
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || current.with(|c| c.as_ref().is_some_and(get))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        send(&move |c: &mut ForecastChoice| {
                            set(c, on);
                            Ok(())
                        })
                    }
                />
                {label}
            </label>
        }
    };
    view! {
        <details class="panel forecast-settings" id="forecast-settings">
            <summary>"Forecast settings"</summary>
            <p class="hint">
                "How the statistical baseline is made for every product of this cycle. "
                "A change forecasts every SKU again; Undo takes it back."
            </p>
            <div class="row">
                {switch(
                    "setting-reconcile",
                    view! { " " <Term text="Reconcile" /> " each family's forecast with its SKUs'" }
                        .into_any(),
                    |c| c.reconcile,
                    |c, on| c.reconcile = on,
                )}
                {switch(
                    "setting-auto-cleansing",
                    view! { " Accept flagged spikes and dips without a decision" }.into_any(),
                    |c| c.auto_cleansing,
                    |c, on| c.auto_cleansing = on,
                )}
                {switch(
                    "setting-learn",
                    view! { " Learn each SKU's model choice from past cycles (see the accuracy track record)" }
                        .into_any(),
                    |c| c.learn,
                    |c, on| c.learn = on,
                )}
            </div>
            <div class="row">
                <label>
                    "Season (months, 1 = none) "
                    <input
                        type="text"
                        inputmode="numeric"
                        size="3"
                        id="setting-season"
                        prop:value=move || season.get()
                        on:input=move |ev| season.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Flag months beyond "
                    <input
                        type="text"
                        inputmode="decimal"
                        size="4"
                        id="setting-outlier-k"
                        prop:value=move || k.get()
                        on:input=move |ev| k.set(event_target_value(&ev))
                    />
                    " robust σ"
                </label>
                <button id="setting-apply" on:click=apply_typed>"Apply"</button>
            </div>
        </details>
    }
}
