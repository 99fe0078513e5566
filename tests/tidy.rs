//! Tidy checks on the source tree (as rust-analyzer's `tidy.rs`): the engine stays pure,
//! and files stay short enough to read.

use std::fs;
use std::path::{Path, PathBuf};

/// Longest a file of `src/ui` or `src/engine` may be, counting the lines before its
/// first `#[cfg(test)]` (tests aside).
const MAX_LINES: usize = 600;

/// Files over [`MAX_LINES`] today, with their current length: they may only shrink.
/// To be emptied: split each by job, then delete its entry.
const TOO_LONG: &[(&str, usize)] = &[];

/// What `src/engine` must not use: storage, the UI, the browser, async code.
const NOT_IN_ENGINE: &[&str] = &[
    "crate::store",
    "crate::ui",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "leptos",
    "gloo",
    "rexie",
    "idb",
    "async",
    "await",
];

/// What `.track()` may be called on in `src/ui`: plain signals. On a `Memo`, reactive_graph
/// 0.2's `track` only subscribes, and a memo nothing has read yet has no sources, so it
/// never passes a change on (a sample company's cleansing review missed every decision
/// that way); `ui::state::follow(memo)` reads it instead.
const TRACKED_SIGNALS: &[&str] = &[
    "workspace",
    "viewing",
    "self.undo",
    "self.redo",
    "self.data_rev",
];

/// `x.track()` calls in `text` (code lines only), with their line numbers and receivers.
fn tracked(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find(".track()") {
            let receiver: String = rest[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            found.push((i + 1, receiver));
            rest = &rest[at + ".track()".len()..];
        }
    }
    found
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn files(under: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    rust_files(&root().join(under), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// Lines before the first `#[cfg(test)]`.
fn code_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count()
}

/// The forbidden names `text` uses in code (comments aside), with their line numbers.
/// A name counts as a whole word or path (`gloo` also as the start of `gloo_timers`).
fn forbidden_uses(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for &name in NOT_IN_ENGINE {
            let hit = code.match_indices(name).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && (!word(after) || (name == "gloo" && after == Some('_')))
            });
            if hit {
                found.push((i + 1, name));
            }
        }
    }
    found
}

#[test]
fn the_engine_uses_no_storage_ui_browser_or_async_code() {
    let mut bad = Vec::new();
    for (path, text) in files("src/engine") {
        for (line, name) in forbidden_uses(&text) {
            bad.push(format!("{path}:{line} uses `{name}`"));
        }
    }
    assert!(
        bad.is_empty(),
        "src/engine must stay pure (no web, DOM, async or storage):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let sample = "use crate::store::idb;\n// leptos in a comment\nasync fn f() { g().await }\nuse gloo_timers::x;\nlet storey = idbx;";
    assert_eq!(
        forbidden_uses(sample),
        vec![
            (1, "crate::store"),
            (1, "idb"),
            (3, "async"),
            (3, "await"),
            (4, "gloo")
        ]
    );
}

#[test]
fn the_ui_tracks_only_plain_signals() {
    let mut bad = Vec::new();
    for (path, text) in files("src/ui") {
        for (line, receiver) in tracked(&text) {
            if !TRACKED_SIGNALS.contains(&receiver.as_str()) {
                bad.push(format!("{path}:{line} `{receiver}.track()`"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "`.track()` on what may be a memo (use `ui::state::follow`, or add a plain signal to TRACKED_SIGNALS):\n{}",
        bad.join("\n")
    );
    assert_eq!(
        tracked("    selection.track(); // x.track()\n state.data_rev.track(); workspace.track();"),
        vec![
            (1, "selection".to_string()),
            (2, "state.data_rev".to_string()),
            (2, "workspace".to_string())
        ]
    );
}

#[test]
fn files_stay_short() {
    let mut bad = Vec::new();
    for under in ["src/ui", "src/engine"] {
        for (path, text) in files(under) {
            let n = code_lines(&text);
            match TOO_LONG.iter().find(|(p, _)| *p == path) {
                Some(&(_, max)) if n > max => bad.push(format!(
                    "{path} has {n} lines (tests aside); it is on the list at {max} and may only shrink"
                )),
                Some(_) => {}
                None if n > MAX_LINES => bad.push(format!(
                    "{path} has {n} lines (tests aside); split it by job below {MAX_LINES}"
                )),
                None => {}
            }
        }
    }
    for (path, _) in TOO_LONG {
        assert!(
            root().join(path).exists(),
            "{path} is gone: remove it from TOO_LONG"
        );
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
