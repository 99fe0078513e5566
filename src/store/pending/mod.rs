//! Unsaved edits written as the page goes away.
//!
//! A save waits 250 ms after the last edit and then serializes the cycle in short steps,
//! so a tab closed right after an edit would lose it. When the page is hidden or closed
//! (`visibilitychange`, `pagehide`, `beforeunload`) and an edit is not yet saved, the app
//! writes a [`Pending`] record in one synchronous step: a single `put` that needs no
//! earlier read, in a transaction told to commit at once, on a store no other
//! transaction of the page holds open (see `store::idb`), so it never waits behind a
//! save in progress and the browser completes it after the page is gone. It holds the
//! rows (or JSON of the cycles) that changed since the last save and the stored revision
//! they are based on.
//!
//! Opening the workspace later decides the record's [`Fate`]: one that a later save of
//! its own tab holds is deleted then ([`Fate::Covered`]); any other is either newer than
//! what is stored (adopted, then saved normally) or based on a revision that another
//! tab has since replaced (kept as a copy, never merged silently, never dropped).

use serde::{Deserialize, Serialize};

mod delta;
pub use delta::CycleDelta;

/// The unsaved state of a workspace at the moment its page went away.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The tab that wrote it (the `writer` of its saves).
    pub tab: String,
    /// Edit stamp of the newest edit it holds (see [`next_stamp`]).
    pub stamp: f64,
    /// The stored revision the tab's workspace was based on (0 = never saved).
    pub base_rev: u32,
    pub name: String,
    pub currency: String,
    /// How numbers are written (absent in records of older versions).
    #[serde(default)]
    pub number_format: crate::engine::number::NumberFormat,
    pub format: u32,
    /// Ids of all the workspace's cycles, oldest first.
    pub cycle_ids: Vec<String>,
    /// (cycle id, JSON of that cycle) for the cycles that differ from the stored ones.
    pub cycles: Vec<(String, String)>,
    /// The current cycle as a change to the stored one, when it is not in `cycles`
    /// (see [`CycleDelta`]; absent in records of older versions).
    #[serde(default)]
    pub delta: Option<CycleDelta>,
}

/// What the stored workspace says about its last save.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StoredSave<'a> {
    pub rev: u32,
    pub writer: &'a str,
    /// Edit stamp of the newest edit the save holds.
    pub stamp: f64,
}

/// What to do with a [`Pending`] record found when a workspace is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It holds edits newer than what is stored, made on top of it: open it and save.
    Adopt,
    /// A later save of the same tab holds everything it holds: delete it.
    Covered,
    /// Another tab saved since the revision it is based on: keep it as a copy of its own
    /// (the planner decides), never overwrite the other tab's work.
    Diverged,
}

/// The key workspace `id`'s pending record had in the `settings` store until data
/// version 3 (now in a store of its own, keyed by the workspace id; read by the
/// migration only).
pub fn key(workspace_id: &str) -> String {
    format!("pending/{workspace_id}")
}

/// Decides what to do with `p` given the stored workspace (`None`: never saved).
///
/// - stored revision = the record's base revision: nothing was saved since → adopt;
/// - the last save was by the same tab: its later saves hold its edits up to their
///   stamp → covered if that stamp reaches the record's, else adopt (a tab's saves are
///   revision-checked, so a later save by it means no other tab saved in between);
/// - otherwise another tab saved since → diverged.
pub fn fate(stored: Option<StoredSave<'_>>, p: &Pending) -> Fate {
    let Some(s) = stored else {
        return if p.base_rev == 0 {
            Fate::Adopt
        } else {
            // Deleted since (in another tab): what it holds is still the planner's work.
            Fate::Diverged
        };
    };
    if s.rev == p.base_rev {
        Fate::Adopt
    } else if s.writer == p.tab {
        if s.stamp >= p.stamp {
            Fate::Covered
        } else {
            Fate::Adopt
        }
    } else {
        Fate::Diverged
    }
}

/// The stamp of a new edit: the clock in ms, but always above the previous stamp (two
/// edits in one millisecond, or a clock set back, still get increasing stamps).
pub fn next_stamp(previous: f64, now_ms: f64) -> f64 {
    if now_ms > previous {
        now_ms
    } else {
        previous + 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(tab: &str, stamp: f64, base_rev: u32) -> Pending {
        Pending {
            tab: tab.into(),
            stamp,
            base_rev,
            name: "W".into(),
            currency: "EUR".into(),
            number_format: Default::default(),
            format: 1,
            cycle_ids: vec!["c1".into()],
            cycles: vec![("c1".into(), "{}".into())],
            delta: None,
        }
    }

    fn stored(rev: u32, writer: &str, stamp: f64) -> Option<StoredSave<'_>> {
        Some(StoredSave { rev, writer, stamp })
    }

    #[test]
    fn edits_on_top_of_what_is_stored_are_adopted() {
        assert_eq!(
            fate(stored(4, "a", 100.0), &pending("a", 150.0, 4)),
            Fate::Adopt
        );
        // Another tab's record, but nothing saved since its base: still adopted.
        assert_eq!(
            fate(stored(4, "b", 100.0), &pending("a", 150.0, 4)),
            Fate::Adopt
        );
        // A workspace never saved (a new one, closed within the save delay).
        assert_eq!(fate(None, &pending("a", 150.0, 0)), Fate::Adopt);
    }

    #[test]
    fn a_later_save_of_the_same_tab_covers_the_record_or_not() {
        // Hidden tab: the record was written, then the normal save went through.
        assert_eq!(
            fate(stored(5, "a", 150.0), &pending("a", 150.0, 4)),
            Fate::Covered
        );
        assert_eq!(
            fate(stored(6, "a", 170.0), &pending("a", 150.0, 4)),
            Fate::Covered
        );
        // The tab's save had started before the last edit: the record is newer.
        assert_eq!(
            fate(stored(5, "a", 120.0), &pending("a", 150.0, 4)),
            Fate::Adopt
        );
    }

    #[test]
    fn another_tabs_save_since_the_base_is_never_overwritten() {
        assert_eq!(
            fate(stored(5, "b", 90.0), &pending("a", 150.0, 4)),
            Fate::Diverged
        );
        assert_eq!(fate(None, &pending("a", 150.0, 3)), Fate::Diverged);
    }

    #[test]
    fn stamps_always_increase() {
        assert_eq!(next_stamp(0.0, 1000.0), 1000.0);
        assert_eq!(next_stamp(1000.0, 1000.0), 1001.0);
        assert_eq!(next_stamp(1001.0, 999.0), 1002.0);
    }

    #[test]
    fn the_record_round_trips_as_json() {
        let p = pending("tab-1", 1.5e12, 7);
        let back: Pending = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
        assert_eq!(key("demo"), "pending/demo");
    }
}
