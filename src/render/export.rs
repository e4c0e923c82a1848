//! Text exports of a chart's figures: an HTML table (no-script fallback) and CSV.

use crate::data::{Dataset, Lang};
use crate::model::table::{self, Row};
use crate::model::{activities, compare, funding, ChartKind, ChartOptions, RegionSel};

/// Escapes text for HTML element content and attribute values: data is never markup.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The chart's title, as its table caption.
pub fn caption(ds: &Dataset, opts: &ChartOptions) -> String {
    match opts.kind {
        ChartKind::Funding => {
            let region = match &opts.region {
                RegionSel::One(r) => r.as_str(),
                RegionSel::All => "",
            };
            match opts.view {
                crate::model::View::Share => crate::model::share::title(ds, region, opts.lang).0,
                crate::model::View::Amounts => {
                    let data = funding::FundingData::collect(ds, region);
                    funding::title(ds, region, &data, opts.lang).0
                }
            }
        }
        ChartKind::Activities => activities::title(ds, opts).0,
    }
}

/// The chart's alt text: its generated summary (what is compared, the finding, what is
/// missing), at most 600 characters. It travels with every export.
pub fn alt_text(ds: &Dataset, opts: &ChartOptions) -> String {
    table::summary(ds, opts)
}

/// The chart as an SVG document that carries its description: `role="img"`, `<title>`
/// (the chart's title) and `<desc>` (its alt text), so a file shared or embedded on its own
/// still tells a screen reader what it shows.
pub fn described_svg(
    ds: &Dataset,
    opts: &ChartOptions,
    scene: &crate::model::Scene,
) -> Result<String, String> {
    described_svg_in(ds, opts, scene, crate::model::theme::Scheme::Light)
}

/// [`described_svg`] in `scheme`'s colours.
pub fn described_svg_in(
    ds: &Dataset,
    opts: &ChartOptions,
    scene: &crate::model::Scene,
    scheme: crate::model::theme::Scheme,
) -> Result<String, String> {
    let svg = super::to_svg_in(scene, scheme)?;
    let Some(end) = svg.find('>') else {
        return Ok(svg);
    };
    let (head, rest) = svg.split_at(end);
    Ok(format!(
        "{head} role=\"img\" aria-labelledby=\"kc-title kc-desc\"><title id=\"kc-title\">{}</title><desc id=\"kc-desc\">{}</desc>{}",
        escape_html(&caption(ds, opts)),
        escape_html(&alt_text(ds, opts)),
        rest.get(1..).unwrap_or("")
    ))
}

/// The language tag of a chart's texts, as a PNG `iTXt` chunk carries it.
pub fn lang_tag(opts: &ChartOptions) -> &'static str {
    match opts.lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

/// A PNG of the chart with its title and alt text inside, as `iTXt` chunks `Title` and
/// `Description` right after `IHDR` (UTF-8: the text is Vietnamese).
pub fn describe_png(ds: &Dataset, opts: &ChartOptions, png: &[u8]) -> Result<Vec<u8>, String> {
    let (title, alt) = (caption(ds, opts), alt_text(ds, opts));
    super::png_text::with_text(
        png,
        lang_tag(opts),
        &[("Title", &title), ("Description", &alt)],
    )
}

/// The same for a `data:image/png;base64,…` URL (the browser's `canvas.toDataURL`).
pub fn describe_png_url(ds: &Dataset, opts: &ChartOptions, url: &str) -> Result<String, String> {
    let (title, alt) = (caption(ds, opts), alt_text(ds, opts));
    super::png_text::data_url_with_text(
        url,
        lang_tag(opts),
        &[("Title", &title), ("Description", &alt)],
    )
}

/// The chart drawn as a PNG (native: resvg) that carries its title and alt text.
#[cfg(not(target_arch = "wasm32"))]
pub fn described_png(
    ds: &Dataset,
    opts: &ChartOptions,
    scene: &crate::model::Scene,
    scale: f32,
) -> Result<Vec<u8>, String> {
    describe_png(ds, opts, &super::to_png(scene, scale)?)
}

