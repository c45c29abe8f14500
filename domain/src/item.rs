//! What a customer owns after an order: subscriptions with terms, perpetual purchases, and
//! the keys and download links that come with them.

use std::fmt;

use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{self, billing_period, BillingPlan, Product, Term};
use crate::customer::CustomerId;
use crate::money::Money;
use crate::order::OrderId;
use crate::refusal::Refusal;
use crate::time::{
    visibility_cutoff, Window, CANCELLATION_SETTLING_MINUTES, DOWNLOAD_LINK_DAYS,
    DOWNLOAD_LINK_MAX_DOWNLOADS, PERPETUAL_CANCELLATION_DAYS, SUBSCRIPTION_CANCELLATION_DAYS,
};

/// The id of a subscription or perpetual purchase: its order id and line number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ItemId(pub String);

impl ItemId {
    /// The id of the item bought on line `line` of `order`.
    pub fn for_line(order: &OrderId, line: u32) -> ItemId {
        ItemId(format!("{}-{line}", order.0))
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A 32-character Multiple Activation Key; KMS keys are never offered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ProductKey(pub String);

impl ProductKey {
    /// The key length the Software page shows.
    pub const LENGTH: usize = 32;

    /// Checks that a key from the key generator is 32 ASCII letters and digits.
    pub fn check(&self) -> Result<(), Refusal> {
        if self.0.len() == Self::LENGTH && self.0.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(())
        } else {
            Err(Refusal::InvalidProductKey)
        }
    }
}

/// The unguessable token of a download link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct LinkToken(pub String);

impl LinkToken {
    /// Checks the token is long enough and URL-safe.
    pub fn check(&self) -> Result<(), Refusal> {
        let url_safe = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if self.0.len() >= 20 && self.0.bytes().all(url_safe) {
            Ok(())
        } else {
            Err(Refusal::InvalidLinkToken)
        }
    }
}

/// The Software page's choices before "Get keys and downloads"; hidden ones stay `None`.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// The version.
    pub version: Option<String>,
    /// The language.
    pub language: Option<String>,
    /// The file type or operating system.
    pub file_type: Option<String>,
}

crate::tagged::read_by_hand!(Selection);

impl Selection {
    /// A selection read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Selection, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["version", "language", "fileType"], 3)?;
        Ok(Selection {
            version: fields.field("version")?,
            language: fields.field("language")?,
            file_type: fields.field("fileType")?,
        })
    }

    /// Checks each choice against what `product` offers: required where offered, absent where
    /// hidden.
    pub fn check(&self, product: &Product) -> Result<(), Refusal> {
        let fields = [
            ("version", &self.version, product.versions),
            ("language", &self.language, product.languages),
            ("file type/OS", &self.file_type, product.file_types),
        ];
        for (choice, value, offered) in fields {
            let fits = match value {
                None => offered.is_empty(),
                Some(value) => offered.contains(&value.as_str()),
            };
            if !fits {
                return Err(Refusal::ChoiceNotOffered {
                    choice: choice.to_owned(),
                    value: value.clone(),
                });
            }
        }
        Ok(())
    }
}

/// The one key type CSP purchases activate with: a Multiple Activation Key.
pub const KEY_TYPE: &str = "MAK";

/// Checks the key type a request asks for: a KMS key (or any but a MAK) is never offered, even
/// on request.
pub fn check_key_type(asked: &str) -> Result<(), Refusal> {
    if asked.eq_ignore_ascii_case(KEY_TYPE) {
        return Ok(());
    }
    Err(Refusal::ChoiceNotOffered {
        choice: "key type".to_owned(),
        value: Some(asked.to_owned()),
    })
}

/// A download link handed to the customer.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DownloadLink {
    /// The token in the link's URL.
    pub token: LinkToken,
    /// The purchase or subscription it downloads.
    pub item: ItemId,
    /// What the link downloads.
    pub selection: Selection,
    /// When it was issued; it works for two weeks from then.
    pub valid: Window,
    /// How many downloads it has served.
    pub downloads: u32,
}

