//! Checks of the history cleansing review's decisions (`engine::correction`).

use super::{Out, QTY_LIMIT};
use crate::engine::model::{CorrectionKind, Cycle, HistoryCorrection};
use std::collections::HashSet;

/// A value that is not a number (or a month's value below 0, or beyond the quantity
/// limit) and two decisions on one SKU, month and kind are errors; a decision on an
/// unknown SKU or on a month outside its history is kept without effect, with a warning.
pub(super) fn check(
    c: &Cycle,
    skus: &HashSet<&str>,
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
        let month_value = x.kind != CorrectionKind::LevelShift;
        if !x.value.is_finite() || x.value.abs() > QTY_LIMIT || (month_value && x.value < 0.0) {
            o.err(
                at("value"),
                format!(
                    "must be a number{} (in units), not {}",
                    if month_value { " ≥ 0" } else { "" },
                    x.value
                ),
            );
        }
        if !skus.contains(x.sku.as_str()) {
            o.warn(
                at("sku"),
                format!("unknown SKU '{}': the correction has no effect", x.sku),
            );
            continue;
        }
        let inside = c
            .history
            .iter()
            .find(|h| h.sku == x.sku)
            .is_some_and(|h| x.month >= h.start && x.month < h.end() && x.month < c.label);
        if !inside {
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
