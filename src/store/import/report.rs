//! What the "company from files" wizard shows before anything is applied: for each file
//! (or workbook sheet) the table recognised, how its header cells map to the table's
//! columns, how many data rows it has, and — from the one importer — the problems by row
//! and column and the warnings. [`inspect`] is [`super::import`] with these reports
//! kept; there is no second parser.

use super::parse::Header;
use super::sheet::Sheet;
use super::{ImportError, ImportFile, Imported, Layout};
use crate::engine::model::Cycle;
use serde::{Deserialize, Serialize};

/// One header cell and the column it was read as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapped {
    /// The header cell as the file writes it: "Qty".
    pub header: String,
    /// The column's name in the template: "units".
    pub column: String,
}

/// One file or workbook sheet as the import read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    /// File name as given.
    pub file: String,
    /// Sheet of a workbook.
    pub sheet: Option<String>,
    /// The table recognised (its name in the template: "pipeline"); `None`: none.
    pub table: Option<String>,
    /// Header cells read as a column, in the table's column order.
    pub mapping: Vec<Mapped>,
    /// Header cells that name no column (left out).
    pub ignored: Vec<String>,
    /// Months found as columns (history or calendar laid out one column per month).
    pub month_columns: usize,
    /// Data rows under the header (blank rows not counted).
    pub rows: usize,
}

impl FileReport {
    /// A file nothing could be recognised in (unreadable, empty, not a table).
    pub(crate) fn unread(file: &str, sheet: Option<String>) -> Self {
        FileReport {
            file: file.to_string(),
            sheet,
            table: None,
            mapping: Vec::new(),
            ignored: Vec::new(),
            month_columns: 0,
            rows: 0,
        }
    }

    /// A sheet read as the table of header `h`.
    pub(crate) fn read(s: &Sheet, h: &Header) -> Self {
        let schema = h.table.schema();
        let mapping = if schema.layout == Layout::Rows {
            schema
                .columns
                .iter()
                .zip(&h.cols)
                .zip(&h.names)
                .filter(|((_, col), _)| col.is_some())
                .map(|((c, _), header)| Mapped {
                    header: header.clone(),
                    column: c.name.to_string(),
                })
                .collect()
        } else {
            // A key/value table: its two columns.
            ["parameter", "value"]
                .iter()
                .zip(&h.names)
                .filter(|(_, header)| !header.is_empty())
                .map(|(c, header)| Mapped {
                    header: header.clone(),
                    column: c.to_string(),
                })
                .collect()
        };
        FileReport {
            file: s.source.file.clone(),
            sheet: s.source.sheet.clone(),
            table: Some(h.table.name().to_string()),
            mapping,
            ignored: h.ignored.clone(),
            month_columns: h.months.len(),
            rows: s.len().saturating_sub(h.row.map_or(0, |r| r + 1)),
        }
    }

    /// Is `e` about this file (and sheet)?
    pub fn owns(&self, e: &ImportError) -> bool {
        e.file == self.file && (e.sheet.is_none() || e.sheet == self.sheet)
    }
}

/// An import checked but not applied: each file's report, and the import's outcome
/// (the new cycle with its summary — rows added, removed, changed, warnings — or every
/// problem).
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    pub files: Vec<FileReport>,
    pub outcome: Result<Imported, Vec<ImportError>>,
}

/// Imports `files` into a copy of `into` exactly as [`super::import`] does, keeping what
/// was recognised in each file. Every given file has a report, in the order given
/// (a workbook one per sheet read).
pub fn inspect(files: &[ImportFile], into: &Cycle) -> Inspection {
    let mut reports = Vec::new();
    let outcome = super::run(files, into, &mut reports);
    // Files the importer could not read at all still get their line.
    let mut ordered: Vec<FileReport> = Vec::new();
    for f in files {
        let mine: Vec<FileReport> = reports
            .iter()
            .filter(|r| r.file == f.name)
            .cloned()
            .collect();
        if mine.is_empty() {
            ordered.push(FileReport::unread(&f.name, None));
        } else {
            ordered.extend(mine);
        }
    }
    Inspection {
        files: ordered,
        outcome,
    }
}

/// A file's report with its problems in words ("row 3, column 'Qty': units must be a
/// number ≥ 0, found '-5'"), as the wizard lists them under the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCheck {
    pub report: FileReport,
    pub problems: Vec<String>,
}

impl Inspection {
    /// Each file's report with the problems found in it.
    pub fn checks(&self) -> Vec<FileCheck> {
        let errors: &[ImportError] = match &self.outcome {
            Ok(_) => &[],
            Err(e) => e,
        };
        self.files
            .iter()
            .map(|r| FileCheck {
                report: r.clone(),
                problems: errors
                    .iter()
                    .filter(|e| r.owns(e))
                    .map(|e| {
                        let mut place = Vec::new();
                        if let Some(row) = e.row {
                            place.push(format!("row {row}"));
                        }
                        if let Some(c) = &e.column {
                            place.push(format!("column '{c}'"));
                        }
                        if place.is_empty() {
                            e.message.clone()
                        } else {
                            format!("{}: {}", place.join(", "), e.message)
                        }
                    })
                    .collect(),
            })
            .collect()
    }
}
