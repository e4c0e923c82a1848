//! Annotations on a chart: the dataset's notes and the ones the data implies (a run of
//! missing years, a part-year figure beside full years), placed as callouts with a leader
//! line to their bar, column or panel where there is room, and otherwise collapsed into
//! a numbered marker with the text listed under the chart.
//!
//! Placement works on what a layout has already drawn: every bar, label, axis and
//! comparison line is an obstacle, and a callout, its leader or a marker may cover none
//! of them. The same notes feed the accessible layer (one stop each, before the bars),
//! the summary and the data table, through [`notes`] and [`Scene::notes`].

use super::layout::{Builder, TextStyle, PAD};
use super::scene::{HAlign, Mark, Rect, VAlign};
use super::{funding, theme, ChartKind, ChartOptions};
use crate::data::{AnnotationTarget, Basis, Dataset, LabelPosition, Lang};

/// What a note is attached to, resolved against the dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    /// One figure's bar (index into `figures`).
    Figure(usize),
    /// A region's year: the column (or first row) showing it.
    Period(String, i32),
    /// Every bar of a measure.
    Measure(String),
    /// Missing years of a funding panel (`SECTIONS` index, first and last year).
    Gap(usize, i32, i32),
}

/// One note, worded for the chart's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Index into the dataset's `annotations`; `None` for a note the data implies.
    pub annotation: Option<usize>,
    pub anchor: Anchor,
    pub text: String,
    pub position: LabelPosition,
}

impl Note {
    pub fn generated(&self) -> bool {
        self.annotation.is_none()
    }
}

/// A placed note, for the accessible layer and the table: what it says and where.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteHit {
    pub text: String,
    /// The callout box, the numbered marker, or (collapsed without a marker, or said
    /// under the axis) the words that say it.
    pub rect: Rect,
    /// What it is attached to (a bar, a column, a panel's bars).
    pub anchor: Rect,
    /// Its number in the list under the chart, if it was collapsed there.
    pub number: Option<usize>,
    pub generated: bool,
    pub placed: Placed,
}

/// How a note ended up on the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placed {
    /// A box with its text and a leader line from `from` (on the box) to `to` (the anchor).
    Callout { from: (f64, f64), to: (f64, f64) },
    /// A numbered marker by the anchor; the text is in the list under the chart.
    Marker,
    /// Only in the list under the chart (no room for a marker either).
    Listed,
    /// Said by the words under the axis (a generated note).
    Axis,
}

/// Words a layout drew under its axis that already say a generated note (the years of
/// a gap, a part-year bar's months): that note is then not drawn a second time.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisWords {
    pub anchor: Anchor,
    pub rect: Rect,
}

/// Every note of a chart, in reading order: the dataset's notes whose anchor the chart
/// draws, then the generated ones.
pub fn notes(ds: &Dataset, opts: &ChartOptions) -> Vec<Note> {
    match opts.kind {
        ChartKind::Funding => {
            let data = funding::FundingData::collect(ds, funding::chart_region(ds, opts));
            notes_of(ds, opts, Some(&data))
        }
        ChartKind::Activities => notes_of(ds, opts, None),
    }
}

/// [`notes`] of a funding chart from the figures it collected (`data`: collected once
/// per layout, not once per use), or of an activities chart (`None`).
pub(crate) fn notes_of(
    ds: &Dataset,
    opts: &ChartOptions,
    data: Option<&funding::FundingData>,
) -> Vec<Note> {
    let lang = opts.lang;
    let shown = match data {
        Some(d) => d.figures(),
        None => super::table::chart_figures(ds, opts),
    };
    let on_chart = |i: usize| shown.contains(&i);
    let mut out = Vec::new();
    for (k, a) in ds.annotations.iter().enumerate() {
        let anchor = match &a.target {
            AnnotationTarget::Figure(id) => match ds.figures.iter().position(|f| &f.id == id) {
                Some(i) if on_chart(i) => Anchor::Figure(i),
                _ => continue,
            },
            AnnotationTarget::Period { region, year } => {
                let id = ds.region_id(region);
                let drawn = shown.iter().any(|i| {
                    ds.figures
                        .get(*i)
                        .is_some_and(|f| ds.region_id_of(f) == id && f.year == *year)
                });
                if !drawn {
                    continue;
                }
                Anchor::Period(region.clone(), *year)
            }
            AnnotationTarget::Measure(m) => {
                let id = ds.measure_id(m);
                let drawn = shown.iter().any(|i| {
                    ds.figures
                        .get(*i)
                        .is_some_and(|f| ds.measure_id_of(f) == id)
                });
                if !drawn {
                    continue;
                }
                Anchor::Measure(m.clone())
            }
        };
        out.push(Note {
            annotation: Some(k),
            anchor,
            text: a.text.get(lang).to_string(),
            position: a.position,
        });
    }
    if let Some(d) = data.filter(|_| opts.kind == ChartKind::Funding) {
        out.extend(generated_funding(ds, opts, d));
    }
    out
}

