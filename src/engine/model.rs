//! The S&OP data model: what a planner puts in (a [`Cycle`] of a [`Workspace`]).
//!
//! Plain data, no signals, no storage types: the engine reads it, the store saves it
//! (the JSON form of [`Workspace`] is the lossless backup), the UI edits it through
//! commands. Quantities are `f64` units; money is [`Decimal`] (exact).
//! Identifiers are the planner's own codes (SKU, family id, resource id) as strings.

pub use super::correction::{CorrectionKind, CorrectionStatus, EventKind, HistoryCorrection};
pub use super::deal::DealStage;
pub use super::forecast::settings::{ForecastSettings, ModelOverride};
pub use super::launch::Lifecycle;
use super::month::Month;
pub use super::number::NumberFormat;
pub use super::optimize::settings::{CostSettings, FamilyCosts};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Version of the workspace JSON format. Bump it with a migration in `store`.
pub const FORMAT_VERSION: u32 = 1;

/// One company: its planning cycles, newest last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// Format version of this document (see [`FORMAT_VERSION`]).
    pub format: u32,
    pub id: String,
    pub name: String,
    /// ISO 4217 code used to display money, e.g. `EUR`.
    pub currency: String,
    /// How numbers are written here (`1,234.5` or `1.234,5`); absent in older backups.
    #[serde(default)]
    pub number_format: NumberFormat,
    pub cycles: Vec<Cycle>,
    /// When this copy was exported as a backup (ms since 1970, the browser's clock); a
    /// restore compares it with the stored workspace's last save. Absent in the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<f64>,
}

/// Where a cycle is in the monthly S&OP process. `Approved` is frozen (read-only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CycleStatus {
    #[default]
    Draft,
    DemandReview,
    SupplyReview,
    FinancialReview,
    Approved,
}

impl CycleStatus {
    pub const ALL: [CycleStatus; 5] = [
        CycleStatus::Draft,
        CycleStatus::DemandReview,
        CycleStatus::SupplyReview,
        CycleStatus::FinancialReview,
        CycleStatus::Approved,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CycleStatus::Draft => "Draft",
            CycleStatus::DemandReview => "Demand review",
            CycleStatus::SupplyReview => "Supply review",
            CycleStatus::FinancialReview => "Financial review",
            CycleStatus::Approved => "Approved",
        }
    }

    /// The status that follows this one, `None` once approved.
    pub fn next(self) -> Option<CycleStatus> {
        let i = CycleStatus::ALL.iter().position(|s| *s == self)?;
        CycleStatus::ALL.get(i + 1).copied()
    }
}

/// One monthly planning cycle: master-data snapshot, actuals, plan inputs, scenarios,
/// decisions and, once approved, the frozen plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    pub id: String,
    /// First planned month; history ends the month before.
    pub label: Month,
    /// Planned months (12–36, default 18).
    pub horizon: u32,
    pub status: CycleStatus,
    pub master: MasterData,
    /// Actual units sold per SKU.
    pub history: Vec<SkuHistory>,
    /// The base plan's inputs. A scenario carries its own copy.
    pub inputs: PlanInputs,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Snapshot of the consensus taken at approval, scored later against actuals.
    #[serde(default)]
    pub frozen: Option<FrozenPlan>,
    /// Id of the approved cycle this one was rolled forward from.
    #[serde(default)]
    pub rolled_from: Option<String>,
    /// The meeting's steps signed off so far (`engine::meeting`).
    #[serde(default)]
    pub signoffs: Vec<crate::engine::meeting::SignOff>,
    /// Who changed which cell when, and the comments (`engine::notes`).
    #[serde(default, skip_serializing_if = "crate::engine::notes::Notes::is_empty")]
    pub notes: crate::engine::notes::Notes,
}

impl Cycle {
    pub const DEFAULT_HORIZON: u32 = 18;
    pub const MIN_HORIZON: u32 = 12;
    pub const MAX_HORIZON: u32 = 36;

    /// The planned months, `label .. label + horizon`.
    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        (0..self.horizon as i32).map(move |i| self.label.plus(i))
    }

    /// Read-only once approved.
    pub fn is_frozen(&self) -> bool {
        self.status == CycleStatus::Approved
    }
}

