//! The IndexedDB repository (via rexie).
//!
//! Schema (database version [`DB_VERSION`]):
//! - `workspaces`: key = workspace id → [`WorkspaceRecord`] (name, currency, format,
//!   revision, writer, the ids of its cycles in order). No cycle data.
//! - `cycles`: key = `"{workspace id}/{cycle id}"` → [`CycleRecord`] (the cycle as JSON).
//! - `settings`: key = name → text (`current` = the workspace opened last,
//!   `data_version` = the layout of the records, see [`DATA_VERSION`]).
//!
//! Every save is one read-write transaction that first checks the stored revision of
//! the workspace: if another tab saved since this one loaded, nothing is written and
//! [`SaveError::Conflict`] says so (two tabs never silently overwrite each other).
//!
//! Version 1 stored a whole workspace as one JSON record in `workspaces`; opening such
//! a database migrates it in one transaction (see [`Repo::open`]).

use super::{StoreError, workspace_from_json};
use crate::engine::model::{Cycle, Workspace};
use rexie::{ObjectStore, Rexie, Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Name of the app's IndexedDB database.
pub const DB_NAME: &str = "sop-planner";
/// IndexedDB version (object stores). 1: workspaces + settings; 2: + cycles.
pub const DB_VERSION: u32 = 2;
/// Layout of the records. 1: whole workspace JSON per record; 2: split cycles.
pub const DATA_VERSION: u32 = 2;
const WORKSPACES: &str = "workspaces";
const CYCLES: &str = "cycles";
const SETTINGS: &str = "settings";

/// A workspace without its cycles: what the `workspaces` store holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceRecord {
    pub id: String,
    pub name: String,
    pub currency: String,
    pub format: u32,
    /// Incremented by every save; a save must name the revision it started from.
    pub rev: u32,
    /// Id of the tab that saved last.
    pub writer: String,
    /// `Date.now()` of the last save.
    pub saved_at: f64,
    /// Ids of the workspace's cycles, oldest first.
    pub cycles: Vec<String>,
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

async fn put(
    tx: &Transaction,
    store: &str,
    key: &JsValue,
    value: &JsValue,
    action: &str,
) -> Result<(), StoreError> {
    let s = tx.store(store).map_err(|e| err(action, e))?;
    s.put(value, Some(key))
        .await
        .map(|_| ())
        .map_err(|e| err(action, e))
}

/// An open database.
pub struct Repo {
    db: Rexie,
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
            .build()
            .await
            .map_err(|e| err("opening the browser database", e))?;
        let repo = Repo { db };
        repo.migrate().await?;
        Ok(repo)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        const ACTION: &str = "upgrading the stored workspaces";
        let tx = self
            .db
            .transaction(&[WORKSPACES, CYCLES, SETTINGS], TransactionMode::ReadWrite)
            .map_err(|e| err(ACTION, e))?;
        let version_key = JsValue::from_str("data_version");
        let version = get(&tx, SETTINGS, &version_key, ACTION)
            .await?
            .and_then(|v| v.as_f64())
            .map(|v| v as u32);
        let store = tx.store(WORKSPACES).map_err(|e| err(ACTION, e))?;
        let records = store
            .get_all(None, None)
            .await
            .map_err(|e| err(ACTION, e))?;
        match version {
            Some(v) if v >= DATA_VERSION => {}
            // No version written yet: version-1 records, if there are any.
            _ => {
                for value in records {
                    let v1: V1Record = from_js(ACTION, value)?;
                    let w = workspace_from_json(&v1.json)?;
                    write_workspace(&tx, &w, 1, "migration", ACTION).await?;
                }
            }
        }
        put(
            &tx,
            SETTINGS,
            &version_key,
            &JsValue::from(DATA_VERSION),
            ACTION,
        )
        .await?;
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(())
    }

    /// Saves `w` if the stored revision is still `expected_rev` (0 = never saved), in one
    /// transaction; returns the new revision. Only the cycles named in `cycles` are
    /// rewritten (`None` = all of them); cycles no longer in the workspace are deleted.
    pub async fn save(
        &self,
        w: &Workspace,
        expected_rev: u32,
        cycles: Option<&[&str]>,
        writer: &str,
    ) -> Result<u32, SaveError> {
        self.save_with_json(w, expected_rev, cycles, writer, &[])
            .await
    }

    /// [`Repo::save`] with the JSON of some cycles made beforehand (cycle id, JSON of
    /// that cycle: e.g. built in steps by [`crate::store::cycle_json`], so that a large
    /// cycle does not block the page); the other cycles are serialized here.
    pub async fn save_with_json(
        &self,
        w: &Workspace,
        expected_rev: u32,
        cycles: Option<&[&str]>,
        writer: &str,
        prepared: &[(String, String)],
    ) -> Result<u32, SaveError> {
        const ACTION: &str = "saving the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES, CYCLES, SETTINGS], TransactionMode::ReadWrite)
            .map_err(|e| err(ACTION, e))?;
        let key = JsValue::from_str(&w.id);
        let stored: Option<WorkspaceRecord> = match get(&tx, WORKSPACES, &key, ACTION).await? {
            Some(v) => Some(from_js(ACTION, v)?),
            None => None,
        };
        let stored_rev = stored.as_ref().map_or(0, |r| r.rev);
        if stored_rev != expected_rev {
            let _ = tx.abort().await;
            return Err(SaveError::Conflict {
                stored_rev,
                writer: stored.map(|r| r.writer).unwrap_or_default(),
            });
        }
        let rev = expected_rev + 1;
        let only: Option<Vec<&str>> = cycles.map(|c| c.to_vec());
        let dropped: Vec<String> = stored
            .map(|r| r.cycles)
            .unwrap_or_default()
            .into_iter()
            .filter(|id| !w.cycles.iter().any(|c| c.id == *id))
            .collect();
        write_cycles(&tx, w, only.as_deref(), prepared, ACTION).await?;
        write_meta(&tx, w, rev, writer, ACTION).await?;
        let cycles_store = tx.store(CYCLES).map_err(|e| err(ACTION, e))?;
        for id in dropped {
            cycles_store
                .delete(cycle_key(&w.id, &id))
                .await
                .map_err(|e| err(ACTION, e))?;
        }
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(rev)
    }

    /// Loads workspace `id` with its revision, `None` if it was never saved.
    pub async fn load(&self, id: &str) -> Result<Option<Loaded>, StoreError> {
        const ACTION: &str = "loading the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES, CYCLES], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let Some(value) = get(&tx, WORKSPACES, &JsValue::from_str(id), ACTION).await? else {
            return Ok(None);
        };
        let meta: WorkspaceRecord = from_js(ACTION, value)?;
        let mut cycles = Vec::with_capacity(meta.cycles.len());
        for cid in &meta.cycles {
            let value = get(&tx, CYCLES, &cycle_key(id, cid), ACTION)
                .await?
                .ok_or_else(|| {
                    StoreError::new(ACTION, format!("cycle {cid} of workspace {id} is missing"))
                })?;
            let record: CycleRecord = from_js(ACTION, value)?;
            let cycle: Cycle = serde_json::from_str(&record.json)
                .map_err(|e| StoreError::new(ACTION, format!("cycle {cid} is damaged: {e}")))?;
            cycles.push(cycle);
        }
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(Some(Loaded {
            rev: meta.rev,
            workspace: Workspace {
                format: meta.format,
                id: meta.id,
                name: meta.name,
                currency: meta.currency,
                cycles,
            },
        }))
    }

    /// The stored revision of workspace `id` (0 if never saved).
    pub async fn revision(&self, id: &str) -> Result<u32, StoreError> {
        const ACTION: &str = "reading the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let rev = match get(&tx, WORKSPACES, &JsValue::from_str(id), ACTION).await? {
            Some(v) => from_js::<WorkspaceRecord>(ACTION, v)?.rev,
            None => 0,
        };
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(rev)
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

    /// Deletes workspace `id` and its cycles (one transaction).
    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        const ACTION: &str = "deleting the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES, CYCLES, SETTINGS], TransactionMode::ReadWrite)
            .map_err(|e| err(ACTION, e))?;
        let key = JsValue::from_str(id);
        if let Some(v) = get(&tx, WORKSPACES, &key, ACTION).await? {
            let meta: WorkspaceRecord = from_js(ACTION, v)?;
            let cycles = tx.store(CYCLES).map_err(|e| err(ACTION, e))?;
            for cid in &meta.cycles {
                cycles
                    .delete(cycle_key(id, cid))
                    .await
                    .map_err(|e| err(ACTION, e))?;
            }
            let store = tx.store(WORKSPACES).map_err(|e| err(ACTION, e))?;
            store.delete(key).await.map_err(|e| err(ACTION, e))?;
        }
        let current = get(&tx, SETTINGS, &JsValue::from_str("current"), ACTION).await?;
        if current.and_then(|v| v.as_string()).as_deref() == Some(id) {
            let settings = tx.store(SETTINGS).map_err(|e| err(ACTION, e))?;
            settings
                .delete(JsValue::from_str("current"))
                .await
                .map_err(|e| err(ACTION, e))?;
        }
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(())
    }

    pub fn close(self) {
        self.db.close();
    }
}

