//! The `/v1` routes: Partner Center's paths and names where one exists, each decided for the
//! signed-in user by csp-domain.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::handler::Handler;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::command::LineRequest;
use csp_domain::deadlines::{deadlines, DeadlineFilter, DeadlineKind, Horizon};
use csp_domain::execute::link_holder;
use csp_domain::item::{check_key_type, KEY_TYPE};
use csp_domain::paging::{
    continuation_token, key_of_token, page_of, PageRequest, PageStart, MAX_PAGE_SIZE,
};
use csp_domain::queries::{self, CustomerFilter, DownloadFile};
use csp_domain::{
    BillingPlan, CustomerId, Intent, ItemId, LinkToken, Market, OrderId, Refusal, Selection,
    SupportRequestForm, SupportRequestId, SupportRequestStatus, User,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::accounts;
use crate::error::ApiError;
use crate::extract::{
    bearer_token, check_if_match, day, instant, present, Caller, Field, Known, Params, WriteRequest,
};
use crate::openapi;
use crate::state::{etag_of, AppState, CommandContext, Decided, Mode, Reply, Write};

/// The routes, recorded as they are added, so the OpenAPI document can be checked against
/// exactly what the router serves.
pub struct Api {
    router: Router<AppState>,
    served: Vec<(Method, &'static str)>,
}

impl Api {
    pub(crate) fn add<H, T>(mut self, method: Method, path: &'static str, handler: H) -> Api
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
    .get("/v1/server", server_mode)
    .get("/v1/session/users", session_users)
    .get("/v1/session", accounts::current_user)
    .post("/v1/session", accounts::sign_in)
    .delete("/v1/session", accounts::sign_out)
    .get("/v1/users", accounts::list_users)
    .post("/v1/users", accounts::add_user)
    .patch("/v1/users/{userId}", accounts::change_user)
    .get("/v1/accountrecords", accounts::account_records)
    .get("/v1/clock", get_clock)
    .post("/v1/clock", move_clock)
    .post("/v1/demo/reset", reset_demo)
    .get("/v1/customers", list_customers)
    .post("/v1/customers", add_customer)
    .add(
        Method::POST,
        "/v1/customers/import",
        import_customers.layer(axum::extract::DefaultBodyLimit::max(IMPORT_LIMIT)),
    )
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
    .post(
        "/v1/customers/{customerId}/makdeadline",
        remember_mak_deadline,
    )
    .get("/v1/deadlines", list_deadlines)
    .get("/v1/customers/{customerId}/credits", customer_credits)
    .get("/v1/credits", list_credits)
    .get("/v1/credits/by-month", credits_by_month)
    .get("/v1/charges", list_charges)
    .get("/v1/links/{token}", get_link)
    .get("/v1/links/{token}/download", download_via_link)
    .get("/v1/auditrecords", audit_records)
    .get("/v1/servicerequests", list_service_requests)
    .post("/v1/servicerequests", file_service_request)
    .get("/v1/servicerequests/{requestId}", get_service_request)
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
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Page<T> {
    total_count: usize,
    items: Vec<T>,
}

pub(crate) fn page<T>(items: Vec<T>) -> Page<T> {
    Page {
        total_count: items.len(),
        items,
    }
}

/// A list that grows, a page at a time as Partner Center pages one.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListPage<T> {
    /// Every item of the list, not only this page's.
    total_count: usize,
    offset: usize,
    items: Vec<T>,
    links: Links,
}

/// The page of `list` the request's `size`, `continuationToken` or `offset` ask for (see
/// `page_request`), with `links.next` when more follow. `key` names an item (by itself and its
/// place in the list) for the token, so that walking the pages meets each item once even while
/// items are added: its id, or for a log that only grows at its end, its place.
fn paged<T: Serialize>(
    list: Vec<T>,
    uri: &Uri,
    params: &HashMap<String, String>,
    key: impl Fn(usize, &T) -> String,
) -> Result<Response, ApiError> {
    let request = page_request(params)?;
    let keyed = list
        .into_iter()
        .enumerate()
        .map(|(at, item)| (key(at, &item), item));
    let page = page_of(keyed.collect(), &request, |(key, _)| key)
        .ok_or(Refusal::InvalidContinuationToken)?;
    Ok(Json(ListPage {
        total_count: page.matching,
        offset: page.offset,
        items: page.items.into_iter().map(|(_, item)| item).collect(),
        links: Links {
            next: next_link(uri, params, request.size, page.next),
        },
    })
    .into_response())
}

/// `links.next`: the same request, for the page after the item `after` names.
fn next_link(
    uri: &Uri,
    params: &HashMap<String, String>,
    size: usize,
    after: Option<String>,
) -> Option<Link> {
    let after = after?;
    // The request's own filters, in a fixed order, then the page's size and token.
    let mut query: Vec<(&str, String)> = params
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "size" | "offset" | "continuationToken"))
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    query.sort();
    query.push(("size", size.to_string()));
    query.push(("continuationToken", continuation_token(&after)));
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    Some(Link {
        uri: format!("{}?{query}", uri.path()),
        method: "GET",
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

// --- The document --------------------------------------------------------------------------

#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    summary = "This document",
    description = "This document.",
    tag = "openapi",
    responses((status = 200, description = "This document: OpenAPI 3.1.", body = Object))
)]
pub(crate) async fn openapi_document(State(state): State<AppState>) -> Json<serde_json::Value> {
    let demo_users = (state.mode() == Mode::Demo).then(|| state.users());
    Json(openapi::document_for(demo_users.as_deref()))
}

// --- The server and its users ----------------------------------------------------------------

/// How this server runs, so the app knows whether to show the demo's user list and clock or a
/// sign-in page.
#[utoipa::path(
    get,
    path = "/v1/server",
    summary = "How this server runs",
    description = "How this server runs: {\"mode\": \"demo\"} (demo users, simulation clock, reset) or {\"mode\": \"real\"} (accounts, the system's clock).",
    tag = "server",
    responses((status = 200, description = "How this server runs: demo (demo users, simulation clock, reset) or real (accounts, the system's clock).", body = crate::openapi::ServerMode))
)]
pub(crate) async fn server_mode(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!({ "mode": state.mode() }))
}