/// Master data: the aggregate families, their SKUs, resources, components, workforce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct MasterData {
    pub families: Vec<Family>,
    pub products: Vec<Product>,
    pub resources: Vec<Resource>,
    pub components: Vec<Component>,
    pub workforce: Workforce,
}

/// Aggregate planning level (a product family).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Family {
    pub id: String,
    pub name: String,
    /// Supply strategy of its SKUs unless a SKU sets its own.
    pub strategy: Strategy,
}

/// Whether two SKU codes are the same, their last bytes compared first: numbered codes
/// of one length (`KB-16-00042`) differ mostly at the end, so a scan of 10,000 codes
/// for one (a SKU's row, history, baseline or product on every edit) makes a full
/// comparison only where the ends agree.
pub fn same_sku(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// A sellable, producible item (SKU).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub sku: String,
    pub name: String,
    /// Id of its [`Family`].
    pub family: String,
    /// Selling price per unit.
    pub price: Decimal,
    /// Standard cost per unit (materials from the BOM + conversion).
    pub unit_cost: Decimal,
    /// Finished-goods units on hand at the start of the cycle.
    pub on_hand: f64,
    /// Production lead time in months (used for safety stock).
    pub lead_time: u32,
    /// Target cycle service level, 0.5 ≤ p < 1 (e.g. 0.95).
    pub service_level: f64,
    /// Smallest production lot in a month when producing at all (0 = none).
    #[serde(default)]
    pub lot_min: f64,
    /// Production is rounded up to a multiple of this, the production quantum; 0 (none)
    /// means whole units. A product made in litres or kilograms takes a fraction (0.001).
    #[serde(default)]
    pub lot_multiple: f64,
    /// Hours per unit on each resource.
    #[serde(default)]
    pub routing: Vec<RoutingStep>,
    /// Components per unit.
    #[serde(default)]
    pub bom: Vec<BomLine>,
    /// Own strategy; `None` follows the family's.
    #[serde(default)]
    pub strategy: Option<Strategy>,
    /// Launch and end of life (absent in older backups: neither).
    #[serde(default, skip_serializing_if = "Lifecycle::is_none")]
    pub lifecycle: Lifecycle,
}

/// Hours of `resource` that one unit takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoutingStep {
    pub resource: String,
    pub hours_per_unit: f64,
}

/// Units of `component` that one unit of product consumes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BomLine {
    pub component: String,
    pub qty_per_unit: f64,
}

/// A line or work centre with a monthly capacity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    pub name: String,
    /// Regular hours available per month, unless the calendar says otherwise.
    pub regular_hours: f64,
    /// Months with other regular hours (holidays, shutdowns, extra shifts).
    #[serde(default)]
    pub calendar: Vec<MonthHours>,
    /// Overtime hours available per month on top of regular hours.
    pub overtime_hours: f64,
    /// Regular cost per hour (part of standard conversion cost).
    pub cost_per_hour: Decimal,
    /// Extra cost per overtime hour, over the regular rate (an expense of the period).
    pub overtime_premium: Decimal,
    /// Operators needed per running hour: labour hours = load × crew.
    pub crew: f64,
}

impl Resource {
    /// Regular hours available in `month` (the calendar entry, else the default).
    pub fn regular_hours_in(&self, month: Month) -> f64 {
        self.calendar
            .iter()
            .find(|c| c.month == month)
            .map_or(self.regular_hours, |c| c.hours)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthHours {
    pub month: Month,
    pub hours: f64,
}

/// A key material, bought with a lead time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub unit_cost: Decimal,
    /// Units on hand at the start of the cycle.
    pub on_hand: f64,
    /// Purchase lead time in months: an order placed in month t arrives in t + lead time.
    pub lead_time: u32,
    #[serde(default)]
    pub lot_min: f64,
    #[serde(default)]
    pub lot_multiple: f64,
}

/// Direct labour: labour hours_t / hours per FTE = FTE needed in month t.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Workforce {
    pub hours_per_fte: f64,
    pub current_fte: f64,
}

/// Actual units sold of one SKU, one value per month from `start`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkuHistory {
    pub sku: String,
    pub start: Month,
    pub units: Vec<f64>,
}

