use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use csp_domain::paging::{PageRequest, DEFAULT_PAGE_SIZE};
use csp_domain::queries::DownloadFile;
use csp_domain::{Customer, Market};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::backend::{use_backend, CustomerFilter, CustomerList};
use crate::components::browser::save_as;
use crate::components::error_text;
use crate::components::loaded_into;
use crate::components::{after_drawing, page_in_url, pager, DataTable};
use crate::i18n::{market_label, use_texts};
use crate::routes;
use crate::session::use_session;

/// The customer list, narrowed as you type, a page of 50 at a time. Search, market and page
/// live in the URL, so a reload or a shared link shows the same rows.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let texts = use_texts();
    let backend = use_backend();
    let session = use_session();
    let query = use_query_map();
    let in_url = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let market = Memo::new(move |_| query.read().get("market").unwrap_or_default());
    let page = page_in_url();
    // What the search box holds. The rows follow it at once, the URL when typing pauses:
    // writing the URL costs the browser about 2 ms, which no keystroke's rows should wait
    // for. A URL changed from outside (Back, a link, Clear filters) sets it.
    let search = RwSignal::new(in_url.get_untracked());
    // Set by a keystroke, unset once typing pauses: meanwhile the table redraws only the rows
    // a window shows (see `CustomerRow`).
    let typing = RwSignal::new(false);
    // The keystrokes whose pause is awaited: typing ends with the last one's.
    let pausing = Rc::new(Cell::new(0_u32));
    Effect::new(move |_| {
        let in_url = in_url.get();
        if search.with_untracked(|typed| *typed != in_url) {
            search.set(in_url);
        }
    });
    let navigate = use_navigate();
    let show = move |search: &str, market: &str| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&routes::customers_filtered(search, market), options);
    };

    // Every market that has a customer, whatever the filter: the select stays as it is while
    // in use, and changes only when the markets do.
    let markets = RwSignal::new(Vec::<Market>::new());
    let latest = RwSignal::new(None::<CustomerList>);
    let fetch = move || {
        session.track();
        let backend = backend.clone();
        let filter = CustomerFilter {
            search: search.get(),
            market: Market::new(&market.get()),
            page: PageRequest::numbered(page.get(), DEFAULT_PAGE_SIZE),
        };
        async move {
            let list = backend.customers(filter).await?;
            if markets.with_untracked(|known| known != &list.markets) {
                markets.set(list.markets.clone());
            }
            Ok(list)
        }
    };

    let on_search = {
        let show = show.clone();
        move |event| {
            let typed = event_target_value(&event);
            search.set(typed.clone());
            // A new search starts on its first page: off it, the URL says so at once.
            if page.get_untracked() > 1 {
                return show(&typed, &market.get_untracked());
            }
            pausing.set(pausing.get() + 1);
            if !typing.get_untracked() {
                typing.set(true);
            }
            let pausing = pausing.clone();
            let show = show.clone();
            // Once typing pauses: a later keystroke writes the URL itself. The page may be
            // gone by then.
            set_timeout(
                move || {
                    pausing.set(pausing.get() - 1);
                    if pausing.get() == 0 {
                        typing.set(false);
                    }
                    let latest = search.try_with_untracked(|search| *search == typed);
                    if latest == Some(true) && in_url.with_untracked(|in_url| *in_url != typed) {
                        show(&typed, &market.get_untracked());
                    }
                },
                Duration::from_millis(250),
            );
        }
    };
    let on_market = {
        let show = show.clone();
        move |event| show(&search.get_untracked(), &event_target_value(&event))
    };
    // The search too: the URL may not have it yet.
    let clear = Callback::new(move |()| {
        search.set(String::new());
        show("", "");
    });

    view! {
        <h1>{texts.customers}</h1>
        {session.may(csp_domain::Action::BuyProducts).then(|| view! {
            <p><a class="button" href=routes::ADD_CUSTOMER>{texts.accounts.add_customer}</a></p>
        })}
        <div class="filters" role="search">
            <div class="field">
                <label for="customer-search">{texts.search_customers}</label>
                <input
                    id="customer-search"
                    type="search"
                    autocomplete="off"
                    placeholder=texts.search_customers_hint
                    prop:value=search
                    on:input=on_search
                />
            </div>
            <div class="field">
                <label for="customer-market">{texts.market}</label>
                <select id="customer-market" on:change=on_market>
                    <option value="" selected=move || market.get().is_empty()>
                        {texts.all_markets}
                    </option>
                    {move || {
                        markets
                            .get()
                            .into_iter()
                            .map(|choice| view! { <MarketOption choice selected=market /> })
                            .collect_view()
                    }}
                </select>
            </div>
        </div>
        {loaded_into(texts.loading_customers, None, fetch, latest, move || {
            view! { <CustomerTable latest search market typing clear /> }.into_any()
        })}
    }
}

