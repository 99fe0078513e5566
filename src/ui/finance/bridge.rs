//! A bridge (`engine::review::bridge`) drawn: a waterfall chart from one number to the
//! other, each step a floating bar (green up, red down), and the same steps as a table
//! (the chart's numbers for a screen reader, and exact to the cent on hover).

use super::charts::{BAD, BRAND, GOOD};
use super::fmt::{delta_money, money_exact};
use crate::engine::review::bridge::Bridge;
use crate::ui::chart::Chart;
use crate::ui::format::{money_compact, to_f64};
use charming::component::{Axis, Grid};
use charming::datatype::DataPointItem;
use charming::element::{AxisLabel, AxisType, ItemStyle, Tooltip, Trigger};
use charming::series::Bar;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The floating bar of each column (lo..hi) as three stacked values: an invisible
/// base, the part above zero and the part below (ECharts stacks signs apart).
fn parts(lo: f64, hi: f64) -> (f64, f64, f64) {
    if lo >= 0.0 {
        (lo, hi - lo, 0.0)
    } else if hi <= 0.0 {
        (hi, 0.0, lo - hi)
    } else {
        (0.0, hi, lo)
    }
}

/// The waterfall chart of `b`.
pub fn bridge_chart(b: &Bridge, currency: &str) -> charming::Chart {
    // Category names broken into lines, so that every step's name fits under its bar.
    let wrap = |s: &str| s.replace(' ', "\n");
    let mut cats = vec![wrap(&b.from_label)];
    // (lo, hi, colour, label) per column.
    let mut cols: Vec<(f64, f64, &str, String)> = vec![(
        0f64.min(to_f64(b.from)),
        0f64.max(to_f64(b.from)),
        BRAND,
        money_compact(b.from, currency),
    )];
    let mut level = b.from;
    for s in &b.steps {
        let next = level + s.amount;
        let (a, z) = (to_f64(level), to_f64(next));
        cats.push(wrap(s.label));
        let colour = if s.amount < Decimal::ZERO { BAD } else { GOOD };
        cols.push((a.min(z), a.max(z), colour, delta_money(s.amount, currency)));
        level = next;
    }
    cats.push(wrap(&b.to_label));
    cols.push((
        0f64.min(to_f64(b.to)),
        0f64.max(to_f64(b.to)),
        BRAND,
        money_compact(b.to, currency),
    ));
    let mut hidden = Vec::new();
    let mut up = Vec::new();
    let mut down = Vec::new();
    for (lo, hi, colour, text) in &cols {
        let (h, u, d) = parts(*lo, *hi);
        hidden.push(DataPointItem::new(h));
        let style = ItemStyle::new().color(*colour);
        up.push(
            DataPointItem::new(u)
                .name(text.as_str())
                .item_style(style.clone()),
        );
        down.push(DataPointItem::new(d).name(text.as_str()).item_style(style));
    }
    charming::Chart::new()
        .animation(false)
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{b}"))
        .grid(
            Grid::new()
                .left("8")
                .right("16")
                .top("16")
                .bottom("24")
                .contain_label(true),
        )
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(cats)
                .axis_label(AxisLabel::new().interval(0).font_size(11)),
        )
        .y_axis(Axis::new().type_(AxisType::Value).scale(true))
        .series(
            Bar::new()
                .name("base")
                .stack("bridge")
                .item_style(ItemStyle::new().color("transparent"))
                .data(hidden),
        )
        .series(Bar::new().name("up").stack("bridge").data(up))
        .series(Bar::new().name("down").stack("bridge").data(down))
}

/// A bridge with its chart and its table; `key` names it in ids (`bridge-{key}`).
#[component]
pub fn BridgeView(
    #[prop(into)] bridge: Signal<Option<Bridge>>,
    #[prop(into)] currency: Signal<String>,
    key: &'static str,
    #[prop(into)] title: Signal<String>,
) -> impl IntoView {
    let chart = Signal::derive(move || {
        bridge.with(|b| match b {
            Some(b) => bridge_chart(b, &currency.get()),
            None => charming::Chart::new(),
        })
    });
    let rows = move || {
        let cur = currency.get();
        bridge.with(|b| {
            let Some(b) = b else {
                return Vec::new();
            };
            let line = |k: &str, label: String, note: String, v: Decimal, total: bool| {
                let text = if total { money_exact(v, &cur) } else { delta_money(v, &cur) };
                view! {
                    <tr data-step=k.to_string() class:total=total>
                        <th scope="row" title=note>{label}</th>
                        <td class="num" class:neg=v < Decimal::ZERO data-value=v.to_string()>{text}</td>
                    </tr>
                }
            };
            let mut out = vec![line("from", b.from_label.clone(), String::new(), b.from, true)];
            for s in &b.steps {
                out.push(line(s.key, s.label.to_string(), s.note.to_string(), s.amount, false));
            }
            out.push(line("to", b.to_label.clone(), String::new(), b.to, true));
            out
        })
    };
    view! {
        <div class="bridge" id=format!("bridge-{key}")>
            <h4>{move || title.get()}</h4>
            <Chart
                chart=chart
                id=format!("bridge-{key}-chart")
                label="Waterfall from the first number to the second; the table below gives each step"
            />
            <table class="grid bridge-table">
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
