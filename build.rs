//! Embeds the dataset minified: the wasm carries the figures, not the indentation.

use std::{env, fs, path::PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let src = "data/khuyencong.json";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{src}: {e}"))?;
    let out = PathBuf::from(env::var("OUT_DIR")?).join("khuyencong.min.json");
    fs::write(out, serde_json::to_string(&value)?)?;
    Ok(())
}
