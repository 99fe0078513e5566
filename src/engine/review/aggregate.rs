//! The aggregate S&OP view: the company, each family and its SKUs in units and money,
//! month by month, and which products load a resource.
//!
//! Per row (the company, a family, a SKU) and month t, over its SKUs i:
//!
//! ```text
//! consensus, shipments, production     Σ_i of the plan's grids (units)
//! ending inventory, backlog            Σ_i at the end of month t (units)
//! revenue_t = round_¢(Σ_i S_it · price_i · (1 + price lever))
//! COGS_t    = round_¢(Σ_i S_it · unit cost_i · (1 + cost lever)),  GM = revenue − COGS
//! hours_t   = Σ_i Σ_steps P_it · hours per unit (micro-hours, as the capacity plan)
//! ```
//! the same sums as the financial plan (`plan::finance`), so the company row's revenue
//! and COGS are the financial review's to the cent; a family's are rounded on their own,
//! so the families add up to the company within half a cent each per month.
//!
//! Load of SKU i on resource r in month t: `P_it · hours_ir` (its routing's hours per
//! unit on r, summed over the routing's steps on r); the SKUs add up to the capacity
//! plan's load, and so do the families ([`capacity_by_family`], exactly: the same whole
//! micro-hours).

use crate::engine::model::{Cycle, Levers, Product};
use crate::engine::plan::Plan;
use crate::engine::plan::money;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

/// What a row of the aggregate view stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Level {
    Company,
    Family,
    Sku,
}

/// One row: month-by-month series and their totals over the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregateRow {
    pub level: Level,
    /// Family id or SKU; empty for the company.
    pub id: String,
    /// "Northwind Cycles", "E-bikes", "EB-CITY-500 · E-City 500".
    pub name: String,
    /// The family a SKU belongs to (its own id for a family, empty for the company).
    pub family: String,
    pub consensus: Vec<f64>,
    pub shipments: Vec<f64>,
    pub production: Vec<f64>,
    pub ending_inventory: Vec<f64>,
    pub backlog: Vec<f64>,
    pub revenue: Vec<Decimal>,
    pub cogs: Vec<Decimal>,
    pub gross_margin: Vec<Decimal>,
    /// Capacity hours its production loads on all resources (whole micro-hours as the
    /// capacity plan sums them: the company row is the resources' total load).
    pub hours: Vec<f64>,
}

impl AggregateRow {
    /// Σ over the horizon of a unit series.
    pub fn total(series: &[f64]) -> f64 {
        series.iter().sum()
    }

    /// Σ over the horizon of a money series.
    pub fn total_money(series: &[Decimal]) -> Decimal {
        series.iter().copied().sum()
    }

    /// Shipped / consensus demand over the horizon (1 when nothing is asked for).
    pub fn fill_rate(&self) -> f64 {
        let asked = Self::total(&self.consensus);
        match asked > 0.0 {
            true => (Self::total(&self.shipments) / asked).min(1.0),
            false => 1.0,
        }
    }
}

/// The aggregate view of `plan` (of `cycle`, planned with `levers`): the company, then
/// each family followed by its SKUs, in master-data order.
pub fn by_family(cycle: &Cycle, plan: &Plan, levers: &Levers, company: &str) -> Vec<AggregateRow> {
    by_family_opened(cycle, plan, levers, company, |_| true)
}

