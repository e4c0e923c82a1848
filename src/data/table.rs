//! Tables in, datasets out: CSV or TSV as pasted from a spreadsheet, read into the
//! dataset schema and checked by the same validator as the JSON path.
//!
//! Pure code (no browser): the editor page (`www/editor.html`, through the `editor`
//! feature of the web layer) and the native tests (`tests/tables.rs`) call the same
//! functions.
//!
//! # The table format
//!
//! A header row names the columns, in Vietnamese or English (case, accents, spaces and
//! `_` do not matter); each later row is one figure (`value` + `basis` columns) or a plan
//! and an actual (`plan` and/or `actual` columns). Columns:
//!
//! | column | also accepted | meaning |
//! | --- | --- | --- |
//! | `region` | khu vực, vùng, địa phương, tỉnh | a region id or name (the built-in ones are recognised; a new name makes a new region) |
//! | `year` | năm, period, kỳ, thời gian | `2023`, or a period such as `6 tháng 2023`, `6 tháng đầu năm 2023`, `H1 2023`, `7 months 2022` |
//! | `months` | số tháng, tháng | 1–12 (default 12, or what the period says) |
//! | `measure` | chỉ tiêu, nội dung, hạng mục | a measure id or name (`Tổng kinh phí`, `total_funding`, `Số đề án` …) |
//! | `plan`, `actual` | kế hoạch / KH, thực hiện / TH / đã chi | the numbers, one figure each (wide form) |
//! | `value` + `basis` | giá trị + loại | one number and `plan`/`kế hoạch` or `actual`/`thực hiện` (long form) |
//! | `unit` | đơn vị, đvt | `triệu đồng` (million_vnd), `tỷ đồng` (× 1 000), `%` (percent), `count` / `số` |
//! | `flags` | lưu ý, ký hiệu | `≈` estimate, `>` at least, `?` ambiguous, `*` derived (words too: `ước`, `hơn`, `không rõ`, `suy ra`) |
//! | `formula`, `inputs` | công thức, đầu vào | how a derived figure was computed, from which figure ids |
//! | `note`, `note_vi`, `note_en` | ghi chú, ghi chú (en) | shown in the tooltip |
//! | `source`, `quote` | nguồn, trích dẫn | the document and its exact words (default: the table itself, quoting the row) |
//! | `id` | mã | figure id (default `region-year-Nm-measure-basis`) |
//!
//! Numbers may be written the Vietnamese way (`48.331`, `54,06`) or the English way
//! (`48,331`, `54.06`), decided per column; a column whose numbers read both ways
//! (`1.234` alone) is reported, not guessed (or set [`TableOptions::numbers`]). A value
//! may carry its flag: `≈ 1.769`, `> 1.036`, `6.811?`. Empty `region`, `year`, `months`,
//! `measure`, `unit` and `source` cells repeat the cell above (merged cells paste as
//! blanks). Blank rows are skipped.
//!
//! Optional sections after the figures give the other tables of the dataset exactly:
//! a row `[regions]` (`[khu vực]`) then `id, name_vi, name_en, short_vi, short_en`;
//! `[measures]` (`[chỉ tiêu]`) then `id, unit, name_vi, name_en`; `[sources]` (`[nguồn]`)
//! then `file, title_vi, title_en, publisher, date`; `[notes]` (`[ghi chú]`) then the
//! dataset's annotations, one a row, on exactly one target:
//!
//! | column | also accepted | meaning |
//! | --- | --- | --- |
//! | `figure` | mã số liệu, mã | the note is on this figure (its id) |
//! | `region` + `year` | khu vực + năm | … or on this region's year (region named as in the figure rows) |
//! | `measure` | chỉ tiêu | … or on this measure (id or name, as in the figure rows) |
//! | `text_vi`, `text_en` | ghi chú, ghi chú (en) / (tiếng Anh) | the note (an empty English text takes the Vietnamese) |
//! | `position` | vị trí | `auto` (or empty), `above`, `below`, `left`, `right`, or `tự động`, `trên`, `dưới`, `trái`, `phải` |
//! | `source`, `quote` | nguồn, trích dẫn | the document and its words (optional; both or neither) |
//!
//! A note's region or measure must be in the dataset (a note adds none); its problems
//! are the validator's, at the note's row and column. [`to_table`] writes every dataset
//! that way, so a dataset written and read back is the same dataset, notes included.

use super::validate::{
    MAX_ANNOTATIONS, MAX_FIGURES, MAX_JSON_BYTES, MAX_MEASURES, MAX_PROBLEMS, MAX_REGIONS,
    MAX_SOURCES,
};
use super::{
    Annotation, AnnotationTarget, Basis, Dataset, Derivation, Figure, LabelPosition, Localized,
    Measure, Quote, Refs, Region, Source, Unit,
};
use std::collections::HashMap;
use std::fmt;

/// Largest table text read, in bytes: the same as the JSON path.
pub const MAX_TABLE_BYTES: usize = MAX_JSON_BYTES;
/// Most rows in a table: every figure on its own row, plus the other sections.
pub const MAX_TABLE_ROWS: usize =
    MAX_FIGURES + MAX_REGIONS + MAX_MEASURES + MAX_SOURCES + MAX_ANNOTATIONS + 16;
/// Most columns in a table.
pub const MAX_TABLE_COLUMNS: usize = 100;

/// How numbers are written in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberStyle {
    /// Decided per column from the numbers themselves; ambiguous columns are reported.
    #[default]
    Auto,
    /// `48.331` = 48 331, `54,06` = 54.06.
    Vi,
    /// `48,331` = 48 331, `54.06` = 54.06.
    En,
}

impl NumberStyle {
    pub fn parse(s: &str) -> Option<NumberStyle> {
        match s {
            "auto" | "" => Some(NumberStyle::Auto),
            "vi" => Some(NumberStyle::Vi),
            "en" => Some(NumberStyle::En),
            _ => None,
        }
    }
}

/// Options of [`Dataset::from_table`].
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// The cell separator; `None` detects tab, semicolon or comma from the header row.
    pub separator: Option<char>,
    pub numbers: NumberStyle,
}

/// One problem, located by spreadsheet row (1 = the first line) and column.
#[derive(Debug, Clone, PartialEq)]
pub struct TableProblem {
    /// Row number as a spreadsheet shows it (the first line of the text is row 1).
    pub row: Option<usize>,
    /// Column index from 0.
    pub column: Option<usize>,
    /// The column's header as written.
    pub column_name: Option<String>,
    pub vi: String,
    pub en: String,
}

impl TableProblem {
    fn prefix(&self, vi: bool) -> String {
        let mut parts = Vec::new();
        if let Some(r) = self.row {
            parts.push(if vi {
                format!("dòng {r}")
            } else {
                format!("row {r}")
            });
        }
        match (&self.column_name, self.column) {
            (Some(n), _) if !n.is_empty() => parts.push(if vi {
                format!("cột '{n}'")
            } else {
                format!("column '{n}'")
            }),
            (_, Some(c)) => parts.push(if vi {
                format!("cột {}", column_letter(c))
            } else {
                format!("column {}", column_letter(c))
            }),
            _ => {}
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("{}: ", parts.join(", "))
        }
    }
    /// The whole message in Vietnamese: `dòng 7, cột 'Thực hiện': "12,3,4" không phải là số`.
    pub fn message_vi(&self) -> String {
        format!("{}{}", self.prefix(true), self.vi)
    }
    /// The whole message in English: `row 7, column 'Thực hiện': "12,3,4" is not a number`.
    pub fn message_en(&self) -> String {
        format!("{}{}", self.prefix(false), self.en)
    }
}

impl fmt::Display for TableProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.message_vi(), self.en)
    }
}

/// Spreadsheet column name: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Every problem of a table that could not become a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError {
    pub problems: Vec<TableProblem>,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.problems.iter().map(|p| p.message_en()).collect();
        write!(f, "invalid table: {}", lines.join("; "))
    }
}

impl std::error::Error for TableError {}

/// What reading a table gave: the dataset or the problems, and notes that do not stop it.
#[derive(Debug, Clone)]
pub struct TableImport {
    pub dataset: Result<Dataset, TableError>,
    /// Things done that the user may not expect (ignored columns, new measures not drawn).
    pub warnings: Vec<TableProblem>,
    /// The separator used.
    pub separator: char,
    /// Rows in the text (including header and blank rows).
    pub rows: usize,
}

impl Dataset {
    /// Reads a CSV/TSV table (the format is described in `data::table`) into a validated
    /// dataset, or every problem located by row and column.
    pub fn from_table(text: &str, options: &TableOptions) -> Result<Dataset, TableError> {
        read_table(text, options).dataset
    }
}

// ---------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Problems {
    list: Vec<TableProblem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, p: TableProblem) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(p);
        } else {
            self.more += 1;
        }
    }
    fn at(&mut self, row: Option<usize>, col: Option<(usize, &str)>, vi: String, en: String) {
        self.push(TableProblem {
            row,
            column: col.map(|c| c.0),
            column_name: col.map(|c| c.1.to_string()),
            vi,
            en,
        });
    }
    fn finish(mut self) -> Vec<TableProblem> {
        if self.more > 0 {
            self.list.push(TableProblem {
                row: None,
                column: None,
                column_name: None,
                vi: format!("… và {} lỗi khác", self.more),
                en: format!("… and {} more problems", self.more),
            });
        }
        self.list
    }
}

fn fail(vi: String, en: String) -> Vec<TableProblem> {
    vec![TableProblem {
        row: None,
        column: None,
        column_name: None,
        vi,
        en,
    }]
}

/// A cell echoed in a message: JSON-quoted, cut to 40 characters.
fn q(s: &str) -> String {
    super::validate::quoted(s)
}

// ---------------------------------------------------------------------------------------
// Reading records (RFC 4180, lenient)
// ---------------------------------------------------------------------------------------

/// One line of the table: its spreadsheet row number and its cells.
#[derive(Debug, Clone)]
struct Record {
    row: usize,
    cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
struct Cell {
    /// The cell's text: unquoted cells trimmed, quoted ones kept exactly.
    text: String,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.trim().is_empty())
    }
    fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.text.as_str())
    }
}

/// Picks the separator from the first non-blank line: tab, else the more frequent of `;` and `,`.
fn detect_separator(text: &str) -> char {
    let line = text
        .split('\n')
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let (mut tabs, mut semis, mut commas, mut inq) = (0, 0, 0, false);
    for c in line.chars() {
        match c {
            '"' => inq = !inq,
            '\t' if !inq => tabs += 1,
            ';' if !inq => semis += 1,
            ',' if !inq => commas += 1,
            _ => {}
        }
    }
    if tabs > 0 {
        '\t'
    } else if semis > commas {
        ';'
    } else {
        ','
    }
}

/// Splits the text into records. Stops storing past [`MAX_TABLE_ROWS`] but keeps
/// counting, so the message can say how many rows there were.
fn records(text: &str, sep: char) -> Result<(Vec<Record>, usize), Vec<TableProblem>> {
    let mut out = Vec::new();
    let mut row = 1usize;
    // The line a record starts on (a quoted cell may span lines).
    let mut start = 1usize;
    let mut cells: Vec<Cell> = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut quote_row = 0;
    let mut chars = text.chars().peekable();
    let mut storing = true;
    let mut at_cell_start = true;
    let end_cell = |cells: &mut Vec<Cell>, cur: &mut String, quoted: &mut bool| {
        let text = std::mem::take(cur);
        let text = if *quoted {
            text
        } else {
            text.trim_matches([' ', '\u{a0}']).to_string()
        };
        cells.push(Cell { text });
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    if storing {
                        cur.push('"');
                    }
                } else {
                    in_quotes = false;
                }
            } else {
                if c == '\n' {
                    row += 1;
                }
                if storing {
                    cur.push(c);
                }
            }
            continue;
        }
        if c == '"' && at_cell_start && cur.trim().is_empty() {
            cur.clear();
            in_quotes = true;
            quoted = true;
            quote_row = row;
            at_cell_start = false;
            continue;
        }
        if c == sep || c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')) {
            if c == '\r' {
                chars.next();
            }
            if storing {
                end_cell(&mut cells, &mut cur, &mut quoted);
                if cells.len() > MAX_TABLE_COLUMNS {
                    return Err(fail(
                        format!(
                            "dòng {row}: hơn {MAX_TABLE_COLUMNS} cột (tối đa {MAX_TABLE_COLUMNS})"
                        ),
                        format!(
                            "row {row}: more than {MAX_TABLE_COLUMNS} columns (the maximum is {MAX_TABLE_COLUMNS})"
                        ),
                    ));
                }
            }
            quoted = false;
            at_cell_start = true;
            if c != sep {
                if storing {
                    out.push(Record {
                        row: start,
                        cells: std::mem::take(&mut cells),
                    });
                    if out.len() >= MAX_TABLE_ROWS {
                        storing = false;
                    }
                }
                row += 1;
                start = row;
            }
            continue;
        }
        if quoted {
            // Text after a closing quote ("a"b): kept, as spreadsheets do.
            if storing {
                cur.push(c);
            }
            continue;
        }
        at_cell_start = false;
        if storing {
            cur.push(c);
        }
    }
    if in_quotes {
        return Err(vec![TableProblem {
            row: Some(quote_row),
            column: Some(cells.len()),
            column_name: None,
            vi: "dấu ngoặc kép mở ở đây không được đóng (thiếu \" ở cuối ô)".to_string(),
            en: "a quote opened here is never closed (missing \" at the end of the cell)"
                .to_string(),
        }]);
    }
    if !cur.is_empty() || !cells.is_empty() || quoted {
        // The last line has no newline.
        if storing {
            end_cell(&mut cells, &mut cur, &mut quoted);
            out.push(Record { row: start, cells });
        }
    } else {
        row -= 1;
    }
    Ok((out, row))
}

