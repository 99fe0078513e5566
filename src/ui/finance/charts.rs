//! The charts of the financial review (cash with its minimum and low point, plan vs
//! budget) and the overlays of the executive review (base vs scenarios).

use super::fmt::money;
use crate::engine::month::Month;
use crate::engine::plan::{FinanceMonth, FinancePlan};
use crate::ui::format::to_f64;
use charming::component::{Axis, Grid, Legend};
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{
    AreaStyle, AxisType, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkArea,
    MarkAreaData, MarkLine, MarkLineData, MarkLineVariant, Symbol, Tooltip, Trigger,
};
use charming::series::{Bar, Line, Scatter};
use rust_decimal::Decimal;

pub const BRAND: &str = "#1d4e89";
pub const GOOD: &str = "#1f7a4d";
pub const BAD: &str = "#b3261e";
/// Colours of the plans in overlays: base first, then the scenarios.
pub const PLAN_COLORS: [&str; 6] = [
    "#1d4e89", "#e07a1f", "#7b3fa0", "#2a9d8f", "#c9184a", "#6b705c",
];

/// Whole currency units as a chart value (display only).
fn whole(x: Decimal) -> f64 {
    to_f64(x.round())
}

fn labels(months: &[Month]) -> Vec<String> {
    months.iter().map(|m| m.short_label()).collect()
}

/// Axis bounds and tick interval on round numbers (1, 2, 5 × 10^k) covering
/// `lo..hi` and zero, about five ticks.
fn nice_axis(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let span = (hi - lo).max(1.0);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

fn base_chart() -> charming::Chart {
    charming::Chart::new()
        .animation(false)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
}

/// Month-end cash, the minimum-cash line, the months below it shaded and the low point.
pub fn cash_chart(fin: &FinancePlan, currency: &str) -> charming::Chart {
    let months: Vec<Month> = fin.months.iter().map(|m| m.month).collect();
    let cats = labels(&months);
    let cash: Vec<f64> = fin.months.iter().map(|m| whole(m.cash)).collect();
    let min = whole(fin.min_cash);
    let lo = cash.iter().copied().fold(min, f64::min);
    let hi = cash.iter().copied().fold(min, f64::max);
    let (y_lo, y_hi, step) = nice_axis(lo, hi);
    // Runs of months below the minimum, shaded.
    let mut below = Vec::new();
    let mut t = 0;
    while t < fin.months.len() {
        if fin.months[t].cash < fin.min_cash {
            let start = t;
            while t + 1 < fin.months.len() && fin.months[t + 1].cash < fin.min_cash {
                t += 1;
            }
            below.push((
                MarkAreaData::new().x_axis(cats[start].clone()),
                MarkAreaData::new().x_axis(cats[t].clone()),
            ));
        }
        t += 1;
    }
    let low_idx = fin
        .cash_low_month
        .and_then(|m| fin.months.iter().position(|x| x.month == m));
    let low_below = fin.cash_low < fin.min_cash;
    let low_data: Vec<Option<f64>> = (0..cats.len())
        .map(|i| (Some(i) == low_idx).then(|| whole(fin.cash_low)))
        .collect();
    // The low point's label on the side with room.
    let low_pos = match low_idx {
        Some(i) if i * 2 >= cats.len() => LabelPosition::Left,
        _ => LabelPosition::Right,
    };
    let low_text = format!(
        "Low point {}{}",
        money(fin.cash_low, currency),
        fin.cash_low_month
            .map(|m| format!(" · {}", m.short_label()))
            .unwrap_or_default()
    );
    let mut line = Line::new()
        .name("Cash balance")
        .data(cash)
        .symbol(Symbol::Circle)
        .symbol_size(6)
        .item_style(ItemStyle::new().color(BRAND))
        .line_style(LineStyle::new().width(3).color(BRAND))
        .area_style(AreaStyle::new().opacity(0.08))
        .mark_line(
            MarkLine::new()
                .silent(true)
                .symbol(vec![Symbol::None, Symbol::None])
                .line_style(
                    LineStyle::new()
                        .color(BAD)
                        .width(2)
                        .type_(LineStyleType::Dashed),
                )
                .label(
                    Label::new()
                        .position(LabelPosition::InsideEndTop)
                        .color(BAD)
                        .font_weight(charming::element::font_settings::FontWeight::Bold)
                        .formatter(
                            format!("Minimum cash {}", money(fin.min_cash, currency)).as_str(),
                        ),
                )
                .data(vec![MarkLineVariant::Simple(
                    MarkLineData::new().name("Minimum cash").y_axis(min),
                )]),
        );
    if !below.is_empty() {
        line = line.mark_area(
            MarkArea::new()
                .silent(true)
                .item_style(ItemStyle::new().color("rgba(179, 38, 30, 0.10)"))
                .label(
                    Label::new()
                        .color(BAD)
                        .position(LabelPosition::InsideTop)
                        .formatter("below minimum"),
                )
                .data(below),
        );
    }
    months_chart(&months)
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(y_lo)
                .max(y_hi)
                .interval(step)
                .name(super::fmt::symbol(currency)),
        )
        .series(line)
        .series(
            Scatter::new()
                .name("Low point")
                .data(low_data)
                .symbol(Symbol::Circle)
                .symbol_size(16)
                .item_style(
                    ItemStyle::new()
                        .color(if low_below { BAD } else { "#ffd166" })
                        .border_color("#1b2430")
                        .border_width(2),
                )
                .label(
                    Label::new()
                        .show(true)
                        .position(low_pos)
                        .distance(12)
                        .font_weight(charming::element::font_settings::FontWeight::Bold)
                        .color(if low_below { BAD } else { "#1b2430" })
                        .background_color("rgba(255,255,255,0.85)")
                        .padding((2.0, 4.0, 2.0, 4.0))
                        .formatter(low_text.as_str()),
                ),
        )
}

