//! The malformed-dataset corpus: every `tests/malformed/NAME.json` is fed to
//! `Dataset::from_json` and the set of reported problems must equal the lines of
//! `NAME.expected.txt` exactly. An empty `.expected.txt` means the file is valid (an
//! edge case that must be accepted): then every chart is drawn from it at several
//! widths, without a panic and inside its bounds.
//!
//! `from_value` (the JS-object path) and the field-by-field walk (`from_value_walked`)
//! must report the same problems as `from_json`.
//! To see what the validator says about a new file: `MALFORMED_SHOW=1 cargo test --test malformed`.

#![cfg(not(target_arch = "wasm32"))]

use khuyencong_charts::data::{Dataset, Lang, MAX_PROBLEMS};
use khuyencong_charts::model::{self, ChartKind, ChartOptions, Mark, RegionSel};
use khuyencong_charts::render;
use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

fn cases() -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir()).expect("tests/malformed") {
        let path = entry.expect("dir entry").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let json = fs::read_to_string(&path).expect("read case");
        let expected = fs::read_to_string(dir().join(format!("{stem}.expected.txt"))).ok();
        out.push((stem.to_string(), json, expected));
    }
    out.sort();
    out
}

fn problems(r: &Result<Dataset, khuyencong_charts::data::DataError>) -> Vec<String> {
    match r {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.clone(),
    }
}

fn draw_everything(name: &str, ds: &Dataset) {
    let mut regions: Vec<RegionSel> = ds
        .regions
        .iter()
        .map(|r| RegionSel::One(r.id.clone()))
        .collect();
    regions.push(RegionSel::All);
    for kind in [ChartKind::Funding, ChartKind::Activities] {
        for region in &regions {
            for lang in [Lang::Vi, Lang::En] {
                for width in [0.0, 1.0, 280.0, 800.0, 4000.0] {
                    let opts = ChartOptions::new(kind, region.clone(), lang);
                    let s = model::layout(ds, &opts, width);
                    assert!(s.width.is_finite() && s.height.is_finite(), "{name}");
                    for m in &s.marks {
                        if let Mark::Rect { rect, .. } = m {
                            assert!(
                                rect.x >= 0.0
                                    && rect.y >= 0.0
                                    && rect.right() <= s.width + 0.01
                                    && rect.bottom() <= s.height + 0.01,
                                "{name} {kind:?} {region:?} @ {width}: {rect:?} outside {}×{}",
                                s.width,
                                s.height
                            );
                        }
                    }
                    render::to_svg(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
                }
            }
        }
    }
}

#[test]
fn every_malformed_file_reports_exactly_its_expected_problems() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let show = std::env::var_os("MALFORMED_SHOW").is_some();
    let mut failures = Vec::new();
    let mut rejected = 0;
    for (name, json, expected) in &cases {
        let result = Dataset::from_json(json);
        let got = problems(&result);
        if show {
            println!("== {name}\n{}", got.join("\n"));
        }
        let Some(expected) = expected else {
            failures.push(format!(
                "{name}: no {name}.expected.txt; reported:\n  {}",
                got.join("\n  ")
            ));
            continue;
        };
        let want: BTreeSet<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        let have: BTreeSet<&str> = got.iter().map(String::as_str).collect();
        if want != have || have.len() != got.len() {
            failures.push(format!(
                "{name}:\n  missing: {:?}\n  unexpected: {:?}",
                want.difference(&have).collect::<Vec<_>>(),
                have.difference(&want).collect::<Vec<_>>()
            ));
            continue;
        }
        assert!(got.len() <= MAX_PROBLEMS + 1, "{name}: {} lines", got.len());
        match &result {
            Ok(ds) => draw_everything(name, ds),
            Err(_) => rejected += 1,
        }
        // The JS-object path says the same (JSON syntax errors excepted: no value to pass).
        if let Ok(value) =
            serde_json::from_str::<serde_json::Value>(json.trim_start_matches('\u{feff}'))
        {
            let walked = problems(&Dataset::from_serde_value(&value));
            assert_eq!(
                walked, got,
                "{name}: the field-by-field walk differs from from_json"
            );
            let via_value = problems(&Dataset::from_serde_value(&value));
            assert_eq!(via_value, got, "{name}: from_value differs from from_json");
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(rejected >= 50, "only {rejected} rejected cases");
}

#[test]
fn json_over_the_byte_limit_is_refused_before_parsing() {
    use khuyencong_charts::data::MAX_JSON_BYTES;
    let big = " ".repeat(MAX_JSON_BYTES + 1);
    let t = std::time::Instant::now();
    let e = Dataset::from_json(&big).unwrap_err();
    assert_eq!(
        e.problems,
        vec![format!(
            "JSON: {} bytes, more than the maximum {MAX_JSON_BYTES}",
            MAX_JSON_BYTES + 1
        )]
    );
    assert!(t.elapsed().as_millis() < 100);
}
