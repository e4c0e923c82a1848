//! Funding chart: planned versus spent, by year, with the national/local split, the
//! comparisons the articles state, and the centres' consulting income in a panel apart.
//!
//! What a reader must not misread: years with no figure are drawn as a gap (never two
//! distant years side by side), a part-year figure says so in words, a plan and what was
//! spent stand side by side with the execution rate only where both exist, and when no
//! year has both the chart says so in a sentence.

use super::layout::{BarStyle, Builder, LegendItem, LegendSwatch, TextStyle, PAD};
use super::scale::{Band, Linear};
use super::scene::{BarHit, HAlign, Rect, Scene, VAlign};
use super::{format, theme, ChartOptions, Flag, RegionSel};
use crate::data::{Basis, Dataset, Figure, Id, Lang, Unit};

/// Money measures, each drawn in its own panel: programme funding, then the centres'
/// consulting income (revenue, not funding: never on the same axis).
pub const SECTIONS: [&str; 2] = ["total_funding", "consulting_revenue"];
/// Shares of a total bar, stacked bottom-up inside it.
pub const NATIONAL: &str = "national_funding";
pub const LOCAL: &str = "local_funding";
/// Execution rates: on their plan/spent pair where there is one, else as gauges.
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

/// One year of one panel.
#[derive(Debug, Clone)]
pub struct Group {
    pub section: usize,
    pub year: i32,
    /// Plan first, then what was spent (longest period first).
    pub bars: Vec<PlacedBar>,
}

/// The figures the funding chart shows for a region, before layout.
#[derive(Debug, Clone, Default)]
pub struct FundingData {
    pub region_index: usize,
    pub groups: Vec<Group>,
    /// Rates shown as gauges (those without a plan/spent pair to sit on).
    pub rates: Vec<usize>,
    /// Rates stated for a plan/spent pair: (group index, figure).
    pub pair_rates: Vec<(usize, usize)>,
    /// Stated growth over an earlier year: (group index, bar position, figure).
    pub growths: Vec<(usize, usize, usize)>,
}

impl FundingData {
    pub fn collect(ds: &Dataset, region: &str) -> FundingData {
        // The region by position in the dataset (interned at load); the measures this chart
        // draws by their fixed names (a comparison with a constant, no lookup).
        let region = ds.region_id(region);
        let region_index = region.at().unwrap_or(0);
        let of_region = |f: &&Figure| ds.region_id_of(f) == region && f.value.is_finite();
        // Shares of a total, sorted by what must match: measure, year, months, basis
        // (binary search; no hash map: each instantiation costs kilobytes of wasm).
        let share_key = |is_local: bool, year: i32, months: u8, basis: Basis| {
            [
                i64::from(is_local),
                i64::from(year),
                i64::from(months),
                i64::from(basis == Basis::Actual),
            ]
        };
        let mut shares: Vec<usize> = ds
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| of_region(f) && (f.measure == NATIONAL || f.measure == LOCAL))
            .map(|(i, _)| i)
            .collect();
        let key_of = |i: &usize| {
            ds.figures
                .get(*i)
                .map(|f| share_key(f.measure == LOCAL, f.year, f.months, f.basis))
                .unwrap_or_default()
        };
        super::sort_by_key4(&mut shares, key_of);
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
            for (i, f) in figs {
                // The first share stated for the same measure, year, months and basis.
                let share = |is_local: bool| {
                    let want = share_key(is_local, f.year, f.months, f.basis);
                    let at = shares.partition_point(|j| key_of(j) < want);
                    shares.get(at).copied().filter(|j| key_of(j) == want)
                };
                let (national, local) = if *measure == "total_funding" {
                    (share(false), share(true))
                } else {
                    (None, None)
                };
                let bar = PlacedBar {
                    figure: i,
                    national,
                    local,
                };
                // Sorted by year: a year's bars follow each other.
                match groups
                    .last_mut()
                    .filter(|g| g.section == section && g.year == f.year)
                {
                    Some(g) => g.bars.push(bar),
                    None => {
                        groups.push(Group {
                            section,
                            year: f.year,
                            bars: vec![bar],
                        });
                    }
                }
            }
        }
        let mut data = FundingData {
            region_index,
            groups,
            ..FundingData::default()
        };
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
        for i in rates {
            let Some(f) = ds.figures.get(i) else { continue };
            let base = f.measure.trim_end_matches("_rate");
            let pair = data.groups.iter().position(|g| {
                g.year == f.year
                    && SECTIONS.get(g.section) == Some(&base)
                    && pair_of(ds, g).is_some_and(|(_, a)| {
                        ds.figures.get(a).is_some_and(|af| af.months == f.months)
                    })
            });
            match pair {
                Some(gi) => data.pair_rates.push((gi, i)),
                None => data.rates.push(i),
            }
        }
        for (i, f) in ds.figures.iter().enumerate() {
            let Some(base) = f.measure.strip_suffix("_growth") else {
                continue;
            };
            if !of_region(&f) || f.unit != Unit::Percent {
                continue;
            }
            let found = data.groups.iter().enumerate().find_map(|(gi, g)| {
                if g.year != f.year || SECTIONS.get(g.section) != Some(&base) {
                    return None;
                }
                g.bars
                    .iter()
                    .position(|b| {
                        ds.figures
                            .get(b.figure)
                            .is_some_and(|bf| bf.basis == f.basis && bf.months == f.months)
                    })
                    .map(|pos| (gi, pos))
            });
            if let Some((gi, pos)) = found {
                data.growths.push((gi, pos, i));
            }
        }
        data
    }

    /// Drops bars whose figure fails `keep` (legend toggles), and groups left empty.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let old = std::mem::take(&mut self.groups);
        let mut remap: Vec<Option<usize>> = Vec::with_capacity(old.len());
        let mut bar_maps: Vec<Vec<Option<usize>>> = Vec::with_capacity(old.len());
        for mut g in old {
            let mut map = Vec::with_capacity(g.bars.len());
            let mut kept = 0;
            for b in &g.bars {
                if keep(b.figure) {
                    map.push(Some(kept));
                    kept += 1;
                } else {
                    map.push(None);
                }
            }
            g.bars.retain(|b| keep(b.figure));
            bar_maps.push(map);
            if g.bars.is_empty() {
                remap.push(None);
            } else {
                remap.push(Some(self.groups.len()));
                self.groups.push(g);
            }
        }
        let at = |gi: usize| remap.get(gi).copied().flatten();
        let rates = std::mem::take(&mut self.pair_rates);
        for (gi, f) in rates {
            // A rate needs both bars of its pair; otherwise it becomes a gauge.
            let whole = bar_maps
                .get(gi)
                .is_some_and(|m| m.iter().all(Option::is_some));
            match at(gi) {
                Some(g) if whole => self.pair_rates.push((g, f)),
                _ => self.rates.push(f),
            }
        }
        let growths = std::mem::take(&mut self.growths);
        for (gi, pos, f) in growths {
            let bar = bar_maps.get(gi).and_then(|m| m.get(pos)).copied().flatten();
            if let (Some(g), Some(p)) = (at(gi), bar) {
                self.growths.push((g, p, f));
            }
        }
    }

    /// Every figure the chart presents, in reading order: per year its bars with their
    /// parts, the stated growth and rate; then the gauges.
    pub fn figures(&self) -> Vec<usize> {
        let mut v: Vec<usize> = Vec::new();
        for gi in 0..self.groups.len() {
            v.extend(self.column_members(gi));
        }
        v.extend(&self.rates);
        v
    }

    /// The figures one year's column explains, in reading order.
    pub fn column_members(&self, gi: usize) -> Vec<usize> {
        let mut v = Vec::new();
        let Some(g) = self.groups.get(gi) else {
            return v;
        };
        for (pos, b) in g.bars.iter().enumerate() {
            v.push(b.figure);
            v.extend(b.national);
            v.extend(b.local);
            v.extend(
                self.growths
                    .iter()
                    .filter(|(g2, p2, _)| *g2 == gi && *p2 == pos)
                    .map(|(_, _, f)| *f),
            );
        }
        v.extend(
            self.pair_rates
                .iter()
                .filter(|(g2, _)| *g2 == gi)
                .map(|(_, f)| *f),
        );
        v
    }

    /// Whether some year of `section` has both a plan and a spent figure.
    pub fn has_pair(&self, ds: &Dataset, section: usize) -> bool {
        self.groups
            .iter()
            .any(|g| g.section == section && pair_of(ds, g).is_some())
    }
}

