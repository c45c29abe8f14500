//! No request, however odd, makes the server answer 5xx: random query strings, path segments
//! and JSON bodies (random ones, and the real shapes with wrong types, extreme numbers, huge
//! strings and dates near chrono's limits), each sent as several demo users.

mod common;

use std::time::Duration;

use common::{office_selection, one_windows_server, Answer, Server};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::runtime::Runtime;

/// Cases per property: enough to reach every route's odd corners, few enough that the whole
/// file runs in seconds.
const CASES: u32 = 64;

/// Shrinking steps for a failure: each is a round trip, so a failure's search stays short.
const SHRINK_STEPS: u32 = 32;

/// The demo users the requests are sent as: the Admin agent first, then one of each kind.
const USERS: [&str; 6] = ["avery", "gale", "sam", "hollis", "nico", "contoso-admin"];

/// Longer request descriptions are cut here, so a failure with a huge body stays readable.
const SHOWN_CHARS: usize = 400;

/// How long an answer may take before the request counts as failed: every answer here takes
/// milliseconds, so a slower one is a server busy with something it should have refused.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// The status recorded when the server gave no answer at all (dropped connection, timeout).
const NO_ANSWER: u16 = 599;

/// The status recorded when the client itself cannot send the request (a URL over 64 KiB).
const UNSENDABLE: u16 = 0;

// --- Sending -------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Body {
    None,
    Json(Value),
    Raw(String),
}

/// One request as a user sends it.
#[derive(Debug, Clone)]
struct Request {
    method: Method,
    path: String,
    user: usize,
    body: Body,
    headers: Vec<(&'static str, String)>,
}

impl Request {
    fn new(method: Method, path: impl Into<String>, user: usize, body: Body) -> Request {
        Request {
            method,
            path: path.into(),
            user,
            body,
            headers: Vec::new(),
        }
    }

    fn describe(&self) -> String {
        let body = match &self.body {
            Body::None => String::new(),
            Body::Json(value) => value.to_string(),
            Body::Raw(text) => text.clone(),
        };
        format!(
            "{} {} as {} with headers {:?} and body {}",
            self.method,
            cut(&self.path),
            USERS[self.user],
            self.headers,
            cut(&body)
        )
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= SHOWN_CHARS {
        text.to_owned()
    } else {
        let start: String = text.chars().take(SHOWN_CHARS).collect();
        format!("{start}… ({} chars in all)", text.chars().count())
    }
}

/// A server on its own runtime, with a token for each of [`USERS`], driven from plain
/// (synchronous) proptest runners.
struct Desk {
    runtime: Option<Runtime>,
    server: Option<Server>,
    tokens: Vec<String>,
}

impl Desk {
    fn start() -> Desk {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let server = runtime.block_on(Server::start(":memory:"));
        let tokens = USERS
            .iter()
            .map(|user| runtime.block_on(server.sign_in(user)))
            .collect();
        Desk {
            runtime: Some(runtime),
            server: Some(server),
            tokens,
        }
    }

    fn runtime(&self) -> &Runtime {
        self.runtime
            .as_ref()
            .expect("the runtime lasts as long as the desk")
    }

    fn server(&self) -> &Server {
        self.server
            .as_ref()
            .expect("the server runs until the desk stops")
    }

    fn send(&self, request: &Request) -> Answer {
        let server = self.server();
        let mut builder = server
            .client
            .request(
                request.method.clone(),
                format!("{}{}", server.base, request.path),
            )
            .bearer_auth(&self.tokens[request.user])
            // A request that never comes back fails the property instead of hanging the test.
            .timeout(ANSWER_WITHIN);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        builder = match &request.body {
            Body::None => builder,
            Body::Json(value) => builder.json(value),
            Body::Raw(text) => builder
                .header("content-type", "application/json")
                .body(text.clone()),
        };
        self.runtime().block_on(async move {
            match builder.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let text = response.text().await.unwrap_or_default();
                    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
                    Answer {
                        status,
                        headers,
                        text,
                        json,
                    }
                }
                Err(error) => Answer {
                    status: if error.is_builder() {
                        UNSENDABLE
                    } else {
                        NO_ANSWER
                    },
                    headers: Default::default(),
                    text: if error.is_timeout() {
                        format!("no answer within {} s", ANSWER_WITHIN.as_secs())
                    } else {
                        // Without the URL, which may be huge and is in the request's description.
                        format!("no answer: {}", error.without_url())
                    },
                    json: Value::Null,
                },
            }
        })
    }

