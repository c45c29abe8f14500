//! The desk state, how events change it, and the reads over it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::activity::{ActivityKind, ActivityRecord, Charge, Credit, InvoiceCredits};
use crate::catalog::{self, price_for, BillingPlan, Product, ProductKind, Sku, Term};
use crate::customer::{folded, Customer, CustomerId, TakenNames};
use crate::event::{Event, EventKind};
use crate::item::{
    DownloadLink, ItemId, ItemRef, LinkToken, Purchase, PurchaseStatus, Subscription,
    SubscriptionStatus,
};
use crate::market::Market;
use crate::money::{Money, Price};
use crate::order::{Order, OrderId};
use crate::refusal::Refusal;
use crate::role::{Action, User};
use crate::sort::sort_by;
use crate::support::{SupportRequest, SupportRequestId};
use crate::time::{InvoiceMonth, Window};

/// Everything the partner's console knows, rebuilt by folding the event log with [`evolve`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Desk {
    customers: BTreeMap<CustomerId, Customer>,
    /// Each customer as one key, in the order lists show customers, so a page of a list of
    /// 100,000 needs no sort and a search folds no text: the name, the id, the market code,
    /// then the name, default domain and tenant GUID [`folded`] as a search looks in them,
    /// with a NUL between (see [`IndexedCustomer`]). One string, not a struct: a set of
    /// strings is already in the wasm, and a set of pairs would cost it 6 KB.
    customer_order: BTreeSet<String>,
    /// What the last searches found, forgotten when a customer is added.
    searches: RecentSearches,
    /// Every market that has a customer, in order, for the market filter's choices.
    customer_markets: Vec<Market>,
    /// The tenants, ids and default domains in use, kept as customers are added: checking a
    /// new customer against 100,000 then costs a lookup, not a pass that lowers every name.
    taken_names: TakenNames,
    orders: BTreeMap<OrderId, Order>,
    subscriptions: BTreeMap<ItemId, Subscription>,
    purchases: BTreeMap<ItemId, Purchase>,
    links: BTreeMap<LinkToken, DownloadLink>,
    activity: Vec<ActivityRecord>,
    credits: Vec<Credit>,
    charges: Vec<Charge>,
    support_requests: BTreeMap<SupportRequestId, SupportRequest>,
    /// The last KMS activation remembered for each customer moving from volume licensing.
    last_kms_activations: BTreeMap<CustomerId, DateTime<Utc>>,
}

/// One SKU as the Add products page offers it to a customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CatalogOffer {
    /// The product.
    pub product: &'static Product,
    /// The SKU.
    pub sku: &'static Sku,
    /// The price of one unit for one term in the customer's currency, with its tax note.
    pub price: Option<Price>,
    /// The billing plans the review screen offers.
    pub plans: Vec<BillingPlan>,
    /// Why it cannot be bought, if it cannot (such as Azure reservations in excluded markets).
    pub unavailable: Option<Refusal>,
}

/// One choice in the perpetual cancel dialog's "Order number" dropdown.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CancelOption {
    /// The order id.
    pub order: OrderId,
    /// The purchase on that order.
    pub item: ItemId,
    /// The order line that bought it, the one cancelling sends.
    #[serde(rename = "lineItemNumber")]
    pub line: u32,
    /// The 30-day window.
    pub window: Window,
    /// Days left to cancel; 0 once the window has passed.
    pub days_left: i64,
}

crate::tagged::read_by_hand!(CancelOption);

impl CancelOption {
    /// A cancel option read from JSON as the derived `Deserialize` reads it, in a fraction of
    /// the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<CancelOption, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &["order", "item", "lineItemNumber", "window", "daysLeft"],
            5,
        )?;
        Ok(CancelOption {
            order: fields.field("order")?,
            item: fields.field("item")?,
            line: fields.field("lineItemNumber")?,
            window: fields.field("window")?,
            days_left: fields.field("daysLeft")?,
        })
    }
}

