//! One support request: its state, what was filed, what was added since, and what can still be
//! done with it (add information while it is not closed, close it).

use csp_domain::{
    FormField, Intent, Refusal, Reply, SupportRequest, SupportRequestId, SupportRequestStatus,
};
use leptos::prelude::*;

use crate::backend::{use_backend, BackendError, Names};
use crate::components::{focus_soon, WriteFailure};
use crate::i18n::{format, use_texts};
use crate::routes;
use crate::session::use_session;

use super::support::status_class;

/// What the last change on this page said, kept above the data that reloads after it.
#[derive(Clone, PartialEq)]
pub(super) enum Outcome {
    Idle,
    Done(&'static str),
    Failed(BackendError),
}

/// Above the request: the way back, its id, and what the last change said.
pub(super) fn request_heading(id: &SupportRequestId, outcome: RwSignal<Outcome>) -> AnyView {
    let t = &use_texts().after_sale;
    view! {
        <p class="breadcrumb-back">
            <a href=routes::SUPPORT>{t.back_to_requests}</a>
        </p>
        <h1>{t.request_heading(&id.0)}</h1>
        {move || match outcome.get() {
            Outcome::Idle => None,
            Outcome::Done(message) => Some(view! {
                <p class="banner banner-success" role="status" id="request-outcome" tabindex="-1">{message}</p>
            }.into_any()),
            Outcome::Failed(error) => Some(view! { <WriteFailure error /> }.into_any()),
        }}
    }
    .into_any()
}

/// A support request as the backend read it for its own page (only for partner users): its
/// state, what was filed, what was added since, and the changes it still takes.
pub(super) fn request_detail(
    request: SupportRequest,
    users: Names,
    outcome: RwSignal<Outcome>,
) -> AnyView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let status = request.status;
    let notes = if request.notes.is_empty() {
        view! { <p>{t.no_information_added}</p> }.into_any()
    } else {
        view! {
            <ol class="notes">
                {request.notes.iter().map(|note| view! {
                    <li>
                        <p class="note-meta">{format!("{}, {}", users.of(&note.added_by.0), format::date_time(note.added_at))}</p>
                        <p class="note-text">{note.text.clone()}</p>
                    </li>
                }).collect_view()}
            </ol>
        }.into_any()
    };
    let filed_by = users.of(&request.filed_by.0);
    let changes =
        (status != SupportRequestStatus::Closed).then(|| changes(request.id.clone(), outcome));
    view! {
        <p>
            <span class=status_class(status)>{t.request_state(status)}</span>
        </p>
        {(status == SupportRequestStatus::AttentionNeeded).then(|| view! {
            <p class="banner banner-warning">{t.attention_needed_hint}</p>
        })}
        {filed(request, filed_by)}
        <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">{t.added_information}</h2>
            {notes}
        </section>
        {match changes {
            Some(changes) => changes,
            None => view! { <p>{t.closed_hint}</p> }.into_any(),
        }}
    }
    .into_any()
}

/// The form as it was filed, as a list of facts.
fn filed(request: SupportRequest, filed_by: String) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let form = request.form;
    let facts = [
        (FormField::Title, form.title),
        (FormField::TenantOrDomain, form.tenant_or_domain),
        (
            FormField::OrderOrSubscriptionId,
            form.order_or_subscription_id,
        ),
        (FormField::RefundReason, form.refund_reason),
        (FormField::AmountRequested, form.amount_requested),
        (FormField::ContactName, form.contact_name),
        (FormField::ContactEmail, form.contact_email),
        (FormField::ContactPhone, form.contact_phone),
        (FormField::Files, form.files.join(", ")),
    ];
    view! {
        <section aria-labelledby="filed-heading">
            <h2 id="filed-heading">{t.what_was_filed}</h2>
            <dl class="facts">
                <dt>{t.filed}</dt>
                <dd>{format!("{}, {filed_by}", format::date_time(request.filed_at))}</dd>
                {facts.into_iter().filter(|(_, value)| !value.is_empty()).map(|(field, value)| view! {
                    <dt>{t.field_label(field)}</dt>
                    <dd>{value}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// Add information, and close the request.
fn changes(id: SupportRequestId, outcome: RwSignal<Outcome>) -> AnyView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(id);
    let change = move |intent: Intent, done: &'static str| {
        let backend = backend.clone();
        busy.set(true);
        outcome.set(Outcome::Idle);
        leptos::task::spawn_local(async move {
            let answer = backend.run(intent, Reply::into_support_request).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    text.set(String::new());
                    problem.set(None);
                    outcome.set(Outcome::Done(done));
                    session.changed();
                    focus_soon("request-outcome");
                }
                // A bad note is said at its field, where the person is typing.
                Err(BackendError::Refused(Refusal::InvalidField {
                    field,
                    problem: why,
                })) => {
                    problem.set(Some(t.field_problem(field, &why)));
                    focus_soon("support-note");
                }
                Err(error) => outcome.set(Outcome::Failed(error)),
            }
        });
    };
    let add = {
        let change = change.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let intent = Intent::AddSupportRequestNote {
                id: id.get_value(),
                text: text.get_untracked(),
            };
            change(intent, t.information_added);
        }
    };
    let close = move |_| {
        let intent = Intent::SetSupportRequestStatus {
            id: id.get_value(),
            status: SupportRequestStatus::Closed,
        };
        change(intent, t.request_closed);
    };
    view! {
        <form class="note-form" on:submit=add novalidate>
            <div class="field form-field" class:has-error=move || problem.with(Option::is_some)>
                <label for="support-note">{t.field_label(FormField::Note)}</label>
                <textarea
                    id="support-note"
                    rows="4"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    aria-describedby="support-note-error"
                    prop:value=text
                    on:input=move |event| text.set(event_target_value(&event))
                ></textarea>
                <span id="support-note-error" class="field-error">{move || problem.get()}</span>
            </div>
            <div class="actions actions-start">
                <button type="submit" class="primary" disabled=busy>{t.add_information}</button>
                <button type="button" on:click=close disabled=busy>{t.close_request}</button>
            </div>
        </form>
    }
    .into_any()
}
