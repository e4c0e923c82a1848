//! Native tests of layout, hit-testing and rendering (SVG snapshots).
#![cfg(not(target_arch = "wasm32"))]

use khuyencong_charts::data::{Dataset, Lang, Unit};
use khuyencong_charts::model::scene::{HAlign, Mark, VAlign};
use khuyencong_charts::model::{self, theme, ChartKind, ChartOptions, RegionSel, Scene};
use khuyencong_charts::render;
use std::path::PathBuf;

fn ds() -> &'static Dataset {
    Dataset::embedded().expect("embedded dataset")
}

/// Every chart the gallery shows.
fn charts() -> Vec<(String, ChartOptions)> {
    let mut v = Vec::new();
    for lang in [Lang::Vi, Lang::En] {
        for (kind, region) in [
            (ChartKind::Funding, "mien-trung-tay-nguyen"),
            (ChartKind::Funding, "phia-nam"),
            (ChartKind::Activities, "all"),
            (ChartKind::Activities, "mien-trung-tay-nguyen"),
            (ChartKind::Activities, "phia-nam"),
        ] {
            let sel = if region == "all" {
                RegionSel::All
            } else {
                RegionSel::One(region.into())
            };
            let opts = ChartOptions::new(kind, sel, lang);
            v.push((format!("{}-{region}-{}", kind.id(), lang.code()), opts));
        }
    }
    v
}

/// Estimated box of a text mark.
fn text_box(m: &Mark) -> Option<(f64, f64, f64, f64, String)> {
    let Mark::Text(t) = m else { return None };
    let w = theme::text_width(&t.text, t.size) * if t.bold { 1.08 } else { 1.0 };
    let h = t.size;
    let x = match t.h {
        HAlign::Left => t.x,
        HAlign::Center => t.x - w / 2.0,
        HAlign::Right => t.x - w,
    };
    let y = match t.v {
        VAlign::Top => t.y,
        VAlign::Middle => t.y - h / 2.0,
        VAlign::Bottom => t.y - h,
    };
    Some((x, y, w, h, t.text.clone()))
}

/// No text outside the chart, no two texts on top of each other.
fn assert_text_fits(name: &str, width: f64, scene: &Scene) {
    let boxes: Vec<_> = scene.marks.iter().filter_map(text_box).collect();
    for (x, y, w, h, t) in &boxes {
        assert!(
            *x >= 0.0 && x + w <= scene.width + 0.5 && *y >= 0.0 && y + h <= scene.height,
            "{name} @ {width}: text {t:?} outside the chart ({x:.1}, {y:.1}, {w:.1}×{h:.1})"
        );
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap_x = a.0 < b.0 + b.2 - 1.0 && b.0 < a.0 + a.2 - 1.0;
            let overlap_y = a.1 < b.1 + b.3 - 1.0 && b.1 < a.1 + a.3 - 1.0;
            assert!(
                !(overlap_x && overlap_y),
                "{name} @ {width}: labels {:?} and {:?} collide",
                a.4,
                b.4
            );
        }
    }
}

#[test]
fn text_stays_inside_the_chart_and_labels_do_not_collide() {
    for width in [280.0, 320.0, 360.0, 480.0, 800.0, 1200.0, 1600.0] {
        for (name, opts) in charts() {
            assert_text_fits(&name, width, &model::layout(ds(), &opts, width));
        }
    }
}

fn brute_hit(scene: &Scene, x: f64, y: f64) -> Option<usize> {
    scene
        .hits
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            let r = h.rect;
            x >= r.x - 2.0 && x <= r.right() + 2.0 && y >= r.y - 2.0 && y <= r.bottom() + 2.0
        })
        .min_by(|(i, a), (j, b)| a.rect.area().total_cmp(&b.rect.area()).then(i.cmp(j)))
        .map(|(_, h)| h.figure)
}

#[test]
fn hit_testing_finds_the_bar_drawn_under_the_point() {
    for (name, opts) in charts() {
        let scene = model::layout(ds(), &opts, 640.0);
        assert!(!scene.hits.is_empty(), "{name}: no bars");
        // Every bar's centre hits that bar (or a smaller segment drawn inside it).
        for h in &scene.hits {
            let (cx, cy) = h.rect.center();
            let got = scene.hit_test(cx, cy).map(|g| g.figure);
            assert_eq!(
                got,
                brute_hit(&scene, cx, cy),
                "{name}: centre of {}",
                ds().figures[h.figure].id
            );
            assert!(got.is_some());
        }
        // A grid of points agrees with brute force everywhere (binary search is exact).
        let mut y = 0.0;
        while y < scene.height {
            let mut x = 0.0;
            while x < scene.width {
                assert_eq!(
                    scene.hit_test(x, y).map(|h| h.figure),
                    brute_hit(&scene, x, y),
                    "{name} at ({x}, {y})"
                );
                assert_eq!(
                    scene
                        .hit_index(x, y)
                        .and_then(|i| scene.hits.get(i))
                        .map(|h| h.figure),
                    scene.hit_test(x, y).map(|h| h.figure)
                );
                x += 3.0;
            }
            y += 3.0;
        }
        assert!(scene.hit_test(-50.0, -50.0).is_none());
        assert!(scene.hit_test(f64::NAN, 10.0).is_none());
    }
}

