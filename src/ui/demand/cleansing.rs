//! The history cleansing panel of the demand review: the flagged months of the selected
//! SKU (or of a family's SKUs) with Accept / Edit / Reject, known events marked on
//! history (a promotion re-applied to a plan month), and the raw history beside the
//! cleansed one the baseline uses. It draws `engine::review::cleansing` and sends the
//! commands of `engine::command` (`correct_history`, `mark_history_event`, …).

use crate::engine::command::{
    clear_history_correction, correct_history, mark_history_event, reapply_month, reapply_promotion,
};
use crate::engine::format::fixed;
use crate::engine::model::{CorrectionStatus, EventKind};
use crate::engine::month::Month;
use crate::engine::plan::output::qty;
use crate::engine::review::cleansing::{CleansingReview, CleansingRow, ReviewBuilder, RowKind};
use crate::ui::format::{number_format, parse_number, plain, units};
use crate::ui::glossary::Term;
use crate::ui::paged;
use crate::ui::slices;
use crate::ui::state::{AppState, Selection};
use leptos::prelude::*;

/// Months of raw and cleansed history in the side-by-side table.
const SHOWN: usize = 24;

fn status_text(r: &CleansingRow) -> String {
    match r.status {
        None => "Open".into(),
        Some(CorrectionStatus::Accepted) => format!("Accepted · uses {}", units(r.used)),
        Some(CorrectionStatus::Edited) => format!("Edited · uses {}", units(r.used)),
        Some(CorrectionStatus::Rejected) => "Rejected · actual kept".into(),
    }
}

/// The cleansing review of the selection, made again when the selection or the cycle's
/// data change: at once for a SKU, in slices for a large family (a family of 2,500 SKUs
/// takes ~0.1 s; `None` meanwhile: the panel says it is judging).
fn reviewed(state: AppState, selection: Memo<Option<Selection>>) -> Memo<Option<CleansingReview>> {
    let built = RwSignal::new(None::<CleansingReview>);
    let run = StoredValue::new(0u32);
    Effect::new(move |_| {
        let sel = selection.get();
        let builder = sel.and_then(|sel| state.with_cycle_data(|c| ReviewBuilder::new(c, &sel)));
        run.update_value(|r| *r = r.wrapping_add(1));
        let this = run.get_value();
        let Some(b) = builder else {
            built.set(None);
            return;
        };
        let step = move |b: &mut ReviewBuilder, more: &mut dyn FnMut() -> bool| {
            state
                .with_cycle_untracked(|c| b.step(c, more))
                .unwrap_or(true)
        };
        // Another selection or other data (a newer review runs), or the panel gone.
        let current = move || run.try_get_value() == Some(this);
        let finish = move |b: ReviewBuilder| built.set(Some(b.finish()));
        if !slices::in_slices(b, step, current, finish) {
            built.set(None);
        }
    });
    Memo::new(move |_| built.get())
}

