//! An ECharts chart built with charming, created once and updated in place.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (`echarts.init(...)`), from the vendored echarts.min.js.
    type EchartsInstance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    fn echarts_init(el: &web_sys::HtmlElement) -> EchartsInstance;

    /// `setOption(option, notMerge, lazyUpdate)`: not merging drops series that are
    /// gone; not lazy: drawn in this task.
    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option(this: &EchartsInstance, option: JsValue, not_merge: bool, lazy_update: bool);

    #[wasm_bindgen(method)]
    fn resize(this: &EchartsInstance);

    #[wasm_bindgen(method)]
    fn dispose(this: &EchartsInstance);
}

/// A chart that follows `chart`: the first value creates it, later ones update it.
/// `label` is what a screen reader announces.
///
/// Updates are drawn in the frame after the next one, the latest value only: the
/// numbers of an edit reach the screen in the first frame, unburdened by ECharts' work
/// (converting the options and redrawing take longer than the rest of the edit), and
/// the chart follows one frame (16 ms) later.
#[component]
pub fn Chart(
    #[prop(into)] chart: Signal<charming::Chart>,
    #[prop(into)] label: String,
    #[prop(optional, into)] id: String,
) -> impl IntoView {
    let node: NodeRef<Div> = NodeRef::new();
    let instance: StoredValue<Option<EchartsInstance>, LocalStorage> = StoredValue::new_local(None);
    // The newest options not drawn yet.
    let pending: StoredValue<Option<charming::Chart>, LocalStorage> = StoredValue::new_local(None);
    let draw = move |option: &charming::Chart, el: &web_sys::HtmlElement| {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let Ok(value) = serde::Serialize::serialize(option, &serializer) else {
            web_sys::console::warn_1(&"chart options could not be converted".into());
            return;
        };
        localize(&value);
        instance.try_update_value(|i| match i {
            Some(inst) => inst.set_option(value, true, false),
            None => i.insert(echarts_init(el)).set_option(value, true, false),
        });
    };
    Effect::new(move |_| {
        let option = chart.get();
        let Some(el) = node.get() else { return };
        // The page's first chart is drawn right away: the page opens with it (deferring
        // it would put ECharts' ~45 ms set-up into the forecast run that opening starts).
        // Any other chart is set up in a later frame, one per frame ([`take_set_up_slot`]):
        // a step opened later would otherwise add its charts' set-up to the task that
        // builds it (at 10,000 SKUs the financial review's three made one 90 ms task).
        // Never before the element is in the document: a lazily loaded step's view
        // (`ui::lazy`) is built before its Suspense inserts it, and ECharts would size
        // itself 0 × 0; then it waits, as an update does ([`draw_later`]).
        // An update still waiting for its frame is older than this: dropped, or it
        // would be drawn over these options.
        if instance.with_value(Option::is_none) && el.is_connected() && take_set_up_slot(true) {
            pending.set_value(None);
            draw(&option, &el);
            return;
        }
        let scheduled = pending.with_value(Option::is_some);
        pending.set_value(Some(option));
        if scheduled {
            return;
        }
        draw_later(pending, node, instance, draw);
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|i| {
            if let Some(i) = i {
                i.resize();
            }
        });
    });
    on_cleanup(move || {
        resize.remove();
        instance.update_value(|i| {
            if let Some(i) = i.take() {
                i.dispose();
            }
        });
    });
    view! { <div class="chart" id=id node_ref=node role="img" aria-label=label></div> }
}