#[test]
fn every_target_holds_what_it_highlights_and_that_is_drawn() {
    let ds = ds();
    for (name, opts) in charts() {
        for width in [280.0, 360.0, 640.0, 1366.0] {
            let scene = model::layout(ds, &opts, width);
            for h in &scene.hits {
                let r = h.rect;
                assert!(
                    !h.rings.is_empty(),
                    "{name}: a target with nothing to highlight"
                );
                for (ring, fig) in &h.rings {
                    assert!(
                        ring.x >= r.x - 0.5
                            && ring.right() <= r.right() + 0.5
                            && ring.y >= r.y - 0.5
                            && ring.bottom() <= r.bottom() + 0.5,
                        "{name} @ {width}: highlight {ring:?} outside its target {r:?}"
                    );
                    assert!(
                        h.figures().contains(fig),
                        "{name}: ring of a figure not explained"
                    );
                    let drawn = scene.marks.iter().any(|m| match m {
                        Mark::Rect {
                            rect,
                            fill: Some(_),
                            ..
                        } => {
                            (rect.x - ring.x).abs() < 0.5
                                && (rect.w - ring.w).abs() < 0.5
                                && (rect.y - ring.y).abs() < 0.5
                        }
                        // A lone value is drawn as its number, ringed.
                        Mark::Text(t) => ring.contains(t.x + 1.0, t.y),
                        _ => false,
                    });
                    assert!(
                        drawn,
                        "{name} @ {width}: nothing drawn at {ring:?} ({})",
                        ds.figures[*fig].id
                    );
                }
            }
        }
    }
}

/// WCAG 2.5.8: every pointer target at least 24 × 24 CSS px, at phone width too.
#[test]
fn targets_are_at_least_24_px() {
    for (name, opts) in charts() {
        for width in [280.0, 320.0, 360.0, 800.0] {
            let scene = model::layout(ds(), &opts, width);
            for h in &scene.hits {
                assert!(
                    h.rect.w >= 24.0 && h.rect.h >= 24.0,
                    "{name} @ {width}: target {:?} of {}",
                    h.rect,
                    ds().figures[h.figure].id
                );
            }
        }
    }
}

/// At zoom 1.4 and more (kiosks) every target, legend items too, is 44 × 44 CSS px.
#[test]
fn kiosk_targets_are_at_least_44_css_px() {
    for (name, mut opts) in charts() {
        for zoom in [1.4, 2.0] {
            opts.zoom = zoom;
            for width in [1080.0 / zoom, 1920.0 / zoom] {
                let scene = model::layout(ds(), &opts, width);
                let rects = scene
                    .hits
                    .iter()
                    .map(|h| h.rect)
                    .chain(scene.legend.iter().map(|l| l.rect));
                for r in rects {
                    assert!(
                        r.w * zoom >= 43.99 && r.h * zoom >= 43.99,
                        "{name} @ zoom {zoom}: target {r:?} is {:.1} × {:.1} CSS px",
                        r.w * zoom,
                        r.h * zoom
                    );
                }
            }
        }
    }
}

fn texts(scene: &Scene) -> Vec<String> {
    scene
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect()
}

/// Issue 9, point 7: at every width every bar's value label is drawn and no text is cut.
#[test]
fn every_value_label_is_drawn_and_nothing_is_cut_at_any_width() {
    let ds = ds();
    for (name, opts) in charts() {
        for width in [280.0, 320.0, 360.0, 1600.0] {
            let scene = model::layout(ds, &opts, width);
            let t = texts(&scene);
            for s in &t {
                assert!(!s.contains('…'), "{name} @ {width}: cut text {s:?}");
            }
            for h in &scene.hits {
                for (_, fig) in &h.rings {
                    let f = &ds.figures[*fig];
                    let v = match f.unit {
                        Unit::MillionVnd => model::format::number(f.value / 1000.0, 1, opts.lang),
                        _ => model::format::number_trim(f.value, 2, opts.lang),
                    };
                    assert!(
                        t.iter().any(|s| s.contains(&v)),
                        "{name} @ {width}: no label {v:?} for {}",
                        f.id
                    );
                }
            }
        }
    }
}

#[test]
fn years_without_figures_are_a_visible_gap_and_never_adjacent() {
    let opts = ChartOptions::new(
        ChartKind::Funding,
        RegionSel::One("mien-trung-tay-nguyen".into()),
        Lang::Vi,
    );
    for width in [280.0, 360.0, 1366.0] {
        let scene = model::layout(ds(), &opts, width);
        let t = texts(&scene);
        assert!(
            t.iter().any(|s| s == "2018–2019" || s == "2018–"),
            "{width}: {t:?}"
        );
        assert!(t.iter().any(|s| s.contains("không có")), "{t:?}");
        // The sentence saying no year has both a plan and a spent figure.
        let joined = t.join(" ");
        assert!(
            joined.contains("không có năm nào có cả số kế hoạch và số đã thực hiện"),
            "{joined}"
        );
        // The stated comparison is drawn as one.
        assert!(t.iter().any(|s| s == "+20,85 %"), "{t:?}");
        // Consulting income has its own panel, apart from funding, with its rate.
        assert!(t.iter().any(|s| s.starts_with("Doanh thu tư vấn")), "{t:?}");
        assert!(t.iter().any(|s| s == "đạt 17,88 %"), "{t:?}");
    }
}

/// Later years with a plan and a spent figure every year (the last one part-year):
/// `tests/fixtures/paired.json`, also used by the browser tests.
fn paired() -> Dataset {
    Dataset::from_json(include_str!("fixtures/paired.json")).expect("paired dataset")
}

