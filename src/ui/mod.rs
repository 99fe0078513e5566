//! The Leptos app: one folder per cycle step.

pub fn start() {}
