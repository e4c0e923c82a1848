//! The funding chart's second view: what was spent as a share of the plan of the same
//! year ("đạt 95 % kế hoạch"), one bar per year that has both figures, a 100 % line for
//! the plan, and for a part-year the share of the year elapsed (the pace mark).
//!
//! Stated rates ("đạt 17,88 % kế hoạch") come before computed ones; a computed rate is
//! marked `*` like every other computed figure. Years without both figures are named
//! with words saying which one is missing; a panel with no such year is a sentence.

use super::funding::{self, FundingData, Slot, SECTIONS};
use super::layout::{BarStyle, Builder, LegendItem, LegendSwatch, TextStyle, PAD};
use super::scale::Linear;
use super::scene::{HAlign, Rect, Scene, VAlign};
use super::tooltip::{formula_words, value_short, TipSection};
use super::{format, theme, ChartOptions, Flag};
use crate::data::{Basis, Dataset, Lang};

/// A year's spending as a share of its plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub plan: usize,
    pub actual: usize,
    /// The rate the article states, when it does (preferred to computing one).
    pub stated: Option<usize>,
    /// Per cent of the plan spent.
    pub percent: f64,
    /// For a part-year spending against a full-year plan: the per cent of the year
    /// elapsed (months / 12), where spending would stand if it kept pace.
    pub pace: Option<f64>,
}

/// The share of plan of group `gi`, if that year has a plan and a spent figure.
pub fn rate_of(ds: &Dataset, data: &FundingData, gi: usize) -> Option<Rate> {
    let g = data.groups.get(gi)?;
    let (plan, actual) = funding::pair_of(ds, g)?;
    let (pf, af) = (ds.figures.get(plan)?, ds.figures.get(actual)?);
    let stated = data
        .pair_rates
        .iter()
        .find(|(g2, _)| *g2 == gi)
        .map(|(_, f)| *f);
    let percent = match stated.and_then(|i| ds.figures.get(i)) {
        Some(r) => r.value,
        None => af.value / pf.value * 100.0,
    };
    if !percent.is_finite() || pf.value <= 0.0 {
        return None;
    }
    let pace = funding::pace_mark(ds, g).map(|(_, _, months)| f64::from(months) / 12.0 * 100.0);
    Some(Rate {
        plan,
        actual,
        stated,
        percent,
        pace,
    })
}

/// The label over a bar: "17,88 %" as stated, "95 %*" computed (the footnote says `*`).
pub fn label(ds: &Dataset, r: &Rate, lang: Lang) -> String {
    match r.stated.and_then(|i| ds.figures.get(i)) {
        Some(f) => super::flagged_label(f, format!("{} %", format::number_trim(f.value, 2, lang))),
        None => format!(
            "{} %{}",
            format::number_trim(r.percent, 0, lang),
            Flag::Derived.sign()
        ),
    }
}

/// The rate in words, as tooltips, buttons, the summary and the table say it: "đạt
/// 17,88 % kế hoạch", "đạt 95 % kế hoạch (số tính ra)" / "95 % of plan (computed)".
pub fn words(ds: &Dataset, r: &Rate, lang: Lang) -> String {
    words_marked(ds, r, lang, true)
}

/// [`words`], the computed mark left out when `marked` is false (a summary says once
/// that its rates are computed).
pub fn words_marked(ds: &Dataset, r: &Rate, lang: Lang, marked: bool) -> String {
    let (value, computed) = match r.stated.and_then(|i| ds.figures.get(i)) {
        Some(f) => (value_short(ds, f, lang), false),
        None => (
            format::value_with_unit(r.percent.round(), crate::data::Unit::Percent, lang),
            marked,
        ),
    };
    match (lang, computed) {
        (Lang::Vi, false) => format!("đạt {value} kế hoạch"),
        (Lang::Vi, true) => format!("đạt {value} kế hoạch (số tính ra)"),
        (Lang::En, false) => format!("{value} of plan"),
        (Lang::En, true) => format!("{value} of plan (computed)"),
    }
}

