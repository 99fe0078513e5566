//! History cleansing review: flagged months accepted, edited, rejected or marked as
//! events change the history the baseline uses (in both forecasting paths) and never
//! the raw history; the edits undo exactly, are validated, and travel with the cycle
//! (JSON backup, roll forward, team sync).

use sop_planner::engine::command::{
    Command, PlanRef, clear_history_correction, correct_history, mark_history_event,
    promotion_uplift, reapply_month, reapply_promotion,
};
use sop_planner::engine::demo::demo_workspace;
use sop_planner::engine::forecast::{CleansedHistories, baseline, baseline_history};
use sop_planner::engine::lifecycle::successor;
use sop_planner::engine::model::{
    Change, CorrectionKind, CorrectionStatus, Cycle, EventKind, HistoryCorrection, Layer, Target,
};
use sop_planner::engine::review::Selection;
use sop_planner::engine::review::cleansing::{ReviewBuilder, RowKind, cleansing_review};
use sop_planner::team::{Person, Team, TeamRole};

const SKU: &str = "KB-16";

/// The demo cycle with a spike of 4× the month's actual in month 10 of KB-16.
fn spiked() -> (Cycle, usize) {
    let mut c = demo_workspace().cycles.pop().unwrap();
    let h = c.history.iter_mut().find(|h| h.sku == SKU).unwrap();
    h.units[10] *= 4.0;
    (c, 10)
}

fn month(c: &Cycle, i: usize) -> sop_planner::engine::Month {
    c.history
        .iter()
        .find(|h| h.sku == SKU)
        .unwrap()
        .start
        .plus(i as i32)
}

/// The command that edits KB-16's outlier in `month` to `value`.
fn edit_spike(c: &Cycle, month: sop_planner::engine::Month, value: f64, note: &str) -> Command {
    correct_history(
        c,
        SKU,
        month,
        CorrectionKind::Outlier,
        CorrectionStatus::Edited,
        value,
        note,
    )
    .unwrap()
}

fn apply(c: &mut Cycle, cmd: &Command) -> Command {
    cmd.apply(c).unwrap()
}

#[test]
fn the_demo_history_has_few_findings_and_a_spike() {
    let c = demo_workspace().cycles.pop().unwrap();
    let mut total = 0;
    for p in &c.master.products {
        let r = cleansing_review(&c, &Selection::Sku(p.sku.clone()));
        for row in &r.rows {
            println!(
                "{} {} {:?} raw {} suggested {:.1} score {:?}",
                row.sku, row.month, row.kind, row.raw, row.suggested, row.score
            );
        }
        total += r.rows.len();
    }
    let months: usize = c.history.iter().map(|h| h.units.len()).sum();
    println!("demo: {total} findings in {months} months");
    assert!(total as f64 <= 0.02 * months as f64);
    // The one the e2e test accepts: EB-TREK-600's May 2026 (170 against about 113).
    let r = cleansing_review(&c, &Selection::Sku("EB-TREK-600".into()));
    let may = r
        .rows
        .iter()
        .find(|x| x.month.to_string() == "2026-05")
        .unwrap();
    assert_eq!(
        (may.kind, may.raw, may.status),
        (RowKind::Spike, 170.0, None)
    );
}

/// The flagged row of KB-16 at index `i` of the spiked demo.
fn row_at(c: &Cycle, i: usize) -> sop_planner::engine::review::cleansing::CleansingRow {
    let r = cleansing_review(c, &Selection::Sku(SKU.into()));
    r.rows
        .into_iter()
        .find(|r| r.month == month(c, i))
        .expect("the spike is flagged")
}

