//! A grid of cells read from a CSV file or an XLSX sheet, with the row numbers the
//! spreadsheet user sees (header = row 1). Blank rows are skipped; cells are trimmed.

use super::ImportError;
use super::months::month_from_serial;
use super::number::decimal_comma_evidence;
use super::text::{Encoding, decode, sniff_delimiter};
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use calamine::{DataRef, Reader, Xlsx};
use std::fmt;
use std::io::Cursor;

/// Where rows come from: a file, and the sheet for workbooks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Source {
    pub file: String,
    pub sheet: Option<String>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(s) => write!(f, "{}, sheet '{}'", self.file, s),
            None => f.write_str(&self.file),
        }
    }
}

/// A cell's content.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    /// A cell formatted as a date (XLSX), reduced to its month.
    Date(Month),
    Bool(bool),
    /// A spreadsheet error value such as `#N/A`.
    Error(&'a str),
}

impl CellRef<'_> {
    pub fn is_empty(&self) -> bool {
        matches!(self, CellRef::Empty)
    }

    /// The cell as the user sees it, for messages.
    pub fn shown(&self) -> String {
        match self {
            CellRef::Empty => String::new(),
            CellRef::Text(s) | CellRef::Error(s) => {
                if s.chars().count() > 40 {
                    let cut: String = s.chars().take(40).collect();
                    format!("{cut}…")
                } else {
                    s.to_string()
                }
            }
            CellRef::Number(x) => format!("{x}"),
            CellRef::Date(m) => m.to_string(),
            CellRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

#[derive(Clone, Debug)]
enum XCell {
    Text(String),
    Number(f64),
    Date(Month),
    Bool(bool),
    Error(String),
}

#[derive(Debug)]
enum Grid {
    Csv(Vec<csv::StringRecord>),
    /// Cells sorted by (row, column), with their column.
    Xlsx(Vec<(u32, XCell)>),
}

#[derive(Clone, Copy, Debug)]
struct RowSpan {
    number: u32,
    /// CSV: index of the record; XLSX: range of cells.
    start: usize,
    end: usize,
}

/// The non-blank rows of one CSV file or XLSX sheet.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub source: Source,
    pub style: NumberFormat,
    /// How a CSV file was read (separator, encoding), for the summary.
    pub read_as: Option<String>,
    rows: Vec<RowSpan>,
    grid: Grid,
}

/// Cells a workbook may hold before it is refused as too large (about 1 GB in memory).
const MAX_CELLS: usize = 10_000_000;

impl Sheet {
    /// Number of non-blank rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Row number as the spreadsheet shows it (1-based, header included).
    pub fn row_number(&self, i: usize) -> u32 {
        self.rows[i].number
    }

    /// The cell of row `i` (non-blank row index) in column `col` (0-based).
    pub fn cell(&self, i: usize, col: u32) -> CellRef<'_> {
        let r = self.rows[i];
        match &self.grid {
            Grid::Csv(recs) => match recs[r.start].get(col as usize) {
                Some(s) => csv_cell(s),
                None => CellRef::Empty,
            },
            Grid::Xlsx(cells) => {
                let row = &cells[r.start..r.end];
                match row.binary_search_by_key(&col, |(c, _)| *c) {
                    Ok(k) => xcell_ref(&row[k].1),
                    Err(_) => CellRef::Empty,
                }
            }
        }
    }

    /// The non-empty cells of row `i` with their column.
    pub fn cells(&self, i: usize) -> Vec<(u32, CellRef<'_>)> {
        let r = self.rows[i];
        match &self.grid {
            Grid::Csv(recs) => recs[r.start]
                .iter()
                .enumerate()
                .map(|(c, s)| (c as u32, csv_cell(s)))
                .filter(|(_, c)| !c.is_empty())
                .collect(),
            Grid::Xlsx(cells) => cells[r.start..r.end]
                .iter()
                .map(|(c, x)| (*c, xcell_ref(x)))
                .filter(|(_, c)| !c.is_empty())
                .collect(),
        }
    }
}

/// A CSV cell: like [`text_cell`], but text the export guarded against formula
/// injection (`'=1+1`, see `export::Cell::to_text`) is read back as typed (`=1+1`).
fn csv_cell(s: &str) -> CellRef<'_> {
    match s.trim().strip_prefix('\'') {
        Some(rest) if rest.starts_with(crate::store::export::FORMULA_STARTS) => CellRef::Text(rest),
        _ => text_cell(s),
    }
}