/// For a year's column whose pair has no stated rate: the computed share of plan, as a
/// tooltip section with its formula (a stated rate has its own section already).
/// `brief`: without the formula (a button's name never says it).
pub fn tip_section(ds: &Dataset, members: &[usize], lang: Lang, brief: bool) -> Option<TipSection> {
    let figs: Vec<_> = members.iter().filter_map(|i| ds.figures.get(*i)).collect();
    if figs.iter().any(|f| funding::is_rate(&f.measure)) {
        return None;
    }
    let find = |basis: Basis| {
        figs.iter()
            .find(|f| f.basis == basis && SECTIONS.contains(&f.measure.as_str()))
    };
    let (p, a) = (find(Basis::Plan)?, find(Basis::Actual)?);
    if ds.measure_id_of(p) != ds.measure_id_of(a) || p.year != a.year || p.value <= 0.0 {
        return None;
    }
    let percent = a.value / p.value * 100.0;
    if !percent.is_finite() {
        return None;
    }
    let value = format::value_with_unit(percent.round(), crate::data::Unit::Percent, lang);
    let (title, value, l_flags, l_formula) = match lang {
        Lang::Vi => (
            "So với kế hoạch",
            format!("đạt {value} kế hoạch"),
            "Lưu ý",
            "Cách tính",
        ),
        Lang::En => (
            "Against the plan",
            format!("{value} of plan"),
            "Flags",
            "Formula",
        ),
    };
    let flags = (l_flags.into(), Flag::Derived.word(lang).into());
    if brief {
        return Some(TipSection {
            title: title.into(),
            value,
            rows: vec![flags],
            quote: String::new(),
            source: String::new(),
        });
    }
    // Integer arithmetic, no float formatting (≈ 10 KB of wasm): "49400 / 52000 * 100".
    let plain = |v: f64| {
        let s = format::fixed(v, 2);
        match s.strip_suffix(".00") {
            Some(int) => int.to_string(),
            None => s.trim_end_matches('0').to_string(),
        }
    };
    let formula = format!("{} / {} * 100", plain(a.value), plain(p.value));
    Some(TipSection {
        title: title.into(),
        value,
        rows: vec![flags, (l_formula.into(), formula_words(&formula, lang))],
        quote: String::new(),
        source: String::new(),
    })
}

pub fn title(ds: &Dataset, region: &str, lang: Lang) -> (String, String) {
    let name = funding::region_name(ds, region, lang);
    match lang {
        Lang::Vi => (
            format!(
                "Kinh phí khuyến công {}: đã thực hiện bao nhiêu phần trăm kế hoạch",
                super::region_in_text(name, lang)
            ),
            "Số đã thực hiện chia kế hoạch cùng năm, tính bằng %; vạch ngang 100 % là kế hoạch. Chỉ những năm có cả hai số mới có cột.".into(),
        ),
        Lang::En => (
            format!("Khuyến công funding, {name}: share of the plan spent"),
            "Spending divided by the same year's plan, in %; the 100 % line is the plan. Only years with both figures have a bar.".into(),
        ),
    }
}