impl Desk {
    /// The desk after every event of `log`, in order.
    pub fn from_events<'a>(log: impl IntoIterator<Item = &'a Event>) -> Desk {
        let mut desk = Desk::default();
        desk.apply(log);
        desk
    }

    /// Applies `events` in order.
    pub fn apply<'a>(&mut self, events: impl IntoIterator<Item = &'a Event>) {
        for event in events {
            evolve(self, event);
        }
    }

    /// The tenants, ids and default domains the desk's customers use.
    pub fn taken_names(&self) -> &TakenNames {
        &self.taken_names
    }

    /// Every customer, by name.
    pub fn customers(&self) -> Vec<&Customer> {
        self.customer_index()
            .filter_map(|indexed| self.customers.get(indexed.id))
            .collect()
    }

    /// Every customer's id, market and search text, in the order of [`Desk::customers`]:
    /// without reading a customer, so a search of 100,000 reads only the page it shows.
    pub fn customer_index(&self) -> impl Iterator<Item = IndexedCustomer<'_>> {
        self.customer_index_from(0)
    }

    /// [`Desk::customer_index`] from the `offset`th customer on: the ones before are passed
    /// over without their text being read, so a page far down a list of 100,000 is quick.
    pub fn customer_index_from(&self, offset: usize) -> impl Iterator<Item = IndexedCustomer<'_>> {
        self.customer_order
            .iter()
            .skip(offset)
            .map(|key| IndexedCustomer::of(key))
    }

    /// Where the customers whose name, default domain or tenant GUID holds `search`, trimmed
    /// and [`folded`] (every customer for an empty one), stand in [`Desk::customers`], from 0.
    pub fn customer_places_finding(&self, search: &str) -> Vec<u32> {
        self.searches.finding(search, self)
    }

    /// The customers at `places` (rising) in [`Desk::customers`], each with its place. The
    /// index is read only up to the last of them, so page 1 of a search that found 10,000 is
    /// as quick as page 1 of one that found 50.
    pub fn customers_at(
        &self,
        places: impl IntoIterator<Item = u32>,
    ) -> impl Iterator<Item = (u32, IndexedCustomer<'_>)> {
        let mut places = places.into_iter().peekable();
        (self.customer_order.iter().zip(0..))
            .map_while(move |(key, at)| {
                places.peek()?;
                let wanted = places.next_if_eq(&at).is_some();
                Some(wanted.then(|| (at, IndexedCustomer::of(key))))
            })
            .flatten()
    }

    /// Where the customer `id` stands in [`Desk::customers`], from 0; `None` for no customer.
    /// Found by the customer's own key, without reading any other customer's text.
    pub fn customer_position(&self, id: &CustomerId) -> Option<usize> {
        let key = order_key(self.customers.get(id)?);
        self.customer_order.iter().position(|known| *known == key)
    }

    /// How many customers the desk has.
    pub fn customer_count(&self) -> usize {
        self.customer_order.len()
    }

    /// Every market that has a customer, in order.
    pub fn customer_markets(&self) -> impl Iterator<Item = Market> + '_ {
        self.customer_markets.iter().copied()
    }

    /// The customer with `id`, if there is one.
    pub fn customer(&self, id: &CustomerId) -> Option<&Customer> {
        self.customers.get(id)
    }

    /// The order with `id`.
    pub fn order(&self, id: &OrderId) -> Option<&Order> {
        self.orders.get(id)
    }

    /// A customer's orders, newest first: every purchase whatever its date (Get Orders).
    pub fn orders_of(&self, customer: &CustomerId) -> Vec<&Order> {
        let mut orders: Vec<_> = self
            .orders
            .values()
            .filter(|order| &order.customer == customer)
            .collect();
        sort_by(&mut orders, |a, b| {
            b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id))
        });
        orders
    }

    /// The subscription with `id`, whatever its purchase date.
    pub fn subscription(&self, id: &ItemId) -> Option<&Subscription> {
        self.subscriptions.get(id)
    }

    /// The perpetual purchase with `id`.
    pub fn purchase(&self, id: &ItemId) -> Option<&Purchase> {
        self.purchases.get(id)
    }

    /// The subscription or purchase with `id`.
    pub fn item(&self, id: &ItemId) -> Option<ItemRef<'_>> {
        self.subscriptions
            .get(id)
            .map(ItemRef::Subscription)
            .or_else(|| self.purchases.get(id).map(ItemRef::Purchase))
    }

    /// A customer's subscriptions as Get Subscriptions and the Subscriptions page list them:
    /// only those bought on or after 14 Oct 2021, newest first.
    pub fn subscriptions_of(&self, customer: &CustomerId) -> Vec<&Subscription> {
        let mut subscriptions: Vec<_> = self
            .subscriptions
            .values()
            .filter(|s| &s.customer == customer && s.is_listed_as_subscription())
            .collect();
        sort_by(&mut subscriptions, |a, b| {
            b.purchased_at.cmp(&a.purchased_at).then(a.id.cmp(&b.id))
        });
        subscriptions
    }

    /// A customer's perpetual purchases (including license-only products and ESUs), newest first.
    pub fn purchases_of(&self, customer: &CustomerId) -> Vec<&Purchase> {
        let mut purchases: Vec<_> = self
            .purchases
            .values()
            .filter(|p| &p.customer == customer)
            .collect();
        sort_by(&mut purchases, |a, b| {
            b.purchased_at.cmp(&a.purchased_at).then(a.id.cmp(&b.id))
        });
        purchases
    }

    /// The Software page: all software bought for the customer, whatever its date or state
    /// (cancelled items stay listed without their key), newest first.
    pub fn software_of(&self, customer: &CustomerId) -> Vec<ItemRef<'_>> {
        let is_software = |item: &ItemRef<'_>| {
            item.product().is_some_and(|p| {
                !matches!(
                    p.kind,
                    ProductKind::AzureReservation | ProductKind::SoftwarePlan
                )
            })
        };
        let mut items: Vec<_> = self
            .subscriptions
            .values()
            .filter(|s| &s.customer == customer)
            .map(ItemRef::Subscription)
            .chain(
                self.purchases
                    .values()
                    .filter(|p| &p.customer == customer)
                    .map(ItemRef::Purchase),
            )
            .filter(is_software)
            .collect();
        sort_by(&mut items, |a, b| {
            b.purchased_at()
                .cmp(&a.purchased_at())
                .then(a.id().cmp(b.id()))
        });
        items
    }

    /// The perpetual cancel dialog's "Order number" choices for one product of a customer,
    /// with the days left on each.
    pub fn cancel_options(
        &self,
        customer: &CustomerId,
        product: &str,
        now: DateTime<Utc>,
    ) -> Vec<CancelOption> {
        self.purchases_of(customer)
            .into_iter()
            .filter(|p| p.product == product && p.status == PurchaseStatus::Active)
            .map(|p| CancelOption {
                order: p.order.clone(),
                item: p.id.clone(),
                line: p.line,
                window: p.cancellation_window(),
                days_left: p.cancellation_window().days_left(now),
            })
            .collect()
    }

    /// Every subscription, listed or not (bought before 14 Oct 2021 too), by id.
    pub fn every_subscription(&self) -> impl Iterator<Item = &Subscription> {
        self.subscriptions.values()
    }

    /// Every perpetual purchase, by id.
    pub fn every_purchase(&self) -> impl Iterator<Item = &Purchase> {
        self.purchases.values()
    }

    /// The links that still serve a download at `now`, with their items: not expired,
    /// downloads left, and the item in use and not revoked.
    pub fn live_links(
        &self,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = (&DownloadLink, ItemRef<'_>)> {
        self.links.values().filter_map(move |link| {
            let item = self.item(&link.item)?;
            let live = item.is_active()
                && item.entitlement().revoked_at.is_none()
                && link.downloads_left(now) > 0;
            live.then_some((link, item))
        })
    }

    /// The last KMS activation remembered for each customer moving from volume licensing.
    pub fn mak_deadlines(&self) -> impl Iterator<Item = (&CustomerId, DateTime<Utc>)> {
        self.last_kms_activations.iter().map(|(id, at)| (id, *at))
    }

    /// The last KMS activation remembered for a customer moving from volume licensing.
    pub fn mak_deadline_of(&self, customer: &CustomerId) -> Option<DateTime<Utc>> {
        self.last_kms_activations.get(customer).copied()
    }

    /// The link with `token`.
    pub fn link(&self, token: &LinkToken) -> Option<&DownloadLink> {
        self.links.get(token)
    }

    /// Every link issued for an item, oldest first.
    pub fn links_of(&self, item: &ItemId) -> Vec<&DownloadLink> {
        let mut links: Vec<_> = self.links.values().filter(|l| &l.item == item).collect();
        sort_by(&mut links, |a, b| a.valid.opens.cmp(&b.valid.opens));
        links
    }

    /// The activity log (key views, link issues, downloads) within `range`, for the roles
    /// allowed to see it.
    pub fn activity(&self, viewer: &User, range: Window) -> Result<Vec<&ActivityRecord>, Refusal> {
        viewer.require(Action::ViewActivityLog)?;
        if range.closes < range.opens {
            return Err(Refusal::InvalidDateRange);
        }
        Ok(self
            .activity
            .iter()
            .filter(|record| range.contains(record.at))
            .collect())
    }

    /// Every credit booked, oldest first.
    pub fn credits(&self) -> &[Credit] {
        &self.credits
    }

    /// Every charge billed, oldest first.
    pub fn charges(&self) -> &[Charge] {
        &self.charges
    }

    /// A customer's credits grouped by the monthly invoice they show on, oldest month first.
    pub fn credits_per_invoice_month(&self, customer: &CustomerId) -> Vec<InvoiceCredits> {
        let mut months: BTreeMap<InvoiceMonth, InvoiceCredits> = BTreeMap::new();
        for credit in self.credits.iter().filter(|c| &c.customer == customer) {
            let entry = months
                .entry(credit.invoice_month)
                .or_insert_with(|| InvoiceCredits {
                    invoice_month: credit.invoice_month,
                    total: Money::zero(credit.amount.currency.clone()),
                    credits: Vec::new(),
                });
            entry.total = entry
                .total
                .plus(&credit.amount)
                .unwrap_or(entry.total.clone());
            entry.credits.push(credit.clone());
        }
        months.into_values().collect()
    }

    /// The support request with `id`.
    pub fn support_request(&self, id: &SupportRequestId) -> Option<&SupportRequest> {
        self.support_requests.get(id)
    }

    /// Every support request, newest first.
    pub fn support_requests(&self) -> Vec<&SupportRequest> {
        let mut requests: Vec<_> = self.support_requests.values().collect();
        sort_by(&mut requests, |a, b| {
            b.filed_at.cmp(&a.filed_at).then(a.id.cmp(&b.id))
        });
        requests
    }

    /// The Add products page for a customer at `now`: every SKU with its price, its billing
    /// plans and, where it cannot be bought, why.
    pub fn catalog_for(
        &self,
        customer: &CustomerId,
        now: DateTime<Utc>,
    ) -> Result<Vec<CatalogOffer>, Refusal> {
        let customer = self
            .customer(customer)
            .ok_or_else(|| Refusal::UnknownCustomer {
                customer: customer.clone(),
            })?;
        Ok(catalog::catalog()
            .iter()
            .flat_map(|product| product.skus.iter().map(move |sku| (product, sku)))
            .map(|(product, sku)| {
                let price = price_for(sku, customer);
                let unavailable = if product.kind == ProductKind::AzureReservation
                    && !customer.market.sells_azure_reservations()
                {
                    Some(Refusal::NotSoldInMarket {
                        product: product.name.to_owned(),
                        market: customer.market,
                    })
                } else if price.is_none() {
                    Some(Refusal::NoPriceInCurrency {
                        currency: customer.currency.clone(),
                    })
                } else {
                    None
                };
                CatalogOffer {
                    product,
                    sku,
                    price,
                    plans: sku.plans_offered_on(now),
                    unavailable,
                }
            })
            .collect())
    }

    /// The billing periods opened and the terms ended by `now`, not yet recorded: each
    /// period's charge, each renewal or expiry.
    pub fn due_term_events(&self, now: DateTime<Utc>) -> Vec<Event> {
        self.subscriptions
            .values()
            .flat_map(|subscription| due_term_events(subscription, now).1)
            .collect()
    }
}

