//! `sop forecast-eval`: parsing, validation messages, scores and the summary line.

use sop_planner::cli::forecast_eval::{evaluate, parse};
use sop_planner::engine::forecast::{ModelKind, Options};
use std::process::Command;

const META: &str = "series_id,n_train,h,n_total,season_length,category,description\n\
A,6,2,8,4,X,\"first, with a comma\"\n\
B,4,2,6,4,Y,second\n";

fn data() -> String {
    let mut s = String::from("series_id,period_index,value\n");
    for (i, v) in [10.0, 12.0, 11.0, 13.0, 12.0, 14.0, 13.0, 15.0]
        .iter()
        .enumerate()
    {
        s += &format!("A,{},{}\n", i + 1, v);
    }
    for (i, v) in [5.0, 5.0, 5.0, 5.0, 5.0, 6.0].iter().enumerate() {
        s += &format!("B,{},{}\n", i + 1, v);
    }
    s
}

fn err(data: &str, meta: &str) -> String {
    parse("d.csv", data, "m.csv", meta).unwrap_err().0
}

#[test]
fn parses_and_scores_by_hand() {
    let s = parse("d.csv", &data(), "m.csv", META).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].id, "A");
    assert_eq!(s[0].n_train, 6);
    assert_eq!(s[0].category, "X");
    assert_eq!(s[1].values.len(), 6);
    let opts = Options {
        model: Some(ModelKind::Naive),
        ..Options::default()
    };
    let r = evaluate(&s, &opts);
    // A: naive 14 vs actuals 13, 15 → sMAPE (200/27 + 200/29)/2; MASE scale with m = 4:
    // |12−10|, |14−12| → 2; MAE 1 → 0.5.
    // B: naive 5 vs 5, 6 → sMAPE (0 + 200/11)/2; scale: n = m = 4 → lag 1, all 0 →
    // MASE undefined, left out of the mean.
    let a = (200.0 / 27.0 + 200.0 / 29.0) / 2.0;
    let b = (200.0 / 11.0) / 2.0;
    assert!((r.smape - (a + b) / 2.0).abs() < 1e-9, "{}", r.smape);
    assert!((r.mase - 0.5).abs() < 1e-12, "{}", r.mase);
    assert_eq!((r.n_smape, r.n_mase), (2, 1));
    assert_eq!(r.rows[0].forecast, vec![14.0, 14.0]);
}

#[test]
fn malformed_inputs_are_rejected_with_line_and_reason() {
    let e = err("series,period_index,value\nA,1,1\n", META);
    assert!(
        e.contains("d.csv:1") && e.contains("missing column `series_id`"),
        "{e}"
    );
    let e = err(&data().replace("A,3,11", "A,3,eleven"), META);
    assert!(
        e.contains("d.csv:4") && e.contains("`eleven` is not a number"),
        "{e}"
    );
    let e = err(&data().replace("A,3,11", "A,x,11"), META);
    assert!(e.contains("d.csv:4") && e.contains("period_index"), "{e}");
    let e = err(&data().replace("A,3,11", "A,0,11"), META);
    assert!(e.contains("d.csv:4") && e.contains("1-based"), "{e}");
    let e = err(&data().replace("A,3,11", "A,99999999999,11"), META);
    assert!(e.contains("d.csv:4") && e.contains("larger than"), "{e}");
    let e = err(&data().replace("A,3,11", "A,2,11"), META);
    assert!(e.contains("period 2 repeated"), "{e}");
    let e = err(&data(), &META.replace("B,4,2", "C,4,2"));
    assert!(
        e.contains("m.csv:3") && e.contains("`C` is not in d.csv"),
        "{e}"
    );
    let e = err(&data(), &META.replace("A,6,2", "A,60,2"));
    assert!(
        e.contains("m.csv:2") && e.contains("n_train 60") && e.contains("length 8"),
        "{e}"
    );
    let e = err(&data(), &META.replace("A,6,2", "A,6,0"));
    assert!(e.contains("m.csv:2") && e.contains("h of `A` is 0"), "{e}");
    let e = err(&data(), &META.replace("A,6,2", "A,6,99999999999"));
    assert!(e.contains("m.csv:2") && e.contains("expected 1 to"), "{e}");
    let e = err(&data(), &META.replace("A,6,2", "A,six,2"));
    assert!(e.contains("m.csv:2") && e.contains("n_train"), "{e}");
    let e = err(&data(), "series_id,n_train,h\nA,6,2\n");
    assert!(e.contains("missing column `season_length`"), "{e}");
    let e = err(&data(), &format!("{META}A,6,2,8,4,X,again\n"));
    assert!(e.contains("m.csv:4") && e.contains("already listed"), "{e}");
    let e = err("", META);
    assert!(e.contains("empty"), "{e}");
    let e = err(&data().replace("A,3,11", "A,3"), META);
    assert!(e.contains("d.csv:4") && e.contains("fields"), "{e}");
    let e = err(&data(), &META.replace("\"first, with a comma\"", "\"open"));
    assert!(e.contains("m.csv:2") && e.contains("quoted"), "{e}");
}

