//! A real csp-server (accounts with passwords, the system's clock, an empty desk) over HTTP on
//! 127.0.0.1, as a partner runs it: who may call each route, signing in and the lockout,
//! disabled users, the last Global admin, the customer import, the session limits, and the
//! binary's `user` command and log.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use common::Answer;
use csp_domain::accounts::NewAccount;
use csp_domain::{PartnerRole, UserId};
use csp_server::state::{Mode, SESSION_IDLE_LIMIT, SESSION_LIFETIME};
use csp_server::store::Store;
use csp_server::AppState;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

// --- A server of a given state, and a client for it ------------------------------------------

/// A request body: none, JSON, or a CSV file.
#[derive(Debug, Clone)]
enum Body {
    None,
    Json(Value),
    Csv(String),
}

/// A server running `state` on a free loopback port, with connect info as `serve_on` gives it.
struct Running {
    base: String,
    client: reqwest::Client,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Running {
    async fn serve(state: AppState) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(csp_server::serve_on(
            listener,
            state.clone(),
            None,
            async move {
                let _ = stopped.await;
            },
        ));
        Running {
            base,
            client: reqwest::Client::new(),
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// A real server on a fresh in-memory database, whose first user is a Global admin added
    /// as `csp-server user add` adds one.
    async fn real_with_global_admin() -> Running {
        let state = AppState::open_as(":memory:", Mode::Real).expect("the database opens");
        add_first_global_admin(&state).await;
        Running::serve(state).await
    }

    async fn stop(mut self) {
        // Idle keep-alive connections would hold the graceful shutdown open.
        self.client = reqwest::Client::new();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    async fn send(&self, method: &str, path: &str, token: Option<&str>, body: &Body) -> Answer {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request = match body {
            Body::None => request,
            Body::Json(json) => request.json(json),
            Body::Csv(text) => request
                .header("content-type", "text/csv")
                .body(text.clone()),
        };
        common::Server::answer(request).await
    }

    async fn get(&self, path: &str, token: &str) -> Answer {
        self.send("GET", path, Some(token), &Body::None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send("POST", path, Some(token), &Body::Json(body))
            .await
    }

    async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.send("PATCH", path, Some(token), &Body::Json(body))
            .await
    }

    async fn try_sign_in(&self, email: &str, password: &str) -> Answer {
        let body = Body::Json(json!({ "email": email, "password": password }));
        self.send("POST", "/v1/session", None, &body).await
    }

    async fn sign_in(&self, person: &Person) -> String {
        let answer = self.try_sign_in(person.email, person.password).await;
        assert_eq!(
            answer.status, 201,
            "{} signs in: {}",
            person.email, answer.text
        );
        answer.json["token"].as_str().unwrap().to_owned()
    }

    /// Adds `person` through `POST /v1/users` as the Global admin `token`; answers their id.
    async fn add_user(&self, token: &str, person: &Person) -> String {
        let added = self.post("/v1/users", token, person.form()).await;
        assert_eq!(
            added.status, 201,
            "{} is added: {}",
            person.email, added.text
        );
        added.json["user"]["id"].as_str().unwrap().to_owned()
    }

    async fn customer_count(&self, token: &str) -> u64 {
        let list = self.get("/v1/customers", token).await;
        assert_eq!(list.status, 200, "{}", list.text);
        list.json["totalCount"].as_u64().unwrap()
    }

    fn active_global_admins(&self) -> usize {
        self.state
            .accounts()
            .iter()
            .filter(|account| account.is_active_global_admin())
            .count()
    }
}

// --- The people of the partner -----------------------------------------------------------------

/// Someone who signs in to the real server.
struct Person {
    email: &'static str,
    name: &'static str,
    password: &'static str,
    roles: &'static [&'static str],
}

impl Person {
    /// The body of `POST /v1/users` that adds this person.
    fn form(&self) -> Value {
        json!({
            "email": self.email,
            "name": self.name,
            "roles": self.roles,
            "password": self.password,
        })
    }
}

/// The first user, added from the command line.
const GALE: Person = Person {
    email: "gale@partner.example",
    name: "Gale Global",
    password: "gale's passphrase, long enough",
    roles: &["global_admin"],
};
const AVERY: Person = Person {
    email: "avery@partner.example",
    name: "Avery Admin",
    password: "avery's passphrase, long enough",
    roles: &["admin_agent"],
};
const SAM: Person = Person {
    email: "sam@partner.example",
    name: "Sam Sales",
    password: "sam's passphrase, long enough",
    roles: &["sales_agent"],
};
const BEA: Person = Person {
    email: "bea@partner.example",
    name: "Bea Billing",
    password: "bea's passphrase, long enough",
    roles: &["billing_admin"],
};
/// The Global admin of the other customer (Fourth Coffee), in the customer view.
const CASEY: Person = Person {
    email: "casey@fourthcoffee.example",
    name: "Casey Customer",
    password: "casey's passphrase, long enough",
    roles: &[],
};

async fn add_first_global_admin(state: &AppState) -> UserId {
    let form = NewAccount {
        email: GALE.email.to_owned(),
        name: GALE.name.to_owned(),
        roles: vec![PartnerRole::GlobalAdmin],
        customer: None,
        password: GALE.password.to_owned(),
    };
    let account = csp_server::accounts::add_account(state, None, form)
        .await
        .expect("the first Global admin is added");
    account.user.id().clone()
}

/// A tenant GUID numbered `n` in a series, so every customer of a test has its own.
fn tenant(series: u32, n: u32) -> String {
    format!("{series:08x}-0000-4000-8000-{n:012x}")
}

fn customer_form(name: &str, domain: &str, tenant_id: &str) -> Value {
    json!({
        "name": name,
        "defaultDomain": domain,
        "tenantId": tenant_id,
        "market": "US",
        "currency": "USD",
    })
}

fn office(language: &str) -> Value {
    json!({ "selection": { "version": "2021", "language": language, "fileType": "64-bit" } })
}

fn items(answer: &Answer) -> &Vec<Value> {
    answer.json["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list answer: {}", answer.text))
}

// --- Every route: one role allowed, one refused -----------------------------------------------

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    /// No session at all.
    Anyone,
    GlobalAdmin,
    AdminAgent,
    SalesAgent,
    BillingAdmin,
    /// The Global admin of another customer than the one the path names.
    OtherCustomersAdmin,
    /// A session of the Sales agent made for this one call (signing out ends it).
    FreshSession,
}

