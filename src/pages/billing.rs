//! Billing: the credits cancellations booked, per monthly invoice.

use std::collections::BTreeMap;

use csp_domain::{Credit, InvoiceMonth};
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::{loaded, DataTable};
use crate::i18n::format;
use crate::i18n::glossary::money_with_tax;
use crate::i18n::use_texts;
use crate::routes;
use crate::session::use_session;

/// Credits per invoice month, newest month first: 100% for perpetual purchases, prorated for
/// subscriptions, each with the order and item it came from.
#[component]
pub fn BillingPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let fetch = move || {
        session.track();
        let backend = backend.clone();
        async move {
            let credits = backend.credits().await?;
            let names = backend.customer_names().await;
            Ok((credits, names))
        }
    };
    view! {
        <h1>{texts.billing}</h1>
        <p>{texts.billing_intro}</p>
        {loaded(t.loading_credits, None, fetch, move |(credits, names)| {
            if credits.is_empty() {
                view! { <p>{t.no_credits}</p> }.into_any()
            } else {
                let mut months: BTreeMap<InvoiceMonth, Vec<Credit>> = BTreeMap::new();
                for credit in credits {
                    months.entry(credit.invoice_month).or_default().push(credit);
                }
                months
                    .into_iter()
                    .rev()
                    .map(|(month, credits)| {
                        let title = t.invoice_month(&month.to_string());
                        let rows = credits.into_iter().map(|credit| {
                                        let name = names.of(&credit.customer.0);
                                        view! {
                                            <tr>
                                                <td><a href=routes::customer(&credit.customer)>{name}</a></td>
                                                <td><a href=routes::order(&credit.customer, &credit.order)>{credit.order.0.clone()}</a></td>
                                                <td>{crate::pages::subscriptions::product_name(&credit.product)}</td>
                                                <td>{format::date_time(credit.booked_at)}</td>
                                                <td class="amount">{money_with_tax(&texts.glossary, &credit.amount, credit.includes_tax)}</td>
                                            </tr>
                                        }
                                    }).collect_view();
                        view! {
                            <h2>{title.clone()}</h2>
                            <DataTable label=title columns=vec![t.customer, t.order, texts.selling.product, t.booked, t.credit]>
                                {rows}
                            </DataTable>
                        }
                    })
                    .collect_view()
                    .into_any()
            }
        })}
    }
}
