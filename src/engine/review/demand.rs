//! The demand review's model: the forecast waterfall of a SKU or a family (what the view
//! draws), and a planner's typing or pasting in its grid turned into one [`Command`].
//!
//! A value typed into a layer row (Sales, Marketing, Consensus) is the value the layer
//! should *show*; the layer's own adjustment for that cell is back-calculated:
//! `new adjustment = current adjustment + (typed − shown)`, so the layer shows exactly
//! what was typed whatever the layers below contribute. A paste over several layer rows
//! is taken from the bottom up, each layer counted from the layers below as edited.

use super::{Selection, SkuSet};
use crate::engine::command::{CellChange, Command, PlanRef, cell_adjustment, cell_edit};
use crate::engine::model::{Baseline, Cycle, Layer, Levers, Role};
use crate::engine::month::Month;
use crate::engine::notes::{CellRef, CellRow};
use crate::engine::plan::{self, Plan};

/// Rows of the waterfall below the actuals, in order: name and the layer a typed value
/// goes to (`None`: computed, not editable).
pub const LAYER_ROWS: [(&str, Option<Layer>); 5] = [
    ("Statistical", None),
    ("Sales", Some(Layer::Sales)),
    ("Marketing", Some(Layer::Marketing)),
    ("Pipeline", None),
    ("Consensus", Some(Layer::Consensus)),
];

/// Everything the view shows for the selection (a SKU, or the sum of a family).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Waterfall {
    pub title: String,
    pub is_sku: bool,
    /// History months shown, then the plan's months.
    pub history_months: Vec<Month>,
    pub plan_months: Vec<Month>,
    /// Units sold in each history month (summed over the family's SKUs).
    pub actual: Vec<f64>,
    /// Statistical, sales, marketing, pipeline, consensus (plan months), each the
    /// running total the layer shows.
    pub layers: [Vec<f64>; 5],
    /// The 80 % band of the statistical forecast (summed over the family's SKUs).
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    /// The statistical model (a SKU only).
    pub model: String,
    /// Backtest WAPE of the model (a SKU only).
    pub wape: Option<f64>,
    /// σ of the one-month forecast error; a family's is pooled from its SKUs' assuming
    /// independent errors: `σ = √(Σ σᵢ²)`.
    pub sigma: f64,
}

/// The rows of `plan` that `sel` covers (see [`Selection::rows`]).
pub fn plan_rows(plan: &Plan, sel: &Selection) -> Vec<usize> {
    sel.rows(plan)
}

/// Each demand layer of `plan` summed over `rows` (one row for a SKU, several for a
/// family), in [`LAYER_ROWS`] order.
pub fn layer_sums(plan: &Plan, rows: &[usize]) -> [Vec<f64>; 5] {
    let d = &plan.demand;
    [
        &d.statistical,
        &d.sales,
        &d.marketing,
        &d.pipeline,
        &d.consensus,
    ]
    .map(|g| {
        let mut v = vec![0.0; g.cols()];
        for &i in rows {
            for (a, x) in v.iter_mut().zip(g.row(i)) {
                *a += x;
            }
        }
        v
    })
}

/// The waterfall of `sel`: `history_shown` months of actuals before the cycle's first
/// month, then the plan's layers and the statistical band.
pub fn waterfall(
    c: &Cycle,
    plan: &Plan,
    baselines: &[Baseline],
    sel: &Selection,
    history_shown: usize,
) -> Waterfall {
    let skus = sel.skus(c);
    let in_sel = SkuSet::new(&skus);
    let rows = plan.rows_of(&skus);
    let history_months: Vec<Month> = (0..history_shown)
        .map(|i| c.label.plus(i as i32 - history_shown as i32))
        .collect();
    let hists: Vec<_> = c
        .history
        .iter()
        .filter(|h| in_sel.contains(h.sku.as_str()))
        .collect();
    let actual = history_months
        .iter()
        .map(|m| hists.iter().filter_map(|h| h.get(*m)).sum())
        .collect();
    let h = plan.months.len();
    let mut lower = vec![0.0; h];
    let mut upper = vec![0.0; h];
    let mut sigma2 = 0.0;
    let mut model = String::new();
    let mut wape = None;
    for b in baselines.iter().filter(|b| in_sel.contains(b.sku.as_str())) {
        for t in 0..h {
            lower[t] += b.lower.get(t).copied().unwrap_or(0.0);
            upper[t] += b.upper.get(t).copied().unwrap_or(0.0);
        }
        sigma2 += b.sigma * b.sigma;
        if skus.len() == 1 {
            model = b.model.clone();
            wape = Some(b.wape);
        }
    }
    let title = sel.title(c);
    Waterfall {
        title,
        is_sku: matches!(sel, Selection::Sku(_)),
        history_months,
        plan_months: plan.months.clone(),
        actual,
        layers: layer_sums(plan, &rows),
        lower,
        upper,
        model,
        wape,
        sigma: sigma2.sqrt(),
    }
}

/// One cell typed or pasted into the waterfall grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WaterfallCell {
    /// Units sold in a history month (a SKU only).
    Actual { month: Month, units: f64 },
    /// The value a layer row (index into [`LAYER_ROWS`]) should show in plan month `t`.
    Layer { row: usize, t: usize, value: f64 },
}

