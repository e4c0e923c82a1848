//! Browser tests: real canvas, real events (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use khuyencong_charts::data::{Dataset, Lang};
use khuyencong_charts::model::theme::palette;
use khuyencong_charts::model::{self, ChartKind, ChartOptions, RegionSel, Rgba, Scene};
use khuyencong_charts::web::{mount, Chart};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, KeyboardEvent, KeyboardEventInit,
    PointerEvent, PointerEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

// Counts listeners added and not yet removed, page-wide, to prove destroy() cleans up.
#[wasm_bindgen(inline_js = r#"
export function install_listener_counter() {
  if (globalThis.__kcListeners) return;
  const live = new Set();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const key = (t, type, fn) => { let ids = t.__kcIds || (t.__kcIds = new Map()); if (!ids.has(fn)) ids.set(fn, Math.random()); return type + ":" + ids.get(fn); };
  EventTarget.prototype.addEventListener = function (type, fn, o) { live.add(key(this, type, fn)); return add.call(this, type, fn, o); };
  EventTarget.prototype.removeEventListener = function (type, fn, o) { live.delete(key(this, type, fn)); return remove.call(this, type, fn, o); };
  globalThis.__kcListeners = live;
}
export function live_listeners() { return globalThis.__kcListeners.size; }
export function next_frame() { return new Promise((r) => requestAnimationFrame(() => r())); }
export function js_options(chart, region, lang, ratio) {
  const o = { chart, region, lang };
  if (ratio) o.pixelRatio = ratio;
  return o;
}
export function intl(v, d, locale) { return new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d }).format(v); }
export function error_message(e) { return e instanceof Error ? e.message : "not an Error: " + String(e); }
export function wrong_type_cases() {
  const base = { chart: "funding", region: "phia-nam" };
  const values = { number: [5, "5"], fraction: [2.5, "2.5"], bool: [false, "false"], string: ["x", '"x"'], array: [[], "an array"], object: [{}, "an object"] };
  const accepts = { chart: ["string"], region: ["string"], lang: ["string"], theme: ["string"], pixelRatio: ["number", "fraction"], zoom: ["number", "fraction"], maxHeight: ["number", "fraction"], view: ["string"], scale: ["string"], hidden: ["array"], data: ["string", "object"] };
  const out = [];
  for (const [field, ok] of Object.entries(accepts)) {
    for (const [type, [value, shown]] of Object.entries(values)) {
      if (!ok.includes(type)) out.push([{ ...base, [field]: value }, `options.${field}: expected `, `got ${shown}`]);
    }
  }
  return out;
}
export function hostile_options() {
  const base = { chart: "funding", region: "phia-nam" };
  const boom = (m) => { throw new Error(m); };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  return [
    [{ chart: "funding", get region() { return boom("getter"); } }, "options.region: could not be read (getter)"],
    [new Proxy(base, { get: () => boom("get trap") }), "options.chart: could not be read (get trap)"],
    [new Proxy(base, { ownKeys: () => boom("keys") }), "options: could not be read (keys)"],
    [revocable.proxy, "options: could not be read"],
    [{ ...base, get data() { return boom("data"); } }, "options.data: could not be read (data)"],
    [{ ...base, hidden: revocable.proxy }, "options.hidden: could not be read"],
  ];
}
export function tall_dataset(n) {
  const figures = [];
  for (let i = 0; i < n; i++) {
    figures.push({ id: `f${i}`, region: "r1", year: 2000 + i, months: 12, measure: "demo_models", basis: "actual", value: (i % 9) + 1, unit: "count", source: { file: "a.txt", quote: `${(i % 9) + 1} mô hình` } });
  }
  return {
    schema_version: 1,
    regions: [{ id: "r1", name: { vi: "Vùng 1", en: "Region 1" } }],
    measures: [{ id: "demo_models", unit: "count", name: { vi: "Mô hình trình diễn", en: "Demonstration models" } }],
    sources: [{ file: "a.txt", title: { vi: "Bài", en: "Article" }, publisher: "P", date: "2020" }],
    figures,
  };
}
export function microtask() { return Promise.resolve(); }
"#)]
extern "C" {
    fn wrong_type_cases() -> js_sys::Array;
    fn hostile_options() -> js_sys::Array;
    fn tall_dataset(n: u32) -> JsValue;
    fn microtask() -> js_sys::Promise;
    fn install_listener_counter();
    fn live_listeners() -> u32;
    fn next_frame() -> js_sys::Promise;
    fn js_options(chart: &str, region: &str, lang: &str, ratio: f64) -> JsValue;
    fn error_message(e: &JsValue) -> String;
    fn intl(v: f64, d: u32, locale: &str) -> String;
}

async fn frames(n: usize) {
    for _ in 0..n {
        let _ = JsFuture::from(next_frame()).await;
    }
}