/// The users by name: on a demo, the ones to pick from (no session needed); on a real server,
/// for a signed-in user to read names in the logs.
#[utoipa::path(
    get,
    path = "/v1/session/users",
    summary = "Every user by name and roles",
    description = "Every user by name and roles: on a demo the users one can sign in as (no session needed); on a real server, for a signed-in user (401 otherwise).",
    tag = "session",
    responses((status = 200, description = "Every user by name and roles.", body = Vec<csp_domain::User>), (status = 401, description = "unauthorized: a real server lists its users only to a signed-in user.", body = crate::openapi::ErrorBody))
)]
pub(crate) async fn session_users(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<User>>, ApiError> {
    if state.mode() == Mode::Demo {
        return Ok(Json(state.users()));
    }
    let caller = bearer_token(&headers)
        .and_then(|token| state.user_for_token(token))
        .ok_or_else(ApiError::unauthorized)?;
    // A customer's own admin reads the partner's staff and themself, never other customers'.
    let users = state
        .users()
        .into_iter()
        .filter(|user| match caller.own_customer() {
            None => true,
            Some(_) => user.own_customer().is_none() || user.id() == caller.id(),
        })
        .collect();
    Ok(Json(users))
}

// --- The one command path ----------------------------------------------------------------

/// What a change to an order or a subscription must find unchanged: the ETag it was read with.
enum Precondition {
    None,
    Order(CustomerId, OrderId, Option<String>),
    Subscription(CustomerId, ItemId, Option<String>),
}

impl Precondition {
    /// Refuses with `ChangedSinceRead` when `If-Match` names another version than the current.
    fn check(self, context: &CommandContext<'_>) -> Result<(), ApiError> {
        let (current, if_match) = match self {
            Precondition::None => return Ok(()),
            Precondition::Order(customer, order, if_match) => {
                let order = queries::order(context.desk, context.actor, &customer, &order)?;
                (etag_of(&order), if_match)
            }
            Precondition::Subscription(customer, subscription, if_match) => {
                let found = queries::subscription(
                    context.desk,
                    context.actor,
                    &customer,
                    &subscription,
                    context.now,
                )?;
                (etag_of(&found.subscription), if_match)
            }
        };
        check_if_match(if_match.as_deref(), &current)
    }
}

/// Every change: the intent a route built, run by the domain's one `execute` inside the
/// write's transaction, answered as the API answers each kind of reply.
async fn execute(
    state: &AppState,
    write: Write,
    intent: Intent,
    precondition: Precondition,
) -> Result<Reply, ApiError> {
    let created = matches!(
        intent,
        Intent::PlaceOrder { .. }
            | Intent::FileSupportRequest { .. }
            | Intent::AddCustomer { .. }
            | Intent::ImportCustomers { .. }
    );
    state
        .run(write, move |context| {
            precondition.check(context)?;
            let executed = context.execute(intent)?;
            Ok(Decided::of(executed, |reply| answer(reply, created)))
        })
        .await
}

/// A domain reply as its HTTP answer: status, body, and the ETag and Location it carries.
fn answer(reply: csp_domain::Reply, created: bool) -> Result<Reply, ApiError> {
    use csp_domain::Reply as Domain;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    match reply {
        Domain::Order(order) => {
            let tagged = Reply::with_status(status, &order)?.tagged(etag_of(&order));
            Ok(if created {
                tagged.located(format!(
                    "/v1/customers/{}/orders/{}",
                    order.customer, order.id
                ))
            } else {
                tagged
            })
        }
        Domain::Subscription(found) => {
            let etag = etag_of(&found.subscription);
            Ok(Reply::ok(&found)?.tagged(etag))
        }
        Domain::Key(key) => Reply::ok(&KeyAnswer { key }),
        Domain::Link(link) => Reply::with_status(StatusCode::CREATED, &link),
        Domain::File(file) => Reply::ok(&file),
        Domain::SupportRequest(request) => {
            let location = format!("/v1/servicerequests/{}", request.id);
            let reply = Reply::with_status(status, &request)?;
            Ok(if created {
                reply.located(location)
            } else {
                reply
            })
        }
        Domain::Clock(now) => Reply::ok(&Clock { now }),
        Domain::Customer(customer) => {
            let location = format!("/v1/customers/{}", customer.id);
            Ok(Reply::with_status(status, &customer)?.located(location))
        }
        Domain::MakDeadline(deadline) => Reply::ok(&deadline),
        Domain::Customers(customers) => Reply::with_status(
            status,
            &Page {
                total_count: customers.len(),
                items: customers,
            },
        ),
    }
}

/// A product key as `POST .../key` answers it.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct KeyAnswer {
    /// The Multiple Activation Key.
    #[schema(value_type = String, example = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")]
    key: csp_domain::ProductKey,
}

// --- The simulation clock and the demo -----------------------------------------------------

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Clock {
    now: DateTime<Utc>,
}

#[utoipa::path(
    get,
    path = "/v1/clock",
    summary = "The clock",
    description = "The clock: on a demo the simulation clock, which stands still until moved; on a real server the system's UTC time.",
    tag = "clock",
    responses((status = 200, description = "The clock: on a demo the simulation clock, on a real server the system's UTC time.", body = crate::routes::Clock)),
    security(("bearer" = []))
)]
pub(crate) async fn get_clock(State(state): State<AppState>, Caller(_): Caller) -> Json<Clock> {
    Json(Clock {
        now: state.live().now,
    })
}

/// A move of the clock as sent: the time is read by hand, so its field is named when it is wrong.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct ClockMove {
    /// The new time, RFC 3339, later than the clock and at most ten years after it, from
    /// 2000-01-01 to 2100-12-31 in UTC (so an offset may not carry the first or last day out).
    #[schema(
        format = DateTime,
        pattern = "^(?!2000-01-01T[^Zz]*\\+|2100-12-31T[^Zz]*-)(20[0-9]{2}|2100)-",
        example = "2021-11-20T10:00:00Z"
    )]
    now: String,
}

