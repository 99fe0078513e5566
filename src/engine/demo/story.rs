//! The demo's workshop material: adjustments of each layer (sales, marketing,
//! consensus) with their reasons, and an open pipeline of deals.

use crate::engine::model::*;
use crate::engine::month::Month;

/// The demo's workshop material: adjustments of each layer and an open pipeline.
pub(super) fn story(inputs: &mut PlanInputs, label: Month) {
    let adj = |id, layer, role, target, from: i32, to: i32, change, reason: &str| Adjustment {
        id,
        layer,
        role,
        target,
        from: label.plus(from),
        to: label.plus(to),
        change,
        reason: reason.to_string(),
    };
    inputs.adjustments = vec![
        adj(
            1,
            Layer::Sales,
            Role::Sales,
            Target::Family("CITY".into()),
            2,
            5,
            Change::Percent(5.0),
            "Dealer restocking after the winter price campaign",
        ),
        adj(
            2,
            Layer::Sales,
            Role::Sales,
            Target::Sku("EB-CARGO-1".into()),
            0,
            11,
            Change::Units(8.0),
            "New bike-leasing partner (signed, volumes per contract)",
        ),
        adj(
            3,
            Layer::Marketing,
            Role::Marketing,
            Target::Family("EBIKE".into()),
            4,
            6,
            Change::Percent(12.0),
            "Spring e-bike campaign (TV + online)",
        ),
        adj(
            4,
            Layer::Marketing,
            Role::Marketing,
            Target::Sku("KB-BAL".into()),
            0,
            1,
            Change::Percent(25.0),
            "",
        ),
        adj(
            5,
            Layer::Consensus,
            Role::Operations,
            Target::Sku("EB-CLASSIC".into()),
            6,
            17,
            Change::Percent(-100.0),
            "Run-out: production stops after April",
        ),
    ];
    let opp = |id, sku: &str, m: i32, units, probability, customer: &str| Opportunity {
        id,
        sku: sku.to_string(),
        month: label.plus(m),
        units,
        probability,
        customer: customer.to_string(),
    };
    inputs.pipeline = vec![
        opp(
            1,
            "EB-CARGO-1",
            3,
            60.0,
            0.6,
            "City of Lindholm delivery fleet",
        ),
        opp(2, "EB-CITY-500", 4, 120.0, 0.4, "Hotel chain guest bikes"),
        opp(
            3,
            "EB-CITY-700",
            5,
            80.0,
            0.3,
            "Corporate leasing (Brightline)",
        ),
        opp(4, "CB-COMMUTE", 2, 150.0, 0.7, "University bike-share"),
        opp(
            5,
            "CB-URBAN-7",
            6,
            100.0,
            0.5,
            "Retail chain spring promotion",
        ),
        opp(6, "EB-TREK-600", 5, 40.0, 0.8, "Tour operator Alpina"),
        opp(7, "KB-20", 1, 90.0, 0.5, "School cycling programme"),
        opp(
            8,
            "SP-BATT-SVC",
            3,
            50.0,
            0.9,
            "Leasing partner service contract",
        ),
        opp(9, "EB-MTB-800", 7, 30.0, 0.2, "Rental station, ski resort"),
        opp(10, "CB-GRAVEL", 8, 40.0, 0.35, "Event sponsor bikes"),
    ];
    (inputs.supply.use_overtime, inputs.supply.costs) =
        (true, crate::engine::optimize::demo_costs());
}
