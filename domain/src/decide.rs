//! The decider: every rule that accepts or refuses a command.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::activity::Credit;
use crate::catalog::{self, price_for, Product, ProductKind};
use crate::command::{Command, LineRequest};
use crate::customer::{Customer, CustomerId, NamesInUse};
use crate::desk::{due_term_events, Desk};
use crate::event::{Event, EventKind};
use crate::item::{DownloadLink, ItemId, ItemRef, Selection, Subscription, SubscriptionStatus};
use crate::order::{Order, OrderId, OrderLine, OrderStatus};
use crate::queries::readable_customer;
use crate::refusal::Refusal;
use crate::role::{Action, User};
use crate::support::{
    FieldProblem, FormField, SupportNote, SupportRequest, SupportRequestForm, SupportRequestStatus,
};
use crate::time::InvoiceMonth;
use crate::vl::mak_deadline_for_day;

/// The most units one order line may hold.
pub const MAX_QUANTITY: u32 = 10_000;

/// Decides what happens when `actor` asks for `cmd` at `now`: the events to append, or why not.
///
/// Pure: the same desk, actor, moment and command always give the same answer.
pub fn decide(
    desk: &Desk,
    actor: &User,
    now: DateTime<Utc>,
    cmd: Command,
) -> Result<Vec<Event>, Refusal> {
    let by_actor = |kind| Event {
        at: now,
        actor: Some(actor.id().clone()),
        kind,
    };
    match cmd {
        Command::AddCustomer { customer } => {
            actor.require(Action::BuyProducts)?;
            check_new_customer(&mut NamesInUse::of(desk), &customer)?;
            Ok(vec![by_actor(EventKind::CustomerAdded { customer })])
        }
        Command::ImportCustomers { customers } => {
            actor.require(Action::BuyProducts)?;
            let mut taken = NamesInUse::of(desk);
            for customer in &customers {
                check_new_customer(&mut taken, customer)?;
            }
            Ok(customers
                .into_iter()
                .map(|customer| by_actor(EventKind::CustomerAdded { customer }))
                .collect())
        }
        Command::PlaceOrder {
            customer,
            order,
            lines,
        } => {
            actor.require(Action::BuyProducts)?;
            let customer = find_customer(desk, &customer)?;
            let order = place_order(desk, customer, order, &lines, now)?;
            let completed = EventKind::OrderCompleted {
                customer: order.customer.clone(),
                order: order.id.clone(),
            };
            Ok(vec![
                by_actor(EventKind::OrderPlaced { order }),
                by_actor(completed),
            ])
        }
        Command::CancelOrderLines {
            customer,
            order,
            lines,
            acknowledged,
        } => {
            actor.require(Action::Cancel)?;
            find_customer(desk, &customer)?;
            cancel_lines(desk, actor, now, &customer, &order, &lines, acknowledged)
        }
        Command::CancelSubscription {
            customer,
            subscription,
            acknowledged,
        } => {
            actor.require(Action::Cancel)?;
            let found = find_subscription(desk, &customer, &subscription)?;
            let (order, line) = (found.order.clone(), found.line);
            cancel_lines(desk, actor, now, &customer, &order, &[line], acknowledged)
        }
        Command::SetAutorenew {
            customer,
            subscription,
            enabled,
        } => {
            actor.require(Action::ManageSubscription)?;
            let found = find_subscription(desk, &customer, &subscription)?;
            let (current, mut events) = due_term_events(found, now);
            current.check_autorenew_change()?;
            events.push(by_actor(EventKind::AutorenewSet {
                customer,
                subscription,
                enabled,
            }));
            Ok(events)
        }
        Command::SetBillingPlan {
            customer,
            subscription,
            plan,
        } => {
            actor.require(Action::ManageSubscription)?;
            let found = find_subscription(desk, &customer, &subscription)?;
            let (current, mut events) = due_term_events(found, now);
            if current.status != SubscriptionStatus::Active {
                return Err(Refusal::NotActive { item: subscription });
            }
            let (_, sku) = catalog::sku(&current.sku).ok_or_else(|| Refusal::UnknownSku {
                sku: current.sku.clone(),
            })?;
            let offered = sku.plans_offered_on(now);
            if !offered.contains(&plan) {
                return Err(Refusal::PlanNotOffered {
                    sku: current.sku.clone(),
                    plan,
                    offered,
                });
            }
            events.push(by_actor(EventKind::BillingPlanSet {
                customer,
                subscription,
                plan,
            }));
            Ok(events)
        }
        Command::EndDueTerms => Ok(desk.due_term_events(now)),
        Command::RevealKey {
            customer,
            item,
            selection,
            key,
        } => {
            let (found, product) = software_access(desk, actor, &customer, &item, &selection)?;
            if !product.delivery.has_key() {
                return Err(no_keys(product));
            }
            // The purchase keeps the key it was first given; the generator's key is only for
            // the first reveal.
            let key = match &found.entitlement().key {
                Some(existing) => existing.clone(),
                None => {
                    key.check()?;
                    key
                }
            };
            Ok(vec![by_actor(EventKind::KeyRevealed {
                customer,
                item,
                product: product.id.to_owned(),
                selection,
                key,
            })])
        }
        Command::IssueDownloadLink {
            customer,
            item,
            selection,
            token,
        } => {
            actor.require(Action::GetKeysAndDownloads)?;
            let (_, product) = software_access(desk, actor, &customer, &item, &selection)?;
            if !product.delivery.has_download() {
                return Err(no_keys(product));
            }
            token.check()?;
            if desk.link(&token).is_some() {
                return Err(Refusal::LinkExists);
            }
            let link = DownloadLink::issue(token, item.clone(), selection, now);
            Ok(vec![by_actor(EventKind::DownloadLinkIssued {
                customer,
                item,
                product: product.id.to_owned(),
                link,
            })])
        }
        Command::Download {
            customer,
            item,
            selection,
        } => {
            let (_, product) = software_access(desk, actor, &customer, &item, &selection)?;
            if !product.delivery.has_download() {
                return Err(no_keys(product));
            }
            Ok(vec![by_actor(EventKind::SoftwareDownloaded {
                customer,
                item,
                product: product.id.to_owned(),
                selection,
                link: None,
            })])
        }
        Command::DownloadViaLink { token } => {
            // The link itself is the credential: whoever holds it may download.
            let link = desk.link(&token).ok_or(Refusal::UnknownLink)?;
            let found = desk.item(&link.item).ok_or(Refusal::UnknownLink)?;
            if found.is_cancelled() {
                return Err(Refusal::Revoked {
                    item: link.item.clone(),
                });
            }
            // An expired subscription is no longer the customer's to install, as on the
            // Software page.
            if !found.is_active() {
                return Err(Refusal::NotActive {
                    item: link.item.clone(),
                });
            }
            link.check_download(now)?;
            Ok(vec![by_actor(EventKind::SoftwareDownloaded {
                customer: found.customer().clone(),
                item: link.item.clone(),
                product: found.product_id().to_owned(),
                selection: link.selection.clone(),
                link: Some(token),
            })])
        }
        Command::FileSupportRequest { id, form } => {
            actor.require(Action::FileSupportRequest)?;
            if id.0.trim().is_empty() || desk.support_request(&id).is_some() {
                return Err(Refusal::SupportRequestExists { id });
            }
            form.check()?;
            order_of_the_tenant(desk, &form)?;
            let request = SupportRequest {
                id,
                form,
                filed_by: actor.id().clone(),
                filed_at: now,
                status: SupportRequestStatus::Open,
                updated_at: now,
                notes: Vec::new(),
            };
            Ok(vec![by_actor(EventKind::SupportRequestFiled { request })])
        }
        Command::SetSupportRequestStatus { id, status } => {
            actor.require(Action::FileSupportRequest)?;
            let request = desk
                .support_request(&id)
                .ok_or_else(|| Refusal::UnknownSupportRequest { id: id.clone() })?;
            let status = request.status.move_to(status)?;
            Ok(vec![by_actor(EventKind::SupportRequestStatusChanged {
                id,
                status,
            })])
        }
        Command::AddSupportRequestNote { id, text } => {
            actor.require(Action::FileSupportRequest)?;
            let request = desk
                .support_request(&id)
                .ok_or_else(|| Refusal::UnknownSupportRequest { id: id.clone() })?;
            if request.status == SupportRequestStatus::Closed {
                return Err(Refusal::SupportRequestClosed { id });
            }
            SupportNote::check(&text)?;
            let reopens = request.status == SupportRequestStatus::AttentionNeeded;
            let note = SupportNote {
                text: text.trim().to_owned(),
                added_by: actor.id().clone(),
                added_at: now,
            };
            let mut events = vec![by_actor(EventKind::SupportRequestNoteAdded {
                id: id.clone(),
                note,
            })];
            // The information is what support asked for: the request is theirs again.
            if reopens {
                events.push(by_actor(EventKind::SupportRequestStatusChanged {
                    id,
                    status: SupportRequestStatus::Open,
                }));
            }
            Ok(events)
        }
        Command::RememberMakDeadline {
            customer,
            last_kms_activation,
        } => {
            actor.require(Action::BuyProducts)?;
            readable_customer(desk, actor, &customer)?;
            // The same checks the helper shows: a day within range, not after today.
            let deadline = mak_deadline_for_day(last_kms_activation, now)?;
            Ok(vec![by_actor(EventKind::MakDeadlineRemembered {
                customer,
                last_kms_activation: deadline.last_kms_activation,
            })])
        }
    }
}

