//! Change sets (`engine::change`): on random command sequences, what a command says it
//! touches covers everything a full comparison of the cycle before and after finds, and
//! undo restores the cycle exactly.

use rust_decimal::Decimal;
use sop_planner::engine::change::ChangeSet;
use sop_planner::engine::command::{
    AdjustmentEdit, Command, PlanRef, cell_edit, clear_history_correction, correct_history,
    mark_history_event, override_edits, set_cell_adjustment, set_production_override,
};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::model::{
    CorrectionKind, CorrectionStatus, Cycle, EventKind, Layer, Lifecycle, Opportunity, Product,
    Role, Target,
};
use std::collections::BTreeSet;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A random edit of `c`, of the kinds the app makes.
fn random_command(c: &Cycle, r: &mut Rng) -> Command {
    random_of(c, r, 11)
}

/// A random edit of the first `kinds` kinds (8: none of the product lifecycle edits or the
/// history cleansing review's, whose changes of the forecasts have the plan recomputed in
/// full).
fn random_of(c: &Cycle, r: &mut Rng, kinds: usize) -> Command {
    let skus: Vec<String> = c.master.products.iter().map(|p| p.sku.clone()).collect();
    let sku = skus[r.below(skus.len())].clone();
    let month = c.label.plus(r.below(c.horizon as usize) as i32);
    match r.below(kinds) {
        0 => {
            let h = c.history.iter().find(|h| h.sku == sku).unwrap();
            Command::SetActual {
                sku,
                month: h.start.plus(r.below(h.units.len()) as i32),
                units: r.below(500) as f64,
            }
        }
        1 => {
            // One to three cells typed or pasted, or an adjustment removed or moved to
            // another SKU, as one command of edits.
            let mut work = c.inputs.clone();
            let mut edits = Vec::new();
            for _ in 0..1 + r.below(3) {
                let sku = skus[r.below(skus.len())].clone();
                let month = c.label.plus(r.below(c.horizon as usize) as i32);
                let layer = [Layer::Sales, Layer::Marketing, Layer::Consensus][r.below(3)];
                let list = &work.adjustments;
                let e = match r.below(4) {
                    0 if !list.is_empty() => {
                        Some(AdjustmentEdit::Remove(list[r.below(list.len())].id))
                    }
                    1 if !list.is_empty() => {
                        let mut a = list[r.below(list.len())].clone();
                        a.target = Target::Sku(sku);
                        Some(AdjustmentEdit::Replace(a))
                    }
                    _ => cell_edit(
                        list,
                        layer,
                        Role::Sales,
                        &Target::Sku(sku),
                        month,
                        r.below(40) as f64 - 10.0,
                        "",
                    ),
                };
                if let Some(e) = e {
                    e.apply(&mut work.adjustments).unwrap();
                    edits.push(e);
                }
            }
            Command::EditAdjustments {
                plan: PlanRef::Base,
                edits,
            }
        }
        2 => {
            let fams: Vec<&String> = c.master.families.iter().map(|f| &f.id).collect();
            let target = if r.below(3) == 0 {
                Target::Family(fams[r.below(fams.len())].clone())
            } else {
                Target::Sku(sku)
            };
            let layer = [Layer::Sales, Layer::Marketing, Layer::Consensus][r.below(3)];
            Command::SetInputs {
                plan: PlanRef::Base,
                inputs: Box::new(set_cell_adjustment(
                    &c.inputs,
                    layer,
                    Role::Sales,
                    &target,
                    month,
                    r.below(40) as f64 - 10.0,
                    "",
                )),
            }
        }
        3 => {
            let units = (r.below(3) > 0).then(|| r.below(200) as f64);
            if r.below(2) == 0 {
                Command::SetInputs {
                    plan: PlanRef::Base,
                    inputs: Box::new(set_production_override(&c.inputs, &sku, month, units)),
                }
            } else {
                // As the supply grid sends it.
                Command::EditOverrides {
                    plan: PlanRef::Base,
                    edits: override_edits(&c.inputs.supply.overrides, &sku, month, units),
                }
            }
        }
        4 => {
            let mut inputs = c.inputs.clone();
            if r.below(2) == 0 && !inputs.pipeline.is_empty() {
                let i = r.below(inputs.pipeline.len());
                inputs.pipeline[i].sku = sku;
                inputs.pipeline[i].units += 1.0;
            } else {
                let id = inputs.pipeline.iter().map(|o| o.id).max().unwrap_or(0) + 1;
                inputs.pipeline.push(Opportunity {
                    id,
                    sku,
                    month,
                    units: 10.0,
                    probability: 0.5,
                    customer: "New customer".into(),
                    stage: Default::default(),
                });
            }
            Command::SetInputs {
                plan: PlanRef::Base,
                inputs: Box::new(inputs),
            }
        }
        5 => {
            // Finance terms, or another supply mode (the supply review's switches).
            let mut inputs = c.inputs.clone();
            match r.below(3) {
                0 => inputs.finance.dso_days += Decimal::ONE,
                1 => inputs.supply.constrained ^= true,
                _ => inputs.supply.use_overtime ^= true,
            }
            Command::SetInputs {
                plan: PlanRef::Base,
                inputs: Box::new(inputs),
            }
        }
        6 => {
            let mut m = c.master.clone();
            let i = r.below(m.products.len());
            m.products[i].price += Decimal::new(r.below(1000) as i64, 2);
            Command::SetMaster(Box::new(m))
        }
        8 => {
            // A launch, a family share, a phase-out or none (the Data view's fields).
            let mut m = c.master.clone();
            let i = r.below(m.products.len());
            let own = m.products[i].sku.clone();
            let other = |r: &mut Rng, ok: &dyn Fn(&Product) -> bool| {
                let picks: Vec<&Product> = m
                    .products
                    .iter()
                    .filter(|p| p.sku != own && ok(p))
                    .collect();
                picks[r.below(picks.len())].sku.clone()
            };
            let life = match r.below(4) {
                0 => Lifecycle {
                    launch: Some(month),
                    like_item: other(r, &|_| true),
                    like_factor: Some(r.below(150) as f64 / 100.0),
                    ..Lifecycle::default()
                },
                1 => Lifecycle {
                    launch: Some(month),
                    family_share: Some(0.1),
                    ..Lifecycle::default()
                },
                // A successor that hands on to nobody: no cycle can form.
                2 => Lifecycle {
                    end_of_life: Some(month),
                    successor: other(r, &|p| p.lifecycle.successor.is_empty()),
                    ramp_months: r.below(4) as u32,
                    ..Lifecycle::default()
                },
                _ => Lifecycle::default(),
            };
            m.products[i].lifecycle = life;
            Command::SetMaster(Box::new(m))
        }
        9 => {
            // The history cleansing review: a decision on a month of history.
            let h = c.history.iter().find(|h| h.sku == sku).unwrap();
            let at = h.start.plus(r.below(h.units.len()) as i32);
            let kind = [CorrectionKind::Outlier, CorrectionKind::LevelShift][r.below(2)];
            let status = [
                CorrectionStatus::Accepted,
                CorrectionStatus::Edited,
                CorrectionStatus::Rejected,
            ][r.below(3)];
            correct_history(c, &sku, at, kind, status, r.below(300) as f64, "").unwrap()
        }
        10 => {
            // A known event marked, or a decision cleared.
            let h = c.history.iter().find(|h| h.sku == sku).unwrap();
            let at = h.start.plus(r.below(h.units.len()) as i32);
            if let Some(x) = c.inputs.forecast.history_corrections.first()
                && r.below(2) == 0
            {
                clear_history_correction(c, &x.sku, x.month, x.kind)
            } else {
                let event = EventKind::ALL[r.below(4)];
                mark_history_event(c, &sku, at, event, "note").unwrap()
            }
        }
        _ => Command::Batch(vec![random_of(c, r, kinds), {
            let mut h = c.history.clone();
            let i = r.below(h.len());
            h[i].units[0] += 1.0;
            Command::SetHistory(h)
        }]),
    }
}

