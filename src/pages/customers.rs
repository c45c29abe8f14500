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
use crate::components::{page_in_url, pager, DataTable};
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
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let market = Memo::new(move |_| query.read().get("market").unwrap_or_default());
    let page = page_in_url();

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
        move |event| show(&event_target_value(&event), &market.get_untracked())
    };
    let on_market = {
        let show = show.clone();
        move |event| show(&search.get_untracked(), &event_target_value(&event))
    };
    let clear = Callback::new(move |()| show("", ""));

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
            view! { <CustomerTable latest search market clear /> }.into_any()
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

/// The table stays while the search changes, and so do its rows: a new answer rewrites the
/// text of the rows in place, and adds or removes only the rows beyond the shorter list.
#[component]
fn CustomerTable(
    latest: RwSignal<Option<CustomerList>>,
    search: Memo<String>,
    market: Memo<String>,
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
    let rows = move || {
        latest.with(|list| {
            list.as_ref()
                .map(|list| list.customers.clone())
                .unwrap_or_default()
        })
    };
    let href =
        move |page| routes::customers_page(&search.get_untracked(), &market.get_untracked(), page);
    let pages = move || {
        latest.with(|list| {
            list.as_ref().map(|list| {
                pager(
                    list.offset,
                    list.customers.len(),
                    list.matching,
                    DEFAULT_PAGE_SIZE,
                    &href,
                )
            })
        })
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
            <DataTable label=texts.customers columns=vec![texts.name, texts.default_domain, texts.tenant_guid, texts.market]>
                {move || rows().into_iter().map(|customer| view! { <CustomerRow customer /> }).collect_view()}
            </DataTable>
            {pages}
        </div>
    }
}

#[component]
fn CustomerRow(customer: Customer) -> impl IntoView {
    let market = market_label(customer.market);
    view! {
        <tr>
            <th scope="row">
                <a href=routes::customer(&customer.id)>{customer.name}</a>
            </th>
            <td>{customer.default_domain}</td>
            <td>
                <code>{customer.tenant_id}</code>
            </td>
            <td>{market}</td>
        </tr>
    }
}
