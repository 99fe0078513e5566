//! The Data view's cells are the import schema's columns: typed values are read and
//! limited exactly as in an imported file, and every cell's text reads back to itself.

use rust_decimal::Decimal;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{MasterData, Strategy};
use sop_planner::engine::number::NumberFormat;
use sop_planner::store::import::cell::read_text;
use sop_planner::store::import::fields::{DEFAULT_COVER, Field, fields, row_count};
use sop_planner::store::import::schema::Table;

const MASTER: [Table; 4] = [
    Table::Families,
    Table::Products,
    Table::Resources,
    Table::Components,
];

fn master() -> MasterData {
    demo_workspace().cycles.last().unwrap().master.clone()
}

fn field(t: Table, title: &str) -> Field {
    fields(t)
        .into_iter()
        .find(|f| f.title == title)
        .unwrap_or_else(|| panic!("no field {title}"))
}

fn edit(m: &mut MasterData, t: Table, title: &str, text: &str) -> Result<(), String> {
    field(t, title).edit(m, 0, text, NumberFormat::POINT)
}

#[test]
fn every_cell_reads_back_to_itself_in_both_number_formats() {
    let m0 = master();
    for fmt in [NumberFormat::POINT, NumberFormat::COMMA] {
        for t in MASTER {
            let fs = fields(t);
            assert!(!fs.is_empty(), "{t:?} has fields");
            for f in &fs {
                for i in 0..row_count(t, &m0) {
                    let mut m = m0.clone();
                    let mut text = (f.get)(&m0, i);
                    if f.numeric() && fmt.decimal_comma {
                        text = text.replace('.', ",");
                    }
                    f.edit(&mut m, i, &text, fmt)
                        .unwrap_or_else(|e| panic!("{t:?} {} row {i} '{text}': {e}", f.title));
                    assert_eq!(m, m0, "{t:?} {} row {i}: '{text}' changed the row", f.title);
                }
            }
        }
    }
}

#[test]
fn limits_and_messages_are_the_importers() {
    let mut m = master();
    // Lead time: whole months up to validate's 120, as on import.
    edit(&mut m, Table::Products, "Lead time (months)", "120").unwrap();
    assert_eq!(m.products[0].lead_time, 120);
    let e = edit(&mut m, Table::Products, "Lead time (months)", "121").unwrap_err();
    let col = field(Table::Products, "Lead time (months)").column;
    assert_eq!(
        Err(e),
        read_text(col, "121", NumberFormat::POINT).map(|_| ())
    );
    assert!(edit(&mut m, Table::Products, "Lead time (months)", "1.5").is_err());
    // Money: exact, never negative, at most 1e9 a unit.
    edit(&mut m, Table::Products, "Price", "1,234.56").unwrap();
    assert_eq!(m.products[0].price, Decimal::new(123456, 2));
    let e = edit(&mut m, Table::Products, "Price", "-5").unwrap_err();
    assert!(e.contains("price") && e.contains("≥ 0"), "{e}");
    let e = edit(&mut m, Table::Products, "Price", "2000000000").unwrap_err();
    assert!(e.contains("at most"), "{e}");
    // A decimal comma workspace reads 1.234,5 as 1234.5.
    field(Table::Products, "On hand")
        .edit(&mut m, 0, "1.234,5", NumberFormat::COMMA)
        .unwrap();
    assert_eq!(m.products[0].on_hand, 1234.5);
    // Service level: 95, 95 % and 0.95 are all 95 %; 100 % is refused.
    for text in ["95", "95 %", "0.95"] {
        edit(&mut m, Table::Products, "Service level %", text).unwrap();
        assert_eq!(m.products[0].service_level, 0.95, "{text}");
    }
    let e = edit(&mut m, Table::Products, "Service level %", "100").unwrap_err();
    assert!(e.contains("between 50 % and 99.99 %"), "{e}");
    // A blank name is refused; so is an unknown family.
    assert!(edit(&mut m, Table::Products, "Name", "  ").is_err());
    assert!(
        edit(&mut m, Table::Products, "Family", "NOPE")
            .unwrap_err()
            .contains("NOPE")
    );
}

