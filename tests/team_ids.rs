//! Rows created with one id by two people at once keep distinct ids, stable while
//! either keeps editing: an edit of a renumbered row reaches that very row (found by
//! the property test: a later edit of one's own cell was written as a second row, and
//! the earlier value won).

mod common;

use sop_planner::engine::command::{Command, cell_adjustment};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Cycle, Layer, Target};
use sop_planner::team::{Person, Team, TeamRole};

fn cell(c: &Cycle, sku: usize, month: i32, v: f64) -> Command {
    common::sales_cell(c, &c.master.products[sku].sku, month, v)
}

fn value(c: &Cycle, sku: usize) -> f64 {
    let sku = c.master.products[sku].sku.clone();
    cell_adjustment(&c.inputs, Layer::Sales, &Target::Sku(sku), c.label)
}

#[test]
fn an_edit_of_a_row_renumbered_on_merge_is_not_lost() {
    let start = demo_workspace().cycles.pop().unwrap();
    let person = |n: &str, r| Person::new(n, r).unwrap();
    let mut ana = Team::share(&start, person("Ana", TeamRole::Sales), 1e12).unwrap();
    let everything = ana.send(Some(&[]), 1e12);
    let mut ben = Team::join(&[&everything], person("Ben", TeamRole::Operations), 1e12).unwrap();
    let mut cy = Team::join(&[&everything], person("Cy", TeamRole::Finance), 1e12).unwrap();
    let mut t = 2e12;
    let mut edit = |team: &mut Team, sku: usize, v: f64| {
        t += 1000.0;
        let cmd = cell(team.cycle(), sku, 0, v);
        team.apply(&cmd, t).unwrap();
    };
    // Cy and Ben each type into a cell of their own SKU: two new rows, one id.
    edit(&mut cy, 2, 1.0);
    edit(&mut ben, 1, 1.0);
    let (from_ben, from_cy) = (ben.send(None, 3e12), cy.send(None, 3e12));
    ana.merge(&[&from_ben], 3e12).unwrap();
    ana.merge(&[&from_cy], 3e12).unwrap();
    // Ana adds rows of her own, then Cy changes his cell again.
    edit(&mut ana, 0, 1.0);
    edit(&mut ana, 0, 2.0);
    edit(&mut cy, 2, 2.0);
    let files: Vec<Vec<u8>> = [&mut ana, &mut ben, &mut cy]
        .into_iter()
        .map(|x| x.send(Some(&[]), 4e12))
        .collect();
    for team in [&mut ana, &mut ben, &mut cy] {
        for f in &files {
            team.merge(&[f], 4e12).unwrap();
        }
        let c = team.cycle();
        assert_eq!(value(c, 2), 2.0, "Cy's last value");
        assert_eq!(value(c, 1), 1.0, "Ben's value");
        assert_eq!(value(c, 0), 2.0, "Ana's last value");
        let rows = |sku: usize| {
            c.inputs
                .adjustments
                .iter()
                .filter(|a| a.target == Target::Sku(c.master.products[sku].sku.clone()))
                .filter(|a| a.from == c.label)
                .count()
        };
        assert_eq!((rows(0), rows(1), rows(2)), (1, 1, 1), "one row per cell");
    }
    assert_eq!(ana.cycle(), cy.cycle());
    assert_eq!(ben.cycle(), cy.cycle());
}
