//! Support: the requests filed, and "Report a problem", the CSP Purchase/Refund form.

use csp_domain::paging::Page;
use csp_domain::{
    Action, FieldProblem, FormField, Impact, Intent, ProblemType, Refusal, Reply, SupportRequest,
    SupportRequestForm, SupportRequestId, SupportRequestStatus,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;

use crate::backend::{use_backend, BackendError};
use crate::components::{
    error_text, loaded, page_in_url, pager_in_url, DataTable, KeyedRow, KeyedRows,
};
use crate::i18n::format;
use crate::i18n::{messages, use_texts};
use crate::routes;
use crate::session::use_session;

use super::support_request::{request_detail, request_heading, Outcome};

/// What the Support page shows: a page of the requests filed, or one request on its own.
#[derive(Clone)]
enum Shown {
    Requests(Page<SupportRequest>),
    Request(Box<SupportRequest>),
}

/// The support requests filed, newest first, a page of 50 at a time, with their state, and
/// the way to file one; or, with `selected`, one request's own page. Only what is shown is
/// read.
#[component]
pub fn SupportPage(#[prop(optional)] selected: Option<SupportRequestId>) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let outcome = RwSignal::new(Outcome::Idle);
    let page = page_in_url();
    let fetch = {
        let selected = selected.clone();
        move || {
            session.track();
            let backend = backend.clone();
            let selected = selected.clone();
            let number = page.get();
            async move {
                let shown = match selected {
                    Some(id) => Shown::Request(Box::new(backend.support_request(id).await?)),
                    None => Shown::Requests(backend.support_requests(number).await?),
                };
                let users = backend.user_names().await;
                Ok((shown, users))
            }
        }
    };
    let heading = match &selected {
        Some(id) => request_heading(id, outcome),
        None => view! {
            <div class="page-heading">
                <h1>{texts.support}</h1>
                <a class="button button-primary" href=routes::REPORT_A_PROBLEM>{t.report_a_problem}</a>
            </div>
            <p>{texts.support_intro}</p>
            <h2>{t.your_requests}</h2>
        }
        .into_any(),
    };
    let loading = if selected.is_some() {
        t.loading_request
    } else {
        t.loading_requests
    };
    view! {
        {heading}
        {loaded(loading, None, fetch, move |(shown, users)| {
            let requests = match shown {
                Shown::Request(request) => return request_detail(*request, users, outcome),
                Shown::Requests(requests) => requests,
            };
            if requests.matching == 0 {
                return view! { <p>{t.no_requests}</p> }.into_any();
            }
            let pages = pager_in_url(requests.offset, requests.items.len(), requests.matching, "page");
            view! {
                <DataTable label=t.your_requests columns=vec![t.request_id, t.field_title, texts.glossary.tenant_or_domain, t.filed, t.state]>
                        {KeyedRows(requests.items.into_iter().map(|request| {
                            let filed = format::date_time(request.filed_at);
                            let class = status_class(request.status);
                            let state = t.request_state(request.status);
                            // Everything the row shows but its id, which is its key.
                            let shows = [&request.form.title, &request.form.tenant_or_domain, &filed, class, state].join("\n");
                            let row = view! {
                                <tr>
                                    <td><a href=routes::support_request(&request.id)><code>{request.id.0.clone()}</code></a></td>
                                    <td>{request.form.title}</td>
                                    <td>{request.form.tenant_or_domain}</td>
                                    <td>{filed}</td>
                                    <td>
                                        <span class=class>{state}</span>
                                    </td>
                                </tr>
                            };
                            KeyedRow::new(request.id.0.clone(), shows, row.into_any())
                        }).collect())}
                    </DataTable>
                {pages}
            }.into_any()
        })}
    }
}

/// The badge of a request's state, on the list and on its own page.
pub(super) fn status_class(status: SupportRequestStatus) -> &'static str {
    match status {
        SupportRequestStatus::Open => "status status-active",
        SupportRequestStatus::AttentionNeeded => "status status-pending",
        _ => "status status-ended",
    }
}

/// The fields of the form, in the order it shows them.
const FIELDS: [FormField; 8] = [
    FormField::Title,
    FormField::TenantOrDomain,
    FormField::OrderOrSubscriptionId,
    FormField::RefundReason,
    FormField::AmountRequested,
    FormField::ContactName,
    FormField::ContactEmail,
    FormField::ContactPhone,
];

