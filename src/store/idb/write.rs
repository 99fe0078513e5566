//! Every write of the repository: durable (`durability: "strict"`) read-write
//! transactions through the `idb` crate on a connection of their own.
//!
//! An `idb` request future registers its callbacks when it is awaited, so each request
//! is awaited where it is made (never issued first and awaited later).

use super::{
    CYCLES, CycleRecordRef, DATA_VERSION, DB_VERSION, PENDING, Repo, SETTINGS, SaveError, V1Record,
    WORKSPACES, WorkspaceRecord, cycle_key, from_js, js_err, present, to_js,
};
use crate::engine::model::Workspace;
use crate::store::pending::{self, Pending};
use crate::store::{StoreError, workspace_from_json};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// What the pending record's writes are called in their messages.
const PENDING_ACTION: &str = "keeping the unsaved changes";

fn idb_err(action: &str, e: idb::Error) -> StoreError {
    StoreError::new(action, e.to_string())
}

/// The browser's reason of a failed call: `DOMException` name and message if it is one.
fn reason(action: &str, e: JsValue) -> StoreError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) => StoreError::new(action, format!("{}: {}", d.name(), d.message())),
        None => StoreError::new(action, format!("{e:?}")),
    }
}

/// Opens the writing connection to database `name` (already at [`DB_VERSION`]).
pub(super) async fn connect(name: &str) -> Result<web_sys::IdbDatabase, StoreError> {
    const ACTION: &str = "opening the browser database";
    let factory = idb::Factory::new().map_err(|e| idb_err(ACTION, e))?;
    let db = factory
        .open(name, Some(DB_VERSION))
        .map_err(|e| idb_err(ACTION, e))?
        .await
        .map_err(|e| idb_err(ACTION, e))?;
    Ok(db.into())
}

/// A read-write transaction over `stores` that commits only once the data is on disk
/// (`durability: "strict"`; browsers without the option ignore it). The transaction is
/// also returned raw, to read its `error` after an abort.
pub(super) fn strict_tx(
    db: &web_sys::IdbDatabase,
    stores: &[&str],
    action: &str,
) -> Result<(idb::Transaction, web_sys::IdbTransaction), StoreError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let options = Object::new();
    let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
    // `IDBDatabase.transaction(names, mode, options)`, called through JS: web-sys has the
    // three-argument form only behind its unstable-API flag.
    let f: Function = Reflect::get(db, &"transaction".into())
        .map_err(|e| reason(action, e))?
        .dyn_into()
        .map_err(|e| reason(action, e))?;
    let raw: web_sys::IdbTransaction = f
        .call3(db, &names, &"readwrite".into(), &options)
        .map_err(|e| reason(action, e))?
        .unchecked_into();
    Ok((idb::Transaction::from(raw.clone()), raw))
}

/// Waits for `tx` to commit; an abort becomes the browser's reason (e.g. the quota).
pub(super) async fn finish(
    tx: idb::Transaction,
    raw: web_sys::IdbTransaction,
    action: &str,
) -> Result<(), StoreError> {
    let outcome = tx.await;
    let aborted = || match raw.error() {
        Some(d) => StoreError::new(action, format!("{}: {}", d.name(), d.message())),
        None => StoreError::new(action, "the browser aborted the transaction"),
    };
    match outcome {
        Ok(r) if r.is_committed() => Ok(()),
        Ok(_) => Err(aborted()),
        Err(e) => match raw.error() {
            Some(_) => Err(aborted()),
            None => Err(idb_err(action, e)),
        },
    }
}

async fn get(
    tx: &idb::Transaction,
    store: &str,
    key: &JsValue,
    action: &str,
) -> Result<Option<JsValue>, StoreError> {
    let s = tx.object_store(store).map_err(|e| idb_err(action, e))?;
    let v = s
        .get(key.clone())
        .map_err(|e| idb_err(action, e))?
        .await
        .map_err(|e| idb_err(action, e))?;
    Ok(present(v))
}

