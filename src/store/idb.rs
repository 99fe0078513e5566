//! The IndexedDB repository (via rexie): workspaces saved as JSON text records.
//!
//! Store `workspaces`: key = workspace id, value = `{ id, name, format, saved_at, json }`.
//! Store `settings`: key = name, value = text (e.g. `current` = the open workspace id).

use super::{StoreError, workspace_from_json, workspace_to_json};
use crate::engine::model::Workspace;
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Name of the IndexedDB database.
pub const DB_NAME: &str = "sop-planner";
/// Schema version of the database (object stores).
pub const DB_VERSION: u32 = 1;
const WORKSPACES: &str = "workspaces";
const SETTINGS: &str = "settings";

#[derive(Serialize, Deserialize)]
struct Record {
    id: String,
    name: String,
    format: u32,
    saved_at: f64,
    json: String,
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

/// An open database.
pub struct Repo {
    db: Rexie,
}

impl Repo {
    /// Opens (and creates or upgrades) the database `name`.
    pub async fn open(name: &str) -> Result<Repo, StoreError> {
        let db = Rexie::builder(name)
            .version(DB_VERSION)
            .add_object_store(ObjectStore::new(WORKSPACES))
            .add_object_store(ObjectStore::new(SETTINGS))
            .build()
            .await
            .map_err(|e| err("opening the browser database", e))?;
        Ok(Repo { db })
    }

    /// Saves `w` in one transaction (replaces the stored version).
    pub async fn save_workspace(&self, w: &Workspace) -> Result<(), StoreError> {
        const ACTION: &str = "saving the workspace";
        let record = Record {
            id: w.id.clone(),
            name: w.name.clone(),
            format: w.format,
            saved_at: js_sys::Date::now(),
            json: workspace_to_json(w),
        };
        let value = serde_wasm_bindgen::to_value(&record).map_err(|e| js_err(ACTION, e))?;
        let tx = self
            .db
            .transaction(&[WORKSPACES, SETTINGS], TransactionMode::ReadWrite)
            .map_err(|e| err(ACTION, e))?;
        let store = tx.store(WORKSPACES).map_err(|e| err(ACTION, e))?;
        store
            .put(&value, Some(&JsValue::from_str(&w.id)))
            .await
            .map_err(|e| err(ACTION, e))?;
        let settings = tx.store(SETTINGS).map_err(|e| err(ACTION, e))?;
        settings
            .put(
                &JsValue::from_str(&w.id),
                Some(&JsValue::from_str("current")),
            )
            .await
            .map_err(|e| err(ACTION, e))?;
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(())
    }

    /// Loads workspace `id`, `None` if it was never saved.
    pub async fn load_workspace(&self, id: &str) -> Result<Option<Workspace>, StoreError> {
        const ACTION: &str = "loading the workspace";
        let tx = self
            .db
            .transaction(&[WORKSPACES], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let store = tx.store(WORKSPACES).map_err(|e| err(ACTION, e))?;
        let value = store
            .get(JsValue::from_str(id))
            .await
            .map_err(|e| err(ACTION, e))?;
        tx.done().await.map_err(|e| err(ACTION, e))?;
        let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
            return Ok(None);
        };
        let record: Record =
            serde_wasm_bindgen::from_value(value).map_err(|e| js_err(ACTION, e))?;
        workspace_from_json(&record.json).map(Some)
    }

    /// The id of the workspace saved last, if any.
    pub async fn current_workspace_id(&self) -> Result<Option<String>, StoreError> {
        const ACTION: &str = "reading the settings";
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadOnly)
            .map_err(|e| err(ACTION, e))?;
        let store = tx.store(SETTINGS).map_err(|e| err(ACTION, e))?;
        let value = store
            .get(JsValue::from_str("current"))
            .await
            .map_err(|e| err(ACTION, e))?;
        tx.done().await.map_err(|e| err(ACTION, e))?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Loads the workspace saved last, if any.
    pub async fn load_current(&self) -> Result<Option<Workspace>, StoreError> {
        match self.current_workspace_id().await? {
            Some(id) => self.load_workspace(&id).await,
            None => Ok(None),
        }
    }

    pub fn close(self) {
        self.db.close();
    }
}
