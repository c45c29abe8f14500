//! The one door to the data. Pages ask the [`Backend`]; it decides with `csp-domain` for the
//! signed-in user, keeps the event log, and refuses what that user may not do, whatever the
//! page shows.

pub mod api;
mod connect;
mod http;
mod local;
mod random;

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::paging::{Page, PageRequest, PageStart, MAX_PAGE_SIZE};
pub use csp_domain::queries::{CustomerFilter, CustomerList};
use csp_domain::queries::{LinkView, Offer, SoftwareView, SubscriptionView};
use csp_domain::{
    ActivityRecord, CancelOption, Charge, Credit, CreditsByMonth, Customer, CustomerId, Deadline,
    DeadlineFilter, Intent, ItemId, LinkToken, Order, OrderId, Refusal, Reply, SupportRequest,
    SupportRequestId, User, UserId,
};
use leptos::prelude::*;

pub use connect::{connect, Connection, BACKEND_CHOICE_KEY, DEMO_EVENTS_URL};
pub use http::{session_token_key, HttpBackend, ServerMode};
pub use local::{LocalBackend, StoreReport, EVENTS_KEY};
pub use random::BrowserRandomness;

/// Why there is no answer from the data, typed until the page renders it in the person's
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The server could not be reached.
    Unreachable,
    /// The server's answer could not be read.
    Unreadable,
    /// The server answered an error that is not a refusal, with its HTTP status.
    ServerError { status: u16 },
    /// This browser's storage refused the change; nothing was changed.
    NotSaved,
    /// The signed-in user is not known (any more).
    UnknownUser,
    /// The session ended (signed out, expired, or the user was disabled): sign in again.
    SignedOut,
    /// The email or password is wrong.
    SignInFailed,
    /// Too many failed sign-ins for this email; try again after the minutes given.
    TooManySignIns { minutes: u64 },
    /// No language's texts could be loaded, English included: said in the few words the app
    /// carries in its code.
    NoTexts { reason: String },
}

/// Why a request gave no answer, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// The rules refused it; the refusal says why (the missing role, the closed window...).
    Refused(Refusal),
    /// The data could not be reached, read or saved.
    Unavailable(Unavailable),
}

impl From<Refusal> for BackendError {
    fn from(refusal: Refusal) -> Self {
        BackendError::Refused(refusal)
    }
}

impl From<Unavailable> for BackendError {
    fn from(reason: Unavailable) -> Self {
        BackendError::Unavailable(reason)
    }
}

/// What a backend call answers.
pub type Answer<T> = Result<T, BackendError>;

/// Where the data lives; both answer the same calls, decided by the same `csp-domain`.
#[derive(Clone)]
pub enum Backend {
    /// The embedded backend: the event log in this browser's IndexedDB.
    Local(LocalBackend),
    /// `csp-server`, shared by every partner user, over JSON.
    Http(HttpBackend),
}