pub(super) async fn put(
    tx: &idb::Transaction,
    store: &str,
    key: &JsValue,
    value: &JsValue,
    action: &str,
) -> Result<(), StoreError> {
    let s = tx.object_store(store).map_err(|e| idb_err(action, e))?;
    s.put(value, Some(key))
        .map_err(|e| idb_err(action, e))?
        .await
        .map(|_| ())
        .map_err(|e| idb_err(action, e))
}

async fn delete(
    tx: &idb::Transaction,
    store: &str,
    key: &JsValue,
    action: &str,
) -> Result<(), StoreError> {
    let s = tx.object_store(store).map_err(|e| idb_err(action, e))?;
    s.delete(key.clone())
        .map_err(|e| idb_err(action, e))?
        .await
        .map_err(|e| idb_err(action, e))
}

/// How a save is made: who writes, the newest edit it holds, which cycles it writes.
pub struct SaveOptions<'a> {
    /// Revision the writer's workspace is based on (0 = never saved).
    pub expected_rev: u32,
    /// Cycles to rewrite (`None` = all).
    pub cycles: Option<&'a [&'a str]>,
    /// The writing tab's id.
    pub writer: &'a str,
    /// Edit stamp of the newest edit this save holds (0 when not tracked).
    pub stamp: f64,
    /// JSON of some cycles made beforehand (cycle id, JSON), e.g. in steps by
    /// [`crate::store::cycle_json`]; the others are serialized here.
    pub prepared: &'a [(String, String)],
}

