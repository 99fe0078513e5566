//! A workspace handed over as one file: `<name>.sop.html`, a small self-contained page
//! that carries the workspace's backup and opens the app on it.
//!
//! The page ([`page`]) shows the company, its newest cycle, the date it was saved and
//! the address of the app it was saved from, and a button "Open in the S&OP app". The
//! workspace travels as [`payload`]: `base64(deflate(backup JSON))` — the same JSON a
//! restore reads — inside `<script type="application/json" id="sop-workspace">`.
//! Base64 has no `<`, `>` or `&`, so nothing in the data (a company named
//! `</script><script>…`) can end that element or be read as markup; every text shown
//! is HTML-escaped and the app's address is embedded as JSON with `<`, `>`, `&`
//! written as `\u003c`…. The page's own script (inline: the file is opened from disk)
//! opens the app at `<address>#/open`, waits for that window's "ready" (checking the
//! message's origin and source), and posts the payload to exactly that origin.
//!
//! Coming back, the file is untrusted input: [`read_page`] finds the payload with a
//! strict pattern (one opening tag, base64 only, its closing tag), [`read_payload`]
//! caps its size before and after inflating, then [`super::backup::read_backup`] — the
//! restore's parse and validation — decides. Every failure is a [`HandoverError`]
//! naming what is wrong; nothing stored is touched by reading.

use super::backup::{BackupError, read_backup};
use crate::engine::model::Workspace;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::fmt;

/// Longest payload read (base64 characters): 48 MiB, about 1 GB of planning data at the
/// demo's compression; a page may hold that plus the template.
pub const MAX_PAYLOAD: usize = 48 * 1024 * 1024;
/// Longest backup JSON a payload may inflate to (bytes): 512 MiB.
pub const MAX_JSON: usize = 512 * 1024 * 1024;
/// Longest page read (characters): the payload and the template.
pub const MAX_PAGE: usize = MAX_PAYLOAD + 64 * 1024;

/// The opening tag of the payload: the one marker [`extract`] looks for.
const OPEN: &str = r#"<script type="application/json" id="sop-workspace" data-format="1">"#;
const CLOSE: &str = "</script>";

/// Why a handed-over workspace cannot be used. Nothing stored is touched.
#[derive(Clone, Debug, PartialEq)]
pub enum HandoverError {
    /// No payload in it: not a page saved by "Save as a file for a client".
    NotAPage,
    /// More than one payload (a page doctored to hold two).
    Ambiguous,
    /// The payload's end is missing: the file was cut short.
    Cut,
    /// Longer than [`MAX_PAYLOAD`] (or inflating past [`MAX_JSON`]).
    TooLarge,
    /// Not base64, or not deflated data: changed on the way.
    Corrupt(&'static str),
    /// Unpacked, but the backup inside is refused by the restore's checks.
    Backup(BackupError),
}

impl fmt::Display for HandoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandoverError::NotAPage => f.write_str(
                "this is not a workspace file saved by the S&OP app (no workspace found in it)",
            ),
            HandoverError::Ambiguous => {
                f.write_str("this file holds more than one workspace; it was changed by hand")
            }
            HandoverError::Cut => f.write_str(
                "the workspace in this file is incomplete: the file was cut short (copy it again)",
            ),
            HandoverError::TooLarge => write!(
                f,
                "the workspace in this file is larger than the app reads ({} MB packed, {} MB unpacked)",
                MAX_PAYLOAD / (1024 * 1024),
                MAX_JSON / (1024 * 1024)
            ),
            HandoverError::Corrupt(why) => {
                write!(
                    f,
                    "the workspace in this file was damaged on the way ({why})"
                )
            }
            HandoverError::Backup(e) => write!(f, "the workspace in this file is refused: {e}"),
        }
    }
}

impl std::error::Error for HandoverError {}

/// The workspace as it travels: `base64(deflate(JSON))`, standard alphabet, padded.
pub fn payload(w: &Workspace) -> String {
    let json = super::workspace_to_json(w);
    STANDARD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
}