/// The plan and the (first) spent bar of a year, if it has both.
pub fn pair_of(ds: &Dataset, g: &Group) -> Option<(usize, usize)> {
    let basis = |b: &PlacedBar| ds.figures.get(b.figure).map(|f| f.basis);
    let plan = g.bars.iter().find(|b| basis(b) == Some(Basis::Plan))?;
    let actual = g.bars.iter().find(|b| basis(b) == Some(Basis::Actual))?;
    Some((plan.figure, actual.figure))
}

fn style_of(f: &Figure) -> BarStyle {
    match f.basis {
        Basis::Plan => BarStyle::Plan,
        Basis::Actual if f.is_partial_year() => BarStyle::ActualPartial,
        Basis::Actual => BarStyle::Actual,
    }
}

/// What a bar covers, in words: "Kế hoạch cả năm", "Thực hiện 6 tháng đầu năm".
pub fn coverage(f: &Figure, lang: Lang) -> String {
    let full = f.months >= 12;
    match (f.basis, lang, full) {
        (Basis::Plan, Lang::Vi, true) => "Kế hoạch cả năm".into(),
        (Basis::Plan, Lang::Vi, false) => format!("Kế hoạch {} tháng đầu năm", f.months),
        (Basis::Actual, Lang::Vi, true) => "Thực hiện cả năm".into(),
        (Basis::Actual, Lang::Vi, false) => format!("Thực hiện {} tháng đầu năm", f.months),
        (Basis::Plan, Lang::En, true) => "Plan for the year".into(),
        (Basis::Plan, Lang::En, false) => format!("Plan for the first {} months", f.months),
        (Basis::Actual, Lang::En, true) => "Spent in the year".into(),
        (Basis::Actual, Lang::En, false) => format!("Spent in the first {} months", f.months),
    }
}

pub(crate) fn region_name<'a>(ds: &'a Dataset, region: &'a str, lang: Lang) -> &'a str {
    ds.region(region)
        .map(|r| r.name.get(lang))
        .unwrap_or(region)
}

/// Title and subtitle over the figures the chart collected (`data`).
pub fn title(ds: &Dataset, region: &str, data: &FundingData, lang: Lang) -> (String, String) {
    let name = region_name(ds, region, lang);
    let sections: Vec<usize> = {
        let mut v: Vec<usize> = data.groups.iter().map(|g| g.section).collect();
        v.dedup();
        v
    };
    let paired = sections.iter().any(|s| data.has_pair(ds, *s));
    let income = sections.contains(&1);
    let subtitle = match (lang, paired, income) {
        (Lang::Vi, true, true) => "Số kế hoạch và số đã thực hiện theo từng năm, dưới mỗi cặp cột là tỷ lệ thực hiện (số đã thực hiện chia kế hoạch); doanh thu tư vấn của các trung tâm vẽ riêng. Đơn vị: tỷ đồng",
        (Lang::Vi, true, false) => "Số kế hoạch và số đã thực hiện theo từng năm, dưới mỗi cặp cột là tỷ lệ thực hiện (số đã thực hiện chia kế hoạch). Đơn vị: tỷ đồng",
        (Lang::Vi, false, true) => "Các số kế hoạch và số đã thực hiện mà bài viết nêu, theo năm; doanh thu tư vấn của các trung tâm vẽ riêng. Đơn vị: tỷ đồng",
        (Lang::Vi, false, false) => "Các số kế hoạch và số đã thực hiện mà bài viết nêu, theo năm. Đơn vị: tỷ đồng",
        (Lang::En, true, true) => "Plans and spending by year, with the execution rate (spent divided by plan) under each pair; the centres' consulting income shown apart. In VND billion",
        (Lang::En, true, false) => "Plans and spending by year, with the execution rate (spent divided by plan) under each pair. In VND billion",
        (Lang::En, false, true) => "The plans and spending the articles state, by year; the centres' consulting income shown apart. In VND billion",
        (Lang::En, false, false) => "The plans and spending the articles state, by year. In VND billion",
    };
    let title = match lang {
        Lang::Vi => format!(
            "Kinh phí khuyến công {}: kế hoạch và thực hiện",
            super::region_in_text(name, lang)
        ),
        Lang::En => format!("Khuyến công funding, {name}: planned and spent"),
    };
    (title, subtitle.into())
}

