//! History cleansing review: the detector finds injected spikes, dips and level shifts
//! in synthetic series (level, trend, season and noise) and leaves clean ones alone.
//! 2,000 series of each kind. Recall and false-alarm rates are printed (`cargo test --test cleansing_detect -- --nocapture`).

use sop_planner::engine::demo::Rng;
use sop_planner::engine::forecast::detect::{EDGE, FindingKind, MIN_SEGMENT, detect};

const SERIES: usize = 2000;
const N: usize = 48;

/// A clean monthly series: level, linear trend (±1 %/month), additive season (0–30 %
/// of the level), Gaussian noise σ = 8 % of the level. Returns (series, σ).
fn clean(rng: &mut Rng) -> (Vec<f64>, f64) {
    let level = rng.range(50.0, 500.0);
    let slope = rng.range(-0.01, 0.01) * level;
    let amp = rng.range(0.0, 0.3) * level;
    let phase = rng.range(0.0, 12.0);
    let sigma = 0.08 * level;
    let y = (0..N)
        .map(|t| {
            let s = amp * (2.0 * std::f64::consts::PI * (t as f64 + phase) / 12.0).sin();
            level + slope * (t as f64 - N as f64 / 2.0) + s + sigma * rng.normal()
        })
        .collect();
    (y, sigma)
}

#[test]
fn clean_series_are_left_alone() {
    let mut rng = Rng::new(7);
    let (mut flagged, mut series_flagged) = (0, 0);
    for _ in 0..SERIES {
        let (y, _) = clean(&mut rng);
        let f = detect(&y, 12, 3.0);
        flagged += f.len();
        series_flagged += usize::from(!f.is_empty());
    }
    let rate = flagged as f64 / (SERIES * N) as f64;
    println!(
        "clean series: {flagged} false alarms in {} months ({:.2} %), {series_flagged} of {SERIES} series with any",
        SERIES * N,
        100.0 * rate
    );
    assert!(rate <= 0.02, "false-alarm rate {rate}");
}

#[test]
fn injected_spikes_and_dips_are_found() {
    let mut rng = Rng::new(11);
    let (mut found, mut wrong, mut close) = (0, 0, 0);
    for i in 0..SERIES {
        let (mut y, sigma) = clean(&mut rng);
        let t = EDGE + (rng.next_u64() as usize) % (N - 2 * EDGE);
        let size = rng.range(5.0, 8.0) * sigma;
        let dip = i % 3 == 0;
        y[t] += if dip { -size } else { size };
        let f = detect(&y, 12, 3.0);
        let kind = if dip {
            FindingKind::Dip
        } else {
            FindingKind::Spike
        };
        if let Some(hit) = f.iter().find(|f| f.index == t && f.kind == kind) {
            found += 1;
            let clean = y[t] - if dip { -size } else { size };
            close += usize::from((hit.suggested - clean).abs() < 2.5 * sigma);
        }
        wrong += f.iter().filter(|f| f.index != t).count();
    }
    let recall = found as f64 / SERIES as f64;
    let false_rate = wrong as f64 / (SERIES * N) as f64;
    println!(
        "spikes/dips of 5–8 σ: recall {:.1} % ({found}/{SERIES}), false alarms {:.2} % of months",
        100.0 * recall,
        100.0 * false_rate
    );
    println!("  suggestion within 2.5 σ of the truth: {close} of {found}");
    // 86.2 % of 2,000 (85.0 % before the decomposition's second pass; the first 400 alone
    // 90.0 %, other samples of 400 82.8–86.8 %).
    assert!(recall >= 0.84, "recall {recall}");
    assert!(
        close as f64 >= 0.9 * found as f64,
        "suggestions off: {close}/{found}"
    );
    assert!(false_rate <= 0.02, "false alarms {false_rate}");
}

#[test]
fn injected_level_shifts_are_found() {
    let mut rng = Rng::new(13);
    let (mut found, mut wrong, mut close) = (0, 0, 0);
    for i in 0..SERIES {
        let (mut y, sigma) = clean(&mut rng);
        let t = MIN_SEGMENT + (rng.next_u64() as usize) % (N - 2 * MIN_SEGMENT + 1);
        let step = rng.range(6.0, 10.0) * sigma * if i % 2 == 0 { 1.0 } else { -1.0 };
        for v in &mut y[t..] {
            *v += step;
        }
        let f = detect(&y, 12, 3.0);
        if let Some(hit) = f
            .iter()
            .find(|f| f.kind == FindingKind::LevelShift && f.index.abs_diff(t) <= 1)
        {
            found += 1;
            close += usize::from((hit.step - step).abs() < 2.5 * sigma);
        }
        wrong += f
            .iter()
            .filter(|f| !(f.kind == FindingKind::LevelShift && f.index.abs_diff(t) <= 1))
            .count();
    }
    let recall = found as f64 / SERIES as f64;
    let false_rate = wrong as f64 / (SERIES * N) as f64;
    println!(
        "level shifts of 6–10 σ: recall {:.1} % ({found}/{SERIES}), false alarms {:.2} % of months",
        100.0 * recall,
        100.0 * false_rate
    );
    println!("  suggestion within 2.5 σ of the truth: {close} of {found}");
    // 92.0 % (93.3 % when a step was judged against white noise alone, which flagged a
    // quarter of the wandering series below; 89.4 % before the decomposition's second pass).
    assert!(recall >= 0.9, "recall {recall}");
    assert!(
        close as f64 >= 0.9 * found as f64,
        "suggestions off: {close}/{found}"
    );
    assert!(false_rate <= 0.02, "false alarms {false_rate}");
}

