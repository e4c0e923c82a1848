//! Table import (`Dataset::from_table`): the corpus under `tests/tables/`, the round trip of
//! the seed dataset, and the limits.
//!
//! Each `tests/tables/NAME.{csv,tsv,txt}` has a `NAME.expected.txt`: the problems (one
//! `error:` line each, Vietnamese / English) or a summary of the dataset (`ok:` and one
//! line per region, measure, source and figure), then any `warning:` lines.
//! `TABLES_BLESS=1 cargo test --test tables` rewrites the expected files (read the diff!).
// Native only: reads the corpus from the file system.
#![cfg(not(target_arch = "wasm32"))]

use khuyencong_charts::data::table::{self, NumberStyle, TableOptions};
use khuyencong_charts::data::{
    Annotation, AnnotationTarget, Dataset, LabelPosition, Localized, Quote, MAX_FIGURES,
};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tables")
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/tables exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.ends_with(".expected.txt")
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("csv" | "tsv" | "txt")
                )
        })
        .collect();
    files.sort();
    files
}

fn flags(f: &khuyencong_charts::data::Figure) -> String {
    let mut s = String::new();
    if f.estimate {
        s.push('≈');
    }
    if f.at_least {
        s.push('>');
    }
    if f.ambiguous {
        s.push('?');
    }
    if f.derived.is_some() {
        s.push('*');
    }
    s
}

/// What the expected file holds for one import.
fn describe(imp: &table::TableImport) -> String {
    let mut out = String::new();
    match &imp.dataset {
        Err(e) => {
            for p in &e.problems {
                writeln!(out, "error: {p}").unwrap();
            }
        }
        Ok(ds) => {
            writeln!(
                out,
                "ok: {} figures, {} regions, {} measures, {} sources",
                ds.figures.len(),
                ds.regions.len(),
                ds.measures.len(),
                ds.sources.len()
            )
            .unwrap();
            // Regions, measures and sources taken from the built-in dataset are named by id
            // only: their names are the seed dataset's, which may be edited.
            let seeds = Dataset::embedded().expect("embedded");
            for r in &ds.regions {
                match seeds.region(&r.id) {
                    Some(_) => writeln!(out, "region {} (built-in)", r.id),
                    None => writeln!(out, "region {} {:?} / {:?}", r.id, r.name.vi, r.name.en),
                }
                .unwrap();
            }
            for m in &ds.measures {
                writeln!(out, "measure {} {}", m.id, m.unit.id()).unwrap();
            }
            for s in &ds.sources {
                match seeds.source(&s.file) {
                    Some(_) => writeln!(out, "source {:?} (built-in)", s.file),
                    None => writeln!(out, "source {:?} {:?}", s.file, s.title.vi),
                }
                .unwrap();
            }
            for f in &ds.figures {
                writeln!(
                    out,
                    "figure {} | {} {} {}m | {} {} {} {} {} | {:?}{}{}",
                    f.id,
                    f.region,
                    f.year,
                    f.months,
                    f.measure,
                    f.basis.id(),
                    f.value,
                    f.unit.id(),
                    flags(f),
                    f.source.quote,
                    f.derived
                        .as_ref()
                        .map(|d| format!(" | formula {:?} inputs {:?}", d.formula, d.inputs))
                        .unwrap_or_default(),
                    f.note
                        .as_ref()
                        .map(|n| format!(" | note {:?} / {:?}", n.vi, n.en))
                        .unwrap_or_default(),
                )
                .unwrap();
            }
        }
    }
    for w in &imp.warnings {
        writeln!(out, "warning: {w}").unwrap();
    }
    out
}

/// Options from the file name: `*.vi.csv` / `*.en.csv` force the number style.
fn options_for(path: &Path) -> TableOptions {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    TableOptions {
        separator: None,
        numbers: if name.contains(".vi.") {
            NumberStyle::Vi
        } else if name.contains(".en.") {
            NumberStyle::En
        } else {
            NumberStyle::Auto
        },
    }
}

