//! `sop forecast-eval`: forecast a benchmark file and score it (sMAPE, MASE).
//!
//! ```text
//! sop forecast-eval --data FILE.csv --meta FILE_meta.csv [--out forecasts.csv] [--model NAME] [--hierarchy [--family-size N]] [--global [--weight W]] [--holdback K] [--accept spikes|shifts|all [--k K]]
//! ```
//!
//! Data: long CSV `series_id,period_index,value` (period_index 1-based; an empty value
//! is missing). Meta: `series_id,n_train,h,...,season_length` (other columns ignored).
//! Each series is forecast `h` points after its first `n_train` values. The last line
//! printed is `sMAPE <mean> MASE <mean> cover80 <%> cover95 <%> MSIS <mean> series
//! <count> seconds <wall time>`: the coverage of the 80 % and 95 % prediction intervals
//! (share of all held-out actuals inside them) and the mean scaled interval score of the
//! 95 % interval (M4). `--hierarchy` adds the reconciled hierarchy's table
//! ([`super::forecast_hier`]). `--global` prints three such lines instead: local, the
//! global autoregression (`forecast::global`) and their mean; `--holdback K` scores a
//! held-back split ([`holdback`]); `--accept` forecasts from training parts with the
//! history cleansing review's findings accepted ([`super::forecast_accept`]).

use super::{CliError, flag, required};
use crate::engine::accuracy;
use crate::engine::forecast::{self, ModelKind, Options};
use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

/// Largest accepted `period_index` (a series is held as a dense vector).
pub const MAX_PERIOD: usize = 1_000_000;

/// One benchmark series: its values (NaN = missing) and the meta of the split.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalSeries {
    pub id: String,
    pub values: Vec<f64>,
    pub n_train: usize,
    pub h: usize,
    pub season_length: usize,
    pub category: String,
}

/// Forecasts and scores of one series (`None` where undefined: no actuals, zero scale).
#[derive(Clone, Debug, PartialEq)]
pub struct EvalRow {
    pub forecast: Vec<f64>,
    pub model: ModelKind,
    pub smape: Option<f64>,
    pub mase: Option<f64>,
    /// Held-out actuals inside the 80 % and the 95 % interval, and their count.
    pub inside80: usize,
    pub inside95: usize,
    pub actuals: usize,
    /// Mean scaled interval score of the 95 % interval (M4; scale as MASE).
    pub msis: Option<f64>,
}

/// Result of forecasting a whole set.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalResult {
    pub rows: Vec<EvalRow>,
    pub smape: f64,
    pub mase: f64,
    /// Series with a defined sMAPE / MASE.
    pub n_smape: usize,
    pub n_mase: usize,
    /// Coverage of the 80 % and 95 % intervals over all held-out actuals (0–1).
    pub coverage80: f64,
    pub coverage95: f64,
    /// Mean MSIS over the series where it is defined (as MASE).
    pub msis: f64,
    /// Wall time of the forecasts alone (no IO), seconds.
    pub seconds: f64,
}

/// Splits one CSV line into fields; double quotes enclose fields with commas
/// (`""` inside quotes is a quote).
pub fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    let mut field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cur.push(c);
            }
        } else if c == '"' && field_start {
            quoted = true;
            field_start = false;
        } else if c == ',' {
            out.push(std::mem::take(&mut cur));
            field_start = true;
        } else {
            cur.push(c);
            field_start = false;
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    out.push(cur);
    Ok(out)
}

/// Lines of a CSV text without the line terminator (`\n` or `\r\n`), with a BOM removed.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
}

/// Position of each required column in a header line.
fn columns(file: &str, header: &str, want: &[&str]) -> Result<Vec<usize>, CliError> {
    let fields = split_csv(header).map_err(|e| CliError(format!("{file}:1: {e}")))?;
    want.iter()
        .map(|w| {
            fields
                .iter()
                .position(|f| f.trim().eq_ignore_ascii_case(w))
                .ok_or_else(|| {
                    CliError(format!(
                        "{file}:1: missing column `{w}` (header is `{header}`)"
                    ))
                })
        })
        .collect()
}

