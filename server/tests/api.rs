//! The API over real HTTP on 127.0.0.1: every endpoint, every role refusal, and the safety
//! rails (idempotency, If-Match, body limits, restarts).

mod common;

use std::collections::BTreeSet;

use common::{office_selection, one_windows_server, Server};
use reqwest::Method;
use serde_json::{json, Value};

fn items(answer: &common::Answer) -> &Vec<Value> {
    answer.json["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a list answer: {}", answer.text))
}

// --- Session and authentication ------------------------------------------------------------

#[tokio::test]
async fn the_demo_users_are_listed_without_signing_in_and_one_can_sign_in_as_any_of_them() {
    let server = Server::start(":memory:").await;
    let users = server
        .call(Method::GET, "/v1/session/users", None, None, &[])
        .await;
    assert_eq!(users.status, 200);
    let ids: Vec<_> = users
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].clone())
        .collect();
    assert!(ids.contains(&json!("avery")) && ids.contains(&json!("contoso-admin")));
    let signed_in = server
        .call(
            Method::POST,
            "/v1/session",
            None,
            Some(json!({"user": "sam"})),
            &[],
        )
        .await;
    assert_eq!(signed_in.status, 201);
    assert_eq!(signed_in.json["user"]["roles"], json!(["sales_agent"]));
    assert_eq!(signed_in.json["token"].as_str().unwrap().len(), 64);
    let unknown = server
        .call(
            Method::POST,
            "/v1/session",
            None,
            Some(json!({"user": "mallory"})),
            &[],
        )
        .await;
    unknown.assert_error(404, "unknown_user");
    server.stop().await;
}

#[tokio::test]
async fn a_request_without_a_token_or_with_an_unknown_one_is_answered_401_in_json() {
    let server = Server::start(":memory:").await;
    let without = server
        .call(Method::GET, "/v1/customers", None, None, &[])
        .await;
    without.assert_error(401, "unauthorized");
    let unknown = server.get("/v1/customers", "not-a-token").await;
    unknown.assert_error(401, "unauthorized");
    let write = server
        .call(
            Method::POST,
            "/v1/customers/adatum/orders",
            None,
            Some(one_windows_server()),
            &[],
        )
        .await;
    write.assert_error(401, "unauthorized");
    server.stop().await;
}

#[tokio::test]
async fn signing_out_makes_the_token_stop_working() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let out = server
        .call(Method::DELETE, "/v1/session", Some(&token), None, &[])
        .await;
    assert_eq!(out.status, 204);
    server
        .get("/v1/clock", &token)
        .await
        .assert_error(401, "unauthorized");
    server.stop().await;
}

// --- Customers and what they bought --------------------------------------------------------

#[tokio::test]
async fn the_customer_list_filters_by_search_and_market_and_counts_every_readable_customer() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("sam").await;
    let all = server.get("/v1/customers", &token).await;
    assert_eq!(all.status, 200);
    let total = all.json["totalCount"].as_u64().unwrap();
    assert_eq!(items(&all).len() as u64, total);
    let found = server.get("/v1/customers?search=CONTOSO", &token).await;
    assert_eq!(items(&found).len(), 1);
    assert_eq!(items(&found)[0]["id"], "contoso");
    assert_eq!(found.json["totalCount"].as_u64().unwrap(), total);
    let australian = server.get("/v1/customers?market=au", &token).await;
    assert!(!items(&australian).is_empty());
    assert!(items(&australian).iter().all(|c| c["market"] == "AU"));
    let one = server.get("/v1/customers/wingtip", &token).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json["market"], "AU");
    server
        .get("/v1/customers/nobody", &token)
        .await
        .assert_error(404, "unknown_customer");
    server.stop().await;
}

#[tokio::test]
async fn the_customer_list_comes_in_pages_that_a_continuation_token_walks_each_customer_once() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let everyone = server.get("/v1/customers", &token).await;
    let total = everyone.json["totalCount"].as_u64().unwrap() as usize;
    assert_eq!(
        everyone.json["matchingCount"].as_u64().unwrap() as usize,
        total
    );
    assert!(
        everyone.json["links"].get("next").is_none(),
        "{total} fit on one page of 50"
    );

    // Pages of 5: the 5th customer ends the first page and the 6th starts the second.
    let mut seen = Vec::new();
    let mut next = Some("/v1/customers?size=5".to_owned());
    while let Some(path) = next {
        let page = server.get(&path, &token).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.json["offset"].as_u64().unwrap() as usize, seen.len());
        assert!(items(&page).len() <= 5);
        seen.extend(
            items(&page)
                .iter()
                .map(|customer| customer["id"].as_str().unwrap().to_owned()),
        );
        assert_eq!(
            page.json["links"]["next"]["method"].as_str().is_some(),
            seen.len() < total
        );
        next = page.json["links"]["next"]["uri"]
            .as_str()
            .map(str::to_owned);
    }
    let all: Vec<String> = items(&everyone)
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, all, "every customer once, in the list's order");

    let second = server.get("/v1/customers?size=5&offset=5", &token).await;
    assert_eq!(items(&second)[0]["id"].as_str().unwrap(), all[5]);
    // The token keeps the search it was made for.
    let searched = server.get("/v1/customers?size=1&search=o", &token).await;
    let uri = searched.json["links"]["next"]["uri"].as_str().unwrap();
    assert!(uri.contains("search=o") && uri.contains("size=1"), "{uri}");

    for (path, code) in [
        ("/v1/customers?size=0", "invalid_request"),
        ("/v1/customers?size=501", "invalid_request"),
        ("/v1/customers?size=ten", "invalid_request"),
        ("/v1/customers?offset=-1", "invalid_request"),
        (
            "/v1/customers?continuationToken=zz",
            "invalid_continuation_token",
        ),
        (
            "/v1/customers?continuationToken=6e6f626f6479",
            "invalid_continuation_token",
        ),
    ] {
        server.get(path, &token).await.assert_error(422, code);
    }
    assert_eq!(
        items(&server.get("/v1/customers?size=500", &token).await).len(),
        total
    );
    server.stop().await;
}

