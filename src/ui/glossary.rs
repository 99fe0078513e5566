//! The S&OP glossary: one table of terms, each shown as a tooltip (`title`) and told to
//! screen readers (`aria-describedby` → the hidden definitions the shell renders once)
//! wherever a label uses the term.

use leptos::prelude::*;

/// (id, how the term reads in labels, definition). Longer spellings first, so that
/// "Cash cycle (CCC)" finds CCC before "cash".
pub const TERMS: &[(&str, &str, &str)] = &[
    (
        "sop",
        "S&OP",
        "Sales and operations planning: once a month, demand, supply and finance agree on one plan, signed off by the executives.",
    ),
    (
        "consensus",
        "Consensus",
        "The demand all functions agreed on: the statistical forecast plus the sales, marketing and pipeline layers and the consensus overrides. Supply and finance plan from it.",
    ),
    (
        "statistical",
        "Statistical",
        "The forecast computed from the sales history alone (before anyone's adjustments).",
    ),
    (
        "pipeline",
        "Pipeline",
        "Open deals with customers, each weighted by its probability of closing.",
    ),
    (
        "rccp",
        "RCCP",
        "Rough-cut capacity planning: the load the plan puts on each resource, month by month, against its regular and overtime hours.",
    ),
    (
        "overtime",
        "Overtime",
        "Hours worked beyond regular hours, at a premium. A load above regular hours that fits in overtime 'needs overtime' (amber); beyond it, the resource is 'over capacity' (red).",
    ),
    (
        "utilisation",
        "utilisation",
        "Load divided by regular hours; above 100 % the resource needs overtime or more.",
    ),
    (
        "fill",
        "Fill rate",
        "Share of demand shipped in its month. Shown 99.9 % at most while any SKU is short.",
    ),
    (
        "backlog",
        "Backlog",
        "Demand not shipped in its month that waits to be shipped later.",
    ),
    (
        "ccc",
        "CCC",
        "Cash conversion cycle: DSO + DIO − DPO, the days cash is tied up between paying suppliers and being paid by customers.",
    ),
    (
        "dso",
        "DSO",
        "Days sales outstanding: how many days customers take to pay.",
    ),
    (
        "dpo",
        "DPO",
        "Days payables outstanding: how many days we take to pay suppliers.",
    ),
    (
        "dio",
        "DIO",
        "Days inventory outstanding: inventory value in days of cost of goods sold.",
    ),
    (
        "ocf",
        "OCF",
        "Operating cash flow: cash from operations, after working capital.",
    ),
    (
        "fva",
        "FVA",
        "Forecast value added: how much a layer (sales, marketing, pipeline, consensus) improved the forecast over the layer before (WAPE before − WAPE after).",
    ),
    (
        "wape",
        "WAPE",
        "Weighted absolute percentage error: Σ|forecast − actual| / Σ actual.",
    ),
    (
        "fte",
        "FTE",
        "Full-time equivalents: labour hours divided by the hours of one full-time person.",
    ),
    (
        "safety",
        "Safety stock",
        "Stock kept for demand above the forecast, from the forecast error and the service level.",
    ),
    (
        "cleansing",
        "History cleansing",
        "Correcting history before it is forecast: months far from what the history's trend and season expect (spikes, dips) and lasting steps (level shifts) are flagged; the planner accepts the suggested value, types one or keeps the actual. The raw history stays.",
    ),
    (
        "reconcile",
        "Reconcile",
        "Making a family's forecast and its SKUs' agree: the family's own forecast (from its summed history) and the sum of its SKUs' are weighed by their backtest errors, and the SKUs carry the result. A family is reconciled only where that beat the plain sum in the last backtest.",
    ),
    (
        "level-shift",
        "Level shift",
        "A lasting step in a product's level (a lost customer, a new channel): the history before it is moved to the new level, or kept.",
    ),
    (
        "event",
        "Known event",
        "A promotion, stock-out or strike marked on a month of history: the month is left out of the baseline (its expected value is used), and a promotion's uplift can be planned again as a marketing event.",
    ),
    (
        "launch",
        "Launch month",
        "A new product's first month of sales (phase-in): its baseline is 0 before it, then built from a like item or a family share until it has 12 months of its own sales.",
    ),
    (
        "like-item",
        "Like item",
        "An existing product whose sales curve a new product is expected to follow: its curve from its own first sale, moved to the new product's launch month and scaled by the like factor.",
    ),
    (
        "family-share",
        "Family share",
        "A new product's baseline as a percentage of the baseline of its family's other products (instead of a like item).",
    ),
    (
        "end-of-life",
        "End of life",
        "First month of a product's phase-out: from it its demand moves to its successor, at once or over a ramp of N months (k/N of it in the k-th month).",
    ),
    (
        "successor",
        "Successor",
        "The product that takes over the demand of a product at its end of life; the two together keep the same units each month.",
    ),
];

/// The glossary entry a label uses, if any: (id of its hidden definition, definition).
pub fn term(label: &str) -> Option<(String, &'static str)> {
    TERMS
        .iter()
        .find(|(_, word, _)| label.contains(word))
        .map(|(id, _, def)| (format!("glossary-{id}"), *def))
}

/// The definitions, hidden, for `aria-describedby` (rendered once by the shell).
#[component]
pub fn Definitions() -> impl IntoView {
    view! {
        <div class="glossary" hidden=true>
            {TERMS
                .iter()
                .map(|(id, _, def)| view! { <span id=format!("glossary-{id}")>{*def}</span> })
                .collect_view()}
        </div>
    }
}

/// A label with its glossary tooltip when it uses a term (plain text otherwise).
#[component]
pub fn Term(#[prop(into)] text: String) -> impl IntoView {
    match term(&text) {
        Some((id, def)) => view! {
            <span class="term" title=def aria-describedby=id>{text}</span>
        }
        .into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    }
}
