//! Checks of the products' launch and end of life ([`Lifecycle`]).

use super::Out;
use crate::engine::launch::{LIKE_FACTOR_LIMIT, Lifecycle, MONTHS_LIMIT, RAMP_LIMIT};
use crate::engine::model::Cycle;
use std::collections::HashMap;

/// Like items and successors known and not the product itself, successors without a
/// cycle, a like item or a family share (not both), factor 0–[`LIKE_FACTOR_LIMIT`],
/// share above 0 and at most 100 %, months within [`MONTHS_LIMIT`] of the cycle's first
/// month and the end of life after the launch, ramp at most [`RAMP_LIMIT`] months.
pub(super) fn check(o: &mut Out, c: &Cycle) {
    let products: HashMap<&str, &Lifecycle> = c
        .master
        .products
        .iter()
        .map(|p| (p.sku.as_str(), &p.lifecycle))
        .collect();
    for p in &c.master.products {
        let l = &p.lifecycle;
        if l.is_none() {
            continue;
        }
        let at = |f: &str| format!("master.products[{}].{f}", p.sku);
        if !l.like_item.is_empty() {
            if l.like_item == p.sku {
                o.err(at("like_item"), "a product cannot be its own like item");
            } else if !products.contains_key(l.like_item.as_str()) {
                o.err(
                    at("like_item"),
                    format!("unknown like item '{}'", l.like_item),
                );
            } else if !has_sales(c, &l.like_item) {
                o.warn(
                    at("like_item"),
                    format!(
                        "like item '{}' has no sales before {}: the launch baseline is 0",
                        l.like_item, c.label
                    ),
                );
            }
            if l.family_share.is_some() {
                o.err(
                    at("family_share"),
                    "give a like item or a family share, not both",
                );
            }
        }
        if let Some(f) = l.like_factor {
            if !f.is_finite() || !(0.0..=LIKE_FACTOR_LIMIT).contains(&f) {
                o.err(
                    at("like_factor"),
                    format!("must be 0–{LIKE_FACTOR_LIMIT}, got {f}"),
                );
            } else if l.like_item.is_empty() {
                o.warn(at("like_factor"), "is not used without a like item");
            }
        }
        if let Some(s) = l.family_share
            && (!s.is_finite() || s <= 0.0 || s > 1.0)
        {
            o.err(
                at("family_share"),
                format!("must be above 0 % and at most 100 %, got {} %", s * 100.0),
            );
        }
        for (name, m) in [("launch", l.launch), ("end_of_life", l.end_of_life)] {
            if let Some(m) = m
                && m.since(c.label).abs() > MONTHS_LIMIT
            {
                o.err(
                    at(name),
                    format!(
                        "{m} is more than {} years from the cycle's first month {}",
                        MONTHS_LIMIT / 12,
                        c.label
                    ),
                );
            }
        }
        if let (Some(start), Some(end)) = (l.launch, l.end_of_life)
            && end < start
        {
            o.err(
                at("end_of_life"),
                format!("{end} is before the launch {start}"),
            );
        }
        if l.ramp_months > RAMP_LIMIT {
            o.err(
                at("ramp_months"),
                format!(
                    "{} months is too long (at most {RAMP_LIMIT})",
                    l.ramp_months
                ),
            );
        }
        if l.end_of_life.is_none() && (!l.successor.is_empty() || l.ramp_months > 0) {
            o.warn(
                at("end_of_life"),
                "is not set: the successor and ramp take effect from an end-of-life month",
            );
        }
        if l.successor.is_empty() {
            continue;
        }
        if l.successor == p.sku {
            o.err(at("successor"), "a product cannot be its own successor");
        } else if !products.contains_key(l.successor.as_str()) {
            o.err(
                at("successor"),
                format!("unknown successor '{}'", l.successor),
            );
        } else if let Some(chain) = successor_cycle(&products, &p.sku) {
            o.err(
                at("successor"),
                format!("successors go round in a cycle: {}", chain.join(" → ")),
            );
        }
    }
}

/// The chain `sku → … → sku` if following successors from `sku` comes back to it.
fn successor_cycle<'a>(
    products: &HashMap<&'a str, &'a Lifecycle>,
    sku: &'a str,
) -> Option<Vec<&'a str>> {
    let mut chain = vec![sku];
    let mut cur = sku;
    while let Some(l) = products.get(cur) {
        let next = l.successor.as_str();
        if next.is_empty() || chain.len() > products.len() {
            return None;
        }
        chain.push(next);
        if next == sku {
            return Some(chain);
        }
        if chain[..chain.len() - 1].contains(&next) {
            return None; // a cycle further on, reported at its own products
        }
        cur = next;
    }
    None
}

/// Whether `sku` sold anything before the cycle's first month.
fn has_sales(c: &Cycle, sku: &str) -> bool {
    c.history.iter().any(|h| {
        h.sku == sku
            && h.units
                .iter()
                .take(c.label.since(h.start).max(0) as usize)
                .any(|u| *u > 0.0)
    })
}
