//! What a reader is told about one figure: value, period, basis, flags, source words.

use super::Scene;
use super::{format, Flag};
use crate::data::{Dataset, Lang, Unit};

/// What a reader is told when pointing at a bar, a whole stacked bar or a period's
/// column: a heading, then one section per figure shown (a bar, or a bar's parts).
#[derive(Debug, Clone, PartialEq)]
pub struct Tooltip {
    /// What is pointed at: "Tổng kinh phí khuyến công · Miền Trung – Tây Nguyên".
    pub heading: String,
    /// One per figure, in reading order (a stated total before its parts).
    pub sections: Vec<TipSection>,
}

/// One figure inside a tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct TipSection {
    /// What this figure is, when the tooltip holds several ("Kế hoạch", "Phần quốc gia").
    pub title: String,
    /// Exact value with its unit and flags.
    pub value: String,
    /// Labelled facts: period, basis, flags, note, formula.
    pub rows: Vec<(String, String)>,
    /// The seed's own words, verbatim.
    pub quote: String,
    /// Which article.
    pub source: String,
}

impl Tooltip {
    pub fn for_figure(ds: &Dataset, index: usize, lang: Lang) -> Option<Tooltip> {
        let f = ds.figures.get(index)?;
        let measure = ds
            .measure(&f.measure)
            .map(|m| m.name.get(lang))
            .unwrap_or(&f.measure);
        let region = ds
            .region(&f.region)
            .map(|r| r.name.get(lang))
            .unwrap_or(&f.region);
        let mut value = super::flagged_label(f, format::value_with_unit(f.value, f.unit, lang));
        if f.unit == Unit::MillionVnd && f.value.abs() >= 1000.0 {
            value.push_str(&format!(" ({})", format::amount_scaled(f.value, lang)));
        }
        let (l_period, l_basis, l_flags, l_note, l_formula) = match lang {
            Lang::Vi => ("Kỳ", "Loại số liệu", "Lưu ý", "Ghi chú", "Cách tính"),
            Lang::En => ("Period", "Basis", "Flags", "Note", "Formula"),
        };
        let mut rows = vec![
            (l_period.to_string(), format::period(f.year, f.months, lang)),
            (
                l_basis.to_string(),
                format::basis(f.basis, lang).to_string(),
            ),
        ];
        let flags = Flag::of(f);
        if !flags.is_empty() {
            let text = flags
                .iter()
                .map(|fl| format!("{} {}", fl.sign(), fl.describe(lang)))
                .collect::<Vec<_>>()
                .join("; ");
            rows.push((l_flags.to_string(), text));
        }
        if let Some(d) = &f.derived {
            rows.push((l_formula.to_string(), d.formula.clone()));
        }
        if let Some(n) = &f.note {
            rows.push((l_note.to_string(), n.get(lang).to_string()));
        }
        let source = ds
            .source(&f.source.file)
            .map(|s| format!("{} ({})", s.title.get(lang), s.file))
            .unwrap_or_else(|| f.source.file.clone());
        Some(Tooltip {
            heading: format!("{measure} · {region}"),
            sections: vec![TipSection {
                title: String::new(),
                value,
                rows,
                quote: format!("“{}”", f.source.quote),
                source,
            }],
        })
    }

    /// The tooltip for hit region `hit` of `scene` (a bar, a whole stacked bar, a period).
    pub fn for_hit(ds: &Dataset, scene: &Scene, hit: usize, lang: Lang) -> Option<Tooltip> {
        let h = scene.hits.get(hit)?;
        Tooltip::for_figure(ds, h.figure, lang)
    }

    /// One line of plain text, for a live region or a test.
    pub fn plain_text(&self) -> String {
        let mut s = self.heading.clone();
        for (i, sec) in self.sections.iter().enumerate() {
            s.push_str(if i == 0 { ": " } else { ". " });
            if !sec.title.is_empty() {
                s.push_str(&format!("{}: ", sec.title));
            }
            s.push_str(&sec.value);
            for (k, v) in &sec.rows {
                s.push_str(&format!(". {k}: {v}"));
            }
            s.push_str(&format!(". {} — {}", sec.quote, sec.source));
        }
        s
    }
}

/// Where to put a tooltip of size `tip` (w, h) next to `anchor` (viewport px) so it stays
/// inside the viewport `view` (w, h): right of the bar, flipped left when it would overflow,
/// then clamped; vertically centred on the anchor, clamped likewise.
pub fn place(anchor: super::Rect, tip: (f64, f64), view: (f64, f64)) -> (f64, f64) {
    const GAP: f64 = 10.0;
    const MARGIN: f64 = 4.0;
    let (tw, th) = (tip.0.max(0.0), tip.1.max(0.0));
    let (vw, vh) = (view.0.max(0.0), view.1.max(0.0));
    let mut x = anchor.right() + GAP;
    if x + tw > vw - MARGIN {
        x = anchor.x - GAP - tw;
    }
    if x < MARGIN {
        // Neither side fits: centre over the anchor, then clamp.
        x = anchor.x + anchor.w / 2.0 - tw / 2.0;
    }
    let x = x.min(vw - MARGIN - tw).max(MARGIN);
    let y = (anchor.y + anchor.h / 2.0 - th / 2.0)
        .min(vh - MARGIN - th)
        .max(MARGIN);
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::super::Rect;
    use super::*;
    use crate::data::Dataset;

    fn inside(p: (f64, f64), tip: (f64, f64), view: (f64, f64)) -> bool {
        p.0 >= 0.0 && p.1 >= 0.0 && p.0 + tip.0 <= view.0 && p.1 + tip.1 <= view.1
    }

    #[test]
    fn tooltip_stays_in_the_viewport_at_every_edge() {
        let view = (360.0, 640.0);
        let tip = (280.0, 200.0);
        for anchor in [
            Rect::new(0.0, 300.0, 20.0, 40.0),   // left edge
            Rect::new(340.0, 300.0, 20.0, 40.0), // right edge
            Rect::new(170.0, 0.0, 20.0, 10.0),   // top
            Rect::new(170.0, 630.0, 20.0, 10.0), // bottom
            Rect::new(-50.0, -50.0, 10.0, 10.0), // scrolled away
        ] {
            let p = place(anchor, tip, view);
            assert!(inside(p, tip, view), "{anchor:?} -> {p:?}");
        }
        // Flips to the left of a bar near the right edge.
        let p = place(Rect::new(330.0, 300.0, 20.0, 40.0), (100.0, 50.0), view);
        assert!(p.0 + 100.0 <= 330.0, "{p:?}");
    }

    #[test]
    fn tooltip_text_for_a_known_figure() {
        let ds = Dataset::embedded().unwrap();
        let i = ds
            .figures
            .iter()
            .position(|f| f.id == "mttn-2017-12m-total_funding-plan")
            .unwrap();
        let t = Tooltip::for_figure(ds, i, crate::data::Lang::Vi).unwrap();
        assert_eq!(t.sections[0].value, "48.331 triệu đồng (48,33 tỷ đồng)");
        assert!(t.sections[0]
            .rows
            .contains(&("Kỳ".to_string(), "năm 2017".to_string())));
        assert!(t.sections[0].quote.contains("48.331 triệu đồng"));
        let j = ds
            .figures
            .iter()
            .position(|f| f.id.starts_with("mttn-2017-6m-fair_booths"))
            .unwrap();
        let t = Tooltip::for_figure(ds, j, crate::data::Lang::En).unwrap();
        assert!(
            t.sections[0].value.starts_with("> 1,036"),
            "{}",
            t.sections[0].value
        );
        assert!(t.plain_text().contains("first 6 months of 2017"));
    }
}
