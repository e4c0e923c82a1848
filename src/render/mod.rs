//! Layer 3: draws a laid-out [`Scene`] with plotters, on any `DrawingBackend`:
//! the browser's canvas (plotters-canvas) or SVG natively (snapshot tests, static export).
//!
//! Only backend primitives are used (rect, line, text): no plotters chart mesh, so the
//! look is the newsroom one the model lays out, and the code stays small.

pub mod export;
pub mod png_text;
pub mod svg;

use crate::model::scene::{self, HAlign, Mark, Scene, TextMark, VAlign};
use crate::model::theme;
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontStyle, FontTransform,
};
use std::fmt::Write;

/// How CSS pixels map to backend pixels.
#[derive(Debug, Clone, Copy)]
pub struct Surface {
    /// Device pixels per CSS pixel (the canvas backing store is CSS size × this).
    pub scale: f64,
    /// plotters-svg writes `font-size = size / 1.24`; the SVG target compensates.
    pub font_factor: f64,
    /// The colour scheme colours are resolved in as they are drawn: a scene is laid out
    /// once in the light colours, so a scheme change is a repaint, never a new layout.
    pub scheme: theme::Scheme,
}

impl Surface {
    pub fn canvas(device_pixel_ratio: f64) -> Surface {
        let scale = if device_pixel_ratio.is_finite() && device_pixel_ratio > 0.0 {
            device_pixel_ratio.min(8.0)
        } else {
            1.0
        };
        Surface {
            scale,
            font_factor: 1.0,
            scheme: theme::Scheme::Light,
        }
    }
    /// The same surface, drawing in `scheme`.
    pub fn in_scheme(self, scheme: theme::Scheme) -> Surface {
        Surface { scheme, ..self }
    }
    pub fn svg() -> Surface {
        Surface {
            scale: 1.0,
            font_factor: 1.24,
            scheme: theme::Scheme::Light,
        }
    }
    fn px(&self, v: f64) -> i32 {
        let v = (v * self.scale).round();
        v.clamp(-1e8, 1e8) as i32
    }
}

fn color(p: scene::Paint, s: Surface) -> BackendColor {
    let c = theme::resolve(p, s.scheme);
    BackendColor {
        alpha: c.3.clamp(0.0, 1.0),
        rgb: (c.0, c.1, c.2),
    }
}

struct Paint {
    color: BackendColor,
    width: u32,
}

impl BackendStyle for Paint {
    fn color(&self) -> BackendColor {
        self.color
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

/// Text style handed to the backend; browsers and SVG viewers lay the text out themselves.
struct Font {
    size: f64,
    bold: bool,
    color: BackendColor,
    anchor: Pos,
}

#[derive(Debug)]
pub struct NoLayout;
impl std::fmt::Display for NoLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text layout is done by the backend")
    }
}
impl std::error::Error for NoLayout {}

impl BackendTextStyle for Font {
    type FontError = NoLayout;
    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        FontTransform::None
    }
    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }
    fn anchor(&self) -> Pos {
        self.anchor
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(theme::FONT_FAMILY)
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), NoLayout> {
        let w = theme::text_width(text, self.size).ceil() as i32;
        Ok(((0, 0), (w, self.size.ceil() as i32)))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: BackendCoord,
        _draw: F,
    ) -> Result<Result<(), E>, NoLayout> {
        // Only reached by pixel backends without native text; none is used.
        Err(NoLayout)
    }
}