fn container(width: u32) -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    div.style()
        .set_property("width", &format!("{width}px"))
        .unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn main_canvas(div: &HtmlElement) -> HtmlCanvasElement {
    div.query_selector("canvas.kc-canvas")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn pixel(canvas: &HtmlCanvasElement, x: f64, y: f64) -> [u8; 4] {
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let d = ctx
        .get_image_data(x.floor(), y.floor(), 1.0, 1.0)
        .unwrap()
        .data();
    [d[0], d[1], d[2], d[3]]
}

/// A colour role as drawn in the light scheme.
fn light(p: model::Paint) -> Rgba {
    khuyencong_charts::model::theme::resolve(p, khuyencong_charts::model::theme::Scheme::Light)
}

fn assert_colour(got: [u8; 4], want: Rgba, what: &str) {
    let close = |a: u8, b: u8| (i16::from(a) - i16::from(b)).abs() <= 3;
    assert!(
        close(got[0], want.0) && close(got[1], want.1) && close(got[2], want.2),
        "{what}: got rgb({},{},{}), want {}",
        got[0],
        got[1],
        got[2],
        want.hex()
    );
}

fn scene_for(region: &str, width: f64) -> (Scene, &'static Dataset) {
    let ds = Dataset::embedded().unwrap();
    let opts = ChartOptions::new(ChartKind::Funding, RegionSel::One(region.into()), Lang::Vi);
    (model::layout(ds, &opts, width), ds)
}

/// The pointer target that explains figure `id` (a year's column, an activity's row).
fn hit_rect(scene: &Scene, ds: &Dataset, id: &str) -> model::Rect {
    scene
        .hits
        .iter()
        .find(|h| h.figures().iter().any(|i| ds.figures[*i].id == id))
        .unwrap_or_else(|| panic!("no target for {id}"))
        .rect
}

/// The drawn bar of figure `id`, or of the total `id` is a part of (same basis).
fn bar_rect(scene: &Scene, ds: &Dataset, id: &str) -> model::Rect {
    let f = ds.figures.iter().find(|f| f.id == id).expect("figure");
    let hit = scene
        .hits
        .iter()
        .find(|h| h.figures().iter().any(|i| ds.figures[*i].id == id))
        .unwrap_or_else(|| panic!("no target for {id}"));
    hit.rings
        .iter()
        .find(|(_, i)| ds.figures[*i].id == id)
        .or_else(|| {
            hit.rings
                .iter()
                .find(|(_, i)| ds.figures[*i].basis == f.basis)
        })
        .map(|(r, _)| *r)
        .unwrap_or(hit.rect)
}

/// A point on figure `id` as drawn: a bar's centre; a national share near the bottom of
/// its total's bar, a local share near its top.
fn part_point(scene: &Scene, ds: &Dataset, id: &str) -> (f64, f64) {
    let r = bar_rect(scene, ds, id);
    let f = ds.figures.iter().find(|f| f.id == id).expect("figure");
    match f.measure.as_str() {
        "national_funding" => (r.center().0, r.bottom() - 3.0),
        "local_funding" => (r.center().0, r.y + 6.0),
        _ => r.center(),
    }
}

#[wasm_bindgen_test]
async fn plan_and_actual_bars_have_their_colours_where_the_model_puts_them() {
    for ratio in [1.0, 2.0] {
        let div = container(600);
        let chart = mount(&div, js_options("funding", "phia-nam", "vi", ratio)).unwrap();
        let canvas = main_canvas(&div);
        let (scene, ds) = scene_for("phia-nam", 600.0);
        assert_eq!(
            canvas.width(),
            (scene.width * ratio).round() as u32,
            "backing store = CSS × DPR"
        );
        assert_eq!(canvas.height(), (scene.height * ratio).round() as u32);
        let p = palette(1);
        for (id, want, what) in [
            (
                "nam-2014-12m-local_funding-plan",
                p.light,
                "plan bar (hollow) above the national share",
            ),
            (
                "nam-2014-12m-national_funding-plan",
                p.light_dark,
                "plan national share",
            ),
            (
                "nam-2013-12m-local_funding-actual",
                p.solid,
                "actual bar (solid)",
            ),
            (
                "nam-2013-12m-national_funding-actual",
                p.dark,
                "actual national share",
            ),
        ] {
            let (cx, cy) = part_point(&scene, ds, id);
            assert_colour(
                pixel(&canvas, cx * ratio, cy * ratio),
                light(want),
                &format!("{what} at DPR {ratio}"),
            );
        }
        // Off the bars: background.
        assert_colour(
            pixel(&canvas, 2.0, scene.height * ratio - 2.0),
            Rgba::rgb(255, 255, 255),
            "background",
        );
        let bars: Vec<serde_json::Value> =
            serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
        let drawn: usize = scene.hits.iter().map(|h| h.rings.len().max(1)).sum();
        assert_eq!(bars.len(), drawn, "every drawn bar listed");
        drop(chart);
        div.remove();
    }
}

#[wasm_bindgen_test]
async fn partial_year_bar_is_striped_and_full_year_plan_is_hollow() {
    let div = container(600);
    let _chart = mount(
        &div,
        js_options("funding", "mien-trung-tay-nguyen", "vi", 1.0),
    )
    .unwrap();
    let canvas = main_canvas(&div);
    let (scene, ds) = scene_for("mien-trung-tay-nguyen", 600.0);
    let r = bar_rect(&scene, ds, "mttn-2020-6m-total_funding-actual");
    let bar_top = r.y;
    let x = r.x + r.w / 2.0;
    let colours: std::collections::HashSet<[u8; 4]> = (0..12)
        .map(|i| pixel(&canvas, x, bar_top + 1.0 + f64::from(i)))
        .collect();
    assert!(
        colours.len() >= 2,
        "stripes expected in a 6-month bar, got {colours:?}"
    );
    let p = palette(0);
    let (lx, ly) = part_point(&scene, ds, "mttn-2017-12m-local_funding-plan");
    assert_colour(pixel(&canvas, lx, ly), light(p.light), "2017 plan");
    div.remove();
}

fn pointer(kind: &str, canvas: &HtmlCanvasElement, x: f64, y: f64, pointer_type: &str) {
    let r = canvas.get_bounding_client_rect();
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((r.left() + x).round() as i32);
    init.set_client_y((r.top() + y).round() as i32);
    init.set_pointer_type(pointer_type);
    let e = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    canvas.dispatch_event(&e).unwrap();
}

/// The highlight boxes shown (hover and focus rings), in the canvas's CSS px.
fn rings_shown(div: &HtmlElement) -> Vec<model::Rect> {
    let canvas = main_canvas(div).get_bounding_client_rect();
    let nodes = div.query_selector_all(".kc-rings .kc-ring").unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .filter(|n| n.offset_width() > 0)
        .map(|n| {
            let r = n.get_bounding_client_rect();
            model::Rect::new(
                r.left() - canvas.left(),
                r.top() - canvas.top(),
                r.width(),
                r.height(),
            )
        })
        .collect()
}

/// A ring is shown round bar `b`: a box just outside it on every side.
fn ringed(div: &HtmlElement, b: model::Rect) -> bool {
    rings_shown(div).iter().any(|r| {
        r.x < b.x
            && r.y < b.y
            && r.x + r.w > b.x + b.w
            && r.y + r.h > b.y + b.h
            && b.x - r.x < 6.0
            && r.x + r.w - (b.x + b.w) < 6.0
    })
}

fn tooltip(div: &HtmlElement) -> HtmlElement {
    div.query_selector(".kc-tooltip")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_tooltip_keeps_its_nodes_from_one_bar_to_the_next() {
    let div = container(600);
    let json = include_str!("fixtures/paired.json");
    let opts = with_data(
        js_options("funding", "tinh-x", "vi", 1.0),
        JsValue::from_str(json),
    );
    let _chart = mount(&div, opts).unwrap();
    let canvas = main_canvas(&div);
    let ds = &Dataset::from_json(json).unwrap();
    let scene = model::layout(
        ds,
        &ChartOptions::new(
            ChartKind::Funding,
            RegionSel::One("tinh-x".into()),
            Lang::Vi,
        ),
        600.0,
    );
    // Two targets whose tooltips have the same shape (sections, rows, quote, source).
    let shape = |i: usize| {
        khuyencong_charts::model::tooltip::Tooltip::for_hit(ds, &scene, i, Lang::Vi).map(|t| {
            t.sections
                .iter()
                .map(|s| {
                    (
                        s.title.is_empty(),
                        s.rows.len(),
                        s.quote.is_empty(),
                        s.source.is_empty(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let n = scene.hits.len();
    let (a, b) = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .find(|&(a, b)| shape(a).is_some() && shape(a) == shape(b))
        .expect("two targets of the same shape");
    let (first, second) = (&scene.hits[a], &scene.hits[b]);
    pointer(
        "pointermove",
        &canvas,
        first.rect.center().0,
        first.rect.center().1,
        "mouse",
    );
    frames(2).await;
    let tip = tooltip(&div);
    let before = nodes(&tip, "*");
    let text_before = tip.text_content().unwrap_or_default();
    assert!(!before.is_empty() && !tip.hidden(), "tooltip shown");
    pointer(
        "pointermove",
        &canvas,
        second.rect.center().0,
        second.rect.center().1,
        "mouse",
    );
    frames(2).await;
    let after = nodes(&tip, "*");
    assert_ne!(
        tip.text_content().unwrap_or_default(),
        text_before,
        "new figure"
    );
    assert!(
        same_nodes(&before, &after),
        "same nodes, new text ({} nodes before, {} after)",
        before.len(),
        after.len()
    );
    div.remove();
}

#[wasm_bindgen_test]
async fn hovering_a_known_bar_shows_its_exact_figure_and_source() {
    let div = container(600);
    let chart = mount(
        &div,
        js_options("funding", "mien-trung-tay-nguyen", "vi", 1.0),
    )
    .unwrap();
    let canvas = main_canvas(&div);
    let (scene, ds) = scene_for("mien-trung-tay-nguyen", 600.0);
    // The local-budget part of the 2017 plan bar (derived figure): the whole bar shows,
    // its stated total first, then its parts.
    let (x, y) = part_point(&scene, ds, "mttn-2017-12m-local_funding-plan");
    pointer("pointermove", &canvas, x, y, "mouse");
    frames(2).await;
    let tip = tooltip(&div);
    assert!(!tip.hidden(), "tooltip shown on hover");
    let text = tip.text_content().unwrap_or_default();
    assert!(text.contains("24.731 triệu đồng"), "{text}");
    assert!(
        text.find("48.331 triệu đồng") < text.find("24.731 triệu đồng"),
        "total before its part: {text}"
    );
    assert!(text.contains("Kế hoạch"), "{text}");
    assert!(
        text.contains("48.331 − 23.600"),
        "formula in the reader's notation: {text}"
    );
    // Above the bar: the stated total, with the article's words.
    let top = hit_rect(&scene, ds, "mttn-2017-12m-total_funding-plan");
    pointer("pointermove", &canvas, top.center().0, top.y + 4.0, "mouse");
    frames(2).await;
    let text = tip.text_content().unwrap_or_default();
    assert!(text.contains("48.331 triệu đồng"), "{text}");
    assert!(
        text.contains("tổng kế hoạch kinh phí khuyến công của các tỉnh"),
        "{text}"
    );
    assert_eq!(
        chart
            .tooltip_at(top.center().0, top.y + 4.0)
            .unwrap()
            .map(|t| t.contains("48.331 triệu đồng")),
        Some(true)
    );
    // Tooltip inside the viewport.
    let r = tip.get_bounding_client_rect();
    let w = web_sys::window().unwrap();
    assert!(r.left() >= 0.0 && r.right() <= w.inner_width().unwrap().as_f64().unwrap());
    pointer("pointerleave", &canvas, -10.0, -10.0, "mouse");
    assert!(tip.hidden(), "leaving hides the tooltip");
    div.remove();
}

#[wasm_bindgen_test]
async fn hover_only_moves_the_rings_not_the_chart() {
    let div = container(600);
    let _chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    let canvas = main_canvas(&div);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let before = ctx
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data()
        .0;
    let (scene, ds) = scene_for("phia-nam", 600.0);
    let (x, y) = hit_rect(&scene, ds, "nam-2013-12m-local_funding-actual").center();
    pointer("pointermove", &canvas, x, y, "mouse");
    frames(2).await;
    let after = ctx
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data()
        .0;
    assert!(before == after, "main canvas unchanged by hover");
    let bar = bar_rect(&scene, ds, "nam-2013-12m-local_funding-actual");
    assert!(
        ringed(&div, bar),
        "highlight round the bar: {:?}",
        rings_shown(&div)
    );
    div.remove();
}

#[wasm_bindgen_test]
async fn tap_shows_the_tooltip_and_a_tap_elsewhere_hides_it() {
    let div = container(360);
    let _chart = mount(&div, js_options("activities", "all", "en", 2.0)).unwrap();
    let canvas = main_canvas(&div);
    let ds = Dataset::embedded().unwrap();
    let opts = ChartOptions::new(ChartKind::Activities, RegionSel::All, Lang::En);
    let scene = model::layout(ds, &opts, 360.0);
    let (x, y) = hit_rect(&scene, ds, "nam-2013-12m-vocational_trainees-actual").center();
    pointer("pointerdown", &canvas, x, y, "touch");
    let tip = tooltip(&div);
    assert!(!tip.hidden());
    assert!(tip.text_content().unwrap_or_default().contains("3,324"));
    let doc = web_sys::window().unwrap().document().unwrap();
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    doc.body()
        .unwrap()
        .dispatch_event(&PointerEvent::new_with_event_init_dict("pointerdown", &init).unwrap())
        .unwrap();
    assert!(tip.hidden(), "tap elsewhere hides");
    div.remove();
}

#[wasm_bindgen_test]
async fn destroy_removes_listeners_nodes_and_observers() {
    install_listener_counter();
    let before = live_listeners();
    let div = container(500);
    let chart: Chart = mount(&div, js_options("funding", "phia-nam", "en", 1.0)).unwrap();
    assert!(live_listeners() > before, "mount adds listeners");
    let canvas = main_canvas(&div);
    chart.destroy();
    assert_eq!(live_listeners(), before, "every listener removed");
    assert_eq!(div.child_element_count(), 0, "nodes removed");
    // Events after destroy do nothing and throw nothing.
    pointer("pointermove", &canvas, 100.0, 100.0, "mouse");
    pointer("pointerdown", &canvas, 100.0, 100.0, "touch");
    frames(2).await;
    let e = chart
        .update(js_options("funding", "phia-nam", "vi", 1.0))
        .err()
        .unwrap();
    assert!(error_message(&e).contains("destroyed"));
    chart.destroy(); // twice is fine
    div.remove();
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_naming_the_field() {
    let div = container(400);
    let cases: Vec<(JsValue, &str)> = vec![
        (
            js_options("pie", "phia-nam", "vi", 0.0),
            "options.chart: unknown chart \"pie\" (expected \"funding\" or \"activities\")",
        ),
        (
            js_options("funding", "ha-noi", "vi", 0.0),
            "options.region: unknown region \"ha-noi\"",
        ),
        (
            js_options("funding", "phia-nam", "fr", 0.0),
            "options.lang: unknown language \"fr\"",
        ),
        (
            js_options("funding", "phia-nam", "vi", 9.0),
            "options.pixelRatio",
        ),
        (JsValue::from_str("funding"), "options: expected an object"),
        (JsValue::UNDEFINED, "options: required"),
    ];
    for (opts, want) in cases {
        let e = mount(&div, opts).err().expect("rejected");
        let msg = error_message(&e);
        assert!(msg.contains(want), "{msg} should contain {want}");
    }
    let typo =
        js_sys::JSON::parse(r#"{"chart":"funding","region":"phia-nam","lnag":"en"}"#).unwrap();
    let msg = error_message(&mount(&div, typo).err().unwrap());
    assert!(
        msg.contains("options.lnag: unknown option (expected chart, region, lang, pixelRatio, theme, hidden, zoom, maxHeight, view, scale, data)"),
        "{msg}"
    );
    let wrong_type = js_sys::JSON::parse(r#"{"chart":3,"region":"phia-nam"}"#).unwrap();
    let msg = error_message(&mount(&div, wrong_type).err().unwrap());
    assert_eq!(
        msg, "options.chart: expected \"funding\" or \"activities\", got 3",
        "a wrong JSON type names the field"
    );
    assert!(
        div.query_selector(".kc-chart").unwrap().is_none(),
        "no half-built chart left behind"
    );
    let shown = div.query_selector_all(".kc-error").unwrap();
    assert_eq!(shown.length(), 1, "one readable error in the chart area");
    let text = shown.item(0).unwrap().text_content().unwrap();
    assert!(text.contains("options.chart: expected"), "{text}");
    // The module is still alive.
    let ok = mount(&div, js_options("activities", "all", "vi", 1.0));
    assert!(ok.is_ok());
    assert!(
        div.query_selector(".kc-error").unwrap().is_none(),
        "a good mount clears the error"
    );
    div.remove();
}

#[wasm_bindgen_test]
async fn chart_in_a_hidden_container_draws_when_shown() {
    let div = container(420);
    div.style().set_property("display", "none").unwrap();
    let chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    div.style().remove_property("display").unwrap();
    frames(3).await;
    let size = chart.size().unwrap();
    assert_eq!(size[0], 420.0);
    let canvas = main_canvas(&div);
    assert_eq!(canvas.width(), 420);
    div.remove();
}

fn key(target: &HtmlElement, k: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(k);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
}

fn active_element() -> Option<HtmlElement> {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .and_then(|e| e.dyn_into().ok())
}

fn live_text(div: &HtmlElement) -> String {
    div.query_selector(".kc-live")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn keyboard_moves_between_bars_in_model_order_and_announces_them() {
    let div = container(600);
    let _chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    let (scene, ds) = scene_for("phia-nam", 600.0);
    let buttons = div.query_selector_all("button.kc-key").unwrap();
    assert_eq!(
        buttons.length() as usize,
        scene.nav.len(),
        "one focusable element per bar"
    );
    let first: HtmlElement = buttons.item(0).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("tabindex").as_deref(),
        Some("0"),
        "roving tabindex starts on the first bar"
    );
    first.focus().unwrap();
    let fig = |pos: usize| &ds.figures[scene.hits[scene.nav[pos]].figure];
    // The figure reaches a screen reader once: as the button's name, not also live.
    assert!(live_text(&div).is_empty(), "{}", live_text(&div));
    assert!(!tooltip(&div).hidden(), "focus shows the tooltip");
    use khuyencong_charts::model::scene::NavKey;
    let mut pos = 0;
    for (k, nk) in [
        ("ArrowRight", NavKey::Right),
        ("ArrowUp", NavKey::Up),
        ("ArrowDown", NavKey::Down),
        ("ArrowRight", NavKey::Right),
        ("ArrowLeft", NavKey::Left),
        ("End", NavKey::End),
        ("Home", NavKey::Home),
    ] {
        key(&active_element().unwrap(), k);
        pos = scene.navigate(pos, nk);
        let now = active_element().unwrap();
        assert_eq!(
            now.get_attribute("data-nav"),
            Some(pos.to_string()),
            "after {k}"
        );
        assert_eq!(now.get_attribute("tabindex").as_deref(), Some("0"));
        let label = now.get_attribute("aria-label").unwrap();
        assert_ne!(live_text(&div), label, "the figure is not read twice");
        for sign in ["*", "?", "≈", "·"] {
            assert!(!label.contains(sign), "a bare {sign:?} in {label}");
        }
        assert!(
            label.contains(
                &ds.measures
                    .iter()
                    .find(|m| m.id == fig(pos).measure)
                    .unwrap()
                    .name
                    .vi
            ),
            "{label}"
        );
    }
    key(&active_element().unwrap(), "Escape");
    assert!(tooltip(&div).hidden(), "Escape closes the tooltip");
    // …and focus stays visible: the ring is still there.
    assert!(
        !rings_shown(&div).is_empty(),
        "focus ring kept after Escape"
    );
    div.remove();
}

#[wasm_bindgen_test]
async fn legend_toggle_hides_a_series_rescales_and_announces_it() {
    let div = container(600);
    let chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    let canvas = main_canvas(&div);
    let (scene, ds) = scene_for("phia-nam", 600.0);
    let plan = part_point(&scene, ds, "nam-2014-12m-local_funding-plan");
    let actual_before = bar_rect(&scene, ds, "nam-2013-12m-total_funding-actual");
    let button: HtmlElement = div
        .query_selector("button[data-series=plan]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    button.click();
    let bars: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    assert!(
        bars.iter().all(|b| b["basis"] == "actual"),
        "only actual bars remain"
    );
    let actual_after = bars
        .iter()
        .find(|b| b["id"] == "nam-2013-12m-total_funding-actual")
        .unwrap();
    assert!(
        actual_after["h"].as_f64().unwrap() > actual_before.h + 5.0,
        "scale adapts: 2013 bar grows when the 63-billion plan is hidden"
    );
    assert_eq!(live_text(&div), "Đã ẩn Kế hoạch");
    let again: HtmlElement = div
        .query_selector("button[data-series=plan]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        again.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    again.click();
    assert_colour(
        pixel(&canvas, plan.0, plan.1),
        light(palette(1).light),
        "plan bar back",
    );
    div.remove();
}

#[wasm_bindgen(inline_js = r#"
export function small_dataset(bad) {
  return {
    schema_version: 1,
    regions: [{ id: "tinh-x", name: { vi: "Tỉnh X <b>", en: "Province X" } }],
    measures: [{ id: "total_funding", unit: "million_vnd", name: { vi: "Tổng kinh phí", en: "Total funding" } }],
    sources: [{ file: "x.txt", title: { vi: "Nguồn X", en: "Source X" } }],
    figures: [
      { id: "a", region: "tinh-x", year: 2023, months: 12, measure: "total_funding", basis: "plan", value: bad ? "abc" : 1200, unit: "million_vnd", source: { file: "x.txt", quote: "1.200 triệu" } },
      { id: "b", region: "tinh-x", year: 2023, months: 12, measure: "total_funding", basis: "actual", value: 900, unit: "million_vnd", source: { file: "x.txt", quote: "900 triệu" } },
    ],
  };
}
export function with_data(opts, data) { opts.data = data; return opts; }
export function problems_of(e) { return Array.isArray(e.problems) ? e.problems.join("\n") : "no problems array"; }
"#)]
extern "C" {
    fn small_dataset(bad: bool) -> JsValue;
    fn with_data(opts: JsValue, data: JsValue) -> JsValue;
    fn problems_of(e: &JsValue) -> String;
}

#[wasm_bindgen_test]
fn custom_dataset_is_charted_and_bad_data_is_reported_with_paths() {
    let div = container(500);
    let chart = mount(
        &div,
        with_data(
            js_options("funding", "tinh-x", "vi", 1.0),
            small_dataset(false),
        ),
    )
    .unwrap();
    let bars: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    assert_eq!(bars.len(), 2);
    // Labels from data are text: the heading shows "<b>" literally.
    let label = div
        .query_selector("canvas.kc-canvas")
        .unwrap()
        .unwrap()
        .get_attribute("aria-label")
        .unwrap();
    assert!(label.contains("Tỉnh X <b>"), "{label}");
    assert!(
        div.query_selector("b").unwrap().is_none(),
        "no markup from data"
    );
    chart.destroy();
    let e = mount(
        &div,
        with_data(
            js_options("funding", "tinh-x", "vi", 1.0),
            small_dataset(true),
        ),
    )
    .err()
    .unwrap();
    let problems = problems_of(&e);
    assert!(problems.contains("figures[0].value"), "{problems}");
    assert!(
        error_message(&e).starts_with("options.data: invalid dataset"),
        "{}",
        error_message(&e)
    );
    let shown = div
        .query_selector(".kc-error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(shown.contains("figures[0].value"), "{shown}");
    div.remove();
}

/// `options` with `key` set to `value`.
fn with(options: JsValue, key: &str, value: &str) -> JsValue {
    js_sys::Reflect::set(&options, &key.into(), &value.into()).unwrap();
    options
}

#[wasm_bindgen_test]
async fn update_to_the_share_view_draws_each_years_share_of_plan_and_says_it() {
    let div = container(800);
    let paired = || JsValue::from_str(include_str!("fixtures/paired.json"));
    let opts = || with_data(js_options("funding", "tinh-x", "vi", 1.0), paired());
    let chart = mount(&div, opts()).unwrap();
    let amounts: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    assert_eq!(amounts.len(), 14, "plan and spent bars");
    chart.update(with(opts(), "view", "share")).unwrap();
    frames(2).await;
    // One bar a year, the spending, as a share of the plan.
    let bars: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    assert_eq!(bars.len(), 7, "{bars:?}");
    assert!(bars.iter().all(|b| b["basis"] == "actual"), "{bars:?}");
    // Drawn where the model puts it, solid (2018, a full year).
    let b = bars
        .iter()
        .find(|b| b["id"] == "tinh-x-2018-12m-total_funding-actual")
        .unwrap();
    let (x, y, w, h) = (
        b["x"].as_f64().unwrap(),
        b["y"].as_f64().unwrap(),
        b["w"].as_f64().unwrap(),
        b["h"].as_f64().unwrap(),
    );
    assert!(h > 100.0, "95 % of the plot: {h}");
    let canvas = main_canvas(&div);
    assert_colour(
        pixel(&canvas, x + w / 2.0, y + h / 2.0),
        light(palette(0).solid),
        "share bar",
    );
    // The summary, the buttons and the tooltip say the rate in words.
    let alt = chart.alt_text().unwrap();
    assert!(alt.contains("năm 2018 đạt 95 % kế hoạch"), "{alt}");
    let first: HtmlElement = div
        .query_selector("button.kc-key")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let name = first.get_attribute("aria-label").unwrap();
    assert!(name.contains("đạt 95 % kế hoạch"), "{name}");
    // A bad value names the field; the chart keeps its view and keeps working.
    let e = chart.update(with(opts(), "view", "pie")).unwrap_err();
    assert_eq!(
        error_message(&e),
        "options.view: unknown view \"pie\" (expected \"amounts\" or \"share\")"
    );
    let again: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    assert_eq!(again.len(), 7);
    chart.update(with(opts(), "view", "amounts")).unwrap();
    let back: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    assert_eq!(back.len(), 14);
    chart.destroy();
    div.remove();
}

#[wasm_bindgen_test]
fn dark_theme_recolours_the_same_layout() {
    let div = container(500);
    let dark = js_options("funding", "phia-nam", "vi", 1.0);
    js_sys::Reflect::set(&dark, &"theme".into(), &"dark".into()).unwrap();
    let _chart = mount(&div, dark).unwrap();
    let canvas = main_canvas(&div);
    let (scene, ds) = scene_for("phia-nam", 500.0);
    assert_colour(
        pixel(&canvas, 2.0, 2.0),
        khuyencong_charts::model::theme::resolve(
            khuyencong_charts::model::theme::BACKGROUND,
            khuyencong_charts::model::theme::Scheme::Dark,
        ),
        "dark background",
    );
    let (cx, cy) = part_point(&scene, ds, "nam-2013-12m-local_funding-actual");
    assert_colour(
        pixel(&canvas, cx, cy),
        khuyencong_charts::model::theme::resolve(
            palette(1).solid,
            khuyencong_charts::model::theme::Scheme::Dark,
        ),
        "dark actual bar",
    );
    div.remove();
}

/// Every element of `sel` under `div`, as nodes (identity compared with `is_same_node`).
fn nodes(div: &HtmlElement, sel: &str) -> Vec<web_sys::Node> {
    let list = div.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

fn same_nodes(a: &[web_sys::Node], b: &[web_sys::Node]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.is_same_node(Some(y)))
}

fn label_of(n: &web_sys::Node) -> String {
    n.unchecked_ref::<web_sys::Element>()
        .get_attribute("aria-label")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn updates_move_what_exists_instead_of_rebuilding_it() {
    let div = container(500);
    let chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    let canvas = main_canvas(&div);
    let keys = nodes(&div, "button.kc-key");
    let legend = nodes(&div, "button.kc-legend-item");
    let series: Vec<String> = legend
        .iter()
        .map(|n| {
            n.unchecked_ref::<web_sys::Element>()
                .get_attribute("data-series")
                .unwrap_or_default()
        })
        .collect();
    assert!(
        keys.len() >= 3 && series.len() >= 2,
        "bar and legend buttons: {} and {series:?}",
        keys.len()
    );
    let bars = js_sys::JSON::stringify(&chart.bars().unwrap()).unwrap();

    // A reader hides a series; a partial update (theme only) keeps it hidden, repaints
    // in the new colours and keeps every node and every position.
    let plan = div
        .query_selector("button.kc-legend-item[data-series=\"plan\"]")
        .unwrap()
        .expect("a plan legend item");
    plan.unchecked_ref::<HtmlElement>().click();
    let hidden_bars = js_sys::JSON::stringify(&chart.bars().unwrap()).unwrap();
    assert_ne!(hidden_bars, bars, "hiding plans changed the bars");
    let keys = nodes(&div, "button.kc-key");
    let theme = js_sys::Object::new();
    js_sys::Reflect::set(&theme, &"theme".into(), &"dark".into()).unwrap();
    chart.update(theme.into()).expect("a partial update");
    assert_eq!(
        js_sys::JSON::stringify(&chart.bars().unwrap()).unwrap(),
        hidden_bars,
        "a theme change keeps the layout and the reader's hidden series"
    );
    assert!(
        same_nodes(&keys, &nodes(&div, "button.kc-key")),
        "a theme change keeps every bar button"
    );
    assert!(
        same_nodes(&legend, &nodes(&div, "button.kc-legend-item")),
        "and every legend button"
    );
    assert_colour(
        pixel(&canvas, 2.0, 2.0),
        khuyencong_charts::model::theme::resolve(
            khuyencong_charts::model::theme::BACKGROUND,
            khuyencong_charts::model::theme::Scheme::Dark,
        ),
        "repainted dark",
    );

    // A new language renames the same buttons.
    let before: Vec<String> = keys.iter().map(label_of).collect();
    let lang = js_sys::Object::new();
    js_sys::Reflect::set(&lang, &"lang".into(), &"en".into()).unwrap();
    chart.update(lang.into()).expect("a partial update");
    let after = nodes(&div, "button.kc-key");
    assert!(
        same_nodes(&keys, &after),
        "a new language keeps the buttons"
    );
    let renamed: Vec<String> = after.iter().map(label_of).collect();
    assert_ne!(renamed, before, "and renames them");
    assert!(
        renamed.iter().any(|l| l.contains("million")),
        "in English: {renamed:?}"
    );

    // null: back to the default (light), still a repaint of the same buttons.
    let reset = js_sys::Object::new();
    js_sys::Reflect::set(&reset, &"theme".into(), &JsValue::NULL).unwrap();
    chart.update(reset.into()).expect("theme: null");
    assert_colour(
        pixel(&canvas, 2.0, 2.0),
        Rgba::rgb(255, 255, 255),
        "theme: null is the default again",
    );
    assert!(same_nodes(&keys, &nodes(&div, "button.kc-key")));
    let no_chart = js_sys::Object::new();
    js_sys::Reflect::set(&no_chart, &"chart".into(), &JsValue::NULL).unwrap();
    let msg = error_message(
        &chart
            .update(no_chart.into())
            .expect_err("chart is required"),
    );
    assert!(msg.contains("options.chart"), "{msg}");

    // A new width moves the same buttons.
    let first = |n: &web_sys::Node| {
        n.unchecked_ref::<HtmlElement>()
            .style()
            .get_property_value("margin-left")
            .unwrap()
    };
    let lefts: Vec<String> = after.iter().map(first).collect();
    div.style().set_property("width", "800px").unwrap();
    chart.resize().unwrap();
    let moved = nodes(&div, "button.kc-key");
    assert!(same_nodes(&after, &moved), "a new width keeps the buttons");
    assert_ne!(
        moved.iter().map(first).collect::<Vec<_>>(),
        lefts,
        "and moves them"
    );
    // An update naming nothing new does nothing at all.
    let before = js_sys::JSON::stringify(&chart.bars().unwrap()).unwrap();
    chart.update(js_sys::Object::new().into()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&chart.bars().unwrap()).unwrap(),
        before
    );
    chart.destroy();
    div.remove();
}

#[wasm_bindgen_test]
fn data_table_has_every_figure_and_replaces_the_fallback_until_destroy() {
    let div = container(500);
    let doc = web_sys::window().unwrap().document().unwrap();
    let fallback: HtmlElement = doc.create_element("table").unwrap().unchecked_into();
    fallback.set_class_name("kc-fallback");
    div.append_child(&fallback).unwrap();
    let chart = mount(
        &div,
        js_options("funding", "mien-trung-tay-nguyen", "vi", 1.0),
    )
    .unwrap();
    assert!(fallback.hidden(), "fallback hidden while the chart lives");
    let ds = Dataset::embedded().unwrap();
    let opts = ChartOptions::new(
        ChartKind::Funding,
        RegionSel::One("mien-trung-tay-nguyen".into()),
        Lang::Vi,
    );
    let table_box: HtmlElement = div
        .query_selector(".kc-table-box")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(
        table_box.hidden() && table_box.get_bounding_client_rect().height() == 0.0,
        "closed, the table is not there for anyone"
    );
    assert!(
        div.query_selector("table.kc-table").unwrap().is_none(),
        "closed, the table is not even made (it is made when opened)"
    );
    let toggle: HtmlElement = div
        .query_selector("button.kc-table-toggle")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    toggle.click();
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    // The comparison: a row per year (and part), a heading row per panel.
    let t = khuyencong_charts::model::compare::build(ds, &opts);
    let expected: usize = t.sections.iter().map(|s| s.rows.len() + 1).sum();
    let rows = div.query_selector_all("table.kc-table tbody tr").unwrap();
    assert_eq!(rows.length() as usize, expected);
    let text = div
        .query_selector("table.kc-table")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        text.contains("48,33 tỷ đồng") && text.contains("6.811 tỷ đồng"),
        "figures and verbatim quotes: {text}"
    );
    let table = div.query_selector("table.kc-table").unwrap().unwrap();
    assert!(
        table.get_bounding_client_rect().height() > 100.0,
        "table visible once opened"
    );
    let summary = div
        .query_selector(".kc-summary")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(summary.contains("48,33 tỷ đồng"), "{summary}");
    assert!(summary.chars().count() <= 600, "{summary}");
    chart.destroy();
    assert!(!fallback.hidden(), "fallback restored");
    div.remove();
}

#[wasm_bindgen_test]
fn exports_svg_png_and_csv() {
    let div = container(500);
    let chart = mount(&div, js_options("funding", "phia-nam", "en", 1.0)).unwrap();
    let svg = chart.to_svg().unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Southern region"));
    // The exported file carries its title and description: the alt text travels.
    let alt = chart.alt_text().unwrap();
    assert!(alt.starts_with("The chart compares"), "{alt}");
    assert!(svg.contains(" role=\"img\" aria-labelledby=\"kc-title kc-desc\">"));
    assert!(
        svg.contains("<desc id=\"kc-desc\">The chart compares"),
        "{svg:.300}"
    );
    let png = chart.to_png(Some(2.0)).unwrap();
    assert!(png.starts_with("data:image/png;base64,") && png.len() > 5000);
    let csv = chart.to_csv().unwrap();
    assert!(csv.starts_with("\u{feff}\"id\",\"region\""));
    assert!(csv.contains("54060"));
    div.remove();
}

#[wasm_bindgen_test]
fn the_formatter_writes_what_intl_number_format_writes() {
    use khuyencong_charts::model::format::number;
    for v in [
        0.0,
        1.5,
        17.88,
        54.06,
        974.1,
        1036.0,
        48331.0,
        63335.0,
        1234567.891,
        -12.5,
        0.005,
        999.995,
    ] {
        for d in 0..3u32 {
            for (lang, locale) in [(Lang::Vi, "vi-VN"), (Lang::En, "en-US")] {
                assert_eq!(
                    number(v, d as usize, lang),
                    intl(v, d, locale),
                    "{v} {d} {lang:?}"
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn chart_fits_the_content_box_and_zoom_scales_everything() {
    let div = container(600);
    div.style().set_property("padding", "20px").unwrap();
    div.style()
        .set_property("border", "3px solid black")
        .unwrap();
    div.style()
        .set_property("box-sizing", "border-box")
        .unwrap();
    let chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    assert_eq!(
        chart.size().unwrap()[0],
        554.0,
        "600 − 2×20 padding − 2×3 border"
    );
    chart.destroy();
    let zoomed = js_options("funding", "phia-nam", "vi", 1.0);
    js_sys::Reflect::set(&zoomed, &"zoom".into(), &JsValue::from_f64(2.0)).unwrap();
    let chart = mount(&div, zoomed).unwrap();
    let size = chart.size().unwrap();
    assert_eq!(size[0], 554.0, "still fills the content box");
    let canvas = main_canvas(&div);
    assert_eq!(canvas.width(), 554);
    // Bars reported in canvas CSS px hit-test back to themselves.
    let bars: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(chart.bars().unwrap()).unwrap();
    let b = bars
        .iter()
        .find(|b| b["id"] == "nam-2013-12m-total_funding-actual")
        .unwrap();
    let (x, y) = (
        b["x"].as_f64().unwrap() + b["w"].as_f64().unwrap() / 2.0,
        b["y"].as_f64().unwrap() + b["h"].as_f64().unwrap() / 2.0,
    );
    let text = chart.tooltip_at(x, y).unwrap().unwrap();
    assert!(text.contains("46.330 triệu đồng"), "{text}");
    assert_colour(
        pixel(&canvas, x, y),
        light(palette(1).solid),
        "zoomed bar where reported",
    );
    div.remove();
}

#[wasm_bindgen(inline_js = r#"
const P = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script></script>javascript:window.__xss=3`;
export function xss_dataset() {
  return {
    schema_version: 1,
    regions: [{ id: "r", name: { vi: "R " + P, en: "R " + P }, short: { vi: P, en: P } }],
    measures: [
      { id: "total_funding", unit: "million_vnd", name: { vi: "M " + P, en: "M " + P } },
      { id: "demo_models", unit: "count", name: { vi: "D " + P, en: "D " + P } },
    ],
    sources: [{ file: "f" + P, title: { vi: "T " + P, en: "T " + P }, publisher: P, date: P }],
    figures: [
      { id: "a" + P, region: "r", year: 2023, months: 12, measure: "total_funding", basis: "plan", value: 1200, unit: "million_vnd",
        source: { file: "f" + P, quote: "=HYPERLINK(\"http://x\") " + P }, note: { vi: "N " + P, en: "N " + P } },
      { id: "b", region: "r", year: 2023, months: 6, measure: "demo_models", basis: "actual", value: 3, unit: "count",
        source: { file: "f" + P, quote: "+cmd|' /C calc'!A0 " + P } },
    ],
  };
}
export function xss_fired() { return window.__xss !== undefined || document.querySelector("img[src=x]") !== null; }
export function payload() { return P; }
"#)]
extern "C" {
    fn xss_dataset() -> JsValue;
    fn xss_fired() -> bool;
    fn payload() -> String;
}

#[wasm_bindgen_test]
async fn markup_in_every_string_field_stays_text() {
    let div = container(600);
    for chart in ["funding", "activities"] {
        let c = mount(
            &div,
            with_data(js_options(chart, "r", "vi", 1.0), xss_dataset()),
        )
        .unwrap();
        // Show the tooltip of every bar (focus) and open the table.
        let buttons = div.query_selector_all("button.kc-key").unwrap();
        for i in 0..buttons.length() {
            let b: HtmlElement = buttons.item(i).unwrap().unchecked_into();
            b.focus().unwrap();
        }
        let toggle: HtmlElement = div
            .query_selector("button.kc-table-toggle")
            .unwrap()
            .unwrap()
            .unchecked_into();
        toggle.click();
        frames(2).await;
        assert!(!xss_fired(), "{chart}: a payload ran");
        let table = div
            .query_selector("table.kc-table")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert!(
            table.contains(&payload()),
            "{chart}: payload shown literally in the table"
        );
        let tip = tooltip(&div).text_content().unwrap();
        assert!(
            tip.contains(&payload()),
            "{chart}: payload shown literally in the tooltip"
        );
        assert!(
            div.query_selector("script, img").unwrap().is_none(),
            "{chart}: no element from data"
        );
        let csv = c.to_csv().unwrap();
        assert!(
            csv.contains("\"'=HYPERLINK(") || csv.contains("\"'+cmd"),
            "{chart}: formula neutralised in CSV"
        );
        assert!(
            !csv.contains(",\"=HYPERLINK") && !csv.contains(",\"+cmd"),
            "{chart}: no live formula"
        );
        drop(c);
    }
    div.remove();
}

#[wasm_bindgen_test]
async fn moving_between_bars_leaves_no_stale_highlight() {
    let div = container(600);
    let _chart = mount(&div, js_options("funding", "phia-nam", "vi", 2.0)).unwrap();
    let canvas = main_canvas(&div);
    let (scene, ds) = scene_for("phia-nam", 600.0);
    let a = bar_rect(&scene, ds, "nam-2013-12m-total_funding-actual");
    let b = bar_rect(&scene, ds, "nam-2014-12m-total_funding-plan");
    pointer("pointermove", &canvas, a.center().0, a.center().1, "mouse");
    frames(2).await;
    assert!(ringed(&div, a), "ring around the hovered bar");
    pointer("pointermove", &canvas, b.center().0, b.center().1, "mouse");
    frames(2).await;
    assert!(ringed(&div, b), "ring moved to the new bar");
    assert!(!ringed(&div, a), "old ring cleared");
    pointer("pointerleave", &canvas, -5.0, -5.0, "mouse");
    assert!(rings_shown(&div).is_empty(), "leaving clears the ring");
    div.remove();
}

// ---------------------------------------------------------------- hostile callers (issue 13)

#[wasm_bindgen_test]
fn every_option_with_every_wrong_json_type_names_the_field() {
    let div = container(400);
    let cases = wrong_type_cases();
    assert!(cases.length() >= 35, "{} cases", cases.length());
    for case in cases.iter() {
        let case: js_sys::Array = case.unchecked_into();
        let (opts, start, end) = (
            case.get(0),
            case.get(1).as_string().unwrap(),
            case.get(2).as_string().unwrap(),
        );
        let msg = error_message(&mount(&div, opts).err().expect("rejected"));
        assert!(
            msg.starts_with(&start) && msg.ends_with(&end),
            "{msg} (expected {start}… {end})"
        );
    }
    let lang = js_sys::JSON::parse(r#"{"chart":"funding","region":"phia-nam","lang":5}"#).unwrap();
    assert_eq!(
        error_message(&mount(&div, lang).err().unwrap()),
        "options.lang: expected \"vi\" or \"en\", got 5"
    );
    div.remove();
}

#[wasm_bindgen_test]
fn throwing_getters_and_proxies_never_poison_the_chart() {
    let div = container(400);
    let chart = mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap();
    for case in hostile_options().iter() {
        let case: js_sys::Array = case.unchecked_into();
        let want = case.get(1).as_string().unwrap();
        let msg = error_message(&chart.update(case.get(0)).expect_err("rejected"));
        assert!(msg.starts_with(&want), "update: {msg} (expected {want})");
        let msg = error_message(&mount(&container(300), case.get(0)).err().expect("rejected"));
        assert!(msg.starts_with(&want), "mount: {msg} (expected {want})");
        // Every later call works.
        chart
            .update(js_options("activities", "all", "en", 1.0))
            .expect("update after a throwing getter");
        chart.resize().expect("resize");
        assert!(chart.size().unwrap()[0] > 0.0);
    }
    chart.destroy();
    assert!(
        div.query_selector(".kc-chart").unwrap().is_none(),
        "destroy still works"
    );
    div.remove();
}

#[wasm_bindgen_test]
async fn a_dropped_handle_destroys_nothing_leaving_the_document_does() {
    let div = container(500);
    // The handle is dropped at once: wasm-bindgen's finaliser does the same after GC.
    drop(mount(&div, js_options("funding", "phia-nam", "vi", 1.0)).unwrap());
    frames(2).await;
    let root = div
        .query_selector(".kc-chart")
        .unwrap()
        .expect("chart still there");
    let canvas = main_canvas(&div);
    // Any pointer target of the chart as laid out at this width (the model's first).
    let (scene, _) = scene_for("phia-nam", 500.0);
    let (x, y) = scene.hits.first().expect("a target").rect.center();
    pointer("pointermove", &canvas, x, y, "mouse");
    frames(2).await;
    assert!(!tooltip(&div).hidden(), "still reacts to hover");
    // The container leaves the document: the chart is destroyed.
    div.remove();
    let _ = JsFuture::from(microtask()).await;
    frames(1).await;
    assert!(root.parent_node().is_none(), "destroyed with its container");
}

#[wasm_bindgen_test]
fn very_tall_charts_stay_within_canvas_limits_with_a_note() {
    let div = container(600);
    let opts = with_data(
        js_options("activities", "all", "vi", 3.0),
        tall_dataset(5000),
    );
    let chart = mount(&div, opts).unwrap();
    let canvas = main_canvas(&div);
    let (w, h) = (canvas.width(), canvas.height());
    assert!(
        chart.size().unwrap()[1] * 3.0 > 16384.0,
        "the case is over the limit"
    );
    assert!(
        w <= 16384 && h <= 16384 && u64::from(w) * u64::from(h) <= 16_777_216,
        "{w} × {h}"
    );
    let top = pixel(&canvas, 0.0, 0.0);
    let drawn = (0..200).any(|y| pixel(&canvas, 300.0, f64::from(y) * 2.0) != top);
    assert!(drawn, "the canvas is drawn");
    let note: HtmlElement = div
        .query_selector(".kc-limit")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let cs = web_sys::window()
        .unwrap()
        .get_computed_style(&note)
        .unwrap()
        .unwrap();
    assert_ne!(cs.get_property_value("display").unwrap(), "none");
    assert!(note.text_content().unwrap().contains("bảng số liệu"));
    match chart.to_png(None) {
        Ok(url) => assert!(
            url.starts_with("data:image/png"),
            "{}",
            &url[..20.min(url.len())]
        ),
        Err(e) => assert!(
            error_message(&e).contains("too large"),
            "{}",
            error_message(&e)
        ),
    }
    div.remove();
}

#[wasm_bindgen_test]
fn validate_dataset_reports_null_and_undefined() {
    use khuyencong_charts::web::validate_dataset;
    for v in [JsValue::NULL, JsValue::UNDEFINED] {
        let problems = validate_dataset(v);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("dataset: expected"), "{problems:?}");
    }
    assert!(validate_dataset(tall_dataset(3)).is_empty());
}

#[wasm_bindgen_test]
async fn select_pins_a_year_reports_the_view_and_names_a_bad_key() {
    let div = container(600);
    let chart = mount(
        &div,
        js_options("funding", "mien-trung-tay-nguyen", "vi", 1.0),
    )
    .unwrap();
    let seen = js_sys::Array::new();
    let log = seen.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
        log.push(&v);
    });
    chart
        .on_view_change(cb.as_ref().unchecked_ref::<JsValue>().clone())
        .unwrap();
    chart.select(JsValue::from(2017)).unwrap();
    assert_eq!(chart.selected().unwrap().as_deref(), Some("2017"));
    assert!(!tooltip(&div).hidden(), "select() shows the tooltip");
    let _ = JsFuture::from(microtask()).await;
    assert_eq!(seen.length(), 1, "one view change reported");
    let detail = seen.get(0);
    let sel = js_sys::Reflect::get(&detail, &"selected".into()).unwrap();
    assert_eq!(sel.as_string().as_deref(), Some("2017"));
    // A figure id names its target too; an unknown key or a wrong type is an Error.
    chart
        .select(JsValue::from_str("mttn-2020-6m-total_funding-actual"))
        .unwrap();
    assert_eq!(chart.selected().unwrap().as_deref(), Some("2020"));
    for bad in [
        JsValue::from_str("1999"),
        JsValue::from_str("nope"),
        JsValue::from(2017.5),
        JsValue::TRUE,
    ] {
        let e = chart.select(bad).unwrap_err();
        assert!(
            error_message(&e).starts_with("select(key): key: "),
            "{}",
            error_message(&e)
        );
    }
    assert_eq!(chart.selected().unwrap().as_deref(), Some("2020"), "kept");
    chart.select(JsValue::NULL).unwrap();
    assert_eq!(chart.selected().unwrap(), None);
    assert!(tooltip(&div).hidden(), "select(null) closes it");
    chart.destroy();
    div.remove();
}

#[wasm_bindgen_test]
fn an_open_table_keeps_its_rows_when_the_figures_change() {
    let div = container(600);
    let json = include_str!("fixtures/paired.json");
    let chart = mount(
        &div,
        with_data(
            js_options("funding", "tinh-x", "vi", 1.0),
            JsValue::from_str(json),
        ),
    )
    .unwrap();
    let toggle: HtmlElement = div
        .query_selector("button.kc-table-toggle")
        .unwrap()
        .unwrap()
        .unchecked_into();
    toggle.click();
    let first_row = || -> HtmlElement {
        div.query_selector("table.kc-table tbody tr:not(.kc-section)")
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    let row = first_row();
    let before = row.text_content().unwrap();
    assert!(before.contains("2018"), "{before}");
    // The 2018 plan changes: the same row, its cells rewritten.
    let changed = json.replace("\"value\": 52000", "\"value\": 61000");
    assert_ne!(changed, json, "the fixture has the 2018 plan");
    chart
        .update(with_data(
            js_options("funding", "tinh-x", "vi", 1.0),
            JsValue::from_str(&changed),
        ))
        .unwrap();
    let after = first_row();
    assert!(
        after.is_same_node(Some(&row)),
        "the row is kept, not made again"
    );
    let text = after.text_content().unwrap();
    assert_ne!(text, before, "its cells show the new figure");
    assert!(text.contains("61"), "{text}");
    // Every row still matches a fresh build of the table.
    let ds = Dataset::from_json(&changed).unwrap();
    let opts = ChartOptions::new(
        ChartKind::Funding,
        RegionSel::One("tinh-x".into()),
        Lang::Vi,
    );
    let t = khuyencong_charts::model::compare::build(&ds, &opts);
    let rows = div
        .query_selector_all("table.kc-table tbody tr:not(.kc-section)")
        .unwrap();
    let expected: Vec<String> = t
        .sections
        .iter()
        .flat_map(|s| s.rows.iter())
        .map(|r| r.cells.join("|"))
        .collect();
    let shown: Vec<String> = (0..rows.length())
        .map(|i| {
            let tr: HtmlElement = rows.item(i).unwrap().unchecked_into();
            let tds = tr.query_selector_all("td").unwrap();
            (0..tds.length())
                .map(|k| tds.item(k).unwrap().text_content().unwrap())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(shown, expected);
    // A new language: new row headers, the table made over in that language.
    chart
        .update(with_data(
            js_options("funding", "tinh-x", "en", 1.0),
            JsValue::from_str(&changed),
        ))
        .unwrap();
    let en = div.query_selector("table.kc-table").unwrap().unwrap();
    assert!(
        en.text_content().unwrap().contains("Plan"),
        "{}",
        en.text_content().unwrap()
    );
    chart.destroy();
    div.remove();
}
