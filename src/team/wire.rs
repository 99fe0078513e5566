//! The framing of automerge-repo's network protocol (version "1"), as spoken by
//! `@automerge/automerge-repo-sync-server` and the Rust `samod`: every WebSocket binary
//! frame is one CBOR map with a `type`. A client says `join` (its peer id, the protocol
//! versions it speaks), the server answers `peer`; then both send `sync` messages
//! (`documentId`, `data`: an automerge sync message). This module only frames and
//! unframes: what `data` holds is made and read by automerge's own sync
//! (`automerge::sync`, see [`crate::team::Team::sync_message`]).
//!
//! A document id is 16 bytes (a UUID) in base58check, as automerge-repo writes them.

use minicbor::data::Type;
use minicbor::{Decoder, Encoder};

/// The protocol version this client speaks.
pub const PROTOCOL: &str = "1";

/// A message from the server, as far as a client needs it.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// The answer to `join`: the server's peer id.
    Peer { server: String },
    /// A sync message (`sync`, or a peer's `request` for a document it lacks).
    Sync { document: String, data: Vec<u8> },
    /// No peer has the document asked for.
    Unavailable { document: String },
    /// The server refused the connection (e.g. an unsupported protocol version).
    Error { message: String },
    /// Any other type (ephemeral messages, remote heads): not used here.
    Other { kind: String },
}

fn enc() -> Encoder<Vec<u8>> {
    Encoder::new(Vec::new())
}

/// `join`: the first frame a client sends. The peer is ephemeral (the server keeps no
/// sync state for it between connections).
pub fn join(peer: &str) -> Vec<u8> {
    let mut e = enc();
    // Writing into a Vec cannot fail.
    let _ = (|| -> Result<(), minicbor::encode::Error<core::convert::Infallible>> {
        e.map(4)?
            .str("type")?
            .str("join")?
            .str("senderId")?
            .str(peer)?;
        e.str("peerMetadata")?
            .map(1)?
            .str("isEphemeral")?
            .bool(true)?;
        e.str("supportedProtocolVersions")?
            .array(1)?
            .str(PROTOCOL)?;
        Ok(())
    })();
    e.into_writer()
}

/// A `sync` message for `document` from `peer` to `server`.
pub fn sync(peer: &str, server: &str, document: &str, data: &[u8]) -> Vec<u8> {
    let mut e = enc();
    let _ = (|| -> Result<(), minicbor::encode::Error<core::convert::Infallible>> {
        e.map(5)?.str("type")?.str("sync")?;
        e.str("senderId")?.str(peer)?.str("targetId")?.str(server)?;
        e.str("documentId")?
            .str(document)?
            .str("data")?
            .bytes(data)?;
        Ok(())
    })();
    e.into_writer()
}

/// Reads one frame from the server; anything that is not a CBOR map with a text
/// `type` (and the fields its type needs) is refused.
pub fn read(frame: &[u8]) -> Result<Incoming, String> {
    let bad = |e: minicbor::decode::Error| format!("a sync server message could not be read ({e})");
    let mut d = Decoder::new(frame);
    let len = d.map().map_err(bad)?;
    let (mut kind, mut sender, mut document, mut message) = (None, None, None, None);
    let mut data = None;
    let mut i = 0u64;
    loop {
        match len {
            Some(n) if i >= n => break,
            None if d.datatype().map_err(bad)? == Type::Break => break,
            _ => {}
        }
        i += 1;
        let key = d.str().map_err(bad)?;
        match (key, d.datatype().map_err(bad)?) {
            ("type", Type::String) => kind = Some(d.str().map_err(bad)?.to_string()),
            ("senderId", Type::String) => sender = Some(d.str().map_err(bad)?.to_string()),
            ("documentId", Type::String) => document = Some(d.str().map_err(bad)?.to_string()),
            ("message", Type::String) => message = Some(d.str().map_err(bad)?.to_string()),
            ("data", Type::Bytes) => data = Some(d.bytes().map_err(bad)?.to_vec()),
            _ => d.skip().map_err(bad)?,
        }
    }
    let kind = kind.ok_or("a sync server message has no type")?;
    let missing = |what: &str| format!("a '{kind}' message from the sync server has no {what}");
    Ok(match kind.as_str() {
        "peer" => Incoming::Peer {
            server: sender.ok_or_else(|| missing("senderId"))?,
        },
        "sync" | "request" => Incoming::Sync {
            document: document.ok_or_else(|| missing("documentId"))?,
            data: data.ok_or_else(|| missing("data"))?,
        },
        "doc-unavailable" => Incoming::Unavailable {
            document: document.ok_or_else(|| missing("documentId"))?,
        },
        "error" => Incoming::Error {
            message: message.unwrap_or_else(|| "no reason given".into()),
        },
        _ => Incoming::Other { kind },
    })
}

/// The automerge-repo document id of 16 bytes: shaped as a UUID (version 4, RFC 4122
/// variant, as the server checks), in base58check.
pub fn document_id(seed: &[u8; 16]) -> String {
    let mut b = *seed;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    bs58::encode(b).with_check().into_string()
}

/// Whether `id` is a document id as [`document_id`] writes them (base58check of 16 bytes).
pub fn is_document_id(id: &str) -> bool {
    bs58::decode(id)
        .with_check(None)
        .into_vec()
        .is_ok_and(|v| v.len() == 16)
}