/// Text as drawn: data may hold control characters (allowed, and kept in tooltips), but
/// XML cannot carry most of them, so an SVG holding one would not open. Tabs and line
/// breaks become spaces; other control characters and the non-characters U+FFFE/U+FFFF
/// become U+FFFD, one for one, so the layout's width estimate still holds.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() || c == '\u{fffe}' || c == '\u{ffff}';
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if bad(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Canvas style strings for a backend that feeds a 2D context itself (the browser's).
/// `rgba(r,g,b,a)` with the opacity in thousandths, no float formatting.
pub fn css_color(c: BackendColor, out: &mut String) {
    let (r, g, b) = c.rgb;
    let a = (c.alpha.clamp(0.0, 1.0) * 1000.0).round() as u32;
    out.clear();
    if a >= 1000 {
        let _ = write!(out, "rgb({r},{g},{b})");
    } else {
        let _ = write!(out, "rgba({r},{g},{b},0.{a:03})");
    }
}

/// [`css_color`] of a resolved colour (the web layer's DOM highlight).
pub fn css_rgba(c: scene::Rgba, out: &mut String) {
    css_color(
        BackendColor {
            alpha: c.3.clamp(0.0, 1.0),
            rgb: (c.0, c.1, c.2),
        },
        out,
    );
}

/// `bold 13.5px family`: the size in hundredths of a pixel, integers only.
pub fn css_font(bold: bool, size: f64, family: &str, out: &mut String) {
    let centi = (size.clamp(0.0, 10_000.0) * 100.0).round() as u32;
    out.clear();
    if bold {
        out.push_str("bold ");
    }
    let _ = write!(out, "{}", centi / 100);
    if centi % 100 != 0 {
        let _ = write!(out, ".{:02}", centi % 100);
    }
    let _ = write!(out, "px {family}");
}

/// Draws the whole scene: background first, then marks in order.
pub fn draw<DB: DrawingBackend>(
    scene: &Scene,
    backend: &mut DB,
    surface: Surface,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    backend.ensure_prepared()?;
    let (w, h) = backend.get_size();
    let bg = Paint {
        color: color(scene.background, surface),
        width: 1,
    };
    backend.draw_rect((0, 0), (w as i32, h as i32), &bg, true)?;
    for mark in &scene.marks {
        draw_mark(mark, backend, surface)?;
    }
    backend.present()
}

pub fn draw_mark<DB: DrawingBackend>(
    mark: &Mark,
    backend: &mut DB,
    s: Surface,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    match mark {
        Mark::Rect { rect, fill, stroke } => {
            let (x0, y0) = (s.px(rect.x), s.px(rect.y));
            let (x1, y1) = (s.px(rect.right()), s.px(rect.bottom()));
            if let Some(f) = fill {
                if x1 > x0 && y1 > y0 {
                    let p = Paint {
                        color: color(*f, s),
                        width: 1,
                    };
                    backend.draw_rect((x0, y0), (x1, y1), &p, true)?;
                }
            }
            if let Some((c, width)) = stroke {
                let wpx = (width * s.scale).round().max(1.0);
                // Stroke inside the box so the outline doesn't widen the bar.
                let inset = (wpx / 2.0).floor() as i32;
                let p = Paint {
                    color: color(*c, s),
                    width: wpx as u32,
                };
                if x1 - x0 > 2 * inset && y1 - y0 > 2 * inset {
                    backend.draw_rect(
                        (x0 + inset, y0 + inset),
                        (x1 - inset, y1 - inset),
                        &p,
                        false,
                    )?;
                }
            }
            Ok(())
        }
        Mark::Line {
            from,
            to,
            color: c,
            width,
        } => {
            let p = Paint {
                color: color(*c, s),
                width: (width * s.scale).round().max(1.0) as u32,
            };
            backend.draw_line((s.px(from.0), s.px(from.1)), (s.px(to.0), s.px(to.1)), &p)
        }
        Mark::Text(t) => draw_text(t, backend, s),
    }
}

fn draw_text<DB: DrawingBackend>(
    t: &TextMark,
    backend: &mut DB,
    s: Surface,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let anchor = Pos::new(
        match t.h {
            HAlign::Left => HPos::Left,
            HAlign::Center => HPos::Center,
            HAlign::Right => HPos::Right,
        },
        match t.v {
            VAlign::Top => VPos::Top,
            VAlign::Middle => VPos::Center,
            VAlign::Bottom => VPos::Bottom,
        },
    );
    let font = Font {
        size: (t.size * s.scale * s.font_factor * 100.0).round() / 100.0,
        bold: t.bold,
        color: color(t.color, s),
        anchor,
    };
    backend.draw_text(&printable(&t.text), &font, (s.px(t.x), s.px(t.y)))
}

/// The scene as a standalone SVG document (static export, snapshot tests, download).
pub fn to_svg(scene: &Scene) -> Result<String, String> {
    to_svg_in(scene, theme::Scheme::Light)
}

/// [`to_svg`] in `scheme`'s colours (a dark page's static render).
pub fn to_svg_in(scene: &Scene, scheme: theme::Scheme) -> Result<String, String> {
    let mut out = String::new();
    {
        let size = (scene.width.ceil() as u32, scene.height.ceil() as u32);
        let mut backend = svg::Svg::with_string(&mut out, size);
        draw(scene, &mut backend, Surface::svg().in_scheme(scheme)).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The scene as a PNG at `scale` × its CSS size, rasterised from the same SVG with resvg
/// and the system's fonts (native only: print and social-media images).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let svg = to_svg(scene)?;
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    // The CSS list ends in "sans-serif": point it at a font with Vietnamese glyphs.
    let installed: Vec<String> = db
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .collect();
    if let Some(family) = ["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"]
        .into_iter()
        .find(|f| installed.iter().any(|i| i == f))
    {
        db.set_sans_serif_family(family);
    }
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| e.to_string())?;
    let scale = if scale.is_finite() && scale > 0.0 {
        scale.min(8.0)
    } else {
        1.0
    };
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1)).ok_or("PNG: empty image")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| format!("PNG: {e}"))
}

#[cfg(test)]
mod css_tests {
    use super::*;

    #[test]
    fn canvas_style_strings_are_written_with_integers() {
        let mut s = String::new();
        for (alpha, rgb, want) in [
            (1.0, (26, 29, 33), "rgb(26,29,33)"),
            (0.55, (255, 255, 255), "rgba(255,255,255,0.550)"),
            (0.08, (0, 0, 0), "rgba(0,0,0,0.080)"),
            (0.0, (1, 2, 3), "rgba(1,2,3,0.000)"),
        ] {
            css_color(BackendColor { alpha, rgb }, &mut s);
            assert_eq!(s, want);
        }
        css_font(true, 13.0, "system-ui", &mut s);
        assert_eq!(s, "bold 13px system-ui");
        css_font(false, 12.5, "A, B", &mut s);
        assert_eq!(s, "12.50px A, B");
        css_font(false, 9.1234, "x", &mut s);
        assert_eq!(s, "9.12px x");
    }
}
