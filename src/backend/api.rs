//! The API's contract in one table: each intent as Partner Center's request, each read as its
//! path, and how each answer reads. The Http backend sends them; the parity test sends the
//! same to csp-server and compares with the local backend.

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::paging::{continuation_token, PageStart};
use csp_domain::queries::CustomerFilter;
use csp_domain::{
    BillingPlan, CustomerId, DeadlineFilter, DeadlineKind, Intent, ItemId, LineRequest, LinkToken,
    OrderId, ProductKey, Reply, Selection, SupportRequestId, SupportRequestStatus,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::routes::encode;

/// The clock as the API sends and answers it.
#[derive(Serialize)]
pub struct Clock {
    /// The clock's now.
    pub now: DateTime<Utc>,
}

impl Clock {
    /// The now of a clock the server answered. By hand: serde's derived reader of this one
    /// field weighed 1 KB of the wasm.
    pub fn now_of(mut value: Value) -> Result<DateTime<Utc>, serde_json::Error> {
        let now = value.get_mut("now").map(Value::take).unwrap_or_default();
        csp_domain::wire_time::instant(now)
    }
}

#[derive(Deserialize)]
struct Key {
    key: ProductKey,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlaceOrder {
    line_items: Vec<LineRequest>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Autorenew {
    auto_renew_enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BillingCycle {
    billing_cycle: BillingPlan,
}

/// A cancellation: of a subscription (status "deleted"), or of order lines ("cancelled").
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Cancellation {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line_items: Option<Vec<LineNumber>>,
    acknowledged: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LineNumber {
    line_item_number: u32,
}

/// A MAK deadline to remember: the last KMS activation day, `YYYY-MM-DD`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RememberMak {
    last_kms_activation: String,
}

/// An import: the CSV file's text.
#[derive(Serialize)]
struct Import<'a> {
    csv: &'a str,
}

#[derive(Deserialize)]
struct Customers {
    items: Vec<csp_domain::Customer>,
}

#[derive(Serialize)]
struct Chosen {
    selection: Selection,
}

#[derive(Serialize)]
struct StatusChange {
    status: SupportRequestStatus,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NoteChange<'a> {
    new_note: Note<'a>,
}

#[derive(Serialize)]
struct Note<'a> {
    text: &'a str,
}

/// The HTTP method of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Patch,
}

/// What an intent's answer is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    Order,
    Subscription,
    Key,
    Link,
    File,
    SupportRequest,
    Clock,
    Customer,
    Customers,
    MakDeadline,
}

