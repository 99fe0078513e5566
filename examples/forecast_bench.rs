//! Accuracy and time of every model family and of the automatic choice on the
//! benchmark sets, single-threaded.
//!
//! ```text
//! cargo run --release --example forecast_bench [-- DIR [NAME ...]] [-- --models a,b]
//! ```
//! DIR defaults to `/work/shared/data/forecast`, NAME to `m1_monthly tourism_monthly`
//! (files `NAME.csv` and `NAME_meta.csv`). `--models` limits the rows (e.g. `auto`).

use sop_planner::cli::forecast_eval::{evaluate, load, model_option};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut models: Vec<String> = [
        "naive",
        "seasonal_naive",
        "ses",
        "holt",
        "holt_damped",
        "theta",
        "holt_winters_additive",
        "holt_winters_multiplicative",
        "croston",
        "sba",
        "tsb",
        "ensemble",
        "auto",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(i) = args.iter().position(|a| a == "--models") {
        if let Some(list) = args.get(i + 1) {
            models = list.split(',').map(|s| s.trim().to_string()).collect();
        }
        args.drain(i..(i + 2).min(args.len()));
    }
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/work/shared/data/forecast".to_string());
    let mut sets: Vec<String> = args.iter().skip(1).cloned().collect();
    if sets.is_empty() {
        sets = vec!["m1_monthly".into(), "tourism_monthly".into()];
    }
    println!(
        "{:<18} {:<28} {:>8} {:>8} {:>9}",
        "data", "model", "sMAPE", "MASE", "seconds"
    );
    for set in &sets {
        let series = match load(
            &format!("{dir}/{set}.csv"),
            &format!("{dir}/{set}_meta.csv"),
        ) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{set}: {e}");
                std::process::exit(2);
            }
        };
        for m in &models {
            let opts = match model_option(Some(m)) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            let r = evaluate(&series, &opts);
            println!(
                "{:<18} {:<28} {:>8.3} {:>8.4} {:>9.3}",
                set, m, r.smape, r.mase, r.seconds
            );
        }
    }
}
