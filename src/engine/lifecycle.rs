//! The monthly cycle over time: rolling an approved cycle forward into next month's
//! cycle, and scoring frozen plans against the actuals that came later
//! (accuracy of the statistical baseline and of each layer, forecast value added).

use super::accuracy::{bias, fva, wape};
use super::model::*;
use super::month::Month;
use super::plan::Plan;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::HashMap;

/// Why a roll forward is refused.
#[derive(Clone, Debug, PartialEq)]
pub struct RollError(pub String);

impl std::fmt::Display for RollError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Next month's cycle from an approved one.
///
/// - `actuals`: units sold per SKU in the month just ended (the approved cycle's first
///   month), entered or imported; every SKU must have one (0 is a valid value).
/// - History gains that month; the horizon moves one month on.
/// - Opening positions come from the approved plan's first month: finished-goods and
///   component on-hand, cash, AR and AP at its end (the planner corrects them from the
///   books if they differ).
/// - Adjustments that ended are dropped, others kept (a range starting in the past now
///   starts at the new first month); opportunities of the past month are dropped;
///   production overrides of the past month are dropped; budget, finance terms, master
///   data and supply settings carry over. Scenarios and decisions stay with the old
///   cycle. The new cycle is a Draft.
pub fn roll_forward(
    approved: &Cycle,
    plan: &Plan,
    actuals: &[(String, f64)],
    new_id: &str,
) -> Result<Cycle, RollError> {
    if !approved.is_frozen() {
        return Err(RollError(format!(
            "cycle {} is not approved yet: approve it before rolling forward",
            approved.label
        )));
    }
    let ended = approved.label;
    // Looked up by code, not searched (10,000 SKUs: four searches of 10,000 each).
    let mut actual_of: FxHashMap<&str, f64> = FxHashMap::default();
    for (s, u) in actuals {
        actual_of.entry(s.as_str()).or_insert(*u);
    }
    let mut missing = Vec::new();
    for p in &approved.master.products {
        match actual_of.get(p.sku.as_str()) {
            Some(u) if u.is_finite() && *u >= 0.0 => {}
            Some(u) => {
                return Err(RollError(format!(
                    "{}: actual units of {ended} must be a number ≥ 0, not {u}",
                    p.sku
                )));
            }
            None => missing.push(p.sku.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(RollError(format!(
            "actuals of {ended} are missing for {} SKU(s): {}",
            missing.len(),
            missing.join(", ")
        )));
    }
    let products: FxHashSet<&str> = approved
        .master
        .products
        .iter()
        .map(|p| p.sku.as_str())
        .collect();
    if let Some((s, _)) = actuals.iter().find(|(s, _)| !products.contains(s.as_str())) {
        return Err(RollError(format!("{s} is not a product of this cycle")));
    }

    let mut next = successor(approved, new_id);

    let mut history_of: FxHashMap<String, usize> = FxHashMap::default();
    for (i, h) in next.history.iter().enumerate() {
        history_of.entry(h.sku.clone()).or_insert(i);
    }
    for (sku, units) in actuals {
        match history_of.get(sku).map(|&i| &mut next.history[i]) {
            Some(h) => {
                // Months between the history's end and the ended month count as 0 sold.
                while h.end() < ended {
                    h.units.push(0.0);
                }
                if h.end() == ended {
                    h.units.push(*units);
                } else if let Ok(i) = usize::try_from(ended.since(h.start)) {
                    h.units[i] = *units;
                }
            }
            None => {
                history_of.insert(sku.clone(), next.history.len());
                next.history.push(SkuHistory {
                    sku: sku.clone(),
                    start: ended,
                    units: vec![*units],
                });
            }
        }
    }

    // Opening positions = the approved plan's end of its first month.
    if !plan.months.is_empty() {
        let row_of = plan.rows_by_sku();
        for p in next.master.products.iter_mut() {
            if let Some(&i) = row_of.get(p.sku.as_str()) {
                p.on_hand = plan.supply.inventory.get(i, 0);
            }
        }
        for c in next.master.components.iter_mut() {
            if let Some(i) = plan.components.components.iter().position(|x| *x == c.id) {
                c.on_hand = plan.components.on_hand.get(i, 0);
            }
        }
        if let Some(f) = plan.finance.months.first() {
            next.inputs.finance.opening_cash = f.cash;
            next.inputs.finance.opening_ar = f.ar;
            next.inputs.finance.opening_ap = f.ap;
        }
    }

    let first = next.label;
    next.inputs.adjustments.retain(|a| a.to >= first);
    for a in next.inputs.adjustments.iter_mut() {
        a.from = a.from.max(first);
    }
    next.inputs.pipeline.retain(|o| o.month >= first);
    next.inputs.supply.overrides.retain(|o| o.month >= first);
    Ok(next)
}

/// The cycle that follows `approved`, before its actuals: one month on, a Draft with id
/// `new_id`, master data, history and inputs carried over, scenarios and decisions left
/// with the old cycle. [`roll_forward`] starts from it; the app imports the ended
/// month's actuals into it (its history may then end with that month).
pub fn successor(approved: &Cycle, new_id: &str) -> Cycle {
    let mut next = approved.clone();
    next.id = new_id.to_string();
    next.label = approved.label.plus(1);
    next.status = CycleStatus::Draft;
    next.frozen = None;
    next.scenarios.clear();
    next.decisions.clear();
    next.signoffs.clear();
    next.notes = Default::default();
    next.rolled_from = Some(approved.id.clone());
    next
}

impl Cycle {
    /// A new Draft cycle of the default horizon: nothing decided, signed or frozen yet.
    pub fn draft(
        id: &str,
        label: Month,
        master: MasterData,
        history: Vec<SkuHistory>,
        inputs: PlanInputs,
    ) -> Cycle {
        Cycle {
            id: id.to_string(),
            label,
            horizon: Cycle::DEFAULT_HORIZON,
            status: CycleStatus::Draft,
            master,
            history,
            inputs,
            scenarios: Vec::new(),
            decisions: Vec::new(),
            frozen: None,
            rolled_from: None,
            signoffs: Vec::new(),
            notes: Default::default(),
        }
    }
}

impl Workspace {
    /// A new company with nothing in it yet: one Draft cycle starting at `label`, no
    /// products, history or plan inputs (the Data step's import fills them), a
    /// workforce of 160 hours per FTE.
    pub fn new_company(id: &str, name: &str, currency: &str, label: Month) -> Workspace {
        let master = MasterData {
            workforce: Workforce {
                hours_per_fte: 160.0,
                current_fte: 0.0,
            },
            ..MasterData::default()
        };
        Workspace {
            format: FORMAT_VERSION,
            id: id.to_string(),
            name: name.to_string(),
            currency: currency.to_string(),
            number_format: Default::default(),
            cycles: vec![Cycle::draft(
                &format!("cycle-{label}"),
                label,
                master,
                Vec::new(),
                PlanInputs::default(),
            )],
            exported_at: None,
        }
    }

    /// Checks a workspace name as a planner types it: trimmed, 1–80 characters.
    pub fn check_name(name: &str) -> Result<String, String> {
        let n = name.trim();
        match n.chars().count() {
            0 => Err("a workspace needs a name".into()),
            1..=80 => Ok(n.to_string()),
            k => Err(format!(
                "a name of at most 80 characters, please (this one has {k})"
            )),
        }
    }
}

/// Accuracy of one layer over the scored months.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerScore {
    pub layer: &'static str,
    /// Σ|f − a| / Σ|a|.
    pub wape: Option<f64>,
    /// Σ(f − a) / Σ|a| (positive = over-forecast).
    pub bias: Option<f64>,
    /// Forecast value added over the layer before (WAPE before − WAPE after; positive =
    /// this layer improved the forecast). `None` for the statistical layer.
    pub fva: Option<f64>,
}

/// Frozen plans scored against actuals, for one SKU, one family or everything.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanVsActual {
    /// SKU code, family id, or `""` for the whole company.
    pub key: String,
    /// Number of (cycle, month) pairs with an actual.
    pub points: usize,
    pub actual_units: f64,
    /// statistical, sales, marketing, pipeline, consensus.
    pub layers: Vec<LayerScore>,
}

