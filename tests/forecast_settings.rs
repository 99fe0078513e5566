//! The demand review's "Forecast settings" (`command::set_forecast_choice`): switching
//! reconciliation off gives every SKU its own (bottom-up) forecast, a season of 1 drops
//! the season, the command reports a forecast change, undoes exactly, and the ranges are
//! refused the same way whether typed or restored (`plan::validate`).

use sop_planner::engine::command::{Command, PlanRef, forecast_choice, set_forecast_choice};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines_and_leans;
use sop_planner::engine::model::{Baseline, Cycle};

fn demo() -> Cycle {
    demo_workspace().cycles.pop().unwrap()
}

fn values<'a>(b: &'a [Baseline], sku: &str) -> &'a [f64] {
    &b.iter().find(|x| x.sku == sku).unwrap().values
}

#[test]
fn reconciliation_off_gives_the_bottom_up_forecasts_and_undo_restores() {
    let mut c = demo();
    let (on, leans) = baselines_and_leans(&c);
    let kids = leans
        .iter()
        .find(|l| l.reconciled())
        .expect("the demo reconciles a family");
    let members: Vec<String> = c
        .master
        .products
        .iter()
        .filter(|p| p.family == kids.family)
        .map(|p| p.sku.clone())
        .collect();
    assert!(members.len() >= 2);

    let before = c.clone();
    let mut choice = forecast_choice(&c);
    assert!(choice.reconcile);
    choice.reconcile = false;
    let cmd = set_forecast_choice(&c, &choice).unwrap();
    let (undo, touched) = cmd.apply_touching(&mut c).unwrap();
    assert!(touched.touches_forecast(), "the baselines must be redone");
    assert!(!c.inputs.forecast.reconcile);

    let (off, leans_off) = baselines_and_leans(&c);
    assert!(
        leans_off.is_empty(),
        "no family is reconciled when switched off"
    );
    // With reconciliation off, each SKU of the family is exactly its own forecast;
    // the reconciled family's members moved (by the lean), and the family total of
    // the reconciled numbers differs from the bottom-up one.
    let moved = members
        .iter()
        .filter(|s| values(&on, s) != values(&off, s))
        .count();
    assert!(moved >= 1, "reconciliation moved none of {members:?}");
    let total = |b: &[Baseline]| -> f64 { members.iter().map(|s| values(b, s)[0]).sum() };
    assert!((total(&on) - total(&off)).abs() > 1e-6);
    // Other families are untouched by the switch when they stayed bottom-up.
    for l in &leans {
        if l.reconciled() {
            continue;
        }
        for p in c.master.products.iter().filter(|p| p.family == l.family) {
            assert_eq!(values(&on, &p.sku), values(&off, &p.sku), "{}", p.sku);
        }
    }

    undo.apply(&mut c).unwrap();
    assert_eq!(c, before);
}

#[test]
fn a_season_of_one_drops_the_season() {
    let mut c = demo();
    let mut choice = forecast_choice(&c);
    assert_eq!(choice.season_length, 12);
    choice.season_length = 1;
    set_forecast_choice(&c, &choice)
        .unwrap()
        .apply(&mut c)
        .unwrap();
    assert_eq!(c.inputs.forecast.season_length, 1);
    let (b, _) = baselines_and_leans(&c);
    // Without a season, no model may be a seasonal one.
    for x in &b {
        assert!(
            !x.model.contains("winters") && !x.model.contains("seasonal"),
            "{} uses {}",
            x.sku,
            x.model
        );
    }
}

#[test]
fn ranges_are_refused_typed_or_restored() {
    let c = demo();
    let mut choice = forecast_choice(&c);
    choice.season_length = 0;
    let e = set_forecast_choice(&c, &choice).unwrap_err();
    assert!(e.0.contains("1 to 24 months"), "{}", e.0);
    choice.season_length = 12;
    choice.outlier_k = 1.0;
    let e = set_forecast_choice(&c, &choice).unwrap_err();
    assert!(e.0.contains("1.5 to 10"), "{}", e.0);

    // The same rule when inputs arrive whole (a restore, a merge): refused, unchanged.
    for (season, k, field) in [(30, 3.0, "season length"), (12, 0.5, "outlier")] {
        let mut c = demo();
        let before = c.clone();
        let mut inputs = c.inputs.clone();
        inputs.forecast.season_length = season;
        inputs.forecast.outlier_k = k;
        let cmd = Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        };
        let e = cmd.apply(&mut c).unwrap_err();
        assert!(e.0.contains(field), "{}", e.0);
        assert_eq!(c, before);
    }
}

#[test]
fn the_learned_choice_is_switched_with_the_other_settings() {
    let mut c = demo();
    let mut choice = forecast_choice(&c);
    assert!(choice.learn, "on by default");
    choice.learn = false;
    let before = c.clone();
    let cmd = set_forecast_choice(&c, &choice).unwrap();
    assert!(cmd.touches(&c).touches_forecast());
    let undo = cmd.apply(&mut c).unwrap();
    assert!(!c.inputs.forecast.learn);
    assert_eq!(
        c.inputs.forecast.reconcile,
        before.inputs.forecast.reconcile
    );
    undo.apply(&mut c).unwrap();
    assert_eq!(c, before);
}
