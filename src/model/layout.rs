//! Pieces every chart layout shares: header, legend, bar styles, footer.

use super::scene::{BarHit, HAlign, LegendHit, Mark, Paint, Rect, Scene, TextMark, VAlign};
use super::theme::{self, RegionPalette};
use super::Flag;
use crate::data::{Dataset, Id, Lang};

pub const PAD: f64 = 12.0;

/// How a bar is painted. Plan is hollow, actual solid, a partial period striped:
/// readable without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarStyle {
    Plan,
    Actual,
    ActualPartial,
    /// The national-budget share inside a plan or actual bar.
    NationalPlan,
    NationalActual,
}

pub enum LegendSwatch {
    /// A bar style in a region's palette (region index).
    Bar(BarStyle, usize),
    /// The short dark line across a plan bar: where the plan stands after the months elapsed.
    PaceMark,
}

pub struct LegendItem {
    pub swatch: LegendSwatch,
    pub label: String,
    /// Series key this item switches on and off ("plan", "region:<id>"), if any.
    pub key: Option<String>,
    pub hidden: bool,
}

/// Accumulates marks top to bottom.
pub struct Builder {
    pub width: f64,
    /// Smallest side of a pointer target (see `ChartOptions::min_target`).
    pub min_target: f64,
    pub y: f64,
    pub marks: Vec<Mark>,
    pub hits: Vec<BarHit>,
    pub legend: Vec<LegendHit>,
    /// Notes placed on the chart (see `annotate::place`).
    pub notes: Vec<super::annotate::NoteHit>,
    /// Words under the axis that already say a generated note.
    pub axis_words: Vec<super::annotate::AxisWords>,
    /// Lines between panels, drawn light: a note's callout or leader never crosses one
    /// (a note stays with its panel).
    pub walls: Vec<Rect>,
}

impl Builder {
    pub fn new(width: f64) -> Builder {
        Builder {
            width,
            min_target: 24.0,
            y: PAD,
            marks: Vec::new(),
            hits: Vec::new(),
            legend: Vec::new(),
            notes: Vec::new(),
            axis_words: Vec::new(),
            walls: Vec::new(),
        }
    }

    pub fn inner_width(&self) -> f64 {
        (self.width - 2.0 * PAD).max(1.0)
    }

    pub fn text(&mut self, x: f64, y: f64, text: impl Into<String>, size: f64, style: TextStyle) {
        self.marks.push(Mark::Text(TextMark {
            x,
            y,
            text: text.into(),
            size,
            bold: style.bold,
            color: style.color,
            h: style.h,
            v: style.v,
        }));
    }

