use csp_domain::{Action, Customer, CustomerId, Refusal};
use leptos::prelude::*;

use crate::backend::{use_backend, BackendError};
use crate::components::{loaded, LinkTab, LinkTabs};
use crate::i18n::{market_label, use_texts};
use crate::pages::orders::OrderHistoryTab;
use crate::pages::subscriptions::SubscriptionsTab;
use crate::pages::SoftwareTab;
use crate::routes;
use crate::routes::{use_customer_tab, CustomerTab};
use crate::session::use_session;

/// A customer's detail page: their facts, Add products, and the tabs Subscriptions, Software
/// and Order history, the chosen tab in the URL.
#[component]
pub fn CustomerPage(customer: CustomerId) -> impl IntoView {
    let texts = use_texts();
    let backend = use_backend();
    let tab = use_customer_tab();
    // Read once, not again on every change of the data: a customer's facts never change once
    // added, and a redraw would read the open tab's list from nothing and unfold the details.
    let fetch = move || {
        let backend = backend.clone();
        let id = customer.clone();
        // An unknown customer is an answer, shown as such, not a failure to retry.
        async move {
            match backend.customer(id.clone()).await {
                Ok(customer) => Ok(Ok(customer)),
                Err(BackendError::Refused(Refusal::UnknownCustomer { .. })) => Ok(Err(id)),
                Err(error) => Err(error),
            }
        }
    };
    loaded(
        texts.loading_customer,
        None,
        fetch,
        move |customer| match customer {
            Ok(customer) => view! { <CustomerFacts customer tab=tab.get() /> }.into_any(),
            Err(id) => view! {
                <h1>{texts.not_found_title}</h1>
                <p>{texts.no_such_customer(&id.0)}</p>
                <p>
                    <a href=routes::CUSTOMERS>{texts.all_customers}</a>
                </p>
            }
            .into_any(),
        },
    )
}

#[component]
fn CustomerFacts(customer: Customer, tab: CustomerTab) -> impl IntoView {
    let texts = use_texts();
    let market = customer.market;
    let market_name = market_label(market);
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
    let session = use_session();
    let id = customer.id.clone();
    let tab_name = |each| match each {
        CustomerTab::Subscriptions => texts.selling.subscriptions,
        CustomerTab::Software => texts.selling.software,
        CustomerTab::OrderHistory => texts.selling.order_history,
    };
    let tabs = CustomerTab::ALL
        .into_iter()
        .map(|each| LinkTab {
            href: routes::customer_tab(&id, each),
            label: tab_name(each),
            selected: each == tab,
        })
        .collect();
    let panel = match tab {
        CustomerTab::Subscriptions => {
            view! { <SubscriptionsTab customer=customer.clone() /> }.into_any()
        }
        CustomerTab::Software => view! { <SoftwareTab customer=id.clone() /> }.into_any(),
        CustomerTab::OrderHistory => view! { <OrderHistoryTab customer=id.clone() /> }.into_any(),
    };
    let panel_name = tab_name(tab);
    let buy_hint = move || {
        (!session.may(Action::BuyProducts)).then_some(texts.selling.add_products_needs_role)
    };
    view! {
        <div class="page-heading">
            <h1>{customer.name.clone()}</h1>
            <a class="button button-primary" href=routes::add_products(&id) aria-describedby="add-products-hint">
                {texts.selling.add_products}
            </a>
        </div>
        <p id="add-products-hint" class="hint">{buy_hint}</p>
        <details class="customer-details" open>
            <summary>{texts.customer_details}</summary>
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
        </details>
        <LinkTabs label=texts.selling.customer_tabs tabs />
        <section class="tab-panel" role="tabpanel" aria-label=panel_name>
            // The panel's own heading, so the headings inside it follow an h2, not the h1.
            <h2 class="visually-hidden">{panel_name}</h2>
            {panel}
        </section>
        <p>
            <a href=routes::CUSTOMERS>{texts.all_customers}</a>
        </p>
    }
}
