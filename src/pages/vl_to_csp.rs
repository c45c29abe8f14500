//! Moving a customer from volume licensing (KMS) to CSP (MAK) without downtime.

use csp_domain::mak_deadline_for_day;
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::loaded;
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
    }
}
