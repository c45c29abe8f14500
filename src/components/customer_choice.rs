//! Choosing one customer among a partner's thousands: a search, and a select of what it finds.

use csp_domain::{Customer, CustomerId};
use leptos::prelude::*;

use super::error_text;
use crate::backend::{use_backend, CustomerFilter};
use crate::i18n::use_texts;
use crate::session::use_session;

/// A search field, then a select (`id`, named `label`) of the first page of customers the
/// search finds, with the customer `chosen` (an id) whatever the search, and a line saying
/// how many more the search would narrow. `everyone` names a first option that chooses none;
/// without it, the first customer found is chosen while none is. `listed` holds the choices
/// shown, for the page to name the chosen one.
// Read apart from any list the choice filters, so the select stays in place (and keeps its
// focus) while that list reloads. Not generic: the wasm holds it once.
pub fn customer_choice(
    id: &'static str,
    label: &'static str,
    everyone: Option<&'static str>,
    chosen: Signal<String>,
    choose: Callback<String>,
    listed: RwSignal<Vec<Customer>>,
) -> AnyView {
    let texts = use_texts();
    let backend = use_backend();
    let session = use_session();
    let find = RwSignal::new(String::new());
    // How many of the choices the search found, and how many it would find in all.
    let found = RwSignal::new((0_usize, 0_usize));
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    // Only the newest read may answer: an older one (another search, another choice, another
    // user) answers too late to be right.
    let newest = StoredValue::new(0_u32);
    Effect::new(move |read: Option<(String, u64)>| {
        let signed_in = session.revision();
        let (backend, wanted, search) = (backend.clone(), chosen.get(), find.get());
        // A customer chosen from the choices shown needs no read.
        let shown = listed.with_untracked(|listed| listed.iter().any(|c| c.id.0 == wanted));
        if read.as_ref() == Some(&(search.clone(), signed_in)) && (wanted.is_empty() || shown) {
            return (search, signed_in);
        }
        newest.update_value(|newest| *newest += 1);
        let this = newest.get_value();
        busy.set(true);
        let filter = CustomerFilter {
            search: search.clone(),
            ..CustomerFilter::default()
        };
        leptos::task::spawn_local(async move {
            let answer = backend.customers(filter).await;
            if newest.try_get_value() != Some(this) {
                return;
            }
            let page = match answer {
                Ok(page) => page,
                Err(error) => {
                    let _ = failed.try_set(Some(error_text(texts, &error)));
                    let _ = busy.try_set(false);
                    return;
                }
            };
            let mut choices = page.customers;
            let shown = choices.len();
            // The customer chosen now, which may have changed while the search was read.
            let wanted = chosen.try_get_untracked().unwrap_or_default();
            if !wanted.is_empty() && !choices.iter().any(|choice| choice.id.0 == wanted) {
                if let Ok(found) = backend.customer(CustomerId(wanted.clone())).await {
                    choices.insert(0, found);
                }
            }
            if newest.try_get_value() != Some(this) {
                return;
            }
            if everyone.is_none() && wanted.is_empty() {
                if let Some(first) = choices.first() {
                    choose.run(first.id.0.clone());
                }
            }
            let _ = found.try_set((shown, page.matching));
            let _ = listed.try_set(choices);
            let _ = failed.try_set(None);
            let _ = busy.try_set(false);
        });
        (search, signed_in)
    });
    let search_id = format!("{id}-search");
    view! {
        <div class="field">
            <label for=search_id.clone()>{texts.search_customers}</label>
            <input
                id=search_id
                type="search"
                autocomplete="off"
                placeholder=texts.search_customers_hint
                on:input=move |event| find.set(event_target_value(&event))
            />
        </div>
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                aria-busy=move || busy.get().to_string()
                on:change=move |event| choose.run(event_target_value(&event))
            >
                {everyone.map(|everyone| view! {
                    <option value="" selected=move || chosen.get().is_empty()>{everyone}</option>
                })}
                {move || {
                    let options = listed.get().into_iter().map(|option| {
                        let value = option.id.0.clone();
                        let id = value.clone();
                        view! { <option value=value selected=move || chosen.get() == id>{option.name}</option> }
                    }).collect_view();
                    // More than a page found: the search narrows them.
                    let (shown, matching) = found.get();
                    let more = (matching > shown).then(|| {
                        view! { <option disabled>{texts.showing_customers(shown, matching)}</option> }
                    });
                    view! { {options} {more} }
                }}
            </select>
            {move || failed.get().map(|reason| view! { <p role="alert" class="error">{reason}</p> })}
        </div>
    }
    .into_any()
}
