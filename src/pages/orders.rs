use leptos::prelude::*;

/// One order.
#[component]
pub fn OrderPage() -> impl IntoView {
    view! { <h1>"Order"</h1> }
}

/// The Order history tab.
#[component]
pub fn OrderHistoryTab(customer: csp_domain::CustomerId) -> impl IntoView {
    let _ = customer;
    view! { <p>"Orders"</p> }
}