/// The notes a funding chart's data implies: each run of missing years between two years
/// with figures, and each part-year (striped) bar, which reads as short beside full years.
fn generated_funding(ds: &Dataset, opts: &ChartOptions, data: &funding::FundingData) -> Vec<Note> {
    let lang = opts.lang;
    let mut out = Vec::new();
    for section in 0..funding::SECTIONS.len() {
        let what = funding::SECTIONS
            .get(section)
            .and_then(|m| ds.measure(m))
            .map(|m| m.name.get(lang))
            .unwrap_or("");
        let groups: Vec<&funding::Group> = data
            .groups
            .iter()
            .filter(|g| g.section == section)
            .collect();
        for w in groups.windows(2) {
            let (a, b) = (w[0].year, w[1].year);
            // Saturating: a page's dataset may hold any year the schema allows.
            let (next, last) = (a.saturating_add(1), b.saturating_sub(1));
            if b > next {
                let years = if next == last {
                    next.to_string()
                } else {
                    format!("{next}–{last}")
                };
                out.push(Note {
                    annotation: None,
                    anchor: Anchor::Gap(section, next, last),
                    text: match lang {
                        Lang::Vi => format!(
                            "{what}: không có số liệu năm {years}; các bài viết không nêu số nào, nên trục thời gian để trống."
                        ),
                        Lang::En => format!(
                            "{what}: no figures for {years}; the articles give none, so the time axis is left empty there."
                        ),
                    },
                    position: LabelPosition::Below,
                });
            }
        }
        let bars: Vec<usize> = groups
            .iter()
            .flat_map(|g| &g.bars)
            .map(|b| b.figure)
            .collect();
        for i in bars {
            let Some(f) = ds.figures.get(i) else { continue };
            if !f.is_partial_year() || f.basis != Basis::Actual {
                continue;
            }
            out.push(Note {
                annotation: None,
                anchor: Anchor::Figure(i),
                text: match lang {
                    Lang::Vi => format!(
                        "{what}, năm {}: cột kẻ sọc chỉ là số {} tháng đầu năm, chưa phải cả năm.",
                        f.year, f.months
                    ),
                    Lang::En => format!(
                        "{what}, {}: the striped bar covers only the first {} months, not the whole year.",
                        f.year, f.months
                    ),
                },
                position: LabelPosition::Auto,
            });
        }
    }
    out
}

const SIZE: f64 = 11.0;
const LINE_H: f64 = 14.0;
/// Padding inside a callout box.
const INSET: f64 = 5.0;
/// Free room kept around data marks and labels.
const CLEAR: f64 = 3.0;
const MARKER: f64 = 16.0;
/// Notes sought a place on the chart; the rest go straight to the list (a dataset may
/// hold a thousand, and each search is bounded but not free).
const MAX_ON_CHART: usize = 24;
/// Bars of a measure a measure's note is sought around.
const MAX_PARTS: usize = 8;

/// The box a text mark covers (estimated like every other label).
pub fn text_box(t: &super::scene::TextMark) -> Rect {
    let w = theme::text_width(&t.text, t.size) * if t.bold { 1.08 } else { 1.0 };
    let h = t.size * 1.25;
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
    Rect::new(x, y, w, h)
}

