//! The Order history tab (every purchase, whatever its date) and an order's line items.

use csp_domain::{CustomerId, Order, OrderId, OrderStatus};
use leptos::prelude::*;

use crate::backend::use_backend;
use crate::components::browser::{csv_of_every_row, EveryRow};
use crate::components::{loaded, page_in_url, pager_in_url, DataTable, KeyedRow, KeyedRows};
use crate::i18n::format::date_time;
use crate::i18n::glossary::money_with_tax;
use crate::i18n::use_texts;
use crate::pages::subscriptions::product_name;
use crate::routes::{self, CustomerTab};
use crate::session::use_session;

fn status_class(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "status status-pending",
        OrderStatus::Completed => "status status-completed",
        OrderStatus::Cancelled => "status status-cancelled",
        OrderStatus::Unknown => "status",
    }
}

/// Every order of the customer, newest first, whatever its date, a page of 50 at a time: only
/// the page shown is read, and the CSV reads them all when it is asked for.
#[component]
pub fn OrderHistoryTab(customer: CustomerId) -> impl IntoView {
    let texts = use_texts();
    let s = &texts.selling;
    let backend = use_backend();
    let session = use_session();
    let page = page_in_url();
    let reading = backend.clone();
    let fetch = {
        let customer = customer.clone();
        move || {
            session.track();
            let (backend, customer, number) = (backend.clone(), customer.clone(), page.get());
            async move { backend.orders(customer, Some(number)).await }
        }
    };
    loaded(s.loading_orders, None, fetch, move |orders| {
        if orders.matching == 0 {
            return view! { <p>{s.no_orders}</p> }.into_any();
        }
        let pages = pager_in_url(orders.offset, orders.items.len(), orders.matching, "page");
        let every_row: EveryRow = {
            let (backend, customer) = (reading.clone(), customer.clone());
            Box::new(move || {
                let (backend, customer) = (backend.clone(), customer.clone());
                Box::pin(async move {
                    let all = backend.orders(customer, None).await?;
                    Ok(csp_domain::export::orders_csv(&all.items))
                })
            })
        };
        let rows = orders
            .items
            .iter()
            .map(|order| {
                let items = order
                    .lines
                    .iter()
                    .map(|line| format!("{} × {}", line.quantity, product_name(&line.product)))
                    .collect::<Vec<_>>()
                    .join("; ");
                let total = order_total(order);
                let created = date_time(order.created_at);
                let class = status_class(order.status);
                let status = texts.glossary.order_status_name(order.status);
                // Everything the row shows but its id, which is its key (and makes its link).
                let shows = [&created, &items, class, status, &total].join("\n");
                let row = view! {
                    <tr>
                        <th scope="row">
                            <a href=routes::order(&customer, &order.id)>{order.id.0.clone()}</a>
                        </th>
                        <td>{created}</td>
                        <td>{items}</td>
                        <td>
                            <span class=class>{status}</span>
                        </td>
                        <td class="amount">{total}</td>
                    </tr>
                };
                KeyedRow::new(order.id.0.clone(), shows, row.into_any())
            })
            .collect();
        view! {
            <div class="actions actions-start">
                {csv_of_every_row(format!("orders-{}.csv", customer.0), every_row)}
            </div>
            <DataTable label=s.order_history columns=vec![s.order_id, s.date, s.items, s.status, s.total]>{KeyedRows(rows)}</DataTable>
            {pages}
        }
        .into_any()
    })
}

/// One order with its line items; cancelled lines show quantity 0.
#[component]
pub fn OrderPage(customer: CustomerId, order: OrderId) -> impl IntoView {
    let s = &use_texts().selling;
    let backend = use_backend();
    let session = use_session();
    let back = routes::customer_tab(&customer, CustomerTab::OrderHistory);
    let heading = s.order_heading(&order.0);
    let fetch = move || {
        session.track();
        let (backend, customer, order) = (backend.clone(), customer.clone(), order.clone());
        async move { backend.order(customer, order).await }
    };
    view! {
        <p class="breadcrumb-back">
            <a href=back>{s.back_to_orders}</a>
        </p>
        <h1>{heading}</h1>
        {loaded(s.loading_orders, None, fetch, |order| view! { <OrderLines order /> }.into_any())}
    }
}

/// An order's total with its tax note.
fn order_total(order: &Order) -> String {
    let texts = use_texts();
    order.total().map_or_else(
        || texts.selling.mixed_currencies.to_owned(),
        |total| money_with_tax(&texts.glossary, &total, order.includes_tax()),
    )
}

#[component]
fn OrderLines(order: Order) -> impl IntoView {
    let s = &use_texts().selling;
    let total = order_total(&order);
    let rows = order
        .lines
        .iter()
        .map(|line| {
            let quantity = if line.quantity == 0 && line.ordered_quantity > 0 {
                s.cancelled_line(line.ordered_quantity)
            } else {
                line.quantity.to_string()
            };
            view! {
                <tr>
                    // Numbered from 1 for a person; the API keeps Partner Center's 0.
                    <td>{line.number + 1}</td>
                    <th scope="row">{product_name(&line.product)}</th>
                    <td>{s.term_name(line.term_duration)}</td>
                    <td>{s.plan_name(line.billing_plan)}</td>
                    <td>{quantity}</td>
                    <td class="amount">{money_with_tax(&use_texts().glossary, &line.unit_price, line.includes_tax)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>{s.date}</dt>
            <dd>{date_time(order.created_at)}</dd>
            <dt>{s.status}</dt>
            <dd>
                <span class=status_class(order.status)>{use_texts().glossary.order_status_name(order.status)}</span>
            </dd>
            <dt>{s.total}</dt>
            <dd>{total}</dd>
        </dl>
        <h2>{s.line_items}</h2>
        <DataTable label=s.line_items columns=vec![s.line, s.product, s.term, s.billing_plan, s.quantity, s.price_per_unit]>{rows}</DataTable>
    }
}