/// "năm 2016 và 2017", "6 tháng đầu năm 2020" / "2016 and 2017": the periods of a list.
fn periods_in_words(ds: &Dataset, figs: &[usize], lang: Lang) -> String {
    let mut full: Vec<i32> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for f in figs.iter().filter_map(|i| ds.figures.get(*i)) {
        if f.months >= 12 {
            if !full.contains(&f.year) {
                full.push(f.year);
            }
        } else {
            let p = format::period(f.year, f.months, lang);
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
    }
    let and = match lang {
        Lang::Vi => " và ",
        Lang::En => " and ",
    };
    let join = |items: Vec<String>| -> String {
        match items.len() {
            0 => String::new(),
            1 => items.concat(),
            n => format!("{}{and}{}", items[..n - 1].join(", "), items[n - 1]),
        }
    };
    let mut out: Vec<String> = Vec::new();
    if !full.is_empty() {
        let years = join(full.iter().map(|y| y.to_string()).collect());
        out.push(match lang {
            Lang::Vi => format!("năm {years}"),
            Lang::En => years,
        });
    }
    out.extend(parts);
    join(out)
}

/// The sentence a reader sees when no year of a panel has both a plan and a spent
/// figure, built from the data: what there is, and that it can't be compared directly.
pub fn no_pair_sentence(
    ds: &Dataset,
    data: &FundingData,
    section: usize,
    lang: Lang,
) -> Option<String> {
    let bars: Vec<&PlacedBar> = data
        .groups
        .iter()
        .filter(|g| g.section == section)
        .flat_map(|g| &g.bars)
        .collect();
    if bars.is_empty() || data.has_pair(ds, section) {
        return None;
    }
    let of = |basis: Basis| -> Vec<usize> {
        bars.iter()
            .map(|b| b.figure)
            .filter(|i| ds.figures.get(*i).is_some_and(|f| f.basis == basis))
            .collect()
    };
    let (plans, actuals) = (of(Basis::Plan), of(Basis::Actual));
    let what = SECTIONS
        .get(section)
        .and_then(|m| ds.measure(m))
        .map(|m| m.name.get(lang).to_string())
        .unwrap_or_default();
    let p = periods_in_words(ds, &plans, lang);
    let a = periods_in_words(ds, &actuals, lang);
    Some(match (lang, plans.is_empty(), actuals.is_empty()) {
        (Lang::Vi, false, false) => format!(
            "Lưu ý: không có năm nào có cả số kế hoạch và số đã thực hiện của {}. Bài viết nêu kế hoạch {p} và số đã thực hiện {a}, nên các cột không so sánh trực tiếp với nhau được.",
            super::table::lower_first(&what)
        ),
        (Lang::Vi, true, false) => format!(
            "Lưu ý: bài viết chỉ nêu số đã thực hiện ({a}), không có số kế hoạch để so sánh."
        ),
        (Lang::Vi, false, true) => format!(
            "Lưu ý: bài viết chỉ nêu số kế hoạch ({p}), chưa có số đã thực hiện để so sánh."
        ),
        (Lang::En, false, false) => format!(
            "Note: no year has both a plan and a spent figure for {}. The articles give the plan for {p} and spending for {a}, so the bars cannot be compared directly.",
            super::table::lower_first(&what)
        ),
        (Lang::En, true, false) => {
            format!("Note: the articles give only spending ({a}), no plan to compare it with.")
        }
        (Lang::En, false, true) => {
            format!("Note: the articles give only plans ({p}), no spending to compare them with.")
        }
        (_, true, true) => return None,
    })
}

/// The region a funding chart shows: the one chosen, or the dataset's first.
pub(crate) fn chart_region<'a>(ds: &'a Dataset, opts: &'a ChartOptions) -> &'a str {
    match &opts.region {
        RegionSel::One(r) => r.as_str(),
        RegionSel::All => ds.regions.first().map(|r| r.id.as_str()).unwrap_or(""),
    }
}

pub fn layout(ds: &Dataset, opts: &ChartOptions, width: f64) -> Scene {
    let scene = layout_lowered(ds, opts, width, 0.0);
    // Taller than allowed (a kiosk screen): lower the plots by the excess, down to MIN_PLOT.
    // A lower plot can move the notes (a callout may no longer fit beside its bar and
    // join the list under the chart): lowered again by what is still too much, twice.
    let Some(max) = opts.max_height else {
        return scene;
    };
    let panels = if width >= 720.0 { 1.0 } else { 2.0 };
    let (mut scene, mut lower) = (scene, 0.0);
    for _ in 0..3 {
        if scene.height <= max {
            break;
        }
        let more = (scene.height - max) / panels;
        lower += more;
        let next = layout_lowered(ds, opts, width, lower);
        if next.height >= scene.height {
            break;
        }
        scene = next;
    }
    scene
}

/// The lowest a plot gets for `maxHeight` (a kiosk screen): its bars still carry their
/// value labels.
const MIN_PLOT: f64 = 90.0;

/// [`layout`] with each plot `lower` px lower than its width would make it (at least
/// [`MIN_PLOT`]).
fn layout_lowered(ds: &Dataset, opts: &ChartOptions, width: f64, lower: f64) -> Scene {
    let region = chart_region(ds, opts);
    let lang = opts.lang;
    // The legend lists every series; the plot shows those not switched off.
    let data = FundingData::collect(ds, region);
    let mut shown = data.clone();
    shown.retain(|i| ds.figures.get(i).is_some_and(|f| opts.shows(f)));
    let fig = |i: usize| ds.figures.get(i);
    let mut b = Builder::new(width);
    b.min_target = opts.min_target();
    let (t, s) = title(ds, region, &data, lang);
    b.header(&t, &s);
    legend(&mut b, ds, &data, opts);

    // What can't be compared, said in words before the bars.
    for section in 0..SECTIONS.len() {
        if let Some(sentence) = no_pair_sentence(ds, &data, section, lang) {
            b.note_box(&sentence);
        }
    }

    let sections: Vec<usize> = {
        let mut v: Vec<usize> = shown.groups.iter().map(|g| g.section).collect();
        v.dedup();
        v
    };
    if sections.is_empty() {
        let msg = match lang {
            Lang::Vi => "Không có số liệu kinh phí cho khu vực này.",
            Lang::En => "No funding figures for this region.",
        };
        b.paragraph(msg, 13.0, false, theme::MUTED);
    }
    // Side by side where there is room, one under the other on a phone.
    let slots_of = |s: usize| slots(&shown, s).iter().map(Slot::weight).sum::<f64>();
    let side_by_side = sections.len() == 2 && width >= 720.0;
    if side_by_side {
        let total: f64 = sections.iter().map(|s| slots_of(*s)).sum::<f64>().max(1.0);
        let gap = 28.0;
        let avail = b.inner_width() - gap;
        let share = (slots_of(sections[0]) / total).clamp(0.4, 0.65);
        let split = PAD + avail * share;
        let top = b.y;
        let plot_h = ((width * 0.3).clamp(200.0, 300.0) - lower).max(MIN_PLOT);
        let at = |section: usize, span: (f64, f64)| PanelAt {
            section,
            span,
            top,
            plot_h,
            lang,
        };
        let a = panel(&mut b, ds, &shown, at(sections[0], (PAD, split)));
        let c = panel(
            &mut b,
            ds,
            &shown,
            at(sections[1], (split + gap, width - PAD)),
        );
        b.line(
            (split + gap / 2.0, top),
            (split + gap / 2.0, a.max(c) - 8.0),
            theme::GRID,
            1.0,
        );
        b.walls.push(Rect::new(
            split + gap / 2.0 - 0.5,
            top,
            1.0,
            a.max(c) - 8.0 - top,
        ));
        b.y = a.max(c);
    } else {
        for s in &sections {
            let top = b.y;
            let plot_h = ((width * 0.45).clamp(170.0, 300.0) - lower).max(MIN_PLOT);
            let at = PanelAt {
                section: *s,
                span: (PAD, width - PAD),
                top,
                plot_h,
                lang,
            };
            b.y = panel(&mut b, ds, &shown, at) + 6.0;
        }
    }
    if !shown.rates.is_empty() {
        gauges(&mut b, ds, &shown, lang);
    }

    let presented = shown.figures();
    let flags: Vec<Flag> = presented
        .iter()
        .filter_map(|i| fig(*i))
        .filter_map(super::label_sign)
        .collect();
    let files: Vec<Id> = presented
        .iter()
        .filter_map(|i| fig(*i))
        .map(|f| ds.source_id_of(f))
        .collect();
    let notes = super::annotate::notes_of(ds, opts, Some(&data));
    super::annotate::place(&mut b, ds, &notes, lang);
    b.footer(ds, &flags, &files, lang);
    b.finish(true)
}

fn legend(b: &mut Builder, ds: &Dataset, data: &FundingData, opts: &ChartOptions) {
    let lang = opts.lang;
    let fig = |i: usize| ds.figures.get(i);
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
    let (lp, la, lpart, lnat_plan, lnat_actual) = match lang {
        Lang::Vi => (
            "Kế hoạch",
            "Đã thực hiện",
            "Đã thực hiện, chưa hết năm",
            "Phần quốc gia trong kế hoạch",
            "Phần quốc gia đã thực hiện",
        ),
        Lang::En => (
            "Plan",
            "Spent",
            "Spent, part of the year",
            "National share of the plan",
            "National share spent",
        ),
    };
    let mut items = Vec::new();
    for (style, label, key) in [
        (BarStyle::Plan, lp, "plan"),
        (BarStyle::Actual, la, "actual"),
        (BarStyle::ActualPartial, lpart, "actual"),
    ] {
        if has(style) {
            items.push(LegendItem {
                swatch: LegendSwatch::Bar(style, data.region_index),
                label: label.into(),
                key: Some(key.into()),
                hidden: opts.is_hidden(key),
            });
        }
    }
    for (basis, style, label) in [
        (Basis::Plan, BarStyle::NationalPlan, lnat_plan),
        (Basis::Actual, BarStyle::NationalActual, lnat_actual),
    ] {
        if split_in(basis) {
            items.push(LegendItem {
                swatch: LegendSwatch::Bar(style, data.region_index),
                label: label.into(),
                key: None,
                hidden: false,
            });
        }
    }
    if !data.pair_rates.is_empty() || data.groups.iter().any(|g| pace_mark(ds, g).is_some()) {
        items.push(LegendItem {
            swatch: LegendSwatch::PaceMark,
            label: match lang {
                Lang::Vi => "Mức kế hoạch ứng với thời gian đã qua".into(),
                Lang::En => "Share of the plan matching the time elapsed".into(),
            },
            key: None,
            hidden: false,
        });
    }
    if !items.is_empty() {
        b.legend(&items);
    }
}

/// A slot on a panel's time axis: a year with figures, or a run of years without.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Slot {
    Year(usize),
    Gap(i32, i32),
}

