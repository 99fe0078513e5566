//! Review models: what each step of the cycle shows, computed from the cycle, its plan
//! and the baselines as plain data, and a planner's intent on a step turned into one
//! [`crate::engine::command::Command`]. The views only draw these and send the commands,
//! so every rule here is tested natively (`tests/review_demand.rs`).

pub mod demand;

use crate::engine::model::Target;

/// A family or a SKU: what the demand and supply reviews show.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    Family(String),
    Sku(String),
}

impl Selection {
    /// The adjustment target of this selection.
    pub fn target(&self) -> Target {
        match self {
            Selection::Family(f) => Target::Family(f.clone()),
            Selection::Sku(s) => Target::Sku(s.clone()),
        }
    }
}
