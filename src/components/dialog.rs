use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html;
use leptos::prelude::*;

use crate::i18n::use_texts;

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A modal dialog on the browser's own `<dialog>`: focus moves into it and stays there, and
/// Escape closes it. Show it by rendering it; `on_close` should stop rendering it.
#[component]
pub fn Dialog(
    #[prop(into)] title: String,
    #[prop(into)] on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let texts = use_texts();
    let dialog = NodeRef::<html::Dialog>::new();
    let title_id = format!("dialog-title-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let labelled_by = title_id.clone();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    });
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=labelled_by on:close=move |_| on_close.run(())>
            <div class="dialog-header">
                <h2 id=title_id>{title}</h2>
                <button type="button" class="dialog-close" aria-label=texts.close on:click=move |_| on_close.run(())>
                    "×"
                </button>
            </div>
            <div class="dialog-body">{children()}</div>
        </dialog>
    }
}
