//! What every table's row reader shares: [`Rows`] (the sheet to read), the [`rows!`]
//! loop giving a parsing context [`P`] per data row (its typed cell readers record each
//! problem with its row and column), [`Seen`] for duplicate keys and [`strategy_of`].

use crate::engine::model::*;
use crate::engine::month::Month;
use crate::engine::number::NumberFormat;
use crate::store::import::cell::{
    StrategyName, amount_value, code_of, month_value, number_value, percent_value, strategy_value,
    whole_value,
};
use crate::store::import::parse::Header;
use crate::store::import::schema::{Column, TableSchema};
use crate::store::import::sheet::{CellRef, Sheet};
use crate::store::import::{Errs, ImportError};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Marker: a problem was recorded.
#[derive(Debug)]
pub(crate) struct Bad;

/// Parsing context of one data row.
pub(crate) struct P<'a, 'e> {
    pub sheet: &'a Sheet,
    pub header: &'a Header,
    pub schema: &'static TableSchema,
    pub errs: &'e mut Errs,
    pub i: usize,
    pub row: u32,
}

/// What a table's row reader reads: a recognised sheet, its header (already checked:
/// no duplicate, no missing required column) and its schema.
#[derive(Clone, Copy)]
pub(crate) struct Rows<'a> {
    pub sheet: &'a Sheet,
    pub h: &'a Header,
    pub schema: &'static TableSchema,
    /// Index of the first data row.
    pub start: usize,
    /// The cycle's first planned month (history must end before it).
    pub label: Month,
}

/// For each data row `$i` (numbered `$row`) of `$r` (a [`Rows`]), a parsing context
/// `$p` recording its problems in `$errs`.
macro_rules! rows {
    ($r:expr, $errs:expr, $p:ident, $i:ident, $row:ident, $body:block) => {
        for $i in $r.start..$r.sheet.len() {
            let $row = $r.sheet.row_number($i);
            let mut $p = $crate::store::import::tables::row::P {
                sheet: $r.sheet,
                header: $r.h,
                schema: $r.schema,
                errs: &mut *$errs,
                i: $i,
                row: $row,
            };
            $body
        }
    };
}
pub(crate) use rows;

/// Index of the column called `name` in `schema` (which must have it).
pub(crate) fn col_index(schema: &TableSchema, name: &str) -> usize {
    schema
        .columns
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| unreachable!("no column {name} in {}", schema.name))
}

impl<'a> P<'a, '_> {
    /// Records a duplicate key on this row, in schema column `j`: `what` (e.g.
    /// "family 'F1'") was also on row `earlier`.
    pub fn dup(&mut self, j: usize, what: String, earlier: u32) {
        let column = self.header.name(self.schema, j);
        self.errs.push(ImportError::at(
            &self.sheet.source,
            Some(self.row),
            Some(column),
            format!("duplicate {what} (also on row {earlier})"),
        ));
    }

    pub fn column(&self, name: &str) -> (usize, &'static Column) {
        let j = col_index(self.schema, name);
        (j, &self.schema.columns[j])
    }

    pub fn raw(&self, j: usize) -> CellRef<'a> {
        match self.header.cols[j] {
            Some(c) => self.sheet.cell(self.i, c),
            None => CellRef::Empty,
        }
    }

    pub fn fail(&mut self, j: usize, message: String) -> Bad {
        let column = self.header.name(self.schema, j);
        self.errs.push(ImportError::at(
            &self.sheet.source,
            Some(self.row),
            Some(column),
            message,
        ));
        Bad
    }

    /// The cell of a column, or a recorded problem if it is a spreadsheet error or a
    /// required value is blank. `Ok(None)`: blank, not required.
    pub fn cell(
        &mut self,
        name: &str,
    ) -> Result<Option<(usize, &'static Column, CellRef<'a>)>, Bad> {
        let (j, c) = self.column(name);
        match self.raw(j) {
            CellRef::Empty if c.required => {
                Err(self.fail(j, format!("{} is required but empty", c.label)))
            }
            CellRef::Empty => Ok(None),
            CellRef::Error(e) => Err(self.fail(
                j,
                format!(
                    "{} shows the spreadsheet error '{e}'; fix the formula or type a value",
                    c.label
                ),
            )),
            cell => Ok(Some((j, c, cell))),
        }
    }

    pub fn code(&mut self, name: &str) -> Result<String, Bad> {
        match self.cell(name)? {
            Some((_, _, cell)) => Ok(code_of(cell)),
            None => Ok(String::new()),
        }
    }

    pub fn text(&mut self, name: &str) -> Result<String, Bad> {
        self.code(name)
    }

    /// The value of column `name` read by `read`, `None` when the cell is empty; a
    /// value `read` refuses becomes this row's error for that column.
    pub fn value<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&Column, CellRef<'_>, NumberFormat) -> Result<T, String>,
    ) -> Result<Option<T>, Bad> {
        let Some((j, c, cell)) = self.cell(name)? else {
            return Ok(None);
        };
        read(c, cell, self.sheet.style)
            .map(Some)
            .map_err(|m| self.fail(j, m))
    }

    pub fn number(&mut self, name: &str) -> Result<Option<f64>, Bad> {
        self.value(name, number_value)
    }

    pub fn whole(&mut self, name: &str) -> Result<Option<u64>, Bad> {
        self.value(name, whole_value)
    }

    pub fn amount(&mut self, name: &str) -> Result<Option<Decimal>, Bad> {
        self.value(name, amount_value)
    }

    pub fn percent(&mut self, name: &str) -> Result<Option<f64>, Bad> {
        self.value(name, percent_value)
    }

    pub fn month(&mut self, name: &str) -> Result<Option<Month>, Bad> {
        self.value(name, |c, cell, _| month_value(c, cell))
    }

    /// Strategy name; `Ok(None)` if blank or "family".
    pub fn strategy(&mut self, name: &str) -> Result<Option<StrategyName>, Bad> {
        let Some((j, c, cell)) = self.cell(name)? else {
            return Ok(None);
        };
        strategy_value(c, cell).map_err(|m| self.fail(j, m))
    }
}

/// A strategy with its cover months, or the problem.
pub(crate) fn strategy_of(
    p: &mut P<'_, '_>,
    name: Option<StrategyName>,
    cover: Option<f64>,
) -> Result<Option<Strategy>, Bad> {
    Ok(match name {
        None => None,
        Some(StrategyName::Chase) => Some(Strategy::Chase),
        Some(StrategyName::Level) => Some(Strategy::Level),
        Some(StrategyName::Manual) => Some(Strategy::Manual),
        Some(StrategyName::TargetCover) => match cover {
            Some(months) => Some(Strategy::TargetCover { months }),
            None => {
                let (j, _) = p.column("cover_months");
                return Err(p.fail(
                    j,
                    "cover months is required when the strategy is target_cover (for \
                     example 1.5)"
                        .into(),
                ));
            }
        },
    })
}

/// Remembers each key's first row to report duplicates.
pub(crate) struct Seen<K> {
    rows: HashMap<K, u32>,
}

impl<K: std::hash::Hash + Eq> Seen<K> {
    pub fn new() -> Self {
        Seen {
            rows: HashMap::new(),
        }
    }

    /// `Some(earlier row)` if the key was seen before.
    pub fn check(&mut self, key: K, row: u32) -> Option<u32> {
        match self.rows.entry(key) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(row);
                None
            }
        }
    }
}
