//! The monthly finance table: profit and loss, working capital, operating cash flow by
//! the direct and the indirect method (and their difference, zero every month), cash.
//! Every block adds up from top to bottom: what lowers profit or cash is negative.

use super::fmt::{Scale, amount, money_exact, ratio, symbol};
use crate::engine::plan::FinancePlan;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// How a row's numbers read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A flow of the month; the total is the sum.
    Flow,
    /// A month-end balance; the total column is the last month's, the opening column
    /// the balance before the first month.
    Balance,
    /// A ratio (GM %); the total is of the totals.
    Ratio,
    /// Direct − indirect OCF: must be zero.
    Check,
}

#[derive(Clone, Debug, PartialEq)]
struct TableRow {
    key: &'static str,
    label: &'static str,
    /// Why the numbers are what they are (row header tooltip).
    note: &'static str,
    kind: Kind,
    /// Subtotal rows are bold with a rule above.
    subtotal: bool,
    opening: Option<Decimal>,
    values: Vec<Decimal>,
    total: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
struct Section {
    title: &'static str,
    rows: Vec<TableRow>,
}

fn sections(f: &FinancePlan) -> Vec<Section> {
    let m = &f.months;
    let col = |g: fn(&crate::engine::plan::FinanceMonth) -> Decimal| -> Vec<Decimal> {
        m.iter().map(g).collect()
    };
    let flow = |key, label, note, subtotal, values: Vec<Decimal>| TableRow {
        key,
        label,
        note,
        kind: Kind::Flow,
        subtotal,
        opening: None,
        total: values.iter().sum(),
        values,
    };
    let balance =
        |key, label, note, subtotal, opening: Option<Decimal>, values: Vec<Decimal>| TableRow {
            key,
            label,
            note,
            kind: Kind::Balance,
            subtotal,
            opening,
            total: values.last().copied().unwrap_or_default(),
            values,
        };
    // Changes of a balance, as cash effects: −increase (sign −1) or +increase (+1).
    let change = |values: &[Decimal], opening: Decimal, sign: i64| -> Vec<Decimal> {
        let mut prev = opening;
        values
            .iter()
            .map(|v| {
                let d = (*v - prev) * Decimal::from(sign);
                prev = *v;
                d
            })
            .collect()
    };
    let neg = |v: Vec<Decimal>| v.into_iter().map(|x| -x).collect::<Vec<_>>();
    let t = &f.totals;
    let ar = col(|x| x.ar);
    let ap = col(|x| x.ap);
    let inv = col(|x| x.inventory);
    let ocf_direct = col(|x| x.ocf_direct);
    let ocf_indirect = col(|x| x.ocf_indirect);
    let other_cost = col(|x| x.fixed_cost + x.overtime_premium);
    vec![
        Section {
            title: "Profit and loss",
            rows: vec![
                flow(
                    "revenue",
                    "Revenue",
                    "Units shipped × price",
                    false,
                    col(|x| x.revenue),
                ),
                flow(
                    "cogs",
                    "Cost of goods sold",
                    "Units shipped × standard unit cost (negative: a cost)",
                    false,
                    neg(col(|x| x.cogs)),
                ),
                flow(
                    "gross-margin",
                    "Gross margin",
                    "Revenue − cost of goods sold",
                    true,
                    col(|x| x.gross_margin),
                ),
                TableRow {
                    key: "gm-pct",
                    label: "Gross margin %",
                    note: "Gross margin / revenue",
                    kind: Kind::Ratio,
                    subtotal: false,
                    opening: None,
                    values: col(|x| x.gm_pct),
                    total: if t.revenue.is_zero() {
                        Decimal::ZERO
                    } else {
                        (t.gross_margin / t.revenue).round_dp(4)
                    },
                },
                flow(
                    "fixed-cost",
                    "Fixed cost",
                    "Fixed operating cost per month (negative: a cost)",
                    false,
                    neg(col(|x| x.fixed_cost)),
                ),
                flow(
                    "overtime",
                    "Overtime premium",
                    "Extra cost of the overtime hours used (negative: a cost)",
                    false,
                    neg(col(|x| x.overtime_premium)),
                ),
                flow(
                    "ebitda",
                    "EBITDA",
                    "Gross margin − fixed cost − overtime premium",
                    true,
                    col(|x| x.ebitda),
                ),
            ],
        },
        Section {
            title: "Working capital (month end)",
            rows: vec![
                balance(
                    "inventory-fg",
                    "Finished goods",
                    "Projected finished-goods stock at standard cost",
                    false,
                    None,
                    col(|x| x.inventory_fg),
                ),
                balance(
                    "inventory-components",
                    "Components",
                    "Component stock at cost",
                    false,
                    None,
                    col(|x| x.inventory_components),
                ),
                balance(
                    "inventory",
                    "Inventory",
                    "Finished goods + components",
                    true,
                    Some(f.opening_inventory),
                    inv.clone(),
                ),
                balance(
                    "ar",
                    "Receivables (AR)",
                    "Revenue of the last DSO days, not yet collected",
                    false,
                    Some(f.opening_ar),
                    ar.clone(),
                ),
                balance(
                    "ap",
                    "Payables (AP)",
                    "Purchases and conversion cost of the last DPO days, not yet paid",
                    false,
                    Some(f.opening_ap),
                    ap.clone(),
                ),
            ],
        },
        Section {
            title: "Operating cash flow, direct method",
            rows: vec![
                flow(
                    "collections",
                    "Collections",
                    "Cash received from customers: AR at the start + revenue − AR at the end",
                    false,
                    col(|x| x.collections),
                ),
                flow(
                    "payments",
                    "Payments",
                    "Cash paid for components and conversion: AP at the start + purchases + conversion − AP at the end (negative: cash out)",
                    false,
                    neg(col(|x| x.payments)),
                ),
                flow(
                    "fixed-paid",
                    "Fixed cost and overtime",
                    "Paid in the month (negative: cash out)",
                    false,
                    neg(other_cost),
                ),
                flow(
                    "ocf-direct",
                    "Operating cash flow (direct)",
                    "Collections − payments − fixed cost − overtime premium",
                    true,
                    ocf_direct.clone(),
                ),
            ],
        },
        Section {
            title: "Operating cash flow, indirect method",
            rows: vec![
                flow(
                    "ebitda-indirect",
                    "EBITDA",
                    "From the profit and loss above",
                    false,
                    col(|x| x.ebitda),
                ),
                flow(
                    "delta-ar",
                    "Change in receivables",
                    "More receivables tie up cash (negative), fewer release it",
                    false,
                    change(&ar, f.opening_ar, -1),
                ),
                flow(
                    "delta-inventory",
                    "Change in inventory",
                    "More inventory ties up cash (negative), less releases it",
                    false,
                    change(&inv, f.opening_inventory, -1),
                ),
                flow(
                    "delta-ap",
                    "Change in payables",
                    "More payables keep cash in (positive), fewer pay it out",
                    false,
                    change(&ap, f.opening_ap, 1),
                ),
                flow(
                    "ocf-indirect",
                    "Operating cash flow (indirect)",
                    "EBITDA − Δ receivables − Δ inventory + Δ payables",
                    true,
                    ocf_indirect.clone(),
                ),
                TableRow {
                    key: "ocf-check",
                    label: "Direct − indirect",
                    note: "Both methods agree exactly (to the cent) when this is 0",
                    kind: Kind::Check,
                    subtotal: false,
                    opening: None,
                    values: ocf_direct
                        .iter()
                        .zip(&ocf_indirect)
                        .map(|(a, b)| a - b)
                        .collect(),
                    total: t.ocf - ocf_indirect.iter().sum::<Decimal>(),
                },
            ],
        },
        Section {
            title: "Cash",
            rows: vec![balance(
                "cash",
                "Cash balance",
                "Cash at the start + operating cash flow of each month",
                true,
                Some(f.opening_cash),
                col(|x| x.cash),
            )],
        },
    ]
}

/// The finance table of `fin`, amounts in units or thousands of the currency.
#[component]
pub fn FinanceTable(
    fin: Memo<FinancePlan>,
    #[prop(into)] currency: Signal<String>,
) -> impl IntoView {
    let scale = RwSignal::new(Scale::Thousands);
    let data = Memo::new(move |_| fin.with(sections));
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
    row: TableRow,
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