/// Everything that differs between `a` and `b`, found by comparing them in full.
fn full_diff(a: &Cycle, b: &Cycle) -> ChangeSet {
    let mut d = ChangeSet::default();
    let skus: BTreeSet<&str> = a
        .master
        .products
        .iter()
        .chain(&b.master.products)
        .map(|p| p.sku.as_str())
        .collect();
    for s in &skus {
        let hist = |c: &Cycle| c.history.iter().find(|h| h.sku == *s).cloned();
        if hist(a) != hist(b) {
            d.history.insert(s.to_string());
        }
        let prod = |c: &Cycle| c.master.products.iter().find(|p| p.sku == *s).cloned();
        if prod(a) != prod(b) {
            d.products.insert(s.to_string());
        }
        let deals = |c: &Cycle| -> Vec<Opportunity> {
            c.inputs
                .pipeline
                .iter()
                .filter(|o| o.sku == *s)
                .cloned()
                .collect()
        };
        let overrides = |c: &Cycle| -> Vec<_> {
            c.inputs
                .supply
                .overrides
                .iter()
                .filter(|o| o.sku == *s)
                .cloned()
                .collect()
        };
        let adjust = |c: &Cycle| -> Vec<_> {
            let t = Target::Sku(s.to_string());
            c.inputs
                .adjustments
                .iter()
                .filter(|x| x.target == t)
                .cloned()
                .collect()
        };
        if deals(a) != deals(b) || overrides(a) != overrides(b) || adjust(a) != adjust(b) {
            d.input_skus.insert(s.to_string());
        }
    }
    for f in &a.master.families {
        let t = Target::Family(f.id.clone());
        let adjust = |c: &Cycle| -> Vec<_> {
            c.inputs
                .adjustments
                .iter()
                .filter(|x| x.target == t)
                .cloned()
                .collect()
        };
        if adjust(a) != adjust(b) {
            d.input_families.insert(f.id.clone());
        }
    }
    d.plan_wide = a.inputs.finance != b.inputs.finance || a.inputs.budget != b.inputs.budget;
    d.forecast_settings = a.inputs.forecast != b.inputs.forecast;
    d
}

