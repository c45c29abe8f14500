use leptos::prelude::*;

/// Add products for a customer.
#[component]
pub fn AddProductsPage() -> impl IntoView {
    view! { <h1>"Add products"</h1> }
}
