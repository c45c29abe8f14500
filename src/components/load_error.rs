use leptos::prelude::*;

use crate::i18n::use_texts;

/// A request that failed, said where it happened, with a way to try again.
#[component]
pub fn LoadError(reason: String, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <div class="banner banner-error" role="alert">
            <p>{texts.could_not_load(&reason)}</p>
            <button type="button" on:click=move |_| retry.run(())>
                {texts.try_again}
            </button>
        </div>
    }
}
