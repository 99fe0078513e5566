//! The optimizer's costs in import and export: the `costs` parameters and the
//! `family_costs` rows round-trip through CSV and XLSX to the cent, a parameter left out
//! takes its default, and values beyond their limits or unknown families are refused
//! with file, row and column.

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::engine::optimize::settings::demo_costs;
use sop_planner::store::export;
use sop_planner::store::import::{ImportError, ImportFile, empty_cycle, import};
use std::str::FromStr;

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile::new(name, text.as_bytes().to_vec())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn csv_files(c: &Cycle) -> Vec<ImportFile> {
    export::csv_files(c)
        .into_iter()
        .map(|(name, text)| ImportFile::new(name, text))
        .collect()
}

fn errors(files: &[ImportFile], into: &Cycle) -> Vec<ImportError> {
    match import(files, into) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

/// Every cost set, to the cent, a family with all its costs and one with none.
fn all_costs(c: &mut Cycle) -> CostSettings {
    let k = &mut c.inputs.supply.costs;
    k.hire_cost = dec("4512.34");
    k.layoff_cost = dec("7000.01");
    k.fte_cost = dec("4200.99");
    k.min_fte = 3.0;
    k.max_fte = Some(120.5);
    k.max_overtime_per_fte = 24.0;
    k.holding_pct = dec("22.5");
    k.families = vec![
        FamilyCosts {
            family: "CITY".into(),
            backlog_cost: Some(dec("12.34")),
            lost_sale_cost: Some(dec("90.00")),
            subcontract_cost: Some(dec("160.05")),
            subcontract_limit: 40.0,
            ending_inventory: Some(55.0),
        },
        FamilyCosts {
            family: "KIDS".into(),
            subcontract_limit: 25.0,
            ..FamilyCosts::default()
        },
    ];
    k.clone()
}

#[test]
fn the_demo_has_realistic_costs_that_round_trip() {
    let c = demo();
    assert_eq!(c.inputs.supply.costs, demo_costs());
    let imported = import(&csv_files(&c), &empty_cycle("new", c.label)).unwrap();
    assert_eq!(imported.cycle.inputs.supply.costs, demo_costs());
    let imported = import(&csv_files(&c), &c).unwrap();
    assert_eq!(imported.cycle, c, "re-importing the demo changes nothing");
}

#[test]
fn every_cost_round_trips_through_csv_and_xlsx() {
    let mut c = demo();
    let want = all_costs(&mut c);
    let csv = import(&csv_files(&c), &empty_cycle("new", c.label)).unwrap();
    assert_eq!(csv.cycle.inputs.supply.costs, want);
    assert_eq!(
        csv.cycle.inputs.supply.costs.hire_cost.to_string(),
        "4512.34"
    );
    let bytes = export::workbook(&c).unwrap();
    let xlsx = import(
        &[ImportFile::new("w.xlsx", bytes)],
        &empty_cycle("new", c.label),
    )
    .unwrap();
    assert_eq!(xlsx.cycle.inputs.supply.costs, want);
    // The cash floor and cost budget are the supply review's, not the files': kept.
    let mut into = demo();
    into.inputs.supply.costs.cash_floor = true;
    into.inputs.supply.costs.cost_budget = Some(dec("1000000"));
    let kept = import(&csv_files(&c), &into).unwrap();
    assert!(kept.cycle.inputs.supply.costs.cash_floor);
    assert_eq!(
        kept.cycle.inputs.supply.costs.cost_budget,
        Some(dec("1000000"))
    );
}

#[test]
fn a_parameter_left_out_takes_its_default() {
    let c = demo();
    let r = import(
        &[file(
            "costs.csv",
            "parameter,value\nhire_cost,5000\nmax_fte,90\n",
        )],
        &c,
    )
    .unwrap();
    let k = &r.cycle.inputs.supply.costs;
    let d = CostSettings::default();
    assert_eq!(k.hire_cost, dec("5000"));
    assert_eq!(k.max_fte, Some(90.0));
    assert_eq!((k.layoff_cost, k.fte_cost), (d.layoff_cost, d.fte_cost));
    assert_eq!(k.max_overtime_per_fte, d.max_overtime_per_fte);
    // The families' costs stay as they were (no family_costs file).
    assert_eq!(k.families, demo_costs().families);
    // No max_fte row: no limit.
    let r = import(&[file("costs.csv", "parameter,value\nmin_fte,2\n")], &c).unwrap();
    assert_eq!(r.cycle.inputs.supply.costs.max_fte, None);
    assert_eq!(r.cycle.inputs.supply.costs.min_fte, 2.0);
}

#[test]
fn values_beyond_their_limits_are_refused() {
    let c = demo();
    let e = errors(
        &[file(
            "costs.csv",
            "parameter,value\nhire_cost,2000000000\nholding_pct,1500\nmax_overtime_per_fte,-4\n",
        )],
        &c,
    );
    let msg: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert_eq!(e.len(), 3, "{msg:#?}");
    assert!(
        e[0].row == Some(2) && e[0].message.contains("at most 1000000000"),
        "{}",
        e[0]
    );
    assert!(
        e[1].row == Some(3) && e[1].message.contains("at most 1000"),
        "{}",
        e[1]
    );
    assert!(
        e[2].row == Some(4) && e[2].message.contains("≥ 0"),
        "{}",
        e[2]
    );
    // Min FTE above max FTE: the plan's validation names it.
    let e = errors(
        &[file(
            "costs.csv",
            "parameter,value\nmin_fte,10\nmax_fte,5\n",
        )],
        &c,
    );
    assert!(
        e.iter().any(|e| e.to_string().contains("min FTE 10")),
        "{e:#?}"
    );
    // Family costs: an unknown family, a lost-sale cost beyond the rate limit.
    let e = errors(
        &[file(
            "family_costs.csv",
            "family,backlog_cost,lost_sale_cost,subcontract_cost,subcontract_limit,ending_inventory\n\
             NOPE,1,,,0,\n\
             CITY,1,2000000000,,0,\n",
        )],
        &c,
    );
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e.iter().any(|e| e.row == Some(2)
        && e.column.as_deref() == Some("family")
        && e.message.contains("NOPE")));
    assert!(e.iter().any(|e| e.row == Some(3)
        && e.column.as_deref() == Some("lost_sale_cost")
        && e.message.contains("at most 1000000000")));
}
