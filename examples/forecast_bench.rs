//! Accuracy and time of every model family and of the automatic choice on the
//! benchmark sets, single-threaded.
//!
//! ```text
//! cargo run --release --example forecast_bench [-- DIR [NAME ...]] [-- --models a,b]
//! ```
//! DIR defaults to `/work/shared/data/forecast`, NAME to `m1_monthly tourism_monthly`
//! (files `NAME.csv` and `NAME_meta.csv`). `--models` limits the rows (e.g. `auto`).
//!
//! Measured (2-core machine shared with other builds; CPU seconds, single thread):
//!
//! | data | method | sMAPE | MASE | CPU s |
//! |---|---|---|---|---|
//! | m1_monthly | auto (this engine) | 14.32 | 1.053 | 0.33 |
//! | m1_monthly | statsforecast 2.1.1 AutoETS, 1 job, JIT warm | 14.91 | 1.090 | 32.7 (wall) |
//! | tourism_monthly | auto (this engine) | 18.36 | 1.448 | 0.50 |
//! | tourism_monthly | statsforecast 2.1.1 AutoETS, 1 job, JIT warm | 19.09 | 1.531 | 63.3 (wall) |

use sop_planner::cli::forecast_eval::{evaluate, load, model_option};

/// CPU seconds (user + system) used by this process so far, from /proc (Linux), so the
/// figures mean something on a machine shared with other work; NaN elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime
    // the 13th of those, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        f.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (tick(11) + tick(12)) / 100.0
}

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
        "{:<18} {:<28} {:>8} {:>8} {:>9} {:>9}",
        "data", "model", "sMAPE", "MASE", "wall s", "CPU s"
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
            let cpu0 = cpu_seconds();
            let r = evaluate(&series, &opts);
            let cpu = cpu_seconds() - cpu0;
            println!(
                "{:<18} {:<28} {:>8.3} {:>8.4} {:>9.3} {:>9.2}",
                set, m, r.smape, r.mase, r.seconds, cpu
            );
        }
    }
}