/// [`by_family`] with the SKU rows of only the families `opened` says yes to (the
/// view's closed families need none: at 10,000 SKUs the SKU rows are most of the
/// work). The company and family rows are the same either way.
pub fn by_family_opened(
    cycle: &Cycle,
    plan: &Plan,
    levers: &Levers,
    company: &str,
    opened: impl Fn(&str) -> bool,
) -> Vec<AggregateRow> {
    let price = money::pct_factor(levers.price_pct);
    let cost = money::pct_factor(levers.cost_pct);
    let products = by_sku(cycle);
    let n = plan.months.len();
    // Per SKU and month (row-major), its revenue and COGS flows exactly as the plan
    // prices them (`money::mul` of the shipments' and the rate's ticks): a row sums
    // integers and rounds once per month, so no `Decimal` arithmetic runs per SKU.
    let mut flows: [Vec<i128>; 2] =
        std::array::from_fn(|_| Vec::with_capacity(plan.skus.len() * n));
    for (i, s) in plan.skus.iter().enumerate() {
        let (p, c) = products
            .get(s.as_str())
            .map_or((Decimal::ZERO, Decimal::ZERO), |p| {
                (
                    money::saturating_mul(p.price, price),
                    money::saturating_mul(p.unit_cost, cost),
                )
            });
        for (k, rate) in [money::rate_ticks(p), money::rate_ticks(c)]
            .into_iter()
            .enumerate()
        {
            flows[k].extend(
                (0..n).map(|t| money::mul(money::qty_ticks(plan.supply.shipments.get(i, t)), rate)),
            );
        }
    }
    let hours = sku_hours(&products, plan);
    let row = |level: Level, id: &str, name: String, family: &str, skus: &[usize]| {
        // Sums SKU by SKU along each SKU's months (row-major, as the grids are stored).
        let sum = |g: &crate::engine::plan::Grid| -> Vec<f64> {
            let mut v = vec![0.0; n];
            for &i in skus {
                for (t, x) in v.iter_mut().enumerate() {
                    *x += g.get(i, t);
                }
            }
            v
        };
        let flow = |k: usize| -> Vec<Decimal> {
            let mut v = vec![0i128; n];
            for &i in skus {
                for (x, f) in v.iter_mut().zip(&flows[k][i * n..(i + 1) * n]) {
                    *x = x.saturating_add(*f);
                }
            }
            v.into_iter()
                .map(|x| money::cents(money::flow_cents(x)))
                .collect()
        };
        let revenue = flow(0);
        let cogs = flow(1);
        let mut h = vec![0i64; n];
        for &i in skus {
            for (x, y) in h.iter_mut().zip(&hours[i]) {
                *x = x.wrapping_add(*y);
            }
        }
        AggregateRow {
            level,
            id: id.to_string(),
            name,
            family: family.to_string(),
            consensus: sum(&plan.demand.consensus),
            shipments: sum(&plan.supply.shipments),
            production: sum(&plan.supply.production),
            ending_inventory: sum(&plan.supply.inventory),
            backlog: sum(&plan.supply.backlog),
            gross_margin: revenue.iter().zip(&cogs).map(|(r, c)| r - c).collect(),
            revenue,
            cogs,
            hours: h.into_iter().map(money::unfixed).collect(),
        }
    };
    let all: Vec<usize> = (0..plan.skus.len()).collect();
    let mut members: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, f) in plan.sku_family.iter().enumerate() {
        members.entry(f.as_str()).or_default().push(i);
    }
    let mut out = vec![row(Level::Company, "", company.to_string(), "", &all)];
    for f in &cycle.master.families {
        let Some(skus) = members.get(f.id.as_str()) else {
            continue;
        };
        out.push(row(Level::Family, &f.id, f.name.clone(), &f.id, skus));
        if !opened(&f.id) {
            continue;
        }
        for &i in skus {
            let name = products
                .get(plan.skus[i].as_str())
                .map_or(plan.skus[i].clone(), |p| format!("{} · {}", p.sku, p.name));
            out.push(row(Level::Sku, &plan.skus[i], name, &f.id, &[i]));
        }
    }
    out
}

/// A product's hours on one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Loader {
    pub sku: String,
    pub family: String,
    /// Hours per month: production × the routing's hours per unit on the resource.
    pub hours: Vec<f64>,
    pub total: f64,
    /// Its share of the resource's load over the horizon (0–1).
    pub share: f64,
}

/// The products that load `resource` in `plan`, most hours first (SKUs without hours on
/// it left out); their hours add up to the capacity plan's load.
pub fn loaders(cycle: &Cycle, plan: &Plan, resource: &str) -> Vec<Loader> {
    loaders_of(&by_sku(cycle), plan, resource)
}

