//! What a reader is told about one figure: value, period, basis, flags, source words.

use super::format;
use super::Scene;
use crate::data::{Dataset, Figure, Lang, Source, Unit};

/// What a reader is told when pointing at a bar, a whole stacked bar or a period's
/// column: a heading, then one section per figure shown (a bar, or a bar's parts).
#[derive(Debug, Clone, PartialEq)]
pub struct Tooltip {
    /// What is pointed at: "Tổng kinh phí khuyến công · Miền Trung – Tây Nguyên".
    pub heading: String,
    /// One per figure, in reading order (a stated total before its parts).
    pub sections: Vec<TipSection>,
}

/// One figure inside a tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct TipSection {
    /// What this figure is, when the tooltip holds several ("Kế hoạch", "Phần quốc gia").
    pub title: String,
    /// Exact value with its unit and flags.
    pub value: String,
    /// Labelled facts: period, basis, flags, note, formula.
    pub rows: Vec<(String, String)>,
    /// The seed's own words, verbatim.
    pub quote: String,
    /// Which article.
    pub source: String,
}

/// A value as a reader says it: "48,33 tỷ đồng (48.331 triệu đồng)", "khoảng 40,0 tỷ
/// đồng" for a figure computed from a percentage, "hơn 1.036", "ước 1.769 triệu đồng".
pub fn value_words(ds: &Dataset, f: &Figure, lang: Lang) -> String {
    value_in_words(ds, f, lang, true)
}

/// [`value_words`] without the exact amount in brackets: "48,33 tỷ đồng" (summaries).
pub fn value_short(ds: &Dataset, f: &Figure, lang: Lang) -> String {
    value_in_words(ds, f, lang, false)
}

fn value_in_words(ds: &Dataset, f: &Figure, lang: Lang, exact: bool) -> String {
    let approx = super::is_approximate(ds, f);
    let core = match f.unit {
        Unit::MillionVnd if approx => {
            if f.value.abs() >= 1000.0 {
                let n = format::number(f.value / 1000.0, 1, lang);
                match lang {
                    Lang::Vi => format!("{n} tỷ đồng"),
                    Lang::En => format!("VND {n} billion"),
                }
            } else {
                let n = format::number(f.value, 0, lang);
                match lang {
                    Lang::Vi => format!("{n} triệu đồng"),
                    Lang::En => format!("{n} million VND"),
                }
            }
        }
        Unit::MillionVnd if f.value.abs() >= 1000.0 && !exact => {
            format::amount_scaled(f.value, lang)
        }
        Unit::MillionVnd if f.value.abs() >= 1000.0 => format!(
            "{} ({})",
            format::amount_scaled(f.value, lang),
            format::value_with_unit(f.value, f.unit, lang)
        ),
        Unit::Percent if approx => format!("{} %", format::number(f.value, 1, lang)),
        _ => format::value_with_unit(f.value, f.unit, lang),
    };
    let lead = match (lang, approx, f.estimate, f.at_least) {
        (Lang::Vi, true, _, _) => "khoảng ",
        (Lang::En, true, _, _) => "about ",
        (Lang::Vi, _, true, _) => "ước ",
        (Lang::En, _, true, _) => "an estimated ",
        (Lang::Vi, _, _, true) => "hơn ",
        (Lang::En, _, _, true) => "more than ",
        _ => "",
    };
    format!("{lead}{core}")
}

/// A formula in the reader's notation: "48331 / 1.2085" → "48.331 : 1,2085" in Vietnamese.
pub fn formula_words(formula: &str, lang: Lang) -> String {
    let mut out = String::new();
    let mut num = String::new();
    let flush = |num: &mut String, out: &mut String| {
        if num.is_empty() {
            return;
        }
        // Integer arithmetic: a float parser would add kilobytes to the wasm.
        let (int, frac) = num.split_once('.').unwrap_or((num.as_str(), ""));
        let frac_v = if frac.is_empty() {
            Some(0)
        } else {
            frac.parse::<u64>().ok()
        };
        match (int.parse::<u64>().ok(), frac_v) {
            (Some(i), Some(fr)) if frac.len() <= 6 && int.len() <= 15 => {
                let v = i as f64 + fr as f64 / 10f64.powi(frac.len() as i32);
                out.push_str(&format::number(v, frac.len(), lang));
            }
            _ => out.push_str(num),
        }
        num.clear();
    };
    for c in formula.chars() {
        if c.is_ascii_digit() || (c == '.' && !num.is_empty()) {
            num.push(c);
            continue;
        }
        flush(&mut num, &mut out);
        match (c, lang) {
            ('/', Lang::Vi) => out.push(':'),
            ('*', _) => out.push('×'),
            ('-', _) => out.push('−'),
            _ => out.push(c),
        }
    }
    flush(&mut num, &mut out);
    out
}