#[test]
fn strategy_and_cover_months_are_two_columns_as_on_import() {
    let mut m = master();
    m.products[0].strategy = Some(Strategy::Chase);
    let e = edit(&mut m, Table::Products, "Cover months", "2").unwrap_err();
    assert!(e.contains("target_cover"), "{e}");
    edit(&mut m, Table::Products, "Strategy", "target_cover").unwrap();
    assert_eq!(
        m.products[0].strategy,
        Some(Strategy::TargetCover {
            months: DEFAULT_COVER
        })
    );
    edit(&mut m, Table::Products, "Cover months", "2.5").unwrap();
    assert_eq!(
        m.products[0].strategy,
        Some(Strategy::TargetCover { months: 2.5 })
    );
    // Choosing target cover again keeps the months; blank is the family's strategy.
    edit(&mut m, Table::Products, "Strategy", "cover").unwrap();
    assert_eq!(
        m.products[0].strategy,
        Some(Strategy::TargetCover { months: 2.5 })
    );
    edit(&mut m, Table::Products, "Strategy", "").unwrap();
    assert_eq!(m.products[0].strategy, None);
    assert!(edit(&mut m, Table::Products, "Strategy", "fast").is_err());
    // A family always has a strategy, offered without "family's".
    let fam = fields(Table::Families)
        .into_iter()
        .find(|f| f.column.name == "strategy")
        .unwrap();
    assert!(fam.edit(&mut m, 0, "", NumberFormat::POINT).is_err());
    assert!(fam.choices(&m).iter().all(|(v, _)| !v.is_empty()));
    let sku = field(Table::Products, "Strategy");
    assert_eq!(sku.choices(&m)[0].0, "");
    let fams = field(Table::Products, "Family").choices(&m);
    assert_eq!(fams.len(), m.families.len());
}