    /// Sends the request and fails the case on a 5xx, naming the request.
    fn answers_below_500(&self, request: &Request) -> Result<Answer, TestCaseError> {
        let answer = self.send(request);
        if answer.status == UNSENDABLE {
            return Err(TestCaseError::reject("the client cannot send this request"));
        }
        prop_assert!(
            answer.status < 500,
            "{} answered {}: {}",
            request.describe(),
            answer.status,
            cut(&answer.text)
        );
        Ok(answer)
    }

    /// Runs `property` for [`CASES`] values of `strategy`; panics naming the smallest failing
    /// request found within `shrink_steps`.
    fn check<S: Strategy>(
        &self,
        shrink_steps: u32,
        strategy: S,
        property: impl Fn(&Desk, S::Value) -> Result<(), TestCaseError>,
    ) {
        let config = Config {
            cases: CASES,
            failure_persistence: None,
            max_shrink_iters: shrink_steps,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        match runner.run(&strategy, |value| property(self, value)) {
            Ok(()) => {}
            // The reason names the request, cut to a readable length; the raw value may not be.
            Err(TestError::Fail(reason, _)) => panic!("{reason}"),
            Err(TestError::Abort(reason)) => panic!("gave up: {reason}"),
        }
    }

    fn stop(mut self) {
        if let Some(server) = self.server.take() {
            self.runtime().block_on(server.stop());
        }
    }
}

impl Drop for Desk {
    /// After a failure the server may still be busy with the request that failed: leave it
    /// rather than wait for it, so the failure is reported at once.
    fn drop(&mut self) {
        self.server.take();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

// --- What is sent --------------------------------------------------------------------------

fn user() -> impl Strategy<Value = usize> {
    prop_oneof![2 => Just(0), 3 => 0..USERS.len()]
}

/// Percent-encodes everything but unreserved characters, so any text fits in a path or query.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// Dates as a person, a script or an attacker might write them, many at or past chrono's limits.
fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "+262142-12-31",
            "+262143-12-31",
            "-262143-01-01",
            "-262144-01-01",
            "-2021-01-01",
            "+2021-01-01",
            "02021-01-01",
            "9999-12-31",
            "0000-01-01",
            "1999-12-31",
            "2000-01-01",
            "2100-12-31",
            "2101-01-01",
            "2021-02-29",
            "2021-1-5",
            "2021-11-15",
            "+262142-12-31T00:00:00Z",
            "+262143-12-31T23:59:59.999999999Z",
            "-262143-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2100-12-31T23:59:59+14:00",
            "2021-11-15T10:00:00-23:59",
        ])
        .prop_map(str::to_owned),
        "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
        "[+-]?[0-9]{4,6}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})?(Z|[+-][0-9]{2}:[0-9]{2})",
    ]
}

/// Text of every kind: random, empty, huge, control characters, dates, amounts.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => ".{0,40}",
        1 => Just(String::new()),
        1 => Just("x".repeat(20_000)),
        1 => Just("é".repeat(30_000)),
        1 => Just("\u{0}\u{7f}\u{202e}\u{feff}".to_owned()),
        2 => date_text(),
        1 => "-?[0-9]{1,40}([.,][0-9]{0,40})?(e-?[0-9]{1,4})?",
        1 => prop::sample::select(vec![
            "NaN", "inf", "-0", "1e400", "0.005", "18446744073709551616", "2021", "64-bit",
            "English", "annual", "monthly", "cancelled", "deleted", "closed",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Numbers at and beyond the edges of what the fields hold.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(1),
            json!(10_000),
            json!(10_001),
            json!(u32::MAX),
            json!(u64::from(u32::MAX) + 1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(i64::MAX),
            json!(0.5),
            json!(1e308),
            json!(-1e308),
            json!(f64::MIN_POSITIVE),
        ]),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("JSON numbers are finite", |float| {
            serde_json::Number::from_f64(float).map(Value::Number)
        }),
    ]
}