impl SkuHistory {
    /// The month after the last actual.
    pub fn end(&self) -> Month {
        self.start.plus(self.units.len() as i32)
    }

    /// Actual units in `month`, if recorded.
    pub fn get(&self, month: Month) -> Option<f64> {
        let i = month.since(self.start);
        usize::try_from(i)
            .ok()
            .and_then(|i| self.units.get(i).copied())
    }
}

/// Everything the plan is computed from besides master data and history. The base plan
/// and every scenario each have one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PlanInputs {
    #[serde(default)]
    pub forecast: ForecastSettings,
    /// Sales, marketing and consensus adjustments (the forecast waterfall).
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// Open opportunities, weighted by probability in the pipeline layer.
    #[serde(default)]
    pub pipeline: Vec<Opportunity>,
    #[serde(default)]
    pub supply: SupplySettings,
    pub finance: FinanceParams,
    /// Revenue and gross-margin budget by month.
    #[serde(default)]
    pub budget: Vec<BudgetMonth>,
}

/// The layer of the forecast waterfall an adjustment belongs to, in order:
/// statistical → sales → marketing → pipeline → consensus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Sales adjustment, in units or %.
    Sales,
    /// Marketing event: uplift % over a month range.
    Marketing,
    /// Final override agreed in the consensus meeting.
    Consensus,
}

/// Who made an adjustment or decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Sales,
    Marketing,
    Operations,
    Finance,
    Executive,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Sales,
        Role::Marketing,
        Role::Operations,
        Role::Finance,
        Role::Executive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Sales => "Sales",
            Role::Marketing => "Marketing",
            Role::Operations => "Operations",
            Role::Finance => "Finance",
            Role::Executive => "Executive",
        }
    }
}

/// What an adjustment applies to. A family-level adjustment in units is split to its
/// SKUs in proportion to their statistical baseline of the month.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "level", content = "id")]
pub enum Target {
    Sku(String),
    Family(String),
}

/// The size of an adjustment in each month of its range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Change {
    /// Units added per month (negative removes).
    Units(f64),
    /// Percent of the layer before it (20 = +20 %).
    Percent(f64),
}

/// One change to the forecast, with its role and reason (the audit trail of consensus).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    pub id: u64,
    pub layer: Layer,
    pub role: Role,
    pub target: Target,
    /// First and last month it applies to (inclusive).
    pub from: Month,
    pub to: Month,
    pub change: Change,
    #[serde(default)]
    pub reason: String,
}

/// An open sales opportunity: contributes `units × probability` in its month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: u64,
    pub sku: String,
    pub month: Month,
    pub units: f64,
    /// 0 ≤ p ≤ 1.
    pub probability: f64,
    #[serde(default)]
    pub customer: String,
    /// Its sales stage (`Lead` for deals stored before stages).
    #[serde(default)]
    pub stage: DealStage,
}

/// How production is planned for a SKU.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Strategy {
    /// P_t = max(0, D_t + SS − I_{t−1}): produce what demand needs.
    Chase,
    /// A constant rate that reaches the safety stock by the horizon end.
    Level,
    /// Keep `months` of forward demand on hand.
    TargetCover { months: f64 },
    /// Only the planner's production overrides (0 elsewhere).
    Manual,
}

impl Strategy {
    pub fn label(self) -> &'static str {
        match self {
            Strategy::Chase => "Chase",
            Strategy::Level => "Level",
            Strategy::TargetCover { .. } => "Target cover",
            Strategy::Manual => "Manual",
        }
    }
}

/// What happens to demand that cannot be shipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Unmet {
    /// Carried to the next month: B_t = D_t + B_{t−1} − S_t.
    #[default]
    Backlog,
    /// Lost: B_t = 0.
    LostSales,
}

/// Supply-review settings of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct SupplySettings {
    /// Respect capacity: pre-build excess load in earlier months with spare capacity,
    /// else push it to backlog.
    pub constrained: bool,
    /// Whether overtime hours count as available capacity in constrained mode.
    pub use_overtime: bool,
    pub unmet: Unmet,
    /// Planner-set production quantities (replace the strategy's in that month).
    #[serde(default)]
    pub overrides: Vec<ProductionOverride>,
    /// Costs and limits of the optimizer (absent in older backups: the defaults).
    #[serde(default, skip_serializing_if = "CostSettings::is_default")]
    pub costs: CostSettings,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductionOverride {
    pub sku: String,
    pub month: Month,
    pub units: f64,
}

