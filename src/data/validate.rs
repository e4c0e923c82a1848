//! Validation of a dataset in the public schema, reporting every problem at once.
//!
//! The input is walked as a JSON tree borrowed from the text ([`Node`], see
//! [`super::json`]) so that one bad field never hides the next: each problem is one line `path: what was expected, got what`, for example
//! `figures[12].value: expected a finite number, got "abc"`. Only when nothing is wrong
//! is the typed [`Dataset`] assembled. Sizes are checked before any per-item work, so a
//! huge input is a short error, never a hang or an out-of-memory. Nothing is formatted
//! for a field that is fine: a path is written out only when a problem is reported.
//!
//! A dataset built in Rust (public fields) goes through [`Dataset::validate`], which runs
//! the same checks on the typed values with the same messages.

use super::json::{self, Members, Node, Value};
use super::{Annotation, AnnotationTarget, LabelPosition, Source, Unit};
use super::{
    Basis, DataError, Dataset, Derivation, Figure, Localized, Measure, Quote, Refs, Region,
};

/// Largest JSON text accepted by [`Dataset::from_json`], in bytes (32 MiB).
pub const MAX_JSON_BYTES: usize = 32 * 1024 * 1024;
/// Most figures in one dataset.
pub const MAX_FIGURES: usize = 50_000;
/// Most regions in one dataset.
pub const MAX_REGIONS: usize = 1_000;
/// Most measures in one dataset.
pub const MAX_MEASURES: usize = 1_000;
/// Most sources in one dataset.
pub const MAX_SOURCES: usize = 1_000;
/// Longest label, name, quote, note, formula, publisher or date, in characters (Unicode scalar values).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest id, reference or source file name, in characters.
pub const MAX_ID_CHARS: usize = 200;
/// Most figure ids a derived figure may list as its inputs.
pub const MAX_DERIVED_INPUTS: usize = 100;
/// Problems listed in one error; the rest are counted in a last line "… and N more problems".
pub const MAX_PROBLEMS: usize = 100;
/// The only schema version this crate reads.
pub const SCHEMA_VERSION: u64 = 1;
/// Years a figure may have: wide enough for synthetic series (the benchmark numbers
/// its periods from year 1), narrow enough to catch a typo like 20200 or -2020.
pub const MIN_YEAR: i32 = 0;
pub const MAX_YEAR: i32 = 99_999;
/// A region id that would clash with the option `region: "all"`.
pub const RESERVED_REGION_ID: &str = "all";

/// Most annotations in one dataset.
pub const MAX_ANNOTATIONS: usize = 1_000;
/// Longest annotation text in each language, in characters: a callout, not a paragraph.
pub const MAX_ANNOTATION_CHARS: usize = 200;

/// Field names, as they appear in the JSON (and the JSON Schema in `schema/`).
pub const TOP_FIELDS: [&str; 6] = [
    "schema_version",
    "regions",
    "measures",
    "sources",
    "figures",
    "annotations",
];
pub const TOP_REQUIRED: [&str; 5] = [
    "schema_version",
    "regions",
    "measures",
    "sources",
    "figures",
];
/// An annotation: exactly one of `figure`, `period`, `measure`; `text` required.
pub const ANNOTATION_FIELDS: [&str; 6] =
    ["figure", "period", "measure", "text", "position", "source"];
pub const ANNOTATION_REQUIRED: [&str; 1] = ["text"];
pub const PERIOD_FIELDS: [&str; 2] = ["region", "year"];
/// Label position hints, in the order error messages list them.
pub const POSITIONS: [&str; 5] = ["auto", "above", "below", "left", "right"];
pub const LOCALIZED_FIELDS: [&str; 2] = ["vi", "en"];
pub const REGION_FIELDS: [&str; 3] = ["id", "name", "short"];
pub const REGION_REQUIRED: [&str; 2] = ["id", "name"];
pub const MEASURE_FIELDS: [&str; 3] = ["id", "unit", "name"];
pub const SOURCE_FIELDS: [&str; 4] = ["file", "title", "publisher", "date"];
pub const SOURCE_REQUIRED: [&str; 2] = ["file", "title"];
pub const QUOTE_FIELDS: [&str; 2] = ["file", "quote"];
pub const DERIVATION_FIELDS: [&str; 2] = ["formula", "inputs"];
pub const DERIVATION_REQUIRED: [&str; 1] = ["formula"];
pub const FIGURE_FIELDS: [&str; 14] = [
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
pub const FIGURE_REQUIRED: [&str; 9] = [
    "id", "region", "year", "months", "measure", "basis", "value", "unit", "source",
];
/// Unit names, in the order error messages list them.
pub const UNITS: [&str; 3] = ["million_vnd", "count", "percent"];
/// Basis names, in the order error messages list them.
pub const BASES: [&str; 2] = ["plan", "actual"];

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "million_vnd" => Some(Unit::MillionVnd),
            "count" => Some(Unit::Count),
            "percent" => Some(Unit::Percent),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Unit::MillionVnd => "million_vnd",
            Unit::Count => "count",
            Unit::Percent => "percent",
        }
    }
    /// Amounts and counts cannot be negative; a percentage (a growth rate) can.
    pub fn allows_negative(self) -> bool {
        self == Unit::Percent
    }
}

impl LabelPosition {
    pub fn parse(s: &str) -> Option<LabelPosition> {
        match s {
            "auto" => Some(LabelPosition::Auto),
            "above" => Some(LabelPosition::Above),
            "below" => Some(LabelPosition::Below),
            "left" => Some(LabelPosition::Left),
            "right" => Some(LabelPosition::Right),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            LabelPosition::Auto => "auto",
            LabelPosition::Above => "above",
            LabelPosition::Below => "below",
            LabelPosition::Left => "left",
            LabelPosition::Right => "right",
        }
    }
}

impl Basis {
    pub fn parse(s: &str) -> Option<Basis> {
        match s {
            "plan" => Some(Basis::Plan),
            "actual" => Some(Basis::Actual),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Basis::Plan => "plan",
            Basis::Actual => "actual",
        }
    }
}

// ---------------------------------------------------------------------------------------
// Problems and how values are echoed in them
// ---------------------------------------------------------------------------------------

/// The problems found so far: at most [`MAX_PROBLEMS`] kept, the rest counted.
#[derive(Default)]
pub(crate) struct Problems {
    list: Vec<String>,
    more: usize,
}

impl Problems {
    fn add(&mut self, path: impl FnOnce() -> String, message: impl FnOnce() -> String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(format!("{}: {}", path(), message()));
        } else {
            self.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn into_result(self) -> Result<(), DataError> {
        if self.list.is_empty() {
            return Ok(());
        }
        let mut problems = self.list;
        if self.more > 0 {
            let s = if self.more == 1 { "" } else { "s" };
            problems.push(format!("… and {} more problem{s}", self.more));
        }
        Err(DataError { problems })
    }
}

/// Echoed input is cut to this many characters so a message stays readable.
const ECHO_CHARS: usize = 40;

/// A string as JSON would write it (control characters escaped), cut short.
pub(crate) fn quoted(s: &str) -> String {
    let mut clipped: String = s.chars().take(ECHO_CHARS).collect();
    let cut = clipped.len() < s.len();
    if cut {
        clipped.push('…');
    }
    json::write_string(&clipped)
}

/// What a wrong value was, for "got …".
fn got(v: &Node) -> String {
    match v {
        Node::Null => "null".to_string(),
        Node::Bool(b) => b.to_string(),
        // The same form whether the number came from JSON text (13) or a JS object (13.0).
        Node::Number(n) => got_f64(n.as_f64().unwrap_or(f64::NAN)),
        Node::Str(s) => quoted(s),
        Node::Array(a) if a.is_empty() => "an empty array".to_string(),
        Node::Array(a) => format!("an array of {}", a.len()),
        Node::Object(_) => "an object".to_string(),
    }
}

/// A number as a message echoes it: 13, 6.5, -1.5, 2020.5, 1e300, NaN (7 significant
/// digits). Integer arithmetic only: core's float formatting would add ~15 KB to the wasm.
fn got_f64(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return (v as i64).to_string();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    let mut exp = a.log10().floor() as i32;
    // a / 10^exp in two steps, so neither factor overflows or underflows.
    let e = 6 - exp;
    let c = e.clamp(-300, 300);
    let mut m = (a * 10f64.powi(c) * 10f64.powi(e - c)).round() as u64;
    if m >= 10_000_000 {
        m = m.saturating_add(5) / 10;
        exp += 1;
    } else if m < 1_000_000 {
        m *= 10;
        exp -= 1;
    }
    let digits = m.to_string();
    let digits = digits.trim_end_matches('0');
    let (first, rest) = digits.split_at(1.min(digits.len()));
    if !(-6..15).contains(&exp) {
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        return format!("{sign}{first}{rest}e{exp}");
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        let zeros = "0".repeat(int_len - digits.len());
        format!("{sign}{digits}{zeros}")
    } else {
        let (int, frac) = digits.split_at(int_len);
        format!("{sign}{int}.{frac}")
    }
}

/// `base.key`, or `base["odd key"]` for a key that is not a plain name.
fn join(base: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().count() <= ECHO_CHARS
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (base.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{base}.{key}"),
        (_, false) => format!("{base}[{}]", quoted(key)),
    }
}

fn list(names: &[&str]) -> String {
    names.join(", ")
}

// ---------------------------------------------------------------------------------------
// Checks shared by the JSON walk and the typed `Dataset::validate`
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// An id or a reference: non-empty, at most MAX_ID_CHARS.
    Id,
    /// A label, name, quote or formula: not blank, at most MAX_TEXT_CHARS.
    Label,
    /// Optional free text (publisher, date): may be empty, at most MAX_TEXT_CHARS.
    Free,
    /// An annotation's text: not blank, at most MAX_ANNOTATION_CHARS.
    Note,
}

