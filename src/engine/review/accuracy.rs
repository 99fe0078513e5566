//! Accuracy across cycles (shown in the demand review): the frozen plans of approved
//! cycles scored against the actuals entered later ([`plan_vs_actual`]), as the table's
//! lines — the whole company, then each family followed by its SKUs — and which months
//! of which cycle were scored.

use crate::engine::lifecycle::{PlanVsActual, plan_vs_actual};
use crate::engine::model::{SkuHistory, Workspace};
use crate::engine::month::Month;
use std::collections::HashMap;

/// One row of the accuracy table.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// `total`, `family` or `sku`.
    pub kind: &'static str,
    pub key: String,
    pub label: String,
    /// Tooltip of the label (a SKU's name).
    pub title: String,
    pub score: PlanVsActual,
}

/// What was scored: per approved cycle, the months that have actuals now.
pub fn scored_months(w: &Workspace) -> Vec<(Month, Vec<Month>)> {
    let Some(latest) = w.cycles.last() else {
        return Vec::new();
    };
    // Each SKU's actuals, found once (a scan per series and month is 10⁹ steps at
    // 10,000 SKUs).
    let actuals: HashMap<&str, &SkuHistory> =
        latest.history.iter().map(|h| (h.sku.as_str(), h)).collect();
    w.cycles
        .iter()
        .filter_map(|c| {
            let f = c.frozen.as_ref()?;
            let len = f
                .series
                .iter()
                .map(|s| s.consensus.len())
                .max()
                .unwrap_or(0);
            let months: Vec<Month> = (0..len as i32)
                .map(|t| f.start.plus(t))
                .filter(|m| {
                    f.series.iter().any(|s| {
                        actuals
                            .get(s.sku.as_str())
                            .is_some_and(|h| h.get(*m).is_some())
                    })
                })
                .collect();
            (!months.is_empty()).then_some((c.label, months))
        })
        .collect()
}

/// The report in table order: the total, then each family followed by its SKUs.
pub fn lines(w: &Workspace) -> Vec<Line> {
    let report = plan_vs_actual(w);
    let Some(latest) = w.cycles.last() else {
        return Vec::new();
    };
    let take = |key: &str| report.iter().find(|r| r.key == key).cloned();
    let mut out = Vec::new();
    if let Some(score) = take("") {
        out.push(Line {
            kind: "total",
            key: String::new(),
            label: "All SKUs".into(),
            title: "The whole company".into(),
            score,
        });
    }
    for f in &latest.master.families {
        if let Some(score) = take(&f.id) {
            out.push(Line {
                kind: "family",
                key: f.id.clone(),
                label: f.name.clone(),
                title: format!("Family {}", f.id),
                score,
            });
        }
        for p in latest.master.products.iter().filter(|p| p.family == f.id) {
            if let Some(score) = take(&p.sku) {
                out.push(Line {
                    kind: "sku",
                    key: p.sku.clone(),
                    label: p.sku.clone(),
                    title: p.name.clone(),
                    score,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::lifecycle::roll_forward;
    use crate::engine::model::CycleStatus;
    use crate::engine::plan::{fallback::stand_in_baselines, freeze, plan_cycle};

    /// The demo's cycle approved and rolled forward with `units` sold of every SKU.
    fn rolled(units: f64) -> Workspace {
        let mut w = demo_workspace();
        let c = &mut w.cycles[0];
        let plan = plan_cycle(c, &stand_in_baselines(c));
        c.frozen = Some(freeze(&plan, "2026-11-28"));
        c.status = CycleStatus::Approved;
        let actuals: Vec<(String, f64)> = c
            .master
            .products
            .iter()
            .map(|p| (p.sku.clone(), units))
            .collect();
        let next = roll_forward(c, &plan, &actuals, "c2").unwrap();
        w.cycles.push(next);
        w
    }

    #[test]
    fn nothing_is_scored_before_a_roll_forward() {
        let w = demo_workspace();
        assert!(scored_months(&w).is_empty());
        assert!(lines(&w).is_empty());
    }

    #[test]
    fn the_month_that_ended_is_scored_in_table_order() {
        let w = rolled(10.0);
        let first = &w.cycles[0];
        assert_eq!(
            scored_months(&w),
            vec![(first.label, vec![first.label])],
            "the approved cycle's first month has actuals now"
        );
        let l = lines(&w);
        let n_sku = first.master.products.len();
        assert_eq!(l.len(), 1 + first.master.families.len() + n_sku);
        assert_eq!((l[0].kind, l[0].key.as_str()), ("total", ""));
        assert!((l[0].score.actual_units - 10.0 * n_sku as f64).abs() < 1e-9);
        // Each family comes before its own SKUs.
        let mut family = "";
        for line in &l[1..] {
            match line.kind {
                "family" => family = &line.key,
                "sku" => {
                    let p = first.master.products.iter().find(|p| p.sku == line.key);
                    assert_eq!(p.map(|p| p.family.as_str()), Some(family), "{}", line.key);
                    assert_eq!(line.title, p.unwrap().name);
                }
                k => panic!("unexpected line kind {k}"),
            }
        }
    }
}
