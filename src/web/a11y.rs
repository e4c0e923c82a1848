//! The chart for people who don't see the canvas, or don't use a mouse: real focusable
//! buttons over the bars (arrow keys move between them), legend buttons, a live region,
//! a generated summary and the data table with every figure, flag and source.

use super::dom::{self, attr, element, js_err, set_styles, text_child, Listener, VISUALLY_HIDDEN};
use crate::data::{Dataset, Lang};
use crate::model::format::css_px;
use crate::model::table;
use crate::model::tooltip::Tooltip;
use crate::model::{ChartOptions, Scene};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// Above this many bars, one button per bar would cost more than it helps: the data
/// table (same figures, same order) is the keyboard path.
pub const MAX_KEY_BUTTONS: usize = 1500;

pub struct Parts {
    doc: Document,
    lang: Lang,
    pub keys: HtmlElement,
    /// The chart's notes: one tab stop each, before the bars.
    pub notes: HtmlElement,
    /// Shows a note's text where it stands while its stop has focus.
    _note_listeners: Vec<Listener>,
    pub legend: HtmlElement,
    pub table_toggle: HtmlElement,
    live: HtmlElement,
    summary: HtmlElement,
    table_box: HtmlElement,
    buttons: Vec<HtmlElement>,
    /// Per button: the figures it names (its main figure and members), and its inline
    /// position, to write only what changed.
    button_keys: Vec<Option<(usize, Vec<usize>)>>,
    button_places: Vec<String>,
    /// The button that holds the one tab stop.
    roving: Option<usize>,
    /// "Too many bars to browse by key", when shown.
    too_many: Option<HtmlElement>,
    /// Legend buttons by series key, in drawing order.
    legend_items: Vec<(String, HtmlElement)>,
    /// Position in `scene.nav` of the bar that has (or last had) keyboard focus.
    pub focused: Option<usize>,
    table_open: bool,
    /// The table shows the current data and options.
    table_built: bool,
    table: super::table::Table,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words {
            keys: "Các cột số liệu của biểu đồ (dùng phím mũi tên để di chuyển)",
            notes: "Ghi chú trên biểu đồ",
            note: "Ghi chú",
            legend: "Chú giải: bấm để ẩn hoặc hiện một loại số liệu",
            show_table: "Xem bảng số liệu",
            hide_table: "Ẩn bảng số liệu",
            too_many:
                "Biểu đồ có quá nhiều cột để duyệt bằng phím; mọi số liệu có trong bảng số liệu.",
        },
        Lang::En => Words {
            keys: "The chart's bars (use the arrow keys to move)",
            notes: "Notes on the chart",
            note: "Note",
            legend: "Legend: press to hide or show a series",
            show_table: "Show data table",
            hide_table: "Hide data table",
            too_many: "Too many bars to browse by key; every figure is in the data table.",
        },
    }
}

struct Words {
    keys: &'static str,
    notes: &'static str,
    note: &'static str,
    legend: &'static str,
    show_table: &'static str,
    hide_table: &'static str,
    too_many: &'static str,
}

