//! The Software tab: every software purchase of a customer, its keys, downloads and links, and
//! cancelling a perpetual purchase within its 30 days.

use csp_domain::catalog::{self, CancellationPolicy, Product};
use csp_domain::queries::{LinkView, SoftwareView};
use csp_domain::{
    Action, CancelOption, Customer, CustomerId, Intent, ItemState, OrderId, Refusal, Reply,
    Selection,
};
use leptos::prelude::*;

use crate::backend::{use_backend, BackendError};
use crate::components::browser::{copy_text, origin, save_file};
use crate::components::{
    error_text, focus_soon, loaded, page_in_url, pager_in_url, Dialog, KeyedRow, KeyedRows,
    WriteFailure,
};
use crate::i18n::format;
use crate::i18n::use_texts;
use crate::routes;
use crate::session::use_session;

/// Every software item of `customer`, cancelled ones too (marked, without key). Used on the
/// customer's Software tab and in the customer's own view.
#[component]
pub fn SoftwareTab(customer: CustomerId) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let id = customer;
    // The confirmation of a cancellation outlives the list, and the page, which reload after it.
    let notice = RwSignal::new(take_confirmation(&id));
    let page = page_in_url();
    // Only the page shown is read.
    let fetch = move || {
        session.track();
        let (backend, id, number) = (backend.clone(), id.clone(), page.get());
        async move {
            let customer = backend.customer(id.clone()).await?;
            let items = backend.software(id, number).await?;
            Ok((customer, items))
        }
    };
    view! {
        {move || {
            notice
                .get()
                .map(|message| {
                    view! {
                        <div class="banner banner-success" role="status" id="software-notice" tabindex="-1">
                            <p>{message}</p>
                        </div>
                    }
                })
        }}
        {loaded(t.loading_software, None, fetch, move |(customer, items)| {
            if items.matching == 0 {
                view! { <p>{t.no_software}</p> }.into_any()
            } else {
                let pages = pager_in_url(items.offset, items.items.len(), items.matching, "page");
                view! {
                    <ul class="software-list">
                        {KeyedRows(items
                            .items
                            .into_iter()
                            .map(|item| {
                                let key = item.item.0.clone();
                                let row = view! {
                                    <li>
                                        <SoftwareItem customer=customer.clone() item notice />
                                    </li>
                                };
                                KeyedRow::redrawn(key, row.into_any())
                            })
                            .collect())}
                    </ul>
                    {pages}
                }
                    .into_any()
            }
        })}
    }
}

thread_local! {
    /// A cancellation's confirmation until the Software tab draws again, by customer: the
    /// pages above the tab reload after a cancellation and draw a new tab.
    static CONFIRMATION: std::cell::RefCell<Option<(CustomerId, f64, String)>> =
        const { std::cell::RefCell::new(None) };
}

fn keep_confirmation(customer: &CustomerId, message: String) {
    let now = web_sys::js_sys::Date::now();
    CONFIRMATION.with(|kept| *kept.borrow_mut() = Some((customer.clone(), now, message)));
}

fn take_confirmation(customer: &CustomerId) -> Option<String> {
    CONFIRMATION.with(|kept| {
        let mut kept = kept.borrow_mut();
        match kept.take() {
            // Only for the tab drawn right after the cancellation, not a later visit.
            Some((for_customer, at, message))
                if &for_customer == customer && web_sys::js_sys::Date::now() - at < 5_000.0 =>
            {
                Some(message)
            }
            _ => None,
        }
    })
}

/// Whether the signed-in user may get keys and downloads of `customer`: an Admin agent, or
/// the customer's own Global admin in the customer view.
fn may_get_keys(customer: &CustomerId) -> bool {
    use_session().user.with_untracked(|user| {
        user.as_ref()
            .is_some_and(|user| user.may_get_keys_of(customer))
    })
}

