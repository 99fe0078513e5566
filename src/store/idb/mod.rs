//! The IndexedDB repository: rexie opens (and upgrades) the database and reads it; the
//! writes (in [`write`]) go through the `idb` crate that rexie is built on, because
//! rexie 0.6 takes no transaction options: every write asks for `durability: "strict"`
//! (Chromium's default, "relaxed", may report a commit before the data is on disk), and
//! the page-hide flush must issue its request synchronously.
//!
//! Schema (database version [`DB_VERSION`]):
//! - `workspaces`: key = workspace id → [`WorkspaceRecord`] (name, currency, format,
//!   revision, writer, edit stamp, the ids of its cycles in order). No cycle data.
//! - `cycles`: key = `"{workspace id}/{cycle id}"` → [`CycleRecord`] (the cycle as JSON).
//! - `settings`: key = name → value (`current` = the workspace opened last,
//!   `data_version` = the layout of the records, see [`DATA_VERSION`];
//!   `team/{workspace id}/{cycle id}` = this browser's replica of a shared cycle's team
//!   document, see [`team`]).
//! - `pending`: key = workspace id → [`Pending`], unsaved edits written as the page went
//!   away (see [`crate::store::pending`]). A store of its own so that writing one never
//!   waits: IndexedDB runs read-write transactions whose stores overlap one after the
//!   other, and a save's transaction lasts several round trips to the page (it reads
//!   the stored revision before writing). A record queued behind it when the page is
//!   closed never runs — the page's connection closes and every transaction not yet
//!   committed is aborted (measured: 4 of 20 edits lost at 10,000 SKUs). No transaction
//!   that spans round trips includes this store while the page is in use: saves leave a
//!   record their edits cover to the next load (see [`pending::Fate::Covered`]).
//!
//! Every save is one read-write transaction that first checks the stored revision of
//! the workspace: if another tab saved since this one loaded, nothing is written and
//! [`SaveError::Conflict`] says so (two tabs never silently overwrite each other).
//!
//! Version 1 stored a whole workspace as one JSON record in `workspaces`; opening such
//! a database migrates it in one transaction (see [`Repo::open`]).

mod team;
mod write;

pub use team::replica_key;

pub use write::SaveOptions;

use super::StoreError;
use super::pending::{self, Fate, Pending, StoredSave};
use crate::engine::model::{Cycle, Workspace};
use crate::engine::number::NumberFormat;
use rexie::{ObjectStore, Rexie, Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Name of the app's IndexedDB database.
pub const DB_NAME: &str = "sop-planner";
/// IndexedDB version (object stores). 1: workspaces + settings; 2: + cycles; 3: + pending.
pub const DB_VERSION: u32 = 3;
/// Layout of the records. 1: whole workspace JSON per record; 2: split cycles; 3: pending
/// records in their own store (before: `settings`, key [`pending::key`]).
pub const DATA_VERSION: u32 = 3;
const WORKSPACES: &str = "workspaces";
const CYCLES: &str = "cycles";
const SETTINGS: &str = "settings";
const PENDING: &str = "pending";

/// A workspace without its cycles: what the `workspaces` store holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceRecord {
    pub id: String,
    pub name: String,
    pub currency: String,
    /// How numbers are written (absent in records of older versions).
    #[serde(default)]
    pub number_format: NumberFormat,
    pub format: u32,
    /// Incremented by every save; a save must name the revision it started from.
    pub rev: u32,
    /// Id of the tab that saved last.
    pub writer: String,
    /// `Date.now()` of the last save.
    pub saved_at: f64,
    /// Ids of the workspace's cycles, oldest first.
    pub cycles: Vec<String>,
    /// Edit stamp of the newest edit this save holds (see [`pending::next_stamp`]).
    #[serde(default)]
    pub stamp: f64,
}

/// One cycle as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleRecord {
    pub workspace: String,
    pub id: String,
    pub json: String,
}

