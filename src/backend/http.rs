//! `Backend::Http`: the same calls over JSON to `csp-server`, which decides them with the same
//! `csp-domain` for the user its bearer token names.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::execute::Randomness;
use csp_domain::paging::{self, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use csp_domain::queries::{
    CustomerFilter, CustomerList, DownloadFile, LinkView, Offer, SoftwareView, SubscriptionView,
};
use csp_domain::{
    ActivityRecord, CancelOption, Charge, Credit, CreditsByMonth, Customer, CustomerId, Deadline,
    DeadlineFilter, Intent, ItemId, LinkToken, Market, Order, OrderId, Refusal, Reply,
    SupportRequest, SupportRequestId, User, UserId,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use csp_domain::accounts::{Account, AccountChange, AccountRecord, NewAccount};

use super::api::{self, read_path, Clock, Method, Read};
use super::{Answer, BackendError, BrowserRandomness, Unavailable};

/// A list as the server answers it, Partner Center style; each item is decoded by type.
struct Page {
    total_count: usize,
    items: Vec<Value>,
    /// The customer list's markets, for its filter.
    markets: Vec<Market>,
    /// A paged list's count of what matches, and where the page starts in it.
    matching_count: usize,
    offset: usize,
    /// Where the next page is, if there is one (`links.next.uri`).
    next: Option<String>,
}

impl Page {
    /// A page read from the server's JSON. By hand: serde's derived readers of the page and
    /// its links weighed about 2 KB of the wasm.
    fn read(mut value: Value) -> Answer<Page> {
        let count = |value: &Value, name: &str| value.get(name).and_then(Value::as_u64);
        let mut take = |name: &str| value.get_mut(name).map(Value::take);
        let items = match take("items") {
            Some(Value::Array(items)) => items,
            _ => return Err(Unavailable::Unreadable.into()),
        };
        let markets = match take("markets") {
            Some(markets) => decode(markets)?,
            None => Vec::new(),
        };
        let next = value
            .pointer("/links/next/uri")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let (total_count, matching_count, offset) = (
            count(&value, "totalCount").ok_or(Unavailable::Unreadable)?,
            count(&value, "matchingCount").unwrap_or(0),
            count(&value, "offset").unwrap_or(0),
        );
        Ok(Page {
            total_count: total_count as usize,
            items,
            markets,
            matching_count: matching_count as usize,
            offset: offset as usize,
            next,
        })
    }
}

/// The path of a read's page of `size` items from `offset`.
fn paged_path(read: &Read, size: usize, offset: usize) -> String {
    let path = read_path(read);
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}size={size}&offset={offset}")
}

/// A page's items undecoded, where it starts, and how many the whole list holds.
type Values = (Vec<Value>, usize, usize);

/// Aborts its request when dropped: after the answer that is nothing; before it, the browser
/// cancels the request.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
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

#[derive(Serialize)]
struct SignIn<'a> {
    user: &'a UserId,
}

#[derive(Serialize)]
struct Nothing {}

#[derive(Serialize)]
struct Credentials<'a> {
    email: &'a str,
    password: &'a str,
}

#[derive(Deserialize)]
struct Server {
    mode: ServerMode,
}

/// How a csp-server runs.
// Read from its name by a match: serde's derived reader of an enum weighed 900 bytes of wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum ServerMode {
    /// Demo users, a simulation clock, reset.
    Demo,
    /// Accounts with passwords, the system's clock.
    Real,
}

impl TryFrom<String> for ServerMode {
    type Error = String;

    fn try_from(name: String) -> Result<ServerMode, String> {
        match name.as_str() {
            "demo" => Ok(ServerMode::Demo),
            "real" => Ok(ServerMode::Real),
            _ => Err(format!("unknown server mode `{name}`")),
        }
    }
}

/// Where this browser keeps the session token of the real server at `base` (empty for the
/// page's own), so a reload stays signed in. One key per server: a token is only ever sent
/// back to the server that gave it, whatever `?backend=` a link names.
pub fn session_token_key(base: &str) -> String {
    format!("csp-desk.session:{}", base.trim_end_matches('/'))
}

/// Keeps (or forgets) the session token of the server at `base` in this browser.
fn keep_token(base: &str, token: Option<&str>) {
    use crate::storage::KeyValueStore;
    let key = session_token_key(base);
    let _ = crate::storage::BrowserStorage.set(&key, token.unwrap_or_default());
}

