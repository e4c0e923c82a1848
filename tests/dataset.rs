//! Integrity tests for `data/khuyencong.json`, checked against the seed articles in
//! `data/sources/`. Deliberately independent of the crate's own types: everything is
//! read through `serde_json::Value`, so a schema drift in `src/` cannot hide a data bug.

use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::PathBuf;

const MIN_FIGURES: usize = 50;
/// The only seed article allowed to have no figure (national article: decree numbers only).
const SEED_WITHOUT_FIGURES: &str = "003_";

const FIGURE_KEYS: &[&str] = &[
    "id",
    "region",
    "year",
    "months",
    "measure",
    "basis",
    "value",
    "unit",
    "source",
    "estimate",
    "at_least",
    "ambiguous",
    "derived",
    "note",
];
const UNITS: &[&str] = &["million_vnd", "count", "percent"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dataset() -> Value {
    let path = root().join("data/khuyencong.json");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

fn source_text(file: &str) -> Option<String> {
    if file.contains('/') || file.contains('\\') || file.contains("..") {
        return None;
    }
    fs::read_to_string(root().join("data/sources").join(file)).ok()
}

fn arr<'a>(ds: &'a Value, key: &str) -> &'a Vec<Value> {
    ds[key]
        .as_array()
        .unwrap_or_else(|| panic!("top-level `{key}` must be an array"))
}

fn figures(ds: &Value) -> &Vec<Value> {
    arr(ds, "figures")
}

fn fid(f: &Value) -> String {
    f["id"]
        .as_str()
        .unwrap_or("<figure without id>")
        .to_string()
}

fn s<'a>(f: &'a Value, key: &str) -> &'a str {
    f[key].as_str().unwrap_or("")
}

fn flag(f: &Value, key: &str) -> bool {
    f[key].as_bool() == Some(true)
}

fn value(f: &Value) -> f64 {
    f["value"].as_f64().unwrap_or(f64::NAN)
}

fn by_id(ds: &Value) -> HashMap<String, &Value> {
    figures(ds).iter().map(|f| (fid(f), f)).collect()
}

fn report(what: &str, errors: Vec<String>) {
    assert!(
        errors.is_empty(),
        "{what}: {} problem(s):\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
}

fn close_rel(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-12)
}

// ---------------------------------------------------------------------------------------
// Number tokens in Vietnamese text
// ---------------------------------------------------------------------------------------

/// A number as written in a quote, with the multiplier of the unit word after it
/// (`tỷ` → 1000, to million VND; `triệu` → 1; anything else → 1).
#[derive(Debug)]
struct Token {
    raw: String,
    multiplier: f64,
}

impl Token {
    /// Vietnamese reading: '.' groups thousands, ',' is the decimal mark.
    fn vi(&self) -> Option<f64> {
        let (int, frac) = match self.raw.split_once(',') {
            Some((i, f)) => (i, Some(f)),
            None => (self.raw.as_str(), None),
        };
        if frac.is_some_and(|f| f.contains(',') || f.contains('.')) {
            return None;
        }
        let mut t = int.replace('.', "");
        if let Some(f) = frac {
            t.push('.');
            t.push_str(f);
        }
        t.parse::<f64>().ok().map(|v| v * self.multiplier)
    }

    /// English reading: ',' groups thousands, '.' is the decimal point.
    fn en(&self) -> Option<f64> {
        let t = self.raw.replace(',', "");
        if t.matches('.').count() > 1 {
            return None;
        }
        t.parse::<f64>().ok().map(|v| v * self.multiplier)
    }
}

/// Every number token in `text`: runs of digits, with '.' or ',' kept only between digits
/// (so "6/2017" is two tokens and "2016, chiếm" is just 2016).
fn number_tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut raw = String::new();
        while i < chars.len() {
            let c = chars[i];
            let sep_then_digit =
                (c == '.' || c == ',') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if c.is_ascii_digit() || sep_then_digit {
                raw.push(c);
                i += 1;
            } else {
                break;
            }
        }
        let rest: String = chars[i..].iter().collect();
        let word = rest.trim_start_matches(|c: char| c.is_whitespace());
        let multiplier = if word.starts_with("tỷ") {
            1000.0
        } else {
            1.0 // "triệu" (million VND) and plain counts / percentages
        };
        out.push(Token { raw, multiplier });
    }
    out
}

