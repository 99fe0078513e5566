//! Property test of team merging: three people (Sales, Operations, Finance) edit one
//! shared cycle with random commands, exchange change files in random orders with
//! repeated deliveries. Every replica ends with the same cycle; each edit of a number
//! only one person touched survives; a cell all three set at once ends as one value
//! everywhere and is listed as a conflict naming them; the plan each replica kept up to
//! date incrementally (as the app does) equals the plan recomputed from scratch.

use proptest::prelude::*;
use rust_decimal::Decimal;
use sop_planner::engine::command::{
    Command, FinanceTerm, PlanRef, cell_adjustment, set_cell_adjustment, set_finance_term,
    set_production_override,
};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Baseline, Cycle, Layer, Levers, NumberFormat, Role, Target};
use sop_planner::engine::plan::{LivePlan, plan};
use sop_planner::team::{Person, Team, TeamRole};
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum Op {
    /// A grid cell of the author's own SKU: (month offset, value).
    OwnCell(u8, i16),
    /// A production override of the author's own SKU.
    Override(u8, u16),
    /// The price of the author's own SKU, in cents added.
    Price(u16),
    /// A finance term everybody may set (conflicts allowed).
    Dso(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6, -50i16..200).prop_map(|(m, v)| Op::OwnCell(m, v)),
        (0u8..6, 0u16..500).prop_map(|(m, v)| Op::Override(m, v)),
        (1u16..5000).prop_map(Op::Price),
        (0u8..120).prop_map(Op::Dso),
    ]
}

fn baselines(c: &Cycle) -> Vec<Baseline> {
    c.master
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| Baseline {
            sku: p.sku.clone(),
            model: "flat".into(),
            values: vec![50.0 + i as f64; c.horizon as usize],
            lower: vec![40.0; c.horizon as usize],
            upper: vec![60.0 + i as f64; c.horizon as usize],
            sigma: 5.0,
            wape: 0.2,
        })
        .collect()
}

fn command(c: &Cycle, author: usize, op: &Op) -> Command {
    let sku = c.master.products[author].sku.clone();
    let set = |inputs| Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs),
    };
    match op {
        Op::OwnCell(m, v) => set(set_cell_adjustment(
            &c.inputs,
            Layer::Sales,
            Role::Sales,
            &Target::Sku(sku),
            c.label.plus(*m as i32),
            *v as f64,
            "",
        )),
        Op::Override(m, v) => set(set_production_override(
            &c.inputs,
            &sku,
            c.label.plus(*m as i32),
            Some(*v as f64),
        )),
        Op::Price(cents) => {
            let mut m = c.master.clone();
            m.products[author].price = Decimal::new(1000 + *cents as i64, 2);
            Command::SetMaster(Box::new(m))
        }
        Op::Dso(d) => set(set_finance_term(
            &c.inputs,
            FinanceTerm::DsoDays,
            &d.to_string(),
            NumberFormat::default(),
        )
        .unwrap()),
    }
}

/// The value an op leaves in the author's own number (the key says which number).
fn own_number(c: &Cycle, author: usize, op: &Op) -> Option<(String, String)> {
    let sku = &c.master.products[author].sku;
    match op {
        Op::OwnCell(m, _) => {
            let month = c.label.plus(*m as i32);
            let v = cell_adjustment(&c.inputs, Layer::Sales, &Target::Sku(sku.clone()), month);
            Some((format!("cell {sku} {month}"), v.to_string()))
        }
        Op::Override(m, _) => {
            let month = c.label.plus(*m as i32);
            let o = c
                .inputs
                .supply
                .overrides
                .iter()
                .find(|o| o.sku == *sku && o.month == month);
            Some((
                format!("override {sku} {month}"),
                format!("{:?}", o.map(|o| o.units)),
            ))
        }
        Op::Price(_) => Some((
            format!("price {sku}"),
            c.master.products[author].price.to_string(),
        )),
        Op::Dso(_) => None,
    }
}