fn text_cell(s: &str) -> CellRef<'_> {
    let t = s.trim();
    if t.is_empty() {
        CellRef::Empty
    } else if t.starts_with('#') && is_error_value(t) {
        CellRef::Error(t)
    } else {
        CellRef::Text(t)
    }
}

fn is_error_value(t: &str) -> bool {
    matches!(
        t,
        "#N/A" | "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#NUM!" | "#NULL!" | "#SPILL!"
    )
}

fn xcell_ref(x: &XCell) -> CellRef<'_> {
    match x {
        XCell::Text(s) => text_cell(s),
        XCell::Number(n) => CellRef::Number(*n),
        XCell::Date(m) => CellRef::Date(*m),
        XCell::Bool(b) => CellRef::Bool(*b),
        XCell::Error(e) => CellRef::Error(e),
    }
}

/// Appended to the text before reading: a quote still open at the end of the file
/// swallows it into a cell, which is how an unclosed quote is found.
const END_MARK: &str = "\u{FFFF}";

/// Reads a CSV (or tab-separated) file: any encoding [`decode`] knows, the separator
/// sniffed, quotes and embedded line breaks handled. Broken quoting is refused where
/// the quote opened: a quote never closed, or one closed only after whole rows were
/// read into its cell.
pub(crate) fn read_csv(file: &str, bytes: &[u8]) -> Result<Sheet, ImportError> {
    let (text, encoding) = decode(bytes);
    // Old Mac line ends (CR only) to LF, so line numbers count.
    let mut text = if text.contains('\r') && !text.contains('\n') {
        text.replace('\r', "\n")
    } else {
        text.into_owned()
    };
    let delimiter = sniff_delimiter(&text);
    text.push('\n');
    text.push_str(END_MARK);
    let source = Source {
        file: file.to_string(),
        sheet: None,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records: Vec<csv::StringRecord> = Vec::new();
    let mut rows = Vec::new();
    let mut embedded = 0u64;
    let mut comma = 0usize;
    let mut dot = 0usize;
    // Most cells in a one-line record so far: a line inside a quoted cell with as many
    // is a row swallowed by a stray quote.
    let mut width = 0usize;
    let mut record = csv::StringRecord::new();
    // Reading from a valid UTF-8 string cannot fail; stop at any error regardless.
    while let Ok(true) = reader.read_record(&mut record) {
        // The position is where reading started: skip the blank lines before the record.
        let (mut line, byte) = record
            .position()
            .map_or((0, 0), |p| (p.line(), p.byte() as usize));
        if record.len() == 1 && &record[0] == END_MARK {
            break; // the end mark on its own line
        }
        line += text.as_bytes()[byte.min(text.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .filter(|b| **b == b'\n')
            .count() as u64;
        let number = line.saturating_sub(embedded).min(u32::MAX as u64) as u32;
        if let Some(problem) = quote_problem(&record, delimiter, width) {
            let (k, message) = problem;
            let column = column_name(records.first(), k);
            return Err(ImportError::at(
                &source,
                Some(number),
                Some(column),
                message,
            ));
        }
        let lines: u64 = record
            .iter()
            .map(|f| f.bytes().filter(|b| *b == b'\n').count() as u64)
            .sum();
        embedded += lines;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if lines == 0 {
            width = width.max(record.len());
        }
        for f in record.iter() {
            match decimal_comma_evidence(f) {
                Some(true) => comma += 1,
                Some(false) => dot += 1,
                None => {}
            }
        }
        rows.push(RowSpan {
            number,
            start: records.len(),
            end: records.len() + 1,
        });
        records.push(std::mem::take(&mut record));
    }
    let style = NumberFormat {
        decimal_comma: comma > dot || (comma == dot && delimiter == b';'),
    };
    let sep = match delimiter {
        b'\t' => "tab",
        b';' => "semicolon",
        _ => "comma",
    };
    let enc = match encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf16 => "UTF-16",
        Encoding::Windows1252 => "Windows-1252",
    };
    let dec = if style.decimal_comma {
        "decimal comma"
    } else {
        "decimal point"
    };
    Ok(Sheet {
        source,
        style,
        read_as: Some(format!("{sep}-separated, {enc}, {dec}")),
        rows,
        grid: Grid::Csv(records),
    })
}

/// A cell of `record` whose quote is broken, with the message: the quote runs to the
/// end of the file (it swallowed [`END_MARK`]), or its cell holds a line that is a
/// whole row by itself (at least `width` cells, the most a one-line row had so far).
fn quote_problem(
    record: &csv::StringRecord,
    delimiter: u8,
    width: usize,
) -> Option<(usize, String)> {
    for (k, f) in record.iter().enumerate() {
        if let Some(body) = f.strip_suffix(END_MARK) {
            let swallowed = body.trim_end().contains('\n');
            return Some((
                k,
                if swallowed {
                    "a quote opens here and is never closed; the rest of the file was read \
                     into this cell"
                        .into()
                } else {
                    "a quote opens here and is never closed".into()
                },
            ));
        }
        if width < 2 || !f.contains('\n') {
            continue;
        }
        let lines: Vec<&str> = f.split('\n').collect();
        let whole_rows = lines[1..]
            .iter()
            .filter(|l| cells_in_line(l, delimiter) >= width)
            .count();
        if whole_rows > 0 {
            return Some((
                k,
                format!(
                    "a quote opens here and is closed only {} lines further down; {whole_rows} \
                     row(s) in between were read into this cell (a stray quote?)",
                    lines.len() - 1
                ),
            ));
        }
    }
    None
}

/// Cells in one line of text read as a CSV row.
fn cells_in_line(line: &str, delimiter: u8) -> usize {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    let mut rec = csv::StringRecord::new();
    match r.read_record(&mut rec) {
        Ok(true) => rec.len(),
        _ => 0,
    }
}

/// The name of column `k`: the first row's text there (the header), else its letter.
fn column_name(first: Option<&csv::StringRecord>, k: usize) -> String {
    match first.and_then(|r| r.get(k)).map(str::trim) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => column_letter(k),
    }
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
fn column_letter(mut k: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (k % 26) as u8);
        if k < 26 {
            break;
        }
        k = k / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

impl Sheet {
    /// CSV rows below the header row `header` (non-blank index) whose cell count differs
    /// from the header's: fewer cells, or more with text in the extra ones (extra empty
    /// cells, as spreadsheets write them, are fine). Empty for workbooks.
    pub fn shape_problems(&self, header: usize) -> Vec<ImportError> {
        let Grid::Csv(recs) = &self.grid else {
            return Vec::new();
        };
        let Some(head) = self.rows.get(header).map(|r| &recs[r.start]) else {
            return Vec::new();
        };
        let width = (0..head.len())
            .rev()
            .find(|k| !head[*k].trim().is_empty())
            .map_or(0, |k| k + 1);
        let mut out = Vec::new();
        for r in &self.rows[header + 1..] {
            let rec = &recs[r.start];
            let n = rec.len();
            if n < width {
                let missing: Vec<String> = (n..width)
                    .map(|k| format!("'{}'", column_name(Some(head), k)))
                    .collect();
                out.push(ImportError::at(
                    &self.source,
                    Some(r.number),
                    Some(column_name(Some(head), n)),
                    format!(
                        "the row has {n} cell(s) but the header has {width} columns ({} \
                         missing); a stray quote or a missing separator?",
                        missing.join(", ")
                    ),
                ));
            } else if let Some(k) = (width..n).find(|k| !rec[*k].trim().is_empty()) {
                out.push(ImportError::at(
                    &self.source,
                    Some(r.number),
                    Some(column_letter(k)),
                    format!(
                        "the row has text in column {} but the header has only {width} \
                         columns; a separator inside a value? Put such values in quotes",
                        column_letter(k)
                    ),
                ));
            }
        }
        out
    }
}

/// Reads every worksheet of an XLSX workbook, or says why it cannot.
pub(crate) fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut sheets = Vec::new();
    let mut total = 0usize;
    for name in wb.sheet_names() {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(format!("sheet '{name}': {e}")),
        };
        let mut cells: Vec<(u32, u32, XCell)> = Vec::new();
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(format!("sheet '{name}': {e}")),
            };
            let (row, col) = cell.get_position();
            let x = match cell.get_value() {
                DataRef::Empty => continue,
                DataRef::Int(i) => XCell::Number(*i as f64),
                DataRef::Float(f) => XCell::Number(*f),
                DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                    XCell::Text(s.clone())
                }
                DataRef::SharedString(s) => XCell::Text((*s).to_string()),
                DataRef::Bool(b) => XCell::Bool(*b),
                DataRef::DateTime(dt) => {
                    let (y, m, ..) = dt.to_ymd_hms_milli();
                    if dt.is_datetime() && (1..=12).contains(&m) && y >= 1000 {
                        XCell::Date(Month::new(y as i32, m as u32))
                    } else {
                        XCell::Number(dt.as_f64())
                    }
                }
                DataRef::Error(e) => XCell::Error(e.to_string()),
            };
            total += 1;
            if total > MAX_CELLS {
                return Err(format!(
                    "the workbook has more than {MAX_CELLS} cells; export only the tables \
                     to import"
                ));
            }
            cells.push((row, col, x));
        }
        if !cells.is_sorted_by_key(|(r, c, _)| (*r, *c)) {
            cells.sort_by_key(|(r, c, _)| (*r, *c));
        }
        let mut rows = Vec::new();
        let mut flat = Vec::with_capacity(cells.len());
        let mut k = 0;
        while k < cells.len() {
            let row = cells[k].0;
            let start = flat.len();
            let mut any = false;
            while k < cells.len() && cells[k].0 == row {
                let (_, col, x) = std::mem::replace(&mut cells[k], (0, 0, XCell::Bool(false)));
                // Duplicate positions (malformed files): keep the first.
                if flat.len() == start || flat.last().is_some_and(|(c, _)| *c != col) {
                    any |= !xcell_ref(&x).is_empty();
                    flat.push((col, x));
                }
                k += 1;
            }
            if any {
                rows.push(RowSpan {
                    number: row.saturating_add(1),
                    start,
                    end: flat.len(),
                });
            } else {
                flat.truncate(start);
            }
        }
        sheets.push(Sheet {
            source: Source {
                file: file.to_string(),
                sheet: Some(name),
            },
            style: NumberFormat::default(),
            read_as: None,
            rows,
            grid: Grid::Xlsx(flat),
        });
    }
    Ok(sheets)
}