impl Parts {
    pub fn new(
        doc: &Document,
        root: &HtmlElement,
        canvas: &web_sys::HtmlCanvasElement,
        lang: Lang,
    ) -> Result<Parts, JsValue> {
        let w = words(lang);
        // The canvas's description: referenced, never read a second time as page text.
        let summary = element(doc, "p", "kc-summary")?;
        summary.set_id(&dom::next_id("kc-summary"));
        summary.set_hidden(true);
        dom::force_display(&summary, "none");
        root.append_child(&summary).map_err(js_err("appendChild"))?;
        attr(canvas, "aria-describedby", &summary.id())?;

        // Tab order follows the picture: legend (above the plot), then the bars.
        let legend = element(doc, "div", "kc-legend")?;
        attr(&legend, "role", "group")?;
        attr(&legend, "aria-label", w.legend)?;
        set_styles(
            &legend,
            &[
                ("position", "absolute"),
                ("left", "0"),
                ("top", "0"),
                ("width", "0"),
                ("height", "0"),
                // Laid out apart from the rest of the chart: a tooltip or a page change
                // never makes the browser lay out every button again (hover stays flat).
                ("contain", "layout style"),
            ],
        )?;
        root.append_child(&legend).map_err(js_err("appendChild"))?;

        let keys = element(doc, "div", "kc-keys")?;
        attr(&keys, "role", "group")?;
        attr(&keys, "aria-label", w.keys)?;
        set_styles(
            &keys,
            &[
                ("position", "absolute"),
                ("left", "0"),
                ("top", "0"),
                ("width", "0"),
                ("height", "0"),
                // Laid out and painted apart from the rest of the chart, over the canvas
                // (sized with it, see `view::size_canvases`): a tooltip or a page change
                // never makes the browser lay out or paint every button again.
                ("contain", "strict"),
                ("pointer-events", "none"),
            ],
        )?;
        // The buttons are grid items in one cell, placed by their margins: not positioned,
        // so none is a layer of its own. 1 200 positioned buttons cost the browser ≈ 1.2 ms
        // per pointer move (layerizing, hit-testing and painting them), whatever moved.
        dom::force_display(&keys, "grid");
        // The notes come before the bars in the tab order: they say what to look at.
        let notes = element(doc, "div", "kc-note-keys")?;
        attr(&notes, "role", "group")?;
        attr(&notes, "aria-label", w.notes)?;
        set_styles(
            &notes,
            &[
                ("position", "absolute"),
                ("left", "0"),
                ("top", "0"),
                ("width", "0"),
                ("height", "0"),
            ],
        )?;
        root.append_child(&notes).map_err(js_err("appendChild"))?;
        let note_listeners = note_focus_listeners(&notes)?;
        root.append_child(&keys).map_err(js_err("appendChild"))?;

        let live = element(doc, "div", "kc-live")?;
        attr(&live, "aria-live", "polite")?;
        attr(&live, "role", "status")?;
        set_styles(&live, &VISUALLY_HIDDEN)?;
        root.append_child(&live).map_err(js_err("appendChild"))?;

        // Closed, the table is not there for anyone (not even screen readers: the
        // description and the bar buttons tell the story; the table is one press away).
        let table_box = element(doc, "div", "kc-table-box")?;
        table_box.set_id(&dom::next_id("kc-table"));
        table_box.set_hidden(true);
        dom::force_display(&table_box, "none");

        let table_toggle = element(doc, "button", "kc-table-toggle")?;
        attr(&table_toggle, "type", "button")?;
        attr(&table_toggle, "aria-expanded", "false")?;
        attr(&table_toggle, "aria-controls", &table_box.id())?;
        table_toggle.set_text_content(Some(w.show_table));
        // Its look comes from the shared sheet at zero specificity (a page restyles it
        // with an ordinary rule); inline only where constructed sheets don't exist.
        if !dom::shared_styles(root) {
            table_toggle.style().set_css_text(dom::TOGGLE_FALLBACK_CSS);
        }
        dom::force_display(&table_toggle, "inline-block");
        root.append_child(&table_toggle)
            .map_err(js_err("appendChild"))?;
        root.append_child(&table_box)
            .map_err(js_err("appendChild"))?;

        Ok(Parts {
            doc: doc.clone(),
            lang,
            keys,
            notes,
            _note_listeners: note_listeners,
            legend,
            table_toggle,
            live,
            summary,
            table_box,
            buttons: Vec::new(),
            button_keys: Vec::new(),
            button_places: Vec::new(),
            roving: None,
            too_many: None,
            legend_items: Vec::new(),
            focused: None,
            table_open: false,
            table_built: false,
            table: Default::default(),
        })
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        let w = words(lang);
        let _ = attr(&self.keys, "aria-label", w.keys);
        let _ = attr(&self.notes, "aria-label", w.notes);
        let _ = attr(&self.legend, "aria-label", w.legend);
        let label = if self.table_open {
            w.hide_table
        } else {
            w.show_table
        };
        self.table_toggle.set_text_content(Some(label));
    }

    /// Data or options changed: the table is brought up to date (in place) when it is
    /// next shown, or at the next sync while it is open.
    pub fn reset_table(&mut self) {
        self.table_built = false;
    }