#[test]
fn missing_values_are_accepted() {
    let d = data().replace("A,3,11", "A,3,");
    let s = parse("d.csv", &d, "m.csv", META).unwrap();
    assert!(s[0].values[2].is_nan());
    let r = evaluate(&s, &Options::default());
    assert!(r.smape.is_finite() && r.mase.is_finite());
}

fn sop(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(args)
        .output()
        .expect("run sop")
}

#[test]
fn binary_prints_the_summary_line_and_writes_forecasts() {
    let dir = std::env::temp_dir().join(format!("sop-fe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.join("d.csv");
    let m = dir.join("m.csv");
    let o = dir.join("out.csv");
    std::fs::write(&d, data()).unwrap();
    std::fs::write(&m, META).unwrap();
    let out = sop(&[
        "forecast-eval",
        "--data",
        d.to_str().unwrap(),
        "--meta",
        m.to_str().unwrap(),
        "--out",
        o.to_str().unwrap(),
        "--model",
        "naive",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    let f: Vec<&str> = last.split(' ').collect();
    assert_eq!(f.len(), 14, "{last}");
    assert_eq!(
        (f[0], f[2], f[4], f[6], f[8], f[10], f[12]),
        (
            "sMAPE", "MASE", "cover80", "cover95", "MSIS", "series", "seconds"
        )
    );
    assert_eq!(f[11], "2");
    assert!((f[3].parse::<f64>().unwrap() - 0.5).abs() < 1e-3);
    assert!(f[13].parse::<f64>().unwrap() >= 0.0);
    // Naive forecasts 14, 14 (A) and 5, 5 (B) against 13, 15 and 5, 6: the intervals
    // are printed as shares of the 4 held-out actuals, MSIS as a number.
    let c80: f64 = f[5].parse().unwrap();
    let c95: f64 = f[7].parse().unwrap();
    assert!((0.0..=100.0).contains(&c80) && c80 <= c95, "{last}");
    assert!(f[9].parse::<f64>().unwrap() > 0.0, "{last}");
    let csv = std::fs::read_to_string(&o).unwrap();
    assert_eq!(
        csv,
        "series_id,period_index,forecast\nA,7,14\nA,8,14\nB,5,5\nB,6,5\n"
    );

    // A malformed file: exit code 2 and a message naming the line.
    std::fs::write(&d, data().replace("B,2,5", "B,2,five")).unwrap();
    let out = sop(&[
        "forecast-eval",
        "--data",
        d.to_str().unwrap(),
        "--meta",
        m.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(":11:") && stderr.contains("`five`"),
        "{stderr}"
    );
    // Missing flag and unknown model.
    let out = sop(&["forecast-eval", "--data", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--meta"));
    let out = sop(&[
        "forecast-eval",
        "--data",
        d.to_str().unwrap(),
        "--meta",
        m.to_str().unwrap(),
        "--model",
        "arima",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = sop(&["forecast-eval", "--data", "/nonexistent.csv", "--meta", "x"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hierarchy_by_hand() {
    // A and B in one family X. Each series divided by its training mean (A: 12, B: 5);
    // naive forecasts: A 14/12, B 1. SKU sMAPE: A (200·1/27 + 200·1/29)/2 = 7.1519,
    // B (0 + 200·0.2/2.2)/2 = 9.0909: mean 8.1214. Family: actual 13/12 + 1, 15/12 + 1.2,
    // bottom-up 14/12 + 1 twice: (200·(1/12)/(4.25) + 200·(17/60)/(4.6167))/2 = 8.0978.
    // Backtest windows of 1 month (n/4): too short to choose by, so chosen = bottom-up.
    let meta = META.replace("B,4,2,6,4,Y,second", "B,4,2,6,4,X,second");
    let s = parse("d.csv", &data(), "m.csv", &meta).unwrap();
    let opts = Options {
        model: Some(ModelKind::Naive),
        ..Options::default()
    };
    let r = sop_planner::cli::forecast_hier::evaluate(&s, &opts, None);
    assert_eq!((r.families, r.skus, r.chosen), (1, 2, 0));
    let a = (200.0 / 27.0 + 200.0 / 29.0) / 2.0;
    let b = (0.0 + 200.0 * 0.2 / 2.2) / 2.0;
    assert!((r.sku[0].smape - (a + b) / 2.0).abs() < 1e-9, "{:?}", r.sku);
    let (f1, f2): (f64, f64) = (13.0 / 12.0 + 1.0, 15.0 / 12.0 + 1.2);
    let bu: f64 = 14.0 / 12.0 + 1.0;
    let fam = (200.0 * (bu - f1).abs() / (f1 + bu) + 200.0 * (f2 - bu).abs() / (f2 + bu)) / 2.0;
    assert!((r.family[0].smape - fam).abs() < 1e-9, "{:?}", r.family);
    assert_eq!(r.sku[2], r.sku[0]);
    assert_eq!(r.family[2], r.family[0]);
}
