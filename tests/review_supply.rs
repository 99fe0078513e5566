//! The supply review's model (`engine::review::supply`), natively.

use sop_planner::engine::command::set_production_override;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::model::Levers;
use sop_planner::engine::model::{Strategy, Unmet};
use sop_planner::engine::plan;
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::supply::{
    DEFAULT_COVER, family_skus, in_order, listing_order, short_skus, strategy_by_key, supply_data,
};

#[test]
fn a_family_is_the_sum_of_its_skus_and_its_fill_rate_is_demand_weighted() {
    let c = demo_workspace().cycles.pop().unwrap();
    let b = baselines(&c);
    let p = plan::plan_cycle(&c, &b);
    let fam = c.master.families[1].id.clone();
    let sel = Selection::Family(fam.clone());
    let d = supply_data(&c, &p, &c.inputs, &sel);
    let skus: Vec<String> = sel.skus(&c).iter().map(|s| s.to_string()).collect();
    assert!(skus.len() > 1);
    assert!(
        d.title.contains(&format!("{} SKUs", skus.len())),
        "{}",
        d.title
    );
    let per: Vec<_> = skus
        .iter()
        .map(|s| supply_data(&c, &p, &c.inputs, &Selection::Sku(s.clone())))
        .collect();
    for t in [0, 5, 17] {
        let sum = |f: fn(&sop_planner::engine::review::supply::SupplyData) -> &Vec<f64>| -> f64 {
            per.iter().map(|x| f(x)[t]).sum()
        };
        assert!((d.production[t] - sum(|x| &x.production)).abs() < 1e-9);
        assert!((d.inventory[t] - sum(|x| &x.inventory)).abs() < 1e-9);
        assert!((d.demand[t] - sum(|x| &x.demand)).abs() < 1e-9);
    }
    let demand: Vec<f64> = per.iter().map(|x| x.demand.iter().sum()).collect();
    let weighted: f64 = per
        .iter()
        .zip(&demand)
        .map(|(x, dm)| x.fill_rate * dm)
        .sum::<f64>()
        / demand.iter().sum::<f64>();
    assert!(
        (d.fill_rate - weighted).abs() < 1e-12,
        "{} vs {weighted}",
        d.fill_rate
    );
    assert_eq!(
        d.strategies.iter().map(|(_, n)| n).sum::<usize>(),
        skus.len()
    );
    assert_eq!(d.sku, None);
}

#[test]
fn a_skus_production_override_is_shown_in_its_month() {
    let c = demo_workspace().cycles.pop().unwrap();
    let b = baselines(&c);
    let sku = c.master.products[2].sku.clone();
    let m = c.label.plus(3);
    let inputs = set_production_override(&c.inputs, &sku, m, Some(77.0));
    let p = plan::plan(&c, &inputs, &Levers::default(), &b);
    let d = supply_data(&c, &p, &inputs, &Selection::Sku(sku.clone()));
    assert_eq!(d.sku.as_deref(), Some(sku.as_str()));
    assert_eq!(d.overrides[3], Some(77.0));
    assert_eq!(d.production[3], 77.0);
    assert_eq!(d.overrides.iter().filter(|o| o.is_some()).count(), 1);
}

#[test]
fn a_familys_skus_list_their_strategy_service_and_overrides() {
    let mut c = demo_workspace().cycles.pop().unwrap();
    let fam = c.master.families[1].id.clone();
    let skus: Vec<String> = c
        .master
        .products
        .iter()
        .filter(|p| p.family == fam)
        .map(|p| p.sku.clone())
        .collect();
    // The second SKU gets a strategy of its own and two overrides; demand well above
    // what the family can make leaves a backlog.
    let own = skus[1].clone();
    c.master
        .products
        .iter_mut()
        .find(|p| p.sku == own)
        .unwrap()
        .strategy = Some(Strategy::Manual);
    let mut inputs = set_production_override(&c.inputs, &own, c.label.plus(1), Some(5.0));
    inputs = set_production_override(&inputs, &own, c.label.plus(2), Some(0.0));
    inputs.supply.unmet = Unmet::Backlog;
    let b = baselines(&c);
    let p = plan::plan(&c, &inputs, &Levers::default(), &b);
    let lines = family_skus(&c, &p, &inputs, &fam);
    assert_eq!(
        lines.iter().map(|l| l.sku.clone()).collect::<Vec<_>>(),
        skus
    );
    let family = c.master.families[1].strategy;
    for l in &lines {
        let i = p.sku_index(&l.sku).unwrap();
        assert_eq!(l.family, family);
        assert_eq!(l.used, p.supply.strategy[i]);
        assert_eq!(l.fill_rate, p.supply.fill_rate[i]);
        assert_eq!(l.safety_stock, p.supply.safety_stock[i]);
        let peak = p.supply.backlog.row(i).iter().copied().fold(0.0, f64::max);
        assert_eq!(l.peak_unmet, peak);
    }
    let l = lines.iter().find(|l| l.sku == own).unwrap();
    assert_eq!(l.own, Some(Strategy::Manual));
    assert_eq!(l.used, Strategy::Manual);
    assert_eq!(l.overrides, 2);
    // Manual with only 5 units made in 18 months: the SKU is short, its backlog peaks
    // at its whole unmet demand by the last month.
    assert!(l.peak_unmet > 100.0, "{}", l.peak_unmet);
    assert!(l.fill_rate < 0.1, "{}", l.fill_rate);
    assert_eq!(
        lines.iter().filter(|l| l.own.is_none()).count(),
        skus.len() - 1
    );
    assert!(family_skus(&c, &p, &inputs, "no such family").is_empty());
}