    /// Brings the DOM mirrors up to date with a laid-out scene, moving the nodes that
    /// exist instead of re-creating them. `words`: the data, language or options changed,
    /// so names, the summary and the table are made again; otherwise (a new width) only
    /// positions change. `zoom` maps scene pixels to the canvas's CSS pixels.
    pub fn sync(
        &mut self,
        ds: &Dataset,
        opts: &ChartOptions,
        scene: &Scene,
        zoom: f64,
        words_changed: bool,
    ) -> Result<(), JsValue> {
        let w = words(self.lang);
        if words_changed {
            self.summary
                .set_text_content(Some(&table::summary(ds, opts)));
            self.table_built = false;
        }

        self.rebuild_notes(scene, zoom)?;

        // Bar buttons, in keyboard order, over their bars (invisible: the rings layer draws
        // the ring). Keyed by the figures they explain: a button whose target still
        // explains the same figures keeps its name and only moves.
        let shared = dom::shared_styles(&self.keys);
        let keep = self.focused.filter(|p| *p < scene.nav.len());
        let n = if scene.nav.len() <= MAX_KEY_BUTTONS {
            scene.nav.len()
        } else {
            0
        };
        if n == 0 && !scene.nav.is_empty() {
            if self.too_many.is_none() {
                let note = text_child(&self.doc, &self.keys, "p", "kc-keys-note", w.too_many)?;
                set_styles(&note, &VISUALLY_HIDDEN)?;
                self.too_many = Some(note);
            }
        } else if let Some(note) = self.too_many.take() {
            note.remove();
        }
        for b in self.buttons.drain(n.min(self.buttons.len())..) {
            b.remove();
        }
        self.button_keys.truncate(n);
        self.button_places.truncate(n);
        // New buttons in one call; then every changed name and place in one more.
        if n > self.buttons.len() {
            let made = super::api::kc_add_bar_keys(&self.keys, self.buttons.len() as u32, n as u32);
            for b in made.iter() {
                self.buttons.push(b.unchecked_into());
                self.button_keys.push(None);
                self.button_places.push(String::new());
            }
        }
        let mut batch = String::new();
        for (pos, &hit_index) in scene.nav.iter().enumerate().take(n) {
            let Some(hit) = scene.hits.get(hit_index) else {
                continue;
            };
            let (Some(named), Some(placed)) = (
                self.button_keys.get_mut(pos),
                self.button_places.get_mut(pos),
            ) else {
                continue;
            };
            let key = (hit.figure, hit.members.clone());
            let mut name = String::new();
            if words_changed || named.as_ref() != Some(&key) {
                if let Some(t) = Tooltip::spoken_for_hit(ds, scene, hit_index, opts.lang) {
                    // The batch's separators never come from the data.
                    name = t.replace(['\u{1e}', '\u{1f}'], " ");
                }
                *named = Some(key);
            }
            let r = hit.rect.scaled(zoom);
            // Position only: the rest comes from the shared sheet (one write per button).
            // display: a page's `button { display: none }` must not remove the stops.
            let mut place = format!(
                "margin-left:{};margin-top:{};width:{};height:{};display:block!important",
                css_px(r.x),
                css_px(r.y),
                css_px(r.w.max(4.0)),
                css_px(r.h.max(4.0))
            );
            if !shared {
                place.push_str(
                    ";position:static;grid-area:1/1;align-self:start;justify-self:start;margin-right:0;margin-bottom:0;padding:0;border:0;background:none;color:transparent;outline:none;-webkit-appearance:none;appearance:none;pointer-events:none",
                );
            }
            let moved = *placed != place;
            if name.is_empty() && !moved {
                continue;
            }
            if !batch.is_empty() {
                batch.push('\u{1e}');
            }
            batch.push_str(&pos.to_string());
            batch.push('\u{1f}');
            batch.push_str(&name);
            batch.push('\u{1f}');
            if moved {
                batch.push_str(&place);
                *placed = place;
            }
        }
        if !batch.is_empty() {
            super::api::kc_set_bar_keys(&self.keys, &batch);
        }
        // Roving tabindex: one stop, on the bar that had focus (or the first).
        let roving = keep.unwrap_or(0);
        if let Some(b) = self.buttons.get(roving) {
            attr(b, "tabindex", "0")?;
        }
        if let Some(old) = self.roving.filter(|o| *o != roving) {
            if let Some(b) = self.buttons.get(old) {
                attr(b, "tabindex", "-1")?;
            }
        }
        self.roving = Some(roving);
        self.focused = keep;

        // Legend buttons over the drawn legend; pressed = series shown. Keyed by series;
        // moved in the document only when the order changes (moving one drops its focus).
        let same_order = self.legend_items.len() == scene.legend.len()
            && self
                .legend_items
                .iter()
                .zip(&scene.legend)
                .all(|((k, _), l)| *k == l.key);
        let mut kept: Vec<HtmlElement> = Vec::with_capacity(scene.legend.len());
        for item in &scene.legend {
            let b = match self.legend_items.iter().position(|(k, _)| *k == item.key) {
                Some(i) => self.legend_items.swap_remove(i).1,
                None => {
                    let b = element(&self.doc, "button", "kc-legend-item")?;
                    attr(&b, "type", "button")?;
                    attr(&b, "data-series", &item.key)?;
                    set_styles(
                        &b,
                        &[
                            ("position", "absolute"),
                            ("margin", "0"),
                            ("padding", "0"),
                            ("border", "0"),
                            ("background", "transparent"),
                            ("color", "transparent"),
                            ("overflow", "hidden"),
                            ("cursor", "pointer"),
                            ("font-size", "1px"),
                        ],
                    )?;
                    dom::force_display(&b, "block");
                    b
                }
            };
            attr(
                &b,
                "aria-pressed",
                if item.hidden { "false" } else { "true" },
            )?;
            if b.text_content().as_deref() != Some(item.label.as_str()) {
                b.set_text_content(Some(&item.label));
            }
            let r = item.rect.scaled(zoom);
            set_styles(
                &b,
                &[
                    ("left", &css_px(r.x)),
                    ("top", &css_px(r.y)),
                    ("width", &css_px(r.w)),
                    ("height", &css_px(r.h.max(24.0))),
                ],
            )?;
            if !same_order {
                // In drawing order (appending a node that is there moves it).
                self.legend
                    .append_child(&b)
                    .map_err(js_err("appendChild"))?;
            }
            kept.push(b);
        }
        for (_, gone) in self.legend_items.drain(..) {
            gone.remove();
        }
        self.legend_items = scene
            .legend
            .iter()
            .map(|l| l.key.clone())
            .zip(kept)
            .collect();

        // The table is made when shown (closed, it is there for no one).
        if self.table_open && !self.table_built {
            self.build_table(ds, opts)?;
        }
        Ok(())
    }

