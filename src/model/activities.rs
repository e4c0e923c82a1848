//! Activity counts: one small panel per measure, each on its own scale, rows per period and region.

use super::layout::{BarStyle, Builder, LegendItem, LegendSwatch, TextStyle, PAD};
use super::scene::{BarHit, HAlign, Rect, Scene, VAlign};
use super::{format, theme, ChartOptions, Flag, RegionSel};
use crate::data::{Basis, Dataset, Figure, Lang, Unit};

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
    // Region order by id, looked up once per figure (custom data may have many regions).
    let order: std::collections::HashMap<&str, i64> = ds
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as i64))
        .collect();
    let region_pos = |id: &str| order.get(id).copied().unwrap_or(i64::MAX);
    let mut panels = Vec::new();
    for m in measures {
        let mut figs: Vec<usize> = ds
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.measure == m
                    && (!respect_hidden || opts.shows(f))
                    && f.unit == Unit::Count
                    && f.value.is_finite()
                    && opts.includes_region(&f.region)
            })
            .map(|(i, _)| i)
            .collect();
        super::sort_by_key4(&mut figs, |i| {
            ds.figures
                .get(*i)
                .map(|f| {
                    [
                        region_pos(&f.region),
                        i64::from(f.year),
                        i64::from(f.months),
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

fn row_label(ds: &Dataset, f: &Figure, all: bool, lang: Lang) -> String {
    let mut s = String::new();
    if all {
        let short = ds
            .region(&f.region)
            .map(|r| r.short.as_ref().unwrap_or(&r.name).get(lang).to_string())
            .unwrap_or_else(|| f.region.clone());
        s.push_str(&short);
        s.push(' ');
    }
    if f.basis == Basis::Plan {
        s.push_str(match lang {
            Lang::Vi => "KH ",
            Lang::En => "plan ",
        });
    }
    s.push_str(&format::period_short(f.year, f.months, lang));
    s
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
    match lang {
        Lang::Vi => (
            format!("Hoạt động khuyến công, {place}"),
            "Mô hình trình diễn, máy móc, hội chợ, đào tạo, hội thảo, tư vấn theo từng giai đoạn. Mỗi chỉ tiêu có thang đo riêng.".into(),
        ),
        Lang::En => (
            format!("Khuyến công activities, {place}"),
            "Demonstration models, machinery, fairs, training, workshops and consulting by period. Each measure has its own scale.".into(),
        ),
    }
}

pub fn layout(ds: &Dataset, opts: &ChartOptions, width: f64) -> Scene {
    let lang = opts.lang;
    let all = opts.region == RegionSel::All;
    let panels = collect(ds, opts, true);
    let listed = collect(ds, opts, false);
    let mut b = Builder::new(width);
    let (t, s) = title(ds, opts);
    b.header(&t, &s);

    let figs: Vec<&Figure> = listed
        .iter()
        .flat_map(|(_, v)| v)
        .filter_map(|i| ds.figures.get(*i))
        .collect();
    let mut legend = Vec::new();
    for (ri, r) in ds.regions.iter().enumerate() {
        if figs.iter().any(|f| f.region == r.id) && (all || legend.is_empty()) {
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
            .and_then(|f| ds.regions.iter().position(|r| r.id == f.region))
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

    let columns = if width >= 700.0 { 2 } else { 1 };
    let col_gap = 28.0;
    let col_w = (b.inner_width() - col_gap * (columns as f64 - 1.0)) / columns as f64;
    let mut col_y = vec![b.y; columns];
    let row_h = 22.0;
    let bar_h = 13.0;
    for (panel, (measure, rows)) in panels.iter().enumerate() {
        // Place each panel in the shorter column.
        let col = (0..columns)
            .min_by(|a, c| col_y[*a].total_cmp(&col_y[*c]))
            .unwrap_or(0);
        let cx = PAD + col as f64 * (col_w + col_gap);
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
        let labels: Vec<String> = rows
            .iter()
            .filter_map(|i| ds.figures.get(*i))
            .map(|f| row_label(ds, f, all, lang))
            .collect();
        let values: Vec<String> = rows
            .iter()
            .filter_map(|i| ds.figures.get(*i))
            .map(|f| super::flagged_label(f, format::number_trim(f.value, 2, lang)))
            .collect();
        let label_w = labels
            .iter()
            .map(|l| theme::text_width(l, 11.5))
            .fold(0.0, f64::max)
            .min(col_w * 0.42)
            + 8.0;
        let value_w = values
            .iter()
            .map(|v| theme::text_width(v, 11.5))
            .fold(0.0, f64::max)
            + 6.0;
        let bx0 = cx + label_w;
        let avail = (col_w - label_w - value_w).max(4.0);
        let max = rows
            .iter()
            .filter_map(|i| ds.figures.get(*i))
            .map(|f| f.value)
            .fold(0.0, f64::max);
        let max = if max > 0.0 { max } else { 1.0 };
        b.line(
            (bx0, y - 1.0),
            (bx0, y + row_h * rows.len() as f64 - 5.0),
            theme::AXIS,
            1.0,
        );
        for (row, ((i, label), value)) in rows.iter().zip(labels).zip(values).enumerate() {
            let Some(f) = ds.figures.get(*i) else {
                continue;
            };
            let ri = ds
                .regions
                .iter()
                .position(|r| r.id == f.region)
                .unwrap_or(0);
            let mid = y + row_h / 2.0 - 2.0;
            let label = theme::ellipsize(&label, 11.5, label_w - 6.0);
            b.text(
                bx0 - 6.0,
                mid,
                label,
                11.5,
                TextStyle::new(theme::MUTED, HAlign::Right, VAlign::Middle),
            );
            let len = (f.value.max(0.0) / max).min(1.0) * avail;
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
                11.5,
                TextStyle::new(theme::INK, HAlign::Left, VAlign::Middle),
            );
            // The whole row is the target: short bars stay easy to hit on touch.
            b.hits.push(BarHit {
                rect: Rect::new(bx0, mid - bar_h / 2.0, avail + value_w, bar_h),
                figure: *i,
                group: panel,
                series: row,
            });
            y += row_h;
        }
        if let Some(c) = col_y.get_mut(col) {
            *c = y + 12.0;
        }
    }
    b.y = col_y.iter().copied().fold(b.y, f64::max);

    let flags: Vec<Flag> = figs.iter().flat_map(|f| Flag::of(f)).collect();
    let files: Vec<&str> = figs.iter().map(|f| f.source.file.as_str()).collect();
    b.footer(ds, &flags, &files, lang);
    b.finish(false)
}
