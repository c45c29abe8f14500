//! The OpenAPI 3 document of `/v1`, built by hand: the domain's types stay free of schema
//! derives, so bodies are described as loose objects with a sentence each. A test checks it
//! against the routes the router serves.

use serde_json::{json, Map, Value};

/// One operation of the API as the document describes it.
pub struct Operation {
    /// GET, POST, PATCH or DELETE.
    pub method: &'static str,
    /// The path with `{name}` parameters.
    pub path: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Whether it needs `Authorization: Bearer TOKEN`.
    pub signed_in: bool,
    /// The query parameters it reads.
    pub query: &'static [&'static str],
    /// The request body, described, if it takes one.
    pub body: Option<&'static str>,
    /// The success status and what it answers.
    pub answers: (u16, &'static str),
}

const fn op(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    body: Option<&'static str>,
    answers: (u16, &'static str),
) -> Operation {
    Operation {
        method,
        path,
        summary,
        signed_in: true,
        query: &[],
        body,
        answers,
    }
}

const fn public(operation: Operation) -> Operation {
    Operation {
        signed_in: false,
        ..operation
    }
}

const fn with_query(operation: Operation, query: &'static [&'static str]) -> Operation {
    Operation { query, ..operation }
}

const SELECTION: &str = "{\"selection\": {\"version\", \"language\", \"fileType\"}} (each \
                         required where the product offers it, absent otherwise)";

const KEY_REQUEST: &str = "{\"selection\": {\"version\", \"language\", \"fileType\"}, \
                           \"keyType\"?: \"MAK\"} (each choice required where the product \
                           offers it, absent otherwise)";

/// What a 422 answer tells: which field or parameter is wrong, and what it allows.
const INVALID: &str = "A body of valid JSON with a field of the wrong type or an unknown value is \
                       422 invalid_body naming the field by its path (such as \
                       lineItems[0].billingCycle), the value sent and the values allowed; \
                       broken JSON is 400 bad_request. A field or query parameter with a value \
                       out of range is 422 naming it; every date and time is from 2000-01-01 \
                       to 2100-12-31 (UTC), so every time the API writes is RFC 3339.";