/// A [`CycleRecord`] to write, borrowing its parts (no copy of a large JSON).
#[derive(Serialize)]
struct CycleRecordRef<'a> {
    workspace: &'a str,
    id: &'a str,
    json: &'a str,
}

/// The version-1 record (whole workspace as JSON), read only by the migration.
#[derive(Deserialize)]
struct V1Record {
    json: String,
}

/// A workspace as loaded, with the revision to name when saving it.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub workspace: Workspace,
    pub rev: u32,
    /// Unsaved edits found from a page that went away before saving them.
    pub recovered: Recovered,
}

/// What became of a [`Pending`] record found when loading (see [`pending::fate`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Recovered {
    /// None found (or one that a later save already held; it was deleted).
    Nothing,
    /// `Loaded::workspace` holds the unsaved edits on top of what is stored (edit stamp
    /// `stamp`): save it, then [`Repo::delete_pending`] up to `stamp`.
    Adopted { stamp: f64 },
    /// Another tab saved since those edits' base: `Loaded::workspace` is what is stored,
    /// and this is the workspace with the unsaved edits (same id): keep it as a copy,
    /// then [`Repo::delete_pending`] up to `stamp`.
    Diverged { copy: Box<Workspace>, stamp: f64 },
    /// Unsaved edits were found but cannot be rebuilt (why): `Loaded::workspace` is what
    /// is stored; the record stays (a later version may read it).
    Unusable(String),
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError {
    /// Another tab (or window) saved this workspace since it was loaded here.
    Conflict {
        stored_rev: u32,
        writer: String,
    },
    Store(StoreError),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Conflict { .. } => f.write_str(
                "this workspace was changed in another tab or window. Reload to see \
                 those changes; export a backup first to keep the changes made here",
            ),
            SaveError::Store(e) => e.fmt(f),
        }
    }
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> Self {
        SaveError::Store(e)
    }
}

fn err(action: &str, e: rexie::Error) -> StoreError {
    let reason = match &e {
        rexie::Error::IdbError(inner) => inner.to_string(),
        other => other.to_string(),
    };
    StoreError::new(action, reason)
}

fn js_err(action: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::new(action, e.to_string())
}

fn cycle_key(workspace: &str, cycle: &str) -> JsValue {
    JsValue::from_str(&format!("{workspace}/{cycle}"))
}

fn to_js<T: Serialize>(action: &str, v: &T) -> Result<JsValue, StoreError> {
    serde_wasm_bindgen::to_value(v).map_err(|e| js_err(action, e))
}

fn from_js<T: for<'de> Deserialize<'de>>(action: &str, v: JsValue) -> Result<T, StoreError> {
    serde_wasm_bindgen::from_value(v).map_err(|e| js_err(action, e))
}

/// `Some(value)` unless the store answered `undefined` (no such key).
fn present(v: Option<JsValue>) -> Option<JsValue> {
    v.filter(|v| !v.is_undefined() && !v.is_null())
}

async fn get(
    tx: &Transaction,
    store: &str,
    key: &JsValue,
    action: &str,
) -> Result<Option<JsValue>, StoreError> {
    let s = tx.store(store).map_err(|e| err(action, e))?;
    s.get(key.clone())
        .await
        .map(present)
        .map_err(|e| err(action, e))
}

/// An open database: rexie for opening and reading, a second connection for the
/// durable writes (see the module's doc).
pub struct Repo {
    db: Rexie,
    raw: web_sys::IdbDatabase,
}

impl Repo {
    /// Opens the database `name`, creating or upgrading its stores, and migrates
    /// records written by an earlier layout (all in one transaction: all or nothing).
    pub async fn open(name: &str) -> Result<Repo, StoreError> {
        let db = Rexie::builder(name)
            .version(DB_VERSION)
            .add_object_store(ObjectStore::new(WORKSPACES))
            .add_object_store(ObjectStore::new(CYCLES))
            .add_object_store(ObjectStore::new(SETTINGS))
            .add_object_store(ObjectStore::new(PENDING))
            .build()
            .await
            .map_err(|e| err("opening the browser database", e))?;
        let raw = write::connect(name).await?;
        let repo = Repo { db, raw };
        repo.migrate().await?;
        Ok(repo)
    }

