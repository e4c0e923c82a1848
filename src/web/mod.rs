//! Layer 4: the only wasm-bindgen / web-sys code. The JS API, event wiring, DOM.
//!
//! A chart owns everything it adds to the page: its DOM nodes, its listeners (removed
//! on drop, never `forget`), its ResizeObserver and any pending animation frame.

use crate::data::Dataset;
use crate::model::scene::{Mark, Rect, Rgba};
use crate::model::tooltip::{self, Tooltip};
use crate::model::{self, ChartOptions, RawOptions, Scene};
use crate::render::{self, Surface};
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Document, Element, Event, EventTarget, HtmlCanvasElement,
    HtmlElement, PointerEvent, ResizeObserver, Window,
};

/// Installs a panic hook once: should a panic ever happen, its message reaches the console.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "khuyencong-charts: internal error: {info}"
        )));
    }));
}

fn err(msg: impl std::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}

fn window() -> Result<Window, JsError> {
    web_sys::window().ok_or_else(|| err("khuyencong-charts: no window"))
}

fn document() -> Result<Document, JsError> {
    window()?
        .document()
        .ok_or_else(|| err("khuyencong-charts: no document"))
}

fn js_err(context: &str) -> impl Fn(JsValue) -> JsError + '_ {
    move |e| {
        let detail = e
            .as_string()
            .or_else(|| {
                js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_default();
        err(format!("khuyencong-charts: {context}: {detail}"))
    }
}

fn set_styles(el: &HtmlElement, styles: &[(&str, &str)]) -> Result<(), JsError> {
    let st = el.style();
    for (k, v) in styles {
        st.set_property(k, v).map_err(js_err("style"))?;
    }
    Ok(())
}

fn parse_options(ds: &Dataset, options: JsValue) -> Result<ChartOptions, JsError> {
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
    let raw: RawOptions =
        serde_wasm_bindgen::from_value(options).map_err(|e| err(format!("options: {e}")))?;
    ChartOptions::parse(&raw, ds).map_err(err)
}

/// A listener that is removed from its target when dropped.
struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    fn new(
        target: &EventTarget,
        kind: &'static str,
        f: impl FnMut(Event) + 'static,
    ) -> Result<Listener, JsError> {
        let closure = Closure::<dyn FnMut(Event)>::new(f);
        target
            .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())
            .map_err(js_err("addEventListener"))?;
        Ok(Listener {
            target: target.clone(),
            kind,
            closure,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Mutable state shared by the handle and its event callbacks.
struct State {
    ds: &'static Dataset,
    opts: ChartOptions,
    scene: Scene,
    /// Width the scene was laid out at (CSS px); 0 while the container is hidden.
    laid_out_width: f64,
    container: HtmlElement,
    root: HtmlElement,
    canvas: HtmlCanvasElement,
    overlay: HtmlCanvasElement,
    tip: HtmlElement,
    /// Latest pointer position (canvas CSS px) waiting for the next animation frame.
    pending: Option<(f64, f64)>,
    frame: Option<i32>,
    /// Index into `scene.hits` of the highlighted bar.
    active: Option<usize>,
    /// A tap pinned the tooltip (touch): it stays until a tap elsewhere.
    pinned: bool,
}

impl State {
    fn pixel_ratio(&self) -> f64 {
        self.opts.pixel_ratio.unwrap_or_else(|| {
            web_sys::window()
                .map(|w| w.device_pixel_ratio())
                .filter(|r| r.is_finite() && *r > 0.0)
                .unwrap_or(1.0)
        })
    }

    /// Lays out at the container's width and draws the chart (the only full redraw).
    fn relayout(&mut self) -> Result<(), JsError> {
        let width = f64::from(self.container.client_width());
        self.hide_tip();
        if width <= 0.0 {
            // Hidden (display:none, closed tab): draw when the ResizeObserver sees a size.
            self.laid_out_width = 0.0;
            return Ok(());
        }
        self.scene = model::layout(self.ds, &self.opts, width);
        self.laid_out_width = width;
        let dpr = self.pixel_ratio();
        let (w, h) = (self.scene.width, self.scene.height);
        for c in [&self.canvas, &self.overlay] {
            c.set_width((w * dpr).round() as u32);
            c.set_height((h * dpr).round() as u32);
            set_styles(
                c.unchecked_ref(),
                &[("width", &format!("{w}px")), ("height", &format!("{h}px"))],
            )?;
        }
        let mut backend = CanvasBackend::with_canvas_object(self.canvas.clone())
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        render::draw(&self.scene, &mut backend, Surface::canvas(dpr))
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        self.canvas
            .set_attribute("aria-label", &self.accessible_name())
            .map_err(js_err("aria-label"))?;
        Ok(())
    }

    fn accessible_name(&self) -> String {
        let (t, s) = match self.opts.kind {
            model::ChartKind::Funding => {
                let region = match &self.opts.region {
                    model::RegionSel::One(r) => r.as_str(),
                    model::RegionSel::All => "",
                };
                model::funding::title(self.ds, region, self.opts.lang)
            }
            model::ChartKind::Activities => model::activities::title(self.ds, &self.opts),
        };
        format!("{t}. {s}")
    }

    fn overlay_ctx(&self) -> Option<CanvasRenderingContext2d> {
        self.overlay
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
    }

    /// Hover never redraws the chart: only the overlay and the tooltip change.
    fn set_active(&mut self, hit: Option<usize>) -> Result<(), JsError> {
        if hit == self.active {
            return Ok(());
        }
        self.active = hit;
        if let Some(ctx) = self.overlay_ctx() {
            ctx.clear_rect(
                0.0,
                0.0,
                f64::from(self.overlay.width()),
                f64::from(self.overlay.height()),
            );
        }
        let Some(h) = hit.and_then(|i| self.scene.hits.get(i)) else {
            self.hide_tip();
            return Ok(());
        };
        let r = h.rect;
        let ring = Mark::Rect {
            rect: Rect::new(r.x - 2.0, r.y - 2.0, r.w + 4.0, r.h + 4.0),
            fill: Some(Rgba(0, 0, 0, 0.06)),
            stroke: Some((Rgba::rgb(0x1a, 0x1d, 0x21), 2.0)),
        };
        if let Some(mut backend) = CanvasBackend::with_canvas_object(self.overlay.clone()) {
            let _ = render::draw_mark(&ring, &mut backend, Surface::canvas(self.pixel_ratio()));
        }
        let figure = h.figure;
        self.show_tip(figure, r)
    }

    fn show_tip(&mut self, figure: usize, anchor: Rect) -> Result<(), JsError> {
        let Some(t) = Tooltip::for_figure(self.ds, figure, self.opts.lang) else {
            self.hide_tip();
            return Ok(());
        };
        fill_tooltip(&self.tip, &t)?;
        self.tip.set_hidden(false);
        let cr = self.canvas.get_bounding_client_rect();
        let anchor_vp = Rect::new(
            cr.left() + anchor.x,
            cr.top() + anchor.y,
            anchor.w,
            anchor.h,
        );
        let w = window()?;
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
        set_styles(
            &self.tip,
            &[("left", &format!("{x}px")), ("top", &format!("{y}px"))],
        )
    }

    fn hide_tip(&mut self) {
        self.tip.set_hidden(true);
        self.pinned = false;
    }

    fn on_frame(&mut self) -> Result<(), JsError> {
        self.frame = None;
        if let Some((x, y)) = self.pending.take() {
            let hit = self.hit_index(x, y);
            self.set_active(hit)?;
        }
        Ok(())
    }

    fn hit_index(&self, x: f64, y: f64) -> Option<usize> {
        let hit = self.scene.hit_test(x, y)?;
        self.scene.hits.iter().position(|h| std::ptr::eq(h, hit))
    }
}

fn fill_tooltip(tip: &HtmlElement, t: &Tooltip) -> Result<(), JsError> {
    let doc = document()?;
    // Text only (textContent), never markup: labels and quotes are data.
    // Styles through the CSSOM, so the component needs no stylesheet and no 'unsafe-inline'.
    tip.set_text_content(None);
    let add = |tag: &str, class: &str, text: &str, parent: &Element, styles: &[(&str, &str)]| {
        let el: HtmlElement = doc
            .create_element(tag)
            .map_err(js_err("createElement"))?
            .unchecked_into();
        el.set_class_name(class);
        el.set_text_content(Some(text));
        set_styles(&el, styles)?;
        parent.append_child(&el).map_err(js_err("appendChild"))?;
        Ok::<HtmlElement, JsError>(el)
    };
    let muted = "#4f5760";
    add(
        "div",
        "kc-tip-heading",
        &t.heading,
        tip,
        &[("font-weight", "600")],
    )?;
    add(
        "div",
        "kc-tip-value",
        &t.value,
        tip,
        &[
            ("font-size", "1.15em"),
            ("font-weight", "700"),
            ("margin", "2px 0 4px"),
        ],
    )?;
    let dl = add(
        "dl",
        "kc-tip-rows",
        "",
        tip,
        &[
            ("display", "grid"),
            ("grid-template-columns", "auto 1fr"),
            ("gap", "2px 8px"),
            ("margin", "4px 0"),
        ],
    )?;
    for (k, v) in &t.rows {
        add("dt", "", k, &dl, &[("color", muted)])?;
        add("dd", "", v, &dl, &[("margin", "0")])?;
    }
    add(
        "blockquote",
        "kc-tip-quote",
        &t.quote,
        tip,
        &[
            ("margin", "6px 0 2px"),
            ("padding-left", "8px"),
            ("border-left", "3px solid #a9c6e8"),
            ("font-style", "italic"),
        ],
    )?;
    add(
        "div",
        "kc-tip-source",
        &t.source,
        tip,
        &[("font-size", "0.85em"), ("color", muted)],
    )?;
    Ok(())
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

/// Mounts a chart in `target` (a container element, or a canvas to draw into).
///
/// `options`: `{ chart: "funding" | "activities", region, lang?: "vi" | "en", pixelRatio? }`.
/// Throws an `Error` naming the field and the allowed values when an option is wrong.
#[wasm_bindgen]
pub fn mount(target: &Element, options: JsValue) -> Result<Chart, JsError> {
    let ds = Dataset::embedded().map_err(err)?;
    let opts = parse_options(ds, options)?;
    let doc = document()?;
    let make = |tag: &str| -> Result<HtmlElement, JsError> {
        doc.create_element(tag)
            .map_err(js_err("createElement"))?
            .dyn_into::<HtmlElement>()
            .map_err(|_| err("khuyencong-charts: not an HTML element"))
    };
    let root = make("div")?;
    root.set_class_name("kc-chart");
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
            let c: HtmlCanvasElement = make("canvas")?.unchecked_into();
            root.append_child(&c).map_err(js_err("appendChild"))?;
            container
                .append_child(&root)
                .map_err(js_err("appendChild"))?;
            (container, c, false)
        }
    };
    canvas.set_class_name("kc-canvas");
    canvas
        .set_attribute("role", "img")
        .map_err(js_err("role"))?;
    set_styles(
        canvas.unchecked_ref(),
        &[("display", "block"), ("touch-action", "pan-y")],
    )?;

    let overlay: HtmlCanvasElement = make("canvas")?.unchecked_into();
    overlay.set_class_name("kc-overlay");
    overlay
        .set_attribute("aria-hidden", "true")
        .map_err(js_err("aria-hidden"))?;
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

    let tip = make("div")?;
    tip.set_class_name("kc-tooltip");
    tip.set_attribute("role", "tooltip")
        .map_err(js_err("role"))?;
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
            ("pointer-events", "none"),
            ("left", "0"),
            ("top", "0"),
        ],
    )?;
    root.append_child(&tip).map_err(js_err("appendChild"))?;

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
            nav: Vec::new(),
            legend: Vec::new(),
        },
        laid_out_width: 0.0,
        container,
        root,
        canvas: canvas.clone(),
        overlay,
        tip,
        pending: None,
        frame: None,
        active: None,
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

