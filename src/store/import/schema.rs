//! The documented column schema of every importable table: names, types, units, whether
//! required, meaning, examples and the header aliases a spreadsheet user may write.
//! Templates, docs and the importer's header matching all come from here.
//!
//! This file holds the types and what works on every table (header names, file names,
//! Markdown); each table's own declaration (its columns and meaning) is in its file of
//! [`tables`](super::tables), and [`schema()`] gathers them.

use super::tables::{
    bom, budget, calendar, components, costs, families, family_costs, finance, history,
    history_decisions, pipeline, products, resources, routings, workforce,
};
use std::fmt::Write as _;

/// A table of the import/export format (a CSV file or an XLSX sheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Families,
    Products,
    Resources,
    Calendar,
    Routings,
    Components,
    Bom,
    History,
    Pipeline,
    Budget,
    Finance,
    Workforce,
    Costs,
    FamilyCosts,
    HistoryDecisions,
}

impl Table {
    /// Every table, in dependency order (a table only refers to tables before it).
    pub const ALL: [Table; 15] = [
        Table::Families,
        Table::Products,
        Table::Resources,
        Table::Calendar,
        Table::Routings,
        Table::Components,
        Table::Bom,
        Table::History,
        Table::Pipeline,
        Table::Budget,
        Table::Finance,
        Table::Workforce,
        Table::Costs,
        Table::FamilyCosts,
        Table::HistoryDecisions,
    ];

    /// File stem and sheet name, e.g. `products` (`products.csv`, sheet `products`).
    pub fn name(self) -> &'static str {
        self.schema().name
    }

    /// Title for people, e.g. `Products`.
    pub fn title(self) -> &'static str {
        self.schema().title
    }

    pub fn schema(self) -> &'static TableSchema {
        &SCHEMA[self as usize]
    }
}

/// The type of a column's values, with the range the importer enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier (SKU, family id, …), compared exactly after trimming spaces.
    Code,
    Text,
    /// A quantity ≥ 0 (`f64`).
    Quantity,
    /// A quantity > 0 (`f64`).
    Positive,
    /// A quantity of either sign (`f64`): a level shift's step.
    Signed,
    /// A whole number ≥ 0 (months).
    Whole,
    /// Money or days ≥ 0, exact (`Decimal`).
    Amount,
    /// Money that may be negative, exact (`Decimal`).
    SignedAmount,
    /// Percent between 50 % and 99.99 %, as `95 %`, `95` or `0.95`.
    ServiceLevel,
    /// Percent between 0 % and 100 %, as `60 %`, `60` or `0.6`.
    Probability,
    /// A month: `2026-11`, `2026/11`, `11/2026`, `Nov 2026`, `2026-11-01`, a date cell.
    Month,
    /// `chase`, `level`, `target_cover` or `manual`.
    Strategy,
}

impl Kind {
    /// The type as the docs and templates show it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Code => "code",
            Kind::Text => "text",
            Kind::Quantity => "number ≥ 0",
            Kind::Positive => "number > 0",
            Kind::Signed => "number",
            Kind::Whole => "whole number ≥ 0",
            Kind::Amount => "amount ≥ 0",
            Kind::SignedAmount => "amount",
            Kind::ServiceLevel => "percent, 50 %–99.99 %",
            Kind::Probability => "percent, 0 %–100 %",
            Kind::Month => "month",
            Kind::Strategy => "chase, level, target_cover or manual",
        }
    }
}

/// How a table's rows are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A header row naming the columns, then one record per row.
    Rows,
    /// Two columns, `parameter` and `value`: each [`Column`] of the schema is a row.
    KeyValue,
}

/// One column (or, in a [`Layout::KeyValue`] table, one parameter row).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    /// Canonical header, as exported and in templates.
    pub name: &'static str,
    /// Name in messages, e.g. "unit cost".
    pub label: &'static str,
    pub kind: Kind,
    /// Unit of the values ("" if none): `currency`, `months`, `hours`, …
    pub unit: &'static str,
    /// Must the column (parameter) be present and every value filled?
    pub required: bool,
    /// Value used when the column is missing or a cell is blank ("" if required).
    pub default: &'static str,
    pub meaning: &'static str,
    /// Two example values (the template's rows).
    pub examples: [&'static str; 2],
    /// Other header names accepted, compared after [`normalize`] (lower case,
    /// letters and digits only, bracketed units dropped).
    pub aliases: &'static [&'static str],
}

