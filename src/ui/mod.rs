//! The Leptos app: one folder per cycle step, on one shared [`state::AppState`].
//!
//! Data flows one way: stored workspace → signal → engine → plan memos → views; edits go
//! back as [`crate::engine::command::Command`]s (undo/redo), and every change is saved.

pub mod format;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod chart;
#[cfg(target_arch = "wasm32")]
mod forecasting;
#[cfg(target_arch = "wasm32")]
mod glossary;
#[cfg(target_arch = "wasm32")]
mod grid;
#[cfg(target_arch = "wasm32")]
mod handover;
#[cfg(target_arch = "wasm32")]
mod io;
#[cfg(target_arch = "wasm32")]
mod lazy;
#[cfg(target_arch = "wasm32")]
mod meeting;
#[cfg(target_arch = "wasm32")]
mod notes;
#[cfg(target_arch = "wasm32")]
mod overview;
#[cfg(target_arch = "wasm32")]
mod paged;
#[cfg(target_arch = "wasm32")]
mod reason;
#[cfg(target_arch = "wasm32")]
mod restore;
#[cfg(target_arch = "wasm32")]
mod route;
#[cfg(target_arch = "wasm32")]
mod slices;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod tile;
#[cfg(target_arch = "wasm32")]
mod tree;
#[cfg(target_arch = "wasm32")]
mod workspace;

#[cfg(target_arch = "wasm32")]
mod accuracy;
#[cfg(target_arch = "wasm32")]
mod data;
#[cfg(target_arch = "wasm32")]
mod demand;
#[cfg(target_arch = "wasm32")]
mod executive;
#[cfg(target_arch = "wasm32")]
mod finance;
#[cfg(target_arch = "wasm32")]
mod supply;
#[cfg(target_arch = "wasm32")]
mod team;

#[cfg(target_arch = "wasm32")]
pub use web::{download, download_bytes, start};

#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::JsCast;

    /// Entry point: a panic shows a message on the page (never a blank page), then mounts
    /// the app in place of the loading notice.
    pub fn start() {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_fatal(&info.to_string());
        }));
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        leptos::mount::mount_to_body(super::app::App);
    }

    fn document() -> web_sys::Document {
        web_sys::window()
            .and_then(|w| w.document())
            .expect("a browser document")
    }

    /// Replaces the page with an error notice. Used where the app can no longer run.
    fn show_fatal(message: &str) {
        let doc = document();
        let Some(body) = doc.body() else { return };
        let Ok(div) = doc.create_element("div") else {
            return;
        };
        div.set_class_name("fatal");
        let _ = div.set_attribute("role", "alert");
        div.set_inner_html(
            "<h1>Something went wrong</h1><p class=\"fatal-msg\"></p>\
         <p>Everything shown as <b>saved</b> is kept in this browser. \
         <a href=\"\">Reload the page</a> to continue.</p>",
        );
        if let Ok(Some(p)) = div.query_selector(".fatal-msg") {
            p.set_text_content(Some(message));
        }
        if let Ok(el) = div.dyn_into::<web_sys::HtmlElement>() {
            let _ = body.append_child(&el);
        }
    }

    /// Offers `content` as a file download named `file_name`.
    pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
        download_part(file_name, mime, &wasm_bindgen::JsValue::from_str(content))
    }

    /// Offers binary `bytes` (a `Uint8Array`) as a file download named `file_name`.
    pub fn download_bytes(
        file_name: &str,
        mime: &str,
        bytes: &js_sys::Uint8Array,
    ) -> Result<(), String> {
        download_part(file_name, mime, bytes)
    }

    fn download_part(
        file_name: &str,
        mime: &str,
        part: &wasm_bindgen::JsValue,
    ) -> Result<(), String> {
        let parts = js_sys::Array::of1(part);
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
            .map_err(|e| format!("{e:?}"))?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
        let a: web_sys::HtmlAnchorElement = document()
            .create_element("a")
            .map_err(|e| format!("{e:?}"))?
            .unchecked_into();
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Ok(())
    }
}
