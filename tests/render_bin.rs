//! The static renderer binary: every chart, both languages, SVG and PNG, plus errors.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn render(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_khuyencong-render"))
        .args(args)
        .output()
        .expect("run khuyencong-render")
}

#[test]
fn renders_every_chart_and_language_to_svg_and_png() {
    let dir = std::env::temp_dir().join(format!("kc-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    for (chart, region) in [
        ("funding", "mien-trung-tay-nguyen"),
        ("funding", "phia-nam"),
        ("activities", "all"),
        ("activities", "mien-trung-tay-nguyen"),
        ("activities", "phia-nam"),
    ] {
        for lang in ["vi", "en"] {
            let svg = dir.join(format!("{chart}-{region}-{lang}.svg"));
            let out = render(&[
                "--chart",
                chart,
                "--region",
                region,
                "--lang",
                lang,
                "--width",
                "1200",
                "-o",
                svg.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = std::fs::read_to_string(&svg).unwrap();
            assert!(
                text.starts_with("<svg") && text.contains("width=\"1200\""),
                "{chart} {region} {lang}"
            );
            // The file carries its title and description, and its alt text lies beside it.
            assert!(
                text.contains("<title id=\"kc-title\">") && text.contains("<desc id=\"kc-desc\">"),
                "{chart} {region} {lang}: no <title>/<desc>"
            );
            let alt = std::fs::read_to_string(svg.with_extension("alt.txt")).expect("NAME.alt.txt");
            assert!(
                alt.len() > 100
                    && alt.chars().count() <= 601
                    && text.contains(&khuyencong_charts::render::export::escape_html(alt.trim())),
                "{chart} {region} {lang}: alt text {alt:?}"
            );
            let png = dir.join(format!("{chart}-{region}-{lang}.png"));
            let out = render(&[
                "--chart",
                chart,
                "--region",
                region,
                "--lang",
                lang,
                "--width",
                "600",
                "--format",
                "png",
                "--scale",
                "2",
                "-o",
                png.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let bytes = std::fs::read(&png).unwrap();
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
            assert!(
                png.with_extension("alt.txt").exists(),
                "a PNG's alt text beside it"
            );
            // It carries its title and alt text as UTF-8 iTXt chunks right after IHDR,
            // every chunk's CRC checked, the text the same as NAME.alt.txt.
            let chunks = khuyencong_charts::render::png_text::chunks(&bytes).expect("chunks");
            let kinds: Vec<&[u8; 4]> = chunks.iter().take(3).map(|c| &c.kind).collect();
            assert_eq!(
                kinds,
                [b"IHDR", b"iTXt", b"iTXt"],
                "{chart} {region} {lang}"
            );
            let texts = khuyencong_charts::render::png_text::read_itxt(&bytes).expect("iTXt");
            let alt_file = std::fs::read_to_string(png.with_extension("alt.txt")).unwrap();
            let desc = texts.iter().find(|(k, _, _)| k == "Description");
            assert_eq!(
                desc.map(|(_, l, t)| (l.as_str(), t.as_str())),
                Some((lang, alt_file.trim_end())),
                "{chart} {region} {lang}: Description chunk"
            );
            assert!(
                texts.iter().any(|(k, _, t)| k == "Title" && !t.is_empty()),
                "{chart} {region} {lang}: Title chunk"
            );
            // IHDR width: 600 CSS px at scale 2.
            let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
            assert_eq!(width, 1200, "{chart} {region} {lang}");
            assert!(
                bytes.len() > 10_000,
                "a real picture, not an empty one: {} bytes",
                bytes.len()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn csv_and_table_formats_and_clear_errors() {
    let out = render(&[
        "--chart", "funding", "--region", "phia-nam", "--format", "csv",
    ]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("54060"));
    let out = render(&["--chart", "pie", "--region", "phia-nam"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("options.chart: unknown chart \"pie\""),
        "{err}"
    );
    let out = render(&[
        "--chart", "funding", "--region", "phia-nam", "--format", "gif",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