/// The server at `base` (such as `http://127.0.0.1:8080`, or empty for this page's origin).
#[derive(Clone)]
pub struct HttpBackend {
    base: String,
    token: Arc<Mutex<Option<String>>>,
    /// The ETag last read for each order and subscription path, sent back as `If-Match` with a
    /// change, so a change made by someone else since is refused instead of overwritten.
    etags: Arc<Mutex<Vec<(String, String)>>>,
    /// What to do when the server says the session has ended (expired, signed out elsewhere,
    /// or the user disabled): the shell shows the sign-in page.
    on_signed_out: Arc<Mutex<Option<SignedOutHook>>>,
}

/// Called when a signed-in request is answered 401.
pub type SignedOutHook = Arc<dyn Fn() + Send + Sync>;

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

impl HttpBackend {
    /// A backend for the server at `base`; no one is signed in yet.
    pub fn new(base: &str) -> HttpBackend {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
            token: Arc::new(Mutex::new(None)),
            etags: Arc::new(Mutex::new(Vec::new())),
            on_signed_out: Arc::new(Mutex::new(None)),
        }
    }

    /// Calls `hook` whenever a request made with a session is answered 401.
    pub fn when_signed_out(&self, hook: SignedOutHook) {
        *locked(&self.on_signed_out) = Some(hook);
    }

    /// How the csp-server at `base` runs, if one answers there: `/v1/server` is JSON, where
    /// static hosting answers the app's `index.html` or nothing.
    pub async fn mode(base: &str) -> Option<ServerMode> {
        let url = format!("{}/v1/server", base.trim_end_matches('/'));
        let response = Request::get(&url)
            .header("Accept", "application/json")
            .send()
            .await
            .ok()
            .filter(Response::ok)?;
        let text = response.text().await.ok()?;
        crate::storage::from_json::<Server>(&text)
            .ok()
            .map(|server| server.mode)
    }

    /// Resumes the session of a kept token: the user it signs in, or why not.
    pub async fn resume(&self, token: String) -> Answer<User> {
        *locked(&self.token) = Some(token);
        let answer = self.fetch("/v1/session".to_owned());
        let user = decode(answer.await?);
        if user.is_err() {
            *locked(&self.token) = None;
        }
        user
    }

    /// Signs in with an email and a password; the token is kept for this browser.
    pub async fn sign_in_with_password(&self, email: &str, password: &str) -> Answer<User> {
        let path = "/v1/session";
        let body = Some(json(&Credentials { email, password }));
        let answer = self.exchange(path.to_owned(), Request::post(&self.url(path)), body);
        let session: Session = match answer.await {
            Err(BackendError::Unavailable(Unavailable::SignedOut)) => {
                return Err(Unavailable::SignInFailed.into())
            }
            other => decode(other?)?,
        };
        keep_token(&self.base, Some(&session.token));
        *locked(&self.token) = Some(session.token);
        Ok(session.user)
    }

    /// Ends the session here and on the server.
    pub async fn sign_out(&self) -> Answer<()> {
        let path = "/v1/session";
        let answer = self.exchange(path.to_owned(), Request::delete(&self.url(path)), None);
        let ended = answer.await.map(|_| ());
        keep_token(&self.base, None);
        *locked(&self.token) = None;
        match ended {
            Err(BackendError::Unavailable(Unavailable::SignedOut)) => Ok(()),
            other => other,
        }
    }

    /// Every user, for a Global admin.
    pub async fn accounts(&self) -> Answer<Vec<Account>> {
        let page = Page::read(self.fetch("/v1/users".to_owned()).await?)?;
        decode_each(page.items)
    }

    /// Adds a user.
    pub async fn add_account(&self, form: NewAccount) -> Answer<Account> {
        let path = "/v1/users";
        let body = Some(json(&form));
        decode(
            self.exchange(path.to_owned(), Request::post(&self.url(path)), body)
                .await?,
        )
    }

    /// Changes a user's roles, or disables or enables them.
    pub async fn change_account(&self, user: UserId, change: AccountChange) -> Answer<Account> {
        let path = format!("/v1/users/{}", crate::routes::encode(&user.0));
        let body = Some(json(&change));
        let builder = Request::patch(&self.url(&path));
        decode(self.exchange(path, builder, body).await?)
    }

    /// The record of sign-ins and user changes, newest first.
    pub async fn account_records(&self) -> Answer<Vec<AccountRecord>> {
        let page = Page::read(self.fetch("/v1/accountrecords".to_owned()).await?)?;
        decode_each(page.items)
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
            // A read whose answer nobody waits for any more (a newer keystroke made it stale,
            // and `loaded` let go of it) is cancelled, not left to finish on the wire.
            let cancel = AbortOnDrop(web_sys::AbortController::new().ok());
            let request = match body {
                None => builder
                    .abort_signal(cancel.0.as_ref().map(|c| c.signal()).as_ref())
                    .build(),
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
                let failure = Self::failure(response).await;
                let had_session = locked(&backend.token).is_some();
                if had_session && failure == BackendError::Unavailable(Unavailable::SignedOut) {
                    *locked(&backend.token) = None;
                    keep_token(&backend.base, None);
                    let hook = locked(&backend.on_signed_out).clone();
                    if let Some(hook) = hook {
                        hook();
                    }
                }
                return Err(failure);
            }
            if let Some(etag) = response.headers().get("etag") {
                backend.remember_etag(&path, etag);
            }
            let text = response.text().await.map_err(unreadable)?;
            if text.is_empty() {
                return Ok(Value::Null);
            }
            // Parsed once here; each caller decodes its type from the value.
            serde_json::from_str::<Value>(&text).map_err(unreadable)
        })
    }

    /// What went wrong, by a failed answer.
    async fn failure(response: Response) -> BackendError {
        let status = response.status();
        match status {
            401 => return Unavailable::SignedOut.into(),
            429 => {
                let seconds: u64 = response
                    .headers()
                    .get("retry-after")
                    .and_then(|value| value.trim().parse().ok())
                    .unwrap_or(60);
                return Unavailable::TooManySignIns {
                    minutes: seconds.div_ceil(60),
                }
                .into();
            }
            _ => {}
        }
        let body = response.text().await.unwrap_or_default();
        match crate::storage::from_json::<ErrorBody>(&body) {
            Ok(ErrorBody {
                refusal: Some(refusal),
            }) => BackendError::Refused(refusal),
            _ => Unavailable::ServerError { status }.into(),
        }
    }

    /// The JSON the server answers a GET of `path` with.
    fn fetch(&self, path: String) -> Pending {
        let builder = Request::get(&self.url(&path));
        self.exchange(path, builder, None)
    }

    fn get<T: DeserializeOwned>(&self, read: Read) -> impl Future<Output = Answer<T>> {
        let answer = self.fetch(read_path(&read));
        async move { decode(answer.await?) }
    }

    fn page(&self, read: Read) -> impl Future<Output = Answer<Page>> {
        let answer = self.fetch(read_path(&read));
        async move { Page::read(answer.await?) }
    }

    /// Every item of a list, in pages of the most a page may hold, following `links.next`.
    fn every_item(&self, read: Read) -> Pin<Box<dyn Future<Output = Answer<Vec<Value>>>>> {
        let backend = self.clone();
        let mut next = Some(paged_path(&read, MAX_PAGE_SIZE, 0));
        Box::pin(async move {
            let mut items = Vec::new();
            while let Some(path) = next {
                let page = Page::read(backend.fetch(path).await?)?;
                items.extend(page.items);
                next = page.next;
            }
            Ok(items)
        })
    }

    /// The `number`th page of a list in pages of 50, as its table shows it: only that page
    /// is read. `None` reads every page, as one.
    fn numbered<T: DeserializeOwned>(
        &self,
        read: Read,
        number: Option<usize>,
    ) -> impl Future<Output = Answer<paging::Page<T>>> {
        let page = self.page_of_values(read, number);
        async move {
            let (items, offset, matching) = page.await?;
            Ok(paging::Page {
                items: decode_each(items)?,
                offset,
                matching,
                next: None,
            })
        }
    }

    /// [`HttpBackend::numbered`]'s items, undecoded, with their offset and the list's count.
    fn page_of_values(
        &self,
        read: Read,
        number: Option<usize>,
    ) -> Pin<Box<dyn Future<Output = Answer<Values>>>> {
        let Some(number) = number else {
            let every = self.every_item(read);
            return Box::pin(async move {
                let items = every.await?;
                let matching = items.len();
                Ok((items, 0, matching))
            });
        };
        let start = number.saturating_sub(1).saturating_mul(DEFAULT_PAGE_SIZE);
        let answer = self.fetch(paged_path(&read, DEFAULT_PAGE_SIZE, start));
        Box::pin(async move {
            let page = Page::read(answer.await?)?;
            Ok((page.items, page.offset, page.total_count))
        })
    }

    fn items<T: DeserializeOwned>(&self, read: Read) -> impl Future<Output = Answer<Vec<T>>> {
        let items = self.every_item(read);
        async move { decode_each(items.await?) }
    }

    /// Sends what the page asks as its request of the API's table, and reads its answer.
    pub async fn execute(&self, intent: Intent) -> Answer<Reply> {
        if let Intent::DownloadViaLink { token } = intent {
            return self.download_via_link(token).await.map(Reply::File);
        }
        let (method, path, body, reads) = api::request_for(intent);
        let url = self.url(&path);
        let builder = match method {
            Method::Post => Request::post(&url),
            Method::Patch => Request::patch(&url),
        };
        let body = body.map_err(unreadable);
        let value = self.exchange(path, builder, Some(body)).await?;
        api::read_reply(reads, value).map_err(unreadable)
    }

    /// The users one can sign in as.
    pub async fn users(&self) -> Answer<Vec<User>> {
        self.get(Read::Users).await
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
        let answer = self.fetch(read_path(&Read::Now));
        Clock::now_of(answer.await?).map_err(unreadable)
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
        let page = self.page(Read::Customers(filter)).await?;
        Ok(CustomerList {
            total: page.total_count,
            markets: page.markets,
            offset: page.offset,
            matching: page.matching_count,
            // The app pages by number, never by token.
            next: None,
            customers: decode_each(page.items)?,
        })
    }

    /// One customer.
    pub async fn customer(&self, id: CustomerId) -> Answer<Customer> {
        self.get(Read::Customer(id)).await
    }

    /// What Add products offers.
    pub async fn offers(&self, customer: CustomerId) -> Answer<Vec<Offer>> {
        self.items(Read::Offers(customer)).await
    }

    /// A page of a customer's orders; `None` for all of them.
    pub async fn orders(
        &self,
        customer: CustomerId,
        number: Option<usize>,
    ) -> Answer<paging::Page<Order>> {
        self.numbered(Read::Orders(customer), number).await
    }

    /// One order.
    pub async fn order(&self, customer: CustomerId, order: OrderId) -> Answer<Order> {
        self.get(Read::Order(customer, order)).await
    }

    /// A page of the listed subscriptions; `None` for all of them.
    pub async fn subscriptions(
        &self,
        customer: CustomerId,
        number: Option<usize>,
    ) -> Answer<paging::Page<SubscriptionView>> {
        self.numbered(Read::Subscriptions(customer), number).await
    }

    /// One subscription.
    pub async fn subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
    ) -> Answer<SubscriptionView> {
        self.get(Read::Subscription(customer, subscription)).await
    }

    /// A page of the Software tab.
    pub async fn software(
        &self,
        customer: CustomerId,
        number: usize,
    ) -> Answer<paging::Page<SoftwareView>> {
        self.numbered(Read::Software(customer), Some(number)).await
    }

    /// The cancel dialog's orders of a product.
    pub async fn cancel_options(
        &self,
        customer: CustomerId,
        product: String,
    ) -> Answer<Vec<CancelOption>> {
        self.items(Read::CancelOptions(customer, product)).await
    }

    /// A link by its token.
    pub async fn link(&self, token: LinkToken) -> Answer<LinkView> {
        self.get(Read::Link(token)).await
    }

    /// Downloads through a link: the server answers the file itself, named in its header.
    async fn download_via_link(&self, token: LinkToken) -> Answer<DownloadFile> {
        let url = self.url(&api::link_download_path(&token));
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

    /// A page of the credits the user may see; `None` for all of them.
    pub async fn credits(&self, number: Option<usize>) -> Answer<paging::Page<Credit>> {
        self.numbered(Read::Credits, number).await
    }

    /// Billing's chart of the credits the user may see.
    pub async fn credits_by_month(&self) -> Answer<Vec<CreditsByMonth>> {
        self.items(Read::CreditsByMonth).await
    }

    /// A page of the charges the user may see.
    pub async fn charges(&self, number: usize) -> Answer<paging::Page<Charge>> {
        self.numbered(Read::Charges, Some(number)).await
    }

    /// A page of the activity log of a date range (`None`: all of it); the server fills in
    /// what is not chosen.
    pub async fn activity(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        number: Option<usize>,
    ) -> Answer<paging::Page<ActivityRecord>> {
        self.numbered(Read::Activity(from, to), number).await
    }

    /// The support requests.
    pub async fn support_requests(&self, number: usize) -> Answer<paging::Page<SupportRequest>> {
        self.numbered(Read::SupportRequests, Some(number)).await
    }

    /// One support request.
    pub async fn support_request(&self, id: SupportRequestId) -> Answer<SupportRequest> {
        self.get(Read::SupportRequest(id)).await
    }

    /// Closing soon's deadlines.
    pub async fn deadlines(
        &self,
        filter: DeadlineFilter,
        number: Option<usize>,
    ) -> Answer<paging::Page<Deadline>> {
        self.numbered(Read::Deadlines(filter), number).await
    }
}

#[cfg(test)]
mod tests {
    use super::ServerMode;

    #[test]
    fn the_server_modes_are_read_by_the_names_csp_server_writes() {
        let read = |name: &str| serde_json::from_value::<ServerMode>(serde_json::json!(name));
        assert_eq!(read("demo").unwrap(), ServerMode::Demo);
        assert_eq!(read("real").unwrap(), ServerMode::Real);
        assert!(read("Real").is_err());
        assert!(read("staging").is_err());
    }
}