crate::tagged::read_by_hand!(DownloadLink);

impl DownloadLink {
    /// A download link read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<DownloadLink, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &["token", "item", "selection", "valid", "downloads"],
            5,
        )?;
        Ok(DownloadLink {
            token: fields.field("token")?,
            item: fields.field("item")?,
            selection: fields.field("selection")?,
            valid: fields.field("valid")?,
            downloads: fields.field("downloads")?,
        })
    }
}

impl DownloadLink {
    /// A fresh link issued at `now`.
    pub fn issue(
        token: LinkToken,
        item: ItemId,
        selection: Selection,
        now: DateTime<Utc>,
    ) -> DownloadLink {
        DownloadLink {
            token,
            item,
            selection,
            valid: Window::starting(now, Duration::days(DOWNLOAD_LINK_DAYS)),
            downloads: 0,
        }
    }

    /// Whether one more download may be served at `now`: within two weeks and 50 downloads.
    pub fn check_download(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        if self.valid.has_closed(now) {
            Err(Refusal::LinkExpired {
                expired_at: self.valid.closes,
            })
        } else if self.downloads >= DOWNLOAD_LINK_MAX_DOWNLOADS {
            Err(Refusal::DownloadLimitReached {
                limit: DOWNLOAD_LINK_MAX_DOWNLOADS,
            })
        } else {
            Ok(())
        }
    }

    /// Downloads left at `now`; 0 once expired.
    pub fn downloads_left(&self, now: DateTime<Utc>) -> u32 {
        if self.valid.has_closed(now) {
            0
        } else {
            DOWNLOAD_LINK_MAX_DOWNLOADS.saturating_sub(self.downloads)
        }
    }
}

/// The key of one purchase and when it (and every link of the purchase) was revoked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Entitlement {
    /// The MAK, once revealed; dropped on revocation so it is never shown again.
    pub key: Option<ProductKey>,
    /// When the key and links were revoked.
    #[serde(default, deserialize_with = "crate::wire_time::maybe_instant")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Entitlement {
    /// Revokes the key and every link, for good.
    pub fn revoke(&mut self, at: DateTime<Utc>) {
        self.key = None;
        self.revoked_at = Some(at);
    }
}

/// What the dashboard shows for an item at a moment.
// Read through `ItemStateRecord`, the same JSON, for the reason `User` is; the browser reads
// the record by hand (see `tagged`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Deserialize),
    serde(try_from = "ItemStateRecord")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ItemState {
    /// In use.
    Active,
    /// Cancelled and confirmed; the dashboard catches up after 15 minutes.
    CancellationPending {
        /// When the cancellation shows on the dashboard.
        #[serde(rename = "settlesAt")]
        #[serde(deserialize_with = "crate::wire_time::instant")]
        settles_at: DateTime<Utc>,
    },
    /// Cancelled.
    Cancelled,
    /// Expired at the end of its term.
    Expired,
    /// Suspended by Partner Center.
    Suspended,
    /// A status this version does not know.
    Unknown,
}

/// An [`ItemState`] as JSON has it.
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
struct ItemStateRecord {
    state: ItemStateName,
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(
            rename = "settlesAt",
            default,
            deserialize_with = "crate::wire_time::maybe_instant"
        )
    )]
    settles_at: Option<DateTime<Utc>>,
}

// Written only by the tests, which read it back: the browser never writes it.
#[derive(Clone, Copy, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(rename_all = "snake_case")]
enum ItemStateName {
    Active,
    CancellationPending,
    Cancelled,
    Expired,
    Suspended,
    #[serde(other)]
    Unknown,
}

crate::tagged::unit_variants_by_hand!(ItemStateName {
    Active = "active",
    CancellationPending = "cancellation_pending",
    Cancelled = "cancelled",
    Expired = "expired",
    Suspended = "suspended",
} other Unknown);

