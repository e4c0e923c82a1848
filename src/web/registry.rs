//! Every live chart of the page, the one ResizeObserver / MutationObserver they share,
//! and the one animation frame they share.

use super::dom::{self, err, js_err, Listener};
use super::view::{Dirty, State};
use super::{report, with_state};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, ResizeObserver};

/// What a mounted chart owns. The registry holds it until `destroy()` or until its
/// container leaves the document; the JS handle (`Chart`) is only a view of it, so a
/// handle dropped by the page and collected as garbage destroys nothing.
pub(super) struct Live {
    pub(super) state: RefCell<Option<Rc<RefCell<State>>>>,
    pub(super) listeners: RefCell<Vec<Listener>>,
    pub(super) root: HtmlElement,
    pub(super) canvas: HtmlCanvasElement,
    /// True when `mount` was given a canvas: destroy puts it back where it was.
    pub(super) adopted_canvas: bool,
    /// Fallback tables the page carried, with their own inline `display` (value,
    /// priority): hidden while the chart lives, restored on destroy.
    pub(super) fallbacks: Vec<(HtmlElement, String, String)>,
    /// The root has been in a document: leaving it now means the chart is gone.
    pub(super) seen_connected: Cell<bool>,
}

thread_local! {
    /// Every live chart.
    pub(super) static LIVE: RefCell<Vec<Rc<Live>>> = const { RefCell::new(Vec::new()) };
    /// The page-wide listeners every chart shares (see `events::wire_page`).
    static PAGE: RefCell<Vec<Listener>> = const { RefCell::new(Vec::new()) };
    /// One ResizeObserver and one MutationObserver for every chart of the page.
    static WATCH: RefCell<Option<Watch>> = const { RefCell::new(None) };
    /// The shared animation frame and the charts waiting for it.
    static FRAME: RefCell<Frame> = const { RefCell::new(Frame { cb: None, id: None, due: Vec::new() }) };
}

pub(super) struct Watch {
    pub(super) ro: ResizeObserver,
    pub(super) mo: web_sys::MutationObserver,
    pub(super) _ro_cb: Closure<dyn FnMut(js_sys::Array)>,
    pub(super) _mo_cb: Closure<dyn FnMut(js_sys::Array)>,
}

pub(super) struct Frame {
    pub(super) cb: Option<Closure<dyn FnMut()>>,
    pub(super) id: Option<i32>,
    pub(super) due: Vec<Weak<RefCell<State>>>,
}

pub(super) fn live_charts() -> Vec<Rc<Live>> {
    LIVE.with(|l| l.try_borrow().map(|l| l.clone()).unwrap_or_default())
}

/// Asks for `s`'s `on_frame` at the next animation frame (one frame for every chart).
pub(super) fn schedule(s: &State) {
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

pub(super) fn run_frame() {
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
pub(super) fn sweep() {
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
pub(super) fn on_resize(entries: js_sys::Array) {
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
                s.invalidate(Dirty::SIZE);
                schedule(&s);
            }
        }
    }
}

/// Watches `root`: its size (ResizeObserver) and its leaving the document
/// (MutationObserver on the document and on the chart's shadow root, if any).
pub(super) fn watch(root: &HtmlElement) -> Result<(), JsValue> {
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
    pub(super) fn state(&self) -> Option<Rc<RefCell<State>>> {
        self.state.try_borrow().ok().and_then(|s| s.clone())
    }

    /// Removes the chart: DOM nodes, listeners, observation. Safe to call twice, and
    /// from inside any callback (nothing here needs the state).
    pub(super) fn destroy(self: &Rc<Self>) {
        let Some(state) = self.state.try_borrow_mut().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let last = LIVE.with(|l| {
            l.try_borrow_mut()
                .map(|mut l| {
                    l.retain(|c| !Rc::ptr_eq(c, self));
                    l.is_empty()
                })
                .unwrap_or(false)
        });
        if last {
            // Taken out first: dropping a listener must not run inside the borrow.
            let page = PAGE.with(|p| p.try_borrow_mut().map(|mut p| std::mem::take(&mut *p)));
            drop(page);
        }
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

/// Adds `live` to the page's charts (and the shared listeners with the first one).
pub(super) fn register(live: Rc<Live>) -> Result<(), JsValue> {
    let empty = PAGE.with(|p| p.try_borrow().map(|p| p.is_empty()).unwrap_or(false));
    if empty {
        let listeners = super::events::wire_page(live_states)?;
        PAGE.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = listeners;
            }
        });
    }
    LIVE.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            l.push(live);
        }
    });
    Ok(())
}

/// The state of every live chart, for the shared listeners.
fn live_states() -> Vec<Rc<RefCell<State>>> {
    live_charts().iter().filter_map(|l| l.state()).collect()
}
