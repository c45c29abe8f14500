//! The Subscriptions tab and a subscription's page: autorenew, billing frequency, cancelling.

use csp_domain::queries::SubscriptionView;
use csp_domain::{Customer, CustomerId, Intent, ItemId, ItemState, Refusal, Reply};
use leptos::prelude::*;

use crate::backend::{use_backend, BackendError};
use crate::components::browser::{csv_of_every_row, EveryRow};
use crate::components::{
    focus_soon, loaded, page_in_url, pager_in_url, DataTable, Dialog, KeyedRow, KeyedRows,
    PlanSelect, WriteFailure,
};
use crate::i18n::format::date_time;
use crate::i18n::glossary::money_with_tax;
use crate::i18n::messages;
use crate::i18n::use_texts;
use crate::routes::{self, CustomerTab};
use crate::session::use_session;

/// The CSS class of a state badge.
pub fn state_class(state: &ItemState) -> &'static str {
    match state {
        ItemState::Active => "status status-active",
        ItemState::CancellationPending { .. } => "status status-cancellation_pending",
        ItemState::Cancelled => "status status-cancelled",
        ItemState::Expired => "status status-expired",
        ItemState::Suspended | ItemState::Unknown => "status",
    }
}

/// The product's name from the catalog, or its id for a product the catalog no longer has.
pub fn product_name(product: &str) -> String {
    csp_domain::catalog::product(product)
        .map_or_else(|| product.to_owned(), |found| found.name.to_owned())
}

/// The cancellation window as a short cell: until when, closed, or why it never opens.
fn window_text(view: &SubscriptionView) -> String {
    let texts = use_texts();
    match &view.cancellation {
        Ok(_) => texts
            .selling
            .window_until(&date_time(view.cancellation_window.closes)),
        Err(Refusal::CancellationWindowClosed { .. }) => texts.selling.window_closed.to_owned(),
        Err(refusal) => messages::refusal(refusal),
    }
}

/// Autorenew as the list shows it: on or off while it can still apply, a dash once it ended.
fn autorenew_cell(view: &SubscriptionView) -> &'static str {
    let s = &use_texts().selling;
    if !view.actions.autorenew.is_offered() && view.state != ItemState::Active {
        "—"
    } else if view.subscription.autorenew {
        s.on
    } else {
        s.off
    }
}

/// The subscriptions bought on or after 14 Oct 2021, with state, term, billing and window, a
/// page of 50 at a time: only the page shown is read, and the CSV reads them all when asked.
#[component]
pub fn SubscriptionsTab(customer: Customer) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let backend = use_backend();
    let session = use_session();
    let customer = customer.id;
    let page = page_in_url();
    let reading = backend.clone();
    let fetch = {
        let customer = customer.clone();
        move || {
            session.track();
            let (backend, customer, number) = (backend.clone(), customer.clone(), page.get());
            async move { backend.subscriptions(customer, Some(number)).await }
        }
    };
    loaded(s.loading_subscriptions, None, fetch, move |listed| {
        if listed.matching == 0 {
            return view! { <p>{s.no_subscriptions}</p> }.into_any();
        }
        let pages = pager_in_url(listed.offset, listed.items.len(), listed.matching, "page");
        let every_row: EveryRow = {
            let (backend, customer) = (reading.clone(), customer.clone());
            Box::new(move || {
                let (backend, customer) = (backend.clone(), customer.clone());
                Box::pin(async move {
                    let all = backend.subscriptions(customer, None).await?;
                    Ok(csp_domain::export::subscriptions_csv(&all.items))
                })
            })
        };
        let rows = listed
            .items
            .iter()
            .map(|view| {
                let subscription = &view.subscription;
                let href = routes::subscription(&customer, &subscription.id);
                let product = product_name(&subscription.product);
                let class = state_class(&view.state);
                let state = use_texts().glossary.state_name(&view.state);
                let term = s.term_name(subscription.term_duration);
                let opens = date_time(subscription.term.opens);
                let closes = date_time(subscription.term.closes);
                let plan = s.plan_name(subscription.billing_plan);
                let autorenew = autorenew_cell(view);
                let window = window_text(view);
                // Everything the row shows but its id, which is its key (and makes its link).
                let shows = [
                    &product, class, state, term, &opens, &closes, plan, autorenew, &window,
                ]
                .join("\n");
                let row = view! {
                    <tr>
                        <th scope="row">
                            <a href=href>{product}</a>
                        </th>
                        <td>
                            <code>{subscription.id.0.clone()}</code>
                        </td>
                        <td>
                            <span class=class>{state}</span>
                        </td>
                        <td>{term}</td>
                        <td>{opens}</td>
                        <td>{closes}</td>
                        <td>{plan}</td>
                        <td>{autorenew}</td>
                        <td>{window}</td>
                    </tr>
                };
                KeyedRow::new(subscription.id.0.clone(), shows, row.into_any())
            })
            .collect();
        view! {
            <div class="actions actions-start">
                {csv_of_every_row(format!("subscriptions-{}.csv", customer.0), every_row)}
            </div>
            <DataTable label=s.subscriptions columns=vec![s.product, s.subscription_id, s.status, s.term, s.start, s.end, s.billing_frequency, s.autorenew, s.cancellation_window]>{KeyedRows(rows)}</DataTable>
            {pages}
        }
        .into_any()
    })
}

