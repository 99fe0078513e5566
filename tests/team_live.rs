//! Live sync (`sop_planner::team` with `team::wire`): three replicas synced through a
//! relay that behaves like the sync server (an automerge document with one sync state per
//! connection) converge; a distinct edit of each survives; the same cell set by two is a
//! conflict on both; a hostile message changes nothing; the framing reads back; the
//! document id is the same on every replica and is valid base58check.

mod common;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use sop_planner::engine::command::Command;
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{Cycle, Target};
use sop_planner::team::wire::{self, Incoming};
use sop_planner::team::{Person, Team, TeamRole};

fn person(name: &str, role: TeamRole) -> Person {
    Person::new(name, role).unwrap()
}

fn cell(c: &Cycle, sku: &str, month_offset: i32, delta: f64) -> Command {
    common::sales_cell(c, sku, month_offset, delta)
}

/// The sync server's side: one document, one sync state per client.
struct Relay {
    doc: AutoCommit,
    states: Vec<sync::State>,
}

/// Exchanges messages (framed as on the wire) until nobody has anything to say.
fn settle(relay: &mut Relay, teams: &mut [Team], client: &mut [sync::State]) {
    for _round in 0..50 {
        let mut quiet = true;
        for (i, team) in teams.iter_mut().enumerate() {
            let id = team.document_id();
            if let Some(m) = team.sync_message(&mut client[i]) {
                quiet = false;
                let frame = wire::sync("client", "server", &id, &m);
                let Incoming::Sync { data, document } = wire::read(&frame).unwrap() else {
                    panic!("not a sync frame")
                };
                assert_eq!(document, id);
                let msg = sync::Message::decode(&data).unwrap();
                relay
                    .doc
                    .sync()
                    .receive_sync_message(&mut relay.states[i], msg)
                    .unwrap();
            }
            if let Some(m) = relay.doc.sync().generate_sync_message(&mut relay.states[i]) {
                quiet = false;
                team.receive_sync(&mut client[i], &m.encode()).unwrap();
            }
        }
        if quiet {
            return;
        }
    }
    panic!("the replicas did not settle");
}

fn three() -> (Relay, Vec<Team>, Vec<sync::State>) {
    let c = demo_workspace().cycles.pop().unwrap();
    let mut sales = Team::share(&c, person("Ana", TeamRole::Sales), 1.0e12).unwrap();
    let first = sales.send(Some(&[]), 1.0e12);
    let ops = Team::join(&[&first], person("Ben", TeamRole::Operations), 1.0e12).unwrap();
    let fin = Team::join(&[&first], person("Cy", TeamRole::Finance), 1.0e12).unwrap();
    let relay = Relay {
        doc: AutoCommit::new(),
        states: vec![sync::State::new(); 3],
    };
    (relay, vec![sales, ops, fin], vec![sync::State::new(); 3])
}

#[test]
fn three_replicas_converge_through_the_relay_and_every_distinct_edit_survives() {
    let (mut relay, mut teams, mut states) = three();
    let ids: Vec<String> = teams.iter_mut().map(Team::document_id).collect();
    assert!(
        ids.iter().all(|i| *i == ids[0]),
        "one document id everywhere"
    );
    assert!(wire::is_document_id(&ids[0]));
    settle(&mut relay, &mut teams, &mut states);
    let c = teams[0].cycle().clone();
    for (i, t) in teams.iter_mut().enumerate() {
        let sku = c.master.products[i].sku.clone();
        t.apply(&cell(&c, &sku, 2, 10.0 * (i + 1) as f64), 2.0e12)
            .unwrap();
        assert!(t.waiting(&[]) > 0);
    }
    settle(&mut relay, &mut teams, &mut states);
    let first = serde_json::to_string(teams[0].cycle()).unwrap();
    for t in teams.iter_mut() {
        assert_eq!(serde_json::to_string(t.cycle()).unwrap(), first);
        assert!(t.conflicts().is_empty());
    }
    for i in 0..3 {
        let sku = &c.master.products[i].sku;
        let adj = serde_json::to_string(&teams[0].cycle().inputs).unwrap();
        assert!(adj.contains(sku.as_str()), "the edit of {sku} survived");
    }
    // Everything is on the relay now: nothing waits.
    let acked = relay.doc.get_heads();
    for t in teams.iter_mut() {
        assert_eq!(t.waiting(&acked), 0);
    }
}

