//! Static render of a chart from the embedded dataset, with the same code the browser uses.
//!
//! `khuyencong-render --chart funding --region phia-nam --lang vi --width 1200 -o out.svg`

// The static renderer is a native tool; the wasm build has nothing to run.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use khuyencong_charts::{layout, render, ChartOptions, Dataset, RawOptions};
    use std::process::ExitCode;

    pub const USAGE: &str = "usage: khuyencong-render --chart funding|activities --region <id>|all [--lang vi|en] [--view amounts|share] [--scale-mode own|shared] [--width PX] [--format svg|png|csv|table] [--scale N] [--data FILE.json] [-o FILE]\n       khuyencong-render --fill-tables PAGE.html...   (regenerate <!-- kc-table --> blocks in place)";

    pub fn main() -> ExitCode {
        match run(std::env::args().skip(1).collect()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("khuyencong-render: {e}\n{USAGE}");
                ExitCode::from(2)
            }
        }
    }

    fn run(args: Vec<String>) -> Result<(), String> {
        let mut raw = RawOptions::default();
        let mut width = 800.0;
        let mut out: Option<String> = None;
        let mut format = "svg".to_string();
        let mut scale: f32 = 2.0;
        let mut data: Option<String> = None;
        let mut it = args.into_iter();
        while let Some(flag) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{flag}: missing value"));
            match flag.as_str() {
                "--chart" => raw.chart = Some(value()?),
                "--region" => raw.region = Some(value()?),
                "--lang" => raw.lang = Some(value()?),
                "--view" => raw.view = Some(value()?),
                "--scale-mode" => raw.scale = Some(value()?),
                "--width" => {
                    let v = value()?;
                    width = v
                        .parse::<f64>()
                        .ok()
                        .filter(|w| w.is_finite() && *w > 0.0)
                        .ok_or_else(|| {
                            format!("--width: expected a positive number, got \"{v}\"")
                        })?;
                }
                "--scale" => {
                    let v = value()?;
                    scale = v
                        .parse::<f32>()
                        .ok()
                        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 8.0)
                        .ok_or_else(|| {
                            format!("--scale: expected a number in (0, 8], got \"{v}\"")
                        })?;
                }
                "--format" => {
                    let v = value()?;
                    if !["svg", "png", "csv", "table"].contains(&v.as_str()) {
                        return Err(format!(
                            "--format: unsupported \"{v}\" (expected \"svg\", \"png\", \"csv\" or \"table\")"
                        ));
                    }
                    format = v;
                }
                "--fill-tables" => {
                    let ds = Dataset::embedded().map_err(|e| e.to_string())?;
                    let pages: Vec<String> = it.by_ref().collect();
                    if pages.is_empty() {
                        return Err("--fill-tables: no page given".into());
                    }
                    for page in pages {
                        let text =
                            std::fs::read_to_string(&page).map_err(|e| format!("{page}: {e}"))?;
                        let filled = render::export::fill_tables(ds, &text)
                            .map_err(|e| format!("{page}: {e}"))?;
                        if filled != text {
                            std::fs::write(&page, filled).map_err(|e| format!("{page}: {e}"))?;
                            eprintln!("updated {page}");
                        }
                    }
                    return Ok(());
                }
                "-o" | "--output" => out = Some(value()?),
                "--data" => data = Some(value()?),
                "-h" | "--help" => {
                    println!("{USAGE}");
                    return Ok(());
                }
                other => return Err(format!("unknown argument \"{other}\"")),
            }
        }
        // A dataset file in the schema of data/khuyencong.json, else the built-in figures.
        let custom = match &data {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
                Some(Dataset::from_json(&text).map_err(|e| format!("{path}: {e}"))?)
            }
            None => None,
        };
        let ds = match &custom {
            Some(d) => d,
            None => Dataset::embedded().map_err(|e| e.to_string())?,
        };
        let opts = ChartOptions::parse(&raw, ds).map_err(|e| e.to_string())?;
        let bytes: Vec<u8> = match format.as_str() {
            "csv" => render::export::csv(ds, &opts).into_bytes(),
            "table" => render::export::html_table(ds, &opts).into_bytes(),
            "png" => render::export::described_png(ds, &opts, &layout(ds, &opts, width), scale)?,
            _ => render::export::described_svg(ds, &opts, &layout(ds, &opts, width))?.into_bytes(),
        };
        match out {
            Some(path) => {
                std::fs::write(&path, bytes).map_err(|e| format!("{path}: {e}"))?;
                // An image carries its alt text beside it: NAME.alt.txt.
                if matches!(format.as_str(), "svg" | "png") {
                    let stem = std::path::Path::new(&path).with_extension("");
                    let alt = format!("{}.alt.txt", stem.display());
                    let text = format!("{}\n", render::export::alt_text(ds, &opts));
                    std::fs::write(&alt, text).map_err(|e| format!("{alt}: {e}"))?;
                }
                Ok(())
            }
            None => {
                use std::io::Write;
                std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| format!("stdout: {e}"))
            }
        }
    }
}