/// Every figure of the chart as a static HTML table (the page's fallback without
/// scripts): the comparison of [`crate::model::compare`], its notes in the table's foot.
pub fn html_table(ds: &Dataset, opts: &ChartOptions) -> String {
    let t = compare::build(ds, opts);
    let cols = t.head.len().max(1);
    let mut s = String::from("<table class=\"kc-fallback kc-compare\">\n<caption>");
    s.push_str(&escape_html(&caption(ds, opts)));
    s.push_str("</caption>\n<thead><tr>");
    for h in &t.head {
        s.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(h)));
    }
    s.push_str("</tr></thead>\n");
    for sec in &t.sections {
        s.push_str("<tbody>\n");
        if !sec.title.is_empty() && t.sections.len() > 1 {
            s.push_str(&format!(
                "<tr class=\"kc-section\"><th scope=\"colgroup\" colspan=\"{cols}\">{}</th></tr>\n",
                escape_html(&sec.title)
            ));
        }
        for row in &sec.rows {
            s.push_str(if row.sub {
                "<tr class=\"kc-sub\">"
            } else {
                "<tr>"
            });
            let marks = if row.marks.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = row.marks.iter().map(|m| m.to_string()).collect();
                format!(" <sup class=\"kc-mark\">{}</sup>", list.join(", "))
            };
            s.push_str(&format!(
                "<th scope=\"row\">{}{marks}</th>",
                escape_html(&row.label)
            ));
            for (i, c) in row.cells.iter().enumerate() {
                // data-label: narrow layouts stack the cells and show their column's name.
                let label = escape_html(t.head.get(i + 1).map(String::as_str).unwrap_or(""));
                s.push_str(&format!(
                    "<td data-label=\"{label}\">{}</td>",
                    escape_html(c)
                ));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n");
    }
    // The article's words behind the marks, then the chart's notes (the dataset's and
    // the generated ones), in the table's one foot.
    let notes = crate::model::annotate::table_lines(ds, opts);
    if !t.notes.is_empty() || !notes.is_empty() {
        s.push_str("<tfoot>");
    }
    if !t.notes.is_empty() {
        s.push_str(&format!(
            "<tr><td colspan=\"{cols}\"><ol class=\"kc-notes\">"
        ));
        for n in &t.notes {
            s.push_str(&format!("<li>{}</li>", escape_html(n)));
        }
        s.push_str("</ol></td></tr>");
    }
    if !notes.is_empty() {
        s.push_str(&format!(
            "<tr class=\"kc-annotations\"><td colspan=\"{cols}\"><p>{}</p><ul>",
            escape_html(crate::model::annotate::heading(opts.lang))
        ));
        for n in &notes {
            s.push_str(&format!("<li>{}</li>", escape_html(n)));
        }
        s.push_str("</ul></td></tr>");
    }
    if !t.notes.is_empty() || !notes.is_empty() {
        s.push_str("</tfoot>\n");
    }
    s.push_str("</table>");
    s
}

/// A CSV cell: quoted, and a leading `= + - @`, tab or CR neutralised with `'` so a
/// spreadsheet shows it as text instead of running it as a formula.
fn csv_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let body = if risky {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", body.replace('"', "\"\""))
}

