//! Funding chart: planned versus spent, by period, national/local split, execution rates.

use super::layout::{nice_ticks, BarStyle, Builder, LegendItem, LegendSwatch, TextStyle, PAD};
use super::scene::{BarHit, HAlign, Rect, Scene, VAlign};
use super::{format, theme, ChartOptions, Flag, RegionSel};
use crate::data::{Basis, Dataset, Figure, Lang, Unit};

/// Money measures drawn as bar sections, in order. Each gets its own part of the x axis.
pub const SECTIONS: [&str; 2] = ["total_funding", "consulting_revenue"];
/// Shares of a total bar, stacked bottom-up inside it.
pub const NATIONAL: &str = "national_funding";
pub const LOCAL: &str = "local_funding";
/// Execution rates drawn as progress gauges against time elapsed.
pub fn is_rate(measure: &str) -> bool {
    measure.ends_with("_rate")
}

/// A figure placed as a bar, with the split of its total where known.
#[derive(Debug, Clone)]
pub struct PlacedBar {
    pub figure: usize,
    pub national: Option<usize>,
    pub local: Option<usize>,
}

/// One period on the x axis of one section.
#[derive(Debug, Clone)]
pub struct Group {
    pub section: usize,
    pub year: i32,
    pub bars: Vec<PlacedBar>,
}

/// The figures the funding chart shows for a region, before layout.
#[derive(Debug, Clone, Default)]
pub struct FundingData {
    pub region_index: usize,
    pub groups: Vec<Group>,
    pub rates: Vec<usize>,
}

impl FundingData {
    pub fn collect(ds: &Dataset, region: &str) -> FundingData {
        use std::collections::HashMap;
        let region_index = ds.regions.iter().position(|r| r.id == region).unwrap_or(0);
        let of_region = |f: &&Figure| f.region == region && f.value.is_finite();
        // Shares of a total, keyed by what must match: measure, year, months, basis.
        let mut shares: HashMap<(&str, i32, u8, Basis), usize> = HashMap::new();
        for (i, f) in ds.figures.iter().enumerate() {
            if of_region(&f) && (f.measure == NATIONAL || f.measure == LOCAL) {
                shares
                    .entry((f.measure.as_str(), f.year, f.months, f.basis))
                    .or_insert(i);
            }
        }
        let mut groups: Vec<Group> = Vec::new();
        for (section, measure) in SECTIONS.iter().enumerate() {
            let mut figs: Vec<(usize, &Figure)> = ds
                .figures
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    of_region(f) && f.measure == *measure && f.unit == Unit::MillionVnd
                })
                .collect();
            super::sort_by_key4(&mut figs, |(_, f)| {
                [
                    i64::from(f.year),
                    i64::from(f.basis == Basis::Actual),
                    -i64::from(f.months),
                    0,
                ]
            });
            let mut by_year: HashMap<i32, usize> = HashMap::new();
            for (i, f) in figs {
                let share = |m: &'static str| shares.get(&(m, f.year, f.months, f.basis)).copied();
                let (national, local) = if *measure == "total_funding" {
                    (share(NATIONAL), share(LOCAL))
                } else {
                    (None, None)
                };
                let bar = PlacedBar {
                    figure: i,
                    national,
                    local,
                };
                match by_year.get(&f.year).and_then(|gi| groups.get_mut(*gi)) {
                    Some(g) => g.bars.push(bar),
                    None => {
                        by_year.insert(f.year, groups.len());
                        groups.push(Group {
                            section,
                            year: f.year,
                            bars: vec![bar],
                        });
                    }
                }
            }
        }
        let mut rates: Vec<usize> = ds
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| of_region(f) && is_rate(&f.measure) && f.unit == Unit::Percent)
            .map(|(i, _)| i)
            .collect();
        super::sort_by_key4(&mut rates, |i| {
            ds.figures
                .get(*i)
                .map(|f| [i64::from(f.year), i64::from(f.months), 0, 0])
                .unwrap_or_default()
        });
        FundingData {
            region_index,
            groups,
            rates,
        }
    }

    /// Drops bars whose figure fails `keep` (legend toggles), and groups left empty.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        for g in &mut self.groups {
            g.bars.retain(|b| keep(b.figure));
        }
        self.groups.retain(|g| !g.bars.is_empty());
    }

    /// Every figure the chart draws, for the footer's source list and flags.
    pub fn figures(&self) -> Vec<usize> {
        let mut v: Vec<usize> = Vec::new();
        for g in &self.groups {
            for b in &g.bars {
                v.push(b.figure);
                v.extend(b.national);
                v.extend(b.local);
            }
        }
        v.extend(&self.rates);
        v
    }
}