/// Length and emptiness of one string; true if it is usable.
fn check_text(p: &mut Problems, path: &dyn Fn() -> String, s: &str, kind: TextKind) -> bool {
    let max = match kind {
        TextKind::Id => MAX_ID_CHARS,
        TextKind::Note => MAX_ANNOTATION_CHARS,
        TextKind::Label | TextKind::Free => MAX_TEXT_CHARS,
    };
    // Bytes bound characters from above: count only when it can matter.
    if s.len() > max {
        let n = s.chars().count();
        if n > max {
            p.add(path, || {
                format!("{n} characters, more than the maximum {max}")
            });
            return false;
        }
    }
    let empty = match kind {
        TextKind::Id => s.is_empty(),
        TextKind::Label | TextKind::Note => s.trim().is_empty(),
        TextKind::Free => false,
    };
    if empty {
        p.add(path, || {
            format!("expected a non-empty string, got {}", quoted(s))
        });
        return false;
    }
    true
}

fn check_count(p: &mut Problems, key: &str, n: usize, max: usize, what: &str) -> bool {
    if n > max {
        p.add(
            || key.to_string(),
            || format!("{n} {what}, more than the maximum {max}"),
        );
        false
    } else {
        true
    }
}

/// The first index of every id: a sorted list searched by halving. (A hash map per key
/// type would add kilobytes to the wasm; this is one small instantiation.)
pub(crate) struct FirstIndex<'a> {
    sorted: Vec<(&'a str, usize)>,
    /// Every later occurrence of an id: (its index, the first index), by index. Found
    /// while sorting (equal ids end up side by side), so no id is searched for.
    repeats: Vec<(usize, usize)>,
}