    fn build_table(&mut self, ds: &Dataset, opts: &ChartOptions) -> Result<(), JsValue> {
        self.table.sync(&self.doc, &self.table_box, ds, opts)?;
        self.table_built = true;
        Ok(())
    }

    /// One stop per note of the scene, over its callout, marker or listed line; named by
    /// its text, which it shows there while it has focus.
    fn rebuild_notes(&mut self, scene: &Scene, zoom: f64) -> Result<(), JsValue> {
        let w = words(self.lang);
        self.notes.set_text_content(None);
        for (k, n) in scene.notes.iter().enumerate() {
            let b = element(&self.doc, "button", "kc-note")?;
            attr(&b, "type", "button")?;
            attr(&b, "data-note", &k.to_string())?;
            let name = match n.number {
                Some(num) => format!("{} {num}: {}", w.note, n.text),
                None => format!("{}: {}", w.note, n.text),
            };
            attr(&b, "aria-label", &name)?;
            attr(&b, "data-text", &n.text)?;
            // One Tab stop for all the notes; the arrow keys move between them.
            attr(&b, "tabindex", if k == 0 { "0" } else { "-1" })?;
            let r = n.rect.scaled(zoom);
            set_styles(
                &b,
                &[
                    ("position", "absolute"),
                    ("left", &css_px(r.x)),
                    ("top", &css_px(r.y)),
                    ("width", &css_px(r.w.max(4.0))),
                    ("min-height", &css_px(r.h.max(4.0))),
                ],
            )?;
            // The callout's own metrics, so the focused text covers exactly its box.
            let metrics = format!(
                ";padding:{};font:{}/{} system-ui,-apple-system,'Segoe UI',Roboto,sans-serif",
                css_px(4.0 * zoom),
                css_px(11.0 * zoom),
                css_px(14.0 * zoom)
            );
            let css = format!("{}{NOTE_CSS}{metrics}{NOTE_HIDDEN}", b.style().css_text());
            b.style().set_css_text(&css);
            // A marker or a listed line grows to hold its text while focused.
            if !matches!(n.placed, crate::model::annotate::Placed::Callout { .. }) {
                attr(&b, "data-grow", "1")?;
            }
            dom::force_display(&b, "block");
            self.notes.append_child(&b).map_err(js_err("appendChild"))?;
        }
        Ok(())
    }