/// Every page of the list at `first`, following `links.next`: each page's offset and items.
async fn pages(server: &Server, token: &str, first: &str) -> Vec<(usize, Vec<Value>)> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next {
        let page = server.get(&path, token).await;
        assert_eq!(page.status, 200, "{path}: {}", page.json);
        let offset = page.json["offset"].as_u64().unwrap() as usize;
        pages.push((offset, items(&page).clone()));
        next = page.json["links"]["next"]["uri"]
            .as_str()
            .map(str::to_owned);
    }
    pages
}

#[tokio::test]
async fn every_list_that_grows_comes_in_pages_that_a_continuation_token_walks_once() {
    let server = Server::start(":memory:").await;
    // The global admin reads every list, the activity log too.
    let token = server.sign_in("gale").await;
    let orders = "/v1/customers/fabrikam/orders";
    for _ in 0..3 {
        let placed = server
            .post(orders, &token, common::one_windows_server())
            .await;
        assert_eq!(placed.status, 201, "{}", placed.json);
    }
    for title in ["A first request", "A second request"] {
        let form = json!({
            "impact": "minimal",
            "title": title,
            "tenantOrDomain": "wingtip.onmicrosoft.com",
            "orderOrSubscriptionId": "ORD-1005",
            "refundReason": "Bought twice by mistake.",
            "amountRequested": "120.50",
            "contactName": "Gale Global",
            "contactEmail": "gale@partner.example",
            "contactPhone": "+36 1 555 0101"
        });
        let filed = server.post("/v1/servicerequests", &token, form).await;
        assert_eq!(filed.status, 201, "{}", filed.text);
    }
    for list in [
        orders,
        "/v1/customers/fabrikam/subscriptions",
        "/v1/customers/wingtip/software",
        "/v1/deadlines?within=90d",
        "/v1/credits",
        "/v1/charges",
        "/v1/auditrecords?startDate=2021-01-01&endDate=2021-12-31",
        "/v1/servicerequests",
    ] {
        let whole = server.get(list, &token).await;
        assert_eq!(whole.status, 200, "{list}");
        let total = whole.json["totalCount"].as_u64().unwrap() as usize;
        assert_eq!(
            items(&whole).len(),
            total.min(50),
            "{list}: a page of 50 by default"
        );
        let separator = if list.contains('?') { '&' } else { '?' };
        // Software, credits: the demo's one item makes one page, and the walk still ends.
        assert!(total >= 1, "{list}");
        let mut walked = Vec::new();
        for (offset, items) in pages(&server, &token, &format!("{list}{separator}size=1")).await {
            assert_eq!(offset, walked.len(), "{list}");
            walked.extend(items);
        }
        assert_eq!(walked.len(), total, "{list}: each item once, in pages of 1");
        assert_eq!(
            &walked[..total.min(50)],
            items(&whole),
            "{list}: in the list's order"
        );
        server
            .get(&format!("{list}{separator}size=501"), &token)
            .await
            .assert_error(422, "invalid_request");
        server
            .get(
                &format!("{list}{separator}continuationToken=6e6f626f6479"),
                &token,
            )
            .await
            .assert_error(422, "invalid_continuation_token");
    }

    // An order placed during a walk lands before or after the walk's place (orders of the same
    // time sort by id); either way the walk meets every order it started with exactly once.
    let first = server.get(&format!("{orders}?size=2"), &token).await;
    let before: Vec<Value> = items(&server.get(orders, &token).await).to_vec();
    assert!(before.len() >= 3, "{}", before.len());
    let placed = server
        .post(orders, &token, common::one_windows_server())
        .await;
    assert_eq!(placed.status, 201);
    let next = first.json["links"]["next"]["uri"].as_str().unwrap();
    assert!(next.contains("size=2"), "{next}");
    let mut walked = items(&first).to_vec();
    for (offset, items) in pages(&server, &token, next).await {
        assert!(offset >= 2, "{offset}");
        walked.extend(items);
    }
    let ids = |orders: &[Value]| -> Vec<String> {
        orders
            .iter()
            .map(|order| order["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut met = ids(&walked);
    met.retain(|id| ids(&before).contains(id));
    assert_eq!(met, ids(&before));
    let all = ids(&walked);
    assert_eq!(
        all.iter().collect::<BTreeSet<_>>().len(),
        all.len(),
        "none twice: {all:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn contosos_global_admin_sees_only_contoso_and_is_refused_fabrikam() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("contoso-admin").await;
    let list = server.get("/v1/customers", &token).await;
    assert_eq!(list.json["totalCount"], 1);
    assert_eq!(items(&list)[0]["id"], "contoso");
    for path in [
        "/v1/customers/fabrikam",
        "/v1/customers/fabrikam/orders",
        "/v1/customers/fabrikam/subscriptions",
        "/v1/customers/fabrikam/software",
        "/v1/customers/fabrikam/credits",
        "/v1/customers/fabrikam/offers",
    ] {
        let refused = server.get(path, &token).await;
        refused.assert_error(403, "not_your_customer");
        assert!(refused.json["description"]
            .as_str()
            .unwrap()
            .contains("fabrikam"));
    }
    assert_eq!(
        server
            .get("/v1/customers/contoso/orders", &token)
            .await
            .status,
        200
    );
    let credits = server.get("/v1/credits", &token).await;
    assert!(items(&credits).iter().all(|c| c["customer"] == "contoso"));
    // Woodgrove's credit is in no chart of Contoso's admin.
    let chart = server.get("/v1/credits/by-month", &token).await;
    assert_eq!(chart.status, 200, "{}", chart.text);
    assert!(items(&chart).is_empty(), "{}", chart.text);
    server.stop().await;
}

#[tokio::test]
async fn a_customers_offers_orders_subscriptions_software_and_credits_are_listed() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let offers = server.get("/v1/customers/contoso/offers", &token).await;
    assert!(items(&offers)
        .iter()
        .any(|o| o["offerId"] == "DG7GMGF0D5RK:0001"));
    let orders = server.get("/v1/customers/contoso/orders", &token).await;
    assert_eq!(orders.json["totalCount"], 3);
    let dates: Vec<_> = items(&orders)
        .iter()
        .map(|o| o["creationDate"].as_str().unwrap().to_owned())
        .collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first, "orders are listed newest first");
    let order = server
        .get("/v1/customers/contoso/orders/ORD-1002", &token)
        .await;
    assert_eq!(order.status, 200);
    assert!(order.header("etag").is_some());
    let subscriptions = server
        .get("/v1/customers/adatum/subscriptions", &token)
        .await;
    assert!(!items(&subscriptions).is_empty());
    let subscription = server
        .get("/v1/customers/adatum/subscriptions/ORD-1012-0", &token)
        .await;
    assert_eq!(subscription.status, 200, "{}", subscription.text);
    assert!(subscription.header("etag").is_some());
    let software = server.get("/v1/customers/wingtip/software", &token).await;
    assert!(items(&software).iter().any(|s| s["item"] == "ORD-1005-0"));
    assert!(
        !software.text.contains("W1NGT1PD3M0K3Y0FF1CE2021LTSC0001"),
        "no key in a listing"
    );
    let credits = server.get("/v1/customers/woodgrove/credits", &token).await;
    assert_eq!(credits.json["totalCount"], 1);
    let all_credits = server.get("/v1/credits", &token).await;
    assert!(!items(&all_credits).is_empty());
    // Billing's chart: Woodgrove's Office, cancelled on 3 Nov 2021, is December's 1,027.26 GBP,
    // the last of twelve months from January.
    let chart = server.get("/v1/credits/by-month", &token).await;
    assert_eq!(chart.status, 200, "{}", chart.text);
    let gbp = &items(&chart)[0];
    assert_eq!(gbp["currency"], "GBP");
    let months = gbp["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["invoiceMonth"], "2021-01");
    assert_eq!(months[0]["total"]["minor"], 0);
    assert_eq!(months[11]["invoiceMonth"], "2021-12");
    assert_eq!(months[11]["total"]["minor"], 102_726);
    let options = server
        .get(
            "/v1/customers/wingtip/cancel-options?product=office-ltsc-professional-plus-2021",
            &token,
        )
        .await;
    assert_eq!(options.status, 200, "{}", options.text);
    assert_eq!(items(&options)[0]["order"], "ORD-1005");
    assert!(items(&options)[0]["daysLeft"].as_i64().unwrap() > 0);
    // What the console may not cancel offers no order: the answer is the reason and the way.
    let esu = server
        .get(
            "/v1/customers/wingtip/cancel-options?product=windows-7-esu-2020",
            &token,
        )
        .await;
    esu.assert_error(409, "cancel_through_support_request");
    assert!(esu.text.contains("support request"), "{}", esu.text);
    server
        .get(
            "/v1/customers/wingtip/cancel-options?product=redhat-enterprise-linux-plan",
            &token,
        )
        .await
        .assert_error(409, "never_cancellable");
    server
        .get("/v1/customers/wingtip/cancel-options", &token)
        .await
        .assert_error(422, "invalid_request");
    server.stop().await;
}

// --- Orders --------------------------------------------------------------------------------

#[tokio::test]
async fn placing_an_order_answers_201_with_the_order_and_lists_it_first() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("gale").await;
    let placed = server
        .post("/v1/customers/adatum/orders", &token, one_windows_server())
        .await;
    assert_eq!(placed.status, 201, "{}", placed.text);
    assert_eq!(placed.json["status"], "completed");
    let id = placed.json["id"].as_str().unwrap();
    assert_eq!(
        placed.header("location").unwrap(),
        format!("/v1/customers/adatum/orders/{id}")
    );
    let orders = server.get("/v1/customers/adatum/orders", &token).await;
    assert_eq!(items(&orders)[0]["id"], id);
    let refused = server
        .post(
            "/v1/customers/adatum/orders",
            &token,
            json!({"lineItems": [{"offerId": "DG7GMGF0D5RK:0001", "quantity": 0, "billingCycle": "annual"}]}),
        )
        .await;
    refused.assert_error(422, "invalid_quantity");
    assert!(
        refused.json["refusal"]["invalidQuantity"].is_object(),
        "{}",
        refused.json
    );
    server.stop().await;
}

#[tokio::test]
async fn a_sales_agent_cancelling_is_refused_with_403_naming_the_admin_agent_role() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("sam").await;
    let order = server
        .patch(
            "/v1/customers/wingtip/orders/ORD-1005",
            &token,
            json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true}),
        )
        .await;
    order.assert_error(403, "missing_role");
    assert!(order.json["description"]
        .as_str()
        .unwrap()
        .contains("Admin agent"));
    let subscription = server
        .patch(
            "/v1/customers/adatum/subscriptions/ORD-1012-0",
            &token,
            json!({"status": "deleted", "acknowledged": true}),
        )
        .await;
    subscription.assert_error(403, "missing_role");
    assert!(subscription.json["description"]
        .as_str()
        .unwrap()
        .contains("Admin agent"));
    let autorenew = server
        .patch(
            "/v1/customers/adatum/subscriptions/ORD-1012-0",
            &token,
            json!({"autoRenewEnabled": false}),
        )
        .await;
    autorenew.assert_error(403, "missing_role");
    let buy = server
        .post("/v1/customers/adatum/orders", &token, one_windows_server())
        .await;
    buy.assert_error(403, "missing_role");
    server.stop().await;
}

