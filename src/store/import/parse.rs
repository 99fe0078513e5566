//! Recognising which table a sheet holds and where its header is, then parsing its rows
//! into model records. Every problem is recorded with its row and column; a row with a
//! problem is left out (the import as a whole then fails).

use super::cell::{amount_value, number_value};
use super::schema::{
    KEY_ALIASES, Kind, Layout, Table, TableSchema, VALUE_ALIASES, normalize, schema,
};
use super::sheet::{CellRef, Sheet, cell_month};
use super::tables;
use super::tables::row::{Rows, col_index};
use super::{Errs, ImportError};
use crate::engine::model::*;
use crate::engine::month::Month;
use rust_decimal::Decimal;

/// Rows a header may be preceded by (titles, notes, blank rows are skipped anyway).
const HEADER_SEARCH_ROWS: usize = 10;

/// Where a table's columns are in a sheet.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub table: Table,
    /// Non-blank row index of the header; `None` for a key/value sheet without one.
    pub row: Option<usize>,
    /// Column of each schema column (for key/value tables: `[key, value]`).
    pub cols: Vec<Option<u32>>,
    /// The header text the user wrote for each schema column ("" if absent).
    pub names: Vec<String>,
    /// Wide layout (history, calendar): one column per month.
    pub months: Vec<(u32, Month)>,
    /// Header cells that name no column.
    pub ignored: Vec<String>,
    /// Two header cells naming the same column: (column name, first, second).
    pub duplicates: Vec<(&'static str, String, String)>,
    /// Recognised by its header although the name says another table.
    pub renamed_from: Option<Table>,
}

impl Header {
    fn first_data_row(&self) -> usize {
        self.row.map_or(0, |r| r + 1)
    }

    /// The user's header text for schema column `j`, else its canonical name.
    pub fn name(&self, schema: &TableSchema, j: usize) -> String {
        match self.names.get(j) {
            Some(n) if !n.is_empty() => n.clone(),
            _ => schema.columns[j].name.to_string(),
        }
    }

    pub fn is_wide(&self) -> bool {
        !self.months.is_empty() && self.cols.get(1).is_some_and(|c| c.is_none())
    }
}

fn match_rows_header(sheet: &Sheet, i: usize, t: &'static TableSchema) -> Header {
    let mut h = Header {
        table: t.table,
        row: Some(i),
        cols: vec![None; t.columns.len()],
        names: vec![String::new(); t.columns.len()],
        months: Vec::new(),
        ignored: Vec::new(),
        duplicates: Vec::new(),
        renamed_from: None,
    };
    let wide_capable = matches!(t.table, Table::History | Table::Calendar);
    for (col, cell) in sheet.cells(i) {
        let shown = cell.shown();
        let n = normalize(&shown);
        match t.columns.iter().position(|c| c.matches(&n)) {
            Some(j) if h.cols[j].is_none() => {
                h.cols[j] = Some(col);
                h.names[j] = shown;
            }
            Some(j) => h
                .duplicates
                .push((t.columns[j].name, h.names[j].clone(), shown)),
            None => match cell_month(cell) {
                Some(m) if wide_capable => h.months.push((col, m)),
                _ => h.ignored.push(shown),
            },
        }
    }
    h
}

/// Does the header have every required column (or, for history and calendar, the code
/// column and one column per month)?
fn complete(h: &Header, t: &TableSchema) -> bool {
    let all = t
        .columns
        .iter()
        .zip(&h.cols)
        .all(|(c, col)| !c.required || col.is_some());
    all || (h.cols[0].is_some() && h.is_wide())
}

fn present(h: &Header) -> usize {
    h.cols.iter().filter(|c| c.is_some()).count() + usize::from(!h.months.is_empty())
}