/// A support request names a tenant and an order or subscription: when both are known here,
/// the order must be that tenant's, or the request would ask to refund the wrong customer.
/// An id unknown here is left to Microsoft support to look up.
fn order_of_the_tenant(desk: &Desk, form: &SupportRequestForm) -> Result<(), Refusal> {
    let named = form.tenant_or_domain.trim();
    let Some(tenant) = desk.customers().into_iter().find(|customer| {
        customer.tenant_id.eq_ignore_ascii_case(named)
            || customer.default_domain.eq_ignore_ascii_case(named)
    }) else {
        return Ok(());
    };
    let id = form.order_or_subscription_id.trim();
    let owner = desk
        .order(&OrderId(id.to_owned()))
        .map(|order| &order.customer)
        .or_else(|| {
            desk.item(&ItemId(id.to_owned()))
                .map(|item| item.customer())
        });
    match owner {
        Some(owner) if owner != &tenant.id => Err(Refusal::InvalidField {
            field: FormField::OrderOrSubscriptionId,
            problem: FieldProblem::NotOfTheTenant,
        }),
        _ => Ok(()),
    }
}

/// The units one order line may hold: 1 to [`MAX_QUANTITY`].
pub(crate) fn check_quantity(sku: &str, quantity: u32) -> Result<(), Refusal> {
    if quantity == 0 || quantity > MAX_QUANTITY {
        return Err(Refusal::InvalidQuantity {
            sku: sku.to_owned(),
            quantity,
        });
    }
    Ok(())
}

