//! Layer 4: the only wasm-bindgen / web-sys code. The JS API, event wiring, DOM.
//!
//! A chart owns everything it adds to the page: its DOM nodes, its listeners (removed
//! on drop, never `forget`), its ResizeObserver, media-query listeners and any pending
//! animation frame. Hover and keyboard focus only repaint the overlay canvas.

mod a11y;
mod dom;
#[cfg(feature = "editor")]
mod editor;
mod ssr;

use crate::data::{Dataset, Lang};
use crate::model::format::css_px;
use crate::model::scene::{Mark, Rect, Rgba};
use crate::model::theme::Scheme;
use crate::model::tooltip::{self, Tooltip};
use crate::model::{self, ChartOptions, RawOptions, Scene, ThemeChoice};
use crate::render::{self, Surface};
use dom::{err, err_with_problems, js_err, set_styles, Listener};
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use std::cell::RefCell;
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

/// Reads `options.data` (object or JSON string), else the embedded dataset.
fn dataset_of(options: &JsValue) -> Result<DataRef, JsValue> {
    let data = js_sys::Reflect::get(options, &"data".into()).unwrap_or(JsValue::UNDEFINED);
    if data.is_undefined() || data.is_null() {
        return Dataset::embedded()
            .map(DataRef::Embedded)
            .map_err(|e| err_with_problems(&e.to_string(), &e.problems));
    }
    let json = match data.as_string() {
        Some(s) => s,
        None if data.is_object() => js_sys::JSON::stringify(&data)
            .map_err(|_| {
                err("options.data: could not be read as JSON (cyclic or not plain data?)")
            })?
            .into(),
        None => {
            return Err(err(
                "options.data: expected a dataset object or a JSON string",
            ))
        }
    };
    Dataset::from_json(&json)
        .map(|d| DataRef::Custom(Rc::new(d)))
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

fn parse_options(ds: &Dataset, options: &JsValue) -> Result<ChartOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Err(err(format!(
            "options: required, e.g. {{ chart: \"funding\", region: \"mien-trung-tay-nguyen\" }} (chart: {})",
            model::ChartKind::ALLOWED
        )));
    }
    if !options.is_object() {
        return Err(err("options: expected an object"));
    }
    // serde-wasm-bindgen reads only the declared fields: catch typos here.
    for key in js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !RawOptions::FIELDS.contains(&key.as_str()) {
            return Err(err(format!(
                "options.{key}: unknown option (expected {})",
                RawOptions::FIELDS.join(", ")
            )));
        }
    }
    // `data` is read separately; hide it from serde.
    let plain = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let _ = js_sys::Reflect::delete_property(&plain, &"data".into());
    let raw: RawOptions =
        serde_wasm_bindgen::from_value(plain.into()).map_err(|e| err(format!("options: {e}")))?;
    ChartOptions::parse(&raw, ds).map_err(err)
}