#[tokio::test]
async fn a_sales_agent_revealing_a_key_or_copying_a_link_is_refused_403() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("sam").await;
    for what in ["key", "links", "downloads"] {
        let refused = server
            .post(
                &format!("/v1/customers/wingtip/software/ORD-1005-0/{what}"),
                &token,
                office_selection(),
            )
            .await;
        refused.assert_error(403, "missing_role");
        assert!(refused.json["description"]
            .as_str()
            .unwrap()
            .contains("Admin agent"));
    }
    server.stop().await;
}

#[tokio::test]
async fn nico_without_a_role_is_refused_the_activity_log_which_a_global_admin_reads() {
    let server = Server::start(":memory:").await;
    let nico = server.sign_in("nico").await;
    let refused = server
        .get(
            "/v1/auditrecords?startDate=2021-10-01&endDate=2021-11-15",
            &nico,
        )
        .await;
    refused.assert_error(403, "missing_role");
    assert!(refused.json["description"]
        .as_str()
        .unwrap()
        .contains("Global admin"));
    let gale = server.sign_in("gale").await;
    let log = server
        .get(
            "/v1/auditrecords?startDate=2021-10-01&endDate=2021-11-15",
            &gale,
        )
        .await;
    assert_eq!(log.status, 200, "{}", log.text);
    assert!(items(&log).iter().any(|r| r["what"] == "key_viewed"));
    let by_default = server.get("/v1/auditrecords", &gale).await;
    assert_eq!(by_default.status, 200);
    server
        .get("/v1/auditrecords?startDate=yesterday", &gale)
        .await
        .assert_error(422, "invalid_request");
    server
        .get(
            "/v1/auditrecords?startDate=2021-11-15&endDate=2021-10-01",
            &gale,
        )
        .await
        .assert_error(422, "invalid_date_range");
    server.stop().await;
}