#[utoipa::path(
    post,
    path = "/v1/clock",
    summary = "Moves the demo clock forward",
    description = "Demo only (a real server answers 403 clock_is_real): moves the clock forward (never back: 409 clock_backwards; at most ten years at once: 409 clock_too_far; a time that is not RFC 3339 is 422 invalid_body, one outside 2000-01-01 to 2100-12-31 (UTC) 422 date_out_of_range, each naming `now`) and records the terms that ended, renewals and expiries, with the clock in one transaction.",
    tag = "clock",
    request_body = crate::routes::ClockMove,
    params(crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The clock as moved; the terms that ended, renewals and expiries, are recorded with it.", body = crate::routes::Clock), (status = 403, description = "clock_is_real: a real server's clock is the system's; or missing_role.", body = crate::openapi::ErrorBody), (status = 409, description = "clock_backwards: the clock never moves back; clock_too_far: at most ten years from where it stands.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn move_clock(
    State(state): State<AppState>,
    request: WriteRequest<ClockMove>,
) -> Result<Reply, ApiError> {
    if state.mode() == Mode::Real {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "clock_is_real",
            "This server runs on real time: its clock is the system's UTC time and cannot be \
             moved. Only a demo server (csp-server --demo) has a simulation clock.",
        ));
    }
    let intent = Intent::MoveClock {
        to: instant(Field::Body("now"), &request.body.now)?,
    };
    execute(&state, request.write, intent, Precondition::None).await
}

#[utoipa::path(
    post,
    path = "/v1/demo/reset",
    summary = "Starts the demo over",
    description = "Demo only (a real server answers 404 not_a_demo): partner users start the demo over (seed events, seed clock); sessions stay.",
    tag = "demo",
    responses((status = 200, description = "The demo started over: seed events, seed clock; sessions stay.", body = crate::routes::Clock), (status = 404, description = "not_a_demo: a real server has nothing that wipes its data.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn reset_demo(
    State(state): State<AppState>,
    Caller(user): Caller,
) -> Result<Json<Clock>, ApiError> {
    if state.mode() == Mode::Real {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_a_demo",
            "This server is not a demo: nothing here wipes its data. /v1/demo/reset exists only \
             on a demo server (csp-server --demo).",
        ));
    }
    let (events, now) = csp_domain::execute::reset_demo(&user, csp_domain::seed::demo_events)?;
    state.replace_log(events, now).await?;
    Ok(Json(Clock { now }))
}

// --- Customers -----------------------------------------------------------------------------

/// The customer list: `totalCount` counts every customer the user may read, so a page can say
/// "3 of 12", and `markets` lists their markets for the filter.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CustomerPage {
    total_count: usize,
    matching_count: usize,
    offset: usize,
    items: Vec<csp_domain::Customer>,
    markets: Vec<Market>,
    links: Links,
}

/// Partner Center's `links`: where the next page is, when there is one.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Links {
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<Link>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Link {
    uri: String,
    method: &'static str,
}

/// The page a list request asks for: `size` (1 to 500, 50 if not given) items from
/// `continuationToken` (just after the item it names) or else from `offset` (a position).
fn page_request(params: &HashMap<String, String>) -> Result<PageRequest, ApiError> {
    let number = |name: &str| -> Result<Option<usize>, ApiError> {
        params
            .get(name)
            .map(|text| {
                // As documented: no list comes near 4 billion items.
                let number = text.trim().parse::<u32>().map_err(|_| {
                    ApiError::invalid(format!(
                        "{name} must be a whole number from 0 to {}, not {text:?}.",
                        u32::MAX
                    ))
                })?;
                Ok(number as usize)
            })
            .transpose()
    };
    let start = match params.get("continuationToken") {
        // A token that is no hex names no item: the list refuses it like any unknown one.
        Some(token) => PageStart::After(key_of_token(token).unwrap_or_default()),
        None => PageStart::At(number("offset")?.unwrap_or(0)),
    };
    PageRequest::new(number("size")?, start)
        .ok_or_else(|| ApiError::invalid(format!("size must be from 1 to {MAX_PAGE_SIZE}.")))
}

#[utoipa::path(
    get,
    path = "/v1/customers",
    summary = "A page of the customers the user may read",
    description = "A page of the customers the user may read, by name, filtered by search (name, domain, tenant GUID) and market (ISO code, either case). size is 1 to 500 (50 if not given); the page starts just after the customer continuationToken names (links.next.uri carries it), or else at offset. totalCount counts all readable customers, matchingCount those that match, markets lists the markets of all readable customers. A continuation token of another list or filter is 422 invalid_continuation_token; a bad size or offset is 422 invalid_request.",
    tag = "customers",
    params(crate::openapi::CustomerQuery, crate::openapi::PageQuery),
    responses((status = 200, description = "A page of the customers the user may read, by name.", body = crate::routes::CustomerPage)),
    security(("bearer" = []))
)]
pub(crate) async fn list_customers(
    State(state): State<AppState>,
    Caller(user): Caller,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let market = match params.get("market").map(|m| m.trim()).unwrap_or("") {
        "" => None,
        code => Some(Market::new(code).ok_or_else(|| {
            ApiError::invalid("market must be a two-letter country code, such as DE.")
        })?),
    };
    let filter = CustomerFilter {
        search: params.get("search").cloned().unwrap_or_default(),
        market,
        page: page_request(&params)?,
    };
    let list = queries::customer_list(&state.live().desk, &user, &filter)?;
    let next = next_link(&uri, &params, filter.page.size, list.next);
    Ok(Json(CustomerPage {
        total_count: list.total,
        matching_count: list.matching,
        offset: list.offset,
        items: list.customers,
        markets: list.markets,
        links: Links { next },
    })
    .into_response())
}

#[utoipa::path(
    post,
    path = "/v1/customers",
    summary = "Adds a customer",
    description = "Admin agent or Global admin: adds a customer; its id is the tenant GUID. Each field is checked (422 invalid_field naming it); a tenant or default domain in use is 409 invalid_field with the problem taken.",
    tag = "customers",
    request_body = csp_domain::CustomerForm,
    params(crate::openapi::IdempotencyKey),
    responses((status = 201, description = "The customer added; its id is the tenant GUID.", body = csp_domain::Customer, headers(("Location" = String, description = "Where the new resource is read."))), (status = 409, description = "invalid_field, taken: the tenant or default domain is another customer's.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn add_customer(
    State(state): State<AppState>,
    request: WriteRequest<csp_domain::CustomerForm>,
) -> Result<Reply, ApiError> {
    let intent = Intent::AddCustomer { form: request.body };
    execute(&state, request.write, intent, Precondition::None).await
}

/// The largest customer import read: about 10,000 rows.
const IMPORT_LIMIT: usize = 2 * 1024 * 1024;

/// An import as JSON: the CSV file's text.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct Import {
    /// The CSV file's text.
    #[schema(
        example = "name,defaultDomain,tenantId,market,currency\nFabrikam,fabrikam.example,5a9a4d8e-4b1f-4d4c-9e0e-0d6a7a3b2c10,DE,EUR"
    )]
    csv: String,
}

