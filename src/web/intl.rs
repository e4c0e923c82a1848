//! Numbers in the reader's language through the browser's `Intl.NumberFormat`.

use crate::data::Lang;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// `Intl.NumberFormat(...).format` per (language, fraction digits): built once each.
    static INTL: RefCell<Vec<((Lang, usize), js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

/// Numbers through the browser's `Intl.NumberFormat` ("48.331", "54,06"; "48,331").
pub(super) fn intl_number(value: f64, decimals: usize, lang: Lang) -> Option<String> {
    let decimals = decimals.min(6);
    INTL.with(|cache| {
        let mut cache = cache.try_borrow_mut().ok()?;
        let f = match cache.iter().find(|(k, _)| *k == (lang, decimals)) {
            Some((_, f)) => f.clone(),
            None => {
                let locale = match lang {
                    Lang::Vi => "vi-VN",
                    Lang::En => "en-US",
                };
                let locales = js_sys::Array::of1(&JsValue::from_str(locale));
                let opts = js_sys::Object::new();
                let digits = JsValue::from_f64(decimals as f64);
                js_sys::Reflect::set(&opts, &"minimumFractionDigits".into(), &digits).ok()?;
                js_sys::Reflect::set(&opts, &"maximumFractionDigits".into(), &digits).ok()?;
                let f = js_sys::Intl::NumberFormat::new(&locales, &opts).format();
                cache.push(((lang, decimals), f.clone()));
                f
            }
        };
        f.call1(&JsValue::NULL, &JsValue::from_f64(value))
            .ok()?
            .as_string()
    })
}
