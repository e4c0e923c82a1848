//! The figures behind a chart as rows of text: the accessible data table, the no-script
//! fallback, CSV export and the spoken summary all come from here.

use super::{activities, format, funding, ChartKind, ChartOptions, Flag, RegionSel};
use crate::data::{Basis, Dataset, Lang, Unit};

/// One figure, every column already worded for the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub figure: usize,
    pub id: String,
    pub region: String,
    pub year: i32,
    pub months: u8,
    pub period: String,
    pub measure: String,
    pub basis: String,
    pub value: f64,
    /// Exact value with unit and flag signs ("> 1.036", "48.331 triệu đồng").
    pub value_text: String,
    pub unit: &'static str,
    pub flags: String,
    pub note: String,
    pub source_title: String,
    pub source_file: String,
    pub quote: String,
}

/// Column headings, in the order of [`Row::cells`].
pub fn headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Vi => [
            "Khu vực",
            "Kỳ",
            "Chỉ tiêu",
            "Loại số liệu",
            "Giá trị",
            "Lưu ý",
            "Nguồn (trích nguyên văn)",
        ],
        Lang::En => [
            "Region",
            "Period",
            "Measure",
            "Basis",
            "Value",
            "Flags and notes",
            "Source (verbatim quote)",
        ],
    }
}

impl Row {
    /// Cells for the HTML/DOM table, matching [`headers`].
    pub fn cells(&self) -> [String; 7] {
        let notes = match (self.flags.is_empty(), self.note.is_empty()) {
            (true, true) => String::new(),
            (false, true) => self.flags.clone(),
            (true, false) => self.note.clone(),
            (false, false) => format!("{}. {}", self.flags, self.note),
        };
        [
            self.region.clone(),
            self.period.clone(),
            self.measure.clone(),
            self.basis.clone(),
            self.value_text.clone(),
            notes,
            format!("“{}” — {}", self.quote, self.source_title),
        ]
    }
}

/// Indices of the figures a chart presents, in reading order.
pub fn chart_figures(ds: &Dataset, opts: &ChartOptions) -> Vec<usize> {
    match opts.kind {
        ChartKind::Funding => {
            let region = match &opts.region {
                RegionSel::One(r) => r.as_str(),
                RegionSel::All => ds.regions.first().map(|r| r.id.as_str()).unwrap_or(""),
            };
            funding::FundingData::collect(ds, region).figures()
        }
        ChartKind::Activities => activities::collect(ds, opts, false)
            .into_iter()
            .flat_map(|(_, v)| v)
            .collect(),
    }
}

pub fn rows(ds: &Dataset, opts: &ChartOptions) -> Vec<Row> {
    rows_of(ds, opts, &chart_figures(ds, opts))
}

/// Rows for the given figures (indices into `ds.figures`).
pub fn rows_of(ds: &Dataset, opts: &ChartOptions, figures: &[usize]) -> Vec<Row> {
    let lang = opts.lang;
    figures
        .iter()
        .copied()
        .filter_map(|i| {
            let f = ds.figures.get(i)?;
            let flags = Flag::words_of(f, lang);
            let source = ds.source_of(f);
            Some(Row {
                figure: i,
                id: f.id.clone(),
                region: ds
                    .region_of(f)
                    .map(|r| r.name.get(lang).to_string())
                    .unwrap_or_else(|| f.region.clone()),
                year: f.year,
                months: f.months,
                period: format::period(f.year, f.months, lang),
                measure: ds
                    .measure_of(f)
                    .map(|m| m.name.get(lang).to_string())
                    .unwrap_or_else(|| f.measure.clone()),
                basis: format::basis(f.basis, lang).to_string(),
                value: f.value,
                value_text: super::tooltip::value_words(ds, f, lang),
                unit: match f.unit {
                    Unit::MillionVnd => "million_vnd",
                    Unit::Count => "count",
                    Unit::Percent => "percent",
                },
                flags,
                note: f
                    .note
                    .as_ref()
                    .map(|n| n.get(lang).to_string())
                    .unwrap_or_default(),
                source_title: source
                    .map(|s| super::tooltip::source_label(s, lang))
                    .unwrap_or_default(),
                source_file: f.source.file.clone(),
                quote: f.source.quote.clone(),
            })
        })
        .collect()
}