/// Adds every customer of a CSV file (sent as `text/csv`, or as JSON `{"csv": "..."}`), or
/// none, with every bad row named.
#[utoipa::path(
    post,
    path = "/v1/customers/import",
    summary = "Adds every customer of a CSV file, or none",
    description = "Admin agent or Global admin: adds every customer of a CSV file (Content-Type: text/csv, or JSON {\"csv\"}) with a header row naming name, defaultDomain, tenantId, market, currency, or none: 422 import_rejected names each bad row (counting the header as row 1) and why; when every problem is a tenant or default domain already in use, it is 409.",
    tag = "customers",
    request_body(content((String = "text/csv", example = "name,defaultDomain,tenantId,market,currency\nFabrikam,fabrikam.example,5a9a4d8e-4b1f-4d4c-9e0e-0d6a7a3b2c10,DE,EUR"), (crate::routes::Import = "application/json"))),
    params(crate::openapi::IdempotencyKey),
    responses((status = 201, description = "Every customer of the file, added.", body = crate::routes::Page<csp_domain::Customer>), (status = 409, description = "import_rejected: every bad row's tenant or default domain is in use.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn import_customers(
    State(state): State<AppState>,
    request: crate::extract::CsvWrite<Import>,
) -> Result<Reply, ApiError> {
    let csv = match request.body {
        crate::extract::CsvOrJson::Csv(text) => text,
        crate::extract::CsvOrJson::Json(Import { csv }) => csv,
    };
    let intent = Intent::ImportCustomers { csv };
    execute(&state, request.write, intent, Precondition::None).await
}

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}",
    summary = "One customer",
    description = "One customer.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum")),
    responses((status = 200, description = "One customer.", body = csp_domain::Customer)),
    security(("bearer" = []))
)]
pub(crate) async fn get_customer(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    let found = queries::readable_customer(&live.desk, &user, &customer)?;
    Ok(Json(found).into_response())
}

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/offers",
    summary = "The catalog as offered to the customer now",
    description = "The catalog as offered to the customer now: price, billing plans, why not if not.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum")),
    responses((status = 200, description = "The catalog as offered to the customer now: price, billing plans, why not if not.", body = crate::routes::Page<csp_domain::queries::Offer>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_offers(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(Json(page(queries::offers(
        &live.desk, &user, &customer, live.now,
    )?))
    .into_response())
}

// --- Orders --------------------------------------------------------------------------------

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/orders",
    summary = "The customer's orders, newest first",
    description = "The customer's orders, newest first. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), crate::openapi::PageQuery),
    responses((status = 200, description = "A page of the customer's orders, newest first.", body = crate::routes::ListPage<csp_domain::Order>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_orders(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let orders = queries::orders(&state.live().desk, &user, &customer)?;
    paged(orders, &uri, &params, |_, order| order.id.0.clone())
}

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/orders/{orderId}",
    summary = "One order",
    description = "One order.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("orderId" = String, Path, description = "The order's id.")),
    responses((status = 200, description = "One order.", body = csp_domain::Order, headers(("ETag" = String, description = "The version, for If-Match.")))),
    security(("bearer" = []))
)]
pub(crate) async fn get_order(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params((customer, order)): Params<(CustomerId, OrderId)>,
) -> Result<Response, ApiError> {
    let live = state.live();
    let order = queries::order(&live.desk, &user, &customer, &order)?;
    let etag = etag_of(&order);
    Ok(with_etag(order, etag))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"lineItems": [{"offerId": "DG7GMGF0D5RK:0001", "quantity": 1, "billingCycle": "annual"}]}))]
pub(crate) struct PlaceOrder {
    /// The lines: one per offer.
    #[schema(min_items = 1)]
    line_items: Vec<OrderLine>,
}

/// A [`LineRequest`] as a request sends it, with its billing cycle one the API knows.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = LineItemRequest)]
pub(crate) struct OrderLine {
    /// The offer (SKU) id, as the customer's offers list it.
    offer_id: String,
    /// How many.
    #[schema(minimum = 1, maximum = 10000)]
    quantity: u32,
    /// The billing plan.
    #[schema(schema_with = crate::extract::billing_cycle_schema)]
    billing_cycle: Known<BillingPlan>,
}

impl From<OrderLine> for LineRequest {
    fn from(line: OrderLine) -> LineRequest {
        LineRequest {
            sku: line.offer_id,
            quantity: line.quantity,
            billing_plan: line.billing_cycle.0,
        }
    }
}

#[utoipa::path(
    post,
    path = "/v1/customers/{customerId}/orders",
    summary = "Places an order",
    description = "Places an order; it completes at once.",
    tag = "customers",
    request_body = crate::routes::PlaceOrder,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), crate::openapi::IdempotencyKey),
    responses((status = 201, description = "The order, completed at once.", body = csp_domain::Order, headers(("ETag" = String, description = "The version, for If-Match."), ("Location" = String, description = "Where the new resource is read."))), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn place_order(
    State(state): State<AppState>,
    Params(customer): Params<CustomerId>,
    request: WriteRequest<PlaceOrder>,
) -> Result<Reply, ApiError> {
    let intent = Intent::PlaceOrder {
        customer,
        lines: request
            .body
            .line_items
            .into_iter()
            .map(Into::into)
            .collect(),
    };
    execute(&state, request.write, intent, Precondition::None).await
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LineNumber {
    /// The line's number in the order.
    line_item_number: u32,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true}))]
pub(crate) struct CancelLines {
    /// Always "cancelled": an order is changed only by cancelling lines.
    #[schema(pattern = "^cancelled$")]
    status: String,
    /// The lines to cancel.
    #[schema(min_items = 1)]
    line_items: Vec<LineNumber>,
    /// That the customer was told the cancellation cannot be undone.
    #[serde(default)]
    acknowledged: bool,
}