/// Key/value header (`parameter`, `value`) in row `i`, if it is one.
fn match_kv_header(sheet: &Sheet, i: usize, t: Table) -> Option<Header> {
    let mut key = None;
    let mut value = None;
    let mut ignored = Vec::new();
    for (col, cell) in sheet.cells(i) {
        let shown = cell.shown();
        let n = normalize(&shown);
        if key.is_none() && KEY_ALIASES.contains(&n.as_str()) {
            key = Some((col, shown));
        } else if value.is_none() && VALUE_ALIASES.contains(&n.as_str()) {
            value = Some((col, shown));
        } else {
            ignored.push(shown);
        }
    }
    let ((kc, kn), (vc, vn)) = (key?, value?);
    Some(Header {
        table: t,
        row: Some(i),
        cols: vec![Some(kc), Some(vc)],
        names: vec![kn, vn],
        months: Vec::new(),
        ignored,
        duplicates: Vec::new(),
        renamed_from: None,
    })
}

/// A key/value sheet without a header: its first row starts with a parameter name.
fn headerless_kv(sheet: &Sheet, t: Table) -> Option<Header> {
    if sheet.len() == 0 {
        return None;
    }
    let cells = sheet.cells(0);
    let (kc, key) = cells.first()?;
    let (vc, _) = cells.get(1)?;
    let n = normalize(&key.shown());
    t.schema()
        .columns
        .iter()
        .any(|c| c.matches(&n))
        .then(|| Header {
            table: t,
            row: None,
            cols: vec![Some(*kc), Some(*vc)],
            names: vec![super::schema::KEY_HEADER.into(), "value".into()],
            months: Vec::new(),
            ignored: Vec::new(),
            duplicates: Vec::new(),
            renamed_from: None,
        })
}

/// Which key/value table the parameter names below a header belong to.
fn kv_table_by_keys(sheet: &Sheet, h: &Header) -> Option<Table> {
    let key_col = h.cols[0]?;
    const KV: [Table; 3] = [Table::Finance, Table::Workforce, Table::Costs];
    let mut votes = [0usize; 3];
    for i in h.first_data_row()..sheet.len().min(h.first_data_row() + 50) {
        let n = normalize(&sheet.cell(i, key_col).shown());
        for (k, t) in KV.iter().enumerate() {
            if t.schema().columns.iter().any(|c| c.matches(&n)) {
                votes[k] += 1;
            }
        }
    }
    // Most parameters recognised; the earlier table on a tie.
    let best = (0..KV.len()).rev().max_by_key(|&k| votes[k])?;
    (votes[best] > 0).then_some(KV[best])
}

/// The table and header of a sheet: by `by_name` when its header fits (or nothing else
/// does), else by the header alone. `None` if nothing fits.
pub(crate) fn recognize(sheet: &Sheet, by_name: Option<Table>) -> Option<Header> {
    let rows = sheet.len().min(HEADER_SEARCH_ROWS);
    // The best complete Rows-table header: most columns recognised, earliest row.
    let mut best: Option<Header> = None;
    let mut named_best: Option<Header> = None;
    for i in 0..rows {
        for t in schema().iter().filter(|t| t.layout == Layout::Rows) {
            let h = match_rows_header(sheet, i, t);
            if complete(&h, t) {
                if Some(t.table) == by_name && named_best.is_none() {
                    named_best = Some(h.clone());
                }
                if best.as_ref().is_none_or(|b| present(&h) > present(b)) {
                    best = Some(h);
                }
            }
        }
    }
    let kv = |t: Option<Table>| -> Option<Header> {
        for i in 0..rows {
            if let Some(mut h) = match_kv_header(sheet, i, Table::Finance) {
                h.table = match t {
                    Some(t) => t,
                    None => kv_table_by_keys(sheet, &h)?,
                };
                return Some(h);
            }
        }
        match t {
            Some(t) => headerless_kv(sheet, t),
            None => headerless_kv(sheet, Table::Finance)
                .or_else(|| headerless_kv(sheet, Table::Workforce))
                .or_else(|| headerless_kv(sheet, Table::Costs)),
        }
    };
    match by_name {
        Some(t) if t.schema().layout == Layout::KeyValue => kv(Some(t))
            .or_else(|| {
                best.map(|mut b| {
                    b.renamed_from = Some(t);
                    b
                })
            })
            .or_else(|| {
                // Named like it but neither header nor parameters: say what is expected.
                Some(Header {
                    table: t,
                    row: (sheet.len() > 0).then_some(0),
                    cols: vec![None, None],
                    names: vec![String::new(), String::new()],
                    months: Vec::new(),
                    ignored: Vec::new(),
                    duplicates: Vec::new(),
                    renamed_from: None,
                })
            }),
        Some(t) => {
            if named_best.is_some() {
                return named_best;
            }
            // Named like the table but its header is incomplete: the row that matches
            // most, so that the missing columns can be named ...
            let schema = t.schema();
            let partial = (0..rows)
                .map(|i| match_rows_header(sheet, i, schema))
                .max_by_key(|h| (present(h), std::cmp::Reverse(h.row)));
            let partial_present = partial.as_ref().map_or(0, present);
            // ... unless the header is plainly another table's.
            if let Some(mut b) = best
                && present(&b) > partial_present
            {
                b.renamed_from = Some(t);
                return Some(b);
            }
            if partial_present == 0
                && let Some(mut h) = kv(None)
            {
                h.renamed_from = Some(t);
                return Some(h);
            }
            partial
        }
        None => best.or_else(|| kv(None)),
    }
}

