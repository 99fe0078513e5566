//! The plans the views read: [`PlanView`] (a plan kept up to date incrementally) and
//! [`BasePlan`] (the base plan, shared with the active plan's memo while it is active).

use super::empty_cycle;
use crate::engine::command::PlanRef;
use crate::engine::model::{Baseline, Cycle, Levers, PlanInputs};
use crate::engine::plan::{LivePlan, Plan, Unchanged};
use leptos::prelude::*;
use std::ops::Deref;
use std::sync::Arc;

/// A computed plan (the active plan or the base plan), kept up to date by a
/// [`LivePlan`]: an edit recomputes only what it touched, exactly. Reads as a [`Plan`].
/// Keeps the baselines it was computed with: the same `Arc` next time means they need
/// not be compared (see [`AppState::baselines`]).
pub struct PlanView(LivePlan, Arc<Vec<Baseline>>, u64);

impl Deref for PlanView {
    type Target = Plan;

    fn deref(&self) -> &Plan {
        self.0.plan()
    }
}

impl PlanView {
    /// The plan of `c` with `inputs` and `levers`, in full.
    pub fn new(c: &Cycle, inputs: &PlanInputs, levers: &Levers, bl: &Arc<Vec<Baseline>>) -> Self {
        PlanView(LivePlan::new(c, inputs, levers, bl), bl.clone(), u64::MAX)
    }

    /// Brings the plan up to date (only what changed is recomputed); whether it changed.
    /// `master_rev` is [`AppState::master_rev`]: the same number as at the last refresh
    /// means the master data is the same (it is then not compared).
    pub fn refresh(
        &mut self,
        c: &Cycle,
        inputs: &PlanInputs,
        levers: &Levers,
        bl: &Arc<Vec<Baseline>>,
        master_rev: u64,
    ) -> bool {
        let unchanged = Unchanged {
            baselines: Arc::ptr_eq(&self.1, bl),
            master: self.2 == master_rev,
        };
        let changed = self.0.update_with(c, inputs, levers, bl, unchanged);
        self.1 = bl.clone();
        self.2 = master_rev;
        changed.is_some()
    }

    /// The plan of an empty cycle (before loading).
    pub(super) fn empty() -> Self {
        PlanView::new(
            &empty_cycle(),
            &PlanInputs::default(),
            &Levers::default(),
            &Arc::default(),
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