/// What a note may not cover: every rect (bars, swatches), every text, every line
/// except the light grid.
pub fn obstacles(marks: &[Mark]) -> Vec<Rect> {
    marks
        .iter()
        .filter_map(|m| match m {
            Mark::Rect { rect, .. } => Some(*rect),
            Mark::Text(t) => Some(text_box(t)),
            Mark::Line {
                from, to, color, ..
            } if *color != theme::GRID => {
                let (x, y) = (from.0.min(to.0), from.1.min(to.1));
                Some(Rect::new(
                    x - 0.5,
                    y - 0.5,
                    (from.0 - to.0).abs() + 1.0,
                    (from.1 - to.1).abs() + 1.0,
                ))
            }
            Mark::Line { .. } => None,
        })
        .filter(|r| r.w.is_finite() && r.h.is_finite())
        .collect()
}

/// Whether the segment from `a` to `b` passes through `r` (Liang–Barsky clipping).
pub fn segment_hits(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - r.x),
        (dx, r.right() - a.0),
        (-dy, a.1 - r.y),
        (dy, r.bottom() - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    // Touching at a corner or an edge only is not passing through.
    t1 - t0 > 1e-6
}

fn grown(r: &Rect, by: f64) -> Rect {
    Rect::new(r.x - by, r.y - by, r.w + 2.0 * by, r.h + 2.0 * by)
}

/// The box of what `anchor` points at in a laid-out chart, if it is drawn.
fn anchor_rect(ds: &Dataset, b: &Builder, anchor: &Anchor, axis: &[AxisWords]) -> Option<Rect> {
    let rings = || b.hits.iter().flat_map(|h| h.rings.iter());
    let union = |rs: &mut dyn Iterator<Item = Rect>| {
        let first = rs.next()?;
        Some(rs.fold(first, |acc, r| acc.union(&r)))
    };
    match anchor {
        Anchor::Figure(i) => rings().find(|(_, f)| f == i).map(|(r, _)| *r).or_else(|| {
            b.hits
                .iter()
                .find(|h| h.figures().contains(i))
                .map(|h| h.rect)
        }),
        Anchor::Period(region, year) => {
            let id = ds.region_id(region);
            let of = |i: &usize| {
                ds.figures
                    .get(*i)
                    .is_some_and(|f| ds.region_id_of(f) == id && f.year == *year)
            };
            let hit = b.hits.iter().find(|h| h.figures().iter().any(of))?;
            let mut rs = hit.rings.iter().filter(|(_, f)| of(f)).map(|(r, _)| *r);
            union(&mut rs).or(Some(hit.rect))
        }
        Anchor::Measure(m) => {
            let id = ds.measure_id(m);
            let mut rs = rings()
                .filter(|(_, f)| {
                    ds.figures
                        .get(*f)
                        .is_some_and(|x| ds.measure_id_of(x) == id)
                })
                .map(|(r, _)| *r);
            union(&mut rs)
        }
        Anchor::Gap(..) => axis.iter().find(|w| &w.anchor == anchor).map(|w| w.rect),
    }
}

/// What a leader may point at: each bar of a measure (never the empty space between
/// them), else the anchor itself.
fn anchor_parts(ds: &Dataset, b: &Builder, anchor: &Anchor, a: &Rect) -> Vec<Rect> {
    match anchor {
        Anchor::Measure(m) => {
            let id = ds.measure_id(m);
            b.hits
                .iter()
                .flat_map(|h| h.rings.iter())
                .filter(|(_, f)| {
                    ds.figures
                        .get(*f)
                        .is_some_and(|x| ds.measure_id_of(x) == id)
                })
                .map(|(r, _)| *r)
                // The first few: enough to find room, bounded for a long series.
                .take(MAX_PARTS)
                .collect()
        }
        _ => vec![*a],
    }
}

/// Whether `note`'s anchor is drawn on the chart `b` so far (a generated note about a
/// bar or gap another view does not draw says nothing here).
pub fn anchored(b: &Builder, ds: &Dataset, note: &Note) -> bool {
    anchor_rect(ds, b, &note.anchor, &b.axis_words).is_some()
}