/// Revenue and gross margin (bars) against their budget (dashed lines); bars of months
/// below budget in red.
pub fn budget_chart(fin: &FinancePlan) -> charming::Chart {
    let months: Vec<Month> = fin.months.iter().map(|m| m.month).collect();
    let bars = |value: fn(&FinanceMonth) -> Decimal,
                below: fn(&FinanceMonth) -> bool,
                color: &str,
                below_color: &str| {
        fin.months
            .iter()
            .map(|m| {
                let item = DataPointItem::new(whole(value(m)));
                let item = if below(m) {
                    item.item_style(ItemStyle::new().color(below_color))
                } else {
                    item.item_style(ItemStyle::new().color(color))
                };
                DataPoint::from(item)
            })
            .collect::<Vec<_>>()
    };
    let budget = |value: fn(&FinanceMonth) -> Option<Decimal>| {
        fin.months
            .iter()
            .map(|m| value(m).map(whole))
            .collect::<Vec<_>>()
    };
    months_chart(&months)
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(
            Bar::new()
                .name("Revenue")
                .item_style(ItemStyle::new().color(BRAND))
                .data(bars(
                    |m| m.revenue,
                    FinanceMonth::revenue_below_budget,
                    BRAND,
                    BAD,
                )),
        )
        .series(
            Line::new()
                .name("Revenue budget")
                .data(budget(|m| m.budget_revenue))
                .symbol(Symbol::Rect)
                .symbol_size(7)
                .item_style(ItemStyle::new().color("#0b2545"))
                .line_style(
                    LineStyle::new()
                        .color("#0b2545")
                        .width(2)
                        .type_(LineStyleType::Dashed),
                ),
        )
        .series(
            Bar::new()
                .name("Gross margin")
                .item_style(ItemStyle::new().color(GOOD))
                .data(bars(
                    |m| m.gross_margin,
                    FinanceMonth::margin_below_budget,
                    GOOD,
                    "#e8833a",
                )),
        )
        .series(
            Line::new()
                .name("Margin budget")
                .data(budget(|m| m.budget_margin))
                .symbol(Symbol::Triangle)
                .symbol_size(8)
                .item_style(ItemStyle::new().color("#0f4d2e"))
                .line_style(
                    LineStyle::new()
                        .color("#0f4d2e")
                        .width(2)
                        .type_(LineStyleType::Dashed),
                ),
        )
}