#[test]
fn corpus_gives_the_expected_problems_or_dataset() {
    let files = corpus();
    assert!(
        files.len() >= 40,
        "tests/tables has only {} tables",
        files.len()
    );
    let bless = std::env::var_os("TABLES_BLESS").is_some();
    let mut failures = Vec::new();
    let (mut ok, mut bad) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        let imp = table::read_table(&text, &options_for(path));
        // The two entry points agree.
        assert_eq!(
            Dataset::from_table(&text, &options_for(path)).is_ok(),
            imp.dataset.is_ok(),
            "{}",
            path.display()
        );
        if imp.dataset.is_ok() {
            ok += 1;
        } else {
            bad += 1;
        }
        let got = describe(&imp);
        let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stem = stem.rsplit_once('.').map_or(stem, |s| s.0);
        let expected_path = corpus_dir().join(format!("{stem}.expected.txt"));
        if bless {
            std::fs::write(&expected_path, &got).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if expected != got {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                path.display()
            ));
        }
    }
    println!(
        "tables corpus: {} files, {ok} read into a dataset, {bad} rejected",
        files.len()
    );
    assert!(ok >= 15 && bad >= 15, "{ok} valid, {bad} invalid");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every valid corpus table gives a dataset the validator and the JSON path accept,
/// and that survives its own round trip.
#[test]
fn valid_corpus_tables_round_trip() {
    for path in corpus() {
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let Ok(ds) = Dataset::from_table(&text, &options_for(&path)) else {
            continue;
        };
        ds.validate().expect("validated");
        let back = Dataset::from_table(&table::to_table(&ds), &TableOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(format!("{ds:?}"), format!("{back:?}"), "{}", path.display());
        let json = Dataset::from_json(&table::to_json(&ds))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(format!("{ds:?}"), format!("{json:?}"), "{}", path.display());
    }
}

#[test]
fn seeds_round_trip_through_a_table() {
    let seeds = Dataset::embedded().expect("embedded");
    let csv = table::to_table(seeds);
    assert!(
        csv.contains("\r\n[notes]\r\n"),
        "the seeds' notes are written"
    );
    let back = Dataset::from_table(&csv, &TableOptions::default()).expect("seed table reads back");
    assert_eq!(format!("{seeds:?}"), format!("{back:?}"));
    assert_eq!(back.figures.len(), seeds.figures.len());
    let flagged = |d: &Dataset| {
        d.figures
            .iter()
            .map(|f| (f.estimate, f.at_least, f.ambiguous, f.derived.is_some()))
            .collect::<Vec<_>>()
    };
    assert_eq!(flagged(seeds), flagged(&back));
    for (a, b) in seeds.figures.iter().zip(&back.figures) {
        assert_eq!(a.source.quote, b.source.quote);
        assert_eq!(a.value.to_bits(), b.value.to_bits(), "{}", a.id);
    }
    same_annotations(&seeds.annotations, &back.annotations);
    // The JSON the editor downloads reads back the same too.
    let json = Dataset::from_json(&table::to_json(seeds)).expect("json reads back");
    assert_eq!(format!("{seeds:?}"), format!("{json:?}"));
}

/// Two lists of notes are the same, field by field.
fn same_annotations(a: &[Annotation], b: &[Annotation]) {
    assert_eq!(a.len(), b.len(), "number of notes");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert_eq!(x.target, y.target, "annotations[{i}].target");
        assert_eq!(x.text.vi, y.text.vi, "annotations[{i}].text.vi");
        assert_eq!(x.text.en, y.text.en, "annotations[{i}].text.en");
        assert_eq!(x.position, y.position, "annotations[{i}].position");
        assert_eq!(
            x.source.as_ref().map(|q| (&q.file, &q.quote)),
            y.source.as_ref().map(|q| (&q.file, &q.quote)),
            "annotations[{i}].source"
        );
    }
}

