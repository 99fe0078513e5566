//! The aggregate view: the company row is the financial plan to the cent, families and
//! SKUs add up, and the products loading a resource add up to its load.

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Cycle, Levers, PctFor};
use sop_planner::engine::plan::{self, Plan, fallback};
use sop_planner::engine::review::aggregate::{AggregateRow, Level, by_family, loaders};

fn demo(levers: &Levers) -> (Cycle, Plan) {
    let c = demo_workspace().cycles.remove(0);
    let b = fallback::stand_in_baselines(&c);
    let p = plan::plan(&c, &c.inputs, levers, &b);
    (c, p)
}

fn levers() -> Levers {
    Levers {
        price_pct: 5.0,
        cost_pct: -3.0,
        demand_pct: vec![PctFor {
            id: "EBIKE".into(),
            pct: 20.0,
        }],
        ..Levers::default()
    }
}

#[test]
fn the_company_row_is_the_financial_plan_to_the_cent() {
    for l in [Levers::default(), levers()] {
        let (c, p) = demo(&l);
        let rows = by_family(&c, &p, &l, "Northwind");
        let company = &rows[0];
        assert_eq!(
            (company.level.clone(), company.name.as_str()),
            (Level::Company, "Northwind")
        );
        for (t, m) in p.finance.months.iter().enumerate() {
            assert_eq!(company.revenue[t], m.revenue, "revenue {}", m.month);
            assert_eq!(company.cogs[t], m.cogs, "COGS {}", m.month);
            assert_eq!(company.gross_margin[t], m.gross_margin, "GM {}", m.month);
        }
        assert_eq!(
            AggregateRow::total_money(&company.revenue),
            p.finance.totals.revenue
        );
    }
}

#[test]
fn families_and_skus_add_up() {
    let l = levers();
    let (c, p) = demo(&l);
    let rows = by_family(&c, &p, &l, "Northwind");
    let company = &rows[0];
    let families: Vec<&AggregateRow> = rows.iter().filter(|r| r.level == Level::Family).collect();
    assert_eq!(families.len(), c.master.families.len());
    assert_eq!(rows.len(), 1 + families.len() + c.master.products.len());
    let cent = Decimal::new(5, 3); // half a cent, per family
    for t in 0..p.months.len() {
        let units: f64 = families.iter().map(|f| f.consensus[t]).sum();
        assert!((units - company.consensus[t]).abs() < 1e-6);
        let rev: Decimal = families.iter().map(|f| f.revenue[t]).sum();
        assert!((rev - company.revenue[t]).abs() <= cent * Decimal::from(families.len()));
        for f in &families {
            let skus: Vec<&AggregateRow> = rows
                .iter()
                .filter(|r| r.level == Level::Sku && r.family == f.id)
                .collect();
            let prod: f64 = skus.iter().map(|s| s.production[t]).sum();
            assert!((prod - f.production[t]).abs() < 1e-6);
            let inv: f64 = skus.iter().map(|s| s.ending_inventory[t]).sum();
            assert!((inv - f.ending_inventory[t]).abs() < 1e-6);
        }
    }
    // One SKU by hand: revenue = round_¢(shipments · price · 1.05), COGS with 0.97.
    let sku = &rows.iter().find(|r| r.level == Level::Sku).unwrap();
    let prod = c.master.products.iter().find(|x| x.sku == sku.id).unwrap();
    let i = p.sku_index(&sku.id).unwrap();
    let q = p.supply.shipments.get(i, 0);
    let want =
        (Decimal::from_f64_retain(q).unwrap().round_dp(9) * prod.price * Decimal::new(105, 2))
            .round_dp(2);
    assert_eq!(
        sku.revenue[0], want,
        "{} ships {q} at {}",
        sku.id, prod.price
    );
    assert!(sku.name.starts_with(&format!("{} · ", sku.id)));
    assert!(company.fill_rate() > 0.0 && company.fill_rate() <= 1.0);
}

