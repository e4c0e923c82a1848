//! The pages' no-script tables are generated from the dataset and must not drift.
#![cfg(not(target_arch = "wasm32"))]

use khuyencong_charts::render::export::fill_tables;
use khuyencong_charts::Dataset;

#[test]
fn fallback_tables_in_www_are_up_to_date() {
    let ds = Dataset::embedded().expect("dataset");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("www/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "html") {
            let page = std::fs::read_to_string(&path).expect("read page");
            let filled = fill_tables(ds, &page).expect("markers");
            assert!(
                filled == page,
                "{} is stale: run `cargo run --bin khuyencong-render -- --fill-tables www/*.html`",
                path.display()
            );
            checked += page.matches("<!-- kc-table ").count();
        }
    }
    assert!(checked >= 5, "only {checked} tables found in www/");
}