impl Repo {
    /// Migrates records of earlier layouts, in one transaction, and records
    /// [`DATA_VERSION`]: version-1 records (a whole workspace as JSON per record) to the
    /// split layout; pending records from `settings` to their own store (version 3).
    pub(super) async fn migrate(&self) -> Result<(), StoreError> {
        const ACTION: &str = "upgrading the stored workspaces";
        let (tx, raw) = strict_tx(&self.raw, &[WORKSPACES, CYCLES, SETTINGS, PENDING], ACTION)?;
        let version_key = JsValue::from_str("data_version");
        let version = get(&tx, SETTINGS, &version_key, ACTION)
            .await?
            .and_then(|v| v.as_f64())
            .map(|v| v as u32);
        if version.is_some_and(|v| v >= DATA_VERSION) {
            return finish(tx, raw, ACTION).await;
        }
        if version.is_none_or(|v| v < 3) {
            move_pending_records(&tx, ACTION).await?;
        }
        if version.is_none_or(|v| v < 2) {
            // No version written yet: version-1 records, if there are any.
            let store = tx
                .object_store(WORKSPACES)
                .map_err(|e| idb_err(ACTION, e))?;
            let records = store
                .get_all(None, None)
                .map_err(|e| idb_err(ACTION, e))?
                .await
                .map_err(|e| idb_err(ACTION, e))?;
            for value in records {
                let v1: V1Record = from_js(ACTION, value)?;
                let w = workspace_from_json(&v1.json)?;
                write_cycles(&tx, &w, None, &[], ACTION).await?;
                write_meta(&tx, &w, 1, "migration", 0.0, ACTION).await?;
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
        finish(tx, raw, ACTION).await
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
        let how = SaveOptions {
            expected_rev,
            cycles,
            writer,
            stamp: 0.0,
            prepared: &[],
        };
        self.save_with(w, &how).await
    }

    /// [`Repo::save`] with all its options. A pending record that this save holds is
    /// left to the next load ([`pending::Fate::Covered`]): a transaction of the pending
    /// store would make a pending record written meanwhile wait (see the module doc).
    pub async fn save_with(&self, w: &Workspace, how: &SaveOptions<'_>) -> Result<u32, SaveError> {
        const ACTION: &str = "saving the workspace";
        let (tx, raw) = strict_tx(&self.raw, &[WORKSPACES, CYCLES, SETTINGS], ACTION)?;
        match write_save(&tx, w, how, ACTION).await {
            Ok(rev) => {
                finish(tx, raw, ACTION).await?;
                Ok(rev)
            }
            Err(e) => {
                // Nothing of a failed save is kept (the requests made so far included).
                let _ = raw.abort();
                Err(e)
            }
        }
    }

    /// Writes `p` as workspace `id`'s pending record and makes `id` the workspace to
    /// open next, synchronously: each request is issued and its transaction told to
    /// commit before this returns, so it completes even if the page is going away. The
    /// record's transaction holds only the pending store, which no save holds, so it
    /// starts at once even while a save is under way (see the module doc); `current`
    /// is a transaction of its own after it (it may wait for a save, which sets it too).
    pub fn write_pending(&self, id: &str, p: &Pending) -> Result<(), StoreError> {
        self.keep_pending(id, p)?;
        self.put_now(
            SETTINGS,
            &JsValue::from_str("current"),
            &JsValue::from_str(id),
        )
    }

    /// Writes `p` as workspace `id`'s pending record, synchronously, as
    /// [`Repo::write_pending`] does, without touching `current` (the workspace open
    /// while it is being edited).
    pub fn keep_pending(&self, id: &str, p: &Pending) -> Result<(), StoreError> {
        self.put_now(PENDING, &JsValue::from_str(id), &to_js(PENDING_ACTION, p)?)
    }

    /// Puts `value` at `key` of `store` in a transaction of its own, told to commit at
    /// once; nothing waits for its answer (the commit is the outcome, the next load
    /// reads it).
    fn put_now(&self, store: &str, key: &JsValue, value: &JsValue) -> Result<(), StoreError> {
        const ACTION: &str = PENDING_ACTION;
        let (tx, _raw) = strict_tx(&self.raw, &[store], ACTION)?;
        let _put = tx
            .object_store(store)
            .map_err(|e| idb_err(ACTION, e))?
            .put(value, Some(key))
            .map_err(|e| idb_err(ACTION, e))?;
        tx.commit().map_err(|e| idb_err(ACTION, e))?;
        Ok(())
    }

    /// Makes workspace `id` the one opened next time.
    pub async fn set_current(&self, id: &str) -> Result<(), StoreError> {
        const ACTION: &str = "saving the settings";
        let (tx, raw) = strict_tx(&self.raw, &[SETTINGS], ACTION)?;
        let current = JsValue::from_str("current");
        put(&tx, SETTINGS, &current, &JsValue::from_str(id), ACTION).await?;
        finish(tx, raw, ACTION).await
    }

    /// Deletes workspace `id`'s pending record if its stamp is at most `up_to` (a newer
    /// one, written since, stays).
    pub async fn delete_pending(&self, id: &str, up_to: f64) -> Result<(), StoreError> {
        const ACTION: &str = "clearing the recovered changes";
        let (tx, raw) = strict_tx(&self.raw, &[PENDING], ACTION)?;
        let key = JsValue::from_str(id);
        if let Some(v) = get(&tx, PENDING, &key, ACTION).await? {
            let stamp = from_js::<Pending>(ACTION, v).map_or(f64::NEG_INFINITY, |p| p.stamp);
            if stamp <= up_to {
                delete(&tx, PENDING, &key, ACTION).await?;
            }
        }
        finish(tx, raw, ACTION).await
    }

    /// Deletes workspace `id`, its cycles, their team replicas and its pending record
    /// (one transaction).
    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        const ACTION: &str = "deleting the workspace";
        let (tx, raw) = strict_tx(&self.raw, &[WORKSPACES, CYCLES, SETTINGS, PENDING], ACTION)?;
        let key = JsValue::from_str(id);
        if let Some(v) = get(&tx, WORKSPACES, &key, ACTION).await? {
            let meta: WorkspaceRecord = from_js(ACTION, v)?;
            for cid in &meta.cycles {
                delete(&tx, CYCLES, &cycle_key(id, cid), ACTION).await?;
                let replica = JsValue::from_str(&super::team::replica_key(id, cid));
                delete(&tx, SETTINGS, &replica, ACTION).await?;
            }
            delete(&tx, WORKSPACES, &key, ACTION).await?;
        }
        delete(&tx, PENDING, &key, ACTION).await?;
        let current_key = JsValue::from_str("current");
        let current = get(&tx, SETTINGS, &current_key, ACTION).await?;
        if current.and_then(|v| v.as_string()).as_deref() == Some(id) {
            delete(&tx, SETTINGS, &current_key, ACTION).await?;
        }
        finish(tx, raw, ACTION).await
    }
}

/// The requests of one save in transaction `tx` (see [`Repo::save_with`]).
async fn write_save(
    tx: &idb::Transaction,
    w: &Workspace,
    how: &SaveOptions<'_>,
    action: &str,
) -> Result<u32, SaveError> {
    let key = JsValue::from_str(&w.id);
    let stored: Option<WorkspaceRecord> = match get(tx, WORKSPACES, &key, action).await? {
        Some(v) => Some(from_js(action, v)?),
        None => None,
    };
    let stored_rev = stored.as_ref().map_or(0, |r| r.rev);
    if stored_rev != how.expected_rev {
        return Err(SaveError::Conflict {
            stored_rev,
            writer: stored.map(|r| r.writer).unwrap_or_default(),
        });
    }
    let rev = how.expected_rev + 1;
    let dropped: Vec<String> = stored
        .map(|r| r.cycles)
        .unwrap_or_default()
        .into_iter()
        .filter(|id| !w.cycles.iter().any(|c| c.id == *id))
        .collect();
    write_cycles(tx, w, how.cycles, how.prepared, action).await?;
    write_meta(tx, w, rev, how.writer, how.stamp, action).await?;
    for id in dropped {
        delete(tx, CYCLES, &cycle_key(&w.id, &id), action).await?;
    }
    Ok(rev)
}

/// Moves the pending records of data version < 3 (`settings`, key [`pending::key`]) to
/// the pending store (key: the workspace id), in migration transaction `tx`.
async fn move_pending_records(tx: &idb::Transaction, action: &str) -> Result<(), StoreError> {
    let settings = tx.object_store(SETTINGS).map_err(|e| idb_err(action, e))?;
    let keys = settings
        .get_all_keys(None, None)
        .map_err(|e| idb_err(action, e))?
        .await
        .map_err(|e| idb_err(action, e))?;
    let old_key = pending::key("");
    for key in keys {
        let Some(id) = key
            .as_string()
            .and_then(|k| k.strip_prefix(&old_key).map(String::from))
        else {
            continue;
        };
        if let Some(v) = get(tx, SETTINGS, &key, action).await? {
            put(tx, PENDING, &JsValue::from_str(&id), &v, action).await?;
        }
        delete(tx, SETTINGS, &key, action).await?;
    }
    Ok(())
}

async fn write_meta(
    tx: &idb::Transaction,
    w: &Workspace,
    rev: u32,
    writer: &str,
    stamp: f64,
    action: &str,
) -> Result<(), StoreError> {
    let meta = WorkspaceRecord {
        id: w.id.clone(),
        name: w.name.clone(),
        currency: w.currency.clone(),
        number_format: w.number_format,
        format: w.format,
        rev,
        writer: writer.to_string(),
        saved_at: js_sys::Date::now(),
        cycles: w.cycles.iter().map(|c| c.id.clone()).collect(),
        stamp,
    };
    let key = JsValue::from_str(&w.id);
    put(tx, WORKSPACES, &key, &to_js(action, &meta)?, action).await?;
    put(tx, SETTINGS, &JsValue::from_str("current"), &key, action).await
}

async fn write_cycles(
    tx: &idb::Transaction,
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
