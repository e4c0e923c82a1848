//! Activity counts: one small panel per measure, each on its own scale, rows per period and region.

use super::layout::{BarStyle, Builder, LegendItem, LegendSwatch, TextStyle, PAD};
use super::scale::{Band, Linear};
use super::scene::{BarHit, HAlign, Rect, Scene, VAlign};
use super::{format, theme, ChartOptions, Flag, RegionSel, Scale};
use crate::data::{Basis, Dataset, Figure, Id, Lang, Unit};

/// Preferred panel order; other count measures follow in dataset order.
pub const ORDER: [&str; 14] = [
    "demo_models",
    "machinery_facilities",
    "fairs_organised",
    "fair_participations",
    "fair_booths",
    "vocational_trainees",
    "management_trainees",
    "workshops",
    "workshop_attendees",
    "consulting_projects",
    "national_projects",
    "local_projects",
    "cluster_plans",
    "cluster_infrastructure",
];
/// Counts that describe the programme's means or recognition, not its activities.
pub const NOT_ACTIVITIES: [&str; 6] = [
    "total_projects",
    "centres_total",
    "consulting_centres",
    "units_with_cars",
    "awards_collectives",
    "awards_individuals",
];

/// Figures per panel, in display order.
pub fn collect(
    ds: &Dataset,
    opts: &ChartOptions,
    respect_hidden: bool,
) -> Vec<(String, Vec<usize>)> {
    let mut measures: Vec<&str> = ORDER.to_vec();
    for m in &ds.measures {
        if m.unit == Unit::Count
            && !measures.contains(&m.id.as_str())
            && !NOT_ACTIVITIES.contains(&m.id.as_str())
        {
            measures.push(m.id.as_str());
        }
    }
    // Regions and measures compared by position in the dataset (interned at load).
    let region_pos = |f: &Figure| ds.region_id_of(f).at().map_or(i64::MAX, |i| i as i64);
    let chosen = match &opts.region {
        RegionSel::All => None,
        RegionSel::One(r) => Some(ds.region_id(r)),
    };
    let mut panels = Vec::new();
    for m in measures {
        let want = ds.measure_id(m);
        let mut figs: Vec<usize> = ds
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                ds.measure_id_of(f) == want
                    && (!respect_hidden || opts.shows(f))
                    && f.unit == Unit::Count
                    && f.value.is_finite()
                    && chosen.is_none_or(|r| ds.region_id_of(f) == r)
            })
            .map(|(i, _)| i)
            .collect();
        super::sort_by_key4(&mut figs, |i| {
            ds.figures
                .get(*i)
                .map(|f| {
                    [
                        i64::from(f.year),
                        i64::from(f.months),
                        region_pos(f),
                        i64::from(f.basis == Basis::Actual),
                    ]
                })
                .unwrap_or_default()
        });
        if !figs.is_empty() {
            panels.push((m.to_string(), figs));
        }
    }
    panels
}

/// A value as drawn after its bar: "1.036", "> 1.036".
fn value_label(f: &Figure, lang: Lang) -> String {
    super::flagged_label(f, format::number_trim(f.value, 2, lang))
}

/// A row's label in words: "Miền Trung – Tây Nguyên, 6 tháng đầu năm 2017", "Kế hoạch năm 2014".
fn row_label(ds: &Dataset, f: &Figure, all: bool, lang: Lang) -> String {
    let mut s = String::new();
    if all {
        let name = ds
            .region_of(f)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| f.region.clone());
        s.push_str(&name);
        s.push_str(", ");
    }
    let period = format::period(f.year, f.months, lang);
    if f.basis == Basis::Plan {
        s.push_str(match lang {
            Lang::Vi => "kế hoạch ",
            Lang::En => "plan, ",
        });
    }
    s.push_str(&period);
    // Capitalised as a label.
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => s,
    }
}