    pub fn rect(&mut self, rect: Rect, fill: Option<Paint>, stroke: Option<(Paint, f64)>) {
        self.marks.push(Mark::Rect { rect, fill, stroke });
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), color: Paint, width: f64) {
        self.marks.push(Mark::Line {
            from,
            to,
            color,
            width,
        });
    }

    /// Wrapped paragraph at the left margin; advances `y`.
    pub fn paragraph(&mut self, text: &str, size: f64, bold: bool, color: Paint) {
        let line_h = (size * 1.3).round();
        // Bold glyphs run about 8 % wider than the estimate's regular weight.
        let measure_size = if bold { size * 1.08 } else { size };
        for line in theme::wrap(text, measure_size, self.inner_width()) {
            self.text(
                PAD,
                self.y,
                line,
                size,
                TextStyle::top_left(color).bold(bold),
            );
            self.y += line_h;
        }
    }

    /// A sentence the reader must see before the bars, set off by a rule at its left.
    pub fn note_box(&mut self, text: &str) {
        let top = self.y;
        let size = 12.5;
        let line_h = (size * 1.3f64).round();
        let lines = theme::wrap(text, size, self.inner_width() - 12.0);
        for line in lines {
            self.text(
                PAD + 12.0,
                self.y,
                line,
                size,
                TextStyle::top_left(theme::INK),
            );
            self.y += line_h;
        }
        self.rect(
            Rect::new(PAD, top - 2.0, 3.0, self.y - top + 2.0),
            Some(theme::AXIS),
            None,
        );
        self.y += 10.0;
    }

    pub fn header(&mut self, title: &str, subtitle: &str) {
        let title_size = if self.width < 480.0 { 16.0 } else { 18.0 };
        self.paragraph(title, title_size, true, theme::INK);
        self.y += 2.0;
        self.paragraph(subtitle, 13.0, false, theme::MUTED);
        self.y += 8.0;
    }

    /// Legend above the plot, so it can never cover data. Items flow and wrap; a label
    /// too long for the line wraps onto a second (never cut).
    pub fn legend(&mut self, items: &[LegendItem]) {
        let size = 12.0;
        let sw = 14.0;
        let line_h = 15.0;
        let mut row_h: f64 = 20.0f64.max(self.min_target);
        let mut x = PAD;
        for item in items {
            let lines = theme::wrap(&item.label, size, self.inner_width() - sw - 6.0);
            let label_w = lines
                .iter()
                .map(|l| theme::text_width(l, size))
                .fold(0.0, f64::max);
            let w = sw + 6.0 + label_w + 14.0;
            if x > PAD && x + w > self.width - PAD {
                x = PAD;
                self.y += row_h;
                row_h = 20.0f64.max(self.min_target);
            }
            let item_h = (20.0 + line_h * (lines.len().max(1) as f64 - 1.0)).max(self.min_target);
            row_h = row_h.max(item_h);
            let swatch = Rect::new(x, self.y + 3.0, sw, 11.0);
            match item.swatch {
                LegendSwatch::Bar(style, region) => {
                    self.bar(swatch, style, theme::palette(region));
                }
                LegendSwatch::PaceMark => {
                    let y = (swatch.y + swatch.h / 2.0).round();
                    self.line((swatch.x, y), (swatch.right(), y), theme::INK, 2.0);
                }
            }
            let color = if item.hidden {
                theme::MUTED
            } else {
                theme::INK
            };
            for (k, line) in lines.iter().enumerate() {
                self.text(
                    x + sw + 6.0,
                    self.y + 8.5 + k as f64 * line_h,
                    line.clone(),
                    size,
                    TextStyle::middle_left(color),
                );
            }
            if item.hidden {
                // Switched off: veil the swatch and strike the label through.
                self.rect(swatch, Some(theme::BACKGROUND.alpha(0.75)), None);
                let y = (self.y + 8.5).round();
                self.line((x - 1.0, y), (x + sw + 6.0 + label_w, y), theme::MUTED, 1.0);
            }
            if let Some(key) = &item.key {
                self.legend.push(LegendHit {
                    rect: Rect::new(
                        x - 2.0,
                        self.y - 1.0,
                        sw + 6.0 + label_w + 4.0,
                        item_h.max(24.0),
                    ),
                    key: key.clone(),
                    label: item.label.clone(),
                    hidden: item.hidden,
                });
            }
            x += w;
        }
        self.y += row_h + 6.0;
    }

    /// Paints one bar in a style. Stripes mark a partial period even in greyscale.
    pub fn bar(&mut self, r: Rect, style: BarStyle, p: &RegionPalette) {
        match style {
            BarStyle::Plan => self.rect(r, Some(p.light), Some((p.solid, 1.5))),
            BarStyle::NationalPlan => self.rect(r, Some(p.light_dark), Some((p.solid, 1.5))),
            BarStyle::Actual => self.rect(r, Some(p.solid), None),
            BarStyle::NationalActual => self.rect(r, Some(p.dark), None),
            BarStyle::ActualPartial => {
                self.rect(r, Some(p.solid), None);
                let mut y = r.y + 2.0;
                while y + 1.5 <= r.bottom() {
                    self.rect(Rect::new(r.x, y, r.w, 1.5), Some(theme::STRIPE), None);
                    y += 4.5;
                }
            }
        }
    }

    /// Footnote explaining the flag signs in use, then the source line.
    /// `sources`: those of the figures drawn, in reading order (repeats are named once).
    pub fn footer(&mut self, ds: &Dataset, flags: &[Flag], sources: &[Id], lang: Lang) {
        self.y += 6.0;
        // Fixed order, each sign once.
        let flags: Vec<Flag> = [
            Flag::Derived,
            Flag::Estimate,
            Flag::AtLeast,
            Flag::Ambiguous,
        ]
        .into_iter()
        .filter(|f| flags.contains(f))
        .collect();
        if !flags.is_empty() {
            let text = flags
                .iter()
                .map(|f| format!("{} {}", f.sign(), f.describe(lang)))
                .collect::<Vec<_>>()
                .join(" · ");
            self.paragraph(&text, 11.0, false, theme::MUTED);
        }
        let mut names: Vec<String> = Vec::new();
        // A run of figures quoting one source words it once.
        let mut last = None;
        for at in sources.iter().filter_map(|s| s.at()) {
            if last.replace(at) == Some(at) {
                continue;
            }
            let Some(s) = ds.sources.get(at) else {
                continue;
            };
            let n = super::tooltip::source_label(s, lang);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        if !names.is_empty() {
            let lead = match lang {
                Lang::Vi => "Nguồn: ",
                Lang::En => "Source: ",
            };
            self.paragraph(
                &format!("{lead}{}", names.join("; ")),
                11.0,
                false,
                theme::MUTED,
            );
        }
        self.y += PAD - 4.0;
    }

    pub fn finish(self, horizontal_sweep: bool) -> Scene {
        let mut scene = Scene {
            width: self.width,
            height: self.y.ceil(),
            background: theme::BACKGROUND,
            marks: self.marks,
            hits: self.hits,
            horizontal_sweep,
            max_extent: 0.0,
            wide: Vec::new(),
            nav: Vec::new(),
            legend: self.legend,
            notes: self.notes,
        };
        scene.finish();
        scene
    }
}