#[tokio::test]
async fn the_same_idempotency_key_twice_places_one_order() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let key = [("Idempotency-Key", "order-adatum-1")];
    let path = "/v1/customers/adatum/orders";
    let first = server
        .call(
            Method::POST,
            path,
            Some(&token),
            Some(one_windows_server()),
            &key,
        )
        .await;
    let again = server
        .call(
            Method::POST,
            path,
            Some(&token),
            Some(one_windows_server()),
            &key,
        )
        .await;
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 201);
    assert_eq!(first.json, again.json, "the retry gets the first answer");
    assert_eq!(first.header("etag"), again.header("etag"));
    let orders = server.get("/v1/customers/adatum/orders", &token).await;
    let placed = items(&orders)
        .iter()
        .filter(|o| o["id"] == first.json["id"])
        .count();
    assert_eq!(placed, 1);
    assert_eq!(
        orders.json["totalCount"], 2,
        "the seeded order and one new one"
    );
    let reused = server
        .call(
            Method::POST,
            "/v1/customers/contoso/orders",
            Some(&token),
            Some(one_windows_server()),
            &key,
        )
        .await;
    reused.assert_error(422, "idempotency_key_reused");
    server.stop().await;
}

#[tokio::test]
async fn two_concurrent_cancels_of_one_order_with_the_same_if_match_give_one_success_and_one_412() {
    let server = Server::start(":memory:").await;
    let avery = server.sign_in("avery").await;
    let path = "/v1/customers/wingtip/orders/ORD-1005";
    let etag = server.get(path, &avery).await.header("etag").unwrap();
    let if_match = [("If-Match", etag.as_str())];
    let cancel = || {
        server.call(
            Method::PATCH,
            path,
            Some(&avery),
            Some(json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true})),
            &if_match,
        )
    };
    let (one, other) = tokio::join!(cancel(), cancel());
    let mut statuses = [one.status, other.status];
    statuses.sort();
    assert_eq!(statuses, [200, 412], "{} / {}", one.text, other.text);
    let loser = if one.status == 412 { &one } else { &other };
    loser.assert_error(412, "changed_since_read");
    let winner = if one.status == 200 { &one } else { &other };
    assert_eq!(winner.json["status"], "cancelled");
    assert_ne!(winner.header("etag").unwrap(), etag);
    server.stop().await;
}

