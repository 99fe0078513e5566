//! Export of a cycle's data: CSV per table in the import schema (re-importable as is)
//! and an XLSX workbook with a sheet per table.
//!
//! Everything goes through [`Sheet`], a named table of typed [`Cell`]s: adding a sheet
//! to a workbook (the plan's outputs, say) is building one `Sheet` and passing it to
//! [`to_xlsx`] with the others.

mod plan;

pub use plan::plan_sheets;

use super::StoreError;
use super::import::months::serial_of;
use super::import::schema::{Layout, Table, schema};
use super::import::tables;
use crate::engine::model::*;
use crate::engine::month::Month;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook};

/// A value of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A quantity (shortest text that reads back as the same `f64`).
    Number(f64),
    Int(i64),
    /// Money, exact in CSV; a number with two decimals shown in XLSX.
    Money(Decimal),
    /// A fraction (0.95), shown as a percentage in XLSX.
    Percent(f64),
    /// `2026-11` in CSV; a date cell formatted `yyyy-mm` in XLSX.
    Month(Month),
}

impl Cell {
    /// The cell as CSV text. Text a spreadsheet would run as a formula (starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, as OWASP advises
    /// against CSV injection; the importer drops it again. Numbers (negative money
    /// included) stay plain numbers.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) if s.starts_with(FORMULA_STARTS) => format!("'{s}"),
            other => other.plain_text(),
        }
    }

    /// The cell's text as typed, without the formula guard of [`Cell::to_text`].
    pub fn plain_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(x) | Cell::Percent(x) => format!("{x}"),
            Cell::Int(i) => i.to_string(),
            Cell::Money(d) => d.to_string(),
            Cell::Month(m) => m.to_string(),
        }
    }
}

