//! The IndexedDB repository in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test store_idb`.
#![cfg(target_arch = "wasm32")]

use rexie::{ObjectStore, Rexie, TransactionMode};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::store::idb::{Loaded, Recovered, Repo, SaveError, SaveOptions};
use sop_planner::store::pending::Pending;
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
            rev: 1,
            recovered: Recovered::Nothing,
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
    let prepared = [(c.id.clone(), json)];
    let how = SaveOptions {
        expected_rev: 0,
        cycles: None,
        writer: "t",
        stamp: 0.0,
        prepared: &prepared,
    };
    let rev = repo.save_with(&w, &how).await.unwrap();
    let back = repo.load(&w.id).await.unwrap().expect("saved");
    assert_eq!((back.workspace, back.rev), (w, rev));
}

/// The pending record of `w` as tab `tab` writes it when its page goes away.
fn pending_of(
    w: &sop_planner::engine::model::Workspace,
    tab: &str,
    stamp: f64,
    base_rev: u32,
) -> Pending {
    Pending {
        tab: tab.into(),
        stamp,
        base_rev,
        name: w.name.clone(),
        currency: w.currency.clone(),
        format: w.format,
        number_format: w.number_format,
        cycle_ids: w.cycles.iter().map(|c| c.id.clone()).collect(),
        cycles: w
            .cycles
            .iter()
            .map(|c| (c.id.clone(), serde_json::to_string(c).unwrap()))
            .collect(),
        delta: None,
    }
}

/// An edit of one actual of `w`'s current cycle, as the page writes it: the cycle as a
/// delta over the stored one (see `store::pending::CycleDelta`).
fn delta_pending(
    w: &sop_planner::engine::model::Workspace,
    units: f64,
) -> (sop_planner::engine::model::Workspace, Pending) {
    use sop_planner::engine::command::Command;
    use sop_planner::store::pending::CycleDelta;
    let mut edited = w.clone();
    let c = edited.cycles.last_mut().unwrap();
    let (sku, month) = (c.history[0].sku.clone(), c.history[0].start);
    let (_, touched) = Command::SetActual { sku, month, units }
        .apply_touching(c)
        .unwrap();
    let delta = CycleDelta::of(c, &touched).expect("a delta");
    let mut p = pending_of(&edited, "tab-a", 100.0, 1);
    p.cycles.clear();
    p.delta = Some(delta);
    (edited, p)
}

#[wasm_bindgen_test]
async fn a_delta_written_as_the_page_went_away_is_put_over_the_stored_cycle() {
    let repo = fresh("test-pending-delta").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "tab-a").await.unwrap();
    let (edited, p) = delta_pending(&w, 4321.0);
    repo.write_pending(&w.id, &p).unwrap();
    let back = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!(back.workspace, edited, "the unsaved edit is back");
    assert_eq!(back.recovered, Recovered::Adopted { stamp: 100.0 });
}

#[wasm_bindgen_test]
async fn a_delta_that_no_longer_fits_the_stored_cycle_is_kept_and_said() {
    let repo = fresh("test-pending-delta-unusable").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "tab-a").await.unwrap();
    let (_, p) = delta_pending(&w, 4321.0);
    repo.write_pending(&w.id, &p).unwrap();
    // Another tab removed the product whose actual was edited.
    let mut theirs = w.clone();
    let c = theirs.cycles.last_mut().unwrap();
    c.history.remove(0);
    repo.save(&theirs, 1, None, "tab-b").await.unwrap();
    let back = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!(back.workspace, theirs, "what is stored opens");
    assert!(
        matches!(&back.recovered, Recovered::Unusable(why) if why.contains("could not be applied")),
        "{:?}",
        back.recovered
    );
    // The record stays for a later version to read.
    let again = repo.load(&w.id).await.unwrap().unwrap();
    assert!(matches!(again.recovered, Recovered::Unusable(_)));
}

