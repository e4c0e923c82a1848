//! Layer 4: the only wasm-bindgen / web-sys code. The JS API, event wiring, DOM.
//!
//! A chart owns everything it adds to the page: its DOM nodes, its listeners (removed
//! on drop, never `forget`), its ResizeObserver, media-query listeners and any pending
//! animation frame. Hover and keyboard focus only repaint the overlay canvas.

mod a11y;
mod dom;
#[cfg(feature = "editor")]
mod editor;
mod options;
mod ssr;

use crate::data::{Dataset, Lang};
use crate::model::format::css_px;
use crate::model::scene::{Mark, Rect, Rgba};
use crate::model::theme::Scheme;
use crate::model::tooltip::{self, Tooltip};
use crate::model::{self, ChartOptions, Scene, ThemeChoice};
use crate::render::{self, Surface};
use dom::{err, err_with_problems, js_err, set_styles, Listener};
use plotters_canvas::CanvasBackend;
use std::cell::{Cell, RefCell};
use std::ops::Deref;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Element, Event, EventTarget, HtmlCanvasElement, HtmlElement,
    KeyboardEvent, PointerEvent, ResizeObserver,
};

/// Installs a panic hook once: should a panic ever happen, its message reaches the console.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "khuyencong-charts: internal error: {info}"
        )));
    }));
    model::format::set_host_formatter(Some(intl_number));
}

