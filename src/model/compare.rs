//! The data table as a comparison a reader can scan: funding by year with plan | spent |
//! rate columns and the national/local split as sub-rows; activities one row per measure
//! with a column per region and period. Quotes, notes and formulas are footnotes of their
//! row, not columns. (CSV export stays one row per figure: see [`super::table`].)

use super::tooltip::{source_label, value_short};
use super::{activities, format, funding, ChartKind, ChartOptions, RegionSel};
use crate::data::{Basis, Dataset, Figure, Lang, Unit};

/// A table ready to be written as HTML or DOM nodes, every cell already worded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareTable {
    /// Column headings; the first names the row headers' column.
    pub head: Vec<String>,
    pub sections: Vec<Section>,
    /// Numbered notes: the article's words, notes and formulas behind the rows.
    pub notes: Vec<String>,
}

/// A group of rows under a heading of its own ("Doanh thu tư vấn…").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub title: String,
    pub rows: Vec<TRow>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TRow {
    /// The row header: a period in words, or a measure.
    pub label: String,
    /// One per column after the first; empty where there is no figure.
    pub cells: Vec<String>,
    /// A part of the row above ("trong đó: …"), indented.
    pub sub: bool,
    /// Numbers (1-based) of the notes this row's figures carry.
    pub marks: Vec<usize>,
}

/// Adds the notes of `figs` (each distinct quote once) and returns their numbers.
fn note_marks(ds: &Dataset, figs: &[usize], notes: &mut Vec<String>, lang: Lang) -> Vec<usize> {
    let mut marks = Vec::new();
    for f in figs.iter().filter_map(|i| ds.figures.get(*i)) {
        let mut text = format!("“{}”", f.source.quote);
        if let Some(s) = ds.source_of(f) {
            text.push_str(&format!(" — {}", source_label(s, lang)));
        }
        let flags = super::Flag::words_of(f, lang);
        let (l_flags, l_formula) = match lang {
            Lang::Vi => ("Lưu ý", "Cách tính"),
            Lang::En => ("Flags", "Formula"),
        };
        let mut extra: Vec<String> = Vec::new();
        if !flags.is_empty() {
            extra.push(format!("{l_flags}: {flags}"));
        }
        if let Some(d) = &f.derived {
            extra.push(format!(
                "{l_formula}: {}",
                super::tooltip::formula_words(&d.formula, lang)
            ));
        }
        if let Some(n) = &f.note {
            extra.push(n.get(lang).to_string());
        }
        // A figure with only a quote shares the quote's note with its neighbours.
        let key = format!("“{}”", f.source.quote);
        let n = if extra.is_empty() {
            match notes.iter().position(|t| t.starts_with(&key)) {
                Some(k) => k + 1,
                None => {
                    notes.push(text);
                    notes.len()
                }
            }
        } else {
            text.push_str(&format!(". {}", extra.join(". ")));
            notes.push(text);
            notes.len()
        };
        if !marks.contains(&n) {
            marks.push(n);
        }
    }
    marks
}

pub fn build(ds: &Dataset, opts: &ChartOptions) -> CompareTable {
    match opts.kind {
        ChartKind::Funding => funding_table(ds, opts),
        ChartKind::Activities => activities_table(ds, opts),
    }
}

fn cell(ds: &Dataset, f: Option<&Figure>, lang: Lang) -> String {
    f.map(|f| value_short(ds, f, lang)).unwrap_or_default()
}

