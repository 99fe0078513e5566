//! Auto-save with a truthful indicator, and nothing lost when the page goes away.
//!
//! Every edit gets an increasing *edit stamp*; a save records the stamp of the newest
//! edit it holds. Right after each edit, and when the page is hidden or closed while an
//! edit is not saved yet, the unsaved edits are written at once as a pending record
//! ([`crate::store::pending`]), synchronously, so the edit is in IndexedDB even if the
//! tab is gone a moment later; opening the workspace again adopts it. (After an edit
//! only when the record is small, the rows the edits touched; whole cycles, after a
//! change no change set tells, only as the page goes away.) Where even that cannot be
//! written (storage unavailable or failing), closing the page asks first.

use super::*;
use crate::engine::change::ChangeSet;
use crate::store::idb::{Recovered, SaveOptions};
use crate::store::pending::{CycleDelta, Pending, next_stamp};
use crate::ui::slices;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Change sets kept for unsaved edits before a pending record falls back to whole
/// cycles (saves failing for a long while).
const MAX_UNSAVED_CHANGES: usize = 10_000;

/// An edit on its way but not applied yet, from [`AppState::hold_save`]: while any
/// is held, the indicator says "saving…" and closing the page asks first. Dropped when
/// the edit has applied or was refused (whatever path the caller takes).
#[must_use = "hold it until the edit has applied or was refused"]
pub struct SaveHold {
    state: AppState,
    generation: u64,
    held: bool,
}

impl Drop for SaveHold {
    /// An edit that applied has asked for its save (the indicator follows that save);
    /// one refused changed nothing, so "saved" is shown again unless another save is
    /// under way or waiting.
    fn drop(&mut self) {
        let state = self.state;
        state.checking.update_value(|n| *n = n.saturating_sub(1));
        if self.held
            && state.save_gen.get_value() == self.generation
            && !state.saving.get_value()
            && state.save.get_untracked() == SaveState::Pending
        {
            state.save.set(SaveState::Saved);
        }
    }
}

impl AppState {
    /// Saves after a short quiet period; the indicator says "saving" until it is done.
    pub(super) fn schedule_save(&self) {
        let state = *self;
        let generation = self.save_gen.get_value() + 1;
        self.save_gen.set_value(generation);
        self.stamp_edit();
        if self.repo.with_value(Option::is_none) || self.save.get_untracked() == SaveState::Conflict
        {
            return; // storage unavailable or taken over by another tab: the message stays
        }
        self.save.set(SaveState::Pending);
        spawn_local(async move {
            TimeoutFuture::new(SAVE_DELAY_MS).await;
            if state.save_gen.get_value() == generation {
                state.save_now().await;
            }
        });
    }

    /// An edit is on its way but not applied yet (checked first by the I/O worker): the
    /// indicator says "saving…" from now, not "saved", so nobody takes the page for
    /// saved, and closing the page asks first (the edit is nowhere stored until it
    /// applies). Keep the hold until the edit has applied or was refused.
    pub fn hold_save(&self) -> SaveHold {
        let held = self.save.get_untracked() == SaveState::Saved;
        if held {
            self.save.set(SaveState::Pending);
        }
        self.checking.update_value(|n| *n += 1);
        SaveHold {
            state: *self,
            generation: self.save_gen.get_value(),
            held,
        }
    }

    /// Saves the whole workspace shown now, as a change of its own (a restored backup, a
    /// new workspace): until it is saved it is kept like an edit if the page goes away.
    pub(super) async fn save_whole(self) {
        self.stamp_edit();
        self.save_all.set_value(true);
        self.save.set(SaveState::Pending);
        self.save_now().await;
    }

    /// Saves the workspace now. Saves never overlap: one asked for while another is
    /// under way runs after it, with the workspace as it is then.
    pub(super) async fn save_now(self) {
        if self.saving.get_value() {
            self.save_again.set_value(true);
            return;
        }
        self.saving.set_value(true);
        loop {
            self.save_again.set_value(false);
            let saved = self.save_once().await;
            if !(saved && self.save_again.get_value()) {
                break;
            }
        }
        self.saving.set_value(false);
    }