thread_local! {
    /// `Intl.NumberFormat(...).format` per (language, fraction digits): built once each.
    static INTL: RefCell<Vec<((Lang, usize), js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

/// Numbers through the browser's `Intl.NumberFormat` ("48.331", "54,06"; "48,331").
fn intl_number(value: f64, decimals: usize, lang: Lang) -> Option<String> {
    let decimals = decimals.min(6);
    INTL.with(|cache| {
        let mut cache = cache.try_borrow_mut().ok()?;
        let f = match cache.iter().find(|(k, _)| *k == (lang, decimals)) {
            Some((_, f)) => f.clone(),
            None => {
                let locale = match lang {
                    Lang::Vi => "vi-VN",
                    Lang::En => "en-US",
                };
                let locales = js_sys::Array::of1(&JsValue::from_str(locale));
                let opts = js_sys::Object::new();
                let digits = JsValue::from_f64(decimals as f64);
                js_sys::Reflect::set(&opts, &"minimumFractionDigits".into(), &digits).ok()?;
                js_sys::Reflect::set(&opts, &"maximumFractionDigits".into(), &digits).ok()?;
                let f = js_sys::Intl::NumberFormat::new(&locales, &opts).format();
                cache.push(((lang, decimals), f.clone()));
                f
            }
        };
        f.call1(&JsValue::NULL, &JsValue::from_f64(value))
            .ok()?
            .as_string()
    })
}

/// The embedded dataset, or one a page passed in.
#[derive(Clone)]
enum DataRef {
    Embedded(&'static Dataset),
    Custom(Rc<Dataset>),
}

impl Deref for DataRef {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        match self {
            DataRef::Embedded(d) => d,
            DataRef::Custom(d) => d,
        }
    }
}

/// A dataset from a page's value (object or JSON string); `None` for undefined/null.
fn dataset_of(data: &JsValue) -> Result<Option<DataRef>, JsValue> {
    if data.is_undefined() || data.is_null() {
        return Ok(None);
    }
    let json = match data.as_string() {
        Some(s) => s,
        None if kc_is_array(data).unwrap_or(false) => {
            return Err(err(
                "options.data: expected a dataset object or a JSON string, got an array",
            ))
        }
        // JSON.stringify runs the page's getters and toJSON: what they throw is caught.
        None if data.is_object() => js_sys::JSON::stringify(data)
            .map_err(|_| {
                err("options.data: could not be read as JSON (cyclic or not plain data?)")
            })?
            .into(),
        None => {
            return Err(err(format!(
                "options.data: expected a dataset object or a JSON string, got {}",
                options::got(data)
            )))
        }
    };
    Dataset::from_json(&json)
        .map(|d| Some(DataRef::Custom(Rc::new(d))))
        .map_err(|e| {
            let shown: Vec<&str> = e.problems.iter().take(5).map(String::as_str).collect();
            let more = e.problems.len().saturating_sub(shown.len());
            let mut msg = format!("options.data: invalid dataset: {}", shown.join("; "));
            if more > 0 {
                msg.push_str(&format!(" … and {more} more"));
            }
            err_with_problems(&msg, &e.problems)
        })
}

fn embedded() -> Result<DataRef, JsValue> {
    Dataset::embedded()
        .map(DataRef::Embedded)
        .map_err(|e| err_with_problems(&e.to_string(), &e.problems))
}

/// Options and dataset from a page's options object, read completely before any chart
/// state is touched. `current`: the dataset to keep when `data` is absent (update).
fn parse_all(
    options: &JsValue,
    current: Option<DataRef>,
) -> Result<(DataRef, ChartOptions), JsValue> {
    let input = options::read(options)?;
    let ds = match (dataset_of(&input.data)?, current) {
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => embedded()?,
    };
    let raw = input.raw(&ds)?;
    let opts = ChartOptions::parse(&raw, &ds).map_err(err)?;
    Ok((ds, opts))
}

/// Lists every problem in a dataset (object or JSON string); empty when it is valid.
#[wasm_bindgen(js_name = validateDataset)]
pub fn validate_dataset(data: JsValue) -> Vec<String> {
    match dataset_of(&data) {
        Ok(Some(_)) => Vec::new(),
        Ok(None) => vec![format!(
            "dataset: expected a dataset object or a JSON string, got {}",
            options::got(&data)
        )],
        Err(e) => js_sys::Reflect::get(&e, &"problems".into())
            .ok()
            .filter(|p| p.is_object())
            .map(|p| {
                js_sys::Array::from(&p)
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect()
            })
            .unwrap_or_else(|| {
                vec![js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default()]
            }),
    }
}

/// Mutable state shared by the handle and its event callbacks.
struct State {
    /// This state, for the shared animation-frame queue.
    me: Weak<RefCell<State>>,
    ds: DataRef,
    opts: ChartOptions,
    scene: Scene,
    scheme: Scheme,
    /// Effective zoom: scene px → canvas CSS px (the option, capped to fit).
    zoom: f64,
    /// Device pixels per CSS pixel actually used (the wanted ratio, capped to canvas limits).
    dpr: f64,
    /// The canvas's CSS size as laid out (its height capped for a limited view).
    css: (f64, f64),
    /// Width the scene was laid out at (CSS px); 0 while the container is hidden.
    laid_out_width: f64,
    printing: bool,
    root: HtmlElement,
    canvas: HtmlCanvasElement,
    overlay: HtmlCanvasElement,
    tip: HtmlElement,
    tip_shown: bool,
    /// The tooltip's last `left`/`top` (CSS px).
    tip_at: (f64, f64),
    /// An invisible box laid over the anchor bar: measured, it says where the bar is on
    /// screen whatever the page's transforms and zoom.
    probe: HtmlElement,
    /// Shown when the chart is too tall for a canvas: only its top part is drawn.
    limit_note: HtmlElement,
    a11y: a11y::Parts,
    /// Latest pointer position (canvas CSS px) waiting for the next animation frame.
    pending: Option<(f64, f64)>,
    /// The container may have a new size: checked at the next animation frame.
    relayout_due: bool,
    /// Index into `scene.hits` of the highlighted bar.
    active: Option<usize>,
    /// Where the highlight rings are drawn on the overlay (scene px), to clear just those.
    ring: Vec<Rect>,
    /// A tap pinned the tooltip (touch): it stays until closed, a second tap on the same
    /// bar, Escape or a tap elsewhere.
    pinned: bool,
    /// The tooltip is a panel clear of the bar (touch): never beside it, never over it.
    sheet: bool,
    /// The active target has keyboard focus: the ring goes round the whole target.
    keyboard: bool,
    /// The series hidden by the page's options (legend toggles change `opts.hidden`):
    /// what `reset()` goes back to.
    configured_hidden: Vec<String>,
}

/// Largest canvas side and area drawn (device px): below every current browser's limit
/// (iOS Safari: 16 777 216 px of area). Beyond them a canvas stays blank.
const MAX_CANVAS_SIDE: f64 = 16384.0;
const MAX_CANVAS_AREA: f64 = 16_777_216.0;

/// The largest pixel ratio ≤ `want` at which a `w` × `h` CSS px canvas fits the limits.
fn fitting_ratio(w: f64, h: f64, want: f64) -> f64 {
    want.min(MAX_CANVAS_SIDE / w.max(1.0))
        .min(MAX_CANVAS_SIDE / h.max(1.0))
        .min((MAX_CANVAS_AREA / (w * h).max(1.0)).sqrt())
}

/// Hides or shows an element whatever the page's CSS says about `[hidden]`: the
/// attribute for assistive technology, plus an inline `display … !important`.
fn show(el: &HtmlElement, display: Option<&str>) {
    el.set_hidden(display.is_none());
    let _ =
        el.style()
            .set_property_with_priority("display", display.unwrap_or("none"), "important");
}

/// The user's forced colours, read from CSS system colours on a probe element.
fn system_colors() -> Option<Scheme> {
    let doc = web_sys::window()?.document()?;
    let body = doc.body()?;
    let probe = dom::element(&doc, "span", "").ok()?;
    let read = |css: &str| -> Option<Rgba> {
        probe.style().set_property("color", css).ok()?;
        let value = web_sys::window()?
            .get_computed_style(&probe)
            .ok()??
            .get_property_value("color")
            .ok()?;
        parse_rgb(&value)
    };
    body.append_child(&probe).ok()?;
    let colors = (read("Canvas"), read("CanvasText"), read("Highlight"));
    probe.remove();
    Some(Scheme::Forced {
        canvas: colors.0?,
        text: colors.1?,
        highlight: colors.2?,
    })
}

/// "rgb(12, 34, 56)" or "rgba(12, 34, 56, 1)" → colour.
fn parse_rgb(css: &str) -> Option<Rgba> {
    let inner = css.split_once('(')?.1.split_once(')')?.0;
    // Integer channels ("rgb(0, 0, 128)"); a float parse would pull in ~14 KB of wasm.
    let mut parts = inner.split(',').map(|p| {
        p.trim()
            .split('.')
            .next()
            .and_then(|i| i.parse::<u16>().ok())
    });
    let mut channel = || parts.next().flatten().map(|v| v.min(255) as u8);
    Some(Rgba::rgb(channel()?, channel()?, channel()?))
}

fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

impl State {
    fn pixel_ratio(&self) -> f64 {
        let screen = self.opts.pixel_ratio.unwrap_or_else(|| {
            web_sys::window()
                .map(|w| w.device_pixel_ratio())
                .filter(|r| r.is_finite() && *r > 0.0)
                .unwrap_or(1.0)
        });
        // Paper wants more pixels than a screen.
        if self.printing {
            screen.max(3.0)
        } else {
            screen
        }
    }

    fn current_scheme(&self) -> Scheme {
        if media_matches("(forced-colors: active)") {
            return system_colors().unwrap_or(Scheme::HighContrast);
        }
        match self.opts.theme {
            ThemeChoice::Light => Scheme::Light,
            ThemeChoice::Dark => Scheme::Dark,
            ThemeChoice::Auto if self.printing => Scheme::Light,
            ThemeChoice::Auto if media_matches("(prefers-color-scheme: dark)") => Scheme::Dark,
            ThemeChoice::Auto => Scheme::Light,
        }
    }

    /// Lays out at the container's content width and draws the chart: the only full redraw.
    fn relayout(&mut self) -> Result<(), JsValue> {
        // The root fills the container's content box (padding and border excluded).
        let width = f64::from(self.root.client_width());
        self.hide_tip();
        self.active = None;
        self.relayout_due = false;
        // Resizing the canvases below clears the overlay.
        self.ring.clear();
        if width <= 0.0 {
            // Hidden (display:none, closed tab): draw when the ResizeObserver sees a size.
            self.laid_out_width = 0.0;
            return Ok(());
        }
        // Zoom never squeezes the layout below its 240 px minimum (a phone kiosk).
        let zoom = self.opts.zoom.min(width / 240.0).max(1.0);
        self.zoom = zoom;
        self.scene = model::layout(&self.ds, &self.opts, width / zoom);
        self.scheme = self.current_scheme();
        self.scene.recolor(self.scheme);
        self.laid_out_width = width;
        let want = self.pixel_ratio();
        let (w, h) = (self.scene.width * zoom, self.scene.height * zoom);
        // A canvas beyond the browser's limits stays blank: fewer device pixels first,
        // then (below one device pixel per CSS pixel) only the top part, with a note.
        let fit = fitting_ratio(w, h, want);
        let (dpr, shown_h) = if fit >= want.min(1.0) {
            (fit, h)
        } else {
            let dpr = want.min(1.0);
            let rows = (MAX_CANVAS_SIDE / dpr).min(MAX_CANVAS_AREA / (w * dpr * dpr));
            (dpr, h.min(rows.floor()))
        };
        self.dpr = dpr;
        self.css = (w, shown_h);
        for c in [&self.canvas, &self.overlay] {
            c.set_width((w * dpr).round() as u32);
            c.set_height((shown_h * dpr).round() as u32);
            set_styles(
                c.unchecked_ref(),
                &[("width", &css_px(w)), ("height", &css_px(shown_h))],
            )?;
        }
        if shown_h < h {
            let n = self.scene.hits.len();
            self.limit_note.set_text_content(Some(&match self.opts.lang {
                Lang::Vi => format!("Biểu đồ quá dài để trình duyệt vẽ hết ({n} cột): chỉ vẽ phần đầu. Mọi số liệu có trong bảng số liệu."),
                Lang::En => format!("This chart is too long for the browser to draw in full ({n} bars): only its top part is drawn. Every figure is in the data table."),
            }));
            show(&self.limit_note, Some("block"));
        } else {
            show(&self.limit_note, None);
        }
        let mut backend = CanvasBackend::with_canvas_object(self.canvas.clone())
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        render::draw(&self.scene, &mut backend, Surface::canvas(dpr * zoom))
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        let caption = render::export::caption(&self.ds, &self.opts);
        dom::attr(&self.canvas, "aria-label", &caption)?;
        self.a11y.rebuild(&self.ds, &self.opts, &self.scene, zoom)?;
        let (bg, fg, border) = self.scheme.chrome();
        // Text beside the canvas grows with it (kiosks, low vision).
        let tip_font = css_px(13.0 * self.zoom);
        set_styles(
            &self.tip,
            &[
                ("background", &bg.hex()),
                ("color", &fg.hex()),
                ("border-color", &border.hex()),
                ("font-size", &tip_font),
            ],
        )?;
        // The chart's own controls (table toggle, table) take its colours and zoom through
        // custom properties a page can also set.
        let grid = crate::model::theme::recolor(crate::model::theme::GRID, self.scheme);
        let zoom = crate::model::format::fixed(self.zoom, 2);
        set_styles(
            &self.root,
            &[
                ("--kc-bg", &bg.hex()),
                ("--kc-ink", &fg.hex()),
                ("--kc-line", &border.hex()),
                ("--kc-grid", &grid.hex()),
                ("--kc-hover", &grid.hex()),
                ("--kc-zoom", &zoom),
                ("color", &fg.hex()),
                // The chart is one surface in its scheme: no host background shows
                // under the toggle or the table (dark mode on a light card).
                ("background-color", &bg.hex()),
            ],
        )?;
        Ok(())
    }

    fn overlay_ctx(&self) -> Option<CanvasRenderingContext2d> {
        self.overlay
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
    }

    /// Hover and focus never redraw the chart: only the overlay and the tooltip change.
    fn set_active(&mut self, hit: Option<usize>) -> Result<(), JsValue> {
        if hit == self.active {
            return Ok(());
        }
        self.active = hit;
        // Clear only where the last rings were: a full-size clear costs more than a ring.
        if let Some(ctx) = self.overlay_ctx() {
            let k = self.dpr * self.zoom;
            for prev in self.ring.drain(..) {
                ctx.clear_rect(
                    ((prev.x - 4.0) * k).floor(),
                    ((prev.y - 4.0) * k).floor(),
                    ((prev.w + 8.0) * k).ceil() + 1.0,
                    ((prev.h + 8.0) * k).ceil() + 1.0,
                );
            }
        }
        self.ring.clear();
        let Some(index) = hit.filter(|i| *i < self.scene.hits.len()) else {
            self.hide_tip();
            return Ok(());
        };
        let rects = self.scene.highlight_rects(index);
        // Keyboard focus rings the whole target (the focused element); hover and taps
        // ring the bars they explain.
        let rings: Vec<Rect> = match self.scene.hits.get(index) {
            Some(h) if self.keyboard => vec![h.rect],
            _ => rects.clone(),
        };
        let (_, ink, _) = self.scheme.chrome();
        let surface = Surface::canvas(self.dpr * self.zoom);
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.overlay.clone()) {
            for r in &rings {
                let ring = Mark::Rect {
                    rect: Rect::new(r.x - 2.0, r.y - 2.0, r.w + 4.0, r.h + 4.0),
                    fill: Some(Rgba(ink.0, ink.1, ink.2, 0.08)),
                    stroke: Some((ink, 2.0)),
                };
                let _ = render::draw_mark(&ring, &mut backend, surface);
            }
        }
        // The tooltip sits beside everything highlighted.
        let anchor = rects
            .iter()
            .copied()
            .reduce(|a, b| a.union(&b))
            .unwrap_or_default();
        self.ring = rings;
        self.show_tip(index, anchor)
    }

    /// How much smaller than laid out the canvas is shown (CSS `max-width` squeezing it
    /// until the next layout): layout px per canvas CSS px, per axis.
    fn squeeze(&self) -> (f64, f64) {
        let (w, h) = self.css;
        let ow = f64::from(self.canvas.offset_width());
        let oh = f64::from(self.canvas.offset_height());
        let k = |o: f64, c: f64| if o > 0.0 && c > 0.0 { o / c } else { 1.0 };
        (k(ow, w), k(oh, h))
    }

    /// A pointer event's position in the canvas's CSS pixels, through whatever the page
    /// does to the canvas's box: CSS transforms (scale, rotate) and `zoom` on ancestors.
    fn local_point(&self, e: &PointerEvent) -> (f64, f64) {
        let (kx, ky) = self.squeeze();
        let on_canvas = e.target().is_some_and(|t| {
            t.unchecked_ref::<JsValue>() == self.canvas.unchecked_ref::<JsValue>()
        });
        let num = |o: &JsValue, k: &str| {
            js_sys::Reflect::get(o, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_f64())
        };
        let offset = num(e, "offsetX").zip(num(e, "offsetY"));
        let (x, y) = match offset {
            // offsetX/Y: the browser maps the point into the canvas's own box (transforms
            // undone), in px scaled by the effective CSS zoom.
            Some((ox, oy)) if on_canvas => {
                let z = num(&self.canvas, "currentCSSZoom")
                    .filter(|z| z.is_finite() && *z > 0.0)
                    .unwrap_or(1.0);
                (ox / z, oy / z)
            }
            _ => {
                let r = self.canvas.get_bounding_client_rect();
                let ow = f64::from(self.canvas.offset_width());
                let oh = f64::from(self.canvas.offset_height());
                let k = |o: f64, s: f64| if s > 0.0 { o / s } else { 1.0 };
                (
                    (f64::from(e.client_x()) - r.left()) * k(ow, r.width()),
                    (f64::from(e.client_y()) - r.top()) * k(oh, r.height()),
                )
            }
        };
        (x / kx, y / ky)
    }

    fn show_tip(&mut self, hit: usize, anchor: Rect) -> Result<(), JsValue> {
        let Some(t) = Tooltip::for_hit(&self.ds, &self.scene, hit, self.opts.lang) else {
            self.hide_tip();
            return Ok(());
        };
        // Its natural width for the new text (fixed below while it is measured).
        let _ = self.tip.style().remove_property("width");
        // Never taller than the screen: a year's column can say a lot (it scrolls).
        set_styles(
            &self.tip,
            &[("max-height", "calc(100vh - 8px)"), ("overflow-y", "auto")],
        )?;
        let close = match (self.pinned || self.sheet, self.opts.lang) {
            (false, _) => None,
            (true, Lang::Vi) => Some("Đóng"),
            (true, Lang::En) => Some("Close"),
        };
        a11y::fill_tooltip(&self.tip, &t, close)?;
        show(&self.tip, Some("block"));
        self.tip_shown = true;
        // Where the bar is on screen: the probe box laid over it, measured.
        let (kx, ky) = self.squeeze();
        let a = anchor.scaled(self.zoom);
        self.probe.style().set_css_text(&format!(
            "position:absolute;visibility:hidden;pointer-events:none;margin:0;padding:0;border:0;display:block!important;left:{};top:{};width:{};height:{}",
            css_px(a.x * kx),
            css_px(a.y * ky),
            css_px(a.w * kx),
            css_px(a.h * ky)
        ));
        let pr = self.probe.get_bounding_client_rect();
        let anchor_vp = Rect::new(pr.left(), pr.top(), pr.width(), pr.height());
        let w = dom::window()?;
        let size =
            |v: Result<JsValue, JsValue>, d: f64| v.ok().and_then(|v| v.as_f64()).unwrap_or(d);
        let view = (size(w.inner_width(), 360.0), size(w.inner_height(), 640.0));
        if self.sheet {
            // A panel as wide as a phone allows (at most 440 px), clear of the bar.
            let pw = (view.0 - 8.0).clamp(0.0, 440.0);
            set_styles(
                &self.tip,
                &[("width", &css_px(pw)), ("max-width", "calc(100vw - 8px)")],
            )?;
        } else {
            set_styles(&self.tip, &[("max-width", "min(320px, calc(100vw - 8px))")])?;
        }
        let tr = self.tip.get_bounding_client_rect();
        let beside = tooltip::place(anchor_vp, (tr.width(), tr.height()), view);
        let covers = Rect::new(beside.0, beside.1, tr.width(), tr.height()).intersects(&anchor_vp);
        let (x, y) = if self.sheet || covers {
            // Never over what it explains: above or below, its height capped to the room.
            let (x, y, max_h) = tooltip::place_clear(anchor_vp, (tr.width(), tr.height()), view);
            set_styles(
                &self.tip,
                &[
                    ("max-height", &css_px(max_h.max(48.0))),
                    ("overflow-y", "auto"),
                ],
            )?;
            (x, y)
        } else {
            beside
        };
        let tr = self.tip.get_bounding_client_rect();
        self.move_tip((x, y), &tr)
    }

    /// Closes the tooltip. With a bar button focused the ring stays: focus never vanishes.
    fn close_tip(&mut self) -> Result<(), JsValue> {
        let focused = self.a11y.focused.is_some()
            && dom::document()
                .ok()
                .and_then(|d| d.active_element())
                .is_some_and(|el| {
                    self.a11y
                        .keys
                        .unchecked_ref::<web_sys::Node>()
                        .contains(Some(el.unchecked_ref()))
                });
        if focused {
            self.hide_tip();
            Ok(())
        } else {
            self.set_active(None)
        }
    }

    /// Puts the tooltip's box at viewport point `to`. `left`/`top` are viewport px unless
    /// an ancestor transforms or zooms the tooltip (a fixed box then follows it): then the
    /// map from `left`/`top` to the screen is measured and inverted.
    fn move_tip(&mut self, to: (f64, f64), tr: &web_sys::DomRect) -> Result<(), JsValue> {
        let (l0, t0) = self.tip_at;
        let ow = f64::from(self.tip.offset_width());
        let oh = f64::from(self.tip.offset_height());
        let near = |a: f64, b: f64| (a - b).abs() < 0.5;
        let plain = near(tr.left(), l0)
            && near(tr.top(), t0)
            && near(tr.width(), ow)
            && near(tr.height(), oh);
        let (l, t) = if plain {
            to
        } else {
            // Affine: centre(l, t) = c0 + (l - l0)·a + (t - t0)·b, a and b measured.
            // The box keeps its width while it moves (it would wrap differently near the
            // edge of a transformed containing block).
            set_styles(&self.tip, &[("width", &css_px(ow))])?;
            let centre =
                |r: &web_sys::DomRect| (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
            let c0 = centre(tr);
            let at = |l: f64, t: f64| -> Result<(f64, f64), JsValue> {
                set_styles(&self.tip, &[("left", &css_px(l)), ("top", &css_px(t))])?;
                Ok(centre(&self.tip.get_bounding_client_rect()))
            };
            let c1 = at(l0 + 100.0, t0)?;
            let c2 = at(l0, t0 + 100.0)?;
            let a = ((c1.0 - c0.0) / 100.0, (c1.1 - c0.1) / 100.0);
            let b = ((c2.0 - c0.0) / 100.0, (c2.1 - c0.1) / 100.0);
            let d = (
                to.0 + tr.width() / 2.0 - c0.0,
                to.1 + tr.height() / 2.0 - c0.1,
            );
            let det = a.0 * b.1 - a.1 * b.0;
            if det.abs() < 1e-6 {
                to
            } else {
                (
                    l0 + (d.0 * b.1 - d.1 * b.0) / det,
                    t0 + (a.0 * d.1 - a.1 * d.0) / det,
                )
            }
        };
        self.tip_at = (l, t);
        set_styles(&self.tip, &[("left", &css_px(l)), ("top", &css_px(t))])
    }

    /// Puts the tooltip back next to its bar (after a scroll, or a second tap).
    fn reposition(&mut self) -> Result<(), JsValue> {
        let Some((index, h)) = self
            .active
            .and_then(|i| self.scene.hits.get(i).map(|h| (i, h)))
        else {
            return Ok(());
        };
        let rect = self
            .scene
            .highlight_rects(index)
            .into_iter()
            .reduce(|a, b| a.union(&b))
            .unwrap_or(h.rect);
        let pinned = self.pinned;
        self.show_tip(index, rect)?;
        self.pinned = pinned;
        Ok(())
    }

    fn hide_tip(&mut self) {
        show(&self.tip, None);
        self.tip_shown = false;
        self.pinned = false;
        self.sheet = false;
    }

    /// The shared animation frame: a resize seen by the observer, then the latest pointer.
    fn on_frame(&mut self) -> Result<(), JsValue> {
        if self.relayout_due {
            self.relayout_due = false;
            let width = f64::from(self.root.client_width());
            if (width - self.laid_out_width).abs() >= 1.0 {
                self.relayout()?;
            }
        }
        if let Some((x, y)) = self.pending.take() {
            let hit = self.hit_index(x, y);
            self.set_active(hit)?;
        }
        Ok(())
    }

    /// The bar under a point in canvas CSS pixels.
    fn hit_index(&self, x: f64, y: f64) -> Option<usize> {
        let z = self.zoom;
        if y > self.css.1 {
            return None;
        }
        // O(log n): hover cost stays flat however many bars there are.
        self.scene.hit_index(x / z, y / z)
    }

    /// Keyboard focus reached bar `nav_pos`: ring, tooltip, and the live region speaks.
    fn focus_bar(&mut self, nav_pos: usize) -> Result<(), JsValue> {
        let Some(&hit) = self.scene.nav.get(nav_pos) else {
            return Ok(());
        };
        // The button's name says the figure: no live announcement on top of it (a
        // screen reader would read it twice).
        if !self.keyboard {
            // Same target, now focused: redraw its ring round the whole target.
            self.active = None;
        }
        self.keyboard = true;
        self.set_active(Some(hit))
    }

    fn toggle_series(&mut self, key: &str) -> Result<(), JsValue> {
        let now_hidden = !self.opts.is_hidden(key);
        if now_hidden {
            self.opts.hidden.push(key.to_string());
        } else {
            self.opts.hidden.retain(|k| k != key);
        }
        self.relayout()?;
        let label = self
            .scene
            .legend
            .iter()
            .find(|l| l.key == key)
            .map(|l| l.label.clone())
            .unwrap_or_else(|| key.to_string());
        let msg = match (self.opts.lang, now_hidden) {
            (Lang::Vi, true) => format!("Đã ẩn {label}"),
            (Lang::Vi, false) => format!("Đã hiện {label}"),
            (Lang::En, true) => format!("{label} hidden"),
            (Lang::En, false) => format!("{label} shown"),
        };
        self.a11y.announce(&msg);
        Ok(())
    }
}

/// What a mounted chart owns. The registry holds it until `destroy()` or until its
/// container leaves the document; the JS handle (`Chart`) is only a view of it, so a
/// handle dropped by the page and collected as garbage destroys nothing.
struct Live {
    state: RefCell<Option<Rc<RefCell<State>>>>,
    listeners: RefCell<Vec<Listener>>,
    root: HtmlElement,
    canvas: HtmlCanvasElement,
    /// True when `mount` was given a canvas: destroy puts it back where it was.
    adopted_canvas: bool,
    /// Fallback tables the page carried, with their own inline `display` (value,
    /// priority): hidden while the chart lives, restored on destroy.
    fallbacks: Vec<(HtmlElement, String, String)>,
    /// The root has been in a document: leaving it now means the chart is gone.
    seen_connected: Cell<bool>,
}

thread_local! {
    /// Every live chart.
    static LIVE: RefCell<Vec<Rc<Live>>> = const { RefCell::new(Vec::new()) };
    /// One ResizeObserver and one MutationObserver for every chart of the page.
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
    /// The shared animation frame and the charts waiting for it.
    static FRAME: RefCell<Frame> = const { RefCell::new(Frame { cb: None, id: None, due: Vec::new() }) };
}

struct Watch {
    ro: ResizeObserver,
    mo: web_sys::MutationObserver,
    _ro_cb: Closure<dyn FnMut(js_sys::Array)>,
    _mo_cb: Closure<dyn FnMut(js_sys::Array)>,
}

struct Frame {
    cb: Option<Closure<dyn FnMut()>>,
    id: Option<i32>,
    due: Vec<Weak<RefCell<State>>>,
}

fn live_charts() -> Vec<Rc<Live>> {
    LIVE.with(|l| l.try_borrow().map(|l| l.clone()).unwrap_or_default())
}

/// Asks for `s`'s `on_frame` at the next animation frame (one frame for every chart).
fn schedule(s: &State) {
    FRAME.with(|f| {
        let Ok(mut f) = f.try_borrow_mut() else {
            return;
        };
        if !f.due.iter().any(|w| w.ptr_eq(&s.me)) {
            f.due.push(s.me.clone());
        }
        if f.id.is_none() {
            let cb =
                f.cb.get_or_insert_with(|| Closure::<dyn FnMut()>::new(run_frame));
            let cb: &js_sys::Function = cb.as_ref().unchecked_ref();
            f.id = web_sys::window().and_then(|w| w.request_animation_frame(cb).ok());
        }
    });
}

fn run_frame() {
    let due = FRAME.with(|f| {
        f.try_borrow_mut()
            .map(|mut f| {
                f.id = None;
                std::mem::take(&mut f.due)
            })
            .unwrap_or_default()
    });
    for w in due {
        with_state(&w, |s| report(s.on_frame()));
    }
}

/// The container left the document (or the observer saw it go): its chart is destroyed.
fn sweep() {
    for live in live_charts() {
        if live.root.is_connected() {
            live.seen_connected.set(true);
        } else if live.seen_connected.get() {
            live.destroy();
        }
    }
}

/// Resize notifications only mark charts for the next frame: laying out inside the
/// callback would resize the observed box again ("ResizeObserver loop" errors).
fn on_resize(entries: js_sys::Array) {
    let charts = live_charts();
    for entry in entries.iter() {
        let Some(target) = js_sys::Reflect::get(&entry, &"target".into()).ok() else {
            continue;
        };
        let Some(live) = charts
            .iter()
            .find(|c| *c.root.unchecked_ref::<JsValue>() == target)
        else {
            continue;
        };
        if !live.root.is_connected() {
            if live.seen_connected.get() {
                live.destroy();
            }
            continue;
        }
        live.seen_connected.set(true);
        if let Some(state) = live.state() {
            if let Ok(mut s) = state.try_borrow_mut() {
                s.relayout_due = true;
                schedule(&s);
            }
        }
    }
}

/// Watches `root`: its size (ResizeObserver) and its leaving the document
/// (MutationObserver on the document and on the chart's shadow root, if any).
fn watch(root: &HtmlElement) -> Result<(), JsValue> {
    WATCH.with(|w| {
        let mut w = w
            .try_borrow_mut()
            .map_err(|_| err("khuyencong-charts: busy"))?;
        if w.is_none() {
            let ro_cb = Closure::<dyn FnMut(js_sys::Array)>::new(on_resize);
            let ro = ResizeObserver::new(ro_cb.as_ref().unchecked_ref())
                .map_err(js_err("ResizeObserver"))?;
            let mo_cb = Closure::<dyn FnMut(js_sys::Array)>::new(|_records: js_sys::Array| sweep());
            let mo = web_sys::MutationObserver::new(mo_cb.as_ref().unchecked_ref())
                .map_err(js_err("MutationObserver"))?;
            *w = Some(Watch {
                ro,
                mo,
                _ro_cb: ro_cb,
                _mo_cb: mo_cb,
            });
        }
        let Some(w) = w.as_ref() else { return Ok(()) };
        w.ro.observe(root);
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        let doc = dom::document()?;
        w.mo.observe_with_options(&doc, &init)
            .map_err(js_err("MutationObserver"))?;
        let node = root.get_root_node();
        if node.node_type() == web_sys::Node::DOCUMENT_FRAGMENT_NODE {
            w.mo.observe_with_options(&node, &init)
                .map_err(js_err("MutationObserver"))?;
        }
        Ok(())
    })
}

impl Live {
    fn state(&self) -> Option<Rc<RefCell<State>>> {
        self.state.try_borrow().ok().and_then(|s| s.clone())
    }

    /// Removes the chart: DOM nodes, listeners, observation. Safe to call twice, and
    /// from inside any callback (nothing here needs the state).
    fn destroy(self: &Rc<Self>) {
        let Some(state) = self.state.try_borrow_mut().ok().and_then(|mut s| s.take()) else {
            return;
        };
        LIVE.with(|l| {
            if let Ok(mut l) = l.try_borrow_mut() {
                l.retain(|c| !Rc::ptr_eq(c, self));
            }
        });
        if let Ok(mut ls) = self.listeners.try_borrow_mut() {
            ls.clear();
        }
        WATCH.with(|w| {
            if let Ok(Some(w)) = w.try_borrow().as_deref() {
                w.ro.unobserve(&self.root);
            }
        });
        if self.adopted_canvas {
            let _ = self
                .root
                .parent_node()
                .map(|p| p.insert_before(&self.canvas, Some(&self.root)));
        }
        self.root.remove();
        for (t, display, priority) in &self.fallbacks {
            t.set_hidden(false);
            let _ = t
                .style()
                .set_property_with_priority("display", display, priority);
        }
        drop(state);
    }
}

/// A chart mounted in a page: a view of it. The chart lives until `destroy()` (or
/// `free()`) or until its container leaves the document, whether or not this handle
/// is kept.
#[wasm_bindgen]
pub struct Chart {
    live: Option<Rc<Live>>,
}

#[wasm_bindgen(inline_js = r#"
export function kc_harden(obj) {
  const proto = Object.getPrototypeOf(obj);
  if (!proto || Object.prototype.hasOwnProperty.call(proto, "__kcHardened")) return;
  Object.defineProperty(proto, "__kcHardened", { value: true });
  const gone = () => new Error("khuyencong-charts: this chart was destroyed");
  const destroy = proto.destroy, free = proto.free;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (name === "constructor" || name === "free" || name === "destroy" || name.startsWith("__") || typeof d.value !== "function") continue;
    const f = d.value;
    proto[name] = function (...args) { if (!this.__wbg_ptr) throw gone(); return f.apply(this, args); };
  }
  proto.destroy = function () { if (this.__wbg_ptr) destroy.call(this); };
  proto.free = function () { if (!this.__wbg_ptr) return; try { destroy.call(this); } finally { free.call(this); } };
  if (typeof Symbol.dispose === "symbol" && proto[Symbol.dispose]) proto[Symbol.dispose] = proto.free;
}
export function kc_is_array(v) { return Array.isArray(v); }
export function kc_keys(o) { return Object.keys(o); }
"#)]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy: caught.
    #[wasm_bindgen(catch)]
    fn kc_is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`, which runs a Proxy's traps: caught.
    #[wasm_bindgen(catch)]
    fn kc_keys(o: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// Makes the handle class forgiving: `free()` twice is a no-op, `free()` also
    /// destroys, and any method after `free()` throws "…destroyed" instead of
    /// wasm-bindgen's "null pointer passed to rust".
    fn kc_harden(handle: &JsValue);
}

/// Patches the handle class once (its prototype is reached through a throwaway handle).
fn harden_handles() {
    kc_harden(&JsValue::from(Chart { live: None }));
}

/// Shows a readable error where the chart would be (text only), replacing an older one.
fn show_error(container: &Element, message: &str) {
    if let Ok(Some(old)) = container.query_selector(":scope > .kc-error") {
        old.remove();
    }
    let Ok(doc) = dom::document() else { return };
    let Ok(el) = dom::element(&doc, "div", "kc-error") else {
        return;
    };
    let _ = dom::attr(&el, "role", "alert");
    let _ = set_styles(
        &el,
        &[
            ("border", "1px solid #a4000f"),
            ("border-radius", "6px"),
            ("padding", "10px 12px"),
            ("color", "#a4000f"),
            ("background", "#fff5f5"),
            ("font", "14px/1.45 system-ui, sans-serif"),
            ("overflow-wrap", "anywhere"),
        ],
    );
    let first = message.lines().next().unwrap_or(message);
    let short: String = first.chars().take(400).collect();
    el.set_text_content(Some(&format!(
        "Không vẽ được biểu đồ / Chart unavailable: {short}"
    )));
    let _ = container.append_child(&el);
}

/// Mounts a chart in `target` (a container element, or a canvas to draw into).
///
/// `options`: `{ chart: "funding" | "activities", region, lang?: "vi" | "en", pixelRatio?,
/// theme?: "auto" | "light" | "dark", hidden?: string[], data?: object | string }`.
/// Throws an `Error` naming the field and the allowed values when an option is wrong
/// (`error.problems` lists every problem of an invalid dataset), and shows the message
/// in the container. The chart lives until `destroy()` or until the container leaves
/// the document, whether or not the returned handle is kept.
#[wasm_bindgen]
pub fn mount(target: &Element, options: JsValue) -> Result<Chart, JsValue> {
    thread_local! {
        static HARDENED: Cell<bool> = const { Cell::new(false) };
    }
    if !HARDENED.with(|h| h.replace(true)) {
        harden_handles();
    }
    if target
        .unchecked_ref::<JsValue>()
        .dyn_ref::<Element>()
        .is_none()
    {
        return Err(err(format!(
            "mount: target must be an HTML element or a canvas, got {}",
            options::got(target)
        )));
    }
    let result = mount_inner(target, &options);
    if let Err(e) = &result {
        let msg = js_sys::Reflect::get(e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        let place = match target.dyn_ref::<HtmlCanvasElement>() {
            Some(c) => c.parent_element(),
            None => Some(target.clone()),
        };
        if let Some(p) = place {
            show_error(&p, &msg);
        }
    } else if let Ok(Some(old)) = target.query_selector(":scope > .kc-error") {
        old.remove();
    }
    result
}

fn mount_inner(target: &Element, options: &JsValue) -> Result<Chart, JsValue> {
    // Everything the page passed is read (and checked) before anything is built.
    let (ds, opts) = parse_all(options, None)?;
    let doc = dom::document()?;
    let root = dom::element(&doc, "div", "kc-chart")?;
    // The chart's text is left-to-right whatever the page's direction; it shrinks with a
    // grid track or flex item instead of holding it at the canvas's width.
    dom::attr(&root, "dir", "ltr")?;
    set_styles(
        &root,
        &[
            ("position", "relative"),
            ("width", "100%"),
            ("min-width", "0"),
            ("max-width", "100%"),
            ("direction", "ltr"),
            ("text-align", "left"),
        ],
    )?;

    let (container, canvas, adopted_canvas) = match target.dyn_ref::<HtmlCanvasElement>() {
        Some(c) => {
            let parent = c
                .parent_element()
                .and_then(|p| p.dyn_into::<HtmlElement>().ok())
                .ok_or_else(|| err("mount: the canvas must be in the document"))?;
            parent
                .insert_before(&root, Some(c))
                .map_err(js_err("insertBefore"))?;
            root.append_child(c).map_err(js_err("appendChild"))?;
            (parent, c.clone(), true)
        }
        None => {
            let container: HtmlElement = target
                .clone()
                .dyn_into()
                .map_err(|_| err("mount: target must be an HTML element or a canvas"))?;
            let c: HtmlCanvasElement = dom::element(&doc, "canvas", "")?.unchecked_into();
            root.append_child(&c).map_err(js_err("appendChild"))?;
            container
                .append_child(&root)
                .map_err(js_err("appendChild"))?;
            (container, c, false)
        }
    };
    canvas.set_class_name("kc-canvas");
    dom::attr(&canvas, "role", "img")?;
    // max-width: a canvas with a percentage max-width adds nothing to its container's
    // minimum width, so a grid `1fr` track or a flex item can shrink (then re-layout).
    set_styles(
        canvas.unchecked_ref(),
        &[
            ("display", "block"),
            ("touch-action", "pan-y"),
            ("max-width", "100%"),
            ("margin", "0"),
        ],
    )?;

    let limit_note = dom::element(&doc, "p", "kc-limit")?;
    set_styles(
        &limit_note,
        &[
            ("margin", "6px 0"),
            ("padding", "8px 10px"),
            ("border-left", "4px solid #b35900"),
            ("font", "14px/1.45 system-ui, sans-serif"),
        ],
    )?;
    show(&limit_note, None);
    root.append_child(&limit_note)
        .map_err(js_err("appendChild"))?;

    let overlay: HtmlCanvasElement = dom::element(&doc, "canvas", "kc-overlay")?.unchecked_into();
    dom::attr(&overlay, "aria-hidden", "true")?;
    set_styles(
        overlay.unchecked_ref(),
        &[
            ("position", "absolute"),
            ("left", "0"),
            ("top", "0"),
            ("max-width", "100%"),
            ("pointer-events", "none"),
        ],
    )?;
    root.append_child(&overlay).map_err(js_err("appendChild"))?;

    let probe = dom::element(&doc, "div", "kc-anchor")?;
    dom::attr(&probe, "aria-hidden", "true")?;
    probe.style().set_css_text(
        "position:absolute;visibility:hidden;pointer-events:none;left:0;top:0;width:0;height:0",
    );
    root.append_child(&probe).map_err(js_err("appendChild"))?;

    let tip = dom::element(&doc, "div", "kc-tooltip")?;
    dom::attr(&tip, "role", "tooltip")?;
    show(&tip, None);
    set_styles(
        &tip,
        &[
            ("position", "fixed"),
            ("z-index", "2147483000"),
            ("max-width", "min(320px, calc(100vw - 8px))"),
            ("box-sizing", "border-box"),
            ("margin", "0"),
            ("background", "#ffffff"),
            ("color", "#1a1d21"),
            ("border", "1px solid #8a939c"),
            ("border-radius", "6px"),
            ("box-shadow", "0 2px 8px rgba(0,0,0,.18)"),
            ("padding", "8px 10px"),
            (
                "font",
                "13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            ),
            ("text-align", "left"),
            // It can be hovered and scrolled without disappearing (WCAG 1.4.13).
            ("pointer-events", "auto"),
            ("left", "0"),
            ("top", "0"),
        ],
    )?;
    root.append_child(&tip).map_err(js_err("appendChild"))?;

    let a11y = a11y::Parts::new(&doc, &root, &canvas, opts.lang)?;

    // The page's no-script table gives way to the chart's own (restored on destroy).
    let mut fallbacks = Vec::new();
    if let Ok(list) = container.query_selector_all("table.kc-fallback") {
        for i in 0..list.length() {
            if let Some(t) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                if !t.hidden() {
                    let st = t.style();
                    let display = st.get_property_value("display").unwrap_or_default();
                    let priority = st.get_property_priority("display");
                    show(&t, None);
                    fallbacks.push((t, display, priority));
                }
            }
        }
    }

    let configured_hidden = opts.hidden.clone();
    let state = Rc::new_cyclic(|me| {
        RefCell::new(State {
            me: me.clone(),
            ds,
            opts,
            scene: Scene {
                width: 0.0,
                height: 0.0,
                background: Rgba::rgb(255, 255, 255),
                marks: Vec::new(),
                hits: Vec::new(),
                horizontal_sweep: true,
                max_extent: 0.0,
                wide: Vec::new(),
                nav: Vec::new(),
                legend: Vec::new(),
                notes: Vec::new(),
            },
            scheme: Scheme::Light,
            zoom: 1.0,
            dpr: 1.0,
            css: (0.0, 0.0),
            laid_out_width: 0.0,
            printing: false,
            root: root.clone(),
            canvas: canvas.clone(),
            overlay,
            tip,
            tip_shown: false,
            tip_at: (0.0, 0.0),
            probe,
            limit_note,
            a11y,
            pending: None,
            relayout_due: false,
            active: None,
            ring: Vec::new(),
            pinned: false,
            sheet: false,
            keyboard: false,
            configured_hidden: configured_hidden.clone(),
        })
    });
    let live = Rc::new(Live {
        state: RefCell::new(Some(state.clone())),
        listeners: RefCell::new(Vec::new()),
        root: root.clone(),
        canvas: canvas.clone(),
        adopted_canvas,
        fallbacks,
        seen_connected: Cell::new(root.is_connected()),
    });
    let wired = wire(&state, &canvas).and_then(|listeners| {
        if let Ok(mut l) = live.listeners.try_borrow_mut() {
            *l = listeners;
        }
        watch(&root)?;
        state
            .try_borrow_mut()
            .map_err(|_| err("khuyencong-charts: chart busy"))?
            .relayout()
    });
    if let Err(e) = wired {
        live.destroy();
        return Err(e);
    }
    LIVE.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            l.push(live.clone());
        }
    });
    Ok(Chart { live: Some(live) })
}

