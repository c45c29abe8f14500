//! Closing soon: every deadline of every customer a reader may see, as one query over the desk.
//!
//! Nothing is kept in a list of its own: a deadline is read off the item it belongs to at the
//! moment asked, so a cancelled item, an expired term or a passed moment leaves by itself.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::CancellationPolicy;
use crate::customer::{Customer, CustomerId};
use crate::desk::Desk;
use crate::item::{ItemId, ItemRef, PurchaseStatus, SubscriptionStatus};
use crate::money::Money;
use crate::order::OrderId;
use crate::queries::readable_customer;
use crate::refusal::Refusal;
use crate::role::User;
use crate::sort::sort_by;
use crate::time::{Window, KMS_ACTIVATION_DAYS};

/// What happens at a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A subscription's 7-day cancellation window of its current term closes.
    SubscriptionCancellation,
    /// A perpetual purchase's 30-day cancellation window closes.
    PerpetualCancellation,
    /// A term ends and autorenew starts the next one, with its charge.
    TermRenews,
    /// A term ends without autorenew: the subscription expires.
    TermExpires,
    /// A download link stops working (two weeks after it was issued).
    LinkExpires,
    /// The MAK must be deployed before the last KMS activation runs out (180 days).
    MakDeployment,
}

crate::tagged::unit_variants_by_hand!(DeadlineKind {
    SubscriptionCancellation = "subscription_cancellation",
    PerpetualCancellation = "perpetual_cancellation",
    TermRenews = "term_renews",
    TermExpires = "term_expires",
    LinkExpires = "link_expires",
    MakDeployment = "mak_deployment",
});

impl DeadlineKind {
    /// Every kind, in the order the filter offers them.
    pub const ALL: [DeadlineKind; 6] = [
        DeadlineKind::SubscriptionCancellation,
        DeadlineKind::PerpetualCancellation,
        DeadlineKind::TermRenews,
        DeadlineKind::TermExpires,
        DeadlineKind::LinkExpires,
        DeadlineKind::MakDeployment,
    ];

    /// The kind's name in URLs, exports and the API (`subscription_cancellation`, ...).
    pub fn slug(self) -> &'static str {
        match self {
            DeadlineKind::SubscriptionCancellation => "subscription_cancellation",
            DeadlineKind::PerpetualCancellation => "perpetual_cancellation",
            DeadlineKind::TermRenews => "term_renews",
            DeadlineKind::TermExpires => "term_expires",
            DeadlineKind::LinkExpires => "link_expires",
            DeadlineKind::MakDeployment => "mak_deployment",
        }
    }

    /// The kind a slug names.
    pub fn from_slug(slug: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL
            .into_iter()
            .find(|kind| kind.slug() == slug)
    }

    /// The part of a deadline's id that names its kind: a term's end is one deadline whether
    /// it renews or expires, so a calendar updates its event when autorenew changes.
    fn uid_slug(self) -> &'static str {
        match self {
            DeadlineKind::TermRenews | DeadlineKind::TermExpires => "term_end",
            other => other.slug(),
        }
    }
}

/// How far ahead the list looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Horizon {
    /// The next 24 hours (the count beside the page's name).
    #[serde(rename = "24h")]
    Day,
    /// The next 7 days.
    #[serde(rename = "7d")]
    Week,
    /// The next 30 days.
    #[default]
    #[serde(rename = "30d")]
    Month,
    /// The next 90 days.
    #[serde(rename = "90d")]
    Quarter,
}

impl Horizon {
    /// Every horizon, shortest first.
    pub const ALL: [Horizon; 4] = [
        Horizon::Day,
        Horizon::Week,
        Horizon::Month,
        Horizon::Quarter,
    ];

    /// How far ahead it looks.
    pub fn length(self) -> Duration {
        match self {
            Horizon::Day => Duration::hours(24),
            Horizon::Week => Duration::days(7),
            Horizon::Month => Duration::days(30),
            Horizon::Quarter => Duration::days(90),
        }
    }

