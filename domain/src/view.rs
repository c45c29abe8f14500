//! Read models: what a page is shown, computed from the desk the same way by every backend.
//!
//! They never carry a product key (a key is shown only by `RevealKey`, which is logged), and
//! they check that a customer's own admin reads only their own customer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{self, BillingPlan};
use crate::customer::{Customer, CustomerId};
use crate::desk::Desk;
use crate::item::{ItemId, ItemRef, ItemState, LinkToken, Purchase, Selection, Subscription};
use crate::money::{Money, Price};
use crate::order::{Order, OrderId};
use crate::refusal::Refusal;
use crate::role::User;
use crate::time::Window;

/// The customer `reader` may read: any for partner users, only their own for a customer admin.
pub fn readable_customer<'a>(
    desk: &'a Desk,
    reader: &User,
    customer: &CustomerId,
) -> Result<&'a Customer, Refusal> {
    if let Some(own) = reader.own_customer() {
        if own != customer {
            return Err(Refusal::NotYourCustomer {
                customer: customer.clone(),
            });
        }
    }
    desk.customer(customer)
        .ok_or_else(|| Refusal::UnknownCustomer {
            customer: customer.clone(),
        })
}

/// The customers `reader` may see.
pub fn customers<'a>(desk: &'a Desk, reader: &User) -> Vec<&'a Customer> {
    desk.customers()
        .into_iter()
        .filter(|customer| reader.own_customer().is_none_or(|own| own == &customer.id))
        .collect()
}

/// One SKU offered on the Add products page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    /// The catalog product id.
    pub product: String,
    /// The SKU id (Partner Center's offer id).
    #[serde(rename = "offerId")]
    pub sku: String,
    /// One unit for one term, in the customer's currency, with its tax note.
    pub price: Option<Price>,
    /// The billing plans this SKU may be bought with now.
    pub plans: Vec<BillingPlan>,
    /// Why it cannot be bought, if it cannot.
    pub unavailable: Option<Refusal>,
}

/// The catalog as offered to `customer` at `now`.
pub fn offers(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, Refusal> {
    readable_customer(desk, reader, customer)?;
    Ok(desk
        .catalog_for(customer, now)?
        .into_iter()
        .map(|offer| Offer {
            product: offer.product.id.to_owned(),
            sku: offer.sku.id.to_owned(),
            price: offer.price,
            plans: offer.plans,
            unavailable: offer.unavailable,
        })
        .collect())
}

/// A customer's orders, newest first, whatever their date.
pub fn orders(desk: &Desk, reader: &User, customer: &CustomerId) -> Result<Vec<Order>, Refusal> {
    readable_customer(desk, reader, customer)?;
    Ok(desk.orders_of(customer).into_iter().cloned().collect())
}

/// One order of a customer.
pub fn order(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
    order: &OrderId,
) -> Result<Order, Refusal> {
    readable_customer(desk, reader, customer)?;
    desk.order(order)
        .filter(|found| &found.customer == customer)
        .cloned()
        .ok_or_else(|| Refusal::UnknownOrder {
            order: order.clone(),
        })
}

/// A subscription as its page shows it at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    /// The subscription, without its key.
    pub subscription: Subscription,
    /// Active, cancellation pending, cancelled, expired.
    pub state: ItemState,
    /// The 7-day window of the current term.
    pub cancellation_window: Window,
    /// What cancelling now would credit, or why it cannot be cancelled now.
    pub cancellation: Result<Money, Refusal>,
    /// The billing plans it may move to at the next term.
    pub plans: Vec<BillingPlan>,
}

fn subscription_view(subscription: &Subscription, now: DateTime<Utc>) -> SubscriptionView {
    let mut shown = subscription.clone();
    shown.entitlement.key = None;
    let plans = catalog::sku(&subscription.sku)
        .map(|(_, sku)| sku.plans_offered_on(now))
        .unwrap_or_default();
    SubscriptionView {
        state: subscription.state(now),
        cancellation_window: subscription.cancellation_window(),
        cancellation: subscription.cancel(now),
        plans,
        subscription: shown,
    }
}

/// The subscriptions the Subscriptions page lists: bought on or after 14 Oct 2021.
pub fn subscriptions(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
    now: DateTime<Utc>,
) -> Result<Vec<SubscriptionView>, Refusal> {
    readable_customer(desk, reader, customer)?;
    Ok(desk
        .subscriptions_of(customer)
        .into_iter()
        .map(|s| subscription_view(s, now))
        .collect())
}

