//! The planning engine: pure Rust, no web, DOM, async or storage types.
//!
//! It takes a cycle (inputs, [`model`]) and returns a plan (outputs). Deterministic;
//! quantities are `f64`, money is `rust_decimal::Decimal`.

pub mod accuracy;
pub mod change;
pub mod command;
pub mod correction;
pub mod deal;
pub mod demo;
pub mod forecast;
pub mod format;
pub mod launch;
pub mod lifecycle;
pub mod meeting;
pub mod model;
pub mod month;
pub mod notes;
pub mod number;
pub mod optimize;
pub mod plan;
pub mod review;

pub use model::*;
pub use month::Month;
