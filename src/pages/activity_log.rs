//! Settings → Account settings → Activity log: who saw which key or downloaded, and when.

use csp_domain::ActivityKind;
use csp_domain::{catalog, queries};
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::browser::{csv_of_every_row, EveryRow};
use crate::components::{loaded, page_in_url, pager_in_url, DataTable, KeyedRow, KeyedRows};
use crate::i18n::format;
use crate::i18n::use_texts;
use crate::session::use_session;

/// From and To dates (the 30 days before the clock's now at first), then the key views, link
/// issues and downloads in that range, newest first, read a page of 50 at a time. The backend
/// refuses users without an allowed role and names the roles; the page shows that refusal.
#[component]
pub fn ActivityLogPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // New dates make a new list: it starts at its first page, not at the page the last one
    // was on, which may lie past its end.
    let navigate = leptos_router::hooks::use_navigate();
    let choose = move |date: RwSignal<String>| {
        let navigate = navigate.clone();
        move |event| {
            date.set(event_target_value(&event));
            let options = leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(crate::routes::ACTIVITY_LOG, options);
        }
    };
    let page = page_in_url();
    let reading = backend.clone();
    let fetch = move || {
        session.track();
        let backend = backend.clone();
        let (chosen_from, chosen_to, number) = (from.get(), to.get(), page.get());
        async move {
            let parse = |text: &str| csp_domain::wire_time::parse_day(text);
            let now = backend.now().await?;
            // The range read, with the domain's default for what is not chosen.
            let (first, last) =
                queries::activity_range(now, parse(&chosen_from), parse(&chosen_to))?;
            let records = backend
                .activity(Some(first), Some(last), Some(number))
                .await?;
            let users = backend.user_names().await;
            Ok((first, last, records, users))
        }
    };
    view! {
        <h1>{texts.activity_log}</h1>
        <p>{texts.activity_log_intro}</p>
        <div class="filters">
            <div class="field">
                <label for="activity-from">{t.from}</label>
                <input id="activity-from" type="date" prop:value=move || from.get() on:change=choose(from) />
            </div>
            <div class="field">
                <label for="activity-to">{t.to}</label>
                <input id="activity-to" type="date" prop:value=move || to.get() on:change=choose(to) />
            </div>
        </div>
        {loaded(t.loading_activity, None, fetch, move |(first, last, records, users)| {
            // Show the range the list was read for, until the user picks their own.
            if from.get_untracked().is_empty() {
                from.set(first.to_string());
            }
            if to.get_untracked().is_empty() {
                to.set(last.to_string());
            }
            if records.matching == 0 {
                return view! { <p>{t.no_activity}</p> }.into_any();
            }
            let pages = pager_in_url(records.offset, records.items.len(), records.matching, "page");
            // The CSV holds the whole range, read when it is asked for.
            let reading = reading.clone();
            let every_row: EveryRow = Box::new(move || {
                let backend = reading.clone();
                Box::pin(async move {
                    let all = backend.activity(Some(first), Some(last), None).await?;
                    Ok(csp_domain::export::activity_csv(&all.items))
                })
            });
            view! {
                        <p class="count">{t.activity_count(records.matching)}</p>
                        <div class="actions actions-start">
                            {csv_of_every_row(format!("activity-log-{first}-{last}.csv"), every_row)}
                        </div>
                        <DataTable label=texts.activity_log columns=vec![t.when, t.user, t.what, t.customer, t.product]>
                                {KeyedRows(records.items.into_iter().map(|record| {
                                    let customer = record.customer_name;
                                    // A link is used by whoever the customer gave it to.
                                    let user = match &record.user {
                                        Some(id) => users.of(&id.0),
                                        None => t.someone_with_link(&customer),
                                    };
                                    let what = match record.what {
                                        ActivityKind::KeyViewed => t.key_viewed,
                                        ActivityKind::LinkIssued => t.link_issued,
                                        ActivityKind::Downloaded => t.downloaded_activity,
                                    };
                                    let product = catalog::product(&record.product).map_or(record.product.clone(), |p| p.name.to_owned());
                                    let at = format::date_time(record.at);
                                    // A record never changes: what it shows is its key.
                                    let key = [at.as_str(), &user, what, &customer, &product].join("\n");
                                    KeyedRow::new(key, String::new(), view! {
                                        <tr>
                                            <td>{at}</td>
                                            <td>{user}</td>
                                            <td>{what}</td>
                                            <td>{customer}</td>
                                            <td>{product}</td>
                                        </tr>
                                    }.into_any())
                                }).collect())}
                            </DataTable>
                        {pages}
            }.into_any()
        })}
    }
}