/// The chart's figures as CSV (UTF-8 with BOM so Excel reads Vietnamese correctly), one row
/// per figure with unit, period, flags and the source quote.
pub fn csv(ds: &Dataset, opts: &ChartOptions) -> String {
    let head = match opts.lang {
        Lang::Vi => [
            "id",
            "khu_vuc",
            "nam",
            "so_thang",
            "ky",
            "chi_tieu",
            "loai",
            "gia_tri",
            "don_vi",
            "luu_y",
            "ghi_chu",
            "tep_nguon",
            "trich_dan",
        ],
        Lang::En => [
            "id",
            "region",
            "year",
            "months",
            "period",
            "measure",
            "basis",
            "value",
            "unit",
            "flags",
            "note",
            "source_file",
            "quote",
        ],
    };
    let mut out = String::from("\u{feff}");
    out.push_str(
        &head
            .iter()
            .map(|h| csv_cell(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for r in table::rows(ds, opts) {
        out.push_str(&row_cells(&r).join(","));
        out.push_str("\r\n");
    }
    out
}

fn row_cells(r: &Row) -> Vec<String> {
    vec![
        csv_cell(&r.id),
        csv_cell(&r.region),
        r.year.to_string(),
        r.months.to_string(),
        csv_cell(&r.period),
        csv_cell(&r.measure),
        csv_cell(&r.basis),
        // Plain number, '.' decimal: machine-readable whatever the language.
        if r.value.is_finite() {
            crate::model::format::shortest(r.value)
        } else {
            String::new()
        },
        csv_cell(r.unit),
        csv_cell(&r.flags),
        csv_cell(&r.note),
        csv_cell(&r.source_file),
        csv_cell(&r.quote),
    ]
}

/// Replaces every `<!-- kc-table CHART REGION LANG -->…<!-- /kc-table -->` block in a page
/// with the generated fallback table, so pages never drift from the data.
pub fn fill_tables(ds: &Dataset, page: &str) -> Result<String, String> {
    const OPEN: &str = "<!-- kc-table ";
    const CLOSE: &str = "<!-- /kc-table -->";
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find(OPEN) {
        let (before, tail) = rest.split_at(start);
        out.push_str(before);
        let head_end = tail.find("-->").ok_or("unterminated kc-table marker")? + 3;
        let head = &tail[..head_end];
        let args: Vec<&str> = head[OPEN.len()..head_end - 3].split_whitespace().collect();
        let [chart, region, lang] = args.as_slice() else {
            return Err(format!("bad marker {head:?}: expected CHART REGION LANG"));
        };
        let raw = crate::model::RawOptions {
            chart: Some(chart.to_string()),
            region: Some(region.to_string()),
            lang: Some(lang.to_string()),
            ..Default::default()
        };
        let opts = ChartOptions::parse(&raw, ds).map_err(|e| format!("{head}: {e}"))?;
        let close = tail
            .find(CLOSE)
            .ok_or_else(|| format!("{head}: missing {CLOSE}"))?;
        out.push_str(head);
        out.push('\n');
        out.push_str(&html_table(ds, &opts));
        out.push('\n');
        out.push_str(CLOSE);
        rest = &tail[close + CLOSE.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(lead).starts_with("\"'"), "{lead:?}");
        }
        assert_eq!(csv_cell("48.331 triệu"), "\"48.331 triệu\"");
    }

    #[test]
    fn csv_has_bom_header_and_a_row_per_figure() {
        let ds = Dataset::embedded().unwrap();
        let opts = ChartOptions::new(
            ChartKind::Funding,
            RegionSel::One("phia-nam".into()),
            Lang::Vi,
        );
        let csv = csv(ds, &opts);
        assert!(csv.starts_with("\u{feff}\"id\",\"khu_vuc\""));
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 1 + table::rows(ds, &opts).len());
        assert!(csv.contains(
            "\"nam-2013-12m-total_funding-actual\",\"Khu vực phía Nam\",2013,12,\"năm 2013\""
        ));
        assert!(csv.contains(",54060,\"million_vnd\","));
    }

    #[test]
    fn an_exported_svg_carries_its_title_and_description() {
        let ds = Dataset::embedded().unwrap();
        let opts = ChartOptions::new(
            ChartKind::Funding,
            RegionSel::One("mien-trung-tay-nguyen".into()),
            Lang::Vi,
        );
        let scene = crate::model::layout(ds, &opts, 800.0);
        let svg = described_svg(ds, &opts, &scene).unwrap();
        assert!(svg.starts_with("<svg width=\"800\""), "{}", &svg[..80]);
        assert!(svg.contains(" role=\"img\" aria-labelledby=\"kc-title kc-desc\">"));
        let title = format!("<title id=\"kc-title\">{}</title>", caption(ds, &opts));
        assert!(svg.contains(&title), "{title}");
        assert!(svg.contains("<desc id=\"kc-desc\">Biểu đồ so sánh kinh phí khuyến công"));
        // The rest is the drawing itself, unchanged.
        let plain = super::super::to_svg(&scene).unwrap();
        let body = svg.split_once("</desc>").map(|(_, b)| b).unwrap();
        assert_eq!(body, plain.split_once('>').map(|(_, b)| b).unwrap());
        let alt = alt_text(ds, &opts);
        assert!(alt.chars().count() <= 600 && !alt.contains(".txt"));
    }

    #[test]
    fn html_table_escapes_data() {
        let mut ds = Dataset::embedded().unwrap().clone();
        if let Some(f) = ds.figures.iter_mut().find(|f| f.region == "phia-nam") {
            f.source.quote = "<script>alert(1)</script>".into();
        }
        let opts = ChartOptions::new(
            ChartKind::Funding,
            RegionSel::One("phia-nam".into()),
            Lang::Vi,
        );
        let html = html_table(&ds, &opts);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn fill_tables_replaces_marked_blocks_and_is_idempotent() {
        let ds = Dataset::embedded().unwrap();
        let page = "<p>a</p><!-- kc-table funding phia-nam vi --><!-- /kc-table --><p>b</p>";
        let once = fill_tables(ds, page).unwrap();
        assert!(once.contains("<table class=\"kc-fallback kc-compare\">"));
        assert!(once.contains("54,06 tỷ đồng"));
        assert_eq!(fill_tables(ds, &once).unwrap(), once);
        assert!(fill_tables(ds, "<!-- kc-table pie x vi --><!-- /kc-table -->").is_err());
    }
}