impl Chart {
    fn wire(
        &mut self,
        state: &Rc<RefCell<State>>,
        canvas: &HtmlCanvasElement,
    ) -> Result<(), JsError> {
        let weak: Weak<RefCell<State>> = Rc::downgrade(state);

        // One update per animation frame, whatever the pointer rate.
        let w = weak.clone();
        let frame_cb = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = w.upgrade() {
                if let Ok(mut s) = s.try_borrow_mut() {
                    let _ = s.on_frame();
                }
            }
        });
        let frame_fn: js_sys::Function = frame_cb
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone();
        self.frame_cb = Some(frame_cb);

        let w = weak.clone();
        let c = canvas.clone();
        let f = frame_fn.clone();
        self.listeners
            .push(Listener::new(canvas, "pointermove", move |e: Event| {
                let (Some(s), Some(pe)) = (w.upgrade(), e.dyn_ref::<PointerEvent>()) else {
                    return;
                };
                let Ok(mut s) = s.try_borrow_mut() else {
                    return;
                };
                if s.pinned || pe.pointer_type() == "touch" {
                    return;
                }
                s.pending = Some(local_point(&c, pe));
                if s.frame.is_none() {
                    s.frame =
                        web_sys::window().and_then(|win| win.request_animation_frame(&f).ok());
                }
            })?);

        let w = weak.clone();
        self.listeners
            .push(Listener::new(canvas, "pointerleave", move |_e: Event| {
                let Some(s) = w.upgrade() else { return };
                let Ok(mut s) = s.try_borrow_mut() else {
                    return;
                };
                if !s.pinned {
                    s.pending = None;
                    let _ = s.set_active(None);
                }
            })?);

        // Tap: show the figure under the finger; tap elsewhere hides it.
        let w = weak.clone();
        let c = canvas.clone();
        self.listeners
            .push(Listener::new(canvas, "pointerdown", move |e: Event| {
                let (Some(s), Some(pe)) = (w.upgrade(), e.dyn_ref::<PointerEvent>()) else {
                    return;
                };
                let Ok(mut s) = s.try_borrow_mut() else {
                    return;
                };
                let (x, y) = local_point(&c, pe);
                let hit = s.hit_index(x, y);
                let _ = s.set_active(hit);
                s.pinned = hit.is_some() && pe.pointer_type() != "mouse";
            })?);

        let w = weak.clone();
        let c = canvas.clone();
        let doc: EventTarget = document()?.into();
        self.listeners
            .push(Listener::new(&doc, "pointerdown", move |e: Event| {
                let Some(s) = w.upgrade() else { return };
                let on_canvas = e
                    .target()
                    .map(|t| JsValue::from(t) == JsValue::from(c.clone()))
                    .unwrap_or(false);
                if on_canvas {
                    return;
                }
                let Ok(mut s) = s.try_borrow_mut() else {
                    return;
                };
                let _ = s.set_active(None);
            })?);

        // Redraw only when the width really changed (also fires when a hidden chart is shown).
        let w = weak;
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let Some(s) = w.upgrade() else { return };
            let Ok(mut s) = s.try_borrow_mut() else {
                return;
            };
            let width = f64::from(s.container.client_width());
            if (width - s.laid_out_width).abs() >= 1.0 {
                if let Err(e) = s.relayout() {
                    web_sys::console::error_1(&JsValue::from(e));
                }
            }
        });
        let ro =
            ResizeObserver::new(cb.as_ref().unchecked_ref()).map_err(js_err("ResizeObserver"))?;
        ro.observe(&state.borrow().container);
        self.resize = Some((ro, cb));
        Ok(())
    }

    fn state(&self) -> Result<&Rc<RefCell<State>>, JsError> {
        self.state
            .as_ref()
            .ok_or_else(|| err("khuyencong-charts: this chart was destroyed"))
    }
}