pub fn title(ds: &Dataset, opts: &ChartOptions) -> (String, String) {
    let lang = opts.lang;
    let place = match &opts.region {
        RegionSel::All => match lang {
            Lang::Vi => "hai khu vực".to_string(),
            Lang::En => "both regions".to_string(),
        },
        RegionSel::One(r) => ds
            .region(r)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| r.clone()),
    };
    let shared = opts.scale == Scale::Shared;
    match lang {
        Lang::Vi => (
            format!("Hoạt động khuyến công {}", super::region_in_text(&place, lang)),
            if shared {
                "Mô hình trình diễn, máy móc, hội chợ, đào tạo, hội thảo, tư vấn theo từng giai đoạn. Mọi chỉ tiêu chung một thang đo (số lượng), ghi dưới mỗi khung: độ dài các thanh so sánh được giữa các khung."
            } else {
                "Mô hình trình diễn, máy móc, hội chợ, đào tạo, hội thảo, tư vấn theo từng giai đoạn. Mỗi chỉ tiêu có thang đo riêng, ghi dưới khung."
            }
            .into(),
        ),
        Lang::En => (
            format!("Khuyến công activities, {place}"),
            if shared {
                "Demonstration models, machinery, fairs, training, workshops and consulting by period. All measures share one scale (counts), shown under each panel: bar lengths compare across panels."
            } else {
                "Demonstration models, machinery, fairs, training, workshops and consulting by period. Each measure has its own scale, shown under it."
            }
            .into(),
        ),
    }
}