/// A parsed sheet: its records with their row numbers.
#[derive(Debug)]
pub(crate) enum Data {
    Families(Vec<(u32, Family)>),
    Products(Vec<(u32, Product)>),
    Resources(Vec<(u32, Resource)>),
    Calendar(Vec<(u32, String, MonthHours)>),
    Routings(Vec<(u32, String, RoutingStep)>),
    Components(Vec<(u32, Component)>),
    Bom(Vec<(u32, String, BomLine)>),
    History(Vec<(u32, SkuHistory)>),
    Pipeline(Vec<(u32, Opportunity)>),
    Budget(Vec<(u32, BudgetMonth)>),
    Finance(FinanceParams),
    Workforce(Workforce),
    /// The company-wide costs (its `families` empty: those come from family costs).
    Costs(CostSettings),
    FamilyCosts(Vec<(u32, FamilyCosts)>),
    HistoryDecisions(Vec<(u32, HistoryCorrection)>),
}

/// Parses the data rows of a recognised sheet. `label` is the cycle's first planned
/// month (history must end before it).
/// Also returns the codes of rows left out for a problem (so that references to them
/// are not reported as unknown as well).
pub(crate) fn parse(
    sheet: &Sheet,
    h: &Header,
    label: Month,
    errs: &mut Errs,
) -> Option<(Data, Vec<String>)> {
    let schema = h.table.schema();
    // Header problems first: missing columns, duplicates. Without a required column
    // no row can be read.
    let mut ok = true;
    let header_row = h.row.map(|r| sheet.row_number(r));
    for (col, first, second) in &h.duplicates {
        errs.push(ImportError::at(
            &sheet.source,
            header_row,
            Some(second.clone()),
            format!(
                "columns '{first}' and '{second}' both mean {col}; keep one of them",
                col = schema.column(col).map_or(*col, |c| c.label)
            ),
        ));
        ok = false;
    }
    if schema.layout == Layout::Rows && !complete(h, schema) {
        for (c, col) in schema.columns.iter().zip(&h.cols) {
            if c.required && col.is_none() {
                errs.push(ImportError::at(
                    &sheet.source,
                    header_row,
                    None,
                    format!(
                        "missing column '{}' ({}); the header row must name it",
                        c.name, c.label
                    ),
                ));
            }
        }
        ok = false;
    }
    if !ok {
        return None;
    }
    let start = h.first_data_row();
    let r = Rows {
        sheet,
        h,
        schema,
        start,
        label,
    };
    let mut failed: Vec<String> = Vec::new();
    let data = match h.table {
        Table::Families => tables::families::read(r, errs, &mut failed),
        Table::Products => tables::products::read(r, errs, &mut failed),
        Table::Resources => tables::resources::read(r, errs, &mut failed),
        Table::Calendar => tables::calendar::read(r, errs),
        Table::Routings => tables::routings::read(r, errs),
        Table::Components => tables::components::read(r, errs, &mut failed),
        Table::Bom => tables::bom::read(r, errs),
        Table::History => tables::history::read(r, errs),
        Table::Pipeline => tables::pipeline::read(r, errs),
        Table::Budget => tables::budget::read(r, errs),
        Table::FamilyCosts => tables::family_costs::read(r, errs, &mut failed),
        Table::HistoryDecisions => tables::history_decisions::read(r, errs),
        Table::Finance | Table::Workforce | Table::Costs => parse_key_values(sheet, h, errs)?,
    };
    Some((data, failed))
}