crate::tagged::read_by_hand!(ItemState);

impl ItemState {
    /// A state read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<ItemState, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["state", "settlesAt"], 1)?;
        let record = ItemStateRecord {
            state: fields.field("state")?,
            // Absent or `null`, `maybe_instant` reads `None`, as the derived default does.
            settles_at: crate::wire_time::maybe_instant(fields.take("settlesAt")?)?,
        };
        ItemState::try_from(record).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<ItemStateRecord> for ItemState {
    type Error = &'static str;

    fn try_from(record: ItemStateRecord) -> Result<ItemState, Self::Error> {
        Ok(match record.state {
            ItemStateName::Active => ItemState::Active,
            ItemStateName::CancellationPending => ItemState::CancellationPending {
                settles_at: record
                    .settles_at
                    .ok_or("a pending cancellation says when it `settlesAt`")?,
            },
            ItemStateName::Cancelled => ItemState::Cancelled,
            ItemStateName::Expired => ItemState::Expired,
            ItemStateName::Suspended => ItemState::Suspended,
            ItemStateName::Unknown => ItemState::Unknown,
        })
    }
}

fn cancelled_state(cancelled_at: DateTime<Utc>, now: DateTime<Utc>) -> ItemState {
    let settles_at = cancelled_at + Duration::minutes(CANCELLATION_SETTLING_MINUTES);
    if now < settles_at {
        ItemState::CancellationPending { settles_at }
    } else {
        ItemState::Cancelled
    }
}

/// A subscription's status, with Partner Center's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// Running.
    Active,
    /// Suspended.
    Suspended,
    /// Ended at its term end without renewal.
    Expired,
    /// Cancelled.
    Deleted,
    /// A status this version does not know, read from outside.
    #[serde(other)]
    Unknown,
}

crate::tagged::unit_variants_by_hand!(SubscriptionStatus {
    Active = "active",
    Suspended = "suspended",
    Expired = "expired",
    Deleted = "deleted",
} other Unknown);

impl SubscriptionStatus {
    /// The status after a cancellation; only an active subscription can be cancelled.
    pub fn cancel(self) -> Option<SubscriptionStatus> {
        (self == SubscriptionStatus::Active).then_some(SubscriptionStatus::Deleted)
    }

    /// The status after a term ends without renewal.
    pub fn expire(self) -> Option<SubscriptionStatus> {
        (self == SubscriptionStatus::Active).then_some(SubscriptionStatus::Expired)
    }
}

/// A software subscription, Azure reservation or software plan, with its current term.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// The subscription id.
    pub id: ItemId,
    /// Whose it is.
    pub customer: CustomerId,
    /// The order that bought it.
    pub order: OrderId,
    /// The line of that order.
    pub line: u32,
    /// The catalog product id.
    pub product: String,
    /// The SKU (offer) id.
    #[serde(rename = "offerId")]
    pub sku: String,
    /// The term length.
    pub term_duration: Term,
    /// How many units.
    pub quantity: u32,
    /// When it was bought.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub purchased_at: DateTime<Utc>,
    /// 1 for the first term, 2 after the first renewal, and so on.
    pub term_number: u32,
    /// The current term.
    pub term: Window,
    /// How the current term is billed.
    #[serde(rename = "billingCycle")]
    pub billing_plan: BillingPlan,
    /// The billing plan chosen for the next term, if changed.
    pub next_billing_plan: Option<BillingPlan>,
    /// Whether the subscription starts a new term at its end.
    #[serde(rename = "autoRenewEnabled")]
    pub autorenew: bool,
    /// The Partner Center status.
    pub status: SubscriptionStatus,
    /// When it was cancelled or expired.
    #[serde(default, deserialize_with = "crate::wire_time::maybe_instant")]
    pub ended_at: Option<DateTime<Utc>>,
    /// The price of one unit for one term, locked at purchase.
    pub unit_price: Money,
    /// What was billed at the start of the current term's first billing period.
    pub current_charge: Money,
    /// Everything billed over all terms.
    pub billed: Money,
    /// The key and links.
    pub entitlement: Entitlement,
    /// When the last billing period billed closes; a log written before periods were billed
    /// one by one has none, and then the current term's first period is (see
    /// [`Subscription::billed_until`]). Last, so an array of the older fields still reads.
    #[serde(default, deserialize_with = "crate::wire_time::maybe_instant")]
    pub billed_through: Option<DateTime<Utc>>,
}

