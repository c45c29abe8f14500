//! What every browser suite needs: a clean browser at a URL, the app mounted, and ways to wait
//! for and act on what a person sees.
#![allow(dead_code)] // each suite uses its own part

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

pub fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().expect("local storage")
}

/// A clean browser at `path`, with the demo data in its event log, and a fresh element to
/// mount the app into.
pub async fn fresh_browser_at(path: &str) -> HtmlElement {
    storage().clear().unwrap();
    // The browser build fetches even English from `locales/en.json`, which this test server
    // lacks: the suites read it from the repository.
    if !csp_desk::i18n::is_loaded(csp_domain::Language::English) {
        csp_desk::i18n::keep_catalog(
            csp_domain::Language::English,
            include_str!("../../locales/en.json"),
        )
        .expect("locales/en.json is this version's English catalog");
    }
    // Seed the demo as the app would from its fetched asset, which this test server lacks;
    // the log of the test before is replaced.
    csp_desk::storage::RecordLog::replace(&csp_desk::storage::BrowserLog, Vec::new())
        .await
        .expect("IndexedDB takes the log");
    let demo = async { Ok(csp_domain::seed::demo_events()) };
    csp_desk::backend::LocalBackend::open(
        &csp_desk::storage::BrowserStorage,
        std::sync::Arc::new(csp_desk::storage::BrowserLog),
        csp_desk::backend::BrowserRandomness,
        demo,
    )
    .await
    .expect("the demo opens");
    if let Ok(Some(session)) = window().session_storage() {
        session.clear().unwrap();
    }
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    let document = window().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root.unchecked_into()
}

/// Waits `ms` milliseconds of real time (requests, such as the start-up probe, need it).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Lets Leptos render and requests answer until `done` holds, for up to 10 seconds; fails
/// with `what` if it never does.
pub async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        leptos::task::tick().await;
        sleep(10).await;
    }
    panic!("never happened: {what}");
}

pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

pub fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

/// Every element matching `selector` whose text, trimmed, is `name`.
fn named(root: &Element, selector: &str, name: &str) -> Option<HtmlElement> {
    let all = root.query_selector_all(selector).unwrap();
    (0..all.length())
        .filter_map(|index| all.get(index))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|element| text(element).trim() == name)
}

/// The button (or tab) a person would call `name`, by its text or its aria-label.
pub fn button(root: &Element, name: &str) -> Option<HtmlElement> {
    named(root, "button, [role=tab]", name).or_else(|| {
        find(root, &format!("button[aria-label=\"{name}\"]"))
            .map(|element| element.unchecked_into())
    })
}

/// The control labelled `label` by its aria-label.
pub fn labelled<T: JsCast>(root: &Element, label: &str) -> T {
    find(root, &format!("[aria-label=\"{label}\"]"))
        .unwrap_or_else(|| panic!("nothing labelled {label}"))
        .unchecked_into()
}

/// Sets a field's value and tells the page, as typing or choosing would.
pub fn enter(field: &HtmlElement, value: &str, event: &str) {
    if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = field.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    field
        .dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap())
        .unwrap();
}
