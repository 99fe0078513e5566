//! What the app's workers share: fields of plain message objects, and the request loop
//! (each request `{ id, … }` answered with the handler's object and the same `id`, a
//! failure as `{ id, error }`; `{ ready: true }` once the worker listens).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

/// Sets field `k` of `o`.
pub fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// Field `k` of `o` (`undefined` if absent).
pub fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// Field `k` of `o` as text ("" if absent or not text).
pub fn text(o: &JsValue, k: &str) -> String {
    get(o, k).as_string().unwrap_or_default()
}

/// Answers every request of this worker with `handle`, then says it is ready.
pub fn serve(mut handle: impl FnMut(&JsValue) -> Result<Object, String> + 'static) {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let req = ev.data();
            let out = handle(&req).unwrap_or_else(|e| {
                let o = Object::new();
                set(&o, "error", &e.into());
                o
            });
            set(&out, "id", &get(&req, "id"));
            let _ = reply.post_message(&out);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Object::new();
    set(&ready, "ready", &true.into());
    let _ = scope.post_message(&ready);
}
