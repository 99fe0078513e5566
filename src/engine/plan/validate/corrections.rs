//! Checks of the history cleansing review's decisions (`engine::correction`).

use super::{Out, QTY_LIMIT};
use crate::engine::model::{CorrectionKind, Cycle, HistoryCorrection};
use crate::engine::month::Month;
use rustc_hash::FxHashSet;
use std::collections::HashSet;

/// What is wrong with a decision's value, if anything: it must be a number within the
/// quantity limit, and ≥ 0 where it replaces a month's actual (all kinds but a level
/// shift, whose step may be negative). The importer and [`check`] both ask here.
pub fn value_problem(kind: CorrectionKind, value: f64) -> Option<String> {
    let month_value = kind != CorrectionKind::LevelShift;
    if !value.is_finite() || value.abs() > QTY_LIMIT || (month_value && value < 0.0) {
        return Some(format!(
            "must be a number{} (in units), not {value}",
            if month_value { " ≥ 0" } else { "" },
        ));
    }
    None
}

/// Whether `month` is a month of `sku`'s history in `c` before the cycle's label (where
/// a decision can take effect).
pub fn in_history(c: &Cycle, sku: &str, month: Month) -> bool {
    c.history
        .iter()
        .find(|h| h.sku == sku)
        .is_some_and(|h| month >= h.start && month < h.end() && month < c.label)
}

/// A value that is not a number (or a month's value below 0, or beyond the quantity
/// limit) and two decisions on one SKU, month and kind are errors; a decision on an
/// unknown SKU or on a month outside its history is kept without effect, with a warning.
pub(super) fn check(
    c: &Cycle,
    skus: &FxHashSet<&str>,
    list: &[HistoryCorrection],
    prefix: &str,
    o: &mut Out,
) {
    let mut seen = HashSet::new();
    for x in list {
        let at = |f: &str| {
            format!(
                "{prefix}.forecast.history_corrections[{} {}].{f}",
                x.sku, x.month
            )
        };
        if !seen.insert((x.sku.as_str(), x.month, x.kind)) {
            o.err(
                at("month"),
                "two decisions on the same month: keep one".to_string(),
            );
        }
        if let Some(problem) = value_problem(x.kind, x.value) {
            o.err(at("value"), problem);
        }
        if !skus.contains(x.sku.as_str()) {
            o.warn(
                at("sku"),
                format!("unknown SKU '{}': the correction has no effect", x.sku),
            );
            continue;
        }
        if !in_history(c, &x.sku, x.month) {
            o.warn(
                at("month"),
                format!(
                    "{} is not a month of the history of {} before the cycle: the correction has no effect",
                    x.month, x.sku
                ),
            );
        }
    }
}