/// Runs `f` on the state if the chart is alive and not already busy.
fn with_state(w: &Weak<RefCell<State>>, f: impl FnOnce(&mut State)) {
    if let Some(s) = w.upgrade() {
        if let Ok(mut s) = s.try_borrow_mut() {
            f(&mut s);
        }
    }
}

fn report(result: Result<(), JsValue>) {
    if let Err(e) = result {
        web_sys::console::error_1(&e);
    }
}

/// Every listener of one chart (removed when the returned list is dropped).
fn wire(state: &Rc<RefCell<State>>, canvas: &HtmlCanvasElement) -> Result<Vec<Listener>, JsValue> {
    let weak: Weak<RefCell<State>> = Rc::downgrade(state);
    let mut listeners = Vec::new();

    // One update per animation frame, whatever the pointer rate.
    let w = weak.clone();
    listeners.push(Listener::new(canvas, "pointermove", move |e: Event| {
        let Some(pe) = e.dyn_ref::<PointerEvent>() else {
            return;
        };
        with_state(&w, |s| {
            if s.pinned || pe.pointer_type() == "touch" {
                return;
            }
            s.keyboard = false;
            s.pending = Some(s.local_point(pe));
            schedule(s);
        });
    })?);

    // Leaving the chart hides the tooltip, unless the pointer went onto the tooltip.
    let w = weak.clone();
    let tip_node: JsValue = state.borrow().tip.clone().into();
    listeners.push(Listener::new(canvas, "pointerleave", move |e: Event| {
        let onto_tip = e
            .dyn_ref::<web_sys::MouseEvent>()
            .and_then(|me| me.related_target())
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| tip_node.unchecked_ref::<web_sys::Node>().contains(Some(&n)));
        with_state(&w, |s| {
            if !s.pinned && !onto_tip {
                s.pending = None;
                report(s.set_active(None));
            }
        });
    })?);
    let w = weak.clone();
    let tip_target: EventTarget = state.borrow().tip.clone().into();
    let canvas_node: JsValue = canvas.clone().into();
    listeners.push(Listener::new(
        &tip_target,
        "pointerleave",
        move |e: Event| {
            let back = e
                .dyn_ref::<web_sys::MouseEvent>()
                .and_then(|me| me.related_target())
                .is_some_and(|t| t.unchecked_ref::<JsValue>() == &canvas_node);
            with_state(&w, |s| {
                if !s.pinned && !back {
                    s.pending = None;
                    report(s.set_active(None));
                }
            });
        },
    )?);
    // The tooltip's close button.
    let w = weak.clone();
    listeners.push(Listener::new(&tip_target, "click", move |e: Event| {
        let close = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest(".kc-tip-close").ok().flatten())
            .is_some();
        if close {
            with_state(&w, |s| report(s.close_tip()));
        }
    })?);

    // Tap: show the figure under the finger; tap elsewhere hides it.
    let w = weak.clone();
    listeners.push(Listener::new(canvas, "pointerdown", move |e: Event| {
        let Some(pe) = e.dyn_ref::<PointerEvent>() else {
            return;
        };
        with_state(&w, |s| {
            let (x, y) = s.local_point(pe);
            let hit = s.hit_index(x, y);
            let touch = pe.pointer_type() != "mouse";
            s.keyboard = false;
            // Tapping the bar whose figure is shown closes it.
            if touch && hit.is_some() && hit == s.active && s.tip_shown {
                report(s.set_active(None));
                return;
            }
            s.pinned = hit.is_some() && touch;
            s.sheet = s.pinned;
            if hit == s.active {
                report(s.reposition());
            } else {
                report(s.set_active(hit));
            }
            s.pinned = hit.is_some() && touch;
        });
    })?);

    // A tap outside the chart hides its tooltip. The event's composed path, not its
    // target: inside a shadow root the document sees only the shadow host.
    let w = weak.clone();
    let root: JsValue = state.borrow().root.clone().into();
    let doc: EventTarget = dom::document()?.into();
    listeners.push(Listener::new(&doc, "pointerdown", move |e: Event| {
        if !e.composed_path().includes(&root, 0) {
            with_state(&w, |s| report(s.set_active(None)));
        }
    })?);

    // Escape closes a shown tooltip wherever focus is (a tap leaves it on the page).
    let w = weak.clone();
    let keys_root: JsValue = state.borrow().a11y.keys.clone().into();
    listeners.push(Listener::new(&doc, "keydown", move |e: Event| {
        let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        // The bar buttons' own handler takes it there.
        if ke.key() != "Escape" || e.composed_path().includes(&keys_root, 0) {
            return;
        }
        with_state(&w, |s| {
            if s.tip_shown {
                report(s.close_tip());
            }
        });
    })?);

    // Keyboard: arrow keys move between the bar buttons (real focusable elements, so
    // screen readers keep working); Escape closes the tooltip.
    let keys: EventTarget = state.borrow().a11y.keys.clone().into();
    let w = weak.clone();
    listeners.push(Listener::new(&keys, "keydown", move |e: Event| {
        let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        let key = match ke.key().as_str() {
            "ArrowLeft" => Some(model::scene::NavKey::Left),
            "ArrowRight" => Some(model::scene::NavKey::Right),
            "ArrowUp" => Some(model::scene::NavKey::Up),
            "ArrowDown" => Some(model::scene::NavKey::Down),
            "Home" => Some(model::scene::NavKey::Home),
            "End" => Some(model::scene::NavKey::End),
            "Escape" => {
                with_state(&w, |s| report(s.close_tip()));
                return;
            }
            _ => None,
        };
        let Some(key) = key else { return };
        e.prevent_default();
        // Focus moves after the state is released: focusin needs it next.
        let mut next: Option<HtmlElement> = None;
        with_state(&w, |s| {
            let from = s.a11y.focused.unwrap_or(0);
            next = s.a11y.button(s.scene.navigate(from, key));
        });
        if let Some(b) = next {
            let _ = b.focus();
        }
    })?);
    let w = weak.clone();
    listeners.push(Listener::new(&keys, "focusin", move |e: Event| {
        let pos = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.get_attribute("data-nav"))
            .and_then(|v| v.parse::<usize>().ok());
        if let Some(pos) = pos {
            with_state(&w, |s| {
                s.a11y.set_roving(pos);
                report(s.focus_bar(pos));
            });
        }
    })?);
    let w = weak.clone();
    let keys_node: JsValue = state.borrow().a11y.keys.clone().into();
    listeners.push(Listener::new(&keys, "focusout", move |e: Event| {
        let to_inside = e
            .dyn_ref::<web_sys::FocusEvent>()
            .and_then(|fe| fe.related_target())
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| {
                keys_node
                    .unchecked_ref::<web_sys::Node>()
                    .contains(Some(&n))
            });
        if !to_inside {
            with_state(&w, |s| report(s.set_active(None)));
        }
    })?);

    // Legend buttons switch series on and off.
    let legend: EventTarget = state.borrow().a11y.legend.clone().into();
    let w = weak.clone();
    listeners.push(Listener::new(&legend, "click", move |e: Event| {
        let key = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("[data-series]").ok().flatten())
            .and_then(|el| el.get_attribute("data-series"));
        if let Some(key) = key {
            let mut legend_box: Option<HtmlElement> = None;
            with_state(&w, |s| {
                report(s.toggle_series(&key));
                legend_box = Some(s.a11y.legend.clone());
            });
            // The buttons were rebuilt: keep focus on the same item, once released.
            if let Some(lb) = legend_box {
                a11y::focus_legend(&lb, &key);
            }
        }
    })?);

    // Legend buttons are invisible over the drawn legend: show where focus is.
    for (kind, outline) in [("focusin", "2px solid currentColor"), ("focusout", "none")] {
        let w = weak.clone();
        listeners.push(Listener::new(&legend, kind, move |e: Event| {
            let el = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok());
            with_state(&w, |s| {
                if let Some(el) = &el {
                    // A ring for keyboard focus only, not after a tap or a click.
                    let keyboard = el.matches(":focus-visible").unwrap_or(true);
                    let outline = if keyboard { outline } else { "none" };
                    let (_, ink, _) = s.scheme.chrome();
                    let _ = set_styles(el, &[("outline", outline), ("color", &ink.hex())]);
                    // Text stays invisible; only the outline uses the colour.
                    let _ = set_styles(el, &[("-webkit-text-fill-color", "transparent")]);
                }
            });
        })?);
    }

    // "Show data table" toggle.
    let toggle: EventTarget = state.borrow().a11y.table_toggle.clone().into();
    let w = weak.clone();
    listeners.push(Listener::new(&toggle, "click", move |_e: Event| {
        with_state(&w, |s| {
            let result = s.a11y.toggle_table(&s.ds, &s.opts);
            report(result);
        });
    })?);

    // Colour scheme and forced colours follow the system live.
    for query in ["(prefers-color-scheme: dark)", "(forced-colors: active)"] {
        if let Some(mql) = dom::window()?.match_media(query).ok().flatten() {
            let w = weak.clone();
            let target: EventTarget = mql.into();
            listeners.push(Listener::new(&target, "change", move |_e: Event| {
                with_state(&w, |s| report(s.relayout()));
            })?);
        }
    }

    // The tooltip is position:fixed: keep it by its bar when the page scrolls.
    let w = weak.clone();
    let win_target: EventTarget = dom::window()?.into();
    listeners.push(Listener::new(&win_target, "scroll", move |_e: Event| {
        with_state(&w, |s| {
            if s.tip_shown {
                report(s.reposition());
            }
        });
    })?);

    // Print: redraw with more pixels (and light colours), then back.
    let win: EventTarget = dom::window()?.into();
    for (kind, printing) in [("beforeprint", true), ("afterprint", false)] {
        let w = weak.clone();
        listeners.push(Listener::new(&win, kind, move |_e: Event| {
            with_state(&w, |s| {
                s.printing = printing;
                report(s.relayout());
            });
        })?);
    }

    Ok(listeners)
}

