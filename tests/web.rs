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
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, PointerEvent, PointerEventInit,
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
export function error_message(e) { return e instanceof Error ? e.message : "not an Error: " + String(e); }
"#)]
extern "C" {
    fn install_listener_counter();
    fn live_listeners() -> u32;
    fn next_frame() -> js_sys::Promise;
    fn js_options(chart: &str, region: &str, lang: &str, ratio: f64) -> JsValue;
    fn error_message(e: &JsValue) -> String;
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

fn hit_rect(scene: &Scene, ds: &Dataset, id: &str) -> model::Rect {
    scene
        .hits
        .iter()
        .find(|h| ds.figures[h.figure].id == id)
        .unwrap_or_else(|| panic!("no bar for {id}"))
        .rect
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
            let (cx, cy) = hit_rect(&scene, ds, id).center();
            assert_colour(
                pixel(&canvas, cx * ratio, cy * ratio),
                want,
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
        assert_eq!(bars.len(), scene.hits.len());
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
    let r = hit_rect(&scene, ds, "mttn-2020-6m-total_funding-actual");
    let bar_top = r.y + 18.0; // hit box includes the label area above the bar
    let x = r.x + r.w / 2.0;
    let colours: std::collections::HashSet<[u8; 4]> = (0..12)
        .map(|i| pixel(&canvas, x, bar_top + 1.0 + f64::from(i)))
        .collect();
    assert!(
        colours.len() >= 2,
        "stripes expected in a 6-month bar, got {colours:?}"
    );
    let p = palette(0);
    let local = hit_rect(&scene, ds, "mttn-2017-12m-local_funding-plan");
    assert_colour(
        pixel(&canvas, local.center().0, local.center().1),
        p.light,
        "2017 plan",
    );
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

fn tooltip(div: &HtmlElement) -> HtmlElement {
    div.query_selector(".kc-tooltip")
        .unwrap()
        .unwrap()
        .unchecked_into()
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
    // The local-budget part of the 2017 plan bar (derived figure).
    let (x, y) = hit_rect(&scene, ds, "mttn-2017-12m-local_funding-plan").center();
    pointer("pointermove", &canvas, x, y, "mouse");
    frames(2).await;
    let tip = tooltip(&div);
    assert!(!tip.hidden(), "tooltip shown on hover");
    let text = tip.text_content().unwrap_or_default();
    assert!(text.contains("24.731 triệu đồng"), "{text}");
    assert!(text.contains("Kế hoạch"), "{text}");
    assert!(text.contains("48331 - 23600"), "formula shown: {text}");
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
async fn hover_only_touches_the_overlay_not_the_chart() {
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
    let overlay: HtmlCanvasElement = div
        .query_selector("canvas.kc-overlay")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let octx: CanvasRenderingContext2d =
        overlay.get_context("2d").unwrap().unwrap().unchecked_into();
    let ring = octx
        .get_image_data(
            0.0,
            0.0,
            f64::from(overlay.width()),
            f64::from(overlay.height()),
        )
        .unwrap()
        .data()
        .0;
    assert!(
        ring.chunks(4).any(|p| p[3] > 0),
        "highlight drawn on the overlay"
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
    let mut chart: Chart = mount(&div, js_options("funding", "phia-nam", "en", 1.0)).unwrap();
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
        .map(JsValue::from)
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
        let e = mount(&div, opts)
            .err()
            .map(JsValue::from)
            .expect("rejected");
        let msg = error_message(&e);
        assert!(msg.contains(want), "{msg} should contain {want}");
    }
    let typo =
        js_sys::JSON::parse(r#"{"chart":"funding","region":"phia-nam","lnag":"en"}"#).unwrap();
    let msg = error_message(&mount(&div, typo).err().map(JsValue::from).unwrap());
    assert!(
        msg.contains("options.lnag: unknown option (expected chart, region, lang, pixelRatio)"),
        "{msg}"
    );
    let wrong_type = js_sys::JSON::parse(r#"{"chart":3,"region":"phia-nam"}"#).unwrap();
    let msg = error_message(&mount(&div, wrong_type).err().map(JsValue::from).unwrap());
    assert!(msg.starts_with("options:"), "{msg}");
    assert_eq!(
        div.child_element_count(),
        0,
        "nothing left behind by failed mounts"
    );
    // The module is still alive.
    let ok = mount(&div, js_options("activities", "all", "vi", 1.0));
    assert!(ok.is_ok());
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
