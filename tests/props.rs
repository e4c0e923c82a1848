//! Property tests: no input a page can pass makes validation, layout or rendering panic,
//! hang or draw outside the chart.
//!
//! - Datasets are built directly from the Rust types (public fields), so they can hold
//!   what JSON cannot: NaN, ±Infinity, months 0 or 200, unknown references, duplicate
//!   ids. Layout must cope with every one of them, valid or not.
//! - The same datasets, written as JSON, go through `Dataset::from_json`: accepted or
//!   rejected with bounded, located messages, and the typed `Dataset::validate` agrees.
//! - Sizes up to 100 000 figures are accepted or refused quickly.
//!
//! Case counts are set per test to keep `cargo test` fast on two cores; raise them with
//! `PROPTEST_CASES=…` for a longer search.

#![cfg(not(target_arch = "wasm32"))]

use khuyencong_charts::data::{
    Annotation, AnnotationTarget, Basis, Dataset, Derivation, Figure, LabelPosition, Lang,
    Localized, Measure, Quote, Refs, Region, Source, Unit, MAX_FIGURES, MAX_PROBLEMS,
};
use khuyencong_charts::model::{self, ChartKind, ChartOptions, Mark, RawOptions, RegionSel, Scene};
use khuyencong_charts::render::{self, Surface};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The default case count, or `PROPTEST_CASES` when set (for a longer search).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------

/// Text of every awkward kind: empty, plain, Vietnamese, emoji (with joiners and skin
/// tones), right-to-left with bidi overrides, control characters, markup, very long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{1,16}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => Just("Tổng kinh phí khuyến công địa phương".to_string()),
        1 => Just("👩🏽‍🔧🏭📈 🇻🇳".to_string()),
        1 => Just("مرحبا بالعالم שלום \u{202e}olleh\u{202c}".to_string()),
        1 => "[\\x00-\\x1f\\x7f]{1,8}",
        1 => Just("<img src=x onerror=alert(1)> </script> javascript:alert(1) =1+1".to_string()),
        1 => "\\PC{0,40}",
        1 => (1usize..6000).prop_map(|n| "W".repeat(n)),
        1 => (1usize..400).prop_map(|n| "Tỉnh Bà Rịa ".repeat(n)),
        1 => (1usize..3000).prop_map(|n| "😀".repeat(n)),
    ]
}

fn localized() -> impl Strategy<Value = Localized> {
    (text(), text()).prop_map(|(vi, en)| Localized { vi, en })
}

/// Every kind of number a figure could carry, including those JSON cannot.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0f64..100_000.0,
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => -1e6f64..0.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(1e300),
        1 => Just(-1e300),
        1 => Just(f64::MAX),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(5e-324),
        1 => any::<f64>(),
    ]
}

/// Measures the charts treat specially, plus made-up ones.
const MEASURES: [(&str, Unit); 9] = [
    ("total_funding", Unit::MillionVnd),
    ("consulting_revenue", Unit::MillionVnd),
    ("national_funding", Unit::MillionVnd),
    ("local_funding", Unit::MillionVnd),
    ("disbursement_rate", Unit::Percent),
    ("total_funding_growth", Unit::Percent),
    ("demo_models", Unit::Count),
    ("vocational_trainees", Unit::Count),
    ("my_new_count", Unit::Count),
];

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::MillionVnd),
        Just(Unit::Count),
        Just(Unit::Percent)
    ]
}

fn basis() -> impl Strategy<Value = Basis> {
    prop_oneof![Just(Basis::Plan), Just(Basis::Actual)]
}

fn region_id(n_regions: usize) -> impl Strategy<Value = String> {
    // Mostly real regions; sometimes an unknown one.
    prop_oneof![
        9 => (0..n_regions.max(1)).prop_map(|i| format!("r{i}")),
        1 => Just("nowhere".to_string()),
    ]
}