#[tokio::test]
async fn the_server_restarted_on_the_same_database_file_still_has_every_acknowledged_order() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("desk.sqlite3");
    let db = db.to_str().unwrap();
    let server = Server::start(db).await;
    let token = server.sign_in("avery").await;
    let mut placed = Vec::new();
    for customer in ["adatum", "contoso", "fabrikam", "adatum"] {
        let answer = server
            .post(
                &format!("/v1/customers/{customer}/orders"),
                &token,
                one_windows_server(),
            )
            .await;
        assert_eq!(answer.status, 201, "{}", answer.text);
        placed.push((customer, answer.json));
    }
    let cancelled = server
        .patch(
            "/v1/customers/wingtip/orders/ORD-1005",
            &token,
            json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true}),
        )
        .await;
    assert_eq!(cancelled.status, 200);
    let later = json!({"now": "2021-11-20T10:00:00Z"});
    assert_eq!(server.post("/v1/clock", &token, later).await.status, 200);
    server.stop().await;

    let restarted = Server::start(db).await;
    // The session was kept too, as a hash.
    for (customer, order) in &placed {
        let found = restarted
            .get(
                &format!(
                    "/v1/customers/{customer}/orders/{}",
                    order["id"].as_str().unwrap()
                ),
                &token,
            )
            .await;
        assert_eq!(found.status, 200, "{}", found.text);
        assert_eq!(&found.json, order);
    }
    let wingtip = restarted
        .get("/v1/customers/wingtip/orders/ORD-1005", &token)
        .await;
    assert_eq!(wingtip.json["status"], "cancelled");
    let clock = restarted.get("/v1/clock", &token).await;
    assert_eq!(clock.json["now"], "2021-11-20T10:00:00Z");
    restarted.stop().await;
}

// --- Bodies that cannot be read ------------------------------------------------------------

#[tokio::test]
async fn malformed_oversized_and_wrong_typed_bodies_are_each_answered_4xx_in_json() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let path = "/v1/customers/adatum/orders";
    server
        .raw(Method::POST, path, &token, "{\"lineItems\": [")
        .await
        .assert_error(400, "bad_request");
    server
        .raw(Method::POST, path, &token, "")
        .await
        .assert_error(400, "bad_request");
    let huge = format!(
        "{{\"lineItems\": [], \"padding\": \"{}\"}}",
        "x".repeat(70 * 1024)
    );
    server
        .raw(Method::POST, path, &token, huge)
        .await
        .assert_error(413, "payload_too_large");
    server
        .raw(
            Method::POST,
            path,
            &token,
            "{\"lineItems\": \"all of them\"}",
        )
        .await
        .assert_error(422, "invalid_body");
    server
        .raw(
            Method::POST,
            path,
            &token,
            "{\"lineItems\": [{\"offerId\": 7, \"quantity\": \"one\", \"billingCycle\": \"annual\"}]}",
        )
        .await
        .assert_error(422, "invalid_body");
    server
        .raw(Method::POST, path, &token, "{\"lineItems\": [{\"offerId\": \"x\", \"quantity\": -1, \"billingCycle\": \"annual\"}]}")
        .await
        .assert_error(422, "invalid_body");
    server
        .raw(
            Method::PATCH,
            "/v1/customers/adatum/subscriptions/ORD-1012-0",
            &token,
            "{\"autoRenewEnabled\": \"no\"}",
        )
        .await
        .assert_error(422, "invalid_body");
    server
        .raw(
            Method::PATCH,
            "/v1/customers/adatum/subscriptions/ORD-1012-0",
            &token,
            "{}",
        )
        .await
        .assert_error(422, "invalid_request");
    server
        .raw(
            Method::POST,
            "/v1/clock",
            &token,
            "{\"now\": \"next tuesday\"}",
        )
        .await
        .assert_error(422, "invalid_body");
    let anonymous = server
        .call(Method::POST, "/v1/session", None, None, &[])
        .await;
    anonymous.assert_error(400, "bad_request");
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_route_under_v1_is_a_json_404_and_a_wrong_method_a_json_405() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    server
        .get("/v1/nothing/here", &token)
        .await
        .assert_error(404, "not_found");
    server
        .get("/elsewhere", &token)
        .await
        .assert_error(404, "not_found");
    server
        .call(Method::DELETE, "/v1/customers", Some(&token), None, &[])
        .await
        .assert_error(405, "method_not_allowed");
    server.stop().await;
}

// --- Subscriptions -------------------------------------------------------------------------