#[test]
fn accepting_a_spike_changes_the_baseline_and_keeps_the_raw_history() {
    let (mut c, i) = spiked();
    let raw_history = c.history.clone();
    let row = row_at(&c, i);
    assert_eq!(row.kind, RowKind::Spike);
    assert_eq!(row.status, None);
    assert!(row.score.unwrap() > 3.0);
    let raw = raw_history.iter().find(|h| h.sku == SKU).unwrap().units[i];
    assert_eq!(row.raw, raw);
    assert!(row.suggested < raw / 2.0, "{} vs {raw}", row.suggested);
    let before = baseline(&c, SKU).unwrap();

    let cmd = correct_history(
        &c,
        SKU,
        row.month,
        CorrectionKind::Outlier,
        CorrectionStatus::Accepted,
        row.accept_value,
        "",
    )
    .unwrap();
    let saved = c.clone();
    let undo = apply(&mut c, &cmd);
    // The change set says the forecast depends on it.
    assert!(cmd.touches(&saved).touches_forecast());
    let after = baseline(&c, SKU).unwrap();
    assert_ne!(before.values, after.values);
    assert!(after.values.iter().sum::<f64>() < before.values.iter().sum::<f64>());
    assert_eq!(c.history, raw_history, "the raw history stays");
    let h = c.history.iter().find(|h| h.sku == SKU).unwrap();
    let used = baseline_history(&c.inputs.forecast, c.label, h);
    assert_eq!(used[i], row.suggested);
    assert_eq!(
        used.iter()
            .enumerate()
            .filter(|(j, v)| **v != h.units[*j])
            .count(),
        1
    );
    // The worker path: the cleansed history with the fitting settings gives the same.
    let mut w = c.clone();
    w.history = c
        .history
        .iter()
        .map(|h| {
            let mut h2 = h.clone();
            h2.units = baseline_history(&c.inputs.forecast, c.label, h).into_owned();
            h2
        })
        .collect();
    w.inputs.forecast = c.inputs.forecast.for_fitting();
    assert_eq!(baseline(&w, SKU).unwrap(), after);
    // The review shows it accepted; the sums show raw and cleansed side by side.
    let r = cleansing_review(&c, &Selection::Sku(SKU.into()));
    let shown = r.rows.iter().find(|x| x.month == row.month).unwrap();
    assert_eq!(shown.status, Some(CorrectionStatus::Accepted));
    assert_eq!(shown.used, row.suggested);
    let at = r.months.iter().position(|m| *m == row.month).unwrap();
    assert_eq!((r.raw[at], r.cleansed[at]), (raw, row.suggested));
    // Undo restores the cycle exactly.
    undo.apply(&mut c).unwrap();
    assert_eq!(c, saved);
    assert_eq!(baseline(&c, SKU).unwrap(), before);
}

#[test]
fn edit_reject_and_clear() {
    let (mut c, i) = spiked();
    let row = row_at(&c, i);
    let before = baseline(&c, SKU).unwrap();
    let open = cleansing_review(&c, &Selection::Sku(SKU.into())).open;
    // Edited: the planner's value is used.
    let edit = edit_spike(&c, row.month, 100.0, "dealer stocking");
    apply(&mut c, &edit);
    let h = c.history.iter().find(|h| h.sku == SKU).unwrap().clone();
    assert_eq!(baseline_history(&c.inputs.forecast, c.label, &h)[i], 100.0);
    assert_eq!(
        c.inputs.forecast.history_corrections.len(),
        1,
        "one decision per month"
    );
    // Rejected: the actual is used, the month is no longer open.
    let reject = correct_history(
        &c,
        SKU,
        row.month,
        CorrectionKind::Outlier,
        CorrectionStatus::Rejected,
        f64::NAN,
        "",
    )
    .unwrap();
    apply(&mut c, &reject);
    assert_eq!(c.inputs.forecast.history_corrections.len(), 1);
    assert_eq!(baseline(&c, SKU).unwrap(), before);
    let r = cleansing_review(&c, &Selection::Sku(SKU.into()));
    assert_eq!(r.open, open - 1);
    assert_eq!(
        r.rows.iter().find(|x| x.month == row.month).unwrap().status,
        Some(CorrectionStatus::Rejected)
    );
    // Automatic cleansing accepts open suggestions only: the rejected spike stays.
    c.inputs.forecast.outlier_cleansing = true;
    assert_eq!(
        baseline_history(&c.inputs.forecast, c.label, &h)[i],
        h.units[i]
    );
    // Cleared: open again, and now accepted automatically.
    let cl = clear_history_correction(&c, SKU, row.month, CorrectionKind::Outlier);
    apply(&mut c, &cl);
    assert!(c.inputs.forecast.history_corrections.is_empty());
    assert_eq!(
        baseline_history(&c.inputs.forecast, c.label, &h)[i],
        row.suggested
    );
}

