//! Reading a page's options object: every field is read once, through calls that catch
//! what a getter or a Proxy throws, into plain Rust values, before any chart state is
//! borrowed. A wrong JSON type is reported with the field's name, what it expects and
//! what it got (`options.lang: expected "vi" or "en", got 5`).

use super::dom::err;
use crate::data::{Dataset, Lang};
use crate::model::{ChartKind, RawOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// `Array.isArray` and `Object.keys` through calls that catch what a Proxy throws; they
// live in the crate's one JS snippet (one request fewer per page).
use super::api::kc_is_array;
use super::api::kc_keys;

/// Every field as the page gave it (undefined when absent), read without running any
/// page code later on.
pub struct Input {
    chart: JsValue,
    region: JsValue,
    lang: JsValue,
    theme: JsValue,
    pixel_ratio: JsValue,
    zoom: JsValue,
    max_height: JsValue,
    view: JsValue,
    scale: JsValue,
    /// `hidden`: the value itself, and its items when it is an array.
    hidden: (JsValue, Option<Vec<JsValue>>),
    /// `options.data`, undefined when absent (the caller reads it as a dataset).
    pub data: JsValue,
}

impl Input {
    /// The fields a partial update sets to `null`: back to their defaults (a field left
    /// out keeps its value).
    pub fn cleared(&self) -> RawOptions {
        let null = |v: &JsValue| v.is_null().then(String::new);
        let num = |v: &JsValue| v.is_null().then_some(0.0);
        RawOptions {
            chart: null(&self.chart),
            region: null(&self.region),
            lang: null(&self.lang),
            theme: null(&self.theme),
            pixel_ratio: num(&self.pixel_ratio),
            zoom: num(&self.zoom),
            max_height: num(&self.max_height),
            view: null(&self.view),
            scale: null(&self.scale),
            hidden: self.hidden.0.is_null().then(Vec::new),
        }
    }
}

/// What a wrong value was, for "got …": 5, "plan", true, null, an array, an object.
pub fn got(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        let mut clipped: String = s.chars().take(40).collect();
        if clipped.len() < s.len() {
            clipped.push('…');
        }
        return js_sys::JSON::stringify(&JsValue::from_str(&clipped))
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_else(|| "a string".into());
    }
    if v.is_null() {
        return "null".into();
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_function() {
        return "a function".into();
    }
    if v.is_object() {
        return if kc_is_array(v).unwrap_or(false) {
            "an array".into()
        } else {
            "an object".into()
        };
    }
    if let Some(b) = v.as_bool() {
        return if b { "true" } else { "false" }.into();
    }
    if v.as_f64().is_some() {
        // Number#toString: page code cannot run for a primitive number.
        return js_sys::Number::unchecked_from_js_ref(v)
            .to_string_with_radix(10)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
    }
    if v.is_bigint() {
        return "a bigint".into();
    }
    "a symbol".into()
}

/// Why a value could not be read (a throwing getter or Proxy trap).
fn unreadable(field: &str, e: &JsValue) -> JsValue {
    let detail = e.as_string().or_else(|| {
        js_sys::Reflect::get(e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
    });
    err(format!(
        "{field}: could not be read ({})",
        detail.unwrap_or_else(|| "it threw".into())
    ))
}

fn get(obj: &JsValue, key: &str, field: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).map_err(|e| unreadable(field, &e))
}

/// Reads every field of `options` once. The only place page code (getters, Proxy traps)
/// can run; everything it throws becomes an `Error` naming the field.
pub fn read(options: &JsValue) -> Result<Input, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Err(err(format!(
            "options: required, e.g. {{ chart: \"funding\", region: \"mien-trung-tay-nguyen\" }} (chart: {})",
            ChartKind::ALLOWED
        )));
    }
    if !options.is_object() || kc_is_array(options).unwrap_or(false) {
        return Err(err(format!(
            "options: expected an object, got {}",
            got(options)
        )));
    }
    // Typos: an unknown own key is named.
    let keys = kc_keys(options).map_err(|e| unreadable("options", &e))?;
    for key in keys.iter() {
        let Some(key) = key.as_string() else { continue };
        if !RawOptions::FIELDS.contains(&key.as_str()) {
            return Err(err(format!(
                "options.{}: unknown option (expected {})",
                key.chars().take(40).collect::<String>(),
                RawOptions::FIELDS.join(", ")
            )));
        }
    }
    // In the order of the fields: the first one that cannot be read is named.
    let chart = get(options, "chart", "options.chart")?;
    let region = get(options, "region", "options.region")?;
    let lang = get(options, "lang", "options.lang")?;
    let theme = get(options, "theme", "options.theme")?;
    let pixel_ratio = get(options, "pixelRatio", "options.pixelRatio")?;
    let zoom = get(options, "zoom", "options.zoom")?;
    let max_height = get(options, "maxHeight", "options.maxHeight")?;
    let view = get(options, "view", "options.view")?;
    let scale = get(options, "scale", "options.scale")?;
    let hidden = get(options, "hidden", "options.hidden")?;
    let items = if kc_is_array(&hidden).map_err(|e| unreadable("options.hidden", &e))? {
        let len = get(&hidden, "length", "options.hidden")?
            .as_f64()
            .unwrap_or(0.0);
        if len > 64.0 {
            return Err(err(format!(
                "options.hidden: at most 64 series, got an array of {}",
                got(&JsValue::from_f64(len))
            )));
        }
        let mut items = Vec::new();
        for i in 0..len as u32 {
            let field = format!("options.hidden[{i}]");
            items.push(js_sys::Reflect::get_u32(&hidden, i).map_err(|e| unreadable(&field, &e))?);
        }
        Some(items)
    } else {
        None
    };
    Ok(Input {
        chart,
        region,
        lang,
        theme,
        pixel_ratio,
        zoom,
        max_height,
        view,
        scale,
        hidden: (hidden, items),
        data: get(options, "data", "options.data")?,
    })
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn string(v: &JsValue, field: &str, expected: &str) -> Result<Option<String>, JsValue> {
    if absent(v) {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| err(format!("{field}: expected {expected}, got {}", got(v))))
}