async fn write_meta(
    tx: &Transaction,
    w: &Workspace,
    rev: u32,
    writer: &str,
    action: &str,
) -> Result<(), StoreError> {
    let meta = WorkspaceRecord {
        id: w.id.clone(),
        name: w.name.clone(),
        currency: w.currency.clone(),
        format: w.format,
        rev,
        writer: writer.to_string(),
        saved_at: js_sys::Date::now(),
        cycles: w.cycles.iter().map(|c| c.id.clone()).collect(),
    };
    let key = JsValue::from_str(&w.id);
    put(tx, WORKSPACES, &key, &to_js(action, &meta)?, action).await?;
    put(tx, SETTINGS, &JsValue::from_str("current"), &key, action).await
}

async fn write_cycles(
    tx: &Transaction,
    w: &Workspace,
    only: Option<&[&str]>,
    prepared: &[(String, String)],
    action: &str,
) -> Result<(), StoreError> {
    for c in &w.cycles {
        if only.is_some_and(|o| !o.contains(&c.id.as_str())) {
            continue;
        }
        let made;
        let json = match prepared.iter().find(|(id, _)| *id == c.id) {
            Some((_, json)) => json.as_str(),
            None => {
                made = serde_json::to_string(c).map_err(|e| js_err(action, e))?;
                made.as_str()
            }
        };
        let record = CycleRecordRef {
            workspace: &w.id,
            id: &c.id,
            json,
        };
        put(
            tx,
            CYCLES,
            &cycle_key(&w.id, &c.id),
            &to_js(action, &record)?,
            action,
        )
        .await?;
    }
    Ok(())
}

/// Writes a whole workspace at revision `rev` (used by the migration).
async fn write_workspace(
    tx: &Transaction,
    w: &Workspace,
    rev: u32,
    writer: &str,
    action: &str,
) -> Result<(), StoreError> {
    write_cycles(tx, w, None, &[], action).await?;
    write_meta(tx, w, rev, writer, action).await
}