/// The planner's edits of the waterfall of `sel` as one command (one undo step):
/// actuals set as typed, layer values back-calculated into that layer's adjustments of
/// the plan `which` (see the module doc). `shown` is the waterfall the planner typed
/// into. `None` if nothing editable was typed.
#[allow(clippy::too_many_arguments)]
pub fn waterfall_edit(
    c: &Cycle,
    which: PlanRef,
    baselines: &[Baseline],
    sel: &Selection,
    role: Role,
    shown: &Waterfall,
    edits: &[WaterfallCell],
) -> Option<Command> {
    let mut cmds = Vec::new();
    // Typed layer values: (row in LAYER_ROWS, layer, plan month index, value).
    let mut typed = Vec::new();
    for e in edits {
        match *e {
            WaterfallCell::Actual { month, units } => {
                if let Selection::Sku(sku) = sel {
                    cmds.push(Command::SetActual {
                        sku: sku.clone(),
                        month,
                        units,
                    });
                }
            }
            WaterfallCell::Layer { row, t, value } => {
                if let Some((_, Some(layer))) = LAYER_ROWS.get(row)
                    && t < shown.plan_months.len()
                {
                    typed.push((row, *layer, t, value));
                }
            }
        }
    }
    if !typed.is_empty() {
        let (inputs, levers) = match which {
            PlanRef::Base => (&c.inputs, Levers::default()),
            PlanRef::Scenario(id) => {
                let s = c.scenarios.iter().find(|s| s.id == id)?;
                (&s.inputs, s.levers.clone())
            }
        };
        let target = sel.target();
        // Layer by layer from the bottom: a value typed in an upper layer counts from the
        // lower layers as just edited (the plan of the edited inputs says what they are).
        typed.sort_by_key(|(k, ..)| *k);
        // A working copy only when a later cell must see an earlier one's edit.
        let many = typed.len() > 1;
        let mut next = std::borrow::Cow::Borrowed(inputs);
        let mut values = shown.layers.clone();
        let mut done_row = None;
        let mut adjustments = Vec::new();
        for (k, layer, t, v) in typed {
            if done_row.is_some_and(|d| d != k) {
                let p = plan::plan(c, &next, &levers, baselines);
                values = layer_sums(&p, &plan_rows(&p, sel));
            }
            done_row = Some(k);
            let m = shown.plan_months[t];
            let current = cell_adjustment(&next, layer, &target, m);
            let change = v - values[k][t];
            let delta = current + change;
            if let Some(e) = cell_edit(&next.adjustments, layer, role, &target, m, delta, "") {
                if many {
                    // The working copy's own edit cannot fail.
                    let _ = e.apply(&mut next.to_mut().adjustments);
                }
                adjustments.push(e);
            }
        }
        if !adjustments.is_empty() {
            cmds.push(Command::EditAdjustments {
                plan: which,
                edits: adjustments,
            });
        }
    }
    match cmds.len() {
        0 => None,
        1 => cmds.pop(),
        _ => Some(Command::Batch(cmds)),
    }
}

/// The cells the planner's `edits` of the waterfall `shown` change, with the value each
/// showed and the value typed (for their history: `engine::command::with_history`).
/// Layer cells belong to plan `which`; actuals to no plan (history is shared).
pub fn waterfall_changes(
    which: PlanRef,
    sel: &Selection,
    shown: &Waterfall,
    edits: &[WaterfallCell],
) -> Vec<CellChange> {
    let plan = which.scenario();
    let target = sel.target();
    edits
        .iter()
        .filter_map(|e| match *e {
            WaterfallCell::Actual { month, units } => {
                let i = shown.history_months.iter().position(|m| *m == month)?;
                matches!(sel, Selection::Sku(_)).then(|| CellChange {
                    cell: CellRef {
                        target: target.clone(),
                        row: CellRow::Actual,
                        month,
                    },
                    plan: None,
                    old: shown.actual.get(i).copied().unwrap_or(0.0),
                    new: units,
                })
            }
            WaterfallCell::Layer { row, t, value } => {
                let (_, layer) = LAYER_ROWS.get(row)?;
                Some(CellChange {
                    cell: CellRef {
                        target: target.clone(),
                        row: CellRow::of_layer((*layer)?),
                        month: *shown.plan_months.get(t)?,
                    },
                    plan,
                    old: *shown.layers.get(row)?.get(t)?,
                    new: value,
                })
            }
        })
        .collect()
}

/// Lifecycle notes a family lists before "and n more".
pub const FAMILY_NOTES: usize = 3;

/// What the demand review says of new and phasing-out products in `sel`
/// ([`crate::engine::launch::Lifecycle::describe`]): a SKU's note, or for a family each
/// of its SKUs that has one (`EB-X: New: like …`), the first [`FAMILY_NOTES`] and
/// "and n more"; `None` when none has one.
pub fn lifecycle_note(c: &Cycle, sel: &Selection) -> Option<String> {
    let notes: Vec<String> = c
        .master
        .products
        .iter()
        .filter(|p| match sel {
            Selection::Sku(s) => crate::engine::model::same_sku(&p.sku, s),
            Selection::Family(f) => p.family == *f,
        })
        .filter_map(|p| {
            let d = p.lifecycle.describe()?;
            Some(match sel {
                Selection::Sku(_) => d,
                Selection::Family(_) => format!("{}: {d}", p.sku),
            })
        })
        .collect();
    if notes.len() > FAMILY_NOTES {
        let more = notes.len() - FAMILY_NOTES;
        Some(format!(
            "{}; and {more} more",
            notes[..FAMILY_NOTES].join("; ")
        ))
    } else {
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}
