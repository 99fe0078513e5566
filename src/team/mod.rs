//! Team work on one cycle: the cycle as an automerge document (a CRDT, automerge 0.12)
//! that each person's browser keeps a replica of, merged from change files.
//!
//! - [`Team::share`] makes the document from a cycle; [`Team::join`] a replica from a
//!   colleague's first file; [`Team::load`]/[`Team::save`] keep it between visits.
//! - [`Team::record`] writes what a local edit touched (its [`ChangeSet`]) as one
//!   automerge change carrying the author and the time; nothing else is compared.
//! - [`Team::send`] writes a change file; [`Team::merge`] takes files, all or nothing:
//!   the merged cycle is read back and validated like an import before it replaces
//!   anything. Concurrent values of one field are [`Conflict`]s (automerge keeps one
//!   deterministically; [`Team::keep`] chooses). After an approval is merged, changes
//!   made concurrently or after it are [`Team::rejected`] and the cycle is read as
//!   approved.
//!
//! Pure Rust, no browser code: the team worker (`src/team_worker.rs`) runs it in the
//! browser, the native tests run it directly.

mod codec;
mod conflict;
mod cycle;
pub mod file;
mod live;
#[cfg(test)]
mod tests;
pub mod wire;

pub use conflict::{Conflict, Side};
pub use live::sync_endpoint;

use crate::engine::change::ChangeSet;
use crate::engine::command::{Command, CommandError};
use crate::engine::model::Cycle;
use crate::engine::plan::validate;
use automerge::{ActorId, AutoCommit, Change, ChangeHash, ROOT, transaction::CommitOptions};
use codec::{Res, child, row_of, write_row};
use serde::{Deserialize, Serialize};

/// The roles of a team (the adjustments' [`crate::engine::model::Role`] plus the facilitator).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TeamRole {
    Sales,
    Marketing,
    Operations,
    Finance,
    Executive,
    Facilitator,
}

impl TeamRole {
    pub const ALL: [TeamRole; 6] = [
        TeamRole::Sales,
        TeamRole::Marketing,
        TeamRole::Operations,
        TeamRole::Finance,
        TeamRole::Executive,
        TeamRole::Facilitator,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TeamRole::Sales => "Sales",
            TeamRole::Marketing => "Marketing",
            TeamRole::Operations => "Operations",
            TeamRole::Finance => "Finance",
            TeamRole::Executive => "Executive",
            TeamRole::Facilitator => "Facilitator",
        }
    }

    /// The cycle step a person of this role opens the app on (the slug of its route):
    /// where they bring their numbers — sales and marketing the demand review,
    /// operations the supply review, finance the financial review, the executive the
    /// executive review; the facilitator the overview with the agenda. Any step stays
    /// open to every role.
    pub fn opening_step(self) -> &'static str {
        match self {
            TeamRole::Sales | TeamRole::Marketing => "demand",
            TeamRole::Operations => "supply",
            TeamRole::Finance => "finance",
            TeamRole::Executive => "executive",
            TeamRole::Facilitator => "overview",
        }
    }

    pub fn from_label(s: &str) -> Option<TeamRole> {
        TeamRole::ALL
            .into_iter()
            .find(|r| r.label().eq_ignore_ascii_case(s.trim()))
    }
}

/// Who works in this browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub role: TeamRole,
}

impl Person {
    /// A person; the name is trimmed, 1–60 characters, no control characters.
    pub fn new(name: &str, role: TeamRole) -> Result<Person, String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err("a name is 1 to 60 characters, without line breaks".into());
        }
        Ok(Person {
            name: name.to_string(),
            role,
        })
    }

    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.role.label())
    }
}

impl From<&Person> for crate::engine::notes::Author {
    /// The author of history entries and comments: the team's person, name and role.
    fn from(p: &Person) -> Self {
        crate::engine::notes::Author {
            name: p.name.clone(),
            role: p.role.label().to_string(),
        }
    }
}

