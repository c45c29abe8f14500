//! The API keeps its word on bad input: each wrong field answers 422 naming the field, the
//! value sent and what it allows; broken JSON stays 400.

mod common;

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
