//! The IndexedDB repository in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test store_idb`.
#![cfg(target_arch = "wasm32")]

use sop_planner::engine::demo::demo_workspace;
use sop_planner::store::idb::Repo;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database of its own per test, deleted first so each run starts empty.
async fn fresh(name: &str) -> Repo {
    let _ = rexie::Rexie::delete(name).await;
    Repo::open(name).await.expect("open database")
}

#[wasm_bindgen_test]
async fn save_then_load_returns_the_same_workspace() {
    let repo = fresh("test-save-load").await;
    assert_eq!(repo.load_current().await.unwrap(), None, "empty at first");
    let w = demo_workspace();
    repo.save_workspace(&w).await.unwrap();
    let back = repo.load_current().await.unwrap().expect("saved workspace");
    assert_eq!(back, w);
    assert_eq!(
        repo.current_workspace_id().await.unwrap().as_deref(),
        Some(w.id.as_str())
    );
}

#[wasm_bindgen_test]
async fn a_save_replaces_the_previous_version_and_survives_reopening() {
    let repo = fresh("test-replace").await;
    let mut w = demo_workspace();
    repo.save_workspace(&w).await.unwrap();
    w.cycles[0].history[0].units[0] = 12345.0;
    w.name = "Edited".into();
    repo.save_workspace(&w).await.unwrap();
    repo.close();
    let reopened = Repo::open("test-replace").await.unwrap();
    let back = reopened.load_workspace(&w.id).await.unwrap().unwrap();
    assert_eq!(back.cycles[0].history[0].units[0], 12345.0);
    assert_eq!(back, w);
    assert_eq!(reopened.load_workspace("no-such-id").await.unwrap(), None);
}