/// Every operation of the API.
pub const OPERATIONS: &[Operation] = &[
    public(op("GET", "/v1/openapi.json", "This document.", None, (200, "OpenAPI 3 document"))),
    public(op("GET", "/v1/server", "How this server runs: {\"mode\": \"demo\"} (demo users, simulation clock, reset) or {\"mode\": \"real\"} (accounts, the system's clock).", None, (200, "{\"mode\"}"))),
    public(op("GET", "/v1/session/users", "Every user by name and roles: on a demo the users one can sign in as (no session needed); on a real server, for a signed-in user (401 otherwise).", None, (200, "User[]"))),
    op("GET", "/v1/session", "The user the token signs in.", None, (200, "User")),
    public(op("POST", "/v1/session", "Signs in. Real server: {\"email\", \"password\"}; a wrong email or password alike is 401 sign_in_failed; after 5 failures for one email within 15 minutes, 429 too_many_sign_ins with Retry-After until the window passes. Demo: {\"user\": USER_ID}. Sessions end after 8 hours without use and 7 days at most.", Some("{\"email\", \"password\"} or, on a demo, {\"user\": USER_ID}"), (201, "{\"token\", \"user\"}"))),
    op("DELETE", "/v1/session", "Signs out: the token stops working.", None, (204, "nothing")),
    op("GET", "/v1/users", "Global admin, real server: every user with email and roles, disabled ones too; never a password.", None, (200, "{\"totalCount\", \"items\": Account[]}")),
    op("POST", "/v1/users", "Global admin, real server: adds a user; the password (12 to 256 characters) is kept as an Argon2id hash; an email in use is 422.", Some("{\"email\", \"name\", \"roles\": [ROLE], \"customer\"?: CUSTOMER_ID, \"password\"}"), (201, "Account")),
    op("PATCH", "/v1/users/{userId}", "Global admin, real server: new roles, or disabled (their sessions end at once). The last active Global admin cannot be disabled or lose the role (409 last_global_admin).", Some("{\"roles\": [ROLE]} or {\"disabled\": true|false}"), (200, "Account")),
    op("GET", "/v1/accountrecords", "Global admin, real server: sign-ins (success, failure, lockout; time and client address) and user changes, newest first, the latest 1000.", None, (200, "{\"totalCount\", \"items\": AccountRecord[]}")),
    op("GET", "/v1/clock", "The clock: on a demo the simulation clock, which stands still until moved; on a real server the system's UTC time.", None, (200, "{\"now\": RFC 3339}")),
    op("POST", "/v1/clock", "Demo only (a real server answers 403 clock_is_real): moves the clock forward (never back: 409 clock_backwards; at most ten years at once: 422 clock_too_far; a time that is not RFC 3339 is 422 invalid_body, one outside 2000-01-01 to 2100-12-31 (UTC) 422 date_out_of_range, each naming `now`) and records the terms that ended, renewals and expiries, with the clock in one transaction.", Some("{\"now\": RFC 3339}"), (200, "{\"now\"}")),
    op("POST", "/v1/demo/reset", "Demo only (a real server answers 404 not_a_demo): partner users start the demo over (seed events, seed clock); sessions stay.", None, (200, "{\"now\"}")),
    op("POST", "/v1/customers", "Admin agent or Global admin: adds a customer; its id is the tenant GUID. Each field is checked (422 invalid_field naming it); a tenant or default domain in use is 422 taken.", Some("{\"name\", \"defaultDomain\", \"tenantId\", \"market\", \"currency\"}"), (201, "Customer, with Location")),
    op("POST", "/v1/customers/import", "Admin agent or Global admin: adds every customer of a CSV file (Content-Type: text/csv, or JSON {\"csv\"}) with a header row naming name, defaultDomain, tenantId, market, currency, or none: 422 import_rejected names each bad row (counting the header as row 1) and why.", Some("text/csv, or {\"csv\": TEXT}"), (201, "{\"totalCount\", \"items\": Customer[]}")),
    with_query(op("GET", "/v1/customers", "A page of the customers the user may read, by name, filtered by search (name, domain, tenant GUID) and market (ISO code, either case). size is 1 to 500 (50 if not given); the page starts just after the customer continuationToken names (links.next.uri carries it), or else at offset. totalCount counts all readable customers, matchingCount those that match, markets lists the markets of all readable customers. A continuation token of another list or filter is 422 invalid_continuation_token; a bad size or offset is 422 invalid_request.", None, (200, "{\"totalCount\", \"matchingCount\", \"offset\", \"items\": Customer[], \"markets\": string[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["search", "market", "size", "offset", "continuationToken"]),
    op("GET", "/v1/customers/{customerId}", "One customer.", None, (200, "Customer")),
    op("GET", "/v1/customers/{customerId}/offers", "The catalog as offered to the customer now: price, billing plans, why not if not.", None, (200, "{\"totalCount\", \"items\": Offer[]}")),
    with_query(op("GET", "/v1/customers/{customerId}/orders", "The customer's orders, newest first. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": Order[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["size", "offset", "continuationToken"]),
    op("POST", "/v1/customers/{customerId}/orders", "Places an order; it completes at once.", Some("{\"lineItems\": [{\"offerId\", \"quantity\", \"billingCycle\"}]}"), (201, "Order, with ETag and Location")),
    op("GET", "/v1/customers/{customerId}/orders/{orderId}", "One order.", None, (200, "Order, with ETag")),
    op("PATCH", "/v1/customers/{customerId}/orders/{orderId}", "Cancels lines of an order. Honours If-Match (412 when stale).", Some("{\"status\": \"cancelled\", \"lineItems\": [{\"lineItemNumber\"}], \"acknowledged\": true}"), (200, "Order, with ETag")),
    with_query(op("GET", "/v1/customers/{customerId}/subscriptions", "The customer's subscriptions bought on or after 14 Oct 2021, newest first. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": SubscriptionView[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["size", "offset", "continuationToken"]),
    op("GET", "/v1/customers/{customerId}/subscriptions/{subscriptionId}", "One subscription, whatever its purchase date.", None, (200, "SubscriptionView, with ETag")),
    op("PATCH", "/v1/customers/{customerId}/subscriptions/{subscriptionId}", "Exactly one change: autorenew, billing cycle from the next term, or cancel (status deleted). Honours If-Match.", Some("{\"autoRenewEnabled\": bool} | {\"billingCycle\": \"monthly\"|\"annual\"|\"triennial\"|\"one_time\"} | {\"status\": \"deleted\", \"acknowledged\": true}"), (200, "SubscriptionView, with ETag")),
    with_query(op("GET", "/v1/customers/{customerId}/software", "Every software item of the customer, cancelled ones too, without keys. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": SoftwareView[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["size", "offset", "continuationToken"]),
    with_query(op("GET", "/v1/customers/{customerId}/cancel-options", "The perpetual cancel dialog's order choices for one product, with days left. A product the console may not cancel is refused with the reason: 409 never_cancellable (RedHat and SUSE plans) or cancel_through_support_request (Windows 7 ESU 2020).", None, (200, "{\"totalCount\", \"items\": CancelOption[]}")), &["product"]),
    op("POST", "/v1/customers/{customerId}/software/{itemId}/key", "Shows the product key (a MAK); logged. A keyType other than MAK (KMS) is refused with 422 choice_not_offered and the reason: KMS keys are never offered, even on request.", Some(KEY_REQUEST), (200, "{\"key\"}")),
    op("POST", "/v1/customers/{customerId}/software/{itemId}/links", "Issues a fresh download link (two weeks or 50 downloads); logged.", Some(SELECTION), (201, "LinkView")),
    op("POST", "/v1/customers/{customerId}/software/{itemId}/downloads", "Downloads the bits from the Software page; logged.", Some(SELECTION), (200, "DownloadFile {\"fileName\", \"content\"}")),
    op("POST", "/v1/customers/{customerId}/makdeadline", "Admin agent or Global admin: remembers the customer's MAK deadline from the last KMS activation day (YYYY-MM-DD from 2000-01-01 to 2100-12-31, else 422 invalid_body or date_out_of_range naming lastKmsActivation; not after today): 180 days on, listed by Closing soon. Kept as an event; remembering again replaces it.", Some("{\"lastKmsActivation\": \"YYYY-MM-DD\"}"), (200, "MakDeadline {\"lastKmsActivation\", \"deadline\", \"daysLeft\", \"passed\"}")),
    with_query(op("GET", "/v1/deadlines", "Closing soon: every deadline of every customer the user may see, soonest first, from now to the horizon: kind (subscription_cancellation, perpetual_cancellation, term_renews, term_expires, link_expires, mak_deployment), customerId, within (24h, 7d, 30d by default, 90d). Each names the customer, item, order and amount (the renewal's charge, or the credit if cancelled now). Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": Deadline[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["kind", "customerId", "within", "size", "offset", "continuationToken"]),
    op("GET", "/v1/customers/{customerId}/credits", "The customer's credits grouped by invoice month.", None, (200, "{\"totalCount\", \"items\": InvoiceCredits[]}")),
    with_query(op("GET", "/v1/credits", "Every credit the user may see (a customer's admin: their own). Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": Credit[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["size", "offset", "continuationToken"]),
    public(op("GET", "/v1/links/{token}", "A download link by its token; the token is the credential.", None, (200, "LinkView"))),
    public(op("GET", "/v1/links/{token}/download", "Downloads through a link, counting one of its 50; 410 once expired or revoked.", None, (200, "the file, text/plain, as an attachment"))),
    with_query(op("GET", "/v1/auditrecords", "The activity log (key views, links, downloads) between two dates, both included; defaults to the 30 days up to the clock's date. Dates are YYYY-MM-DD from 2000-01-01 to 2100-12-31: another form is 422 invalid_request, another day 422 date_out_of_range, each naming the parameter and the range. Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": ActivityRecord[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["startDate", "endDate", "size", "offset", "continuationToken"]),
    with_query(op("GET", "/v1/servicerequests", "Support requests, newest first (partner users). Paged like every growing list: size 1 to 500 (50 if not given), from continuationToken (links.next.uri carries it) or offset; totalCount counts the whole list.", None, (200, "{\"totalCount\", \"offset\", \"items\": SupportRequest[], \"links\": {\"next\"?: {\"uri\", \"method\"}}}")), &["size", "offset", "continuationToken"]),
    op("POST", "/v1/servicerequests", "Files a CSP Purchase/Refund support request.", Some("SupportRequestForm {\"impact\", \"title\", \"tenantOrDomain\", \"orderOrSubscriptionId\", \"refundReason\", \"amountRequested\", \"contactName\", \"contactEmail\", \"contactPhone\", \"files\"}"), (201, "SupportRequest, with Location")),
    op("GET", "/v1/servicerequests/{requestId}", "One support request, with the notes added since it was filed.", None, (200, "SupportRequest")),
    op("PATCH", "/v1/servicerequests/{requestId}", "Moves a support request (open, attention_needed, closed), or adds a note; a note on one that needed attention opens it again.", Some("{\"status\": \"open\"|\"attention_needed\"|\"closed\"} or {\"newNote\": {\"text\"}}"), (200, "SupportRequest")),
];

fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect()
}

fn operation_id(operation: &Operation) -> String {
    let words: Vec<&str> = operation
        .path
        .split(['/', '{', '}', '.', '-'])
        .filter(|word| !word.is_empty() && *word != "v1")
        .collect();
    format!("{}_{}", operation.method.to_lowercase(), words.join("_"))
}

/// The OpenAPI 3 document of every operation.
pub fn document() -> Value {
    let mut paths = Map::new();
    for operation in OPERATIONS {
        let mut parameters = path_parameters(operation.path);
        parameters.extend(operation.query.iter().map(|name| {
            json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" } })
        }));
        let (status, answer) = operation.answers;
        let mut described = json!({
            "summary": operation.summary,
            "operationId": operation_id(operation),
            "parameters": parameters,
            "responses": {
                status.to_string(): {
                    "description": answer,
                    "content": { "application/json": { "schema": { "type": "object" } } }
                },
                "4XX": { "$ref": "#/components/responses/Error" },
                "5XX": { "$ref": "#/components/responses/Error" }
            }
        });
        if operation.body.is_some() || !operation.query.is_empty() {
            described["responses"]["422"] = json!({ "$ref": "#/components/responses/Invalid" });
        }
        if operation.signed_in {
            described["security"] = json!([{ "bearer": [] }]);
        } else {
            described["security"] = json!([]);
        }
        if let Some(body) = operation.body {
            described["requestBody"] = json!({
                "required": true,
                "description": body,
                "content": { "application/json": { "schema": { "type": "object", "description": body } } }
            });
        }
        if matches!(operation.method, "POST" | "PATCH") {
            described["parameters"]
                .as_array_mut()
                .into_iter()
                .for_each(|parameters| {
                    parameters.push(json!({
                        "name": "Idempotency-Key", "in": "header", "required": false,
                        "description": "A retry with the same key (same user, same request) gets the first answer again, without running the command twice.",
                        "schema": { "type": "string", "maxLength": 255 }
                    }))
                });
        }
        if operation.method == "PATCH" && operation.path.contains("/customers/") {
            if let Some(parameters) = described["parameters"].as_array_mut() {
                parameters.push(json!({
                    "name": "If-Match", "in": "header", "required": false,
                    "description": "The ETag last read; a stale one is refused with 412.",
                    "schema": { "type": "string" }
                }));
            }
        }
        let entry = paths
            .entry(operation.path.to_owned())
            .or_insert_with(|| json!({}));
        entry[operation.method.to_lowercase()] = described;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "csp-desk API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!("The JSON backend of csp-desk, following Partner Center's paths and names where one exists. Errors are {{\"code\", \"description\"}} plus the domain's \"refusal\" when a rule said no. Request bodies may hold at most 64 KiB. {INVALID}")
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["code", "description"],
                    "properties": {
                        "code": { "type": "string" },
                        "description": { "type": "string" },
                        "refusal": { "type": "object" }
                    }
                }
            },
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                },
                "Invalid": {
                    "description": INVALID,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            }
        }
    })
}
