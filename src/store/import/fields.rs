//! The master-data tables as columns of the import schema: each [`Field`] is one
//! [`Column`] of [`schema`](super::schema) (its kind, range, reader and messages) with
//! how to show and set it on a row. The Data view edits through these, so a value typed
//! into a cell is read, limited and explained exactly as the same value in an imported
//! file (`lead time` at most 120 months, a price at most 1e9, `target_cover` with its
//! cover months, …); `tests/data_fields.rs` holds them to it. The optimizer's cost
//! inputs are edited the same way: [`cost_fields`] (the `costs` parameters) and
//! [`family_cost_fields`] (a `family_costs` row).

use super::cell::{StrategyName, Value, read_text};
use super::schema::{Column, Kind, Table};
use crate::engine::model::{MasterData, Strategy};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::optimize::{CostSettings, FamilyCosts};
use rust_decimal::Decimal;

/// The title of a family's strategy (which has no "family's" choice).
const FAMILY_STRATEGY: &str = "Strategy of its SKUs";

/// Months of cover given when a planner switches to `target_cover` (then editable): the
/// supply review's, one definition.
pub use crate::engine::review::supply::DEFAULT_COVER;

/// One editable column of a master-data table (`T`: [`MasterData`], row `i` of the
/// table), or of a cost record (`T`: [`CostSettings`] or one [`FamilyCosts`]; `i` is
/// not used).
pub struct Field<T = MasterData> {
    /// The column title shown (cells are labelled "‹title› of ‹id›").
    pub title: &'static str,
    /// The import column it is: kind, range, reader, messages.
    pub column: &'static Column,
    /// The value as text, with a decimal point (the view localises numbers).
    pub get: fn(&T, usize) -> String,
    /// Sets a value read by [`read_text`] (`None`: blank).
    pub set: fn(&mut T, usize, Option<Value>) -> Result<(), String>,
}

impl<T> Field<T> {
    /// Whether the column holds numbers (right-aligned, localised).
    pub fn numeric(&self) -> bool {
        !matches!(
            self.column.kind,
            Kind::Code | Kind::Text | Kind::Month | Kind::Strategy
        )
    }

    /// Reads `text` as the importer would and sets it on row `i` of `m`.
    pub fn edit(&self, m: &mut T, i: usize, text: &str, style: NumberFormat) -> Result<(), String> {
        let v = read_text(self.column, text, style)?;
        (self.set)(m, i, v)
    }
}