/// "Total funding" → "total funding" inside an English sentence (no Unicode tables needed).
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Longest summary, in characters: one paragraph a screen reader reads in a breath.
pub const SUMMARY_MAX_CHARS: usize = 600;
/// Most of the summary the chart's notes may take.
pub const SUMMARY_NOTES_CHARS: usize = 200;

/// The chart's story in one paragraph (at most [`SUMMARY_MAX_CHARS`]): what is compared,
/// the main finding and what is missing, built from the data. The figures themselves are
/// in the bars and the table; this is not a list of them.
pub fn summary(ds: &Dataset, opts: &ChartOptions) -> String {
    match opts.kind {
        // Collected once for the story, the notes and the figures it speaks of.
        ChartKind::Funding => {
            let data = funding::FundingData::collect(ds, funding::chart_region(ds, opts));
            summary_of(ds, opts, &data.figures(), Some(&data))
        }
        ChartKind::Activities => summary_of(ds, opts, &chart_figures(ds, opts), None),
    }
}

/// [`summary`] of the figures `all`, with a funding chart's collected `data`.
fn summary_of(
    ds: &Dataset,
    opts: &ChartOptions,
    all: &[usize],
    data: Option<&funding::FundingData>,
) -> String {
    let lang = opts.lang;
    if all.is_empty() {
        return match lang {
            Lang::Vi => "Biểu đồ không có số liệu.".into(),
            Lang::En => "The chart has no figures.".into(),
        };
    }
    let mut sentences = match data {
        Some(d) => funding_story(ds, opts, d),
        None => activities_story(ds, opts, all),
    };
    // The chart's notes after what is compared and the main finding, in the room left.
    let at = sentences.len().min(2);
    let used: usize = sentences[..at].iter().map(|s| s.chars().count() + 1).sum();
    let notes = super::annotate::notes_of(ds, opts, data);
    // A share of the room: the article's own comparisons still get theirs.
    let room = SUMMARY_MAX_CHARS
        .saturating_sub(used)
        .min(SUMMARY_NOTES_CHARS);
    if let Some(s) = super::annotate::summary_sentence(ds, &notes, lang, room) {
        sentences.insert(at, s);
    }
    // Most important first; later sentences give way to the length limit.
    let mut out = String::new();
    for s in sentences {
        let next = if out.is_empty() {
            s.clone()
        } else {
            format!("{out} {s}")
        };
        if next.chars().count() > SUMMARY_MAX_CHARS {
            if out.is_empty() {
                out = next.chars().take(SUMMARY_MAX_CHARS - 1).collect::<String>() + "…";
                break;
            }
            // A shorter sentence further on may still fit.
            continue;
        }
        out = next;
    }
    out
}

fn region_of(ds: &Dataset, opts: &ChartOptions, lang: Lang) -> String {
    match &opts.region {
        RegionSel::All => match lang {
            Lang::Vi => "hai khu vực".into(),
            Lang::En => "both regions".into(),
        },
        RegionSel::One(r) => {
            let name = ds.region(r).map(|x| x.name.get(lang)).unwrap_or(r.as_str());
            super::region_in_text(name, lang)
        }
    }
}

/// "kế hoạch năm 2017 là 48,33 tỷ đồng" pieces: a figure's period and value in words.
fn said(ds: &Dataset, i: usize, lang: Lang) -> Option<String> {
    let f = ds.figures.get(i)?;
    let v = super::tooltip::value_short(ds, f, lang);
    Some(format!(
        "{} ({v})",
        format::period_in_text(f.year, f.months, lang)
    ))
}