/// A scored series: key, actuals, and the five layers' forecasts, point by point.
type Series = (String, Vec<f64>, [Vec<f64>; 5]);

/// Appends one (actual, forecasts) point to the series of `key` (`index`: key → position).
fn push_point(
    series: &mut Vec<Series>,
    index: &mut HashMap<String, usize>,
    key: &str,
    a: f64,
    f: [f64; 5],
) {
    let i = match index.get(key) {
        Some(&i) => i,
        None => {
            series.push((key.to_string(), Vec::new(), Default::default()));
            index.insert(key.to_string(), series.len() - 1);
            series.len() - 1
        }
    };
    let entry = &mut series[i];
    entry.1.push(a);
    for (l, v) in entry.2.iter_mut().zip(f) {
        l.push(v);
    }
}

const LAYER_NAMES: [&str; 5] = ["statistical", "sales", "marketing", "pipeline", "consensus"];

/// Scores every approved cycle's frozen plan against the actuals known to the newest
/// cycle of `ws`: per SKU, per family and in total, for months that have an actual.
/// Families and the total add SKUs' units month by month before measuring.
pub fn plan_vs_actual(ws: &Workspace) -> Vec<PlanVsActual> {
    let Some(latest) = ws.cycles.last() else {
        return Vec::new();
    };
    // (key, actual, [5 layers]) series built point by point.
    let mut series: Vec<Series> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let family_of = |sku: &str| -> Option<&str> {
        latest
            .master
            .products
            .iter()
            .find(|p| p.sku == sku)
            .map(|p| p.family.as_str())
    };
    // Family and total series must add SKUs per (cycle, month) point before scoring.
    let mut agg: Vec<(String, Month, String, f64, [f64; 5])> = Vec::new();
    for c in &ws.cycles {
        let Some(fp) = &c.frozen else { continue };
        for s in &fp.series {
            let Some(h) = latest.history.iter().find(|h| h.sku == s.sku) else {
                continue;
            };
            for t in 0..s.consensus.len() {
                let m = fp.start.plus(t as i32);
                let Some(a) = h.get(m) else { continue };
                let f = [
                    s.statistical[t],
                    s.sales[t],
                    s.marketing[t],
                    s.pipeline[t],
                    s.consensus[t],
                ];
                push_point(&mut series, &mut index, &s.sku, a, f);
                // A SKU no longer in the master data counts in the total only (an empty
                // family key would count it twice there).
                let fam = family_of(&s.sku).map(str::to_string);
                for key in fam.into_iter().chain([String::new()]) {
                    match agg
                        .iter_mut()
                        .find(|(k, mm, cid, _, _)| *k == key && *mm == m && *cid == c.id)
                    {
                        Some(e) => {
                            e.3 += a;
                            for (x, v) in e.4.iter_mut().zip(f) {
                                *x += v;
                            }
                        }
                        None => agg.push((key, m, c.id.clone(), a, f)),
                    }
                }
            }
        }
    }
    for (key, _, _, a, f) in agg {
        push_point(&mut series, &mut index, &key, a, f);
    }
    series
        .into_iter()
        .map(|(key, actual, layers)| PlanVsActual {
            key,
            points: actual.len(),
            actual_units: actual.iter().sum(),
            layers: score_layers(&actual, &layers),
        })
        .collect()
}