/// The call that must pass.
#[derive(Debug, Clone, Copy)]
enum Allowed {
    As(Who, u16),
    /// Refused to everyone on a real server; the demo's test shows who may.
    OnlyOnADemo,
}

/// The call that must be refused.
#[derive(Debug, Clone, Copy)]
enum Refused {
    As(Who, u16, &'static str),
    /// The route needs no session: the allowed call is made without one.
    PublicRoute,
}

/// One route as `served_routes()` names it, and how it answers on a real server.
#[derive(Debug, Clone)]
struct Route {
    method: &'static str,
    path: &'static str,
    query: &'static str,
    body: Body,
    /// The body of the refused call, when it must differ (a wrong password).
    refused_body: Option<Body>,
    allowed: Allowed,
    refused: Refused,
}

impl Route {
    fn new(method: &'static str, path: &'static str) -> Route {
        Route {
            method,
            path,
            query: "",
            body: Body::None,
            refused_body: None,
            allowed: Allowed::OnlyOnADemo,
            refused: Refused::PublicRoute,
        }
    }

    fn get(path: &'static str) -> Route {
        Route::new("GET", path)
    }

    fn post(path: &'static str, body: Value) -> Route {
        Route::new("POST", path).body(Body::Json(body))
    }

    fn patch(path: &'static str, body: Value) -> Route {
        Route::new("PATCH", path).body(Body::Json(body))
    }

    fn body(mut self, body: Body) -> Route {
        self.body = body;
        self
    }

    fn query(mut self, query: &'static str) -> Route {
        self.query = query;
        self
    }

    fn allow(mut self, who: Who, status: u16) -> Route {
        self.allowed = Allowed::As(who, status);
        self
    }

    fn only_on_a_demo(mut self) -> Route {
        self.allowed = Allowed::OnlyOnADemo;
        self
    }

    fn refuse(mut self, who: Who, status: u16, code: &'static str) -> Route {
        self.refused = Refused::As(who, status, code);
        self
    }

    fn refuse_with(mut self, body: Value, who: Who, status: u16, code: &'static str) -> Route {
        self.refused_body = Some(Body::Json(body));
        self.refuse(who, status, code)
    }

    fn public(mut self) -> Route {
        self.refused = Refused::PublicRoute;
        self
    }