/// One choice a product offers: Version, Language or File type/OS.
#[component]
fn Choice(
    id: String,
    label: &'static str,
    options: &'static [&'static str],
    value: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                prop:value=move || value.get().unwrap_or_default()
                on:change=move |event| value.set(Some(event_target_value(&event)))
            >
                {options
                    .iter()
                    .map(|option| view! { <option value=*option>{*option}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn SoftwareItem(
    customer: Customer,
    item: SoftwareView,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let Some(product) = catalog::product(&item.product) else {
        return view! {
            <section class="software-item">
                <h3>{item.product.clone()}</h3>
                <p>{t.unknown_product}</p>
            </section>
        }
        .into_any();
    };
    let heading_id = format!("software-{}", item.item.0);
    let labelled_by = heading_id.clone();
    let state = state_label(item.state, t);
    let revoked = item.revoked
        || matches!(
            item.state,
            ItemState::CancellationPending { .. } | ItemState::Cancelled
        );
    let active = matches!(item.state, ItemState::Active);
    let first = |options: &'static [&'static str]| options.first().map(|o| (*o).to_owned());
    let version = RwSignal::new(first(product.versions));
    let language = RwSignal::new(first(product.languages));
    let file_type = RwSignal::new(first(product.file_types));
    let selection = move || Selection {
        version: version.get_untracked(),
        language: language.get_untracked(),
        file_type: file_type.get_untracked(),
    };
    let delivers = product.delivery.has_key() || product.delivery.has_download();
    // A cancelled or ended item's keys never come back: no choices, no button that can only fail.
    let keys_offered = item.actions.keys.is_offered();
    let choices = keys_offered.then(|| {
        let field = |name: &str| format!("{}-{name}", item.item.0);
        view! {
            <div class="filters">
                {(!product.versions.is_empty()).then(|| view! { <Choice id=field("version") label=t.version options=product.versions value=version /> })}
                {(!product.languages.is_empty()).then(|| view! { <Choice id=field("language") label=t.language options=product.languages value=language /> })}
                {(!product.file_types.is_empty()).then(|| view! { <Choice id=field("file-type") label=t.file_type options=product.file_types value=file_type /> })}
            </div>
        }
    });
    let delivery = if keys_offered {
        view! { <KeysAndDownloads customer=customer.id.clone() item=item.clone() product selection /> }.into_any()
    } else if delivers {
        ().into_any()
    } else {
        view! { <p class="hint">{t.license_only}</p> }.into_any()
    };
    let instructions = product.installation_instructions.map(|href| {
        view! {
            <p>
                <a href=href target="_blank" rel="noopener noreferrer">{t.installation_instructions}</a>
            </p>
        }
    });
    let in_own_view = use_session().user.with_untracked(|user| {
        user.as_ref()
            .is_some_and(|user| user.own_customer().is_some())
    });
    let cancelling = (active && item.actions.cancel.is_offered())
        .then(|| cancelling(&customer, &item, product, notice));
    view! {
        <section class="software-item" aria-labelledby=labelled_by>
            <div class="software-heading">
                <h3 id=heading_id>{product.name}</h3>
                <span class=status_class(item.state)>{state}</span>
            </div>
            <dl class="facts">
                <dt>{t.order}</dt>
                <dd>
                    // The order page is the partner's; the customer's own view stays its own.
                    {if in_own_view {
                        item.order.0.clone().into_any()
                    } else {
                        view! { <a href=routes::order(&customer.id, &item.order)>{item.order.0.clone()}</a> }.into_any()
                    }}
                </dd>
                <dt>{t.quantity}</dt>
                <dd>{item.quantity}</dd>
                <dt>{t.purchased}</dt>
                <dd>{format::date_time(item.purchased_at)}</dd>
            </dl>
            {revoked.then(|| view! { <p class="hint">{t.cancelled_no_key}</p> })}
            {choices}
            {delivery}
            {instructions}
            {cancelling}
        </section>
    }
    .into_any()
}

fn state_label(state: ItemState, t: &'static crate::i18n::AfterSaleTexts) -> String {
    match state {
        ItemState::Active => t.state_active.to_owned(),
        ItemState::CancellationPending { settles_at } => {
            t.state_cancellation_pending(&format::date_time(settles_at))
        }
        ItemState::Cancelled => t.state_cancelled.to_owned(),
        ItemState::Expired => t.state_expired.to_owned(),
        ItemState::Suspended => t.state_suspended.to_owned(),
        ItemState::Unknown => t.state_unknown.to_owned(),
    }
}

fn status_class(state: ItemState) -> &'static str {
    match state {
        ItemState::Active => "status status-active",
        ItemState::CancellationPending { .. } => "status status-pending",
        _ => "status status-ended",
    }
}

/// "Get keys and downloads", then Get key, Download and Copy link.
#[component]
fn KeysAndDownloads(
    customer: CustomerId,
    item: SoftwareView,
    product: &'static Product,
    selection: impl Fn() -> Selection + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let allowed = may_get_keys(&customer);
    let may_copy_link = use_session().may(Action::GetKeysAndDownloads);
    let offered = RwSignal::new(false);
    let key_open = RwSignal::new(false);
    let message = RwSignal::new(None::<Result<String, String>>);
    let link = RwSignal::new(None::<LinkView>);
    let copy_refused = RwSignal::new(false);
    let hint_id = format!("keys-hint-{}", item.item.0);
    let get = move |_| {
        // Asking again starts over: the next Copy link issues a fresh link.
        offered.set(true);
        link.set(None);
        message.set(None);
    };
    let download = {
        let backend = backend.clone();
        let customer = customer.clone();
        let id = item.item.clone();
        move |_| {
            let backend = backend.clone();
            let customer = customer.clone();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let intent = Intent::Download {
                    customer,
                    item: id,
                    selection: selection(),
                };
                let answer = backend.run(intent, Reply::into_file).await;
                message.set(Some(match answer {
                    Ok(file) => save_file(&file)
                        .map(|()| t.downloaded(&file.file_name))
                        .map_err(|reason| texts.could_not_load(&reason)),
                    Err(error) => Err(error_text(texts, &error)),
                }));
            });
        }
    };
    let copy_link = {
        let backend = backend.clone();
        let customer = customer.clone();
        let id = item.item.clone();
        move |_| {
            let backend = backend.clone();
            let customer = customer.clone();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let intent = Intent::IssueDownloadLink {
                    customer,
                    item: id,
                    selection: selection(),
                };
                match backend.run(intent, Reply::into_link).await {
                    Ok(issued) => {
                        copy_refused.set(false);
                        copy_text(&link_url(&issued), move || copy_refused.set(true));
                        message.set(None);
                        link.set(Some(issued));
                    }
                    Err(error) => message.set(Some(Err(error_text(texts, &error)))),
                }
            });
        }
    };
    let customer_for_key = customer.clone();
    let id_for_key = item.item.clone();
    view! {
        <div class="keys">
            <button
                type="button"
                class="button-primary"
                disabled=!allowed
                aria-describedby=hint_id.clone()
                on:click=get
            >
                {t.get_keys_and_downloads}
            </button>
            <p id=hint_id class="hint">{(!allowed).then_some(t.keys_need_role)}</p>
            {move || offered.get().then(|| view! {
                <div class="key-actions" role="group" aria-label=t.get_keys_and_downloads>
                    {product.delivery.has_key().then(|| view! {
                        <button type="button" on:click=move |_| key_open.set(true)>{t.get_key}</button>
                    })}
                    {product.delivery.has_download().then(|| {
                        let download = download.clone();
                        let copy_link = copy_link.clone();
                        view! {
                            <button type="button" on:click=download>{t.download}</button>
                            // Only partner staff hand out links; a customer's admin never can.
                            {may_copy_link.then(|| view! {
                                <button type="button" on:click=copy_link>{t.copy_link}</button>
                            })}
                        }
                    })}
                </div>
            })}
            {move || message.get().map(|message| match message {
                Ok(text) => view! { <p role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error-text" role="alert">{text}</p> }.into_any(),
            })}
            {move || link.get().map(|issued| view! { <IssuedLink issued copy_refused /> })}
            {move || key_open.get().then(|| view! {
                <KeyDialog
                    customer=customer_for_key.clone()
                    item=id_for_key.clone()
                    selection=selection()
                    on_close=move || key_open.set(false)
                />
            })}
        </div>
    }
}

