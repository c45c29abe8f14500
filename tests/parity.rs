//! The parity test: one scripted run of every command and every read, against the local
//! backend (native, on an in-memory store) and against csp-server over HTTP, sent through the
//! app's own API table (`backend::api`). Every answer, refusal or value, must be the same.
//!
//! Ids, keys and tokens are drawn at random on each side, so each step may capture one under a
//! name; later steps use each side's own, and answers are compared with them named.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use csp_desk::backend::api::{self, Read};
use csp_desk::backend::{BackendError, LocalBackend};
use csp_desk::storage::{MemoryLog, MemoryStore};
use csp_domain::execute::{Randomness, MAX_CLOCK_MOVE_DAYS};
use csp_domain::paging::{PageRequest, PageStart};
use csp_domain::queries::{CustomerFilter, LinkView, Offer, SoftwareView, SubscriptionView};
use csp_domain::{
    seed, ActivityRecord, BillingPlan, CancelOption, Charge, Credit, CreditsByMonth, Customer,
    CustomerId, Deadline, DeadlineFilter, DeadlineKind, Horizon, Impact, Intent, ItemId,
    LineRequest, LinkToken, Market, Order, OrderId, ProblemType, Refusal, Reply, Selection,
    SupportRequest, SupportRequestForm, SupportRequestId, SupportRequestStatus, User, UserId,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// A different sequence on each side, as in real life: nothing may depend on it.
struct Counting(u8);

impl Randomness for Counting {
    fn fill(&mut self, bytes: &mut [u8]) {
        for byte in bytes {
            self.0 = self.0.wrapping_add(53);
            *byte = self.0;
        }
    }
}

/// The ids, keys and tokens one side drew, by the name the script gave them.
#[derive(Default)]
struct Ids(BTreeMap<&'static str, String>);

impl Ids {
    fn get(&self, name: &str) -> String {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("nothing was captured as {name}"))
    }

    fn order(&self, name: &str) -> OrderId {
        OrderId(self.get(name))
    }

    fn item(&self, name: &str, line: u32) -> ItemId {
        ItemId::for_line(&self.order(name), line)
    }

    fn token(&self) -> LinkToken {
        LinkToken(self.get("token"))
    }

    /// `answer` as text with every captured value replaced by its name, longest first so an
    /// order id inside an item id is named once.
    fn named(&self, answer: &Result<Value, Refusal>) -> String {
        let mut text = match answer {
            Ok(value) => value.to_string(),
            Err(refusal) => format!("refused: {}", serde_json::to_string(refusal).unwrap()),
        };
        let mut captured: Vec<_> = self.0.iter().collect();
        captured.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
        for (name, value) in captured {
            text = text.replace(value.as_str(), &format!("{{{name}}}"));
        }
        text
    }
}

/// What a step does.
enum Action {
    SignIn(&'static str),
    Read(Read),
    Execute(Intent),
    ResetDemo,
}

struct Step {
    name: &'static str,
    action: Box<dyn Fn(&Ids) -> Action>,
    /// A value of the answer to keep under a name, found by a JSON pointer.
    capture: Option<(&'static str, &'static str)>,
}

fn step(name: &'static str, action: impl Fn(&Ids) -> Action + 'static) -> Step {
    Step {
        name,
        action: Box::new(action),
        capture: None,
    }
}

fn capturing(
    name: &'static str,
    capture: (&'static str, &'static str),
    action: impl Fn(&Ids) -> Action + 'static,
) -> Step {
    Step {
        capture: Some(capture),
        ..step(name, action)
    }
}

fn cid(id: &str) -> CustomerId {
    CustomerId(id.to_owned())
}

const WINDOWS_SERVER_1Y: &str = "DG7GMGF0D5RK:0001";
const OFFICE: &str = "DG7GMGF0D7FV:0002";
const OFFICE_PRODUCT: &str = "office-ltsc-professional-plus-2021";

fn office_choice() -> Selection {
    Selection {
        version: Some("2021".into()),
        language: Some("English".into()),
        file_type: Some("64-bit".into()),
    }
}

fn buy(sku: &str, quantity: u32, billing_plan: BillingPlan) -> Action {
    Action::Execute(Intent::PlaceOrder {
        customer: cid("fabrikam"),
        lines: vec![LineRequest {
            sku: sku.to_owned(),
            quantity,
            billing_plan,
        }],
    })
}

fn support_form(title: &str) -> SupportRequestForm {
    SupportRequestForm {
        problem_type: ProblemType::CspPurchaseRefund,
        impact: Impact::Moderate,
        title: title.to_owned(),
        tenant_or_domain: "fabrikam.onmicrosoft.com".into(),
        order_or_subscription_id: "ORD-1003".into(),
        refund_reason: "Bought twice".into(),
        amount_requested: "120.50".into(),
        contact_name: "Avery Admin".into(),
        contact_email: "avery@partner.example".into(),
        contact_phone: "+49 30 1234567".into(),
        files: Vec::new(),
    }
}

/// Every command and every read, with the rules' edges and refusals on the way.
fn script() -> Vec<Step> {
    let now = seed::demo_now();
    let day = move |days: i64| now + Duration::days(days);
    let fabrikam = || cid("fabrikam");
    let filter = |search: &str, market: &str| CustomerFilter {
        search: search.to_owned(),
        market: Market::new(market),
        ..CustomerFilter::default()
    };
    vec![
        step("the demo users", |_| Action::Read(Read::Users)),
        step("sign in as the Admin agent", |_| Action::SignIn("avery")),
        step("the clock", |_| Action::Read(Read::Now)),
        step("every customer", move |_| {
            Action::Read(Read::Customers(filter("", "")))
        }),
        step("customers by search", move |_| {
            Action::Read(Read::Customers(filter("NORTH", "")))
        }),
        step("customers by a lower-case market", move |_| {
            Action::Read(Read::Customers(filter("", "de")))
        }),
        step("customers by a GUID fragment", move |_| {
            Action::Read(Read::Customers(filter("8d1e4a7b", "")))
        }),
        step("the second page of 5 customers", move |_| {
            Action::Read(Read::Customers(CustomerFilter {
                page: PageRequest::numbered(2, 5),
                ..filter("", "")
            }))
        }),
        step("the 3 customers after Contoso", move |_| {
            Action::Read(Read::Customers(CustomerFilter {
                page: PageRequest {
                    size: 3,
                    start: PageStart::After("contoso".to_owned()),
                },
                ..filter("", "")
            }))
        }),
        step("a page past the last", move |_| {
            Action::Read(Read::Customers(CustomerFilter {
                page: PageRequest::numbered(99, 5),
                ..filter("", "")
            }))
        }),
        step("one customer", move |_| {
            Action::Read(Read::Customer(fabrikam()))
        }),
        step("an unknown customer", |_| {
            Action::Read(Read::Customer(cid("nobody")))
        }),
        step("offers in Germany", move |_| {
            Action::Read(Read::Offers(fabrikam()))
        }),
        step("offers in China, reservations unavailable", |_| {
            Action::Read(Read::Offers(cid("lucerne")))
        }),
        step(
            "a customer with a tenant that is not a GUID is refused",
            |_| {
                Action::Execute(Intent::AddCustomer {
                    form: new_customer("Northwind", "northwind.onmicrosoft.com", "not-a-guid"),
                })
            },
        ),
        step("add a customer", |_| {
            Action::Execute(Intent::AddCustomer {
                form: new_customer(
                    "Northwind",
                    "northwind.onmicrosoft.com",
                    "5A2B8C1E-6A4D-4F0E-9B7A-1C2D3E4F5A01",
                ),
            })
        }),
        step("the same domain again is refused", |_| {
            Action::Execute(Intent::AddCustomer {
                form: new_customer(
                    "Northwind 2",
                    "NORTHWIND.onmicrosoft.com",
                    "6a2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01",
                ),
            })
        }),
        step("an import with a bad row imports nothing", |_| {
            Action::Execute(Intent::ImportCustomers {
                csv: "name,defaultDomain,tenantId,market,currency\n\
                      A,a.onmicrosoft.com,7a2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01,NL,EUR\n\
                      B,b.onmicrosoft.com,7a2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01,ZZ,XXX\n"
                    .into(),
            })
        }),
        step("an import of two", |_| {
            Action::Execute(Intent::ImportCustomers {
                csv: "name,defaultDomain,tenantId,market,currency\n\
                      A,a.onmicrosoft.com,7a2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01,NL,EUR\n\
                      \"B, Inc\",b.onmicrosoft.com,8a2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01,US,USD\n"
                    .into(),
            })
        }),
        step("the customers, with the ones added", |_| {
            Action::Read(Read::Customers(Default::default()))
        }),
        step("an empty order is refused", move |_| {
            Action::Execute(Intent::PlaceOrder {
                customer: fabrikam(),
                lines: Vec::new(),
            })
        }),
        step("a plan the SKU does not offer is refused", |_| {
            buy(WINDOWS_SERVER_1Y, 1, BillingPlan::Monthly)
        }),
        step("a quantity over 10000 is refused", |_| {
            buy(WINDOWS_SERVER_1Y, 10_001, BillingPlan::Annual)
        }),
        capturing("buy a subscription", ("subscriptionOrder", "/id"), |_| {
            buy(WINDOWS_SERVER_1Y, 2, BillingPlan::Annual)
        }),
        // Orders of one second are listed by their random ids: an hour apart, by time.
        step("an hour later", move |_| {
            Action::Execute(Intent::MoveClock {
                to: now + Duration::hours(1),
            })
        }),
        capturing("buy perpetual software", ("officeOrder", "/id"), |_| {
            buy(OFFICE, 1, BillingPlan::OneTime)
        }),
        step("the order history", move |_| {
            Action::Read(Read::Orders(fabrikam()))
        }),
        step("one order", move |ids| {
            Action::Read(Read::Order(fabrikam(), ids.order("officeOrder")))
        }),
        step("the subscriptions", move |_| {
            Action::Read(Read::Subscriptions(fabrikam()))
        }),
        step("one subscription", move |ids| {
            Action::Read(Read::Subscription(
                fabrikam(),
                ids.item("subscriptionOrder", 0),
            ))
        }),
        step("turn autorenew off", move |ids| {
            Action::Execute(Intent::SetAutorenew {
                customer: fabrikam(),
                subscription: ids.item("subscriptionOrder", 0),
                enabled: false,
            })
        }),
        step(
            "change the billing frequency to one not offered",
            move |ids| {
                Action::Execute(Intent::SetBillingPlan {
                    customer: fabrikam(),
                    subscription: ids.item("subscriptionOrder", 0),
                    plan: BillingPlan::Triennial,
                })
            },
        ),
        step("the software", move |_| {
            Action::Read(Read::Software(fabrikam()))
        }),
        capturing("get the key", ("key", "/key"), move |ids| {
            Action::Execute(Intent::RevealKey {
                customer: fabrikam(),
                item: ids.item("officeOrder", 0),
                selection: office_choice(),
            })
        }),
        step("get the key again: the same key", move |ids| {
            Action::Execute(Intent::RevealKey {
                customer: fabrikam(),
                item: ids.item("officeOrder", 0),
                selection: office_choice(),
            })
        }),
        step("a language not offered is refused", move |ids| {
            Action::Execute(Intent::RevealKey {
                customer: fabrikam(),
                item: ids.item("officeOrder", 0),
                selection: Selection {
                    language: Some("Klingon".into()),
                    ..office_choice()
                },
            })
        }),
        capturing("copy a link", ("token", "/token"), move |ids| {
            Action::Execute(Intent::IssueDownloadLink {
                customer: fabrikam(),
                item: ids.item("officeOrder", 0),
                selection: office_choice(),
            })
        }),
        step("the link", |ids| Action::Read(Read::Link(ids.token()))),
        step("download", move |ids| {
            Action::Execute(Intent::Download {
                customer: fabrikam(),
                item: ids.item("officeOrder", 0),
                selection: office_choice(),
            })
        }),
        step("download through the link", |ids| {
            Action::Execute(Intent::DownloadViaLink { token: ids.token() })
        }),
        step("the link counts the download", |ids| {
            Action::Read(Read::Link(ids.token()))
        }),
        step("the activity log's default range", |_| {
            Action::Read(Read::Activity(None, None))
        }),
        step("a range that ends before it starts", |_| {
            Action::Read(Read::Activity(
                NaiveDate::from_ymd_opt(2021, 11, 15),
                NaiveDate::from_ymd_opt(2021, 11, 1),
            ))
        }),
        step("the cancel options of the perpetual product", move |_| {
            Action::Read(Read::CancelOptions(fabrikam(), OFFICE_PRODUCT.into()))
        }),
        step(
            "cancelling without the acknowledgment is refused",
            move |ids| {
                Action::Execute(Intent::CancelOrderLines {
                    customer: fabrikam(),
                    order: ids.order("officeOrder"),
                    lines: vec![0],
                    acknowledged: false,
                })
            },
        ),
        step("cancel the perpetual purchase", move |ids| {
            Action::Execute(Intent::CancelOrderLines {
                customer: fabrikam(),
                order: ids.order("officeOrder"),
                lines: vec![0],
                acknowledged: true,
            })
        }),
        step("the revoked link no longer downloads", |ids| {
            Action::Execute(Intent::DownloadViaLink { token: ids.token() })
        }),
        step("the credits, newest first", |_| Action::Read(Read::Credits)),
        step("the credits per invoice month", |_| {
            Action::Read(Read::CreditsByMonth)
        }),
        step("the charges, newest first", |_| Action::Read(Read::Charges)),
        step("a support request with bad fields is refused", |_| {
            Action::Execute(Intent::FileSupportRequest {
                form: SupportRequestForm {
                    contact_email: "not an email".into(),
                    ..support_form("Refund")
                },
            })
        }),
        capturing("file a support request", ("request", "/id"), |_| {
            Action::Execute(Intent::FileSupportRequest {
                form: support_form("Refund Office"),
            })
        }),
        step("move it to attention needed", |ids| {
            Action::Execute(Intent::SetSupportRequestStatus {
                id: SupportRequestId(ids.get("request")),
                status: SupportRequestStatus::AttentionNeeded,
            })
        }),
        step("the support requests", |_| {
            Action::Read(Read::SupportRequests)
        }),
        step("an empty note is refused", |ids| {
            Action::Execute(Intent::AddSupportRequestNote {
                id: SupportRequestId(ids.get("request")),
                text: "  ".into(),
            })
        }),
        step("a note opens the request that needed attention", |ids| {
            Action::Execute(Intent::AddSupportRequestNote {
                id: SupportRequestId(ids.get("request")),
                text: "The invoice is attached to the order.".into(),
            })
        }),
        step("close it", |ids| {
            Action::Execute(Intent::SetSupportRequestStatus {
                id: SupportRequestId(ids.get("request")),
                status: SupportRequestStatus::Closed,
            })
        }),
        step("a closed request takes no note", |ids| {
            Action::Execute(Intent::AddSupportRequestNote {
                id: SupportRequestId(ids.get("request")),
                text: "One more thing".into(),
            })
        }),
        step("the requests, one closed with its note", |_| {
            Action::Read(Read::SupportRequests)
        }),
        step("the closed request on its own", |ids| {
            Action::Read(Read::SupportRequest(SupportRequestId(ids.get("request"))))
        }),
        step("a request that was never filed", |_| {
            Action::Read(Read::SupportRequest(SupportRequestId("SR-NOBODY".into())))
        }),
        step(
            "move the clock 6 days 23 hours 59 minutes 59 seconds",
            move |_| {
                Action::Execute(Intent::MoveClock {
                    to: now + Duration::days(7) - Duration::seconds(1),
                })
            },
        ),
        step("the clock cannot go back", move |_| {
            Action::Execute(Intent::MoveClock { to: now })
        }),
        step(
            "the clock cannot move more than ten years at once",
            move |_| {
                Action::Execute(Intent::MoveClock {
                    to: day(7 + MAX_CLOCK_MOVE_DAYS),
                })
            },
        ),
        step("the subscription on the 7th day", move |ids| {
            Action::Read(Read::Subscription(
                fabrikam(),
                ids.item("subscriptionOrder", 0),
            ))
        }),
        step("the Sales agent signs in", |_| Action::SignIn("sam")),
        step(
            "a Sales agent cannot cancel, and is told which role",
            move |ids| {
                Action::Execute(Intent::CancelSubscription {
                    customer: fabrikam(),
                    subscription: ids.item("subscriptionOrder", 0),
                    acknowledged: true,
                })
            },
        ),
        step("nor read the activity log", |_| {
            Action::Read(Read::Activity(None, None))
        }),
        step("the Admin agent signs in again", |_| {
            Action::SignIn("avery")
        }),
        step("move the clock to the 8th day", move |_| {
            Action::Execute(Intent::MoveClock { to: day(7) })
        }),
        step("the window has closed", move |ids| {
            Action::Execute(Intent::CancelSubscription {
                customer: fabrikam(),
                subscription: ids.item("subscriptionOrder", 0),
                acknowledged: true,
            })
        }),
        step("Closing soon lists every deadline within 90 days", |_| {
            Action::Read(Read::Deadlines(DeadlineFilter {
                horizon: Horizon::Quarter,
                ..DeadlineFilter::default()
            }))
        }),
        step("remember Fabrikam's MAK deadline", move |_| {
            Action::Execute(Intent::RememberMakDeadline {
                customer: fabrikam(),
                last_kms_activation: NaiveDate::from_ymd_opt(2021, 9, 1).unwrap(),
            })
        }),
        step("a last KMS activation after today is refused", move |_| {
            Action::Execute(Intent::RememberMakDeadline {
                customer: fabrikam(),
                last_kms_activation: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            })
        }),
        step("Fabrikam's deadlines of one kind", move |_| {
            Action::Read(Read::Deadlines(DeadlineFilter {
                kind: Some(DeadlineKind::MakDeployment),
                customer: Some(fabrikam()),
                horizon: Horizon::Quarter,
            }))
        }),
        step("a year on, the term without autorenew expires", move |_| {
            Action::Execute(Intent::MoveClock { to: day(400) })
        }),
        step("the subscriptions after the year", move |_| {
            Action::Read(Read::Subscriptions(fabrikam()))
        }),
        step(
            "a year of charges, the monthly subscription's every month",
            |_| Action::Read(Read::Charges),
        ),
        step("Contoso's own admin signs in", |_| {
            Action::SignIn("contoso-admin")
        }),
        step("they see only their own customer", move |_| {
            Action::Read(Read::Customers(filter("", "")))
        }),
        step("not another customer's software", move |_| {
            Action::Read(Read::Software(fabrikam()))
        }),
        step("their own software", |_| {
            Action::Read(Read::Software(cid("contoso")))
        }),
        step("only their own credits", |_| Action::Read(Read::Credits)),
        step("only their own credits per month", |_| {
            Action::Read(Read::CreditsByMonth)
        }),
        step("only their own charges", |_| Action::Read(Read::Charges)),
        step("only their own deadlines", |_| {
            Action::Read(Read::Deadlines(DeadlineFilter {
                horizon: Horizon::Quarter,
                ..DeadlineFilter::default()
            }))
        }),
        step("not another customer's deadlines", move |_| {
            Action::Read(Read::Deadlines(DeadlineFilter {
                customer: Some(fabrikam()),
                ..DeadlineFilter::default()
            }))
        }),
        step("support requests are for partner users", |_| {
            Action::Read(Read::SupportRequests)
        }),
        step("so is resetting the demo", |_| Action::ResetDemo),
        step("the Admin agent signs in to reset", |_| {
            Action::SignIn("avery")
        }),
        step("reset the demo", |_| Action::ResetDemo),
        step("the clock is back", |_| Action::Read(Read::Now)),
        step("the orders are the seed's", move |_| {
            Action::Read(Read::Orders(fabrikam()))
        }),
    ]
}

fn new_customer(name: &str, domain: &str, tenant: &str) -> csp_domain::CustomerForm {
    csp_domain::CustomerForm {
        name: name.into(),
        default_domain: domain.into(),
        tenant_id: tenant.into(),
        market: "NL".into(),
        currency: "EUR".into(),
    }
}

fn value(serializable: &impl Serialize) -> Value {
    serde_json::to_value(serializable).expect("every answer serializes")
}

/// A reply's content as JSON, the same for both sides.
fn reply_value(reply: Reply) -> Value {
    match reply {
        Reply::Order(order) => value(&order),
        Reply::Subscription(found) => value(&found),
        Reply::Key(key) => json!({ "key": key }),
        Reply::Link(link) => value(&link),
        Reply::File(file) => value(&file),
        Reply::SupportRequest(request) => value(&request),
        Reply::Clock(now) => json!({ "now": now }),
        Reply::Customer(customer) => value(&customer),
        Reply::Customers(customers) => json!({ "items": customers }),
        Reply::MakDeadline(deadline) => value(&deadline),
    }
}

fn refused<T>(answer: Result<T, BackendError>) -> Result<T, Refusal> {
    answer.map_err(|error| match error {
        BackendError::Refused(refusal) => refusal,
        BackendError::Unavailable(reason) => panic!("the local backend failed: {reason:?}"),
    })
}

fn local_read(backend: &LocalBackend, read: Read) -> Result<Value, Refusal> {
    fn json<T: Serialize>(answer: Result<T, BackendError>) -> Result<Value, Refusal> {
        refused(answer).map(|found| value(&found))
    }
    match read {
        Read::Users => json(backend.users()),
        Read::Now => refused(backend.now()).map(|now| json!({ "now": now })),
        Read::Customers(filter) => refused(backend.customers(filter)).map(
            |list| json!({ "total": list.total, "matching": list.matching, "offset": list.offset, "items": list.customers, "markets": list.markets }),
        ),
        Read::Customer(id) => json(backend.customer(id)),
        Read::Offers(id) => json(backend.offers(id)),
        Read::Orders(id) => json(backend.orders(id, Some(1)).map(|page| page.items)),
        Read::Order(id, order) => json(backend.order(id, order)),
        Read::Subscriptions(id) => json(backend.subscriptions(id, Some(1)).map(|page| page.items)),
        Read::Subscription(id, subscription) => json(backend.subscription(id, subscription)),
        Read::Software(id) => json(backend.software(id, 1).map(|page| page.items)),
        Read::CancelOptions(id, product) => json(backend.cancel_options(id, product)),
        Read::Link(token) => json(backend.link(token)),
        Read::Credits => json(backend.credits(Some(1)).map(|page| page.items)),
        Read::CreditsByMonth => json(backend.credits_by_month()),
        // The first page, as the server answers a list by default.
        Read::Charges => json(backend.charges(1).map(|page| page.items)),
        Read::Activity(from, to) => json(backend.activity(from, to, Some(1)).map(|page| page.items)),
        Read::SupportRequests => json(backend.support_requests(1).map(|page| page.items)),
        Read::SupportRequest(id) => json(backend.support_request(id)),
        Read::Deadlines(filter) => json(backend.deadlines(filter, Some(1)).map(|page| page.items)),
    }
}

/// csp-server on a free loopback port, spoken to as the Http backend speaks to it.
struct Remote {
    base: String,
    client: reqwest::Client,
    token: Option<String>,
}

impl Remote {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<String>,
    ) -> (u16, String, Option<String>) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let disposition = response
            .headers()
            .get("content-disposition")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        (status, response.text().await.unwrap(), disposition)
    }

    /// The answer's JSON, or the refusal the server answered with.
    fn read(status: u16, text: &str) -> Result<Value, Refusal> {
        let body: Value =
            serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
        if (200..300).contains(&status) {
            return Ok(body);
        }
        match body.get("refusal") {
            Some(refusal) => Err(serde_json::from_value(refusal.clone()).unwrap()),
            None => panic!("the server failed ({status}): {text}"),
        }
    }

    async fn get(&self, read: &Read) -> Result<Value, Refusal> {
        let (status, text, _) = self
            .send(reqwest::Method::GET, &api::read_path(read), None)
            .await;
        Remote::read(status, &text)
    }

    /// A read's answer, decoded as the app decodes it, as JSON.
    async fn read_typed(&self, read: Read) -> Result<Value, Refusal> {
        fn typed<T: DeserializeOwned + Serialize>(json: Value) -> Value {
            value(&serde_json::from_value::<T>(json).expect("the app reads it"))
        }
        fn items<T: DeserializeOwned + Serialize>(json: Value) -> Value {
            typed::<Vec<T>>(json["items"].clone())
        }
        let answer = self.get(&read).await?;
        Ok(match read {
            Read::Users => typed::<Vec<User>>(answer),
            Read::Now => answer,
            Read::Customers(_) => json!({
                "total": answer["totalCount"],
                "matching": answer["matchingCount"],
                "offset": answer["offset"],
                "items": typed::<Vec<Customer>>(answer["items"].clone()),
                "markets": typed::<Vec<Market>>(answer["markets"].clone()),
            }),
            Read::Customer(_) => typed::<Customer>(answer),
            Read::Offers(_) => items::<Offer>(answer),
            Read::Orders(_) => items::<Order>(answer),
            Read::Order(..) => typed::<Order>(answer),
            Read::Subscriptions(_) => items::<SubscriptionView>(answer),
            Read::Subscription(..) => typed::<SubscriptionView>(answer),
            Read::Software(_) => items::<SoftwareView>(answer),
            Read::CancelOptions(..) => items::<CancelOption>(answer),
            Read::Link(_) => typed::<LinkView>(answer),
            Read::Credits => items::<Credit>(answer),
            Read::CreditsByMonth => items::<CreditsByMonth>(answer),
            Read::Charges => items::<Charge>(answer),
            Read::Activity(..) => items::<ActivityRecord>(answer),
            Read::SupportRequests => items::<SupportRequest>(answer),
            Read::SupportRequest(_) => typed::<SupportRequest>(answer),
            Read::Deadlines(_) => items::<Deadline>(answer),
        })
    }

    async fn execute(&self, intent: Intent) -> Result<Value, Refusal> {
        if let Intent::DownloadViaLink { token } = intent {
            let path = api::link_download_path(&token);
            let (status, text, disposition) = self.send(reqwest::Method::GET, &path, None).await;
            if !(200..300).contains(&status) {
                return Remote::read(status, &text).map(|_| Value::Null);
            }
            let name = disposition.unwrap_or_default();
            let name = name
                .split("filename=")
                .nth(1)
                .unwrap_or("")
                .trim_matches('"');
            return Ok(json!({ "fileName": name, "content": text }));
        }
        let (method, path, body, reads) = api::request_for(intent);
        let method = match method {
            api::Method::Post => reqwest::Method::POST,
            api::Method::Patch => reqwest::Method::PATCH,
        };
        let (status, text, _) = self.send(method, &path, Some(body.unwrap())).await;
        let answer = Remote::read(status, &text)?;
        Ok(reply_value(
            api::read_reply(reads, answer).expect("the app reads it"),
        ))
    }
}