fn parse_usize(file: &str, line: usize, col: &str, s: &str) -> Result<usize, CliError> {
    s.trim().parse::<usize>().map_err(|_| {
        CliError(format!(
            "{file}:{line}: column `{col}`: `{s}` is not a non-negative integer"
        ))
    })
}

/// Parses the data and meta CSV texts (`data_name`, `meta_name` name them in messages).
pub fn parse(
    data_name: &str,
    data: &str,
    meta_name: &str,
    meta: &str,
) -> Result<Vec<EvalSeries>, CliError> {
    // Data: series_id → (period → value).
    let mut it = lines(data);
    let (_, header) = it
        .next()
        .ok_or_else(|| CliError(format!("{data_name}: empty file (no header)")))?;
    let cols = columns(data_name, header, &["series_id", "period_index", "value"])?;
    let need = cols.iter().copied().max().unwrap_or(0) + 1;
    let mut order: Vec<String> = Vec::new();
    let mut points: HashMap<String, Vec<(usize, f64, usize)>> = HashMap::new();
    for (ln, line) in it {
        if line.trim().is_empty() {
            continue;
        }
        let f = split_csv(line).map_err(|e| CliError(format!("{data_name}:{ln}: {e}")))?;
        if f.len() < need {
            return Err(CliError(format!(
                "{data_name}:{ln}: expected at least {need} fields, found {}",
                f.len()
            )));
        }
        let id = f[cols[0]].trim();
        if id.is_empty() {
            return Err(CliError(format!("{data_name}:{ln}: empty series_id")));
        }
        let p = parse_usize(data_name, ln, "period_index", &f[cols[1]])?;
        if p == 0 {
            return Err(CliError(format!(
                "{data_name}:{ln}: period_index must be ≥ 1 (it is 1-based)"
            )));
        }
        if p > MAX_PERIOD {
            return Err(CliError(format!(
                "{data_name}:{ln}: period_index {p} is larger than {MAX_PERIOD}"
            )));
        }
        let vs = f[cols[2]].trim();
        let v = if vs.is_empty() || vs.eq_ignore_ascii_case("na") || vs.eq_ignore_ascii_case("nan")
        {
            f64::NAN
        } else {
            match vs.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(CliError(format!(
                        "{data_name}:{ln}: column `value`: `{vs}` is not a number"
                    )));
                }
            }
        };
        if !points.contains_key(id) {
            order.push(id.to_string());
        }
        points.entry(id.to_string()).or_default().push((p, v, ln));
    }

    let mut it = lines(meta);
    let (_, header) = it
        .next()
        .ok_or_else(|| CliError(format!("{meta_name}: empty file (no header)")))?;
    let cols = columns(
        meta_name,
        header,
        &["series_id", "n_train", "h", "season_length"],
    )?;
    let cat_col = split_csv(header).ok().and_then(|f| {
        f.iter()
            .position(|c| c.trim().eq_ignore_ascii_case("category"))
    });
    let need = cols.iter().copied().max().unwrap_or(0) + 1;
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (ln, line) in it {
        if line.trim().is_empty() {
            continue;
        }
        let f = split_csv(line).map_err(|e| CliError(format!("{meta_name}:{ln}: {e}")))?;
        if f.len() < need {
            return Err(CliError(format!(
                "{meta_name}:{ln}: expected at least {need} fields, found {}",
                f.len()
            )));
        }
        let id = f[cols[0]].trim().to_string();
        if let Some(prev) = seen.insert(id.clone(), ln) {
            return Err(CliError(format!(
                "{meta_name}:{ln}: series `{id}` already listed on line {prev}"
            )));
        }
        let n_train = parse_usize(meta_name, ln, "n_train", &f[cols[1]])?;
        let h = parse_usize(meta_name, ln, "h", &f[cols[2]])?;
        let season_length = parse_usize(meta_name, ln, "season_length", &f[cols[3]])?;
        let Some(pts) = points.get_mut(&id) else {
            return Err(CliError(format!(
                "{meta_name}:{ln}: series `{id}` is not in {data_name}"
            )));
        };
        pts.sort_by_key(|p| p.0);
        for w in pts.windows(2) {
            if w[0].0 == w[1].0 {
                return Err(CliError(format!(
                    "{data_name}:{}: series `{id}` period {} repeated (first on line {})",
                    w[1].2, w[1].0, w[0].2
                )));
            }
        }
        let len = pts.last().map_or(0, |p| p.0);
        let mut values = vec![f64::NAN; len];
        for &(p, v, _) in pts.iter() {
            values[p - 1] = v;
        }
        if n_train == 0 {
            return Err(CliError(format!(
                "{meta_name}:{ln}: n_train of `{id}` is 0"
            )));
        }
        if n_train > len {
            return Err(CliError(format!(
                "{meta_name}:{ln}: n_train {n_train} of `{id}` exceeds its length {len} in {data_name}"
            )));
        }
        if h == 0 || h > MAX_PERIOD {
            return Err(CliError(format!(
                "{meta_name}:{ln}: h of `{id}` is {h}; expected 1 to {MAX_PERIOD}"
            )));
        }
        out.push(EvalSeries {
            id,
            values,
            n_train,
            h,
            season_length,
            category: cat_col
                .and_then(|c| f.get(c))
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
        });
    }
    let extra: Vec<&String> = order.iter().filter(|id| !seen.contains_key(*id)).collect();
    if let Some(first) = extra.first() {
        eprintln!(
            "note: {} series of {data_name} not in {meta_name} are skipped (first: {first})",
            extra.len()
        );
    }
    if out.is_empty() {
        return Err(CliError(format!("{meta_name}: no series")));
    }
    Ok(out)
}

