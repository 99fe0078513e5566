//! Conflicts (one field set concurrently by two people: automerge keeps one value,
//! the same on every replica, and both here) and the approval (changes made
//! concurrently with or after it are rejected: listed, kept in the document, not applied).

use super::codec::{Res, child_of, from_scalar, read_map, show};
use super::{ChangeInfo, Team};
use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, Value};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// One value of a conflicting field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// The automerge actor that wrote it (hex) and the person behind it.
    pub actor: String,
    pub person: String,
    pub value: String,
    /// Written by this browser.
    pub mine: bool,
}

/// A field (or a row) with more than one concurrent value. `sides[0]` is the value
/// every replica shows until someone keeps one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// Keys from the document's root.
    pub path: Vec<String>,
    /// Where, in a planner's words.
    pub place: String,
    pub sides: Vec<Side>,
}

fn actor_of(id: &ObjId) -> String {
    match id {
        automerge::ObjId::Id(_, actor, _) => actor.to_hex_string(),
        automerge::ObjId::Root => String::new(),
    }
}

/// "name (role)" of an actor, from the document's `people`.
pub(crate) fn person_of(doc: &AutoCommit, actor: &str) -> String {
    child_of(doc, &ROOT, "people")
        .and_then(|p| child_of(doc, &p, actor))
        .and_then(|o| read_map(doc, &o, "people").ok())
        .map(|m| {
            let t = |k: &str| m.get(k).and_then(Json::as_str).unwrap_or("?").to_string();
            format!("{} ({})", t("name"), t("role"))
        })
        .unwrap_or_else(|| "someone".to_string())
}

/// A conflict's place in words: `plans.base.adjustments.rows.cell|sales|{..}|2026-12.change`
/// → "base plan, Sales adjustment of EB-CITY-500 in 2026-12, change".
fn place(path: &[String]) -> String {
    let mut out = Vec::new();
    for seg in path {
        match seg.as_str() {
            "rows" | "plans" => {}
            "base" => out.push("base plan".to_string()),
            s if s.starts_with("cell|") => {
                let p: Vec<&str> = s.splitn(4, '|').collect();
                let target = serde_json::from_str::<Json>(p.get(2).unwrap_or(&""))
                    .ok()
                    .and_then(|t| t.get("id").and_then(Json::as_str).map(str::to_string))
                    .unwrap_or_default();
                let layer = p.get(1).unwrap_or(&"");
                let mut layer = layer.to_string();
                if let Some(f) = layer.get_mut(..1) {
                    f.make_ascii_uppercase();
                }
                out.push(format!(
                    "{layer} adjustment of {target} in {}",
                    p.get(3).unwrap_or(&"")
                ));
            }
            s if s.len() > 1 && s.starts_with('s') && s[1..].parse::<u64>().is_ok() => {
                out.push(format!("scenario #{}", &s[1..]))
            }
            s => out.push(s.replace('_', " ")),
        }
    }
    out.join(", ")
}

/// Every conflict in the document (fields whose concurrent values differ; the
/// tables' order and equal values written twice are not conflicts).
pub(crate) fn conflicts(doc: &AutoCommit, me: &str) -> Vec<Conflict> {
    let mut out = Vec::new();
    walk(doc, &ROOT, &mut Vec::new(), me, &mut out);
    out
}