#[utoipa::path(
    patch,
    path = "/v1/customers/{customerId}/orders/{orderId}",
    summary = "Cancels lines of an order",
    description = "Cancels lines of an order. Honours If-Match (412 when stale).",
    tag = "customers",
    request_body = crate::routes::CancelLines,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("orderId" = String, Path, description = "The order's id."), ("If-Match" = Option<String>, Header, description = "The ETag last read (or *); a stale one is refused with 412 changed_since_read, one that is not * or entity tags with 400 bad_request.", pattern = "^(\\*|(W/)?\"[!#-+\\--~]*\"( *, *(W/)?\"[!#-+\\--~]*\")*)$"), crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The order with the lines cancelled.", body = csp_domain::Order, headers(("ETag" = String, description = "The version, for If-Match."))), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody), (status = 412, description = "changed_since_read: If-Match names an older version.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn cancel_order_lines(
    State(state): State<AppState>,
    Params((customer, order)): Params<(CustomerId, OrderId)>,
    request: WriteRequest<CancelLines>,
) -> Result<Reply, ApiError> {
    let body = request.body;
    if body.status != "cancelled" {
        return Err(ApiError::invalid(format!(
            "status: {:?} is not one of \"cancelled\": an order is changed only by cancelling \
             lines.",
            body.status
        )));
    }
    let precondition = Precondition::Order(customer.clone(), order.clone(), request.if_match);
    let intent = Intent::CancelOrderLines {
        customer,
        order,
        lines: body.line_items.iter().map(|l| l.line_item_number).collect(),
        acknowledged: body.acknowledged,
    };
    execute(&state, request.write, intent, precondition).await
}

