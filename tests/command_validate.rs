//! Edits pass the same validation as imports and restores: an edit that introduces an
//! error is refused with it in a planner's words and changes nothing; problems the
//! cycle already had do not block other edits; the check costs little per edit.

use rust_decimal::Decimal;
use sop_planner::engine::command::{Command, PlanRef, set_cell_adjustment};
use sop_planner::engine::demo::{demo_workspace, sample_workspace};
use sop_planner::engine::model::*;
use sop_planner::engine::plan::validate;
use std::time::Instant;

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

#[test]
fn an_edit_that_introduces_an_error_is_refused_and_changes_nothing() {
    let mut c = demo();
    let before = c.clone();
    let mut m = c.master.clone();
    let sku = m.products[2].sku.clone();
    m.products[2].price = Decimal::from(-5);
    let e = Command::SetMaster(Box::new(m)).apply(&mut c).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("product {sku}: price must not be negative, got -5")
    );
    assert_eq!(c, before);

    let mut inputs = c.inputs.clone();
    let id = inputs.pipeline[1].id;
    inputs.pipeline[1].probability = 1.5;
    let e = Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs),
    }
    .apply(&mut c)
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("pipeline deal #{id}: probability must be between 0 and 1, got 1.5")
    );
    assert_eq!(c, before);

    let mut h = c.history.clone();
    h.push(h[0].clone());
    let e = Command::SetHistory(h).apply(&mut c).unwrap_err();
    assert!(e.to_string().ends_with("is used twice"), "{e}");
    assert_eq!(c, before);
}

#[test]
fn two_scenarios_with_one_name_are_refused() {
    let mut c = demo();
    let s = Scenario {
        id: 1,
        name: "Hot spring".into(),
        inputs: c.inputs.clone(),
        levers: Levers::default(),
        note: String::new(),
    };
    let mut t = s.clone();
    t.id = 2;
    t.name = "hot spring ".into();
    let e = Command::SetScenarios(vec![s.clone(), t])
        .apply(&mut c)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario hot spring : name is used by two scenarios"
    );
    assert!(c.scenarios.is_empty());
    let undo = Command::SetScenarios(vec![s]).apply(&mut c).unwrap();
    assert_eq!(c.scenarios.len(), 1);
    undo.apply(&mut c).unwrap();
    assert!(c.scenarios.is_empty());
}

#[test]
fn a_problem_the_cycle_already_had_does_not_block_other_edits() {
    let mut c = demo();
    c.master.products[0].on_hand = -1.0; // a legacy cycle, stored before the checks
    let mut m = c.master.clone();
    m.products[1].price = Decimal::from(99);
    let undo = Command::SetMaster(Box::new(m)).apply(&mut c).unwrap();
    assert_eq!(c.master.products[1].price, Decimal::from(99));
    undo.apply(&mut c).unwrap();
    // Fixing it is fine too; making another one is not.
    let mut m = c.master.clone();
    m.products[0].on_hand = 0.0;
    m.products[1].on_hand = -2.0;
    assert!(Command::SetMaster(Box::new(m)).apply(&mut c).is_err());
}

#[test]
fn the_check_costs_little_per_edit_at_10000_skus() {
    let mut c = sample_workspace(10_000).cycles.remove(0);
    let target = Target::Sku(c.master.products[17].sku.clone());
    let month = c.label.plus(2);
    let runs = 30;
    let (mut edit, mut check, mut full) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..runs {
        let inputs = set_cell_adjustment(
            &c.inputs,
            Layer::Sales,
            Role::Sales,
            &target,
            month,
            (k + 1) as f64,
            "",
        );
        let cmd = Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        };
        let t = Instant::now();
        cmd.apply(&mut c).unwrap();
        edit.push(t.elapsed().as_secs_f64() * 1e3);
        // What the check adds: the touched inputs validated before and after.
        let t = Instant::now();
        let v = validate::InputsCheck::new(&c, &[&c.inputs]);
        let a = v.run(&c.inputs, "inputs");
        let b = v.run(&c.inputs, "inputs");
        check.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(validate::new_errors(&a, b).is_empty());
        // Side by side, the whole cycle's validation (every product, resource and table).
        let t = Instant::now();
        let all = validate::validate_cycle(&c);
        full.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(!validate::has_errors(&all));
    }
    edit.sort_by(f64::total_cmp);
    check.sort_by(f64::total_cmp);
    full.sort_by(f64::total_cmp);
    println!(
        "10,000 SKUs, {} adjustments, SetInputs of one cell: apply {:.3} ms median, of \
         which validation {:.3} ms; the whole cycle's validation {:.3} ms",
        c.inputs.adjustments.len(),
        edit[runs / 2],
        check[runs / 2],
        full[runs / 2]
    );
    // A ratio measured in one run (machines are shared and noisy): an edit's check is
    // a fraction of validating the whole cycle, whatever the machine or build.
    assert!(
        check[runs / 2] < 0.5 * full[runs / 2],
        "edit's check {check:?} vs whole cycle {full:?}"
    );
}