/// Numbers on the value axes and in the tooltips written by the one formatter
/// ([`chart_number`](crate::engine::format::chart_number)) in the workspace's number
/// format: ECharts alone groups with `,` whatever the format, and under a decimal comma
/// "1,234" reads as 1.234.
fn localize(option: &JsValue) {
    use crate::engine::format::chart_number;
    use crate::engine::number::NumberFormat;
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    thread_local! {
        static FORMAT: std::cell::RefCell<Option<(NumberFormat, Function)>> = const { std::cell::RefCell::new(None) };
    }
    let nf = crate::ui::format::number_format();
    let f = FORMAT.with(|c| {
        let mut c = c.borrow_mut();
        match &*c {
            Some((k, f)) if *k == nf => f.clone(),
            _ => {
                // A Rust closure (the page's policy allows no `new Function`), kept for
                // the page's life; a new one when the number format changes.
                let f: Function = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |v: JsValue| {
                    match v.as_f64() {
                        Some(x) => JsValue::from_str(&chart_number(x, nf)),
                        None => v,
                    }
                })
                .into_js_value()
                .unchecked_into();
                *c = Some((nf, f.clone()));
                f
            }
        }
    });
    let set = |target: &JsValue, key: &str, value: &JsValue| {
        let _ = Reflect::set(target, &JsValue::from_str(key), value);
    };
    let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key)).ok();
    let axes = get(option, "yAxis").unwrap_or(JsValue::UNDEFINED);
    let axes: Vec<JsValue> = if Array::is_array(&axes) {
        Array::from(&axes).iter().collect()
    } else if axes.is_object() {
        vec![axes]
    } else {
        Vec::new()
    };
    for axis in axes {
        if get(&axis, "type")
            .and_then(|t| t.as_string())
            .is_some_and(|t| t != "value")
        {
            continue;
        }
        let label = match get(&axis, "axisLabel") {
            Some(l) if l.is_object() => l,
            _ => {
                let l: JsValue = Object::new().into();
                set(&axis, "axisLabel", &l);
                l
            }
        };
        if get(&label, "formatter").is_none_or(|f| f.is_undefined()) {
            set(&label, "formatter", &f);
        }
    }
    // A tooltip with a formatter of its own ignores this.
    if let Some(tooltip) = get(option, "tooltip").filter(JsValue::is_object) {
        set(&tooltip, "valueFormatter", &f);
    }
}

/// Whether a chart may be set up (`echarts.init` and its first drawing, ~12–20 ms each)
/// now: once per frame (the first caller in a frame takes the slot, later ones wait),
/// and in the task that builds a view (`building`) only for the page's first chart.
fn take_set_up_slot(building: bool) -> bool {
    use std::cell::Cell;
    thread_local! {
        static TAKEN: Cell<bool> = const { Cell::new(false) };
        static ANY: Cell<bool> = const { Cell::new(false) };
    }
    if building && ANY.with(Cell::get) {
        return false;
    }
    if TAKEN.with(|t| t.replace(true)) {
        return false;
    }
    ANY.with(|a| a.set(true));
    request_animation_frame(|| TAKEN.with(|t| t.set(false)));
    true
}

/// Draws the newest pending options in the frame after the next (that frame's animation
/// callbacks: the next one shows the edit's numbers only). A chart not created yet whose
/// element is still not in the document (its view is waiting to be inserted), or whose
/// frame has set up another chart already, waits another two frames (rather than have
/// ECharts size itself 0 × 0, or make one long task of several set-ups).
fn draw_later(
    pending: StoredValue<Option<charming::Chart>, LocalStorage>,
    node: NodeRef<Div>,
    instance: StoredValue<Option<EchartsInstance>, LocalStorage>,
    draw: impl Fn(&charming::Chart, &web_sys::HtmlElement) + Copy + 'static,
) {
    request_animation_frame(move || {
        request_animation_frame(move || {
            // Nothing if the view was disposed meanwhile (its stored values are).
            if pending.try_with_value(Option::is_some) != Some(true) {
                return;
            }
            let Some(el) = node.get_untracked() else {
                // No element to draw on: forget the options, so the next ones schedule again.
                pending.set_value(None);
                return;
            };
            if instance.with_value(Option::is_none)
                && !(el.is_connected() && take_set_up_slot(false))
            {
                draw_later(pending, node, instance, draw);
                return;
            }
            if let Some(Some(option)) = pending.try_update_value(Option::take) {
                draw(&option, &el);
            }
        })
    });
}

/// The frame shared by the month-by-month charts: no animation (numbers move as people
/// talk), axis tooltip, legend on top, months on the x axis, `y_name` on the y axis.
pub fn month_chart(labels: Vec<String>, y_name: &str) -> charming::Chart {
    use charming::component::{Axis, Grid, Legend};
    use charming::element::{AxisType, Tooltip, Trigger};
    charming::Chart::new()
        .animation(false)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(
            Grid::new()
                .left("8")
                .right("20")
                .top("40")
                .bottom("30")
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name(y_name))
}