#[test]
fn a_dataset_with_plans_and_spending_shows_pairs_with_their_execution_rate() {
    let ds = paired();
    for lang in [Lang::Vi, Lang::En] {
        let opts = ChartOptions::new(ChartKind::Funding, RegionSel::One("tinh-x".into()), lang);
        for width in [280.0, 360.0, 800.0, 1600.0] {
            let scene = model::layout(&ds, &opts, width);
            assert_text_fits("paired", width, &scene);
            let t = texts(&scene);
            let joined = t.join(" ");
            // Each year one target holding the plan and what was spent, side by side.
            assert_eq!(scene.hits.len(), 7, "{joined}");
            for h in &scene.hits {
                assert_eq!(h.rings.len(), 2);
                let (p, a) = (h.rings[0].0, h.rings[1].0);
                assert!(
                    p.right() <= a.x + 0.01,
                    "plan left of spent, not overlapping"
                );
            }
            // The execution rate on every pair: 49 400 / 52 000 = 95 %.
            let rate = match lang {
                Lang::Vi => "đạt 95 %",
                Lang::En => "95 % of plan",
            };
            // (Wrapped onto two lines in a narrow column: joined with a space.)
            assert!(joined.contains(rate), "{width}: {t:?}");
            let word = match lang {
                Lang::Vi => "đạt ",
                Lang::En => " of plan",
            };
            assert_eq!(joined.matches(word).count(), 7, "{t:?}");
            // The part-year spending says so in words, and nothing claims "no pair".
            assert!(
                joined.contains("6 tháng đầu năm") || joined.contains("first 6 months"),
                "{joined}"
            );
            assert!(!joined.contains("không có năm nào"), "{joined}");
            assert!(!joined.contains("no year has both"), "{joined}");
        }
        let svg = render::to_svg(&model::layout(&ds, &opts, 800.0)).expect("svg");
        let file = snapshot_dir().join(format!("funding-paired-{}-800.svg", lang.code()));
        check_snapshot(&file, &svg);
    }
}

/// The "% of plan" view of `ds`'s region `region`.
fn share_opts(region: &str, lang: Lang) -> ChartOptions {
    let mut o = ChartOptions::new(ChartKind::Funding, RegionSel::One(region.into()), lang);
    o.view = model::View::Share;
    o
}

/// Horizontal lines of a colour and width, longest first: (y, x from, x to).
fn hlines(scene: &Scene, color: model::Paint, width: f64) -> Vec<(f64, f64, f64)> {
    let mut v: Vec<(f64, f64, f64)> = scene
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line {
                from,
                to,
                color: c,
                width: w,
            } if from.1 == to.1 && *c == color && *w == width => Some((from.1, from.0, to.0)),
            _ => None,
        })
        .collect();
    v.sort_by(|a, b| (b.2 - b.1).total_cmp(&(a.2 - a.1)));
    v
}

#[test]
fn share_view_bars_are_spent_over_plan_with_the_plan_line_and_the_pace_mark() {
    let ds = paired();
    for lang in [Lang::Vi, Lang::En] {
        let opts = share_opts("tinh-x", lang);
        for width in [280.0, 320.0, 360.0, 480.0, 800.0, 1200.0, 1366.0, 1600.0] {
            let scene = model::layout(&ds, &opts, width);
            assert_text_fits("share-paired", width, &scene);
            let t = texts(&scene);
            assert!(
                !t.iter().any(|s| s.contains('…')),
                "{width}: cut text {t:?}"
            );
            let plan_words = match lang {
                Lang::Vi => "Kế hoạch = 100 %",
                Lang::En => "Plan = 100 %",
            };
            assert!(t.iter().any(|s| s == plan_words), "{width}: {t:?}");
            // One target a year (2018–2024), its bar the share: spent ÷ plan.
            assert_eq!(scene.hits.len(), 7, "{width}");
            let mut bars = Vec::new();
            for h in &scene.hits {
                assert!(
                    h.rect.w >= 24.0 && h.rect.h >= 24.0,
                    "{width}: {:?}",
                    h.rect
                );
                let of = |basis| {
                    h.figures()
                        .into_iter()
                        .map(|i| &ds.figures[i])
                        .find(|f| f.basis == basis)
                        .expect("plan and spent in the column")
                };
                let (p, a) = (
                    of(khuyencong_charts::data::Basis::Plan),
                    of(khuyencong_charts::data::Basis::Actual),
                );
                assert_eq!(h.rings.len(), 1);
                let (bar, fig) = h.rings[0];
                assert_eq!(ds.figures[fig].id, a.id, "the bar is the spending");
                assert!(
                    h.rect.contains(bar.x, bar.y) && h.rect.contains(bar.right(), bar.bottom())
                );
                let (cx, cy) = bar.center();
                assert_eq!(scene.hit_test(cx, cy).map(|g| g.figure), Some(h.figure));
                let pct = a.value / p.value * 100.0;
                // The label says it, marked computed.
                let label = format!("{} %*", model::format::number_trim(pct, 0, lang));
                assert!(t.contains(&label), "{width}: no {label:?} in {t:?}");
                bars.push((bar, pct, a.months));
            }
            // Heights proportional to spent ÷ plan, from one baseline.
            let y0 = bars[0].0.bottom();
            let px = bars[0].0.h / bars[0].1;
            for (bar, pct, _) in &bars {
                assert!((bar.bottom() - y0).abs() < 0.01, "{width}: one baseline");
                assert!(
                    (bar.h - pct * px).abs() < 0.01,
                    "{width}: {} px for {pct:.2} % (expected {})",
                    bar.h,
                    pct * px
                );
            }
            // The plan's line at 100 %, across the whole plot.
            let line = hlines(&scene, theme::INK, 1.5)[0];
            assert!(line.2 - line.1 > width * 0.6, "{width}: {line:?}");
            assert!(
                (line.0 - (y0 - 100.0 * px)).abs() <= 1.0,
                "{width}: 100 % line at {}",
                line.0
            );
            // The part year (2024, 6 months): the mark at 6/12 of the plan, across its bar.
            let (pbar, _, months) = bars.iter().find(|b| b.2 < 12).expect("a part year");
            let pace: Vec<_> = hlines(&scene, theme::INK, 2.0)
                .into_iter()
                .filter(|l| l.1 < pbar.x && l.2 > pbar.right() && l.2 - l.1 < pbar.w + 10.0)
                .collect();
            assert_eq!(pace.len(), 1, "{width}: pace mark {pace:?}");
            let want = y0 - f64::from(*months) / 12.0 * 100.0 * px;
            assert!(
                (pace[0].0 - want).abs() <= 1.0,
                "{width}: pace at {} not {want}",
                pace[0].0
            );
            // The part year says so in words, on the chart.
            let joined = t.join(" ");
            assert!(
                joined.contains("6 tháng đầu năm") || joined.contains("first 6 months"),
                "{width}: {joined}"
            );
        }
        for w in [360.0, 800.0] {
            let svg = render::to_svg(&model::layout(&ds, &opts, w)).expect("svg");
            let file = snapshot_dir().join(format!("share-paired-{}-{w}.svg", lang.code()));
            check_snapshot(&file, &svg);
        }
    }
}