fn capture(
    ids: &mut Ids,
    capture: Option<(&'static str, &'static str)>,
    answer: &Result<Value, Refusal>,
) {
    if let (Some((name, pointer)), Ok(found)) = (capture, answer) {
        let value = found
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no {pointer} to capture as {name} in {found}"));
        ids.0.insert(name, value.to_owned());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_backend_and_csp_server_answer_every_step_of_a_scripted_day_alike() {
    let demo = async { Ok(seed::demo_events()) };
    let (local, _) = LocalBackend::open(
        &MemoryStore::default(),
        Arc::new(MemoryLog::default()),
        Counting(0),
        demo,
    )
    .await
    .expect("the demo opens");
    let state = csp_server::AppState::open(":memory:").expect("the database opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(csp_server::serve_on(listener, state, None, async move {
        let _ = stopped.await;
    }));
    let mut remote = Remote {
        base,
        client: reqwest::Client::new(),
        token: None,
    };
    let (mut local_ids, mut remote_ids) = (Ids::default(), Ids::default());
    let script = script();
    assert!(script.len() >= 40, "the script has {} steps", script.len());
    let mut refusals = 0;
    for (number, step) in script.iter().enumerate() {
        let (local_answer, remote_answer) =
            match ((step.action)(&local_ids), (step.action)(&remote_ids)) {
                (Action::SignIn(user), Action::SignIn(_)) => {
                    let signed_in =
                        refused(local.sign_in(UserId(user.to_owned()))).map(|user| value(&user));
                    let body = json!({ "user": user }).to_string();
                    let (status, text, _) = remote
                        .send(reqwest::Method::POST, "/v1/session", Some(body))
                        .await;
                    let session = Remote::read(status, &text);
                    remote.token = session
                        .as_ref()
                        .ok()
                        .and_then(|session| session["token"].as_str())
                        .map(str::to_owned);
                    (signed_in, session.map(|session| session["user"].clone()))
                }
                (Action::Read(local_read_of), Action::Read(remote_read_of)) => (
                    local_read(&local, local_read_of),
                    remote.read_typed(remote_read_of).await,
                ),
                (Action::Execute(local_intent), Action::Execute(remote_intent)) => (
                    refused(local.execute(local_intent).await).map(reply_value),
                    remote.execute(remote_intent).await,
                ),
                (Action::ResetDemo, Action::ResetDemo) => {
                    let body = Some("{}".to_owned());
                    let (status, text, _) = remote
                        .send(reqwest::Method::POST, "/v1/demo/reset", body)
                        .await;
                    (
                        refused(local.reset_demo(seed::demo_events()).await).map(|()| Value::Null),
                        Remote::read(status, &text).map(|_| Value::Null),
                    )
                }
                _ => unreachable!("a step does the same on both sides"),
            };
        capture(&mut local_ids, step.capture, &local_answer);
        capture(&mut remote_ids, step.capture, &remote_answer);
        refusals += usize::from(local_answer.is_err());
        assert_eq!(
            local_ids.named(&local_answer),
            remote_ids.named(&remote_answer),
            "step {} ({}): the local backend and csp-server differ",
            number + 1,
            step.name
        );
    }
    assert!(
        refusals >= 10,
        "the script reaches the rules' refusals ({refusals})"
    );
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
