//! Selling in a real browser: the review step's totals and the cancel dialog's window.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, count, enter, find, fresh_browser_at, labelled, text, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The amount in "$1,234.56 (excl. tax)", as the browser's English locale writes it.
fn amount(text: &str) -> f64 {
    let money = text.split(" (").next().unwrap_or_default();
    let digits: String = money
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no amount in {text}"))
}

/// A day as the app writes it in this browser's locale.
fn day(year: i32, month: u32, day: u32) -> String {
    let at = chrono::NaiveDate::from_ymd_opt(year, month, day)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc();
    csp_desk::i18n::format::date(at)
}

#[wasm_bindgen_test]
async fn the_review_step_bills_a_third_now_for_a_three_year_term_paid_annually() {
    let root = fresh_browser_at("/customers/contoso/add-products").await;
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    let product = "Windows Server 2022 Standard - 16 Core License Pack";
    let add = format!("Add {product}, 3 years to order");
    until("the catalog loads", || {
        find(&root, &format!("[aria-label=\"{add}\"]")).is_some()
    })
    .await;

    let quantity: HtmlElement = labelled(&root, &format!("Quantity of {product}, 3 years"));
    enter(&quantity, "3", "input");
    let plan: HtmlElement = labelled(&root, &format!("Billing plan of {product}, 3 years"));
    enter(&plan, "annual", "change");
    labelled::<HtmlElement>(&root, &add).click();
    until("the item is in the order", || {
        text(&root).contains(&format!("3 × {product}, 3 years, Annual"))
    })
    .await;

    button(&root, "Review").expect("a Review button").click();
    until("the review shows", || {
        count(&root, "table.review tbody tr") == 1
    })
    .await;
    let billed_now = amount(&text(&find(&root, "[data-total=billed-now]").unwrap()));
    let total = amount(&text(&find(&root, "[data-total=order-total]").unwrap()));
    assert!(total > 0.0);
    assert!(
        (billed_now * 3.0 - total).abs() < 0.02,
        "billed now {billed_now} is a third of {total}"
    );
    let row = text(&find(&root, "table.review tbody tr").unwrap());
    assert!(row.contains("excl. tax"), "{row}");

    // Triennial bills the whole term at once.
    let reviewed_plan: HtmlElement = find(&root, "table.review tbody select")
        .unwrap()
        .unchecked_into();
    enter(&reviewed_plan, "triennial", "change");
    until("billed now is the whole term", || {
        let now = amount(&text(&find(&root, "[data-total=billed-now]").unwrap()));
        (now - total).abs() < 0.01
    })
    .await;
}

/// Opens the subscription at `path` and its cancel dialog; answers the mounted app's root and
/// the dialog (keep the root: dropping the mount handle unmounts the app).
async fn cancel_dialog_at(
    path: &str,
) -> (
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
    web_sys::Element,
) {
    let root = fresh_browser_at(path).await;
    let mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the subscription loads", || {
        button(&root, "Cancel subscription").is_some()
    })
    .await;
    button(&root, "Cancel subscription").unwrap().click();
    until("the dialog opens", || find(&root, "dialog[open]").is_some()).await;
    (mounted, find(&root, "dialog[open]").unwrap())
}

#[wasm_bindgen_test]
async fn the_cancel_dialog_states_until_when_the_window_is_open_and_asks_for_yes() {
    let (_mounted, dialog) = cancel_dialog_at("/customers/adatum/subscriptions/ORD-1012-0").await;
    let said = text(&dialog);
    let open_until = format!("You can cancel until {}", day(2021, 11, 19));
    assert!(said.contains(&open_until), "{said}");
    assert!(said.contains("Prorated refund:"), "{said}");
    let submit = button(&dialog, "Submit").expect("a Submit button");
    assert!(submit.has_attribute("disabled"), "Submit waits for Yes");
    let yes: HtmlElement = find(&dialog, "input[type=radio]").unwrap().unchecked_into();
    yes.click();
    until("Yes enables Submit", || !submit.has_attribute("disabled")).await;
}

#[wasm_bindgen_test]
async fn the_cancel_dialog_says_when_the_window_closed_for_a_subscription_past_seven_days() {
    let (_mounted, dialog) = cancel_dialog_at("/customers/fabrikam/subscriptions/ORD-1004-0").await;
    let said = text(&dialog);
    let closed = format!("The cancellation window closed on {}", day(2021, 10, 21));
    assert!(said.contains(&closed), "{said}");
    assert!(
        button(&dialog, "Submit").is_none(),
        "nothing to submit once the window closed"
    );
    assert!(said.contains("Report a problem"), "{said}");
}