/// A subscription as it stands at `now` once its billing periods opened by then are billed and
/// its ended terms renewed or expired, with the events that record them in time order: every
/// period of a term is billed before the term ends.
pub(crate) fn due_term_events(
    subscription: &Subscription,
    now: DateTime<Utc>,
) -> (Subscription, Vec<Event>) {
    let mut current = subscription.clone();
    let mut events = Vec::new();
    while current.status == SubscriptionStatus::Active {
        let (at, kind) = match current.next_billing_period() {
            Some((period, charge)) if period.opens <= now => {
                let kind = EventKind::PeriodBilled {
                    customer: current.customer.clone(),
                    subscription: current.id.clone(),
                    period,
                    charge: charge.clone(),
                };
                bill_period(&mut current, period, &charge);
                (period.opens, kind)
            }
            _ if current.term.closes <= now => {
                let ended_at = current.term.closes;
                match current.renewed() {
                    Some(next) => {
                        let kind = EventKind::TermRenewed {
                            customer: next.customer.clone(),
                            subscription: next.id.clone(),
                            term: next.term,
                            billing_plan: next.billing_plan,
                            charge: next.current_charge.clone(),
                        };
                        current = next;
                        (ended_at, kind)
                    }
                    None => {
                        current.status = SubscriptionStatus::Expired;
                        current.ended_at = Some(ended_at);
                        let kind = EventKind::SubscriptionExpired {
                            customer: current.customer.clone(),
                            subscription: current.id.clone(),
                        };
                        (ended_at, kind)
                    }
                }
            }
            _ => break,
        };
        events.push(Event {
            at,
            actor: None,
            kind,
        });
    }
    (current, events)
}

