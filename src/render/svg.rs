//! The SVG writer of the static export, the browser's SVG download and the snapshots:
//! the same document plotters-svg writes for the primitives a scene uses (rect, line,
//! text), byte for byte (checked against plotters' `SVGBackend` in the tests), but with
//! the opacities and font sizes written by [`format::shortest`] instead of core's float
//! formatting, which plotters-svg would link into the wasm.

use crate::model::format;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::convert::Infallible;
use std::fmt::Write;

/// An SVG document written into a string; `present` closes it.
pub struct Svg<'a> {
    out: &'a mut String,
    size: (u32, u32),
    open: bool,
}

impl<'a> Svg<'a> {
    pub fn with_string(out: &'a mut String, size: (u32, u32)) -> Svg<'a> {
        let (w, h) = size;
        let _ = writeln!(
            out,
            "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        Svg {
            out,
            size,
            open: true,
        }
    }

    /// ` key="value"`, the value escaped as plotters-svg does.
    fn attr(&mut self, key: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(key);
        self.out.push_str("=\"");
        escape(self.out, value);
        self.out.push('"');
    }

    fn num(&mut self, key: &str, value: i64) {
        let _ = write!(self.out, " {key}=\"{value}\"");
    }

    fn color(&mut self, key: &str, c: BackendColor) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let _ = write!(self.out, " {key}=\"#");
        for v in [c.rgb.0, c.rgb.1, c.rgb.2] {
            self.out.push(HEX[usize::from(v >> 4)] as char);
            self.out.push(HEX[usize::from(v & 15)] as char);
        }
        self.out.push('"');
    }

    fn opacity(&mut self, c: BackendColor) {
        let a = format::shortest(c.alpha);
        self.attr("opacity", &a);
    }
}

fn escape(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
}

type Result = std::result::Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }
    fn present(&mut self) -> Result {
        if self.open {
            self.out.push_str("</svg>\n");
            self.open = false;
        }
        Ok(())
    }
    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> Result {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<rect");
        self.num("x", p.0.into());
        self.num("y", p.1.into());
        self.out
            .push_str(" width=\"1\" height=\"1\" stroke=\"none\"");
        self.opacity(color);
        self.color("fill", color);
        self.out.push_str("/>\n");
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        s: &S,
    ) -> Result {
        let c = s.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<line");
        self.opacity(c);
        self.color("stroke", c);
        self.num("stroke-width", s.stroke_width().into());
        self.num("x1", from.0.into());
        self.num("y1", from.1.into());
        self.num("x2", to.0.into());
        self.num("y2", to.1.into());
        self.out.push_str("/>\n");
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result {
        let c = s.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str("<rect");
        self.num("x", ul.0.into());
        self.num("y", ul.1.into());
        self.num("width", i64::from(br.0) - i64::from(ul.0));
        self.num("height", i64::from(br.1) - i64::from(ul.1));
        self.opacity(c);
        if fill {
            self.color("fill", c);
            self.attr("stroke", "none");
        } else {
            self.attr("fill", "none");
            self.color("stroke", c);
        }
        self.out.push_str("/>\n");
        Ok(())
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result {
        let c = style.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = pos;
        self.out.push_str("<text");
        self.num("x", x.into());
        self.num("y", y.into());
        self.attr(
            "dy",
            match style.anchor().v_pos {
                VPos::Top => "0.76em",
                VPos::Center => "0.5ex",
                VPos::Bottom => "-0.5ex",
            },
        );
        self.attr(
            "text-anchor",
            match style.anchor().h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "middle",
            },
        );
        self.attr("font-family", style.family().as_str());
        // plotters-svg's rule: the size it is given over 1.24 (see `Surface::font_factor`).
        let size = format::shortest(style.size() / 1.24);
        self.attr("font-size", &size);
        self.opacity(c);
        self.color("fill", c);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.attr("font-weight", "bold"),
            other => self.attr("font-style", other.as_str()),
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            FontTransform::None => 0,
        };
        if turn != 0 {
            let _ = write!(self.out, " transform=\"rotate({turn}, {x}, {y})\"");
        }
        self.out.push_str(">\n");
        escape(self.out, text);
        self.out.push_str("\n</text>\n");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Dataset, Lang};
    use crate::model::{theme::Scheme, ChartKind, ChartOptions, RegionSel};
    use crate::render::{draw, Surface};

    /// Every chart, region, language, width and scheme, at the SVG and a canvas-like
    /// scale (fractional opacities and font sizes): the same bytes as plotters-svg.
    #[test]
    fn writes_what_plotters_svg_writes() {
        let ds = Dataset::embedded().unwrap();
        let mut checked = 0;
        for kind in [ChartKind::Funding, ChartKind::Activities] {
            let mut regions: Vec<RegionSel> = ds
                .regions
                .iter()
                .map(|r| RegionSel::One(r.id.clone()))
                .collect();
            regions.push(RegionSel::All);
            for region in regions {
                for lang in [Lang::Vi, Lang::En] {
                    let opts = ChartOptions::new(kind, region.clone(), lang);
                    for width in [320.0, 800.0] {
                        let scene = crate::model::layout(ds, &opts, width);
                        let size = (scene.width.ceil() as u32, scene.height.ceil() as u32);
                        for surface in [
                            Surface::svg(),
                            Surface::svg().in_scheme(Scheme::Dark),
                            Surface::canvas(1.5),
                        ] {
                            let mut ours = String::new();
                            draw(&scene, &mut Svg::with_string(&mut ours, size), surface).unwrap();
                            let mut theirs = String::new();
                            let mut backend =
                                plotters::backend::SVGBackend::with_string(&mut theirs, size);
                            draw(&scene, &mut backend, surface).unwrap();
                            drop(backend);
                            assert_eq!(ours, theirs);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked >= 24, "{checked}");
    }

    #[test]
    fn escapes_like_plotters_svg() {
        let mut ours = String::new();
        let mut theirs = String::new();
        use plotters::style::IntoFont;
        let color = plotters::style::RGBAColor(1, 2, 250, 0.3);
        let style =
            plotters::style::TextStyle::from(("A 'b' \"c\"", 13.3).into_font()).color(&color);
        {
            let mut a = Svg::with_string(&mut ours, (10, 10));
            let mut b = plotters::backend::SVGBackend::with_string(&mut theirs, (10, 10));
            a.draw_text("<a & b>", &style, (1, 2)).unwrap();
            b.draw_text("<a & b>", &style, (1, 2)).unwrap();
            a.draw_pixel(
                (3, 4),
                BackendColor {
                    alpha: 0.25,
                    rgb: (9, 10, 11),
                },
            )
            .unwrap();
            b.draw_pixel(
                (3, 4),
                BackendColor {
                    alpha: 0.25,
                    rgb: (9, 10, 11),
                },
            )
            .unwrap();
            a.present().unwrap();
            b.present().unwrap();
        }
        assert_eq!(ours, theirs);
    }
}