fn style_of(f: &Figure) -> BarStyle {
    match f.basis {
        Basis::Plan => BarStyle::Plan,
        Basis::Actual if f.is_partial_year() => BarStyle::ActualPartial,
        Basis::Actual => BarStyle::Actual,
    }
}

fn coverage(f: &Figure, long: bool, lang: Lang) -> String {
    let full = f.months >= 12;
    match (f.basis, long, lang, full) {
        (Basis::Plan, true, Lang::Vi, true) => "kế hoạch cả năm".into(),
        (Basis::Plan, false, Lang::Vi, true) => "KH cả năm".into(),
        (Basis::Plan, true, Lang::Vi, false) => format!("kế hoạch {} tháng", f.months),
        (Basis::Plan, false, Lang::Vi, false) => format!("KH {} th.", f.months),
        (Basis::Actual, true, Lang::Vi, true) => "thực hiện cả năm".into(),
        (Basis::Actual, false, Lang::Vi, true) => "TH cả năm".into(),
        (Basis::Actual, true, Lang::Vi, false) => format!("thực hiện {} tháng", f.months),
        (Basis::Actual, false, Lang::Vi, false) => format!("TH {} th.", f.months),
        (Basis::Plan, _, Lang::En, true) => "plan, full year".into(),
        (Basis::Plan, _, Lang::En, false) => format!("plan, {} mo.", f.months),
        (Basis::Actual, true, Lang::En, true) => "spent, full year".into(),
        (Basis::Actual, false, Lang::En, true) => "spent, year".into(),
        (Basis::Actual, _, Lang::En, false) => format!("spent, {} mo.", f.months),
    }
}

pub fn title(ds: &Dataset, region: &str, lang: Lang) -> (String, String) {
    let name = ds
        .region(region)
        .map(|r| r.name.get(lang))
        .unwrap_or(region);
    match lang {
        Lang::Vi => (
            format!("Kinh phí khuyến công {name}: kế hoạch và thực hiện"),
            "So sánh số kế hoạch với số đã thực hiện theo từng giai đoạn, đơn vị tỷ đồng".into(),
        ),
        Lang::En => (
            format!("Khuyến công funding, {name}: planned vs spent"),
            "Planned compared with spent amounts for each period, in VND billion".into(),
        ),
    }
}

