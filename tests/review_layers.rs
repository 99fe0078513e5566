//! What each waterfall layer adds and why (`engine::review::layers`): increments add up
//! to the running totals, and a cell's parts (adjustments, deals, the scenario lever,
//! the floor at 0) add up to the layer's increment in that cell — checked on the demo's
//! own workshop material.

use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::*;
use sop_planner::engine::plan::{Plan, plan};
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::demand::layer_sums;
use sop_planner::engine::review::layers::{Part, Source, cell_parts, increments};

const SALES: usize = 1;
const MARKETING: usize = 2;
const PIPELINE: usize = 3;
const CONSENSUS: usize = 4;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The parts of a cell, checked to add up to the layer's increment there.
fn parts(c: &Cycle, p: &Plan, levers: &Levers, sel: &Selection, row: usize, t: usize) -> Vec<Part> {
    let inc = increments(&layer_sums(p, &sel.rows(p)));
    let parts = cell_parts(p, &c.inputs, levers, sel, row, t);
    let sum: f64 = parts.iter().map(|x| x.units).sum();
    assert!(
        close(sum, inc[row][t]),
        "{sel:?} row {row} month {t}: {sum} vs {} {parts:?}",
        inc[row][t]
    );
    parts
}

#[test]
fn increments_add_up_to_the_running_totals() {
    let c = demo_workspace().cycles.remove(0);
    let b = sop_planner::engine::plan::fallback::stand_in_baselines(&c);
    let p = plan(&c, &c.inputs, &Levers::default(), &b);
    let sel = Selection::Family("EBIKE".into());
    let layers = layer_sums(&p, &sel.rows(&p));
    let inc = increments(&layers);
    for t in 0..p.months.len() {
        let mut run = 0.0;
        for k in 0..5 {
            run += inc[k][t];
            assert!(close(run, layers[k][t]), "layer {k} month {t}");
        }
    }
    // The hotel chain's deal: +48 in the pipeline row of EB-CITY-500 in month 4.
    let sku = Selection::Sku("EB-CITY-500".into());
    let inc = increments(&layer_sums(&p, &sku.rows(&p)));
    assert!(close(inc[PIPELINE][4], 48.0), "{}", inc[PIPELINE][4]);
}

