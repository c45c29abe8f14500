//! Add customer: one customer from a form, or many from a CSV file, all or nothing. Both run
//! the domain's checks in the backend; the page shows what they said, field by field and row by
//! row.

use csp_domain::{CustomerForm, FormField, Intent, Refusal, Reply};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::backend::{use_backend, BackendError};
use crate::components::error_text;
use crate::i18n::use_texts;
use crate::routes;
use crate::session::use_session;

const FIELDS: [FormField; 5] = [
    FormField::CompanyName,
    FormField::DefaultDomain,
    FormField::TenantId,
    FormField::Market,
    FormField::Currency,
];

#[component]
pub fn AddCustomerPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    view! {
        <h1>{t.add_customer}</h1>
        <p>{t.add_customer_intro}</p>
        <CustomerFormView />
        <h2>{t.import_heading}</h2>
        <p>{t.import_intro}</p>
        <ImportForm />
    }
}

#[component]
fn CustomerFormView() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let labels = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let values: Vec<(FormField, RwSignal<String>)> = FIELDS
        .iter()
        .map(|field| (*field, RwSignal::new(String::new())))
        .collect();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<(Option<FormField>, String)>);
    let added = RwSignal::new(None::<csp_domain::Customer>);
    let read = {
        let values = values.clone();
        move |field: FormField| {
            values
                .iter()
                .find(|(known, _)| *known == field)
                .map(|(_, value)| value.get_untracked())
                .unwrap_or_default()
        }
    };
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let form = CustomerForm {
            name: read(FormField::CompanyName),
            default_domain: read(FormField::DefaultDomain),
            tenant_id: read(FormField::TenantId),
            market: read(FormField::Market),
            currency: read(FormField::Currency),
        };
        busy.set(true);
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let answer = backend
                .run(Intent::AddCustomer { form }, Reply::into_customer)
                .await;
            busy.set(false);
            match answer {
                Ok(customer) => {
                    failure.set(None);
                    added.set(Some(customer));
                    session.changed();
                }
                Err(error) => {
                    let field = match &error {
                        BackendError::Refused(Refusal::InvalidField { field, .. }) => Some(*field),
                        _ => None,
                    };
                    added.set(None);
                    failure.set(Some((field, error_text(texts, &error))));
                }
            }
        });
    };
    let inputs = values
        .into_iter()
        .map(|(field, value)| {
            let id = crate::pages::support_field_id(field);
            let hint = match field {
                FormField::Market => Some(t.market_hint),
                FormField::Currency => Some(t.currency_hint),
                _ => None,
            };
            let hint_id = format!("{id}-hint");
            let wrong =
                move || failure.with(|f| f.as_ref().is_some_and(|(f, _)| *f == Some(field)));
            view! {
                <div class="field">
                    <label for=id>{labels.field_label(field)}</label>
                    <input
                        id=id
                        type="text"
                        autocomplete="off"
                        required
                        aria-invalid=move || wrong().to_string()
                        aria-describedby=hint.map(|_| hint_id.clone())
                        prop:value=value
                        on:input=move |event| value.set(event_target_value(&event))
                    />
                    {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="add-customer" on:submit=submit>
            {inputs}
            {move || failure.get().map(|(_, reason)| view! {
                <p class="banner banner-error" role="alert">{reason}</p>
            })}
            {move || added.get().map(|customer| view! {
                <p class="banner" role="status">
                    {t.named(t.customer_added, &customer.name)}" "
                    <a href=routes::customer(&customer.id)>{t.named(t.open_customer, &customer.name)}</a>
                </p>
            })}
            <button type="submit" class="button-primary" disabled=busy>
                {move || if busy.get() { t.adding_customer } else { t.add_customer }}
            </button>
        </form>
    }
}

/// What an import said: how many were added, or the rows to fix.
#[derive(Clone)]
enum Imported {
    Added(usize),
    Rejected(Vec<String>),
    Failed(String),
}

#[component]
fn ImportForm() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.accounts;
    let backend = use_backend();
    let session = use_session();
    let file = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Imported>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let chosen = file
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(chosen) = chosen else {
            outcome.set(Some(Imported::Failed(t.choose_a_file.to_owned())));
            return;
        };
        busy.set(true);
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(chosen.text())
                .await
                .ok()
                .and_then(|text| text.dyn_into::<js_sys::JsString>().ok())
                .map(String::from);
            let Some(csv) = text else {
                busy.set(false);
                outcome.set(Some(Imported::Failed(t.file_unreadable.to_owned())));
                return;
            };
            let answer = backend
                .run(Intent::ImportCustomers { csv }, Reply::into_customers)
                .await;
            busy.set(false);
            outcome.set(Some(match answer {
                Ok(customers) => {
                    session.changed();
                    Imported::Added(customers.len())
                }
                Err(BackendError::Refused(Refusal::ImportRejected { problems })) => {
                    Imported::Rejected(problems.iter().map(|row| texts.row_problem(row)).collect())
                }
                Err(error) => Imported::Failed(error_text(texts, &error)),
            }));
        });
    };
    view! {
        <form class="import-customers" on:submit=submit>
            <div class="field">
                <label for="customer-csv">{t.csv_file}</label>
                <input id="customer-csv" type="file" accept=".csv,text/csv" node_ref=file />
            </div>
            <button type="submit" disabled=busy>
                {move || if busy.get() { t.importing } else { t.import }}
            </button>
            {move || outcome.get().map(|outcome| match outcome {
                Imported::Added(count) => view! { <p class="banner" role="status">{t.imported(count)}</p> }.into_any(),
                Imported::Rejected(rows) => view! {
                    <div class="banner banner-error" role="alert">
                        <p>{texts.messages.refused_import_rejected.split("{rows}").next().unwrap_or_default().trim().to_owned()}</p>
                        <ul>{rows.into_iter().map(|row| view! { <li>{row}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Imported::Failed(reason) => view! { <p class="banner banner-error" role="alert">{reason}</p> }.into_any(),
            })}
        </form>
    }
}
