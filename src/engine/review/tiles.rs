//! The KPI tiles of the financial and executive reviews: each tile's value, the line
//! that explains it and its tone, from the plan's KPIs. The rules a reader relies on
//! live here, natively tested (`tests/review_tiles.rs`): revenue under budget is red
//! and any month below it amber; a fill rate just short of 100 % never reads 100 %;
//! capacity that needs overtime is amber, over capacity red; the cash low point is red
//! below the minimum cash. The supply review's tiles are built here too, so that a
//! figure both reviews show (fill rate, peak utilisation) reads and colours the same.

use crate::engine::format::{
    days, delta_compact, fixed, kpi, money_compact, one_decimal, pct, ratio, units,
};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::plan::output::qty;
use crate::engine::plan::scenario::Unit;
use crate::engine::plan::{CapacityState, FinancePlan, KpiValue, Kpis, SHORT_MIN_UNITS};
use rust_decimal::Decimal;

/// How a tile is coloured (always with words too, never colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Neutral,
    Good,
    /// Amber: works, at a cost (overtime, some months below budget).
    Warn,
    Bad,
}

/// One KPI tile.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tile {
    /// Its id (`kpi-<key>` on screen).
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    /// The line under the value that explains it.
    pub sub: String,
    pub tone: Tone,
    /// The value for tests and tools (exact where the engine is exact).
    pub raw: String,
}

/// The executive review's tiles: revenue vs budget, gross margin %, fill rate,
/// inventory cover, peak capacity use, cash low point (against `min_cash`), cash
/// conversion cycle, OCF / sales and forecast accuracy (1 − WAPE of the backtest).
pub fn executive(k: &Kpis, min_cash: Decimal, cur: &str, nf: NumberFormat) -> Vec<Tile> {
    let budget_gm = if k.budget_revenue.is_zero() {
        None
    } else {
        Some(k.budget_margin / k.budget_revenue)
    };
    let below = k.revenue_vs_budget.is_sign_negative() && !k.revenue_vs_budget.is_zero();
    vec![
        Tile {
            key: "revenue-vs-budget",
            label: "Revenue vs budget",
            value: delta_compact(k.revenue_vs_budget, cur, nf),
            sub: match k.revenue_worst_month {
                Some(m) => format!(
                    "{} month(s) below budget, worst {} {}",
                    k.revenue_months_below,
                    m.short_label(),
                    delta_compact(k.revenue_worst_gap, cur, nf)
                ),
                None => "every month on or above budget".into(),
            },
            tone: if below {
                Tone::Bad
            } else if k.revenue_months_below > 0 {
                Tone::Warn
            } else {
                Tone::Good
            },
            raw: k.revenue_vs_budget.to_string(),
        },
        Tile {
            key: "gm-pct",
            label: "Gross margin %",
            value: ratio(k.gm_pct, nf),
            sub: match budget_gm {
                Some(b) => format!("budget {}", ratio(b, nf)),
                None => format!("margin {}", money_compact(k.gross_margin, cur, nf)),
            },
            tone: match budget_gm {
                Some(b) if k.gm_pct < b.round_dp(4) => Tone::Bad,
                Some(_) => Tone::Good,
                None => Tone::Neutral,
            },
            raw: k.gm_pct.to_string(),
        },
        fill_rate(k, nf),
        Tile {
            key: "inventory-cover",
            label: "Inventory cover",
            value: format!("{} months", one_decimal(k.inventory_cover_months, nf)),
            sub: format!("{} turns / year", one_decimal(k.inventory_turns, nf)),
            raw: k.inventory_cover_months.to_string(),
            ..Default::default()
        },
        peak_utilization(k, nf),
        cash_low(k.cash_low, k.cash_low_month, min_cash, cur, nf),
        ccc(k.ccc, k.dso, k.dio, k.dpo, nf),
        ocf(k, cur, nf),
        match k.forecast_wape {
            Some(w) => Tile {
                key: "forecast-accuracy",
                label: "Forecast accuracy",
                value: pct((1.0 - w).max(0.0), nf),
                sub: format!("1 − WAPE {} (backtest)", pct(w, nf)),
                raw: qty(1.0 - w).to_string(),
                ..Default::default()
            },
            None => Tile {
                key: "forecast-accuracy",
                label: "Forecast accuracy",
                value: "–".into(),
                sub: "no statistical baseline yet".into(),
                ..Default::default()
            },
        },
    ]
}