/// Opening balances and working-capital terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct FinanceParams {
    pub opening_cash: Decimal,
    pub opening_ar: Decimal,
    pub opening_ap: Decimal,
    /// Days sales outstanding: how long customers take to pay.
    pub dso_days: Decimal,
    /// Days payables outstanding: how long we take to pay suppliers.
    pub dpo_days: Decimal,
    /// Fixed operating cost per month (paid in the month).
    pub fixed_cost: Decimal,
    /// Cash below this is an exception.
    pub min_cash: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetMonth {
    pub month: Month,
    pub revenue: Decimal,
    pub gross_margin: Decimal,
}

/// Percent change for one family or resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PctFor {
    pub id: String,
    pub pct: f64,
}

/// Scenario levers applied on top of a plan's inputs. Percentages: 10 = +10 %.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Levers {
    /// Demand change by family id.
    #[serde(default)]
    pub demand_pct: Vec<PctFor>,
    #[serde(default)]
    pub price_pct: f64,
    #[serde(default)]
    pub cost_pct: f64,
    /// Capacity change by resource id (regular and overtime hours).
    #[serde(default)]
    pub capacity_pct: Vec<PctFor>,
    #[serde(default)]
    pub dso_days: Option<Decimal>,
    #[serde(default)]
    pub dpo_days: Option<Decimal>,
    /// Strategy for every SKU, if set.
    #[serde(default)]
    pub strategy: Option<Strategy>,
}

/// A named alternative plan: its own inputs plus levers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub id: u64,
    pub name: String,
    pub inputs: PlanInputs,
    #[serde(default)]
    pub levers: Levers,
    #[serde(default)]
    pub note: String,
}

/// A line of the decisions log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub id: u64,
    /// ISO date `YYYY-MM-DD`.
    pub date: String,
    pub role: Role,
    pub text: String,
}

/// The plan as approved: each waterfall layer per SKU, kept to score against actuals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrozenPlan {
    /// ISO date of approval.
    pub approved_on: String,
    /// Who approved (empty in backups from before approvers were named).
    #[serde(default)]
    pub approved_by: String,
    /// First month of the frozen series (the cycle's label).
    pub start: Month,
    pub series: Vec<FrozenSeries>,
}

/// Cumulative value after each layer, per month from [`FrozenPlan::start`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrozenSeries {
    pub sku: String,
    pub statistical: Vec<f64>,
    pub sales: Vec<f64>,
    pub marketing: Vec<f64>,
    pub pipeline: Vec<f64>,
    pub consensus: Vec<f64>,
    /// The plain ensemble of the first months when the statistical layer is a learned
    /// baseline (`forecast::learn`); empty: the statistical layer is the plain one (and
    /// in backups from before learning).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plain: Vec<f64>,
}

/// The statistical forecast of one SKU over the cycle's horizon, as the plan uses it.
/// Derived from history by `engine::forecast`; cached, never edited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub sku: String,
    /// Name of the chosen model.
    pub model: String,
    /// Forecast per month from the cycle's label, `horizon` values.
    pub values: Vec<f64>,
    /// Lower and upper bound of the 80 % prediction interval, per month.
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    /// Standard deviation of one-month-ahead backtest errors (units): σ_e of safety stock.
    pub sigma: f64,
    /// Backtest WAPE (0–1+) of the chosen model, the "why" of the choice.
    pub wape: f64,
}

#[cfg(test)]
mod tests {
    use super::same_sku;

    #[test]
    fn same_sku_is_string_equality() {
        let codes = [
            "",
            "A",
            "B",
            "KB-16-00042",
            "KB-16-00043",
            "KB-17-00042",
            "KB-16-0042",
            "é",
            "e",
        ];
        for a in codes {
            for b in codes {
                assert_eq!(same_sku(a, b), a == b, "{a:?} vs {b:?}");
            }
        }
    }
}