#[test]
fn share_view_tooltip_buttons_summary_and_table_tell_the_same_rate() {
    use khuyencong_charts::model::{compare, table, tooltip::Tooltip};
    let ds = paired();
    for (lang, words, marked) in [
        (
            Lang::Vi,
            "đạt 95 % kế hoạch",
            "đạt 95 % kế hoạch (số tính ra)",
        ),
        (Lang::En, "95 % of plan", "95 % of plan (computed)"),
    ] {
        let opts = share_opts("tinh-x", lang);
        let scene = model::layout(&ds, &opts, 800.0);
        // 2018: 49 400 of 52 000 planned.
        let hit = scene
            .hits
            .iter()
            .position(|h| ds.figures[h.figure].year == 2018)
            .expect("2018");
        let tip = Tooltip::for_hit(&ds, &scene, hit, lang).expect("tooltip");
        let text = tip.plain_text();
        assert!(text.contains(words), "{text}");
        assert!(
            text.contains("số tính ra") || text.contains("computed"),
            "computed said: {text}"
        );
        // With its formula in the reader's notation.
        let formula = match lang {
            Lang::Vi => "49.400 : 52.000 × 100",
            Lang::En => "49,400 / 52,000 × 100",
        };
        assert!(text.contains(formula), "{text}");
        // The chart's name (canvas label, SVG <title>, table caption) is the view's title.
        let caption = render::export::caption(&ds, &opts);
        assert!(
            caption.contains("phần trăm kế hoạch") || caption.contains("share of the plan"),
            "{caption}"
        );
        assert_eq!(drawn_title(&scene), caption);
        let summary = table::summary(&ds, &opts);
        assert!(summary.contains(words), "{summary}");
        assert!(summary.chars().count() <= table::SUMMARY_MAX_CHARS);
        let ct = compare::build(&ds, &opts);
        let row = ct.sections[0]
            .rows
            .iter()
            .find(|r| r.label.contains("2018"))
            .expect("2018 row");
        assert_eq!(row.cells[2], marked, "{row:?}");
    }
    // A stated rate comes first: the seeds' "đạt 17,88 %" of 2017, never recomputed.
    let seeds = Dataset::embedded().expect("embedded dataset");
    let opts = share_opts("mien-trung-tay-nguyen", Lang::Vi);
    let scene = model::layout(seeds, &opts, 800.0);
    let t = texts(&scene);
    assert!(t.iter().any(|s| s == "17,88 %"), "{t:?}");
    let ct = compare::build(seeds, &opts);
    assert!(
        ct.sections
            .iter()
            .flat_map(|s| &s.rows)
            .any(|r| r.cells[2] == "đạt 17,88 % kế hoạch"),
        "{ct:?}"
    );
}

