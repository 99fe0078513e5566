//! The optimizer's answer in words, as the supply review shows it: what the limits cost
//! (shadow prices, biggest first), how far the whole-unit plan is from the LP bound, and
//! what the saved scenario costs against the family optimum.
//!
//! Amounts read in the objective's unit: money for cost and profit, unit-months short
//! (backlog and lost sales) for service — never in the service objective's weights.

use crate::engine::format::{fixed, money, pct};
use crate::engine::model::Cycle;
use crate::engine::number::NumberFormat;
use crate::engine::optimize::Objective;
use crate::engine::optimize::outcome::Outcome;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use std::cmp::Ordering;

/// How an amount of the objective reads: whole money (`€ 1,234`), or unit-months of
/// shortage (backlog and lost sales) to two decimals (`0.50 unit-months of shortage`).
struct Worth<'a> {
    service: bool,
    currency: &'a str,
    nf: NumberFormat,
}

impl Worth<'_> {
    fn text(&self, x: Decimal) -> String {
        if self.service {
            let n = fixed(x.to_f64().unwrap_or(0.0), 2, false, self.nf);
            format!("{n} unit-months of shortage")
        } else {
            money(x, self.currency, self.nf)
        }
    }

    /// Whether `x` shows as something other than zero.
    fn shows(&self, x: Decimal) -> bool {
        !x.round_dp(if self.service { 2 } else { 0 }).is_zero()
    }
}

/// A resource's or family's name in `c` (its id when it has none).
fn name(c: &Cycle, id: &str, resource: bool) -> String {
    let found = if resource {
        c.master
            .resources
            .iter()
            .find(|r| r.id == id)
            .map(|r| &r.name)
    } else {
        c.master
            .families
            .iter()
            .find(|f| f.id == id)
            .map(|f| &f.name)
    };
    found
        .filter(|n| !n.is_empty())
        .cloned()
        .unwrap_or_else(|| id.to_string())
}

/// The shadow prices in words, those that show as non-zero, biggest first: "One more
/// hour on Assembly in Mar 27 is worth € 120." (service: "… saves 0.19 unit-months of
/// shortage."), "Each € 10,000 of extra minimum cash costs € 35.", "The safety-stock
/// floor of E-bikes costs € 2,400 (€ 12 per unit)."
pub fn shadow_sentences(o: &Outcome, c: &Cycle, currency: &str, nf: NumberFormat) -> Vec<String> {
    let w = Worth {
        service: o.objective == Objective::Service,
        currency,
        nf,
    };
    let verb = if w.service { "saves" } else { "is worth" };
    let mut out: Vec<(Decimal, String)> = Vec::new();
    for h in &o.shadow.hours {
        let text = format!(
            "One more hour on {} in {} {verb} {}.",
            name(c, &h.resource, true),
            h.month.short_label(),
            w.text(h.per_hour)
        );
        out.push((h.per_hour, text));
    }
    if let Some(per_euro) = o.shadow.min_cash_per_euro {
        let per = Decimal::from_f64(per_euro * 10_000.0)
            .unwrap_or_default()
            .round_dp(2);
        let text = format!(
            "Each {} of extra minimum cash costs {}.",
            money(Decimal::from(10_000), currency, nf),
            w.text(per)
        );
        out.push((per, text));
    }
    for f in &o.shadow.safety_stock {
        let text = format!(
            "The safety-stock floor of {} costs {} ({} per unit).",
            name(c, &f.family, false),
            w.text(f.total),
            w.text(f.per_unit)
        );
        out.push((f.total, text));
    }
    out.retain(|(v, _)| w.shows(*v));
    out.sort_by_key(|b| std::cmp::Reverse(b.0.abs()));
    out.into_iter().map(|(_, s)| s).collect()
}

/// The integer gap and the model's size: "Whole units and whole FTE: integer gap 0.1 %
/// to the LP bound (€ 385 above it); 1,234 variables (96 integer), 987 constraints."
pub fn gap_sentence(o: &Outcome, currency: &str, nf: NumberFormat) -> String {
    let w = Worth {
        service: o.objective == Objective::Service,
        currency,
        nf,
    };
    let above = (o.objective_value - o.lp_bound) / o.scale;
    let above = Decimal::from_f64(above).unwrap_or_default().round_dp(2);
    format!(
        "Whole units and whole FTE: integer gap {} to the LP bound ({} above it); {} variables ({} integer), {} constraints.",
        pct(o.integer_gap, nf),
        w.text(above),
        o.size.variables,
        o.size.integers,
        o.size.constraints
    )
}

/// What the saved scenario costs once split to SKUs in whole lots, against the family
/// optimum (and the plan it was optimized from, when that cost more).
pub fn saved_sentence(o: &Outcome, currency: &str, nf: NumberFormat) -> String {
    // An amount never breaks between its currency and its digits.
    let m = |x: Decimal| money(x, currency, nf).replace(' ', "\u{a0}");
    let Some(saved) = &o.saved else {
        return "Split to SKUs in whole lots, the saved scenario breaks a hard limit of the model (capacity, workforce or ending): check its supply review.".into();
    };
    let extra = saved.total - o.costs.total;
    let versus = match extra.cmp(&Decimal::ZERO) {
        Ordering::Equal => "exactly the family optimum".to_string(),
        Ordering::Greater => format!("{} more than the family optimum above", m(extra)),
        Ordering::Less => format!("{} less than the family optimum above", m(-extra)),
    };
    let now = o
        .current
        .as_ref()
        .filter(|c| c.total >= saved.total)
        .map(|c| {
            format!(
                "; {} less than the plan it was optimized from",
                m(c.total - saved.total)
            )
        })
        .unwrap_or_default();
    format!(
        "As saved — each SKU in whole lots of its lot multiple — the scenario costs {}: {versus}{now}.",
        m(saved.total)
    )
}