#[test]
fn a_strategy_is_picked_by_its_key_keeping_the_months_of_cover() {
    let cover = Strategy::TargetCover { months: 2.5 };
    assert_eq!(strategy_by_key("chase", cover), Some(Strategy::Chase));
    assert_eq!(strategy_by_key("level", cover), Some(Strategy::Level));
    assert_eq!(strategy_by_key("manual", cover), Some(Strategy::Manual));
    assert_eq!(strategy_by_key("cover", cover), Some(cover));
    assert_eq!(
        strategy_by_key("cover", Strategy::Chase),
        Some(Strategy::TargetCover {
            months: DEFAULT_COVER
        })
    );
    assert_eq!(strategy_by_key("family", Strategy::Level), None);
}

#[test]
fn the_short_skus_are_the_ones_the_fill_rate_kpi_counts_down_to_a_fraction_of_a_unit() {
    let c = demo_workspace().cycles.pop().unwrap();
    let b = baselines(&c);
    let mut p = plan::plan_cycle(&c, &b);
    let short = short_skus(&p);
    assert_eq!(short.len(), p.kpis.stockout_skus);
    assert!(!short.is_empty(), "the demo has SKUs short of stock");
    for fam in &c.master.families {
        for l in family_skus(&c, &p, &c.inputs, &fam.id) {
            assert_eq!(l.short, short.contains(&l.sku), "{}", l.sku);
        }
    }
    // A third of a unit of backlog (a fractional monthly quantity) is a shortage too;
    // the supply view used to flag only half a unit or more.
    let i = (0..p.skus.len())
        .find(|&i| !short.contains(&p.skus[i]))
        .unwrap();
    p.supply.backlog.row_mut(i)[4] = 1.0 / 3.0;
    assert!(short_skus(&p).contains(&p.skus[i]));
    // Float noise is not.
    p.supply.backlog.row_mut(i)[4] = 1e-9;
    assert!(!short_skus(&p).contains(&p.skus[i]));
}

#[test]
fn the_capacity_model_counts_the_overloads_the_kpi_counts() {
    use sop_planner::engine::review::capacity::{MonthState, capacity_data};
    let mut c = demo_workspace().cycles.pop().unwrap();
    // Less regular time everywhere, so that some resource-months are over capacity.
    for r in &mut c.master.resources {
        r.regular_hours *= 0.6;
        r.calendar.clear();
    }
    let b = baselines(&c);
    let p = plan::plan_cycle(&c, &b);
    let d = capacity_data(&c, &p, &c.inputs);
    assert_eq!(d.resources.len(), c.master.resources.len());
    for (r, m) in d.resources.iter().zip(&c.master.resources) {
        assert_eq!(r.name, m.name);
    }
    assert!(p.kpis.over_capacity_months > 0);
    assert_eq!(d.overloaded_count(), p.kpis.over_capacity_months);
    let over: usize = d
        .resources
        .iter()
        .map(|r| {
            (0..d.months.len())
                .filter(|t| r.state(*t) == MonthState::Over)
                .count()
        })
        .sum();
    assert_eq!(over, p.kpis.over_capacity_months);
    let peak = d.most_loaded().map(|i| d.resources[i].peak()).unwrap();
    assert!((peak - p.kpis.peak_utilization).abs() < 1e-9);
}