#[test]
fn bad_decisions_are_refused_with_what_and_where() {
    let (c, i) = spiked();
    let m = month(&c, i);
    let e = correct_history(
        &c,
        SKU,
        m,
        CorrectionKind::Outlier,
        CorrectionStatus::Edited,
        -5.0,
        "",
    )
    .unwrap_err();
    assert!(e.0.contains("KB-16") && e.0.contains("≥ 0"), "{e}");
    let e = correct_history(
        &c,
        SKU,
        c.label,
        CorrectionKind::Outlier,
        CorrectionStatus::Accepted,
        1.0,
        "",
    )
    .unwrap_err();
    assert!(
        e.0.contains("is not a month of the history of KB-16"),
        "{e}"
    );
    let e = correct_history(
        &c,
        "NOPE",
        m,
        CorrectionKind::Outlier,
        CorrectionStatus::Accepted,
        1.0,
        "",
    )
    .unwrap_err();
    assert!(e.0.contains("NOPE has no history"), "{e}");
    // The same checks on any inputs that reach the cycle (import, restore, team merge).
    let mut inputs = c.inputs.clone();
    let x = HistoryCorrection {
        sku: SKU.into(),
        month: m,
        kind: CorrectionKind::Outlier,
        status: CorrectionStatus::Edited,
        value: f64::INFINITY,
        event: None,
        note: String::new(),
    };
    inputs.forecast.history_corrections = vec![x.clone()];
    let set = Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs.clone()),
    };
    let e = set.apply(&mut c.clone()).unwrap_err();
    assert!(
        e.0.contains("history_corrections") || e.0.contains("must be a number"),
        "{e}"
    );
    inputs.forecast.history_corrections = vec![
        HistoryCorrection {
            value: 5.0,
            ..x.clone()
        },
        HistoryCorrection { value: 6.0, ..x },
    ];
    let set = Command::SetInputs {
        plan: PlanRef::Base,
        inputs: Box::new(inputs),
    };
    let e = set.apply(&mut c.clone()).unwrap_err();
    assert!(e.0.contains("two decisions"), "{e}");
}

#[test]
fn a_level_shift_accepted_moves_the_history_before_it() {
    let mut c = demo_workspace().cycles.pop().unwrap();
    let h = c
        .history
        .iter_mut()
        .find(|h| h.sku == "CB-COMMUTE")
        .unwrap();
    let t = 20;
    for v in &mut h.units[t..] {
        *v = (*v * 0.5).round();
    }
    let raw = h.clone();
    let r = cleansing_review(&c, &Selection::Sku("CB-COMMUTE".to_string()));
    let row = r
        .rows
        .iter()
        .find(|x| x.kind == RowKind::LevelShift)
        .unwrap_or_else(|| panic!("no level shift in {:?}", r.rows));
    assert!(
        row.month.since(raw.start).abs_diff(t as i32) <= 1,
        "{} vs {t}",
        row.month
    );
    assert!(row.accept_value < 0.0, "a drop: {}", row.accept_value);
    let cmd = correct_history(
        &c,
        "CB-COMMUTE",
        row.month,
        CorrectionKind::LevelShift,
        CorrectionStatus::Accepted,
        row.accept_value,
        "",
    )
    .unwrap();
    apply(&mut c, &cmd);
    let used = baseline_history(&c.inputs.forecast, c.label, &raw);
    let k = row.month.since(raw.start) as usize;
    for u in 0..raw.units.len() {
        let want = if u < k {
            (raw.units[u] + row.accept_value).max(0.0)
        } else {
            raw.units[u]
        };
        assert_eq!(used[u], want, "month {u}");
    }
}