/// A table's schema.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableSchema {
    pub table: Table,
    /// File stem and sheet name.
    pub name: &'static str,
    pub title: &'static str,
    pub meaning: &'static str,
    pub layout: Layout,
    pub columns: &'static [Column],
    /// Other file or sheet names that mean this table (normalized).
    pub aliases: &'static [&'static str],
}

impl TableSchema {
    /// The column called `name` (canonical name).
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// The schema of every table, in [`Table::ALL`] order.
pub fn schema() -> &'static [TableSchema] {
    &SCHEMA
}

/// Header cells of a key/value table.
pub const KEY_HEADER: &str = "parameter";
pub const VALUE_HEADER: &str = "value";
pub(crate) const KEY_ALIASES: &[&str] = &[
    "parameter",
    "key",
    "name",
    "setting",
    "item",
    "field",
    "param",
    "paramètre",
    "parametro",
];
pub(crate) const VALUE_ALIASES: &[&str] = &[
    "value", "amount", "val", "wert", "valeur", "valor", "waarde", "betrag",
];

/// Lower case, letters and digits only, text in brackets dropped: `Unit cost (EUR)` →
/// `unitcost`, `Hours/unit` → `hoursunit`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for ch in s.chars() {
        match ch {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    if out.is_empty() && depth == 0 {
        // "(EUR)" alone: keep what was in brackets rather than nothing.
        return s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
    out
}

impl Column {
    /// Does a normalized header cell name this column?
    pub(crate) fn matches(&self, normalized: &str) -> bool {
        !normalized.is_empty()
            && (self.name.replace('_', "") == normalized || self.aliases.contains(&normalized))
    }
}

/// The table a file or sheet name means (`Products - export.csv` → products), if any:
/// the longest alias found among its words and runs of adjacent words.
pub fn table_from_name(name: &str) -> Option<Table> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    };
    // Words: split at non-alphanumerics and at camelCase boundaries.
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in stem.chars() {
        if ch.is_alphanumeric() {
            if ch.is_uppercase() && prev_lower && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
            cur.extend(ch.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut best: Option<(usize, Table)> = None;
    for i in 0..words.len() {
        let mut run = String::new();
        for w in &words[i..words.len().min(i + 4)] {
            run.push_str(w);
            for t in &SCHEMA {
                let hit = t.name == run || t.aliases.contains(&run.as_str());
                if hit && best.is_none_or(|(len, _)| run.len() > len) {
                    best = Some((run.len(), t.table));
                }
            }
        }
    }
    best.map(|(_, t)| t)
}

/// Sheet names that hold notes, never data (skipped without a remark).
pub(crate) fn is_note_sheet(name: &str) -> bool {
    matches!(
        normalize(name).as_str(),
        "about" | "readme" | "help" | "notes" | "columns" | "instructions" | "info"
    )
}

/// The schema as Markdown: one section per table with its columns (for docs and help).
pub fn schema_markdown() -> String {
    let mut md = String::from("# Import columns\n\n");
    md.push_str(
        "Headers may be in any order and any case; spaces, underscores and units in \
         brackets are ignored, and the aliases listed are accepted too. Numbers may use a \
         decimal comma and thousands separators (`1.234,5`, `1,234.5`, `1 234`); \
         percentages may be written `95 %`, `95` or `0.95`; months `2026-11`, `2026/11`, \
         `11/2026`, `Nov 2026` or `2026-11-01`.\n",
    );
    for t in &SCHEMA {
        let _ = write!(
            md,
            "\n## {} (`{}.csv`, sheet `{}`)\n\n{}\n\n",
            t.title, t.name, t.name, t.meaning
        );
        if t.layout == Layout::KeyValue {
            md.push_str(
                "Two columns, `parameter` and `value`; one row per parameter below.\n\n\
                 | parameter | type | unit | required | meaning | example | also accepted |\n\
                 |---|---|---|---|---|---|---|\n",
            );
        } else {
            md.push_str(
                "| column | type | unit | required | meaning | example | also accepted |\n\
                 |---|---|---|---|---|---|---|\n",
            );
        }
        for c in t.columns {
            let required = if c.required {
                "yes".to_string()
            } else if c.default.is_empty() {
                "no".to_string()
            } else {
                format!("no (default {})", c.default)
            };
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} | {} | `{}` | {} |",
                c.name,
                c.kind.label(),
                c.unit,
                required,
                c.meaning,
                c.examples.iter().find(|e| !e.is_empty()).unwrap_or(&""),
                c.aliases.join(", ")
            );
        }
    }
    md
}

