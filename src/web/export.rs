//! Exports of a mounted chart: SVG, alt text, PNG, CSV.

use super::api::Chart;
use super::canvas::Canvas;
use super::dom::{self, err, js_err};
use super::view::fitting_ratio;
use crate::model::{self};
use crate::render::{self, Surface};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

#[wasm_bindgen]
impl Chart {
    /// The chart as an SVG document (same drawing code, plotters' SVG backend), light
    /// colours, carrying its title and description (`<title>`, `<desc>`, `role="img"`).
    #[wasm_bindgen(js_name = toSvg)]
    pub fn to_svg(&self) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        let scene = model::layout(&s.ds, &s.opts, s.scene.width.max(320.0));
        render::export::described_svg(&s.ds, &s.opts, &scene).map_err(err)
    }

    /// The chart's alt text (its generated summary, at most 600 characters): for the
    /// `alt` of an exported image, or a caption.
    #[wasm_bindgen(js_name = altText)]
    pub fn alt_text(&self) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(render::export::alt_text(&s.ds, &s.opts))
    }

    /// The chart as a PNG `data:` URL at `scale` × CSS size (default 2, for print); a
    /// smaller scale when that would exceed the browser's canvas limits, and an error
    /// (never an empty `data:,`) when not even 1× fits.
    #[wasm_bindgen(js_name = toPng)]
    pub fn to_png(&self, scale: Option<f64>) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        let scale = scale
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(2.0)
            .min(4.0);
        let scene = model::layout(&s.ds, &s.opts, s.scene.width.max(320.0));
        let fit = fitting_ratio(scene.width, scene.height, scale);
        let too_large = || {
            err(format!(
                "toPng: the chart ({} × {} px) is too large for one PNG image; use toSvg() or toCsv()",
                crate::model::format::fixed(scene.width, 0),
                crate::model::format::fixed(scene.height, 0)
            ))
        };
        if fit < scale.min(1.0) {
            return Err(too_large());
        }
        let doc = dom::document()?;
        let c: HtmlCanvasElement = dom::element(&doc, "canvas", "")?.unchecked_into();
        c.set_width((scene.width * fit).round() as u32);
        c.set_height((scene.height * fit).round() as u32);
        let mut backend = Canvas::new(&c)
            .ok_or_else(|| err("khuyencong-charts: canvas 2D context unavailable"))?;
        render::draw(&scene, &mut backend, Surface::canvas(fit))
            .map_err(|e| err(format!("khuyencong-charts: drawing failed: {e}")))?;
        let url = c
            .to_data_url_with_type("image/png")
            .map_err(js_err("toDataURL"))?;
        if url.len() < 30 {
            // "data:,": the browser could not make the image.
            return Err(too_large());
        }
        // The PNG carries its title and alt text (iTXt chunks after IHDR).
        render::export::describe_png_url(&s.ds, &s.opts, &url).map_err(err)
    }

    /// The chart's figures as CSV: UTF-8 with BOM, one row per figure with unit, period,
    /// flags and source quote; spreadsheet formulas neutralised.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> Result<String, JsValue> {
        let state = self.state()?;
        let s = state.try_borrow().map_err(|_| Self::busy())?;
        Ok(render::export::csv(&s.ds, &s.opts))
    }
}
