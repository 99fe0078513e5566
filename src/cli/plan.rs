//! `sop demo`, `sop plan`, `sop bench`: the plan engine from the command line.
//!
//! ```text
//! sop demo --out workspace.json
//! sop plan --input workspace.json [--scenario NAME] --out plan.json [--pretty]
//! sop bench [--sizes 30,1000,10000] [--months 36] [--budget SECONDS]
//! ```

use super::{CliError, flag, required};
use crate::engine::model::{Baseline, Cycle, Levers, Workspace};
use crate::engine::plan::{self, bench, fallback, scenario, validate};
use crate::engine::{demo, forecast};

/// The statistical baselines `sop plan` plans with: the forecast engine's, learned from
/// the track record of the approved cycles before `cycle` in `ws`.
fn baselines(ws: &Workspace, cycle: &Cycle) -> Vec<Baseline> {
    match ws.cycles.iter().position(|c| std::ptr::eq(c, cycle)) {
        Some(k) => forecast::baselines_in(ws, k),
        None => forecast::baselines(cycle),
    }
}

/// `sop demo --out FILE`: the demo company as workspace JSON.
pub fn demo(args: &[String]) -> Result<(), CliError> {
    let out = required(args, "--out")?;
    let ws = demo::demo_workspace();
    let json = serde_json::to_string_pretty(&ws).map_err(|e| CliError(e.to_string()))?;
    std::fs::write(&out, json).map_err(|e| CliError(format!("{out}: {e}")))?;
    println!(
        "wrote {out}: {} ({} SKUs, {} months of history, cycle {})",
        ws.name,
        ws.cycles[0].master.products.len(),
        ws.cycles[0].history.first().map_or(0, |h| h.units.len()),
        ws.cycles[0].label
    );
    Ok(())
}

/// Parses a workspace, saying where the JSON is wrong.
pub fn parse_workspace(name: &str, text: &str) -> Result<Workspace, CliError> {
    serde_json::from_str(text).map_err(|e| {
        let line = text
            .lines()
            .nth(e.line().saturating_sub(1))
            .unwrap_or("")
            .trim();
        let excerpt: String = line.chars().take(100).collect();
        CliError(format!(
            "{name}: not a valid workspace: {e}\n  {} | {excerpt}",
            e.line()
        ))
    })
}

/// `sop plan --input FILE [--scenario NAME] --out FILE`.
/// The workspace backup at `input`, validated: refused with its errors listed ("… to fix
/// before {doing}"); its warnings printed to stderr first when `warn`.
pub fn read_workspace(input: &str, doing: &str, warn: bool) -> Result<Workspace, CliError> {
    let text = std::fs::read_to_string(input).map_err(|e| CliError(format!("{input}: {e}")))?;
    let ws = parse_workspace(input, &text)?;
    let issues = validate::validate_workspace(&ws);
    if warn {
        for i in issues
            .iter()
            .filter(|i| i.severity == validate::Severity::Warning)
        {
            eprintln!("{i}");
        }
    }
    if validate::has_errors(&issues) {
        let errors: Vec<String> = issues
            .iter()
            .filter(|i| i.severity == validate::Severity::Error)
            .map(|i| format!("  {i}"))
            .collect();
        return Err(CliError(format!(
            "{input}: {} problem(s) to fix before {doing}:\n{}",
            errors.len(),
            errors.join("\n")
        )));
    }
    Ok(ws)
}

/// The newest cycle of `ws`: latest month label, the last one listed on a tie.
pub fn newest_cycle<'a>(ws: &'a Workspace, input: &str) -> Result<&'a Cycle, CliError> {
    ws.cycles
        .iter()
        .rev()
        .max_by_key(|c| c.label)
        .ok_or_else(|| CliError(format!("{input}: the workspace has no cycle")))
}

pub fn plan(args: &[String]) -> Result<(), CliError> {
    let input = required(args, "--input")?;
    let out = required(args, "--out")?;
    let ws = read_workspace(&input, "planning", true)?;
    let cycle = newest_cycle(&ws, &input)?;
    let base = baselines(&ws, cycle);
    for i in validate::validate_baselines(cycle, &base) {
        eprintln!("{i}");
    }
    let (result, what) = match flag(args, "--scenario") {
        Some(name) => {
            let s = scenario::find_scenario(cycle, &name).ok_or_else(|| {
                let names: Vec<&str> = cycle.scenarios.iter().map(|s| s.name.as_str()).collect();
                CliError(format!(
                    "--scenario: cycle {} has no scenario '{name}' (it has: {})",
                    cycle.id,
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ))
            })?;
            (
                scenario::plan_scenario(cycle, s, &base),
                format!("scenario '{}'", s.name),
            )
        }
        None => (
            plan::plan(cycle, &cycle.inputs, &Levers::default(), &base),
            "base plan".to_string(),
        ),
    };
    let json = if args.iter().any(|a| a == "--pretty") {
        serde_json::to_string_pretty(&result)
    } else {
        serde_json::to_string(&result)
    }
    .map_err(|e| CliError(e.to_string()))?;
    std::fs::write(&out, json).map_err(|e| CliError(format!("{out}: {e}")))?;
    let k = &result.kpis;
    println!(
        "wrote {out}: {what} of cycle {} ({} SKUs × {} months)\n  revenue {} (vs budget {:+}), GM {} %, fill rate {:.1} %, peak utilisation {:.0} %, cash low {} in {}, CCC {} days, {} exception(s)",
        cycle.id,
        result.skus.len(),
        result.months.len(),
        k.revenue.round_dp(0),
        k.revenue_vs_budget.round_dp(0),
        (k.gm_pct * rust_decimal::Decimal::ONE_HUNDRED).round_dp(1),
        k.fill_rate * 100.0,
        k.peak_utilization * 100.0,
        k.cash_low.round_dp(0),
        k.cash_low_month.map_or("-".to_string(), |m| m.to_string()),
        k.ccc,
        result.exceptions.len()
    );
    Ok(())
}

/// `sop bench`: full and single-edit recompute times against a memory copy.
pub fn bench(args: &[String]) -> Result<(), CliError> {
    let sizes: Vec<usize> = match flag(args, "--sizes") {
        Some(s) => s
            .split(',')
            .map(|x| x.trim().parse())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                CliError(format!(
                    "--sizes: '{s}' is not a list of numbers like 30,1000"
                ))
            })?,
        None => vec![30, 1000, 10_000],
    };
    let months: u32 = match flag(args, "--months") {
        Some(m) => m
            .parse()
            .map_err(|_| CliError(format!("--months: '{m}' is not a number")))?,
        None => 36,
    };
    let budget: f64 = match flag(args, "--budget") {
        Some(b) => b
            .parse()
            .map_err(|_| CliError(format!("--budget: '{b}' is not a number of seconds")))?,
        None => 1.0,
    };
    let t0 = std::time::Instant::now();
    let mut clock = move || t0.elapsed().as_secs_f64();
    // The benchmark times the plan engine, not forecasting: flat stand-in baselines.
    let mut make = |n: usize, months: u32| {
        let mut c = demo::synthetic_cycle(n, 42);
        c.horizon = months;
        let b = fallback::stand_in_baselines(&c);
        (c, b)
    };
    println!(
        "plan benchmark (median of repetitions, {budget} s per measurement; {} build)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    let rows = bench::run(&sizes, months, &mut make, &mut clock, budget);
    print!("{}", bench::table(&rows));
    Ok(())
}
