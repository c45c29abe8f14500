//! Add products: choose SKUs, terms, quantities and billing plans; review every item with the
//! plans it allows and what it costs per billing period; submit once.

use std::sync::Arc;

use csp_domain::queries::{self, Offer, QuoteLine};
use csp_domain::{
    add_line, catalog, change_plan, BillingPlan, Customer, CustomerId, Intent, LineRequest, Money,
    Order, Reply, UserId,
};
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::{error_text, focus_soon, loaded, DataTable, PlanSelect};
use crate::i18n::glossary::money_with_tax;
use crate::i18n::{messages, use_texts, SellingTexts};
use crate::routes::{self, CustomerTab};
use crate::session::use_session;
use crate::storage::{BrowserStorage, KeyValueStore};

/// The most units one line may hold (the domain refuses more).
const MAX_QUANTITY: u32 = csp_domain::decide::MAX_QUANTITY;

/// Where the order being built is kept: one per user and customer, so it neither follows the
/// next person signed in on this browser nor moves to another customer.
fn cart_key(user: &UserId, customer: &CustomerId) -> String {
    format!("csp-desk.cart.v2.{user}.{customer}")
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
    let cart = RwSignal::new(Vec::<LineRequest>::new());
    let key = StoredValue::new(None::<String>);
    {
        let (store, customer) = (store.clone(), customer.clone());
        // Whoever signs in finds their own order for this customer.
        Effect::new(move |_| {
            let for_user = session
                .user
                .with(|user| user.as_ref().map(|user| cart_key(user.id(), &customer)));
            let saved = for_user
                .as_deref()
                .and_then(|key| store.get(key).ok().flatten())
                .and_then(|text| crate::storage::from_json(&text).ok())
                .unwrap_or_default();
            key.set_value(for_user);
            cart.set(saved);
        });
    }
    Effect::new(move |_| {
        let lines = cart.get();
        key.with_value(|key| {
            if let (Some(key), Ok(text)) = (key, serde_json::to_string(&lines)) {
                // A cart that cannot be saved only lasts until the reload.
                let _ = store.set(key, &text);
            }
        })
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
    cart: RwSignal<Vec<LineRequest>>,
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
    let reviewing = Memo::new(move |_| matches!(step.get(), Step::Review | Step::Submitting));
    view! {
        <p class="breadcrumb-back">
            <a href=back>{owner.name.clone()}</a>
        </p>
        <h1>{s.add_products_for(&owner.name)}</h1>
        <p class="hint">{role_hint}</p>
        // Review and Submitting are one screen: drawing it anew on submit would drop the
        // failure it is about to show.
        {move || if reviewing.get() {
            view! { <ReviewOrder customer=owner.id.clone() offers=offers.clone() cart step /> }.into_any()
        } else if let Step::Placed(order) = step.get_untracked() {
            view! { <OrderPlaced customer=owner.id.clone() order /> }.into_any()
        } else {
            view! { <ChooseProducts offers=offers.clone() cart step /> }.into_any()
        }}
    }
}

#[component]
fn ChooseProducts(
    offers: Arc<Vec<Offer>>,
    cart: RwSignal<Vec<LineRequest>>,
    step: RwSignal<Step>,
) -> impl IntoView {
    let s = &use_texts().selling;
    let added = RwSignal::new(None::<String>);
    let rows = offers
        .iter()
        .cloned()
        .map(|offer| view! { <OfferRow offer cart added /> })
        .collect_view();
    let chosen = move || {
        let lines = cart.get();
        if lines.is_empty() {
            return view! { <p>{s.nothing_chosen}</p> }.into_any();
        }
        let items = lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                let label = describe_line(s, &line);
                let remove_label = s.remove_from_order(&label);
                view! {
                    <li>
                        <span>{label}</span>
                        <button
                            type="button"
                            aria-label=remove_label
                            on:click=move |_| {
                                cart.update(|lines| {
                                    lines.remove(index);
                                });
                                added.set(None);
                                focus_soon("cart-heading");
                            }
                        >
                            {s.remove}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="cart">{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="choose-heading">
            <h2 id="choose-heading" tabindex="-1">{s.choose_products}</h2>
            <DataTable label=s.choose_products columns=vec![s.product, s.term, s.price_per_unit, s.billing_plans_available, s.quantity, s.billing_plan, s.add_to_order] class="offers">{rows}</DataTable>
        </section>
        // Kept in view while the list scrolls, so adding a product shows where it went.
        <section aria-labelledby="cart-heading" class="order-summary">
            <h2 id="cart-heading" tabindex="-1">
                {s.your_order}
                <span class="count">{move || cart.with(|lines| (!lines.is_empty()).then(|| format!(" ({})", s.order_lines(lines.len()))))}</span>
            </h2>
            <p role="status" class="added">{move || added.get()}</p>
            {chosen}
            <div class="actions actions-start">
                <button
                    type="button"
                    class="primary"
                    disabled=move || cart.with(Vec::is_empty)
                    on:click=move |_| {
                        step.set(Step::Review);
                        focus_soon("review-heading");
                    }
                >
                    {s.review}
                </button>
            </div>
        </section>
    }
}

/// "2 × Windows Server 2022 Standard, 1 year, Annual".
fn describe_line(s: &SellingTexts, line: &LineRequest) -> String {
    let (product, term) = catalog::sku(&line.sku).map_or(("", ""), |(product, sku)| {
        (product.name, s.term_name(sku.term))
    });
    format!(
        "{} × {product}, {term}, {}",
        line.quantity,
        s.plan_name(line.billing_plan)
    )
}

fn product_title(product: &str) -> String {
    crate::pages::subscriptions::product_name(product)
}

#[component]
fn OfferRow(
    offer: Offer,
    cart: RwSignal<Vec<LineRequest>>,
    added: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = &use_texts().selling;
    let Some((product, sku)) = catalog::sku(&offer.sku) else {
        return ().into_any();
    };
    let term = s.term_name(sku.term);
    let kind = s.kind_name(product.kind);
    let price = offer
        .price
        .as_ref()
        .map(|price| money_with_tax(&use_texts().glossary, &price.amount, price.includes_tax));
    let plans = offer
        .plans
        .iter()
        .map(|plan| s.plan_name(*plan))
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
    let quantity_label = s.quantity_of(product.name, term);
    let plan_label = s.billing_plan_of(product.name, term);
    let add_label = s.add_product_to_order(product.name, term);
    let error_id = format!("quantity-error-{}", offer.sku.replace(':', "-"));
    let described_by = error_id.clone();
    let sku_id = offer.sku.clone();
    let add = move |_| {
        let line = match quantity.get_untracked().trim().parse::<u32>() {
            Ok(count) if (1..=MAX_QUANTITY).contains(&count) => LineRequest {
                sku: sku_id.clone(),
                quantity: count,
                billing_plan: plan.get_untracked(),
            },
            _ => return invalid.set(true),
        };
        let mut lines = cart.get_untracked();
        // The same product and plan again grows its line; past 10,000 units it is refused here.
        match add_line(&mut lines, line) {
            Ok(at) => {
                invalid.set(false);
                let said = describe_line(s, &lines[at]);
                cart.set(lines);
                added.set(Some(s.added_to_order(&said)));
            }
            Err(_) => invalid.set(true),
        }
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
    cart: RwSignal<Vec<LineRequest>>,
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
        Memo::new(move |_| cart.with(|lines| queries::quote(&offers, lines)))
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
                    focus_soon("placed-heading");
                }
                Err(error) => {
                    failure.set(Some(error_text(texts, &error)));
                    step.set(Step::Review);
                    focus_soon("order-failure");
                }
            }
        });
    };
    let rows = move || {
        reviewed
            .get()
            .lines
            .into_iter()
            .map(|line| view! { <ReviewRow line cart /> })
            .collect_view()
    };
    let totals = move || {
        let reviewed = reviewed.get();
        let includes_tax = reviewed.includes_tax();
        let show = |amount: Option<Money>| {
            amount.map_or_else(
                || s.mixed_currencies.to_owned(),
                |m| money_with_tax(&texts.glossary, &m, includes_tax),
            )
        };
        (show(reviewed.billed_now), show(reviewed.total))
    };
    view! {
        <section aria-labelledby="review-heading">
            <h2 id="review-heading" tabindex="-1">{s.review_and_submit}</h2>
            <DataTable label=s.review_and_submit columns=vec![s.product, s.term, s.quantity, s.billing_plan, s.price_per_billing_period, s.total_for_term] class="review" footer=view! { <tr>
                            <th scope="row" colspan="4">{s.billed_now}</th>
                            <td class="amount" colspan="2" data-total="billed-now">{move || totals().0}</td>
                        </tr>
                        <tr>
                            <th scope="row" colspan="4">{s.order_total}</th>
                            <td class="amount" colspan="2" data-total="order-total">{move || totals().1}</td>
                        </tr> }.into_any()>{rows}</DataTable>
            {move || submitting().then(|| view! {
                <p role="status">{format!("{}: {}", s.order_status, use_texts().glossary.order_status_name(csp_domain::OrderStatus::Pending))}</p>
            })}
            {move || failure.get().map(|reason| view! { <p role="alert" class="error" id="order-failure" tabindex="-1">{reason}</p> })}
            <div class="actions actions-start">
                <button
                    type="button"
                    on:click=move |_| {
                        step.set(Step::Choose);
                        focus_soon("choose-heading");
                    }
                    disabled=submitting
                >
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
fn ReviewRow(line: QuoteLine, cart: RwSignal<Vec<LineRequest>>) -> impl IntoView {
    let s = &use_texts().selling;
    let name = product_title(&line.product);
    let term = s.term_name(line.term);
    let plan_label = s.billing_plan_of(&name, term);
    let glossary = &use_texts().glossary;
    let amount = |money| money_with_tax(glossary, money, line.includes_tax);
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
                        // Refused only past 10,000 units of one plan; the line then keeps its plan.
                        cart.update(|lines| {
                            let _ = change_plan(lines, line.chosen, chosen);
                        })
                    }
                />
            </td>
            <td class="amount">{amount(&line.per_period)}</td>
            <td class="amount">{amount(&line.term_total)}</td>
        </tr>
    }
}

#[component]
fn OrderPlaced(customer: CustomerId, order: Order) -> impl IntoView {
    let s = &use_texts().selling;
    view! {
        <section aria-labelledby="placed-heading" class="placed">
            <h2 id="placed-heading" tabindex="-1">{s.order_placed(&order.id.0)}</h2>
            <p role="status">{format!("{}: {}", s.order_status, use_texts().glossary.order_status_name(order.status))}</p>
            <p>
                <a href=routes::order(&customer, &order.id)>{s.view_order}</a>
            </p>
            <p>
                <a href=routes::customer_tab(&customer, CustomerTab::OrderHistory)>{s.order_history}</a>
            </p>
        </section>
    }
}
