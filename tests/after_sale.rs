//! The key dialog and the cancel dialog of the Software tab, in a real browser.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, fresh_browser_at, text, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn all(root: &Element, selector: &str) -> Vec<HtmlElement> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|index| nodes.get(index))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .collect()
}

fn open_dialog(root: &Element) -> Option<Element> {
    root.query_selector("dialog[open]").unwrap()
}

fn submit_button(dialog: &Element) -> HtmlButtonElement {
    button(dialog, "Submit")
        .expect("a Submit button")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn get_key_shows_the_32_character_product_key_in_a_dialog_with_a_copy_button() {
    let root = fresh_browser_at("/customers/wingtip/software").await;
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the software loads", || {
        button(&root, "Get keys and downloads").is_some()
    })
    .await;
    button(&root, "Get keys and downloads").unwrap().click();
    until("Get key is offered", || button(&root, "Get key").is_some()).await;
    assert!(button(&root, "Download").is_some());
    assert!(button(&root, "Copy link").is_some());

    button(&root, "Get key").unwrap().click();
    until("the key shows", || {
        open_dialog(&root).is_some_and(|dialog| {
            dialog
                .query_selector(".product-key code")
                .unwrap()
                .is_some()
        })
    })
    .await;
    let dialog = open_dialog(&root).unwrap();
    let key = text(&dialog.query_selector(".product-key code").unwrap().unwrap());
    assert_eq!(key.len(), 32, "a MAK has 32 characters: {key}");
    assert!(key.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert!(text(&dialog.query_selector("h2").unwrap().unwrap()).contains("Product key"));
    assert!(button(&dialog, "Copy key").is_some());
}

#[wasm_bindgen_test]
async fn the_cancel_dialog_shows_the_days_left_and_submits_only_after_the_acknowledgment() {
    let root = fresh_browser_at("/customers/wingtip/software").await;
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the software loads", || button(&root, "Cancel").is_some()).await;
    button(&root, "Cancel").unwrap().click();
    until("the dialog lists the orders", || {
        open_dialog(&root).is_some_and(|dialog| text(&dialog).contains("days left"))
    })
    .await;
    let dialog = open_dialog(&root).unwrap();
    let order: web_sys::HtmlSelectElement = dialog
        .query_selector("select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(order.value(), "ORD-1005");
    assert!(text(&dialog).contains("4 days left to cancel this order"));
    assert!(text(&dialog).contains("revokes every product key and download link"));

    let submit = submit_button(&dialog);
    assert!(submit.disabled(), "Submit waits for the acknowledgment");
    let acknowledge: HtmlElement = dialog
        .query_selector("input[type=checkbox]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    acknowledge.click();
    until("Submit is enabled", || !submit.disabled()).await;

    submit.click();
    until("the confirmation shows", || {
        text(&root).contains("on order ORD-1005 is cancelled")
    })
    .await;
    until("the item is pending", || {
        text(&root).contains("Cancellation pending")
    })
    .await;
    assert!(
        button(&root, "Cancel").is_none(),
        "a cancelled purchase offers no Cancel"
    );
}

#[wasm_bindgen_test]
async fn past_its_30_days_there_is_no_cancel_but_the_window_and_a_link_to_report_a_problem() {
    let root = fresh_browser_at("/customers/contoso/software").await;
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    let datacenter = || {
        all(&root, "section.software-item")
            .into_iter()
            .find(|item| text(item).contains("Datacenter"))
    };
    until("the software loads", || datacenter().is_some()).await;
    let item = datacenter().unwrap();
    assert!(
        button(&item, "Cancel").is_none(),
        "no Cancel whose Submit can only stay grey"
    );
    assert!(text(&item).contains("The 30-day window of this order has passed"));
    let link = all(&item, "a")
        .into_iter()
        .find(|link| text(link) == "Report a problem")
        .expect("a link to Report a problem");
    assert!(link
        .get_attribute("href")
        .unwrap_or_default()
        .starts_with("/support/report-a-problem?"));
}
