//! The demand review's model (`engine::review::demand`), natively: the waterfall a view
//! draws and the one command a typed or pasted block becomes.

use sop_planner::engine::command::{Command, PlanRef, cell_adjustment};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::model::{Baseline, Cycle, Layer, Levers, Role, Target};
use sop_planner::engine::plan;
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::demand::{
    Waterfall, WaterfallCell, layer_sums, plan_rows, waterfall, waterfall_edit,
};
use std::sync::OnceLock;

const CONSENSUS: usize = 4;
const SALES: usize = 1;

/// The demo's current cycle and its baselines (forecast once for all tests).
fn demo() -> &'static (Cycle, Vec<Baseline>) {
    static D: OnceLock<(Cycle, Vec<Baseline>)> = OnceLock::new();
    D.get_or_init(|| {
        let c = demo_workspace().cycles.pop().unwrap();
        let b = baselines(&c);
        (c, b)
    })
}

fn shown(c: &Cycle, b: &[Baseline], sel: &Selection) -> Waterfall {
    waterfall(c, &plan::plan_cycle(c, b), b, sel, 24)
}

/// The layers of `sel` after applying `cmd` to a copy of `c`.
fn after(c: &Cycle, b: &[Baseline], sel: &Selection, cmd: &Command) -> (Cycle, [Vec<f64>; 5]) {
    let mut next = c.clone();
    cmd.apply(&mut next).expect("the command applies");
    let p = plan::plan(&next, &next.inputs, &Levers::default(), b);
    let layers = layer_sums(&p, &plan_rows(&p, sel));
    (next, layers)
}

#[test]
fn a_typed_consensus_value_is_what_the_consensus_then_shows() {
    let (c, b) = demo();
    let sku = c.master.products[3].sku.clone();
    let sel = Selection::Sku(sku.clone());
    let w = shown(c, b, &sel);
    let t = 5;
    let typed = (w.layers[CONSENSUS][t] + 37.0).round();
    let edit = [WaterfallCell::Layer {
        row: CONSENSUS,
        t,
        value: typed,
    }];
    let cmd = waterfall_edit(c, PlanRef::Base, b, &sel, Role::Sales, &w, &edit).unwrap();
    // One edit of one adjustment, named by the command (no copy of the inputs).
    assert!(
        matches!(&cmd, Command::EditAdjustments { edits, .. } if edits.len() == 1),
        "{cmd:?}"
    );
    let (next, layers) = after(c, b, &sel, &cmd);
    assert!(
        (layers[CONSENSUS][t] - typed).abs() < 1e-9,
        "{} vs {typed}",
        layers[CONSENSUS][t]
    );
    // The adjustment is back-calculated: old + (typed − shown).
    let m = w.plan_months[t];
    let target = Target::Sku(sku);
    let before = cell_adjustment(&c.inputs, Layer::Consensus, &target, m);
    let now = cell_adjustment(&next.inputs, Layer::Consensus, &target, m);
    assert!((now - (before + typed - w.layers[CONSENSUS][t])).abs() < 1e-9);
    // Other months are untouched.
    for k in (0..w.plan_months.len()).filter(|&k| k != t) {
        assert_eq!(layers[CONSENSUS][k], w.layers[CONSENSUS][k], "month {k}");
    }
}

#[test]
fn a_paste_over_two_layers_counts_the_upper_from_the_edited_lower_one() {
    let (c, b) = demo();
    let sel = Selection::Sku(c.master.products[0].sku.clone());
    let w = shown(c, b, &sel);
    let t = 2;
    let sales = w.layers[SALES][t] + 50.0;
    let consensus = w.layers[CONSENSUS][t] + 10.0;
    let edit = [
        WaterfallCell::Layer {
            row: CONSENSUS,
            t,
            value: consensus,
        },
        WaterfallCell::Layer {
            row: SALES,
            t,
            value: sales,
        },
    ];
    let cmd = waterfall_edit(c, PlanRef::Base, b, &sel, Role::Sales, &w, &edit).unwrap();
    let (_, layers) = after(c, b, &sel, &cmd);
    assert!((layers[SALES][t] - sales).abs() < 1e-9);
    assert!(
        (layers[CONSENSUS][t] - consensus).abs() < 1e-9,
        "{}",
        layers[CONSENSUS][t]
    );
}

