//! The `/v1` routes: Partner Center's paths and names where one exists, each decided for the
//! signed-in user by csp-domain.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::handler::Handler;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::{Json, Router};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use csp_domain::command::LineRequest;
use csp_domain::service::link_holder;
use csp_domain::view::{self, DownloadFile};
use csp_domain::{
    Action, BillingPlan, CustomerId, ItemId, LinkToken, OrderId, Refusal, Selection,
    SupportRequestForm, SupportRequestId, SupportRequestStatus, User, UserId,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::ApiError;
use crate::extract::{bearer_token, check_if_match, Caller, JsonBody, Params, WriteRequest};
use crate::openapi;
use crate::state::{etag_of, AppState, Decided, Reply};

/// The routes, recorded as they are added, so the OpenAPI document can be checked against
/// exactly what the router serves.
pub struct Api {
    router: Router<AppState>,
    served: Vec<(Method, &'static str)>,
}

impl Api {
    fn add<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Api
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        self.router = self.router.route(path, on(filter, handler));
        self.served.push((method, path));
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Api {
        self.add(Method::GET, path, handler)
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Api {
        self.add(Method::POST, path, handler)
    }

    fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Api {
        self.add(Method::PATCH, path, handler)
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Api {
        self.add(Method::DELETE, path, handler)
    }
}

/// Every route of the API, with the handler that answers it.
pub fn api() -> Api {
    Api {
        router: Router::new(),
        served: Vec::new(),
    }
    .get("/v1/openapi.json", openapi_document)
    .get("/v1/session/users", session_users)
    .post("/v1/session", sign_in)
    .delete("/v1/session", sign_out)
    .get("/v1/clock", get_clock)
    .post("/v1/clock", move_clock)
    .post("/v1/demo/reset", reset_demo)
    .get("/v1/customers", list_customers)
    .get("/v1/customers/{customerId}", get_customer)
    .get("/v1/customers/{customerId}/offers", list_offers)
    .get("/v1/customers/{customerId}/orders", list_orders)
    .post("/v1/customers/{customerId}/orders", place_order)
    .get("/v1/customers/{customerId}/orders/{orderId}", get_order)
    .patch(
        "/v1/customers/{customerId}/orders/{orderId}",
        cancel_order_lines,
    )
    .get(
        "/v1/customers/{customerId}/subscriptions",
        list_subscriptions,
    )
    .get(
        "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
        get_subscription,
    )
    .patch(
        "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
        change_subscription,
    )
    .get("/v1/customers/{customerId}/software", list_software)
    .get("/v1/customers/{customerId}/cancel-options", cancel_options)
    .post(
        "/v1/customers/{customerId}/software/{itemId}/key",
        reveal_key,
    )
    .post(
        "/v1/customers/{customerId}/software/{itemId}/links",
        issue_download_link,
    )
    .post(
        "/v1/customers/{customerId}/software/{itemId}/downloads",
        download,
    )
    .get("/v1/customers/{customerId}/credits", customer_credits)
    .get("/v1/credits", list_credits)
    .get("/v1/links/{token}", get_link)
    .get("/v1/links/{token}/download", download_via_link)
    .get("/v1/auditrecords", audit_records)
    .get("/v1/servicerequests", list_service_requests)
    .post("/v1/servicerequests", file_service_request)
    .patch("/v1/servicerequests/{requestId}", change_service_request)
}

impl Api {
    /// The routes as (method, path) pairs, in the order they were added.
    pub fn served(&self) -> &[(Method, &'static str)] {
        &self.served
    }

    /// The router of these routes.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// A list as Partner Center wraps one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page<T> {
    total_count: usize,
    items: Vec<T>,
}

fn page<T>(items: Vec<T>) -> Json<Page<T>> {
    Json(Page {
        total_count: items.len(),
        items,
    })
}

fn with_etag(body: impl Serialize, etag: String) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let json = [(header::CONTENT_TYPE, "application/json")];
        let mut response = (self.status, json, self.body).into_response();
        let headers = response.headers_mut();
        for (name, value) in [(header::ETAG, self.etag), (header::LOCATION, self.location)] {
            if let Some(value) = value.and_then(|value| HeaderValue::from_str(&value).ok()) {
                headers.insert(name, value);
            }
        }
        response
    }
}

/// Query parameters, answered with a JSON 400 when they cannot be read.
type QueryMap = Result<Query<HashMap<String, String>>, QueryRejection>;

fn query(params: QueryMap) -> Result<HashMap<String, String>, ApiError> {
    params
        .map(|Query(params)| params)
        .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
}

fn partner_only(user: &User, action: Action) -> Result<(), ApiError> {
    match user {
        User::Partner { .. } => Ok(()),
        // Customer users hold no partner role; the refusal says the action is for partners.
        User::CustomerGlobalAdmin { .. } => Err(Refusal::MissingRole {
            action,
            needs: Vec::new(),
        }
        .into()),
    }
}

// --- The document --------------------------------------------------------------------------

async fn openapi_document() -> Json<serde_json::Value> {
    Json(openapi::document())
}

// --- Session -------------------------------------------------------------------------------

async fn session_users(State(state): State<AppState>) -> Json<Vec<User>> {
    Json(state.users().to_vec())
}

#[derive(Deserialize)]
struct SignIn {
    user: UserId,
}

async fn sign_in(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    let user = state
        .users()
        .iter()
        .find(|user| user.id() == &body.user)
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "unknown_user",
                format!(
                    "There is no demo user {}; GET /v1/session/users lists them.",
                    body.user
                ),
            )
        })?;
    let token = state.sign_in(user.id().clone()).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "user": user })),
    )
        .into_response())
}