pub fn layout(ds: &Dataset, opts: &ChartOptions, width: f64) -> Scene {
    let region = match &opts.region {
        RegionSel::One(r) => r.as_str(),
        RegionSel::All => ds.regions.first().map(|r| r.id.as_str()).unwrap_or(""),
    };
    let lang = opts.lang;
    // The legend lists every series; the plot shows those not switched off.
    let data = FundingData::collect(ds, region);
    let mut shown = data.clone();
    shown.retain(|i| ds.figures.get(i).is_some_and(|f| opts.shows(f)));
    let fig = |i: usize| ds.figures.get(i);
    let mut b = Builder::new(width);
    let (t, s) = title(ds, region, lang);
    b.header(&t, &s);

    // Legend: only the styles actually drawn.
    let all_bars: Vec<&Figure> = data
        .groups
        .iter()
        .flat_map(|g| g.bars.iter())
        .filter_map(|bar| fig(bar.figure))
        .collect();
    let has = |st: BarStyle| all_bars.iter().any(|f| style_of(f) == st);
    let split_in = |basis: Basis| {
        data.groups
            .iter()
            .flat_map(|g| &g.bars)
            .any(|b| b.national.is_some() && fig(b.figure).is_some_and(|f| f.basis == basis))
    };
    let mut legend = Vec::new();
    let (lp, la, lpart, lnat_plan, lnat_actual) = match lang {
        Lang::Vi => (
            "Kế hoạch",
            "Thực hiện",
            "Thực hiện chưa hết năm",
            "Phần quốc gia trong kế hoạch",
            "Phần quốc gia đã thực hiện",
        ),
        Lang::En => (
            "Plan",
            "Spent",
            "Spent, part of the year",
            "National share of plan",
            "National share spent",
        ),
    };
    if has(BarStyle::Plan) {
        legend.push(LegendItem {
            swatch: LegendSwatch::Bar(BarStyle::Plan, data.region_index),
            label: lp.into(),
            key: Some("plan".into()),
            hidden: opts.is_hidden("plan"),
        });
    }
    if has(BarStyle::Actual) {
        legend.push(LegendItem {
            swatch: LegendSwatch::Bar(BarStyle::Actual, data.region_index),
            label: la.into(),
            key: Some("actual".into()),
            hidden: opts.is_hidden("actual"),
        });
    }
    if has(BarStyle::ActualPartial) {
        legend.push(LegendItem {
            swatch: LegendSwatch::Bar(BarStyle::ActualPartial, data.region_index),
            label: lpart.into(),
            key: Some("actual".into()),
            hidden: opts.is_hidden("actual"),
        });
    }
    for (basis, style, label) in [
        (Basis::Plan, BarStyle::NationalPlan, lnat_plan),
        (Basis::Actual, BarStyle::NationalActual, lnat_actual),
    ] {
        if split_in(basis) {
            legend.push(LegendItem {
                swatch: LegendSwatch::Bar(style, data.region_index),
                label: label.into(),
                key: None,
                hidden: false,
            });
        }
    }
    if !legend.is_empty() {
        b.legend(&legend);
    }

    let data = shown;
    if data.groups.is_empty() {
        let msg = match lang {
            Lang::Vi => "Không có số liệu kinh phí cho khu vực này.",
            Lang::En => "No funding figures for this region.",
        };
        b.paragraph(msg, 13.0, false, theme::MUTED);
    } else {
        plot(&mut b, ds, &data, lang);
    }
    if !data.rates.is_empty() {
        gauges(&mut b, ds, &data, lang);
    }

    let shown = data.figures();
    let flags: Vec<Flag> = shown
        .iter()
        .filter_map(|i| fig(*i))
        .flat_map(Flag::of)
        .collect();
    let files: Vec<&str> = shown
        .iter()
        .filter_map(|i| fig(*i))
        .map(|f| f.source.file.as_str())
        .collect();
    b.footer(ds, &flags, &files, lang);
    b.finish(true)
}