#[test]
fn the_same_cell_set_by_two_is_a_conflict_on_both_and_a_bad_message_changes_nothing() {
    let (mut relay, mut teams, mut states) = three();
    settle(&mut relay, &mut teams, &mut states);
    let c = teams[0].cycle().clone();
    let sku = c.master.products[0].sku.clone();
    teams[0].apply(&cell(&c, &sku, 3, 111.0), 2.0e12).unwrap();
    teams[1].apply(&cell(&c, &sku, 3, 222.0), 2.0e12).unwrap();
    settle(&mut relay, &mut teams, &mut states);
    for (i, other) in [(0, "Ben (Operations)"), (1, "Ana (Sales)")] {
        let k = teams[i].conflicts();
        assert_eq!(k.len(), 1, "one conflict");
        assert!(k[0].sides.iter().any(|s| s.person == other && !s.mine));
        assert!(k[0].sides.iter().any(|s| s.mine));
    }
    let before = serde_json::to_string(teams[2].cycle()).unwrap();
    let mut state = states[2].clone();
    assert!(teams[2].receive_sync(&mut state, b"\x42garbage").is_err());
    assert!(teams[2].receive_sync(&mut state, b"").is_err());
    assert_eq!(serde_json::to_string(teams[2].cycle()).unwrap(), before);
}

#[test]
fn frames_read_back_and_foreign_frames_are_refused() {
    let j = wire::join("peer-1");
    // A client never receives its own join; reading it says what it is.
    assert_eq!(
        wire::read(&j).unwrap(),
        Incoming::Other {
            kind: "join".into()
        }
    );
    let s = wire::sync("a", "b", "doc", &[1, 2, 3]);
    assert_eq!(
        wire::read(&s).unwrap(),
        Incoming::Sync {
            document: "doc".into(),
            data: vec![1, 2, 3]
        }
    );
    assert!(wire::read(b"").is_err());
    assert!(wire::read(b"\x01\x02").is_err());
    assert!(wire::read(&s[..s.len() - 2]).is_err());
    assert!(!wire::is_document_id("not an id"));
}

#[test]
fn an_edit_made_on_a_cycle_that_missed_server_changes_keeps_both() {
    let (mut relay, mut teams, mut states) = three();
    settle(&mut relay, &mut teams, &mut states);
    let page = teams[1].cycle().clone(); // what Operations' page shows
    let seen = teams[1].heads();
    let c = teams[0].cycle().clone();
    let (a, b) = (
        c.master.products[0].sku.clone(),
        c.master.products[1].sku.clone(),
    );
    teams[0].apply(&cell(&c, &a, 4, 40.0), 2.0e12).unwrap();
    settle(&mut relay, &mut teams, &mut states);
    // Operations' page edits its (older) cycle, creating a row with the id Sales's new row
    // has: recorded on the document as the page saw it and merged, both survive.
    let cmd = cell(&page, &b, 5, 50.0);
    let changes = cmd.touches(&page);
    let mut after = page.clone();
    cmd.apply(&mut after).unwrap();
    teams[1]
        .record_since(&seen, &after, &changes, "edits", 3.0e12)
        .unwrap();
    settle(&mut relay, &mut teams, &mut states);
    let first = serde_json::to_string(teams[0].cycle()).unwrap();
    for t in &teams {
        assert_eq!(serde_json::to_string(t.cycle()).unwrap(), first);
    }
    let has = |sku: &str, month| {
        teams[1]
            .cycle()
            .inputs
            .adjustments
            .iter()
            .any(|x| x.target == Target::Sku(sku.into()) && x.from == c.label.plus(month))
    };
    assert!(has(&a, 4), "Sales's edit is in Operations' cycle");
    assert!(has(&b, 5), "Operations' edit is in it too");
}
