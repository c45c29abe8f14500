//! Why a command was refused, readable by a person.

use std::fmt;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::BillingPlan;
use crate::customer::CustomerId;
use crate::item::ItemId;
use crate::market::Market;
use crate::order::OrderId;
use crate::role::{Action, PartnerRole, UserId};
use crate::support::{FieldProblem, FormField, SupportRequestId, SupportRequestStatus};
use crate::Language;

/// Why a command was refused, in terms a person can act on; never a bare string.
// Externally tagged (`{"missingRole": {...}}`): tagged by a field, serde buffers every
// refusal it reads, which cost the browser 50 KB of wasm. Read by hand in the browser (see
// `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Refusal {
    /// The user holds none of the roles the action needs.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    MissingRole {
        /// What was asked.
        action: Action,
        /// The roles that would allow it.
        needs: Vec<PartnerRole>,
    },
    /// A customer's admin asked about another customer.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    NotYourCustomer {
        /// The customer asked about.
        customer: CustomerId,
    },
    /// There is no customer with this id.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownCustomer {
        /// The id asked for.
        customer: CustomerId,
    },
    /// The customer already exists.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    CustomerExists {
        /// The id.
        customer: CustomerId,
    },
    /// There is no such SKU in the catalog.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownSku {
        /// The id asked for.
        sku: String,
    },
    /// There is no order with this id for the customer.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownOrder {
        /// The id asked for.
        order: OrderId,
    },
    /// The id is already used by another order.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    OrderExists {
        /// The id.
        order: OrderId,
    },
    /// The order has no line with this number.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownLine {
        /// The order.
        order: OrderId,
        /// The line number asked for.
        line: u32,
    },
    /// There is no purchase or subscription with this id for the customer.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownItem {
        /// The id asked for.
        item: ItemId,
    },
    /// An order must hold at least one line, and a cancellation at least one line.
    NothingChosen,
    /// A quantity must be between 1 and 10 000.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    InvalidQuantity {
        /// The SKU.
        sku: String,
        /// The quantity asked for.
        quantity: u32,
    },
    /// Azure reservations are not sold in this market.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    NotSoldInMarket {
        /// The product.
        product: String,
        /// The customer's market.
        market: Market,
    },
    /// The SKU does not offer this billing plan (at this date).
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    PlanNotOffered {
        /// The SKU.
        sku: String,
        /// The plan asked for.
        plan: BillingPlan,
        /// The plans the SKU offers.
        offered: Vec<BillingPlan>,
    },
    /// There is no price list in the customer's currency.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    NoPriceInCurrency {
        /// The currency.
        currency: String,
    },
    /// The cancellation window has passed.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    CancellationWindowClosed {
        /// The purchase or subscription.
        item: ItemId,
        /// When the window closed.
        #[serde(deserialize_with = "crate::wire_time::instant")]
        closed_at: DateTime<Utc>,
    },
    /// RedHat and SUSE software plans cannot be cancelled or exchanged.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    NeverCancellable {
        /// The product.
        product: String,
    },
    /// This product is cancelled only through a customer support request.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    CancelThroughSupportRequest {
        /// The product.
        product: String,
    },
    /// The item is already cancelled.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    AlreadyCancelled {
        /// The item.
        item: ItemId,
    },
    /// The subscription is no longer active (expired or cancelled).
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    NotActive {
        /// The item.
        item: ItemId,
    },
    /// Subscriptions bought before 14 Oct 2021 expire at their end date; they do not autorenew.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    AutorenewNotOffered {
        /// The subscription.
        item: ItemId,
        /// When it was bought.
        #[serde(deserialize_with = "crate::wire_time::instant")]
        purchased_at: DateTime<Utc>,
    },
    /// The user must confirm having read the cancellation message.
    NotAcknowledged,
    /// The product is license-only or used in Azure: it has no key or no download.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    NoKeysOrDownloads {
        /// The product.
        product: String,
    },
    /// After a cancellation every key and link of the purchase is revoked.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    Revoked {
        /// The cancelled item.
        item: ItemId,
    },
    /// A product key must be 32 letters and digits (a MAK).
    InvalidProductKey,
    /// A link token must be at least 20 URL-safe characters, so it cannot be guessed.
    InvalidLinkToken,
    /// The link token is already in use.
    LinkExists,
    /// A continuation token names no item of the list it is used on (it came with another
    /// list or another filter).
    InvalidContinuationToken,
    /// No link has this token.
    UnknownLink,
    /// The link worked for two weeks and has expired.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    LinkExpired {
        /// When it expired.
        #[serde(deserialize_with = "crate::wire_time::instant")]
        expired_at: DateTime<Utc>,
    },
    /// The link has been used for its 50 downloads.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    DownloadLimitReached {
        /// The number of downloads allowed.
        limit: u32,
    },
    /// A choice (version, language, file type/OS) is missing or not offered for the product.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    ChoiceNotOffered {
        /// Which choice: "version", "language" or "file type/OS".
        choice: String,
        /// The value given, if any.
        value: Option<String>,
    },
    /// A support request field is invalid.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    InvalidField {
        /// The field.
        field: FormField,
        /// Why.
        problem: FieldProblem,
    },
    /// There is no support request with this id.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownSupportRequest {
        /// The id asked for.
        id: SupportRequestId,
    },
    /// The id is already used by another support request.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    SupportRequestExists {
        /// The id.
        id: SupportRequestId,
    },
    /// A closed support request takes no more information.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    SupportRequestClosed {
        /// The request.
        id: SupportRequestId,
    },
    /// A support request cannot move between these states.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    StatusChangeNotAllowed {
        /// The current state.
        from: SupportRequestStatus,
        /// The state asked for.
        to: SupportRequestStatus,
    },
    /// The date range ends before it starts.
    InvalidDateRange,
    /// A date lies outside the years the desk works with.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    DateOutOfRange {
        /// The earliest day accepted.
        #[serde(deserialize_with = "crate::wire_time::day")]
        earliest: NaiveDate,
        /// The latest day accepted.
        #[serde(deserialize_with = "crate::wire_time::day")]
        latest: NaiveDate,
    },
    /// The clock only moves forward; reset the demo to start over.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    ClockBackwards {
        /// The clock's now.
        #[serde(deserialize_with = "crate::wire_time::instant")]
        now: DateTime<Utc>,
    },
    /// The clock may move only so far ahead at once (see `clock::latest_move`).
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    ClockTooFar {
        /// The furthest it may move to now.
        #[serde(deserialize_with = "crate::wire_time::instant")]
        latest: DateTime<Utc>,
    },
    /// A last KMS activation cannot lie after today.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    ActivationInFuture {
        /// The clock's today.
        #[serde(deserialize_with = "crate::wire_time::day")]
        today: NaiveDate,
    },
    /// Someone changed the order or subscription since it was read; nothing was applied.
    ChangedSinceRead,
    /// An import was refused as a whole, because of the rows named.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    ImportRejected {
        /// Each bad row, and why.
        problems: Vec<RowProblem>,
    },
    /// An import file without a customer in it.
    NothingToImport,
    /// An import file with more rows than one import adds.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    TooManyRows {
        /// The most rows one import adds.
        max: usize,
    },
    /// The change would leave the partner without an active Global admin.
    LastGlobalAdmin,
    /// There is no user with this id.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    UnknownUser {
        /// The id asked for.
        user: UserId,
    },
}

