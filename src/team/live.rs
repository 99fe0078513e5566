//! Live sync of a replica with a sync server: automerge's own sync protocol
//! (`automerge::sync`: one [`sync::State`] per connection, messages generated and
//! received by automerge), framed for the server by [`super::wire`]. An incoming
//! message is taken all or nothing, like a change file: applied to a copy, the cycle
//! read back and validated, only then does the copy replace the replica.

use super::{MergeReport, Res, Team, read_validated, wire};
use automerge::ChangeHash;
use automerge::sync::{self, SyncDoc};

impl Team {
    /// The id of this shared cycle's document on a sync server: made from the hash of
    /// the change that shared it (the same on every replica, unknown to anyone who has
    /// not got the cycle).
    pub fn document_id(&mut self) -> String {
        let mut roots: Vec<ChangeHash> = self
            .doc
            .get_changes(&[])
            .iter()
            .filter(|c| c.deps().is_empty())
            .map(|c| c.hash())
            .collect();
        roots.sort();
        let mut seed = [0u8; 16];
        if let Some(h) = roots.first() {
            seed.copy_from_slice(&h.0[..16]);
        }
        wire::document_id(&seed)
    }

    /// Records a local edit made on the cycle as it was at `seen` (the heads of the cycle
    /// the page shows), when changes from others were merged since: the edit is written
    /// on a fork of the document at `seen` (where the page's rows and ids are the
    /// document's), as this replica's actor, and the fork is merged back by automerge —
    /// the edit is concurrent with what arrived meanwhile, as it was. Then the cycle is
    /// read back and validated. With `seen` the current heads (or unknown), a plain
    /// [`Team::record`].
    pub fn record_since(
        &mut self,
        seen: &[ChangeHash],
        after: &crate::engine::model::Cycle,
        changes: &crate::engine::change::ChangeSet,
        what: &str,
        now_ms: f64,
    ) -> Res<()> {
        let heads = self.doc.get_heads();
        let known = seen
            .iter()
            .all(|h| self.doc.get_change_by_hash(h).is_some());
        if seen.is_empty() || !known || heads == seen || changes.is_empty() {
            return self.record(after, changes, what, now_ms);
        }
        let actor = self.doc.get_actor().clone();
        let fork = self
            .doc
            .fork_at(seen)
            .map_err(|e| e.to_string())?
            .with_actor(actor);
        let main = std::mem::replace(&mut self.doc, fork);
        let recorded = self.record(after, changes, what, now_ms);
        let mut fork = std::mem::replace(&mut self.doc, main);
        recorded?;
        let mut work = self.doc.clone();
        work.merge(&mut fork).map_err(|e| e.to_string())?;
        let (cycle, approved) = read_validated(&mut work)?;
        self.doc = work;
        self.cycle = cycle;
        self.approved = approved;
        Ok(())
    }

    /// Reads the cycle from the document again (after [`Team::record`] took the page's
    /// cycle while changes from the server had been merged that the page had not seen).
    pub fn reread(&mut self) -> Res<()> {
        self.refresh()
    }

    /// The next sync message for the peer of `state`, if there is anything to say.
    pub fn sync_message(&mut self, state: &mut sync::State) -> Option<Vec<u8>> {
        self.doc
            .sync()
            .generate_sync_message(state)
            .map(sync::Message::encode)
    }

    /// Takes a sync message from the peer of `state`. `Ok(None)`: nothing new arrived
    /// (the sync state moved on); `Ok(Some(report))`: changes were merged. A message that
    /// cannot be read, or whose changes would make the cycle invalid, is refused and
    /// changes neither the replica nor `state`.
    pub fn receive_sync(
        &mut self,
        state: &mut sync::State,
        bytes: &[u8],
    ) -> Res<Option<MergeReport>> {
        let msg = sync::Message::decode(bytes)
            .map_err(|e| format!("a sync message could not be read ({e})"))?;
        let mut work = self.doc.clone();
        let mut next = state.clone();
        let before = work.get_heads();
        work.sync()
            .receive_sync_message(&mut next, msg)
            .map_err(|e| format!("a sync message was refused ({e})"))?;
        if work.get_heads() == before {
            *state = next;
            return Ok(None);
        }
        let report = self.adopt(work, &before)?;
        *state = next;
        Ok(Some(report))
    }

    /// How many of this replica's own changes are not in `acked` (the heads a sync
    /// server is known to hold): the changes waiting to be sent.
    pub fn waiting(&mut self, acked: &[ChangeHash]) -> usize {
        let me = self.doc.get_actor().clone();
        if acked
            .iter()
            .any(|h| self.doc.get_change_by_hash(h).is_none())
        {
            return 0;
        }
        self.doc
            .get_changes(acked)
            .iter()
            .filter(|c| *c.actor_id() == me)
            .count()
    }
}

/// The sync server's address: `/sync` of the page's own origin (`wss:` when the page is
/// served over https), or `configured`, the deploy-time setting (`<meta
/// name="sop-sync-endpoint">` of `index.html`: empty for the page's origin) that names
/// exactly one other origin's WebSocket URL — which the deployer adds to the CSP's
/// `connect-src`. A configured address must be `wss://host[:port][/path]` (`ws://` only
/// for a page not served over https), without credentials, query or fragment.
pub fn sync_endpoint(configured: &str, secure: bool, host: &str) -> Result<String, String> {
    let c = configured.trim();
    if c.is_empty() {
        return Ok(format!(
            "{}://{host}/sync",
            if secure { "wss" } else { "ws" }
        ));
    }
    let bad = |why: &str| Err(format!("the sync endpoint set for this site ('{c}') {why}"));
    let rest = if let Some(r) = c.strip_prefix("wss://") {
        r
    } else if let Some(r) = c.strip_prefix("ws://") {
        if secure {
            return bad("must be wss:// on a page served over https");
        }
        r
    } else {
        return bad("is not a ws:// or wss:// address");
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return bad("names no host");
    }
    if c.chars()
        .any(|ch| ch.is_whitespace() || ch.is_control() || matches!(ch, '@' | '?' | '#'))
    {
        return bad("may hold no spaces, credentials, query or fragment");
    }
    Ok(c.to_string())
}

#[cfg(test)]
mod tests {
    use super::sync_endpoint;

    #[test]
    fn the_page_origin_by_default_and_one_configured_websocket_address_otherwise() {
        assert_eq!(
            sync_endpoint("", true, "sop.example.com").unwrap(),
            "wss://sop.example.com/sync"
        );
        assert_eq!(
            sync_endpoint("  ", false, "127.0.0.1:8080").unwrap(),
            "ws://127.0.0.1:8080/sync"
        );
        assert_eq!(
            sync_endpoint("wss://sync.example.com/sop", true, "sop.example.com").unwrap(),
            "wss://sync.example.com/sop"
        );
        assert_eq!(
            sync_endpoint("ws://10.0.0.5:3030", false, "10.0.0.5:8080").unwrap(),
            "ws://10.0.0.5:3030"
        );
        for bad in [
            "https://sync.example.com",
            "ws://sync.example.com",
            "wss://",
            "wss:///sync",
            "wss://user:pw@sync.example.com",
            "wss://sync.example.com/?token=1",
            "wss://sync.example.com/ x",
        ] {
            let e = sync_endpoint(bad, true, "sop.example.com").unwrap_err();
            assert!(e.contains(bad.trim()), "{e}");
        }
    }
}