impl<'a> FirstIndex<'a> {
    pub(crate) fn new(ids: impl Iterator<Item = (usize, Option<&'a str>)>) -> FirstIndex<'a> {
        Self::build(ids, false)
    }
    /// [`FirstIndex::new`] that also lists the repeats (see [`FirstIndex::repeats`]).
    pub(crate) fn with_repeats(
        ids: impl Iterator<Item = (usize, Option<&'a str>)>,
    ) -> FirstIndex<'a> {
        Self::build(ids, true)
    }
    fn build(
        ids: impl Iterator<Item = (usize, Option<&'a str>)>,
        list_repeats: bool,
    ) -> FirstIndex<'a> {
        let mut sorted: Vec<(&'a str, usize)> = Vec::new();
        let mut last: Option<&str> = None;
        for (i, id) in ids {
            let Some(id) = id else { continue };
            // An id equal to the one kept just before cannot be the first of its kind:
            // a run of figures of one measure becomes one entry to sort.
            if !list_repeats && last.is_some_and(|l| json::same(l, id)) {
                continue;
            }
            last = Some(id);
            sorted.push((id, i));
        }
        // By id, then index: the first index of each id heads its run.
        json::sort(&mut sorted);
        let mut repeats = Vec::new();
        if list_repeats {
            let mut head: Option<(&str, usize)> = None;
            for &(id, i) in &sorted {
                match head {
                    Some((h, j)) if h == id => repeats.push((i, j)),
                    _ => head = Some((id, i)),
                }
            }
            // In index order (rare: a repeat is an error), without a sort of its own.
            if !repeats.is_empty() {
                let n = sorted.iter().map(|(_, i)| i + 1).max().unwrap_or(0);
                let mut first_of = vec![usize::MAX; n];
                for &(i, j) in &repeats {
                    if let Some(slot) = first_of.get_mut(i) {
                        *slot = j;
                    }
                }
                repeats = first_of
                    .into_iter()
                    .enumerate()
                    .filter(|(_, j)| *j != usize::MAX)
                    .collect();
            }
        }
        sorted.dedup_by(|later, first| later.0 == first.0);
        FirstIndex { sorted, repeats }
    }
    /// Every later occurrence of an id, by index: (index, first index of the id); empty
    /// unless built [`FirstIndex::with_repeats`].
    pub(crate) fn repeats(&self) -> &[(usize, usize)] {
        &self.repeats
    }
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.sorted
            .binary_search_by(|(k, _)| (*k).cmp(id))
            .ok()
            .and_then(|at| self.sorted.get(at))
            .map(|(_, i)| *i)
    }
    pub(crate) fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
}

/// First index of every id, and a problem for each repeat.
fn check_unique<'a>(
    p: &mut Problems,
    array: &str,
    field: &str,
    ids: impl Iterator<Item = (usize, Option<&'a str>)>,
) -> FirstIndex<'a> {
    let ids: Vec<(usize, Option<&'a str>)> = ids.collect();
    let first = FirstIndex::with_repeats(ids.iter().copied());
    for &(i, j) in first.repeats() {
        let id = ids.get(i).and_then(|(_, id)| *id).unwrap_or_default();
        p.add(
            || format!("{array}[{i}].{field}"),
            || format!("duplicate id {} (first at {array}[{j}])", quoted(id)),
        );
    }
    first
}

/// The parts of a figure that the cross-checks need; `None` where the field was
/// missing or already reported as wrong.
#[derive(Default)]
struct FigureParts<'a> {
    id: Option<&'a str>,
    region: Option<&'a str>,
    measure: Option<&'a str>,
    unit: Option<Unit>,
    basis: Option<Basis>,
    value: Option<f64>,
    file: Option<&'a str>,
    inputs: Vec<(usize, &'a str)>,
}

/// What figures may refer to; `None` for a list that is missing, of the wrong type or
/// over its limit (already reported: its references are then not checked).
struct Context<'a> {
    regions: Option<FirstIndex<'a>>,
    /// Measure ids, and each measure's unit (None when its own unit is wrong).
    measures: Option<(FirstIndex<'a>, Vec<Option<Unit>>)>,
    sources: Option<FirstIndex<'a>>,
    figure_ids: FirstIndex<'a>,
}

fn check_figures<'a>(p: &mut Problems, ctx: &Context<'a>, figs: &[FigureParts<'a>]) {
    // First figure of each (measure, basis) with a known unit: plan and actual must agree.
    let first_of = |basis: Basis| {
        FirstIndex::new(figs.iter().enumerate().map(|(i, f)| {
            let known = f.unit.is_some() && f.basis == Some(basis);
            (i, f.measure.filter(|_| known))
        }))
    };
    let (first_plan, first_actual) = (first_of(Basis::Plan), first_of(Basis::Actual));
    let mut repeats = ctx.figure_ids.repeats().iter().peekable();
    for (i, f) in figs.iter().enumerate() {
        let at = |field: &'static str| move || format!("figures[{i}].{field}");
        if let Some(&(_, j)) = repeats.next_if(|(r, _)| *r == i) {
            let id = f.id.unwrap_or_default();
            p.add(at("id"), || {
                format!("duplicate id {} (first at figures[{j}])", quoted(id))
            });
        }
        if let (Some(r), Some(regions)) = (f.region, &ctx.regions) {
            if !regions.contains_key(r) {
                p.add(at("region"), || {
                    format!("unknown region {} (not in regions)", quoted(r))
                });
            }
        }
        let mut unit_reported = false;
        if let (Some(m), Some((measures, units))) = (f.measure, &ctx.measures) {
            match measures.get(m).map(|k| units.get(k).copied().flatten()) {
                None => p.add(at("measure"), || {
                    format!("unknown measure {} (not in measures)", quoted(m))
                }),
                Some(Some(mu)) => {
                    if let Some(u) = f.unit.filter(|u| *u != mu) {
                        unit_reported = true;
                        p.add(at("unit"), || {
                            format!(
                                "expected \"{}\" like measure {}, got \"{}\"",
                                mu.id(),
                                quoted(m),
                                u.id()
                            )
                        });
                    }
                }
                Some(None) => {}
            }
        }
        if let (Some(m), Some(b), Some(u)) = (f.measure, f.basis, f.unit) {
            let other = match b {
                Basis::Plan => Basis::Actual,
                Basis::Actual => Basis::Plan,
            };
            let first_other = match other {
                Basis::Plan => &first_plan,
                Basis::Actual => &first_actual,
            };
            // Only a figure before this one (as a map filled in order would hold).
            let earlier = first_other
                .get(m)
                .filter(|j| *j < i)
                .and_then(|j| figs.get(j).and_then(|g| g.unit).map(|ou| (j, ou)));
            if let Some((j, ou)) = earlier {
                if ou != u && !unit_reported {
                    p.add(at("unit"), || {
                        format!(
                            "expected \"{}\" like the {} of measure {} at figures[{j}], got \"{}\"",
                            ou.id(),
                            other.id(),
                            quoted(m),
                            u.id()
                        )
                    });
                }
            }
        }
        if let (Some(v), Some(u)) = (f.value, f.unit) {
            if v.is_finite() && v < 0.0 && !u.allows_negative() {
                p.add(at("value"), || {
                    format!(
                        "expected a number ≥ 0 for unit {}, got {}",
                        u.id(),
                        got_f64(v)
                    )
                });
            }
        }
        if let (Some(file), Some(sources)) = (f.file, &ctx.sources) {
            if !sources.contains_key(file) {
                p.add(at("source.file"), || {
                    format!("unknown source {} (not in sources)", quoted(file))
                });
            }
        }
        for (k, input) in &f.inputs {
            if !ctx.figure_ids.contains_key(input) {
                p.add(
                    || format!("figures[{i}].derived.inputs[{k}]"),
                    || format!("unknown figure {} (not in figures)", quoted(input)),
                );
            }
        }
    }
    check_derivation_cycles(p, ctx, figs);
}

/// A derived figure computed from itself, directly or through other derived figures,
/// has no value to start from: each such loop is reported once, at the input closing it.
fn check_derivation_cycles<'a>(p: &mut Problems, ctx: &Context<'a>, figs: &[FigureParts<'a>]) {
    // Edges: figure → (input position, figure it names), by the id's first figure.
    let edges: Vec<Vec<(usize, usize)>> = figs
        .iter()
        .map(|f| {
            f.inputs
                .iter()
                .filter_map(|(k, id)| ctx.figure_ids.get(id).map(|j| (*k, j)))
                .collect()
        })
        .collect();
    let name = |i: usize| quoted(figs[i].id.unwrap_or("?"));
    // 0 unvisited, 1 on the current path, 2 done. Iterative: no recursion depth limit.
    let mut mark = vec![0u8; figs.len()];
    for start in 0..figs.len() {
        if mark[start] != 0 {
            continue;
        }
        // (figure, next edge to follow)
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = 1;
        while let Some(&mut (i, ref mut next)) = stack.last_mut() {
            let Some(&(k, j)) = edges[i].get(*next) else {
                mark[i] = 2;
                stack.pop();
                continue;
            };
            *next += 1;
            match mark[j] {
                0 => {
                    mark[j] = 1;
                    stack.push((j, 0));
                }
                1 if j == i => p.add(
                    || format!("figures[{i}].derived.inputs[{k}]"),
                    || {
                        format!(
                            "{} is this figure itself (a figure cannot be derived from itself)",
                            name(i)
                        )
                    },
                ),
                1 => {
                    let from = stack.iter().position(|(n, _)| *n == j).unwrap_or(0);
                    let mut chain: Vec<String> =
                        stack[from..].iter().map(|(n, _)| name(*n)).collect();
                    chain.push(name(j));
                    p.add(
                        || format!("figures[{i}].derived.inputs[{k}]"),
                        || format!("derived figures in a cycle: {}", chain.join(" → ")),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The references of an annotation that the cross-checks need.
#[derive(Default)]
struct AnnotationParts<'a> {
    figure: Option<&'a str>,
    region: Option<&'a str>,
    measure: Option<&'a str>,
    file: Option<&'a str>,
}

fn check_annotations<'a>(p: &mut Problems, ctx: &Context<'a>, anns: &[AnnotationParts<'a>]) {
    for (i, a) in anns.iter().enumerate() {
        let at = |field: &'static str| move || format!("annotations[{i}].{field}");
        if let Some(f) = a.figure {
            if !ctx.figure_ids.contains_key(f) {
                p.add(at("figure"), || {
                    format!("unknown figure {} (not in figures)", quoted(f))
                });
            }
        }
        if let (Some(r), Some(regions)) = (a.region, &ctx.regions) {
            if !regions.contains_key(r) {
                p.add(at("period.region"), || {
                    format!("unknown region {} (not in regions)", quoted(r))
                });
            }
        }
        if let (Some(m), Some((measures, _))) = (a.measure, &ctx.measures) {
            if !measures.contains_key(m) {
                p.add(at("measure"), || {
                    format!("unknown measure {} (not in measures)", quoted(m))
                });
            }
        }
        if let (Some(file), Some(sources)) = (a.file, &ctx.sources) {
            if !sources.contains_key(file) {
                p.add(at("source.file"), || {
                    format!("unknown source {} (not in sources)", quoted(file))
                });
            }
        }
    }
}

/// Exactly one anchor: the message when there are none or several.
pub(crate) fn anchor_problem(present: &[&str]) -> Option<String> {
    match present.len() {
        1 => None,
        0 => Some("expected one of figure, period or measure, got none".to_string()),
        _ => Some(format!(
            "expected only one of figure, period or measure, got {}",
            present.join(" and ")
        )),
    }
}

fn check_value(p: &mut Problems, path: &dyn Fn() -> String, v: f64) -> bool {
    if v.is_finite() {
        true
    } else {
        p.add(path, || {
            format!("expected a finite number, got {}", got_f64(v))
        });
        false
    }
}

fn check_months(p: &mut Problems, path: &dyn Fn() -> String, m: f64) -> bool {
    if m.fract() == 0.0 && (1.0..=12.0).contains(&m) {
        true
    } else {
        p.add(path, || format!("expected 1–12, got {}", got_f64(m)));
        false
    }
}

fn check_year(p: &mut Problems, path: &dyn Fn() -> String, y: f64) -> bool {
    if y.fract() == 0.0 && (f64::from(MIN_YEAR)..=f64::from(MAX_YEAR)).contains(&y) {
        true
    } else {
        p.add(path, || {
            format!("expected a year {MIN_YEAR}–{MAX_YEAR}, got {}", got_f64(y))
        });
        false
    }
}

fn check_region_id(p: &mut Problems, i: usize, id: &str) {
    if id == RESERVED_REGION_ID {
        p.add(
            || format!("regions[{i}].id"),
            || "\"all\" is reserved (the option region: \"all\" selects every region)".to_string(),
        );
    }
}

// ---------------------------------------------------------------------------------------
// The JSON walk
// ---------------------------------------------------------------------------------------

/// Where a field is, written out only when a problem is reported (a figure's path is
/// never formatted when the figure is fine).
#[derive(Clone, Copy)]
enum Path<'p> {
    /// The top level: its keys are written bare (`figures`).
    Root,
    /// A fixed name (`dataset`).
    Name(&'static str),
    /// An item of a top-level array (`figures[12]`).
    Item(&'static str, usize),
    /// A member: `base.key`, or `base["odd key"]`.
    Key(&'p Path<'p>, &'p str),
    /// An item of a nested array (`base[3]`).
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Name(s) => s.to_string(),
            Path::Item(a, i) => format!("{a}[{i}]"),
            Path::Key(base, key) => join(&base.render(), key),
            Path::Index(base, k) => format!("{}[{k}]", base.render()),
        }
    }

    fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }
}

/// "a year 0–99999", for messages.
fn year_expected() -> String {
    format!("a year {MIN_YEAR}–{MAX_YEAR}")
}

/// An optional field's value; `null` is the same as absent.
fn optional<'v>(v: Option<&'v Node<'v>>) -> Option<&'v Node<'v>> {
    v.filter(|v| !v.is_null())
}

struct Walker {
    p: Problems,
}

impl Walker {
    fn object<'v>(&mut self, path: &Path, v: &'v Node<'v>) -> Option<&'v Members<'v>> {
        match v {
            Node::Object(m) => Some(m),
            other => {
                self.p.add(
                    || path.render(),
                    || format!("expected an object, got {}", got(other)),
                );
                None
            }
        }
    }

    fn unknown_fields(&mut self, path: &Path, m: &Members, allowed: &[&str]) {
        for key in m.keys_not_in(allowed) {
            self.p.add(
                || path.key(key).render(),
                || format!("unknown field (expected {})", list(allowed)),
            );
        }
    }

    /// The values of `names` in an object in one pass over its members (the last of a
    /// repeated key wins, as [`Members::get`]), its unknown fields reported first as
    /// [`Walker::unknown_fields`] reports them.
    fn fields<'v, const N: usize>(
        &mut self,
        path: &Path,
        m: &'v Members<'v>,
        names: &[&str; N],
    ) -> [Option<&'v Node<'v>>; N] {
        let mut out = [None; N];
        self.fields_into(path, m, names, &mut out);
        out
    }

    /// [`Walker::fields`] into a slice (one copy of the code for every object size).
    fn fields_into<'v>(
        &mut self,
        path: &Path,
        m: &'v Members<'v>,
        names: &[&str],
        out: &mut [Option<&'v Node<'v>>],
    ) {
        let mut unknown = false;
        let mut next = 0;
        for (k, v) in m.iter() {
            // Objects are mostly written in the schema's order: the next name first.
            let at = match names.get(next) {
                Some(n) if json::same(n, k) => Some(next),
                _ => names.iter().position(|n| json::same(n, k)),
            };
            match at.and_then(|i| out.get_mut(i).map(|slot| (i, slot))) {
                Some((i, slot)) => {
                    *slot = Some(v);
                    next = i + 1;
                }
                None => unknown = true,
            }
        }
        if unknown {
            self.unknown_fields(path, m, names);
        }
    }

    /// A required field; `null` counts as present (and is then reported as the wrong type).
    fn required<'v>(
        &mut self,
        path: &Path,
        key: &str,
        v: Option<&'v Node<'v>>,
    ) -> Option<&'v Node<'v>> {
        if v.is_none() {
            self.p
                .add(|| path.key(key).render(), || "required".to_string());
        }
        v
    }

    fn string<'v>(&mut self, path: &Path, v: &'v Node<'v>, kind: TextKind) -> Option<&'v str> {
        match v {
            Node::Str(s) => check_text(&mut self.p, &|| path.render(), s, kind).then_some(s),
            other => {
                self.p.add(
                    || path.render(),
                    || format!("expected a string, got {}", got(other)),
                );
                None
            }
        }
    }

    fn req_string<'v>(
        &mut self,
        path: &Path,
        key: &str,
        v: Option<&'v Node<'v>>,
        kind: TextKind,
    ) -> Option<&'v str> {
        let v = self.required(path, key, v)?;
        self.string(&path.key(key), v, kind)
    }

    fn localized(&mut self, path: &Path, v: &Node) -> Option<Localized> {
        self.localized_as(path, v, TextKind::Label)
    }

    fn localized_as(&mut self, path: &Path, v: &Node, kind: TextKind) -> Option<Localized> {
        let m = self.object(path, v)?;
        let [vi, en] = self.fields(path, m, &LOCALIZED_FIELDS);
        let vi = self.req_string(path, "vi", vi, kind);
        let en = self.req_string(path, "en", en, kind);
        Some(Localized {
            vi: vi?.to_string(),
            en: en?.to_string(),
        })
    }

    fn req_localized(&mut self, path: &Path, key: &str, v: Option<&Node>) -> Option<Localized> {
        let v = self.required(path, key, v)?;
        self.localized(&path.key(key), v)
    }

    fn opt_localized(
        &mut self,
        path: &Path,
        key: &str,
        v: Option<&Node>,
    ) -> Option<Option<Localized>> {
        match optional(v) {
            None => Some(None),
            Some(v) => self.localized(&path.key(key), v).map(Some),
        }
    }

    fn unit(&mut self, path: &Path, v: Option<&Node>) -> Option<Unit> {
        let v = self.required(path, "unit", v)?;
        match v {
            Node::Str(s) => {
                let u = Unit::parse(s);
                if u.is_none() {
                    self.p.add(
                        || path.key("unit").render(),
                        || format!("unknown unit {} (expected {})", quoted(s), list(&UNITS)),
                    );
                }
                u
            }
            other => {
                self.p.add(
                    || path.key("unit").render(),
                    || format!("expected one of {}, got {}", list(&UNITS), got(other)),
                );
                None
            }
        }
    }

    fn basis(&mut self, path: &Path, v: Option<&Node>) -> Option<Basis> {
        let v = self.required(path, "basis", v)?;
        match v {
            Node::Str(s) => {
                let b = Basis::parse(s);
                if b.is_none() {
                    self.p.add(
                        || path.key("basis").render(),
                        || format!("unknown basis {} (expected {})", quoted(s), list(&BASES)),
                    );
                }
                b
            }
            other => {
                self.p.add(
                    || path.key("basis").render(),
                    || format!("expected one of {}, got {}", list(&BASES), got(other)),
                );
                None
            }
        }
    }

    fn flag(&mut self, path: &Path, key: &str, v: Option<&Node>) -> Option<bool> {
        match optional(v) {
            None => Some(false),
            Some(Node::Bool(b)) => Some(*b),
            Some(other) => {
                self.p.add(
                    || path.key(key).render(),
                    || format!("expected true or false, got {}", got(other)),
                );
                None
            }
        }
    }

    /// A top-level array, with its size checked before any item is looked at.
    fn array<'v>(
        &mut self,
        root: &'v Members<'v>,
        key: &str,
        max: usize,
        what: &str,
    ) -> Option<&'v [Node<'v>]> {
        let v = self.required(&Path::Root, key, root.get(key))?;
        match v {
            Node::Array(a) => check_count(&mut self.p, key, a.len(), max, what).then_some(a),
            other => {
                self.p.add(
                    || key.to_string(),
                    || format!("expected an array, got {}", got(other)),
                );
                None
            }
        }
    }
}