/// Places every note on the chart `b` has drawn so far (call it before the footer):
/// a callout with a leader where there is room, else a numbered marker at the anchor
/// and the text in a list under the chart. Records each in `b.notes`.
pub fn place(b: &mut Builder, ds: &Dataset, notes: &[Note], lang: Lang) {
    if notes.is_empty() {
        return;
    }
    let axis = std::mem::take(&mut b.axis_words);
    let mut blocked = obstacles(&b.marks);
    blocked.extend(b.walls.iter().copied());
    // Callouts stay in the band of the plots: between the top of the first target and
    // the bottom of the last (never in the header, legend or footer).
    let band_top = b
        .hits
        .iter()
        .map(|h| h.rect.y)
        .fold(f64::INFINITY, f64::min);
    let band_bottom = b.hits.iter().map(|h| h.rect.bottom()).fold(0.0, f64::max);
    let (left, right) = (PAD, b.width - PAD);
    let mut listed: Vec<(usize, &Note, bool)> = Vec::new();
    for note in notes {
        // A generated note the axis already says: its words are its callout.
        let said = axis
            .iter()
            .find(|w| note.generated() && w.anchor == note.anchor);
        if let Some(w) = said {
            b.notes.push(NoteHit {
                text: note.text.clone(),
                rect: w.rect,
                anchor: anchor_rect(ds, b, &note.anchor, &axis).unwrap_or(w.rect),
                number: None,
                generated: note.generated(),
                placed: Placed::Axis,
            });
            continue;
        }
        let anchor = anchor_rect(ds, b, &note.anchor, &axis)
            .filter(|_| b.notes.len() + listed.len() < MAX_ON_CHART);
        let placed = anchor.filter(|_| band_top.is_finite()).and_then(|a| {
            let parts = anchor_parts(ds, b, &note.anchor, &a);
            let band = (band_top, band_bottom);
            let c = callout(note, &a, &parts, &blocked, (left, right), band);
            c.map(|(bx, lines, from, to, part)| (part, (bx, lines, from, to)))
        });
        match placed {
            Some((a, (bx, lines, from, to))) => {
                b.rect(bx, Some(theme::BACKGROUND), Some((theme::AXIS, 1.0)));
                for (k, line) in lines.iter().enumerate() {
                    b.text(
                        bx.x + INSET,
                        bx.y + INSET + k as f64 * LINE_H,
                        line.clone(),
                        SIZE,
                        TextStyle::top_left(theme::INK),
                    );
                }
                b.line(from, to, theme::MUTED, 1.0);
                blocked.push(bx);
                blocked.push(Rect::new(
                    from.0.min(to.0) - 0.5,
                    from.1.min(to.1) - 0.5,
                    (from.0 - to.0).abs() + 1.0,
                    (from.1 - to.1).abs() + 1.0,
                ));
                b.notes.push(NoteHit {
                    text: note.text.clone(),
                    rect: bx,
                    anchor: a,
                    number: None,
                    generated: note.generated(),
                    placed: Placed::Callout { from, to },
                });
            }
            None => {
                let number = listed.len() + 1;
                let marker = anchor.filter(|_| band_top.is_finite()).and_then(|a| {
                    marker_spot(&a, &blocked, (left, right), (band_top, band_bottom))
                        .map(|m| (a, m))
                });
                let has_marker = marker.is_some();
                if let Some((a, m)) = marker {
                    b.rect(m, Some(theme::INK), None);
                    b.text(
                        m.x + m.w / 2.0,
                        m.y + m.h / 2.0,
                        number.to_string(),
                        10.5,
                        TextStyle::new(theme::BACKGROUND, HAlign::Center, VAlign::Middle)
                            .bold(true),
                    );
                    blocked.push(m);
                    b.notes.push(NoteHit {
                        text: note.text.clone(),
                        rect: m,
                        anchor: a,
                        number: Some(number),
                        generated: note.generated(),
                        placed: Placed::Marker,
                    });
                }
                listed.push((number, note, has_marker));
            }
        }
    }
    if listed.is_empty() {
        return;
    }
    // The collapsed notes, numbered like their markers, under the chart.
    b.y += 4.0;
    b.paragraph(heading(lang), 11.5, true, theme::INK);
    for (number, note, has_marker) in listed {
        let top = b.y;
        let text = if has_marker {
            note.text.clone()
        } else {
            // No room for a marker: the note says what it is about.
            format!("{} {}", anchor_words(ds, &note.anchor, lang), note.text)
        };
        let indent = 22.0;
        let lines = theme::wrap(&text, SIZE, b.inner_width() - indent);
        let n = lines.len().max(1) as f64;
        let m = Rect::new(PAD, top, MARKER, MARKER);
        b.rect(m, Some(theme::INK), None);
        b.text(
            m.x + m.w / 2.0,
            m.y + m.h / 2.0,
            number.to_string(),
            10.5,
            TextStyle::new(theme::BACKGROUND, HAlign::Center, VAlign::Middle).bold(true),
        );
        for (k, line) in lines.into_iter().enumerate() {
            b.text(
                PAD + indent,
                top + 1.0 + k as f64 * LINE_H,
                line,
                SIZE,
                TextStyle::top_left(theme::INK),
            );
        }
        let rect = Rect::new(PAD, top, b.inner_width(), (n * LINE_H).max(MARKER));
        if !has_marker {
            b.notes.push(NoteHit {
                text: note.text.clone(),
                rect,
                anchor: rect,
                number: Some(number),
                generated: note.generated(),
                placed: Placed::Listed,
            });
        }
        b.y = rect.bottom() + 4.0;
    }
    b.y += 4.0;
}

