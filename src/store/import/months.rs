//! Months as spreadsheets write them: `2026-11`, `2026/11`, `11/2026`, `Nov 2026`,
//! `November 2026`, `Nov-26`, `2026-11-01`, `01.11.2026`, `202611`, date-time text, and
//! Excel date serials.

use crate::engine::month::Month;

/// Why a text is not a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MonthProblem {
    NotAMonth,
    /// `05/06/2026`: day and month cannot be told apart.
    Ambiguous,
}

/// Month names and abbreviations (English, German, French, Dutch, Spanish), normalized
/// to lower case without dots.
const NAMES: &[(&str, u32)] = &[
    ("jan", 1),
    ("january", 1),
    ("januar", 1),
    ("janv", 1),
    ("janvier", 1),
    ("januari", 1),
    ("ene", 1),
    ("enero", 1),
    ("feb", 2),
    ("february", 2),
    ("februar", 2),
    ("févr", 2),
    ("fevr", 2),
    ("février", 2),
    ("februari", 2),
    ("febrero", 2),
    ("mar", 3),
    ("march", 3),
    ("mär", 3),
    ("mrz", 3),
    ("märz", 3),
    ("mars", 3),
    ("mrt", 3),
    ("maart", 3),
    ("marzo", 3),
    ("apr", 4),
    ("april", 4),
    ("avr", 4),
    ("avril", 4),
    ("abr", 4),
    ("abril", 4),
    ("may", 5),
    ("mai", 5),
    ("mei", 5),
    ("mayo", 5),
    ("jun", 6),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("jul", 7),
    ("july", 7),
    ("juli", 7),
    ("juil", 7),
    ("juillet", 7),
    ("julio", 7),
    ("aug", 8),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("augustus", 8),
    ("ago", 8),
    ("agosto", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("oct", 10),
    ("october", 10),
    ("okt", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("nov", 11),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("dec", 12),
    ("december", 12),
    ("dez", 12),
    ("dezember", 12),
    ("déc", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dic", 12),
    ("diciembre", 12),
];

fn month_name(s: &str) -> Option<u32> {
    let lower = s.trim_end_matches('.').to_lowercase();
    NAMES.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

fn ym(y: i64, m: i64) -> Option<Month> {
    ((1000..=9999).contains(&y) && (1..=12).contains(&m)).then(|| Month::new(y as i32, m as u32))
}

/// A month written as text.
pub(crate) fn parse_month(raw: &str) -> Result<Month, MonthProblem> {
    let s = raw.trim();
    let bad = Err(MonthProblem::NotAMonth);
    // Fast path: YYYY-MM
    let b = s.as_bytes();
    if b.len() == 7 && b[4] == b'-' {
        let y = s[..4].parse::<i64>().ok();
        let m = s[5..].parse::<i64>().ok();
        if let (Some(y), Some(m)) = (y, m)
            && let Some(month) = ym(y, m)
        {
            return Ok(month);
        }
    }
    // Drop a time of day: `2026-11-01 00:00:00`, `2026-11-01T00:00:00Z`.
    let s = match s.find(['T', ' ']) {
        Some(i) if s[i + 1..].contains(':') && s[..i].bytes().any(|c| c.is_ascii_digit()) => {
            s[..i].trim_end()
        }
        _ => s,
    };
    if s.is_empty() || s.len() > 40 {
        return bad;
    }
    // Digits only: YYYYMM or YYYYMMDD.
    if s.bytes().all(|c| c.is_ascii_digit()) {
        return match s.len() {
            6 | 8 => ym(s[..4].parse().unwrap_or(0), s[4..6].parse().unwrap_or(0))
                .ok_or(MonthProblem::NotAMonth),
            _ => bad,
        };
    }
    let dotted = s.contains('.') && !s.contains(['/', '-']);
    let tokens: Vec<&str> = s
        .split(|c: char| matches!(c, '-' | '/' | '.' | ',' | '_') || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() < 2 || tokens.len() > 3 {
        return bad;
    }
    let num = |t: &str| -> Option<i64> {
        (t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    // With a month name: `Nov 2026`, `November 2026`, `Nov-26`, `1 Nov 2026`, `Nov 1, 2026`.
    if let Some((pos, m)) = tokens
        .iter()
        .enumerate()
        .find_map(|(i, t)| month_name(t).map(|m| (i, m)))
    {
        let others: Vec<&str> = tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != pos)
            .map(|(_, t)| *t)
            .collect();
        let year = match others.as_slice() {
            [y] if y.len() == 4 => num(y),
            [y] if y.len() == 2 => num(y).map(|y| 2000 + y),
            [a, b] => {
                let (d, y) = if a.len() == 4 { (b, a) } else { (a, b) };
                match (num(d), num(y)) {
                    (Some(d), Some(y)) if (1..=31).contains(&d) && y >= 1000 => Some(y),
                    _ => None,
                }
            }
            _ => None,
        };
        return year
            .and_then(|y| ym(y, m as i64))
            .ok_or(MonthProblem::NotAMonth);
    }
    let n: Vec<i64> = match tokens.iter().map(|t| num(t)).collect::<Option<Vec<_>>>() {
        Some(n) => n,
        None => return bad,
    };
    let four = |i: usize| tokens[i].len() == 4;
    let month = match n.as_slice() {
        [a, b] if four(0) => ym(*a, *b),
        [a, b] if four(1) => ym(*b, *a),
        [y, m, d] if four(0) => (1..=31).contains(d).then(|| ym(*y, *m)).flatten(),
        [a, b, y] if four(2) => {
            let (a, b) = (*a, *b);
            if !(1..=31).contains(&a) || !(1..=31).contains(&b) {
                None
            } else if dotted || a > 12 {
                // 01.11.2026 (European) or 25/11/2026: day first.
                ym(*y, b)
            } else if b > 12 || a == b {
                ym(*y, a)
            } else if a == 1 {
                // Monthly buckets are dated on the 1st: 01/11/2026 is November.
                ym(*y, b)
            } else if b == 1 {
                ym(*y, a)
            } else {
                return Err(MonthProblem::Ambiguous);
            }
        }
        _ => None,
    };
    month.ok_or(MonthProblem::NotAMonth)
}

/// The month of an Excel date serial (days since 1899-12-30), if it is a plausible date
/// (1900–2199).
pub(crate) fn month_from_serial(serial: f64) -> Option<Month> {
    if !(1.0..=110_000.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569; // days since 1970-01-01
    let (y, m, _) = civil_from_days(days);
    ym(y, m)
}

/// The Excel serial of the first day of `month`.
pub(crate) fn serial_of(month: Month) -> f64 {
    (days_from_civil(month.year() as i64, month.month() as i64, 1) + 25_569) as f64
}

/// Howard Hinnant's civil-from-days: days since 1970-01-01 → (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_months() {
        let nov = Month::new(2026, 11);
        for s in [
            "2026-11",
            "2026/11",
            "2026.11",
            "11/2026",
            "11-2026",
            "Nov 2026",
            "nov. 2026",
            "November 2026",
            "Nov-26",
            "2026-11-01",
            "2026-11-30",
            "01.11.2026",
            "30.11.2026",
            "01/11/2026",
            "11/01/2026",
            "11/30/2026",
            "30/11/2026",
            "202611",
            "20261101",
            "2026-11-01 00:00:00",
            "2026-11-01T00:00:00Z",
            "1 Nov 2026",
            "Nov 1, 2026",
            "Okt 2026".replace("Okt", "Nov").as_str(),
            "novembre 2026",
            " 2026-11 ",
        ] {
            assert_eq!(parse_month(s), Ok(nov), "{s}");
        }
        assert_eq!(parse_month("Mär 2027"), Ok(Month::new(2027, 3)));
        assert_eq!(parse_month("Dez 2026"), Ok(Month::new(2026, 12)));
        assert_eq!(parse_month("05/06/2026"), Err(MonthProblem::Ambiguous));
        for s in [
            "",
            "2026-13",
            "13/2026",
            "Nov",
            "Foo 2026",
            "2026",
            "26-11",
            "x",
            "2026-11-45",
            "1/2/3/4",
            "Nov 20266",
        ] {
            assert_eq!(parse_month(s), Err(MonthProblem::NotAMonth), "{s}");
        }
    }

    #[test]
    fn serials() {
        // 46327 = 2026-11-01 in Excel.
        assert_eq!(month_from_serial(46327.0), Some(Month::new(2026, 11)));
        assert_eq!(month_from_serial(46326.0), Some(Month::new(2026, 10)));
        assert_eq!(serial_of(Month::new(2026, 11)), 46327.0);
        assert_eq!(month_from_serial(0.5), None);
        for m in [
            Month::new(1900, 3),
            Month::new(2000, 2),
            Month::new(2199, 12),
        ] {
            assert_eq!(month_from_serial(serial_of(m)), Some(m));
        }
    }
}