#[test]
fn tokenizer_reads_vietnamese_numbers() {
    let vi = |t: &str| {
        number_tokens(t)
            .iter()
            .map(|t| t.vi().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        vi("là 48.331 triệu đồng, tăng 20,85% so với kế hoạch năm 2016, chiếm"),
        vec![48331.0, 20.85, 2016.0]
    );
    assert_eq!(vi("Tính hết tháng 6/2017"), vec![6.0, 2017.0]);
    assert_eq!(vi("54,06 tỷ đồng"), vec![54060.0]);
    assert_eq!(vi("974,1 triệu"), vec![974.1]);
    assert_eq!(vi("3,17 tỷ đồng/1 tỉnh"), vec![3170.0, 1.0]);
    let t = number_tokens("14.27 tỷ đồng");
    assert_eq!(t[0].vi(), Some(1_427_000.0));
    assert_eq!(t[0].en(), Some(14270.0));
}

// ---------------------------------------------------------------------------------------
// Formulas of derived figures: exactly one binary operation between plain decimals
// ---------------------------------------------------------------------------------------

fn plain_decimal(t: &str) -> Option<f64> {
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && !t.starts_with('.')
        && !t.ends_with('.');
    if ok {
        t.parse().ok()
    } else {
        None
    }
}

fn parse_formula(formula: &str) -> Result<(f64, char, f64), String> {
    let f = formula.trim();
    let (pos, op) = f
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-' | '*' | '/'))
        .ok_or_else(|| format!("no operator in formula {formula:?}"))?;
    let (a, b) = (f[..pos].trim(), f[pos + 1..].trim());
    let a = plain_decimal(a)
        .ok_or_else(|| format!("left operand {a:?} of {formula:?} is not a plain decimal"))?;
    let b = plain_decimal(b).ok_or_else(|| format!("right operand {b:?} of {formula:?} is not a plain decimal (or more than one operation)"))?;
    Ok((a, op, b))
}

fn eval(a: f64, op: char, b: f64) -> f64 {
    match op {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        _ => a / b,
    }
}

// ---------------------------------------------------------------------------------------
// 1. quotes are verbatim
// ---------------------------------------------------------------------------------------

#[test]
fn every_quote_occurs_verbatim_in_its_source() {
    let ds = dataset();
    let mut errors = Vec::new();
    let mut cache: HashMap<String, Option<String>> = HashMap::new();
    for f in figures(&ds) {
        let id = fid(f);
        let file = s(&f["source"], "file");
        let quote = s(&f["source"], "quote");
        if quote.trim().is_empty() {
            errors.push(format!("{id}: empty source.quote"));
            continue;
        }
        if !quote.chars().any(|c| c.is_ascii_digit()) {
            errors.push(format!("{id}: source.quote {quote:?} contains no number"));
        }
        let text = cache
            .entry(file.to_string())
            .or_insert_with(|| source_text(file));
        match text {
            None => errors.push(format!(
                "{id}: source file data/sources/{file:?} cannot be read"
            )),
            Some(t) if !t.contains(quote) => errors.push(format!(
                "{id}: quote {quote:?} does not occur verbatim in data/sources/{file}"
            )),
            Some(_) => {}
        }
    }
    report("verbatim quotes", errors);
}

// ---------------------------------------------------------------------------------------
/// Every annotation of the embedded data rests on a seed sentence: its quote occurs
/// verbatim in the source it names, every number of its text is a number of that quote,
/// and what it is attached to is quoted from the same source.
#[test]
fn every_annotation_quotes_its_source_verbatim() {
    let ds = dataset();
    let anns = arr(&ds, "annotations");
    assert!(
        anns.len() >= 4,
        "the embedded data carries a few annotations"
    );
    let mut errors = Vec::new();
    for (i, a) in anns.iter().enumerate() {
        let at = format!("annotations[{i}]");
        let file = s(&a["source"], "file");
        let quote = s(&a["source"], "quote");
        if quote.trim().is_empty() {
            errors.push(format!("{at}: no source.quote"));
            continue;
        }
        match source_text(file) {
            None => errors.push(format!("{at}: source {file:?} cannot be read")),
            Some(t) if !t.contains(quote) => errors.push(format!(
                "{at}: quote {quote:?} does not occur verbatim in data/sources/{file}"
            )),
            Some(_) => {}
        }
        // As written, with or without the unit word's multiplier ("3,17 tỷ" is 3.17).
        let quoted: Vec<f64> = number_tokens(quote)
            .iter()
            .filter_map(|t| t.vi().map(|v| [v, v / t.multiplier]))
            .flatten()
            .collect();
        for lang in ["vi", "en"] {
            let text = s(&a["text"], lang);
            let tokens = number_tokens(text);
            for t in &tokens {
                let (vi, en) = (t.vi(), t.en());
                let read = if lang == "vi" { vi } else { en.or(vi) };
                let known = read.is_some_and(|v| {
                    quoted.iter().any(|q| close_rel(*q, v, 1e-9))
                        || (v.fract() == 0.0 && quote.contains(&format!("{v}")))
                });
                if !known {
                    errors.push(format!(
                        "{at}.text.{lang}: number {read:?} in {text:?} is not in the quote {quote:?}"
                    ));
                }
            }
        }
        // The anchor is quoted from the same article.
        let same_source = |f: &&Value| s(&f["source"], "file") == file;
        let anchored = if let Some(id) = a["figure"].as_str() {
            figures(&ds)
                .iter()
                .filter(|f| fid(f) == id)
                .any(|f| same_source(&f))
        } else if let Some(m) = a["measure"].as_str() {
            figures(&ds)
                .iter()
                .filter(|f| s(f, "measure") == m)
                .any(|f| same_source(&f))
        } else {
            let (r, y) = (s(&a["period"], "region"), a["period"]["year"].as_i64());
            figures(&ds)
                .iter()
                .filter(|f| s(f, "region") == r && f["year"].as_i64() == y)
                .any(|f| same_source(&f))
        };
        if !anchored {
            errors.push(format!(
                "{at}: no figure it is attached to is quoted from {file}"
            ));
        }
    }
    report("annotation quotes", errors);
}

// 2. numbers in quotes match values; derived figures recompute
// ---------------------------------------------------------------------------------------

#[test]
fn stated_values_appear_in_their_quotes() {
    let ds = dataset();
    let mut errors = Vec::new();
    for f in figures(&ds) {
        if !f["derived"].is_null() {
            continue;
        }
        let id = fid(f);
        let v = value(f);
        let quote = s(&f["source"], "quote");
        let tokens = number_tokens(quote);
        let vi_hit = tokens
            .iter()
            .filter_map(Token::vi)
            .any(|t| close_rel(t, v, 1e-6));
        let en_hit = tokens
            .iter()
            .filter_map(Token::en)
            .any(|t| close_rel(t, v, 1e-6));
        let readings: Vec<String> = tokens
            .iter()
            .map(|t| format!("{:?} → vi {:?} / en {:?}", t.raw, t.vi(), t.en()))
            .collect();
        if flag(f, "ambiguous") {
            if f["note"].is_null() {
                errors.push(format!(
                    "{id}: flagged ambiguous but has no note explaining the reading"
                ));
            }
            if !vi_hit && !en_hit {
                errors.push(format!(
                    "{id}: value {v} matches neither the Vietnamese nor the English reading of any number in {quote:?} ({})",
                    readings.join("; ")
                ));
            }
        } else if !vi_hit {
            errors.push(format!(
                "{id}: value {v} is not among the numbers of {quote:?} read the Vietnamese way ({})",
                readings.join("; ")
            ));
        }
    }
    report("stated values", errors);
}

#[test]
fn derived_figures_recompute_from_their_inputs() {
    let ds = dataset();
    let ids = by_id(&ds);
    let mut errors = Vec::new();
    let mut n_derived = 0;
    for f in figures(&ds) {
        let d = &f["derived"];
        if d.is_null() {
            continue;
        }
        n_derived += 1;
        let id = fid(f);
        if f["note"].is_null() {
            errors.push(format!(
                "{id}: derived figure has no note explaining the derivation"
            ));
        }
        let formula = s(d, "formula");
        let (a, op, b) = match parse_formula(formula) {
            Ok(p) => p,
            Err(e) => {
                errors.push(format!("{id}: {e}"));
                continue;
            }
        };
        let result = eval(a, op, b);
        if !result.is_finite() || (result - value(f)).abs() > 0.01 {
            errors.push(format!(
                "{id}: formula {formula:?} gives {result}, but value is {}",
                value(f)
            ));
        }
        let inputs: Vec<&str> = d["inputs"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if inputs.is_empty() {
            errors.push(format!("{id}: derived.inputs is empty"));
        }
        let mut input_values = Vec::new();
        for input in &inputs {
            match ids.get(*input) {
                None => errors.push(format!("{id}: derived input {input:?} is not a figure id")),
                Some(g) if *input == id => errors.push(format!("{id}: derived from itself ({g})")),
                Some(g) => input_values.push(value(g)),
            }
        }
        let quote_values: Vec<f64> = number_tokens(s(&f["source"], "quote"))
            .iter()
            .filter_map(Token::vi)
            .collect();
        let same = |x: f64, y: f64| close_rel(x, y, 1e-9);
        if !input_values
            .iter()
            .chain(&quote_values)
            .any(|&v| same(v, a))
        {
            errors.push(format!(
                "{id}: first operand {a} of {formula:?} equals no input value ({input_values:?}) nor a number of the quote"
            ));
        }
        // The second operand must be traceable too: an input value, a percentage of one
        // (v / 100) or a growth factor (1 + v / 100).
        let explained = input_values
            .iter()
            .chain(&quote_values)
            .any(|&v| same(v, b) || same(v / 100.0, b) || same(1.0 + v / 100.0, b));
        if !explained {
            errors.push(format!(
                "{id}: second operand {b} of {formula:?} is not an input value, v/100 or 1+v/100 of one ({input_values:?})"
            ));
        }
    }
    assert!(n_derived > 0, "expected some derived figures");
    report("derived figures", errors);
}

// ---------------------------------------------------------------------------------------
// 3. ids and references
// ---------------------------------------------------------------------------------------

fn region_prefix(region: &str) -> Option<&'static str> {
    match region {
        "mien-trung-tay-nguyen" => Some("mttn"),
        "phia-nam" => Some("nam"),
        _ => None,
    }
}

#[test]
fn ids_are_unique_and_references_resolve() {
    let ds = dataset();
    let mut errors = Vec::new();
    assert_eq!(
        ds["schema_version"].as_u64(),
        Some(1),
        "schema_version must be 1"
    );

    let mut region_ids = HashSet::new();
    for r in arr(&ds, "regions") {
        let rid = s(r, "id");
        if region_prefix(rid).is_none() {
            errors.push(format!("region {rid:?}: unknown region id"));
        }
        if !region_ids.insert(rid) {
            errors.push(format!("region {rid:?}: duplicate"));
        }
        if s(&r["name"], "vi").is_empty() || s(&r["name"], "en").is_empty() {
            errors.push(format!("region {rid:?}: name needs vi and en"));
        }
    }
    let mut measures: HashMap<&str, &str> = HashMap::new();
    for m in arr(&ds, "measures") {
        let mid = s(m, "id");
        let unit = s(m, "unit");
        if !UNITS.contains(&unit) {
            errors.push(format!(
                "measure {mid:?}: unit {unit:?} not one of {UNITS:?}"
            ));
        }
        if measures.insert(mid, unit).is_some() {
            errors.push(format!("measure {mid:?}: duplicate"));
        }
        if s(&m["name"], "vi").is_empty() || s(&m["name"], "en").is_empty() {
            errors.push(format!("measure {mid:?}: name needs vi and en"));
        }
    }
    let mut sources = HashSet::new();
    for src in arr(&ds, "sources") {
        let file = s(src, "file");
        if source_text(file).is_none() {
            errors.push(format!("source {file:?}: no such file in data/sources"));
        }
        if !sources.insert(file) {
            errors.push(format!("source {file:?}: duplicate"));
        }
        if s(&src["title"], "vi").is_empty() || s(&src["title"], "en").is_empty() {
            errors.push(format!("source {file:?}: title needs vi and en"));
        }
        if !src["publisher"].is_string() || !src["date"].is_string() {
            errors.push(format!(
                "source {file:?}: publisher and date must be strings"
            ));
        }
    }

    let mut seen = HashSet::new();
    let mut used_measures = HashSet::new();
    let mut used_sources = HashSet::new();
    for f in figures(&ds) {
        let id = fid(f);
        if !seen.insert(id.clone()) {
            errors.push(format!("{id}: duplicate figure id"));
        }
        if let Some(obj) = f.as_object() {
            for k in obj.keys().filter(|k| !FIGURE_KEYS.contains(&k.as_str())) {
                errors.push(format!("{id}: unknown field {k:?}"));
            }
        }
        for key in ["estimate", "at_least", "ambiguous"] {
            if !f[key].is_null() && f[key] != Value::Bool(true) {
                errors.push(format!("{id}: `{key}` must be omitted unless it is true"));
            }
        }
        let region = s(f, "region");
        let measure = s(f, "measure");
        let basis = s(f, "basis");
        if !region_ids.contains(region) {
            errors.push(format!("{id}: region {region:?} is not in `regions`"));
        }
        match measures.get(measure) {
            None => errors.push(format!("{id}: measure {measure:?} is not in `measures`")),
            Some(unit) if *unit != s(f, "unit") => errors.push(format!(
                "{id}: unit {:?} differs from measure {measure:?}'s unit {unit:?}",
                s(f, "unit")
            )),
            Some(_) => {}
        }
        used_measures.insert(measure);
        let file = s(&f["source"], "file");
        if !sources.contains(file) {
            errors.push(format!("{id}: source file {file:?} is not in `sources`"));
        }
        used_sources.insert(file);
        let expected = format!(
            "{}-{}-{}m-{}-{}",
            region_prefix(region).unwrap_or("?"),
            f["year"].as_i64().unwrap_or(-1),
            f["months"].as_i64().unwrap_or(-1),
            measure,
            basis
        );
        if id != expected {
            errors.push(format!(
                "{id}: id does not follow the pattern, expected {expected:?}"
            ));
        }
        if measure.is_empty()
            || !measure
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.push(format!("{id}: measure id {measure:?} must be snake_case"));
        }
    }
    for m in measures.keys().filter(|m| !used_measures.contains(*m)) {
        errors.push(format!("measure {m:?} is listed but no figure uses it"));
    }
    for src in sources.iter().filter(|f| !used_sources.contains(*f)) {
        errors.push(format!("source {src:?} is listed but no figure quotes it"));
    }
    report("ids and references", errors);
}

