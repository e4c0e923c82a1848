//! The JS API: `mount`, the `Chart` handle and its methods.

use super::dom::{self, err, js_err, set_styles};
use super::events::wire;
use super::input::{parse_all, parse_over};
use super::registry::{register, watch, Live};
use super::view::{show, Dirty, State};
use super::{a11y, options};
use crate::model::scene::Rect;
use crate::model::theme::Scheme;
use crate::model::tooltip::Tooltip;
use crate::model::Scene;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

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
export function kc_add_bar_keys(parent, from, to) {
  const made = [];
  for (let i = from; i < to; i++) {
    const b = document.createElement("button");
    b.className = "kc-key"; b.type = "button"; b.tabIndex = -1; b.dataset.nav = String(i);
    parent.appendChild(b); made.push(b);
  }
  return made;
}
export function kc_set_bar_keys(parent, list) {
  const kids = parent.getElementsByClassName("kc-key");
  for (const rec of list.split("\u001e")) {
    const f = rec.split("\u001f");
    const b = kids[Number(f[0])];
    if (!b || f.length < 3) continue;
    if (f[1]) b.setAttribute("aria-label", f[1]);
    if (f[2]) b.style.cssText = f[2];
  }
}
export function kc_keys(o) { return Object.keys(o); }
"#)]
extern "C" {
    /// `Array.isArray`, which throws for a revoked Proxy: caught.
    #[wasm_bindgen(catch)]
    pub(super) fn kc_is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// `Object.keys`, which runs a Proxy's traps: caught.
    #[wasm_bindgen(catch)]
    pub(super) fn kc_keys(o: &JsValue) -> Result<js_sys::Array, JsValue>;
    /// Makes the handle class forgiving: `free()` twice is a no-op, `free()` also
    /// destroys, and any method after `free()` throws "…destroyed" instead of
    /// wasm-bindgen's "null pointer passed to rust".
    pub(super) fn kc_harden(handle: &JsValue);
    /// Bar buttons `from..to` (class `kc-key`, `data-nav`, out of the tab order) added to
    /// `parent` in one call: a thousand bars are one crossing, not five thousand.
    pub(super) fn kc_add_bar_keys(parent: &Element, from: u32, to: u32) -> js_sys::Array;
    /// Names and places of bar buttons in one call: records `position␟name␟place`
    /// separated by `␞` (an empty name or place: unchanged).
    pub(super) fn kc_set_bar_keys(parent: &Element, list: &str);
}

/// Patches the handle class once (its prototype is reached through a throwaway handle).
pub(super) fn harden_handles() {
    kc_harden(&JsValue::from(Chart { live: None }));
}

/// Shows a readable error where the chart would be (text only), replacing an older one.
pub(super) fn show_error(container: &Element, message: &str) {
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

pub(super) fn mount_inner(target: &Element, options: &JsValue) -> Result<Chart, JsValue> {
    // Everything the page passed is read (and checked) before anything is built.
    let (ds, opts, configured) = parse_all(options)?;
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

    // The highlight rings: a few boxes over the canvas, moved on hover and focus (a
    // canvas redrawn and handed to the compositor at every move costs far more).
    let rings = dom::element(&doc, "div", "kc-rings")?;
    dom::attr(&rings, "aria-hidden", "true")?;
    set_styles(
        &rings,
        &[
            ("position", "absolute"),
            ("left", "0"),
            ("top", "0"),
            ("width", "0"),
            ("height", "0"),
            ("pointer-events", "none"),
            ("contain", "strict"),
        ],
    )?;
    root.append_child(&rings).map_err(js_err("appendChild"))?;

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
            // A layer of its own: a hover's new text and place repaint the tooltip only,
            // not the chart's other parts (a thousand bar buttons among them).
            ("will-change", "transform"),
            ("left", "0"),
            ("top", "0"),
        ],
    )?;
    root.append_child(&tip).map_err(js_err("appendChild"))?;

    let a11y = a11y::Parts::new(&doc, &root, &canvas, opts.lang)?;

    // The page's no-script table (or text) gives way to the chart's own (restored on destroy).
    let mut fallbacks = Vec::new();
    if let Ok(list) = container.query_selector_all(".kc-fallback") {
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
                background: crate::model::theme::BACKGROUND,
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
            rings,
            ring_nodes: Vec::new(),
            tip,
            tip_shown: false,
            tip_nodes: a11y::TipNodes::default(),
            tip_css: Vec::new(),
            tip_at: (0.0, 0.0),
            probe,
            limit_note,
            a11y,
            pending: None,
            pointer_x: None,
            moving_right: false,
            dirty: Dirty::CONTENT,
            wanted_dpr: 0.0,
            squeezed: std::cell::Cell::new(None),
            canvas_rect: std::cell::Cell::new(None),
            active: None,
            ring: Vec::new(),
            pinned: false,
            sheet: false,
            keyboard: false,
            configured_hidden: configured_hidden.clone(),
            configured,
            view: super::viewstate::View::default(),
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
            .commit()
    });
    if let Err(e) = wired {
        live.destroy();
        return Err(e);
    }
    if let Err(e) = register(live.clone()) {
        live.destroy();
        return Err(e);
    }
    Ok(Chart { live: Some(live) })
}

impl Chart {
    pub(super) fn state(&self) -> Result<Rc<RefCell<State>>, JsValue> {
        self.live
            .as_ref()
            .and_then(|l| l.state())
            .ok_or_else(|| err("khuyencong-charts: this chart was destroyed"))
    }

    pub(super) fn busy() -> JsValue {
        err("khuyencong-charts: chart busy")
    }
}

#[wasm_bindgen]
impl Chart {
    /// Applies new options: any of `mount`'s fields, `data` included; a field left out
    /// keeps its value. Redoes only what changed: a new theme repaints, a new language
    /// renames, new data or series lay out again; the page's DOM nodes are kept.
    pub fn update(&self, options: JsValue) -> Result<(), JsValue> {
        let (current, raw) = {
            let state = self.state()?;
            let s = state.try_borrow().map_err(|_| Self::busy())?;
            (s.ds.clone(), s.configured.clone())
        };
        // Read (page code may run: getters, Proxies) before the state is borrowed.
        let (ds, opts, configured) = parse_over(&options, &current, &raw)?;
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        let new_data = !ds.same(&s.ds);
        s.ds = ds;
        s.configured = configured;
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
        // Colours and pixels only: the same layout, painted again.
        let paint_only = !new_data && {
            // Everything but the colours and the pixel ratio is the same.
            let mut same = opts.clone();
            same.theme = s.opts.theme;
            same.pixel_ratio = s.opts.pixel_ratio;
            same == s.opts
        };
        let lang_changed = s.opts.lang != opts.lang;
        s.opts = opts;
        if lang_changed {
            let lang = s.opts.lang;
            s.a11y.set_lang(lang);
        }
        if paint_only {
            s.invalidate(Dirty::PAINT);
        } else {
            s.a11y.reset_table();
            s.invalidate(Dirty::CONTENT);
        }
        s.commit()
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
            s.invalidate(Dirty::CONTENT);
            s.commit()?;
        }
        Ok(())
    }

    /// Lays out again if the container's width changed (the chart follows its container
    /// by itself; this is for pages that resize it in ways no observer sees).
    pub fn resize(&self) -> Result<(), JsValue> {
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        s.invalidate(Dirty::SIZE);
        s.commit()
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
}
