//! Meeting mode in the engine: sign-offs in agenda order move the status on, each one
//! undo step; approval names the approver (frozen plan, executive sign-off, decision);
//! a rolled-forward cycle starts unsigned; backups from before sign-offs still load.

use sop_planner::engine::command::{Command, approve, sign_off};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::lifecycle::successor;
use sop_planner::engine::meeting::{Stage, current, is_date_time, signed};
use sop_planner::engine::model::{Cycle, CycleStatus, Role};
use sop_planner::engine::plan::{freeze, plan_cycle};
use sop_planner::store::backup::read_backup;

fn demo() -> Cycle {
    demo_workspace().cycles.pop().unwrap()
}

const AT: &str = "2026-11-30 14:05";

#[test]
fn signing_off_in_agenda_order_moves_the_status_and_undoes_in_one_step() {
    let mut c = demo();
    assert_eq!(c.status, CycleStatus::Draft);
    assert_eq!(current(&c), Some(Stage::Data));
    // Out of order, without a name, or at a bad time: refused, nothing changes.
    let e = sign_off(&c, Stage::Supply, "Ada", AT).unwrap_err();
    assert!(e.0.contains("sign off Data first"), "{e}");
    assert!(sign_off(&c, Stage::Data, "  ", AT).is_err());
    assert!(sign_off(&c, Stage::Data, "Ada", "30/11/2026").is_err());
    assert!(sign_off(&c, Stage::Executive, "Ada", AT).is_err());

    let before = c.clone();
    let undo = sign_off(&c, Stage::Data, " Ada ", AT)
        .unwrap()
        .apply(&mut c)
        .unwrap();
    assert_eq!(c.status, CycleStatus::DemandReview);
    let s = signed(&c, Stage::Data).unwrap();
    assert_eq!((s.by.as_str(), s.at.as_str()), ("Ada", AT));
    assert!(sign_off(&c, Stage::Data, "Bob", AT).is_err(), "signed once");
    undo.apply(&mut c).unwrap();
    assert_eq!(c, before, "one undo takes sign-off and status back");

    for (stage, status) in [
        (Stage::Data, CycleStatus::DemandReview),
        (Stage::Demand, CycleStatus::SupplyReview),
        (Stage::Supply, CycleStatus::FinancialReview),
        (Stage::Finance, CycleStatus::FinancialReview),
    ] {
        sign_off(&c, stage, "Ada", AT)
            .unwrap()
            .apply(&mut c)
            .unwrap();
        assert_eq!(c.status, status, "after {stage:?}");
    }
    assert_eq!(current(&c), Some(Stage::Executive));
}

#[test]
fn approval_names_the_approver_everywhere_and_needs_the_financial_review() {
    let mut c = demo();
    let frozen = freeze(&plan_cycle(&c, &[]), "2026-11-30");
    assert!(
        approve(&c, frozen.clone(), "Grace", AT).is_err(),
        "still a draft"
    );
    for s in [Stage::Data, Stage::Demand, Stage::Supply] {
        sign_off(&c, s, "Ada", AT).unwrap().apply(&mut c).unwrap();
    }
    assert!(
        approve(&c, frozen.clone(), "", AT).is_err(),
        "an approver is named"
    );
    // The command itself refuses an anonymous approval too.
    let mut anon = c.clone();
    assert!(
        Command::Approve(Box::new(frozen.clone()))
            .apply(&mut anon)
            .is_err()
    );
    approve(&c, frozen, "Grace Hopper", AT)
        .unwrap()
        .apply(&mut c)
        .unwrap();
    assert_eq!(c.status, CycleStatus::Approved);
    assert_eq!(c.frozen.as_ref().unwrap().approved_by, "Grace Hopper");
    assert_eq!(signed(&c, Stage::Executive).unwrap().by, "Grace Hopper");
    let d = c.decisions.last().unwrap();
    assert_eq!((d.role, d.date.as_str()), (Role::Executive, "2026-11-30"));
    assert_eq!(d.text, "Plan approved by Grace Hopper");
    // The next cycle starts with no step signed off.
    let next = successor(&c, "next");
    assert!(next.signoffs.is_empty());
    assert_eq!(current(&next), Some(Stage::Data));
}

#[test]
fn a_backup_from_before_sign_offs_still_loads() {
    let mut w = demo_workspace();
    let c = w.cycles.last_mut().unwrap();
    sign_off(c, Stage::Data, "Ada", AT)
        .unwrap()
        .apply(c)
        .unwrap();
    let mut v = serde_json::to_value(&w).unwrap();
    let cycle = v["cycles"].as_array_mut().unwrap().last_mut().unwrap();
    assert!(cycle["signoffs"][0]["stage"] == "data");
    cycle.as_object_mut().unwrap().remove("signoffs");
    let old = read_backup(&v.to_string()).unwrap();
    assert!(old.cycles.last().unwrap().signoffs.is_empty());
    // An approved cycle from before approvers were named.
    let frozen = serde_json::json!({"approved_on": "2026-10-31", "start": "2026-11", "series": []});
    let f: sop_planner::engine::model::FrozenPlan = serde_json::from_value(frozen).unwrap();
    assert_eq!(f.approved_by, "");
}

#[test]
fn times_read_as_dates_with_an_optional_clock() {
    assert!(is_date_time("2026-11-30"));
    assert!(is_date_time("2026-11-30 09:05"));
    assert!(!is_date_time("2026-11-30T09:05"));
    assert!(!is_date_time("30-11-2026"));
    assert!(!is_date_time(""));
}