/// The notes in one sentence of at most `room` characters for the summary: the dataset's
/// first, then the generated ones, each whole or not at all.
pub fn summary_sentence(ds: &Dataset, notes: &[Note], lang: Lang, room: usize) -> Option<String> {
    let lead = match lang {
        Lang::Vi => "Ghi chú trên biểu đồ: ",
        Lang::En => "Notes on the chart: ",
    };
    let mut parts: Vec<String> = Vec::new();
    // The sentence's length so far: the lead and the final full stop.
    let mut len = lead.chars().count() + 1;
    let authored = notes.iter().filter(|n| !n.generated());
    for n in authored.chain(notes.iter().filter(|n| n.generated())) {
        if len + 10 > room {
            break;
        }
        let part = format!(
            "{}: {}",
            anchor_short(ds, &n.anchor, lang),
            n.text.trim().trim_end_matches('.')
        );
        let add = part.chars().count() + if parts.is_empty() { 0 } else { 2 };
        if len + add <= room {
            len += add;
            parts.push(part);
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("{lead}{}.", parts.join("; ")))
}

/// What a note is about, inside a sentence: "kế hoạch năm 2017", "plan, 2017", "năm 2013".
fn anchor_short(ds: &Dataset, anchor: &Anchor, lang: Lang) -> String {
    use super::format;
    match anchor {
        Anchor::Figure(i) => ds
            .figures
            .get(*i)
            .map(|f| {
                let basis = super::table::lower_first(format::basis(f.basis, lang));
                match lang {
                    Lang::Vi => format!("{basis} {}", format::period(f.year, f.months, lang)),
                    Lang::En => format!("{basis}, {}", format::period(f.year, f.months, lang)),
                }
            })
            .unwrap_or_default(),
        Anchor::Period(_, y) => format::period(*y, 12, lang),
        Anchor::Measure(m) => super::table::lower_first(
            ds.measure(m)
                .map(|x| x.name.get(lang))
                .unwrap_or(m.as_str()),
        ),
        Anchor::Gap(_, a, z) if a == z => format::period(*a, 12, lang),
        Anchor::Gap(_, a, z) => format!("{a}–{z}"),
    }
}

/// The heading of the notes listed under a chart or its table.
pub fn heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Ghi chú trên biểu đồ",
        Lang::En => "Notes on the chart",
    }
}

/// Every note of a chart as a line for the table's foot: what it is about, the note,
/// and for the dataset's notes the sentence it rests on.
pub fn table_lines(ds: &Dataset, opts: &ChartOptions) -> Vec<String> {
    let lang = opts.lang;
    notes(ds, opts)
        .iter()
        .map(|n| {
            let mut line = format!("{} {}", anchor_words(ds, &n.anchor, lang), n.text);
            let quote = n
                .annotation
                .and_then(|k| ds.annotations.get(k))
                .and_then(|a| a.source.as_ref());
            if let Some(q) = quote {
                let src = ds
                    .source(&q.file)
                    .map(|s| super::tooltip::source_label(s, lang))
                    .unwrap_or_default();
                line.push_str(&format!(" (“{}” — {src})", q.quote));
            }
            line
        })
        .collect()
}