/// Finance, workforce or cost parameters, one per row.
fn parse_key_values(sheet: &Sheet, h: &Header, errs: &mut Errs) -> Option<Data> {
    let schema = h.table.schema();
    let (Some(key_col), Some(val_col)) = (h.cols[0], h.cols[1]) else {
        errs.push(ImportError::at(
            &sheet.source,
            h.row.map(|r| sheet.row_number(r)),
            None,
            "expected two columns, 'parameter' and 'value', with one parameter per row \
             (see the template)"
                .into(),
        ));
        return None;
    };
    let mut values: Vec<Option<(u32, Decimal, f64)>> = vec![None; schema.columns.len()];
    let mut ok = true;
    for i in h.first_data_row()..sheet.len() {
        let row = sheet.row_number(i);
        let key_cell = sheet.cell(i, key_col);
        let key = key_cell.shown();
        let n = normalize(&key);
        let Some(j) = schema.columns.iter().position(|c| c.matches(&n)) else {
            let known: Vec<&str> = schema.columns.iter().map(|c| c.name).collect();
            errs.push(ImportError::at(
                &sheet.source,
                Some(row),
                Some(h.names[0].clone()),
                format!("unknown parameter '{key}' (known: {})", known.join(", ")),
            ));
            ok = false;
            continue;
        };
        let c = &schema.columns[j];
        if let Some((earlier, ..)) = values[j] {
            errs.push(ImportError::at(
                &sheet.source,
                Some(row),
                Some(h.names[0].clone()),
                format!("duplicate parameter '{}' (also on row {earlier})", c.name),
            ));
            ok = false;
            continue;
        }
        let cell = sheet.cell(i, val_col);
        let parsed = match cell {
            CellRef::Empty => Err(format!("{} is required but empty", c.label)),
            CellRef::Error(e) => Err(format!(
                "{} shows the spreadsheet error '{e}'; fix the formula or type a value",
                c.label
            )),
            _ => match c.kind {
                Kind::Amount | Kind::SignedAmount => {
                    amount_value(c, cell, sheet.style).map(|d| (d, 0.0))
                }
                _ => number_value(c, cell, sheet.style).map(|x| (Decimal::ZERO, x)),
            },
        };
        match parsed {
            Ok((d, x)) => values[j] = Some((row, d, x)),
            Err(m) => {
                errs.push(ImportError::at(
                    &sheet.source,
                    Some(row),
                    Some(h.names[1].clone()),
                    m,
                ));
                ok = false;
                values[j] = Some((row, Decimal::ZERO, 0.0));
            }
        }
    }
    for (c, v) in schema.columns.iter().zip(&values) {
        if c.required && v.is_none() {
            errs.push(ImportError::at(
                &sheet.source,
                h.row.map(|r| sheet.row_number(r)),
                None,
                format!("missing parameter '{}' ({})", c.name, c.label),
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let v = Params {
        schema,
        values: &values,
    };
    Some(match h.table {
        Table::Costs => tables::costs::read(&v),
        Table::Finance => tables::finance::read(&v),
        _ => tables::workforce::read(&v),
    })
}

/// The parameters of a key/value table as read (each known, none twice, every required
/// one given): (row, amount, number) by column.
pub(crate) struct Params<'a> {
    schema: &'static TableSchema,
    values: &'a [Option<(u32, Decimal, f64)>],
}

impl Params<'_> {
    /// An amount parameter, 0 if not given.
    pub fn d(&self, name: &str) -> Decimal {
        self.values[col_index(self.schema, name)].map_or(Decimal::ZERO, |v| v.1)
    }

    /// A number parameter, 0 if not given.
    pub fn x(&self, name: &str) -> f64 {
        self.values[col_index(self.schema, name)].map_or(0.0, |v| v.2)
    }

    /// Was the parameter given?
    pub fn given(&self, name: &str) -> bool {
        self.values[col_index(self.schema, name)].is_some()
    }
}
