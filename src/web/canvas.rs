//! How plotters-canvas is fed: its backend draws the rectangles and lines, while text,
//! the bulk of a chart's calls, goes to the context with its state remembered. Font,
//! alignment, baseline and fill are set only when they change (plotters-canvas sets all
//! four, each a string crossing into JS, before every label), and the strings are written
//! with integers only.

use crate::render::{css_color, css_font};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Why drawing failed (the context refused a call).
#[derive(Debug)]
pub struct DrawError(String);

impl std::fmt::Display for DrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DrawError {}

type Result<T> = std::result::Result<T, DrawingErrorKind<DrawError>>;

fn cast<E: std::error::Error + Send + Sync>(e: DrawingErrorKind<E>) -> DrawingErrorKind<DrawError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(DrawError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// A canvas's 2D context with the text state it was last given.
pub struct Canvas {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
    font: String,
    /// The text fill as (r, g, b, opacity in thousandths).
    fill: Option<(u8, u8, u8, u32)>,
    align: &'static str,
    baseline: &'static str,
}

impl Canvas {
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Canvas> {
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Canvas {
            inner: CanvasBackend::with_canvas_object(canvas.clone())?,
            ctx,
            font: String::new(),
            fill: None,
            align: "",
            baseline: "",
        })
    }
}

impl Canvas {
    /// The fill style, set only when it changes (rectangles and text share it).
    fn set_fill(&mut self, color: BackendColor) {
        let key = (
            color.rgb.0,
            color.rgb.1,
            color.rgb.2,
            (color.alpha.clamp(0.0, 1.0) * 1000.0).round() as u32,
        );
        if self.fill != Some(key) {
            let mut css = String::new();
            css_color(color, &mut css);
            self.ctx.set_fill_style_str(&css);
            self.fill = Some(key);
        }
    }
    fn set_stroke<S: BackendStyle>(&mut self, style: &S) {
        let mut css = String::new();
        css_color(style.color(), &mut css);
        self.ctx.set_stroke_style_str(&css);
        self.ctx.set_line_width(f64::from(style.stroke_width()));
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = DrawError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<()> {
        self.inner.ensure_prepared().map_err(cast)
    }
    fn present(&mut self) -> Result<()> {
        self.inner.present().map_err(cast)
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<()> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(color);
        self.ctx
            .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        // plotters-canvas's half-pixel shift: a 1 px horizontal or vertical line is sharp.
        let (mut a, mut b) = (
            (f64::from(from.0), f64::from(from.1)),
            (f64::from(to.0), f64::from(to.1)),
        );
        if a.0 == b.0 {
            a.0 -= 0.5;
            b.0 -= 0.5;
        }
        if a.1 == b.1 {
            a.1 -= 0.5;
            b.1 -= 0.5;
        }
        self.set_stroke(style);
        self.ctx.begin_path();
        self.ctx.move_to(a.0, a.1);
        self.ctx.line_to(b.0, b.1);
        self.ctx.stroke();
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        if fill {
            self.set_fill(style.color());
            self.ctx.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.ctx.stroke_rect(x, y, w, h);
        }
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        if !matches!(style.transform(), FontTransform::None) {
            self.fill = None;
            self.font.clear();
            return self.inner.draw_text(text, style, pos).map_err(cast);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if baseline != self.baseline {
            self.ctx.set_text_baseline(baseline);
            self.baseline = baseline;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if align != self.align {
            self.ctx.set_text_align(align);
            self.align = align;
        }
        self.set_fill(color);
        let bold = matches!(style.style(), plotters_backend::FontStyle::Bold);
        let mut font = String::new();
        css_font(bold, style.size(), style.family().as_str(), &mut font);
        if font != self.font {
            self.ctx.set_font(&font);
            self.font = font;
        }
        self.ctx
            .fill_text(text, f64::from(pos.0), f64::from(pos.1))
            .map_err(|_| DrawingErrorKind::DrawingError(DrawError("fillText failed".into())))
    }
}
