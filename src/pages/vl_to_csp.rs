//! Moving a customer from volume licensing (KMS) to CSP (MAK) without downtime.

use chrono::NaiveDate;
use csp_domain::mak_deadline;
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::loaded;
use crate::i18n::format;
use crate::i18n::use_texts;
use crate::session::use_session;

/// Takes the last KMS activation date and shows the MAK deadline (180 days) and the days left
/// from the simulation clock's now.
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
    let last = RwSignal::new(String::new());
    view! {
        <h1>{t.vl_to_csp_title}</h1>
        <p>{t.vl_to_csp_intro}</p>
        <div class="field">
            <label for="last-kms">{t.last_kms_activation}</label>
            <input
                id="last-kms"
                type="date"
                prop:value=move || last.get()
                on:input=move |event| last.set(event_target_value(&event))
                on:change=move |event| last.set(event_target_value(&event))
            />
        </div>
        {loaded(t.reading_clock, None, fetch, move |now| {
            (move || match last.get().parse::<NaiveDate>() {
                Ok(date) => {
                    let deadline = mak_deadline(date.and_time(chrono::NaiveTime::MIN).and_utc(), now);
                    let when = format::date_time(deadline.deadline);
                    if deadline.passed {
                        view! { <p class="banner banner-warning" role="status">{(t.mak_deadline_passed)(&when)}</p> }.into_any()
                    } else {
                        view! { <p class="banner banner-info" role="status">{(t.mak_deadline)(&when, deadline.days_left)}</p> }.into_any()
                    }
                }
                Err(_) => view! { <p class="hint">{t.enter_kms_date}</p> }.into_any(),
            })
            .into_any()
        })}
    }
}