    fn concrete(&self, ids: &Ids) -> String {
        let path = self
            .path
            .replace("{customerId}", &ids.customer)
            .replace("{orderId}", &ids.order)
            .replace("{subscriptionId}", &ids.subscription)
            .replace("{itemId}", &ids.software)
            .replace("{token}", &ids.link)
            .replace("{requestId}", &ids.request)
            .replace("{userId}", &ids.user);
        format!("{path}{}", self.query)
    }
}

/// What the routes' paths name, as the set-up made them.
#[derive(Debug, Clone, Default)]
struct Ids {
    /// Alpine Ski House, the customer everything was bought for.
    customer: String,
    /// Its order: Office LTSC (line 0), a Windows Server subscription (line 1) and Windows
    /// Server Datacenter (line 2, which the table cancels).
    order: String,
    /// The Windows Server subscription.
    subscription: String,
    /// The Office purchase.
    software: String,
    /// A download link of the Office purchase.
    link: String,
    /// A support request.
    request: String,
    /// The Billing admin.
    user: String,
}

/// Every route of the API, with one call allowed and one refused on a real server. Calls
/// that change something act on things made for them, so the order of the rows does not
/// matter.
fn route_table(ids: &Ids) -> Vec<Route> {
    use Who::*;
    let csv = format!(
        "name,defaultDomain,tenantId,market,currency\n\
         Tailspin Toys,tailspintoys.onmicrosoft.com,{},US,USD\n",
        tenant(0x7a11, 1)
    );
    let service_request = json!({
        "impact": "minimal",
        "title": "Refund Office for Alpine Ski House",
        "tenantOrDomain": "alpineskihouse.onmicrosoft.com",
        "orderOrSubscriptionId": ids.order,
        "refundReason": "Bought twice by mistake.",
        "amountRequested": "120.50",
        "contactName": "Sam Sales",
        "contactEmail": "sam@partner.example",
        "contactPhone": "+36 1 555 0101"
    });
    vec![
        // The document, the mode and links are public.
        Route::get("/v1/openapi.json").allow(Anyone, 200).public(),
        Route::get("/v1/server").allow(Anyone, 200).public(),
        // Signing in and the session.
        Route::get("/v1/session/users")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::get("/v1/session")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::post(
            "/v1/session",
            json!({ "email": SAM.email, "password": SAM.password }),
        )
        .allow(Anyone, 201)
        .refuse_with(
            json!({ "email": SAM.email, "password": "not sam's password" }),
            Anyone,
            401,
            "sign_in_failed",
        ),
        Route::new("DELETE", "/v1/session")
            .allow(FreshSession, 204)
            .refuse(Anyone, 401, "unauthorized"),
        // Users: a Global admin's.
        Route::get("/v1/users")
            .allow(GlobalAdmin, 200)
            .refuse(AdminAgent, 403, "missing_role"),
        Route::post(
            "/v1/users",
            json!({
                "email": "hollis@partner.example",
                "name": "Hollis Helpdesk",
                "roles": ["helpdesk_agent"],
                "password": "hollis's passphrase, long enough",
            }),
        )
        .allow(GlobalAdmin, 201)
        .refuse(AdminAgent, 403, "missing_role"),
        Route::patch("/v1/users/{userId}", json!({ "roles": ["billing_admin"] }))
            .allow(GlobalAdmin, 200)
            .refuse(AdminAgent, 403, "missing_role"),
        Route::get("/v1/accountrecords")
            .allow(GlobalAdmin, 200)
            .refuse(BillingAdmin, 403, "missing_role"),
        // The clock is the system's; nothing wipes data.
        Route::get("/v1/clock")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::post("/v1/clock", json!({ "now": "2031-01-01T00:00:00Z" }))
            .only_on_a_demo()
            .refuse(GlobalAdmin, 403, "clock_is_real"),
        Route::post("/v1/demo/reset", json!({}))
            .only_on_a_demo()
            .refuse(GlobalAdmin, 404, "not_a_demo"),
        // Customers.
        Route::get("/v1/customers")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::post(
            "/v1/customers",
            customer_form(
                "Wide World Importers",
                "wideworldimporters.onmicrosoft.com",
                &tenant(0x7a11, 2),
            ),
        )
        .allow(AdminAgent, 201)
        .refuse(SalesAgent, 403, "missing_role"),
        Route::new("POST", "/v1/customers/import")
            .body(Body::Csv(csv))
            .allow(GlobalAdmin, 201)
            .refuse(SalesAgent, 403, "missing_role"),
        Route::get("/v1/customers/{customerId}")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::get("/v1/customers/{customerId}/offers")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        // Orders.
        Route::get("/v1/customers/{customerId}/orders")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::post(
            "/v1/customers/{customerId}/orders",
            common::one_windows_server(),
        )
        .allow(AdminAgent, 201)
        .refuse(SalesAgent, 403, "missing_role"),
        Route::get("/v1/customers/{customerId}/orders/{orderId}")
            .allow(BillingAdmin, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::patch(
            "/v1/customers/{customerId}/orders/{orderId}",
            json!({
                "status": "cancelled",
                "lineItems": [{ "lineItemNumber": 2 }],
                "acknowledged": true,
            }),
        )
        .allow(AdminAgent, 200)
        .refuse(SalesAgent, 403, "missing_role"),
        // Subscriptions.
        Route::get("/v1/customers/{customerId}/subscriptions")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::get("/v1/customers/{customerId}/subscriptions/{subscriptionId}")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::patch(
            "/v1/customers/{customerId}/subscriptions/{subscriptionId}",
            json!({ "autoRenewEnabled": false }),
        )
        .allow(AdminAgent, 200)
        .refuse(GlobalAdmin, 403, "missing_role"),
        // Software, keys and links.
        Route::get("/v1/customers/{customerId}/software")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::get("/v1/customers/{customerId}/cancel-options")
            .query("?product=office-ltsc-professional-plus-2021")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::post(
            "/v1/customers/{customerId}/software/{itemId}/key",
            office("English"),
        )
        .allow(AdminAgent, 200)
        .refuse(SalesAgent, 403, "missing_role"),
        Route::post(
            "/v1/customers/{customerId}/software/{itemId}/links",
            office("German"),
        )
        .allow(AdminAgent, 201)
        .refuse(BillingAdmin, 403, "missing_role"),
        Route::post(
            "/v1/customers/{customerId}/software/{itemId}/downloads",
            office("English"),
        )
        .allow(AdminAgent, 200)
        .refuse(SalesAgent, 403, "missing_role"),
        Route::get("/v1/links/{token}").allow(Anyone, 200).public(),
        Route::get("/v1/links/{token}/download")
            .allow(Anyone, 200)
            .public(),
        // Closing soon and the MAK deadline it lists.
        Route::post(
            "/v1/customers/{customerId}/makdeadline",
            json!({ "lastKmsActivation": "2021-11-01" }),
        )
        .allow(AdminAgent, 200)
        .refuse(SalesAgent, 403, "missing_role"),
        Route::get("/v1/deadlines")
            .query("?within=90d")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        // Credits and the activity log.
        Route::get("/v1/customers/{customerId}/credits")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "not_your_customer"),
        Route::get("/v1/credits")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::get("/v1/credits/by-month")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::get("/v1/charges")
            .allow(SalesAgent, 200)
            .refuse(Anyone, 401, "unauthorized"),
        Route::get("/v1/auditrecords")
            .allow(GlobalAdmin, 200)
            .refuse(SalesAgent, 403, "missing_role"),
        // Support requests: any partner user, no customer.
        Route::get("/v1/servicerequests")
            .allow(SalesAgent, 200)
            .refuse(OtherCustomersAdmin, 403, "missing_role"),
        Route::post("/v1/servicerequests", service_request)
            .allow(SalesAgent, 201)
            .refuse(OtherCustomersAdmin, 403, "missing_role"),
        Route::get("/v1/servicerequests/{requestId}")
            .allow(BillingAdmin, 200)
            .refuse(OtherCustomersAdmin, 403, "missing_role"),
        Route::patch(
            "/v1/servicerequests/{requestId}",
            json!({ "newNote": { "text": "The invoice is attached." } }),
        )
        .allow(SalesAgent, 200)
        .refuse(OtherCustomersAdmin, 403, "missing_role"),
    ]
}

/// A real server with a Global admin (from the command line), an Admin agent, a Sales agent,
/// a Billing admin and another customer's Global admin (through the API), a customer with an
/// order, a download link and a support request.
struct Desk {
    server: Running,
    tokens: HashMap<Who, String>,
    ids: Ids,
}

impl Desk {
    async fn set_up() -> Desk {
        let server = Running::real_with_global_admin().await;
        let gale = server.sign_in(&GALE).await;
        let mut ids = Ids::default();
        server.add_user(&gale, &AVERY).await;
        server.add_user(&gale, &SAM).await;
        ids.user = server.add_user(&gale, &BEA).await;
        let avery = server.sign_in(&AVERY).await;
        let sam = server.sign_in(&SAM).await;
        let bea = server.sign_in(&BEA).await;

        let alpine = customer_form(
            "Alpine Ski House",
            "alpineskihouse.onmicrosoft.com",
            &tenant(0xa1, 1),
        );
        let added = server.post("/v1/customers", &avery, alpine).await;
        assert_eq!(added.status, 201, "{}", added.text);
        ids.customer = added.json["id"].as_str().unwrap().to_owned();
        let fourth = customer_form(
            "Fourth Coffee",
            "fourthcoffee.onmicrosoft.com",
            &tenant(0xa1, 2),
        );
        let other = server.post("/v1/customers", &avery, fourth).await;
        assert_eq!(other.status, 201, "{}", other.text);
        let mut casey = CASEY.form();
        casey["customer"] = other.json["id"].clone();
        let added = server.post("/v1/users", &gale, casey).await;
        assert_eq!(added.status, 201, "{}", added.text);
        let casey = server.sign_in(&CASEY).await;

        let order = json!({ "lineItems": [
            { "offerId": "DG7GMGF0D7FV:0002", "quantity": 1, "billingCycle": "one_time" },
            { "offerId": "DG7GMGF0D5RK:0001", "quantity": 1, "billingCycle": "annual" },
            { "offerId": "DG7GMGF0D65N:0002", "quantity": 1, "billingCycle": "one_time" },
        ]});
        let customer = format!("/v1/customers/{}", ids.customer);
        let placed = server
            .post(&format!("{customer}/orders"), &avery, order)
            .await;
        assert_eq!(placed.status, 201, "{}", placed.text);
        ids.order = placed.json["id"].as_str().unwrap().to_owned();
        ids.software = format!("{}-0", ids.order);
        ids.subscription = format!("{}-1", ids.order);
        let software = server.get(&format!("{customer}/software"), &sam).await;
        assert!(
            items(&software).iter().any(|s| s["item"] == ids.software),
            "{}",
            software.text
        );
        let subscriptions = server.get(&format!("{customer}/subscriptions"), &sam).await;
        assert!(
            subscriptions.text.contains(&ids.subscription),
            "{}",
            subscriptions.text
        );
        let link = server
            .post(
                &format!("{customer}/software/{}/links", ids.software),
                &avery,
                office("English"),
            )
            .await;
        assert_eq!(link.status, 201, "{}", link.text);
        ids.link = link.json["token"].as_str().unwrap().to_owned();
        let request = json!({
            "impact": "minimal",
            "title": "Windows Server billed twice",
            "tenantOrDomain": "alpineskihouse.onmicrosoft.com",
            "orderOrSubscriptionId": ids.order,
            "refundReason": "Billed twice.",
            "amountRequested": "297.00",
            "contactName": "Bea Billing",
            "contactEmail": "bea@partner.example",
            "contactPhone": "+36 1 555 0102"
        });
        let filed = server.post("/v1/servicerequests", &bea, request).await;
        assert_eq!(filed.status, 201, "{}", filed.text);
        ids.request = filed.json["id"].as_str().unwrap().to_owned();

        let tokens = HashMap::from([
            (Who::GlobalAdmin, gale),
            (Who::AdminAgent, avery),
            (Who::SalesAgent, sam),
            (Who::BillingAdmin, bea),
            (Who::OtherCustomersAdmin, casey),
        ]);
        Desk {
            server,
            tokens,
            ids,
        }
    }