impl Walker {
    fn number(
        &mut self,
        path: &Path,
        key: &str,
        v: Option<&Node>,
        expected: &dyn Fn() -> String,
    ) -> Option<f64> {
        let v = self.required(path, key, v)?;
        match v.as_f64() {
            Some(n) => Some(n),
            None => {
                self.p.add(
                    || path.key(key).render(),
                    || format!("expected {}, got {}", expected(), got(v)),
                );
                None
            }
        }
    }

    fn region<'v>(&mut self, i: usize, v: &'v Node<'v>) -> (Option<&'v str>, Option<Region>) {
        let path = Path::Item("regions", i);
        let Some(m) = self.object(&path, v) else {
            return (None, None);
        };
        self.unknown_fields(&path, m, &REGION_FIELDS);
        let id = self.req_string(&path, "id", m.get("id"), TextKind::Id);
        if let Some(id) = id {
            check_region_id(&mut self.p, i, id);
        }
        let name = self.req_localized(&path, "name", m.get("name"));
        let short = self.opt_localized(&path, "short", m.get("short"));
        let region = match (id, name, short) {
            (Some(id), Some(name), Some(short)) => Some(Region {
                id: id.to_string(),
                name,
                short,
            }),
            _ => None,
        };
        (id, region)
    }

    fn measure<'v>(
        &mut self,
        i: usize,
        v: &'v Node<'v>,
    ) -> (Option<&'v str>, Option<Unit>, Option<Measure>) {
        let path = Path::Item("measures", i);
        let Some(m) = self.object(&path, v) else {
            return (None, None, None);
        };
        self.unknown_fields(&path, m, &MEASURE_FIELDS);
        let id = self.req_string(&path, "id", m.get("id"), TextKind::Id);
        let unit = self.unit(&path, m.get("unit"));
        let name = self.req_localized(&path, "name", m.get("name"));
        let measure = match (id, unit, name) {
            (Some(id), Some(unit), Some(name)) => Some(Measure {
                id: id.to_string(),
                unit,
                name,
            }),
            _ => None,
        };
        (id, unit, measure)
    }

    fn source<'v>(&mut self, i: usize, v: &'v Node<'v>) -> (Option<&'v str>, Option<Source>) {
        let path = Path::Item("sources", i);
        let Some(m) = self.object(&path, v) else {
            return (None, None);
        };
        self.unknown_fields(&path, m, &SOURCE_FIELDS);
        let file = self.req_string(&path, "file", m.get("file"), TextKind::Id);
        let title = self.req_localized(&path, "title", m.get("title"));
        let mut free = |key: &str| match optional(m.get(key)) {
            None => Some(""),
            Some(v) => self.string(&path.key(key), v, TextKind::Free),
        };
        let publisher = free("publisher");
        let date = free("date");
        let source = match (file, title, publisher, date) {
            (Some(file), Some(title), Some(publisher), Some(date)) => Some(Source {
                file: file.to_string(),
                title,
                publisher: publisher.to_string(),
                date: date.to_string(),
            }),
            _ => None,
        };
        (file, source)
    }

    fn figure<'v>(&mut self, i: usize, v: &'v Node<'v>) -> (FigureParts<'v>, Option<Figure>) {
        let mut parts = FigureParts::default();
        let path = Path::Item("figures", i);
        let Some(m) = self.object(&path, v) else {
            return (parts, None);
        };
        // In the order of FIGURE_FIELDS.
        let [f_id, f_region, f_year, f_months, f_measure, f_basis, f_value, f_unit, f_source, f_estimate, f_at_least, f_ambiguous, f_derived, f_note] =
            self.fields(&path, m, &FIGURE_FIELDS);
        parts.id = self.req_string(&path, "id", f_id, TextKind::Id);
        parts.region = self.req_string(&path, "region", f_region, TextKind::Id);
        let year = self
            .number(&path, "year", f_year, &year_expected)
            .filter(|y| check_year(&mut self.p, &|| path.key("year").render(), *y));
        let months = self
            .number(&path, "months", f_months, &|| "1–12".to_string())
            .filter(|n| check_months(&mut self.p, &|| path.key("months").render(), *n));
        parts.measure = self.req_string(&path, "measure", f_measure, TextKind::Id);
        parts.basis = self.basis(&path, f_basis);
        parts.value = self
            .number(&path, "value", f_value, &|| "a finite number".to_string())
            .filter(|n| check_value(&mut self.p, &|| path.key("value").render(), *n));
        parts.unit = self.unit(&path, f_unit);
        let source = self.required(&path, "source", f_source).and_then(|v| {
            let sp = path.key("source");
            let sm = self.object(&sp, v)?;
            let [file, quote] = self.fields(&sp, sm, &QUOTE_FIELDS);
            let file = self.req_string(&sp, "file", file, TextKind::Id);
            let quote = self.req_string(&sp, "quote", quote, TextKind::Label);
            parts.file = file;
            Some(Quote {
                file: file?.to_string(),
                quote: quote?.to_string(),
            })
        });
        let estimate = self.flag(&path, "estimate", f_estimate);
        let at_least = self.flag(&path, "at_least", f_at_least);
        let ambiguous = self.flag(&path, "ambiguous", f_ambiguous);
        let derived = match optional(f_derived) {
            None => Some(None),
            Some(v) => self
                .derivation(&path.key("derived"), v, &mut parts)
                .map(Some),
        };
        let note = self.opt_localized(&path, "note", f_note);
        let figure = (|| {
            Some(Figure {
                id: parts.id?.to_string(),
                region: parts.region?.to_string(),
                year: year? as i32,
                months: months? as u8,
                measure: parts.measure?.to_string(),
                basis: parts.basis?,
                value: parts.value?,
                unit: parts.unit?,
                source: source?,
                estimate: estimate?,
                at_least: at_least?,
                ambiguous: ambiguous?,
                derived: derived?,
                note: note?,
                refs: Refs::default(),
            })
        })();
        (parts, figure)
    }

    fn annotation<'v>(
        &mut self,
        i: usize,
        v: &'v Node<'v>,
    ) -> (AnnotationParts<'v>, Option<Annotation>) {
        let mut parts = AnnotationParts::default();
        let path = Path::Item("annotations", i);
        let Some(m) = self.object(&path, v) else {
            return (parts, None);
        };
        self.unknown_fields(&path, m, &ANNOTATION_FIELDS);
        let present: Vec<&str> = ["figure", "period", "measure"]
            .into_iter()
            .filter(|k| optional(m.get(k)).is_some())
            .collect();
        if let Some(msg) = anchor_problem(&present) {
            self.p.add(|| path.render(), || msg);
        }
        let mut target = None;
        if let Some(v) = optional(m.get("figure")) {
            parts.figure = self.string(&path.key("figure"), v, TextKind::Id);
            target = parts
                .figure
                .map(|f| AnnotationTarget::Figure(f.to_string()));
        }
        if let Some(v) = optional(m.get("period")) {
            let pp = path.key("period");
            if let Some(pm) = self.object(&pp, v) {
                self.unknown_fields(&pp, pm, &PERIOD_FIELDS);
                parts.region = self.req_string(&pp, "region", pm.get("region"), TextKind::Id);
                let year = self
                    .number(&pp, "year", pm.get("year"), &year_expected)
                    .filter(|y| check_year(&mut self.p, &|| pp.key("year").render(), *y));
                if let (Some(region), Some(year)) = (parts.region, year) {
                    target = Some(AnnotationTarget::Period {
                        region: region.to_string(),
                        year: year as i32,
                    });
                }
            }
        }
        if let Some(v) = optional(m.get("measure")) {
            parts.measure = self.string(&path.key("measure"), v, TextKind::Id);
            target = parts
                .measure
                .map(|s| AnnotationTarget::Measure(s.to_string()));
        }
        let text = self
            .required(&path, "text", m.get("text"))
            .and_then(|v| self.localized_as(&path.key("text"), v, TextKind::Note));
        let position = match optional(m.get("position")) {
            None => Some(LabelPosition::Auto),
            Some(Node::Str(s)) => {
                let pos = LabelPosition::parse(s);
                if pos.is_none() {
                    self.p.add(
                        || path.key("position").render(),
                        || {
                            format!(
                                "unknown position {} (expected {})",
                                quoted(s),
                                list(&POSITIONS)
                            )
                        },
                    );
                }
                pos
            }
            Some(other) => {
                self.p.add(
                    || path.key("position").render(),
                    || format!("expected one of {}, got {}", list(&POSITIONS), got(other)),
                );
                None
            }
        };
        let source = match optional(m.get("source")) {
            None => Some(None),
            Some(v) => {
                let sp = path.key("source");
                self.object(&sp, v).and_then(|sm| {
                    self.unknown_fields(&sp, sm, &QUOTE_FIELDS);
                    let file = self.req_string(&sp, "file", sm.get("file"), TextKind::Id);
                    let quote = self.req_string(&sp, "quote", sm.get("quote"), TextKind::Label);
                    parts.file = file;
                    Some(Some(Quote {
                        file: file?.to_string(),
                        quote: quote?.to_string(),
                    }))
                })
            }
        };
        let one = present.len() == 1;
        let annotation = (|| {
            Some(Annotation {
                target: target.filter(|_| one)?,
                text: text?,
                position: position?,
                source: source?,
            })
        })();
        (parts, annotation)
    }

    fn derivation<'v>(
        &mut self,
        path: &Path,
        v: &'v Node<'v>,
        parts: &mut FigureParts<'v>,
    ) -> Option<Derivation> {
        let m = self.object(path, v)?;
        self.unknown_fields(path, m, &DERIVATION_FIELDS);
        let formula = self.req_string(path, "formula", m.get("formula"), TextKind::Label);
        let inputs = match optional(m.get("inputs")) {
            None => Some(Vec::new()),
            Some(Node::Array(a)) => {
                let ip = path.key("inputs");
                if check_count(
                    &mut self.p,
                    &ip.render(),
                    a.len(),
                    MAX_DERIVED_INPUTS,
                    "inputs",
                ) {
                    let mut out = Some(Vec::with_capacity(a.len()));
                    for (k, v) in a.iter().enumerate() {
                        match self.string(&Path::Index(&ip, k), v, TextKind::Id) {
                            Some(s) => {
                                parts.inputs.push((k, s));
                                if let Some(o) = out.as_mut() {
                                    o.push(s.to_string());
                                }
                            }
                            None => out = None,
                        }
                    }
                    out
                } else {
                    None
                }
            }
            Some(other) => {
                self.p.add(
                    || path.key("inputs").render(),
                    || format!("expected an array, got {}", got(other)),
                );
                None
            }
        };
        Some(Derivation {
            formula: formula?.to_string(),
            inputs: inputs?,
        })
    }
}

