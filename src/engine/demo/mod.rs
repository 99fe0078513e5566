//! The built-in demo company, generated deterministically (fixed seed), and synthetic
//! cycles of any size for benchmarks.
//!
//! *Northwind Cycles* makes bicycles: four families (E-bikes, City bikes, Kids bikes,
//! Spare parts), 30 SKUs whose histories are smooth, seasonal, trending, intermittent,
//! declining or new; four resources with routings; six components with BOMs; 36 months
//! of history; an open pipeline; a budget; finance terms. Capacity is sized so that the
//! base plan runs hot in the spring peak: a +20 % demand change in a bike family
//! overloads assembly, which is the story a workshop starts from.
//!
//! The demo is a seasonal business with a cash squeeze (see `story::SEASON`): e-bikes
//! are built ahead of the spring (1.5 months of forward demand in stock), dealers pay in
//! 60 days and suppliers are paid in 30, on a thin margin. Its base plan's cash dips
//! before the season but stays above the minimum; with +20 % demand in every family
//! the pre-season stock build and receivables take it below the minimum.

mod catalogue;
mod story;

use super::model::*;
use super::month::Month;
use catalogue::{COMPONENTS, FAMILIES, FamilySpec, RESOURCES, SkuSpec};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use story::{SAMPLE_TERMS, SEASON, Terms, story};

/// First planned month of the demo cycle.
pub const DEMO_LABEL: Month = Month(2026 * 12 + 10); // 2026-11
/// Months of history in the demo and synthetic cycles.
pub const HISTORY_MONTHS: usize = 36;
const SEED: u64 = 0x0005_eed0_f50b;

/// SplitMix64: a small, fast, deterministic generator (same numbers on every platform).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform().max(1e-300);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// The demand pattern of a generated SKU.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pattern {
    /// Level with noise.
    Smooth,
    /// Yearly season peaking in `peak` (1–12) with relative amplitude `amp`.
    Seasonal { peak: u32, amp: f64 },
    /// Growth of `pct` % a month, with a spring season.
    Trending { pct: f64 },
    /// Sporadic demand: a sale in a month with probability `p`.
    Intermittent { p: f64 },
    /// Launched `age` months before the cycle (shorter history, ramping up).
    New { age: usize },
    /// Declining `pct` % a month (end of life).
    Declining { pct: f64 },
}

/// Monthly history of `months` values ending the month before `label`, mean level
/// `level`. Values are whole units ≥ 0.
fn history(rng: &mut Rng, pattern: Pattern, level: f64, label: Month, months: usize) -> SkuHistory {
    let start = label.plus(-(months as i32));
    let noise = match pattern {
        Pattern::Smooth => 0.08,
        Pattern::Intermittent { .. } => 0.5,
        _ => 0.12,
    };
    let mut units = Vec::with_capacity(months);
    for i in 0..months {
        let m = start.plus(i as i32);
        let t = i as f64 - (months as f64 - 1.0); // 0 at the last month, negative before
        let mut x = match pattern {
            Pattern::Smooth => level,
            Pattern::Seasonal { peak, amp } => level * season(m.month(), peak, amp),
            Pattern::Trending { pct } => {
                level * (1.0 + pct / 100.0).powf(t) * season(m.month(), 5, 0.25)
            }
            Pattern::Intermittent { p } => {
                if rng.uniform() < p {
                    level / p
                } else {
                    0.0
                }
            }
            Pattern::New { age } => {
                let since = i as i64 - (months as i64 - age as i64);
                if since < 0 {
                    0.0
                } else {
                    level * (1.0 - (-(since as f64 + 1.0) / 3.0).exp())
                }
            }
            Pattern::Declining { pct } => level * (1.0 - pct / 100.0).powf(t),
        };
        if x > 0.0 {
            x *= (1.0 + noise * rng.normal()).max(0.05);
        }
        units.push(x.round().max(0.0));
    }
    // A new SKU's history starts at launch: no zeros before it existed.
    if let Pattern::New { age } = pattern {
        let age = age.min(months);
        return SkuHistory {
            sku: String::new(),
            start: label.plus(-(age as i32)),
            units: units.split_off(months - age),
        };
    }
    SkuHistory {
        sku: String::new(),
        start,
        units,
    }
}