/// A month header or cell: text, a date cell, `YYYYMM` or an Excel serial number.
pub(crate) fn cell_month(cell: CellRef<'_>) -> Option<Month> {
    match cell {
        CellRef::Date(m) => Some(m),
        CellRef::Text(t) => super::months::parse_month(t).ok(),
        CellRef::Number(x) => number_month(x),
        _ => None,
    }
}

/// `202611` or an Excel date serial.
pub(crate) fn number_month(x: f64) -> Option<Month> {
    if x.fract() != 0.0 {
        return None;
    }
    if (100_001.0..=999_912.0).contains(&x) {
        let (y, m) = ((x / 100.0).floor() as i32, (x % 100.0) as u32);
        return (1..=12).contains(&m).then(|| Month::new(y, m));
    }
    if (10_000.0..=110_000.0).contains(&x) {
        return month_from_serial(x);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_numbered_as_the_spreadsheet_shows_them() {
        let s = read_csv(
            "t.csv",
            b"sku;name\n\nA;\"two\nlines\"\n;\nB;x\n\"C\";\"q\"\"uote\"\n",
        )
        .unwrap();
        assert_eq!(s.len(), 4);
        let numbers: Vec<u32> = (0..s.len()).map(|i| s.row_number(i)).collect();
        assert_eq!(numbers, vec![1, 3, 5, 6]);
        assert_eq!(s.cell(1, 1), CellRef::Text("two\nlines"));
        assert_eq!(s.cell(3, 1), CellRef::Text("q\"uote"));
        assert_eq!(s.cell(3, 7), CellRef::Empty);
        assert!(
            s.style.decimal_comma,
            "semicolon files default to decimal comma"
        );
    }

    #[test]
    fn numeric_months() {
        assert_eq!(number_month(202611.0), Some(Month::new(2026, 11)));
        assert_eq!(number_month(46327.0), Some(Month::new(2026, 11)));
        assert_eq!(number_month(202613.0), None);
        assert_eq!(number_month(12.0), None);
    }
}
