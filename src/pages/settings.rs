//! Settings: account settings (the activity log), the VL to CSP helper, and resetting the demo.

use csp_domain::Action;
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::{error_text, Dialog};
use crate::i18n::use_texts;
use crate::routes;
use crate::session::use_session;

/// The gear page: Account settings → Activity log, tools, and "Reset demo data".
#[component]
pub fn SettingsPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let real = crate::app::is_real_server();
    let confirming = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let reset = Callback::new(move |()| {
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let answer = backend.reset_demo().await;
            confirming.set(false);
            if answer.is_ok() {
                session.changed();
            }
            outcome.set(Some(answer.map_err(|error| error_text(texts, &error))));
        });
    });
    view! {
        <h1>{texts.settings}</h1>
        <p>{texts.settings_intro}</p>
        <h2>{texts.account_settings}</h2>
        <ul class="link-list">
            <li>
                <a href=routes::ACTIVITY_LOG>{texts.activity_log}</a>
                <span class="hint">" — "{texts.activity_log_summary}</span>
            </li>
            {(real && session.may(Action::ManageUsers)).then(|| view! {
                <li>
                    <a href=routes::USERS>{texts.accounts.users}</a>
                    <span class="hint">" — "{texts.accounts.users_summary}</span>
                </li>
            })}
        </ul>
        <h2>{t.tools}</h2>
        <ul class="link-list">
            <li>
                <a href=routes::VL_TO_CSP>{t.vl_to_csp_title}</a>
            </li>
            <li>
                <a href=routes::YOUR_PRODUCTS>{t.your_products_title}</a>
            </li>
        </ul>
        // A real server keeps its data: nothing here wipes it.
        {(!real).then(|| view! {
            <h2>{t.demo_data}</h2>
            <p>{t.reset_demo_intro}</p>
            <button type="button" on:click=move |_| confirming.set(true)>{t.reset_demo}</button>
        })}
        {move || outcome.get().map(|outcome| match outcome {
            Ok(()) => view! { <p role="status">{t.reset_done}</p> }.into_any(),
            Err(reason) => view! { <p class="error-text" role="alert">{reason}</p> }.into_any(),
        })}
        {move || confirming.get().then(|| view! {
            <Dialog title=t.reset_demo_confirm_title on_close=move || confirming.set(false)>
                <p>{t.reset_demo_confirm}</p>
                <div class="dialog-actions">
                    <button type="button" class="button-primary" on:click=move |_| reset.run(())>{t.reset_demo}</button>
                    <button type="button" on:click=move |_| confirming.set(false)>{t.keep_data}</button>
                </div>
            </Dialog>
        })}
    }
}
