//! Hover, taps and focus: the highlight rings (boxes over the canvas) and the tooltip.
//! Neither ever redraws the chart.

use super::a11y;
use super::dom::{self, set_styles};
use super::view::{show, State};
use crate::data::Lang;
use crate::model::format::css_px;
use crate::model::scene::Rect;
use crate::model::theme;
use crate::model::tooltip::{self, Tooltip};
use crate::render;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;

impl State {
    /// Hover and focus never redraw the chart: only the rings and the tooltip change.
    pub(super) fn set_active(&mut self, hit: Option<usize>) -> Result<(), JsValue> {
        if hit == self.active {
            return Ok(());
        }
        self.active = hit;
        let Some(index) = hit.filter(|i| *i < self.scene.hits.len()) else {
            self.clear_rings();
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
        self.show_rings(&rings)?;
        // The tooltip sits beside everything highlighted.
        let anchor = rects
            .iter()
            .copied()
            .reduce(|a, b| a.union(&b))
            .unwrap_or_default();
        self.show_tip(index, anchor)
    }

    /// Boxes round `rings` (scene px): a 2 px line in the ink colour just outside each
    /// bar, over a faint wash of it. Boxes are reused; the ones not needed are hidden.
    fn show_rings(&mut self, rings: &[Rect]) -> Result<(), JsValue> {
        let line = theme::resolve(theme::INK, self.scheme);
        let wash = theme::resolve(theme::INK.alpha(0.08), self.scheme);
        let mut colour = String::new();
        let mut fill = String::new();
        render::css_rgba(line, &mut colour);
        render::css_rgba(wash, &mut fill);
        let (kx, ky) = self.squeeze();
        let (zx, zy) = (self.zoom * kx, self.zoom * ky);
        let doc = dom::document()?;
        for (i, r) in rings.iter().enumerate() {
            if i >= self.ring_nodes.len() {
                let node = dom::element(&doc, "div", "kc-ring")?;
                self.rings
                    .append_child(&node)
                    .map_err(dom::js_err("appendChild"))?;
                self.ring_nodes.push(node);
            }
            let Some(node) = self.ring_nodes.get(i) else {
                continue;
            };
            // The line's outer edge 3 px out from the bar, as a 2 px stroke centred 2 px out.
            node.style().set_css_text(&format!(
                "position:absolute;box-sizing:border-box;pointer-events:none;forced-color-adjust:none;display:block;margin:0;left:{};top:{};width:{};height:{};border:{} solid {colour};background:{fill}",
                css_px((r.x - 3.0) * zx),
                css_px((r.y - 3.0) * zy),
                css_px((r.w + 6.0) * zx),
                css_px((r.h + 6.0) * zy),
                css_px(2.0 * self.zoom),
            ));
        }
        for node in self.ring_nodes.iter().skip(rings.len()) {
            let _ = node.style().set_property("display", "none");
        }
        self.ring = rings.to_vec();
        Ok(())
    }

    /// No highlight.
    pub(super) fn clear_rings(&mut self) {
        for node in self.ring_nodes.iter().take(self.ring.len()) {
            let _ = node.style().set_property("display", "none");
        }
        self.ring.clear();
    }

    /// How much smaller than laid out the canvas is shown (CSS `max-width` squeezing it
    /// until the next layout): layout px per canvas CSS px, per axis.
    /// Measured once per layout (reading `offsetWidth` on every pointer move would force
    /// the page's layout each time): forgotten at each commit and each resize seen.
    pub(super) fn squeeze(&self) -> (f64, f64) {
        if let Some(k) = self.squeezed.get() {
            return k;
        }
        let (w, h) = self.css;
        let ow = f64::from(self.canvas.offset_width());
        let oh = f64::from(self.canvas.offset_height());
        let k = |o: f64, c: f64| if o > 0.0 && c > 0.0 { o / c } else { 1.0 };
        let k = (k(ow, w), k(oh, h));
        self.squeezed.set(Some(k));
        k
    }

    /// A pointer event's position in the canvas's CSS pixels, through whatever the page
    /// does to the canvas's box: CSS transforms (scale, rotate) and `zoom` on ancestors.
    pub(super) fn local_point(&self, e: &PointerEvent) -> (f64, f64) {
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
                // The canvas moved on the page since it was measured (content above it
                // changed): measure it again when it is next needed.
                if let Some(Some(c)) = self.canvas_rect.get() {
                    let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
                    if (cx - ox - c.x).abs() > 0.5 || (cy - oy - c.y).abs() > 0.5 {
                        self.canvas_rect.set(None);
                    }
                }
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
        let (kx, ky) = self.squeeze();
        (x / kx, y / ky)
    }

    /// The canvas's box on screen when nothing transforms or zooms it (then its viewport
    /// rect is its CSS box, and a bar's place on screen is a sum): measured once, forgotten
    /// at each commit, resize and scroll, and when a pointer event finds it moved.
    /// `None` when the page transforms it: the probe measures each bar then.
    fn plain_canvas_rect(&self) -> Option<Rect> {
        if let Some(r) = self.canvas_rect.get() {
            return r;
        }
        let r = self.canvas.get_bounding_client_rect();
        let w = f64::from(self.canvas.offset_width());
        let h = f64::from(self.canvas.offset_height());
        let plain = (r.width() - w).abs() < 0.5 && (r.height() - h).abs() < 0.5 && w > 0.0;
        let rect = plain.then(|| Rect::new(r.left(), r.top(), r.width(), r.height()));
        self.canvas_rect.set(Some(rect));
        rect
    }

    pub(super) fn show_tip(&mut self, hit: usize, anchor: Rect) -> Result<(), JsValue> {
        super::viewstate::touch(self);
        let Some(t) = Tooltip::for_hit(&self.ds, &self.scene, hit, self.opts.lang) else {
            self.hide_tip();
            return Ok(());
        };
        // Its natural width for the new text (fixed below while it is measured).
        self.tip_style("width", None)?;
        // Never taller than the screen: a year's column can say a lot (it scrolls).
        self.tip_style("max-height", Some("calc(100vh - 8px)"))?;
        self.tip_style("overflow-y", Some("auto"))?;
        let close = match (self.pinned || self.sheet, self.opts.lang) {
            (false, _) => None,
            (true, Lang::Vi) => Some("Đóng"),
            (true, Lang::En) => Some("Close"),
        };
        a11y::fill_tooltip(&self.tip, &mut self.tip_nodes, &t, close)?;
        if !self.tip_shown {
            show(&self.tip, Some("block"));
        }
        self.tip_shown = true;
        // Where the bar is on screen: from the canvas's box when nothing transforms it
        // (no layout of the chart's other parts), else the probe box laid over it, measured.
        let (kx, ky) = self.squeeze();
        let a = anchor.scaled(self.zoom);
        let a = Rect::new(a.x * kx, a.y * ky, a.w * kx, a.h * ky);
        let anchor_vp = match self.plain_canvas_rect() {
            Some(c) => Rect::new(c.x + a.x, c.y + a.y, a.w, a.h),
            None => {
                self.probe.style().set_css_text(&format!(
                    "position:absolute;visibility:hidden;pointer-events:none;margin:0;padding:0;border:0;display:block!important;left:{};top:{};width:{};height:{}",
                    css_px(a.x),
                    css_px(a.y),
                    css_px(a.w),
                    css_px(a.h)
                ));
                let pr = self.probe.get_bounding_client_rect();
                Rect::new(pr.left(), pr.top(), pr.width(), pr.height())
            }
        };
        let w = dom::window()?;
        let size =
            |v: Result<JsValue, JsValue>, d: f64| v.ok().and_then(|v| v.as_f64()).unwrap_or(d);
        let view = (size(w.inner_width(), 360.0), size(w.inner_height(), 640.0));
        if self.sheet {
            // A panel as wide as a phone allows (at most 440 px), clear of the bar.
            let pw = (view.0 - 8.0).clamp(0.0, 440.0);
            self.tip_style("width", Some(&css_px(pw)))?;
            self.tip_style("max-width", Some("calc(100vw - 8px)"))?;
        } else {
            self.tip_style("max-width", Some("min(320px, calc(100vw - 8px))"))?;
        }
        let tr = self.tip.get_bounding_client_rect();
        // A mouse: behind the way it is moving (a key: on the right; a tap: a panel).
        let behind = self.moving_right && !self.keyboard && !self.sheet;
        let beside = tooltip::place_beside(anchor_vp, (tr.width(), tr.height()), view, behind);
        let covers = Rect::new(beside.0, beside.1, tr.width(), tr.height()).intersects(&anchor_vp);
        // No room behind: ahead it would stop the pointer, so above or below the bars.
        let ahead = behind && beside.0 > anchor_vp.x;
        let (x, y) = if self.sheet || covers || ahead {
            // Never over what it explains: above or below, its height capped to the room.
            let (x, y, max_h) = tooltip::place_clear(anchor_vp, (tr.width(), tr.height()), view);
            self.tip_style("max-height", Some(&css_px(max_h.max(48.0))))?;
            (x, y)
        } else {
            beside
        };
        let tr = self.tip.get_bounding_client_rect();
        self.move_tip((x, y), &tr)
    }

    /// Closes the tooltip. With a bar button focused the ring stays: focus never vanishes.
    pub(super) fn close_tip(&mut self) -> Result<(), JsValue> {
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
    pub(super) fn move_tip(
        &mut self,
        to: (f64, f64),
        tr: &web_sys::DomRect,
    ) -> Result<(), JsValue> {
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
            self.tip_style("width", Some(&css_px(ow)))?;
            let centre =
                |r: &web_sys::DomRect| (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
            let c0 = centre(tr);
            let mut at = |l: f64, t: f64| -> Result<(f64, f64), JsValue> {
                self.tip_style("left", Some(&css_px(l)))?;
                self.tip_style("top", Some(&css_px(t)))?;
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
        self.tip_style("left", Some(&css_px(l)))?;
        self.tip_style("top", Some(&css_px(t)))
    }

    /// Sets (or with `None` removes) one of the tooltip's inline properties, only when it
    /// changes: a write of the same value still makes the browser recompute its style.
    fn tip_style(&mut self, prop: &'static str, value: Option<&str>) -> Result<(), JsValue> {
        let at = self.tip_css.iter().position(|(p, _)| *p == prop);
        let now = at
            .and_then(|i| self.tip_css.get(i))
            .map(|(_, v)| v.as_str());
        if now == value || (now.is_none() && value.is_none()) {
            return Ok(());
        }
        match value {
            Some(v) => set_styles(&self.tip, &[(prop, v)])?,
            None => {
                let _ = self.tip.style().remove_property(prop);
            }
        }
        match (at, value) {
            (Some(i), Some(v)) => {
                if let Some(e) = self.tip_css.get_mut(i) {
                    e.1 = v.to_string();
                }
            }
            (Some(i), None) => {
                self.tip_css.remove(i);
            }
            (None, Some(v)) => self.tip_css.push((prop, v.to_string())),
            (None, None) => {}
        }
        Ok(())
    }

    /// Puts the tooltip back next to its bar (after a scroll, or a second tap).
    pub(super) fn reposition(&mut self) -> Result<(), JsValue> {
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

    pub(super) fn hide_tip(&mut self) {
        super::viewstate::touch(self);
        show(&self.tip, None);
        self.tip_shown = false;
        self.pinned = false;
        self.sheet = false;
    }

    /// The bar under a point in canvas CSS pixels.
    pub(super) fn hit_index(&self, x: f64, y: f64) -> Option<usize> {
        let z = self.zoom;
        if y > self.css.1 {
            return None;
        }
        // O(log n): hover cost stays flat however many bars there are.
        self.scene.hit_index(x / z, y / z)
    }

    /// Keyboard focus reached bar `nav_pos`: ring, tooltip, and the live region speaks.
    pub(super) fn focus_bar(&mut self, nav_pos: usize) -> Result<(), JsValue> {
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
        // No pointer event to check the canvas's place by: measure it again.
        self.canvas_rect.set(None);
        self.set_active(Some(hit))
    }
}
