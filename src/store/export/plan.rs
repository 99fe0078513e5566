//! The plan as workbook sheets, one per step of the cycle: demand (the waterfall),
//! supply, capacity, workforce, components, finance, KPIs and exceptions. Long format
//! (one row per SKU / resource / component and month) so that a pivot table or a filter
//! in Excel works directly.

use super::{Cell, Sheet};
use crate::engine::plan::scenario::kpi_rows;
use crate::engine::plan::{Grid, KpiValue, Plan};
use rust_decimal::Decimal;

/// Rows `key × month` with one column per grid.
fn long(
    name: &str,
    key: &str,
    keys: &[String],
    months: &[crate::engine::month::Month],
    grids: &[(&str, &Grid)],
) -> Sheet {
    let mut cols = vec![key, "month"];
    cols.extend(grids.iter().map(|(n, _)| *n));
    let mut s = Sheet::new(name, &cols);
    s.rows.reserve(keys.len() * months.len());
    for (i, k) in keys.iter().enumerate() {
        for (t, m) in months.iter().enumerate() {
            let mut row = Vec::with_capacity(cols.len());
            row.push(Cell::Text(k.clone()));
            row.push(Cell::Month(*m));
            row.extend(grids.iter().map(|(_, g)| Cell::Number(g.get(i, t))));
            s.rows.push(row);
        }
    }
    s
}