#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub color: Paint,
    pub bold: bool,
    pub h: HAlign,
    pub v: VAlign,
}

impl TextStyle {
    pub fn new(color: Paint, h: HAlign, v: VAlign) -> TextStyle {
        TextStyle {
            color,
            bold: false,
            h,
            v,
        }
    }
    pub fn top_left(color: Paint) -> TextStyle {
        TextStyle::new(color, HAlign::Left, VAlign::Top)
    }
    pub fn middle_left(color: Paint) -> TextStyle {
        TextStyle::new(color, HAlign::Left, VAlign::Middle)
    }
    pub fn bold(mut self, bold: bool) -> TextStyle {
        self.bold = bold;
        self
    }
}

/// "Nice" axis ticks (1, 2, 2.5, 5 × 10^k) from 0 covering `max`, about `target` of them.
pub fn nice_ticks(max: f64, target: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let target = target.max(2) as f64;
    let raw = max / target;
    // The power of ten at or below `raw`, by steps (no powf: libm's pow is 2 KB of wasm).
    let mut mag = 1.0f64;
    if raw >= 1.0 {
        while mag * 10.0 <= raw && mag < 1e307 {
            mag *= 10.0;
        }
    } else {
        while mag > raw && mag > 1e-300 {
            mag /= 10.0;
        }
    }
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let n = (max / step).ceil().max(1.0) as usize;
    (0..=n.min(50)).map(|i| i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_maximum_with_round_steps() {
        assert_eq!(nice_ticks(63.335, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        assert_eq!(
            nice_ticks(48.331, 5),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]
        );
        assert_eq!(nice_ticks(0.0, 5).len(), 6);
        assert_eq!(nice_ticks(f64::NAN, 5).len(), 6);
        let t = nice_ticks(1e300, 4);
        assert!(t.len() <= 51 && t.last().copied().unwrap_or(0.0) >= 1e300);
    }
}
