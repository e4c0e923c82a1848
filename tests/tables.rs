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
use khuyencong_charts::data::{Dataset, MAX_FIGURES};
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
    // Also pasted as the spreadsheet gives it back: tab-separated, no BOM.
    let back = Dataset::from_table(&csv, &TableOptions::default()).expect("seed table reads back");
    // A table has a row per figure: the dataset's annotations are not part of it.
    assert!(back.annotations.is_empty());
    assert_eq!(format!("{:?}", without_notes(seeds)), format!("{back:?}"));
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
    // The JSON the editor downloads reads back the same too.
    let json = Dataset::from_json(&table::to_json(seeds)).expect("json reads back");
    assert_eq!(format!("{seeds:?}"), format!("{json:?}"));
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
    assert_eq!(format!("{:?}", without_notes(seeds)), format!("{back:?}"));
}

/// The dataset as a table carries it: its figures, without the annotations.
fn without_notes(ds: &Dataset) -> Dataset {
    let mut d = ds.clone();
    d.annotations.clear();
    d
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