crate::tagged::read_by_hand!(Refusal);

impl Refusal {
    /// A refusal read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Refusal, serde_json::Error> {
        let (name, mut fields) = crate::tagged::variant(value)?;
        Ok(match name.as_str() {
            "missingRole" => Refusal::MissingRole {
                action: fields.field("action")?,
                needs: fields.field("needs")?,
            },
            "notYourCustomer" => Refusal::NotYourCustomer {
                customer: fields.field("customer")?,
            },
            "unknownCustomer" => Refusal::UnknownCustomer {
                customer: fields.field("customer")?,
            },
            "customerExists" => Refusal::CustomerExists {
                customer: fields.field("customer")?,
            },
            "unknownSku" => Refusal::UnknownSku {
                sku: fields.field("sku")?,
            },
            "unknownOrder" => Refusal::UnknownOrder {
                order: fields.field("order")?,
            },
            "orderExists" => Refusal::OrderExists {
                order: fields.field("order")?,
            },
            "unknownLine" => Refusal::UnknownLine {
                order: fields.field("order")?,
                line: fields.field("line")?,
            },
            "unknownItem" => Refusal::UnknownItem {
                item: fields.field("item")?,
            },
            "nothingChosen" => {
                fields.unit()?;
                Refusal::NothingChosen
            }
            "invalidQuantity" => Refusal::InvalidQuantity {
                sku: fields.field("sku")?,
                quantity: fields.field("quantity")?,
            },
            "notSoldInMarket" => Refusal::NotSoldInMarket {
                product: fields.field("product")?,
                market: fields.field("market")?,
            },
            "planNotOffered" => Refusal::PlanNotOffered {
                sku: fields.field("sku")?,
                plan: fields.field("plan")?,
                offered: fields.field("offered")?,
            },
            "noPriceInCurrency" => Refusal::NoPriceInCurrency {
                currency: fields.field("currency")?,
            },
            "cancellationWindowClosed" => Refusal::CancellationWindowClosed {
                item: fields.field("item")?,
                closed_at: crate::wire_time::instant(fields.take("closedAt")?)?,
            },
            "neverCancellable" => Refusal::NeverCancellable {
                product: fields.field("product")?,
            },
            "cancelThroughSupportRequest" => Refusal::CancelThroughSupportRequest {
                product: fields.field("product")?,
            },
            "alreadyCancelled" => Refusal::AlreadyCancelled {
                item: fields.field("item")?,
            },
            "notActive" => Refusal::NotActive {
                item: fields.field("item")?,
            },
            "autorenewNotOffered" => Refusal::AutorenewNotOffered {
                item: fields.field("item")?,
                purchased_at: crate::wire_time::instant(fields.take("purchasedAt")?)?,
            },
            "notAcknowledged" => {
                fields.unit()?;
                Refusal::NotAcknowledged
            }
            "noKeysOrDownloads" => Refusal::NoKeysOrDownloads {
                product: fields.field("product")?,
            },
            "revoked" => Refusal::Revoked {
                item: fields.field("item")?,
            },
            "invalidProductKey" => {
                fields.unit()?;
                Refusal::InvalidProductKey
            }
            "invalidLinkToken" => {
                fields.unit()?;
                Refusal::InvalidLinkToken
            }
            "linkExists" => {
                fields.unit()?;
                Refusal::LinkExists
            }
            "invalidContinuationToken" => {
                fields.unit()?;
                Refusal::InvalidContinuationToken
            }
            "unknownLink" => {
                fields.unit()?;
                Refusal::UnknownLink
            }
            "linkExpired" => Refusal::LinkExpired {
                expired_at: crate::wire_time::instant(fields.take("expiredAt")?)?,
            },
            "downloadLimitReached" => Refusal::DownloadLimitReached {
                limit: fields.field("limit")?,
            },
            "choiceNotOffered" => Refusal::ChoiceNotOffered {
                choice: fields.field("choice")?,
                value: fields.field("value")?,
            },
            "invalidField" => Refusal::InvalidField {
                field: fields.field("field")?,
                problem: fields.field("problem")?,
            },
            "unknownSupportRequest" => Refusal::UnknownSupportRequest {
                id: fields.field("id")?,
            },
            "supportRequestExists" => Refusal::SupportRequestExists {
                id: fields.field("id")?,
            },
            "supportRequestClosed" => Refusal::SupportRequestClosed {
                id: fields.field("id")?,
            },
            "statusChangeNotAllowed" => Refusal::StatusChangeNotAllowed {
                from: fields.field("from")?,
                to: fields.field("to")?,
            },
            "invalidDateRange" => {
                fields.unit()?;
                Refusal::InvalidDateRange
            }
            "dateOutOfRange" => Refusal::DateOutOfRange {
                earliest: crate::wire_time::day(fields.take("earliest")?)?,
                latest: crate::wire_time::day(fields.take("latest")?)?,
            },
            "clockBackwards" => Refusal::ClockBackwards {
                now: crate::wire_time::instant(fields.take("now")?)?,
            },
            "clockTooFar" => Refusal::ClockTooFar {
                latest: crate::wire_time::instant(fields.take("latest")?)?,
            },
            "activationInFuture" => Refusal::ActivationInFuture {
                today: crate::wire_time::day(fields.take("today")?)?,
            },
            "changedSinceRead" => {
                fields.unit()?;
                Refusal::ChangedSinceRead
            }
            "importRejected" => Refusal::ImportRejected {
                problems: fields.field("problems")?,
            },
            "nothingToImport" => {
                fields.unit()?;
                Refusal::NothingToImport
            }
            "tooManyRows" => Refusal::TooManyRows {
                max: fields.field("max")?,
            },
            "lastGlobalAdmin" => {
                fields.unit()?;
                Refusal::LastGlobalAdmin
            }
            "unknownUser" => Refusal::UnknownUser {
                user: fields.field("user")?,
            },
            _ => return Err(crate::tagged::unknown_variant(&name)),
        })
    }
}