fn figure(n_regions: usize) -> impl Strategy<Value = Figure> {
    let id = prop_oneof![
        8 => (0u32..1_000_000).prop_map(|i| format!("f{i}")),
        1 => Just("dup".to_string()),
        1 => text(),
    ];
    let measure = prop_oneof![
        9 => (0..MEASURES.len()).prop_map(|i| MEASURES[i].0.to_string()),
        1 => text(),
    ];
    let months = prop_oneof![8 => 1u8..=12, 1 => Just(0u8), 1 => any::<u8>()];
    let year = prop_oneof![8 => 2010i32..2030, 1 => any::<i32>()];
    let flags = (any::<bool>(), any::<bool>(), any::<bool>());
    let extra = (
        proptest::option::weighted(0.2, (text(), proptest::collection::vec(text(), 0..3))),
        proptest::option::weighted(0.3, localized()),
        text(),
    );
    (
        id,
        region_id(n_regions),
        year,
        months,
        measure,
        basis(),
        value(),
        prop_oneof![9 => Just(None), 1 => unit().prop_map(Some)],
        flags,
        extra,
    )
        .prop_map(
            |(id, region, year, months, measure, basis, value, unit, flags, extra)| {
                let own_unit = MEASURES
                    .iter()
                    .find(|(m, _)| *m == measure)
                    .map(|(_, u)| *u)
                    .unwrap_or(Unit::Count);
                let (derived, note, quote) = extra;
                Figure {
                    id,
                    region,
                    year,
                    months,
                    measure,
                    basis,
                    value,
                    unit: unit.unwrap_or(own_unit),
                    source: Quote {
                        file: "a.txt".to_string(),
                        quote,
                    },
                    estimate: flags.0,
                    at_least: flags.1,
                    ambiguous: flags.2,
                    derived: derived.map(|(formula, inputs)| Derivation { formula, inputs }),
                    note,
                    refs: Refs::default(),
                }
            },
        )
}

fn dataset(max_figures: usize) -> impl Strategy<Value = Dataset> {
    (0usize..5).prop_flat_map(move |n_regions| {
        (
            proptest::collection::vec((localized(), proptest::option::of(localized())), n_regions),
            proptest::collection::vec(localized(), MEASURES.len()),
            proptest::collection::vec(figure(n_regions), 0..=max_figures),
            text(),
        )
            .prop_map(|(regions, names, figures, publisher)| Dataset {
                schema_version: 1,
                regions: regions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, short))| Region {
                        id: format!("r{i}"),
                        name,
                        short,
                    })
                    .collect(),
                measures: MEASURES
                    .iter()
                    .zip(names)
                    .map(|((id, unit), name)| Measure {
                        id: id.to_string(),
                        unit: *unit,
                        name,
                    })
                    .collect(),
                sources: vec![Source {
                    file: "a.txt".to_string(),
                    title: Localized {
                        vi: "Bài".into(),
                        en: "Article".into(),
                    },
                    publisher,
                    date: String::new(),
                }],
                annotations: annotations_for(&figures),
                figures,
            })
    })
}

/// Notes on some of the figures, their periods and measures: a plain one, one whose
/// text is an arbitrary quote (blank, 6 000 characters, emoji, control characters…),
/// every position hint, a reference to a figure that may not exist.
fn annotations_for(figures: &[Figure]) -> Vec<Annotation> {
    let positions = [
        LabelPosition::Auto,
        LabelPosition::Above,
        LabelPosition::Below,
        LabelPosition::Left,
        LabelPosition::Right,
    ];
    let plain = |s: &str| Localized {
        vi: s.to_string(),
        en: s.to_string(),
    };
    let mut v = Vec::new();
    for (k, f) in figures.iter().take(4).enumerate() {
        let target = match k {
            0 | 3 => AnnotationTarget::Figure(f.id.clone()),
            1 => AnnotationTarget::Period {
                region: f.region.clone(),
                year: f.year,
            },
            _ => AnnotationTarget::Measure(f.measure.clone()),
        };
        let text = if k == 3 {
            plain(&f.source.quote)
        } else {
            plain("Ghi chú: một câu ngắn về số liệu này")
        };
        v.push(Annotation {
            target,
            text,
            position: positions[k % positions.len()],
            source: (k % 2 == 0).then(|| f.source.clone()),
        });
    }
    v
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Vi), Just(Lang::En)]
}

fn width() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        Just(280.0),
        Just(4000.0),
        0.0f64..5000.0,
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-1.0),
        Just(1e12),
    ]
}

// ---------------------------------------------------------------------------------------
// What every scene must satisfy
// ---------------------------------------------------------------------------------------

const EPS: f64 = 0.01;