#[test]
fn share_view_of_the_seeds_says_what_can_and_cannot_be_shown() {
    let ds = ds();
    for lang in [Lang::Vi, Lang::En] {
        for region in ["mien-trung-tay-nguyen", "phia-nam"] {
            let opts = share_opts(region, lang);
            for width in [280.0, 320.0, 360.0, 800.0, 1366.0, 1600.0] {
                let scene = model::layout(ds, &opts, width);
                assert_text_fits(&format!("share-{region}"), width, &scene);
                let joined = texts(&scene).join(" ");
                // Total funding has no year with both figures anywhere in the seeds.
                assert!(
                    joined.contains("không có năm nào có cả số kế hoạch")
                        || joined.contains("no year has both a plan"),
                    "{region} @ {width}: {joined}"
                );
                for h in &scene.hits {
                    assert!(h.rect.w >= 24.0 && h.rect.h >= 24.0);
                }
                if region == "phia-nam" {
                    // Nothing to draw: a sentence, not an empty plot.
                    assert!(scene.hits.is_empty());
                    assert!(
                        joined.contains("chỉ vẽ được những năm")
                            || joined.contains("can only draw"),
                        "{joined}"
                    );
                } else {
                    // Consulting income: 2017 and 2020, half-year spending against the plan,
                    // and the 2022 disbursement gauge.
                    assert_eq!(scene.hits.len(), 3, "{width}");
                    assert!(joined.contains("17,88 %") || joined.contains("17.88 %"));
                }
            }
            let widths: &[f64] = if lang == Lang::Vi {
                &[360.0, 800.0]
            } else {
                &[800.0]
            };
            for &w in widths {
                let svg = render::to_svg(&model::layout(ds, &opts, w)).expect("svg");
                let file = snapshot_dir().join(format!("share-{region}-{}-{w}.svg", lang.code()));
                check_snapshot(&file, &svg);
            }
        }
    }
}

/// The title drawn first on a chart (its largest, boldest text).
fn drawn_title(scene: &Scene) -> String {
    let mut title = String::new();
    for m in &scene.marks {
        match m {
            Mark::Text(t) if t.bold && t.size >= 16.0 => {
                if !title.is_empty() {
                    title.push(' ');
                }
                title.push_str(&t.text);
            }
            _ => {}
        }
    }
    title
}

/// Pixels per unit of every activity bar long enough to measure, by panel.
fn px_per_unit(scene: &Scene) -> Vec<(usize, f64)> {
    scene
        .hits
        .iter()
        .filter_map(|h| {
            let (ring, fig) = h.rings[0];
            let v = ds().figures[fig].value;
            (v > 0.0 && ring.w > 2.0 && ring.h < 20.0).then(|| (h.group, ring.w / v))
        })
        .collect()
}

#[test]
fn shared_scale_gives_every_panel_the_same_px_per_unit_and_own_scales_do_not() {
    for width in [280.0, 360.0, 800.0, 1366.0] {
        for lang in [Lang::Vi, Lang::En] {
            let mut opts = ChartOptions::new(ChartKind::Activities, RegionSel::All, lang);
            let own = px_per_unit(&model::layout(ds(), &opts, width));
            opts.scale = model::Scale::Shared;
            let scene = model::layout(ds(), &opts, width);
            assert_text_fits("activities-shared", width, &scene);
            let shared = px_per_unit(&scene);
            let panels = |v: &[(usize, f64)]| {
                let mut p: Vec<usize> = v.iter().map(|x| x.0).collect();
                p.sort_unstable();
                p.dedup();
                p.len()
            };
            assert!(panels(&shared) >= 5, "{width}: bars in several panels");
            let k = shared[0].1;
            for (panel, r) in &shared {
                assert!(
                    (r - k).abs() / k < 1e-9,
                    "{width}: panel {panel}: {r} px per unit, not {k}"
                );
            }
            let k = own[0].1;
            assert!(
                own.iter().any(|(_, r)| (r - k).abs() / k > 0.05),
                "{width}: own scales differ across panels"
            );
            // Said on the chart: the subtitle and a caption under every panel's axis.
            let t = texts(&scene);
            let caption = match lang {
                Lang::Vi => "Thang đo chung cho mọi khung",
                Lang::En => "One scale for every panel",
            };
            let panels_drawn = {
                let mut g: Vec<usize> = scene.hits.iter().map(|h| h.group).collect();
                g.sort_unstable();
                g.dedup();
                g.len()
            };
            assert_eq!(
                t.iter().filter(|s| *s == caption).count(),
                panels_drawn,
                "{width}"
            );
        }
    }
    let mut opts = ChartOptions::new(ChartKind::Activities, RegionSel::All, Lang::Vi);
    opts.scale = model::Scale::Shared;
    let svg = render::to_svg(&model::layout(ds(), &opts, 800.0)).expect("svg");
    check_snapshot(
        &snapshot_dir().join("activities-all-shared-vi-800.svg"),
        &svg,
    );
}

fn check_snapshot(path: &std::path::Path, svg: &str) {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    match std::fs::read_to_string(path) {
        Ok(old) if old == svg => {}
        _ if update => std::fs::write(path, svg).expect("write snapshot"),
        _ => {
            let new_path = path.with_extension("new.svg");
            std::fs::write(&new_path, svg).expect("write .new.svg");
            panic!("{} differs (UPDATE_SNAPSHOTS=1 to accept)", path.display());
        }
    }
}