// --- Subscriptions -------------------------------------------------------------------------

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/subscriptions",
    summary = "The customer's subscriptions bought on or after 14 Oct 2021, newest first",
    description = "The customer's subscriptions bought on or after 14 Oct 2021, newest first. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), crate::openapi::PageQuery),
    responses((status = 200, description = "A page of the customer's subscriptions bought on or after 14 Oct 2021, newest first.", body = crate::routes::ListPage<csp_domain::queries::SubscriptionView>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_subscriptions(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let live = state.live();
    let subscriptions = queries::subscriptions(&live.desk, &user, &customer, live.now)?;
    drop(live);
    paged(subscriptions, &uri, &params, |_, view| {
        view.subscription.id.0.clone()
    })
}

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
    summary = "One subscription, whatever its purchase date",
    description = "One subscription, whatever its purchase date.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("subscriptionId" = String, Path, description = "The subscription's id.")),
    responses((status = 200, description = "One subscription, whatever its purchase date.", body = csp_domain::queries::SubscriptionView, headers(("ETag" = String, description = "The version, for If-Match.")))),
    security(("bearer" = []))
)]
pub(crate) async fn get_subscription(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params((customer, subscription)): Params<(CustomerId, ItemId)>,
) -> Result<Response, ApiError> {
    let live = state.live();
    let found = queries::subscription(&live.desk, &user, &customer, &subscription, live.now)?;
    // The tag covers the subscription itself, not the clock-dependent parts of the view, so
    // moving the clock alone does not make every open page stale.
    let etag = etag_of(&found.subscription);
    Ok(with_etag(found, etag))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionChange {
    #[serde(default, deserialize_with = "present")]
    auto_renew_enabled: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    billing_cycle: Option<Known<BillingPlan>>,
    #[serde(default, deserialize_with = "present")]
    status: Option<String>,
    #[serde(default)]
    acknowledged: bool,
}

impl SubscriptionChange {
    /// The one change the body asks for, as the intent for `subscription`.
    fn intent(self, customer: CustomerId, subscription: ItemId) -> Result<Intent, ApiError> {
        let mut changes = Vec::new();
        if let Some(enabled) = self.auto_renew_enabled {
            changes.push(Intent::SetAutorenew {
                customer: customer.clone(),
                subscription: subscription.clone(),
                enabled,
            });
        }
        if let Some(Known(plan)) = self.billing_cycle {
            changes.push(Intent::SetBillingPlan {
                customer: customer.clone(),
                subscription: subscription.clone(),
                plan,
            });
        }
        if let Some(status) = self.status {
            if status != "deleted" {
                return Err(ApiError::invalid(format!(
                    "status: {status:?} is not one of \"deleted\": a subscription's status can \
                     only be set to \"deleted\" (cancel it)."
                )));
            }
            changes.push(Intent::CancelSubscription {
                customer,
                subscription,
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

#[utoipa::path(
    patch,
    path = "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
    summary = "Changes a subscription: autorenew, billing cycle, or cancel",
    description = "Exactly one change: autorenew, billing cycle from the next term, or cancel (status deleted). Honours If-Match.",
    tag = "customers",
    request_body = crate::routes::SubscriptionChange,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("subscriptionId" = String, Path, description = "The subscription's id."), ("If-Match" = Option<String>, Header, description = "The ETag last read (or *); a stale one is refused with 412 changed_since_read, one that is not * or entity tags with 400 bad_request.", pattern = "^(\\*|(W/)?\"[!#-+\\--~]*\"( *, *(W/)?\"[!#-+\\--~]*\")*)$"), crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The subscription as changed.", body = csp_domain::queries::SubscriptionView, headers(("ETag" = String, description = "The version, for If-Match."))), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody), (status = 412, description = "changed_since_read: If-Match names an older version.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn change_subscription(
    State(state): State<AppState>,
    Params((customer, subscription)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SubscriptionChange>,
) -> Result<Reply, ApiError> {
    let precondition =
        Precondition::Subscription(customer.clone(), subscription.clone(), request.if_match);
    let intent = request.body.intent(customer, subscription)?;
    execute(&state, request.write, intent, precondition).await
}

// --- Software, keys and links --------------------------------------------------------------

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/software",
    summary = "Every software item of the customer, cancelled ones too, without keys",
    description = "Every software item of the customer, cancelled ones too, without keys. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), crate::openapi::PageQuery),
    responses((status = 200, description = "A page of every software item of the customer, cancelled ones too, without keys.", body = crate::routes::ListPage<csp_domain::queries::SoftwareView>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_software(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let live = state.live();
    let software = queries::software(&live.desk, &user, &customer, live.now)?;
    drop(live);
    paged(software, &uri, &params, |_, view| view.item.0.clone())
}

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/cancel-options",
    summary = "The perpetual cancel dialog's order choices for one product, with days left",
    description = "The perpetual cancel dialog's order choices for one product, with days left. A product the console may not cancel is refused with the reason: 409 never_cancellable (RedHat and SUSE plans) or cancel_through_support_request (Windows 7 ESU 2020).",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), crate::openapi::CancelOptionsQuery),
    responses((status = 200, description = "The perpetual cancel dialog's order choices for one product, with days left.", body = crate::routes::Page<csp_domain::CancelOption>), (status = 409, description = "never_cancellable (RedHat and SUSE plans) or cancel_through_support_request (Windows 7 ESU 2020).", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn cancel_options(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let live = state.live();
    queries::readable_customer(&live.desk, &user, &customer)?;
    let product = params
        .get("product")
        .filter(|product| !product.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("Name the product: ?product=PRODUCT_ID."))?;
    let options = queries::cancel_options(&live.desk, &user, &customer, product, live.now)?;
    Ok(Json(page(options)).into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"selection": {"version": "2021", "language": "English", "fileType": "ISO"}}))]
pub(crate) struct SoftwareChoice {
    /// The choices; each required where the product offers it, absent otherwise.
    selection: Selection,
}

/// A key request: the choices, and the key type if the caller names one.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KeyRequest {
    /// The choices; each required where the product offers it, absent otherwise.
    selection: Selection,
    /// The key type: only a MAK is offered (any case); a KMS key is refused.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, required = false, pattern = "^[Mm][Aa][Kk]$")]
    key_type: Option<String>,
}

#[utoipa::path(
    post,
    path = "/v1/customers/{customerId}/software/{itemId}/key",
    summary = "Shows the product key (a MAK)",
    description = "Shows the product key (a MAK); logged. A keyType other than MAK (KMS) is refused with 422 choice_not_offered and the reason: KMS keys are never offered, even on request.",
    tag = "customers",
    request_body = crate::routes::KeyRequest,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("itemId" = String, Path, description = "The software item's id."), crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The product key (a MAK); logged.", body = crate::routes::KeyAnswer), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody), (status = 410, description = "revoked, link_expired or download_limit_reached: gone for good.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn reveal_key(
    State(state): State<AppState>,
    Params((customer, item)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<KeyRequest>,
) -> Result<Reply, ApiError> {
    // Answering a KMS request with a MAK would hand over what was not asked for: say why not.
    if let Some(asked) = &request.body.key_type {
        check_key_type(asked).map_err(|refusal| ApiError {
            description: format!(
                "keyType: {asked} is not offered. CSP purchases activate with a Multiple \
                 Activation Key ({KEY_TYPE}); KMS keys are never offered, even on request."
            ),
            ..ApiError::from(refusal)
        })?;
    }
    let intent = Intent::RevealKey {
        customer,
        item,
        selection: request.body.selection,
    };
    execute(&state, request.write, intent, Precondition::None).await
}

#[utoipa::path(
    post,
    path = "/v1/customers/{customerId}/software/{itemId}/links",
    summary = "Issues a fresh download link (two weeks or 50 downloads)",
    description = "Issues a fresh download link (two weeks or 50 downloads); logged.",
    tag = "customers",
    request_body = crate::routes::SoftwareChoice,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("itemId" = String, Path, description = "The software item's id."), crate::openapi::IdempotencyKey),
    responses((status = 201, description = "A fresh download link (two weeks or 50 downloads); logged.", body = csp_domain::queries::LinkView), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody), (status = 410, description = "revoked, link_expired or download_limit_reached: gone for good.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn issue_download_link(
    State(state): State<AppState>,
    Params((customer, item)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SoftwareChoice>,
) -> Result<Reply, ApiError> {
    let intent = Intent::IssueDownloadLink {
        customer,
        item,
        selection: request.body.selection,
    };
    execute(&state, request.write, intent, Precondition::None).await
}

#[utoipa::path(
    post,
    path = "/v1/customers/{customerId}/software/{itemId}/downloads",
    summary = "Downloads the bits from the Software page",
    description = "Downloads the bits from the Software page; logged.",
    tag = "customers",
    request_body = crate::routes::SoftwareChoice,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), ("itemId" = String, Path, description = "The software item's id."), crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The file; logged.", body = csp_domain::queries::DownloadFile), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody), (status = 410, description = "revoked, link_expired or download_limit_reached: gone for good.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn download(
    State(state): State<AppState>,
    Params((customer, item)): Params<(CustomerId, ItemId)>,
    request: WriteRequest<SoftwareChoice>,
) -> Result<Reply, ApiError> {
    let intent = Intent::Download {
        customer,
        item,
        selection: request.body.selection,
    };
    execute(&state, request.write, intent, Precondition::None).await
}

#[utoipa::path(
    get,
    path = "/v1/links/{token}",
    summary = "A download link by its token",
    description = "A download link by its token; the token is the credential.",
    tag = "links",
    params(("token" = String, Path, description = "The link's token; the token is the credential.", pattern = "^[A-Za-z0-9_-]{20,}$")),
    responses((status = 200, description = "The link.", body = csp_domain::queries::LinkView))
)]
pub(crate) async fn get_link(
    State(state): State<AppState>,
    Params(token): Params<LinkToken>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(Json(queries::link(&live.desk, &token, live.now)?).into_response())
}

#[utoipa::path(
    get,
    path = "/v1/links/{token}/download",
    summary = "Downloads through a link, counting one of its 50",
    description = "Downloads through a link, counting one of its 50; 410 once expired or revoked.",
    tag = "links",
    params(("token" = String, Path, description = "The link's token; the token is the credential.", pattern = "^[A-Za-z0-9_-]{20,}$")),
    responses((status = 200, description = "The file, as an attachment.", content_type = "text/plain; charset=utf-8", body = String, headers(("Content-Disposition" = String, description = "attachment; filename=\"NAME\""))), (status = 410, description = "revoked, link_expired or download_limit_reached: gone for good.", body = crate::openapi::ErrorBody))
)]
pub(crate) async fn download_via_link(
    State(state): State<AppState>,
    Params(token): Params<LinkToken>,
) -> Result<Response, ApiError> {
    // The link is the credential; the domain logs the download as the link's holder.
    let write = Write {
        actor: link_holder(),
        idempotency: None,
    };
    let intent = Intent::DownloadViaLink { token };
    let reply = execute(&state, write, intent, Precondition::None).await?;
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

#[utoipa::path(
    get,
    path = "/v1/credits",
    summary = "Every credit the user may see",
    description = "Every credit the user may see (a customer's admin: their own). Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "credits",
    params(crate::openapi::PageQuery),
    responses((status = 200, description = "A page of every credit the user may see, newest first.", body = crate::routes::ListPage<csp_domain::Credit>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_credits(
    State(state): State<AppState>,
    Caller(user): Caller,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let credits = queries::credits(&state.live().desk, &user);
    // Newest first, so named by what was credited and when, not by place.
    paged(credits, &uri, &params, |_, credit| {
        format!("{} {}", credit.item.0, credit.booked_at.to_rfc3339())
    })
}

#[utoipa::path(
    get,
    path = "/v1/credits/by-month",
    summary = "The credits the user may see, per currency and invoice month",
    description = "The credits the user may see (a customer's admin: their own), totalled per currency for each of the twelve invoice months up to the one a credit booked now would show on, oldest month first, with zero for a month without credits; currencies in alphabetical order, one without a credit in those months left out. Billing's chart.",
    tag = "credits",
    responses((status = 200, description = "One chart per currency.", body = crate::routes::Page<csp_domain::CreditsByMonth>)),
    security(("bearer" = []))
)]
pub(crate) async fn credits_by_month(
    State(state): State<AppState>,
    Caller(user): Caller,
) -> Result<Response, ApiError> {
    let live = state.live();
    let chart = queries::credits_chart(&live.desk, &user, live.now);
    Ok(Json(page(chart)).into_response())
}

#[utoipa::path(
    get,
    path = "/v1/charges",
    summary = "Every charge the user may see",
    description = "Every charge the user may see (a customer's admin: their own): each purchase, each subscription's billing period as it opens (a monthly subscription's every month), each renewal. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "credits",
    params(crate::openapi::PageQuery),
    responses((status = 200, description = "A page of every charge the user may see, newest first.", body = crate::routes::ListPage<csp_domain::Charge>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_charges(
    State(state): State<AppState>,
    Caller(user): Caller,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let charges = queries::charges(&state.live().desk, &user);
    // Newest first, so named by what was billed and when, not by place.
    paged(charges, &uri, &params, |_, charge| {
        format!("{} {}", charge.item.0, charge.billed_at.to_rfc3339())
    })
}

#[utoipa::path(
    get,
    path = "/v1/customers/{customerId}/credits",
    summary = "The customer's credits grouped by invoice month",
    description = "The customer's credits grouped by invoice month.",
    tag = "customers",
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum")),
    responses((status = 200, description = "The customer's credits grouped by invoice month.", body = crate::routes::Page<csp_domain::InvoiceCredits>)),
    security(("bearer" = []))
)]
pub(crate) async fn customer_credits(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(customer): Params<CustomerId>,
) -> Result<Response, ApiError> {
    let live = state.live();
    Ok(Json(page(queries::credits_per_invoice_month(
        &live.desk, &user, &customer,
    )?))
    .into_response())
}

/// A day from the query, read as every day the API accepts (`extract::day`); absent or empty
/// is `None`.
fn date_param(params: &HashMap<String, String>, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    // Given but empty is no day either: as documented, only leaving it out means the default.
    params
        .get(name)
        .map(|value| day(Field::Query(name), value.trim()))
        .transpose()
}

/// Closing soon: every deadline the user may see within the horizon, soonest first. `kind` is a
/// deadline kind, `customerId` one customer, `within` 24h, 7d, 30d (the default) or 90d.
#[utoipa::path(
    get,
    path = "/v1/deadlines",
    summary = "Closing soon: every deadline the user may see",
    description = "Closing soon: every deadline of every customer the user may see, soonest first, from now to the horizon: kind (subscription_cancellation, perpetual_cancellation, term_renews, term_expires, link_expires, mak_deployment), customerId, within (24h, 7d, 30d by default, 90d). Each names the customer, item, order and amount (the renewal's charge, or the credit if cancelled now). Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "deadlines",
    params(crate::openapi::DeadlineQuery, crate::openapi::PageQuery),
    responses((status = 200, description = "Closing soon: a page of the deadlines from now to the horizon, soonest first.", body = crate::routes::ListPage<csp_domain::Deadline>), (status = 404, description = "unknown_customer: customerId names no customer the user may see.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list_deadlines(
    State(state): State<AppState>,
    Caller(user): Caller,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let param = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let kind = match param("kind") {
        None => None,
        Some(slug) => Some(DeadlineKind::from_slug(slug).ok_or_else(|| {
            ApiError::invalid(format!(
                "kind must be one of {}.",
                DeadlineKind::ALL.map(DeadlineKind::slug).join(", ")
            ))
        })?),
    };
    let horizon = match param("within") {
        None => Horizon::default(),
        Some(slug) => Horizon::from_slug(slug)
            .ok_or_else(|| ApiError::invalid("within must be one of 24h, 7d, 30d, 90d."))?,
    };
    let filter = DeadlineFilter {
        kind,
        customer: param("customerId").map(|id| CustomerId(id.to_owned())),
        horizon,
    };
    let live = state.live();
    let deadlines = deadlines(&live.desk, &user, live.now, &filter)?;
    drop(live);
    paged(deadlines, &uri, &params, |_, deadline| deadline.id.clone())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RememberMak {
    /// The last KMS activation day, YYYY-MM-DD from 2000-01-01, not after today.
    #[schema(format = Date, pattern = "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$", example = "2021-06-01")]
    last_kms_activation: String,
}

/// The VL to CSP helper's "remember this deadline": kept as an event, listed by Closing soon.
#[utoipa::path(
    post,
    path = "/v1/customers/{customerId}/makdeadline",
    summary = "Remembers the customer's MAK deadline",
    description = "Admin agent or Global admin: remembers the customer's MAK deadline from the last KMS activation day (YYYY-MM-DD from 2000-01-01 to 2100-12-31, else 422 invalid_body or date_out_of_range naming lastKmsActivation; not after today): 180 days on, listed by Closing soon. Kept as an event; remembering again replaces it.",
    tag = "customers",
    request_body = crate::routes::RememberMak,
    params(("customerId" = String, Path, description = "The customer's id: its tenant GUID (a demo customer's short name).", example = "adatum"), crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The MAK deadline: 180 days after the last KMS activation.", body = csp_domain::MakDeadline)),
    security(("bearer" = []))
)]
pub(crate) async fn remember_mak_deadline(
    State(state): State<AppState>,
    Params(customer): Params<CustomerId>,
    request: WriteRequest<RememberMak>,
) -> Result<Reply, ApiError> {
    let intent = Intent::RememberMakDeadline {
        customer,
        last_kms_activation: day(
            Field::Body("lastKmsActivation"),
            &request.body.last_kms_activation,
        )?,
    };
    execute(&state, request.write, intent, Precondition::None).await
}

#[utoipa::path(
    get,
    path = "/v1/auditrecords",
    summary = "The activity log (key views, links, downloads) between two dates, both included",
    description = "The activity log (key views, links, downloads) between two dates, both included; defaults to the 30 days up to the clock's date. Dates are YYYY-MM-DD from 2000-01-01 to 2100-12-31: another form is 422 invalid_request, another day 422 date_out_of_range, each naming the parameter and the range. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "auditrecords",
    params(crate::openapi::AuditQuery, crate::openapi::PageQuery),
    responses((status = 200, description = "A page of the activity log (key views, links, downloads), newest first.", body = crate::routes::ListPage<csp_domain::ActivityRecord>)),
    security(("bearer" = []))
)]
pub(crate) async fn audit_records(
    State(state): State<AppState>,
    Caller(user): Caller,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let (from, to) = (
        date_param(&params, "startDate")?,
        date_param(&params, "endDate")?,
    );
    let live = state.live();
    let records = queries::activity(&live.desk, &user, live.now, from, to)?;
    drop(live);
    // Newest first, and only ever added to at the front: a record's place counted from the
    // oldest names it.
    let len = records.len();
    paged(records, &uri, &params, |at, _| (len - at).to_string())
}

// --- Service requests ----------------------------------------------------------------------

#[utoipa::path(
    get,
    path = "/v1/servicerequests",
    summary = "Support requests, newest first (partner users)",
    description = "Support requests, newest first (partner users). Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.",
    tag = "servicerequests",
    params(crate::openapi::PageQuery),
    responses((status = 200, description = "A page of the support requests, newest first.", body = crate::routes::ListPage<csp_domain::SupportRequest>)),
    security(("bearer" = []))
)]
pub(crate) async fn list_service_requests(
    State(state): State<AppState>,
    Caller(user): Caller,
    uri: Uri,
    params: QueryMap,
) -> Result<Response, ApiError> {
    let params = query(params)?;
    let requests = queries::support_requests(&state.live().desk, &user)?;
    paged(requests, &uri, &params, |_, request| request.id.0.clone())
}