/// The five layers' forecasts (statistical … consensus) scored against `actual`, point
/// by point: WAPE, bias, and each layer's FVA over the one before.
pub fn score_layers(actual: &[f64], layers: &[Vec<f64>; 5]) -> Vec<LayerScore> {
    (0..5)
        .map(|l| LayerScore {
            layer: LAYER_NAMES[l],
            wape: wape(actual, &layers[l]),
            bias: bias(actual, &layers[l]),
            fva: (l > 0)
                .then(|| fva(actual, &layers[l - 1], &layers[l]))
                .flatten(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_company_is_an_empty_valid_draft_that_plans() {
        let w = Workspace::new_company("acme", "Acme Ltd", "USD", Month::new(2027, 2));
        let c = &w.cycles[0];
        assert_eq!(
            (c.label, c.status, c.horizon),
            (
                Month::new(2027, 2),
                CycleStatus::Draft,
                Cycle::DEFAULT_HORIZON
            )
        );
        assert!(c.master.products.is_empty() && c.history.is_empty());
        assert!(
            crate::engine::plan::validate::validate_cycle(c)
                .iter()
                .all(|i| i.severity != crate::engine::plan::Severity::Error)
        );
        let p = crate::engine::plan::plan_cycle(c, &[]);
        assert_eq!(p.months.len(), Cycle::DEFAULT_HORIZON as usize);
        assert_eq!(p.finance.totals.revenue, rust_decimal::Decimal::ZERO);
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(serde_json::from_str::<Workspace>(&json).unwrap(), w);
    }

    #[test]
    fn workspace_names_are_trimmed_and_bounded() {
        assert_eq!(Workspace::check_name("  Acme  "), Ok("Acme".into()));
        assert!(Workspace::check_name("   ").is_err());
        assert!(
            Workspace::check_name(&"x".repeat(81))
                .unwrap_err()
                .contains("81")
        );
        assert_eq!(
            Workspace::check_name(&"é".repeat(80)).map(|n| n.chars().count()),
            Ok(80)
        );
    }
    use crate::engine::demo::demo_workspace;
    use crate::engine::plan::fallback::stand_in_baselines;
    use crate::engine::plan::{freeze, plan_cycle};

    fn approved() -> (Cycle, Plan) {
        let mut c = demo_workspace().cycles.remove(0);
        let plan = plan_cycle(&c, &stand_in_baselines(&c));
        c.frozen = Some(freeze(&plan, "2026-11-28"));
        c.status = CycleStatus::Approved;
        (c, plan)
    }

    #[test]
    fn the_successor_is_next_months_draft_and_roll_forward_starts_from_it() {
        let (c, plan) = approved();
        let s = successor(&c, "next");
        assert_eq!(
            (s.label, s.status, s.frozen.is_none()),
            (c.label.plus(1), CycleStatus::Draft, true)
        );
        assert_eq!(s.rolled_from.as_deref(), Some(c.id.as_str()));
        assert!(s.scenarios.is_empty() && s.decisions.is_empty());
        assert_eq!(
            (&s.master.families, &s.history),
            (&c.master.families, &c.history)
        );
        let actuals: Vec<(String, f64)> = c
            .master
            .products
            .iter()
            .map(|p| (p.sku.clone(), 3.0))
            .collect();
        let rolled = roll_forward(&c, &plan, &actuals, "next").unwrap();
        assert_eq!(
            (rolled.id.as_str(), rolled.label, rolled.status),
            ("next", s.label, s.status)
        );
    }

    fn actuals_of(c: &Cycle, units: f64) -> Vec<(String, f64)> {
        c.master
            .products
            .iter()
            .map(|p| (p.sku.clone(), units))
            .collect()
    }

    /// A workspace holding `cycles`.
    fn workspace(cycles: Vec<Cycle>) -> Workspace {
        Workspace {
            format: FORMAT_VERSION,
            id: "w".into(),
            name: "w".into(),
            currency: "EUR".into(),
            number_format: Default::default(),
            cycles,
            exported_at: None,
        }
    }

    #[test]
    fn roll_forward_moves_one_month_and_carries_positions() {
        let (c, plan) = approved();
        let next = roll_forward(&c, &plan, &actuals_of(&c, 7.0), "cycle-2026-12").unwrap();
        assert_eq!(next.label.to_string(), "2026-12");
        assert_eq!(next.status, CycleStatus::Draft);
        assert_eq!(next.rolled_from.as_deref(), Some(c.id.as_str()));
        assert!(next.frozen.is_none() && next.scenarios.is_empty());
        for h in &next.history {
            assert_eq!(
                h.end(),
                next.label,
                "{} history reaches the new cycle",
                h.sku
            );
            assert_eq!(h.get(c.label), Some(7.0));
        }
        let i = plan.sku_index("KB-16").unwrap();
        let p = next
            .master
            .products
            .iter()
            .find(|p| p.sku == "KB-16")
            .unwrap();
        assert_eq!(p.on_hand, plan.supply.inventory.get(i, 0));
        assert_eq!(
            next.inputs.finance.opening_cash,
            plan.finance.months[0].cash
        );
        assert_eq!(next.inputs.finance.opening_ar, plan.finance.months[0].ar);
        // Adjustments: none ended in the first month in the demo; the one starting in
        // the first month now starts in the new first month.
        assert_eq!(next.inputs.adjustments.len(), c.inputs.adjustments.len());
        assert!(next.inputs.adjustments.iter().all(|a| a.from >= next.label));
        assert!(next.inputs.pipeline.iter().all(|o| o.month >= next.label));
    }

    #[test]
    fn roll_forward_refuses_unapproved_or_incomplete_input() {
        let (c, plan) = approved();
        let mut draft = c.clone();
        draft.status = CycleStatus::Draft;
        assert!(
            roll_forward(&draft, &plan, &actuals_of(&c, 1.0), "x")
                .unwrap_err()
                .0
                .contains("not approved")
        );
        let mut some = actuals_of(&c, 1.0);
        some.truncate(28);
        let e = roll_forward(&c, &plan, &some, "x").unwrap_err();
        assert!(e.0.contains("missing for 2 SKU(s)"), "{e}");
        let mut bad = actuals_of(&c, 1.0);
        bad[0].1 = -3.0;
        assert!(
            roll_forward(&c, &plan, &bad, "x")
                .unwrap_err()
                .0
                .contains("≥ 0")
        );
        let mut extra = actuals_of(&c, 1.0);
        extra.push(("NOPE".into(), 1.0));
        assert!(
            roll_forward(&c, &plan, &extra, "x")
                .unwrap_err()
                .0
                .contains("NOPE")
        );
    }

    #[test]
    fn frozen_plans_are_scored_against_later_actuals() {
        let (c, plan) = approved();
        // Actuals for the ended month: exactly the statistical forecast for KB-16,
        // twice the consensus for everything else.
        let i = plan.sku_index("KB-16").unwrap();
        let stat = plan.demand.statistical.get(i, 0);
        let actuals: Vec<(String, f64)> = c
            .master
            .products
            .iter()
            .map(|p| {
                let j = plan.sku_index(&p.sku).unwrap();
                let a = if p.sku == "KB-16" {
                    stat
                } else {
                    2.0 * plan.demand.consensus.get(j, 0)
                };
                (p.sku.clone(), a)
            })
            .collect();
        let next = roll_forward(&c, &plan, &actuals, "c2").unwrap();
        let ws = workspace(vec![c.clone(), next]);
        let report = plan_vs_actual(&ws);
        let kb = report.iter().find(|r| r.key == "KB-16").unwrap();
        assert_eq!(kb.points, 1, "one month scored");
        assert_eq!(kb.layers[0].wape, Some(0.0), "statistical was exact");
        let cons = plan.demand.consensus.get(i, 0);
        let expected = (cons - stat).abs() / stat;
        assert!((kb.layers[4].wape.unwrap() - expected).abs() < 1e-12);
        let total = report.iter().find(|r| r.key.is_empty()).unwrap();
        assert_eq!(total.points, 1, "the total adds SKUs within a month");
        let sum_actual: f64 = actuals.iter().map(|(_, a)| a).sum();
        assert!((total.actual_units - sum_actual).abs() < 1e-6);
        let fam = report.iter().find(|r| r.key == "KIDS").unwrap();
        assert_eq!(fam.points, 1);
        // Everyone else under-forecast by half: the total's consensus bias is negative.
        assert!(total.layers[4].bias.unwrap() < 0.0);
    }

    #[test]
    fn a_sku_gone_from_the_master_data_counts_once_in_the_total() {
        let (c, plan) = approved();
        let actuals = actuals_of(&c, 10.0);
        let mut next = roll_forward(&c, &plan, &actuals, "c2").unwrap();
        next.master.products.retain(|p| p.sku != "KB-16");
        let ws = workspace(vec![c.clone(), next]);
        let report = plan_vs_actual(&ws);
        let total = report.iter().find(|r| r.key.is_empty()).unwrap();
        assert_eq!(total.points, 1);
        assert!(
            (total.actual_units - 10.0 * actuals.len() as f64).abs() < 1e-9,
            "every SKU once: {}",
            total.actual_units
        );
        assert!(
            report.iter().any(|r| r.key == "KB-16"),
            "still scored on its own"
        );
        let families: f64 = report
            .iter()
            .filter(|r| c.master.families.iter().any(|f| f.id == r.key))
            .map(|r| r.actual_units)
            .sum();
        assert!((families - 10.0 * (actuals.len() - 1) as f64).abs() < 1e-9);
    }
}