/// The field names the API reads, and a few it does not.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "now", "user", "lineItems", "offerId", "quantity", "billingCycle", "lineItemNumber",
            "status", "acknowledged", "autoRenewEnabled", "selection", "version", "language",
            "fileType", "impact", "title", "tenantOrDomain", "orderOrSubscriptionId",
            "refundReason", "amountRequested", "contactName", "contactEmail", "contactPhone",
            "files", "problemType", "__proto__", "",
        ])
        .prop_map(str::to_owned),
        1 => ".{0,12}",
    ]
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Mostly `shape`, sometimes any JSON at all in its place.
fn or_wild(shape: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![4 => shape, 1 => any_json()].boxed()
}

fn one_of(values: &[&'static str]) -> BoxedStrategy<Value> {
    or_wild(prop::sample::select(values.to_vec()).prop_map(Value::from))
}

fn wild_text() -> BoxedStrategy<Value> {
    or_wild(text().prop_map(Value::String))
}

fn wild_bool() -> BoxedStrategy<Value> {
    or_wild(any::<bool>().prop_map(Value::Bool))
}

fn wild_number() -> BoxedStrategy<Value> {
    or_wild(number())
}

/// An object with these fields, each mostly present.
fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let (names, values): (Vec<_>, Vec<_>) = fields
        .into_iter()
        .map(|(name, value)| (name, prop::option::weighted(0.85, value)))
        .unzip();
    values
        .prop_map(move |values| {
            let fields = names
                .iter()
                .zip(values)
                .filter_map(|(name, value)| value.map(|value| (name.to_string(), value)));
            Value::Object(fields.collect())
        })
        .boxed()
}

fn billing_cycle() -> BoxedStrategy<Value> {
    one_of(&["monthly", "annual", "triennial", "one_time", "weekly", ""])
}

fn order_body() -> BoxedStrategy<Value> {
    let line = object(vec![
        (
            "offerId",
            or_wild(
                prop_oneof![
                    prop::sample::select(vec![
                        "DG7GMGF0D5RK:0001",
                        "DG7GMGF0D5RK:0002",
                        "CFQ7TTC0LH18:0001",
                        "DG7GMGF0D5RK",
                    ])
                    .prop_map(str::to_owned),
                    text(),
                ]
                .prop_map(Value::String),
            ),
        ),
        ("quantity", wild_number()),
        ("billingCycle", billing_cycle()),
    ]);
    object(vec![(
        "lineItems",
        or_wild(prop::collection::vec(line, 0..4).prop_map(Value::Array)),
    )])
}

fn cancel_lines_body() -> BoxedStrategy<Value> {
    let line = object(vec![("lineItemNumber", wild_number())]);
    object(vec![
        ("status", one_of(&["cancelled", "deleted", "active"])),
        (
            "lineItems",
            or_wild(prop::collection::vec(line, 0..4).prop_map(Value::Array)),
        ),
        ("acknowledged", wild_bool()),
    ])
}

fn subscription_change_body() -> BoxedStrategy<Value> {
    object(vec![
        ("autoRenewEnabled", wild_bool()),
        ("billingCycle", billing_cycle()),
        ("status", one_of(&["deleted", "cancelled", "active"])),
        ("acknowledged", wild_bool()),
    ])
}

fn software_choice_body() -> BoxedStrategy<Value> {
    let selection = object(vec![
        ("version", one_of(&["2021", "2019", "2024", ""])),
        ("language", one_of(&["English", "German", "Klingon"])),
        ("fileType", one_of(&["64-bit", "32-bit", "ISO"])),
    ]);
    object(vec![("selection", or_wild(selection))])
}

fn service_request_body() -> BoxedStrategy<Value> {
    object(vec![
        ("problemType", wild_text()),
        (
            "impact",
            one_of(&["minimal", "moderate", "critical", "severe"]),
        ),
        ("title", wild_text()),
        ("tenantOrDomain", wild_text()),
        ("orderOrSubscriptionId", wild_text()),
        ("refundReason", wild_text()),
        ("amountRequested", wild_text()),
        ("contactName", wild_text()),
        ("contactEmail", wild_text()),
        ("contactPhone", wild_text()),
        (
            "files",
            or_wild(
                prop::collection::vec(text().prop_map(Value::String), 0..8).prop_map(Value::Array),
            ),
        ),
    ])
}

