//! Long lists drawn a page at a time: a large family's flagged months (cleansing) and
//! its SKUs (supply) run to hundreds or thousands of rows, and drawing them all (their
//! buttons and listeners) made a click on the family a wait of 0.2–1.3 s at 10,000 SKUs
//! for rows nobody reads at once.

use leptos::prelude::*;

/// Rows listed at first, and added by each "Show more".
pub const PAGE_ROWS: usize = 50;

/// How many rows to list: [`PAGE_ROWS`], again for each new value of `selection`.
pub fn page_limit<T: Send + Sync + 'static>(selection: Memo<T>) -> RwSignal<usize> {
    let limit = RwSignal::new(PAGE_ROWS);
    Effect::new(move |_| {
        crate::ui::state::follow(selection);
        if limit.get_untracked() != PAGE_ROWS {
            limit.set(PAGE_ROWS);
        }
    });
    limit
}

/// "50 of 365 flagged months listed. [Show 50 more]" while `shown < total` (`what`: the
/// rows' noun and how they are ordered, e.g. "flagged months listed.").
pub fn more_rows(
    shown: usize,
    total: usize,
    what: &str,
    limit: RwSignal<usize>,
) -> Option<impl IntoView> {
    (shown < total).then(|| {
        let next = PAGE_ROWS.min(total - shown);
        view! {
            <p class="more-rows">
                {format!("{shown} of {total} {what} ")}
                <button class="show-more" on:click=move |_| limit.update(|l| *l += PAGE_ROWS)>
                    {format!("Show {next} more")}
                </button>
            </p>
        }
    })
}
