//! Figures for the README (run with `cargo test --release --test team_figures -- --ignored
//! --nocapture`): change-file sizes and native merge times. A benchmark, not a timed test.

use sop_planner::engine::command::{Command, PlanRef, set_cell_adjustment};
use sop_planner::engine::demo::{demo_workspace, sample_workspace};
use sop_planner::engine::model::{Layer, Role, Target};
use sop_planner::team::{Person, Team, TeamRole};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

#[test]
#[ignore]
fn team_figures() {
    let sales = || Person::new("Ana", TeamRole::Sales).unwrap();
    let ops = || Person::new("Ben", TeamRole::Operations).unwrap();
    // One family's sales adjustments over 18 months (the demo company).
    let c = demo_workspace().cycles.pop().unwrap();
    let mut a = Team::share(&c, sales(), 1e12).unwrap();
    let first = a.send(Some(&[]), 1e12);
    let mut b = Team::join(&[&first], ops(), 1e12).unwrap();
    let fam = c.master.families[0].id.clone();
    let skus: Vec<String> = c
        .master
        .products
        .iter()
        .filter(|p| p.family == fam)
        .map(|p| p.sku.clone())
        .collect();
    for s in &skus {
        for m in 0..18 {
            let cur = a.cycle().clone();
            let inputs = set_cell_adjustment(
                &cur.inputs,
                Layer::Sales,
                Role::Sales,
                &Target::Sku(s.clone()),
                cur.label.plus(m),
                5.0 + m as f64,
                "promo",
            );
            a.apply(
                &Command::SetInputs {
                    plan: PlanRef::Base,
                    inputs: Box::new(inputs),
                },
                2e12,
            )
            .unwrap();
        }
    }
    let file = a.send(None, 3e12);
    let t = Instant::now();
    b.merge(&[&file], 4e12).unwrap();
    println!(
        "one family ({} SKUs × 18 months = {} cells, one command each): change file {} bytes, merged in {:.1} ms (native)",
        skus.len(),
        skus.len() * 18,
        file.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("demo company (30 SKUs) whole cycle: {} bytes", first.len());

    // A full 1,000-SKU workspace.
    let c = sample_workspace(1000).cycles.pop().unwrap();
    let t = Instant::now();
    let mut a = Team::share(&c, sales(), 1e12).unwrap();
    let shared = t.elapsed();
    let file = a.send(Some(&[]), 1e12);
    let t = Instant::now();
    let mut b = Team::join(&[&file], ops(), 1e12).unwrap();
    let joined = t.elapsed();
    assert_eq!(b.cycle(), &c);
    let json = serde_json::to_vec(&c).unwrap().len();
    println!(
        "1,000-SKU cycle: change file {} bytes (its JSON {} bytes); shared in {:.0} ms, joined (merge + read + validate) in {:.0} ms (native)",
        file.len(),
        json,
        shared.as_secs_f64() * 1e3,
        joined.as_secs_f64() * 1e3
    );
    // One edit merged into the 1,000-SKU replica.
    let cur = a.cycle().clone();
    let sku = cur.master.products[0].sku.clone();
    let inputs = set_cell_adjustment(
        &cur.inputs,
        Layer::Sales,
        Role::Sales,
        &Target::Sku(sku),
        cur.label,
        9.0,
        "",
    );
    let t = Instant::now();
    a.apply(
        &Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        },
        2e12,
    )
    .unwrap();
    let recorded = t.elapsed();
    let f = a.send(None, 2e12);
    let t = Instant::now();
    b.merge(&[&f], 3e12).unwrap();
    println!(
        "1,000-SKU cycle, one cell: recorded in {:.1} ms, change file {} bytes, merged in {:.0} ms (native; reading back and validating the cycle dominates)",
        recorded.as_secs_f64() * 1e3,
        f.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("1,000-SKU replica saved: {} bytes", b.save().len());
}

/// Bytes allocated and not yet freed, counted by [`Counting`] (this test binary only).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting live bytes: memory of a value = `LIVE` after it is
/// built − before (exact, unlike the process's resident size, which keeps freed pages).
struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new, Ordering::Relaxed);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn mb(b: usize) -> f64 {
    b as f64 / 1e6
}

/// A shared 10,000-SKU cycle after 1,000 single-cell edits: the replica's size and the
/// memory a replica takes (the document and the cycle read from it), fresh and after the
/// edits, and loaded from the saved bytes (what the team worker holds while it answers).
/// Run alone: `cargo test --release --test team_figures team_memory -- --ignored --nocapture`.
#[test]
#[ignore]
fn team_memory_after_a_thousand_edits() {
    let sales = || Person::new("Ana", TeamRole::Sales).unwrap();
    let c = sample_workspace(10_000).cycles.pop().unwrap();
    let base = live();
    let mut a = Team::share(&c, sales(), 1e12).unwrap();
    let shared_mem = live() - base;
    let fresh = a.save();
    let skus: Vec<String> = c.master.products.iter().map(|p| p.sku.clone()).collect();
    let t = Instant::now();
    for k in 0..1000usize {
        let cur = a.cycle().clone();
        let inputs = set_cell_adjustment(
            &cur.inputs,
            Layer::Sales,
            Role::Sales,
            &Target::Sku(skus[(k * 37) % skus.len()].clone()),
            cur.label.plus((k % 18) as i32),
            1.0 + (k % 7) as f64,
            "",
        );
        let cmd = Command::SetInputs {
            plan: PlanRef::Base,
            inputs: Box::new(inputs),
        };
        a.apply(&cmd, 2e12 + k as f64).unwrap();
    }
    let per_edit = t.elapsed().as_secs_f64() * 1e3 / 1000.0;
    let edited = a.save();
    let edited_mem = live() - base - fresh.len() - edited.len();
    drop(a);
    let before = live();
    let loaded = Team::load(&edited).unwrap();
    let loaded_mem = live() - before;
    assert_eq!(loaded.cycle().master.products.len(), 10_000);
    println!(
        "10,000-SKU shared cycle: replica {:.2} MB when shared, {:.2} MB after 1,000 edits \
         ({:.1} bytes per edit); in memory {:.0} MB shared, {:.0} MB after the edits, \
         {:.0} MB loaded from the edited bytes; {:.1} ms per edit recorded (native, each a \
         whole-inputs command)",
        mb(fresh.len()),
        mb(edited.len()),
        (edited.len() as f64 - fresh.len() as f64) / 1000.0,
        mb(shared_mem),
        mb(edited_mem),
        mb(loaded_mem),
        per_edit
    );
}