/// The frame of the month-by-month charts: legend on top, the months below.
fn months_chart(months: &[Month]) -> charming::Chart {
    base_chart()
        .grid(
            Grid::new()
                .left("8")
                .right("24")
                .top("40")
                .bottom("30")
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(labels(months)))
}

/// One line per plan (base first) over the same months, e.g. cash of base vs scenarios.
pub fn overlay_chart(
    months: &[Month],
    plans: &[(String, Vec<Decimal>)],
    min_line: Option<(Decimal, String)>,
) -> charming::Chart {
    // With a minimum line (cash): from zero, so that the line is always in view.
    let y_axis = match &min_line {
        Some((min, _)) => {
            let all = plans.iter().flat_map(|p| p.1.iter()).map(|v| whole(*v));
            let (lo, hi) = all.fold((whole(*min), whole(*min)), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            let (lo, hi, step) = nice_axis(lo, hi);
            Axis::new()
                .type_(AxisType::Value)
                .min(lo)
                .max(hi)
                .interval(step)
        }
        None => Axis::new().type_(AxisType::Value).scale(true),
    };
    let mut chart = months_chart(months).y_axis(y_axis);
    for (k, (name, values)) in plans.iter().enumerate() {
        let color = PLAN_COLORS[k % PLAN_COLORS.len()];
        let mut line = Line::new()
            .name(name.as_str())
            .data(values.iter().map(|v| whole(*v)).collect::<Vec<_>>())
            .symbol(Symbol::Circle)
            .symbol_size(5)
            .item_style(ItemStyle::new().color(color))
            .line_style(
                LineStyle::new()
                    .width(if k == 0 { 3 } else { 2 })
                    .color(color)
                    .type_(if k == 0 {
                        LineStyleType::Solid
                    } else {
                        LineStyleType::Dashed
                    }),
            );
        if k == 0
            && let Some((min, text)) = &min_line
        {
            line = line.mark_line(
                MarkLine::new()
                    .silent(true)
                    .symbol(vec![Symbol::None, Symbol::None])
                    .line_style(LineStyle::new().color(BAD).type_(LineStyleType::Dotted))
                    .label(
                        Label::new()
                            .position(LabelPosition::InsideStartTop)
                            .color(BAD)
                            .formatter(text.as_str()),
                    )
                    .data(vec![MarkLineVariant::Simple(
                        MarkLineData::new().y_axis(whole(*min)),
                    )]),
            );
        }
        chart = chart.series(line);
    }
    chart
}

/// Each scenario's month-end cash minus the base plan's, as bars: a difference of
/// €50,000 on an €8 M balance is invisible between two lines, plain as a bar.
pub fn difference_chart(months: &[Month], plans: &[(String, Vec<Decimal>)]) -> charming::Chart {
    let mut chart = months_chart(months).y_axis(Axis::new().type_(AxisType::Value));
    let Some((_, base)) = plans.first() else {
        return chart;
    };
    for (k, (name, values)) in plans.iter().enumerate().skip(1) {
        let color = PLAN_COLORS[k % PLAN_COLORS.len()];
        let diff: Vec<f64> = values
            .iter()
            .zip(base)
            .map(|(v, b)| whole(*v - *b))
            .collect();
        chart = chart.series(
            Bar::new()
                .name(format!("{name} − base plan"))
                .item_style(ItemStyle::new().color(color))
                .data(diff),
        );
    }
    chart
}

/// What the colours of the budget chart mean (shown under it).
pub const BELOW_BUDGET_NOTE: &str =
    "Red bars: revenue below budget; orange bars: gross margin below budget. Dashed lines: budget.";