impl Slot {
    pub(crate) fn weight(&self) -> f64 {
        match self {
            Slot::Year(_) => 1.0,
            Slot::Gap(..) => 0.6,
        }
    }
}

/// The time axis of one panel: every year with figures, and the missing years between.
pub(crate) fn slots(data: &FundingData, section: usize) -> Vec<Slot> {
    let mut v = Vec::new();
    let mut prev: Option<i32> = None;
    for (gi, g) in data.groups.iter().enumerate() {
        if g.section != section {
            continue;
        }
        if let Some(p) = prev {
            if g.year > p.saturating_add(1) {
                v.push(Slot::Gap(p.saturating_add(1), g.year.saturating_sub(1)));
            }
        }
        prev = Some(g.year);
        v.push(Slot::Year(gi));
    }
    v
}

/// The slots of a time axis as bands, each as wide as its weight, over `x0`..`x1`.
pub(crate) fn time_axis(slots: &[Slot], x0: f64, x1: f64) -> Band {
    let mut axis = Band::default();
    for slot in slots {
        axis.push(slot.weight());
    }
    axis.fit(x0, x1 - x0)
}

/// Where the plan line would be if spending kept pace with the calendar: the plan's
/// value × months elapsed / 12, for a year with a full-year plan and a part-year actual.
pub(crate) fn pace_mark(ds: &Dataset, g: &Group) -> Option<(usize, f64, u8)> {
    let (p, a) = pair_of(ds, g)?;
    let (pf, af) = (ds.figures.get(p)?, ds.figures.get(a)?);
    if pf.months < 12 || af.months >= 12 {
        return None;
    }
    Some((p, pf.value * f64::from(af.months) / 12.0, af.months))
}