crate::tagged::read_by_hand!(Subscription);

impl Subscription {
    /// A subscription read from JSON as the derived `Deserialize` reads it, in a fraction of
    /// the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Subscription, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "id",
                "customer",
                "order",
                "line",
                "product",
                "offerId",
                "termDuration",
                "quantity",
                "purchasedAt",
                "termNumber",
                "term",
                "billingCycle",
                "nextBillingPlan",
                "autoRenewEnabled",
                "status",
                "endedAt",
                "unitPrice",
                "currentCharge",
                "billed",
                "entitlement",
                "billedThrough",
            ],
            20,
        )?;
        Ok(Subscription {
            id: fields.field("id")?,
            customer: fields.field("customer")?,
            order: fields.field("order")?,
            line: fields.field("line")?,
            product: fields.field("product")?,
            sku: fields.field("offerId")?,
            term_duration: fields.field("termDuration")?,
            quantity: fields.field("quantity")?,
            purchased_at: crate::wire_time::instant(fields.take("purchasedAt")?)?,
            term_number: fields.field("termNumber")?,
            term: fields.field("term")?,
            billing_plan: fields.field("billingCycle")?,
            next_billing_plan: fields.field("nextBillingPlan")?,
            autorenew: fields.field("autoRenewEnabled")?,
            status: fields.field("status")?,
            // Absent or `null`, `maybe_instant` reads `None`, as the derived default does.
            ended_at: crate::wire_time::maybe_instant(fields.take("endedAt")?)?,
            unit_price: fields.field("unitPrice")?,
            current_charge: fields.field("currentCharge")?,
            billed: fields.field("billed")?,
            entitlement: fields.field("entitlement")?,
            billed_through: crate::wire_time::maybe_instant(fields.take("billedThrough")?)?,
        })
    }

    /// The catalog product.
    pub fn catalog_product(&self) -> Option<&'static Product> {
        catalog::product(&self.product)
    }

    /// Whether Get Subscriptions and the Subscriptions page list it (bought on or after
    /// 14 Oct 2021).
    pub fn is_listed_as_subscription(&self) -> bool {
        self.purchased_at >= visibility_cutoff()
    }

    /// Whether it autorenews unless changed: bought on or after 14 Oct 2021.
    pub fn autorenews_by_default(purchased_at: DateTime<Utc>) -> bool {
        purchased_at >= visibility_cutoff()
    }

    /// The 7 days after the current term's start in which it can be cancelled.
    pub fn cancellation_window(&self) -> Window {
        Window::starting(
            self.term.opens,
            Duration::days(SUBSCRIPTION_CANCELLATION_DAYS),
        )
    }

    /// What the dashboard shows at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> ItemState {
        match (self.status, self.ended_at) {
            (SubscriptionStatus::Deleted, Some(at)) => cancelled_state(at, now),
            (SubscriptionStatus::Deleted, None) => ItemState::Cancelled,
            (SubscriptionStatus::Active, _) => ItemState::Active,
            (SubscriptionStatus::Expired, _) => ItemState::Expired,
            (SubscriptionStatus::Suspended, _) => ItemState::Suspended,
            (SubscriptionStatus::Unknown, _) => ItemState::Unknown,
        }
    }

    /// The first billing period of the current term, which the current charge pays for.
    pub fn current_billing_period(&self) -> Window {
        Window::starting(
            self.term.opens,
            billing_period(self.term_duration, self.billing_plan, self.term.opens),
        )
    }

    /// When the billing periods billed so far close: at least the current term's first period,
    /// which is billed when the term starts.
    pub fn billed_until(&self) -> DateTime<Utc> {
        let first = self.current_billing_period().closes;
        self.billed_through
            .map_or(first, |through| through.max(first))
    }

    /// The next billing period of the current term not billed yet, and its charge; `None` once
    /// the term's last period is billed.
    ///
    /// Every period costs [`Subscription::first_period_charge`], rounded down, and the last one
    /// of the term what is left of the term's price, so the periods of a term add up to the
    /// price of the term exactly, as a term billed once would.
    pub fn next_billing_period(&self) -> Option<(Window, Money)> {
        let months = self.billing_plan.period_months(self.term_duration)?;
        let periods = u32::try_from(self.billing_plan.periods_per_term(self.term_duration)).ok()?;
        let billed_until = self.billed_until();
        // Each period counted from the term's start, so a 31st does not drift to the 28th.
        let opening = |index: u32| {
            self.term
                .opens
                .checked_add_months(Months::new(months.checked_mul(index)?))
        };
        let index =
            (1..periods).find(|&index| opening(index).is_some_and(|at| at >= billed_until))?;
        let opens = opening(index)?;
        let closes = opening(index + 1).map_or(self.term.closes, |at| at.min(self.term.closes));
        let first = Subscription::first_period_charge(
            &self.unit_price,
            self.quantity,
            self.billing_plan,
            self.term_duration,
        );
        let charge = if index + 1 == periods {
            let term_price = self.unit_price.times(i64::from(self.quantity));
            let earlier = first.times(i64::from(periods - 1));
            Money::new(term_price.minor - earlier.minor, term_price.currency)
        } else {
            first
        };
        Some((Window { opens, closes }, charge))
    }

    /// The refund for cancelling at `now`, or why it cannot be cancelled.
    ///
    /// Refund = charge for the billing period × unused whole days ÷ days in the period, rounded
    /// down, so it never exceeds what was billed.
    pub fn cancel(&self, now: DateTime<Utc>) -> Result<Money, Refusal> {
        if self.status == SubscriptionStatus::Deleted {
            return Err(Refusal::AlreadyCancelled {
                item: self.id.clone(),
            });
        }
        if self.status.cancel().is_none() {
            return Err(Refusal::NotActive {
                item: self.id.clone(),
            });
        }
        if let Some(refusal) = self.catalog_product().and_then(Product::cancel_refusal) {
            return Err(refusal);
        }
        let window = self.cancellation_window();
        if !window.contains(now) {
            return Err(Refusal::CancellationWindowClosed {
                item: self.id.clone(),
                closed_at: window.closes,
            });
        }
        let period = self.current_billing_period();
        let unused_days = (period.closes - now).num_days().max(0);
        let refund = self
            .current_charge
            .prorate(unused_days.min(period.whole_days()), period.whole_days());
        Ok(refund)
    }

    /// Checks that autorenew may be changed now.
    pub fn check_autorenew_change(&self) -> Result<(), Refusal> {
        if self.status != SubscriptionStatus::Active {
            return Err(Refusal::NotActive {
                item: self.id.clone(),
            });
        }
        if !Subscription::autorenews_by_default(self.purchased_at) {
            return Err(Refusal::AutorenewNotOffered {
                item: self.id.clone(),
                purchased_at: self.purchased_at,
            });
        }
        Ok(())
    }

    /// The amount billed at the start of a term for its first billing period.
    pub fn first_period_charge(
        unit_price: &Money,
        quantity: u32,
        plan: BillingPlan,
        term: Term,
    ) -> Money {
        unit_price
            .times(i64::from(quantity))
            .prorate(1, plan.periods_per_term(term))
    }

    /// The subscription at the start of its next term, if it renews at the end of this one.
    pub fn renewed(&self) -> Option<Subscription> {
        if self.status != SubscriptionStatus::Active || !self.autorenew {
            return None;
        }
        let opens = self.term.closes;
        let closes = self.term_duration.end_of_term_from(opens)?;
        let plan = self.next_billing_plan.unwrap_or(self.billing_plan);
        let charge = Subscription::first_period_charge(
            &self.unit_price,
            self.quantity,
            plan,
            self.term_duration,
        );
        let mut next = self.clone();
        next.term_number += 1;
        next.term = Window { opens, closes };
        next.billing_plan = plan;
        next.next_billing_plan = None;
        next.billed = next.billed.plus(&charge).unwrap_or(next.billed);
        next.current_charge = charge;
        next.billed_through = Some(next.current_billing_period().closes);
        Some(next)
    }
}

