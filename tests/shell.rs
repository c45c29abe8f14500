//! The shell in a real browser: layouts, customer search, and the event log in IndexedDB.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{button, count, find, fresh_browser_at, storage, until, window};
use csp_desk::backend::EVENTS_KEY;
use csp_desk::storage::{BrowserLog, RecordLog};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

fn tab(root: &web_sys::Element, name: &str) -> HtmlElement {
    button(root, name).unwrap_or_else(|| panic!("no tab named {name}"))
}

wasm_bindgen_test_configure!(run_in_browser);

/// The rows a list shows: the customer list keeps a row for each place on its page and hides
/// the places beyond its end, whose link is empty.
const ROWS: &str = "tbody tr:not(:has(a[href=\"\"]))";

#[wasm_bindgen_test]
async fn choosing_current_view_replaces_the_tiles_with_the_menu_and_is_remembered() {
    let root = fresh_browser_at("/").await;
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the tiles show", || {
        find(&root, "nav[aria-label=Workspaces]").is_some()
    })
    .await;
    // Customers, Closing soon, Billing, Activity log, Support, Settings.
    assert_eq!(count(&root, ".tiles a"), 6);
    assert!(find(&root, "nav[aria-label='Main menu']").is_none());
    assert_eq!(
        tab(&root, "Workspaces view")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );

    tab(&root, "Current view").click();
    until("the menu shows", || {
        find(&root, "nav[aria-label='Main menu']").is_some()
    })
    .await;
    assert!(
        find(&root, "nav[aria-label=Workspaces]").is_none(),
        "the tiles are gone"
    );
    assert_eq!(count(&root, "nav[aria-label='Main menu'] a"), 6);
    assert_eq!(
        tab(&root, "Current view")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    let saved = storage()
        .get_item("csp-desk.preferences.v1")
        .unwrap()
        .unwrap_or_default();
    assert!(
        saved.contains("\"current\""),
        "the choice is saved: {saved}"
    );
}

#[wasm_bindgen_test]
async fn typing_in_the_search_narrows_the_customer_list() {
    let root = fresh_browser_at("/customers").await;
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the customers load", || count(&root, ROWS) >= 12).await;
    let everyone = count(&root, ROWS);

    let search: web_sys::HtmlInputElement =
        find(&root, "#customer-search").unwrap().unchecked_into();
    search.set_value("wingtip");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    search
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();

    until("the list narrows", || count(&root, ROWS) == 1).await;
    assert!(root
        .text_content()
        .unwrap()
        .contains(&format!("Showing 1 of {everyone} customers")));
    assert!(find(&root, ROWS)
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Wingtip Toys"));
    // The URL follows once typing pauses.
    until("the search is in the URL", || {
        window().location().search().unwrap() == "?q=wingtip"
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_damaged_event_log_is_reported_and_kept_aside() {
    let root = fresh_browser_at("/customers").await;
    BrowserLog
        .append("{\"version\":2,\"events\":[{oops".to_owned())
        .await
        .unwrap();
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the warning shows", || {
        find(&root, "[role=alert]").is_some()
    })
    .await;
    let warning = find(&root, "[role=alert]").unwrap().text_content().unwrap();
    assert!(
        warning.contains("csp-desk.events.v2.unreadable."),
        "{warning}"
    );
    until("the demo customers load", || count(&root, ROWS) >= 12).await;
    let records = BrowserLog.read().await.unwrap();
    assert_eq!(records.len(), 1, "the demo, kept anew: {records:?}");
}

/// A browser that used version 1 kept the whole log in `localStorage`; it opens in IndexedDB
/// with nothing lost, and the old key is freed.
#[wasm_bindgen_test]
async fn a_log_saved_by_version_1_is_carried_into_indexeddb() {
    let root = fresh_browser_at("/customers?q=kept").await;
    BrowserLog.replace(Vec::new()).await.unwrap();
    storage()
        .set_item(
            EVENTS_KEY,
            include_str!("../end2end/fixtures/store-v1.json"),
        )
        .unwrap();
    let _mounted = leptos::mount::mount_to(root.clone(), csp_desk::App);
    until("the customer imported in version 1 shows", || {
        find(&root, ROWS)
            .and_then(|row| row.text_content())
            .is_some_and(|row| row.contains("Kept From Version One"))
    })
    .await;
    assert_eq!(storage().get_item(EVENTS_KEY).unwrap(), None);
    assert_eq!(BrowserLog.read().await.unwrap().len(), 1);
}