/// Small muted lines centred on `cx` from `y` down (words under the axis); the y below.
pub(crate) fn muted_lines(
    b: &mut Builder,
    cx: f64,
    y: f64,
    lines: impl IntoIterator<Item = String>,
) -> f64 {
    let mut y = y;
    for line in lines {
        b.text(
            cx,
            y,
            line,
            10.5,
            TextStyle::new(theme::MUTED, HAlign::Center, VAlign::Top),
        );
        y += 13.0;
    }
    y
}

/// A value label in tỷ đồng on a bar: "48,3", "≈ 1,8", "40,0*".
fn bar_label(f: &Figure, lang: Lang) -> String {
    super::flagged_label(f, format::number(f.value / 1000.0, 1, lang))
}

/// The execution rate of a year's pair, as drawn under it ("đạt 17,88 %"): the stated
/// rate, or spent ÷ plan (the subtitle says so).
fn pair_rate(ds: &Dataset, data: &FundingData, gi: usize, lang: Lang) -> Option<String> {
    let g = data.groups.get(gi)?;
    let (p, a) = pair_of(ds, g)?;
    let stated = data
        .pair_rates
        .iter()
        .find(|(g2, _)| *g2 == gi)
        .and_then(|(_, f)| ds.figures.get(*f));
    let value = match stated {
        Some(r) => super::flagged_label(r, format!("{} %", format::number_trim(r.value, 2, lang))),
        None => {
            let (pv, av) = (ds.figures.get(p)?.value, ds.figures.get(a)?.value);
            if pv <= 0.0 || !(av / pv).is_finite() {
                return None;
            }
            format!("{} %", format::number_trim(av / pv * 100.0, 0, lang))
        }
    };
    Some(match lang {
        Lang::Vi => format!("đạt {value}"),
        Lang::En => format!("{value} of plan"),
    })
}

/// A panel's name (and, for consulting income, that it is not funding) from `top` at
/// `left`, `pw` wide: `at` = (left, top, pw). Returns the y below.
pub(crate) fn panel_heading(
    b: &mut Builder,
    ds: &Dataset,
    section: usize,
    at: (f64, f64, f64),
    lang: Lang,
) -> f64 {
    let (left, mut y, pw) = at;
    let name = SECTIONS
        .get(section)
        .and_then(|m| ds.measure(m))
        .map(|m| m.name.get(lang))
        .unwrap_or("");
    for line in theme::wrap(name, 13.0 * 1.08, pw) {
        b.text(
            left,
            y,
            line,
            13.0,
            TextStyle::top_left(theme::INK).bold(true),
        );
        y += 17.0;
    }
    if section == 1 {
        let sub = match lang {
            Lang::Vi => "Khoản thu của các trung tâm khuyến công từ hoạt động tư vấn, không phải kinh phí khuyến công",
            Lang::En => "Income the khuyến công centres earn from consulting, not programme funding",
        };
        for line in theme::wrap(sub, 11.5, pw) {
            b.text(left, y, line, 11.5, TextStyle::top_left(theme::MUTED));
            y += 15.0;
        }
    }
    y + 4.0
}

/// The size of the year labels under `unit` px slots and how many slots apart they go:
/// every year named, smaller type before any year is left out.
pub(crate) fn year_type(years: &[i32], unit: f64) -> (f64, usize) {
    let year_w = |size: f64| {
        years
            .iter()
            .map(|y| theme::text_width(&y.to_string(), size * 1.08))
            .fold(0.0, f64::max)
    };
    let size = [12.0, 10.5, 9.5]
        .into_iter()
        .find(|sz| year_w(*sz) + 4.0 <= unit)
        .unwrap_or(9.5);
    (size, ((year_w(size) + 4.0) / unit).ceil().max(1.0) as usize)
}

/// A year named under the axis at `y0`, centred on `cx`: `at` = (cx, y0).
pub(crate) fn year_label(b: &mut Builder, at: (f64, f64), year: i32, size: f64) {
    let style = TextStyle::new(theme::INK, HAlign::Center, VAlign::Top).bold(true);
    b.text(at.0, at.1 + 6.0, year.to_string(), size, style);
}

/// Draws a run of years without figures at `cx` on the axis at `y0`: a break in the
/// axis and the years named, never closed up (the words only if `worded`). Returns the
/// y below the words.
pub(crate) fn gap_slot(
    b: &mut Builder,
    (cx, sw, y0): (f64, f64, f64),
    (from, to): (i32, i32),
    none: &str,
    worded: bool,
) -> f64 {
    b.line((cx - 5.0, y0 + 4.0), (cx - 1.0, y0 - 4.0), theme::AXIS, 1.0);
    b.line((cx + 1.0, y0 + 4.0), (cx + 5.0, y0 - 4.0), theme::AXIS, 1.0);
    if !worded {
        return y0;
    }
    let years = if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    };
    // "2018–2019" breaks after its dash rather than being cut.
    let year_lines = if theme::text_width(&years, 10.5) <= sw.max(30.0) {
        vec![years]
    } else {
        vec![format!("{from}–"), to.to_string()]
    };
    let lines = year_lines
        .into_iter()
        .chain(theme::wrap(none, 10.5, sw.max(30.0)));
    muted_lines(b, cx, y0 + 8.0, lines)
}