/// The optimizer's cost tables in the Data view: the `costs` parameters and the
/// `family_costs` columns, read and limited as on import; what only the plan's
/// validation sees (max FTE below min FTE) is refused by the command the view sends.
#[test]
fn cost_cells_are_the_import_columns() {
    use sop_planner::engine::command::{Command, PlanRef};
    use sop_planner::engine::optimize::{CostSettings, FamilyCosts};
    use sop_planner::store::import::fields::{cost_fields, family_cost_fields, with_family_costs};
    let cycle = demo_workspace().cycles.pop().unwrap();
    let c0 = cycle.inputs.supply.costs.clone();
    let f0 = c0.family("CITY");
    // Every cell reads back to itself, in both number formats.
    for fmt in [NumberFormat::POINT, NumberFormat::COMMA] {
        let comma = |t: String| {
            if fmt.decimal_comma {
                t.replace('.', ",")
            } else {
                t
            }
        };
        for f in cost_fields() {
            let mut c = c0.clone();
            f.edit(&mut c, 0, &comma((f.get)(&c0, 0)), fmt).unwrap();
            assert_eq!(c, c0, "{}", f.title);
        }
        for f in family_cost_fields() {
            let mut r = f0.clone();
            f.edit(&mut r, 0, &comma((f.get)(&f0, 0)), fmt).unwrap();
            assert_eq!(r, f0, "{}", f.title);
        }
    }
    let field = |t: &str| cost_fields().into_iter().find(|f| f.title == t).unwrap();
    let mut c = c0.clone();
    // Money exact; a blank parameter takes the import's default (3,000), max FTE none.
    field("Hiring cost per FTE")
        .edit(&mut c, 0, "4,750.50", NumberFormat::POINT)
        .unwrap();
    assert_eq!(c.hire_cost, Decimal::new(475050, 2));
    field("Hiring cost per FTE")
        .edit(&mut c, 0, "", NumberFormat::POINT)
        .unwrap();
    assert_eq!(c.hire_cost, CostSettings::default().hire_cost);
    field("Max FTE")
        .edit(&mut c, 0, "120", NumberFormat::POINT)
        .unwrap();
    assert_eq!(c.max_fte, Some(120.0));
    field("Max FTE")
        .edit(&mut c, 0, " ", NumberFormat::POINT)
        .unwrap();
    assert_eq!(c.max_fte, None);
    // The importer's reader and its message: never negative.
    let e = field("Cost per FTE-month")
        .edit(&mut c, 0, "-5", NumberFormat::POINT)
        .unwrap_err();
    let col = field("Cost per FTE-month").column;
    assert_eq!(
        Err(e.clone()),
        read_text(col, "-5", NumberFormat::POINT).map(|_| ())
    );
    assert!(e.contains("cost per FTE") && e.contains("≥ 0"), "{e}");
    // Holding over 1000 % a year: the reader's limit and message, as on import.
    let e = field("Holding cost % a year")
        .edit(&mut c, 0, "2000", NumberFormat::POINT)
        .unwrap_err();
    assert_eq!(e, "holding cost must be at most 1000, found '2000'");
    // Max FTE below min FTE reads cell by cell, but the plan's validation refuses it, as
    // it refuses it on import: the command the Data view sends changes nothing.
    field("Min FTE")
        .edit(&mut c, 0, "10", NumberFormat::POINT)
        .unwrap();
    field("Max FTE")
        .edit(&mut c, 0, "5", NumberFormat::POINT)
        .unwrap();
    let mut inputs = cycle.inputs.clone();
    inputs.supply.costs = c.clone();
    let mut refused = cycle.clone();
    let e = Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs.clone()),
    }
    .apply(&mut refused)
    .unwrap_err();
    assert_eq!(e.0, "max fte must not be below min FTE 10");
    assert_eq!(refused, cycle);
    inputs.supply.costs.max_fte = Some(12.0);
    let mut ok = cycle.clone();
    Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs),
    }
    .apply(&mut ok)
    .unwrap();
    assert_eq!(ok.inputs.supply.costs.max_fte, Some(12.0));
    // A family row: blank costs take their defaults (None), the limit 0; the edited row
    // replaces the family's entry, a family without one gets one.
    let ff = |t: &str| {
        family_cost_fields()
            .into_iter()
            .find(|f| f.title == t)
            .unwrap()
    };
    let mut r = c0.family("CITY");
    assert_eq!(r.subcontract_limit, 40.0);
    ff("Subcontracting limit / month")
        .edit(&mut r, 0, "55", NumberFormat::POINT)
        .unwrap();
    ff("Backlog cost / unit-month")
        .edit(&mut r, 0, "12.5", NumberFormat::POINT)
        .unwrap();
    assert_eq!(r.backlog_cost, Some(Decimal::new(125, 1)));
    ff("Backlog cost / unit-month")
        .edit(&mut r, 0, "", NumberFormat::POINT)
        .unwrap();
    assert_eq!(r.backlog_cost, None);
    assert!(
        ff("Ending inventory")
            .edit(&mut r, 0, "-1", NumberFormat::POINT)
            .is_err()
    );
    let c2 = with_family_costs(&c0, r);
    assert_eq!(c2.families.len(), c0.families.len());
    assert_eq!(c2.family("CITY").subcontract_limit, 55.0);
    let fam = cycle
        .master
        .families
        .iter()
        .find(|f| c0.families.iter().all(|x| x.family != f.id));
    let fam = fam
        .expect("a demo family without costs of its own")
        .id
        .clone();
    let c3 = with_family_costs(
        &c0,
        FamilyCosts {
            subcontract_limit: 5.0,
            ..c0.family(&fam)
        },
    );
    assert_eq!(c3.families.len(), c0.families.len() + 1);
    assert_eq!(c3.family(&fam).subcontract_limit, 5.0);
}