/// Where a figure comes from, in words: the article's description, author or publisher
/// and date; never the file name (that stays in the data and the CSV).
pub fn source_words(ds: &Dataset, f: &Figure, lang: Lang) -> String {
    let lead = match lang {
        Lang::Vi => "Nguồn: ",
        Lang::En => "Source: ",
    };
    match ds.source_of(f) {
        Some(s) => format!("{lead}{}", source_label(s, lang)),
        None => match lang {
            Lang::Vi => "Nguồn: bài viết".into(),
            Lang::En => "Source: an article".into(),
        },
    }
}

/// An article as a reader names it: "Bài viết về … (Mạnh Trường, 2017)", with an ISO
/// date written the reader's way ("29/05/2014", "29 May 2014").
pub fn source_label(s: &Source, lang: Lang) -> String {
    let mut out = s.title.get(lang).to_string();
    let date = date_words(&s.date, lang);
    let extra: Vec<&str> = [s.publisher.as_str(), date.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!(" ({})", extra.join(", ")));
    }
    out
}

fn date_words(date: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => match lang {
            Lang::Vi => format!("{d}/{m}/{y}"),
            Lang::En => {
                let month = m
                    .parse::<usize>()
                    .ok()
                    .and_then(|k| MONTHS.get(k.wrapping_sub(1)))
                    .copied()
                    .unwrap_or(m);
                format!("{} {month} {y}", d.trim_start_matches('0'))
            }
        },
        _ => date.to_string(),
    }
}

fn measure_name<'a>(ds: &'a Dataset, f: &'a Figure, lang: Lang) -> &'a str {
    ds.measure_of(f)
        .map(|m| m.name.get(lang))
        .unwrap_or(&f.measure)
}

fn region_name<'a>(ds: &'a Dataset, f: &'a Figure, lang: Lang) -> &'a str {
    ds.region_of(f)
        .map(|r| r.name.get(lang))
        .unwrap_or(&f.region)
}

/// A region's name after the measure in a heading: "miền Trung – Tây Nguyên" as the
/// articles write it mid-sentence.
fn region_mid(ds: &Dataset, f: &Figure, lang: Lang) -> String {
    match lang {
        Lang::Vi => super::region_in_text(region_name(ds, f, lang), lang),
        Lang::En => region_name(ds, f, lang).to_string(),
    }
}

/// One figure's section: `title` names it inside a larger tooltip. `brief`: only what a
/// button's name says (see [`Tooltip::spoken`]): no formula, note, quote or source.
fn section(
    ds: &Dataset,
    f: &Figure,
    title: String,
    with_period: bool,
    lang: Lang,
    brief: bool,
) -> TipSection {
    let (l_period, l_flags, l_note, l_formula) = match lang {
        Lang::Vi => ("Kỳ", "Lưu ý", "Ghi chú", "Cách tính"),
        Lang::En => ("Period", "Flags", "Note", "Formula"),
    };
    let mut rows = Vec::new();
    if with_period {
        rows.push((l_period.to_string(), format::period(f.year, f.months, lang)));
    }
    let flags = super::Flag::words_of(f, lang);
    if !flags.is_empty() {
        rows.push((l_flags.to_string(), flags));
    }
    if brief {
        return TipSection {
            title,
            value: value_words(ds, f, lang),
            rows,
            quote: String::new(),
            source: String::new(),
        };
    }
    if let Some(d) = &f.derived {
        rows.push((l_formula.to_string(), formula_words(&d.formula, lang)));
    }
    if let Some(n) = &f.note {
        rows.push((l_note.to_string(), n.get(lang).to_string()));
    }
    TipSection {
        title,
        value: value_words(ds, f, lang),
        rows,
        quote: format!("“{}”", f.source.quote),
        source: source_words(ds, f, lang),
    }
}