    /// Its name in URLs and the API (`24h`, `7d`, `30d`, `90d`).
    pub fn slug(self) -> &'static str {
        match self {
            Horizon::Day => "24h",
            Horizon::Week => "7d",
            Horizon::Month => "30d",
            Horizon::Quarter => "90d",
        }
    }

    /// The horizon a slug names.
    pub fn from_slug(slug: &str) -> Option<Horizon> {
        Horizon::ALL
            .into_iter()
            .find(|horizon| horizon.slug() == slug)
    }
}

/// Which deadlines the page lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadlineFilter {
    /// Only this kind, if set.
    pub kind: Option<DeadlineKind>,
    /// Only this customer's, if set.
    pub customer: Option<CustomerId>,
    /// How far ahead.
    pub horizon: Horizon,
}

/// One deadline: when, whose, on what, and what happens then.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    /// Stable while the deadline stands (the calendar's `UID`): kind, item or customer, moment.
    pub id: String,
    /// What happens.
    pub kind: DeadlineKind,
    /// When: the first moment after the window, the term's end, the link's end.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub at: DateTime<Utc>,
    /// Whose.
    pub customer: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The catalog product, for all but a MAK deadline.
    #[serde(default)]
    pub product: Option<String>,
    /// The subscription or purchase.
    #[serde(default)]
    pub item: Option<ItemId>,
    /// The order that bought it.
    #[serde(default)]
    pub order: Option<OrderId>,
    /// The charge of the next term (renews), the credit if cancelled now (cancellation windows).
    #[serde(default)]
    pub amount: Option<Money>,
    /// Whether the amount includes tax, as the order line's price did (Australia, Brazil).
    #[serde(default)]
    pub includes_tax: bool,
}

crate::tagged::read_by_hand!(Deadline);

impl Deadline {
    /// A deadline read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Deadline, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "id",
                "kind",
                "at",
                "customer",
                "customerName",
                "product",
                "item",
                "order",
                "amount",
                "includesTax",
            ],
            5,
        )?;
        Ok(Deadline {
            id: fields.field("id")?,
            kind: fields.field("kind")?,
            at: crate::wire_time::instant(fields.take("at")?)?,
            customer: fields.field("customer")?,
            customer_name: fields.field("customerName")?,
            product: fields.field_or_default("product")?,
            item: fields.field_or_default("item")?,
            order: fields.field_or_default("order")?,
            amount: fields.field_or_default("amount")?,
            includes_tax: fields.field_or_default("includesTax")?,
        })
    }
}

