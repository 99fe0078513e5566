//! `sop`: the planning engine from the command line.
//!
//! ```text
//! sop forecast-eval --data FILE.csv --meta FILE_meta.csv [--out forecasts.csv] [--hierarchy] [--global [--weight W]] [--holdback K] [--accept spikes|shifts|all [--k K]]
//! sop demo --out workspace.json
//! sop plan --input workspace.json [--scenario NAME] --out plan.json
//! sop optimize --input workspace.json [--objective cost|profit|service] --out plan.json
//! sop bench
//! ```

use sop_planner::cli::{self, CliError};

const USAGE: &str = "usage:
  sop forecast-eval --data FILE.csv --meta FILE_meta.csv [--out forecasts.csv] [--hierarchy] [--global [--weight W]] [--holdback K] [--accept spikes|shifts|all [--k K]]
  sop demo --out workspace.json
  sop plan --input workspace.json [--scenario NAME] --out plan.json
  sop optimize --input workspace.json [--objective cost|profit|service] --out plan.json
  sop bench";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let result: Result<(), CliError> = match args.first().map(String::as_str) {
        Some("forecast-eval") => cli::forecast_eval::run(rest),
        Some("demo") => cli::plan::demo(rest),
        Some("plan") => cli::plan::plan(rest),
        Some("bench") => cli::plan::bench(rest),
        Some("optimize") => cli::optimize::run(rest),
        Some("-h") | Some("--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(CliError(USAGE.to_string())),
    };
    if let Err(e) = result {
        eprintln!("sop: {e}");
        std::process::exit(2);
    }
}
