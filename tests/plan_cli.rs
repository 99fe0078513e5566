//! `sop demo` / `sop plan` end to end, bad input, validation messages, and the demo
//! company's workshop story (a +20 % e-bike demand overloads assembly).

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{
    self, Edit, ExceptionKind, Planner, compare, fallback::stand_in_baselines, validate,
};
use std::process::Command;

fn sop(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn tmp(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sop-plan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

fn write_ws(name: &str, ws: &Workspace) -> String {
    let p = tmp(name);
    std::fs::write(&p, serde_json::to_string(ws).unwrap()).unwrap();
    p
}

#[test]
fn demo_then_plan_writes_a_plan() {
    let ws = tmp("ws.json");
    let out = tmp("plan.json");
    let (code, stdout, stderr) = sop(&["demo", "--out", &ws]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("30 SKUs"), "{stdout}");
    let (code, stdout, stderr) = sop(&["plan", "--input", &ws, "--out", &out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("revenue"), "{stdout}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["skus"].as_array().unwrap().len(), 30);
    assert_eq!(v["months"].as_array().unwrap().len(), 18);
    assert_eq!(v["supply"]["production"].as_array().unwrap().len(), 30);
    assert_eq!(v["supply"]["production"][0].as_array().unwrap().len(), 18);
    assert_eq!(v["capacity"]["resources"].as_array().unwrap().len(), 4);
    assert_eq!(v["finance"]["months"].as_array().unwrap().len(), 18);
    assert!(
        v["kpis"]["revenue"].is_string(),
        "money is an exact decimal string"
    );
}

#[test]
fn bad_input_exits_2_with_a_message_naming_the_field() {
    let out = tmp("never.json");
    // Unparsable JSON.
    let p = tmp("broken.json");
    std::fs::write(&p, "{ \"format\": 1, \"id\": ").unwrap();
    let (code, _, err) = sop(&["plan", "--input", &p, "--out", &out]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a valid workspace") && err.contains("line 1"),
        "{err}"
    );
    // Wrong type in a field.
    let mut ws = demo_workspace();
    let json = serde_json::to_string_pretty(&ws).unwrap().replacen(
        "\"lead_time\": 1",
        "\"lead_time\": \"soon\"",
        1,
    );
    let p = tmp("typed.json");
    std::fs::write(&p, json).unwrap();
    let (code, _, err) = sop(&["plan", "--input", &p, "--out", &out]);
    assert_eq!(code, 2);
    assert!(
        err.contains("\"lead_time\": \"soon\""),
        "shows the line: {err}"
    );
    // Semantic errors, each named.
    let c = &mut ws.cycles[0];
    c.master.products[0].family = "NOPE".into();
    c.master.products[1].price = Decimal::from(-5);
    c.master.products[2].service_level = 1.0;
    c.master.products[3].routing[0].resource = "LASER".into();
    let sku = |i: usize| ws.cycles[0].master.products[i].sku.clone();
    let p = write_ws("bad.json", &ws);
    let (code, _, err) = sop(&["plan", "--input", &p, "--out", &out]);
    assert_eq!(code, 2, "{err}");
    for needle in [
        format!("products[{}].family: unknown family 'NOPE'", sku(0)),
        format!("products[{}].price: must not be negative", sku(1)),
        format!(
            "products[{}].service_level: must be above 0 and below 1",
            sku(2)
        ),
        format!(
            "products[{}].routing[LASER]: unknown resource 'LASER'",
            sku(3)
        ),
    ] {
        assert!(err.contains(&needle), "missing '{needle}' in:\n{err}");
    }
    assert!(!std::path::Path::new(&out).exists());
    // Unknown scenario.
    let p = write_ws("good.json", &demo_workspace());
    let (code, _, err) = sop(&[
        "plan",
        "--input",
        &p,
        "--scenario",
        "Moonshot",
        "--out",
        &out,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no scenario 'Moonshot'"), "{err}");
    // Missing file, missing flag.
    let (code, _, err) = sop(&["plan", "--input", "/nonexistent/ws.json", "--out", &out]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/ws.json"), "{err}");
    let (code, _, err) = sop(&["plan", "--input", &p]);
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
}

#[test]
fn plans_a_named_scenario() {
    let mut ws = demo_workspace();
    let c = &mut ws.cycles[0];
    c.scenarios.push(Scenario {
        id: 7,
        name: "E-bike boom".into(),
        inputs: c.inputs.clone(),
        levers: Levers {
            demand_pct: vec![PctFor {
                id: "EBIKE".into(),
                pct: 20.0,
            }],
            ..Levers::default()
        },
        note: String::new(),
    });
    let p = write_ws("scen.json", &ws);
    let out = tmp("scen-plan.json");
    let (code, stdout, err) = sop(&[
        "plan",
        "--input",
        &p,
        "--scenario",
        "e-bike boom",
        "--out",
        &out,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("scenario 'E-bike boom'"), "{stdout}");
    // A bad lever is named.
    ws.cycles[0].scenarios[0].levers.capacity_pct.push(PctFor {
        id: "LASER".into(),
        pct: 10.0,
    });
    let p = write_ws("scen-bad.json", &ws);
    let (code, _, err) = sop(&["plan", "--input", &p, "--out", &out]);
    assert_eq!(code, 2);
    assert!(
        err.contains("scenarios[E-bike boom].levers.capacity_pct[LASER]: unknown resource"),
        "{err}"
    );
}

#[test]
fn validation_messages() {
    let ws = demo_workspace();
    assert!(
        validate::validate_workspace(&ws)
            .iter()
            .all(|i| i.severity == validate::Severity::Warning)
    );
    let mut c = ws.cycles[0].clone();
    c.inputs.adjustments.push(Adjustment {
        id: 77,
        layer: Layer::Sales,
        role: Role::Sales,
        target: Target::Family("GHOST".into()),
        from: c.label.plus(3),
        to: c.label.plus(1),
        change: Change::Units(5.0),
        reason: String::new(),
    });
    c.inputs.pipeline.push(Opportunity {
        id: 5,
        sku: "EB-CITY-500".into(),
        month: c.label,
        units: 10.0,
        probability: 1.5,
        customer: String::new(),
        stage: Default::default(),
    });
    c.master.components[0].on_hand = -3.0;
    c.master.products.push(c.master.products[0].clone());
    let issues = validate::validate_cycle(&c);
    let text: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    let has = |s: &str| text.iter().any(|t| t.contains(s));
    assert!(
        has(
            "warning: inputs.adjustments[#77].target: unknown family 'GHOST': the adjustment has no effect"
        ),
        "{text:?}"
    );
    assert!(has("inputs.adjustments[#77].to: ends"), "{text:?}");
    assert!(
        has("inputs.pipeline[#5].probability: must be between 0 and 1, got 1.5"),
        "{text:?}"
    );
    assert!(
        has("master.components[BATT].on_hand: must not be negative"),
        "{text:?}"
    );
    assert!(
        has("master.products[EB-CITY-500]: id 'EB-CITY-500' is used twice"),
        "{text:?}"
    );
    assert!(
        has("error: inputs.pipeline[#5]: id '#5' is used twice"),
        "{text:?}"
    );
    assert!(validate::has_errors(&issues));
    // The planner itself never panics on such data.
    let b = stand_in_baselines(&c);
    let p = plan::plan_cycle(&c, &b);
    assert_eq!(p.skus.len(), c.master.products.len());
}

#[test]
fn demo_workshop_story_ebike_boom_overloads_assembly() {
    let ws = demo_workspace();
    let c = &ws.cycles[0];
    let b = stand_in_baselines(c);
    let base = plan::plan_cycle(c, &b);
    let levers = Levers {
        demand_pct: vec![PctFor {
            id: "EBIKE".into(),
            pct: 20.0,
        }],
        ..Levers::default()
    };
    let boom = plan::plan(c, &c.inputs, &levers, &b);
    let assy = boom
        .capacity
        .resources
        .iter()
        .position(|r| r == "ASSY")
        .unwrap();
    let peak = |p: &plan::Plan| {
        p.capacity
            .utilization
            .row(assy)
            .iter()
            .cloned()
            .fold(0.0, f64::max)
    };
    assert!(
        peak(&boom) > peak(&base),
        "{} vs {}",
        peak(&boom),
        peak(&base)
    );
    assert!(boom.kpis.revenue > base.kpis.revenue);
    let rows = compare(&base, &boom);
    assert!(rows.iter().any(|r| r.key == "revenue"));
    // Every month of the base plan reconciles.
    for m in &base.finance.months {
        assert_eq!(m.ocf_direct, m.ocf_indirect);
    }
    // Constrained, the boom pre-builds or backlogs instead of overloading.
    let mut inputs = c.inputs.clone();
    inputs.supply.constrained = true;
    let cons = plan::plan(c, &inputs, &levers, &b);
    assert!(
        !cons
            .exceptions
            .iter()
            .any(|e| e.kind == ExceptionKind::Overload)
    );
    // Editing one SKU incrementally in the demo equals planning again.
    let mut planner = Planner::new(c, &inputs, &levers, &b);
    inputs.supply.overrides.push(ProductionOverride {
        sku: "KB-16".into(),
        month: c.label.plus(2),
        units: 400.0,
    });
    planner.update(c, &inputs, &levers, &b, Edit::Sku("KB-16"));
    assert_eq!(*planner.plan(), plan::plan(c, &inputs, &levers, &b));
}