/// Records a billing period's charge on the subscription, as its event does.
fn bill_period(subscription: &mut Subscription, period: Window, charge: &Money) {
    subscription.billed = subscription
        .billed
        .plus(charge)
        .unwrap_or(subscription.billed.clone());
    subscription.billed_through = Some(period.closes);
}

/// The ledger line of a charge for `item`, with its order line's tax note.
fn charge_on(
    orders: &BTreeMap<OrderId, Order>,
    item: ItemRef<'_>,
    amount: &Money,
    at: DateTime<Utc>,
    period: Option<Window>,
) -> Charge {
    let line = match item {
        ItemRef::Subscription(s) => orders.get(&s.order).and_then(|o| o.line(s.line)),
        ItemRef::Purchase(p) => orders.get(&p.order).and_then(|o| o.line(p.line)),
    };
    Charge {
        customer: item.customer().clone(),
        order: item.order().clone(),
        item: item.id().clone(),
        product: item.product_id().to_owned(),
        includes_tax: line.is_some_and(|line| line.includes_tax),
        amount: amount.clone(),
        billed_at: at,
        period,
        invoice_month: InvoiceMonth::next_after(at),
        customer_name: String::new(),
    }
}

/// `customer`'s key in [`Desk::customers`]' order: by name, then id (a NUL sorts before any
/// character a name may go on with).
fn order_key(customer: &Customer) -> String {
    [
        customer.name.as_str(),
        &customer.id.0,
        customer.market.code(),
        &folded(&customer.name),
        &folded(&customer.default_domain),
        &folded(&customer.tenant_id),
    ]
    .join("\0")
}