// ---------------------------------------------------------------------------------------
// Text folding and the column names
// ---------------------------------------------------------------------------------------

const FOLD: [(&str, char); 14] = [
    ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
    ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
    ("èéẻẽẹêềếểễệ", 'e'),
    ("ÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
    ("ìíỉĩị", 'i'),
    ("ÌÍỈĨỊ", 'i'),
    ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
    ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
    ("ùúủũụưừứửữự", 'u'),
    ("ÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
    ("ỳýỷỹỵ", 'y'),
    ("ỲÝỶỸỴ", 'y'),
    ("đ", 'd'),
    ("Đ", 'd'),
];

/// Lowercase ASCII letters and digits, single spaces: "Thực hiện (tr.đ)" → "thuc hien tr d".
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            FOLD.iter()
                .find(|(set, _)| set.contains(c))
                .map_or(c, |(_, base)| *base)
        };
        if c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Id,
    Region,
    Year,
    Months,
    Measure,
    Basis,
    Value,
    Plan,
    Actual,
    Unit,
    Flags,
    Formula,
    Inputs,
    Note,
    NoteVi,
    NoteEn,
    Source,
    Quote,
}

const FIGURE_COLUMNS: &[(Col, &[&str])] = &[
    (Col::Id, &["id", "ma", "figure id", "ma so lieu"]),
    (
        Col::Region,
        &[
            "region",
            "khu vuc",
            "vung",
            "dia phuong",
            "tinh",
            "region id",
            "area",
        ],
    ),
    (
        Col::Year,
        &[
            "year",
            "nam",
            "period",
            "ky",
            "thoi gian",
            "giai doan",
            "thoi ky",
        ],
    ),
    (Col::Months, &["months", "so thang", "thang", "month"]),
    (
        Col::Measure,
        &[
            "measure",
            "chi tieu",
            "noi dung",
            "hang muc",
            "measure id",
            "indicator",
        ],
    ),
    (Col::Basis, &["basis", "loai", "loai so lieu", "kieu"]),
    (Col::Value, &["value", "gia tri", "so lieu", "con so"]),
    (
        Col::Plan,
        &[
            "plan",
            "ke hoach",
            "kh",
            "target",
            "du toan",
            "planned",
            "chi tieu ke hoach",
        ],
    ),
    (
        Col::Actual,
        &[
            "actual",
            "thuc hien",
            "th",
            "spent",
            "da chi",
            "ket qua",
            "done",
            "da thuc hien",
        ],
    ),
    (Col::Unit, &["unit", "don vi", "dvt", "don vi tinh"]),
    (Col::Flags, &["flags", "luu y", "ky hieu", "co", "flag"]),
    (Col::Formula, &["formula", "cong thuc"]),
    (Col::Inputs, &["inputs", "dau vao", "tinh tu"]),
    (Col::Note, &["note", "ghi chu", "notes"]),
    (
        Col::NoteVi,
        &[
            "note vi",
            "ghi chu vi",
            "ghi chu tieng viet",
            "ghi chu viet",
        ],
    ),
    (
        Col::NoteEn,
        &[
            "note en",
            "ghi chu en",
            "ghi chu tieng anh",
            "english note",
            "ghi chu anh",
        ],
    ),
    (
        Col::Source,
        &[
            "source",
            "nguon",
            "tep nguon",
            "source file",
            "file",
            "nguon tai lieu",
        ],
    ),
    (
        Col::Quote,
        &[
            "quote",
            "trich dan",
            "cau trich",
            "trich nguyen van",
            "nguyen van",
        ],
    ),
];

/// A header cell's column, ignoring a unit in parentheses: "Kế hoạch (triệu đồng)".
fn figure_column(name: &str) -> Option<Col> {
    let f = fold(name);
    let base = fold(name.split('(').next().unwrap_or(""));
    // The whole name first ("Ghi chú (en)"), then without its parentheses.
    [f, base].iter().find_map(|key| {
        FIGURE_COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&key.as_str()))
            .map(|(c, _)| *c)
    })
}

/// The unit written in a header's parentheses: "Kế hoạch (tỷ đồng)".
fn header_unit(name: &str) -> Option<&str> {
    let start = name.find('(')?;
    let end = name[start..].find(')')? + start;
    Some(name[start + 1..end].trim())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Figures,
    Regions,
    Measures,
    Sources,
    Notes,
}