impl Chart {
    fn state(&self) -> Result<Rc<RefCell<State>>, JsValue> {
        self.live
            .as_ref()
            .and_then(|l| l.state())
            .ok_or_else(|| err("khuyencong-charts: this chart was destroyed"))
    }

    fn busy() -> JsValue {
        err("khuyencong-charts: chart busy")
    }
}

#[wasm_bindgen]
impl Chart {
    /// Applies new options (same shape as `mount`, `data` included) and redraws.
    pub fn update(&self, options: JsValue) -> Result<(), JsValue> {
        let current = self
            .state()?
            .try_borrow()
            .map_err(|_| Self::busy())?
            .ds
            .clone();
        // Read (page code may run: getters, Proxies) before the state is borrowed.
        let (ds, opts) = parse_all(&options, Some(current))?;
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        s.ds = ds;
        // Legend toggles are the reader's: an update that leaves `hidden` as configured
        // (a new language, region or theme) keeps them; a new `hidden` replaces them.
        let mut opts = opts;
        if opts.hidden == s.configured_hidden {
            let kept: Vec<String> = s.opts.hidden.clone();
            s.configured_hidden = opts.hidden.clone();
            opts.hidden = kept;
        } else {
            s.configured_hidden = opts.hidden.clone();
        }
        s.opts = opts;
        let lang = s.opts.lang;
        s.a11y.set_lang(lang);
        s.a11y.reset_table();
        s.relayout()
    }