/// The panel under the waterfall.
#[component]
pub(super) fn HistoryCleansing(selection: Memo<Option<Selection>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let review = reviewed(state, selection);
    let editing: RwSignal<Option<(String, Month)>> = RwSignal::new(None);
    let typed = RwSignal::new(String::new());
    let run = move |cmd: Result<crate::engine::command::Command, _>| {
        let r = cmd.and_then(|c| state.apply(c));
        if let Err(e) = r {
            state.error.set(Some(e.to_string()));
        }
    };
    let decide = move |r: &CleansingRow, status: CorrectionStatus, value: f64| {
        let cmd = state
            .with_cycle_untracked(|c| {
                correct_history(c, &r.sku, r.month, r.kind.correction(), status, value, "")
            })
            .unwrap_or_else(|| Err(crate::engine::command::CommandError("no cycle".into())));
        run(cmd);
    };
    let row_view = move |r: CleansingRow, family: bool| {
        let (a, e, j, cl) = (r.clone(), r.clone(), r.clone(), r.clone());
        let is_event = matches!(r.kind, RowKind::Event(_));
        let key = (r.sku.clone(), r.month);
        let key2 = key.clone();
        let is_editing = move || editing.get().as_ref() == Some(&key);
        let save = move |_| {
            match parse_number(&typed.get_untracked()) {
                Ok(v) => decide(&e, CorrectionStatus::Edited, v),
                Err(m) => state.error.set(Some(format!("{} {}: {m}", e.sku, e.month))),
            }
            editing.set(None);
        };
        let promo = r.kind == RowKind::Event(EventKind::Promotion);
        let reapply = move |_| {
            let cmd = state
                .with_cycle_untracked(|c| reapply_promotion(c, &cl.sku, cl.month, reapply_month(c)))
                .unwrap_or_else(|| Err(crate::engine::command::CommandError("no cycle".into())));
            run(cmd);
        };
        let clear = {
            let r = r.clone();
            move |_| {
                let cmd = state.with_cycle_untracked(|c| {
                    clear_history_correction(c, &r.sku, r.month, r.kind.correction())
                });
                if let Some(cmd) = cmd {
                    run(Ok(cmd));
                }
            }
        };
        view! {
            <tr data-month=r.month.to_string() data-kind=r.kind.label() data-sku=r.sku.clone()>
                {family.then(|| view! { <td>{r.sku.clone()}</td> })}
                <td>{r.month.short_label()}</td>
                <td>{r.kind.label()}</td>
                <td class="num" data-value=r.raw.to_string()>{units(r.raw)}</td>
                <td class="num" data-value=r.suggested.to_string()>{units(r.suggested)}</td>
                <td class="num">{r.score.map(|s| fixed(s, 1, false, number_format())).unwrap_or_else(|| "event".into())}</td>
                <td class="status">{status_text(&r)}</td>
                <td class="actions">
                    {(!is_event).then(|| view! {
                        <button on:click=move |_| decide(&a, CorrectionStatus::Accepted, a.accept_value)>"Accept"</button>
                        <button on:click=move |_| {
                            typed.set(plain(qty(j.accept_value)));
                            editing.set(Some(key2.clone()));
                        }>"Edit"</button>
                        <button on:click={
                            let j = j.clone();
                            move |_| decide(&j, CorrectionStatus::Rejected, 0.0)
                        }>"Reject"</button>
                    })}
                    {promo.then(|| view! {
                        <button on:click=reapply title="A Marketing adjustment of the uplift it had (actual − expected) in the plan's third month">
                            "Re-apply"
                        </button>
                    })}
                    {(r.status.is_some()).then(|| view! { <button on:click=clear>"Clear"</button> })}
                    <Show when=is_editing>
                        <label class="edit-value">
                            <span class="sr-only">"Value to use"</span>
                            <input
                                type="text"
                                inputmode="decimal"
                                size="7"
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))
                            />
                        </label>
                        <button on:click=save.clone()>"Save"</button>
                    </Show>
                </td>
            </tr>
        }
    };
    let limit = paged::page_limit(selection);
    let clean = || view! { <p class="none">"No flagged months: the history looks clean."</p> };
    let table = move || {
        let Some(rv) = review.get() else {
            if selection.with(Option::is_some) {
                return view! { <p class="none judging">"Judging the histories of the selection…"</p> }
                    .into_any();
            }
            return clean().into_any();
        };
        let family = matches!(selection.get(), Some(Selection::Family(_)));
        if rv.rows.is_empty() {
            return clean().into_any();
        }
        let total = rv.rows.len();
        let shown = limit.get().min(total);
        let rows = rv
            .rows
            .into_iter()
            .take(shown)
            .map(|r| row_view(r, family))
            .collect_view();
        let more = paged::more_rows(shown, total, "flagged months listed.", limit);
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Flagged months (scrolls)">
                <table class="grid" id="cleansing-findings">
                    <thead>
                        <tr>
                            {family.then(|| view! { <th scope="col">"SKU"</th> })}
                            <th scope="col">"Month"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Actual"</th>
                            <th scope="col">"Suggested"</th>
                            <th scope="col">"Score (σ)"</th>
                            <th scope="col">"Decision"</th>
                            <th scope="col">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {more}
        }
        .into_any()
    };
    let open = move || {
        review
            .get()
            .map(|r| format!("{} open", r.open))
            .unwrap_or_default()
    };
    view! {
        <details class="panel cleansing" id="history-cleansing" open=true>
            <summary>
                <Term text="History cleansing" />
                " · " <span class="open-count">{open}</span>
            </summary>
            <p class="hint">
                "Months far from the robust decomposition (spikes, dips) and lasting steps (level shifts). "
                "Accept uses the suggested value for the baseline, Edit your own, Reject keeps the actual; the raw history stays."
            </p>
            {table}
            <MarkEvent selection=selection review=review />
            <SideBySide review=review />
        </details>
    }
}