#[wasm_bindgen]
impl Chart {
    /// Applies new options (same shape as `mount`) and redraws.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsError> {
        let state = self.state()?.clone();
        let mut s = state
            .try_borrow_mut()
            .map_err(|_| err("khuyencong-charts: chart busy"))?;
        let opts = parse_options(s.ds, options)?;
        s.opts = opts;
        s.active = None;
        s.relayout()
    }

    /// Redraws at the container's current width.
    pub fn resize(&mut self) -> Result<(), JsError> {
        let state = self.state()?.clone();
        let mut s = state
            .try_borrow_mut()
            .map_err(|_| err("khuyencong-charts: chart busy"))?;
        s.relayout()
    }

    /// Removes the chart: DOM nodes, listeners, observer, pending frame. Safe to call twice.
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
                s.tip.remove();
                s.overlay.remove();
                if self.adopted_canvas {
                    let _ = s
                        .root
                        .parent_node()
                        .map(|p| p.insert_before(&s.canvas, Some(&s.root)));
                }
                s.root.remove();
            }
        }
        self.frame_cb = None;
    }

    /// The text of the tooltip for the bar at (x, y) in the canvas's CSS pixels, if any.
    #[wasm_bindgen(js_name = tooltipAt)]
    pub fn tooltip_at(&self, x: f64, y: f64) -> Result<Option<String>, JsError> {
        let s = self.state()?.borrow();
        Ok(s.scene
            .hit_test(x, y)
            .and_then(|h| Tooltip::for_figure(s.ds, h.figure, s.opts.lang))
            .map(|t| t.plain_text()))
    }

    /// Every drawn bar with its box (canvas CSS px) and figure.
    #[wasm_bindgen(js_name = bars)]
    pub fn bars(&self) -> Result<JsValue, JsError> {
        let s = self.state()?.borrow();
        let list: Vec<HitInfo> = s
            .scene
            .hits
            .iter()
            .filter_map(|h| {
                let f = s.ds.figures.get(h.figure)?;
                Some(HitInfo {
                    x: h.rect.x,
                    y: h.rect.y,
                    w: h.rect.w,
                    h: h.rect.h,
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
    #[wasm_bindgen(js_name = size)]
    pub fn size(&self) -> Result<Vec<f64>, JsError> {
        let s = self.state()?.borrow();
        Ok(vec![s.scene.width, s.scene.height])
    }
}

impl Drop for Chart {
    fn drop(&mut self) {
        self.destroy();
    }
}
