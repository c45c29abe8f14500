//! Closing soon: every deadline of every customer the user may see, soonest first, each with
//! the way straight to where to act; filters in the URL; the list as CSV or as a calendar.

use chrono::{DateTime, Utc};
use csp_domain::export::{deadlines_calendar, deadlines_csv};
use csp_domain::paging::Page;
use csp_domain::{CustomerId, Deadline, DeadlineFilter, DeadlineKind, Horizon};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::backend::use_backend;
use crate::components::browser::{csv_of_every_row, file_of_every_row, origin, EveryRow};
use crate::components::{
    customer_choice, loaded, page_in_url, pager_in_url, DataTable, KeyedRow, KeyedRows,
};
use crate::i18n::glossary::money_with_tax;
use crate::i18n::{format, use_texts, ClosingTexts, Texts};
use crate::pages::subscriptions::product_name;
use crate::routes::{self, CustomerTab};
use crate::session::use_session;

/// How many deadlines close within 24 hours, for the count beside the page's name; `None`
/// until known (or when it cannot be read: the count is a courtesy, the page says the rest).
#[derive(Clone, Copy)]
pub struct ClosingToday(RwSignal<Option<usize>>);

/// Counts what closes within 24 hours, again whenever the data or the clock changes.
pub fn provide_closing_today() {
    let count = RwSignal::new(None);
    let backend = use_backend();
    let session = use_session();
    Effect::new(move |_| {
        session.track();
        if session.user.with(Option::is_none) {
            count.set(None);
            return;
        }
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let filter = DeadlineFilter {
                horizon: Horizon::Day,
                ..DeadlineFilter::default()
            };
            // The first page, for the count of the whole list: at most 50 read, however many.
            let closing = backend
                .deadlines(filter, Some(1))
                .await
                .ok()
                .map(|page| page.matching);
            let _ = count.try_set(closing);
        });
    });
    provide_context(ClosingToday(count));
}

/// The count beside "Closing soon" in the menu and on its tile: shown when something closes
/// within 24 hours, and read out in words.
#[component]
pub fn ClosingTodayBadge() -> impl IntoView {
    let t = &use_texts().closing;
    let ClosingToday(count) = expect_context();
    move || {
        count.get().filter(|count| *count > 0).map(|count| {
            view! {
                <span class="badge" aria-hidden="true">{format::integer(count as i64)}</span>
                <span class="visually-hidden">{format!(" ({})", t.closing_today(count))}</span>
            }
        })
    }
}

/// Where to act on a deadline, and the link's words.
fn act_link(deadline: &Deadline, t: &ClosingTexts) -> Option<(String, &'static str)> {
    let customer = &deadline.customer;
    let item = deadline.item.as_ref();
    match deadline.kind {
        DeadlineKind::SubscriptionCancellation => item.map(|item| {
            let page = routes::subscription(customer, item);
            (routes::acting(&page, "cancel"), t.act_cancel)
        }),
        DeadlineKind::TermRenews | DeadlineKind::TermExpires => item.map(|item| {
            let page = routes::subscription(customer, item);
            (routes::acting(&page, "autorenew"), t.act_autorenew)
        }),
        DeadlineKind::PerpetualCancellation => {
            item.map(|item| (routes::cancel_purchase(customer, item), t.act_cancel))
        }
        DeadlineKind::LinkExpires => Some((
            routes::customer_tab(customer, CustomerTab::Software),
            t.act_software,
        )),
        DeadlineKind::MakDeployment => Some((routes::vl_to_csp_for(customer), t.act_vl_to_csp)),
    }
}

/// The item a deadline is about, as a person names it.
fn item_name(deadline: &Deadline, t: &ClosingTexts) -> String {
    deadline
        .product
        .as_deref()
        .map_or_else(|| t.mak_item.to_owned(), product_name)
}

/// What happens at the deadline, with its amount.
fn what_happens(deadline: &Deadline, texts: &Texts) -> String {
    let amount = deadline
        .amount
        .as_ref()
        .map(|amount| money_with_tax(&texts.glossary, amount, deadline.includes_tax))
        .unwrap_or_default();
    texts.closing.what_happens(deadline.kind, &amount)
}

/// The list as an iCalendar file: each event titled in the person's language, described with
/// what happens and the address (on `origin`) where to act.
fn calendar(list: &[Deadline], now: DateTime<Utc>, texts: &Texts, origin: &str) -> String {
    let t = &texts.closing;
    deadlines_calendar(list, now, |deadline| {
        let title = t.event_title(
            deadline.kind,
            &deadline.customer_name,
            &item_name(deadline, t),
        );
        let mut description = what_happens(deadline, texts);
        if let Some((href, _)) = act_link(deadline, t) {
            description.push('\n');
            description.push_str(origin);
            description.push_str(&href);
        }
        (title, description)
    })
}

