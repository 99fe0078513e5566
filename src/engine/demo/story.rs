//! The demo's workshop material: adjustments of each layer (sales, marketing,
//! consensus) with their reasons, and an open pipeline of deals.

use crate::engine::model::*;
use crate::engine::month::Month;

/// Finance terms and stock policy of a generated company; money as shares of last
/// year's revenue.
#[derive(Clone, Copy, Debug)]
pub(super) struct Terms {
    /// Days customers take to pay.
    pub(super) dso: i64,
    /// Days until suppliers (components, conversion) are paid.
    pub(super) dpo: i64,
    /// EBITDA margin on last year's sales that sets the fixed cost.
    pub(super) ebitda_margin: f64,
    pub(super) opening_cash: f64,
    pub(super) min_cash: f64,
    /// A family built ahead of demand: (family id, months of forward demand in stock).
    pub(super) build_ahead: (&'static str, f64),
    /// Components on hand: months of recent use beyond their lead time.
    pub(super) component_cover: f64,
}

/// Northwind's seasonal cash squeeze: e-bikes are stocked 1.5 months ahead of demand
/// (built before the spring, with components on hand for their lead time and a month
/// more, so the build needs no order placed before the cycle), dealers pay in 60 days
/// (seasonal dating) while component
/// suppliers are paid in 30, a thin 5 % EBITDA margin, opening cash 4 % and minimum cash
/// 3 % of last year's revenue. The base plan's cash dips before the season and stays
/// above the minimum; +20 % demand takes it below (`tests/demo_cash.rs`).
pub(super) const SEASON: Terms = Terms {
    dso: 60,
    dpo: 30,
    ebitda_margin: 0.05,
    opening_cash: 0.04,
    min_cash: 0.03,
    build_ahead: ("EBIKE", 1.5),
    component_cover: 1.0,
};

/// The sample companies' terms: 45 / 40 days, 8 % EBITDA, opening cash 6 % and minimum
/// cash 2 % of last year's revenue; every family keeps its catalogue strategy;
/// components for their lead time and half a month.
pub(super) const SAMPLE_TERMS: Terms = Terms {
    dso: 45,
    dpo: 40,
    ebitda_margin: 0.08,
    opening_cash: 0.06,
    min_cash: 0.02,
    build_ahead: ("", 0.0),
    component_cover: 0.5,
};

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
        // The demo's stages follow its probabilities.
        stage: match probability {
            p if p >= 0.8 => DealStage::Negotiation,
            p if p >= 0.5 => DealStage::Proposal,
            p if p >= 0.3 => DealStage::Qualified,
            _ => DealStage::Lead,
        },
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