pub fn layout(ds: &Dataset, opts: &ChartOptions, width: f64) -> Scene {
    let lang = opts.lang;
    let region = funding::chart_region(ds, opts);
    // A share needs both of its figures: the legend's series toggles do not apply here.
    let data = FundingData::collect(ds, region);
    let mut b = Builder::new(width);
    b.min_target = opts.min_target();
    let (t, s) = title(ds, region, lang);
    b.header(&t, &s);

    // One pass over the years: the shares, and what the legend and footnote need.
    // (Loops, not iterator chains: each chain is its own code in the wasm.)
    let fig = |i: usize| ds.figures.get(i);
    let mut rates: Vec<(usize, Rate)> = Vec::new();
    let (mut partial, mut pace) = (false, false);
    let mut flags: Vec<Flag> = Vec::new();
    for gi in 0..data.groups.len() {
        let Some(r) = rate_of(ds, &data, gi) else {
            continue;
        };
        partial |= fig(r.actual).is_some_and(|f| f.is_partial_year());
        pace |= r.pace.is_some();
        // The sign drawn on the share: the stated rate's, or `*` computed.
        match r.stated.and_then(fig) {
            Some(f) => flags.extend(super::label_sign(f)),
            None => flags.push(Flag::Derived),
        }
        rates.push((gi, r));
    }
    let labels = match lang {
        Lang::Vi => [
            "Đã thực hiện, % kế hoạch",
            "Chưa hết năm",
            "Phần năm đã qua (mức đúng tiến độ)",
        ],
        Lang::En => [
            "Spent, % of plan",
            "Part of the year",
            "Share of the year elapsed (on pace)",
        ],
    };
    let swatches = [
        LegendSwatch::Bar(BarStyle::Actual, data.region_index),
        LegendSwatch::Bar(BarStyle::ActualPartial, data.region_index),
        LegendSwatch::PaceMark,
    ];
    let mut items = Vec::new();
    for ((swatch, label), shown) in
        swatches
            .into_iter()
            .zip(labels)
            .zip([!rates.is_empty(), partial, pace])
    {
        if shown {
            items.push(LegendItem {
                swatch,
                label: label.into(),
                key: None,
                hidden: false,
            });
        }
    }
    if !items.is_empty() {
        b.legend(&items);
    }

    let mut drawn = false;
    for section in 0..SECTIONS.len() {
        if let Some(sentence) = funding::no_pair_sentence(ds, &data, section, lang) {
            b.note_box(&sentence);
        }
        drawn |= data.has_pair(ds, section);
    }
    if !drawn {
        let msg = match lang {
            Lang::Vi => "Chế độ xem “% kế hoạch” chỉ vẽ được những năm có cả số kế hoạch và số đã thực hiện; số liệu của khu vực này không có năm nào như vậy. Chế độ xem “số tiền” cho thấy mọi số bài viết nêu.",
            Lang::En => "The “% of plan” view can only draw years with both a plan and a spent figure, and this region has none. The “amounts” view shows every figure the articles give.",
        };
        b.paragraph(msg, 13.0, false, theme::INK);
        b.y += 6.0;
    }
    for section in 0..SECTIONS.len() {
        if data.has_pair(ds, section) {
            b.y = panel(&mut b, ds, &data, &rates, section, lang) + 6.0;
        }
    }
    if !data.rates.is_empty() {
        funding::gauges(&mut b, ds, &data, lang);
    }
    let mut files = Vec::new();
    for i in data.figures() {
        let Some(f) = fig(i) else { continue };
        files.push(ds.source_id_of(f));
        // The gauges' signs.
        if data.rates.contains(&i) {
            flags.extend(super::label_sign(f));
        }
    }
    // The dataset's notes, as in the amounts view: on the chart where their figure is
    // drawn, else listed under it (a note about a year with no pair still says its
    // words); a generated note only where what it explains is drawn here.
    let notes: Vec<_> = super::annotate::notes_of(ds, opts, Some(&data))
        .into_iter()
        .filter(|n| !n.generated() || super::annotate::anchored(&b, ds, n))
        .collect();
    super::annotate::place(&mut b, ds, &notes, lang);
    b.footer(ds, &flags, &files, lang);
    b.finish(true)
}