    pub fn table_is_open(&self) -> bool {
        self.table_open
    }

    pub fn toggle_table(&mut self, ds: &Dataset, opts: &ChartOptions) -> Result<(), JsValue> {
        self.table_open = !self.table_open;
        if self.table_open && !self.table_built {
            self.build_table(ds, opts)?;
        }
        let w = words(self.lang);
        if self.table_open {
            self.table_box.set_hidden(false);
            dom::force_display(&self.table_box, "block");
            set_styles(&self.table_box, &[("overflow-x", "auto")])?;
            // A scrollable region must be reachable by keyboard (WCAG 2.1.1).
            attr(&self.table_box, "tabindex", "0")?;
            attr(&self.table_box, "role", "region")?;
            attr(
                &self.table_box,
                "aria-labelledby",
                &format!("{}-caption", self.table_box.id()),
            )?;
        } else {
            self.table_box.set_hidden(true);
            dom::force_display(&self.table_box, "none");
            for a in ["tabindex", "role", "aria-labelledby"] {
                self.table_box
                    .remove_attribute(a)
                    .map_err(js_err("removeAttribute"))?;
            }
        }
        attr(
            &self.table_toggle,
            "aria-expanded",
            if self.table_open { "true" } else { "false" },
        )?;
        self.table_toggle.set_text_content(Some(if self.table_open {
            w.hide_table
        } else {
            w.show_table
        }));
        Ok(())
    }

    pub fn announce(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }

    /// Roving tabindex: the focused bar is the one Tab returns to.
    pub fn set_roving(&mut self, pos: usize) {
        if let Some(old) = self.roving.filter(|o| *o != pos) {
            if let Some(b) = self.buttons.get(old) {
                let _ = attr(b, "tabindex", "-1");
            }
        }
        if let Some(b) = self.buttons.get(pos) {
            let _ = attr(b, "tabindex", "0");
        }
        self.roving = Some(pos);
        self.focused = Some(pos);
    }

    pub fn button(&self, pos: usize) -> Option<HtmlElement> {
        self.buttons.get(pos).cloned()
    }
}

/// A note stop's look: a callout in the chart's colours (text only while focused).
const NOTE_CSS: &str = ";margin:0;box-sizing:border-box;text-align:left;overflow:hidden;border:1px solid var(--kc-line,#8a939c);background:var(--kc-bg,#fff);color:var(--kc-ink,#1a1d21);pointer-events:none";
const NOTE_HIDDEN: &str = ";opacity:0;z-index:auto;outline:none";

