//! `Backend::Http`: the same calls over JSON to `csp-server`, which decides them with the same
//! `csp-domain` for the user its bearer token names.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::service::Randomness;
use csp_domain::sort::sort_and_dedup;
use csp_domain::view::{DownloadFile, LinkView, Offer, SoftwareView, SubscriptionView};
use csp_domain::{
    ActivityRecord, BillingPlan, CancelOption, Credit, Customer, CustomerId, ItemId, LineRequest,
    LinkToken, Order, OrderId, ProductKey, Refusal, Selection, SupportRequest, SupportRequestForm,
    User, UserId,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Answer, BackendError, BrowserRandomness, CustomerFilter, CustomerList};
use crate::routes::encode;

/// A list as the server answers it, Partner Center style; each item is decoded by type.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    total_count: usize,
    items: Vec<Value>,
}

/// An exchange in flight: the answer's JSON, or why there is none.
type Pending = Pin<Box<dyn Future<Output = Answer<Value>>>>;

/// An error as the server answers it.
#[derive(Deserialize)]
struct ErrorBody {
    description: String,
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
}

fn unreachable(error: gloo_net::Error) -> BackendError {
    BackendError::Unavailable(format!("the server could not be reached ({error})"))
}

fn unreadable(error: &dyn std::fmt::Display) -> BackendError {
    BackendError::Unavailable(format!("the server's answer could not be read ({error})"))
}

/// An answer's JSON decoded as `T`.
fn decode<T: DeserializeOwned>(value: Value) -> Answer<T> {
    T::deserialize(value).map_err(|error| unreadable(&error))
}

/// Every item of a JSON array decoded as `T`.
fn decode_each<T: DeserializeOwned>(values: Vec<Value>) -> Answer<Vec<T>> {
    values.into_iter().map(decode).collect()
}