fn plot(b: &mut Builder, ds: &Dataset, data: &FundingData, lang: Lang) {
    let pal = theme::palette(data.region_index);
    let fig = |i: usize| ds.figures.get(i);
    let width = b.width;
    let unit_label = match lang {
        Lang::Vi => "tỷ đồng",
        Lang::En => "VND billion",
    };
    b.text(
        PAD,
        b.y,
        unit_label,
        11.0,
        TextStyle::top_left(theme::MUTED),
    );
    b.y += 16.0;
    let section_y = b.y;
    let sections_used: Vec<usize> = {
        let mut v: Vec<usize> = data.groups.iter().map(|g| g.section).collect();
        v.dedup();
        v
    };
    // Section names wrap to at most two lines; estimate their width before the axis is known.
    let est_group_w = (b.inner_width() - 40.0) / data.groups.len().max(1) as f64;
    let section_lines = |section: usize, span_w: f64| -> Vec<String> {
        let name = SECTIONS
            .get(section)
            .and_then(|m| ds.measure(m))
            .map(|m| m.name.get(lang))
            .unwrap_or("");
        let mut lines = theme::wrap(name, 12.0 * 1.08, span_w.max(20.0));
        if lines.len() > 2 {
            let rest = lines[1..].join(" ");
            lines.truncate(1);
            lines.push(theme::ellipsize(&rest, 12.0 * 1.08, span_w.max(20.0)));
        }
        lines
    };
    let label_rows = sections_used
        .iter()
        .map(|s| {
            let k = data.groups.iter().filter(|g| g.section == *s).count() as f64;
            section_lines(*s, est_group_w * k - 4.0).len()
        })
        .max()
        .unwrap_or(1) as f64;
    let top = b.y + label_rows * 15.0 + 20.0;
    let plot_h = (width * 0.42).clamp(180.0, 320.0);
    let y0 = top + plot_h;

    let stack_top = |bar: &PlacedBar| {
        let own = fig(bar.figure).map(|f| f.value).unwrap_or(0.0);
        let nat = bar.national.and_then(fig).map(|f| f.value).unwrap_or(0.0);
        let loc = bar.local.and_then(fig).map(|f| f.value).unwrap_or(0.0);
        own.max(nat + loc)
    };
    let max = data
        .groups
        .iter()
        .flat_map(|g| &g.bars)
        .map(stack_top)
        .fold(0.0, f64::max)
        / 1000.0;
    let ticks = nice_ticks(max, if plot_h < 220.0 { 4 } else { 5 });
    // Capped: the top tick of an axis near f64::MAX would overflow to ∞ (and ∞/∞ is NaN).
    let ymax = (ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE) * 1000.0).min(f64::MAX);
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|t| format::number_trim(*t, 2, lang))
        .collect();
    let tick_w = tick_labels
        .iter()
        .map(|l| theme::text_width(l, 11.0))
        .fold(0.0, f64::max)
        + 8.0;
    let x0 = PAD + tick_w;
    let x1 = width - PAD;
    let yv = |v: f64| y0 - (v / ymax).clamp(0.0, 1.0).max(0.0) * plot_h;

    for (t, label) in ticks.iter().zip(&tick_labels) {
        let y = yv(t * 1000.0).round();
        let color = if *t == 0.0 { theme::AXIS } else { theme::GRID };
        b.line((x0, y), (x1, y), color, 1.0);
        b.text(
            x0 - 6.0,
            y,
            label.clone(),
            11.0,
            TextStyle::new(theme::MUTED, HAlign::Right, VAlign::Middle),
        );
    }

    let n = data.groups.len() as f64;
    let gap = 14.0;
    let gaps = (sections_used.len().saturating_sub(1)) as f64 * gap;
    let group_w = ((x1 - x0 - gaps) / n).max(1e-3);
    let long = group_w >= 96.0;
    let mut x = x0;
    let mut section_start = x0;
    let mut prev_section: Option<usize> = None;
    let mut label_bottom: f64 = y0;
    let mut section_spans: Vec<(usize, f64, f64)> = Vec::new();
    // Bars thinner than a pixel: draw one rect per pixel column and series instead
    // (uPlot-style decimation); every bar keeps its own hit box for the tooltip.
    let k_max = data
        .groups
        .iter()
        .map(|g| g.bars.len())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let dense = group_w * 0.78 / k_max < 1.0;
    let columns = if dense {
        (x1 - x0).ceil().max(1.0) as usize + 1
    } else {
        0
    };
    let mut col_top: [Vec<f64>; 2] = [vec![0.0; columns], vec![0.0; columns]];
    // Year labels thinned so they never collide.
    let year_w = data
        .groups
        .iter()
        .map(|g| theme::text_width(&g.year.to_string(), 12.0 * 1.08))
        .fold(0.0, f64::max);
    let label_step = ((year_w + 8.0) / group_w).ceil().max(1.0) as usize;
    for (gi, g) in data.groups.iter().enumerate() {
        if let Some(p) = prev_section {
            if p != g.section {
                section_spans.push((p, section_start, x));
                let divider = x + gap / 2.0;
                b.line((divider, section_y), (divider, y0), theme::GRID, 1.0);
                x += gap;
                section_start = x;
            }
        }
        prev_section = Some(g.section);
        let k = g.bars.len().max(1) as f64;
        let (bar_w, inner) = if dense {
            (group_w / k, 0.0)
        } else {
            let w = (group_w * 0.78 / k).clamp(1.0, 64.0);
            (w, (w * 0.12).min(6.0))
        };
        let total = k * bar_w + (k - 1.0) * inner;
        let mut bx = x + (group_w - total) / 2.0;
        let mut next_series = 0;
        for bar in &g.bars {
            let Some(f) = fig(bar.figure) else { continue };
            let top_v = f.value;
            let r = Rect::new(bx, yv(top_v), bar_w, y0 - yv(top_v));
            if dense {
                let col = ((bx + bar_w / 2.0 - x0).floor().max(0.0) as usize).min(columns - 1);
                let basis_col = usize::from(f.basis == Basis::Actual);
                let series = next_series;
                next_series += 1;
                if let Some(c) = col_top[basis_col].get_mut(col) {
                    *c = c.max(top_v);
                }
                b.hits.push(BarHit {
                    rect: Rect::new(r.x, r.y, r.w, r.h),
                    figure: bar.figure,
                    group: gi,
                    series,
                });
                bx += bar_w;
                continue;
            }
            let st = style_of(f);
            b.bar(r, st, pal);
            // The total is reachable above its bar (over its label) and where no segment covers it.
            b.hits.push(BarHit {
                rect: Rect::new(r.x, r.y - 18.0, r.w, r.h + 18.0),
                figure: bar.figure,
                group: gi,
                series: next_series,
            });
            next_series += 1;
            if let Some(nat) = bar.national.and_then(|i| fig(i).map(|nf| (i, nf))) {
                let nr = Rect::new(bx, yv(nat.1.value), bar_w, y0 - yv(nat.1.value));
                let nst = if f.basis == Basis::Plan {
                    BarStyle::NationalPlan
                } else {
                    BarStyle::NationalActual
                };
                b.bar(nr, nst, pal);
                b.hits.push(BarHit {
                    rect: nr,
                    figure: nat.0,
                    group: gi,
                    series: next_series,
                });
                next_series += 1;
                if let Some(loc) = bar.local.and_then(|i| fig(i).map(|lf| (i, lf))) {
                    let lr_top = yv(nat.1.value + loc.1.value);
                    let lr = Rect::new(bx, lr_top, bar_w, nr.y - lr_top);
                    b.hits.push(BarHit {
                        rect: lr,
                        figure: loc.0,
                        group: gi,
                        series: next_series,
                    });
                    next_series += 1;
                }
            }
            // Value label, in tỷ, only if it fits its slot.
            let label = super::flagged_label(f, format::number_trim(f.value / 1000.0, 1, lang));
            let slot = group_w / k + inner;
            // Narrow slots get a smaller label before giving up on it.
            let size = [11.0, 9.5]
                .into_iter()
                .find(|sz| theme::text_width(&label, *sz) <= slot - 2.0);
            if let Some(size) = size {
                b.text(
                    bx + bar_w / 2.0,
                    r.y - 3.0,
                    label,
                    size,
                    TextStyle::new(theme::INK, HAlign::Center, VAlign::Bottom),
                );
            }
            bx += bar_w + inner;
        }
        // Period label and what each bar covers.
        let cx = x + group_w / 2.0;
        if gi % label_step == 0 {
            b.text(
                cx,
                y0 + 6.0,
                g.year.to_string(),
                12.0,
                TextStyle::new(theme::INK, HAlign::Center, VAlign::Top).bold(true),
            );
        }
        let mut ly = y0 + 22.0;
        let mut seen: Vec<String> = Vec::new();
        // Coverage words need room; thin groups rely on the stripes, tooltip and table.
        let bars_to_label: &[PlacedBar] = if group_w >= 36.0 { &g.bars } else { &[] };
        for bar in bars_to_label {
            if let Some(f) = fig(bar.figure) {
                let c = coverage(f, long, lang);
                if !seen.contains(&c) {
                    for line in theme::wrap(&c, 10.5, group_w - 2.0) {
                        b.text(
                            cx,
                            ly,
                            line,
                            10.5,
                            TextStyle::new(theme::MUTED, HAlign::Center, VAlign::Top),
                        );
                        ly += 13.0;
                    }
                    seen.push(c);
                }
            }
        }
        label_bottom = label_bottom.max(ly);
        x += group_w;
    }
    if let Some(p) = prev_section {
        section_spans.push((p, section_start, x));
    }
    if dense {
        // Plan behind (light), actual in front (solid): one rect per pixel column.
        for (series, fill) in [(0, pal.light_dark), (1, pal.solid)] {
            for (i, v) in col_top[series].iter().enumerate() {
                if *v > 0.0 {
                    let top = yv(*v);
                    b.rect(
                        Rect::new(x0 + i as f64, top, 1.0, y0 - top),
                        Some(fill),
                        None,
                    );
                }
            }
        }
    }
    for (section, sx0, sx1) in section_spans {
        for (i, line) in section_lines(section, sx1 - sx0 - 4.0)
            .into_iter()
            .take(label_rows as usize)
            .enumerate()
        {
            b.text(
                sx0 + 2.0,
                section_y + i as f64 * 15.0,
                line,
                12.0,
                TextStyle::top_left(theme::INK).bold(true),
            );
        }
    }
    b.y = label_bottom + 8.0;
}