fn number(v: &JsValue, field: &str, expected: &str) -> Result<Option<f64>, JsValue> {
    if absent(v) {
        return Ok(None);
    }
    v.as_f64()
        .map(Some)
        .ok_or_else(|| err(format!("{field}: expected {expected}, got {}", got(v))))
}

impl Input {
    /// The plain options for [`crate::model::ChartOptions::parse`]: every JSON type checked.
    pub fn raw(&self, ds: &Dataset) -> Result<RawOptions, JsValue> {
        let chart = string(&self.chart, "options.chart", ChartKind::ALLOWED)?;
        let mut regions: Vec<String> = ds.regions.iter().map(|r| format!("\"{}\"", r.id)).collect();
        if chart.as_deref() != Some("funding") {
            regions.push("\"all\"".into());
        }
        let region = string(
            &self.region,
            "options.region",
            &format!("one of {}", regions.join(", ")),
        )?;
        let lang = string(&self.lang, "options.lang", Lang::ALLOWED)?;
        let theme = string(
            &self.theme,
            "options.theme",
            "\"auto\", \"light\" or \"dark\"",
        )?;
        let pixel_ratio = number(
            &self.pixel_ratio,
            "options.pixelRatio",
            "a number from 0.5 to 4",
        )?;
        let zoom = number(&self.zoom, "options.zoom", "a number from 1 to 3")?;
        let max_height = number(
            &self.max_height,
            "options.maxHeight",
            "a number of CSS px from 200 to 20000",
        )?;
        let view = string(&self.view, "options.view", "\"amounts\" or \"share\"")?;
        let scale = string(&self.scale, "options.scale", "\"own\" or \"shared\"")?;
        const SERIES: &str = "\"plan\", \"actual\" or \"region:<id>\"";
        let hidden = match &self.hidden {
            (v, _) if absent(v) => None,
            (_, Some(items)) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        v.as_string().ok_or_else(|| {
                            err(format!(
                                "options.hidden[{i}]: expected {SERIES}, got {}",
                                got(v)
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            (v, None) => {
                return Err(err(format!(
                    "options.hidden: expected an array of series ({SERIES}), got {}",
                    got(v)
                )))
            }
        };
        Ok(RawOptions {
            chart,
            region,
            lang,
            pixel_ratio,
            theme,
            hidden,
            zoom,
            max_height,
            view,
            scale,
        })
    }
}
