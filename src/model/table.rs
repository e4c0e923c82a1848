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
            format!(
                "“{}” — {} ({})",
                self.quote, self.source_title, self.source_file
            ),
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
            let flags = Flag::of(f)
                .iter()
                .map(|fl| format!("{} {}", fl.sign(), fl.describe(lang)))
                .collect::<Vec<_>>()
                .join("; ");
            let source = ds.source(&f.source.file);
            Some(Row {
                figure: i,
                id: f.id.clone(),
                region: ds
                    .region(&f.region)
                    .map(|r| r.name.get(lang).to_string())
                    .unwrap_or_else(|| f.region.clone()),
                year: f.year,
                months: f.months,
                period: format::period(f.year, f.months, lang),
                measure: ds
                    .measure(&f.measure)
                    .map(|m| m.name.get(lang).to_string())
                    .unwrap_or_else(|| f.measure.clone()),
                basis: format::basis(f.basis, lang).to_string(),
                value: f.value,
                value_text: super::flagged_label(f, format::value_with_unit(f.value, f.unit, lang)),
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
                    .map(|s| s.title.get(lang).to_string())
                    .unwrap_or_default(),
                source_file: f.source.file.clone(),
                quote: f.source.quote.clone(),
            })
        })
        .collect()
}

/// "Total funding" → "total funding" inside an English sentence (no Unicode tables needed).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A one-paragraph spoken summary of what the chart shows.
/// Figures a summary reads out; beyond, it says how many more the table holds.
pub const SUMMARY_FIGURES: usize = 24;

pub fn summary(ds: &Dataset, opts: &ChartOptions) -> String {
    summary_of(ds, opts, &chart_figures(ds, opts))
}

/// [`summary`] for figures already collected with [`chart_figures`].
pub fn summary_of(ds: &Dataset, opts: &ChartOptions, all: &[usize]) -> String {
    let lang = opts.lang;
    let rows = rows_of(ds, opts, &all[..all.len().min(SUMMARY_FIGURES)]);
    if rows.is_empty() {
        return match lang {
            Lang::Vi => "Biểu đồ không có số liệu.".into(),
            Lang::En => "The chart has no figures.".into(),
        };
    }
    let mut parts: Vec<String> = Vec::new();
    for r in &rows {
        let Some(f) = ds.figures.get(r.figure) else {
            continue;
        };
        // Growth stated for the same figure ("tăng 20,85 % so với 2016").
        let growth = ds.figures.iter().find(|g| {
            g.region == f.region
                && g.year == f.year
                && g.months == f.months
                && g.basis == f.basis
                && g.measure == format!("{}_growth", f.measure)
        });
        let basis = match (f.basis, lang) {
            (Basis::Plan, Lang::Vi) => "kế hoạch",
            (Basis::Actual, Lang::Vi) => "thực hiện",
            (Basis::Plan, Lang::En) => "planned",
            (Basis::Actual, Lang::En) => "actual",
        };
        let value = if f.unit == Unit::MillionVnd && f.value >= 1000.0 {
            format!(
                "{} ({})",
                r.value_text,
                format::amount_scaled(f.value, lang)
            )
        } else {
            r.value_text.clone()
        };
        let mut sentence = match lang {
            Lang::Vi => format!(
                "{} {} {} của {} là {}",
                r.measure, basis, r.period, r.region, value
            ),
            Lang::En => format!(
                "{} {} in {} for {}: {}",
                basis,
                lower_first(&r.measure),
                r.period,
                r.region,
                value
            ),
        };
        if let Some(g) = growth {
            let pct = format::value_with_unit(g.value, Unit::Percent, lang);
            sentence.push_str(&match lang {
                Lang::Vi => format!(", tăng {pct} so với năm trước"),
                Lang::En => format!(", up {pct} on the previous year"),
            });
        }
        parts.push(sentence);
    }
    let lead = match (opts.kind, lang) {
        (ChartKind::Funding, Lang::Vi) => "Biểu đồ so sánh kinh phí kế hoạch và thực hiện. ",
        (ChartKind::Funding, Lang::En) => "The chart compares planned and spent funding. ",
        (ChartKind::Activities, Lang::Vi) => "Biểu đồ các hoạt động khuyến công theo giai đoạn. ",
        (ChartKind::Activities, Lang::En) => "The chart shows khuyến công activities by period. ",
    };
    let more = all.len().saturating_sub(rows.len());
    let tail = match (more, lang) {
        (0, _) => String::new(),
        (n, Lang::Vi) => format!(" Và {n} số liệu khác trong bảng số liệu."),
        (n, Lang::En) => format!(" And {n} more figures in the data table."),
    };
    format!("{lead}{}.{tail}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funding(region: &str, lang: Lang) -> ChartOptions {
        ChartOptions::new(ChartKind::Funding, RegionSel::One(region.into()), lang)
    }

    #[test]
    fn summary_reads_like_the_article() {
        let ds = Dataset::embedded().unwrap();
        let s = summary(ds, &funding("mien-trung-tay-nguyen", Lang::Vi));
        assert!(
            s.contains("Tổng kinh phí khuyến công kế hoạch năm 2017 của Miền Trung – Tây Nguyên là 48.331 triệu đồng (48,33 tỷ đồng), tăng 20,85 % so với năm trước"),
            "{s}"
        );
        assert!(s.contains("6 tháng đầu năm 2020"), "{s}");
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
        assert_eq!(total.value_text, "63,335 million VND?");
        assert!(total.cells()[5].contains("unclear or inconsistent"));
        assert!(total.cells()[6].contains("63,335 tỷ đồng"));
    }
}