impl Field<MasterData> {
    /// The choices of a select (value, label); empty for a free cell.
    pub fn choices(&self, m: &MasterData) -> Vec<(String, String)> {
        match (self.column.kind, self.column.name) {
            (Kind::Strategy, _) => {
                let mut c: Vec<(String, String)> = ["chase", "level", "target_cover", "manual"]
                    .into_iter()
                    .map(|s| (s.to_string(), s.replace('_', " ")))
                    .collect();
                if self.title == FAMILY_STRATEGY {
                    c
                } else {
                    c.insert(0, (String::new(), "family's".into()));
                    c
                }
            }
            (Kind::Code, "family") => m
                .families
                .iter()
                .map(|f| (f.id.clone(), f.name.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Number of rows of a master-data table (`None` for a table that is not master data).
pub fn row_count(t: Table, m: &MasterData) -> usize {
    match t {
        Table::Products => m.products.len(),
        Table::Families => m.families.len(),
        Table::Resources => m.resources.len(),
        Table::Components => m.components.len(),
        _ => 0,
    }
}

/// The id of row `i` (SKU, family, resource or component id).
pub fn row_id(t: Table, m: &MasterData, i: usize) -> String {
    match t {
        Table::Products => m.products[i].sku.clone(),
        Table::Families => m.families[i].id.clone(),
        Table::Resources => m.resources[i].id.clone(),
        Table::Components => m.components[i].id.clone(),
        _ => String::new(),
    }
}

/// The schema column `name` of table `t`.
fn col(t: Table, name: &str) -> &'static Column {
    t.schema()
        .columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{} has no column {name}", t.name()))
}

/// Puts a read value in its place, or passes the problem on.
fn put<T>(slot: &mut T, v: Result<T, String>) -> Result<(), String> {
    *slot = v?;
    Ok(())
}

fn num(v: f64) -> String {
    format!("{v}")
}

/// Money as stored (its decimals as typed: 299.90 stays 299.90).
fn money(d: Decimal) -> String {
    d.to_string()
}

fn name(v: Option<Value>) -> Result<String, String> {
    match v {
        Some(Value::Text(t)) if !t.is_empty() => Ok(t),
        _ => Err("the name cannot be empty".into()),
    }
}

fn number(v: Option<Value>) -> Result<f64, String> {
    match v {
        Some(Value::Number(x)) => Ok(x),
        None => Ok(0.0),
        _ => Err("a number is expected".into()),
    }
}

fn whole(v: Option<Value>) -> Result<u32, String> {
    match v {
        Some(Value::Whole(x)) => u32::try_from(x).map_err(|_| format!("{x} is too large")),
        None => Ok(0),
        _ => Err("a whole number is expected".into()),
    }
}

fn amount(v: Option<Value>) -> Result<Decimal, String> {
    match v {
        Some(Value::Amount(d)) => Ok(d),
        None => Ok(Decimal::ZERO),
        _ => Err("an amount is expected".into()),
    }
}

fn percent(v: Option<Value>) -> Result<f64, String> {
    match v {
        Some(Value::Percent(p)) => Ok(p),
        _ => Err("a percentage is expected".into()),
    }
}

/// The strategy name of a strategy (the import's spelling).
fn strategy_name(s: Option<Strategy>) -> String {
    match s {
        None => String::new(),
        Some(Strategy::Chase) => "chase".into(),
        Some(Strategy::Level) => "level".into(),
        Some(Strategy::TargetCover { .. }) => "target_cover".into(),
        Some(Strategy::Manual) => "manual".into(),
    }
}

/// The strategy chosen by name; target cover keeps the months it had (else
/// [`DEFAULT_COVER`]). `Ok(None)`: the family's.
fn strategy(v: Option<Value>, was: Option<Strategy>) -> Result<Option<Strategy>, String> {
    let Some(Value::Strategy(name)) = v else {
        return Ok(None);
    };
    Ok(name.map(|n| match n {
        StrategyName::Chase => Strategy::Chase,
        StrategyName::Level => Strategy::Level,
        StrategyName::Manual => Strategy::Manual,
        StrategyName::TargetCover => Strategy::TargetCover {
            months: match was {
                Some(Strategy::TargetCover { months }) => months,
                _ => DEFAULT_COVER,
            },
        },
    }))
}

/// The cover months of a target-cover strategy ("" for another strategy).
fn cover_text(s: Option<Strategy>) -> String {
    match s {
        Some(Strategy::TargetCover { months }) => num(months),
        _ => String::new(),
    }
}

/// `s` with the cover months read; only a target-cover strategy has them (a blank
/// cell leaves another strategy as it is).
fn with_cover(s: Option<Strategy>, v: Option<Value>) -> Result<Option<Strategy>, String> {
    match (s, v) {
        (Some(Strategy::TargetCover { .. }), Some(Value::Number(months))) => {
            Ok(Some(Strategy::TargetCover { months }))
        }
        (Some(Strategy::TargetCover { .. }), _) => Err(
            "cover months is required when the strategy is target_cover (for example 1.5)".into(),
        ),
        (s, None) => Ok(s),
        _ => Err("cover months apply to the target_cover strategy only: choose it first".into()),
    }
}

/// The editable columns of master-data table `t` (the id column aside).
pub fn fields(t: Table) -> Vec<Field> {
    match t {
        Table::Products => products(),
        Table::Families => vec![
            Field {
                title: "Name",
                column: col(t, "name"),
                get: |m, i| m.families[i].name.clone(),
                set: |m, i, v| put(&mut m.families[i].name, name(v)),
            },
            Field {
                title: FAMILY_STRATEGY,
                column: col(t, "strategy"),
                get: |m, i| strategy_name(Some(m.families[i].strategy)),
                set: |m, i, v| {
                    let f = &mut m.families[i];
                    f.strategy = strategy(v, Some(f.strategy))?
                        .ok_or("a family needs a strategy: chase, level, target_cover or manual")?;
                    Ok(())
                },
            },
            Field {
                title: "Cover months",
                column: col(t, "cover_months"),
                get: |m, i| cover_text(Some(m.families[i].strategy)),
                set: |m, i, v| {
                    let f = &mut m.families[i];
                    let s = with_cover(Some(f.strategy), v).map(|s| s.unwrap_or(f.strategy));
                    put(&mut f.strategy, s)
                },
            },
        ],
        Table::Resources => resources(),
        Table::Components => components(),
        _ => Vec::new(),
    }
}

fn products() -> Vec<Field> {
    let t = Table::Products;
    vec![
        Field {
            title: "Name",
            column: col(t, "name"),
            get: |m, i| m.products[i].name.clone(),
            set: |m, i, v| put(&mut m.products[i].name, name(v)),
        },
        Field {
            title: "Family",
            column: col(t, "family"),
            get: |m, i| m.products[i].family.clone(),
            set: |m, i, v| {
                let f = match v {
                    Some(Value::Text(f)) => f,
                    _ => String::new(),
                };
                if !m.families.iter().any(|x| x.id == f) {
                    return Err(format!("unknown family '{f}'"));
                }
                m.products[i].family = f;
                Ok(())
            },
        },
        Field {
            title: "Price",
            column: col(t, "price"),
            get: |m, i| money(m.products[i].price),
            set: |m, i, v| put(&mut m.products[i].price, amount(v)),
        },
        Field {
            title: "Unit cost",
            column: col(t, "unit_cost"),
            get: |m, i| money(m.products[i].unit_cost),
            set: |m, i, v| put(&mut m.products[i].unit_cost, amount(v)),
        },
        Field {
            title: "On hand",
            column: col(t, "on_hand"),
            get: |m, i| num(m.products[i].on_hand),
            set: |m, i, v| put(&mut m.products[i].on_hand, number(v)),
        },
        Field {
            title: "Lead time (months)",
            column: col(t, "lead_time"),
            get: |m, i| m.products[i].lead_time.to_string(),
            set: |m, i, v| put(&mut m.products[i].lead_time, whole(v)),
        },
        Field {
            title: "Service level %",
            column: col(t, "service_level"),
            get: |m, i| num((m.products[i].service_level * 1e4).round() / 100.0),
            set: |m, i, v| put(&mut m.products[i].service_level, percent(v)),
        },
        Field {
            title: "Lot min",
            column: col(t, "lot_min"),
            get: |m, i| num(m.products[i].lot_min),
            set: |m, i, v| put(&mut m.products[i].lot_min, number(v)),
        },
        Field {
            title: "Lot multiple",
            column: col(t, "lot_multiple"),
            get: |m, i| num(m.products[i].lot_multiple),
            set: |m, i, v| put(&mut m.products[i].lot_multiple, number(v)),
        },
        Field {
            title: "Strategy",
            column: col(t, "strategy"),
            get: |m, i| strategy_name(m.products[i].strategy),
            set: |m, i, v| {
                let p = &mut m.products[i];
                let s = strategy(v, p.strategy);
                put(&mut p.strategy, s)
            },
        },
        Field {
            title: "Cover months",
            column: col(t, "cover_months"),
            get: |m, i| cover_text(m.products[i].strategy),
            set: |m, i, v| {
                let p = &mut m.products[i];
                let s = with_cover(p.strategy, v);
                put(&mut p.strategy, s)
            },
        },
        Field {
            title: "Launch month",
            column: col(t, "launch"),
            get: |m, i| opt_month(m.products[i].lifecycle.launch),
            set: |m, i, v| put(&mut m.products[i].lifecycle.launch, month(v)),
        },
        Field {
            title: "Like item",
            column: col(t, "like_item"),
            get: |m, i| m.products[i].lifecycle.like_item.clone(),
            set: |m, i, v| put(&mut m.products[i].lifecycle.like_item, Ok(code(v))),
        },
        Field {
            title: "Like factor",
            column: col(t, "like_factor"),
            get: |m, i| opt_num(m.products[i].lifecycle.like_factor),
            set: |m, i, v| put(&mut m.products[i].lifecycle.like_factor, opt_number(v)),
        },
        Field {
            title: "Family share %",
            column: col(t, "family_share"),
            get: |m, i| {
                opt_num(
                    m.products[i]
                        .lifecycle
                        .family_share
                        .map(|s| (s * 1e6).round() / 1e4),
                )
            },
            set: |m, i, v| {
                let s = v.map(|v| percent(Some(v))).transpose();
                put(&mut m.products[i].lifecycle.family_share, s)
            },
        },
        Field {
            title: "End of life",
            column: col(t, "end_of_life"),
            get: |m, i| opt_month(m.products[i].lifecycle.end_of_life),
            set: |m, i, v| put(&mut m.products[i].lifecycle.end_of_life, month(v)),
        },
        Field {
            title: "Successor",
            column: col(t, "successor"),
            get: |m, i| m.products[i].lifecycle.successor.clone(),
            set: |m, i, v| put(&mut m.products[i].lifecycle.successor, Ok(code(v))),
        },
        Field {
            title: "Ramp (months)",
            column: col(t, "ramp_months"),
            get: |m, i| m.products[i].lifecycle.ramp_months.to_string(),
            set: |m, i, v| put(&mut m.products[i].lifecycle.ramp_months, whole(v)),
        },
    ]
}

/// A code cell (like item, successor): blank is none.
fn code(v: Option<Value>) -> String {
    match v {
        Some(Value::Text(t)) => t,
        _ => String::new(),
    }
}

/// A month cell: blank is none.
fn month(v: Option<Value>) -> Result<Option<Month>, String> {
    match v {
        Some(Value::Month(m)) => Ok(Some(m)),
        None => Ok(None),
        _ => Err("a month is expected, for example 2027-03".into()),
    }
}

fn opt_month(m: Option<Month>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

fn resources() -> Vec<Field> {
    let t = Table::Resources;
    vec![
        Field {
            title: "Name",
            column: col(t, "name"),
            get: |m, i| m.resources[i].name.clone(),
            set: |m, i, v| put(&mut m.resources[i].name, name(v)),
        },
        Field {
            title: "Regular hours / month",
            column: col(t, "regular_hours"),
            get: |m, i| num(m.resources[i].regular_hours),
            set: |m, i, v| put(&mut m.resources[i].regular_hours, number(v)),
        },
        Field {
            title: "Overtime hours / month",
            column: col(t, "overtime_hours"),
            get: |m, i| num(m.resources[i].overtime_hours),
            set: |m, i, v| put(&mut m.resources[i].overtime_hours, number(v)),
        },
        Field {
            title: "Cost / hour",
            column: col(t, "cost_per_hour"),
            get: |m, i| money(m.resources[i].cost_per_hour),
            set: |m, i, v| put(&mut m.resources[i].cost_per_hour, amount(v)),
        },
        Field {
            title: "Overtime premium / hour",
            column: col(t, "overtime_premium"),
            get: |m, i| money(m.resources[i].overtime_premium),
            set: |m, i, v| put(&mut m.resources[i].overtime_premium, amount(v)),
        },
        Field {
            title: "Crew (operators per hour)",
            column: col(t, "crew"),
            get: |m, i| num(m.resources[i].crew),
            set: |m, i, v| put(&mut m.resources[i].crew, number(v)),
        },
    ]
}

fn components() -> Vec<Field> {
    let t = Table::Components;
    vec![
        Field {
            title: "Name",
            column: col(t, "name"),
            get: |m, i| m.components[i].name.clone(),
            set: |m, i, v| put(&mut m.components[i].name, name(v)),
        },
        Field {
            title: "Unit cost",
            column: col(t, "unit_cost"),
            get: |m, i| money(m.components[i].unit_cost),
            set: |m, i, v| put(&mut m.components[i].unit_cost, amount(v)),
        },
        Field {
            title: "On hand",
            column: col(t, "on_hand"),
            get: |m, i| num(m.components[i].on_hand),
            set: |m, i, v| put(&mut m.components[i].on_hand, number(v)),
        },
        Field {
            title: "Lead time (months)",
            column: col(t, "lead_time"),
            get: |m, i| m.components[i].lead_time.to_string(),
            set: |m, i, v| put(&mut m.components[i].lead_time, whole(v)),
        },
        Field {
            title: "Lot min",
            column: col(t, "lot_min"),
            get: |m, i| num(m.components[i].lot_min),
            set: |m, i, v| put(&mut m.components[i].lot_min, number(v)),
        },
        Field {
            title: "Lot multiple",
            column: col(t, "lot_multiple"),
            get: |m, i| num(m.components[i].lot_multiple),
            set: |m, i, v| put(&mut m.components[i].lot_multiple, number(v)),
        },
    ]
}

/// `v`, or for a blank cell the value of the column's default (as an import that leaves
/// the parameter out).
fn or_default(c: &Column, v: Option<Value>) -> Option<Value> {
    v.or_else(|| read_text(c, c.default, NumberFormat::POINT).ok().flatten())
}

fn opt_num(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn opt_money(v: Option<Decimal>) -> String {
    v.map(money).unwrap_or_default()
}

/// Blank → `None` (the default named by the column), else the amount.
fn opt_amount(v: Option<Value>) -> Result<Option<Decimal>, String> {
    v.map(|v| amount(Some(v))).transpose()
}

/// Blank → `None`, else the number.
fn opt_number(v: Option<Value>) -> Result<Option<f64>, String> {
    v.map(|v| number(Some(v))).transpose()
}

/// The `costs` parameters (company-wide; a blank cell takes the parameter's default,
/// max FTE blank: no limit). The cash floor and cost budget are set in the supply
/// review, as on import.
pub fn cost_fields() -> Vec<Field<CostSettings>> {
    let t = Table::Costs;
    vec![
        Field {
            title: "Hiring cost per FTE",
            column: col(t, "hire_cost"),
            get: |c, _| money(c.hire_cost),
            set: |c, _, v| {
                put(
                    &mut c.hire_cost,
                    amount(or_default(col(Table::Costs, "hire_cost"), v)),
                )
            },
        },
        Field {
            title: "Layoff cost per FTE",
            column: col(t, "layoff_cost"),
            get: |c, _| money(c.layoff_cost),
            set: |c, _, v| {
                put(
                    &mut c.layoff_cost,
                    amount(or_default(col(Table::Costs, "layoff_cost"), v)),
                )
            },
        },
        Field {
            title: "Cost per FTE-month",
            column: col(t, "fte_cost"),
            get: |c, _| money(c.fte_cost),
            set: |c, _, v| {
                put(
                    &mut c.fte_cost,
                    amount(or_default(col(Table::Costs, "fte_cost"), v)),
                )
            },
        },
        Field {
            title: "Min FTE",
            column: col(t, "min_fte"),
            get: |c, _| num(c.min_fte),
            set: |c, _, v| {
                put(
                    &mut c.min_fte,
                    number(or_default(col(Table::Costs, "min_fte"), v)),
                )
            },
        },
        Field {
            title: "Max FTE",
            column: col(t, "max_fte"),
            get: |c, _| opt_num(c.max_fte),
            set: |c, _, v| put(&mut c.max_fte, opt_number(v)),
        },
        Field {
            title: "Max overtime hours per FTE-month",
            column: col(t, "max_overtime_per_fte"),
            get: |c, _| num(c.max_overtime_per_fte),
            set: |c, _, v| {
                let col = col(Table::Costs, "max_overtime_per_fte");
                put(&mut c.max_overtime_per_fte, number(or_default(col, v)))
            },
        },
        Field {
            title: "Holding cost % a year",
            column: col(t, "holding_pct"),
            get: |c, _| money(c.holding_pct),
            set: |c, _, v| {
                put(
                    &mut c.holding_pct,
                    amount(or_default(col(Table::Costs, "holding_pct"), v)),
                )
            },
        },
    ]
}

/// A `family_costs` row's columns (the family id aside); a blank cost takes its default
/// (backlog 3 % of the price, lost sale the unit margin, subcontracting 1.3 × the unit
/// cost, ending inventory the safety stock), a blank limit 0.
pub fn family_cost_fields() -> Vec<Field<FamilyCosts>> {
    let t = Table::FamilyCosts;
    vec![
        Field {
            title: "Backlog cost / unit-month",
            column: col(t, "backlog_cost"),
            get: |f, _| opt_money(f.backlog_cost),
            set: |f, _, v| put(&mut f.backlog_cost, opt_amount(v)),
        },
        Field {
            title: "Lost-sale cost / unit",
            column: col(t, "lost_sale_cost"),
            get: |f, _| opt_money(f.lost_sale_cost),
            set: |f, _, v| put(&mut f.lost_sale_cost, opt_amount(v)),
        },
        Field {
            title: "Subcontracting cost / unit",
            column: col(t, "subcontract_cost"),
            get: |f, _| opt_money(f.subcontract_cost),
            set: |f, _, v| put(&mut f.subcontract_cost, opt_amount(v)),
        },
        Field {
            title: "Subcontracting limit / month",
            column: col(t, "subcontract_limit"),
            get: |f, _| num(f.subcontract_limit),
            set: |f, _, v| put(&mut f.subcontract_limit, number(v)),
        },
        Field {
            title: "Ending inventory",
            column: col(t, "ending_inventory"),
            get: |f, _| opt_num(f.ending_inventory),
            set: |f, _, v| put(&mut f.ending_inventory, opt_number(v)),
        },
    ]
}

/// `costs` with family `row`'s entry replaced by `row` (added when it had none).
pub fn with_family_costs(costs: &CostSettings, row: FamilyCosts) -> CostSettings {
    let mut out = costs.clone();
    match out.families.iter().rposition(|f| f.family == row.family) {
        Some(k) => out.families[k] = row,
        None => out.families.push(row),
    }
    out
}