fn no_keys(product: &Product) -> Refusal {
    Refusal::NoKeysOrDownloads {
        product: product.name.to_owned(),
    }
}

fn find_customer<'a>(desk: &'a Desk, id: &CustomerId) -> Result<&'a Customer, Refusal> {
    desk.customer(id).ok_or_else(|| Refusal::UnknownCustomer {
        customer: id.clone(),
    })
}

fn find_subscription<'a>(
    desk: &'a Desk,
    customer: &CustomerId,
    id: &ItemId,
) -> Result<&'a Subscription, Refusal> {
    find_customer(desk, customer)?;
    desk.subscription(id)
        .filter(|s| &s.customer == customer)
        .ok_or_else(|| Refusal::UnknownItem { item: id.clone() })
}

/// Checks that `actor` may get keys and downloads of `item` (an Admin agent, or the customer's
/// own Global admin in the customer view), that it is not revoked, and the choices fit.
fn software_access<'a>(
    desk: &'a Desk,
    actor: &User,
    customer: &CustomerId,
    item: &ItemId,
    selection: &Selection,
) -> Result<(ItemRef<'a>, &'static Product), Refusal> {
    match actor.own_customer() {
        Some(own) if own != customer => {
            return Err(Refusal::NotYourCustomer {
                customer: customer.clone(),
            })
        }
        Some(_) => {}
        None => actor.require(Action::GetKeysAndDownloads)?,
    }
    find_customer(desk, customer)?;
    let found = desk
        .item(item)
        .filter(|found| found.customer() == customer)
        .ok_or_else(|| Refusal::UnknownItem { item: item.clone() })?;
    let product = found
        .product()
        .ok_or_else(|| Refusal::UnknownItem { item: item.clone() })?;
    if matches!(
        product.delivery,
        crate::catalog::Delivery::LicenseOnly | crate::catalog::Delivery::InAzure
    ) {
        return Err(no_keys(product));
    }
    if found.is_cancelled() {
        return Err(Refusal::Revoked { item: item.clone() });
    }
    if let ItemRef::Subscription(s) = found {
        if s.status != SubscriptionStatus::Active {
            return Err(Refusal::NotActive { item: item.clone() });
        }
    }
    selection.check(product)?;
    Ok((found, product))
}