fn join_words(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Vi => " và ",
        Lang::En => " and ",
    };
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{}{and}{}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn funding_story(ds: &Dataset, opts: &ChartOptions, data: &funding::FundingData) -> Vec<String> {
    let lang = opts.lang;
    let place = region_of(ds, opts, lang);
    let share = opts.view == super::View::Share;
    let mut out = vec![match (lang, share) {
        (Lang::Vi, false) => format!(
            "Biểu đồ so sánh kinh phí khuyến công theo kế hoạch với số đã thực hiện của {place}."
        ),
        (Lang::En, false) => {
            format!("The chart compares planned with spent khuyến công funding in {place}.")
        }
        (Lang::Vi, true) => format!(
            "Biểu đồ cho thấy số đã thực hiện bằng bao nhiêu phần trăm kế hoạch cùng năm (kế hoạch = 100 %) về kinh phí khuyến công của {place}."
        ),
        (Lang::En, true) => format!(
            "The chart shows khuyến công spending in {place} as a share of the same year's plan (the plan = 100 %)."
        ),
    }];
    for section in 0..funding::SECTIONS.len() {
        let groups: Vec<usize> = (0..data.groups.len())
            .filter(|gi| data.groups.get(*gi).is_some_and(|g| g.section == section))
            .collect();
        if groups.is_empty() {
            continue;
        }
        let income = section == 1;
        let mut pairs: Vec<String> = Vec::new();
        let mut computed = false;
        for gi in &groups {
            let Some(g) = data.groups.get(*gi) else {
                continue;
            };
            let Some((p, a)) = funding::pair_of(ds, g) else {
                continue;
            };
            let (Some(pf), Some(af)) = (ds.figures.get(p), ds.figures.get(a)) else {
                continue;
            };
            let rate = data
                .pair_rates
                .iter()
                .find(|(g2, _)| g2 == gi)
                .and_then(|(_, r)| ds.figures.get(*r))
                .map(|r| format::value_with_unit(r.value, Unit::Percent, lang))
                .or_else(|| {
                    (pf.value > 0.0).then(|| {
                        format::value_with_unit(
                            (af.value / pf.value * 100.0).round(),
                            Unit::Percent,
                            lang,
                        )
                    })
                })
                .unwrap_or_default();
            let shared = share
                .then(|| super::share::rate_of(ds, data, *gi))
                .flatten();
            if let Some(r) = shared {
                let period = format::period_in_text(af.year, af.months, lang);
                let words = super::share::words_marked(ds, &r, lang, false);
                computed |= r.stated.is_none();
                pairs.push(match lang {
                    Lang::Vi => format!("{period} {words}"),
                    Lang::En => format!("{period}: {words}"),
                });
                continue;
            }
            pairs.push(match lang {
                Lang::Vi => format!(
                    "{} đạt {rate} kế hoạch năm {}",
                    format::period_in_text(af.year, af.months, lang),
                    pf.year
                ),
                Lang::En => format!(
                    "{} reached {rate} of the {} plan",
                    format::period_in_text(af.year, af.months, lang),
                    pf.year
                ),
            });
        }
        let what = funding::SECTIONS
            .get(section)
            .and_then(|m| ds.measure(m))
            .map(|m| lower_first(m.name.get(lang)))
            .unwrap_or_default();
        if !pairs.is_empty() {
            let lead = match (lang, income) {
                (Lang::Vi, true) => {
                    "Doanh thu tư vấn của các trung tâm (khoản thu, không phải kinh phí, vẽ riêng): "
                        .to_string()
                }
                (Lang::En, true) => "The centres' consulting income (not funding, drawn apart): ".to_string(),
                (Lang::Vi, false) => format!("Về {what}: "),
                (Lang::En, false) => format!("For {what}: "),
            };
            out.push(format!("{lead}{}.", join_words(&pairs, lang)));
            if computed {
                out.push(match lang {
                    Lang::Vi => "Các tỷ lệ không có trong bài là số tính ra: số đã thực hiện chia kế hoạch.".into(),
                    Lang::En => "Rates the articles do not state are computed: spending divided by the plan.".into(),
                });
            }
            continue;
        }
        // No year with both: say what there is, and that it can't be compared.
        let list = |basis: Basis| -> Vec<String> {
            groups
                .iter()
                .filter_map(|gi| data.groups.get(*gi))
                .flat_map(|g| &g.bars)
                .filter(|b| ds.figures.get(b.figure).is_some_and(|f| f.basis == basis))
                .filter_map(|b| said(ds, b.figure, lang))
                .collect()
        };
        let (plans, actuals) = (list(Basis::Plan), list(Basis::Actual));
        out.push(match lang {
            Lang::Vi => format!(
                "Không có năm nào có cả số kế hoạch và số đã thực hiện của {what}{}: chỉ có kế hoạch {} và số đã thực hiện {}.",
                if income { " (doanh thu tư vấn, vẽ riêng)" } else { "" },
                if plans.is_empty() { "— không có".to_string() } else { join_words(&plans, lang) },
                if actuals.is_empty() { "— không có".to_string() } else { join_words(&actuals, lang) },
            ),
            Lang::En => format!(
                "No year has both a plan and a spent figure for {what}: plans for {}, spending for {}.",
                if plans.is_empty() { "none".to_string() } else { join_words(&plans, lang) },
                if actuals.is_empty() { "none".to_string() } else { join_words(&actuals, lang) },
            ),
        });
    }
    for (_, _, g) in &data.growths {
        let Some(f) = ds.figures.get(*g) else {
            continue;
        };
        let pct = format::value_with_unit(f.value, Unit::Percent, lang);
        out.push(match (lang, f.basis) {
            (Lang::Vi, Basis::Plan) => {
                format!(
                    "Kế hoạch năm {} tăng {pct} so với năm {}.",
                    f.year,
                    f.year.saturating_sub(1)
                )
            }
            (Lang::Vi, Basis::Actual) => {
                format!(
                    "Số đã thực hiện năm {} tăng {pct} so với năm {}.",
                    f.year,
                    f.year.saturating_sub(1)
                )
            }
            (Lang::En, Basis::Plan) => {
                format!(
                    "The {} plan is {pct} up on {}.",
                    f.year,
                    f.year.saturating_sub(1)
                )
            }
            (Lang::En, Basis::Actual) => {
                format!(
                    "Spending in {} was {pct} up on {}.",
                    f.year,
                    f.year.saturating_sub(1)
                )
            }
        });
    }
    for r in &data.rates {
        let Some(f) = ds.figures.get(*r) else {
            continue;
        };
        let name = ds.measure_of(f).map(|m| m.name.get(lang)).unwrap_or("");
        let pct = format::value_with_unit(f.value, Unit::Percent, lang);
        out.push(match lang {
            Lang::Vi => format!("{name} sau {} tháng đầu năm {}: {pct}.", f.months, f.year),
            Lang::En => format!(
                "{name} after the first {} months of {}: {pct}.",
                f.months, f.year
            ),
        });
    }
    out
}

