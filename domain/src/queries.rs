//! The reads: every list, filter, sort, default and total a page shows, computed from the desk
//! for a reader at a moment, the same way by both backends (neither filters nor sorts).
//!
//! They never carry a product key (a key is shown only by `RevealKey`, which is logged), and
//! they check that a customer's own admin reads only their own customer.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::activity::{ActivityRecord, Charge, Credit, CreditsByMonth, InvoiceCredits};
use crate::catalog::{self, BillingPlan, Product, Term};
use crate::command::LineRequest;
use crate::customer::{folded, Customer, CustomerId};
use crate::desk::{CancelOption, Desk};
use crate::item::{
    ItemId, ItemRef, ItemState, LinkToken, Purchase, PurchaseStatus, Selection, Subscription,
    SubscriptionStatus,
};
use crate::market::Market;
use crate::money::{sum, Money, Price};
use crate::order::{Order, OrderId};
use crate::paging::{PageRequest, PageStart};
use crate::refusal::Refusal;
use crate::role::Action;
use crate::role::User;
use crate::sort::sort_by;
use crate::support::{SupportRequest, SupportRequestId};
use crate::time::day_in_range;
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

/// Which customers a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// Part of a name, default domain or tenant GUID, in any case; empty for all.
    pub search: String,
    /// Only this market, if set (a market code reads in either case).
    pub market: Option<Market>,
    /// Which page of the matching customers.
    pub page: PageRequest,
}

/// A page of the customers a list shows, with how many match and how many the reader may see.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerList {
    /// The page's customers, by name.
    pub customers: Vec<Customer>,
    /// The position of the page's first customer among those that match, from 0.
    pub offset: usize,
    /// How many customers match the filter, on every page ("1–50 of 4,034").
    pub matching: usize,
    /// Where the next page starts, if there is one.
    pub next: Option<String>,
    /// How many customers the reader may see, matching or not ("3 of 14").
    pub total: usize,
    /// Every market that has a customer the reader may see, for the market filter.
    pub markets: Vec<Market>,
}

/// The page of the customers that match `filter`, with the counts and the markets for the
/// filter's choices. A continuation token that names no matching customer is refused.
pub fn customer_list(
    desk: &Desk,
    reader: &User,
    filter: &CustomerFilter,
) -> Result<CustomerList, Refusal> {
    let search = folded(filter.search.trim());
    let own = reader.own_customer();
    // How many the reader may see, and their markets: a customer's Global admin sees one.
    let (total, markets) = match own {
        Some(own) => {
            let markets: Vec<Market> = desk.customer(own).map(|c| c.market).into_iter().collect();
            (markets.len(), markets)
        }
        None => (desk.customer_count(), desk.customer_markets().collect()),
    };
    // Where the customers the reader may see and the filter asks for stand in the desk's
    // order; `None` for everyone, which needs no search at all.
    let market = filter.market;
    let places = match (own, search.as_str(), market) {
        (None, "", None) => None,
        (None, _, None) => Some(desk.customer_places_finding(&search)),
        _ => Some(
            desk.customers_at(desk.customer_places_finding(&search))
                .filter(|(_, indexed)| own.is_none_or(|own| own.0 == indexed.id))
                .filter(|(_, indexed)| market.is_none_or(|m| m.code() == indexed.market))
                .map(|(at, _)| at)
                .collect(),
        ),
    };
    let matching = places.as_ref().map_or(total, Vec::len);
    let offset = match &filter.page.start {
        PageStart::At(offset) => (*offset).min(matching),
        // Just after the customer a continuation token names, if the list holds it.
        PageStart::After(id) => {
            let named = desk.customer_position(&CustomerId(id.clone()));
            let named = match &places {
                None => named,
                Some(places) => named.and_then(|at| places.binary_search(&(at as u32)).ok()),
            };
            named.ok_or(Refusal::InvalidContinuationToken)? + 1
        }
    };
    let end = offset.saturating_add(filter.page.size).min(matching);
    // Only the page's customers are read, not the 100,000 before and after it.
    let ids: Vec<&str> = match &places {
        None => desk
            .customer_index_from(offset)
            .take(end - offset)
            .map(|c| c.id)
            .collect(),
        Some(places) => desk
            .customers_at(places[offset..end].iter().copied())
            .map(|(_, c)| c.id)
            .collect(),
    };
    let next = ids
        .last()
        .filter(|_| end < matching)
        .map(|id| (*id).to_owned());
    Ok(CustomerList {
        customers: ids
            .into_iter()
            .filter_map(|id| desk.customer(&CustomerId(id.to_owned())).cloned())
            .collect(),
        offset,
        matching,
        next,
        total,
        markets,
    })
}

/// One SKU offered on the Add products page.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

crate::tagged::read_by_hand!(Offer);

impl Offer {
    /// An offer read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Offer, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &["product", "offerId", "price", "plans", "unavailable"],
            5,
        )?;
        Ok(Offer {
            product: fields.field("product")?,
            sku: fields.field("offerId")?,
            price: fields.field("price")?,
            plans: fields.field("plans")?,
            unavailable: fields.field("unavailable")?,
        })
    }
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

/// A line on the review screen: what it is, the plans it allows, and its cost.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteLine {
    /// Where the line is among the lines chosen (a line no longer offered is left out).
    pub chosen: usize,
    /// What was chosen.
    pub line: LineRequest,
    /// The catalog product id.
    pub product: String,
    /// The SKU's term.
    pub term: Term,
    /// The billing plans it may be bought with now.
    pub plans: Vec<BillingPlan>,
    /// Whether the prices include tax (Australia and Brazil).
    pub includes_tax: bool,
    /// What one billing period of this line costs: what is billed now.
    pub per_period: Money,
    /// What the whole term of this line costs.
    pub term_total: Money,
}

/// The review screen: each line, and the totals billed now and for the terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The lines still offered, in the order chosen.
    pub lines: Vec<QuoteLine>,
    /// What the order bills now; `None` when empty or mixing currencies.
    pub billed_now: Option<Money>,
    /// What the order costs for its terms; `None` when empty or mixing currencies.
    pub total: Option<Money>,
}