/// Focus on a note stop shows its text there (a sighted keyboard reader sees what the
/// screen reader says); leaving hides it again. Delegated: one pair for every stop.
fn note_focus_listeners(group: &HtmlElement) -> Result<Vec<Listener>, JsValue> {
    let target: web_sys::EventTarget = group.clone().into();
    let show = Listener::new(&target, "focusin", |e: web_sys::Event| {
        let Some(b) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        let text = b.get_attribute("data-text").unwrap_or_default();
        // Text only: textContent, never markup.
        b.set_text_content(Some(&text));
        let grow = b.has_attribute("data-grow");
        if grow {
            // Kept inside the chart: a marker near its right edge grows to the left.
            let root_w = b
                .parent_element()
                .and_then(|g| g.parent_element())
                .and_then(|r| r.dyn_into::<HtmlElement>().ok())
                .map(|r| f64::from(r.offset_width()))
                .unwrap_or(0.0);
            let want = 240.0f64.min(root_w * 0.9);
            let left = f64::from(b.offset_left());
            if root_w > 0.0 && left + want > root_w {
                let _ = attr(
                    &b,
                    "data-left",
                    &b.style().get_property_value("left").unwrap_or_default(),
                );
                let _ = set_styles(&b, &[("left", &css_px((root_w - want - 2.0).max(0.0)))]);
            }
        }
        let _ = set_styles(
            &b,
            &[
                ("opacity", "1"),
                ("z-index", "3"),
                ("min-width", if grow { "min(240px, 90vw)" } else { "0" }),
                ("outline", "2px solid var(--kc-ink,#1a1d21)"),
                ("outline-offset", "1px"),
            ],
        );
    })?;
    let hide = Listener::new(&target, "focusout", |e: web_sys::Event| {
        let Some(b) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        b.set_text_content(None);
        if let Some(left) = b.get_attribute("data-left") {
            let _ = set_styles(&b, &[("left", &left)]);
            let _ = b.remove_attribute("data-left");
        }
        let _ = set_styles(
            &b,
            &[
                ("opacity", "0"),
                ("z-index", "auto"),
                ("min-width", "0"),
                ("outline", "none"),
            ],
        );
    })?;
    // Arrow keys, Home and End move between the notes (roving tabindex, like the bars).
    let keys = Listener::new(&target, "keydown", |e: web_sys::Event| {
        let Some(ke) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let Some(b) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        let Some(group) = b.parent_element() else {
            return;
        };
        let Ok(all) = group.query_selector_all("button.kc-note") else {
            return;
        };
        let n: u32 = all.length();
        let at: u32 = (0..n)
            .find(|i| all.item(*i).is_some_and(|el| b.is_same_node(Some(&el))))
            .unwrap_or(0);
        let to = match ke.key().as_str() {
            "ArrowRight" | "ArrowDown" => (at + 1).min(n.saturating_sub(1)),
            "ArrowLeft" | "ArrowUp" => at.saturating_sub(1),
            "Home" => 0,
            "End" => n.saturating_sub(1),
            _ => return,
        };
        e.prevent_default();
        for i in 0..n {
            if let Some(el) = all.item(i).and_then(|x| x.dyn_into::<Element>().ok()) {
                let _ = el.set_attribute("tabindex", if i == to { "0" } else { "-1" });
            }
        }
        if let Some(next) = all
            .item(to)
            .and_then(|el| el.dyn_into::<HtmlElement>().ok())
        {
            let _ = next.focus();
        }
    })?;
    Ok(vec![show, hide, keys])
}