/// One money measure's shares, full width from `b.y`; returns the y below it.
fn panel(
    b: &mut Builder,
    ds: &Dataset,
    data: &FundingData,
    rates: &[(usize, Rate)],
    section: usize,
    lang: Lang,
) -> f64 {
    let pal = theme::palette(data.region_index);
    let fig = |i: usize| ds.figures.get(i);
    let (left, right) = (PAD, b.width - PAD);
    let pw = right - left;
    let mut y = funding::panel_heading(b, ds, section, (left, b.y, pw), lang);
    // The unit, and the plan's line named in words (off the plot: never over a label).
    let (unit_label, plan_label) = match lang {
        Lang::Vi => ("% kế hoạch", "Kế hoạch = 100 %"),
        Lang::En => ("% of plan", "Plan = 100 %"),
    };
    b.text(left, y, unit_label, 11.0, TextStyle::top_left(theme::MUTED));
    let sx = left + theme::text_width(unit_label, 11.0) + 18.0;
    let ly = (y + 6.0).round();
    b.line((sx, ly), (sx + 18.0, ly), theme::INK, 1.5);
    b.text(
        sx + 24.0,
        y,
        plan_label,
        11.0,
        TextStyle::top_left(theme::INK),
    );
    y += 18.0;

    let slots = funding::slots(data, section);
    let rate = |gi: usize| rates.iter().find(|(g, _)| *g == gi).map(|(_, r)| r);
    // The highest share (100 % at least) and the years named on the axis.
    let mut top_pct: f64 = 100.0;
    let mut years: Vec<i32> = Vec::new();
    for slot in &slots {
        if let Slot::Year(gi) = slot {
            top_pct = top_pct.max(rate(*gi).map_or(0.0, |r| r.percent));
            years.extend(data.groups.get(*gi).map(|g| g.year));
        }
    }
    let scale = Linear::nice(top_pct, 4, 1.0, 100.0);
    let ticks = &scale.ticks;
    let mut tick_labels: Vec<String> = Vec::new();
    let mut tick_w: f64 = 0.0;
    for t in ticks {
        let l = format!("{} %", format::number_trim(*t, 0, lang));
        tick_w = tick_w.max(theme::text_width(&l, 11.0) + 8.0);
        tick_labels.push(l);
    }
    let plot_h = (b.width * 0.35).clamp(150.0, 240.0);
    // Room above the plot for the labels, raised a line where neighbours would touch.
    let headroom = 40.0;
    let plot_top = y + headroom;
    let y0 = plot_top + plot_h;
    let (x0, x1) = (left + tick_w, right);
    let scale = scale.upward(y0, plot_h);
    let ticks = &scale.ticks;
    let yv = |pct: f64| scale.at(pct);
    for (t, l) in ticks.iter().zip(&tick_labels) {
        let ty = yv(*t).round();
        let color = if *t == 0.0 { theme::AXIS } else { theme::GRID };
        b.line((x0, ty), (x1, ty), color, 1.0);
        b.text(
            x0 - 6.0,
            ty,
            l.clone(),
            11.0,
            TextStyle::new(theme::MUTED, HAlign::Right, VAlign::Middle),
        );
    }
    let hundred = yv(100.0).round();
    b.line((x0, hundred), (x1, hundred), theme::INK, 1.5);

    // Shares → `scale`, years → `axis` (the funding chart's time axis).
    let axis = funding::time_axis(&slots, x0, x1);
    let unit = axis.unit();
    let (year_size, label_step) = funding::year_type(&years, unit);
    let worded = unit >= 36.0;
    let mut label_bottom = y0;
    let mut labels: Vec<Rect> = Vec::new();
    let mut columns: Vec<(Rect, Rect, usize)> = Vec::new();
    let mut untold: Vec<String> = Vec::new();
    let mut year_index = 0usize;
    for (si, slot) in slots.iter().enumerate() {
        let (x, sw, cx) = (axis.start(si), axis.width(si), axis.centre(si));
        match *slot {
            Slot::Gap(from, to) => {
                let none = match lang {
                    Lang::Vi => "không có số liệu",
                    Lang::En => "no figures",
                };
                let ly = funding::gap_slot(b, (cx, sw, y0), (from, to), none, worded);
                label_bottom = label_bottom.max(ly);
            }
            Slot::Year(gi) => {
                let Some(g) = data.groups.get(gi) else {
                    continue;
                };
                if year_index % label_step == 0 {
                    funding::year_label(b, (cx, y0), g.year, year_size);
                }
                year_index += 1;
                let mut ly = y0 + 22.0;
                let told = match rate(gi) {
                    Some(r) => {
                        let af = fig(r.actual);
                        let partial = af.is_some_and(|f| f.is_partial_year());
                        let bw = (sw * 0.5).clamp(6.0, 48.0);
                        let top = yv(r.percent);
                        let bar = Rect::new(cx - bw / 2.0, top, bw, y0 - top);
                        let style = if partial {
                            BarStyle::ActualPartial
                        } else {
                            BarStyle::Actual
                        };
                        b.bar(bar, style, pal);
                        if let Some(p) = r.pace {
                            let py = yv(p).round();
                            b.line((bar.x - 4.0, py), (bar.right() + 4.0, py), theme::INK, 2.0);
                        }
                        // The share over its bar: smaller, then a line higher, if it
                        // would touch the label before it.
                        let text = label(ds, r, lang);
                        let mut spot = Rect::default();
                        // Never across the plan's line or the pace mark.
                        let mut lines = vec![Rect::new(x0, hundred - 1.5, x1 - x0, 3.0)];
                        if let Some(p) = r.pace {
                            lines.push(Rect::new(
                                bar.x - 4.0,
                                yv(p).round() - 1.5,
                                bar.w + 8.0,
                                3.0,
                            ));
                        }
                        'place: for raise in 0..4 {
                            for size in [11.0, 9.5] {
                                let w = theme::text_width(&text, size) * 1.08;
                                let bottom = top - 3.0 - f64::from(raise) * 12.0;
                                let lx = (cx - w / 2.0).min(x1 - w).max(x0);
                                spot = Rect::new(lx, bottom - size, w, size);
                                let near = Rect::new(spot.x - 2.0, spot.y, spot.w + 4.0, spot.h);
                                if !labels.iter().chain(&lines).any(|l| l.intersects(&near)) {
                                    break 'place;
                                }
                            }
                        }
                        b.text(
                            spot.x + spot.w / 2.0,
                            spot.bottom(),
                            text,
                            spot.h,
                            TextStyle::new(theme::INK, HAlign::Center, VAlign::Bottom).bold(true),
                        );
                        labels.push(spot);
                        columns.push((Rect::new(x, 0.0, sw, 0.0), bar, gi));
                        af.filter(|_| partial).map(|f| {
                            let c = funding::coverage(f, lang);
                            let note = format!("{} {}", super::table::lower_first(&c), f.year);
                            (c, note)
                        })
                    }
                    None => {
                        // A year with one figure only: said in words, no bar.
                        let has = |basis: Basis| {
                            g.bars
                                .iter()
                                .any(|bar| fig(bar.figure).is_some_and(|f| f.basis == basis))
                        };
                        let words = match (lang, has(Basis::Plan)) {
                            (Lang::Vi, true) => "chỉ có kế hoạch",
                            (Lang::Vi, false) => "chỉ có số đã thực hiện",
                            (Lang::En, true) => "plan only",
                            (Lang::En, false) => "spending only",
                        };
                        Some((words.to_string(), format!("{} {words}", g.year)))
                    }
                };
                // Under the year where every word fits, else in the note under the panel.
                if let Some((words, note)) = told {
                    let lines = theme::wrap(&words, 10.5, sw - 4.0);
                    if worded && !lines.iter().any(|l| l.contains('…')) {
                        ly = funding::muted_lines(b, cx, ly, lines);
                    } else {
                        untold.push(note);
                    }
                }
                label_bottom = label_bottom.max(ly);
            }
        }
    }
    // Narrow slots had no room for their words: said under the panel instead.
    if !untold.is_empty() {
        let text = format!("{}.", untold.join("; "));
        label_bottom = funding::note_under(b, (left, label_bottom + 4.0, pw), &text);
    }
    let col_top = plot_top - headroom;
    for (slot, bar, gi) in columns {
        let Some(r) = rate(gi) else { continue };
        let rect = Rect::new(slot.x, col_top, slot.w, label_bottom - col_top);
        funding::column_target(b, data, gi, rect, vec![(bar, r.actual)]);
    }
    label_bottom + 10.0
}