/// Reads and parses a data and a meta file.
pub fn load(data_path: &str, meta_path: &str) -> Result<Vec<EvalSeries>, CliError> {
    let data =
        std::fs::read_to_string(data_path).map_err(|e| CliError(format!("{data_path}: {e}")))?;
    let meta =
        std::fs::read_to_string(meta_path).map_err(|e| CliError(format!("{meta_path}: {e}")))?;
    parse(data_path, &data, meta_path, &meta)
}

/// Forecasts every series with `opts` (single-threaded) and scores it against the
/// actuals after `n_train`: sMAPE (M3, %) and MASE (scale: in-sample seasonal naive).
pub fn evaluate(series: &[EvalSeries], opts: &Options) -> EvalResult {
    let histories: Vec<&[f64]> = series.iter().map(|s| &s.values[..s.n_train]).collect();
    evaluate_from(series, &histories, opts)
}

/// Like [`evaluate`], each series forecast from `histories[i]` (e.g. its training part
/// cleansed) and scored as the raw series: the same actuals, the same MASE scale.
pub fn evaluate_from(series: &[EvalSeries], histories: &[&[f64]], opts: &Options) -> EvalResult {
    let t0 = Instant::now();
    let fcs: Vec<forecast::Forecast> = series
        .iter()
        .zip(histories)
        .map(|(s, y)| forecast::forecast(y, s.season_length, s.h, opts))
        .collect();
    let seconds = t0.elapsed().as_secs_f64();
    score(series, fcs, seconds)
}

