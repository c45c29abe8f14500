//! Add products: choose SKUs, terms, quantities and billing plans; review every item with the
//! plans it allows and what it costs per billing period; submit once.

use std::sync::Arc;

use csp_domain::queries::{self, Offer, QuoteLine};
use csp_domain::{
    catalog, BillingPlan, Customer, CustomerId, Intent, LineRequest, Money, Order, Reply,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::backend::use_backend;
use crate::components::{error_text, loaded, DataTable, PlanSelect};
use crate::i18n::{format, messages, use_texts};
use crate::routes::{self, CustomerTab};
use crate::session::use_session;
use crate::storage::{BrowserStorage, KeyValueStore};

/// The most units one line may hold (the domain refuses more).
const MAX_QUANTITY: u32 = csp_domain::decide::MAX_QUANTITY;

/// One chosen item: a SKU, how many, and how it is billed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    pub sku: String,
    pub quantity: u32,
    pub plan: BillingPlan,
}

impl CartLine {
    /// The line as the order asks for it.
    fn request(&self) -> LineRequest {
        LineRequest {
            sku: self.sku.clone(),
            quantity: self.quantity,
            billing_plan: self.plan,
        }
    }
}

fn cart_key(customer: &CustomerId) -> String {
    format!("csp-desk.cart.v1.{customer}")
}

/// Where the order is in its life, as the page shows it.
#[derive(Clone, PartialEq)]
enum Step {
    Choose,
    Review,
    Submitting,
    Placed(Order),
}

/// Add products for the customer in the URL.
#[component]
pub fn AddProductsPage(customer: CustomerId) -> impl IntoView {
    let texts = use_texts();
    let backend = use_backend();
    let session = use_session();
    // The step and the cart live here, above the data, so the refetch after an order keeps them.
    let step = RwSignal::new(Step::Choose);
    let store: Arc<dyn KeyValueStore> = Arc::new(BrowserStorage);
    let key = cart_key(&customer);
    let saved = store
        .get(&key)
        .ok()
        .flatten()
        .and_then(|text| crate::storage::from_json(&text).ok())
        .unwrap_or_default();
    let cart = RwSignal::new(saved);
    Effect::new(move |_| {
        let lines = cart.get();
        if let Ok(text) = serde_json::to_string(&lines) {
            // A cart that cannot be saved only lasts until the reload.
            let _ = store.set(&key, &text);
        }
    });
    let fetch = move || {
        session.track();
        let (backend, customer) = (backend.clone(), customer.clone());
        async move {
            let owner = backend.customer(customer.clone()).await?;
            let offers = backend.offers(customer).await?;
            Ok((owner, offers))
        }
    };
    let s = &texts.selling;
    loaded(
        s.loading_catalog,
        Some(s.add_products),
        fetch,
        move |(owner, offers)| view! { <AddProducts owner offers cart step /> }.into_any(),
    )
}

/// The two steps over one cart, kept in this browser so a reload loses nothing.
#[component]
fn AddProducts(
    owner: Customer,
    offers: Vec<Offer>,
    cart: RwSignal<Vec<CartLine>>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let session = use_session();
    let offers = Arc::new(offers);
    let role_hint = move || {
        (!session.may(csp_domain::Action::BuyProducts)).then_some(s.add_products_needs_role)
    };
    let back = routes::customer_tab(&owner.id, CustomerTab::Subscriptions);
    view! {
        <p class="breadcrumb-back">
            <a href=back>{owner.name.clone()}</a>
        </p>
        <h1>{(s.add_products_for)(&owner.name)}</h1>
        <p class="hint">{role_hint}</p>
        {move || match step.get() {
            Step::Choose => view! { <ChooseProducts offers=offers.clone() cart step /> }.into_any(),
            Step::Review | Step::Submitting => {
                view! { <ReviewOrder customer=owner.id.clone() offers=offers.clone() cart step /> }.into_any()
            }
            Step::Placed(order) => view! { <OrderPlaced customer=owner.id.clone() order /> }.into_any(),
        }}
    }
}

