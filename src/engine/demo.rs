//! The built-in demo company, generated deterministically.
