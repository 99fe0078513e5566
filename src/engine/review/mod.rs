//! Review models: what each step of the cycle shows, computed from the cycle, its plan
//! and the baselines as plain data, and a planner's intent on a step turned into one
//! [`crate::engine::command::Command`]. The views only draw these and send the commands,
//! so every rule here is tested natively (`tests/review_demand.rs`).

pub mod accuracy;
pub mod aggregate;
pub mod bridge;
pub mod by_person;
pub mod capacity;
pub mod cleansing;
pub mod components;
pub mod deals;
pub mod demand;
pub mod exceptions;
pub mod finance;
pub mod layers;
pub mod levers;
pub mod optimize;
pub mod reconcile;
pub mod roll;
pub mod since_last;
pub mod supply;
pub mod tiles;
pub mod track;
pub mod workforce;

use crate::engine::model::{Cycle, Target, same_sku};
use crate::engine::plan::Plan;
use rustc_hash::FxHashSet;

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

    /// The SKUs it covers in `c`, in product order.
    pub fn skus<'a>(&'a self, c: &'a Cycle) -> Vec<&'a str> {
        match self {
            Selection::Sku(s) => vec![s.as_str()],
            Selection::Family(f) => c
                .master
                .products
                .iter()
                .filter(|p| &p.family == f)
                .map(|p| p.sku.as_str())
                .collect(),
        }
    }

    /// The rows of `plan` it covers.
    pub fn rows(&self, plan: &Plan) -> Vec<usize> {
        match self {
            Selection::Sku(s) => plan.sku_index(s).into_iter().collect(),
            Selection::Family(f) => (0..plan.skus.len())
                .filter(|&i| plan.sku_family[i] == *f)
                .collect(),
        }
    }

    /// Its title in a review: "EB-CITY-500 · E-City 500", "E-bikes (family, 6 SKUs)".
    pub fn title(&self, c: &Cycle) -> String {
        match self {
            Selection::Sku(s) => c
                .master
                .products
                .iter()
                .find(|p| same_sku(&p.sku, s))
                .map_or(s.clone(), |p| format!("{} · {}", p.sku, p.name)),
            Selection::Family(f) => {
                let n = self.skus(c).len();
                c.master
                    .families
                    .iter()
                    .find(|x| &x.id == f)
                    .map_or(f.clone(), |x| format!("{} (family, {n} SKUs)", x.name))
            }
        }
    }
}

/// A selection's SKUs as a membership test for scans over every history or baseline:
/// a few codes compared directly, many through a hash set. Hashing all 10,000 codes
/// to find one SKU's history cost ~2–4 ms per waterfall edit in the browser; a family
/// of 2,500 SKUs searched linearly took ~0.6 s.
pub enum SkuSet<'a> {
    Few(Vec<&'a str>),
    Many(FxHashSet<&'a str>),
}

impl<'a> SkuSet<'a> {
    /// Up to this many SKUs are compared directly.
    const FEW: usize = 16;

    pub fn new(skus: &[&'a str]) -> Self {
        if skus.len() <= Self::FEW {
            SkuSet::Few(skus.to_vec())
        } else {
            SkuSet::Many(skus.iter().copied().collect())
        }
    }

    pub fn contains(&self, sku: &str) -> bool {
        match self {
            SkuSet::Few(v) => v.iter().any(|s| same_sku(s, sku)),
            SkuSet::Many(set) => set.contains(sku),
        }
    }
}