    /// One save; false if it failed (then no further save is tried).
    async fn save_once(self) -> bool {
        let Some(repo) = self.repo.get_value() else {
            return false;
        };
        let generation = self.save_gen.get_value();
        let stamp = self.edit_stamp.get_value();
        let Some(w) = self.workspace.get_untracked() else {
            return false;
        };
        // The revision this snapshot is based on: read now, as another workspace may be
        // opened while the JSON is being made (then this save's outcome is not shown).
        let rev0 = self.rev.get_value();
        let save_all = self.save_all.get_value() || rev0 == 0;
        let current = w.cycles.last().map(|c| c.id.as_str());
        let only = current.filter(|_| !save_all).map(|c| [c]);
        // The JSON of the cycles to write, made in short steps (see `cycle_json`).
        let mut prepared = Vec::new();
        for c in &w.cycles {
            let is_current = Some(c.id.as_str()) == current;
            if save_all || is_current {
                prepared.push((c.id.clone(), self.cycle_json(c, is_current).await));
            }
        }
        // Writing is a task of its own (the JSON goes to the browser, then to IndexedDB).
        TimeoutFuture::new(0).await;
        let tab = self.tab.get_value();
        let how = SaveOptions {
            expected_rev: rev0,
            cycles: only.as_ref().map(|c| &c[..]),
            writer: &tab,
            stamp,
            prepared: &prepared,
        };
        let result = repo.save_with(&w, &how).await;
        let still_open = self
            .workspace
            .with_untracked(|x| x.as_ref().is_some_and(|x| x.id == w.id))
            && self.rev.get_value() == rev0;
        if !still_open {
            // Another workspace was opened meanwhile: its state stays as it is (and a
            // save it asked for runs next).
            return true;
        }
        match result {
            Ok(rev) => {
                self.rev.set_value(rev);
                self.saved_stamp.update_value(|s| *s = s.max(stamp));
                self.unsaved_changes
                    .update_value(|u| u.retain(|(s, _)| *s > stamp));
                if save_all {
                    self.save_all.set_value(false);
                }
                self.announce_save(&w.id, rev);
                if self.save_gen.get_value() == generation {
                    self.save.set(SaveState::Saved);
                } // else a newer edit is on its way
                true
            }
            Err(SaveError::Conflict { .. }) => {
                self.stale.set(true);
                self.save.set(SaveState::Conflict);
                false
            }
            Err(e) => {
                self.save.set(SaveState::Failed(format!(
                    "{e}. Your changes are kept in this tab: export a backup before closing it."
                )));
                false
            }
        }
    }

    /// The JSON of cycle `c`, serialized in slices with the page's events in between
    /// (`ui::slices`; a 10,000-SKU cycle takes ~75 ms in one go); only what changed
    /// since the last save is serialized again (the cache is kept for the current cycle).
    async fn cycle_json(self, c: &Cycle, current: bool) -> String {
        let cache = if current {
            self.json
                .try_update_value(std::mem::take)
                .unwrap_or_default()
        } else {
            CycleJson::new()
        };
        let (cache, _) = slices::to_end((cache, 0), |(cache, cursor), more| {
            cache.prepare(c, cursor, more)
        })
        .await;
        let json = cache.assemble(c);
        if current {
            self.json.set_value(cache);
        }
        json
    }

    /// Gives the newest edit its stamp (see the module doc).
    fn stamp_edit(&self) {
        self.edit_stamp
            .update_value(|s| *s = next_stamp(*s, js_sys::Date::now()));
    }