/// `covered` ⊇ `found`, field by field (the sets and the flags this test compares).
fn covers(covered: &ChangeSet, found: &ChangeSet) -> bool {
    found.history.is_subset(&covered.history)
        && found.products.is_subset(&covered.products)
        && found.input_skus.is_subset(&covered.input_skus)
        && found.input_families.is_subset(&covered.input_families)
        && (!found.plan_wide || covered.plan_wide)
        && (!found.forecast_settings || covered.forecast_settings)
}

#[test]
fn a_commands_change_set_covers_the_full_diff_and_undo_restores_exactly() {
    let start = demo_workspace().cycles.pop().unwrap();
    for seed in 1..=40u64 {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut c = start.clone();
        for step in 0..25 {
            let cmd = random_command(&c, &mut r);
            let before = c.clone();
            let told = cmd.touches(&c);
            let mut same = c.clone();
            let undo = cmd.apply(&mut c).expect("the random edits are valid");
            // In one pass (the app's way): the same cycle, change set and inverse.
            let (undo2, told2) = cmd.apply_touching(&mut same).unwrap();
            assert!(
                same == c && told2 == told && undo2 == undo,
                "seed {seed} step {step}: apply_touching agrees"
            );
            let found = full_diff(&before, &c);
            assert!(
                covers(&told, &found),
                "seed {seed} step {step}: told {told:?}\nfound {found:?}\ncommand {cmd:?}"
            );
            assert_eq!(
                told.touches_forecast(),
                !found.history.is_empty() || !found.products.is_empty() || found.forecast_settings,
                "seed {seed} step {step}: the forecast is touched only by actuals, products or its settings"
            );
            if !told.touches_master() {
                assert_eq!(
                    before.master, c.master,
                    "seed {seed} step {step}: master untouched"
                );
            }
            if told.is_empty() {
                assert_eq!(before, c, "an empty change set changes nothing");
            }
            let mut back = c.clone();
            undo.apply(&mut back).unwrap();
            assert_eq!(
                back, before,
                "seed {seed} step {step}: undo restores exactly"
            );
        }
    }
}