/// Reads a payload (from a page or a message): size caps, base64, inflate (capped), then
/// the restore's [`read_backup`].
pub fn read_payload(code: &str) -> Result<Workspace, HandoverError> {
    read_payload_capped(code, MAX_PAYLOAD, MAX_JSON)
}

fn read_payload_capped(
    code: &str,
    max_code: usize,
    max_json: usize,
) -> Result<Workspace, HandoverError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(HandoverError::Backup(BackupError::Empty));
    }
    if code.len() > max_code {
        return Err(HandoverError::TooLarge);
    }
    let packed = STANDARD
        .decode(code)
        .map_err(|_| HandoverError::Corrupt("not base64"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, max_json).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => HandoverError::TooLarge,
            miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => {
                HandoverError::Corrupt("the packed data ends early")
            }
            _ => HandoverError::Corrupt("not packed data"),
        },
    )?;
    let json = String::from_utf8(json).map_err(|_| HandoverError::Corrupt("not text"))?;
    read_backup(&json).map_err(HandoverError::Backup)
}

/// The payload of `page`, by the strict pattern of the module doc.
pub fn extract(page: &str) -> Result<&str, HandoverError> {
    if page.len() > MAX_PAGE {
        return Err(HandoverError::TooLarge);
    }
    let mut found = page.match_indices(OPEN);
    let Some((at, _)) = found.next() else {
        return Err(HandoverError::NotAPage);
    };
    if found.next().is_some() {
        return Err(HandoverError::Ambiguous);
    }
    let rest = &page[at + OPEN.len()..];
    let Some(end) = rest.find(CLOSE) else {
        return Err(HandoverError::Cut);
    };
    let code = rest[..end].trim();
    if !code
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return Err(HandoverError::Corrupt("not base64"));
    }
    Ok(code)
}

/// The workspace handed over in `page` (see the module doc).
pub fn read_page(page: &str) -> Result<Workspace, HandoverError> {
    read_payload(extract(page)?)
}

/// Whether `text` looks like a handover page rather than a JSON backup (so that a
/// restore knows which reader to use; the reader still decides).
pub fn is_page(text: &str) -> bool {
    let head = text.trim_start();
    head.starts_with('<') || text.contains(OPEN)
}

/// The file name of the page: the workspace's name with characters a file system or a
/// mail client dislikes replaced by `-`, then `.sop.html`.
pub fn file_name(w: &Workspace) -> String {
    let base: String = w
        .name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')') {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    let base = base.trim_matches(|c: char| c == '.' || c == ' ');
    format!(
        "{}.sop.html",
        if base.is_empty() { "workspace" } else { base }
    )
}

