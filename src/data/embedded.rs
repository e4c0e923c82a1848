//! The embedded dataset in compiled form: `build.rs` validates `data/khuyencong.json`
//! with the crate's own validator and writes it as the static tables below (plain data,
//! no code per figure); [`dataset`] turns them into a [`Dataset`] without parsing or
//! checking anything.

use super::{
    Annotation, AnnotationTarget, Basis, Dataset, Derivation, Figure, LabelPosition, Localized,
    Measure, Quote, Refs, Region, Source, Unit,
};

/// A string of [`TEXT`]: (byte offset, byte length).
type S = (u16, u16);
/// (vi, en)
type L = (S, S);

struct RegionRow {
    id: S,
    name: L,
    short: Option<L>,
}

struct MeasureRow {
    id: S,
    unit: Unit,
    name: L,
}

struct SourceRow {
    file: S,
    title: L,
    publisher: S,
    date: S,
}

/// `region`, `measure` and `file`: positions in [`REGIONS`], [`MEASURES`], [`SOURCES`]
/// (interned by `build.rs`).
struct FigureRow {
    id: S,
    region: u16,
    year: i32,
    months: u8,
    measure: u16,
    basis: Basis,
    value: f64,
    unit: Unit,
    file: u16,
    quote: S,
    /// estimate, at least, ambiguous
    flags: (bool, bool, bool),
    derived: Option<(S, &'static [S])>,
    note: Option<L>,
}

/// What a note is attached to (see [`AnnotationTarget`]).
enum Target {
    Figure(S),
    Period(S, i32),
    Measure(S),
}

struct AnnotationRow {
    target: Target,
    text: L,
    position: LabelPosition,
    /// (file, quote)
    source: Option<(S, S)>,
}

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// One string of the blob (the generator only cuts at character boundaries).
fn s(t: S) -> String {
    let (at, len) = (usize::from(t.0), usize::from(t.1));
    TEXT.get(at..at + len).unwrap_or_default().to_string()
}

fn text(l: L) -> Localized {
    Localized {
        vi: s(l.0),
        en: s(l.1),
    }
}

/// The id of a figure's region, measure or source: that of the row at its position (""
/// past the table's end, which the generator never writes; lookups then find nothing).
fn id_at(row: Option<S>) -> String {
    row.map(s).unwrap_or_default()
}

pub(super) fn dataset() -> Dataset {
    Dataset {
        schema_version: SCHEMA_VERSION,
        regions: REGIONS
            .iter()
            .map(|r| Region {
                id: s(r.id),
                name: text(r.name),
                short: r.short.map(text),
            })
            .collect(),
        measures: MEASURES
            .iter()
            .map(|m| Measure {
                id: s(m.id),
                unit: m.unit,
                name: text(m.name),
            })
            .collect(),
        sources: SOURCES
            .iter()
            .map(|src| Source {
                file: s(src.file),
                title: text(src.title),
                publisher: s(src.publisher),
                date: s(src.date),
            })
            .collect(),
        figures: FIGURES
            .iter()
            .map(|f| {
                let at = usize::from;
                Figure {
                    id: s(f.id),
                    region: id_at(REGIONS.get(at(f.region)).map(|r| r.id)),
                    year: f.year,
                    months: f.months,
                    measure: id_at(MEASURES.get(at(f.measure)).map(|m| m.id)),
                    basis: f.basis,
                    value: f.value,
                    unit: f.unit,
                    source: Quote {
                        file: id_at(SOURCES.get(at(f.file)).map(|x| x.file)),
                        quote: s(f.quote),
                    },
                    estimate: f.flags.0,
                    at_least: f.flags.1,
                    ambiguous: f.flags.2,
                    derived: f.derived.map(|(formula, inputs)| Derivation {
                        formula: s(formula),
                        inputs: inputs.iter().map(|i| s(*i)).collect(),
                    }),
                    note: f.note.map(text),
                    refs: Refs {
                        region: Some(f.region),
                        measure: Some(f.measure),
                        source: Some(f.file),
                    },
                }
            })
            .collect(),
        annotations: ANNOTATIONS
            .iter()
            .map(|a| Annotation {
                target: match a.target {
                    Target::Figure(id) => AnnotationTarget::Figure(s(id)),
                    Target::Period(region, year) => AnnotationTarget::Period {
                        region: s(region),
                        year,
                    },
                    Target::Measure(id) => AnnotationTarget::Measure(s(id)),
                },
                text: text(a.text),
                position: a.position,
                source: a.source.map(|(file, quote)| Quote {
                    file: s(file),
                    quote: s(quote),
                }),
            })
            .collect(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::{Dataset, EMBEDDED_JSON};

    #[test]
    fn the_compiled_dataset_is_the_json_one() {
        let parsed = Dataset::from_json(EMBEDDED_JSON).expect("valid");
        let compiled = super::dataset();
        assert_eq!(format!("{compiled:?}"), format!("{parsed:?}"));
        assert!(compiled.validate().is_ok());
        assert!(compiled.figures.len() > 60, "{}", compiled.figures.len());
    }
}
