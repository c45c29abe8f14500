use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::use_texts;
use crate::routes;

/// Any URL that names no page.
#[component]
pub fn NotFound() -> impl IntoView {
    let texts = use_texts();
    let location = use_location();
    view! {
        <h1>{texts.not_found_title}</h1>
        <p>{texts.not_found_body(&location.pathname.get())}</p>
        <p>
            <a href=routes::HOME>{texts.go_home}</a>
        </p>
    }
}
