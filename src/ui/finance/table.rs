//! The monthly finance table: profit and loss, working capital, operating cash flow by
//! the direct and the indirect method (and their difference, zero every month), cash.
//! Every block adds up from top to bottom: what lowers profit or cash is negative.

use super::fmt::{Scale, amount, money_exact, ratio, symbol};
use crate::engine::plan::FinancePlan;
use crate::engine::review::finance::{Kind, StatementRow, statement};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The finance table of `fin`, amounts in units or thousands of the currency.
#[component]
pub fn FinanceTable(
    fin: Memo<FinancePlan>,
    #[prop(into)] currency: Signal<String>,
) -> impl IntoView {
    let scale = RwSignal::new(Scale::Thousands);
    let data = Memo::new(move |_| fin.with(statement));
    let months =
        Memo::new(move |_| fin.with(|f| f.months.iter().map(|m| m.month).collect::<Vec<_>>()));
    let min_cash = Memo::new(move |_| fin.with(|f| f.min_cash));
    view! {
        <div class="panel finance-table-panel">
            <div class="panel-head">
                <h2 id="finance-table-title">"Monthly plan"</h2>
                <label class="scale">
                    "Amounts in "
                    <select
                        id="finance-scale"
                        on:change=move |ev| {
                            scale
                                .set(
                                    if event_target_value(&ev) == "units" {
                                        Scale::Units
                                    } else {
                                        Scale::Thousands
                                    },
                                )
                        }
                    >
                        <option value="thousands" selected=true>
                            {move || format!("{} thousands", symbol(&currency.get()))}
                        </option>
                        <option value="units">{move || symbol(&currency.get()).to_string()}</option>
                    </select>
                </label>
            </div>
            <p class="table-note">
                "Each block adds up from top to bottom. Negative numbers (red, with a minus sign) lower profit or cash: costs, cash paid out, or cash tied up in more receivables or inventory. Balances are at month end; the Total column sums the flows and shows the balances at the end of the horizon. Point at a number for its exact value."
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Monthly finance table (scrolls)">
                <table
                    id="finance-table"
                    class="grid finance-table"
                    aria-labelledby="finance-table-title"
                >
                    <thead>
                        <tr>
                            <th scope="col">
                                {move || match scale.get() {
                                    Scale::Thousands => format!("{} thousands", symbol(&currency.get())),
                                    Scale::Units => symbol(&currency.get()).to_string(),
                                }}
                            </th>
                            <th scope="col" class="opening">
                                "Opening"
                            </th>
                            {move || {
                                months
                                    .get()
                                    .into_iter()
                                    .map(|m| {
                                        view! {
                                            <th scope="col" data-month=m.to_string()>
                                                {m.short_label()}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                            <th scope="col" class="total">
                                "Total"
                            </th>
                        </tr>
                    </thead>
                    {move || {
                        let sc = scale.get();
                        let cur = currency.get();
                        let ms = months.get();
                        let min = min_cash.get();
                        let ncols = ms.len() + 3;
                        data.get()
                            .into_iter()
                            .map(|sec| {
                                view! {
                                    <tbody>
                                        <tr class="section">
                                            <th scope="rowgroup" colspan=ncols.to_string()>
                                                {sec.title}
                                            </th>
                                        </tr>
                                        {sec
                                            .rows
                                            .into_iter()
                                            .map(|row| render_row(row, &ms, sc, &cur, min))
                                            .collect_view()}
                                    </tbody>
                                }
                            })
                            .collect_view()
                    }}
                </table>
            </div>
        </div>
    }
}

fn cell_text(kind: Kind, v: Decimal, scale: Scale) -> String {
    match kind {
        Kind::Ratio => ratio(v),
        Kind::Check if v.is_zero() => "0 ✓".into(),
        _ => amount(v, scale),
    }
}

fn render_row(
    row: StatementRow,
    months: &[crate::engine::month::Month],
    scale: Scale,
    cur: &str,
    min_cash: Decimal,
) -> impl IntoView + use<> {
    let kind = row.kind;
    let is_cash = row.key == "cash";
    let title = |v: Decimal| match kind {
        Kind::Ratio => ratio(v),
        _ => money_exact(v, cur),
    };
    let negative = |v: Decimal| kind != Kind::Ratio && v.round() < Decimal::ZERO;
    let opening = match row.opening {
        Some(v) => view! {
            <td class="num opening" class:neg=negative(v) data-value=v.to_string() title=title(v)>
                {cell_text(kind, v, scale)}
            </td>
        }
        .into_any(),
        None => view! { <td class="opening empty"></td> }.into_any(),
    };
    let cells = row
        .values
        .iter()
        .zip(months)
        .map(|(v, m)| {
            let below = is_cash && *v < min_cash;
            let tip = if below {
                format!(
                    "{} — below the minimum cash of {}",
                    title(*v),
                    money_exact(min_cash, cur)
                )
            } else if kind == Kind::Check && !v.is_zero() {
                format!("{}: the two methods disagree", title(*v))
            } else {
                title(*v)
            };
            view! {
                <td
                    class="num"
                    class:neg=negative(*v)
                    class:below-min=below
                    class:check-ok=kind == Kind::Check && v.is_zero()
                    class:check-bad=kind == Kind::Check && !v.is_zero()
                    data-month=m.to_string()
                    data-value=v.to_string()
                    title=tip
                >
                    {cell_text(kind, *v, scale)}
                </td>
            }
        })
        .collect_view();
    let total = row.total;
    let total_title = match kind {
        Kind::Balance => format!("{} at the end of the horizon", title(total)),
        _ => title(total),
    };
    view! {
        <tr data-row=row.key class:subtotal=row.subtotal class=format!("kind-{kind:?}").to_lowercase()>
            <th scope="row" title=row.note>
                {row.label}
            </th>
            {opening}
            {cells}
            <td
                class="num total"
                class:neg=negative(total)
                class:check-ok=kind == Kind::Check && total.is_zero()
                data-value=total.to_string()
                title=total_title
            >
                {cell_text(kind, total, scale)}
            </td>
        </tr>
    }
}
