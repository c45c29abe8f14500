//! The one door to the data. Pages ask the [`Backend`]; it decides with `csp-domain` for the
//! signed-in user, keeps the event log, and refuses what that user may not do, whatever the
//! page shows.

mod connect;
mod http;
mod local;
mod random;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::view::{DownloadFile, LinkView, Offer, SoftwareView, SubscriptionView};
use csp_domain::{
    ActivityRecord, BillingPlan, CancelOption, Credit, Customer, CustomerId, ItemId, LineRequest,
    LinkToken, Market, Order, OrderId, ProductKey, Refusal, Selection, SupportRequest,
    SupportRequestForm, User, UserId,
};
use leptos::prelude::*;

pub use connect::{connect, Connection, BACKEND_CHOICE_KEY};
pub use http::HttpBackend;
pub use local::{LocalBackend, StoreReport, CLOCK_KEY, EVENTS_KEY};
pub use random::BrowserRandomness;

/// Why a request gave no answer, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// The rules refused it; the refusal says why (the missing role, the closed window...).
    Refused(Refusal),
    /// The data could not be reached, read or saved.
    Unavailable(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Refused(refusal) => refusal.fmt(f),
            BackendError::Unavailable(reason) => f.write_str(reason),
        }
    }
}

impl From<Refusal> for BackendError {
    fn from(refusal: Refusal) -> Self {
        BackendError::Refused(refusal)
    }
}

/// What a backend call answers.
pub type Answer<T> = Result<T, BackendError>;

/// Which customers a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// Part of a name, default domain or tenant GUID; empty for all.
    pub search: String,
    /// Only this market, if set.
    pub market: Option<Market>,
}

/// The customers a list shows, with how many the user may see in all.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerList {
    pub customers: Vec<Customer>,
    pub total: usize,
    /// Every market that has a customer, for the market filter.
    pub markets: Vec<Market>,
}

/// Where the data lives; both answer the same calls, decided by the same `csp-domain`.
#[derive(Clone)]
pub enum Backend {
    /// The embedded backend: the event log in this browser's `localStorage`.
    Local(LocalBackend),
    /// `csp-server`, shared by every partner user, over JSON.
    Http(HttpBackend),
}

/// Each call forwards to the backend in use; the bodies are all alike by design.
macro_rules! forward {
    ($(#[$doc:meta] $name:ident($($arg:ident: $type:ty),*) -> $answer:ty;)*) => {
        impl Backend {
            $(
                #[$doc]
                pub async fn $name(&self, $($arg: $type),*) -> Answer<$answer> {
                    match self {
                        Backend::Local(local) => local.$name($($arg),*),
                        Backend::Http(http) => http.$name($($arg),*).await,
                    }
                }
            )*
        }
    };
}

forward! {
    /// The users one can sign in as.
    users() -> Vec<User>;
    /// Signs in as `user`; every later call is decided for them.
    sign_in(user: UserId) -> User;
    /// The simulation clock's now.
    now() -> DateTime<Utc>;
    /// Moves the simulation clock forward to `to`; terms that end on the way renew or expire.
    move_clock(to: DateTime<Utc>) -> DateTime<Utc>;
    /// Starts over from the demo data and the demo clock.
    reset_demo() -> ();
    /// The customers that match `filter`, by name.
    customers(filter: CustomerFilter) -> CustomerList;
    /// One customer.
    customer(id: CustomerId) -> Customer;
    /// What Add products offers this customer.
    offers(customer: CustomerId) -> Vec<Offer>;
    /// Places an order; it completes at once.
    place_order(customer: CustomerId, lines: Vec<LineRequest>) -> Order;
    /// Every order of the customer, newest first, whatever its date.
    orders(customer: CustomerId) -> Vec<Order>;
    /// One order.
    order(customer: CustomerId, order: OrderId) -> Order;
    /// The subscriptions the Subscriptions tab lists (bought on or after 14 Oct 2021).
    subscriptions(customer: CustomerId) -> Vec<SubscriptionView>;
    /// One subscription.
    subscription(customer: CustomerId, subscription: ItemId) -> SubscriptionView;
    /// Turns autorenew on or off.
    set_autorenew(customer: CustomerId, subscription: ItemId, enabled: bool) -> SubscriptionView;
    /// Changes the billing frequency from the next term.
    set_billing_plan(customer: CustomerId, subscription: ItemId, plan: BillingPlan) -> SubscriptionView;
    /// Cancels a subscription inside its 7-day window.
    cancel_subscription(customer: CustomerId, subscription: ItemId, acknowledged: bool) -> SubscriptionView;
    /// The Software tab: every software item, cancelled ones too, without keys.
    software(customer: CustomerId) -> Vec<SoftwareView>;
    /// The orders of a perpetual product that the cancel dialog offers, with days left.
    cancel_options(customer: CustomerId, product: String) -> Vec<CancelOption>;
    /// Cancels lines of an order within 30 days of purchase.
    cancel_order_lines(customer: CustomerId, order: OrderId, lines: Vec<u32>, acknowledged: bool) -> Order;
    /// Shows the product key; logged.
    reveal_key(customer: CustomerId, item: ItemId, selection: Selection) -> ProductKey;
    /// Issues a fresh download link; logged.
    issue_download_link(customer: CustomerId, item: ItemId, selection: Selection) -> LinkView;
    /// Downloads the bits; logged.
    download(customer: CustomerId, item: ItemId, selection: Selection) -> DownloadFile;
    /// A download link by its token.
    link(token: LinkToken) -> LinkView;
    /// Downloads through a link, counting one of its 50; logged.
    download_via_link(token: LinkToken) -> DownloadFile;
    /// The credits the user may see, newest first.
    credits() -> Vec<Credit>;
    /// Key views, link issues and downloads from `from` to `to`, both days included.
    activity(from: NaiveDate, to: NaiveDate) -> Vec<ActivityRecord>;
    /// The support requests filed, newest first.
    support_requests() -> Vec<SupportRequest>;
    /// Files a support request.
    file_support_request(form: SupportRequestForm) -> SupportRequest;
}

/// Display names by id, for lists that name customers or users.
// A short list searched in place: a `BTreeMap` built per list costs the wasm a sort apiece.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names(Vec<(String, String)>);

impl Names {
    /// The name for `id`, or the id itself when it has none.
    pub fn of(&self, id: &str) -> String {
        self.0
            .iter()
            .find(|(known, _)| known == id)
            .map_or(id, |(_, name)| name.as_str())
            .to_owned()
    }
}

impl Backend {
    /// The name of every customer the user may see; none if they cannot be read.
    pub async fn customer_names(&self) -> Names {
        let list = self.customers(CustomerFilter::default()).await;
        Names(list.map_or_else(
            |_| Vec::new(),
            |list| {
                list.customers
                    .into_iter()
                    .map(|customer| (customer.id.0, customer.name))
                    .collect()
            },
        ))
    }

    /// The name of every user; none if they cannot be read.
    pub async fn user_names(&self) -> Names {
        let users = self.users().await.unwrap_or_default();
        Names(
            users
                .iter()
                .map(|user| (user.id().0.clone(), user.name().to_owned()))
                .collect(),
        )
    }
}

/// The backend, provided once by the shell.
pub fn use_backend() -> Backend {
    expect_context::<Backend>()
}