#[test]
fn a_paste_along_a_row_adds_one_adjustment_per_cell_with_ids_of_their_own() {
    let (c, b) = demo();
    let sel = Selection::Sku(c.master.products[2].sku.clone());
    let w = shown(c, b, &sel);
    let typed: Vec<f64> = (3..7)
        .map(|t| w.layers[SALES][t] + 5.0 * t as f64)
        .collect();
    let edit: Vec<WaterfallCell> = (3..7)
        .map(|t| WaterfallCell::Layer {
            row: SALES,
            t,
            value: typed[t - 3],
        })
        .collect();
    let cmd = waterfall_edit(c, PlanRef::Base, b, &sel, Role::Sales, &w, &edit).unwrap();
    let Command::EditAdjustments { edits, .. } = &cmd else {
        panic!("one command of edits: {cmd:?}")
    };
    assert_eq!(edits.len(), 4);
    let (next, layers) = after(c, b, &sel, &cmd);
    for t in 3..7 {
        assert!((layers[SALES][t] - typed[t - 3]).abs() < 1e-9, "month {t}");
    }
    let mut ids: Vec<u64> = next.inputs.adjustments.iter().map(|a| a.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), next.inputs.adjustments.len(), "ids unique");
}

#[test]
fn a_paste_across_actuals_and_a_layer_is_one_undo_step() {
    let (c, b) = demo();
    let sku = c.master.products[1].sku.clone();
    let sel = Selection::Sku(sku.clone());
    let w = shown(c, b, &sel);
    let month = *w.history_months.last().unwrap();
    let edit = [
        WaterfallCell::Actual { month, units: 99.0 },
        WaterfallCell::Layer {
            row: CONSENSUS,
            t: 0,
            value: 123.0,
        },
    ];
    let cmd = waterfall_edit(c, PlanRef::Base, b, &sel, Role::Sales, &w, &edit).unwrap();
    let Command::Batch(parts) = &cmd else {
        panic!("one batch: {cmd:?}")
    };
    assert_eq!(parts.len(), 2);
    let mut next = c.clone();
    let undo = cmd.apply(&mut next).unwrap();
    let h = next.history.iter().find(|h| h.sku == sku).unwrap();
    assert_eq!(h.get(month), Some(99.0));
    undo.apply(&mut next).unwrap();
    assert_eq!(&next, c, "one undo restores the cycle exactly");
}

#[test]
fn a_family_waterfall_sums_its_skus_and_pools_sigma() {
    let (c, b) = demo();
    let fam = c.master.families[0].id.clone();
    let sel = Selection::Family(fam.clone());
    let w = shown(c, b, &sel);
    let skus: Vec<&str> = c
        .master
        .products
        .iter()
        .filter(|p| p.family == fam)
        .map(|p| p.sku.as_str())
        .collect();
    assert!(skus.len() > 1);
    let sum_of = |k: usize, t: usize| -> f64 {
        skus.iter()
            .map(|s| shown(c, b, &Selection::Sku(s.to_string())).layers[k][t])
            .sum()
    };
    for k in 0..5 {
        assert!((w.layers[k][3] - sum_of(k, 3)).abs() < 1e-6, "layer {k}");
    }
    // σ = √(Σ σᵢ²): independent SKU errors.
    let pooled: f64 = b
        .iter()
        .filter(|x| skus.contains(&x.sku.as_str()))
        .map(|x| x.sigma * x.sigma)
        .sum::<f64>()
        .sqrt();
    assert!((w.sigma - pooled).abs() < 1e-12, "{} vs {pooled}", w.sigma);
    assert!(
        w.sigma
            < b.iter()
                .filter(|x| skus.contains(&x.sku.as_str()))
                .map(|x| x.sigma)
                .sum::<f64>()
    );
    // Typing a family's consensus makes a family adjustment and the family shows it.
    let typed = (w.layers[CONSENSUS][1] * 1.1).round();
    let edit = [WaterfallCell::Layer {
        row: CONSENSUS,
        t: 1,
        value: typed,
    }];
    let cmd = waterfall_edit(c, PlanRef::Base, b, &sel, Role::Marketing, &w, &edit).unwrap();
    let (next, layers) = after(c, b, &sel, &cmd);
    assert!(
        (layers[CONSENSUS][1] - typed).abs() < 1e-6,
        "{} vs {typed}",
        layers[CONSENSUS][1]
    );
    assert!(
        next.inputs
            .adjustments
            .iter()
            .any(|a| a.target == Target::Family(fam.clone())
                && a.layer == Layer::Consensus
                && a.role == Role::Marketing)
    );
    // Computed rows (statistical, pipeline) and actuals of a family are not editable.
    let read_only = [
        WaterfallCell::Layer {
            row: 0,
            t: 1,
            value: 1.0,
        },
        WaterfallCell::Layer {
            row: 3,
            t: 1,
            value: 1.0,
        },
        WaterfallCell::Actual {
            month: w.history_months[0],
            units: 1.0,
        },
    ];
    assert_eq!(
        waterfall_edit(c, PlanRef::Base, b, &sel, Role::Sales, &w, &read_only),
        None
    );
}