#[test]
fn funding_chart_shows_every_money_figure_of_the_region_and_partial_periods_say_so() {
    let ds = ds();
    for region in ["mien-trung-tay-nguyen", "phia-nam"] {
        let opts = ChartOptions::new(ChartKind::Funding, RegionSel::One(region.into()), Lang::Vi);
        let scene = model::layout(ds, &opts, 800.0);
        let shown: Vec<&str> = scene
            .hits
            .iter()
            .flat_map(|h| h.figures())
            .map(|i| ds.figures[i].id.as_str())
            .collect();
        for f in ds.figures.iter().filter(|f| f.region == region) {
            let charted = [
                "total_funding",
                "national_funding",
                "local_funding",
                "consulting_revenue",
                "total_funding_growth",
            ]
            .contains(&f.measure.as_str())
                || f.measure.ends_with("_rate");
            assert_eq!(
                shown.contains(&f.id.as_str()),
                charted,
                "{region}: {}",
                f.id
            );
        }
        let texts = texts(&scene);
        if region == "mien-trung-tay-nguyen" {
            assert!(
                texts.iter().any(|t| t.contains("Thực hiện 6 tháng")),
                "{texts:?}"
            );
            assert!(
                texts
                    .iter()
                    .any(|t| t.contains("7 tháng đầu năm 2022: 29\u{a0}%")),
                "{texts:?}"
            );
            assert!(texts.iter().any(|t| t == "48,3"), "{texts:?}");
        } else {
            assert!(
                texts.iter().any(|t| t == "63,3?"),
                "ambiguous 2014 total flagged: {texts:?}"
            );
        }
        assert!(texts.iter().any(|t| t == "tỷ đồng"), "axis unit");
        assert!(texts.iter().any(|t| t.starts_with("Nguồn:")), "source line");
        assert!(
            !texts.iter().any(|t| t.contains(".txt")),
            "no file names for readers"
        );
    }
}

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// SVG snapshots of every chart. On mismatch, writes `<name>.new.svg` beside the snapshot;
/// `UPDATE_SNAPSHOTS=1 cargo test` accepts the new output.
#[test]
fn svg_snapshots() {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, opts) in charts() {
        // The annotated charts (the embedded notes are on both funding charts and the
        // activities of both regions) also at the narrowest and widest widths.
        let annotated = opts.kind == ChartKind::Funding || opts.region == RegionSel::All;
        let widths: &[f64] = match (opts.lang, annotated) {
            (Lang::Vi, true) => &[280.0, 360.0, 800.0, 1600.0],
            (Lang::Vi, false) => &[360.0, 800.0],
            (Lang::En, _) => &[800.0],
        };
        for &w in widths {
            let file = format!("{name}-{w}");
            let scene = model::layout(ds(), &opts, w);
            let svg = render::to_svg(&scene).expect("svg");
            assert!(svg.starts_with("<svg"), "{file}");
            let path = snapshot_dir().join(format!("{file}.svg"));
            let new_path = snapshot_dir().join(format!("{file}.new.svg"));
            match std::fs::read_to_string(&path) {
                Ok(old) if old == svg => {
                    let _ = std::fs::remove_file(&new_path);
                }
                _ if update => {
                    std::fs::write(&path, &svg).expect("write snapshot");
                    let _ = std::fs::remove_file(&new_path);
                }
                Ok(_) => {
                    std::fs::write(&new_path, &svg).expect("write .new.svg");
                    failures.push(format!("{file}: differs, see {}", new_path.display()));
                }
                Err(_) => {
                    std::fs::write(&new_path, &svg).expect("write .new.svg");
                    failures.push(format!(
                        "{file}: no snapshot yet, see {}",
                        new_path.display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "snapshot mismatches (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn svg_escapes_text() {
    let ds = ds();
    let mut evil = ds.clone();
    for r in &mut evil.regions {
        r.name.vi = "<img src=x onerror=alert(1)> & </svg>".into();
    }
    let opts = ChartOptions::new(
        ChartKind::Funding,
        RegionSel::One("phia-nam".into()),
        Lang::Vi,
    );
    let svg = render::to_svg(&model::layout(&evil, &opts, 800.0)).unwrap();
    assert!(!svg.contains("<img"), "markup from data must be escaped");
    assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/svg&gt;"));
}

#[test]
fn extreme_widths_do_not_panic_and_stay_in_bounds() {
    for (name, opts) in charts() {
        for w in [0.0, 1.0, 280.0, 4000.0, f64::NAN, f64::INFINITY, -5.0] {
            let s = model::layout(ds(), &opts, w);
            assert!(
                s.width.is_finite() && s.height.is_finite() && s.height > 0.0,
                "{name} @ {w}"
            );
            for m in &s.marks {
                if let Mark::Rect { rect, .. } = m {
                    assert!(
                        rect.x >= 0.0 && rect.right() <= s.width + 0.01,
                        "{name} @ {w}: {rect:?}"
                    );
                    assert!(
                        rect.y >= 0.0 && rect.bottom() <= s.height + 0.01,
                        "{name} @ {w}: {rect:?}"
                    );
                }
            }
        }
    }
}

/// A dataset of `n` periods with a plan and an actual each, as the benchmark uses.
fn synthetic(n: usize) -> Dataset {
    let mut figures = Vec::with_capacity(2 * n);
    for i in 0..n {
        for (basis, factor) in [("plan", 1.0), ("actual", 0.8)] {
            let v = 1000.0 + ((i * 7919) % 5000) as f64 * factor;
            figures.push(format!(
                r#"{{"id":"b-{i}-{basis}","region":"bench","year":{},"months":12,"measure":"total_funding","basis":"{basis}","value":{v},"unit":"million_vnd","source":{{"file":"s.txt","quote":"q"}}}}"#,
                2000 + i
            ));
        }
    }
    let json = format!(
        r#"{{"schema_version":1,"regions":[{{"id":"bench","name":{{"vi":"Bench","en":"Bench"}}}}],
        "measures":[{{"id":"total_funding","unit":"million_vnd","name":{{"vi":"Tổng kinh phí","en":"Total funding"}}}}],
        "sources":[{{"file":"s.txt","title":{{"vi":"S","en":"S"}}}}],"figures":[{}]}}"#,
        figures.join(",")
    );
    Dataset::from_json(&json).expect("synthetic dataset")
}

#[test]
fn thousands_of_periods_decimate_to_one_rect_per_pixel_column() {
    let opts = ChartOptions::new(ChartKind::Funding, RegionSel::One("bench".into()), Lang::Vi);
    for n in [12, 120, 1200, 12_000] {
        let ds = synthetic(n);
        let scene = model::layout(&ds, &opts, 800.0);
        assert_eq!(scene.hits.len(), n, "every period stays hit-testable");
        assert!(scene.hits.iter().all(|h| h.rings.len() == 2));
        let rects = scene
            .marks
            .iter()
            .filter(|m| matches!(m, Mark::Rect { .. }))
            .count();
        assert!(
            rects <= 2 * 800 + 40,
            "n={n}: {rects} rects drawn for an 800 px chart"
        );
        for m in &scene.marks {
            if let Mark::Rect { rect, .. } = m {
                assert!(
                    rect.x >= 0.0 && rect.right() <= scene.width,
                    "n={n}: {rect:?} outside"
                );
            }
        }
        let texts = scene
            .marks
            .iter()
            .filter(|m| matches!(m, Mark::Text(_)))
            .count();
        let sample: Vec<String> = scene
            .marks
            .iter()
            .filter_map(|m| {
                if let Mark::Text(t) = m {
                    Some(t.text.clone())
                } else {
                    None
                }
            })
            .take(40)
            .collect();
        assert!(texts < 200, "n={n}: {texts} labels (thinned): {sample:?}");
        // Hit-testing still exact at the largest size.
        let h = &scene.hits[n / 2];
        let (cx, cy) = h.rect.center();
        assert_eq!(
            scene.hit_test(cx, cy).map(|g| g.figure),
            brute_hit(&scene, cx, cy)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Annotations
// ---------------------------------------------------------------------------------------

use khuyencong_charts::model::annotate::Placed;
use khuyencong_charts::model::Rect;

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - 0.5
        && inner.y >= outer.y - 0.5
        && inner.right() <= outer.right() + 0.5
        && inner.bottom() <= outer.bottom() + 0.5
}

/// Whether segment a–b passes through the inside of r (sampled finely: independent of
/// the clipping the layout uses).
fn crosses(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    let n = 400;
    (1..n).any(|k| {
        let t = k as f64 / n as f64;
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        x > r.x && x < r.right() && y > r.y && y < r.bottom()
    })
}

/// Every bar, label and line of a scene that is not part of a note, with its box.
fn data_boxes(scene: &Scene) -> Vec<(Rect, String)> {
    let notes: Vec<Rect> = scene
        .notes
        .iter()
        .filter(|n| matches!(n.placed, Placed::Callout { .. } | Placed::Marker))
        .map(|n| n.rect)
        .collect();
    let leaders: Vec<((f64, f64), (f64, f64))> = scene
        .notes
        .iter()
        .filter_map(|n| match n.placed {
            Placed::Callout { from, to } => Some((from, to)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for m in &scene.marks {
        let (r, what) = match m {
            Mark::Rect { rect, .. } => (*rect, "rect".to_string()),
            Mark::Text(_) => {
                let Some((x, y, w, h, t)) = text_box(m) else {
                    continue;
                };
                (Rect::new(x, y, w, h), format!("text {t:?}"))
            }
            Mark::Line {
                from, to, color, ..
            } => {
                if *color == theme::GRID || leaders.contains(&(*from, *to)) {
                    continue;
                }
                let r = Rect::new(
                    from.0.min(to.0),
                    from.1.min(to.1),
                    (from.0 - to.0).abs(),
                    (from.1 - to.1).abs(),
                );
                (r, "line".to_string())
            }
        };
        // The note's own box, text and number.
        if notes.iter().any(|n| inside(&r, n)) {
            continue;
        }
        out.push((r, what));
    }
    out
}

#[test]
fn notes_cover_no_bar_label_or_line_at_any_width() {
    let mut callouts = 0;
    let mut markers = 0;
    // Every chart, and the funding charts' "% of plan" view too.
    let mut all = charts();
    for (name, opts) in charts() {
        if opts.kind == ChartKind::Funding {
            let mut share = opts.clone();
            share.view = khuyencong_charts::model::View::Share;
            all.push((format!("{name}-share"), share));
        }
    }
    for width in (280..=1600).step_by(40) {
        let width = width as f64;
        for (name, opts) in all.iter().cloned() {
            let scene = model::layout(ds(), &opts, width);
            let boxes = data_boxes(&scene);
            let on_chart: Vec<_> = scene
                .notes
                .iter()
                .filter(|n| matches!(n.placed, Placed::Callout { .. } | Placed::Marker))
                .collect();
            for (i, n) in on_chart.iter().enumerate() {
                let at = format!("{name} @ {width}: note {:?}", n.text);
                assert!(
                    n.rect.x >= 0.0
                        && n.rect.right() <= scene.width
                        && n.rect.y >= 0.0
                        && n.rect.bottom() <= scene.height,
                    "{at} outside the chart"
                );
                for (r, what) in &boxes {
                    assert!(!overlaps(&n.rect, r), "{at} covers {what} {r:?}");
                }
                for o in &on_chart[i + 1..] {
                    assert!(!overlaps(&n.rect, &o.rect), "{at} covers note {:?}", o.text);
                }
                if let Placed::Callout { from, to } = n.placed {
                    callouts += 1;
                    for (r, what) in &boxes {
                        // Its own anchor and what is drawn inside it (stripes, shares).
                        if inside(r, &n.anchor) {
                            continue;
                        }
                        assert!(!crosses(from, to, r), "{at}: leader crosses {what} {r:?}");
                    }
                    let d = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).hypot(p.1 - q.1);
                    let on_edge = (to.0 - n.anchor.x).abs() < 0.6
                        || (to.0 - n.anchor.right()).abs() < 0.6
                        || (to.1 - n.anchor.y).abs() < 0.6
                        || (to.1 - n.anchor.bottom()).abs() < 0.6;
                    assert!(
                        on_edge && d(from, to) > 3.0,
                        "{at}: leader {from:?} → {to:?} does not reach its anchor {:?}",
                        n.anchor
                    );
                } else {
                    markers += 1;
                }
            }
            // Every note the chart has is somewhere: on the chart, in the list, or said
            // by the axis. The "% of plan" view keeps every note of the dataset and only
            // the generated notes about what it draws (not the amounts' striped bars).
            let all_notes = model::annotate::notes(ds(), &opts);
            if opts.view == khuyencong_charts::model::View::Share {
                for n in all_notes.iter().filter(|n| !n.generated()) {
                    assert!(
                        scene.notes.iter().any(|s| s.text == n.text),
                        "{name} @ {width}: note {:?} missing",
                        n.text
                    );
                }
                assert!(scene.notes.len() <= all_notes.len(), "{name} @ {width}");
            } else {
                assert_eq!(scene.notes.len(), all_notes.len(), "{name} @ {width}");
            }
        }
    }
    // Both forms occur over the widths: callouts where there is room, markers where not.
    assert!(callouts > 100, "{callouts} callouts");
    assert!(markers > 20, "{markers} markers");
}

#[test]
fn the_embedded_notes_are_drawn_on_their_charts() {
    let texts_of = |name: &str, width: f64| {
        let (_, opts) = charts().into_iter().find(|(n, _)| n == name).unwrap();
        let scene = model::layout(ds(), &opts, width);
        (texts(&scene).join(" "), scene)
    };
    let (all, scene) = texts_of("funding-phia-nam-vi", 1366.0);
    // Wide: both notes as callouts, their words drawn whole.
    assert!(all.contains("Bình quân 3,17 tỷ đồng"), "{all}");
    let callouts = scene
        .notes
        .iter()
        .filter(|n| matches!(n.placed, Placed::Callout { .. }))
        .count();
    assert_eq!(callouts, 2, "{:?}", scene.notes);
    // On a small phone some collapse to numbered markers with the text under the chart.
    let (all, scene) = texts_of("funding-mien-trung-tay-nguyen-vi", 280.0);
    assert!(all.contains("Ghi chú trên biểu đồ"), "{all}");
    let numbered: Vec<usize> = scene.notes.iter().filter_map(|n| n.number).collect();
    assert!(!numbered.is_empty(), "{:?}", scene.notes);
    for n in scene.notes.iter().filter(|n| n.number.is_some()) {
        let first_word = n.text.split(' ').next().unwrap_or("");
        assert!(all.contains(first_word), "{:?} listed", n.text);
    }
    // The generated gap note is said by the axis words, once.
    let gap = scene
        .notes
        .iter()
        .find(|n| n.generated && n.text.contains("2018–2019"))
        .expect("a note for the missing years");
    assert_eq!(gap.placed, Placed::Axis);
    assert_eq!(
        all.matches("không có số liệu").count(),
        2,
        "two panels, one gap each"
    );
}

#[test]
fn a_thousand_notes_lay_out_quickly_and_all_are_listed() {
    use khuyencong_charts::data::{Annotation, AnnotationTarget, LabelPosition, Localized};
    let mut ds = synthetic(300);
    for k in 0..khuyencong_charts::data::MAX_ANNOTATIONS {
        let target = match k % 3 {
            0 => AnnotationTarget::Figure(format!("b-{}-plan", k % 300)),
            1 => AnnotationTarget::Period {
                region: "bench".into(),
                year: 2000 + (k % 300) as i32,
            },
            _ => AnnotationTarget::Measure("total_funding".into()),
        };
        ds.annotations.push(Annotation {
            target,
            text: Localized {
                vi: format!("Ghi chú số {k}"),
                en: format!("Note {k}"),
            },
            position: LabelPosition::Auto,
            source: None,
        });
    }
    ds.validate().expect("valid");
    let opts = ChartOptions::new(ChartKind::Funding, RegionSel::One("bench".into()), Lang::Vi);
    let start = std::time::Instant::now();
    for w in [280.0, 1600.0] {
        let scene = model::layout(&ds, &opts, w);
        assert_eq!(scene.notes.len(), 1000, "@ {w}");
        let listed = scene.notes.iter().filter(|n| n.number.is_some()).count();
        assert!(listed >= 1000 - 24, "@ {w}: {listed} in the list");
        let summary = model::table::summary(&ds, &opts);
        assert!(summary.chars().count() <= model::table::SUMMARY_MAX_CHARS);
    }
    // Debug build, 2 shared cores: seconds would mean a search without bounds.
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}
