use leptos::prelude::*;

/// One subscription.
#[component]
pub fn SubscriptionPage() -> impl IntoView {
    view! { <h1>"Subscription"</h1> }
}

/// The Subscriptions tab.
#[component]
pub fn SubscriptionsTab(customer: csp_domain::Customer) -> impl IntoView {
    let _ = customer;
    view! { <p>"Subscriptions"</p> }
}
