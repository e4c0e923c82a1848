//! What a page passes in: its options object and its dataset, read completely and
//! checked before any chart state is touched.

use super::api::kc_is_array;
use super::dom::{err, err_with_problems};
use super::options;
use crate::data::Dataset;
use crate::model::{ChartOptions, RawOptions};
use std::ops::Deref;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The embedded dataset, or one a page passed in.
#[derive(Clone)]
pub(super) enum DataRef {
    Embedded(&'static Dataset),
    Custom(Rc<Dataset>),
}

impl Deref for DataRef {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        match self {
            DataRef::Embedded(d) => d,
            DataRef::Custom(d) => d,
        }
    }
}

/// A dataset from a page's value (object or JSON string); `None` for undefined/null.
pub(super) fn dataset_of(data: &JsValue) -> Result<Option<DataRef>, JsValue> {
    if data.is_undefined() || data.is_null() {
        return Ok(None);
    }
    let json = match data.as_string() {
        Some(s) => s,
        None if kc_is_array(data).unwrap_or(false) => {
            return Err(err(
                "options.data: expected a dataset object or a JSON string, got an array",
            ))
        }
        // JSON.stringify runs the page's getters and toJSON: what they throw is caught.
        None if data.is_object() => js_sys::JSON::stringify(data)
            .map_err(|_| {
                err("options.data: could not be read as JSON (cyclic or not plain data?)")
            })?
            .into(),
        None => {
            return Err(err(format!(
                "options.data: expected a dataset object or a JSON string, got {}",
                options::got(data)
            )))
        }
    };
    Dataset::from_json(&json)
        .map(|d| Some(DataRef::Custom(Rc::new(d))))
        .map_err(|e| {
            let shown: Vec<&str> = e.problems.iter().take(5).map(String::as_str).collect();
            let more = e.problems.len().saturating_sub(shown.len());
            let mut msg = format!("options.data: invalid dataset: {}", shown.join("; "));
            if more > 0 {
                msg.push_str(&format!(" … and {more} more"));
            }
            err_with_problems(&msg, &e.problems)
        })
}

pub(super) fn embedded() -> Result<DataRef, JsValue> {
    Dataset::embedded()
        .map(DataRef::Embedded)
        .map_err(|e| err_with_problems(&e.to_string(), &e.problems))
}

/// Options and dataset from a page's options object, read completely before any chart
/// state is touched.
/// Also returns the options as given: the merge base of later partial updates.
pub(super) fn parse_all(options: &JsValue) -> Result<(DataRef, ChartOptions, RawOptions), JsValue> {
    let input = options::read(options)?;
    let ds = match dataset_of(&input.data)? {
        Some(d) => d,
        None => embedded()?,
    };
    let raw = input.raw(&ds)?;
    let opts = ChartOptions::parse(&raw, &ds).map_err(err)?;
    Ok((ds, opts, raw))
}

/// A chart's new configuration from a partial options object (`update()`): every field
/// left out (or `undefined`) keeps its value in `raw`, one set to `null` goes back to its
/// default, and the dataset stays when `data` is left out.
pub(super) fn parse_over(
    options: &JsValue,
    ds: &DataRef,
    raw: &RawOptions,
) -> Result<(DataRef, ChartOptions, RawOptions), JsValue> {
    let input = options::read(options)?;
    let ds = match dataset_of(&input.data)? {
        Some(d) => d,
        None => ds.clone(),
    };
    let base = raw.clone().without(&input.cleared());
    let new = input.raw(&ds)?.over(&base);
    let opts = ChartOptions::parse(&new, &ds).map_err(err)?;
    Ok((ds, opts, new))
}

impl DataRef {
    /// The same dataset (not only equal figures): an update that left `data` out.
    pub(super) fn same(&self, other: &DataRef) -> bool {
        match (self, other) {
            (DataRef::Embedded(a), DataRef::Embedded(b)) => std::ptr::eq(*a, *b),
            (DataRef::Custom(a), DataRef::Custom(b)) => std::rc::Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Lists every problem in a dataset (object or JSON string); empty when it is valid.
#[wasm_bindgen(js_name = validateDataset)]
pub fn validate_dataset(data: JsValue) -> Vec<String> {
    match dataset_of(&data) {
        Ok(Some(_)) => Vec::new(),
        Ok(None) => vec![format!(
            "dataset: expected a dataset object or a JSON string, got {}",
            options::got(&data)
        )],
        Err(e) => js_sys::Reflect::get(&e, &"problems".into())
            .ok()
            .filter(|p| p.is_object())
            .map(|p| {
                js_sys::Array::from(&p)
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect()
            })
            .unwrap_or_else(|| {
                vec![js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default()]
            }),
    }
}