/// `s` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `v` as JSON safe inside a `<script>` element: `<`, `>`, `&` and the JavaScript line
/// separators written as `\uXXXX` escapes (the same string once parsed).
fn script_json(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Where the page sends the workspace: the app's address (without its `#…` part) and
/// its origin (`scheme://host[:port]`, the target of `postMessage` and what the answer's
/// origin must equal).
#[derive(Clone, Debug, PartialEq)]
pub struct AppAddress {
    pub url: String,
    pub origin: String,
}

impl AppAddress {
    /// The address `url` (its `#…` dropped) with `origin`, checked: http(s), and `url`
    /// starts with `origin` followed by `/` — else the page could post to another site.
    pub fn new(url: &str, origin: &str) -> Result<AppAddress, String> {
        let url = url.split('#').next().unwrap_or_default();
        let ok = (origin.starts_with("https://") || origin.starts_with("http://"))
            && !origin[origin.find("//").map_or(0, |i| i + 2)..].contains('/')
            && url
                .strip_prefix(origin)
                .is_some_and(|rest| rest.starts_with('/'));
        if ok {
            Ok(AppAddress {
                url: url.to_string(),
                origin: origin.to_string(),
            })
        } else {
            Err(format!(
                "the app's address {url} (origin {origin}) cannot be recorded in a file"
            ))
        }
    }
}

/// The handover page of `w` (see the module doc), saved from the app at `app` on
/// `saved_on` (the planner's date and time, as shown).
pub fn page(w: &Workspace, app: &AppAddress, saved_on: &str) -> String {
    let newest = w.cycles.iter().max_by_key(|c| c.label);
    let cycle = newest.map_or_else(String::new, |c| c.label.to_string());
    let products = newest.map_or(0, |c| c.master.products.len());
    let name = escape_html(&w.name);
    let config = script_json(&serde_json::json!({
        "url": app.url,
        "origin": app.origin,
    }));
    let url = escape_html(&app.url);
    let saved_on = escape_html(saved_on);
    let data = payload(w);
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="generator" content="S&amp;OP Planner handover">
<title>{name} — S&amp;OP workspace</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }}
h1 {{ font-size: 1.6rem; margin-bottom: .25rem; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }}
dt {{ color: #555; }}
button {{ font: inherit; padding: .6rem 1.2rem; background: #1f4e8c; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }}
#note {{ min-height: 1.5em; }}
.muted {{ color: #555; font-size: .9rem; }}
</style>
</head>
<body>
<h1 id="company">{name}</h1>
<p>An S&amp;OP workspace handed over as one file.</p>
<dl>
<dt>Cycle</dt><dd id="cycle">{cycle}</dd>
<dt>Products</dt><dd id="products">{products}</dd>
<dt>Saved</dt><dd id="saved">{saved_on}</dd>
<dt>App</dt><dd id="app-url">{url}</dd>
</dl>
<p><button type="button" id="open">Open in the S&amp;OP app</button></p>
<p id="note" role="status"></p>
<p class="muted">The app opens in a new window and asks before adding this workspace; nothing is sent anywhere else. Without a connection or with pop-ups blocked: open the app and choose Workspace ▾ → Restore backup…, then this file.</p>
<script type="application/json" id="sop-app">{config}</script>
{OPEN}
{data}
{CLOSE}
<script>
(function () {{
  var app = JSON.parse(document.getElementById('sop-app').textContent);
  var data = document.getElementById('sop-workspace').textContent.trim();
  var note = document.getElementById('note');
  var win = null, sent = false;
  window.addEventListener('message', function (ev) {{
    if (ev.origin !== app.origin || !win || ev.source !== win || sent) return;
    if (!ev.data || ev.data.sop !== 'ready') return;
    sent = true;
    win.postMessage({{ sop: 'workspace', payload: data }}, app.origin);
    note.textContent = 'Sent: confirm in the S&OP app to add the workspace.';
  }});
  document.getElementById('open').addEventListener('click', function () {{
    sent = false;
    win = window.open(app.url + '#/open', '_blank');
    note.textContent = win
      ? 'Opening the S&OP app…'
      : 'The browser blocked the new window. Open ' + app.url + ' and restore this file there (Workspace ▾ → Restore backup…).';
  }});
}})();
</script>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::demo_workspace;

    #[test]
    fn a_bomb_is_stopped_by_the_inflate_cap() {
        // 2 MB of zeros deflate to ~2 KB; with a 1 MB cap it is refused as too large.
        let packed = miniz_oxide::deflate::compress_to_vec(&vec![b'0'; 2 << 20], 6);
        let code = STANDARD.encode(packed);
        assert!(code.len() < 10_000);
        assert_eq!(
            read_payload_capped(&code, MAX_PAYLOAD, 1 << 20),
            Err(HandoverError::TooLarge)
        );
        // The same under a small code cap.
        assert_eq!(
            read_payload_capped(&code, 100, MAX_JSON),
            Err(HandoverError::TooLarge)
        );
        // The demo itself reads under the real caps.
        assert!(read_payload(&payload(&demo_workspace())).is_ok());
    }
}
