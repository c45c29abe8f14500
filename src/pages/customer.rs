use csp_domain::{Customer, CustomerId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::backend::{use_backend, BackendError};
use crate::components::LoadError;
use crate::i18n::{market_label, use_language, use_texts};
use crate::routes;

/// A customer's detail page.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let texts = use_texts();
    let backend = use_backend();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let customer = LocalResource::new(move || {
        let backend = backend.clone();
        let id = CustomerId(id.get());
        async move { backend.customer(id).await }
    });
    view! {
        <Transition fallback=move || view! { <p role="status">{texts.loading_customer}</p> }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(customer) => view! { <CustomerFacts customer /> }.into_any(),
                    Err(BackendError::CustomerNotFound(id)) => {
                        view! {
                            <h1>{texts.not_found_title}</h1>
                            <p>{(texts.no_such_customer)(&id.0)}</p>
                            <p>
                                <a href=routes::CUSTOMERS>{texts.all_customers}</a>
                            </p>
                        }
                            .into_any()
                    }
                    Err(error) => {
                        view! { <LoadError reason=error.to_string() retry=move || customer.refetch() /> }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn CustomerFacts(customer: Customer) -> impl IntoView {
    let texts = use_texts();
    let market = customer.market;
    let market_name = market_label(market, use_language());
    let prices = if market.prices_include_tax() {
        texts.prices_include_tax
    } else {
        texts.prices_exclude_tax
    };
    let azure = if market.sells_azure_reservations() {
        texts.azure_reservations_sold
    } else {
        texts.azure_reservations_not_sold
    };
    view! {
        <h1>{customer.name}</h1>
        <section aria-labelledby="customer-details">
            <h2 id="customer-details">{texts.customer_details}</h2>
            <dl class="facts">
                <dt>{texts.default_domain}</dt>
                <dd>{customer.default_domain}</dd>
                <dt>{texts.tenant_guid}</dt>
                <dd>
                    <code>{customer.tenant_id}</code>
                </dd>
                <dt>{texts.market}</dt>
                <dd>{market_name}</dd>
                <dt>{texts.currency}</dt>
                <dd>{customer.currency}</dd>
                <dt>{texts.prices}</dt>
                <dd>{prices}</dd>
                <dt>{texts.azure_reservations}</dt>
                <dd>{azure}</dd>
            </dl>
        </section>
        <p>
            <a href=routes::CUSTOMERS>{texts.all_customers}</a>
        </p>
    }
}