#[test]
fn the_lifecycle_note_names_a_skus_launch_and_lists_a_familys_first_three() {
    use sop_planner::engine::month::Month;
    use sop_planner::engine::review::demand::{FAMILY_NOTES, lifecycle_note};
    let mut c = sop_planner::engine::demo::demo_workspace().cycles.remove(0);
    let fam = c.master.families[0].id.clone();
    let skus: Vec<String> = Selection::Family(fam.clone())
        .skus(&c)
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(skus.len() > FAMILY_NOTES + 1);
    for p in c.master.products.iter_mut() {
        p.lifecycle = Default::default();
    }
    assert_eq!(lifecycle_note(&c, &Selection::Family(fam.clone())), None);
    // Every SKU of the family phases out to the first one.
    let eol = Month::new(2027, 6);
    for p in c
        .master
        .products
        .iter_mut()
        .filter(|p| p.family == fam)
        .skip(1)
    {
        p.lifecycle.end_of_life = Some(eol);
        p.lifecycle.successor = skus[0].clone();
    }
    let one = c.master.products.iter().find(|p| p.sku == skus[1]).unwrap();
    let own = one.lifecycle.describe().unwrap();
    assert_eq!(
        lifecycle_note(&c, &Selection::Sku(skus[1].clone())),
        Some(own.clone())
    );
    assert_eq!(lifecycle_note(&c, &Selection::Sku(skus[0].clone())), None);
    let note = lifecycle_note(&c, &Selection::Family(fam)).unwrap();
    assert!(note.starts_with(&format!("{}: {own}; ", skus[1])), "{note}");
    let more = skus.len() - 1 - FAMILY_NOTES;
    assert!(note.ends_with(&format!("; and {more} more")), "{note}");
    assert_eq!(note.matches("Phase-out").count(), FAMILY_NOTES);
}

/// A large family (more SKUs than are compared directly, so its SKUs are looked up in a
/// hash set) shows the sums of its SKUs' actuals, bands and layers, and their pooled σ.
#[test]
fn a_large_familys_waterfall_is_the_sum_of_its_skus() {
    use sop_planner::engine::demo::sample_workspace;
    let w = sample_workspace(300);
    let c = w.cycles.last().unwrap().clone();
    let b: Vec<Baseline> = c
        .master
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| Baseline {
            sku: p.sku.clone(),
            model: "test".into(),
            values: vec![10.0 + i as f64; 18],
            lower: vec![5.0 + i as f64; 18],
            upper: vec![15.0 + 2.0 * i as f64; 18],
            sigma: 1.0 + (i % 7) as f64,
            wape: 0.1,
        })
        .collect();
    let fam = c.master.products[0].family.clone();
    let skus: Vec<String> = c
        .master
        .products
        .iter()
        .filter(|p| p.family == fam)
        .map(|p| p.sku.clone())
        .collect();
    assert!(skus.len() > 16, "{} SKUs", skus.len());
    let whole = shown(&c, &b, &Selection::Family(fam));
    let parts: Vec<Waterfall> = skus
        .iter()
        .map(|s| shown(&c, &b, &Selection::Sku(s.clone())))
        .collect();
    let close = |a: f64, e: f64| (a - e).abs() <= 1e-6 * e.abs().max(1.0);
    for (m, a) in whole.actual.iter().enumerate() {
        let e: f64 = parts.iter().map(|p| p.actual[m]).sum();
        assert!(close(*a, e), "actual {m}: {a} vs {e}");
        assert!(e > 0.0);
    }
    for t in 0..whole.lower.len() {
        let (lo, up): (f64, f64) = parts
            .iter()
            .fold((0.0, 0.0), |(l, u), p| (l + p.lower[t], u + p.upper[t]));
        assert!(
            close(whole.lower[t], lo) && close(whole.upper[t], up),
            "band {t}"
        );
        for k in 0..5 {
            let e: f64 = parts.iter().map(|p| p.layers[k][t]).sum();
            assert!(close(whole.layers[k][t], e), "layer {k} month {t}");
        }
    }
    let pooled = parts.iter().map(|p| p.sigma * p.sigma).sum::<f64>().sqrt();
    assert!(close(whole.sigma, pooled), "{} vs {pooled}", whole.sigma);
}