/// What a figure is inside a year's column: "Kế hoạch cả năm", "Trong đó: kinh phí
/// khuyến công quốc gia", "So với năm trước", "Tỷ lệ thực hiện".
fn member_title(ds: &Dataset, f: &Figure, lang: Lang) -> String {
    let m = f.measure.as_str();
    if m == super::funding::NATIONAL || m == super::funding::LOCAL {
        let name = measure_name(ds, f, lang);
        return match lang {
            Lang::Vi => format!("Trong đó: {}", super::table::lower_first(name)),
            Lang::En => format!("Of which: {}", super::table::lower_first(name)),
        };
    }
    if m.ends_with("_growth") {
        return match lang {
            Lang::Vi => "Mức tăng bài viết nêu".into(),
            Lang::En => "Growth the article states".into(),
        };
    }
    if super::funding::is_rate(m) {
        return measure_name(ds, f, lang).to_string();
    }
    super::funding::coverage(f, lang)
}

impl Tooltip {
    /// The tooltip of one figure on its own (an activity row, a gauge).
    pub fn for_figure(ds: &Dataset, index: usize, lang: Lang) -> Option<Tooltip> {
        Tooltip::of_figure(ds, index, lang, false)
    }

    fn of_figure(ds: &Dataset, index: usize, lang: Lang, brief: bool) -> Option<Tooltip> {
        let f = ds.figures.get(index)?;
        Some(Tooltip {
            heading: format!("{}, {}", measure_name(ds, f, lang), region_mid(ds, f, lang)),
            // What it is ("Thực hiện 6 tháng đầu năm", "Kế hoạch cả năm") and its period.
            sections: vec![section(
                ds,
                f,
                if super::funding::is_rate(&f.measure) {
                    String::new()
                } else {
                    member_title(ds, f, lang)
                },
                true,
                lang,
                brief,
            )],
        })
    }

    /// The tooltip for hit region `hit` of `scene`: one figure, or a year's whole column
    /// (every bar, each stated total before its parts, with the stated growth and rate).
    pub fn for_hit(ds: &Dataset, scene: &Scene, hit: usize, lang: Lang) -> Option<Tooltip> {
        Tooltip::of_hit(ds, scene, hit, lang, false)
    }

    /// The name of hit region `hit`'s button: `Tooltip::for_hit(…).spoken()`, without
    /// making the parts it never says (quotes, sources, formulas, notes).
    pub fn spoken_for_hit(ds: &Dataset, scene: &Scene, hit: usize, lang: Lang) -> Option<String> {
        Tooltip::of_hit(ds, scene, hit, lang, true).map(|t| t.spoken())
    }

    fn of_hit(ds: &Dataset, scene: &Scene, hit: usize, lang: Lang, brief: bool) -> Option<Tooltip> {
        let h = scene.hits.get(hit)?;
        if h.members.len() <= 1 {
            return Tooltip::of_figure(ds, h.figure, lang, brief);
        }
        let main = ds.figures.get(h.figure)?;
        let period = match lang {
            Lang::Vi => format!("năm {}", main.year),
            Lang::En => main.year.to_string(),
        };
        let heading = format!(
            "{}, {}, {}",
            measure_name(ds, main, lang),
            region_mid(ds, main, lang),
            period
        );
        let mut sections: Vec<TipSection> = Vec::new();
        for &i in &h.members {
            let Some(f) = ds.figures.get(i) else { continue };
            let mut sec = section(ds, f, member_title(ds, f, lang), false, lang, brief);
            // The same sentence quoted once, the same article named once.
            if sections.iter().any(|s| s.quote == sec.quote) {
                sec.quote.clear();
                sec.source.clear();
            }
            if sections.iter().any(|s| s.source == sec.source) {
                sec.source.clear();
            }
            sections.push(sec);
        }
        // A pair with no stated rate: the share of plan computed, with its formula.
        sections.extend(super::share::tip_section(ds, &h.members, lang, brief));
        Some(Tooltip { heading, sections })
    }