fn activities_story(ds: &Dataset, opts: &ChartOptions, all: &[usize]) -> Vec<String> {
    let lang = opts.lang;
    let panels = activities::collect(ds, opts, false);
    let place = region_of(ds, opts, lang);
    let scale = match (lang, opts.scale) {
        (Lang::Vi, super::Scale::Own) => "mỗi chỉ tiêu một thang đo riêng",
        (Lang::Vi, super::Scale::Shared) => "mọi chỉ tiêu chung một thang đo",
        (Lang::En, super::Scale::Own) => "each on its own scale",
        (Lang::En, super::Scale::Shared) => "all on one shared scale",
    };
    let mut out = vec![match lang {
        Lang::Vi => format!(
            "Biểu đồ {} chỉ tiêu hoạt động khuyến công của {place} theo giai đoạn, {scale}.",
            panels.len()
        ),
        Lang::En => format!(
            "The chart shows {} khuyến công activity measures in {place} by period, {scale}.",
            panels.len()
        ),
    }];
    // The largest count, said as the article says it.
    if let Some(f) = all
        .iter()
        .filter_map(|i| ds.figures.get(*i))
        .filter(|f| f.unit == Unit::Count)
        .max_by(|a, b| a.value.total_cmp(&b.value))
    {
        let name = ds.measure_of(f).map(|m| m.name.get(lang)).unwrap_or("");
        let region = ds.region_of(f).map(|r| r.name.get(lang)).unwrap_or("");
        out.push(match lang {
            Lang::Vi => format!(
                "Số lớn nhất: {} {} ({}, {}).",
                super::tooltip::value_words(ds, f, lang),
                lower_first(name),
                super::region_in_text(region, lang),
                format::period(f.year, f.months, lang)
            ),
            Lang::En => format!(
                "The largest: {} {} ({}, {}).",
                super::tooltip::value_words(ds, f, lang),
                lower_first(name),
                super::region_in_text(region, lang),
                format::period(f.year, f.months, lang)
            ),
        });
    }
    // What is missing: part-year figures next to full years.
    let partial: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for f in all.iter().filter_map(|i| ds.figures.get(*i)) {
            if f.months < 12 {
                let p = format::period_in_text(f.year, f.months, lang);
                if !v.contains(&p) {
                    v.push(p);
                }
            }
        }
        v
    };
    if !partial.is_empty() {
        out.push(match lang {
            Lang::Vi => format!(
                "Số liệu của {} chỉ tính một phần năm, không so sánh ngang với số cả năm được.",
                join_words(&partial, lang)
            ),
            Lang::En => format!(
                "Figures for {} cover part of the year only and don't compare with full years.",
                join_words(&partial, lang)
            ),
        });
    }
    out.push(match lang {
        Lang::Vi => "Mọi số liệu và câu trích nguồn có trong bảng số liệu.".to_string(),
        Lang::En => "Every figure and its source sentence is in the data table.".to_string(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funding(region: &str, lang: Lang) -> ChartOptions {
        ChartOptions::new(ChartKind::Funding, RegionSel::One(region.into()), lang)
    }

    #[test]
    fn summary_tells_the_story_in_at_most_600_characters() {
        let ds = Dataset::embedded().unwrap();
        let s = summary(ds, &funding("mien-trung-tay-nguyen", Lang::Vi));
        assert!(
            s.chars().count() <= SUMMARY_MAX_CHARS,
            "{}",
            s.chars().count()
        );
        assert!(
            s.contains("Không có năm nào có cả số kế hoạch và số đã thực hiện"),
            "{s}"
        );
        assert!(s.contains("6 tháng đầu năm 2020 (19,9 tỷ đồng)"), "{s}");
        assert!(s.contains("tăng 20,85 % so với năm 2016"), "{s}");
        for lang in [Lang::Vi, Lang::En] {
            for r in ["mien-trung-tay-nguyen", "phia-nam"] {
                let s = summary(ds, &funding(r, lang));
                assert!(s.chars().count() <= SUMMARY_MAX_CHARS, "{s}");
                for sign in ["*", "?", "≈", "·", ".txt"] {
                    assert!(!s.contains(sign), "{sign:?} in {s}");
                }
            }
        }
    }

    #[test]
    fn summary_says_the_charts_notes_within_its_cap() {
        let ds = Dataset::embedded().unwrap();
        for lang in [Lang::Vi, Lang::En] {
            for r in ["mien-trung-tay-nguyen", "phia-nam"] {
                let opts = funding(r, lang);
                let s = summary(ds, &opts);
                assert!(s.chars().count() <= SUMMARY_MAX_CHARS, "{s}");
                let notes = super::super::annotate::notes(ds, &opts);
                let first = notes.iter().find(|n| !n.generated()).expect("a note");
                assert!(
                    s.contains(first.text.trim_end_matches('.')),
                    "{:?} not in {s}",
                    first.text
                );
                let lead = match lang {
                    Lang::Vi => "Ghi chú trên biểu đồ: ",
                    Lang::En => "Notes on the chart: ",
                };
                assert_eq!(s.matches(lead).count(), 1, "{s}");
            }
        }
        // The stated comparison keeps its place beside the notes.
        let s = summary(ds, &funding("phia-nam", Lang::Vi));
        assert!(s.contains("Bình quân 3,17 tỷ đồng"), "{s}");
        assert!(s.contains("tăng 17,16 % so với năm 2013"), "{s}");
    }

    #[test]
    fn table_has_every_charted_figure_with_its_quote() {
        let ds = Dataset::embedded().unwrap();
        let opts = funding("phia-nam", Lang::En);
        let rows = rows(ds, &opts);
        assert_eq!(rows.len(), chart_figures(ds, &opts).len());
        let total = rows
            .iter()
            .find(|r| r.id == "nam-2014-12m-total_funding-plan")
            .unwrap();
        assert_eq!(total.value_text, "VND 63.34 billion (63,335 million VND)");
        assert!(total.cells()[5].contains("unclear"), "{:?}", total.cells());
        assert!(total.cells()[6].contains("63,335 tỷ đồng"));
        assert!(
            !total.cells()[6].contains(".txt"),
            "no file names for readers"
        );
    }
}
