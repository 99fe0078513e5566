//! The history cleansing review's edits: a flagged month accepted, edited or rejected,
//! a decision cleared, a known event marked on history, and a promotion re-applied to a
//! future month. Each is one [`Command::SetInputs`] of the base plan (the corrections
//! live in its forecast settings), so it reports its change set and undoes exactly.

use super::{Command, CommandError, next_id, set_base};
use crate::engine::forecast::detect::expected;
use crate::engine::model::{
    Adjustment, Change, CorrectionKind, CorrectionStatus, Cycle, EventKind, HistoryCorrection,
    Layer, Role, Target,
};
use crate::engine::month::Month;

/// The index of `month` in the history of `sku` before the cycle's first month, with a
/// message naming what is wrong.
fn history_index(c: &Cycle, sku: &str, month: Month) -> Result<usize, CommandError> {
    let h = c
        .history
        .iter()
        .find(|h| h.sku == sku)
        .ok_or_else(|| CommandError(format!("{sku} has no history to correct")))?;
    let i = usize::try_from(month.since(h.start))
        .ok()
        .filter(|i| *i < h.units.len() && month < c.label)
        .ok_or_else(|| {
            CommandError(format!(
                "{month} is not a month of the history of {sku} ({} to {})",
                h.start,
                h.end().plus(-1)
            ))
        })?;
    Ok(i)
}

/// The command that sets the decision on (`sku`, `month`, `kind`) to `status` with
/// `value` (replacing any earlier one). `value` must be a number (≥ 0 for a month's
/// value); rejected keeps the actual, whatever `value`.
pub fn correct_history(
    c: &Cycle,
    sku: &str,
    month: Month,
    kind: CorrectionKind,
    status: CorrectionStatus,
    value: f64,
    note: &str,
) -> Result<Command, CommandError> {
    history_index(c, sku, month)?;
    let value = if status == CorrectionStatus::Rejected {
        0.0
    } else {
        value
    };
    if !value.is_finite() || (kind != CorrectionKind::LevelShift && value < 0.0) {
        return Err(CommandError(format!(
            "{sku} {month}: the corrected value must be a number ≥ 0, not {value}"
        )));
    }
    let event = c
        .inputs
        .forecast
        .history_corrections
        .iter()
        .find(|x| x.sku == sku && x.month == month && x.kind == kind)
        .and_then(|x| x.event);
    put(
        c,
        HistoryCorrection {
            sku: sku.to_string(),
            month,
            kind,
            status,
            value,
            event,
            note: note.to_string(),
        },
    )
}

/// The command that removes the decision on (`sku`, `month`, `kind`): the month is
/// flagged (or plain history) again.
pub fn clear_history_correction(
    c: &Cycle,
    sku: &str,
    month: Month,
    kind: CorrectionKind,
) -> Command {
    let mut inputs = c.inputs.clone();
    inputs
        .forecast
        .history_corrections
        .retain(|x| !(x.sku == sku && x.month == month && x.kind == kind));
    set_base(inputs)
}

/// The command that marks `month` of `sku`'s history as a known `event`: the month is
/// excluded from the baseline, replaced by the robust decomposition's expected value
/// T_t + S_t (what an accepted outlier gets).
pub fn mark_history_event(
    c: &Cycle,
    sku: &str,
    month: Month,
    event: EventKind,
    note: &str,
) -> Result<Command, CommandError> {
    let i = history_index(c, sku, month)?;
    let h = c.history.iter().find(|h| h.sku == sku);
    let used = h.map_or(0, |h| {
        usize::try_from(c.label.since(h.start))
            .unwrap_or(0)
            .min(h.units.len())
    });
    let value = h
        .and_then(|h| expected(&h.units[..used], c.inputs.forecast.season_length as usize))
        .and_then(|e| e.get(i).copied())
        .ok_or_else(|| {
            CommandError(format!(
                "{sku}: too little history to tell the expected value of {month} (5 months of sales at least)"
            ))
        })?;
    put(
        c,
        HistoryCorrection {
            sku: sku.to_string(),
            month,
            kind: CorrectionKind::Event,
            status: CorrectionStatus::Accepted,
            value,
            event: Some(event),
            note: note.to_string(),
        },
    )
}

/// The uplift a promotion marked on `month` of `sku` had: actual − expected value.
pub fn promotion_uplift(c: &Cycle, sku: &str, month: Month) -> Option<f64> {
    let x = c.inputs.forecast.history_corrections.iter().find(|x| {
        x.sku == sku
            && x.month == month
            && x.kind == CorrectionKind::Event
            && x.event == Some(EventKind::Promotion)
    })?;
    let i = history_index(c, sku, month).ok()?;
    let raw = c.history.iter().find(|h| h.sku == sku)?.units[i];
    Some(raw - x.value)
}

/// The plan month the review re-applies a promotion in by default: the third (outside
/// the first two, which production can rarely still change), or the last of a shorter
/// plan.
pub fn reapply_month(c: &Cycle) -> Month {
    c.label.plus(2.min(c.horizon.max(1) as i32 - 1))
}

/// The command that re-applies the promotion marked on `month` of `sku` in the plan
/// month `to`: a Marketing-layer adjustment of the uplift it had (actual − expected),
/// in units, on the SKU, for that month.
pub fn reapply_promotion(
    c: &Cycle,
    sku: &str,
    month: Month,
    to: Month,
) -> Result<Command, CommandError> {
    let uplift = promotion_uplift(c, sku, month)
        .ok_or_else(|| CommandError(format!("{sku} {month} is not marked as a promotion")))?;
    let last = c.label.plus(c.horizon as i32 - 1);
    if to < c.label || to > last {
        return Err(CommandError(format!(
            "{to} is not a month of the plan ({} to {last})",
            c.label
        )));
    }
    let mut inputs = c.inputs.clone();
    let id = next_id(inputs.adjustments.iter().map(|a| a.id));
    inputs.adjustments.push(Adjustment {
        id,
        layer: Layer::Marketing,
        role: Role::Marketing,
        target: Target::Sku(sku.to_string()),
        from: to,
        to,
        change: Change::Units(uplift),
        reason: format!("Promotion of {month} re-applied (uplift actual − expected)"),
    });
    Ok(set_base(inputs))
}

fn put(c: &Cycle, x: HistoryCorrection) -> Result<Command, CommandError> {
    let mut inputs = c.inputs.clone();
    let list = &mut inputs.forecast.history_corrections;
    match list
        .iter_mut()
        .find(|y| y.sku == x.sku && y.month == x.month && y.kind == x.kind)
    {
        Some(y) => *y = x,
        None => list.push(x),
    }
    Ok(set_base(inputs))
}
