//! The supply review's model (`engine::review::supply`), natively.

use sop_planner::engine::command::set_production_override;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::baselines;
use sop_planner::engine::model::Levers;
use sop_planner::engine::plan;
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::supply::supply_data;

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
