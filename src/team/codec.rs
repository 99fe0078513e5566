//! How plain data sits in the automerge document: a row (a struct serialized to a JSON
//! object) is an automerge map with one scalar per field, so two people who change two
//! fields of one row both keep their change. Nested values (a target, a change, a
//! routing list, a SKU's history) are one scalar holding their JSON (bytes): they are
//! replaced as a whole. A table is `{rows: {key → row}, order: [keys]}`: rows keyed by a
//! stable id (never a list index), the order a separate whole value.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use serde_json::{Map, Value as Json};

pub(crate) type Res<T> = Result<T, String>;

/// A JSON field value as an automerge scalar.
pub(crate) fn to_scalar(v: &Json) -> ScalarValue {
    match v {
        Json::Null => ScalarValue::Null,
        Json::Bool(b) => ScalarValue::Boolean(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => ScalarValue::Int(i),
            (None, Some(u)) => ScalarValue::Uint(u),
            _ => ScalarValue::F64(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => ScalarValue::Str(s.as_str().into()),
        other => ScalarValue::Bytes(serde_json::to_vec(other).unwrap_or_default()),
    }
}

/// An automerge scalar as the JSON field value it stands for.
pub(crate) fn from_scalar(s: &ScalarValue, path: &str) -> Res<Json> {
    Ok(match s {
        ScalarValue::Null => Json::Null,
        ScalarValue::Boolean(b) => Json::Bool(*b),
        ScalarValue::Int(i) => Json::from(*i),
        ScalarValue::Uint(u) => Json::from(*u),
        ScalarValue::F64(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or_else(|| format!("{path}: {f} is not a number"))?,
        ScalarValue::Str(s) => Json::String(s.to_string()),
        ScalarValue::Bytes(b) => {
            serde_json::from_slice(b).map_err(|e| format!("{path}: unreadable value ({e})"))?
        }
        other => return Err(format!("{path}: unexpected value {other:?}")),
    })
}

/// A short text of a field value, for conflict notices.
pub(crate) fn show(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Object(o) if o.contains_key("value") => {
            let pct = o.get("kind").and_then(Json::as_str) == Some("percent");
            format!("{}{}", show(&o["value"]), if pct { " %" } else { "" })
        }
        other => other.to_string(),
    }
}

/// The child map `key` of `parent`, created if missing.
pub(crate) fn child(doc: &mut AutoCommit, parent: &ObjId, key: &str) -> Res<ObjId> {
    match doc.get(parent, key).map_err(|e| e.to_string())? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => doc
            .put_object(parent, key, ObjType::Map)
            .map_err(|e| e.to_string()),
    }
}

/// The child map `key` of `parent`, if there is one.
pub(crate) fn child_of(doc: &AutoCommit, parent: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(parent, key) {
        Ok(Some((Value::Object(ObjType::Map), id))) => Some(id),
        _ => None,
    }
}

/// Every map at `parent.key`, automerge's winner first. Two replicas that each create
/// the same table concurrently (e.g. the notes tables of a document shared before they
/// existed) each put their own map under one key; automerge keeps both as conflicting
/// values and [`child_of`] sees only the winner, so tables are read (and rows deleted)
/// across all of them: no row written into the other map is lost.
pub(crate) fn maps_of(doc: &AutoCommit, parent: &ObjId, key: &str) -> Vec<ObjId> {
    let mut all: Vec<ObjId> = doc
        .get_all(parent, key)
        .unwrap_or_default()
        .into_iter()
        .filter(|(v, _)| matches!(v, Value::Object(ObjType::Map)))
        .map(|(_, id)| id)
        .collect();
    all.reverse();
    all
}

/// A row object's fields as JSON.
pub(crate) fn read_map(doc: &AutoCommit, obj: &ObjId, path: &str) -> Res<Map<String, Json>> {
    let mut out = Map::new();
    for k in doc.keys(obj) {
        match doc.get(obj, k.as_str()).map_err(|e| e.to_string())? {
            Some((Value::Scalar(s), _)) => {
                out.insert(k.clone(), from_scalar(&s, &format!("{path}.{k}"))?);
            }
            Some((Value::Object(_), _)) => return Err(format!("{path}.{k}: unexpected object")),
            None => {}
        }
    }
    Ok(out)
}

/// Writes `row` as the map `key` of `parent`: a new object if there is none, else only
/// the fields that differ from the document (and deletes fields the row no longer has).
/// `None` deletes the row.
pub(crate) fn write_row(
    doc: &mut AutoCommit,
    parent: &ObjId,
    key: &str,
    row: Option<&Map<String, Json>>,
) -> Res<()> {
    let e = |e: automerge::AutomergeError| e.to_string();
    let Some(row) = row else {
        if doc.get(parent, key).map_err(e)?.is_some() {
            doc.delete(parent, key).map_err(e)?;
        }
        return Ok(());
    };
    let obj = match child_of(doc, parent, key) {
        Some(obj) => obj,
        None => {
            let obj = doc.put_object(parent, key, ObjType::Map).map_err(e)?;
            for (k, v) in row {
                doc.put(&obj, k.as_str(), to_scalar(v)).map_err(e)?;
            }
            return Ok(());
        }
    };
    let current = read_map(doc, &obj, key).unwrap_or_default();
    for (k, v) in row {
        if current.get(k) != Some(v) {
            doc.put(&obj, k.as_str(), to_scalar(v)).map_err(e)?;
        }
    }
    for k in current.keys().filter(|k| !row.contains_key(*k)) {
        doc.delete(&obj, k.as_str()).map_err(e)?;
    }
    Ok(())
}

/// `value` as a JSON object without the fields `strip` (kept elsewhere in the document).
pub(crate) fn row_of<T: serde::Serialize>(value: &T, strip: &[&str]) -> Map<String, Json> {
    match serde_json::to_value(value) {
        Ok(Json::Object(mut m)) => {
            for s in strip {
                m.remove(*s);
            }
            m
        }
        _ => Map::new(),
    }
}

/// A table `{rows, order}` at `parent.name`, created if missing; returns (table, rows).
pub(crate) fn table(doc: &mut AutoCommit, parent: &ObjId, name: &str) -> Res<(ObjId, ObjId)> {
    let t = child(doc, parent, name)?;
    let rows = child(doc, &t, "rows")?;
    Ok((t, rows))
}

/// Sets the table's order of keys when it differs from the document's.
pub(crate) fn write_order(doc: &mut AutoCommit, table: &ObjId, keys: &[String]) -> Res<()> {
    let keys = Json::from(keys.to_vec());
    let current = match doc.get(table, "order") {
        Ok(Some((Value::Scalar(s), _))) => from_scalar(&s, "order").ok(),
        _ => None,
    };
    // Only a change in the relative order of rows already ordered is written: rows
    // added or removed leave it alone (new rows follow, by key, when read), so adding
    // rows one by one does not rewrite a growing list each time.
    let current: Option<Vec<String>> = current.and_then(|c| serde_json::from_value(c).ok());
    let changed = match &current {
        None => true,
        Some(cur) => {
            let new: Vec<&String> = match &keys {
                Json::Array(a) => a
                    .iter()
                    .filter_map(|k| k.as_str().and(Some(k)))
                    .filter_map(|k| cur.iter().find(|c| k.as_str() == Some(c.as_str())))
                    .collect(),
                _ => Vec::new(),
            };
            let kept: std::collections::HashSet<&String> = new.iter().copied().collect();
            let old: Vec<&String> = cur.iter().filter(|k| kept.contains(k)).collect();
            old != new
        }
    };
    if changed {
        doc.put(table, "order", to_scalar(&keys))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The rows of table `parent.name` in its order (rows missing from the order follow,
/// sorted by key; keys of the order without a row are skipped), with their keys. When
/// the table was created concurrently by two replicas ([`maps_of`]), the rows of the
/// others follow the winner's, a key present in several taken from the winner.
pub(crate) fn read_table(
    doc: &AutoCommit,
    parent: &ObjId,
    name: &str,
    path: &str,
) -> Res<Vec<(String, Map<String, Json>)>> {
    let path = format!("{path}.{name}");
    let mut out: Vec<(String, Map<String, Json>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in maps_of(doc, parent, name) {
        let Some(rows) = child_of(doc, &t, "rows") else {
            continue;
        };
        let mut keys: Vec<String> = match doc.get(&t, "order").map_err(|e| e.to_string())? {
            Some((Value::Scalar(s), _)) => serde_json::from_value(from_scalar(&s, &path)?)
                .map_err(|e| format!("{path}: {e}"))?,
            _ => Vec::new(),
        };
        let mut present: Vec<String> = doc.keys(&rows).collect();
        present.sort();
        let mut here = std::collections::HashSet::new();
        keys.retain(|k| present.binary_search(k).is_ok() && here.insert(k.clone()));
        keys.extend(present.into_iter().filter(|k| !here.contains(k)));
        for k in keys {
            if !seen.insert(k.clone()) {
                continue;
            }
            let row = child_of(doc, &rows, &k).ok_or_else(|| format!("{path}[{k}]: not a row"))?;
            let fields = read_map(doc, &row, &format!("{path}[{k}]"))?;
            out.push((k, fields));
        }
    }
    Ok(out)
}

/// A JSON object as `T`, naming the place on error.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(m: Map<String, Json>, path: &str) -> Res<T> {
    serde_json::from_value(Json::Object(m)).map_err(|e| format!("{path}: {e}"))
}