/// Where one panel goes: its money measure, horizontal span, top, plot height, language.
#[derive(Debug, Clone, Copy)]
struct PanelAt {
    section: usize,
    span: (f64, f64),
    top: f64,
    plot_h: f64,
    lang: Lang,
}

/// Draws one panel (a money measure over its years) where `at` says; returns the y below
/// it. Laid out twice: first to measure how much room the labels above the bars need,
/// then with exactly that room.
fn panel(b: &mut Builder, ds: &Dataset, data: &FundingData, at: PanelAt) -> f64 {
    const PROBE: f64 = 400.0;
    let mut scratch = Builder::new(b.width);
    let (_, highest) = panel_at(&mut scratch, ds, data, at, PROBE);
    // `highest` is how far above the plot the topmost label reached.
    let headroom = (highest + 6.0).clamp(20.0, PROBE);
    panel_at(b, ds, data, at, headroom).0
}

/// [`panel`] with `headroom` px above the plot for labels; returns the y below the panel
/// and how far above the plot's top the highest label reaches.
fn panel_at(
    b: &mut Builder,
    ds: &Dataset,
    data: &FundingData,
    at: PanelAt,
    headroom: f64,
) -> (f64, f64) {
    let PanelAt {
        section,
        span,
        top,
        plot_h,
        lang,
    } = at;
    let pal = theme::palette(data.region_index);
    let fig = |i: usize| ds.figures.get(i);
    let (left, right) = span;
    let pw = (right - left).max(40.0);
    let mut y = panel_heading(b, ds, section, (left, top, pw), lang);
    let unit_label = match lang {
        Lang::Vi => "tỷ đồng",
        Lang::En => "VND billion",
    };
    b.text(left, y, unit_label, 11.0, TextStyle::top_left(theme::MUTED));
    y += 16.0;

    let slots = slots(data, section);
    let groups: Vec<usize> = slots
        .iter()
        .filter_map(|s| match s {
            Slot::Year(gi) => Some(*gi),
            Slot::Gap(..) => None,
        })
        .collect();
    let stack_top = |bar: &PlacedBar| {
        let own = fig(bar.figure).map(|f| f.value).unwrap_or(0.0);
        let nat = bar.national.and_then(fig).map(|f| f.value).unwrap_or(0.0);
        let loc = bar.local.and_then(fig).map(|f| f.value).unwrap_or(0.0);
        own.max(nat + loc)
    };
    let max = groups
        .iter()
        .filter_map(|gi| data.groups.get(*gi))
        .flat_map(|g| &g.bars)
        .map(stack_top)
        .fold(0.0, f64::max)
        / 1000.0;
    // Ticks in billions over values in millions; capped, as the top tick of an axis near
    // f64::MAX would overflow to ∞ (and ∞/∞ is NaN).
    let scale = Linear::nice(max, if plot_h < 220.0 { 4 } else { 5 }, 1000.0, f64::MAX);
    let ticks = &scale.ticks;
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|t| format::number_trim(*t, 2, lang))
        .collect();
    let tick_w = tick_labels
        .iter()
        .map(|l| theme::text_width(l, 11.0))
        .fold(0.0, f64::max)
        + 8.0;
    // Room above the top tick for value labels, rates and the stated comparisons.
    let plot_top = y + headroom;
    let y0 = plot_top + plot_h;
    let x0 = left + tick_w;
    let x1 = right;
    let scale = scale.upward(y0, plot_h);
    let ticks = &scale.ticks;
    let yv = |v: f64| scale.at(v);

    for (t, label) in ticks.iter().zip(&tick_labels) {
        let ty = yv(t * 1000.0).round();
        let color = if *t == 0.0 { theme::AXIS } else { theme::GRID };
        b.line((x0, ty), (x1, ty), color, 1.0);
        b.text(
            x0 - 6.0,
            ty,
            label.clone(),
            11.0,
            TextStyle::new(theme::MUTED, HAlign::Right, VAlign::Middle),
        );
    }

    // Values → `scale`, years → `axis`: a band per slot, a missing-years gap narrower.
    let axis = time_axis(&slots, x0, x1);
    let unit = axis.unit();
    let k_max = groups
        .iter()
        .filter_map(|gi| data.groups.get(*gi))
        .map(|g| g.bars.len())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    // Bars thinner than a pixel: one rect per pixel column and series instead
    // (uPlot-style decimation); every period keeps its own target.
    let dense = unit * 0.78 / k_max < 1.0;
    let columns = if dense {
        (x1 - x0).ceil().max(1.0) as usize + 1
    } else {
        0
    };
    let mut col_top: [Vec<f64>; 2] = [vec![0.0; columns], vec![0.0; columns]];
    let years: Vec<i32> = groups
        .iter()
        .filter_map(|gi| data.groups.get(*gi))
        .map(|g| g.year)
        .collect();
    let (year_size, label_step) = year_type(&years, unit);

    // Pass 1: bars, and the boxes labels must not cover.
    struct Placed {
        gi: usize,
        slot: Rect,
        bars: Vec<(Rect, usize)>,
    }
    let mut placed: Vec<Placed> = Vec::new();
    let mut obstacles: Vec<Rect> = Vec::new();
    let mut label_bottom = y0;
    let mut year_index = 0usize;
    for (si, slot) in slots.iter().enumerate() {
        let (x, sw, cx) = (axis.start(si), axis.width(si), axis.centre(si));
        match *slot {
            Slot::Gap(from, to) => {
                // Missing years: a break in the axis and the years named, never closed up.
                let none = match lang {
                    Lang::Vi => "không có số liệu",
                    Lang::En => "no figures",
                };
                let words_top = y0 + 8.0;
                let ly = gap_slot(b, (cx, sw, y0), (from, to), none, !dense);
                label_bottom = label_bottom.max(ly);
                if !dense {
                    let anchor = super::annotate::Anchor::Gap(section, from, to);
                    let rect = Rect::new(x, words_top, sw, ly - words_top);
                    b.axis_words
                        .push(super::annotate::AxisWords { anchor, rect });
                }
            }
            Slot::Year(gi) => {
                let Some(g) = data.groups.get(gi) else {
                    continue;
                };
                // The year's bars, side by side and centred in its slot: a band in a band.
                let k = g.bars.len().max(1) as f64;
                let (bar_w, inner) = if dense {
                    (sw / k, 0.0)
                } else {
                    let w = (sw * 0.78 / k).clamp(1.0, 64.0);
                    (w, (w * 0.12).min(6.0))
                };
                let in_slot = Band::equal(g.bars.len())
                    .padding(inner, 0.0)
                    .centred(x, sw, bar_w);
                let mut bars = Vec::new();
                for (bi, bar) in g.bars.iter().enumerate() {
                    let Some(f) = fig(bar.figure) else { continue };
                    let bx = in_slot.start(bi);
                    let r = Rect::new(bx, yv(f.value), bar_w, y0 - yv(f.value));
                    if dense {
                        let col =
                            ((in_slot.centre(bi) - x0).floor().max(0.0) as usize).min(columns - 1);
                        let basis_col = usize::from(f.basis == Basis::Actual);
                        if let Some(c) = col_top[basis_col].get_mut(col) {
                            *c = c.max(f.value);
                        }
                        bars.push((r, bar.figure));
                        continue;
                    }
                    b.bar(r, style_of(f), pal);
                    obstacles.push(r);
                    if let Some(nf) = bar.national.and_then(fig) {
                        let nr = Rect::new(bx, yv(nf.value), bar_w, y0 - yv(nf.value));
                        let nst = if f.basis == Basis::Plan {
                            BarStyle::NationalPlan
                        } else {
                            BarStyle::NationalActual
                        };
                        b.bar(nr, nst, pal);
                    }
                    bars.push((r, bar.figure));
                }
                // The pace mark: where the plan stands after the months elapsed.
                if let (Some((p, v, _)), false) = (pace_mark(ds, g), dense) {
                    if let Some((pr, _)) = bars.iter().find(|(_, i)| *i == p) {
                        let py = yv(v).round();
                        b.line((pr.x - 3.0, py), (pr.right() + 3.0, py), theme::INK, 2.0);
                    }
                }
                // Year, then what each bar covers, in words.
                if year_index % label_step == 0 {
                    year_label(b, (cx, y0), g.year, year_size);
                }
                let mut ly = y0 + 22.0;
                // The execution rate of a plan/spent pair, under its year.
                let paired = pair_of(ds, g).is_some();
                if !dense && sw >= 24.0 {
                    if let Some(text) = pair_rate(ds, data, gi, lang) {
                        for line in theme::wrap(&text, 11.0 * 1.08, sw - 2.0) {
                            b.text(
                                cx,
                                ly,
                                line,
                                11.0,
                                TextStyle::new(theme::INK, HAlign::Center, VAlign::Top).bold(true),
                            );
                            ly += 14.0;
                        }
                    }
                }
                if !dense && sw >= 36.0 {
                    let mut seen: Vec<String> = Vec::new();
                    for bar in &g.bars {
                        if let Some(f) = fig(bar.figure) {
                            // A pair speaks for itself (hollow plan, solid spent): only a
                            // part-year figure needs its words there.
                            if paired && !f.is_partial_year() {
                                continue;
                            }
                            let c = coverage(f, lang);
                            if !seen.contains(&c) {
                                let words_top = ly;
                                ly = muted_lines(b, cx, ly, theme::wrap(&c, 10.5, sw - 4.0));
                                seen.push(c);
                                if f.is_partial_year() {
                                    let anchor = super::annotate::Anchor::Figure(bar.figure);
                                    let rect = Rect::new(x, words_top, sw, ly - words_top);
                                    b.axis_words
                                        .push(super::annotate::AxisWords { anchor, rect });
                                }
                            }
                        }
                    }
                }
                label_bottom = label_bottom.max(ly);
                placed.push(Placed {
                    gi,
                    slot: Rect::new(x, 0.0, sw, 0.0),
                    bars,
                });
                year_index += 1;
            }
        }
    }
    if dense {
        // Plan behind (light), spent in front (solid): one rect per pixel column.
        for (series, fill) in [(0, pal.light_dark), (1, pal.solid)] {
            for (i, v) in col_top[series].iter().enumerate() {
                if *v > 0.0 {
                    let t = yv(*v);
                    b.rect(Rect::new(x0 + i as f64, t, 1.0, y0 - t), Some(fill), None);
                }
            }
        }
    }

    // Pass 2: value labels, each where it fits without covering a bar or another label:
    // above its bar, smaller, then raised a line at a time (never dropped).
    let mut labels: Vec<Rect> = Vec::new();
    let mut label_top: Vec<(usize, f64)> = Vec::new();
    // Value labels need a slot of 14 px a bar: below that (hundreds of periods) the
    // tooltip and the data table carry the numbers.
    let labelled = !dense && unit / k_max >= 14.0;
    if labelled {
        for p in &placed {
            for (r, i) in &p.bars {
                let Some(f) = fig(*i) else { continue };
                let text = bar_label(f, lang);
                let spot = place_label(
                    &text,
                    r,
                    &obstacles,
                    &labels,
                    plot_top - headroom + 2.0,
                    (x0, x1),
                );
                b.text(
                    spot.0,
                    spot.1,
                    text,
                    spot.2,
                    TextStyle::new(theme::INK, HAlign::Center, VAlign::Bottom),
                );
                labels.push(spot.3);
                label_top.push((*i, spot.3.y));
            }
        }
        // Stated comparisons: a bracket from the earlier bar to the later, with the growth.
        for (gi, pos, gf) in &data.growths {
            let Some(p) = placed.iter().find(|p| p.gi == *gi) else {
                continue;
            };
            let Some((cur, cur_fig)) = p.bars.get(*pos) else {
                continue;
            };
            let Some(growth) = fig(*gf) else { continue };
            let Some(cur_f) = fig(*cur_fig) else { continue };
            // The earlier year's bar: same basis if there is one, else any.
            let prev = placed.iter().find(|q| {
                data.groups
                    .get(q.gi)
                    .is_some_and(|g| g.year == cur_f.year.saturating_sub(1) && g.section == section)
            });
            let Some(prev) = prev else { continue };
            let pick = prev
                .bars
                .iter()
                .find(|(_, i)| fig(*i).is_some_and(|f| f.basis == cur_f.basis))
                .or_else(|| prev.bars.last());
            let Some((pr, pfig)) = pick else { continue };
            let top_of = |i: usize, r: &Rect| {
                label_top
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|(_, t)| *t)
                    .unwrap_or(r.y)
            };
            let a = (pr.x + pr.w / 2.0 + 3.0, top_of(*pfig, pr) - 3.0);
            let c = (cur.x + cur.w / 2.0 - 3.0, top_of(*cur_fig, cur) - 3.0);
            let text = format!("+{} %", format::number_trim(growth.value, 2, lang));
            let size = 11.0;
            let tw = theme::text_width(&text, size);
            let mut by = a.1.min(c.1) - 8.0;
            let mid = (a.0 + c.0) / 2.0;
            let lx = (mid - tw / 2.0).min(x1 - tw).max(x0);
            loop {
                let r = Rect::new(lx, by - size - 2.0, tw, size);
                if by - size - 2.0 <= plot_top - headroom + 2.0
                    || !labels.iter().any(|l| l.intersects(&r))
                {
                    break;
                }
                by -= 12.0;
            }
            b.line(a, (a.0, by), theme::MUTED, 1.0);
            b.line((a.0, by), (c.0, by), theme::MUTED, 1.0);
            b.line((c.0, by), c, theme::MUTED, 1.0);
            b.text(
                lx + tw / 2.0,
                by - 2.0,
                text,
                size,
                TextStyle::new(theme::INK, HAlign::Center, VAlign::Bottom),
            );
            labels.push(Rect::new(lx, by - size - 2.0, tw, size));
        }
    }

    // Narrow slots had no room for the words under the bars: the part-year notes
    // (`annotate`) say them, as markers with the text under the chart.
    // Targets: a year's whole column, from the labels above to the words below.
    let col_top_y = plot_top - headroom;
    for p in &placed {
        let rect = Rect::new(p.slot.x, col_top_y, p.slot.w, label_bottom - col_top_y);
        column_target(b, data, p.gi, rect, p.bars.clone());
    }
    let highest = labels.iter().map(|l| plot_top - l.y).fold(0.0, f64::max);
    (label_bottom + 10.0, highest)
}