/// First characters that make a spreadsheet read a CSV cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// A named table: a CSV file or a workbook sheet.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Sheet {
    /// Sheet name (at most 31 characters in XLSX) and CSV file stem.
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: impl Into<String>, columns: &[&str]) -> Self {
        Sheet {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}

/// A text cell.
pub(crate) fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// One table of a cycle in the import schema (same columns, same order).
pub fn sheet(cycle: &Cycle, table: Table) -> Sheet {
    let s = table.schema();
    let mut out = if s.layout == Layout::KeyValue {
        Sheet::new(
            s.name,
            &[
                super::import::schema::KEY_HEADER,
                super::import::schema::VALUE_HEADER,
            ],
        )
    } else {
        let cols: Vec<&str> = s.columns.iter().map(|c| c.name).collect();
        Sheet::new(s.name, &cols)
    };
    let rows = &mut out.rows;
    match table {
        Table::Families => tables::families::write(cycle, rows),
        Table::Products => tables::products::write(cycle, rows),
        Table::Resources => tables::resources::write(cycle, rows),
        Table::Calendar => tables::calendar::write(cycle, rows),
        Table::Routings => tables::routings::write(cycle, rows),
        Table::Components => tables::components::write(cycle, rows),
        Table::Bom => tables::bom::write(cycle, rows),
        Table::History => tables::history::write(cycle, rows),
        Table::Pipeline => tables::pipeline::write(cycle, rows),
        Table::Budget => tables::budget::write(cycle, rows),
        Table::Finance => tables::finance::write(cycle, rows),
        Table::Workforce => tables::workforce::write(cycle, rows),
        Table::Costs => tables::costs::write(cycle, rows),
        Table::FamilyCosts => tables::family_costs::write(cycle, rows),
        Table::HistoryDecisions => tables::history_decisions::write(cycle, rows),
    }
    out
}

/// The strategy and cover-months cells of a family or product.
pub(crate) fn strategy_cells(s: Option<Strategy>) -> (Cell, Cell) {
    match s {
        None => (Cell::Empty, Cell::Empty),
        Some(Strategy::Chase) => ("chase".into(), Cell::Empty),
        Some(Strategy::Level) => ("level".into(), Cell::Empty),
        Some(Strategy::Manual) => ("manual".into(), Cell::Empty),
        Some(Strategy::TargetCover { months }) => ("target_cover".into(), Cell::Number(months)),
    }
}

/// Every table of a cycle, in [`Table::ALL`] order.
pub fn sheets(cycle: &Cycle) -> Vec<Sheet> {
    Table::ALL.iter().map(|t| sheet(cycle, *t)).collect()
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// Rows of text as CSV, written as typed (no formula guard): a table edited in the Data
/// view, on its way through the importer.
pub fn csv_of_texts(columns: &[String], rows: &[Vec<String>]) -> String {
    let mut w = csv_writer();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(columns);
    for row in rows {
        let _ = w.write_record(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A sheet as CSV: comma-separated, `\n` line ends, quotes where needed, UTF-8.
pub fn to_csv(sheet: &Sheet) -> String {
    let mut w = csv_writer();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&sheet.columns);
    let mut fields: Vec<String> = Vec::new();
    for row in &sheet.rows {
        fields.clear();
        fields.extend(row.iter().map(Cell::to_text));
        let _ = w.write_record(&fields);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Every table of a cycle as CSV files in one zip archive, so that the export is one
/// download (browsers hold back a burst of a dozen downloads).
pub fn csv_zip(cycle: &Cycle) -> Result<Vec<u8>, StoreError> {
    use std::io::Write;
    let err = |e: &dyn std::fmt::Display| StoreError::new("writing the CSV archive", e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in csv_files(cycle) {
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(body.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// Every table of a cycle as `(file name, CSV text)`, e.g. `("products.csv", …)`.
pub fn csv_files(cycle: &Cycle) -> Vec<(String, String)> {
    sheets(cycle)
        .iter()
        .map(|s| (format!("{}.csv", s.name), to_csv(s)))
        .collect()
}

/// The cycle's data as an XLSX workbook, a sheet per table.
pub fn workbook(cycle: &Cycle) -> Result<Vec<u8>, StoreError> {
    to_xlsx(&sheets(cycle))
}

/// Sheets to an XLSX workbook (in memory): bold frozen header, money with two decimals,
/// percentages, months as dates shown `yyyy-mm`.
pub fn to_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, StoreError> {
    let err =
        |e: rust_xlsxwriter::XlsxError| StoreError::new("writing the workbook", e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let pct = Format::new().set_num_format("0.0%");
    let month = Format::new().set_num_format("yyyy-mm");
    let mut used: Vec<String> = Vec::new();
    for s in sheets {
        let name = sheet_name(&s.name, &used);
        used.push(name.to_lowercase());
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(err)?;
        let mut widths: Vec<usize> = s.columns.iter().map(|c| c.chars().count()).collect();
        for (c, name) in s.columns.iter().enumerate() {
            let c = col_num(c)?;
            ws.write_string_with_format(0, c, name, &bold)
                .map_err(err)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)
                .map_err(|_| StoreError::new("writing the workbook", "too many rows"))?;
            for (c, cell) in row.iter().enumerate() {
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                let ci = col_num(c)?;
                let w = match cell {
                    Cell::Empty => 0,
                    Cell::Text(t) => {
                        ws.write_string(r, ci, t).map_err(err)?;
                        t.chars().count()
                    }
                    Cell::Number(x) => {
                        ws.write_number(r, ci, *x).map_err(err)?;
                        format!("{x}").len()
                    }
                    Cell::Int(i) => {
                        ws.write_number(r, ci, *i as f64).map_err(err)?;
                        i.to_string().len()
                    }
                    Cell::Money(d) => {
                        ws.write_number_with_format(r, ci, d.to_f64().unwrap_or(0.0), &money)
                            .map_err(err)?;
                        d.round_dp(2).to_string().len() + 3
                    }
                    Cell::Percent(x) => {
                        ws.write_number_with_format(r, ci, *x, &pct).map_err(err)?;
                        6
                    }
                    Cell::Month(m) => {
                        ws.write_number_with_format(r, ci, serial_of(*m), &month)
                            .map_err(err)?;
                        7
                    }
                };
                widths[c] = widths[c].max(w);
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(col_num(c)?, (*w).clamp(6, 60) as f64 + 2.0)
                .map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

fn col_num(c: usize) -> Result<u16, StoreError> {
    u16::try_from(c).map_err(|_| StoreError::new("writing the workbook", "too many columns"))
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, used: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep: String = base.chars().take(31 - suffix.chars().count()).collect();
        candidate = format!("{keep}{suffix}");
        n += 1;
    }
    candidate
}

/// The schema's example values as typed cells (templates).
pub(crate) fn example_cell(kind: super::import::schema::Kind, example: &str) -> Cell {
    use super::import::schema::Kind;
    if example.is_empty() {
        return Cell::Empty;
    }
    let num = || example.parse::<f64>().ok();
    match kind {
        Kind::Quantity | Kind::Positive | Kind::Signed => {
            num().map_or_else(|| example.into(), Cell::Number)
        }
        Kind::Whole => num().map_or_else(|| example.into(), |x| Cell::Int(x as i64)),
        Kind::Amount | Kind::SignedAmount => example
            .parse::<Decimal>()
            .map_or_else(|_| example.into(), Cell::Money),
        Kind::ServiceLevel | Kind::Probability => {
            crate::engine::number::parse_percent(example, Default::default())
                .ok()
                .map_or_else(|| example.into(), Cell::Percent)
        }
        Kind::Month => example
            .parse::<Month>()
            .map_or_else(|_| example.into(), Cell::Month),
        Kind::Code | Kind::Text | Kind::Strategy => example.into(),
    }
}

/// The schema documented as a sheet: table, column, type, unit, required, meaning,
/// example.
pub(crate) fn schema_sheet() -> Sheet {
    let mut s = Sheet::new(
        "Columns",
        &[
            "table", "column", "type", "unit", "required", "default", "meaning", "example",
        ],
    );
    for t in schema() {
        for c in t.columns {
            s.rows.push(vec![
                t.name.into(),
                c.name.into(),
                c.kind.label().into(),
                c.unit.into(),
                if c.required { "yes" } else { "no" }.into(),
                c.default.into(),
                c.meaning.into(),
                c.examples[0].into(),
            ]);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_zip_holds_every_table() {
        let c = crate::engine::demo::demo_workspace().cycles.remove(0);
        let bytes = super::csv_zip(&c).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(z.len(), super::csv_files(&c).len());
        let mut products = String::new();
        std::io::Read::read_to_string(&mut z.by_name("products.csv").unwrap(), &mut products)
            .unwrap();
        assert!(products.starts_with("sku,"), "{}", &products[..40]);
        assert!(products.contains("KB-16"));
    }

    use super::*;
    use crate::engine::demo::demo_workspace;

    #[test]
    fn csv_quotes_what_needs_it() {
        let mut s = Sheet::new("t", &["a", "b"]);
        s.rows.push(vec![
            "x, \"y\"".into(),
            Cell::Money(Decimal::new(12345678912, 4)),
        ]);
        s.rows
            .push(vec![Cell::Number(0.1), Cell::Month(Month::new(2026, 11))]);
        assert_eq!(
            to_csv(&s),
            "a,b\n\"x, \"\"y\"\"\",1234567.8912\n0.1,2026-11\n"
        );
    }

    #[test]
    fn csv_text_that_looks_like_a_formula_is_neutralised_numbers_are_not() {
        let mut s = Sheet::new("t", &["a", "b", "c"]);
        s.rows.push(vec![
            "=HYPERLINK(\"http://x\")".into(),
            "@SUM(A1)".into(),
            Cell::Money(Decimal::new(-1250, 2)),
        ]);
        s.rows
            .push(vec!["+1".into(), "-x".into(), Cell::Number(-0.5)]);
        s.rows
            .push(vec!["\tcmd".into(), "a=b".into(), Cell::Int(-3)]);
        assert_eq!(
            to_csv(&s),
            "a,b,c\n\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),-12.50\n'+1,'-x,-0.5\n'\tcmd,a=b,-3\n"
        );
        assert_eq!(Cell::from("=1+1").plain_text(), "=1+1");
    }

    #[test]
    fn every_table_exports_its_schema_columns() {
        let c = &demo_workspace().cycles[0];
        for t in Table::ALL {
            let s = sheet(c, t);
            assert_eq!(s.name, t.name());
            // The demo has no history decisions (tests/import_history_decisions.rs has).
            assert!(!s.rows.is_empty() || t == Table::HistoryDecisions, "{t:?}");
            assert!(s.rows.iter().all(|r| r.len() == s.columns.len()), "{t:?}");
        }
        let files = csv_files(c);
        assert_eq!(files.len(), 15);
        assert!(files[1].1.starts_with("sku,name,family,price,unit_cost,"));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let used = vec!["plan".to_string()];
        assert_eq!(sheet_name("Plan", &used), "Plan (2)");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name(&"x".repeat(40), &[]).chars().count(), 31);
        assert_eq!(sheet_name("", &[]), "Sheet");
    }

    #[test]
    fn workbook_is_a_zip() {
        let c = &demo_workspace().cycles[0];
        let bytes = workbook(c).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
