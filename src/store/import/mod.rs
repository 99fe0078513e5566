//! Import of CSV and XLSX files into a cycle, all-or-nothing.
//!
//! [`import`] reads every file (a CSV file is one table, recognised by its name or its
//! header; a workbook has a sheet per table, recognised by sheet name or header),
//! validates everything (each value, duplicates, references between tables), and only
//! if nothing is wrong returns a new cycle in which the imported tables replace those of
//! the same kind. The caller's cycle is never touched. Every problem names its file
//! (and sheet), row as the spreadsheet shows it (header = row 1), column, and what is
//! wrong in a planner's words.
//!
//! The column schema is [`schema()`]; [`template_csv`] and [`template_xlsx`] give
//! files to fill in.

mod apply;
pub mod cell;
mod diff;
pub mod fields;
pub(crate) mod months;
pub(crate) mod number;
mod parse;
pub mod report;
pub mod schema;
mod sheet;
pub(crate) mod tables;
mod text;
mod zipcheck;

pub use diff::MAX_REMOVED_KEYS;
pub use report::{FileCheck, FileReport, Inspection, Mapped, inspect};
pub use schema::{Column, Kind, Layout, Table, TableSchema, schema, schema_markdown};
pub use zipcheck::{MAX_PART_BYTES, MAX_PARTS, MAX_WORKBOOK_BYTES};

use super::StoreError;
use super::export;
use crate::engine::model::*;
use crate::engine::month::Month;
use crate::engine::plan::validate::{new_errors, validate_cycle};
use sheet::Source;
use std::collections::HashMap;
use std::fmt;

/// A file to import: its name (the table is recognised by it) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl ImportFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        ImportFile {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// One problem found in the files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// File name as given ("" for a problem with the import as a whole).
    pub file: String,
    /// Sheet of a workbook.
    pub sheet: Option<String>,
    /// Row as the spreadsheet shows it (header = row 1).
    pub row: Option<u32>,
    /// Column as its header names it.
    pub column: Option<String>,
    /// What is wrong, in words a planner understands.
    pub message: String,
}

impl ImportError {
    pub(crate) fn at(
        source: &Source,
        row: Option<u32>,
        column: Option<String>,
        message: String,
    ) -> Self {
        ImportError {
            file: source.file.clone(),
            sheet: source.sheet.clone(),
            row,
            column,
            message,
        }
    }