fn service_request_status_body() -> BoxedStrategy<Value> {
    object(vec![(
        "status",
        one_of(&["open", "attention_needed", "closed", "deleted"]),
    )])
}

fn clock_body() -> BoxedStrategy<Value> {
    object(vec![("now", or_wild(date_text().prop_map(Value::String)))])
}

fn session_body() -> BoxedStrategy<Value> {
    object(vec![("user", one_of(&["avery", "nico", "mallory", ""]))])
}

/// The strategy for one route's body.
type BodyShape = fn() -> BoxedStrategy<Value>;

/// Each write route, with a path to real things and the shape of its body.
fn write_routes() -> Vec<(Method, &'static str, BodyShape)> {
    vec![
        (Method::POST, "/v1/clock", clock_body),
        (Method::POST, "/v1/session", session_body),
        (Method::POST, "/v1/customers/adatum/orders", order_body),
        (Method::POST, "/v1/customers/wingtip/orders", order_body),
        (
            Method::PATCH,
            "/v1/customers/wingtip/orders/ORD-1005",
            cancel_lines_body,
        ),
        (
            Method::PATCH,
            "/v1/customers/adatum/subscriptions/ORD-1012-0",
            subscription_change_body,
        ),
        (
            Method::PATCH,
            "/v1/customers/contoso/subscriptions/ORD-1001-0",
            subscription_change_body,
        ),
        (Method::POST, "/v1/servicerequests", service_request_body),
        (
            Method::PATCH,
            "/v1/servicerequests/SR-2111040001",
            service_request_status_body,
        ),
        (
            Method::POST,
            "/v1/customers/wingtip/software/ORD-1005-0/key",
            software_choice_body,
        ),
        (
            Method::POST,
            "/v1/customers/wingtip/software/ORD-1005-0/links",
            software_choice_body,
        ),
        (
            Method::POST,
            "/v1/customers/wingtip/software/ORD-1005-0/downloads",
            software_choice_body,
        ),
    ]
}

/// Header values for `If-Match` and `Idempotency-Key`: absent, plausible or odd.
fn write_headers() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let value = prop_oneof![
        Just("*".to_owned()),
        Just("\"0\"".to_owned()),
        Just(" ".to_owned()),
        Just("W/\"x\", \"y\",,".to_owned()),
        Just("k".repeat(300)),
        "[!-~]{1,40}",
    ];
    (prop::option::of(value.clone()), prop::option::of(value)).prop_map(|(if_match, key)| {
        let mut headers = Vec::new();
        if let Some(if_match) = if_match {
            headers.push(("If-Match", if_match));
        }
        if let Some(key) = key {
            headers.push(("Idempotency-Key", key));
        }
        headers
    })
}

/// Raw bodies that are not JSON, or JSON that is hard to read.
fn raw_body() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,60}",
        Just(String::new()),
        Just("[".repeat(10_000)),
        Just(format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000))),
        Just(format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000))),
        Just("{\"now\": \"+262142-12-31T00:00:00Z\"".to_owned()),
        Just("{\"quantity\": 1e999999}".to_owned()),
        Just("\u{feff}{}".to_owned()),
        Just("{\"lineItems\": [], \"lineItems\": []}".to_owned()),
    ]
}

/// A path segment: a real id, random text (encoded), or raw bytes a router might choke on.
fn segment(real: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(real).prop_map(str::to_owned),
        3 => ".{0,30}".prop_map(|text| encode(&text)),
        2 => prop::sample::select(vec![
            "%FF", "%C3%28", "%00", "..", ".", "%2E%2E", "%2F", "a%2Fb", "%25", "+", " ",
            "ORD-1005-0%00", "ORD-1005-", "-", "ORD-", "SR-", "%E2%80%AE",
        ])
        .prop_map(str::to_owned),
        1 => Just("a".repeat(5_000)),
    ]
}

const CUSTOMERS: &[&str] = &[
    "contoso",
    "adatum",
    "wingtip",
    "woodgrove",
    "fabrikam",
    "litware",
];
const ORDERS: &[&str] = &["ORD-1001", "ORD-1005", "ORD-1008", "ORD-1012"];
const ITEMS: &[&str] = &[
    "ORD-1001-0",
    "ORD-1005-0",
    "ORD-1012-0",
    "ORD-1002-0",
    "ORD-1008-0",
];
const LINKS: &[&str] = &["dl-wingtip-office-2021-10-21"];
const SERVICE_REQUESTS: &[&str] = &["SR-2111040001"];