fn funding_table(ds: &Dataset, opts: &ChartOptions) -> CompareTable {
    let lang = opts.lang;
    let region = match &opts.region {
        RegionSel::One(r) => r.as_str(),
        RegionSel::All => ds.regions.first().map(|r| r.id.as_str()).unwrap_or(""),
    };
    let data = funding::FundingData::collect(ds, region);
    let share = opts.view == super::View::Share;
    let head = match (lang, share) {
        (Lang::Vi, false) => ["Kỳ", "Kế hoạch", "Đã thực hiện", "Tỷ lệ thực hiện"],
        (Lang::En, false) => ["Period", "Plan", "Spent", "Execution rate"],
        (Lang::Vi, true) => ["Kỳ", "Kế hoạch", "Đã thực hiện", "So với kế hoạch"],
        (Lang::En, true) => ["Period", "Plan", "Spent", "Share of plan"],
    };
    let mut t = CompareTable {
        head: head.iter().map(|s| s.to_string()).collect(),
        ..CompareTable::default()
    };
    for (section, measure) in funding::SECTIONS.iter().enumerate() {
        let mut sec = Section {
            title: ds
                .measure(measure)
                .map(|m| m.name.get(lang).to_string())
                .unwrap_or_default(),
            rows: Vec::new(),
        };
        for (gi, g) in data.groups.iter().enumerate() {
            if g.section != section {
                continue;
            }
            let of = |basis: Basis| {
                g.bars
                    .iter()
                    .find(|b| ds.figures.get(b.figure).is_some_and(|f| f.basis == basis))
            };
            let (plan, actual) = (of(Basis::Plan), of(Basis::Actual));
            let pf = plan.and_then(|b| ds.figures.get(b.figure));
            let af = actual.and_then(|b| ds.figures.get(b.figure));
            let mut spent = cell(ds, af, lang);
            if let Some(f) = af.filter(|f| f.is_partial_year()) {
                spent.push_str(&match lang {
                    Lang::Vi => format!(" ({} tháng đầu năm)", f.months),
                    Lang::En => format!(" (first {} months)", f.months),
                });
            }
            let stated_rate = data
                .pair_rates
                .iter()
                .find(|(g2, _)| *g2 == gi)
                .and_then(|(_, r)| ds.figures.get(*r));
            let rate = match (stated_rate, pf, af) {
                (Some(r), _, _) => value_short(ds, r, lang),
                (None, Some(p), Some(a)) if p.value > 0.0 => format::value_with_unit(
                    (a.value / p.value * 100.0).round(),
                    Unit::Percent,
                    lang,
                ),
                _ => String::new(),
            };
            // The "% of plan" view words its rates as its bars and tooltips do.
            let rate = match share {
                true => super::share::rate_of(ds, &data, gi)
                    .map(|r| super::share::words(ds, &r, lang))
                    .unwrap_or_default(),
                false => rate,
            };
            let members = data.column_members(gi);
            let main: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| {
                    ds.figures.get(*i).is_some_and(|f| {
                        f.measure == *measure
                            || funding::is_rate(&f.measure)
                            || f.measure.ends_with("_growth")
                    })
                })
                .collect();
            let label = match lang {
                Lang::Vi => format!("Năm {}", g.year),
                Lang::En => g.year.to_string(),
            };
            sec.rows.push(TRow {
                label,
                cells: vec![cell(ds, pf, lang), spent, rate],
                sub: false,
                marks: note_marks(ds, &main, &mut t.notes, lang),
            });
            // The stated growth on the year before, under its figure.
            for (g2, pos, gf) in &data.growths {
                if *g2 != gi {
                    continue;
                }
                let (Some(f), Some(bar)) = (ds.figures.get(*gf), g.bars.get(*pos)) else {
                    continue;
                };
                let Some(bf) = ds.figures.get(bar.figure) else {
                    continue;
                };
                let text = match lang {
                    Lang::Vi => format!(
                        "tăng {}",
                        format::value_with_unit(f.value, Unit::Percent, lang)
                    ),
                    Lang::En => format!(
                        "up {}",
                        format::value_with_unit(f.value, Unit::Percent, lang)
                    ),
                };
                let cells = match bf.basis {
                    Basis::Plan => vec![text, String::new(), String::new()],
                    Basis::Actual => vec![String::new(), text, String::new()],
                };
                sec.rows.push(TRow {
                    label: match lang {
                        Lang::Vi => "so với năm trước".into(),
                        Lang::En => "on the year before".into(),
                    },
                    cells,
                    sub: true,
                    marks: Vec::new(),
                });
            }
            // National and local parts as sub-rows.
            for part in [funding::NATIONAL, funding::LOCAL] {
                let pick = |bar: Option<&funding::PlacedBar>| {
                    bar.and_then(|b| {
                        if part == funding::NATIONAL {
                            b.national
                        } else {
                            b.local
                        }
                    })
                };
                let (pp, pa) = (pick(plan), pick(actual));
                if pp.is_none() && pa.is_none() {
                    continue;
                }
                let name = ds
                    .measure(part)
                    .map(|m| super::table::lower_first(m.name.get(lang)))
                    .unwrap_or_default();
                let figs: Vec<usize> = pp.into_iter().chain(pa).collect();
                sec.rows.push(TRow {
                    label: match lang {
                        Lang::Vi => format!("trong đó: {name}"),
                        Lang::En => format!("of which: {name}"),
                    },
                    cells: vec![
                        cell(ds, pp.and_then(|i| ds.figures.get(i)), lang),
                        cell(ds, pa.and_then(|i| ds.figures.get(i)), lang),
                        String::new(),
                    ],
                    sub: true,
                    marks: note_marks(ds, &figs, &mut t.notes, lang),
                });
            }
        }
        if !sec.rows.is_empty() {
            t.sections.push(sec);
        }
    }
    if !data.rates.is_empty() {
        let mut sec = Section {
            title: match lang {
                Lang::Vi => "Tiến độ so với kế hoạch năm".into(),
                Lang::En => "Progress against the annual plan".into(),
            },
            rows: Vec::new(),
        };
        for &r in &data.rates {
            let Some(f) = ds.figures.get(r) else { continue };
            let name = ds.measure_of(f).map(|m| m.name.get(lang)).unwrap_or("");
            sec.rows.push(TRow {
                label: format!("{name}, {}", format::period(f.year, f.months, lang)),
                cells: vec![String::new(), String::new(), value_short(ds, f, lang)],
                sub: false,
                marks: note_marks(ds, &[r], &mut t.notes, lang),
            });
        }
        t.sections.push(sec);
    }
    t
}

