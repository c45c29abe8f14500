//! The workspaces whose content arrives with later capabilities: each has its URL and heading
//! now, so links and both layouts already reach them.

use leptos::prelude::*;

use crate::i18n::{use_texts, Texts};
use crate::routes;

fn workspace_page(
    title: fn(&Texts) -> &'static str,
    intro: fn(&Texts) -> &'static str,
) -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{title(texts)}</h1>
        <p>{intro(texts)}</p>
    }
}

/// Billing: invoices and credits.
#[component]
pub fn BillingPage() -> impl IntoView {
    workspace_page(|t| t.billing, |t| t.billing_intro)
}

/// Settings → Account settings → Activity log.
#[component]
pub fn ActivityLogPage() -> impl IntoView {
    workspace_page(|t| t.activity_log, |t| t.activity_log_intro)
}

/// Support requests.
#[component]
pub fn SupportPage() -> impl IntoView {
    workspace_page(|t| t.support, |t| t.support_intro)
}

/// Settings, with the account settings that lead to the activity log.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        {workspace_page(|t| t.settings, |t| t.settings_intro)}
        <h2>{texts.account_settings}</h2>
        <ul>
            <li>
                <a href=routes::ACTIVITY_LOG>{texts.activity_log}</a>
            </li>
        </ul>
    }
}