#[component]
fn ChooseProducts(
    offers: Arc<Vec<Offer>>,
    cart: RwSignal<Vec<CartLine>>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let s = &use_texts().selling;
    let rows = offers
        .iter()
        .cloned()
        .map(|offer| view! { <OfferRow offer cart /> })
        .collect_view();
    let chosen = {
        let offers = offers.clone();
        move || {
            let lines = cart.get();
            if lines.is_empty() {
                return view! { <p>{s.nothing_chosen}</p> }.into_any();
            }
            let items = lines
                .into_iter()
                .enumerate()
                .map(|(index, line)| {
                    let label = describe_line(&offers, &line);
                    let remove_label = (s.remove_from_order)(&label);
                    view! {
                        <li>
                            <span>{label}</span>
                            <button
                                type="button"
                                aria-label=remove_label
                                on:click=move |_| {
                                    cart.update(|lines| {
                                        lines.remove(index);
                                    })
                                }
                            >
                                {s.remove}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="cart">{items}</ul> }.into_any()
        }
    };
    view! {
        <section aria-labelledby="choose-heading">
            <h2 id="choose-heading">{s.choose_products}</h2>
            <DataTable label=s.choose_products columns=vec![s.product, s.term, s.price_per_unit, s.billing_plans_available, s.quantity, s.billing_plan, s.add_to_order] class="offers">{rows}</DataTable>
        </section>
        <section aria-labelledby="cart-heading">
            <h2 id="cart-heading">{s.your_order}</h2>
            {chosen}
            <div class="actions actions-start">
                <button
                    type="button"
                    class="primary"
                    disabled=move || cart.with(Vec::is_empty)
                    on:click=move |_| step.set(Step::Review)
                >
                    {s.review}
                </button>
            </div>
        </section>
    }
}

/// "2 × Windows Server 2022 Standard, 1 year, Annual".
fn describe_line(offers: &[Offer], line: &CartLine) -> String {
    let s = &use_texts().selling;
    let product = offers
        .iter()
        .find(|offer| offer.sku == line.sku)
        .map_or("", |offer| offer.product.as_str());
    let term = catalog::sku(&line.sku).map_or("", |(_, sku)| (s.term_name)(sku.term));
    format!(
        "{} × {}, {}, {}",
        line.quantity,
        product_title(product),
        term,
        (s.plan_name)(line.plan)
    )
}

fn product_title(product: &str) -> String {
    crate::pages::subscriptions::product_name(product)
}

#[component]
fn OfferRow(offer: Offer, cart: RwSignal<Vec<CartLine>>) -> impl IntoView {
    let s = &use_texts().selling;
    let Some((product, sku)) = catalog::sku(&offer.sku) else {
        return ().into_any();
    };
    let term = (s.term_name)(sku.term);
    let kind = (s.kind_name)(product.kind);
    let price = offer.price.as_ref().map(|price| {
        format!(
            "{} ({})",
            format::money(&price.amount),
            (s.tax_note)(price.includes_tax)
        )
    });
    let plans = offer
        .plans
        .iter()
        .map(|plan| (s.plan_name)(*plan))
        .collect::<Vec<_>>()
        .join(", ");
    let name_cell = view! {
        <th scope="row">
            <span class="product-name">{product.name}</span>
            " "
            <span class="product-kind">{kind}</span>
        </th>
    };
    if let Some(reason) = offer.unavailable.clone() {
        return view! {
            <tr class="unavailable">
                {name_cell}
                <td>{term}</td>
                <td>{price}</td>
                <td colspan="4">
                    <strong>{s.not_available}": "</strong>
                    {messages::refusal(&reason)}
                </td>
            </tr>
        }
        .into_any();
    }
    let quantity = RwSignal::new("1".to_owned());
    let plan = RwSignal::new(offer.plans.first().copied().unwrap_or(BillingPlan::OneTime));
    let invalid = RwSignal::new(false);
    let quantity_label = (s.quantity_of)(product.name, term);
    let plan_label = (s.billing_plan_of)(product.name, term);
    let add_label = (s.add_product_to_order)(product.name, term);
    let error_id = format!("quantity-error-{}", offer.sku.replace(':', "-"));
    let described_by = error_id.clone();
    let sku_id = offer.sku.clone();
    let add = move |_| match quantity.get_untracked().trim().parse::<u32>() {
        Ok(count) if (1..=MAX_QUANTITY).contains(&count) => {
            invalid.set(false);
            let line = CartLine {
                sku: sku_id.clone(),
                quantity: count,
                plan: plan.get_untracked(),
            };
            cart.update(|lines| lines.push(line));
        }
        _ => invalid.set(true),
    };
    view! {
        <tr>
            {name_cell}
            <td>{term}</td>
            <td class="amount">{price}</td>
            <td>{plans}</td>
            <td>
                <input
                    type="number"
                    class="quantity"
                    min="1"
                    max=MAX_QUANTITY.to_string()
                    aria-label=quantity_label
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby=described_by
                    prop:value=quantity
                    on:input=move |event| quantity.set(event_target_value(&event))
                />
                <span class="field-error" id=error_id role="alert">
                    {move || invalid.get().then_some(s.quantity_invalid)}
                </span>
            </td>
            <td>
                <PlanSelect
                    plans=offer.plans.clone()
                    selected=plan.get_untracked()
                    label=plan_label
                    on_choose=move |chosen| plan.set(chosen)
                />
            </td>
            <td>
                <button type="button" aria-label=add_label on:click=add>
                    {s.add_to_order}
                </button>
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn ReviewOrder(
    customer: CustomerId,
    offers: Arc<Vec<Offer>>,
    cart: RwSignal<Vec<CartLine>>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let backend = use_backend();
    let session = use_session();
    let failure = RwSignal::new(None::<String>);
    let may_buy = move || session.may(csp_domain::Action::BuyProducts);
    let reviewed = {
        let offers = offers.clone();
        Memo::new(move |_| {
            let lines: Vec<LineRequest> =
                cart.with(|cart| cart.iter().map(CartLine::request).collect());
            queries::quote(&offers, &lines)
        })
    };
    let submitting = move || step.get() == Step::Submitting;
    let submit = move |_| {
        // One order per click: a second click while the first is pending does nothing.
        if step.get_untracked() != Step::Review {
            return;
        }
        let lines: Vec<LineRequest> = reviewed
            .get_untracked()
            .lines
            .into_iter()
            .map(|line| line.line)
            .collect();
        let (backend, customer) = (backend.clone(), customer.clone());
        step.set(Step::Submitting);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match backend
                .run(Intent::PlaceOrder { customer, lines }, Reply::into_order)
                .await
            {
                Ok(order) => {
                    cart.set(Vec::new());
                    session.changed();
                    step.set(Step::Placed(order));
                }
                Err(error) => {
                    failure.set(Some(error_text(texts, &error)));
                    step.set(Step::Review);
                }
            }
        });
    };
    let rows = move || {
        reviewed
            .get()
            .lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| view! { <ReviewRow index line cart /> })
            .collect_view()
    };
    let totals = move || {
        let reviewed = reviewed.get();
        let show = |amount: Option<Money>| {
            amount.map_or_else(|| s.mixed_currencies.to_owned(), |m| format::money(&m))
        };
        (show(reviewed.billed_now), show(reviewed.total))
    };
    view! {
        <section aria-labelledby="review-heading">
            <h2 id="review-heading">{s.review_and_submit}</h2>
            <DataTable label=s.review_and_submit columns=vec![s.product, s.term, s.quantity, s.billing_plan, s.price_per_billing_period, s.total_for_term] class="review" footer=view! { <tr>
                            <th scope="row" colspan="4">{s.billed_now}</th>
                            <td class="amount" colspan="2" data-total="billed-now">{move || totals().0}</td>
                        </tr>
                        <tr>
                            <th scope="row" colspan="4">{s.order_total}</th>
                            <td class="amount" colspan="2" data-total="order-total">{move || totals().1}</td>
                        </tr> }.into_any()>{rows}</DataTable>
            {move || submitting().then(|| view! {
                <p role="status">{format!("{}: {}", s.order_status, (s.order_status_name)(csp_domain::OrderStatus::Pending))}</p>
            })}
            {move || failure.get().map(|reason| view! { <p role="alert" class="error">{reason}</p> })}
            <div class="actions actions-start">
                <button type="button" on:click=move |_| step.set(Step::Choose) disabled=submitting>
                    {s.back_to_products}
                </button>
                <button
                    type="button"
                    class="primary"
                    on:click=submit
                    aria-describedby="submit-order-reason"
                    disabled=move || submitting() || reviewed.with(|r| r.lines.is_empty()) || !may_buy()
                >
                    {move || if submitting() { s.submitting } else { s.submit_order }}
                </button>
            </div>
            // Said beside the button it disables, not only at the top of the page.
            <p class="hint" id="submit-order-reason">
                {move || (!may_buy()).then_some(s.add_products_needs_role)}
            </p>
        </section>
    }
}

#[component]
fn ReviewRow(index: usize, line: QuoteLine, cart: RwSignal<Vec<CartLine>>) -> impl IntoView {
    let s = &use_texts().selling;
    let name = product_title(&line.product);
    let term = (s.term_name)(line.term);
    let plan_label = (s.billing_plan_of)(&name, term);
    let tax = (s.tax_note)(line.includes_tax);
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td>{term}</td>
            <td>{line.line.quantity}</td>
            <td>
                <PlanSelect
                    plans=line.plans.clone()
                    selected=line.line.billing_plan
                    label=plan_label
                    on_choose=move |chosen| {
                        cart.update(|lines| {
                            if let Some(line) = lines.get_mut(index) {
                                line.plan = chosen;
                            }
                        })
                    }
                />
            </td>
            <td class="amount">{format!("{} ({tax})", format::money(&line.per_period))}</td>
            <td class="amount">{format!("{} ({tax})", format::money(&line.term_total))}</td>
        </tr>
    }
}

#[component]
fn OrderPlaced(customer: CustomerId, order: Order) -> impl IntoView {
    let s = &use_texts().selling;
    view! {
        <section aria-labelledby="placed-heading" class="placed">
            <h2 id="placed-heading">{(s.order_placed)(&order.id.0)}</h2>
            <p role="status">{format!("{}: {}", s.order_status, (s.order_status_name)(order.status))}</p>
            <p>
                <a href=routes::order(&customer, &order.id)>{s.view_order}</a>
            </p>
            <p>
                <a href=routes::customer_tab(&customer, CustomerTab::OrderHistory)>{s.order_history}</a>
            </p>
        </section>
    }
}