#[test]
fn months_of_cover_have_one_rule_wherever_they_come_from() {
    use sop_planner::engine::command::check_levers;
    use sop_planner::engine::number::NumberFormat;
    use sop_planner::engine::plan::supply::{check_cover_months, cover_text};
    use sop_planner::engine::plan::validate::{has_errors, validate_cycle};
    assert!(check_cover_months(0.0).is_ok());
    assert!(check_cover_months(24.0).is_ok());
    assert!(check_cover_months(24.5).is_err());
    assert!(check_cover_months(-0.1).is_err());
    assert!(check_cover_months(f64::NAN).is_err());
    assert_eq!(cover_text(1.26, NumberFormat::COMMA), "1,3");
    assert_eq!(cover_text(120.0, NumberFormat::POINT), "99+");
    // Master data (an import, a restore, a merge) …
    let mut c = demo_workspace().cycles.pop().unwrap();
    assert!(!has_errors(&validate_cycle(&c)));
    c.master.families[0].strategy = Strategy::TargetCover { months: 30.0 };
    let issues = validate_cycle(&c);
    assert!(has_errors(&issues), "{issues:?}");
    assert!(
        issues.iter().any(|i| i.message.contains("from 0 to 24")),
        "{issues:?}"
    );
    // … and a scenario's strategy lever.
    let mut l = Levers {
        strategy: Some(Strategy::TargetCover { months: 30.0 }),
        ..Default::default()
    };
    assert!(check_levers(&l).is_err());
    l.strategy = Some(Strategy::TargetCover { months: 2.0 });
    assert!(check_levers(&l).is_ok());
}

#[test]
fn component_purchases_cost_what_the_plan_pays_and_name_their_past_due_orders() {
    use rust_decimal::{Decimal, RoundingStrategy};
    use sop_planner::engine::number::NumberFormat;
    use sop_planner::engine::plan::money::qty_decimal;
    use sop_planner::engine::review::components::{components_review, past_due_line};

    let mut c = demo_workspace().cycles.pop().unwrap();
    // A component with nothing on hand and a three-month lead time: the first three
    // months' receipts should have been ordered before the cycle starts.
    let id = c.master.components[0].id.clone();
    c.master.components[0].on_hand = 0.0;
    c.master.components[0].lead_time = 3;
    let b = baselines(&c);
    let p = plan::plan_cycle(&c, &b);
    let r = components_review(&c, &p);
    assert_eq!(r.rows.len(), p.components.components.len());
    assert_eq!(r.months, p.months);
    for row in &r.rows {
        // What its receipts cost, by hand: Σ qty (at the plan's 1e-9) × unit cost, to the cent.
        let exact: Decimal = row
            .receipts
            .iter()
            .map(|q| qty_decimal(*q) * row.unit_cost)
            .sum();
        let cents = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(row.spend, cents, "{}", row.id);
    }
    // The blocks' spends add up to the plan's purchase spend, up to each side's rounding.
    let blocks: Decimal = r.rows.iter().map(|x| x.spend).sum();
    let slack = Decimal::new(5, 3) * Decimal::from(r.rows.len() + r.months.len());
    assert!(
        (blocks - r.purchases_total()).abs() <= slack,
        "{blocks} vs {}",
        r.purchases_total()
    );
    assert!(r.purchases_total() > Decimal::ZERO);

    // The past-due orders of the component: their units and the earliest order month.
    let due: Vec<_> = r.past_due.iter().filter(|o| o.component == id).collect();
    assert!(!due.is_empty(), "no past-due order for {id}");
    let row = r.rows.iter().find(|x| x.id == id).unwrap();
    let units: f64 = due.iter().map(|o| o.units).sum();
    let first = p.months[0];
    assert_eq!(row.past_due, Some((units, first.plus(-3))));
    assert!(row.orders[0] + 1e-9 >= units);
    assert_eq!(
        row.past_due_title(NumberFormat::POINT).unwrap(),
        format!(
            "Includes {} units past due (should have been ordered by {})",
            sop_planner::engine::format::units(units, NumberFormat::POINT),
            first.plus(-3).short_label()
        )
    );
    assert!(
        past_due_line(due[0], NumberFormat::POINT).ends_with(&format!(
            "should have been ordered {}",
            due[0].order.short_label()
        ))
    );
    // Components with stock or a short lead time carry no past-due note.
    for other in r
        .rows
        .iter()
        .filter(|x| !r.past_due.iter().any(|o| o.component == x.id))
    {
        assert_eq!(other.past_due, None);
        assert_eq!(other.past_due_title(NumberFormat::POINT), None);
    }
    // The head line in both number formats.
    let mut one = row.clone();
    one.lead_time = 1;
    one.on_hand = 1234.0;
    one.unit_cost = Decimal::new(8550, 2);
    one.spend = Decimal::new(123_456_789, 2);
    assert_eq!(
        one.facts("EUR", NumberFormat::POINT),
        "lead time 1 month · on hand today 1,234 · € 86 each · spend € 1,234,568"
    );
    assert_eq!(
        one.facts("EUR", NumberFormat::COMMA),
        "lead time 1 month · on hand today 1.234 · € 86 each · spend € 1.234.568"
    );
}

