//! Checks of a cycle's master data and history.

use super::{Issue, Out, dupes};
use crate::engine::model::*;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// Master data: ids unique, references known, numbers in range.
pub fn validate_master(c: &Cycle) -> Vec<Issue> {
    let mut o = Out(Vec::new());
    let m = &c.master;
    if c.horizon == 0 || c.horizon > 120 {
        o.err(
            "horizon".into(),
            format!("must be 1–120 months, got {}", c.horizon),
        );
    } else if !(Cycle::MIN_HORIZON..=Cycle::MAX_HORIZON).contains(&c.horizon) {
        o.warn(
            "horizon".into(),
            format!("{} months is outside the usual 12–36", c.horizon),
        );
    }
    dupes(
        &mut o,
        "master.families",
        m.families.iter().map(|f| f.id.as_str()),
    );
    dupes(
        &mut o,
        "master.products",
        m.products.iter().map(|p| p.sku.as_str()),
    );
    dupes(
        &mut o,
        "master.resources",
        m.resources.iter().map(|r| r.id.as_str()),
    );
    dupes(
        &mut o,
        "master.components",
        m.components.iter().map(|x| x.id.as_str()),
    );
    let fams: HashSet<&str> = m.families.iter().map(|f| f.id.as_str()).collect();
    let res: HashSet<&str> = m.resources.iter().map(|r| r.id.as_str()).collect();
    let comps: HashMap<&str, &Component> =
        m.components.iter().map(|x| (x.id.as_str(), x)).collect();
    let skus: HashSet<&str> = m.products.iter().map(|p| p.sku.as_str()).collect();
    for f in &m.families {
        strategy(
            &mut o,
            format!("master.families[{}].strategy", f.id),
            f.strategy,
        );
    }
    for p in &m.products {
        let at = |f: &str| format!("master.products[{}].{f}", p.sku);
        if !fams.contains(p.family.as_str()) {
            o.err(at("family"), format!("unknown family '{}'", p.family));
        }
        o.rate(at("price"), p.price);
        o.rate(at("unit_cost"), p.unit_cost);
        o.lead_time(at("lead_time"), p.lead_time);
        o.nonneg(at("on_hand"), p.on_hand);
        o.nonneg(at("lot_min"), p.lot_min);
        o.nonneg(at("lot_multiple"), p.lot_multiple);
        let sl = p.service_level;
        if !sl.is_finite() || sl <= 0.0 || sl >= 1.0 {
            o.err(
                at("service_level"),
                format!("must be above 0 and below 1 (e.g. 0.95), got {sl}"),
            );
        } else if sl < 0.5 {
            o.warn(
                at("service_level"),
                format!("{sl} is below 0.5: no safety stock is planned"),
            );
        }
        if let Some(s) = p.strategy {
            strategy(&mut o, at("strategy"), s);
        }
        for r in &p.routing {
            let f = at(&format!("routing[{}]", r.resource));
            if !res.contains(r.resource.as_str()) {
                o.err(f.clone(), format!("unknown resource '{}'", r.resource));
            }
            o.nonneg(format!("{f}.hours_per_unit"), r.hours_per_unit);
        }
        let mut material = Decimal::ZERO;
        for b in &p.bom {
            let f = at(&format!("bom[{}]", b.component));
            match comps.get(b.component.as_str()) {
                None => o.err(f.clone(), format!("unknown component '{}'", b.component)),
                Some(x) => {
                    material += x.unit_cost
                        * rust_decimal::Decimal::from_f64_retain(b.qty_per_unit)
                            .unwrap_or_default();
                }
            }
            o.nonneg(format!("{f}.qty_per_unit"), b.qty_per_unit);
        }
        if material > p.unit_cost {
            o.warn(
                at("unit_cost"),
                format!(
                    "{} is below its BOM material cost {}: conversion cost is negative",
                    p.unit_cost,
                    material.round_dp(2)
                ),
            );
        }
    }
    for r in &m.resources {
        let at = |f: &str| format!("master.resources[{}].{f}", r.id);
        o.nonneg(at("regular_hours"), r.regular_hours);
        o.nonneg(at("overtime_hours"), r.overtime_hours);
        o.nonneg(at("crew"), r.crew);
        o.rate(at("cost_per_hour"), r.cost_per_hour);
        o.rate(at("overtime_premium"), r.overtime_premium);
        for mh in &r.calendar {
            o.nonneg(at(&format!("calendar[{}].hours", mh.month)), mh.hours);
        }
    }
    for x in &m.components {
        let at = |f: &str| format!("master.components[{}].{f}", x.id);
        o.rate(at("unit_cost"), x.unit_cost);
        o.lead_time(at("lead_time"), x.lead_time);
        o.nonneg(at("on_hand"), x.on_hand);
        o.nonneg(at("lot_min"), x.lot_min);
        o.nonneg(at("lot_multiple"), x.lot_multiple);
    }
    o.nonneg(
        "master.workforce.hours_per_fte".into(),
        m.workforce.hours_per_fte,
    );
    o.nonneg(
        "master.workforce.current_fte".into(),
        m.workforce.current_fte,
    );
    if m.workforce.hours_per_fte == 0.0 && m.resources.iter().any(|r| r.crew > 0.0) {
        o.warn(
            "master.workforce.hours_per_fte".into(),
            "is 0: FTE needed cannot be computed and shows as 0",
        );
    }
    super::lifecycle::check(&mut o, c);
    dupes(&mut o, "history", c.history.iter().map(|h| h.sku.as_str()));
    for h in &c.history {
        if !skus.contains(h.sku.as_str()) {
            o.warn(
                format!("history[{}]", h.sku),
                format!("history of unknown SKU '{}'", h.sku),
            );
        }
        if h.units.iter().any(|u| !u.is_finite() || *u < 0.0) {
            o.err(
                format!("history[{}].units", h.sku),
                "units must be numbers ≥ 0",
            );
        }
    }
    o.0
}

pub(super) fn strategy(o: &mut Out, field: String, s: Strategy) {
    if let Strategy::TargetCover { months } = s
        && let Err(e) = crate::engine::plan::supply::check_cover_months(months)
    {
        o.err(field, format!("target cover: {e}"));
    }
}