#[utoipa::path(
    get,
    path = "/v1/servicerequests/{requestId}",
    summary = "One support request, with the notes added since it was filed",
    description = "One support request, with the notes added since it was filed.",
    tag = "servicerequests",
    params(("requestId" = String, Path, description = "The support request's id.")),
    responses((status = 200, description = "One support request, with its notes.", body = csp_domain::SupportRequest)),
    security(("bearer" = []))
)]
pub(crate) async fn get_service_request(
    State(state): State<AppState>,
    Caller(user): Caller,
    Params(id): Params<SupportRequestId>,
) -> Result<Response, ApiError> {
    Ok(Json(queries::support_request(&state.live().desk, &user, &id)?).into_response())
}

#[utoipa::path(
    post,
    path = "/v1/servicerequests",
    summary = "Files a CSP Purchase/Refund support request",
    description = "Files a CSP Purchase/Refund support request.",
    tag = "servicerequests",
    request_body = csp_domain::SupportRequestForm,
    params(crate::openapi::IdempotencyKey),
    responses((status = 201, description = "The support request filed.", body = csp_domain::SupportRequest, headers(("Location" = String, description = "Where the new resource is read.")))),
    security(("bearer" = []))
)]
pub(crate) async fn file_service_request(
    State(state): State<AppState>,
    request: WriteRequest<SupportRequestForm>,
) -> Result<Reply, ApiError> {
    let intent = Intent::FileSupportRequest { form: request.body };
    execute(&state, request.write, intent, Precondition::None).await
}