/// Where `needle` first stands in `hay`; an empty one at 0.
// Each place of its first byte, then the rest compared: a search is a few letters typed, and
// in the wasm this reads the customers' text about twice as fast as `str::find`'s two-way
// searcher, which is made for long needles.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let mut from = 0;
    loop {
        let at = from + hay[from..].iter().position(|byte| byte == first)?;
        if hay[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// The first field of `key` and the rest after its NUL. Every key has its fields
/// ([`order_key`]); a missing one would read as empty.
// A plain scan for the byte: a search reads three fields of every customer, and in the wasm
// this costs about half of `split_once`'s char searcher on fields this short.
fn field(key: &str) -> (&str, &str) {
    match key.bytes().position(|byte| byte == 0) {
        Some(at) => (&key[..at], &key[at + 1..]),
        None => (key, ""),
    }
}

/// A customer as a list reads it from the desk's index, before reading the customer.
#[derive(Debug, Clone, Copy)]
pub struct IndexedCustomer<'a> {
    /// The customer's id.
    pub id: &'a str,
    /// The market's code.
    pub market: &'a str,
    /// The name, default domain and tenant GUID, folded, a NUL between.
    searched: &'a str,
}

impl<'a> IndexedCustomer<'a> {
    /// Whether a search, trimmed and [`folded`], finds this customer by name, default domain or
    /// tenant GUID, folded once when the customer was added. One search of the three fields at
    /// once: a search holds no NUL, so what it finds lies within one field.
    fn finds(&self, search: &str) -> bool {
        !search.contains('\0') && find(self.searched.as_bytes(), search.as_bytes()).is_some()
    }

    /// The customer a key of `customer_order` stands for ([`order_key`]).
    fn of(key: &'a str) -> Self {
        let (_, rest) = field(key);
        let (id, rest) = field(rest);
        let (market, searched) = field(rest);
        IndexedCustomer {
            id,
            market,
            searched,
        }
    }
}

/// The last few searches and the customers each found (their places in the list), the
/// newest last: typing narrows a search, which then reads only what the last one found, and
/// Backspace widens it back to one found before. A copy of a desk remembers none, and two
/// desks compare without them.
#[derive(Debug, Default)]
struct RecentSearches(Mutex<Vec<(String, Vec<u32>)>>);

impl RecentSearches {
    /// How many searches it keeps.
    const KEPT: usize = 8;

    fn finding(&self, search: &str, desk: &Desk) -> Vec<u32> {
        let mut recent = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, found)) = recent.iter().find(|(known, _)| known == search) {
            return found.clone();
        }
        // What a search finds, a longer one holding it finds only among those.
        let among = recent
            .iter()
            .rev()
            .find(|(known, _)| !known.is_empty() && search.contains(known.as_str()));
        // Every place, or only those, read no further than the last of them.
        let places = match among {
            Some((_, found)) => Places::Among(found.iter().copied()),
            None => Places::Every(0..),
        };
        let found: Vec<u32> = (desk.customers_at(places))
            .filter(|(_, indexed)| indexed.finds(search))
            .map(|(at, _)| at)
            .collect();
        if recent.len() == Self::KEPT {
            recent.remove(0);
        }
        recent.push((search.to_owned(), found.clone()));
        found
    }
}