/// The one table of the API's contract: each intent as Partner Center's request (method,
/// path, JSON body) and what its answer reads as. The server's routes are its mirror.
pub fn request_for(intent: Intent) -> (Method, String, Result<String, serde_json::Error>, Reads) {
    use Method::{Patch, Post};
    match intent {
        Intent::AddCustomer { form } => (
            Post,
            "/v1/customers".to_owned(),
            serde_json::to_string(&form),
            Reads::Customer,
        ),
        Intent::ImportCustomers { csv } => (
            Post,
            "/v1/customers/import".to_owned(),
            serde_json::to_string(&Import { csv: &csv }),
            Reads::Customers,
        ),
        Intent::PlaceOrder { customer, lines } => (
            Post,
            format!("{}/orders", customer_path(&customer)),
            serde_json::to_string(&PlaceOrder { line_items: lines }),
            Reads::Order,
        ),
        Intent::CancelOrderLines {
            customer,
            order,
            lines,
            acknowledged,
        } => {
            let line_items = lines
                .into_iter()
                .map(|line_item_number| LineNumber { line_item_number })
                .collect();
            let body = Cancellation {
                status: "cancelled",
                line_items: Some(line_items),
                acknowledged,
            };
            (
                Patch,
                order_path(&customer, &order),
                serde_json::to_string(&body),
                Reads::Order,
            )
        }
        Intent::CancelSubscription {
            customer,
            subscription,
            acknowledged,
        } => {
            let body = Cancellation {
                status: "deleted",
                line_items: None,
                acknowledged,
            };
            let path = subscription_path(&customer, &subscription);
            (
                Patch,
                path,
                serde_json::to_string(&body),
                Reads::Subscription,
            )
        }
        Intent::SetAutorenew {
            customer,
            subscription,
            enabled,
        } => (
            Patch,
            subscription_path(&customer, &subscription),
            serde_json::to_string(&Autorenew {
                auto_renew_enabled: enabled,
            }),
            Reads::Subscription,
        ),
        Intent::SetBillingPlan {
            customer,
            subscription,
            plan,
        } => (
            Patch,
            subscription_path(&customer, &subscription),
            serde_json::to_string(&BillingCycle {
                billing_cycle: plan,
            }),
            Reads::Subscription,
        ),
        Intent::RevealKey {
            customer,
            item,
            selection,
        } => (
            Post,
            software_path(&customer, &item, "key"),
            serde_json::to_string(&Chosen { selection }),
            Reads::Key,
        ),
        Intent::IssueDownloadLink {
            customer,
            item,
            selection,
        } => (
            Post,
            software_path(&customer, &item, "links"),
            serde_json::to_string(&Chosen { selection }),
            Reads::Link,
        ),
        Intent::Download {
            customer,
            item,
            selection,
        } => (
            Post,
            software_path(&customer, &item, "downloads"),
            serde_json::to_string(&Chosen { selection }),
            Reads::File,
        ),
        // A GET that answers the file itself, named in its header: see `link_download_path`.
        Intent::DownloadViaLink { token } => (
            Post,
            link_download_path(&token),
            Ok(String::new()),
            Reads::File,
        ),
        Intent::FileSupportRequest { form } => (
            Post,
            "/v1/servicerequests".to_owned(),
            serde_json::to_string(&form),
            Reads::SupportRequest,
        ),
        Intent::SetSupportRequestStatus { id, status } => (
            Patch,
            format!("/v1/servicerequests/{}", encode(&id.0)),
            serde_json::to_string(&StatusChange { status }),
            Reads::SupportRequest,
        ),
        Intent::AddSupportRequestNote { id, text } => (
            Patch,
            format!("/v1/servicerequests/{}", encode(&id.0)),
            serde_json::to_string(&NoteChange {
                new_note: Note { text: &text },
            }),
            Reads::SupportRequest,
        ),
        Intent::RememberMakDeadline {
            customer,
            last_kms_activation,
        } => (
            Post,
            format!("{}/makdeadline", customer_path(&customer)),
            serde_json::to_string(&RememberMak {
                last_kms_activation: last_kms_activation.to_string(),
            }),
            Reads::MakDeadline,
        ),
        Intent::MoveClock { to } => (
            Post,
            "/v1/clock".to_owned(),
            serde_json::to_string(&Clock { now: to }),
            Reads::Clock,
        ),
    }
}

/// The path of one resource.
pub fn customer_path(customer: &CustomerId) -> String {
    format!("/v1/customers/{}", encode(&customer.0))
}

/// The path of one resource.
pub fn order_path(customer: &CustomerId, order: &OrderId) -> String {
    format!("{}/orders/{}", customer_path(customer), encode(&order.0))
}

/// The path of one resource.
pub fn subscription_path(customer: &CustomerId, subscription: &ItemId) -> String {
    format!(
        "{}/subscriptions/{}",
        customer_path(customer),
        encode(&subscription.0)
    )
}

/// The path of one resource.
pub fn software_path(customer: &CustomerId, item: &ItemId, action: &str) -> String {
    format!(
        "{}/software/{}/{action}",
        customer_path(customer),
        encode(&item.0)
    )
}

/// Where a link's holder downloads: the file itself, named in `Content-Disposition`.
pub fn link_download_path(token: &LinkToken) -> String {
    format!("/v1/links/{}/download", encode(&token.0))
}

/// An answer's JSON read as the reply its intent gives.
pub fn read_reply(reads: Reads, value: Value) -> Result<Reply, serde_json::Error> {
    Ok(match reads {
        Reads::Order => Reply::Order(Deserialize::deserialize(value)?),
        Reads::Subscription => Reply::Subscription(Deserialize::deserialize(value)?),
        Reads::Key => Reply::Key(Key::deserialize(value)?.key),
        Reads::Link => Reply::Link(Deserialize::deserialize(value)?),
        Reads::File => Reply::File(Deserialize::deserialize(value)?),
        Reads::SupportRequest => Reply::SupportRequest(Deserialize::deserialize(value)?),
        Reads::Clock => Reply::Clock(Clock::now_of(value)?),
        Reads::Customer => Reply::Customer(Deserialize::deserialize(value)?),
        Reads::Customers => Reply::Customers(Customers::deserialize(value)?.items),
        Reads::MakDeadline => Reply::MakDeadline(Deserialize::deserialize(value)?),
    })
}

