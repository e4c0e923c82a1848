//! Layer 1: the dataset schema, the embedded khuyến công figures and their validation.
//!
//! Nothing here knows about drawing or the browser.

use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

/// The dataset compiled into the crate: `data/khuyencong.json`, minified by `build.rs`.
/// Every figure quotes its sentence in `data/sources/`.
pub const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/khuyencong.min.json"));

/// Text in both languages the component speaks.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Localized {
    pub vi: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// The language of every string a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALLOWED: &'static str = "\"vi\" or \"en\"";
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    MillionVnd,
    Count,
    Percent,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Plan,
    Actual,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: Localized,
    /// Short name for tight labels ("MT–TN").
    #[serde(default)]
    pub short: Option<Localized>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Measure {
    pub id: String,
    pub unit: Unit,
    pub name: Localized,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub file: String,
    pub title: Localized,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub date: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Quote {
    pub file: String,
    pub quote: String,
}

/// How a figure was computed from stated ones (it is not itself in the text).
#[derive(Debug, Clone, Deserialize)]
pub struct Derivation {
    pub formula: String,
    #[serde(default)]
    pub inputs: Vec<String>,
}

/// One stated (or derived) number: the unit of everything the charts draw.
#[derive(Debug, Clone, Deserialize)]
pub struct Figure {
    pub id: String,
    pub region: String,
    pub year: i32,
    pub months: u8,
    pub measure: String,
    pub basis: Basis,
    pub value: f64,
    pub unit: Unit,
    pub source: Quote,
    #[serde(default)]
    pub estimate: bool,
    #[serde(default)]
    pub at_least: bool,
    #[serde(default)]
    pub ambiguous: bool,
    #[serde(default)]
    pub derived: Option<Derivation>,
    #[serde(default)]
    pub note: Option<Localized>,
}

impl Figure {
    pub fn is_partial_year(&self) -> bool {
        self.months < 12
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Dataset {
    pub schema_version: u32,
    pub regions: Vec<Region>,
    pub measures: Vec<Measure>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
}

/// Every problem found in a dataset, each with the path of the offending field.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    pub problems: Vec<String>,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid dataset: {}", self.problems.join("; "))
    }
}

impl std::error::Error for DataError {}

impl Dataset {
    /// Parses and validates a dataset in the public JSON schema.
    pub fn from_json(json: &str) -> Result<Dataset, DataError> {
        let ds: Dataset = serde_json::from_str(json).map_err(|e| DataError {
            problems: vec![format!("JSON: {e}")],
        })?;
        ds.validate()?;
        Ok(ds)
    }

    /// The embedded dataset, parsed and validated once per process (or wasm instance).
    pub fn embedded() -> Result<&'static Dataset, DataError> {
        static CELL: OnceLock<Result<Dataset, DataError>> = OnceLock::new();
        CELL.get_or_init(|| Dataset::from_json(EMBEDDED_JSON))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn validate(&self) -> Result<(), DataError> {
        let mut problems = Vec::new();
        if self.figures.is_empty() {
            problems.push("figures: expected at least one figure, got none".to_string());
        }
        let regions: HashSet<&str> = self.regions.iter().map(|r| r.id.as_str()).collect();
        let files: HashSet<&str> = self.sources.iter().map(|s| s.file.as_str()).collect();
        let mut ids = HashSet::new();
        for (i, f) in self.figures.iter().enumerate() {
            let at = format!("figures[{i}]");
            if f.id.is_empty() {
                problems.push(format!("{at}.id: expected a non-empty id"));
            } else if !ids.insert(f.id.as_str()) {
                problems.push(format!("{at}.id: duplicate id \"{}\"", f.id));
            }
            if !f.value.is_finite() {
                problems.push(format!("{at}.value: not a finite number"));
            }
            if !(1..=12).contains(&f.months) {
                problems.push(format!("{at}.months: expected 1–12, got {}", f.months));
            }
            if !regions.contains(f.region.as_str()) {
                problems.push(format!("{at}.region: unknown region \"{}\"", f.region));
            }
            match self.measure(&f.measure) {
                None => problems.push(format!("{at}.measure: unknown measure \"{}\"", f.measure)),
                Some(m) if m.unit != f.unit => problems.push(format!(
                    "{at}.unit: expected {:?} like measure \"{}\", got {:?}",
                    m.unit, m.id, f.unit
                )),
                Some(_) => {}
            }
            if !files.contains(f.source.file.as_str()) {
                problems.push(format!(
                    "{at}.source.file: unknown source \"{}\"",
                    f.source.file
                ));
            }
            if f.source.quote.trim().is_empty() {
                problems.push(format!(
                    "{at}.source.quote: expected the words of the source"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(DataError { problems })
        }
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn source(&self, file: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.file == file)
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dataset_parses_and_validates() {
        let ds = Dataset::embedded().expect("embedded dataset is valid");
        assert_eq!(ds.regions.len(), 2);
        assert!(ds.figures.len() >= 50);
    }

    #[test]
    fn validation_reports_every_problem_with_its_path() {
        let json = r#"{"schema_version":1,"regions":[{"id":"r","name":{"vi":"R","en":"R"}}],
          "measures":[{"id":"m","unit":"count","name":{"vi":"M","en":"M"}}],
          "sources":[{"file":"a.txt","title":{"vi":"A","en":"A"}}],
          "figures":[
            {"id":"x","region":"r","year":2020,"months":13,"measure":"m","basis":"plan","value":1,"unit":"count","source":{"file":"a.txt","quote":"1"}},
            {"id":"x","region":"q","year":2020,"months":12,"measure":"m","basis":"plan","value":1,"unit":"percent","source":{"file":"b.txt","quote":"1"}}
          ]}"#;
        let err = Dataset::from_json(json).unwrap_err();
        let all = err.problems.join("\n");
        assert!(
            all.contains("figures[0].months: expected 1–12, got 13"),
            "{all}"
        );
        assert!(all.contains("figures[1].id: duplicate id \"x\""), "{all}");
        assert!(
            all.contains("figures[1].region: unknown region \"q\""),
            "{all}"
        );
        assert!(all.contains("figures[1].unit:"), "{all}");
        assert!(
            all.contains("figures[1].source.file: unknown source \"b.txt\""),
            "{all}"
        );
        assert_eq!(err.problems.len(), 5, "{all}");
    }

    #[test]
    fn empty_dataset_is_rejected() {
        let json = r#"{"schema_version":1,"regions":[],"measures":[],"sources":[],"figures":[]}"#;
        let err = Dataset::from_json(json).unwrap_err();
        assert_eq!(
            err.problems,
            vec!["figures: expected at least one figure, got none"]
        );
    }
}
