//! The sign-in page of a real server: shown in place of any page while no one is signed in,
//! so the page asked for opens once the person has signed in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::error_text;
use crate::i18n::use_texts;
use crate::session::use_session;

/// A labelled input the browser's password manager fills.
fn field(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                required
                prop:value=value
                on:input=move |event| value.set(event_target_value(&event))
            />
        </div>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let backend = use_backend();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let answer = match backend.server() {
                Ok(server) => {
                    server
                        .sign_in_with_password(&email.get_untracked(), &password.get_untracked())
                        .await
                }
                Err(error) => Err(error),
            };
            busy.set(false);
            match answer {
                Ok(user) => {
                    password.set(String::new());
                    failure.set(None);
                    session.user.set(Some(user));
                    session.changed();
                }
                Err(error) => failure.set(Some(error_text(texts, &error))),
            }
        });
    };
    view! {
        <section class="sign-in" aria-labelledby="sign-in-heading">
            <h1 id="sign-in-heading">{t.sign_in_heading}</h1>
            <p>{t.sign_in_intro}</p>
            <form on:submit=submit>
                {field("sign-in-email", t.email, "email", "username", email)}
                {field("sign-in-password", t.password, "password", "current-password", password)}
                {move || failure.get().map(|reason| view! {
                    <p class="banner banner-error" role="alert">{reason}</p>
                })}
                <button type="submit" class="button-primary" disabled=busy>
                    {move || if busy.get() { t.signing_in } else { t.sign_in }}
                </button>
            </form>
        </section>
    }
}
