//! What the demand review says of a family's reconciled baseline: which level it leans
//! on (the weight w_F of the family's own forecast against the sum of its SKUs', see
//! `engine::forecast::reconcile`), or why it stayed bottom-up.

use super::Selection;
use crate::engine::forecast::reconcile::{Choice, Lean};

/// The line shown for `sel` (a family reconciled or kept bottom-up); `None` for a SKU,
/// a family of one SKU, or with reconciliation off. The two percents are whole and add
/// up to 100: round(100 w_F) on the family, the rest on its SKUs.
pub fn lean_line(leans: &[Lean], sel: &Selection) -> Option<String> {
    let Selection::Family(f) = sel else {
        return None;
    };
    let lean = leans.iter().find(|l| &l.family == f)?;
    Some(match lean.choice {
        Choice::Reconciled => {
            let on_family = (100.0 * lean.family_weight).round().clamp(0.0, 100.0) as u32;
            format!(
                "Reconciled: leans {on_family} % on the family forecast, {} % on its SKUs",
                100 - on_family
            )
        }
        Choice::WorseInBacktest => {
            "Bottom-up: reconciling with the family forecast did worse in backtest".to_string()
        }
        Choice::NoBacktest => {
            "Bottom-up: too little common history to check reconciling in backtest".to_string()
        }
        Choice::OneSku => return None,
    })
}
