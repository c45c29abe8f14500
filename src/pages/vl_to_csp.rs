//! Moving a customer from volume licensing (KMS) to CSP (MAK) without downtime.

use csp_domain::{mak_deadline_for_day, Action, Customer, CustomerId, Intent, Reply};
use leptos::prelude::*;

use crate::backend::{use_backend, BackendError};
use crate::components::{customer_choice, loaded, WriteFailure};
use crate::i18n::{format, messages, use_texts};
use crate::session::use_session;
use crate::storage::{BrowserStorage, KeyValueStore};

/// Where the last date typed is kept, so a reload shows the same deadline.
const LAST_KMS_KEY: &str = "csp-desk.vl-to-csp.last-kms.v1";

/// Takes the last KMS activation date and shows the MAK deadline (180 days) and the days left
/// from the simulation clock's now; a date after today is refused with the reason.
#[component]
pub fn VlToCspPage() -> impl IntoView {
    let t = &use_texts().after_sale;
    let backend = use_backend();
    let session = use_session();
    let fetch = move || {
        session.track();
        let backend = backend.clone();
        async move { backend.now().await }
    };
    let saved = BrowserStorage.get(LAST_KMS_KEY).ok().flatten();
    let last = RwSignal::new(saved.unwrap_or_default());
    let choose = move |value: String| {
        // A date that cannot be kept lasts until the reload.
        let _ = BrowserStorage.set(LAST_KMS_KEY, &value);
        last.set(value);
    };
    let remember = session
        .may(Action::BuyProducts)
        .then(|| view! { <RememberDeadline last /> });
    view! {
        <h1>{t.vl_to_csp_title}</h1>
        <p>{t.vl_to_csp_intro}</p>
        <div class="field">
            <label for="last-kms">{t.last_kms_activation}</label>
            <input
                id="last-kms"
                type="date"
                prop:value=move || last.get()
                on:input=move |event| choose(event_target_value(&event))
                on:change=move |event| choose(event_target_value(&event))
            />
        </div>
        {loaded(t.reading_clock, None, fetch, move |now| {
            (move || match csp_domain::wire_time::parse_day(&last.get()).ok_or(()) {
                Ok(day) => match mak_deadline_for_day(day, now) {
                    Ok(deadline) => {
                        let when = format::date_time(deadline.deadline);
                        if deadline.passed {
                            view! { <p class="banner banner-warning" role="status">{t.mak_deadline_passed(&when)}</p> }.into_any()
                        } else {
                            view! { <p class="banner banner-info" role="status">{t.mak_deadline(&when, deadline.days_left)}</p> }.into_any()
                        }
                    }
                    Err(refusal) => view! { <p class="banner banner-error" role="alert">{messages::refusal(&refusal)}</p> }.into_any(),
                },
                Err(_) => view! { <p class="hint">{t.enter_kms_date}</p> }.into_any(),
            })
            .into_any()
        })}
        {remember}
    }
}

/// Where a remembering stands.
#[derive(Clone, PartialEq)]
enum Remembering {
    Idle,
    Saving,
    Done(String),
    Failed(BackendError),
}

/// "Remember this deadline for customer …": kept as an event, so Closing soon lists the MAK
/// deadline with every other deadline.
#[component]
fn RememberDeadline(last: RwSignal<String>) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.closing;
    let backend = use_backend();
    let session = use_session();
    let asked = leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get("customer"))
        .unwrap_or_default();
    let chosen = RwSignal::new(asked);
    // The choices shown, to name the chosen customer.
    let customers = RwSignal::new(Vec::<Customer>::new());
    let state = RwSignal::new(Remembering::Idle);
    let submit = move |_| {
        let Some(day) = csp_domain::wire_time::parse_day(&last.get_untracked()) else {
            return;
        };
        let customer = CustomerId(chosen.get_untracked());
        let name = customers.with_untracked(|list| {
            list.iter()
                .find(|found| found.id == customer)
                .map_or_else(|| customer.0.clone(), |found| found.name.clone())
        });
        let backend = backend.clone();
        state.set(Remembering::Saving);
        leptos::task::spawn_local(async move {
            let intent = Intent::RememberMakDeadline {
                customer,
                last_kms_activation: day,
            };
            let _ = state.try_set(match backend.run(intent, Reply::into_mak_deadline).await {
                Ok(deadline) => {
                    session.changed();
                    Remembering::Done(t.remembered(&name, &format::date_time(deadline.deadline)))
                }
                Err(error) => Remembering::Failed(error),
            });
        });
    };
    view! {
        <section aria-labelledby="remember-heading">
            <h2 id="remember-heading">{t.remember_for}</h2>
            {customer_choice("remember-customer", t.customer, None, chosen.into(), Callback::new(move |id| chosen.set(id)), customers)}
            <div class="actions actions-start">
                <button
                    type="button"
                    class="primary"
                    on:click=submit
                    disabled=move || last.get().is_empty() || chosen.get().is_empty() || state.get() == Remembering::Saving
                >
                    {move || if state.get() == Remembering::Saving { t.remembering } else { t.remember }}
                </button>
            </div>
            {move || match state.get() {
                Remembering::Done(message) => Some(view! { <p role="status" class="success">{message}</p> }.into_any()),
                Remembering::Failed(error) => Some(view! { <WriteFailure error /> }.into_any()),
                _ => None,
            }}
        </section>
    }
}