pub fn focus_legend(legend: &HtmlElement, key: &str) {
    let sel = format!("[data-series=\"{}\"]", key.replace(['"', '\\'], ""));
    if let Ok(Some(el)) = legend.query_selector(&sel) {
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Tooltip parts: (class, CSS). The shared sheet carries the CSS; without it, inline.
const TIP_CSS: [(&str, &str); 6] = [
    ("kc-tip-heading", "font-weight:600"),
    (
        "kc-tip-value",
        "font-size:1.15em;font-weight:700;margin:2px 0 4px",
    ),
    (
        "kc-tip-rows",
        "display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:4px 0",
    ),
    (
        "kc-tip-quote",
        "margin:6px 0 2px;padding-left:8px;border-left:3px solid #a9c6e8;font-style:italic",
    ),
    ("kc-tip-source", "font-size:0.85em;opacity:0.8"),
    ("kc-tip-key", "opacity:0.8"),
];

/// The tooltip's rules for the shared stylesheet.
pub fn tooltip_css() -> String {
    let mut css: String = TIP_CSS
        .iter()
        .map(|(c, r)| format!(".{c}{{{r}}}"))
        .collect();
    css.push_str(".kc-tip-rows dd{margin:0}");
    css
}

/// The tooltip's nodes, kept from one hover to the next: a new figure of the same shape
/// changes only the text that differs (no nodes made, none removed).
#[derive(Default)]
pub struct TipNodes {
    slots: Vec<TipSlot>,
}

struct TipSlot {
    /// Index of the parent slot (`None`: the tooltip itself).
    parent: Option<usize>,
    tag: &'static str,
    class: &'static str,
    el: HtmlElement,
    /// What it says (the close button: its label); `None` for a container.
    text: Option<String>,
}

/// Fills the tooltip with `t`; `close`: the label of a close button at its top (a
/// pinned panel), none for a hover tooltip. Nodes that are there already are reused in
/// order; only from the first that differs in kind are they made again.
pub fn fill_tooltip(
    tip: &HtmlElement,
    nodes: &mut TipNodes,
    t: &Tooltip,
    close: Option<&str>,
) -> Result<(), JsValue> {
    // What it should hold, in document order: (parent, tag, class, text).
    type Want<'a> = (Option<usize>, &'static str, &'static str, Option<&'a str>);
    let mut want: Vec<Want> = Vec::new();
    if let Some(label) = close {
        want.push((None, "button", "kc-tip-close", Some(label)));
    }
    want.push((None, "div", "kc-tip-heading", Some(&t.heading)));
    for sec in &t.sections {
        if !sec.title.is_empty() {
            want.push((None, "div", "kc-tip-heading", Some(&sec.title)));
        }
        want.push((None, "div", "kc-tip-value", Some(&sec.value)));
        let dl = want.len();
        want.push((None, "dl", "kc-tip-rows", None));
        for (k, v) in &sec.rows {
            want.push((Some(dl), "dt", "kc-tip-key", Some(k)));
            want.push((Some(dl), "dd", "", Some(v)));
        }
        if !sec.quote.is_empty() {
            want.push((None, "blockquote", "kc-tip-quote", Some(&sec.quote)));
        }
        if !sec.source.is_empty() {
            want.push((None, "div", "kc-tip-source", Some(&sec.source)));
        }
    }
    // The nodes that can stay: the longest prefix of the same kinds.
    let keep = nodes
        .slots
        .iter()
        .zip(&want)
        .take_while(|(s, w)| s.parent == w.0 && s.tag == w.1 && s.class == w.2)
        .count();
    for gone in nodes.slots.drain(keep..) {
        gone.el.remove();
    }
    // Text of the kept nodes, where it changed (text only, never markup).
    for (slot, w) in nodes.slots.iter_mut().zip(&want) {
        if let (Some(new), Some(old)) = (w.3, slot.text.as_deref()) {
            if new != old {
                if slot.tag == "button" {
                    attr(&slot.el, "aria-label", new)?;
                    attr(&slot.el, "title", new)?;
                } else {
                    slot.el.set_text_content(Some(new));
                }
                slot.text = Some(new.to_string());
            }
        }
    }
    let doc = dom::document()?;
    let shared = dom::shared_styles(tip);
    for &(parent, tag, class, text) in want.iter().skip(keep) {
        let into: Element = match parent.and_then(|p| nodes.slots.get(p)) {
            Some(p) => p.el.clone().into(),
            None => tip.clone().into(),
        };
        let el = if tag == "button" {
            close_button(&doc, text.unwrap_or_default())?
        } else {
            let el = element(&doc, tag, class)?;
            if let Some(text) = text {
                el.set_text_content(Some(text));
            }
            if !shared {
                let css = TIP_CSS.iter().find(|(c, _)| *c == class).map(|(_, r)| *r);
                let css = css.unwrap_or(if tag == "dd" { "margin:0" } else { "" });
                el.style().set_css_text(css);
            }
            el
        };
        into.append_child(&el).map_err(js_err("appendChild"))?;
        nodes.slots.push(TipSlot {
            parent,
            tag,
            class,
            el,
            text: text.map(str::to_string),
        });
    }
    Ok(())
}

/// The pinned panel's close button, labelled `label`.
fn close_button(doc: &Document, label: &str) -> Result<HtmlElement, JsValue> {
    let b = element(doc, "button", "kc-tip-close")?;
    attr(&b, "type", "button")?;
    attr(&b, "aria-label", label)?;
    attr(&b, "title", label)?;
    b.set_text_content(Some("×"));
    // Inline and important: a page's `button { display: none }` must not hide it.
    let st = b.style();
    for (k, v) in [
        ("display", "block"),
        ("float", "right"),
        ("width", "32px"),
        ("height", "32px"),
        ("margin", "-6px -8px 4px 8px"),
        ("padding", "0"),
        ("border", "0"),
        ("border-radius", "6px"),
        ("background", "transparent"),
        ("color", "inherit"),
        ("font", "22px/1 system-ui, sans-serif"),
        ("cursor", "pointer"),
    ] {
        st.set_property_with_priority(k, v, "important")
            .map_err(js_err("style"))?;
    }
    Ok(b)
}