#[tokio::test]
async fn an_admin_agent_changes_autorenew_and_billing_and_cancels_a_subscription_with_if_match() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let path = "/v1/customers/adatum/subscriptions/ORD-1012-0";
    let before = server.get(path, &token).await;
    let etag = before.header("etag").unwrap();
    let off = server
        .call(
            Method::PATCH,
            path,
            Some(&token),
            Some(json!({"autoRenewEnabled": false})),
            &[("If-Match", etag.as_str())],
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.text);
    assert_eq!(off.json["subscription"]["autoRenewEnabled"], false);
    let stale = server
        .call(
            Method::PATCH,
            path,
            Some(&token),
            Some(json!({"autoRenewEnabled": true})),
            &[("If-Match", etag.as_str())],
        )
        .await;
    stale.assert_error(412, "changed_since_read");
    let plans = off.json["plans"].as_array().unwrap().clone();
    let other_plan = plans
        .iter()
        .find(|plan| **plan != off.json["subscription"]["billingCycle"])
        .cloned();
    if let Some(plan) = other_plan {
        let changed = server
            .patch(path, &token, json!({"billingCycle": plan}))
            .await;
        assert_eq!(changed.status, 200, "{}", changed.text);
    }
    let unacknowledged = server
        .patch(path, &token, json!({"status": "deleted"}))
        .await;
    unacknowledged.assert_error(409, "not_acknowledged");
    let cancelled = server
        .patch(
            path,
            &token,
            json!({"status": "deleted", "acknowledged": true}),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let again = server
        .patch(
            path,
            &token,
            json!({"status": "deleted", "acknowledged": true}),
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.text);
    let closed = server
        .patch(
            "/v1/customers/contoso/subscriptions/ORD-1001-0",
            &token,
            json!({"status": "deleted", "acknowledged": true}),
        )
        .await;
    assert_eq!(closed.status, 409, "{}", closed.text);
    server.stop().await;
}

// --- Keys, links, downloads ----------------------------------------------------------------

#[tokio::test]
async fn an_admin_agent_reveals_the_same_key_again_and_downloads_the_file() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let base = "/v1/customers/wingtip/software/ORD-1005-0";
    let key = server
        .post(&format!("{base}/key"), &token, office_selection())
        .await;
    assert_eq!(key.status, 200, "{}", key.text);
    assert_eq!(key.json["key"], "W1NGT1PD3M0K3Y0FF1CE2021LTSC0001");
    let file = server
        .post(&format!("{base}/downloads"), &token, office_selection())
        .await;
    assert_eq!(file.status, 200, "{}", file.text);
    assert!(file.json["fileName"].as_str().unwrap().ends_with(".txt"));
    let wrong_choice = server
        .post(
            &format!("{base}/key"),
            &token,
            json!({"selection": {"version": "1999"}}),
        )
        .await;
    wrong_choice.assert_error(422, "choice_not_offered");
    server.stop().await;
}

#[tokio::test]
async fn a_request_for_a_kms_key_is_refused_with_the_reason_and_nothing_is_logged() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let key = "/v1/customers/wingtip/software/ORD-1005-0/key";
    let asking = |key_type: Value| {
        let mut body = office_selection();
        body["keyType"] = key_type;
        body
    };
    let log_before = server.get("/v1/auditrecords", &token).await.json["totalCount"].clone();
    for kms in ["KMS", "kms", "GVLK"] {
        let refused = server.post(key, &token, asking(json!(kms))).await;
        refused.assert_error(422, "choice_not_offered");
        assert!(
            refused.text.contains("KMS keys are never offered") && refused.text.contains(kms),
            "{}",
            refused.text
        );
        assert!(
            !refused.text.contains("W1NGT1PD3M0K3Y"),
            "no key with a refusal"
        );
    }
    server
        .post(key, &token, asking(Value::Null))
        .await
        .assert_error(422, "invalid_body");
    let after = server.get("/v1/auditrecords", &token).await;
    assert_eq!(
        after.json["totalCount"], log_before,
        "a refused request views no key"
    );
    // Asking for the MAK it gives is asking for what it gives.
    let mak = server.post(key, &token, asking(json!("MAK"))).await;
    assert_eq!(mak.status, 200, "{}", mak.text);
    assert_eq!(mak.json["key"], "W1NGT1PD3M0K3Y0FF1CE2021LTSC0001");
    server.stop().await;
}