impl Quote {
    /// Whether the amounts include tax: one customer's offers are all in one market.
    pub fn includes_tax(&self) -> bool {
        self.lines.first().is_some_and(|line| line.includes_tax)
    }
}

/// Prices the chosen `lines` against the customer's `offers`; a line no longer offered is left
/// out.
pub fn quote(offers: &[Offer], lines: &[LineRequest]) -> Quote {
    let lines: Vec<QuoteLine> = lines
        .iter()
        .enumerate()
        .filter_map(|(chosen, line)| {
            let offer = offers
                .iter()
                .find(|offer| offer.sku == line.sku && offer.unavailable.is_none())?;
            let price = offer.price.as_ref()?;
            let (_, sku) = catalog::sku(&offer.sku)?;
            Some(QuoteLine {
                chosen,
                line: line.clone(),
                product: offer.product.clone(),
                term: sku.term,
                plans: offer.plans.clone(),
                includes_tax: price.includes_tax,
                per_period: Subscription::first_period_charge(
                    &price.amount,
                    line.quantity,
                    line.billing_plan,
                    sku.term,
                ),
                term_total: price.amount.times(i64::from(line.quantity)),
            })
        })
        .collect();
    Quote {
        billed_now: sum(lines.iter().map(|line| line.per_period.clone())),
        total: sum(lines.iter().map(|line| line.term_total.clone())),
        lines,
    }
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

/// Whether the reader may do something with an item now, so a page offers exactly that.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Allowed {
    /// It can be done now: the page offers it.
    Yes,
    /// Not by this reader, or not now: the page shows it disabled, with the reason.
    Not(Refusal),
    /// It can never apply to this item or this reader (a cancelled item's keys, a customer
    /// cancelling): the page leaves it out.
    Never,
}

impl Allowed {
    /// Whether the page offers it at all.
    pub fn is_offered(&self) -> bool {
        !matches!(self, Allowed::Never)
    }

    /// Why it is disabled, if it is.
    pub fn reason(&self) -> Option<&Refusal> {
        match self {
            Allowed::Not(refusal) => Some(refusal),
            _ => None,
        }
    }
}

/// What the reader may do with a purchase or subscription now; the backend still refuses
/// whatever the rules refuse, whatever a page offers.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ItemActions {
    /// Get keys and downloads, copy a link.
    pub keys: Allowed,
    /// Cancel it.
    pub cancel: Allowed,
    /// Turn autorenew on or off (subscriptions).
    pub autorenew: Allowed,
    /// Change the billing frequency from the next term (subscriptions).
    pub billing_plan: Allowed,
}

crate::tagged::read_by_hand!(ItemActions);

impl ItemActions {
    /// Item actions read from JSON as the derived `Deserialize` reads it, in a fraction of
    /// the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<ItemActions, serde_json::Error> {
        let mut fields =
            crate::tagged::fields(value, &["keys", "cancel", "autorenew", "billingPlan"], 4)?;
        Ok(ItemActions {
            keys: fields.field("keys")?,
            cancel: fields.field("cancel")?,
            autorenew: fields.field("autorenew")?,
            billing_plan: fields.field("billingPlan")?,
        })
    }
}

fn by_role(reader: &User, action: Action) -> Allowed {
    match reader {
        // A customer's own admin never holds a partner role: nothing to wait for.
        User::CustomerGlobalAdmin { .. } => Allowed::Never,
        User::Partner { .. } => match reader.require(action) {
            Ok(()) => Allowed::Yes,
            Err(refusal) => Allowed::Not(refusal),
        },
    }
}

/// What `reader` may do with `item` at `now`: the same rules `decide` applies, asked ahead.
pub fn item_actions(reader: &User, item: ItemRef<'_>, now: DateTime<Utc>) -> ItemActions {
    let product = item.product();
    let delivers = product.is_some_and(|p| p.delivery.has_key() || p.delivery.has_download());
    let ended = match item {
        ItemRef::Subscription(s) => s.status != SubscriptionStatus::Active,
        ItemRef::Purchase(p) => p.status != PurchaseStatus::Active,
    };
    let keys = if !delivers || ended || item.entitlement().revoked_at.is_some() {
        Allowed::Never
    } else if reader.may_get_keys_of(item.customer()) {
        Allowed::Yes
    } else {
        by_role(reader, Action::GetKeysAndDownloads)
    };
    let cancellable = match item {
        ItemRef::Subscription(s) => s.cancel(now).map(|_| ()),
        ItemRef::Purchase(p) => p.cancel(now).map(|_| ()),
    };
    let cancel = match (ended, cancellable) {
        (true, _) => Allowed::Never,
        (false, Ok(())) => by_role(reader, Action::Cancel),
        (false, Err(refusal)) => match by_role(reader, Action::Cancel) {
            Allowed::Never => Allowed::Never,
            _ => Allowed::Not(refusal),
        },
    };
    let (autorenew, billing_plan) = match item {
        ItemRef::Subscription(s) if !ended => {
            let manage = by_role(reader, Action::ManageSubscription);
            let autorenew = match (s.check_autorenew_change(), &manage) {
                (Err(refusal), Allowed::Yes | Allowed::Not(_)) => Allowed::Not(refusal),
                _ => manage.clone(),
            };
            let plans = catalog::sku(&s.sku).map_or(0, |(_, sku)| sku.plans_offered_on(now).len());
            let billing_plan = if plans < 2 { Allowed::Never } else { manage };
            (autorenew, billing_plan)
        }
        _ => (Allowed::Never, Allowed::Never),
    };
    ItemActions {
        keys,
        cancel,
        autorenew,
        billing_plan,
    }
}

/// A subscription as its page shows it at a moment.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    /// The subscription, without its key.
    pub subscription: Subscription,
    /// Active, cancellation pending, cancelled, expired.
    pub state: ItemState,
    /// The 7-day window of the current term.
    pub cancellation_window: Window,
    /// What cancelling now would credit, or why it cannot be cancelled now.
    #[cfg_attr(feature = "openapi", schema(schema_with = money_or_refusal))]
    pub cancellation: Result<Money, Refusal>,
    /// The billing plans it may move to at the next term.
    pub plans: Vec<BillingPlan>,
    /// What its cancellation credited, once cancelled.
    #[serde(default)]
    pub credit: Option<Money>,
    /// What the reader may do with it now.
    pub actions: ItemActions,
}

