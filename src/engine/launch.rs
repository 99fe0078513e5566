//! A product's life in the plan: its launch (phase-in) and its end of life (phase-out),
//! kept on the product as [`Lifecycle`]. `engine::forecast::lifecycle` turns these into
//! the baselines the plan uses; `engine::plan::validate` checks them.

use super::month::Month;
use serde::{Deserialize, Serialize};

/// Largest like-item factor accepted (a new product selling 100× its like item).
pub const LIKE_FACTOR_LIMIT: f64 = 100.0;
/// Longest phase-out ramp accepted, in months.
pub const RAMP_LIMIT: u32 = 36;
/// A launch or end of life at most this many months from the cycle's first month.
pub const MONTHS_LIMIT: i32 = 120;
/// Months of its own sales after which a launched product is forecast from them (its
/// statistical baseline) instead of from its like item or family share.
pub const OWN_HISTORY_MONTHS: i32 = 12;

/// Phase-in and phase-out of a product. All optional; the default is a product with
/// neither (its statistical baseline as it is).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Lifecycle {
    /// First month of sales: the baseline is 0 before it. Without it a launched product
    /// starts at its first month with sales, else at the cycle's first month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<Month>,
    /// SKU whose sales curve the launch baseline copies, from the like item's first
    /// month with sales aligned to the launch month, times `like_factor`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub like_item: String,
    /// Scale of the like item's curve (`None`: 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_factor: Option<f64>,
    /// Launch baseline as a share (0.1 = 10 %) of the baseline of the family's other
    /// SKUs (those not launched by a share themselves), instead of a like item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_share: Option<f64>,
    /// First month of the phase-out: from it the demand moves to `successor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_life: Option<Month>,
    /// SKU that takes over the demand (none: the demand just ends).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub successor: String,
    /// Months over which the moved share rises linearly (0: all at once).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ramp_months: u32,
}

/// `x` to six decimals, without trailing zeros (0.8, 25).
fn short(x: f64) -> String {
    format!("{}", (x * 1e6).round() / 1e6)
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Lifecycle {
    /// Nothing set (the product is planned from its statistical baseline alone).
    pub fn is_none(&self) -> bool {
        *self == Lifecycle::default()
    }

    /// Whether the launch baseline is built from a like item or a family share.
    pub fn is_new(&self) -> bool {
        !self.like_item.is_empty() || self.family_share.is_some()
    }

    /// The like item's scale: `like_factor`, 1 when not given.
    pub fn factor(&self) -> f64 {
        self.like_factor.unwrap_or(1.0)
    }

    /// Share of the demand moved away in `month`: with end of life E and a ramp of N
    /// months, s(t) = 0 before E, min(1, (t − E + 1) / N) from E on (k/N in the k-th
    /// month of the ramp), 1 from E on without a ramp (N = 0 or 1).
    pub fn moved_share(&self, month: Month) -> f64 {
        let Some(eol) = self.end_of_life else {
            return 0.0;
        };
        let k = month.since(eol) + 1;
        if k <= 0 {
            0.0
        } else {
            (k as f64 / self.ramp_months.max(1) as f64).min(1.0)
        }
    }

    /// What the demand review says of it, e.g. "New: like EB-CITY-500 × 0.8 from
    /// 2027-03", "Phase-out 2027-06 over 3 months → EB-CITY-600"; `None` if neither.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.is_new() {
            let basis = if self.like_item.is_empty() {
                format!(
                    "{} % of its family",
                    short(self.family_share.unwrap_or(0.0) * 100.0)
                )
            } else {
                format!("like {} × {}", self.like_item, short(self.factor()))
            };
            let from = self
                .launch
                .map(|m| format!(" from {m}"))
                .unwrap_or_default();
            parts.push(format!("New: {basis}{from}"));
        } else if let Some(m) = self.launch {
            parts.push(format!("Launch {m}"));
        }
        if let Some(eol) = self.end_of_life {
            let ramp = match self.ramp_months {
                0 | 1 => String::new(),
                n => format!(" over {n} months"),
            };
            let to = if self.successor.is_empty() {
                " (demand ends)".to_string()
            } else {
                format!(" → {}", self.successor)
            };
            parts.push(format!("Phase-out {eol}{ramp}{to}"));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_share_ramps_linearly() {
        let e = Month::new(2027, 6);
        let l = Lifecycle {
            end_of_life: Some(e),
            ramp_months: 3,
            ..Lifecycle::default()
        };
        let s: Vec<f64> = (-1..4).map(|k| l.moved_share(e.plus(k))).collect();
        assert_eq!(s, [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0, 1.0]);
        let now = Lifecycle {
            ramp_months: 0,
            ..l.clone()
        };
        assert_eq!(now.moved_share(e.plus(-1)), 0.0);
        assert_eq!(now.moved_share(e), 1.0);
        assert_eq!(Lifecycle::default().moved_share(e), 0.0);
    }

    #[test]
    fn describes_launch_and_phase_out() {
        let l = Lifecycle {
            launch: Some(Month::new(2027, 3)),
            like_item: "EB-CITY-500".into(),
            like_factor: Some(0.8),
            end_of_life: Some(Month::new(2028, 6)),
            successor: "X".into(),
            ramp_months: 3,
            ..Lifecycle::default()
        };
        assert_eq!(
            l.describe().unwrap(),
            "New: like EB-CITY-500 × 0.8 from 2027-03 · Phase-out 2028-06 over 3 months → X"
        );
        let share = Lifecycle {
            family_share: Some(0.25),
            ..Lifecycle::default()
        };
        assert_eq!(share.describe().unwrap(), "New: 25 % of its family");
        assert_eq!(Lifecycle::default().describe(), None);
    }
}