async fn sign_out(
    State(state): State<AppState>,
    Caller(_): Caller,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = bearer_token(&headers).unwrap_or_default().to_owned();
    state.sign_out(token).await?;
    Ok(StatusCode::NO_CONTENT)
}

// --- The simulation clock and the demo -----------------------------------------------------

#[derive(Serialize, Deserialize)]
struct Clock {
    now: DateTime<Utc>,
}

async fn get_clock(State(state): State<AppState>, Caller(_): Caller) -> Json<Clock> {
    Json(Clock {
        now: state.live().now,
    })
}

async fn move_clock(
    State(state): State<AppState>,
    request: WriteRequest<Clock>,
) -> Result<Reply, ApiError> {
    let target = request.body.now;
    state
        .run(request.write, move |context| {
            if target < context.now {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "clock_backwards",
                    format!(
                        "The clock only moves forward; it is {} now.",
                        context.now.to_rfc3339()
                    ),
                ));
            }
            context.now = target;
            let outcome = context.service().end_due_terms()?;
            Ok(Decided::of(outcome, |()| Reply::ok(&Clock { now: target })))
        })
        .await
}

async fn reset_demo(
    State(state): State<AppState>,
    Caller(user): Caller,
) -> Result<Json<Clock>, ApiError> {
    if !matches!(user, User::Partner { .. }) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "partner_users_only",
            "Only partner users can reset the demo.",
        ));
    }
    state.reset_to_demo().await?;
    Ok(Json(Clock {
        now: state.live().now,
    }))
}

// --- Customers -----------------------------------------------------------------------------

async fn list_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let search = params.get("search").map(String::as_str).unwrap_or("");
    let market = params.get("market").map(|m| m.trim()).unwrap_or("");
    let live = state.live();
    let readable = view::customers(&live.desk, &user);
    let items: Vec<_> = readable
        .iter()
        .filter(|customer| customer.matches(search))
        .filter(|customer| market.is_empty() || customer.market.code().eq_ignore_ascii_case(market))
        .collect();
    // totalCount counts every customer the user may read, so a page can say "3 of 12".
    Ok(Json(Page {
        total_count: readable.len(),
        items,
    })
    .into_response())
}

async fn get_customer(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    let found = view::readable_customer(&live.desk, &user, &customer)?;
    Ok(Json(found).into_response())
}

async fn list_offers(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(page(view::offers(&live.desk, &user, &customer, live.now)?).into_response())
}

// --- Orders --------------------------------------------------------------------------------

async fn list_orders(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(page(view::orders(&live.desk, &user, &customer)?).into_response())
}

