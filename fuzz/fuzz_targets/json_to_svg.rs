//! JSON bytes → `Dataset::from_json` → every chart kind × every region (+ "all") →
//! `model::layout` at a width taken from the input → `render::to_svg`.
//!
//! Fails on a panic, a hang, or a scene out of bounds; a rejected dataset must say why
//! in a bounded number of lines.

#![no_main]

use khuyencong_charts::data::{Dataset, Lang, MAX_PROBLEMS};
use khuyencong_charts::model::{self, ChartKind, ChartOptions, Mark, RegionSel};
use khuyencong_charts::render;
use libfuzzer_sys::fuzz_target;

/// Regions drawn per input: enough to reach every code path, few enough to stay fast.
const MAX_REGIONS_DRAWN: usize = 4;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ds = match Dataset::from_json(&text) {
        Ok(ds) => ds,
        Err(e) => {
            assert!(!e.problems.is_empty(), "rejected without a reason");
            assert!(
                e.problems.len() <= MAX_PROBLEMS + 1,
                "{} problems",
                e.problems.len()
            );
            for p in &e.problems {
                assert!(
                    p.contains(": ") || p.starts_with("… and "),
                    "problem without a path: {p}"
                );
                assert!(p.len() < 2_000, "problem line of {} bytes", p.len());
            }
            return;
        }
    };
    // A width from the input: the special ones (0, 1, 280, 4000) and anything in between.
    let seed = data
        .iter()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(*b)));
    let width = match seed % 6 {
        0 => 0.0,
        1 => 1.0,
        2 => 280.0,
        3 => 4000.0,
        _ => f64::from(seed % 4200),
    };
    let lang = if seed & 1 == 0 { Lang::Vi } else { Lang::En };
    let mut regions: Vec<RegionSel> = ds
        .regions
        .iter()
        .take(MAX_REGIONS_DRAWN)
        .map(|r| RegionSel::One(r.id.clone()))
        .collect();
    regions.push(RegionSel::All);
    for kind in [ChartKind::Funding, ChartKind::Activities] {
        for region in &regions {
            let mut opts = ChartOptions::new(kind, region.clone(), lang);
            // Legend toggles from the input too: none, a basis, or the first region.
            opts.hidden = match (seed >> 3) % 4 {
                1 => vec!["plan".to_string()],
                2 => vec!["actual".to_string()],
                3 => ds
                    .regions
                    .first()
                    .map(|r| vec![format!("region:{}", r.id)])
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let scene = model::layout(&ds, &opts, width);
            assert!(scene.width.is_finite() && scene.width > 0.0);
            assert!(scene.height.is_finite() && scene.height > 0.0);
            for m in &scene.marks {
                match m {
                    Mark::Rect { rect, .. } => assert!(
                        rect.x >= -0.01
                            && rect.y >= -0.01
                            && rect.right() <= scene.width + 0.01
                            && rect.bottom() <= scene.height + 0.01,
                        "{rect:?} outside {}×{}",
                        scene.width,
                        scene.height
                    ),
                    Mark::Text(t) => assert!(t.x.is_finite() && t.y.is_finite(), "{t:?}"),
                    Mark::Line { from, to, .. } => assert!(
                        from.0.is_finite()
                            && from.1.is_finite()
                            && to.0.is_finite()
                            && to.1.is_finite()
                    ),
                }
            }
            for h in &scene.hits {
                assert!(h.figure < ds.figures.len());
            }
            let svg = render::to_svg(&scene).expect("SVG render");
            assert!(svg.starts_with("<svg"));
            // Nothing XML cannot hold (the exported file must open).
            assert!(
                !svg.chars().any(|c| (c.is_control()
                    && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}'..='\u{9f}'))
                    || c == '\u{fffe}'
                    || c == '\u{ffff}'),
                "SVG with a character XML cannot hold"
            );
        }
    }
});
