//! The page's side of the import/export worker ([`crate::io_worker`]): started on first
//! use; `call` sends a request and resolves with the worker's reply.
//!
//! A worker that crashes (an `error` event: out of memory, a trap), sends an unreadable
//! message (`messageerror`) or does not answer in time is terminated; every call waiting
//! on it gets an `Err` that says what happened, and the next call starts a new worker.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const WORKER_URL: &str = "./io-worker-boot.js";

/// How long a request may take before the worker is taken for hung: generous for a
/// 20,000-SKU workbook on a slow laptop.
fn timeout_ms(op: &str) -> i32 {
    match op {
        "template_csv" | "template_xlsx" => 30_000,
        _ => 120_000,
    }
}

/// A call waiting for its reply.
struct Waiter {
    op: String,
    resolve: Function,
    reject: Function,
    timer: i32,
}

struct Client {
    worker: web_sys::Worker,
    next: u32,
    ready: bool,
    queue: Vec<JsValue>,
    waiting: HashMap<u32, Waiter>,
}

/// Why the worker was given up.
#[derive(Clone, Copy)]
enum Failure {
    Crashed,
    Unreadable,
    TimedOut { op_of_late_call: bool, secs: i32 },
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
}

/// What a request does, for messages ("The import", "The CSV export", …).
fn what(op: &str) -> &'static str {
    match op {
        "import" => "The import",
        "csv" => "The CSV export",
        "workbook" => "The workbook export",
        "template_csv" | "template_xlsx" => "The template download",
        _ => "The request",
    }
}

/// The message for a call of `op` that the worker's `failure` ended.
fn message(op: &str, failure: Failure) -> String {
    let why = match failure {
        Failure::Crashed if op == "import" => {
            "the file could not be processed (the import worker ran out of memory or crashed)"
                .to_string()
        }
        Failure::Crashed => "the import/export worker ran out of memory or crashed".to_string(),
        Failure::Unreadable => "the import/export worker's reply could not be read".to_string(),
        Failure::TimedOut {
            op_of_late_call: true,
            secs,
        } => format!(
            "no answer after {secs} s (the import/export worker was stopped; the data may be too large)"
        ),
        Failure::TimedOut { .. } => {
            "an earlier request got no answer and the import/export worker was restarted"
                .to_string()
        }
    };
    let after = if op == "import" {
        "Nothing was changed."
    } else {
        "Try again."
    };
    format!("{} stopped: {why}. {after}", what(op))
}

/// Terminates `c`'s worker (the next call starts a new one) and fails every waiting call.
fn give_up(c: &Rc<RefCell<Client>>, failure: Failure, late: Option<u32>) {
    CLIENT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_some_and(|s| Rc::ptr_eq(s, c)) {
            *slot = None;
        }
    });
    let waiting = {
        let mut c = c.borrow_mut();
        c.worker.set_onmessage(None);
        c.worker.set_onerror(None);
        c.worker.set_onmessageerror(None);
        c.worker.terminate();
        c.queue.clear();
        std::mem::take(&mut c.waiting)
    };
    let window = web_sys::window();
    for (id, w) in waiting {
        if let Some(win) = &window {
            win.clear_timeout_with_handle(w.timer);
        }
        let failure = match failure {
            Failure::TimedOut { secs, .. } => Failure::TimedOut {
                op_of_late_call: late == Some(id),
                secs,
            },
            f => f,
        };
        let _ = w
            .reject
            .call1(&JsValue::NULL, &message(&w.op, failure).into());
    }
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
    // The handlers hold the client weakly: a given-up client is dropped.
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
            if let Some(w) = c.waiting.remove(&id) {
                drop(c);
                if let Some(win) = web_sys::window() {
                    win.clear_timeout_with_handle(w.timer);
                }
                let _ = w.resolve.call1(&JsValue::NULL, &data);
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_failure = |me: Weak<RefCell<Client>>, failure: Failure| {
        Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // Handled here: not reported again as an uncaught error of the page.
            ev.prevent_default();
            if let Some(err) = ev.dyn_ref::<web_sys::ErrorEvent>() {
                web_sys::console::warn_1(&format!("import worker: {}", err.message()).into());
            }
            if let Some(me) = me.upgrade() {
                give_up(&me, failure, None);
            }
        })
    };
    let on_error = on_failure(Rc::downgrade(&c), Failure::Crashed);
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let on_messageerror = on_failure(Rc::downgrade(&c), Failure::Unreadable);
    worker.set_onmessageerror(Some(on_messageerror.as_ref().unchecked_ref()));
    on_messageerror.forget();
    CLIENT.with(|slot| *slot.borrow_mut() = Some(c.clone()));
    Ok(c)
}

/// Sends `op` with the fields of `msg` and waits for the reply; a reply with `error`
/// becomes `Err`, and so does a worker that crashed or did not answer in time (see the
/// module's comment).
pub async fn call(op: &str, msg: Object) -> Result<JsValue, String> {
    request(op, msg).await.map_err(|e| match e {
        CallError::Stopped(m) | CallError::Failed(m) => m,
    })
}

/// Why a call gave no reply.
enum CallError {
    /// The worker crashed, could not be read or timed out: a full sentence.
    Stopped(String),
    /// The worker did not start, or answered with an error.
    Failed(String),
}

