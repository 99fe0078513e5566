//! The page's side of the import/export worker ([`crate::io_worker`]): started on first
//! use; `call` sends a request and resolves with the worker's reply.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const WORKER_URL: &str = "./io-worker-boot.js";

struct Client {
    worker: web_sys::Worker,
    next: u32,
    ready: bool,
    queue: Vec<JsValue>,
    waiting: HashMap<u32, Function>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
}

fn client() -> Result<Rc<RefCell<Client>>, String> {
    if let Some(c) = CLIENT.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|e| format!("{e:?}"))?;
    let c = Rc::new(RefCell::new(Client {
        worker: worker.clone(),
        next: 0,
        ready: false,
        queue: Vec::new(),
        waiting: HashMap::new(),
    }));
    let me = c.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            let mut c = me.borrow_mut();
            if Reflect::get(&data, &"ready".into())
                .ok()
                .and_then(|v| v.as_bool())
                == Some(true)
            {
                c.ready = true;
                for msg in std::mem::take(&mut c.queue) {
                    let _ = c.worker.post_message(&msg);
                }
                return;
            }
            let id = Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(-1.0) as u32;
            if let Some(resolve) = c.waiting.remove(&id) {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    CLIENT.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Ok(c)
}

/// Sends `op` with the fields of `msg` and waits for the reply; a reply with `error`
/// becomes `Err`.
pub async fn call(op: &str, msg: Object) -> Result<JsValue, String> {
    let c = client()?;
    let id = {
        let mut c = c.borrow_mut();
        c.next += 1;
        c.next
    };
    let _ = Reflect::set(&msg, &"op".into(), &op.into());
    let _ = Reflect::set(&msg, &"id".into(), &id.into());
    let cc = c.clone();
    let promise = Promise::new(&mut |resolve, _reject| {
        let mut c = cc.borrow_mut();
        c.waiting.insert(id, resolve);
        if c.ready {
            let _ = c.worker.post_message(&msg);
        } else {
            c.queue.push(msg.clone().into());
        }
    });
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?;
    match Reflect::get(&reply, &"error".into())
        .ok()
        .and_then(|v| v.as_string())
    {
        Some(e) => Err(e),
        None => Ok(reply),
    }
}

/// A field of a reply.
pub fn field(reply: &JsValue, k: &str) -> JsValue {
    Reflect::get(reply, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Sets a field of a request.
pub fn put(msg: &Object, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(msg, &k.into(), &v.into());
}

/// The files chosen in a file `<input>` of `ev`; the input is cleared, so that choosing
/// the same file again is a change too.
pub fn chosen_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let input: web_sys::HtmlInputElement = leptos::prelude::event_target(ev);
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Why an import gave no cycle.
pub enum ImportFailure {
    /// A file could not be read, the worker did not run, or its reply was unreadable.
    Failed(String),
    /// The import refused the files: every problem, in words.
    Refused(Vec<String>),
}

/// An import checked by the worker: the resulting cycle and what it changes.
pub struct ImportChecked {
    pub cycle: crate::engine::model::Cycle,
    /// The worker's summary of the change (a line per table, warnings, notes).
    pub summary: String,
    /// A line per table that loses rows, naming them (empty: nothing is removed).
    pub removals: Vec<String>,
}

/// Imports `files` into the cycle whose JSON is `cycle` (all-or-nothing, in the I/O
/// worker).
pub async fn import_files(
    files: &[web_sys::File],
    cycle: String,
) -> Result<ImportChecked, ImportFailure> {
    let arr = js_sys::Array::new();
    for f in files {
        let buf = JsFuture::from(f.array_buffer()).await.map_err(|e| {
            ImportFailure::Failed(format!("{}: could not be read ({e:?})", f.name()))
        })?;
        let o = Object::new();
        put(&o, "name", f.name());
        put(&o, "bytes", js_sys::Uint8Array::new(&buf));
        arr.push(&o);
    }
    let msg = Object::new();
    put(&msg, "files", arr);
    put(&msg, "cycle", cycle);
    let r = call("import", msg)
        .await
        .map_err(|e| ImportFailure::Failed(format!("The import could not run: {e}")))?;
    let texts = |k: &str| -> Vec<String> {
        js_sys::Array::from(&field(&r, k))
            .iter()
            .filter_map(|e| e.as_string())
            .collect()
    };
    if field(&r, "ok").as_bool() != Some(true) {
        return Err(ImportFailure::Refused(texts("errors")));
    }
    let text = field(&r, "cycle").as_string().unwrap_or_default();
    let cycle = serde_json::from_str(&text)
        .map_err(|e| ImportFailure::Failed(format!("The import result could not be read: {e}")))?;
    Ok(ImportChecked {
        cycle,
        summary: field(&r, "summary").as_string().unwrap_or_default(),
        removals: texts("removals"),
    })
}