async fn get_order(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params((customer, order)): Params<(CustomerId, OrderId)>,
) -> Result<Response, ApiError> {
    let live = state.live();
    let order = view::order(&live.desk, &user, &customer, &order)?;
    let etag = etag_of(&order);
    Ok(with_etag(order, etag))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlaceOrder {
    line_items: Vec<LineRequest>,
}

async fn place_order(
    State(state): State<AppState>,
    Params(customer): Params<CustomerId>,
    request: WriteRequest<PlaceOrder>,
) -> Result<Reply, ApiError> {
    let lines = request.body.line_items;
    state
        .run(request.write, move |context| {
            let outcome = context.service().place_order(&customer, lines)?;
            Ok(Decided::of(outcome, |order| {
                let location = format!("/v1/customers/{customer}/orders/{}", order.id);
                Ok(Reply::with_status(StatusCode::CREATED, &order)?
                    .tagged(etag_of(&order))
                    .located(location))
            }))
        })
        .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineNumber {
    line_item_number: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CancelLines {
    status: String,
    line_items: Vec<LineNumber>,
    #[serde(default)]
    acknowledged: bool,
}

async fn cancel_order_lines(
    State(state): State<AppState>,
    Params((customer, order)): Params<(CustomerId, OrderId)>,
    request: WriteRequest<CancelLines>,
) -> Result<Reply, ApiError> {
    let body = request.body;
    if body.status != "cancelled" {
        return Err(ApiError::invalid(
            "An order is changed only by cancelling lines: send \"status\": \"cancelled\".",
        ));
    }
    let lines: Vec<u32> = body.line_items.iter().map(|l| l.line_item_number).collect();
    let if_match = request.if_match;
    state
        .run(request.write, move |context| {
            let current = view::order(context.desk, context.actor, &customer, &order)?;
            check_if_match(if_match.as_deref(), &etag_of(&current))?;
            let outcome = context.service().cancel_order_lines(
                &customer,
                &order,
                lines,
                body.acknowledged,
            )?;
            Ok(Decided::of(outcome, |order| {
                Ok(Reply::ok(&order)?.tagged(etag_of(&order)))
            }))
        })
        .await
}

// --- Subscriptions -------------------------------------------------------------------------

async fn list_subscriptions(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(page(view::subscriptions(&live.desk, &user, &customer, live.now)?).into_response())
}

async fn get_subscription(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params((customer, subscription)): Params<(CustomerId, ItemId)>,
) -> Result<Response, ApiError> {
    let live = state.live();
    let found = view::subscription(&live.desk, &user, &customer, &subscription, live.now)?;
    // The tag covers the subscription itself, not the clock-dependent parts of the view, so
    // moving the clock alone does not make every open page stale.
    let etag = etag_of(&found.subscription);
    Ok(with_etag(found, etag))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscriptionChange {
    auto_renew_enabled: Option<bool>,
    billing_cycle: Option<BillingPlan>,
    status: Option<String>,
    #[serde(default)]
    acknowledged: bool,
}

enum Change {
    Autorenew(bool),
    BillingPlan(BillingPlan),
    Cancel { acknowledged: bool },
}

impl SubscriptionChange {
    fn change(self) -> Result<Change, ApiError> {
        let mut changes = Vec::new();
        if let Some(enabled) = self.auto_renew_enabled {
            changes.push(Change::Autorenew(enabled));
        }
        if let Some(plan) = self.billing_cycle {
            changes.push(Change::BillingPlan(plan));
        }
        if let Some(status) = self.status {
            if status != "deleted" {
                return Err(ApiError::invalid(
                    "A subscription's status can only be set to \"deleted\" (cancel it).",
                ));
            }
            changes.push(Change::Cancel {
                acknowledged: self.acknowledged,
            });
        }
        // One change per request, so a refusal of one part never leaves another part applied.
        match (changes.pop(), changes.is_empty()) {
            (Some(change), true) => Ok(change),
            _ => Err(ApiError::invalid(
                "Send exactly one of autoRenewEnabled, billingCycle or status: \"deleted\".",
            )),
        }
    }
}

async fn change_subscription(
    State(state): State<AppState>,
    Params((customer, subscription)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SubscriptionChange>,
) -> Result<Reply, ApiError> {
    let change = request.body.change()?;
    let if_match = request.if_match;
    state
        .run(request.write, move |context| {
            let current = view::subscription(
                context.desk,
                context.actor,
                &customer,
                &subscription,
                context.now,
            )?;
            check_if_match(if_match.as_deref(), &etag_of(&current.subscription))?;
            let mut service = context.service();
            let outcome = match change {
                Change::Autorenew(enabled) => {
                    service.set_autorenew(&customer, &subscription, enabled)?
                }
                Change::BillingPlan(plan) => {
                    service.set_billing_plan(&customer, &subscription, plan)?
                }
                Change::Cancel { acknowledged } => {
                    service.cancel_subscription(&customer, &subscription, acknowledged)?
                }
            };
            Ok(Decided::of(outcome, |found| {
                let etag = etag_of(&found.subscription);
                Ok(Reply::ok(&found)?.tagged(etag))
            }))
        })
        .await
}

// --- Software, keys and links --------------------------------------------------------------

async fn list_software(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(page(view::software(&live.desk, &user, &customer, live.now)?).into_response())
}

async fn cancel_options(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let live = state.live();
    view::readable_customer(&live.desk, &user, &customer)?;
    let product = params
        .get("product")
        .filter(|product| !product.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("Name the product: ?product=PRODUCT_ID."))?;
    Ok(page(live.desk.cancel_options(&customer, product, live.now)).into_response())
}

#[derive(Deserialize)]
struct SoftwareChoice {
    selection: Selection,
}

async fn reveal_key(
    State(state): State<AppState>,
    Params((customer, item)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SoftwareChoice>,
) -> Result<Reply, ApiError> {
    let selection = request.body.selection;
    state
        .run(request.write, move |context| {
            let outcome = context.service().reveal_key(&customer, &item, selection)?;
            Ok(Decided::of(outcome, |key| {
                Reply::ok(&json!({ "key": key }))
            }))
        })
        .await
}

async fn issue_download_link(
    State(state): State<AppState>,
    Params((customer, item)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SoftwareChoice>,
) -> Result<Reply, ApiError> {
    let selection = request.body.selection;
    state
        .run(request.write, move |context| {
            let outcome = context
                .service()
                .issue_download_link(&customer, &item, selection)?;
            Ok(Decided::of(outcome, |link| {
                Reply::with_status(StatusCode::CREATED, &link)
            }))
        })
        .await
}

async fn download(
    State(state): State<AppState>,
    Params((customer, item)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SoftwareChoice>,
) -> Result<Reply, ApiError> {
    let selection = request.body.selection;
    state
        .run(request.write, move |context| {
            let outcome = context.service().download(&customer, &item, selection)?;
            Ok(Decided::of(outcome, |file| Reply::ok(&file)))
        })
        .await
}

async fn get_link(
    State(state): State<AppState>,
    Params(token): Params<LinkToken>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(Json(view::link(&live.desk, &token, live.now)?).into_response())
}

async fn download_via_link(
    State(state): State<AppState>,
    Params(token): Params<LinkToken>,
) -> Result<Response, ApiError> {
    let write = crate::state::Write {
        actor: link_holder(),
        idempotency: None,
    };
    let reply = state
        .run(write, move |context| {
            let outcome = context.service().download_via_link(&token)?;
            Ok(Decided::of(outcome, |file| Reply::ok(&file)))
        })
        .await?;
    if !reply.status.is_success() {
        return Ok(reply.into_response());
    }
    let file: DownloadFile = serde_json::from_str(&reply.body).map_err(ApiError::internal)?;
    // The domain names files with letters, digits, '-', '_' and '.', so the name needs no
    // escaping inside the quotes.
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.content,
    )
        .into_response())
}

// --- Credits and the activity log ----------------------------------------------------------

async fn list_credits(State(state): State<AppState>, Caller(user): Caller) -> Response {
    let live = state.live();
    let credits: Vec<_> = live
        .desk
        .credits()
        .iter()
        .filter(|credit| {
            user.own_customer()
                .is_none_or(|own| own == &credit.customer)
        })
        .cloned()
        .collect();
    page(credits).into_response()
}

async fn customer_credits(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    view::readable_customer(&live.desk, &user, &customer)?;
    Ok(page(live.desk.credits_per_invoice_month(&customer)).into_response())
}

fn date_param(params: &HashMap<String, String>, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    match params.get(name).map(|value| value.trim()) {
        None | Some("") => Ok(None),
        Some(value) => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ApiError::invalid(format!("{name} must be a date like 2021-11-15."))),
    }
}

/// How far back the activity log reaches when no start date is given.
const DEFAULT_ACTIVITY_DAYS: i64 = 30;

async fn audit_records(
    State(state): State<AppState>,
    Caller(user): Caller,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let live = state.live();
    let end = date_param(&params, "endDate")?.unwrap_or(live.now.date_naive());
    let start = date_param(&params, "startDate")?
        .unwrap_or(end - Duration::days(DEFAULT_ACTIVITY_DAYS - 1));
    let records = live
        .desk
        .activity(&user, csp_domain::Window::days(start, end))?;
    Ok(page(records).into_response())
}

// --- Service requests ----------------------------------------------------------------------

async fn list_service_requests(
    State(state): State<AppState>,
    Caller(user): Caller,
) -> Result<Response, ApiError> {
    partner_only(&user, Action::FileSupportRequest)?;
    let live = state.live();
    Ok(page(live.desk.support_requests()).into_response())
}

async fn file_service_request(
    State(state): State<AppState>,
    request: WriteRequest<SupportRequestForm>,
) -> Result<Reply, ApiError> {
    let form = request.body;
    state
        .run(request.write, move |context| {
            let outcome = context.service().file_support_request(form)?;
            Ok(Decided::of(outcome, |request| {
                let location = format!("/v1/servicerequests/{}", request.id);
                Ok(Reply::with_status(StatusCode::CREATED, &request)?.located(location))
            }))
        })
        .await
}

#[derive(Deserialize)]
struct StatusChange {
    status: SupportRequestStatus,
}

async fn change_service_request(
    State(state): State<AppState>,
    Params(id): Params<SupportRequestId>,
    request: WriteRequest<StatusChange>,
) -> Result<Reply, ApiError> {
    let status = request.body.status;
    state
        .run(request.write, move |context| {
            let outcome = context.service().set_support_request_status(&id, status)?;
            Ok(Decided::of(outcome, |request| Reply::ok(&request)))
        })
        .await
}