#[tokio::test]
async fn a_download_link_works_until_its_purchase_is_cancelled_then_answers_410() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let link = server
        .post(
            "/v1/customers/wingtip/software/ORD-1005-0/links",
            &token,
            office_selection(),
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.text);
    let link_token = link.json["token"].as_str().unwrap().to_owned();
    assert_eq!(link.json["status"], "valid");
    let shown = server
        .call(
            Method::GET,
            &format!("/v1/links/{link_token}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json["downloadsLeft"], 50);
    let download = format!("/v1/links/{link_token}/download");
    let file = server.call(Method::GET, &download, None, None, &[]).await;
    assert_eq!(file.status, 200, "{}", file.text);
    assert!(file
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let disposition = file.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    assert!(file.text.contains("Office"), "{}", file.text);
    let cancelled = server
        .patch(
            "/v1/customers/wingtip/orders/ORD-1005",
            &token,
            json!({"status": "cancelled", "lineItems": [{"lineItemNumber": 0}], "acknowledged": true}),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let gone = server.call(Method::GET, &download, None, None, &[]).await;
    gone.assert_error(410, "revoked");
    let revoked = server
        .call(
            Method::GET,
            &format!("/v1/links/{link_token}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(revoked.json["status"], "revoked");
    server
        .call(
            Method::GET,
            "/v1/links/no-such-link-token-at-all/download",
            None,
            None,
            &[],
        )
        .await
        .assert_error(404, "unknown_link");
    server.stop().await;
}

// --- Support requests ----------------------------------------------------------------------

#[tokio::test]
async fn a_partner_user_files_lists_and_closes_a_support_request() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("hollis").await;
    let form = json!({
        "impact": "minimal",
        "title": "Refund Office for Wingtip",
        "tenantOrDomain": "wingtip.onmicrosoft.com",
        "orderOrSubscriptionId": "ORD-1005",
        "refundReason": "Bought twice by mistake.",
        "amountRequested": "120.50",
        "contactName": "Hollis Helpdesk",
        "contactEmail": "hollis@partner.example",
        "contactPhone": "+36 1 555 0101"
    });
    let filed = server
        .post("/v1/servicerequests", &token, form.clone())
        .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_eq!(filed.json["status"], "open");
    let id = filed.json["id"].as_str().unwrap().to_owned();
    let list = server.get("/v1/servicerequests", &token).await;
    assert_eq!(items(&list)[0]["id"], id.as_str());
    let noted = server
        .patch(
            &format!("/v1/servicerequests/{id}"),
            &token,
            json!({"newNote": {"text": "The invoice is attached."}}),
        )
        .await;
    assert_eq!(noted.status, 200, "{}", noted.text);
    let one = server
        .get(&format!("/v1/servicerequests/{id}"), &token)
        .await;
    assert_eq!(one.status, 200, "{}", one.text);
    assert_eq!(one.json["notes"][0]["text"], "The invoice is attached.");
    assert_eq!(one.json["notes"][0]["addedBy"], "hollis");
    server
        .patch(
            &format!("/v1/servicerequests/{id}"),
            &token,
            json!({"status": "closed", "newNote": {"text": "both"}}),
        )
        .await
        .assert_error(422, "invalid_request");
    let closed = server
        .patch(
            &format!("/v1/servicerequests/{id}"),
            &token,
            json!({"status": "closed"}),
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert_eq!(closed.json["status"], "closed");
    let reopened = server
        .patch(
            &format!("/v1/servicerequests/{id}"),
            &token,
            json!({"status": "open"}),
        )
        .await;
    reopened.assert_error(409, "status_change_not_allowed");
    server
        .patch(
            &format!("/v1/servicerequests/{id}"),
            &token,
            json!({"newNote": {"text": "One more thing"}}),
        )
        .await
        .assert_error(409, "support_request_closed");
    server
        .get("/v1/servicerequests/SR-NOPE", &token)
        .await
        .assert_error(404, "unknown_support_request");
    let mut bad = form;
    bad["contactEmail"] = json!("not an email");
    let invalid = server.post("/v1/servicerequests", &token, bad).await;
    invalid.assert_error(422, "invalid_field");
    let customer = server.sign_in("contoso-admin").await;
    server
        .get("/v1/servicerequests", &customer)
        .await
        .assert_error(403, "missing_role");
    server.stop().await;
}

// --- The clock and the demo ----------------------------------------------------------------

#[tokio::test]
async fn moving_the_clock_forward_renews_or_expires_ended_terms_and_it_never_moves_back() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let clock = server.get("/v1/clock", &token).await;
    assert_eq!(clock.json["now"], "2021-11-15T10:00:00Z");
    let path = "/v1/customers/contoso/subscriptions/ORD-1001-0";
    let before = server.get(path, &token).await;
    let a_year_on = json!({"now": "2022-11-16T00:00:00Z"});
    let moved = server.post("/v1/clock", &token, a_year_on).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(
        server.get("/v1/clock", &token).await.json["now"],
        "2022-11-16T00:00:00Z"
    );
    let after = server.get(path, &token).await;
    assert_ne!(
        before.header("etag"),
        after.header("etag"),
        "the term end was recorded"
    );
    assert_eq!(
        after.json["subscription"]["status"], "expired",
        "{}",
        after.text
    );
    let back = server
        .post("/v1/clock", &token, json!({"now": "2021-11-15T10:00:00Z"}))
        .await;
    back.assert_error(409, "clock_backwards");
    server.stop().await;
}

#[tokio::test]
async fn moving_the_clock_past_a_month_bills_a_monthly_subscription_its_next_month_once() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    // Northwind's RDS CALs, bought 25 Oct 2021 11:00 and billed monthly.
    let path = "/v1/customers/northwind/subscriptions/ORD-1006-1";
    let charges_of = |page: &Value| -> Vec<Value> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|charge| charge["item"] == "ORD-1006-1")
            .cloned()
            .collect()
    };
    let first = charges_of(&server.get("/v1/charges?size=500", &token).await.json);
    assert_eq!(first.len(), 1, "billed its first month at purchase");
    let month = first[0]["amount"]["minor"].as_i64().unwrap();
    let before = server.get(path, &token).await;
    assert_eq!(before.json["subscription"]["billed"]["minor"], month);
    for now in [
        "2021-11-25T10:59:59Z",
        "2021-11-25T11:00:00Z",
        "2021-11-30T00:00:00Z",
    ] {
        let moved = server
            .post("/v1/clock", &token, json!({ "now": now }))
            .await;
        assert_eq!(moved.status, 200, "{}", moved.text);
    }
    let page = server.get("/v1/charges?size=500", &token).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let charges = charges_of(&page.json);
    assert_eq!(charges.len(), 2, "{}", page.text);
    // Newest first: the second month, billed as it opened, on December's invoice.
    assert_eq!(charges[0]["billedAt"], "2021-11-25T11:00:00Z");
    assert_eq!(charges[0]["period"]["opens"], "2021-11-25T11:00:00Z");
    assert_eq!(charges[0]["invoiceMonth"], "2021-12");
    assert_eq!(charges[0]["amount"]["minor"], month);
    let after = server.get(path, &token).await;
    assert_eq!(after.json["subscription"]["billed"]["minor"], 2 * month);
    assert_eq!(
        after.json["subscription"]["billedThrough"],
        "2021-12-25T11:00:00Z"
    );
    // A customer's admin sees only their own charges.
    let casey = server.sign_in("contoso-admin").await;
    let theirs = server.get("/v1/charges", &casey).await;
    assert_eq!(theirs.status, 200, "{}", theirs.text);
    assert!(theirs.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|charge| charge["customer"] == "contoso"));
    server.stop().await;
}

