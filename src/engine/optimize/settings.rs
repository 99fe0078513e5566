//! The optimizer's cost inputs, kept with each plan's supply settings
//! ([`crate::engine::model::SupplySettings::costs`]). All have defaults, so a backup
//! written before the optimizer existed loads unchanged, and the optimizer works on any
//! company at once; the demo company sets realistic values.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Costs and limits of aggregate planning (see [`super`] for the model they enter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostSettings {
    /// Cost of hiring one FTE.
    pub hire_cost: Decimal,
    /// Cost of laying off one FTE.
    pub layoff_cost: Decimal,
    /// Regular labour cost of one FTE for one month, paid whatever the load.
    pub fte_cost: Decimal,
    /// Fewest FTE in any month.
    pub min_fte: f64,
    /// Most FTE in any month (`None`: no limit).
    pub max_fte: Option<f64>,
    /// Most overtime labour hours one FTE works in a month.
    pub max_overtime_per_fte: f64,
    /// Holding cost, % of the unit cost per year (cost per unit-month = unit cost ·
    /// pct / 1200).
    pub holding_pct: Decimal,
    /// Keep the plan's cash balance at or above the finance minimum cash.
    pub cash_floor: bool,
    /// Total cost the "max service" objective may spend (`None`: the minimum cost at
    /// full service × 0.95, so some service has to give).
    pub cost_budget: Option<Decimal>,
    /// Costs per family; a family not listed takes the defaults of [`FamilyCosts`].
    pub families: Vec<FamilyCosts>,
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            hire_cost: Decimal::from(3000),
            layoff_cost: Decimal::from(5000),
            fte_cost: Decimal::from(4000),
            min_fte: 0.0,
            max_fte: None,
            max_overtime_per_fte: 20.0,
            holding_pct: Decimal::from(20),
            cash_floor: false,
            cost_budget: None,
            families: Vec::new(),
        }
    }
}

impl CostSettings {
    /// Whether every setting is the default (not written to JSON then).
    pub fn is_default(&self) -> bool {
        *self == CostSettings::default()
    }

    /// The costs of `family` (its entry, else the defaults).
    pub fn family(&self, family: &str) -> FamilyCosts {
        self.families
            .iter()
            .rev()
            .find(|f| f.family == family)
            .cloned()
            .unwrap_or_else(|| FamilyCosts {
                family: family.to_string(),
                ..FamilyCosts::default()
            })
    }
}

/// The costs of one family. `None` takes the default named on each field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FamilyCosts {
    pub family: String,
    /// Cost of one unit on backlog for one month (default: 3 % of the family's price).
    pub backlog_cost: Option<Decimal>,
    /// Cost of one lost sale (default: the unit margin, price − unit cost).
    pub lost_sale_cost: Option<Decimal>,
    /// Cost of one subcontracted unit, all in (default: 1.3 × the unit cost).
    pub subcontract_cost: Option<Decimal>,
    /// Most units subcontracted per month (default 0: none).
    pub subcontract_limit: f64,
    /// Inventory at the end of the horizon, at least (default: the family's safety
    /// stock in the last month).
    pub ending_inventory: Option<f64>,
}

/// The default backlog cost, % of the price per unit-month.
pub const BACKLOG_PCT_PER_MONTH: f64 = 3.0;
/// The default subcontracting cost as a multiple of the unit cost.
pub const SUBCONTRACT_MARKUP: f64 = 1.3;

/// The demo company's costs (Northwind Cycles): a fitter costs about €4,200 a month
/// (140 h at €30), hiring €4,500 (recruiting, training), a layoff €7,000 (notice,
/// severance); at most 24 overtime hours a month each; holding 22 % a year; a contract
/// assembler takes up to 40 city bikes and 25 kids' bikes a month.
pub fn demo_costs() -> CostSettings {
    let sub = |family: &str, limit: f64| FamilyCosts {
        family: family.into(),
        subcontract_limit: limit,
        ..FamilyCosts::default()
    };
    CostSettings {
        hire_cost: Decimal::from(4500),
        layoff_cost: Decimal::from(7000),
        fte_cost: Decimal::from(4200),
        max_overtime_per_fte: 24.0,
        holding_pct: Decimal::from(22),
        families: vec![sub("CITY", 40.0), sub("KIDS", 25.0)],
        ..CostSettings::default()
    }
}
