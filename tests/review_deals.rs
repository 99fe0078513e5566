//! The demand review's open deals (`engine::review::deals`) and their commands
//! (`engine::command::{add_deal, edit_deal, remove_deal}`): the weighted units add up to
//! what the pipeline layer adds over the marketing layer, by month, on the demo; every
//! edit is checked and undone exactly; the stage goes through import and export.

use sop_planner::engine::command::{
    Command, DealEdit, NewDeal, PlanRef, add_deal, edit_deal, remove_deal,
};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{Plan, plan};
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::deals::open_deals;
use sop_planner::engine::review::demand::layer_sums;
use sop_planner::engine::review::layers::increments;
use sop_planner::store::export;
use sop_planner::store::import::{ImportFile, import};

const PIPELINE: usize = 3;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn demo() -> Cycle {
    demo_workspace().cycles.remove(0)
}

fn plan_of(c: &Cycle) -> Plan {
    let b = sop_planner::engine::plan::fallback::stand_in_baselines(c);
    plan(c, &c.inputs, &Levers::default(), &b)
}

#[test]
fn weighted_deals_add_up_to_the_pipeline_layer_of_every_family_and_sku() {
    let c = demo();
    let p = plan_of(&c);
    let mut sels: Vec<Selection> = c
        .master
        .families
        .iter()
        .map(|f| Selection::Family(f.id.clone()))
        .collect();
    sels.extend(
        c.master
            .products
            .iter()
            .map(|x| Selection::Sku(x.sku.clone())),
    );
    for sel in &sels {
        let d = open_deals(&p, &c.inputs, sel);
        let inc = increments(&layer_sums(&p, &sel.rows(&p)));
        for (t, x) in d.by_month.iter().enumerate() {
            assert!(
                close(*x, inc[PIPELINE][t]),
                "{sel:?} month {t}: {x} vs {}",
                inc[PIPELINE][t]
            );
        }
        let layer: f64 = inc[PIPELINE].iter().sum();
        assert!(close(d.total, layer), "{sel:?}: {} vs {layer}", d.total);
    }
}

#[test]
fn the_e_bike_deals_by_hand() {
    let c = demo();
    let p = plan_of(&c);
    let d = open_deals(&p, &c.inputs, &Selection::Family("EBIKE".into()));
    // Cargo fleet 60 × 60 % = 36 (month 3), hotel chain 120 × 40 % = 48 (month 4),
    // leasing 80 × 30 % = 24 and tour operator 40 × 80 % = 32 (month 5), ski resort
    // 30 × 20 % = 6 (month 7): 146 units.
    let ids: Vec<u64> = d.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, [1, 2, 3, 6, 9]);
    let weighted: Vec<f64> = d.rows.iter().map(|r| r.weighted).collect();
    for (w, hand) in weighted.iter().zip([36.0, 48.0, 24.0, 32.0, 6.0]) {
        assert!(close(*w, hand), "{weighted:?}");
    }
    assert!(close(d.total, 146.0), "{}", d.total);
    assert!(close(d.by_month[5], 56.0), "{:?}", d.by_month);
    assert_eq!(d.rows[1].customer, "Hotel chain guest bikes");
    assert_eq!(d.rows[1].stage, DealStage::Qualified);
    assert_eq!(d.rows[1].t, Some(4));
}