/// What the last write on a subscription's page said. Kept by the page, above the data, so
/// the refetch that follows a write does not wipe the message.
#[derive(Clone, Copy)]
struct Notices {
    autorenew: RwSignal<Write>,
    billing: RwSignal<Write>,
    cancelled: RwSignal<Option<String>>,
}

/// Whether the URL asks the page to open at `act` (`?act=cancel`, with `&item=` where the page
/// has several items), as Closing soon's links do. Taken once: the query goes from the URL, so
/// a redraw (the clock moved, the data changed) does not open the dialog again.
pub fn asked_to(act: &str, item: Option<&str>) -> bool {
    let query = leptos_router::hooks::use_query_map();
    let asked = query.with_untracked(|query| {
        query.get("act").as_deref() == Some(act)
            && item.is_none_or(|item| query.get("item").as_deref() == Some(item))
    });
    if asked {
        let navigate = leptos_router::hooks::use_navigate();
        let path = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        queue_microtask(move || {
            let options = leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&path, options);
        });
    }
    asked
}

/// One subscription: its facts, the autorenew switch, the billing frequency, and cancelling.
#[component]
pub fn SubscriptionPage(customer: CustomerId, subscription: ItemId) -> impl IntoView {
    let notices = Notices {
        autorenew: RwSignal::new(Write::Idle),
        billing: RwSignal::new(Write::Idle),
        cancelled: RwSignal::new(None),
    };
    let texts = use_texts();
    let backend = use_backend();
    let session = use_session();
    let fetch = move || {
        session.track();
        let backend = backend.clone();
        let (customer, subscription) = (customer.clone(), subscription.clone());
        async move {
            let found = backend.subscription(customer.clone(), subscription).await?;
            let owner = backend.customer(customer).await?;
            Ok((owner, found))
        }
    };
    let s = &texts.selling;
    loaded(
        s.loading_subscription,
        Some(s.subscription_details),
        fetch,
        move |(owner, found)| view! { <SubscriptionDetails owner found notices /> }.into_any(),
    )
}

