//! This cycle's consensus against the one approved last cycle, by family, with the
//! adjustments that moved it: the story of change an executive review starts with.
//!
//! The last cycle is the one this cycle was rolled forward from, approved, with its
//! frozen plan. Compared are the months both cover (the last cycle's horizon from this
//! cycle's first month on): last = Σ frozen consensus, now = Σ this plan's consensus,
//! per family (SKUs grouped by this cycle's master data; a SKU the last cycle did not
//! plan counts 0 there). The reasons are the adjustments of this cycle that are new
//! or changed since the last one (by id; one the roll forward only cut to the new
//! cycle's months is not a change), on the family or one of its SKUs.

use crate::engine::model::{Adjustment, Cycle, Layer, Target};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::engine::plan::Plan;
use std::collections::HashMap;

/// One family's consensus, last cycle and now, over the months both plan.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyChange {
    pub family: String,
    pub name: String,
    pub last: f64,
    pub now: f64,
    /// Adjustments new or changed since the last cycle, in words.
    pub reasons: Vec<String>,
}

impl FamilyChange {
    /// now − last.
    pub fn delta(&self) -> f64 {
        self.now - self.last
    }
}

/// A consensus's change from `last` to `now` in words: whole units signed, then the
/// percent of `last` with one decimal when `last` is not 0: `+120 +5.2 %`, `−35`.
pub fn change_text(last: f64, now: f64, nf: NumberFormat) -> String {
    let d = now - last;
    let units = crate::engine::format::fixed(d, 0, true, nf);
    if last.abs() < 1e-9 {
        return units;
    }
    let pct = crate::engine::format::fixed(100.0 * d / last, 1, true, nf);
    format!("{units} {pct} %")
}

/// Whether the change from `last` to `now` shows as a fall (negative in whole units).
pub fn fell(last: f64, now: f64) -> bool {
    (now - last).round() < 0.0
}

/// The comparison: which cycle, which months, each family, and the total.
#[derive(Clone, Debug, PartialEq)]
pub struct SinceLast {
    pub last_cycle: Month,
    pub first: Month,
    pub months: usize,
    pub families: Vec<FamilyChange>,
}

impl SinceLast {
    pub fn total_last(&self) -> f64 {
        self.families.iter().map(|f| f.last).sum()
    }
    pub fn total_now(&self) -> f64 {
        self.families.iter().map(|f| f.now).sum()
    }
}

/// An adjustment in words: `Sales +10 % on EBIKE, 2027-03–2027-05: dealer promotion`.
pub fn adjustment_text(a: &Adjustment, nf: NumberFormat) -> String {
    let change = crate::engine::format::change(a.change, nf);
    let target = match &a.target {
        Target::Family(f) => format!("family {f}"),
        Target::Sku(s) => s.clone(),
    };
    let when = if a.from == a.to {
        a.from.to_string()
    } else {
        format!("{}–{}", a.from, a.to)
    };
    let reason = if a.reason.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", a.reason.trim())
    };
    let layer = match a.layer {
        Layer::Sales => "Sales",
        Layer::Marketing => "Marketing",
        Layer::Consensus => "Consensus",
    };
    format!("{layer} {change} on {target}, {when}{reason}")
}

/// Whether `now` is `before` carried into the next cycle unchanged: the same id and
/// change, only its first month moved on by the roll forward.
fn carried(before: &Adjustment, now: &Adjustment) -> bool {
    before.id == now.id
        && before.layer == now.layer
        && before.target == now.target
        && before.change == now.change
        && before.to == now.to
        && before.reason == now.reason
        && now.from >= before.from
}