/// "2016:", "Tổng kinh phí khuyến công:": what a note listed without a marker is about.
pub fn anchor_words(ds: &Dataset, anchor: &Anchor, lang: Lang) -> String {
    match anchor {
        Anchor::Figure(i) => ds
            .figures
            .get(*i)
            .map(|f| {
                let m = ds.measure_of(f).map(|m| m.name.get(lang)).unwrap_or("");
                format!("{m}, {}:", super::format::period(f.year, f.months, lang))
            })
            .unwrap_or_default(),
        Anchor::Period(_, y) => format!("{y}:"),
        Anchor::Measure(m) => format!(
            "{}:",
            ds.measure(m)
                .map(|x| x.name.get(lang))
                .unwrap_or(m.as_str())
        ),
        Anchor::Gap(_, a, z) if a == z => format!("{a}:"),
        Anchor::Gap(_, a, z) => format!("{a}–{z}:"),
    }
}

/// The sides to try, the hinted one first.
fn sides(hint: LabelPosition) -> [LabelPosition; 4] {
    use LabelPosition::*;
    match hint {
        Below => [Below, Above, Right, Left],
        Left => [Left, Above, Right, Below],
        Right => [Right, Above, Left, Below],
        Above | Auto => [Above, Right, Left, Below],
    }
}

type Pt = (f64, f64);
/// The box, its lines, the leader (from the box, to the anchor) and the part it reaches.
type Callout = (Rect, Vec<String>, Pt, Pt, Rect);

/// A free box for the note's text near `a`, and a leader from the box to the anchor
/// that crosses nothing but the anchor itself.
fn callout(
    note: &Note,
    a: &Rect,
    parts: &[Rect],
    blocked: &[Rect],
    span: (f64, f64),
    band: (f64, f64),
) -> Option<Callout> {
    let avail = span.1 - span.0;
    // Narrow boxes first (they fit between bars), wider ones when nothing else does.
    for max_w in [150.0, 210.0, 280.0] {
        let max_w: f64 = max_w;
        if max_w > avail * 0.9 {
            continue;
        }
        let lines = theme::wrap(&note.text, SIZE, max_w - 2.0 * INSET);
        if lines.len() > 6 {
            continue;
        }
        let tw = lines
            .iter()
            .map(|l| theme::text_width(l, SIZE))
            .fold(0.0, f64::max);
        let (w, h) = (
            tw + 2.0 * INSET,
            lines.len() as f64 * LINE_H + 2.0 * INSET - 2.0,
        );
        // A measure's note is sought around each of its bars in turn.
        let around: Vec<Rect> = if parts.len() > 1 {
            parts.to_vec()
        } else {
            vec![*a]
        };
        for c in &around {
            let found = free_box(note.position, c, parts, (w, h), blocked, span, band);
            if let Some((bx, from, to, part)) = found {
                return Some((bx, lines, from, to, part));
            }
        }
    }
    None
}

/// A free spot for a numbered marker right by `a` (no leader needed).
fn marker_spot(a: &Rect, blocked: &[Rect], span: (f64, f64), band: (f64, f64)) -> Option<Rect> {
    free_box(
        LabelPosition::Above,
        a,
        &[],
        (MARKER, MARKER),
        blocked,
        span,
        band,
    )
    .map(|(r, ..)| r)
}

