//! Layer 4: the only wasm-bindgen / web-sys code. The JS API, event wiring, DOM.
//!
//! A chart owns everything it adds to the page: its DOM nodes, its listeners (removed
//! on drop, never `forget`), its ResizeObserver, media-query listeners and any pending
//! animation frame. Hover and keyboard focus only move the highlight boxes and the tooltip.
//!
//! One job per module:
//! - `api`: `mount` and the `Chart` handle (update, reset, resize, destroy, bars, size);
//!   `export`: its toSvg / altText / toPng / toCsv; `ssr`: rendering without a page.
//! - `input` + `options`: the page's options object and dataset, read and checked first.
//! - `view`: one chart's state (configuration apart from view state), dirty flags and
//!   the commit that lays out, paints and moves the accessible parts.
//! - `hover`: highlight ring and tooltip (never a redraw); `events`: every listener.
//! - `viewstate`: the reader's view (hidden series, selected target) for links.
//! - `a11y`: buttons, legend, summary, data table; `dom`: element helpers, shared sheet.
//! - `canvas`: plotters-canvas fed with the text state remembered.
//! - `registry`: the page's live charts, shared observers and animation frame.

mod a11y;
mod api;
mod canvas;
mod dom;
#[cfg(feature = "editor")]
mod editor;
mod events;
mod export;
mod hover;
mod input;
mod options;
mod registry;
mod ssr;
mod table;
mod view;
mod viewstate;

pub use api::{mount, Chart};
pub use input::validate_dataset;
use view::State;

use std::cell::RefCell;
use std::rc::Weak;
use wasm_bindgen::prelude::*;

/// Installs a panic hook once: should a panic ever happen, its message reaches the console.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "khuyencong-charts: internal error: {info}"
        )));
    }));
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
