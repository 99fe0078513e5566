//! What a spreadsheet says about its numbers: the per-file evidence for a decimal comma,
//! and a number cell's exact decimal. Text cells are read by [`crate::engine::number`].

use rust_decimal::Decimal;

/// Evidence one cell gives about the decimal separator: `Some(true)` for a decimal
/// comma (`12,5`, `1.234,56`), `Some(false)` for a decimal point, `None` if it cannot
/// tell or is not a number.
pub(crate) fn decimal_comma_evidence(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let mut commas = 0;
    let mut dots = 0;
    let mut last = None;
    let mut digits_after_last = 0;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => digits_after_last += 1,
            b',' => {
                commas += 1;
                last = Some(true);
                digits_after_last = 0;
            }
            b'.' => {
                dots += 1;
                last = Some(false);
                digits_after_last = 0;
            }
            b'-' | b'+' | b' ' | b'%' | b'\'' => {}
            _ if b >= 0x80 => {}
            _ => return None,
        }
    }
    match (commas, dots) {
        (0, 0) => None,
        (c, d) if c > 0 && d > 0 => last,
        (1, 0) if digits_after_last != 3 => Some(true),
        (0, 1) if digits_after_last != 3 => Some(false),
        _ => None,
    }
}

/// The decimal a spreadsheet's number cell means: rounded to 15 significant digits,
/// Excel's own precision, so that formula noise (`2959.0000000000005`) goes away and
/// typed amounts (`1234567.8912`) are exact.
pub(crate) fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{x:.14e}"))
        .ok()
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_cells_are_read_to_fifteen_digits() {
        assert_eq!(
            decimal_from_f64(1234567.8912).unwrap().to_string(),
            "1234567.8912"
        );
        assert_eq!(decimal_from_f64(0.1).unwrap().to_string(), "0.1");
        assert_eq!(
            decimal_from_f64(2959.0000000000005).unwrap().to_string(),
            "2959"
        );
        assert_eq!(decimal_from_f64(-0.07).unwrap().to_string(), "-0.07");
        assert_eq!(
            decimal_from_f64(1e20).unwrap().to_string(),
            "100000000000000000000"
        );
        assert_eq!(
            decimal_from_f64(123456789012345.6).unwrap().to_string(),
            "123456789012346"
        );
    }

    #[test]
    fn evidence() {
        assert_eq!(decimal_comma_evidence("12,5"), Some(true));
        assert_eq!(decimal_comma_evidence("1.234,56"), Some(true));
        assert_eq!(decimal_comma_evidence("12.5"), Some(false));
        assert_eq!(decimal_comma_evidence("1,234.5"), Some(false));
        assert_eq!(decimal_comma_evidence("1,234"), None);
        assert_eq!(decimal_comma_evidence("EB-1"), None);
        assert_eq!(decimal_comma_evidence("150"), None);
    }
}
