//! Finance terms typed as text in the financial review.

use super::super::model::{FinanceParams, PlanInputs};
use crate::engine::number::{NumberFormat, parse_decimal};
use rust_decimal::Decimal;

/// Longest payment term accepted for DSO and DPO, in days.
pub const MAX_TERM_DAYS: u32 = 365;

/// A finance term edited in the financial review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FinanceTerm {
    OpeningCash,
    DsoDays,
    DpoDays,
    FixedCost,
    MinCash,
}

impl FinanceTerm {
    pub const ALL: [FinanceTerm; 5] = [
        FinanceTerm::OpeningCash,
        FinanceTerm::DsoDays,
        FinanceTerm::DpoDays,
        FinanceTerm::FixedCost,
        FinanceTerm::MinCash,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FinanceTerm::OpeningCash => "Opening cash",
            FinanceTerm::DsoDays => "DSO (days customers take to pay)",
            FinanceTerm::DpoDays => "DPO (days we take to pay suppliers)",
            FinanceTerm::FixedCost => "Fixed cost per month",
            FinanceTerm::MinCash => "Minimum cash",
        }
    }

    /// Money (currency, cents) or days.
    pub fn is_money(self) -> bool {
        !matches!(self, FinanceTerm::DsoDays | FinanceTerm::DpoDays)
    }

    /// The term's current value in `f`.
    pub fn get(self, f: &FinanceParams) -> Decimal {
        match self {
            FinanceTerm::OpeningCash => f.opening_cash,
            FinanceTerm::DsoDays => f.dso_days,
            FinanceTerm::DpoDays => f.dpo_days,
            FinanceTerm::FixedCost => f.fixed_cost,
            FinanceTerm::MinCash => f.min_cash,
        }
    }

    fn slot(self, f: &mut FinanceParams) -> &mut Decimal {
        match self {
            FinanceTerm::OpeningCash => &mut f.opening_cash,
            FinanceTerm::DsoDays => &mut f.dso_days,
            FinanceTerm::DpoDays => &mut f.dpo_days,
            FinanceTerm::FixedCost => &mut f.fixed_cost,
            FinanceTerm::MinCash => &mut f.min_cash,
        }
    }
}

/// The inputs with one finance term set from the planner's text, or why it is refused
/// (a sentence naming the term). Money must be ≥ 0 with at most cents; days 0–365 with
/// at most two decimals.
pub fn set_finance_term(
    inputs: &PlanInputs,
    term: FinanceTerm,
    text: &str,
    format: NumberFormat,
) -> Result<PlanInputs, String> {
    let name = term.label();
    let v = parse_decimal(text, format).map_err(|e| format!("{name}: {e}"))?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(format!(
            "{name}: {} is negative; enter 0 or more",
            text.trim()
        ));
    }
    if term.is_money() && v.normalize().scale() > 2 {
        return Err(format!("{name}: use at most two decimals (cents)"));
    }
    if !term.is_money() {
        if v > Decimal::from(MAX_TERM_DAYS) {
            return Err(format!(
                "{name}: {} days is more than a year; enter 0 to {MAX_TERM_DAYS}",
                v.normalize()
            ));
        }
        if v.normalize().scale() > 2 {
            return Err(format!("{name}: use at most two decimals"));
        }
    }
    let mut out = inputs.clone();
    *term.slot(&mut out.finance) = v.normalize();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use std::str::FromStr;

    const F: NumberFormat = NumberFormat::POINT;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn finance_terms_are_set_exactly_and_bad_ones_explained() {
        let c = demo_workspace().cycles.remove(0);
        let i = set_finance_term(&c.inputs, FinanceTerm::OpeningCash, "€ 1,234,567.89", F).unwrap();
        assert_eq!(i.finance.opening_cash, dec("1234567.89"));
        assert_eq!(FinanceTerm::OpeningCash.get(&i.finance), dec("1234567.89"));
        let i = set_finance_term(&c.inputs, FinanceTerm::DsoDays, "60", F).unwrap();
        assert_eq!(i.finance.dso_days, dec("60"));
        assert_eq!(i.finance.dpo_days, c.inputs.finance.dpo_days);
        let e = set_finance_term(&c.inputs, FinanceTerm::MinCash, "-5,000", F).unwrap_err();
        assert!(e.contains("Minimum cash") && e.contains("negative"), "{e}");
        let e = set_finance_term(&c.inputs, FinanceTerm::DpoDays, "400", F).unwrap_err();
        assert!(e.contains("DPO") && e.contains("365"), "{e}");
        let e = set_finance_term(&c.inputs, FinanceTerm::FixedCost, "10.005", F).unwrap_err();
        assert!(e.contains("cents"), "{e}");
        let e = set_finance_term(&c.inputs, FinanceTerm::FixedCost, "lots", F).unwrap_err();
        assert!(e.contains("Fixed cost") && e.contains("lots"), "{e}");
        assert!(set_finance_term(&c.inputs, FinanceTerm::FixedCost, "0", F).is_ok());
    }
}