pub fn field_id(field: FormField) -> &'static str {
    match field {
        FormField::Title => "support-title",
        FormField::TenantOrDomain => "support-tenant",
        FormField::OrderOrSubscriptionId => "support-order",
        FormField::RefundReason => "support-reason",
        FormField::AmountRequested => "support-amount",
        FormField::ContactName => "support-contact-name",
        FormField::ContactEmail => "support-email",
        FormField::ContactPhone => "support-phone",
        FormField::Files => "support-files",
        FormField::Note => "support-note",
        FormField::CompanyName => "customer-name",
        FormField::DefaultDomain => "customer-domain",
        FormField::TenantId => "customer-tenant",
        FormField::Market => "customer-market",
        FormField::Currency => "customer-currency",
        FormField::Email => "user-email",
        FormField::DisplayName => "user-name",
        FormField::Password => "user-password",
    }
}

/// "Report a problem": the CSP Purchase/Refund support request. Every field is checked with
/// the domain's rules and a message at the field; a form with errors keeps what was typed.
#[component]
pub fn ReportAProblemPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let query = use_query_map();
    let prefill = |key: &str| query.with_untracked(|query| query.get(key).unwrap_or_default());
    let values: Vec<(FormField, RwSignal<String>)> = FIELDS
        .into_iter()
        .map(|field| {
            let initial = match field {
                FormField::TenantOrDomain => prefill("tenant"),
                FormField::OrderOrSubscriptionId => prefill("order"),
                FormField::Title if !prefill("product").is_empty() => {
                    t.refund_title(&prefill("product"))
                }
                _ => String::new(),
            };
            (field, RwSignal::new(initial))
        })
        .collect();
    let values = StoredValue::new(values);
    let value_of = move |field: FormField| {
        values.with_value(|values| {
            values
                .iter()
                .find(|(each, _)| *each == field)
                .map(|(_, value)| *value)
                .expect("every field has a value")
        })
    };
    let impact = RwSignal::new(Impact::Moderate);
    let files = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Vec::<(FormField, FieldProblem)>::new());
    let failure = RwSignal::new(None::<String>);
    let filed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let form = move || {
        let text = |field| value_of(field).get_untracked();
        SupportRequestForm {
            problem_type: ProblemType::CspPurchaseRefund,
            impact: impact.get_untracked(),
            title: text(FormField::Title),
            tenant_or_domain: text(FormField::TenantOrDomain),
            order_or_subscription_id: text(FormField::OrderOrSubscriptionId),
            refund_reason: text(FormField::RefundReason),
            amount_requested: text(FormField::AmountRequested),
            contact_name: text(FormField::ContactName),
            contact_email: text(FormField::ContactEmail),
            contact_phone: text(FormField::ContactPhone),
            files: files.get_untracked(),
        }
    };
    let focus_first_error = move || {
        if let Some((field, _)) = errors.get_untracked().first() {
            if let Some(element) = document().get_element_by_id(field_id(*field)) {
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let form = form();
        failure.set(None);
        filed.set(None);
        let found = form.problems();
        if !found.is_empty() {
            errors.set(found);
            focus_first_error();
            return;
        }
        errors.set(Vec::new());
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            busy.set(true);
            let answer = backend
                .run(
                    Intent::FileSupportRequest { form },
                    Reply::into_support_request,
                )
                .await;
            busy.set(false);
            match answer {
                Ok(request) => {
                    filed.set(Some(t.request_filed(&request.id.0)));
                    values.with_value(|values| {
                        values
                            .iter()
                            .for_each(|(_, value)| value.set(String::new()))
                    });
                    files.set(Vec::new());
                    // The file input keeps its chosen files until told otherwise.
                    if let Some(input) = document()
                        .get_element_by_id("support-files")
                        .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.set_value("");
                    }
                    session.changed();
                }
                Err(BackendError::Refused(Refusal::InvalidField { field, problem })) => {
                    errors.set(vec![(field, problem)]);
                    focus_first_error();
                }
                Err(error) => failure.set(Some(error_text(texts, &error))),
            }
        });
    };
    let error_of = move |field: FormField| {
        errors.with(|errors| {
            errors
                .iter()
                .find(|(each, _)| *each == field)
                .map(|(_, problem)| problem.clone())
        })
    };
    let text_field = move |field: FormField, kind: &'static str, hint: Option<&'static str>| {
        let id = field_id(field);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let value = value_of(field);
        let described = {
            let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
            move || {
                let mut ids = Vec::new();
                if hint.is_some() {
                    ids.push(hint_id.clone());
                }
                if error_of(field).is_some() {
                    ids.push(error_id.clone());
                }
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        };
        let input = if kind == "textarea" {
            view! {
                <textarea
                    id=id
                    rows="4"
                    aria-invalid=move || error_of(field).is_some().to_string()
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                ></textarea>
            }
            .into_any()
        } else {
            view! {
                <input
                    id=id
                    type=kind
                    aria-invalid=move || error_of(field).is_some().to_string()
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                />
            }
            .into_any()
        };
        view! {
            <div class="field form-field" class:has-error=move || error_of(field).is_some()>
                <label for=id>{t.field_label(field)}</label>
                {hint.map(|hint| view! { <span id=hint_id class="hint">{hint}</span> })}
                {input}
                {move || error_of(field).map(|problem| view! {
                    <span id=error_id.clone() class="field-error">{t.field_problem(field, &problem)}</span>
                })}
            </div>
        }
    };
    let on_files = move |event: leptos::ev::Event| {
        let names = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .map(|list| {
                (0..list.length())
                    .filter_map(|index| list.get(index))
                    .map(|file| file.name())
                    .collect()
            })
            .unwrap_or_default();
        files.set(names);
    };
    // A customer's own admin cannot file one: say so before any field is filled in.
    let refused = session.user.with_untracked(|user| {
        user.as_ref()
            .and_then(|user| user.require(Action::FileSupportRequest).err())
    });
    if let Some(refusal) = refused {
        return view! {
            <h1>{t.report_a_problem}</h1>
            <p class="banner banner-error" role="alert">{messages::refusal(&refusal)}</p>
        }
        .into_any();
    }
    view! {
        <h1>{t.report_a_problem}</h1>
        <p>{t.report_intro}</p>
        {move || filed.get().map(|message| view! {
            <div class="banner banner-success" role="status">
                <p>{message}</p>
                <p><a href=routes::SUPPORT>{t.see_requests}</a></p>
            </div>
        })}
        {move || {
            let errors = errors.get();
            (!errors.is_empty()).then(|| {
                let names: Vec<&str> = errors.iter().map(|(field, _)| t.field_label(*field)).collect();
                view! {
                    <div class="banner banner-error" role="alert">
                        <p>{t.form_has_errors(&names.join(", "))}</p>
                    </div>
                }
            })
        }}
        {move || failure.get().map(|reason| view! { <p class="banner banner-error" role="alert">{reason}</p> })}
        <form class="support-form" novalidate on:submit=on_submit>
            <div class="field form-field">
                <label for="support-type">{t.problem_type}</label>
                <select id="support-type">
                    <option value="csp">{t.problem_type_refund}</option>
                </select>
            </div>
            <div class="field form-field">
                <label for="support-impact">{t.impact}</label>
                <select
                    id="support-impact"
                    prop:value=move || impact_value(impact.get())
                    on:change=move |event| impact.set(impact_from(&event_target_value(&event)))
                >
                    <option value="minimal">{t.impact_minimal}</option>
                    <option value="moderate">{t.impact_moderate}</option>
                    <option value="critical">{t.impact_critical}</option>
                </select>
            </div>
            {text_field(FormField::Title, "text", None)}
            <fieldset>
                <legend>{t.description}</legend>
                {text_field(FormField::TenantOrDomain, "text", Some(t.tenant_hint))}
                {text_field(FormField::OrderOrSubscriptionId, "text", None)}
                {text_field(FormField::RefundReason, "textarea", None)}
                {text_field(FormField::AmountRequested, "text", Some(t.amount_hint))}
            </fieldset>
            <fieldset>
                <legend>{t.contact}</legend>
                {text_field(FormField::ContactName, "text", None)}
                {text_field(FormField::ContactEmail, "email", None)}
                {text_field(FormField::ContactPhone, "tel", None)}
            </fieldset>
            <div class="field form-field" class:has-error=move || error_of(FormField::Files).is_some()>
                <label for="support-files">{t.files_optional}</label>
                <input
                    id="support-files"
                    type="file"
                    multiple
                    aria-invalid=move || error_of(FormField::Files).is_some().to_string()
                    aria-describedby=move || {
                        if error_of(FormField::Files).is_some() {
                            "support-files-list support-files-error"
                        } else {
                            "support-files-list"
                        }
                    }
                    on:change=on_files
                />
                <ul id="support-files-list" class="file-list" aria-label=t.attached_files>
                    {move || files.get().into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                </ul>
                {move || error_of(FormField::Files).map(|problem| view! {
                    <span id="support-files-error" class="field-error">{t.field_problem(FormField::Files, &problem)}</span>
                })}
            </div>
            <button type="submit" class="button-primary" disabled=move || busy.get()>{t.submit}</button>
        </form>
    }
    .into_any()
}

fn impact_value(impact: Impact) -> &'static str {
    match impact {
        Impact::Minimal => "minimal",
        Impact::Moderate => "moderate",
        Impact::Critical => "critical",
    }
}

fn impact_from(value: &str) -> Impact {
    match value {
        "minimal" => Impact::Minimal,
        "critical" => Impact::Critical,
        _ => Impact::Moderate,
    }
}