/// A read a page makes, named for the list or item it shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// The users one can sign in as.
    Users,
    /// The clock's now.
    Now,
    /// The customers that match a filter.
    Customers(CustomerFilter),
    /// One customer.
    Customer(CustomerId),
    /// What Add products offers a customer.
    Offers(CustomerId),
    /// A customer's orders.
    Orders(CustomerId),
    /// One order.
    Order(CustomerId, OrderId),
    /// A customer's listed subscriptions.
    Subscriptions(CustomerId),
    /// One subscription.
    Subscription(CustomerId, ItemId),
    /// A customer's software.
    Software(CustomerId),
    /// The perpetual cancel dialog's orders of a product.
    CancelOptions(CustomerId, String),
    /// A download link.
    Link(LinkToken),
    /// The credits the user may see.
    Credits,
    /// Billing's chart: the credits the user may see, per currency and invoice month.
    CreditsByMonth,
    /// The charges the user may see.
    Charges,
    /// The activity log of a range; the server fills in what is not chosen.
    Activity(Option<NaiveDate>, Option<NaiveDate>),
    /// The support requests.
    SupportRequests,
    /// One support request.
    SupportRequest(SupportRequestId),
    /// Closing soon's deadlines.
    Deadlines(DeadlineFilter),
}

/// The path (with its query) of a read.
pub fn read_path(read: &Read) -> String {
    match read {
        Read::Users => "/v1/session/users".to_owned(),
        Read::Now => "/v1/clock".to_owned(),
        // The app pages by number (an offset); a continuation token is for walking a list.
        Read::Customers(filter) => {
            let start = match &filter.page.start {
                PageStart::At(offset) => format!("offset={offset}"),
                PageStart::After(key) => format!("continuationToken={}", continuation_token(key)),
            };
            format!(
                "/v1/customers?search={}&market={}&size={}&{start}",
                encode(&filter.search),
                filter.market.as_ref().map_or("", |market| market.code()),
                filter.page.size,
            )
        }
        Read::Customer(customer) => customer_path(customer),
        Read::Offers(customer) => format!("{}/offers", customer_path(customer)),
        Read::Orders(customer) => format!("{}/orders", customer_path(customer)),
        Read::Order(customer, order) => order_path(customer, order),
        Read::Subscriptions(customer) => format!("{}/subscriptions", customer_path(customer)),
        Read::Subscription(customer, subscription) => subscription_path(customer, subscription),
        Read::Software(customer) => format!("{}/software", customer_path(customer)),
        Read::CancelOptions(customer, product) => format!(
            "{}/cancel-options?product={}",
            customer_path(customer),
            encode(product)
        ),
        Read::Link(token) => format!("/v1/links/{}", encode(&token.0)),
        Read::Credits => "/v1/credits".to_owned(),
        Read::CreditsByMonth => "/v1/credits/by-month".to_owned(),
        Read::Charges => "/v1/charges".to_owned(),
        Read::Activity(from, to) => {
            // A day not chosen is left out: the server's default, not an empty date.
            let days: Vec<String> = [("startDate", from), ("endDate", to)]
                .into_iter()
                .filter_map(|(name, day)| day.map(|day| format!("{name}={day}")))
                .collect();
            match days.is_empty() {
                true => "/v1/auditrecords".to_owned(),
                false => format!("/v1/auditrecords?{}", days.join("&")),
            }
        }
        Read::SupportRequests => "/v1/servicerequests".to_owned(),
        Read::SupportRequest(id) => format!("/v1/servicerequests/{}", encode(&id.0)),
        Read::Deadlines(filter) => format!(
            "/v1/deadlines?kind={}&customerId={}&within={}",
            filter.kind.map_or("", DeadlineKind::slug),
            filter
                .customer
                .as_ref()
                .map_or(String::new(), |c| encode(&c.0)),
            filter.horizon.slug()
        ),
    }
}
