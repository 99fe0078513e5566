//! The IndexedDB repository in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test store_idb`.
#![cfg(target_arch = "wasm32")]

use rexie::{ObjectStore, Rexie, TransactionMode};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::store::idb::{Loaded, Repo, SaveError};
use sop_planner::store::workspace_to_json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database of its own per test, deleted first so each run starts empty.
async fn fresh(name: &str) -> Repo {
    let _ = Rexie::delete(name).await;
    Repo::open(name).await.expect("open database")
}

#[wasm_bindgen_test]
async fn save_then_load_returns_the_same_workspace() {
    let repo = fresh("test-save-load").await;
    assert_eq!(repo.load_current().await.unwrap(), None, "empty at first");
    let w = demo_workspace();
    let rev = repo.save(&w, 0, None, "tab-a").await.unwrap();
    assert_eq!(rev, 1);
    let back = repo.load_current().await.unwrap().expect("saved workspace");
    assert_eq!(
        back,
        Loaded {
            workspace: w.clone(),
            rev: 1
        }
    );
    assert_eq!(repo.list().await.unwrap()[0].writer, "tab-a");
}

#[wasm_bindgen_test]
async fn saves_replace_the_stored_version_and_survive_reopening() {
    let repo = fresh("test-replace").await;
    let mut w = demo_workspace();
    repo.save(&w, 0, None, "t").await.unwrap();
    w.cycles[0].history[0].units[0] = 12345.0;
    w.name = "Edited".into();
    let cycle = w.cycles[0].id.clone();
    assert_eq!(
        repo.save(&w, 1, Some(&[cycle.as_str()]), "t")
            .await
            .unwrap(),
        2
    );
    repo.close();
    let reopened = Repo::open("test-replace").await.unwrap();
    let back = reopened.load(&w.id).await.unwrap().unwrap();
    assert_eq!(back.rev, 2);
    assert_eq!(back.workspace.cycles[0].history[0].units[0], 12345.0);
    assert_eq!(back.workspace, w);
    assert_eq!(reopened.load("no-such-id").await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_second_writer_is_told_and_nothing_is_overwritten() {
    let repo = fresh("test-conflict").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "tab-a").await.unwrap();
    // Both tabs loaded revision 1; tab A saves first.
    let mut a = w.clone();
    a.name = "A's change".into();
    repo.save(&a, 1, None, "tab-a").await.unwrap();
    let mut b = w.clone();
    b.name = "B's change".into();
    let e = repo.save(&b, 1, None, "tab-b").await.unwrap_err();
    assert_eq!(
        e,
        SaveError::Conflict {
            stored_rev: 2,
            writer: "tab-a".into()
        }
    );
    assert!(e.to_string().contains("another tab"), "{e}");
    let stored = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!(stored.workspace.name, "A's change", "B did not overwrite A");
    assert_eq!(repo.revision(&w.id).await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn removed_cycles_are_deleted_and_added_ones_stored() {
    let repo = fresh("test-cycles").await;
    let mut w = demo_workspace();
    let mut next = w.cycles[0].clone();
    next.id = "cycle-next".into();
    next.label = next.label.plus(1);
    w.cycles.push(next);
    repo.save(&w, 0, None, "t").await.unwrap();
    assert_eq!(
        repo.load(&w.id)
            .await
            .unwrap()
            .unwrap()
            .workspace
            .cycles
            .len(),
        2
    );
    w.cycles.remove(0);
    repo.save(&w, 1, Some(&[]), "t").await.unwrap();
    let back = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!(back.workspace, w);
}

#[wasm_bindgen_test]
async fn a_database_of_the_previous_schema_is_upgraded_without_loss() {
    let name = "test-migrate-v1";
    let _ = Rexie::delete(name).await;
    // Schema 1: one store of whole-workspace JSON records, and settings.
    let w = demo_workspace();
    {
        let db = Rexie::builder(name)
            .version(1)
            .add_object_store(ObjectStore::new("workspaces"))
            .add_object_store(ObjectStore::new("settings"))
            .build()
            .await
            .unwrap();
        let tx = db
            .transaction(&["workspaces", "settings"], TransactionMode::ReadWrite)
            .unwrap();
        let record = js_sys::Object::new();
        for (k, v) in [
            ("id", JsValue::from_str(&w.id)),
            ("name", JsValue::from_str(&w.name)),
            ("format", JsValue::from(1)),
            ("saved_at", JsValue::from(0.0)),
            ("json", JsValue::from_str(&workspace_to_json(&w))),
        ] {
            js_sys::Reflect::set(&record, &k.into(), &v).unwrap();
        }
        tx.store("workspaces")
            .unwrap()
            .put(&record, Some(&JsValue::from_str(&w.id)))
            .await
            .unwrap();
        tx.store("settings")
            .unwrap()
            .put(&JsValue::from_str(&w.id), Some(&"current".into()))
            .await
            .unwrap();
        tx.done().await.unwrap();
        db.close();
    }
    let repo = Repo::open(name).await.unwrap();
    let back = repo
        .load_current()
        .await
        .unwrap()
        .expect("migrated workspace");
    assert_eq!(back.workspace, w, "nothing lost in the upgrade");
    assert_eq!(back.rev, 1);
    // Opening again does not migrate twice.
    repo.close();
    let again = Repo::open(name).await.unwrap();
    assert_eq!(again.load_current().await.unwrap().unwrap().workspace, w);
}

#[wasm_bindgen_test]
async fn a_cycle_serialized_beforehand_is_stored_as_made() {
    use sop_planner::store::cycle_json::CycleJson;
    let repo = fresh("test-prepared").await;
    let w = demo_workspace();
    let c = &w.cycles[0];
    let mut cache = CycleJson::new();
    assert!(cache.prepare(c, &mut 0, &mut || true));
    let json = cache.assemble(c);
    let rev = repo
        .save_with_json(&w, 0, None, "t", &[(c.id.clone(), json)])
        .await
        .unwrap();
    let back = repo.load(&w.id).await.unwrap().expect("saved");
    assert_eq!((back.workspace, back.rev), (w, rev));
}
