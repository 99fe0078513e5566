//! The cycle over time: the cycle picker of the top bar (an older cycle is shown
//! read-only), the notice while one is shown, and "Roll forward" from an approved cycle
//! to next month's (the actuals of the month that ended typed, pasted from Excel or
//! imported from a file, then [`roll_forward`]).

use crate::engine::lifecycle::{roll_forward, successor};
use crate::engine::model::CycleStatus;
use crate::engine::month::Month;
use crate::engine::review::roll::{actuals_in, filled_note, free_cycle_id, read_actuals};
use crate::ui::grid::{Cell, CellEdit, Grid, Row};
use crate::ui::io::{ImportFailure, chosen_files, import_files};
use crate::ui::state::{AppState, ForecastStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One entry of the cycle picker: index, month label, status.
#[derive(Clone, Debug, PartialEq)]
struct CycleEntry {
    index: usize,
    label: Month,
    status: CycleStatus,
}

fn entries(state: &AppState) -> Vec<CycleEntry> {
    state.workspace.with(|w| {
        w.as_ref()
            .map(|w| {
                w.cycles
                    .iter()
                    .enumerate()
                    .map(|(index, c)| CycleEntry {
                        index,
                        label: c.label,
                        status: c.status,
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The cycle picker of the top bar (once there is more than one cycle): the current
/// cycle, which is edited, or an older one, shown read-only.
#[component]
pub fn CyclePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = Memo::new(move |_| entries(&state));
    let selected = move || {
        let n = list.with(Vec::len);
        state.viewing.get().unwrap_or(n.saturating_sub(1))
    };
    view! {
        <Show when=move || list.with(|l| l.len() > 1)>
            <div class="cycle-picker" class:older=move || state.viewing_older()>
                <label for="cycle-select">"View"</label>
                <select
                    id="cycle-select"
                    title="The cycle every step shows; older cycles are read-only"
                    on:change=move |ev| {
                        let i = event_target_value(&ev).parse::<usize>().ok();
                        state.view_cycle(i);
                    }
                >
                    {move || {
                        let n = list.with(Vec::len);
                        list.get()
                            .into_iter()
                            .map(|e| {
                                let current = e.index + 1 == n;
                                let text = format!(
                                    "{} · {}{}",
                                    e.label,
                                    e.status.label(),
                                    if current { " (current)" } else { " (read-only)" },
                                );
                                view! {
                                    <option
                                        value=e.index.to_string()
                                        prop:selected=move || selected() == e.index
                                    >
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </Show>
    }
}

/// Shown under the steps while an older cycle is viewed: it is read-only, and the way
/// back to the current cycle.
#[component]
pub fn ViewingNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = Memo::new(move |_| {
        state
            .workspace
            .with(|w| w.as_ref().and_then(|w| w.cycles.last()).map(|c| c.label))
    });
    let shown = Memo::new(move |_| {
        state.with_cycle(|c| {
            let approved = c
                .frozen
                .as_ref()
                .map(|f| format!(", approved on {}", f.approved_on))
                .unwrap_or_default();
            format!("{} ({}{approved})", c.label, c.status.label())
        })
    });
    view! {
        <Show when=move || state.viewing_older()>
            <div class="banner warn viewing" id="viewing-notice" role="status">
                <span>
                    "You are viewing cycle " <strong>{move || shown.get()}</strong>
                    ", an older cycle: every step shows it read-only."
                </span>
                <button
                    type="button"
                    id="back-to-current"
                    on:click=move |_| state.view_cycle(None)
                >
                    {move || {
                        format!(
                            "Back to the current cycle {}",
                            current.get().map(|m| m.to_string()).unwrap_or_default(),
                        )
                    }}
                </button>
            </div>
        </Show>
    }
}

/// A SKU of the roll-forward form: code, name, frozen consensus of the month that ended.
#[derive(Clone, Debug, PartialEq)]
struct SkuLine {
    sku: String,
    name: String,
    consensus: Option<f64>,
}

/// The actuals typed so far, one per SKU of the form (product order).
type Entered = Vec<Option<f64>>;

/// Roll forward from the approved current cycle: the actuals of its first month per
/// SKU (typed, pasted or imported), then a new Draft cycle one month on.
#[component]
pub(super) fn RollForward() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let ended = Memo::new(move |_| state.with_cycle(|c| c.label).unwrap_or_default());
    let skus = Memo::new(move |_| {
        state
            .with_cycle(|c| {
                c.master
                    .products
                    .iter()
                    .map(|p| SkuLine {
                        sku: p.sku.clone(),
                        name: p.name.clone(),
                        consensus: c.frozen.as_ref().and_then(|f| {
                            f.series
                                .iter()
                                .find(|s| s.sku == p.sku)
                                .and_then(|s| s.consensus.first().copied())
                        }),
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let entered: RwSignal<Entered> = RwSignal::new(Vec::new());
    // A fresh, empty form for every cycle.
    Effect::new(move |_| {
        let n = skus.with(Vec::len);
        entered.set(vec![None; n]);
    });
    let problem = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let ready = move || state.forecast_status.get() == ForecastStatus::Ready;
    let filled = move || entered.with(|e| e.iter().filter(|v| v.is_some()).count());

    let columns = Signal::derive(move || {
        vec![
            format!("Actual {}", ended.get().short_label()),
            "Frozen consensus".to_string(),
        ]
    });
    let rows = Signal::derive(move || {
        skus.with(|s| {
            entered.with(|e| {
                s.iter()
                    .enumerate()
                    .map(|(i, l)| Row {
                        label: format!("{} · {}", l.sku, l.name),
                        class: if e.get(i).copied().flatten().is_none() {
                            "missing"
                        } else {
                            ""
                        },
                        cells: vec![
                            Cell {
                                value: e.get(i).copied().flatten(),
                                editable: true,
                                class: "actual",
                                title: None,
                                text: None,
                            },
                            match l.consensus {
                                Some(v) => Cell::value(v).class("consensus"),
                                None => Cell::empty(),
                            },
                        ],
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let edits = Callback::new(move |edits: Vec<CellEdit>| {
        entered.update(|e| {
            for (r, c, v) in edits {
                if c == 0
                    && let Some(slot) = e.get_mut(r)
                {
                    *slot = v.is_finite().then_some(v);
                }
            }
        });
        problem.set(None);
    });

    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .unwrap_or_default();
        ev.prevent_default();
        let result = skus.with_untracked(|s| {
            let codes: Vec<&str> = s.iter().map(|l| l.sku.as_str()).collect();
            read_actuals(&text, &codes, state.number_format())
        });
        match result {
            Ok(values) => {
                let n = values.len();
                entered.update(|e| {
                    for (i, v) in values {
                        if let Some(slot) = e.get_mut(i) {
                            *slot = Some(v);
                        }
                    }
                });
                problem.set(None);
                note.set(Some(format!(
                    "Filled {n} SKU(s) from the pasted block; check them in the grid."
                )));
            }
            Err(bad) => {
                note.set(None);
                problem.set(Some(format!(
                    "Nothing was filled from the pasted block: {}.",
                    bad.join("; ")
                )));
            }
        }
    };

    let import = move |ev: leptos::ev::Event| {
        let files = chosen_files(&ev);
        if files.is_empty() {
            return;
        }
        // The import checks history against the cycle it goes into: the next one, whose
        // history ends with the month that just ended.
        let month = ended.get_untracked();
        let Some(json) =
            state.with_cycle_untracked(|c| serde_json::to_string(&successor(c, &c.id)).ok())
        else {
            return;
        };
        let Some(json) = json else { return };
        busy.set(true);
        problem.set(None);
        note.set(None);
        spawn_local(async move {
            let result = import_files(&files, json).await;
            busy.set(false);
            let cycle = match result {
                Ok(done) => Ok(done.cycle),
                Err(ImportFailure::Failed(e)) => Err(e),
                Err(ImportFailure::Refused(list)) => {
                    Err(format!("Nothing was imported: {}", list.join("; ")))
                }
            };
            match cycle {
                Err(e) => problem.set(Some(e)),
                Ok(c) => {
                    let found = skus.with_untracked(|s| {
                        let codes: Vec<&str> = s.iter().map(|l| l.sku.as_str()).collect();
                        actuals_in(&c.history, &codes, month)
                    });
                    let found = match found {
                        Ok(found) => found,
                        Err(e) => {
                            problem.set(Some(e));
                            return;
                        }
                    };
                    let n = found.len();
                    entered.update(|e| {
                        for (i, v) in found {
                            if let Some(slot) = e.get_mut(i) {
                                *slot = Some(v);
                            }
                        }
                    });
                    let total = skus.with_untracked(Vec::len);
                    note.set(Some(filled_note(n, total, month)));
                }
            }
        });
    };

    let roll = move |_| {
        let values: Vec<(String, f64)> = skus.with_untracked(|s| {
            entered.with_untracked(|e| {
                s.iter()
                    .zip(e)
                    .filter_map(|(l, v)| v.map(|v| (l.sku.clone(), v)))
                    .collect()
            })
        });
        let next_label = ended.get_untracked().plus(1);
        let id = state
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| free_cycle_id(&w.cycles, next_label)))
            .unwrap_or_default();
        let Some(result) = state.base_plan.with_untracked(|plan| {
            state.with_cycle_untracked(|c| roll_forward(c, plan, &values, &id))
        }) else {
            return;
        };
        match result {
            Ok(next) => {
                problem.set(None);
                note.set(None);
                open.set(false);
                state.add_cycle(next);
            }
            Err(e) => problem.set(Some(format!("Not rolled forward: {e}."))),
        }
    };

    view! {
        <div class="roll-forward" aria-labelledby="roll-title">
            <h3 id="roll-title">
                {move || format!("Next: the cycle of {}", ended.get().plus(1))}
            </h3>
            <Show
                when=move || open.get()
                fallback=move || {
                    view! {
                        <p class="muted">
                            {move || {
                                format!(
                                    "Once {} is over, enter its actual sales per SKU and roll forward: the next cycle starts from this plan's positions at the end of {}.",
                                    ended.get().short_label(),
                                    ended.get().short_label(),
                                )
                            }}
                        </p>
                        <button
                            id="roll-forward"
                            type="button"
                            class="primary"
                            on:click=move |_| open.set(true)
                        >
                            {move || format!("Roll forward to {}…", ended.get().plus(1))}
                        </button>
                    }
                }
            >
                <div class="roll-form" id="roll-form">
                    <p>
                        {move || {
                            format!(
                                "Actual units sold in {} for each of the {} SKUs (0 for none). Type them, paste a column of numbers from Excel into the grid, paste two columns (SKU, units) into the box, or import a sales history file.",
                                ended.get().short_label(),
                                skus.with(Vec::len),
                            )
                        }}
                    </p>
                    <div class="roll-inputs">
                        <label class="paste-box">
                            "Paste SKU and units from Excel"
                            <textarea
                                id="actuals-paste"
                                rows="2"
                                placeholder="two columns copied from Excel: SKU, units"
                                on:paste=on_paste
                            ></textarea>
                        </label>
                        <label class="file-button">
                            "Import actuals (CSV / XLSX)…"
                            <input
                                type="file"
                                id="actuals-file"
                                accept=".csv,.txt,.tsv,.xlsx,.xlsm"
                                disabled=move || busy.get()
                                on:change=import
                            />
                        </label>
                        <Show when=move || busy.get()>
                            <span class="busy" role="status">"Reading the file…"</span>
                        </Show>
                    </div>
                    <p class="done" id="roll-note" role="status">{move || note.get()}</p>
                    <Grid
                        id="actuals"
                        label="Actual units sold per SKU in the month that ended"
                        columns=columns
                        rows=rows
                        edits=edits
                        clearable=true
                    />
                    <p class="roll-count" id="roll-count">
                        {move || format!("{} of {} SKUs entered.", filled(), skus.with(Vec::len))}
                    </p>
                    <p class="problem" id="roll-problem" role="alert">{move || problem.get()}</p>
                    <p class="warn-note">
                        {move || {
                            format!(
                                "Rolling forward adds cycle {} (Draft) after this one and cannot be undone. This cycle stays approved and can still be viewed, read-only, from the top bar.",
                                ended.get().plus(1),
                            )
                        }}
                    </p>
                    <button
                        id="roll-confirm"
                        type="button"
                        class="primary"
                        disabled=move || !ready()
                        title=move || {
                            if ready() { "" } else { "Waiting for the statistical forecast" }
                        }
                        on:click=roll
                    >
                        {move || format!("Roll forward to {}", ended.get().plus(1))}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// What an older, approved cycle led to: the cycle rolled forward from it.
#[component]
pub(super) fn RolledInto() -> impl IntoView {
    let state = expect_context::<AppState>();
    let next = Memo::new(move |_| {
        let id = state.with_cycle(|c| c.id.clone()).unwrap_or_default();
        state.workspace.with(|w| {
            w.as_ref().and_then(|w| {
                w.cycles
                    .iter()
                    .find(|c| c.rolled_from.as_deref() == Some(id.as_str()))
                    .map(|c| c.label)
            })
        })
    });
    view! {
        <p class="muted" id="rolled-into">
            {move || match next.get() {
                Some(m) => format!("Rolled forward to cycle {m}. Its plan is scored against the actuals in Demand review (accuracy across cycles)."),
                None => "An older cycle, shown read-only.".to_string(),
            }}
        </p>
    }
}

/// Where a rolled-forward cycle came from, and where its plan is now.
#[component]
pub(super) fn RolledFrom() -> impl IntoView {
    let state = expect_context::<AppState>();
    let from = Memo::new(move |_| {
        let id = state.with_cycle(|c| c.rolled_from.clone()).flatten()?;
        state.workspace.with(|w| {
            w.as_ref()?
                .cycles
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.label)
        })
    });
    view! {
        {move || {
            from.get()
                .map(|m| {
                    view! {
                        <p class="muted" id="rolled-from">
                            {format!(
                                "Rolled forward from cycle {m}: its approved plan stays viewable, read-only (View in the top bar), and is scored against the actuals in Demand review.",
                            )}
                        </p>
                    }
                })
        }}
    }
}
