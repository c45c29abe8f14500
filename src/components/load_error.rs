use leptos::prelude::*;

use crate::i18n::use_texts;

/// A request that failed, said where it happened, with a way to try again.
#[component]
pub fn LoadError(reason: String, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    // Without any texts loaded (see `Unavailable::NoTexts`) the reason says it all.
    let (said, again) = if texts.try_again.is_empty() {
        (reason, "⟳")
    } else {
        (texts.could_not_load(&reason), texts.try_again)
    };
    view! {
        <div class="banner banner-error" role="alert">
            <p>{said}</p>
            <button type="button" on:click=move |_| retry.run(())>
                {again}
            </button>
        </div>
    }
}