/// Lists every problem in a dataset (object or JSON string); empty when it is valid.
#[wasm_bindgen(js_name = validateDataset)]
pub fn validate_dataset(data: JsValue) -> Vec<String> {
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"data".into(), &data);
    match dataset_of(&opts.into()) {
        Ok(_) => Vec::new(),
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
    ds: DataRef,
    opts: ChartOptions,
    scene: Scene,
    scheme: Scheme,
    /// Effective zoom: scene px → canvas CSS px (the option, capped to fit).
    zoom: f64,
    /// Width the scene was laid out at (CSS px); 0 while the container is hidden.
    laid_out_width: f64,
    printing: bool,
    root: HtmlElement,
    canvas: HtmlCanvasElement,
    overlay: HtmlCanvasElement,
    tip: HtmlElement,
    a11y: a11y::Parts,
    /// Fallback tables the page carried; hidden while the chart lives, restored on destroy.
    fallbacks: Vec<HtmlElement>,
    /// Latest pointer position (canvas CSS px) waiting for the next animation frame.
    pending: Option<(f64, f64)>,
    frame: Option<i32>,
    /// Index into `scene.hits` of the highlighted bar.
    active: Option<usize>,
    /// Where the highlight rings are drawn on the overlay (scene px), to clear just those.
    ring: Vec<Rect>,
    /// A tap pinned the tooltip (touch): it stays until a tap elsewhere.
    pinned: bool,
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
        let dpr = self.pixel_ratio();
        let (w, h) = (self.scene.width * zoom, self.scene.height * zoom);
        for c in [&self.canvas, &self.overlay] {
            c.set_width((w * dpr).round() as u32);
            c.set_height((h * dpr).round() as u32);
            set_styles(
                c.unchecked_ref(),
                &[("width", &css_px(w)), ("height", &css_px(h))],
            )?;
        }
        let mut backend = CanvasBackend::with_canvas_object(self.canvas.clone())
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        render::draw(&self.scene, &mut backend, Surface::canvas(dpr * zoom))
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        let caption = render::export::caption(&self.ds, &self.opts);
        dom::attr(&self.canvas, "aria-label", &caption)?;
        self.a11y.rebuild(&self.ds, &self.opts, &self.scene, zoom)?;
        let (bg, fg, border) = self.scheme.chrome();
        set_styles(
            &self.tip,
            &[
                ("background", &bg.hex()),
                ("color", &fg.hex()),
                ("border-color", &border.hex()),
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
            let k = self.pixel_ratio() * self.zoom;
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
        let (_, ink, _) = self.scheme.chrome();
        let surface = Surface::canvas(self.pixel_ratio() * self.zoom);
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.overlay.clone()) {
            for r in &rects {
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
        self.ring = rects;
        self.show_tip(index, anchor)
    }

    fn show_tip(&mut self, hit: usize, anchor: Rect) -> Result<(), JsValue> {
        let Some(t) = Tooltip::for_hit(&self.ds, &self.scene, hit, self.opts.lang) else {
            self.hide_tip();
            return Ok(());
        };
        a11y::fill_tooltip(&self.tip, &t)?;
        self.tip.set_hidden(false);
        let cr = self.canvas.get_bounding_client_rect();
        let z = self.zoom;
        let anchor_vp = Rect::new(
            cr.left() + anchor.x * z,
            cr.top() + anchor.y * z,
            anchor.w * z,
            anchor.h * z,
        );
        let w = dom::window()?;
        let vw = w
            .inner_width()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(360.0);
        let vh = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(640.0);
        let tr = self.tip.get_bounding_client_rect();
        let (x, y) = tooltip::place(anchor_vp, (tr.width(), tr.height()), (vw, vh));
        set_styles(&self.tip, &[("left", &css_px(x)), ("top", &css_px(y))])
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
            .ring
            .iter()
            .copied()
            .reduce(|a, b| a.union(&b))
            .unwrap_or(h.rect);
        let pinned = self.pinned;
        self.show_tip(index, rect)?;
        self.pinned = pinned;
        Ok(())
    }

    fn hide_tip(&mut self) {
        self.tip.set_hidden(true);
        self.pinned = false;
    }

    fn on_frame(&mut self) -> Result<(), JsValue> {
        self.frame = None;
        if let Some((x, y)) = self.pending.take() {
            let hit = self.hit_index(x, y);
            self.set_active(hit)?;
        }
        Ok(())
    }

    /// The bar under a point in canvas CSS pixels.
    fn hit_index(&self, x: f64, y: f64) -> Option<usize> {
        let z = self.zoom;
        // O(log n): hover cost stays flat however many bars there are.
        self.scene.hit_index(x / z, y / z)
    }

    /// Keyboard focus reached bar `nav_pos`: ring, tooltip, and the live region speaks.
    fn focus_bar(&mut self, nav_pos: usize) -> Result<(), JsValue> {
        let Some(&hit) = self.scene.nav.get(nav_pos) else {
            return Ok(());
        };
        self.set_active(Some(hit))?;
        if let Some(t) = Tooltip::for_hit(&self.ds, &self.scene, hit, self.opts.lang) {
            self.a11y.announce(&a11y::spoken(&t));
        }
        Ok(())
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

/// Position and bounds of one drawn bar, for tests and custom overlays.
#[derive(Serialize)]
struct HitInfo {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    id: String,
    measure: String,
    basis: &'static str,
    value: f64,
}

/// A ResizeObserver and the callback it calls; disconnected on destroy.
type Observer = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// A chart mounted in a page. Call `destroy()` (or `free()`) when removing it.
#[wasm_bindgen]
pub struct Chart {
    state: Option<Rc<RefCell<State>>>,
    listeners: Vec<Listener>,
    frame_cb: Option<Closure<dyn FnMut()>>,
    resize: Option<Observer>,
    /// True when `mount` was given a canvas: destroy puts it back where it was.
    adopted_canvas: bool,
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
/// in the container.
#[wasm_bindgen]
pub fn mount(target: &Element, options: JsValue) -> Result<Chart, JsValue> {
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
    let ds = if options.is_object() {
        dataset_of(options)?
    } else {
        DataRef::Embedded(Dataset::embedded().map_err(err)?)
    };
    let opts = parse_options(&ds, options)?;
    let doc = dom::document()?;
    let root = dom::element(&doc, "div", "kc-chart")?;
    set_styles(&root, &[("position", "relative"), ("width", "100%")])?;

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
    set_styles(
        canvas.unchecked_ref(),
        &[("display", "block"), ("touch-action", "pan-y")],
    )?;

    let overlay: HtmlCanvasElement = dom::element(&doc, "canvas", "kc-overlay")?.unchecked_into();
    dom::attr(&overlay, "aria-hidden", "true")?;
    set_styles(
        overlay.unchecked_ref(),
        &[
            ("position", "absolute"),
            ("left", "0"),
            ("top", "0"),
            ("pointer-events", "none"),
        ],
    )?;
    root.append_child(&overlay).map_err(js_err("appendChild"))?;

    let tip = dom::element(&doc, "div", "kc-tooltip")?;
    dom::attr(&tip, "role", "tooltip")?;
    tip.set_hidden(true);
    set_styles(
        &tip,
        &[
            ("position", "fixed"),
            ("z-index", "2147483000"),
            ("max-width", "min(320px, calc(100vw - 8px))"),
            ("box-sizing", "border-box"),
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
            ("pointer-events", "none"),
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
                    t.set_hidden(true);
                    fallbacks.push(t);
                }
            }
        }
    }

    let state = Rc::new(RefCell::new(State {
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
        },
        scheme: Scheme::Light,
        zoom: 1.0,
        laid_out_width: 0.0,
        printing: false,
        root,
        canvas: canvas.clone(),
        overlay,
        tip,
        a11y,
        fallbacks,
        pending: None,
        frame: None,
        active: None,
        ring: Vec::new(),
        pinned: false,
    }));
    let mut chart = Chart {
        state: Some(state.clone()),
        listeners: Vec::new(),
        frame_cb: None,
        resize: None,
        adopted_canvas,
    };
    if let Err(e) = chart.wire(&state, &canvas) {
        chart.destroy();
        return Err(e);
    }
    let drawn = state.borrow_mut().relayout();
    if let Err(e) = drawn {
        chart.destroy();
        return Err(e);
    }
    Ok(chart)
}

/// Position of a pointer event in the canvas's CSS pixels.
fn local_point(canvas: &HtmlCanvasElement, e: &PointerEvent) -> (f64, f64) {
    let r = canvas.get_bounding_client_rect();
    (
        f64::from(e.client_x()) - r.left(),
        f64::from(e.client_y()) - r.top(),
    )
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

impl Chart {
    fn wire(
        &mut self,
        state: &Rc<RefCell<State>>,
        canvas: &HtmlCanvasElement,
    ) -> Result<(), JsValue> {
        let weak: Weak<RefCell<State>> = Rc::downgrade(state);

        // One update per animation frame, whatever the pointer rate.
        let w = weak.clone();
        let frame_cb = Closure::<dyn FnMut()>::new(move || {
            with_state(&w, |s| report(s.on_frame()));
        });
        let frame_fn: js_sys::Function = frame_cb
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone();
        self.frame_cb = Some(frame_cb);

        let w = weak.clone();
        let c = canvas.clone();
        self.listeners
            .push(Listener::new(canvas, "pointermove", move |e: Event| {
                let Some(pe) = e.dyn_ref::<PointerEvent>() else {
                    return;
                };
                with_state(&w, |s| {
                    if s.pinned || pe.pointer_type() == "touch" {
                        return;
                    }
                    s.pending = Some(local_point(&c, pe));
                    if s.frame.is_none() {
                        s.frame = web_sys::window()
                            .and_then(|win| win.request_animation_frame(&frame_fn).ok());
                    }
                });
            })?);

        let w = weak.clone();
        self.listeners
            .push(Listener::new(canvas, "pointerleave", move |_e: Event| {
                with_state(&w, |s| {
                    if !s.pinned {
                        s.pending = None;
                        report(s.set_active(None));
                    }
                });
            })?);

        // Tap: show the figure under the finger; tap elsewhere hides it.
        let w = weak.clone();
        let c = canvas.clone();
        self.listeners
            .push(Listener::new(canvas, "pointerdown", move |e: Event| {
                let Some(pe) = e.dyn_ref::<PointerEvent>() else {
                    return;
                };
                with_state(&w, |s| {
                    let (x, y) = local_point(&c, pe);
                    let hit = s.hit_index(x, y);
                    report(s.set_active(hit));
                    report(s.reposition());
                    s.pinned = hit.is_some() && pe.pointer_type() != "mouse";
                });
            })?);

        let w = weak.clone();
        let root: JsValue = state.borrow().root.clone().into();
        let doc: EventTarget = dom::document()?.into();
        self.listeners
            .push(Listener::new(&doc, "pointerdown", move |e: Event| {
                let inside = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .is_some_and(|n| root.unchecked_ref::<web_sys::Node>().contains(Some(&n)));
                if !inside {
                    with_state(&w, |s| report(s.set_active(None)));
                }
            })?);

        // Keyboard: arrow keys move between the bar buttons (real focusable elements, so
        // screen readers keep working); Escape closes the tooltip.
        let keys: EventTarget = state.borrow().a11y.keys.clone().into();
        let w = weak.clone();
        self.listeners
            .push(Listener::new(&keys, "keydown", move |e: Event| {
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
                        with_state(&w, |s| report(s.set_active(None)));
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
        self.listeners
            .push(Listener::new(&keys, "focusin", move |e: Event| {
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
        self.listeners
            .push(Listener::new(&keys, "focusout", move |e: Event| {
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
        self.listeners
            .push(Listener::new(&legend, "click", move |e: Event| {
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
            self.listeners
                .push(Listener::new(&legend, kind, move |e: Event| {
                    let el = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok());
                    with_state(&w, |s| {
                        if let Some(el) = &el {
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
        self.listeners
            .push(Listener::new(&toggle, "click", move |_e: Event| {
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
                self.listeners
                    .push(Listener::new(&target, "change", move |_e: Event| {
                        with_state(&w, |s| report(s.relayout()));
                    })?);
            }
        }

        // The tooltip is position:fixed: keep it by its bar when the page scrolls.
        let w = weak.clone();
        let win_target: EventTarget = dom::window()?.into();
        self.listeners
            .push(Listener::new(&win_target, "scroll", move |_e: Event| {
                with_state(&w, |s| {
                    if !s.tip.hidden() {
                        report(s.reposition());
                    }
                });
            })?);

        // Print: redraw with more pixels (and light colours), then back.
        let win: EventTarget = dom::window()?.into();
        for (kind, printing) in [("beforeprint", true), ("afterprint", false)] {
            let w = weak.clone();
            self.listeners
                .push(Listener::new(&win, kind, move |_e: Event| {
                    with_state(&w, |s| {
                        s.printing = printing;
                        report(s.relayout());
                    });
                })?);
        }

        // Redraw only when the width really changed (also fires when a hidden chart is shown).
        let w = weak;
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            with_state(&w, |s| {
                let width = f64::from(s.root.client_width());
                if (width - s.laid_out_width).abs() >= 1.0 {
                    report(s.relayout());
                }
            });
        });
        let ro =
            ResizeObserver::new(cb.as_ref().unchecked_ref()).map_err(js_err("ResizeObserver"))?;
        ro.observe(&state.borrow().root);
        self.resize = Some((ro, cb));
        Ok(())
    }

    fn state(&self) -> Result<&Rc<RefCell<State>>, JsValue> {
        self.state
            .as_ref()
            .ok_or_else(|| err("khuyencong-charts: this chart was destroyed"))
    }

    fn busy() -> JsValue {
        err("khuyencong-charts: chart busy")
    }
}

#[wasm_bindgen]
impl Chart {
    /// Applies new options (same shape as `mount`, `data` included) and redraws.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsValue> {
        let state = self.state()?.clone();
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        let has_data = options.is_object()
            && js_sys::Reflect::get(&options, &"data".into())
                .map(|d| !d.is_undefined())
                .unwrap_or(false);
        let ds = if has_data {
            dataset_of(&options)?
        } else {
            s.ds.clone()
        };
        let opts = parse_options(&ds, &options)?;
        s.ds = ds;
        s.opts = opts;
        let lang = s.opts.lang;
        s.a11y.set_lang(lang);
        s.a11y.reset_table();
        s.relayout()
    }

    /// Redraws at the container's current width.
    pub fn resize(&mut self) -> Result<(), JsValue> {
        let state = self.state()?.clone();
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        s.relayout()
    }

    /// Removes the chart: DOM nodes, listeners, observers, pending frame. Safe to call twice.
    pub fn destroy(&mut self) {
        self.listeners.clear();
        if let Some((ro, _cb)) = self.resize.take() {
            ro.disconnect();
        }
        if let Some(state) = self.state.take() {
            if let Ok(mut s) = state.try_borrow_mut() {
                if let (Some(id), Some(w)) = (s.frame.take(), web_sys::window()) {
                    let _ = w.cancel_animation_frame(id);
                }
                if self.adopted_canvas {
                    let _ = s
                        .root
                        .parent_node()
                        .map(|p| p.insert_before(&s.canvas, Some(&s.root)));
                }
                s.root.remove();
                for t in s.fallbacks.drain(..) {
                    t.set_hidden(false);
                }
            }
        }
        self.frame_cb = None;
    }

    /// The text of the tooltip for the bar at (x, y) in the canvas's CSS pixels, if any.
    #[wasm_bindgen(js_name = tooltipAt)]
    pub fn tooltip_at(&self, x: f64, y: f64) -> Result<Option<String>, JsValue> {
        let s = self.state()?.try_borrow().map_err(|_| Self::busy())?;
        Ok(s.scene
            .hit_index(x / s.zoom, y / s.zoom)
            .and_then(|i| Tooltip::for_hit(&s.ds, &s.scene, i, s.opts.lang))
            .map(|t| t.plain_text()))
    }

    /// Every drawn bar with its box (canvas CSS px) and figure.
    pub fn bars(&self) -> Result<JsValue, JsValue> {
        let s = self.state()?.try_borrow().map_err(|_| Self::busy())?;
        let list: Vec<HitInfo> = s
            .scene
            .hits
            .iter()
            .filter_map(|h| {
                let f = s.ds.figures.get(h.figure)?;
                let z = s.zoom;
                Some(HitInfo {
                    x: h.rect.x * z,
                    y: h.rect.y * z,
                    w: h.rect.w * z,
                    h: h.rect.h * z,
                    id: f.id.clone(),
                    measure: f.measure.clone(),
                    basis: match f.basis {
                        crate::data::Basis::Plan => "plan",
                        crate::data::Basis::Actual => "actual",
                    },
                    value: f.value,
                })
            })
            .collect();
        serde_wasm_bindgen::to_value(&list).map_err(err)
    }

    /// Laid-out size in CSS pixels: `[width, height]`.
    pub fn size(&self) -> Result<Vec<f64>, JsValue> {
        let s = self.state()?.try_borrow().map_err(|_| Self::busy())?;
        Ok(vec![s.scene.width * s.zoom, s.scene.height * s.zoom])
    }

    /// The chart as an SVG document (same drawing code, plotters' SVG backend), light colours.
    #[wasm_bindgen(js_name = toSvg)]
    pub fn to_svg(&self) -> Result<String, JsValue> {
        let s = self.state()?.try_borrow().map_err(|_| Self::busy())?;
        let scene = model::layout(&s.ds, &s.opts, s.scene.width.max(320.0));
        render::to_svg(&scene).map_err(err)
    }

    /// The chart as a PNG `data:` URL at `scale` × CSS size (default 2, for print).
    #[wasm_bindgen(js_name = toPng)]
    pub fn to_png(&self, scale: Option<f64>) -> Result<String, JsValue> {
        let s = self.state()?.try_borrow().map_err(|_| Self::busy())?;
        let scale = scale
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(2.0)
            .min(4.0);
        let scene = model::layout(&s.ds, &s.opts, s.scene.width.max(320.0));
        let doc = dom::document()?;
        let c: HtmlCanvasElement = dom::element(&doc, "canvas", "")?.unchecked_into();
        c.set_width((scene.width * scale).round() as u32);
        c.set_height((scene.height * scale).round() as u32);
        let mut backend = CanvasBackend::with_canvas_object(c.clone())
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        render::draw(&scene, &mut backend, Surface::canvas(scale))
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        c.to_data_url_with_type("image/png")
            .map_err(js_err("toDataURL"))
    }

    /// The chart's figures as CSV: UTF-8 with BOM, one row per figure with unit, period,
    /// flags and source quote; spreadsheet formulas neutralised.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> Result<String, JsValue> {
        let s = self.state()?.try_borrow().map_err(|_| Self::busy())?;
        Ok(render::export::csv(&s.ds, &s.opts))
    }
}

impl Drop for Chart {
    fn drop(&mut self) {
        self.destroy();
    }
}
