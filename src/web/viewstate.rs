//! The reader's view as state a page can keep in its URL: the hidden series and the
//! selected (pinned) target. `chart.select(key)` pins a target as a tap would,
//! `chart.selected()` says which one is pinned, and `chart.onViewChange(fn)` calls `fn`
//! with `{ hidden, selected }` after the reader (or the page) changed either.
//!
//! A target's key is a year ("2017": the first target of that year in reading order) or,
//! for any other target, the id of its first figure. The key stays the same whatever
//! the width, language or theme, so a link opens on the same bar; a selection survives
//! a relayout (resize, language, a legend toggle) when its target is still drawn.
//!
//! Hooks: `touch` where the tooltip is shown or hidden (`hover`), `before_relayout` /
//! `after_relayout` around a commit that lays out again or closes the tooltip (`view`). Changes are reported once, after the event
//! that made them (a microtask, one queue for every chart of the page), never while the
//! chart's state is borrowed.

use super::api::Chart;
use super::dom::err;
use super::view::State;
use super::with_state;
use std::cell::RefCell;
use std::rc::Weak;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Per chart: the page's callback and what it was last told.
#[derive(Default)]
pub(super) struct View {
    callback: Option<js_sys::Function>,
    /// `(hidden, selected)` as last reported; `None` until the first check.
    last: Option<(Vec<String>, Option<String>)>,
    /// A selection to pin once the chart is drawn (it was hidden, or being redrawn).
    wanted: Option<String>,
}

/// The target hit index `hit` by its key: its year when that year names it, else the id
/// of its first figure.
fn key_of(s: &State, hit: usize) -> Option<String> {
    let h = s.scene.hits.get(hit)?;
    let f = s.ds.figures.get(h.figure)?;
    let year = f.year.to_string();
    if resolve(s, &year) == Some(hit) {
        Some(year)
    } else {
        Some(f.id.clone())
    }
}

/// The target a key names: the first in reading order of that year, or holding the
/// figure with that id.
fn resolve(s: &State, key: &str) -> Option<usize> {
    let figures = &s.ds.figures;
    let hits = &s.scene.hits;
    let year = key
        .strip_prefix('-')
        .unwrap_or(key)
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| key.parse::<i32>().ok())
        .flatten();
    if let Some(year) = year {
        let found = s.scene.nav.iter().copied().find(|&i| {
            hits.get(i)
                .and_then(|h| figures.get(h.figure))
                .is_some_and(|f| f.year == year)
        });
        if found.is_some() {
            return found;
        }
    }
    s.scene.nav.iter().copied().find(|&i| {
        hits.get(i).is_some_and(|h| {
            h.figures()
                .into_iter()
                .chain(h.rings.iter().map(|(_, f)| *f))
                .any(|fi| figures.get(fi).is_some_and(|f| f.id == key))
        })
    })
}

/// The key of the pinned target, if one is.
fn current(s: &State) -> Option<String> {
    if s.pinned && s.tip_shown {
        s.active.and_then(|i| key_of(s, i))
    } else {
        None
    }
}

/// Pins target `hit`: highlight and tooltip with its close button, as a tap does.
fn pin(s: &mut State, hit: usize) -> Result<(), JsValue> {
    s.keyboard = false;
    s.pinned = true;
    // A panel clear of the bar where there is no hover (touch screens), as a tap.
    s.sheet = super::view::media_matches("(hover: none)");
    if s.active == Some(hit) {
        s.reposition()?;
    } else {
        s.set_active(Some(hit))?;
    }
    s.pinned = true;
    Ok(())
}

/// Charts to check at the next microtask, and the one callback that runs them (one per
/// page, like the animation-frame queue: never dropped while a microtask may call it).
struct Queue {
    cb: Option<Closure<dyn FnMut()>>,
    due: Vec<Weak<RefCell<State>>>,
}

thread_local! {
    static QUEUE: RefCell<Queue> = const { RefCell::new(Queue { cb: None, due: Vec::new() }) };
}

/// Something the view depends on may have changed: check after the current event.
pub(super) fn touch(s: &mut State) {
    let me = &s.me;
    QUEUE.with(|q| {
        let Ok(mut q) = q.try_borrow_mut() else {
            return;
        };
        if q.due.iter().any(|w| w.ptr_eq(me)) {
            return;
        }
        let first = q.due.is_empty();
        q.due.push(me.clone());
        if first {
            let cb = q.cb.get_or_insert_with(|| Closure::<dyn FnMut()>::new(run));
            let promise = js_sys::Promise::resolve(&JsValue::UNDEFINED);
            if let Ok(then) = js_sys::Reflect::get(&promise, &"then".into()) {
                let then: js_sys::Function = then.unchecked_into();
                let _ = then.call1(&promise, cb.as_ref());
            }
        }
    });
}

fn run() {
    let due = QUEUE.with(|q| {
        q.try_borrow_mut()
            .map(|mut q| std::mem::take(&mut q.due))
            .unwrap_or_default()
    });
    for w in due {
        check(&w);
    }
}

