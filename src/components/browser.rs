//! What the after-sale pages ask of the browser: saving a downloaded file and the clipboard.

use std::future::Future;
use std::pin::Pin;

use csp_domain::queries::DownloadFile;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::backend::Answer;

/// Hands `file` to the browser as a download: a Blob behind a temporary `<a download>`.
pub fn save_file(file: &DownloadFile) -> Result<(), String> {
    save_as(file, "text/plain;charset=utf-8")
}

/// Hands `file` to the browser as a download of the media type `mime` (`text/csv`...).
pub fn save_as(file: &DownloadFile, mime: &str) -> Result<(), String> {
    let describe = |error: JsValue| format!("{error:?}");
    let parts = web_sys::js_sys::Array::of1(&JsValue::from_str(&file.content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = leptos::prelude::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(&file.file_name);
    anchor.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
    }
    anchor.click();
    anchor.remove();
    // The click has started the download; the object URL may go once it is read.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = leptos::prelude::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// Copies `text` to the clipboard; `on_refused` runs if the browser does not allow it.
pub fn copy_text(text: &str, on_refused: impl FnOnce() + 'static) {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    let mut on_refused = Some(on_refused);
    let refused = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        if let Some(on_refused) = on_refused.take() {
            on_refused();
        }
    });
    let _ = clipboard.write_text(text).catch(&refused);
    // Runs at most once, when the browser answers; a few bytes per copy.
    refused.forget();
}

/// The address of this app, such as `https://desk.example`, to make a copied link absolute.
pub fn origin() -> String {
    leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default()
}

/// The CSV of every row of a list, read when it is asked for.
pub type EveryRow = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Answer<String>>>>>;

/// A "Download CSV" button for a list whose table shows only a page of it: pressed, it reads
/// every row with `read` (as CSV), then saves it as `file_name`. It is busy while it reads,
/// and says why if the read or the browser fails.
pub fn csv_of_every_row(file_name: String, read: EveryRow) -> leptos::prelude::AnyView {
    let label = crate::i18n::use_texts().closing.download_csv;
    file_of_every_row(label, file_name, "text/csv;charset=utf-8", read)
}

/// A button named `label` that reads a whole list as a file of the media type `mime` when it
/// is pressed (see [`csv_of_every_row`]).
// Not generic: the wasm holds it once, whatever the list.
pub fn file_of_every_row(
    label: &'static str,
    file_name: String,
    mime: &'static str,
    read: EveryRow,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let texts = crate::i18n::use_texts();
    let failed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |_| {
        // One read at a time, however often the button is pressed.
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let reading = read();
        let file_name = file_name.clone();
        leptos::task::spawn_local(async move {
            let saved = match reading.await {
                Ok(content) => save_as(&DownloadFile { file_name, content }, mime),
                Err(error) => Err(super::error_text(texts, &error)),
            };
            // The page may be gone by now.
            let _ = failed.try_set(saved.err());
            let _ = busy.try_set(false);
        });
    };
    view! {
        <button type="button" class="download" aria-busy=move || busy.get().to_string() on:click=save>
            {label}
        </button>
        {move || failed.get().map(|reason| view! { <span role="alert" class="error">{reason}</span> })}
    }
    .into_any()
}