/// Each read forwards to the backend in use; the bodies are all alike by design.
macro_rules! forward {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $type:ty),*) -> $answer:ty;)*) => {
        impl Backend {
            $(
                $(#[$doc])*
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

impl Backend {
    /// Starts over from the demo data and the demo clock.
    pub async fn reset_demo(&self) -> Answer<()> {
        match self {
            Backend::Local(local) => {
                let demo = connect::demo_events().await?;
                local.reset_demo(demo).await
            }
            Backend::Http(http) => http.reset_demo().await,
        }
    }
}

impl Backend {
    /// Runs what the page asks, for the signed-in user: the one path of every change.
    pub async fn execute(&self, intent: Intent) -> Answer<Reply> {
        match self {
            Backend::Local(local) => local.execute(intent).await,
            Backend::Http(http) => http.execute(intent).await,
        }
    }
}

forward! {
    /// The users one can sign in as.
    users() -> Vec<User>;
    /// Signs in as `user`; every later call is decided for them.
    sign_in(user: UserId) -> User;
    /// The simulation clock's now.
    now() -> DateTime<Utc>;
    /// The customers that match `filter`, by name.
    customers(filter: CustomerFilter) -> CustomerList;
    /// One customer.
    customer(id: CustomerId) -> Customer;
    /// What Add products offers this customer.
    offers(customer: CustomerId) -> Vec<Offer>;
    /// The `number`th page of 50 of the customer's orders, newest first, whatever their
    /// date; `None` for all of them (the CSV).
    orders(customer: CustomerId, number: Option<usize>) -> Page<Order>;
    /// One order.
    order(customer: CustomerId, order: OrderId) -> Order;
    /// The `number`th page of 50 of the subscriptions the Subscriptions tab lists (bought on
    /// or after 14 Oct 2021); `None` for all of them (the CSV).
    subscriptions(customer: CustomerId, number: Option<usize>) -> Page<SubscriptionView>;
    /// One subscription.
    subscription(customer: CustomerId, subscription: ItemId) -> SubscriptionView;
    /// The `number`th page of 50 of the Software tab: every software item, cancelled ones
    /// too, without keys.
    software(customer: CustomerId, number: usize) -> Page<SoftwareView>;
    /// The orders of a perpetual product that the cancel dialog offers, with days left.
    cancel_options(customer: CustomerId, product: String) -> Vec<CancelOption>;
    /// A download link by its token.
    link(token: LinkToken) -> LinkView;
    /// The `number`th page of 50 of the credits the user may see, newest first; `None` for
    /// all of them (the CSV).
    credits(number: Option<usize>) -> Page<Credit>;
    /// Billing's chart: the credits the user may see, per currency and invoice month.
    credits_by_month() -> Vec<CreditsByMonth>;
    /// The `number`th page of 50 of the charges the user may see, newest first.
    charges(number: usize) -> Page<Charge>;
    /// A page of 50 of the key views, link issues and downloads in the range
    /// `queries::activity_range` gives, newest first; `None` for all of them (the CSV).
    activity(from: Option<NaiveDate>, to: Option<NaiveDate>, number: Option<usize>) -> Page<ActivityRecord>;
    /// The `number`th page of 50 of the support requests filed, newest first.
    support_requests(number: usize) -> Page<SupportRequest>;
    /// One support request.
    support_request(id: SupportRequestId) -> SupportRequest;
    /// Closing soon: the `number`th page of 50 of the deadlines the filter asks for, soonest
    /// first (the menu's count reads the first, for its count); `None` for all of them.
    deadlines(filter: DeadlineFilter, number: Option<usize>) -> Page<Deadline>;
}

impl Backend {
    /// Runs `intent` and answers the kind of reply `pick` takes; another kind is an answer
    /// that could not be read.
    pub async fn run<T>(&self, intent: Intent, pick: fn(Reply) -> Option<T>) -> Answer<T> {
        pick(self.execute(intent).await?).ok_or(BackendError::Unavailable(Unavailable::Unreadable))
    }
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
    /// Every customer that matches `filter`, read a page of the most a page may hold at a time.
    pub async fn every_customer(&self, mut filter: CustomerFilter) -> Answer<Vec<Customer>> {
        let mut customers = Vec::new();
        loop {
            filter.page = PageRequest {
                size: MAX_PAGE_SIZE,
                start: PageStart::At(customers.len()),
            };
            let page = self.customers(filter.clone()).await?;
            let more = !page.customers.is_empty()
                && customers.len() + page.customers.len() < page.matching;
            customers.extend(page.customers);
            if !more {
                return Ok(customers);
            }
        }
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

impl Backend {
    /// The server, for what only a real server has (accounts); the local backend has none.
    pub fn server(&self) -> Answer<&HttpBackend> {
        match self {
            Backend::Http(http) => Ok(http),
            Backend::Local(_) => Err(Unavailable::ServerError { status: 404 }.into()),
        }
    }
}

/// The backend, provided once by the shell.
pub fn use_backend() -> Backend {
    expect_context::<Backend>()
}
