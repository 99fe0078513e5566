//! A new product in one command (the Data view's "New product" form): the product with
//! its launch, made like its like item when it has one.

use super::{Command, CommandError};
use crate::engine::launch::Lifecycle;
use crate::engine::model::{Cycle, Product};
use crate::engine::month::Month;
use rust_decimal::Decimal;

/// What the form asks of a new product.
#[derive(Clone, Debug, PartialEq)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub family: String,
    pub price: Decimal,
    pub unit_cost: Decimal,
    pub launch: Option<Month>,
    /// Blank: no like item (its baseline is 0 until it has history).
    pub like_item: String,
    pub like_factor: Option<f64>,
}

/// The command that adds `p` to the cycle's products (at the end). A product with a
/// like item is made like it: its routing, BOM, lead time, service level, lot sizes and
/// strategy are the like item's (editable after); without one, lead time 1 month and
/// service level 95 %. Stock on hand 0. The command's own validation refuses an SKU in
/// use, an unknown family or like item, a bad factor.
pub fn add_product(cycle: &Cycle, p: NewProduct) -> Result<Command, CommandError> {
    let sku = p.sku.trim().to_string();
    if sku.is_empty() {
        return Err(CommandError("a new product needs a SKU".into()));
    }
    if cycle.master.products.iter().any(|x| x.sku == sku) {
        return Err(CommandError(format!("SKU '{sku}' is already a product")));
    }
    let like = cycle
        .master
        .products
        .iter()
        .find(|x| x.sku == p.like_item.trim());
    let name = match p.name.trim() {
        "" => sku.clone(),
        n => n.to_string(),
    };
    let product = Product {
        sku,
        name,
        family: p.family.trim().to_string(),
        price: p.price,
        unit_cost: p.unit_cost,
        on_hand: 0.0,
        lead_time: like.map_or(1, |l| l.lead_time),
        service_level: like.map_or(0.95, |l| l.service_level),
        lot_min: like.map_or(0.0, |l| l.lot_min),
        lot_multiple: like.map_or(0.0, |l| l.lot_multiple),
        routing: like.map_or_else(Vec::new, |l| l.routing.clone()),
        bom: like.map_or_else(Vec::new, |l| l.bom.clone()),
        strategy: like.and_then(|l| l.strategy),
        lifecycle: Lifecycle {
            launch: p.launch,
            like_item: p.like_item.trim().to_string(),
            like_factor: p.like_factor,
            ..Lifecycle::default()
        },
    };
    let mut master = cycle.master.clone();
    master.products.push(product);
    Ok(Command::SetMaster(Box::new(master)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;

    fn form(sku: &str, like: &str) -> NewProduct {
        NewProduct {
            sku: sku.into(),
            name: "E-City 900".into(),
            family: "EBIKE".into(),
            price: Decimal::new(2990, 0),
            unit_cost: Decimal::new(2100, 0),
            launch: Some(Month::new(2027, 3)),
            like_item: like.into(),
            like_factor: Some(0.8),
        }
    }

    #[test]
    fn a_new_product_is_made_like_its_like_item_and_undoes() {
        let mut c = demo_workspace().cycles.remove(0);
        let before = c.clone();
        let undo = add_product(&c, form("EB-CITY-900", "EB-CITY-500"))
            .unwrap()
            .apply(&mut c)
            .unwrap();
        let new = c.master.products.last().unwrap();
        let like = c
            .master
            .products
            .iter()
            .find(|p| p.sku == "EB-CITY-500")
            .unwrap();
        assert_eq!((new.sku.as_str(), new.on_hand), ("EB-CITY-900", 0.0));
        assert_eq!(new.routing, like.routing);
        assert_eq!(new.bom, like.bom);
        assert_eq!(new.lifecycle.like_factor, Some(0.8));
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
    }

    #[test]
    fn a_taken_sku_or_unknown_like_item_is_refused() {
        let mut c = demo_workspace().cycles.remove(0);
        let e = add_product(&c, form("EB-CITY-500", "")).unwrap_err();
        assert_eq!(e.0, "SKU 'EB-CITY-500' is already a product");
        assert!(add_product(&c, form(" ", "")).is_err());
        let e = add_product(&c, form("EB-CITY-900", "NOPE"))
            .unwrap()
            .apply(&mut c)
            .unwrap_err();
        assert_eq!(
            e.0,
            "product EB-CITY-900, like item: unknown like item 'NOPE'"
        );
    }
}
