//! A scenario handed on as a link (`engine::command::share`): the levers travel, the
//! receiver's plan of that scenario equals the sender's when both hold the same cycle, and
//! a cut, foreign or oversized link is refused with a sentence.

use rust_decimal::Decimal;
use sop_planner::engine::command::{
    PlanRef, add_shared_scenario, read_scenario_link, save_as_scenario, scenario_link_code,
    set_scenario_levers,
};
use sop_planner::engine::demo::{demo_workspace, synthetic_cycle};
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::model::{Levers, PctFor};
use sop_planner::engine::plan;

fn upside() -> Levers {
    Levers {
        demand_pct: vec![PctFor {
            id: "EBIKE".into(),
            pct: 20.0,
        }],
        price_pct: 3.5,
        cost_pct: -2.0,
        dso_days: Some(Decimal::from(75)),
        ..Default::default()
    }
}

#[test]
fn a_link_carries_the_levers_and_gives_the_same_plan() {
    let mut c = demo_workspace().cycles.pop().unwrap();
    let (cmd, id) = save_as_scenario(&c, PlanRef::Base, "Upside", None).unwrap();
    cmd.apply(&mut c).unwrap();
    set_scenario_levers(&c, id, upside())
        .unwrap()
        .apply(&mut c)
        .unwrap();
    let sent = c.scenarios.iter().find(|s| s.id == id).unwrap().clone();
    let code = scenario_link_code(&sent);
    assert!(code.len() < 400, "{} characters", code.len());
    assert!(
        code.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
    );
    let shared = read_scenario_link(&code).unwrap();
    assert_eq!(shared.levers, upside());
    // The receiver: the same company without the scenario.
    let mut other = demo_workspace().cycles.pop().unwrap();
    let (cmd, new) = add_shared_scenario(&other, &shared).unwrap();
    cmd.apply(&mut other).unwrap();
    let got = other.scenarios.iter().find(|s| s.id == new).unwrap();
    assert_eq!(got.name, "Upside");
    let b = baselines(&c);
    let a = plan::plan_scenario(&c, &sent, &b);
    let r = plan::plan_scenario(&other, got, &b);
    assert_eq!(a.kpis, r.kpis);
    // A second time: the name is taken, the copy is named for the link.
    let (cmd, again) = add_shared_scenario(&other, &shared).unwrap();
    cmd.apply(&mut other).unwrap();
    let copy = other.scenarios.iter().find(|s| s.id == again).unwrap();
    assert_eq!(copy.name, "Upside (link)");
}

#[test]
fn a_cut_foreign_or_unfitting_link_is_refused_with_a_sentence() {
    let c = demo_workspace().cycles.pop().unwrap();
    let mut s = c.scenarios.first().cloned().unwrap_or_else(|| {
        let mut x = c.clone();
        let (cmd, _) = save_as_scenario(&x, PlanRef::Base, "X", None).unwrap();
        cmd.apply(&mut x).unwrap();
        x.scenarios[0].clone()
    });
    s.levers = upside();
    let code = scenario_link_code(&s);
    let cut = &code[..code.len() / 2];
    let e = read_scenario_link(cut).unwrap_err().0;
    assert!(e.contains("cut or changed"), "{e}");
    let e = read_scenario_link("not a link!").unwrap_err().0;
    assert!(e.contains("cannot be used"), "{e}");
    assert!(read_scenario_link(&"A".repeat(9_000)).is_err());
    // A deflated megabyte of zeros: refused by the inflate cap, not read.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 1 << 20], 9);
    use base64::Engine;
    let code = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb);
    let e = read_scenario_link(&code).unwrap_err().0;
    assert!(e.contains("cannot be used"), "{e}");
    // Levers of another company: the family this one lacks is named.
    let mut foreign = s.clone();
    foreign.levers.demand_pct[0].id = "SKATES".into();
    let shared = read_scenario_link(&scenario_link_code(&foreign)).unwrap();
    let e = add_shared_scenario(&c, &shared).unwrap_err().0;
    assert!(e.contains("SKATES") && e.contains("does not fit"), "{e}");
    let other = synthetic_cycle(10, 1);
    assert!(add_shared_scenario(&other, &shared).is_err());
    // Levers beyond what the form allows.
    let mut wild = s.clone();
    wild.levers.price_pct = -150.0;
    let e = read_scenario_link(&scenario_link_code(&wild))
        .unwrap_err()
        .0;
    assert!(e.contains("Price"), "{e}");
}