#[test]
fn seeds_round_trip_as_tab_separated_with_semicolons_inside() {
    // A spreadsheet re-saving the table as TSV: cells quoted only where needed.
    let seeds = Dataset::embedded().expect("embedded");
    let csv = table::to_table(seeds);
    let mut tsv = String::new();
    for line in split_csv_lines(csv.trim_start_matches('\u{feff}')) {
        let cells: Vec<String> = line
            .iter()
            .map(|c| {
                if c.contains(['\t', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        tsv.push_str(&cells.join("\t"));
        tsv.push('\n');
    }
    let back = Dataset::from_table(&tsv, &TableOptions::default()).expect("tsv reads back");
    // Unquoted cells are trimmed; the seeds have no leading or trailing spaces.
    assert_eq!(format!("{seeds:?}"), format!("{back:?}"));
    same_annotations(&seeds.annotations, &back.annotations);
}

/// Figures as a person types them, then notes of every kind with Vietnamese headers:
/// regions and measures named as in the figure rows, Vietnamese position words.
const NOTES_VI: &str = "Khu vực;Năm;Chỉ tiêu;Kế hoạch;Thực hiện\n\
    Miền Trung;2017;Tổng kinh phí;48.331,5;\n\
    Phía Nam;2013;Số đề án;;287\n\
    \n\
    [ghi chú]\n\
    Mã số liệu;Khu vực;Năm;Chỉ tiêu;Ghi chú;Ghi chú (tiếng Anh);Vị trí;Nguồn;Trích dẫn\n\
    mien-trung-tay-nguyen-2017-12m-total_funding-plan;;;;Bằng 19,19 % cả nước.;19.19 % of the country.;bên trên;000_fa35f3e337ed6a8b.txt;chiếm 19,19% tổng kinh phí khuyến công cả nước\n\
    ;nam bộ;2013;;KC quốc gia 50 đề án.;;dưới;;\n\
    ;;;số đề án;Cả vùng;Whole region;Phải;Báo Công Thương;\"\"\"Tổng số đề án\"\" của vùng\"\n\
    ;;;Tổng kinh phí;Kinh phí;;;;\n";

#[test]
fn notes_of_every_kind_read_from_vietnamese_headers() {
    let ds =
        Dataset::from_table(NOTES_VI, &TableOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ds.figures.len(), 2);
    let src = |file: &str, quote: &str| {
        Some(Quote {
            file: file.to_string(),
            quote: quote.to_string(),
        })
    };
    let text = |vi: &str, en: &str| Localized {
        vi: vi.to_string(),
        en: en.to_string(),
    };
    let expected = vec![
        Annotation {
            target: AnnotationTarget::Figure(
                "mien-trung-tay-nguyen-2017-12m-total_funding-plan".to_string(),
            ),
            text: text("Bằng 19,19 % cả nước.", "19.19 % of the country."),
            position: LabelPosition::Above,
            source: src(
                "000_fa35f3e337ed6a8b.txt",
                "chiếm 19,19% tổng kinh phí khuyến công cả nước",
            ),
        },
        Annotation {
            // "nam bộ" is an alias of the region the figure rows named "Phía Nam".
            target: AnnotationTarget::Period {
                region: "phia-nam".to_string(),
                year: 2013,
            },
            // No English text: the Vietnamese one, as for names.
            text: text("KC quốc gia 50 đề án.", "KC quốc gia 50 đề án."),
            position: LabelPosition::Below,
            source: None,
        },
        Annotation {
            target: AnnotationTarget::Measure("total_projects".to_string()),
            text: text("Cả vùng", "Whole region"),
            position: LabelPosition::Right,
            // A new document, as a figure row's source cell makes one.
            source: src("Báo Công Thương", "\"Tổng số đề án\" của vùng"),
        },
        Annotation {
            target: AnnotationTarget::Measure("total_funding".to_string()),
            text: text("Kinh phí", "Kinh phí"),
            position: LabelPosition::Auto,
            source: None,
        },
    ];
    same_annotations(&expected, &ds.annotations);
    assert!(ds.source("Báo Công Thương").is_some());
    assert!(ds.source("000_fa35f3e337ed6a8b.txt").is_some());
    // And written back the same.
    let back = Dataset::from_table(&table::to_table(&ds), &TableOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format!("{ds:?}"), format!("{back:?}"));
}

fn problems(text: &str) -> Vec<(Option<usize>, Option<usize>, String, String)> {
    let err = Dataset::from_table(text, &TableOptions::default()).expect_err("bad notes");
    err.problems
        .iter()
        .map(|p| (p.row, p.column, p.message_vi(), p.message_en()))
        .collect()
}

#[test]
fn bad_note_rows_are_located() {
    let figures = "Khu vực,Năm,Chỉ tiêu,Kế hoạch\nMiền Trung,2017,Tổng kinh phí,48331\n";
    // What the validator finds: an unknown figure, a text over 200 characters, an
    // unknown region; each at its row (lines 5, 6, 7) and column, in the validator's
    // order (texts, then references).
    let long = "x".repeat(201);
    let text = format!(
        "{figures}[notes]\nfigure,region,year,measure,text_vi,text_en,position\n\
         no-such-figure,,,,Ghi chú,Note,\n\
         ,,,Tổng kinh phí,{long},Note,above\n\
         ,Hà Nội,2017,,Ghi chú,Note,\n"
    );
    assert_eq!(
        problems(&text),
        vec![
            (
                Some(6),
                Some(4),
                "dòng 6, cột 'text_vi': annotations[1].text.vi: 201 characters, more than the maximum 200".to_string(),
                "row 6, column 'text_vi': annotations[1].text.vi: 201 characters, more than the maximum 200".to_string(),
            ),
            (
                Some(5),
                Some(0),
                "dòng 5, cột 'figure': annotations[0].figure: unknown figure \"no-such-figure\" (not in figures)".to_string(),
                "row 5, column 'figure': annotations[0].figure: unknown figure \"no-such-figure\" (not in figures)".to_string(),
            ),
            (
                Some(7),
                Some(1),
                "dòng 7, cột 'region': annotations[2].period.region: unknown region \"Hà Nội\" (not in regions)".to_string(),
                "row 7, column 'region': annotations[2].period.region: unknown region \"Hà Nội\" (not in regions)".to_string(),
            ),
        ]
    );
    // What the reader finds first: a position it does not know, a note on two things,
    // a note on nothing, a period without its year (Vietnamese headers).
    let text = format!(
        "{figures}[ghi chú]\nMã số liệu,Khu vực,Năm,Chỉ tiêu,Ghi chú,Vị trí\n\
         ,,,Tổng kinh phí,Ghi chú,top\n\
         mien-trung-tay-nguyen-2017-12m-total_funding-plan,,,Tổng kinh phí,Ghi chú,\n\
         ,,,,Ghi chú,\n\
         ,Miền Trung,,,Ghi chú,\n"
    );
    let got = problems(&text);
    assert_eq!(
        got[0],
        (
            Some(5),
            Some(5),
            "dòng 5, cột 'Vị trí': vị trí \"top\" không dùng được (dùng tự động, trên, dưới, trái, phải hoặc auto, above, below, left, right)".to_string(),
            "row 5, column 'Vị trí': annotations[0].position: unknown position \"top\" (expected auto, above, below, left, right)".to_string(),
        )
    );
    assert_eq!(
        got[1].3,
        "row 6: annotations[1]: expected only one of figure, period or measure, got figure and measure"
    );
    assert_eq!(
        got[2].3,
        "row 7: annotations[2]: expected one of figure, period or measure, got none"
    );
    assert_eq!(
        (got[3].0, got[3].1, got[3].3.as_str()),
        (
            Some(8),
            Some(2),
            "row 8, column 'Năm': annotations[3].period.year: required"
        )
    );
    assert_eq!(got.len(), 4, "{got:?}");
    // The same messages as the JSON path gives for the same notes.
    let json = r#"{"schema_version":1,"regions":[],"measures":[],"sources":[],"figures":[],
        "annotations":[{"measure":"m","text":{"vi":"a","en":"b"},"position":"top"}]}"#;
    let err = Dataset::from_json(json).expect_err("bad position");
    assert!(
        err.problems.iter().any(|m| m
            == "annotations[0].position: unknown position \"top\" (expected auto, above, below, left, right)"),
        "{err}"
    );
}

/// A minimal CSV splitter for the test above (independent of the crate's reader).
fn split_csv_lines(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut inq = false;
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        match (inq, c) {
            (true, '"') if it.peek() == Some(&'"') => {
                it.next();
                cell.push('"');
            }
            (true, '"') => inq = false,
            (true, _) => cell.push(c),
            (false, '"') => inq = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed())
}

#[test]
fn hundred_thousand_rows_are_refused_quickly() {
    let mut text = String::from("Khu vực,Năm,Chỉ tiêu,Kế hoạch,Thực hiện\n");
    for i in 0..100_000 {
        writeln!(text, "Miền Trung,{},Tổng kinh phí,{},{}", 1 + i, i, i / 2).unwrap();
    }
    let (imp, took) = timed(|| table::read_table(&text, &TableOptions::default()));
    let err = imp.dataset.expect_err("100 000 rows are over the limit");
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(
        err.problems[0].message_en(),
        format!(
            "the table has 100001 rows, more than the maximum {} ({MAX_FIGURES} figures at most)",
            table::MAX_TABLE_ROWS
        )
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn fifty_thousand_rows_read_within_the_limits() {
    // 25 000 rows × plan and actual = 50 000 figures: exactly the maximum.
    let mut text = String::from("Khu vực\tNăm\tChỉ tiêu\tKế hoạch\tThực hiện\n");
    for i in 0..25_000 {
        writeln!(
            text,
            "Miền Trung\t{}\tTổng kinh phí\t{}\t{}",
            1 + i,
            i,
            i / 2
        )
        .unwrap();
    }
    let (ds, took) = timed(|| Dataset::from_table(&text, &TableOptions::default()));
    let ds = ds.expect("50 000 figures are allowed");
    assert_eq!(ds.figures.len(), MAX_FIGURES);
    assert!(took < Duration::from_secs(30), "took {took:?}");
    // One more row: the validator's figure limit, reported once.
    writeln!(text, "Miền Trung\t99999\tTổng kinh phí\t1\t2").unwrap();
    let err = Dataset::from_table(&text, &TableOptions::default()).expect_err("over");
    assert_eq!(
        err.problems
            .iter()
            .map(|p| p.message_en())
            .collect::<Vec<_>>(),
        vec![format!(
            "figures: 50002 figures, more than the maximum {MAX_FIGURES}"
        )]
    );
}

#[test]
fn thirty_megabytes_are_bounded() {
    // 30 MB in one cell: read, then refused by the text limit with its row and column.
    let mut text = String::from(
        "Khu vực,Năm,Chỉ tiêu,Kế hoạch,Thực hiện,Trích dẫn\nMiền Trung,2023,Tổng kinh phí,1,2,\"",
    );
    text.push_str(&"x".repeat(30 * 1024 * 1024));
    text.push_str("\"\n");
    let (r, took) = timed(|| Dataset::from_table(&text, &TableOptions::default()));
    let err = r.expect_err("quote too long");
    assert!(
        err.problems
            .iter()
            .all(|p| p.row == Some(2) && p.column == Some(5)),
        "{err}"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
    // 30 MB of rows: refused by the row limit.
    let row = "Miền Trung,2023,Tổng kinh phí,1,2\n";
    let big = format!(
        "Khu vực,Năm,Chỉ tiêu,Kế hoạch,Thực hiện\n{}",
        row.repeat(30 * 1024 * 1024 / row.len())
    );
    let (r, took) = timed(|| Dataset::from_table(&big, &TableOptions::default()));
    assert!(r.is_err());
    assert!(took < Duration::from_secs(20), "took {took:?}");
    // Over 32 MiB: refused before reading.
    let huge = "a".repeat(table::MAX_TABLE_BYTES + 1);
    let (r, took) = timed(|| Dataset::from_table(&huge, &TableOptions::default()));
    let err = r.expect_err("too big");
    assert!(
        err.problems[0].en.contains("more than the maximum"),
        "{err}"
    );
    assert!(took < Duration::from_millis(500), "took {took:?}");
}

#[test]
fn problems_name_row_and_column_in_both_languages() {
    let text = "Khu vực;Năm;Chỉ tiêu;Kế hoạch;Thực hiện\n\
                Miền Trung;2017;Tổng kinh phí;48.331;\n\
                Miền Trung;2020;Tổng kinh phí;;19.900\n\
                Phía Nam;2013;Tổng kinh phí;;54,06\n\
                Phía Nam;2014;Tổng kinh phí;63.335;\n\
                Phía Nam;2015;Tổng kinh phí;70.000;\n\
                Phía Nam;2016;Tổng kinh phí;71.000;12,3,4\n";
    let err = Dataset::from_table(text, &TableOptions::default()).expect_err("bad cell");
    let p = &err.problems[0];
    assert_eq!(
        p.message_vi(),
        "dòng 7, cột 'Thực hiện': \"12,3,4\" không phải là số"
    );
    assert_eq!(
        p.message_en(),
        "row 7, column 'Thực hiện': \"12,3,4\" is not a number"
    );
    assert_eq!((p.row, p.column), (Some(7), Some(4)));
    // Fixing the cell fixes the table.
    let fixed = text.replace("12,3,4", "12.345");
    let ds = Dataset::from_table(&fixed, &TableOptions::default()).expect("fixed");
    assert_eq!(ds.figures.len(), 7);
    assert_eq!(ds.figures[6].value, 12345.0);
}

mod arbitrary {
    use super::*;
    use proptest::prelude::*;

    /// Cells from pieces that matter to the reader: separators, quotes, numbers in both
    /// styles, flags, periods, section markers, header names, Vietnamese text.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(",".to_string()),
            Just(";".to_string()),
            Just("\t".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\"".to_string()),
            Just("Khu vực,Năm,Chỉ tiêu,Kế hoạch,Thực hiện\n".to_string()),
            Just("region;year;measure;basis;value;unit;flags;formula;inputs\n".to_string()),
            Just("[regions]\nid,name_vi\n".to_string()),
            Just("[notes]\nfigure,region,year,measure,text_vi,position,source,quote\n".to_string()),
            Just("[ghi chú]\nKhu vực;Năm;Chỉ tiêu;Ghi chú;Vị trí\n".to_string()),
            Just("mien-trung-tay-nguyen-2017-12m-total_funding-plan".to_string()),
            Just("trên".to_string()),
            Just("left".to_string()),
            Just("Miền Trung".to_string()),
            Just("Phía Nam".to_string()),
            Just("Tổng kinh phí".to_string()),
            Just("Số đề án khuyến công quốc gia".to_string()),
            Just("6 tháng 2020".to_string()),
            Just("tỷ đồng".to_string()),
            Just("≈ > ? *".to_string()),
            Just("=SUM(A1)".to_string()),
            "[0-9]{1,4}([.,][0-9]{1,4}){0,3}",
            "-?[0-9]{1,3}",
            "\\PC{0,6}",
        ]
    }

    /// A note's text or quote: not blank, with what a table must carry exactly (quotes,
    /// separators, line breaks, brackets, a leading `=` or `'`, spaces at the end).
    fn note_text() -> impl Strategy<Value = String> {
        "[=+@'\"\\[a-zA-Zăđ0-9-][ -~ăơưđĐ≈\t\n\r\"]{0,120}"
    }

    /// A note on the seed dataset: on a figure, a region's year or a measure, any
    /// position, with or without a source.
    fn note(ds: &'static Dataset) -> impl Strategy<Value = Annotation> {
        (
            0..3u8,
            0..ds.figures.len(),
            0..ds.regions.len(),
            0i32..=99_999,
            0..ds.measures.len(),
            (note_text(), note_text()),
            0..5usize,
            proptest::option::of((0..ds.sources.len(), note_text())),
        )
            .prop_map(
                move |(kind, f, r, year, m, (vi, en), pos, source)| Annotation {
                    target: match kind {
                        0 => AnnotationTarget::Figure(ds.figures[f].id.clone()),
                        1 => AnnotationTarget::Period {
                            region: ds.regions[r].id.clone(),
                            year,
                        },
                        _ => AnnotationTarget::Measure(ds.measures[m].id.clone()),
                    },
                    text: Localized { vi, en },
                    position: [
                        LabelPosition::Auto,
                        LabelPosition::Above,
                        LabelPosition::Below,
                        LabelPosition::Left,
                        LabelPosition::Right,
                    ][pos],
                    source: source.map(|(s, quote)| Quote {
                        file: ds.sources[s].file.clone(),
                        quote,
                    }),
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn datasets_with_any_notes_round_trip(notes in proptest::collection::vec(note(Dataset::embedded().expect("embedded")), 0..12)) {
            let mut ds = Dataset::embedded().expect("embedded").clone();
            ds.annotations = notes;
            prop_assert!(ds.validate().is_ok(), "{:?}", ds.validate());
            let back = Dataset::from_table(&table::to_table(&ds), &TableOptions::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            same_annotations(&ds.annotations, &back.annotations);
            prop_assert_eq!(format!("{ds:?}"), format!("{back:?}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn any_text_is_read_or_refused_with_located_problems(parts in proptest::collection::vec(piece(), 0..40)) {
            let text: String = parts.concat();
            let imp = table::read_table(&text, &TableOptions::default());
            match imp.dataset {
                Ok(ds) => {
                    prop_assert!(ds.validate().is_ok());
                    let back = Dataset::from_table(&table::to_table(&ds), &TableOptions::default())
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(format!("{ds:?}"), format!("{back:?}"));
                }
                Err(e) => {
                    prop_assert!(!e.problems.is_empty());
                    prop_assert!(e.problems.len() <= khuyencong_charts::data::MAX_PROBLEMS + 1);
                    for p in &e.problems {
                        prop_assert!(!p.vi.is_empty() && !p.en.is_empty());
                    }
                }
            }
        }
    }
}