    async fn call(&self, route: &Route, who: Who, body: &Body) -> Answer {
        let token = match who {
            Who::Anyone => None,
            Who::FreshSession => Some(self.server.sign_in(&SAM).await),
            known => Some(self.tokens[&known].clone()),
        };
        let path = route.concrete(&self.ids);
        self.server
            .send(route.method, &path, token.as_deref(), body)
            .await
    }
}

fn served() -> BTreeSet<(String, String)> {
    csp_server::served_routes().into_iter().collect()
}

#[test]
fn the_route_table_names_every_route_the_router_serves_and_no_other() {
    let table: Vec<(String, String)> = route_table(&Ids::default())
        .iter()
        .map(|route| (route.method.to_owned(), route.path.to_owned()))
        .collect();
    let named: BTreeSet<_> = table.iter().cloned().collect();
    assert_eq!(table.len(), named.len(), "a route is in the table twice");
    let served = served();
    let untested: Vec<_> = served.difference(&named).collect();
    assert!(
        untested.is_empty(),
        "routes the router serves without a row in route_table: {untested:?}"
    );
    let unknown: Vec<_> = named.difference(&served).collect();
    assert!(
        unknown.is_empty(),
        "rows for routes the router does not serve: {unknown:?}"
    );
}

#[tokio::test]
async fn every_route_answers_the_role_allowed_and_refuses_another_on_a_real_server() {
    let desk = Desk::set_up().await;
    let mut wrong = Vec::new();
    for route in route_table(&desk.ids) {
        let name = format!("{} {}", route.method, route.path);
        // The refused call first: a refusal changes nothing the allowed call needs.
        match route.refused {
            Refused::As(who, status, code) => {
                let body = route.refused_body.as_ref().unwrap_or(&route.body);
                let answer = desk.call(&route, who, body).await;
                let described = answer.json["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty());
                if answer.status != status || answer.json["code"] != code || !described {
                    wrong.push(format!(
                        "{name} as {who:?}: expected {status} {code}, got {} {}",
                        answer.status, answer.text
                    ));
                }
            }
            Refused::PublicRoute => {
                if !matches!(route.allowed, Allowed::As(Who::Anyone, _)) {
                    wrong.push(format!("{name} is public, so it is allowed to Anyone"));
                }
            }
        }
        match route.allowed {
            Allowed::As(who, status) => {
                let answer = desk.call(&route, who, &route.body).await;
                if answer.status != status {
                    wrong.push(format!(
                        "{name} as {who:?}: expected {status}, got {} {}",
                        answer.status, answer.text
                    ));
                }
            }
            Allowed::OnlyOnADemo => {
                // the_clock_moves_and_the_demo_resets_on_a_demo_server shows who may.
                if !matches!(route.refused, Refused::As(Who::GlobalAdmin, _, _)) {
                    wrong.push(format!(
                        "{name} is for demos only: even a Global admin is refused it here"
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "routes that answered otherwise:\n{}",
        wrong.join("\n")
    );
    let mode = desk
        .server
        .send("GET", "/v1/server", None, &Body::None)
        .await;
    assert_eq!(mode.json, json!({ "mode": "real" }));
    desk.server.stop().await;
}

// --- Signing in ------------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_are_both_refused_401_with_the_same_body() {
    let server = Running::real_with_global_admin().await;
    let wrong_password = server
        .try_sign_in(GALE.email, "not gale's password at all")
        .await;
    let unknown_email = server
        .try_sign_in("nobody@partner.example", GALE.password)
        .await;
    wrong_password.assert_error(401, "sign_in_failed");
    unknown_email.assert_error(401, "sign_in_failed");
    assert_eq!(
        wrong_password.text, unknown_email.text,
        "the answer does not tell which was wrong"
    );
    assert!(wrong_password.json.get("token").is_none());
    // The email is read as it is kept: trimmed, any case.
    let signed_in = server
        .try_sign_in("  GALE@Partner.Example ", GALE.password)
        .await;
    assert_eq!(signed_in.status, 201, "{}", signed_in.text);
    assert_eq!(signed_in.json["token"].as_str().unwrap().len(), 64);
    server.stop().await;
}

#[tokio::test]
async fn five_failed_sign_ins_lock_the_email_with_retry_after_even_for_the_right_password() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    server.add_user(&gale, &SAM).await;
    for attempt in 1..=5 {
        let failed = server
            .try_sign_in(SAM.email, &format!("guess number {attempt} for sam"))
            .await;
        failed.assert_error(401, "sign_in_failed");
    }
    let locked = server.try_sign_in(SAM.email, SAM.password).await;
    locked.assert_error(429, "too_many_sign_ins");
    assert!(locked.json.get("token").is_none(), "{}", locked.text);
    let retry_after: u64 = locked
        .header("retry-after")
        .expect("a Retry-After header")
        .parse()
        .expect("Retry-After in seconds");
    assert!(
        (1..=900).contains(&retry_after),
        "Retry-After {retry_after}"
    );
    // The lock is on that email only.
    assert_eq!(
        server.try_sign_in(GALE.email, GALE.password).await.status,
        201
    );
    // The Global admin reads who tried, from where, and never what was typed.
    let records = server.get("/v1/accountrecords", &gale).await;
    assert_eq!(records.status, 200, "{}", records.text);
    let of_sam: Vec<_> = items(&records)
        .iter()
        .filter(|record| record["email"] == SAM.email)
        .collect();
    let count = |kind: &str| of_sam.iter().filter(|r| r["kind"] == kind).count();
    assert_eq!(count("sign_in_failed"), 5, "{}", records.text);
    assert_eq!(count("sign_in_locked"), 1, "{}", records.text);
    assert!(of_sam
        .iter()
        .filter(|r| r["kind"] != "user_added")
        .all(|r| r["address"] == "127.0.0.1"));
    assert!(!records.text.contains("guess number"), "{}", records.text);
    assert!(!records.text.contains(SAM.password), "{}", records.text);
    server.stop().await;
}

#[tokio::test]
async fn a_burst_of_concurrent_wrong_passwords_gets_no_more_than_five_guesses() {
    let server = Running::real_with_global_admin().await;
    let guesses: Vec<_> = (0..20)
        .map(|n| {
            let request = server
                .client
                .post(format!("{}/v1/session", server.base))
                .json(&json!({ "email": GALE.email, "password": format!("concurrent guess {n}") }));
            tokio::spawn(async move { request.send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap());
    }
    let checked = statuses.iter().filter(|status| **status == 401).count();
    let locked = statuses.iter().filter(|status| **status == 429).count();
    assert_eq!(checked + locked, 20, "{statuses:?}");
    assert!(
        checked <= 5,
        "{checked} of 20 concurrent guesses were checked against the password"
    );
    server.stop().await;
}

#[tokio::test]
async fn signing_out_ends_that_session_only() {
    let server = Running::real_with_global_admin().await;
    let first = server.sign_in(&GALE).await;
    let second = server.sign_in(&GALE).await;
    let out = server
        .send("DELETE", "/v1/session", Some(&first), &Body::None)
        .await;
    assert_eq!(out.status, 204, "{}", out.text);
    server
        .get("/v1/session", &first)
        .await
        .assert_error(401, "unauthorized");
    let still = server.get("/v1/session", &second).await;
    assert_eq!(still.status, 200, "{}", still.text);
    assert_eq!(still.json["name"], GALE.name);
    server.stop().await;
}

// --- Disabled users and roles -----------------------------------------------------------------

#[tokio::test]
async fn a_disabled_users_token_stops_working_at_once_and_they_cannot_sign_in_again() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let sam_id = server.add_user(&gale, &SAM).await;
    let sam = server.sign_in(&SAM).await;
    let sam_elsewhere = server.sign_in(&SAM).await;
    assert_eq!(server.get("/v1/customers", &sam).await.status, 200);
    let disabled = server
        .patch(
            &format!("/v1/users/{sam_id}"),
            &gale,
            json!({ "disabled": true }),
        )
        .await;
    assert_eq!(disabled.status, 200, "{}", disabled.text);
    assert_eq!(disabled.json["disabled"], true);
    for token in [&sam, &sam_elsewhere] {
        server
            .get("/v1/customers", token)
            .await
            .assert_error(401, "unauthorized");
        server
            .post(
                "/v1/servicerequests",
                token,
                json!({ "title": "still here?" }),
            )
            .await
            .assert_error(401, "unauthorized");
    }
    let again = server.try_sign_in(SAM.email, SAM.password).await;
    again.assert_error(401, "sign_in_failed");
    let wrong = server
        .try_sign_in(SAM.email, "not sam's password at all")
        .await;
    assert_eq!(
        again.text, wrong.text,
        "a disabled user is told no more than a wrong password"
    );
    // The Global admin who disabled them goes on.
    assert_eq!(server.get("/v1/users", &gale).await.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn a_users_new_roles_apply_to_their_next_request() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let sam_id = server.add_user(&gale, &SAM).await;
    let sam = server.sign_in(&SAM).await;
    let form = customer_form(
        "Northwind Traders",
        "northwindtraders.onmicrosoft.com",
        &tenant(0xb0, 1),
    );
    server
        .post("/v1/customers", &sam, form.clone())
        .await
        .assert_error(403, "missing_role");
    let promoted = server
        .patch(
            &format!("/v1/users/{sam_id}"),
            &gale,
            json!({ "roles": ["admin_agent"] }),
        )
        .await;
    assert_eq!(promoted.status, 200, "{}", promoted.text);
    let added = server.post("/v1/customers", &sam, form).await;
    assert_eq!(added.status, 201, "{}", added.text);
    server.stop().await;
}

// --- The last Global admin ---------------------------------------------------------------------

#[tokio::test]
async fn the_last_active_global_admin_can_be_neither_disabled_nor_lose_the_role() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let users = server.get("/v1/users", &gale).await;
    let gale_id = items(&users)[0]["user"]["id"].as_str().unwrap().to_owned();
    let gale_path = format!("/v1/users/{gale_id}");
    server
        .patch(&gale_path, &gale, json!({ "disabled": true }))
        .await
        .assert_error(409, "last_global_admin");
    server
        .patch(&gale_path, &gale, json!({ "roles": ["admin_agent"] }))
        .await
        .assert_error(409, "last_global_admin");
    server
        .patch(&gale_path, &gale, json!({ "roles": [] }))
        .await
        .assert_error(409, "last_global_admin");
    assert_eq!(server.active_global_admins(), 1);
    assert_eq!(server.get("/v1/session", &gale).await.status, 200);

    // With a second Global admin, the first may step down; then the second is the last.
    let second = Person {
        email: "glen@partner.example",
        name: "Glen Global",
        password: "glen's passphrase, long enough",
        roles: &["global_admin"],
    };
    let glen_id = server.add_user(&gale, &second).await;
    let stepped_down = server
        .patch(&gale_path, &gale, json!({ "roles": ["admin_agent"] }))
        .await;
    assert_eq!(stepped_down.status, 200, "{}", stepped_down.text);
    let glen = server.sign_in(&second).await;
    let glen_path = format!("/v1/users/{glen_id}");
    server
        .patch(&glen_path, &glen, json!({ "disabled": true }))
        .await
        .assert_error(409, "last_global_admin");
    server
        .patch(&glen_path, &glen, json!({ "roles": ["sales_agent"] }))
        .await
        .assert_error(409, "last_global_admin");
    assert_eq!(server.active_global_admins(), 1);
    server.stop().await;
}

#[tokio::test]
async fn two_concurrent_changes_cannot_leave_the_partner_without_an_active_global_admin() {
    use axum::extract::State;
    use csp_domain::accounts::AccountChange;
    use csp_server::accounts::change_user;
    use csp_server::extract::{Caller, JsonBody, Params};
    let state = AppState::open_as(":memory:", Mode::Real).unwrap();
    let gale_id = add_first_global_admin(&state).await;
    let glen = NewAccount {
        email: "glen@partner.example".to_owned(),
        name: "Glen Global".to_owned(),
        roles: vec![PartnerRole::GlobalAdmin],
        customer: None,
        password: "glen's passphrase, long enough".to_owned(),
    };
    let gale = state
        .users()
        .into_iter()
        .find(|user| user.id() == &gale_id)
        .unwrap();
    let glen = csp_server::accounts::add_account(&state, Some(&gale), glen)
        .await
        .unwrap();
    // The handlers themselves, as two requests of Gale's arriving together while another
    // command (a large import, say) holds the database: she steps down, and disables Glen.
    // Either alone leaves one Global admin; both must not leave none.
    let (held, holding) = tokio::sync::oneshot::channel::<()>();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let busy = state.clone();
    let holder = tokio::spawn(async move {
        busy.with_store(move |_| {
            let _ = held.send(());
            let _ = released.recv();
            Ok(())
        })
        .await
    });
    holding.await.unwrap();
    let step_down = change_user(
        State(state.clone()),
        Caller(gale.clone()),
        Params(gale_id.clone()),
        JsonBody(AccountChange::Roles(vec![PartnerRole::AdminAgent])),
    );
    let disable_glen = change_user(
        State(state.clone()),
        Caller(gale.clone()),
        Params(glen.user.id().clone()),
        JsonBody(AccountChange::Disabled(true)),
    );
    let other_command_ends = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        release.send(()).unwrap();
    };
    let (stepped_down, disabled, ()) = tokio::join!(step_down, disable_glen, other_command_ends);
    holder.await.unwrap().unwrap();
    let active = state
        .accounts()
        .iter()
        .filter(|account| account.is_active_global_admin())
        .count();
    assert_eq!(
        active,
        1,
        "stepped down: {}, disabled Glen: {}",
        stepped_down.is_ok(),
        disabled.is_ok()
    );
    let refused = [stepped_down, disabled]
        .into_iter()
        .filter_map(Result::err)
        .collect::<Vec<_>>();
    assert_eq!(refused.len(), 1);
    // Refused as the last admin's change, or (if checked again) as no longer Gale's to make.
    assert!(
        ["last_global_admin", "missing_role"].contains(&refused[0].code.as_str()),
        "{}",
        refused[0].code
    );
}

// --- The clock and the demo --------------------------------------------------------------------

#[tokio::test]
async fn the_clock_cannot_be_moved_nor_the_data_reset_on_a_real_server() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let mode = server.send("GET", "/v1/server", None, &Body::None).await;
    assert_eq!(mode.json["mode"], "real");
    let before = server.get("/v1/clock", &gale).await;
    assert_eq!(before.status, 200);
    server
        .post("/v1/clock", &gale, json!({ "now": "2031-01-01T00:00:00Z" }))
        .await
        .assert_error(403, "clock_is_real");
    server
        .post("/v1/demo/reset", &gale, json!({}))
        .await
        .assert_error(404, "not_a_demo");
    // The clock is the system's, and the desk is still empty: nothing was seeded or moved.
    let now: chrono::DateTime<Utc> = server.get("/v1/clock", &gale).await.json["now"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((Utc::now() - now).num_seconds().abs() < 60, "{now}");
    assert_eq!(server.customer_count(&gale).await, 0);
    server.stop().await;
}

#[tokio::test]
async fn the_clock_moves_and_the_demo_resets_on_a_demo_server() {
    let state = AppState::open(":memory:").expect("the database opens");
    let server = Running::serve(state).await;
    let mode = server.send("GET", "/v1/server", None, &Body::None).await;
    assert_eq!(mode.json["mode"], "demo");
    let body = Body::Json(json!({ "user": "avery" }));
    let signed_in = server.send("POST", "/v1/session", None, &body).await;
    let avery = signed_in.json["token"].as_str().unwrap().to_owned();
    let moved = server
        .post(
            "/v1/clock",
            &avery,
            json!({ "now": "2021-12-01T00:00:00Z" }),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.json["now"], "2021-12-01T00:00:00Z");
    let reset = server.post("/v1/demo/reset", &avery, json!({})).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(reset.json["now"], "2021-11-15T10:00:00Z");
    server.stop().await;
}

// --- Importing customers -----------------------------------------------------------------------

/// A CSV file of 50 customers; `bad_row` (1 to 50, the header not counted), if any, has a
/// tenant id that is not a GUID.
fn fifty_customers(bad_row: Option<usize>) -> String {
    let mut csv = String::from("name,defaultDomain,tenantId,market,currency\n");
    for n in 1..=50 {
        let tenant_id = if Some(n) == bad_row {
            "not-a-guid".to_owned()
        } else {
            tenant(0xc5, n as u32)
        };
        csv.push_str(&format!(
            "Customer {n},customer{n}.onmicrosoft.com,{tenant_id},US,USD\n"
        ));
    }
    csv
}

#[tokio::test]
async fn an_import_of_50_with_a_bad_tenant_id_in_row_28_imports_none_until_fixed_then_all_50() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    server.add_user(&gale, &AVERY).await;
    let avery = server.sign_in(&AVERY).await;
    let before = server.customer_count(&avery).await;

    // The 27th customer is on the file's 28th line: the header is line 1.
    let bad = Body::Csv(fifty_customers(Some(27)));
    let refused = server
        .send("POST", "/v1/customers/import", Some(&avery), &bad)
        .await;
    refused.assert_error(422, "import_rejected");
    let problems = refused.json["refusal"]["importRejected"]["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("the refusal lists the problems: {}", refused.text));
    assert_eq!(problems.len(), 1, "{}", refused.text);
    assert_eq!(problems[0]["row"], 28, "{}", refused.text);
    assert_eq!(problems[0]["field"], "tenantId", "{}", refused.text);
    assert!(
        problems[0]["problem"]
            .to_string()
            .contains("notATenantGuid"),
        "{}",
        refused.text
    );
    assert_eq!(
        server.customer_count(&avery).await,
        before,
        "nothing imported"
    );

    let fixed = Body::Csv(fifty_customers(None));
    let imported = server
        .send("POST", "/v1/customers/import", Some(&avery), &fixed)
        .await;
    assert_eq!(imported.status, 201, "{}", imported.text);
    assert_eq!(imported.json["totalCount"], 50, "{}", imported.text);
    assert_eq!(items(&imported).len(), 50);
    assert_eq!(server.customer_count(&avery).await, before + 50);
    // The same file again would add each customer twice: refused whole, naming every row.
    let again = server
        .send("POST", "/v1/customers/import", Some(&avery), &fixed)
        .await;
    // Every row's domain and tenant are taken now: a conflict with what is stored.
    again.assert_error(409, "import_rejected");
    let rows: BTreeSet<u64> = again.json["refusal"]["importRejected"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, (2..=51).collect(), "{}", again.text);
    assert_eq!(server.customer_count(&avery).await, before + 50);
    server.stop().await;
}

// --- Session limits ----------------------------------------------------------------------------

#[tokio::test]
async fn a_session_ends_after_8_hours_idle_or_7_days_after_sign_in() {
    assert_eq!(SESSION_IDLE_LIMIT, chrono::Duration::hours(8));
    assert_eq!(SESSION_LIFETIME, chrono::Duration::days(7));
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("desk.sqlite3");
    let db = db.to_str().unwrap();
    let gale = {
        let state = AppState::open_as(db, Mode::Real).unwrap();
        add_first_global_admin(&state).await
    };
    // The server's clock is the system's, so the sessions are dated back in the database
    // (as a server that had them, stopped and started again, would find them).
    let now = Utc::now();
    let minute = chrono::Duration::minutes(1);
    let sessions = [
        (
            "idle-just-under-8-hours",
            now - SESSION_IDLE_LIMIT + minute,
            now - SESSION_IDLE_LIMIT + minute,
            true,
        ),
        (
            "idle-8-hours",
            now - SESSION_IDLE_LIMIT - minute,
            now - SESSION_IDLE_LIMIT - minute,
            false,
        ),
        (
            "used-but-just-under-7-days-old",
            now - SESSION_LIFETIME + minute,
            now - minute,
            true,
        ),
        (
            "used-but-7-days-old",
            now - SESSION_LIFETIME - minute,
            now - minute,
            false,
        ),
    ];
    {
        let store = Store::open(db, false).unwrap();
        for (token, created, used, _) in &sessions {
            let hash = csp_server::state::token_hash(token);
            store.add_session(&hash, &gale, *created).unwrap();
            store.touch_session(&hash, *used).unwrap();
        }
    }
    let server = Running::serve(AppState::open_as(db, Mode::Real).unwrap()).await;
    for (token, _, _, alive) in sessions {
        let answer = server.get("/v1/session", token).await;
        if alive {
            assert_eq!(answer.status, 200, "{token}: {}", answer.text);
        } else {
            answer.assert_error(401, "unauthorized");
        }
    }
    server.stop().await;
}

// --- The binary --------------------------------------------------------------------------------

/// `csp-server user add --db DB ...` with `password` on standard input.
fn user_add(db: &str, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csp-server"))
        .args(["user", "add", "--db", db, "--email", email])
        .args(["--name", "Gale Global", "--roles", "global_admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{password}").unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn user_list(db: &str) -> String {
    let listed = Command::new(env!("CARGO_BIN_EXE_csp-server"))
        .args(["user", "list", "--db", db])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{listed:?}");
    String::from_utf8(listed.stdout).unwrap()
}

#[tokio::test]
async fn a_user_added_with_the_binary_signs_in_and_the_log_never_shows_the_password_or_token() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("desk.sqlite3");
    let db = db.to_str().unwrap();
    let password = "correct horse battery staple 42";
    let added = user_add(db, "gale@partner.example", password);
    assert!(added.status.success(), "{added:?}");
    assert!(user_list(db).contains("gale@partner.example"));

    let running = common::Binary::start(&["--db", db]);
    let base = running.base.clone();
    let client = reqwest::Client::new();
    let mode: Value = client
        .get(format!("{base}/v1/server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mode["mode"], "real", "without --demo the server is real");
    let wrong_password = "an incorrect guess typed in";
    let refused = client
        .post(format!("{base}/v1/session"))
        .json(&json!({ "email": "gale@partner.example", "password": wrong_password }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let session: Value = client
        .post(format!("{base}/v1/session"))
        .json(&json!({ "email": "gale@partner.example", "password": password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"]
        .as_str()
        .unwrap_or_else(|| panic!("signed in: {session}"))
        .to_owned();
    let me = client
        .get(format!("{base}/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let out = client
        .delete(format!("{base}/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    // Let the log lines of those requests arrive.
    let log = running.stop_and_read_log();
    assert!(
        log.contains("/v1/session"),
        "the requests are logged:\n{log}"
    );
    for secret in [password, wrong_password, token.as_str()] {
        assert!(!log.contains(secret), "the log shows a secret:\n{log}");
    }
}

#[test]
fn user_add_refuses_an_11_character_password_and_adds_nobody() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("desk.sqlite3");
    let db = db.to_str().unwrap();
    let refused = user_add(db, "gale@partner.example", "elevenchars");
    assert!(!refused.status.success(), "{refused:?}");
    let problem = String::from_utf8_lossy(&refused.stderr);
    assert!(problem.to_lowercase().contains("password"), "{problem}");
    assert!(!problem.contains("elevenchars"), "{problem}");
    let listed = user_list(db);
    assert!(!listed.contains("gale@partner.example"), "{listed}");
    assert_eq!(listed.lines().count(), 1, "only the header: {listed}");
    // Twelve characters are enough.
    assert!(user_add(db, "gale@partner.example", "twelve chars")
        .status
        .success());
    assert!(user_list(db).contains("gale@partner.example"));
}

#[tokio::test]
async fn on_a_real_server_the_terms_that_ended_by_the_systems_clock_renew_or_expire_and_are_kept() {
    use csp_domain::EventKind;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let db = db.to_str().unwrap();
    // A real desk whose subscriptions were bought in 2021, as the demo's were.
    csp_server::store::Store::open(db, false)
        .unwrap()
        .replace_log(
            &csp_domain::seed::demo_events(),
            csp_domain::seed::demo_now(),
        )
        .unwrap();
    let ended = |log: &[csp_domain::Event]| {
        log.iter()
            .filter(|event| {
                matches!(
                    event.kind,
                    EventKind::TermRenewed { .. } | EventKind::SubscriptionExpired { .. }
                )
            })
            .count()
    };
    let state = AppState::open_as(db, Mode::Real).unwrap();
    let before = ended(&state.live().log);
    state.catch_up().await.unwrap();
    let after = ended(&state.live().log);
    assert!(after > before, "no term ended between 2021 and now");
    let now = state.live().now;
    assert!((chrono::Utc::now() - now).num_seconds().abs() < 60);
    // Kept in the database, once: a second catch-up finds nothing more to do.
    state.catch_up().await.unwrap();
    assert_eq!(ended(&state.live().log), after);
    let kept = csp_server::store::Store::open(db, false)
        .unwrap()
        .events()
        .unwrap();
    assert_eq!(ended(&kept), after);
}

#[tokio::test]
async fn a_customers_own_global_admin_is_added_only_for_a_customer_there_is() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let form = |customer: &str| {
        json!({
            "email": "it@nowhere.example",
            "name": "Nowhere IT",
            "customer": customer,
            "password": "a passphrase long enough",
        })
    };
    server
        .post("/v1/users", &gale, form("no-such-customer"))
        .await
        .assert_error(404, "unknown_customer");
    assert_eq!(items(&server.get("/v1/users", &gale).await).len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn text_that_cannot_be_an_email_is_refused_like_a_wrong_password_and_leaves_nothing_behind() {
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let long = format!("{}@partner.example", "a".repeat(60_000));
    for email in [long.as_str(), "not an email", "a\u{1b}[31m@partner.example"] {
        let refused = server.try_sign_in(email, "whatever it is").await;
        refused.assert_error(401, "sign_in_failed");
    }
    // Nothing was counted or recorded for them: the record holds Gale's sign-in only.
    let records = server.get("/v1/accountrecords", &gale).await;
    let kinds: Vec<_> = items(&records).iter().map(|r| r["kind"].clone()).collect();
    assert!(
        !kinds.contains(&json!("sign_in_failed")),
        "{}",
        records.text
    );
    server.stop().await;
}

#[tokio::test]
async fn a_customers_own_admin_reads_the_partners_staff_and_themself_but_no_other_customers_admin()
{
    let server = Running::real_with_global_admin().await;
    let gale = server.sign_in(&GALE).await;
    let mut customers = Vec::new();
    for (n, name) in ["Alpine Ski House", "Fourth Coffee"]
        .into_iter()
        .enumerate()
    {
        let tenant = tenant(90, n as u32);
        let added = server
            .post(
                "/v1/customers",
                &gale,
                json!({
                    "name": name,
                    "defaultDomain": format!("customer{n}.onmicrosoft.com"),
                    "tenantId": tenant,
                    "market": "NL",
                    "currency": "EUR",
                }),
            )
            .await;
        assert_eq!(added.status, 201, "{}", added.text);
        customers.push(tenant);
    }
    for (n, customer) in customers.iter().enumerate() {
        let added = server
            .post(
                "/v1/users",
                &gale,
                json!({
                    "email": format!("it{n}@customer.example"),
                    "name": format!("Customer admin {n}"),
                    "customer": customer,
                    "password": "a passphrase long enough",
                }),
            )
            .await;
        assert_eq!(added.status, 201, "{}", added.text);
    }
    let it0 = server
        .try_sign_in("it0@customer.example", "a passphrase long enough")
        .await;
    let it0 = it0.json["token"].as_str().unwrap().to_owned();
    let seen = server.get("/v1/session/users", &it0).await;
    let names: Vec<_> = seen
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].clone())
        .collect();
    assert_eq!(names, vec![json!(GALE.name), json!("Customer admin 0")]);
    server.stop().await;
}

#[tokio::test]
async fn a_user_added_from_the_command_line_while_the_server_runs_signs_in_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("desk.sqlite3");
    let db = db.to_str().unwrap();
    let state = AppState::open_as(db, Mode::Real).unwrap();
    add_first_global_admin(&state).await;
    let server = Running::serve(state).await;
    // `csp-server user add` opens the same file beside the running server.
    let beside = AppState::open_as(db, Mode::Real).unwrap();
    let form = NewAccount {
        email: AVERY.email.to_owned(),
        name: AVERY.name.to_owned(),
        roles: vec![PartnerRole::AdminAgent],
        customer: None,
        password: AVERY.password.to_owned(),
    };
    csp_server::accounts::add_account(&beside, None, form)
        .await
        .unwrap();
    server.sign_in(&AVERY).await;
    server.stop().await;
}
