//! A backup is read and checked before it replaces anything: empty, not JSON, without a
//! cycle or with data no edit or import would let in is refused with the problems in a
//! planner's words; a good one is summarised for the confirmation.

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::store::{BackupError, read_backup, summary, workspace_to_json};

#[test]
fn the_demo_backup_is_restored_and_summarised() {
    let w = demo_workspace();
    let back = read_backup(&workspace_to_json(&w)).unwrap();
    assert_eq!(back, w);
    let s = summary(&back);
    assert_eq!((s.cycles, s.products, s.exported_at), (1, 30, None));
    assert_eq!(
        s.to_string(),
        format!(
            "{}: 1 cycle, newest {} (draft), 30 products",
            w.name, w.cycles[0].label
        )
    );
    // Two cycles: the newest one is described.
    let mut two = w.clone();
    let mut next = w.cycles[0].clone();
    next.id = "next".into();
    next.label = next.label.plus(1);
    next.master.products.truncate(12);
    let kept: Vec<String> = next.master.products.iter().map(|p| p.sku.clone()).collect();
    next.inputs.pipeline.retain(|o| kept.contains(&o.sku));
    two.cycles.push(next);
    let s = summary(&read_backup(&workspace_to_json(&two)).unwrap());
    assert_eq!(
        s.to_string(),
        format!(
            "{}: 2 cycles, newest {} (draft), 12 products",
            w.name,
            w.cycles[0].label.plus(1)
        )
    );
}

#[test]
fn empty_not_json_and_no_cycle_each_say_so() {
    assert_eq!(read_backup("  \n").unwrap_err(), BackupError::Empty);
    let e = read_backup("name,sku\nA,B\n").unwrap_err();
    assert!(matches!(e, BackupError::Unreadable(_)), "{e:?}");
    assert!(e.to_string().contains("line 1, column 2"), "{e}");
    let mut w = demo_workspace();
    w.cycles.clear();
    assert_eq!(
        read_backup(&workspace_to_json(&w)).unwrap_err(),
        BackupError::NoCycle
    );
}

#[test]
fn a_negative_price_and_a_duplicated_sku_are_refused_in_planner_words() {
    let mut w = demo_workspace();
    let c = &mut w.cycles[0];
    let label = c.label;
    let sku = c.master.products[3].sku.clone();
    c.master.products[3].price = Decimal::from(-5);
    c.master.products.push(c.master.products[0].clone());
    let dup = c.master.products[0].sku.clone();
    c.master.products[5].price = Decimal::from(10_000_000_000_000i64);
    let e = read_backup(&workspace_to_json(&w)).unwrap_err();
    let BackupError::Invalid { problems, total } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*total, 3, "{problems:?}");
    assert!(problems.contains(&format!(
        "cycle {label}, product {dup}: id '{dup}' is used twice"
    )));
    assert!(problems.contains(&format!(
        "cycle {label}, product {sku}: price must not be negative, got -5"
    )));
    assert!(
        problems
            .iter()
            .any(|p| p.ends_with("price 10000000000000 is too large (at most 1000000000)")),
        "{problems:?}"
    );
    assert!(
        e.to_string()
            .starts_with("the backup cannot be restored: 3 problems found\n- ")
    );
}

#[test]
fn at_most_ten_problems_are_listed() {
    let mut w = demo_workspace();
    for p in &mut w.cycles[0].master.products {
        p.on_hand = -1.0;
    }
    let BackupError::Invalid { problems, total } = read_backup(&workspace_to_json(&w)).unwrap_err()
    else {
        panic!()
    };
    assert_eq!((problems.len(), total), (10, 30));
    let e = read_backup(&workspace_to_json(&w)).unwrap_err();
    assert!(e.to_string().ends_with("\n… and 20 more"), "{e}");
}