    /// Loads workspace `id` with its revision, `None` if it was never saved (and no
    /// unsaved edits of it were left by a page that went away).
    pub async fn load(&self, id: &str) -> Result<Option<Loaded>, StoreError> {
        const ACTION: &str = "loading the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES, CYCLES, PENDING], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let meta: Option<WorkspaceRecord> =
            match get(&tx, WORKSPACES, &JsValue::from_str(id), ACTION).await? {
                Some(v) => Some(from_js(ACTION, v)?),
                None => None,
            };
        let pending: Option<Pending> =
            match get(&tx, PENDING, &JsValue::from_str(id), ACTION).await? {
                // A record this version cannot read is left alone (and not adopted).
                Some(v) => from_js(ACTION, v).ok(),
                None => None,
            };
        let stored = match &meta {
            Some(meta) => {
                let mut cycles = Vec::with_capacity(meta.cycles.len());
                for cid in &meta.cycles {
                    cycles.push(read_cycle(&tx, id, cid, ACTION).await?);
                }
                Some(Workspace {
                    format: meta.format,
                    id: meta.id.clone(),
                    name: meta.name.clone(),
                    currency: meta.currency.clone(),
                    number_format: meta.number_format,
                    cycles,
                    exported_at: None,
                })
            }
            None => None,
        };
        let fate = pending.as_ref().map(|p| {
            let save = meta.as_ref().map(|m| StoredSave {
                rev: m.rev,
                writer: &m.writer,
                stamp: m.stamp,
            });
            pending::fate(save, p)
        });
        // The unsaved workspace: the pending cycles over the stored ones. One that
        // cannot be rebuilt is left stored, and said (never a failed load).
        let mut unusable = None;
        let unsaved = match &pending {
            Some(p) if fate != Some(Fate::Covered) => match unsaved_workspace(&tx, id, p).await {
                Ok(w) => Some(w),
                Err(why) => {
                    unusable = Some(why);
                    None
                }
            },
            _ => None,
        };
        tx.done().await.map_err(|e| err(ACTION, e))?;
        let rev = meta.as_ref().map_or(0, |m| m.rev);
        let stamp = pending.as_ref().map_or(0.0, |p| p.stamp);
        let loaded = match (fate, stored, unsaved) {
            (Some(Fate::Adopt), _, Some(w)) => Loaded {
                workspace: w,
                rev,
                recovered: Recovered::Adopted { stamp },
            },
            (Some(Fate::Diverged), Some(stored), Some(w)) => Loaded {
                workspace: stored,
                rev,
                recovered: Recovered::Diverged {
                    copy: Box::new(w),
                    stamp,
                },
            },
            // Diverged from a workspace deleted since: the unsaved work, as a new one.
            (Some(Fate::Diverged), None, Some(w)) => Loaded {
                workspace: w,
                rev: 0,
                recovered: Recovered::Adopted { stamp },
            },
            (_, Some(stored), None) if unusable.is_some() => Loaded {
                workspace: stored,
                rev,
                recovered: Recovered::Unusable(unusable.unwrap_or_default()),
            },
            (fate, Some(stored), _) => {
                if fate == Some(Fate::Covered) {
                    self.delete_pending(id, f64::INFINITY).await?;
                }
                Loaded {
                    workspace: stored,
                    rev,
                    recovered: Recovered::Nothing,
                }
            }
            (_, None, _) => return Ok(None),
        };
        Ok(Some(loaded))
    }