/// Searches outward from the anchor, side by side, for a box of `size` that covers no
/// obstacle and whose leader (when `leader`) crosses none.
fn free_box(
    hint: LabelPosition,
    a: &Rect,
    parts: &[Rect],
    size: (f64, f64),
    blocked: &[Rect],
    span: (f64, f64),
    band: (f64, f64),
) -> Option<(Rect, Pt, Pt, Rect)> {
    let leader = !parts.is_empty();
    let (w, h) = size;
    if w > span.1 - span.0 || h > band.1 - band.0 {
        return None;
    }
    let (cx, cy) = a.center();
    let reach = if leader { 220.0 } else { 60.0 };
    let step = 6.0;
    let steps = (reach / step) as i32;
    // Only what lies within reach of the anchor can be in the way.
    let area = grown(a, 2.0 * reach + w.max(h) + CLEAR);
    let near: Vec<Rect> = blocked
        .iter()
        .filter(|o| grown(o, CLEAR).intersects(&area))
        .copied()
        .collect();
    let blocked = &near[..];
    let fits = |r: &Rect| {
        r.x >= span.0
            && r.right() <= span.1
            && r.y >= band.0
            && r.bottom() <= band.1
            && !blocked.iter().any(|o| grown(o, CLEAR).intersects(r))
    };
    for side in sides(hint) {
        // Distance from the anchor, then the offset along its side, nearest first.
        for d in 0..=steps {
            let dist = 4.0 + d as f64 * step;
            for k in 0..=steps {
                for sign in [1.0, -1.0] {
                    if k == 0 && sign < 0.0 {
                        continue;
                    }
                    let off = sign * k as f64 * step;
                    let r = match side {
                        LabelPosition::Above | LabelPosition::Auto => {
                            Rect::new(cx - w / 2.0 + off, a.y - dist - h, w, h)
                        }
                        LabelPosition::Below => {
                            Rect::new(cx - w / 2.0 + off, a.bottom() + dist, w, h)
                        }
                        LabelPosition::Left => Rect::new(a.x - dist - w, cy - h / 2.0 + off, w, h),
                        LabelPosition::Right => {
                            Rect::new(a.right() + dist, cy - h / 2.0 + off, w, h)
                        }
                    };
                    if !fits(&r) {
                        continue;
                    }
                    if !leader {
                        return Some((r, (0.0, 0.0), (0.0, 0.0), *a));
                    }
                    if let Some((from, to, part)) = leader_for(&r, parts, blocked) {
                        return Some((r, from, to, part));
                    }
                }
            }
        }
    }
    None
}

/// A leader from the box's edge to a point on the edge of one of `parts` (the anchor,
/// or a measure's bars) that crosses no obstacle other than that part (and what lies
/// inside it): the shortest such, with the part it reaches.
fn leader_for(bx: &Rect, parts: &[Rect], blocked: &[Rect]) -> Option<(Pt, Pt, Rect)> {
    let mut best: Option<(f64, Pt, Pt, Rect)> = None;
    for a in parts {
        let (ax, ay) = a.center();
        let targets = [
            (ax, a.y),
            (a.x, ay.max(a.y + 4.0).min(a.bottom())),
            (a.right(), ay.max(a.y + 4.0).min(a.bottom())),
            (ax, a.bottom()),
        ];
        for to in targets {
            let from = (
                to.0.min(bx.right()).max(bx.x),
                to.1.min(bx.bottom()).max(bx.y),
            );
            let len = ((from.0 - to.0).powi(2) + (from.1 - to.1).powi(2)).sqrt();
            if best.is_some_and(|(l, ..)| l <= len) {
                continue;
            }
            // It meets the anchor at its end only, never runs along or through it.
            let pulled = if len > 3.0 {
                let k = 3.0 / len;
                (to.0 + (from.0 - to.0) * k, to.1 + (from.1 - to.1) * k)
            } else {
                from
            };
            if len < 4.0 || segment_hits(from, pulled, &grown(a, 1.0)) {
                continue;
            }
            let inner = grown(a, 0.5);
            let clear = blocked.iter().all(|o| {
                // The anchor and the marks inside it (its stripes, its national share).
                let inside = inner.x <= o.x
                    && inner.y <= o.y
                    && o.right() <= inner.right()
                    && o.bottom() <= inner.bottom();
                inside || !segment_hits(from, to, &grown(o, 1.0))
            });
            if clear {
                best = Some((len, from, to, *a));
            }
        }
    }
    best.map(|(_, f, t, a)| (f, t, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cross_boxes_they_pass_through_only() {
        let r = Rect::new(10.0, 10.0, 10.0, 10.0);
        assert!(segment_hits((0.0, 15.0), (30.0, 15.0), &r));
        assert!(segment_hits((15.0, 0.0), (15.0, 12.0), &r));
        assert!(!segment_hits((0.0, 0.0), (30.0, 5.0), &r));
        assert!(!segment_hits((0.0, 0.0), (9.0, 30.0), &r));
    }
}