fn apply(c: &mut Cycle, cmd: Command) -> Command {
    cmd.apply(c).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn add_edit_and_remove_a_deal_each_undo_exactly() {
    let mut c = demo();
    let before = c.clone();
    let sel = Selection::Sku("EB-CITY-500".into());
    let month = c.label.plus(2);
    let add = add_deal(
        &c,
        PlanRef::Base,
        NewDeal {
            customer: " Fleet renewal ".into(),
            sku: "EB-CITY-500".into(),
            month,
            units: 50.0,
            probability: 0.3,
            stage: DealStage::Proposal,
        },
    )
    .unwrap();
    let undo_add = apply(&mut c, add);
    let deal = c.inputs.pipeline.last().unwrap().clone();
    assert_eq!((deal.id, deal.customer.as_str()), (11, "Fleet renewal"));
    // The pipeline row of the SKU rises by 50 × 30 % = 15 in month 2.
    let p0 = plan_of(&before);
    let p1 = plan_of(&c);
    let i = p1.sku_index("EB-CITY-500").unwrap();
    assert!(close(
        p1.demand.pipeline.get(i, 2) - p0.demand.pipeline.get(i, 2),
        15.0
    ));
    assert!(close(
        open_deals(&p1, &c.inputs, &sel).total - open_deals(&p0, &before.inputs, &sel).total,
        15.0
    ));

    let after_add = c.clone();
    let cmd = edit_deal(&c, PlanRef::Base, 11, DealEdit::Stage(DealStage::Won)).unwrap();
    let undo_stage = apply(&mut c, cmd);
    assert_eq!(c.inputs.pipeline.last().unwrap().stage, DealStage::Won);
    apply(&mut c, undo_stage);
    assert_eq!(c, after_add);

    let cmd = edit_deal(&c, PlanRef::Base, 11, DealEdit::Units(80.0)).unwrap();
    let undo_units = apply(&mut c, cmd);
    assert_eq!(c.inputs.pipeline.last().unwrap().units, 80.0);
    apply(&mut c, undo_units);
    assert_eq!(c, after_add);

    let cmd = remove_deal(&c, PlanRef::Base, 2).unwrap();
    let undo_remove = apply(&mut c, cmd);
    assert!(c.inputs.pipeline.iter().all(|o| o.id != 2));
    apply(&mut c, undo_remove);
    assert_eq!(c, after_add);

    apply(&mut c, undo_add);
    assert_eq!(c, before);
}

#[test]
fn a_bad_probability_or_unknown_deal_is_refused_and_changes_nothing() {
    let mut c = demo();
    let before = c.clone();
    let cmd = edit_deal(&c, PlanRef::Base, 2, DealEdit::Probability(1.5)).unwrap();
    let e = cmd.apply(&mut c).unwrap_err();
    assert_eq!(
        e.to_string(),
        "pipeline deal #2: probability must be between 0 and 1, got 1.5"
    );
    assert_eq!(c, before);
    let e = edit_deal(&c, PlanRef::Base, 99, DealEdit::Units(1.0)).unwrap_err();
    assert_eq!(e.to_string(), "deal #99 no longer exists");
    let e = remove_deal(&c, PlanRef::Base, 99).unwrap_err();
    assert_eq!(e.to_string(), "deal #99 no longer exists");
}

fn pipeline_csv(c: &Cycle) -> String {
    let files = export::csv_files(c);
    let (_, text) = files.iter().find(|(n, _)| n == "pipeline.csv").unwrap();
    text.clone()
}

#[test]
fn the_stage_round_trips_through_export_and_import() {
    let mut c = demo();
    c.inputs.pipeline[0].stage = DealStage::Won;
    let text = pipeline_csv(&c);
    let head = text.lines().next().unwrap();
    assert!(head.ends_with(",probability,stage,customer"), "{head}");
    let first = text.lines().nth(1).unwrap();
    assert!(first.contains(",won,"), "{first}");
    let back = import(&[ImportFile::new("pipeline.csv", text.into_bytes())], &c)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(back.cycle.inputs.pipeline, c.inputs.pipeline);
    // Stages as a CRM writes them; a blank one is a lead.
    let crm = "sku,month,units,probability,stage\n\
               EB-CITY-500,2027-03,10,50%,Closed Won\n\
               EB-CITY-500,2027-04,10,50%,\n";
    let got = import(&[ImportFile::new("deals.csv", crm.as_bytes().to_vec())], &c)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let stages: Vec<DealStage> = got.cycle.inputs.pipeline.iter().map(|o| o.stage).collect();
    assert_eq!(stages, [DealStage::Won, DealStage::Lead]);
}

#[test]
fn a_bad_stage_or_probability_names_row_and_column() {
    let c = demo();
    let text = "sku,month,units,probability,stage\n\
                EB-CITY-500,2027-03,10,50%,maybe\n\
                EB-CITY-500,2027-04,10,150%,lead\n";
    let Err(e) = import(
        &[ImportFile::new("pipeline.csv", text.as_bytes().to_vec())],
        &c,
    ) else {
        panic!("refused");
    };
    let shown: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert_eq!(e.len(), 2, "{shown:#?}");
    assert_eq!((e[0].row, e[0].column.as_deref()), (Some(2), Some("stage")));
    assert_eq!(
        e[0].message,
        "stage must be lead, qualified, proposal, negotiation or won, found 'maybe'"
    );
    assert_eq!(
        (e[1].row, e[1].column.as_deref()),
        (Some(3), Some("probability"))
    );
    assert!(e[1].message.contains("probability"), "{shown:#?}");
}

#[test]
fn a_deal_stored_before_stages_loads_as_a_lead() {
    let old = r#"{"id":7,"sku":"KB-20","month":"2027-02","units":90.0,"probability":0.5,"customer":"School"}"#;
    let o: Opportunity = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((o.id, o.stage), (7, DealStage::Lead));
    let again: Opportunity = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
    assert_eq!(again, o);
}
