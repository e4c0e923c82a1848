//! DOM-free renders for Node and static-site builds: the same layout, SVG, HTML table and
//! CSV as the browser chart and `khuyencong-render`, called from JavaScript. Nothing here
//! touches `window` or `document`, so it runs in Node after `initSync({ module })`.
//!
//! Each function takes the options of `mount` plus an optional `width` (CSS px, for the
//! SVG; accepted and ignored by the table and CSV so one object serves all three).
//! `pixelRatio` and `zoom` do not apply to an SVG and are only validated.

use super::dom::err;
use super::input::{parse_all, DataRef};
use crate::model::theme::Scheme;
use crate::model::{self, ChartOptions, ThemeChoice};
use crate::render;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The default SVG width when `options.width` is not given.
const DEFAULT_WIDTH: f64 = 800.0;
// Integers: the error message below must not pull in float formatting.
const MIN_WIDTH: u32 = 240;
const MAX_WIDTH: u32 = 4000;

/// Reads `options` into the dataset, the parsed chart options and the width.
fn read(options: &JsValue) -> Result<(DataRef, ChartOptions, f64), JsValue> {
    if !options.is_object() {
        // parse_all explains what is expected.
        let (ds, opts, _) = parse_all(options)?;
        return Ok((ds, opts, DEFAULT_WIDTH));
    }
    let width = js_sys::Reflect::get(options, &"width".into()).unwrap_or(JsValue::UNDEFINED);
    let width = if width.is_undefined() {
        DEFAULT_WIDTH
    } else {
        match width.as_f64() {
            Some(w) if (f64::from(MIN_WIDTH)..=f64::from(MAX_WIDTH)).contains(&w) => w,
            _ => {
                let shown = js_sys::JSON::stringify(&width)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_else(|| "a non-number".into());
                return Err(err(format!(
                    "options.width: expected a number of CSS pixels from {MIN_WIDTH} to {MAX_WIDTH}, got {shown}"
                )));
            }
        }
    };
    // `width` is ours; the chart options are checked exactly as `mount` checks them.
    let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let _ = js_sys::Reflect::delete_property(&rest, &"width".into());
    let rest: JsValue = rest.into();
    let (ds, opts, _) = parse_all(&rest)?;
    Ok((ds, opts, width))
}

/// The chart as a standalone SVG document, `width` CSS px wide (default 800), carrying its
/// title and description.
/// `theme: "dark"` draws dark colours; `"auto"` and `"light"` draw light ones.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg(options: JsValue) -> Result<String, JsValue> {
    let (ds, opts, width) = read(&options)?;
    let scene = model::layout(&ds, &opts, width);
    let scheme = if opts.theme == ThemeChoice::Dark {
        Scheme::Dark
    } else {
        Scheme::Light
    };
    // With its title and description (`<title>`, `<desc>`): the alt text travels.
    render::export::described_svg_in(&ds, &opts, &scene, scheme)
        .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))
}

/// Every figure of the chart as an HTML `<table class="kc-fallback">` (all text escaped):
/// the no-script fallback to put inside `<khuyencong-chart>`.
#[wasm_bindgen(js_name = renderTable)]
pub fn render_table(options: JsValue) -> Result<String, JsValue> {
    let (ds, opts, _) = read(&options)?;
    Ok(render::export::html_table(&ds, &opts))
}

/// The chart's figures as CSV (UTF-8 with BOM), the same as `chart.toCsv()`.
#[wasm_bindgen(js_name = renderCsv)]
pub fn render_csv(options: JsValue) -> Result<String, JsValue> {
    let (ds, opts, _) = read(&options)?;
    Ok(render::export::csv(&ds, &opts))
}

/// The chart's title (the table caption and the canvas's accessible name).
#[wasm_bindgen(js_name = renderCaption)]
pub fn render_caption(options: JsValue) -> Result<String, JsValue> {
    let (ds, opts, _) = read(&options)?;
    Ok(render::export::caption(&ds, &opts))
}

/// The chart's alt text (its generated summary, at most 600 characters), the same as
/// `chart.altText()`: for an `<img alt>`, an iframe `title` or fallback text in a snippet.
#[wasm_bindgen(js_name = renderAltText)]
pub fn render_alt_text(options: JsValue) -> Result<String, JsValue> {
    let (ds, opts, _) = read(&options)?;
    Ok(render::export::alt_text(&ds, &opts))
}
