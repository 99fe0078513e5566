//! The team replicas: this browser's copy of each shared cycle's automerge document
//! (the bytes of `AutoCommit::save`, compressed), kept in the `settings` store under
//! [`replica_key`] as a `Uint8Array`, written durably like every save.
//!
//! IndexedDB, not `localStorage`: a shared cycle of 1,000 SKUs has a replica of
//! megabytes, and `localStorage` holds about 5 MB of text per origin (base64 adds a
//! third), so a bigger team's replica could not be kept at all.

use super::write::{finish, put, strict_tx};
use super::{Repo, SETTINGS, get};
use crate::store::StoreError;
use js_sys::Uint8Array;
use rexie::TransactionMode;
use wasm_bindgen::{JsCast, JsValue};

/// Where the replica of shared cycle `cycle` of workspace `ws` is kept.
pub fn replica_key(ws: &str, cycle: &str) -> String {
    format!("team/{ws}/{cycle}")
}

impl Repo {
    /// The stored replica of shared cycle `cycle` of workspace `ws`, if any.
    pub async fn team_replica(&self, ws: &str, cycle: &str) -> Result<Option<Vec<u8>>, StoreError> {
        const ACTION: &str = "reading the team document";
        let tx = self
            .db
            .transaction(&[SETTINGS], TransactionMode::ReadOnly)
            .map_err(|e| super::err(ACTION, e))?;
        let key = JsValue::from_str(&replica_key(ws, cycle));
        match get(&tx, SETTINGS, &key, ACTION).await? {
            None => Ok(None),
            Some(v) => match v.dyn_ref::<Uint8Array>() {
                Some(bytes) => Ok(Some(bytes.to_vec())),
                None => Err(StoreError::new(
                    ACTION,
                    format!("the stored team document of cycle {cycle} is not binary"),
                )),
            },
        }
    }

    /// Keeps `bytes` as the replica of shared cycle `cycle` of workspace `ws`
    /// (replacing the one before). A full storage quota is an error naming it; the
    /// replica stored before stays.
    pub async fn put_team_replica(
        &self,
        ws: &str,
        cycle: &str,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        const ACTION: &str = "keeping the team document";
        let (tx, raw) = strict_tx(&self.raw, &[SETTINGS], ACTION)?;
        let key = JsValue::from_str(&replica_key(ws, cycle));
        put(&tx, SETTINGS, &key, &Uint8Array::from(bytes).into(), ACTION).await?;
        finish(tx, raw, ACTION).await
    }
}