#[component]
fn MarketOption(choice: Market, selected: Memo<String>) -> impl IntoView {
    let label = market_label(choice);
    view! {
        <option value=choice.code().to_owned() selected=move || selected.get() == choice.code()>
            {label}
        </option>
    }
}

/// The table stays while the search changes, and so do its rows ([`CustomerRow`]).
#[component]
fn CustomerTable(
    latest: RwSignal<Option<CustomerList>>,
    search: RwSignal<String>,
    market: Memo<String>,
    typing: RwSignal<bool>,
    clear: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    let read =
        move |of: fn(&CustomerList) -> usize| latest.with(|list| list.as_ref().map_or(0, of));
    let shown = Memo::new(move |_| read(|list| list.matching));
    // Every matching customer, not only the page shown.
    let failed = RwSignal::new(None::<String>);
    let backend = use_backend();
    let save = move |_| {
        // Whatever page is shown, the file holds every customer that matches.
        let filter = CustomerFilter {
            search: search.get_untracked(),
            market: Market::new(&market.get_untracked()),
            page: PageRequest::default(),
        };
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            let saved = match backend.every_customer(filter).await {
                Ok(customers) => save_as(
                    &DownloadFile {
                        file_name: "customers.csv".to_owned(),
                        content: csp_domain::export::customers_csv(&customers),
                    },
                    "text/csv;charset=utf-8",
                ),
                Err(error) => Err(error_text(texts, &error)),
            };
            failed.set(saved.err());
        });
    };
    let href =
        move |page| routes::customers_page(&search.get_untracked(), &market.get_untracked(), page);
    let pages = move || {
        let drawn = latest.with(|list| {
            list.as_ref().map(|list| {
                pager(
                    list.offset,
                    list.customers.len(),
                    list.matching,
                    DEFAULT_PAGE_SIZE,
                    &href,
                    "page",
                )
            })
        });
        // The pager link followed keeps the focus (see `pager`).
        after_drawing();
        drawn
    };
    view! {
        <p class="count" role="status">{move || texts.showing_customers(shown.get(), read(|list| list.total))}</p>
        <div hidden=move || shown.get() != 0>
            <p>{texts.no_customer_matches}</p>
            <button type="button" on:click=move |_| clear.run(())>
                {texts.clear_filters}
            </button>
        </div>
        <div hidden=move || shown.get() == 0>
            <div class="actions actions-start">
                <button type="button" class="download" on:click=save>{texts.closing.download_csv}</button>
                {move || failed.get().map(|reason| view! { <span role="alert" class="error">{reason}</span> })}
            </div>
            <DataTable label=texts.customers class="customers-table" columns=vec![texts.name, texts.default_domain, texts.tenant_guid, texts.market]>
                {(0..DEFAULT_PAGE_SIZE).map(|place| view! { <CustomerRow place latest typing /> }).collect_view()}
            </DataTable>
            {pages}
        </div>
    }
}

/// The rows a window shows: while the person types, only these follow each keystroke, and
/// the rows below them are empty, so hidden (`style/main.css`), until typing pauses. The
/// browser's time for a keystroke grows with the rows it redraws.
const ROWS_IN_SIGHT: usize = 16;

/// The row at one place on the page, made once: a new answer rewrites only the text that
/// changed, and a place beyond the list is empty, which hides it (`style/main.css`). So
/// typing in the search makes and removes no rows, and redraws only what changed.
#[component]
fn CustomerRow(
    place: usize,
    latest: RwSignal<Option<CustomerList>>,
    typing: RwSignal<bool>,
) -> impl IntoView {
    // Empty text in a hidden place, not no text: the text node stays for the next answer.
    // Each cell's text is one closure type, so the wasm holds its render code once.
    let read = move |of: fn(&Customer) -> String| {
        move || {
            // A row below the window is empty, so hidden, until typing pauses.
            if place >= ROWS_IN_SIGHT && typing.get() {
                return String::new();
            }
            latest.with(|list| {
                let customer = list.as_ref().and_then(|list| list.customers.get(place));
                customer.map(of).unwrap_or_default()
            })
        }
    };
    view! {
        <tr>
            <th scope="row">
                <a href=read(|c| routes::customer(&c.id))>{read(|c| c.name.clone())}</a>
            </th>
            <td>{read(|c| c.default_domain.clone())}</td>
            <td>
                <code>{read(|c| c.tenant_id.clone())}</code>
            </td>
            <td>{read(|c| market_label(c.market))}</td>
        </tr>
    }
}
