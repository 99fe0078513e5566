//! "Changes since the last meeting, by person": each author's cell edits and comments
//! since the last sign-off (`engine::review::by_person`, which defines the last
//! meeting), with the cells they changed, by how much in all, and the reasons given.

use crate::engine::review::by_person::{ByPerson, since_last_meeting};
use crate::ui::format::signed;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Cells listed per person before "and N more".
const CELLS_SHOWN: usize = 6;

#[component]
pub fn ChangesByPerson() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = Memo::new(move |_| -> ByPerson {
        let v = state.viewing.get();
        state
            .workspace
            .with(|w| {
                let w = w.as_ref()?;
                let i = v.unwrap_or(w.cycles.len().checked_sub(1)?);
                let cur = w.cycles.get(i)?;
                let prev = w
                    .cycles
                    .iter()
                    .find(|c| Some(&c.id) == cur.rolled_from.as_ref());
                Some(since_last_meeting(cur, prev))
            })
            .unwrap_or_default()
    });
    view! {
        <div class="panel by-person" aria-labelledby="by-person-title">
            <h2 id="by-person-title">"Changes since the last meeting, by person"</h2>
            <p class="muted">{move || summary.with(|s| format!("Since {}.", s.since_what))}</p>
            <Show
                when=move || summary.with(|s| !s.people.is_empty())
                fallback=|| view! { <p class="muted">"No cell edited or comment written since."</p> }
            >
                <table class="by-person-table" id="by-person">
                    <thead>
                        <tr>
                            <th scope="col">"Person"</th>
                            <th scope="col">"Edits"</th>
                            <th scope="col">"Comments"</th>
                            <th scope="col">"Cells changed (net)"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            summary
                                .get()
                                .people
                                .into_iter()
                                .map(|p| {
                                    let more = p.cells.len().saturating_sub(CELLS_SHOWN);
                                    let cells = p
                                        .cells
                                        .iter()
                                        .take(CELLS_SHOWN)
                                        .map(|c| {
                                            let plan = c.plan.map(|id| format!(" (scenario #{id})"));
                                            let why = if c.reasons.is_empty() {
                                                String::new()
                                            } else {
                                                format!(" — “{}”", c.reasons.join("”, “"))
                                            };
                                            format!(
                                                "{} {}{}{}",
                                                c.cell.label(),
                                                signed(c.net),
                                                plan.unwrap_or_default(),
                                                why
                                            )
                                        })
                                        .collect::<Vec<_>>()
                                        .join("; ");
                                    view! {
                                        <tr data-person=p.author.name.clone()>
                                            <th scope="row">{p.author.label()}</th>
                                            <td class="num n-edits">{p.edits}</td>
                                            <td class="num n-comments">{p.comments}</td>
                                            <td class="cells">
                                                {cells}
                                                {(more > 0).then(|| format!(" … and {more} more"))}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </div>
    }
}