#[test]
fn a_change_set_is_small_and_serializable() {
    let c = demo_workspace().cycles.pop().unwrap();
    let sku = c.master.products[0].sku.clone();
    // A typed cell, as the waterfall sends it.
    let edit = cell_edit(
        &c.inputs.adjustments,
        Layer::Sales,
        Role::Sales,
        &Target::Sku(sku.clone()),
        c.label.plus(2),
        12.0,
        "",
    );
    let cmd = Command::EditAdjustments {
        plan: PlanRef::Base,
        edits: edit.into_iter().collect(),
    };
    let cs = cmd.touches(&c);
    assert_eq!(cs.input_skus, BTreeSet::from([sku]));
    assert_eq!(cs.plans, BTreeSet::from([None]));
    assert!(!cs.touches_forecast() && cs.history.is_empty() && !cs.plan_wide);
    let json = serde_json::to_string(&cs).unwrap();
    assert!(json.len() < 400, "{} bytes: {json}", json.len());
    assert_eq!(serde_json::from_str::<ChangeSet>(&json).unwrap(), cs);
}

/// The plan kept up to date from change sets alone (`LivePlan::update_touched`, the
/// app's path) equals a full recompute after random command sequences, undo included,
/// with one to three edits between updates; most updates are incremental. The path
/// that compares copies (`LivePlan::update`) is run beside it and agrees.
#[test]
fn a_plan_updated_from_change_sets_equals_a_full_recompute() {
    use sop_planner::engine::forecast::baselines;
    use sop_planner::engine::model::Levers;
    use sop_planner::engine::plan::{LivePlan, plan};
    let start = demo_workspace().cycles.pop().unwrap();
    let levers = Levers::default();
    let (mut partial, mut full) = (0, 0);
    for seed in 1..=12u64 {
        let mut r = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D).wrapping_add(7));
        let mut c = start.clone();
        let mut b = baselines(&c);
        let mut live = LivePlan::new(&c, &c.inputs, &levers, &b).with_full_share(1.0);
        let mut diffed = live.clone();
        let mut undo = Vec::new();
        for step in 0..20 {
            let mut touched = ChangeSet::default();
            for _ in 0..=r.below(3) {
                let cmd = match undo.pop() {
                    Some(u) if r.below(4) == 0 => u,
                    other => {
                        undo.extend(other);
                        random_of(&c, &mut r, 8)
                    }
                };
                touched.union(cmd.touches(&c));
                undo.push(cmd.apply(&mut c).expect("the random edits are valid"));
            }
            let history_touched = touched.touches_forecast();
            if history_touched {
                b = baselines(&c);
            }
            let stats = live.update_touched(
                &c,
                &c.inputs,
                &levers,
                &b,
                &touched,
                PlanRef::Base,
                !history_touched,
            );
            let expected = plan(&c, &c.inputs, &levers, &b);
            let s2 = diffed.update(&c, &c.inputs, &levers, &b);
            // The comparing path (kept as a check) agrees.
            assert!(
                *diffed.plan() == expected,
                "seed {seed} step {step}: the plan found by comparing differs ({s2:?})"
            );
            assert!(
                *live.plan() == expected,
                "seed {seed} step {step}: the plan from change sets {touched:?} differs ({stats:?})"
            );
            match stats {
                Some(s) if s.full => full += 1,
                Some(_) => partial += 1,
                None => {}
            }
        }
    }
    println!("updates from change sets: {partial} incremental, {full} full");
    assert!(partial > 4 * full, "{partial} incremental vs {full} full");
}
