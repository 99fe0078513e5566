//! The chart component in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test chart_wasm`. ECharts is replaced
//! by a recorder (`window.echarts`), so the test sees when and on what element the chart
//! was created and which options it drew.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use sop_planner::ui::chart::{Chart, month_chart};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `window.echarts` recording each `init` (was the element in the document, its width)
/// and the options drawn on that instance.
fn install_recorder() {
    js_sys::eval(
        "window.echarts = { calls: [], init(el) {
           const rec = { connected: el.isConnected, width: el.clientWidth, options: [],
                         frame: window.frameCount ?? 0 };
           window.echarts.calls.push(rec);
           return { setOption(o) { rec.options.push(o); }, resize() {}, dispose() {} };
         } };",
    )
    .expect("install the recorder");
}

fn calls() -> js_sys::Array {
    let v = js_sys::eval("window.echarts.calls").expect("calls");
    v.unchecked_into()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, k| {
        js_sys::Reflect::get(&v, &JsValue::from_str(k)).expect(k)
    })
}

/// Resolves after `n` animation frames.
async fn frames(n: u32) {
    for _ in 0..n {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        JsFuture::from(p).await.unwrap();
    }
}

/// A chart whose view is built before it is put in the page (a lazily loaded step inside
/// a Suspense) is not created on the detached element (ECharts would size itself 0 × 0
/// and stay blank) however many frames that takes; once in the page it is created there
/// and draws the newest options only.
#[wasm_bindgen_test]
async fn a_chart_built_off_the_page_is_created_once_it_is_in_the_page() {
    install_recorder();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "width: 400px").unwrap();
    let chart = RwSignal::new(month_chart(vec!["Jan".into()], "units"));
    leptos::mount::mount_to(
        host.clone(),
        move || view! { <Chart chart=chart label="test" /> },
    )
    .forget();
    frames(6).await;
    assert_eq!(calls().length(), 0, "no chart created while off the page");

    chart.set(month_chart(vec!["Jan".into(), "Feb".into()], "units"));
    frames(6).await;
    assert_eq!(calls().length(), 0, "still off the page");

    document.body().unwrap().append_child(&host).unwrap();
    frames(4).await;
    let calls = calls();
    assert_eq!(calls.length(), 1, "created once, in the page");
    let rec = calls.get(0);
    assert_eq!(get(&rec, "connected"), JsValue::TRUE);
    assert_eq!(get(&rec, "width").as_f64(), Some(400.0));
    let options: js_sys::Array = get(&rec, "options").unchecked_into();
    assert_eq!(options.length(), 1, "drawn once");
    let months: js_sys::Array = get(&options.get(0), "xAxis.data").unchecked_into();
    assert_eq!(months.length(), 2, "the newest options (Jan, Feb)");

    // An update in the page is drawn on the same instance, a frame later.
    chart.set(month_chart(
        vec!["Jan".into(), "Feb".into(), "Mar".into()],
        "units",
    ));
    frames(4).await;
    assert_eq!(calls.length(), 1, "no second chart");
    let options: js_sys::Array = get(&rec, "options").unchecked_into();
    assert_eq!(options.length(), 2);
    let months: js_sys::Array = get(&options.get(1), "xAxis.data").unchecked_into();
    assert_eq!(months.length(), 3);
}

/// Charts put in the page together (a step with three of them) are set up one per
/// animation frame, not all in the task that builds the view: each set-up (ECharts'
/// `init` and first drawing) is a long piece of work.
#[wasm_bindgen_test]
async fn charts_shown_together_are_set_up_one_per_frame() {
    install_recorder();
    js_sys::eval(
        "window.frameCount = 0; (function tick() { window.frameCount++; requestAnimationFrame(tick); })();",
    )
    .expect("count frames");
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "width: 300px").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let chart = RwSignal::new(month_chart(vec!["Jan".into()], "units"));
    leptos::mount::mount_to(host.clone(), move || {
        view! {
            <Chart chart=chart label="one" />
            <Chart chart=chart label="two" />
            <Chart chart=chart label="three" />
        }
    })
    .forget();
    frames(16).await;
    let calls = calls();
    assert_eq!(calls.length(), 3, "all three set up");
    let mut at: Vec<f64> = calls
        .iter()
        .map(|c| get(&c, "frame").as_f64().unwrap())
        .collect();
    at.dedup();
    assert_eq!(at.len(), 3, "in three different frames: {at:?}");
    for c in calls.iter() {
        assert_eq!(get(&c, "connected"), JsValue::TRUE);
        assert_eq!(
            get(&c, "options.length").as_f64(),
            Some(1.0),
            "drawn once each"
        );
    }
    host.remove();
}

/// Calls a drawn chart's number function on `x`.
fn call(f: &JsValue, x: f64) -> String {
    let f: &js_sys::Function = f.unchecked_ref();
    f.call1(&JsValue::NULL, &JsValue::from_f64(x))
        .unwrap()
        .as_string()
        .unwrap()
}

/// The value axis and the tooltip write numbers in the workspace's number format (ECharts
/// alone would group with "," under a decimal comma, where "1,234" reads 1.234), whole
/// from 10 up, with a true minus sign.
#[wasm_bindgen_test]
async fn a_charts_numbers_follow_the_workspaces_number_format() {
    use sop_planner::engine::number::NumberFormat;
    use sop_planner::ui::format::set_number_format;
    install_recorder();
    set_number_format(NumberFormat::COMMA);
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let chart = RwSignal::new(month_chart(vec!["Jan".into()], "units"));
    leptos::mount::mount_to(
        host.clone(),
        move || view! { <Chart chart=chart label="test" /> },
    )
    .forget();
    // Set up at once if it is the page's first chart, else within a few frames.
    frames(6).await;
    let rec = calls().get(0);
    let options: js_sys::Array = get(&rec, "options").unchecked_into();
    let axis = get(&options.get(0), "yAxis.axisLabel.formatter");
    let tip = get(&options.get(0), "tooltip.valueFormatter");
    for f in [&axis, &tip] {
        assert_eq!(call(f, 1234567.4), "1.234.567");
        assert_eq!(call(f, -2.5), "\u{2212}2,5");
        assert_eq!(call(f, 0.25), "0,25");
        assert_eq!(call(f, 12.6), "13");
        assert_eq!(call(f, -0.001), "0");
    }
    // Switched to a decimal point: the next drawing follows.
    set_number_format(NumberFormat::POINT);
    chart.set(month_chart(vec!["Jan".into(), "Feb".into()], "units"));
    frames(4).await;
    let options: js_sys::Array = get(&rec, "options").unchecked_into();
    assert_eq!(options.length(), 2);
    let axis = get(&options.get(1), "yAxis.axisLabel.formatter");
    assert_eq!(call(&axis, 1234567.4), "1,234,567");
    assert_eq!(call(&axis, 2.5), "2.5");
}
