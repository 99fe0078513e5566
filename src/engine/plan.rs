//! The plan: consensus demand → supply → capacity → workforce → components → cash.
