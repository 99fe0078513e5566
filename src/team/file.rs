//! The change file people send each other: a text header naming the format and its
//! version, a JSON line (cycle, sender, what it holds, the payload's length and
//! checksum), then the automerge changes (compressed binary). A foreign, truncated or
//! damaged file is recognised before anything is merged.

use serde::{Deserialize, Serialize};

/// First line of every change file.
pub const MAGIC: &str = "SOP-TEAM-CHANGES";
/// Version of the change-file format this program writes and reads.
pub const FILE_VERSION: u32 = 1;

/// What a change file says about itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Id and label of the cycle the changes belong to.
    pub cycle: String,
    pub label: String,
    /// Who sent it: "name (role)".
    pub from: String,
    /// When it was written (ms since 1970).
    pub created: f64,
    /// Automerge changes in it.
    pub changes: usize,
    /// Length and FNV-1a 64 checksum (hex) of the payload.
    pub bytes: usize,
    pub checksum: String,
}

/// FNV-1a, 64 bits: detects truncation and damage (not tampering; a hostile file is
/// refused by the validation of what it would merge into).
pub fn checksum(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The file: magic and version line, header line, payload.
pub fn write(header: &Header, payload: &[u8]) -> Vec<u8> {
    let mut out = format!("{MAGIC} {FILE_VERSION}\n").into_bytes();
    out.extend(serde_json::to_vec(header).unwrap_or_default());
    out.push(b'\n');
    out.extend_from_slice(payload);
    out
}

/// Splits a file into its header and payload, or says what is wrong with it.
pub fn read(data: &[u8]) -> Result<(Header, &[u8]), String> {
    let line = |d: &[u8]| d.iter().position(|b| *b == b'\n');
    let foreign = || {
        "this is not a change file of the S&OP planner (it does not start with \
         SOP-TEAM-CHANGES)"
            .to_string()
    };
    let first_end = line(data).filter(|i| *i <= 64).ok_or_else(foreign)?;
    let first = std::str::from_utf8(&data[..first_end]).map_err(|_| foreign())?;
    let version = first.strip_prefix(MAGIC).ok_or_else(foreign)?.trim();
    let version: u32 = version.parse().map_err(|_| foreign())?;
    if version > FILE_VERSION {
        return Err(format!(
            "this change file has format version {version}, newer than this program \
             understands ({FILE_VERSION}): update the planner"
        ));
    }
    let rest = &data[first_end + 1..];
    let head_end = line(rest).ok_or("the change file is cut short (its header is incomplete)")?;
    let header: Header = serde_json::from_slice(&rest[..head_end])
        .map_err(|e| format!("the change file's header is damaged ({e})"))?;
    let payload = &rest[head_end + 1..];
    if payload.len() < header.bytes {
        return Err(format!(
            "the change file is cut short: {} of {} bytes of changes",
            payload.len(),
            header.bytes
        ));
    }
    if payload.len() > header.bytes || checksum(payload) != header.checksum {
        return Err("the change file is damaged (its checksum does not match)".into());
    }
    Ok((header, payload))
}