    /// What a bar's button is named: the heading, each section's title and value, and
    /// the period and flags in words; never notes, formulas or quotes (a screen reader
    /// reads the name of every bar it passes).
    pub fn spoken(&self) -> String {
        let mut s = self.heading.clone();
        for (i, sec) in self.sections.iter().enumerate() {
            s.push_str(if i == 0 { ": " } else { ". " });
            if !sec.title.is_empty() {
                s.push_str(&sec.title);
                s.push_str(": ");
            }
            s.push_str(&sec.value);
            for (_, v) in sec
                .rows
                .iter()
                .take(2)
                .filter(|(k, _)| matches!(k.as_str(), "Kỳ" | "Period" | "Lưu ý" | "Flags"))
            {
                s.push_str(", ");
                s.push_str(v);
            }
        }
        s
    }

    /// One line of plain text, for a live region or a test.
    pub fn plain_text(&self) -> String {
        let mut s = self.heading.clone();
        for (i, sec) in self.sections.iter().enumerate() {
            s.push_str(if i == 0 { ": " } else { ". " });
            if !sec.title.is_empty() {
                s.push_str(&format!("{}: ", sec.title));
            }
            s.push_str(&sec.value);
            for (k, v) in &sec.rows {
                s.push_str(&format!(". {k}: {v}"));
            }
            if !sec.quote.is_empty() {
                s.push_str(&format!(". {}", sec.quote));
            }
            if !sec.source.is_empty() {
                s.push_str(&format!(" — {}", sec.source));
            }
        }
        s
    }
}

/// Where to put a tooltip of size `tip` (w, h) next to `anchor` (viewport px) so it stays
/// inside the viewport `view` (w, h): right of the bar, flipped left when it would overflow,
/// then clamped; vertically centred on the anchor, clamped likewise.
pub fn place(anchor: super::Rect, tip: (f64, f64), view: (f64, f64)) -> (f64, f64) {
    place_beside(anchor, tip, view, false)
}

/// [`place`], trying the left side first when `left_first`: a pointer moving right
/// across the bars then never runs into the tooltip of the bar it just left (the tooltip
/// takes the pointer, so that it can be read).
pub fn place_beside(
    anchor: super::Rect,
    tip: (f64, f64),
    view: (f64, f64),
    left_first: bool,
) -> (f64, f64) {
    const GAP: f64 = 10.0;
    const MARGIN: f64 = 4.0;
    let (tw, th) = (tip.0.max(0.0), tip.1.max(0.0));
    let (vw, vh) = (view.0.max(0.0), view.1.max(0.0));
    let right = anchor.right() + GAP;
    let left = anchor.x - GAP - tw;
    let fits_right = right + tw <= vw - MARGIN;
    let fits_left = left >= MARGIN;
    let mut x = match (left_first, fits_left, fits_right) {
        (true, true, _) | (_, true, false) => left,
        (_, _, true) => right,
        _ => left,
    };
    if x < MARGIN {
        // Neither side fits: centre over the anchor, then clamp.
        x = anchor.x + anchor.w / 2.0 - tw / 2.0;
    }
    let x = x.min(vw - MARGIN - tw).max(MARGIN);
    let y = (anchor.y + anchor.h / 2.0 - th / 2.0)
        .min(vh - MARGIN - th)
        .max(MARGIN);
    (x, y)
}

