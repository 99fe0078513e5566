//! A scenario's levers in words, as the scenario table and a shared link list them:
//! `demand BIKES +12.5 %`, `price −3 %`, `DSO 45 days`, `strategy target cover 1.5 months`.
//! Each figure as typed (no rounding), in the workspace's number format.

use crate::engine::format::{MINUS, plain};
use crate::engine::model::{Levers, Strategy};
use crate::engine::number::NumberFormat;

/// A lever's percent as typed, signed with a true minus: `12.5 → +12.5 %`, `−3 → −3 %`.
fn pct(x: f64, nf: NumberFormat) -> String {
    let sign = if x > 0.0 {
        "+".to_string()
    } else if x < 0.0 {
        MINUS.to_string()
    } else {
        String::new()
    };
    format!("{sign}{} %", plain(x.abs(), nf))
}

/// One line per lever that is set, in the order of the levers editor: demand by family,
/// price, cost, capacity by resource, DSO, DPO, strategy. No levers: an empty list.
pub fn levers_text(l: &Levers, nf: NumberFormat) -> Vec<String> {
    let mut out = Vec::new();
    for d in &l.demand_pct {
        out.push(format!("demand {} {}", d.id, pct(d.pct, nf)));
    }
    if l.price_pct != 0.0 {
        out.push(format!("price {}", pct(l.price_pct, nf)));
    }
    if l.cost_pct != 0.0 {
        out.push(format!("cost {}", pct(l.cost_pct, nf)));
    }
    for c in &l.capacity_pct {
        out.push(format!("capacity {} {}", c.id, pct(c.pct, nf)));
    }
    if let Some(d) = l.dso_days {
        out.push(format!("DSO {} days", plain(d.normalize(), nf)));
    }
    if let Some(d) = l.dpo_days {
        out.push(format!("DPO {} days", plain(d.normalize(), nf)));
    }
    if let Some(s) = l.strategy {
        out.push(match s {
            Strategy::TargetCover { months } => {
                format!("strategy target cover {} months", plain(months, nf))
            }
            s => format!("strategy {}", s.label().to_lowercase()),
        });
    }
    out
}
