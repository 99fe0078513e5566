//! Calendar months, the planning bucket of every S&OP series.
//!
//! A [`Month`] is a count of months since January of year 0, so month arithmetic is
//! integer addition and ordering is the natural one. It is written and read as
//! `YYYY-MM` (for example `2026-11`), in JSON too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// One calendar month: `year * 12 + (month - 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Month(pub i32);

impl Month {
    /// The month of `year` and `month` (1 = January … 12 = December).
    pub fn new(year: i32, month: u32) -> Self {
        debug_assert!((1..=12).contains(&month));
        Month(year * 12 + month as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 = January … 12 = December.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// This month shifted by `n` months (negative goes back).
    pub fn plus(self, n: i32) -> Self {
        Month(self.0 + n)
    }

    /// Months from `earlier` to `self` (negative if `earlier` is later).
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    /// Number of calendar days in this month (Gregorian), used by DSO/DPO conversions.
    pub fn days(self) -> u32 {
        match self.month() {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ => {
                let y = self.year();
                if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                    29
                } else {
                    28
                }
            }
        }
    }

    /// Short English label, e.g. `Nov 26`, for chart axes.
    pub fn short_label(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{} {:02}",
            NAMES[self.month() as usize - 1],
            self.year().rem_euclid(100)
        )
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// Why a text is not a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthParseError(pub String);

impl fmt::Display for MonthParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a month; write it as YYYY-MM, for example 2026-11",
            self.0
        )
    }
}

impl std::error::Error for MonthParseError {}

impl FromStr for Month {
    type Err = MonthParseError;

    /// Accepts `YYYY-MM`, `YYYY/MM`, `YYYY-M` and `YYYY-MM-DD` (the day is ignored), so
    /// that dates exported by spreadsheets are understood.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let err = || MonthParseError(s.to_string());
        let mut parts = t.split(['-', '/', '.']);
        let y: i32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let m: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        if let Some(d) = parts.next() {
            let d: u32 = d.parse().map_err(|_| err())?;
            if !(1..=31).contains(&d) {
                return Err(err());
            }
        }
        if parts.next().is_some() || !(1..=12).contains(&m) || !(1000..=9999).contains(&y) {
            return Err(err());
        }
        Ok(Month::new(y, m))
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_display() {
        let m = Month::new(2026, 11);
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.plus(2).to_string(), "2027-01");
        assert_eq!(m.plus(-11).to_string(), "2025-12");
        assert_eq!(m.plus(14).since(m), 14);
        assert_eq!(m.short_label(), "Nov 26");
    }

    #[test]
    fn days_in_month() {
        assert_eq!(Month::new(2024, 2).days(), 29);
        assert_eq!(Month::new(2026, 2).days(), 28);
        assert_eq!(Month::new(2000, 2).days(), 29);
        assert_eq!(Month::new(1900, 2).days(), 28);
        assert_eq!(Month::new(2026, 4).days(), 30);
        assert_eq!(Month::new(2026, 12).days(), 31);
    }

    #[test]
    fn parse_accepts_spreadsheet_forms_and_rejects_junk() {
        for s in ["2026-11", "2026/11", "2026-11-01", " 2026-11 ", "2026.11"] {
            assert_eq!(s.parse::<Month>().unwrap(), Month::new(2026, 11), "{s}");
        }
        for s in [
            "2026-13",
            "2026-0",
            "26-11",
            "Nov 2026",
            "",
            "2026-11-40",
            "2026-11-01-02",
        ] {
            assert!(s.parse::<Month>().is_err(), "{s}");
        }
    }

    #[test]
    fn serde_round_trip_as_text() {
        let m = Month::new(2027, 3);
        let j = serde_json::to_string(&m).unwrap();
        assert_eq!(j, "\"2027-03\"");
        assert_eq!(serde_json::from_str::<Month>(&j).unwrap(), m);
        assert!(serde_json::from_str::<Month>("\"2027-3x\"").is_err());
    }
}