/// A tooltip placed as a panel that never covers `anchor` (viewport px), for touch and
/// wherever [`place`] would cover the bar: `(x, y, max_height)`. Below the anchor if the
/// panel `tip` (w, h) fits there, else above it if it fits there, else on the roomier side
/// with its height capped to the room (its content then scrolls). Horizontally centred on
/// the anchor and kept inside the viewport `view`.
pub fn place_clear(anchor: super::Rect, tip: (f64, f64), view: (f64, f64)) -> (f64, f64, f64) {
    const GAP: f64 = 8.0;
    const MARGIN: f64 = 4.0;
    let (tw, th) = (tip.0.max(0.0), tip.1.max(0.0));
    let (vw, vh) = (view.0.max(0.0), view.1.max(0.0));
    let x = (anchor.x + anchor.w / 2.0 - tw / 2.0)
        .min(vw - MARGIN - tw)
        .max(MARGIN);
    let below = vh - MARGIN - (anchor.bottom() + GAP);
    let above = anchor.y - GAP - MARGIN;
    if th <= below {
        (x, anchor.bottom() + GAP, below)
    } else if th <= above {
        (x, anchor.y - GAP - th, above)
    } else if below >= above {
        (x, anchor.bottom() + GAP, below.max(0.0))
    } else {
        (x, MARGIN, above.max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Rect;
    use super::*;
    use crate::data::Dataset;

    fn inside(p: (f64, f64), tip: (f64, f64), view: (f64, f64)) -> bool {
        p.0 >= 0.0 && p.1 >= 0.0 && p.0 + tip.0 <= view.0 && p.1 + tip.1 <= view.1
    }

    #[test]
    fn a_buttons_brief_name_is_the_full_tooltips_spoken_name() {
        use crate::model::{layout, ChartKind, ChartOptions, RegionSel, View};
        let paired = Dataset::from_json(include_str!("../../tests/fixtures/paired.json")).unwrap();
        let embedded = Dataset::embedded().unwrap();
        let mut checked = 0;
        for (ds, regions) in [
            (embedded, vec!["mien-trung-tay-nguyen", "phia-nam"]),
            (&paired, vec!["tinh-x"]),
        ] {
            for region in regions {
                for kind in [ChartKind::Funding, ChartKind::Activities] {
                    for view in [View::Amounts, View::Share] {
                        for lang in [Lang::Vi, Lang::En] {
                            let mut opts =
                                ChartOptions::new(kind, RegionSel::One(region.into()), lang);
                            opts.view = view;
                            let scene = layout(ds, &opts, 480.0);
                            for hit in 0..scene.hits.len() {
                                let full =
                                    Tooltip::for_hit(ds, &scene, hit, lang).map(|t| t.spoken());
                                assert_eq!(Tooltip::spoken_for_hit(ds, &scene, hit, lang), full);
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "{checked} names compared");
    }

    #[test]
    fn tooltip_stays_in_the_viewport_at_every_edge() {
        let view = (360.0, 640.0);
        let tip = (280.0, 200.0);
        for anchor in [
            Rect::new(0.0, 300.0, 20.0, 40.0),   // left edge
            Rect::new(340.0, 300.0, 20.0, 40.0), // right edge
            Rect::new(170.0, 0.0, 20.0, 10.0),   // top
            Rect::new(170.0, 630.0, 20.0, 10.0), // bottom
            Rect::new(-50.0, -50.0, 10.0, 10.0), // scrolled away
        ] {
            let p = place(anchor, tip, view);
            assert!(inside(p, tip, view), "{anchor:?} -> {p:?}");
        }
        // Flips to the left of a bar near the right edge.
        let p = place(Rect::new(330.0, 300.0, 20.0, 40.0), (100.0, 50.0), view);
        assert!(p.0 + 100.0 <= 330.0, "{p:?}");
        // Behind a pointer moving right: left of the bar where it fits, else right.
        let bar = Rect::new(200.0, 300.0, 20.0, 40.0);
        let p = place_beside(bar, (100.0, 50.0), view, true);
        assert!(p.0 + 100.0 <= 200.0, "{p:?}");
        let p = place_beside(
            Rect::new(40.0, 300.0, 20.0, 40.0),
            (100.0, 50.0),
            view,
            true,
        );
        assert!(p.0 >= 60.0, "no room on the left: right of the bar, {p:?}");
        assert_eq!(
            place_beside(bar, (100.0, 50.0), view, false),
            place(bar, (100.0, 50.0), view)
        );
    }

    #[test]
    fn derived_amounts_are_rounded_and_formulas_use_the_readers_notation() {
        let ds = Dataset::embedded().unwrap();
        let f = ds.figure("mttn-2016-12m-total_funding-plan").unwrap();
        assert_eq!(value_words(ds, f, Lang::Vi), "khoảng 40,0 tỷ đồng");
        assert_eq!(value_words(ds, f, Lang::En), "about VND 40.0 billion");
        assert_eq!(formula_words("48331 / 1.2085", Lang::Vi), "48.331 : 1,2085");
        assert_eq!(formula_words("48331 - 23600", Lang::En), "48,331 − 23,600");
        // A difference of stated amounts is exact.
        let f = ds.figure("mttn-2017-12m-local_funding-plan").unwrap();
        assert_eq!(
            value_words(ds, f, Lang::Vi),
            "24,73 tỷ đồng (24.731 triệu đồng)"
        );
        let f = ds
            .figure("mttn-2020-6m-consulting_revenue_rate-actual")
            .unwrap();
        assert_eq!(value_words(ds, f, Lang::Vi), "khoảng 47,7 %");
    }

    #[test]
    fn a_columns_tooltip_holds_every_bar_total_first_without_file_names_or_signs() {
        let ds = Dataset::embedded().unwrap();
        let opts = crate::model::ChartOptions::new(
            crate::model::ChartKind::Funding,
            crate::model::RegionSel::One("mien-trung-tay-nguyen".into()),
            Lang::Vi,
        );
        let scene = crate::model::layout(ds, &opts, 360.0);
        let total = ds
            .figures
            .iter()
            .position(|f| f.id == "mttn-2017-12m-total_funding-plan")
            .unwrap();
        let hit = scene.hits.iter().position(|h| h.figure == total).unwrap();
        let t = Tooltip::for_hit(ds, &scene, hit, Lang::Vi).unwrap();
        let titles: Vec<&str> = t.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles[0], "Kế hoạch cả năm", "{titles:?}");
        assert!(
            titles
                .iter()
                .any(|s| s.starts_with("Trong đó: kinh phí khuyến công quốc gia")),
            "{titles:?}"
        );
        assert!(
            titles
                .iter()
                .any(|s| s.starts_with("Trong đó: kinh phí khuyến công địa phương")),
            "{titles:?}"
        );
        let text = t.plain_text();
        assert!(!text.contains(".txt"), "{text}");
        for s in &t.sections {
            assert!(
                !s.value.contains('*') && !s.value.contains('?'),
                "{}",
                s.value
            );
        }
        assert!(text.contains("số tính ra"), "{text}");
    }

    #[test]
    fn a_clear_panel_never_covers_its_bar() {
        let view = (360.0, 740.0);
        for y in (-100..900).step_by(37) {
            for h in [4.0, 40.0, 180.0, 320.0] {
                for th in [120.0, 300.0, 600.0, 2000.0] {
                    let bar = Rect::new(150.0, f64::from(y), 40.0, h);
                    let (x, ty, max_h) = place_clear(bar, (352.0, th), view);
                    let shown = Rect::new(x, ty, 352.0, th.min(max_h));
                    assert!(!shown.intersects(&bar), "bar {bar:?}: panel {shown:?}");
                    assert!(x >= 0.0 && x + 352.0 <= 360.0, "{x}");
                }
            }
        }
    }

    #[test]
    fn tooltip_text_for_a_known_figure() {
        let ds = Dataset::embedded().unwrap();
        let i = ds
            .figures
            .iter()
            .position(|f| f.id == "mttn-2017-12m-total_funding-plan")
            .unwrap();
        let t = Tooltip::for_figure(ds, i, crate::data::Lang::Vi).unwrap();
        assert_eq!(t.sections[0].value, "48,33 tỷ đồng (48.331 triệu đồng)");
        assert!(t.sections[0]
            .rows
            .contains(&("Kỳ".to_string(), "năm 2017".to_string())));
        assert!(t.sections[0].quote.contains("48.331 triệu đồng"));
        let j = ds
            .figures
            .iter()
            .position(|f| f.id.starts_with("mttn-2017-6m-fair_booths"))
            .unwrap();
        let t = Tooltip::for_figure(ds, j, crate::data::Lang::En).unwrap();
        assert_eq!(t.sections[0].value, "more than 1,036");
        assert!(t.plain_text().contains("first 6 months of 2017"));
    }
}