/// One automerge change as people see it: who, when, what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeInfo {
    pub by: String,
    /// Seconds since 1970 (the author's clock).
    pub time: i64,
    pub what: String,
}

#[derive(Serialize, Deserialize)]
struct Message {
    by: String,
    what: String,
}

impl ChangeInfo {
    fn of(c: &Change) -> ChangeInfo {
        let m: Option<Message> = c.message().and_then(|m| serde_json::from_str(m).ok());
        let (by, what) = m.map_or_else(|| ("someone".into(), String::new()), |m| (m.by, m.what));
        ChangeInfo {
            by,
            time: c.timestamp(),
            what,
        }
    }
}

/// What a merge brought.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MergeReport {
    /// Changes new to this replica, and who made them.
    pub new_changes: usize,
    pub from: Vec<String>,
    pub conflicts: Vec<Conflict>,
    pub rejected: Vec<ChangeInfo>,
}

/// This browser's replica of a shared cycle.
pub struct Team {
    doc: AutoCommit,
    person: Person,
    /// The cycle the document holds (as approved, once an approval is merged).
    cycle: Cycle,
    approved: Option<ChangeHash>,
    /// Heads when this browser last wrote a change file ("send my changes" starts there).
    sent: Vec<ChangeHash>,
}

#[derive(Serialize, Deserialize)]
struct State {
    actor: String,
    sent: Vec<String>,
    person: Person,
}

fn hashes(v: &[String]) -> Res<Vec<ChangeHash>> {
    v.iter()
        .map(|h| h.parse().map_err(|_| format!("'{h}' is not a change hash")))
        .collect()
}

impl Team {
    /// Shares `cycle`: a new document holding it, written by `person`.
    pub fn share(cycle: &Cycle, person: Person, now_ms: f64) -> Res<Team> {
        let mut team = Team {
            doc: AutoCommit::new(),
            person,
            cycle: cycle.clone(),
            approved: None,
            sent: Vec::new(),
        };
        let actor = team.actor_key();
        cycle::write_cycle(&mut team.doc, cycle, &cycle::everything(cycle), &actor)?;
        team.commit(&format!("shared cycle {}", cycle.label), now_ms)?;
        team.refresh()?;
        Ok(team)
    }

    /// A replica made from a colleague's change file(s) holding the whole cycle.
    pub fn join(files: &[&[u8]], person: Person, now_ms: f64) -> Res<Team> {
        let mut doc = AutoCommit::new();
        for f in files {
            let (_, payload) = file::read(f)?;
            doc.load_incremental(payload)
                .map_err(|e| format!("the change file is damaged ({e})"))?;
        }
        if !doc.get_missing_deps(&[]).is_empty() {
            return Err(
                "these files do not hold the whole cycle: merge the first file \
                        the cycle was shared with"
                    .into(),
            );
        }
        let cycle = cycle::read_cycle(&doc)?;
        let mut team = Team {
            doc,
            person,
            cycle,
            approved: None,
            sent: Vec::new(),
        };
        team.refresh()?;
        team.sent = team.doc.get_heads();
        let _ = now_ms;
        Ok(team)
    }

    /// The replica saved by [`Team::save`].
    pub fn load(bytes: &[u8]) -> Res<Team> {
        let cut = bytes
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("the saved team state is damaged")?;
        let state: State = serde_json::from_slice(&bytes[..cut]).map_err(|e| e.to_string())?;
        let actor = ActorId::from(hex_bytes(&state.actor)?);
        let doc = AutoCommit::load(&bytes[cut + 1..])
            .map_err(|e| e.to_string())?
            .with_actor(actor);
        let cycle = cycle::read_cycle(&doc)?;
        let mut team = Team {
            doc,
            person: state.person,
            cycle,
            approved: None,
            sent: hashes(&state.sent)?,
        };
        team.refresh()?;
        Ok(team)
    }