fn walk(doc: &AutoCommit, obj: &ObjId, path: &mut Vec<String>, me: &str, out: &mut Vec<Conflict>) {
    for key in doc.keys(obj) {
        if key == "order" || (path.is_empty() && key == "people") {
            continue;
        }
        let all = doc.get_all(obj, key.as_str()).unwrap_or_default();
        path.push(key.clone());
        // One table created concurrently by two replicas is not a conflict: its
        // copies are read together (`codec::maps_of`); what is inside each is walked.
        let tables = all.len() > 1
            && all.iter().all(|(v, id)| {
                matches!(v, Value::Object(ObjType::Map)) && child_of(doc, id, "rows").is_some()
            });
        if tables {
            for (_, child) in all.iter().rev() {
                walk(doc, child, path, me, out);
            }
            path.pop();
            continue;
        }
        if all.len() > 1 {
            // The value every replica shows (automerge's winner, the last) first.
            let values: Vec<(String, ObjId)> = all
                .iter()
                .rev()
                .map(|(v, id)| (value_text(doc, v, id), id.clone()))
                .collect();
            if values.iter().any(|(v, _)| *v != values[0].0) {
                out.push(Conflict {
                    path: path.clone(),
                    place: place(path),
                    sides: values
                        .into_iter()
                        .map(|(value, id)| {
                            let actor = actor_of(&id);
                            Side {
                                person: person_of(doc, &actor),
                                mine: actor == me,
                                actor,
                                value,
                            }
                        })
                        .collect(),
                });
            }
        }
        if let Some((Value::Object(ObjType::Map), child)) = all.last() {
            walk(doc, child, path, me, out);
        }
        path.pop();
    }
}

/// A value as text: a scalar shown plainly; a row by the fields that say what it is.
fn value_text(doc: &AutoCommit, v: &Value<'_>, id: &ObjId) -> String {
    match v {
        Value::Scalar(s) => from_scalar(s, "").map(|j| show(&j)).unwrap_or_default(),
        Value::Object(_) => {
            let m = read_map(doc, id, "").unwrap_or_default();
            ["change", "units", "value", "text", "price"]
                .iter()
                .find_map(|k| m.get(*k).map(show))
                .unwrap_or_else(|| Json::Object(m).to_string())
        }
    }
}

impl Team {
    /// Keeps the value `actor` wrote for the conflict at `path` ("keep mine" / "keep
    /// theirs"): writes it again, which every replica then takes over the others.
    pub fn keep(&mut self, path: &[String], actor: &str, now_ms: f64) -> Res<()> {
        let (last, parents) = path.split_last().ok_or("empty path")?;
        let mut obj = ROOT;
        for seg in parents {
            obj = child_of(&self.doc, &obj, seg).ok_or_else(|| format!("{seg} is gone"))?;
        }
        let all = self
            .doc
            .get_all(&obj, last.as_str())
            .map_err(|e| e.to_string())?;
        let (value, id) = all
            .into_iter()
            .find(|(_, id)| actor_of(id) == actor)
            .map(|(v, id)| (v.into_owned(), id))
            .ok_or("that value is no longer in conflict")?;
        let e = |e: automerge::AutomergeError| e.to_string();
        use automerge::transaction::Transactable;
        match value {
            Value::Scalar(s) => {
                self.doc
                    .put(&obj, last.as_str(), s.into_owned())
                    .map_err(e)?;
            }
            Value::Object(_) => {
                let fields = read_map(&self.doc, &id, last)?;
                let fresh = self
                    .doc
                    .put_object(&obj, last.as_str(), ObjType::Map)
                    .map_err(e)?;
                for (k, v) in &fields {
                    self.doc
                        .put(&fresh, k.as_str(), super::codec::to_scalar(v))
                        .map_err(e)?;
                }
            }
        }
        let what = format!(
            "kept {}'s value of {}",
            person_of(&self.doc, actor),
            place(path)
        );
        self.commit(&what, now_ms)?;
        self.refresh()
    }
}

/// The change that approved the cycle, if an approval was merged.
pub(crate) fn approval(doc: &AutoCommit) -> Option<ChangeHash> {
    let cycle = child_of(doc, &ROOT, "cycle")?;
    doc.get_all(&cycle, "status")
        .ok()?
        .into_iter()
        .find(|(v, _)| matches!(v, Value::Scalar(s) if s.as_str() == Some("approved")))
        .and_then(|(_, id)| doc.hash_for_opid(&id))
}

/// Changes that are not part of what was approved: made concurrently with or after it.
pub(crate) fn rejected(doc: &mut AutoCommit, approved: ChangeHash) -> Vec<ChangeInfo> {
    doc.get_changes(&[approved])
        .iter()
        .map(ChangeInfo::of)
        .collect()
}
