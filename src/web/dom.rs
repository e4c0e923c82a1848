//! Small DOM helpers: elements, CSSOM styles, listeners that remove themselves.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, Window};

pub fn err(msg: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&msg.to_string()).into()
}

/// A JS `Error` whose `problems` property lists every problem found.
pub fn err_with_problems(msg: &str, problems: &[String]) -> JsValue {
    let e = js_sys::Error::new(msg);
    let list: js_sys::Array = problems.iter().map(|p| JsValue::from_str(p)).collect();
    let _ = js_sys::Reflect::set(&e, &"problems".into(), &list);
    e.into()
}

pub fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| err("khuyencong-charts: no window"))
}

pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| err("khuyencong-charts: no document"))
}

/// Wraps a failed DOM call in an `Error` saying what was being done.
pub fn js_err(context: &str) -> impl Fn(JsValue) -> JsValue + '_ {
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

/// Styles through the CSSOM: allowed under `style-src 'self'`, unlike style attributes.
pub fn set_styles(el: &HtmlElement, styles: &[(&str, &str)]) -> Result<(), JsValue> {
    let st = el.style();
    for (k, v) in styles {
        st.set_property(k, v).map_err(js_err("style"))?;
    }
    Ok(())
}

/// Present to assistive technology, invisible on screen.
pub const VISUALLY_HIDDEN: [(&str, &str); 7] = [
    ("position", "absolute"),
    ("width", "1px"),
    ("height", "1px"),
    ("overflow", "hidden"),
    ("clip-path", "inset(50%)"),
    ("white-space", "nowrap"),
    ("margin", "-1px"),
];

pub fn element(doc: &Document, tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let el: HtmlElement = doc
        .create_element(tag)
        .map_err(js_err("createElement"))?
        .dyn_into()
        .map_err(|_| err("khuyencong-charts: not an HTML element"))?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Ok(el)
}

/// Creates a child with text content (never markup) and appends it.
pub fn text_child(
    doc: &Document,
    parent: &Element,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<HtmlElement, JsValue> {
    let el = element(doc, tag, class)?;
    el.set_text_content(Some(text));
    parent.append_child(&el).map_err(js_err("appendChild"))?;
    Ok(el)
}

pub fn attr(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    el.set_attribute(name, value)
        .map_err(js_err("setAttribute"))
}

/// A listener that is removed from its target when dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        f: impl FnMut(Event) + 'static,
    ) -> Result<Listener, JsValue> {
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

/// Unique ids for aria references when many charts share a page.
pub fn next_id(prefix: &str) -> String {
    thread_local! {
        static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let n = NEXT.with(|c| {
        let v = c.get().wrapping_add(1);
        c.set(v);
        v
    });
    format!("{prefix}-{n}")
}

/// Rules shared by every chart's many small elements (bar buttons, table cells): one
/// constructable stylesheet instead of thousands of inline declarations. Constructable
/// sheets are CSSOM, so a strict `style-src 'self'` allows them. Bar buttons are
/// transparent, not `opacity:0`: an element with opacity below 1 gets a paint layer of
/// its own, and a thousand of them make every pointer move's hit test slower.
const SHARED_CSS: &str = "\
.kc-key{position:static;grid-area:1/1;align-self:start;justify-self:start;margin:0;padding:0;border:0;background:none;color:transparent;outline:none;-webkit-appearance:none;appearance:none;pointer-events:none}\
:where(.kc-table-toggle){min-height:44px;margin:4px 12px 10px;padding:0 16px;font:600 14px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;cursor:pointer;border-radius:6px;border:1px solid var(--kc-line,#8a939c);background:var(--kc-bg,#fff);color:var(--kc-ink,#1a1d21)}\
:where(.kc-table-toggle):hover{background:var(--kc-hover,#eef1f4)}\
:where(.kc-table-toggle):focus-visible{outline:2px solid var(--kc-ink,#1a1d21);outline-offset:2px}\
.kc-table-box{container-type:inline-size;margin:0 12px 12px}\
.kc-table{border-collapse:collapse;width:100%;font:calc(13px*var(--kc-zoom,1))/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--kc-ink,#1a1d21)}\
.kc-table caption{text-align:left;font-weight:600;padding:4px 0 6px}\
.kc-table th,.kc-table td{text-align:left;vertical-align:top;padding:4px 6px;border-top:1px solid var(--kc-grid,#d5d9de)}\
.kc-table td{text-align:right;font-variant-numeric:tabular-nums}\
.kc-table thead th:not(:first-child){text-align:right}\
@container (min-width:481px){.kc-table td{white-space:nowrap}}\
.kc-table .kc-sub th{font-weight:400;padding-left:1.4em}\
.kc-table .kc-section th{padding-top:10px}\
.kc-table .kc-mark{font-weight:400}\
.kc-table tfoot td{text-align:left;font-size:.92em}\
.kc-notes{margin:4px 0;padding-left:1.6em}\
.kc-notes-box summary{cursor:pointer;min-height:24px;padding:4px 0;font-weight:600}\
@container (max-width:480px){.kc-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}.kc-table tr{display:block;padding:6px 0;border-top:1px solid var(--kc-grid,#d5d9de)}.kc-table th,.kc-table td{display:block;border:0;padding:1px 0;text-align:left}.kc-table td:empty{display:none}.kc-table td[data-label]::before{content:attr(data-label) \": \";font-weight:600}.kc-table .kc-sub{padding-left:1.2em}}";

/// The table toggle's look where constructed stylesheets don't exist.
pub const TOGGLE_FALLBACK_CSS: &str = "min-height:44px;margin:4px 12px 10px;padding:0 16px;font:600 14px/1.2 system-ui,sans-serif;cursor:pointer;border-radius:6px";

/// Adopts the shared sheet into the document or shadow root `node` lives in (each
/// root node once; again if the page replaced its list); false where constructable
/// sheets don't exist or `node` is not in a document yet (callers then style inline).
pub fn shared_styles(node: &web_sys::Node) -> bool {
    thread_local! {
        static SHEET: std::cell::RefCell<Option<Option<web_sys::CssStyleSheet>>> =
            const { std::cell::RefCell::new(None) };
    }
    let sheet = SHEET.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(|| {
                let sheet = web_sys::CssStyleSheet::new().ok()?;
                let css = format!("{SHARED_CSS}{}", super::a11y::tooltip_css());
                sheet.replace_sync(&css).ok()?;
                Some(sheet)
            })
            .clone()
    });
    let Some(sheet) = sheet else { return false };
    let root = node.get_root_node();
    let key = JsValue::from_str("adoptedStyleSheets");
    let Some(list) = js_sys::Reflect::get(&root, &key)
        .ok()
        .and_then(|l| l.dyn_into::<js_sys::Array>().ok())
    else {
        return false;
    };
    if list.includes(&sheet, 0) {
        return true;
    }
    let list = js_sys::Array::from(&list);
    list.push(&sheet);
    js_sys::Reflect::set(&root, &key, &list).unwrap_or(false)
}

/// `display` that a page's `button { display: none }` or `[hidden]` rule cannot override.
pub fn force_display(el: &HtmlElement, value: &str) {
    let _ = el
        .style()
        .set_property_with_priority("display", value, "important");
}