#[component]
fn SubscriptionDetails(
    owner: Customer,
    found: SubscriptionView,
    notices: Notices,
) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let subscription = found.subscription.clone();
    let name = product_name(&subscription.product);
    let back = routes::customer_tab(&owner.id, CustomerTab::Subscriptions);
    let next_plan = subscription
        .next_billing_plan
        .filter(|next| *next != subscription.billing_plan)
        .map(|next| view! { <dd>{s.from_next_term(s.plan_name(next))}</dd> });
    view! {
        <p class="breadcrumb-back">
            <a href=back.clone()>{s.back_to_subscriptions}</a>
        </p>
        <h1>{name}</h1>
        <section aria-labelledby="subscription-details">
            <h2 id="subscription-details">{s.subscription_details}</h2>
            <dl class="facts">
                <dt>{s.subscription_id}</dt>
                <dd>
                    <code>{subscription.id.0.clone()}</code>
                </dd>
                <dt>{s.customer}</dt>
                <dd>{owner.name.clone()}</dd>
                <dt>{s.order}</dt>
                <dd>
                    <a href=routes::order(&owner.id, &subscription.order)>{subscription.order.0.clone()}</a>
                </dd>
                <dt>{s.quantity}</dt>
                <dd>{subscription.quantity}</dd>
                <dt>{s.status}</dt>
                <dd>
                    <span class=state_class(&found.state)>{use_texts().glossary.state_name(&found.state)}</span>
                </dd>
                <dt>{s.term}</dt>
                <dd>
                    {format!(
                        "{}, {}: {} – {}",
                        s.term_name(subscription.term_duration),
                        s.term_number(subscription.term_number),
                        date_time(subscription.term.opens),
                        date_time(subscription.term.closes),
                    )}
                </dd>
                <dt>{s.billing_frequency}</dt>
                <dd>{s.plan_name(subscription.billing_plan)}</dd>
                {next_plan}
                <dt>{s.cancellation_window}</dt>
                <dd>{window_text(&found)}</dd>
            </dl>
        </section>
        <AutorenewSection customer=owner.id.clone() found=found.clone() write=notices.autorenew />
        <BillingSection customer=owner.id.clone() found=found.clone() write=notices.billing />
        <StatusSection owner found outcome=notices.cancelled />
    }
}

/// A write's progress, shown where the write was made.
#[derive(Clone, PartialEq)]
enum Write {
    Idle,
    Saving,
    Done(String),
    Failed(BackendError),
}

fn write_message(write: RwSignal<Write>) -> impl IntoView {
    move || match write.get() {
        Write::Idle => None,
        Write::Saving => {
            Some(view! { <p role="status">{use_texts().selling.saving}</p> }.into_any())
        }
        Write::Done(message) => {
            Some(view! { <p role="status" class="success">{message}</p> }.into_any())
        }
        Write::Failed(error) => Some(view! { <WriteFailure error /> }.into_any()),
    }
}

#[component]
fn AutorenewSection(
    customer: CustomerId,
    found: SubscriptionView,
    write: RwSignal<Write>,
) -> impl IntoView {
    let texts = use_texts();
    let backend = use_backend();
    let session = use_session();
    let enabled = RwSignal::new(found.subscription.autorenew);
    let subscription = found.subscription.id.clone();
    let submit = move |_| {
        let (backend, customer, subscription) =
            (backend.clone(), customer.clone(), subscription.clone());
        let wanted = enabled.get_untracked();
        write.set(Write::Saving);
        leptos::task::spawn_local(async move {
            let intent = Intent::SetAutorenew {
                customer,
                subscription,
                enabled: wanted,
            };
            match backend.run(intent, Reply::into_subscription).await {
                Ok(_) => {
                    write.set(Write::Done(texts.selling.autorenew_saved(wanted)));
                    session.changed();
                }
                Err(error) => write.set(Write::Failed(error)),
            }
        });
    };
    // Ended: autorenew can never apply again. Not allowed now: shown, disabled, with why.
    if !found.actions.autorenew.is_offered() {
        return ().into_any();
    }
    let reason = found.actions.autorenew.reason().map(messages::refusal);
    let blocked = reason.is_some();
    // Closing soon links here with `?act=autorenew`: the switch takes the focus.
    if asked_to("autorenew", None) {
        focus_soon("autorenew-switch");
    }
    view! {
        <section aria-labelledby="autorenew-heading">
            <h2 id="autorenew-heading">{texts.selling.autorenew}</h2>
            <p class="hint" id="autorenew-help">{texts.selling.autorenew_help}</p>
            {reason.map(|reason| view! { <p class="hint" id="autorenew-reason">{reason}</p> })}
            <label class="switch">
                <input
                    id="autorenew-switch"
                    type="checkbox"
                    role="switch"
                    aria-describedby=if blocked { "autorenew-reason autorenew-help" } else { "autorenew-help" }
                    disabled=blocked
                    prop:checked=enabled
                    on:change=move |event| enabled.set(event_target_checked(&event))
                />
                {texts.selling.autorenew}
            </label>
            <div class="actions actions-start">
                <button type="button" class="primary" on:click=submit disabled=move || blocked || write.get() == Write::Saving>
                    {texts.selling.submit}
                </button>
            </div>
            {write_message(write)}
        </section>
    }
    .into_any()
}