#[test]
fn a_cell_drills_to_its_adjustments_deals_lever_and_floor() {
    let mut c = demo_workspace().cycles.remove(0);
    let b = sop_planner::engine::plan::fallback::stand_in_baselines(&c);
    let none = Levers::default();
    let p = plan(&c, &c.inputs, &none, &b);

    // Pipeline: the hotel chain, 120 units × 40 % = 48.
    let sku = Selection::Sku("EB-CITY-500".into());
    let got = parts(&c, &p, &none, &sku, PIPELINE, 4);
    assert_eq!(got.len(), 1, "{got:?}");
    match &got[0].source {
        Source::Deal {
            customer,
            units,
            probability,
            ..
        } => {
            assert_eq!(customer, "Hotel chain guest bikes");
            assert_eq!((*units, *probability), (120.0, 0.4));
        }
        other => panic!("a deal, not {other:?}"),
    }
    assert!(close(got[0].units, 48.0));
    // No deal that month: nothing behind the cell.
    assert!(parts(&c, &p, &none, &sku, PIPELINE, 0).is_empty());

    // Sales: the +5 % on city bikes (adjustment 1, months 2–5) is 5 % of the family's
    // statistical forecast.
    let city = Selection::Family("CITY".into());
    let got = parts(&c, &p, &none, &city, SALES, 3);
    let stat: f64 = layer_sums(&p, &city.rows(&p))[0][3];
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(matches!(got[0].source, Source::Adjustment { id: 1, .. }));
    assert!(close(got[0].units, 0.05 * stat));
    // The +8 units a month of the leasing partner (a SKU in units) and the spring
    // campaign (+12 % on e-bikes, marketing).
    let eb = Selection::Family("EBIKE".into());
    let got = parts(&c, &p, &none, &eb, SALES, 0);
    assert!(matches!(got[0].source, Source::Adjustment { id: 2, .. }) && close(got[0].units, 8.0));
    let got = parts(&c, &p, &none, &eb, MARKETING, 5);
    let sales: f64 = layer_sums(&p, &eb.rows(&p))[1][5];
    assert!(matches!(got[0].source, Source::Adjustment { id: 3, .. }));
    assert!(close(got[0].units, 0.12 * sales));
    // The run-out: −100 % of EB-CLASSIC's consensus from month 6.
    let classic = Selection::Sku("EB-CLASSIC".into());
    let got = parts(&c, &p, &none, &classic, CONSENSUS, 7);
    let pipe = layer_sums(&p, &classic.rows(&p))[3][7];
    assert!(pipe > 0.0);
    assert!(close(got[0].units, -pipe), "{got:?}");

    // A scenario lever of +20 % on e-bikes: its own line in the consensus row.
    let up = Levers {
        demand_pct: vec![PctFor {
            id: "EBIKE".into(),
            pct: 20.0,
        }],
        ..Levers::default()
    };
    let s = plan(&c, &c.inputs, &up, &b);
    let got = parts(&c, &s, &up, &eb, CONSENSUS, 3);
    let before: f64 = layer_sums(&s, &eb.rows(&s))[3][3];
    let lever = got
        .iter()
        .find(|x| matches!(x.source, Source::Lever { pct: 20.0, .. }))
        .expect("the lever's line");
    assert!(close(lever.units, 0.2 * before), "{got:?}");

    // An adjustment that would take demand below 0: the floor takes the rest back.
    c.inputs.adjustments.push(Adjustment {
        id: 99,
        layer: Layer::Sales,
        role: Role::Sales,
        target: Target::Sku("CB-DUTCH".into()),
        from: c.label,
        to: c.label,
        change: Change::Units(-10_000.0),
        reason: "Dealer returns".into(),
    });
    let p = plan(&c, &c.inputs, &none, &b);
    let dutch = Selection::Sku("CB-DUTCH".into());
    let got = parts(&c, &p, &none, &dutch, SALES, 0);
    let stat = layer_sums(&p, &dutch.rows(&p))[0][0];
    assert!(close(got[0].units, -10_000.0));
    let floor = got
        .iter()
        .find(|x| x.source == Source::Floor)
        .expect("a floor line");
    assert!(close(floor.units, 10_000.0 - stat), "{got:?}");
    // The statistical row has no parts.
    assert!(cell_parts(&p, &c.inputs, &none, &dutch, 0, 0).is_empty());
}

/// A cell's parts in words, in the workspace's number format: one way to write an
/// adjustment's size (also the "since the last cycle" list and the exceptions), a deal,
/// a lever, the increment.
#[test]
fn parts_in_words() {
    use sop_planner::engine::format::change;
    use sop_planner::engine::number::NumberFormat;
    use sop_planner::engine::review::layers::part_text;
    let comma = NumberFormat::COMMA;
    assert_eq!(change(Change::Percent(12.5), comma), "+12,5 %");
    assert_eq!(change(Change::Percent(-100.0), comma), "−100 %");
    assert_eq!(
        change(Change::Units(-1234.0), comma),
        "−1.234 units a month"
    );
    assert_eq!(
        change(Change::Units(2.25), NumberFormat::POINT),
        "+2.25 units a month"
    );
    let adj = Part {
        source: Source::Adjustment {
            id: 7,
            role: Role::Sales,
            change: Change::Percent(12.5),
            target: "EBIKE".into(),
            reason: String::new(),
        },
        units: 1234.4,
    };
    assert_eq!(
        part_text(&adj, comma),
        "Adjustment #7 · Sales · EBIKE +12,5 %: no reason given → +1.234"
    );
    let deal = Part {
        source: Source::Deal {
            id: 3,
            customer: "Velo AG".into(),
            sku: "EB-CITY-500".into(),
            units: 40.0,
            probability: 0.555,
        },
        units: 22.2,
    };
    assert_eq!(
        part_text(&deal, comma),
        "Deal · Velo AG · EB-CITY-500: 40 units × 56 % → +22"
    );
    let lever = Part {
        source: Source::Lever {
            family: "EBIKE".into(),
            pct: -7.5,
        },
        units: -3.6,
    };
    assert_eq!(
        part_text(&lever, comma),
        "Scenario lever · demand of EBIKE −7,5 % → −4"
    );
}