fn check_scene(scene: &Scene, ds: &Dataset, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        scene.width.is_finite() && scene.width > 0.0 && scene.width <= 4000.0,
        "{what}: width {}",
        scene.width
    );
    prop_assert!(
        scene.height.is_finite() && scene.height > 0.0,
        "{what}: height {}",
        scene.height
    );
    for m in &scene.marks {
        match m {
            Mark::Rect { rect, .. } => {
                prop_assert!(
                    rect.x.is_finite() && rect.y.is_finite() && rect.w >= 0.0 && rect.h >= 0.0,
                    "{what}: {rect:?}"
                );
                prop_assert!(
                    rect.x >= -EPS
                        && rect.y >= -EPS
                        && rect.right() <= scene.width + EPS
                        && rect.bottom() <= scene.height + EPS,
                    "{what}: {rect:?} outside {}×{}",
                    scene.width,
                    scene.height
                );
            }
            Mark::Text(t) => {
                prop_assert!(t.x.is_finite() && t.y.is_finite(), "{what}: {t:?}");
                prop_assert!(t.size.is_finite() && t.size > 0.0, "{what}: {t:?}");
            }
            Mark::Line {
                from, to, width, ..
            } => prop_assert!(
                from.0.is_finite()
                    && from.1.is_finite()
                    && to.0.is_finite()
                    && to.1.is_finite()
                    && width.is_finite(),
                "{what}: line {from:?} {to:?}"
            ),
        }
    }
    for h in &scene.hits {
        prop_assert!(h.figure < ds.figures.len(), "{what}: hit {h:?}");
        prop_assert!(
            h.rect.x.is_finite()
                && h.rect.y.is_finite()
                && h.rect.w.is_finite()
                && h.rect.h.is_finite(),
            "{what}: hit {h:?}"
        );
        let (cx, cy) = h.rect.center();
        // Must not panic; the answer is checked by the model's own tests.
        let _ = scene.hit_test(cx, cy);
    }
    let _ = scene.hit_test(f64::NAN, 0.0);
    Ok(())
}

/// Characters an XML 1.0 document cannot contain (an SVG holding one does not open).
fn not_xml(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}'..='\u{9f}'))
        || c == '\u{fffe}'
        || c == '\u{ffff}'
}

fn selections(ds: &Dataset) -> Vec<RegionSel> {
    let mut v: Vec<RegionSel> = ds
        .regions
        .iter()
        .take(3)
        .map(|r| RegionSel::One(r.id.clone()))
        .collect();
    v.push(RegionSel::All);
    v.push(RegionSel::One("not-a-region".to_string()));
    v
}

fn layout_everything(ds: &Dataset, lang: Lang, widths: &[f64]) -> Result<(), TestCaseError> {
    for kind in [ChartKind::Funding, ChartKind::Activities] {
        for region in selections(ds) {
            for &w in widths {
                let opts = ChartOptions::new(kind, region.clone(), lang);
                let scene = model::layout(ds, &opts, w);
                let what = format!("{kind:?} {region:?} @ {w}");
                check_scene(&scene, ds, &what)?;
                let svg = render::to_svg(&scene).map_err(TestCaseError::fail)?;
                prop_assert!(svg.starts_with("<svg"), "{what}");
                prop_assert!(
                    !svg.chars().any(not_xml),
                    "{what}: a character XML cannot hold"
                );
            }
        }
    }
    Ok(())
}

/// The dataset as the public JSON would write it, when every value can be written.
fn to_json(ds: &Dataset) -> Option<Value> {
    let loc = |l: &Localized| json!({"vi": l.vi, "en": l.en});
    let mut figures = Vec::new();
    for f in &ds.figures {
        let value = serde_json::Number::from_f64(f.value)?;
        let mut o = json!({
            "id": f.id, "region": f.region, "year": f.year, "months": f.months,
            "measure": f.measure, "basis": f.basis.id(), "value": value, "unit": f.unit.id(),
            "source": {"file": f.source.file, "quote": f.source.quote},
            "estimate": f.estimate, "at_least": f.at_least, "ambiguous": f.ambiguous,
        });
        if let Some(d) = &f.derived {
            o["derived"] = json!({"formula": d.formula, "inputs": d.inputs});
        }
        if let Some(n) = &f.note {
            o["note"] = loc(n);
        }
        figures.push(o);
    }
    Some(json!({
        "schema_version": ds.schema_version,
        "regions": ds.regions.iter().map(|r| {
            let mut o = json!({"id": r.id, "name": loc(&r.name)});
            if let Some(s) = &r.short { o["short"] = loc(s); }
            o
        }).collect::<Vec<_>>(),
        "measures": ds.measures.iter().map(|m| json!({"id": m.id, "unit": m.unit.id(), "name": loc(&m.name)})).collect::<Vec<_>>(),
        "sources": ds.sources.iter().map(|s| json!({"file": s.file, "title": loc(&s.title), "publisher": s.publisher, "date": s.date})).collect::<Vec<_>>(),
        "figures": figures,
        "annotations": ds.annotations.iter().map(|a| {
            let mut o = json!({"text": loc(&a.text), "position": a.position.id()});
            match &a.target {
                AnnotationTarget::Figure(f) => o["figure"] = json!(f),
                AnnotationTarget::Period { region, year } => o["period"] = json!({"region": region, "year": year}),
                AnnotationTarget::Measure(m) => o["measure"] = json!(m),
            }
            if let Some(q) = &a.source {
                o["source"] = json!({"file": q.file, "quote": q.quote});
            }
            o
        }).collect::<Vec<_>>(),
    }))
}