/// Cycle `cur` (planned as `plan`) against `last`, the approved cycle it was rolled
/// forward from; `None` if `last` is not that, or has no frozen plan, or no month is
/// planned by both.
pub fn since_last(last: &Cycle, cur: &Cycle, plan: &Plan, nf: NumberFormat) -> Option<SinceLast> {
    if cur.rolled_from.as_deref() != Some(last.id.as_str()) {
        return None;
    }
    let frozen = last.frozen.as_ref()?;
    let frozen_len = frozen.series.iter().map(|s| s.consensus.len()).max()?;
    // Column of this plan ↔ column of the frozen plan, for the months both cover.
    let offset = cur.label.since(frozen.start);
    let cols: Vec<(usize, usize)> = (0..plan.months.len())
        .filter_map(|t| {
            let k = offset + t as i32;
            (k >= 0 && (k as usize) < frozen_len).then_some((t, k as usize))
        })
        .collect();
    if cols.is_empty() {
        return None;
    }
    // SKU → family, looked up once per series and adjustment (10,000 SKUs: no scans).
    let family_by_sku: HashMap<&str, &str> = cur
        .master
        .products
        .iter()
        .map(|p| (p.sku.as_str(), p.family.as_str()))
        .collect();
    let family_of = |sku: &str| family_by_sku.get(sku).copied();
    let families = cur
        .master
        .families
        .iter()
        .map(|f| {
            let last_sum: f64 = frozen
                .series
                .iter()
                .filter(|s| family_of(&s.sku) == Some(f.id.as_str()))
                .map(|s| {
                    cols.iter()
                        .filter_map(|&(_, k)| s.consensus.get(k))
                        .sum::<f64>()
                })
                .sum();
            let now_sum: f64 = (0..plan.skus.len())
                .filter(|&i| plan.sku_family[i] == f.id)
                .map(|i| {
                    let row = plan.demand.consensus.row(i);
                    cols.iter().map(|&(t, _)| row[t]).sum::<f64>()
                })
                .sum();
            let on_family = |a: &Adjustment| match &a.target {
                Target::Family(id) => *id == f.id,
                Target::Sku(s) => family_of(s) == Some(f.id.as_str()),
            };
            let reasons = cur
                .inputs
                .adjustments
                .iter()
                .filter(|a| on_family(a))
                .filter(|a| !last.inputs.adjustments.iter().any(|b| carried(b, a)))
                .map(|a| adjustment_text(a, nf))
                .collect();
            FamilyChange {
                family: f.id.clone(),
                name: f.name.clone(),
                last: last_sum,
                now: now_sum,
                reasons,
            }
        })
        .collect();
    Some(SinceLast {
        last_cycle: last.label,
        first: plan.months[cols[0].0],
        months: cols.len(),
        families,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::lifecycle::roll_forward;
    use crate::engine::model::{Change, CycleStatus, Role};
    use crate::engine::plan::{fallback::stand_in_baselines, freeze, plan_cycle};

    /// The demo approved, rolled forward with the consensus as actuals; the new plan.
    fn rolled() -> (Cycle, Cycle) {
        let mut last = demo_workspace().cycles.remove(0);
        let plan = plan_cycle(&last, &stand_in_baselines(&last));
        last.frozen = Some(freeze(&plan, "2026-11-28"));
        last.status = CycleStatus::Approved;
        let actuals: Vec<(String, f64)> = plan
            .skus
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), plan.demand.consensus.get(i, 0)))
            .collect();
        let next = roll_forward(&last, &plan, &actuals, "c2").unwrap();
        (last, next)
    }

    #[test]
    fn a_change_reads_in_units_and_percent_of_the_last() {
        let c = NumberFormat::COMMA;
        assert_eq!(change_text(2000.0, 2106.0, c), "+106 +5,3 %");
        assert_eq!(change_text(1234.0, 0.0, c), "−1.234 −100,0 %");
        assert_eq!(change_text(0.0, 40.0, c), "+40");
        assert_eq!(change_text(100.0, 100.2, c), "0 +0,2 %");
        assert!(fell(100.0, 99.4) && !fell(100.0, 99.6));
    }

    #[test]
    fn an_adjustment_since_the_last_cycle_moves_its_family_and_is_the_reason() {
        let (last, mut cur) = rolled();
        let before = plan_cycle(&cur, &stand_in_baselines(&cur));
        let s0 = since_last(&last, &cur, &before, NumberFormat::POINT).unwrap();
        assert_eq!(s0.last_cycle, last.label);
        assert_eq!(s0.first, cur.label);
        // The last cycle's horizon reaches one month less far from here.
        assert_eq!(s0.months, last.horizon as usize - 1);
        // +100 units a month on EBIKE in the months both plan.
        let id = cur
            .inputs
            .adjustments
            .iter()
            .map(|a| a.id)
            .max()
            .unwrap_or(0)
            + 1;
        cur.inputs.adjustments.push(Adjustment {
            id,
            layer: Layer::Sales,
            role: Role::Sales,
            target: Target::Family("EBIKE".into()),
            from: cur.label,
            to: cur.label.plus(2),
            change: Change::Units(100.0),
            reason: "dealer promotion".into(),
        });
        let after = plan_cycle(&cur, &stand_in_baselines(&cur));
        let s1 = since_last(&last, &cur, &after, NumberFormat::POINT).unwrap();
        let e0 = s0.families.iter().find(|f| f.family == "EBIKE").unwrap();
        let e1 = s1.families.iter().find(|f| f.family == "EBIKE").unwrap();
        assert_eq!(e1.last, e0.last, "the last cycle does not move");
        assert!(
            (e1.now - e0.now - 300.0).abs() < 1e-6,
            "{} → {}",
            e0.now,
            e1.now
        );
        assert_eq!(
            e1.reasons.last().map(String::as_str),
            Some(
                format!(
                    "Sales +100 units a month on family EBIKE, {}–{}: dealer promotion",
                    cur.label,
                    cur.label.plus(2)
                )
                .as_str()
            )
        );
        assert!(!e0.reasons.iter().any(|r| r.contains("dealer promotion")));
        // Adjustments only carried forward by the roll are no reasons.
        assert!(s0.families.iter().all(|f| f.reasons.is_empty()), "{s0:?}");
        assert_eq!(e1.reasons.len(), 1);
        // Other families keep their numbers; the total moved by the 300 units.
        for (a, b) in s0.families.iter().zip(&s1.families) {
            if a.family != "EBIKE" {
                assert_eq!(a, b);
            }
        }
        assert!((s1.total_now() - s0.total_now() - 300.0).abs() < 1e-6);
    }

    #[test]
    fn only_the_cycle_rolled_from_and_approved_compares() {
        let (last, cur) = rolled();
        let p = plan_cycle(&cur, &stand_in_baselines(&cur));
        let mut other = last.clone();
        other.id = "other".into();
        assert!(since_last(&other, &cur, &p, NumberFormat::POINT).is_none());
        let mut unfrozen = last.clone();
        unfrozen.frozen = None;
        assert!(since_last(&unfrozen, &cur, &p, NumberFormat::POINT).is_none());
    }
}