#[test]
fn a_promotion_is_excluded_and_re_applied_as_a_marketing_event() {
    let (mut c, i) = spiked();
    let m = month(&c, i);
    let before = baseline(&c, SKU).unwrap();
    let cmd = mark_history_event(&c, SKU, m, EventKind::Promotion, "spring promotion").unwrap();
    apply(&mut c, &cmd);
    let x = &c.inputs.forecast.history_corrections[0];
    assert_eq!(
        (x.kind, x.event),
        (CorrectionKind::Event, Some(EventKind::Promotion))
    );
    // The expected value is the accepted outlier's (the decomposition's T + S).
    assert_eq!(x.value, row_at(&c, i).suggested);
    assert_ne!(baseline(&c, SKU).unwrap().values, before.values);
    let r = cleansing_review(&c, &Selection::Sku(SKU.into()));
    assert!(r.rows.iter().any(|x| x.kind == RowKind::Event(EventKind::Promotion) && x.note == "spring promotion"));
    // Re-applied in the plan's third month: a marketing adjustment of the uplift.
    let raw = c.history.iter().find(|h| h.sku == SKU).unwrap().units[i];
    let uplift = promotion_uplift(&c, SKU, m).unwrap();
    assert_eq!(uplift, raw - x.value);
    let to = reapply_month(&c);
    assert_eq!(to, c.label.plus(2));
    let short = Cycle {
        horizon: 2,
        ..c.clone()
    };
    assert_eq!(reapply_month(&short), c.label.plus(1));
    let n = c.inputs.adjustments.len();
    let cmd = reapply_promotion(&c, SKU, m, to).unwrap();
    apply(&mut c, &cmd);
    let a = c.inputs.adjustments.last().unwrap();
    assert_eq!(c.inputs.adjustments.len(), n + 1);
    assert_eq!(
        (a.layer, &a.target, a.from, a.to),
        (Layer::Marketing, &Target::Sku(SKU.into()), to, to)
    );
    assert_eq!(a.change, Change::Units(uplift));
    // Not in the plan's months, or not a promotion: refused.
    assert!(reapply_promotion(&c, SKU, m, c.label.plus(-1)).is_err());
    assert!(reapply_promotion(&c, SKU, m.plus(1), to).is_err());
}

#[test]
fn decisions_travel_with_the_cycle() {
    let (mut c, i) = spiked();
    let row = row_at(&c, i);
    let cmd = edit_spike(&c, row.month, 90.0, "why");
    apply(&mut c, &cmd);
    // JSON (the backup format) without loss; an old backup without the field loads.
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Cycle>(&json).unwrap(), c);
    let old = json.replace(",\"history_corrections\":[", ",\"x_unused\":[");
    assert!(
        serde_json::from_str::<Cycle>(&old)
            .unwrap()
            .inputs
            .forecast
            .history_corrections
            .is_empty()
    );
    // Roll forward keeps them.
    let next = successor(&c, "next");
    assert_eq!(
        next.inputs.forecast.history_corrections,
        c.inputs.forecast.history_corrections
    );
    // Team sync carries them.
    let plain = spiked().0;
    let mut ana =
        Team::share(&plain, Person::new("Ana", TeamRole::Sales).unwrap(), 1.0e12).unwrap();
    let first = ana.send(Some(&[]), 1.0e12);
    let mut ben = Team::join(
        &[&first],
        Person::new("Ben", TeamRole::Operations).unwrap(),
        1.0e12,
    )
    .unwrap();
    ana.apply(&cmd, 2.0e12).unwrap();
    let file = ana.send(None, 3.0e12);
    ben.merge(&[&file], 4.0e12).unwrap();
    assert_eq!(
        ben.cycle().inputs.forecast.history_corrections,
        c.inputs.forecast.history_corrections
    );
}

/// Every history of `c` as the memo gives it equals `baseline_history`'s.
fn memo_agrees(memo: &CleansedHistories, c: &Cycle) {
    for h in &c.history {
        let fs = &c.inputs.forecast;
        assert_eq!(
            memo.get(fs, c.label, h),
            baseline_history(fs, c.label, h),
            "{}",
            h.sku
        );
    }
}

/// Prepares `memo` for `c` in one go; returns how many histories were judged.
fn prepare(memo: &mut CleansedHistories, c: &Cycle) -> usize {
    let before = memo.judged();
    let mut cursor = 0;
    assert!(memo.prepare(
        &c.inputs.forecast,
        c.label,
        &c.history,
        &mut cursor,
        &mut || true
    ));
    assert_eq!(cursor, c.history.len());
    memo.judged() - before
}