/// Small muted words under a panel, wrapped to `pw` from (`left`, `y`): `at` = (left, y,
/// pw). Returns the y below them.
pub(crate) fn note_under(b: &mut Builder, at: (f64, f64, f64), text: &str) -> f64 {
    let (left, mut y, pw) = at;
    for line in theme::wrap(text, 11.0, pw) {
        b.text(left, y, line, 11.0, TextStyle::top_left(theme::MUTED));
        y += 14.0;
    }
    y
}

/// Year `gi`'s whole column as one target over `rect`, highlighting `rings`.
pub(crate) fn column_target(
    b: &mut Builder,
    data: &FundingData,
    gi: usize,
    rect: Rect,
    rings: Vec<(Rect, usize)>,
) {
    let members = data.column_members(gi);
    let Some(&first) = members.first() else {
        return;
    };
    b.hits.push(BarHit {
        rect,
        figure: first,
        group: gi,
        series: 0,
        members,
        rings,
    });
}

/// Where a label of `text` goes above `anchor`: (x, y of its bottom, size, its box).
/// Tries 11 px then 9.5 px, then raises it a line at a time until it covers nothing.
fn place_label(
    text: &str,
    anchor: &Rect,
    bars: &[Rect],
    labels: &[Rect],
    ceiling: f64,
    span: (f64, f64),
) -> (f64, f64, f64, Rect) {
    let cx = anchor.x + anchor.w / 2.0;
    let mut last = (cx, anchor.y - 3.0, 9.5, Rect::default());
    for raise in 0..6 {
        for size in [11.0, 9.5] {
            let w = theme::text_width(text, size);
            let bottom = anchor.y - 3.0 - raise as f64 * 12.0;
            let x = (cx - w / 2.0).min((span.1 - w).max(span.0)).max(span.0);
            let r = Rect::new(x, bottom - size, w, size);
            let free = !bars.iter().any(|o| o.intersects(&r))
                && !labels
                    .iter()
                    .any(|o| o.intersects(&Rect::new(r.x - 1.0, r.y, r.w + 2.0, r.h)));
            last = (x + w / 2.0, bottom, size, r);
            if free || r.y <= ceiling {
                return last;
            }
        }
    }
    last
}

pub(crate) fn gauges(b: &mut Builder, ds: &Dataset, data: &FundingData, lang: Lang) {
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
            .measure_of(f)
            .map(|m| m.name.get(lang))
            .unwrap_or(&f.measure);
        // A no-break space keeps "29 %" on one line.
        let value = super::flagged_label(
            f,
            format!("{}\u{a0}%", format::number_trim(f.value, 2, lang)),
        );
        let text = format!(
            "{name}, {}: {value}",
            format::period(f.year, f.months, lang)
        );
        let text_top = b.y;
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
            Lang::Vi => format!("đã qua {}/12 tháng", f.months),
            Lang::En => format!("{}/12 months elapsed", f.months),
        };
        let (mx, h) = if elapsed > 0.6 {
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
        // The gauge's words and track together: one target, well over 24 px tall.
        let target = Rect::new(
            PAD,
            text_top,
            b.inner_width(),
            track.bottom() + 16.0 - text_top,
        );
        b.hits.push(BarHit {
            rect: target,
            figure: i,
            group: data.groups.len() + k,
            series: 0,
            members: Vec::new(),
            rings: vec![(track, i)],
        });
        b.y = track.bottom() + 20.0;
    }
}