/// One subscription of a customer, whatever its purchase date (a link to it still works).
pub fn subscription(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
    id: &ItemId,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, Refusal> {
    readable_customer(desk, reader, customer)?;
    desk.subscription(id)
        .filter(|found| &found.customer == customer)
        .map(|found| subscription_view(found, now))
        .ok_or_else(|| Refusal::UnknownItem { item: id.clone() })
}

/// One line of the Software page: a software purchase or subscription, without its key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareView {
    /// The item.
    pub item: ItemId,
    /// The order it was bought on.
    pub order: OrderId,
    /// The catalog product id.
    pub product: String,
    /// The SKU id.
    #[serde(rename = "offerId")]
    pub sku: String,
    /// How many.
    pub quantity: u32,
    /// When it was bought.
    pub purchased_at: DateTime<Utc>,
    /// Active, cancellation pending, cancelled, expired.
    pub state: ItemState,
    /// The window in which it may be cancelled (7 days of a term, or 30 days of a purchase).
    pub cancellation_window: Window,
    /// Whether its key and links were revoked; a revoked key is never shown again.
    pub revoked: bool,
    /// Whether it is a subscription (with terms) rather than a perpetual purchase.
    pub is_subscription: bool,
}

/// Every software item of a customer, cancelled ones too.
pub fn software(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
    now: DateTime<Utc>,
) -> Result<Vec<SoftwareView>, Refusal> {
    readable_customer(desk, reader, customer)?;
    Ok(desk
        .software_of(customer)
        .into_iter()
        .map(|item| software_view(item, now))
        .collect())
}

fn software_view(item: ItemRef<'_>, now: DateTime<Utc>) -> SoftwareView {
    let (sku, quantity) = match item {
        ItemRef::Subscription(Subscription { sku, quantity, .. })
        | ItemRef::Purchase(Purchase { sku, quantity, .. }) => (sku.clone(), *quantity),
    };
    SoftwareView {
        item: item.id().clone(),
        order: item.order().clone(),
        product: item.product_id().to_owned(),
        sku,
        quantity,
        purchased_at: item.purchased_at(),
        state: item.state(now),
        cancellation_window: item.cancellation_window(),
        revoked: item.entitlement().revoked_at.is_some(),
        is_subscription: matches!(item, ItemRef::Subscription(_)),
    }
}

/// Where a download link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// It downloads.
    Valid,
    /// Two weeks passed or 50 downloads were made.
    Expired,
    /// Its purchase was cancelled.
    Revoked,
}

/// A download link as the page that copied it, or the page that opens it, shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkView {
    /// The token, the link's only credential.
    pub token: LinkToken,
    /// The customer whose purchase it downloads.
    pub customer: CustomerId,
    /// The item.
    pub item: ItemId,
    /// The catalog product id.
    pub product: String,
    /// What it downloads.
    pub selection: Selection,
    /// From issue to expiry (two weeks).
    pub valid: Window,
    /// Downloads left of 50 (0 once expired).
    pub downloads_left: u32,
    /// Valid, expired or revoked.
    pub status: LinkStatus,
}

/// A link by its token; anyone holding the token may look at it.
pub fn link(desk: &Desk, token: &LinkToken, now: DateTime<Utc>) -> Result<LinkView, Refusal> {
    let link = desk.link(token).ok_or(Refusal::UnknownLink)?;
    let item = desk.item(&link.item).ok_or(Refusal::UnknownLink)?;
    let status = if item.entitlement().revoked_at.is_some() {
        LinkStatus::Revoked
    } else if link.check_download(now).is_err() {
        LinkStatus::Expired
    } else {
        LinkStatus::Valid
    };
    Ok(LinkView {
        token: link.token.clone(),
        customer: item.customer().clone(),
        item: link.item.clone(),
        product: item.product_id().to_owned(),
        selection: link.selection.clone(),
        valid: link.valid,
        downloads_left: link.downloads_left(now),
        status,
    })
}

/// The file a download hands over: generated bits named after what was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownloadFile {
    /// The file name, such as `windows-server-2022-standard_2022_en-us_iso.txt`.
    pub file_name: String,
    /// The contents.
    pub content: String,
}

/// The file for a download of `product` with `selection`.
pub fn download_file(product: &str, selection: &Selection) -> DownloadFile {
    let parts: Vec<&str> = [
        Some(product),
        selection.version.as_deref(),
        selection.language.as_deref(),
        selection.file_type.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let name: String = parts
        .join("_")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let title = catalog::product(product).map_or(product, |found| found.name);
    DownloadFile {
        file_name: format!("{name}.txt"),
        content: format!(
            "{title}\nVersion: {}\nLanguage: {}\nFile type/OS: {}\n\nThis demo file stands in for the installation media.\n",
            selection.version.as_deref().unwrap_or("-"),
            selection.language.as_deref().unwrap_or("-"),
            selection.file_type.as_deref().unwrap_or("-"),
        ),
    }
}