/// The app keeps cleansed histories between forecasts (`CleansedHistories`, so that
/// automatic cleansing does not judge 10,000 histories on the page at every change):
/// made in slices it gives exactly `baseline_history`, and it judges again only the
/// histories whose actuals or decisions changed, or all when the cleansing's settings do.
#[test]
fn cleansed_histories_are_judged_again_only_when_they_change() {
    let (mut c, i) = spiked();
    let n = c.history.len();
    let mut memo = CleansedHistories::default();
    // Nothing to cleanse: nothing judged, the raw histories.
    assert_eq!(prepare(&mut memo, &c), 0);
    memo_agrees(&memo, &c);

    c.inputs.forecast.outlier_cleansing = true;
    // In slices: `more` says stop after every history judged.
    let mut cursor = 0;
    let mut calls = 1;
    while !memo.prepare(
        &c.inputs.forecast,
        c.label,
        &c.history,
        &mut cursor,
        &mut || false,
    ) {
        calls += 1;
    }
    assert_eq!((calls, memo.judged()), (n, n));
    memo_agrees(&memo, &c);
    let kb = c.history.iter().find(|h| h.sku == SKU).unwrap();
    let used = memo.get(&c.inputs.forecast, c.label, kb);
    assert!(
        used[i] < kb.units[i] / 2.0,
        "the spike is cleansed: {} of {}",
        used[i],
        kb.units[i]
    );

    // Nothing changed: nothing judged again.
    assert_eq!(prepare(&mut memo, &c), 0);
    // One actual of another SKU changed: that SKU only.
    let other = c.history.iter().position(|h| h.sku != SKU).unwrap();
    c.history[other].units[3] += 5.0;
    assert_eq!(prepare(&mut memo, &c), 1);
    memo_agrees(&memo, &c);
    // A decision on KB-16's spike: KB-16 only, and the memo uses the decision.
    let row = row_at(&c, i);
    let cmd = edit_spike(&c, row.month, 7.0, "");
    apply(&mut c, &cmd);
    // Asked without preparing first, the memo still answers right (computed then).
    memo_agrees(&memo, &c);
    assert_eq!(prepare(&mut memo, &c), 1);
    memo_agrees(&memo, &c);
    let kb = c.history.iter().find(|h| h.sku == SKU).unwrap();
    assert_eq!(memo.get(&c.inputs.forecast, c.label, kb)[i], 7.0);
    // Another threshold: every history again.
    c.inputs.forecast.outlier_k = 4.0;
    assert_eq!(prepare(&mut memo, &c), n);
    memo_agrees(&memo, &c);
    // Automatic cleansing off: only the SKU with a decision is cleansed.
    c.inputs.forecast.outlier_cleansing = false;
    assert_eq!(prepare(&mut memo, &c), 1);
    memo_agrees(&memo, &c);
}

/// A family's review made one SKU at a time (as the app does for large families, in
/// slices) is the review made at once: the same rows, sums and open count.
#[test]
fn a_family_review_made_in_steps_is_the_same() {
    let (mut c, i) = spiked();
    let cmd = edit_spike(&c, month(&c, i), 7.0, "");
    apply(&mut c, &cmd);
    let family = c
        .master
        .products
        .iter()
        .find(|p| p.sku == SKU)
        .unwrap()
        .family
        .clone();
    let sel = Selection::Family(family);
    let whole = cleansing_review(&c, &sel);
    let mut b = ReviewBuilder::new(&c, &sel);
    let n = b.len();
    assert!(n > 1, "a family of several SKUs");
    let mut steps = 1;
    while !b.step(&c, &mut || false) {
        steps += 1;
    }
    assert_eq!(steps, n);
    let stepped = b.finish();
    assert_eq!(stepped, whole);
    assert!(
        stepped
            .rows
            .iter()
            .any(|r| r.sku == SKU && r.status == Some(CorrectionStatus::Edited))
    );
    assert_eq!(
        stepped.open,
        stepped.rows.iter().filter(|r| r.status.is_none()).count()
    );
}