    /// Keeps what the edit just made touched until a save holds it, and writes the
    /// unsaved edits as a pending record at once when that record is small (the rows
    /// they touched): the edit is in IndexedDB once its event is handled, even if the
    /// page never runs its `pagehide` handler — a tab closed while the page is busy is
    /// torn down without it (measured: 1 edit in 20 lost at 10,000 SKUs that way).
    pub(super) fn note_unsaved(&self, touched: ChangeSet) {
        let stamp = self.edit_stamp.get_value();
        self.unsaved_changes.update_value(|u| {
            u.push((stamp, touched));
            // Saves failing for a long while: whole cycles from here on.
            if u.len() > MAX_UNSAVED_CHANGES {
                u.clear();
                self.whole_from.set_value(stamp);
            }
        });
        self.write_unsaved(true);
    }

    /// The cycle is about to change in a way no change set tells: until a save holds
    /// this change, a pending record holds whole cycles. (Stamps are whole
    /// milliseconds, so the stamp the change gets next is above this one.)
    pub(super) fn changed_whole(&self) {
        self.whole_from.set_value(self.edit_stamp.get_value() + 0.5);
    }

    /// What the edits not saved yet touched, if every one of them says.
    fn unsaved_touched(&self) -> Option<ChangeSet> {
        let saved = self.saved_stamp.get_value();
        if self.whole_from.get_value() > saved {
            return None;
        }
        let mut all = ChangeSet::default();
        self.unsaved_changes.with_value(|u| {
            for (stamp, c) in u {
                if *stamp > saved {
                    all.union(c.clone());
                }
            }
        });
        Some(all)
    }

    /// Counts every edit as saved: the open workspace is being deleted.
    pub(super) fn discard_unsaved(&self) {
        self.saved_stamp.set_value(self.edit_stamp.get_value());
    }

    /// Whether an edit is not yet in IndexedDB (neither saved nor written as pending).
    fn unsaved(&self) -> bool {
        self.edit_stamp.get_value() > self.saved_stamp.get_value()
    }

    /// Writes the unsaved edits as a pending record, synchronously (the page is being
    /// hidden or closed). False if they could not be written (no storage); true if
    /// there was nothing to write or the write was issued.
    pub(super) fn flush(&self) -> bool {
        self.write_unsaved(false)
    }

    /// [`AppState::flush`]; with `small_only` (after an edit) only if the record is the
    /// rows the edits touched (a [`CycleDelta`]), not whole cycles.
    fn write_unsaved(&self, small_only: bool) -> bool {
        let stamp = self.edit_stamp.get_value();
        if !self.unsaved() || self.flushed_stamp.get_value() >= stamp {
            return true;
        }
        let Some(repo) = self.repo.get_value() else {
            return false;
        };
        let save_all = self.save_all.get_value() || self.rev.get_value() == 0;
        // Only the rows the unsaved edits touched, where their change sets tell: a
        // small record reaches IndexedDB before the page is gone (see `CycleDelta`).
        let touched = if save_all {
            None
        } else {
            self.unsaved_touched()
        };
        if small_only && touched.is_none() {
            return true;
        }
        let mut cache = self
            .json
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        let pending = self.workspace.with_untracked(|w| {
            let w = w.as_ref()?;
            let current = w.cycles.last()?;
            let mut cycles = Vec::new();
            let delta = touched.and_then(|t| CycleDelta::of(current, &t));
            if small_only && delta.is_none() {
                return None;
            }
            for c in &w.cycles {
                if c.id == current.id {
                    if delta.is_none() {
                        let mut cursor = 0;
                        cache.prepare(c, &mut cursor, &mut || true);
                        cycles.push((c.id.clone(), cache.assemble(c)));
                    }
                } else if save_all {
                    cycles.push((c.id.clone(), serde_json::to_string(c).ok()?));
                }
            }
            Some((
                w.id.clone(),
                Pending {
                    tab: self.tab.get_value(),
                    stamp,
                    base_rev: self.rev.get_value(),
                    name: w.name.clone(),
                    currency: w.currency.clone(),
                    number_format: w.number_format,
                    format: w.format,
                    cycle_ids: w.cycles.iter().map(|c| c.id.clone()).collect(),
                    cycles,
                    delta,
                },
            ))
        });
        self.json.set_value(cache);
        let Some((id, pending)) = pending else {
            return true;
        };
        let written = if small_only {
            repo.keep_pending(&id, &pending)
        } else {
            repo.write_pending(&id, &pending)
        };
        match written {
            Ok(()) => {
                self.flushed_stamp.set_value(stamp);
                true
            }
            Err(_) => false,
        }
    }

