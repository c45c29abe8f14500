//! `Backend::Http`: the same calls over JSON to `csp-server`, which decides them with the same
//! `csp-domain` for the user its bearer token names.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::execute::Randomness;
use csp_domain::queries::{
    CustomerFilter, CustomerList, DownloadFile, LinkView, Offer, SoftwareView, SubscriptionView,
};
use csp_domain::{
    ActivityRecord, BillingPlan, CancelOption, Credit, Customer, CustomerId, Intent, ItemId,
    LineRequest, LinkToken, Market, Order, OrderId, ProductKey, Refusal, Reply, Selection,
    SupportRequest, SupportRequestStatus, User, UserId,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Answer, BackendError, BrowserRandomness, Unavailable};
use crate::routes::encode;

/// A list as the server answers it, Partner Center style; each item is decoded by type.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    total_count: usize,
    items: Vec<Value>,
    /// The customer list's markets, for its filter.
    #[serde(default)]
    markets: Vec<Market>,
}

/// An exchange in flight: the answer's JSON, or why there is none.
type Pending = Pin<Box<dyn Future<Output = Answer<Value>>>>;

/// An error as the server answers it; its `description` is for people reading the API.
#[derive(Deserialize)]
struct ErrorBody {
    refusal: Option<Refusal>,
}

#[derive(Deserialize)]
struct Session {
    token: String,
    user: User,
}

#[derive(Serialize, Deserialize)]
struct Clock {
    now: DateTime<Utc>,
}

#[derive(Deserialize)]
struct Key {
    key: ProductKey,
}

/// The server at `base` (such as `http://127.0.0.1:8080`, or empty for this page's origin).
#[derive(Clone)]
pub struct HttpBackend {
    base: String,
    token: Arc<Mutex<Option<String>>>,
    /// The ETag last read for each order and subscription path, sent back as `If-Match` with a
    /// change, so a change made by someone else since is refused instead of overwritten.
    etags: Arc<Mutex<Vec<(String, String)>>>,
}

fn unreachable(_: gloo_net::Error) -> BackendError {
    Unavailable::Unreachable.into()
}

fn unreadable<E>(_: E) -> BackendError {
    Unavailable::Unreadable.into()
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An answer's JSON decoded as `T`.
fn decode<T: DeserializeOwned>(value: Value) -> Answer<T> {
    T::deserialize(value).map_err(unreadable)
}

/// Every item of a JSON array decoded as `T`.
fn decode_each<T: DeserializeOwned>(values: Vec<Value>) -> Answer<Vec<T>> {
    values.into_iter().map(decode).collect()
}

/// A request body as JSON text.
fn json(body: &impl Serialize) -> Answer<String> {
    serde_json::to_string(body).map_err(unreadable)
}

// The request bodies, typed rather than built as `serde_json::Value`, which costs the wasm.

#[derive(Serialize)]
struct SignIn<'a> {
    user: &'a UserId,
}

#[derive(Serialize)]
struct Nothing {}

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

#[derive(Serialize)]
struct Chosen {
    selection: Selection,
}

#[derive(Serialize)]
struct StatusChange {
    status: SupportRequestStatus,
}

/// The HTTP method of a change.
#[derive(Clone, Copy)]
enum Method {
    Post,
    Patch,
}

/// What an intent's answer is read as.
#[derive(Clone, Copy)]
enum Reads {
    Order,
    Subscription,
    Key,
    Link,
    File,
    SupportRequest,
    Clock,
}

