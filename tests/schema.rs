//! `schema/khuyencong.schema.json` describes exactly what `Dataset::from_json` accepts,
//! as far as JSON Schema can say it: the embedded dataset and every valid edge case in
//! `tests/malformed/` validate; every malformed file the crate rejects for a reason the
//! schema can express is rejected by the schema too; and the schema's field names,
//! required fields, enums and limits are the crate's constants.

#![cfg(not(target_arch = "wasm32"))]

use khuyencong_charts::data::{self, Dataset};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &str) -> Value {
    let text = fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn schema() -> Value {
    read_json("schema/khuyencong.schema.json")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("the schema is valid draft 2020-12");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_dataset_validates_against_the_schema() {
    let v = validator();
    let ds = read_json("data/khuyencong.json");
    let errs = errors(&v, &ds);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

/// Malformed files whose only problems are ones JSON Schema cannot express:
/// uniqueness, references between lists (derived-figure cycles too), a figure's unit
/// against its measure's.
const CROSS_REFERENCE_ONLY: &[&str] = &[
    "annotations_unknown_refs",
    "control_chars_in_reference",
    "derived_cycles_two",
    "derived_input_is_itself",
    "derived_inputs_cycle",
    "derived_unknown_input",
    "duplicate_figure_id",
    "duplicate_figure_ids_many",
    "duplicate_measure_id",
    "duplicate_region_id",
    "duplicate_source_file",
    "plan_actual_units_differ_known_measure",
    "unit_differs_from_measure",
    "unknown_measure",
    "unknown_region",
    "unknown_source",
];

#[test]
fn the_schema_agrees_with_the_validator_on_the_malformed_corpus() {
    let v = validator();
    let dir = root().join("tests/malformed");
    let mut checked = 0;
    let mut disagreements = Vec::new();
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/malformed")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    for path in names {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let text = fs::read_to_string(&path).expect("read");
        let Ok(instance) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}'))
        else {
            continue; // JSON syntax errors: nothing for a schema to look at
        };
        let crate_ok = Dataset::from_json(&text).is_ok();
        let schema_errs = errors(&v, &instance);
        let schema_ok = schema_errs.is_empty();
        let expect_schema_ok = crate_ok || CROSS_REFERENCE_ONLY.contains(&name.as_str());
        if schema_ok != expect_schema_ok {
            disagreements.push(format!(
                "{name}: crate {}, schema {} {schema_errs:?}",
                if crate_ok { "accepts" } else { "rejects" },
                if schema_ok { "accepts" } else { "rejects" },
            ));
        }
        checked += 1;
    }
    assert!(checked >= 50, "{checked}");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_schema_names_the_validators_fields_enums_and_limits() {
    let s = schema();
    let defs = &s["$defs"];
    assert_eq!(keys(&s["properties"]), set(&data::TOP_FIELDS));
    assert_eq!(strings(&s["required"]), set(&data::TOP_REQUIRED));
    assert_eq!(
        s["properties"]["schema_version"]["const"],
        data::SCHEMA_VERSION
    );
    for (def, fields, required) in [
        (
            "region",
            &data::REGION_FIELDS[..],
            &data::REGION_REQUIRED[..],
        ),
        (
            "measure",
            &data::MEASURE_FIELDS[..],
            &data::MEASURE_FIELDS[..],
        ),
        (
            "source",
            &data::SOURCE_FIELDS[..],
            &data::SOURCE_REQUIRED[..],
        ),
        (
            "figure",
            &data::FIGURE_FIELDS[..],
            &data::FIGURE_REQUIRED[..],
        ),
        (
            "localized",
            &data::LOCALIZED_FIELDS[..],
            &data::LOCALIZED_FIELDS[..],
        ),
    ] {
        assert_eq!(keys(&defs[def]["properties"]), set(fields), "{def}");
        assert_eq!(strings(&defs[def]["required"]), set(required), "{def}");
        assert_eq!(defs[def]["additionalProperties"], false, "{def}");
    }
    let a = &defs["annotation"];
    assert_eq!(keys(&a["properties"]), set(&data::ANNOTATION_FIELDS));
    assert_eq!(strings(&a["required"]), set(&data::ANNOTATION_REQUIRED));
    assert_eq!(a["additionalProperties"], false);
    let period = &a["properties"]["period"];
    assert_eq!(keys(&period["properties"]), set(&data::PERIOD_FIELDS));
    assert_eq!(strings(&period["required"]), set(&data::PERIOD_FIELDS));
    assert_eq!(period["properties"]["year"]["minimum"], data::MIN_YEAR);
    assert_eq!(period["properties"]["year"]["maximum"], data::MAX_YEAR);
    assert_eq!(
        strings(&a["properties"]["position"]["anyOf"][1]["enum"]),
        set(&data::POSITIONS)
    );
    assert_eq!(
        keys(&a["properties"]["source"]["anyOf"][1]["properties"]),
        set(&data::QUOTE_FIELDS)
    );
    assert_eq!(
        s["properties"]["annotations"]["anyOf"][1]["maxItems"],
        data::MAX_ANNOTATIONS
    );
    assert_eq!(defs["note_text"]["maxLength"], data::MAX_ANNOTATION_CHARS);
    let quote = &defs["figure"]["properties"]["source"];
    assert_eq!(keys(&quote["properties"]), set(&data::QUOTE_FIELDS));
    let derived = &defs["figure"]["properties"]["derived"]["anyOf"][1];
    assert_eq!(keys(&derived["properties"]), set(&data::DERIVATION_FIELDS));
    assert_eq!(
        strings(&derived["required"]),
        set(&data::DERIVATION_REQUIRED)
    );
    assert_eq!(
        derived["properties"]["inputs"]["anyOf"][1]["maxItems"],
        data::MAX_DERIVED_INPUTS
    );
    assert_eq!(strings(&defs["unit"]["enum"]), set(&data::UNITS));
    assert_eq!(strings(&defs["basis"]["enum"]), set(&data::BASES));

    let p = &s["properties"];
    assert_eq!(p["figures"]["maxItems"], data::MAX_FIGURES);
    assert_eq!(p["regions"]["maxItems"], data::MAX_REGIONS);
    assert_eq!(p["measures"]["maxItems"], data::MAX_MEASURES);
    assert_eq!(p["sources"]["maxItems"], data::MAX_SOURCES);
    assert_eq!(defs["id"]["maxLength"], data::MAX_ID_CHARS);
    assert_eq!(defs["label"]["maxLength"], data::MAX_TEXT_CHARS);
    assert_eq!(defs["free_text"]["maxLength"], data::MAX_TEXT_CHARS);
    let fp = &defs["figure"]["properties"];
    assert_eq!(fp["year"]["minimum"], data::MIN_YEAR);
    assert_eq!(fp["year"]["maximum"], data::MAX_YEAR);
    assert_eq!(
        defs["region"]["properties"]["id"]["allOf"][1]["not"]["const"],
        data::RESERVED_REGION_ID
    );
}