    /// Flushes unsaved edits when the page is hidden (`visibilitychange`), closed or
    /// navigated away from (`pagehide`, `beforeunload`); asks before closing when they
    /// cannot be kept (storage unavailable, a failed save, another tab's changes) or an
    /// edit is still being checked ([`AppState::hold_save`]).
    pub(super) fn save_on_exit(&self) {
        let state = *self;
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_hide = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                state.flush();
            }
        });
        let on_pagehide = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            state.flush();
        });
        let on_beforeunload = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(
            move |ev: web_sys::BeforeUnloadEvent| {
                let kept = state.flush();
                let trouble = matches!(
                    state.save.get_untracked(),
                    SaveState::Failed(_) | SaveState::Conflict
                );
                let checking = state.checking.get_value() > 0;
                if checking || (state.unsaved() && (!kept || trouble)) {
                    ev.prevent_default();
                    ev.set_return_value("Your latest changes are not saved.");
                }
            },
        );
        if let Some(doc) = window.document() {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                on_hide.as_ref().unchecked_ref(),
            );
        }
        let _ = window
            .add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback(
            "beforeunload",
            on_beforeunload.as_ref().unchecked_ref(),
        );
        // They live as long as the page.
        on_hide.forget();
        on_pagehide.forget();
        on_beforeunload.forget();
    }

    /// Acts on unsaved edits found when a workspace was opened (see [`Recovered`]):
    /// adopted ones are saved now; ones that another tab's save overtook are kept as a
    /// workspace of their own. Either way the planner is told.
    pub(super) fn recover(&self, recovered: Recovered) {
        let state = *self;
        let Some(repo) = self.repo.get_value() else {
            return;
        };
        let Some((id, name)) = self
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| (w.id.clone(), w.name.clone())))
        else {
            return;
        };
        match recovered {
            Recovered::Nothing => {}
            Recovered::Unusable(why) => self.error.set(Some(format!(
                "Changes not saved when the page was last closed were found but cannot be \
                 restored ({why}). They are kept in this browser; the workspace shows what \
                 was saved before them."
            ))),
            Recovered::Adopted { stamp } => {
                self.edit_stamp.set_value(stamp);
                self.saved_stamp.set_value(0.0);
                self.save_all.set_value(true);
                self.save.set(SaveState::Pending);
                self.notice.set(Some(
                    "Your last changes, not saved when the page was closed or another workspace \
                     opened, were restored."
                        .into(),
                ));
                spawn_local(async move {
                    state.save_now().await;
                    if state.save.get_untracked() == SaveState::Saved {
                        let _ = repo.delete_pending(&id, stamp).await;
                    }
                });
            }
            Recovered::Diverged { mut copy, stamp } => {
                copy.id = format!("{id}-recovered-{}", stamp as u64);
                copy.name = format!("{name} (unsaved changes recovered)");
                let tab = self.tab.get_value();
                spawn_local(async move {
                    let kept = repo.save(&copy, 0, None, &tab).await;
                    // Saving the copy made it the one to open next; the open one stays so.
                    let _ = repo.set_current(&id).await;
                    match kept {
                        Ok(_) => {
                            let _ = repo.delete_pending(&id, stamp).await;
                            state.notice.set(Some(format!(
                                "Changes made here before the page was closed could not be \
                                 merged: this workspace was saved in another tab since. They \
                                 are kept as the workspace \u{201c}{}\u{201d} (workspace menu).",
                                copy.name
                            )));
                        }
                        Err(e) => state.error.set(Some(format!(
                            "Unsaved changes from a closed page were found but could not be \
                             kept: {e}"
                        ))),
                    }
                    state.refresh_list().await;
                });
            }
        }
    }
}
