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
        self.fill = None;
        self.inner.draw_pixel(point, color).map_err(cast)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<()> {
        self.inner.draw_line(from, to, style).map_err(cast)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<()> {
        // plotters-canvas sets the fill style for a filled rectangle.
        self.fill = None;
        self.inner
            .draw_rect(upper_left, bottom_right, style, fill)
            .map_err(cast)
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