    fn file(file: &str, message: String) -> Self {
        ImportError {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            message,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if !self.file.is_empty() {
            place.push(self.file.clone());
        }
        if let Some(s) = &self.sheet {
            place.push(format!("sheet '{s}'"));
        }
        if let Some(r) = self.row {
            place.push(format!("row {r}"));
        }
        if let Some(c) = &self.column {
            place.push(format!("column '{c}'"));
        }
        if place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", place.join(", "), self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// Problems listed per file or sheet before the rest are only counted.
const MAX_ERRORS_PER_SOURCE: usize = 100;

/// Collects problems, at most [`MAX_ERRORS_PER_SOURCE`] listed per file or sheet.
#[derive(Default)]
pub(crate) struct Errs {
    list: Vec<ImportError>,
    counts: HashMap<(String, Option<String>), usize>,
}

impl Errs {
    pub fn push(&mut self, e: ImportError) {
        let n = self
            .counts
            .entry((e.file.clone(), e.sheet.clone()))
            .or_default();
        *n += 1;
        if *n <= MAX_ERRORS_PER_SOURCE {
            self.list.push(e);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn finish(mut self) -> Vec<ImportError> {
        let mut over: Vec<_> = self
            .counts
            .into_iter()
            .filter(|(_, n)| *n > MAX_ERRORS_PER_SOURCE)
            .collect();
        over.sort();
        for ((file, sheet), n) in over {
            self.list.push(ImportError {
                file,
                sheet,
                row: None,
                column: None,
                message: format!(
                    "… and {} more problems; fix the ones above and import again",
                    n - MAX_ERRORS_PER_SOURCE
                ),
            });
        }
        self.list
    }
}

/// The result of a successful import.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The cycle with the imported tables in place of its own.
    pub cycle: Cycle,
    pub summary: ImportSummary,
}

/// What an import changes, to show before the planner confirms it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ImportSummary {
    /// One entry per imported table, in [`Table::ALL`] order.
    pub tables: Vec<TableChange>,
    /// What the planner should see before confirming: data of the current cycle the
    /// import drops or leaves without effect because what it refers to is gone (history
    /// of SKUs no longer in the products, …), and workbook sheets that were not read.
    pub warnings: Vec<String>,
    /// How each file was read (table, separator, encoding), ignored columns and sheets.
    pub notes: Vec<String>,
}

/// The change to one table, by key (SKU, id, SKU and month, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableChange {
    pub table: Table,
    /// File (and sheet) it came from.
    pub source: String,
    /// Rows after the import.
    pub rows: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Keys of the first [`MAX_REMOVED_KEYS`] removed rows, in the current table's
    /// order: "EB-CITY-500", "4" (a deal id), "EB-CITY-500 2026-01" (SKU and month).
    pub removed_keys: Vec<String>,
}

impl ImportSummary {
    /// One line per table the import removes rows from, to confirm before applying:
    /// "Pipeline: 7 of 10 rows removed (4, 5, 6, 7, 8, 9, 10)". Empty if nothing is
    /// removed.
    pub fn removals(&self) -> Vec<String> {
        const SHOWN: usize = 10;
        self.tables
            .iter()
            .filter(|t| t.removed > 0)
            .map(|t| {
                let before = t.rows + t.removed - t.added;
                let mut keys: Vec<&str> = t
                    .removed_keys
                    .iter()
                    .take(SHOWN)
                    .map(String::as_str)
                    .collect();
                if t.removed > keys.len() {
                    keys.push("…");
                }
                format!(
                    "{}: {} of {} row{} removed ({})",
                    t.table.title(),
                    t.removed,
                    before,
                    if before == 1 { "" } else { "s" },
                    keys.join(", ")
                )
            })
            .collect()
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.tables {
            writeln!(
                f,
                "{} ({}): {} row{}; {} added, {} removed, {} changed",
                t.table.title(),
                t.source,
                t.rows,
                if t.rows == 1 { "" } else { "s" },
                t.added,
                t.removed,
                t.changed
            )?;
        }
        for w in &self.warnings {
            writeln!(f, "Warning: {w}")?;
        }
        for n in &self.notes {
            writeln!(f, "Note: {n}")?;
        }
        Ok(())
    }
}

/// What a file's bytes are.
enum FileKind {
    Text,
    Xlsx,
    OldExcel,
    Backup,
}

fn file_kind(f: &ImportFile) -> FileKind {
    let lower = f.name.to_lowercase();
    if f.bytes.starts_with(b"PK\x03\x04") {
        FileKind::Xlsx
    } else if f.bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        FileKind::OldExcel
    } else if lower.ends_with(".json") {
        FileKind::Backup
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
        // Named like a workbook but not a zip: say so rather than read it as text.
        FileKind::Xlsx
    } else {
        FileKind::Text
    }
}

/// Imports `files` into a copy of `into`: validates everything first and returns either
/// the new cycle with a summary of what changed, or every problem found. Imported
/// tables replace the cycle's tables of that kind; the others stay as they are.
pub fn import(files: &[ImportFile], into: &Cycle) -> Result<Imported, Vec<ImportError>> {
    run(files, into, &mut Vec::new())
}

/// [`import`], recording in `reports` each file or sheet recognised as a table (or not).
fn run(
    files: &[ImportFile],
    into: &Cycle,
    reports: &mut Vec<FileReport>,
) -> Result<Imported, Vec<ImportError>> {
    if into.is_frozen() {
        return Err(vec![ImportError::file(
            "",
            "this cycle is approved and read-only; roll it forward and import into the new \
             cycle"
                .into(),
        )]);
    }
    if files.is_empty() {
        return Err(vec![ImportError::file("", "no files to import".into())]);
    }
    let mut errs = Errs::default();
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    // 1. Read every file into sheets, with the table its name suggests.
    let mut sheets = Vec::new();
    for f in files {
        match file_kind(f) {
            FileKind::Text => {
                if f.bytes.iter().all(|b| b.is_ascii_whitespace()) {
                    errs.push(ImportError::file(&f.name, "the file is empty".into()));
                    continue;
                }
                match sheet::read_csv(&f.name, &f.bytes) {
                    Ok(s) => sheets.push((s, schema::table_from_name(&f.name))),
                    Err(e) => errs.push(e),
                }
            }
            FileKind::Xlsx => match zipcheck::check_archive(&f.bytes)
                .map_err(|p| match p {
                    zipcheck::ZipProblem::TooBig(m) => ImportError::file(&f.name, m),
                    zipcheck::ZipProblem::Broken(m) => unreadable_workbook(&f.name, m),
                })
                .and_then(|()| {
                    sheet::read_xlsx(&f.name, &f.bytes).map_err(|m| unreadable_workbook(&f.name, m))
                }) {
                Ok(list) => {
                    for s in list {
                        let name = s.source.sheet.clone().unwrap_or_default();
                        if s.len() == 0 || schema::is_note_sheet(&name) {
                            continue;
                        }
                        let by_name = schema::table_from_name(&name);
                        sheets.push((s, by_name));
                    }
                }
                Err(e) => errs.push(e),
            },
            FileKind::OldExcel => errs.push(ImportError::file(
                &f.name,
                "this is an old Excel file (.xls); save it as .xlsx or CSV and import that".into(),
            )),
            FileKind::Backup => errs.push(ImportError::file(
                &f.name,
                "this looks like a workspace backup (JSON); restore it as a backup instead \
                 of importing it"
                    .into(),
            )),
        }
    }
    // 2. Recognise each sheet's table; one source per table.
    let mut found: Vec<(sheet::Sheet, parse::Header)> = Vec::new();
    let mut unreadable = Vec::new();
    let mut by_table: HashMap<Table, String> = HashMap::new();
    for (s, by_name) in sheets {
        let Some(h) = parse::recognize(&s, by_name) else {
            reports.push(FileReport::unread(&s.source.file, s.source.sheet.clone()));
            if s.source.sheet.is_some() {
                warnings.push(format!(
                    "{} was ignored: its name and header match no table",
                    s.source
                ));
            } else {
                errs.push(ImportError::at(
                    &s.source,
                    None,
                    None,
                    "cannot tell which table this file holds; name it like the template \
                     (e.g. products.csv) or start it with the template's header row"
                        .into(),
                ));
            }
            continue;
        };
        reports.push(FileReport::read(&s, &h));
        if let Some(other) = by_table.get(&h.table) {
            errs.push(ImportError::at(
                &s.source,
                None,
                None,
                format!(
                    "{} are also in {other}; import each table from one file only",
                    h.table.title().to_lowercase()
                ),
            ));
            continue;
        }
        by_table.insert(h.table, s.source.to_string());
        let shape = h.row.map(|r| s.shape_problems(r)).unwrap_or_default();
        if !shape.is_empty() {
            shape.into_iter().for_each(|e| errs.push(e));
            unreadable.push(h.table);
            continue;
        }
        let how = match (&s.read_as, h.renamed_from) {
            (_, Some(named)) => format!(
                "{} read as {} (recognised by its header, though named like {})",
                s.source,
                h.table.name(),
                named.name()
            ),
            (Some(read_as), None) => {
                format!("{} read as {} ({read_as})", s.source, h.table.name())
            }
            (None, None) => format!("{} read as {}", s.source, h.table.name()),
        };
        notes.push(how);
        if !h.ignored.is_empty() {
            notes.push(format!(
                "{}: ignored columns {}",
                s.source,
                h.ignored
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        found.push((s, h));
    }
    // 3. Parse the rows of each table.
    let mut parsed = Vec::new();
    for (s, h) in &found {
        match parse::parse(s, h, into.label, &mut errs) {
            Some((data, failed)) => parsed.push(apply::Parsed {
                source: s.source.clone(),
                header: h.clone(),
                data,
                failed,
            }),
            None => unreadable.push(h.table),
        }
    }
    // 4. Check references between tables and build the new cycle.
    let (cycle, tables) = apply::apply(into, parsed, &unreadable, &mut errs, &mut warnings);
    if !errs.is_empty() {
        return Err(errs.finish());
    }
    // 5. The same validation as every other way in (the checks above come first and
    //    should leave nothing); problems the cycle already had are not the import's.
    for issue in new_errors(&validate_cycle(into), validate_cycle(&cycle)) {
        errs.push(ImportError::file("", issue.in_words()));
    }
    if !errs.is_empty() {
        return Err(errs.finish());
    }
    Ok(Imported {
        cycle,
        summary: ImportSummary {
            tables,
            warnings,
            notes,
        },
    })
}

fn unreadable_workbook(file: &str, why: String) -> ImportError {
    ImportError::file(
        file,
        format!(
            "cannot read this file as an Excel workbook (.xlsx): {why}. Save it again from \
             Excel as .xlsx, or export CSV files"
        ),
    )
}

/// A CSV template of `table`: the header and two example rows (key/value tables: one
/// row per parameter).
pub fn template_csv(table: Table) -> String {
    export::to_csv(&template_sheet(table, false))
}

/// The template workbook: a `Columns` sheet documenting the schema, then one sheet per
/// table with example rows. Filled in, it imports as is.
pub fn template_xlsx() -> Result<Vec<u8>, StoreError> {
    let mut sheets = vec![export::schema_sheet()];
    sheets.extend(Table::ALL.iter().map(|t| template_sheet(*t, true)));
    export::to_xlsx(&sheets)
}

/// Example rows of a table: as written in the schema (CSV) or as typed cells (XLSX).
fn template_sheet(table: Table, typed: bool) -> export::Sheet {
    let s = table.schema();
    let cell = |c: &Column, example: &str| {
        if typed {
            export::example_cell(c.kind, example)
        } else {
            export::Cell::from(example)
        }
    };
    if s.layout == Layout::KeyValue {
        let mut out = export::Sheet::new(s.name, &[schema::KEY_HEADER, schema::VALUE_HEADER]);
        for c in s.columns {
            out.rows.push(vec![c.name.into(), cell(c, c.examples[0])]);
        }
        return out;
    }
    let names: Vec<&str> = s.columns.iter().map(|c| c.name).collect();
    let mut out = export::Sheet::new(s.name, &names);
    for k in 0..2 {
        out.rows
            .push(s.columns.iter().map(|c| cell(c, c.examples[k])).collect());
    }
    out
}

/// An empty draft cycle starting at `label` (to import a company into from scratch).
pub fn empty_cycle(id: impl Into<String>, label: Month) -> Cycle {
    Cycle {
        id: id.into(),
        label,
        horizon: Cycle::DEFAULT_HORIZON,
        status: CycleStatus::Draft,
        master: MasterData::default(),
        history: Vec::new(),
        inputs: PlanInputs::default(),
        scenarios: Vec::new(),
        decisions: Vec::new(),
        frozen: None,
        rolled_from: None,
        signoffs: Vec::new(),
        notes: Default::default(),
    }
}