fn section_marker(r: &Record) -> Option<Result<Section, String>> {
    let first = r.cells.first()?.text.trim();
    if !(first.starts_with('[') && first.ends_with(']') && first.len() > 2) {
        return None;
    }
    if r.cells.iter().skip(1).any(|c| !c.text.trim().is_empty()) {
        return None;
    }
    let name = fold(&first[1..first.len() - 1]);
    Some(match name.as_str() {
        "figures" | "so lieu" => Ok(Section::Figures),
        "regions" | "khu vuc" => Ok(Section::Regions),
        "measures" | "chi tieu" => Ok(Section::Measures),
        "sources" | "nguon" => Ok(Section::Sources),
        "notes" | "ghi chu" | "annotations" | "chu thich" => Ok(Section::Notes),
        _ => Err(first.to_string()),
    })
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/// How a number cell reads.
#[derive(Debug, Clone, PartialEq)]
enum NumRead {
    /// No separator: the same either way. The string is a Rust float literal.
    Plain(String),
    /// Only the Vietnamese reading is valid.
    Vi(String),
    /// Only the English reading is valid.
    En(String),
    /// Both readings are valid and differ (`1.234`).
    Both { vi: String, en: String },
}

/// Reads digits with `group` grouping thousands and `dec` as the decimal mark into a
/// Rust float literal, or None if the text is not such a number.
fn read_digits(s: &str, group: char, dec: char) -> Option<String> {
    let (int, frac) = match s.split_once(dec) {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let mut digits = String::new();
    if int.contains(group) {
        let mut parts = int.split(group);
        let first = parts.next()?;
        // "0,123" never groups thousands: a first group has no leading zero.
        if first.is_empty()
            || first.len() > 3
            || first.starts_with('0')
            || !first.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        digits.push_str(first);
        for p in parts {
            if p.len() != 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push_str(p);
        }
    } else {
        if int.is_empty() && frac.is_none() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(if int.is_empty() { "0" } else { int });
    }
    if let Some(f) = frac {
        digits.push('.');
        digits.push_str(f);
    }
    Some(digits)
}

fn classify(body: &str) -> Option<NumRead> {
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    if !body.contains(['.', ',']) {
        return Some(NumRead::Plain(body.to_string()));
    }
    let vi = read_digits(body, '.', ',');
    let en = read_digits(body, ',', '.');
    match (vi, en) {
        (Some(v), Some(e)) if v == e => Some(NumRead::Plain(v)),
        (Some(v), Some(e)) => Some(NumRead::Both { vi: v, en: e }),
        (Some(v), None) => Some(NumRead::Vi(v)),
        (None, Some(e)) => Some(NumRead::En(e)),
        (None, None) => None,
    }
}

/// A value cell taken apart: its sign, number, flags written around it.
#[derive(Debug, Clone)]
struct ValueCell {
    negative: bool,
    read: NumRead,
    estimate: bool,
    at_least: bool,
    ambiguous: bool,
    derived: bool,
}

#[derive(Debug)]
enum ValueErr {
    Formula,
    NotANumber,
}

fn value_cell(raw: &str) -> Result<ValueCell, ValueErr> {
    let mut s = raw.trim();
    // A spreadsheet's text marker ('=…), written by the CSV export in front of a sign.
    if let Some(rest) = s.strip_prefix('\'') {
        s = rest.trim();
    } else if s.starts_with('=') {
        return Err(ValueErr::Formula);
    }
    let mut v = ValueCell {
        negative: false,
        read: NumRead::Plain(String::new()),
        estimate: false,
        at_least: false,
        ambiguous: false,
        derived: false,
    };
    loop {
        if let Some(r) = s.strip_prefix(['≈', '~']) {
            v.estimate = true;
            s = r.trim_start();
        } else if let Some(r) = s.strip_prefix('>') {
            v.at_least = true;
            s = r.trim_start();
        } else {
            break;
        }
    }
    loop {
        if let Some(r) = s.strip_suffix('?') {
            v.ambiguous = true;
            s = r.trim_end();
        } else if let Some(r) = s.strip_suffix('*') {
            v.derived = true;
            s = r.trim_end();
        } else if let Some(r) = s.strip_suffix('%') {
            s = r.trim_end();
        } else {
            break;
        }
    }
    if let Some(r) = s.strip_prefix(['-', '−']) {
        v.negative = true;
        s = r.trim_start();
    } else if let Some(r) = s.strip_prefix('+') {
        s = r.trim_start();
    }
    // Spaces grouping thousands ("48 331"), including the no-break and thin spaces.
    let body: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    v.read = classify(&body).ok_or(ValueErr::NotANumber)?;
    Ok(v)
}

/// The number of a Rust float literal scaled by 10^shift (exact decimal shift, then one rounding).
fn literal_value(lit: &str, negative: bool, shift: i32) -> Option<f64> {
    let text = if shift == 0 {
        lit.to_string()
    } else {
        format!("{lit}e{shift}")
    };
    let v: f64 = text.parse().ok()?;
    Some(if negative { -v } else { v })
}

// ---------------------------------------------------------------------------------------
// Cell readers
// ---------------------------------------------------------------------------------------

fn parse_basis(s: &str) -> Option<Basis> {
    match fold(s).as_str() {
        "plan" | "ke hoach" | "kh" | "target" | "du toan" | "planned" => Some(Basis::Plan),
        "actual" | "thuc hien" | "th" | "spent" | "da chi" | "ket qua" | "dat" | "done"
        | "da thuc hien" => Some(Basis::Actual),
        _ => None,
    }
}

/// A unit cell: the unit and the power of ten its numbers are multiplied by.
fn parse_unit(s: &str) -> Option<(Unit, i32)> {
    let t = s.trim();
    if t == "%" {
        return Some((Unit::Percent, 0));
    }
    match fold(t).as_str() {
        "million vnd" | "trieu dong" | "trieu" | "tr d" | "trd" | "tr dong" | "million"
        | "million dong" | "trieu vnd" => Some((Unit::MillionVnd, 0)),
        "ty dong" | "ty" | "billion vnd" | "billion" | "ty vnd" | "billion dong" => {
            Some((Unit::MillionVnd, 3))
        }
        "percent" | "phan tram" | "pct" => Some((Unit::Percent, 0)),
        "count" | "so" | "cai" | "so luong" | "lan" | "nguoi" | "de an" | "luot" | "number"
        | "don vi" | "mo hinh" | "hoc vien" | "gian hang" | "lop" | "trung tam" | "cum"
        | "doanh nghiep" | "co so" => Some((Unit::Count, 0)),
        _ => None,
    }
}

const UNITS_HELP_VI: &str = "triệu đồng, tỷ đồng, %, số";
const UNITS_HELP_EN: &str = "million_vnd, tỷ đồng (billion), percent, count";

/// A period cell: the year and, when it says, the months ("6 tháng đầu năm 2020").
fn parse_period(s: &str) -> Option<(i64, Option<i64>)> {
    let f = fold(s);
    let mut nums: Vec<i64> = Vec::new();
    let mut months = None;
    for word in f.split(' ') {
        match word {
            "h1" => months = Some(6),
            "q1" => months = Some(3),
            _ => {
                // "6t", "2020" …: digits at the start of the word
                let d: String = word.chars().take_while(|c| c.is_ascii_digit()).collect();
                let rest = &word[d.len()..];
                if d.is_empty() || !(rest.is_empty() || rest == "t" || rest == "m") {
                    if !d.is_empty() {
                        return None;
                    }
                    continue;
                }
                if d.len() > 9 {
                    return None;
                }
                nums.push(d.parse().ok()?);
            }
        }
    }
    if f.contains("nua dau") || f.contains("first half") {
        months = Some(6);
    }
    match nums.as_slice() {
        [y] => Some((*y, months)),
        [a, b] if months.is_none() => {
            if *a <= 12 && *b > 12 {
                Some((*b, Some(*a)))
            } else if *b <= 12 && *a > 12 {
                Some((*a, Some(*b)))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn parse_months(s: &str) -> Option<i64> {
    let f = fold(s);
    if matches!(f.as_str(), "ca nam" | "full year" | "nam" | "year") {
        return Some(12);
    }
    if f.contains("nua dau") || f.contains("first half") || f == "h1" {
        return Some(6);
    }
    let d: String = f.chars().take_while(|c| c.is_ascii_digit()).collect();
    if d.is_empty() || d.len() > 4 {
        return None;
    }
    let rest = f[d.len()..].trim();
    if !matches!(
        rest,
        "" | "thang" | "t" | "months" | "month" | "thang dau nam"
    ) {
        return None;
    }
    d.parse().ok()
}

#[derive(Default, Clone, Copy)]
struct Flags {
    estimate: bool,
    at_least: bool,
    ambiguous: bool,
    derived: bool,
}

const FLAG_WORDS: &[(&str, u8)] = &[
    ("estimate", 0),
    ("uoc", 0),
    ("uoc tinh", 0),
    ("uoc dat", 0),
    ("approx", 0),
    ("at least", 1),
    ("hon", 1),
    ("toi thieu", 1),
    ("it nhat", 1),
    ("more than", 1),
    ("ambiguous", 2),
    ("khong ro", 2),
    ("chua ro", 2),
    ("unclear", 2),
    ("derived", 3),
    ("suy ra", 3),
    ("tinh ra", 3),
    ("computed", 3),
];

/// A flags cell: symbols and words. Err with the first word not understood.
fn parse_flags(s: &str) -> Result<Flags, String> {
    let mut f = Flags::default();
    let mut words = String::new();
    for c in s.chars() {
        match c {
            '≈' | '~' => f.estimate = true,
            '>' => f.at_least = true,
            '?' => f.ambiguous = true,
            '*' => f.derived = true,
            _ => words.push(c),
        }
    }
    let folded = fold(&words);
    let w: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut i = 0;
    'outer: while i < w.len() {
        for n in (1..=3).rev() {
            if i + n > w.len() {
                continue;
            }
            let phrase = w[i..i + n].join(" ");
            if let Some((_, k)) = FLAG_WORDS.iter().find(|(p, _)| *p == phrase) {
                match k {
                    0 => f.estimate = true,
                    1 => f.at_least = true,
                    2 => f.ambiguous = true,
                    _ => f.derived = true,
                }
                i += n;
                continue 'outer;
            }
        }
        return Err(w[i].to_string());
    }
    Ok(f)
}

/// An id from a name: "Tỉnh Quảng Nam" → "tinh-quang-nam" (`sep` between words).
fn slug(s: &str, sep: char) -> String {
    fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(&sep.to_string())
        .chars()
        .take(120)
        .collect()
}

/// A text cell: a leading `'` the CSV export put before `= + - @` or `'` is removed.
fn text_of(c: &str) -> String {
    match c.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => c.to_string(),
    }
}

// Measures a newcomer names in a few words.
const MEASURE_ALIASES: &[(&str, &str)] = &[
    ("kinh phi", "total_funding"),
    ("tong kinh phi", "total_funding"),
    ("kinh phi khuyen cong", "total_funding"),
    ("funding", "total_funding"),
    ("total funding", "total_funding"),
    ("kinh phi quoc gia", "national_funding"),
    ("kinh phi kc quoc gia", "national_funding"),
    ("kc quoc gia", "national_funding"),
    ("national funding", "national_funding"),
    ("kinh phi dia phuong", "local_funding"),
    ("kinh phi kc dia phuong", "local_funding"),
    ("kc dia phuong", "local_funding"),
    ("local funding", "local_funding"),
    ("so de an", "total_projects"),
    ("de an", "total_projects"),
    ("tong so de an", "total_projects"),
    ("projects", "total_projects"),
    ("doanh thu tu van", "consulting_revenue"),
    ("consulting revenue", "consulting_revenue"),
    ("ty le giai ngan", "disbursement_rate"),
    ("disbursement rate", "disbursement_rate"),
];

const REGION_ALIASES: &[(&str, &str)] = &[
    ("mien trung", "mien-trung-tay-nguyen"),
    ("mttn", "mien-trung-tay-nguyen"),
    ("central", "mien-trung-tay-nguyen"),
    ("mien nam", "phia-nam"),
    ("south", "phia-nam"),
    ("nam bo", "phia-nam"),
];

// ---------------------------------------------------------------------------------------
// The import
// ---------------------------------------------------------------------------------------

/// Where a figure came from, to locate the validator's messages.
struct Origin {
    row: usize,
    value_col: usize,
}

struct Header {
    /// Column of each known field.
    cols: HashMap<Col, usize>,
    names: Vec<String>,
}

impl Header {
    fn get(&self, c: Col) -> Option<usize> {
        self.cols.get(&c).copied()
    }
    fn loc(&self, i: usize) -> Option<(usize, &str)> {
        Some((i, self.names.get(i).map_or("", String::as_str)))
    }
    fn cell<'r>(&self, r: &'r Record, c: Col) -> Option<(&'r str, usize)> {
        let i = self.get(c)?;
        Some((r.cell(i), i))
    }
}

/// The text without BOM and Excel's `sep=` line, the separator, and the row number of its
/// first line.
fn prepare<'t>(text: &'t str, options: &TableOptions) -> (&'t str, char, usize) {
    let mut text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sep = options.separator;
    let mut first_row = 1;
    if let Some(rest) = text.strip_prefix("sep=") {
        let mut it = rest.chars();
        if let Some(c) = it.next() {
            let after = it.as_str();
            if after.starts_with('\n') || after.starts_with("\r\n") || after.is_empty() {
                sep = sep.or(Some(c));
                text = after
                    .trim_start_matches('\r')
                    .strip_prefix('\n')
                    .unwrap_or("");
                first_row = 2;
            }
        }
    }
    let sep = sep.unwrap_or_else(|| detect_separator(text));
    (text, sep, first_row)
}

/// The cells of some rows as the reader splits them (for the editor's view of the table,
/// which highlights the cells with problems): the first `first` rows and the rows listed
/// in `also`, each with its row number. Empty when the text cannot be split.
pub fn grid(
    text: &str,
    options: &TableOptions,
    first: usize,
    also: &[usize],
) -> Vec<(usize, Vec<String>)> {
    if text.len() > MAX_TABLE_BYTES {
        return Vec::new();
    }
    let (text, sep, first_row) = prepare(text, options);
    let Ok((recs, _)) = records(text, sep) else {
        return Vec::new();
    };
    recs.into_iter()
        .enumerate()
        .filter(|(i, r)| *i < first || also.contains(&(r.row + first_row - 1)))
        .map(|(_, r)| {
            (
                r.row + first_row - 1,
                r.cells.into_iter().map(|c| c.text).collect(),
            )
        })
        .collect()
}

/// Reads a table: the dataset (or its problems) and warnings. See the module docs.
pub fn read_table(text: &str, options: &TableOptions) -> TableImport {
    let mut warnings = Vec::new();
    let sep_default = options.separator.unwrap_or(',');
    let bail = |problems: Vec<TableProblem>, sep: char, rows: usize| TableImport {
        dataset: Err(TableError { problems }),
        warnings: Vec::new(),
        separator: sep,
        rows,
    };
    if text.len() > MAX_TABLE_BYTES {
        return bail(
            fail(
                format!(
                    "bảng dài {} byte, quá giới hạn {MAX_TABLE_BYTES} byte (32 MiB)",
                    text.len()
                ),
                format!(
                    "the table is {} bytes, more than the maximum {MAX_TABLE_BYTES} (32 MiB)",
                    text.len()
                ),
            ),
            sep_default,
            0,
        );
    }
    let (text, sep, first_row) = prepare(text, options);
    let (mut recs, rows) = match records(text, sep) {
        Ok(r) => r,
        Err(p) => return bail(p, sep, 0),
    };
    let rows = rows + first_row - 1;
    if first_row > 1 {
        for r in &mut recs {
            r.row += first_row - 1;
        }
    }
    if rows > MAX_TABLE_ROWS {
        return bail(
            fail(
                format!("bảng có {rows} dòng, quá giới hạn {MAX_TABLE_ROWS} dòng (tối đa {MAX_FIGURES} số liệu)"),
                format!("the table has {rows} rows, more than the maximum {MAX_TABLE_ROWS} ({MAX_FIGURES} figures at most)"),
            ),
            sep,
            rows,
        );
    }
    let dataset = build(&recs, sep, options, &mut warnings);
    TableImport {
        dataset,
        warnings,
        separator: sep,
        rows,
    }
}

fn build(
    recs: &[Record],
    sep: char,
    options: &TableOptions,
    warnings: &mut Vec<TableProblem>,
) -> Result<Dataset, TableError> {
    let mut p = Problems::default();
    // Split into sections.
    let mut sections: Vec<(Section, usize, Vec<&Record>)> = vec![(Section::Figures, 0, vec![])];
    for r in recs {
        match section_marker(r) {
            Some(Ok(s)) => {
                if sections.iter().any(|(t, _, _)| *t == s)
                    && !(s == Section::Figures
                        && sections.len() == 1
                        && sections[0].2.iter().all(|r| r.is_blank()))
                {
                    p.at(
                        Some(r.row),
                        None,
                        "phần này đã có ở trên".to_string(),
                        "this section appears twice".to_string(),
                    );
                    continue;
                }
                if s == Section::Figures && sections.len() == 1 {
                    sections[0].1 = r.row;
                    sections[0].2.clear();
                } else {
                    sections.push((s, r.row, vec![]));
                }
            }
            Some(Err(name)) => p.at(
                Some(r.row),
                Some((0, "")),
                format!(
                    "phần {} không có (dùng [regions], [measures], [sources], [notes])",
                    q(&name)
                ),
                format!(
                    "unknown section {} (expected [regions], [measures], [sources], [notes])",
                    q(&name)
                ),
            ),
            None => {
                if let Some(last) = sections.last_mut() {
                    last.2.push(r);
                }
            }
        }
    }
    let reference = super::Dataset::embedded().ok();
    let mut b = Builder {
        regions: Vec::new(),
        measures: Vec::new(),
        sources: Vec::new(),
        region_rows: Vec::new(),
        measure_rows: Vec::new(),
        source_rows: Vec::new(),
        reference,
        region_cache: HashMap::new(),
        measure_cache: HashMap::new(),
        source_cache: HashMap::new(),
    };
    for (s, marker_row, rows) in &sections {
        match s {
            Section::Regions => b.read_regions(&mut p, rows, *marker_row),
            Section::Measures => b.read_measures(&mut p, rows, *marker_row),
            Section::Sources => b.read_sources(&mut p, rows, *marker_row),
            Section::Figures | Section::Notes => {}
        }
    }
    let figs = sections
        .iter()
        .find(|(s, _, _)| *s == Section::Figures)
        .map(|(_, _, r)| r.as_slice())
        .unwrap_or(&[]);
    let (figures, origins, cols, names) = b.read_figures(&mut p, figs, sep, options, warnings);
    // Notes last: their regions and measures are the ones the figures and sections gave.
    let (annotations, notes) = match sections.iter().find(|(s, _, _)| *s == Section::Notes) {
        Some((_, _, rows)) => b.read_notes(&mut p, rows),
        None => (Vec::new(), NoteOrigins::default()),
    };
    let problems = p.finish();
    if !problems.is_empty() {
        return Err(TableError { problems });
    }
    let mut ds = Dataset {
        schema_version: 1,
        regions: std::mem::take(&mut b.regions),
        measures: std::mem::take(&mut b.measures),
        sources: std::mem::take(&mut b.sources),
        figures,
        annotations,
    };
    ds.intern();
    match ds.validate() {
        Ok(()) => Ok(ds),
        Err(e) => Err(TableError {
            problems: e
                .problems
                .iter()
                .map(|m| locate(m, &origins, &cols, &names, &b, &notes))
                .collect(),
        }),
    }
}

/// A validator message (`figures[3].value: …`) placed at its row and column.
fn locate(
    msg: &str,
    origins: &[Origin],
    cols: &HashMap<Col, usize>,
    names: &[String],
    b: &Builder,
    notes: &NoteOrigins,
) -> TableProblem {
    let (path, text) = msg.split_once(": ").unwrap_or(("", msg));
    let mut tp = TableProblem {
        row: None,
        column: None,
        column_name: None,
        vi: format!("{path}: {text}"),
        en: format!("{path}: {text}"),
    };
    let index = |prefix: &str| -> Option<(usize, String)> {
        let rest = path.strip_prefix(prefix)?.strip_prefix('[')?;
        let (n, field) = rest.split_once(']')?;
        Some((n.parse().ok()?, field.trim_start_matches('.').to_string()))
    };
    if let Some((i, field)) = index("figures") {
        if let Some(o) = origins.get(i) {
            tp.row = Some(o.row);
            let col = match field.split('.').next().unwrap_or("") {
                "value" | "unit" | "estimate" | "at_least" | "ambiguous" => Some(o.value_col),
                "id" => cols.get(&Col::Id).copied(),
                "region" => cols.get(&Col::Region).copied(),
                "year" => cols.get(&Col::Year).copied(),
                "months" => cols.get(&Col::Months).or(cols.get(&Col::Year)).copied(),
                "measure" => cols.get(&Col::Measure).copied(),
                "source" if field.ends_with("quote") => cols.get(&Col::Quote).copied(),
                "source" => cols.get(&Col::Source).copied(),
                "derived" if field.contains("inputs") => cols.get(&Col::Inputs).copied(),
                "derived" => cols.get(&Col::Formula).copied(),
                "note" => cols
                    .get(&Col::NoteVi)
                    .or(cols.get(&Col::Note))
                    .or(cols.get(&Col::NoteEn))
                    .copied(),
                _ => None,
            };
            tp.column = col;
            tp.column_name = col.and_then(|c| names.get(c)).cloned();
        }
    } else if let Some((i, field)) = index("annotations") {
        if let Some(&row) = notes.rows.get(i) {
            tp.row = Some(row);
            // The cell the field was read from; the second is where it came from when
            // that column is absent (an English text left empty took the Vietnamese one).
            let (key, or) = match field.as_str() {
                "figure" => ("figure", ""),
                "period.region" => ("region", ""),
                "period.year" => ("year", ""),
                "measure" => ("measure", ""),
                "text.vi" => ("text_vi", "text_en"),
                "text.en" => ("text_en", "text_vi"),
                "position" => ("position", ""),
                "source.quote" => ("quote", ""),
                "source.file" => ("source", "quote"),
                _ => ("", ""),
            };
            let col = notes.cols.get(key).or(notes.cols.get(or)).copied();
            tp.column = col;
            tp.column_name = col.and_then(|c| notes.names.get(c)).cloned();
        }
    } else {
        for (name, rows) in [
            ("regions", &b.region_rows),
            ("measures", &b.measure_rows),
            ("sources", &b.source_rows),
        ] {
            if let Some((i, _)) = index(name) {
                tp.row = rows.get(i).copied().filter(|r| *r > 0);
                // Made from a figure row: point at the cell that named it.
                let col = match name {
                    "regions" => Col::Region,
                    "measures" => Col::Measure,
                    _ => Col::Source,
                };
                if tp.row.is_some_and(|r| origins.iter().any(|o| o.row == r)) {
                    tp.column = cols.get(&col).copied();
                    tp.column_name = tp.column.and_then(|c| names.get(c)).cloned();
                } else if name == "sources" && tp.row.is_some_and(|r| notes.rows.contains(&r)) {
                    tp.column = notes.cols.get("source").copied();
                    tp.column_name = tp.column.and_then(|c| notes.names.get(c)).cloned();
                }
            }
        }
    }
    tp
}

/// Whether a region is named by a folded cell: its id, names or short names.
fn region_matches(r: &Region, f: &str) -> bool {
    fold(&r.id) == f
        || fold(&r.name.vi) == f
        || fold(&r.name.en) == f
        || r.short
            .as_ref()
            .is_some_and(|s| fold(&s.vi) == f || fold(&s.en) == f)
}

fn region_alias(f: &str) -> Option<&'static str> {
    REGION_ALIASES
        .iter()
        .find(|(a, _)| *a == f)
        .map(|(_, id)| *id)
}

/// The rows of the `[notes]` section, to locate the validator's `annotations[i]` messages.
#[derive(Default)]
struct NoteOrigins {
    /// Row of each annotation, in order.
    rows: Vec<usize>,
    /// Column of each field, and the header's names as written.
    cols: HashMap<&'static str, usize>,
    names: Vec<String>,
}

/// Columns of the `[notes]` section (folded, spaces as `_`) and their aliases.
const NOTE_FIELDS: &[(&str, &[&str])] = &[
    (
        "figure",
        &[
            "figure_id",
            "ma",
            "ma_so_lieu",
            "so_lieu",
            "id",
            "gan_vao_so_lieu",
        ],
    ),
    (
        "region",
        &["khu_vuc", "vung", "dia_phuong", "tinh", "region_id"],
    ),
    ("year", &["nam", "period", "ky", "thoi_gian"]),
    ("measure", &["chi_tieu", "hang_muc", "measure_id"]),
    (
        "text_vi",
        &[
            "text",
            "ghi_chu",
            "ghi_chu_vi",
            "ghi_chu_tieng_viet",
            "loi_ghi_chu",
            "noi_dung_ghi_chu",
            "note",
            "note_vi",
        ],
    ),
    (
        "text_en",
        &[
            "ghi_chu_en",
            "ghi_chu_tieng_anh",
            "ghi_chu_anh",
            "english_text",
            "note_en",
        ],
    ),
    ("position", &["vi_tri", "placement", "ben"]),
    ("source", &["nguon", "file", "tep_nguon", "source_file"]),
    (
        "quote",
        &["trich_dan", "cau_trich", "nguyen_van", "trich_nguyen_van"],
    ),
];

/// A position cell: the English words of the JSON or Vietnamese ones; empty is `auto`.
fn parse_position(s: &str) -> Option<LabelPosition> {
    let f = fold(s);
    let side = f
        .strip_prefix("ben ")
        .or(f.strip_prefix("phia "))
        .or(f.strip_prefix("o "))
        .unwrap_or(&f);
    match side {
        "" | "auto" | "tu dong" | "tu chon" => Some(LabelPosition::Auto),
        "above" | "tren" => Some(LabelPosition::Above),
        "below" | "duoi" => Some(LabelPosition::Below),
        "left" | "trai" => Some(LabelPosition::Left),
        "right" | "phai" => Some(LabelPosition::Right),
        _ => LabelPosition::parse(s.trim()),
    }
}

struct Builder {
    regions: Vec<Region>,
    measures: Vec<Measure>,
    sources: Vec<Source>,
    /// Row each one came from (its section row, or the first figure row naming it).
    region_rows: Vec<usize>,
    measure_rows: Vec<usize>,
    source_rows: Vec<usize>,
    reference: Option<&'static Dataset>,
    region_cache: HashMap<String, String>,
    measure_cache: HashMap<String, (String, Unit)>,
    source_cache: HashMap<String, String>,
}

/// Columns of a metadata section: its header row mapped to field names.
fn section_header(
    p: &mut Problems,
    rows: &[&Record],
    marker_row: usize,
    fields: &[(&'static str, &[&str])],
    required: &[&str],
    what: (&str, &str),
) -> Option<(HashMap<&'static str, usize>, usize)> {
    let hi = rows.iter().position(|r| !r.is_blank())?;
    let h = rows[hi];
    let mut map = HashMap::new();
    for (i, c) in h.cells.iter().enumerate() {
        let f = fold(&c.text).replace(' ', "_");
        if let Some((name, _)) = fields
            .iter()
            .find(|(n, alias)| *n == f || alias.contains(&f.as_str()))
        {
            map.insert(*name, i);
        } else if !c.text.trim().is_empty() {
            p.at(
                Some(h.row),
                Some((i, &c.text)),
                format!(
                    "cột không dùng được trong phần {} (dùng {})",
                    what.0,
                    fields.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
                ),
                format!(
                    "unknown column in the {} section (expected {})",
                    what.1,
                    fields.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    for r in required {
        if !map.contains_key(r) {
            p.at(
                Some(h.row),
                None,
                format!("phần {} thiếu cột '{r}'", what.0),
                format!("the {} section has no '{r}' column", what.1),
            );
        }
    }
    let _ = marker_row;
    Some((map, hi + 1))
}

fn loc_text(r: &Record, map: &HashMap<&'static str, usize>, key: &str) -> Option<(String, usize)> {
    let i = *map.get(key)?;
    Some((text_of(r.cell(i)), i))
}

impl Builder {
    fn read_regions(&mut self, p: &mut Problems, rows: &[&Record], marker: usize) {
        const F: &[(&str, &[&str])] = &[
            ("id", &["ma"]),
            ("name_vi", &["name", "ten", "ten_vi"]),
            ("name_en", &["ten_en", "english_name"]),
            ("short_vi", &["short", "ten_ngan", "ten_ngan_vi"]),
            ("short_en", &["ten_ngan_en"]),
        ];
        let Some((map, start)) = section_header(
            p,
            rows,
            marker,
            F,
            &["id", "name_vi"],
            ("khu vực", "regions"),
        ) else {
            return;
        };
        for r in rows[start..].iter().filter(|r| !r.is_blank()) {
            let get = |k| loc_text(r, &map, k).map(|t| t.0).unwrap_or_default();
            let (vi, en) = (get("name_vi"), get("name_en"));
            let (svi, sen) = (get("short_vi"), get("short_en"));
            let en = if en.is_empty() { vi.clone() } else { en };
            let short = if svi.is_empty() && sen.is_empty() {
                None
            } else {
                Some(Localized {
                    en: if sen.is_empty() { svi.clone() } else { sen },
                    vi: if svi.is_empty() { en.clone() } else { svi },
                })
            };
            self.regions.push(Region {
                id: get("id"),
                name: Localized { vi, en },
                short,
            });
            self.region_rows.push(r.row);
        }
    }

    fn read_measures(&mut self, p: &mut Problems, rows: &[&Record], marker: usize) {
        const F: &[(&str, &[&str])] = &[
            ("id", &["ma"]),
            ("unit", &["don_vi", "dvt"]),
            ("name_vi", &["name", "ten", "ten_vi"]),
            ("name_en", &["ten_en", "english_name"]),
        ];
        let Some((map, start)) = section_header(
            p,
            rows,
            marker,
            F,
            &["id", "unit", "name_vi"],
            ("chỉ tiêu", "measures"),
        ) else {
            return;
        };
        for r in rows[start..].iter().filter(|r| !r.is_blank()) {
            let get = |k| loc_text(r, &map, k).map(|t| t.0).unwrap_or_default();
            let (ut, ui) = loc_text(r, &map, "unit").unwrap_or_default();
            let unit = match parse_unit(&ut) {
                Some((u, 0)) => u,
                _ => {
                    p.at(
                        Some(r.row),
                        Some((ui, "unit")),
                        format!("đơn vị {} không dùng được (dùng triệu đồng, %, số)", q(&ut)),
                        format!(
                            "unknown unit {} (expected million_vnd, percent, count)",
                            q(&ut)
                        ),
                    );
                    continue;
                }
            };
            let (vi, en) = (get("name_vi"), get("name_en"));
            self.measures.push(Measure {
                id: get("id"),
                unit,
                name: Localized {
                    en: if en.is_empty() { vi.clone() } else { en },
                    vi,
                },
            });
            self.measure_rows.push(r.row);
        }
    }

    fn read_sources(&mut self, p: &mut Problems, rows: &[&Record], marker: usize) {
        const F: &[(&str, &[&str])] = &[
            ("file", &["id", "tep", "ma"]),
            ("title_vi", &["title", "tieu_de", "ten", "tieu_de_vi"]),
            ("title_en", &["tieu_de_en"]),
            (
                "publisher",
                &["tac_gia", "author", "nha_xuat_ban", "don_vi_dang"],
            ),
            ("date", &["ngay", "nam"]),
        ];
        let Some((map, start)) = section_header(
            p,
            rows,
            marker,
            F,
            &["file", "title_vi"],
            ("nguồn", "sources"),
        ) else {
            return;
        };
        for r in rows[start..].iter().filter(|r| !r.is_blank()) {
            let get = |k| loc_text(r, &map, k).map(|t| t.0).unwrap_or_default();
            let (vi, en) = (get("title_vi"), get("title_en"));
            self.sources.push(Source {
                file: get("file"),
                title: Localized {
                    en: if en.is_empty() { vi.clone() } else { en },
                    vi,
                },
                publisher: get("publisher"),
                date: get("date"),
            });
            self.source_rows.push(r.row);
        }
    }

    /// A region the dataset already has (a section row or a figure row), by id, name,
    /// short name or alias; `None` adds nothing.
    fn find_region(&self, cell: &str) -> Option<String> {
        if let Some(r) = self.regions.iter().find(|r| r.id == cell) {
            return Some(r.id.clone());
        }
        let f = fold(cell);
        if let Some(r) = self.regions.iter().find(|r| region_matches(r, &f)) {
            return Some(r.id.clone());
        }
        let alias = region_alias(&f)?;
        self.regions
            .iter()
            .find(|r| r.id == alias)
            .map(|r| r.id.clone())
    }

    /// A measure the dataset already has, by id, name or alias; `None` adds nothing.
    fn find_measure(&self, cell: &str) -> Option<String> {
        let f = fold(cell);
        let found = self.measures.iter().find(|m| {
            m.id == cell || fold(&m.id) == f || fold(&m.name.vi) == f || fold(&m.name.en) == f
        });
        let alias = || {
            let id = MEASURE_ALIASES.iter().find(|(a, _)| *a == f)?.1;
            self.measures.iter().find(|m| m.id == id)
        };
        found.or_else(alias).map(|m| m.id.clone())
    }

    /// The `[notes]` section: one annotation a row. Its target is the `figure` cell, or
    /// the `region` and `year` cells, or the `measure` cell; regions and measures are
    /// named as in the figure rows but must be in the dataset already (a note adds none),
    /// sources as in the figure rows.
    fn read_notes(&mut self, p: &mut Problems, rows: &[&Record]) -> (Vec<Annotation>, NoteOrigins) {
        let mut notes = Vec::new();
        let mut o = NoteOrigins::default();
        let Some((map, start)) =
            section_header(p, rows, 0, NOTE_FIELDS, &["text_vi"], ("ghi chú", "notes"))
        else {
            return (notes, o);
        };
        o.names = rows[start - 1]
            .cells
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect();
        o.cols = map;
        for r in rows[start..].iter().filter(|r| !r.is_blank()) {
            let i = o.rows.len();
            o.rows.push(r.row);
            let before = p.list.len() + p.more;
            let cell = |k: &str| loc_text(r, &o.cols, k);
            let loc = |c: usize| Some((c, o.names.get(c).map_or("", String::as_str)));
            let filled = |k: &str| cell(k).filter(|(t, _)| !t.trim().is_empty());
            let (figure, region, year, measure) = (
                filled("figure"),
                filled("region"),
                filled("year"),
                filled("measure"),
            );
            let mut present = Vec::new();
            if figure.is_some() {
                present.push(("figure", "mã số liệu"));
            }
            if region.is_some() || year.is_some() {
                present.push(("period", "khu vực và năm"));
            }
            if measure.is_some() {
                present.push(("measure", "chỉ tiêu"));
            }
            let names: Vec<&str> = present.iter().map(|x| x.0).collect();
            if let Some(msg) = super::validate::anchor_problem(&names) {
                let vi = if present.is_empty() {
                    "ghi chú chưa gắn vào đâu: ghi mã số liệu, hoặc khu vực và năm, hoặc chỉ tiêu"
                        .to_string()
                } else {
                    let got: Vec<&str> = present.iter().map(|x| x.1).collect();
                    format!(
                        "ghi chú chỉ gắn vào một chỗ: mã số liệu, hoặc khu vực và năm, hoặc chỉ tiêu (dòng này có {})",
                        got.join(" và ")
                    )
                };
                p.at(Some(r.row), None, vi, format!("annotations[{i}]: {msg}"));
            }
            let mut target = None;
            if let Some((t, _)) = &figure {
                target = Some(AnnotationTarget::Figure(t.clone()));
            }
            if region.is_some() || year.is_some() {
                for (v, key) in [(&region, "region"), (&year, "year")] {
                    if v.is_none() {
                        p.at(
                            Some(r.row),
                            o.cols.get(key).and_then(|c| loc(*c)),
                            "ô trống: ghi chú theo kỳ cần cả khu vực và năm".to_string(),
                            format!("annotations[{i}].period.{key}: required"),
                        );
                    }
                }
                let y = year.as_ref().and_then(|(t, c)| {
                    let not_a_year = || {
                        (
                            format!("{} không phải là năm (ví dụ 2023)", q(t)),
                            format!("{} is not a year (e.g. 2023)", q(t)),
                        )
                    };
                    let (vi, en) = match parse_period(t) {
                        Some((y, None | Some(12))) => match i32::try_from(y) {
                            Ok(y) => return Some(y),
                            Err(_) => not_a_year(),
                        },
                        Some(_) => (
                            format!("{}: ghi chú theo kỳ gắn vào cả năm, chỉ ghi năm (ví dụ 2023)", q(t)),
                            format!("{}: a note's period is a whole year, write the year only (e.g. 2023)", q(t)),
                        ),
                        None => not_a_year(),
                    };
                    p.at(Some(r.row), loc(*c), vi, en);
                    None
                });
                if let (Some((t, _)), Some(year)) = (&region, y) {
                    let t = t.trim();
                    let region = self.find_region(t).unwrap_or_else(|| t.to_string());
                    target = Some(AnnotationTarget::Period { region, year });
                }
            }
            if let Some((t, _)) = &measure {
                let t = t.trim();
                let m = self.find_measure(t).unwrap_or_else(|| t.to_string());
                target = Some(AnnotationTarget::Measure(m));
            }
            let (vi, en) = (
                cell("text_vi").map(|t| t.0).unwrap_or_default(),
                cell("text_en").map(|t| t.0).unwrap_or_default(),
            );
            let text = Localized {
                vi: if vi.is_empty() {
                    en.clone()
                } else {
                    vi.clone()
                },
                en: if en.is_empty() { vi } else { en },
            };
            let position = match cell("position") {
                None => Some(LabelPosition::Auto),
                Some((t, c)) => {
                    let pos = parse_position(&t);
                    if pos.is_none() {
                        p.at(
                            Some(r.row),
                            loc(c),
                            format!(
                                "vị trí {} không dùng được (dùng tự động, trên, dưới, trái, phải hoặc auto, above, below, left, right)",
                                q(&t)
                            ),
                            format!(
                                "annotations[{i}].position: unknown position {} (expected {})",
                                q(&t),
                                super::validate::POSITIONS.join(", ")
                            ),
                        );
                    }
                    pos
                }
            };
            let file = filled("source").map(|t| t.0);
            let quote = cell("quote").map(|t| t.0).unwrap_or_default();
            let source = match file {
                None if quote.is_empty() => None,
                // Reported by the validator: a quote needs its document.
                None => Some(Quote {
                    file: String::new(),
                    quote,
                }),
                Some(f) => Some(Quote {
                    file: self.source_file(Some(f.trim()), r.row),
                    quote,
                }),
            };
            if p.list.len() + p.more != before {
                continue;
            }
            if let (Some(target), Some(position)) = (target, position) {
                notes.push(Annotation {
                    target,
                    text,
                    position,
                    source,
                });
            }
        }
        (notes, o)
    }

    fn region_id(&mut self, cell: &str, row: usize) -> String {
        if let Some(id) = self.region_cache.get(cell) {
            return id.clone();
        }
        let id = self.region_id_uncached(cell, row);
        self.region_cache.insert(cell.to_string(), id.clone());
        id
    }

    fn region_id_uncached(&mut self, cell: &str, row: usize) -> String {
        if let Some(id) = self.find_region(cell) {
            return id;
        }
        let f = fold(cell);
        let matches = |r: &Region| region_matches(r, &f);
        let alias = region_alias(&f);
        if let Some(reference) = self.reference {
            if let Some(r) = reference
                .regions
                .iter()
                .find(|r| matches(r) || Some(r.id.as_str()) == alias)
            {
                self.regions.push(r.clone());
                self.region_rows.push(row);
                return r.id.clone();
            }
        }
        let mut id = slug(cell, '-');
        if id.is_empty() {
            id = format!("region-{}", self.regions.len() + 1);
        }
        self.regions.push(Region {
            id: id.clone(),
            name: Localized {
                vi: cell.to_string(),
                en: cell.to_string(),
            },
            short: None,
        });
        self.region_rows.push(row);
        id
    }

    /// The measure of a cell: Ok((id, unit)), or Err if it is new and has no unit.
    fn measure_id(&mut self, cell: &str, unit: Option<Unit>, row: usize) -> Option<(String, Unit)> {
        if let Some(got) = self.measure_cache.get(cell) {
            return Some(got.clone());
        }
        let got = self.measure_id_uncached(cell, unit, row)?;
        self.measure_cache.insert(cell.to_string(), got.clone());
        Some(got)
    }

    fn measure_id_uncached(
        &mut self,
        cell: &str,
        unit: Option<Unit>,
        row: usize,
    ) -> Option<(String, Unit)> {
        let f = fold(cell);
        let matches = |m: &Measure| {
            m.id == cell || fold(&m.id) == f || fold(&m.name.vi) == f || fold(&m.name.en) == f
        };
        if let Some(m) = self.measures.iter().find(|m| matches(m)) {
            return Some((m.id.clone(), m.unit));
        }
        let alias = MEASURE_ALIASES
            .iter()
            .find(|(a, _)| *a == f)
            .map(|(_, id)| *id);
        if let Some(reference) = self.reference {
            if let Some(m) = reference
                .measures
                .iter()
                .find(|m| matches(m) || Some(m.id.as_str()) == alias)
            {
                if let Some(m) = self.measures.iter().find(|x| x.id == m.id) {
                    return Some((m.id.clone(), m.unit));
                }
                self.measures.push(m.clone());
                self.measure_rows.push(row);
                return Some((m.id.clone(), m.unit));
            }
        }
        let unit = unit?;
        let mut id = slug(cell, '_');
        if id.is_empty() {
            id = format!("measure_{}", self.measures.len() + 1);
        }
        self.measures.push(Measure {
            id: id.clone(),
            unit,
            name: Localized {
                vi: cell.to_string(),
                en: cell.to_string(),
            },
        });
        self.measure_rows.push(row);
        Some((id, unit))
    }

    fn source_file(&mut self, cell: Option<&str>, row: usize) -> String {
        let key = cell.unwrap_or("");
        if let Some(file) = self.source_cache.get(key) {
            return file.clone();
        }
        let file = self.source_file_uncached(cell, row);
        self.source_cache.insert(key.to_string(), file.clone());
        file
    }

    fn source_file_uncached(&mut self, cell: Option<&str>, row: usize) -> String {
        let Some(cell) = cell.filter(|c| !c.trim().is_empty()) else {
            const DEFAULT: &str = "bang-nhap";
            if !self.sources.iter().any(|s| s.file == DEFAULT) {
                self.sources.push(Source {
                    file: DEFAULT.to_string(),
                    title: Localized {
                        vi: "Bảng số liệu nhập trong trình soạn biểu đồ".to_string(),
                        en: "Table entered in the chart editor".to_string(),
                    },
                    publisher: String::new(),
                    date: String::new(),
                });
                self.source_rows.push(row);
            }
            return DEFAULT.to_string();
        };
        let f = fold(cell);
        let matches =
            |s: &Source| s.file == cell || fold(&s.title.vi) == f || fold(&s.title.en) == f;
        if let Some(s) = self.sources.iter().find(|s| matches(s)) {
            return s.file.clone();
        }
        if let Some(reference) = self.reference {
            if let Some(s) = reference.sources.iter().find(|s| matches(s)) {
                self.sources.push(s.clone());
                self.source_rows.push(row);
                return s.file.clone();
            }
        }
        let file: String = cell.trim().chars().take(200).collect();
        self.sources.push(Source {
            file: file.clone(),
            title: Localized {
                vi: cell.trim().to_string(),
                en: cell.trim().to_string(),
            },
            publisher: String::new(),
            date: String::new(),
        });
        self.source_rows.push(row);
        file
    }

    fn read_figures(
        &mut self,
        p: &mut Problems,
        rows: &[&Record],
        sep: char,
        options: &TableOptions,
        warnings: &mut Vec<TableProblem>,
    ) -> (Vec<Figure>, Vec<Origin>, HashMap<Col, usize>, Vec<String>) {
        let mut figures = Vec::new();
        let mut origins = Vec::new();
        let Some(hi) = rows.iter().position(|r| !r.is_blank()) else {
            p.at(
                None,
                None,
                "bảng trống: dán một bảng có dòng tiêu đề (Khu vực, Năm, Chỉ tiêu, Kế hoạch, Thực hiện)".to_string(),
                "the table is empty: paste a table with a header row (Region, Year, Measure, Plan, Actual)".to_string(),
            );
            return (figures, origins, HashMap::new(), Vec::new());
        };
        // A title above the header ("BÁO CÁO KHUYẾN CÔNG 2023"): the header is the first of
        // the first rows that names at least two known columns.
        let known = |r: &Record| {
            r.cells
                .iter()
                .filter(|c| figure_column(c.text.trim()).is_some())
                .count()
        };
        let hi = rows
            .iter()
            .enumerate()
            .skip(hi)
            .filter(|(_, r)| !r.is_blank())
            .take(10)
            .find(|(_, r)| known(r) >= 2)
            .map_or(hi, |(i, _)| i);
        for r in rows[..hi].iter().filter(|r| !r.is_blank()) {
            warnings.push(TableProblem {
                row: Some(r.row),
                column: None,
                column_name: None,
                vi: "dòng trên dòng tiêu đề, bỏ qua".to_string(),
                en: "row above the header row, ignored".to_string(),
            });
        }
        let hrec = rows[hi];
        let mut h = Header {
            cols: HashMap::new(),
            names: hrec
                .cells
                .iter()
                .map(|c| c.text.trim().to_string())
                .collect(),
        };
        let mut header_units: HashMap<usize, (Unit, i32)> = HashMap::new();
        for (i, c) in hrec.cells.iter().enumerate() {
            let name = c.text.trim();
            if name.is_empty() {
                continue;
            }
            match figure_column(name) {
                Some(col) => {
                    if let Some(first) = h.cols.get(&col) {
                        p.at(
                            Some(hrec.row),
                            h.loc(i),
                            format!(
                                "cột này trùng với cột {} ({}): mỗi cột chỉ một lần",
                                column_letter(*first),
                                q(&h.names[*first])
                            ),
                            format!(
                                "duplicate column: the same as column {} ({})",
                                column_letter(*first),
                                q(&h.names[*first])
                            ),
                        );
                    } else {
                        h.cols.insert(col, i);
                        if let Some(u) = header_unit(name).and_then(parse_unit) {
                            header_units.insert(i, u);
                        }
                    }
                }
                None => warnings.push(TableProblem {
                    row: Some(hrec.row),
                    column: Some(i),
                    column_name: Some(name.to_string()),
                    vi: "cột không nhận ra, bỏ qua".to_string(),
                    en: "column not recognised, ignored".to_string(),
                }),
            }
        }
        if h.cols.is_empty() {
            // Not a header at all: its cells are data, not unknown columns.
            warnings.retain(|w| w.row != Some(hrec.row));
            p.at(
                Some(hrec.row),
                None,
                format!(
                    "không thấy dòng tiêu đề: dòng đầu phải ghi tên cột (Khu vực, Năm, Chỉ tiêu, Kế hoạch, Thực hiện …); dấu phân cách: {}",
                    sep_name(sep, true)
                ),
                format!(
                    "no header row: the first row must name the columns (Region, Year, Measure, Plan, Actual …); separator: {}",
                    sep_name(sep, false)
                ),
            );
            return (figures, origins, HashMap::new(), Vec::new());
        }
        let long = h.get(Col::Value).is_some();
        let wide = h.get(Col::Plan).is_some() || h.get(Col::Actual).is_some();
        let mut missing = Vec::new();
        for (c, vi, en) in [
            (Col::Region, "Khu vực", "Region"),
            (Col::Year, "Năm", "Year"),
            (Col::Measure, "Chỉ tiêu", "Measure"),
        ] {
            if h.get(c).is_none() {
                missing.push((vi, en));
            }
        }
        if long && wide {
            p.at(
                Some(hrec.row),
                None,
                "có cả cột 'Giá trị' và cột 'Kế hoạch'/'Thực hiện': dùng một trong hai cách"
                    .to_string(),
                "both a 'value' column and 'plan'/'actual' columns: use one form or the other"
                    .to_string(),
            );
        } else if !long && !wide {
            missing.push((
                "Kế hoạch / Thực hiện (hoặc Giá trị + Loại)",
                "Plan / Actual (or Value + Basis)",
            ));
        } else if long && h.get(Col::Basis).is_none() {
            missing.push(("Loại (kế hoạch / thực hiện)", "Basis (plan / actual)"));
        }
        for (vi, en) in &missing {
            p.at(
                Some(hrec.row),
                None,
                format!("thiếu cột '{vi}'"),
                format!("missing column '{en}'"),
            );
        }
        if !missing.is_empty() || (long && wide) {
            return (figures, origins, HashMap::new(), Vec::new());
        }
        let data: Vec<&Record> = rows[hi + 1..].to_vec();
        if data.iter().filter(|r| !r.is_blank()).count() > MAX_FIGURES {
            p.at(
                None,
                None,
                format!("hơn {MAX_FIGURES} dòng số liệu (tối đa {MAX_FIGURES})"),
                format!("more than {MAX_FIGURES} rows of figures (the maximum is {MAX_FIGURES})"),
            );
            return (figures, origins, HashMap::new(), Vec::new());
        }
        // Number style of each value column.
        let value_cols: Vec<usize> = [Col::Value, Col::Plan, Col::Actual]
            .iter()
            .filter_map(|c| h.get(*c))
            .collect();
        let mut styles: HashMap<usize, NumberStyle> = HashMap::new();
        let mut undecided = Vec::new();
        for &vc in &value_cols {
            let (style, both) = column_style(p, &h, &data, vc, options.numbers);
            styles.insert(vc, style);
            if style == NumberStyle::Auto && !both.is_empty() {
                undecided.push((vc, both));
            }
        }
        // A column whose numbers all read two ways follows the table's other value
        // columns when they are decided and agree; otherwise every such cell is reported.
        let mut decided: Vec<(usize, NumberStyle)> = styles
            .iter()
            .filter(|(_, s)| **s != NumberStyle::Auto)
            .map(|(c, s)| (*c, *s))
            .collect();
        decided.sort_by_key(|d| d.0);
        let agreed = decided
            .first()
            .map(|d| d.1)
            .filter(|s| decided.iter().all(|d| d.1 == *s));
        for (vc, both) in undecided {
            if let (Some(style), Some(&(from, _))) = (agreed, decided.first()) {
                styles.insert(vc, style);
                let (sv, se) = if style == NumberStyle::Vi {
                    (
                        "kiểu Việt (1.234 = một nghìn hai trăm ba mươi tư)",
                        "the Vietnamese way (1.234 = 1234)",
                    )
                } else {
                    (
                        "kiểu Anh (1.234 = một phẩy hai ba bốn)",
                        "the English way (1.234 = 1.234)",
                    )
                };
                warnings.push(TableProblem {
                    row: None,
                    column: Some(vc),
                    column_name: Some(h.names[vc].clone()),
                    vi: format!(
                        "số của cột này đọc được hai cách; đọc {sv} như cột '{}'",
                        h.names[from]
                    ),
                    en: format!(
                        "the numbers of this column read two ways; read {se} like column '{}'",
                        h.names[from]
                    ),
                });
                continue;
            }
            for (row, t) in &both {
                p.at(
                    Some(*row),
                    h.loc(vc),
                    format!("{} đọc được hai cách (kiểu Việt 1.234 = 1234 hay kiểu Anh 1.234 = 1,234?): chọn kiểu số, hoặc viết rõ hơn (ví dụ 1234)", q(t)),
                    format!("{} reads two ways (Vietnamese 1.234 = 1234, or English 1.234 = 1.234?): choose the number style, or write it unambiguously (e.g. 1234)", q(t)),
                );
            }
        }
        let width = h.names.len();
        let mut above: HashMap<Col, String> = HashMap::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for r in data {
            if r.is_blank() {
                continue;
            }
            // A totals row ("Tổng cộng") repeats other rows: skipped, with a note.
            if let Some(i) = h.get(Col::Region) {
                if matches!(
                    fold(r.cell(i)).as_str(),
                    "tong cong"
                        | "cong"
                        | "tong"
                        | "total"
                        | "totals"
                        | "grand total"
                        | "toan vung"
                ) {
                    warnings.push(TableProblem {
                        row: Some(r.row),
                        column: Some(i),
                        column_name: Some(h.names[i].clone()),
                        vi: "dòng tổng cộng, bỏ qua".to_string(),
                        en: "a totals row, ignored".to_string(),
                    });
                    continue;
                }
            }
            let extra = r
                .cells
                .iter()
                .skip(width)
                .filter(|c| !c.text.trim().is_empty())
                .count();
            if extra > 0 {
                p.at(
                    Some(r.row),
                    None,
                    format!(
                        "dòng có {} ô nhưng tiêu đề chỉ có {width} cột (số có dấu phẩy cần đặt trong ngoặc kép, hoặc dùng dấu chấm phẩy / tab để phân cách)",
                        r.cells.len()
                    ),
                    format!(
                        "the row has {} cells but the header only {width} columns (quote numbers containing commas, or separate cells with semicolons or tabs)",
                        r.cells.len()
                    ),
                );
                continue;
            }
            let before = p.list.len() + p.more;
            // Cells that repeat the one above when empty (merged cells).
            let mut get = |c: Col| -> Option<(String, usize)> {
                let (t, i) = h.cell(r, c)?;
                let t = text_of(t);
                if t.trim().is_empty() {
                    if matches!(
                        c,
                        Col::Region
                            | Col::Year
                            | Col::Months
                            | Col::Measure
                            | Col::Unit
                            | Col::Source
                    ) {
                        if let Some(prev) = above.get(&c) {
                            return Some((prev.clone(), i));
                        }
                    }
                    return Some((String::new(), i));
                }
                above.insert(c, t.clone());
                Some((t, i))
            };
            let region = get(Col::Region);
            let year = get(Col::Year);
            let months = get(Col::Months);
            let measure = get(Col::Measure);
            let unit = get(Col::Unit);
            let source = get(Col::Source);
            let text =
                |c: Col| -> String { h.cell(r, c).map(|(t, _)| text_of(t)).unwrap_or_default() };
            let required = |p: &mut Problems, v: &Option<(String, usize)>| -> Option<String> {
                let (t, i) = v.as_ref()?;
                if t.trim().is_empty() {
                    p.at(
                        Some(r.row),
                        h.loc(*i),
                        "ô trống (cần có giá trị)".to_string(),
                        "empty cell (a value is required)".to_string(),
                    );
                    return None;
                }
                Some(t.trim().to_string())
            };
            let region_t = required(p, &region);
            let year_t = required(p, &year);
            let measure_t = required(p, &measure);
            // Year and months.
            let mut ym: Option<(i32, Option<u8>)> = None;
            if let (Some(t), Some((_, i))) = (&year_t, &year) {
                match parse_period(t) {
                    Some((y, m)) if (i32::MIN as i64..=i32::MAX as i64).contains(&y) => {
                        let m = m.map(|m| m.clamp(0, 255) as u8);
                        ym = Some((y as i32, m));
                    }
                    _ => p.at(
                        Some(r.row),
                        h.loc(*i),
                        format!(
                            "{} không phải là năm hay kỳ (ví dụ 2023, 6 tháng 2023)",
                            q(t)
                        ),
                        format!(
                            "{} is not a year or period (e.g. 2023, 6 tháng 2023, H1 2023)",
                            q(t)
                        ),
                    ),
                }
            }
            let mut months_v: Option<u8> = ym.and_then(|(_, m)| m);
            if let Some((t, i)) = &months {
                if !t.trim().is_empty() {
                    match parse_months(t) {
                        Some(m) => {
                            let m = m.clamp(0, 255) as u8;
                            if months_v.is_some_and(|pm| pm != m) {
                                p.at(
                                    Some(r.row),
                                    h.loc(*i),
                                    format!("{} tháng, khác với kỳ ở cột năm", m),
                                    format!("{m} months, not what the year column's period says"),
                                );
                            }
                            months_v = Some(m);
                        }
                        None => p.at(
                            Some(r.row),
                            h.loc(*i),
                            format!("{} không phải là số tháng (1–12)", q(t)),
                            format!("{} is not a number of months (1–12)", q(t)),
                        ),
                    }
                }
            }
            // Unit and its scale.
            let mut unit_v: Option<(Unit, i32)> = None;
            if let Some((t, i)) = &unit {
                if !t.trim().is_empty() {
                    match parse_unit(t) {
                        Some(u) => unit_v = Some(u),
                        None => p.at(
                            Some(r.row),
                            h.loc(*i),
                            format!("đơn vị {} không dùng được (dùng {UNITS_HELP_VI})", q(t)),
                            format!("unknown unit {} (expected {UNITS_HELP_EN})", q(t)),
                        ),
                    }
                }
            }
            // Flags.
            let mut flags = Flags::default();
            if let Some((t, i)) = h.cell(r, Col::Flags) {
                match parse_flags(t) {
                    Ok(f) => flags = f,
                    Err(w) => p.at(
                        Some(r.row),
                        h.loc(i),
                        format!("không hiểu {} (dùng ≈ ước, > hơn, ? không rõ, * suy ra)", q(&w)),
                        format!("unknown flag {} (expected ≈ estimate, > at_least, ? ambiguous, * derived)", q(&w)),
                    ),
                }
            }
            let formula = text(Col::Formula);
            let inputs: Vec<String> = text(Col::Inputs)
                .split([';', ',', ' ', '\n', '\t'])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if formula.trim().is_empty() && !inputs.is_empty() {
                if let Some(i) = h.get(Col::Inputs) {
                    p.at(
                        Some(r.row),
                        h.loc(i),
                        "có đầu vào nhưng thiếu công thức".to_string(),
                        "inputs given without a formula".to_string(),
                    );
                }
            }
            // Values.
            let mut values: Vec<(Basis, usize, ValueCell)> = Vec::new();
            let cols: Vec<(Option<Basis>, usize)> = if long {
                let b = h.cell(r, Col::Basis).and_then(|(t, i)| {
                    let b = parse_basis(t);
                    if t.trim().is_empty() {
                        p.at(
                            Some(r.row),
                            h.loc(i),
                            "ô trống (cần có giá trị)".to_string(),
                            "empty cell (a value is required)".to_string(),
                        );
                    } else if b.is_none() {
                        p.at(
                            Some(r.row),
                            h.loc(i),
                            format!(
                                "{} không phải loại số liệu (dùng kế hoạch / thực hiện)",
                                q(t)
                            ),
                            format!(
                                "{} is not a basis (expected plan / actual, kế hoạch / thực hiện)",
                                q(t)
                            ),
                        );
                    }
                    b
                });
                match (b, h.get(Col::Value)) {
                    (Some(b), Some(i)) => vec![(Some(b), i)],
                    _ => vec![],
                }
            } else {
                [(Basis::Plan, Col::Plan), (Basis::Actual, Col::Actual)]
                    .iter()
                    .filter_map(|(b, c)| h.get(*c).map(|i| (Some(*b), i)))
                    .collect()
            };
            for (b, i) in &cols {
                let t = r.cell(*i).trim();
                if t.is_empty() {
                    if long {
                        p.at(
                            Some(r.row),
                            h.loc(*i),
                            "ô trống (cần có giá trị)".to_string(),
                            "empty cell (a value is required)".to_string(),
                        );
                    }
                    continue;
                }
                match value_cell(t) {
                    Ok(v) => {
                        if let Some(b) = b {
                            values.push((*b, *i, v));
                        }
                    }
                    Err(ValueErr::Formula) => p.at(
                        Some(r.row),
                        h.loc(*i),
                        format!("{} là công thức, không phải số: hãy sao chép giá trị (Paste Special → Values)", q(t)),
                        format!("{} is a formula, not a number: copy the values (Paste Special → Values)", q(t)),
                    ),
                    Err(ValueErr::NotANumber) => p.at(
                        Some(r.row),
                        h.loc(*i),
                        format!("{} không phải là số", q(t)),
                        format!("{} is not a number", q(t)),
                    ),
                }
            }
            if !long && values.is_empty() && p.list.len() + p.more == before {
                let i = h.get(Col::Plan).or(h.get(Col::Actual)).unwrap_or(0);
                p.at(
                    Some(r.row),
                    h.loc(i),
                    "không có số kế hoạch hay thực hiện".to_string(),
                    "neither a plan nor an actual value".to_string(),
                );
            }
            // Resolve references.
            let region_id = region_t.map(|t| self.region_id(&t, r.row));
            let measure_res = measure_t.and_then(|t| {
                let header_u = values.first().and_then(|(_, i, _)| header_units.get(i)).map(|u| u.0);
                let u = unit_v.map(|u| u.0).or(header_u);
                let got = self.measure_id(&t, u, r.row);
                if got.is_none() {
                    if let Some((_, i)) = &measure {
                        p.at(
                            Some(r.row),
                            h.loc(*i),
                            format!("chỉ tiêu mới {}: thêm cột 'Đơn vị' ({UNITS_HELP_VI}) hoặc dùng tên có sẵn như 'Tổng kinh phí', 'Số đề án'", q(&t)),
                            format!("new measure {}: add a 'unit' column ({UNITS_HELP_EN}) or use a known one such as total_funding, total_projects", q(&t)),
                        );
                    }
                }
                got
            });
            let source_cell = source.as_ref().map(|s| s.0.clone());
            if p.list.len() + p.more != before {
                continue;
            }
            let (Some(region_id), Some((measure_id, measure_unit)), Some((year_v, _))) =
                (region_id, measure_res, ym)
            else {
                continue;
            };
            let months_v = months_v.unwrap_or(12);
            let file = self.source_file(source_cell.as_deref(), r.row);
            let quote_cell = text(Col::Quote);
            let quote = if quote_cell.trim().is_empty() {
                // The row as the spreadsheet shows it, merged cells filled in.
                let filled = [&region, &year, &months, &measure, &unit, &source];
                let joined: Vec<&str> = r
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let t = c.text.trim();
                        if !t.is_empty() {
                            return t;
                        }
                        filled
                            .iter()
                            .find_map(|v| v.as_ref().filter(|v| v.1 == i))
                            .map_or("", |v| v.0.trim())
                    })
                    .filter(|t| !t.is_empty())
                    .collect();
                let s = joined.join(" | ");
                if s.chars().count() > 2000 {
                    s.chars().take(1999).chain(['…']).collect()
                } else {
                    s
                }
            } else {
                quote_cell
            };
            let note = {
                let (n, nv, ne) = (text(Col::Note), text(Col::NoteVi), text(Col::NoteEn));
                let vi = if nv.is_empty() { n.clone() } else { nv };
                let en = if ne.is_empty() { n } else { ne };
                match (vi.is_empty(), en.is_empty()) {
                    (true, true) => None,
                    (false, true) => Some(Localized { en: vi.clone(), vi }),
                    (true, false) => Some(Localized { vi: en.clone(), en }),
                    (false, false) => Some(Localized { vi, en }),
                }
            };
            let many = values.len() > 1;
            for (basis, vcol, v) in values {
                let style = styles.get(&vcol).copied().unwrap_or(NumberStyle::Auto);
                let lit = match (&v.read, style) {
                    (NumRead::Plain(s), _) => s.clone(),
                    (NumRead::Vi(s), _) | (NumRead::En(s), _) => s.clone(),
                    (NumRead::Both { vi, .. }, NumberStyle::Vi) => vi.clone(),
                    (NumRead::Both { en, .. }, NumberStyle::En) => en.clone(),
                    // reported by column_style
                    (NumRead::Both { .. }, NumberStyle::Auto) => continue,
                };
                let scale = unit_v
                    .map(|u| u.1)
                    .or(header_units.get(&vcol).map(|u| u.1))
                    .unwrap_or(0);
                let unit = unit_v
                    .map(|u| u.0)
                    .or(header_units.get(&vcol).map(|u| u.0))
                    .unwrap_or(measure_unit);
                let Some(value) = literal_value(&lit, v.negative, scale) else {
                    continue;
                };
                let derived = flags.derived || v.derived || !formula.trim().is_empty();
                if derived && formula.trim().is_empty() {
                    p.at(
                        Some(r.row),
                        h.loc(h.get(Col::Flags).unwrap_or(vcol)),
                        "số suy ra (*) cần cột 'Công thức'".to_string(),
                        "a derived figure (*) needs a 'formula' column".to_string(),
                    );
                    continue;
                }
                let id = match h.cell(r, Col::Id).map(|(t, _)| text_of(t)) {
                    Some(id) if !id.trim().is_empty() && !many => id,
                    Some(id) if !id.trim().is_empty() => format!("{id}-{}", basis.id()),
                    _ => {
                        let base = format!(
                            "{region_id}-{year_v}-{months_v}m-{measure_id}-{}",
                            basis.id()
                        );
                        let n = ids.entry(base.clone()).or_insert(0);
                        *n += 1;
                        if *n == 1 {
                            base
                        } else {
                            format!("{base}-{n}")
                        }
                    }
                };
                figures.push(Figure {
                    id,
                    region: region_id.clone(),
                    year: year_v,
                    months: months_v,
                    measure: measure_id.clone(),
                    basis,
                    value,
                    unit,
                    source: Quote {
                        file: file.clone(),
                        quote: quote.clone(),
                    },
                    estimate: flags.estimate || v.estimate,
                    at_least: flags.at_least || v.at_least,
                    ambiguous: flags.ambiguous || v.ambiguous,
                    derived: derived.then(|| Derivation {
                        formula: formula.clone(),
                        inputs: inputs.clone(),
                    }),
                    note: note.clone(),
                    refs: Refs::default(),
                });
                origins.push(Origin {
                    row: r.row,
                    value_col: vcol,
                });
            }
        }
        if figures.is_empty() && p.list.is_empty() {
            p.at(
                None,
                None,
                "bảng không có dòng số liệu nào dưới dòng tiêu đề".to_string(),
                "the table has no rows of figures under its header".to_string(),
            );
        }
        (figures, origins, h.cols, h.names)
    }
}

fn sep_name(sep: char, vi: bool) -> &'static str {
    match (sep, vi) {
        ('\t', true) => "tab",
        ('\t', false) => "tab",
        (';', true) => "dấu chấm phẩy",
        (';', false) => "semicolon",
        (',', true) => "dấu phẩy",
        (',', false) => "comma",
        (_, true) => "ký tự khác",
        (_, false) => "other",
    }
}

/// Decides how a value column writes its numbers, reporting cells that disagree or
/// that read two ways when nothing decides.
fn column_style(
    p: &mut Problems,
    h: &Header,
    data: &[&Record],
    col: usize,
    forced: NumberStyle,
) -> (NumberStyle, Vec<(usize, String)>) {
    let mut vi = Vec::new();
    let mut en = Vec::new();
    let mut both = Vec::new();
    for r in data {
        let t = r.cell(col).trim();
        if t.is_empty() {
            continue;
        }
        if let Ok(v) = value_cell(t) {
            match v.read {
                NumRead::Vi(_) => vi.push((r.row, t)),
                NumRead::En(_) => en.push((r.row, t)),
                NumRead::Both { .. } => both.push((r.row, t)),
                NumRead::Plain(_) => {}
            }
        }
    }
    let style = match forced {
        NumberStyle::Auto if !vi.is_empty() && en.len() > vi.len() => NumberStyle::En,
        NumberStyle::Auto if !vi.is_empty() => NumberStyle::Vi,
        NumberStyle::Auto if !en.is_empty() => NumberStyle::En,
        s => s,
    };
    let (wrong, vi_style) = match style {
        NumberStyle::Vi => (&en, true),
        NumberStyle::En => (&vi, false),
        NumberStyle::Auto => (&en, true),
    };
    if style != NumberStyle::Auto {
        let chosen = forced != NumberStyle::Auto;
        for (row, t) in wrong {
            let (sv, se) = if vi_style {
                ("kiểu Việt (1.234,5)", "the Vietnamese way (1.234,5)")
            } else {
                ("kiểu Anh (1,234.5)", "the English way (1,234.5)")
            };
            if chosen {
                p.at(
                    Some(*row),
                    h.loc(col),
                    format!("{} không viết {sv}, kiểu số đã chọn", q(t)),
                    format!("{} is not written {se}, the number style chosen", q(t)),
                );
                continue;
            }
            p.at(
                Some(*row),
                h.loc(col),
                format!(
                    "{} viết khác kiểu với các số khác của cột, vốn viết {sv}",
                    q(t)
                ),
                format!(
                    "{} is written unlike the other numbers of the column, which are written {se}",
                    q(t)
                ),
            );
        }
    }
    (
        style,
        both.into_iter().map(|(r, t)| (r, t.to_string())).collect(),
    )
}

// ---------------------------------------------------------------------------------------
// Writing: the dataset as a table, and as JSON
// ---------------------------------------------------------------------------------------

/// A text cell, always quoted (kept exactly when read back); a leading `= + - @`, tab, CR
/// or `'` is neutralised with `'` so a spreadsheet does not run it as a formula.
fn text_cell(s: &str) -> String {
    let body = if s.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", body.replace('"', "\"\""))
}

/// A number that reads back the same in a column written the English way: never the
/// ambiguous shape `d.ddd` (padded to `d.dddd`).
fn number_cell(v: f64) -> String {
    let mut s = format!("{v}");
    let unsigned = s.trim_start_matches('-');
    if let Some((int, frac)) = unsigned.split_once('.') {
        if frac.len() == 3 && (1..=3).contains(&int.len()) && int != "0" {
            s.push('0');
        }
    }
    s
}

/// The dataset as a CSV table (UTF-8 with BOM, comma-separated, CRLF): one row per figure
/// with every field, then the `[regions]`, `[measures]` and `[sources]` sections and, when
/// the dataset has notes, `[notes]`, so [`Dataset::from_table`] gives back the same dataset.
pub fn to_table(ds: &Dataset) -> String {
    let mut out = String::from("\u{feff}");
    let line = |out: &mut String, cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        &mut out,
        [
            "id", "region", "year", "months", "measure", "basis", "value", "unit", "flags",
            "formula", "inputs", "note_vi", "note_en", "source", "quote",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for f in &ds.figures {
        let mut flags = Vec::new();
        if f.estimate {
            flags.push("estimate");
        }
        if f.at_least {
            flags.push("at_least");
        }
        if f.ambiguous {
            flags.push("ambiguous");
        }
        let (formula, inputs) = match &f.derived {
            Some(d) => (d.formula.as_str(), d.inputs.join(" ")),
            None => ("", String::new()),
        };
        let (nvi, nen) = match &f.note {
            Some(n) => (n.vi.as_str(), n.en.as_str()),
            None => ("", ""),
        };
        line(
            &mut out,
            vec![
                text_cell(&f.id),
                text_cell(&f.region),
                f.year.to_string(),
                f.months.to_string(),
                text_cell(&f.measure),
                f.basis.id().to_string(),
                number_cell(f.value),
                f.unit.id().to_string(),
                flags.join(" "),
                text_cell(formula),
                text_cell(&inputs),
                text_cell(nvi),
                text_cell(nen),
                text_cell(&f.source.file),
                text_cell(&f.source.quote),
            ],
        );
    }
    out.push_str("\r\n[regions]\r\n");
    line(
        &mut out,
        ["id", "name_vi", "name_en", "short_vi", "short_en"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    for r in &ds.regions {
        let (svi, sen) = r
            .short
            .as_ref()
            .map_or(("", ""), |s| (s.vi.as_str(), s.en.as_str()));
        line(
            &mut out,
            vec![
                text_cell(&r.id),
                text_cell(&r.name.vi),
                text_cell(&r.name.en),
                text_cell(svi),
                text_cell(sen),
            ],
        );
    }
    out.push_str("\r\n[measures]\r\n");
    line(
        &mut out,
        ["id", "unit", "name_vi", "name_en"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    for m in &ds.measures {
        line(
            &mut out,
            vec![
                text_cell(&m.id),
                m.unit.id().to_string(),
                text_cell(&m.name.vi),
                text_cell(&m.name.en),
            ],
        );
    }
    out.push_str("\r\n[sources]\r\n");
    line(
        &mut out,
        ["file", "title_vi", "title_en", "publisher", "date"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    );
    for s in &ds.sources {
        line(
            &mut out,
            vec![
                text_cell(&s.file),
                text_cell(&s.title.vi),
                text_cell(&s.title.en),
                text_cell(&s.publisher),
                text_cell(&s.date),
            ],
        );
    }
    if ds.annotations.is_empty() {
        return out;
    }
    out.push_str("\r\n[notes]\r\n");
    line(
        &mut out,
        NOTE_FIELDS.iter().map(|f| f.0.to_string()).collect(),
    );
    for a in &ds.annotations {
        let (figure, region, year, measure) = match &a.target {
            AnnotationTarget::Figure(f) => {
                (text_cell(f), String::new(), String::new(), String::new())
            }
            AnnotationTarget::Period { region, year } => (
                String::new(),
                text_cell(region),
                year.to_string(),
                String::new(),
            ),
            AnnotationTarget::Measure(m) => {
                (String::new(), String::new(), String::new(), text_cell(m))
            }
        };
        let (file, quote) = a
            .source
            .as_ref()
            .map_or((String::new(), String::new()), |s| {
                (text_cell(&s.file), text_cell(&s.quote))
            });
        line(
            &mut out,
            vec![
                figure,
                region,
                year,
                measure,
                text_cell(&a.text.vi),
                text_cell(&a.text.en),
                a.position.id().to_string(),
                file,
                quote,
            ],
        );
    }
    out
}

fn json_str(s: &str) -> String {
    super::json::write_string(s)
}

fn json_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        // Display writes the shortest digits that read back to the same f64, never an
        // exponent: a valid JSON number for every finite value.
        format!("{v}")
    }
}

fn json_loc(l: &Localized) -> String {
    format!("{{\"vi\":{},\"en\":{}}}", json_str(&l.vi), json_str(&l.en))
}

/// The dataset as JSON in the schema of `data/khuyencong.json` (one figure per line), which
/// [`Dataset::from_json`] reads back as the same dataset.
pub fn to_json(ds: &Dataset) -> String {
    let mut s = format!("{{\"schema_version\":{},\n\"regions\":[", ds.schema_version);
    let items: Vec<String> = ds
        .regions
        .iter()
        .map(|r| {
            let short = r
                .short
                .as_ref()
                .map(|s| format!(",\"short\":{}", json_loc(s)))
                .unwrap_or_default();
            format!(
                "\n{{\"id\":{},\"name\":{}{short}}}",
                json_str(&r.id),
                json_loc(&r.name)
            )
        })
        .collect();
    s.push_str(&items.join(","));
    s.push_str("],\n\"measures\":[");
    let items: Vec<String> = ds
        .measures
        .iter()
        .map(|m| {
            format!(
                "\n{{\"id\":{},\"unit\":\"{}\",\"name\":{}}}",
                json_str(&m.id),
                m.unit.id(),
                json_loc(&m.name)
            )
        })
        .collect();
    s.push_str(&items.join(","));
    s.push_str("],\n\"sources\":[");
    let items: Vec<String> = ds
        .sources
        .iter()
        .map(|x| {
            format!(
                "\n{{\"file\":{},\"title\":{},\"publisher\":{},\"date\":{}}}",
                json_str(&x.file),
                json_loc(&x.title),
                json_str(&x.publisher),
                json_str(&x.date)
            )
        })
        .collect();
    s.push_str(&items.join(","));
    s.push_str("],\n\"figures\":[");
    let items: Vec<String> = ds
        .figures
        .iter()
        .map(|f| {
            let mut o = format!(
                "\n{{\"id\":{},\"region\":{},\"year\":{},\"months\":{},\"measure\":{},\"basis\":\"{}\",\"value\":{},\"unit\":\"{}\",\"source\":{{\"file\":{},\"quote\":{}}}",
                json_str(&f.id),
                json_str(&f.region),
                f.year,
                f.months,
                json_str(&f.measure),
                f.basis.id(),
                json_num(f.value),
                f.unit.id(),
                json_str(&f.source.file),
                json_str(&f.source.quote)
            );
            if f.estimate {
                o.push_str(",\"estimate\":true");
            }
            if f.at_least {
                o.push_str(",\"at_least\":true");
            }
            if f.ambiguous {
                o.push_str(",\"ambiguous\":true");
            }
            if let Some(d) = &f.derived {
                let inputs: Vec<String> = d.inputs.iter().map(|i| json_str(i)).collect();
                o.push_str(&format!(
                    ",\"derived\":{{\"formula\":{},\"inputs\":[{}]}}",
                    json_str(&d.formula),
                    inputs.join(",")
                ));
            }
            if let Some(n) = &f.note {
                o.push_str(&format!(",\"note\":{}", json_loc(n)));
            }
            o.push('}');
            o
        })
        .collect();
    s.push_str(&items.join(","));
    s.push(']');
    if !ds.annotations.is_empty() {
        s.push_str(",\n\"annotations\":[");
        let items: Vec<String> = ds.annotations.iter().map(json_annotation).collect();
        s.push_str(&items.join(","));
        s.push(']');
    }
    s.push_str("}\n");
    s
}

fn json_annotation(a: &super::Annotation) -> String {
    use super::AnnotationTarget;
    let target = match &a.target {
        AnnotationTarget::Figure(f) => format!("\"figure\":{}", json_str(f)),
        AnnotationTarget::Period { region, year } => format!(
            "\"period\":{{\"region\":{},\"year\":{year}}}",
            json_str(region)
        ),
        AnnotationTarget::Measure(m) => format!("\"measure\":{}", json_str(m)),
    };
    let mut o = format!(
        "\n{{{target},\"text\":{},\"position\":\"{}\"",
        json_loc(&a.text),
        a.position.id()
    );
    if let Some(q) = &a.source {
        o.push_str(&format!(
            ",\"source\":{{\"file\":{},\"quote\":{}}}",
            json_str(&q.file),
            json_str(&q.quote)
        ));
    }
    o.push('}');
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_both_ways_or_one() {
        assert_eq!(
            classify("48.331"),
            Some(NumRead::Both {
                vi: "48331".into(),
                en: "48.331".into()
            })
        );
        assert_eq!(classify("54,06"), Some(NumRead::Vi("54.06".into())));
        assert_eq!(classify("54.06"), Some(NumRead::En("54.06".into())));
        assert_eq!(classify("1.234.567"), Some(NumRead::Vi("1234567".into())));
        assert_eq!(classify("48,331.5"), Some(NumRead::En("48331.5".into())));
        assert_eq!(classify("48.331,5"), Some(NumRead::Vi("48331.5".into())));
        assert_eq!(classify("12,3,4"), None);
        assert_eq!(classify("0,123"), Some(NumRead::Vi("0.123".into())));
        assert_eq!(classify("2020"), Some(NumRead::Plain("2020".into())));
    }

    #[test]
    fn periods_and_folding() {
        assert_eq!(fold("Thực hiện (tr.đ)"), "thuc hien tr d");
        assert_eq!(parse_period("6 tháng đầu năm 2020"), Some((2020, Some(6))));
        assert_eq!(parse_period("H1 2020"), Some((2020, Some(6))));
        assert_eq!(parse_period("2017"), Some((2017, None)));
        assert_eq!(parse_period("6T/2020"), Some((2020, Some(6))));
        assert_eq!(parse_period("abc"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn billions_scale_exactly() {
        assert_eq!(literal_value("54.06", false, 3), Some(54060.0));
        assert_eq!(literal_value("19.9", false, 3), Some(19900.0));
        assert_eq!(number_cell(6.811), "6.8110");
        assert_eq!(number_cell(48331.0), "48331");
    }
}