fn gauges(b: &mut Builder, ds: &Dataset, data: &FundingData, lang: Lang) {
    let pal = theme::palette(data.region_index);
    b.y += 6.0;
    let heading = match lang {
        Lang::Vi => "Tiến độ so với kế hoạch năm (vạch dọc: thời gian đã qua)",
        Lang::En => "Progress against the annual plan (vertical mark: time elapsed)",
    };
    b.paragraph(heading, 12.5, true, theme::INK);
    b.y += 4.0;
    for (k, &i) in data.rates.iter().enumerate() {
        let Some(f) = ds.figures.get(i) else { continue };
        let name = ds
            .measure(&f.measure)
            .map(|m| m.name.get(lang))
            .unwrap_or(&f.measure);
        let value = super::flagged_label(f, format!("{} %", format::number_trim(f.value, 2, lang)));
        let text = format!(
            "{name} · {}: {value}",
            format::period(f.year, f.months, lang)
        );
        b.paragraph(&text, 12.0, false, theme::INK);
        let track = Rect::new(PAD, b.y + 2.0, b.inner_width(), 10.0);
        b.rect(track, Some(theme::TRACK), None);
        let frac = (f.value / 100.0).clamp(0.0, 1.0);
        let fill = Rect::new(track.x, track.y, track.w * frac, track.h);
        b.bar(fill, BarStyle::Actual, pal);
        let elapsed = f64::from(f.months.min(12)) / 12.0;
        let tx = (track.x + track.w * elapsed).round();
        b.line(
            (tx, track.y - 3.0),
            (tx, track.bottom() + 3.0),
            theme::INK,
            2.0,
        );
        let mark = match lang {
            Lang::Vi => format!("{}/12 tháng", f.months),
            Lang::En => format!("{}/12 months", f.months),
        };
        let (mx, h) = if elapsed > 0.75 {
            (tx - 4.0, HAlign::Right)
        } else {
            (tx + 4.0, HAlign::Left)
        };
        b.text(
            mx,
            track.bottom() + 4.0,
            mark,
            10.5,
            TextStyle::new(theme::MUTED, h, VAlign::Top),
        );
        // Each gauge is its own group, after the bar groups.
        b.hits.push(BarHit {
            rect: track,
            figure: i,
            group: data.groups.len() + k,
            series: 0,
        });
        b.y = track.bottom() + 20.0;
    }
}