/// A perpetual purchase's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PurchaseStatus {
    /// Owned.
    Active,
    /// Cancelled with a full credit.
    Cancelled,
    /// A status this version does not know, read from outside.
    #[serde(other)]
    Unknown,
}

impl PurchaseStatus {
    /// The status after a cancellation; only an active purchase can be cancelled.
    pub fn cancel(self) -> Option<PurchaseStatus> {
        (self == PurchaseStatus::Active).then_some(PurchaseStatus::Cancelled)
    }
}

/// Perpetual software (also license-only products and ESUs) bought once on an order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Purchase {
    /// The purchase id.
    pub id: ItemId,
    /// Whose it is.
    pub customer: CustomerId,
    /// The order that bought it; the cancel dialog picks purchases by order id.
    pub order: OrderId,
    /// The line of that order.
    pub line: u32,
    /// The catalog product id.
    pub product: String,
    /// The SKU (offer) id.
    #[serde(rename = "offerId")]
    pub sku: String,
    /// How many units.
    pub quantity: u32,
    /// When it was bought.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub purchased_at: DateTime<Utc>,
    /// What was billed.
    pub billed: Money,
    /// Owned or cancelled.
    pub status: PurchaseStatus,
    /// When it was cancelled.
    #[serde(default, deserialize_with = "crate::wire_time::maybe_instant")]
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The key and links.
    pub entitlement: Entitlement,
}