/// A request body as JSON text.
fn json(body: &impl Serialize) -> Answer<String> {
    serde_json::to_string(body).map_err(|error| BackendError::Unavailable(error.to_string()))
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

impl HttpBackend {
    /// A backend for the server at `base`; no one is signed in yet.
    pub fn new(base: &str) -> HttpBackend {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
            token: Arc::new(Mutex::new(None)),
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
                    .map_err(|error| unreadable(&error))
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
        let token = self
            .token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
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

    // The exchange is boxed and without generics, so that only the decoding of each answer
    // type, not the whole exchange, is repeated per type in the wasm.

    /// Sends `builder` (with `body` as JSON, a write, if any) and reads the answer's JSON, or
    /// the refusal or failure the server answered.
    fn exchange(&self, builder: RequestBuilder, body: Option<Answer<String>>) -> Pending {
        let builder = self.authorized(builder);
        Box::pin(async move {
            let request = match body {
                None => builder.build(),
                Some(body) => Self::idempotent(builder)
                    .header("Content-Type", "application/json")
                    .body(body?),
            }
            .map_err(|error| BackendError::Unavailable(error.to_string()))?;
            let response = request.send().await.map_err(unreachable)?;
            if !response.ok() {
                return Err(Self::failure(response).await);
            }
            let text = response.text().await.map_err(|error| unreadable(&error))?;
            // Parsed once here; each caller decodes its type from the value.
            serde_json::from_str::<Value>(&text).map_err(|error| unreadable(&error))
        })
    }

    /// What went wrong, by a failed answer.
    async fn failure(response: Response) -> BackendError {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        match crate::storage::from_json::<ErrorBody>(&body) {
            Ok(ErrorBody {
                refusal: Some(refusal),
                ..
            }) => BackendError::Refused(refusal),
            Ok(ErrorBody { description, .. }) => BackendError::Unavailable(description),
            Err(_) => BackendError::Unavailable(format!("the server answered {status}")),
        }
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> impl Future<Output = Answer<T>> {
        let answer = self.exchange(Request::get(&self.url(path)), None);
        async move { decode(answer.await?) }
    }

    fn page(&self, path: &str) -> impl Future<Output = Answer<Page>> {
        self.get(path)
    }

    fn items<T: DeserializeOwned>(&self, path: &str) -> impl Future<Output = Answer<Vec<T>>> {
        let page = self.page(path);
        async move { decode_each(page.await?.items) }
    }

    fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> impl Future<Output = Answer<T>> {
        let answer = self.exchange(Request::post(&self.url(path)), Some(json(body)));
        async move { decode(answer.await?) }
    }

    fn patch<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> impl Future<Output = Answer<T>> {
        let answer = self.exchange(Request::patch(&self.url(path)), Some(json(body)));
        async move { decode(answer.await?) }
    }

    fn customer_path(customer: &CustomerId) -> String {
        format!("/v1/customers/{}", encode(&customer.0))
    }

    fn software_path(customer: &CustomerId, item: &ItemId, action: &str) -> String {
        format!(
            "{}/software/{}/{action}",
            Self::customer_path(customer),
            encode(&item.0)
        )
    }

    /// The users one can sign in as.
    pub async fn users(&self) -> Answer<Vec<User>> {
        self.get("/v1/session/users").await
    }

    /// Signs in; every later call carries the session's token.
    pub async fn sign_in(&self, user: UserId) -> Answer<User> {
        let session: Session = self.post("/v1/session", &SignIn { user: &user }).await?;
        *self
            .token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(session.token);
        Ok(session.user)
    }

    /// The simulation clock's now.
    pub async fn now(&self) -> Answer<DateTime<Utc>> {
        Ok(self.get::<Clock>("/v1/clock").await?.now)
    }

    /// Moves the clock forward.
    pub async fn move_clock(&self, to: DateTime<Utc>) -> Answer<DateTime<Utc>> {
        Ok(self
            .post::<Clock>("/v1/clock", &Clock { now: to })
            .await?
            .now)
    }

    /// Starts over from the demo data.
    pub async fn reset_demo(&self) -> Answer<()> {
        self.post::<serde::de::IgnoredAny>("/v1/demo/reset", &Nothing {})
            .await
            .map(|_| ())
    }

    /// The customers that match `filter`, with every market for the filter's choices.
    pub async fn customers(&self, filter: CustomerFilter) -> Answer<CustomerList> {
        let everyone = self.page("/v1/customers").await?;
        let total = everyone.total_count;
        let everyone: Vec<Customer> = decode_each(everyone.items)?;
        let mut markets: Vec<_> = everyone.iter().map(|customer| customer.market).collect();
        sort_and_dedup(&mut markets);
        let market = filter
            .market
            .map(|market| market.code().to_owned())
            .unwrap_or_default();
        let customers = if filter.search.is_empty() && market.is_empty() {
            everyone
        } else {
            let path = format!(
                "/v1/customers?search={}&market={}",
                encode(&filter.search),
                encode(&market)
            );
            self.items(&path).await?
        };
        Ok(CustomerList {
            customers,
            total,
            markets,
        })
    }

    /// One customer.
    pub async fn customer(&self, id: CustomerId) -> Answer<Customer> {
        self.get(&Self::customer_path(&id)).await
    }

    /// What Add products offers.
    pub async fn offers(&self, customer: CustomerId) -> Answer<Vec<Offer>> {
        self.items(&format!("{}/offers", Self::customer_path(&customer)))
            .await
    }

    /// Places an order.
    pub async fn place_order(
        &self,
        customer: CustomerId,
        lines: Vec<LineRequest>,
    ) -> Answer<Order> {
        self.post(
            &format!("{}/orders", Self::customer_path(&customer)),
            &PlaceOrder { line_items: lines },
        )
        .await
    }

    /// Every order of a customer.
    pub async fn orders(&self, customer: CustomerId) -> Answer<Vec<Order>> {
        self.items(&format!("{}/orders", Self::customer_path(&customer)))
            .await
    }

    /// One order.
    pub async fn order(&self, customer: CustomerId, order: OrderId) -> Answer<Order> {
        self.get(&format!(
            "{}/orders/{}",
            Self::customer_path(&customer),
            encode(&order.0)
        ))
        .await
    }

    /// The listed subscriptions.
    pub async fn subscriptions(&self, customer: CustomerId) -> Answer<Vec<SubscriptionView>> {
        self.items(&format!("{}/subscriptions", Self::customer_path(&customer)))
            .await
    }

    fn subscription_path(customer: &CustomerId, subscription: &ItemId) -> String {
        format!(
            "{}/subscriptions/{}",
            Self::customer_path(customer),
            encode(&subscription.0)
        )
    }

    /// One subscription.
    pub async fn subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
    ) -> Answer<SubscriptionView> {
        self.get(&Self::subscription_path(&customer, &subscription))
            .await
    }

    /// Turns autorenew on or off.
    pub async fn set_autorenew(
        &self,
        customer: CustomerId,
        subscription: ItemId,
        enabled: bool,
    ) -> Answer<SubscriptionView> {
        self.patch(
            &Self::subscription_path(&customer, &subscription),
            &Autorenew {
                auto_renew_enabled: enabled,
            },
        )
        .await
    }

    /// Changes the billing frequency.
    pub async fn set_billing_plan(
        &self,
        customer: CustomerId,
        subscription: ItemId,
        plan: BillingPlan,
    ) -> Answer<SubscriptionView> {
        self.patch(
            &Self::subscription_path(&customer, &subscription),
            &BillingCycle {
                billing_cycle: plan,
            },
        )
        .await
    }

    /// Cancels a subscription.
    pub async fn cancel_subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
        acknowledged: bool,
    ) -> Answer<SubscriptionView> {
        let body = Cancellation {
            status: "deleted",
            line_items: None,
            acknowledged,
        };
        self.patch(&Self::subscription_path(&customer, &subscription), &body)
            .await
    }

    /// The Software tab.
    pub async fn software(&self, customer: CustomerId) -> Answer<Vec<SoftwareView>> {
        self.items(&format!("{}/software", Self::customer_path(&customer)))
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
            Self::customer_path(&customer),
            encode(&product)
        ))
        .await
    }

    /// Cancels lines of an order.
    pub async fn cancel_order_lines(
        &self,
        customer: CustomerId,
        order: OrderId,
        lines: Vec<u32>,
        acknowledged: bool,
    ) -> Answer<Order> {
        let line_items = lines
            .into_iter()
            .map(|line_item_number| LineNumber { line_item_number })
            .collect();
        let body = Cancellation {
            status: "cancelled",
            line_items: Some(line_items),
            acknowledged,
        };
        self.patch(
            &format!(
                "{}/orders/{}",
                Self::customer_path(&customer),
                encode(&order.0)
            ),
            &body,
        )
        .await
    }

    /// Shows the product key.
    pub async fn reveal_key(
        &self,
        customer: CustomerId,
        item: ItemId,
        selection: Selection,
    ) -> Answer<ProductKey> {
        let key: Key = self
            .post(
                &Self::software_path(&customer, &item, "key"),
                &Chosen { selection },
            )
            .await?;
        Ok(key.key)
    }

    /// Issues a fresh download link.
    pub async fn issue_download_link(
        &self,
        customer: CustomerId,
        item: ItemId,
        selection: Selection,
    ) -> Answer<LinkView> {
        self.post(
            &Self::software_path(&customer, &item, "links"),
            &Chosen { selection },
        )
        .await
    }

    /// Downloads the bits.
    pub async fn download(
        &self,
        customer: CustomerId,
        item: ItemId,
        selection: Selection,
    ) -> Answer<DownloadFile> {
        self.post(
            &Self::software_path(&customer, &item, "downloads"),
            &Chosen { selection },
        )
        .await
    }

    /// A link by its token.
    pub async fn link(&self, token: LinkToken) -> Answer<LinkView> {
        self.get(&format!("/v1/links/{}", encode(&token.0))).await
    }

    /// Downloads through a link: the server answers the file itself, named in its header.
    pub async fn download_via_link(&self, token: LinkToken) -> Answer<DownloadFile> {
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

    /// The activity log of a date range.
    pub async fn activity(&self, from: NaiveDate, to: NaiveDate) -> Answer<Vec<ActivityRecord>> {
        self.items(&format!("/v1/auditrecords?startDate={from}&endDate={to}"))
            .await
    }

    /// The support requests.
    pub async fn support_requests(&self) -> Answer<Vec<SupportRequest>> {
        self.items("/v1/servicerequests").await
    }

    /// Files a support request.
    pub async fn file_support_request(&self, form: SupportRequestForm) -> Answer<SupportRequest> {
        self.post("/v1/servicerequests", &form).await
    }
}