/// Partner Center's update of a service request: a new status, or a note to add.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceRequestChange {
    #[serde(default, deserialize_with = "present")]
    status: Option<Known<SupportRequestStatus>>,
    #[serde(default, deserialize_with = "present")]
    new_note: Option<NewNote>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewNote {
    /// The note.
    text: String,
}

#[utoipa::path(
    patch,
    path = "/v1/servicerequests/{requestId}",
    summary = "Moves a support request (open, attention_needed, closed), or adds a note",
    description = "Moves a support request (open, attention_needed, closed), or adds a note; a note on one that needed attention opens it again.",
    tag = "servicerequests",
    request_body = crate::routes::ServiceRequestChange,
    params(("requestId" = String, Path, description = "The support request's id."), crate::openapi::IdempotencyKey),
    responses((status = 200, description = "The support request as changed.", body = csp_domain::SupportRequest), (status = 409, description = "The rules refuse it now (the refusal names which and why).", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn change_service_request(
    State(state): State<AppState>,
    Params(id): Params<SupportRequestId>,
    request: WriteRequest<ServiceRequestChange>,
) -> Result<Reply, ApiError> {
    let intent = match (request.body.status, request.body.new_note) {
        (Some(Known(status)), None) => Intent::SetSupportRequestStatus { id, status },
        (None, Some(note)) => Intent::AddSupportRequestNote {
            id,
            text: note.text,
        },
        _ => {
            return Err(ApiError::invalid(
                "send either `status` or `newNote`, one change at a time",
            ))
        }
    };
    execute(&state, request.write, intent, Precondition::None).await
}
