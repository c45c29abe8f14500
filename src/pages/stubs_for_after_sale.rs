//! Placeholders for the after-sale pages while they are being written; each moves to its own
//! module. Not to be released.

use leptos::prelude::*;

#[component]
pub fn BillingPage() -> impl IntoView {
    view! { <h1>"Billing"</h1> }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <h1>"Settings"</h1> }
}

#[component]
pub fn ActivityLogPage() -> impl IntoView {
    view! { <h1>"Activity log"</h1> }
}

#[component]
pub fn SupportPage() -> impl IntoView {
    view! { <h1>"Support"</h1> }
}

#[component]
pub fn ReportAProblemPage() -> impl IntoView {
    view! { <h1>"Report a problem"</h1> }
}

#[component]
pub fn YourProductsPage() -> impl IntoView {
    view! { <h1>"Your products"</h1> }
}

#[component]
pub fn DownloadLinkPage() -> impl IntoView {
    view! { <h1>"Download"</h1> }
}

#[component]
pub fn VlToCspPage() -> impl IntoView {
    view! { <h1>"VL to CSP"</h1> }
}

#[component]
pub fn SoftwareTab(customer: csp_domain::CustomerId) -> impl IntoView {
    let _ = customer;
    view! { <p>"Software"</p> }
}

#[component]
pub fn SimulationClock() -> impl IntoView {
    view! { <span></span> }
}