/// The deadlines `reader` may see from `now` to the filter's horizon, soonest first.
pub fn deadlines(
    desk: &Desk,
    reader: &User,
    now: DateTime<Utc>,
    filter: &DeadlineFilter,
) -> Result<Vec<Deadline>, Refusal> {
    if let Some(customer) = &filter.customer {
        readable_customer(desk, reader, customer)?;
    }
    let ahead = Window::starting(now, filter.horizon.length());
    let mut found = Vec::new();
    // The items' customers the reader may see and the filter keeps: a pass over the items,
    // not the customers, reads only the few that own something among 100,000. The order is
    // the sort's below.
    let shown = |id: &CustomerId| {
        let kept = filter.customer.as_ref().is_none_or(|only| only == id)
            && reader.own_customer().is_none_or(|own| own == id);
        desk.customer(id).filter(|_| kept)
    };
    let mut add = |customer: &Customer,
                   kind: DeadlineKind,
                   at: DateTime<Utc>,
                   subject: &str,
                   item: Option<(&ItemId, &OrderId, &str)>,
                   amount: Option<Money>| {
        // A deadline at `now` has passed: the window is shut from its closing moment on.
        if at > now && at <= ahead.closes && filter.kind.is_none_or(|only| only == kind) {
            let includes_tax = item.is_some_and(|(id, order, _)| {
                desk.order(order)
                    .and_then(|order| order.lines.iter().find(|line| &line.item == id))
                    .is_some_and(|line| line.includes_tax)
            });
            found.push(Deadline {
                id: format!("{}.{subject}.{}", kind.uid_slug(), at.timestamp()),
                kind,
                at,
                customer: customer.id.clone(),
                customer_name: customer.name.clone(),
                product: item.map(|(_, _, product)| product.to_owned()),
                item: item.map(|(id, _, _)| id.clone()),
                order: item.map(|(_, order, _)| order.clone()),
                amount,
                includes_tax,
            });
        }
    };
    for subscription in desk.every_subscription() {
        let Some(customer) = shown(&subscription.customer) else {
            continue;
        };
        if subscription.status != SubscriptionStatus::Active {
            continue;
        }
        let item = Some((
            &subscription.id,
            &subscription.order,
            subscription.product.as_str(),
        ));
        if cancellable_here(subscription.catalog_product().map(|p| p.cancellation)) {
            add(
                customer,
                DeadlineKind::SubscriptionCancellation,
                subscription.cancellation_window().closes,
                &subscription.id.0,
                item,
                subscription.cancel(now).ok(),
            );
        }
        match subscription.renewed() {
            Some(next) => add(
                customer,
                DeadlineKind::TermRenews,
                subscription.term.closes,
                &subscription.id.0,
                item,
                Some(next.current_charge),
            ),
            None => add(
                customer,
                DeadlineKind::TermExpires,
                subscription.term.closes,
                &subscription.id.0,
                item,
                None,
            ),
        }
    }
    for purchase in desk.every_purchase() {
        let Some(customer) = shown(&purchase.customer) else {
            continue;
        };
        if purchase.status != PurchaseStatus::Active
            || !cancellable_here(purchase.catalog_product().map(|p| p.cancellation))
        {
            continue;
        }
        add(
            customer,
            DeadlineKind::PerpetualCancellation,
            purchase.cancellation_window().closes,
            &purchase.id.0,
            Some((&purchase.id, &purchase.order, purchase.product.as_str())),
            purchase.cancel(now).ok(),
        );
    }
    for (link, item) in desk.live_links(now) {
        let Some(customer) = shown(item.customer()) else {
            continue;
        };
        // A link stops with its subscription, if the term ends first without renewing.
        let stops = match item {
            ItemRef::Subscription(s) if s.renewed().is_none() => {
                link.valid.closes.min(s.term.closes)
            }
            _ => link.valid.closes,
        };
        // The token is the link's credential: the deadline names the item and the moment.
        add(
            customer,
            DeadlineKind::LinkExpires,
            stops,
            &item.id().0,
            Some((item.id(), item.order(), item.product_id())),
            None,
        );
    }
    for (id, last_kms) in desk.mak_deadlines() {
        let Some(customer) = shown(id) else {
            continue;
        };
        let window = Window::starting(last_kms, Duration::days(KMS_ACTIVATION_DAYS));
        add(
            customer,
            DeadlineKind::MakDeployment,
            window.closes,
            &customer.id.0,
            None,
            None,
        );
    }
    sort_by(&mut found, |a, b| {
        a.at.cmp(&b.at)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.customer_name.cmp(&b.customer_name))
            .then_with(|| a.id.cmp(&b.id))
    });
    // Two links of one item issued in the same second end together: one reminder is enough.
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}

/// Whether the item has a cancellation window here at all (RedHat, SUSE and Windows 7 ESU
/// have none: they go through support or cannot be cancelled).
fn cancellable_here(policy: Option<CancellationPolicy>) -> bool {
    !matches!(
        policy,
        Some(CancellationPolicy::Never | CancellationPolicy::ThroughSupportRequest)
    )
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
            DeadlineKind::READ_BY_NAME,
            DeadlineKind::from_value,
        );
    }

    #[test]
    fn a_deadline_is_read_by_hand_as_the_derived_reader_reads_it() {
        let desk = Desk::from_events(&seed::demo_events());
        let admin = seed::demo_users().remove(0);
        let filter = DeadlineFilter {
            horizon: Horizon::Quarter,
            ..DeadlineFilter::default()
        };
        let mut samples = deadlines(&desk, &admin, seed::demo_now(), &filter).unwrap();
        assert!(samples.iter().any(|deadline| deadline.amount.is_some()));
        let first = samples[0].clone();
        // A MAK deadline names no product, item, order or amount; a taxed line says so.
        samples.push(Deadline {
            product: None,
            item: None,
            order: None,
            amount: None,
            ..first.clone()
        });
        samples.push(Deadline {
            includes_tax: true,
            ..first
        });
        crate::tagged::tests::reads_as_derived(&samples, Deadline::from_value);
    }
}