#[wasm_bindgen_test]
async fn edits_written_as_the_page_went_away_are_adopted_on_reopening() {
    let repo = fresh("test-pending-adopt").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "tab-a").await.unwrap();
    let mut edited = w.clone();
    edited.cycles[0].history[0].units[0] = 4321.0;
    // Synchronous: issued and committing before the call returns.
    repo.write_pending(&w.id, &pending_of(&edited, "tab-a", 100.0, 1))
        .unwrap();
    repo.close();
    let reopened = Repo::open("test-pending-adopt").await.unwrap();
    let back = reopened.load_current().await.unwrap().unwrap();
    assert_eq!(back.workspace, edited, "the unsaved edit is back");
    assert_eq!(back.rev, 1);
    assert_eq!(back.recovered, Recovered::Adopted { stamp: 100.0 });
    // Saved by the tab that adopted it, then cleared: the next load is plain.
    reopened
        .save(&back.workspace, 1, None, "tab-b")
        .await
        .unwrap();
    reopened.delete_pending(&w.id, 100.0).await.unwrap();
    let again = reopened.load(&w.id).await.unwrap().unwrap();
    assert_eq!((again.rev, again.recovered), (2, Recovered::Nothing));
    assert_eq!(again.workspace, edited);
}

#[wasm_bindgen_test]
async fn a_pending_record_of_database_version_2_is_moved_to_its_store_and_adopted() {
    let name = "test-migrate-pending-v2";
    let w = demo_workspace();
    let mut edited = w.clone();
    edited.cycles[0].history[0].units[0] = 2468.0;
    // Version 2's layout: no pending store, the record in `settings`.
    let _ = Rexie::delete(name).await;
    let db = Rexie::builder(name)
        .version(2)
        .add_object_store(ObjectStore::new("workspaces"))
        .add_object_store(ObjectStore::new("cycles"))
        .add_object_store(ObjectStore::new("settings"))
        .build()
        .await
        .unwrap();
    let tx = db
        .transaction(
            &["workspaces", "cycles", "settings"],
            TransactionMode::ReadWrite,
        )
        .unwrap();
    let meta = js_sys::Object::new();
    for (k, v) in [
        ("id", JsValue::from_str(&w.id)),
        ("name", JsValue::from_str(&w.name)),
        ("currency", JsValue::from_str(&w.currency)),
        ("format", JsValue::from(w.format)),
        ("rev", JsValue::from(1)),
        ("writer", JsValue::from_str("tab-a")),
        ("saved_at", JsValue::from(0.0)),
        ("stamp", JsValue::from(0.0)),
    ] {
        js_sys::Reflect::set(&meta, &k.into(), &v).unwrap();
    }
    let ids: js_sys::Array = w.cycles.iter().map(|c| JsValue::from_str(&c.id)).collect();
    js_sys::Reflect::set(&meta, &"cycles".into(), &ids).unwrap();
    tx.store("workspaces")
        .unwrap()
        .put(&meta, Some(&JsValue::from_str(&w.id)))
        .await
        .unwrap();
    for c in &w.cycles {
        let record = js_sys::Object::new();
        for (k, v) in [
            ("workspace", JsValue::from_str(&w.id)),
            ("id", JsValue::from_str(&c.id)),
            (
                "json",
                JsValue::from_str(&serde_json::to_string(c).unwrap()),
            ),
        ] {
            js_sys::Reflect::set(&record, &k.into(), &v).unwrap();
        }
        let key = JsValue::from_str(&format!("{}/{}", w.id, c.id));
        tx.store("cycles")
            .unwrap()
            .put(&record, Some(&key))
            .await
            .unwrap();
    }
    let settings = tx.store("settings").unwrap();
    let p = pending_of(&edited, "tab-a", 100.0, 1);
    let value = serde_wasm_bindgen::to_value(&p).unwrap();
    let old_key = JsValue::from_str(&sop_planner::store::pending::key(&w.id));
    settings.put(&value, Some(&old_key)).await.unwrap();
    settings
        .put(&JsValue::from_str(&w.id), Some(&"current".into()))
        .await
        .unwrap();
    settings
        .put(&JsValue::from(2), Some(&"data_version".into()))
        .await
        .unwrap();
    tx.done().await.unwrap();
    db.close();
    let repo = Repo::open(name).await.unwrap();
    let back = repo.load_current().await.unwrap().unwrap();
    assert_eq!(
        back.workspace, edited,
        "the unsaved edit survives the upgrade"
    );
    assert_eq!(back.recovered, Recovered::Adopted { stamp: 100.0 });
    // Moved, not copied: cleared once adopted, nothing left in `settings`.
    repo.save(&back.workspace, 1, None, "tab-b").await.unwrap();
    repo.delete_pending(&w.id, 100.0).await.unwrap();
    repo.close();
    let again = Repo::open(name).await.unwrap();
    let plain = again.load(&w.id).await.unwrap().unwrap();
    assert_eq!((plain.rev, plain.recovered), (2, Recovered::Nothing));
}