#[tokio::test]
async fn a_demo_reset_brings_back_the_seed_and_its_clock_and_keeps_everyone_signed_in() {
    let server = Server::start(":memory:").await;
    let token = server.sign_in("avery").await;
    let placed = server
        .post("/v1/customers/adatum/orders", &token, one_windows_server())
        .await;
    assert_eq!(placed.status, 201);
    server
        .post("/v1/clock", &token, json!({"now": "2021-12-01T00:00:00Z"}))
        .await;
    let reset = server.post("/v1/demo/reset", &token, json!({})).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(reset.json["now"], "2021-11-15T10:00:00Z");
    let orders = server.get("/v1/customers/adatum/orders", &token).await;
    assert_eq!(orders.json["totalCount"], 1, "only the seeded order");
    let customer = server.sign_in("contoso-admin").await;
    server
        .post("/v1/demo/reset", &customer, json!({}))
        .await
        .assert_error(403, "missing_role");
    server.stop().await;
}

// --- The document and the app --------------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_names_exactly_the_routes_the_router_serves() {
    let server = Server::start(":memory:").await;
    let document = server
        .call(Method::GET, "/v1/openapi.json", None, None, &[])
        .await;
    assert_eq!(document.status, 200);
    assert!(document.json["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, operations) in document.json["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let served: BTreeSet<_> = csp_server::served_routes().into_iter().collect();
    assert_eq!(documented, served);

    // And each documented operation reaches a handler, not the "no such route" answer. A
    // fresh session each time, since one of them signs out.
    for (method, path) in &documented {
        let token = server.sign_in("avery").await;
        let concrete: String = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "x"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let body = matches!(method.as_str(), "POST" | "PATCH").then(|| json!({}));
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let answer = server
            .call(method.clone(), &concrete, Some(&token), body, &[])
            .await;
        assert!(
            answer.json["code"] != "not_found" && answer.json["code"] != "method_not_allowed",
            "{method} {path} is documented but not routed: {}",
            answer.text
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn the_built_app_is_served_beside_the_api_with_deep_links_falling_back_to_index_html() {
    let app = tempfile::tempdir().unwrap();
    std::fs::write(app.path().join("index.html"), "<html>csp-desk</html>").unwrap();
    std::fs::write(app.path().join("csp-desk_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let server = Server::start_with(":memory:", Some(app.path().to_path_buf())).await;
    let root = server.call(Method::GET, "/", None, None, &[]).await;
    assert_eq!(root.status, 200);
    assert!(root.text.contains("csp-desk"));
    let deep = server
        .call(Method::GET, "/customers/contoso/software", None, None, &[])
        .await;
    assert_eq!(deep.status, 200);
    assert!(deep.text.contains("csp-desk"));
    let wasm = server
        .call(Method::GET, "/csp-desk_bg.wasm", None, None, &[])
        .await;
    assert_eq!(wasm.header("content-type").unwrap(), "application/wasm");
    let api = server
        .call(Method::GET, "/v1/no-such-thing", None, None, &[])
        .await;
    api.assert_error(404, "not_found");
    let users = server
        .call(Method::GET, "/v1/session/users", None, None, &[])
        .await;
    assert_eq!(users.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn a_page_served_from_another_origin_may_call_the_api_with_its_bearer_token() {
    let server = Server::start(":memory:").await;
    let preflight = server
        .call(
            Method::OPTIONS,
            "/v1/customers",
            None,
            None,
            &[
                ("Origin", "http://127.0.0.1:4173"),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "authorization"),
            ],
        )
        .await;
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default();
    assert!(allowed.contains("authorization"), "{allowed}");
}
