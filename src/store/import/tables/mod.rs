//! One file per import table, each the one declaration of its table: its columns
//! (from which [`schema`](super::schema), templates, docs and the Data view's field
//! limits come), its row reader (called by [`parse`](super::parse) once the header is
//! recognised and checked) and its export writer (called by
//! [`export::sheet`](crate::store::export::sheet)).
//!
//! [`row`] is what the row readers share: the sheet to read, the per-row parsing
//! context and its typed cell readers, duplicate keys. Key/value tables (finance,
//! workforce, costs) are read generically by `parse` and turned into their record here.

pub(crate) mod bom;
pub(crate) mod budget;
pub(crate) mod calendar;
pub(crate) mod components;
pub(crate) mod costs;
pub(crate) mod families;
pub(crate) mod family_costs;
pub(crate) mod finance;
pub(crate) mod history;
pub(crate) mod history_decisions;
pub(crate) mod pipeline;
pub(crate) mod products;
pub(crate) mod resources;
pub(crate) mod routings;
pub(crate) mod row;
pub(crate) mod workforce;