fn value_of(c: &Cycle, key: &str) -> String {
    let parts: Vec<&str> = key.split(' ').collect();
    let sku = parts[1];
    match parts[0] {
        "cell" => cell_adjustment(
            &c.inputs,
            Layer::Sales,
            &Target::Sku(sku.into()),
            parts[2].parse().unwrap(),
        )
        .to_string(),
        "override" => {
            let month = parts[2].parse().unwrap();
            let o = c
                .inputs
                .supply
                .overrides
                .iter()
                .find(|o| o.sku == sku && o.month == month);
            format!("{:?}", o.map(|o| o.units))
        }
        _ => c
            .master
            .products
            .iter()
            .find(|p| p.sku == sku)
            .unwrap()
            .price
            .to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_people_converge_keep_distinct_edits_and_list_conflicts(
        rounds in prop::collection::vec(prop::collection::vec((0usize..3, op()), 1..8), 1..4),
        deliveries in prop::collection::vec((0usize..3, 0usize..64), 0..24),
    ) {
        let start = demo_workspace().cycles.pop().unwrap();
        let base = baselines(&start);
        let levers = Levers::default();
        let roles = [TeamRole::Sales, TeamRole::Operations, TeamRole::Finance];
        let names = ["Ana", "Ben", "Cy"];
        let mut first = Team::share(&start, Person::new(names[0], roles[0]).unwrap(), 1e12).unwrap();
        let everything = first.send(Some(&[]), 1e12);
        let mut teams = vec![first];
        for i in 1..3 {
            teams.push(Team::join(&[&everything], Person::new(names[i], roles[i]).unwrap(), 1e12).unwrap());
        }
        let mut live: Vec<LivePlan> = teams
            .iter()
            .map(|t| LivePlan::new(t.cycle(), &t.cycle().inputs, &levers, &base).with_full_share(1.0))
            .collect();
        // Round 0: all three type a different value in one shared cell at once.
        let shared = start.master.products[3].sku.clone();
        let shared_month = start.label.plus(4);
        for (i, t) in teams.iter_mut().enumerate() {
            let c = t.cycle().clone();
            let cmd = Command::SetInputs { plan: PlanRef::Base, inputs: Box::new(set_cell_adjustment(
                &c.inputs, Layer::Sales, Role::Sales, &Target::Sku(shared.clone()), shared_month,
                (i * 10 + 7) as f64, "")) };
            t.apply(&cmd, 1.5e12).unwrap();
        }
        let mut expected: BTreeMap<String, String> = BTreeMap::new();
        let mut files: Vec<Vec<u8>> = Vec::new();
        let mut time = 2e12;
        for round in &rounds {
            for (author, op) in round {
                let t = &mut teams[*author];
                let cmd = command(t.cycle(), *author, op);
                time += 1000.0;
                if t.apply(&cmd, time).is_ok()
                    && let Some((k, v)) = own_number(t.cycle(), *author, op) {
                        expected.insert(k, v);
                    }
                let c = t.cycle().clone();
                live[*author].update(&c, &c.inputs, &levers, &base);
            }
            for t in teams.iter_mut() {
                files.push(t.send(None, time));
            }
            // Random deliveries, repeats included; a file whose predecessors are
            // missing is refused and leaves the replica as it was.
            for (to, f) in &deliveries {
                let f = &files[f % files.len()];
                let before = teams[*to].cycle().clone();
                match teams[*to].merge(&[f], time) {
                    Ok(_) => {}
                    Err(e) => {
                        prop_assert!(e.contains("have not merged yet") || e.contains("for cycle"), "{e}");
                        prop_assert_eq!(teams[*to].cycle(), &before);
                    }
                }
                let c = teams[*to].cycle().clone();
                live[*to].update(&c, &c.inputs, &levers, &base);
            }
        }
        // Everyone gets every file, in order, twice.
        for to in 0..3 {
            for _ in 0..2 {
                for f in &files {
                    teams[to].merge(&[f], time).unwrap();
                }
            }
            let c = teams[to].cycle().clone();
            live[to].update(&c, &c.inputs, &levers, &base);
        }
        let merged = teams[0].cycle().clone();
        for t in &teams[1..] {
            prop_assert_eq!(t.cycle(), &merged);
        }
        for (k, v) in &expected {
            prop_assert_eq!(&value_of(&merged, k), v, "{} lost", k);
        }
        // The shared cell: one of the three values, listed with all three people.
        let v = cell_adjustment(&merged.inputs, Layer::Sales, &Target::Sku(shared.clone()), shared_month);
        prop_assert!([7.0, 17.0, 27.0].contains(&v), "{}", v);
        for t in &teams {
            let cs = t.conflicts();
            let k = cs.iter().find(|k| k.place.contains(&shared)).expect("the shared cell's conflict");
            let mut who: Vec<&str> = k.sides.iter().map(|s| s.person.as_str()).collect();
            who.sort();
            prop_assert_eq!(who, vec!["Ana (Sales)", "Ben (Operations)", "Cy (Finance)"]);
            prop_assert_eq!(k.sides[0].value.parse::<f64>().unwrap(), v, "the value shown is the kept one");
        }
        // The plan each replica kept up to date equals the plan from scratch.
        let fresh = serde_json::to_value(plan(&merged, &merged.inputs, &levers, &base)).unwrap();
        for l in &live {
            prop_assert!(serde_json::to_value(l.plan()).unwrap() == fresh, "incremental plan differs");
        }
    }
}