/// The financial review's tiles: DSO, DIO, DPO with their terms, the cash conversion
/// cycle `CCC = DSO + DIO − DPO`, OCF / sales, and the cash low point against the
/// minimum cash.
pub fn finance(f: &FinancePlan, k: &Kpis, cur: &str, nf: NumberFormat) -> Vec<Tile> {
    let t = &f.totals;
    vec![
        Tile {
            key: "dso",
            label: "DSO",
            value: days(t.dso, nf),
            sub: format!("terms {} days", f.dso_days.normalize()),
            raw: t.dso.to_string(),
            ..Default::default()
        },
        Tile {
            key: "dio",
            label: "DIO",
            value: days(t.dio, nf),
            sub: "inventory / cost of goods sold".into(),
            raw: t.dio.to_string(),
            ..Default::default()
        },
        Tile {
            key: "dpo",
            label: "DPO",
            value: days(t.dpo, nf),
            sub: format!("terms {} days", f.dpo_days.normalize()),
            raw: t.dpo.to_string(),
            ..Default::default()
        },
        ccc(t.ccc, t.dso, t.dio, t.dpo, nf),
        ocf(k, cur, nf),
        cash_low(f.cash_low, f.cash_low_month, f.min_cash, cur, nf),
    ]
}

/// The cash low point against the minimum cash: red (and "BELOW") under it.
fn cash_low(
    low: Decimal,
    month: Option<Month>,
    min_cash: Decimal,
    cur: &str,
    nf: NumberFormat,
) -> Tile {
    let below = low < min_cash;
    Tile {
        key: "cash-low",
        label: "Cash low point",
        value: money_compact(low, cur, nf),
        sub: format!(
            "{} · {} min. {}",
            month.map(|m| m.short_label()).unwrap_or_default(),
            if below { "BELOW" } else { "above" },
            money_compact(min_cash, cur, nf)
        ),
        tone: if below { Tone::Bad } else { Tone::Good },
        raw: low.to_string(),
    }
}

/// The cash conversion cycle, `CCC = DSO + DIO − DPO`, with its parts.
fn ccc(ccc: Decimal, dso: Decimal, dio: Decimal, dpo: Decimal, nf: NumberFormat) -> Tile {
    Tile {
        key: "ccc",
        label: "Cash cycle (CCC)",
        value: days(ccc, nf),
        sub: format!(
            "DSO {} + DIO {} − DPO {}",
            one_decimal(dso, nf),
            one_decimal(dio, nf),
            one_decimal(dpo, nf)
        ),
        raw: ccc.to_string(),
        ..Default::default()
    }
}

/// Operating cash flow as a share of sales: red when the OCF is negative.
fn ocf(k: &Kpis, cur: &str, nf: NumberFormat) -> Tile {
    Tile {
        key: "ocf-sales",
        label: "OCF / sales",
        value: ratio(k.ocf_to_sales, nf),
        sub: format!("OCF {}", money_compact(k.ocf, cur, nf)),
        tone: if k.ocf.is_sign_negative() {
            Tone::Bad
        } else {
            Tone::Neutral
        },
        raw: k.ocf_to_sales.to_string(),
    }
}

/// A fill rate below this is red; above it, a SKU short somewhere is amber.
pub const FILL_RATE_ALERT: f64 = 0.995;