/// "Mark [month] as [event] [note] → Mark event" (a SKU only).
#[component]
fn MarkEvent(
    selection: Memo<Option<Selection>>,
    review: Memo<Option<CleansingReview>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let month = RwSignal::new(String::new());
    let kind = RwSignal::new(0usize);
    let note = RwSignal::new(String::new());
    let months = move || review.with(|r| r.as_ref().map(|r| r.months.clone()).unwrap_or_default());
    let mark = move |_| {
        let Some(Selection::Sku(sku)) = selection.get_untracked() else {
            return;
        };
        let ms = months();
        let m = ms
            .iter()
            .find(|m| m.to_string() == month.get_untracked())
            .or(ms.last())
            .copied();
        let Some(m) = m else { return };
        let event = EventKind::ALL[kind.get_untracked().min(EventKind::ALL.len() - 1)];
        let cmd = state
            .with_cycle_untracked(|c| mark_history_event(c, &sku, m, event, &note.get_untracked()));
        if let Some(r) = cmd.map(|cmd| cmd.and_then(|cmd| state.apply(cmd)))
            && let Err(e) = r
        {
            state.error.set(Some(e.to_string()));
        }
    };
    move || {
        if !matches!(selection.get(), Some(Selection::Sku(_))) {
            return view! { <p class="hint">"Pick a SKU to mark a known event on its history."</p> }
                .into_any();
        }
        let options = months()
            .into_iter()
            .rev()
            .map(|m| view! { <option value=m.to_string()>{m.short_label()}</option> })
            .collect_view();
        let kinds = EventKind::ALL
            .iter()
            .enumerate()
            .map(|(i, e)| view! { <option value=i.to_string()>{e.label()}</option> })
            .collect_view();
        view! {
            <div class="row mark-event">
                <label>
                    <Term text="Known event" />
                    " in "
                    <select on:change=move |ev| month.set(event_target_value(&ev))>{options}</select>
                </label>
                <label>
                    "Kind "
                    <select on:change=move |ev| kind.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {kinds}
                    </select>
                </label>
                <label>
                    "Note "
                    <input type="text" size="16" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                </label>
                <button on:click=mark>"Mark event"</button>
            </div>
        }
        .into_any()
    }
}

/// The raw history beside the cleansed one the baseline uses (last months).
#[component]
fn SideBySide(review: Memo<Option<CleansingReview>>) -> impl IntoView {
    move || {
        let r = review.get()?;
        let from = r.months.len().saturating_sub(SHOWN);
        let head = r.months[from..]
            .iter()
            .map(|m| view! { <th scope="col">{m.short_label()}</th> })
            .collect_view();
        let line = |v: &[f64], cleansed: &[f64], raw: &[f64]| {
            v.iter()
                .zip(cleansed.iter().zip(raw))
                .map(|(x, (c, r))| {
                    let changed = c != r;
                    view! { <td class:changed=changed data-value=x.to_string()>{units(*x)}</td> }
                })
                .collect_view()
        };
        let raw = line(&r.raw[from..], &r.cleansed[from..], &r.raw[from..]);
        let cleansed = line(&r.cleansed[from..], &r.cleansed[from..], &r.raw[from..]);
        Some(view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Raw and cleansed history (scrolls)">
                <table class="grid" id="cleansing-history">
                    <thead>
                        <tr>
                            <th scope="col">"History"</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>
                        <tr data-row="raw"><th scope="row">"Actual (raw)"</th>{raw}</tr>
                        <tr data-row="cleansed"><th scope="row">"Cleansed (baseline)"</th>{cleansed}</tr>
                    </tbody>
                </table>
            </div>
        })
    }
}