    /// The replica as bytes (state line, then the compressed automerge document).
    pub fn save(&mut self) -> Vec<u8> {
        let state = State {
            actor: self.doc.get_actor().to_hex_string(),
            sent: self.sent.iter().map(|h| h.to_string()).collect(),
            person: self.person.clone(),
        };
        let mut out = serde_json::to_vec(&state).unwrap_or_default();
        out.push(b'\n');
        out.extend(self.doc.save());
        out
    }

    pub fn cycle(&self) -> &Cycle {
        &self.cycle
    }

    pub fn person(&self) -> &Person {
        &self.person
    }

    pub fn set_person(&mut self, person: Person) {
        self.person = person;
    }

    /// This replica's automerge actor (hex).
    pub fn actor(&self) -> String {
        self.doc.get_actor().to_hex_string()
    }

    fn actor_key(&self) -> String {
        self.actor().chars().take(8).collect()
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Whether an approval has been merged (the cycle is frozen for everyone).
    pub fn is_approved(&self) -> bool {
        self.approved.is_some()
    }

    /// Re-reads the cycle from the document, validated; finds an approval.
    fn refresh(&mut self) -> Res<()> {
        let (cycle, approved) = read_validated(&mut self.doc)?;
        self.cycle = cycle;
        self.approved = approved;
        Ok(())
    }

    /// Commits the open edits with the author, role and time; registers the person.
    fn commit(&mut self, what: &str, now_ms: f64) -> Res<()> {
        let people = child(&mut self.doc, &ROOT, "people")?;
        let actor = self.actor();
        write_row(
            &mut self.doc,
            &people,
            &actor,
            Some(&row_of(&self.person, &[])),
        )?;
        let msg = serde_json::to_string(&Message {
            by: self.person.label(),
            what: what.into(),
        })
        .map_err(|e| e.to_string())?;
        let opts = CommitOptions::default()
            .with_message(msg)
            .with_time((now_ms / 1000.0) as i64);
        self.doc.commit_with(opts);
        Ok(())
    }

    /// Records a local edit: `after` is the cycle once edited, `changes` what the edit
    /// (or the edits since the last record, united) touched. Only those rows and fields
    /// are written. Refused once the cycle is approved.
    pub fn record(
        &mut self,
        after: &Cycle,
        changes: &ChangeSet,
        what: &str,
        now_ms: f64,
    ) -> Res<()> {
        if self.approved.is_some() {
            return Err(format!(
                "cycle {} is approved: the edit was not shared",
                self.cycle.label
            ));
        }
        if changes.is_empty() {
            return Ok(());
        }
        let actor = self.actor_key();
        if let Err(e) = cycle::write_cycle(&mut self.doc, after, changes, &actor) {
            self.doc.rollback();
            return Err(e);
        }
        self.commit(what, now_ms)?;
        self.cycle = after.clone();
        if changes.status && after.is_frozen() {
            self.approved = conflict::approval(&self.doc);
        }
        Ok(())
    }

    /// Applies `cmd` to the shared cycle and records it (as the UI does with each edit).
    pub fn apply(&mut self, cmd: &Command, now_ms: f64) -> Result<(), CommandError> {
        let changes = cmd.touches(&self.cycle);
        let mut after = self.cycle.clone();
        cmd.apply(&mut after)?;
        self.record(&after, &changes, "edit", now_ms)
            .map_err(CommandError)
    }

    /// A change file with the changes since `since` (`None`: since the last file this
    /// browser wrote; `Some(&[])`: everything). Remembers the point for the next one.
    pub fn send(&mut self, since: Option<&[ChangeHash]>, now_ms: f64) -> Vec<u8> {
        let since = since.map_or_else(|| self.sent.clone(), <[ChangeHash]>::to_vec);
        let changes = self.doc.get_changes(&since).len();
        // Everything: the compressed document; else the changes since that point.
        let payload = if since.is_empty() {
            self.doc.save()
        } else {
            self.doc.save_after(&since)
        };
        let header = file::Header {
            cycle: self.cycle.id.clone(),
            label: self.cycle.label.to_string(),
            from: self.person.label(),
            created: now_ms,
            changes,
            bytes: payload.len(),
            checksum: file::checksum(&payload),
        };
        self.sent = self.doc.get_heads();
        file::write(&header, &payload)
    }

    /// Merges change files, all or nothing: each is checked (format, length,
    /// checksum, cycle), their changes applied to a copy, the merged cycle read back
    /// and validated like an import; only then does the copy replace this replica.
    pub fn merge(&mut self, files: &[&[u8]], now_ms: f64) -> Res<MergeReport> {
        let mut work = self.doc.clone();
        let before = work.get_heads();
        for f in files {
            let (h, payload) = file::read(f)?;
            if h.cycle != self.cycle.id {
                return Err(format!(
                    "this file is for cycle {} ({}), not the open cycle {}",
                    h.label, h.cycle, self.cycle.label
                ));
            }
            work.load_incremental(payload)
                .map_err(|e| format!("the change file is damaged ({e})"))?;
        }
        if !work.get_missing_deps(&[]).is_empty() {
            return Err(
                "these changes build on changes you have not merged yet: merge the \
                        earlier file(s) from the same person first"
                    .into(),
            );
        }
        // Rows created concurrently with one id are given unique ids when read (the
        // same on every replica); writing those ids back is left (see the report).
        let _ = now_ms;
        self.adopt(work, &before)
    }

    /// Makes `work` (this replica's document with changes received since `before`)
    /// this replica, once its cycle is read back and validated like an import; what
    /// came in, from whom, and the conflicts and rejected changes now.
    pub(crate) fn adopt(
        &mut self,
        mut work: AutoCommit,
        before: &[ChangeHash],
    ) -> Res<MergeReport> {
        let new: Vec<ChangeInfo> = work
            .get_changes(before)
            .iter()
            .map(ChangeInfo::of)
            .collect();
        let (cycle, approved) = read_validated(&mut work)?;
        self.doc = work;
        self.cycle = cycle;
        self.approved = approved;
        let mut from: Vec<String> = new.iter().map(|c| c.by.clone()).collect();
        from.sort();
        from.dedup();
        Ok(MergeReport {
            new_changes: new.len(),
            from,
            conflicts: self.conflicts(),
            rejected: self.rejected(),
        })
    }

    /// The conflicts in the document, "mine" marked.
    pub fn conflicts(&self) -> Vec<Conflict> {
        conflict::conflicts(&self.doc, &self.actor())
    }

    /// Changes rejected because they were made concurrently with or after the approval.
    pub fn rejected(&mut self) -> Vec<ChangeInfo> {
        match self.approved {
            Some(h) => conflict::rejected(&mut self.doc, h),
            None => Vec::new(),
        }
    }

    /// Every change in the document: who, when, what.
    pub fn log(&mut self) -> Vec<ChangeInfo> {
        self.doc
            .get_changes(&[])
            .iter()
            .map(ChangeInfo::of)
            .collect()
    }
}

/// The cycle a document holds (as at its approval, if one was merged), validated with
/// the rules of an import.
fn read_validated(doc: &mut AutoCommit) -> Res<(Cycle, Option<ChangeHash>)> {
    let approved = conflict::approval(doc);
    let cycle = match approved {
        Some(h) => cycle::read_cycle(&doc.fork_at(&[h]).map_err(|e| e.to_string())?)?,
        None => cycle::read_cycle(doc)?,
    };
    let issues = validate::validate_cycle(&cycle);
    if let Some(first) = issues
        .iter()
        .find(|i| i.severity == validate::Severity::Error)
    {
        return Err(format!(
            "the merged cycle is not valid: {}",
            first.in_words()
        ));
    }
    Ok((cycle, approved))
}

fn hex_bytes(s: &str) -> Res<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.is_empty() {
        return Err("bad actor id".into());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| "bad actor id".to_string()))
        .collect()
}