fn check_problems(problems: &[String]) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "rejected without a reason");
    prop_assert!(
        problems.len() <= MAX_PROBLEMS + 1,
        "{} lines",
        problems.len()
    );
    for p in problems {
        prop_assert!(p.contains(": ") || p.starts_with("… and "), "no path: {p}");
        prop_assert!(p.chars().count() < 600, "{} chars: {p}", p.chars().count());
        prop_assert!(
            !p.contains('\n') && !p.contains('\u{0}'),
            "raw control character in {p:?}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Any dataset, valid or not, at the widths that matter: no panic, everything inside.
    #[test]
    fn every_chart_lays_out_inside_its_bounds(ds in dataset(24), lang in lang()) {
        layout_everything(&ds, lang, &[0.0, 1.0, 280.0, 4000.0])?;
    }

    /// Interned at load, any dataset (unknown regions, measures and sources included)
    /// finds every figure's region, measure and source where the search by id finds it,
    /// and draws every chart exactly as without the indices (looked up by id).
    #[test]
    fn interned_lookups_agree_with_the_search_by_id(ds in dataset(24), lang in lang()) {
        let mut interned = ds.clone();
        interned.intern();
        for (f, g) in ds.figures.iter().zip(&interned.figures) {
            prop_assert_eq!(
                interned.region_of(g).map(std::ptr::from_ref),
                interned.region(&g.region).map(std::ptr::from_ref)
            );
            prop_assert_eq!(
                interned.measure_of(g).map(std::ptr::from_ref),
                interned.measure(&g.measure).map(std::ptr::from_ref)
            );
            prop_assert_eq!(
                interned.source_of(g).map(std::ptr::from_ref),
                interned.source(&g.source.file).map(std::ptr::from_ref)
            );
            // Not interned: the same answers, by search.
            prop_assert_eq!(ds.region_id_of(f), interned.region_id_of(g));
            prop_assert_eq!(ds.measure_id_of(f), interned.measure_id_of(g));
            prop_assert_eq!(ds.source_id_of(f), interned.source_id_of(g));
        }
        for kind in [ChartKind::Funding, ChartKind::Activities] {
            for region in selections(&ds) {
                let opts = ChartOptions::new(kind, region.clone(), lang);
                let by_index = format!("{:?}", model::layout(&interned, &opts, 640.0));
                let by_id = format!("{:?}", model::layout(&ds, &opts, 640.0));
                prop_assert!(by_index == by_id, "{:?} {:?}: the scenes differ", kind, region);
            }
        }
    }

    /// JSON written from any dataset is accepted (and then draws) or rejected with
    /// bounded, located messages; the typed check gives the very same answer.
    #[test]
    fn validation_is_clean_and_agrees_with_the_typed_check(ds in dataset(24), w in width(), lang in lang()) {
        let typed = ds.validate();
        if let Err(e) = &typed {
            check_problems(&e.problems)?;
        }
        if let Some(v) = to_json(&ds) {
            let text = serde_json::to_string(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let from_text = Dataset::from_json(&text);
            // The field-by-field walk must agree with the fast typed path.
            let walked = Dataset::from_serde_value(&v);
            prop_assert_eq!(
                walked.as_ref().err().map(|e| &e.problems),
                from_text.as_ref().err().map(|e| &e.problems)
            );
            let from_value = Dataset::from_serde_value(&v);
            match (&from_text, &typed) {
                (Ok(parsed), Ok(())) => {
                    prop_assert!(from_value.is_ok());
                    prop_assert_eq!(parsed.figures.len(), ds.figures.len());
                    layout_everything(parsed, lang, &[w])?;
                }
                (Err(e), Err(t)) => {
                    check_problems(&e.problems)?;
                    prop_assert_eq!(&e.problems, &t.problems);
                    prop_assert_eq!(from_value.err().map(|e| e.problems), Some(e.problems.clone()));
                }
                (a, b) => prop_assert!(false, "from_json {:?} but validate {:?}", a.as_ref().err(), b),
            }
        } else {
            // Only NaN and ±Infinity cannot be written as JSON: the typed check names them.
            let e = typed.expect_err("a non-finite value must be rejected");
            prop_assert!(e.problems.iter().any(|p| p.contains(".value: expected a finite number")));
        }
    }

    /// Options exactly as a page passes them, any pixel ratio: parse, lay out, draw to a
    /// surface scaled by the ratio.
    #[test]
    fn options_and_pixel_ratios_never_panic(
        chart in prop_oneof![Just(Some("funding".to_string())), Just(Some("activities".to_string())), proptest::option::of(text())],
        region in proptest::option::of(prop_oneof![Just("r0".to_string()), Just("all".to_string()), text()]),
        lang in proptest::option::of(prop_oneof![Just("vi".to_string()), Just("en".to_string()), text()]),
        ratio in proptest::option::of(prop_oneof![0.5f64..=4.0, any::<f64>()]),
        hidden in proptest::option::of(proptest::collection::vec(prop_oneof![Just("plan".to_string()), Just("actual".to_string()), Just("region:r0".to_string()), text()], 0..3)),
        w in width(),
        ds in dataset(8),
    ) {
        let raw = RawOptions { chart, region, lang, pixel_ratio: ratio, hidden, ..RawOptions::default() };
        match ChartOptions::parse(&raw, &ds) {
            Err(e) => {
                prop_assert!(e.0.starts_with("options."), "{}", e.0);
                prop_assert!(e.0.chars().count() < 600, "{} chars", e.0.chars().count());
            }
            Ok(opts) => {
                let scene = model::layout(&ds, &opts, w);
                check_scene(&scene, &ds, "parsed options")?;
                let dpr = opts.pixel_ratio.unwrap_or(1.0);
                let size = ((scene.width * dpr).ceil() as u32, (scene.height * dpr).ceil() as u32);
                let mut out = String::new();
                {
                    let mut backend = plotters::backend::SVGBackend::with_string(&mut out, size);
                    render::draw(&scene, &mut backend, Surface::canvas(dpr))
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                }
                prop_assert!(out.starts_with("<svg"));
            }
        }
    }
}

/// One figure like the benchmark's; `bad` makes its value a string.
fn figure_json(i: usize, bad: bool) -> String {
    let value = if bad {
        "\"x\"".to_string()
    } else {
        format!("{}", 1000 + i % 5000)
    };
    format!(
        r#"{{"id":"b{i}","region":"r","year":{},"months":12,"measure":"total_funding","basis":"{}","value":{value},"unit":"million_vnd","source":{{"file":"s.txt","quote":"q"}}}}"#,
        1900 + (i / 2) % 200,
        if i % 2 == 0 { "plan" } else { "actual" }
    )
}

fn big_json(n: usize, bad_every: usize) -> String {
    let figures: Vec<String> = (0..n)
        .map(|i| figure_json(i, bad_every > 0 && i % bad_every == 0))
        .collect();
    format!(
        r#"{{"schema_version":1,"regions":[{{"id":"r","name":{{"vi":"R","en":"R"}}}}],"measures":[{{"id":"total_funding","unit":"million_vnd","name":{{"vi":"Tổng","en":"Total"}}}}],"sources":[{{"file":"s.txt","title":{{"vi":"S","en":"S"}}}}],"figures":[{}]}}"#,
        figures.join(",")
    )
}

proptest! {
    // Each case builds and parses up to 100 000 figures: a few cases only.
    #![proptest_config(ProptestConfig::with_cases(cases(6)))]

    /// Empty, one, thousands, exactly the limit, over it, 100 000; all good or some bad:
    /// accepted or refused, quickly, with a bounded message.
    #[test]
    fn any_number_of_figures_is_accepted_or_refused_quickly(
        n in prop_oneof![Just(0usize), Just(1), 2usize..3000, Just(24_000), Just(MAX_FIGURES + 1), Just(100_000)],
        bad_every in prop_oneof![Just(0usize), Just(1), 7usize..1000],
    ) {
        let json = big_json(n, bad_every);
        let t = Instant::now();
        let r = Dataset::from_json(&json);
        let took = t.elapsed();
        // Generous for an unoptimised build on a busy two-core machine.
        prop_assert!(took < Duration::from_secs(20), "{n} figures took {took:?}");
        match r {
            Ok(ds) => {
                prop_assert!((1..=MAX_FIGURES).contains(&n) && bad_every == 0);
                prop_assert_eq!(ds.figures.len(), n);
            }
            Err(e) => {
                check_problems(&e.problems)?;
                if n > MAX_FIGURES {
                    prop_assert_eq!(e.problems, vec![format!("figures: {n} figures, more than the maximum {MAX_FIGURES}")]);
                } else if n == 0 {
                    prop_assert_eq!(e.problems, vec!["figures: expected at least one figure, got none".to_string()]);
                } else {
                    prop_assert!(bad_every > 0);
                    let bad = n.div_ceil(bad_every);
                    prop_assert_eq!(e.problems.len(), bad.min(MAX_PROBLEMS) + usize::from(bad > MAX_PROBLEMS));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Regressions found by these properties and the fuzzer
// ---------------------------------------------------------------------------------------

fn tiny(figures: Vec<Figure>) -> Dataset {
    Dataset {
        schema_version: 1,
        regions: vec![Region {
            id: "r0".into(),
            name: Localized {
                vi: "R".into(),
                en: "R".into(),
            },
            short: None,
        }],
        measures: MEASURES
            .iter()
            .map(|(id, unit)| Measure {
                id: id.to_string(),
                unit: *unit,
                name: Localized {
                    vi: id.to_string(),
                    en: id.to_string(),
                },
            })
            .collect(),
        sources: vec![Source {
            file: "a.txt".into(),
            title: Localized {
                vi: "A".into(),
                en: "A".into(),
            },
            publisher: String::new(),
            date: String::new(),
        }],
        figures,
        annotations: Vec::new(),
    }
}

fn fig(id: &str, measure: &str, basis: Basis, value: f64, unit: Unit) -> Figure {
    Figure {
        id: id.into(),
        region: "r0".into(),
        year: 2020,
        months: 12,
        measure: measure.into(),
        basis,
        value,
        unit,
        source: Quote {
            file: "a.txt".into(),
            quote: "q".into(),
        },
        estimate: false,
        at_least: false,
        ambiguous: false,
        derived: None,
        note: None,
        refs: Refs::default(),
    }
}

/// A 1e300 amount made the funding axis labels 300 digits wide and pushed every bar
/// past the right edge (numbers ≥ 1e15 are now written "1e300").
#[test]
fn regression_huge_amounts_keep_the_funding_bars_inside() {
    for v in [1e300, f64::MAX, 1e15, 9.99e14] {
        let ds = tiny(vec![
            fig("a", "total_funding", Basis::Plan, v, Unit::MillionVnd),
            fig(
                "b",
                "total_funding",
                Basis::Actual,
                v / 2.0,
                Unit::MillionVnd,
            ),
        ]);
        assert!(ds.validate().is_ok());
        for w in [0.0, 280.0, 4000.0] {
            let opts = ChartOptions::new(ChartKind::Funding, RegionSel::One("r0".into()), Lang::Vi);
            let scene = model::layout(&ds, &opts, w);
            check_scene(&scene, &ds, &format!("{v} @ {w}")).unwrap();
        }
    }
}

/// Control characters in labels reached the SVG raw, and XML cannot hold them: the
/// exported file did not open. They are drawn as U+FFFD (tabs and line breaks as spaces).
#[test]
fn regression_control_characters_never_reach_the_svg() {
    let mut ds = tiny(vec![fig(
        "a",
        "demo_models",
        Basis::Actual,
        3.0,
        Unit::Count,
    )]);
    ds.regions[0].name.vi = "A\u{0}B\u{7}C\u{1b}[31m\tD\nE\u{ffff}".into();
    ds.measures[6].name.vi = "\u{1}\u{2}\u{3}".into();
    assert!(ds.validate().is_ok(), "control characters are valid text");
    let opts = ChartOptions::new(ChartKind::Activities, RegionSel::All, Lang::Vi);
    let svg = render::to_svg(&model::layout(&ds, &opts, 800.0)).unwrap();
    assert!(!svg.chars().any(not_xml), "{svg}");
    assert!(
        svg.contains("A\u{fffd}B\u{fffd}C\u{fffd}[31m D E\u{fffd}"),
        "{svg}"
    );
    assert_eq!(render::printable("plain"), "plain");
}