/// Multiplicative season factor of calendar month `m` with its peak in `peak`.
fn season(m: u32, peak: u32, amp: f64) -> f64 {
    let phase = (m as f64 - peak as f64) / 12.0 * 2.0 * std::f64::consts::PI;
    1.0 + amp * phase.cos()
}

fn money(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or_default().round_dp(2)
}

/// One SKU to build: everything `build_cycle` needs beyond the family.
struct Sku<'a> {
    sku: String,
    name: String,
    pattern: Pattern,
    level: f64,
    price: f64,
    family: &'a FamilySpec,
}

/// Builds a complete cycle from SKU templates. Capacity, workforce, finance and budget
/// are derived from the generated history so that any size of company is coherent.
fn build_cycle(id: &str, label: Month, skus: &[Sku<'_>], rng: &mut Rng, with_story: bool) -> Cycle {
    let resources_cost: Vec<f64> = RESOURCES.iter().map(|r| r.2).collect();
    let mut products = Vec::with_capacity(skus.len());
    let mut hist = Vec::with_capacity(skus.len());
    for s in skus {
        let f = s.family;
        let mut h = history(rng, s.pattern, s.level, label, HISTORY_MONTHS);
        h.sku = s.sku.clone();
        let material: f64 = f.bom.iter().map(|&(c, q)| COMPONENTS[c].2 * q).sum();
        let conversion: f64 = f
            .hours
            .iter()
            .zip(&resources_cost)
            .map(|(h, c)| h * c)
            .sum();
        // Standard cost: at least materials + labour with overhead, else the family's
        // typical gross margin with some spread between SKUs.
        let gm = f.gross_margin + rng.range(-0.05, 0.05);
        let unit_cost = (s.price * (1.0 - gm)).max(material + conversion * 1.15);
        let recent: f64 = h.units.iter().rev().take(3).sum::<f64>() / 3.0;
        products.push(Product {
            sku: s.sku.clone(),
            name: s.name.clone(),
            family: f.id.to_string(),
            price: money(s.price),
            unit_cost: money(unit_cost),
            on_hand: (recent * rng.range(0.6, 1.4)).round(),
            lead_time: f.lead_time,
            service_level: f.service_level,
            lot_min: if f.lot_multiple > 1.0 {
                f.lot_multiple * 2.0
            } else {
                0.0
            },
            lot_multiple: f.lot_multiple,
            routing: RESOURCES
                .iter()
                .zip(f.hours)
                .filter(|(_, h)| *h > 0.0)
                .map(|(r, h)| RoutingStep {
                    resource: r.0.to_string(),
                    hours_per_unit: h,
                })
                .collect(),
            bom: f
                .bom
                .iter()
                .map(|&(c, q)| BomLine {
                    component: COMPONENTS[c].0.to_string(),
                    qty_per_unit: q,
                })
                .collect(),
            strategy: None,
            lifecycle: Default::default(),
        });
        hist.push(h);
    }

    // Last 12 months of actuals drive capacity, finance and budget.
    // k = 0 is the month a year before the label, k = 11 the month before it.
    let last12 = |h: &SkuHistory, k: usize| -> f64 {
        (h.units.len() + k)
            .checked_sub(12)
            .and_then(|i| h.units.get(i).copied())
            .unwrap_or(0.0)
    };
    let mut load = [[0.0f64; 12]; 4];
    let mut revenue = [0.0f64; 12];
    let mut cogs = [0.0f64; 12];
    for ((s, p), h) in skus.iter().zip(&products).zip(&hist) {
        let price: f64 = s.price;
        let cost: f64 = p.unit_cost.try_into().unwrap_or(0.0);
        for k in 0..12 {
            let u = last12(h, k);
            for (r, hours) in s.family.hours.iter().enumerate() {
                load[r][k] += u * hours;
            }
            revenue[k] += u * price;
            cogs[k] += u * cost;
        }
    }
    let resources: Vec<Resource> = RESOURCES
        .iter()
        .enumerate()
        .map(|(r, &(rid, name, cost, crew))| {
            let mean = load[r].iter().sum::<f64>() / 12.0;
            let peak = load[r].iter().cloned().fold(0.0, f64::max);
            // Regular capacity covers the average with some slack; overtime most peaks.
            let regular = ((mean * 1.12).max(peak * 0.85) / 10.0).ceil() * 10.0;
            let calendar = if with_story {
                // August holiday shutdown: one week less.
                let mut aug = label;
                while aug.month() != 8 {
                    aug = aug.plus(1);
                }
                vec![MonthHours {
                    month: aug,
                    hours: (regular * 0.75).round(),
                }]
            } else {
                Vec::new()
            };
            Resource {
                id: rid.to_string(),
                name: name.to_string(),
                regular_hours: regular,
                calendar,
                overtime_hours: (regular * 0.15).round(),
                cost_per_hour: money(cost),
                overtime_premium: money(cost * 0.5),
                crew,
            }
        })
        .collect();
    let labour: f64 = resources
        .iter()
        .enumerate()
        .map(|(r, res)| load[r].iter().sum::<f64>() / 12.0 * res.crew)
        .sum();
    let hours_per_fte = 140.0;
    let workforce = Workforce {
        hours_per_fte,
        current_fte: (labour / hours_per_fte).round(),
    };
    let terms: Terms = if with_story { SEASON } else { SAMPLE_TERMS };
    let components: Vec<Component> = COMPONENTS
        .iter()
        .map(|&(cid, name, cost, lt)| {
            let use_per_month: f64 = skus
                .iter()
                .zip(&hist)
                .map(|(s, h)| {
                    let q: f64 = s
                        .family
                        .bom
                        .iter()
                        .filter(|(c, _)| COMPONENTS[*c].0 == cid)
                        .map(|(_, q)| q)
                        .sum();
                    q * h.units.iter().rev().take(3).sum::<f64>() / 3.0
                })
                .sum();
            Component {
                id: cid.to_string(),
                name: name.to_string(),
                unit_cost: money(cost),
                on_hand: (use_per_month * (lt as f64 + terms.component_cover)).round(),
                lead_time: lt,
                lot_min: 0.0,
                lot_multiple: if cost > 100.0 { 10.0 } else { 50.0 },
            }
        })
        .collect();

    let annual_revenue: f64 = revenue.iter().sum();
    let annual_gm: f64 = annual_revenue - cogs.iter().sum::<f64>();
    // Fixed cost leaves the terms' EBITDA margin on last year's sales.
    let fixed = ((annual_gm - terms.ebitda_margin * annual_revenue) / 12.0).max(0.0);
    let last_rev = revenue[11];
    let thousands = |share: f64| money((annual_revenue * share / 1000.0).round() * 1000.0);
    let finance = FinanceParams {
        opening_cash: thousands(terms.opening_cash),
        opening_ar: money(last_rev * terms.dso as f64 / 30.0),
        opening_ap: money(cogs[11] * 0.8 * terms.dpo as f64 / 30.0),
        dso_days: Decimal::from(terms.dso),
        dpo_days: Decimal::from(terms.dpo),
        fixed_cost: money((fixed / 100.0).round() * 100.0),
        min_cash: thousands(terms.min_cash),
    };
    // Budget: last year's same month +6 % revenue at last year's GM% +1 point.
    let gm_pct = if annual_revenue > 0.0 {
        annual_gm / annual_revenue + 0.01
    } else {
        0.0
    };
    let budget: Vec<BudgetMonth> = (0..Cycle::DEFAULT_HORIZON as i32)
        .map(|i| {
            let k = (i as usize) % 12;
            let r = revenue[k] * 1.06;
            BudgetMonth {
                month: label.plus(i),
                revenue: money((r / 100.0).round() * 100.0),
                gross_margin: money((r * gm_pct / 100.0).round() * 100.0),
            }
        })
        .collect();

    let families = FAMILIES
        .iter()
        .filter(|f| skus.iter().any(|s| s.family.id == f.id))
        .map(|f| Family {
            id: f.id.to_string(),
            name: f.name.to_string(),
            strategy: match SEASON.build_ahead {
                (family, months) if with_story && family == f.id => {
                    Strategy::TargetCover { months }
                }
                _ => f.strategy,
            },
        })
        .collect();

    let mut inputs = PlanInputs {
        finance,
        budget,
        ..PlanInputs::default()
    };
    if with_story {
        story(&mut inputs, label);
    }
    let master = MasterData {
        families,
        products,
        resources,
        components,
        workforce,
    };
    Cycle::draft(id, label, master, hist, inputs)
}

/// Northwind Cycles at its default cycle month ([`DEMO_LABEL`]).
pub fn demo_workspace() -> Workspace {
    demo_workspace_at(DEMO_LABEL)
}

/// Northwind Cycles with its cycle starting at `label` (history ends the month before).
pub fn demo_workspace_at(label: Month) -> Workspace {
    let skus: Vec<Sku<'_>> = FAMILIES
        .iter()
        .flat_map(|f| {
            f.skus.iter().map(move |s| Sku {
                sku: s.sku.to_string(),
                name: s.name.to_string(),
                pattern: s.pattern,
                level: s.level,
                price: s.price,
                family: f,
            })
        })
        .collect();
    let mut rng = Rng::new(SEED);
    let cycle = build_cycle(&format!("cycle-{label}"), label, &skus, &mut rng, true);
    Workspace {
        format: FORMAT_VERSION,
        id: "demo-northwind".to_string(),
        name: "Northwind Cycles (demo)".to_string(),
        currency: "EUR".to_string(),
        number_format: Default::default(),
        cycles: vec![cycle],
        exported_at: None,
    }
}

/// A synthetic cycle with `n_skus` SKUs for benchmarks: the demo's families, patterns
/// and price points repeated with random levels, capacity sized to the volume.
pub fn synthetic_cycle(n_skus: usize, seed: u64) -> Cycle {
    let mut rng = Rng::new(seed);
    let templates: Vec<(&FamilySpec, &SkuSpec)> = FAMILIES
        .iter()
        .flat_map(|f| f.skus.iter().map(move |s| (f, s)))
        .collect();
    let skus: Vec<Sku<'_>> = (0..n_skus)
        .map(|i| {
            let (f, s) = templates[i % templates.len()];
            Sku {
                sku: format!("{}-{:05}", s.sku, i),
                name: format!("{} #{}", s.name, i),
                pattern: s.pattern,
                level: s.level * rng.range(0.5, 1.5),
                price: s.price,
                family: f,
            }
        })
        .collect();
    build_cycle(
        &format!("synthetic-{n_skus}"),
        DEMO_LABEL,
        &skus,
        &mut rng,
        false,
    )
}

/// A sample workspace of `n_skus` SKUs (see [`synthetic_cycle`]), for trying the app
/// at scale and for benchmarks. Deterministic for a given size.
pub fn sample_workspace(n_skus: usize) -> Workspace {
    Workspace {
        format: FORMAT_VERSION,
        id: format!("sample-{n_skus}"),
        name: format!("Sample company ({n_skus} SKUs)"),
        currency: "EUR".to_string(),
        number_format: Default::default(),
        cycles: vec![synthetic_cycle(n_skus, 42)],
        exported_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_deterministic_and_round_trips_through_json() {
        let a = demo_workspace();
        let b = demo_workspace();
        assert_eq!(a, b);
        let json = serde_json::to_string(&a).unwrap();
        let back: Workspace = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn demo_has_the_promised_shape() {
        let w = demo_workspace();
        let c = &w.cycles[0];
        assert_eq!(c.label.to_string(), "2026-11");
        assert!(c.master.families.len() >= 3);
        assert_eq!(c.master.products.len(), 30);
        assert_eq!(c.master.resources.len(), 4);
        assert_eq!(c.master.components.len(), 6);
        assert_eq!(c.history.len(), 30);
        let full = c.history.iter().filter(|h| h.units.len() == 36).count();
        let new = c.history.iter().filter(|h| h.units.len() < 24).count();
        assert_eq!(full + new, 30);
        assert_eq!(new, 3, "three new SKUs with short history");
        for h in &c.history {
            assert_eq!(h.end(), c.label, "{} history ends before the cycle", h.sku);
            assert!(h.units.iter().all(|u| u.is_finite() && *u >= 0.0));
        }
        // Intermittent SKUs have zero months, ADI ≥ 1.32.
        let trike = c.history.iter().find(|h| h.sku == "KB-TRIKE").unwrap();
        let nonzero = trike.units.iter().filter(|u| **u > 0.0).count();
        assert!(nonzero > 5 && (36.0 / nonzero as f64) >= 1.32, "{nonzero}");
        // Every routing and BOM refers to a known resource or component.
        for p in &c.master.products {
            assert!(c.master.families.iter().any(|f| f.id == p.family));
            for r in &p.routing {
                assert!(c.master.resources.iter().any(|x| x.id == r.resource));
            }
            for b in &p.bom {
                assert!(c.master.components.iter().any(|x| x.id == b.component));
            }
            let gm = (p.price - p.unit_cost) / p.price;
            assert!(
                gm > Decimal::new(15, 2),
                "{} sells at a margin: {gm}",
                p.sku
            );
        }
        assert_eq!(c.inputs.budget.len(), c.horizon as usize);
        assert!(c.inputs.pipeline.len() >= 10);
        assert!(c.inputs.finance.opening_cash > Decimal::ZERO);
        assert!(c.master.workforce.current_fte > 0.0);
    }

    #[test]
    fn seasonal_skus_peak_in_their_season() {
        let c = &demo_workspace().cycles[0];
        let kb = c.history.iter().find(|h| h.sku == "KB-16").unwrap();
        let by_month = |m: u32| -> f64 {
            kb.units
                .iter()
                .enumerate()
                .filter(|(i, _)| kb.start.plus(*i as i32).month() == m)
                .map(|(_, u)| u)
                .sum::<f64>()
        };
        assert!(
            by_month(12) > 2.0 * by_month(6),
            "kids bikes peak at Christmas"
        );
    }

    #[test]
    fn synthetic_cycles_scale() {
        let c = synthetic_cycle(1000, 7);
        assert_eq!(c.master.products.len(), 1000);
        assert_eq!(c.history.len(), 1000);
        let mut skus: Vec<&str> = c.master.products.iter().map(|p| p.sku.as_str()).collect();
        skus.sort();
        skus.dedup();
        assert_eq!(skus.len(), 1000, "SKU codes are unique");
        assert_eq!(synthetic_cycle(50, 3), synthetic_cycle(50, 3));
        let small: f64 = synthetic_cycle(30, 7).master.resources[2].regular_hours;
        let big: f64 = c.master.resources[2].regular_hours;
        assert!(
            big > 20.0 * small,
            "capacity grows with volume: {small} vs {big}"
        );
    }

    #[test]
    fn rng_is_uniform_enough() {
        let mut r = Rng::new(1);
        let n = 100_000;
        let mean = (0..n).map(|_| r.uniform()).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01);
        let z: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let m = z.iter().sum::<f64>() / n as f64;
        let v = z.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.02 && (v - 1.0).abs() < 0.03, "{m} {v}");
    }
}
