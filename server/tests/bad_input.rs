//! The API keeps its word on bad input: each wrong field answers 422 naming the field, the
//! value sent and what it allows; broken JSON stays 400; no date leaves the years 2000 to 2100,
//! so every time written back stays RFC 3339.

mod common;

use chrono::DateTime;
use common::{Answer, Server};
use reqwest::Method;
use serde_json::{json, Value};

const SUBSCRIPTION: &str = "/v1/customers/adatum/subscriptions/ORD-1012-0";
const SERVICE_REQUEST: &str = "/v1/servicerequests/SR-2111040001";
const ORDERS: &str = "/v1/customers/adatum/orders";

/// Asserts a 422 of `code` whose description names each of `words`.
fn assert_names(answer: &Answer, code: &str, words: &[&str]) {
    answer.assert_error(422, code);
    let description = answer.json["description"].as_str().unwrap_or_default();
    for word in words {
        assert!(
            description.contains(word),
            "the description names {word}: {}",
            answer.text
        );
    }
}

fn line(billing_cycle: Value) -> Value {
    json!({"lineItems": [{"offerId": "DG7GMGF0D5RK:0001", "quantity": 1, "billingCycle": billing_cycle}]})
}

#[tokio::test]
async fn a_wrong_json_type_on_any_body_field_is_422_naming_the_field_by_its_path() {
    let server = Server::start(":memory:").await;
    let avery = server.sign_in("avery").await;
    let hollis = server.sign_in("hollis").await;
    let form = json!({
        "impact": 5, "title": "t", "tenantOrDomain": "d", "orderOrSubscriptionId": "o",
        "refundReason": "r", "amountRequested": "1", "contactName": "n",
        "contactEmail": "e@x.example", "contactPhone": "1"
    });
    let cases = [
        (
            Method::PATCH,
            SUBSCRIPTION,
            &avery,
            json!({"billingCycle": 7}),
            "billingCycle: ",
        ),
        (
            Method::PATCH,
            SUBSCRIPTION,
            &avery,
            json!({"billingCycle": null}),
            "billingCycle: ",
        ),
        (
            Method::PATCH,
            SUBSCRIPTION,
            &avery,
            json!({"autoRenewEnabled": "no"}),
            "autoRenewEnabled: ",
        ),
        (
            Method::PATCH,
            SUBSCRIPTION,
            &avery,
            json!({"status": null}),
            "status: ",
        ),
        (
            Method::PATCH,
            SERVICE_REQUEST,
            &hollis,
            json!({"status": 5}),
            "status: ",
        ),
        (
            Method::PATCH,
            SERVICE_REQUEST,
            &hollis,
            json!({"status": null}),
            "status: ",
        ),
        (
            Method::PATCH,
            SERVICE_REQUEST,
            &hollis,
            json!({"newNote": {"text": 1}}),
            "newNote.text: ",
        ),
        (
            Method::POST,
            ORDERS,
            &avery,
            line(json!(7)),
            "lineItems[0].billingCycle: ",
        ),
        (
            Method::POST,
            ORDERS,
            &avery,
            line(Value::Null),
            "lineItems[0].billingCycle: ",
        ),
        (
            Method::POST,
            ORDERS,
            &avery,
            json!({"lineItems": [{"offerId": "DG7GMGF0D5RK:0001", "quantity": 1, "billingCycle": "annual"}, {"offerId": "x", "quantity": "one", "billingCycle": "annual"}]}),
            "lineItems[1].quantity: ",
        ),
        (
            Method::PATCH,
            "/v1/customers/wingtip/orders/ORD-1005",
            &avery,
            json!({"status": "cancelled", "lineItems": [{"lineItemNumber": "0"}]}),
            "lineItems[0].lineItemNumber: ",
        ),
        (
            Method::POST,
            "/v1/servicerequests",
            &hollis,
            form,
            "impact: ",
        ),
        (
            Method::POST,
            "/v1/clock",
            &avery,
            json!({"now": 5}),
            "now: ",
        ),
        (
            Method::POST,
            "/v1/customers/contoso/makdeadline",
            &avery,
            json!({"lastKmsActivation": 20211101}),
            "lastKmsActivation: ",
        ),
        (
            Method::POST,
            "/v1/customers/wingtip/software/ORD-1005-0/key",
            &avery,
            json!({"selection": {"version": 2021}}),
            "selection.version: ",
        ),
        (
            Method::POST,
            "/v1/customers",
            &avery,
            json!({"name": 5}),
            "name: ",
        ),
    ];
    for (method, path, token, body, field) in cases {
        let answer = server
            .call(method.clone(), path, Some(token), Some(body.clone()), &[])
            .await;
        assert_eq!(
            answer.status, 422,
            "{method} {path} {body}: {}",
            answer.text
        );
        assert_names(&answer, "invalid_body", &[field]);
    }
    // Broken JSON is not a wrong field: it stays a 400.
    for broken in [
        "{\"billingCycle\": ",
        "{\"billingCycle\": monthly}",
        "{} {}",
    ] {
        server
            .raw(Method::PATCH, SUBSCRIPTION, &avery, broken)
            .await
            .assert_error(400, "bad_request");
    }
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_enum_value_is_422_naming_the_value_sent_and_the_values_allowed() {
    let server = Server::start(":memory:").await;
    let avery = server.sign_in("avery").await;
    let hollis = server.sign_in("hollis").await;
    let before = server.get(SUBSCRIPTION, &avery).await;
    let cycles = ["monthly", "annual", "triennial", "one_time"];
    // "unknown" is the domain's catch-all for values it cannot read, never one to send.
    for sent in ["weekly", "unknown", ""] {
        let quoted = format!("`{sent}`");
        let changed = server
            .patch(SUBSCRIPTION, &avery, json!({"billingCycle": sent}))
            .await;
        assert_names(
            &changed,
            "invalid_body",
            &[&["billingCycle: ", &quoted], &cycles[..]].concat(),
        );
        let ordered = server.post(ORDERS, &avery, line(json!(sent))).await;
        assert_names(
            &ordered,
            "invalid_body",
            &[&["lineItems[0].billingCycle: ", &quoted], &cycles[..]].concat(),
        );
    }
    let after = server.get(SUBSCRIPTION, &avery).await;
    assert_eq!(
        before.header("etag"),
        after.header("etag"),
        "nothing ran: {}",
        after.text
    );
    for sent in ["resolved", "unknown"] {
        let moved = server
            .patch(SERVICE_REQUEST, &hollis, json!({"status": sent}))
            .await;
        assert_names(
            &moved,
            "invalid_body",
            &[
                "status: ",
                &format!("`{sent}`"),
                "open",
                "attention_needed",
                "closed",
            ],
        );
    }
    let request = server.get(SERVICE_REQUEST, &hollis).await;
    assert_eq!(
        request.json["status"], "attention_needed",
        "{}",
        request.text
    );
    // The strings the server checks by hand name the value sent and the one allowed too.
    let cancelled = server
        .patch(SUBSCRIPTION, &avery, json!({"status": "suspended"}))
        .await;
    assert_names(
        &cancelled,
        "invalid_request",
        &["status: ", "\"suspended\"", "\"deleted\""],
    );
    let order = server
        .patch(
            "/v1/customers/wingtip/orders/ORD-1005",
            &avery,
            json!({"status": "active", "lineItems": [{"lineItemNumber": 0}]}),
        )
        .await;
    assert_names(
        &order,
        "invalid_request",
        &["status: ", "\"active\"", "\"cancelled\""],
    );
    server.stop().await;
}

#[tokio::test]
async fn a_date_outside_2000_to_2100_is_422_naming_the_parameter_and_the_allowed_range() {
    let server = Server::start(":memory:").await;
    let gale = server.sign_in("gale").await;
    let avery = server.sign_in("avery").await;
    let range = ["2000-01-01", "2100-12-31"];
    let audit = [
        ("startDate=-2021-01-01", "invalid_request", "startDate"),
        ("startDate=%2B10000-01-01", "invalid_request", "startDate"),
        ("startDate=2021-1-1", "invalid_request", "startDate"),
        // Given empty is not left out: the document's date pattern does not take "".
        ("startDate=", "invalid_request", "startDate"),
        ("endDate=%20", "invalid_request", "endDate"),
        (
            "startDate=0000-01-01&endDate=9999-12-31",
            "date_out_of_range",
            "startDate",
        ),
        ("endDate=9999-12-31", "date_out_of_range", "endDate"),
        ("startDate=1999-12-31", "date_out_of_range", "startDate"),
        ("endDate=2101-01-01", "date_out_of_range", "endDate"),
    ];
    for (query, code, name) in audit {
        let answer = server
            .get(&format!("/v1/auditrecords?{query}"), &gale)
            .await;
        assert_names(&answer, code, &[&[name][..], &range[..]].concat());
    }
    let widest = server
        .get(
            "/v1/auditrecords?startDate=2000-01-01&endDate=2100-12-31",
            &gale,
        )
        .await;
    assert_eq!(widest.status, 200, "{}", widest.text);

    for (now, code) in [
        ("9999-12-31T00:00:00Z", "date_out_of_range"),
        ("2101-01-01T00:00:00Z", "date_out_of_range"),
        ("2100-12-31T23:00:00-01:00", "date_out_of_range"),
        ("1999-12-31T23:59:59Z", "date_out_of_range"),
        ("+10000-01-01T00:00:00Z", "invalid_body"),
        ("-2021-01-01T00:00:00Z", "invalid_body"),
        ("2022-01-01", "invalid_body"),
    ] {
        let moved = server
            .post("/v1/clock", &avery, json!({ "now": now }))
            .await;
        assert_names(&moved, code, &[&["now", now][..], &range[..]].concat());
    }
    let clock = server.get("/v1/clock", &avery).await;
    assert_eq!(clock.json["now"], "2021-11-15T10:00:00Z", "{}", clock.text);

    for (day, code) in [
        ("1999-12-31", "date_out_of_range"),
        ("0000-01-01", "date_out_of_range"),
        ("+10000-01-01", "invalid_body"),
        ("2021-02-30", "invalid_body"),
    ] {
        let remembered = server
            .post(
                "/v1/customers/contoso/makdeadline",
                &avery,
                json!({ "lastKmsActivation": day }),
            )
            .await;
        assert_names(
            &remembered,
            code,
            &[&["lastKmsActivation", day][..], &range[..]].concat(),
        );
    }
    let remembered = server
        .post(
            "/v1/customers/contoso/makdeadline",
            &avery,
            json!({ "lastKmsActivation": "2021-11-01" }),
        )
        .await;
    assert_eq!(remembered.status, 200, "{}", remembered.text);
    server.stop().await;
}

/// Every string in `value` that starts like a time (a year, a month, a day, then `T`).
fn times(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            let day = text.split(['T', 't']).next().unwrap_or_default();
            let parts: Vec<&str> = day.trim_start_matches(['+', '-']).split('-').collect();
            let numeric = parts.len() == 3
                && parts
                    .iter()
                    .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
            if numeric && day.len() < text.len() {
                found.push(text.clone());
            }
        }
        Value::Array(items) => items.iter().for_each(|item| times(item, found)),
        Value::Object(fields) => fields.values().for_each(|field| times(field, found)),
        _ => {}
    }
}