impl Purchase {
    /// The catalog product.
    pub fn catalog_product(&self) -> Option<&'static Product> {
        catalog::product(&self.product)
    }

    /// The 30 days after the purchase in which it can be cancelled for a 100% credit.
    pub fn cancellation_window(&self) -> Window {
        Window::starting(
            self.purchased_at,
            Duration::days(PERPETUAL_CANCELLATION_DAYS),
        )
    }

    /// What the dashboard shows at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> ItemState {
        match (self.status, self.cancelled_at) {
            (PurchaseStatus::Active, _) => ItemState::Active,
            (PurchaseStatus::Cancelled, Some(at)) => cancelled_state(at, now),
            (PurchaseStatus::Cancelled, None) => ItemState::Cancelled,
            (PurchaseStatus::Unknown, _) => ItemState::Unknown,
        }
    }

    /// The credit for cancelling at `now` (all that was billed), or why it cannot be cancelled.
    pub fn cancel(&self, now: DateTime<Utc>) -> Result<Money, Refusal> {
        if self.status.cancel().is_none() {
            return Err(Refusal::AlreadyCancelled {
                item: self.id.clone(),
            });
        }
        if let Some(refusal) = self.catalog_product().and_then(Product::cancel_refusal) {
            return Err(refusal);
        }
        let window = self.cancellation_window();
        if !window.contains(now) {
            return Err(Refusal::CancellationWindowClosed {
                item: self.id.clone(),
                closed_at: window.closes,
            });
        }
        Ok(self.billed.clone())
    }
}