crate::tagged::read_by_hand!(SubscriptionView);

impl SubscriptionView {
    /// A subscription view read from JSON as the derived `Deserialize` reads it, in a fraction of
    /// the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<SubscriptionView, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "subscription",
                "state",
                "cancellationWindow",
                "cancellation",
                "plans",
                "credit",
                "actions",
            ],
            7,
        )?;
        Ok(SubscriptionView {
            subscription: fields.field("subscription")?,
            state: fields.field("state")?,
            cancellation_window: fields.field("cancellationWindow")?,
            cancellation: fields.field("cancellation")?,
            plans: fields.field("plans")?,
            credit: fields.field("credit")?,
            actions: fields.field("actions")?,
        })
    }
}

/// The schema of `Result<Money, Refusal>` as serde writes it: `{"Ok": Money}` or
/// `{"Err": Refusal}`.
#[cfg(feature = "openapi")]
fn money_or_refusal() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema};
    use utoipa::openapi::Ref;
    let arm = |name: &str, schema: &str| {
        ObjectBuilder::new()
            .property(name, Ref::from_schema_name(schema))
            .required(name)
            .build()
    };
    Schema::OneOf(
        OneOfBuilder::new()
            .item(arm("Ok", "Money"))
            .item(arm("Err", "Refusal"))
            .build(),
    )
}

fn subscription_view(
    desk: &Desk,
    reader: &User,
    subscription: &Subscription,
    now: DateTime<Utc>,
) -> SubscriptionView {
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
        credit: desk
            .credits()
            .iter()
            .rfind(|credit| credit.item == subscription.id)
            .map(|credit| credit.amount.clone()),
        actions: item_actions(reader, ItemRef::Subscription(subscription), now),
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
        .map(|s| subscription_view(desk, reader, s, now))
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
        .map(|found| subscription_view(desk, reader, found, now))
        .ok_or_else(|| Refusal::UnknownItem { item: id.clone() })
}

/// One line of the Software page: a software purchase or subscription, without its key.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub purchased_at: DateTime<Utc>,
    /// Active, cancellation pending, cancelled, expired.
    pub state: ItemState,
    /// The window in which it may be cancelled (7 days of a term, or 30 days of a purchase).
    pub cancellation_window: Window,
    /// Whether its key and links were revoked; a revoked key is never shown again.
    pub revoked: bool,
    /// Whether it is a subscription (with terms) rather than a perpetual purchase.
    pub is_subscription: bool,
    /// What the reader may do with it now.
    pub actions: ItemActions,
}

crate::tagged::read_by_hand!(SoftwareView);

impl SoftwareView {
    /// A line of the Software page read from JSON as the derived `Deserialize` reads it, in a
    /// fraction of the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<SoftwareView, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "item",
                "order",
                "product",
                "offerId",
                "quantity",
                "purchasedAt",
                "state",
                "cancellationWindow",
                "revoked",
                "isSubscription",
                "actions",
            ],
            11,
        )?;
        Ok(SoftwareView {
            item: fields.field("item")?,
            order: fields.field("order")?,
            product: fields.field("product")?,
            sku: fields.field("offerId")?,
            quantity: fields.field("quantity")?,
            purchased_at: crate::wire_time::instant(fields.take("purchasedAt")?)?,
            state: fields.field("state")?,
            cancellation_window: fields.field("cancellationWindow")?,
            revoked: fields.field("revoked")?,
            is_subscription: fields.field("isSubscription")?,
            actions: fields.field("actions")?,
        })
    }
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
        .map(|item| software_view(reader, item, now))
        .collect())
}

fn software_view(reader: &User, item: ItemRef<'_>, now: DateTime<Utc>) -> SoftwareView {
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
        actions: item_actions(reader, item, now),
    }
}

/// Where a download link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// It downloads.
    Valid,
    /// Two weeks passed or 50 downloads were made.
    Expired,
    /// Its purchase was cancelled.
    Revoked,
}

crate::tagged::unit_variants_by_hand!(LinkStatus {
    Valid = "valid",
    Expired = "expired",
    Revoked = "revoked",
});

/// A download link as the page that copied it, or the page that opens it, shows it.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

crate::tagged::read_by_hand!(LinkView);

impl LinkView {
    /// A link view read from JSON as the derived `Deserialize` reads it, in a fraction of
    /// the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<LinkView, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "token",
                "customer",
                "item",
                "product",
                "selection",
                "valid",
                "downloadsLeft",
                "status",
            ],
            8,
        )?;
        Ok(LinkView {
            token: fields.field("token")?,
            customer: fields.field("customer")?,
            item: fields.field("item")?,
            product: fields.field("product")?,
            selection: fields.field("selection")?,
            valid: fields.field("valid")?,
            downloads_left: fields.field("downloadsLeft")?,
            status: fields.field("status")?,
        })
    }
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DownloadFile {
    /// The file name, such as `Windows-Server-2022-Standard-2022-English-ISO-64-bit.txt`.
    pub file_name: String,
    /// The contents.
    pub content: String,
}