/// How the fill rate reads: green when no SKU is short, amber when some are but the
/// fill rate is at least [`FILL_RATE_ALERT`] (99.5 %), red below it.
pub fn fill_rate_tone(k: &Kpis) -> Tone {
    if !k.anything_short() {
        Tone::Good
    } else if k.fill_rate < FILL_RATE_ALERT {
        Tone::Bad
    } else {
        Tone::Warn
    }
}

/// The fill rate (never 100.0 % while a SKU is short) and how many SKUs are short.
fn fill_rate(k: &Kpis, nf: NumberFormat) -> Tile {
    Tile {
        key: "fill-rate",
        label: "Fill rate",
        value: kpi(Unit::Ratio, KpiValue::Approx(k.fill_rate_shown()), "", nf),
        sub: match k.stockout_skus {
            0 => "no SKU short".into(),
            1 => "1 SKU short of stock".into(),
            n => format!("{n} SKUs short of stock"),
        },
        tone: fill_rate_tone(k),
        raw: qty(k.fill_rate).to_string(),
    }
}

/// The peak load / regular hours of any resource and month, with where it is: amber
/// when it needs overtime, red over capacity.
fn peak_utilization(k: &Kpis, nf: NumberFormat) -> Tile {
    Tile {
        key: "peak-utilization",
        label: "Peak utilisation",
        value: pct(k.peak_utilization, nf),
        sub: format!(
            "{} · {}{}",
            k.capacity_state().label(),
            k.peak_resource.clone().unwrap_or_else(|| "–".into()),
            k.peak_month
                .map(|m| format!(" in {}", m.short_label()))
                .unwrap_or_default()
        ),
        tone: match k.capacity_state() {
            CapacityState::OverCapacity => Tone::Bad,
            CapacityState::NeedsOvertime => Tone::Warn,
            CapacityState::Fits => Tone::Good,
        },
        raw: qty(k.peak_utilization).to_string(),
    }
}

/// What a constrained plan did with the demand capacity could not make in its month.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Moved {
    /// Units made in another month (pre-built or late).
    pub moved: f64,
    /// Units not made at all (backlog or lost sales).
    pub not_made: f64,
}

/// The supply review's tiles: fill rate and peak utilisation (as in the executive
/// review), resource-months over capacity (beyond regular + overtime hours; red if
/// any), overtime hours, peak FTE against today's,
/// and, for a plan constrained by capacity (`moved`), the units moved / not made (red
/// when any demand could not be made).
pub fn supply(k: &Kpis, current_fte: f64, moved: Option<Moved>, nf: NumberFormat) -> Vec<Tile> {
    let mut tiles = vec![
        fill_rate(k, nf),
        peak_utilization(k, nf),
        Tile {
            key: "overloads",
            label: "Over capacity",
            value: k.over_capacity_months.to_string(),
            sub: format!("resource-months; {} more need overtime", k.overtime_months),
            tone: if k.over_capacity_months > 0 {
                Tone::Bad
            } else {
                Tone::Good
            },
            raw: k.over_capacity_months.to_string(),
        },
        Tile {
            key: "overtime",
            label: "Overtime",
            value: format!("{} h", units(k.overtime_hours, nf)),
            sub: "over the horizon".into(),
            raw: qty(k.overtime_hours).to_string(),
            ..Default::default()
        },
        Tile {
            key: "peak-fte",
            label: "Peak FTE",
            value: fixed(k.peak_fte, 1, false, nf),
            sub: format!("now {}", fixed(current_fte, 1, false, nf)),
            raw: qty(k.peak_fte).to_string(),
            ..Default::default()
        },
    ];
    if let Some(m) = moved {
        tiles.push(Tile {
            key: "moved",
            label: "Moved / not made",
            value: format!("{} / {}", units(m.moved, nf), units(m.not_made, nf)),
            sub: "units (constrained)".into(),
            tone: if m.not_made > SHORT_MIN_UNITS {
                Tone::Bad
            } else {
                Tone::Neutral
            },
            raw: format!("{} {}", qty(m.moved), qty(m.not_made)),
        });
    }
    tiles
}