fn loaders_of(products: &HashMap<&str, &Product>, plan: &Plan, resource: &str) -> Vec<Loader> {
    let n = plan.months.len();
    let mut out: Vec<Loader> = plan
        .skus
        .iter()
        .enumerate()
        .filter_map(|(i, sku)| {
            let p = products.get(sku.as_str())?;
            let per_unit: f64 = p
                .routing
                .iter()
                .filter(|s| s.resource == resource && s.hours_per_unit.is_finite())
                .map(|s| s.hours_per_unit.max(0.0))
                .sum();
            let hours: Vec<f64> = (0..n)
                .map(|t| plan.supply.production.get(i, t) * per_unit)
                .collect();
            let total: f64 = hours.iter().sum();
            (total > 0.0).then(|| Loader {
                sku: sku.clone(),
                family: plan.sku_family[i].clone(),
                hours,
                total,
                share: 0.0,
            })
        })
        .collect();
    let all: f64 = out.iter().map(|l| l.total).sum();
    for l in &mut out {
        l.share = if all > 0.0 { l.total / all } else { 0.0 };
    }
    out.sort_by(|a, b| b.total.total_cmp(&a.total).then(a.sku.cmp(&b.sku)));
    out
}

/// How many products the loaders table lists before it sums the rest.
pub const SHOWN_LOADERS: usize = 10;

/// A line of the loaders table: a product, its family's name, its hours over the
/// horizon, their share of the resource's load and its busiest month's hours.
#[derive(Clone, Debug, PartialEq)]
pub struct LoaderLine {
    pub sku: String,
    pub name: String,
    pub family: String,
    pub total: f64,
    pub share: f64,
    pub peak: f64,
}

/// "What loads this resource": the first [`SHOWN_LOADERS`] of [`loaders`], then the rest
/// as one line (how many, their hours, their share), so the lines add up to the load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadersTable {
    pub lines: Vec<LoaderLine>,
    pub rest: Option<(usize, f64, f64)>,
}

/// The loaders table of `resource` in `plan`.
pub fn loaders_table(cycle: &Cycle, plan: &Plan, resource: &str) -> LoadersTable {
    let products = by_sku(cycle);
    let all = loaders_of(&products, plan, resource);
    let family = |id: &str| {
        cycle
            .master
            .families
            .iter()
            .find(|f| f.id == id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    let lines = all
        .iter()
        .take(SHOWN_LOADERS)
        .map(|l| LoaderLine {
            sku: l.sku.clone(),
            name: products
                .get(l.sku.as_str())
                .map_or_else(String::new, |p| p.name.clone()),
            family: family(&l.family),
            total: l.total,
            share: l.share,
            peak: l.hours.iter().copied().fold(0.0, f64::max),
        })
        .collect();
    let more = &all[all.len().min(SHOWN_LOADERS)..];
    let rest = (!more.is_empty()).then(|| {
        (
            more.len(),
            more.iter().map(|l| l.total).sum(),
            more.iter().map(|l| l.share).sum(),
        )
    });
    LoadersTable { lines, rest }
}

/// The hours each family loads on each resource: rows families, columns resources.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CapacityByFamily {
    /// Resource ids and names, in the capacity plan's order.
    pub resources: Vec<(String, String)>,
    /// Per resource: its busiest month (index into the plan's months), `None` if it
    /// carries no load.
    pub peak_month: Vec<Option<usize>>,
    /// Per resource: its load in its busiest month (hours; 0 without load), the total
    /// the families' `peak` add up to.
    pub peak_load: Vec<f64>,
    /// Families with hours on some resource, in master-data order.
    pub families: Vec<FamilyLoad>,
}

/// One family's hours on every resource.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyLoad {
    pub family: String,
    pub name: String,
    /// Per resource, per month: hours (whole micro-hours, as the capacity plan sums them).
    pub hours: Vec<Vec<f64>>,
    /// Per resource: hours in that resource's busiest month.
    pub peak: Vec<f64>,
    /// Per resource: its share of that month's load (0–1; 0 without load).
    pub peak_share: Vec<f64>,
    /// Per resource: hours over the horizon.
    pub total: Vec<f64>,
}