    /// Back to the chart as configured (a kiosk's idle reset): tooltip and data table
    /// closed, the series shown that the options show, no highlight. Announced to no one.
    pub fn reset(&self) -> Result<(), JsValue> {
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        s.pinned = false;
        s.set_active(None)?;
        let State { a11y, ds, opts, .. } = &mut *s;
        if a11y.table_is_open() {
            a11y.toggle_table(ds, opts)?;
        }
        a11y.focused = None;
        if s.opts.hidden != s.configured_hidden {
            s.opts.hidden = s.configured_hidden.clone();
            s.relayout()?;
        }
        Ok(())
    }

    /// Redraws at the container's current width.
    pub fn resize(&self) -> Result<(), JsValue> {
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        s.relayout()
    }

    /// Removes the chart: DOM nodes, listeners, observers. Safe to call twice.
    pub fn destroy(&self) {
        if let Some(live) = &self.live {
            live.destroy();
        }
    }

    /// The text of the tooltip for the bar at (x, y) in the canvas's CSS pixels, if any.
    #[wasm_bindgen(js_name = tooltipAt)]
    pub fn tooltip_at(&self, x: f64, y: f64) -> Result<Option<String>, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(s.hit_index(x, y)
            .and_then(|i| Tooltip::for_hit(&s.ds, &s.scene, i, s.opts.lang))
            .map(|t| t.plain_text()))
    }

    /// Every drawn bar with its box (canvas CSS px) and figure.
    pub fn bars(&self) -> Result<JsValue, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        // Plain objects built directly (no serializer in the wasm):
        // { x, y, w, h, id, measure, basis, value, target: { x, y, w, h } }: every drawn
        // bar, and the box that points at it (a year's whole column, an activity's row).
        let list = js_sys::Array::new();
        let z = s.zoom;
        let boxed = |r: &Rect| -> Result<js_sys::Object, JsValue> {
            let o = js_sys::Object::new();
            for (k, v) in [("x", r.x), ("y", r.y), ("w", r.w), ("h", r.h)] {
                js_sys::Reflect::set(&o, &k.into(), &(v * z).into())?;
            }
            Ok(o)
        };
        for h in &s.scene.hits {
            let rings: Vec<(Rect, usize)> = if h.rings.is_empty() {
                vec![(h.rect, h.figure)]
            } else {
                h.rings.clone()
            };
            for (r, fi) in rings {
                let Some(f) = s.ds.figures.get(fi) else {
                    continue;
                };
                let basis = match f.basis {
                    crate::data::Basis::Plan => "plan",
                    crate::data::Basis::Actual => "actual",
                };
                let o = boxed(&r)?;
                let fields: [(&str, JsValue); 5] = [
                    ("id", f.id.as_str().into()),
                    ("measure", f.measure.as_str().into()),
                    ("basis", basis.into()),
                    ("value", f.value.into()),
                    ("target", boxed(&h.rect)?.into()),
                ];
                for (k, v) in fields {
                    js_sys::Reflect::set(&o, &k.into(), &v)?;
                }
                list.push(&o);
            }
        }
        Ok(list.into())
    }

    /// Laid-out size in CSS pixels: `[width, height]`.
    pub fn size(&self) -> Result<Vec<f64>, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(vec![s.scene.width * s.zoom, s.scene.height * s.zoom])
    }

    /// The chart as an SVG document (same drawing code, plotters' SVG backend), light
    /// colours, carrying its title and description (`<title>`, `<desc>`, `role="img"`).
    #[wasm_bindgen(js_name = toSvg)]
    pub fn to_svg(&self) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        let scene = model::layout(&s.ds, &s.opts, s.scene.width.max(320.0));
        render::export::described_svg(&s.ds, &s.opts, &scene).map_err(err)
    }

    /// The chart's alt text (its generated summary, at most 600 characters): for the
    /// `alt` of an exported image, or a caption.
    #[wasm_bindgen(js_name = altText)]
    pub fn alt_text(&self) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(render::export::alt_text(&s.ds, &s.opts))
    }

    /// The chart as a PNG `data:` URL at `scale` × CSS size (default 2, for print); a
    /// smaller scale when that would exceed the browser's canvas limits, and an error
    /// (never an empty `data:,`) when not even 1× fits.
    #[wasm_bindgen(js_name = toPng)]
    pub fn to_png(&self, scale: Option<f64>) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        let scale = scale
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(2.0)
            .min(4.0);
        let scene = model::layout(&s.ds, &s.opts, s.scene.width.max(320.0));
        let fit = fitting_ratio(scene.width, scene.height, scale);
        let too_large = || {
            err(format!(
                "toPng: the chart ({} × {} px) is too large for one PNG image; use toSvg() or toCsv()",
                scene.width.round(),
                scene.height.round()
            ))
        };
        if fit < scale.min(1.0) {
            return Err(too_large());
        }
        let doc = dom::document()?;
        let c: HtmlCanvasElement = dom::element(&doc, "canvas", "")?.unchecked_into();
        c.set_width((scene.width * fit).round() as u32);
        c.set_height((scene.height * fit).round() as u32);
        let mut backend = CanvasBackend::with_canvas_object(c.clone())
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        render::draw(&scene, &mut backend, Surface::canvas(fit))
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        let url = c
            .to_data_url_with_type("image/png")
            .map_err(js_err("toDataURL"))?;
        if url.len() < 30 {
            // "data:,": the browser could not make the image.
            return Err(too_large());
        }
        Ok(url)
    }

    /// The chart's figures as CSV: UTF-8 with BOM, one row per figure with unit, period,
    /// flags and source quote; spreadsheet formulas neutralised.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(render::export::csv(&s.ds, &s.opts))
    }
}
