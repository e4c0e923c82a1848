//! Layer 1: the dataset schema, the embedded khuyến công figures and their validation.
//!
//! Nothing here knows about drawing or the browser.

use std::fmt;
use std::sync::OnceLock;

pub mod json;
// Table import: native builds (tests, tools) and the editor package only, so that pkg/ is
// byte-for-byte what it would be without it.
#[cfg(any(feature = "editor", not(target_arch = "wasm32")))]
pub mod table;
mod validate;

pub use validate::{
    ANNOTATION_FIELDS, ANNOTATION_REQUIRED, MAX_ANNOTATIONS, MAX_ANNOTATION_CHARS, PERIOD_FIELDS,
    POSITIONS, TOP_REQUIRED,
};
pub use validate::{
    BASES, DERIVATION_FIELDS, DERIVATION_REQUIRED, FIGURE_FIELDS, FIGURE_REQUIRED,
    LOCALIZED_FIELDS, MAX_DERIVED_INPUTS, MAX_FIGURES, MAX_ID_CHARS, MAX_JSON_BYTES, MAX_MEASURES,
    MAX_PROBLEMS, MAX_REGIONS, MAX_SOURCES, MAX_TEXT_CHARS, MAX_YEAR, MEASURE_FIELDS, MIN_YEAR,
    QUOTE_FIELDS, REGION_FIELDS, REGION_REQUIRED, RESERVED_REGION_ID, SCHEMA_VERSION,
    SOURCE_FIELDS, SOURCE_REQUIRED, TOP_FIELDS, UNITS,
};

/// `data/khuyencong.json` as text, minified by `build.rs` (native builds: tests and tools;
/// the browser build carries the compiled form only, see [`Dataset::embedded`]).
/// Every figure quotes its sentence in `data/sources/`.
#[cfg(not(target_arch = "wasm32"))]
pub const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/khuyencong.min.json"));

mod embedded;

include!("types.rs");

impl Dataset {
    /// The embedded dataset: compiled in by `build.rs`, which validated it with the rules
    /// of [`Dataset::from_json`] (the build fails with the located problems otherwise), so
    /// nothing is parsed or checked at start-up. Built once per process or wasm instance.
    pub fn embedded() -> Result<&'static Dataset, DataError> {
        static CELL: OnceLock<Dataset> = OnceLock::new();
        Ok(CELL.get_or_init(embedded::dataset))
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

    /// Every figure of the embedded dataset (compiled, and parsed from its JSON) has its
    /// region, measure and source interned, and the lookups through them give what the
    /// search by id gives.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn interned_lookups_are_the_search_by_id() {
        let compiled = Dataset::embedded().expect("embedded dataset is valid");
        let parsed = Dataset::from_json(EMBEDDED_JSON).expect("valid");
        for ds in [compiled, &parsed] {
            for f in &ds.figures {
                let (r, m, s) = (f.refs.region, f.refs.measure, f.refs.source);
                assert!(r.is_some() && m.is_some() && s.is_some(), "{}", f.id);
                assert_eq!(
                    r.and_then(|i| ds.regions.get(usize::from(i)))
                        .map(|r| &r.id),
                    Some(&f.region)
                );
                let same = |a: Option<&Region>, b: Option<&Region>| {
                    a.map(std::ptr::from_ref) == b.map(std::ptr::from_ref)
                };
                assert!(same(ds.region_of(f), ds.region(&f.region)), "{}", f.id);
                assert!(
                    ds.measure_of(f).map(std::ptr::from_ref)
                        == ds.measure(&f.measure).map(std::ptr::from_ref),
                    "{}",
                    f.id
                );
                assert!(
                    ds.source_of(f).map(std::ptr::from_ref)
                        == ds.source(&f.source.file).map(std::ptr::from_ref),
                    "{}",
                    f.id
                );
            }
            // Interning again changes nothing; a figure moved to another region follows
            // once the dataset is interned again.
            let mut again = ds.clone();
            again.intern();
            assert_eq!(format!("{again:?}"), format!("{ds:?}"));
            again.figures[0].region = again.regions[1].id.clone();
            again.intern();
            assert_eq!(again.region_id_of(&again.figures[0]), Id::At(1));
            // A figure whose region is in no list: no index, the search by id says so.
            again.figures[0].region = "nowhere".into();
            again.intern();
            assert_eq!(again.figures[0].refs.region, None);
            assert_eq!(
                again.region_id_of(&again.figures[0]),
                Id::Unknown("nowhere")
            );
            assert!(again.region_of(&again.figures[0]).is_none());
        }
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
