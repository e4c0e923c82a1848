//! The editor's API (cargo feature `editor`, package `pkg-editor/`): tables in, datasets
//! out, for `www/editor.html`. The chart package `pkg/` does not contain it.

use super::dom::err;
use crate::data::table::{self, NumberStyle, TableOptions, TableProblem};
use crate::data::{Dataset, Unit};
use crate::model::{activities, funding};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Problem {
    row: Option<usize>,
    column: Option<usize>,
    column_name: Option<String>,
    vi: String,
    en: String,
    message_vi: String,
    message_en: String,
}

impl From<&TableProblem> for Problem {
    fn from(p: &TableProblem) -> Self {
        Problem {
            row: p.row,
            column: p.column,
            column_name: p.column_name.clone(),
            vi: p.vi.clone(),
            en: p.en.clone(),
            message_vi: p.message_vi(),
            message_en: p.message_en(),
        }
    }
}

#[derive(Serialize)]
struct RegionInfo {
    id: String,
    vi: String,
    en: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReadResult {
    ok: bool,
    /// "table" or "json".
    kind: &'static str,
    /// The dataset as JSON (schema of `data/khuyencong.json`), when ok.
    dataset: Option<String>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    separator: String,
    rows: usize,
    figures: usize,
    regions: Vec<RegionInfo>,
    measures: usize,
    sources: usize,
    /// The dataset's notes (annotations).
    notes: usize,
    /// The first rows and every row with a problem, split into cells as read.
    grid: Vec<GridRow>,
}

#[derive(Serialize)]
struct GridRow {
    row: usize,
    cells: Vec<String>,
}

/// Rows of the table shown in the editor's view of it.
const GRID_ROWS: usize = 200;

fn option_str(options: &JsValue, key: &str) -> Option<String> {
    if !options.is_object() {
        return None;
    }
    js_sys::Reflect::get(options, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

fn table_options(options: &JsValue) -> Result<TableOptions, JsValue> {
    let separator = match option_str(options, "separator").as_deref() {
        None | Some("auto") | Some("") => None,
        Some("tab") | Some("\t") => Some('\t'),
        Some(",") => Some(','),
        Some(";") => Some(';'),
        Some(other) => {
            return Err(err(format!(
                "options.separator: unknown separator {other:?} (expected \"auto\", \",\", \";\" or \"tab\")"
            )))
        }
    };
    let numbers = match option_str(options, "numbers") {
        None => NumberStyle::Auto,
        Some(s) => NumberStyle::parse(&s).ok_or_else(|| {
            err(format!(
                "options.numbers: unknown number style {s:?} (expected \"auto\", \"vi\" or \"en\")"
            ))
        })?,
    };
    Ok(TableOptions { separator, numbers })
}

fn summary(ds: &Dataset) -> (Vec<RegionInfo>, usize, usize, usize) {
    (
        ds.regions
            .iter()
            .map(|r| RegionInfo {
                id: r.id.clone(),
                vi: r.name.vi.clone(),
                en: r.name.en.clone(),
            })
            .collect(),
        ds.figures.len(),
        ds.measures.len(),
        ds.sources.len(),
    )
}

/// Whether one of the two charts draws a measure (the funding chart: its sections, the
/// national/local split and `*_rate` gauges; the activities chart: count measures).
fn drawn(id: &str, unit: Unit) -> bool {
    funding::SECTIONS.contains(&id)
        || id == funding::NATIONAL
        || id == funding::LOCAL
        || (unit == Unit::Percent && funding::is_rate(id))
        || (unit == Unit::Count && !activities::NOT_ACTIVITIES.contains(&id))
}

/// A note for each measure of the dataset that no chart draws.
fn undrawn(ds: &Dataset) -> Vec<Problem> {
    ds.measures
        .iter()
        .filter(|m| !drawn(&m.id, m.unit) && ds.figures.iter().any(|f| f.measure == m.id))
        .map(|m| {
            let vi = format!(
                "chỉ tiêu \"{}\" được lưu nhưng không biểu đồ nào vẽ: biểu đồ kinh phí vẽ Tổng kinh phí (chia quốc gia / địa phương) và Doanh thu tư vấn, biểu đồ hoạt động vẽ các chỉ tiêu đếm số như Số đề án khuyến công quốc gia / địa phương",
                m.name.vi
            );
            let en = format!(
                "measure \"{}\" is kept but no chart draws it: the funding chart draws total_funding (national / local split) and consulting_revenue, the activities chart count measures such as national_projects / local_projects",
                m.name.en
            );
            Problem {
                row: None,
                column: None,
                column_name: None,
                message_vi: vi.clone(),
                message_en: en.clone(),
                vi,
                en,
            }
        })
        .collect()
}

/// Reads a pasted table (CSV/TSV) or a dataset JSON text. Options:
/// `{ separator: "auto" | "," | ";" | "tab", numbers: "auto" | "vi" | "en" }`.
/// Returns `{ ok, kind, dataset, problems, warnings, separator, rows, figures, regions,
/// measures, sources, notes }`; each problem has `row`, `column` (from 0), `columnName`, `vi`,
/// `en`, `messageVi` and `messageEn`.
#[wasm_bindgen(js_name = readTable)]
pub fn read_table(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let opts = table_options(&options)?;
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let result = if body.starts_with('{') {
        match Dataset::from_json(text) {
            Ok(ds) => {
                let (regions, figures, measures, sources) = summary(&ds);
                ReadResult {
                    ok: true,
                    kind: "json",
                    dataset: Some(table::to_json(&ds)),
                    problems: Vec::new(),
                    warnings: Vec::new(),
                    separator: String::new(),
                    rows: 0,
                    figures,
                    regions,
                    measures,
                    sources,
                    notes: ds.annotations.len(),
                    grid: Vec::new(),
                }
            }
            Err(e) => ReadResult {
                ok: false,
                kind: "json",
                dataset: None,
                problems: e
                    .problems
                    .iter()
                    .map(|m| Problem {
                        row: None,
                        column: None,
                        column_name: None,
                        vi: m.clone(),
                        en: m.clone(),
                        message_vi: m.clone(),
                        message_en: m.clone(),
                    })
                    .collect(),
                warnings: Vec::new(),
                separator: String::new(),
                rows: 0,
                figures: 0,
                regions: Vec::new(),
                measures: 0,
                sources: 0,
                notes: 0,
                grid: Vec::new(),
            },
        }
    } else {
        let imp = table::read_table(text, &opts);
        let warnings: Vec<Problem> = imp.warnings.iter().map(Problem::from).collect();
        let separator = imp.separator.to_string();
        match &imp.dataset {
            Ok(ds) => {
                let (regions, figures, measures, sources) = summary(ds);
                let mut warnings = warnings;
                warnings.extend(undrawn(ds));
                ReadResult {
                    ok: true,
                    kind: "table",
                    dataset: Some(table::to_json(ds)),
                    problems: Vec::new(),
                    warnings,
                    separator,
                    rows: imp.rows,
                    figures,
                    regions,
                    measures,
                    sources,
                    notes: ds.annotations.len(),
                    grid: Vec::new(),
                }
            }
            Err(e) => ReadResult {
                ok: false,
                kind: "table",
                dataset: None,
                problems: e.problems.iter().map(Problem::from).collect(),
                warnings,
                separator,
                rows: imp.rows,
                figures: 0,
                regions: Vec::new(),
                measures: 0,
                sources: 0,
                notes: 0,
                grid: Vec::new(),
            },
        }
    };
    let mut result = result;
    if result.kind == "table" {
        let also: Vec<usize> = result
            .problems
            .iter()
            .chain(&result.warnings)
            .filter_map(|p| p.row)
            .collect();
        result.grid = table::grid(text, &opts, GRID_ROWS, &also)
            .into_iter()
            .map(|(row, cells)| GridRow { row, cells })
            .collect();
    }
    serde_wasm_bindgen::to_value(&result).map_err(err)
}

/// A dataset (JSON text) as the editor's table: CSV with every field and the
/// `[regions]`, `[measures]`, `[sources]` (and `[notes]`) sections; reading it back gives
/// the same dataset.
#[wasm_bindgen(js_name = datasetToTable)]
pub fn dataset_to_table(json: &str) -> Result<String, JsValue> {
    let ds = Dataset::from_json(json).map_err(|e| err(format!("data: {e}")))?;
    Ok(table::to_table(&ds))
}

/// The built-in dataset as a table (the editor's "start from the seed figures").
#[wasm_bindgen(js_name = seedTable)]
pub fn seed_table() -> Result<String, JsValue> {
    let ds = Dataset::embedded().map_err(|e| err(e.to_string()))?;
    Ok(table::to_table(ds))
}