/// A column, its fields in [`Column`]'s order (the tables' declarations use it).
#[allow(clippy::too_many_arguments)] // a row of the schema table, positional on purpose
pub(crate) const fn col(
    name: &'static str,
    label: &'static str,
    kind: Kind,
    unit: &'static str,
    required: bool,
    default: &'static str,
    meaning: &'static str,
    examples: [&'static str; 2],
    aliases: &'static [&'static str],
) -> Column {
    Column {
        name,
        label,
        kind,
        unit,
        required,
        default,
        meaning,
        examples,
        aliases,
    }
}

/// Other headers that mean a SKU column.
pub(crate) const SKU_ALIASES: &[&str] = &[
    "item",
    "itemcode",
    "itemno",
    "itemnumber",
    "itemid",
    "product",
    "productcode",
    "productid",
    "productno",
    "productnumber",
    "article",
    "articleno",
    "articlenumber",
    "skucode",
    "skuid",
    "parent",
    "parentitem",
];

/// Every table's declaration, in [`Table::ALL`] order.
const SCHEMA: [TableSchema; 15] = [
    families::SCHEMA,
    products::SCHEMA,
    resources::SCHEMA,
    calendar::SCHEMA,
    routings::SCHEMA,
    components::SCHEMA,
    bom::SCHEMA,
    history::SCHEMA,
    pipeline::SCHEMA,
    budget::SCHEMA,
    finance::SCHEMA,
    workforce::SCHEMA,
    costs::SCHEMA,
    family_costs::SCHEMA,
    history_decisions::SCHEMA,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_in_table_order_with_unique_unambiguous_names() {
        for (i, t) in schema().iter().enumerate() {
            assert_eq!(t.table, Table::ALL[i]);
            assert_eq!(t.table.name(), t.name);
            for (j, c) in t.columns.iter().enumerate() {
                assert!(!c.required || c.default.is_empty(), "{}", c.name);
                for a in c.aliases {
                    assert_eq!(normalize(a), *a, "aliases are normalized");
                }
                // No header may name two columns of one table.
                for d in &t.columns[j + 1..] {
                    let own = c.name.replace('_', "");
                    assert!(!d.matches(&own), "{}: {} vs {}", t.name, c.name, d.name);
                    for a in c.aliases {
                        assert!(!d.matches(a), "{}: alias {a} of {}", t.name, c.name);
                    }
                }
            }
        }
    }

    #[test]
    fn markdown_documents_every_column() {
        let md = schema_markdown();
        for t in schema() {
            assert!(md.contains(&format!("## {} (`{}.csv`", t.title, t.name)));
            for c in t.columns {
                assert!(md.contains(&format!("| `{}` | {} |", c.name, c.kind.label())));
            }
        }
        assert!(!md.contains("``"), "every column has an example");
    }

    #[test]
    fn normalize_drops_case_spaces_and_units() {
        assert_eq!(normalize("Unit cost (EUR)"), "unitcost");
        assert_eq!(normalize(" Hours/unit "), "hoursunit");
        assert_eq!(normalize("Qty_per_Unit"), "qtyperunit");
        assert_eq!(normalize("(EUR)"), "eur");
    }

    #[test]
    fn tables_are_recognised_by_file_name() {
        let cases = [
            ("products.csv", Table::Products),
            ("Products - export.csv", Table::Products),
            ("C:\\data\\ProductFamilies.csv", Table::Families),
            ("product_families.xlsx", Table::Families),
            ("bill of materials.csv", Table::Bom),
            ("sales_history_2024.csv", Table::History),
            ("resource calendar.csv", Table::Calendar),
            ("Finance.csv", Table::Finance),
            ("BOM.CSV", Table::Bom),
            ("routings", Table::Routings),
            ("costs.csv", Table::Costs),
            ("family_costs.csv", Table::FamilyCosts),
            ("Family costs.xlsx", Table::FamilyCosts),
            ("history_decisions.csv", Table::HistoryDecisions),
            ("History cleansing.xlsx", Table::HistoryDecisions),
        ];
        for (name, t) in cases {
            assert_eq!(table_from_name(name), Some(t), "{name}");
        }
        assert_eq!(table_from_name("export.csv"), None);
        assert_eq!(table_from_name(".csv"), None);
    }
}