/// Reports a changed view to the page's callback (outside the state's borrow).
fn check(weak: &Weak<RefCell<State>>) {
    let mut call: Option<(js_sys::Function, JsValue)> = None;
    with_state(weak, |s| {
        let now = (s.opts.hidden.clone(), current(s));
        if s.view.last.as_ref() == Some(&now) {
            return;
        }
        let first = s.view.last.is_none();
        let detail = detail(&now.0, now.1.as_deref());
        s.view.last = Some(now);
        if let (false, Some(f)) = (first, &s.view.callback) {
            call = Some((f.clone(), detail));
        }
    });
    if let Some((f, detail)) = call {
        if let Err(e) = f.call1(&JsValue::UNDEFINED, &detail) {
            web_sys::console::error_1(&e);
        }
    }
}

/// `{ hidden: string[], selected: string | null }`.
fn detail(hidden: &[String], selected: Option<&str>) -> JsValue {
    let o = js_sys::Object::new();
    let list: js_sys::Array = hidden.iter().map(|h| JsValue::from_str(h)).collect();
    let _ = js_sys::Reflect::set(&o, &"hidden".into(), &list);
    let sel = selected.map(JsValue::from_str).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&o, &"selected".into(), &sel);
    o.into()
}

/// Before a full redraw (which closes the tooltip): remember the pinned target. A target
/// still wanted from before (the chart was hidden, or printing) stays wanted.
pub(super) fn before_relayout(s: &mut State) {
    if let Some(key) = current(s) {
        s.view.wanted = Some(key);
    }
}

/// After a full redraw: pin the remembered target again if it is still drawn (not while
/// printing: a tooltip has no place on paper; it comes back after).
pub(super) fn after_relayout(s: &mut State) -> Result<(), JsValue> {
    if s.printing || s.laid_out_width <= 0.0 {
        return Ok(());
    }
    let Some(key) = s.view.wanted.take() else {
        return Ok(());
    };
    match resolve(s, &key) {
        Some(hit) => pin(s, hit),
        None => Ok(()),
    }
}

/// The key argument of `select`: a year (number or digits), a figure id, or null.
fn read_key(key: &JsValue) -> Result<Option<String>, JsValue> {
    if key.is_null() || key.is_undefined() {
        return Ok(None);
    }
    if let Some(s) = key.as_string() {
        let t = s.trim();
        if !t.is_empty() && t.len() <= 800 {
            return Ok(Some(t.to_string()));
        }
    } else if let Some(n) = key.as_f64() {
        if n.fract() == 0.0 && n.abs() < 1e6 {
            // Whole and small: an i32 (its Display is in the module already).
            return Ok(Some((n as i32).to_string()));
        }
    }
    Err(err(
        "select(key): key: expected a year (2017), a figure id (a non-empty string) or null",
    ))
}

#[wasm_bindgen]
impl Chart {
    /// Pins the tooltip and highlight on a target as a tap would: `key` is a year
    /// (`2017` or `"2017"`: its first target in reading order) or a figure id; `null`
    /// closes the selection. An unknown key throws an `Error` naming it.
    pub fn select(&self, key: JsValue) -> Result<(), JsValue> {
        let key = read_key(&key)?;
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        let Some(key) = key else {
            s.view.wanted = None;
            if current(&s).is_some() {
                s.set_active(None)?;
            }
            return Ok(());
        };
        if s.laid_out_width <= 0.0 {
            // Not drawn yet (a hidden tab): pinned when it is, if the key names a target.
            s.view.wanted = Some(key);
            return Ok(());
        }
        match resolve(&s, &key) {
            Some(hit) => pin(&mut s, hit),
            None => Err(err(format!(
                "select(key): key: no target for \"{}\" on this chart (expected a year it shows or a figure id)",
                key.chars().take(40).collect::<String>()
            ))),
        }
    }

    /// The key of the pinned target (a year or a figure id, see `select`), or
    /// `undefined` when nothing is pinned.
    pub fn selected(&self) -> Result<Option<String>, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(current(&s).or_else(|| s.view.wanted.clone()))
    }

    /// Calls `callback({ hidden, selected })` after the hidden series or the pinned target
    /// changed (a legend toggle, a tap, `select`, `update`, `reset`); `null` stops it.
    #[wasm_bindgen(js_name = onViewChange)]
    pub fn on_view_change(&self, callback: JsValue) -> Result<(), JsValue> {
        let f = if callback.is_null() || callback.is_undefined() {
            None
        } else {
            Some(callback.dyn_into::<js_sys::Function>().map_err(|_| {
                err("onViewChange(callback): callback: expected a function or null")
            })?)
        };
        let state = self.state()?;
        let mut s = state.try_borrow_mut().map_err(|_| Self::busy())?;
        s.view.callback = f;
        // From now on: what the page already knows is not reported again.
        s.view.last = Some((s.opts.hidden.clone(), current(&s)));
        Ok(())
    }
}
