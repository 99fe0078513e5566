//! `baselines` / `baseline`: one statistical baseline per product of a cycle.

use rust_decimal::Decimal;
use sop_planner::engine::forecast::{baseline, baselines};
use sop_planner::engine::model::*;
use sop_planner::engine::month::Month;

fn product(sku: &str) -> Product {
    Product {
        sku: sku.into(),
        name: sku.into(),
        family: "F".into(),
        price: Decimal::new(10, 0),
        unit_cost: Decimal::new(6, 0),
        on_hand: 0.0,
        lead_time: 1,
        service_level: 0.95,
        lot_min: 0.0,
        lot_multiple: 0.0,
        routing: vec![],
        bom: vec![],
        strategy: None,
        lifecycle: Default::default(),
    }
}

fn seasonal(n: usize, level: f64) -> Vec<f64> {
    let s = [0.8, 0.9, 1.0, 1.1, 1.3, 1.4, 1.2, 1.0, 0.9, 0.8, 0.8, 0.8];
    (0..n)
        .map(|t| level * s[t % 12] + ((t * 31) % 7) as f64)
        .collect()
}

fn cycle() -> Cycle {
    let label = Month::new(2026, 1);
    Cycle {
        id: "c1".into(),
        label,
        horizon: 18,
        status: CycleStatus::Draft,
        master: MasterData {
            products: vec![product("A"), product("B"), product("C"), product("D")],
            ..MasterData::default()
        },
        history: vec![
            // A: 36 months ending Dec 2025 (label − 1).
            SkuHistory {
                sku: "A".into(),
                start: Month::new(2023, 1),
                units: seasonal(36, 100.0),
            },
            // C: ends Sep 2025: three months of gap before the label.
            SkuHistory {
                sku: "C".into(),
                start: Month::new(2022, 10),
                units: seasonal(36, 50.0),
            },
            // D: runs past the label: only months before it count.
            SkuHistory {
                sku: "D".into(),
                start: Month::new(2023, 1),
                units: [seasonal(36, 80.0), vec![1e6; 6]].concat(),
            },
        ],
        inputs: PlanInputs {
            forecast: ForecastSettings::default(),
            adjustments: vec![],
            pipeline: vec![],
            supply: SupplySettings::default(),
            finance: FinanceParams::default(),
            budget: vec![],
        },
        scenarios: vec![],
        decisions: vec![],
        frozen: None,
        rolled_from: None,
        signoffs: Vec::new(),
        notes: Default::default(),
    }
}

#[test]
fn one_baseline_per_product_over_the_horizon() {
    let c = cycle();
    let b = baselines(&c);
    assert_eq!(
        b.iter().map(|b| b.sku.as_str()).collect::<Vec<_>>(),
        ["A", "B", "C", "D"]
    );
    for x in &b {
        assert_eq!(x.values.len(), 18);
        assert_eq!(x.lower.len(), 18);
        assert_eq!(x.upper.len(), 18);
        assert!(x.values.iter().all(|v| v.is_finite() && *v >= 0.0));
        assert!(x.sigma.is_finite() && x.wape.is_finite());
    }
    // No history: zero baseline named none.
    assert_eq!(b[1].model, "none");
    assert!(b[1].values.iter().all(|v| *v == 0.0));
    assert_eq!(b[1].sigma, 0.0);
    // A seasonal history: the forecast follows its season (May–Jun peak at 1.3–1.4).
    assert_eq!(b[0].model, "ensemble");
    assert!(b[0].values[5] > b[0].values[0] * 1.4, "{:?}", b[0].values);
    assert!(b[0].sigma > 0.0);
    // D ignores the actuals at and after the label (the 1e6 values).
    assert!(b[3].values.iter().all(|v| *v < 1000.0), "{:?}", b[3].values);
}

#[test]
fn a_gap_is_forecast_and_dropped() {
    let c = cycle();
    let b = baseline(&c, "C").unwrap();
    // C's own forecast from its end (Oct 2025) for 3 + 18 months, first 3 dropped:
    // the January value must be the winter level (0.8 · 50 + noise), not the autumn one.
    let hist = &c.history[1];
    let full = sop_planner::engine::forecast::forecast(
        &hist.units,
        12,
        21,
        &sop_planner::engine::forecast::Options::default(),
    );
    assert_eq!(b.values, full.point[3..].to_vec());
    assert_eq!(b.lower, full.lower[3..].to_vec());
}

#[test]
fn settings_are_honoured() {
    let mut c = cycle();
    c.inputs.forecast.model_overrides = vec![
        ModelOverride {
            sku: "A".into(),
            model: "seasonal_naive".into(),
        },
        ModelOverride {
            sku: "D".into(),
            model: "no_such_model".into(),
        },
    ];
    let a = baseline(&c, "A").unwrap();
    assert_eq!(a.model, "seasonal_naive");
    // Seasonal naive: next January = last January.
    assert_eq!(a.values[0], c.history[0].units[24]);
    assert_eq!(a.values[12], c.history[0].units[24]);
    // An unknown model name falls back to the automatic choice.
    assert_eq!(baseline(&c, "D").unwrap().model, "ensemble");
    // Unknown SKU.
    assert!(baseline(&c, "Z").is_none());
    // Outlier cleansing changes the forecast of a history with a spike.
    c.inputs.forecast.model_overrides.clear();
    c.history[0].units[18] = 5000.0;
    let plain = baseline(&c, "A").unwrap();
    c.inputs.forecast.outlier_cleansing = true;
    let clean = baseline(&c, "A").unwrap();
    assert_ne!(plain.values, clean.values);
    assert!(
        clean.values.iter().all(|v| *v < 200.0),
        "{:?}",
        clean.values
    );
    // Another season length is used (and does not break anything).
    c.inputs.forecast.season_length = 4;
    assert_eq!(baseline(&c, "A").unwrap().values.len(), 18);
}
