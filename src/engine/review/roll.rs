//! The roll-forward form of the executive review: actuals of the month that ended
//! pasted from a spreadsheet, and the new cycle's id.

use crate::engine::model::{Cycle, SkuHistory};
use crate::engine::month::Month;
use crate::engine::number::{NumberFormat, parse_f64, parse_quantity};

/// Reads a block pasted from a spreadsheet: one line per SKU, its code then its units
/// (tab-, semicolon- or comma-separated; a header line is skipped; codes match `skus`
/// ignoring case; numbers read in format `fmt`). All or nothing: (index in `skus`,
/// units) per line, or every line that is wrong, in words.
pub fn read_actuals(
    text: &str,
    skus: &[&str],
    fmt: NumberFormat,
) -> Result<Vec<(usize, f64)>, Vec<String>> {
    let mut out: Vec<(usize, f64)> = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let sep = if line.contains('\t') {
            '\t'
        } else if line.contains(';') {
            ';'
        } else {
            ','
        };
        let mut fields = line.split(sep).map(str::trim);
        let code = fields.next().unwrap_or_default();
        let value = fields.find(|f| !f.is_empty()).unwrap_or_default();
        let Some(i) = skus.iter().position(|s| s.eq_ignore_ascii_case(code)) else {
            if n == 0 && parse_f64(value, fmt).is_err() {
                continue; // a header line
            }
            bad.push(format!(
                "line {}: '{code}' is not a SKU of this cycle",
                n + 1
            ));
            continue;
        };
        match parse_quantity(value, fmt) {
            Ok(v) => match out.iter().find(|(j, _)| *j == i) {
                Some(_) => bad.push(format!("line {} ({code}): this SKU is there twice", n + 1)),
                None => out.push((i, v)),
            },
            Err(e) => bad.push(format!("line {} ({code}): {e}", n + 1)),
        }
    }
    if !bad.is_empty() {
        Err(bad)
    } else if out.is_empty() {
        Err(vec![
            "no line with a SKU and its units: copy two columns, SKU and units".into(),
        ])
    } else {
        Ok(out)
    }
}

/// The actuals of `month` in an imported file's history, for the SKUs of the form: (index
/// in `skus`, units), or why nothing was filled.
pub fn actuals_in(
    history: &[SkuHistory],
    skus: &[&str],
    month: Month,
) -> Result<Vec<(usize, f64)>, String> {
    let found: Vec<(usize, f64)> = skus
        .iter()
        .enumerate()
        .filter_map(|(i, sku)| {
            history
                .iter()
                .find(|h| h.sku == *sku)
                .and_then(|h| h.get(month))
                .map(|v| (i, v))
        })
        .collect();
    if found.is_empty() {
        Err(format!(
            "The file has no sales history of {month}: nothing was filled."
        ))
    } else {
        Ok(found)
    }
}

/// What the form says after filling `n` of `total` SKUs from a file.
pub fn filled_note(n: usize, total: usize, month: Month) -> String {
    let rest = if n < total {
        "; enter the others in the grid"
    } else {
        ""
    };
    format!("Filled {n} of {total} SKU(s) with the file's sales of {month}{rest}.")
}

/// A cycle id not used by `cycles` yet: `cycle-{label}`, else `cycle-{label}-2`, `-3`…
pub fn free_cycle_id(cycles: &[Cycle], label: Month) -> String {
    let taken = |id: &str| cycles.iter().any(|c| c.id == id);
    let base = format!("cycle-{label}");
    let mut id = base.clone();
    let mut k = 2;
    while taken(&id) {
        id = format!("{base}-{k}");
        k += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKUS: [&str; 3] = ["KB-16", "KB-20", "TR-1"];

    #[test]
    fn a_pasted_block_with_a_header_and_any_separator() {
        let block = "SKU\tUnits\nkb-16\t1,234\nKB-20;17\nTR-1, 0\n\n";
        assert_eq!(
            read_actuals(block, &SKUS, NumberFormat::default()),
            Ok(vec![(0, 1234.0), (1, 17.0), (2, 0.0)])
        );
        // A European spreadsheet: decimal comma, semicolons.
        let eu = "KB-16;1.234,5\nKB-20;2,5";
        assert_eq!(
            read_actuals(eu, &SKUS, NumberFormat::COMMA),
            Ok(vec![(0, 1234.5), (1, 2.5)])
        );
    }

    #[test]
    fn every_wrong_line_is_named_and_nothing_is_taken() {
        let block = "KB-16\t10\nXX-9\t5\nKB-20\t-3\nKB-16\t11\nTR-1\tlots";
        let e = read_actuals(block, &SKUS, NumberFormat::default()).unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].starts_with("line 2: 'XX-9' is not a SKU"), "{e:?}");
        assert!(e[1].contains("line 3 (KB-20): -3 is negative"), "{e:?}");
        assert!(
            e[2].contains("line 4 (KB-16): this SKU is there twice"),
            "{e:?}"
        );
        assert!(e[3].starts_with("line 5 (TR-1)"), "{e:?}");
        assert!(read_actuals("\n \n", &SKUS, NumberFormat::default()).is_err());
    }

    #[test]
    fn a_files_actuals_fill_the_skus_it_has() {
        let nov = Month::new(2026, 11);
        let h = |sku: &str, start: Month, units: Vec<f64>| SkuHistory {
            sku: sku.into(),
            start,
            units,
        };
        // KB-16 has November, KB-20's history ends in October, TR-1 is not in the file.
        let file = [
            h("KB-16", Month::new(2026, 9), vec![5.0, 6.0, 7.0]),
            h("KB-20", Month::new(2026, 9), vec![1.0, 2.0]),
            h("ZZ-1", Month::new(2026, 11), vec![9.0]),
        ];
        assert_eq!(actuals_in(&file, &SKUS, nov), Ok(vec![(0, 7.0)]));
        assert_eq!(
            filled_note(1, 3, nov),
            "Filled 1 of 3 SKU(s) with the file's sales of 2026-11; enter the others in the grid."
        );
        assert_eq!(
            filled_note(3, 3, nov),
            "Filled 3 of 3 SKU(s) with the file's sales of 2026-11."
        );
        assert_eq!(
            actuals_in(&file[1..2], &SKUS, nov),
            Err("The file has no sales history of 2026-11: nothing was filled.".into())
        );
    }

    #[test]
    fn the_new_cycle_id_is_free() {
        let mut c = crate::engine::demo::demo_workspace().cycles.remove(0);
        let label = Month::new(2027, 3);
        assert_eq!(free_cycle_id(&[], label), "cycle-2027-03");
        c.id = "cycle-2027-03".into();
        let mut d = c.clone();
        d.id = "cycle-2027-03-2".into();
        assert_eq!(free_cycle_id(&[c, d], label), "cycle-2027-03-3");
    }
}