/// The first index of each id in a list of ids read from the JSON.
/// The first index of every id of a list ([`Dataset::intern`]).
pub(crate) fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> FirstIndex<'a> {
    FirstIndex::new(ids.map(Some).enumerate())
}

fn index<'a>(ids: &[Option<&'a str>]) -> FirstIndex<'a> {
    FirstIndex::new(ids.iter().copied().enumerate())
}

fn walk(w: &mut Walker, value: &Node) -> Option<Dataset> {
    let root = w.object(&Path::Name("dataset"), value)?;
    w.unknown_fields(&Path::Root, root, &TOP_FIELDS);
    let version = w
        .required(&Path::Root, "schema_version", root.get("schema_version"))
        .and_then(|v| {
            if v.as_u64() == Some(SCHEMA_VERSION) {
                Some(SCHEMA_VERSION as u32)
            } else {
                w.p.add(
                    || "schema_version".to_string(),
                    || format!("expected {SCHEMA_VERSION}, got {}", got(v)),
                );
                None
            }
        });
    // Every size is checked before any item is looked at.
    let regions = w.array(root, "regions", MAX_REGIONS, "regions");
    let measures = w.array(root, "measures", MAX_MEASURES, "measures");
    let sources = w.array(root, "sources", MAX_SOURCES, "sources");
    let figures = w.array(root, "figures", MAX_FIGURES, "figures");
    // Optional: absent or null is no annotations.
    let mut annotations_ok = true;
    let annotations: &[Node] = match optional(root.get("annotations")) {
        None => &[],
        Some(Node::Array(a)) => {
            if check_count(
                &mut w.p,
                "annotations",
                a.len(),
                MAX_ANNOTATIONS,
                "annotations",
            ) {
                a
            } else {
                annotations_ok = false;
                &[]
            }
        }
        Some(other) => {
            w.p.add(
                || "annotations".to_string(),
                || format!("expected an array, got {}", got(other)),
            );
            annotations_ok = false;
            &[]
        }
    };

    let mut ok = true;
    let region_map = regions.map(|a| {
        let (ids, built): (Vec<_>, Vec<_>) =
            a.iter().enumerate().map(|(i, v)| w.region(i, v)).unzip();
        ok &= built.iter().all(Option::is_some);
        check_unique(&mut w.p, "regions", "id", ids.iter().copied().enumerate());
        (ids, built.into_iter().flatten().collect::<Vec<Region>>())
    });
    let measure_map = measures.map(|a| {
        let mut ids = Vec::with_capacity(a.len());
        let mut units = Vec::with_capacity(a.len());
        let mut built = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            let (id, unit, m) = w.measure(i, v);
            ids.push(id);
            units.push(unit);
            ok &= m.is_some();
            built.extend(m);
        }
        check_unique(&mut w.p, "measures", "id", ids.iter().copied().enumerate());
        ((ids, units), built)
    });
    let source_map = sources.map(|a| {
        let (ids, built): (Vec<_>, Vec<_>) =
            a.iter().enumerate().map(|(i, v)| w.source(i, v)).unzip();
        ok &= built.iter().all(Option::is_some);
        check_unique(&mut w.p, "sources", "file", ids.iter().copied().enumerate());
        (ids, built.into_iter().flatten().collect::<Vec<Source>>())
    });
    let mut built_figures = Vec::new();
    let mut built_annotations = Vec::new();
    if let Some(a) = figures {
        if a.is_empty() {
            w.p.add(
                || "figures".to_string(),
                || "expected at least one figure, got none".to_string(),
            );
        }
        let mut parts = Vec::with_capacity(a.len());
        built_figures.reserve(a.len());
        for (i, v) in a.iter().enumerate() {
            let (fp, f) = w.figure(i, v);
            parts.push(fp);
            ok &= f.is_some();
            built_figures.extend(f);
        }
        // A figure's id is usable (a string, not empty, not too long) exactly when the
        // walk kept it.
        let figure_ids = FirstIndex::with_repeats(parts.iter().map(|f| f.id).enumerate());
        let ctx = Context {
            regions: region_map.as_ref().map(|(ids, _)| index(ids)),
            measures: measure_map
                .as_ref()
                .map(|((ids, units), _)| (index(ids), units.clone())),
            sources: source_map.as_ref().map(|(ids, _)| index(ids)),
            figure_ids,
        };
        check_figures(&mut w.p, &ctx, &parts);
        let mut ann_parts = Vec::with_capacity(annotations.len());
        for (i, v) in annotations.iter().enumerate() {
            let (ap, a) = w.annotation(i, v);
            ann_parts.push(ap);
            ok &= a.is_some();
            built_annotations.extend(a);
        }
        check_annotations(&mut w.p, &ctx, &ann_parts);
        // Interned here with the indexes just searched (as `Dataset::intern` does): each
        // figure's region, measure and source by position.
        let at = |index: Option<&FirstIndex>, id: Option<&str>| {
            let i = index.zip(id).and_then(|(index, id)| index.get(id))?;
            u16::try_from(i).ok()
        };
        for (f, fp) in built_figures.iter_mut().zip(&parts) {
            f.refs = Refs {
                region: at(ctx.regions.as_ref(), fp.region),
                measure: at(ctx.measures.as_ref().map(|(m, _)| m), fp.measure),
                source: at(ctx.sources.as_ref(), fp.file),
            };
        }
    }
    if !ok || !annotations_ok || !w.p.is_empty() {
        return None;
    }
    Some(Dataset {
        schema_version: version?,
        regions: region_map?.1,
        measures: measure_map?.1,
        sources: source_map?.1,
        figures: figures.map(|_| built_figures)?,
        annotations: built_annotations,
    })
}

