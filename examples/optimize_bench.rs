//! Optimizer benchmark: model size, solve time and integer gap for the demo company and
//! synthetic samples (36 months), objective min cost. Forecasting is not timed
//! (stand-in baselines). `cargo run --release --example optimize_bench`
use sop_planner::engine::demo;
use sop_planner::engine::model::Levers;
use sop_planner::engine::optimize::{self, Objective};
use sop_planner::engine::plan::fallback;
use std::time::Instant;

fn main() {
    let mut cases = vec![(
        "demo (18 months)".to_string(),
        demo::demo_workspace().cycles.remove(0),
    )];
    for n in [1000usize, 10_000] {
        let mut c = demo::synthetic_cycle(n, 42);
        c.horizon = 36;
        cases.push((format!("{n} SKUs (36 months)"), c));
    }
    println!(
        "| company | families × months | variables (integer) | constraints | solve | whole run (plan + solve + split + SKU plan) | integer gap |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (name, c) in cases {
        let b = fallback::stand_in_baselines(&c);
        let t0 = Instant::now();
        let o = optimize::optimize(&c, &c.inputs, &Levers::default(), &b, Objective::Cost).unwrap();
        let base = sop_planner::engine::plan::plan(&c, &c.inputs, &Levers::default(), &b);
        let inputs = optimize::split::scenario_inputs(&c.inputs, &o, &base, &c.master.products);
        let _ = sop_planner::engine::plan::plan(&c, &inputs, &Levers::default(), &b);
        let all = t0.elapsed().as_secs_f64() * 1000.0;
        println!(
            "| {name} | {} × {} | {} ({}) | {} | {:.0} ms | {:.0} ms | {:.3} % |",
            o.families.len(),
            o.months.len(),
            o.size.variables,
            o.size.integers,
            o.size.constraints,
            o.solve_ms,
            all,
            o.integer_gap * 100.0
        );
    }
}
