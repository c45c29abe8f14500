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

/// A button that downloads what `content` writes when pressed, as `file_name` of type `mime`
/// (a table's CSV, Closing soon's calendar); it says so if the browser refuses.
pub fn download_button(
    label: &'static str,
    file_name: String,
    mime: &'static str,
    content: impl Fn() -> String + 'static,
) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let failed = RwSignal::new(None::<String>);
    let save = move |_| {
        let file = DownloadFile {
            file_name: file_name.clone(),
            content: content(),
        };
        failed.set(save_as(&file, mime).err());
    };
    view! {
        <button type="button" class="download" on:click=save>{label}</button>
        {move || failed.get().map(|reason| view! { <span role="alert" class="error">{reason}</span> })}
    }
}

/// A table's "Download CSV" button: the rows as `export` writes them, as `file_name`.
pub fn csv_button<T: 'static>(
    file_name: String,
    rows: Vec<T>,
    export: fn(&[T]) -> String,
) -> leptos::prelude::AnyView {
    use leptos::prelude::IntoAny;
    let label = crate::i18n::use_texts().closing.download_csv;
    download_button(label, file_name, "text/csv;charset=utf-8", move || {
        export(&rows)
    })
    .into_any()
}

/// The CSV of every row of a list, read when it is asked for.
pub type EveryRow = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Answer<String>>>>>;

/// A "Download CSV" button for a list whose table shows only a page of it: pressed, it reads
/// every row with `read` (as CSV), then saves it as `file_name`. It is busy while it reads,
/// and says why if the read or the browser fails.
// Not generic: the wasm holds it once, whatever the list.
pub fn csv_of_every_row(file_name: String, read: EveryRow) -> leptos::prelude::AnyView {
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
                Ok(content) => save_as(
                    &DownloadFile { file_name, content },
                    "text/csv;charset=utf-8",
                ),
                Err(error) => Err(super::error_text(texts, &error)),
            };
            // The page may be gone by now.
            let _ = failed.try_set(saved.err());
            let _ = busy.try_set(false);
        });
    };
    view! {
        <button type="button" class="download" aria-busy=move || busy.get().to_string() on:click=save>
            {texts.closing.download_csv}
        </button>
        {move || failed.get().map(|reason| view! { <span role="alert" class="error">{reason}</span> })}
    }
    .into_any()
}
