//! How a failed request reads on the page: the refusal or the reason, in the person's
//! language, with a way on where there is one.

use csp_domain::Refusal;
use leptos::prelude::*;

use crate::backend::BackendError;
use crate::i18n::{use_texts, Texts};

/// What went wrong, as the page says it in the language of `texts`. Takes the texts rather
/// than reading them from the context, since it is called in tasks, which have none.
pub fn error_text(texts: &Texts, error: &BackendError) -> String {
    match error {
        BackendError::Refused(refusal) => texts.refusal(refusal),
        BackendError::Unavailable(reason) => texts.unavailable(reason),
    }
}

/// A failed change, said where the eye is; a change refused because someone else changed the
/// item since it was read offers to reload it.
#[component]
pub fn WriteFailure(error: BackendError) -> impl IntoView {
    let texts = use_texts();
    let stale = error == BackendError::Refused(Refusal::ChangedSinceRead);
    view! {
        <p class="banner banner-error" role="alert">
            {error_text(texts, &error)}
            {stale.then(|| view! {
                " "
                <button type="button" on:click=|_| reload()>{texts.reload}</button>
            })}
        </p>
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