/// Every row's money is `round_¢(Σ_i qty_9(S_it) · rate_6(price_i · (1 + lever)))`
/// computed plainly in `Decimal` (the view sums integer ticks for speed), on a sample
/// company whose shipments have fractions.
#[test]
fn every_rows_money_is_the_plain_decimal_sum_to_the_cent() {
    use sop_planner::engine::plan::money;
    let l = levers();
    let c = sop_planner::engine::demo::sample_workspace(300)
        .cycles
        .remove(0);
    let b = fallback::stand_in_baselines(&c);
    let p = plan::plan(&c, &c.inputs, &l, &b);
    let rows = by_family(&c, &p, &l, "Sample");
    let (up, down) = (Decimal::new(105, 2), Decimal::new(97, 2));
    let rate = |sku: &str, cost: bool| {
        let x = c.master.products.iter().find(|x| x.sku == sku).unwrap();
        let r = if cost {
            x.unit_cost * down
        } else {
            x.price * up
        };
        r.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let mut fractional = 0;
    for r in &rows {
        let skus: Vec<usize> = (0..p.skus.len())
            .filter(|&i| match r.level {
                Level::Company => true,
                Level::Family => p.sku_family[i] == r.id,
                Level::Sku => p.skus[i] == r.id,
            })
            .collect();
        for t in 0..p.months.len() {
            for (cost, got) in [(false, r.revenue[t]), (true, r.cogs[t])] {
                let exact: Decimal = skus
                    .iter()
                    .map(|&i| {
                        let q = p.supply.shipments.get(i, t);
                        fractional += usize::from(q.fract() != 0.0);
                        money::qty_decimal(q) * rate(&p.skus[i], cost)
                    })
                    .sum();
                assert_eq!(got, money::round(exact, 2), "{} month {t}", r.id);
            }
        }
    }
    assert!(
        fractional > 0,
        "the sample should ship fractional quantities"
    );
}

#[test]
fn the_products_loading_a_resource_add_up_to_its_load() {
    let (c, p) = demo(&Levers::default());
    for (r, id) in p.capacity.resources.iter().enumerate() {
        let l = loaders(&c, &p, id);
        assert!(!l.is_empty(), "{id} is loaded by some product");
        for t in 0..p.months.len() {
            let h: f64 = l.iter().map(|x| x.hours[t]).sum();
            let load = p.capacity.load.get(r, t);
            assert!(
                (h - load).abs() <= 1e-6 * load.max(1.0),
                "{id} {t}: {h} vs {load}"
            );
        }
        assert!(
            l.windows(2).all(|w| w[0].total >= w[1].total),
            "most hours first"
        );
        let shares: f64 = l.iter().map(|x| x.share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
    }
    assert!(loaders(&c, &p, "NO-SUCH-LINE").is_empty());
}

#[test]
fn the_loaders_table_lists_ten_and_sums_the_rest_to_the_whole_load() {
    use sop_planner::engine::review::aggregate::{SHOWN_LOADERS, loaders_table};
    let (c, p) = demo(&Levers::default());
    let mut summed = false;
    for (r, id) in p.capacity.resources.iter().enumerate() {
        let all = loaders(&c, &p, id);
        let t = loaders_table(&c, &p, id);
        assert_eq!(t.lines.len(), all.len().min(SHOWN_LOADERS));
        for (line, l) in t.lines.iter().zip(&all) {
            assert_eq!(line.sku, l.sku);
            let product = c.master.products.iter().find(|x| x.sku == l.sku).unwrap();
            assert_eq!(line.name, product.name);
            let family = c.master.families.iter().find(|f| f.id == l.family).unwrap();
            assert_eq!(line.family, family.name);
            assert_eq!(line.peak, l.hours.iter().copied().fold(0.0, f64::max));
        }
        let load: f64 = (0..p.months.len()).map(|m| p.capacity.load.get(r, m)).sum();
        let (more, rest, rest_share) = t.rest.unwrap_or((0, 0.0, 0.0));
        assert_eq!(t.lines.len() + more, all.len());
        let shown: f64 = t.lines.iter().map(|x| x.total).sum();
        assert!((shown + rest - load).abs() <= 1e-6 * load.max(1.0), "{id}");
        let shares: f64 = t.lines.iter().map(|x| x.share).sum::<f64>() + rest_share;
        assert!((shares - 1.0).abs() < 1e-9, "{id}: {shares}");
        summed |= more > 0;
    }
    assert!(
        summed,
        "some resource of the demo is loaded by more than ten products"
    );
    assert_eq!(loaders_table(&c, &p, "NO-SUCH-LINE"), Default::default());
}

#[test]
fn capacity_by_family_adds_up_to_each_resources_load_exactly() {
    use sop_planner::engine::plan::money::fixed;
    use sop_planner::engine::review::aggregate::capacity_by_family;
    for l in [Levers::default(), levers()] {
        let (c, p) = demo(&l);
        let cap = capacity_by_family(&c, &p);
        assert_eq!(cap.resources.len(), p.capacity.resources.len());
        assert!(cap.families.len() >= 2, "{:?}", cap.families);
        for (r, (id, _)) in cap.resources.iter().enumerate() {
            // Each family's hours are whole micro-hours: summed as integers they are
            // the capacity plan's load to the micro-hour, every month.
            for t in 0..p.months.len() {
                let sum: i64 = cap.families.iter().map(|f| fixed(f.hours[r][t])).sum();
                assert_eq!(sum, fixed(p.capacity.load.get(r, t)), "{id} month {t}");
            }
            // The busiest month, and the families' shares of it.
            let load = p.capacity.load.row(r);
            let Some(t) = cap.peak_month[r] else {
                assert!(load.iter().all(|&x| x == 0.0), "{id}");
                continue;
            };
            assert!(load.iter().all(|&x| x <= load[t]), "{id}");
            assert_eq!(cap.peak_load[r], load[t], "{id}");
            let peaks: i64 = cap.families.iter().map(|f| fixed(f.peak[r])).sum();
            assert_eq!(peaks, fixed(cap.peak_load[r]), "{id}");
            let shares: f64 = cap.families.iter().map(|f| f.peak_share[r]).sum();
            assert!((shares - 1.0).abs() < 1e-9, "{id}: {shares}");
            // Over the horizon, a family's hours are its products' (`loaders`).
            for f in &cap.families {
                let by_products: f64 = loaders(&c, &p, id)
                    .iter()
                    .filter(|x| x.family == f.family)
                    .map(|x| x.total)
                    .sum();
                assert!(
                    (f.total[r] - by_products).abs() <= 1e-6 * by_products.max(1.0),
                    "{id} {}: {} vs {by_products}",
                    f.family,
                    f.total[r]
                );
            }
        }
    }
}

#[test]
fn a_family_rows_hours_add_up_to_the_capacity_plans_load() {
    use sop_planner::engine::plan::money::fixed;
    use sop_planner::engine::review::aggregate::capacity_by_family;
    let (c, p) = demo(&levers());
    let rows = by_family(&c, &p, &levers(), "Northwind");
    let cap = capacity_by_family(&c, &p);
    for t in 0..p.months.len() {
        // The company: every resource's load, to the micro-hour.
        let load: i64 = (0..p.capacity.resources.len())
            .map(|r| fixed(p.capacity.load.get(r, t)))
            .sum();
        assert_eq!(fixed(rows[0].hours[t]), load, "month {t}");
        // A family: its hours on every resource (capacity by family).
        for f in &cap.families {
            let row = rows
                .iter()
                .find(|r| r.level == Level::Family && r.id == f.family);
            let on_all: i64 = f.hours.iter().map(|h| fixed(h[t])).sum();
            assert_eq!(
                fixed(row.unwrap().hours[t]),
                on_all,
                "{} month {t}",
                f.family
            );
        }
    }
}