fn place_order(
    desk: &Desk,
    customer: &Customer,
    id: OrderId,
    requests: &[LineRequest],
    now: DateTime<Utc>,
) -> Result<Order, Refusal> {
    if id.0.trim().is_empty() || desk.order(&id).is_some() {
        return Err(Refusal::OrderExists { order: id });
    }
    if requests.is_empty() {
        return Err(Refusal::NothingChosen);
    }
    let mut lines = Vec::with_capacity(requests.len());
    for (number, request) in (0u32..).zip(requests) {
        let (product, sku) = catalog::sku(&request.sku).ok_or_else(|| Refusal::UnknownSku {
            sku: request.sku.clone(),
        })?;
        check_quantity(&request.sku, request.quantity)?;
        if product.kind == ProductKind::AzureReservation
            && !customer.market.sells_azure_reservations()
        {
            return Err(Refusal::NotSoldInMarket {
                product: product.name.to_owned(),
                market: customer.market,
            });
        }
        let offered = sku.plans_offered_on(now);
        if !offered.contains(&request.billing_plan) {
            return Err(Refusal::PlanNotOffered {
                sku: request.sku.clone(),
                plan: request.billing_plan,
                offered,
            });
        }
        let price = price_for(sku, customer).ok_or_else(|| Refusal::NoPriceInCurrency {
            currency: customer.currency.clone(),
        })?;
        let item = ItemId::for_line(&id, number);
        if desk.item(&item).is_some() {
            return Err(Refusal::OrderExists { order: id });
        }
        lines.push(OrderLine {
            number,
            item,
            product: product.id.to_owned(),
            sku: sku.id.to_owned(),
            term_duration: sku.term,
            billing_plan: request.billing_plan,
            quantity: request.quantity,
            ordered_quantity: request.quantity,
            unit_price: price.amount,
            includes_tax: price.includes_tax,
        });
    }
    Ok(Order {
        id,
        customer: customer.id.clone(),
        created_at: now,
        status: OrderStatus::Pending,
        lines,
    })
}

fn cancel_lines(
    desk: &Desk,
    actor: &User,
    now: DateTime<Utc>,
    customer: &CustomerId,
    order_id: &OrderId,
    lines: &[u32],
    acknowledged: bool,
) -> Result<Vec<Event>, Refusal> {
    let order = desk
        .order(order_id)
        .filter(|order| &order.customer == customer)
        .ok_or_else(|| Refusal::UnknownOrder {
            order: order_id.clone(),
        })?;
    let lines: BTreeSet<u32> = lines.iter().copied().collect();
    if lines.is_empty() {
        return Err(Refusal::NothingChosen);
    }
    let mut due = Vec::new();
    let mut cancelled = Vec::new();
    for number in lines {
        let line = order.line(number).ok_or(Refusal::UnknownLine {
            order: order_id.clone(),
            line: number,
        })?;
        let credit = if let Some(subscription) = desk.subscription(&line.item) {
            let (current, events) = due_term_events(subscription, now);
            due.extend(events);
            current.cancel(now)?
        } else if let Some(purchase) = desk.purchase(&line.item) {
            purchase.cancel(now)?
        } else {
            return Err(Refusal::UnknownItem {
                item: line.item.clone(),
            });
        };
        cancelled.push(Event {
            at: now,
            actor: Some(actor.id().clone()),
            kind: EventKind::LineCancelled {
                customer: customer.clone(),
                order: order_id.clone(),
                line: number,
                item: line.item.clone(),
                credit: Credit {
                    customer: customer.clone(),
                    order: order_id.clone(),
                    item: line.item.clone(),
                    product: line.product.clone(),
                    includes_tax: line.includes_tax,
                    amount: credit,
                    booked_at: now,
                    invoice_month: InvoiceMonth::next_after(now),
                    customer_name: String::new(),
                },
            },
        });
    }
    // Checked after the window so that a closed window is reported even without the checkbox.
    if !acknowledged {
        return Err(Refusal::NotAcknowledged);
    }
    due.extend(cancelled);
    Ok(due)
}

/// A customer may be added when no customer (on the desk, or earlier in the same import, as
/// `taken` has noted) has its id, its tenant or its default domain; then it is noted too.
fn check_new_customer(taken: &mut NamesInUse, customer: &Customer) -> Result<(), Refusal> {
    if taken.has_tenant(&customer.id.0)
        || taken.has_tenant(&customer.tenant_id)
        || taken.has_domain(&customer.default_domain)
    {
        return Err(Refusal::CustomerExists {
            customer: customer.id.clone(),
        });
    }
    taken.note(&customer.id.0, &customer.default_domain);
    taken.note(&customer.tenant_id, &customer.default_domain);
    Ok(())
}