#[component]
pub fn ClosingSoonPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.closing;
    let backend = use_backend();
    let session = use_session();
    let query = use_query_map();
    let kind = Memo::new(move |_| query.read().get("kind").unwrap_or_default());
    let customer = Memo::new(move |_| query.read().get("customer").unwrap_or_default());
    let within = Memo::new(move |_| query.read().get("within").unwrap_or_default());
    let navigate = use_navigate();
    let show = move |kind: &str, customer: &str, within: &str| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(
            &routes::closing_soon_filtered(kind, customer, within),
            options,
        );
    };

    // Time passes on a real server: the list is read again every minute, so what has passed
    // leaves it without a reload.
    let tick = RwSignal::new(0_u32);
    let page = page_in_url();
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|count| *count += 1),
        std::time::Duration::from_secs(60),
    ) {
        on_cleanup(move || handle.clear());
    }

    let reading = backend.clone();
    // Only the page shown is read; the CSV and the calendar read the whole list when asked.
    let fetch = move || {
        session.track();
        tick.track();
        let (backend, number) = (backend.clone(), page.get());
        let filter = DeadlineFilter {
            kind: DeadlineKind::from_slug(&kind.get()),
            customer: Some(customer.get())
                .filter(|id| !id.is_empty())
                .map(CustomerId),
            horizon: Horizon::from_slug(&within.get()).unwrap_or_default(),
        };
        async move {
            let now = backend.now().await?;
            let list = backend.deadlines(filter.clone(), Some(number)).await?;
            Ok((now, filter, list))
        }
    };

    let on_kind = {
        let show = show.clone();
        move |event| {
            show(
                &event_target_value(&event),
                &customer.get_untracked(),
                &within.get_untracked(),
            )
        }
    };
    let on_customer = {
        let show = show.clone();
        Callback::new(move |chosen: String| {
            show(&kind.get_untracked(), &chosen, &within.get_untracked())
        })
    };
    let on_within = move |event| {
        // The default horizon stays out of the URL.
        let value = event_target_value(&event);
        let value = if value == Horizon::default().slug() {
            String::new()
        } else {
            value
        };
        show(&kind.get_untracked(), &customer.get_untracked(), &value)
    };
    let chosen_horizon = move || Horizon::from_slug(&within.get()).unwrap_or_default();

    view! {
        <h1>{t.closing_soon}</h1>
        <p>{t.closing_soon_intro}</p>
        <div class="filters" role="search">
            <div class="field">
                <label for="deadline-kind">{t.kind}</label>
                <select id="deadline-kind" on:change=on_kind>
                    <option value="" selected=move || DeadlineKind::from_slug(&kind.get()).is_none()>{t.all_kinds}</option>
                    {DeadlineKind::ALL.into_iter().map(|option| view! {
                        <option value=option.slug() selected=move || kind.get() == option.slug()>{t.kind_name(option)}</option>
                    }).collect_view()}
                </select>
            </div>
            {customer_choice("deadline-customer", t.customer, Some(texts.all_customers), customer.into(), on_customer, RwSignal::new(Vec::new()))}
            <div class="field">
                <label for="deadline-within">{t.within}</label>
                <select id="deadline-within" on:change=on_within>
                    {Horizon::ALL.into_iter().map(|option| view! {
                        <option value=option.slug() selected=move || chosen_horizon() == option>{t.horizon_name(option)}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        {loaded(t.loading_deadlines, None, fetch, move |(now, filter, list): (DateTime<Utc>, DeadlineFilter, Page<Deadline>)| {
            let count = list.matching;
            if count == 0 {
                return view! { <p role="status">{t.no_deadlines}</p> }.into_any();
            }
            let pages = pager_in_url(list.offset, list.items.len(), count, "page");
            let rows = KeyedRows(list.items.iter().map(|deadline| deadline_row(deadline, now, t)).collect());
            let every_row = |ics: bool| -> EveryRow {
                let (backend, filter, origin) = (reading.clone(), filter.clone(), origin());
                Box::new(move || {
                    let (backend, filter, origin) = (backend.clone(), filter.clone(), origin.clone());
                    Box::pin(async move {
                        let all = backend.deadlines(filter, None).await?.items;
                        Ok(if ics { calendar(&all, now, texts, &origin) } else { deadlines_csv(&all) })
                    })
                })
            };
            view! {
                <p role="status">{t.deadlines(count)}</p>
                <div class="actions actions-start">
                    {csv_of_every_row("closing-soon.csv".to_owned(), every_row(false))}
                    {file_of_every_row(t.download_calendar, "closing-soon.ics".to_owned(), "text/calendar;charset=utf-8", every_row(true))}
                </div>
                <DataTable label=t.closing_soon columns=vec![t.due, t.time_left, t.customer, t.what_happens, t.item, t.act]>
                    {rows}
                </DataTable>
                {pages}
            }
            .into_any()
        })}
    }
}

/// One deadline as a row: when, how long, whose, what happens, on what, and where to act.
fn deadline_row(deadline: &Deadline, now: DateTime<Utc>, t: &'static ClosingTexts) -> KeyedRow {
    let left = deadline.at - now;
    let soon = left <= Horizon::Day.length();
    let due = format::date_time(deadline.at);
    let time_left = format::time_left(left);
    let kind = t.kind_name(deadline.kind);
    let what = what_happens(deadline, use_texts());
    let item = item_name(deadline, t);
    // The id names the kind, the item or customer and the moment, so the customer and the
    // link to act follow from it; the time left moves with the clock.
    let shows = [
        due.as_str(),
        &time_left,
        kind,
        &what,
        &item,
        if soon { "soon" } else { "" },
    ]
    .join("\n");
    let act = act_link(deadline, t).map(|(href, label)| view! { <a href=href>{label}</a> });
    let row = view! {
        <tr class:closing-today=soon>
            <td><time datetime=csp_domain::export::instant(deadline.at)>{due}</time></td>
            <td>{time_left}</td>
            <td><a href=routes::customer(&deadline.customer)>{deadline.customer_name.clone()}</a></td>
            <td><strong>{kind}</strong>" "{what}</td>
            <td>{item}</td>
            <td>{act}</td>
        </tr>
    };
    KeyedRow::new(deadline.id.clone(), shows, row.into_any())
}