async fn request(op: &str, msg: Object) -> Result<JsValue, CallError> {
    let c = client().map_err(CallError::Failed)?;
    let id = {
        let mut c = c.borrow_mut();
        c.next += 1;
        c.next
    };
    let _ = Reflect::set(&msg, &"op".into(), &op.into());
    let _ = Reflect::set(&msg, &"id".into(), &id.into());
    let ms = timeout_ms(op);
    let weak = Rc::downgrade(&c);
    let on_timeout = Closure::once_into_js(move || {
        if let Some(c) = weak.upgrade()
            && c.borrow().waiting.contains_key(&id)
        {
            let secs = ms / 1000;
            let failure = Failure::TimedOut {
                op_of_late_call: true,
                secs,
            };
            give_up(&c, failure, Some(id));
        }
    });
    let cc = c.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let mut c = cc.borrow_mut();
        if c.ready
            && let Err(e) = c.worker.post_message(&msg)
        {
            let text = format!("{} could not start: {e:?}", what(op));
            let _ = reject.call1(&JsValue::NULL, &text.into());
            return;
        }
        let timer = web_sys::window()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    on_timeout.unchecked_ref(),
                    ms,
                )
                .ok()
            })
            .unwrap_or(0);
        c.waiting.insert(
            id,
            Waiter {
                op: op.to_string(),
                resolve,
                reject,
                timer,
            },
        );
        if !c.ready {
            c.queue.push(msg.clone().into());
        }
    });
    drop(c);
    let reply = JsFuture::from(promise)
        .await
        .map_err(|e| CallError::Stopped(e.as_string().unwrap_or_else(|| format!("{e:?}"))))?;
    match Reflect::get(&reply, &"error".into())
        .ok()
        .and_then(|v| v.as_string())
    {
        Some(e) => Err(CallError::Failed(e)),
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
    inspect_files(files, cycle).await.1
}

/// [`import_files`] with each file's report — the table recognised, its column
/// mapping, its rows and its problems (`store::import::FileCheck`) — for the "company
/// from files" wizard. The reports are empty when the files could not be sent.
pub async fn inspect_files(
    files: &[web_sys::File],
    cycle: String,
) -> (
    Vec<crate::store::import::FileCheck>,
    Result<ImportChecked, ImportFailure>,
) {
    let arr = js_sys::Array::new();
    for f in files {
        let buf = match JsFuture::from(f.array_buffer()).await {
            Ok(b) => b,
            Err(e) => {
                let why = format!("{}: could not be read ({e:?})", f.name());
                return (Vec::new(), Err(ImportFailure::Failed(why)));
            }
        };
        let o = Object::new();
        put(&o, "name", f.name());
        put(&o, "bytes", js_sys::Uint8Array::new(&buf));
        arr.push(&o);
    }
    let msg = Object::new();
    put(&msg, "files", arr);
    put(&msg, "cycle", cycle);
    let reply = request("import", msg).await;
    let reports = reply
        .as_ref()
        .ok()
        .and_then(|r| field(r, "files").as_string())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    (reports, checked(reply))
}

/// The import's reply as what the Data view shows before applying it.
fn checked(reply: Result<JsValue, CallError>) -> Result<ImportChecked, ImportFailure> {
    let r = reply.map_err(|e| match e {
        CallError::Stopped(m) => ImportFailure::Failed(m),
        CallError::Failed(m) => ImportFailure::Failed(format!("The import could not run: {m}")),
    })?;
    let texts = |k: &str| strings(&field(&r, k));
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

/// A table of the cycle whose JSON is `cycle` as the CSV export writes it: its column
/// names and its rows of text (in the I/O worker).
pub async fn table_rows(cycle: String, table: &str) -> Result<TableRows, String> {
    let msg = Object::new();
    put(&msg, "cycle", cycle);
    put(&msg, "table", table.to_string());
    let r = request("table", msg).await.map_err(|e| match e {
        CallError::Stopped(m) | CallError::Failed(m) => m,
    })?;
    Ok(TableRows {
        columns: strings(&field(&r, "columns")),
        rows: js_sys::Array::from(&field(&r, "rows"))
            .iter()
            .map(|row| strings(&row))
            .collect(),
    })
}

/// A reply's array of texts (anything else in it reads as "").
fn strings(v: &JsValue) -> Vec<String> {
    js_sys::Array::from(v)
        .iter()
        .map(|x| x.as_string().unwrap_or_default())
        .collect()
}

/// A table as text: what the Data view shows and edits.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TableRows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Imports `rows` as table `table` of the cycle whose JSON is `cycle`: the same reading,
/// validation and summary as a file of that table (in the I/O worker).
pub async fn import_rows(
    cycle: String,
    table: &str,
    rows: &TableRows,
) -> Result<ImportChecked, ImportFailure> {
    let texts =
        |v: &[String]| -> js_sys::Array { v.iter().map(|x| JsValue::from_str(x)).collect() };
    let msg = Object::new();
    put(&msg, "cycle", cycle);
    put(&msg, "table", table.to_string());
    put(&msg, "columns", texts(&rows.columns));
    put(
        &msg,
        "rows",
        rows.rows
            .iter()
            .map(|r| texts(r))
            .collect::<js_sys::Array>(),
    );
    checked(request("edit_table", msg).await)
}