fn activities_table(ds: &Dataset, opts: &ChartOptions) -> CompareTable {
    let lang = opts.lang;
    let all = opts.region == RegionSel::All;
    let panels = activities::collect(ds, opts, false);
    // Columns: every (region, year, months, basis) that occurs, by period then region.
    let mut cols: Vec<(i32, u8, usize, Basis)> = Vec::new();
    let region_pos = |f: &Figure| ds.region_id_of(f).at().unwrap_or(usize::MAX);
    for f in panels
        .iter()
        .flat_map(|(_, v)| v)
        .filter_map(|i| ds.figures.get(*i))
    {
        let key = (f.year, f.months, region_pos(f), f.basis);
        if !cols.contains(&key) {
            cols.push(key);
        }
    }
    super::sort_by_key4(&mut cols, |(y, m, r, b)| {
        [
            i64::from(*y),
            i64::from(*m),
            *r as i64,
            i64::from(*b == Basis::Actual),
        ]
    });
    let mut head = vec![match lang {
        Lang::Vi => "Chỉ tiêu".to_string(),
        Lang::En => "Measure".to_string(),
    }];
    for (y, m, r, b) in &cols {
        let mut h = String::new();
        if all {
            if let Some(reg) = ds.regions.get(*r) {
                h.push_str(reg.name.get(lang));
                h.push_str(", ");
            }
        }
        if *b == Basis::Plan {
            h.push_str(match lang {
                Lang::Vi => "kế hoạch ",
                Lang::En => "plan, ",
            });
        }
        h.push_str(&format::period(*y, *m, lang));
        let mut c = h.chars();
        head.push(match c.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
            None => h,
        });
    }
    let mut t = CompareTable {
        head,
        ..CompareTable::default()
    };
    let mut sec = Section::default();
    for (measure, figs) in &panels {
        let mut cells = vec![String::new(); cols.len()];
        for f in figs.iter().filter_map(|i| ds.figures.get(*i)) {
            let key = (f.year, f.months, region_pos(f), f.basis);
            if let Some(k) = cols.iter().position(|c| *c == key) {
                if let Some(c) = cells.get_mut(k) {
                    *c = value_short(ds, f, lang);
                }
            }
        }
        sec.rows.push(TRow {
            label: ds
                .measure(measure)
                .map(|m| m.name.get(lang).to_string())
                .unwrap_or_else(|| measure.clone()),
            cells,
            sub: false,
            marks: note_marks(ds, figs, &mut t.notes, lang),
        });
    }
    t.sections.push(sec);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funding(region: &str, lang: Lang) -> ChartOptions {
        ChartOptions::new(ChartKind::Funding, RegionSel::One(region.into()), lang)
    }

    #[test]
    fn funding_rows_are_years_with_plan_spent_and_rate_columns() {
        let ds = Dataset::embedded().unwrap();
        let t = build(ds, &funding("mien-trung-tay-nguyen", Lang::Vi));
        assert_eq!(
            t.head,
            ["Kỳ", "Kế hoạch", "Đã thực hiện", "Tỷ lệ thực hiện"]
        );
        let money = &t.sections[0];
        assert_eq!(money.title, "Tổng kinh phí khuyến công");
        let y2017 = money.rows.iter().find(|r| r.label == "Năm 2017").unwrap();
        assert_eq!(y2017.cells[0], "48,33 tỷ đồng");
        assert!(money.rows.iter().any(|r| r.sub
            && r.label
                .starts_with("trong đó: kinh phí khuyến công quốc gia")));
        let y2020 = money.rows.iter().find(|r| r.label == "Năm 2020").unwrap();
        assert_eq!(y2020.cells[1], "19,9 tỷ đồng (6 tháng đầu năm)");
        let income = &t.sections[1];
        let r2017 = income.rows.iter().find(|r| r.label == "Năm 2017").unwrap();
        assert_eq!(r2017.cells[2], "17,88 %");
        // Every quote reachable from a row, none as a column.
        assert!(t.notes.iter().any(|n| n.contains("48.331 triệu đồng")));
        assert!(money.rows.iter().all(|r| r.cells.len() == 3));
        assert!(!t.notes.iter().any(|n| n.contains(".txt")));
    }

    #[test]
    fn activities_rows_are_measures_with_a_column_per_region_and_period() {
        let ds = Dataset::embedded().unwrap();
        let opts = ChartOptions::new(ChartKind::Activities, RegionSel::All, Lang::Vi);
        let t = build(ds, &opts);
        assert_eq!(t.head[0], "Chỉ tiêu");
        assert!(
            t.head.iter().any(|h| h == "Khu vực phía Nam, năm 2013"),
            "{:?}",
            t.head
        );
        let models = t.sections[0]
            .rows
            .iter()
            .find(|r| r.label == "Mô hình trình diễn kỹ thuật")
            .unwrap();
        assert_eq!(models.cells.len(), t.head.len() - 1);
        assert!(models.cells.iter().any(|c| c == "25"));
    }
}
