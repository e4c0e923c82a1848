//! Every listener of one chart: pointer, keyboard, legend, table toggle, media queries,
//! scroll and print.

use super::dom::{self, set_styles, Listener};
use super::registry::schedule;
use super::view::{Dirty, State};
use super::{a11y, report, with_state};
use crate::model::{self};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, HtmlCanvasElement, HtmlElement, KeyboardEvent, PointerEvent,
};

/// Every listener of one chart (removed when the returned list is dropped).
pub(super) fn wire(
    state: &Rc<RefCell<State>>,
    canvas: &HtmlCanvasElement,
) -> Result<Vec<Listener>, JsValue> {
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

    // Tap or click: pin the figure under the finger or pointer (its tooltip stays, with
    // a close button, and the selection can go into a link); tap or click it again, or
    // elsewhere, and it closes.
    let w = weak.clone();
    listeners.push(Listener::new(canvas, "pointerdown", move |e: Event| {
        let Some(pe) = e.dyn_ref::<PointerEvent>() else {
            return;
        };
        // Only the main button (a right click opens the page's menu, nothing else).
        if pe.button() != 0 {
            return;
        }
        with_state(&w, |s| {
            let (x, y) = s.local_point(pe);
            let hit = s.hit_index(x, y);
            let touch = pe.pointer_type() != "mouse";
            s.keyboard = false;
            // Tapping the bar whose figure is shown (clicking the one pinned) closes it.
            if hit.is_some() && hit == s.active && s.tip_shown && (touch || s.pinned) {
                report(s.set_active(None));
                return;
            }
            s.pinned = hit.is_some();
            // On a touch screen a panel clear of the finger; a mouse's stays beside.
            s.sheet = s.pinned && touch;
            if hit == s.active {
                report(s.reposition());
            } else {
                report(s.set_active(hit));
            }
            s.pinned = hit.is_some();
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

    Ok(listeners)
}

/// Listeners on the document, the window and media queries: one of each for every chart
/// of the page (uPlot's way), each visiting the live charts. Added with the first chart,
/// removed with the last.
pub(super) fn wire_page(charts: fn() -> Vec<Rc<RefCell<State>>>) -> Result<Vec<Listener>, JsValue> {
    let mut listeners = Vec::new();
    let each = move |f: &dyn Fn(&mut State)| {
        for st in charts() {
            if let Ok(mut s) = st.try_borrow_mut() {
                f(&mut s);
            }
        }
    };

    // A tap outside a chart hides its tooltip. The event's composed path, not its
    // target: inside a shadow root the document sees only the shadow host.
    let doc: EventTarget = dom::document()?.into();
    listeners.push(Listener::new(&doc, "pointerdown", move |e: Event| {
        let path = e.composed_path();
        each(&|s| {
            let root: &JsValue = s.root.unchecked_ref();
            if !path.includes(root, 0) && (s.tip_shown || s.active.is_some()) {
                report(s.set_active(None));
            }
        });
    })?);

    // Escape closes a shown tooltip wherever focus is (a tap leaves it on the page);
    // inside a chart's bar buttons their own handler takes it.
    listeners.push(Listener::new(&doc, "keydown", move |e: Event| {
        let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if ke.key() != "Escape" {
            return;
        }
        let path = e.composed_path();
        each(&|s| {
            let keys: &JsValue = s.a11y.keys.unchecked_ref();
            if s.tip_shown && !path.includes(keys, 0) {
                report(s.close_tip());
            }
        });
    })?);

    // Colour scheme and forced colours follow the system live: the same geometry in
    // other colours, repainted at the next frame.
    for query in ["(prefers-color-scheme: dark)", "(forced-colors: active)"] {
        if let Some(mql) = dom::window()?.match_media(query).ok().flatten() {
            let target: EventTarget = mql.into();
            listeners.push(Listener::new(&target, "change", move |_e: Event| {
                each(&|s| {
                    s.invalidate(Dirty::PAINT);
                    schedule(s);
                });
            })?);
        }
    }

    // The tooltip is position:fixed: keep it by its bar when the page scrolls.
    let win: EventTarget = dom::window()?.into();
    listeners.push(Listener::new(&win, "scroll", move |_e: Event| {
        each(&|s| {
            s.canvas_rect.set(None);
            if s.tip_shown {
                report(s.reposition());
            }
        });
    })?);

    // Print: redraw with more pixels (and light colours), then back; now, not at the
    // next frame, since the page is printed right after.
    for (kind, printing) in [("beforeprint", true), ("afterprint", false)] {
        listeners.push(Listener::new(&win, kind, move |_e: Event| {
            each(&|s| {
                s.printing = printing;
                s.invalidate(Dirty::PAINT);
                report(s.commit());
            });
        })?);
    }
    Ok(listeners)
}