// ---------------------------------------------------------------------------------------
// The same checks on a typed dataset
// ---------------------------------------------------------------------------------------

fn typed_localized(p: &mut Problems, path: &str, l: &Localized) {
    check_text(p, &|| join(path, "vi"), &l.vi, TextKind::Label);
    check_text(p, &|| join(path, "en"), &l.en, TextKind::Label);
}

/// Validates a dataset built in Rust: the checks of the JSON walk that types cannot express.
pub(crate) fn validate(ds: &Dataset) -> Result<(), DataError> {
    let mut p = Problems::default();
    if u64::from(ds.schema_version) != SCHEMA_VERSION {
        p.add(
            || "schema_version".to_string(),
            || format!("expected {SCHEMA_VERSION}, got {}", ds.schema_version),
        );
    }
    let regions_ok = check_count(&mut p, "regions", ds.regions.len(), MAX_REGIONS, "regions");
    let measures_ok = check_count(
        &mut p,
        "measures",
        ds.measures.len(),
        MAX_MEASURES,
        "measures",
    );
    let sources_ok = check_count(&mut p, "sources", ds.sources.len(), MAX_SOURCES, "sources");
    let figures_ok = check_count(&mut p, "figures", ds.figures.len(), MAX_FIGURES, "figures");
    let annotations_ok = check_count(
        &mut p,
        "annotations",
        ds.annotations.len(),
        MAX_ANNOTATIONS,
        "annotations",
    );
    let id_ok = |s: &str| !s.is_empty() && s.chars().count() <= MAX_ID_CHARS;

    let regions = regions_ok.then(|| {
        for (i, r) in ds.regions.iter().enumerate() {
            let path = format!("regions[{i}]");
            check_text(&mut p, &|| join(&path, "id"), &r.id, TextKind::Id);
            check_region_id(&mut p, i, &r.id);
            typed_localized(&mut p, &join(&path, "name"), &r.name);
            if let Some(s) = &r.short {
                typed_localized(&mut p, &join(&path, "short"), s);
            }
        }
        check_unique(
            &mut p,
            "regions",
            "id",
            ds.regions
                .iter()
                .map(|r| Some(r.id.as_str()).filter(|s| id_ok(s)))
                .enumerate(),
        )
    });
    let measures = measures_ok.then(|| {
        for (i, m) in ds.measures.iter().enumerate() {
            let path = format!("measures[{i}]");
            check_text(&mut p, &|| join(&path, "id"), &m.id, TextKind::Id);
            typed_localized(&mut p, &join(&path, "name"), &m.name);
        }
        let ids = check_unique(
            &mut p,
            "measures",
            "id",
            ds.measures
                .iter()
                .map(|m| Some(m.id.as_str()).filter(|s| id_ok(s)))
                .enumerate(),
        );
        (ids, ds.measures.iter().map(|m| Some(m.unit)).collect())
    });
    let sources = sources_ok.then(|| {
        for (i, s) in ds.sources.iter().enumerate() {
            let path = format!("sources[{i}]");
            check_text(&mut p, &|| join(&path, "file"), &s.file, TextKind::Id);
            typed_localized(&mut p, &join(&path, "title"), &s.title);
            check_text(
                &mut p,
                &|| join(&path, "publisher"),
                &s.publisher,
                TextKind::Free,
            );
            check_text(&mut p, &|| join(&path, "date"), &s.date, TextKind::Free);
        }
        check_unique(
            &mut p,
            "sources",
            "file",
            ds.sources
                .iter()
                .map(|s| Some(s.file.as_str()).filter(|s| id_ok(s)))
                .enumerate(),
        )
    });
    if figures_ok {
        if ds.figures.is_empty() {
            p.add(
                || "figures".to_string(),
                || "expected at least one figure, got none".to_string(),
            );
        }
        let figure_ids = FirstIndex::with_repeats(
            ds.figures
                .iter()
                .map(|f| Some(f.id.as_str()).filter(|s| id_ok(s)))
                .enumerate(),
        );
        let mut parts = Vec::with_capacity(ds.figures.len());
        for (i, f) in ds.figures.iter().enumerate() {
            let path = format!("figures[{i}]");
            let text = |p: &mut Problems, key: &str, s: &'_ str, kind| {
                check_text(p, &|| join(&path, key), s, kind)
            };
            let id = text(&mut p, "id", &f.id, TextKind::Id).then_some(f.id.as_str());
            let region =
                text(&mut p, "region", &f.region, TextKind::Id).then_some(f.region.as_str());
            check_year(&mut p, &|| join(&path, "year"), f64::from(f.year));
            check_months(&mut p, &|| join(&path, "months"), f64::from(f.months));
            let measure =
                text(&mut p, "measure", &f.measure, TextKind::Id).then_some(f.measure.as_str());
            let value = check_value(&mut p, &|| join(&path, "value"), f.value).then_some(f.value);
            let sp = join(&path, "source");
            let file = check_text(&mut p, &|| join(&sp, "file"), &f.source.file, TextKind::Id)
                .then_some(f.source.file.as_str());
            check_text(
                &mut p,
                &|| join(&sp, "quote"),
                &f.source.quote,
                TextKind::Label,
            );
            let mut inputs = Vec::new();
            if let Some(d) = &f.derived {
                let dp = join(&path, "derived");
                check_text(
                    &mut p,
                    &|| join(&dp, "formula"),
                    &d.formula,
                    TextKind::Label,
                );
                let ip = join(&dp, "inputs");
                if check_count(&mut p, &ip, d.inputs.len(), MAX_DERIVED_INPUTS, "inputs") {
                    for (k, s) in d.inputs.iter().enumerate() {
                        if check_text(&mut p, &|| format!("{ip}[{k}]"), s, TextKind::Id) {
                            inputs.push((k, s.as_str()));
                        }
                    }
                }
            }
            if let Some(n) = &f.note {
                typed_localized(&mut p, &join(&path, "note"), n);
            }
            parts.push(FigureParts {
                id,
                region,
                measure,
                unit: Some(f.unit),
                basis: Some(f.basis),
                value,
                file,
                inputs,
            });
        }
        let ctx = Context {
            regions,
            measures,
            sources,
            figure_ids,
        };
        check_figures(&mut p, &ctx, &parts);
        if annotations_ok {
            let anns = typed_annotations(&mut p, &ds.annotations);
            check_annotations(&mut p, &ctx, &anns);
        }
    }
    p.into_result()
}