#[test]
fn a_paste_into_a_skus_production_row_is_one_command_and_one_undo_step() {
    use sop_planner::engine::command::PlanRef;
    use sop_planner::engine::review::supply::production_edit;

    let mut c = demo_workspace().cycles.pop().unwrap();
    let b = baselines(&c);
    let sku = c.master.products[2].sku.clone();
    let (m0, m1, m2) = (c.label, c.label.plus(1), c.label.plus(2));
    // An override already in month 2, which the paste clears.
    c.inputs = set_production_override(&c.inputs, &sku, m2, Some(40.0));
    let before = c.clone();
    let p = plan::plan(&c, &c.inputs, &Levers::default(), &b);
    let shown = supply_data(&c, &p, &c.inputs, &Selection::Sku(sku.clone()));
    let outside = c.label.plus(-5);
    let changes = [
        (m0, Some(120.0)),
        (m1, Some(0.0)),
        (m2, None),
        (outside, Some(9.0)),
    ];
    let (cmd, cells) = production_edit(&c, PlanRef::Base, &shown, &changes).unwrap();
    // History for the typed cells only, from what the grid showed.
    assert_eq!(cells.len(), 2);
    assert_eq!(
        (cells[0].cell.month, cells[0].old, cells[0].new),
        (m0, shown.production[0], 120.0)
    );
    assert_eq!((cells[1].cell.month, cells[1].new), (m1, 0.0));
    assert!(cells.iter().all(|x| x.plan.is_none()));

    let undo = cmd.apply(&mut c).unwrap();
    let p = plan::plan(&c, &c.inputs, &Levers::default(), &b);
    let after = supply_data(&c, &p, &c.inputs, &Selection::Sku(sku.clone()));
    assert_eq!(&after.overrides[..3], &[Some(120.0), Some(0.0), None]);
    assert_eq!(after.production[0], 120.0);
    assert_eq!(after.production[1], 0.0);
    assert_eq!(
        c.inputs
            .supply
            .overrides
            .iter()
            .filter(|o| o.sku == sku)
            .count(),
        2
    );
    // One step back restores the cycle exactly.
    undo.apply(&mut c).unwrap();
    assert_eq!(c, before);

    // A family's rows are not editable, and months not shown change nothing.
    let fam = supply_data(
        &c,
        &p,
        &c.inputs,
        &Selection::Family(c.master.families[0].id.clone()),
    );
    assert!(production_edit(&c, PlanRef::Base, &fam, &changes).is_none());
    assert!(production_edit(&c, PlanRef::Base, &shown, &[(outside, Some(1.0))]).is_none());
}

#[test]
fn a_large_familys_table_lists_the_short_skus_then_the_lowest_fill_rates_first() {
    let c = sop_planner::engine::demo::sample_workspace(300)
        .cycles
        .pop()
        .unwrap();
    let b = baselines(&c);
    let p = plan::plan_cycle(&c, &b);
    let fam = c.master.families[0].id.clone();
    let mut lines = family_skus(&c, &p, &c.inputs, &fam);
    let n = lines.len();
    assert!(n > 20, "{n} SKUs");
    // Exactly three SKUs late in the catalogue short of stock (two with a high fill rate).
    for l in &mut lines {
        l.short = false;
    }
    for (k, fill) in [(n - 1, 0.99), (n - 2, 0.5), (n - 5, 0.995)] {
        lines[k].short = true;
        lines[k].fill_rate = fill;
    }
    let codes = |v: &[sop_planner::engine::review::supply::SkuLine]| {
        v.iter().map(|l| l.sku.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        listing_order(&lines, n),
        codes(&lines),
        "a family within the limit keeps catalogue order"
    );
    let order = listing_order(&lines, 10);
    assert_eq!(order.len(), n, "every SKU, in listing order");
    assert_eq!(
        order[..3].to_vec(),
        vec![
            lines[n - 2].sku.clone(),
            lines[n - 1].sku.clone(),
            lines[n - 5].sku.clone()
        ],
        "the short SKUs first, the lowest fill rate first among them"
    );
    // The rest: the lowest fill rates first (ties in catalogue order).
    let mut rest: Vec<(f64, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.short)
        .map(|(i, l)| (l.fill_rate, i))
        .collect();
    rest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    assert_eq!(
        order[3..].to_vec(),
        rest.iter()
            .map(|&(_, i)| lines[i].sku.clone())
            .collect::<Vec<_>>()
    );
    // The first page's lines, in that order; a code no longer in the family left out.
    let mut page = order[..10].to_vec();
    page.insert(4, "NO-SUCH-SKU".into());
    let picked = in_order(lines.clone(), &page);
    assert_eq!(codes(&picked), order[..10].to_vec());
    let i = lines.iter().position(|l| l.sku == order[5]).unwrap();
    assert_eq!(
        picked[5], lines[i],
        "the whole line, as family_skus gave it"
    );
}