#[tokio::test]
async fn a_clock_moved_to_the_last_second_of_2100_still_writes_every_time_as_rfc_3339() {
    let server = Server::start(":memory:").await;
    let avery = server.sign_in("avery").await;
    let gale = server.sign_in("gale").await;
    let hollis = server.sign_in("hollis").await;
    // At most ten years a move.
    let mut year = 2021;
    while year < 2091 {
        year += 10;
        let to = format!("{year}-11-15T10:00:00Z");
        let moved = server.post("/v1/clock", &avery, json!({ "now": to })).await;
        assert_eq!(moved.status, 200, "{to}: {}", moved.text);
    }
    let edge = server
        .post("/v1/clock", &avery, json!({"now": "2100-12-31T23:59:59Z"}))
        .await;
    assert_eq!(edge.status, 200, "{}", edge.text);
    assert_eq!(edge.json["now"], "2100-12-31T23:59:59Z");
    let placed = server
        .post(ORDERS, &avery, common::one_windows_server())
        .await;
    assert_eq!(placed.status, 201, "{}", placed.text);
    let beyond = server
        .post("/v1/clock", &avery, json!({"now": "2101-01-01T00:00:00Z"}))
        .await;
    beyond.assert_error(422, "date_out_of_range");

    let reads = [
        (&avery, "/v1/clock"),
        (&avery, "/v1/customers/adatum/orders"),
        (&avery, "/v1/customers/adatum/subscriptions"),
        (&avery, "/v1/customers/contoso/subscriptions/ORD-1001-0"),
        (&avery, "/v1/customers/wingtip/software"),
        (&avery, "/v1/customers/woodgrove/credits"),
        (&avery, "/v1/credits"),
        (&avery, "/v1/credits/by-month"),
        (&avery, "/v1/charges"),
        (&avery, "/v1/deadlines?within=90d"),
        (
            &gale,
            "/v1/auditrecords?startDate=2000-01-01&endDate=2100-12-31",
        ),
        (&hollis, "/v1/servicerequests"),
    ];
    let mut found = Vec::new();
    times(&placed.json, &mut found);
    for (token, path) in reads {
        let answer = server.get(path, token).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        times(&answer.json, &mut found);
    }
    assert!(
        found
            .iter()
            .any(|time| time.starts_with("2100-12-31T23:59:59")),
        "the edge time is written: {found:?}"
    );
    for time in &found {
        assert!(
            DateTime::parse_from_rfc3339(time).is_ok(),
            "{time} is RFC 3339"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn the_openapi_document_answers_422_for_every_operation_that_reads_a_body_or_a_query() {
    let server = Server::start(":memory:").await;
    let document = server
        .call(Method::GET, "/v1/openapi.json", None, None, &[])
        .await;
    let invalid = &document.json["components"]["responses"]["Invalid"]["description"];
    assert!(
        invalid.as_str().is_some_and(|text| text.contains("path")),
        "{invalid}"
    );
    for (path, operations) in document.json["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            // An operation without parameters has no `parameters` list.
            let reads_input = operation.get("requestBody").is_some()
                || operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|parameter| parameter["in"] == "query");
            assert_eq!(
                operation["responses"].get("422").is_some(),
                reads_input,
                "{method} {path}"
            );
        }
    }
    for (path, method) in [
        ("/v1/clock", "post"),
        ("/v1/customers/{customerId}/makdeadline", "post"),
        ("/v1/auditrecords", "get"),
    ] {
        let description = document.json["paths"][path][method]["description"]
            .as_str()
            .unwrap();
        assert!(
            description.contains("2000-01-01 to 2100-12-31")
                && description.contains("date_out_of_range"),
            "{description}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn an_offset_is_read_up_to_4294967295_as_documented_and_refused_beyond() {
    let server = Server::start(":memory:").await;
    let gale = server.sign_in("gale").await;
    for list in ["/v1/customers", "/v1/credits", "/v1/deadlines"] {
        let last = server
            .get(&format!("{list}?offset=4294967295"), &gale)
            .await;
        assert_eq!(last.status, 200, "{list}: {}", last.text);
        assert_eq!(last.json["items"], json!([]), "{list}: {}", last.text);
        let beyond = server
            .get(&format!("{list}?offset=4294967296"), &gale)
            .await;
        assert_names(&beyond, "invalid_request", &["offset", "4294967295"]);
    }
    server.stop().await;
}

#[tokio::test]
async fn what_conflicts_with_the_stored_state_is_409_and_names_why() {
    let server = Server::start(":memory:").await;
    let avery = server.sign_in("avery").await;
    // 3,653 days (ten years and a day) from the demo clock's 15 November 2021, and a second.
    let far = server
        .post(
            "/v1/clock",
            &avery,
            json!({ "now": "2031-11-16T10:00:01Z" }),
        )
        .await;
    far.assert_error(409, "clock_too_far");
    assert_eq!(
        far.json["refusal"]["clockTooFar"]["latest"], "2031-11-16T10:00:00Z",
        "{}",
        far.text
    );
    let ten_years = server
        .post(
            "/v1/clock",
            &avery,
            json!({ "now": "2031-11-16T10:00:00Z" }),
        )
        .await;
    assert_eq!(ten_years.status, 200, "{}", ten_years.text);

    // Once Fabrikam is added, the same tenant and domain are well formed, but taken.
    let fabrikam = json!({
        "name": "Fabrikam again",
        "defaultDomain": "fabrikam.example",
        "tenantId": "5a9a4d8e-4b1f-4d4c-9e0e-0d6a7a3b2c10",
        "market": "DE",
        "currency": "EUR"
    });
    let first = server.post("/v1/customers", &avery, fabrikam.clone()).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let added = server.post("/v1/customers", &avery, fabrikam).await;
    added.assert_error(409, "invalid_field");
    assert_eq!(
        added.json["refusal"]["invalidField"]["problem"]["problem"], "taken",
        "{}",
        added.text
    );
    let malformed = json!({
        "name": "Fabrikam again",
        "defaultDomain": "not a domain",
        "tenantId": "5a9a4d8e-4b1f-4d4c-9e0e-0d6a7a3b2c10",
        "market": "DE",
        "currency": "EUR"
    });
    // One malformed field is the form's fault, whatever else is taken.
    server
        .post("/v1/customers", &avery, malformed)
        .await
        .assert_error(422, "invalid_field");
    let csv = "name,defaultDomain,tenantId,market,currency\n\
               Fabrikam,fabrikam.example,5a9a4d8e-4b1f-4d4c-9e0e-0d6a7a3b2c10,DE,EUR\n";
    let imported = server
        .post("/v1/customers/import", &avery, json!({ "csv": csv }))
        .await;
    imported.assert_error(409, "import_rejected");
    server.stop().await;
}