/// What is wrong with one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// The row's line in the file, counting the header as 1.
    pub row: usize,
    /// The column, when the problem is in one.
    pub field: Option<FormField>,
    /// What is wrong.
    pub problem: FieldProblem,
}

fn roles_sentence(roles: &[PartnerRole]) -> String {
    let names: Vec<_> = roles.iter().map(|role| role.title()).collect();
    match names.as_slice() {
        [] => "a partner user".to_owned(),
        [one] => format!("the {one} role"),
        [init @ .., last] => format!("one of the roles {} or {last}", init.join(", ")),
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // By hand rather than with chrono's strftime, which would weigh on the wasm.
        let when = |at: &DateTime<Utc>| {
            let time = at.time();
            format!(
                "{} {:02}:{:02}:{:02} UTC",
                at.date_naive(),
                time.hour(),
                time.minute(),
                time.second()
            )
        };
        match self {
            Refusal::MissingRole { action, needs } if needs.is_empty() => {
                write!(f, "{} is for partner users.", action.describe())
            }
            Refusal::MissingRole { action, needs } => write!(
                f,
                "{} needs {}, which you do not hold.",
                action.describe(),
                roles_sentence(needs)
            ),
            Refusal::NotYourCustomer { customer } => {
                write!(f, "You can only see your own organization, not {customer}.")
            }
            Refusal::UnknownCustomer { customer } => write!(f, "There is no customer {customer}."),
            Refusal::CustomerExists { customer } => {
                write!(f, "A customer with the id {customer} already exists.")
            }
            Refusal::UnknownSku { sku } => write!(f, "The catalog has no SKU {sku}."),
            Refusal::UnknownOrder { order } => write!(f, "There is no order {order}."),
            Refusal::OrderExists { order } => write!(f, "An order {order} already exists."),
            Refusal::UnknownLine { order, line } => {
                write!(f, "Order {order} has no line {line}.")
            }
            Refusal::UnknownItem { item } => {
                write!(f, "There is no purchase or subscription {item}.")
            }
            Refusal::NothingChosen => f.write_str("Choose at least one item."),
            Refusal::InvalidQuantity { sku, quantity } => write!(
                f,
                "A quantity of {quantity} for {sku} is not possible: choose 1 to 10000."
            ),
            Refusal::NotSoldInMarket { product, market } => write!(
                f,
                "{product} is an Azure reservation, which is not sold in {} ({market}).",
                market.name(Language::English)
            ),
            Refusal::PlanNotOffered {
                sku,
                plan,
                offered,
            } => {
                let offered: Vec<_> = offered.iter().map(|plan| plan.to_string()).collect();
                write!(
                    f,
                    "SKU {sku} is not billed {plan}; it offers: {}.",
                    offered.join(", ")
                )
            }
            Refusal::NoPriceInCurrency { currency } => {
                write!(f, "There is no price list in {currency}.")
            }
            Refusal::CancellationWindowClosed { item, closed_at } => write!(
                f,
                "The cancellation window of {item} closed on {}; it can no longer be cancelled.",
                when(closed_at)
            ),
            Refusal::NeverCancellable { product } => write!(
                f,
                "{product} is a RedHat or SUSE software plan, which cannot be cancelled or exchanged."
            ),
            Refusal::CancelThroughSupportRequest { product } => write!(
                f,
                "{product} is cancelled through a customer support request \
                 (CSP Purchase/Refund on behalf of customers)."
            ),
            Refusal::AlreadyCancelled { item } => write!(f, "{item} is already cancelled."),
            Refusal::NotActive { item } => write!(f, "{item} is no longer active."),
            Refusal::AutorenewNotOffered { item, purchased_at } => write!(
                f,
                "{item} was bought on {}, before 14 October 2021, so it expires at its end date \
                 and cannot autorenew.",
                purchased_at.date_naive()
            ),
            Refusal::NotAcknowledged => {
                f.write_str("Confirm that you have read the message about cancelling.")
            }
            Refusal::NoKeysOrDownloads { product } => write!(
                f,
                "{product} is sold as a license: it has no product key or download."
            ),
            Refusal::Revoked { item } => write!(
                f,
                "{item} was cancelled, so its keys and download links are revoked."
            ),
            Refusal::InvalidProductKey => {
                f.write_str("A product key (MAK) has 32 letters and digits.")
            }
            Refusal::InvalidLinkToken => {
                f.write_str("A link token needs at least 20 letters, digits, - or _.")
            }
            Refusal::LinkExists => f.write_str("This link token is already in use."),
            Refusal::InvalidContinuationToken => f.write_str(
                "This continuation token belongs to no page of this list; start again from the first page.",
            ),
            Refusal::UnknownLink => f.write_str("This download link does not exist."),
            Refusal::LinkExpired { expired_at } => write!(
                f,
                "This download link expired on {}. Ask for a fresh link.",
                when(expired_at)
            ),
            Refusal::DownloadLimitReached { limit } => write!(
                f,
                "This download link has been used {limit} times and has expired. Ask for a fresh link."
            ),
            Refusal::ChoiceNotOffered { choice, value } => match value {
                Some(value) => write!(f, "{value} is not a {choice} offered for this product."),
                None => write!(f, "Choose a {choice}."),
            },
            Refusal::InvalidField { field, problem } => {
                write!(f, "{}: {problem}", field.label())
            }
            Refusal::UnknownSupportRequest { id } => {
                write!(f, "There is no support request {id}.")
            }
            Refusal::SupportRequestExists { id } => {
                write!(f, "A support request {id} already exists.")
            }
            Refusal::SupportRequestClosed { id } => {
                write!(f, "Support request {id} is closed; file a new one.")
            }
            Refusal::StatusChangeNotAllowed { from, to } => write!(
                f,
                "A support request that is {from} cannot become {to}."
            ),
            Refusal::InvalidDateRange => f.write_str("The date range ends before it starts."),
            Refusal::DateOutOfRange { earliest, latest } => {
                write!(f, "Choose a date from {earliest} to {latest}.")
            }
            Refusal::ClockBackwards { now } => write!(
                f,
                "The clock only moves forward; it is {} now. Reset the demo data to start over.",
                when(now)
            ),
            Refusal::ClockTooFar { latest } => write!(
                f,
                "The clock can move at most to {} from here.",
                when(latest)
            ),
            Refusal::ActivationInFuture { today } => write!(
                f,
                "The last KMS activation cannot be after today ({today})."
            ),
            Refusal::ChangedSinceRead => f.write_str(
                "Someone else changed this since you opened it; nothing was changed. \
                 Reload to see the current state.",
            ),
            Refusal::ImportRejected { problems } => {
                f.write_str("Nothing was imported. ")?;
                for problem in problems {
                    match problem.field {
                        Some(field) => {
                            write!(f, "Row {}: {}: {} ", problem.row, field.label(), problem.problem)?
                        }
                        None => write!(f, "Row {}: {} ", problem.row, problem.problem)?,
                    }
                }
                Ok(())
            }
            Refusal::NothingToImport => {
                f.write_str("The file has no customers: a header row, then one row each.")
            }
            Refusal::TooManyRows { max } => {
                write!(f, "One import adds at most {max} customers; split the file.")
            }
            Refusal::LastGlobalAdmin => f.write_str(
                "This is the last active Global admin: give another user the role first.",
            ),
            Refusal::UnknownUser { user } => write!(f, "There is no user {user}."),
        }
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::tagged::tests::{names_known, near_misses};

    fn every_refusal() -> Vec<Refusal> {
        let at = Utc.with_ymd_and_hms(2021, 11, 15, 10, 0, 0).unwrap();
        vec![
            Refusal::MissingRole {
                action: Action::Cancel,
                needs: vec![PartnerRole::AdminAgent, PartnerRole::SalesAgent],
            },
            Refusal::NotYourCustomer {
                customer: CustomerId("contoso".into()),
            },
            Refusal::UnknownCustomer {
                customer: CustomerId("contoso".into()),
            },
            Refusal::CustomerExists {
                customer: CustomerId("contoso".into()),
            },
            Refusal::UnknownSku { sku: "text".into() },
            Refusal::UnknownOrder {
                order: OrderId("o-1".into()),
            },
            Refusal::OrderExists {
                order: OrderId("o-1".into()),
            },
            Refusal::UnknownLine {
                order: OrderId("o-1".into()),
                line: 7,
            },
            Refusal::UnknownItem {
                item: ItemId("o-1-1".into()),
            },
            Refusal::NothingChosen,
            Refusal::InvalidQuantity {
                sku: "text".into(),
                quantity: 7,
            },
            Refusal::NotSoldInMarket {
                product: "text".into(),
                market: Market::new("DE").unwrap(),
            },
            Refusal::PlanNotOffered {
                sku: "text".into(),
                plan: BillingPlan::Annual,
                offered: vec![BillingPlan::Monthly],
            },
            Refusal::NoPriceInCurrency {
                currency: "text".into(),
            },
            Refusal::CancellationWindowClosed {
                item: ItemId("o-1-1".into()),
                closed_at: at,
            },
            Refusal::NeverCancellable {
                product: "text".into(),
            },
            Refusal::CancelThroughSupportRequest {
                product: "text".into(),
            },
            Refusal::AlreadyCancelled {
                item: ItemId("o-1-1".into()),
            },
            Refusal::NotActive {
                item: ItemId("o-1-1".into()),
            },
            Refusal::AutorenewNotOffered {
                item: ItemId("o-1-1".into()),
                purchased_at: at,
            },
            Refusal::NotAcknowledged,
            Refusal::NoKeysOrDownloads {
                product: "text".into(),
            },
            Refusal::Revoked {
                item: ItemId("o-1-1".into()),
            },
            Refusal::InvalidProductKey,
            Refusal::InvalidLinkToken,
            Refusal::LinkExists,
            Refusal::InvalidContinuationToken,
            Refusal::UnknownLink,
            Refusal::LinkExpired { expired_at: at },
            Refusal::DownloadLimitReached { limit: 7 },
            Refusal::ChoiceNotOffered {
                choice: "text".into(),
                value: Some("x".into()),
            },
            Refusal::InvalidField {
                field: FormField::Title,
                problem: FieldProblem::TooLong { max: 5 },
            },
            Refusal::UnknownSupportRequest {
                id: SupportRequestId("sr-1".into()),
            },
            Refusal::SupportRequestExists {
                id: SupportRequestId("sr-1".into()),
            },
            Refusal::SupportRequestClosed {
                id: SupportRequestId("sr-1".into()),
            },
            Refusal::StatusChangeNotAllowed {
                from: SupportRequestStatus::Open,
                to: SupportRequestStatus::Open,
            },
            Refusal::InvalidDateRange,
            Refusal::DateOutOfRange {
                earliest: at.date_naive(),
                latest: at.date_naive(),
            },
            Refusal::ClockBackwards { now: at },
            Refusal::ClockTooFar { latest: at },
            Refusal::ActivationInFuture {
                today: at.date_naive(),
            },
            Refusal::ChangedSinceRead,
            Refusal::ImportRejected {
                problems: vec![
                    RowProblem {
                        row: 2,
                        field: Some(FormField::Title),
                        problem: FieldProblem::Missing,
                    },
                    RowProblem {
                        row: 3,
                        field: None,
                        problem: FieldProblem::Missing,
                    },
                ],
            },
            Refusal::NothingToImport,
            Refusal::TooManyRows { max: 500 },
            Refusal::LastGlobalAdmin,
            Refusal::UnknownUser {
                user: UserId("u".into()),
            },
            Refusal::ChoiceNotOffered {
                choice: "version".into(),
                value: None,
            },
            Refusal::MissingRole {
                action: Action::BuyProducts,
                needs: vec![],
            },
        ]
    }

    #[test]
    fn every_refusal_written_is_read_back_by_hand_as_it_was() {
        let mut named: Vec<String> = Vec::new();
        for refusal in every_refusal() {
            let value = serde_json::to_value(&refusal).unwrap();
            named.push(match &value {
                serde_json::Value::String(name) => name.clone(),
                other => other.as_object().unwrap().keys().next().unwrap().clone(),
            });
            assert_eq!(Refusal::from_value(value).unwrap(), refusal);
        }
        for name in names_known::<Refusal>() {
            assert!(
                named.iter().any(|written| written == name),
                "no sample of {name}"
            );
        }
    }

    #[test]
    fn the_hand_reader_accepts_and_refuses_what_the_derived_one_does() {
        let mut values: Vec<serde_json::Value> = every_refusal()
            .iter()
            .flat_map(|refusal| near_misses(&serde_json::to_value(refusal).unwrap()))
            .collect();
        values.extend(names_known::<Refusal>().iter().flat_map(|name| {
            [
                serde_json::json!(name),
                serde_json::json!({ *name: {} }),
                serde_json::json!({ *name: null }),
            ]
        }));
        values.extend([
            serde_json::json!("noSuchRefusal"),
            serde_json::json!({ "noSuchRefusal": {} }),
            serde_json::json!({}),
            serde_json::json!(null),
            serde_json::json!(3),
            serde_json::json!(["nothingChosen"]),
        ]);
        for value in values {
            let derived = Refusal::deserialize(value.clone()).ok();
            assert_eq!(Refusal::from_value(value.clone()).ok(), derived, "{value}");
        }
    }
}