    /// The stored revision of workspace `id` (0 if never saved).
    pub async fn revision(&self, id: &str) -> Result<u32, StoreError> {
        Ok(self.record(id).await?.map_or(0, |r| r.rev))
    }

    /// The stored record of workspace `id` (name, revision, last save, cycle ids).
    pub async fn record(&self, id: &str) -> Result<Option<WorkspaceRecord>, StoreError> {
        const ACTION: &str = "reading the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let record = match get(&tx, WORKSPACES, &JsValue::from_str(id), ACTION).await? {
            Some(v) => Some(from_js::<WorkspaceRecord>(ACTION, v)?),
            None => None,
        };
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(record)
    }

    /// The id of the workspace opened last, if any.
    pub async fn current_workspace_id(&self) -> Result<Option<String>, StoreError> {
        const ACTION: &str = "reading the settings";
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let value = get(&tx, SETTINGS, &JsValue::from_str("current"), ACTION).await?;
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Loads the workspace opened last, if any.
    pub async fn load_current(&self) -> Result<Option<Loaded>, StoreError> {
        match self.current_workspace_id().await? {
            Some(id) => self.load(&id).await,
            None => Ok(None),
        }
    }

    /// All stored workspaces (without their cycles), for a workspace picker.
    pub async fn list(&self) -> Result<Vec<WorkspaceRecord>, StoreError> {
        const ACTION: &str = "listing the workspaces";
        let tx = self
            .db
            .transaction(&[WORKSPACES], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let store = tx.store(WORKSPACES).map_err(|e| err(ACTION, e))?;
        let values = store
            .get_all(None, None)
            .await
            .map_err(|e| err(ACTION, e))?;
        tx.done().await.map_err(|e| err(ACTION, e))?;
        values.into_iter().map(|v| from_js(ACTION, v)).collect()
    }

    pub fn close(self) {
        self.raw.close();
        self.db.close();
    }
}

/// The workspace of pending record `p`: its cycles over the stored ones of workspace
/// `id` (the current one rebuilt from its delta, if it has one); why not, if it cannot.
async fn unsaved_workspace(tx: &Transaction, id: &str, p: &Pending) -> Result<Workspace, String> {
    const ACTION: &str = "reading unsaved changes";
    let mut cycles = Vec::with_capacity(p.cycle_ids.len());
    for cid in &p.cycle_ids {
        let cycle = match p.cycles.iter().find(|(c, _)| c == cid) {
            Some((_, json)) => serde_json::from_str(json)
                .map_err(|e| format!("unsaved cycle {cid} is damaged: {e}"))?,
            None => {
                let stored = read_cycle(tx, id, cid, ACTION)
                    .await
                    .map_err(|e| e.to_string())?;
                match p.delta.as_ref().filter(|d| d.cycle_id == *cid) {
                    // The edits since the last save, over the stored cycle.
                    Some(d) => d.apply(stored).map_err(|e| {
                        format!("the unsaved changes of cycle {cid} could not be applied: {e}")
                    })?,
                    None => stored,
                }
            }
        };
        cycles.push(cycle);
    }
    Ok(Workspace {
        format: p.format,
        id: id.to_string(),
        name: p.name.clone(),
        currency: p.currency.clone(),
        number_format: p.number_format,
        cycles,
        exported_at: None,
    })
}

/// Reads stored cycle `cid` of workspace `id`.
async fn read_cycle(
    tx: &Transaction,
    id: &str,
    cid: &str,
    action: &str,
) -> Result<Cycle, StoreError> {
    let value = get(tx, CYCLES, &cycle_key(id, cid), action)
        .await?
        .ok_or_else(|| {
            StoreError::new(action, format!("cycle {cid} of workspace {id} is missing"))
        })?;
    let record: CycleRecord = from_js(action, value)?;
    serde_json::from_str(&record.json)
        .map_err(|e| StoreError::new(action, format!("cycle {cid} is damaged: {e}")))
}