fn typed_annotations<'a>(p: &mut Problems, anns: &'a [Annotation]) -> Vec<AnnotationParts<'a>> {
    let mut out = Vec::with_capacity(anns.len());
    for (i, a) in anns.iter().enumerate() {
        let path = format!("annotations[{i}]");
        let mut parts = AnnotationParts::default();
        match &a.target {
            AnnotationTarget::Figure(f) => {
                parts.figure =
                    check_text(p, &|| join(&path, "figure"), f, TextKind::Id).then_some(f.as_str());
            }
            AnnotationTarget::Period { region, year } => {
                let pp = join(&path, "period");
                parts.region = check_text(p, &|| join(&pp, "region"), region, TextKind::Id)
                    .then_some(region.as_str());
                check_year(p, &|| join(&pp, "year"), f64::from(*year));
            }
            AnnotationTarget::Measure(m) => {
                parts.measure = check_text(p, &|| join(&path, "measure"), m, TextKind::Id)
                    .then_some(m.as_str());
            }
        }
        let tp = join(&path, "text");
        check_text(p, &|| join(&tp, "vi"), &a.text.vi, TextKind::Note);
        check_text(p, &|| join(&tp, "en"), &a.text.en, TextKind::Note);
        if let Some(q) = &a.source {
            let sp = join(&path, "source");
            parts.file = check_text(p, &|| join(&sp, "file"), &q.file, TextKind::Id)
                .then_some(q.file.as_str());
            check_text(p, &|| join(&sp, "quote"), &q.quote, TextKind::Label);
        }
        out.push(parts);
    }
    out
}

/// Parses and validates a dataset from JSON text: the text becomes a JSON value, which
/// [`walk_value`] checks field by field (every problem, with its path) while building it.
pub(crate) fn from_json(json: &str) -> Result<Dataset, DataError> {
    if json.len() > MAX_JSON_BYTES {
        return Err(DataError {
            problems: vec![format!(
                "JSON: {} bytes, more than the maximum {MAX_JSON_BYTES}",
                json.len()
            )],
        });
    }
    // A byte-order mark (Windows Notepad writes one) is not part of the data.
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value = json::parse_node(json).map_err(|e| DataError {
        problems: vec![format!("JSON: {e}")],
    })?;
    walk_node(&value)
}

