//! The customer's own view: "Billing > Your products > Software", for their Global admin.

use leptos::prelude::*;

use crate::i18n::use_texts;
use crate::pages::SoftwareTab;
use crate::routes;
use crate::session::use_session;

/// A customer's Global admin sees their own organization's software with keys and downloads;
/// the backend refuses any other customer. Partner users read what this view is.
#[component]
pub fn YourProductsPage() -> impl IntoView {
    let t = &use_texts().after_sale;
    let session = use_session();
    let own = move || {
        session
            .user
            .with(|user| user.as_ref().and_then(|user| user.own_customer().cloned()))
    };
    view! {
        <h1>{t.your_products_title}</h1>
        <nav class="breadcrumb" aria-label=t.customer_view_path>
            <span>{t.billing_crumb}</span>
            <span aria-hidden="true">" › "</span>
            <span>{t.your_products_title}</span>
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{t.software}</span>
        </nav>
        {move || match own() {
            Some(customer) => view! {
                <h2>{t.software}</h2>
                <SoftwareTab customer />
            }
                .into_any(),
            None => view! {
                <p>{t.customer_view_for_partners}</p>
                <p>
                    <a href=routes::CUSTOMERS>{t.partner_software_hint}</a>
                </p>
            }
                .into_any(),
        }}
    }
}