/// Capacity per family: for every family and resource, month by month, the hours its
/// SKUs' production needs (`P_it · hours per unit` of each routing step on the
/// resource, each step rounded to the micro-hour as `plan::capacity` does). The same
/// whole micro-hours as the capacity plan's load, so the families add up to each
/// resource's load exactly.
pub fn capacity_by_family(cycle: &Cycle, plan: &Plan) -> CapacityByFamily {
    let products = by_sku(cycle);
    let cap = &plan.capacity;
    let n = plan.months.len();
    let nr = cap.resources.len();
    let res_pos: HashMap<&str, usize> = cap
        .resources
        .iter()
        .enumerate()
        .map(|(k, r)| (r.as_str(), k))
        .collect();
    let fam_pos: HashMap<&str, usize> = cycle
        .master
        .families
        .iter()
        .enumerate()
        .map(|(k, f)| (f.id.as_str(), k))
        .collect();
    // Family × resource × month, in micro-hours.
    let mut fixed = vec![vec![vec![0i64; n]; nr]; cycle.master.families.len()];
    for (i, sku) in plan.skus.iter().enumerate() {
        let (Some(p), Some(&f)) = (
            products.get(sku.as_str()),
            fam_pos.get(plan.sku_family[i].as_str()),
        ) else {
            continue;
        };
        for step in &p.routing {
            let Some(&r) = res_pos.get(step.resource.as_str()) else {
                continue;
            };
            let hpu = step.hours_per_unit;
            if !(hpu.is_finite() && hpu > 0.0) {
                continue;
            }
            for (t, h) in fixed[f][r].iter_mut().enumerate() {
                *h = h.wrapping_add(money::fixed(plan.supply.production.get(i, t) * hpu));
            }
        }
    }
    let peak_month: Vec<Option<usize>> = (0..nr)
        .map(|r| {
            let load = cap.load.row(r);
            let t = (0..n).max_by(|&a, &b| load[a].total_cmp(&load[b]).then(b.cmp(&a)))?;
            (load[t] > 0.0).then_some(t)
        })
        .collect();
    let families = cycle
        .master
        .families
        .iter()
        .zip(fixed)
        .filter(|(_, f)| f.iter().flatten().any(|&h| h != 0))
        .map(|(fam, f)| {
            let hours: Vec<Vec<f64>> = f
                .iter()
                .map(|row| row.iter().map(|&h| money::unfixed(h)).collect())
                .collect();
            let peak: Vec<f64> = (0..nr)
                .map(|r| peak_month[r].map_or(0.0, |t| hours[r][t]))
                .collect();
            let peak_share = (0..nr)
                .map(|r| match peak_month[r] {
                    Some(t) if cap.load.get(r, t) > 0.0 => peak[r] / cap.load.get(r, t),
                    _ => 0.0,
                })
                .collect();
            let total = f
                .iter()
                .map(|row| money::unfixed(row.iter().sum()))
                .collect();
            FamilyLoad {
                family: fam.id.clone(),
                name: fam.name.clone(),
                hours,
                peak,
                peak_share,
                total,
            }
        })
        .collect();
    let names: HashMap<&str, &str> = cycle
        .master
        .resources
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_str()))
        .collect();
    let peak_load = peak_month
        .iter()
        .enumerate()
        .map(|(r, t)| t.map_or(0.0, |t| cap.load.get(r, t)))
        .collect();
    CapacityByFamily {
        peak_load,
        resources: cap
            .resources
            .iter()
            .map(|r| {
                (
                    r.clone(),
                    names.get(r.as_str()).unwrap_or(&r.as_str()).to_string(),
                )
            })
            .collect(),
        peak_month,
        families,
    }
}

/// Per SKU and month, the micro-hours its production loads on all resources: each
/// routing step on a resource of the capacity plan, `fixed(P_it · hours per unit)`, as
/// `plan::capacity` adds them up.
fn sku_hours(products: &HashMap<&str, &Product>, plan: &Plan) -> Vec<Vec<i64>> {
    let resources: rustc_hash::FxHashSet<&str> =
        plan.capacity.resources.iter().map(String::as_str).collect();
    let n = plan.months.len();
    plan.skus
        .iter()
        .enumerate()
        .map(|(i, sku)| {
            let mut out = vec![0i64; n];
            let Some(p) = products.get(sku.as_str()) else {
                return out;
            };
            for step in &p.routing {
                let hpu = step.hours_per_unit;
                if !(resources.contains(step.resource.as_str()) && hpu.is_finite() && hpu > 0.0) {
                    continue;
                }
                for (t, h) in out.iter_mut().enumerate() {
                    *h = h.wrapping_add(money::fixed(plan.supply.production.get(i, t) * hpu));
                }
            }
            out
        })
        .collect()
}

/// The cycle's products by SKU, looked up once per model (a scan per SKU is quadratic
/// at 10,000 SKUs).
fn by_sku(cycle: &Cycle) -> HashMap<&str, &Product> {
    cycle
        .master
        .products
        .iter()
        .map(|p| (p.sku.as_str(), p))
        .collect()
}
