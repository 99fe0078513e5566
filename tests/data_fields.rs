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