/// A subscription or a purchase, for what they have in common (the Software page, keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ItemRef<'a> {
    /// A subscription.
    Subscription(&'a Subscription),
    /// A perpetual purchase.
    Purchase(&'a Purchase),
}

impl<'a> ItemRef<'a> {
    /// The item id.
    pub fn id(&self) -> &'a ItemId {
        match self {
            ItemRef::Subscription(s) => &s.id,
            ItemRef::Purchase(p) => &p.id,
        }
    }

    /// Whose it is.
    pub fn customer(&self) -> &'a CustomerId {
        match self {
            ItemRef::Subscription(s) => &s.customer,
            ItemRef::Purchase(p) => &p.customer,
        }
    }

    /// The order that bought it.
    pub fn order(&self) -> &'a OrderId {
        match self {
            ItemRef::Subscription(s) => &s.order,
            ItemRef::Purchase(p) => &p.order,
        }
    }

    /// The catalog product id.
    pub fn product_id(&self) -> &'a str {
        match self {
            ItemRef::Subscription(s) => &s.product,
            ItemRef::Purchase(p) => &p.product,
        }
    }

    /// The catalog product.
    pub fn product(&self) -> Option<&'static Product> {
        catalog::product(self.product_id())
    }

    /// When it was bought.
    pub fn purchased_at(&self) -> DateTime<Utc> {
        match self {
            ItemRef::Subscription(s) => s.purchased_at,
            ItemRef::Purchase(p) => p.purchased_at,
        }
    }

    /// The key and links.
    pub fn entitlement(&self) -> &'a Entitlement {
        match self {
            ItemRef::Subscription(s) => &s.entitlement,
            ItemRef::Purchase(p) => &p.entitlement,
        }
    }

    /// What the dashboard shows at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> ItemState {
        match self {
            ItemRef::Subscription(s) => s.state(now),
            ItemRef::Purchase(p) => p.state(now),
        }
    }

    /// The window in which it can be cancelled now.
    pub fn cancellation_window(&self) -> Window {
        match self {
            ItemRef::Subscription(s) => s.cancellation_window(),
            ItemRef::Purchase(p) => p.cancellation_window(),
        }
    }

    /// Whether it has been cancelled (keys and links revoked).
    pub fn is_cancelled(&self) -> bool {
        match self {
            ItemRef::Subscription(s) => s.status == SubscriptionStatus::Deleted,
            ItemRef::Purchase(p) => p.status == PurchaseStatus::Cancelled,
        }
    }

    /// Whether it is in use: not cancelled, expired or suspended.
    pub fn is_active(&self) -> bool {
        match self {
            ItemRef::Subscription(s) => s.status == SubscriptionStatus::Active,
            ItemRef::Purchase(p) => p.status == PurchaseStatus::Active,
        }
    }

    /// The key to show on the Software page: none before it is revealed or after revocation.
    pub fn visible_key(&self) -> Option<&'a ProductKey> {
        if self.is_cancelled() {
            return None;
        }
        self.entitlement().key.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            ItemStateName::READ_BY_NAME,
            ItemStateName::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            SubscriptionStatus::READ_BY_NAME,
            SubscriptionStatus::from_value,
        );
    }

    #[test]
    fn a_download_link_is_read_by_hand_as_the_derived_reader_reads_it() {
        let mut used = DownloadLink::issue(
            LinkToken("dl-contoso".into()),
            ItemId("o-1-1".into()),
            Selection::default(),
            crate::seed::demo_now(),
        );
        let fresh = used.clone();
        used.downloads = 50;
        crate::tagged::tests::reads_as_derived(&[fresh, used], DownloadLink::from_value);
    }

    #[test]
    fn a_selection_is_read_by_hand_as_the_derived_reader_reads_it() {
        let full = Selection {
            version: Some("2021".into()),
            language: Some("English".into()),
            file_type: Some("ISO (64-bit)".into()),
        };
        let samples = [full, Selection::default()];
        crate::tagged::tests::reads_as_derived(&samples, Selection::from_value);
    }

    #[test]
    fn a_subscription_is_read_by_hand_as_the_derived_reader_reads_it() {
        let desk = crate::desk::Desk::from_events(&crate::seed::demo_events());
        let mut samples: Vec<Subscription> = crate::seed::demo_customers()
            .iter()
            .flat_map(|customer| desk.subscriptions_of(&customer.id))
            .cloned()
            .collect();
        // One ended, with another plan for its next term.
        let mut ended = samples[0].clone();
        ended.ended_at = Some(crate::seed::demo_now());
        ended.next_billing_plan = Some(BillingPlan::Monthly);
        samples.push(ended);
        // One from a log written before periods were billed one by one.
        let older = Subscription {
            billed_through: None,
            ..samples[0].clone()
        };
        assert_eq!(older.billed_until(), samples[0].billed_until());
        samples.push(older);
        crate::tagged::tests::reads_as_derived(&samples, Subscription::from_value);
    }

    #[test]
    fn the_browser_reads_every_item_state_as_the_derived_reader_does() {
        let settles_at = crate::seed::demo_now();
        let states = [
            ItemState::Active,
            ItemState::CancellationPending { settles_at },
            ItemState::Cancelled,
            ItemState::Expired,
            ItemState::Suspended,
            ItemState::Unknown,
        ];
        crate::tagged::tests::reads_as_derived(&states, ItemState::from_value);
        // A state a later version adds is read as one this version does not know.
        let later = serde_json::json!({ "state": "migrating" });
        assert_eq!(ItemState::from_value(later).unwrap(), ItemState::Unknown);
    }

    #[test]
    fn the_periods_of_a_term_add_up_to_its_price_the_last_taking_what_rounding_down_left() {
        let desk = crate::desk::Desk::from_events(&crate::seed::demo_events());
        // Northwind's RDS CALs: 3 years billed monthly, here at 10.00 for the term.
        let mut subscription = desk
            .subscription(&ItemId("ORD-1006-1".into()))
            .unwrap()
            .clone();
        assert_eq!(subscription.billing_plan, BillingPlan::Monthly);
        subscription.unit_price = Money::new(1_000, "USD");
        subscription.quantity = 1;
        let first = Subscription::first_period_charge(
            &subscription.unit_price,
            1,
            BillingPlan::Monthly,
            subscription.term_duration,
        );
        assert_eq!(first, Money::new(27, "USD"), "1000 ÷ 36, rounded down");
        let mut charges = vec![first];
        while let Some((period, charge)) = subscription.next_billing_period() {
            subscription.billed_through = Some(period.closes);
            charges.push(charge);
        }
        assert_eq!(charges.len(), 36);
        assert_eq!(charges[35], Money::new(1_000 - 35 * 27, "USD"));
        assert_eq!(crate::money::sum(charges), Some(Money::new(1_000, "USD")));
        assert_eq!(subscription.billed_until(), subscription.term.closes);
    }

    #[test]
    fn an_item_state_reads_back_from_its_json() {
        let settles_at = Utc.with_ymd_and_hms(2021, 11, 15, 10, 15, 0).unwrap();
        for state in [
            ItemState::Active,
            ItemState::CancellationPending { settles_at },
            ItemState::Cancelled,
            ItemState::Expired,
        ] {
            let json = serde_json::to_value(state).unwrap();
            assert_eq!(serde_json::from_value::<ItemState>(json).unwrap(), state);
        }
        let pending = serde_json::json!({"state": "cancellation_pending"});
        assert!(serde_json::from_value::<ItemState>(pending).is_err());
        let newer = serde_json::json!({"state": "migrating"});
        assert_eq!(
            serde_json::from_value::<ItemState>(newer).unwrap(),
            ItemState::Unknown
        );
    }
}