/// The places a search reads: every one, or those a search it holds found.
enum Places<'a> {
    Every(std::ops::RangeFrom<u32>),
    Among(std::iter::Copied<std::slice::Iter<'a, u32>>),
}

impl Iterator for Places<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            Places::Every(places) => places.next(),
            Places::Among(places) => places.next(),
        }
    }
}

impl Clone for RecentSearches {
    fn clone(&self) -> Self {
        RecentSearches::default()
    }
}

impl PartialEq for RecentSearches {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Applies one event to the desk. Events are facts: this never refuses, and an event about
/// something unknown changes nothing.
pub fn evolve(desk: &mut Desk, event: &Event) {
    let at = event.at;
    match &event.kind {
        EventKind::CustomerAdded { customer } => {
            // A customer is added once (deciding refuses a known id), so a second add of an id
            // is no fact and changes nothing.
            if !desk.customers.contains_key(&customer.id) {
                desk.customers.insert(customer.id.clone(), customer.clone());
                desk.customer_order.insert(order_key(customer));
                desk.searches = RecentSearches::default();
                desk.taken_names
                    .note(&customer.id.0, &customer.default_domain);
                desk.taken_names
                    .note(&customer.tenant_id, &customer.default_domain);
                if let Err(at) = desk.customer_markets.binary_search(&customer.market) {
                    desk.customer_markets.insert(at, customer.market);
                }
            }
        }
        EventKind::OrderPlaced { order } => {
            desk.orders.insert(order.id.clone(), order.clone());
        }
        EventKind::OrderCompleted { order, .. } => {
            let Some(order) = desk.orders.get_mut(order) else {
                return;
            };
            let Some(status) = order.status.complete() else {
                return;
            };
            order.status = status;
            for line in &order.lines {
                add_item(
                    &mut desk.subscriptions,
                    &mut desk.purchases,
                    order,
                    line,
                    order.created_at,
                );
            }
            // Each item bought is billed now: a subscription its first period, a perpetual
            // purchase its price.
            let items: Vec<ItemId> = order.lines.iter().map(|line| line.item.clone()).collect();
            for item in &items {
                let charge = if let Some(s) = desk.subscriptions.get(item) {
                    let period = s.current_billing_period();
                    charge_on(
                        &desk.orders,
                        ItemRef::Subscription(s),
                        &s.current_charge,
                        period.opens,
                        Some(period),
                    )
                } else if let Some(p) = desk.purchases.get(item) {
                    charge_on(
                        &desk.orders,
                        ItemRef::Purchase(p),
                        &p.billed,
                        p.purchased_at,
                        None,
                    )
                } else {
                    continue;
                };
                desk.charges.push(charge);
            }
        }
        EventKind::TermRenewed {
            subscription,
            term,
            billing_plan,
            charge,
            ..
        } => {
            if let Some(s) = desk.subscriptions.get_mut(subscription) {
                s.term_number += 1;
                s.term = *term;
                s.billing_plan = *billing_plan;
                s.next_billing_plan = None;
                s.billed = s.billed.plus(charge).unwrap_or(s.billed.clone());
                s.current_charge = charge.clone();
                let period = s.current_billing_period();
                s.billed_through = Some(period.closes);
                let charge = charge_on(
                    &desk.orders,
                    ItemRef::Subscription(s),
                    charge,
                    at,
                    Some(period),
                );
                desk.charges.push(charge);
            }
        }
        EventKind::PeriodBilled {
            subscription,
            period,
            charge,
            ..
        } => {
            if let Some(s) = desk.subscriptions.get_mut(subscription) {
                bill_period(s, *period, charge);
                let charge = charge_on(
                    &desk.orders,
                    ItemRef::Subscription(s),
                    charge,
                    at,
                    Some(*period),
                );
                desk.charges.push(charge);
            }
        }
        EventKind::SubscriptionExpired { subscription, .. } => {
            if let Some(s) = desk.subscriptions.get_mut(subscription) {
                if let Some(status) = s.status.expire() {
                    s.status = status;
                    s.ended_at = Some(at);
                }
            }
        }
        EventKind::AutorenewSet {
            subscription,
            enabled,
            ..
        } => {
            if let Some(s) = desk.subscriptions.get_mut(subscription) {
                s.autorenew = *enabled;
            }
        }
        EventKind::BillingPlanSet {
            subscription, plan, ..
        } => {
            if let Some(s) = desk.subscriptions.get_mut(subscription) {
                s.next_billing_plan = Some(*plan);
            }
        }
        EventKind::LineCancelled {
            order,
            line,
            item,
            credit,
            ..
        } => {
            if let Some(s) = desk.subscriptions.get_mut(item) {
                if let Some(status) = s.status.cancel() {
                    s.status = status;
                    s.ended_at = Some(at);
                }
                s.entitlement.revoke(at);
            } else if let Some(p) = desk.purchases.get_mut(item) {
                if let Some(status) = p.status.cancel() {
                    p.status = status;
                    p.cancelled_at = Some(at);
                }
                p.entitlement.revoke(at);
            }
            let mut credit = credit.clone();
            if let Some(order) = desk.orders.get_mut(order) {
                order.cancel_line(*line);
                // What the credit is for, in a person's words: the line's product and tax.
                if let Some(cancelled) = order.line(*line) {
                    credit.product = cancelled.product.clone();
                    credit.includes_tax = cancelled.includes_tax;
                }
            }
            desk.credits.push(credit);
        }
        EventKind::KeyRevealed {
            customer,
            item,
            product,
            key,
            ..
        } => {
            let entitlement = match desk.subscriptions.get_mut(item) {
                Some(s) => Some(&mut s.entitlement),
                None => desk.purchases.get_mut(item).map(|p| &mut p.entitlement),
            };
            if let Some(entitlement) = entitlement {
                // A revoked key is never handed out again, whatever the log says.
                if entitlement.revoked_at.is_none() && entitlement.key.is_none() {
                    entitlement.key = Some(key.clone());
                }
            }
            desk.activity.push(activity(
                event,
                customer,
                product,
                item,
                ActivityKind::KeyViewed,
            ));
        }
        EventKind::DownloadLinkIssued {
            customer,
            item,
            product,
            link,
        } => {
            desk.links.insert(link.token.clone(), link.clone());
            desk.activity.push(activity(
                event,
                customer,
                product,
                item,
                ActivityKind::LinkIssued,
            ));
        }
        EventKind::SoftwareDownloaded {
            customer,
            item,
            product,
            link,
            ..
        } => {
            if let Some(link) = link.as_ref().and_then(|token| desk.links.get_mut(token)) {
                link.downloads = link.downloads.saturating_add(1);
            }
            let mut record = activity(event, customer, product, item, ActivityKind::Downloaded);
            // Through a link, the link is the credential: nobody signed in, so no user is named.
            if link.is_some() {
                record.user = None;
            }
            desk.activity.push(record);
        }
        EventKind::SupportRequestFiled { request } => {
            desk.support_requests
                .insert(request.id.clone(), request.clone());
        }
        EventKind::SupportRequestStatusChanged { id, status } => {
            if let Some(request) = desk.support_requests.get_mut(id) {
                request.status = *status;
                request.updated_at = at;
            }
        }
        EventKind::SupportRequestNoteAdded { id, note } => {
            if let Some(request) = desk.support_requests.get_mut(id) {
                request.notes.push(note.clone());
            }
        }
        EventKind::MakDeadlineRemembered {
            customer,
            last_kms_activation,
        } => {
            desk.last_kms_activations
                .insert(customer.clone(), *last_kms_activation);
        }
    }
}

fn activity(
    event: &Event,
    customer: &CustomerId,
    product: &str,
    item: &ItemId,
    what: ActivityKind,
) -> ActivityRecord {
    ActivityRecord {
        at: event.at,
        user: event.actor.clone(),
        customer: customer.clone(),
        product: product.to_owned(),
        item: item.clone(),
        what,
        customer_name: String::new(),
    }
}

fn add_item(
    subscriptions: &mut BTreeMap<ItemId, Subscription>,
    purchases: &mut BTreeMap<ItemId, Purchase>,
    order: &Order,
    line: &crate::order::OrderLine,
    purchased_at: DateTime<Utc>,
) {
    let full_price = line.unit_price.times(i64::from(line.quantity));
    match line.term_duration.end_of_term_from(purchased_at) {
        Some(closes) => {
            let charge = Subscription::first_period_charge(
                &line.unit_price,
                line.quantity,
                line.billing_plan,
                line.term_duration,
            );
            let mut subscription = Subscription {
                id: line.item.clone(),
                customer: order.customer.clone(),
                order: order.id.clone(),
                line: line.number,
                product: line.product.clone(),
                sku: line.sku.clone(),
                term_duration: line.term_duration,
                quantity: line.quantity,
                purchased_at,
                term_number: 1,
                term: Window {
                    opens: purchased_at,
                    closes,
                },
                billing_plan: line.billing_plan,
                next_billing_plan: None,
                autorenew: Subscription::autorenews_by_default(purchased_at),
                status: SubscriptionStatus::Active,
                ended_at: None,
                unit_price: line.unit_price.clone(),
                current_charge: charge.clone(),
                billed: charge,
                entitlement: Default::default(),
                billed_through: None,
            };
            subscription.billed_through = Some(subscription.current_billing_period().closes);
            subscriptions.insert(line.item.clone(), subscription);
        }
        None if line.term_duration == Term::Perpetual => {
            purchases.insert(
                line.item.clone(),
                Purchase {
                    id: line.item.clone(),
                    customer: order.customer.clone(),
                    order: order.id.clone(),
                    line: line.number,
                    product: line.product.clone(),
                    sku: line.sku.clone(),
                    quantity: line.quantity,
                    purchased_at,
                    billed: full_price,
                    status: PurchaseStatus::Active,
                    cancelled_at: None,
                    entitlement: Default::default(),
                },
            );
        }
        None => {}
    }
}