pub fn layout(ds: &Dataset, opts: &ChartOptions, width: f64) -> Scene {
    let lang = opts.lang;
    let all = opts.region == RegionSel::All;
    let panels = collect(ds, opts, true);
    let listed = collect(ds, opts, false);
    let mut b = Builder::new(width);
    b.min_target = opts.min_target();
    let (t, s) = title(ds, opts);
    b.header(&t, &s);

    let figs: Vec<&Figure> = listed
        .iter()
        .flat_map(|(_, v)| v)
        .filter_map(|i| ds.figures.get(*i))
        .collect();
    let mut legend = Vec::new();
    for (ri, r) in ds.regions.iter().enumerate() {
        let id = ds.region_id(&r.id);
        if figs.iter().any(|f| ds.region_id_of(f) == id) && (all || legend.is_empty()) {
            let label = if all {
                r.name.get(lang).to_string()
            } else {
                format::basis(Basis::Actual, lang).to_string()
            };
            let key = if all {
                format!("region:{}", r.id)
            } else {
                "actual".to_string()
            };
            legend.push(LegendItem {
                swatch: LegendSwatch::Bar(BarStyle::Actual, ri),
                label,
                hidden: opts.is_hidden(&key),
                key: Some(key),
            });
        }
    }
    // Swatches take the colour of the region whose rows they describe.
    let region_of = |pick: &dyn Fn(&Figure) -> bool| {
        figs.iter()
            .find(|f| pick(f))
            .and_then(|f| ds.region_id_of(f).at())
            .unwrap_or(0)
    };
    let plan_region = region_of(&|f| f.basis == Basis::Plan);
    let partial_region = region_of(&|f| f.basis == Basis::Actual && f.is_partial_year());
    if figs.iter().any(|f| f.basis == Basis::Plan) {
        let label = format::basis(Basis::Plan, lang).to_string();
        legend.push(LegendItem {
            swatch: LegendSwatch::Bar(BarStyle::Plan, plan_region),
            label,
            key: Some("plan".into()),
            hidden: opts.is_hidden("plan"),
        });
    }
    if figs
        .iter()
        .any(|f| f.basis == Basis::Actual && f.is_partial_year())
    {
        let label = match lang {
            Lang::Vi => "Chưa hết năm (số tháng ghi ở nhãn)",
            Lang::En => "Part of the year (months in the label)",
        };
        legend.push(LegendItem {
            swatch: LegendSwatch::Bar(BarStyle::ActualPartial, partial_region),
            label: label.into(),
            key: None,
            hidden: false,
        });
    }
    if !legend.is_empty() {
        b.legend(&legend);
    }
    if panels.is_empty() {
        let msg = match lang {
            Lang::Vi => "Không có số liệu hoạt động cho lựa chọn này.",
            Lang::En => "No activity figures for this selection.",
        };
        b.paragraph(msg, 13.0, false, theme::MUTED);
    }

    // Counts → `Linear` along each row, panels → a band per column, rows → a band each.
    let columns = if width >= 700.0 { 2 } else { 1 };
    let cols = Band::equal(columns)
        .padding(28.0, 0.0)
        .fit(PAD, b.inner_width());
    let col_w = cols.width(0);
    let mut col_y = vec![b.y; columns];
    let bar_h = 13.0;
    let label_size = 11.5;
    let line_h = 14.0;
    // Labels wrap in their column (never cut); the bars get the rest.
    let label_w = (col_w * 0.42).max(60.0);
    let value_w = |figs: &mut dyn Iterator<Item = &Figure>| {
        figs.map(|f| theme::text_width(&value_label(f, lang), label_size))
            .fold(0.0, f64::max)
            + 6.0
    };
    // One scale for every panel of a unit (activities are all counts): the largest
    // figure and the room the widest value label leaves, so a unit is as long everywhere.
    let shared = (opts.scale == Scale::Shared).then(|| {
        let all = || {
            panels
                .iter()
                .flat_map(|(_, v)| v)
                .filter_map(|i| ds.figures.get(*i))
        };
        let max = all().map(|f| f.value).fold(0.0, f64::max);
        (max, (col_w - label_w - value_w(&mut all())).max(4.0))
    });
    for (panel, (measure, rows)) in panels.iter().enumerate() {
        // Place each panel in the shorter column.
        let col = (0..columns)
            .min_by(|a, c| col_y[*a].total_cmp(&col_y[*c]))
            .unwrap_or(0);
        let cx = cols.start(col);
        let mut y = col_y.get(col).copied().unwrap_or(b.y);
        let name = ds
            .measure(measure)
            .map(|m| m.name.get(lang).to_string())
            .unwrap_or_else(|| measure.clone());
        for line in theme::wrap(&name, 12.5 * 1.08, col_w) {
            b.text(
                cx,
                y,
                line,
                12.5,
                TextStyle::top_left(theme::INK).bold(true),
            );
            y += 16.0;
        }
        y += 2.0;
        let figs_of: Vec<&Figure> = rows.iter().filter_map(|i| ds.figures.get(*i)).collect();
        let values: Vec<String> = figs_of.iter().map(|f| value_label(f, lang)).collect();
        let wrapped: Vec<Vec<String>> = figs_of
            .iter()
            .map(|f| theme::wrap(&row_label(ds, f, all, lang), label_size, label_w - 8.0))
            .collect();
        let bx0 = cx + label_w;
        let (max, avail) = shared.unwrap_or_else(|| {
            let max = figs_of.iter().map(|f| f.value).fold(0.0, f64::max);
            let own = value_w(&mut figs_of.iter().copied());
            (max, (col_w - label_w - own).max(4.0))
        });
        // Capped: the top tick of a scale near f64::MAX would overflow to ∞.
        let scale =
            Linear::nice(if max > 0.0 { max } else { 1.0 }, 3, 1.0, max).rightward(bx0, avail);
        // A lone figure has nothing to be compared with: a number, not a full-width bar.
        // On a shared scale it is a bar: it compares with the other panels.
        let single = figs_of.len() == 1 && shared.is_none();
        let rows_top = y;
        // Every row is a target of at least 24 CSS px (44 on a kiosk), as tall as its
        // label's lines: a band each, in px.
        let mut bands = Band::default();
        for lines in &wrapped {
            bands.push((lines.len() as f64 * line_h + 8.0).max(opts.min_target() + 2.0));
        }
        let bands = bands.by_unit(rows_top, 1.0);
        for (row, ((i, lines), value)) in rows.iter().zip(&wrapped).zip(values).enumerate() {
            let Some(f) = ds.figures.get(*i) else {
                continue;
            };
            let ri = ds.region_id_of(f).at().unwrap_or(0);
            let (y, row_h, mid) = (bands.start(row), bands.width(row), bands.centre(row));
            let first = mid - (lines.len() as f64 - 1.0) * line_h / 2.0;
            for (k, line) in lines.iter().enumerate() {
                b.text(
                    bx0 - 8.0,
                    first + k as f64 * line_h,
                    line.clone(),
                    label_size,
                    TextStyle::new(theme::MUTED, HAlign::Right, VAlign::Middle),
                );
            }
            let ring = if single {
                let w = theme::text_width(&value, 13.0);
                b.text(
                    bx0,
                    mid,
                    value,
                    13.0,
                    TextStyle::new(theme::INK, HAlign::Left, VAlign::Middle).bold(true),
                );
                Rect::new(bx0 - 2.0, mid - 9.0, w * 1.08 + 4.0, 18.0)
            } else {
                let len = scale.len(f.value);
                let r = Rect::new(bx0, mid - bar_h / 2.0, len.max(1.0), bar_h);
                let style = match f.basis {
                    Basis::Plan => BarStyle::Plan,
                    Basis::Actual if f.is_partial_year() => BarStyle::ActualPartial,
                    Basis::Actual => BarStyle::Actual,
                };
                b.bar(r, style, theme::palette(ri));
                b.text(
                    r.right() + 5.0,
                    mid,
                    value,
                    label_size,
                    TextStyle::new(theme::INK, HAlign::Left, VAlign::Middle),
                );
                r
            };
            // The whole row (label, bar, value) is the target.
            b.hits.push(BarHit {
                rect: Rect::new(cx, y, col_w, row_h),
                figure: *i,
                group: panel,
                series: row,
                members: Vec::new(),
                rings: vec![(ring, *i)],
            });
        }
        y = bands.end();
        if !single {
            // The panel's own scale, visible: its axis line, ticks and their numbers.
            b.line((bx0, rows_top), (bx0, y), theme::AXIS, 1.0);
            b.line((bx0, y), (bx0 + avail, y), theme::AXIS, 1.0);
            for t in scale.ticks.iter().filter(|t| scale.places(**t)) {
                let tx = scale.at(*t);
                b.line((tx, y), (tx, y + 3.0), theme::AXIS, 1.0);
                b.text(
                    tx,
                    y + 4.0,
                    format::number_trim(*t, 2, lang),
                    10.0,
                    TextStyle::new(theme::MUTED, HAlign::Center, VAlign::Top),
                );
            }
            y += 16.0;
            if shared.is_some() {
                let caption = match lang {
                    Lang::Vi => "Thang đo chung cho mọi khung",
                    Lang::En => "One scale for every panel",
                };
                // Under the axis, from its start where it fits, else from the column's.
                let x = if theme::text_width(caption, 10.0) <= cx + col_w - bx0 {
                    bx0
                } else {
                    cx
                };
                for line in theme::wrap(caption, 10.0, cx + col_w - x) {
                    b.text(x, y, line, 10.0, TextStyle::top_left(theme::MUTED));
                    y += 13.0;
                }
                y += 1.0;
            }
        }
        if let Some(c) = col_y.get_mut(col) {
            *c = y + 14.0;
        }
    }
    b.y = col_y.iter().copied().fold(b.y, f64::max);

    let flags: Vec<Flag> = figs.iter().filter_map(|f| super::label_sign(f)).collect();
    let files: Vec<Id> = figs.iter().map(|f| ds.source_id_of(f)).collect();
    super::annotate::place(&mut b, ds, &super::annotate::notes(ds, opts), lang);
    b.footer(ds, &flags, &files, lang);
    b.finish(false)
}
