//! 240 random aggregate-planning LPs (random families, resources, months, costs,
//! capacities, cash floors, objectives) solved by the optimizer's LP path (microlp) and
//! cross-checked against HiGHS (`tests/optimize/highs_check.py`, `pip install
//! highspy`): the same status, the same optimal objective within 1e-6 relative, and
//! every returned plan feasible (every row, bound, within 1e-6).
//!
//! Without python3 + highspy the comparison is skipped with a note, unless `CI` is set:
//! then the test fails.

mod common;

use common::Rng;
use sop_planner::engine::month::Month;
use sop_planner::engine::optimize::cash::CashTerms;
use sop_planner::engine::optimize::lp::LpError;
use sop_planner::engine::optimize::model::{AggFamily, AggResource, Objective, Problem};

fn random_problem(seed: u64) -> Problem {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5151);
    let n = 3 + r.n(8);
    let nr = 1 + r.n(3);
    let nf = 1 + r.n(3);
    let months: Vec<Month> = (0..n as i32).map(|i| Month::new(2027, 1).plus(i)).collect();
    let families = (0..nf)
        .map(|k| {
            let price = r.range(20.0, 400.0);
            let unit_cost = price * r.range(0.4, 0.8);
            let base = r.range(50.0, 2000.0);
            let ss = if r.chance(0.5) {
                r.range(0.0, base * 0.5)
            } else {
                0.0
            };
            AggFamily {
                id: format!("F{k}"),
                demand: (0..n).map(|_| (base * r.range(0.3, 1.7)).round()).collect(),
                safety_stock: vec![ss; n],
                opening: r.range(0.0, base).round(),
                price,
                unit_cost,
                material: unit_cost * r.range(0.3, 0.7),
                hours: (0..nr)
                    .map(|_| {
                        if r.chance(0.8) {
                            r.range(0.05, 2.0)
                        } else {
                            0.0
                        }
                    })
                    .collect(),
                holding: unit_cost * 0.2 / 12.0,
                backlog: price * r.range(0.01, 0.1),
                lost: price - unit_cost,
                subcontract: unit_cost * r.range(1.1, 2.0),
                subcontract_limit: if r.chance(0.7) {
                    r.range(0.0, base)
                } else {
                    1e6
                },
                ending: if r.chance(0.5) {
                    r.range(0.0, base * 0.5)
                } else {
                    0.0
                },
                ss_penalty: price * 0.05,
                lot: 1.0,
            }
        })
        .collect::<Vec<_>>();
    let load: f64 = families
        .iter()
        .map(|f: &AggFamily| f.demand[0] * f.hours.iter().sum::<f64>())
        .sum();
    let resources = (0..nr)
        .map(|q| AggResource {
            id: format!("R{q}"),
            regular: (0..n)
                .map(|_| (load / nr as f64 * r.range(0.5, 1.5)).round())
                .collect(),
            overtime: (0..n)
                .map(|_| (load / nr as f64 * r.range(0.0, 0.3)).round())
                .collect(),
            crew: r.range(0.5, 2.0),
            premium: r.range(5.0, 30.0),
        })
        .collect();
    let cash = r.chance(0.3).then(|| CashTerms {
        opening_cash: r.range(0.0, 5e5),
        opening_ar: r.range(0.0, 2e5),
        opening_ap: r.range(0.0, 1e5),
        dso: r.range(0.0, 90.0),
        dpo: r.range(0.0, 90.0),
        fixed: r.range(0.0, 5e4),
        min_cash: r.range(0.0, 1e5),
        days: months.iter().map(|m| m.days() as f64).collect(),
    });
    let objective = [Objective::Cost, Objective::Profit, Objective::Service][r.n(3)];
    Problem {
        months,
        families,
        resources,
        hours_per_fte: r.range(100.0, 170.0),
        current_fte: r.range(0.0, 50.0).round(),
        min_fte: 0.0,
        max_fte: if r.chance(0.3) {
            r.range(5.0, 60.0).round()
        } else {
            f64::INFINITY
        },
        max_overtime_per_fte: r.range(0.0, 30.0),
        fte_cost: r.range(2000.0, 5000.0),
        hire_cost: r.range(0.0, 5000.0),
        layoff_cost: r.range(0.0, 8000.0),
        cash,
        objective,
        budget: Some(r.range(1e4, 5e6)),
        whole: false,
        mip_gap: 0.0,
    }
}

#[test]
fn random_lps_match_highs() {
    let mut models = Vec::new();
    let mut ours = Vec::new();
    for seed in 0..240u64 {
        let p = random_problem(seed);
        let (lp, _) = p.to_lp();
        let s = lp.solve(None, 0.0);
        if let Ok(s) = &s {
            assert!(
                lp.violation(&s.x) < 1e-6,
                "seed {seed}: infeasible plan returned"
            );
            assert!(
                (lp.objective_of(&s.x) - s.objective).abs() < 1e-9 * s.objective.abs().max(1.0)
            );
        }
        models.push(lp);
        ours.push(s);
    }
    let solved = ours.iter().filter(|s| s.is_ok()).count();
    assert!(
        solved >= 200,
        "only {solved} of 240 random models have a plan"
    );
    let dir = std::env::temp_dir().join(format!("sop-opt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("models.json");
    std::fs::write(&path, serde_json::to_string(&models).unwrap()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/optimize/highs_check.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output();
    let text = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).to_string(),
        other => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: python3 with highspy is required ({other:?})"
            );
            eprintln!("note: python3/highspy not available, HiGHS cross-check skipped");
            return;
        }
    };
    let line = text.lines().last().unwrap_or("");
    let highs: Vec<serde_json::Value> = serde_json::from_str(line).unwrap();
    assert_eq!(highs.len(), ours.len());
    let mut compared = 0;
    for (k, (h, o)) in highs.iter().zip(&ours).enumerate() {
        let status = h["status"].as_str().unwrap();
        match o {
            Ok(s) => {
                assert_eq!(status, "Optimal", "model {k}: HiGHS says {status}");
                let r = h["objective"].as_f64().unwrap();
                assert!(
                    (s.objective - r).abs() <= 1e-6 * r.abs().max(1.0),
                    "model {k}: {} vs HiGHS {r}",
                    s.objective
                );
                compared += 1;
            }
            Err(LpError::Infeasible) => assert_eq!(status, "Infeasible", "model {k}"),
            Err(e) => panic!("model {k}: {e:?} (HiGHS: {status})"),
        }
    }
    assert!(compared >= 200, "{compared}");
    let _ = std::fs::remove_dir_all(&dir);
}