/// The one table of the API's contract: each intent as Partner Center's request (method,
/// path, JSON body) and what its answer reads as. The server's routes are its mirror.
fn request_for(intent: Intent) -> (Method, String, Answer<String>, Reads) {
    use Method::{Patch, Post};
    match intent {
        Intent::PlaceOrder { customer, lines } => (
            Post,
            format!("{}/orders", customer_path(&customer)),
            json(&PlaceOrder { line_items: lines }),
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
                json(&body),
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
            (Patch, path, json(&body), Reads::Subscription)
        }
        Intent::SetAutorenew {
            customer,
            subscription,
            enabled,
        } => (
            Patch,
            subscription_path(&customer, &subscription),
            json(&Autorenew {
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
            json(&BillingCycle {
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
            json(&Chosen { selection }),
            Reads::Key,
        ),
        Intent::IssueDownloadLink {
            customer,
            item,
            selection,
        } => (
            Post,
            software_path(&customer, &item, "links"),
            json(&Chosen { selection }),
            Reads::Link,
        ),
        Intent::Download {
            customer,
            item,
            selection,
        } => (
            Post,
            software_path(&customer, &item, "downloads"),
            json(&Chosen { selection }),
            Reads::File,
        ),
        // Not sent through here: the server answers the file itself (see `download_via_link`).
        Intent::DownloadViaLink { token } => (
            Post,
            format!("/v1/links/{}/download", encode(&token.0)),
            Ok(String::new()),
            Reads::File,
        ),
        Intent::FileSupportRequest { form } => (
            Post,
            "/v1/servicerequests".to_owned(),
            json(&form),
            Reads::SupportRequest,
        ),
        Intent::SetSupportRequestStatus { id, status } => (
            Patch,
            format!("/v1/servicerequests/{}", encode(&id.0)),
            json(&StatusChange { status }),
            Reads::SupportRequest,
        ),
        Intent::MoveClock { to } => (
            Post,
            "/v1/clock".to_owned(),
            json(&Clock { now: to }),
            Reads::Clock,
        ),
    }
}

fn customer_path(customer: &CustomerId) -> String {
    format!("/v1/customers/{}", encode(&customer.0))
}

fn order_path(customer: &CustomerId, order: &OrderId) -> String {
    format!("{}/orders/{}", customer_path(customer), encode(&order.0))
}

fn subscription_path(customer: &CustomerId, subscription: &ItemId) -> String {
    format!(
        "{}/subscriptions/{}",
        customer_path(customer),
        encode(&subscription.0)
    )
}

fn software_path(customer: &CustomerId, item: &ItemId, action: &str) -> String {
    format!(
        "{}/software/{}/{action}",
        customer_path(customer),
        encode(&item.0)
    )
}

impl HttpBackend {
    /// A backend for the server at `base`; no one is signed in yet.
    pub fn new(base: &str) -> HttpBackend {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
            token: Arc::new(Mutex::new(None)),
            etags: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Whether a csp-server answers at `base`: its user list is JSON, where static hosting
    /// answers the app's `index.html` or nothing.
    pub async fn answers(base: &str) -> bool {
        let url = format!("{}/v1/session/users", base.trim_end_matches('/'));
        match Request::get(&url)
            .header("Accept", "application/json")
            .send()
            .await
        {
            Ok(response) if response.ok() => response.text().await.is_ok_and(|text| {
                crate::storage::from_json::<Vec<Value>>(&text)
                    .map_err(unreadable)
                    .and_then(decode_each::<User>)
                    .is_ok()
            }),
            _ => false,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authorized(&self, builder: RequestBuilder) -> RequestBuilder {
        let token = locked(&self.token).clone();
        match token {
            Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
            None => builder,
        }
    }

    /// A fresh key per write, so a retried request is applied once by the server.
    fn idempotent(builder: RequestBuilder) -> RequestBuilder {
        let mut bytes = [0u8; 16];
        BrowserRandomness.fill(&mut bytes);
        let key: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        builder.header("Idempotency-Key", &key)
    }

    fn etag_of(&self, path: &str) -> Option<String> {
        locked(&self.etags)
            .iter()
            .find(|(known, _)| known == path)
            .map(|(_, etag)| etag.clone())
    }

    fn remember_etag(&self, path: &str, etag: String) {
        let mut etags = locked(&self.etags);
        etags.retain(|(known, _)| known != path);
        etags.push((path.to_owned(), etag));
    }

    // The exchange is boxed and without generics, so that only the decoding of each answer
    // type, not the whole exchange, is repeated per type in the wasm.

    /// Sends `builder` for `path` (with `body` as JSON, a write, if any) and reads the answer's
    /// JSON, or the refusal or failure the server answered. A write carries the ETag last read
    /// for its path as `If-Match`; every answer's ETag is remembered for its path.
    fn exchange(
        &self,
        path: String,
        builder: RequestBuilder,
        body: Option<Answer<String>>,
    ) -> Pending {
        let builder = self.authorized(builder);
        let backend = self.clone();
        Box::pin(async move {
            let request = match body {
                None => builder.build(),
                Some(body) => {
                    let mut builder =
                        Self::idempotent(builder).header("Content-Type", "application/json");
                    if let Some(etag) = backend.etag_of(&path) {
                        builder = builder.header("If-Match", &etag);
                    }
                    builder.body(body?)
                }
            }
            .map_err(unreadable)?;
            let response = request.send().await.map_err(unreachable)?;
            if !response.ok() {
                return Err(Self::failure(response).await);
            }
            if let Some(etag) = response.headers().get("etag") {
                backend.remember_etag(&path, etag);
            }
            let text = response.text().await.map_err(unreadable)?;
            // Parsed once here; each caller decodes its type from the value.
            serde_json::from_str::<Value>(&text).map_err(unreadable)
        })
    }

    /// What went wrong, by a failed answer.
    async fn failure(response: Response) -> BackendError {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        match crate::storage::from_json::<ErrorBody>(&body) {
            Ok(ErrorBody {
                refusal: Some(refusal),
            }) => BackendError::Refused(refusal),
            _ => Unavailable::ServerError { status }.into(),
        }
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> impl Future<Output = Answer<T>> {
        let answer = self.exchange(path.to_owned(), Request::get(&self.url(path)), None);
        async move { decode(answer.await?) }
    }

    fn page(&self, path: &str) -> impl Future<Output = Answer<Page>> {
        self.get(path)
    }

    fn items<T: DeserializeOwned>(&self, path: &str) -> impl Future<Output = Answer<Vec<T>>> {
        let page = self.page(path);
        async move { decode_each(page.await?.items) }
    }

    /// Sends what the page asks as its request of the table above, and reads its answer.
    pub async fn execute(&self, intent: Intent) -> Answer<Reply> {
        if let Intent::DownloadViaLink { token } = intent {
            return self.download_via_link(token).await.map(Reply::File);
        }
        let (method, path, body, reads) = request_for(intent);
        let url = self.url(&path);
        let builder = match method {
            Method::Post => Request::post(&url),
            Method::Patch => Request::patch(&url),
        };
        let value = self.exchange(path, builder, Some(body)).await?;
        match reads {
            Reads::Order => decode(value).map(Reply::Order),
            Reads::Subscription => decode(value).map(Reply::Subscription),
            Reads::Key => decode::<Key>(value).map(|key| Reply::Key(key.key)),
            Reads::Link => decode(value).map(Reply::Link),
            Reads::File => decode(value).map(Reply::File),
            Reads::SupportRequest => decode(value).map(Reply::SupportRequest),
            Reads::Clock => decode::<Clock>(value).map(|clock| Reply::Clock(clock.now)),
        }
    }

    /// The users one can sign in as.
    pub async fn users(&self) -> Answer<Vec<User>> {
        self.get("/v1/session/users").await
    }

    /// Signs in; every later call carries the session's token.
    pub async fn sign_in(&self, user: UserId) -> Answer<User> {
        let path = "/v1/session";
        let body = Some(json(&SignIn { user: &user }));
        let answer = self.exchange(path.to_owned(), Request::post(&self.url(path)), body);
        let session: Session = decode(answer.await?)?;
        *locked(&self.token) = Some(session.token);
        Ok(session.user)
    }

    /// The simulation clock's now.
    pub async fn now(&self) -> Answer<DateTime<Utc>> {
        Ok(self.get::<Clock>("/v1/clock").await?.now)
    }

    /// Starts over from the demo data.
    pub async fn reset_demo(&self) -> Answer<()> {
        let path = "/v1/demo/reset";
        let body = Some(json(&Nothing {}));
        self.exchange(path.to_owned(), Request::post(&self.url(path)), body)
            .await
            .map(|_| ())
    }

    /// The customers that match `filter`, with every market for the filter's choices, in one
    /// request.
    pub async fn customers(&self, filter: CustomerFilter) -> Answer<CustomerList> {
        let market = filter
            .market
            .map(|market| market.code().to_owned())
            .unwrap_or_default();
        let path = format!(
            "/v1/customers?search={}&market={}",
            encode(&filter.search),
            encode(&market)
        );
        let page = self.page(&path).await?;
        Ok(CustomerList {
            total: page.total_count,
            markets: page.markets,
            customers: decode_each(page.items)?,
        })
    }

    /// One customer.
    pub async fn customer(&self, id: CustomerId) -> Answer<Customer> {
        self.get(&customer_path(&id)).await
    }

    /// What Add products offers.
    pub async fn offers(&self, customer: CustomerId) -> Answer<Vec<Offer>> {
        self.items(&format!("{}/offers", customer_path(&customer)))
            .await
    }

    /// Every order of a customer.
    pub async fn orders(&self, customer: CustomerId) -> Answer<Vec<Order>> {
        self.items(&format!("{}/orders", customer_path(&customer)))
            .await
    }

    /// One order.
    pub async fn order(&self, customer: CustomerId, order: OrderId) -> Answer<Order> {
        self.get(&order_path(&customer, &order)).await
    }

    /// The listed subscriptions.
    pub async fn subscriptions(&self, customer: CustomerId) -> Answer<Vec<SubscriptionView>> {
        self.items(&format!("{}/subscriptions", customer_path(&customer)))
            .await
    }

    /// One subscription.
    pub async fn subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
    ) -> Answer<SubscriptionView> {
        self.get(&subscription_path(&customer, &subscription)).await
    }

    /// The Software tab.
    pub async fn software(&self, customer: CustomerId) -> Answer<Vec<SoftwareView>> {
        self.items(&format!("{}/software", customer_path(&customer)))
            .await
    }

    /// The cancel dialog's orders of a product.
    pub async fn cancel_options(
        &self,
        customer: CustomerId,
        product: String,
    ) -> Answer<Vec<CancelOption>> {
        self.items(&format!(
            "{}/cancel-options?product={}",
            customer_path(&customer),
            encode(&product)
        ))
        .await
    }

    /// A link by its token.
    pub async fn link(&self, token: LinkToken) -> Answer<LinkView> {
        self.get(&format!("/v1/links/{}", encode(&token.0))).await
    }

    /// Downloads through a link: the server answers the file itself, named in its header.
    async fn download_via_link(&self, token: LinkToken) -> Answer<DownloadFile> {
        let url = self.url(&format!("/v1/links/{}/download", encode(&token.0)));
        let response = Request::get(&url).send().await.map_err(unreachable)?;
        if !response.ok() {
            return Err(Self::failure(response).await);
        }
        let file_name = response
            .headers()
            .get("content-disposition")
            .and_then(|header| {
                header
                    .split("filename=")
                    .nth(1)
                    .map(|name| name.trim_matches('"').to_owned())
            })
            .unwrap_or_else(|| "download.txt".to_owned());
        let content = response.text().await.map_err(unreachable)?;
        Ok(DownloadFile { file_name, content })
    }

    /// The credits the user may see.
    pub async fn credits(&self) -> Answer<Vec<Credit>> {
        self.items("/v1/credits").await
    }

    /// The activity log of a date range; the server fills in what is not chosen.
    pub async fn activity(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Answer<Vec<ActivityRecord>> {
        let day = |day: Option<NaiveDate>| day.map(|day| day.to_string()).unwrap_or_default();
        self.items(&format!(
            "/v1/auditrecords?startDate={}&endDate={}",
            day(from),
            day(to)
        ))
        .await
    }

    /// The support requests.
    pub async fn support_requests(&self) -> Answer<Vec<SupportRequest>> {
        self.items("/v1/servicerequests").await
    }
}