/// Validates a dataset given as a JSON value and builds it if nothing is wrong.
pub(crate) fn from_value(value: &Value) -> Result<Dataset, DataError> {
    walk_value(value)
}

/// The value walk: every problem with its path; the dataset when there is none. Size
/// limits are checked before any per-item work.
pub(crate) fn walk_value(value: &Value) -> Result<Dataset, DataError> {
    walk_node(&Node::of_value(value))
}

fn walk_node(value: &Node) -> Result<Dataset, DataError> {
    let mut w = Walker {
        p: Problems::default(),
    };
    match walk(&mut w, value) {
        Some(ds) if w.p.is_empty() => Ok(ds),
        _ => {
            if w.p.is_empty() {
                // Not reachable: every part left unbuilt has reported why.
                w.p.add(|| "dataset".to_string(), || "invalid".to_string());
            }
            match w.p.into_result() {
                Err(e) => Err(e),
                Ok(()) => Err(DataError {
                    problems: Vec::new(),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_echoed_as_json_writes_them() {
        let cases: [(f64, &str); 16] = [
            (13.0, "13"),
            (-5.0, "-5"),
            (0.0, "0"),
            (6.5, "6.5"),
            (-1.5, "-1.5"),
            (2020.5, "2020.5"),
            (0.1, "0.1"),
            (0.000_125, "0.000125"),
            (1e-7, "1e-7"),
            (1e300, "1e300"),
            (-1e300, "-1e300"),
            (f64::MAX, "1.797693e308"),
            (5e-324, "4.940656e-324"),
            (1e15, "1e15"),
            (123_456_789.125, "123456800"),
            (f64::NAN, "NaN"),
        ];
        for (v, want) in cases {
            assert_eq!(got_f64(v), want, "{v:?}");
        }
        assert_eq!(got_f64(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(got_f64(9.999_999_9), "10");
    }

    /// Problems come in the order they always did (the first five make the page's error
    /// message): written-order objects report unknown keys sorted and once, the last of a
    /// repeated key counts, escaped keys are keys, and repeated ids name the first one.
    /// (Expected lists: what the reader before the borrowed tree reported.)
    #[test]
    fn problems_keep_their_order_and_wording() {
        let cases: [(&str, &[&str]); 2] = [
            (
                r#"{"schema_version":1,"zeta":1,"alpha":2,"zeta":3,"regions":[{"id":"r","name":{"vi":"R","en":"R"},"x":1}],"measures":[{"id":"m","unit":"count","name":{"vi":"M","en":"M"}}],"sources":[{"file":"a.txt","title":{"vi":"A","en":"A"}}],"figures":[{"id":"a","region":"r","year":2020,"months":12,"measure":"m","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"q"}},{"id":"b","region":"r","year":2020,"months":12,"measure":"m","basis":"plan","value":"x","value":2,"unit":"count","source":{"file":"a.txt","quote":"q"}},{"id":"a","re\u0067ion":"r","year":2020,"months":12,"measure":"m","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"q"},"odd key":1,"b2":0,"b2":1},{"id":"c","region":"r","year":2020,"months":12,"measure":"m","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"q"}},{"id":"a","region":"q\"x","year":2020,"months":13,"measure":"m","basis":"actual","value":-1,"unit":"percent","source":{"file":"b.txt","quote":" "}},{"id":"c","id":"d","region":"r","year":2020.5,"months":12,"measure":"m","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"q"}}]}"#,
                &[
                    r#"alpha: unknown field (expected schema_version, regions, measures, sources, figures, annotations)"#,
                    r#"zeta: unknown field (expected schema_version, regions, measures, sources, figures, annotations)"#,
                    r#"regions[0].x: unknown field (expected id, name, short)"#,
                    r#"figures[2].b2: unknown field (expected id, region, year, months, measure, basis, value, unit, source, estimate, at_least, ambiguous, derived, note)"#,
                    r#"figures[2]["odd key"]: unknown field (expected id, region, year, months, measure, basis, value, unit, source, estimate, at_least, ambiguous, derived, note)"#,
                    r#"figures[4].months: expected 1–12, got 13"#,
                    r#"figures[4].source.quote: expected a non-empty string, got " ""#,
                    r#"figures[5].year: expected a year 0–99999, got 2020.5"#,
                    r#"figures[2].id: duplicate id "a" (first at figures[0])"#,
                    r#"figures[4].id: duplicate id "a" (first at figures[0])"#,
                    r#"figures[4].region: unknown region "q\"x" (not in regions)"#,
                    r#"figures[4].unit: expected "count" like measure "m", got "percent""#,
                    r#"figures[4].source.file: unknown source "b.txt" (not in sources)"#,
                    r#"figures[5].unit: expected "percent" like the actual of measure "m" at figures[4], got "count""#,
                ],
            ),
            (
                r#"{"schema_version":1,"regions":[{"id":"r","name":{"vi":"R","en":"R"}},{"id":"r","name":{"vi":"R","en":"R"}},{"id":"s","name":{"vi":"R","en":"R"}},{"id":"r","name":{"vi":"R","en":"R"}}],"measures":[{"id":"m","unit":"count","name":{"vi":"M","en":"M"}},{"id":"m","unit":"percent","name":{"vi":"M","en":"M"}}],"sources":[{"file":"a.txt","title":{"vi":"A","en":"A"}},{"file":"a.txt","title":{"vi":"A","en":"A"}}],"figures":[{"id":"a","region":"r","year":2020,"months":12,"measure":"m","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"q"}},{"id":"b","region":"r","year":2020,"months":12,"measure":"z","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"q"}},{"id":"c","region":"r","year":2020,"months":12,"measure":"z","basis":"actual","value":1,"unit":"million_vnd","source":{"file":"a.txt","quote":"q"},"derived":{"formula":"f","inputs":["c","zz",3]}}],"annotations":[{"figure":"nope","measure":"m","text":{"vi":"x","en":"y"}}]}"#,
                &[
                    r#"regions[1].id: duplicate id "r" (first at regions[0])"#,
                    r#"regions[3].id: duplicate id "r" (first at regions[0])"#,
                    r#"measures[1].id: duplicate id "m" (first at measures[0])"#,
                    r#"sources[1].file: duplicate id "a.txt" (first at sources[0])"#,
                    r#"figures[2].derived.inputs[2]: expected a string, got 3"#,
                    r#"figures[1].measure: unknown measure "z" (not in measures)"#,
                    r#"figures[2].measure: unknown measure "z" (not in measures)"#,
                    r#"figures[2].unit: expected "count" like the plan of measure "z" at figures[1], got "million_vnd""#,
                    r#"figures[2].derived.inputs[1]: unknown figure "zz" (not in figures)"#,
                    r#"figures[2].derived.inputs[0]: "c" is this figure itself (a figure cannot be derived from itself)"#,
                    r#"annotations[0]: expected only one of figure, period or measure, got figure and measure"#,
                    r#"annotations[0].figure: unknown figure "nope" (not in figures)"#,
                ],
            ),
        ];
        for (json, want) in cases {
            let got = Dataset::from_json(json).unwrap_err().problems;
            assert_eq!(got, want.to_vec());
            // The same through a parsed value (sorted maps): the JS-object path.
            let value = json::parse(json).unwrap();
            assert_eq!(from_value(&value).unwrap_err().problems, want.to_vec());
        }
    }

    #[test]
    fn plain_strings_are_borrowed_and_escaped_ones_read() {
        let text = r#"{"a":"plain","b":"t\u00e9\"x","k\u0065y":[1,{"c":"d"}]}"#;
        let node = json::parse_node(text).unwrap();
        let json::Node::Object(m) = &node else {
            panic!("{node:?}")
        };
        assert!(matches!(
            m.get("a"),
            Some(json::Node::Str(std::borrow::Cow::Borrowed("plain")))
        ));
        assert!(matches!(m.get("b"), Some(json::Node::Str(s)) if s == "té\"x"));
        assert!(matches!(m.get("key"), Some(json::Node::Array(a)) if a.len() == 2));
        assert_eq!(m.keys_not_in(&["a"]), ["b", "key"]);
        // Owned and borrowed trees agree.
        assert_eq!(json::Node::of_value(&json::parse(text).unwrap()), node);
    }
}
