//! The page's side of the team worker ([`crate::team_worker`]): started on the first
//! team action (automerge is not loaded before); `call` sends a request and waits for
//! the reply. A worker that crashes fails the waiting calls and is started anew.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const WORKER_URL: &str = "./team-worker-boot.js";

struct Client {
    worker: web_sys::Worker,
    next: u32,
    ready: bool,
    queue: Vec<JsValue>,
    waiting: HashMap<u32, (Function, Function)>,
}

/// What is called with the messages the worker sends unasked.
type Push = Rc<dyn Fn(JsValue)>;

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
    /// Called with each message the worker sends unasked (live sync's `live`, `changed`).
    static PUSH: RefCell<Option<Push>> = const { RefCell::new(None) };
}

/// Sets what is called with the messages the worker sends unasked.
pub fn on_push(f: impl Fn(JsValue) + 'static) {
    PUSH.with(|p| *p.borrow_mut() = Some(Rc::new(f)));
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
    let me = Rc::downgrade(&c);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(me) = me.upgrade() else { return };
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
            if let Some((resolve, _)) = c.waiting.remove(&id) {
                drop(c);
                let _ = resolve.call1(&JsValue::NULL, &data);
            } else if !Reflect::has(&data, &"id".into()).unwrap_or(false) {
                drop(c);
                if let Some(f) = PUSH.with(|p| p.borrow().clone()) {
                    f(data);
                }
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let me = Rc::downgrade(&c);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        let Some(me) = me.upgrade() else { return };
        CLIENT.with(|slot| *slot.borrow_mut() = None);
        let mut c = me.borrow_mut();
        c.worker.terminate();
        let msg =
            JsValue::from_str("the team worker stopped (out of memory or crashed); try again");
        for (_, (_, reject)) in c.waiting.drain() {
            let _ = reject.call1(&JsValue::NULL, &msg);
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    CLIENT.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Ok(c)
}

/// Sends `op` with the fields of `msg`; a reply with `error` becomes `Err`.
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
    let promise = Promise::new(&mut |resolve, reject| {
        let mut c = cc.borrow_mut();
        c.waiting.insert(id, (resolve, reject));
        if c.ready {
            let _ = c.worker.post_message(&msg);
        } else {
            c.queue.push(msg.clone().into());
        }
    });
    drop(c);
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    match Reflect::get(&reply, &"error".into())
        .ok()
        .and_then(|v| v.as_string())
    {
        Some(e) => Err(e),
        None => Ok(reply),
    }
}