// --- The properties ------------------------------------------------------------------------

#[test]
fn arbitrary_query_strings_never_make_the_server_answer_5xx() {
    let desk = Desk::start();
    let pairs = prop::collection::vec(
        (
            prop_oneof![
                3 => prop::sample::select(vec![
                    "endDate", "startDate", "search", "market", "product",
                ])
                .prop_map(str::to_owned),
                1 => ".{0,10}",
            ],
            prop_oneof![2 => date_text(), 2 => text(), 1 => Just("office-ltsc-professional-plus-2021".to_owned())],
        ),
        0..4,
    )
    .prop_map(|pairs| {
        pairs
            .iter()
            .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    });
    let raw = prop_oneof![
        "[ -~]{0,60}",
        Just("endDate=%FF".to_owned()),
        Just("startDate=%&endDate=%ZZ".to_owned()),
        Just("endDate=+262142-12-31".to_owned()),
        Just("endDate=%2B262142-12-31&startDate=-262143-01-01".to_owned()),
        Just("endDate=2021-11-15&endDate=2021-11-16".to_owned()),
    ];
    let path = prop::sample::select(vec![
        "/v1/auditrecords",
        "/v1/customers",
        "/v1/customers/wingtip/cancel-options",
        "/v1/customers/contoso/cancel-options",
    ]);
    desk.check(
        SHRINK_STEPS,
        (path, prop_oneof![pairs, raw], user()),
        |desk, (path, query, user)| {
            let request = Request::new(Method::GET, format!("{path}?{query}"), user, Body::None);
            desk.answers_below_500(&request)?;
            Ok(())
        },
    );
    desk.stop();
}

#[test]
fn arbitrary_ids_in_the_path_never_make_the_server_answer_5xx() {
    let desk = Desk::start();
    let customer = || segment(CUSTOMERS);
    let request = prop_oneof![
        (customer(), prop::sample::select(vec![
            "", "/offers", "/orders", "/subscriptions", "/software", "/credits",
            "/cancel-options?product=office-ltsc-professional-plus-2021",
        ]))
        .prop_map(|(c, rest)| (Method::GET, format!("/v1/customers/{c}{rest}"), Body::None)),
        (customer(), segment(ORDERS)).prop_map(|(c, o)| {
            (Method::GET, format!("/v1/customers/{c}/orders/{o}"), Body::None)
        }),
        (customer(), segment(ITEMS)).prop_map(|(c, s)| {
            (Method::GET, format!("/v1/customers/{c}/subscriptions/{s}"), Body::None)
        }),
        (customer(), segment(ORDERS)).prop_map(|(c, o)| {
            let body = json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true});
            (Method::PATCH, format!("/v1/customers/{c}/orders/{o}"), Body::Json(body))
        }),
        (customer(), segment(ITEMS), any::<bool>()).prop_map(|(c, s, on)| {
            let body = json!({"autoRenewEnabled": on});
            (Method::PATCH, format!("/v1/customers/{c}/subscriptions/{s}"), Body::Json(body))
        }),
        (customer(), segment(ITEMS), prop::sample::select(vec!["key", "links", "downloads"]))
            .prop_map(|(c, i, what)| {
                let path = format!("/v1/customers/{c}/software/{i}/{what}");
                (Method::POST, path, Body::Json(office_selection()))
            }),
        customer().prop_map(|c| {
            (Method::POST, format!("/v1/customers/{c}/orders"), Body::Json(one_windows_server()))
        }),
        (segment(LINKS), prop::sample::select(vec!["", "/download"]))
            .prop_map(|(t, rest)| (Method::GET, format!("/v1/links/{t}{rest}"), Body::None)),
        segment(SERVICE_REQUESTS).prop_map(|id| {
            (Method::PATCH, format!("/v1/servicerequests/{id}"), Body::Json(json!({"status": "closed"})))
        }),
    ];
    desk.check(
        SHRINK_STEPS,
        (request, user()),
        |desk, ((method, path, body), user)| {
            desk.answers_below_500(&Request::new(method, path, user, body))?;
            Ok(())
        },
    );
    desk.stop();
}