/// The results of `--global`: the local forecasts, the global autoregression's (local
/// where it declines a series, with the local interval's widths), their mean
/// (`forecast::global::combine`), the mean only where the backtest window says
/// (`forecast::cross`: "rule" for the whole set, "per-series" each series by its own
/// window), and those with the ranges calibrated in the window ("+cal"); each `seconds`
/// the time of what it needs.
pub fn evaluate_global(
    series: &[EvalSeries],
    opts: &Options,
    weight: f64,
) -> Vec<(String, EvalResult)> {
    use forecast::cross;
    use forecast::global::{GlobalAr, combine};
    let t0 = Instant::now();
    let local: Vec<forecast::Forecast> = series
        .iter()
        .map(|s| forecast::forecast(&s.values[..s.n_train], s.season_length, s.h, opts))
        .collect();
    let t_local = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    // One model per season length, fitted on the training parts only.
    let mut seasons: Vec<usize> = series.iter().map(|s| s.season_length).collect();
    seasons.sort_unstable();
    seasons.dedup();
    let mut global: Vec<Option<Vec<f64>>> = vec![None; series.len()];
    let mut windows: HashMap<usize, cross::Window> = HashMap::new();
    for &m in &seasons {
        let idx: Vec<usize> = (0..series.len())
            .filter(|&i| series[i].season_length == m)
            .collect();
        let hist: Vec<&[f64]> = idx
            .iter()
            .map(|&i| &series[i].values[..series[i].n_train])
            .collect();
        let h = idx.iter().map(|&i| series[i].h).max().unwrap_or(1);
        if let Some(g) = GlobalAr::fit(&hist, m, h) {
            for &i in &idx {
                global[i] = g.forecast(&series[i].values[..series[i].n_train], series[i].h);
            }
        }
        let locals: Vec<forecast::Forecast> = idx.iter().map(|&i| local[i].clone()).collect();
        let w = cross::backtest(&hist, &locals, m, weight);
        eprintln!(
            "window (season {m}): d mean {:+.4} se {:.4} z {:+.2} series {} -> {}",
            w.mean,
            w.se,
            if w.se > 0.0 { w.mean / w.se } else { 0.0 },
            w.n,
            if w.wins() { "combined" } else { "local" }
        );
        windows.insert(m, w);
    }
    let t_global = t0.elapsed().as_secs_f64();
    let nonneg = |s: &EvalSeries| {
        s.values[..s.n_train]
            .iter()
            .all(|v| v.is_nan() || *v >= 0.0)
    };
    // Position of each series in its season's window.
    let mut pos = vec![0usize; series.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (i, s) in series.iter().enumerate() {
        let c = seen.entry(s.season_length).or_insert(0);
        pos[i] = *c;
        *c += 1;
    }
    let pick = |use_it: &dyn Fn(usize) -> bool, w: f64| -> Vec<forecast::Forecast> {
        (0..series.len())
            .map(|i| match &global[i] {
                Some(g) if use_it(i) => combine(&local[i], g, w, nonneg(&series[i])),
                _ => local[i].clone(),
            })
            .collect()
    };
    let set_rule = |i: usize| windows[&series[i].season_length].wins();
    let per_series =
        |i: usize| windows[&series[i].season_length].d[pos[i]].is_some_and(|d| d < 0.0);
    let calibrated = |fcs: Vec<forecast::Forecast>, tag: &str| -> Vec<forecast::Forecast> {
        let mut out = fcs.clone();
        for &m in &seasons {
            let idx: Vec<usize> = (0..series.len())
                .filter(|&i| series[i].season_length == m)
                .collect();
            let fin: Vec<forecast::Forecast> = idx.iter().map(|&i| fcs[i].clone()).collect();
            let loc: Vec<forecast::Forecast> = idx.iter().map(|&i| local[i].clone()).collect();
            if let Some((k80, k95)) = cross::calibrate(&fin, &loc, &windows[&m]) {
                eprintln!("{tag} (season {m}): half-widths x {k80:.3} (80 %) x {k95:.3} (95 %)");
                for &i in &idx {
                    if global[i].is_some() {
                        out[i] = cross::scaled(&fcs[i], k80, k95, nonneg(&series[i]));
                    }
                }
            }
        }
        out
    };
    let used = global.iter().filter(|g| g.is_some()).count();
    eprintln!(
        "global: {used} of {} series forecast by the global model",
        series.len()
    );
    let all = |_: usize| true;
    let combined = pick(&all, weight);
    let ruled = pick(&set_rule, weight);
    let t = t_local + t_global;
    vec![
        ("local".into(), score(series, local.clone(), t_local)),
        ("global".into(), score(series, pick(&all, 1.0), t)),
        ("combined".into(), score(series, combined.clone(), t)),
        ("rule".into(), score(series, ruled.clone(), t)),
        (
            "per-series".into(),
            score(series, pick(&per_series, weight), t),
        ),
        (
            "comb+cal".into(),
            score(series, calibrated(combined, "comb+cal"), t),
        ),
        (
            "rule+cal".into(),
            score(
                series,
                if ruled.iter().zip(&local).any(|(a, b)| a != b) {
                    calibrated(ruled, "rule+cal")
                } else {
                    ruled
                },
                t,
            ),
        ),
    ]
}

/// Scores forecasts of `series` against their actuals after `n_train`.
fn score(series: &[EvalSeries], fcs: Vec<forecast::Forecast>, seconds: f64) -> EvalResult {
    let mut rows = Vec::with_capacity(series.len());
    let (mut ss, mut ns, mut sm, mut nm) = (0.0, 0usize, 0.0, 0usize);
    let (mut in80, mut in95, mut na, mut si, mut ni) = (0, 0, 0, 0.0, 0usize);
    for (s, f) in series.iter().zip(fcs) {
        let end = (s.n_train + s.h).min(s.values.len());
        let actual = &s.values[s.n_train..end];
        let insample = &s.values[..s.n_train];
        let smape = accuracy::smape(actual, &f.point);
        let mase = accuracy::mase(actual, &f.point, insample, s.season_length);
        let inside = |lo: &[f64], hi: &[f64]| {
            (actual.iter().zip(lo).zip(hi))
                .filter(|((a, l), u)| **l <= **a && **a <= **u)
                .count()
        };
        let actuals = actual.iter().filter(|a| a.is_finite()).count();
        let inside80 = inside(&f.lower, &f.upper);
        let inside95 = inside(&f.lower95, &f.upper95);
        let msis = accuracy::msis(
            actual,
            &f.lower95,
            &f.upper95,
            insample,
            s.season_length,
            0.05,
        )
        .filter(|v| v.is_finite());
        in80 += inside80;
        in95 += inside95;
        na += actuals;
        if let Some(v) = msis {
            si += v;
            ni += 1;
        }
        if let Some(v) = smape {
            ss += v;
            ns += 1;
        }
        if let Some(v) = mase.filter(|v| v.is_finite()) {
            sm += v;
            nm += 1;
        }
        rows.push(EvalRow {
            forecast: f.point,
            model: f.model,
            smape,
            mase,
            inside80,
            inside95,
            actuals,
            msis,
        });
    }
    let share = |k: usize| if na > 0 { k as f64 / na as f64 } else { 0.0 };
    EvalResult {
        rows,
        smape: if ns > 0 { ss / ns as f64 } else { 0.0 },
        mase: if nm > 0 { sm / nm as f64 } else { 0.0 },
        n_smape: ns,
        n_mase: nm,
        coverage80: share(in80),
        coverage95: share(in95),
        msis: if ni > 0 { si / ni as f64 } else { 0.0 },
        seconds,
    }
}

/// Parses `--model`: a model name, or `auto` (the default) for the automatic choice.
pub fn model_option(name: Option<&str>) -> Result<Options, CliError> {
    let mut opts = Options::default();
    match name {
        None | Some("auto") => {}
        Some(n) => {
            opts.model = Some(
                n.parse::<ModelKind>()
                    .map_err(|e| CliError(e.to_string()))?,
            )
        }
    }
    Ok(opts)
}

/// A held-back split: each series' test part moved `k` horizons back into its training
/// part (n_train − k·h; the values after it unused), series left with fewer than two
/// seasons (24 months) of training dropped.
pub fn holdback(series: Vec<EvalSeries>, k: usize) -> Vec<EvalSeries> {
    series
        .into_iter()
        .filter_map(|mut s| {
            let n = s.n_train.checked_sub(k * s.h)?;
            (n >= 2 * s.season_length.max(1)).then(|| {
                if k > 0 {
                    s.values.truncate(s.n_train);
                }
                s.n_train = n;
                s
            })
        })
        .collect()
}

pub fn run(args: &[String]) -> Result<(), CliError> {
    let data = required(args, "--data")?;
    let meta = required(args, "--meta")?;
    let opts = model_option(flag(args, "--model").as_deref())?;
    let mut series = load(&data, &meta)?;
    if let Some(k) = flag(args, "--holdback") {
        let k: usize = k
            .parse()
            .map_err(|_| CliError(format!("--holdback: `{k}` is not a whole number")))?;
        series = holdback(series, k);
    }
    if args.iter().any(|a| a == "--global") {
        let weight = match flag(args, "--weight") {
            Some(w) => w
                .parse::<f64>()
                .ok()
                .filter(|w| (0.0..=1.0).contains(w))
                .ok_or_else(|| CliError(format!("--weight: `{w}` is not a number in 0–1")))?,
            None => forecast::cross::WEIGHT,
        };
        for (name, r) in evaluate_global(&series, &opts, weight) {
            println!(
                "{name:<10} sMAPE {:.3} MASE {:.4} cover80 {:.1} cover95 {:.1} MSIS {:.3} series {} seconds {:.3}",
                r.smape,
                r.mase,
                100.0 * r.coverage80,
                100.0 * r.coverage95,
                r.msis,
                r.n_smape,
                r.seconds
            );
        }
        return Ok(());
    }
    let res = match flag(args, "--accept") {
        Some(which) => {
            if args.iter().any(|a| a == "--hierarchy") {
                return Err(CliError(
                    "--accept cannot be combined with --hierarchy".into(),
                ));
            }
            let which = super::forecast_accept::Accept::parse(&which)?;
            let k = match flag(args, "--k") {
                Some(k) => k
                    .parse::<f64>()
                    .ok()
                    .filter(|k| k.is_finite() && *k > 0.0)
                    .ok_or_else(|| CliError(format!("--k: `{k}` is not a positive number")))?,
                None => 3.0,
            };
            let (cleansed, n) = super::forecast_accept::accept(&series, which, k);
            println!(
                "accepted: {} series, {} spikes, {} dips ({:.1} % of {} months), {} level shifts",
                n.series,
                n.spikes,
                n.dips,
                n.outlier_share(),
                n.months,
                n.shifts
            );
            let histories: Vec<&[f64]> = cleansed.iter().map(|h| h.as_slice()).collect();
            evaluate_from(&series, &histories, &opts)
        }
        None => evaluate(&series, &opts),
    };

    if let Some(out) = flag(args, "--out") {
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(&out).map_err(|e| CliError(format!("{out}: {e}")))?,
        );
        writeln!(w, "series_id,period_index,forecast")?;
        for (s, r) in series.iter().zip(&res.rows) {
            for (j, v) in r.forecast.iter().enumerate() {
                writeln!(w, "{},{},{}", s.id, s.n_train + 1 + j, v)?;
            }
        }
        w.flush()?;
    }

    // Summary: models chosen, per category, then the totals line.
    let mut by_model: HashMap<ModelKind, usize> = HashMap::new();
    for r in &res.rows {
        *by_model.entry(r.model).or_default() += 1;
    }
    let mut models: Vec<_> = by_model.into_iter().collect();
    models.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let list: Vec<String> = models.iter().map(|(m, c)| format!("{m} {c}")).collect();
    println!("models: {}", list.join(", "));
    let mut cats: Vec<String> = series.iter().map(|s| s.category.clone()).collect();
    cats.sort();
    cats.dedup();
    if cats.len() > 1 {
        for c in &cats {
            let (mut s, mut m, mut k, mut km) = (0.0, 0.0, 0usize, 0usize);
            for (se, r) in series.iter().zip(&res.rows) {
                if &se.category == c {
                    if let Some(v) = r.smape {
                        s += v;
                        k += 1;
                    }
                    if let Some(v) = r.mase.filter(|v| v.is_finite()) {
                        m += v;
                        km += 1;
                    }
                }
            }
            println!(
                "  {c:<12} series {k:>4}  sMAPE {:>7.3}  MASE {:>6.3}",
                s / k.max(1) as f64,
                m / km.max(1) as f64
            );
        }
    }
    if res.n_mase < res.n_smape {
        println!(
            "note: MASE undefined (zero in-sample scale) for {} series, left out of its mean",
            res.n_smape - res.n_mase
        );
    }
    println!(
        "sMAPE {:.3} MASE {:.4} cover80 {:.1} cover95 {:.1} MSIS {:.3} series {} seconds {:.3}",
        res.smape,
        res.mase,
        100.0 * res.coverage80,
        100.0 * res.coverage95,
        res.msis,
        res.n_smape,
        res.seconds
    );
    if args.iter().any(|a| a == "--hierarchy") {
        let size = match flag(args, "--family-size") {
            Some(v) => Some(
                v.parse::<usize>()
                    .map_err(|_| CliError(format!("--family-size: `{v}` is not a whole number")))?,
            ),
            None => None,
        };
        super::forecast_hier::print(&super::forecast_hier::evaluate(&series, &opts, size));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_split_handles_quotes() {
        assert_eq!(split_csv("a,\"b,c\",d").unwrap(), vec!["a", "b,c", "d"]);
        assert_eq!(split_csv("\"x\"\"y\",").unwrap(), vec!["x\"y", ""]);
        assert!(split_csv("\"open").is_err());
    }
}