#[component]
fn BillingSection(
    customer: CustomerId,
    found: SubscriptionView,
    write: RwSignal<Write>,
) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let backend = use_backend();
    let session = use_session();
    let current = found
        .subscription
        .next_billing_plan
        .unwrap_or(found.subscription.billing_plan);
    let chosen = RwSignal::new(current);
    let subscription = found.subscription.id.clone();
    if !found.actions.billing_plan.is_offered() && found.state != ItemState::Active {
        return ().into_any();
    }
    if found.plans.len() < 2 {
        return view! {
            <section aria-labelledby="billing-heading">
                <h2 id="billing-heading">{s.billing_frequency}</h2>
                <p>{s.no_billing_choice}</p>
            </section>
        }
        .into_any();
    }
    let submit = move |_| {
        let (backend, customer, subscription) =
            (backend.clone(), customer.clone(), subscription.clone());
        let plan = chosen.get_untracked();
        write.set(Write::Saving);
        leptos::task::spawn_local(async move {
            let intent = Intent::SetBillingPlan {
                customer,
                subscription,
                plan,
            };
            match backend.run(intent, Reply::into_subscription).await {
                Ok(_) => {
                    write.set(Write::Done(
                        texts.selling.billing_saved(texts.selling.plan_name(plan)),
                    ));
                    session.changed();
                }
                Err(error) => write.set(Write::Failed(error)),
            }
        });
    };
    let reason = found.actions.billing_plan.reason().map(messages::refusal);
    let blocked = reason.is_some();
    view! {
        <section aria-labelledby="billing-heading">
            <h2 id="billing-heading">{s.billing_frequency}</h2>
            <p class="hint">{s.billing_help}</p>
            {reason.map(|reason| view! { <p class="hint">{reason}</p> })}
            <div class="field">
                <label for="billing-frequency">{s.billing_frequency}</label>
                <PlanSelect
                    plans=found.plans.clone()
                    selected=current
                    id="billing-frequency"
                    on_choose=move |plan| chosen.set(plan)
                />
            </div>
            <div class="actions actions-start">
                <button type="button" class="primary" on:click=submit disabled=move || blocked || write.get() == Write::Saving>
                    {s.submit}
                </button>
            </div>
            {write_message(write)}
        </section>
    }
    .into_any()
}

#[component]
fn StatusSection(
    owner: Customer,
    found: SubscriptionView,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let session = use_session();
    let active = matches!(found.state, ItemState::Active);
    // Closing soon links here with `?act=cancel`: the dialog opens at once where it may.
    let open = RwSignal::new(
        active && session.may(csp_domain::Action::Cancel) && asked_to("cancel", None),
    );
    let role_hint =
        move || (!session.may(csp_domain::Action::Cancel)).then_some(s.needs_admin_agent);
    view! {
        <section aria-labelledby="status-heading">
            <h2 id="status-heading">{s.status_section}</h2>
            <p>
                <span class=state_class(&found.state)>{use_texts().glossary.state_name(&found.state)}</span>
            </p>
            {move || outcome.get().map(|message| view! { <p role="status" class="success" id="cancel-outcome" tabindex="-1">{message}</p> })}
            {move || (active && outcome.get().is_none()).then(|| view! {
                <button type="button" on:click=move |_| open.set(true) aria-describedby="cancel-hint">
                    {s.cancel_subscription}
                </button>
                <p class="hint" id="cancel-hint">{role_hint}</p>
            })}
            {move || open.get().then(|| view! {
                <CancelSubscriptionDialog
                    owner=owner.clone()
                    found=found.clone()
                    on_close=move || open.set(false)
                    on_cancelled=move |message| {
                        open.set(false);
                        outcome.set(Some(message));
                        focus_soon("cancel-outcome");
                    }
                />
            })}
        </section>
    }
}