/// The sheets of a plan, in the order of the cycle's steps.
pub fn plan_sheets(plan: &Plan) -> Vec<Sheet> {
    let d = &plan.demand;
    let sp = &plan.supply;
    let c = &plan.capacity;
    let m = &plan.months;
    let mut out = Vec::with_capacity(8);

    let mut demand = long(
        "Demand",
        "sku",
        &plan.skus,
        m,
        &[
            ("statistical", &d.statistical),
            ("sales", &d.sales),
            ("marketing", &d.marketing),
            ("pipeline", &d.pipeline),
            ("consensus", &d.consensus),
        ],
    );
    demand.columns.insert(1, "family".into());
    for (r, row) in demand.rows.iter_mut().enumerate() {
        let fam = plan
            .sku_family
            .get(r / m.len().max(1))
            .cloned()
            .unwrap_or_default();
        row.insert(1, Cell::Text(fam));
    }
    out.push(demand);

    let mut supply = long(
        "Supply",
        "sku",
        &plan.skus,
        m,
        &[
            ("production", &sp.production),
            ("shipments", &sp.shipments),
            ("inventory", &sp.inventory),
            ("backlog", &sp.backlog),
            ("lost", &sp.lost),
            ("months_of_cover", &sp.cover),
        ],
    );
    supply.columns.push("safety_stock".into());
    supply.columns.push("strategy".into());
    for (r, row) in supply.rows.iter_mut().enumerate() {
        let i = r / m.len().max(1);
        row.push(Cell::Number(sp.safety_stock.get(i).copied().unwrap_or(0.0)));
        row.push(Cell::Text(
            sp.strategy
                .get(i)
                .map(|s| s.label().to_string())
                .unwrap_or_default(),
        ));
    }
    out.push(supply);

    out.push(long(
        "Capacity",
        "resource",
        &c.resources,
        m,
        &[
            ("load_hours", &c.load),
            ("regular_hours", &c.regular),
            ("overtime_available", &c.overtime_available),
            ("overtime_used", &c.overtime_used),
            ("overload_hours", &c.overload),
            ("utilization", &c.utilization),
        ],
    ));

    let w = &plan.workforce;
    let mut wf = Sheet::new(
        "Workforce",
        &[
            "month",
            "labour_hours",
            "fte_needed",
            "current_fte",
            "gap",
            "hires",
            "reductions",
        ],
    );
    for (t, month) in m.iter().enumerate() {
        let v = |x: &Vec<f64>| Cell::Number(x.get(t).copied().unwrap_or(0.0));
        wf.rows.push(vec![
            Cell::Month(*month),
            v(&w.labour_hours),
            v(&w.fte),
            Cell::Number(w.current_fte),
            v(&w.gap_vs_current),
            v(&w.hires),
            v(&w.reductions),
        ]);
    }
    out.push(wf);

    let cp = &plan.components;
    out.push(long(
        "Components",
        "component",
        &cp.components,
        m,
        &[
            ("gross_requirement", &cp.gross),
            ("planned_receipts", &cp.receipts),
            ("projected_on_hand", &cp.on_hand),
            ("planned_orders", &cp.orders),
        ],
    ));

    let mut fin = Sheet::new(
        "Finance",
        &[
            "month",
            "revenue",
            "cogs",
            "gross_margin",
            "conversion_cost",
            "purchases",
            "overtime_premium",
            "fixed_cost",
            "ebitda",
            "inventory",
            "ar",
            "ap",
            "collections",
            "payments",
            "ocf_direct",
            "ocf_indirect",
            "cash",
            "budget_revenue",
            "budget_margin",
        ],
    );
    for f in &plan.finance.months {
        let opt = |x: Option<Decimal>| x.map_or(Cell::Empty, Cell::Money);
        fin.rows.push(vec![
            Cell::Month(f.month),
            Cell::Money(f.revenue),
            Cell::Money(f.cogs),
            Cell::Money(f.gross_margin),
            Cell::Money(f.conversion_cost),
            Cell::Money(f.purchases),
            Cell::Money(f.overtime_premium),
            Cell::Money(f.fixed_cost),
            Cell::Money(f.ebitda),
            Cell::Money(f.inventory),
            Cell::Money(f.ar),
            Cell::Money(f.ap),
            Cell::Money(f.collections),
            Cell::Money(f.payments),
            Cell::Money(f.ocf_direct),
            Cell::Money(f.ocf_indirect),
            Cell::Money(f.cash),
            opt(f.budget_revenue),
            opt(f.budget_margin),
        ]);
    }
    out.push(fin);

    let mut kpis = Sheet::new("KPIs", &["kpi", "value"]);
    for (_, label, _, value, _) in kpi_rows(&plan.kpis) {
        let cell = match value {
            KpiValue::Exact(d) => Cell::Money(d),
            KpiValue::Approx(x) => Cell::Number(x),
            KpiValue::Missing => Cell::Empty,
        };
        kpis.rows.push(vec![Cell::Text(label.to_string()), cell]);
    }
    out.push(kpis);

    let mut ex = Sheet::new(
        "Exceptions",
        &[
            "kind",
            "sku",
            "family",
            "resource",
            "component",
            "month",
            "quantity",
            "amount",
            "message",
        ],
    );
    for e in &plan.exceptions {
        let text = |x: &Option<String>| x.clone().map_or(Cell::Empty, Cell::Text);
        ex.rows.push(vec![
            Cell::Text(format!("{:?}", e.kind)),
            text(&e.sku),
            text(&e.family),
            text(&e.resource),
            text(&e.component),
            e.month.map_or(Cell::Empty, Cell::Month),
            Cell::Number(e.quantity),
            e.amount.map_or(Cell::Empty, Cell::Money),
            Cell::Text(e.message.clone()),
        ]);
    }
    out.push(ex);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;
    use crate::engine::plan::{fallback::stand_in_baselines, plan_cycle};

    #[test]
    fn plan_sheets_hold_every_series_and_sum_back() {
        let c = demo_workspace().cycles.remove(0);
        let plan = plan_cycle(&c, &stand_in_baselines(&c));
        let sheets = plan_sheets(&plan);
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Demand",
                "Supply",
                "Capacity",
                "Workforce",
                "Components",
                "Finance",
                "KPIs",
                "Exceptions"
            ]
        );
        let demand = &sheets[0];
        assert_eq!(demand.rows.len(), 30 * 18);
        assert_eq!(demand.columns[..3], ["sku", "family", "month"]);
        // Consensus units in the sheet add up to the plan's.
        let k = demand
            .columns
            .iter()
            .position(|c| c == "consensus")
            .unwrap();
        let sheet_total: f64 = demand
            .rows
            .iter()
            .map(|r| match r[k] {
                Cell::Number(x) => x,
                _ => 0.0,
            })
            .sum();
        let plan_total: f64 = plan.demand.consensus.as_slice().iter().sum();
        assert!((sheet_total - plan_total).abs() < 1e-6);
        // Finance: one row per month, cash as in the plan, exactly.
        let fin = &sheets[5];
        assert_eq!(fin.rows.len(), 18);
        let cash = fin.columns.iter().position(|c| c == "cash").unwrap();
        assert_eq!(
            fin.rows[17][cash],
            Cell::Money(plan.finance.months[17].cash)
        );
        assert_eq!(sheets[2].rows.len(), 4 * 18);
        assert_eq!(sheets[7].rows.len(), plan.exceptions.len());
        // The workbook writes (XLSX bytes start with the zip signature).
        let bytes = super::super::to_xlsx(&sheets).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