// ---------------------------------------------------------------------------------------
// 4. value ranges
// ---------------------------------------------------------------------------------------

#[test]
fn values_periods_and_bases_are_in_range() {
    let ds = dataset();
    let mut errors = Vec::new();
    for f in figures(&ds) {
        let id = fid(f);
        let v = value(f);
        if !f["value"].is_number() || !v.is_finite() || v < 0.0 {
            errors.push(format!(
                "{id}: value {} must be a finite number ≥ 0",
                f["value"]
            ));
        }
        if s(f, "unit") == "percent" && v > 1000.0 {
            errors.push(format!("{id}: percentage {v} is implausible"));
        }
        match f["months"].as_u64() {
            Some(1..=12) => {}
            _ => errors.push(format!(
                "{id}: months {} must be an integer 1..=12",
                f["months"]
            )),
        }
        match f["year"].as_i64() {
            Some(2000..=2100) => {}
            _ => errors.push(format!("{id}: year {} must be an integer year", f["year"])),
        }
        if !matches!(s(f, "basis"), "plan" | "actual") {
            errors.push(format!(
                "{id}: basis {} must be \"plan\" or \"actual\"",
                f["basis"]
            ));
        }
        if !UNITS.contains(&s(f, "unit")) {
            errors.push(format!("{id}: unit {} not one of {UNITS:?}", f["unit"]));
        }
    }
    report("value ranges", errors);
}

