//! The plans the views read: [`PlanView`] (a plan kept up to date incrementally) and
//! [`BasePlan`] (the base plan, shared with the active plan's memo while it is active).

use super::empty_cycle;
use crate::engine::change::ChangeLog;
use crate::engine::command::PlanRef;
use crate::engine::model::{Baseline, Cycle, Levers, PlanInputs};
use crate::engine::plan::{LivePlan, Plan, Unchanged};
use leptos::prelude::*;
use std::ops::Deref;
use std::sync::{Arc, Weak};

/// A computed plan (the active plan, the base plan or a scenario's), kept up to date by
/// a [`LivePlan`]: an edit recomputes only what it touched, exactly. Reads as a [`Plan`].
/// It learns what changed from the state's [`ChangeLog`] (the change sets of the edits
/// since it last looked); only when the log cannot say (another cycle shown, too far
/// behind) does it compare. Remembers which baselines it was computed with: the same
/// `Arc` next time means they need not be compared (see [`AppState::baselines`]). Only
/// a `Weak` is kept, so that publishing a batch of baselines (`Arc::make_mut`) moves the
/// list to a new `Arc` instead of copying 10,000 baselines; the `Weak` keeps the old
/// allocation from being reused, so the same address is never mistaken for the same list.
pub struct PlanView {
    live: LivePlan,
    baselines: Weak<Vec<Baseline>>,
    master_rev: u64,
    /// The plan it is of, and the last change-log entry it has taken in.
    which: PlanRef,
    seen: u64,
}

impl Deref for PlanView {
    type Target = Plan;

    fn deref(&self) -> &Plan {
        self.live.plan()
    }
}

/// What a plan view is told about the edits: the change log and the master-data count
/// ([`AppState::master_rev`]).
#[derive(Clone, Copy)]
pub struct Edits<'a> {
    pub log: &'a ChangeLog,
    pub master_rev: u64,
}

impl PlanView {
    /// The plan `which` of `c` with `inputs` and `levers`, in full.
    pub fn new(
        c: &Cycle,
        which: PlanRef,
        inputs: &PlanInputs,
        levers: &Levers,
        bl: &Arc<Vec<Baseline>>,
        edits: Edits<'_>,
    ) -> Self {
        PlanView {
            live: LivePlan::new(c, inputs, levers, bl),
            baselines: Arc::downgrade(bl),
            master_rev: edits.master_rev,
            which,
            seen: edits.log.head(),
        }
    }

    /// Brings the plan up to date (only what changed is recomputed); whether it changed.
    pub fn refresh(
        &mut self,
        c: &Cycle,
        which: PlanRef,
        inputs: &PlanInputs,
        levers: &Levers,
        bl: &Arc<Vec<Baseline>>,
        edits: Edits<'_>,
    ) -> bool {
        let same_baselines = Weak::ptr_eq(&self.baselines, &Arc::downgrade(bl));
        // A scenario's inputs may also be replaced with the list of scenarios (which
        // the change set names as a whole): that is compared.
        let touched = edits
            .log
            .since(self.seen)
            .filter(|t| which == self.which && !(t.scenarios && which != PlanRef::Base));
        let changed = match touched {
            Some(t) => self
                .live
                .update_touched(c, inputs, levers, bl, &t, which, same_baselines),
            None => {
                let unchanged = Unchanged {
                    baselines: same_baselines,
                    master: self.master_rev == edits.master_rev,
                };
                self.live.update_with(c, inputs, levers, bl, unchanged)
            }
        };
        self.baselines = Arc::downgrade(bl);
        self.master_rev = edits.master_rev;
        self.which = which;
        self.seen = edits.log.head();
        changed.is_some()
    }

    /// The plan of an empty cycle (before loading).
    pub(super) fn empty() -> Self {
        PlanView::new(
            &empty_cycle(),
            PlanRef::Base,
            &PlanInputs::default(),
            &Levers::default(),
            &Arc::default(),
            Edits {
                log: &ChangeLog::default(),
                master_rev: 0,
            },
        )
    }
}

/// The base plan: the active plan's memo while the base plan is active (not computed
/// twice), else a memo of its own. Read it like a memo: `with`, `with_untracked`.
#[derive(Clone, Copy)]
pub struct BasePlan {
    pub(super) active: RwSignal<PlanRef>,
    pub(super) plan: Memo<PlanView>,
    pub(super) base: Memo<PlanView>,
}

impl BasePlan {
    pub fn with<R>(&self, f: impl FnOnce(&Plan) -> R) -> R {
        if self.active.get() == PlanRef::Base {
            self.plan.with(|p| f(p))
        } else {
            self.base.with(|p| f(p))
        }
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&Plan) -> R) -> R {
        if self.active.get_untracked() == PlanRef::Base {
            self.plan.with_untracked(|p| f(p))
        } else {
            self.base.with_untracked(|p| f(p))
        }
    }
}

impl super::AppState {
    /// What the plans are told about the edits (see [`PlanView::refresh`]).
    pub fn with_edits<R>(&self, f: impl FnOnce(Edits<'_>) -> R) -> R {
        let master_rev = self.master_rev.get_value();
        self.change_log
            .with_value(|log| f(Edits { log, master_rev }))
    }

    /// Everything may have changed (another workspace or cycle): the plans compare.
    pub(super) fn reset_changes(&self) {
        self.change_log.update_value(ChangeLog::reset);
    }
}