/// A clean multiplicative series, as the sales of a fast-growing product are: level ×
/// growth (2–4 %/month) × season (amplitude 10–50 % of the level) × (1 + ε), ε Gaussian
/// with σ = 6 %: the peak months of the later years stand far above the early ones, and
/// so does their noise. Returns (series, relative σ).
fn clean_multiplicative(rng: &mut Rng) -> (Vec<f64>, f64) {
    let level = rng.range(50.0, 500.0);
    let growth = rng.range(0.02, 0.04);
    let amp = rng.range(0.1, 0.5);
    let phase = rng.range(0.0, 12.0);
    let sigma = 0.06;
    let y = (0..N)
        .map(|t| {
            let s = 1.0 + amp * (2.0 * std::f64::consts::PI * (t as f64 + phase) / 12.0).sin();
            level * (1.0 + growth).powi(t as i32) * s * (1.0 + sigma * rng.normal())
        })
        .collect();
    (y, sigma)
}

/// On multiplicative series a month is judged relative to its level (on logs), so the
/// peak seasons of the later years raise no alarm: judged as is, 3.8 % of these clean
/// months were flagged (1.0 % on logs when this test was written). The recall of
/// injected spikes and dips is printed, not judged: with seasons this strong the running
/// median's trend is coarse and a spike of 5–8 σ is often inside its error (about half
/// are found, judged as is or on logs alike).
#[test]
fn multiplicative_series_are_judged_relative_to_their_level() {
    let mut rng = Rng::new(17);
    let (mut alarms, mut found, mut wrong) = (0, 0, 0);
    for i in 0..SERIES {
        let (y, sigma) = clean_multiplicative(&mut rng);
        alarms += detect(&y, 12, 3.0).len();
        let mut y = y;
        let t = EDGE + (rng.next_u64() as usize) % (N - 2 * EDGE);
        let size = rng.range(5.0, 8.0) * sigma;
        let dip = i % 3 == 0;
        y[t] *= if dip { 1.0 - size } else { 1.0 + size };
        let kind = if dip {
            FindingKind::Dip
        } else {
            FindingKind::Spike
        };
        let f = detect(&y, 12, 3.0);
        found += usize::from(f.iter().any(|f| f.index == t && f.kind == kind));
        wrong += f.iter().filter(|f| f.index != t).count();
    }
    let clean_rate = alarms as f64 / (SERIES * N) as f64;
    let recall = found as f64 / SERIES as f64;
    let false_rate = wrong as f64 / (SERIES * N) as f64;
    println!(
        "multiplicative series: clean {:.2} % of months flagged; spikes/dips of 5–8 σ: recall {:.1} % ({found}/{SERIES}), false alarms {:.2} % of months",
        100.0 * clean_rate,
        100.0 * recall,
        100.0 * false_rate
    );
    assert!(clean_rate <= 0.02, "false-alarm rate {clean_rate}");
    assert!(false_rate <= 0.02, "false alarms {false_rate}");
}

/// A clean series whose level wanders, as real sales do (the local-level model): a
/// random walk level (monthly steps σ_η = 2–4 % of the start) plus noise (σ_ε = 5 %),
/// and an additive season (0–30 %). No step in it is a level shift.
fn clean_wandering(rng: &mut Rng) -> Vec<f64> {
    let start = rng.range(50.0, 500.0);
    let eta = rng.range(0.02, 0.04) * start;
    let amp = rng.range(0.0, 0.3) * start;
    let phase = rng.range(0.0, 12.0);
    let mut level = start;
    (0..N)
        .map(|t| {
            level += eta * rng.normal();
            let s = amp * (2.0 * std::f64::consts::PI * (t as f64 + phase) / 12.0).sin();
            level + s + 0.05 * start * rng.normal()
        })
        .collect()
}

/// A level that wanders is no level shift: judged against white noise alone, 25.6 % of
/// these series had one (4.9 % when this test was written; M1 and Tourism had hundreds,
/// see the README).
#[test]
fn a_wandering_level_is_no_level_shift() {
    let mut rng = Rng::new(19);
    let (mut shifts, mut series_with, mut other) = (0, 0, 0);
    for _ in 0..SERIES {
        let y = clean_wandering(&mut rng);
        let f = detect(&y, 12, 3.0);
        let n = f
            .iter()
            .filter(|f| f.kind == FindingKind::LevelShift)
            .count();
        shifts += n;
        series_with += usize::from(n > 0);
        other += f.len() - n;
    }
    let share = series_with as f64 / SERIES as f64;
    println!(
        "wandering levels: {shifts} level shifts in {series_with} of {SERIES} series ({:.1} %); spikes and dips {:.2} % of months",
        100.0 * share,
        100.0 * other as f64 / (SERIES * N) as f64
    );
    assert!(share <= 0.08, "series with a level shift: {share}");
}

/// An event month's expected value is judged as `detect` judges the history: leading
/// zeros (not selling yet) are left out, so a growing product launched a year in is
/// judged on logs like the same history without them, and its first months stay 0.
#[test]
fn the_expected_value_leaves_leading_zeros_out_as_detect_does() {
    use sop_planner::engine::forecast::detect::{expected, spread_follows_level};
    let mut rng = Rng::new(23);
    for _ in 0..50 {
        let (sales, _) = clean_multiplicative(&mut rng);
        let mut y = vec![0.0; 12];
        y.extend_from_slice(&sales);
        let with = expected(&y, 12).expect("48 months of sales");
        let without = expected(&sales, 12).expect("48 months");
        assert_eq!(&with[..12], &[0.0; 12]);
        assert_eq!(&with[12..], &without[..]);
        assert!(
            !spread_follows_level(&y, 12),
            "zeros: not judged on logs as a whole"
        );
    }
    // Fewer than 5 months of sales: nothing to tell.
    assert_eq!(expected(&[0.0, 0.0, 0.0, 5.0, 6.0, 7.0, 8.0], 12), None);
}