/// The cancel dialog: the window and the refund, what to have ready, Yes, and Submit.
#[component]
pub fn CancelSubscriptionDialog(
    owner: Customer,
    found: SubscriptionView,
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_cancelled: Callback<String>,
) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let backend = use_backend();
    let session = use_session();
    let confirmed = RwSignal::new(false);
    let write = RwSignal::new(Write::Idle);
    let subscription = found.subscription.clone();
    let closes = date_time(found.cancellation_window.closes);
    // A credit is taxed as the price was, by the customer's market.
    let includes_tax = owner.market.prices_include_tax();
    let with_tax =
        move |amount: &csp_domain::Money| money_with_tax(&texts.glossary, amount, includes_tax);
    let (window, refund) = match &found.cancellation {
        Ok(refund) => (
            s.cancel_window_open(&closes),
            Some(s.prorated_refund(&with_tax(refund))),
        ),
        Err(Refusal::CancellationWindowClosed { closed_at, .. }) => {
            (s.cancel_window_closed(&date_time(*closed_at)), None)
        }
        Err(refusal) => (messages::refusal(refusal), None),
    };
    let can_cancel = found.cancellation.is_ok();
    let submit = {
        let (customer, id) = (owner.id.clone(), subscription.id.clone());
        move |_| {
            let (backend, customer, id) = (backend.clone(), customer.clone(), id.clone());
            write.set(Write::Saving);
            leptos::task::spawn_local(async move {
                let intent = Intent::CancelSubscription {
                    customer,
                    subscription: id,
                    acknowledged: true,
                };
                match backend.run(intent, Reply::into_subscription).await {
                    // The credit the cancellation booked, as the backend answers it: the clock
                    // may have moved since the dialog opened.
                    Ok(cancelled) => {
                        session.changed();
                        write.set(Write::Idle);
                        let credit = cancelled.credit.map(|credit| with_tax(&credit));
                        on_cancelled.run(
                            texts
                                .selling
                                .subscription_cancelled(&credit.unwrap_or_default()),
                        );
                    }
                    Err(error) => write.set(Write::Failed(error)),
                }
            });
        }
    };
    view! {
        <Dialog title=s.cancel_subscription on_close>
            <p>{window}</p>
            {refund.map(|refund| view! { <p class="refund">{refund}</p> })}
            <h3>{use_texts().glossary.have_ready}</h3>
            <dl class="facts">
                <dt>{s.customer}</dt>
                <dd>{owner.name.clone()}</dd>
                <dt>{use_texts().glossary.tenant_or_domain}</dt>
                <dd>{format!("{} · {}", owner.tenant_id, owner.default_domain)}</dd>
                <dt>{s.subscription_id}</dt>
                <dd>
                    <code>{subscription.id.0.clone()}</code>
                </dd>
                <dt>{s.product}</dt>
                <dd>{product_name(&subscription.product)}</dd>
                <dt>{s.order_id}</dt>
                <dd>{subscription.order.0.clone()}</dd>
            </dl>
            {if can_cancel {
                view! {
                    <fieldset class="confirm">
                        <legend>{s.confirm_cancel}</legend>
                        <label>
                            <input type="radio" name="confirm-cancel" on:change=move |_| confirmed.set(true) />
                            {s.yes}
                        </label>
                        <label>
                            <input type="radio" name="confirm-cancel" checked on:change=move |_| confirmed.set(false) />
                            {s.no}
                        </label>
                    </fieldset>
                    <div class="actions">
                        <button
                            type="button"
                            class="primary"
                            disabled=move || !confirmed.get() || write.get() == Write::Saving
                            on:click=submit.clone()
                        >
                            {s.submit}
                        </button>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <p>
                        <a href=routes::REPORT_A_PROBLEM>{s.report_a_problem}</a>
                    </p>
                }
                    .into_any()
            }}
            {write_message(write)}
        </Dialog>
    }
}