// ---------------------------------------------------------------------------------------
// 5. coverage of the seeds
// ---------------------------------------------------------------------------------------

#[test]
fn every_seed_with_figures_is_covered() {
    let ds = dataset();
    let figs = figures(&ds);
    assert!(
        figs.len() >= MIN_FIGURES,
        "expected at least {MIN_FIGURES} figures, got {}",
        figs.len()
    );
    let mut counts: HashMap<String, usize> = HashMap::new();
    for f in figs {
        *counts
            .entry(s(&f["source"], "file").to_string())
            .or_default() += 1;
    }
    let dir = root().join("data/sources");
    let mut seeds: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    seeds.sort();
    assert!(
        seeds.len() >= 5,
        "expected the five seed articles in data/sources, found {seeds:?}"
    );
    let missing: Vec<&String> = seeds
        .iter()
        .filter(|n| {
            !n.starts_with(SEED_WITHOUT_FIGURES) && counts.get(*n).copied().unwrap_or(0) == 0
        })
        .collect();
    assert!(
        missing.is_empty(),
        "seed articles without any figure: {missing:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 6. notes
// ---------------------------------------------------------------------------------------

#[test]
fn notes_are_bilingual() {
    let ds = dataset();
    let mut errors = Vec::new();
    for f in figures(&ds) {
        let note = &f["note"];
        if note.is_null() {
            continue;
        }
        let id = fid(f);
        match note.as_object() {
            None => errors.push(format!("{id}: note must be an object {{vi, en}}")),
            Some(o) => {
                let text = |k: &str, o: &Map<String, Value>| {
                    o.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .trim()
                        .to_string()
                };
                if text("vi", o).is_empty() {
                    errors.push(format!("{id}: note.vi is empty"));
                }
                if text("en", o).is_empty() {
                    errors.push(format!("{id}: note.en is empty"));
                }
            }
        }
    }
    report("notes", errors);
}

// ---------------------------------------------------------------------------------------
// Cross-checks between stated figures
// ---------------------------------------------------------------------------------------

fn get(ids: &HashMap<String, &Value>, id: &str) -> f64 {
    value(
        ids.get(id)
            .unwrap_or_else(|| panic!("figure {id} is missing")),
    )
}

#[test]
fn south_2013_national_plus_local_equals_total() {
    let ds = dataset();
    let ids = by_id(&ds);
    let national = get(&ids, "nam-2013-12m-national_funding-actual");
    let local = get(&ids, "nam-2013-12m-local_funding-actual");
    let total = get(&ids, "nam-2013-12m-total_funding-actual");
    assert_eq!(national, 7730.0);
    assert_eq!(local, 46330.0);
    assert!(
        (national + local - total).abs() < 1e-6,
        "2013 south: {national} + {local} != {total}"
    );
}

#[test]
fn south_2014_plan_mismatch_is_flagged() {
    let ds = dataset();
    let ids = by_id(&ds);
    let national = get(&ids, "nam-2014-12m-national_funding-plan");
    let local = get(&ids, "nam-2014-12m-local_funding-plan");
    let total_id = "nam-2014-12m-total_funding-plan";
    let total = get(&ids, total_id);
    assert!(
        (national + local - total).abs() > 1.0,
        "2014 south plan: {national} + {local} == {total}, so the ambiguity flag is no longer justified"
    );
    let t = ids[total_id];
    assert!(
        flag(t, "ambiguous"),
        "{total_id}: the national+local mismatch must be flagged ambiguous"
    );
    for id in [
        total_id,
        "nam-2014-12m-national_funding-plan",
        "nam-2014-12m-local_funding-plan",
    ] {
        assert!(
            !ids[id]["note"].is_null(),
            "{id}: must carry a note on the national+local mismatch"
        );
    }
}

#[test]
fn mttn_2017_national_share_inconsistency_is_flagged() {
    let ds = dataset();
    let ids = by_id(&ds);
    let share_id = "mttn-2017-12m-national_funding_share_of_region-plan";
    let computed = get(&ids, "mttn-2017-12m-national_funding-plan")
        / get(&ids, "mttn-2017-12m-total_funding-plan")
        * 100.0;
    let stated = get(&ids, share_id);
    if (computed - stated).abs() > 0.005 {
        assert!(
            flag(ids[share_id], "ambiguous"),
            "{share_id}: stated {stated}% vs computed {computed:.3}% must be flagged"
        );
    }
}