/// The absolute address of a download link, as the customer receives it.
fn link_url(link: &LinkView) -> String {
    format!("{}{}", origin(), routes::download_link(&link.token))
}

/// A freshly issued link: its address, until when it works and how many downloads are left.
#[component]
fn IssuedLink(issued: LinkView, copy_refused: RwSignal<bool>) -> impl IntoView {
    let t = &use_texts().after_sale;
    let url = link_url(&issued);
    let field = format!("link-{}", issued.token.0);
    view! {
        <div class="issued-link">
            <p role="status">
                {move || if copy_refused.get() { t.link_not_copied } else { t.link_copied }}
                " "
                {t.link_validity(&format::date_time(issued.valid.closes), issued.downloads_left)}
            </p>
            <div class="field">
                <label for=field.clone()>{t.download_link}</label>
                <input id=field type="text" readonly prop:value=url class="link-field" />
            </div>
        </div>
    }
}

/// "Get key": reveals the product key (logged) in a dialog with a copy button.
#[component]
fn KeyDialog(
    customer: CustomerId,
    item: csp_domain::ItemId,
    selection: Selection,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let fetch = move || {
        let backend = backend.clone();
        let (customer, item, selection) = (customer.clone(), item.clone(), selection.clone());
        let intent = Intent::RevealKey {
            customer,
            item,
            selection,
        };
        async move { backend.run(intent, Reply::into_key).await }
    };
    let copied = RwSignal::new(None::<bool>);
    view! {
        <Dialog title=t.product_key on_close>
            {loaded(t.revealing_key, None, fetch, move |key| {
                            let text = key.0.clone();
                            view! {
                                <p>{t.key_intro}</p>
                                <p class="product-key">
                                    <code>{key.0}</code>
                                </p>
                                <button
                                    type="button"
                                    class="button-primary"
                                    on:click=move |_| {
                                        copied.set(Some(true));
                                        copy_text(&text, move || copied.set(Some(false)));
                                    }
                                >
                                    {t.copy_key}
                                </button>
                                {move || copied.get().map(|done| view! {
                                    <p role="status">{if done { t.key_copied } else { t.key_not_copied }}</p>
                                })}
                            }
                                .into_any()
            })}
        </Dialog>
    }
}