/// The file for a download of `product` with `selection`, named
/// `Product-Name-Version-Language-File-type.txt`: each choice's words joined by one hyphen,
/// with nothing a file system could refuse.
pub fn download_file(product: &str, selection: &Selection) -> DownloadFile {
    let title = catalog::product(product).map_or(product, |found| found.name);
    let words: Vec<&str> = [
        Some(title),
        selection.version.as_deref(),
        selection.language.as_deref(),
        selection.file_type.as_deref(),
    ]
    .into_iter()
    .flatten()
    .flat_map(|part| part.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')))
    .map(|word| word.trim_matches('-'))
    .filter(|word| !word.is_empty())
    .collect();
    let name = words.join("-");
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

/// The perpetual cancel dialog's "Order number" choices for one product, with the line each
/// cancels and the days left; refused for a product that is never cancelled here (RedHat and
/// SUSE plans) or only through a support request (Windows 7 ESU 2020).
pub fn cancel_options(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
    product: &str,
    now: DateTime<Utc>,
) -> Result<Vec<CancelOption>, Refusal> {
    readable_customer(desk, reader, customer)?;
    // A product the console may not cancel offers no order, only the reason and the way.
    if let Some(refusal) = catalog::product(product).and_then(Product::cancel_refusal) {
        return Err(refusal);
    }
    Ok(desk.cancel_options(customer, product, now))
}

/// The credits the reader may see, newest first (a customer's admin sees only their own).
pub fn credits(desk: &Desk, reader: &User) -> Vec<Credit> {
    let mut credits: Vec<Credit> = desk
        .credits()
        .iter()
        .filter(|credit| {
            reader
                .own_customer()
                .is_none_or(|own| own == &credit.customer)
        })
        .cloned()
        .collect();
    sort_by(&mut credits, |a, b| b.booked_at.cmp(&a.booked_at));
    for credit in &mut credits {
        credit.customer_name = customer_name(desk, &credit.customer);
    }
    credits
}

/// The charges the reader may see, newest first (a customer's admin sees only their own).
pub fn charges(desk: &Desk, reader: &User) -> Vec<Charge> {
    let mut charges: Vec<Charge> = desk
        .charges()
        .iter()
        .filter(|charge| {
            reader
                .own_customer()
                .is_none_or(|own| own == &charge.customer)
        })
        .cloned()
        .collect();
    sort_by(&mut charges, |a, b| b.billed_at.cmp(&a.billed_at));
    for charge in &mut charges {
        charge.customer_name = customer_name(desk, &charge.customer);
    }
    charges
}

/// A customer's credits grouped by the monthly invoice they show on, oldest month first.
pub fn credits_per_invoice_month(
    desk: &Desk,
    reader: &User,
    customer: &CustomerId,
) -> Result<Vec<InvoiceCredits>, Refusal> {
    readable_customer(desk, reader, customer)?;
    Ok(desk.credits_per_invoice_month(customer))
}

/// Billing's chart: the credits `reader` may see, per currency and invoice month, for the
/// twelve invoices up to the one a credit booked at `now` would show on.
pub fn credits_chart(desk: &Desk, reader: &User, now: DateTime<Utc>) -> Vec<CreditsByMonth> {
    crate::activity::credits_by_month(&credits(desk, reader), now)
}

/// The support requests, newest first: for partner users, whatever their role.
pub fn support_requests(desk: &Desk, reader: &User) -> Result<Vec<SupportRequest>, Refusal> {
    reader.require(Action::FileSupportRequest)?;
    Ok(desk.support_requests().into_iter().cloned().collect())
}

/// One support request, for partner users.
pub fn support_request(
    desk: &Desk,
    reader: &User,
    id: &SupportRequestId,
) -> Result<SupportRequest, Refusal> {
    reader.require(Action::FileSupportRequest)?;
    desk.support_request(id)
        .cloned()
        .ok_or_else(|| Refusal::UnknownSupportRequest { id: id.clone() })
}

/// How many days the activity log shows when no range is chosen, today included.
pub const DEFAULT_ACTIVITY_DAYS: i64 = 30;

/// The activity log's range: the days chosen, or the [`DEFAULT_ACTIVITY_DAYS`] up to the
/// clock's today; every day within the years the desk works with.
pub fn activity_range(
    now: DateTime<Utc>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let last = day_in_range(to.unwrap_or(now.date_naive()))?;
    let first = match from {
        Some(day) => day_in_range(day)?,
        None => last - Duration::days(DEFAULT_ACTIVITY_DAYS - 1),
    };
    if last < first {
        return Err(Refusal::InvalidDateRange);
    }
    Ok((first, last))
}

/// Key views, link issues and downloads in the range of [`activity_range`], newest first as
/// the log's table shows them, for the roles allowed to see them.
pub fn activity(
    desk: &Desk,
    reader: &User,
    now: DateTime<Utc>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<ActivityRecord>, Refusal> {
    let (first, last) = activity_range(now, from, to)?;
    let mut records: Vec<ActivityRecord> = desk
        .activity(reader, Window::days(first, last))?
        .into_iter()
        .rev()
        .cloned()
        .collect();
    for record in &mut records {
        record.customer_name = customer_name(desk, &record.customer);
    }
    Ok(records)
}

/// The name a list shows for `customer`: its id when the desk does not know it.
// Not inlined: one copy in the wasm serves the three lists that name customers.
#[inline(never)]
fn customer_name(desk: &Desk, customer: &CustomerId) -> String {
    desk.customer(customer)
        .map_or_else(|| customer.0.clone(), |known| known.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            LinkStatus::READ_BY_NAME,
            LinkStatus::from_value,
        );
    }

    #[test]
    fn subscription_and_link_views_and_actions_are_read_by_hand_as_the_derived_reader_reads_them() {
        let desk = Desk::from_events(&seed::demo_events());
        let admin = seed::demo_users().remove(0);
        let now = seed::demo_now();
        let views: Vec<SubscriptionView> = seed::demo_customers()
            .iter()
            .flat_map(|customer| subscriptions(&desk, &admin, &customer.id, now).unwrap())
            .collect();
        assert!(views.iter().any(|view| view.cancellation.is_ok()));
        assert!(views.iter().any(|view| view.cancellation.is_err()));
        assert!(views.iter().any(|view| view.credit.is_none()));
        crate::tagged::tests::reads_as_derived(&views, SubscriptionView::from_value);
        let actions: Vec<ItemActions> = views.iter().map(|view| view.actions.clone()).collect();
        crate::tagged::tests::reads_as_derived(&actions, ItemActions::from_value);
        let token = LinkToken("dl-wingtip-office-2021-10-21".to_owned());
        let link = link(&desk, &token, now).unwrap();
        let mut valid = link.clone();
        valid.status = LinkStatus::Valid;
        crate::tagged::tests::reads_as_derived(&[link, valid], LinkView::from_value);
    }

    #[test]
    fn cancel_options_are_read_by_hand_as_the_derived_reader_reads_them() {
        let desk = Desk::from_events(&seed::demo_events());
        let admin = seed::demo_users().remove(0);
        let office = "office-ltsc-professional-plus-2021";
        let wingtip = CustomerId("wingtip".into());
        let options = cancel_options(&desk, &admin, &wingtip, office, seed::demo_now()).unwrap();
        assert!(!options.is_empty());
        crate::tagged::tests::reads_as_derived(&options, CancelOption::from_value);
    }

    #[test]
    fn offers_are_read_by_hand_as_the_derived_reader_reads_them() {
        let desk = Desk::from_events(&seed::demo_events());
        let admin = seed::demo_users().remove(0);
        let now = seed::demo_now();
        let mut offered: Vec<Offer> = seed::demo_customers()
            .iter()
            .flat_map(|customer| offers(&desk, &admin, &customer.id, now).unwrap())
            .collect();
        // An offer without a price in the customer's currency.
        offered.push(Offer {
            price: None,
            ..offered[0].clone()
        });
        assert!(offered.iter().any(|offer| offer.unavailable.is_some()));
        assert!(offered.iter().any(|offer| offer.unavailable.is_none()));
        crate::tagged::tests::reads_as_derived(&offered, Offer::from_value);
    }

    #[test]
    fn a_line_of_the_software_page_is_read_by_hand_as_the_derived_reader_reads_it() {
        let desk = Desk::from_events(&seed::demo_events());
        let admin = seed::demo_users().remove(0);
        let now = seed::demo_now();
        let lines: Vec<SoftwareView> = seed::demo_customers()
            .iter()
            .flat_map(|customer| software(&desk, &admin, &customer.id, now).unwrap())
            .collect();
        assert!(lines.iter().any(|line| line.is_subscription));
        assert!(lines.iter().any(|line| !line.is_subscription));
        crate::tagged::tests::reads_as_derived(&lines, SoftwareView::from_value);
    }

    /// The desk's index keeps each field apart: a search finds a word in one field, never a
    /// run across two; in any case, around blanks.
    #[test]
    fn a_search_looks_in_each_field_in_any_case_and_never_across_two() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let customer = |id: &str, name: &str, tenant: &str| Customer {
            id: CustomerId(id.into()),
            name: name.into(),
            default_domain: format!("{id}.onmicrosoft.com"),
            tenant_id: tenant.into(),
            market: Market::new("DE").unwrap(),
            currency: "EUR".into(),
        };
        for added in [
            customer(
                "odd",
                "Odd Name GmbH",
                "aaaaaaaa-0000-4000-8000-000000000001",
            ),
            customer(
                "mueller",
                "MÜLLER ŐRSÉG Ωμέγα ДОМ",
                "bbbbbbbb-0000-4000-8000-000000000002",
            ),
        ] {
            let event = crate::Event {
                at: seed::demo_now(),
                actor: None,
                kind: crate::EventKind::CustomerAdded { customer: added },
            };
            crate::evolve(&mut desk, &event);
        }
        let admin = seed::demo_users().remove(0);
        let found = |desk: &Desk, search: &str| {
            let filter = CustomerFilter {
                search: search.into(),
                ..CustomerFilter::default()
            };
            let list = customer_list(desk, &admin, &filter).unwrap();
            list.customers
                .into_iter()
                .map(|c| c.id.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&desk, "ODD NAME"), ["odd"]);
        assert_eq!(found(&desk, "odd.onmicrosoft"), ["odd"]);
        assert_eq!(found(&desk, "AAAAAAAA-0000"), ["odd"]);
        assert!(
            found(&desk, "gmbhodd").is_empty(),
            "the name runs into the domain"
        );
        assert_eq!(found(&desk, "  odd name  "), ["odd"]);
        for search in ["müller", "őrség", "ΩΜΈΓΑ", "дом", "Müller Ő"] {
            assert_eq!(found(&desk, search), ["mueller"], "{search:?}");
        }
        assert!(found(&desk, "muller").is_empty(), "ü is no u");
        assert!(
            found(&desk, "0002odd").is_empty(),
            "one customer's tenant runs into the next one's name"
        );
        // Typing narrows a search and Backspace widens it: each finds what a first search
        // on a copy of the desk (which remembers none) finds.
        for search in ["o", "od", "odd", "odd n", "odd", "o", "m", "mü", "", "mü"] {
            assert_eq!(
                found(&desk, search),
                found(&desk.clone(), search),
                "{search:?}"
            );
        }
        // A customer added after a search is found by the next one.
        let event = crate::Event {
            at: seed::demo_now(),
            actor: None,
            kind: crate::EventKind::CustomerAdded {
                customer: customer(
                    "late",
                    "Late Odd Name",
                    "cccccccc-0000-4000-8000-000000000003",
                ),
            },
        };
        crate::evolve(&mut desk, &event);
        assert_eq!(found(&desk, "odd name"), ["late", "odd"]);
        let market = Market::new("DE");
        let germans = customer_list(
            &desk,
            &admin,
            &CustomerFilter {
                market,
                ..CustomerFilter::default()
            },
        )
        .unwrap();
        let in_germany = desk
            .customers()
            .into_iter()
            .filter(|c| Some(c.market) == market);
        assert_eq!(germans.matching, in_germany.count(), "a market, no search");
        assert!(germans.matching >= 3);
        assert_eq!(
            found(&desk, "").len(),
            desk.customers().len(),
            "no search: everyone"
        );
        assert!(desk.customers().iter().any(|c| c.id.0 == "odd"));
    }

    fn offers_for(customer: &str) -> Vec<Offer> {
        let desk = Desk::from_events(&seed::demo_events());
        let admin = seed::demo_users().remove(0);
        offers(
            &desk,
            &admin,
            &CustomerId(customer.into()),
            seed::demo_now(),
        )
        .unwrap()
    }

    fn three_year_offer(offers: &[Offer]) -> Offer {
        offers
            .iter()
            .find(|offer| {
                offer.plans.contains(&BillingPlan::Annual)
                    && offer.plans.contains(&BillingPlan::Triennial)
            })
            .cloned()
            .expect("a 3-year SKU billed annually or triennially")
    }

    fn line(offer: &Offer, quantity: u32, billing_plan: BillingPlan) -> LineRequest {
        LineRequest {
            sku: offer.sku.clone(),
            quantity,
            billing_plan,
        }
    }

    #[test]
    fn a_three_year_sku_billed_annually_costs_a_third_of_its_term_now() {
        let offers = offers_for("contoso");
        let offer = three_year_offer(&offers);
        let unit = offer.price.clone().unwrap().amount;
        let quoted = quote(&offers, &[line(&offer, 3, BillingPlan::Annual)]);
        assert_eq!(quoted.total, Some(unit.times(3)));
        assert_eq!(quoted.billed_now, Some(unit.times(3).prorate(1, 3)));
        let triennial = quote(&offers, &[line(&offer, 3, BillingPlan::Triennial)]);
        assert_eq!(triennial.billed_now, Some(unit.times(3)));
    }

    #[test]
    fn australian_prices_are_quoted_including_tax_and_german_ones_excluding_it() {
        for (customer, includes_tax) in [("wingtip", true), ("northwind", false)] {
            let offers = offers_for(customer);
            let offer = three_year_offer(&offers);
            let quoted = quote(&offers, &[line(&offer, 1, BillingPlan::Annual)]);
            assert_eq!(quoted.lines[0].includes_tax, includes_tax, "{customer}");
        }
    }

    #[test]
    fn an_item_not_offered_to_the_customer_is_left_out_of_the_quote() {
        let offers = offers_for("lucerne");
        let reservation = offers
            .iter()
            .find(|offer| offer.unavailable.is_some())
            .expect("not sold in China");
        let quoted = quote(&offers, &[line(reservation, 1, BillingPlan::OneTime)]);
        assert!(quoted.lines.is_empty());
        assert_eq!(quoted.total, None);
    }

    fn user(id: &str) -> User {
        seed::demo_users()
            .into_iter()
            .find(|user| user.id().0 == id)
            .unwrap()
    }

    #[test]
    fn the_market_filter_reads_a_code_in_either_case_and_lists_every_market() {
        let desk = Desk::from_events(&seed::demo_events());
        let filter = |code: &str| CustomerFilter {
            search: String::new(),
            market: Market::new(code),
            ..CustomerFilter::default()
        };
        let lower = customer_list(&desk, &user("avery"), &filter("de")).unwrap();
        assert_eq!(
            lower,
            customer_list(&desk, &user("avery"), &filter("DE")).unwrap()
        );
        assert!(!lower.customers.is_empty());
        assert!(lower.customers.iter().all(|c| c.market.code() == "DE"));
        assert_eq!(lower.total, seed::demo_customers().len());
        assert!(lower.markets.len() > 5 && lower.markets.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn an_unfiltered_list_pages_like_a_filtered_one_that_matches_everyone() {
        // Every tenant GUID has a "-": that search matches all, through the filtered path.
        let desk = Desk::from_events(&seed::demo_events());
        let list = |search: &str, page: PageRequest| {
            let filter = CustomerFilter {
                search: search.to_owned(),
                page,
                ..CustomerFilter::default()
            };
            customer_list(&desk, &user("avery"), &filter)
        };
        let after = |key: &str| PageRequest {
            size: 4,
            start: crate::paging::PageStart::After(key.to_owned()),
        };
        for page in [
            PageRequest::default(),
            PageRequest::numbered(2, 5),
            PageRequest::numbered(9, 5),
            after("contoso"),
            after("nobody"),
        ] {
            assert_eq!(list("", page.clone()), list("-", page.clone()), "{page:?}");
        }
        let everyone = list("", PageRequest::default()).unwrap();
        assert_eq!(everyone.customers.len(), seed::demo_customers().len());
        // After the last customer: an empty page at the end, with no next.
        let last = everyone.customers.last().unwrap().id.0.clone();
        let end = list("", after(&last)).unwrap();
        assert_eq!(end, list("-", after(&last)).unwrap());
        assert_eq!(
            (end.customers.len(), end.offset, end.next),
            (0, everyone.matching, None)
        );
        assert_eq!(
            list("", after("nobody")),
            Err(Refusal::InvalidContinuationToken)
        );
    }

    #[test]
    fn a_search_pages_by_number_and_by_token_through_each_customer_it_finds_once() {
        let desk = Desk::from_events(&seed::demo_events());
        let list = |search: &str, market: &str, page: PageRequest| {
            let filter = CustomerFilter {
                search: search.to_owned(),
                market: Market::new(market),
                page,
            };
            customer_list(&desk, &user("avery"), &filter).unwrap()
        };
        let ids = |list: &CustomerList| {
            list.customers
                .iter()
                .map(|c| c.id.0.clone())
                .collect::<Vec<_>>()
        };
        // The market with the most customers, with and without a search.
        let every = list("", "", PageRequest::default()).customers;
        let count = |code: &str| every.iter().filter(|c| c.market.code() == code).count();
        let market = every
            .iter()
            .map(|c| c.market.code())
            .max_by_key(|code| count(code));
        let market = market.unwrap();
        for (search, market) in [("o", ""), ("-", ""), ("", market), ("-", market)] {
            let everyone = ids(&list(search, market, PageRequest::default()));
            assert!(
                everyone.len() > 1,
                "{search:?} {market:?} finds too few to page"
            );
            // By token: each page starts after the last of the one before, until no next.
            let mut walked = Vec::new();
            let mut page = list(search, market, PageRequest::numbered(1, 2));
            loop {
                assert_eq!(page.matching, everyone.len());
                assert_eq!(page.offset, walked.len());
                walked.extend(ids(&page));
                let Some(next) = page.next.clone() else { break };
                page = list(
                    search,
                    market,
                    PageRequest {
                        size: 2,
                        start: PageStart::After(next),
                    },
                );
            }
            assert_eq!(walked, everyone, "{search:?} {market:?}");
            // By number: the second page of 2 is the 3rd and 4th found.
            let second = list(search, market, PageRequest::numbered(2, 2));
            assert_eq!(ids(&second), everyone[2..4.min(everyone.len())]);
        }
        // A token from a customer the search does not find starts no page of it.
        let filter = CustomerFilter {
            search: "zzz-no-one".to_owned(),
            page: PageRequest {
                size: 3,
                start: PageStart::After("contoso".to_owned()),
            },
            ..CustomerFilter::default()
        };
        assert_eq!(
            customer_list(&desk, &user("avery"), &filter),
            Err(Refusal::InvalidContinuationToken)
        );
    }

    struct Counting(u8);

    impl crate::execute::Randomness for Counting {
        fn fill(&mut self, bytes: &mut [u8]) {
            for byte in bytes {
                self.0 = self.0.wrapping_add(41);
                *byte = self.0;
            }
        }
    }

    #[test]
    fn credits_are_listed_newest_first_and_a_customer_admin_sees_only_their_own() {
        use crate::execute::{execute, Intent};
        let mut desk = Desk::from_events(&seed::demo_events());
        let (avery, mut random) = (user("avery"), Counting(0));
        let mut run = |desk: &mut Desk, hours: i64, intent: Intent| {
            let at = seed::demo_now() + Duration::hours(hours);
            execute(desk, &avery, at, &mut random, intent)
                .unwrap()
                .reply
                .unwrap()
        };
        for customer in ["contoso", "fabrikam"] {
            let customer = CustomerId(customer.into());
            let buy = Intent::PlaceOrder {
                customer: customer.clone(),
                lines: vec![LineRequest {
                    sku: "DG7GMGF0D7FV:0002".into(),
                    quantity: 1,
                    billing_plan: BillingPlan::OneTime,
                }],
            };
            let order = run(&mut desk, 0, buy).into_order().unwrap();
            let hours = if customer.0 == "contoso" { 1 } else { 2 };
            let cancel = Intent::CancelOrderLines {
                customer,
                order: order.id,
                lines: vec![0],
                acknowledged: true,
            };
            run(&mut desk, hours, cancel);
        }
        let all = credits(&desk, &user("avery"));
        assert!(all.len() >= 2, "two credits were booked");
        assert_eq!(all[0].customer.0, "fabrikam", "the newest first");
        assert!(all.windows(2).all(|w| w[0].booked_at >= w[1].booked_at));
        let casey = user("contoso-admin");
        let own = casey.own_customer().unwrap().clone();
        assert!(credits(&desk, &casey).iter().all(|c| c.customer == own));
    }

    #[test]
    fn charges_are_listed_newest_first_and_a_customer_admin_sees_only_their_own() {
        let desk = Desk::from_events(&seed::demo_events());
        let all = charges(&desk, &user("avery"));
        let customers: std::collections::BTreeSet<&str> =
            all.iter().map(|c| c.customer.0.as_str()).collect();
        assert!(customers.len() >= 2, "the demo bills several customers");
        assert!(all.windows(2).all(|w| w[0].billed_at >= w[1].billed_at));
        // A perpetual purchase is billed its price once, for no period.
        let office = all.iter().find(|c| c.item.0 == "ORD-1005-0").unwrap();
        assert_eq!(office.period, None);
        assert!(office.includes_tax, "Australian prices include tax");
        let casey = user("contoso-admin");
        let own = casey.own_customer().unwrap().clone();
        let theirs = charges(&desk, &casey);
        assert!(!theirs.is_empty());
        assert!(theirs.iter().all(|c| c.customer == own));
    }

    #[test]
    fn credits_charges_and_the_activity_log_name_their_customers_as_the_customer_list_does() {
        use crate::execute::{execute, Intent};
        let mut desk = Desk::from_events(&seed::demo_events());
        let avery = user("avery");
        let (now, mut random) = (seed::demo_now(), Counting(0));
        let mut run = |desk: &mut Desk, intent: Intent| {
            execute(desk, &avery, now, &mut random, intent)
                .unwrap()
                .reply
                .unwrap()
        };
        let contoso = CustomerId("contoso".into());
        let buy = Intent::PlaceOrder {
            customer: contoso.clone(),
            lines: vec![LineRequest {
                sku: "DG7GMGF0D7FV:0002".into(),
                quantity: 1,
                billing_plan: BillingPlan::OneTime,
            }],
        };
        let order = run(&mut desk, buy).into_order().unwrap();
        let product = catalog::product(&order.lines[0].product).unwrap();
        let reveal = Intent::RevealKey {
            customer: contoso.clone(),
            item: order.lines[0].item.clone(),
            selection: Selection {
                version: product.versions.first().map(|v| v.to_string()),
                language: product.languages.first().map(|v| v.to_string()),
                file_type: product.file_types.first().map(|v| v.to_string()),
            },
        };
        run(&mut desk, reveal);
        let cancel = Intent::CancelOrderLines {
            customer: contoso.clone(),
            order: order.id,
            lines: vec![0],
            acknowledged: true,
        };
        run(&mut desk, cancel);
        let name = |id: &CustomerId| desk.customer(id).unwrap().name.clone();
        let reader = user("avery");
        let credits = credits(&desk, &reader);
        let charges = charges(&desk, &reader);
        let records = activity(&desk, &user("gale"), now, None, None).unwrap();
        assert!(!credits.is_empty() && !charges.is_empty() && !records.is_empty());
        assert!(credits.iter().all(|c| c.customer_name == name(&c.customer)));
        assert!(charges.iter().all(|c| c.customer_name == name(&c.customer)));
        assert!(records.iter().all(|r| r.customer_name == name(&r.customer)));
        let contoso_credit = credits.iter().find(|c| c.customer == contoso).unwrap();
        assert_eq!(contoso_credit.customer_name, "Contoso Ltd");
        assert_eq!(records[0].customer_name, "Contoso Ltd", "the newest first");
    }

    #[test]
    fn support_requests_are_refused_to_a_customer_admin_as_a_partner_users_action() {
        let desk = Desk::from_events(&seed::demo_events());
        assert!(support_requests(&desk, &user("nico")).is_ok());
        assert_eq!(
            support_requests(&desk, &user("contoso-admin")),
            Err(Refusal::MissingRole {
                action: Action::FileSupportRequest,
                needs: Vec::new()
            })
        );
    }

    #[test]
    fn the_activity_log_shows_thirty_days_by_default_today_included() {
        let now = seed::demo_now();
        let (first, last) = activity_range(now, None, None).unwrap();
        assert_eq!(last, now.date_naive());
        assert_eq!((last - first).num_days() + 1, DEFAULT_ACTIVITY_DAYS);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(first, day(2021, 10, 17).unwrap());
        assert_eq!(
            activity_range(now, day(2021, 11, 16), day(2021, 11, 15)),
            Err(Refusal::InvalidDateRange)
        );
        assert!(matches!(
            activity_range(now, day(1999, 12, 31), None),
            Err(Refusal::DateOutOfRange { .. })
        ));
        assert!(activity_range(now, day(2000, 1, 1), None).is_ok());
    }

    /// A desk where Avery bought `sku` for Contoso at the demo's now, and that order's item.
    fn bought(sku: &str, plan: BillingPlan) -> (Desk, ItemId) {
        use crate::execute::{execute, Intent};
        let mut desk = Desk::from_events(&seed::demo_events());
        let intent = Intent::PlaceOrder {
            customer: CustomerId("contoso".into()),
            lines: vec![LineRequest {
                sku: sku.into(),
                quantity: 1,
                billing_plan: plan,
            }],
        };
        let executed = execute(
            &mut desk,
            &user("avery"),
            seed::demo_now(),
            &mut Counting(0),
            intent,
        )
        .unwrap();
        let order = executed.reply.unwrap().into_order().unwrap();
        (desk, order.lines[0].item.clone())
    }

    fn actions_of(desk: &Desk, reader: &str, item: &ItemId, at: DateTime<Utc>) -> ItemActions {
        item_actions(&user(reader), desk.item(item).unwrap(), at)
    }

    #[test]
    fn a_new_subscription_may_be_cancelled_until_the_last_second_of_its_7th_day() {
        let (desk, item) = bought("DG7GMGF0D5RK:0001", BillingPlan::Annual);
        let now = seed::demo_now();
        let last_second = now + Duration::days(7) - Duration::seconds(1);
        let avery = actions_of(&desk, "avery", &item, last_second);
        assert_eq!(avery.cancel, Allowed::Yes);
        assert_eq!(avery.keys, Allowed::Yes);
        assert_eq!(avery.autorenew, Allowed::Yes);
        let closed = actions_of(&desk, "avery", &item, now + Duration::days(7));
        assert!(matches!(
            closed.cancel,
            Allowed::Not(Refusal::CancellationWindowClosed { .. })
        ));
    }

    #[test]
    fn a_sales_agent_is_told_the_role_and_a_customer_admin_is_never_offered_partner_actions() {
        let (desk, item) = bought("DG7GMGF0D5RK:0001", BillingPlan::Annual);
        let now = seed::demo_now();
        let sam = actions_of(&desk, "sam", &item, now);
        assert!(matches!(
            sam.cancel,
            Allowed::Not(Refusal::MissingRole {
                action: Action::Cancel,
                ..
            })
        ));
        assert!(matches!(
            sam.keys,
            Allowed::Not(Refusal::MissingRole {
                action: Action::GetKeysAndDownloads,
                ..
            })
        ));
        let casey = actions_of(&desk, "contoso-admin", &item, now);
        assert_eq!(casey.keys, Allowed::Yes, "their own keys");
        assert_eq!(casey.cancel, Allowed::Never);
        assert_eq!(casey.autorenew, Allowed::Never);
    }

    #[test]
    fn a_cancelled_item_offers_no_keys_no_cancel_and_no_autorenew() {
        use crate::execute::{execute, Intent};
        let (mut desk, item) = bought("DG7GMGF0D7FV:0002", BillingPlan::OneTime);
        let order = desk.item(&item).unwrap().order().clone();
        let cancel = Intent::CancelOrderLines {
            customer: CustomerId("contoso".into()),
            order,
            lines: vec![0],
            acknowledged: true,
        };
        let now = seed::demo_now();
        execute(&mut desk, &user("avery"), now, &mut Counting(9), cancel).unwrap();
        let after = actions_of(&desk, "avery", &item, now);
        assert_eq!(after.keys, Allowed::Never);
        assert_eq!(after.cancel, Allowed::Never);
        assert_eq!(after.autorenew, Allowed::Never);
    }

    #[test]
    fn a_redhat_plan_says_it_is_never_cancellable_not_that_its_window_closed() {
        let (desk, item) = bought("DZH318Z0BXWC:0001", BillingPlan::Annual);
        let today = actions_of(&desk, "avery", &item, seed::demo_now());
        assert!(matches!(
            today.cancel,
            Allowed::Not(Refusal::NeverCancellable { .. })
        ));
    }

    #[test]
    fn a_subscription_bought_before_14_october_2021_cannot_be_set_to_autorenew() {
        let desk = Desk::from_events(&seed::demo_events());
        // The Subscriptions page hides it; the Software page lists it.
        let item = desk
            .customers()
            .into_iter()
            .flat_map(|customer| desk.software_of(&customer.id))
            .find_map(|item| match item {
                ItemRef::Subscription(s)
                    if !Subscription::autorenews_by_default(s.purchased_at)
                        && s.status == SubscriptionStatus::Active =>
                {
                    Some(s.id.clone())
                }
                _ => None,
            })
            .expect("the demo has a subscription bought before the cutoff");
        let actions = actions_of(&desk, "avery", &item, seed::demo_now());
        assert!(matches!(
            actions.autorenew,
            Allowed::Not(Refusal::AutorenewNotOffered { .. })
        ));
    }

    #[test]
    fn a_download_is_named_after_the_product_and_each_choice_with_single_hyphens() {
        let selection = Selection {
            version: Some("2022".to_owned()),
            language: Some("English".to_owned()),
            file_type: Some("ISO (64-bit)".to_owned()),
        };
        let file = download_file("windows-server-2022-standard", &selection);
        assert_eq!(
            file.file_name,
            "Windows-Server-2022-Standard-16-Core-License-Pack-2022-English-ISO-64-bit.txt"
        );
    }
}