#[test]
fn arbitrary_json_and_raw_bodies_to_every_write_never_make_the_server_answer_5xx() {
    let desk = Desk::start();
    let route = prop::sample::select(
        write_routes()
            .into_iter()
            .map(|(method, path, _)| (method, path))
            .collect::<Vec<_>>(),
    );
    let body = prop_oneof![
        3 => any_json().prop_map(Body::Json),
        1 => raw_body().prop_map(Body::Raw),
    ];
    desk.check(
        SHRINK_STEPS,
        (route, body, user()),
        |desk, ((method, path), body, user)| {
            desk.answers_below_500(&Request::new(method, path, user, body))?;
            Ok(())
        },
    );
    desk.stop();
}

#[test]
fn the_real_body_shapes_with_wrong_types_extreme_numbers_huge_strings_and_dates_never_answer_5xx() {
    let desk = Desk::start();
    let routes = write_routes();
    let request = (0..routes.len())
        .prop_flat_map(move |index| {
            let (method, path, body) = write_routes().swap_remove(index);
            (Just(method), Just(path), body(), user(), write_headers())
        })
        .prop_map(|(method, path, body, user, headers)| Request {
            headers,
            ..Request::new(method, path, user, Body::Json(body))
        });
    desk.check(SHRINK_STEPS, request, |desk, request| {
        desk.answers_below_500(&request)?;
        Ok(())
    });
    desk.stop();
}

/// Clock targets: most far in the future, some at or past chrono's last year.
fn clock_target() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => prop::sample::select(vec![
            "+262142-12-31T00:00:00Z",
            "+262142-12-31T23:59:59Z",
            "+262143-12-31T23:59:59.999999999Z",
            "+100000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2100-12-31T23:59:59Z",
            "2101-01-01T00:00:00Z",
            "2021-11-15T10:00:01Z",
            "2022-11-16T00:00:00Z",
        ])
        .prop_map(Value::from),
        2 => (2022i32..2200, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| Value::from(format!("{y:04}-{m:02}-{d:02}T12:00:00Z"))),
        1 => (10_000i32..=262_143, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| Value::from(format!("+{y}-{m:02}-{d:02}T12:00:00Z"))),
        1 => date_text().prop_map(Value::from),
    ]
}