/// What the item says about cancelling, by its product's policy.
fn cancelling(
    customer: &Customer,
    item: &SoftwareView,
    product: &'static Product,
    notice: RwSignal<Option<String>>,
) -> AnyView {
    let t = &use_texts().after_sale;
    if item.is_subscription {
        return view! {
            <p>
                <a href=routes::subscription(&customer.id, &item.item)>{t.manage_subscription}</a>
            </p>
        }
        .into_any();
    }
    match product.cancellation {
        CancellationPolicy::Never => view! { <p class="hint">{t.never_cancellable}</p> }.into_any(),
        CancellationPolicy::ThroughSupportRequest => view! {
            <p class="hint">
                {t.cancel_through_support}" "
                <a href=routes::report_a_problem_for(&customer.default_domain, &item.order.0, product.name)>{t.report_a_problem}</a>
            </p>
        }
        .into_any(),
        CancellationPolicy::WithinThirtyDaysOfPurchase | CancellationPolicy::WithinSevenDaysOfEachTerm => {
            // Past its window: say so and where to go, rather than a dialog whose Submit can
            // only stay grey.
            if let Some(Refusal::CancellationWindowClosed { closed_at, .. }) = item.actions.cancel.reason() {
                return view! {
                    <p class="hint">
                        {t.window_passed(&format::date_time(*closed_at))}" "{t.window_passed_next}" "
                        <a href=routes::report_a_problem_for(&customer.default_domain, &item.order.0, product.name)>{t.report_a_problem}</a>
                    </p>
                }
                .into_any();
            }
            let allowed = use_session().may(Action::Cancel);
            // Closing soon links here with `?act=cancel&product=...`.
            let open = RwSignal::new(
                allowed && crate::pages::subscriptions::asked_to("cancel", Some(&item.item.0)),
            );
            let hint_id = format!("cancel-hint-{}", item.item.0);
            let customer = customer.clone();
            view! {
                <div class="cancel">
                    <button type="button" disabled=!allowed aria-describedby=hint_id.clone() on:click=move |_| open.set(true)>
                        {t.cancel}
                    </button>
                    <p id=hint_id class="hint">{(!allowed).then_some(t.cancel_needs_role)}</p>
                    {move || open.get().then(|| view! {
                        <CancelDialog customer=customer.clone() product notice on_close=move || open.set(false) />
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// Cancelling a perpetual purchase: the order, its days left, the message to acknowledge.
#[component]
fn CancelDialog(
    customer: Customer,
    product: &'static Product,
    notice: RwSignal<Option<String>>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.after_sale;
    let backend = use_backend();
    let session = use_session();
    let fetch = {
        let backend = backend.clone();
        let id = customer.id.clone();
        move || {
            let backend = backend.clone();
            let id = id.clone();
            async move { backend.cancel_options(id, product.id.to_owned()).await }
        }
    };
    let chosen = RwSignal::new(None::<OrderId>);
    let acknowledged = RwSignal::new(false);
    let failure = RwSignal::new(None::<BackendError>);
    let busy = RwSignal::new(false);
    let customer = StoredValue::new(customer);
    let submit = move |option: CancelOption| {
        let backend = backend.clone();
        leptos::task::spawn_local(async move {
            busy.set(true);
            let customer_id = customer.with_value(|customer| customer.id.clone());
            let intent = Intent::CancelOrderLines {
                customer: customer_id,
                order: option.order.clone(),
                lines: vec![option.line],
                acknowledged: acknowledged.get_untracked(),
            };
            let answer = backend.run(intent, Reply::into_order).await;
            busy.set(false);
            match answer {
                Ok(order) => {
                    let message = t.cancel_confirmed(product.name, &order.id.0);
                    keep_confirmation(&order.customer, message.clone());
                    notice.set(Some(message));
                    on_close.run(());
                    session.changed();
                    // The confirmation is above the list; focus (and the eye) go to it.
                    focus_soon("software-notice");
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <Dialog title=t.cancel_title(product.name) on_close>
            {loaded(t.loading_orders, None, fetch, move |options| {
                        let submit = submit.clone();
                        if options.is_empty() {
                            return view! { <p>{t.no_order_to_cancel}</p> }.into_any();
                        }
                        let options = StoredValue::new(options);
                        let selected = move || {
                            options.with_value(|options| {
                                let chosen = chosen.get();
                                options
                                    .iter()
                                    .find(|option| Some(&option.order) == chosen.as_ref())
                                    .or(options.first())
                                    .cloned()
                            })
                        };
                        let (name, tenant) = customer.with_value(|c| (c.name.clone(), format!("{} / {}", c.tenant_id, c.default_domain)));
                        view! {
                            <div class="field">
                                <label for="cancel-order">{t.order_number}</label>
                                <select
                                    id="cancel-order"
                                    on:change=move |event| chosen.set(Some(OrderId(event_target_value(&event))))
                                >
                                    {options.with_value(|options| options.iter().map(|option| {
                                        let order = option.order.0.clone();
                                        view! { <option value=order.clone()>{order.clone()}</option> }
                                    }).collect_view())}
                                </select>
                            </div>
                            {move || selected().map(|option| {
                                if option.days_left > 0 {
                                    view! {
                                        <p class="window-open" role="status">
                                            {t.days_left(option.days_left, &format::date_time(option.window.closes))}
                                        </p>
                                    }.into_any()
                                } else {
                                    let order = option.order.clone();
                                    view! {
                                        <div class="banner banner-warning" role="status">
                                            <p>{t.window_passed(&format::date_time(option.window.closes))}</p>
                                            <p>
                                                {t.window_passed_next}" "
                                                <a href=customer.with_value(|c| routes::report_a_problem_for(&c.default_domain, &order.0, product.name))>{t.report_a_problem}</a>
                                            </p>
                                        </div>
                                    }.into_any()
                                }
                            })}
                            <h3>{use_texts().glossary.have_ready}</h3>
                            <dl class="facts">
                                <dt>{t.customer}</dt>
                                <dd>{name}</dd>
                                <dt>{use_texts().glossary.tenant_or_domain}</dt>
                                <dd>{tenant}</dd>
                                <dt>{t.product}</dt>
                                <dd>{product.name}</dd>
                                <dt>{t.order}</dt>
                                <dd>{move || selected().map(|option| option.order.0)}</dd>
                            </dl>
                            <div class="banner banner-warning important">
                                <p><strong>{t.important}</strong>" "{t.revocation_message}</p>
                                <label class="checkbox">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || acknowledged.get()
                                        on:change=move |event| acknowledged.set(event_target_checked(&event))
                                    />
                                    {t.acknowledge}
                                </label>
                            </div>
                            {move || failure.get().map(|error| view! { <WriteFailure error /> })}
                            <div class="dialog-actions">
                                <button
                                    type="button"
                                    class="button-primary"
                                    disabled=move || {
                                        !acknowledged.get() || busy.get()
                                            || selected().is_none_or(|option| option.days_left <= 0)
                                    }
                                    on:click={
                                        let submit = submit.clone();
                                        move |_| {
                                            if let Some(option) = selected() {
                                                submit(option);
                                            }
                                        }
                                    }
                                >
                                    {t.submit}
                                </button>
                            </div>
                        }
                            .into_any()
            })}
        </Dialog>
    }
}
