//! A chart's state and its drawing: configuration (dataset, options) apart from view
//! state (hidden series, highlight, pinned tooltip); layout, canvas sizing, colours.

use super::a11y;
use super::canvas::Canvas;
use super::dom::{self, err, set_styles};
use super::input::DataRef;
use crate::data::Lang;
use crate::model::format::css_px;
use crate::model::scene::{Rect, Rgba};
use crate::model::theme::Scheme;
use crate::model::{self, ChartOptions, RawOptions, Scene, ThemeChoice};
use crate::render::{self, Surface};
use std::cell::RefCell;
use std::rc::Weak;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};

/// What the next commit has to redo (see [`State::commit`]).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Dirty {
    pub(super) content: bool,
    pub(super) size: bool,
    pub(super) paint: bool,
}

impl Dirty {
    pub(super) const CONTENT: Dirty = Dirty {
        content: true,
        size: false,
        paint: false,
    };
    pub(super) const SIZE: Dirty = Dirty {
        content: false,
        size: true,
        paint: false,
    };
    pub(super) const PAINT: Dirty = Dirty {
        content: false,
        size: false,
        paint: true,
    };
}

/// Mutable state shared by the handle and its event callbacks.
pub(super) struct State {
    /// This state, for the shared animation-frame queue.
    pub(super) me: Weak<RefCell<State>>,
    pub(super) ds: DataRef,
    pub(super) opts: ChartOptions,
    pub(super) scene: Scene,
    pub(super) scheme: Scheme,
    /// Effective zoom: scene px → canvas CSS px (the option, capped to fit).
    pub(super) zoom: f64,
    /// Device pixels per CSS pixel actually used (the wanted ratio, capped to canvas limits).
    pub(super) dpr: f64,
    /// The canvas's CSS size as laid out (its height capped for a limited view).
    pub(super) css: (f64, f64),
    /// Width the scene was laid out at (CSS px); 0 while the container is hidden.
    pub(super) laid_out_width: f64,
    pub(super) printing: bool,
    pub(super) root: HtmlElement,
    pub(super) canvas: HtmlCanvasElement,
    /// The layer of highlight rings over the canvas, and its ring boxes (reused).
    pub(super) rings: HtmlElement,
    pub(super) ring_nodes: Vec<HtmlElement>,
    pub(super) tip: HtmlElement,
    pub(super) tip_shown: bool,
    /// The tooltip's nodes, reused from one figure to the next.
    pub(super) tip_nodes: a11y::TipNodes,
    /// The tooltip's inline properties as last written by `tip_style` (its place and size).
    pub(super) tip_css: Vec<(&'static str, String)>,
    /// The tooltip's last `left`/`top` (CSS px).
    pub(super) tip_at: (f64, f64),
    /// An invisible box laid over the anchor bar: measured, it says where the bar is on
    /// screen whatever the page's transforms and zoom.
    pub(super) probe: HtmlElement,
    /// Shown when the chart is too tall for a canvas: only its top part is drawn.
    pub(super) limit_note: HtmlElement,
    pub(super) a11y: a11y::Parts,
    /// Latest pointer position (canvas CSS px) waiting for the next animation frame.
    pub(super) pending: Option<(f64, f64)>,
    /// The pointer's last x handled (canvas CSS px), and whether it last moved rightward:
    /// a hover's tooltip then goes on the left of its bar where it fits, so that moving
    /// on to the next bar never runs into it.
    pub(super) pointer_x: Option<f64>,
    pub(super) moving_right: bool,
    /// What the next commit redoes (events commit at the next animation frame).
    pub(super) dirty: Dirty,
    /// The canvas's shown size over its laid-out size, as last measured (see `squeeze`).
    pub(super) squeezed: std::cell::Cell<Option<(f64, f64)>>,
    /// The canvas's viewport box if untransformed (`Some(None)`: transformed), as last
    /// measured (see `plain_canvas_rect`).
    pub(super) canvas_rect: std::cell::Cell<Option<Option<Rect>>>,
    /// The pixel ratio last asked for (before capping to the canvas limits).
    pub(super) wanted_dpr: f64,
    /// Index into `scene.hits` of the highlighted bar.
    pub(super) active: Option<usize>,
    /// Where the highlight rings are (scene px).
    pub(super) ring: Vec<Rect>,
    /// A tap pinned the tooltip (touch): it stays until closed, a second tap on the same
    /// bar, Escape or a tap elsewhere.
    pub(super) pinned: bool,
    /// The tooltip is a panel clear of the bar (touch): never beside it, never over it.
    pub(super) sheet: bool,
    /// The active target has keyboard focus: the ring goes round the whole target.
    pub(super) keyboard: bool,
    /// The series hidden by the page's options (legend toggles change `opts.hidden`):
    /// what `reset()` goes back to.
    pub(super) configured_hidden: Vec<String>,
    /// The options as the page set them (configuration), merged under each `update()`.
    pub(super) configured: RawOptions,
    /// What the page was last told of the reader's view, and a selection waiting to be pinned.
    pub(super) view: super::viewstate::View,
}

/// Largest canvas side and area drawn (device px): below every current browser's limit
/// (iOS Safari: 16 777 216 px of area). Beyond them a canvas stays blank.
pub(super) const MAX_CANVAS_SIDE: f64 = 16384.0;
pub(super) const MAX_CANVAS_AREA: f64 = 16_777_216.0;

/// The largest pixel ratio ≤ `want` at which a `w` × `h` CSS px canvas fits the limits.
pub(super) fn fitting_ratio(w: f64, h: f64, want: f64) -> f64 {
    want.min(MAX_CANVAS_SIDE / w.max(1.0))
        .min(MAX_CANVAS_SIDE / h.max(1.0))
        .min((MAX_CANVAS_AREA / (w * h).max(1.0)).sqrt())
}

/// Hides or shows an element whatever the page's CSS says about `[hidden]`: the
/// attribute for assistive technology, plus an inline `display … !important`.
pub(super) fn show(el: &HtmlElement, display: Option<&str>) {
    el.set_hidden(display.is_none());
    let _ =
        el.style()
            .set_property_with_priority("display", display.unwrap_or("none"), "important");
}

/// The user's forced colours, read from CSS system colours on a probe element.
pub(super) fn system_colors() -> Option<Scheme> {
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
pub(super) fn parse_rgb(css: &str) -> Option<Rgba> {
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

pub(super) fn media_matches(query: &'static str) -> bool {
    thread_local! {
        /// One MediaQueryList per query for the page (its `matches` is live).
        static LISTS: RefCell<Vec<(&'static str, web_sys::MediaQueryList)>> =
            const { RefCell::new(Vec::new()) };
    }
    LISTS.with(|lists| {
        let Ok(mut lists) = lists.try_borrow_mut() else {
            return false;
        };
        if let Some((_, m)) = lists.iter().find(|(q, _)| *q == query) {
            return m.matches();
        }
        let Some(m) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else {
            return false;
        };
        let matches = m.matches();
        lists.push((query, m));
        matches
    })
}

impl State {
    pub(super) fn pixel_ratio(&self) -> f64 {
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

    pub(super) fn current_scheme(&self) -> Scheme {
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

    /// Marks what the next [`State::commit`] redoes.
    pub(super) fn invalidate(&mut self, d: Dirty) {
        if d.size || d.content {
            self.squeezed.set(None);
            self.canvas_rect.set(None);
        }
        self.dirty.content |= d.content;
        self.dirty.size |= d.size;
        self.dirty.paint |= d.paint;
    }

    /// Does what the dirty flags ask, and only that:
    /// - content (data, language, options, hidden series): new layout, new words;
    /// - size: a new layout if the width changed, the accessible parts moved, not remade;
    /// - paint (colour scheme, pixel ratio): the same scene drawn again, nothing else.
    pub(super) fn commit(&mut self) -> Result<(), JsValue> {
        let d = std::mem::take(&mut self.dirty);
        self.squeezed.set(None);
        self.canvas_rect.set(None);
        // The root fills the container's content box (padding and border excluded).
        let width = f64::from(self.root.client_width());
        if width <= 0.0 {
            // Hidden (display:none, closed tab): draw when the ResizeObserver sees a size.
            super::viewstate::before_relayout(self);
            self.hide_tip();
            self.active = None;
            self.clear_rings();
            self.laid_out_width = 0.0;
            self.dirty = Dirty {
                content: d.content,
                size: true,
                paint: true,
            };
            return Ok(());
        }
        let relayout = d.content || self.laid_out_width <= 0.0 || {
            d.size && (width - self.laid_out_width).abs() >= 1.0
        };
        let scheme = self.current_scheme();
        let want = self.pixel_ratio();
        if !relayout && !(d.paint && (scheme != self.scheme || want != self.wanted_dpr)) {
            return Ok(());
        }
        let words = d.content;
        let mut resize = relayout || want != self.wanted_dpr;
        if relayout {
            super::viewstate::before_relayout(self);
            self.hide_tip();
            self.active = None;
            self.clear_rings();
            // Zoom never squeezes the layout below its 240 px minimum (a phone kiosk).
            let zoom = self.opts.zoom.min(width / 240.0).max(1.0);
            self.zoom = zoom;
            let scene = model::layout(&self.ds, &self.opts, width / zoom);
            resize = resize || scene.width != self.scene.width || scene.height != self.scene.height;
            self.scene = scene;
            self.laid_out_width = width;
        }
        self.wanted_dpr = want;
        let zoom = self.zoom;
        if resize {
            self.size_canvases(want)?;
        }
        let scheme_changed = scheme != self.scheme || relayout;
        self.scheme = scheme;
        let mut backend = Canvas::new(&self.canvas)
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        let surface = Surface::canvas(self.dpr * zoom).in_scheme(scheme);
        render::draw(&self.scene, &mut backend, surface)
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        if words {
            let caption = render::export::caption(&self.ds, &self.opts);
            dom::attr(&self.canvas, "aria-label", &caption)?;
        }
        if relayout {
            self.a11y
                .sync(&self.ds, &self.opts, &self.scene, zoom, words)?;
        } else if let Some(active) = self.active {
            // The same highlight, in the new colours and at the new pixel size.
            self.clear_rings();
            self.active = None;
            self.set_active(Some(active))?;
        }
        if scheme_changed {
            self.paint_chrome()?;
        }
        if self.printing && self.tip_shown {
            // No tooltip on paper: it comes back after printing.
            super::viewstate::before_relayout(self);
            self.set_active(None)?;
        }
        super::viewstate::after_relayout(self)
    }

    /// Canvas (and the layers over it) sized for the scene at `want` device pixels per CSS
    /// pixel.
    fn size_canvases(&mut self, want: f64) -> Result<(), JsValue> {
        let zoom = self.zoom;
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
        let c = &self.canvas;
        c.set_width((w * dpr).round() as u32);
        c.set_height((shown_h * dpr).round() as u32);
        let size = [("width", css_px(w)), ("height", css_px(shown_h))];
        let size = [
            (size[0].0, size[0].1.as_str()),
            (size[1].0, size[1].1.as_str()),
        ];
        set_styles(c.unchecked_ref(), &size)?;
        set_styles(&self.rings, &size)?;
        // The bar buttons' layer covers the canvas and is contained (size, layout, paint,
        // style): a tooltip or ring that changes never makes the browser lay out, paint or
        // hit-test a thousand buttons again (hover stays flat in the number of bars).
        set_styles(&self.a11y.keys, &size)?;
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
        Ok(())
    }

    /// The tooltip's and the chart's own controls' colours and zoom.
    fn paint_chrome(&self) -> Result<(), JsValue> {
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
        let grid = crate::model::theme::resolve(crate::model::theme::GRID, self.scheme);
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
        )
    }

    /// The shared animation frame: what events marked dirty (one commit per frame,
    /// however many resizes and scheme changes came), then the latest pointer.
    pub(super) fn on_frame(&mut self) -> Result<(), JsValue> {
        if self.dirty != Dirty::default() {
            self.commit()?;
        }
        if let Some((x, y)) = self.pending.take() {
            // Which way the pointer is going across the bars (the tooltip goes behind it).
            if let Some(px) = self.pointer_x {
                if (x - px).abs() > 0.5 {
                    self.moving_right = x > px;
                }
            }
            self.pointer_x = Some(x);
            let hit = self.hit_index(x, y);
            self.set_active(hit)?;
        }
        Ok(())
    }

    pub(super) fn toggle_series(&mut self, key: &str) -> Result<(), JsValue> {
        let now_hidden = !self.opts.is_hidden(key);
        if now_hidden {
            self.opts.hidden.push(key.to_string());
        } else {
            self.opts.hidden.retain(|k| k != key);
        }
        self.invalidate(Dirty::CONTENT);
        self.commit()?;
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