#[wasm_bindgen_test]
async fn a_record_that_a_later_save_of_its_tab_holds_is_cleared_at_the_next_load() {
    let repo = fresh("test-pending-covered").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "tab-a").await.unwrap();
    repo.write_pending(&w.id, &pending_of(&w, "tab-a", 100.0, 1))
        .unwrap();
    // The page was only hidden: its normal save (holding edits up to stamp 100) went on.
    let how = SaveOptions {
        expected_rev: 1,
        cycles: None,
        writer: "tab-a",
        stamp: 100.0,
        prepared: &[],
    };
    repo.save_with(&w, &how).await.unwrap();
    let back = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!((back.rev, back.recovered), (2, Recovered::Nothing));
    // Deleted by that load: another tab's save later does not make it look diverged.
    repo.save(&w, 2, None, "tab-b").await.unwrap();
    let later = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!((later.rev, later.recovered), (3, Recovered::Nothing));
}

#[wasm_bindgen_test]
async fn edits_overtaken_by_another_tabs_save_are_kept_apart_not_merged() {
    let repo = fresh("test-pending-diverged").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "tab-a").await.unwrap();
    let mut mine = w.clone();
    mine.cycles[0].history[0].units[0] = 1111.0;
    repo.write_pending(&w.id, &pending_of(&mine, "tab-a", 100.0, 1))
        .unwrap();
    let mut theirs = w.clone();
    theirs.name = "Saved in tab B".into();
    repo.save(&theirs, 1, None, "tab-b").await.unwrap();
    let back = repo.load(&w.id).await.unwrap().unwrap();
    assert_eq!(
        back.workspace, theirs,
        "the other tab's save is what is open"
    );
    match back.recovered {
        Recovered::Diverged { copy, stamp } => {
            assert_eq!(*copy, mine, "the unsaved edits are offered as they were");
            assert_eq!(stamp, 100.0);
        }
        other => panic!("expected a diverged record, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_team_replica_of_megabytes_is_kept_per_cycle_and_deleted_with_its_workspace() {
    let repo = fresh("test-team-replica").await;
    let w = demo_workspace();
    repo.save(&w, 0, None, "t").await.unwrap();
    let cycle = w.cycles[0].id.clone();
    assert_eq!(repo.team_replica(&w.id, &cycle).await.unwrap(), None);
    // 6 MB: more than localStorage could hold as base64 text.
    let bytes: Vec<u8> = (0..6_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    repo.put_team_replica(&w.id, &cycle, &bytes).await.unwrap();
    repo.put_team_replica(&w.id, "other-cycle", &[1, 2, 3])
        .await
        .unwrap();
    assert_eq!(
        repo.team_replica(&w.id, &cycle).await.unwrap().as_deref(),
        Some(&bytes[..])
    );
    // Replaced, not appended.
    repo.put_team_replica(&w.id, &cycle, &[9, 8, 7])
        .await
        .unwrap();
    assert_eq!(
        repo.team_replica(&w.id, &cycle).await.unwrap(),
        Some(vec![9, 8, 7])
    );
    // The workspace and its cycles' replicas go together; another key stays.
    repo.delete(&w.id).await.unwrap();
    assert_eq!(repo.team_replica(&w.id, &cycle).await.unwrap(), None);
    assert_eq!(
        repo.team_replica(&w.id, "other-cycle").await.unwrap(),
        Some(vec![1, 2, 3])
    );
}