#[test]
fn moving_the_clock_anywhere_never_makes_a_later_read_or_write_answer_5xx() {
    let desk = Desk::start();
    const AVERY: usize = 0;
    const GALE: usize = 1;
    const HOLLIS: usize = 3;
    const CONTOSO_ADMIN: usize = 5;
    let reads: Vec<(usize, &str)> = vec![
        (AVERY, "/v1/clock"),
        (AVERY, "/v1/customers"),
        (AVERY, "/v1/customers/adatum/offers"),
        (AVERY, "/v1/customers/contoso/orders"),
        (AVERY, "/v1/customers/contoso/orders/ORD-1002"),
        (AVERY, "/v1/customers/adatum/subscriptions"),
        (AVERY, "/v1/customers/contoso/subscriptions"),
        (AVERY, "/v1/customers/adatum/subscriptions/ORD-1012-0"),
        (AVERY, "/v1/customers/contoso/subscriptions/ORD-1001-0"),
        (AVERY, "/v1/customers/wingtip/software"),
        (AVERY, "/v1/customers/woodgrove/credits"),
        (AVERY, "/v1/credits"),
        (AVERY, "/v1/credits/by-month"),
        (AVERY, "/v1/charges"),
        (
            AVERY,
            "/v1/customers/wingtip/cancel-options?product=office-ltsc-professional-plus-2021",
        ),
        (AVERY, "/v1/links/dl-wingtip-office-2021-10-21"),
        (GALE, "/v1/auditrecords"),
        (GALE, "/v1/auditrecords?endDate=2100-12-31"),
        (
            GALE,
            "/v1/auditrecords?startDate=2000-01-01&endDate=2100-12-31",
        ),
        (HOLLIS, "/v1/servicerequests"),
        (CONTOSO_ADMIN, "/v1/customers/contoso/subscriptions"),
    ];
    // No shrinking: the targets are single values already, and each step would replay moves.
    desk.check(
        0,
        (clock_target(), clock_target()),
        |desk, (first, second)| {
            let reset = Request::new(Method::POST, "/v1/demo/reset", AVERY, Body::Json(json!({})));
            let answer = desk.answers_below_500(&reset)?;
            prop_assert_eq!(answer.status, 200, "the demo resets: {}", answer.text);
            let placed = Request::new(
                Method::POST,
                "/v1/customers/adatum/orders",
                AVERY,
                Body::Json(one_windows_server()),
            );
            desk.answers_below_500(&placed)?;
            for target in [first, second] {
                let moved = Request::new(
                    Method::POST,
                    "/v1/clock",
                    AVERY,
                    Body::Json(json!({ "now": target })),
                );
                desk.answers_below_500(&moved)?;
                for (user, path) in &reads {
                    desk.answers_below_500(&Request::new(Method::GET, *path, *user, Body::None))?;
                }
                let writes = [
                    (
                        Method::POST,
                        "/v1/customers/adatum/orders",
                        one_windows_server(),
                    ),
                    (
                        Method::PATCH,
                        "/v1/customers/adatum/subscriptions/ORD-1012-0",
                        json!({"autoRenewEnabled": false}),
                    ),
                    (
                        Method::POST,
                        "/v1/customers/wingtip/software/ORD-1005-0/key",
                        office_selection(),
                    ),
                    (
                        Method::POST,
                        "/v1/customers/wingtip/software/ORD-1005-0/links",
                        office_selection(),
                    ),
                ];
                for (method, path, body) in writes {
                    let answer =
                        desk.answers_below_500(&Request::new(method, path, AVERY, Body::Json(body)))?;
                    if let Some(token) = answer.json["token"].as_str() {
                        for rest in ["", "/download"] {
                            let link = format!("/v1/links/{}{rest}", encode(token));
                            desk.answers_below_500(&Request::new(Method::GET, link, AVERY, Body::None))?;
                        }
                    }
                }
                let cancelled = Request::new(
                    Method::PATCH,
                    "/v1/customers/wingtip/orders/ORD-1005",
                    AVERY,
                    Body::Json(json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true})),
                );
                desk.answers_below_500(&cancelled)?;
            }
            Ok(())
        },
    );
    desk.stop();
}

// --- The case that started it --------------------------------------------------------------

#[tokio::test]
async fn an_end_date_in_year_262142_is_refused_422_and_the_server_still_answers_after() {
    let server = Server::start(":memory:").await;
    let gale = server.sign_in("gale").await;
    let far = server
        .get("/v1/auditrecords?endDate=+262142-12-31", &gale)
        .await;
    far.assert_error(422, "invalid_request");
    let encoded = server
        .get("/v1/auditrecords?endDate=%2B262142-12-31", &gale)
        .await;
    encoded.assert_error(422, "invalid_request");
    assert!(
        encoded.json["description"]
            .as_str()
            .unwrap()
            .contains("four-digit year"),
        "{}",
        encoded.text
    );
    server
        .get("/v1/auditrecords?startDate=-2021-01-01", &gale)
        .await
        .assert_error(422, "invalid_request");
    server
        .get("/v1/auditrecords?startDate=yesterday", &gale)
        .await
        .assert_error(422, "invalid_request");
    let before = server
        .get("/v1/auditrecords?startDate=1999-12-31", &gale)
        .await;
    before.assert_error(422, "date_out_of_range");
    assert_eq!(
        before.json["refusal"]["dateOutOfRange"],
        json!({"earliest": "2000-01-01", "latest": "2100-12-31"}),
        "{}",
        before.text
    );
    server
        .get("/v1/auditrecords?endDate=2101-01-01", &gale)
        .await
        .assert_error(422, "date_out_of_range");
    let widest = server
        .get(
            "/v1/auditrecords?startDate=2000-01-01&endDate=2100-12-31",
            &gale,
        )
        .await;
    assert_eq!(widest.status, 200, "{}", widest.text);
    let normal = server
        .get(
            "/v1/auditrecords?startDate=2021-10-01&endDate=2021-11-15",
            &gale,
        )
        .await;
    assert_eq!(normal.status, 200, "{}", normal.text);
    assert!(normal.json["totalCount"].as_u64().unwrap() > 0);
    server.stop().await;
}
